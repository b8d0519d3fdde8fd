//! [`decompose`]: the steps in order (parts, total, unit, weights, locked parts, bounds,
//! whole units) and the final check that the parts sum to the total within their bounds.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::exact::exact_sum;
use rust_decimal::Decimal;

use super::bounds::{self, Bounds, Fixed};
use super::explain::written;
use super::input::{fail, localized, positive_unit, read_locale, unit_or_default, uplifted_total, DecomposeInput};
use super::locked::{self, Locked};
use super::output::Decomposition;
use super::parts::{slots, Slot};
use super::units::{bounds_unmet, spread, Spread};
use super::weights::{by_method, Weights};

/// Splits a total over calendar periods or named parts; see the module docs for keys,
/// rounding, bounds and locked parts. The parts always sum exactly to the (uplifted)
/// total, and errors (empty parts, a negative weight, all-zero history, a unit larger
/// than the total, a list whose length is not the parts', impossible bounds …) come back
/// in the input's locale.
///
/// ```
/// let input: jixiao::targets::DecomposeInput = serde_json::from_str(r#"{
///   "total": "1000", "parts": [{"key": "A"}, {"key": "B"}],
///   "method": "weights", "weights": [3, 1], "unit": 10, "locale": "en" }"#).unwrap();
/// let out = jixiao::decompose(&input).unwrap();
/// assert_eq!((out.parts[0].value.as_str(), out.parts[1].value.as_str()), ("750", "250"));
/// assert_eq!(out.parts[0].share, "0.7500");
/// ```
pub fn decompose(input: &DecomposeInput) -> Result<Decomposition, JixiaoError> {
    let locale = read_locale(input.locale.as_deref())?;
    localized(run(input, locale), locale)
}

/// A decomposition worked out, before it is written.
pub(super) struct Solved<'a> {
    pub(super) input: &'a DecomposeInput,
    pub(super) slots: Vec<Slot>,
    /// The total before uplift.
    pub(super) base: Decimal,
    /// The total after uplift.
    pub(super) total: Decimal,
    pub(super) unit: Decimal,
    pub(super) weights: Weights,
    pub(super) locked: Locked,
    pub(super) fixed: Vec<Fixed>,
    pub(super) spread: Spread,
}

fn run(input: &DecomposeInput, locale: Locale) -> Result<Decomposition, JixiaoError> {
    let slots = slots(input)?;
    let base = input.total.0;
    let total = uplifted_total(base, input.uplift)?;
    let unit = flat_unit(input, total)?;
    let weights = by_method(input, &slots)?;
    let locked = locked::read(input, &slots, total)?;
    let bounds = bounds::read(input, &slots, unit)?;
    bounds::check_room(&bounds, &locked, &weights.values)?;
    let fixed = bounds::solve(locked.rest, &locked.free, &weights.values, &bounds)?;
    let spread = spread(&locked, &fixed, &weights.values, &bounds, unit)?;
    check(&spread.values, total, &locked.free, &bounds)?;
    written(
        &Solved {
            input,
            slots,
            base,
            total,
            unit,
            weights,
            locked,
            fixed,
            spread,
        },
        locale,
    )
}

/// The unit: above 0, not above the total, and with no more places than every multiple of
/// it up to the total can hold exactly.
fn flat_unit(input: &DecomposeInput, total: Decimal) -> Result<Decimal, JixiaoError> {
    let unit = positive_unit(unit_or_default(input.unit))?;
    if !multiples_are_exact(unit, total) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位 {unit} 的小数位太多：总额 {total} 以内的整单位超出 28 位有效数字，无法精确分解",
                "取整單位 {unit} 的小數位太多：總額 {total} 以內的整單位超出 28 位有效數字，無法精確分解",
                "the unit {unit} has too many decimal places: its multiples up to the total {total} need more than 28 significant digits, so the parts could not sum exactly",
            ),
        ));
    }
    if unit > total {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位 {unit} 大于总额 {total}",
                "取整單位 {unit} 大於總額 {total}",
                "the unit {unit} is larger than the total {total}",
            ),
        ));
    }
    Ok(unit)
}

/// Whether every multiple of `unit` up to `total` is a decimal: |total| at the unit's
/// places fits the 96-bit mantissa (DESIGN.md, "Numbers").
fn multiples_are_exact(unit: Decimal, total: Decimal) -> bool {
    let places = unit.normalize().scale();
    Decimal::try_from_i128_with_scale(10i128.pow(places.min(28)), 0)
        .ok()
        .and_then(|shift| total.abs().checked_mul(shift))
        .is_some()
}

/// The values sum to the total and the free ones keep their bounds (defence in depth:
/// the steps before guarantee both).
fn check(values: &[Decimal], total: Decimal, free: &[usize], bounds: &Bounds) -> Result<(), JixiaoError> {
    if exact_sum(values.iter().copied()) != Some(total) {
        return Err(fail(
            ErrorCode::Internal,
            "",
            Text::new(
                "分解结果与总额不符",
                "分解結果與總額不符",
                "the parts do not sum to the total",
            ),
        ));
    }
    for &i in free {
        let v = values.get(i).copied().unwrap_or_default();
        let below = bounds.lo.get(i).copied().flatten().is_some_and(|l| v < l);
        let above = bounds.hi.get(i).copied().flatten().is_some_and(|h| v > h);
        if below || above {
            return Err(bounds_unmet(format!("/{}/{i}", if below { "min" } else { "max" })));
        }
    }
    Ok(())
}
