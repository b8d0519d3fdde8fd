//! Ranking: each row's ranking keys, rows ordered by them (missing last, ties in input
//! order), ranked by the scheme's method overall and within groups, and explained
//! (DESIGN.md, "Ranking and ties").

use super::output::{Dec, Step};
use super::row::{Evaluated, IndState, RowEvaluator};
use crate::compile::{Plan, RankKey};
use crate::i18n::{tr, Locale};
use crate::numbers::{checked_div, format_percent, round};
use crate::records::{self, Slots};
use crate::scheme::RankMethod;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::sync::Arc;

impl RowEvaluator<'_> {
    /// The row's figures for `ranking.by` and each tie-breaker.
    pub(super) fn rank_keys(&self, slots: &Slots, states: &[IndState], total: Option<Decimal>) -> Vec<Option<Decimal>> {
        let plan = self.plan;
        let mut keys = Vec::with_capacity(plan.ranking.tie_breakers.len().saturating_add(1));
        for k in std::iter::once(&plan.ranking.by).chain(plan.ranking.tie_breakers.iter()) {
            keys.push(match &k.key {
                RankKey::Total => total,
                RankKey::Indicator(i) => states.get(*i).and_then(|s| s.shown),
                RankKey::Field(f) => records::number(&records::cell(slots, &plan.fields, *f)).ok().flatten(),
            });
        }
        keys
    }
}

/// Orders two rows by the ranking keys (None last); equal rows tie (`rank` keeps them in
/// input order).
fn order(plan: &Plan, a: &Evaluated, b: &Evaluated) -> std::cmp::Ordering {
    order_keys(plan, &a.keys, &b.keys)
}

/// Orders two rows' ranking keys (None last).
fn order_keys(plan: &Plan, a: &[Option<Decimal>], b: &[Option<Decimal>]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let specs = std::iter::once(&plan.ranking.by).chain(plan.ranking.tie_breakers.iter());
    for (k, spec) in specs.enumerate() {
        let (x, y) = (a.get(k).copied().flatten(), b.get(k).copied().flatten());
        let ord = match (x, y) {
            (Some(x), Some(y)) => {
                if spec.descending {
                    y.cmp(&x)
                } else {
                    x.cmp(&y)
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Ranks in `sorted` order: returns the rank of each position.
fn ranks(plan: &Plan, rows: &[Evaluated], sorted: &[usize]) -> Vec<u32> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut prev: Option<usize> = None;
    let mut last_rank = 0u32;
    for (pos, &i) in sorted.iter().enumerate() {
        let position = u32::try_from(pos).unwrap_or(u32::MAX).saturating_add(1);
        let tied = match (prev, rows.get(i)) {
            (Some(p), Some(cur)) => rows
                .get(p)
                .is_some_and(|pr| order(plan, pr, cur) == std::cmp::Ordering::Equal),
            _ => false,
        };
        let r = match plan.ranking.method {
            RankMethod::Ordinal => position,
            RankMethod::Competition => {
                if tied {
                    last_rank
                } else {
                    position
                }
            }
            RankMethod::Dense => {
                if tied {
                    last_rank
                } else {
                    last_rank.saturating_add(1)
                }
            }
        };
        out.push(r);
        last_rank = r;
        prev = Some(i);
    }
    out
}

/// Ranks the ok rows (rank, top percent, group rank) and adds the rank lines to their explanations.
pub(super) fn rank(plan: &Plan, rows: &mut [Evaluated], locale: Locale, explain: bool) {
    // the ok rows' keys next to their positions, sorted stably (ties stay in input order)
    let mut keyed: Vec<(&[Option<Decimal>], usize)> = (rows.iter().enumerate())
        .filter(|(_, r)| r.result.ok)
        .map(|(i, r)| (r.keys.as_slice(), i))
        .collect();
    keyed.sort_by(|a, b| order_keys(plan, a.0, b.0));
    let sorted: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let n = sorted.len();
    let overall = ranks(plan, rows, &sorted);
    for (&i, &r) in sorted.iter().zip(overall.iter()) {
        if let Some(row) = rows.get_mut(i) {
            row.result.rank = Some(r);
            row.result.top_percent = checked_div(Decimal::from(r), Decimal::from(n))
                .ok()
                .map(|p| Dec(round(p, plan.rounding.rate, plan.rounding.mode)));
        }
    }
    if plan.ranking.group_by.is_some() {
        let mut groups: IndexMap<Option<Arc<str>>, Vec<usize>> = IndexMap::new();
        for &i in &sorted {
            let key = rows.get(i).and_then(|r| r.group_key.clone());
            groups.entry(key).or_default().push(i);
        }
        for members in groups.values() {
            let rs = ranks(plan, rows, members);
            for (&i, &r) in members.iter().zip(rs.iter()) {
                if let Some(row) = rows.get_mut(i) {
                    row.result.group_rank = Some(r);
                }
            }
        }
    }
    if explain {
        explain_ranks(plan, rows, locale, n);
    }
}

/// `排名：第 2 / 10 名（前 20.00%）；华东 组内第 1 名`.
fn explain_ranks(plan: &Plan, rows: &mut [Evaluated], locale: Locale, n: usize) {
    for row in rows.iter_mut() {
        let (Some(r), Some(tp)) = (row.result.rank, row.result.top_percent) else {
            continue;
        };
        let pct = format_percent(tp.0, 2, plan.rounding.mode);
        let mut text = tr!(
            locale,
            "排名：第 {r} / {n} 名（前 {pct}）",
            "排名：第 {r} / {n} 名（前 {pct}）",
            "rank: {r} of {n} (top {pct})"
        );
        if let Some(g) = row.result.group_rank {
            let name = row.group_key.as_deref().unwrap_or_default();
            text.push_str(&tr!(
                locale,
                "；{name} 组内第 {g} 名",
                "；{name} 組內第 {g} 名",
                "; {g} within {name}"
            ));
        }
        if let Some(ex) = row.result.explain.as_mut() {
            ex.lines.push(text.clone());
            ex.steps.push(Step {
                kind: "rank",
                key: None,
                inputs: Vec::new(),
                rule: None,
                branch: None,
                value: None,
                text,
            });
        }
    }
}
