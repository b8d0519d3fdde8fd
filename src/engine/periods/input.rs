//! What the caller writes to `evaluatePeriods`: the periods (names, entries with their own
//! rows, or the calendar shorthand) and how to compose them.

use super::period_text;
use crate::scheme::Num;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most periods one call evaluates (more is `TOO_LARGE`).
///
/// ```
/// assert_eq!(jixiao::periods::MAX_PERIODS, 1000);
/// ```
pub const MAX_PERIODS: usize = 1000;

/// What a composite is built from (`compose.from`).
///
/// ```
/// let f: jixiao::periods::ComposeFrom = serde_json::from_str("\"categories\"").unwrap();
/// assert_eq!(f, jixiao::periods::ComposeFrom::Categories);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum ComposeFrom {
    /// The period totals, weighted (default: equal weights).
    #[default]
    Periods,
    /// The category scores, each averaged over the periods, weighted by category.
    Categories,
}

/// What happens when a person has no row in a composed period (`compose.missing`).
///
/// ```
/// let m: jixiao::periods::ComposeMissing = serde_json::from_str("\"zero\"").unwrap();
/// assert_eq!(m, jixiao::periods::ComposeMissing::Zero);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum ComposeMissing {
    /// The period drops out; the other periods' weights are scaled back up (default).
    #[default]
    Renormalize,
    /// The period counts with a total (or category scores) of 0.
    Zero,
    /// The person's composite fails with `MISSING_VALUE`.
    Error,
}

/// How the composite is built (`compose`).
///
/// ```
/// let c: jixiao::periods::Compose = serde_json::from_str(
///     r#"{"from":"categories","weights":{"performance":60,"behavior":20,"ability":20}}"#).unwrap();
/// assert_eq!(c.from, jixiao::periods::ComposeFrom::Categories);
/// assert_eq!(c.weights.unwrap()["performance"].0.to_string(), "60");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Compose {
    /// `periods` (default) or `categories`.
    pub from: ComposeFrom,
    /// The composite's name (`"2025"`); by default the calendar's year, or the one calendar
    /// year every composed period starts in.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "period_text")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub period: Option<String>,
    /// The periods composed (default: the keys of `weights` when composing periods with
    /// weights, else every period listed).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "period_list")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<string | number>"))]
    pub periods: Option<Vec<String>>,
    /// From periods: period → weight (≥ 0, not all 0, any sum; default equal).
    /// From categories: category key → weight (≥ 0, summing to exactly 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Num>"))]
    pub weights: Option<IndexMap<String, Num>>,
    /// A person without a row in a composed period: `renormalize` (default), `zero`, `error`.
    pub missing: ComposeMissing,
    /// Write-back mapping of the composite: column → `id`, `name`, `group`, `role`, `ok`,
    /// `total`, `grade`, `rank`, `groupRank`, `topPercent`, `vetoed`, `veto`, `errors`,
    /// `periods.<period>.<total|weight|weighted>`, `categories.<key>.<score|weight|weighted>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub rows: Option<IndexMap<String, String>>,
}

/// One period of the list, as an object: its own rows, tables or previous results.
///
/// ```
/// let e: jixiao::periods::PeriodEntry = serde_json::from_str(r#"{"period":"2025-Q1","people":[{"工号":"E1"}]}"#).unwrap();
/// assert_eq!(e.period.as_deref(), Some("2025-Q1"));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PeriodEntry {
    /// The period (`2025-Q1`, `2025-01`, `2025`, `2025-W05`); a number is read as its text.
    #[serde(deserialize_with = "period_text")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub period: Option<String>,
    /// This period's own people (instead of the shared `people`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Row[]"))]
    pub people: Option<Value>,
    /// This period's own raw tables (instead of the shared `tables`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Tables"))]
    pub tables: Option<Value>,
    /// This period's previous results, passed to its evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonValue"))]
    pub previous: Option<Value>,
}

/// The calendar step of a [`PeriodCalendar`].
///
/// ```
/// let b: jixiao::periods::CalendarBy = serde_json::from_str("\"quarter\"").unwrap();
/// assert_eq!(b, jixiao::periods::CalendarBy::Quarter);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum CalendarBy {
    /// `2025-01` … `2025-12`.
    Month,
    /// `2025-Q1` … `2025-Q4`.
    Quarter,
}

/// The shorthand `periods: { year: 2025, by: "quarter" }`: every month or quarter of a year.
///
/// ```
/// let c: jixiao::periods::PeriodCalendar = serde_json::from_str(r#"{"year":2025,"by":"month","fiscalYearStart":4}"#).unwrap();
/// assert_eq!(c.fiscal_year_start, Some(4));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodCalendar {
    /// The (fiscal) year: a fiscal year is named by the calendar year it starts in.
    pub year: i32,
    /// `month` or `quarter`.
    pub by: CalendarBy,
    /// The first month of the fiscal year (1‥12, default 1). Fiscal quarters are not
    /// evaluation periods yet: with `by: "quarter"` only 1 is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start: Option<u32>,
}

/// The input of `evaluatePeriods`.
///
/// ```
/// let i: jixiao::periods::PeriodsInput = serde_json::from_str(
///     r#"{"people":[],"periods":["2025-Q1","2025-Q2"],"compose":{}}"#).unwrap();
/// assert!(i.periods.is_array() && i.compose.is_some());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PeriodsInput {
    /// The shared people table: used by every period that has no `people` of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Row[]"))]
    pub people: Option<Value>,
    /// Raw tables, passed to every period that has no `tables` of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Tables"))]
    pub tables: Option<Value>,
    /// The periods: a list of names (`"2025-Q1"`, `2025`) or [`PeriodEntry`] objects, or a
    /// [`PeriodCalendar`].
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Array<string | number | PeriodEntry> | PeriodCalendar")
    )]
    pub periods: Value,
    /// How to build the composite (none: the periods only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose: Option<Compose>,
}

/// Reads a list of period names (texts or numbers).
fn period_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(serde::de::Error::custom(format!(
                    "a period must be a text such as \"2025-Q3\", not {other}"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        _ => Err(serde::de::Error::custom("compose.periods must be a list of periods")),
    }
}
