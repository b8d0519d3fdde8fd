//! The scheme document (考核方案): the serde model of what a user writes, and a decoder
//! that reports every problem at once with its JSON pointer (DESIGN.md, "Errors").
//!
//! - `number.rs`: `Num` (a number or number text) and the `Rounding` settings.
//! - `fields.rs`: which columns name a person, and where a value is read from (`ValueSource`, `Aggregate`).
//! - `indicator.rs`: an indicator, its direction, reverse mode, zero target and missing cells.
//! - `scoring.rs`: the scoring rules that turn an indicator's value into a score.
//! - `conditions.rs`: the conditions of vetoes, pass/fail scoring and incentive gates.
//! - `adjustments.rs`: adjustments added to the total, and vetoes that override it.
//! - `grades.rs`: grade bands of the total.
//! - `ranking.rs`: ranking order, tie method, tie-breakers and grouping.
//! - `weights.rs`: global or nested weighting, categories, role overrides and dated versions.
//! - `incentives.rs`: commission, bonus, pool and award plans, with `Tier`, `CommissionMode`, `AwardTies`.
//! - `calendar.rs`: the holidays and make-up workdays of `NETWORKDAYS`.
//! - `decode.rs`: `decode_scheme`, element by element, and where each decoded list element stands.

mod adjustments;
mod calendar;
mod conditions;
mod decode;
mod fields;
mod grades;
mod incentives;
mod indicator;
mod number;
mod ranking;
#[cfg(feature = "schema")]
mod schema;
mod scoring;
mod weights;

pub use adjustments::{Adjustment, Veto};
pub use calendar::HolidayCalendar;
pub use conditions::{Condition, Literal, Of, Op};
pub use decode::decode_scheme;
pub(crate) use decode::{decode_scheme_with_layout, Layout};
pub use fields::{Aggregate, AggregateOp, CreditSplit, Fields, GroupOp, ValueRange, ValueSource};
pub use grades::{GradeBand, Grades};
pub use incentives::{
    Accumulate, AwardPlan, AwardTies, BonusBy, BonusPlan, CommissionMode, CommissionPlan, Incentives, PlanScope,
    PoolPlan, PoolWeight, PoolWeightName, Tier, TierOn,
};
pub use indicator::{Direction, Indicator, Missing, OnZero, RaterMissing, Reverse};
pub use number::{Num, Rounding};
pub use ranking::{RankMethod, Ranking};
#[cfg(feature = "schema")]
pub use schema::{json_schema, SCHEMA_ID};
pub use scoring::{On, Scale, ScoreBand, Scoring};
pub use weights::{Category, Version, WeightOverride, WeightRange, Weighting};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole scheme (考核方案). Build one with [`crate::Engine::from_json`].
///
/// ```
/// let s = jixiao::scheme::decode_scheme(&serde_json::json!({ "indicators": [] })).0;
/// assert!(s.indicators.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Holidays and make-up workdays (调休) for the formula function `NETWORKDAYS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub calendar: Option<HolidayCalendar>,
}

/// The longest scheme text read (bytes).
pub const MAX_SCHEME_BYTES: usize = 4 * 1024 * 1024;
