//! Incentives inside `evaluate`: what each row carries for them (read while the row is
//! evaluated), and the pass after ranking that pays commissions, bonuses, team pools and
//! awards, each line explained in the output locale. The pure incentive rules (tiers,
//! allocation, award places) live in `crate::incentives`; DESIGN.md, "Incentives", records
//! the choices.
//!
//! - `mod.rs`: the pass: each plan kind in turn, then each row's payout and explanation steps; the summary totals.
//! - `inputs.rs`: what the incentives read from one row while it is evaluated.
//! - `texts.rs`: how a condition reads in a payout line.
//! - `group.rs`: a pool's team condition over its group.
//! - `commission.rs`: commissions: gate, team totals, tiers, year-to-date true-up.
//! - `bonus.rs`: bonuses: base × grade coefficient or score, capped.
//! - `pool.rs`: team pools: one amount per group, its condition, weights, allocation.
//! - `awards.rs`: awards: places by a figure, within groups, ties shared.

mod awards;
mod bonus;
mod commission;
mod group;
mod inputs;
mod pool;
mod texts;

pub(super) use inputs::RowIncentives;

use super::output::{Dec, PayoutLine, Step};
use super::row::Evaluated;
use crate::compile::Plan;
use crate::error::JixiaoError;
use crate::i18n::{tr, Locale, Text};
use crate::numbers::{checked_add, format_grouped, round};
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// Money formatting and rounding of one evaluation.
struct Money {
    places: u32,
    mode: crate::numbers::RoundingMode,
    locale: Locale,
}

impl Money {
    fn round(&self, v: Decimal) -> Decimal {
        round(v, self.places, self.mode)
    }
    fn text(&self, v: Decimal) -> String {
        format_grouped(v, self.places, self.mode)
    }
    fn sep(&self) -> &'static str {
        match self.locale {
            Locale::En => "; ",
            _ => "；",
        }
    }
    fn zero(&self) -> Dec {
        Dec(self.round(Decimal::ZERO))
    }
}

/// One payment pass over the ranked rows: every plan kind adds its lines to `lines`
/// (one list per row).
struct Payer<'a> {
    plan: &'a Plan,
    locale: Locale,
    money: Money,
    rows: &'a [Evaluated],
    /// Whether lines carry their words (name, text, a pool share's rate): not for a lean
    /// output, which drops the lines and reads only their keys and amounts (DESIGN.md,
    /// "Large tables"); amounts and statuses are the same either way.
    texts: bool,
}

impl Payer<'_> {
    /// A payout line of a plan, with no figures yet. Without texts the line carries its
    /// key (the summary totals by key), amount and status only: nobody reads the rest.
    fn line(
        &self,
        key: &str,
        name: &Text,
        kind: &'static str,
        amount: Dec,
        status: &'static str,
        text: String,
    ) -> PayoutLine {
        let name = if self.texts { name.get(self.locale) } else { "" };
        line(key, name, kind, amount, status, text)
    }

    /// A line's text, written only when lines carry texts.
    fn words(&self, text: impl FnOnce() -> String) -> String {
        if self.texts {
            text()
        } else {
            String::new()
        }
    }

    /// The zero line of a vetoed person.
    fn vetoed(&self, key: &str, name: &Text, kind: &'static str) -> PayoutLine {
        let n = name.get(self.locale);
        let text = self.words(|| {
            tr!(
                self.locale,
                "{n}：一票否决，不发放 → 0",
                "{n}：一票否決，不發放 → 0",
                "{n}: vetoed, nothing paid → 0"
            )
        });
        self.line(key, name, kind, self.money.zero(), "vetoed", text)
    }

    /// The zero line of a gate not met.
    fn gate_failed(&self, key: &str, name: &Text, kind: &'static str, why: &str) -> PayoutLine {
        let text = self.words(|| {
            tr!(
                self.locale,
                "{}：门槛未达（{why}）→ 0",
                "{}：門檻未達（{why}）→ 0",
                "{}: gate not met ({why}) → 0",
                name.get(self.locale)
            )
        });
        self.line(key, name, kind, self.money.zero(), "gate_failed", text)
    }

    /// The zero line of a plan that does not pay this row: vetoed, or its gate not met.
    fn refused(
        &self,
        key: &str,
        name: &Text,
        kind: &'static str,
        r: &Evaluated,
        gate: &Option<(bool, String)>,
    ) -> Option<PayoutLine> {
        if r.result.vetoed {
            return Some(self.vetoed(key, name, kind));
        }
        match gate {
            Some((false, why)) => Some(self.gate_failed(key, name, kind, why)),
            _ => None,
        }
    }

    /// `名称：` / `name: `.
    fn label(&self, name: &Text) -> String {
        format!(
            "{}{}",
            name.get(self.locale),
            if self.locale == Locale::En { ": " } else { "：" }
        )
    }
}

fn line(key: &str, name: &str, kind: &'static str, amount: Dec, status: &'static str, text: String) -> PayoutLine {
    PayoutLine {
        key: key.to_string(),
        name: name.to_string(),
        kind,
        amount,
        status,
        base: None,
        target: None,
        rate: None,
        paid: None,
        slices: Vec::new(),
        text,
    }
}

/// Pays the scheme's incentives on the evaluated rows (after ranking), filling each
/// row's `incentives` and `payout`. Group problems (a pool amount that differs inside a
/// group, a pool left partly unallocated) go to `warnings`. `texts`: whether the lines are
/// explained in words (the explanation steps, with `explain`, always are).
pub(super) fn pay(
    plan: &Plan,
    rows: &mut [Evaluated],
    locale: Locale,
    (explain, texts): (bool, bool),
    warnings: &mut Vec<JixiaoError>,
) {
    if plan.incentives.is_empty() {
        return;
    }
    let money = Money {
        places: plan.rounding.money,
        mode: plan.rounding.mode,
        locale,
    };
    let mut lines: Vec<Vec<PayoutLine>> = vec![Vec::new(); rows.len()];
    let payer = Payer {
        plan,
        locale,
        money,
        rows,
        texts: texts || explain,
    };
    payer.commissions(&mut lines);
    payer.bonuses(&mut lines);
    payer.pools(&mut lines, warnings);
    payer.awards(&mut lines);
    let money = payer.money;
    for (r, ls) in rows.iter_mut().zip(lines) {
        settle(plan, r, ls, &money, explain);
    }
}

/// A row's lines, payout and explanation steps. A failed row gets 0 from every plan
/// (awards aside), and says why.
fn settle(plan: &Plan, r: &mut Evaluated, mut ls: Vec<PayoutLine>, money: &Money, explain: bool) {
    let inc = &plan.incentives;
    let locale = money.locale;
    if !r.result.ok {
        let why = tr!(
            locale,
            "本行数据有误（见 errors），未计算 → 0",
            "本列資料有誤（見 errors），未計算 → 0",
            "this row has errors (see errors); not computed → 0"
        );
        let plans = inc
            .commissions
            .iter()
            .map(|c| (&c.key, &c.name, "commission"))
            .chain(inc.bonuses.iter().map(|b| (&b.key, &b.name, "bonus")))
            .chain(inc.pools.iter().map(|p| (&p.key, &p.name, "pool")));
        for (key, name, kind) in plans {
            let text = format!(
                "{}{}{why}",
                name.get(locale),
                if locale == Locale::En { ": " } else { "：" }
            );
            ls.push(line(key, name.get(locale), kind, money.zero(), "failed", text));
        }
    } else if r.incentives.is_none() {
        return;
    }
    let sum = ls
        .iter()
        .try_fold(Decimal::ZERO, |s, l| checked_add(s, l.amount.0).ok())
        .unwrap_or(Decimal::ZERO);
    r.result.payout = Some(Dec(money.round(sum)));
    if explain {
        if let Some(ex) = r.result.explain.as_mut() {
            for l in &ls {
                ex.lines.push(l.text.clone());
                ex.steps.push(Step {
                    kind: "incentive",
                    key: Some(l.key.clone()),
                    inputs: Vec::new(),
                    rule: Some(l.kind.into()),
                    branch: Some(l.status.into()),
                    value: Some(l.amount),
                    text: l.text.clone(),
                });
            }
        }
    }
    r.result.incentives = ls;
}

/// Σ of every payout, and per plan key, for the summary.
pub(super) fn totals(plan: &Plan, rows: &[Evaluated]) -> (Option<Dec>, IndexMap<String, Dec>) {
    let inc = &plan.incentives;
    if inc.is_empty() {
        return (None, IndexMap::new());
    }
    let places = plan.rounding.money;
    let mode = plan.rounding.mode;
    let mut by_key: IndexMap<String, Decimal> = inc
        .commissions
        .iter()
        .map(|c| c.key.clone())
        .chain(inc.bonuses.iter().map(|b| b.key.clone()))
        .chain(inc.pools.iter().map(|p| p.key.clone()))
        .chain(inc.awards.iter().map(|a| a.key.clone()))
        .map(|k| (k, Decimal::ZERO))
        .collect();
    let mut total = Decimal::ZERO;
    for r in rows {
        for l in &r.result.incentives {
            total = checked_add(total, l.amount.0).unwrap_or(total);
            if let Some(v) = by_key.get_mut(&l.key) {
                *v = checked_add(*v, l.amount.0).unwrap_or(*v);
            }
        }
    }
    (
        Some(Dec(round(total, places, mode))),
        by_key
            .into_iter()
            .map(|(k, v)| (k, Dec(round(v, places, mode))))
            .collect(),
    )
}
