//! Vetoes: the first veto whose condition holds sets the total (and the grade); DESIGN.md,
//! "Vetoes".

use super::output::{Dec, Step, VetoHit};
use super::row::{IndState, RowEvaluator, Vetoed};
use crate::compile::VetoPlan;
use crate::i18n::tr;
use crate::records::Slots;
use rust_decimal::Decimal;

impl RowEvaluator<'_> {
    /// Checks the vetoes in order when the row has a total: the first that holds replaces
    /// the total; a condition that cannot be read leaves the row without a total.
    pub(super) fn veto(&mut self, slots: &Slots, states: &[IndState], total: &mut Option<Decimal>) -> Option<Vetoed> {
        total.as_ref()?;
        let plan = self.plan;
        for v in &plan.vetoes {
            match self.condition(slots, &v.when, states) {
                Ok(true) => {
                    let vt = self.round_score(v.score);
                    *total = Some(vt);
                    if self.explain {
                        self.explain_veto(v, vt);
                    }
                    return Some(Vetoed {
                        hit: VetoHit {
                            key: v.key.clone(),
                            name: v.name.clone(),
                            reason: v.reason.clone(),
                        },
                        grade: v.grade.clone().or_else(|| plan.grades.last().map(|g| g.0.clone())),
                    });
                }
                Ok(false) => {}
                Err(_) => {
                    *total = None;
                    return None;
                }
            }
        }
        None
    }

    /// `一票否决：违规（原因）→ 总分 0.00`.
    fn explain_veto(&mut self, v: &VetoPlan, vt: Decimal) {
        let reason = v
            .reason
            .as_ref()
            .map(|r| tr!(self.locale, "（{r}）", "（{r}）", " ({r})"))
            .unwrap_or_default();
        let text = tr!(
            self.locale,
            "一票否决：{}{reason} → 总分 {}",
            "一票否決：{}{reason} → 總分 {}",
            "veto: {}{reason} → total {}",
            v.name,
            self.score_text(vt)
        );
        self.steps.push(Step {
            kind: "veto",
            key: Some(v.key.clone()),
            inputs: Vec::new(),
            rule: None,
            branch: None,
            value: Some(Dec(vt)),
            text,
        });
    }
}
