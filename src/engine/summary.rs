//! The summary of one evaluation: counts, mean, median, min and max of the totals, the
//! grade distribution and the payouts.

use super::output::{Dec, Summary};
use super::payouts;
use super::row::Evaluated;
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
    let median = if n == 0 {
        None
    } else if n % 2 == 1 {
        totals.get(n / 2).copied()
    } else {
        match (totals.get((n / 2).saturating_sub(1)), totals.get(n / 2)) {
            (Some(a), Some(b)) => a.checked_add(*b).and_then(|s| checked_div(s, Decimal::TWO).ok()),
            _ => None,
        }
    }
    .map(|m| Dec(round(m, places, mode)));
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
    }
}
