//! Rounding a figure to its places.

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

/// Below zero (a negative zero is not).
pub(crate) fn is_negative(v: Decimal) -> bool {
    v.is_sign_negative() && !v.is_zero()
}

/// The places `v` needs once trailing zeros are dropped: `1.50` → 1.
pub(crate) fn scale_of(v: Decimal) -> u32 {
    v.normalize().scale()
}

/// How a figure is rounded to its places.
///
/// ```
/// use jixiao::{numbers::round, numbers::RoundingMode};
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(round(d("2.345"), 2, RoundingMode::HalfUp).to_string(), "2.35");
/// assert_eq!(round(d("2.345"), 2, RoundingMode::HalfEven).to_string(), "2.34");
/// assert_eq!(round(d("2.349"), 2, RoundingMode::Down).to_string(), "2.34");
/// assert_eq!(round(d("2.341"), 2, RoundingMode::Up).to_string(), "2.35");
/// assert_eq!(round(d("87.3"), 2, RoundingMode::HalfUp).to_string(), "87.30");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: .5 away from zero (default).
    #[default]
    HalfUp,
    /// 银行家舍入: .5 to the even neighbour.
    HalfEven,
    /// 去尾: toward zero.
    Down,
    /// 进一: away from zero.
    Up,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Rounds to `places` decimal places and sets exactly that scale (`87.3` → `87.30`).
/// Negative zero becomes zero.
///
/// ```
/// use jixiao::{numbers::round, numbers::RoundingMode};
/// let r = round("-0.001".parse().unwrap(), 2, RoundingMode::HalfUp);
/// assert_eq!(r.to_string(), "0.00");
/// ```
pub fn round(value: Decimal, places: u32, mode: RoundingMode) -> Decimal {
    // a figure already at its places (most are) has nothing to round
    let mut r = value;
    if r.scale() != places {
        r = r.round_dp_with_strategy(places, mode.strategy());
        r.rescale(places);
    }
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_modes_table() {
        let cases = [
            ("2.345", RoundingMode::HalfUp, "2.35"),
            ("-2.345", RoundingMode::HalfUp, "-2.35"),
            ("2.345", RoundingMode::HalfEven, "2.34"),
            ("2.355", RoundingMode::HalfEven, "2.36"),
            ("2.349", RoundingMode::Down, "2.34"),
            ("-2.349", RoundingMode::Down, "-2.34"),
            ("2.341", RoundingMode::Up, "2.35"),
            ("-2.341", RoundingMode::Up, "-2.35"),
            ("2.3", RoundingMode::Up, "2.30"),
        ];
        for (v, mode, want) in cases {
            assert_eq!(round(d(v), 2, mode).to_string(), want, "{v} {mode:?}");
        }
    }
}
