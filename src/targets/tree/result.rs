//! A tree decomposition written out: every node in pre-order with its value, share,
//! method, new-hire factors and bound, and the explanation (total and uplift, the period,
//! each node's split, each new hire's month, ramp and days, the sum).

use crate::dates::Date;
use crate::error::JixiaoError;
use crate::i18n::text;
use crate::numbers::exact::div;
use crate::numbers::{format_fixed, format_grouped, format_percent, format_plain, RoundingMode};
use crate::targets::output::places_of;
use crate::targets::{BoundHit, DecomposeExplain, Method};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::flat::Flat;
use super::hires::{Hire, Period};
use super::node::Walk;
use super::settings::Settings;
use super::TreeInput;

/// One node of a [`TreeDecomposition`].
///
/// ```
/// let out = jixiao::json::decompose_tree_json(r#"{"total":10,"unit":1,"root":{"id":"co","children":[{"id":"a"}]}}"#).unwrap();
/// let d: jixiao::targets::TreeDecomposition = serde_json::from_str(&out).unwrap();
/// let a: &jixiao::targets::TreeNodeResult = &d.nodes[1];
/// assert_eq!((a.parent.as_deref(), a.depth, a.value.as_str()), (Some("co"), 1, "10"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct TreeNodeResult {
    /// The node's id.
    pub id: String,
    /// Its name (the id when none was given).
    pub name: String,
    /// The parent's id (none for the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 0 for the root.
    pub depth: u32,
    /// Its target, at the unit's places.
    pub value: String,
    /// value ÷ the parent's value (1 for the root), 4 places.
    pub share: String,
    /// The method that splits it over its children (none for a leaf).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// The ramp factor applied (a new hire with `start`, when `ramp` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp: Option<String>,
    /// The proration factor by days, 4 places (a hire who starts after `asOf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proration: Option<String>,
    /// True when its value was locked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// The bound (`min` or `max`) that fixed its value, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<BoundHit>,
}

/// The result of [`decompose_tree`](crate::decompose_tree).
///
/// ```
/// let out = jixiao::json::decompose_tree_json(r#"{"total":"1万","uplift":"10%","unit":1,"root":{"id":"co"}}"#).unwrap();
/// let d: jixiao::targets::TreeDecomposition = serde_json::from_str(&out).unwrap();
/// assert_eq!(d.total, "11000");
/// assert_eq!(d.nodes.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct TreeDecomposition {
    /// The root total after uplift.
    pub total: String,
    /// The unit.
    pub unit: String,
    /// Every node, in pre-order.
    pub nodes: Vec<TreeNodeResult>,
    /// The explanation.
    pub explain: DecomposeExplain,
}

/// A tree decomposition worked out, before it is written.
pub(super) struct Solved<'a> {
    pub(super) input: &'a TreeInput,
    pub(super) flat: &'a [Flat<'a>],
    pub(super) settings: &'a Settings<'a>,
    pub(super) starts: &'a [Option<Date>],
    pub(super) period: Option<&'a Period>,
    /// The total before uplift.
    pub(super) base: Decimal,
    /// The root's value.
    pub(super) total: Decimal,
    pub(super) walk: Walk,
}

/// The result of `s`, its explanation in the input's locale.
pub(super) fn written(mut s: Solved) -> Result<TreeDecomposition, JixiaoError> {
    let unit = s.settings.unit;
    let places = places_of(s.walk.values.iter().copied(), unit, s.total);
    let money = |v: Decimal| format_grouped(v, places, RoundingMode::HalfUp);
    let mut lines = opening_lines(&s, &money);
    let mut nodes = Vec::with_capacity(s.flat.len());
    for (i, f) in s.flat.iter().enumerate() {
        if let Some(l) = s.walk.node_lines.get_mut(i) {
            lines.append(l);
        }
        let value = s.walk.values.get(i).copied().unwrap_or_default();
        let hire = s.settings.hires.get(i).copied().flatten();
        if let Some(h) = hire {
            lines.push(hire_line(&s, i, f, h, &money(value)));
        }
        nodes.push(node_result(&s, i, f, hire, places)?);
    }
    let tt = money(s.total);
    lines.push(s.settings.line(text!(
        "每个节点的下级合计都等于该节点；合计 {tt}",
        "每個節點的下級合計都等於該節點；合計 {tt}",
        "Every node's children sum exactly to it; sum {tt}",
    )));
    Ok(TreeDecomposition {
        total: format_fixed(s.total, places, RoundingMode::HalfUp),
        unit: format_plain(unit),
        nodes,
        explain: DecomposeExplain { lines },
    })
}

/// The total (and its uplift, once at the root) and the period new hires are measured by.
fn opening_lines(s: &Solved, money: &dyn Fn(Decimal) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    let (tb, tt) = (money(s.base), money(s.total));
    match s.input.uplift {
        Some(u) => {
            let pct = format_percent(u.0, 2, RoundingMode::HalfUp);
            lines.push(s.settings.line(text!(
                "目标总额 {tb} ×（1 + 上浮 {pct}）= {tt}（只在根节点上浮一次）",
                "目標總額 {tb} ×（1 + 上浮 {pct}）= {tt}（只在根節點上浮一次）",
                "Total {tb} × (1 + uplift {pct}) = {tt} (once, at the root)",
            )));
        }
        None => lines.push(s.settings.line(text!("目标总额 {tt}", "目標總額 {tt}", "Total {tt}"))),
    }
    if let Some(p) = s.period {
        let (a, e, d) = (p.as_of, p.end, p.days);
        lines.push(s.settings.line(text!(
            "期间 {a} 至 {e}（{d} 天）：新人按 ramp 与在职天数折算",
            "期間 {a} 至 {e}（{d} 天）：新人按 ramp 與在職天數折算",
            "Period {a} to {e} ({d} days): new hires scaled by ramp and days employed",
        )));
    }
    lines
}

/// A new hire's line: the month of employment, the ramp factor, the days, the value `v`.
fn hire_line(s: &Solved, i: usize, f: &Flat, h: Hire, v: &str) -> String {
    let id = &f.node.id;
    let r = h.ramp.map_or_else(|| "1".to_string(), format_plain);
    let months = match (s.starts.get(i).copied().flatten(), s.period) {
        (Some(start), Some(p)) => start.whole_months_until(p.as_of).unwrap_or_default(),
        _ => 0,
    };
    let month = months.saturating_add(1);
    s.settings.line(match h.days {
        Some((worked, all)) => text!(
            "{id}：新人，入职第 {month} 个月，ramp {r}；期间内在职 {worked}/{all} 天 → {v}",
            "{id}：新人，到職第 {month} 個月，ramp {r}；期間內在職 {worked}/{all} 天 → {v}",
            "{id}: new hire in month {month}, ramp {r}; employed {worked}/{all} days of the period → {v}",
        ),
        None => text!(
            "{id}：新人，入职第 {month} 个月，ramp {r}；全期在职 → {v}",
            "{id}：新人，到職第 {month} 個月，ramp {r}；全期在職 → {v}",
            "{id}: new hire in month {month}, ramp {r}; employed the whole period → {v}",
        ),
    })
}

/// Node `i` written: its value at `places`, its share of its parent, its factors.
fn node_result(s: &Solved, i: usize, f: &Flat, hire: Option<Hire>, places: u32) -> Result<TreeNodeResult, JixiaoError> {
    let values = &s.walk.values;
    let value = values.get(i).copied().unwrap_or_default();
    let share = match f.parent.and_then(|p| values.get(p).copied()) {
        None => Decimal::ONE,
        Some(p) if p.is_zero() => Decimal::ZERO,
        Some(p) => div(value, p)?,
    };
    let proration = match hire {
        Some(h) => h.proration()?,
        None => None,
    };
    let method: Method = s.input.method;
    Ok(TreeNodeResult {
        id: f.node.id.clone(),
        name: f.node.name.clone().unwrap_or_else(|| f.node.id.clone()),
        parent: f.parent.and_then(|p| s.flat.get(p)).map(|p| p.node.id.clone()),
        depth: f.depth,
        value: format_fixed(value, places, RoundingMode::HalfUp),
        share: format_fixed(share, 4, RoundingMode::HalfUp),
        method: (!f.children.is_empty()).then(|| f.node.method.unwrap_or(method)),
        ramp: hire.and_then(|h| h.ramp).map(format_plain),
        proration: proration.map(|p| format_fixed(p, 4, RoundingMode::HalfUp)),
        locked: f.node.locked.is_some(),
        bound: s.walk.hits.get(i).copied().flatten(),
    })
}
