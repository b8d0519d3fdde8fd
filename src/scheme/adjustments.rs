//! Adjustments (加减分) added to the total, and vetoes (否决项) that override it.

use super::{Condition, Num, ValueSource};
use serde::{Deserialize, Serialize};

/// An adjustment added to the total after weighting: `per × value` within `min`‥`max`.
///
/// ```
/// let a: jixiao::scheme::Adjustment = serde_json::from_str(r#"{"key":"c","per":-5,"min":-20,"value":{"field":"投诉次数"}}"#).unwrap();
/// assert_eq!(a.per.unwrap().0.to_string(), "-5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let v: jixiao::scheme::Veto = serde_json::from_str(r#"{"key":"x","when":{"field":"违规","op":">","value":0}}"#).unwrap();
/// assert!(v.grade.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
