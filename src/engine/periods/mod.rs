//! Period layering: monthly, quarterly and annual evaluations of the same people in one
//! call, every period's results kept, and a composite (an annual total, say) built from
//! the period totals or from the category scores.
//!
//! Each period is an ordinary evaluation ([`Engine::evaluate_rows`] with `period` set and
//! the same `tables`), so a period's results are exactly what `evaluate` gives. The
//! composite then matches people across the composed periods, weighs, grades (the scheme's
//! bands), ranks (the scheme's method and `groupBy`) and explains. DESIGN.md, "Periods",
//! records the choices.

// what the caller writes: periods, entries, the calendar shorthand, `compose`
mod input;
// what `evaluatePeriods` returns: the periods and the composite
mod output;
// the encoded form: shared rows and per-period blocks of rows in one text
mod encoded;
// period names: the span a name covers, sameness, time order, short labels
mod name;
// the head decoded into the listed periods
mod decode;
// the compose plan: which periods, what weights, the composite's label
mod plan;
// each listed period evaluated as `evaluate` would
mod run;
// people matched across the composed periods by id, name or position
mod matching;
// the composite layer: one composite per person, ranked, with errors and write-back
mod composite;
// one person's composite: parts, missing policy, bounds, veto carried over, grade
mod person;
// weighing periods or categories into a total whose parts add up
mod weigh;
// composites ranked by the engine's ranking; ranking settings that do not apply
mod ranking;
// the composite's explanation lines
mod explain;
// the composite's write-back (`compose.rows`)
mod write_back;

pub use input::{
    CalendarBy, Compose, ComposeFrom, ComposeMissing, PeriodCalendar, PeriodEntry, PeriodsInput, MAX_PERIODS,
};
pub use output::{
    CompositeCategory, CompositeOutput, CompositeResult, CompositeVeto, PeriodOutput, PeriodPart, PeriodsOutput,
};

// What this domain uses of the engine, in one place (the files below reach it as `super::…`).
use crate::engine::{
    flat_rows, grade_text, input_error, json_number, options_locale, period_text, rank, summarize, tr_colon, Common,
    Decimals, Engine, EvaluateInput, EvaluateOptions, Evaluated, OutputMode, COMMON_TARGETS,
};

use crate::engine::output::with_numbers;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use composite::build_composite;
use decode::{decode_head, Decoded};
use encoded::{encode_periods_input, Blocks};
use plan::compose_plan;
use serde_json::Value;

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
        let locale = options_locale(plan, options)?;
        let localized = |mut e: JixiaoError| {
            e.localize(locale);
            e
        };
        full_output_only(options).map_err(localized)?;
        let Decoded {
            mut periods,
            tables,
            compose,
            calendar_label,
        } = decode_head(head).map_err(localized)?;
        let compose = compose
            .map(|c| compose_plan(plan, &periods, c, calendar_label))
            .transpose()
            .map_err(localized)?;
        let blocks = Blocks::split(rows);
        blocks.check(periods.iter().map(|p| &p.rows)).map_err(localized)?;
        let ran = self.run_periods(&mut periods, tables, &blocks, options)?;
        let composite = compose.map(|c| build_composite(plan, &periods, &ran, &c, locale, &options.explain));
        Ok(PeriodsOutput {
            periods: ran
                .into_iter()
                .zip(periods.iter())
                .map(|(r, spec)| r.into_output(spec.name.text.clone()))
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
        with_numbers(options.decimals == Decimals::Number, || serde_json::to_value(&out))
            .map_err(JixiaoError::cannot_write_result)
    }
}

/// `evaluatePeriods` gives the full output only: a composite is read person by person
/// with its periods' figures, which the lean modes leave out.
fn full_output_only(options: &EvaluateOptions) -> Result<(), JixiaoError> {
    if options.output == OutputMode::Full {
        return Ok(());
    }
    Err(JixiaoError::new(
        ErrorCode::Unsupported,
        "options/output",
        text!(
            "evaluatePeriods 只支持 output: \"full\"",
            "evaluatePeriods 只支援 output: \"full\"",
            "evaluatePeriods gives the full output only (output: \"full\")",
        ),
    ))
}
