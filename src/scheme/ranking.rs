//! Ranking (排名): by what, tie method, tie-breakers and grouping.

use serde::{Deserialize, Serialize};

/// Ranking method.
///
/// ```
/// let m: jixiao::scheme::RankMethod = serde_json::from_str("\"dense\"").unwrap();
/// assert_eq!(m, jixiao::scheme::RankMethod::Dense);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let r: jixiao::scheme::Ranking = serde_json::from_str(r#"{"tieBreakers":["revenue"],"groupBy":"group"}"#).unwrap();
/// assert_eq!(r.tie_breakers, vec!["revenue"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
