//! Conditions (vetoes, pass/fail scoring, incentive gates): comparisons, `all`/`any`/`not`, formulas.

use super::Num;
use serde::{Deserialize, Serialize};

/// A comparison operator.
///
/// ```
/// let o: jixiao::scheme::Op = serde_json::from_str("\">=\"").unwrap();
/// assert_eq!(o, jixiao::scheme::Op::Ge);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let o: jixiao::scheme::Of = serde_json::from_str("\"achievement\"").unwrap();
/// assert_eq!(o, jixiao::scheme::Of::Achievement);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let l: jixiao::scheme::Literal = serde_json::from_str("\"0.6\"").unwrap();
/// assert!(matches!(l, jixiao::scheme::Literal::Number(_)));
/// let t: jixiao::scheme::Literal = serde_json::from_str("\"已签约\"").unwrap();
/// assert!(matches!(t, jixiao::scheme::Literal::Text(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let c: jixiao::scheme::Condition = serde_json::from_str(
///     r#"{"any":[{"field":"违规次数","op":">","value":"0"},{"not":{"indicator":"revenue","op":">=","value":60}}]}"#).unwrap();
/// assert!(matches!(c, jixiao::scheme::Condition::Any { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
