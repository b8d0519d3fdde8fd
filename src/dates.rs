//! Calendar dates and period names (`2025`, `2025-Q3`, `2025-07`, `2025-W05`, `2025-07-01`),
//! and the working-day calendar (`WorkCalendar`).

use std::collections::BTreeSet;

/// A calendar date (proleptic Gregorian), ordered by time.
///
/// ```
/// let d = jixiao::dates::Date::parse("2024年7月1日").unwrap();
/// assert_eq!(d, jixiao::dates::Date::parse("2024/7/1").unwrap());
/// assert_eq!(d.to_string(), "2024-07-01");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1‥9999.
    pub year: i32,
    /// Month, 1‥12.
    pub month: u32,
    /// Day of month, 1‥31.
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month (0 for an invalid month).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A run of one to four ASCII digits as a number (years, months, days, offsets).
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    /// A checked date: year 1‥9999, a real month and day.
    ///
    /// ```
    /// assert!(jixiao::dates::Date::new(2024, 2, 29).is_some());
    /// assert!(jixiao::dates::Date::new(2025, 2, 29).is_none());
    /// ```
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Reads `2024-07-01`, `2024/7/1`, `2024.7.1`, `2024年7月1日`, with an optional time after a space or `T`.
    ///
    /// ```
    /// assert!(jixiao::dates::Date::parse("2024-03-05 10:00:00").is_some());
    /// assert!(jixiao::dates::Date::parse("2024-13-01").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let t = t.split([' ', 'T']).next().unwrap_or(t);
        let t = t.trim_end_matches('日');
        let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
        match parts.as_slice() {
            [y, m, d] => Date::new(i32::try_from(number(y)?).ok()?, number(m)?, number(d)?),
            _ => None,
        }
    }

    /// Days since 0000-03-01 (for weekday and week arithmetic); inputs are bounded by `new`.
    #[allow(clippy::arithmetic_side_effects)]
    fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let mp = (m + 9) % 12;
        365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 + d - 1
    }

    /// The inverse of `day_number`; `None` outside years 1‥9999.
    #[allow(clippy::arithmetic_side_effects)]
    fn from_day_number(n: i64) -> Option<Date> {
        // outside this range the year is not 1‥9999 anyway; the bound keeps the sums small
        if !(0..=MAX_DAY_NUMBER).contains(&n) {
            return None;
        }
        let y0 = (10000 * n + 14780) / 3652425;
        let mut doy = n - (365 * y0 + y0 / 4 - y0 / 100 + y0 / 400);
        let mut y = y0;
        if doy < 0 {
            y -= 1;
            doy = n - (365 * y + y / 4 - y / 100 + y / 400);
        }
        let mi = (100 * doy + 52) / 3060;
        let month = (mi + 2) % 12 + 1;
        let year = y + (mi + 2) / 12;
        let day = doy - (mi * 306 + 5) / 10 + 1;
        Date::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// Days since 1970-01-01 (negative before it): the one day count every domain uses
    /// for day arithmetic (`b.days_since_epoch() - a.days_since_epoch()` days apart).
    pub(crate) fn days_since_epoch(self) -> i64 {
        // both terms are below 3.7 million: no overflow
        self.day_number().saturating_sub(EPOCH_DAY_NUMBER)
    }

    /// The date `days` after 1970-01-01 (before it when negative); `None` outside years 1‥9999.
    pub(crate) fn from_days_since_epoch(days: i64) -> Option<Date> {
        Date::from_day_number(days.checked_add(EPOCH_DAY_NUMBER)?)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    ///
    /// ```
    /// assert_eq!(jixiao::dates::Date::new(2025, 1, 1).unwrap().weekday(), 3);
    /// ```
    #[allow(clippy::arithmetic_side_effects)]
    pub fn weekday(self) -> u32 {
        // 0000-03-01 was a Wednesday.
        u32::try_from((self.day_number() + 2).rem_euclid(7) + 1).unwrap_or(1)
    }

    /// The Monday of ISO week `week` of `year` (`2026-W53` exists; `2025-W53` does not).
    ///
    /// ```
    /// assert_eq!(jixiao::dates::Date::iso_week_start(2025, 1).unwrap().to_string(), "2024-12-30");
    /// assert!(jixiao::dates::Date::iso_week_start(2026, 53).is_some());
    /// assert!(jixiao::dates::Date::iso_week_start(2025, 53).is_none());
    /// ```
    #[allow(clippy::arithmetic_side_effects)]
    pub fn iso_week_start(year: i32, week: u32) -> Option<Date> {
        let jan4 = Date::new(year, 1, 4)?;
        let week1 = jan4.day_number() - i64::from(jan4.weekday()) + 1;
        let weeks_in_year = {
            let dec28 = Date::new(year, 12, 28)?;
            let last_monday = dec28.day_number() - i64::from(dec28.weekday()) + 1;
            (last_monday - week1) / 7 + 1
        };
        if week == 0 || i64::from(week) > weeks_in_year {
            return None;
        }
        Date::from_day_number(week1 + 7 * (i64::from(week) - 1))
    }

    /// The first day of a period name: `2025` → 2025-01-01, `2025-Q3` → 2025-07-01,
    /// `2025-07` → 2025-07-01, `2025-W05` → that Monday, `2025-07-15` → itself.
    ///
    /// ```
    /// use jixiao::dates::Date;
    /// assert_eq!(Date::period_start("2025-Q3").unwrap().to_string(), "2025-07-01");
    /// assert_eq!(Date::period_start("2025年3月").unwrap().to_string(), "2025-03-01");
    /// assert!(Date::period_start("2025-Q5").is_none());
    /// ```
    pub fn period_start(text: &str) -> Option<Date> {
        let t = text.trim();
        if let Some(d) = Date::parse(t) {
            return Some(d);
        }
        let t = t.trim_end_matches('月');
        let (y, rest) = match t.split_once(['-', '/', '年']) {
            Some((y, rest)) => (y, Some(rest)),
            None => (t, None),
        };
        let year = i32::try_from(number(y)?).ok()?;
        match rest {
            None => Date::new(year, 1, 1),
            Some(r) => {
                if let Some(q) = r.strip_prefix(['Q', 'q']) {
                    let q = number(q)?;
                    if !(1..=4).contains(&q) {
                        return None;
                    }
                    Date::new(year, q.checked_mul(3)?.checked_sub(2)?, 1)
                } else if let Some(w) = r.strip_prefix(['W', 'w']) {
                    Date::iso_week_start(year, number(w)?)
                } else {
                    Date::new(year, number(r)?, 1)
                }
            }
        }
    }
    /// The first and last day (inclusive) of a period name: `2025`, `2025-Q3`, `2025-07`,
    /// `2025-W05`, or a single day `2025-07-01`.
    ///
    /// ```
    /// let (a, b) = jixiao::dates::Date::period_range("2024-02").unwrap();
    /// assert_eq!((a.to_string(), b.to_string()), ("2024-02-01".into(), "2024-02-29".into()));
    /// let (a, b) = jixiao::dates::Date::period_range("2025-Q4").unwrap();
    /// assert_eq!((a.to_string(), b.to_string()), ("2025-10-01".into(), "2025-12-31".into()));
    /// ```
    pub fn period_range(text: &str) -> Option<(Date, Date)> {
        let t = text.trim();
        if let Some(d) = Date::parse(t) {
            return Some((d, d));
        }
        let start = Date::period_start(t)?;
        let body = t.trim_end_matches('月');
        let rest = body.split_once(['-', '/', '年']).map(|(_, r)| r);
        let end = match rest {
            None => Date::new(start.year, 12, 31)?,
            Some(r) if r.starts_with(['Q', 'q']) => {
                let month = start.month.checked_add(2)?;
                Date::new(start.year, month, days_in_month(start.year, month))?
            }
            Some(r) if r.starts_with(['W', 'w']) => Date::from_day_number(start.day_number().checked_add(6)?)?,
            Some(_) => Date::new(start.year, start.month, days_in_month(start.year, start.month))?,
        };
        Some((start, end))
    }

    /// The calendar date of an instant given as epoch milliseconds, at a UTC offset in minutes.
    ///
    /// ```
    /// // 2025-03-04T16:00:00Z is already 2025-03-05 in China (+08:00)
    /// assert_eq!(jixiao::dates::Date::from_epoch_millis(1741104000000, 480).unwrap().to_string(), "2025-03-05");
    /// assert_eq!(jixiao::dates::Date::from_epoch_millis(1741104000000, 0).unwrap().to_string(), "2025-03-04");
    /// ```
    pub fn from_epoch_millis(millis: i64, offset_minutes: i32) -> Option<Date> {
        let (days, _) = local_day_and_millis(millis, offset_minutes)?;
        Date::from_days_since_epoch(days)
    }

    /// Reads a date cell of a raw table: `2024-03-05`, `2024/3/5`, `2024年3月5日`,
    /// `2024-03-05 10:00:00` (local time), an ISO datetime with `Z` or an offset
    /// (`2024-03-04T18:00:00.000Z`, converted to the local date at `offset_minutes`),
    /// or epoch milliseconds written as digits.
    ///
    /// ```
    /// use jixiao::dates::Date;
    /// assert_eq!(Date::read_cell("2024年3月5日", 480).unwrap().to_string(), "2024-03-05");
    /// assert_eq!(Date::read_cell("2024-03-04T18:00:00.000Z", 480).unwrap().to_string(), "2024-03-05");
    /// assert_eq!(Date::read_cell("1709596800000", 480).unwrap().to_string(), "2024-03-05");
    /// assert!(Date::read_cell("2024-02-30", 480).is_none());
    /// ```
    pub fn read_cell(text: &str, offset_minutes: i32) -> Option<Date> {
        let t = text.trim();
        if t.len() >= 10 && t.len() <= 16 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Date::from_epoch_millis(t.parse().ok()?, offset_minutes);
        }
        if let Some((day, time)) = t.split_once('T') {
            if let Some((clock, zone_minutes)) = split_zone(time) {
                return Date::zoned_cell(day, clock, zone_minutes, offset_minutes);
            }
        }
        Date::parse(t)
    }

    /// The local date at `offset_minutes` of a cell's `day` and `clock` (hours, optional
    /// minutes; seconds are ignored) read at `zone_minutes`.
    fn zoned_cell(day: &str, clock: &str, zone_minutes: i32, offset_minutes: i32) -> Option<Date> {
        let date = Date::parse(day)?;
        let mut parts = clock.split(':');
        let hours: i64 = parts.next()?.trim().parse().ok()?;
        let minutes: i64 = parts.next().map_or(Some(0), |m| m.trim().parse().ok())?;
        if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
            return None;
        }
        let day_ms = date.days_since_epoch().checked_mul(MS_PER_DAY)?;
        let clock_ms = hours
            .checked_mul(3_600_000)?
            .checked_add(minutes.checked_mul(60_000)?)?;
        let utc = day_ms
            .checked_add(clock_ms)?
            .checked_sub(i64::from(zone_minutes).checked_mul(60_000)?)?;
        Date::from_epoch_millis(utc, offset_minutes)
    }
}

/// The clock and the zone of a raw-table cell's time part: `18:00:00.000Z` → (`18:00:00.000`,
/// 0), `10:00+08:00` → (`10:00`, 480); `None` when it names no zone.
fn split_zone(time: &str) -> Option<(&str, i32)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let at = time.rfind(['+', '-'])?;
    Some((time.get(..at)?, parse_utc_offset(time.get(at..)?)?))
}

/// Milliseconds in a day.
const MS_PER_DAY: i64 = 86_400_000;

/// The day number (`Date::day_number`) of 1970-01-01.
const EPOCH_DAY_NUMBER: i64 = 719_468;

/// A day number past 9999-12-31 (and below any overflow in `Date::from_day_number`).
const MAX_DAY_NUMBER: i64 = 3_700_000;

/// Days since 1970-01-01 and milliseconds into that day of the local time `millis` at
/// `offset_minutes` east of UTC.
fn local_day_and_millis(millis: i64, offset_minutes: i32) -> Option<(i64, i64)> {
    let local = millis.checked_add(i64::from(offset_minutes).checked_mul(60_000)?)?;
    Some((local.div_euclid(MS_PER_DAY), local.rem_euclid(MS_PER_DAY)))
}

/// Reads a UTC offset as minutes east of UTC: `+08:00`, `+0800`, `-05:30`, `+8`, `Z`,
/// `UTC`, `GMT`, `UTC+8`, `GMT-05:00`; at most 14 hours and 59 minutes either way.
///
/// This one reader serves the scheme's `utcOffset`, the host adapters' `utcOffset` and
/// the zone of a date-time text; it accepts everything the scheme's and the adapters'
/// readers each accepted before they were merged, so the scheme now also takes the
/// `UTC+8` / `GMT+8` spellings and the adapters the three- and four-digit hour forms.
///
/// ```
/// assert_eq!(jixiao::dates::parse_utc_offset("+08:00"), Some(480));
/// assert_eq!(jixiao::dates::parse_utc_offset("-0530"), Some(-330));
/// assert_eq!(jixiao::dates::parse_utc_offset("Z"), Some(0));
/// assert_eq!(jixiao::dates::parse_utc_offset("UTC+8"), Some(480));
/// assert_eq!(jixiao::dates::parse_utc_offset("+25:00"), None);
/// assert_eq!(jixiao::dates::parse_utc_offset("08:00"), None);
/// ```
pub fn parse_utc_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    if ["z", "utc", "gmt"].iter().any(|zero| t.eq_ignore_ascii_case(zero)) {
        return Some(0);
    }
    let t = t.strip_prefix("UTC").or_else(|| t.strip_prefix("GMT")).unwrap_or(t);
    let (sign, rest) = match t.strip_prefix('+') {
        Some(r) => (1, r),
        None => (-1, t.strip_prefix('-')?),
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => (rest.get(..2)?, rest.get(2..)?),
        None => (rest, "0"),
    };
    let h: i32 = number(h)?.try_into().ok()?;
    let m: i32 = number(m)?.try_into().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    h.checked_mul(60)?.checked_add(m)?.checked_mul(sign)
}

/// The earliest epoch milliseconds a host date-time may hold: 0001-01-01T00:00:00.000Z.
pub(crate) const MIN_EPOCH_MS: i64 = -62_135_596_800_000;

/// The latest epoch milliseconds a host date-time may hold: 9999-12-31T23:59:59.999Z.
pub(crate) const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

/// A wall-clock date and time of day to the millisecond, with no zone: what an instant
/// reads as at a UTC offset, or what a local date-time text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LocalDateTime {
    /// The calendar date.
    pub(crate) date: Date,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
}

impl LocalDateTime {
    /// Reads a local date or date-time without a zone: `2024-03-05`, `2024/3/5`,
    /// `2024年3月5日`, `2024-03-05 10:00`, `2024-03-05T10:00:00`, `2024-03-05 10:00:00.5`.
    pub(crate) fn parse(text: &str) -> Option<LocalDateTime> {
        let t = text.trim();
        let (date_part, clock) = match t.find([' ', 'T']) {
            Some(at) => (t.get(..at)?, Some(t.get(at..)?.get(1..)?.trim())),
            None => (t, None),
        };
        let date = Date::parse(date_part)?;
        let (hour, minute, second, milli) = match clock {
            None | Some("") => (0, 0, 0, 0),
            Some(c) => parse_clock(c)?,
        };
        Some(LocalDateTime {
            date,
            hour,
            minute,
            second,
            milli,
        })
    }

    /// The local time of epoch milliseconds `ms` at `offset` minutes east of UTC; `None`
    /// outside `MIN_EPOCH_MS..=MAX_EPOCH_MS` or years 1‥9999.
    pub(crate) fn from_epoch_ms(ms: i64, offset: i32) -> Option<LocalDateTime> {
        if !(MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
            return None;
        }
        let (days, in_day) = local_day_and_millis(ms, offset)?;
        let date = Date::from_days_since_epoch(days)?;
        let secs = in_day.checked_div(1000)?;
        Some(LocalDateTime {
            date,
            hour: u32::try_from(secs.checked_div(3600)?).ok()?,
            minute: u32::try_from(secs.checked_rem(3600)?.checked_div(60)?).ok()?,
            second: u32::try_from(secs.checked_rem(60)?).ok()?,
            milli: u32::try_from(in_day.checked_rem(1000)?).ok()?,
        })
    }

    /// Epoch milliseconds of this local time at `offset` minutes east of UTC.
    #[allow(clippy::arithmetic_side_effects)]
    pub(crate) fn epoch_ms(self, offset: i32) -> i64 {
        // days within ±3.7 million, offset within ±900 minutes: far from i64 limits
        let secs = i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        self.date.days_since_epoch() * MS_PER_DAY + secs * 1000 + i64::from(self.milli) - i64::from(offset) * 60_000
    }

    fn is_midnight(self) -> bool {
        self.hour == 0 && self.minute == 0 && self.second == 0 && self.milli == 0
    }

    /// `YYYY-MM-DD` at midnight, else `YYYY-MM-DD HH:MM:SS` (and `.mmm` when not whole seconds).
    pub(crate) fn to_text(self) -> String {
        if self.is_midnight() {
            self.date.to_string()
        } else if self.milli == 0 {
            format!("{} {:02}:{:02}:{:02}", self.date, self.hour, self.minute, self.second)
        } else {
            format!(
                "{} {:02}:{:02}:{:02}.{:03}",
                self.date, self.hour, self.minute, self.second, self.milli
            )
        }
    }

    /// The ISO text `YYYY-MM-DDTHH:MM:SS.mmmZ`, taking this time as UTC.
    pub(crate) fn to_iso_utc(self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}.{:03}Z",
            self.date, self.hour, self.minute, self.second, self.milli
        )
    }
}

/// Reads `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f` (up to 3 fraction digits) as hour, minute,
/// second and millisecond.
fn parse_clock(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let milli = match frac {
        None => 0,
        Some(f) => {
            if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) || parts.len() != 3 {
                return None;
            }
            let padded = format!("{f:0<3}");
            padded.parse().ok()?
        }
    };
    Some((h, m, sec, milli))
}

/// Reads a date-time with a zone (`2024-03-05T02:00:00.000Z`, `2024-03-05 10:00+08:00`)
/// as epoch milliseconds; `None` for a text without a time or a zone, or outside
/// `MIN_EPOCH_MS..=MAX_EPOCH_MS`.
pub(crate) fn parse_zoned_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    let (body, offset) = if let Some(b) = t.strip_suffix(['Z', 'z']) {
        (b, 0)
    } else {
        // the zone starts at the last sign after the time separator
        let tpos = t.find(['T', ' '])?;
        let clock = t.get(tpos..)?;
        let sign_at = clock.rfind(['+', '-'])?;
        let at = tpos.checked_add(sign_at)?;
        (t.get(..at)?, parse_utc_offset(t.get(at..)?)?)
    };
    if !body.contains(['T', ' ']) {
        return None;
    }
    let ms = LocalDateTime::parse(body)?.epoch_ms(offset);
    (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms).then_some(ms)
}

/// Calendar arithmetic: whole days, month ends, months ahead and whole months between
/// dates (what target periods and new-hire ramps count in).
impl Date {
    /// The last day of `month` in `year`; `None` for a month or year out of range.
    pub(crate) fn month_end(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }

    /// The date `days` after this one (before it when negative); `None` outside years 1‥9999.
    pub(crate) fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// Days from this date to `later` (negative when `later` is earlier).
    pub(crate) fn days_until(self, later: Date) -> i64 {
        // both day counts are within ±3.7 million: no overflow
        later.days_since_epoch().saturating_sub(self.days_since_epoch())
    }

    /// The (year, month) `k` months after `month` of `year`; `None` past the `i32` years.
    pub(crate) fn month_after(year: i32, month: u32, k: u32) -> Option<(i32, u32)> {
        Date::months_after(year, month, i64::from(k))
    }

    /// The (year, month) `k` months after (before, when negative) `month` of `year`; `None`
    /// past the `i32` years.
    pub(crate) fn months_after(year: i32, month: u32, k: i64) -> Option<(i32, u32)> {
        let index = i64::from(year)
            .checked_mul(12)?
            .checked_add(i64::from(month))?
            .checked_sub(1)?
            .checked_add(k)?;
        let y = i32::try_from(index.checked_div_euclid(12)?).ok()?;
        let m = u32::try_from(index.checked_rem_euclid(12)?.checked_add(1)?).ok()?;
        Some((y, m))
    }

    /// The same day `k` months later (earlier, when negative), kept inside its month
    /// (2024-01-31 + 1 month = 2024-02-29, as a spreadsheet's `EDATE`); `None` outside
    /// years 1‥9999.
    pub(crate) fn add_months(self, k: i64) -> Option<Date> {
        let (year, month) = Date::months_after(self.year, self.month, k)?;
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// Whole months from this date to `later`: a month is whole when the same day of month
    /// is reached (2024-11-15 → 2025-01-15 is 2, → 2025-01-14 is 1); 0 when `later` is not
    /// after this date.
    pub(crate) fn whole_months_until(self, later: Date) -> Option<u32> {
        if self >= later {
            return Some(0);
        }
        let a = i64::from(later.year)
            .checked_mul(12)?
            .checked_add(i64::from(later.month))?;
        let s = i64::from(self.year)
            .checked_mul(12)?
            .checked_add(i64::from(self.month))?;
        let mut m = a.checked_sub(s)?;
        if later.day < self.day {
            m = m.checked_sub(1)?;
        }
        u32::try_from(m.max(0)).ok()
    }
}

/// Which days are worked: Monday to Friday, less the days off listed in `holidays`, plus
/// the weekend days listed in `workdays` (调休). The one working-day count of the crate:
/// target splits by working days and the formula function `NETWORKDAYS` both use it.
///
/// ```
/// use jixiao::dates::{Date, WorkCalendar};
/// let d = |s| Date::parse(s).unwrap();
/// // 2025-09-29 (Mon) … 2025-10-12 (Sun): National Day off 10-01…10-08, 09-28 and 10-11 worked
/// let cal = WorkCalendar::new((1..=8).map(|k| Date::new(2025, 10, k).unwrap()), [d("2025-09-28"), d("2025-10-11")]);
/// assert_eq!(cal.working_days(d("2025-09-28"), d("2025-10-12")), 6);
/// assert_eq!(WorkCalendar::default().working_days(d("2025-09-28"), d("2025-10-12")), 10);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
}

impl WorkCalendar {
    /// A calendar of days off and make-up workdays.
    ///
    /// ```
    /// let cal = jixiao::dates::WorkCalendar::new([], []);
    /// assert_eq!(cal, jixiao::dates::WorkCalendar::default());
    /// ```
    pub fn new(holidays: impl IntoIterator<Item = Date>, workdays: impl IntoIterator<Item = Date>) -> WorkCalendar {
        WorkCalendar {
            holidays: holidays.into_iter().collect(),
            workdays: workdays.into_iter().collect(),
        }
    }

    /// Whether `day` is worked: a listed workday, or Monday–Friday and not a listed day off.
    ///
    /// ```
    /// use jixiao::dates::{Date, WorkCalendar};
    /// let sunday = Date::new(2025, 9, 28).unwrap();
    /// assert!(!WorkCalendar::default().is_workday(sunday));
    /// assert!(WorkCalendar::new([], [sunday]).is_workday(sunday));
    /// ```
    pub fn is_workday(&self, day: Date) -> bool {
        self.workdays.contains(&day) || (day.weekday() <= 5 && !self.holidays.contains(&day))
    }

    /// The days worked from `start` to `end`, both included (0 when `end` is before
    /// `start`). Whole weeks count 5 at once and only the listed days inside the span are
    /// looked at one by one, so ten thousand years cost no more than a week.
    ///
    /// ```
    /// use jixiao::dates::{Date, WorkCalendar};
    /// let (a, b) = (Date::new(1, 1, 1).unwrap(), Date::new(9999, 12, 31).unwrap());
    /// // python: sum(1 for o in range(date(1,1,1).toordinal(), date(9999,12,31).toordinal() + 1) if (o - 1) % 7 < 5)
    /// assert_eq!(WorkCalendar::default().working_days(a, b), 2_608_615);
    /// ```
    pub fn working_days(&self, start: Date, end: Date) -> u32 {
        if end < start {
            return 0;
        }
        let listed = self
            .holidays
            .range(start..=end)
            .chain(self.workdays.range(start..=end).filter(|d| !self.holidays.contains(d)));
        // each listed day moves the plain Monday–Friday count by -1, 0 or +1
        let adjust = listed.fold(0i64, |acc, d| {
            let plain = i64::from(d.weekday() <= 5);
            let worked = i64::from(self.is_workday(*d));
            acc.saturating_add(worked.saturating_sub(plain))
        });
        let count = i64::from(weekdays_between(start, end)).saturating_add(adjust);
        u32::try_from(count.max(0)).unwrap_or(0)
    }
}

/// Monday–Friday days from `start` to `end` (inclusive, `start` ≤ `end`): 5 per whole
/// week, then the days of the last part week.
fn weekdays_between(start: Date, end: Date) -> u32 {
    // at most 3.7 million days apart: every figure below fits
    let days = u32::try_from(start.days_until(end).saturating_add(1)).unwrap_or(0);
    let (weeks, rest) = (days / 7, days % 7);
    let first = start.weekday().saturating_sub(1);
    let tail = (0..rest).filter(|i| (first.saturating_add(*i)) % 7 < 5).count();
    weeks.saturating_mul(5).saturating_add(u32::try_from(tail).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for (y, m, d) in [(1, 1, 1), (2000, 2, 29), (2024, 12, 31), (2025, 3, 1), (9999, 12, 31)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(Date::from_day_number(date.day_number()), Some(date));
        }
    }

    #[test]
    fn every_day_number_counts_one_day_on() {
        let first = Date::new(1, 1, 1).unwrap().days_since_epoch();
        let last = Date::new(9999, 12, 31).unwrap().days_since_epoch();
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::from_days_since_epoch(first - 1), None);
        assert_eq!(Date::from_days_since_epoch(last + 1), None);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), None);
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        let mut previous = Date::from_days_since_epoch(first).unwrap();
        assert_eq!(previous, Date::new(1, 1, 1).unwrap());
        for n in first + 1..=last {
            let date = Date::from_days_since_epoch(n).unwrap();
            let next = Date::new(previous.year, previous.month, previous.day + 1)
                .or_else(|| Date::new(previous.year, previous.month + 1, 1))
                .or_else(|| Date::new(previous.year + 1, 1, 1))
                .unwrap();
            assert_eq!(date, next, "{n}");
            assert_eq!(date.days_since_epoch(), n);
            previous = date;
        }
    }

    #[test]
    fn offsets() {
        for (s, want) in [
            ("+08:00", Some(480)),
            ("+0800", Some(480)),
            ("+8", Some(480)),
            ("+008", Some(480)),
            ("-05:30", Some(-330)),
            ("Z", Some(0)),
            ("utc", Some(0)),
            ("GMT", Some(0)),
            ("UTC+8", Some(480)),
            ("GMT-05:00", Some(-300)),
            ("+14:00", Some(840)),
            ("+14:30", Some(870)),
            ("+15", None),
            ("08:00", None),
            ("+8:60", None),
            ("UTC 8", None),
            ("", None),
            ("+", None),
        ] {
            assert_eq!(parse_utc_offset(s), want, "{s}");
        }
    }

    #[test]
    fn epoch_round_trips() {
        for ms in [0, 1_709_568_000_000, -1, MIN_EPOCH_MS, MAX_EPOCH_MS, 951_782_400_000] {
            for offset in [0, 480, -330, 840, -840] {
                if let Some(t) = LocalDateTime::from_epoch_ms(ms, offset) {
                    assert_eq!(t.epoch_ms(offset), ms, "{ms} {offset}");
                }
            }
        }
        // 1709568000000 is 2024-03-05 00:00 in China (2024-03-04 16:00 UTC)
        let t = LocalDateTime::from_epoch_ms(1_709_568_000_000, 480).unwrap();
        assert_eq!(t.to_text(), "2024-03-05");
        let t = LocalDateTime::from_epoch_ms(1_709_568_000_000, 0).unwrap();
        assert_eq!(t.to_text(), "2024-03-04 16:00:00");
        assert_eq!(t.to_iso_utc(), "2024-03-04T16:00:00.000Z");
        assert_eq!(LocalDateTime::from_epoch_ms(MIN_EPOCH_MS, -60), None);
        assert_eq!(LocalDateTime::from_epoch_ms(i64::MAX, 0), None);
        // 2000-02-29 (a leap day in a year divisible by 400)
        assert_eq!(
            LocalDateTime::from_epoch_ms(951_782_400_000, 0).unwrap().to_text(),
            "2000-02-29"
        );
    }

    #[test]
    fn zoned_and_local_texts() {
        assert_eq!(parse_zoned_ms("2024-03-05T02:00:00.000Z"), Some(1_709_604_000_000));
        assert_eq!(parse_zoned_ms("2024-03-05T10:00:00+08:00"), Some(1_709_604_000_000));
        assert_eq!(parse_zoned_ms("2024-03-05"), None);
        assert_eq!(parse_zoned_ms("2024-03-05T25:00:00Z"), None);
        let local = |s: &str| LocalDateTime::parse(s).map(|t| t.to_text());
        assert_eq!(local("2024/3/5 9:05").unwrap(), "2024-03-05 09:05:00");
        assert_eq!(local("2024-03-05 00:00").unwrap(), "2024-03-05");
        assert_eq!(local("2024-03-05 10:00:00.5").unwrap(), "2024-03-05 10:00:00.500");
        assert_eq!(local("2024-03-05 10:00:00.5000"), None);
        assert_eq!(local("2024-02-30"), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(Date::new(2025, 11, 23).unwrap().weekday(), 7);
        assert_eq!(Date::new(2026, 11, 23).unwrap().weekday(), 1);
    }

    #[test]
    fn periods() {
        let cases = [
            ("2024", "2024-01-01"),
            ("2024-Q1", "2024-01-01"),
            ("2024-q4", "2024-10-01"),
            ("2024-07", "2024-07-01"),
            ("2024/7", "2024-07-01"),
            ("2024-07-15", "2024-07-15"),
            ("2026-W53", "2026-12-28"),
        ];
        for (p, want) in cases {
            assert_eq!(
                Date::period_start(p).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{p}"
            );
        }
        for bad in ["", "abc", "2024-13", "2024-Q0", "2024-W00", "10000", "2024-02-30"] {
            assert_eq!(Date::period_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn calendar_arithmetic() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(Date::month_end(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(Date::month_end(2025, 2), Some(d(2025, 2, 28)));
        assert_eq!(Date::month_end(2025, 13), None);
        assert_eq!(d(2024, 12, 30).add_days(3), Some(d(2025, 1, 2)));
        assert_eq!(d(9999, 12, 31).add_days(1), None);
        assert_eq!(d(2025, 1, 1).days_until(d(2025, 1, 31)), 30);
        assert_eq!(d(2024, 3, 1).days_until(d(2024, 2, 1)), -29);
        assert_eq!(Date::month_after(2025, 4, 11), Some((2026, 3)));
        assert_eq!(Date::month_after(2025, 12, 0), Some((2025, 12)));
        let months = |a: Date, b: Date| a.whole_months_until(b);
        assert_eq!(months(d(2024, 11, 15), d(2025, 1, 15)), Some(2));
        assert_eq!(months(d(2024, 11, 15), d(2025, 1, 14)), Some(1));
        assert_eq!(months(d(2025, 1, 31), d(2025, 2, 28)), Some(0));
        assert_eq!(months(d(2025, 3, 1), d(2025, 1, 1)), Some(0));
    }
}
