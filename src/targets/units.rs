//! Whole units: what the bounds leave is split over the parts still free in multiples of
//! the unit by largest remainder, and a remainder below one unit goes to the largest free
//! part with room under its `max`.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{add, div, mul, overflow, sub, sum};
use crate::numbers::split_largest_remainder;
use rust_decimal::Decimal;

use super::bounds::{Bounds, Fixed};
use super::input::fail;
use super::locked::Locked;

/// `value` rounded to a multiple of `unit`, down (toward zero) or up.
pub(super) fn to_unit(value: Decimal, unit: Decimal, up: bool) -> Result<Decimal, JixiaoError> {
    let units = div(value, unit)?;
    let whole = if up { units.ceil() } else { units.floor() };
    mul(whole, unit)
}

/// Every part's value and how the units were handed out.
pub(super) struct Spread {
    /// Each part's value.
    pub(super) values: Vec<Decimal>,
    /// The parts that got one of the leftover units.
    pub(super) got_unit: Vec<usize>,
    /// What was left below one unit.
    pub(super) residual: Decimal,
    /// The part that got it.
    pub(super) residual_to: Option<usize>,
}

/// Locked parts keep their value and fixed parts their bound; what remains is split over
/// the other free parts by `weights` in multiples of `unit`.
pub(super) fn spread(
    locked: &Locked,
    fixed: &[Fixed],
    weights: &[Decimal],
    bounds: &Bounds,
    unit: Decimal,
) -> Result<Spread, JixiaoError> {
    let mut values: Vec<Decimal> = locked
        .values
        .iter()
        .enumerate()
        .map(|(i, l)| match (l, fixed.get(i).copied().flatten()) {
            (Some(l), _) => *l,
            (None, Some((b, _))) => b,
            (None, None) => Decimal::ZERO,
        })
        .collect();
    let active: Vec<usize> = locked
        .free
        .iter()
        .copied()
        .filter(|i| fixed.get(*i).is_some_and(Option::is_none))
        .collect();
    let to_split = sub(locked.rest, sum(fixed.iter().flatten().map(|f| f.0))?)?;
    let whole = to_unit(to_split, unit, false)?;
    let residual = sub(to_split, whole)?;
    let got_unit = split_whole_units(&mut values, &active, weights, whole, unit)?;
    let residual_to = if residual.is_zero() {
        None
    } else {
        Some(place_residual(&mut values, &active, bounds, residual)?)
    };
    Ok(Spread {
        values,
        got_unit,
        residual,
        residual_to,
    })
}

/// Splits `whole` over the `active` parts by largest remainder; gives the parts that got
/// a leftover unit. With no weight to split by, a `whole` above 0 cannot be placed.
fn split_whole_units(
    values: &mut [Decimal],
    active: &[usize],
    weights: &[Decimal],
    whole: Decimal,
    unit: Decimal,
) -> Result<Vec<usize>, JixiaoError> {
    let active_w: Vec<Decimal> = active
        .iter()
        .map(|i| weights.get(*i).copied().unwrap_or_default())
        .collect();
    let w_sum = sum(active_w.iter().copied())?;
    let mut got_unit = Vec::new();
    if !active.is_empty() && !w_sum.is_zero() {
        let parts = split_largest_remainder(whole, &active_w, unit).map_err(overflow)?;
        for ((i, w), p) in active.iter().zip(&active_w).zip(parts) {
            let floor = mul(div(mul(whole, *w)?, mul(w_sum, unit)?)?.trunc(), unit)?;
            if p > floor {
                got_unit.push(*i);
            }
            if let Some(v) = values.get_mut(*i) {
                *v = p;
            }
        }
    } else if !whole.is_zero() {
        return Err(bounds_unmet("/min".to_string()));
    }
    Ok(got_unit)
}

/// Adds `residual` to the largest `active` part with room under its max (ties: the
/// earlier); gives that part.
fn place_residual(
    values: &mut [Decimal],
    active: &[usize],
    bounds: &Bounds,
    residual: Decimal,
) -> Result<usize, JixiaoError> {
    let mut best: Option<usize> = None;
    for &i in active {
        let v = values.get(i).copied().unwrap_or_default();
        let room = match bounds.hi.get(i).copied().flatten() {
            Some(h) => add(v, residual)? <= h,
            None => true,
        };
        if room && best.is_none_or(|b| values.get(b).is_some_and(|bv| v > *bv)) {
            best = Some(i);
        }
    }
    let Some(b) = best else {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/max",
            text!(
                "不足一个单位的余数 {residual} 无处可放：每个部分都已到上限",
                "不足一個單位的餘數 {residual} 無處可放：每個部分都已到上限",
                "the remainder {residual} below one unit has nowhere to go: every part is at its max",
            ),
        ));
    };
    if let Some(v) = values.get_mut(b) {
        *v = add(*v, residual)?;
    }
    Ok(b)
}

/// `INVALID_SETTING` at `path`: the bounds cannot all be met.
pub(super) fn bounds_unmet(path: String) -> JixiaoError {
    fail(
        ErrorCode::InvalidSetting,
        path,
        Text::new(
            "上下限无法同时满足",
            "上下限無法同時滿足",
            "the bounds cannot all be met",
        ),
    )
}
