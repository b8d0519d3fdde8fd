//! Target decomposition (目标分解): split a total over periods or named parts by a method
//! (equal, weights, history, working days, capacity), with an uplift, a rounding unit,
//! per-part bounds and locked parts; replan mid-year; split down an organisation tree
//! (`tree`). Pure core: no wasm-bindgen here (DESIGN.md, "Targets (目标分解)").
//!
//! # Files
//!
//! | file | what it decides |
//! |---|---|
//! | `input.rs` | the input types, and the checks every entry shares while reading one (locale, dates, total and uplift, unit, negatives, list lengths) |
//! | `parts.rs` | the parts to split into: a calendar's periods or the named parts, keys unique |
//! | `calendar.rs` | a (fiscal) year cut into quarters, months, ISO or natural weeks; a period key's last day (working days: `dates::WorkCalendar`) |
//! | `weights.rs` | what each part weighs under the method |
//! | `locked.rs` | the locked values and what they leave to the other parts |
//! | `bounds.rs` | `min` / `max` read, moved to the unit, checked for room, solved by Kiwiel's rule |
//! | `units.rs` | whole units by largest remainder, and where the remainder below one unit goes |
//! | `split.rs` | `decompose`: the steps in order and the final check |
//! | `output.rs` | the result types and the places values are written with |
//! | `explain.rs` | a decomposition written out, with its explanation lines |
//! | `replan.rs` | `replan`: closed parts, the gap, the new open targets |
//! | `tree/` | `decompose_tree`: the same split applied node by node down an organisation tree |
//!
//! # Period keys
//!
//! | `by` | calendar year (`fiscalYearStart` 1, the default) | fiscal year starting in month *m* > 1 |
//! |---|---|---|
//! | `quarter` | `2025-Q1` … `2025-Q4` | `FY2025-Q1` … `FY2025-Q4`; FY2025 starts on 2025-*m*-01 |
//! | `month` | `2025-01` … `2025-12` | the calendar months, `2025-04` … `2026-03` |
//! | `week` | ISO weeks `2025-W01` … (52 or 53) | the ISO weeks whose Thursday falls in the fiscal year |
//! | `natural_week` | `2025-01-W1`, `2025-01-W2` … | the same, over the fiscal year's months |
//!
//! A fiscal year is named by the calendar year it **starts** in: with `fiscalYearStart: 4`,
//! `year: 2025` is 2025-04-01 ‥ 2026-03-31 and its first quarter is `FY2025-Q1`
//! (April–June 2025). Only quarters carry the `FY` prefix: months and ISO weeks name the
//! same days whatever the fiscal year, so they keep their calendar names.
//!
//! An ISO week belongs to the ISO year of its Thursday: `2025-W01` runs 2024-12-30 ‥
//! 2025-01-05, and 2026 has a `2026-W53` (2026-12-28 ‥ 2027-01-03).
//!
//! A natural week (自然周) is a Monday–Sunday week cut at month ends: the first natural
//! week of a month runs from the 1st to the first Sunday, the last ends on the month's
//! last day, so every natural week lies inside one month (`2025-01-W1` is 2025-01-01 ‥
//! 2025-01-05).
//!
//! # Rounding
//!
//! Every part is a multiple of `unit` (default `0.01`). The part of the total that is a
//! whole number of units is split by [`crate::numbers::split_largest_remainder`] (each part rounded
//! toward zero, the leftover units one each to the largest remainders, ties to the earlier
//! part); what is left below one unit (a total that is not a multiple of the unit) goes to
//! the largest unlocked part that has room under its `max` (ties: the earlier). Values are
//! written with the unit's places (more only when such a remainder, or a locked value
//! finer than the unit, needs them: every value then shows the same places).
//!
//! # Weights
//!
//! A negative weight, history or capacity is an error, and so is a list that is all 0; a
//! single 0 is allowed and gives that part 0 (a month a shop is closed), unless a `min`
//! lifts it.
//!
//! # Bounds and locked parts
//!
//! `locked` parts keep their value exactly and ignore bounds. The rest of the total is
//! spread over the unlocked parts: a part whose share would fall below its `min` or above
//! its `max` is fixed at that bound and the rest re-spread over the free parts, until
//! nothing crosses a bound (Kiwiel's rule: when both kinds cross, the side with the larger
//! total excess is fixed first, which gives the exact `clamp(λ·wᵢ, minᵢ, maxᵢ)` solution).
//! Bounds are first moved inward to the unit (a `min` up, a `max` down). Bounds that cannot
//! be met are an `INVALID_SETTING` error.

mod bounds;
mod calendar;
mod explain;
mod input;
mod locked;
mod output;
mod parts;
mod replan;
mod split;
mod tree;
mod units;
mod weights;

pub(crate) use input::check_method;
pub use input::{Bound, Calendar, DecomposeInput, Method, PartSpec, PeriodBy};
pub use output::{BoundHit, DecomposeExplain, DecomposedPart, Decomposition};
pub use replan::{replan, Replan, ReplanInput, ReplanPart, ReplanPartInput, ReplanStatus};
pub use split::decompose;
pub use tree::{
    decompose_tree, TreeCapacity, TreeDecomposition, TreeInput, TreeNode, TreeNodeResult, TREE_MAX_LEVELS,
    TREE_MAX_NODES,
};
pub(crate) use tree::{tree_too_deep, unknown_tree_method};
