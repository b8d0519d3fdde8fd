//! Dates in formulas (DESIGN.md, "Formulas"): the context a formula is evaluated in (the
//! period, `asOf`, the holiday calendar, the UTC offset), date cells read with the crate's
//! one date reader, `+`/`-` on dates, and the date functions. There is no wall clock.

use super::ast::{Func, Node, Op};
use super::errors::{At, Fail};
use super::eval::{blank_text, Evaluator};
use super::FormulaValue;
use crate::dates::{Date, WorkCalendar};
use crate::error::ErrorCode;
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::{format_plain, parse_number_text};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// What a formula knows besides its names: the evaluated period (`PERIOD_START()`,
/// `PERIOD_END()`), the day `TODAY()` is (`as_of`, else the period's last day), the days
/// off and make-up workdays of `NETWORKDAYS`, and the UTC offset (minutes east) at which
/// epoch milliseconds become dates. The default knows no period and no day, has no
/// holidays and reads at +08:00.
///
/// ```
/// use jixiao::{parse_formula, dates::Date, formula::{FormulaContext, FormulaValue}};
/// let ctx = FormulaContext { period: Date::period_range("2025-03"), ..Default::default() };
/// let today = parse_formula("TODAY()").unwrap().eval_in(&ctx, &mut |_| Ok(FormulaValue::Blank));
/// assert_eq!(today.unwrap(), FormulaValue::Date(Date::new(2025, 3, 31).unwrap()));
/// assert_eq!(FormulaContext::default().utc_offset, 480);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaContext {
    /// The first and last day of the evaluated period.
    pub period: Option<(Date, Date)>,
    /// The day `TODAY()` is (the evaluate input's `asOf`).
    pub as_of: Option<Date>,
    /// The scheme's holidays and make-up workdays.
    pub calendar: WorkCalendar,
    /// Minutes east of UTC for epoch-millisecond and zoned date cells.
    pub utc_offset: i32,
}

impl Default for FormulaContext {
    fn default() -> FormulaContext {
        FormulaContext {
            period: None,
            as_of: None,
            calendar: WorkCalendar::default(),
            utc_offset: 480,
        }
    }
}

/// An operand of `+` and `-`: a number, a date, blank, or the blank result of a date
/// beside a blank (which stays blank to the end of the chain).
pub(super) enum Addend {
    Num(Decimal),
    Day(Date),
    Blank,
    NoDate,
}

impl Addend {
    pub(super) fn into_value(self) -> FormulaValue {
        match self {
            Addend::Num(n) => FormulaValue::Number(n),
            Addend::Day(d) => FormulaValue::Date(d),
            Addend::Blank => FormulaValue::Number(Decimal::ZERO),
            Addend::NoDate => FormulaValue::Blank,
        }
    }
}

/// A text that reads as a date and not as a number (`2024-03-05`, `2024/3/5`,
/// `2024年3月5日`): the first character is a digit, so names and words are not tried.
pub(super) fn date_text(t: &str, utc_offset: i32) -> Option<Date> {
    let t = t.trim();
    if !t.starts_with(|c: char| c.is_ascii_digit()) || parse_number_text(t).is_ok() {
        return None;
    }
    Date::read_cell(t, utc_offset)
}

impl Evaluator<'_> {
    /// A value as an operand of `+`/`-`: dates and date texts are dates, blank is blank,
    /// everything else a number.
    pub(super) fn addend(&self, v: FormulaValue, at: At) -> Result<Addend, Fail> {
        if blank_text(&v) {
            return Ok(Addend::Blank);
        }
        match v {
            FormulaValue::Date(d) => Ok(Addend::Day(d)),
            FormulaValue::Text(ref t) => match date_text(t, self.context.utc_offset) {
                Some(d) => Ok(Addend::Day(d)),
                None => self.num(v, at).map(Addend::Num),
            },
            other => self.num(other, at).map(Addend::Num),
        }
    }

    /// `a op b` for `+`/`-`: numbers add; a date plus or minus whole days is a date; a date
    /// minus a date is the days between; a blank beside a date makes the result blank.
    pub(super) fn add(&self, a: Addend, op: Op, b: Addend, at: At) -> Result<Addend, Fail> {
        let sub = op == Op::Sub;
        match (a, b) {
            (Addend::NoDate, _) | (_, Addend::NoDate) => Ok(Addend::NoDate),
            (Addend::Blank, Addend::Day(_)) | (Addend::Day(_), Addend::Blank) => Ok(Addend::NoDate),
            (Addend::Blank, Addend::Blank) => Ok(Addend::Blank),
            (Addend::Blank, Addend::Num(y)) => self.arith(op, Decimal::ZERO, y, at).map(Addend::Num),
            (Addend::Num(x), Addend::Blank) => Ok(Addend::Num(x)),
            (Addend::Num(x), Addend::Num(y)) => self.arith(op, x, y, at).map(Addend::Num),
            (Addend::Day(d), Addend::Num(n)) => self.shift_days(d, n, sub, at).map(Addend::Day),
            (Addend::Num(n), Addend::Day(d)) if !sub => self.shift_days(d, n, false, at).map(Addend::Day),
            (Addend::Day(x), Addend::Day(y)) if sub => Ok(Addend::Num(Decimal::from(y.days_until(x)))),
            (a, b) => {
                let (da, db) = (addend_text(&a), addend_text(&b));
                let sign = if sub { "-" } else { "+" };
                Err(self.fail(
                    ErrorCode::FormulaType,
                    at,
                    text!(
                        "无法计算 {da} {sign} {db}（日期只能加减天数，或两个日期相减得天数）",
                        "無法計算 {da} {sign} {db}（日期只能加減天數，或兩個日期相減得天數）",
                        "cannot compute {da} {sign} {db} (a date takes + or - days; date - date gives days)"
                    ),
                ))
            }
        }
    }

    /// `d` moved by `n` days (back when `back`; the fraction dropped).
    fn shift_days(&self, d: Date, n: Decimal, back: bool, at: At) -> Result<Date, Fail> {
        n.trunc()
            .to_i64()
            .and_then(|k| if back { k.checked_neg() } else { Some(k) })
            .and_then(|k| d.add_days(k))
            .ok_or_else(|| self.out_of_calendar(at))
    }

    /// `INVALID_DATE`: a date computed outside years 1‥9999.
    fn out_of_calendar(&self, at: At) -> Fail {
        self.fail(
            ErrorCode::InvalidDate,
            at,
            text!(
                "日期超出 1–9999 年的范围",
                "日期超出 1–9999 年的範圍",
                "the date falls outside the years 1–9999"
            ),
        )
    }

    /// A value as a date: a date, a date text read as a date cell is (`2024-03-05`,
    /// `2024/3/5`, `2024年3月5日`, `2024-03-05 10:00:00`, an ISO date-time with a zone), or
    /// epoch milliseconds (10 to 16 digits); `None` for blank; else `INVALID_DATE`.
    fn date_of(&self, v: FormulaValue, at: At) -> Result<Option<Date>, Fail> {
        if blank_text(&v) {
            return Ok(None);
        }
        let offset = self.context.utc_offset;
        let read = match &v {
            FormulaValue::Date(d) => Some(*d),
            FormulaValue::Text(t) => Date::read_cell(t, offset),
            FormulaValue::Number(n) if n.fract().is_zero() && !n.is_sign_negative() => {
                Date::read_cell(&format_plain(*n), offset)
            }
            _ => None,
        };
        read.map(Some).ok_or_else(|| self.not_a_date(&v, at))
    }

    fn not_a_date(&self, v: &FormulaValue, at: At) -> Fail {
        let shown: String = super::eval::to_text(v.clone()).chars().take(40).collect();
        self.fail(
            ErrorCode::InvalidDate,
            at,
            Text::new(
                format!("“{shown}” 不是日期（如 2025-03-05、2025/3/5、2025年3月5日、毫秒时间戳）"),
                format!("「{shown}」不是日期（如 2025-03-05、2025/3/5、2025年3月5日、毫秒時間戳）"),
                format!("\"{shown}\" is not a date (e.g. 2025-03-05, 2025/3/5, 2025年3月5日, epoch milliseconds)"),
            ),
        )
    }

    /// Argument `i` evaluated as a date.
    fn date_arg(&mut self, args: &[Node], i: usize, at: At) -> Result<Option<Date>, Fail> {
        let node = args.get(i).ok_or_else(|| self.internal(at))?;
        let v = self.eval(node)?;
        self.date_of(v, at)
    }

    /// Argument `i` evaluated as a whole number (truncated toward zero); `None` beyond `i64`.
    fn whole_arg(&mut self, args: &[Node], i: usize, at: At) -> Result<Option<i64>, Fail> {
        let node = args.get(i).ok_or_else(|| self.internal(at))?;
        Ok(self.eval_num(node, at)?.trunc().to_i64())
    }

    /// Calls a date function.
    pub(super) fn call_date(&mut self, func: Func, name: &str, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        match func {
            Func::Date => self.date_from_parts(args, at),
            Func::PeriodStart | Func::PeriodEnd | Func::Today => self.known_day(func, name, at),
            Func::Year | Func::Month | Func::Day => {
                let Some(d) = self.date_arg(args, 0, at)? else {
                    return Ok(FormulaValue::Blank);
                };
                let part = match func {
                    Func::Year => i64::from(d.year),
                    Func::Month => i64::from(d.month),
                    _ => i64::from(d.day),
                };
                Ok(FormulaValue::Number(Decimal::from(part)))
            }
            Func::Days | Func::NetworkDays => {
                let (first, second) = (self.date_arg(args, 0, at)?, self.date_arg(args, 1, at)?);
                let (Some(a), Some(b)) = (first, second) else {
                    return Ok(FormulaValue::Blank);
                };
                let n = if func == Func::Days {
                    // DAYS(end, start)
                    b.days_until(a)
                } else {
                    self.network_days(a, b)
                };
                Ok(FormulaValue::Number(Decimal::from(n)))
            }
            Func::DateDif => self.date_dif(args, at),
            _ => self.month_shift(func, args, at),
        }
    }

    /// `DATE(year, month, day)`: year 1‥9999; months and days beyond their range roll over
    /// as in a spreadsheet (`DATE(2024, 13, 40)` = 2025-02-09).
    fn date_from_parts(&mut self, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let year = self.whole_arg(args, 0, at)?;
        let month = self.whole_arg(args, 1, at)?;
        let day = self.whole_arg(args, 2, at)?;
        let date = (|| {
            let year = i32::try_from(year?).ok().filter(|y| (1..=9999).contains(y))?;
            let (y, m) = Date::months_after(year, 1, month?.checked_sub(1)?)?;
            Date::new(y, m, 1)?.add_days(day?.checked_sub(1)?)
        })();
        date.map(FormulaValue::Date).ok_or_else(|| self.out_of_calendar(at))
    }

    /// `PERIOD_START()`, `PERIOD_END()` and `TODAY()` (the input's `asOf`, else the
    /// period's last day); `MISSING_SETTING` when the context does not know it.
    fn known_day(&self, func: Func, name: &str, at: At) -> Result<FormulaValue, Fail> {
        let ctx = self.context;
        let day = match func {
            Func::PeriodStart => ctx.period.map(|(a, _)| a),
            Func::PeriodEnd => ctx.period.map(|(_, b)| b),
            _ => ctx.as_of.or(ctx.period.map(|(_, b)| b)),
        };
        day.map(FormulaValue::Date).ok_or_else(|| {
            let needs = if func == Func::Today {
                text!(
                    "输入的 asOf 或 period",
                    "輸入的 asOf 或 period",
                    "the input's asOf or period"
                )
            } else {
                text!("输入的 period", "輸入的 period", "the input's period")
            };
            self.fail(
                ErrorCode::MissingSetting,
                at,
                Text::new(
                    format!("{name}() 需要{}，这里没有", needs.zh_cn),
                    format!("{name}() 需要{}，這裡沒有", needs.zh_tw),
                    format!("{name}() needs {}; there is none here", needs.en),
                ),
            )
        })
    }

    /// `NETWORKDAYS(start, end)`: working days of the scheme's calendar, both ends included;
    /// negative when `end` is before `start` (as in a spreadsheet).
    fn network_days(&self, start: Date, end: Date) -> i64 {
        let cal = &self.context.calendar;
        if end < start {
            0i64.saturating_sub(i64::from(cal.working_days(end, start)))
        } else {
            i64::from(cal.working_days(start, end))
        }
    }

    /// `DATEDIF(start, end, unit)`: whole `"Y"`ears, `"M"`onths or `"D"`ays from `start`
    /// to `end`; `"YM"` months and `"YD"` days after the whole years, `"MD"` days after
    /// the whole months. `end` before `start` is `OUT_OF_RANGE`.
    fn date_dif(&mut self, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let start = self.date_arg(args, 0, at)?;
        let end = self.date_arg(args, 1, at)?;
        let unit_node = args.get(2).ok_or_else(|| self.internal(at))?;
        let unit_value = self.eval(unit_node)?;
        let unit = super::eval::to_text(unit_value).trim().to_ascii_uppercase();
        if !["D", "M", "Y", "MD", "YM", "YD"].contains(&unit.as_str()) {
            let shown: String = unit.chars().take(12).collect();
            return Err(self.fail(
                ErrorCode::FormulaType,
                at,
                text!(
                    "DATEDIF 的单位 “{shown}” 应为 D、M、Y、MD、YM 或 YD",
                    "DATEDIF 的單位「{shown}」應為 D、M、Y、MD、YM 或 YD",
                    "DATEDIF's unit \"{shown}\" must be D, M, Y, MD, YM or YD"
                ),
            ));
        }
        let (Some(start), Some(end)) = (start, end) else {
            return Ok(FormulaValue::Blank);
        };
        if end < start {
            return Err(self.fail(
                ErrorCode::OutOfRange,
                at,
                text!(
                    "DATEDIF 的结束日 {end} 早于开始日 {start}",
                    "DATEDIF 的結束日 {end} 早於開始日 {start}",
                    "DATEDIF's end {end} is before its start {start}"
                ),
            ));
        }
        let months = i64::from(start.whole_months_until(end).ok_or_else(|| self.internal(at))?);
        let days_after = |k: i64| start.add_months(k).map(|from| from.days_until(end));
        let n = match unit.as_str() {
            "D" => Some(start.days_until(end)),
            "M" => Some(months),
            "Y" => Some(months / 12),
            "YM" => Some(months % 12),
            "MD" => days_after(months),
            _ => days_after(months.saturating_sub(months % 12)),
        };
        n.map(|n| FormulaValue::Number(Decimal::from(n)))
            .ok_or_else(|| self.internal(at))
    }

    /// `EDATE(start, months)` (the same day, kept inside its month) and
    /// `EOMONTH(start, months)` (the month's last day), months truncated.
    fn month_shift(&mut self, func: Func, args: &[Node], at: At) -> Result<FormulaValue, Fail> {
        let start = self.date_arg(args, 0, at)?;
        let months = self.whole_arg(args, 1, at)?;
        let Some(start) = start else {
            return Ok(FormulaValue::Blank);
        };
        let date = months.and_then(|k| match func {
            Func::EDate => start.add_months(k),
            _ => {
                let (y, m) = Date::months_after(start.year, start.month, k)?;
                Date::month_end(y, m)
            }
        });
        date.map(FormulaValue::Date).ok_or_else(|| self.out_of_calendar(at))
    }
}

/// How an operand of `+`/`-` reads in a message.
fn addend_text(a: &Addend) -> String {
    match a {
        Addend::Num(n) => format_plain(*n),
        Addend::Day(d) => d.to_string(),
        Addend::Blank | Addend::NoDate => "blank".to_string(),
    }
}
