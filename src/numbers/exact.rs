//! Checked decimal arithmetic: the `checked_*` operations fail with a
//! [`NumberError`]; `add`, `sub`, `mul`, `div` and `sum` fail with the one `OVERFLOW`
//! [`JixiaoError`] for the pure rules (targets, incentives): a result outside the decimal
//! range, or a zero divisor the rule has already excluded, reads "a figure exceeds the
//! decimal range".

use super::NumberError;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use rust_decimal::Decimal;

/// `a + b`, or `Overflow`.
pub(crate) fn checked_add(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_add(b).ok_or(NumberError::Overflow)
}

/// `a − b`, or `Overflow`.
pub(crate) fn checked_sub(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_sub(b).ok_or(NumberError::Overflow)
}

/// `a × b`, or `Overflow`.
pub(crate) fn checked_mul(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_mul(b).ok_or(NumberError::Overflow)
}

/// `a ÷ b`, or `DivisionByZero` / `Overflow`.
pub(crate) fn checked_div(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    if b.is_zero() {
        return Err(NumberError::DivisionByZero);
    }
    a.checked_div(b).ok_or(NumberError::Overflow)
}

/// The sum of `values`, or `Overflow`.
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, NumberError> {
    values.into_iter().try_fold(Decimal::ZERO, checked_add)
}

/// The `OVERFLOW` error every operation below returns (whatever the cause given).
pub(crate) fn overflow<E>(_: E) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::Overflow,
        "",
        Text::new(
            "数值超出小数范围",
            "數值超出小數範圍",
            "a figure exceeds the decimal range",
        ),
    )
}

/// `a + b`.
pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, JixiaoError> {
    checked_add(a, b).map_err(overflow)
}

/// `a − b`.
pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, JixiaoError> {
    checked_sub(a, b).map_err(overflow)
}

/// `a × b`.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, JixiaoError> {
    checked_mul(a, b).map_err(overflow)
}

/// `a ÷ b`.
pub(crate) fn div(a: Decimal, b: Decimal) -> Result<Decimal, JixiaoError> {
    checked_div(a, b).map_err(overflow)
}

/// The sum of `values`.
pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, JixiaoError> {
    checked_sum(values).map_err(overflow)
}

/// `a + b` when a decimal holds it exactly, else `None`: beyond the range, or needing more
/// than 28 significant digits, where `checked_add` would round without a word (DESIGN.md,
/// "Numbers").
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_sum([a, b])
}

/// `a − b` when a decimal holds it exactly, else `None` (see [`exact_add`]).
pub(crate) fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_add(a, Decimal::ZERO.checked_sub(b)?)
}

/// The sum of `values` when a decimal holds it exactly, else `None`. The sum is taken in
/// [`Wide`] numbers, so a partial sum that needs more digits than the whole (`79.2…376` =
/// `78.39…341` + `0.83…659`) does not matter, nor does the order.
pub(crate) fn exact_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut total = Wide::default();
    for v in values {
        total = total.plus(Wide::of(v))?;
    }
    total.to_decimal()
}

/// 10²⁸: the [`Wide`] fraction's denominator, the finest a decimal can be.
const FRACTION: i128 = 10_000_000_000_000_000_000_000_000_000;

/// A decimal as whole units plus 10⁻²⁸ths, each an `i128`: sums of these never round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Wide {
    whole: i128,
    /// In `0 .. FRACTION` once [`Wide::plus`] has carried.
    fraction: i128,
}

impl Wide {
    /// `d` exactly: its mantissa split at its scale.
    fn of(d: Decimal) -> Wide {
        let (mantissa, scale) = (d.mantissa(), d.scale());
        let unit = 10i128.pow(scale);
        let finer = 10i128.pow(28u32.saturating_sub(scale));
        Wide {
            whole: mantissa.checked_div(unit).unwrap_or_default(),
            fraction: mantissa.checked_rem(unit).unwrap_or_default().saturating_mul(finer),
        }
        .carried()
    }

    /// `self + other`, or `None` past `i128` (far beyond any decimal sum).
    fn plus(self, other: Wide) -> Option<Wide> {
        let whole = self.whole.checked_add(other.whole)?;
        let fraction = self.fraction.checked_add(other.fraction)?;
        Some(Wide { whole, fraction }.carried())
    }

    /// The fraction brought into `0 .. FRACTION`, the whole units carried.
    fn carried(self) -> Wide {
        Wide {
            whole: self.whole.saturating_add(self.fraction.div_euclid(FRACTION)),
            fraction: self.fraction.rem_euclid(FRACTION),
        }
    }

    /// The decimal equal to `self`, if there is one.
    fn to_decimal(self) -> Option<Decimal> {
        let whole = Decimal::try_from_i128_with_scale(self.whole, 0).ok()?;
        let fraction = Decimal::try_from_i128_with_scale(self.fraction, 28).ok()?;
        let d = whole.checked_add(fraction)?;
        (Wide::of(d) == self).then_some(d)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_add_refuses_what_would_round() {
        // (a, b, a + b when exact)
        let cases = [
            ("1.5", "2.25", Some("3.75")),
            ("0.1", "0.2", Some("0.3")),
            ("1000000000", "-3.1415926535897932384626433833", None),
            ("79228162514264337593543950335", "-0.5", None),
            ("79228162514264337593543950335", "1", None),
            (
                "7922816251426433759354395033.4",
                "0.1",
                Some("7922816251426433759354395033.5"),
            ),
            ("1.000", "2.0", Some("3")),
            (
                "0.0000000000000000000000000001",
                "1",
                Some("1.0000000000000000000000000001"),
            ),
            ("0.0000000000000000000000000001", "8", None),
            // The sum is exact though 78.39… + 0.83… needs 30 digits on the way there.
            (
                "79.22816251426433760",
                "-0.831151254761907274512114659",
                Some("78.397011259502430325487885341"),
            ),
            ("-0.75", "0.25", Some("-0.5")),
            (
                "-1.0000000000000000000000000001",
                "1",
                Some("-0.0000000000000000000000000001"),
            ),
            (
                "0.0000000000000000000000000001",
                "0.1",
                Some("0.1000000000000000000000000001"),
            ),
        ];
        for (a, b, want) in cases {
            assert_eq!(exact_add(d(a), d(b)), want.map(d), "{a} + {b}");
            assert_eq!(exact_sub(d(a), -d(b)), want.map(d), "{a} − −{b}");
        }
        assert_eq!(exact_sum([d("0.5"), d("0.25"), d("0.25")]), Some(d("1")));
        assert_eq!(exact_sum([d("1e20"), d("0.000000001")]), None);
        // Order does not matter: the partial sum 78.39… + 0.83… would need 30 digits.
        let parts = [
            d("78.397011259502430325487885341"),
            d("0.8311512547619072745121146589"),
            d("0.0000000000000000000000000001"),
        ];
        assert_eq!(exact_sum(parts), Some(d("79.2281625142643376")));
        assert_eq!(exact_sum(parts.iter().rev().copied()), Some(d("79.2281625142643376")));
        assert_eq!(
            exact_sum([d("79228162514264337593543950335"), d("-1"), d("1")]),
            Some(d("79228162514264337593543950335"))
        );
    }
}
