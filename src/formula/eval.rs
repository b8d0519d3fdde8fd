//! The evaluator: a syntax tree over exact decimals with a step budget; values compared,
//! coerced to numbers, truth values and text as DESIGN.md ("Formulas") says; `^` by
//! repeated squaring within the exponent bound.

use super::ast::{Kind, Level, Node, Op};
use super::dates::date_text;
use super::errors::{fail_at, At, Fail, EXCERPT_CHARS};
use super::{FormulaContext, FormulaValue, FORMULA_MAX_EXPONENT, FORMULA_MAX_STEPS};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::{
    checked_add, checked_div, checked_mul, checked_sub, format_plain, parse_number_text, NumberError,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The evaluation of one formula: its source (for error excerpts), the name resolver, the
/// context (period, day, holidays) and the steps taken.
pub(super) struct Evaluator<'a> {
    pub(super) src: &'a str,
    pub(super) resolve: &'a mut dyn FnMut(&str) -> Result<FormulaValue, JixiaoError>,
    pub(super) context: &'a FormulaContext,
    pub(super) steps: usize,
}

/// Text that is empty after trimming counts as blank.
pub(super) fn blank_text(v: &FormulaValue) -> bool {
    match v {
        FormulaValue::Blank => true,
        FormulaValue::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// The text form of a value: numbers without trailing zeros, `TRUE`/`FALSE`, dates as
/// `2024-03-05`, blank as `""`.
pub(super) fn to_text(v: FormulaValue) -> String {
    match v {
        FormulaValue::Number(n) => format_plain(n),
        FormulaValue::Date(d) => d.to_string(),
        FormulaValue::Text(t) => t,
        FormulaValue::Bool(true) => "TRUE".to_string(),
        FormulaValue::Bool(false) => "FALSE".to_string(),
        FormulaValue::Blank => String::new(),
    }
}

fn describe(v: &FormulaValue) -> String {
    match v {
        FormulaValue::Number(n) => format_plain(*n),
        FormulaValue::Date(d) => d.to_string(),
        FormulaValue::Text(t) => {
            let short: String = t.chars().take(EXCERPT_CHARS).collect();
            if t.chars().nth(EXCERPT_CHARS).is_some() {
                format!("\"{short}…\"")
            } else {
                format!("\"{short}\"")
            }
        }
        FormulaValue::Bool(true) => "TRUE".to_string(),
        FormulaValue::Bool(false) => "FALSE".to_string(),
        FormulaValue::Blank => "blank".to_string(),
    }
}

/// Compares two values (see DESIGN.md "Formulas"); `None` when they cannot be compared.
/// Dates compare with dates and with texts that read as dates (`utc_offset` for zoned
/// ones); two texts that both read as dates compare as dates.
pub(super) fn compare(a: &FormulaValue, b: &FormulaValue, utc_offset: i32) -> Option<Ordering> {
    use FormulaValue::{Blank, Bool, Date, Number, Text};
    let a = if blank_text(a) { &Blank } else { a };
    let b = if blank_text(b) { &Blank } else { b };
    match (a, b) {
        (Blank, Blank) => Some(Ordering::Equal),
        (Number(x), Number(y)) => Some(x.cmp(y)),
        (Blank, Number(y)) => Some(Decimal::ZERO.cmp(y)),
        (Number(x), Blank) => Some(x.cmp(&Decimal::ZERO)),
        (Text(x), Text(y)) => match (date_text(x, utc_offset), date_text(y, utc_offset)) {
            (Some(dx), Some(dy)) => Some(dx.cmp(&dy)),
            _ => Some(x.trim().cmp(y.trim())),
        },
        (Blank, Text(_) | Date(_)) => Some(Ordering::Less),
        (Text(_) | Date(_), Blank) => Some(Ordering::Greater),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Blank, Bool(y)) => Some(false.cmp(y)),
        (Bool(x), Blank) => Some(x.cmp(&false)),
        (Date(x), Date(y)) => Some(x.cmp(y)),
        (Date(x), Text(t)) => date_text(t, utc_offset).map(|y| x.cmp(&y)),
        (Text(t), Date(y)) => date_text(t, utc_offset).map(|x| x.cmp(y)),
        (Number(x), Text(t)) => match parse_number_text(t) {
            Ok(Some(y)) => Some(x.cmp(&y)),
            _ => None,
        },
        (Text(t), Number(y)) => match parse_number_text(t) {
            Ok(Some(x)) => Some(x.cmp(y)),
            _ => None,
        },
        _ => None,
    }
}

impl Evaluator<'_> {
    pub(super) fn fail(&self, code: ErrorCode, at: At, detail: Text) -> Fail {
        fail_at(code, self.src, at, detail)
    }

    pub(super) fn number_error(&self, e: NumberError, at: At) -> Fail {
        match e {
            NumberError::DivisionByZero => self.fail(
                ErrorCode::ZeroDivisor,
                at,
                text!("除数为 0", "除數為 0", "division by zero"),
            ),
            NumberError::Overflow => self.fail(
                ErrorCode::Overflow,
                at,
                text!("结果超出数值范围", "結果超出數值範圍", "the result is out of range"),
            ),
            NumberError::NotANumber | NumberError::NonFinite => self.fail(
                ErrorCode::FormulaType,
                at,
                text!("这里需要数字", "這裡需要數字", "a number is needed here"),
            ),
        }
    }

    fn type_error(&self, at: At, v: &FormulaValue, want: Text) -> Fail {
        let d = describe(v);
        self.fail(
            ErrorCode::FormulaType,
            at,
            Text::new(
                format!("{d} 不是{}", want.zh_cn),
                format!("{d} 不是{}", want.zh_tw),
                format!("{d} is not {}", want.en),
            ),
        )
    }

    pub(super) fn step(&mut self, n: usize, at: At) -> Result<(), Fail> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > FORMULA_MAX_STEPS {
            return Err(self.fail(
                ErrorCode::TooLarge,
                at,
                text!(
                    "公式计算量超过 {} 步",
                    "公式計算量超過 {} 步",
                    "evaluating the formula takes more than {} steps",
                    FORMULA_MAX_STEPS
                ),
            ));
        }
        Ok(())
    }

    /// A value as a number: blank 0, TRUE 1, FALSE 0, numeric text read as in cells.
    pub(super) fn num(&self, v: FormulaValue, at: At) -> Result<Decimal, Fail> {
        match v {
            FormulaValue::Number(n) => Ok(n),
            FormulaValue::Blank => Ok(Decimal::ZERO),
            FormulaValue::Bool(b) => Ok(if b { Decimal::ONE } else { Decimal::ZERO }),
            FormulaValue::Date(_) => Err(self.type_error(at, &v, text!("数字", "數字", "a number"))),
            FormulaValue::Text(ref t) => match parse_number_text(t) {
                Ok(Some(n)) => Ok(n),
                Ok(None) => Ok(Decimal::ZERO),
                Err(NumberError::Overflow) => Err(self.number_error(NumberError::Overflow, at)),
                Err(_) => Err(self.type_error(at, &v, text!("数字", "數字", "a number"))),
            },
        }
    }

    /// A value as a condition: TRUE/FALSE, a number (≠ 0 is true), blank (false), or the
    /// text `TRUE`/`FALSE`.
    fn truthy(&self, v: FormulaValue, at: At) -> Result<bool, Fail> {
        match v {
            FormulaValue::Bool(b) => Ok(b),
            FormulaValue::Number(n) => Ok(!n.is_zero()),
            FormulaValue::Blank => Ok(false),
            FormulaValue::Date(_) => Err(self.type_error(at, &v, text!("真假值", "真假值", "TRUE or FALSE"))),
            FormulaValue::Text(ref t) => {
                let t = t.trim();
                if t.is_empty() || t.eq_ignore_ascii_case("FALSE") {
                    Ok(false)
                } else if t.eq_ignore_ascii_case("TRUE") {
                    Ok(true)
                } else {
                    Err(self.type_error(at, &v, text!("真假值", "真假值", "TRUE or FALSE")))
                }
            }
        }
    }

    pub(super) fn eval_num(&mut self, node: &Node, at: At) -> Result<Decimal, Fail> {
        let v = self.eval(node)?;
        self.num(v, at)
    }

    pub(super) fn eval_bool(&mut self, node: &Node, at: At) -> Result<bool, Fail> {
        let v = self.eval(node)?;
        self.truthy(v, at)
    }

    pub(super) fn eval(&mut self, node: &Node) -> Result<FormulaValue, Fail> {
        self.step(1, node.at)?;
        let at = node.at;
        match &node.kind {
            Kind::Num(n) => Ok(FormulaValue::Number(*n)),
            Kind::Text(t) => Ok(FormulaValue::Text(t.clone())),
            Kind::Bool(b) => Ok(FormulaValue::Bool(*b)),
            Kind::Name(name) => (self.resolve)(name).map_err(Box::new),
            Kind::Neg(x) | Kind::Pos(x) | Kind::Percent(x) => self.unary(&node.kind, x, at),
            Kind::Not(x) => Ok(FormulaValue::Bool(!self.eval_bool(x, at)?)),
            Kind::Chain(level, first, rest) => self.chain(*level, first, rest, at),
            Kind::Compare(op, a, b) => self.compare_node(*op, a, b, at),
            Kind::Call(func, name, args) => self.call(*func, name, args, at),
        }
    }

    fn unary(&mut self, kind: &Kind, x: &Node, at: At) -> Result<FormulaValue, Fail> {
        let v = self.eval_num(x, at)?;
        let r = match kind {
            Kind::Neg(_) => checked_sub(Decimal::ZERO, v),
            Kind::Percent(_) => checked_div(v, Decimal::ONE_HUNDRED),
            _ => Ok(v),
        };
        r.map(FormulaValue::Number).map_err(|e| self.number_error(e, at))
    }

    fn compare_node(&mut self, op: Op, a: &Node, b: &Node, at: At) -> Result<FormulaValue, Fail> {
        let a = self.eval(a)?;
        let b = self.eval(b)?;
        let Some(ord) = compare(&a, &b, self.context.utc_offset) else {
            let (da, db) = (describe(&a), describe(&b));
            return Err(self.fail(
                ErrorCode::FormulaType,
                at,
                text!(
                    "{da} 与 {db} 无法比较",
                    "{da} 與 {db} 無法比較",
                    "{da} and {db} cannot be compared"
                ),
            ));
        };
        let r = match op {
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
            Op::Lt => ord == Ordering::Less,
            Op::Gt => ord == Ordering::Greater,
            Op::Le => ord != Ordering::Greater,
            _ => ord != Ordering::Less,
        };
        Ok(FormulaValue::Bool(r))
    }

    fn chain(&mut self, level: Level, first: &Node, rest: &[(Op, At, Node)], at: At) -> Result<FormulaValue, Fail> {
        match level {
            Level::And | Level::Or => {
                let want = level == Level::Or;
                if self.eval_bool(first, at)? == want {
                    return Ok(FormulaValue::Bool(want));
                }
                for (_, op_at, x) in rest {
                    if self.eval_bool(x, *op_at)? == want {
                        return Ok(FormulaValue::Bool(want));
                    }
                }
                Ok(FormulaValue::Bool(!want))
            }
            Level::Concat => {
                let v = self.eval(first)?;
                let mut s = to_text(v);
                self.step(s.chars().count(), at)?;
                for (_, op_at, x) in rest {
                    let t = to_text(self.eval(x)?);
                    self.step(t.chars().count(), *op_at)?;
                    s.push_str(&t);
                }
                Ok(FormulaValue::Text(s))
            }
            Level::Add => {
                let v = self.eval(first)?;
                let mut acc = self.addend(v, at)?;
                for (op, op_at, x) in rest {
                    let v = self.eval(x)?;
                    let b = self.addend(v, *op_at)?;
                    acc = self.add(acc, *op, b, *op_at)?;
                }
                Ok(acc.into_value())
            }
            _ => {
                let mut acc = self.eval_num(first, at)?;
                for (op, op_at, x) in rest {
                    let b = self.eval_num(x, *op_at)?;
                    acc = self.arith(*op, acc, b, *op_at)?;
                }
                Ok(FormulaValue::Number(acc))
            }
        }
    }

    pub(super) fn arith(&self, op: Op, a: Decimal, b: Decimal, at: At) -> Result<Decimal, Fail> {
        let r = match op {
            Op::Add => checked_add(a, b),
            Op::Sub => checked_sub(a, b),
            Op::Mul => checked_mul(a, b),
            Op::Div => checked_div(a, b),
            _ => return self.power(a, b, at),
        };
        r.map_err(|e| self.number_error(e, at))
    }

    /// `x ^ e` for a whole exponent with |e| ≤ [`FORMULA_MAX_EXPONENT`], by squaring.
    pub(super) fn power(&self, x: Decimal, e: Decimal, at: At) -> Result<Decimal, Fail> {
        let n = if e.fract().is_zero() { e.to_i64() } else { None };
        let Some(n) = n.filter(|n| n.unsigned_abs() <= FORMULA_MAX_EXPONENT.unsigned_abs()) else {
            let d = format_plain(e);
            let m = FORMULA_MAX_EXPONENT;
            return Err(self.fail(
                ErrorCode::FormulaType,
                at,
                text!(
                    "指数 {d} 应为 -{m} 到 {m} 之间的整数",
                    "指數 {d} 應為 -{m} 到 {m} 之間的整數",
                    "the exponent {d} must be a whole number from -{m} to {m}"
                ),
            ));
        };
        if n == 0 {
            return Ok(Decimal::ONE);
        }
        if x.is_zero() {
            return if n < 0 {
                Err(self.number_error(NumberError::DivisionByZero, at))
            } else {
                Ok(Decimal::ZERO)
            };
        }
        let mut k = n.unsigned_abs();
        let mut base = x;
        let mut acc = Decimal::ONE;
        let mut overflow = false;
        while k > 0 {
            if k & 1 == 1 {
                match acc.checked_mul(base) {
                    Some(v) => acc = v,
                    None => {
                        overflow = true;
                        break;
                    }
                }
            }
            k = k.wrapping_shr(1);
            if k > 0 {
                match base.checked_mul(base) {
                    Some(v) => base = v,
                    None => {
                        overflow = true;
                        break;
                    }
                }
            }
        }
        match (overflow, n < 0) {
            // |x^|n|| > 7.9e28: its reciprocal is below the smallest decimal step
            (true, true) => Ok(Decimal::ZERO),
            (true, false) => Err(self.number_error(NumberError::Overflow, at)),
            (false, true) => checked_div(Decimal::ONE, acc).map_err(|e| self.number_error(e, at)),
            (false, false) => Ok(acc),
        }
    }

    /// An argument the parser guaranteed is missing: a bug.
    pub(super) fn internal(&self, at: At) -> Fail {
        self.fail(
            ErrorCode::Internal,
            at,
            text!(
                "公式参数缺失（内部错误）",
                "公式參數缺失（內部錯誤）",
                "a formula argument is missing (a bug)"
            ),
        )
    }
}
