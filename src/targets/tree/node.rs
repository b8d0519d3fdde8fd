//! One node split over its children: each child's weight under the node's method times
//! its new-hire factors, then the flat `decompose` (or, below one unit, `below_unit`),
//! the children checked to sum to the node; and every node split in pre-order.

use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{exact_sum, mul, overflow};
use crate::numbers::is_negative;
use crate::numbers::scale_of;
use crate::numbers::{format_grouped, RoundingMode};
use crate::scheme::Num;
use crate::targets::input::{fail, negative_error};
use crate::targets::{decompose, BoundHit, DecomposeInput, Method, PartSpec};
use rust_decimal::Decimal;
use std::str::FromStr;

use super::below_unit::split_below_unit;
use super::flat::{pointer, Flat};
use super::hires::Hire;
use super::settings::Settings;
use super::{TreeCapacity, TreeNode};

/// Every node's value, the bound each hit, and each node's explanation lines.
pub(super) struct Walk {
    pub(super) values: Vec<Decimal>,
    pub(super) hits: Vec<Option<BoundHit>>,
    pub(super) node_lines: Vec<Vec<String>>,
}

/// Splits every node in pre-order (a parent is always valued before its children),
/// the root worth `total`.
pub(super) fn split_all(s: &Settings, flat: &[Flat], total: Decimal) -> Result<Walk, JixiaoError> {
    let n = flat.len();
    let mut values = vec![Decimal::ZERO; n];
    if let Some(v) = values.first_mut() {
        *v = total;
    }
    let mut hits: Vec<Option<BoundHit>> = vec![None; n];
    let mut node_lines: Vec<Vec<String>> = vec![Vec::new(); n];
    for (i, f) in flat.iter().enumerate() {
        if f.children.is_empty() {
            continue;
        }
        let node_path = pointer(flat, i);
        let value = values.get(i).copied().unwrap_or_default();
        // an overflow deep inside has no path of its own: it belongs to this node's children
        let split = split_node(s, flat, f, value, &node_path).map_err(|mut e| {
            if e.path.is_empty() {
                e.path = format!("{node_path}/children");
            }
            e
        })?;
        for ((c, v), h) in f.children.iter().zip(split.values).zip(split.hits) {
            if let Some(slot) = values.get_mut(*c) {
                *slot = v;
            }
            if let Some(slot) = hits.get_mut(*c) {
                *slot = h;
            }
        }
        if let Some(l) = node_lines.get_mut(i) {
            *l = split.lines;
        }
    }
    Ok(Walk {
        values,
        hits,
        node_lines,
    })
}

/// What splitting one node gives: its children's values, its explanation lines and the
/// bound each child hit.
struct Split {
    values: Vec<Decimal>,
    lines: Vec<String>,
    hits: Vec<Option<BoundHit>>,
}

/// A node's children and their new-hire factors.
struct Kids<'a> {
    nodes: Vec<&'a TreeNode>,
    hires: Vec<Option<Hire>>,
    /// A child starts after `asOf`: every weight is multiplied by days in the period.
    by_days: bool,
    /// Some weight is scaled by a ramp or by days.
    scaled: bool,
}

impl<'a> Kids<'a> {
    fn of(s: &Settings, flat: &[Flat<'a>], f: &Flat) -> Kids<'a> {
        let nodes: Vec<&TreeNode> = f
            .children
            .iter()
            .filter_map(|c| flat.get(*c).map(|cf| cf.node))
            .collect();
        let hires: Vec<Option<Hire>> = f.children.iter().map(|c| s.hires.get(*c).copied().flatten()).collect();
        // A new hire's days stay exact: when a child starts after asOf, every child's
        // weight is multiplied by its days in the period (the full period for the others).
        let by_days = hires.iter().flatten().any(|h| h.days.is_some());
        let scaled = by_days || hires.iter().flatten().any(|h| h.ramp.is_some());
        Kids {
            nodes,
            hires,
            by_days,
            scaled,
        }
    }
}

/// Splits node `f`, worth `value`, over its children (see the module docs).
fn split_node(s: &Settings, flat: &[Flat], f: &Flat, value: Decimal, node_path: &str) -> Result<Split, JixiaoError> {
    let method = f.node.method.unwrap_or(s.method);
    let kids = Kids::of(s, flat, f);
    let weights = child_weights(s, method, &kids, node_path)?;
    if !value.is_zero() && weights.iter().all(Decimal::is_zero) {
        return Err(all_zero(method, node_path));
    }
    let mut lines = header_lines(s, f, method, value, &kids);
    let (values, hits) = if value < s.unit {
        let (vals, to) = split_below_unit(value, s.unit, &weights, &kids.nodes, node_path)?;
        if let Some(k) = to.and_then(|t| kids.nodes.get(t)) {
            let (kid, unit) = (&k.id, s.unit);
            let shown = money(value, unit);
            lines.push(s.line(text!(
                "  {shown} 不足一个单位 {unit}：全部给权重最大的 {kid}",
                "  {shown} 不足一個單位 {unit}：全部給權重最大的 {kid}",
                "  {shown} is below one unit {unit}: all of it to {kid}, the largest weight",
            )));
        }
        (vals, vec![None; kids.nodes.len()])
    } else {
        by_decompose(s, method, &kids, &weights, value, node_path, &mut lines)?
    };
    if values.len() != kids.nodes.len() || exact_sum(values.iter().copied()) != Some(value) {
        return Err(fail(
            ErrorCode::Internal,
            node_path,
            Text::new(
                "下级合计与上级不符",
                "下級合計與上級不符",
                "the children do not sum to their parent",
            ),
        ));
    }
    Ok(Split { values, lines, hits })
}

/// Each child's weight under `method` (1 for `equal`), times its ramp factor and, when
/// the node splits by days, its days in the period.
fn child_weights(s: &Settings, method: Method, kids: &Kids, node_path: &str) -> Result<Vec<Decimal>, JixiaoError> {
    let mut weights = Vec::with_capacity(kids.nodes.len());
    for (k, (kid, h)) in kids.nodes.iter().zip(&kids.hires).enumerate() {
        let (field, own) = match method {
            Method::Equal | Method::WorkingDays => ("weight", Some(Decimal::ONE)),
            Method::Weights => ("weight", kid.weight.map(|w| w.0)),
            Method::History => ("history", kid.history.map(|w| w.0)),
            Method::Capacity => ("capacity", capacity_of(kid, node_path, k)?),
        };
        let path = format!("{node_path}/children/{k}/{field}");
        let Some(mut w) = own else {
            let id = &kid.id;
            return Err(fail(
                ErrorCode::MissingSetting,
                path,
                text!(
                    "{id} 缺少 {field}（上级按 {field} 分解）",
                    "{id} 缺少 {field}（上級按 {field} 分解）",
                    "{id} has no {field} (its parent splits by {field})",
                ),
            ));
        };
        if is_negative(w) {
            return Err(negative_error(path, field, w));
        }
        if let Some(r) = h.and_then(|h| h.ramp) {
            w = mul(w, r)?;
        }
        if kids.by_days {
            let days = h.and_then(|h| h.days).map_or(s.period_days, |(worked, _)| worked);
            w = mul(w, Decimal::from(days))?;
        }
        weights.push(w);
    }
    Ok(weights)
}

/// `INVALID_SETTING` at the node's children: every weight is 0 but the node is not.
fn all_zero(method: Method, node_path: &str) -> JixiaoError {
    let name = match method {
        Method::History => "history",
        Method::Capacity => "capacity",
        _ => "weight",
    };
    fail(
        ErrorCode::InvalidSetting,
        format!("{node_path}/children"),
        text!(
            "下级的 {name} 全部为 0（含新人折算），无法按比例分解",
            "下級的 {name} 全部為 0（含新人折算），無法按比例分解",
            "every child's {name} is 0 (after new-hire factors): nothing to split in proportion to",
        ),
    )
}

/// The node's first lines: its value, method and children, and how new hires are scaled.
fn header_lines(s: &Settings, f: &Flat, method: Method, value: Decimal, kids: &Kids) -> Vec<String> {
    let id = &f.node.id;
    let v_shown = money(value, s.unit);
    let nk = kids.nodes.len();
    let mlabel = method_key(method);
    let mut lines = vec![s.line(text!(
        "{id}：{v_shown}，按 {mlabel} 分给 {nk} 个下级",
        "{id}：{v_shown}，按 {mlabel} 分給 {nk} 個下級",
        "{id}: {v_shown}, split {mlabel} over {nk} children",
    ))];
    let period_days = s.period_days;
    if kids.scaled {
        lines.push(s.line(if kids.by_days {
            text!(
                "  新人折算：权重 × ramp 系数 × 期间内在职天数（全期 {period_days} 天）",
                "  新人折算：權重 × ramp 係數 × 期間內在職天數（全期 {period_days} 天）",
                "  new hires: weight × ramp factor × days employed in the period (full period {period_days} days)",
            )
        } else {
            Text::new(
                "  新人折算：权重 × ramp 系数",
                "  新人折算：權重 × ramp 係數",
                "  new hires: weight × ramp factor",
            )
        }));
    }
    lines
}

/// Splits `value` over the children with the flat [`decompose`]: the weights as a list
/// (unless all are equal), each child's `locked`, `min` and `max`; its lines (less the
/// total) are added to `lines`, its error paths rewritten into the tree.
fn by_decompose(
    s: &Settings,
    method: Method,
    kids: &Kids,
    weights: &[Decimal],
    value: Decimal,
    node_path: &str,
    lines: &mut Vec<String>,
) -> Result<(Vec<Decimal>, Vec<Option<BoundHit>>), JixiaoError> {
    let list: Option<Vec<Num>> =
        (method != Method::Equal || kids.scaled).then(|| weights.iter().map(|w| Num(*w)).collect());
    let (m, weights_list, history_list, capacity_list) = match method {
        Method::Equal | Method::WorkingDays if list.is_some() => (Method::Weights, list, None, None),
        Method::Equal | Method::WorkingDays => (Method::Equal, None, None, None),
        Method::Weights => (Method::Weights, list, None, None),
        Method::History => (Method::History, None, list, None),
        Method::Capacity => (Method::Capacity, None, None, list),
    };
    let parts: Vec<PartSpec> = kids
        .nodes
        .iter()
        .map(|k| PartSpec {
            key: k.id.clone(),
            locked: k.locked,
            min: k.min,
            max: k.max,
            ..PartSpec::default()
        })
        .collect();
    let keys: Vec<&str> = kids.nodes.iter().map(|k| k.id.as_str()).collect();
    let sub_input = DecomposeInput {
        total: Num(value),
        parts: Some(parts),
        method: m,
        weights: weights_list,
        history: history_list,
        capacity: capacity_list,
        unit: Some(Num(s.unit)),
        locale: Some(s.locale.tag().to_string()),
        ..DecomposeInput::default()
    };
    let out = decompose(&sub_input).map_err(|mut e| {
        e.path = tree_path(&e.path, node_path, &keys);
        e
    })?;
    lines.extend(out.explain.lines.iter().skip(1).map(|l| format!("  {l}")));
    let mut vals = Vec::with_capacity(kids.nodes.len());
    let mut hits = Vec::with_capacity(kids.nodes.len());
    for p in &out.parts {
        vals.push(Decimal::from_str(&p.value).map_err(overflow)?);
        hits.push(p.bound);
    }
    Ok((vals, hits))
}

/// A child's capacity: the number, or headcount × productivity (neither negative).
fn capacity_of(kid: &TreeNode, node_path: &str, k: usize) -> Result<Option<Decimal>, JixiaoError> {
    match kid.capacity {
        None => Ok(None),
        Some(TreeCapacity::Number(n)) => Ok(Some(n.0)),
        Some(TreeCapacity::Team {
            headcount,
            productivity,
        }) => {
            for (name, v) in [("headcount", headcount.0), ("productivity", productivity.0)] {
                if is_negative(v) {
                    return Err(negative_error(
                        format!("{node_path}/children/{k}/capacity/{name}"),
                        name,
                        v,
                    ));
                }
            }
            Ok(Some(mul(headcount.0, productivity.0)?))
        }
    }
}

/// The name of a method as the explanation shows it.
fn method_key(m: Method) -> &'static str {
    match m {
        Method::Equal => "equal",
        Method::Weights => "weights",
        Method::History => "history",
        Method::WorkingDays => "working_days",
        Method::Capacity => "capacity",
    }
}

/// `v` grouped, at the unit's places or more when `v` needs them (explanation lines).
fn money(v: Decimal, unit: Decimal) -> String {
    format_grouped(v, scale_of(v).max(scale_of(unit)), RoundingMode::HalfUp)
}

/// Rewrites a path from [`decompose`] (`/parts/1/max`, `/min/0`, `/locked/k`) to the tree.
fn tree_path(path: &str, node_path: &str, keys: &[&str]) -> String {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let children = format!("{node_path}/children");
    match segs.as_slice() {
        ["parts", i, rest @ ..] => {
            let mut out = format!("{children}/{i}");
            for r in rest {
                out.push('/');
                out.push_str(r);
            }
            out
        }
        [name @ ("min" | "max" | "weights" | "history" | "capacity"), i] => {
            let field = match *name {
                "weights" => "weight",
                other => other,
            };
            format!("{children}/{i}/{field}")
        }
        ["locked", key] => match keys.iter().position(|k| escape_pointer(k) == *key) {
            Some(i) => format!("{children}/{i}/locked"),
            None => children,
        },
        ["total"] | ["unit"] => node_path.to_string(),
        _ => children,
    }
}
