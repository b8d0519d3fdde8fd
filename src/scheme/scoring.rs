//! How an indicator's value becomes a score: the `Scoring` rules, their bands and scale.

use super::{Condition, Num};
use serde::{Deserialize, Serialize};

/// What a band or piecewise rule reads.
///
/// ```
/// let o: jixiao::scheme::On = serde_json::from_str("\"value\"").unwrap();
/// assert_eq!(o, jixiao::scheme::On::Value);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let b: jixiao::scheme::ScoreBand = serde_json::from_str(r#"{"min":"0.8","score":80}"#).unwrap();
/// assert_eq!(b.score.0.to_string(), "80");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let s: jixiao::scheme::Scale = serde_json::from_str(r#"{"max":5}"#).unwrap();
/// assert_eq!(s.max.0.to_string(), "5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The top of the input scale (5 for a 1–5 rating).
    pub max: Num,
}

/// A scoring rule; the score is on a 0‥`full` scale (`full` default 100).
///
/// ```
/// let s: jixiao::scheme::Scoring = serde_json::from_str(r#"{"type":"linear","floor":"0.6","cap":"1.2"}"#).unwrap();
/// assert!(matches!(s, jixiao::scheme::Scoring::Linear { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
