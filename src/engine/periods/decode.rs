//! The head decoded (the input without its shared `people`): the listed periods, each with
//! where its rows, tables and previous results come from, or the calendar shorthand
//! expanded; two names for the same period are refused.

use super::encoded::{not_rows, rows_from, RowsFrom};
use super::name::PeriodName;
use super::{input_error, CalendarBy, Compose, PeriodCalendar, PeriodEntry, PeriodsInput, MAX_PERIODS};
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use serde_json::Value;

/// One listed period, decoded.
pub(super) struct PeriodSpec {
    pub(super) name: PeriodName,
    pub(super) rows: RowsFrom,
    /// Its own raw tables (else the shared ones).
    pub(super) tables: Option<Value>,
    /// Its previous results.
    pub(super) previous: Option<Value>,
}

impl PeriodSpec {
    /// A period listed by name only: the shared rows and tables.
    fn named(name: PeriodName) -> PeriodSpec {
        PeriodSpec {
            name,
            rows: RowsFrom::Shared,
            tables: None,
            previous: None,
        }
    }
}

/// The decoded head.
pub(super) struct Decoded {
    pub(super) periods: Vec<PeriodSpec>,
    /// The shared raw tables.
    pub(super) tables: Option<Value>,
    pub(super) compose: Option<Compose>,
    /// The calendar shorthand's year label (`2025`, `FY2025`).
    pub(super) calendar_label: Option<String>,
}

/// The text of listed period `i` (empty when there is none).
pub(super) fn periods_text(periods: &[PeriodSpec], i: usize) -> &str {
    periods.get(i).map(|p| p.name.text.as_str()).unwrap_or("")
}

/// The listed period a name refers to (any spelling of the same period).
pub(super) fn find_period(periods: &[PeriodSpec], text: &str) -> Option<usize> {
    let name = PeriodName::parse(text)?;
    periods.iter().position(|p| p.name.same(&name))
}

/// Decodes the head (the input without its shared `people`).
pub(super) fn decode_head(head: &Value) -> Result<Decoded, JixiaoError> {
    check_shape(head)?;
    let input: PeriodsInput = decode(head.clone(), "")?;
    if input.people.is_some() {
        return Err(not_rows("people"));
    }
    let (periods, calendar_label) = listed_periods(input.periods)?;
    if periods.is_empty() {
        return Err(JixiaoError::new(
            ErrorCode::MissingSetting,
            "periods",
            Text::new(
                "periods 为空：至少需要一个期间",
                "periods 為空：至少需要一個期間",
                "periods is empty: list at least one period",
            ),
        ));
    }
    check_repeats(&periods)?;
    Ok(Decoded {
        periods,
        tables: input.tables,
        compose: input.compose,
        calendar_label,
    })
}

/// The head is an object, and its `compose` an object (serde would read a list as the
/// struct's fields in order).
fn check_shape(head: &Value) -> Result<(), JixiaoError> {
    if !head.is_object() {
        return Err(input_error(
            "",
            "evaluatePeriods 的输入必须是 { people, periods, compose } 形式的对象".into(),
            "evaluatePeriods 的輸入必須是 { people, periods, compose } 形式的物件".into(),
            "the evaluatePeriods input must be an object like { people, periods, compose }".into(),
        ));
    }
    if head.get("compose").is_some_and(|c| !c.is_object() && !c.is_null()) {
        return Err(input_error(
            "compose",
            "compose 必须是对象，如 { from: \"periods\" }".into(),
            "compose 必須是物件，如 { from: \"periods\" }".into(),
            "compose must be an object such as { from: \"periods\" }".into(),
        ));
    }
    Ok(())
}

/// `periods`: a list of names and entries, or the calendar shorthand (with its label).
fn listed_periods(periods: Value) -> Result<(Vec<PeriodSpec>, Option<String>), JixiaoError> {
    match periods {
        Value::Null => Err(JixiaoError::new(
            ErrorCode::MissingSetting,
            "periods",
            Text::new(
                "缺少 periods（如 [\"2025-Q1\", \"2025-Q2\"] 或 { year: 2025, by: \"quarter\" }）",
                "缺少 periods（如 [\"2025-Q1\", \"2025-Q2\"] 或 { year: 2025, by: \"quarter\" }）",
                "periods is missing (e.g. [\"2025-Q1\", \"2025-Q2\"] or { year: 2025, by: \"quarter\" })",
            ),
        )),
        Value::Array(items) => {
            let n = items.len();
            if n > MAX_PERIODS {
                return Err(JixiaoError::new(
                    ErrorCode::TooLarge,
                    "periods",
                    text!(
                        "期间过多：{n} 个（最多 {MAX_PERIODS} 个）",
                        "期間過多：{n} 個（最多 {MAX_PERIODS} 個）",
                        "too many periods: {n} (at most {MAX_PERIODS})"
                    ),
                ));
            }
            let specs = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| decode_entry(i, item))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((specs, None))
        }
        cal @ Value::Object(_) => {
            let cal: PeriodCalendar = decode(cal, "periods")?;
            let (names, label) = calendar_periods(&cal)?;
            Ok((names.into_iter().map(PeriodSpec::named).collect(), Some(label)))
        }
        _ => Err(input_error(
            "periods",
            "periods 必须是期间列表或 { year, by } 日历".into(),
            "periods 必須是期間清單或 { year, by } 日曆".into(),
            "periods must be a list of periods or a { year, by } calendar".into(),
        )),
    }
}

/// Two names for the same period are a `DUPLICATE_KEY` at the later one.
fn check_repeats(periods: &[PeriodSpec]) -> Result<(), JixiaoError> {
    for (i, p) in periods.iter().enumerate() {
        if let Some(j) = periods.iter().take(i).position(|q| q.name.same(&p.name)) {
            let (text, earlier) = (&p.name.text, periods_text(periods, j));
            return Err(JixiaoError::new(
                ErrorCode::DuplicateKey,
                format!("periods/{i}"),
                text!(
                    "期间 “{text}” 与第 {j} 项 “{earlier}” 重复",
                    "期間「{text}」與第 {j} 項「{earlier}」重複",
                    "the period \"{text}\" repeats periods/{j} (\"{earlier}\")"
                ),
            ));
        }
    }
    Ok(())
}

/// Decodes with serde, an error's path as `a/b/3` under `prefix`.
fn decode<T: serde::de::DeserializeOwned>(value: Value, prefix: &str) -> Result<T, JixiaoError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = prefix.to_string();
        for seg in e.path().iter() {
            let part = match seg {
                serde_path_to_error::Segment::Seq { index } => index.to_string(),
                serde_path_to_error::Segment::Map { key } => escape_pointer(key),
                serde_path_to_error::Segment::Enum { variant } => escape_pointer(variant),
                serde_path_to_error::Segment::Unknown => continue,
            };
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&part);
        }
        let inner = e.into_inner().to_string();
        input_error(
            &path,
            format!("evaluatePeriods 的输入不正确：{inner}"),
            format!("evaluatePeriods 的輸入不正確：{inner}"),
            format!("the evaluatePeriods input is not valid: {inner}"),
        )
    })
}

/// The `INVALID_DATE` of a name that names no period.
fn bad_period(path: &str, text: &str) -> JixiaoError {
    let shown: String = text.chars().take(40).collect();
    JixiaoError::new(
        ErrorCode::InvalidDate,
        path,
        text!(
            "无法识别的期间 “{shown}”（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）",
            "無法識別的期間「{shown}」（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）",
            "cannot read the period \"{shown}\" (e.g. 2025, 2025-Q3, 2025-07, 2025-W05, 2025-07-01)"
        ),
    )
}

/// Reads a period name or fails at `path`.
fn named(text: String, path: &str) -> Result<PeriodName, JixiaoError> {
    PeriodName::parse(&text).ok_or_else(|| bad_period(path, &text))
}

/// One item of the `periods` list: a name (text or number) or a [`PeriodEntry`].
fn decode_entry(i: usize, item: Value) -> Result<PeriodSpec, JixiaoError> {
    let path = format!("periods/{i}");
    match item {
        Value::String(s) => Ok(PeriodSpec::named(named(s, &path)?)),
        Value::Number(n) => Ok(PeriodSpec::named(named(n.to_string(), &path)?)),
        entry @ Value::Object(_) => {
            let e: PeriodEntry = decode(entry, &path)?;
            let period_path = format!("{path}/period");
            let text = e.period.ok_or_else(|| {
                JixiaoError::new(
                    ErrorCode::MissingSetting,
                    period_path.as_str(),
                    text!(
                        "periods 第 {i} 项缺少 period",
                        "periods 第 {i} 項缺少 period",
                        "periods/{i} has no period"
                    ),
                )
            })?;
            let rows = rows_from(e.people, &path)?;
            Ok(PeriodSpec {
                name: named(text, &period_path)?,
                rows,
                tables: e.tables,
                previous: e.previous,
            })
        }
        _ => Err(input_error(
            &path,
            "期间必须是文本（如 \"2025-Q1\"）、数字（2025）或 { period, people } 对象".into(),
            "期間必須是文字（如 \"2025-Q1\"）、數字（2025）或 { period, people } 物件".into(),
            "a period must be a text (\"2025-Q1\"), a number (2025) or a { period, people } object".into(),
        )),
    }
}

/// The periods of the calendar shorthand, and the year's label (`2025`, `FY2025`).
fn calendar_periods(cal: &PeriodCalendar) -> Result<(Vec<PeriodName>, String), JixiaoError> {
    let start = fiscal_start(cal)?;
    let texts: Vec<String> = match cal.by {
        CalendarBy::Quarter => {
            if start != 1 {
                return Err(JixiaoError::new(
                    ErrorCode::Unsupported,
                    "periods/fiscalYearStart",
                    Text::new(
                        "财年季度（FY2025-Q1）还不能作为考核期间；请按月（by: \"month\"）或逐个列出期间",
                        "財年季度（FY2025-Q1）還不能作為考核期間；請按月（by: \"month\"）或逐一列出期間",
                        "fiscal quarters (FY2025-Q1) cannot be evaluation periods yet; use by: \"month\" or list the periods",
                    ),
                ));
            }
            (1..=4).map(|q| format!("{:04}-Q{q}", cal.year)).collect()
        }
        CalendarBy::Month => (0..12u32)
            .map(|k| {
                let m0 = start.saturating_sub(1).saturating_add(k);
                let year = if m0 >= 12 { cal.year.saturating_add(1) } else { cal.year };
                format!("{year:04}-{:02}", (m0 % 12).saturating_add(1))
            })
            .collect(),
    };
    let names = texts
        .iter()
        .map(|t| PeriodName::parse(t).ok_or_else(|| bad_period("periods", t)))
        .collect::<Result<Vec<_>, _>>()?;
    let label = if start == 1 {
        format!("{:04}", cal.year)
    } else {
        format!("FY{:04}", cal.year)
    };
    Ok((names, label))
}

/// The calendar's first month (1‥12), checked with its year (every month in 1‥9999).
fn fiscal_start(cal: &PeriodCalendar) -> Result<u32, JixiaoError> {
    let start = cal.fiscal_year_start.unwrap_or(1);
    if !(1..=12).contains(&start) {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "periods/fiscalYearStart",
            text!(
                "财年起始月 {start} 超出范围（1–12）",
                "財年起始月 {start} 超出範圍（1–12）",
                "fiscalYearStart {start} is out of range (1–12)"
            ),
        ));
    }
    let last_year = if start == 1 {
        cal.year
    } else {
        cal.year.saturating_add(1)
    };
    if !(1..=9999).contains(&cal.year) || last_year > 9999 {
        let year = cal.year;
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "periods/year",
            text!(
                "年份 {year} 超出范围（1–9999）",
                "年份 {year} 超出範圍（1–9999）",
                "the year {year} is out of range (1–9999)"
            ),
        ));
    }
    Ok(start)
}
