//! Reading a cell's text, a JSON number token or a JS double as an exact decimal.

use super::NumberError;
use rust_decimal::prelude::*;
use std::borrow::Cow;

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

/// Currency marks written before or after an amount (`元` only after).
const CURRENCY_MARKS: [&str; 8] = ["RMB", "CNY", "rmb", "cny", "¥", "￥", "$", "€"];

/// The text after a leading currency mark (and the blanks after it).
fn strip_currency_prefix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if let Some(rest) = s.strip_prefix(mark) {
            return rest.trim_start_matches(is_blank);
        }
    }
    s
}

/// The text before a trailing currency mark or `元` (and the blanks before it).
fn strip_currency_suffix(s: &str) -> &str {
    for mark in CURRENCY_MARKS.iter().chain(["元"].iter()) {
        if let Some(rest) = s.strip_suffix(mark) {
            return rest.trim_end_matches(is_blank);
        }
    }
    s
}

/// A leading `-` (`Some(true)`) or `+` (`Some(false)`), and the text after it.
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

/// A trailing `%` or Chinese unit (`千 万 萬 亿 億`), and the text before it.
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
fn ungroup(s: &str) -> Result<Cow<'_, str>, NumberError> {
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac_part {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if digits(int_part) && frac_part.is_none_or(|f| !f.is_empty()) {
        return Ok(Cow::Borrowed(s)); // no separators: already plain
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
    Ok(Cow::Owned(out))
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

/// Reads a number cell written as text (DESIGN.md, "Numbers"): sign, full-width digits,
/// thousands separators, a currency mark before or after (`¥ ￥ $ € RMB CNY 元`),
/// `%`/`％` (÷100), `千` `万` `萬` `亿` `億`. Blank text is `Ok(None)` (missing).
///
/// ```
/// use jixiao::numbers::parse_number_text;
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
    match plain_ascii(text) {
        Some(value) => value.map(Some),
        None => parse_any_text(text),
    }
}

/// The common cell, a plain ASCII number (`1234.5`, `-7`): read with no normalising copy.
/// `None` for anything else (spaces, signs, separators, units, full-width digits …),
/// which [`parse_any_text`] reads; for a plain number both give the same value.
fn plain_ascii(text: &str) -> Option<Result<Decimal, NumberError>> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (digits, "0"),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) {
        return None;
    }
    Some(parse_plain(digits).map(|mut value| {
        if negative {
            value.set_sign_negative(true);
        }
        if value.is_zero() {
            value.set_sign_positive(true);
        }
        value
    }))
}

/// Any number text a spreadsheet user writes (see [`parse_number_text`]).
fn parse_any_text(text: &str) -> Result<Option<Decimal>, NumberError> {
    // a copy only when a full-width character has to be folded
    let normalized: Cow<'_, str> = match text.chars().any(|c| half_width(c) != c) {
        true => Cow::Owned(text.chars().map(half_width).collect()),
        false => Cow::Borrowed(text),
    };
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
        Cow::Borrowed(s)
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
/// assert_eq!(jixiao::numbers::parse_json_number("1e+3").unwrap().to_string(), "1000");
/// assert_eq!(jixiao::numbers::parse_json_number("0.30000000000000004").unwrap().to_string(), "0.30000000000000004");
/// ```
pub fn parse_json_number(token: &str) -> Result<Decimal, NumberError> {
    let mut v = parse_plain(token)?;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    Ok(v)
}

/// A finite `f64` as the decimal its shortest round-trip text shows: exactly the value a
/// JS number has when `JSON.stringify` writes it (DESIGN.md, "Large tables": `0.1` is `0.1`,
/// never `0.1000000000000000055…`). Whole numbers below 10¹⁵ are converted directly;
/// others are read from [`js_number_text`] by [`parse_json_number`], as their JSON token is.
///
/// ```
/// assert_eq!(jixiao::numbers::decimal_from_f64(0.1).unwrap().to_string(), "0.1");
/// assert_eq!(jixiao::numbers::decimal_from_f64(1e21).unwrap().to_string(), "1000000000000000000000");
/// assert_eq!(jixiao::numbers::decimal_from_f64(f64::NAN), Err(jixiao::numbers::NumberError::NonFinite));
/// ```
pub fn decimal_from_f64(value: f64) -> Result<Decimal, NumberError> {
    if !value.is_finite() {
        return Err(NumberError::NonFinite);
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        // exact: a whole number below 2^53 converts without rounding, and JS writes its digits
        return Ok(Decimal::from(value as i64));
    }
    parse_json_number(&js_number_text(value))
}

/// The text JavaScript writes for a number (`String(x)`, `JSON.stringify(x)`; ECMAScript
/// Number::toString): the shortest digits that read back as the same double, plain from
/// 10⁻⁷ up to 10²¹, else in exponent form (`1e+21`, `1.5e-7`); `NaN`, `Infinity`, `-Infinity`.
///
/// ```
/// use jixiao::numbers::js_number_text;
/// assert_eq!(js_number_text(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(js_number_text(1e21), "1e+21");
/// assert_eq!(js_number_text(-1.5e-7), "-1.5e-7");
/// assert_eq!(js_number_text(123456.0), "123456");
/// assert_eq!(js_number_text(f64::NEG_INFINITY), "-Infinity");
/// ```
pub fn js_number_text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if value == 0.0 {
        return "0".into();
    }
    // zmij (serde_json's formatter) gives the shortest round-trip digits and, where two are
    // as short and as close, the even one, as ECMAScript asks (Rust's `{:e}` does not)
    let mut buffer = zmij::Buffer::new();
    let (digits, point) = digits_and_point(buffer.format_finite(value.abs()));
    let mut out = String::with_capacity(digits.len().saturating_add(8));
    if value < 0.0 {
        out.push('-');
    }
    place_point(&digits, point, &mut out);
    out
}

/// The significant digits of a positive number's text (`123.4`, `1.5e-7`, `1e21`) and where
/// the point goes: the value is `0.digits × 10^point`.
fn digits_and_point(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exponent = exponent.trim_start_matches('+').parse::<i32>().unwrap_or(0);
    let before_point = mantissa.find('.').unwrap_or(mantissa.len());
    let all: String = mantissa.chars().filter(|c| *c != '.').collect();
    let lead = all.len().saturating_sub(all.trim_start_matches('0').len());
    let digits = all.trim_matches('0').to_string();
    let as_i32 = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let point = as_i32(before_point)
        .saturating_sub(as_i32(lead))
        .saturating_add(exponent);
    (digits, point)
}

/// Writes `0.d₁d₂…dₖ × 10^point` the way ECMAScript's Number::toString lays it out.
fn place_point(digits: &str, point: i32, out: &mut String) {
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let zeros = |n: i32| "0".repeat(usize::try_from(n).unwrap_or(0));
    let split = |at: i32| {
        digits
            .split_at_checked(usize::try_from(at).unwrap_or(0))
            .unwrap_or((digits, ""))
    };
    if k <= point && point <= 21 {
        out.push_str(digits);
        out.push_str(&zeros(point.saturating_sub(k)));
    } else if 0 < point && point <= 21 {
        let (int, frac) = split(point);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.push_str(&zeros(point.saturating_neg()));
        out.push_str(digits);
    } else {
        let (first, rest) = split(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = point.saturating_sub(1);
        out.push_str(if e < 0 { "e-" } else { "e+" });
        out.push_str(&e.unsigned_abs().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::format_plain;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The plain-number fast path gives what the full reader gives, value and scale,
    /// including long fractions, negative zero and numbers past the decimal's range.
    #[test]
    fn the_fast_path_agrees_with_the_full_reader() {
        let cases = [
            "0",
            "-0",
            "7",
            "-7",
            "1234.5",
            "-0.000",
            "0.30000000000000004",
            "007",
            "1.50",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "-99999999999999999999999999999999",
            "3.14159265358979323846264338327950288",
            "1e5",
            "1.",
            ".5",
            "--1",
            "1,234",
            "1.2.3",
            "",
        ];
        for text in cases {
            let full = parse_any_text(text);
            assert_eq!(parse_number_text(text), full, "{text:?}");
            if let (Some(Ok(fast)), Ok(Some(full))) = (plain_ascii(text), full) {
                assert_eq!(fast.scale(), full.scale(), "{text:?}: scale");
            }
        }
        let mut state: u64 = 7;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let int = state >> 40;
            let frac = (state >> 8) % 100_000;
            for text in [format!("{int}"), format!("-{int}.{frac:05}"), format!("{int}.{frac}")] {
                let (fast, full) = (parse_number_text(&text).unwrap(), parse_any_text(&text).unwrap());
                assert_eq!(fast, full, "{text}");
                assert_eq!(fast.map(|v| v.scale()), full.map(|v| v.scale()), "{text}: scale");
            }
        }
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

    /// What `String(x)` gives in JavaScript (values checked against Node).
    #[test]
    fn js_texts() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-7.0, "-7"),
            (0.1, "0.1"),
            (74.29, "74.29"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.8999999999999999, "0.8999999999999999"),
            (123e18, "123000000000000000000"),
            (1e21, "1e+21"),
            (1.5e22, "1.5e+22"),
            (1e-6, "0.000001"),
            (1.5e-6, "0.0000015"),
            (1e-7, "1e-7"),
            (-1.25e-7, "-1.25e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (9007199254740993.0, "9007199254740992"),
            // two shortest texts as close: the even last digit (Rust's `{:e}` gives …70.3)
            (8617059253308281.0 / 4.0, "2154264813327070.2"),
            (-1109260153805901.0 / 8.0, "-138657519225737.62"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
        ];
        for (value, want) in cases {
            assert_eq!(js_number_text(*value), *want, "{value:e}");
        }
    }

    /// The whole-number shortcut gives what reading the JS text gives, value and scale.
    #[test]
    fn f64_shortcut_agrees_with_the_text() {
        let mut state: u64 = 11;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let whole = ((state >> 12) % 2_000_000_000_000_000) as f64 - 1e15;
            let any = f64::from_bits(state);
            for value in [whole, whole / 100.0, any] {
                let by_text = parse_json_number(&js_number_text(value));
                let got = decimal_from_f64(value);
                if value.is_finite() {
                    assert_eq!(got, by_text, "{value:e}");
                    assert_eq!(got.map(|d| d.scale()), by_text.map(|d| d.scale()), "{value:e}: scale");
                }
            }
        }
    }
}
