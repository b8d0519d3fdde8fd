//! The scheme document (考核方案), SPEC §2: the serde model and a decoder that reports
//! every problem at once with a JSON pointer.

use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{decimal_from_f64, parse_number_text, NumberError};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A decimal written in a scheme as a JSON number or a number text (`"0.6"`, `"60%"`, `"1.2万"`).
///
/// ```
/// let n: jixiao::Num = serde_json::from_str("\"60%\"").unwrap();
/// assert_eq!(n.0.to_string(), "0.60");
/// let m: jixiao::Num = serde_json::from_str("0.1").unwrap();
/// assert_eq!(m.0.to_string(), "0.1");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(pub Decimal);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct NumVisitor;
        impl Visitor<'_> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a number text")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                decimal_from_f64(v)
                    .map(Num)
                    .map_err(|e| E::custom(number_problem(e, &v.to_string())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                match parse_number_text(v) {
                    Ok(Some(d)) => Ok(Num(d)),
                    Ok(None) => Err(E::custom("an empty text is not a number")),
                    Err(e) => Err(E::custom(number_problem(e, v))),
                }
            }
        }
        d.deserialize_any(NumVisitor)
    }
}

fn number_problem(e: NumberError, raw: &str) -> String {
    let shown: String = raw.chars().take(40).collect();
    match e {
        NumberError::Overflow => format!("{shown:?} is out of the decimal range"),
        NumberError::NonFinite => format!("{shown:?} is not a finite number"),
        _ => format!("{shown:?} is not a number"),
    }
}

/// Rounding settings: mode and places for scores, money and rates.
///
/// ```
/// let r = jixiao::Rounding::default();
/// assert_eq!((r.score, r.money, r.rate), (2, 2, 4));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct Rounding {
    /// `half_up` (default), `half_even`, `down`, `up`.
    pub mode: crate::numbers::RoundingMode,
    /// Places of scores, weighted scores and totals (default 2).
    pub score: u32,
    /// Places of money (default 2).
    pub money: u32,
    /// Places of rates: achievement, topPercent (default 4).
    pub rate: u32,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            mode: crate::numbers::RoundingMode::HalfUp,
            score: 2,
            money: 2,
            rate: 4,
        }
    }
}

/// Maps the engine's roles to the user's own column names (`{ "id": "员工编号" }`).
///
/// ```
/// let f: jixiao::Fields = serde_json::from_str(r#"{"id":"工号","group":"团队"}"#).unwrap();
/// assert_eq!(f.group.as_deref(), Some("团队"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(default, deny_unknown_fields)]
pub struct Fields {
    /// The person's id column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The person's name column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The team / group column (used by `groupBy: "group"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The role (岗位) column that picks `roles` weight overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// How indicator weights combine.
///
/// ```
/// let w: jixiao::Weighting = serde_json::from_str("\"nested\"").unwrap();
/// assert_eq!(w, jixiao::Weighting::Nested);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Indicator weights sum to 100 over the scheme.
    #[default]
    Global,
    /// Indicator weights sum to 100 inside each category; category weights sum to 100.
    Nested,
}

/// A category (维度) of indicators.
///
/// ```
/// let c: jixiao::Category = serde_json::from_str(r#"{"key":"performance","name":"业绩","weight":60}"#).unwrap();
/// assert_eq!(c.weight.unwrap().0.to_string(), "60");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Unique key.
    pub key: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Weight: with `global`, equal to the sum of its indicators; with `nested`, its share of 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Whether more is better (销售额) or less is better (费用率, 流失率).
///
/// ```
/// let d: jixiao::Direction = serde_json::from_str("\"lower_better\"").unwrap();
/// assert_eq!(d, jixiao::Direction::LowerBetter);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// achievement = actual / target.
    #[default]
    HigherBetter,
    /// achievement = target / actual (`ratio`) or 2 − actual / target (`mirror`).
    LowerBetter,
}

/// The achievement formula of a lower-better indicator.
///
/// ```
/// let r: jixiao::Reverse = serde_json::from_str("\"mirror\"").unwrap();
/// assert_eq!(r, jixiao::Reverse::Mirror);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Reverse {
    /// target / actual.
    #[default]
    Ratio,
    /// 2 − actual / target.
    Mirror,
}

/// What a zero divisor (target 0, or lower-better ratio actual 0) gives.
///
/// ```
/// let z: jixiao::OnZero = serde_json::from_str("\"full\"").unwrap();
/// assert_eq!(z, jixiao::OnZero::Full);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum OnZero {
    /// Row error `ZERO_DIVISOR`.
    #[default]
    Error,
    /// achievement = the linear cap, or 1 without one.
    Full,
    /// achievement = 0.
    Zero,
}

/// What a missing actual or target does.
///
/// ```
/// let m: jixiao::Missing = serde_json::from_str("\"exclude\"").unwrap();
/// assert_eq!(m, jixiao::Missing::Exclude);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// Row error `MISSING_VALUE`.
    #[default]
    Error,
    /// Score 0.
    Zero,
    /// The indicator drops out; the remaining weights are scaled back up to 100.
    Exclude,
}

/// What a missing rater score does in a rated value.
///
/// ```
/// let m: jixiao::RaterMissing = serde_json::from_str("\"renormalize\"").unwrap();
/// assert_eq!(m, jixiao::RaterMissing::Renormalize);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RaterMissing {
    /// Σ wᵣ·sᵣ / Σ wᵣ over the raters present.
    #[default]
    Renormalize,
    /// A missing rater counts as 0.
    Zero,
    /// Row error `RATER_MISSING`.
    Error,
}

/// Where a value comes from.
///
/// ```
/// let v: jixiao::ValueSource = serde_json::from_str(r#"{"field":"销售额"}"#).unwrap();
/// assert!(matches!(v, jixiao::ValueSource::Field { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ValueSource {
    /// A column of the row; a dotted path reads into an object cell (`负责人.name`).
    Field {
        /// The column name.
        field: String,
    },
    /// A fixed value.
    Fixed {
        /// The value.
        value: Num,
    },
    /// An Excel-like formula over the row's columns and other indicators
    /// (`实际回款额 / 应收款总额`, `IF(revenue.achievement >= 1, 500, 0)`); see DESIGN.md "Formulas".
    Formula {
        /// The formula text.
        formula: String,
    },
    /// An aggregate over a raw table (orders, payments, visits) per person and period;
    /// see [`Aggregate`] and DESIGN.md "Raw tables".
    Aggregate {
        /// The aggregate.
        aggregate: Aggregate,
    },
    /// Rater scores: rater key → column; weights from the scheme's `raters`.
    Raters {
        /// Rater key (`self`, `manager`, `customer`, `peer` …) → column, in the order written.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
        raters: IndexMap<String, String>,
    },
}

/// What an [`Aggregate`] computes over the rows credited to a person.
///
/// ```
/// let op: jixiao::AggregateOp = serde_json::from_str("\"count_distinct\"").unwrap();
/// assert_eq!(op, jixiao::AggregateOp::CountDistinct);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AggregateOp {
    /// Σ of the credited amounts (blank cells skipped; refunds are negative rows).
    Sum,
    /// How many rows are credited (with `field`: rows whose field is not blank).
    Count,
    /// How many distinct values of `field` the credited rows hold (e.g. customers).
    CountDistinct,
    /// The credited sum ÷ the number of credited non-blank rows.
    Avg,
    /// The least credited amount.
    Min,
    /// The greatest credited amount.
    Max,
}

/// A credit split (业绩分配): the row's amount shared among several people.
///
/// ```
/// let s: jixiao::CreditSplit = serde_json::from_str(r#"{"owners":"协作人","shares":"分配比例"}"#).unwrap();
/// assert_eq!(s.shares.as_deref(), Some("分配比例"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CreditSplit {
    /// The column listing the people who share the row (members, names, ids, or a list of them).
    pub owners: String,
    /// The column of their shares, in the same order (`[0.6, 0.4]`, `"60%,40%"`); the rest
    /// (1 − Σ) goes to the row's `owner`. Without it, everyone credited shares equally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub shares: Option<String>,
}

/// An aggregate over a raw table, per person and period (SPEC §8):
/// `{ "table": "orders", "op": "sum", "field": "合同金额", "where": "状态 = '已签约'",
/// "owner": "负责人", "date": "签约日期", "split": { "owners": "协作人", "shares": "分配比例" } }`.
///
/// ```
/// let a: jixiao::Aggregate = serde_json::from_str(
///     r#"{"table":"orders","op":"sum","field":"合同金额","owner":"负责人","date":"签约日期","where":"状态 = '已签约'"}"#,
/// ).unwrap();
/// assert_eq!(a.op, jixiao::AggregateOp::Sum);
/// assert_eq!(a.filter.as_deref(), Some("状态 = '已签约'"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// The table's name in the input's `tables`.
    pub table: String,
    /// What to compute.
    pub op: AggregateOp,
    /// The column aggregated (not needed by `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub field: Option<String>,
    /// A formula over the table row's columns; only rows where it holds count.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub filter: Option<String>,
    /// The column naming whose row it is (a name, an id, a member object, or a list of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub owner: Option<String>,
    /// The column whose date puts the row in a period; rows outside the input's `period` are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub date: Option<String>,
    /// A credit split among several people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub split: Option<CreditSplit>,
}

/// What a band or piecewise rule reads.
///
/// ```
/// let o: jixiao::On = serde_json::from_str("\"value\"").unwrap();
/// assert_eq!(o, jixiao::On::Value);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum On {
    /// The achievement rate (needs a target).
    Achievement,
    /// The actual value itself.
    Value,
}

/// One scoring band: from `min` (inclusive) the score is `score`.
///
/// ```
/// let b: jixiao::ScoreBand = serde_json::from_str(r#"{"min":"0.8","score":80}"#).unwrap();
/// assert_eq!(b.score.0.to_string(), "80");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    /// Lower edge, inclusive.
    pub min: Num,
    /// The score from this edge.
    pub score: Num,
    /// Optional label for explanations (`"达标"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `direct` scaling: `value / max × full`.
///
/// ```
/// let s: jixiao::Scale = serde_json::from_str(r#"{"max":5}"#).unwrap();
/// assert_eq!(s.max.0.to_string(), "5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The top of the input scale (5 for a 1–5 rating).
    pub max: Num,
}

/// A scoring rule; the score is on a 0‥`full` scale (`full` default 100).
///
/// ```
/// let s: jixiao::Scoring = serde_json::from_str(r#"{"type":"linear","floor":"0.6","cap":"1.2"}"#).unwrap();
/// assert!(matches!(s, jixiao::Scoring::Linear { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scoring {
    /// score = full × min(achievement, cap); 0 below `floor`; never below 0.
    Linear {
        /// Achievement below this scores 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor: Option<Num>,
        /// Achievement is capped here.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<Num>,
        /// The full score (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        full: Option<Num>,
    },
    /// 阶梯: the band with the greatest `min` ≤ x; below every band: `else` (default 0).
    Bands {
        /// `achievement` (default when the indicator has a target) or `value`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<On>,
        /// The bands, any order.
        bands: Vec<ScoreBand>,
        /// The score below every band.
        #[serde(default, rename = "else", skip_serializing_if = "Option::is_none")]
        otherwise: Option<Num>,
    },
    /// Linear interpolation between `[x, score]` points, flat beyond the ends.
    Piecewise {
        /// `achievement` (default when the indicator has a target) or `value`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<On>,
        /// Points with strictly increasing x.
        points: Vec<(Num, Num)>,
    },
    /// The value is already a score; `scale.max` maps it to value / max × full.
    Direct {
        /// Optional input scale.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale: Option<Scale>,
        /// The full score (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        full: Option<Num>,
    },
    /// 扣分: score = max(min, full + per × value), `per` negative.
    Deduct {
        /// Points per unit of the value (negative).
        per: Num,
        /// The lowest score (default 0).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Num>,
        /// The full score (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        full: Option<Num>,
    },
    /// full when the condition holds, else 0.
    PassFail {
        /// The condition.
        pass: Condition,
        /// The full score (default 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        full: Option<Num>,
    },
}

/// A comparison operator.
///
/// ```
/// let o: jixiao::Op = serde_json::from_str("\">=\"").unwrap();
/// assert_eq!(o, jixiao::Op::Ge);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Op {
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=` (also `≥`)
    #[serde(rename = ">=", alias = "≥")]
    Ge,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=` (also `≤`)
    #[serde(rename = "<=", alias = "≤")]
    Le,
    /// `=` (also `==`)
    #[serde(rename = "=", alias = "==")]
    Eq,
    /// `!=` (also `<>`, `≠`)
    #[serde(rename = "!=", alias = "<>", alias = "≠")]
    Ne,
}

/// Which figure of an indicator a condition reads.
///
/// ```
/// let o: jixiao::Of = serde_json::from_str("\"achievement\"").unwrap();
/// assert_eq!(o, jixiao::Of::Achievement);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Of {
    /// The indicator's score (default).
    #[default]
    Score,
    /// Its actual value.
    Actual,
    /// Its target.
    Target,
    /// Its achievement rate.
    Achievement,
    /// Its weighted score.
    Weighted,
}

/// The right-hand side of a comparison: a number, a text or a boolean.
///
/// ```
/// let l: jixiao::Literal = serde_json::from_str("\"0.6\"").unwrap();
/// assert!(matches!(l, jixiao::Literal::Number(_)));
/// let t: jixiao::Literal = serde_json::from_str("\"已签约\"").unwrap();
/// assert!(matches!(t, jixiao::Literal::Text(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Literal {
    /// A boolean (checkbox cells).
    Bool(bool),
    /// A number or number text.
    Number(Num),
    /// Any other text (compared with `=` / `!=`).
    Text(String),
}

/// A condition (vetoes, pass/fail). Comparisons read a field or an indicator.
///
/// ```
/// let c: jixiao::Condition = serde_json::from_str(
///     r#"{"any":[{"field":"违规次数","op":">","value":"0"},{"not":{"indicator":"revenue","op":">=","value":60}}]}"#).unwrap();
/// assert!(matches!(c, jixiao::Condition::Any { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Condition {
    /// Compares a field's cell with a value.
    Field {
        /// The column.
        field: String,
        /// The operator.
        op: Op,
        /// The value compared with.
        value: Literal,
    },
    /// Compares a figure of an indicator (`of`, default its score) with a value.
    Indicator {
        /// The indicator key.
        indicator: String,
        /// Which figure (default `score`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<Of>,
        /// The operator.
        op: Op,
        /// The value compared with.
        value: Literal,
    },
    /// Every condition holds.
    All {
        /// The conditions.
        all: Vec<Condition>,
    },
    /// At least one holds.
    Any {
        /// The conditions.
        any: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        not: Box<Condition>,
    },
    /// A formula that holds when it gives TRUE or a non-zero number (`"AND(合规问题数 = 0, 回款率 >= 60%)"`).
    Formula(String),
}

/// One KPI (指标).
///
/// ```
/// let i: jixiao::Indicator = serde_json::from_str(r#"{"key":"revenue","weight":40,
///   "actual":{"field":"销售额"},"target":{"field":"目标"},"scoring":{"type":"linear"}}"#).unwrap();
/// assert_eq!(i.key, "revenue");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Indicator {
    /// Unique key.
    pub key: String,
    /// Display name (defaults to the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The category key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Weight (global: share of 100 over the scheme; nested: share inside the category).
    pub weight: Num,
    /// `higher_better` (default) or `lower_better`.
    #[serde(default)]
    pub direction: Direction,
    /// Lower-better formula: `ratio` (default) or `mirror`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<Reverse>,
    /// The actual value (not needed by `pass_fail`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<ValueSource>,
    /// The target (needed by achievement-based rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ValueSource>,
    /// The scoring rule.
    pub scoring: Scoring,
    /// Missing actual/target: `error` (default), `zero`, `exclude`.
    #[serde(default)]
    pub missing: Missing,
    /// Zero divisor: `error` (default), `full`, `zero`.
    #[serde(default)]
    pub on_zero: OnZero,
    /// Overrides the scheme's `raterMissing` for this indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater_missing: Option<RaterMissing>,
    /// Unit shown in explanations (`元`, `%`, `个`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An adjustment added to the total after weighting: `per × value` within `min`‥`max`.
///
/// ```
/// let a: jixiao::Adjustment = serde_json::from_str(r#"{"key":"c","per":-5,"min":-20,"value":{"field":"投诉次数"}}"#).unwrap();
/// assert_eq!(a.per.unwrap().0.to_string(), "-5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Unique key.
    pub key: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Points per unit (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<Num>,
    /// Lower bound of the adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// Upper bound of the adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// The value; a missing cell counts as 0.
    pub value: ValueSource,
}

/// 一票否决: when the condition holds the total becomes `score` (default 0).
///
/// ```
/// let v: jixiao::Veto = serde_json::from_str(r#"{"key":"x","when":{"field":"违规","op":">","value":0}}"#).unwrap();
/// assert!(v.grade.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Veto {
    /// Unique key.
    pub key: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it applies.
    pub when: Condition,
    /// The total when vetoed (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Num>,
    /// The grade when vetoed (default: the lowest grade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Reason shown to people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One grade band: totals from `min` (inclusive) get `grade`.
///
/// ```
/// let b: jixiao::GradeBand = serde_json::from_str(r#"{"grade":"A","min":85}"#).unwrap();
/// assert_eq!(b.grade, "A");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    /// The grade (`S`, `A`, `优秀` …).
    pub grade: String,
    /// Lower edge, inclusive.
    pub min: Num,
    /// Optional longer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// How totals become grades.
///
/// ```
/// let g: jixiao::Grades = serde_json::from_str(r#"{"type":"bands","bands":[{"grade":"A","min":0}]}"#).unwrap();
/// assert!(matches!(g, jixiao::Grades::Bands { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Grades {
    /// The grade whose `min` is the greatest ≤ total.
    Bands {
        /// The bands, any order.
        bands: Vec<GradeBand>,
    },
    /// 强制分布 (arrives with a later version).
    Forced {
        /// Grade shares.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
        distribution: serde_json::Value,
    },
}

/// Ranking method.
///
/// ```
/// let m: jixiao::RankMethod = serde_json::from_str("\"dense\"").unwrap();
/// assert_eq!(m, jixiao::RankMethod::Dense);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RankMethod {
    /// 1, 2, 2, 4.
    #[default]
    Competition,
    /// 1, 2, 2, 3.
    Dense,
    /// 1, 2, 3, 4 (ties by input order).
    Ordinal,
}

/// Ranking settings.
///
/// ```
/// let r: jixiao::Ranking = serde_json::from_str(r#"{"tieBreakers":["revenue"],"groupBy":"group"}"#).unwrap();
/// assert_eq!(r.tie_breakers, vec!["revenue"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Ranking {
    /// `total` (default), an indicator key (its score) or a field; prefix `-` for lower first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// `competition` (default), `dense`, `ordinal`.
    pub method: RankMethod,
    /// Indicator keys or fields that order equal totals (higher first; prefix `-` for lower first).
    pub tie_breakers: Vec<String>,
    /// `group` (the `fields.group` column) or any field: ranks inside each group too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
}

/// Weight overrides for a role, or for an effective-dated version.
///
/// ```
/// let r: jixiao::WeightOverride = serde_json::from_str(r#"{"weights":{"revenue":30}}"#).unwrap();
/// assert_eq!(r.weights.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct WeightOverride {
    /// Indicator key → weight.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub weights: BTreeMap<String, Num>,
    /// Category key → weight.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub category_weights: BTreeMap<String, Num>,
}

/// An effective-dated weight change (动态调整).
///
/// ```
/// let v: jixiao::Version = serde_json::from_str(r#"{"from":"2024-07-01","weights":{"collection":30}}"#).unwrap();
/// assert_eq!(v.from, "2024-07-01");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Version {
    /// First day in force (`YYYY-MM-DD`).
    pub from: String,
    /// Indicator key → weight.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub weights: BTreeMap<String, Num>,
    /// Category key → weight.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub category_weights: BTreeMap<String, Num>,
}

/// How a commission reads its base: this period's figure, or the year to date.
///
/// ```
/// let a: jixiao::Accumulate = serde_json::from_str("\"ytd\"").unwrap();
/// assert_eq!(a, jixiao::Accumulate::Ytd);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let s: jixiao::PlanScope = serde_json::from_str("\"group\"").unwrap();
/// assert_eq!(s, jixiao::PlanScope::Group);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let p: jixiao::CommissionPlan = serde_json::from_str(r#"{ "key": "own", "base": { "field": "回款额" },
///   "tiers": [ { "from": "0", "rate": "0.02" }, { "from": "500000", "rate": "0.03" } ],
///   "mode": "marginal", "gate": { "field": "回款率", "op": ">=", "value": "0.6" } }"#).unwrap();
/// assert_eq!(p.tiers.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
    /// `value` (default) or `achievement` (`from` is an achievement rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<On>,
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

/// How a bonus scales its base.
///
/// ```
/// let b: jixiao::BonusBy = serde_json::from_str("\"score\"").unwrap();
/// assert_eq!(b, jixiao::BonusBy::Score);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let b: jixiao::BonusPlan = serde_json::from_str(r#"{ "base": { "field": "奖金基数" },
///   "coefficients": { "S": "1.5", "A": "1.2", "B": "1", "C": "0.6", "D": "0" } }"#).unwrap();
/// assert_eq!(b.coefficients.len(), 5);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let w: jixiao::PoolWeight = serde_json::from_str("\"score_x_base\"").unwrap();
/// assert_eq!(w, jixiao::PoolWeight::Named(jixiao::PoolWeightName::ScoreXBase));
/// let f: jixiao::PoolWeight = serde_json::from_str(r#"{"field":"系数"}"#).unwrap();
/// assert!(matches!(f, jixiao::PoolWeight::Field { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
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
/// let w: jixiao::PoolWeightName = serde_json::from_str("\"score\"").unwrap();
/// assert_eq!(w, jixiao::PoolWeightName::Score);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let p: jixiao::PoolPlan = serde_json::from_str(r#"{ "amount": { "value": "100000" }, "groupBy": "group",
///   "weight": "score", "when": { "indicator": "revenue", "of": "achievement", "op": ">=", "value": 1 },
///   "cap": "40000" }"#).unwrap();
/// assert!(p.when.is_some());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let a: jixiao::AwardPlan = serde_json::from_str(r#"{ "name": "销售之星", "by": "total", "top": 3, "prize": "5000" }"#).unwrap();
/// assert_eq!(a.top, 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let (s, issues) = jixiao::decode_scheme(&serde_json::json!({ "incentives": {
///   "commission": { "base": { "field": "回款额" }, "tiers": [ { "from": 0, "rate": "0.02" } ] },
///   "awards": [ { "name": "销售之星", "top": 1, "prize": 5000 } ] } }));
/// assert!(issues.is_empty());
/// assert_eq!((s.incentives.commission.len(), s.incentives.awards.len()), (1, 1));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Incentives {
    /// Commission plans (提成).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commission: Vec<CommissionPlan>,
    /// Bonuses (绩效奖金).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<BonusPlan>,
    /// Team pools (团队奖金池).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pool: Vec<PoolPlan>,
    /// Awards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<AwardPlan>,
}

/// A whole scheme (考核方案). Build one with [`crate::Engine::from_json`].
///
/// ```
/// let s = jixiao::decode_scheme(&serde_json::json!({ "indicators": [] })).0;
/// assert!(s.indicators.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Scheme {
    /// Identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Default locale of messages and explanations (`zh-CN`, `zh-TW`, `en`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Rounding mode and places.
    pub rounding: Rounding,
    /// Column names of id, name, group, role.
    pub fields: Fields,
    /// `global` (default) or `nested`.
    pub weighting: Weighting,
    /// Categories (维度).
    pub categories: Vec<Category>,
    /// Indicators (指标).
    pub indicators: Vec<Indicator>,
    /// Rater key → weight (`{ "self": 10, "manager": 50, … }`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub raters: IndexMap<String, Num>,
    /// Missing rater policy for every rated indicator (default `renormalize`).
    pub rater_missing: RaterMissing,
    /// Adjustments added after weighting.
    pub adjustments: Vec<Adjustment>,
    /// Vetoes (一票否决).
    pub vetoes: Vec<Veto>,
    /// Lower bound of the total (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_min: Option<Num>,
    /// Upper bound of the total (default none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_max: Option<Num>,
    /// Grades.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grades: Option<Grades>,
    /// Ranking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
    /// Role (岗位) → weight overrides.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, WeightOverride>"))]
    pub roles: BTreeMap<String, WeightOverride>,
    /// Effective-dated weight changes.
    pub versions: Vec<Version>,
    /// Incentives: commission, bonus, pools, awards.
    pub incentives: Incentives,
    /// Named aggregates over raw tables (measure name → aggregate). Each is a column of
    /// every person's row, computed from the input's `tables` for the input's `period`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Aggregate>"))]
    pub measures: IndexMap<String, Aggregate>,
    /// The UTC offset of the dates in raw tables given as epoch milliseconds or UTC
    /// datetimes (`"+08:00"`, the default; China has no daylight saving).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub utc_offset: Option<String>,
}

/// The longest scheme text read (bytes).
pub const MAX_SCHEME_BYTES: usize = 4 * 1024 * 1024;

fn type_issue(path: &str, err: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidType,
        path,
        Text::new(
            format!("{path} 的值不正确：{err}"),
            format!("{path} 的值不正確：{err}"),
            format!("the value at {path} is not valid: {err}"),
        ),
    )
}

/// Deserializes `value` as `T`, reporting a failure as an issue at `base` + the inner path.
fn decode_at<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    base: &str,
    issues: &mut Vec<JixiaoError>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Some(t),
        Err(e) => {
            let inner = e.path().to_string();
            let mut path = base.to_string();
            if inner != "." {
                for seg in inner.split('.') {
                    let seg = seg.trim_start_matches('[').trim_end_matches(']');
                    if !seg.is_empty() {
                        path.push('/');
                        path.push_str(&escape_pointer(seg));
                    }
                }
            }
            issues.push(type_issue(&path, &e.into_inner().to_string()));
            None
        }
    }
}

/// A list as decoded: the elements read, their positions in the document, and the keys
/// of the elements that could not be read (so checks across elements can hold back).
#[derive(Clone, Debug, Default)]
pub(crate) struct ListInfo {
    /// Position in the document of each decoded element.
    pub positions: Vec<usize>,
    /// How many elements the document has.
    pub len: usize,
    /// `key` of each element that failed to decode (when it has a readable key).
    pub broken_keys: Vec<String>,
    /// Whether any element failed to decode.
    pub broken: bool,
    /// Whether the document gave one object instead of a list (its pointer has no index).
    pub single: bool,
}

impl ListInfo {
    /// The document position of decoded element `i`.
    pub fn position(&self, i: usize) -> usize {
        self.positions.get(i).copied().unwrap_or(i)
    }

    /// The JSON pointer of decoded element `i` under `base`.
    pub fn pointer(&self, base: &str, i: usize) -> String {
        if self.single {
            base.to_string()
        } else {
            format!("{base}/{}", self.position(i))
        }
    }
}

/// Decodes a list element by element, so every bad element is reported.
fn decode_list<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    base: &str,
    issues: &mut Vec<JixiaoError>,
    info: &mut ListInfo,
) -> Vec<T> {
    match value {
        serde_json::Value::Array(items) => {
            info.len = items.len();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match decode_at(item, &format!("{base}/{i}"), issues) {
                    Some(t) => {
                        out.push(t);
                        info.positions.push(i);
                    }
                    None => {
                        info.broken = true;
                        if let Some(k) = item.get("key").and_then(|k| k.as_str()) {
                            info.broken_keys.push(k.to_string());
                        }
                    }
                }
            }
            out
        }
        _ => {
            issues.push(type_issue(base, "expected an array"));
            info.broken = true;
            Vec::new()
        }
    }
}

/// Where the decoded list elements stand in the document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    pub categories: ListInfo,
    pub indicators: ListInfo,
    pub adjustments: ListInfo,
    pub vetoes: ListInfo,
    pub versions: ListInfo,
    pub commission: ListInfo,
    pub bonus: ListInfo,
    pub pool: ListInfo,
    pub awards: ListInfo,
}

const KNOWN_KEYS: [&str; 23] = [
    "measures",
    "utcOffset",
    "id",
    "name",
    "description",
    "locale",
    "rounding",
    "fields",
    "weighting",
    "categories",
    "indicators",
    "raters",
    "raterMissing",
    "adjustments",
    "vetoes",
    "totalMin",
    "totalMax",
    "grades",
    "ranking",
    "roles",
    "versions",
    "incentives",
    "$schema",
];

/// Decodes one plan or a list of plans, each reported at its own pointer.
fn decode_one_or_many<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    base: &str,
    issues: &mut Vec<JixiaoError>,
    info: &mut ListInfo,
) -> Vec<T> {
    if value.is_array() {
        return decode_list(value, base, issues, info);
    }
    info.len = 1;
    info.single = true;
    match decode_at(value, base, issues) {
        Some(t) => {
            info.positions.push(0);
            vec![t]
        }
        None => {
            info.broken = true;
            Vec::new()
        }
    }
}

/// Decodes the `incentives` section; an unknown entry is a warning.
fn decode_incentives(
    value: &serde_json::Value,
    out: &mut Incentives,
    issues: &mut Vec<JixiaoError>,
    layout: &mut Layout,
) {
    let Some(obj) = value.as_object() else {
        issues.push(type_issue("/incentives", "expected an object"));
        return;
    };
    for (key, v) in obj {
        if v.is_null() {
            continue;
        }
        match key.as_str() {
            "commission" => {
                out.commission = decode_one_or_many(v, "/incentives/commission", issues, &mut layout.commission)
            }
            "bonus" => out.bonus = decode_one_or_many(v, "/incentives/bonus", issues, &mut layout.bonus),
            "pool" => out.pool = decode_one_or_many(v, "/incentives/pool", issues, &mut layout.pool),
            "awards" => out.awards = decode_one_or_many(v, "/incentives/awards", issues, &mut layout.awards),
            _ => issues.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                format!("/incentives/{}", escape_pointer(key)),
                Text::new(
                    format!("未知的激励设置 “{key}”（可用 commission、bonus、pool、awards），已忽略"),
                    format!("未知的激勵設定「{key}」（可用 commission、bonus、pool、awards），已忽略"),
                    format!("unknown incentive \"{key}\" (use commission, bonus, pool, awards) was ignored"),
                ),
            )),
        }
    }
}

/// Decodes a scheme document, collecting every type problem with its JSON pointer.
/// Unknown top-level keys are warnings. The returned scheme holds what could be read.
///
/// ```
/// let (scheme, issues) = jixiao::decode_scheme(&serde_json::json!({
///     "indicators": [{ "key": "a", "weight": "x", "scoring": { "type": "direct" } }],
///     "rounding": { "mode": "sideways" },
///     "colour": "red"
/// }));
/// assert!(scheme.indicators.is_empty());
/// let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
/// assert_eq!(paths, vec!["/rounding/mode", "/indicators/0/weight", "/colour"]);
/// ```
pub fn decode_scheme(value: &serde_json::Value) -> (Scheme, Vec<JixiaoError>) {
    let (scheme, issues, _) = decode_scheme_with_layout(value);
    (scheme, issues)
}

/// [`decode_scheme`], also telling where each decoded list element stands.
pub(crate) fn decode_scheme_with_layout(value: &serde_json::Value) -> (Scheme, Vec<JixiaoError>, Layout) {
    let mut layout = Layout::default();
    let mut issues = Vec::new();
    let mut scheme = Scheme::default();
    let Some(obj) = value.as_object() else {
        issues.push(JixiaoError::new(
            ErrorCode::InvalidType,
            "",
            Text::new(
                "考核方案必须是一个 JSON 对象",
                "考核方案必須是一個 JSON 物件",
                "a scheme must be a JSON object",
            ),
        ));
        return (scheme, issues, layout);
    };
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    macro_rules! one {
        ($key:literal, $slot:expr) => {
            if let Some(v) = get($key) {
                if let Some(t) = decode_at(v, concat!("/", $key), &mut issues) {
                    $slot = t;
                }
            }
        };
    }
    one!("id", scheme.id);
    one!("name", scheme.name);
    one!("description", scheme.description);
    one!("locale", scheme.locale);
    one!("rounding", scheme.rounding);
    one!("fields", scheme.fields);
    one!("weighting", scheme.weighting);
    if let Some(v) = get("categories") {
        scheme.categories = decode_list(v, "/categories", &mut issues, &mut layout.categories);
    }
    if let Some(v) = get("indicators") {
        scheme.indicators = decode_list(v, "/indicators", &mut issues, &mut layout.indicators);
    }
    one!("raters", scheme.raters);
    one!("raterMissing", scheme.rater_missing);
    if let Some(v) = get("adjustments") {
        scheme.adjustments = decode_list(v, "/adjustments", &mut issues, &mut layout.adjustments);
    }
    if let Some(v) = get("vetoes") {
        scheme.vetoes = decode_list(v, "/vetoes", &mut issues, &mut layout.vetoes);
    }
    one!("totalMin", scheme.total_min);
    one!("totalMax", scheme.total_max);
    one!("grades", scheme.grades);
    one!("ranking", scheme.ranking);
    one!("roles", scheme.roles);
    if let Some(v) = get("versions") {
        scheme.versions = decode_list(v, "/versions", &mut issues, &mut layout.versions);
    }
    if let Some(v) = get("incentives") {
        decode_incentives(v, &mut scheme.incentives, &mut issues, &mut layout);
    }
    one!("measures", scheme.measures);
    one!("utcOffset", scheme.utc_offset);
    for key in obj.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let path = format!("/{}", escape_pointer(key));
            issues.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                path,
                Text::new(
                    format!("未知的方案设置 “{key}”，已忽略"),
                    format!("未知的方案設定「{key}」，已忽略"),
                    format!("unknown scheme setting \"{key}\" was ignored"),
                ),
            ));
        }
    }
    (scheme, issues, layout)
}

/// How tiers pay: `marginal` (超额累进, each slice at its own rate; default) or `whole`
/// (全额累进, the whole base at the rate of the highest tier reached).
///
/// ```
/// let m: jixiao::CommissionMode = serde_json::from_str("\"whole\"").unwrap();
/// assert_eq!(m, jixiao::CommissionMode::Whole);
/// assert_eq!(jixiao::CommissionMode::default(), jixiao::CommissionMode::Marginal);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let t: jixiao::Tier = serde_json::from_str(r#"{"from":"50万","rate":"3%","label":"银牌"}"#).unwrap();
/// assert_eq!(t.from.0.to_string(), "500000");
/// assert_eq!(t.rate.0.to_string(), "0.03");
/// assert!(serde_json::from_str::<jixiao::Tier>(r#"{"from":0,"rate":0,"typo":1}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let t: jixiao::AwardTies = serde_json::from_str("\"split\"").unwrap();
/// assert_eq!(t, jixiao::AwardTies::Split);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AwardTies {
    /// Everyone ranked within `top` wins a full prize; ties at the cut can make more winners (default).
    #[default]
    Include,
    /// The tied group crossing the cut shares the places left equally.
    Split,
}
