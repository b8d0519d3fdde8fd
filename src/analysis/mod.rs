//! Analysis (反馈): what a manager does with the scores once computed (DESIGN.md,
//! "Analysis (反馈)").
//!
//! - `compare.rs`: what-if (方案对比): two engines on the same input, per person and in sum,
//!   with the grade migration matrix ([`Engine::compare`](crate::Engine::compare)).
//! - `funnel.rs`: the sales funnel (销售漏斗): stage conversions per person, group and table,
//!   and each person's bottleneck stage ([`funnel()`]).
//! - `statistics.rs`: indicator statistics (`options.statistics`): mean, median, min, max
//!   and the top-10 % threshold, overall and per group ([`Stats`], [`IndicatorStats`]).
//! - `digest.rs`: digests for replay (申诉复核): SHA-256 of the scheme and the input in a
//!   canonical form ([`Digest`], [`canonical_json`]).

mod compare;
mod digest;
mod funnel;
pub(crate) mod statistics;

pub use compare::{CompareOptions, ComparedPerson, Comparison, ComparisonSummary, Delta, PayoutDelta, Side};
pub use digest::{canonical_json, Digest};
pub use funnel::{funnel, Bottleneck, Conversion, FunnelInput, FunnelOutput, FunnelPerson, FunnelRates};
pub use statistics::{GroupStats, IndicatorStats, Stats};
