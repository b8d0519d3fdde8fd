//! Target decomposition (目标分解), SPEC §5: split a total over periods or named parts
//! by a method (equal, weights, history, working days, capacity), with an uplift, a
//! rounding unit, per-part bounds and locked parts. Pure core: no wasm-bindgen here.
//!
//! # Period keys
//!
//! | `by` | calendar year (`fiscalYearStart` 1, the default) | fiscal year starting in month *m* > 1 |
//! |---|---|---|
//! | `quarter` | `2025-Q1` … `2025-Q4` | `FY2025-Q1` … `FY2025-Q4`; FY2025 starts on 2025-*m*-01 |
//! | `month` | `2025-01` … `2025-12` | the calendar months, `2025-04` … `2026-03` |
//! | `week` | ISO weeks `2025-W01` … (52 or 53) | the ISO weeks whose Thursday falls in the fiscal year |
//! | `natural_week` | `2025-01-W1`, `2025-01-W2` … | the same, over the fiscal year's months |
//!
//! A fiscal year is named by the calendar year it **starts** in: with `fiscalYearStart: 4`,
//! `year: 2025` is 2025-04-01 ‥ 2026-03-31 and its first quarter is `FY2025-Q1`
//! (April–June 2025). Only quarters carry the `FY` prefix: months and ISO weeks name the
//! same days whatever the fiscal year, so they keep their calendar names.
//!
//! An ISO week belongs to the ISO year of its Thursday: `2025-W01` runs 2024-12-30 ‥
//! 2025-01-05, and 2026 has a `2026-W53` (2026-12-28 ‥ 2027-01-03).
//!
//! A natural week (自然周) is a Monday–Sunday week cut at month ends: the first natural
//! week of a month runs from the 1st to the first Sunday, the last ends on the month's
//! last day, so every natural week lies inside one month (`2025-01-W1` is 2025-01-01 ‥
//! 2025-01-05).
//!
//! # Rounding
//!
//! Every part is a multiple of `unit` (default `0.01`). The part of the total that is a
//! whole number of units is split by [`crate::split_largest_remainder`] (each part rounded
//! toward zero, the leftover units one each to the largest remainders, ties to the earlier
//! part); what is left below one unit (a total that is not a multiple of the unit) goes to
//! the largest unlocked part that has room under its `max` (ties: the earlier). Values are
//! written with the unit's places (more only when such a remainder, or a locked value
//! finer than the unit, needs them: every value then shows the same places).
//!
//! # Weights
//!
//! A negative weight, history or capacity is an error, and so is a list that is all 0; a
//! single 0 is allowed and gives that part 0 (a month a shop is closed), unless a `min`
//! lifts it.
//!
//! # Bounds and locked parts
//!
//! `locked` parts keep their value exactly and ignore bounds. The rest of the total is
//! spread over the unlocked parts: a part whose share would fall below its `min` or above
//! its `max` is fixed at that bound and the rest re-spread over the free parts, until
//! nothing crosses a bound (Kiwiel's rule: when both kinds cross, the side with the larger
//! total excess is fixed first, which gives the exact `clamp(λ·wᵢ, minᵢ, maxᵢ)` solution).
//! Bounds are first moved inward to the unit (a `min` up, a `max` down). Bounds that cannot
//! be met are an `INVALID_SETTING` error.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{add, div, mul, overflow, sub, sum};
use crate::numbers::{format_fixed, format_grouped, format_percent, split_largest_remainder, RoundingMode};
use crate::scheme::Num;
use crate::text;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How the total is split: `equal`, `weights`, `history` (last period's actuals),
/// `working_days` (Monday–Friday minus holidays plus make-up workdays) or `capacity`.
///
/// ```
/// let m: jixiao::Method = serde_json::from_str("\"working_days\"").unwrap();
/// assert_eq!(m, jixiao::Method::WorkingDays);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The same share for every part (default).
    #[default]
    Equal,
    /// In proportion to `weights` (or each part's `weight`).
    Weights,
    /// In proportion to `history` (or each part's `history`): seasonality, 历史占比.
    History,
    /// In proportion to each period's working days.
    WorkingDays,
    /// In proportion to `capacity` (or each part's `capacity`).
    Capacity,
}

/// The period a calendar is cut into.
///
/// ```
/// let b: jixiao::PeriodBy = serde_json::from_str("\"natural_week\"").unwrap();
/// assert_eq!(b, jixiao::PeriodBy::NaturalWeek);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PeriodBy {
    /// Quarters: `2025-Q1` (or `FY2025-Q1` in a fiscal year).
    Quarter,
    /// Months: `2025-01`.
    Month,
    /// ISO weeks: `2025-W01`.
    Week,
    /// Natural weeks cut at month ends: `2025-01-W1`.
    #[serde(alias = "naturalWeek")]
    NaturalWeek,
}

/// A year cut into periods (see the module docs for the keys).
///
/// ```
/// let c: jixiao::Calendar = serde_json::from_str(r#"{"year":2025,"by":"quarter","fiscalYearStart":4}"#).unwrap();
/// assert_eq!(c.fiscal_year_start, Some(4));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Calendar {
    /// The (fiscal) year, named by the calendar year it starts in.
    pub year: i32,
    /// The period.
    pub by: PeriodBy,
    /// The month the fiscal year starts in, 1‥12 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start: Option<u32>,
}

/// One named part given explicitly instead of a calendar.
///
/// ```
/// let p: jixiao::PartSpec = serde_json::from_str(r#"{"key":"华东","weight":3,"max":"1万"}"#).unwrap();
/// assert_eq!(p.max.unwrap().0.to_string(), "10000");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartSpec {
    /// The part's key (unique).
    pub key: String,
    /// Its weight (method `weights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Its last period's actual (method `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Num>,
    /// Its capacity (method `capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Num>,
    /// A value to keep as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<Num>,
    /// The least value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// The most value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// First day (needed by `working_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day, inclusive (needed by `working_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A bound for every part (one number) or per part (a list; `null` for none).
///
/// ```
/// let b: jixiao::Bound = serde_json::from_str(r#"[100, null, "2万"]"#).unwrap();
/// assert!(matches!(b, jixiao::Bound::Each(ref v) if v.len() == 3));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Bound {
    /// The same bound for every part.
    One(Num),
    /// One bound per part, in order.
    Each(Vec<Option<Num>>),
}

/// The input of [`decompose`] (SPEC §5).
///
/// ```
/// let input: jixiao::DecomposeInput = serde_json::from_str(
///     r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
/// let out = jixiao::decompose(&input).unwrap();
/// assert_eq!(out.parts[0].value, "33.34");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecomposeInput {
    /// The total to split (before uplift).
    pub total: Num,
    /// A year cut into periods (or give `parts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    /// Named parts (or give `calendar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartSpec>>,
    /// The method (default `equal`).
    #[serde(default)]
    pub method: Method,
    /// Weights per part, in order (method `weights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<Num>>,
    /// Last period's actuals per part, in order (method `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<Num>>,
    /// Capacity per part, in order (method `capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Vec<Num>>,
    /// Days off (`working_days`), weekend days inside a holiday block included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
    /// Weekend days worked instead (调休, `working_days`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workdays: Vec<String>,
    /// Every part is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// The total is multiplied by 1 + uplift before splitting (挑战目标).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Num>,
    /// Least values: one for all parts or one per part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    /// Greatest values: one for all parts or one per part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    /// Parts that keep the value given: `{ "2025-01": 900000 }`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub locked: IndexMap<String, Num>,
    /// `zh-CN` (default), `zh-TW` or `en`, for explanations and errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Which bound fixed a part's value.
///
/// ```
/// assert_eq!(serde_json::to_string(&jixiao::BoundHit::Max).unwrap(), "\"max\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum BoundHit {
    /// Raised to its `min`.
    Min,
    /// Cut to its `max`.
    Max,
}

/// One part of a [`Decomposition`].
///
/// ```
/// let out = jixiao::decompose_json(r#"{"total":10,"calendar":{"year":2025,"by":"quarter"},"unit":1}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["parts"][0]["start"], "2025-01-01");
/// assert_eq!(v["parts"][0]["end"], "2025-03-31");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DecomposedPart {
    /// The part's key.
    pub key: String,
    /// Its target, at the unit's places.
    pub value: String,
    /// value ÷ total, 4 places.
    pub share: String,
    /// First day, for periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day (inclusive), for periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Working days, for method `working_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// True when the value was locked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// The bound that fixed the value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<BoundHit>,
}

/// The steps of a decomposition, one line each, in the chosen locale.
///
/// ```
/// let out = jixiao::decompose_json(r#"{"total":3,"parts":[{"key":"A"}],"locale":"en"}"#).unwrap();
/// assert!(out.contains("Total 3.00"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DecomposeExplain {
    /// One line per step.
    pub lines: Vec<String>,
}

/// The result of [`decompose`]: the (uplifted) total and the parts, which sum to it exactly.
///
/// ```
/// let out = jixiao::decompose_json(r#"{"total":"1万","parts":[{"key":"A"},{"key":"B"}],"uplift":"10%","unit":1}"#).unwrap();
/// let d: jixiao::Decomposition = serde_json::from_str(&out).unwrap();
/// assert_eq!(d.total, "11000");
/// assert_eq!(d.parts[1].value, "5500");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Decomposition {
    /// The total after uplift, at the unit's places.
    pub total: String,
    /// The unit.
    pub unit: String,
    /// The method used.
    pub method: Method,
    /// The parts, in order.
    pub parts: Vec<DecomposedPart>,
    /// The explanation.
    pub explain: DecomposeExplain,
}

fn fail(code: ErrorCode, path: impl Into<String>, text: Text) -> JixiaoError {
    JixiaoError::new(code, path, text)
}

// ---------------------------------------------------------------- dates

fn last_day(year: i32, month: u32) -> Option<Date> {
    [31, 30, 29, 28].into_iter().find_map(|d| Date::new(year, month, d))
}

fn next_day(d: Date) -> Option<Date> {
    let day = d.day.checked_add(1)?;
    if let Some(n) = Date::new(d.year, d.month, day) {
        return Some(n);
    }
    if d.month < 12 {
        return Date::new(d.year, d.month.checked_add(1)?, 1);
    }
    Date::new(d.year.checked_add(1)?, 1, 1)
}

fn add_days(mut d: Date, n: u32) -> Option<Date> {
    for _ in 0..n {
        d = next_day(d)?;
    }
    Some(d)
}

/// (year, month) `k` months after (year, month).
fn month_after(year: i32, month: u32, k: u32) -> Option<(i32, u32)> {
    let index = i64::from(year)
        .checked_mul(12)?
        .checked_add(i64::from(month))?
        .checked_sub(1)?
        .checked_add(i64::from(k))?;
    let y = i32::try_from(index.checked_div_euclid(12)?).ok()?;
    let m = u32::try_from(index.checked_rem_euclid(12)?.checked_add(1)?).ok()?;
    Some((y, m))
}

/// A part being decomposed: its key, dates and per-part settings.
#[derive(Clone, Debug, Default)]
struct Slot {
    key: String,
    start: Option<Date>,
    end: Option<Date>,
    spec: PartSpec,
}

fn period(key: String, start: Date, end: Date) -> Slot {
    Slot {
        key,
        start: Some(start),
        end: Some(end),
        spec: PartSpec::default(),
    }
}

fn calendar_slots(cal: &Calendar) -> Result<Vec<Slot>, JixiaoError> {
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
    let year = cal.year;
    let out_of_range = || {
        fail(
            ErrorCode::InvalidDate,
            "/calendar/year",
            text!(
                "年份 {year} 超出范围（1–9998）",
                "年份 {year} 超出範圍（1–9998）",
                "year {year} is out of range (1–9998)",
            ),
        )
    };
    if !(1..=9998).contains(&year) {
        return Err(out_of_range());
    }
    let month = |k: u32| -> Result<(i32, u32, Date, Date), JixiaoError> {
        let (y, m) = month_after(year, fs, k).ok_or_else(out_of_range)?;
        let start = Date::new(y, m, 1).ok_or_else(out_of_range)?;
        let end = last_day(y, m).ok_or_else(out_of_range)?;
        Ok((y, m, start, end))
    };
    let mut slots = Vec::new();
    match cal.by {
        PeriodBy::Month => {
            for k in 0..12 {
                let (y, m, start, end) = month(k)?;
                slots.push(period(format!("{y:04}-{m:02}"), start, end));
            }
        }
        PeriodBy::Quarter => {
            for q in 0..4u32 {
                let first = q.saturating_mul(3);
                let (_, _, start, _) = month(first)?;
                let (_, _, _, end) = month(first.saturating_add(2))?;
                let n = q.saturating_add(1);
                let key = if fs == 1 {
                    format!("{year:04}-Q{n}")
                } else {
                    format!("FY{year:04}-Q{n}")
                };
                slots.push(period(key, start, end));
            }
        }
        PeriodBy::Week => {
            let (_, _, first, _) = month(0)?;
            let (_, _, _, last) = month(11)?;
            for iso_year in [year, year.saturating_add(1)] {
                for w in 1..=53u32 {
                    let Some(monday) = Date::iso_week_start(iso_year, w) else {
                        break;
                    };
                    let thursday = add_days(monday, 3).ok_or_else(out_of_range)?;
                    let sunday = add_days(monday, 6).ok_or_else(out_of_range)?;
                    if thursday >= first && thursday <= last {
                        slots.push(period(format!("{iso_year:04}-W{w:02}"), monday, sunday));
                    }
                }
            }
        }
        PeriodBy::NaturalWeek => {
            for k in 0..12 {
                let (y, m, start, end) = month(k)?;
                let mut day = start;
                let mut n = 1u32;
                loop {
                    let to_sunday = 7u32.saturating_sub(day.weekday());
                    let sunday = add_days(day, to_sunday).ok_or_else(out_of_range)?;
                    let stop = if sunday > end { end } else { sunday };
                    slots.push(period(format!("{y:04}-{m:02}-W{n}"), day, stop));
                    if stop >= end {
                        break;
                    }
                    day = next_day(stop).ok_or_else(out_of_range)?;
                    n = n.saturating_add(1);
                }
            }
        }
    }
    Ok(slots)
}

fn read_date(text: &str, path: String) -> Result<Date, JixiaoError> {
    Date::parse(text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        fail(
            ErrorCode::InvalidDate,
            path,
            text!(
                "无法识别的日期：{shown:?}",
                "無法識別的日期：{shown:?}",
                "not a date: {shown:?}",
            ),
        )
    })
}

fn working_days(start: Date, end: Date, holidays: &BTreeSet<Date>, workdays: &BTreeSet<Date>) -> Option<u32> {
    let mut day = start;
    let mut count = 0u32;
    while day <= end {
        let weekday = day.weekday() <= 5 && !holidays.contains(&day);
        if weekday || workdays.contains(&day) {
            count = count.checked_add(1)?;
        }
        if day == end {
            break;
        }
        day = next_day(day)?;
    }
    Some(count)
}

// ---------------------------------------------------------------- the split

/// Reads a JSON text, decomposes it and writes the result as JSON (the wasm binding's entry).
///
/// Malformed JSON is `INVALID_JSON`; a wrong shape is `INVALID_INPUT` with a JSON pointer;
/// an unknown `method` is `INVALID_SETTING` at `/method`.
///
/// ```
/// let out = jixiao::decompose_json(r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::decompose_json(r#"{"total":1,"parts":[{"key":"A"}],"method":"magic"}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/method");
/// ```
pub fn decompose_json(json: &str) -> Result<String, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        fail(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    })?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let localized = |mut e: JixiaoError| {
        e.localize(locale);
        e
    };
    if let Some(m) = value.get("method") {
        if serde_json::from_value::<Method>(m.clone()).is_err() {
            let shown: String = m.to_string().chars().take(40).collect();
            return Err(localized(fail(
                ErrorCode::InvalidSetting,
                "/method",
                text!(
                    "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
                    "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
                    "unknown method {shown} (use equal, weights, history, working_days or capacity)",
                ),
            )));
        }
    }
    let input: DecomposeInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for seg in e.path().iter() {
            path.push('/');
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => path.push_str(&crate::error::escape_pointer(key)),
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        localized(fail(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        ))
    })?;
    let out = decompose(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        localized(fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        ))
    })
}

/// Splits a total over calendar periods or named parts (SPEC §5); see the module docs for
/// keys, rounding, bounds and locked parts. The parts always sum exactly to the
/// (uplifted) total, and errors (empty parts, a negative weight, all-zero history, a unit
/// larger than the total, a list whose length is not the parts', impossible bounds …)
/// come back in the input's locale.
///
/// ```
/// let input: jixiao::DecomposeInput = serde_json::from_str(r#"{
///   "total": "1000", "parts": [{"key": "A"}, {"key": "B"}],
///   "method": "weights", "weights": [3, 1], "unit": 10, "locale": "en" }"#).unwrap();
/// let out = jixiao::decompose(&input).unwrap();
/// assert_eq!((out.parts[0].value.as_str(), out.parts[1].value.as_str()), ("750", "250"));
/// assert_eq!(out.parts[0].share, "0.7500");
/// ```
pub fn decompose(input: &DecomposeInput) -> Result<Decomposition, JixiaoError> {
    let locale = match &input.locale {
        None => Locale::default(),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            fail(
                ErrorCode::InvalidSetting,
                "/locale",
                text!(
                    "未知的语言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "未知的語言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "unknown locale {shown:?} (use zh-CN, zh-TW or en)",
                ),
            )
        })?,
    };
    run(input, locale).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn method_name(m: Method) -> Text {
    match m {
        Method::Equal => Text::new("平均分配", "平均分配", "equal split"),
        Method::Weights => Text::new("按权重", "按權重", "by weights"),
        Method::History => Text::new("按历史占比", "按歷史佔比", "by last period's actuals"),
        Method::WorkingDays => Text::new("按工作日", "按工作日", "by working days"),
        Method::Capacity => Text::new("按产能", "按產能", "by capacity"),
    }
}

/// Reads a per-part list (`weights`, `history`, `capacity`) or the parts' own values.
fn per_part(
    slots: &[Slot],
    list: Option<&Vec<Num>>,
    name: &str,
    own: impl Fn(&PartSpec) -> Option<Num>,
) -> Result<Vec<Decimal>, JixiaoError> {
    let values: Vec<Decimal> = match list {
        Some(list) => {
            if list.len() != slots.len() {
                let (got, want) = (list.len(), slots.len());
                return Err(fail(
                    ErrorCode::InvalidInput,
                    format!("/{name}"),
                    text!(
                        "{name} 有 {got} 项，但共有 {want} 个部分",
                        "{name} 有 {got} 項，但共有 {want} 個部分",
                        "{name} has {got} values but there are {want} parts",
                    ),
                ));
            }
            list.iter().map(|n| n.0).collect()
        }
        None => {
            let mut out = Vec::with_capacity(slots.len());
            for (i, s) in slots.iter().enumerate() {
                match own(&s.spec) {
                    Some(n) => out.push(n.0),
                    None => {
                        return Err(fail(
                            ErrorCode::MissingSetting,
                            format!("/parts/{i}/{name}"),
                            text!(
                                "缺少 {name}：请给出 {name} 列表或每个部分的 {name}",
                                "缺少 {name}：請給出 {name} 列表或每個部分的 {name}",
                                "{name} is missing: give a {name} list or each part's {name}",
                            ),
                        ))
                    }
                }
            }
            out
        }
    };
    for (i, v) in values.iter().enumerate() {
        if v.is_sign_negative() && !v.is_zero() {
            let path = if list.is_some() {
                format!("/{name}/{i}")
            } else {
                format!("/parts/{i}/{name}")
            };
            return Err(fail(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "{name} 不能为负数：{v}",
                    "{name} 不能為負數：{v}",
                    "{name} must not be negative: {v}",
                ),
            ));
        }
    }
    if values.iter().all(Decimal::is_zero) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            format!("/{name}"),
            text!(
                "{name} 全部为 0，无法按比例分解",
                "{name} 全部為 0，無法按比例分解",
                "every {name} is 0: nothing to split in proportion to",
            ),
        ));
    }
    Ok(values)
}

fn bounds(
    slots: &[Slot],
    given: Option<&Bound>,
    name: &str,
    own: impl Fn(&PartSpec) -> Option<Num>,
) -> Result<Vec<Option<Decimal>>, JixiaoError> {
    let mut out: Vec<Option<Decimal>> = match given {
        None => vec![None; slots.len()],
        Some(Bound::One(n)) => vec![Some(n.0); slots.len()],
        Some(Bound::Each(list)) => {
            if list.len() != slots.len() {
                let (got, want) = (list.len(), slots.len());
                return Err(fail(
                    ErrorCode::InvalidInput,
                    format!("/{name}"),
                    text!(
                        "{name} 有 {got} 项，但共有 {want} 个部分",
                        "{name} 有 {got} 項，但共有 {want} 個部分",
                        "{name} has {got} values but there are {want} parts",
                    ),
                ));
            }
            list.iter().map(|n| n.map(|n| n.0)).collect()
        }
    };
    for (slot, b) in slots.iter().zip(out.iter_mut()) {
        if let Some(n) = own(&slot.spec) {
            *b = Some(n.0);
        }
    }
    for (i, b) in out.iter().enumerate() {
        if let Some(v) = b {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    format!("/{name}/{i}"),
                    text!(
                        "{name} 不能为负数：{v}",
                        "{name} 不能為負數：{v}",
                        "{name} must not be negative: {v}"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// `value` rounded to a multiple of `unit`, down (toward zero) or up.
fn to_unit(value: Decimal, unit: Decimal, up: bool) -> Result<Decimal, JixiaoError> {
    let units = div(value, unit)?;
    let whole = if up { units.ceil() } else { units.floor() };
    mul(whole, unit)
}

struct Ctx<'a> {
    locale: Locale,
    places: u32,
    slots: &'a [Slot],
}

impl Ctx<'_> {
    fn money(&self, v: Decimal) -> String {
        format_grouped(v, self.places, RoundingMode::HalfUp)
    }
    fn key(&self, i: usize) -> &str {
        self.slots.get(i).map(|s| s.key.as_str()).unwrap_or_default()
    }
    fn line(&self, t: Text) -> String {
        t.get(self.locale).to_string()
    }
}

fn scale_of(v: Decimal) -> u32 {
    v.normalize().scale()
}

/// Fixes parts at their bounds until the free parts' proportional shares fit (Kiwiel's rule).
fn solve_bounds(
    rest: Decimal,
    free: &[usize],
    weights: &[Decimal],
    lo: &[Option<Decimal>],
    hi: &[Option<Decimal>],
) -> Result<Vec<Option<(Decimal, BoundHit)>>, JixiaoError> {
    let n = weights.len();
    let mut fixed: Vec<Option<(Decimal, BoundHit)>> = vec![None; n];
    let w = |i: usize| weights.get(i).copied().unwrap_or_default();
    for _ in 0..=n {
        let active: Vec<usize> = free
            .iter()
            .copied()
            .filter(|i| fixed.get(*i).is_some_and(Option::is_none))
            .collect();
        if active.is_empty() {
            break;
        }
        let r = sub(rest, sum(fixed.iter().flatten().map(|f| f.0))?)?;
        let total_w = sum(active.iter().map(|i| w(*i)))?;
        let mut over = Decimal::ZERO;
        let mut under = Decimal::ZERO;
        let mut over_parts = Vec::new();
        let mut under_parts = Vec::new();
        for &i in &active {
            // value = r·wᵢ / W, compared as r·wᵢ against bound·W to stay exact
            let rw = mul(r, w(i))?;
            if let Some(h) = hi.get(i).copied().flatten() {
                let hw = mul(h, total_w)?;
                if rw > hw {
                    over = add(over, sub(rw, hw)?)?;
                    over_parts.push((i, h));
                }
            }
            let l = lo.get(i).copied().flatten().unwrap_or_default();
            let lw = mul(l, total_w)?;
            if rw < lw || (total_w.is_zero() && l.is_zero() && r.is_zero()) {
                under = add(under, sub(lw, rw)?)?;
                under_parts.push((i, l));
            }
        }
        if over_parts.is_empty() && under_parts.is_empty() {
            break;
        }
        let (chosen, hit) = if !over_parts.is_empty() && over >= under {
            (over_parts, BoundHit::Max)
        } else {
            (under_parts, BoundHit::Min)
        };
        for (i, v) in chosen {
            if let Some(f) = fixed.get_mut(i) {
                *f = Some((v, hit));
            }
        }
    }
    Ok(fixed)
}

fn run(input: &DecomposeInput, locale: Locale) -> Result<Decomposition, JixiaoError> {
    // ---- parts
    let slots: Vec<Slot> = match (&input.calendar, &input.parts) {
        (Some(_), Some(_)) => {
            return Err(fail(
                ErrorCode::InvalidInput,
                "/parts",
                Text::new(
                    "calendar 与 parts 只能给出其一",
                    "calendar 與 parts 只能給出其一",
                    "give either calendar or parts, not both",
                ),
            ))
        }
        (None, None) => {
            return Err(fail(
                ErrorCode::MissingSetting,
                "/parts",
                Text::new(
                    "缺少 calendar 或 parts：不知道分解到哪些部分",
                    "缺少 calendar 或 parts：不知道分解到哪些部分",
                    "calendar or parts is missing: nothing to split into",
                ),
            ))
        }
        (Some(cal), None) => calendar_slots(cal)?,
        (None, Some(parts)) => {
            let mut out = Vec::with_capacity(parts.len());
            for (i, p) in parts.iter().enumerate() {
                let start = p
                    .start
                    .as_deref()
                    .map(|t| read_date(t, format!("/parts/{i}/start")))
                    .transpose()?;
                let end = p
                    .end
                    .as_deref()
                    .map(|t| read_date(t, format!("/parts/{i}/end")))
                    .transpose()?;
                if let (Some(s), Some(e)) = (start, end) {
                    if e < s {
                        return Err(fail(
                            ErrorCode::InvalidDate,
                            format!("/parts/{i}/end"),
                            text!(
                                "结束日 {e} 早于开始日 {s}",
                                "結束日 {e} 早於開始日 {s}",
                                "end {e} is before start {s}"
                            ),
                        ));
                    }
                }
                out.push(Slot {
                    key: p.key.clone(),
                    start,
                    end,
                    spec: p.clone(),
                });
            }
            out
        }
    };
    if slots.is_empty() {
        return Err(fail(
            ErrorCode::InvalidInput,
            "/parts",
            Text::new(
                "没有可分解的部分",
                "沒有可分解的部分",
                "there are no parts to split into",
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, s) in slots.iter().enumerate() {
        if !seen.insert(s.key.as_str()) {
            let k = &s.key;
            return Err(fail(
                ErrorCode::InvalidInput,
                format!("/parts/{i}/key"),
                text!("部分的键重复：{k}", "部分的鍵重複：{k}", "duplicate part key: {k}"),
            ));
        }
    }
    let n = slots.len();

    // ---- total, uplift, unit
    let base = input.total.0;
    if base <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/total",
            text!(
                "总额应大于 0：{base}",
                "總額應大於 0：{base}",
                "the total must be above 0: {base}"
            ),
        ));
    }
    let total = match input.uplift {
        None => base,
        Some(u) => {
            if u.0 <= Decimal::NEGATIVE_ONE {
                let u = u.0;
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    "/uplift",
                    text!(
                        "上浮比例应大于 -1：{u}",
                        "上浮比例應大於 -1：{u}",
                        "uplift must be above -1: {u}"
                    ),
                ));
            }
            mul(base, add(Decimal::ONE, u.0)?)?
        }
    };
    let unit = input.unit.map_or(Decimal::new(1, 2), |u| u.0);
    if unit <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位应大于 0：{unit}",
                "取整單位應大於 0：{unit}",
                "the unit must be above 0: {unit}"
            ),
        ));
    }
    if unit > total {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位 {unit} 大于总额 {total}",
                "取整單位 {unit} 大於總額 {total}",
                "the unit {unit} is larger than the total {total}",
            ),
        ));
    }

    // ---- weights by method
    let mut days: Option<Vec<u32>> = None;
    let weights: Vec<Decimal> = match input.method {
        Method::Equal => vec![Decimal::ONE; n],
        Method::Weights => per_part(&slots, input.weights.as_ref(), "weights", |p| p.weight)?,
        Method::History => per_part(&slots, input.history.as_ref(), "history", |p| p.history)?,
        Method::Capacity => per_part(&slots, input.capacity.as_ref(), "capacity", |p| p.capacity)?,
        Method::WorkingDays => {
            let mut holidays = BTreeSet::new();
            for (i, t) in input.holidays.iter().enumerate() {
                holidays.insert(read_date(t, format!("/holidays/{i}"))?);
            }
            let mut workdays = BTreeSet::new();
            for (i, t) in input.workdays.iter().enumerate() {
                workdays.insert(read_date(t, format!("/workdays/{i}"))?);
            }
            let mut counts = Vec::with_capacity(n);
            for (i, s) in slots.iter().enumerate() {
                let (Some(start), Some(end)) = (s.start, s.end) else {
                    return Err(fail(
                        ErrorCode::MissingSetting,
                        format!("/parts/{i}/start"),
                        Text::new(
                            "按工作日分解需要每个部分的 start 与 end",
                            "按工作日分解需要每個部分的 start 與 end",
                            "working_days needs each part's start and end",
                        ),
                    ));
                };
                counts.push(working_days(start, end, &holidays, &workdays).unwrap_or_default());
            }
            if counts.iter().all(|c| *c == 0) {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    "/holidays",
                    Text::new(
                        "所有部分的工作日都是 0",
                        "所有部分的工作日都是 0",
                        "no part has a working day",
                    ),
                ));
            }
            let w = counts.iter().map(|c| Decimal::from(*c)).collect();
            days = Some(counts);
            w
        }
    };

    // ---- locked
    let mut locked: Vec<Option<Decimal>> = slots.iter().map(|s| s.spec.locked.map(|n| n.0)).collect();
    for (k, v) in &input.locked {
        match slots.iter().position(|s| &s.key == k) {
            Some(i) => {
                if let Some(l) = locked.get_mut(i) {
                    *l = Some(v.0);
                }
            }
            None => {
                let shown: String = k.chars().take(40).collect();
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    format!("/locked/{}", crate::error::escape_pointer(&shown)),
                    text!(
                        "锁定的部分 {shown} 不存在",
                        "鎖定的部分 {shown} 不存在",
                        "locked part {shown} does not exist",
                    ),
                ));
            }
        }
    }
    for (i, l) in locked.iter().enumerate() {
        if let Some(v) = l {
            if v.is_sign_negative() && !v.is_zero() {
                let k = &slots.get(i).map(|s| s.key.clone()).unwrap_or_default();
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    format!("/locked/{}", crate::error::escape_pointer(k)),
                    text!(
                        "锁定值不能为负数：{v}",
                        "鎖定值不能為負數：{v}",
                        "a locked value must not be negative: {v}"
                    ),
                ));
            }
        }
    }
    let locked_sum = sum(locked.iter().flatten().copied())?;
    let free: Vec<usize> = (0..n).filter(|i| locked.get(*i).is_some_and(Option::is_none)).collect();
    let rest = sub(total, locked_sum)?;
    if rest.is_sign_negative() && !rest.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/locked",
            text!(
                "锁定值合计 {locked_sum} 超过总额 {total}",
                "鎖定值合計 {locked_sum} 超過總額 {total}",
                "the locked values sum to {locked_sum}, more than the total {total}",
            ),
        ));
    }
    if free.is_empty() && !rest.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/locked",
            text!(
                "所有部分都已锁定，但合计 {locked_sum} ≠ 总额 {total}",
                "所有部分都已鎖定，但合計 {locked_sum} ≠ 總額 {total}",
                "every part is locked but they sum to {locked_sum}, not the total {total}",
            ),
        ));
    }

    // ---- bounds, moved inward to the unit
    let mut lo = bounds(&slots, input.min.as_ref(), "min", |p| p.min)?;
    let mut hi = bounds(&slots, input.max.as_ref(), "max", |p| p.max)?;
    for i in 0..n {
        if let Some(l) = lo.get_mut(i) {
            if let Some(v) = *l {
                *l = Some(to_unit(v, unit, true)?);
            }
        }
        if let Some(h) = hi.get_mut(i) {
            if let Some(v) = *h {
                *h = Some(to_unit(v, unit, false)?);
            }
        }
        if let (Some(Some(l)), Some(Some(h))) = (lo.get(i), hi.get(i)) {
            if l > h {
                let k = slots.get(i).map(|s| s.key.clone()).unwrap_or_default();
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    format!("/min/{i}"),
                    text!(
                        "{k} 的下限 {l} 高于上限 {h}（按单位 {unit} 取整后）",
                        "{k} 的下限 {l} 高於上限 {h}（按單位 {unit} 取整後）",
                        "{k}: min {l} is above max {h} (in whole units of {unit})",
                    ),
                ));
            }
        }
    }
    if !free.is_empty() {
        let lo_sum = sum(free.iter().map(|i| lo.get(*i).copied().flatten().unwrap_or_default()))?;
        if lo_sum > rest {
            return Err(fail(
                ErrorCode::InvalidSetting,
                "/min",
                text!(
                    "下限合计 {lo_sum} 超过可分配的 {rest}",
                    "下限合計 {lo_sum} 超過可分配的 {rest}",
                    "the minimums sum to {lo_sum}, more than the {rest} to split",
                ),
            ));
        }
        let capped: Option<Vec<Decimal>> = free.iter().map(|i| hi.get(*i).copied().flatten()).collect();
        if let Some(his) = capped {
            let hi_sum = sum(his)?;
            if hi_sum < rest {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    "/max",
                    text!(
                        "上限合计 {hi_sum} 不足可分配的 {rest}",
                        "上限合計 {hi_sum} 不足可分配的 {rest}",
                        "the maximums sum to {hi_sum}, less than the {rest} to split",
                    ),
                ));
            }
        }
        if free.iter().all(|i| weights.get(*i).is_none_or(Decimal::is_zero)) && lo_sum != rest {
            return Err(fail(
                ErrorCode::InvalidSetting,
                "/parts",
                Text::new(
                    "未锁定的部分权重都是 0，无法分配剩余总额",
                    "未鎖定的部分權重都是 0，無法分配剩餘總額",
                    "every unlocked part has weight 0: the rest of the total cannot be spread",
                ),
            ));
        }
    }
    let fixed = solve_bounds(rest, &free, &weights, &lo, &hi)?;

    // ---- split what the bounds leave over the free parts
    let mut values: Vec<Decimal> = vec![Decimal::ZERO; n];
    for i in 0..n {
        let v = match (locked.get(i).copied().flatten(), fixed.get(i).copied().flatten()) {
            (Some(l), _) => l,
            (None, Some((b, _))) => b,
            (None, None) => Decimal::ZERO,
        };
        if let Some(slot) = values.get_mut(i) {
            *slot = v;
        }
    }
    let active: Vec<usize> = free
        .iter()
        .copied()
        .filter(|i| fixed.get(*i).is_some_and(Option::is_none))
        .collect();
    let to_split = sub(rest, sum(fixed.iter().flatten().map(|f| f.0))?)?;
    let whole = to_unit(to_split, unit, false)?;
    let residual = sub(to_split, whole)?;
    let active_w: Vec<Decimal> = active
        .iter()
        .map(|i| weights.get(*i).copied().unwrap_or_default())
        .collect();
    let w_sum = sum(active_w.iter().copied())?;
    let mut got_unit: Vec<usize> = Vec::new();
    if !active.is_empty() && !w_sum.is_zero() {
        let parts = split_largest_remainder(whole, &active_w, unit).map_err(overflow)?;
        for ((i, w), p) in active.iter().zip(&active_w).zip(parts) {
            let floor = mul(div(mul(whole, *w)?, mul(w_sum, unit)?)?.trunc(), unit)?;
            if p > floor {
                got_unit.push(*i);
            }
            if let Some(v) = values.get_mut(*i) {
                *v = p;
            }
        }
    } else if !whole.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/min",
            Text::new(
                "上下限无法同时满足",
                "上下限無法同時滿足",
                "the bounds cannot all be met",
            ),
        ));
    }
    let mut residual_to: Option<usize> = None;
    if !residual.is_zero() {
        let mut best: Option<usize> = None;
        for &i in &active {
            let v = values.get(i).copied().unwrap_or_default();
            let room = match hi.get(i).copied().flatten() {
                Some(h) => add(v, residual)? <= h,
                None => true,
            };
            if room && best.is_none_or(|b| values.get(b).is_some_and(|bv| v > *bv)) {
                best = Some(i);
            }
        }
        let Some(b) = best else {
            return Err(fail(
                ErrorCode::InvalidSetting,
                "/max",
                text!(
                    "不足一个单位的余数 {residual} 无处可放：每个部分都已到上限",
                    "不足一個單位的餘數 {residual} 無處可放：每個部分都已到上限",
                    "the remainder {residual} below one unit has nowhere to go: every part is at its max",
                ),
            ));
        };
        if let Some(v) = values.get_mut(b) {
            *v = add(*v, residual)?;
        }
        residual_to = Some(b);
    }

    // ---- check: the sum and the bounds (defence in depth; the steps above guarantee them)
    if sum(values.iter().copied())? != total {
        return Err(fail(
            ErrorCode::Internal,
            "",
            Text::new(
                "分解结果与总额不符",
                "分解結果與總額不符",
                "the parts do not sum to the total",
            ),
        ));
    }
    for &i in &free {
        let v = values.get(i).copied().unwrap_or_default();
        let below = lo.get(i).copied().flatten().is_some_and(|l| v < l);
        let above = hi.get(i).copied().flatten().is_some_and(|h| v > h);
        if below || above {
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("/{}/{i}", if below { "min" } else { "max" }),
                Text::new(
                    "上下限无法同时满足",
                    "上下限無法同時滿足",
                    "the bounds cannot all be met",
                ),
            ));
        }
    }

    // ---- output and explanation
    let places = values
        .iter()
        .map(|v| scale_of(*v))
        .chain([scale_of(unit), scale_of(total)])
        .max()
        .unwrap_or(2)
        .min(28);
    let ctx = Ctx {
        locale,
        places,
        slots: &slots,
    };
    let mut lines = Vec::new();
    let (tb, tt) = (ctx.money(base), ctx.money(total));
    match input.uplift {
        Some(u) => {
            let pct = format_percent(u.0, 2, RoundingMode::HalfUp);
            lines.push(ctx.line(text!(
                "目标总额 {tb} ×（1 + 上浮 {pct}）= {tt}",
                "目標總額 {tb} ×（1 + 上浮 {pct}）= {tt}",
                "Total {tb} × (1 + uplift {pct}) = {tt}",
            )));
        }
        None => lines.push(ctx.line(text!("目标总额 {tt}", "目標總額 {tt}", "Total {tt}"))),
    }
    let mname = method_name(input.method);
    let (mcn, mtw, men) = (&mname.zh_cn, &mname.zh_tw, &mname.en);
    lines.push(ctx.line(text!(
        "方法：{mcn}，共 {n} 个部分",
        "方法：{mtw}，共 {n} 個部分",
        "Method: {men}, {n} parts",
    )));
    if locked.iter().any(Option::is_some) {
        let names: Vec<String> = locked
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.map(|v| format!("{} = {}", ctx.key(i), ctx.money(v))))
            .collect();
        let (list, r, f) = (names.join(", "), ctx.money(rest), free.len());
        lines.push(ctx.line(text!(
            "锁定：{list}；剩余 {r} 分给 {f} 个未锁定部分",
            "鎖定：{list}；剩餘 {r} 分給 {f} 個未鎖定部分",
            "Locked: {list}; the rest {r} goes to the {f} unlocked parts",
        )));
    }
    let free_w = sum(free.iter().map(|i| weights.get(*i).copied().unwrap_or_default()))?;
    for &i in &free {
        let k = ctx.key(i);
        let w = weights.get(i).copied().unwrap_or_default();
        let share = if free_w.is_zero() {
            Decimal::ZERO
        } else {
            div(w, free_w)?
        };
        let pct = format_percent(share, 2, RoundingMode::HalfUp);
        let exact = format_grouped(mul(rest, share)?, places.max(2), RoundingMode::HalfUp);
        let what = match (input.method, days.as_ref().and_then(|d| d.get(i))) {
            (Method::WorkingDays, Some(d)) => {
                let all = days.as_ref().map_or(0, |d| {
                    free.iter()
                        .filter_map(|j| d.get(*j))
                        .fold(0u32, |a, b| a.saturating_add(*b))
                });
                text!("{d} 天 ÷ {all} 天", "{d} 天 ÷ {all} 天", "{d} days ÷ {all} days")
            }
            (Method::Equal, _) => {
                let f = free.len();
                text!("1 ÷ {f}", "1 ÷ {f}", "1 ÷ {f}")
            }
            _ => {
                let (a, b) = (crate::numbers::format_plain(w), crate::numbers::format_plain(free_w));
                text!("{a} ÷ {b}", "{a} ÷ {b}", "{a} ÷ {b}")
            }
        };
        let (wcn, wtw, wen) = (&what.zh_cn, &what.zh_tw, &what.en);
        lines.push(ctx.line(text!(
            "{k}：{wcn} = {pct}，{exact}",
            "{k}：{wtw} = {pct}，{exact}",
            "{k}: {wen} = {pct}, {exact}",
        )));
    }
    for &i in &free {
        if let Some((b, hit)) = fixed.get(i).copied().flatten() {
            let (k, bv) = (ctx.key(i), ctx.money(b));
            lines.push(ctx.line(match hit {
                BoundHit::Min => text!(
                    "{k} 低于下限，取下限 {bv}，其余重新分配",
                    "{k} 低於下限，取下限 {bv}，其餘重新分配",
                    "{k} is below its min: set to {bv}, the rest re-spread",
                ),
                BoundHit::Max => text!(
                    "{k} 高于上限，取上限 {bv}，其余重新分配",
                    "{k} 高於上限，取上限 {bv}，其餘重新分配",
                    "{k} is above its max: set to {bv}, the rest re-spread",
                ),
            }));
        }
    }
    let u = crate::numbers::format_plain(unit);
    let who: Vec<&str> = got_unit.iter().map(|i| ctx.key(*i)).collect();
    let count = who.len();
    if who.is_empty() {
        lines.push(ctx.line(text!(
            "每个部分取 {u} 的整数倍（去尾），没有剩余单位",
            "每個部分取 {u} 的整數倍（去尾），沒有剩餘單位",
            "Each part rounded down to a multiple of {u}; no units left over",
        )));
    } else {
        let list = who.join(", ");
        lines.push(ctx.line(text!(
            "每个部分取 {u} 的整数倍（去尾），剩余 {count} 个单位按最大余数分给：{list}",
            "每個部分取 {u} 的整數倍（去尾），剩餘 {count} 個單位按最大餘數分給：{list}",
            "Each part rounded down to a multiple of {u}; the {count} units left over go by largest remainder to: {list}",
        )));
    }
    if let Some(b) = residual_to {
        let (k, r) = (ctx.key(b), crate::numbers::format_plain(residual));
        lines.push(ctx.line(text!(
            "不足一个单位的余数 {r} 给最大的部分 {k}",
            "不足一個單位的餘數 {r} 給最大的部分 {k}",
            "The remainder {r} below one unit goes to the largest part, {k}",
        )));
    }
    lines.push(ctx.line(text!("合计 {tt}", "合計 {tt}", "Sum {tt}")));

    let mut parts = Vec::with_capacity(n);
    for (i, slot) in slots.iter().enumerate() {
        let v = values.get(i).copied().unwrap_or_default();
        parts.push(DecomposedPart {
            key: slot.key.clone(),
            value: format_fixed(v, places, RoundingMode::HalfUp),
            share: format_fixed(div(v, total)?, 4, RoundingMode::HalfUp),
            start: slot.start.map(|d| d.to_string()),
            end: slot.end.map(|d| d.to_string()),
            working_days: days.as_ref().and_then(|d| d.get(i).copied()),
            locked: locked.get(i).is_some_and(Option::is_some),
            bound: fixed.get(i).copied().flatten().map(|f| f.1),
        });
    }
    Ok(Decomposition {
        total: format_fixed(total, places, RoundingMode::HalfUp),
        unit: crate::numbers::format_plain(unit),
        method: input.method,
        parts,
        explain: DecomposeExplain { lines },
    })
}

// ---------------------------------------------------------------- replan

/// One part of a [`ReplanInput`]: its old target, what was achieved, and whether it is over.
///
/// ```
/// let p: jixiao::ReplanPartInput = serde_json::from_str(r#"{"key":"2025-Q1","target":"100万","actual":"80万","closed":true}"#).unwrap();
/// assert_eq!(p.closed, Some(true));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplanPartInput {
    /// The part's key; a period key (`2025-Q1`, `2025-01`, `2025-W01`, `2025-01-W1`) lets
    /// `asOf` decide whether it is closed.
    pub key: String,
    /// The old target.
    pub target: Num,
    /// The actual so far (required for closed parts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Num>,
    /// Whether the period is over; when absent, a period key that ends before `asOf` is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
}

/// The input of [`replan`] (目标调整, SPEC §5).
///
/// ```
/// let i: jixiao::ReplanInput = serde_json::from_str(r#"{"total":100,"parts":[{"key":"A","target":50}],"asOf":"2025-04-01"}"#).unwrap();
/// assert_eq!(i.as_of.as_deref(), Some("2025-04-01"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplanInput {
    /// The total to reach over all parts.
    pub total: Num,
    /// The parts, in order.
    pub parts: Vec<ReplanPartInput>,
    /// The day of the replan: periods ending before it are closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Every new open target is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// `zh-CN` (default), `zh-TW` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Where the closed parts leave the plan.
///
/// ```
/// assert_eq!(serde_json::to_string(&jixiao::ReplanStatus::Exceeded).unwrap(), "\"exceeded\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ReplanStatus {
    /// Closed actuals equal closed targets.
    OnTrack,
    /// Closed actuals fell short: open targets go up.
    Behind,
    /// Closed actuals beat their targets: open targets go down.
    Ahead,
    /// The closed actuals alone reach the total: every open target is 0.
    Exceeded,
}

/// One part of a [`Replan`].
///
/// ```
/// let out = jixiao::replan_json(r#"{"total":300,"unit":1,"parts":[{"key":"A","target":100,"actual":70,"closed":true},{"key":"B","target":100},{"key":"C","target":100}]}"#).unwrap();
/// let r: jixiao::Replan = serde_json::from_str(&out).unwrap();
/// assert_eq!(r.parts[1].change, "15");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ReplanPart {
    /// The part's key.
    pub key: String,
    /// Whether it is closed.
    pub closed: bool,
    /// The old target.
    pub old_target: String,
    /// The actual, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The new target: the actual for a closed part, a share of what remains for an open one.
    pub target: String,
    /// target − old target.
    pub change: String,
}

/// The result of [`replan`]: the gap so far and the new targets, which sum exactly to the
/// total (or, when the closed actuals already exceed it, to those actuals).
///
/// ```
/// let out = jixiao::replan_json(r#"{"total":100,"unit":1,"parts":[{"key":"A","target":50,"actual":120,"closed":true},{"key":"B","target":50}]}"#).unwrap();
/// let r: jixiao::Replan = serde_json::from_str(&out).unwrap();
/// assert_eq!(r.status, jixiao::ReplanStatus::Exceeded);
/// assert_eq!(r.parts[1].target, "0");
/// assert_eq!(r.remaining, "0");
/// assert_eq!(r.surplus, "20");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Replan {
    /// The total.
    pub total: String,
    /// Σ old targets of the closed parts.
    pub closed_target: String,
    /// Σ actuals of the closed parts.
    pub closed_actual: String,
    /// closed target − closed actual: positive when behind, negative when ahead.
    pub gap: String,
    /// total − closed actual, spread over the open parts (0 when exceeded).
    pub remaining: String,
    /// closed actual − total when it is above the total, else 0.
    pub surplus: String,
    /// On track, behind, ahead or exceeded.
    pub status: ReplanStatus,
    /// The parts, in order.
    pub parts: Vec<ReplanPart>,
    /// The explanation.
    pub explain: DecomposeExplain,
}

/// The last day of a period key written by [`decompose`] for a calendar year
/// (`2025-Q1`, `2025-01`, `2025-W01`, `2025-01-W1`).
fn period_end(key: &str) -> Option<Date> {
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

/// Reads a JSON text, replans it and writes the result as JSON (the wasm binding's entry).
///
/// ```
/// let out = jixiao::replan_json(r#"{"total":400,"unit":1,"asOf":"2025-04-01","parts":[
///   {"key":"2025-Q1","target":100,"actual":60},{"key":"2025-Q2","target":100},
///   {"key":"2025-Q3","target":100},{"key":"2025-Q4","target":100}]}"#).unwrap();
/// assert!(out.contains(r#""gap":"40""#));
/// ```
pub fn replan_json(json: &str) -> Result<String, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        fail(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    })?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let input: ReplanInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for seg in e.path().iter() {
            path.push('/');
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => path.push_str(&crate::error::escape_pointer(key)),
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        let mut err = fail(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        );
        err.localize(locale);
        err
    })?;
    let out = replan(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        )
    })
}

/// Replans targets mid-year (目标调整, SPEC §5): closed parts keep their actuals; what
/// remains of the total after those actuals is spread over the open parts in proportion
/// to their old targets (equally when every open target is 0), each a multiple of `unit`
/// by largest remainder. Actuals of open parts are shown, not subtracted: an open
/// period's target still covers the whole period. When the closed actuals already reach
/// the total, the status is `exceeded`, every open target is 0 (never negative) and
/// `surplus` says by how much.
///
/// ```
/// let input: jixiao::ReplanInput = serde_json::from_str(r#"{"total":300,"unit":1,"parts":[
///   {"key":"A","target":100,"actual":130,"closed":true},{"key":"B","target":100},{"key":"C","target":100}]}"#).unwrap();
/// let r = jixiao::replan(&input).unwrap();
/// assert_eq!(r.status, jixiao::ReplanStatus::Ahead);
/// assert_eq!(r.gap, "-30");
/// assert_eq!((r.parts[1].target.as_str(), r.parts[2].target.as_str()), ("85", "85"));
/// ```
pub fn replan(input: &ReplanInput) -> Result<Replan, JixiaoError> {
    let locale = match &input.locale {
        None => Locale::default(),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            fail(
                ErrorCode::InvalidSetting,
                "/locale",
                text!(
                    "未知的语言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "未知的語言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "unknown locale {shown:?} (use zh-CN, zh-TW or en)",
                ),
            )
        })?,
    };
    run_replan(input, locale).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn run_replan(input: &ReplanInput, locale: Locale) -> Result<Replan, JixiaoError> {
    let n = input.parts.len();
    if n == 0 {
        return Err(fail(
            ErrorCode::InvalidInput,
            "/parts",
            Text::new("没有可调整的部分", "沒有可調整的部分", "there are no parts to replan"),
        ));
    }
    let total = input.total.0;
    if total.is_sign_negative() && !total.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/total",
            text!(
                "总额不能为负数：{total}",
                "總額不能為負數：{total}",
                "the total must not be negative: {total}"
            ),
        ));
    }
    let unit = input.unit.map_or(Decimal::new(1, 2), |u| u.0);
    if unit <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位应大于 0：{unit}",
                "取整單位應大於 0：{unit}",
                "the unit must be above 0: {unit}"
            ),
        ));
    }
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| read_date(t, "/asOf".to_string()))
        .transpose()?;
    let mut seen = BTreeSet::new();
    let mut closed = Vec::with_capacity(n);
    for (i, p) in input.parts.iter().enumerate() {
        if !seen.insert(p.key.as_str()) {
            let k = &p.key;
            return Err(fail(
                ErrorCode::InvalidInput,
                format!("/parts/{i}/key"),
                text!("部分的键重复：{k}", "部分的鍵重複：{k}", "duplicate part key: {k}"),
            ));
        }
        if p.target.0.is_sign_negative() && !p.target.0.is_zero() {
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("/parts/{i}/target"),
                Text::new("目标不能为负数", "目標不能為負數", "a target must not be negative"),
            ));
        }
        let is_closed = match (p.closed, as_of) {
            (Some(c), _) => c,
            (None, None) => false,
            (None, Some(day)) => {
                let end = period_end(&p.key).ok_or_else(|| {
                    let k: String = p.key.chars().take(40).collect();
                    fail(
                        ErrorCode::InvalidDate,
                        format!("/parts/{i}/key"),
                        text!(
                            "无法从键 {k} 判断期间是否结束：请给出 closed",
                            "無法從鍵 {k} 判斷期間是否結束：請給出 closed",
                            "cannot tell from the key {k} whether the period is over: give closed",
                        ),
                    )
                })?;
                end < day
            }
        };
        if is_closed && p.actual.is_none() {
            let k = &p.key;
            return Err(fail(
                ErrorCode::MissingSetting,
                format!("/parts/{i}/actual"),
                text!(
                    "已结束的部分 {k} 缺少实际值",
                    "已結束的部分 {k} 缺少實際值",
                    "closed part {k} has no actual",
                ),
            ));
        }
        closed.push(is_closed);
    }
    let parts = &input.parts;
    let is_closed = |i: usize| closed.get(i).copied().unwrap_or(false);
    let closed_target = sum((0..n)
        .filter(|i| is_closed(*i))
        .filter_map(|i| parts.get(i))
        .map(|p| p.target.0))?;
    let closed_actual = sum((0..n)
        .filter(|i| is_closed(*i))
        .filter_map(|i| parts.get(i))
        .map(|p| p.actual.map(|a| a.0).unwrap_or_default()))?;
    let gap = sub(closed_target, closed_actual)?;
    let left = sub(total, closed_actual)?;
    let exceeded = left < Decimal::ZERO || (left.is_zero() && closed_actual > Decimal::ZERO);
    let remaining = if left < Decimal::ZERO { Decimal::ZERO } else { left };
    let surplus = if left < Decimal::ZERO {
        sub(Decimal::ZERO, left)?
    } else {
        Decimal::ZERO
    };
    let open: Vec<usize> = (0..n).filter(|i| !is_closed(*i)).collect();
    let mut new_targets: Vec<Decimal> = (0..n)
        .map(|i| match parts.get(i) {
            Some(p) if is_closed(i) => p.actual.map(|a| a.0).unwrap_or_default(),
            _ => Decimal::ZERO,
        })
        .collect();
    let mut residual_to = None;
    if !open.is_empty() && !remaining.is_zero() {
        let mut ws: Vec<Decimal> = open
            .iter()
            .map(|i| parts.get(*i).map(|p| p.target.0).unwrap_or_default())
            .collect();
        if ws.iter().all(Decimal::is_zero) {
            ws = vec![Decimal::ONE; open.len()];
        }
        let whole = to_unit(remaining, unit, false)?;
        let residual = sub(remaining, whole)?;
        let split = if whole.is_zero() {
            vec![Decimal::ZERO; open.len()]
        } else {
            split_largest_remainder(whole, &ws, unit).map_err(overflow)?
        };
        let mut best: Option<usize> = None;
        for (j, (i, v)) in open.iter().zip(split).enumerate() {
            if let Some(t) = new_targets.get_mut(*i) {
                *t = v;
            }
            if best.is_none_or(|b| new_targets.get(*i) > open.get(b).and_then(|bi| new_targets.get(*bi))) {
                best = Some(j);
            }
        }
        if !residual.is_zero() {
            if let Some(i) = best.and_then(|b| open.get(b)).copied() {
                if let Some(t) = new_targets.get_mut(i) {
                    *t = add(*t, residual)?;
                }
                residual_to = Some(i);
            }
        }
    } else if open.is_empty() && !remaining.is_zero() {
        // every part closed and the total not reached: nothing left to plan; reported as behind
    }
    let status = if exceeded {
        ReplanStatus::Exceeded
    } else if gap > Decimal::ZERO {
        ReplanStatus::Behind
    } else if gap < Decimal::ZERO {
        ReplanStatus::Ahead
    } else {
        ReplanStatus::OnTrack
    };

    let places = parts
        .iter()
        .flat_map(|p| [Some(p.target.0), p.actual.map(|a| a.0)])
        .flatten()
        .chain(new_targets.iter().copied())
        .map(scale_of)
        .chain([scale_of(unit), scale_of(total)])
        .max()
        .unwrap_or(2)
        .min(28);
    let fmt = |v: Decimal| format_fixed(v, places, RoundingMode::HalfUp);
    let g = |v: Decimal| format_grouped(v, places, RoundingMode::HalfUp);
    let line = |t: Text| t.get(locale).to_string();
    let mut lines = Vec::new();
    let (tt, ct, ca, gp, rm) = (g(total), g(closed_target), g(closed_actual), g(gap), g(remaining));
    let nc = n.saturating_sub(open.len());
    lines.push(line(text!(
        "目标总额 {tt}；已结束 {nc} 个部分：目标 {ct}，实际 {ca}，差距 {gp}",
        "目標總額 {tt}；已結束 {nc} 個部分：目標 {ct}，實際 {ca}，差距 {gp}",
        "Total {tt}; {nc} closed parts: target {ct}, actual {ca}, gap {gp}",
    )));
    let no = open.len();
    if exceeded {
        let sp = g(surplus);
        lines.push(line(text!(
            "已完成 {ca}，超出总额 {sp}：{no} 个未结束部分的目标为 0",
            "已完成 {ca}，超出總額 {sp}：{no} 個未結束部分的目標為 0",
            "Already {ca}, {sp} above the total: the {no} open parts' targets are 0",
        )));
    } else {
        lines.push(line(text!(
            "剩余 {rm} 按原目标比例分给 {no} 个未结束部分（取 {unit} 的整数倍，余数按最大余数）",
            "剩餘 {rm} 按原目標比例分給 {no} 個未結束部分（取 {unit} 的整數倍，餘數按最大餘數）",
            "The remaining {rm} goes to the {no} open parts in proportion to their old targets (multiples of {unit}, leftover units by largest remainder)",
        )));
    }
    if let Some(i) = residual_to {
        let k = parts.get(i).map(|p| p.key.as_str()).unwrap_or_default();
        lines.push(line(text!(
            "不足一个单位的余数给最大的部分 {k}",
            "不足一個單位的餘數給最大的部分 {k}",
            "The remainder below one unit goes to the largest part, {k}",
        )));
    }
    let mut out_parts = Vec::with_capacity(n);
    for (i, p) in parts.iter().enumerate() {
        let t = new_targets.get(i).copied().unwrap_or_default();
        let change = sub(t, p.target.0)?;
        let (k, ot, nt, ch) = (&p.key, g(p.target.0), g(t), g(change));
        lines.push(line(if is_closed(i) {
            text!(
                "{k}：已结束，目标 {ot} → 实际 {nt}",
                "{k}：已結束，目標 {ot} → 實際 {nt}",
                "{k}: closed, target {ot} → actual {nt}",
            )
        } else {
            text!(
                "{k}：目标 {ot} → {nt}（{ch}）",
                "{k}：目標 {ot} → {nt}（{ch}）",
                "{k}: target {ot} → {nt} ({ch})",
            )
        }));
        out_parts.push(ReplanPart {
            key: p.key.clone(),
            closed: is_closed(i),
            old_target: fmt(p.target.0),
            actual: p.actual.map(|a| fmt(a.0)),
            target: fmt(t),
            change: fmt(change),
        });
    }
    Ok(Replan {
        total: fmt(total),
        closed_target: fmt(closed_target),
        closed_actual: fmt(closed_actual),
        gap: fmt(gap),
        remaining: fmt(remaining),
        surplus: fmt(surplus),
        status,
        parts: out_parts,
        explain: DecomposeExplain { lines },
    })
}
