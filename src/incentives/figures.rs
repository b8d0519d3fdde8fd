//! How the incentive rules read a sign and write their figures in explanation lines and
//! messages: amounts at their own places, money at the money places, exact percentages.

use crate::numbers::{format_grouped, format_plain, scale_of, RoundingMode};
use crate::scheme::On;
use rust_decimal::Decimal;

/// A base amount or boundary at its own places, grouped: `1,250,000`, `999,999.99`.
pub(super) fn amount_text(v: Decimal) -> String {
    format_grouped(v, scale_of(v), RoundingMode::HalfUp)
}

/// Money, grouped, at `places` places: `37,500.00`.
pub(super) fn money_text(v: Decimal, places: u32) -> String {
    format_grouped(v, places, RoundingMode::HalfUp)
}

/// A figure at least at 2 places and exact: `5,000.00`, `0.125`.
pub(super) fn exact_money(v: Decimal) -> String {
    format_grouped(v, scale_of(v).max(2), RoundingMode::HalfUp)
}

/// A rate as an exact percentage: `0.02` → `2%`, `0.025` → `2.5%`.
pub(super) fn pct(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", format_plain(p)),
        None => format_plain(rate),
    }
}

/// A tier's start as written: an amount, or a percentage with `on: "achievement"`.
pub(super) fn from_text(on: On, from: Decimal) -> String {
    match on {
        On::Value => amount_text(from),
        On::Achievement => pct(from),
    }
}
