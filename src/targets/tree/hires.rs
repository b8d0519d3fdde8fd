//! New hires: the period (`asOf` ‥ `periodEnd`), the `ramp` list, and each leaf's ramp
//! factor (by whole months employed) and days employed in the period.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::div;
use crate::numbers::is_negative;
use crate::targets::input::{fail, negative_error, read_date};
use rust_decimal::Decimal;

use super::TreeInput;

/// A leaf's new-hire factors.
#[derive(Clone, Copy, Default)]
pub(super) struct Hire {
    /// `ramp[m]`, when `ramp` is given.
    pub(super) ramp: Option<Decimal>,
    /// Days employed in the period and the period's days, both inclusive, for one who
    /// starts after `asOf` (worked is 0 when the start is after `periodEnd`).
    pub(super) days: Option<(i64, i64)>,
}

impl Hire {
    /// The factor shown: the days' share at 4 places.
    pub(super) fn proration(self) -> Result<Option<Decimal>, JixiaoError> {
        match self.days {
            None => Ok(None),
            Some((worked, all)) => Ok(Some(div(Decimal::from(worked), Decimal::from(all))?)),
        }
    }
}

/// The period new hires are measured against.
pub(super) struct Period {
    pub(super) as_of: Date,
    pub(super) end: Date,
    /// Days from `as_of` to `end`, both included.
    pub(super) days: i64,
}

/// `INVALID_DATE` at `path`: a date past the calendar's range.
fn out_of_range(path: &str) -> JixiaoError {
    fail(
        ErrorCode::InvalidDate,
        path,
        Text::new("日期超出范围", "日期超出範圍", "a date is out of range"),
    )
}

/// Days from `a` to `b`, both included.
fn days_inclusive(a: Date, b: Date) -> Option<i64> {
    a.days_until(b).checked_add(1)
}

/// The period of `input`: none without `asOf`; `periodEnd` defaults to the end of
/// `asOf`'s month and may not come before it.
pub(super) fn read_period(input: &TreeInput) -> Result<Option<Period>, JixiaoError> {
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| read_date(t, "/asOf".to_string()))
        .transpose()?;
    let period_end = input
        .period_end
        .as_deref()
        .map(|t| read_date(t, "/periodEnd".to_string()))
        .transpose()?;
    let a = match (as_of, period_end) {
        (None, Some(_)) => {
            return Err(fail(
                ErrorCode::MissingSetting,
                "/asOf",
                Text::new(
                    "给出了 periodEnd 却缺少 asOf",
                    "給出了 periodEnd 卻缺少 asOf",
                    "periodEnd is given but asOf is missing",
                ),
            ))
        }
        (None, None) => return Ok(None),
        (Some(a), _) => a,
    };
    let end = match period_end {
        Some(e) => e,
        None => Date::month_end(a.year, a.month).ok_or_else(|| out_of_range("/asOf"))?,
    };
    if end < a {
        return Err(fail(
            ErrorCode::InvalidDate,
            "/periodEnd",
            text!(
                "期末 {end} 早于期初 {a}",
                "期末 {end} 早於期初 {a}",
                "periodEnd {end} is before asOf {a}"
            ),
        ));
    }
    let days = days_inclusive(a, end).ok_or_else(|| out_of_range("/periodEnd"))?;
    Ok(Some(Period { as_of: a, end, days }))
}

/// The `ramp` list: not empty, none negative.
pub(super) fn read_ramp(input: &TreeInput) -> Result<Option<Vec<Decimal>>, JixiaoError> {
    let Some(list) = &input.ramp else {
        return Ok(None);
    };
    if list.is_empty() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/ramp",
            Text::new("ramp 不能为空", "ramp 不能為空", "ramp must not be empty"),
        ));
    }
    if let Some((i, r)) = list.iter().enumerate().find(|(_, r)| is_negative(r.0)) {
        return Err(negative_error(format!("/ramp/{i}"), "ramp", r.0));
    }
    Ok(Some(list.iter().map(|r| r.0).collect()))
}

/// Each node's new-hire factors (a leaf with `start`); a `start` needs `asOf`.
pub(super) fn hires(
    starts: &[Option<Date>],
    period: Option<&Period>,
    ramp: Option<&[Decimal]>,
) -> Result<Vec<Option<Hire>>, JixiaoError> {
    let mut hires = Vec::with_capacity(starts.len());
    for start in starts {
        match (start, period) {
            (None, _) => hires.push(None),
            (Some(_), None) => {
                return Err(fail(
                    ErrorCode::MissingSetting,
                    "/asOf",
                    Text::new(
                        "有成员给出了 start：请给出 asOf（期初）",
                        "有成員給出了 start：請給出 asOf（期初）",
                        "a person has a start date: give asOf (the period's first day)",
                    ),
                ))
            }
            (Some(s), Some(p)) => hires.push(Some(hire(*s, p, ramp)?)),
        }
    }
    Ok(hires)
}

/// The factors of one who starts on `start`.
fn hire(start: Date, period: &Period, ramp: Option<&[Decimal]>) -> Result<Hire, JixiaoError> {
    let ramp_factor = match ramp {
        None => None,
        Some(list) => {
            let m = start
                .whole_months_until(period.as_of)
                .ok_or_else(|| out_of_range("/asOf"))?;
            let i = usize::try_from(m).unwrap_or(usize::MAX);
            list.get(i).or_else(|| list.last()).copied()
        }
    };
    let days = if start > period.end {
        Some((0, period.days))
    } else if start > period.as_of {
        let worked = days_inclusive(start, period.end).ok_or_else(|| out_of_range("/asOf"))?;
        Some((worked, period.days))
    } else {
        None
    };
    Ok(Hire {
        ramp: ramp_factor,
        days,
    })
}
