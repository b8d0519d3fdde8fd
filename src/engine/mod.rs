//! Evaluation: rows in, one result per row out, ranked, graded, summarised and
//! explained. A bad row never stops the good rows. DESIGN.md records the rules (Rounding,
//! Directions and zero divisors, Missing data, Weights, Vetoes, Ranking and ties, Errors).
//!
//! - `mod.rs`: the public surface: [`Engine`] (compile once, evaluate many times), [`ValidationReport`].
//! - `json.rs`: an engine from a scheme's JSON text (`from_json`), input as one JSON value (`evaluate_value`).
//! - `input.rs`: what the caller writes (options, input head) and how its JSON text is decoded.
//! - `evaluate.rs`: one evaluation from start to end: input checked, tables totalled, rows run, ranked, paid.
//! - `row.rs`: one row: the evaluator's state, its errors, and `run`, which walks the phases in order.
//! - `sources.rs`: value sources: fixed, column, formula, raters weighed together, team figures, ranges.
//! - `teams.rs`: team figures: the indicators they read evaluated for every row, then summed up per group.
//! - `formulas.rs`: formulas read against the row and the indicators so far.
//! - `conditions.rs`: conditions on a row: comparisons, formulas, `all`/`any`/`not`.
//! - `indicator.rs`: one indicator: sources read, missing-value policy, scored.
//! - `achievement.rs`: actual against target per direction and `onZero`, as an exact fraction.
//! - `scoring.rs`: a figure turned into a score by the indicator's rule.
//! - `weigh.rs`: effective weights (exclusions scaled back up), weighted scores, categories.
//! - `adjust.rs`: adjustments, bounded, added to the total.
//! - `total.rs`: the total: weighted scores plus adjustments within the scheme's bounds.
//! - `veto.rs`: the first veto that holds replaces the total and forces a grade.
//! - `grade.rs`: the band a total reaches, and its explanation line.
//! - `checks.rs`: data checks over all rows: uncapped achievements far beyond target, shared ids.
//! - `rank.rs`: ranking keys, order, rank methods overall and within groups.
//! - `summary.rs`: counts, mean, median, min, max, grade distribution, payouts.
//! - `explain.rs`: the indicators' explanation lines and the order of a row's steps.
//! - `write_back.rs`: flat write-back rows, and which columns a mapping may ask for.
//! - `output.rs`: what `evaluate` returns, and how decimals are written.
//! - `compact.rs`: the lean results of `output: "scores"` and `"totals"`, moved out of the full ones.
//! - `payouts/`: the scheme's incentives paid after ranking.
//! - `periods/`: several periods evaluated in one call, and their composite.

mod achievement;
mod adjust;
mod checks;
mod compact;
mod conditions;
mod evaluate;
mod explain;
mod formulas;
mod grade;
mod indicator;
mod input;
mod json;
mod output;
mod payouts;
pub mod periods;
mod rank;
mod row;
mod scoring;
mod sources;
mod summary;
mod teams;
mod total;
mod veto;
mod weigh;
mod write_back;

pub use compact::{CompactOutput, CompactResult, IndicatorHead, IndicatorScore};
pub use evaluate::PROGRESS_BLOCK;
pub use input::{Decimals, EvaluateInput, EvaluateOptions, Explain, OutputMode};
pub(crate) use output::with_numbers;
pub use output::{
    AdjustmentResult, CategoryResult, Dec, EvaluateOutput, Explanation, IndicatorResult, PayoutLine, PayoutSlice,
    PersonResult, Step, StepInput, Summary, VetoHit,
};

// What `periods` uses of the engine: decoding, ranking, summing up, grading, writing back.
use explain::tr_colon;
use grade::grade_text;
use input::{input_error, options_locale, period_text};
pub(crate) use input::{parse_scheme, read_head, read_options};
use rank::rank;
use row::Evaluated;
use summary::summarize;
use write_back::{flat_rows, json_number, Common, COMMON_TARGETS};

use crate::compile::Plan;
use crate::error::JixiaoError;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The answer of `validateScheme`: `ok` when there is no error (warnings allowed).
///
/// ```
/// let r = jixiao::json::validate_scheme_json("{}", None);
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "MISSING_SETTING");
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct ValidationReport {
    /// No errors.
    pub ok: bool,
    /// Every error and warning.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub issues: Vec<JixiaoError>,
}

/// The `locale` a scheme names.
pub(crate) fn scheme_locale(value: &serde_json::Value) -> Option<Locale> {
    value.get("locale").and_then(|l| l.as_str()).and_then(Locale::parse)
}

/// A compiled scheme: validate and compile once, evaluate many times.
///
/// ```
/// let engine = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"评分"},"scoring":{"type":"direct","scale":{"max":5}}}]}"#).unwrap();
/// let out = engine.evaluate_value(&serde_json::json!({"people":[{"评分":4}]}), &Default::default()).unwrap();
/// assert_eq!(out["results"][0]["total"], "80.00");
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    plan: Plan,
}

impl Engine {
    /// Compiles a scheme given as a JSON value.
    ///
    /// ```
    /// assert!(jixiao::Engine::from_value(&serde_json::json!([])).is_err());
    /// ```
    pub fn from_value(scheme: &serde_json::Value) -> Result<Engine, JixiaoError> {
        match crate::compile::compile(scheme) {
            Ok(plan) => Ok(Engine { plan }),
            Err(issues) => {
                let mut e = JixiaoError::invalid_scheme(issues);
                if let Some(l) = scheme_locale(scheme) {
                    e.localize(l);
                }
                Err(e)
            }
        }
    }

    /// Warnings found while compiling (the scheme is valid).
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"locale":"fr","indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// assert_eq!(e.warnings()[0].code.as_str(), "INVALID_SETTING");
    /// ```
    pub fn warnings(&self) -> &[JixiaoError] {
        &self.plan.warnings
    }

    /// The columns the scheme reads from each row.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"负责人.分"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// assert_eq!(e.columns(), &["工号", "负责人.分", "负责人"]);
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.plan.fields.columns
    }
}
