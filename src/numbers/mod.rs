//! Numbers: reading cells as exact decimals, rounding, formatting and exact splits.
//!
//! Everything is `rust_decimal::Decimal`; no computation uses binary floating point.
//! A JS number arrives as the text of its shortest round trip (`0.1` stays `0.1`).

// checked arithmetic: `checked_*` fail with a `NumberError`, `exact::*` with the OVERFLOW error
pub(crate) mod exact;
// number and amount texts: what a cell, a JSON number token or a JS double reads as
mod parse;
// a figure as text: fixed places, thousands separators, percentages, short form
mod format;
// the four rounding modes and rounding to a number of places
mod round;
// splitting a total into unit multiples that add up exactly (largest remainder)
mod split;

pub(crate) use exact::{checked_add, checked_div, checked_mul, checked_sub};
pub(crate) use format::DecimalText;
pub use format::{format_fixed, format_grouped, format_percent, format_plain};
pub use parse::{decimal_from_f64, js_number_text, parse_json_number, parse_number_text};
pub(crate) use round::{is_negative, scale_of};
pub use round::{round, RoundingMode};
pub use split::split_largest_remainder;

/// Why a cell or an operation gave no number.
///
/// ```
/// assert_eq!(jixiao::numbers::parse_number_text("abc"), Err(jixiao::numbers::NumberError::NotANumber));
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
