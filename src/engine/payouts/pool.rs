//! Team pools: one amount per group (every member that carries one must agree), the
//! team condition, weights (score, score × base or a column; vetoed members weigh 0),
//! and the allocation with caps, each member's share explained.

use super::group::GroupCondition;
use super::inputs::PoolRow;
use super::{Dec, Payer, PayoutLine};
use crate::compile::PoolWeighting;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{tr, Text};
use crate::incentives::{allocate, Allocation};
use crate::numbers::{checked_add, checked_div, checked_mul, format_percent, format_plain, round};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One group of one pool: who is in it and what it is called in a line.
struct Group<'a> {
    pi: usize,
    name: String,
    members: &'a [usize],
}

/// A group's pool as allocated.
struct Shared {
    amount: Decimal,
    weights: Vec<Decimal>,
    weight_sum: Decimal,
    allocation: Allocation,
    /// The team condition's text when it was met.
    met: String,
}

impl Payer<'_> {
    /// Pays every team pool, group by group.
    pub(super) fn pools(&self, lines: &mut [Vec<PayoutLine>], warnings: &mut Vec<JixiaoError>) {
        for pi in 0..self.plan.incentives.pools.len() {
            let mut groups: IndexMap<Option<Arc<str>>, Vec<usize>> = IndexMap::new();
            for (ri, r) in self.rows.iter().enumerate() {
                let Some(x) = r.incentives.as_ref() else { continue };
                let Some(pr) = x.pools.get(pi) else { continue };
                groups.entry(pr.group.clone()).or_default().push(ri);
            }
            for (group, members) in &groups {
                let name = match group {
                    Some(g) => g.to_string(),
                    None => tr!(self.locale, "全员", "全員", "everyone"),
                };
                let g = Group { pi, name, members };
                match self.share(&g, warnings) {
                    Ok(shared) => self.pool_lines(&g, &shared, lines),
                    Err((status, text)) => self.fail_group(&g, status, &text, lines),
                }
            }
        }
    }

    /// What pool `pi` reads from row `ri`.
    fn pool_row(&self, pi: usize, ri: usize) -> Option<&PoolRow> {
        self.rows
            .get(ri)
            .and_then(|r| r.incentives.as_ref())
            .and_then(|x| x.pools.get(pi))
    }

    /// The group's pool allocated, or why nothing is paid: (status, text).
    fn share(&self, g: &Group, warnings: &mut Vec<JixiaoError>) -> Result<Shared, (&'static str, String)> {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return Err(("error", String::new()));
        };
        let (locale, money, gname) = (self.locale, &self.money, &g.name);
        let amount = self.pool_amount(g, warnings)?;
        let met = self.team_condition(g, amount)?;
        let weights = self.pool_weights(g);
        let caps: Vec<Option<Decimal>> = vec![p.cap; g.members.len()];
        let unit = Decimal::new(1, money.places);
        let weight_sum = weights
            .iter()
            .try_fold(Decimal::ZERO, |a, w| checked_add(a, *w).ok())
            .unwrap_or(Decimal::ZERO);
        let allocation = if weight_sum.is_zero() {
            None
        } else {
            allocate(amount, &weights, &caps, unit).ok()
        };
        let Some(allocation) = allocation else {
            let text = tr!(
                locale,
                "{}：{gname} 无人有分配权重 → 0",
                "{}：{gname} 無人有分配權重 → 0",
                "{}: nobody in {gname} has a weight → 0",
                p.name.get(locale)
            );
            return Err(("no_weight", text));
        };
        if allocation.unallocated > Decimal::ZERO {
            let left = money.text(allocation.unallocated);
            warnings.push(JixiaoError::warning(
                ErrorCode::InvalidSetting,
                format!("incentives/{}", p.key),
                Text::new(
                    format!("{gname} 全员已达上限，奖金池剩余 {left} 未分配"),
                    format!("{gname} 全員已達上限，獎金池剩餘 {left} 未分配"),
                    format!("everyone in {gname} is capped; {left} of the pool is left unallocated"),
                ),
            ));
        }
        Ok(Shared {
            amount,
            weights,
            weight_sum,
            allocation,
            met,
        })
    }

    /// The group's pool amount, in whole units of money: every member that carries one
    /// must agree, and it must not be negative.
    fn pool_amount(&self, g: &Group, warnings: &mut Vec<JixiaoError>) -> Result<Decimal, (&'static str, String)> {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return Err(("error", String::new()));
        };
        let (locale, gname) = (self.locale, &g.name);
        let mut amount: Option<Decimal> = None;
        let mut conflict = false;
        for &ri in g.members {
            if let Some(v) = self.pool_row(g.pi, ri).and_then(|pr| pr.amount) {
                match amount {
                    None => amount = Some(v),
                    Some(a) if a != v => conflict = true,
                    Some(_) => {}
                }
            }
        }
        if conflict {
            let text = tr!(
                locale,
                "{}：{gname} 组内各行的奖金池金额不一致，未分配",
                "{}：{gname} 組內各列的獎金池金額不一致，未分配",
                "{}: the rows of {gname} give different pool amounts; nothing allocated",
                p.name.get(locale)
            );
            warnings.push(JixiaoError::warning(
                ErrorCode::InvalidSetting,
                format!("incentives/{}", p.key),
                Text::new(
                    format!("{gname} 组内各行的奖金池金额不一致，未分配"),
                    format!("{gname} 組內各列的獎金池金額不一致，未分配"),
                    format!("the rows of {gname} give different pool amounts; nothing allocated"),
                ),
            ));
            return Err(("error", text));
        }
        // the pool is paid in whole units of money (allocate splits multiples of the unit)
        let amount = amount.map(|a| self.money.round(a));
        amount.filter(|a| !a.is_sign_negative() || a.is_zero()).ok_or_else(|| {
            let text = tr!(
                locale,
                "{}：{gname} 没有（或为负的）奖金池金额 → 0",
                "{}：{gname} 沒有（或為負的）獎金池金額 → 0",
                "{}: {gname} has no (or a negative) pool amount → 0",
                p.name.get(locale)
            );
            ("missing", text)
        })
    }

    /// The team condition over the group: its text for the lines when met (empty without one).
    fn team_condition(&self, g: &Group, amount: Decimal) -> Result<String, (&'static str, String)> {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return Err(("error", String::new()));
        };
        let Some(when) = &p.when else {
            return Ok(String::new());
        };
        let (locale, gname) = (self.locale, &g.name);
        let gc = GroupCondition {
            plan: self.plan,
            locale,
            members: g
                .members
                .iter()
                .filter_map(|&ri| self.pool_row(g.pi, ri).map(|pr| pr.leaves.as_slice()))
                .collect(),
        };
        let mut k = 0usize;
        let (holds, why) = gc.eval(when, &mut k);
        if holds {
            return Ok(tr!(
                locale,
                "；团队条件达成：{why}",
                "；團隊條件達成：{why}",
                "; team condition met: {why}"
            ));
        }
        Err((
            "condition_failed",
            tr!(
                locale,
                "{}：{gname} 未达成团队条件（{why}），奖金池 {} 不发放 → 0",
                "{}：{gname} 未達成團隊條件（{why}），獎金池 {} 不發放 → 0",
                "{}: {gname} missed the team condition ({why}); the pool of {} is not paid → 0",
                p.name.get(locale),
                self.money.text(amount)
            ),
        ))
    }

    /// Each member's weight: the total, the total × base, or a column; vetoed members weigh 0.
    fn pool_weights(&self, g: &Group) -> Vec<Decimal> {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return Vec::new();
        };
        let mut weights = Vec::with_capacity(g.members.len());
        for &ri in g.members {
            let Some(r) = self.rows.get(ri) else {
                weights.push(Decimal::ZERO);
                continue;
            };
            let total = r.total.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
            let figure = self.pool_row(g.pi, ri).and_then(|pr| pr.figure);
            let w = if r.result.vetoed {
                Decimal::ZERO
            } else {
                match &p.weight {
                    PoolWeighting::Score => total,
                    PoolWeighting::ScoreXBase(_) => {
                        checked_mul(total, figure.unwrap_or(Decimal::ZERO).max(Decimal::ZERO)).unwrap_or(Decimal::ZERO)
                    }
                    PoolWeighting::Field(_) => figure.unwrap_or(Decimal::ZERO).max(Decimal::ZERO),
                }
            };
            weights.push(w);
        }
        weights
    }

    /// The same zero line for every member of a group whose pool is not paid.
    fn fail_group(&self, g: &Group, status: &'static str, text: &str, lines: &mut [Vec<PayoutLine>]) {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return;
        };
        for &ri in g.members {
            if let Some(out) = lines.get_mut(ri) {
                let text = self.words(|| text.to_string());
                out.push(self.line(&p.key, &p.name, "pool", self.money.zero(), status, text));
            }
        }
    }

    /// Each member's share: weight / Σ weight of the pool, capped or not.
    fn pool_lines(&self, g: &Group, s: &Shared, lines: &mut [Vec<PayoutLine>]) {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return;
        };
        let (locale, money) = (self.locale, &self.money);
        let weight_text = match &p.weight {
            PoolWeighting::Score => tr!(locale, "按得分", "按得分", "by score"),
            PoolWeighting::ScoreXBase(_) => tr!(locale, "按得分 × 基数", "按得分 × 基數", "by score × base"),
            PoolWeighting::Field(f) => {
                let f = self.plan.fields.name(*f);
                tr!(locale, "按 {f}", "按 {f}", "by {f}")
            }
        };
        for (k, &ri) in g.members.iter().enumerate() {
            let Some(r) = self.rows.get(ri) else { continue };
            let Some(out) = lines.get_mut(ri) else { continue };
            if r.result.vetoed {
                out.push(self.vetoed(&p.key, &p.name, "pool"));
                continue;
            }
            let a = &s.allocation;
            let part = a.parts.get(k).copied().unwrap_or(Decimal::ZERO);
            let w = s.weights.get(k).copied().unwrap_or(Decimal::ZERO);
            let capped = a.capped.get(k).copied().unwrap_or(false);
            // the share is shown (rate and text) on a line a lean output never reads
            let (rate, text) = match self.texts {
                true => {
                    let share = checked_div(w, s.weight_sum).unwrap_or(Decimal::ZERO);
                    let text = self.share_text(g, s, (w, share, part, capped), &weight_text);
                    (Some(Dec(round(share, self.plan.rounding.rate, money.mode))), text)
                }
                false => (None, String::new()),
            };
            out.push(PayoutLine {
                rate,
                ..self.line(
                    &p.key,
                    &p.name,
                    "pool",
                    Dec(money.round(part)),
                    if capped { "capped" } else { "paid" },
                    text,
                )
            });
        }
    }

    /// `奖金：华东 奖金池 10,000.00 按得分，权重 90 / 180 = 50.00% → 5,000.00`, capped or not.
    fn share_text(
        &self,
        g: &Group,
        s: &Shared,
        (w, share, part, capped): (Decimal, Decimal, Decimal, bool),
        weight_text: &str,
    ) -> String {
        let Some(p) = self.plan.incentives.pools.get(g.pi) else {
            return String::new();
        };
        let (locale, money, gname) = (self.locale, &self.money, &g.name);
        let a = &s.allocation;
        let mut text = tr!(
            locale,
            "{}：{gname} 奖金池 {} {weight_text}，权重 {} / {} = {} → {}",
            "{}：{gname} 獎金池 {} {weight_text}，權重 {} / {} = {} → {}",
            "{}: {gname} pool {} {weight_text}, weight {} / {} = {} → {}",
            p.name.get(locale),
            money.text(s.amount),
            format_plain(w.normalize()),
            format_plain(s.weight_sum.normalize()),
            format_percent(share, 2, money.mode),
            money.text(part)
        );
        if capped {
            text.push_str(&tr!(
                locale,
                "（封顶，超出部分分给他人）",
                "（封頂，超出部分分給他人）",
                " (capped; the excess goes to the others)"
            ));
        } else if a.rounds > 1 && p.cap.is_some() {
            text.push_str(&tr!(
                locale,
                "（含封顶者让出的部分）",
                "（含封頂者讓出的部分）",
                " (including what capped members left)"
            ));
        }
        text.push_str(&s.met);
        text
    }
}
