//! Each listed period evaluated exactly as `evaluate` would: `evaluate_rows` with `period`
//! set, on the period's own rows or the shared ones, its own tables or the shared ones,
//! and its previous results. An error that stops a period is re-pathed under `periods/N`.

use super::decode::PeriodSpec;
use super::encoded::Blocks;
use super::{Engine, EvaluateInput, EvaluateOptions, PeriodOutput};
use crate::engine::output::EvaluateOutput;
use crate::error::JixiaoError;
use serde_json::Value;

/// One evaluated period with its rows.
pub(super) struct Ran<'r> {
    /// The period's index in the list.
    pub(super) spec_index: usize,
    /// Its row lines (for cells the results do not carry, such as the `groupBy` column).
    pub(super) lines: Vec<&'r str>,
    pub(super) output: EvaluateOutput,
}

impl Ran<'_> {
    /// The period as `out.periods[i]`.
    pub(super) fn into_output(self, period: String) -> PeriodOutput {
        PeriodOutput {
            period,
            results: self.output.results,
            errors: self.output.errors,
            summary: self.output.summary,
            warnings: self.output.warnings,
            rows: self.output.rows,
        }
    }
}

impl Engine {
    /// Evaluates every listed period in list order; the first period that cannot be
    /// evaluated stops the call. Takes each period's own tables and previous results.
    pub(super) fn run_periods<'r>(
        &self,
        periods: &mut [PeriodSpec],
        tables: Option<Value>,
        blocks: &Blocks<'r>,
        options: &EvaluateOptions,
    ) -> Result<Vec<Ran<'r>>, JixiaoError> {
        let mut shared = EvaluateInput {
            tables,
            ..EvaluateInput::default()
        };
        let mut ran: Vec<Ran> = Vec::with_capacity(periods.len());
        for (i, spec) in periods.iter_mut().enumerate() {
            let block = blocks.rows(&spec.rows);
            let output = if spec.tables.is_some() || spec.previous.is_some() {
                let own = EvaluateInput {
                    period: Some(spec.name.text.clone()),
                    previous: spec.previous.take(),
                    tables: spec.tables.take().or_else(|| shared.tables.clone()),
                    ..EvaluateInput::default()
                };
                self.evaluate_rows(&own, block, options)
            } else {
                shared.period = Some(spec.name.text.clone());
                self.evaluate_rows(&shared, block, options)
            }
            .map_err(|e| {
                if e.path.starts_with("options") {
                    e
                } else {
                    under_period(e, i)
                }
            })?;
            let lines = if block.is_empty() {
                Vec::new()
            } else {
                block.split('\n').collect()
            };
            ran.push(Ran {
                spec_index: i,
                lines,
                output,
            });
        }
        Ok(ran)
    }
}

/// Re-paths an error of listed period `i` under `periods/i` (`rows/2` → `periods/i/rows/2`;
/// a formula's pointer `/indicators/5/actual/formula` → `periods/i/indicators/5/actual/formula`).
pub(super) fn under_period(mut e: JixiaoError, i: usize) -> JixiaoError {
    let inner = e.path.strip_prefix('/').unwrap_or(&e.path);
    e.path = if inner.is_empty() {
        format!("periods/{i}")
    } else {
        format!("periods/{i}/{inner}")
    };
    e
}
