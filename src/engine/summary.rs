//! The summary of one evaluation: counts, mean, median, min and max of the totals, the
//! grade distribution and the payouts; on request, each indicator's statistics.

use super::output::{Dec, Summary};
use super::payouts;
use super::row::Evaluated;
use crate::analysis::statistics::{median_of_sorted, Collected};
use crate::analysis::IndicatorStats;
use crate::compile::Plan;
use crate::numbers::{checked_div, round};
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// Sums up the evaluated rows.
pub(super) fn summarize(plan: &Plan, rows: &[Evaluated]) -> Summary {
    let mode = plan.rounding.mode;
    let places = plan.rounding.score;
    let mut totals: Vec<Decimal> = rows.iter().filter_map(|r| r.total).collect();
    totals.sort();
    let n = totals.len();
    let sum = totals.iter().try_fold(Decimal::ZERO, |a, t| a.checked_add(*t));
    let mean = sum
        .and_then(|s| checked_div(s, Decimal::from(n)).ok())
        .map(|m| Dec(round(m, places, mode)));
    let median = median_of_sorted(&totals).map(|m| Dec(round(m, places, mode)));
    let mut grades: IndexMap<String, usize> = plan.grades.iter().map(|(g, _)| (g.clone(), 0)).collect();
    for r in rows {
        if let Some(g) = &r.result.grade {
            match grades.get_mut(g.as_str()) {
                Some(c) => *c = c.saturating_add(1),
                None => {
                    grades.insert(g.clone(), 1);
                }
            }
        }
    }
    let ok = rows.iter().filter(|r| r.result.ok).count();
    let (payout, payouts) = payouts::totals(plan, rows);
    Summary {
        count: rows.len(),
        ok,
        failed: rows.len().saturating_sub(ok),
        vetoed: rows.iter().filter(|r| r.result.vetoed).count(),
        mean,
        median,
        min: totals.first().copied().map(Dec),
        max: totals.last().copied().map(Dec),
        grades,
        payout,
        payouts,
        indicators: None,
    }
}

/// Each indicator's statistics over the computed rows, overall and per group
/// (`options.statistics`; DESIGN.md, "Analysis (反馈)"): scores at the score places,
/// values (the actual as read) with mean and median at the rate places. `None` when a
/// sum overflows.
pub(super) fn indicator_statistics(plan: &Plan, rows: &[Evaluated]) -> Option<Vec<IndicatorStats>> {
    let r = &plan.rounding;
    let mut collected: Vec<Collected> = plan.indicators.iter().map(|_| Collected::default()).collect();
    for row in rows.iter().filter(|row| row.result.ok) {
        let group = row.result.group.as_deref();
        for (c, ind) in collected.iter_mut().zip(&row.result.indicators) {
            c.add(group, ind.score.map(|d| d.0), ind.actual.map(|d| d.0));
        }
    }
    (plan.indicators.iter().zip(collected))
        .map(|(ind, c)| c.stats(&ind.key, &ind.name, (r.score, r.rate), r.mode))
        .collect()
}
