//! The composite layer: the composed periods' runs in time order, people matched across
//! them, one composite built per person, ranked, with its errors, warnings and write-back.

use super::decode::PeriodSpec;
use super::matching::match_people;
use super::name::PeriodName;
use super::person::{Builder, Built};
use super::plan::{ComposePlan, Weights};
use super::ranking::{ignored_ranking, rank_composites};
use super::run::Ran;
use super::write_back::composite_rows;
use super::{ComposeFrom, CompositeOutput, CompositeResult};
use crate::compile::Plan;
use crate::engine::Explain;
use crate::error::JixiaoError;
use crate::i18n::Locale;

/// Builds the composite layer from the evaluated periods (`ran`, in list order).
pub(super) fn build_composite(
    plan: &Plan,
    specs: &[PeriodSpec],
    ran: &[Ran],
    cp: &ComposePlan,
    locale: Locale,
    explain: &Explain,
) -> CompositeOutput {
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
    let builder = Builder {
        plan,
        runs: &runs,
        names: &names,
        cp,
        locale,
        explain: explain.any(),
    };
    let built: Vec<Built> = match_people(plan, &runs).iter().map(|w| builder.person(w)).collect();
    let (mut results, summary) = rank_composites(plan, built, locale, explain.any());
    // with `explain: [ids]`, only those people keep their explanation
    for r in &mut results {
        if !explain.person(r.id.as_deref()) {
            r.explain = None;
        }
    }
    let errors = localized_errors(&mut results, locale);
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
        warnings: ignored_ranking(plan, locale),
        rows,
    }
}

/// Every composite's errors, localized in place and listed in result order.
fn localized_errors(results: &mut [CompositeResult], locale: Locale) -> Vec<JixiaoError> {
    let mut errors = Vec::new();
    for r in results {
        for err in &mut r.errors {
            err.localize(locale);
            errors.push(err.clone());
        }
    }
    errors
}
