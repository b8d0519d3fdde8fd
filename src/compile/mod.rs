//! Validation and compilation: a scheme becomes a [`Plan`] that evaluation walks
//! without re-parsing or re-validating. Every problem is collected, none stops the others.
//! Library indicators are expanded first (`crate::catalog`), then the document is decoded
//! (`crate::scheme`) and compiled section by section.
//!
//! - `compiler.rs`: the compiler's state, how it collects issues, and the key and band-edge checks every section shares.
//! - `plan.rs`: the compiled [`Plan`] and the pass that builds it in reporting order; `version_for`.
//! - `fields.rs`: the field table, each column read registered once.
//! - `settings.rs`: locale, rounding places, UTC offset, the person columns and the role column.
//! - `keys.rs`: keys non-empty and unique; the category and indicator indexes.
//! - `indicator.rs`: one indicator: category, weight, rule, actual and target.
//! - `scoring.rs`: the scoring rules and their checks.
//! - `sources.rs`: value sources: column, fixed, aggregate, formula, raters, team figures, ranges; team-figure cycles.
//! - `formulas.rs`: formulas parsed once, their names resolved to columns or indicator figures.
//! - `conditions.rs`: conditions compiled, indicator references recorded as dependencies.
//! - `order.rs`: the evaluation order of indicators; a cycle is an error.
//! - `totals.rs`: adjustments, vetoes and the total's bounds.
//! - `grades.rs`: grade bands sorted and checked.
//! - `ranking.rs`: ranking keys, tie-breakers and grouping.
//! - `weights.rs`: the weight sets per role × version, each summing to 100.
//! - `weight_ranges.rs`: every weight of a set inside its indicator's or category's `weightRange`.
//! - `incentives/`: commission, bonus, pool and award plans, with their checks.
//! - `measures.rs`: aggregates over raw tables.

mod compiler;
mod conditions;
mod fields;
mod formulas;
mod grades;
mod incentives;
mod indicator;
mod keys;
mod measures;
mod order;
mod plan;
mod ranking;
mod scoring;
mod settings;
mod sources;
mod totals;
mod weight_ranges;
mod weights;

use compiler::Compiler;
pub(crate) use conditions::Cond;
pub(crate) use fields::{FieldRef, FieldTable};
pub(crate) use formulas::{FormulaPlan, NameRef};
pub(crate) use incentives::{IncentivePlan, PoolWeighting};
pub(crate) use indicator::IndicatorPlan;
pub(crate) use measures::{op_name, MeasurePlan};
pub(crate) use plan::{version_for, Plan};
pub(crate) use ranking::{RankKey, RankKeyPlan, RankingPlan};
pub(crate) use scoring::Rule;
pub(crate) use sources::{Source, TeamOf, TeamPlan};
pub(crate) use totals::{AdjustmentPlan, VetoPlan};
pub(crate) use weights::WeightSet;

use crate::error::{ErrorCode, JixiaoError, Severity};
use crate::scheme::decode_scheme_with_layout;

/// Validates a scheme: every problem at once (errors and warnings), library indicators
/// expanded first.
pub(crate) fn validate(value: &serde_json::Value) -> Vec<JixiaoError> {
    match compile(value) {
        Ok(plan) => plan.warnings,
        Err(issues) => issues,
    }
}

/// Compiles a scheme after expanding its library indicators; library problems come first.
/// A scheme without library indicators is compiled as it is (no copy).
pub(crate) fn compile(scheme: &serde_json::Value) -> Result<Plan, Vec<JixiaoError>> {
    if !crate::catalog::uses_library(scheme) {
        return compile_document(scheme);
    }
    let mut expanded = scheme.clone();
    let mut issues = crate::catalog::expand_library(&mut expanded);
    // an indicator whose library key is unknown cannot be filled in: what the decoder
    // then says about that indicator as a whole (a missing scoring …) adds nothing
    let broken: Vec<String> = issues
        .iter()
        .filter(|i| i.code == ErrorCode::UnknownKey && i.path.ends_with("/library"))
        .map(|i| i.path.trim_end_matches("/library").to_string())
        .collect();
    let rest = match compile_document(&expanded) {
        Ok(mut plan) if !issues.iter().any(|i| i.severity == Severity::Error) => {
            issues.append(&mut plan.warnings);
            plan.warnings = issues;
            return Ok(plan);
        }
        Ok(plan) => plan.warnings,
        Err(list) => list,
    };
    issues.extend(rest.into_iter().filter(|i| !broken.contains(&i.path)));
    Err(issues)
}

/// Compiles a scheme document whose library indicators are expanded; on any error returns
/// every issue (errors and warnings).
fn compile_document(value: &serde_json::Value) -> Result<Plan, Vec<JixiaoError>> {
    let (scheme, decode_issues, layout) = decode_scheme_with_layout(value);
    let mut c = Compiler::new(&scheme, &layout, decode_issues);
    let plan = c.plan();
    let issues = c.issues;
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(issues);
    }
    match plan {
        Some(mut p) => {
            p.warnings = issues;
            Ok(p)
        }
        None => Err(issues),
    }
}
