//! How a condition reads in a payout line: `回款率 0.55（需 ≥ 0.6）`, a figure's label,
//! the locale's `and`/`or`.

use super::super::row::{IndState, RowEvaluator};
use crate::compile::Cond;
use crate::i18n::Locale;
use crate::numbers::{format_plain, round};
use crate::records::{self, Slots};
use crate::scheme::{Literal, Of, Op};
use rust_decimal::Decimal;

/// The sign of a comparison.
pub(super) fn op_text(op: Op) -> &'static str {
    match op {
        Op::Gt => ">",
        Op::Ge => "≥",
        Op::Lt => "<",
        Op::Le => "≤",
        Op::Eq => "=",
        Op::Ne => "≠",
    }
}

/// A condition's literal as written in a line.
pub(super) fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) => format_plain(n.0),
        Literal::Text(t) => format!("“{t}”"),
    }
}

/// The indicator's name with the figure's label, unless the name already ends with it
/// (`销售额达成率`, not `销售额达成率达成率`).
pub(super) fn figure_name(name: &str, of: Of, locale: Locale) -> String {
    let label = of_text(of, locale);
    if name.ends_with(label.trim()) {
        name.to_string()
    } else {
        format!("{name}{label}")
    }
}

/// A figure's label in the locale.
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

/// ` 且 ` / ` 或 `: how `all` and `any` join their parts.
pub(super) fn join_words(locale: Locale, all: bool) -> &'static str {
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
pub(super) fn need(locale: Locale, name: &str, value: &str, op: Op, lit: &Literal) -> String {
    let (op, lit) = (op_text(op), literal_text(lit));
    match locale {
        Locale::En => format!("{name} {value} (needs {op} {lit})"),
        _ => format!("{name} {value}（需 {op} {lit}）"),
    }
}

/// A figure, or `—` when missing.
pub(super) fn shown(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format_plain(v.normalize()))
}

impl RowEvaluator<'_> {
    /// Describes a condition with the row's figures: `回款率 0.55 ≥ 0.6`.
    pub(super) fn condition_text(&self, slots: &Slots, c: &Cond, states: &[IndState]) -> String {
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
}
