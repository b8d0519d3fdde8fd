//! A (fiscal) year cut into quarters, months, ISO weeks or natural weeks (the keys are in
//! the domain's docs); the last day of a period key.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;

use super::input::{fail, Calendar, PeriodBy};
use super::parts::Slot;

/// The periods of `cal`, in order.
pub(super) fn calendar_slots(cal: &Calendar) -> Result<Vec<Slot>, JixiaoError> {
    let fs = cal.fiscal_year_start.unwrap_or(1);
    if !(1..=12).contains(&fs) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/calendar/fiscalYearStart",
            text!(
                "财年起始月 {fs} 应在 1–12 之间",
                "財年起始月 {fs} 應在 1–12 之間",
                "fiscalYearStart {fs} must be 1–12",
            ),
        ));
    }
    let year = FiscalYear {
        year: cal.year,
        first: fs,
    };
    if !(1..=9998).contains(&cal.year) {
        return Err(year.out_of_range());
    }
    match cal.by {
        PeriodBy::Month => year.months(),
        PeriodBy::Quarter => year.quarters(),
        PeriodBy::Week => year.iso_weeks(),
        PeriodBy::NaturalWeek => year.natural_weeks(),
    }
}

/// A fiscal year: named by the calendar `year` it starts in, in month `first`.
struct FiscalYear {
    year: i32,
    first: u32,
}

/// A month of a fiscal year: its calendar year and month, first and last day.
struct Month {
    year: i32,
    month: u32,
    start: Date,
    end: Date,
}

impl FiscalYear {
    fn out_of_range(&self) -> JixiaoError {
        let year = self.year;
        fail(
            ErrorCode::InvalidDate,
            "/calendar/year",
            text!(
                "年份 {year} 超出范围（1–9998）",
                "年份 {year} 超出範圍（1–9998）",
                "year {year} is out of range (1–9998)",
            ),
        )
    }

    /// Month `k` (0‥11) of the fiscal year.
    fn month(&self, k: u32) -> Result<Month, JixiaoError> {
        let (year, month) = Date::month_after(self.year, self.first, k).ok_or_else(|| self.out_of_range())?;
        let start = Date::new(year, month, 1).ok_or_else(|| self.out_of_range())?;
        let end = Date::month_end(year, month).ok_or_else(|| self.out_of_range())?;
        Ok(Month {
            year,
            month,
            start,
            end,
        })
    }

    /// `2025-01` … `2025-12` (calendar names whatever the fiscal year).
    fn months(&self) -> Result<Vec<Slot>, JixiaoError> {
        (0..12)
            .map(|k| {
                let m = self.month(k)?;
                Ok(Slot::period(format!("{:04}-{:02}", m.year, m.month), m.start, m.end))
            })
            .collect()
    }

    /// `2025-Q1` … `2025-Q4`, or `FY2025-Q1` … when the year starts after January.
    fn quarters(&self) -> Result<Vec<Slot>, JixiaoError> {
        let year = self.year;
        let mut slots = Vec::with_capacity(4);
        for q in 0..4u32 {
            let first = q.saturating_mul(3);
            let start = self.month(first)?.start;
            let end = self.month(first.saturating_add(2))?.end;
            let n = q.saturating_add(1);
            let key = if self.first == 1 {
                format!("{year:04}-Q{n}")
            } else {
                format!("FY{year:04}-Q{n}")
            };
            slots.push(Slot::period(key, start, end));
        }
        Ok(slots)
    }

    /// The ISO weeks whose Thursday falls in the fiscal year.
    fn iso_weeks(&self) -> Result<Vec<Slot>, JixiaoError> {
        let first = self.month(0)?.start;
        let last = self.month(11)?.end;
        let mut slots = Vec::new();
        for iso_year in [self.year, self.year.saturating_add(1)] {
            for w in 1..=53u32 {
                let Some(monday) = Date::iso_week_start(iso_year, w) else {
                    break;
                };
                let thursday = monday.add_days(3).ok_or_else(|| self.out_of_range())?;
                let sunday = monday.add_days(6).ok_or_else(|| self.out_of_range())?;
                if thursday >= first && thursday <= last {
                    slots.push(Slot::period(format!("{iso_year:04}-W{w:02}"), monday, sunday));
                }
            }
        }
        Ok(slots)
    }

    /// Monday–Sunday weeks cut at month ends: `2025-01-W1`, `2025-01-W2` …
    fn natural_weeks(&self) -> Result<Vec<Slot>, JixiaoError> {
        let mut slots = Vec::new();
        for k in 0..12 {
            let m = self.month(k)?;
            let mut day = m.start;
            let mut n = 1u32;
            loop {
                let to_sunday = 7u32.saturating_sub(day.weekday());
                let sunday = day.add_days(i64::from(to_sunday)).ok_or_else(|| self.out_of_range())?;
                let stop = if sunday > m.end { m.end } else { sunday };
                slots.push(Slot::period(format!("{:04}-{:02}-W{n}", m.year, m.month), day, stop));
                if stop >= m.end {
                    break;
                }
                day = stop.add_days(1).ok_or_else(|| self.out_of_range())?;
                n = n.saturating_add(1);
            }
        }
        Ok(slots)
    }
}

/// The last day of a period key written for a calendar year (`2025-Q1`, `2025-01`,
/// `2025-W01`, `2025-01-W1`).
pub(super) fn period_end(key: &str) -> Option<Date> {
    let year: i32 = key.get(..4)?.parse().ok()?;
    let by = if key.contains("-Q") {
        PeriodBy::Quarter
    } else if key.len() == 7 && !key.contains('W') {
        PeriodBy::Month
    } else if key.len() == 8 && key.contains("-W") {
        PeriodBy::Week
    } else {
        PeriodBy::NaturalWeek
    };
    let slots = calendar_slots(&Calendar {
        year,
        by,
        fiscal_year_start: None,
    })
    .ok()?;
    slots.into_iter().find(|s| s.key == key).and_then(|s| s.end)
}
