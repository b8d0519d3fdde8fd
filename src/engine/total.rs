//! The total: weighted scores plus adjustments, held within the scheme's bounds.

use super::output::{AdjustmentResult, Dec, Step};
use super::row::{IndState, RowEvaluator};
use crate::i18n::tr;
use crate::numbers::format_plain;
use rust_decimal::Decimal;

impl RowEvaluator<'_> {
    /// Σ weighted scores + Σ adjustments, bounded by `total.min`/`total.max`, rounded.
    pub(super) fn total(&mut self, states: &[IndState], adjustments: &[AdjustmentResult]) -> Decimal {
        let plan = self.plan;
        let mut sum = Decimal::ZERO;
        let mut parts = Vec::new();
        for st in states {
            if let Some(w) = st.weighted {
                sum = sum.checked_add(w).unwrap_or(sum);
                if self.explain {
                    parts.push(self.score_text(w));
                }
            }
        }
        for a in adjustments {
            sum = sum.checked_add(a.points.0).unwrap_or(sum);
            if self.explain {
                parts.push(format!("({})", self.score_text(a.points.0)));
            }
        }
        let mut t = sum;
        let mut note = String::new();
        if t < plan.total_min {
            t = plan.total_min;
            note = tr!(
                self.locale,
                "，不低于 {}",
                "，不低於 {}",
                ", not below {}",
                format_plain(plan.total_min)
            );
        }
        if let Some(max) = plan.total_max {
            if t > max {
                t = max;
                note = tr!(
                    self.locale,
                    "，不高于 {}",
                    "，不高於 {}",
                    ", not above {}",
                    format_plain(max)
                );
            }
        }
        let t = self.round_score(t);
        if self.explain {
            self.explain_total(&parts, sum, &note, t);
        }
        t
    }

    /// `总分 = 52.00 + 36.00 + (-5.00) = 83.00`, with the bound that applied.
    fn explain_total(&mut self, parts: &[String], sum: Decimal, note: &str, t: Decimal) {
        let text = tr!(
            self.locale,
            "总分 = {} = {}{}",
            "總分 = {} = {}{}",
            "total = {} = {}{}",
            parts.join(" + "),
            self.score_text(sum),
            note
        );
        let text = if note.is_empty() {
            text
        } else {
            format!("{text} → {}", self.score_text(t))
        };
        self.steps.push(Step {
            kind: "total",
            key: None,
            inputs: Vec::new(),
            rule: None,
            branch: None,
            value: Some(Dec(t)),
            text,
        });
    }
}
