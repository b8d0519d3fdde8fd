//! Explanations: the indicators' lines (calculation, rule, weight) and the order of a
//! row's steps (measures and team figures, indicators, then the rest); the locale's separators.

use super::output::Step;
use super::row::{IndState, RowEvaluator};
use super::scoring::rule_name;
use crate::i18n::{tr, Locale};
use crate::numbers::format_plain;

impl RowEvaluator<'_> {
    /// Adds the indicators' steps after the measures' and before the other steps.
    pub(super) fn explain_indicators(&mut self, states: &mut [IndState]) {
        let plan = self.plan;
        let mut ind_steps = Vec::new();
        for (ind, st) in plan.indicators.iter().zip(states.iter_mut()) {
            if st.status == "error" {
                continue;
            }
            let mut text = format!("{} = {}", ind.name, st.calc);
            if !st.rule.is_empty() {
                text.push_str(tr_sep(self.locale));
                text.push_str(&st.rule);
            }
            if let (Some(w), Some(wd)) = (st.weight, st.weighted) {
                text.push_str(&tr!(
                    self.locale,
                    "；权重 {}% → {} 分",
                    "；權重 {}% → {} 分",
                    "; weight {}% → {}",
                    format_plain(w.round_dp(4)),
                    self.score_text(wd)
                ));
            } else if st.excluded {
                text = format!("{}{}{}", ind.name, tr_colon(self.locale), st.calc);
            }
            ind_steps.push(Step {
                kind: "indicator",
                key: Some(ind.key.clone()),
                inputs: std::mem::take(&mut st.inputs),
                rule: Some(rule_name(&ind.rule).into()),
                branch: st.branch.clone(),
                value: st.weighted.map(super::output::Dec),
                text,
            });
        }
        // the measures (how raw tables were totalled) and team figures first, then the
        // indicators, then the rest
        let rest = std::mem::take(&mut self.steps);
        let (mut measures, mut rest): (Vec<Step>, Vec<Step>) =
            rest.into_iter().partition(|s| s.kind == "measure" || s.kind == "team");
        measures.append(&mut ind_steps);
        measures.append(&mut rest);
        self.steps = measures;
    }
}

/// The clause separator of a locale.
pub(super) fn tr_sep(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "; ",
        _ => "；",
    }
}

/// The label colon of a locale.
pub(super) fn tr_colon(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ": ",
        _ => "：",
    }
}
