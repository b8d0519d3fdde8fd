//! What a decomposition gives back, and the places its values are written with.

use crate::numbers::scale_of;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::input::Method;

/// Which bound fixed a part's value.
///
/// ```
/// assert_eq!(serde_json::to_string(&jixiao::targets::BoundHit::Max).unwrap(), "\"max\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum BoundHit {
    /// Raised to its `min`.
    Min,
    /// Cut to its `max`.
    Max,
}

/// One part of a [`Decomposition`].
///
/// ```
/// let out = jixiao::json::decompose_json(r#"{"total":10,"calendar":{"year":2025,"by":"quarter"},"unit":1}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["parts"][0]["start"], "2025-01-01");
/// assert_eq!(v["parts"][0]["end"], "2025-03-31");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct DecomposedPart {
    /// The part's key.
    pub key: String,
    /// Its target, at the unit's places.
    pub value: String,
    /// value ÷ total, 4 places.
    pub share: String,
    /// First day, for periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day (inclusive), for periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Working days, for method `working_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// True when the value was locked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// The bound that fixed the value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<BoundHit>,
}

/// The steps of a decomposition, one line each, in the chosen locale.
///
/// ```
/// let out = jixiao::json::decompose_json(r#"{"total":3,"parts":[{"key":"A"}],"locale":"en"}"#).unwrap();
/// assert!(out.contains("Total 3.00"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct DecomposeExplain {
    /// One line per step.
    pub lines: Vec<String>,
}

/// The result of [`decompose`](crate::decompose): the (uplifted) total and the parts, which sum to it exactly.
///
/// ```
/// let out = jixiao::json::decompose_json(r#"{"total":"1万","parts":[{"key":"A"},{"key":"B"}],"uplift":"10%","unit":1}"#).unwrap();
/// let d: jixiao::targets::Decomposition = serde_json::from_str(&out).unwrap();
/// assert_eq!(d.total, "11000");
/// assert_eq!(d.parts[1].value, "5500");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Decomposition {
    /// The total after uplift, at the unit's places.
    pub total: String,
    /// The unit.
    pub unit: String,
    /// The method used.
    pub method: Method,
    /// The parts, in order.
    pub parts: Vec<DecomposedPart>,
    /// The explanation.
    pub explain: DecomposeExplain,
}

/// The places every value of a result is written with: the most any of `values`, the
/// unit or the total needs (at most 28).
pub(super) fn places_of(values: impl IntoIterator<Item = Decimal>, unit: Decimal, total: Decimal) -> u32 {
    values
        .into_iter()
        .map(scale_of)
        .chain([scale_of(unit), scale_of(total)])
        .max()
        .unwrap_or(2)
        .min(28)
}
