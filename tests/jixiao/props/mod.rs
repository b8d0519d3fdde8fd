//! Property tests (proptest), one file per domain:
//!
//! - `analysis`: a scheme compared with itself is all zeros; funnel conversions multiply to the overall rate.
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
//! - `edges`: at 28 significant digits, 1e-28 and the largest decimals, re-plans, trees,
//!   allocations and period composites sum exactly or refuse with a structured error.
//!
//! Suites configured by [`config`] keep no regression files. The others use proptest's
//! default, which keeps them source-parallel: `tests/proptest-regressions/props/NAME.txt`.

use jixiao::numbers::RoundingMode;
use proptest::prelude::*;
use rust_decimal::Decimal;

mod analysis;
mod dates;
mod edges;
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

/// `values` (none negative) summed exactly, as digits at 28 places: independent of
/// rust_decimal, whose addition rounds past 28 significant digits.
pub(super) fn exact_digit_sum(values: &[Decimal]) -> Vec<u8> {
    const PLACES: usize = 28;
    const WIDTH: usize = 32 + PLACES;
    let mut sum = vec![0u8; WIDTH];
    for v in values {
        assert!(!v.is_sign_negative() || v.is_zero(), "negative {v}");
        let text = v.abs().to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits: Vec<u8> = format!("{int:0>32}{frac:0<PLACES$}")
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let mut carry = 0;
        for i in (0..WIDTH).rev() {
            let s = sum[i] + digits[i] + carry;
            sum[i] = s % 10;
            carry = s / 10;
        }
        assert_eq!(carry, 0);
    }
    sum
}

/// A decimal with up to 28 significant digits at any scale in range.
pub(super) fn extreme_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..i64::MAX, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (1u128..(1u128 << 96), 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m as i128, s)),
        Just(Decimal::MAX),
        Just(Decimal::new(1, 28)),
    ]
}
