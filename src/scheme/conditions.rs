//! Conditions (vetoes, pass/fail scoring, incentive gates): comparisons, `all`/`any`/`not`, formulas.

use super::fields::{read_once, UnknownKey};
use super::Num;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged, deny_unknown_fields)]
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

/// The keys a condition object may hold.
const CONDITION_KEYS: [&str; 8] = ["field", "indicator", "of", "op", "value", "all", "any", "not"];

/// A condition object's keys as read, before its kind is decided.
#[derive(Default)]
struct ConditionParts {
    field: Option<String>,
    indicator: Option<String>,
    of: Option<Of>,
    op: Option<Op>,
    value: Option<Literal>,
    all: Option<Vec<Condition>>,
    any: Option<Vec<Condition>>,
    not: Option<Box<Condition>>,
}

/// Read strictly (DESIGN.md, "Errors"): a formula text, or an object whose keys name one
/// kind of condition; an unknown key is an error at that key, and keys of two kinds (or a
/// comparison without its `op` or `value`) an error at the condition.
impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        struct ConditionVisitor;
        impl<'de> Visitor<'de> for ConditionVisitor {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a condition: { field, op, value }, { indicator, of?, op, value }, { all }, { any }, { not } or a formula text")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Condition, E> {
                Ok(Condition::Formula(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Condition, A::Error> {
                let mut parts = ConditionParts::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "field" => read_once(&mut map, &mut parts.field, "field")?,
                        "indicator" => read_once(&mut map, &mut parts.indicator, "indicator")?,
                        "of" => read_once(&mut map, &mut parts.of, "of")?,
                        "op" => read_once(&mut map, &mut parts.op, "op")?,
                        "value" => read_once(&mut map, &mut parts.value, "value")?,
                        "all" => read_once(&mut map, &mut parts.all, "all")?,
                        "any" => read_once(&mut map, &mut parts.any, "any")?,
                        "not" => read_once(&mut map, &mut parts.not, "not")?,
                        other => map.next_value_seed(UnknownKey {
                            key: other,
                            what: "a condition",
                            keys: &CONDITION_KEYS,
                        })?,
                    }
                }
                parts.into_condition()
            }
        }
        d.deserialize_any(ConditionVisitor)
    }
}

impl ConditionParts {
    /// The one kind of condition the keys name, with the keys that go with it.
    fn into_condition<E: de::Error>(self) -> Result<Condition, E> {
        let kinds: Vec<&str> = [
            ("field", self.field.is_some()),
            ("indicator", self.indicator.is_some()),
            ("all", self.all.is_some()),
            ("any", self.any.is_some()),
            ("not", self.not.is_some()),
        ]
        .iter()
        .filter(|(_, given)| *given)
        .map(|(k, _)| *k)
        .collect();
        if kinds.len() != 1 {
            return Err(E::custom(format_args!(
                "a condition has one of field, indicator, all, any, not; this one has {}",
                if kinds.is_empty() {
                    "none".to_string()
                } else {
                    kinds.join(" and ")
                }
            )));
        }
        let compares = self.field.is_some() || self.indicator.is_some();
        if !compares && (self.op.is_some() || self.value.is_some()) {
            return Err(E::custom("`op` and `value` go with `field` or `indicator` only"));
        }
        if self.of.is_some() && self.indicator.is_none() {
            return Err(E::custom("`of` goes with `indicator` only"));
        }
        let comparison = |what| match (self.op, self.value.clone()) {
            (Some(op), Some(value)) => Ok((op, value)),
            (None, _) => Err(E::missing_field("op")),
            (_, None) => Err(E::custom(format_args!("a {what} comparison needs its `value`"))),
        };
        if let Some(field) = self.field.clone() {
            let (op, value) = comparison("field")?;
            return Ok(Condition::Field { field, op, value });
        }
        if let Some(indicator) = self.indicator.clone() {
            let (op, value) = comparison("indicator")?;
            return Ok(Condition::Indicator {
                indicator,
                of: self.of,
                op,
                value,
            });
        }
        Ok(match (self.all, self.any, self.not) {
            (Some(all), _, _) => Condition::All { all },
            (_, Some(any), _) => Condition::Any { any },
            (_, _, Some(not)) => Condition::Not { not },
            _ => return Err(E::custom("a condition has one of field, indicator, all, any, not")),
        })
    }
}
