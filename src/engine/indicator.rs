//! One indicator of one row: its sources read, the missing-value policy applied
//! (error, zero or exclude; DESIGN.md, "Missing data"), then scored. Indicators run in
//! dependency order.

use super::formulas;
use super::row::{IndState, RowEvaluator};
use crate::compile::{IndicatorPlan, Rule, WeightSet};
use crate::error::ErrorCode;
use crate::i18n::{tr, Text};
use crate::records::Slots;
use crate::scheme::{Missing, Weighting};
use rust_decimal::Decimal;

impl RowEvaluator<'_> {
    /// Every indicator of the row, in the plan's order (an indicator a formula reads comes
    /// first). With the row's `weights`, an indicator whose effective weight is 0 is not
    /// evaluated (`inactive`); with `only`, just the indicators it marks are.
    pub(super) fn indicators(
        &mut self,
        slots: &Slots,
        weights: Option<&WeightSet>,
        only: Option<&[bool]>,
    ) -> Vec<IndState> {
        let plan = self.plan;
        let mut states: Vec<IndState> = vec![IndState::default(); plan.indicators.len()];
        self.snapshot(&states);
        for &i in &plan.order {
            if only.is_some_and(|needed| needed.get(i) != Some(&true)) {
                continue;
            }
            let st = match weights {
                Some(ws) if self.inactive(ws, i) => self.inactive_state(),
                _ => self.indicator(slots, i, &states),
            };
            if let Some(slot) = states.get_mut(i) {
                *slot = st;
            }
            if let (Some(f), Some(st)) = (self.figures.get_mut(i), states.get(i)) {
                *f = formulas::Figures::of(st);
            }
        }
        states
    }

    /// Whether indicator `i` weighs 0 in the row's weight set (its own weight, or, nested,
    /// its category's): it is then not evaluated (DESIGN.md, "Weights, roles and versions").
    fn inactive(&self, ws: &WeightSet, i: usize) -> bool {
        let zero = |w: Option<&Decimal>| w.is_some_and(Decimal::is_zero);
        zero(ws.indicator.get(i))
            || (self.plan.weighting == Weighting::Nested
                && zero(
                    (self.plan.indicators.get(i))
                        .and_then(|ind| ind.category)
                        .and_then(|c| ws.category.get(c)),
                ))
    }

    /// An indicator that weighs 0 for the row: no figures, out of the weighing.
    fn inactive_state(&self) -> IndState {
        IndState {
            status: "inactive",
            excluded: true,
            calc: match self.explain {
                true => tr!(
                    self.locale,
                    "权重为 0，不参与本期考核",
                    "權重為 0，不參與本期考核",
                    "weight 0: not assessed for this person in this period"
                ),
                false => String::new(),
            },
            ..IndState::default()
        }
    }

    fn indicator(&mut self, slots: &Slots, i: usize, states: &[IndState]) -> IndState {
        let plan = self.plan;
        let Some(ind) = plan.indicators.get(i) else {
            return IndState::default();
        };
        let mut st = self.read_sources(slots, ind);
        if st.failed {
            st.status = "error";
            return st;
        }
        let needs_actual = !matches!(ind.rule, Rule::PassFail { .. });
        let missing_field = if needs_actual && st.actual.is_none() {
            Some(ind.actual.as_ref().map(|s| self.source_label(s)).unwrap_or_default())
        } else if ind.rule.uses_achievement() && st.target.is_none() {
            Some(ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default())
        } else {
            None
        };
        if let Some(field) = missing_field {
            self.missing(ind, &field, &mut st);
            return st;
        }
        let (actual, target) = (st.actual, st.target);
        match self.score(slots, ind, actual, target, states, &mut st) {
            Ok(score) => {
                if score.is_none() {
                    st.failed = true;
                    st.status = "error";
                }
                st.shown = score.map(|s| self.round_score(s));
            }
            Err(_) => {
                st.failed = true;
                st.status = "error";
            }
        }
        st
    }

    /// The actual and target values; `failed` when one could not be read.
    fn read_sources(&mut self, slots: &Slots, ind: &IndicatorPlan) -> IndState {
        let mut st = IndState {
            status: "ok",
            ..IndState::default()
        };
        let mut inputs = Vec::new();
        for (src, role) in [(&ind.actual, "actual"), (&ind.target, "target")] {
            let value = match src {
                Some(src) => match self.source(slots, src, role, ind.rater_missing, &mut inputs) {
                    Ok(v) => v,
                    Err(_) => {
                        st.failed = true;
                        None
                    }
                },
                None => None,
            };
            if role == "actual" {
                st.actual = value;
            } else {
                st.target = value;
            }
        }
        st.inputs = inputs;
        st
    }

    /// A value the rule needs is missing: an error, a zero score, or the indicator drops out.
    fn missing(&mut self, ind: &IndicatorPlan, field: &str, st: &mut IndState) {
        match ind.missing {
            Missing::Error => {
                let name = ind.name.clone();
                self.cell_error(
                    ErrorCode::MissingValue,
                    field,
                    None,
                    Text::new(
                        format!("“{field}” 为空，指标 “{name}” 无法计算（missing: error）"),
                        format!("「{field}」為空，指標「{name}」無法計算（missing: error）"),
                        format!("\"{field}\" is empty, so indicator \"{name}\" cannot be computed (missing: error)"),
                    ),
                );
                st.failed = true;
                st.status = "error";
            }
            Missing::Zero => {
                st.shown = Some(self.round_score(Decimal::ZERO));
                st.status = "missing_zero";
                st.branch = Some("missing".into());
                st.calc = tr!(
                    self.locale,
                    "{} 缺失，按 0 分计",
                    "{} 缺失，按 0 分計",
                    "{} is missing, scored 0",
                    field
                );
            }
            Missing::Exclude => {
                st.excluded = true;
                st.status = "excluded";
                st.branch = Some("missing".into());
                st.calc = tr!(
                    self.locale,
                    "{} 缺失，本指标不参与计算，其余权重按比例放大到 100",
                    "{} 缺失，本指標不參與計算，其餘權重按比例放大到 100",
                    "{} is missing: the indicator drops out and the other weights scale up to 100",
                    field
                );
            }
        }
    }
}
