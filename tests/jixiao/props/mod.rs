//! Property tests (proptest), one file per domain:
//!
//! - `numbers`: exact splits, number text round trips, rounding in every mode.
//! - `scoring`: monotonic scores, what is shown adds up, ranks, exact quotients, no panics.
//! - `dates`: `DAYS`, `DATEDIF` and `NETWORKDAYS` agree with a day-by-day calendar walk.
//! - `formula_language`: random formulas never panic; integer arithmetic agrees with a
//!   reference evaluator.
//! - `hosts`: any JSON given to the host adapters gives rows and structured errors.
//! - `incentives`: commissions continuous and monotone, allocations exact, true-ups telescope.
//! - `payouts`: pools inside `evaluate` sum exactly, caps and vetoes hold.
//! - `periods`: composites of periods are invariant under order, scale and repetition.
//! - `tables`: raw-table aggregates credit every row exactly once.
//! - `targets`: decomposed parts sum exactly and respect units, locks and bounds.
//! - `targets_tree`: every node's children sum exactly to it; errors are structured.
//!
//! Suites configured by [`config`] keep no regression files. The others use proptest's
//! default, which keeps them source-parallel: `tests/proptest-regressions/props/NAME.txt`.

use jixiao::numbers::RoundingMode;
use proptest::prelude::*;
use rust_decimal::Decimal;

mod dates;
mod formula_language;
mod hosts;
mod incentives;
mod numbers;
mod payouts;
mod periods;
mod scoring;
mod tables;
mod targets;
mod targets_tree;

/// `cases` cases and no regression files: these suites only create their own test source.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any of the four rounding modes.
fn mode_strategy() -> impl Strategy<Value = RoundingMode> {
    prop_oneof![
        Just(RoundingMode::HalfUp),
        Just(RoundingMode::HalfEven),
        Just(RoundingMode::Down),
        Just(RoundingMode::Up),
    ]
}

/// A unit for target parts: a cent, one, a half, a hundred or ten thousand.
fn target_unit_strategy() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(1, 2)),
        Just(Decimal::new(1, 0)),
        Just(Decimal::new(5, 1)),
        Just(Decimal::new(100, 0)),
        Just(Decimal::new(10000, 0)),
    ]
}
