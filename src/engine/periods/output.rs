//! What `evaluatePeriods` returns: every period as `evaluate` gives it, and the composite.

use super::ComposeFrom;
use crate::engine::output::{Dec, Explanation, PersonResult, Summary};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// One period's evaluation, exactly as `evaluate` gives it, with its name.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_periods(&serde_json::json!({"periods":["2025-Q1"]}), "{\"q\":90}", &Default::default()).unwrap();
/// let p: &jixiao::periods::PeriodOutput = &out.periods[0];
/// assert_eq!((p.period.as_str(), p.results[0].total.unwrap().0.to_string()), ("2025-Q1", "90.00".to_string()));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PeriodOutput {
    /// The period as listed (trimmed).
    pub period: String,
    /// One per row of the period, in row order.
    pub results: Vec<PersonResult>,
    /// Every row error of the period.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<crate::error::JixiaoError>,
    /// Totals of the period.
    pub summary: Summary,
    /// Notes about the period's input.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
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
/// let part: &jixiao::periods::PeriodPart = &out.composite.unwrap().results[0].periods[1];
/// assert_eq!((part.total.unwrap().0.to_string(), part.weighted.unwrap().0.to_string()), ("91.00".into(), "45.50".into()));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let c: &jixiao::periods::CompositeCategory = &out.composite.unwrap().results[0].categories[0];
/// assert_eq!((c.score.unwrap().0.to_string(), c.periods), ("88.00".into(), 1));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let v = jixiao::periods::CompositeVeto { period: "2025-Q2".into(), key: "breach".into(), name: "数据违规".into(), reason: None };
/// assert_eq!(serde_json::to_value(&v).unwrap()["period"], "2025-Q2");
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let r: &jixiao::periods::CompositeResult = &out.composite.unwrap().results[0];
/// assert_eq!((r.id.as_deref(), r.total.unwrap().0.to_string(), r.grade.as_deref(), r.rank), (Some("E1"), "86.00".into(), Some("A"), Some(1)));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<crate::error::JixiaoError>,
}

/// The composite layer: one result per person found in the composed periods.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let input = serde_json::json!({"periods":{"year":2025,"by":"quarter"},"compose":{}});
/// let out = e.evaluate_periods(&input, "{\"q\":80}", &Default::default()).unwrap();
/// let c: &jixiao::periods::CompositeOutput = out.composite.as_ref().unwrap();
/// assert_eq!((c.period.as_deref(), c.periods.len(), c.summary.count), (Some("2025"), 4, 1));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<crate::error::JixiaoError>,
    /// Totals over the composites (no payouts: incentives are paid per period).
    pub summary: Summary,
    /// Notes about the composition.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
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
/// let o: &jixiao::periods::PeriodsOutput = &out;
/// assert_eq!(o.periods.len(), 2);
/// assert!(o.composite.is_none());
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct PeriodsOutput {
    /// Every period, in the order listed.
    pub periods: Vec<PeriodOutput>,
    /// The composite, with `compose`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<CompositeOutput>,
}
