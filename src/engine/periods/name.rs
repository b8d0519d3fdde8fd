//! Period names (`2025`, `2025-Q1`, `2025-07`, `2025年7月`, `2025-W05`, `2025-07-15`): what
//! span a name covers, when two names are the same period, time order, and the short
//! labels of explanations.

use crate::dates::Date;
use crate::i18n::tr;
use crate::i18n::Locale;

/// The granularity of a period name, coarse to fine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Grain {
    Year,
    Quarter,
    Month,
    Week,
    Day,
}

impl Grain {
    /// The grain's noun in `locale` (`quarter`, `季度`), for the mixed-lengths error.
    pub(super) fn text(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Grain::Year, Locale::En) => "year",
            (Grain::Quarter, Locale::En) => "quarter",
            (Grain::Month, Locale::En) => "month",
            (Grain::Week, Locale::En) => "week",
            (Grain::Day, Locale::En) => "day",
            (Grain::Year, _) => "年",
            (Grain::Quarter, _) => "季度",
            (Grain::Month, _) => "月",
            (Grain::Week, Locale::ZhTw) => "週",
            (Grain::Week, _) => "周",
            (Grain::Day, _) => "日",
        }
    }
}

/// A period name read: what it covers and how to label it.
#[derive(Clone, Debug)]
pub(super) struct PeriodName {
    /// As listed, trimmed.
    pub(super) text: String,
    /// The first day of the period.
    pub(super) start: Date,
    pub(super) grain: Grain,
    /// The year written in the name (an ISO week's year for weeks).
    pub(super) year: i32,
    /// The quarter, month or week number (0 for years and days).
    pub(super) number: u32,
}

impl PeriodName {
    /// Reads a period name; `None` when it names no period.
    pub(super) fn parse(text: &str) -> Option<PeriodName> {
        let t = text.trim();
        let start = Date::period_start(t)?;
        let (grain, year, number) = if Date::parse(t).is_some() {
            (Grain::Day, start.year, 0)
        } else {
            grain_of(t, start.year)?
        };
        Some(PeriodName {
            text: t.to_string(),
            start,
            grain,
            year,
            number,
        })
    }

    /// Two names for the same period (`2025-Q1`, `2025-q1`).
    pub(super) fn same(&self, other: &PeriodName) -> bool {
        self.grain == other.grain && self.start == other.start
    }

    /// Time order: by first day, the coarser first.
    pub(super) fn order(&self, other: &PeriodName) -> std::cmp::Ordering {
        (self.start, self.grain).cmp(&(other.start, other.grain))
    }

    /// A short label for explanations (`一季度`, `第一季`, `Q1`), with the year when asked.
    pub(super) fn label(&self, with_year: bool, locale: Locale) -> String {
        let y = self.year;
        let n = self.number;
        match self.grain {
            Grain::Year => tr!(locale, "{y} 年", "{y} 年", "{y}"),
            Grain::Quarter => quarter_label(y, n, with_year, locale),
            Grain::Month => month_label(y, n, with_year, locale),
            Grain::Week => match (with_year, locale) {
                (false, Locale::ZhCn) => format!("第 {n} 周"),
                (false, Locale::ZhTw) => format!("第 {n} 週"),
                (false, Locale::En) => format!("W{n:02}"),
                (true, Locale::ZhCn) => format!("{y} 年第 {n} 周"),
                (true, Locale::ZhTw) => format!("{y} 年第 {n} 週"),
                (true, Locale::En) => format!("{y}-W{n:02}"),
            },
            Grain::Day => self.start.to_string(),
        }
    }
}

/// The grain, written year and number of a name that is not a single day.
fn grain_of(t: &str, start_year: i32) -> Option<(Grain, i32, u32)> {
    let digits = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let u = t.trim_end_matches('月');
    Some(match u.split_once(['-', '/', '年']) {
        None => (Grain::Year, start_year, 0),
        Some((y, rest)) => {
            let year = i32::try_from(digits(y)?).ok()?;
            if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                (Grain::Quarter, year, digits(q)?)
            } else if let Some(w) = rest.strip_prefix(['W', 'w']) {
                (Grain::Week, year, digits(w)?)
            } else {
                (Grain::Month, year, digits(rest)?)
            }
        }
    })
}

/// `一季度` / `第一季` / `Q1`, or `2025 年一季度` / `2025 年第一季` / `2025 Q1`.
fn quarter_label(y: i32, n: u32, with_year: bool, locale: Locale) -> String {
    const CN: [&str; 4] = ["一", "二", "三", "四"];
    let q = usize::try_from(n)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| CN.get(i))
        .copied()
        .unwrap_or("");
    match (with_year, locale) {
        (false, Locale::ZhCn) => format!("{q}季度"),
        (false, Locale::ZhTw) => format!("第{q}季"),
        (false, Locale::En) => format!("Q{n}"),
        (true, Locale::ZhCn) => format!("{y} 年{q}季度"),
        (true, Locale::ZhTw) => format!("{y} 年第{q}季"),
        (true, Locale::En) => format!("{y} Q{n}"),
    }
}

/// `7 月` / `Jul`, or `2025 年 7 月` / `Jul 2025`.
fn month_label(y: i32, n: u32, with_year: bool, locale: Locale) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = usize::try_from(n)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| EN.get(i))
        .copied()
        .unwrap_or("");
    match (with_year, locale) {
        (false, Locale::En) => m.to_string(),
        (false, _) => format!("{n} 月"),
        (true, Locale::En) => format!("{m} {y}"),
        (true, _) => format!("{y} 年 {n} 月"),
    }
}
