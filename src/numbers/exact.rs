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
/// "Numbers"). Conservative: a sum whose dropped digits happen to be zeros is refused too.
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let sum = a.checked_add(b)?;
    (sum.scale() >= a.scale().max(b.scale())).then_some(sum)
}

/// `a − b` when a decimal holds it exactly, else `None` (see [`exact_add`]).
pub(crate) fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_add(a, Decimal::ZERO.checked_sub(b)?)
}

/// The sum of `values` when a decimal holds every partial sum exactly, else `None`.
pub(crate) fn exact_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, exact_add)
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
    }
}
