//! Numbers: reading cells as exact decimals, rounding, formatting and exact splits.
//!
//! Everything is `rust_decimal::Decimal`; no computation uses binary floating point.
//! A JS number arrives as the text of its shortest round trip (`0.1` stays `0.1`).

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

/// Why a cell or an operation gave no number.
///
/// ```
/// assert_eq!(jixiao::parse_number_text("abc"), Err(jixiao::NumberError::NotANumber));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// The text is not a number in any accepted format.
    NotANumber,
    /// `NaN`, `Infinity` or `-Infinity`.
    NonFinite,
    /// Beyond the decimal range (about ±7.9 × 10²⁸).
    Overflow,
    /// A division by zero.
    DivisionByZero,
}

/// How a figure is rounded to its places.
///
/// ```
/// use jixiao::{round, RoundingMode};
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(round(d("2.345"), 2, RoundingMode::HalfUp).to_string(), "2.35");
/// assert_eq!(round(d("2.345"), 2, RoundingMode::HalfEven).to_string(), "2.34");
/// assert_eq!(round(d("2.349"), 2, RoundingMode::Down).to_string(), "2.34");
/// assert_eq!(round(d("2.341"), 2, RoundingMode::Up).to_string(), "2.35");
/// assert_eq!(round(d("87.3"), 2, RoundingMode::HalfUp).to_string(), "87.30");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: .5 away from zero (default).
    #[default]
    HalfUp,
    /// 银行家舍入: .5 to the even neighbour.
    HalfEven,
    /// 去尾: toward zero.
    Down,
    /// 进一: away from zero.
    Up,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Rounds to `places` decimal places and sets exactly that scale (`87.3` → `87.30`).
/// Negative zero becomes zero.
///
/// ```
/// use jixiao::{round, RoundingMode};
/// let r = round("-0.001".parse().unwrap(), 2, RoundingMode::HalfUp);
/// assert_eq!(r.to_string(), "0.00");
/// ```
pub fn round(value: Decimal, places: u32, mode: RoundingMode) -> Decimal {
    let mut r = value.round_dp_with_strategy(places, mode.strategy());
    r.rescale(places);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// Characters trimmed around a cell: ASCII and Unicode white space (incl. U+3000, NBSP).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Maps full-width digits and punctuation to ASCII; other characters unchanged.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(u32::from(c).wrapping_sub(0xFF10).wrapping_add(0x30)).unwrap_or(c),
        '．' | '。' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        '％' => '%',
        '＄' => '$',
        '　' => ' ',
        _ => c,
    }
}

const CURRENCY_MARKS: [&str; 8] = ["RMB", "CNY", "rmb", "cny", "¥", "￥", "$", "€"];

fn strip_currency_prefix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if let Some(rest) = s.strip_prefix(mark) {
            return rest.trim_start_matches(is_blank);
        }
    }
    s
}

fn strip_currency_suffix(s: &str) -> &str {
    for mark in CURRENCY_MARKS.iter().chain(["元"].iter()) {
        if let Some(rest) = s.strip_suffix(mark) {
            return rest.trim_end_matches(is_blank);
        }
    }
    s
}

fn take_sign(s: &str) -> (Option<bool>, &str) {
    if let Some(rest) = s.strip_prefix('-') {
        (Some(true), rest.trim_start_matches(is_blank))
    } else if let Some(rest) = s.strip_prefix('+') {
        (Some(false), rest.trim_start_matches(is_blank))
    } else {
        (None, s)
    }
}

/// A multiplier or divisor written after the digits.
enum Suffix {
    None,
    Percent,
    Times(i64),
}

fn take_suffix(s: &str) -> (Suffix, &str) {
    let table: [(char, Suffix); 6] = [
        ('%', Suffix::Percent),
        ('千', Suffix::Times(1_000)),
        ('万', Suffix::Times(10_000)),
        ('萬', Suffix::Times(10_000)),
        ('亿', Suffix::Times(100_000_000)),
        ('億', Suffix::Times(100_000_000)),
    ];
    for (c, suffix) in table {
        if let Some(rest) = s.strip_suffix(c) {
            return (suffix, rest.trim_end_matches(is_blank));
        }
    }
    (Suffix::None, s)
}

/// Checks `1,234,567.89`-style grouping and returns the digits without separators.
fn ungroup(s: &str) -> Result<String, NumberError> {
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac_part {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let grouped = groups.len() > 1;
    for (i, g) in groups.iter().enumerate() {
        let ok = if !grouped {
            all_digits(g)
        } else if i == 0 {
            (1..=3).contains(&g.len()) && all_digits(g)
        } else {
            g.len() == 3 && all_digits(g)
        };
        if !ok {
            return Err(NumberError::NotANumber);
        }
    }
    let digits_int: String = groups.concat();
    let frac = frac_part.unwrap_or("");
    if digits_int.is_empty() && frac.is_empty() {
        return Err(NumberError::NotANumber);
    }
    let mut out = if digits_int.is_empty() {
        String::from("0")
    } else {
        digits_int
    };
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Ok(out)
}

/// Parses plain ASCII decimal text (digits, one `.`, optional exponent) exactly.
fn parse_plain(s: &str) -> Result<Decimal, NumberError> {
    if s.contains(['e', 'E']) {
        return Decimal::from_scientific(s).or_else(|_| parse_small_scientific(s));
    }
    Decimal::from_str_exact(s)
        .or_else(|_| Decimal::from_str(s))
        .map_err(|_| classify_failure(s))
}

/// A number in exponent form that `from_scientific` refuses because it needs more than
/// 28 places (`5.551115123125783e-17`): written out in plain digits and rounded to the
/// decimal's precision like any long plain number; far below it, zero.
fn parse_small_scientific(s: &str) -> Result<Decimal, NumberError> {
    let Some((mantissa, exp)) = s.split_once(['e', 'E']) else {
        return Err(classify_failure(s));
    };
    let exp: i32 = exp.parse().map_err(|_| NumberError::NotANumber)?;
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(NumberError::NotANumber);
    }
    if exp >= 0 {
        // a positive exponent that from_scientific refused is out of range
        return Err(NumberError::Overflow);
    }
    // shift the point left by -exp places
    let shift = usize::try_from(exp.unsigned_abs()).map_err(|_| NumberError::Overflow)?;
    if shift > 80 {
        return Ok(Decimal::ZERO);
    }
    let all_digits = format!("{int_part}{frac_part}");
    let point = int_part.len();
    let text = if shift >= point {
        format!("0.{}{all_digits}", "0".repeat(shift.saturating_sub(point)))
    } else {
        let (a, b) = all_digits.split_at(point.saturating_sub(shift));
        format!("{a}.{b}")
    };
    let mut v = Decimal::from_str(&text).map_err(|_| NumberError::Overflow)?;
    if negative {
        v.set_sign_negative(true);
    }
    Ok(v)
}

/// Digits that failed to parse: too big, or not a number at all.
fn classify_failure(s: &str) -> NumberError {
    let looks_numeric = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if looks_numeric {
        NumberError::Overflow
    } else {
        NumberError::NotANumber
    }
}

/// Reads a number cell written as text, per SPEC §1: sign, full-width digits,
/// thousands separators, a currency mark before or after (`¥ ￥ $ € RMB CNY 元`),
/// `%`/`％` (÷100), `千` `万` `萬` `亿` `億`. Blank text is `Ok(None)` (missing).
///
/// ```
/// use jixiao::parse_number_text;
/// let p = |s: &str| parse_number_text(s).unwrap().unwrap().to_string();
/// assert_eq!(p("1.2万"), "12000");
/// assert_eq!(p("85%"), "0.85");
/// assert_eq!(p("８５０，０００"), "850000");
/// assert_eq!(p("¥550,000.00"), "550000.00");
/// assert_eq!(p("-3.5 亿元"), "-350000000");
/// assert_eq!(parse_number_text("  "), Ok(None));
/// assert!(parse_number_text("85,90").is_err());
/// ```
pub fn parse_number_text(text: &str) -> Result<Option<Decimal>, NumberError> {
    let normalized: String = text.chars().map(half_width).collect();
    let s = normalized.trim_matches(is_blank);
    if s.is_empty() {
        return Ok(None);
    }
    match s {
        "NaN" | "nan" => return Err(NumberError::NonFinite),
        "Infinity" | "+Infinity" | "-Infinity" | "inf" | "-inf" => return Err(NumberError::NonFinite),
        _ => {}
    }
    let (sign1, s) = take_sign(s);
    let s = strip_currency_prefix(s);
    let (sign2, s) = take_sign(s);
    let negative = match (sign1, sign2) {
        (Some(_), Some(_)) => return Err(NumberError::NotANumber),
        (Some(n), None) | (None, Some(n)) => n,
        (None, None) => false,
    };
    let s = strip_currency_suffix(s);
    let (suffix, s) = take_suffix(s);
    let s = strip_currency_suffix(s);
    if s.is_empty() {
        return Err(NumberError::NotANumber);
    }
    let plain = if s.contains(['e', 'E']) && !s.contains(',') {
        s.to_string()
    } else {
        ungroup(s)?
    };
    let mut value = parse_plain(&plain)?;
    value = match suffix {
        Suffix::None => value,
        Suffix::Percent => value.checked_div(Decimal::ONE_HUNDRED).ok_or(NumberError::Overflow)?,
        Suffix::Times(k) => value
            .checked_mul(Decimal::from(k))
            .ok_or(NumberError::Overflow)?
            .normalize(),
    };
    if negative {
        value.set_sign_negative(true);
    }
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(Some(value))
}

/// Reads a JSON number token (`12`, `-0.5`, `1e+21`) exactly.
///
/// ```
/// assert_eq!(jixiao::parse_json_number("1e+3").unwrap().to_string(), "1000");
/// assert_eq!(jixiao::parse_json_number("0.30000000000000004").unwrap().to_string(), "0.30000000000000004");
/// ```
pub fn parse_json_number(token: &str) -> Result<Decimal, NumberError> {
    let mut v = parse_plain(token)?;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    Ok(v)
}

/// A finite `f64` as the decimal its shortest round-trip text shows.
///
/// ```
/// assert_eq!(jixiao::decimal_from_f64(0.1).unwrap().to_string(), "0.1");
/// assert_eq!(jixiao::decimal_from_f64(f64::NAN), Err(jixiao::NumberError::NonFinite));
/// ```
pub fn decimal_from_f64(value: f64) -> Result<Decimal, NumberError> {
    if !value.is_finite() {
        return Err(NumberError::NonFinite);
    }
    // Rust's `Display` for f64 is the shortest text that round-trips, without exponent.
    parse_json_number(&format!("{value}"))
}

/// `a + b`, or `Overflow`.
///
/// ```
/// use rust_decimal::Decimal;
/// assert!(jixiao::checked_add(Decimal::MAX, Decimal::ONE).is_err());
/// ```
pub fn checked_add(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_add(b).ok_or(NumberError::Overflow)
}

/// `a − b`, or `Overflow`.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(jixiao::checked_sub(Decimal::TWO, Decimal::ONE), Ok(Decimal::ONE));
/// ```
pub fn checked_sub(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_sub(b).ok_or(NumberError::Overflow)
}

/// `a × b`, or `Overflow`.
///
/// ```
/// use rust_decimal::Decimal;
/// assert!(jixiao::checked_mul(Decimal::MAX, Decimal::TWO).is_err());
/// ```
pub fn checked_mul(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    a.checked_mul(b).ok_or(NumberError::Overflow)
}

/// `a ÷ b`, or `DivisionByZero` / `Overflow`.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(jixiao::checked_div(Decimal::ONE, Decimal::ZERO), Err(jixiao::NumberError::DivisionByZero));
/// ```
pub fn checked_div(a: Decimal, b: Decimal) -> Result<Decimal, NumberError> {
    if b.is_zero() {
        return Err(NumberError::DivisionByZero);
    }
    a.checked_div(b).ok_or(NumberError::Overflow)
}

/// Fixed places, no grouping: `87.30`.
///
/// ```
/// use jixiao::{format_fixed, RoundingMode};
/// assert_eq!(format_fixed("87.3".parse().unwrap(), 2, RoundingMode::HalfUp), "87.30");
/// ```
pub fn format_fixed(value: Decimal, places: u32, mode: RoundingMode) -> String {
    round(value, places, mode).to_string()
}

/// Fixed places with thousands separators: `1,234,567.00`.
///
/// ```
/// use jixiao::{format_grouped, RoundingMode};
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
/// use jixiao::{format_percent, RoundingMode};
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
/// assert_eq!(jixiao::format_plain("1.2000".parse().unwrap()), "1.2");
/// ```
pub fn format_plain(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v.to_string()
}

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
/// let parts = jixiao::split_largest_remainder(d("100.00"), &[d("1"), d("1"), d("1")], d("0.01")).unwrap();
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
    let mut sum = Decimal::ZERO;
    for w in weights {
        sum = checked_add(sum, *w)?;
    }
    if sum.is_zero() {
        return Err(NumberError::DivisionByZero);
    }
    let negative = total.is_sign_negative();
    let magnitude = total.abs();
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut allotted = Decimal::ZERO;
    for w in weights {
        // exact share in units, as a quotient kept at full precision
        let share_units = checked_div(checked_mul(magnitude, *w)?, checked_mul(sum, unit)?)?;
        let whole = share_units.trunc();
        let part = checked_mul(whole, unit)?;
        allotted = checked_add(allotted, part)?;
        parts.push(part);
        remainders.push(checked_sub(share_units, whole)?);
    }
    let leftover = checked_sub(magnitude, allotted)?;
    let leftover_units = checked_div(leftover, unit)?.trunc();
    let mut order: Vec<usize> = (0..weights.len()).collect();
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
    let distributed: Decimal = {
        let mut s = Decimal::ZERO;
        for p in &parts {
            s = checked_add(s, *p)?;
        }
        s
    };
    let residual = checked_sub(magnitude, distributed)?;
    if !residual.is_zero() {
        let mut largest = 0usize;
        for (i, p) in parts.iter().enumerate() {
            if parts.get(largest).is_some_and(|l| p > l) {
                largest = i;
            }
        }
        if let Some(p) = parts.get_mut(largest) {
            *p = checked_add(*p, residual)?;
        }
    }
    if negative {
        for p in &mut parts {
            p.set_sign_negative(!p.is_zero());
        }
    }
    Ok(parts)
}

/// Checked arithmetic for the pure rules (targets, incentives) that fails with the one
/// `OVERFLOW` error: a result outside the decimal range, or a zero divisor the rule has
/// already excluded, reads "a figure exceeds the decimal range".
pub(crate) mod exact {
    use super::{checked_add, checked_div, checked_mul, checked_sub};
    use crate::error::{ErrorCode, JixiaoError};
    use crate::i18n::Text;
    use rust_decimal::Decimal;

    /// The `OVERFLOW` error every checked operation here returns.
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
        values.into_iter().try_fold(Decimal::ZERO, add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cell_texts() {
        let cases: &[(&str, Option<&str>)] = &[
            ("120万", Some("1200000")),
            ("1.2万", Some("12000")),
            ("3千", Some("3000")),
            ("2亿", Some("200000000")),
            ("2億", Some("200000000")),
            ("5萬", Some("50000")),
            ("96%", Some("0.96")),
            ("９６％", Some("0.96")),
            ("０．８８", Some("0.88")),
            ("８５０，０００", Some("850000")),
            ("¥550,000.00", Some("550000.00")),
            ("￥1,234", Some("1234")),
            ("$12.5", Some("12.5")),
            ("€ 7", Some("7")),
            ("RMB 1,000", Some("1000")),
            ("1000 CNY", Some("1000")),
            ("1000元", Some("1000")),
            ("120万元", Some("1200000")),
            ("-¥100", Some("-100")),
            ("¥-100", Some("-100")),
            ("+5", Some("5")),
            ("  42  ", Some("42")),
            ("\u{3000}42\u{3000}", Some("42")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("-0", Some("0")),
            ("1e3", Some("1000")),
            ("", None),
            ("   ", None),
        ];
        for (text, want) in cases {
            let got = parse_number_text(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(got.map(format_plain), want.map(|w| format_plain(d(w))), "{text}");
        }
    }

    #[test]
    fn bad_cell_texts() {
        for text in [
            "abc",
            "85,90",
            "1,23",
            "12,3456",
            "1.2.3",
            "--5",
            "-+5",
            "¥",
            "%",
            "万",
            "1万万",
            "1 2",
            "0x10",
            "待补充",
        ] {
            assert_eq!(parse_number_text(text), Err(NumberError::NotANumber), "{text}");
        }
        assert_eq!(parse_number_text("NaN"), Err(NumberError::NonFinite));
        assert_eq!(parse_number_text("Infinity"), Err(NumberError::NonFinite));
        assert_eq!(
            parse_number_text("99999999999999999999999999999999"),
            Err(NumberError::Overflow)
        );
        assert_eq!(parse_number_text("1e300"), Err(NumberError::Overflow));
        assert!(parse_number_text("7亿亿亿亿亿").is_err());
    }

    #[test]
    fn overflow_through_a_unit_is_an_error() {
        assert_eq!(
            parse_number_text("79228162514264337593543950335亿"),
            Err(NumberError::Overflow)
        );
    }

    #[test]
    fn f64_by_shortest_text() {
        assert_eq!(decimal_from_f64(0.1).unwrap(), d("0.1"));
        assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap(), d("0.30000000000000004"));
        assert_eq!(decimal_from_f64(74.29).unwrap(), d("74.29"));
        assert_eq!(decimal_from_f64(-0.0).unwrap().to_string(), "0");
        assert_eq!(decimal_from_f64(1e21).unwrap(), d("1000000000000000000000"));
        assert_eq!(decimal_from_f64(1e300), Err(NumberError::Overflow));
        assert_eq!(
            parse_json_number("5.551115123125783e-17").unwrap(),
            d("0.0000000000000000555111512313")
        );
        assert_eq!(parse_json_number("-1e-29").unwrap(), Decimal::ZERO);
        assert_eq!(parse_json_number("1e-400").unwrap(), Decimal::ZERO);
        assert_eq!(parse_json_number("1.5e-3").unwrap(), d("0.0015"));
        assert_eq!(parse_json_number("1e400"), Err(NumberError::Overflow));
        assert_eq!(decimal_from_f64(f64::INFINITY), Err(NumberError::NonFinite));
    }

    #[test]
    fn rounding_modes_table() {
        let cases = [
            ("2.345", RoundingMode::HalfUp, "2.35"),
            ("-2.345", RoundingMode::HalfUp, "-2.35"),
            ("2.345", RoundingMode::HalfEven, "2.34"),
            ("2.355", RoundingMode::HalfEven, "2.36"),
            ("2.349", RoundingMode::Down, "2.34"),
            ("-2.349", RoundingMode::Down, "-2.34"),
            ("2.341", RoundingMode::Up, "2.35"),
            ("-2.341", RoundingMode::Up, "-2.35"),
            ("2.3", RoundingMode::Up, "2.30"),
        ];
        for (v, mode, want) in cases {
            assert_eq!(round(d(v), 2, mode).to_string(), want, "{v} {mode:?}");
        }
    }

    #[test]
    fn grouping() {
        assert_eq!(format_grouped(d("850000"), 2, RoundingMode::HalfUp), "850,000.00");
        assert_eq!(format_grouped(d("1000"), 0, RoundingMode::HalfUp), "1,000");
        assert_eq!(format_grouped(d("100"), 0, RoundingMode::HalfUp), "100");
        assert_eq!(format_grouped(d("-0.004"), 2, RoundingMode::HalfUp), "0.00");
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
