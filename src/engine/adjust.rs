//! Adjustments: points added to or taken from the total (`per` × a value), bounded by
//! `min`/`max`, each explained.

use super::explain::tr_colon;
use super::input::OutputMode;
use super::output::{AdjustmentResult, Dec, Step};
use super::row::RowEvaluator;
use crate::compile::AdjustmentPlan;
use crate::i18n::tr;
use crate::numbers::{checked_mul, format_plain};
use crate::records::Slots;
use crate::scheme::RaterMissing;
use rust_decimal::Decimal;

impl RowEvaluator<'_> {
    /// The row's adjustments; one whose value cannot be read or computed is left out
    /// (its error is recorded).
    pub(super) fn adjustments(&mut self, slots: &Slots) -> Vec<AdjustmentResult> {
        let mut adjustments = Vec::new();
        for adj in &self.plan.adjustments {
            if let Some(a) = self.adjustment(slots, adj) {
                adjustments.push(a);
            }
        }
        adjustments
    }

    fn adjustment(&mut self, slots: &Slots, adj: &AdjustmentPlan) -> Option<AdjustmentResult> {
        let mut inputs = Vec::new();
        let v = match self.source(slots, &adj.value, "value", RaterMissing::Renormalize, &mut inputs) {
            Ok(v) => v.unwrap_or(Decimal::ZERO),
            Err(_) => return None,
        };
        let Ok(raw) = checked_mul(adj.per, v) else {
            self.overflow(&adj.name);
            return None;
        };
        let mut points = raw;
        let mut bound = None;
        if let Some(lo) = adj.min {
            if points < lo {
                points = lo;
                bound = Some(tr!(self.locale, "下限 {}", "下限 {}", "floor {}", format_plain(lo)));
            }
        }
        if let Some(hi) = adj.max {
            if points > hi {
                points = hi;
                bound = Some(tr!(self.locale, "上限 {}", "上限 {}", "ceiling {}", format_plain(hi)));
            }
        }
        let points = self.round_score(points);
        if self.explain {
            let bound = bound
                .map(|b| tr!(self.locale, "（{b}）", "（{b}）", " ({b})"))
                .unwrap_or_default();
            let text = format!(
                "{}{}{} × ({}) = {}{bound}",
                adj.name,
                tr_colon(self.locale),
                format_plain(v),
                format_plain(adj.per),
                self.score_text(points)
            );
            self.steps.push(Step {
                kind: "adjustment",
                key: Some(adj.key.clone()),
                inputs,
                rule: None,
                branch: None,
                value: Some(Dec(points)),
                text,
            });
        }
        // the lean outputs show no adjustments: only their points count (in the total)
        let full = self.shape == OutputMode::Full;
        Some(AdjustmentResult {
            key: if full { adj.key.clone() } else { String::new() },
            name: if full { adj.name.clone() } else { String::new() },
            value: Dec(v),
            points: Dec(points),
        })
    }
}
