//! Per-part `min` and `max`: read (one for all or one per part, a part's own winning),
//! moved inward to the unit, checked against what there is to split, then solved by
//! fixing the parts that cross a bound (Kiwiel's rule, in the domain's docs).

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{add, mul, sub, sum};
use crate::numbers::is_negative;
use crate::scheme::Num;
use rust_decimal::Decimal;

use super::input::{count_error, fail, negative_error, Bound, DecomposeInput, PartSpec};
use super::locked::Locked;
use super::output::BoundHit;
use super::parts::Slot;
use super::units::to_unit;

/// Each part's least and greatest value, in whole units.
pub(super) struct Bounds {
    pub(super) lo: Vec<Option<Decimal>>,
    pub(super) hi: Vec<Option<Decimal>>,
}

/// A part fixed at a bound: the value and which bound.
pub(super) type Fixed = Option<(Decimal, BoundHit)>;

/// The bounds of `input`, a `min` moved up and a `max` down to the unit; a `min` above
/// its `max` is an error.
pub(super) fn read(input: &DecomposeInput, slots: &[Slot], unit: Decimal) -> Result<Bounds, JixiaoError> {
    let mut lo = given(slots, input.min.as_ref(), "min", |p| p.min)?;
    let mut hi = given(slots, input.max.as_ref(), "max", |p| p.max)?;
    for (i, (l, h)) in lo.iter_mut().zip(hi.iter_mut()).enumerate() {
        if let Some(v) = *l {
            *l = Some(to_unit(v, unit, true)?);
        }
        if let Some(v) = *h {
            *h = Some(to_unit(v, unit, false)?);
        }
        if let (Some(l), Some(h)) = (*l, *h) {
            if l > h {
                let k = slots.get(i).map(|s| s.key.clone()).unwrap_or_default();
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    format!("/min/{i}"),
                    text!(
                        "{k} 的下限 {l} 高于上限 {h}（按单位 {unit} 取整后）",
                        "{k} 的下限 {l} 高於上限 {h}（按單位 {unit} 取整後）",
                        "{k}: min {l} is above max {h} (in whole units of {unit})",
                    ),
                ));
            }
        }
    }
    Ok(Bounds { lo, hi })
}

/// The bound `name` of every part: the one given for all, the list, or a part's own.
fn given(
    slots: &[Slot],
    given: Option<&Bound>,
    name: &str,
    own: impl Fn(&PartSpec) -> Option<Num>,
) -> Result<Vec<Option<Decimal>>, JixiaoError> {
    let mut out: Vec<Option<Decimal>> = match given {
        None => vec![None; slots.len()],
        Some(Bound::One(n)) => vec![Some(n.0); slots.len()],
        Some(Bound::Each(list)) if list.len() != slots.len() => return Err(count_error(name, list.len(), slots.len())),
        Some(Bound::Each(list)) => list.iter().map(|n| n.map(|n| n.0)).collect(),
    };
    for (slot, b) in slots.iter().zip(out.iter_mut()) {
        if let Some(n) = own(&slot.spec) {
            *b = Some(n.0);
        }
    }
    if let Some((i, v)) = out
        .iter()
        .enumerate()
        .find_map(|(i, b)| b.filter(|v| is_negative(*v)).map(|v| (i, v)))
    {
        return Err(negative_error(format!("/{name}/{i}"), name, v));
    }
    Ok(out)
}

/// The free parts' bounds must leave room for what they share: Σ min ≤ rest ≤ Σ max
/// (when every free part has a max), and a weight above 0 unless the minimums take it all.
pub(super) fn check_room(bounds: &Bounds, locked: &Locked, weights: &[Decimal]) -> Result<(), JixiaoError> {
    let (free, rest) = (&locked.free, locked.rest);
    if free.is_empty() {
        return Ok(());
    }
    let lo_sum = sum(free
        .iter()
        .map(|i| bounds.lo.get(*i).copied().flatten().unwrap_or_default()))?;
    if lo_sum > rest {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/min",
            text!(
                "下限合计 {lo_sum} 超过可分配的 {rest}",
                "下限合計 {lo_sum} 超過可分配的 {rest}",
                "the minimums sum to {lo_sum}, more than the {rest} to split",
            ),
        ));
    }
    let capped: Option<Vec<Decimal>> = free.iter().map(|i| bounds.hi.get(*i).copied().flatten()).collect();
    if let Some(his) = capped {
        let hi_sum = sum(his)?;
        if hi_sum < rest {
            return Err(fail(
                ErrorCode::InvalidSetting,
                "/max",
                text!(
                    "上限合计 {hi_sum} 不足可分配的 {rest}",
                    "上限合計 {hi_sum} 不足可分配的 {rest}",
                    "the maximums sum to {hi_sum}, less than the {rest} to split",
                ),
            ));
        }
    }
    if free.iter().all(|i| weights.get(*i).is_none_or(Decimal::is_zero)) && lo_sum != rest {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/parts",
            Text::new(
                "未锁定的部分权重都是 0，无法分配剩余总额",
                "未鎖定的部分權重都是 0，無法分配剩餘總額",
                "every unlocked part has weight 0: the rest of the total cannot be spread",
            ),
        ));
    }
    Ok(())
}

/// Fixes parts at their bounds until the free parts' proportional shares of `rest` fit
/// (Kiwiel's rule: when both kinds cross, the side with the larger total excess first).
pub(super) fn solve(
    rest: Decimal,
    free: &[usize],
    weights: &[Decimal],
    bounds: &Bounds,
) -> Result<Vec<Fixed>, JixiaoError> {
    let n = weights.len();
    let mut fixed: Vec<Fixed> = vec![None; n];
    for _ in 0..=n {
        let active: Vec<usize> = free
            .iter()
            .copied()
            .filter(|i| fixed.get(*i).is_some_and(Option::is_none))
            .collect();
        if active.is_empty() {
            break;
        }
        let r = sub(rest, sum(fixed.iter().flatten().map(|f| f.0))?)?;
        let Some((chosen, hit)) = crossing(r, &active, weights, bounds)? else {
            break;
        };
        for (i, v) in chosen {
            if let Some(f) = fixed.get_mut(i) {
                *f = Some((v, hit));
            }
        }
    }
    Ok(fixed)
}

/// Parts to fix at a bound: each part with its bound's value, and which bound.
type Crossing = (Vec<(usize, Decimal)>, BoundHit);

/// The `active` parts whose share of `r` crosses a bound, with the bound to fix them at:
/// the side with the larger total excess (over the max wins a tie); none when all fit.
fn crossing(
    r: Decimal,
    active: &[usize],
    weights: &[Decimal],
    bounds: &Bounds,
) -> Result<Option<Crossing>, JixiaoError> {
    let w = |i: usize| weights.get(i).copied().unwrap_or_default();
    let total_w = sum(active.iter().map(|i| w(*i)))?;
    let (mut over, mut under) = (Decimal::ZERO, Decimal::ZERO);
    let (mut over_parts, mut under_parts) = (Vec::new(), Vec::new());
    for &i in active {
        // value = r·wᵢ / W, compared as r·wᵢ against bound·W to stay exact
        let rw = mul(r, w(i))?;
        if let Some(h) = bounds.hi.get(i).copied().flatten() {
            let hw = mul(h, total_w)?;
            if rw > hw {
                over = add(over, sub(rw, hw)?)?;
                over_parts.push((i, h));
            }
        }
        let l = bounds.lo.get(i).copied().flatten().unwrap_or_default();
        let lw = mul(l, total_w)?;
        if rw < lw || (total_w.is_zero() && l.is_zero() && r.is_zero()) {
            under = add(under, sub(lw, rw)?)?;
            under_parts.push((i, l));
        }
    }
    Ok(if over_parts.is_empty() && under_parts.is_empty() {
        None
    } else if !over_parts.is_empty() && over >= under {
        Some((over_parts, BoundHit::Max))
    } else {
        Some((under_parts, BoundHit::Min))
    })
}
