//! Period layering (SPEC §2, seed 002): monthly, quarterly and annual evaluations of the
//! same people in one call, every period's results kept, and a composite (an annual total,
//! say) built from the period totals or from the category scores.
//!
//! Each period is an ordinary evaluation ([`Engine::evaluate_rows`] with `period` set and
//! the same `tables`), so a period's results are exactly what `evaluate` gives. The
//! composite then matches people across the composed periods, weighs, grades (the scheme's
//! bands), ranks (the scheme's method and `groupBy`) and explains. DESIGN.md, "Periods",
//! records the choices.

use super::{input_error, internal, period_text, rank, summarize, tr_colon, Evaluated};
use super::{Decimals, Engine, EvaluateInput, EvaluateOptions};
use crate::compile::{IncentivePlan, Plan, RankKey, RankKeyPlan};
use crate::dates::Date;
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::tr;
use crate::i18n::{Locale, Text};
use crate::numbers::{
    checked_add, checked_div, checked_mul, checked_sub, format_fixed, format_plain, round, NumberError,
};
use crate::output::{with_numbers, CategoryResult, Dec, Explanation, PersonResult, Step, Summary};
use crate::records;
use crate::scheme::Num;
use indexmap::IndexMap;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most periods one call evaluates (more is `TOO_LARGE`).
///
/// ```
/// assert_eq!(jixiao::MAX_PERIODS, 1000);
/// ```
pub const MAX_PERIODS: usize = 1000;

/// The key under which the encoded form refers a period's own rows to a block of `rows`.
const ROWS_KEY: &str = "\u{0}rows";

/// The separator of row blocks in the encoded form (U+001E, never inside JSON text).
const BLOCK_SEPARATOR: char = '\u{1e}';

/// What a composite is built from (`compose.from`).
///
/// ```
/// let f: jixiao::ComposeFrom = serde_json::from_str("\"categories\"").unwrap();
/// assert_eq!(f, jixiao::ComposeFrom::Categories);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let m: jixiao::ComposeMissing = serde_json::from_str("\"zero\"").unwrap();
/// assert_eq!(m, jixiao::ComposeMissing::Zero);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let c: jixiao::Compose = serde_json::from_str(
///     r#"{"from":"categories","weights":{"performance":60,"behavior":20,"ability":20}}"#).unwrap();
/// assert_eq!(c.from, jixiao::ComposeFrom::Categories);
/// assert_eq!(c.weights.unwrap()["performance"].0.to_string(), "60");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let e: jixiao::PeriodEntry = serde_json::from_str(r#"{"period":"2025-Q1","people":[{"工号":"E1"}]}"#).unwrap();
/// assert_eq!(e.period.as_deref(), Some("2025-Q1"));
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PeriodEntry {
    /// The period (`2025-Q1`, `2025-01`, `2025`, `2025-W05`); a number is read as its text.
    #[serde(deserialize_with = "period_text")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub period: Option<String>,
    /// This period's own people (instead of the shared `people`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<Record<string, unknown>>"))]
    pub people: Option<Value>,
    /// This period's own raw tables (instead of the shared `tables`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub tables: Option<Value>,
    /// This period's previous results, passed to its evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub previous: Option<Value>,
}

/// The calendar step of a [`PeriodCalendar`].
///
/// ```
/// let b: jixiao::CalendarBy = serde_json::from_str("\"quarter\"").unwrap();
/// assert_eq!(b, jixiao::CalendarBy::Quarter);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let c: jixiao::PeriodCalendar = serde_json::from_str(r#"{"year":2025,"by":"month","fiscalYearStart":4}"#).unwrap();
/// assert_eq!(c.fiscal_year_start, Some(4));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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
/// let i: jixiao::PeriodsInput = serde_json::from_str(
///     r#"{"people":[],"periods":["2025-Q1","2025-Q2"],"compose":{}}"#).unwrap();
/// assert!(i.periods.is_array() && i.compose.is_some());
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PeriodsInput {
    /// The shared people table: used by every period that has no `people` of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<Record<string, unknown>>"))]
    pub people: Option<Value>,
    /// Raw tables, passed to every period that has no `tables` of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
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

/// One period's evaluation, exactly as `evaluate` gives it, with its name.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_periods(&serde_json::json!({"periods":["2025-Q1"]}), "{\"q\":90}", &Default::default()).unwrap();
/// let p: &jixiao::PeriodOutput = &out.periods[0];
/// assert_eq!((p.period.as_str(), p.results[0].total.unwrap().0.to_string()), ("2025-Q1", "90.00".to_string()));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PeriodOutput {
    /// The period as listed (trimmed).
    pub period: String,
    /// One per row of the period, in row order.
    pub results: Vec<PersonResult>,
    /// Every row error of the period.
    pub errors: Vec<crate::error::JixiaoError>,
    /// Totals of the period.
    pub summary: Summary,
    /// Notes about the period's input.
    pub warnings: Vec<crate::error::JixiaoError>,
    /// Write-back rows, with `options.rows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Array<Record<string, string | number | boolean | null>>")
    )]
    pub rows: Option<Vec<IndexMap<String, Value>>>,
}

/// One composed period of one person's composite.
///
/// `status`: `ok`, `vetoed` (the period's veto applied), `missing` (no row; with
/// `missing: "renormalize"` it drops out, with `"error"` the composite fails),
/// `missing_zero` (no row, counted as 0) or `failed` (the row has errors, or the person
/// appears twice in the period).
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let head = serde_json::json!({"periods":["2025-Q1","2025-Q2"],"compose":{"missing":"zero"}});
/// let out = e.evaluate_periods(&head, "{\"工号\":\"E1\",\"q\":91}", &Default::default()).unwrap();
/// let part: &jixiao::PeriodPart = &out.composite.unwrap().results[0].periods[1];
/// assert_eq!((part.total.unwrap().0.to_string(), part.weighted.unwrap().0.to_string()), ("91.00".into(), "45.50".into()));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PeriodPart {
    /// The period.
    pub period: String,
    /// See above.
    pub status: &'static str,
    /// The person's row in that period (0-based), when there is one.
    pub row: Option<usize>,
    /// The period total (0 for `missing_zero`).
    pub total: Option<Dec>,
    /// The period grade.
    pub grade: Option<String>,
    /// From periods: the effective weight in percent of the composite.
    pub weight: Option<Dec>,
    /// From periods: the part of the composite total (the parts add up to the total).
    pub weighted: Option<Dec>,
}

/// One category of a composite built from categories.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"categories":[{"key":"p","name":"业绩","weight":100}],
///     "indicators":[{"key":"q","category":"p","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let input = serde_json::json!({"periods":["2025-Q1"],"compose":{"from":"categories","weights":{"p":100}}});
/// let out = e.evaluate_periods(&input, "{\"q\":88}", &Default::default()).unwrap();
/// let c: &jixiao::CompositeCategory = &out.composite.unwrap().results[0].categories[0];
/// assert_eq!((c.score.unwrap().0.to_string(), c.periods), ("88.00".into(), 1));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompositeCategory {
    /// The category key.
    pub key: String,
    /// The category name.
    pub name: String,
    /// The mean of the category's score over the periods where it was scored (score places).
    pub score: Option<Dec>,
    /// How many periods the mean is over.
    pub periods: usize,
    /// The effective weight in percent (scaled up when another category has no score).
    pub weight: Option<Dec>,
    /// The category's part of the composite total.
    pub weighted: Option<Dec>,
}

/// The veto behind a vetoed composite: the first composed period (in time) that was vetoed.
///
/// ```
/// let v = jixiao::CompositeVeto { period: "2025-Q2".into(), key: "breach".into(), name: "数据违规".into(), reason: None };
/// assert_eq!(serde_json::to_value(&v).unwrap()["period"], "2025-Q2");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompositeVeto {
    /// The period vetoed.
    pub period: String,
    /// The veto key.
    pub key: String,
    /// The veto name.
    pub name: String,
    /// The reason, when the scheme gives one.
    pub reason: Option<String>,
}

/// One person's composite.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}],
///     "grades":{"type":"bands","bands":[{"grade":"A","min":85},{"grade":"B","min":0}]}}"#).unwrap();
/// let rows = "{\"工号\":\"E1\",\"q\":86}\n{\"工号\":\"E2\",\"q\":70}";
/// let input = serde_json::json!({"periods":["2025-Q1","2025-Q2"],"compose":{}});
/// let out = e.evaluate_periods(&input, rows, &Default::default()).unwrap();
/// let r: &jixiao::CompositeResult = &out.composite.unwrap().results[0];
/// assert_eq!((r.id.as_deref(), r.total.unwrap().0.to_string(), r.grade.as_deref(), r.rank), (Some("E1"), "86.00".into(), Some("A"), Some(1)));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompositeResult {
    /// The id cell (from the person's latest composed period).
    pub id: Option<String>,
    /// The name cell.
    pub name: Option<String>,
    /// The group cell.
    pub group: Option<String>,
    /// The role cell.
    pub role: Option<String>,
    /// False when the composite could not be computed; see `errors`.
    pub ok: bool,
    /// The composite total (the veto score when vetoed).
    pub total: Option<Dec>,
    /// The grade, by the scheme's grade bands.
    pub grade: Option<String>,
    /// Rank among the `ok` composites, by total, with the scheme's ranking method.
    pub rank: Option<u32>,
    /// Rank inside the group (`ranking.groupBy`).
    pub group_rank: Option<u32>,
    /// rank / n over the ranked composites, rate places.
    pub top_percent: Option<Dec>,
    /// Whether a composed period was vetoed.
    pub vetoed: bool,
    /// The veto that applied.
    pub veto: Option<CompositeVeto>,
    /// The composed periods, in time order.
    pub periods: Vec<PeriodPart>,
    /// From categories: the weighted categories, in scheme order.
    pub categories: Vec<CompositeCategory>,
    /// With `explain: true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
    /// Why the composite could not be computed (paths `periods/N/…`).
    pub errors: Vec<crate::error::JixiaoError>,
}

/// The composite layer: one result per person found in the composed periods.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let input = serde_json::json!({"periods":{"year":2025,"by":"quarter"},"compose":{}});
/// let out = e.evaluate_periods(&input, "{\"q\":80}", &Default::default()).unwrap();
/// let c: &jixiao::CompositeOutput = out.composite.as_ref().unwrap();
/// assert_eq!((c.period.as_deref(), c.periods.len(), c.summary.count), (Some("2025"), 4, 1));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompositeOutput {
    /// The composite's name (`"2025"`), when known.
    pub period: Option<String>,
    /// What it is built from.
    pub from: ComposeFrom,
    /// The composed periods, in time order.
    pub periods: Vec<String>,
    /// One per person, in order of first appearance (periods in time order, rows in order).
    pub results: Vec<CompositeResult>,
    /// Every composite error.
    pub errors: Vec<crate::error::JixiaoError>,
    /// Totals over the composites (no payouts: incentives are paid per period).
    pub summary: Summary,
    /// Notes about the composition.
    pub warnings: Vec<crate::error::JixiaoError>,
    /// Write-back rows, with `compose.rows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Array<Record<string, string | number | boolean | null>>")
    )]
    pub rows: Option<Vec<IndexMap<String, Value>>>,
}

/// The whole output of `evaluatePeriods`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_periods(&serde_json::json!({"periods":["2025-01","2025-02"]}), "{\"q\":1}", &Default::default()).unwrap();
/// let o: &jixiao::PeriodsOutput = &out;
/// assert_eq!(o.periods.len(), 2);
/// assert!(o.composite.is_none());
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PeriodsOutput {
    /// Every period, in the order listed.
    pub periods: Vec<PeriodOutput>,
    /// The composite, with `compose`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<CompositeOutput>,
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

// ---------------------------------------------------------------------------------------
// Period names

/// The granularity of a period name, coarse to fine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Grain {
    Year,
    Quarter,
    Month,
    Week,
    Day,
}

impl Grain {
    fn text(self, locale: Locale) -> &'static str {
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
struct PeriodName {
    /// As listed, trimmed.
    text: String,
    start: Date,
    grain: Grain,
    /// The year written in the name (an ISO week's year for weeks).
    year: i32,
    /// The quarter, month or week number (0 for years and days).
    number: u32,
}

impl PeriodName {
    fn parse(text: &str) -> Option<PeriodName> {
        let t = text.trim();
        let start = Date::period_start(t)?;
        let digits = |s: &str| -> Option<u32> {
            if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let (grain, year, number) = if Date::parse(t).is_some() {
            (Grain::Day, start.year, 0)
        } else {
            let u = t.trim_end_matches('月');
            match u.split_once(['-', '/', '年']) {
                None => (Grain::Year, start.year, 0),
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
            }
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
    fn same(&self, other: &PeriodName) -> bool {
        self.grain == other.grain && self.start == other.start
    }

    /// Time order: by first day, the coarser first.
    fn order(&self, other: &PeriodName) -> std::cmp::Ordering {
        (self.start, self.grain).cmp(&(other.start, other.grain))
    }

    /// A short label for explanations (`一季度`, `第一季`, `Q1`), with the year when asked.
    fn label(&self, with_year: bool, locale: Locale) -> String {
        const CN: [&str; 4] = ["一", "二", "三", "四"];
        let y = self.year;
        let n = self.number;
        match self.grain {
            Grain::Year => tr!(locale, "{y} 年", "{y} 年", "{y}"),
            Grain::Quarter => {
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
            Grain::Month => {
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

/// The composite's label in a line of explanation: `2025 年度` / `2025`.
fn composite_label(period: Option<&str>, locale: Locale) -> String {
    match period {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            tr!(locale, "{p} 年度", "{p} 年度", "{p}")
        }
        Some(p) => p.to_string(),
        None => tr!(locale, "综合得分", "綜合得分", "composite"),
    }
}

// ---------------------------------------------------------------------------------------
// Decoding the input

/// Where a period's rows come from.
enum RowsFrom {
    Shared,
    /// A block of the encoded rows.
    Block(usize),
}

/// One listed period, decoded.
struct PeriodSpec {
    name: PeriodName,
    rows: RowsFrom,
    tables: Option<Value>,
    previous: Option<Value>,
}

/// The decoded input.
struct Decoded {
    periods: Vec<PeriodSpec>,
    tables: Option<Value>,
    compose: Option<Compose>,
    /// The calendar shorthand's year label (`2025`, `FY2025`).
    calendar_label: Option<String>,
}

fn localized(mut e: JixiaoError, locale: Locale) -> JixiaoError {
    e.localize(locale);
    e
}

fn error(code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) -> JixiaoError {
    JixiaoError::new(code, path, Text::new(cn, tw, en))
}

/// serde_path_to_error's path as `a/b/3` under `prefix`.
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

fn bad_period(path: &str, text: &str) -> JixiaoError {
    let shown: String = text.chars().take(40).collect();
    error(
        ErrorCode::InvalidDate,
        path,
        format!("无法识别的期间 “{shown}”（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
        format!("無法識別的期間「{shown}」（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
        format!("cannot read the period \"{shown}\" (e.g. 2025, 2025-Q3, 2025-07, 2025-W05, 2025-07-01)"),
    )
}

/// Decodes the head (the input without its shared `people`).
fn decode_head(head: &Value) -> Result<Decoded, JixiaoError> {
    if !head.is_object() {
        return Err(input_error(
            "",
            "evaluatePeriods 的输入必须是 { people, periods, compose } 形式的对象".into(),
            "evaluatePeriods 的輸入必須是 { people, periods, compose } 形式的物件".into(),
            "the evaluatePeriods input must be an object like { people, periods, compose }".into(),
        ));
    }
    if head.get("compose").is_some_and(|c| !c.is_object() && !c.is_null()) {
        // serde would read a list as the struct's fields in order
        return Err(input_error(
            "compose",
            "compose 必须是对象，如 { from: \"periods\" }".into(),
            "compose 必須是物件，如 { from: \"periods\" }".into(),
            "compose must be an object such as { from: \"periods\" }".into(),
        ));
    }
    let input: PeriodsInput = decode(head.clone(), "")?;
    if input.people.is_some() {
        return Err(input_error(
            "people",
            "people 必须是数组（每行一个对象）".into(),
            "people 必須是陣列（每列一個物件）".into(),
            "people must be an array (one object per row)".into(),
        ));
    }
    let mut calendar_label = None;
    let periods = match input.periods {
        Value::Null => {
            return Err(error(
                ErrorCode::MissingSetting,
                "periods",
                "缺少 periods（如 [\"2025-Q1\", \"2025-Q2\"] 或 { year: 2025, by: \"quarter\" }）".into(),
                "缺少 periods（如 [\"2025-Q1\", \"2025-Q2\"] 或 { year: 2025, by: \"quarter\" }）".into(),
                "periods is missing (e.g. [\"2025-Q1\", \"2025-Q2\"] or { year: 2025, by: \"quarter\" })".into(),
            ))
        }
        Value::Array(items) => {
            if items.len() > MAX_PERIODS {
                return Err(error(
                    ErrorCode::TooLarge,
                    "periods",
                    format!("期间过多：{} 个（最多 {MAX_PERIODS} 个）", items.len()),
                    format!("期間過多：{} 個（最多 {MAX_PERIODS} 個）", items.len()),
                    format!("too many periods: {} (at most {MAX_PERIODS})", items.len()),
                ));
            }
            let mut specs = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                specs.push(decode_entry(i, item)?);
            }
            specs
        }
        cal @ Value::Object(_) => {
            let cal: PeriodCalendar = decode(cal, "periods")?;
            let (names, label) = calendar_periods(&cal)?;
            calendar_label = Some(label);
            names
                .into_iter()
                .map(|name| PeriodSpec {
                    name,
                    rows: RowsFrom::Shared,
                    tables: None,
                    previous: None,
                })
                .collect()
        }
        _ => {
            return Err(input_error(
                "periods",
                "periods 必须是期间列表或 { year, by } 日历".into(),
                "periods 必須是期間清單或 { year, by } 日曆".into(),
                "periods must be a list of periods or a { year, by } calendar".into(),
            ))
        }
    };
    if periods.is_empty() {
        return Err(error(
            ErrorCode::MissingSetting,
            "periods",
            "periods 为空：至少需要一个期间".into(),
            "periods 為空：至少需要一個期間".into(),
            "periods is empty: list at least one period".into(),
        ));
    }
    for (i, p) in periods.iter().enumerate() {
        if let Some(j) = periods.iter().take(i).position(|q| q.name.same(&p.name)) {
            return Err(error(
                ErrorCode::DuplicateKey,
                format!("periods/{i}"),
                format!(
                    "期间 “{}” 与第 {j} 项 “{}” 重复",
                    p.name.text,
                    periods_text(&periods, j)
                ),
                format!(
                    "期間「{}」與第 {j} 項「{}」重複",
                    p.name.text,
                    periods_text(&periods, j)
                ),
                format!(
                    "the period \"{}\" repeats periods/{j} (\"{}\")",
                    p.name.text,
                    periods_text(&periods, j)
                ),
            ));
        }
    }
    Ok(Decoded {
        periods,
        tables: input.tables,
        compose: input.compose,
        calendar_label,
    })
}

fn periods_text(periods: &[PeriodSpec], i: usize) -> &str {
    periods.get(i).map(|p| p.name.text.as_str()).unwrap_or("")
}

fn decode_entry(i: usize, item: Value) -> Result<PeriodSpec, JixiaoError> {
    let path = format!("periods/{i}");
    let named = |text: String, path: &str| PeriodName::parse(&text).ok_or_else(|| bad_period(path, &text));
    match item {
        Value::String(s) => Ok(PeriodSpec {
            name: named(s, &path)?,
            rows: RowsFrom::Shared,
            tables: None,
            previous: None,
        }),
        Value::Number(n) => Ok(PeriodSpec {
            name: named(n.to_string(), &path)?,
            rows: RowsFrom::Shared,
            tables: None,
            previous: None,
        }),
        entry @ Value::Object(_) => {
            let e: PeriodEntry = decode(entry, &path)?;
            let period_path = format!("{path}/period");
            let text = e.period.ok_or_else(|| {
                error(
                    ErrorCode::MissingSetting,
                    period_path.as_str(),
                    format!("periods 第 {i} 项缺少 period"),
                    format!("periods 第 {i} 項缺少 period"),
                    format!("periods/{i} has no period"),
                )
            })?;
            let rows = match e.people {
                None => RowsFrom::Shared,
                Some(Value::Object(marker)) if marker.len() == 1 => {
                    match marker
                        .get(ROWS_KEY)
                        .and_then(Value::as_u64)
                        .and_then(|k| usize::try_from(k).ok())
                    {
                        Some(k) => RowsFrom::Block(k),
                        None => return Err(not_rows(&path)),
                    }
                }
                Some(_) => return Err(not_rows(&path)),
            };
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

fn not_rows(path: &str) -> JixiaoError {
    input_error(
        &format!("{path}/people"),
        "people 必须是数组（每行一个对象）".into(),
        "people 必須是陣列（每列一個物件）".into(),
        "people must be an array (one object per row)".into(),
    )
}

/// The periods of the calendar shorthand, and the year's label.
fn calendar_periods(cal: &PeriodCalendar) -> Result<(Vec<PeriodName>, String), JixiaoError> {
    let start = cal.fiscal_year_start.unwrap_or(1);
    if !(1..=12).contains(&start) {
        return Err(error(
            ErrorCode::InvalidSetting,
            "periods/fiscalYearStart",
            format!("财年起始月 {start} 超出范围（1–12）"),
            format!("財年起始月 {start} 超出範圍（1–12）"),
            format!("fiscalYearStart {start} is out of range (1–12)"),
        ));
    }
    let last_year = if start == 1 {
        cal.year
    } else {
        cal.year.saturating_add(1)
    };
    if !(1..=9999).contains(&cal.year) || last_year > 9999 {
        return Err(error(
            ErrorCode::InvalidSetting,
            "periods/year",
            format!("年份 {} 超出范围（1–9999）", cal.year),
            format!("年份 {} 超出範圍（1–9999）", cal.year),
            format!("the year {} is out of range (1–9999)", cal.year),
        ));
    }
    let texts: Vec<String> = match cal.by {
        CalendarBy::Quarter => {
            if start != 1 {
                return Err(error(
                    ErrorCode::Unsupported,
                    "periods/fiscalYearStart",
                    "财年季度（FY2025-Q1）还不能作为考核期间；请按月（by: \"month\"）或逐个列出期间".into(),
                    "財年季度（FY2025-Q1）還不能作為考核期間；請按月（by: \"month\"）或逐一列出期間".into(),
                    "fiscal quarters (FY2025-Q1) cannot be evaluation periods yet; use by: \"month\" or list the periods".into(),
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
    let mut names = Vec::with_capacity(texts.len());
    for t in texts {
        names.push(PeriodName::parse(&t).ok_or_else(|| bad_period("periods", &t))?);
    }
    let label = if start == 1 {
        format!("{:04}", cal.year)
    } else {
        format!("FY{:04}", cal.year)
    };
    Ok((names, label))
}

// ---------------------------------------------------------------------------------------
// The composition plan

/// What the composite weighs: period weights (by position in `composed`) or category weights.
enum Weights {
    Periods(Vec<Decimal>),
    /// (category index in the plan, weight), scheme order.
    Categories(Vec<(usize, Decimal)>),
}

struct ComposePlan {
    /// Indices into the listed periods, in time order.
    composed: Vec<usize>,
    weights: Weights,
    missing: ComposeMissing,
    label: Option<String>,
    rows: Option<IndexMap<String, String>>,
    /// Whether labels need the year (the composed periods span more than one year).
    with_year: bool,
}

fn find_period(periods: &[PeriodSpec], text: &str) -> Option<usize> {
    let name = PeriodName::parse(text)?;
    periods.iter().position(|p| p.name.same(&name))
}

fn compose_plan(
    plan: &Plan,
    periods: &[PeriodSpec],
    compose: Compose,
    calendar_label: Option<String>,
) -> Result<ComposePlan, JixiaoError> {
    let weights_path = "compose/weights";
    // the periods composed, in the order given
    let mut composed: Vec<usize> = Vec::new();
    let explicit_periods = compose.periods.is_some();
    if let Some(list) = &compose.periods {
        if list.is_empty() {
            return Err(error(
                ErrorCode::MissingSetting,
                "compose/periods",
                "compose.periods 为空".into(),
                "compose.periods 為空".into(),
                "compose.periods is empty".into(),
            ));
        }
        for (i, text) in list.iter().enumerate() {
            let path = format!("compose/periods/{i}");
            let Some(k) = find_period(periods, text) else {
                return Err(error(
                    ErrorCode::UnknownKey,
                    path,
                    format!("compose.periods 中的 “{text}” 不在 periods 中"),
                    format!("compose.periods 中的「{text}」不在 periods 中"),
                    format!("\"{text}\" in compose.periods is not one of the periods"),
                ));
            };
            if composed.contains(&k) {
                return Err(error(
                    ErrorCode::DuplicateKey,
                    path,
                    format!("compose.periods 中的 “{text}” 重复"),
                    format!("compose.periods 中的「{text}」重複"),
                    format!("\"{text}\" appears twice in compose.periods"),
                ));
            }
            composed.push(k);
        }
    }
    let weights = match compose.from {
        ComposeFrom::Periods => {
            let mut ws: Vec<Option<Decimal>> = Vec::new();
            if let Some(given) = &compose.weights {
                let mut keyed: Vec<(usize, Decimal)> = Vec::new();
                for (key, w) in given {
                    let path = format!("{weights_path}/{}", escape_pointer(key));
                    let Some(k) = find_period(periods, key) else {
                        return Err(error(
                            ErrorCode::UnknownKey,
                            path,
                            format!("权重中的 “{key}” 不在 periods 中"),
                            format!("權重中的「{key}」不在 periods 中"),
                            format!("the weight \"{key}\" names no listed period"),
                        ));
                    };
                    if keyed.iter().any(|(j, _)| *j == k) {
                        return Err(error(
                            ErrorCode::DuplicateKey,
                            path,
                            format!("期间 “{key}” 有两个权重"),
                            format!("期間「{key}」有兩個權重"),
                            format!("the period \"{key}\" has two weights"),
                        ));
                    }
                    if explicit_periods && !composed.contains(&k) {
                        return Err(error(
                            ErrorCode::UnknownKey,
                            path,
                            format!("期间 “{key}” 有权重，但不在 compose.periods 中"),
                            format!("期間「{key}」有權重，但不在 compose.periods 中"),
                            format!("the period \"{key}\" has a weight but is not in compose.periods"),
                        ));
                    }
                    if w.0.is_sign_negative() && !w.0.is_zero() {
                        return Err(error(
                            ErrorCode::InvalidSetting,
                            path,
                            format!("期间权重不能为负数（{}）", format_plain(w.0)),
                            format!("期間權重不能為負數（{}）", format_plain(w.0)),
                            format!("a period weight cannot be negative ({})", format_plain(w.0)),
                        ));
                    }
                    keyed.push((k, w.0));
                }
                if !explicit_periods {
                    composed = keyed.iter().map(|(k, _)| *k).collect();
                }
                for &k in &composed {
                    match keyed.iter().find(|(j, _)| *j == k) {
                        Some((_, w)) => ws.push(Some(*w)),
                        None => {
                            let text = periods_text(periods, k);
                            return Err(error(
                                ErrorCode::MissingSetting,
                                weights_path,
                                format!("期间 “{text}” 没有权重（给出权重时，每个参与汇总的期间都要有）"),
                                format!("期間「{text}」沒有權重（給出權重時，每個參與彙總的期間都要有）"),
                                format!("the period \"{text}\" has no weight (with weights, every composed period needs one)"),
                            ));
                        }
                    }
                }
                if keyed.iter().all(|(_, w)| w.is_zero()) {
                    return Err(error(
                        ErrorCode::InvalidSetting,
                        weights_path,
                        "期间权重全部为 0".into(),
                        "期間權重全部為 0".into(),
                        "every period weight is 0".into(),
                    ));
                }
            } else {
                if !explicit_periods {
                    composed = (0..periods.len()).collect();
                }
                mixing_check(periods, &composed, "compose/periods")?;
                ws = composed.iter().map(|_| Some(Decimal::ONE)).collect();
            }
            // time order, weights along
            let mut pairs: Vec<(usize, Decimal)> = composed
                .iter()
                .zip(ws)
                .map(|(k, w)| (*k, w.unwrap_or(Decimal::ZERO)))
                .collect();
            sort_by_time(periods, &mut pairs);
            composed = pairs.iter().map(|(k, _)| *k).collect();
            Weights::Periods(pairs.into_iter().map(|(_, w)| w).collect())
        }
        ComposeFrom::Categories => {
            if plan.categories.is_empty() {
                return Err(error(
                    ErrorCode::InvalidSetting,
                    "compose/from",
                    "方案没有维度（categories），不能按维度汇总".into(),
                    "方案沒有維度（categories），不能按維度彙總".into(),
                    "the scheme has no categories to compose from".into(),
                ));
            }
            let Some(given) = &compose.weights else {
                return Err(error(
                    ErrorCode::MissingSetting,
                    weights_path,
                    "按维度汇总需要维度权重，如 { performance: 60, behavior: 20, ability: 20 }".into(),
                    "按維度彙總需要維度權重，如 { performance: 60, behavior: 20, ability: 20 }".into(),
                    "composing from categories needs category weights, e.g. { performance: 60, behavior: 20, ability: 20 }"
                        .into(),
                ));
            };
            let mut cats: Vec<(usize, Decimal)> = Vec::new();
            let mut sum = Decimal::ZERO;
            for (key, w) in given {
                let path = format!("{weights_path}/{}", escape_pointer(key));
                let Some(c) = plan.categories.iter().position(|(k, _)| k == key) else {
                    let known: Vec<&str> = plan.categories.iter().map(|(k, _)| k.as_str()).collect();
                    let known = known.join(", ");
                    return Err(error(
                        ErrorCode::UnknownCategory,
                        path,
                        format!("方案没有维度 “{key}”（有：{known}）"),
                        format!("方案沒有維度「{key}」（有：{known}）"),
                        format!("the scheme has no category \"{key}\" (it has: {known})"),
                    ));
                };
                if w.0.is_sign_negative() && !w.0.is_zero() {
                    return Err(error(
                        ErrorCode::InvalidSetting,
                        path,
                        format!("维度权重不能为负数（{}）", format_plain(w.0)),
                        format!("維度權重不能為負數（{}）", format_plain(w.0)),
                        format!("a category weight cannot be negative ({})", format_plain(w.0)),
                    ));
                }
                sum = checked_add(sum, w.0).map_err(|_| overflow_error(weights_path))?;
                cats.push((c, w.0));
            }
            if sum != Decimal::ONE_HUNDRED {
                let s = format_plain(sum);
                return Err(error(
                    ErrorCode::WeightsSum,
                    weights_path,
                    format!("维度权重之和为 {s}，必须恰好为 100"),
                    format!("維度權重之和為 {s}，必須恰好為 100"),
                    format!("the category weights sum to {s}; they must sum to exactly 100"),
                ));
            }
            cats.sort_by_key(|(c, _)| *c);
            if !explicit_periods {
                composed = (0..periods.len()).collect();
            }
            mixing_check(periods, &composed, "compose/periods")?;
            let mut pairs: Vec<(usize, Decimal)> = composed.iter().map(|k| (*k, Decimal::ZERO)).collect();
            sort_by_time(periods, &mut pairs);
            composed = pairs.iter().map(|(k, _)| *k).collect();
            Weights::Categories(cats)
        }
    };
    if let Some(mapping) = &compose.rows {
        check_composite_mapping(plan, periods, &composed, mapping)?;
    }
    let first_year = composed
        .first()
        .and_then(|k| periods.get(*k))
        .map(|p| p.name.start.year);
    let one_year = composed
        .iter()
        .filter_map(|k| periods.get(*k))
        .all(|p| Some(p.name.start.year) == first_year && p.name.year == p.name.start.year);
    let label = compose.period.or(calendar_label).or_else(|| {
        if one_year {
            first_year.map(|y| format!("{y:04}"))
        } else {
            None
        }
    });
    Ok(ComposePlan {
        composed,
        weights,
        missing: compose.missing,
        label,
        rows: compose.rows,
        with_year: !one_year,
    })
}

fn sort_by_time(periods: &[PeriodSpec], pairs: &mut [(usize, Decimal)]) {
    pairs.sort_by(|(a, _), (b, _)| match (periods.get(*a), periods.get(*b)) {
        (Some(x), Some(y)) => x.name.order(&y.name),
        _ => std::cmp::Ordering::Equal,
    });
}

/// Composing a month with its quarter without weights would count the month twice.
fn mixing_check(periods: &[PeriodSpec], composed: &[usize], path: &str) -> Result<(), JixiaoError> {
    let mut first: Option<&PeriodName> = None;
    for p in composed.iter().filter_map(|k| periods.get(*k)) {
        match first {
            None => first = Some(&p.name),
            Some(f) if f.grain != p.name.grain => {
                let (a, b) = (&f.text, &p.name.text);
                let (ga, gb) = (f.grain, p.name.grain);
                return Err(error(
                    ErrorCode::InvalidSetting,
                    path,
                    format!(
                        "汇总混合了不同粒度的期间（“{a}” 是{}，“{b}” 是{}），会重复计算；请用 compose.periods 选定一种粒度，或给出各期间的权重",
                        ga.text(Locale::ZhCn),
                        gb.text(Locale::ZhCn)
                    ),
                    format!(
                        "彙總混合了不同粒度的期間（「{a}」是{}，「{b}」是{}），會重複計算；請用 compose.periods 選定一種粒度，或給出各期間的權重",
                        ga.text(Locale::ZhTw),
                        gb.text(Locale::ZhTw)
                    ),
                    format!(
                        "the composition mixes periods of different lengths (\"{a}\" is a {}, \"{b}\" a {}), which counts the same time twice; choose one kind with compose.periods, or give weights",
                        ga.text(Locale::En),
                        gb.text(Locale::En)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

const COMPOSITE_TARGETS: [&str; 13] = [
    "id",
    "name",
    "group",
    "role",
    "ok",
    "total",
    "grade",
    "rank",
    "groupRank",
    "topPercent",
    "vetoed",
    "veto",
    "errors",
];

fn check_composite_mapping(
    plan: &Plan,
    periods: &[PeriodSpec],
    composed: &[usize],
    mapping: &IndexMap<String, String>,
) -> Result<(), JixiaoError> {
    for (column, what) in mapping {
        let ok = COMPOSITE_TARGETS.contains(&what.as_str())
            || match what.strip_prefix("periods.").and_then(|r| r.rsplit_once('.')) {
                Some((p, fig)) => {
                    ["total", "weight", "weighted"].contains(&fig)
                        && find_period(periods, p).is_some_and(|k| composed.contains(&k))
                }
                None => match what.split('.').collect::<Vec<_>>().as_slice() {
                    ["categories", key, fig] => {
                        plan.categories.iter().any(|c| c.0 == *key) && ["score", "weight", "weighted"].contains(fig)
                    }
                    _ => false,
                },
            };
        if !ok {
            return Err(input_error(
                &format!("compose/rows/{}", escape_pointer(column)),
                format!("回写列 “{column}” 的取值 “{what}” 无法识别"),
                format!("回寫欄「{column}」的取值「{what}」無法識別"),
                format!("the write-back column \"{column}\" asks for \"{what}\", which is not known"),
            ));
        }
    }
    Ok(())
}

fn overflow_error(path: &str) -> JixiaoError {
    error(
        ErrorCode::Overflow,
        path,
        "数值超出范围".into(),
        "數值超出範圍".into(),
        "a figure is out of range".into(),
    )
}

// ---------------------------------------------------------------------------------------
// Splitting a weighted mean into parts that add up

/// `Σ nums / den` rounded once to `places` (the scheme's mode), and the parts `nums_i / den`
/// each a multiple of 10^-places, floored and the leftover units given to the largest
/// remainders (ties: the earlier part), so the parts sum to the rounded total exactly.
/// `den` must be > 0. Remainders are compared exactly (`nums_i − part_i × den`), so
/// scaling every weight by the same factor changes nothing.
pub(crate) fn split_weighted(
    nums: &[Decimal],
    den: Decimal,
    places: u32,
    mode: crate::numbers::RoundingMode,
) -> Result<(Decimal, Vec<Decimal>), NumberError> {
    if den <= Decimal::ZERO {
        return Err(NumberError::DivisionByZero);
    }
    let unit = Decimal::try_new(1, places).map_err(|_| NumberError::Overflow)?;
    let sum = nums.iter().try_fold(Decimal::ZERO, |a, n| checked_add(a, *n))?;
    let total = round(checked_div(sum, den)?, places, mode);
    let mut parts = Vec::with_capacity(nums.len());
    let mut rems = Vec::with_capacity(nums.len());
    let mut floor_sum = Decimal::ZERO;
    for &n in nums {
        let mut f = checked_div(n, den)?.round_dp_with_strategy(places, RoundingStrategy::ToNegativeInfinity);
        // the quotient is rounded to 28 digits: make the floor exact
        for _ in 0..3 {
            if checked_mul(f, den)? > n {
                f = checked_sub(f, unit)?;
            } else if checked_mul(checked_add(f, unit)?, den)? <= n {
                f = checked_add(f, unit)?;
            } else {
                break;
            }
        }
        let rem = checked_sub(n, checked_mul(f, den)?)?;
        floor_sum = checked_add(floor_sum, f)?;
        parts.push(f);
        rems.push(rem);
    }
    let left = checked_div(checked_sub(total, floor_sum)?, unit)?;
    let mut order: Vec<usize> = (0..nums.len()).collect();
    order.sort_by(|a, b| match (rems.get(*a), rems.get(*b)) {
        (Some(x), Some(y)) => y.cmp(x).then(a.cmp(b)),
        _ => std::cmp::Ordering::Equal,
    });
    let mut k = Decimal::ZERO;
    for i in order {
        if k >= left {
            break;
        }
        if let Some(p) = parts.get_mut(i) {
            *p = checked_add(*p, unit)?;
        }
        k = checked_add(k, Decimal::ONE)?;
    }
    let parts = parts.into_iter().map(|p| round(p, places, mode)).collect();
    Ok((total, parts))
}

// ---------------------------------------------------------------------------------------
// Evaluation

/// One evaluated period with its rows.
struct Ran<'r> {
    spec_index: usize,
    lines: Vec<&'r str>,
    output: crate::output::EvaluateOutput,
}

/// Who a composite result is for.
enum Who {
    /// A key (id, name or row position) and the person's row in each composed period.
    Person(Vec<Option<usize>>, Vec<(usize, usize)>),
    /// A row that cannot be matched (no id or name): (composed position, row).
    Unmatched(usize, usize),
}

impl Engine {
    /// Evaluates the same people over several periods in one call and, with `compose`,
    /// builds a composite (an annual total, say) from the period totals or from the
    /// category scores. `head` is the input without its shared `people`; `rows` holds the
    /// shared rows, one JSON object per line, followed by the blocks of rows of the periods
    /// that have their own (the encoded form: blocks separated by U+001E and referred to by
    /// `periods[i].people = { "\u0000rows": k }`). Every period is evaluated as
    /// `evaluate_rows` would with `period` set and the same `tables`.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let head = serde_json::json!({"periods":["2025-Q1",{"period":"2025-Q2","people":{"\u{0}rows":1}}],
    ///     "compose":{"weights":{"2025-Q1":1,"2025-Q2":3}}});
    /// let rows = "{\"工号\":\"E1\",\"q\":80}\u{1e}{\"工号\":\"E1\",\"q\":90}";
    /// let out = e.evaluate_periods(&head, rows, &Default::default()).unwrap();
    /// assert_eq!(out.composite.unwrap().results[0].total.unwrap().0.to_string(), "87.50");
    /// ```
    pub fn evaluate_periods(
        &self,
        head: &Value,
        rows: &str,
        options: &EvaluateOptions,
    ) -> Result<PeriodsOutput, JixiaoError> {
        let plan = &self.plan;
        let locale = super::options_locale(plan, options)?;
        let decoded = decode_head(head).map_err(|e| localized(e, locale))?;
        let Decoded {
            mut periods,
            tables,
            compose,
            calendar_label,
        } = decoded;
        let compose = match compose {
            Some(c) => Some(compose_plan(plan, &periods, c, calendar_label).map_err(|e| localized(e, locale))?),
            None => None,
        };
        let blocks: Vec<&str> = rows.split(BLOCK_SEPARATOR).collect();
        for (i, p) in periods.iter().enumerate() {
            if let RowsFrom::Block(k) = p.rows {
                if k == 0 || k >= blocks.len() {
                    return Err(localized(not_rows(&format!("periods/{i}")), locale));
                }
            }
        }
        let mut shared = EvaluateInput {
            people: None,
            period: None,
            previous: None,
            tables,
        };
        let mut ran: Vec<Ran> = Vec::with_capacity(periods.len());
        for (i, spec) in periods.iter_mut().enumerate() {
            let block = match spec.rows {
                RowsFrom::Shared => blocks.first().copied().unwrap_or(""),
                RowsFrom::Block(k) => blocks.get(k).copied().unwrap_or(""),
            };
            let output = if spec.tables.is_some() || spec.previous.is_some() {
                let own = EvaluateInput {
                    people: None,
                    period: Some(spec.name.text.clone()),
                    previous: spec.previous.take(),
                    tables: spec.tables.take().or_else(|| shared.tables.clone()),
                };
                self.evaluate_rows(&own, block, options)
            } else {
                shared.period = Some(spec.name.text.clone());
                self.evaluate_rows(&shared, block, options)
            }
            .map_err(|mut e| {
                if e.path.starts_with("options") {
                    return e;
                }
                e.path = if e.path.is_empty() {
                    format!("periods/{i}")
                } else {
                    format!("periods/{i}/{}", e.path)
                };
                e
            })?;
            let lines = if block.is_empty() {
                Vec::new()
            } else {
                block.split('\n').collect()
            };
            ran.push(Ran {
                spec_index: i,
                lines,
                output,
            });
        }
        let composite = compose.map(|c| self.composite(&periods, &ran, &c, locale, options.explain));
        Ok(PeriodsOutput {
            periods: ran
                .into_iter()
                .zip(periods.iter())
                .map(|(r, spec)| PeriodOutput {
                    period: spec.name.text.clone(),
                    results: r.output.results,
                    errors: r.output.errors,
                    summary: r.output.summary,
                    warnings: r.output.warnings,
                    rows: r.output.rows,
                })
                .collect(),
            composite,
        })
    }

    /// [`Engine::evaluate_periods`] on one JSON value whose `people` (shared and per
    /// period) are arrays of row objects; returns the output as a JSON value.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"categories":[
    ///     {"key":"performance","name":"业绩","weight":60},{"key":"behavior","name":"行为","weight":40}],
    ///   "indicators":[{"key":"s","category":"performance","weight":60,"actual":{"field":"业绩"},"scoring":{"type":"direct"}},
    ///     {"key":"b","category":"behavior","weight":40,"actual":{"field":"行为"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let input = serde_json::json!({
    ///     "people": [{"工号":"E1","业绩":90,"行为":80}],
    ///     "periods": ["2025-Q1", {"period":"2025-Q2","people":[{"工号":"E1","业绩":70,"行为":100}]}],
    ///     "compose": {"from":"categories","weights":{"performance":50,"behavior":50}}});
    /// let out = e.evaluate_periods_value(&input, &Default::default()).unwrap();
    /// assert_eq!(out["composite"]["results"][0]["total"], "85.00"); // (90+70)/2 × 50% + (80+100)/2 × 50%
    /// ```
    pub fn evaluate_periods_value(&self, input: &Value, options: &EvaluateOptions) -> Result<Value, JixiaoError> {
        let (head, rows) = encode_periods_input(input);
        let out = self.evaluate_periods(&head, &rows, options)?;
        with_numbers(options.decimals == Decimals::Number, || serde_json::to_value(&out)).map_err(internal)
    }

    /// The encoded form the JS package sends (see [`Engine::evaluate_periods`]): the head
    /// as JSON text, the rows, and the options as JSON. Returns the output as JSON text.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let json = e.evaluate_periods_encoded(r#"{"periods":[2025],"compose":{}}"#, "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
    /// assert!(json.contains("\"total\":87.3"));
    /// ```
    pub fn evaluate_periods_encoded(&self, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
        let opts = super::read_options("evaluatePeriods", options)?;
        let head_value: Value = if head.trim().is_empty() {
            Value::Object(serde_json::Map::new())
        } else {
            serde_json::from_str(head).map_err(|e| {
                let e = e.to_string();
                error(
                    ErrorCode::InvalidJson,
                    "",
                    format!("evaluatePeriods 的输入不是有效的 JSON：{e}"),
                    format!("evaluatePeriods 的輸入不是有效的 JSON：{e}"),
                    format!("the evaluatePeriods input is not valid JSON: {e}"),
                )
            })?
        };
        let out = self.evaluate_periods(&head_value, rows, &opts)?;
        with_numbers(opts.decimals == Decimals::Number, || serde_json::to_string(&out)).map_err(internal)
    }

    /// Builds the composite layer.
    fn composite(
        &self,
        specs: &[PeriodSpec],
        ran: &[Ran],
        cp: &ComposePlan,
        locale: Locale,
        explain: bool,
    ) -> CompositeOutput {
        let plan = &self.plan;
        // the composed periods' runs, in time order
        let runs: Vec<&Ran> = cp
            .composed
            .iter()
            .filter_map(|k| ran.iter().find(|r| r.spec_index == *k))
            .collect();
        let names: Vec<&PeriodName> = runs
            .iter()
            .filter_map(|r| specs.get(r.spec_index).map(|s| &s.name))
            .collect();
        // match people
        enum KeyKind {
            Id,
            Name,
            Position,
        }
        let kind = if plan.id.is_some() {
            KeyKind::Id
        } else if plan.name.is_some() {
            KeyKind::Name
        } else {
            KeyKind::Position
        };
        let mut people: IndexMap<String, usize> = IndexMap::new();
        let mut whos: Vec<Who> = Vec::new();
        for (pos, run) in runs.iter().enumerate() {
            for (row, r) in run.output.results.iter().enumerate() {
                let key = match kind {
                    KeyKind::Id => r.id.clone(),
                    KeyKind::Name => r.name.clone(),
                    KeyKind::Position => Some(row.to_string()),
                };
                let Some(key) = key else {
                    whos.push(Who::Unmatched(pos, row));
                    continue;
                };
                let w = match people.get(&key) {
                    Some(w) => *w,
                    None => {
                        whos.push(Who::Person(vec![None; runs.len()], Vec::new()));
                        let w = whos.len().saturating_sub(1);
                        people.insert(key, w);
                        w
                    }
                };
                if let Some(Who::Person(rows, dups)) = whos.get_mut(w) {
                    match rows.get_mut(pos) {
                        Some(slot @ None) => *slot = Some(row),
                        Some(Some(_)) => dups.push((pos, row)),
                        None => {}
                    }
                }
            }
        }
        let mut cplan = plan.clone();
        cplan.ranking.by = RankKeyPlan {
            key: RankKey::Total,
            descending: true,
        };
        cplan.ranking.tie_breakers.clear();
        cplan.incentives = IncentivePlan::default();
        let builder = Builder {
            plan,
            runs: &runs,
            names: &names,
            cp,
            locale,
            explain,
        };
        let mut built: Vec<Built> = whos.iter().map(|w| builder.person(w)).collect();
        let mut evaluated: Vec<Evaluated> = built
            .iter_mut()
            .enumerate()
            .map(|(index, b)| Evaluated {
                result: PersonResult {
                    index,
                    id: b.result.id.clone(),
                    name: b.result.name.clone(),
                    group: b.result.group.clone(),
                    role: b.result.role.clone(),
                    ok: b.result.ok,
                    total: b.result.total,
                    grade: b.result.grade.clone(),
                    rank: None,
                    group_rank: None,
                    top_percent: None,
                    vetoed: b.result.vetoed,
                    veto: None,
                    indicators: Vec::new(),
                    categories: Vec::new(),
                    adjustments: Vec::new(),
                    incentives: Vec::new(),
                    payout: None,
                    explain: b.result.explain.take(),
                    errors: Vec::new(),
                },
                keys: vec![b.result.total.map(|d| d.0)],
                group_key: b.group_key.clone(),
                total: b.result.total.map(|d| d.0),
                incentives: None,
            })
            .collect();
        rank(&cplan, &mut evaluated, locale, explain);
        let summary = summarize(&cplan, &evaluated);
        let mut results: Vec<CompositeResult> = Vec::with_capacity(built.len());
        let mut errors = Vec::new();
        for (b, e) in built.into_iter().zip(evaluated) {
            let mut r = b.result;
            r.rank = e.result.rank;
            r.group_rank = e.result.group_rank;
            r.top_percent = e.result.top_percent;
            r.explain = e.result.explain;
            for err in &mut r.errors {
                err.localize(locale);
                errors.push(err.clone());
            }
            results.push(r);
        }
        let mut warnings = Vec::new();
        if !matches!(plan.ranking.by.key, RankKey::Total) || !plan.ranking.by.descending {
            warnings.push(JixiaoError::warning(
                ErrorCode::IgnoredSetting,
                "ranking/by",
                Text::new(
                    "汇总结果按汇总总分排名；方案的 ranking.by 只用于各期间",
                    "彙總結果按彙總總分排名；方案的 ranking.by 只用於各期間",
                    "the composite is ranked by its total; the scheme's ranking.by applies to the periods only",
                ),
            ));
        }
        if !plan.ranking.tie_breakers.is_empty() {
            warnings.push(JixiaoError::warning(
                ErrorCode::IgnoredSetting,
                "ranking/tieBreakers",
                Text::new(
                    "汇总结果不使用 tieBreakers（汇总没有指标得分）；同分按排名方法处理",
                    "彙總結果不使用 tieBreakers（彙總沒有指標得分）；同分按排名方法處理",
                    "the composite does not use tieBreakers (it has no indicator scores); ties follow the ranking method",
                ),
            ));
        }
        for w in &mut warnings {
            w.localize(locale);
        }
        let rows = cp.rows.as_ref().map(|m| composite_rows(&results, m, specs));
        CompositeOutput {
            period: cp.label.clone(),
            from: match cp.weights {
                Weights::Periods(_) => ComposeFrom::Periods,
                Weights::Categories(_) => ComposeFrom::Categories,
            },
            periods: names.iter().map(|n| n.text.clone()).collect(),
            results,
            errors,
            summary,
            warnings,
            rows,
        }
    }
}

/// Splits `{ people: [...], periods: [{ people: [...] }, …], ...rest }` into the encoded
/// head and rows (see [`Engine::evaluate_periods`]).
fn encode_periods_input(input: &Value) -> (Value, String) {
    let Some(obj) = input.as_object() else {
        return (input.clone(), String::new());
    };
    let mut head = obj.clone();
    let lines = |people: &[Value]| people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
    let mut blocks = vec![match head.get("people") {
        Some(Value::Array(people)) => {
            let text = lines(people);
            head.remove("people");
            text
        }
        _ => String::new(),
    }];
    if let Some(Value::Array(entries)) = head.get_mut("periods") {
        for entry in entries.iter_mut() {
            if let Some(Value::Array(people)) = entry.get("people") {
                let text = lines(people);
                let k = blocks.len();
                blocks.push(text);
                if let Some(e) = entry.as_object_mut() {
                    let mut marker = serde_json::Map::new();
                    marker.insert(ROWS_KEY.into(), Value::from(k));
                    e.insert("people".into(), Value::Object(marker));
                }
            }
        }
    }
    (Value::Object(head), blocks.join(&BLOCK_SEPARATOR.to_string()))
}

/// A composite result before ranking.
struct Built {
    result: CompositeResult,
    group_key: Option<String>,
}

struct Builder<'a, 'r> {
    plan: &'a Plan,
    runs: &'a [&'a Ran<'r>],
    names: &'a [&'a PeriodName],
    cp: &'a ComposePlan,
    locale: Locale,
    explain: bool,
}

impl Builder<'_, '_> {
    fn score_text(&self, v: Decimal) -> String {
        format_fixed(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    fn round_score(&self, v: Decimal) -> Decimal {
        round(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    fn label(&self, pos: usize) -> String {
        self.names
            .get(pos)
            .map(|n| n.label(self.cp.with_year, self.locale))
            .unwrap_or_default()
    }

    fn period_text(&self, pos: usize) -> String {
        self.names.get(pos).map(|n| n.text.clone()).unwrap_or_default()
    }

    /// The listed index of a composed position (for error paths).
    fn listed(&self, pos: usize) -> usize {
        self.runs.get(pos).map(|r| r.spec_index).unwrap_or_default()
    }

    fn row(&self, pos: usize, row: usize) -> Option<&PersonResult> {
        self.runs.get(pos).and_then(|r| r.output.results.get(row))
    }

    /// Re-paths a period's row error under `periods/N/`.
    fn repath(&self, pos: usize, e: &JixiaoError) -> JixiaoError {
        let mut e = e.clone();
        let listed = self.listed(pos);
        e.path = if e.path.is_empty() {
            format!("periods/{listed}")
        } else {
            format!("periods/{listed}/{}", e.path)
        };
        e
    }

    fn who_text(&self, id: Option<&String>, name: Option<&String>, fallback: usize) -> String {
        match (id, name) {
            (Some(i), Some(n)) => format!("{n}（{i}）"),
            (Some(i), None) => i.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => tr!(self.locale, "第 {fallback} 行", "第 {fallback} 列", "row {fallback}"),
        }
    }

    fn person(&self, who: &Who) -> Built {
        let plan = self.plan;
        let (slots, dups): (Vec<Option<usize>>, &[(usize, usize)]) = match who {
            Who::Person(rows, dups) => (rows.clone(), dups.as_slice()),
            Who::Unmatched(pos, row) => {
                let mut rows = vec![None; self.runs.len()];
                if let Some(s) = rows.get_mut(*pos) {
                    *s = Some(*row);
                }
                (rows, &[])
            }
        };
        // identity from the latest period where the person has a row
        let latest = slots
            .iter()
            .enumerate()
            .rev()
            .find_map(|(pos, r)| r.and_then(|row| self.row(pos, row).map(|pr| (pos, row, pr))));
        let (id, name, group, role) = match latest {
            Some((_, _, pr)) => (pr.id.clone(), pr.name.clone(), pr.group.clone(), pr.role.clone()),
            None => (None, None, None, None),
        };
        let group_key = latest.and_then(|(pos, row, pr)| self.group_key(pos, row, pr));
        let mut errors: Vec<JixiaoError> = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        if let Who::Unmatched(pos, row) = who {
            if self.row(*pos, *row).is_some_and(|pr| pr.ok) {
                let (field, cn, tw, en) = match (plan.id, plan.name) {
                    (Some(f), _) => (plan.fields.name(f).to_string(), "编号", "編號", "id"),
                    (None, Some(f)) => (plan.fields.name(f).to_string(), "姓名", "姓名", "name"),
                    _ => (String::new(), "编号", "編號", "id"),
                };
                let period = self.period_text(*pos);
                let mut e = error(
                    ErrorCode::MissingValue,
                    format!("rows/{row}/{}", escape_pointer(&field)),
                    format!("{period} 第 {row} 行没有{cn}（{field}），无法与其他期间对应"),
                    format!("{period} 第 {row} 列沒有{tw}（{field}），無法與其他期間對應"),
                    format!("row {row} of {period} has no {en} ({field}) and cannot be matched across periods"),
                );
                e.row = Some(*row);
                e.field = Some(field);
                errors.push(self.repath(*pos, &e));
            }
        }
        let who_text = self.who_text(
            id.as_ref(),
            name.as_ref(),
            latest.map(|(_, r, _)| r).unwrap_or_default(),
        );
        for (pos, row) in dups {
            let period = self.period_text(*pos);
            let first = slots.get(*pos).copied().flatten().unwrap_or_default();
            let mut e = error(
                ErrorCode::DuplicateKey,
                "",
                format!("{who_text} 在 {period} 出现两次（第 {first} 行和第 {row} 行）"),
                format!("{who_text} 在 {period} 出現兩次（第 {first} 列和第 {row} 列）"),
                format!("{who_text} appears twice in {period} (rows {first} and {row})"),
            );
            e.row = Some(*row);
            e.path = format!("rows/{row}");
            errors.push(self.repath(*pos, &e));
        }
        // the parts
        let mut parts: Vec<PeriodPart> = Vec::with_capacity(self.runs.len());
        // per composed position: Some(total) when it counts
        let mut counted: Vec<Option<Decimal>> = Vec::with_capacity(self.runs.len());
        let mut veto: Option<(usize, crate::output::VetoHit)> = None;
        for (pos, slot) in slots.iter().enumerate() {
            let period = self.period_text(pos);
            let duplicated = dups.iter().any(|(p, _)| *p == pos);
            let (status, total, grade) = match slot.and_then(|row| self.row(pos, row).map(|pr| (row, pr))) {
                Some((_, pr)) if pr.ok && !duplicated => {
                    if pr.vetoed && veto.is_none() {
                        if let Some(v) = &pr.veto {
                            veto = Some((pos, v.clone()));
                        }
                    }
                    counted.push(pr.total.map(|t| t.0));
                    (if pr.vetoed { "vetoed" } else { "ok" }, pr.total, pr.grade.clone())
                }
                Some((_, pr)) => {
                    for e in &pr.errors {
                        errors.push(self.repath(pos, e));
                    }
                    counted.push(None);
                    ("failed", pr.total, pr.grade.clone())
                }
                None => match self.cp.missing {
                    ComposeMissing::Zero => {
                        counted.push(Some(Decimal::ZERO));
                        ("missing_zero", Some(Dec(self.round_score(Decimal::ZERO))), None)
                    }
                    ComposeMissing::Renormalize => {
                        counted.push(None);
                        ("missing", None, None)
                    }
                    ComposeMissing::Error => {
                        counted.push(None);
                        errors.push(error(
                            ErrorCode::MissingValue,
                            format!("periods/{}", self.listed(pos)),
                            format!("{who_text} 在 {period} 没有记录"),
                            format!("{who_text} 在 {period} 沒有記錄"),
                            format!("{who_text} has no row in {period}"),
                        ));
                        ("missing", None, None)
                    }
                },
            };
            parts.push(PeriodPart {
                period,
                status,
                row: *slot,
                total,
                grade,
                weight: None,
                weighted: None,
            });
        }
        let mut categories = Vec::new();
        let mut total: Option<Decimal> = None;
        let mut total_line = String::new();
        if errors.is_empty() {
            let computed = match &self.cp.weights {
                Weights::Periods(ws) => self.by_periods(ws, &counted, &mut parts, &mut steps),
                Weights::Categories(cs) => self.by_categories(cs, &slots, &mut categories, &mut steps),
            };
            match computed {
                Ok((t, line)) => {
                    total = Some(t);
                    total_line = line;
                }
                Err(e) => errors.push(e),
            }
        }
        // bounds, veto, grade
        let mut grade = None;
        let mut veto_out = None;
        if let Some(mut t) = total {
            let mut note = String::new();
            if t < plan.total_min {
                t = plan.total_min;
                note = tr!(
                    self.locale,
                    "，不低于 {}",
                    "，不低於 {}",
                    ", not below {}",
                    format_plain(t)
                );
            }
            if let Some(max) = plan.total_max {
                if t > max {
                    t = max;
                    note = tr!(
                        self.locale,
                        "，不高于 {}",
                        "，不高於 {}",
                        ", not above {}",
                        format_plain(t)
                    );
                }
            }
            let t = self.round_score(t);
            if self.explain {
                let text = if note.is_empty() {
                    total_line.clone()
                } else {
                    format!("{total_line}{note} → {}", self.score_text(t))
                };
                steps.push(step("total", None, Some(t), text));
            }
            let mut final_total = t;
            let mut grade_override = None;
            if let Some((pos, v)) = &veto {
                let vetoed = plan.vetoes.iter().find(|p| p.key == v.key);
                final_total = self.round_score(vetoed.map(|p| p.score).unwrap_or(Decimal::ZERO));
                grade_override = Some(
                    vetoed
                        .and_then(|p| p.grade.clone())
                        .or_else(|| plan.grades.last().map(|g| g.0.clone())),
                );
                let period = self.label(*pos);
                if self.explain {
                    steps.push(step(
                        "veto",
                        Some(v.key.clone()),
                        Some(final_total),
                        tr!(
                            self.locale,
                            "一票否决：{period} {} → 总分 {}",
                            "一票否決：{period} {} → 總分 {}",
                            "veto: {period} {} → total {}",
                            v.name,
                            self.score_text(final_total)
                        ),
                    ));
                }
                veto_out = Some(CompositeVeto {
                    period: self.period_text(*pos),
                    key: v.key.clone(),
                    name: v.name.clone(),
                    reason: v.reason.clone(),
                });
            }
            grade = match grade_override {
                Some(g) => g,
                None => plan
                    .grades
                    .iter()
                    .find(|(_, min)| final_total >= *min)
                    .map(|(g, _)| g.clone()),
            };
            if self.explain && !plan.grades.is_empty() {
                let text = super::grade_text(
                    plan,
                    self.locale,
                    grade.as_deref(),
                    veto_out.is_some(),
                    &self.score_text(final_total),
                );
                steps.push(Step {
                    kind: "grade",
                    key: None,
                    inputs: Vec::new(),
                    rule: None,
                    branch: grade.clone(),
                    value: None,
                    text,
                });
            }
            total = Some(final_total);
        }
        let ok = total.is_some() && errors.is_empty();
        let result = CompositeResult {
            id,
            name,
            group,
            role,
            ok,
            total: if ok { total.map(Dec) } else { None },
            grade: if ok { grade } else { None },
            rank: None,
            group_rank: None,
            top_percent: None,
            vetoed: ok && veto_out.is_some(),
            veto: if ok { veto_out } else { None },
            periods: parts,
            categories,
            explain: self.explain.then(|| Explanation {
                lines: steps.iter().map(|s| s.text.clone()).collect(),
                steps,
            }),
            errors,
        };
        Built { result, group_key }
    }

    /// The group the composite ranks in (`ranking.groupBy`), read from the latest row.
    fn group_key(&self, pos: usize, row: usize, pr: &PersonResult) -> Option<String> {
        let g = self.plan.ranking.group_by?;
        if Some(g) == self.plan.group {
            return pr.group.clone();
        }
        let line = self.runs.get(pos).and_then(|r| r.lines.get(row))?;
        let slots = records::read_row(line, &self.plan.fields).ok()?;
        records::nonblank_text(&records::cell(&slots, &self.plan.fields, g))
    }

    fn weight_pct(&self, w: Decimal, all: Decimal) -> Option<Decimal> {
        checked_mul(w, Decimal::ONE_HUNDRED)
            .and_then(|x| checked_div(x, all))
            .ok()
    }

    /// From periods: Σ wₚ·totalₚ / Σ wₚ over the periods that count.
    fn by_periods(
        &self,
        ws: &[Decimal],
        counted: &[Option<Decimal>],
        parts: &mut [PeriodPart],
        steps: &mut Vec<Step>,
    ) -> Result<(Decimal, String), JixiaoError> {
        let live: Vec<(usize, Decimal, Decimal)> = counted
            .iter()
            .zip(ws.iter())
            .enumerate()
            .filter_map(|(pos, (t, w))| t.map(|t| (pos, t, *w)))
            .collect();
        let all = live
            .iter()
            .try_fold(Decimal::ZERO, |a, (_, _, w)| checked_add(a, *w))
            .map_err(|_| overflow_error("compose/weights"))?;
        if all.is_zero() {
            return Err(error(
                ErrorCode::MissingValue,
                "compose/weights",
                "没有权重大于 0 且有数据的期间，无法汇总".into(),
                "沒有權重大於 0 且有資料的期間，無法彙總".into(),
                "no period with data has a weight above 0; nothing to compose".into(),
            ));
        }
        let nums: Vec<Decimal> = live
            .iter()
            .map(|(_, t, w)| checked_mul(*t, *w))
            .collect::<Result<_, _>>()
            .map_err(|_| overflow_error("compose/weights"))?;
        let (total, weighted) = split_weighted(&nums, all, self.plan.rounding.score, self.plan.rounding.mode)
            .map_err(|_| overflow_error("compose/weights"))?;
        let mut terms = Vec::new();
        let mut shown = Vec::new();
        let mut lines: Vec<(usize, Step)> = Vec::new();
        for ((pos, t, w), wd) in live.iter().zip(weighted.iter()) {
            let pct = self.weight_pct(*w, all);
            let status = parts.get(*pos).map(|p| p.status).unwrap_or("ok");
            if let Some(part) = parts.get_mut(*pos) {
                part.weight = pct.map(|p| Dec(self.round_score(p)));
                part.weighted = Some(Dec(*wd));
            }
            let pct_text = pct.map(|p| format_plain(p.round_dp(4))).unwrap_or_default();
            let label = self.label(*pos);
            terms.push(format!("{label} {} × {pct_text}%", self.score_text(*t)));
            shown.push(self.score_text(*wd));
            if self.explain {
                let note = match status {
                    "vetoed" => tr!(
                        self.locale,
                        "（该期一票否决）",
                        "（該期一票否決）",
                        " (vetoed in that period)"
                    ),
                    "missing_zero" => tr!(
                        self.locale,
                        "（无记录，按 0 分）",
                        "（無記錄，按 0 分）",
                        " (no row, counted as 0)"
                    ),
                    _ => String::new(),
                };
                lines.push((
                    *pos,
                    step(
                        "period",
                        Some(self.period_text(*pos)),
                        Some(*wd),
                        tr!(
                            self.locale,
                            "{label}：{}{note} × 权重 {pct_text}% → {} 分",
                            "{label}：{}{note} × 權重 {pct_text}% → {} 分",
                            "{label}: {}{note} × weight {pct_text}% → {}",
                            self.score_text(*t),
                            self.score_text(*wd)
                        ),
                    ),
                ));
            }
        }
        if self.explain {
            for (pos, part) in parts.iter().enumerate() {
                if part.status == "missing" {
                    let label = self.label(pos);
                    lines.push((
                        pos,
                        step(
                            "period",
                            Some(part.period.clone()),
                            None,
                            tr!(
                                self.locale,
                                "{label}：无记录，不计入（其余期间的权重按比例放大）",
                                "{label}：無記錄，不計入（其餘期間的權重按比例放大）",
                                "{label}: no row, left out (the other periods' weights scaled up)"
                            ),
                        ),
                    ));
                }
            }
            lines.sort_by_key(|(pos, _)| *pos);
            steps.extend(lines.into_iter().map(|(_, s)| s));
        }
        let head = composite_label(self.cp.label.as_deref(), self.locale);
        let line = if shown.len() > 1 {
            format!(
                "{head} = {} = {} = {}",
                terms.join(" + "),
                shown.join(" + "),
                self.score_text(total)
            )
        } else {
            format!("{head} = {} = {}", terms.join(" + "), self.score_text(total))
        };
        Ok((total, line))
    }

    /// From categories: each category's mean score over the periods, Σ w_c·score_c / Σ w_c.
    fn by_categories(
        &self,
        cs: &[(usize, Decimal)],
        slots: &[Option<usize>],
        out: &mut Vec<CompositeCategory>,
        steps: &mut Vec<Step>,
    ) -> Result<(Decimal, String), JixiaoError> {
        let plan = self.plan;
        let places = plan.rounding.score;
        let mode = plan.rounding.mode;
        // (index in out, score, weight) of the categories scored
        let mut live: Vec<(usize, Decimal, Decimal)> = Vec::new();
        let mut explained: Vec<String> = Vec::new();
        for (c, w) in cs {
            let Some((key, name)) = plan.categories.get(*c) else {
                continue;
            };
            let mut sum = Decimal::ZERO;
            let mut n = 0usize;
            let mut terms = Vec::new();
            for (pos, slot) in slots.iter().enumerate() {
                let score = match slot {
                    Some(row) => self
                        .row(pos, *row)
                        .and_then(|pr| pr.categories.iter().find(|x| &x.key == key))
                        .and_then(|x: &CategoryResult| x.score)
                        .map(|d| d.0),
                    None if self.cp.missing == ComposeMissing::Zero => Some(Decimal::ZERO),
                    None => None,
                };
                if let Some(s) = score {
                    sum = checked_add(sum, s).map_err(|_| overflow_error("compose/weights"))?;
                    n = n.saturating_add(1);
                    terms.push(format!("{} {}", self.label(pos), self.score_text(s)));
                }
            }
            let score = if n == 0 {
                None
            } else {
                Some(round(
                    checked_div(sum, Decimal::from(n)).map_err(|_| overflow_error("compose/weights"))?,
                    places,
                    mode,
                ))
            };
            if let Some(s) = score {
                live.push((out.len(), s, *w));
            }
            if self.explain {
                let text = match score {
                    Some(s) if n > 1 => tr!(
                        self.locale,
                        "{name}：（{}）÷ {n} = {}",
                        "{name}：（{}）÷ {n} = {}",
                        "{name}: ({}) ÷ {n} = {}",
                        terms.join(" + "),
                        self.score_text(s)
                    ),
                    Some(_) => format!("{name}{}{}", tr_colon(self.locale), terms.join("")),
                    None => tr!(
                        self.locale,
                        "{name}：各期间均无得分，不计入（其余维度的权重按比例放大）",
                        "{name}：各期間均無得分，不計入（其餘維度的權重按比例放大）",
                        "{name}: no score in any period, left out (the other categories' weights scaled up)"
                    ),
                };
                explained.push(text);
            }
            out.push(CompositeCategory {
                key: key.clone(),
                name: name.clone(),
                score: score.map(Dec),
                periods: n,
                weight: None,
                weighted: None,
            });
        }
        let all = live
            .iter()
            .try_fold(Decimal::ZERO, |a, (_, _, w)| checked_add(a, *w))
            .map_err(|_| overflow_error("compose/weights"))?;
        if all.is_zero() {
            return Err(error(
                ErrorCode::MissingValue,
                "compose/weights",
                "没有权重大于 0 且有得分的维度，无法汇总".into(),
                "沒有權重大於 0 且有得分的維度，無法彙總".into(),
                "no category with a score has a weight above 0; nothing to compose".into(),
            ));
        }
        let nums: Vec<Decimal> = live
            .iter()
            .map(|(_, s, w)| checked_mul(*s, *w))
            .collect::<Result<_, _>>()
            .map_err(|_| overflow_error("compose/weights"))?;
        let (total, weighted) =
            split_weighted(&nums, all, places, mode).map_err(|_| overflow_error("compose/weights"))?;
        let mut terms = Vec::new();
        let mut shown = Vec::new();
        for ((i, s, w), wd) in live.iter().zip(weighted.iter()) {
            let pct = self.weight_pct(*w, all);
            let pct_text = pct.map(|p| format_plain(p.round_dp(4))).unwrap_or_default();
            if let Some(c) = out.get_mut(*i) {
                c.weight = pct.map(|p| Dec(self.round_score(p)));
                c.weighted = Some(Dec(*wd));
                terms.push(format!("{} {} × {pct_text}%", c.name, self.score_text(*s)));
                if let Some(text) = explained.get_mut(*i) {
                    text.push_str(&tr!(
                        self.locale,
                        "；权重 {pct_text}% → {} 分",
                        "；權重 {pct_text}% → {} 分",
                        "; weight {pct_text}% → {}",
                        self.score_text(*wd)
                    ));
                }
            }
            shown.push(self.score_text(*wd));
        }
        if self.explain {
            for (c, text) in out.iter().zip(explained) {
                steps.push(step("category", Some(c.key.clone()), c.weighted.map(|d| d.0), text));
            }
        }
        let head = composite_label(self.cp.label.as_deref(), self.locale);
        let line = if shown.len() > 1 {
            format!(
                "{head} = {} = {} = {}",
                terms.join(" + "),
                shown.join(" + "),
                self.score_text(total)
            )
        } else {
            format!("{head} = {} = {}", terms.join(" + "), self.score_text(total))
        };
        Ok((total, line))
    }
}

fn step(kind: &'static str, key: Option<String>, value: Option<Decimal>, text: String) -> Step {
    Step {
        kind,
        key,
        inputs: Vec::new(),
        rule: None,
        branch: None,
        value: value.map(Dec),
        text,
    }
}

/// Flat write-back rows of the composite.
fn composite_rows(
    results: &[CompositeResult],
    mapping: &IndexMap<String, String>,
    specs: &[PeriodSpec],
) -> Vec<IndexMap<String, Value>> {
    let text = |s: Option<&String>| s.map(|s| Value::String(s.clone())).unwrap_or(Value::Null);
    results
        .iter()
        .map(|r| {
            mapping
                .iter()
                .map(|(column, what)| {
                    let v = match what.as_str() {
                        "id" => text(r.id.as_ref()),
                        "name" => text(r.name.as_ref()),
                        "group" => text(r.group.as_ref()),
                        "role" => text(r.role.as_ref()),
                        "grade" => text(r.grade.as_ref()),
                        "ok" => Value::Bool(r.ok),
                        "vetoed" => Value::Bool(r.vetoed),
                        "veto" => text(r.veto.as_ref().map(|v| &v.name)),
                        "total" => super::json_number(r.total),
                        "topPercent" => super::json_number(r.top_percent),
                        "rank" => r.rank.map(Value::from).unwrap_or(Value::Null),
                        "groupRank" => r.group_rank.map(Value::from).unwrap_or(Value::Null),
                        "errors" => Value::String(
                            r.errors
                                .iter()
                                .map(|e| e.message.clone())
                                .collect::<Vec<_>>()
                                .join("；"),
                        ),
                        other => match other.strip_prefix("periods.").and_then(|x| x.rsplit_once('.')) {
                            Some((p, fig)) => {
                                let target = PeriodName::parse(p);
                                r.periods
                                    .iter()
                                    .find(|part| {
                                        let name = specs.iter().find(|s| s.name.text == part.period).map(|s| &s.name);
                                        matches!((name, &target), (Some(a), Some(b)) if a.same(b))
                                    })
                                    .map(|part| {
                                        super::json_number(match fig {
                                            "total" => part.total,
                                            "weight" => part.weight,
                                            _ => part.weighted,
                                        })
                                    })
                                    .unwrap_or(Value::Null)
                            }
                            None => match other.split('.').collect::<Vec<_>>().as_slice() {
                                ["categories", key, fig] => r
                                    .categories
                                    .iter()
                                    .find(|c| c.key == *key)
                                    .map(|c| {
                                        super::json_number(match *fig {
                                            "score" => c.score,
                                            "weight" => c.weight,
                                            _ => c.weighted,
                                        })
                                    })
                                    .unwrap_or(Value::Null),
                                _ => Value::Null,
                            },
                        },
                    };
                    (column.clone(), v)
                })
                .collect()
        })
        .collect()
}
