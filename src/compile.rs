//! Validation and compilation: a scheme becomes a [`Plan`] that evaluation walks
//! without re-parsing or re-validating. Every problem is collected, none stops the others.

use crate::dates::Date;
use crate::error::{escape_pointer, ErrorCode, JixiaoError, Severity};
use crate::formula::{parse_formula, Formula};
use crate::i18n::{Locale, Text};
use crate::numbers::checked_add;
use crate::scheme::{
    decode_scheme_with_layout, Condition, Direction, Grades, Literal, Missing, Of, On, OnZero, Op, RankMethod,
    RaterMissing, Reverse, Rounding, Scheme, Scoring, ValueSource, WeightOverride, Weighting,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

mod incentives;
mod measures;
pub(crate) use incentives::{IncentivePlan, PoolWeighting};
pub(crate) use measures::{op_name, MeasurePlan};

/// A reference to a field path in [`FieldTable::paths`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldRef(pub usize);

/// A field name as the user wrote it, resolved to row columns.
#[derive(Clone, Debug)]
pub(crate) struct FieldPath {
    /// The name as written (`负责人.name`).
    pub name: String,
    /// The column holding the whole name.
    pub exact: usize,
    /// For a dotted name: the column of the first segment and the rest of the path.
    pub nested: Option<(usize, Vec<String>)>,
}

/// The columns a plan reads, so row decoding keeps only those.
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldTable {
    /// Top-level column names read from rows.
    pub columns: Vec<String>,
    /// Column name → index in `columns`.
    pub index: HashMap<String, usize>,
    /// Field paths.
    pub paths: Vec<FieldPath>,
    by_name: HashMap<String, usize>,
}

impl FieldTable {
    fn column(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        let i = self.columns.len();
        self.columns.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    /// Registers a field name, returning its reference.
    pub fn field(&mut self, name: &str) -> FieldRef {
        if let Some(i) = self.by_name.get(name) {
            return FieldRef(*i);
        }
        let exact = self.column(name);
        let nested = match name.split_once('.') {
            Some((head, rest)) if !head.is_empty() && !rest.is_empty() => {
                let col = self.column(head);
                Some((col, rest.split('.').map(str::to_string).collect()))
            }
            _ => None,
        };
        let i = self.paths.len();
        self.paths.push(FieldPath {
            name: name.to_string(),
            exact,
            nested,
        });
        self.by_name.insert(name.to_string(), i);
        FieldRef(i)
    }

    /// The name of a field reference.
    pub fn name(&self, f: FieldRef) -> &str {
        self.paths.get(f.0).map(|p| p.name.as_str()).unwrap_or("")
    }
}

/// What a name in a formula reads: a column, or a figure of an indicator
/// (`revenue` its score, `revenue.actual`, `.target`, `.achievement`, `.weighted`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum NameRef {
    Field(FieldRef),
    Indicator(usize, Of),
}

/// A parsed formula with its names resolved once, at compile time.
#[derive(Clone, Debug)]
pub(crate) struct FormulaPlan {
    pub formula: Formula,
    /// (name as written, what it reads), for every name of the formula.
    pub refs: Vec<(String, NameRef)>,
}

impl FormulaPlan {
    /// What `name` reads.
    pub fn lookup(&self, name: &str) -> Option<NameRef> {
        self.refs.iter().find(|(n, _)| n == name).map(|(_, r)| *r)
    }
}

/// A compiled value source.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Field(FieldRef),
    Fixed(Decimal),
    Formula(Box<FormulaPlan>),
    /// (rater key, column, weight)
    Raters(Vec<(String, FieldRef, Decimal)>),
}

/// A compiled scoring rule; bands sorted by `min` descending, points ascending.
#[derive(Clone, Debug)]
pub(crate) enum Rule {
    Linear {
        floor: Option<Decimal>,
        cap: Option<Decimal>,
        full: Decimal,
    },
    Bands {
        on: On,
        bands: Vec<(Decimal, Decimal, Option<String>)>,
        otherwise: Decimal,
    },
    Piecewise {
        on: On,
        points: Vec<(Decimal, Decimal)>,
    },
    Direct {
        max: Option<Decimal>,
        full: Decimal,
    },
    Deduct {
        per: Decimal,
        min: Decimal,
        full: Decimal,
    },
    PassFail {
        pass: Cond,
        full: Decimal,
    },
}

impl Rule {
    /// Whether the rule reads an achievement rate (and so needs a target).
    pub fn uses_achievement(&self) -> bool {
        match self {
            Rule::Linear { .. } => true,
            Rule::Bands { on, .. } | Rule::Piecewise { on, .. } => *on == On::Achievement,
            _ => false,
        }
    }
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub(crate) enum Cond {
    Field(FieldRef, Op, Literal),
    Indicator(usize, Of, Op, Literal),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A formula: true when its value is TRUE or a non-zero number.
    Formula(Box<FormulaPlan>),
}

/// A compiled indicator.
#[derive(Clone, Debug)]
pub(crate) struct IndicatorPlan {
    pub key: String,
    pub name: String,
    pub category: Option<usize>,
    pub direction: Direction,
    pub reverse: Reverse,
    pub actual: Option<Source>,
    pub target: Option<Source>,
    pub rule: Rule,
    pub missing: Missing,
    pub on_zero: OnZero,
    pub rater_missing: RaterMissing,
    pub unit: Option<String>,
}

/// A compiled adjustment.
#[derive(Clone, Debug)]
pub(crate) struct AdjustmentPlan {
    pub key: String,
    pub name: String,
    pub per: Decimal,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub value: Source,
}

/// A compiled veto.
#[derive(Clone, Debug)]
pub(crate) struct VetoPlan {
    pub key: String,
    pub name: String,
    pub when: Cond,
    pub score: Decimal,
    pub grade: Option<String>,
    pub reason: Option<String>,
}

/// What a ranking key reads.
#[derive(Clone, Debug)]
pub(crate) enum RankKey {
    Total,
    Indicator(usize),
    Field(FieldRef),
}

/// A ranking key with its order (`descending` = higher first).
#[derive(Clone, Debug)]
pub(crate) struct RankKeyPlan {
    pub key: RankKey,
    pub descending: bool,
}

/// Compiled ranking.
#[derive(Clone, Debug)]
pub(crate) struct RankingPlan {
    pub by: RankKeyPlan,
    pub method: RankMethod,
    pub tie_breakers: Vec<RankKeyPlan>,
    pub group_by: Option<FieldRef>,
}

/// Effective weights (percent of the total) of each indicator, plus each category's
/// weight, for one role × version combination.
#[derive(Clone, Debug)]
pub(crate) struct WeightSet {
    /// Indicator weight as written (global: of the total; nested: inside its category).
    pub indicator: Vec<Decimal>,
    /// Category weight (nested: as written; global: sum of its indicators).
    pub category: Vec<Decimal>,
}

/// A compiled scheme.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub locale: Locale,
    pub rounding: Rounding,
    pub weighting: Weighting,
    pub fields: FieldTable,
    pub id: Option<FieldRef>,
    pub name: Option<FieldRef>,
    pub group: Option<FieldRef>,
    pub role: Option<FieldRef>,
    pub categories: Vec<(String, String)>,
    pub indicators: Vec<IndicatorPlan>,
    /// Evaluation order (indicators referenced by conditions first).
    pub order: Vec<usize>,
    pub adjustments: Vec<AdjustmentPlan>,
    pub vetoes: Vec<VetoPlan>,
    pub total_min: Decimal,
    pub total_max: Option<Decimal>,
    /// (grade, min), min descending.
    pub grades: Vec<(String, Decimal)>,
    pub ranking: RankingPlan,
    /// Weight sets keyed by (role, version index).
    pub weights: HashMap<(Option<String>, Option<usize>), WeightSet>,
    /// (first day, version index), ascending.
    pub versions: Vec<(Date, usize)>,
    /// Commission, bonus, pools and awards.
    pub incentives: IncentivePlan,
    /// Whether any formula reads an indicator (rows then keep the indicators' figures).
    pub formulas_read_indicators: bool,
    /// Aggregates over raw tables, each filling a column of every person's row.
    pub measures: Vec<MeasurePlan>,
    /// Minutes east of UTC for epoch-millisecond and UTC dates in raw tables.
    pub utc_offset: i32,
    /// Warnings found while compiling (reported by validation).
    pub warnings: Vec<JixiaoError>,
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

fn issue(code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) -> JixiaoError {
    JixiaoError::new(code, path, Text::new(cn, tw, en))
}

fn warn(code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) -> JixiaoError {
    JixiaoError::warning(code, path, Text::new(cn, tw, en))
}

struct Compiler<'s> {
    scheme: &'s Scheme,
    issues: Vec<JixiaoError>,
    fields: FieldTable,
    indicator_index: HashMap<&'s str, usize>,
    category_index: HashMap<&'s str, usize>,
    /// indicator → indicators its conditions reference
    deps: Vec<Vec<usize>>,
    /// Document positions of decoded list elements, and which elements failed to decode.
    layout: &'s crate::scheme::Layout,
    /// Set while re-checking a combination whose own problems were already reported.
    quiet: bool,
    /// Whether a formula read an indicator.
    formulas_read_indicators: bool,
    /// Aggregates over raw tables, named and inline.
    measures: Vec<MeasurePlan>,
}

/// Validates a scheme: every problem at once (errors and warnings), library indicators
/// expanded first.
pub(crate) fn validate(value: &serde_json::Value) -> Vec<JixiaoError> {
    match compile(value) {
        Ok(plan) => plan.warnings,
        Err(issues) => issues,
    }
}

/// Compiles a scheme after expanding its library indicators; library problems come first.
/// A scheme without library indicators is compiled as it is (no copy).
pub(crate) fn compile(scheme: &serde_json::Value) -> Result<Plan, Vec<JixiaoError>> {
    if !crate::library::uses_library(scheme) {
        return compile_document(scheme);
    }
    let mut expanded = scheme.clone();
    let mut issues = crate::library::expand_library(&mut expanded);
    // an indicator whose library key is unknown cannot be filled in: what the decoder
    // then says about that indicator as a whole (a missing scoring …) adds nothing
    let broken: Vec<String> = issues
        .iter()
        .filter(|i| i.code == ErrorCode::UnknownKey && i.path.ends_with("/library"))
        .map(|i| i.path.trim_end_matches("/library").to_string())
        .collect();
    let rest = match compile_document(&expanded) {
        Ok(mut plan) if !issues.iter().any(|i| i.severity == Severity::Error) => {
            issues.append(&mut plan.warnings);
            plan.warnings = issues;
            return Ok(plan);
        }
        Ok(plan) => plan.warnings,
        Err(list) => list,
    };
    issues.extend(rest.into_iter().filter(|i| !broken.contains(&i.path)));
    Err(issues)
}

/// Compiles a scheme document whose library indicators are expanded; on any error returns
/// every issue (errors and warnings).
fn compile_document(value: &serde_json::Value) -> Result<Plan, Vec<JixiaoError>> {
    let (scheme, decode_issues, layout) = decode_scheme_with_layout(value);
    let mut c = Compiler {
        scheme: &scheme,
        issues: decode_issues,
        fields: FieldTable::default(),
        indicator_index: HashMap::new(),
        category_index: HashMap::new(),
        deps: vec![Vec::new(); scheme.indicators.len()],
        layout: &layout,
        quiet: false,
        formulas_read_indicators: false,
        measures: Vec::new(),
    };
    let plan = c.plan();
    let issues = c.issues;
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(issues);
    }
    match plan {
        Some(mut p) => {
            p.warnings = issues;
            Ok(p)
        }
        None => Err(issues),
    }
}

impl<'s> Compiler<'s> {
    fn error(&mut self, code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) {
        if self.quiet {
            return;
        }
        self.issues.push(issue(code, path, cn, tw, en));
    }

    fn warning(&mut self, code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) {
        self.issues.push(warn(code, path, cn, tw, en));
    }

    fn plan(&mut self) -> Option<Plan> {
        let s = self.scheme;
        let locale = match s.locale.as_deref() {
            None => Locale::ZhCn,
            Some(tag) => Locale::parse(tag).unwrap_or_else(|| {
                self.warning(
                    ErrorCode::InvalidSetting,
                    "/locale",
                    format!("不支持的语言 “{tag}”，改用 zh-CN"),
                    format!("不支援的語言「{tag}」，改用 zh-CN"),
                    format!("unsupported locale \"{tag}\"; using zh-CN"),
                );
                Locale::ZhCn
            }),
        };
        for (name, places) in [
            ("score", s.rounding.score),
            ("money", s.rounding.money),
            ("rate", s.rounding.rate),
        ] {
            if places > 12 {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("/rounding/{name}"),
                    format!("小数位数 {places} 超出范围（0–12）"),
                    format!("小數位數 {places} 超出範圍（0–12）"),
                    format!("{places} decimal places is out of range (0–12)"),
                );
            }
        }
        let id = s.fields.id.as_deref().map(|f| self.fields.field(f));
        let name = s.fields.name.as_deref().map(|f| self.fields.field(f));
        let group = s.fields.group.as_deref().map(|f| self.fields.field(f));
        let role = s.fields.role.as_deref().map(|f| self.fields.field(f));
        self.named_measures();
        let utc_offset = match s.utc_offset.as_deref() {
            None => 480,
            Some(text) => crate::dates::parse_utc_offset(text).unwrap_or_else(|| {
                self.error(
                    ErrorCode::InvalidSetting,
                    "/utcOffset",
                    format!("无法识别的时区偏移 “{text}”（如 +08:00）"),
                    format!("無法識別的時區偏移「{text}」（如 +08:00）"),
                    format!("cannot read the UTC offset \"{text}\" (e.g. +08:00)"),
                );
                480
            }),
        };

        // keys
        for (i, cat) in s.categories.iter().enumerate() {
            let i = self.layout.categories.position(i);
            self.check_key(&cat.key, &format!("/categories/{i}/key"));
            if self.category_index.insert(cat.key.as_str(), i).is_some() {
                self.duplicate(&cat.key, &format!("/categories/{i}/key"));
            }
        }
        for (i, ind) in s.indicators.iter().enumerate() {
            let i = self.layout.indicators.position(i);
            self.check_key(&ind.key, &format!("/indicators/{i}/key"));
            if self.indicator_index.insert(ind.key.as_str(), i).is_some() {
                self.duplicate(&ind.key, &format!("/indicators/{i}/key"));
            }
        }
        if s.indicators.is_empty() && !self.layout.indicators.broken {
            self.error(
                ErrorCode::MissingSetting,
                "/indicators",
                "考核方案至少需要一个指标".into(),
                "考核方案至少需要一個指標".into(),
                "a scheme needs at least one indicator".into(),
            );
        }
        let mut seen = HashMap::new();
        for (i, a) in s.adjustments.iter().enumerate() {
            let i = self.layout.adjustments.position(i);
            self.check_key(&a.key, &format!("/adjustments/{i}/key"));
            if seen.insert(a.key.as_str(), i).is_some() {
                self.duplicate(&a.key, &format!("/adjustments/{i}/key"));
            }
        }
        seen.clear();
        for (i, v) in s.vetoes.iter().enumerate() {
            let i = self.layout.vetoes.position(i);
            self.check_key(&v.key, &format!("/vetoes/{i}/key"));
            if seen.insert(v.key.as_str(), i).is_some() {
                self.duplicate(&v.key, &format!("/vetoes/{i}/key"));
            }
        }

        let categories: Vec<(String, String)> = s
            .categories
            .iter()
            .map(|c| (c.key.clone(), c.name.clone().unwrap_or_else(|| c.key.clone())))
            .collect();

        let mut indicators = Vec::with_capacity(s.indicators.len());
        for i in 0..s.indicators.len() {
            if let Some(p) = self.indicator(i) {
                indicators.push(p);
            }
        }
        let order = self.order();

        let adjustments = self.adjustments();
        let grades = self.grades();
        let vetoes = self.vetoes(&grades);
        let ranking = self.ranking(group);
        let versions = self.versions();
        let weights = self.weights(&versions);

        let total_min = s.total_min.map(|n| n.0).unwrap_or(Decimal::ZERO);
        let total_max = s.total_max.map(|n| n.0);
        if let Some(max) = total_max {
            if max < total_min {
                self.error(
                    ErrorCode::InvalidSetting,
                    "/totalMax",
                    format!("totalMax {max} 小于 totalMin {total_min}"),
                    format!("totalMax {max} 小於 totalMin {total_min}"),
                    format!("totalMax {max} is below totalMin {total_min}"),
                );
            }
        }
        if !s.roles.is_empty() && role.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                "/fields/role",
                "方案设置了 roles，但 fields.role 未指明岗位列".into(),
                "方案設定了 roles，但 fields.role 未指明崗位欄".into(),
                "the scheme has roles but fields.role names no role column".into(),
            );
        }
        let incentives = self.incentives(group, &grades);
        self.check_measures();
        if indicators.len() != s.indicators.len() {
            return None;
        }
        Some(Plan {
            locale,
            rounding: s.rounding,
            weighting: s.weighting,
            fields: std::mem::take(&mut self.fields),
            id,
            name,
            group,
            role,
            categories,
            indicators,
            order,
            adjustments,
            vetoes,
            total_min,
            total_max,
            grades,
            ranking: ranking?,
            weights,
            versions,
            incentives,
            formulas_read_indicators: self.formulas_read_indicators,
            measures: std::mem::take(&mut self.measures),
            utc_offset,
            warnings: Vec::new(),
        })
    }

    fn check_key(&mut self, key: &str, path: &str) {
        if key.trim().is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                path,
                "key 不能为空".into(),
                "key 不能為空".into(),
                "a key cannot be empty".into(),
            );
        }
    }

    fn duplicate(&mut self, key: &str, path: &str) {
        self.error(
            ErrorCode::DuplicateKey,
            path,
            format!("key “{key}” 重复"),
            format!("key「{key}」重複"),
            format!("the key \"{key}\" is used twice"),
        );
    }

    fn source(&mut self, src: &ValueSource, path: &str) -> Option<Source> {
        self.source_for(src, path, None)
    }

    /// Parses a formula and resolves its names: an indicator key (its score), `key.actual`,
    /// `key.target`, `key.achievement`, `key.score`, `key.weighted`, else a column. An
    /// indicator read by indicator `owner`'s formula must be computed first (cycles are
    /// errors, found with the conditions').
    fn formula(&mut self, text: &str, path: &str, owner: Option<usize>) -> Option<FormulaPlan> {
        let formula = match parse_formula(text) {
            Ok(f) => f,
            Err(mut e) => {
                e.path = path.to_string();
                if !self.quiet {
                    self.issues.push(e);
                }
                return None;
            }
        };
        let mut refs = Vec::new();
        for name in formula.names() {
            let figure = name.rsplit_once('.').and_then(|(key, fig)| {
                let of = match fig {
                    "score" => Of::Score,
                    "actual" => Of::Actual,
                    "target" => Of::Target,
                    "achievement" => Of::Achievement,
                    "weighted" => Of::Weighted,
                    _ => return None,
                };
                self.indicator_index.get(key).map(|i| (*i, of))
            });
            let direct = self.indicator_index.get(name.as_str()).map(|i| (*i, Of::Score));
            let r = match figure.or(direct) {
                Some((idx, of)) => {
                    self.formulas_read_indicators = true;
                    if let Some(d) = owner.and_then(|o| self.deps.get_mut(o)) {
                        d.push(idx);
                    }
                    NameRef::Indicator(idx, of)
                }
                None => NameRef::Field(self.fields.field(&name)),
            };
            refs.push((name, r));
        }
        Some(FormulaPlan { formula, refs })
    }

    fn source_for(&mut self, src: &ValueSource, path: &str, owner: Option<usize>) -> Option<Source> {
        match src {
            ValueSource::Field { field } => {
                if field.trim().is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/field"),
                        "字段名不能为空".into(),
                        "欄位名不能為空".into(),
                        "a field name cannot be empty".into(),
                    );
                    return None;
                }
                Some(Source::Field(self.fields.field(field)))
            }
            ValueSource::Fixed { value } => Some(Source::Fixed(value.0)),
            ValueSource::Aggregate { aggregate } => self
                .inline_measure(aggregate, &format!("{path}/aggregate"))
                .map(Source::Field),
            ValueSource::Formula { formula } => self
                .formula(formula, &format!("{path}/formula"), owner)
                .map(|f| Source::Formula(Box::new(f))),
            ValueSource::Raters { raters } => {
                if raters.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/raters"),
                        "评分人列表为空".into(),
                        "評分人列表為空".into(),
                        "the rater list is empty".into(),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(raters.len());
                for (rater, column) in raters {
                    match self.scheme.raters.get(rater) {
                        Some(w) => out.push((rater.clone(), self.fields.field(column), w.0)),
                        None => self.error(
                            ErrorCode::UnknownRater,
                            format!("{path}/raters/{}", escape_pointer(rater)),
                            format!("评分人 “{rater}” 在方案的 raters 中没有权重"),
                            format!("評分人「{rater}」在方案的 raters 中沒有權重"),
                            format!("the rater \"{rater}\" has no weight in the scheme's raters"),
                        ),
                    }
                }
                let mut sum = Decimal::ZERO;
                for (rater, _, w) in &out {
                    if w.is_sign_negative() && !w.is_zero() {
                        self.error(
                            ErrorCode::InvalidSetting,
                            format!("/raters/{}", escape_pointer(rater)),
                            format!("评分人权重不能为负：{w}"),
                            format!("評分人權重不能為負：{w}"),
                            format!("a rater weight cannot be negative: {w}"),
                        );
                    }
                    sum = sum.checked_add(*w).unwrap_or(sum);
                }
                if out.len() == raters.len() && sum <= Decimal::ZERO {
                    self.error(
                        ErrorCode::InvalidSetting,
                        "/raters",
                        "评分人权重之和必须大于 0".into(),
                        "評分人權重之和必須大於 0".into(),
                        "the rater weights must sum to more than 0".into(),
                    );
                }
                (out.len() == raters.len()).then_some(Source::Raters(out))
            }
        }
    }

    fn indicator(&mut self, i: usize) -> Option<IndicatorPlan> {
        let ind = self.scheme.indicators.get(i)?;
        let path = format!("/indicators/{}", self.layout.indicators.position(i));
        let mut ok = true;
        let category = match &ind.category {
            Some(cat) => match self.category_index.get(cat.as_str()) {
                Some(ci) => Some(*ci),
                None if self.layout.categories.broken_keys.contains(cat) => {
                    ok = false;
                    None
                }
                None => {
                    self.error(
                        ErrorCode::UnknownCategory,
                        format!("{path}/category"),
                        format!("指标 “{}” 的维度 “{cat}” 不存在", ind.key),
                        format!("指標「{}」的維度「{cat}」不存在", ind.key),
                        format!("indicator \"{}\" names the unknown category \"{cat}\"", ind.key),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if category.is_none() && ind.category.is_none() && self.scheme.weighting == Weighting::Nested {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/category"),
                format!("分层权重（nested）下，指标 “{}” 必须属于一个维度", ind.key),
                format!("分層權重（nested）下，指標「{}」必須屬於一個維度", ind.key),
                format!("with nested weighting, indicator \"{}\" needs a category", ind.key),
            );
            ok = false;
        }
        if ind.weight.0.is_sign_negative() && !ind.weight.0.is_zero() {
            self.error(
                ErrorCode::InvalidSetting,
                format!("{path}/weight"),
                format!("权重不能为负：{}", ind.weight.0),
                format!("權重不能為負：{}", ind.weight.0),
                format!("a weight cannot be negative: {}", ind.weight.0),
            );
            ok = false;
        }
        let has_target = ind.target.is_some();
        let default_on = if has_target { On::Achievement } else { On::Value };
        let full_of = |f: &Option<crate::scheme::Num>| f.map(|n| n.0).unwrap_or(HUNDRED);
        let rule = match &ind.scoring {
            Scoring::Linear { floor, cap, full } => {
                let (floor, cap) = (floor.map(|n| n.0), cap.map(|n| n.0));
                if let (Some(f), Some(c)) = (floor, cap) {
                    if f > c {
                        self.error(
                            ErrorCode::InvalidSetting,
                            format!("{path}/scoring/floor"),
                            format!("floor {f} 大于 cap {c}"),
                            format!("floor {f} 大於 cap {c}"),
                            format!("floor {f} is above cap {c}"),
                        );
                        ok = false;
                    }
                }
                if cap.is_some_and(|c| c <= Decimal::ZERO) {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/scoring/cap"),
                        "cap 必须大于 0".into(),
                        "cap 必須大於 0".into(),
                        "cap must be above 0".into(),
                    );
                    ok = false;
                }
                Rule::Linear {
                    floor,
                    cap,
                    full: full_of(full),
                }
            }
            Scoring::Bands { on, bands, otherwise } => {
                if bands.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/scoring/bands"),
                        "阶梯计分至少需要一档".into(),
                        "階梯計分至少需要一檔".into(),
                        "band scoring needs at least one band".into(),
                    );
                    ok = false;
                }
                let mins: Vec<Decimal> = bands.iter().map(|b| b.min.0).collect();
                if !self.monotone(&mins, &format!("{path}/scoring/bands")) {
                    ok = false;
                }
                let mut sorted: Vec<(Decimal, Decimal, Option<String>)> =
                    bands.iter().map(|b| (b.min.0, b.score.0, b.label.clone())).collect();
                sorted.sort_by_key(|b| std::cmp::Reverse(b.0));
                Rule::Bands {
                    on: on.unwrap_or(default_on),
                    bands: sorted,
                    otherwise: otherwise.map(|n| n.0).unwrap_or(Decimal::ZERO),
                }
            }
            Scoring::Piecewise { on, points } => {
                if points.len() < 2 {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/scoring/points"),
                        "分段线性计分至少需要两个点".into(),
                        "分段線性計分至少需要兩個點".into(),
                        "piecewise scoring needs at least two points".into(),
                    );
                    ok = false;
                }
                for (j, pair) in points.windows(2).enumerate() {
                    if let [a, b] = pair {
                        if a.0 .0 >= b.0 .0 {
                            self.error(
                                ErrorCode::Order,
                                format!("{path}/scoring/points/{}", j.saturating_add(1)),
                                format!("分段点的 x 必须严格递增：{} 之后是 {}", a.0 .0, b.0 .0),
                                format!("分段點的 x 必須嚴格遞增：{} 之後是 {}", a.0 .0, b.0 .0),
                                format!("piecewise x values must strictly increase: {} then {}", a.0 .0, b.0 .0),
                            );
                            ok = false;
                        }
                    }
                }
                Rule::Piecewise {
                    on: on.unwrap_or(default_on),
                    points: points.iter().map(|(x, y)| (x.0, y.0)).collect(),
                }
            }
            Scoring::Direct { scale, full } => {
                let max = scale.as_ref().map(|s| s.max.0);
                if max.is_some_and(|m| m <= Decimal::ZERO) {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/scoring/scale/max"),
                        "scale.max 必须大于 0".into(),
                        "scale.max 必須大於 0".into(),
                        "scale.max must be above 0".into(),
                    );
                    ok = false;
                }
                if has_target {
                    self.warning(
                        ErrorCode::IgnoredSetting,
                        format!("{path}/target"),
                        "直接计分（direct）不使用目标值".into(),
                        "直接計分（direct）不使用目標值".into(),
                        "direct scoring does not use a target".into(),
                    );
                }
                Rule::Direct {
                    max,
                    full: full_of(full),
                }
            }
            Scoring::Deduct { per, min, full } => {
                if per.0 > Decimal::ZERO {
                    self.warning(
                        ErrorCode::InvalidSetting,
                        format!("{path}/scoring/per"),
                        format!("扣分的 per 通常为负数，当前为 {}", per.0),
                        format!("扣分的 per 通常為負數，目前為 {}", per.0),
                        format!("a deduction's per is normally negative; it is {}", per.0),
                    );
                }
                Rule::Deduct {
                    per: per.0,
                    min: min.map(|n| n.0).unwrap_or(Decimal::ZERO),
                    full: full_of(full),
                }
            }
            Scoring::PassFail { pass, full } => {
                let cond = self.condition(pass, &format!("{path}/scoring/pass"), Some(i));
                match cond {
                    Some(c) => Rule::PassFail {
                        pass: c,
                        full: full_of(full),
                    },
                    None => return None,
                }
            }
        };
        let actual = match &ind.actual {
            Some(src) => {
                let s = self.source_for(src, &format!("{path}/actual"), Some(i));
                ok &= s.is_some();
                s
            }
            None => {
                if !matches!(rule, Rule::PassFail { .. }) {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/actual"),
                        format!("指标 “{}” 缺少实际值来源（actual）", ind.key),
                        format!("指標「{}」缺少實際值來源（actual）", ind.key),
                        format!("indicator \"{}\" has no actual value source", ind.key),
                    );
                    ok = false;
                }
                None
            }
        };
        let target = match &ind.target {
            Some(src) => {
                let s = self.source_for(src, &format!("{path}/target"), Some(i));
                ok &= s.is_some();
                s
            }
            None => None,
        };
        if rule.uses_achievement() && ind.target.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/target"),
                format!(
                    "指标 “{}” 按达成率计分，需要目标值（target）；或把 on 设为 \"value\"",
                    ind.key
                ),
                format!(
                    "指標「{}」按達成率計分，需要目標值（target）；或把 on 設為 \"value\"",
                    ind.key
                ),
                format!(
                    "indicator \"{}\" scores on achievement and needs a target (or set on: \"value\")",
                    ind.key
                ),
            );
            ok = false;
        }
        if ind.reverse.is_some() && ind.direction == Direction::HigherBetter {
            self.warning(
                ErrorCode::IgnoredSetting,
                format!("{path}/reverse"),
                "reverse 只对反向指标（lower_better）有效".into(),
                "reverse 只對反向指標（lower_better）有效".into(),
                "reverse only applies to lower_better indicators".into(),
            );
        }
        if !ok {
            return None;
        }
        Some(IndicatorPlan {
            key: ind.key.clone(),
            name: ind.name.clone().unwrap_or_else(|| ind.key.clone()),
            category,
            direction: ind.direction,
            reverse: ind.reverse.unwrap_or_default(),
            actual,
            target,
            rule,
            missing: ind.missing,
            on_zero: ind.on_zero,
            rater_missing: ind.rater_missing.unwrap_or(self.scheme.rater_missing),
            unit: ind.unit.clone(),
        })
    }

    /// Band edges must be strictly decreasing or strictly increasing.
    fn monotone(&mut self, mins: &[Decimal], path: &str) -> bool {
        let down = mins.windows(2).all(|w| matches!(w, [a, b] if a > b));
        let up = mins.windows(2).all(|w| matches!(w, [a, b] if a < b));
        if down || up {
            return true;
        }
        let listed: Vec<String> = mins.iter().map(|m| m.to_string()).collect();
        let listed = listed.join(", ");
        self.error(
            ErrorCode::Order,
            path,
            format!("各档的下限必须依次递减（或递增）且不重复：{listed}"),
            format!("各檔的下限必須依次遞減（或遞增）且不重複：{listed}"),
            format!("band edges must strictly decrease (or increase) without repeats: {listed}"),
        );
        false
    }

    fn condition(&mut self, cond: &Condition, path: &str, owner: Option<usize>) -> Option<Cond> {
        match cond {
            Condition::Field { field, op, value } => {
                self.check_literal_op(*op, value, path);
                Some(Cond::Field(self.fields.field(field), *op, value.clone()))
            }
            Condition::Indicator {
                indicator,
                of,
                op,
                value,
            } => {
                self.check_literal_op(*op, value, path);
                match self.indicator_index.get(indicator.as_str()) {
                    Some(idx) => {
                        if let Some(o) = owner {
                            if let Some(d) = self.deps.get_mut(o) {
                                d.push(*idx);
                            }
                        }
                        Some(Cond::Indicator(*idx, of.unwrap_or_default(), *op, value.clone()))
                    }
                    None if self.layout.indicators.broken_keys.contains(indicator) => None,
                    None => {
                        self.error(
                            ErrorCode::UnknownIndicator,
                            format!("{path}/indicator"),
                            format!("条件引用了不存在的指标 “{indicator}”"),
                            format!("條件引用了不存在的指標「{indicator}」"),
                            format!("the condition names the unknown indicator \"{indicator}\""),
                        );
                        None
                    }
                }
            }
            Condition::All { all } => self.conditions(all, &format!("{path}/all"), owner).map(Cond::All),
            Condition::Any { any } => self.conditions(any, &format!("{path}/any"), owner).map(Cond::Any),
            Condition::Not { not } => self
                .condition(not, &format!("{path}/not"), owner)
                .map(|c| Cond::Not(Box::new(c))),
            Condition::Formula(text) => self.formula(text, path, owner).map(|f| Cond::Formula(Box::new(f))),
        }
    }

    fn conditions(&mut self, list: &[Condition], path: &str, owner: Option<usize>) -> Option<Vec<Cond>> {
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (i, c) in list.iter().enumerate() {
            match self.condition(c, &format!("{path}/{i}"), owner) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn check_literal_op(&mut self, op: Op, value: &Literal, path: &str) {
        if matches!(value, Literal::Text(_) | Literal::Bool(_)) && !matches!(op, Op::Eq | Op::Ne) {
            self.error(
                ErrorCode::InvalidSetting,
                format!("{path}/op"),
                "文本或布尔值只能用 = 或 != 比较".into(),
                "文字或布林值只能用 = 或 != 比較".into(),
                "a text or boolean value can only be compared with = or !=".into(),
            );
        }
    }

    /// Topological order of indicators by condition references; a cycle is an error.
    fn order(&mut self) -> Vec<usize> {
        let n = self.scheme.indicators.len();
        let mut state = vec![0u8; n]; // 0 new, 1 visiting, 2 done
        let mut order = Vec::with_capacity(n);
        for start in 0..n {
            if state.get(start) != Some(&0) {
                continue;
            }
            // iterative DFS: (node, next dependency index)
            let mut stack = vec![(start, 0usize)];
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some((node, next)) = stack.last().copied() {
                let deps = self.deps.get(node).cloned().unwrap_or_default();
                if let Some(dep) = deps.get(next) {
                    if let Some(top) = stack.last_mut() {
                        top.1 = next.saturating_add(1);
                    }
                    match state.get(*dep) {
                        Some(0) => {
                            if let Some(s) = state.get_mut(*dep) {
                                *s = 1;
                            }
                            stack.push((*dep, 0));
                        }
                        Some(1) => {
                            let key = self
                                .scheme
                                .indicators
                                .get(*dep)
                                .map(|i| i.key.clone())
                                .unwrap_or_default();
                            self.error(
                                ErrorCode::Cycle,
                                format!("/indicators/{}", self.layout.indicators.position(*dep)),
                                format!("指标的条件或公式循环引用：“{key}”"),
                                format!("指標的條件或公式循環引用：「{key}」"),
                                format!("indicator conditions or formulas refer to each other in a circle: \"{key}\""),
                            );
                            if let Some(s) = state.get_mut(*dep) {
                                *s = 2;
                            }
                        }
                        _ => {}
                    }
                } else {
                    stack.pop();
                    if state.get(node) == Some(&1) {
                        order.push(node);
                    }
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                }
            }
        }
        order
    }

    fn adjustments(&mut self) -> Vec<AdjustmentPlan> {
        let mut out = Vec::new();
        for (i, a) in self.scheme.adjustments.iter().enumerate() {
            let path = format!("/adjustments/{}", self.layout.adjustments.position(i));
            let (min, max) = (a.min.map(|n| n.0), a.max.map(|n| n.0));
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/min"),
                        format!("min {lo} 大于 max {hi}"),
                        format!("min {lo} 大於 max {hi}"),
                        format!("min {lo} is above max {hi}"),
                    );
                }
            }
            if let Some(value) = self.source(&a.value, &format!("{path}/value")) {
                out.push(AdjustmentPlan {
                    key: a.key.clone(),
                    name: a.name.clone().unwrap_or_else(|| a.key.clone()),
                    per: a.per.map(|n| n.0).unwrap_or(Decimal::ONE),
                    min,
                    max,
                    value,
                });
            }
        }
        out
    }

    fn grades(&mut self) -> Vec<(String, Decimal)> {
        match &self.scheme.grades {
            None => Vec::new(),
            Some(Grades::Forced { .. }) => {
                self.error(
                    ErrorCode::Unsupported,
                    "/grades/type",
                    "本版本尚不支持强制分布（forced）".into(),
                    "本版本尚不支援強制分布（forced）".into(),
                    "forced distribution is not supported by this version yet".into(),
                );
                Vec::new()
            }
            Some(Grades::Bands { bands }) => {
                if bands.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        "/grades/bands",
                        "等级至少需要一档".into(),
                        "等級至少需要一檔".into(),
                        "grades need at least one band".into(),
                    );
                }
                let mins: Vec<Decimal> = bands.iter().map(|b| b.min.0).collect();
                self.monotone(&mins, "/grades/bands");
                let mut names = HashMap::new();
                for (i, b) in bands.iter().enumerate() {
                    if names.insert(b.grade.as_str(), i).is_some() {
                        self.duplicate(&b.grade, &format!("/grades/bands/{i}/grade"));
                    }
                }
                let mut sorted: Vec<(String, Decimal)> = bands.iter().map(|b| (b.grade.clone(), b.min.0)).collect();
                sorted.sort_by_key(|b| std::cmp::Reverse(b.1));
                let floor = self.scheme.total_min.map(|n| n.0).unwrap_or(Decimal::ZERO);
                if let Some((g, lowest)) = sorted.last() {
                    if *lowest > floor {
                        self.warning(
                            ErrorCode::InvalidSetting,
                            "/grades/bands",
                            format!("最低档 “{g}” 从 {lowest} 起，低于它的总分将没有等级"),
                            format!("最低檔「{g}」從 {lowest} 起，低於它的總分將沒有等級"),
                            format!("the lowest band \"{g}\" starts at {lowest}; totals below it get no grade"),
                        );
                    }
                }
                sorted
            }
        }
    }

    fn vetoes(&mut self, grades: &[(String, Decimal)]) -> Vec<VetoPlan> {
        let mut out = Vec::new();
        for (i, v) in self.scheme.vetoes.iter().enumerate() {
            let path = format!("/vetoes/{}", self.layout.vetoes.position(i));
            if let Some(g) = &v.grade {
                if !grades.iter().any(|(name, _)| name == g) {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/grade"),
                        format!("否决等级 “{g}” 不在等级档位中"),
                        format!("否決等級「{g}」不在等級檔位中"),
                        format!("the veto grade \"{g}\" is not one of the grades"),
                    );
                }
            }
            if let Some(when) = self.condition(&v.when, &format!("{path}/when"), None) {
                out.push(VetoPlan {
                    key: v.key.clone(),
                    name: v.name.clone().unwrap_or_else(|| v.key.clone()),
                    when,
                    score: v.score.map(|n| n.0).unwrap_or(Decimal::ZERO),
                    grade: v.grade.clone(),
                    reason: v.reason.clone(),
                });
            }
        }
        out
    }

    fn rank_key(&mut self, name: &str) -> RankKeyPlan {
        let (descending, bare) = match name.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (false, rest),
            _ => (true, name),
        };
        let key = if bare == "total" {
            RankKey::Total
        } else if let Some(i) = self.indicator_index.get(bare) {
            RankKey::Indicator(*i)
        } else {
            RankKey::Field(self.fields.field(bare))
        };
        RankKeyPlan { key, descending }
    }

    fn ranking(&mut self, group: Option<FieldRef>) -> Option<RankingPlan> {
        let r = self.scheme.ranking.clone().unwrap_or_default();
        let by = self.rank_key(r.by.as_deref().unwrap_or("total"));
        let tie_breakers = r.tie_breakers.iter().map(|t| self.rank_key(t)).collect();
        let group_by = match r.group_by.as_deref() {
            None => None,
            Some("group") => match group {
                Some(g) => Some(g),
                None => {
                    self.error(
                        ErrorCode::MissingSetting,
                        "/ranking/groupBy",
                        "groupBy 为 \"group\"，但 fields.group 未指明分组列".into(),
                        "groupBy 為 \"group\"，但 fields.group 未指明分組欄".into(),
                        "groupBy is \"group\" but fields.group names no group column".into(),
                    );
                    None
                }
            },
            Some(field) => Some(self.fields.field(field)),
        };
        Some(RankingPlan {
            by,
            method: r.method,
            tie_breakers,
            group_by,
        })
    }

    fn versions(&mut self) -> Vec<(Date, usize)> {
        let mut out = Vec::new();
        for (i, v) in self.scheme.versions.iter().enumerate() {
            match Date::parse(&v.from) {
                Some(d) => {
                    if out.iter().any(|(e, _)| *e == d) {
                        self.duplicate(&v.from, &format!("/versions/{}/from", self.layout.versions.position(i)));
                    }
                    out.push((d, i));
                }
                None => self.error(
                    ErrorCode::InvalidDate,
                    format!("/versions/{}/from", self.layout.versions.position(i)),
                    format!("无法识别的日期 “{}”（应为 YYYY-MM-DD）", v.from),
                    format!("無法識別的日期「{}」（應為 YYYY-MM-DD）", v.from),
                    format!("cannot read the date \"{}\" (expected YYYY-MM-DD)", v.from),
                ),
            }
        }
        out.sort();
        out
    }

    /// Builds and checks the weight set of every role × version combination.
    fn weights(&mut self, versions: &[(Date, usize)]) -> HashMap<(Option<String>, Option<usize>), WeightSet> {
        let s = self.scheme;
        let base = WeightSet {
            indicator: s.indicators.iter().map(|i| i.weight.0).collect(),
            category: s
                .categories
                .iter()
                .map(|c| c.weight.map(|n| n.0).unwrap_or(Decimal::ZERO))
                .collect(),
        };
        let mut out = HashMap::new();
        self.check_weights(&base, "", true);
        out.insert((None, None), base.clone());
        let mut version_sets = Vec::new();
        for (_, vi) in versions {
            let Some(v) = s.versions.get(*vi) else { continue };
            let ov = WeightOverride {
                weights: v.weights.clone(),
                category_weights: v.category_weights.clone(),
            };
            let path = format!("/versions/{}", self.layout.versions.position(*vi));
            let set = self.apply_override(&base, &ov, &path);
            self.check_weights(&set, &path, !ov.category_weights.is_empty());
            version_sets.push((*vi, ov));
            out.insert((None, Some(*vi)), set);
        }
        for (role, ov) in &s.roles {
            let path = format!("/roles/{}", escape_pointer(role));
            let set = self.apply_override(&base, ov, &path);
            self.check_weights(&set, &path, !ov.category_weights.is_empty());
            for (vi, vov) in &version_sets {
                let Some(vset) = out.get(&(None, Some(*vi))).cloned() else {
                    continue;
                };
                // the override's own unknown keys were reported with the role above
                self.quiet = true;
                let combined = self.apply_override(&vset, ov, &path);
                self.quiet = false;
                let before = self.issues.len();
                self.check_weights(
                    &combined,
                    &path,
                    !ov.category_weights.is_empty() || !vov.category_weights.is_empty(),
                );
                let from = s.versions.get(*vi).map(|v| v.from.clone()).unwrap_or_default();
                for issue in self.issues.iter_mut().skip(before) {
                    issue.messages.zh_cn.push_str(&format!("（自 {from} 起的版本）"));
                    issue.messages.zh_tw.push_str(&format!("（自 {from} 起的版本）"));
                    issue.messages.en.push_str(&format!(" (in the version from {from})"));
                    issue.message = issue.messages.zh_cn.clone();
                }
                out.insert((Some(role.clone()), Some(*vi)), combined);
            }
            out.insert((Some(role.clone()), None), set);
        }
        out
    }

    fn apply_override(&mut self, base: &WeightSet, ov: &WeightOverride, path: &str) -> WeightSet {
        let mut set = base.clone();
        for (key, w) in &ov.weights {
            match self.indicator_index.get(key.as_str()) {
                Some(i) => {
                    if let Some(slot) = set.indicator.get_mut(*i) {
                        *slot = w.0;
                    }
                }
                None if self.layout.indicators.broken_keys.contains(key) => {}
                None => self.error(
                    ErrorCode::UnknownIndicator,
                    format!("{path}/weights/{}", escape_pointer(key)),
                    format!("权重调整引用了不存在的指标 “{key}”"),
                    format!("權重調整引用了不存在的指標「{key}」"),
                    format!("the weight override names the unknown indicator \"{key}\""),
                ),
            }
        }
        for (key, w) in &ov.category_weights {
            match self.category_index.get(key.as_str()) {
                Some(i) => {
                    if let Some(slot) = set.category.get_mut(*i) {
                        *slot = w.0;
                    }
                }
                None if self.layout.categories.broken_keys.contains(key) => {}
                None => self.error(
                    ErrorCode::UnknownCategory,
                    format!("{path}/categoryWeights/{}", escape_pointer(key)),
                    format!("权重调整引用了不存在的维度 “{key}”"),
                    format!("權重調整引用了不存在的維度「{key}」"),
                    format!("the weight override names the unknown category \"{key}\""),
                ),
            }
        }
        set
    }

    fn sum_error(&mut self, path: String, what: Text, sum: Decimal) {
        let sum = sum.normalize();
        self.error(
            ErrorCode::WeightsSum,
            path,
            format!("{}之和为 {sum}，必须恰好为 100", what.zh_cn),
            format!("{}之和為 {sum}，必須恰好為 100", what.zh_tw),
            format!("{} sum to {sum}; they must sum to exactly 100", what.en),
        );
    }

    fn check_weights(&mut self, set: &WeightSet, base_path: &str, check_categories: bool) {
        let s = self.scheme;
        // an element that could not be read would make every sum look wrong: its own
        // problem is reported, the sums are checked once it is fixed
        if self.layout.indicators.broken || self.layout.categories.broken {
            return;
        }
        for (i, w) in set.indicator.iter().enumerate() {
            if w.is_sign_negative() && !w.is_zero() && !base_path.is_empty() {
                let key = s.indicators.get(i).map(|x| x.key.as_str()).unwrap_or("");
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{base_path}/weights/{}", escape_pointer(key)),
                    format!("权重不能为负：{w}"),
                    format!("權重不能為負：{w}"),
                    format!("a weight cannot be negative: {w}"),
                );
            }
        }
        let sum_of = |items: &mut dyn Iterator<Item = Decimal>| -> Decimal {
            items.fold(Decimal::ZERO, |acc, w| checked_add(acc, w).unwrap_or(acc))
        };
        match s.weighting {
            Weighting::Global => {
                let total = sum_of(&mut set.indicator.iter().copied());
                if total != HUNDRED && !s.indicators.is_empty() {
                    let path = if base_path.is_empty() {
                        "/indicators".to_string()
                    } else {
                        base_path.to_string()
                    };
                    self.sum_error(path, Text::new("指标权重", "指標權重", "the indicator weights"), total);
                }
                if check_categories {
                    for (ci, cat) in s.categories.iter().enumerate() {
                        let declared = if base_path.is_empty() {
                            cat.weight.map(|n| n.0)
                        } else {
                            set.category.get(ci).copied()
                        };
                        let Some(declared) = declared else { continue };
                        let members = sum_of(
                            &mut s
                                .indicators
                                .iter()
                                .enumerate()
                                .filter(|(_, ind)| ind.category.as_deref() == Some(cat.key.as_str()))
                                .filter_map(|(ii, _)| set.indicator.get(ii).copied()),
                        );
                        if members != declared {
                            let m = members.normalize();
                            let path = if base_path.is_empty() {
                                format!("/categories/{}/weight", self.layout.categories.position(ci))
                            } else {
                                format!("{base_path}/categoryWeights/{}", escape_pointer(&cat.key))
                            };
                            self.error(
                                ErrorCode::WeightsSum,
                                path,
                                format!("维度 “{}” 的权重 {declared} 与其指标权重之和 {m} 不等", cat.key),
                                format!("維度「{}」的權重 {declared} 與其指標權重之和 {m} 不等", cat.key),
                                format!(
                                    "category \"{}\" has weight {declared} but its indicators sum to {m}",
                                    cat.key
                                ),
                            );
                        }
                    }
                }
            }
            Weighting::Nested => {
                let total = sum_of(&mut set.category.iter().copied());
                if total != HUNDRED {
                    let path = if base_path.is_empty() {
                        "/categories".to_string()
                    } else {
                        base_path.to_string()
                    };
                    self.sum_error(path, Text::new("维度权重", "維度權重", "the category weights"), total);
                }
                for (ci, cat) in s.categories.iter().enumerate() {
                    if base_path.is_empty() && cat.weight.is_none() {
                        self.error(
                            ErrorCode::MissingSetting,
                            format!("/categories/{}/weight", self.layout.categories.position(ci)),
                            format!("分层权重下维度 “{}” 需要权重", cat.key),
                            format!("分層權重下維度「{}」需要權重", cat.key),
                            format!("with nested weighting, category \"{}\" needs a weight", cat.key),
                        );
                    }
                    let members = sum_of(
                        &mut s
                            .indicators
                            .iter()
                            .enumerate()
                            .filter(|(_, ind)| ind.category.as_deref() == Some(cat.key.as_str()))
                            .filter_map(|(ii, _)| set.indicator.get(ii).copied()),
                    );
                    if members != HUNDRED {
                        let path = if base_path.is_empty() {
                            format!("/categories/{}", self.layout.categories.position(ci))
                        } else {
                            base_path.to_string()
                        };
                        self.sum_error(
                            path,
                            Text::new(
                                format!("维度 “{}” 内的指标权重", cat.key),
                                format!("維度「{}」內的指標權重", cat.key),
                                format!("the indicator weights inside category \"{}\"", cat.key),
                            ),
                            members,
                        );
                    }
                }
            }
        }
    }
}

/// The weight set (role, version) for a role text and a period start; falls back to the base.
pub(crate) fn version_for(plan: &Plan, period: Option<Date>) -> Option<usize> {
    let start = period?;
    plan.versions
        .iter()
        .rev()
        .find(|(from, _)| *from <= start)
        .map(|(_, i)| *i)
}
