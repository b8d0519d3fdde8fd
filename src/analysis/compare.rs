//! What-if (方案对比): two engines evaluate the same input; per person the two totals,
//! grades, ranks and payouts and their differences, and a summary with the grade
//! migration matrix and the payout difference (DESIGN.md, "Analysis (反馈)").

use crate::engine::{CompactResult, Dec, Decimals, Engine, EvaluateInput, EvaluateOptions, OutputMode};
use crate::error::JixiaoError;
use crate::numbers::exact::{add, sub};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Options of `compare`.
///
/// ```
/// let o: jixiao::analysis::CompareOptions = serde_json::from_str(r#"{"locale":"en","decimals":"number"}"#).unwrap();
/// assert_eq!(o.decimals, jixiao::Decimals::Number);
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CompareOptions {
    /// `zh-CN`, `zh-TW` or `en` (default: each scheme's locale).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub locale: Option<String>,
    /// `"string"` (default) or `"number"`.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub decimals: Decimals,
}

/// One person under one scheme.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Side {
    /// True when the scheme computed the row.
    pub ok: bool,
    /// The total.
    pub total: Option<Dec>,
    /// The grade.
    pub grade: Option<String>,
    /// The rank.
    pub rank: Option<u32>,
    /// The rank within the group.
    pub group_rank: Option<u32>,
    /// The sum of the person's payouts (absent without incentives).
    pub payout: Option<Dec>,
    /// Why the row failed under this scheme.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
}

/// B − A for one person: `null` where either side has no figure.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Delta {
    /// Total B − total A.
    pub total: Option<Dec>,
    /// Rank B − rank A (negative: moved up).
    pub rank: Option<i64>,
    /// Payout B − payout A (a missing payout counts as 0 when the other side has one).
    pub payout: Option<Dec>,
    /// True when both have a grade and the grades differ.
    pub grade_changed: bool,
}

/// One person compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ComparedPerson {
    /// The input row (0-based).
    pub index: usize,
    /// The id (scheme A's, else B's).
    pub id: Option<String>,
    /// The name.
    pub name: Option<String>,
    /// The group.
    pub group: Option<String>,
    /// Under scheme A.
    pub a: Side,
    /// Under scheme B.
    pub b: Side,
    /// B − A.
    pub delta: Delta,
}

/// Payout sums under A and B and their difference.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct PayoutDelta {
    /// Σ under A.
    pub a: Dec,
    /// Σ under B.
    pub b: Dec,
    /// Σ B − Σ A.
    pub delta: Dec,
}

impl Default for PayoutDelta {
    fn default() -> PayoutDelta {
        PayoutDelta {
            a: Dec(Decimal::ZERO),
            b: Dec(Decimal::ZERO),
            delta: Dec(Decimal::ZERO),
        }
    }
}

/// The comparison in sum.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ComparisonSummary {
    /// People compared (input rows).
    pub count: usize,
    /// People computed under both schemes.
    pub both: usize,
    /// Of those, totals higher under B, lower, unchanged.
    pub higher: usize,
    /// Totals lower under B.
    pub lower: usize,
    /// Totals equal.
    pub unchanged: usize,
    /// Grade under A → grade under B → people (every grade of each scheme listed, in its
    /// order; people without a grade under either are left out).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, Record<string, number>>"))]
    pub migration: IndexMap<String, IndexMap<String, usize>>,
    /// Σ payouts under A and B.
    pub payout: PayoutDelta,
    /// The same per group, in order of first appearance.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, PayoutDelta>"))]
    pub groups: IndexMap<String, PayoutDelta>,
}

/// What `compare` returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct Comparison {
    /// One entry per input row, in input order.
    pub people: Vec<ComparedPerson>,
    /// The migration matrix and payout differences.
    pub summary: ComparisonSummary,
    /// The input warnings of each evaluation, their paths prefixed with `a/` or `b/`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

impl Engine {
    /// What-if (方案对比): this engine (A) and `other` (B) evaluate the same rows (one
    /// JSON object per line); people are matched by id, else by row (DESIGN.md,
    /// "Analysis (反馈)"). A row failing under one scheme is reported with its errors.
    ///
    /// ```
    /// let a = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}],
    ///     "grades":{"type":"bands","bands":[{"grade":"A","min":85},{"grade":"B","min":0}]}}"#).unwrap();
    /// let b = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}],"adjustments":[{"key":"x","per":5,"value":{"value":1}}],
    ///     "grades":{"type":"bands","bands":[{"grade":"A","min":85},{"grade":"B","min":0}]}}"#).unwrap();
    /// let c = a.compare(&b, &Default::default(), "{\"工号\":\"E1\",\"q\":82}", &Default::default()).unwrap();
    /// assert_eq!(c.people[0].delta.total.unwrap().0.to_string(), "5.00");
    /// assert_eq!(c.summary.migration["B"]["A"], 1);
    /// ```
    pub fn compare(
        &self,
        other: &Engine,
        head: &EvaluateInput,
        rows: &str,
        options: &CompareOptions,
    ) -> Result<Comparison, JixiaoError> {
        let evaluate = EvaluateOptions {
            locale: options.locale.clone(),
            output: OutputMode::Totals,
            ..Default::default()
        };
        let a = self.compact(self.evaluate_rows(head, rows, &evaluate)?, OutputMode::Totals);
        let b = other.compact(other.evaluate_rows(head, rows, &evaluate)?, OutputMode::Totals);
        let mut migration = grid(a.summary.grades.keys(), b.summary.grades.keys());
        let by_id = unique_ids(&b.results);
        let mut people = Vec::with_capacity(a.results.len());
        for ra in &a.results {
            let matched = (ra.id.as_ref().and_then(|id| by_id.get(id.as_str())).copied()).unwrap_or(ra.index);
            let Some(rb) = b.results.get(matched) else {
                continue;
            };
            if let (Some(ga), Some(gb)) = (&ra.grade, &rb.grade) {
                let cell = migration.entry(ga.clone()).or_default().entry(gb.clone()).or_insert(0);
                *cell = cell.saturating_add(1);
            }
            people.push(compared(ra, rb)?);
        }
        let summary = summarize(people.len(), &people, migration)?;
        let prefixed = |side: &'static str, list: Vec<JixiaoError>| {
            list.into_iter().map(move |mut w| {
                w.path = format!("{side}/{}", w.path);
                w
            })
        };
        let warnings = prefixed("a", a.warnings).chain(prefixed("b", b.warnings)).collect();
        Ok(Comparison {
            people,
            summary,
            warnings,
        })
    }
}

/// Every pair of grades at 0, in each scheme's grade order.
fn grid<'k>(
    a: impl Iterator<Item = &'k String>,
    b: impl Iterator<Item = &'k String> + Clone,
) -> IndexMap<String, IndexMap<String, usize>> {
    a.map(|ga| (ga.clone(), b.clone().map(|gb| (gb.clone(), 0)).collect()))
        .collect()
}

/// Id → row for the ids that appear exactly once.
fn unique_ids(results: &[CompactResult]) -> HashMap<&str, usize> {
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    for r in results {
        if let Some(id) = r.id.as_deref() {
            seen.entry(id).and_modify(|i| *i = None).or_insert(Some(r.index));
        }
    }
    seen.into_iter().filter_map(|(id, i)| i.map(|i| (id, i))).collect()
}

/// One person under both schemes, with B − A.
fn compared(a: &CompactResult, b: &CompactResult) -> Result<ComparedPerson, JixiaoError> {
    let difference = |x: Option<Dec>, y: Option<Dec>| match (x, y) {
        (Some(x), Some(y)) => sub(y.0, x.0).map(|d| Some(Dec(d))),
        _ => Ok(None),
    };
    let payout = match (a.payout, b.payout) {
        (None, None) => None,
        (x, y) => Some(Dec(sub(
            y.map_or(Decimal::ZERO, |d| d.0),
            x.map_or(Decimal::ZERO, |d| d.0),
        )?)),
    };
    let delta = Delta {
        total: difference(a.total, b.total)?,
        rank: a
            .rank
            .zip(b.rank)
            .and_then(|(x, y)| i64::from(y).checked_sub(i64::from(x))),
        payout,
        grade_changed: matches!((&a.grade, &b.grade), (Some(x), Some(y)) if x != y),
    };
    Ok(ComparedPerson {
        index: a.index,
        id: a.id.clone().or_else(|| b.id.clone()),
        name: a.name.clone().or_else(|| b.name.clone()),
        group: a.group.clone().or_else(|| b.group.clone()),
        a: side(a),
        b: side(b),
        delta,
    })
}

/// One person's figures under one scheme.
fn side(r: &CompactResult) -> Side {
    Side {
        ok: r.ok,
        total: r.total,
        grade: r.grade.clone(),
        rank: r.rank,
        group_rank: r.group_rank,
        payout: r.payout,
        errors: r.errors.clone(),
    }
}

/// The summary: who is higher or lower, the migration matrix, payouts overall and per group.
fn summarize(
    count: usize,
    people: &[ComparedPerson],
    migration: IndexMap<String, IndexMap<String, usize>>,
) -> Result<ComparisonSummary, JixiaoError> {
    let mut s = ComparisonSummary {
        count,
        both: 0,
        higher: 0,
        lower: 0,
        unchanged: 0,
        migration,
        payout: PayoutDelta::default(),
        groups: IndexMap::new(),
    };
    for p in people {
        if p.a.ok && p.b.ok {
            s.both = s.both.saturating_add(1);
        }
        match p.delta.total.map(|d| d.0.cmp(&Decimal::ZERO)) {
            Some(std::cmp::Ordering::Greater) => s.higher = s.higher.saturating_add(1),
            Some(std::cmp::Ordering::Less) => s.lower = s.lower.saturating_add(1),
            Some(std::cmp::Ordering::Equal) => s.unchanged = s.unchanged.saturating_add(1),
            None => {}
        }
        add_payouts(&mut s.payout, p)?;
        if let Some(g) = &p.group {
            add_payouts(s.groups.entry(g.clone()).or_default(), p)?;
        }
    }
    Ok(s)
}

/// Adds one person's payouts to a sum.
fn add_payouts(sum: &mut PayoutDelta, p: &ComparedPerson) -> Result<(), JixiaoError> {
    let of = |d: Option<Dec>| d.map_or(Decimal::ZERO, |d| d.0);
    sum.a = Dec(add(sum.a.0, of(p.a.payout))?);
    sum.b = Dec(add(sum.b.0, of(p.b.payout))?);
    sum.delta = Dec(sub(sum.b.0, sum.a.0)?);
    Ok(())
}
