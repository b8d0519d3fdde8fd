//! An indicator and how its figures are read: direction, reverse mode, a zero target,
//! missing cells and missing rater scores.

use super::{Num, Scoring, ValueSource, WeightRange};
use serde::{Deserialize, Serialize};

/// Whether more is better (销售额) or less is better (费用率, 流失率).
///
/// ```
/// let d: jixiao::scheme::Direction = serde_json::from_str("\"lower_better\"").unwrap();
/// assert_eq!(d, jixiao::scheme::Direction::LowerBetter);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let r: jixiao::scheme::Reverse = serde_json::from_str("\"mirror\"").unwrap();
/// assert_eq!(r, jixiao::scheme::Reverse::Mirror);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let z: jixiao::scheme::OnZero = serde_json::from_str("\"full\"").unwrap();
/// assert_eq!(z, jixiao::scheme::OnZero::Full);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let m: jixiao::scheme::Missing = serde_json::from_str("\"exclude\"").unwrap();
/// assert_eq!(m, jixiao::scheme::Missing::Exclude);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let m: jixiao::scheme::RaterMissing = serde_json::from_str("\"renormalize\"").unwrap();
/// assert_eq!(m, jixiao::scheme::RaterMissing::Renormalize);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// One KPI (指标).
///
/// ```
/// let i: jixiao::scheme::Indicator = serde_json::from_str(r#"{"key":"revenue","weight":40,
///   "actual":{"field":"销售额"},"target":{"field":"目标"},"scoring":{"type":"linear"}}"#).unwrap();
/// assert_eq!(i.key, "revenue");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The bounds every weight of this indicator (base, role, version) must keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_range: Option<WeightRange>,
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
