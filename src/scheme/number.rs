//! `Num`, a decimal written as a JSON number or a number text, and the `Rounding` settings.

use crate::numbers::{decimal_from_f64, parse_number_text, NumberError};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A decimal written in a scheme as a JSON number or a number text (`"0.6"`, `"60%"`, `"1.2万"`).
///
/// ```
/// let n: jixiao::scheme::Num = serde_json::from_str("\"60%\"").unwrap();
/// assert_eq!(n.0.to_string(), "0.60");
/// let m: jixiao::scheme::Num = serde_json::from_str("0.1").unwrap();
/// assert_eq!(m.0.to_string(), "0.1");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(pub Decimal);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct NumVisitor;
        impl Visitor<'_> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a number text")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                decimal_from_f64(v)
                    .map(Num)
                    .map_err(|e| E::custom(number_problem(e, &v.to_string())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                match parse_number_text(v) {
                    Ok(Some(d)) => Ok(Num(d)),
                    Ok(None) => Err(E::custom("an empty text is not a number")),
                    Err(e) => Err(E::custom(number_problem(e, v))),
                }
            }
        }
        d.deserialize_any(NumVisitor)
    }
}

fn number_problem(e: NumberError, raw: &str) -> String {
    let shown: String = raw.chars().take(40).collect();
    match e {
        NumberError::Overflow => format!("{shown:?} is out of the decimal range"),
        NumberError::NonFinite => format!("{shown:?} is not a finite number"),
        _ => format!("{shown:?} is not a number"),
    }
}

/// Rounding settings: mode and places for scores, money and rates.
///
/// ```
/// let r = jixiao::scheme::Rounding::default();
/// assert_eq!((r.score, r.money, r.rate), (2, 2, 4));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Rounding {
    /// `half_up` (default), `half_even`, `down`, `up`.
    pub mode: crate::numbers::RoundingMode,
    /// Places of scores, weighted scores and totals (default 2).
    pub score: u32,
    /// Places of money (default 2).
    pub money: u32,
    /// Places of rates: achievement, topPercent (default 4).
    pub rate: u32,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            mode: crate::numbers::RoundingMode::HalfUp,
            score: 2,
            money: 2,
            rate: 4,
        }
    }
}
