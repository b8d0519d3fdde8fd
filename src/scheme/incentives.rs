//! The `incentives` section: commission (tiers, mode), bonus, team pools and awards.

use super::{Condition, Num, On, ValueSource};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How a commission reads its base: this period's figure, or the year to date.
///
/// ```
/// let a: jixiao::scheme::Accumulate = serde_json::from_str("\"ytd\"").unwrap();
/// assert_eq!(a, jixiao::scheme::Accumulate::Ytd);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accumulate {
    /// The base is this period's (default).
    #[default]
    Period,
    /// The base is the year to date; the payout is commission(YTD base) − `paid` (累计补差).
    Ytd,
}

/// Whose figures a commission reads.
///
/// ```
/// let s: jixiao::scheme::PlanScope = serde_json::from_str("\"group\"").unwrap();
/// assert_eq!(s, jixiao::scheme::PlanScope::Group);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanScope {
    /// The person's own base and target (default).
    #[default]
    Person,
    /// The sums over the person's group (`fields.group`): a team override (团队提成).
    Group,
}

/// A commission plan (提成方案) in the scheme's `incentives.commission`.
///
/// ```
/// let p: jixiao::scheme::CommissionPlan = serde_json::from_str(r#"{ "key": "own", "base": { "field": "回款额" },
///   "tiers": [ { "from": "0", "rate": "0.02" }, { "from": "500000", "rate": "0.03" } ],
///   "mode": "marginal", "gate": { "field": "回款率", "op": ">=", "value": "0.6" } }"#).unwrap();
/// assert_eq!(p.tiers.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommissionPlan {
    /// Unique key among the incentives (default `commission`, then `commission2` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Display name (default 提成 / Commission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The base: revenue, gross margin, collected amount …
    pub base: ValueSource,
    /// The target (needed with `on: "achievement"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ValueSource>,
    /// Tiers, `from` strictly increasing.
    pub tiers: Vec<Tier>,
    /// `marginal` (超额累进, default) or `whole` (全额累进).
    #[serde(default)]
    pub mode: CommissionMode,
    /// `value` (default), `achievement` (`from` is an achievement rate), or another figure
    /// (`{ "field": "利润率" }`, `{ "formula": "…" }`; whole mode only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<TierOn>,
    /// Pays 0 unless it holds (e.g. 回款率 ≥ 0.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Condition>,
    /// The most it pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
    /// `period` (default) or `ytd`.
    #[serde(default)]
    pub accumulate: Accumulate,
    /// With `ytd`: what was already paid this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<ValueSource>,
    /// Only rows where it holds get this plan (e.g. 岗位 = 销售经理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Condition>,
    /// `person` (default) or `group` (a team override on the group's sums).
    #[serde(default)]
    pub scope: PlanScope,
}

/// What a commission's tiers are read on: `"value"` (the base, the default),
/// `"achievement"` (base ÷ target), or another figure of the row, `{ "field": "利润率" }`
/// or `{ "formula": "毛利 / 销售额" }`: the whole base is paid at the rate of the tier that
/// figure falls in (根据利润率设置提成比例; whole mode only).
///
/// ```
/// use jixiao::scheme::{On, TierOn};
/// let f: TierOn = serde_json::from_str(r#"{"field":"利润率"}"#).unwrap();
/// assert_eq!(f.figure_name(), Some("利润率"));
/// let v: TierOn = serde_json::from_str(r#""achievement""#).unwrap();
/// assert_eq!(v.basis(), On::Achievement);
/// assert!(serde_json::from_str::<TierOn>(r#"{"field":"a","formula":"b"}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    untagged,
    deny_unknown_fields,
    expecting = "\"value\", \"achievement\", { \"field\": … } or { \"formula\": … }"
)]
pub enum TierOn {
    /// `"value"` or `"achievement"`.
    Basis(On),
    /// A column of the row.
    Field {
        /// The column.
        field: String,
    },
    /// A formula over the row.
    Formula {
        /// The formula.
        formula: String,
    },
}

impl Default for TierOn {
    fn default() -> TierOn {
        TierOn::Basis(On::Value)
    }
}

impl TierOn {
    /// What `from` is measured in: `achievement`, or `value` (the base's or the figure's own units).
    ///
    /// ```
    /// let f: jixiao::scheme::TierOn = serde_json::from_str(r#"{"formula":"毛利 / 销售额"}"#).unwrap();
    /// assert_eq!(f.basis(), jixiao::scheme::On::Value);
    /// ```
    pub fn basis(&self) -> On {
        match self {
            TierOn::Basis(on) => *on,
            _ => On::Value,
        }
    }

    /// The figure's name (its column or formula) when the tiers are read on another figure.
    ///
    /// ```
    /// assert_eq!(jixiao::scheme::TierOn::default().figure_name(), None);
    /// ```
    pub fn figure_name(&self) -> Option<&str> {
        match self {
            TierOn::Basis(_) => None,
            TierOn::Field { field } => Some(field),
            TierOn::Formula { formula } => Some(formula),
        }
    }

    /// The figure as a value source, when the tiers are read on another figure.
    ///
    /// ```
    /// let f: jixiao::scheme::TierOn = serde_json::from_str(r#"{"field":"利润率"}"#).unwrap();
    /// assert!(matches!(f.figure(), Some(jixiao::scheme::ValueSource::Field { .. })));
    /// ```
    pub fn figure(&self) -> Option<ValueSource> {
        match self {
            TierOn::Basis(_) => None,
            TierOn::Field { field } => Some(ValueSource::Field {
                field: field.clone(),
                range: None,
            }),
            TierOn::Formula { formula } => Some(ValueSource::Formula {
                formula: formula.clone(),
                range: None,
            }),
        }
    }
}

/// How a bonus scales its base.
///
/// ```
/// let b: jixiao::scheme::BonusBy = serde_json::from_str("\"score\"").unwrap();
/// assert_eq!(b, jixiao::scheme::BonusBy::Score);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BonusBy {
    /// base × the grade's coefficient (default).
    #[default]
    Grade,
    /// base × total / 100.
    Score,
}

/// A performance bonus (绩效奖金) in `incentives.bonus`.
///
/// ```
/// let b: jixiao::scheme::BonusPlan = serde_json::from_str(r#"{ "base": { "field": "奖金基数" },
///   "coefficients": { "S": "1.5", "A": "1.2", "B": "1", "C": "0.6", "D": "0" } }"#).unwrap();
/// assert_eq!(b.coefficients.len(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BonusPlan {
    /// Unique key (default `bonus`, then `bonus2` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Display name (default 绩效奖金 / Bonus).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The base amount.
    pub base: ValueSource,
    /// `grade` (default) or `score`.
    #[serde(default)]
    pub by: BonusBy,
    /// Grade → coefficient (with `by: "grade"`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub coefficients: IndexMap<String, Num>,
    /// The most it pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
    /// Pays 0 unless it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Condition>,
    /// Only rows where it holds get this bonus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Condition>,
}

/// What a pool share is weighted by: `"score"`, `"score_x_base"` or `{ "field": … }`.
///
/// ```
/// let w: jixiao::scheme::PoolWeight = serde_json::from_str("\"score_x_base\"").unwrap();
/// assert_eq!(w, jixiao::scheme::PoolWeight::Named(jixiao::scheme::PoolWeightName::ScoreXBase));
/// let f: jixiao::scheme::PoolWeight = serde_json::from_str(r#"{"field":"系数"}"#).unwrap();
/// assert!(matches!(f, jixiao::scheme::PoolWeight::Field { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged, deny_unknown_fields)]
pub enum PoolWeight {
    /// `score` or `score_x_base`.
    Named(PoolWeightName),
    /// A column's value.
    Field {
        /// The column.
        field: String,
    },
}

/// The named pool weights.
///
/// ```
/// let w: jixiao::scheme::PoolWeightName = serde_json::from_str("\"score\"").unwrap();
/// assert_eq!(w, jixiao::scheme::PoolWeightName::Score);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PoolWeightName {
    /// The person's total.
    Score,
    /// total × the pool's `base`.
    ScoreXBase,
}

impl Default for PoolWeight {
    fn default() -> PoolWeight {
        PoolWeight::Named(PoolWeightName::Score)
    }
}

/// A team bonus pool (团队奖金池) in `incentives.pool`.
///
/// ```
/// let p: jixiao::scheme::PoolPlan = serde_json::from_str(r#"{ "amount": { "value": "100000" }, "groupBy": "group",
///   "weight": "score", "when": { "indicator": "revenue", "of": "achievement", "op": ">=", "value": 1 },
///   "cap": "40000" }"#).unwrap();
/// assert!(p.when.is_some());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolPlan {
    /// Unique key (default `pool`, then `pool2` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Display name (default 团队奖金池 / Team pool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pool of each group: a fixed value, or a column every row of the group carries.
    pub amount: ValueSource,
    /// `group` (the `fields.group` column, default when mapped) or a column; none: one pool for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Share weights (default `score`).
    #[serde(default)]
    pub weight: PoolWeight,
    /// The base of `score_x_base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ValueSource>,
    /// A group condition: fields are summed over the group, an indicator's achievement is
    /// Σ actual / Σ target, its score the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The most one person gets; the excess is re-spread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
}

/// An award (销售之星, 进步最快奖) in `incentives.awards`.
///
/// ```
/// let a: jixiao::scheme::AwardPlan = serde_json::from_str(r#"{ "name": "销售之星", "by": "total", "top": 3, "prize": "5000" }"#).unwrap();
/// assert_eq!(a.top, 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwardPlan {
    /// Unique key (default `award`, then `award2` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Display name.
    pub name: String,
    /// `total` (default), an indicator key (its score) or a column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// How many places.
    pub top: u32,
    /// The prize of each place.
    pub prize: Num,
    /// `group` or a column: the places are per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// `include` (default: everyone tied inside the places wins) or `split`.
    #[serde(default)]
    pub ties: AwardTies,
    /// The least figure that can win.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
}

/// The scheme's `incentives` section. Each entry takes one plan or a list.
///
/// ```
/// let (s, issues) = jixiao::scheme::decode_scheme(&serde_json::json!({ "incentives": {
///   "commission": { "base": { "field": "回款额" }, "tiers": [ { "from": 0, "rate": "0.02" } ] },
///   "awards": [ { "name": "销售之星", "top": 1, "prize": 5000 } ] } }));
/// assert!(issues.is_empty());
/// assert_eq!((s.incentives.commission.len(), s.incentives.awards.len()), (1, 1));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default)]
pub struct Incentives {
    /// Commission plans (提成).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CommissionPlan | CommissionPlan[]"))]
    pub commission: Vec<CommissionPlan>,
    /// Bonuses (绩效奖金).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "BonusPlan | BonusPlan[]"))]
    pub bonus: Vec<BonusPlan>,
    /// Team pools (团队奖金池).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "PoolPlan | PoolPlan[]"))]
    pub pool: Vec<PoolPlan>,
    /// Awards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "AwardPlan | AwardPlan[]"))]
    pub awards: Vec<AwardPlan>,
}

/// How tiers pay: `marginal` (超额累进, each slice at its own rate; default) or `whole`
/// (全额累进, the whole base at the rate of the highest tier reached).
///
/// ```
/// let m: jixiao::scheme::CommissionMode = serde_json::from_str("\"whole\"").unwrap();
/// assert_eq!(m, jixiao::scheme::CommissionMode::Whole);
/// assert_eq!(jixiao::scheme::CommissionMode::default(), jixiao::scheme::CommissionMode::Marginal);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommissionMode {
    /// 超额累进: each slice of the base at its own tier's rate (default).
    #[default]
    Marginal,
    /// 全额累进: the whole base at the rate of the highest tier reached.
    Whole,
}

/// One commission tier: from `from` (inclusive) the rate is `rate`.
///
/// ```
/// let t: jixiao::scheme::Tier = serde_json::from_str(r#"{"from":"50万","rate":"3%","label":"银牌"}"#).unwrap();
/// assert_eq!(t.from.0.to_string(), "500000");
/// assert_eq!(t.rate.0.to_string(), "0.03");
/// assert!(serde_json::from_str::<jixiao::scheme::Tier>(r#"{"from":0,"rate":0,"typo":1}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Where the tier starts (inclusive): a base value, or an achievement rate with `on: "achievement"`.
    pub from: Num,
    /// The commission rate (`0.03`, `"3%"`).
    pub rate: Num,
    /// Optional label for explanations (`"银牌"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// How ties at the cut of an award are handled: `include` (default: everyone tied wins a
/// full prize) or `split` (the tied group shares the places left).
///
/// ```
/// let t: jixiao::scheme::AwardTies = serde_json::from_str("\"split\"").unwrap();
/// assert_eq!(t, jixiao::scheme::AwardTies::Split);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AwardTies {
    /// Everyone ranked within `top` wins a full prize; ties at the cut can make more winners (default).
    #[default]
    Include,
    /// The tied group crossing the cut shares the places left equally.
    Split,
}
