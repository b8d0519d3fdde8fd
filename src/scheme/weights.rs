//! Weights: global or nested weighting, categories (维度), role overrides and dated versions.

use super::Num;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How indicator weights combine.
///
/// ```
/// let w: jixiao::scheme::Weighting = serde_json::from_str("\"nested\"").unwrap();
/// assert_eq!(w, jixiao::scheme::Weighting::Nested);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let c: jixiao::scheme::Category = serde_json::from_str(r#"{"key":"performance","name":"业绩","weight":60}"#).unwrap();
/// assert_eq!(c.weight.unwrap().0.to_string(), "60");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The bounds every weight of this category (base, role, version) must keep.
    #[serde(default, rename = "weightRange", skip_serializing_if = "Option::is_none")]
    pub weight_range: Option<WeightRange>,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The bounds a weight must keep, `["40", "60"]` (inclusive; `null` leaves a side open).
///
/// ```
/// let r: jixiao::scheme::WeightRange = serde_json::from_str(r#"["40", null]"#).unwrap();
/// assert_eq!(r.0.unwrap().0.to_string(), "40");
/// assert!(r.1.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeightRange(pub Option<Num>, pub Option<Num>);

/// Weight overrides for a role, or for an effective-dated version.
///
/// ```
/// let r: jixiao::scheme::WeightOverride = serde_json::from_str(r#"{"weights":{"revenue":30}}"#).unwrap();
/// assert_eq!(r.weights.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let v: jixiao::scheme::Version = serde_json::from_str(r#"{"from":"2024-07-01","weights":{"collection":30}}"#).unwrap();
/// assert_eq!(v.from, "2024-07-01");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
