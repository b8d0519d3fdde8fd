//! Incentives (激励): what a plan pays beyond the score. Tiered commissions (超额累进 /
//! 全额累进, on the value or on the achievement rate) with caps, clawbacks on negative bases
//! and year-to-date true-ups; pools split by weight into units with per-person caps; award
//! places with ties. Pure rules, no wasm-bindgen: a standalone call and a scheme's
//! `incentives` (compiled in `compile::incentives`, paid in `engine::payouts`) use the same
//! functions, so both give the same figures (DESIGN.md, "Incentives (激励: commission,
//! bonus, pools, awards)").

/// Splitting an amount by weights into units, with caps re-spread over the others.
mod allocate;
/// Award places: competition ranks and the share of a tie at the cut.
mod awards;
/// The plan checks of a tier table: order, negative starts and caps, decreasing rates, cliffs.
mod checks;
/// A commission plan's tiers → slices → amount, the cap and the year-to-date true-up.
mod commission;
/// A standalone commission and allocation in full: input and output types, explanations.
mod detail;
/// The explanation lines of a commission and of an allocation.
mod explain;
/// How the rules read a sign and write amounts, money and rates in lines and messages.
mod figures;

pub use allocate::{allocate, Allocation};
pub use awards::{award_places, AwardPlace};
pub use checks::check_tier_table;
pub(crate) use commission::compute_checked_commission;
pub use commission::{
    compute_commission, compute_commission_by, true_up, CommissionBreakdown, Figures, Slice, TierTable,
};
pub use detail::{
    allocate_detail, commission_detail, AllocateInput, AllocateOutput, CommissionInput, CommissionOutput,
    IncentiveExplain, SliceOutput,
};
pub use explain::{explain_allocation, explain_commission};
