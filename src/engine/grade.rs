//! Grades: the band a total reaches, or the grade a veto forces, and its explanation line.

use super::output::Step;
use super::row::{RowEvaluator, Vetoed};
use crate::compile::Plan;
use crate::i18n::{tr, Locale};
use crate::numbers::format_plain;
use rust_decimal::Decimal;

impl RowEvaluator<'_> {
    /// The row's grade: none without a total, the veto's, or the first band the total reaches.
    pub(super) fn grade(&mut self, total: Option<Decimal>, veto: Option<&Vetoed>) -> Option<String> {
        let plan = self.plan;
        let t = total?;
        let grade = match veto {
            Some(v) => v.grade.clone(),
            None => plan.grades.iter().find(|(_, min)| t >= *min).map(|(g, _)| g.clone()),
        };
        if self.explain && !plan.grades.is_empty() {
            let text = grade_text(plan, self.locale, grade.as_deref(), veto.is_some(), &self.score_text(t));
            self.steps.push(Step {
                kind: "grade",
                key: None,
                inputs: Vec::new(),
                rule: None,
                branch: grade.clone(),
                value: None,
                text,
            });
        }
        grade
    }
}

/// The explanation line of a grade: by band (`等级：总分 87.30 ≥ 85 → A`), by veto, or none.
pub(super) fn grade_text(plan: &Plan, locale: Locale, grade: Option<&str>, vetoed: bool, total: &str) -> String {
    match (grade, vetoed) {
        (Some(g), true) => tr!(locale, "等级：否决 → {g}", "等級：否決 → {g}", "grade: vetoed → {g}"),
        (Some(g), false) => {
            let min = plan
                .grades
                .iter()
                .find(|(n, _)| n == g)
                .map(|(_, m)| format_plain(*m))
                .unwrap_or_default();
            tr!(
                locale,
                "等级：总分 {total} ≥ {min} → {g}",
                "等級：總分 {total} ≥ {min} → {g}",
                "grade: total {total} ≥ {min} → {g}"
            )
        }
        (None, _) => tr!(locale, "等级：无匹配档位", "等級：無匹配檔位", "grade: no band matches"),
    }
}
