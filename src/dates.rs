//! Calendar dates and period names (`2025`, `2025-Q3`, `2025-07`, `2025-W05`, `2025-07-01`).

/// A calendar date (proleptic Gregorian), ordered by time.
///
/// ```
/// let d = jixiao::Date::parse("2024年7月1日").unwrap();
/// assert_eq!(d, jixiao::Date::parse("2024/7/1").unwrap());
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
    /// assert!(jixiao::Date::new(2024, 2, 29).is_some());
    /// assert!(jixiao::Date::new(2025, 2, 29).is_none());
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
    /// assert!(jixiao::Date::parse("2024-03-05 10:00:00").is_some());
    /// assert!(jixiao::Date::parse("2024-13-01").is_none());
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

    /// The inverse of `day_number`.
    #[allow(clippy::arithmetic_side_effects)]
    fn from_day_number(n: i64) -> Option<Date> {
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

    /// ISO weekday, Monday = 1 … Sunday = 7.
    ///
    /// ```
    /// assert_eq!(jixiao::Date::new(2025, 1, 1).unwrap().weekday(), 3);
    /// ```
    #[allow(clippy::arithmetic_side_effects)]
    pub fn weekday(self) -> u32 {
        // 0000-03-01 was a Wednesday.
        u32::try_from((self.day_number() + 2).rem_euclid(7) + 1).unwrap_or(1)
    }

    /// The Monday of ISO week `week` of `year` (`2026-W53` exists; `2025-W53` does not).
    ///
    /// ```
    /// assert_eq!(jixiao::Date::iso_week_start(2025, 1).unwrap().to_string(), "2024-12-30");
    /// assert!(jixiao::Date::iso_week_start(2026, 53).is_some());
    /// assert!(jixiao::Date::iso_week_start(2025, 53).is_none());
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
    /// use jixiao::Date;
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
    /// let (a, b) = jixiao::Date::period_range("2024-02").unwrap();
    /// assert_eq!((a.to_string(), b.to_string()), ("2024-02-01".into(), "2024-02-29".into()));
    /// let (a, b) = jixiao::Date::period_range("2025-Q4").unwrap();
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
    /// assert_eq!(jixiao::Date::from_epoch_millis(1741104000000, 480).unwrap().to_string(), "2025-03-05");
    /// assert_eq!(jixiao::Date::from_epoch_millis(1741104000000, 0).unwrap().to_string(), "2025-03-04");
    /// ```
    pub fn from_epoch_millis(millis: i64, offset_minutes: i32) -> Option<Date> {
        let local = millis.checked_add(i64::from(offset_minutes).checked_mul(60_000)?)?;
        let days = local.div_euclid(86_400_000);
        // 1970-01-01 as a day number
        let epoch = Date::new(1970, 1, 1)?.day_number();
        Date::from_day_number(epoch.checked_add(days)?)
    }

    /// Reads a date cell of a raw table: `2024-03-05`, `2024/3/5`, `2024年3月5日`,
    /// `2024-03-05 10:00:00` (local time), an ISO datetime with `Z` or an offset
    /// (`2024-03-04T18:00:00.000Z`, converted to the local date at `offset_minutes`),
    /// or epoch milliseconds written as digits.
    ///
    /// ```
    /// use jixiao::Date;
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
            let zone = if let Some(stripped) = time.strip_suffix(['Z', 'z']) {
                Some((stripped, 0))
            } else {
                time.rfind(['+', '-'])
                    .and_then(|i| Some((time.get(..i)?, parse_utc_offset(time.get(i..)?)?)))
            };
            if let Some((clock, zone_minutes)) = zone {
                let date = Date::parse(day)?;
                let mut parts = clock.split(':');
                let hours: i64 = parts.next()?.trim().parse().ok()?;
                let minutes: i64 = parts.next().map_or(Some(0), |m| m.trim().parse().ok())?;
                if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
                    return None;
                }
                let epoch = Date::new(1970, 1, 1)?.day_number();
                let day_ms = date.day_number().checked_sub(epoch)?.checked_mul(86_400_000)?;
                let clock_ms = hours
                    .checked_mul(3_600_000)?
                    .checked_add(minutes.checked_mul(60_000)?)?;
                let utc = day_ms
                    .checked_add(clock_ms)?
                    .checked_sub(i64::from(zone_minutes).checked_mul(60_000)?)?;
                return Date::from_epoch_millis(utc, offset_minutes);
            }
        }
        Date::parse(t)
    }
}

/// Reads a UTC offset `+08:00`, `+0800`, `-05:30`, `+8`, `Z` as minutes east of UTC.
///
/// ```
/// assert_eq!(jixiao::parse_utc_offset("+08:00"), Some(480));
/// assert_eq!(jixiao::parse_utc_offset("-0530"), Some(-330));
/// assert_eq!(jixiao::parse_utc_offset("Z"), Some(0));
/// assert_eq!(jixiao::parse_utc_offset("+25:00"), None);
/// ```
pub fn parse_utc_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
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
}
