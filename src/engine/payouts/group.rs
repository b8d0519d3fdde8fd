//! A pool's team condition over its group: Σ of a column, Σ actual / Σ target, the mean
//! score; a text or formula condition must hold for every member.

use super::super::conditions::compare;
use super::inputs::Leaf;
use super::texts::{figure_name, join_words, literal_text, need, op_text, shown};
use crate::compile::{Cond, Plan};
use crate::i18n::Locale;
use crate::numbers::{checked_add, checked_div, round};
use crate::scheme::{Literal, Of, Op};
use rust_decimal::Decimal;

/// The group figures a pool condition compares, and its text.
pub(super) struct GroupCondition<'a> {
    pub(super) plan: &'a Plan,
    pub(super) locale: Locale,
    /// Each member's leaves.
    pub(super) members: Vec<&'a [Leaf]>,
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
    pub(super) fn eval(&self, c: &Cond, k: &mut usize) -> (bool, String) {
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
                    _ => (
                        self.every_member_holds(at),
                        format!("{}{name} {} {}", self.every(), op_text(*op), literal_text(lit)),
                    ),
                }
            }
            Cond::Formula(f) => {
                let at = *k;
                *k = k.saturating_add(1);
                (
                    self.every_member_holds(at),
                    format!("{}{}", self.every(), f.formula.source()),
                )
            }
            Cond::Indicator(i, of, op, lit) => {
                let at = *k;
                *k = k.saturating_add(1);
                self.indicator(at, *i, *of, *op, lit)
            }
        }
    }

    /// Whether leaf `at` holds for every member (and there is one).
    fn every_member_holds(&self, at: usize) -> bool {
        !self.members.is_empty()
            && self
                .members
                .iter()
                .all(|m| matches!(m.get(at), Some(Leaf::Holds(true))))
    }

    /// `全员 ` / `every member: `.
    fn every(&self) -> &'static str {
        match self.locale {
            Locale::En => "every member: ",
            Locale::ZhTw => "全員 ",
            Locale::ZhCn => "全员 ",
        }
    }

    /// An indicator's team figure (leaf `at`) compared: `团队销售额达成率 0.95（需 ≥ 0.9）`.
    fn indicator(&self, at: usize, i: usize, of: Of, op: Op, lit: &Literal) -> (bool, String) {
        let plan = self.plan;
        let name = plan.indicators.get(i).map(|p| p.name.as_str()).unwrap_or_default();
        let v = self.figure(at, Some(of));
        let holds = match (v, lit) {
            (Some(v), Literal::Number(n)) => compare(op, v, n.0),
            _ => false,
        };
        let v = v.map(|v| {
            if of == Of::Achievement {
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
                &format!("{team}{}", figure_name(name, of, self.locale)),
                &shown(v),
                op,
                lit,
            ),
        )
    }
}
