//! Every node's own settings checked (unique ids, no `working_days`, nothing on the root
//! but its children, no negative `locked` / `min` / `max`, `start` only on leaves), the
//! root's total and unit, and the settings every node's split shares.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::is_negative;
use crate::targets::input::{fail, negative_error, read_date, unit_or_default, uplifted_total};
use crate::targets::Method;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

use super::flat::{pointer, Flat};
use super::hires::Hire;
use super::TreeInput;

/// The settings every node's split shares.
pub(super) struct Settings<'a> {
    /// The method of a node without its own.
    pub(super) method: Method,
    /// Each node's new-hire factors.
    pub(super) hires: &'a [Option<Hire>],
    pub(super) unit: Decimal,
    pub(super) locale: Locale,
    /// The period's days (1 without a period).
    pub(super) period_days: i64,
}

impl Settings<'_> {
    /// `t` in the input's locale.
    pub(super) fn line(&self, t: Text) -> String {
        t.get(self.locale).to_string()
    }
}

/// `INVALID_SETTING` at `path`: a tree cannot be split by working days.
fn unusable_method(path: String) -> JixiaoError {
    fail(
        ErrorCode::InvalidSetting,
        path,
        Text::new(
            "组织树不能按工作日分解（可用：equal、weights、history、capacity）",
            "組織樹不能按工作日分解（可用：equal、weights、history、capacity）",
            "a tree cannot be split by working_days (use equal, weights, history or capacity)",
        ),
    )
}

/// Checks the input's method and every node's settings, in pre-order; gives each node's
/// `start` date.
pub(super) fn node_starts(input: &TreeInput, flat: &[Flat]) -> Result<Vec<Option<Date>>, JixiaoError> {
    if input.method == Method::WorkingDays {
        return Err(unusable_method("/method".to_string()));
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut starts: Vec<Option<Date>> = Vec::with_capacity(flat.len());
    for (i, f) in flat.iter().enumerate() {
        let node = f.node;
        let at = |field: &str| format!("{}/{field}", pointer(flat, i));
        if !seen.insert(node.id.as_str()) {
            let id: String = node.id.chars().take(40).collect();
            return Err(fail(
                ErrorCode::DuplicateKey,
                at("id"),
                text!("节点 id 重复：{id}", "節點 id 重複：{id}", "duplicate node id: {id}"),
            ));
        }
        if node.method == Some(Method::WorkingDays) {
            return Err(unusable_method(at("method")));
        }
        if f.parent.is_none() {
            check_root(f, &at)?;
        }
        for (field, v) in [("locked", node.locked), ("min", node.min), ("max", node.max)] {
            if let Some(v) = v.map(|n| n.0).filter(|v| is_negative(*v)) {
                return Err(negative_error(at(field), field, v));
            }
        }
        starts.push(start_of(f, &at)?);
    }
    Ok(starts)
}

/// The root's value is the total: `locked`, `min`, `max` or `start` on it is an error.
fn check_root(f: &Flat, at: &dyn Fn(&str) -> String) -> Result<(), JixiaoError> {
    let node = f.node;
    let given = [
        ("locked", node.locked.is_some()),
        ("min", node.min.is_some()),
        ("max", node.max.is_some()),
        ("start", node.start.is_some()),
    ];
    match given.into_iter().find(|(_, g)| *g) {
        None => Ok(()),
        Some((field, _)) => Err(fail(
            ErrorCode::InvalidSetting,
            at(field),
            text!(
                "根节点的值就是（上浮后的）总额：{field} 不适用于根节点",
                "根節點的值就是（上浮後的）總額：{field} 不適用於根節點",
                "the root's value is the (uplifted) total: {field} does not apply to the root",
            ),
        )),
    }
}

/// A node's `start` date, which only a leaf may have.
fn start_of(f: &Flat, at: &dyn Fn(&str) -> String) -> Result<Option<Date>, JixiaoError> {
    let Some(t) = f.node.start.as_deref() else {
        return Ok(None);
    };
    let d = read_date(t, at("start"))?;
    if !f.children.is_empty() {
        let id: String = f.node.id.chars().take(40).collect();
        return Err(fail(
            ErrorCode::InvalidSetting,
            at("start"),
            text!(
                "start 只用于成员（没有下级的节点）：{id} 有下级",
                "start 只用於成員（沒有下級的節點）：{id} 有下級",
                "start is for people (nodes without children): {id} has children",
            ),
        ));
    }
    Ok(Some(d))
}

/// The root's total before and after uplift (an overflow at `/uplift`), and the unit:
/// above 0 and at most the total.
pub(super) fn root_total(input: &TreeInput) -> Result<(Decimal, Decimal, Decimal), JixiaoError> {
    let base = input.total.0;
    let total = uplifted_total(base, input.uplift).map_err(|e| match input.uplift {
        Some(_) if e.path.is_empty() => e.at_path("/uplift"),
        _ => e,
    })?;
    let unit = unit_or_default(input.unit);
    if unit <= Decimal::ZERO || unit > total {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "取整单位 {unit} 应大于 0 且不大于总额 {total}",
                "取整單位 {unit} 應大於 0 且不大於總額 {total}",
                "the unit {unit} must be above 0 and at most the total {total}",
            ),
        ));
    }
    Ok((base, total, unit))
}
