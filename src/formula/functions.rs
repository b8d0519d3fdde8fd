//! The functions: branches (`IF`, `IFS`, `SWITCH`, `IFERROR`), logic, aggregates, rounding,
//! arithmetic and text, grouped so each recursive frame stays small (the date functions
//! are in `dates.rs`).

use super::ast::{Func, Node};
use super::errors::{At, Fail};
use super::eval::{blank_text, compare, to_text, Evaluator};
use super::FormulaValue;
use crate::error::ErrorCode;
use crate::i18n::text;
use crate::numbers::{
    checked_add, checked_div, checked_mul, format_plain, parse_number_text, round, NumberError, RoundingMode,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// `10^k` for `k` in 0..=28.
fn ten_pow(k: u32) -> Option<Decimal> {
    let mut f = Decimal::ONE;
    for _ in 0..k {
        f = f.checked_mul(Decimal::TEN)?;
    }
    Some(f)
}

impl Evaluator<'_> {
    /// Calls a function on its argument nodes.
    pub(super) fn call(&mut self, func: Func, name: &str, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        // one small function per group keeps each recursive frame small
        match func {
            Func::If | Func::Ifs | Func::Switch | Func::IfError => self.call_branch(func, args, at),
            Func::And | Func::Or | Func::Not => self.call_logic(func, args, at),
            Func::Min | Func::Max | Func::Sum | Func::Avg | Func::Count => self.call_aggregate(func, args, at),
            Func::Round | Func::RoundUp | Func::RoundDown => self.call_round(func, name, args, at),
            Func::Abs | Func::Int | Func::Mod | Func::Power => self.call_math(func, args, at),
            Func::IsBlank | Func::Len | Func::Concat => self.call_text(func, args, at),
            Func::Date
            | Func::Year
            | Func::Month
            | Func::Day
            | Func::Days
            | Func::DateDif
            | Func::EDate
            | Func::EoMonth
            | Func::NetworkDays
            | Func::PeriodStart
            | Func::PeriodEnd
            | Func::Today => self.call_date(func, name, args, at),
        }
    }

    fn call_branch(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::If => {
                let (Some(c), Some(then)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                if self.eval_bool(c, at)? {
                    self.eval(then)
                } else {
                    arg(2).map_or(Ok(FormulaValue::Blank), |e| self.eval(e))
                }
            }
            Func::Ifs => {
                for pair in args.chunks_exact(2) {
                    if let [c, v] = pair {
                        if self.eval_bool(c, at)? {
                            return self.eval(v);
                        }
                    }
                }
                Ok(FormulaValue::Blank)
            }
            Func::Switch => {
                let Some((subject, rest)) = args.split_first() else {
                    return Err(self.internal(at));
                };
                let v = self.eval(subject)?;
                let pairs = rest.chunks_exact(2);
                let default = pairs.remainder().first();
                for pair in pairs {
                    if let [case, result] = pair {
                        let c = self.eval(case)?;
                        if compare(&v, &c, self.context.utc_offset) == Some(Ordering::Equal) {
                            return self.eval(result);
                        }
                    }
                }
                default.map_or(Ok(FormulaValue::Blank), |d| self.eval(d))
            }
            Func::IfError => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                match self.eval(a) {
                    Ok(v) => Ok(v),
                    Err(e) if matches!(e.code, ErrorCode::TooLarge | ErrorCode::Internal) => Err(e),
                    Err(_) => self.eval(b),
                }
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_logic(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::And | Func::Or => {
                let want = func == Func::Or;
                for x in args {
                    if self.eval_bool(x, at)? == want {
                        return Ok(FormulaValue::Bool(want));
                    }
                }
                Ok(FormulaValue::Bool(!want))
            }
            Func::Not => {
                let x = arg(0).ok_or_else(|| self.internal(at))?;
                Ok(FormulaValue::Bool(!self.eval_bool(x, at)?))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_aggregate(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        match func {
            Func::Min | Func::Max | Func::Sum | Func::Avg => {
                let mut seen = 0usize;
                let mut acc: Option<Decimal> = None;
                for x in args {
                    let v = self.eval(x)?;
                    if blank_text(&v) {
                        continue;
                    }
                    let n = self.num(v, at)?;
                    seen = seen.saturating_add(1);
                    acc = Some(match (acc, func) {
                        (None, _) => n,
                        (Some(a), Func::Min) => a.min(n),
                        (Some(a), Func::Max) => a.max(n),
                        (Some(a), _) => checked_add(a, n).map_err(|e| self.number_error(e, at))?,
                    });
                }
                Ok(match (acc, func) {
                    (None, Func::Sum) => FormulaValue::Number(Decimal::ZERO),
                    (None, _) => FormulaValue::Blank,
                    (Some(total), Func::Avg) => FormulaValue::Number(
                        checked_div(total, Decimal::from(seen)).map_err(|e| self.number_error(e, at))?,
                    ),
                    (Some(a), _) => FormulaValue::Number(a),
                })
            }
            Func::Count => {
                let mut count = 0usize;
                for x in args {
                    let v = self.eval(x)?;
                    let numeric = match &v {
                        FormulaValue::Number(_) => true,
                        FormulaValue::Text(t) => matches!(parse_number_text(t), Ok(Some(_))),
                        _ => false,
                    };
                    if numeric {
                        count = count.saturating_add(1);
                    }
                }
                Ok(FormulaValue::Number(Decimal::from(count)))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_round(&mut self, func: Func, name: &str, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::Round | Func::RoundUp | Func::RoundDown => {
                let mode = match func {
                    Func::Round => RoundingMode::HalfUp,
                    Func::RoundUp => RoundingMode::Up,
                    _ => RoundingMode::Down,
                };
                let x = self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?;
                let digits = match arg(1) {
                    Some(d) => self.eval_num(d, at)?.trunc(),
                    None => Decimal::ZERO,
                };
                let Some(d) = digits.to_i64().filter(|d| (-28..=28).contains(d)) else {
                    let d = format_plain(digits);
                    return Err(self.fail(
                        ErrorCode::FormulaType,
                        at,
                        text!(
                            "{name} 的位数 {d} 应在 -28 到 28 之间",
                            "{name} 的位數 {d} 應在 -28 到 28 之間",
                            "{name}: the number of digits {d} must be from -28 to 28"
                        ),
                    ));
                };
                let places = u32::try_from(d.unsigned_abs()).unwrap_or(28);
                if d >= 0 {
                    return Ok(FormulaValue::Number(round(x, places, mode)));
                }
                let factor = ten_pow(places).ok_or_else(|| self.internal(at))?;
                let q = checked_div(x, factor).map_err(|e| self.number_error(e, at))?;
                checked_mul(round(q, 0, mode), factor)
                    .map(FormulaValue::Number)
                    .map_err(|e| self.number_error(e, at))
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_math(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::Abs => Ok(FormulaValue::Number(
                self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?.abs(),
            )),
            Func::Int => Ok(FormulaValue::Number(
                self.eval_num(arg(0).ok_or_else(|| self.internal(at))?, at)?.floor(),
            )),
            Func::Mod => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                let a = self.eval_num(a, at)?;
                let b = self.eval_num(b, at)?;
                if b.is_zero() {
                    return Err(self.number_error(NumberError::DivisionByZero, at));
                }
                let mut r = a
                    .checked_rem(b)
                    .ok_or_else(|| self.number_error(NumberError::Overflow, at))?;
                if !r.is_zero() && r.is_sign_negative() != b.is_sign_negative() {
                    r = checked_add(r, b).map_err(|e| self.number_error(e, at))?;
                }
                Ok(FormulaValue::Number(r))
            }
            Func::Power => {
                let (Some(a), Some(b)) = (arg(0), arg(1)) else {
                    return Err(self.internal(at));
                };
                let x = self.eval_num(a, at)?;
                let e = self.eval_num(b, at)?;
                self.power(x, e, at).map(FormulaValue::Number)
            }
            _ => Err(self.internal(at)),
        }
    }

    fn call_text(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let arg = |i: usize| args.get(i);
        match func {
            Func::IsBlank => {
                let v = self.eval(arg(0).ok_or_else(|| self.internal(at))?)?;
                Ok(FormulaValue::Bool(blank_text(&v)))
            }
            Func::Len => {
                let v = self.eval(arg(0).ok_or_else(|| self.internal(at))?)?;
                Ok(FormulaValue::Number(Decimal::from(to_text(v).chars().count())))
            }
            Func::Concat => {
                let mut s = String::new();
                for x in args {
                    let t = to_text(self.eval(x)?);
                    self.step(t.chars().count(), at)?;
                    s.push_str(&t);
                }
                Ok(FormulaValue::Text(s))
            }
            _ => Err(self.internal(at)),
        }
    }
}
