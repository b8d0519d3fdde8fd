//! The lean result shapes of `output: "scores"` and `output: "totals"` (DESIGN.md, "Large
//! tables"): the same people, totals, grades, ranks and payouts as `"full"`, without what
//! a leaderboard does not read. Indicator keys and names are said once, in a header; a
//! field that would be `null`, `false` or empty is left out, since absent means the same.
//! A compact result is the full one with fields moved out, never recomputed, so every
//! mode agrees with `"full"` by construction.

use super::input::OutputMode;
use super::output::{Dec, EvaluateOutput, Explanation, IndicatorResult, PersonResult, Summary, VetoHit};
use super::Engine;
use crate::error::JixiaoError;
use indexmap::IndexMap;
use serde::Serialize;

/// One indicator of the header: its key and display name, in the scheme's order.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","name":"质量","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_rows(&Default::default(), "{\"q\":90}", &Default::default()).unwrap();
/// let lean = e.compact(out, jixiao::OutputMode::Scores);
/// assert_eq!((lean.indicators[0].key.as_str(), lean.indicators[0].name.as_str()), ("q", "质量"));
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct IndicatorHead {
    /// Indicator key.
    pub key: String,
    /// Indicator name.
    pub name: String,
}

/// One indicator of one person in `output: "scores"`, at the header's position.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_rows(&Default::default(), "{\"q\":90}", &Default::default()).unwrap();
/// let lean = e.compact(out, jixiao::OutputMode::Scores);
/// let s = &lean.results[0].indicators.as_ref().unwrap()[0];
/// assert_eq!(s.score.unwrap().0.to_string(), "90.00");
/// ```
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct IndicatorScore {
    /// Score, score places (absent when the indicator was not scored).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub score: Option<Dec>,
    /// score × weight / 100 (absent when the indicator was not scored).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub weighted: Option<Dec>,
}

/// One person in `output: "scores"` or `"totals"`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_rows(&Default::default(), "{\"工号\":\"E1\",\"q\":90}", &Default::default()).unwrap();
/// let lean = e.compact(out, jixiao::OutputMode::Totals);
/// let r = &lean.results[0];
/// assert_eq!((r.id.as_deref(), r.total.unwrap().0.to_string(), r.rank), (Some("E1"), "90.00".into(), Some(1)));
/// assert!(r.indicators.is_none());
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CompactResult {
    /// Position in the input rows (0-based).
    pub index: usize,
    /// The person's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id: Option<String>,
    /// The person's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// The group (team, region).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub group: Option<String>,
    /// The role.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub role: Option<String>,
    /// True when the row was computed.
    pub ok: bool,
    /// The total (absent for a failed row).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub total: Option<Dec>,
    /// The grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub grade: Option<String>,
    /// The rank.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub rank: Option<u32>,
    /// The rank within the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub group_rank: Option<u32>,
    /// rank / n, a rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub top_percent: Option<Dec>,
    /// True when a veto applied (absent otherwise).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub vetoed: bool,
    /// The veto that applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub veto: Option<VetoHit>,
    /// The sum of the person's payouts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub payout: Option<Dec>,
    /// `output: "scores"`: each indicator's score and weighted score, in the header's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub indicators: Option<Vec<IndicatorScore>>,
    /// The explanation, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub explain: Option<Explanation>,
    /// The row's errors (absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
}

/// What `evaluate` returns with `output: "scores"` or `"totals"`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let out = e.evaluate_rows(&Default::default(), "{\"q\":90}\n{\"q\":\"x\"}", &Default::default()).unwrap();
/// let lean = e.compact(out, jixiao::OutputMode::Totals);
/// assert_eq!(lean.output, jixiao::OutputMode::Totals);
/// assert!(lean.indicators.is_empty()); // the header is for "scores"
/// assert_eq!(lean.errors.len(), 1);
/// ```
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CompactOutput {
    /// The mode asked for.
    pub output: OutputMode,
    /// `output: "scores"`: the indicators' keys and names, once (empty for `"totals"`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub indicators: Vec<IndicatorHead>,
    /// One result per input row, in input order.
    pub results: Vec<CompactResult>,
    /// Every row error, flattened (as in the full output).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Counts, statistics and the grade distribution (as in the full output).
    pub summary: Summary,
    /// Scheme and input warnings.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
    /// The write-back rows, when `rows` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Array<Record<string, string | number | boolean | null>>")
    )]
    pub rows: Option<Vec<IndexMap<String, serde_json::Value>>>,
}

impl Engine {
    /// The lean shape of an evaluation's output for `mode` (`Scores` or `Totals`; `Full`
    /// gives the `Scores` shape too — call it only for a lean mode).
    pub fn compact(&self, out: EvaluateOutput, mode: OutputMode) -> CompactOutput {
        let header: Vec<IndicatorHead> = match mode {
            OutputMode::Totals => Vec::new(),
            _ => (self.plan.indicators.iter())
                .map(|i| IndicatorHead {
                    key: i.key.clone(),
                    name: i.name.clone(),
                })
                .collect(),
        };
        let results = (out.results.into_iter())
            .map(|r| compact_result(r, mode, &header))
            .collect();
        CompactOutput {
            output: mode,
            indicators: header,
            results,
            errors: out.errors,
            summary: out.summary,
            warnings: out.warnings,
            rows: out.rows,
        }
    }
}

/// One person's result with what `mode` leaves out moved away.
fn compact_result(r: PersonResult, mode: OutputMode, header: &[IndicatorHead]) -> CompactResult {
    let indicators = match mode {
        OutputMode::Totals => None,
        _ => Some(scores_in_header_order(r.indicators, header)),
    };
    CompactResult {
        index: r.index,
        id: r.id,
        name: r.name,
        group: r.group,
        role: r.role,
        ok: r.ok,
        total: r.total,
        grade: r.grade,
        rank: r.rank,
        group_rank: r.group_rank,
        top_percent: r.top_percent,
        vetoed: r.vetoed,
        veto: r.veto,
        payout: r.payout,
        indicators,
        explain: r.explain,
        errors: r.errors,
    }
}

/// A person's indicator scores at the header's positions: the results are in the
/// scheme's order (`output: "scores"` leaves their keys unwritten); a failed row has none,
/// and each of its indicators is empty.
fn scores_in_header_order(results: Vec<IndicatorResult>, header: &[IndicatorHead]) -> Vec<IndicatorScore> {
    let in_order =
        results.len() == header.len() && (results.iter().zip(header)).all(|(r, h)| r.key.is_empty() || r.key == h.key);
    if in_order {
        return results
            .into_iter()
            .map(|r| IndicatorScore {
                score: r.score,
                weighted: r.weighted,
            })
            .collect();
    }
    header
        .iter()
        .map(|h| match results.iter().find(|r| r.key == h.key) {
            Some(r) => IndicatorScore {
                score: r.score,
                weighted: r.weighted,
            },
            None => IndicatorScore::default(),
        })
        .collect()
}
