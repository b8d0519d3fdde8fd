//! Writing a decimal as text: fixed places, thousands separators, percentages, short form.

use super::round::{round, RoundingMode};
use rust_decimal::Decimal;

/// Fixed places, no grouping: `87.30`.
///
/// ```
/// use jixiao::{numbers::format_fixed, numbers::RoundingMode};
/// assert_eq!(format_fixed("87.3".parse().unwrap(), 2, RoundingMode::HalfUp), "87.30");
/// ```
pub fn format_fixed(value: Decimal, places: u32, mode: RoundingMode) -> String {
    round(value, places, mode).to_string()
}

/// Fixed places with thousands separators: `1,234,567.00`.
///
/// ```
/// use jixiao::{numbers::format_grouped, numbers::RoundingMode};
/// assert_eq!(format_grouped("-1234567".parse().unwrap(), 2, RoundingMode::HalfUp), "-1,234,567.00");
/// assert_eq!(format_grouped("999".parse().unwrap(), 0, RoundingMode::HalfUp), "999");
/// ```
pub fn format_grouped(value: Decimal, places: u32, mode: RoundingMode) -> String {
    let text = format_fixed(value, places, mode);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(text.len().saturating_add(8));
    grouped.push_str(sign);
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        let left = len.saturating_sub(i);
        if i > 0 && left % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac_part {
        grouped.push('.');
        grouped.push_str(f);
    }
    grouped
}

/// A rate as a percentage with `places` places: `0.85` → `85.00%`.
///
/// ```
/// use jixiao::{numbers::format_percent, numbers::RoundingMode};
/// assert_eq!(format_percent("0.85".parse().unwrap(), 2, RoundingMode::HalfUp), "85.00%");
/// ```
pub fn format_percent(rate: Decimal, places: u32, mode: RoundingMode) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", format_grouped(p, places, mode)),
        None => format!("{rate}"),
    }
}

/// A decimal as short text: trailing zeros removed (`1200000`, `0.96`).
///
/// ```
/// assert_eq!(jixiao::numbers::format_plain("1.2000".parse().unwrap()), "1.2");
/// ```
pub fn format_plain(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn grouping() {
        assert_eq!(format_grouped(d("850000"), 2, RoundingMode::HalfUp), "850,000.00");
        assert_eq!(format_grouped(d("1000"), 0, RoundingMode::HalfUp), "1,000");
        assert_eq!(format_grouped(d("100"), 0, RoundingMode::HalfUp), "100");
        assert_eq!(format_grouped(d("-0.004"), 2, RoundingMode::HalfUp), "0.00");
    }
}
