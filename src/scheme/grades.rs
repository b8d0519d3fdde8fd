//! Grades (等级): bands of the total.

use super::Num;
use serde::{Deserialize, Serialize};

/// One grade band: totals from `min` (inclusive) get `grade`.
///
/// ```
/// let b: jixiao::scheme::GradeBand = serde_json::from_str(r#"{"grade":"A","min":85}"#).unwrap();
/// assert_eq!(b.grade, "A");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let g: jixiao::scheme::Grades = serde_json::from_str(r#"{"type":"bands","bands":[{"grade":"A","min":0}]}"#).unwrap();
/// assert!(matches!(g, jixiao::scheme::Grades::Bands { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grades {
    /// The grade whose `min` is the greatest ≤ total.
    Bands {
        /// The bands, any order.
        bands: Vec<GradeBand>,
    },
    /// 强制分布 (arrives with a later version).
    Forced {
        /// Grade shares.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
        distribution: serde_json::Value,
    },
}
