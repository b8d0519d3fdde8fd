//! What the scheme's incentives read from one row while it is evaluated: whether each
//! plan applies, its base, target, paid and gate, a pool's amount, weight and condition
//! leaves, an award's figure.

use super::super::row::{IndState, RowEvaluator, Shared};
use crate::compile::{Cond, PoolWeighting, RankKey, Source};
use crate::records::{self, Slots};
use crate::scheme::{Literal, RaterMissing};
use rust_decimal::Decimal;
use std::sync::Arc;

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

/// What a commission reads from one row.
#[derive(Clone, Debug, Default)]
pub(super) struct CommissionRow {
    pub(super) applies: bool,
    pub(super) base: Option<Decimal>,
    pub(super) target: Option<Decimal>,
    /// The figure the tier is chosen by (tiers on another figure).
    pub(super) figure: Option<Decimal>,
    pub(super) paid: Option<Decimal>,
    /// (holds, description; empty when no line text is written)
    pub(super) gate: Option<(bool, String)>,
}

/// What a bonus reads from one row.
#[derive(Clone, Debug, Default)]
pub(super) struct BonusRow {
    pub(super) applies: bool,
    pub(super) base: Option<Decimal>,
    pub(super) gate: Option<(bool, String)>,
}

/// What a team pool reads from one row.
#[derive(Clone, Debug, Default)]
pub(super) struct PoolRow {
    pub(super) group: Option<Arc<str>>,
    pub(super) amount: Option<Decimal>,
    /// The weight column, or the base of `score_x_base`.
    pub(super) figure: Option<Decimal>,
    pub(super) leaves: Vec<Leaf>,
}

/// What an award reads from one row.
#[derive(Clone, Debug, Default)]
pub(super) struct AwardRow {
    pub(super) group: Option<Arc<str>>,
    pub(super) figure: Option<Decimal>,
}

/// What the scheme's incentives read from one row.
#[derive(Clone, Debug, Default)]
pub(in crate::engine) struct RowIncentives {
    pub(super) group: Option<Arc<str>>,
    pub(super) commissions: Vec<CommissionRow>,
    pub(super) bonuses: Vec<BonusRow>,
    pub(super) pools: Vec<PoolRow>,
    pub(super) awards: Vec<AwardRow>,
}

impl RowEvaluator<'_> {
    /// The leaves of a pool's condition as this row gives them, in order.
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

    /// A source read as a number, without explanation inputs (blank or bad: none).
    fn number_of(&mut self, slots: &Slots, src: &Source, role: &str) -> Option<Decimal> {
        let mut scratch = Vec::new();
        let explain = std::mem::replace(&mut self.explain, false);
        let v = self
            .source(slots, src, role, RaterMissing::Renormalize, &mut scratch)
            .ok()
            .flatten();
        self.explain = explain;
        v
    }

    /// Whether a gate holds, and its text with the row's figures (when lines are written).
    fn gate(&mut self, slots: &Slots, c: Option<&Cond>, states: &[IndState]) -> Option<(bool, String)> {
        c.map(|c| {
            let holds = self.condition(slots, c, states).unwrap_or(false);
            let text = match self.texts() {
                true => self.condition_text(slots, c, states),
                false => String::new(),
            };
            (holds, text)
        })
    }

    /// Whether a plan applies to the row (no `appliesTo`: it does).
    fn applies(&mut self, slots: &Slots, c: Option<&Cond>, states: &[IndState]) -> bool {
        match c {
            None => true,
            Some(c) => self.condition(slots, c, states).unwrap_or(false),
        }
    }

    /// Reads what the incentives need from the row. A cell that is not a number is a row
    /// error (the row fails, like any other unreadable input); a blank cell is missing.
    pub(in crate::engine) fn incentive_inputs(
        &mut self,
        slots: &Slots,
        states: &[IndState],
        shared: &Shared,
    ) -> RowIncentives {
        let plan = self.plan;
        let inc = &plan.incentives;
        let mut out = RowIncentives {
            group: self.shared_text(slots, plan.group, shared),
            commissions: Vec::with_capacity(inc.commissions.len()),
            bonuses: Vec::with_capacity(inc.bonuses.len()),
            pools: Vec::with_capacity(inc.pools.len()),
            awards: Vec::with_capacity(inc.awards.len()),
        };
        for ci in 0..inc.commissions.len() {
            out.commissions.push(self.commission_row(slots, states, ci));
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
        for pi in 0..inc.pools.len() {
            out.pools.push(self.pool_row(slots, states, pi, shared));
        }
        for a in &inc.awards {
            let figure = match &a.by {
                RankKey::Total => None,
                RankKey::Indicator(i) => states.get(*i).and_then(|s| s.shown),
                RankKey::Field(f) => self.number_of(slots, &Source::Field(*f), "award"),
            };
            out.awards.push(AwardRow {
                group: self.shared_text(slots, a.group_by, shared),
                figure,
            });
        }
        out
    }

    /// Commission `ci`: a team plan reads every member's base and target, whether or not
    /// it applies to them.
    fn commission_row(&mut self, slots: &Slots, states: &[IndState], ci: usize) -> CommissionRow {
        let Some(c) = self.plan.incentives.commissions.get(ci) else {
            return CommissionRow::default();
        };
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
            row.figure = c.figure.as_ref().and_then(|t| self.number_of(slots, t, "on"));
            row.paid = c.paid.as_ref().and_then(|t| self.number_of(slots, t, "paid"));
            row.gate = self.gate(slots, c.gate.as_ref(), states);
        }
        row
    }

    /// Pool `pi`: the row's group, pool amount, weight figure and condition leaves.
    fn pool_row(&mut self, slots: &Slots, states: &[IndState], pi: usize, shared: &Shared) -> PoolRow {
        let Some(p) = self.plan.incentives.pools.get(pi) else {
            return PoolRow::default();
        };
        let mut row = PoolRow {
            group: self.shared_text(slots, p.group_by, shared),
            amount: self.number_of(slots, &p.amount, "amount"),
            ..PoolRow::default()
        };
        row.figure = match &p.weight {
            PoolWeighting::Score => None,
            PoolWeighting::ScoreXBase(src) => self.number_of(slots, src, "base"),
            PoolWeighting::Field(f) => self.number_of(slots, &Source::Field(*f), "weight"),
        };
        if let Some(w) = &p.when {
            self.leaves(slots, w, states, &mut row.leaves);
        }
        row
    }
}
