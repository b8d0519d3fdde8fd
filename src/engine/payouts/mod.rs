//! Incentives inside `evaluate`: what each row carries for them (read while the row is
//! evaluated), and the pass after ranking that pays commissions, bonuses, team pools and
//! awards, each line explained in the output locale.

use super::conditions::compare;
use super::row::{Evaluated, IndState, RowEvaluator};
use crate::compile::{Cond, PoolWeighting, RankKey};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::tr;
use crate::i18n::{Locale, Text};
use crate::incentives::{
    allocate, award_places, compute_checked_commission, explain_commission, true_up, CommissionBreakdown,
};
use crate::numbers::{checked_add, checked_div, checked_mul, format_grouped, format_percent, format_plain, round};
use super::output::{Dec, PayoutLine, PayoutSlice, Step};
use crate::records::{self, Slots};
use crate::scheme::{BonusBy, Literal, Of, On, Op, RaterMissing};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::ops::Neg;

/// One leaf of a pool's group condition, as read from one row.
#[derive(Clone, Debug)]
pub(super) enum Leaf {
    /// A field compared with a number: the row's value (summed over the group).
    Number(Option<Decimal>),
    /// A field compared with a text or boolean: whether it holds for this row.
    Holds(bool),
    /// An indicator's figures.
    Indicator {
        actual: Option<Decimal>,
        target: Option<Decimal>,
        score: Option<Decimal>,
        weighted: Option<Decimal>,
    },
}

#[derive(Clone, Debug, Default)]
pub(super) struct CommissionRow {
    applies: bool,
    base: Option<Decimal>,
    target: Option<Decimal>,
    paid: Option<Decimal>,
    /// (holds, description)
    gate: Option<(bool, String)>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct BonusRow {
    applies: bool,
    base: Option<Decimal>,
    gate: Option<(bool, String)>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct PoolRow {
    group: Option<String>,
    amount: Option<Decimal>,
    /// The weight column, or the base of `score_x_base`.
    figure: Option<Decimal>,
    leaves: Vec<Leaf>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct AwardRow {
    group: Option<String>,
    figure: Option<Decimal>,
}

/// What the scheme's incentives read from one row.
#[derive(Clone, Debug, Default)]
pub(super) struct RowIncentives {
    group: Option<String>,
    commissions: Vec<CommissionRow>,
    bonuses: Vec<BonusRow>,
    pools: Vec<PoolRow>,
    awards: Vec<AwardRow>,
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Gt => ">",
        Op::Ge => "≥",
        Op::Lt => "<",
        Op::Le => "≤",
        Op::Eq => "=",
        Op::Ne => "≠",
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) => format_plain(n.0),
        Literal::Text(t) => format!("“{t}”"),
    }
}

/// The indicator's name with the figure's label, unless the name already ends with it
/// (`销售额达成率`, not `销售额达成率达成率`).
fn figure_name(name: &str, of: Of, locale: Locale) -> String {
    let label = of_text(of, locale);
    if name.ends_with(label.trim()) {
        name.to_string()
    } else {
        format!("{name}{label}")
    }
}

fn of_text(of: Of, locale: Locale) -> &'static str {
    match (of, locale) {
        (Of::Score, Locale::En) => " score",
        (Of::Score, _) => "得分",
        (Of::Actual, Locale::En) => " actual",
        (Of::Actual, _) => "实际值",
        (Of::Target, Locale::En) => " target",
        (Of::Target, _) => "目标",
        (Of::Achievement, Locale::En) => " achievement",
        (Of::Achievement, Locale::ZhTw) => "達成率",
        (Of::Achievement, Locale::ZhCn) => "达成率",
        (Of::Weighted, Locale::En) => " weighted score",
        (Of::Weighted, Locale::ZhTw) => "加權分",
        (Of::Weighted, Locale::ZhCn) => "加权分",
    }
}

fn join_words(locale: Locale, all: bool) -> &'static str {
    match (locale, all) {
        (Locale::En, true) => " and ",
        (Locale::En, false) => " or ",
        (Locale::ZhTw, true) => " 且 ",
        (Locale::ZhTw, false) => " 或 ",
        (Locale::ZhCn, true) => " 且 ",
        (Locale::ZhCn, false) => " 或 ",
    }
}

/// `回款率 0.5（需 ≥ 0.6）`: a figure and what the condition asks of it.
fn need(locale: Locale, name: &str, value: &str, op: Op, lit: &Literal) -> String {
    let (op, lit) = (op_text(op), literal_text(lit));
    match locale {
        Locale::En => format!("{name} {value} (needs {op} {lit})"),
        _ => format!("{name} {value}（需 {op} {lit}）"),
    }
}

fn shown(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format_plain(v.normalize()))
}

impl RowEvaluator<'_> {
    /// Describes a condition with the row's figures: `回款率 0.55 ≥ 0.6`.
    fn condition_text(&self, slots: &Slots, c: &Cond, states: &[IndState]) -> String {
        let plan = self.plan;
        match c {
            Cond::All(list) | Cond::Any(list) => {
                let parts: Vec<String> = list.iter().map(|c| self.condition_text(slots, c, states)).collect();
                format!("({})", parts.join(join_words(self.locale, matches!(c, Cond::All(_)))))
            }
            Cond::Not(inner) => {
                let t = self.condition_text(slots, inner, states);
                match self.locale {
                    Locale::En => format!("not {t}"),
                    _ => format!("非 {t}"),
                }
            }
            Cond::Formula(f) => f.formula.source().to_string(),
            Cond::Field(f, op, lit) => {
                let cell = records::cell(slots, &plan.fields, *f);
                let v = match lit {
                    Literal::Number(_) => shown(records::number(&cell).ok().flatten()),
                    _ => records::nonblank_text(&cell).unwrap_or_else(|| "—".into()),
                };
                need(self.locale, plan.fields.name(*f), &v, *op, lit)
            }
            Cond::Indicator(i, of, op, lit) => {
                let name = plan.indicators.get(*i).map(|p| p.name.as_str()).unwrap_or_default();
                let st = states.get(*i);
                let v = st.and_then(|s| match of {
                    Of::Score => s.shown,
                    Of::Actual => s.actual,
                    Of::Target => s.target,
                    Of::Achievement => s.achievement.map(|a| round(a, plan.rounding.rate, plan.rounding.mode)),
                    Of::Weighted => s.weighted,
                });
                need(self.locale, &figure_name(name, *of, self.locale), &shown(v), *op, lit)
            }
        }
    }

    fn leaves(&mut self, slots: &Slots, c: &Cond, states: &[IndState], out: &mut Vec<Leaf>) {
        match c {
            Cond::All(list) | Cond::Any(list) => {
                for c in list {
                    self.leaves(slots, c, states, out);
                }
            }
            Cond::Not(inner) => self.leaves(slots, inner, states, out),
            Cond::Field(f, _, Literal::Number(_)) => {
                let cell = records::cell(slots, &self.plan.fields, *f);
                out.push(Leaf::Number(match records::number(&cell) {
                    Ok(v) => v,
                    Err(bad) => {
                        let name = self.field_name(*f);
                        self.bad_number(&name, &bad);
                        None
                    }
                }));
            }
            Cond::Field(..) | Cond::Formula(_) => {
                out.push(Leaf::Holds(self.condition(slots, c, states).unwrap_or(false)));
            }
            Cond::Indicator(i, ..) => {
                let st = states.get(*i);
                out.push(Leaf::Indicator {
                    actual: st.and_then(|s| s.actual),
                    target: st.and_then(|s| s.target),
                    score: st.and_then(|s| s.shown),
                    weighted: st.and_then(|s| s.weighted),
                });
            }
        }
    }

    fn number_of(&mut self, slots: &Slots, src: &crate::compile::Source, role: &str) -> Option<Decimal> {
        let mut scratch = Vec::new();
        let explain = std::mem::replace(&mut self.explain, false);
        let v = self
            .source(slots, src, role, RaterMissing::Renormalize, &mut scratch)
            .ok()
            .flatten();
        self.explain = explain;
        v
    }

    fn gate(&mut self, slots: &Slots, c: Option<&Cond>, states: &[IndState]) -> Option<(bool, String)> {
        c.map(|c| {
            let holds = self.condition(slots, c, states).unwrap_or(false);
            (holds, self.condition_text(slots, c, states))
        })
    }

    fn applies(&mut self, slots: &Slots, c: Option<&Cond>, states: &[IndState]) -> bool {
        match c {
            None => true,
            Some(c) => self.condition(slots, c, states).unwrap_or(false),
        }
    }

    /// Reads what the incentives need from the row. A cell that is not a number is a row
    /// error (the row fails, like any other unreadable input); a blank cell is missing.
    pub(super) fn incentive_inputs(&mut self, slots: &Slots, states: &[IndState]) -> RowIncentives {
        let plan = self.plan;
        let inc = &plan.incentives;
        let group = plan
            .group
            .and_then(|g| records::nonblank_text(&records::cell(slots, &plan.fields, g)));
        let mut out = RowIncentives {
            group,
            ..RowIncentives::default()
        };
        for c in &inc.commissions {
            let applies = self.applies(slots, c.applies.as_ref(), states);
            let mut row = CommissionRow {
                applies,
                ..CommissionRow::default()
            };
            if applies || c.group {
                row.base = self.number_of(slots, &c.base, "base");
                row.target = c.target.as_ref().and_then(|t| self.number_of(slots, t, "target"));
            }
            if applies {
                row.paid = c.paid.as_ref().and_then(|t| self.number_of(slots, t, "paid"));
                row.gate = self.gate(slots, c.gate.as_ref(), states);
            }
            out.commissions.push(row);
        }
        for b in &inc.bonuses {
            let applies = self.applies(slots, b.applies.as_ref(), states);
            let mut row = BonusRow {
                applies,
                ..BonusRow::default()
            };
            if applies {
                row.base = self.number_of(slots, &b.base, "base");
                row.gate = self.gate(slots, b.gate.as_ref(), states);
            }
            out.bonuses.push(row);
        }
        for p in &inc.pools {
            let mut row = PoolRow {
                group: p
                    .group_by
                    .and_then(|g| records::nonblank_text(&records::cell(slots, &plan.fields, g))),
                amount: self.number_of(slots, &p.amount, "amount"),
                ..PoolRow::default()
            };
            row.figure = match &p.weight {
                PoolWeighting::Score => None,
                PoolWeighting::ScoreXBase(src) => self.number_of(slots, src, "base"),
                PoolWeighting::Field(f) => self.number_of(slots, &crate::compile::Source::Field(*f), "weight"),
            };
            if let Some(w) = &p.when {
                self.leaves(slots, w, states, &mut row.leaves);
            }
            out.pools.push(row);
        }
        for a in &inc.awards {
            let figure = match &a.by {
                RankKey::Total => None,
                RankKey::Indicator(i) => states.get(*i).and_then(|s| s.shown),
                RankKey::Field(f) => self.number_of(slots, &crate::compile::Source::Field(*f), "award"),
            };
            out.awards.push(AwardRow {
                group: a
                    .group_by
                    .and_then(|g| records::nonblank_text(&records::cell(slots, &plan.fields, g))),
                figure,
            });
        }
        out
    }
}

/// The group figures a pool condition compares, and its text.
struct GroupCondition<'a> {
    plan: &'a crate::compile::Plan,
    locale: Locale,
    /// Each member's leaves.
    members: Vec<&'a [Leaf]>,
}

impl GroupCondition<'_> {
    /// The group's figure for leaf `k`: Σ of a field; an indicator's Σ actual / Σ target
    /// (achievement, over the members with both), Σ actual,
    /// Σ target, or the mean score / weighted score.
    fn figure(&self, k: usize, of: Option<Of>) -> Option<Decimal> {
        let leaves = self.members.iter().filter_map(|m| m.get(k));
        let mut sum = Decimal::ZERO;
        let mut sum2 = Decimal::ZERO;
        let mut n = 0u32;
        let mut any = false;
        for leaf in leaves {
            match (leaf, of) {
                (Leaf::Number(Some(v)), _) => {
                    sum = checked_add(sum, *v).ok()?;
                    any = true;
                }
                (
                    Leaf::Indicator {
                        actual,
                        target,
                        score,
                        weighted,
                        ..
                    },
                    Some(of),
                ) => {
                    let v = match of {
                        Of::Achievement => {
                            if let (Some(a), Some(t)) = (actual, target) {
                                sum = checked_add(sum, *a).ok()?;
                                sum2 = checked_add(sum2, *t).ok()?;
                                any = true;
                            }
                            continue;
                        }
                        Of::Actual => *actual,
                        Of::Target => *target,
                        Of::Score => *score,
                        Of::Weighted => *weighted,
                    };
                    if let Some(v) = v {
                        sum = checked_add(sum, v).ok()?;
                        n = n.saturating_add(1);
                        any = true;
                    }
                }
                _ => {}
            }
        }
        if !any {
            return None;
        }
        match of {
            Some(Of::Achievement) => checked_div(sum, sum2).ok(),
            Some(Of::Score | Of::Weighted) => checked_div(sum, Decimal::from(n)).ok(),
            _ => Some(sum),
        }
    }

    /// Evaluates the condition over the group; `k` walks the leaves in order.
    fn eval(&self, c: &Cond, k: &mut usize) -> (bool, String) {
        let plan = self.plan;
        match c {
            Cond::All(list) | Cond::Any(list) => {
                let all = matches!(c, Cond::All(_));
                let mut holds = all;
                let mut parts = Vec::new();
                for c in list {
                    let (h, t) = self.eval(c, k);
                    holds = if all { holds && h } else { holds || h };
                    parts.push(t);
                }
                (holds, format!("({})", parts.join(join_words(self.locale, all))))
            }
            Cond::Not(inner) => {
                let (h, t) = self.eval(inner, k);
                let t = match self.locale {
                    Locale::En => format!("not {t}"),
                    _ => format!("非 {t}"),
                };
                (!h, t)
            }
            Cond::Field(f, op, lit) => {
                let at = *k;
                *k = k.saturating_add(1);
                let name = plan.fields.name(*f);
                match lit {
                    Literal::Number(n) => {
                        let v = self.figure(at, None);
                        let holds = v.is_some_and(|v| compare(*op, v, n.0));
                        let sum = match self.locale {
                            Locale::En => "Σ ",
                            _ => "合计 ",
                        };
                        (holds, need(self.locale, &format!("{sum}{name}"), &shown(v), *op, lit))
                    }
                    _ => {
                        let holds = !self.members.is_empty()
                            && self
                                .members
                                .iter()
                                .all(|m| matches!(m.get(at), Some(Leaf::Holds(true))));
                        let every = match self.locale {
                            Locale::En => "every member: ",
                            Locale::ZhTw => "全員 ",
                            Locale::ZhCn => "全员 ",
                        };
                        (holds, format!("{every}{name} {} {}", op_text(*op), literal_text(lit)))
                    }
                }
            }
            Cond::Formula(f) => {
                let at = *k;
                *k = k.saturating_add(1);
                let holds = !self.members.is_empty()
                    && self
                        .members
                        .iter()
                        .all(|m| matches!(m.get(at), Some(Leaf::Holds(true))));
                let every = match self.locale {
                    Locale::En => "every member: ",
                    Locale::ZhTw => "全員 ",
                    Locale::ZhCn => "全员 ",
                };
                (holds, format!("{every}{}", f.formula.source()))
            }
            Cond::Indicator(i, of, op, lit) => {
                let at = *k;
                *k = k.saturating_add(1);
                let name = plan.indicators.get(*i).map(|p| p.name.as_str()).unwrap_or_default();
                let v = self.figure(at, Some(*of));
                let holds = match (v, lit) {
                    (Some(v), Literal::Number(n)) => compare(*op, v, n.0),
                    _ => false,
                };
                let v = v.map(|v| {
                    if *of == Of::Achievement {
                        round(v, plan.rounding.rate, plan.rounding.mode)
                    } else {
                        round(v, plan.rounding.score, plan.rounding.mode)
                    }
                });
                let team = match self.locale {
                    Locale::En => "team ",
                    Locale::ZhTw => "團隊",
                    Locale::ZhCn => "团队",
                };
                (
                    holds,
                    need(
                        self.locale,
                        &format!("{team}{}", figure_name(name, *of, self.locale)),
                        &shown(v),
                        *op,
                        lit,
                    ),
                )
            }
        }
    }
}

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

fn vetoed_text(locale: Locale, name: &str) -> String {
    tr!(
        locale,
        "{name}：一票否决，不发放 → 0",
        "{name}：一票否決，不發放 → 0",
        "{name}: vetoed, nothing paid → 0"
    )
}

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

/// Pays the scheme's incentives on the evaluated rows (after ranking), filling each
/// row's `incentives` and `payout`. Group problems (a pool amount that differs inside a
/// group, a pool left partly unallocated) go to `warnings`.
pub(super) fn pay(
    plan: &crate::compile::Plan,
    rows: &mut [Evaluated],
    locale: Locale,
    explain: bool,
    warnings: &mut Vec<JixiaoError>,
) {
    let inc = &plan.incentives;
    if inc.is_empty() {
        return;
    }
    let money = Money {
        places: plan.rounding.money,
        mode: plan.rounding.mode,
        locale,
    };
    let mut lines: Vec<Vec<PayoutLine>> = vec![Vec::new(); rows.len()];

    // ---- commissions
    for (ci, c) in inc.commissions.iter().enumerate() {
        // group sums for a team override
        let mut sums: IndexMap<Option<String>, (Decimal, Option<Decimal>)> = IndexMap::new();
        if c.group {
            for r in rows.iter() {
                let Some(x) = r.incentives.as_ref() else { continue };
                let Some(cr) = x.commissions.get(ci) else { continue };
                let own_base = cr.base;
                let own_target = cr.target;
                let e = sums.entry(x.group.clone()).or_insert((Decimal::ZERO, None));
                if let Some(b) = own_base {
                    e.0 = checked_add(e.0, b).unwrap_or(e.0);
                }
                if let Some(t) = own_target {
                    e.1 = Some(checked_add(e.1.unwrap_or_default(), t).unwrap_or(t));
                }
            }
        }
        // A group plan reads every member's base, so members must be read whatever
        // `appliesTo` says; rows where the plan does not apply still count.
        for (ri, r) in rows.iter().enumerate() {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(cr) = x.commissions.get(ci) else { continue };
            if !cr.applies {
                continue;
            }
            let out = lines.get_mut(ri);
            let Some(out) = out else { continue };
            if r.result.vetoed {
                out.push(line(
                    &c.key,
                    c.name.get(locale),
                    "commission",
                    money.zero(),
                    "vetoed",
                    vetoed_text(locale, c.name.get(locale)),
                ));
                continue;
            }
            if let Some((false, why)) = &cr.gate {
                let text = tr!(
                    locale,
                    "{}：门槛未达（{why}）→ 0",
                    "{}：門檻未達（{why}）→ 0",
                    "{}: gate not met ({why}) → 0",
                    c.name.get(locale)
                );
                out.push(line(
                    &c.key,
                    c.name.get(locale),
                    "commission",
                    money.zero(),
                    "gate_failed",
                    text,
                ));
                continue;
            }
            let (base, target) = if c.group {
                sums.get(&x.group).copied().unwrap_or((Decimal::ZERO, None))
            } else {
                (cr.base.unwrap_or(Decimal::ZERO), cr.target)
            };
            if c.table.on == On::Achievement && target.is_none() {
                let text = tr!(
                    locale,
                    "{}：缺少目标，无法按达成率分档 → 0",
                    "{}：缺少目標，無法按達成率分檔 → 0",
                    "{}: no target, so tiers on achievement cannot apply → 0",
                    c.name.get(locale)
                );
                out.push(line(
                    &c.key,
                    c.name.get(locale),
                    "commission",
                    money.zero(),
                    "missing",
                    text,
                ));
                continue;
            }
            match compute_checked_commission(&c.table, base, target, money.places, money.mode) {
                Err(mut e) => {
                    e.localize(locale);
                    let text = format!(
                        "{}{}{}",
                        c.name.get(locale),
                        if locale == Locale::En { ": " } else { "：" },
                        e.message
                    );
                    out.push(line(
                        &c.key,
                        c.name.get(locale),
                        "commission",
                        money.zero(),
                        "error",
                        text,
                    ));
                }
                Ok(b) => {
                    let mut text = format!(
                        "{}{}{}",
                        c.name.get(locale),
                        if locale == Locale::En { ": " } else { "：" },
                        explain_commission(&b, &c.table, locale, money.places).join(money.sep())
                    );
                    if c.group {
                        let g = x.group.clone().unwrap_or_default();
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
                        match true_up(&b, already) {
                            Ok(v) => {
                                amount = money.round(v);
                                paid = Some(Dec(money.round(already)));
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
                                if amount.is_sign_negative() && !amount.is_zero() {
                                    status = "clawback";
                                    text.push_str(&tr!(locale, "（追回）", "（追回）", " (clawback)"));
                                }
                            }
                            Err(mut e) => {
                                e.localize(locale);
                                out.push(line(
                                    &c.key,
                                    c.name.get(locale),
                                    "commission",
                                    money.zero(),
                                    "error",
                                    e.message.clone(),
                                ));
                                continue;
                            }
                        }
                    }
                    out.push(PayoutLine {
                        base: Some(Dec(base)),
                        target: target.map(Dec),
                        rate: b.rate.map(Dec),
                        paid,
                        slices: slices_of(&b),
                        ..line(
                            &c.key,
                            c.name.get(locale),
                            "commission",
                            Dec(money.round(amount)),
                            status,
                            text,
                        )
                    });
                }
            }
        }
    }

    // ---- bonuses
    for (bi, b) in inc.bonuses.iter().enumerate() {
        for (ri, r) in rows.iter().enumerate() {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(br) = x.bonuses.get(bi) else { continue };
            let Some(out) = lines.get_mut(ri) else { continue };
            if !br.applies {
                continue;
            }
            if r.result.vetoed {
                out.push(line(
                    &b.key,
                    b.name.get(locale),
                    "bonus",
                    money.zero(),
                    "vetoed",
                    vetoed_text(locale, b.name.get(locale)),
                ));
                continue;
            }
            if let Some((false, why)) = &br.gate {
                let text = tr!(
                    locale,
                    "{}：门槛未达（{why}）→ 0",
                    "{}：門檻未達（{why}）→ 0",
                    "{}: gate not met ({why}) → 0",
                    b.name.get(locale)
                );
                out.push(line(
                    &b.key,
                    b.name.get(locale),
                    "bonus",
                    money.zero(),
                    "gate_failed",
                    text,
                ));
                continue;
            }
            let Some(base) = br.base else {
                let text = tr!(
                    locale,
                    "{}：缺少奖金基数 → 0",
                    "{}：缺少獎金基數 → 0",
                    "{}: no bonus base → 0",
                    b.name.get(locale)
                );
                out.push(line(&b.key, b.name.get(locale), "bonus", money.zero(), "missing", text));
                continue;
            };
            let (factor, how) = match b.by {
                BonusBy::Grade => {
                    let grade = r.result.grade.clone().unwrap_or_default();
                    let coef = b.coefficients.iter().find(|(g, _)| *g == grade).map(|(_, c)| *c);
                    let how = match coef {
                        Some(c) => tr!(
                            locale,
                            "等级 {grade} 系数 {}",
                            "等級 {grade} 係數 {}",
                            "grade {grade} coefficient {}",
                            format_plain(c)
                        ),
                        None => tr!(
                            locale,
                            "等级 {grade} 无系数",
                            "等級 {grade} 無係數",
                            "grade {grade} has no coefficient"
                        ),
                    };
                    (coef.unwrap_or(Decimal::ZERO), how)
                }
                BonusBy::Score => {
                    let t = r.total.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
                    let f = checked_div(t, Decimal::ONE_HUNDRED).unwrap_or(Decimal::ZERO);
                    let how = tr!(
                        locale,
                        "总分 {} / 100",
                        "總分 {} / 100",
                        "total {} / 100",
                        format_plain(t)
                    );
                    (f, how)
                }
            };
            let raw = checked_mul(base, factor).unwrap_or(Decimal::ZERO);
            let mut amount = money.round(raw);
            let mut status = "paid";
            let mut text = tr!(
                locale,
                "{}：基数 {} × {how} = {}",
                "{}：基數 {} × {how} = {}",
                "{}: base {} × {how} = {}",
                b.name.get(locale),
                money.text(base),
                money.text(amount)
            );
            if let Some(cap) = b.cap {
                if amount > cap {
                    amount = money.round(cap);
                    status = "capped";
                    text.push_str(&tr!(
                        locale,
                        "，封顶 {}",
                        "，封頂 {}",
                        ", capped at {}",
                        money.text(amount)
                    ));
                }
            }
            out.push(PayoutLine {
                base: Some(Dec(base)),
                rate: Some(Dec(factor)),
                ..line(&b.key, b.name.get(locale), "bonus", Dec(amount), status, text)
            });
        }
    }

    // ---- team pools
    for (pi, p) in inc.pools.iter().enumerate() {
        let mut groups: IndexMap<Option<String>, Vec<usize>> = IndexMap::new();
        for (ri, r) in rows.iter().enumerate() {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(pr) = x.pools.get(pi) else { continue };
            groups.entry(pr.group.clone()).or_default().push(ri);
        }
        for (group, members) in &groups {
            let gname = group.clone().unwrap_or_else(|| tr!(locale, "全员", "全員", "everyone"));
            let prow = |ri: usize| {
                rows.get(ri)
                    .and_then(|r| r.incentives.as_ref())
                    .and_then(|x| x.pools.get(pi))
            };
            // the pool amount: every member that carries one must agree
            let mut amount: Option<Decimal> = None;
            let mut conflict = false;
            for &ri in members {
                if let Some(v) = prow(ri).and_then(|pr| pr.amount) {
                    match amount {
                        None => amount = Some(v),
                        Some(a) if a != v => conflict = true,
                        Some(_) => {}
                    }
                }
            }
            let fail_all = |lines: &mut Vec<Vec<PayoutLine>>, status: &'static str, text: &str| {
                for &ri in members {
                    if let Some(out) = lines.get_mut(ri) {
                        out.push(line(
                            &p.key,
                            p.name.get(locale),
                            "pool",
                            money.zero(),
                            status,
                            text.to_string(),
                        ));
                    }
                }
            };
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
                fail_all(&mut lines, "error", &text);
                continue;
            }
            // the pool is paid in whole units of money (allocate splits multiples of the unit)
            let amount = amount.map(|a| money.round(a));
            let Some(amount) = amount.filter(|a| !a.is_sign_negative() || a.is_zero()) else {
                let text = tr!(
                    locale,
                    "{}：{gname} 没有（或为负的）奖金池金额 → 0",
                    "{}：{gname} 沒有（或為負的）獎金池金額 → 0",
                    "{}: {gname} has no (or a negative) pool amount → 0",
                    p.name.get(locale)
                );
                fail_all(&mut lines, "missing", &text);
                continue;
            };
            let mut met = String::new();
            if let Some(when) = &p.when {
                let gc = GroupCondition {
                    plan,
                    locale,
                    members: members
                        .iter()
                        .filter_map(|&ri| prow(ri).map(|pr| pr.leaves.as_slice()))
                        .collect(),
                };
                let mut k = 0usize;
                let (holds, why) = gc.eval(when, &mut k);
                if holds {
                    met = tr!(
                        locale,
                        "；团队条件达成：{why}",
                        "；團隊條件達成：{why}",
                        "; team condition met: {why}"
                    );
                } else {
                    let text = tr!(
                        locale,
                        "{}：{gname} 未达成团队条件（{why}），奖金池 {} 不发放 → 0",
                        "{}：{gname} 未達成團隊條件（{why}），獎金池 {} 不發放 → 0",
                        "{}: {gname} missed the team condition ({why}); the pool of {} is not paid → 0",
                        p.name.get(locale),
                        money.text(amount)
                    );
                    fail_all(&mut lines, "condition_failed", &text);
                    continue;
                }
            }
            // weights: vetoed members weigh 0
            let mut weights = Vec::with_capacity(members.len());
            for &ri in members {
                let Some(r) = rows.get(ri) else {
                    weights.push(Decimal::ZERO);
                    continue;
                };
                let total = r.total.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
                let figure = prow(ri).and_then(|pr| pr.figure);
                let w = if r.result.vetoed {
                    Decimal::ZERO
                } else {
                    match &p.weight {
                        PoolWeighting::Score => total,
                        PoolWeighting::ScoreXBase(_) => {
                            checked_mul(total, figure.unwrap_or(Decimal::ZERO).max(Decimal::ZERO))
                                .unwrap_or(Decimal::ZERO)
                        }
                        PoolWeighting::Field(_) => figure.unwrap_or(Decimal::ZERO).max(Decimal::ZERO),
                    }
                };
                weights.push(w);
            }
            let caps: Vec<Option<Decimal>> = vec![p.cap; members.len()];
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
            let Some(a) = allocation else {
                let text = tr!(
                    locale,
                    "{}：{gname} 无人有分配权重 → 0",
                    "{}：{gname} 無人有分配權重 → 0",
                    "{}: nobody in {gname} has a weight → 0",
                    p.name.get(locale)
                );
                fail_all(&mut lines, "no_weight", &text);
                continue;
            };
            if a.unallocated > Decimal::ZERO {
                let left = money.text(a.unallocated);
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
            let weight_text = match &p.weight {
                PoolWeighting::Score => tr!(locale, "按得分", "按得分", "by score"),
                PoolWeighting::ScoreXBase(_) => tr!(locale, "按得分 × 基数", "按得分 × 基數", "by score × base"),
                PoolWeighting::Field(f) => {
                    let f = plan.fields.name(*f);
                    tr!(locale, "按 {f}", "按 {f}", "by {f}")
                }
            };
            for (k, &ri) in members.iter().enumerate() {
                let Some(r) = rows.get(ri) else { continue };
                let Some(out) = lines.get_mut(ri) else { continue };
                if r.result.vetoed {
                    out.push(line(
                        &p.key,
                        p.name.get(locale),
                        "pool",
                        money.zero(),
                        "vetoed",
                        vetoed_text(locale, p.name.get(locale)),
                    ));
                    continue;
                }
                let part = a.parts.get(k).copied().unwrap_or(Decimal::ZERO);
                let w = weights.get(k).copied().unwrap_or(Decimal::ZERO);
                let share = checked_div(w, weight_sum).unwrap_or(Decimal::ZERO);
                let capped = a.capped.get(k).copied().unwrap_or(false);
                let mut text = tr!(
                    locale,
                    "{}：{gname} 奖金池 {} {weight_text}，权重 {} / {} = {} → {}",
                    "{}：{gname} 獎金池 {} {weight_text}，權重 {} / {} = {} → {}",
                    "{}: {gname} pool {} {weight_text}, weight {} / {} = {} → {}",
                    p.name.get(locale),
                    money.text(amount),
                    format_plain(w.normalize()),
                    format_plain(weight_sum.normalize()),
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
                text.push_str(&met);
                out.push(PayoutLine {
                    rate: Some(Dec(round(share, plan.rounding.rate, money.mode))),
                    ..line(
                        &p.key,
                        p.name.get(locale),
                        "pool",
                        Dec(money.round(part)),
                        if capped { "capped" } else { "paid" },
                        text,
                    )
                });
            }
        }
    }

    // ---- awards
    for (ai, a) in inc.awards.iter().enumerate() {
        let mut groups: IndexMap<Option<String>, Vec<(usize, Decimal)>> = IndexMap::new();
        for (ri, r) in rows.iter().enumerate() {
            let Some(x) = r.incentives.as_ref() else { continue };
            let Some(ar) = x.awards.get(ai) else { continue };
            if r.result.vetoed || !r.result.ok {
                continue;
            }
            let figure = match a.by {
                RankKey::Total => r.total,
                _ => ar.figure,
            };
            let Some(figure) = figure else { continue };
            if a.min.is_some_and(|m| figure < m) {
                continue;
            }
            groups.entry(ar.group.clone()).or_default().push((ri, figure));
        }
        for (group, members) in &groups {
            let figures: Vec<Option<Decimal>> = members
                .iter()
                .map(|(_, f)| Some(if a.descending { *f } else { f.neg() }))
                .collect();
            let places = award_places(&figures, a.top, a.ties);
            let by = match (&a.by, locale) {
                (RankKey::Total, Locale::En) => "total".to_string(),
                (RankKey::Total, Locale::ZhTw) => "總分".to_string(),
                (RankKey::Total, Locale::ZhCn) => "总分".to_string(),
                (RankKey::Indicator(i), _) => plan.indicators.get(*i).map(|p| p.name.clone()).unwrap_or_default(),
                (RankKey::Field(_), _) => a.by_name.trim_start_matches('-').to_string(),
            };
            for ((ri, figure), place) in members.iter().zip(places) {
                let Some(place) = place else { continue };
                if place.share.is_zero() {
                    continue;
                }
                let Some(out) = lines.get_mut(*ri) else { continue };
                let amount = money.round(checked_mul(a.prize, place.share).unwrap_or(Decimal::ZERO));
                let within = match group {
                    Some(g) => tr!(locale, "{g} 组内", "{g} 組內", " within {g}"),
                    None => String::new(),
                };
                let mut text = match locale {
                    Locale::En => format!(
                        "{}: place {}{within} by {} ({}) → {}",
                        a.name.get(locale),
                        place.rank,
                        by,
                        format_plain(figure.normalize()),
                        money.text(amount)
                    ),
                    Locale::ZhTw => format!(
                        "{}：{within}第 {} 名（按 {} {}）→ {}",
                        a.name.get(locale),
                        place.rank,
                        by,
                        format_plain(figure.normalize()),
                        money.text(amount)
                    ),
                    Locale::ZhCn => format!(
                        "{}：{within}第 {} 名（按 {} {}）→ {}",
                        a.name.get(locale),
                        place.rank,
                        by,
                        format_plain(figure.normalize()),
                        money.text(amount)
                    ),
                };
                if place.share != Decimal::ONE {
                    text.push_str(&tr!(
                        locale,
                        "（并列，平分名额：奖金 × {}）",
                        "（並列，平分名額：獎金 × {}）",
                        " (tied: places shared, prize × {})",
                        format_plain(place.share.normalize())
                    ));
                }
                out.push(PayoutLine {
                    rate: Some(Dec(place.share)),
                    ..line(&a.key, a.name.get(locale), "award", Dec(amount), "paid", text)
                });
            }
        }
    }

    // ---- per row totals and explanation steps
    for (r, mut ls) in rows.iter_mut().zip(lines) {
        if !r.result.ok {
            // a failed row gets 0 from every plan, and says why
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
            continue;
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
}

/// Σ of every payout, and per plan key, for the summary.
pub(super) fn totals(plan: &crate::compile::Plan, rows: &[Evaluated]) -> (Option<Dec>, IndexMap<String, Dec>) {
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
