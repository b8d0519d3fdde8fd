//! One row evaluated: the evaluator's state, how its figures are written and its errors
//! recorded, and `run`, which walks the phases in order (read, indicators, weights,
//! adjustments, total, veto, grade, rank keys, explanation).

use super::formulas;
use super::input::OutputMode;
use super::output::{Dec, Explanation, IndicatorResult, PersonResult, Step, StepInput};
use super::payouts;
use crate::compile::{FieldRef, Plan, WeightSet};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use crate::measures;
use crate::numbers::{format_fixed, format_grouped, format_percent, format_plain, round};
use crate::records::{self, Cell, RowProblem, Rows, Slot, Slots};
use rust_decimal::Decimal;
use serde_json::value::RawValue;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The error of a phase that failed: the reason is already in the row's `errors`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Recorded;

/// One row's computed figures, kept for ranking.
pub(super) struct Evaluated {
    pub(super) result: PersonResult,
    pub(super) keys: Vec<Option<Decimal>>,
    /// The `ranking.groupBy` cell, shared (not copied) by everything that groups the row.
    pub(super) group_key: Option<Arc<str>>,
    pub(super) total: Option<Decimal>,
    /// What the incentives read from the row (when the scheme has any and the row is ok).
    pub(super) incentives: Option<payouts::RowIncentives>,
}

impl Evaluated {
    /// Fails a row evaluated without a problem of its own (a check over all rows found
    /// one): no total, grade, veto or incentives; the indicators stay visible.
    pub(super) fn fail(&mut self, error: JixiaoError) {
        let r = &mut self.result;
        (r.ok, r.total, r.grade, r.vetoed, r.veto) = (false, None, None, false, None);
        r.errors.push(error);
        (self.total, self.incentives) = (None, None);
    }
}

/// Per-indicator working state.
#[derive(Clone, Default)]
pub(super) struct IndState {
    pub(super) actual: Option<Decimal>,
    pub(super) target: Option<Decimal>,
    pub(super) achievement: Option<Decimal>,
    pub(super) shown: Option<Decimal>,
    pub(super) status: &'static str,
    pub(super) branch: Option<String>,
    pub(super) excluded: bool,
    pub(super) failed: bool,
    pub(super) weight: Option<Decimal>,
    pub(super) weighted: Option<Decimal>,
    pub(super) inputs: Vec<StepInput>,
    /// "actual … = achievement" text, and the rule text.
    pub(super) calc: String,
    pub(super) rule: String,
}

/// Evaluates one row of one evaluation.
pub(super) struct RowEvaluator<'p> {
    pub(super) plan: &'p Plan,
    pub(super) locale: Locale,
    /// What the caller reads of the result: `Full` builds every part; a lean shape leaves
    /// out the parts its results drop (DESIGN.md, "Large tables").
    pub(super) shape: OutputMode,
    pub(super) explain: bool,
    /// With `explain: [ids]`, the ids: `explain` is then set per row once its id is read.
    pub(super) explain_only: Option<&'p [String]>,
    pub(super) index: usize,
    pub(super) version: Option<usize>,
    pub(super) errors: Vec<JixiaoError>,
    pub(super) steps: Vec<Step>,
    /// The indicators' figures so far, for formulas that read indicators.
    pub(super) figures: Vec<formulas::Figures>,
    /// Aggregates over raw tables, computed before the rows.
    pub(super) measures: Option<&'p measures::MeasureValues>,
    /// The groups' team figures, computed before the rows are scored.
    pub(super) teams: Option<&'p super::teams::TeamValues>,
    /// The evaluated period as the input names it.
    pub(super) period: Option<&'p str>,
    /// What the scheme's formulas know: the period, `asOf`, the holidays.
    pub(super) formulas: &'p crate::formula::FormulaContext,
    /// (indicator key, achievement) of uncapped linear indicators far beyond their target.
    pub(super) far: Vec<(String, Decimal)>,
}

/// A veto that hit: what the result shows, and the grade it forces (`None`: no grade).
pub(super) struct Vetoed {
    pub(super) hit: super::output::VetoHit,
    pub(super) grade: Option<String>,
}

impl<'p> RowEvaluator<'p> {
    /// Evaluates the row, phase by phase.
    pub(super) fn run(&mut self, rows: &Rows, unknown_roles: &mut BTreeSet<String>) -> Evaluated {
        let plan = self.plan;
        let (cells, measure_errors) = match self.measure_cells() {
            Ok(cells) => (cells, Vec::new()),
            Err(errors) => (Vec::new(), errors),
        };
        let slots = match self.read_slots(rows, &cells) {
            Ok(slots) => slots,
            Err(problem) => return self.failed_row(vec![problem]),
        };
        if let Some(ids) = self.explain_only {
            let id = self.identity(&slots, plan.id);
            self.explain = id.is_some_and(|id| ids.contains(&id));
        }
        if let Some(problem) = self.invalid_id(&slots) {
            return self.failed_row(vec![problem]);
        }
        if !measure_errors.is_empty() {
            return self.identified_failure(&slots, measure_errors);
        }
        let role = self.identity(&slots, plan.role);
        let weights = self.weight_set(role.as_deref(), unknown_roles);
        let mut states = self.indicators(&slots, weights, None);
        let categories = self.weigh_row(&mut states, weights);
        self.snapshot(&states);
        let adjustments = self.adjustments(&slots);
        let mut total = self.errors.is_empty().then(|| self.total(&states, &adjustments));
        let veto = self.veto(&slots, &states, &mut total);
        let group = self.identity(&slots, plan.group);
        let shared = Shared::new(plan.group, group.as_deref());
        let incentives =
            (total.is_some() && !plan.incentives.is_empty()).then(|| self.incentive_inputs(&slots, &states, &shared));
        if !self.errors.is_empty() {
            total = None;
        }
        let grade = self.grade(total, veto.as_ref());
        let ok = total.is_some();
        let keys = self.rank_keys(&slots, &states, total);
        let group_key = self.shared_text(&slots, plan.ranking.group_by, &shared);
        let indicators = self.indicator_results(&mut states);
        if self.explain {
            self.explain_indicators(&mut states);
        }
        let result = PersonResult {
            index: self.index,
            id: self.identity(&slots, plan.id),
            name: self.identity(&slots, plan.name),
            group,
            role,
            ok,
            total: total.map(Dec),
            grade,
            vetoed: veto.is_some() && ok,
            veto: veto.filter(|_| ok).map(|v| v.hit),
            indicators,
            categories,
            adjustments,
            explain: self.explanation(),
            errors: std::mem::take(&mut self.errors),
            ..empty_result(self.index, Vec::new())
        };
        Evaluated {
            result,
            keys,
            group_key,
            total,
            incentives,
        }
    }

    /// A row whose measures could not be computed: failed, but named.
    fn identified_failure(&mut self, slots: &Slots, errors: Vec<JixiaoError>) -> Evaluated {
        let plan = self.plan;
        let mut ev = self.failed_row(errors);
        ev.result.id = self.identity(slots, plan.id);
        ev.result.name = self.identity(slots, plan.name);
        ev.result.group = self.identity(slots, plan.group);
        ev.result.role = self.identity(slots, plan.role);
        ev
    }

    /// The row's explanation, when asked for: its steps and their lines.
    fn explanation(&mut self) -> Option<Explanation> {
        self.explain.then(|| Explanation {
            lines: self.steps.iter().map(|s| s.text.clone()).collect(),
            steps: std::mem::take(&mut self.steps),
        })
    }

    /// The row's cells, with the person's measure values written into their columns; an
    /// unreadable row is an `INVALID_ROW` error.
    pub(super) fn read_slots<'a>(
        &self,
        rows: &Rows<'a>,
        cells: &'a [(usize, Box<RawValue>)],
    ) -> Result<Slots<'a>, JixiaoError> {
        let mut slots = rows
            .slots(self.index, &self.plan.fields)
            .map_err(|problem| self.unreadable(&problem))?;
        for (column, raw) in cells {
            if let Some(slot) = slots.get_mut(*column) {
                *slot = Some(Slot::Raw(raw));
            }
        }
        Ok(slots)
    }

    fn unreadable(&self, problem: &RowProblem) -> JixiaoError {
        let (cn, tw, en) = match problem {
            RowProblem::Unreadable(r) => (
                format!("第 {} 行无法读取：{r}", self.index),
                format!("第 {} 列無法讀取：{r}", self.index),
                format!("row {} cannot be read: {r}", self.index),
            ),
            RowProblem::NotAnObject(k) => (
                format!("第 {} 行不是对象（{k}）", self.index),
                format!("第 {} 列不是物件（{k}）", self.index),
                format!("row {} is not an object ({k})", self.index),
            ),
        };
        let mut e = JixiaoError::new(
            ErrorCode::InvalidRow,
            format!("rows/{}", self.index),
            Text::new(cn, tw, en),
        );
        e.row = Some(self.index);
        e
    }

    /// The weight set of the row's role and the evaluated version (else the version's base
    /// set, else the base set); a role without an override is noted in `unknown_roles`.
    fn weight_set(&self, role: Option<&str>, unknown_roles: &mut BTreeSet<String>) -> Option<&'p WeightSet> {
        let plan = self.plan;
        // a few sets at most: a scan, with no key built (and hashed) per row
        let set = |r: Option<&str>, v: Option<usize>| {
            (plan.weights.iter())
                .find(|((k, kv), _)| k.as_deref() == r && *kv == v)
                .map(|(_, ws)| ws)
        };
        if let Some(r) = role {
            match set(Some(r), self.version) {
                Some(ws) => return Some(ws),
                None => {
                    if plan.role.is_some()
                        && plan.weights.keys().any(|(k, _)| k.is_some())
                        && !unknown_roles.contains(r)
                    {
                        unknown_roles.insert(r.to_string());
                    }
                }
            }
        }
        set(None, self.version).or_else(|| set(None, None))
    }

    /// Whether the row's words are written: the full output shows them, an explanation
    /// quotes them; a lean output without explanations reads none.
    pub(super) fn texts(&self) -> bool {
        self.shape == OutputMode::Full || self.explain || self.explain_only.is_some()
    }

    /// A text column shared by whatever groups the row by it: the `group` column already
    /// read is shared, not read and copied again.
    pub(super) fn shared_text(&self, slots: &Slots, f: Option<FieldRef>, shared: &Shared) -> Option<Arc<str>> {
        match f {
            Some(f) if Some(f) == shared.field => shared.text.clone(),
            _ => self.identity(slots, f).map(Arc::from),
        }
    }

    /// The person's measure values as cells of their row: (column, JSON text), or the
    /// errors of credited table rows that could not be read.
    pub(super) fn measure_cells(&mut self) -> Result<Vec<(usize, Box<RawValue>)>, Vec<JixiaoError>> {
        let plan = self.plan;
        let Some(values) = self.measures else {
            return Ok(Vec::new());
        };
        let mut cells = Vec::new();
        let mut errors = Vec::new();
        for (i, m) in plan.measures.iter().enumerate() {
            if !values.computed(i) {
                continue;
            }
            match values.get(i, m.op, self.index) {
                Ok(v) => {
                    if self.explain {
                        let text = values.describe(m, &v, self.period, self.locale);
                        self.steps.push(Step {
                            kind: "measure",
                            key: Some(m.name.clone()),
                            inputs: Vec::new(),
                            rule: Some(crate::compile::op_name(m.op).to_string()),
                            branch: None,
                            value: v.value.map(Dec),
                            text,
                        });
                    }
                    let json = v.value.map_or_else(|| "null".to_string(), |x| format!("\"{x}\""));
                    match RawValue::from_string(json) {
                        Ok(raw) => cells.push((m.column, raw)),
                        Err(_) => cells.push((m.column, RawValue::NULL.to_owned())),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(cells)
        } else {
            Err(errors)
        }
    }

    /// The indicators as the result shows them: `output: "totals"` shows none, and
    /// `"scores"` only their scores and weighted scores.
    fn indicator_results(&self, states: &mut [IndState]) -> Vec<IndicatorResult> {
        let plan = self.plan;
        match self.shape {
            OutputMode::Full => {}
            OutputMode::Totals => return Vec::new(),
            OutputMode::Scores => {
                // what `compact` reads, at the scheme's positions
                let score = |st: &IndState| IndicatorResult {
                    key: String::new(),
                    name: String::new(),
                    status: st.status,
                    actual: None,
                    target: None,
                    achievement: None,
                    score: st.shown.map(Dec),
                    weight: None,
                    weighted: st.weighted.map(Dec),
                    branch: None,
                };
                return states.iter().map(score).collect();
            }
        }
        plan.indicators
            .iter()
            .zip(states.iter_mut())
            .map(|(ind, st)| IndicatorResult {
                key: ind.key.clone(),
                name: ind.name.clone(),
                status: st.status,
                actual: st.actual.map(Dec),
                target: st.target.map(Dec),
                achievement: st
                    .achievement
                    .map(|a| Dec(round(a, plan.rounding.rate, plan.rounding.mode))),
                score: st.shown.map(Dec),
                weight: st.weight.map(|w| Dec(self.round_score(w))),
                weighted: st.weighted.map(Dec),
                branch: if self.explain {
                    st.branch.clone()
                } else {
                    st.branch.take()
                },
            })
            .collect()
    }

    /// A row that could not be evaluated at all.
    pub(super) fn failed_row(&mut self, errors: Vec<JixiaoError>) -> Evaluated {
        Evaluated {
            result: empty_result(self.index, errors),
            keys: Vec::new(),
            group_key: None,
            total: None,
            incentives: None,
        }
    }

    /// `INVALID_ID` when the id cell holds a list, a boolean or an object naming no id.
    pub(super) fn invalid_id(&self, slots: &Slots) -> Option<JixiaoError> {
        let f = self.plan.id?;
        let cell = records::cell(slots, &self.plan.fields, f);
        if records::can_be_id(&cell) {
            return None;
        }
        let field = self.field_name(f);
        let raw = records::text(&cell).unwrap_or_default();
        let shown: String = raw.chars().take(40).collect();
        let messages = Text::new(
            format!("“{field}” 的值 {shown} 不是工号（应为文本或数字）"),
            format!("「{field}」的值 {shown} 不是工號（應為文字或數字）"),
            format!("the value {shown} of \"{field}\" is not an id (a text or a number)"),
        );
        Some(JixiaoError::new(ErrorCode::InvalidId, "", messages).at_row(self.index, &field, Some(&raw)))
    }

    /// A column's text, when not blank (the person's id, name, group, role).
    pub(super) fn identity(&self, slots: &Slots, f: Option<FieldRef>) -> Option<String> {
        f.and_then(|f| records::nonblank_text(&records::cell(slots, &self.plan.fields, f)))
    }
}

/// The `group` column as read once for a row, for whatever else groups the row by it.
pub(in crate::engine) struct Shared {
    field: Option<FieldRef>,
    text: Option<Arc<str>>,
}

impl Shared {
    fn new(field: Option<FieldRef>, text: Option<&str>) -> Shared {
        Shared {
            field,
            text: text.map(Arc::from),
        }
    }
}

/// A result with no figures: the form of a failed row, and the base of every result.
fn empty_result(index: usize, errors: Vec<JixiaoError>) -> PersonResult {
    PersonResult {
        index,
        id: None,
        name: None,
        group: None,
        role: None,
        ok: false,
        total: None,
        grade: None,
        rank: None,
        group_rank: None,
        top_percent: None,
        vetoed: false,
        veto: None,
        indicators: Vec::new(),
        categories: Vec::new(),
        adjustments: Vec::new(),
        incentives: Vec::new(),
        payout: None,
        explain: None,
        errors,
    }
}

/// How figures are written and errors recorded.
impl RowEvaluator<'_> {
    /// A value as read: grouped when large, else plain (`≈` marks a rounded quotient).
    pub(super) fn value_text(&self, v: Decimal) -> String {
        if v.abs() >= Decimal::ONE_THOUSAND {
            format_grouped(v, self.plan.rounding.money, self.plan.rounding.mode)
        } else {
            // a quotient such as 1/9 is shown to the rate places + 4, marked as rounded
            let places = self.plan.rounding.rate.saturating_add(4);
            if v.normalize().scale() > places {
                format!("≈{}", format_plain(round(v, places, self.plan.rounding.mode)))
            } else {
                format_plain(v)
            }
        }
    }

    /// A score with the scheme's score places.
    pub(super) fn score_text(&self, v: Decimal) -> String {
        format_fixed(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    /// A rate as a percentage with two places.
    pub(super) fn pct(&self, v: Decimal) -> String {
        format_percent(v, 2, self.plan.rounding.mode)
    }

    /// A score rounded to the scheme's score places.
    pub(super) fn round_score(&self, v: Decimal) -> Decimal {
        round(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    /// The user's column name of a field.
    pub(super) fn field_name(&self, f: FieldRef) -> String {
        self.plan.fields.name(f).to_string()
    }

    /// Records an error about one cell of the row.
    pub(super) fn cell_error(&mut self, code: ErrorCode, field: &str, raw: Option<&str>, messages: Text) {
        self.errors
            .push(JixiaoError::new(code, "", messages).at_row(self.index, field, raw));
    }

    /// Records a cell that is not a number where one is needed.
    pub(super) fn bad_number(&mut self, field: &str, bad: &records::BadNumber) {
        let (code, messages) = bad.problem(field);
        self.cell_error(code, field, Some(&bad.raw), messages);
    }

    /// Records a computation that left the number range; returns the marker to fail with.
    pub(super) fn overflow(&mut self, what: &str) -> Recorded {
        let messages = Text::new(
            format!("计算 “{what}” 时超出数值范围"),
            format!("計算「{what}」時超出數值範圍"),
            format!("computing \"{what}\" went out of the number range"),
        );
        self.errors.push(JixiaoError::new(
            ErrorCode::Overflow,
            format!("rows/{}", self.index),
            messages,
        ));
        if let Some(e) = self.errors.last_mut() {
            e.row = Some(self.index);
        }
        Recorded
    }

    /// A cell's text as the explanation shows it.
    pub(super) fn raw_text(cell: &Cell) -> Option<String> {
        match cell {
            Cell::Missing => None,
            Cell::Raw(r) => Some(records::text(cell).unwrap_or_else(|| r.get().to_string())),
            Cell::Number(_) | Cell::Text(_) => records::text(cell),
            Cell::Owned(v) => Some(v.to_string()),
        }
    }
}
