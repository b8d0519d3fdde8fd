//! Commissions: the gate, a team's totals for a team plan, the tier table, and the
//! year-to-date true-up (what is due less what was paid, a clawback when negative).

use super::inputs::{CommissionRow, RowIncentives};
use super::{Dec, Payer, PayoutLine};
use crate::engine::output::PayoutSlice;
use crate::engine::row::Evaluated;
use crate::i18n::tr;
use crate::incentives::{compute_checked_commission, explain_commission, true_up, CommissionBreakdown, Figures};
use crate::numbers::checked_add;
use crate::scheme::On;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Per group: Σ base and Σ target (none when no member has one).
type TeamSums = IndexMap<Option<Arc<str>>, (Decimal, Option<Decimal>)>;

impl Payer<'_> {
    /// Pays every commission plan.
    pub(super) fn commissions(&self, lines: &mut [Vec<PayoutLine>]) {
        for ci in 0..self.plan.incentives.commissions.len() {
            let sums = self.team_sums(ci);
            for (ri, r) in self.rows.iter().enumerate() {
                let Some(x) = r.incentives.as_ref() else { continue };
                let Some(cr) = x.commissions.get(ci) else { continue };
                if !cr.applies {
                    continue;
                }
                let (Some(out), Some(l)) = (lines.get_mut(ri), self.commission(ci, r, x, cr, &sums)) else {
                    continue;
                };
                out.push(l);
            }
        }
    }

    /// A team plan's totals per group. A group plan reads every member's base, so members
    /// are read whatever `appliesTo` says; rows where the plan does not apply still count.
    fn team_sums(&self, ci: usize) -> TeamSums {
        let mut sums = TeamSums::new();
        if !self.plan.incentives.commissions.get(ci).is_some_and(|c| c.group) {
            return sums;
        }
        for r in self.rows {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(cr) = x.commissions.get(ci) else { continue };
            let e = sums.entry(x.group.clone()).or_insert((Decimal::ZERO, None));
            if let Some(b) = cr.base {
                e.0 = checked_add(e.0, b).unwrap_or(e.0);
            }
            if let Some(t) = cr.target {
                e.1 = Some(checked_add(e.1.unwrap_or_default(), t).unwrap_or(t));
            }
        }
        sums
    }

    /// The line of commission `ci` for one row it applies to.
    fn commission(
        &self,
        ci: usize,
        r: &Evaluated,
        x: &RowIncentives,
        cr: &CommissionRow,
        sums: &TeamSums,
    ) -> Option<PayoutLine> {
        let c = self.plan.incentives.commissions.get(ci)?;
        let (locale, money) = (self.locale, &self.money);
        if let Some(refused) = self.refused(&c.key, &c.name, "commission", r, &cr.gate) {
            return Some(refused);
        }
        let (base, target) = if c.group {
            sums.get(&x.group).copied().unwrap_or((Decimal::ZERO, None))
        } else {
            (cr.base.unwrap_or(Decimal::ZERO), cr.target)
        };
        if c.table.on.basis() == On::Achievement && target.is_none() {
            let text = tr!(
                locale,
                "{}：缺少目标，无法按达成率分档 → 0",
                "{}：缺少目標，無法按達成率分檔 → 0",
                "{}: no target, so tiers on achievement cannot apply → 0",
                c.name.get(locale)
            );
            return Some(self.line(&c.key, &c.name, "commission", money.zero(), "missing", text));
        }
        let figures = Figures {
            base,
            target,
            figure: cr.figure,
        };
        let b = match compute_checked_commission(&c.table, figures, money.places, money.mode) {
            Ok(b) => b,
            Err(mut e) => {
                e.localize(locale);
                let text = format!("{}{}", self.label(&c.name), e.message);
                return Some(self.line(&c.key, &c.name, "commission", money.zero(), "error", text));
            }
        };
        self.paid_commission(ci, x, cr, (base, target), &b)
    }

    /// The line of a computed commission: its tiers explained, a team plan's team, and the
    /// year-to-date true-up.
    fn paid_commission(
        &self,
        ci: usize,
        x: &RowIncentives,
        cr: &CommissionRow,
        (base, target): (Decimal, Option<Decimal>),
        b: &CommissionBreakdown,
    ) -> Option<PayoutLine> {
        let c = self.plan.incentives.commissions.get(ci)?;
        let (locale, money) = (self.locale, &self.money);
        let mut text = match self.texts {
            true => format!(
                "{}{}",
                self.label(&c.name),
                explain_commission(b, &c.table, locale, money.places).join(money.sep())
            ),
            false => String::new(),
        };
        if c.group && self.texts {
            let g = x.group.as_deref().unwrap_or_default();
            text.push_str(&tr!(
                locale,
                "（按 {g} 团队合计计提）",
                "（按 {g} 團隊合計計提）",
                " (on the team total of {g})"
            ));
        }
        let mut status = if b.capped { "capped" } else { "paid" };
        let mut amount = b.amount;
        let mut paid = None;
        if c.ytd {
            let already = cr.paid.unwrap_or(Decimal::ZERO);
            match self.true_up(b, already, &mut text) {
                Ok((due, clawback)) => {
                    amount = due;
                    paid = Some(Dec(money.round(already)));
                    if clawback {
                        status = "clawback";
                    }
                }
                Err(message) => {
                    return Some(self.line(&c.key, &c.name, "commission", money.zero(), "error", message));
                }
            }
        }
        Some(PayoutLine {
            base: Some(Dec(base)),
            target: target.map(Dec),
            rate: b.rate.map(Dec),
            paid,
            slices: slices_of(b),
            ..self.line(&c.key, &c.name, "commission", Dec(money.round(amount)), status, text)
        })
    }

    /// Year to date less what was paid: (the amount due, whether it is a clawback), its
    /// text added to `text`; or the localized message of a failure.
    fn true_up(&self, b: &CommissionBreakdown, already: Decimal, text: &mut String) -> Result<(Decimal, bool), String> {
        let (locale, money) = (self.locale, &self.money);
        match true_up(b, already) {
            Ok(v) => {
                let amount = money.round(v);
                let clawback = amount.is_sign_negative() && !amount.is_zero();
                if !self.texts {
                    return Ok((amount, clawback));
                }
                text.push_str(money.sep());
                text.push_str(&tr!(
                    locale,
                    "本年累计 {} − 已发 {} = {}",
                    "本年累計 {} − 已發 {} = {}",
                    "year to date {} − paid {} = {}",
                    money.text(b.amount),
                    money.text(already),
                    money.text(amount)
                ));
                if clawback {
                    text.push_str(&tr!(locale, "（追回）", "（追回）", " (clawback)"));
                }
                Ok((amount, clawback))
            }
            Err(mut e) => {
                e.localize(locale);
                Err(e.message.clone())
            }
        }
    }
}

/// The tier slices of a commission as the output shows them.
fn slices_of(b: &CommissionBreakdown) -> Vec<PayoutSlice> {
    b.slices
        .iter()
        .map(|s| PayoutSlice {
            from: Dec(s.from),
            to: s.to.map(Dec),
            rate: Dec(s.rate),
            base: Dec(s.amount_in_slice),
            pay: Dec(s.pay),
        })
        .collect()
}
