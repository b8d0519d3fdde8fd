//! A node worth more than 0 but less than one unit: its locked children keep their
//! value and the rest goes whole to the unlocked child with the largest weight that has
//! room under its `max` (ties: the earlier).

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{add, div, mul, sub};
use crate::numbers::is_negative;
use crate::targets::input::fail;
use rust_decimal::Decimal;

use super::TreeNode;

/// Splits `value` when it is below one unit; gives the children's values and the child
/// that got the rest (none when the locked children take it all).
pub(super) fn split_below_unit(
    value: Decimal,
    unit: Decimal,
    weights: &[Decimal],
    kids: &[&TreeNode],
    node_path: &str,
) -> Result<(Vec<Decimal>, Option<usize>), JixiaoError> {
    let children = format!("{node_path}/children");
    let (mut values, locked_sum) = locked_children(value, unit, kids, &children)?;
    let rest = sub(value, locked_sum)?;
    if is_negative(rest) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            children,
            text!(
                "锁定值合计 {locked_sum} 超过上级的 {value}",
                "鎖定值合計 {locked_sum} 超過上級的 {value}",
                "the locked values sum to {locked_sum}, more than the parent's {value}",
            ),
        ));
    }
    if rest.is_zero() {
        return Ok((values, None));
    }
    // as in `decompose`: the rest cannot go by weight when every unlocked weight is 0
    let unlocked_weight = kids
        .iter()
        .zip(weights)
        .filter(|(k, _)| k.locked.is_none())
        .try_fold(Decimal::ZERO, |a, (_, w)| add(a, *w))?;
    if unlocked_weight.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            children,
            Text::new(
                "未锁定的下级权重都是 0，无法分配剩余部分",
                "未鎖定的下級權重都是 0，無法分配剩餘部分",
                "every unlocked child has weight 0: the rest cannot be spread",
            ),
        ));
    }
    let b = largest_with_room(rest, unit, weights, kids, &children)?;
    if let Some(v) = values.get_mut(b) {
        *v = rest;
    }
    Ok((values, Some(b)))
}

/// The locked children's values (0 for the others) and their sum; an unlocked child with
/// a `min` above 0 cannot be met.
fn locked_children(
    value: Decimal,
    unit: Decimal,
    kids: &[&TreeNode],
    children: &str,
) -> Result<(Vec<Decimal>, Decimal), JixiaoError> {
    let mut values = vec![Decimal::ZERO; kids.len()];
    let mut locked_sum = Decimal::ZERO;
    for (i, k) in kids.iter().enumerate() {
        if let Some(l) = k.locked {
            locked_sum = add(locked_sum, l.0)?;
            if let Some(v) = values.get_mut(i) {
                *v = l.0;
            }
        } else if let Some(m) = k.min.map(|m| m.0).filter(|m| *m > Decimal::ZERO) {
            let u = unit;
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("{children}/{i}/min"),
                text!(
                    "上级只有 {value}（不足一个单位 {u}），无法满足下限 {m}",
                    "上級只有 {value}（不足一個單位 {u}），無法滿足下限 {m}",
                    "the parent has only {value} (below one unit {u}): the min {m} cannot be met",
                ),
            ));
        }
    }
    Ok((values, locked_sum))
}

/// The unlocked child with the largest weight whose `max` (in whole units) leaves room
/// for `rest` (ties: the earlier).
fn largest_with_room(
    rest: Decimal,
    unit: Decimal,
    weights: &[Decimal],
    kids: &[&TreeNode],
    children: &str,
) -> Result<usize, JixiaoError> {
    let mut best: Option<usize> = None;
    for (i, k) in kids.iter().enumerate() {
        if k.locked.is_some() {
            continue;
        }
        let room = match k.max {
            Some(h) => mul(div(h.0, unit)?.floor(), unit)? >= rest,
            None => true,
        };
        let w = weights.get(i).copied().unwrap_or_default();
        if room && best.is_none_or(|b| weights.get(b).is_some_and(|bw| w > *bw)) {
            best = Some(i);
        }
    }
    best.ok_or_else(|| {
        fail(
            ErrorCode::InvalidSetting,
            children,
            text!(
                "不足一个单位的 {rest} 无处可放",
                "不足一個單位的 {rest} 無處可放",
                "the {rest} below one unit has nowhere to go",
            ),
        )
    })
}
