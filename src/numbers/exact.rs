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
