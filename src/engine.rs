//! Evaluation (SPEC §3, §4, §10): rows in, one result per row out, ranked, graded,
//! summarised and explained. A bad row never stops the good rows.

use crate::compile::{version_for, Cond, FieldRef, Plan, RankKey, Rule, Source};
use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError, Severity};
use crate::i18n::tr;
use crate::i18n::{Locale, Text};
use crate::numbers::{
    checked_add, checked_div, checked_mul, checked_sub, format_fixed, format_grouped, format_percent, format_plain,
    round, NumberError,
};
use crate::output::{
    with_numbers, AdjustmentResult, CategoryResult, Dec, EvaluateOutput, Explanation, IndicatorResult, PersonResult,
    Step, StepInput, Summary, VetoHit,
};
use crate::records::{self, read_row, Cell, RowProblem, Slots};
use crate::scheme::{Direction, Literal, Missing, Of, On, OnZero, Op, RankMethod, RaterMissing, Reverse, Weighting};
use crate::tables;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeSet;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// How output decimals are written.
///
/// ```
/// let d: jixiao::Decimals = serde_json::from_str("\"number\"").unwrap();
/// assert_eq!(d, jixiao::Decimals::Number);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Decimals {
    /// Strings with exactly the configured places (`"87.30"`), the default.
    #[default]
    String,
    /// JS numbers (`87.3`).
    Number,
}

/// Options of `evaluate`.
///
/// ```
/// let o: jixiao::EvaluateOptions = serde_json::from_str(r#"{"locale":"en","explain":true,"rows":{"得分":"total"}}"#).unwrap();
/// assert!(o.explain);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EvaluateOptions {
    /// `zh-CN`, `zh-TW` or `en` (default: the scheme's locale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `"string"` (default) or `"number"`.
    pub decimals: Decimals,
    /// Attach explanations to every result.
    pub explain: bool,
    /// Write-back mapping: output column → what to write (`total`, `grade`, `rank`,
    /// `groupRank`, `topPercent`, `id`, `name`, `group`, `role`, `ok`, `vetoed`, `veto`,
    /// `errors`, `indicators.<key>.<actual|target|achievement|score|weight|weighted>`,
    /// `categories.<key>.<score|weighted>`, `adjustments.<key>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub rows: Option<IndexMap<String, String>>,
}

/// The input of `evaluate`.
///
/// ```
/// let i: jixiao::EvaluateInput = serde_json::from_str(r#"{"people":[{"工号":"E1"}],"period":"2025-Q3"}"#).unwrap();
/// assert_eq!(i.period.as_deref(), Some("2025-Q3"));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(default)]
pub struct EvaluateInput {
    /// The people table: one object per person, keyed by the user's column names.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<Record<string, unknown>>"))]
    pub people: Option<serde_json::Value>,
    /// The period evaluated (`2025`, `2025-Q3`, `2025-07`, `2025-W05`, `2025-07-01`); picks the weight
    /// version, and the raw-table rows whose date falls in it. A number (`2025`) is read as its text.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "period_text")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub period: Option<String>,
    /// Previous results (used by a later version).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub previous: Option<serde_json::Value>,
    /// Raw tables the scheme's measures and aggregates read: table name → rows
    /// (`{ "orders": [...], "payments": [...] }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Record<string, Array<Record<string, unknown>>>")
    )]
    pub tables: Option<serde_json::Value>,
}

/// The answer of `validateScheme`: `ok` when there is no error (warnings allowed).
///
/// ```
/// let r = jixiao::validate_scheme_json("{}", None);
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "MISSING_SETTING");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// No errors.
    pub ok: bool,
    /// Every error and warning.
    pub issues: Vec<JixiaoError>,
}

/// Reads `period` as text: a string, or a number written as its digits.
fn period_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "period must be a text such as \"2025-Q3\", not {}",
            match other {
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Array(_) => "an array",
                _ => "an object",
            }
        ))),
    }
}

fn input_error(path: &str, cn: String, tw: String, en: String) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidInput, path, Text::new(cn, tw, en))
}

/// Reads JSON text into a value, turning a parse failure (incl. nesting deeper than 128) into `INVALID_JSON`.
fn parse_json(text: &str, what: &str) -> Result<serde_json::Value, JixiaoError> {
    if text.len() > crate::scheme::MAX_SCHEME_BYTES {
        return Err(JixiaoError::new(
            ErrorCode::TooLarge,
            "",
            Text::new(
                format!("{what}过大（超过 4 MB）"),
                format!("{what}過大（超過 4 MB）"),
                format!("the {what} is too large (over 4 MB)"),
            ),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            Text::new(
                format!("{what}不是有效的 JSON：{e}"),
                format!("{what}不是有效的 JSON：{e}"),
                format!("the {what} is not valid JSON: {e}"),
            ),
        )
    })
}

/// Validates a scheme given as JSON text: every problem at once.
///
/// ```
/// let r = jixiao::validate_scheme_json(r#"{"indicators":[
///   {"key":"a","weight":60,"actual":{"field":"A"},"scoring":{"type":"direct"}},
///   {"key":"b","weight":30,"actual":{"field":"B"},"scoring":{"type":"direct"}}]}"#, Some(jixiao::Locale::En));
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "WEIGHTS_SUM");
/// assert!(r.issues[0].message.contains("90"));
/// ```
pub fn validate_scheme_json(scheme: &str, locale: Option<Locale>) -> ValidationReport {
    let mut issues = match parse_json(scheme, "考核方案") {
        Ok(value) => {
            let loc = locale.or_else(|| scheme_locale(&value));
            let mut issues = crate::compile::validate(&value);
            if let Some(l) = loc {
                issues.iter_mut().for_each(|i| i.localize(l));
            }
            issues
        }
        Err(mut e) => {
            if let Some(l) = locale {
                e.localize(l);
            }
            vec![e]
        }
    };
    issues.sort_by_key(|i| i.severity != Severity::Error);
    ValidationReport {
        ok: !issues.iter().any(|i| i.severity == Severity::Error),
        issues,
    }
}

fn scheme_locale(value: &serde_json::Value) -> Option<Locale> {
    value.get("locale").and_then(|l| l.as_str()).and_then(Locale::parse)
}

/// A compiled scheme: validate and compile once, evaluate many times.
///
/// ```
/// let engine = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"评分"},"scoring":{"type":"direct","scale":{"max":5}}}]}"#).unwrap();
/// let out = engine.evaluate_value(&serde_json::json!({"people":[{"评分":4}]}), &Default::default()).unwrap();
/// assert_eq!(out["results"][0]["total"], "80.00");
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    plan: Plan,
}

impl Engine {
    /// Compiles a scheme given as JSON text. Fails with `INVALID_SCHEME` (listing every issue) or `INVALID_JSON`.
    ///
    /// ```
    /// let err = jixiao::Engine::from_json(r#"{"indicators":[]}"#).unwrap_err();
    /// assert_eq!(err.code.as_str(), "INVALID_SCHEME");
    /// assert_eq!(err.issues[0].path, "/indicators");
    /// ```
    pub fn from_json(scheme: &str) -> Result<Engine, JixiaoError> {
        let value = parse_json(scheme, "考核方案")?;
        Engine::from_value(&value)
    }

    /// Compiles a scheme given as a JSON value.
    ///
    /// ```
    /// assert!(jixiao::Engine::from_value(&serde_json::json!([])).is_err());
    /// ```
    pub fn from_value(scheme: &serde_json::Value) -> Result<Engine, JixiaoError> {
        match crate::compile::compile(scheme) {
            Ok(plan) => Ok(Engine { plan }),
            Err(issues) => {
                let mut e = JixiaoError::invalid_scheme(issues);
                if let Some(l) = scheme_locale(scheme) {
                    e.localize(l);
                }
                Err(e)
            }
        }
    }

    /// Warnings found while compiling (the scheme is valid).
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"colour":1,"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// assert_eq!(e.warnings()[0].code.as_str(), "UNKNOWN_KEY");
    /// ```
    pub fn warnings(&self) -> &[JixiaoError] {
        &self.plan.warnings
    }

    /// The columns the scheme reads from each row.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"负责人.分"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// assert_eq!(e.columns(), &["工号", "负责人.分", "负责人"]);
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.plan.fields.columns
    }

    /// Evaluates input given as one JSON value `{ people: [...], period? }`.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let out = e.evaluate_value(&serde_json::json!({"people":[{"q":"abc"},{"q":90}]}), &Default::default()).unwrap();
    /// assert_eq!(out["results"][0]["ok"], false);
    /// assert_eq!(out["results"][1]["rank"], 1);
    /// ```
    pub fn evaluate_value(
        &self,
        input: &serde_json::Value,
        options: &EvaluateOptions,
    ) -> Result<serde_json::Value, JixiaoError> {
        let (head, rows) = encode_input(input);
        let out = self.evaluate_rows(&read_head(&head)?, &rows, options)?;
        with_numbers(options.decimals == Decimals::Number, || serde_json::to_value(&out)).map_err(internal)
    }

    /// Evaluates the encoded form the JS package sends: `head` (the input object without
    /// `people`), `rows` (one JSON object per line), `options` (JSON). Returns the output as JSON text.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let json = e.evaluate_encoded("{}", "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
    /// assert!(json.contains("\"total\":87.3"));
    /// ```
    pub fn evaluate_encoded(&self, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
        let opts = read_options("evaluate", options)?;
        let out = self.evaluate_rows(&read_head(head)?, rows, &opts)?;
        with_numbers(opts.decimals == Decimals::Number, || serde_json::to_string(&out)).map_err(internal)
    }

    /// Evaluates rows given one JSON object per line.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let out = e.evaluate_rows(&Default::default(), "{\"q\":1}\n{\"q\":2}", &Default::default()).unwrap();
    /// assert_eq!(out.results.len(), 2);
    /// ```
    pub fn evaluate_rows(
        &self,
        head: &EvaluateInput,
        rows: &str,
        options: &EvaluateOptions,
    ) -> Result<EvaluateOutput, JixiaoError> {
        let plan = &self.plan;
        let locale = options_locale(plan, options)?;
        let fail = |mut e: JixiaoError| {
            e.localize(locale);
            e
        };
        if head.people.is_some() {
            return Err(fail(input_error(
                "people",
                "people 必须是数组（每行一个对象）".into(),
                "people 必須是陣列（每列一個物件）".into(),
                "people must be an array (one object per row)".into(),
            )));
        }
        if let Some(mapping) = &options.rows {
            check_mapping(plan, mapping).map_err(fail)?;
        }
        let mut warnings = Vec::new();
        let period = match head.period.as_deref() {
            None => {
                if !plan.versions.is_empty() {
                    warnings.push(JixiaoError::warning(
                        ErrorCode::MissingSetting,
                        "period",
                        Text::new(
                            "方案有按日期生效的权重版本，但输入未给出 period，使用基础权重",
                            "方案有按日期生效的權重版本，但輸入未給出 period，使用基礎權重",
                            "the scheme has dated weight versions but the input names no period; base weights used",
                        ),
                    ));
                }
                None
            }
            Some(p) => Some(Date::period_start(p).ok_or_else(|| {
                fail(JixiaoError::new(
                    ErrorCode::InvalidDate,
                    "period",
                    Text::new(
                        format!("无法识别的期间 “{p}”（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
                        format!("無法識別的期間「{p}」（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
                        format!("cannot read the period \"{p}\" (e.g. 2025, 2025-Q3, 2025-07, 2025-W05, 2025-07-01)"),
                    ),
                ))
            })?),
        };
        let version = version_for(plan, period);
        if plan.measures.is_empty() && head.tables.is_some() {
            warnings.push(JixiaoError::warning(
                ErrorCode::IgnoredSetting,
                "tables",
                Text::new(
                    "方案没有汇总原始表（measures 或 aggregate），输入的 tables 未使用",
                    "方案沒有彙總原始表（measures 或 aggregate），輸入的 tables 未使用",
                    "the scheme aggregates no raw table (measures or aggregate); the input's tables are not used",
                ),
            ));
        }
        for (what, present) in [("previous", head.previous.is_some())] {
            if present {
                warnings.push(JixiaoError::warning(
                    ErrorCode::Unsupported,
                    what,
                    Text::new(
                        format!("本版本尚未使用输入中的 {what}，已忽略"),
                        format!("本版本尚未使用輸入中的 {what}，已忽略"),
                        format!("this version does not use the input's {what} yet; ignored"),
                    ),
                ));
            }
        }

        let lines: Vec<&str> = if rows.is_empty() {
            Vec::new()
        } else {
            rows.split('\n').collect()
        };
        let measures = if plan.measures.is_empty() {
            None
        } else {
            let range = head.period.as_deref().and_then(Date::period_range);
            let people = match head.tables {
                Some(_) => lines.iter().map(|line| self.person_key(line)).collect(),
                None => Vec::new(),
            };
            let mut values = tables::compute(plan, head.tables.as_ref(), range, &people).map_err(fail)?;
            warnings.append(&mut values.warnings);
            Some(values)
        };
        let mut evaluated = Vec::with_capacity(lines.len());
        let mut unknown_roles = BTreeSet::new();
        for (index, line) in lines.iter().enumerate() {
            let mut ev = RowEvaluator {
                plan,
                locale,
                explain: options.explain,
                index,
                version,
                errors: Vec::new(),
                steps: Vec::new(),
                figures: Vec::new(),
                measures: measures.as_ref(),
                period: head.period.as_deref(),
            };
            evaluated.push(ev.run(line, &mut unknown_roles));
        }
        for role in unknown_roles {
            warnings.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                "roles",
                Text::new(
                    format!("岗位 “{role}” 没有权重调整，使用基础权重"),
                    format!("崗位「{role}」沒有權重調整，使用基礎權重"),
                    format!("the role \"{role}\" has no weight override; base weights used"),
                ),
            ));
        }
        rank(plan, &mut evaluated, locale, options.explain);
        payouts::pay(plan, &mut evaluated, locale, options.explain, &mut warnings);
        let summary = summarize(plan, &evaluated);
        let mut results: Vec<PersonResult> = evaluated.into_iter().map(|e| e.result).collect();
        let mut errors = Vec::new();
        for r in &mut results {
            for e in &mut r.errors {
                e.localize(locale);
                errors.push(e.clone());
            }
        }
        for w in &mut warnings {
            w.localize(locale);
        }
        let rows = options.rows.as_ref().map(|m| write_back(&results, m));
        Ok(EvaluateOutput {
            results,
            errors,
            summary,
            warnings,
            rows,
        })
    }
}

impl Engine {
    /// A person's id and name, for matching raw-table owners (an unreadable row has neither).
    fn person_key(&self, line: &str) -> tables::PersonKey {
        let plan = &self.plan;
        let Ok(slots) = read_row(line, &plan.fields) else {
            return tables::PersonKey::default();
        };
        let read =
            |f: Option<FieldRef>| f.and_then(|f| records::nonblank_text(&records::cell(&slots, &plan.fields, f)));
        tables::PersonKey {
            id: read(plan.id),
            name: read(plan.name),
        }
    }
}

/// The locale of an evaluation: the `locale` option, else the scheme's.
pub(crate) fn options_locale(plan: &Plan, options: &EvaluateOptions) -> Result<Locale, JixiaoError> {
    match options.locale.as_deref() {
        None => Ok(plan.locale),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            input_error(
                "options/locale",
                format!("不支持的语言 “{tag}”（可用 zh-CN、zh-TW、en）"),
                format!("不支援的語言「{tag}」（可用 zh-CN、zh-TW、en）"),
                format!("unsupported locale \"{tag}\" (use zh-CN, zh-TW or en)"),
            )
        }),
    }
}

/// Reads the options JSON of `what` (`evaluate`, `evaluatePeriods`): an object, or nothing.
pub(crate) fn read_options(what: &str, options: &str) -> Result<EvaluateOptions, JixiaoError> {
    if !is_object_text(options) {
        return Err(input_error(
            "options",
            format!("{what} 的选项必须是对象"),
            format!("{what} 的選項必須是物件"),
            format!("the {what} options must be an object"),
        ));
    }
    if options.trim().is_empty() {
        return Ok(EvaluateOptions::default());
    }
    serde_json::from_str(options).map_err(|e| {
        let e = e.to_string();
        input_error(
            "options",
            format!("{what} 的选项不正确：{e}"),
            format!("{what} 的選項不正確：{e}"),
            format!("the {what} options are not valid: {e}"),
        )
    })
}

/// Reads the input head (the input object without `people`).
fn read_head(head: &str) -> Result<EvaluateInput, JixiaoError> {
    let wrong = |detail: String| {
        input_error(
            "",
            format!("evaluate 的输入必须是 {{ people: [...] }} 形式的对象{detail}"),
            format!("evaluate 的輸入必須是 {{ people: [...] }} 形式的物件{detail}"),
            format!("the evaluate input must be an object like {{ people: [...] }}{detail}"),
        )
    };
    if !is_object_text(head) {
        return Err(wrong(String::new()));
    }
    if head.trim().is_empty() {
        return Ok(EvaluateInput::default());
    }
    serde_json::from_str(head).map_err(|e| wrong(format!(": {e}")))
}

/// Empty text, or JSON text that is an object (serde would also accept an array for a struct).
fn is_object_text(text: &str) -> bool {
    let t = text.trim_start();
    t.is_empty() || t.starts_with('{')
}

fn internal(e: serde_json::Error) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::Internal,
        "",
        Text::same(format!("serialization failed: {e}")),
    )
}

/// Splits `{ people: [...], ...rest }` into the encoded head and row lines.
fn encode_input(input: &serde_json::Value) -> (String, String) {
    match input.as_object() {
        Some(obj) => {
            let mut rest = obj.clone();
            let rows = match rest.get("people") {
                Some(serde_json::Value::Array(people)) => {
                    let lines: Vec<String> = people.iter().map(|p| p.to_string()).collect();
                    rest.remove("people");
                    lines.join("\n")
                }
                _ => String::new(),
            };
            (serde_json::Value::Object(rest).to_string(), rows)
        }
        None => (input.to_string(), String::new()),
    }
}

/// One row's computed figures, kept for ranking.
struct Evaluated {
    result: PersonResult,
    keys: Vec<Option<Decimal>>,
    group_key: Option<String>,
    total: Option<Decimal>,
    /// What the incentives read from the row (when the scheme has any and the row is ok).
    incentives: Option<payouts::RowIncentives>,
}

/// Per-indicator working state.
#[derive(Clone, Default)]
struct IndState {
    actual: Option<Decimal>,
    target: Option<Decimal>,
    achievement: Option<Decimal>,
    shown: Option<Decimal>,
    status: &'static str,
    branch: Option<String>,
    excluded: bool,
    failed: bool,
    weight: Option<Decimal>,
    weighted: Option<Decimal>,
    inputs: Vec<StepInput>,
    /// "actual … = achievement" text, and the rule text.
    calc: String,
    rule: String,
}

mod formulas;
mod payouts;
pub mod periods;

struct RowEvaluator<'p> {
    plan: &'p Plan,
    locale: Locale,
    explain: bool,
    index: usize,
    version: Option<usize>,
    errors: Vec<JixiaoError>,
    steps: Vec<Step>,
    /// The indicators' figures so far, for formulas that read indicators.
    figures: Vec<formulas::Figures>,
    /// Aggregates over raw tables, computed before the rows.
    measures: Option<&'p tables::MeasureValues>,
    /// The evaluated period as the input names it.
    period: Option<&'p str>,
}

impl<'p> RowEvaluator<'p> {
    fn value_text(&self, v: Decimal) -> String {
        if v.abs() >= Decimal::ONE_THOUSAND {
            format_grouped(v, self.plan.rounding.money, self.plan.rounding.mode)
        } else {
            // a quotient such as 1/9 is shown to the rate places + 4, marked as rounded
            let places = self.plan.rounding.rate.saturating_add(4);
            if v.normalize().scale() > places {
                format!("≈{}", format_plain(round(v, places, self.plan.rounding.mode)))
            } else {
                format_plain(v)
            }
        }
    }

    fn score_text(&self, v: Decimal) -> String {
        format_fixed(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    fn pct(&self, v: Decimal) -> String {
        format_percent(v, 2, self.plan.rounding.mode)
    }

    fn round_score(&self, v: Decimal) -> Decimal {
        round(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    fn field_name(&self, f: FieldRef) -> String {
        self.plan.fields.name(f).to_string()
    }

    fn cell_error(&mut self, code: ErrorCode, field: &str, raw: Option<&str>, messages: Text) {
        self.errors
            .push(JixiaoError::new(code, "", messages).at_row(self.index, field, raw));
    }

    fn bad_number(&mut self, field: &str, bad: &records::BadNumber) {
        let raw = bad.raw.as_str();
        let shown: String = raw.chars().take(40).collect();
        let (code, messages) = match bad.error {
            NumberError::Overflow => (
                ErrorCode::Overflow,
                Text::new(
                    format!("“{field}” 的值 “{shown}” 超出可计算范围"),
                    format!("「{field}」的值「{shown}」超出可計算範圍"),
                    format!("the value \"{shown}\" of \"{field}\" is out of range"),
                ),
            ),
            NumberError::NonFinite => (
                ErrorCode::InvalidNumber,
                Text::new(
                    format!("“{field}” 的值 {shown} 不是有限数字"),
                    format!("「{field}」的值 {shown} 不是有限數字"),
                    format!("the value {shown} of \"{field}\" is not a finite number"),
                ),
            ),
            _ => (
                ErrorCode::InvalidNumber,
                Text::new(
                    format!("“{field}” 的值 “{shown}” 不是有效数字"),
                    format!("「{field}」的值「{shown}」不是有效數字"),
                    format!("the value \"{shown}\" of \"{field}\" is not a valid number"),
                ),
            ),
        };
        self.cell_error(code, field, Some(raw), messages);
    }

    fn overflow(&mut self, what: &str) {
        let messages = Text::new(
            format!("计算 “{what}” 时超出数值范围"),
            format!("計算「{what}」時超出數值範圍"),
            format!("computing \"{what}\" went out of the number range"),
        );
        self.errors.push(JixiaoError::new(
            ErrorCode::Overflow,
            format!("rows/{}", self.index),
            messages,
        ));
        if let Some(e) = self.errors.last_mut() {
            e.row = Some(self.index);
        }
    }

    fn raw_text(cell: &Cell) -> Option<String> {
        match cell {
            Cell::Missing => None,
            Cell::Raw(r) => Some(records::text(cell).unwrap_or_else(|| r.get().to_string())),
            Cell::Owned(v) => Some(v.to_string()),
        }
    }

    /// Reads a value source. `Ok(None)` is missing; `Err(())` means an error was recorded.
    fn source(
        &mut self,
        slots: &Slots,
        src: &Source,
        role: &str,
        rater_missing: RaterMissing,
        inputs: &mut Vec<StepInput>,
    ) -> Result<Option<Decimal>, ()> {
        match src {
            Source::Fixed(v) => {
                if self.explain {
                    inputs.push(StepInput {
                        role: role.into(),
                        field: None,
                        raw: None,
                        value: Some(Dec(*v)),
                    });
                }
                Ok(Some(*v))
            }
            Source::Field(f) => {
                let cell = records::cell(slots, &self.plan.fields, *f);
                let plan = self.plan;
                let name = plan.fields.name(*f);
                let raw = if self.explain { Self::raw_text(&cell) } else { None };
                match records::number(&cell) {
                    Ok(v) => {
                        if self.explain {
                            inputs.push(StepInput {
                                role: role.into(),
                                field: Some(name.to_string()),
                                raw,
                                value: v.map(Dec),
                            });
                        }
                        Ok(v)
                    }
                    Err(bad) => {
                        self.bad_number(name, &bad);
                        Err(())
                    }
                }
            }
            Source::Formula(f) => {
                let v = self.formula_number(slots, f)?;
                if self.explain {
                    inputs.push(StepInput {
                        role: role.into(),
                        field: Some(f.formula.source().to_string()),
                        raw: None,
                        value: v.map(Dec),
                    });
                }
                Ok(v)
            }
            Source::Raters(list) => {
                let plan = self.plan;
                // (weight, sum of the rater's scores, how many scores): the rated value is
                // Σ w·(sum/n) / Σ w, computed over a common denominator with one division
                let mut present: Vec<(Decimal, Decimal, u64)> = Vec::with_capacity(list.len());
                let mut weight_sum = Decimal::ZERO;
                let mut any = false;
                let mut failed = false;
                for (key, f, w) in list {
                    let cell = records::cell(slots, &self.plan.fields, *f);
                    let name = plan.fields.name(*f);
                    let raw = if self.explain { Self::raw_text(&cell) } else { None };
                    let scores = match records::scores(&cell) {
                        Ok(s) => s,
                        Err(bad) => {
                            self.bad_number(name, &bad);
                            failed = true;
                            continue;
                        }
                    };
                    let mut total = Decimal::ZERO;
                    for s in &scores {
                        total = checked_add(total, *s).map_err(|_| self.overflow(name))?;
                    }
                    let avg = if scores.is_empty() {
                        None
                    } else {
                        Some(checked_div(total, Decimal::from(scores.len())).map_err(|_| self.overflow(name))?)
                    };
                    if self.explain {
                        inputs.push(StepInput {
                            role: key.clone(),
                            field: Some(name.to_string()),
                            raw,
                            value: avg.map(Dec),
                        });
                    }
                    match avg {
                        Some(_) => {
                            any = true;
                            present.push((*w, total, u64::try_from(scores.len()).unwrap_or(1)));
                            weight_sum = checked_add(weight_sum, *w).map_err(|_| self.overflow(name))?;
                        }
                        None => match rater_missing {
                            RaterMissing::Renormalize => {}
                            RaterMissing::Zero => {
                                weight_sum = checked_add(weight_sum, *w).map_err(|_| self.overflow(name))?;
                            }
                            RaterMissing::Error => {
                                self.cell_error(
                                    ErrorCode::RaterMissing,
                                    name,
                                    None,
                                    Text::new(
                                        format!("评分人 “{key}” 未评分（“{name}” 为空）"),
                                        format!("評分人「{key}」未評分（「{name}」為空）"),
                                        format!("rater \"{key}\" gave no score (\"{name}\" is empty)"),
                                    ),
                                );
                                failed = true;
                            }
                        },
                    }
                }
                if failed {
                    return Err(());
                }
                if !any || weight_sum.is_zero() {
                    return Ok(None);
                }
                let common = present.iter().try_fold(1u64, |l, (_, _, n)| lcm(l, *n));
                let rated = (|| -> Result<Decimal, NumberError> {
                    let common = Decimal::from(common.ok_or(NumberError::Overflow)?);
                    let mut top = Decimal::ZERO;
                    for (w, total, n) in &present {
                        let share = checked_div(common, Decimal::from(*n))?; // exact: n divides common
                        top = checked_add(top, checked_mul(checked_mul(*w, *total)?, share)?)?;
                    }
                    checked_div(top, checked_mul(common, weight_sum)?)
                })();
                rated.map(Some).map_err(|_| self.overflow(role))
            }
        }
    }

    fn source_label(&self, src: &Source) -> String {
        match src {
            Source::Field(f) => self.field_name(*f),
            Source::Fixed(_) => tr!(self.locale, "目标", "目標", "target"),
            Source::Formula(f) => f.formula.source().to_string(),
            Source::Raters(_) => tr!(self.locale, "评分", "評分", "rating"),
        }
    }

    fn raters_text(&self, inputs: &[StepInput], src: &Source, value: Decimal) -> String {
        let Source::Raters(list) = src else {
            return String::new();
        };
        let mut parts = Vec::new();
        let mut wsum = Decimal::ZERO;
        for (key, f, w) in list {
            let name = self.field_name(*f);
            match inputs.iter().find(|i| &i.role == key).and_then(|i| i.value) {
                Some(v) => {
                    parts.push(format!("{name} {}×{}", format_plain(v.0.round_dp(4)), format_plain(*w)));
                    wsum = wsum.checked_add(*w).unwrap_or(wsum);
                }
                None => parts.push(tr!(self.locale, "{name} 缺失", "{name} 缺失", "{name} missing")),
            }
        }
        format!(
            "({}) ÷ {} = {}",
            parts.join(" + "),
            format_plain(wsum),
            self.score_text(value)
        )
    }

    fn indicator(&mut self, slots: &Slots, i: usize, states: &[IndState]) -> IndState {
        let plan = self.plan;
        let Some(ind) = plan.indicators.get(i) else {
            return IndState::default();
        };
        let mut st = IndState {
            status: "ok",
            ..IndState::default()
        };
        let mut inputs = Vec::new();
        let actual = match &ind.actual {
            Some(src) => match self.source(slots, src, "actual", ind.rater_missing, &mut inputs) {
                Ok(v) => v,
                Err(()) => {
                    st.failed = true;
                    None
                }
            },
            None => None,
        };
        let needs_target = ind.rule.uses_achievement();
        let target = match &ind.target {
            Some(src) => match self.source(slots, src, "target", ind.rater_missing, &mut inputs) {
                Ok(v) => v,
                Err(()) => {
                    st.failed = true;
                    None
                }
            },
            None => None,
        };
        st.actual = actual;
        st.target = target;
        st.inputs = inputs;
        if st.failed {
            st.status = "error";
            return st;
        }
        let needs_actual = !matches!(ind.rule, Rule::PassFail { .. });
        let missing_field = if needs_actual && actual.is_none() {
            Some(ind.actual.as_ref().map(|s| self.source_label(s)).unwrap_or_default())
        } else if needs_target && target.is_none() {
            Some(ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default())
        } else {
            None
        };
        if let Some(field) = missing_field {
            match ind.missing {
                Missing::Error => {
                    let name = ind.name.clone();
                    self.cell_error(
                        ErrorCode::MissingValue,
                        &field,
                        None,
                        Text::new(
                            format!("“{field}” 为空，指标 “{name}” 无法计算（missing: error）"),
                            format!("「{field}」為空，指標「{name}」無法計算（missing: error）"),
                            format!(
                                "\"{field}\" is empty, so indicator \"{name}\" cannot be computed (missing: error)"
                            ),
                        ),
                    );
                    st.failed = true;
                    st.status = "error";
                }
                Missing::Zero => {
                    st.shown = Some(self.round_score(Decimal::ZERO));
                    st.status = "missing_zero";
                    st.branch = Some("missing".into());
                    st.calc = tr!(
                        self.locale,
                        "{} 缺失，按 0 分计",
                        "{} 缺失，按 0 分計",
                        "{} is missing, scored 0",
                        field
                    );
                }
                Missing::Exclude => {
                    st.excluded = true;
                    st.status = "excluded";
                    st.branch = Some("missing".into());
                    st.calc = tr!(
                        self.locale,
                        "{} 缺失，本指标不参与计算，其余权重按比例放大到 100",
                        "{} 缺失，本指標不參與計算，其餘權重按比例放大到 100",
                        "{} is missing: the indicator drops out and the other weights scale up to 100",
                        field
                    );
                }
            }
            return st;
        }
        match self.score(slots, ind, actual, target, states, &mut st) {
            Ok(score) => {
                if score.is_none() {
                    st.failed = true;
                    st.status = "error";
                }
                st.shown = score.map(|s| self.round_score(s));
            }
            Err(()) => {
                st.failed = true;
                st.status = "error";
            }
        }
        st
    }

    /// Achievement per direction and onZero; `Err` when an error was recorded.
    fn achievement(
        &mut self,
        ind: &crate::compile::IndicatorPlan,
        a: Decimal,
        t: Decimal,
        st: &mut IndState,
    ) -> Result<Ratio, ()> {
        let (num, den) = match (ind.direction, ind.reverse) {
            (Direction::HigherBetter, _) => (a, t),
            // 2 − a/t = (2t − a)/t
            (Direction::LowerBetter, Reverse::Mirror) => {
                let two_t = checked_mul(Decimal::TWO, t).map_err(|_| self.overflow(&ind.name))?;
                (checked_sub(two_t, a).map_err(|_| self.overflow(&ind.name))?, t)
            }
            (Direction::LowerBetter, Reverse::Ratio) => (t, a),
        };
        let actual_label = ind.actual.as_ref().map(|s| self.source_label(s)).unwrap_or_default();
        let target_label = ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default();
        if den.is_zero() {
            let full_at = match &ind.rule {
                Rule::Linear { cap: Some(c), .. } => *c,
                _ => Decimal::ONE,
            };
            let divisor = if ind.direction == Direction::LowerBetter && ind.reverse == Reverse::Ratio {
                &actual_label
            } else {
                &target_label
            };
            return match ind.on_zero {
                OnZero::Error => {
                    let name = ind.name.clone();
                    self.cell_error(
                        ErrorCode::ZeroDivisor,
                        divisor,
                        Some("0"),
                        Text::new(
                            format!("“{divisor}” 为 0，指标 “{name}” 无法计算达成率（onZero: error）"),
                            format!("「{divisor}」為 0，指標「{name}」無法計算達成率（onZero: error）"),
                            format!(
                                "\"{divisor}\" is 0, so indicator \"{name}\" has no achievement rate (onZero: error)"
                            ),
                        ),
                    );
                    Err(())
                }
                OnZero::Full => {
                    st.calc = tr!(
                        self.locale,
                        "{divisor} 为 0，按满分计（达成率 {}）",
                        "{divisor} 為 0，按滿分計（達成率 {}）",
                        "{divisor} is 0: full marks (achievement {})",
                        self.pct(full_at)
                    );
                    Ok(Ratio::whole(full_at))
                }
                OnZero::Zero => {
                    st.calc = tr!(
                        self.locale,
                        "{divisor} 为 0，达成率按 0 计",
                        "{divisor} 為 0，達成率按 0 計",
                        "{divisor} is 0: achievement 0"
                    );
                    Ok(Ratio::whole(Decimal::ZERO))
                }
            };
        }
        let ratio = Ratio { num, den };
        let ach = ratio.value().map_err(|_| self.overflow(&ind.name))?;
        if self.explain {
            let unit = ind.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            let (av, tv) = (
                format!("{}{unit}", self.value_text(a)),
                format!("{}{unit}", self.value_text(t)),
            );
            st.calc = match (ind.direction, ind.reverse) {
                (Direction::HigherBetter, _) => {
                    format!("{actual_label} {av} ÷ {target_label} {tv} = {}", self.pct(ach))
                }
                (Direction::LowerBetter, Reverse::Ratio) => {
                    format!("{target_label} {tv} ÷ {actual_label} {av} = {}", self.pct(ach))
                }
                (Direction::LowerBetter, Reverse::Mirror) => {
                    format!("2 − {actual_label} {av} ÷ {target_label} {tv} = {}", self.pct(ach))
                }
            };
        }
        Ok(ratio)
    }

    fn score(
        &mut self,
        slots: &Slots,
        ind: &crate::compile::IndicatorPlan,
        actual: Option<Decimal>,
        target: Option<Decimal>,
        states: &[IndState],
        st: &mut IndState,
    ) -> Result<Option<Decimal>, ()> {
        let loc = self.locale;
        let ratio = if ind.rule.uses_achievement() {
            match (actual, target) {
                (Some(a), Some(t)) => Some(self.achievement(ind, a, t, st)?),
                _ => None,
            }
        } else {
            None
        };
        let achievement = match ratio {
            Some(r) => Some(r.value().map_err(|_| self.overflow(&ind.name))?),
            None => None,
        };
        st.achievement = achievement;
        if self.explain && achievement.is_none() {
            if let (Some(src), Some(a)) = (&ind.actual, actual) {
                st.calc = match src {
                    Source::Raters(_) => self.raters_text(&st.inputs, src, a),
                    _ => format!(
                        "{} {}{}",
                        self.source_label(src),
                        self.value_text(a),
                        ind.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
                    ),
                };
            }
        }
        let ov = |e: ()| e;
        let on_x = |on: On| -> Option<Decimal> {
            match on {
                On::Achievement => achievement,
                On::Value => actual,
            }
        };
        // the same figure as an exact fraction, so a score is computed with one division
        let on_ratio = |on: On| -> Option<Ratio> {
            match on {
                On::Achievement => ratio,
                On::Value => actual.map(Ratio::whole),
            }
        };
        let shown_x = |on: On, x: Decimal, this: &Self| -> String {
            match on {
                On::Achievement => this.pct(x),
                On::Value => this.value_text(x),
            }
        };
        let score = match &ind.rule {
            Rule::Linear { floor, cap, full } => {
                let Some(x) = achievement else { return Ok(None) };
                if let Some(f) = floor {
                    if x < *f {
                        st.branch = Some("below_floor".into());
                        st.rule = tr!(
                            loc,
                            "低于保底 {} → 0 分",
                            "低於保底 {} → 0 分",
                            "below the floor {} → 0",
                            self.pct(*f)
                        );
                        return Ok(Some(Decimal::ZERO));
                    }
                }
                let capped = match cap {
                    Some(c) if x > *c => {
                        st.branch = Some("capped".into());
                        *c
                    }
                    _ => {
                        st.branch = Some("linear".into());
                        x
                    }
                };
                let s = match (cap, ratio) {
                    (Some(c), _) if x > *c => checked_mul(*full, capped),
                    (_, Some(r)) => r.times(*full),
                    _ => checked_mul(*full, capped),
                }
                .map_err(|_| self.overflow(&ind.name))
                .map_err(ov)?;
                let s = s.max(Decimal::ZERO);
                if self.explain {
                    st.rule = match cap {
                        Some(c) if x > *c => tr!(
                            loc,
                            "线性计分，封顶 {} → {} × {}",
                            "線性計分，封頂 {} → {} × {}",
                            "linear, capped at {} → {} × {}",
                            self.pct(*c),
                            format_plain(*full),
                            self.pct(*c)
                        ),
                        _ => tr!(
                            loc,
                            "线性计分 {} × {}",
                            "線性計分 {} × {}",
                            "linear {} × {}",
                            format_plain(*full),
                            self.pct(x)
                        ),
                    };
                }
                s
            }
            Rule::Bands { on, bands, otherwise } => {
                let Some(x) = on_x(*on) else { return Ok(None) };
                let pos = bands.iter().position(|(min, _, _)| x >= *min);
                match pos.and_then(|p| bands.get(p).map(|b| (p, b))) {
                    Some((p, (min, score, label))) => {
                        st.branch = Some(format!("band:{}", format_plain(*min)));
                        if self.explain {
                            let lo = shown_x(*on, *min, self);
                            let range = match p.checked_sub(1).and_then(|q| bands.get(q)) {
                                Some((hi, _, _)) => format!("{lo}–{}", shown_x(*on, *hi, self)),
                                None => format!("≥ {lo}"),
                            };
                            let label = label
                                .as_ref()
                                .map(|l| tr!(loc, "（{l}）", "（{l}）", " ({l})"))
                                .unwrap_or_default();
                            st.rule = tr!(
                                loc,
                                "{range} 档{label} → {} 分",
                                "{range} 檔{label} → {} 分",
                                "band {range}{label} → {}",
                                format_plain(*score)
                            );
                        }
                        *score
                    }
                    None => {
                        st.branch = Some("below_bands".into());
                        if self.explain {
                            st.rule = tr!(
                                loc,
                                "低于所有档位 → {} 分",
                                "低於所有檔位 → {} 分",
                                "below every band → {}",
                                format_plain(*otherwise)
                            );
                        }
                        *otherwise
                    }
                }
            }
            Rule::Piecewise { on, points } => {
                let Some(x) = on_x(*on) else { return Ok(None) };
                let (Some(first), Some(last)) = (points.first(), points.last()) else {
                    return Ok(None);
                };
                if x <= first.0 {
                    st.branch = Some("below_first".into());
                    st.rule = tr!(
                        loc,
                        "不高于首点 {} → {} 分",
                        "不高於首點 {} → {} 分",
                        "at or below the first point {} → {}",
                        shown_x(*on, first.0, self),
                        format_plain(first.1)
                    );
                    first.1
                } else if x >= last.0 {
                    st.branch = Some("above_last".into());
                    st.rule = tr!(
                        loc,
                        "不低于末点 {} → {} 分",
                        "不低於末點 {} → {} 分",
                        "at or above the last point {} → {}",
                        shown_x(*on, last.0, self),
                        format_plain(last.1)
                    );
                    last.1
                } else {
                    let seg = points.windows(2).find(|w| matches!(w, [a, b] if x >= a.0 && x < b.0));
                    let Some([(x0, y0), (x1, y1)]) = seg else {
                        return Ok(None);
                    };
                    // y0 + (x − x0)(y1 − y0)/(x1 − x0) with x = num/den, divided once:
                    // y0 + (num − x0·den)(y1 − y0) / (den·(x1 − x0))
                    let r = on_ratio(*on).unwrap_or(Ratio::whole(x));
                    let y = (|| -> Result<Decimal, NumberError> {
                        let dx = checked_sub(r.num, checked_mul(*x0, r.den)?)?;
                        let top = checked_mul(dx, checked_sub(*y1, *y0)?)?;
                        let bottom = checked_mul(r.den, checked_sub(*x1, *x0)?)?;
                        checked_add(*y0, checked_div(top, bottom)?)
                    })()
                    .map_err(|_| self.overflow(&ind.name))?;
                    st.branch = Some(format!("segment:{}", format_plain(*x0)));
                    if self.explain {
                        st.rule = tr!(
                            loc,
                            "在 ({}, {})–({}, {}) 之间线性插值",
                            "在 ({}, {})–({}, {}) 之間線性插值",
                            "interpolated between ({}, {}) and ({}, {})",
                            shown_x(*on, *x0, self),
                            format_plain(*y0),
                            shown_x(*on, *x1, self),
                            format_plain(*y1)
                        );
                    }
                    y
                }
            }
            Rule::Direct { max, full } => {
                let Some(v) = actual else { return Ok(None) };
                match max {
                    Some(m) => {
                        let s = checked_div(checked_mul(v, *full).map_err(|_| self.overflow(&ind.name))?, *m)
                            .map_err(|_| self.overflow(&ind.name))?;
                        st.branch = Some("scaled".into());
                        st.rule = tr!(
                            loc,
                            "直接计分，按满分 {} 折算为 {}",
                            "直接計分，按滿分 {} 折算為 {}",
                            "direct, scaled from {} to {}",
                            format_plain(*m),
                            format_plain(*full)
                        );
                        s
                    }
                    None => {
                        st.branch = Some("direct".into());
                        st.rule = tr!(loc, "直接计分", "直接計分", "direct score");
                        v
                    }
                }
            }
            Rule::Deduct { per, min, full } => {
                let Some(v) = actual else { return Ok(None) };
                let raw = checked_add(*full, checked_mul(*per, v).map_err(|_| self.overflow(&ind.name))?)
                    .map_err(|_| self.overflow(&ind.name))?;
                let s = raw.max(*min);
                st.branch = Some(if raw < *min { "at_min".into() } else { "deduct".into() });
                if self.explain {
                    st.rule = tr!(
                        loc,
                        "扣分 {} + ({}) × {} = {}{}",
                        "扣分 {} + ({}) × {} = {}{}",
                        "deduction {} + ({}) × {} = {}{}",
                        format_plain(*full),
                        format_plain(*per),
                        format_plain(v),
                        format_plain(raw),
                        if raw < *min {
                            tr!(loc, "，不低于 {}", "，不低於 {}", ", not below {}", format_plain(*min))
                        } else {
                            String::new()
                        }
                    );
                }
                s
            }
            Rule::PassFail { pass, full } => {
                let ok = self.condition(slots, pass, states)?;
                st.branch = Some(if ok { "pass".into() } else { "fail".into() });
                st.rule = if ok {
                    tr!(loc, "达标 → {} 分", "達標 → {} 分", "passed → {}", format_plain(*full))
                } else {
                    tr!(loc, "未达标 → 0 分", "未達標 → 0 分", "not passed → 0")
                };
                if ok {
                    *full
                } else {
                    Decimal::ZERO
                }
            }
        };
        Ok(Some(score))
    }

    fn compare(op: Op, a: Decimal, b: Decimal) -> bool {
        match op {
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }

    /// Evaluates a condition; a comparison with a missing cell does not hold.
    fn condition(&mut self, slots: &Slots, c: &Cond, states: &[IndState]) -> Result<bool, ()> {
        match c {
            Cond::All(list) => {
                let mut all = true;
                for c in list {
                    all &= self.condition(slots, c, states)?;
                }
                Ok(all)
            }
            Cond::Any(list) => {
                let mut any = false;
                for c in list {
                    any |= self.condition(slots, c, states)?;
                }
                Ok(any)
            }
            Cond::Not(inner) => Ok(!self.condition(slots, inner, states)?),
            Cond::Formula(f) => self.formula_holds(slots, f),
            Cond::Field(f, op, lit) => {
                let cell = records::cell(slots, &self.plan.fields, *f);
                match lit {
                    Literal::Number(n) => match records::number(&cell) {
                        Ok(Some(v)) => Ok(Self::compare(*op, v, n.0)),
                        Ok(None) => Ok(false),
                        Err(bad) => {
                            let name = self.field_name(*f);
                            self.bad_number(&name, &bad);
                            Err(())
                        }
                    },
                    Literal::Text(t) => Ok(match records::nonblank_text(&cell) {
                        Some(v) => (v.trim() == t.trim()) == (*op == Op::Eq),
                        None => false,
                    }),
                    Literal::Bool(b) => Ok(match records::boolean(&cell) {
                        Some(v) => (v == *b) == (*op == Op::Eq),
                        None => false,
                    }),
                }
            }
            Cond::Indicator(i, of, op, lit) => {
                let Some(st) = states.get(*i) else { return Ok(false) };
                let figure = match of {
                    Of::Score => st.shown,
                    Of::Actual => st.actual,
                    Of::Target => st.target,
                    Of::Achievement => st.achievement,
                    Of::Weighted => st.weighted,
                };
                Ok(match (figure, lit) {
                    (Some(v), Literal::Number(n)) => Self::compare(*op, v, n.0),
                    _ => false,
                })
            }
        }
    }

    fn identity(&self, slots: &Slots, f: Option<FieldRef>) -> Option<String> {
        f.and_then(|f| records::nonblank_text(&records::cell(slots, &self.plan.fields, f)))
    }

    /// The person's measure values as cells of their row: (column, JSON text), or the
    /// errors of credited table rows that could not be read.
    fn measure_cells(&mut self) -> Result<Vec<(usize, Box<RawValue>)>, Vec<JixiaoError>> {
        let plan = self.plan;
        let Some(values) = self.measures else {
            return Ok(Vec::new());
        };
        let mut cells = Vec::new();
        let mut errors = Vec::new();
        for (i, m) in plan.measures.iter().enumerate() {
            if !values.computed(i) {
                continue;
            }
            match values.get(i, m.op, self.index) {
                Ok(v) => {
                    if self.explain {
                        let text = values.describe(m, &v, self.period, self.locale);
                        self.steps.push(Step {
                            kind: "measure",
                            key: Some(m.name.clone()),
                            inputs: Vec::new(),
                            rule: Some(crate::compile::op_name(m.op).to_string()),
                            branch: None,
                            value: v.value.map(Dec),
                            text,
                        });
                    }
                    let json = v.value.map_or_else(|| "null".to_string(), |x| format!("\"{x}\""));
                    match RawValue::from_string(json) {
                        Ok(raw) => cells.push((m.column, raw)),
                        Err(_) => cells.push((m.column, RawValue::NULL.to_owned())),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(cells)
        } else {
            Err(errors)
        }
    }

    fn run(&mut self, line: &str, unknown_roles: &mut BTreeSet<String>) -> Evaluated {
        let plan = self.plan;
        let (cells, measure_errors) = match self.measure_cells() {
            Ok(cells) => (cells, Vec::new()),
            Err(errors) => (Vec::new(), errors),
        };
        let slots = match read_row(line, &plan.fields) {
            Ok(s) => s,
            Err(problem) => {
                let (cn, tw, en) = match &problem {
                    RowProblem::Unreadable(r) => (
                        format!("第 {} 行无法读取：{r}", self.index),
                        format!("第 {} 列無法讀取：{r}", self.index),
                        format!("row {} cannot be read: {r}", self.index),
                    ),
                    RowProblem::NotAnObject(k) => (
                        format!("第 {} 行不是对象（{k}）", self.index),
                        format!("第 {} 列不是物件（{k}）", self.index),
                        format!("row {} is not an object ({k})", self.index),
                    ),
                };
                let mut e = JixiaoError::new(
                    ErrorCode::InvalidRow,
                    format!("rows/{}", self.index),
                    Text::new(cn, tw, en),
                );
                e.row = Some(self.index);
                return self.failed_row(vec![e]);
            }
        };
        let mut slots = slots;
        for (column, raw) in &cells {
            if let Some(slot) = slots.get_mut(*column) {
                *slot = Some(raw);
            }
        }
        if !measure_errors.is_empty() {
            let mut ev = self.failed_row(measure_errors);
            ev.result.id = self.identity(&slots, plan.id);
            ev.result.name = self.identity(&slots, plan.name);
            ev.result.group = self.identity(&slots, plan.group);
            ev.result.role = self.identity(&slots, plan.role);
            return ev;
        }
        let role = self.identity(&slots, plan.role);
        let role_key = match &role {
            Some(r) if plan.weights.contains_key(&(Some(r.clone()), self.version)) => Some(r.clone()),
            Some(r) => {
                if plan.role.is_some() && plan.weights.keys().any(|(k, _)| k.is_some()) {
                    unknown_roles.insert(r.clone());
                }
                None
            }
            None => None,
        };
        let mut states: Vec<IndState> = vec![IndState::default(); plan.indicators.len()];
        self.snapshot(&states);
        for &i in &plan.order {
            let st = self.indicator(&slots, i, &states);
            if let Some(slot) = states.get_mut(i) {
                *slot = st;
            }
            if let (Some(f), Some(st)) = (self.figures.get_mut(i), states.get(i)) {
                *f = formulas::Figures::of(st);
            }
        }
        let weights = plan
            .weights
            .get(&(role_key.clone(), self.version))
            .or_else(|| plan.weights.get(&(None, self.version)))
            .or_else(|| plan.weights.get(&(None, None)));
        let failed = states.iter().any(|s| s.failed);
        let mut total = None;
        let mut categories = Vec::new();
        if let (false, Some(ws)) = (failed, weights) {
            if let Ok(c) = self.weigh(&mut states, ws) {
                categories = c;
            }
        }
        self.snapshot(&states);
        // adjustments
        let mut adjustments = Vec::new();
        let mut adj_sum = Decimal::ZERO;
        for adj in &plan.adjustments {
            let mut inputs = Vec::new();
            let v = match self.source(&slots, &adj.value, "value", RaterMissing::Renormalize, &mut inputs) {
                Ok(v) => v.unwrap_or(Decimal::ZERO),
                Err(()) => continue,
            };
            let Ok(raw) = checked_mul(adj.per, v) else {
                self.overflow(&adj.name);
                continue;
            };
            let mut points = raw;
            let mut bound = None;
            if let Some(lo) = adj.min {
                if points < lo {
                    points = lo;
                    bound = Some(tr!(self.locale, "下限 {}", "下限 {}", "floor {}", format_plain(lo)));
                }
            }
            if let Some(hi) = adj.max {
                if points > hi {
                    points = hi;
                    bound = Some(tr!(self.locale, "上限 {}", "上限 {}", "ceiling {}", format_plain(hi)));
                }
            }
            let points = self.round_score(points);
            adj_sum = adj_sum.checked_add(points).unwrap_or(adj_sum);
            if self.explain {
                let bound = bound
                    .map(|b| tr!(self.locale, "（{b}）", "（{b}）", " ({b})"))
                    .unwrap_or_default();
                let text = format!(
                    "{}{}{} × ({}) = {}{bound}",
                    adj.name,
                    tr_colon(self.locale),
                    format_plain(v),
                    format_plain(adj.per),
                    self.score_text(points)
                );
                self.steps.push(Step {
                    kind: "adjustment",
                    key: Some(adj.key.clone()),
                    inputs,
                    rule: None,
                    branch: None,
                    value: Some(Dec(points)),
                    text,
                });
            }
            adjustments.push(AdjustmentResult {
                key: adj.key.clone(),
                name: adj.name.clone(),
                value: Dec(v),
                points: Dec(points),
            });
        }
        let ok_so_far = self.errors.is_empty();
        if ok_so_far {
            let mut sum = Decimal::ZERO;
            let mut parts = Vec::new();
            for st in &states {
                if let Some(w) = st.weighted {
                    sum = sum.checked_add(w).unwrap_or(sum);
                    parts.push(self.score_text(w));
                }
            }
            for a in &adjustments {
                sum = sum.checked_add(a.points.0).unwrap_or(sum);
                parts.push(format!("({})", self.score_text(a.points.0)));
            }
            let mut t = sum;
            let mut note = String::new();
            if t < plan.total_min {
                t = plan.total_min;
                note = tr!(
                    self.locale,
                    "，不低于 {}",
                    "，不低於 {}",
                    ", not below {}",
                    format_plain(plan.total_min)
                );
            }
            if let Some(max) = plan.total_max {
                if t > max {
                    t = max;
                    note = tr!(
                        self.locale,
                        "，不高于 {}",
                        "，不高於 {}",
                        ", not above {}",
                        format_plain(max)
                    );
                }
            }
            let t = self.round_score(t);
            if self.explain {
                let text = tr!(
                    self.locale,
                    "总分 = {} = {}{}",
                    "總分 = {} = {}{}",
                    "total = {} = {}{}",
                    parts.join(" + "),
                    self.score_text(sum),
                    note
                );
                let text = if note.is_empty() {
                    text
                } else {
                    format!("{text} → {}", self.score_text(t))
                };
                self.steps.push(Step {
                    kind: "total",
                    key: None,
                    inputs: Vec::new(),
                    rule: None,
                    branch: None,
                    value: Some(Dec(t)),
                    text,
                });
            }
            total = Some(t);
        }
        // vetoes
        let mut veto = None;
        let mut grade_override = None;
        if total.is_some() {
            for v in &plan.vetoes {
                match self.condition(&slots, &v.when, &states) {
                    Ok(true) => {
                        veto = Some(VetoHit {
                            key: v.key.clone(),
                            name: v.name.clone(),
                            reason: v.reason.clone(),
                        });
                        let vt = self.round_score(v.score);
                        total = Some(vt);
                        grade_override = Some(v.grade.clone().or_else(|| plan.grades.last().map(|g| g.0.clone())));
                        if self.explain {
                            let reason = v
                                .reason
                                .as_ref()
                                .map(|r| tr!(self.locale, "（{r}）", "（{r}）", " ({r})"))
                                .unwrap_or_default();
                            let text = tr!(
                                self.locale,
                                "一票否决：{}{reason} → 总分 {}",
                                "一票否決：{}{reason} → 總分 {}",
                                "veto: {}{reason} → total {}",
                                v.name,
                                self.score_text(vt)
                            );
                            self.steps.push(Step {
                                kind: "veto",
                                key: Some(v.key.clone()),
                                inputs: Vec::new(),
                                rule: None,
                                branch: None,
                                value: Some(Dec(vt)),
                                text,
                            });
                        }
                        break;
                    }
                    Ok(false) => {}
                    Err(()) => {
                        total = None;
                        break;
                    }
                }
            }
        }
        let incentives = if total.is_some() && !plan.incentives.is_empty() {
            Some(self.incentive_inputs(&slots, &states))
        } else {
            None
        };
        if !self.errors.is_empty() {
            total = None;
        }
        let grade = match (total, grade_override) {
            (None, _) => None,
            (Some(_), Some(g)) => g,
            (Some(t), None) => plan.grades.iter().find(|(_, min)| t >= *min).map(|(g, _)| g.clone()),
        };
        if self.explain {
            if let Some(t) = total {
                let text = grade_text(plan, self.locale, grade.as_deref(), veto.is_some(), &self.score_text(t));
                if !plan.grades.is_empty() {
                    self.steps.push(Step {
                        kind: "grade",
                        key: None,
                        inputs: Vec::new(),
                        rule: None,
                        branch: grade.clone(),
                        value: None,
                        text,
                    });
                }
            }
        }
        let ok = total.is_some();
        // rank keys
        let mut keys = Vec::with_capacity(plan.ranking.tie_breakers.len().saturating_add(1));
        for k in std::iter::once(&plan.ranking.by).chain(plan.ranking.tie_breakers.iter()) {
            keys.push(match &k.key {
                RankKey::Total => total,
                RankKey::Indicator(i) => states.get(*i).and_then(|s| s.shown),
                RankKey::Field(f) => records::number(&records::cell(&slots, &plan.fields, *f)).ok().flatten(),
            });
        }
        let group_key = plan
            .ranking
            .group_by
            .and_then(|g| records::nonblank_text(&records::cell(&slots, &plan.fields, g)));
        let indicators = plan
            .indicators
            .iter()
            .zip(states.iter())
            .map(|(ind, st)| IndicatorResult {
                key: ind.key.clone(),
                name: ind.name.clone(),
                status: st.status,
                actual: st.actual.map(Dec),
                target: st.target.map(Dec),
                achievement: st
                    .achievement
                    .map(|a| Dec(round(a, plan.rounding.rate, plan.rounding.mode))),
                score: st.shown.map(Dec),
                weight: st.weight.map(|w| Dec(self.round_score(w))),
                weighted: st.weighted.map(Dec),
                branch: st.branch.clone(),
            })
            .collect();
        if self.explain {
            let mut ind_steps = Vec::new();
            for (ind, st) in plan.indicators.iter().zip(states.iter_mut()) {
                if st.status == "error" {
                    continue;
                }
                let mut text = format!("{} = {}", ind.name, st.calc);
                if !st.rule.is_empty() {
                    text.push_str(tr_sep(self.locale));
                    text.push_str(&st.rule);
                }
                if let (Some(w), Some(wd)) = (st.weight, st.weighted) {
                    text.push_str(&tr!(
                        self.locale,
                        "；权重 {}% → {} 分",
                        "；權重 {}% → {} 分",
                        "; weight {}% → {}",
                        format_plain(w.round_dp(4)),
                        self.score_text(wd)
                    ));
                } else if st.excluded {
                    text = format!("{}{}{}", ind.name, tr_colon(self.locale), st.calc);
                }
                ind_steps.push(Step {
                    kind: "indicator",
                    key: Some(ind.key.clone()),
                    inputs: std::mem::take(&mut st.inputs),
                    rule: Some(rule_name(&ind.rule).into()),
                    branch: st.branch.clone(),
                    value: st.weighted.map(Dec),
                    text,
                });
            }
            // the measures (how raw tables were totalled) first, then the indicators, then the rest
            let rest = std::mem::take(&mut self.steps);
            let (mut measures, mut rest): (Vec<Step>, Vec<Step>) = rest.into_iter().partition(|s| s.kind == "measure");
            measures.append(&mut ind_steps);
            measures.append(&mut rest);
            self.steps = measures;
        }
        let result = PersonResult {
            index: self.index,
            id: self.identity(&slots, plan.id),
            name: self.identity(&slots, plan.name),
            group: self.identity(&slots, plan.group),
            role,
            ok,
            total: total.map(Dec),
            grade,
            rank: None,
            group_rank: None,
            top_percent: None,
            vetoed: veto.is_some() && ok,
            veto: if ok { veto } else { None },
            indicators,
            categories,
            adjustments,
            incentives: Vec::new(),
            payout: None,
            explain: self.explain.then(|| Explanation {
                lines: self.steps.iter().map(|s| s.text.clone()).collect(),
                steps: std::mem::take(&mut self.steps),
            }),
            errors: std::mem::take(&mut self.errors),
        };
        Evaluated {
            result,
            keys,
            group_key,
            total,
            incentives,
        }
    }

    fn failed_row(&mut self, errors: Vec<JixiaoError>) -> Evaluated {
        Evaluated {
            result: PersonResult {
                index: self.index,
                id: None,
                name: None,
                group: None,
                role: None,
                ok: false,
                total: None,
                grade: None,
                rank: None,
                group_rank: None,
                top_percent: None,
                vetoed: false,
                veto: None,
                indicators: Vec::new(),
                categories: Vec::new(),
                adjustments: Vec::new(),
                incentives: Vec::new(),
                payout: None,
                explain: None,
                errors,
            },
            keys: Vec::new(),
            group_key: None,
            total: None,
            incentives: None,
        }
    }

    /// Effective weights (with exclusions scaled back up to 100) and weighted scores.
    fn weigh(&mut self, states: &mut [IndState], ws: &crate::compile::WeightSet) -> Result<Vec<CategoryResult>, ()> {
        let plan = self.plan;
        let n_cat = plan.categories.len();
        // effective weights (percent of the total) as exact fractions: a weight scaled up
        // after exclusions (w × all / live) is only divided when the weighted score is
        let mut eff = vec![Ratio::whole(Decimal::ZERO); states.len()];
        match plan.weighting {
            Weighting::Global => {
                let live: Decimal = states
                    .iter()
                    .zip(ws.indicator.iter())
                    .filter(|(s, _)| !s.excluded)
                    .fold(Decimal::ZERO, |a, (_, w)| a.checked_add(*w).unwrap_or(a));
                let all: Decimal = ws
                    .indicator
                    .iter()
                    .fold(Decimal::ZERO, |a, w| a.checked_add(*w).unwrap_or(a));
                for (i, (st, w)) in states.iter().zip(ws.indicator.iter()).enumerate() {
                    if st.excluded {
                        continue;
                    }
                    let e = if live == all {
                        Ratio::whole(*w)
                    } else {
                        Ratio {
                            num: checked_mul(*w, all).map_err(|_| self.overflow("weight"))?,
                            den: live,
                        }
                    };
                    if let Some(slot) = eff.get_mut(i) {
                        *slot = e;
                    }
                }
            }
            Weighting::Nested => {
                let mut cat_live = vec![Decimal::ZERO; n_cat];
                let mut cat_all = vec![Decimal::ZERO; n_cat];
                for ((st, w), ind) in states.iter().zip(ws.indicator.iter()).zip(plan.indicators.iter()) {
                    let Some(c) = ind.category else { continue };
                    if let Some(a) = cat_all.get_mut(c) {
                        *a = a.checked_add(*w).unwrap_or(*a);
                    }
                    if !st.excluded {
                        if let Some(l) = cat_live.get_mut(c) {
                            *l = l.checked_add(*w).unwrap_or(*l);
                        }
                    }
                }
                let live_cats: Decimal = ws
                    .category
                    .iter()
                    .zip(cat_live.iter())
                    .filter(|(_, l)| !l.is_zero())
                    .fold(Decimal::ZERO, |a, (w, _)| a.checked_add(*w).unwrap_or(a));
                let all_cats: Decimal = ws
                    .category
                    .iter()
                    .fold(Decimal::ZERO, |a, w| a.checked_add(*w).unwrap_or(a));
                for (i, ((st, w), ind)) in states
                    .iter()
                    .zip(ws.indicator.iter())
                    .zip(plan.indicators.iter())
                    .enumerate()
                {
                    let Some(c) = ind.category else { continue };
                    if st.excluded {
                        continue;
                    }
                    let (Some(cw), Some(cl), Some(ca)) = (ws.category.get(c), cat_live.get(c), cat_all.get(c)) else {
                        continue;
                    };
                    // (cw × all_cats / live_cats) × (w × ca / cl) / 100
                    let e = (|| -> Result<Ratio, NumberError> {
                        let num = checked_mul(checked_mul(*cw, all_cats)?, checked_mul(*w, *ca)?)?;
                        let den = checked_mul(checked_mul(live_cats, *cl)?, HUNDRED)?;
                        Ok(Ratio { num, den })
                    })()
                    .map_err(|_| self.overflow("weight"))?;
                    if let Some(slot) = eff.get_mut(i) {
                        *slot = e;
                    }
                }
            }
        }
        if states.iter().all(|s| s.excluded) {
            let mut e = JixiaoError::new(
                ErrorCode::MissingValue,
                format!("rows/{}", self.index),
                Text::new(
                    "所有指标都缺失，无法计算总分",
                    "所有指標都缺失，無法計算總分",
                    "every indicator is missing; no total can be computed",
                ),
            );
            e.row = Some(self.index);
            self.errors.push(e);
            return Err(());
        }
        for (st, e) in states.iter_mut().zip(eff.iter()) {
            if st.excluded {
                continue;
            }
            let Some(score) = st.shown else { continue };
            // score × num / (den × 100), one division
            let w = (|| checked_div(checked_mul(score, e.num)?, checked_mul(e.den, HUNDRED)?))()
                .map_err(|_| self.overflow("weighted"))?;
            st.weight = Some(e.value().map_err(|_| self.overflow("weight"))?);
            st.weighted = Some(self.round_score(w));
        }
        let mut out = Vec::with_capacity(n_cat);
        for (c, (key, name)) in plan.categories.iter().enumerate() {
            let mut weight = Decimal::ZERO;
            let mut weighted = Decimal::ZERO;
            for (st, ind) in states.iter().zip(plan.indicators.iter()) {
                if ind.category == Some(c) {
                    if let (Some(w), Some(wd)) = (st.weight, st.weighted) {
                        weight = weight.checked_add(w).unwrap_or(weight);
                        weighted = weighted.checked_add(wd).unwrap_or(weighted);
                    }
                }
            }
            let score = checked_div(checked_mul(weighted, HUNDRED).unwrap_or_default(), weight)
                .ok()
                .map(|s| Dec(self.round_score(s)));
            out.push(CategoryResult {
                key: key.clone(),
                name: name.clone(),
                score,
                weight: Dec(self.round_score(weight)),
                weighted: Dec(self.round_score(weighted)),
            });
        }
        Ok(out)
    }
}

/// The explanation line of a grade: by band (`等级：总分 87.30 ≥ 85 → A`), by veto, or none.
pub(crate) fn grade_text(plan: &Plan, locale: Locale, grade: Option<&str>, vetoed: bool, total: &str) -> String {
    match (grade, vetoed) {
        (Some(g), true) => tr!(locale, "等级：否决 → {g}", "等級：否決 → {g}", "grade: vetoed → {g}"),
        (Some(g), false) => {
            let min = plan
                .grades
                .iter()
                .find(|(n, _)| n == g)
                .map(|(_, m)| format_plain(*m))
                .unwrap_or_default();
            tr!(
                locale,
                "等级：总分 {total} ≥ {min} → {g}",
                "等級：總分 {total} ≥ {min} → {g}",
                "grade: total {total} ≥ {min} → {g}"
            )
        }
        (None, _) => tr!(locale, "等级：无匹配档位", "等級：無匹配檔位", "grade: no band matches"),
    }
}

/// The clause separator of a locale.
fn tr_sep(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "; ",
        _ => "；",
    }
}

/// The label colon of a locale.
fn tr_colon(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ": ",
        _ => "：",
    }
}

/// A figure kept as a fraction until the last step, so exact results stay exact
/// (`1/3 × 300` is 100, not 99.999…).
#[derive(Clone, Copy, Debug)]
struct Ratio {
    num: Decimal,
    den: Decimal,
}

impl Ratio {
    fn whole(v: Decimal) -> Ratio {
        Ratio {
            num: v,
            den: Decimal::ONE,
        }
    }

    fn value(self) -> Result<Decimal, NumberError> {
        checked_div(self.num, self.den)
    }

    /// k × num / den, multiplying first.
    fn times(self, k: Decimal) -> Result<Decimal, NumberError> {
        checked_div(checked_mul(k, self.num)?, self.den)
    }
}

/// Least common multiple of small counts (rater score lists); `None` on overflow.
fn lcm(a: u64, b: u64) -> Option<u64> {
    fn gcd(mut a: u64, mut b: u64) -> u64 {
        while b != 0 {
            let t = a.checked_rem(b).unwrap_or(0);
            a = b;
            b = t;
        }
        a
    }
    let g = gcd(a, b);
    a.checked_div(g)?.checked_mul(b)
}

fn rule_name(rule: &Rule) -> &'static str {
    match rule {
        Rule::Linear { .. } => "linear",
        Rule::Bands { .. } => "bands",
        Rule::Piecewise { .. } => "piecewise",
        Rule::Direct { .. } => "direct",
        Rule::Deduct { .. } => "deduct",
        Rule::PassFail { .. } => "pass_fail",
    }
}

/// Orders two rows by the ranking keys (None last); ties keep input order.
fn order(plan: &Plan, a: &Evaluated, b: &Evaluated) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let specs = std::iter::once(&plan.ranking.by).chain(plan.ranking.tie_breakers.iter());
    for (k, spec) in specs.enumerate() {
        let (x, y) = (a.keys.get(k).copied().flatten(), b.keys.get(k).copied().flatten());
        let ord = match (x, y) {
            (Some(x), Some(y)) => {
                if spec.descending {
                    y.cmp(&x)
                } else {
                    x.cmp(&y)
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Ranks in `sorted` order: returns the rank of each position.
fn ranks(plan: &Plan, rows: &[Evaluated], sorted: &[usize]) -> Vec<u32> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut prev: Option<usize> = None;
    let mut last_rank = 0u32;
    for (pos, &i) in sorted.iter().enumerate() {
        let position = u32::try_from(pos).unwrap_or(u32::MAX).saturating_add(1);
        let tied = match (prev, rows.get(i)) {
            (Some(p), Some(cur)) => rows
                .get(p)
                .is_some_and(|pr| order(plan, pr, cur) == std::cmp::Ordering::Equal),
            _ => false,
        };
        let r = match plan.ranking.method {
            RankMethod::Ordinal => position,
            RankMethod::Competition => {
                if tied {
                    last_rank
                } else {
                    position
                }
            }
            RankMethod::Dense => {
                if tied {
                    last_rank
                } else {
                    last_rank.saturating_add(1)
                }
            }
        };
        out.push(r);
        last_rank = r;
        prev = Some(i);
    }
    out
}

fn rank(plan: &Plan, rows: &mut [Evaluated], locale: Locale, explain: bool) {
    let mut sorted: Vec<usize> = (0..rows.len())
        .filter(|i| rows.get(*i).is_some_and(|r| r.result.ok))
        .collect();
    sorted.sort_by(|a, b| match (rows.get(*a), rows.get(*b)) {
        (Some(x), Some(y)) => order(plan, x, y),
        _ => std::cmp::Ordering::Equal,
    });
    let n = sorted.len();
    let overall = ranks(plan, rows, &sorted);
    for (&i, &r) in sorted.iter().zip(overall.iter()) {
        if let Some(row) = rows.get_mut(i) {
            row.result.rank = Some(r);
            row.result.top_percent = checked_div(Decimal::from(r), Decimal::from(n))
                .ok()
                .map(|p| Dec(round(p, plan.rounding.rate, plan.rounding.mode)));
        }
    }
    if plan.ranking.group_by.is_some() {
        let mut groups: IndexMap<Option<String>, Vec<usize>> = IndexMap::new();
        for &i in &sorted {
            let key = rows.get(i).and_then(|r| r.group_key.clone());
            groups.entry(key).or_default().push(i);
        }
        for members in groups.values() {
            let rs = ranks(plan, rows, members);
            for (&i, &r) in members.iter().zip(rs.iter()) {
                if let Some(row) = rows.get_mut(i) {
                    row.result.group_rank = Some(r);
                }
            }
        }
    }
    if explain {
        for row in rows.iter_mut() {
            let (Some(r), Some(tp)) = (row.result.rank, row.result.top_percent) else {
                continue;
            };
            let pct = format_percent(tp.0, 2, plan.rounding.mode);
            let mut text = tr!(
                locale,
                "排名：第 {r} / {n} 名（前 {pct}）",
                "排名：第 {r} / {n} 名（前 {pct}）",
                "rank: {r} of {n} (top {pct})"
            );
            if let Some(g) = row.result.group_rank {
                let name = row.group_key.clone().unwrap_or_default();
                text.push_str(&tr!(
                    locale,
                    "；{name} 组内第 {g} 名",
                    "；{name} 組內第 {g} 名",
                    "; {g} within {name}"
                ));
            }
            if let Some(ex) = row.result.explain.as_mut() {
                ex.lines.push(text.clone());
                ex.steps.push(Step {
                    kind: "rank",
                    key: None,
                    inputs: Vec::new(),
                    rule: None,
                    branch: None,
                    value: None,
                    text,
                });
            }
        }
    }
}

fn summarize(plan: &Plan, rows: &[Evaluated]) -> Summary {
    let mode = plan.rounding.mode;
    let places = plan.rounding.score;
    let mut totals: Vec<Decimal> = rows.iter().filter_map(|r| r.total).collect();
    totals.sort();
    let n = totals.len();
    let sum = totals.iter().try_fold(Decimal::ZERO, |a, t| a.checked_add(*t));
    let mean = sum
        .and_then(|s| checked_div(s, Decimal::from(n)).ok())
        .map(|m| Dec(round(m, places, mode)));
    let median = if n == 0 {
        None
    } else if n % 2 == 1 {
        totals.get(n / 2).copied()
    } else {
        match (totals.get((n / 2).saturating_sub(1)), totals.get(n / 2)) {
            (Some(a), Some(b)) => a.checked_add(*b).and_then(|s| checked_div(s, Decimal::TWO).ok()),
            _ => None,
        }
    }
    .map(|m| Dec(round(m, places, mode)));
    let mut grades: IndexMap<String, usize> = plan.grades.iter().map(|(g, _)| (g.clone(), 0)).collect();
    for r in rows {
        if let Some(g) = &r.result.grade {
            let c = grades.entry(g.clone()).or_insert(0);
            *c = c.saturating_add(1);
        }
    }
    let ok = rows.iter().filter(|r| r.result.ok).count();
    let (payout, payouts) = payouts::totals(plan, rows);
    Summary {
        count: rows.len(),
        ok,
        failed: rows.len().saturating_sub(ok),
        vetoed: rows.iter().filter(|r| r.result.vetoed).count(),
        mean,
        median,
        min: totals.first().copied().map(Dec),
        max: totals.last().copied().map(Dec),
        grades,
        payout,
        payouts,
    }
}

const SIMPLE_TARGETS: [&str; 14] = [
    "payout",
    "id",
    "name",
    "group",
    "role",
    "ok",
    "total",
    "grade",
    "rank",
    "groupRank",
    "topPercent",
    "vetoed",
    "veto",
    "errors",
];

fn check_mapping(plan: &Plan, mapping: &IndexMap<String, String>) -> Result<(), JixiaoError> {
    for (column, what) in mapping {
        let ok = SIMPLE_TARGETS.contains(&what.as_str())
            || match what.split('.').collect::<Vec<_>>().as_slice() {
                ["indicators", key, fig] => {
                    plan.indicators.iter().any(|i| i.key == *key)
                        && ["actual", "target", "achievement", "score", "weight", "weighted"].contains(fig)
                }
                ["categories", key, fig] => {
                    plan.categories.iter().any(|c| c.0 == *key) && ["score", "weighted", "weight"].contains(fig)
                }
                ["adjustments", key] => plan.adjustments.iter().any(|a| a.key == *key),
                ["incentives", key] => {
                    let inc = &plan.incentives;
                    inc.commissions.iter().any(|c| c.key == *key)
                        || inc.bonuses.iter().any(|b| b.key == *key)
                        || inc.pools.iter().any(|p| p.key == *key)
                        || inc.awards.iter().any(|a| a.key == *key)
                }
                _ => false,
            };
        if !ok {
            return Err(input_error(
                &format!("options/rows/{}", crate::error::escape_pointer(column)),
                format!("回写列 “{column}” 的取值 “{what}” 无法识别"),
                format!("回寫欄「{column}」的取值「{what}」無法識別"),
                format!("the write-back column \"{column}\" asks for \"{what}\", which is not known"),
            ));
        }
    }
    Ok(())
}

fn json_number(d: Option<Dec>) -> serde_json::Value {
    d.and_then(|d| d.0.to_string().parse::<f64>().ok())
        .and_then(serde_json::Number::from_f64)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

fn json_text(s: Option<&String>) -> serde_json::Value {
    s.map(|s| serde_json::Value::String(s.clone()))
        .unwrap_or(serde_json::Value::Null)
}

/// Flat write-back rows: numbers as JSON numbers, texts as strings, missing as null.
fn write_back(
    results: &[PersonResult],
    mapping: &IndexMap<String, String>,
) -> Vec<IndexMap<String, serde_json::Value>> {
    use serde_json::Value;
    results
        .iter()
        .map(|r| {
            mapping
                .iter()
                .map(|(column, what)| {
                    let v = match what.as_str() {
                        "id" => json_text(r.id.as_ref()),
                        "name" => json_text(r.name.as_ref()),
                        "group" => json_text(r.group.as_ref()),
                        "role" => json_text(r.role.as_ref()),
                        "grade" => json_text(r.grade.as_ref()),
                        "ok" => Value::Bool(r.ok),
                        "vetoed" => Value::Bool(r.vetoed),
                        "veto" => json_text(r.veto.as_ref().map(|v| &v.name)),
                        "total" => json_number(r.total),
                        "payout" => json_number(r.payout),
                        "topPercent" => json_number(r.top_percent),
                        "rank" => r.rank.map(Value::from).unwrap_or(Value::Null),
                        "groupRank" => r.group_rank.map(Value::from).unwrap_or(Value::Null),
                        "errors" => Value::String(
                            r.errors
                                .iter()
                                .map(|e| e.message.clone())
                                .collect::<Vec<_>>()
                                .join("；"),
                        ),
                        other => match other.split('.').collect::<Vec<_>>().as_slice() {
                            ["indicators", key, fig] => r
                                .indicators
                                .iter()
                                .find(|i| i.key == *key)
                                .map(|i| {
                                    json_number(match *fig {
                                        "actual" => i.actual,
                                        "target" => i.target,
                                        "achievement" => i.achievement,
                                        "score" => i.score,
                                        "weight" => i.weight,
                                        _ => i.weighted,
                                    })
                                })
                                .unwrap_or(Value::Null),
                            ["categories", key, fig] => r
                                .categories
                                .iter()
                                .find(|c| c.key == *key)
                                .map(|c| {
                                    json_number(match *fig {
                                        "score" => c.score,
                                        "weight" => Some(c.weight),
                                        _ => Some(c.weighted),
                                    })
                                })
                                .unwrap_or(Value::Null),
                            ["incentives", key] => {
                                let mut found = false;
                                let mut sum = Decimal::ZERO;
                                for l in r.incentives.iter().filter(|l| l.key == *key) {
                                    found = true;
                                    sum = sum.checked_add(l.amount.0).unwrap_or(sum);
                                }
                                if found || r.payout.is_some() {
                                    json_number(Some(Dec(sum)))
                                } else {
                                    Value::Null
                                }
                            }
                            ["adjustments", key] => r
                                .adjustments
                                .iter()
                                .find(|a| a.key == *key)
                                .map(|a| json_number(Some(a.points)))
                                .unwrap_or(Value::Null),
                            _ => Value::Null,
                        },
                    };
                    (column.clone(), v)
                })
                .collect()
        })
        .collect()
}
