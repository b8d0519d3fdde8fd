//! Locked parts: the values kept as given (a part's own `locked` or the `locked` map by
//! key), none negative, summing to at most the total, and what is left for the others.

use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::numbers::exact::{exact_sub, exact_sum, sum};
use crate::numbers::is_negative;
use rust_decimal::Decimal;

use super::input::{fail, DecomposeInput};
use super::parts::Slot;

/// The locked values and what they leave to the unlocked (free) parts.
pub(super) struct Locked {
    /// Each part's locked value, if any.
    pub(super) values: Vec<Option<Decimal>>,
    /// The parts that are not locked.
    pub(super) free: Vec<usize>,
    /// total − Σ locked: what the free parts share.
    pub(super) rest: Decimal,
}

/// The locked values of `input` over `slots`, checked against `total`.
pub(super) fn read(input: &DecomposeInput, slots: &[Slot], total: Decimal) -> Result<Locked, JixiaoError> {
    let values = locked_values(input, slots)?;
    let locked_sum = sum(values.iter().flatten().copied())?;
    let free: Vec<usize> = (0..slots.len())
        .filter(|i| values.get(*i).is_some_and(Option::is_none))
        .collect();
    let rest = exact_rest(&values, total)?;
    if is_negative(rest) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/locked",
            text!(
                "锁定值合计 {locked_sum} 超过总额 {total}",
                "鎖定值合計 {locked_sum} 超過總額 {total}",
                "the locked values sum to {locked_sum}, more than the total {total}",
            ),
        ));
    }
    if free.is_empty() && !rest.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/locked",
            text!(
                "所有部分都已锁定，但合计 {locked_sum} ≠ 总额 {total}",
                "所有部分都已鎖定，但合計 {locked_sum} ≠ 總額 {total}",
                "every part is locked but they sum to {locked_sum}, not the total {total}",
            ),
        ));
    }
    Ok(Locked { values, free, rest })
}

/// total − Σ locked, when a decimal holds it exactly: a locked value with more digits than
/// 28 significant digits leave beside the total could not sum back to it exactly.
fn exact_rest(values: &[Option<Decimal>], total: Decimal) -> Result<Decimal, JixiaoError> {
    let rest = exact_sum(values.iter().flatten().copied()).and_then(|locked| exact_sub(total, locked));
    rest.ok_or_else(|| {
        fail(
            ErrorCode::InvalidSetting,
            "/locked",
            text!(
                "锁定值与总额 {total} 相减超出 28 位有效数字，无法精确分解：请减少锁定值的小数位",
                "鎖定值與總額 {total} 相減超出 28 位有效數字，無法精確分解：請減少鎖定值的小數位",
                "the locked values and the total {total} need more than 28 significant digits to subtract exactly: give the locked values fewer decimal places",
            ),
        )
    })
}

/// Each part's locked value: its own, replaced by the map's; a key in the map that names
/// no part, or a negative value, is an error.
fn locked_values(input: &DecomposeInput, slots: &[Slot]) -> Result<Vec<Option<Decimal>>, JixiaoError> {
    let mut locked: Vec<Option<Decimal>> = slots.iter().map(|s| s.spec.locked.map(|n| n.0)).collect();
    for (k, v) in &input.locked {
        let Some(i) = slots.iter().position(|s| &s.key == k) else {
            let shown: String = k.chars().take(40).collect();
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("/locked/{}", escape_pointer(&shown)),
                text!(
                    "锁定的部分 {shown} 不存在",
                    "鎖定的部分 {shown} 不存在",
                    "locked part {shown} does not exist",
                ),
            ));
        };
        if let Some(l) = locked.get_mut(i) {
            *l = Some(v.0);
        }
    }
    for (i, l) in locked.iter().enumerate() {
        if let Some(v) = l.filter(|v| is_negative(*v)) {
            let k = &slots.get(i).map(|s| s.key.clone()).unwrap_or_default();
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("/locked/{}", escape_pointer(k)),
                text!(
                    "锁定值不能为负数：{v}",
                    "鎖定值不能為負數：{v}",
                    "a locked value must not be negative: {v}"
                ),
            ));
        }
    }
    Ok(locked)
}
