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
    DecimalText::new(round(value, places, mode), false).as_str().to_string()
}

/// Fixed places with thousands separators: `1,234,567.00`.
///
/// ```
/// use jixiao::{numbers::format_grouped, numbers::RoundingMode};
/// assert_eq!(format_grouped("-1234567".parse().unwrap(), 2, RoundingMode::HalfUp), "-1,234,567.00");
/// assert_eq!(format_grouped("999".parse().unwrap(), 0, RoundingMode::HalfUp), "999");
/// ```
pub fn format_grouped(value: Decimal, places: u32, mode: RoundingMode) -> String {
    DecimalText::new(round(value, places, mode), true).as_str().to_string()
}

/// A rate as a percentage with `places` places: `0.85` → `85.00%`.
///
/// ```
/// use jixiao::{numbers::format_percent, numbers::RoundingMode};
/// assert_eq!(format_percent("0.85".parse().unwrap(), 2, RoundingMode::HalfUp), "85.00%");
/// ```
pub fn format_percent(rate: Decimal, places: u32, mode: RoundingMode) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => {
            let text = DecimalText::new(round(p, places, mode), true);
            let mut out = String::with_capacity(text.as_str().len().saturating_add(1));
            out.push_str(text.as_str());
            out.push('%');
            out
        }
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
    DecimalText::new(v, false).as_str().to_string()
}

/// A decimal's text as its `Display` writes it (every digit of its scale, `-` for a
/// negative sign), optionally with thousands separators, built in place: the hot paths
/// (figures in texts, every decimal of the JSON output) write it with no formatter and no
/// allocation (DESIGN.md, "Numbers").
pub(crate) struct DecimalText {
    bytes: [u8; 64],
    len: usize,
}

impl DecimalText {
    /// `v`'s text; `grouped` puts a `,` between thousands of the whole part.
    pub(crate) fn new(v: Decimal, grouped: bool) -> DecimalText {
        // the mantissa's digits, least significant last, zero-padded to the scale
        let mut digits = [b'0'; 32];
        let mut n = 0usize;
        let mut m = v.mantissa().unsigned_abs();
        for slot in digits.iter_mut().rev() {
            if m == 0 {
                break;
            }
            let (rest, digit) = match u64::try_from(m) {
                Ok(small) => (u128::from(small / 10), small % 10),
                Err(_) => (m / 10, u64::try_from(m % 10).unwrap_or(0)),
            };
            *slot = b'0'.wrapping_add(u8::try_from(digit).unwrap_or(0));
            m = rest;
            n = n.wrapping_add(1);
        }
        let scale = usize::try_from(v.scale()).unwrap_or(0);
        let len = n.max(scale);
        let shown = digits.get(digits.len().saturating_sub(len)..).unwrap_or_default();
        let (whole, fraction) = shown.split_at(len.saturating_sub(scale).min(shown.len()));
        let mut text = DecimalText { bytes: [0; 64], len: 0 };
        if v.is_sign_negative() {
            text.push(b'-');
        }
        if whole.is_empty() {
            text.push(b'0');
        }
        for (i, &d) in whole.iter().enumerate() {
            if grouped && i > 0 && whole.len().saturating_sub(i) % 3 == 0 {
                text.push(b',');
            }
            text.push(d);
        }
        if !fraction.is_empty() {
            text.push(b'.');
            fraction.iter().for_each(|&d| text.push(d));
        }
        text
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len = self.len.saturating_add(1);
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The text written in place is `Display`'s (grouped: with separators) for every sign,
    /// scale and size, including negative zero and the extremes.
    #[test]
    #[allow(clippy::arithmetic_side_effects)]
    fn decimal_text_is_display() {
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.00",
            "-0.00",
            "1",
            "-1",
            "0.05",
            "-0.05",
            "12.5",
            "999",
            "1000",
            "-1000.10",
            "123456789.123456789",
            "0.0000000000000000000000000001",
            "1e-28",
        ]
        .iter()
        .map(|t| {
            t.parse::<Decimal>()
                .unwrap_or_else(|_| Decimal::from_scientific(t).unwrap())
        })
        .collect();
        values.extend([Decimal::MAX, Decimal::MIN, Decimal::new(-5, 28), Decimal::new(0, 7)]);
        values.push({
            let mut z = Decimal::new(0, 3);
            z.set_sign_negative(true);
            z
        });
        // a spread of mantissas and scales
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let hi = u32::try_from(x >> 40).unwrap() & 0xFFFF;
            let high = if x % 3 == 0 { i128::from(hi) << 64 } else { 0 };
            let m = i128::from(x >> (x % 60)) | high;
            let m = if x % 2 == 0 { -m } else { m };
            values.push(Decimal::from_i128_with_scale(m, u32::try_from(x % 29).unwrap()));
        }
        for v in values {
            let display = v.to_string();
            assert_eq!(DecimalText::new(v, false).as_str(), display, "{v:?}");
            let (sign, unsigned) = display.strip_prefix('-').map_or(("", display.as_str()), |r| ("-", r));
            let (int, frac) = unsigned.split_once('.').map_or((unsigned, None), |(i, f)| (i, Some(f)));
            let mut grouped = String::from(sign);
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if let Some(f) = frac {
                grouped.push('.');
                grouped.push_str(f);
            }
            assert_eq!(DecimalText::new(v, true).as_str(), grouped, "{v:?}");
        }
    }

    #[test]
    fn grouping() {
        assert_eq!(format_grouped(d("850000"), 2, RoundingMode::HalfUp), "850,000.00");
        assert_eq!(format_grouped(d("1000"), 0, RoundingMode::HalfUp), "1,000");
        assert_eq!(format_grouped(d("100"), 0, RoundingMode::HalfUp), "100");
        assert_eq!(format_grouped(d("-0.004"), 2, RoundingMode::HalfUp), "0.00");
    }
}
