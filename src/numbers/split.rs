//! Splitting a total into parts that add up exactly (largest remainder).

use super::exact::{checked_add, checked_div, checked_mul, checked_sub, checked_sum};
use super::NumberError;
use rust_decimal::prelude::*;

/// Splits `total` into parts proportional to `weights`, each a multiple of `unit`,
/// summing exactly to `total`: every part is first rounded toward zero to the unit,
/// then the leftover units go one each to the largest remainders (ties: the earlier
/// part); a leftover below one unit (a total that is not a multiple of the unit) goes
/// to the largest part (ties: the earlier).
///
/// Weights must be ≥ 0 with a positive sum; `unit` must be > 0.
///
/// ```
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// let parts = jixiao::numbers::split_largest_remainder(d("100.00"), &[d("1"), d("1"), d("1")], d("0.01")).unwrap();
/// assert_eq!(parts, vec![d("33.34"), d("33.33"), d("33.33")]);
/// ```
pub fn split_largest_remainder(
    total: Decimal,
    weights: &[Decimal],
    unit: Decimal,
) -> Result<Vec<Decimal>, NumberError> {
    if unit <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return Err(NumberError::NotANumber);
    }
    let sum = checked_sum(weights.iter().copied())?;
    if sum.is_zero() {
        return Err(NumberError::DivisionByZero);
    }
    let magnitude = total.abs();
    let (mut parts, remainders) = whole_units(magnitude, weights, sum, unit)?;
    spread_leftover_units(&mut parts, &remainders, magnitude, unit)?;
    settle_residual(&mut parts, magnitude)?;
    if total.is_sign_negative() {
        for p in &mut parts {
            p.set_sign_negative(!p.is_zero());
        }
    }
    Ok(parts)
}

/// Each part's share of `magnitude` rounded toward zero to whole units, and what the
/// rounding cut off (in units, at full precision).
fn whole_units(
    magnitude: Decimal,
    weights: &[Decimal],
    sum: Decimal,
    unit: Decimal,
) -> Result<(Vec<Decimal>, Vec<Decimal>), NumberError> {
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for w in weights {
        let share_units = checked_div(checked_mul(magnitude, *w)?, checked_mul(sum, unit)?)?;
        let whole = share_units.trunc();
        parts.push(checked_mul(whole, unit)?);
        remainders.push(checked_sub(share_units, whole)?);
    }
    Ok((parts, remainders))
}

/// Gives the whole units still missing from `magnitude` one each to the largest
/// remainders (ties: the earlier part).
fn spread_leftover_units(
    parts: &mut [Decimal],
    remainders: &[Decimal],
    magnitude: Decimal,
    unit: Decimal,
) -> Result<(), NumberError> {
    let leftover = checked_sub(magnitude, checked_sum(parts.iter().copied())?)?;
    let leftover_units = checked_div(leftover, unit)?.trunc();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // largest remainder first; ties keep the earlier part first (stable sort)
    order.sort_by(|a, b| {
        let ra = remainders.get(*a).copied().unwrap_or_default();
        let rb = remainders.get(*b).copied().unwrap_or_default();
        rb.cmp(&ra)
    });
    let count = leftover_units.to_usize().ok_or(NumberError::Overflow)?;
    for i in order.iter().take(count) {
        if let Some(p) = parts.get_mut(*i) {
            *p = checked_add(*p, unit)?;
        }
    }
    Ok(())
}

/// Gives what is still missing from `magnitude` (less than one unit: a total that is not
/// a multiple of the unit) to the largest part (ties: the earlier).
fn settle_residual(parts: &mut [Decimal], magnitude: Decimal) -> Result<(), NumberError> {
    let residual = checked_sub(magnitude, checked_sum(parts.iter().copied())?)?;
    if residual.is_zero() {
        return Ok(());
    }
    let mut largest = 0usize;
    for (i, p) in parts.iter().enumerate() {
        if parts.get(largest).is_some_and(|l| p > l) {
            largest = i;
        }
    }
    if let Some(p) = parts.get_mut(largest) {
        *p = checked_add(*p, residual)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn splits_match_the_pool_example() {
        let parts = split_largest_remainder(d("100000.00"), &[d("105.92"), d("72.76"), d("43.75")], d("0.01")).unwrap();
        assert_eq!(parts, vec![d("47619.48"), d("32711.41"), d("19669.11")]);
    }

    #[test]
    fn split_residual_below_a_unit_goes_to_the_largest_part() {
        let parts = split_largest_remainder(d("1005"), &[d("1"), d("2")], d("10")).unwrap();
        assert_eq!(parts, vec![d("330"), d("675")]);
        assert_eq!(parts.iter().copied().sum::<Decimal>(), d("1005"));
    }

    #[test]
    fn split_rejects_bad_weights() {
        assert!(split_largest_remainder(d("1"), &[d("0"), d("0")], d("1")).is_err());
        assert!(split_largest_remainder(d("1"), &[d("-1"), d("2")], d("1")).is_err());
        assert!(split_largest_remainder(d("1"), &[d("1")], d("0")).is_err());
        assert!(split_largest_remainder(d("1"), &[], d("1")).is_err());
    }

    #[test]
    fn split_negative_total() {
        let parts = split_largest_remainder(d("-100.00"), &[d("1"), d("1"), d("1")], d("0.01")).unwrap();
        assert_eq!(parts, vec![d("-33.34"), d("-33.33"), d("-33.33")]);
    }
}
