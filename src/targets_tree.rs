//! Organisation-tree target decomposition (组织树目标分解), SPEC §5 `decomposeTree`: a
//! company total split down a tree (company → regions → teams → reps) so that every
//! node's children sum **exactly** to the node. Pure core: no wasm-bindgen here.
//!
//! # Levels
//!
//! The root gets `total × (1 + uplift)`: the uplift applies **once, at the root**, never
//! again below it. Every node with children is then split over them by
//! [`crate::decompose`] with that node's value as the total, so each level follows the
//! rules of a flat decomposition, as documented there: multiples of `unit` by largest
//! remainder (ties: the earlier child), the remainder below one unit to the largest
//! unlocked child with room under its `max`, `min`/`max` bounds moved inward to the unit
//! (impossible bounds are `INVALID_SETTING` at the child or at the node's `children`),
//! `locked` values kept as given. A node's own `method` splits its children; without
//! one, the input's `method` (default `equal`) is used. Methods: `equal`, `weights` (each
//! child's `weight`), `history` (each child's `history`) and `capacity` (each child's
//! `capacity`: a number, or `{ "headcount": …, "productivity": … }` whose product is
//! used). `working_days` has no meaning in a tree and is an error.
//!
//! So the root's own remainder below one unit (a total that is not a multiple of the
//! unit) travels down one chain of largest children to one leaf, and a locked value finer
//! than the unit does the same below its node; every other value is a multiple of the
//! unit.
//!
//! A node whose value is above 0 but below one unit (possible deep in a tree) gives all of
//! it (less its locked children) to its unlocked child with the largest weight that has
//! room under its `max` (ties: the earlier); a child with a `min` above 0 there is an
//! error, and so is every unlocked child weighing 0 (as in [`crate::decompose`]). A node
//! worth 0 gives 0 to every unlocked child, and its children's weights may then all be 0.
//! Otherwise every node needs a child with a weight above 0.
//!
//! The root's value is the total: `locked`, `min`, `max` or `start` on the root is an
//! error. A negative `locked`, `min` or `max` is an error wherever it is; a negative
//! `weight`, `history` or `capacity` when its parent's method uses it.
//!
//! # New hires: ramp and proration
//!
//! Only **leaves** (people) may have a `start` date (on a node with children it is an
//! error), and `asOf` (the period's first day) is then required. `periodEnd` (inclusive)
//! defaults to the last day of `asOf`'s month. A new hire's weight under its parent's
//! method (1 for `equal`) is multiplied by:
//!
//! * **ramp** (when `ramp` is given): *m* = the whole months from `start` to `asOf`
//!   (a month is whole when the same day of month is reached: 2024-11-15 → 2025-01-15 is
//!   2 whole months, → 2025-01-14 is 1; a start on the 31st completes a month only on a
//!   31st or in the next month: 2025-01-31 → 2025-02-28 is 0; 0 when `start` ≥ `asOf`).
//!   The person is in month *m* + 1 and the factor is `ramp[m]` (month 1 → `ramp[0]` …),
//!   the last value beyond the list.
//! * **proration by days**: one who starts after `asOf` but on or before `periodEnd` is
//!   employed (days from `start` to `periodEnd`, both included) of the period's (days from
//!   `asOf` to `periodEnd`, both included); one who starts after `periodEnd`, 0 days (a
//!   weight of 0). To keep this exact, when any child of a node is prorated, every child's
//!   weight is multiplied by its days in the period (the full period's days for the
//!   others) instead of by a rounded fraction: the shares are the same.
//!
//! So with `ramp: ["0.25","0.5","0.75","1"]`, `asOf: 2025-01-01`, `periodEnd: 2025-01-31`:
//! a rep who started 2024-06-01 has factor 1 (month 8, beyond the list); 2024-12-01 →
//! month 2 → 0.5; 2025-01-17 → month 1 → 0.25 × 15/31; 2025-02-01 → 0.
//!
//! ```
//! let out = jixiao::decompose_tree_json(r#"{"total":1000,"unit":1,"asOf":"2025-01-01",
//!   "ramp":["0.25","0.5","0.75","1"],"root":{"id":"team","children":[
//!   {"id":"a","start":"2024-06-01"},{"id":"b","start":"2024-12-01"},
//!   {"id":"c","start":"2025-01-17"},{"id":"d","start":"2025-02-01"}]}}"#).unwrap();
//! let d: jixiao::TreeDecomposition = serde_json::from_str(&out).unwrap();
//! let values: Vec<&str> = d.nodes.iter().map(|n| n.value.as_str()).collect();
//! // weights 1×31 : 0.5×31 : 0.25×15 : 0.25×0 days
//! assert_eq!(values, ["1000", "617", "308", "75", "0"]);
//! assert_eq!(d.nodes[3].proration.as_deref(), Some("0.4839"));
//! ```
//!
//! # Limits
//!
//! At most 32 levels (`depth` 0‥31) and 100 000 nodes: beyond is `TOO_LARGE` at the
//! node whose `children` are too deep, or at `/root`. The JSON entry's own nesting limit
//! (JSON text nested past 127 levels: a tree of 64 levels or more) is reported with the
//! same code at `/root`. The tree is walked iteratively.
//!
//! # Output
//!
//! Nodes in pre-order; `share` is value ÷ the parent's value (the root: 1; 0 under a node
//! worth 0), 4 places. Values use the unit's places, more only when a remainder finer than
//! the unit needs them (every value then shows the same places). The explanation has the
//! total, the period, each node's split (its method, the shares, who got the leftover
//! units and the remainder) and each new hire's month, ramp and days.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{add, div, mul, overflow, sub};
use crate::numbers::{format_fixed, format_grouped, format_plain, RoundingMode};
use crate::scheme::Num;
use crate::targets::{decompose, BoundHit, DecomposeExplain, DecomposeInput, Method, PartSpec};
use crate::text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;

/// The most levels a tree may have (the root is depth 0, so `depth` ≤ 31).
pub const TREE_MAX_LEVELS: u32 = 32;
/// The most nodes a tree may have.
pub const TREE_MAX_NODES: usize = 100_000;

/// A capacity: a number, or headcount × productivity.
///
/// ```
/// let c: jixiao::TreeCapacity = serde_json::from_str(r#"{"headcount":3,"productivity":"10万"}"#).unwrap();
/// assert!(matches!(c, jixiao::TreeCapacity::Team { .. }));
/// let c: jixiao::TreeCapacity = serde_json::from_str("5").unwrap();
/// assert!(matches!(c, jixiao::TreeCapacity::Number(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(
    untagged,
    expecting = "capacity must be a number or { headcount, productivity } (each a number)"
)]
pub enum TreeCapacity {
    /// The capacity itself.
    Number(Num),
    /// Headcount × productivity.
    Team {
        /// People.
        headcount: Num,
        /// Output per person.
        productivity: Num,
    },
}

/// One node of the organisation tree (a company, region, team or person).
///
/// ```
/// let n: jixiao::TreeNode = serde_json::from_str(
///     r#"{"id":"east","name":"华东","weight":3,"children":[{"id":"e1"}]}"#).unwrap();
/// assert_eq!(n.children.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TreeNode {
    /// Unique id in the whole tree.
    pub id: String,
    /// Display name (default: the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Children; none makes a leaf.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TreeNode>,
    /// Weight among its siblings (method `weights`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
    /// Last period's actual (method `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Num>,
    /// Capacity (method `capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<TreeCapacity>,
    /// A person's first day (ramp and proration, leaves only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The least value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Num>,
    /// The most value it may get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
    /// A value to keep as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<Num>,
    /// The method that splits this node over its children (default: the input's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
}

/// The input of [`decompose_tree`].
///
/// ```
/// let input: jixiao::TreeInput = serde_json::from_str(
///     r#"{"total":100,"unit":1,"root":{"id":"co","children":[{"id":"a"},{"id":"b"}]}}"#).unwrap();
/// assert_eq!(input.root.children.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TreeInput {
    /// The root's total (before uplift).
    pub total: Num,
    /// The tree.
    pub root: TreeNode,
    /// The method for every node without its own (default `equal`).
    #[serde(default)]
    pub method: Method,
    /// Every value is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// The root total is multiplied by 1 + uplift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift: Option<Num>,
    /// New-hire factors by month of employment: month 1, month 2 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp: Option<Vec<Num>>,
    /// The period's first day (needed when a leaf has `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The period's last day, inclusive (default: the end of `asOf`'s month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    /// `zh-CN` (default), `zh-TW` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// One node of a [`TreeDecomposition`].
///
/// ```
/// let out = jixiao::decompose_tree_json(r#"{"total":10,"unit":1,"root":{"id":"co","children":[{"id":"a"}]}}"#).unwrap();
/// let d: jixiao::TreeDecomposition = serde_json::from_str(&out).unwrap();
/// let a: &jixiao::TreeNodeResult = &d.nodes[1];
/// assert_eq!((a.parent.as_deref(), a.depth, a.value.as_str()), (Some("co"), 1, "10"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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

/// The result of [`decompose_tree`].
///
/// ```
/// let out = jixiao::decompose_tree_json(r#"{"total":"1万","uplift":"10%","unit":1,"root":{"id":"co"}}"#).unwrap();
/// let d: jixiao::TreeDecomposition = serde_json::from_str(&out).unwrap();
/// assert_eq!(d.total, "11000");
/// assert_eq!(d.nodes.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
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

fn fail(code: ErrorCode, path: impl Into<String>, text: Text) -> JixiaoError {
    JixiaoError::new(code, path, text)
}

fn negative(v: Decimal) -> bool {
    v.is_sign_negative() && !v.is_zero()
}

fn scale_of(v: Decimal) -> u32 {
    v.normalize().scale()
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), checked.
fn day_number(d: Date) -> Option<i64> {
    let m = i64::from(d.month);
    let y = i64::from(d.year).checked_sub(i64::from(m <= 2))?;
    let era = y.checked_div_euclid(400)?;
    let yoe = y.checked_sub(era.checked_mul(400)?)?;
    let mp = if m > 2 { m.checked_sub(3)? } else { m.checked_add(9)? };
    let doy = mp
        .checked_mul(153)?
        .checked_add(2)?
        .checked_div(5)?
        .checked_add(i64::from(d.day))?
        .checked_sub(1)?;
    let doe = yoe
        .checked_mul(365)?
        .checked_add(yoe.checked_div(4)?)?
        .checked_sub(yoe.checked_div(100)?)?
        .checked_add(doy)?;
    era.checked_mul(146_097)?.checked_add(doe)?.checked_sub(719_468)
}

/// Days from `a` to `b`, both included (`b` ≥ `a`).
fn days_inclusive(a: Date, b: Date) -> Option<i64> {
    day_number(b)?.checked_sub(day_number(a)?)?.checked_add(1)
}

/// Whole months from `start` to `as_of` (0 when `start` ≥ `as_of`).
fn whole_months(start: Date, as_of: Date) -> Option<u32> {
    if start >= as_of {
        return Some(0);
    }
    let a = i64::from(as_of.year)
        .checked_mul(12)?
        .checked_add(i64::from(as_of.month))?;
    let s = i64::from(start.year)
        .checked_mul(12)?
        .checked_add(i64::from(start.month))?;
    let mut m = a.checked_sub(s)?;
    if as_of.day < start.day {
        m = m.checked_sub(1)?;
    }
    u32::try_from(m.max(0)).ok()
}

fn last_day_of_month(d: Date) -> Option<Date> {
    [31, 30, 29, 28]
        .into_iter()
        .find_map(|day| Date::new(d.year, d.month, day))
}

fn read_date(text: &str, path: String) -> Result<Date, JixiaoError> {
    Date::parse(text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        fail(
            ErrorCode::InvalidDate,
            path,
            text!(
                "无法识别的日期：{shown:?}",
                "無法識別的日期：{shown:?}",
                "not a date: {shown:?}",
            ),
        )
    })
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Equal => "equal",
        Method::Weights => "weights",
        Method::History => "history",
        Method::WorkingDays => "working_days",
        Method::Capacity => "capacity",
    }
}

/// A node in the flattened tree.
struct Flat<'a> {
    node: &'a TreeNode,
    parent: Option<usize>,
    /// Index among its siblings.
    index: usize,
    depth: u32,
    children: Vec<usize>,
}

/// The JSON pointer of node `i` (`/root/children/2/children/0`).
fn pointer(flat: &[Flat], i: usize) -> String {
    let mut chain = Vec::new();
    let mut at = Some(i);
    while let Some(k) = at {
        match flat.get(k) {
            Some(f) if f.parent.is_some() => {
                chain.push(f.index);
                at = f.parent;
            }
            _ => at = None,
        }
    }
    let mut out = String::from("/root");
    for idx in chain.iter().rev() {
        out.push_str("/children/");
        out.push_str(&idx.to_string());
    }
    out
}

/// Flattens the tree in pre-order without recursion, checking the limits.
fn flatten(root: &TreeNode) -> Result<Vec<Flat<'_>>, JixiaoError> {
    let mut flat: Vec<Flat> = Vec::new();
    let mut stack: Vec<(&TreeNode, Option<usize>, usize, u32)> = vec![(root, None, 0, 0)];
    while let Some((node, parent, index, depth)) = stack.pop() {
        if flat.len() >= TREE_MAX_NODES {
            let max = TREE_MAX_NODES;
            return Err(fail(
                ErrorCode::TooLarge,
                "/root",
                text!(
                    "组织树超过 {max} 个节点",
                    "組織樹超過 {max} 個節點",
                    "the tree has more than {max} nodes",
                ),
            ));
        }
        let me = flat.len();
        if let Some(p) = parent.and_then(|p| flat.get_mut(p)) {
            p.children.push(me);
        }
        flat.push(Flat {
            node,
            parent,
            index,
            depth,
            children: Vec::new(),
        });
        if !node.children.is_empty() {
            let below = depth.saturating_add(1);
            if below >= TREE_MAX_LEVELS {
                let max = TREE_MAX_LEVELS;
                return Err(fail(
                    ErrorCode::TooLarge,
                    format!("{}/children", pointer(&flat, me)),
                    text!(
                        "组织树超过 {max} 层",
                        "組織樹超過 {max} 層",
                        "the tree is deeper than {max} levels",
                    ),
                ));
            }
            for (k, child) in node.children.iter().enumerate().rev() {
                stack.push((child, Some(me), k, below));
            }
        }
    }
    Ok(flat)
}

/// A leaf's new-hire factors.
#[derive(Clone, Copy, Default)]
struct Hire {
    /// `ramp[m]`, when `ramp` is given.
    ramp: Option<Decimal>,
    /// Days employed in the period and the period's days, both inclusive, for one who
    /// starts after `asOf` (worked is 0 when the start is after `periodEnd`).
    days: Option<(i64, i64)>,
}

impl Hire {
    /// The factor shown: the days' share at 4 places.
    fn proration(self) -> Result<Option<Decimal>, JixiaoError> {
        match self.days {
            None => Ok(None),
            Some((worked, all)) => Ok(Some(div(Decimal::from(worked), Decimal::from(all))?)),
        }
    }
}

struct Period {
    as_of: Date,
    end: Date,
    /// Days from `as_of` to `end`, both included.
    days: i64,
}

fn hire(start: Date, period: &Period, ramp: Option<&[Decimal]>) -> Result<Hire, JixiaoError> {
    let bad = || {
        fail(
            ErrorCode::InvalidDate,
            "/asOf",
            Text::new("日期超出范围", "日期超出範圍", "a date is out of range"),
        )
    };
    let ramp_factor = match ramp {
        None => None,
        Some(list) => {
            let m = whole_months(start, period.as_of).ok_or_else(bad)?;
            let i = usize::try_from(m).unwrap_or(usize::MAX);
            list.get(i).or_else(|| list.last()).copied()
        }
    };
    let days = if start > period.end {
        Some((0, period.days))
    } else if start > period.as_of {
        Some((days_inclusive(start, period.end).ok_or_else(bad)?, period.days))
    } else {
        None
    };
    Ok(Hire {
        ramp: ramp_factor,
        days,
    })
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
        ["locked", key] => match keys.iter().position(|k| crate::error::escape_pointer(k) == *key) {
            Some(i) => format!("{children}/{i}/locked"),
            None => children,
        },
        ["total"] | ["unit"] => node_path.to_string(),
        _ => children,
    }
}

/// Splits `value` when it is below one unit: locked children keep their value, the rest
/// goes to the unlocked child with the largest weight that has room under its `max`.
fn split_below_unit(
    value: Decimal,
    unit: Decimal,
    weights: &[Decimal],
    kids: &[&TreeNode],
    node_path: &str,
) -> Result<(Vec<Decimal>, Option<usize>), JixiaoError> {
    let children = format!("{node_path}/children");
    let mut values = vec![Decimal::ZERO; kids.len()];
    let mut locked_sum = Decimal::ZERO;
    for (i, k) in kids.iter().enumerate() {
        if let Some(l) = k.locked {
            locked_sum = add(locked_sum, l.0)?;
            if let Some(v) = values.get_mut(i) {
                *v = l.0;
            }
        } else if k.min.is_some_and(|m| m.0 > Decimal::ZERO) {
            let (m, u) = (k.min.map(|m| m.0).unwrap_or_default(), unit);
            return Err(fail(
                ErrorCode::InvalidSetting,
                format!("{children}/{i}/min"),
                text!(
                    "上级只有 {value}（不足一个单位 {u}），无法满足下限 {m}",
                    "上級只有 {value}（不足一個單位 {u}），無法滿足下限 {m}",
                    "the parent has only {value} (below one unit {u}): the min {m} cannot be met",
                ),
            ));
        }
    }
    let rest = sub(value, locked_sum)?;
    if negative(rest) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            children,
            text!(
                "锁定值合计 {locked_sum} 超过上级的 {value}",
                "鎖定值合計 {locked_sum} 超過上級的 {value}",
                "the locked values sum to {locked_sum}, more than the parent's {value}",
            ),
        ));
    }
    if rest.is_zero() {
        return Ok((values, None));
    }
    // as in `decompose`: the rest cannot go by weight when every unlocked weight is 0
    let unlocked_weight = kids
        .iter()
        .zip(weights)
        .filter(|(k, _)| k.locked.is_none())
        .try_fold(Decimal::ZERO, |a, (_, w)| add(a, *w))?;
    if unlocked_weight.is_zero() {
        return Err(fail(
            ErrorCode::InvalidSetting,
            children,
            Text::new(
                "未锁定的下级权重都是 0，无法分配剩余部分",
                "未鎖定的下級權重都是 0，無法分配剩餘部分",
                "every unlocked child has weight 0: the rest cannot be spread",
            ),
        ));
    }
    let mut best: Option<usize> = None;
    for (i, k) in kids.iter().enumerate() {
        if k.locked.is_some() {
            continue;
        }
        let room = match k.max {
            Some(h) => mul(div(h.0, unit)?.floor(), unit)? >= rest,
            None => true,
        };
        let w = weights.get(i).copied().unwrap_or_default();
        if room && best.is_none_or(|b| weights.get(b).is_some_and(|bw| w > *bw)) {
            best = Some(i);
        }
    }
    let Some(b) = best else {
        return Err(fail(
            ErrorCode::InvalidSetting,
            children,
            text!(
                "不足一个单位的 {rest} 无处可放",
                "不足一個單位的 {rest} 無處可放",
                "the {rest} below one unit has nowhere to go",
            ),
        ));
    };
    if let Some(v) = values.get_mut(b) {
        *v = rest;
    }
    Ok((values, Some(b)))
}

/// Reads a JSON text, decomposes the tree and writes the result as JSON (the wasm
/// binding's entry). Malformed JSON is `INVALID_JSON`, a tree nested past the JSON limit
/// `TOO_LARGE`, a wrong shape `INVALID_INPUT` with a JSON pointer, and an unknown method
/// `INVALID_SETTING` at its pointer.
///
/// ```
/// let out = jixiao::decompose_tree_json(r#"{"total":100,"root":{"id":"co","children":[{"id":"a"},{"id":"b"},{"id":"c"}]}}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::decompose_tree_json(r#"{"total":1,"root":{"id":"co","method":"magic","children":[{"id":"a"}]}}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/root/method");
/// ```
pub fn decompose_tree_json(json: &str) -> Result<String, JixiaoError> {
    let value: Result<serde_json::Value, JixiaoError> = serde_json::from_str(json).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            let max = TREE_MAX_LEVELS;
            fail(
                ErrorCode::TooLarge,
                "/root",
                text!(
                    "输入嵌套过深（组织树最多 {max} 层）",
                    "輸入巢狀過深（組織樹最多 {max} 層）",
                    "the input is nested too deeply (a tree has at most {max} levels)",
                ),
            )
        } else {
            fail(
                ErrorCode::InvalidJson,
                "",
                text!(
                    "输入不是有效的 JSON：{e}",
                    "輸入不是有效的 JSON：{e}",
                    "the input is not JSON: {e}"
                ),
            )
        }
    });
    let locale = value
        .as_ref()
        .ok()
        .and_then(|v| v.get("locale"))
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let localized = |mut e: JixiaoError| {
        e.localize(locale);
        e
    };
    let value = value.map_err(localized)?;
    let input: TreeInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        let mut last_is_method = false;
        for seg in e.path().iter() {
            path.push('/');
            last_is_method = false;
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => {
                    last_is_method = key == "method";
                    path.push_str(&crate::error::escape_pointer(key));
                }
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        localized(if last_is_method {
            fail(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
                    "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
                    "unknown method: {inner} (use equal, weights, history or capacity)",
                ),
            )
        } else {
            fail(
                ErrorCode::InvalidInput,
                path,
                text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
            )
        })
    })?;
    let out = decompose_tree(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        localized(fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        ))
    })
}

/// Splits a total down an organisation tree (SPEC §5 `decomposeTree`); see the module docs
/// for the per-level rules, new-hire ramp and proration, and limits. Every node's children
/// sum exactly to the node; errors come back in the input's locale with a JSON pointer
/// such as `/root/children/1/weight`.
///
/// ```
/// let input: jixiao::TreeInput = serde_json::from_str(r#"{
///   "total": 1000, "unit": 10, "method": "weights",
///   "root": { "id": "co", "children": [ { "id": "east", "weight": 3 }, { "id": "west", "weight": 1 } ] } }"#).unwrap();
/// let out = jixiao::decompose_tree(&input).unwrap();
/// assert_eq!((out.nodes[1].value.as_str(), out.nodes[2].value.as_str()), ("750", "250"));
/// assert_eq!(out.nodes[1].share, "0.7500");
/// ```
pub fn decompose_tree(input: &TreeInput) -> Result<TreeDecomposition, JixiaoError> {
    let locale = match &input.locale {
        None => Locale::default(),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            fail(
                ErrorCode::InvalidSetting,
                "/locale",
                text!(
                    "未知的语言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "未知的語言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "unknown locale {shown:?} (use zh-CN, zh-TW or en)",
                ),
            )
        })?,
    };
    run(input, locale).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn run(input: &TreeInput, locale: Locale) -> Result<TreeDecomposition, JixiaoError> {
    let flat = flatten(&input.root)?;
    if input.method == Method::WorkingDays {
        return Err(unusable_method("/method".to_string()));
    }

    // ---- every node's own settings: ids, methods, bounds, dates
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut starts: Vec<Option<Date>> = Vec::with_capacity(flat.len());
    for (i, f) in flat.iter().enumerate() {
        let node = f.node;
        let at = |field: &str| format!("{}/{field}", pointer(&flat, i));
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
            let given = [
                ("locked", node.locked.is_some()),
                ("min", node.min.is_some()),
                ("max", node.max.is_some()),
                ("start", node.start.is_some()),
            ];
            if let Some((field, _)) = given.into_iter().find(|(_, g)| *g) {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    at(field),
                    text!(
                        "根节点的值就是（上浮后的）总额：{field} 不适用于根节点",
                        "根節點的值就是（上浮後的）總額：{field} 不適用於根節點",
                        "the root's value is the (uplifted) total: {field} does not apply to the root",
                    ),
                ));
            }
        }
        for (field, v) in [("locked", node.locked), ("min", node.min), ("max", node.max)] {
            if let Some(v) = v.map(|n| n.0).filter(|v| negative(*v)) {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    at(field),
                    text!(
                        "{field} 不能为负数：{v}",
                        "{field} 不能為負數：{v}",
                        "{field} must not be negative: {v}",
                    ),
                ));
            }
        }
        let start = match node.start.as_deref() {
            None => None,
            Some(t) => {
                let d = read_date(t, at("start"))?;
                if !f.children.is_empty() {
                    let id: String = node.id.chars().take(40).collect();
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
                Some(d)
            }
        };
        starts.push(start);
    }

    // ---- the period and the ramp (new hires)
    let out_of_range = |path: &str| {
        fail(
            ErrorCode::InvalidDate,
            path,
            Text::new("日期超出范围", "日期超出範圍", "a date is out of range"),
        )
    };
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| read_date(t, "/asOf".to_string()))
        .transpose()?;
    let period_end = input
        .period_end
        .as_deref()
        .map(|t| read_date(t, "/periodEnd".to_string()))
        .transpose()?;
    let period = match (as_of, period_end) {
        (None, Some(_)) => {
            return Err(fail(
                ErrorCode::MissingSetting,
                "/asOf",
                Text::new(
                    "给出了 periodEnd 却缺少 asOf",
                    "給出了 periodEnd 卻缺少 asOf",
                    "periodEnd is given but asOf is missing",
                ),
            ))
        }
        (None, None) => None,
        (Some(a), end) => {
            let end = match end {
                Some(e) => e,
                None => last_day_of_month(a).ok_or_else(|| out_of_range("/asOf"))?,
            };
            if end < a {
                return Err(fail(
                    ErrorCode::InvalidDate,
                    "/periodEnd",
                    text!(
                        "期末 {end} 早于期初 {a}",
                        "期末 {end} 早於期初 {a}",
                        "periodEnd {end} is before asOf {a}"
                    ),
                ));
            }
            let days = days_inclusive(a, end).ok_or_else(|| out_of_range("/periodEnd"))?;
            Some(Period { as_of: a, end, days })
        }
    };
    let ramp: Option<Vec<Decimal>> = match &input.ramp {
        None => None,
        Some(list) => {
            if list.is_empty() {
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    "/ramp",
                    Text::new("ramp 不能为空", "ramp 不能為空", "ramp must not be empty"),
                ));
            }
            for (i, r) in list.iter().enumerate() {
                if negative(r.0) {
                    let v = r.0;
                    return Err(fail(
                        ErrorCode::InvalidSetting,
                        format!("/ramp/{i}"),
                        text!(
                            "ramp 不能为负数：{v}",
                            "ramp 不能為負數：{v}",
                            "ramp must not be negative: {v}"
                        ),
                    ));
                }
            }
            Some(list.iter().map(|r| r.0).collect())
        }
    };
    let mut hires: Vec<Option<Hire>> = Vec::with_capacity(flat.len());
    for start in &starts {
        match (start, &period) {
            (None, _) => hires.push(None),
            (Some(_), None) => {
                return Err(fail(
                    ErrorCode::MissingSetting,
                    "/asOf",
                    Text::new(
                        "有成员给出了 start：请给出 asOf（期初）",
                        "有成員給出了 start：請給出 asOf（期初）",
                        "a person has a start date: give asOf (the period's first day)",
                    ),
                ))
            }
            (Some(s), Some(p)) => hires.push(Some(hire(*s, p, ramp.as_deref())?)),
        }
    }

    // ---- root total
    let base = input.total.0;
    if base <= Decimal::ZERO {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/total",
            text!(
                "总额应大于 0：{base}",
                "總額應大於 0：{base}",
                "the total must be above 0: {base}"
            ),
        ));
    }
    let total = match input.uplift {
        None => base,
        Some(u) => {
            if u.0 <= Decimal::NEGATIVE_ONE {
                let u = u.0;
                return Err(fail(
                    ErrorCode::InvalidSetting,
                    "/uplift",
                    text!(
                        "上浮比例应大于 -1：{u}",
                        "上浮比例應大於 -1：{u}",
                        "uplift must be above -1: {u}"
                    ),
                ));
            }
            add(Decimal::ONE, u.0)
                .and_then(|f| mul(base, f))
                .map_err(|e| JixiaoError {
                    path: "/uplift".into(),
                    ..e
                })?
        }
    };
    let unit = input.unit.map_or(Decimal::new(1, 2), |u| u.0);
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

    // ---- split node by node (pre-order: a parent is always valued before its children)
    let n = flat.len();
    let mut values = vec![Decimal::ZERO; n];
    if let Some(v) = values.first_mut() {
        *v = total;
    }
    let mut hits: Vec<Option<BoundHit>> = vec![None; n];
    let mut node_lines: Vec<Vec<String>> = vec![Vec::new(); n];
    let line = |t: Text| t.get(locale).to_string();
    let settings = Settings {
        method: input.method,
        hires: &hires,
        unit,
        locale,
        period_days: period.as_ref().map_or(1, |p| p.days),
    };
    for (i, f) in flat.iter().enumerate() {
        if f.children.is_empty() {
            continue;
        }
        let node_path = pointer(&flat, i);
        let value = values.get(i).copied().unwrap_or_default();
        // an overflow deep inside has no path of its own: it belongs to this node's children
        let split = split_node(&settings, &flat, f, value, &node_path).map_err(|mut e| {
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

    // ---- output
    let places = values
        .iter()
        .map(|v| scale_of(*v))
        .chain([scale_of(unit), scale_of(total)])
        .max()
        .unwrap_or(2)
        .min(28);
    let fmt = |v: Decimal| format_fixed(v, places, RoundingMode::HalfUp);
    let money = |v: Decimal| format_grouped(v, places, RoundingMode::HalfUp);
    let mut lines = Vec::new();
    let (tb, tt) = (money(base), money(total));
    match input.uplift {
        Some(u) => {
            let pct = crate::numbers::format_percent(u.0, 2, RoundingMode::HalfUp);
            lines.push(line(text!(
                "目标总额 {tb} ×（1 + 上浮 {pct}）= {tt}（只在根节点上浮一次）",
                "目標總額 {tb} ×（1 + 上浮 {pct}）= {tt}（只在根節點上浮一次）",
                "Total {tb} × (1 + uplift {pct}) = {tt} (once, at the root)",
            )));
        }
        None => lines.push(line(text!("目标总额 {tt}", "目標總額 {tt}", "Total {tt}"))),
    }
    if let Some(p) = &period {
        let (a, e, d) = (p.as_of, p.end, p.days);
        lines.push(line(text!(
            "期间 {a} 至 {e}（{d} 天）：新人按 ramp 与在职天数折算",
            "期間 {a} 至 {e}（{d} 天）：新人按 ramp 與在職天數折算",
            "Period {a} to {e} ({d} days): new hires scaled by ramp and days employed",
        )));
    }
    let mut nodes = Vec::with_capacity(n);
    for (i, f) in flat.iter().enumerate() {
        let value = values.get(i).copied().unwrap_or_default();
        let parent_value = f.parent.and_then(|p| values.get(p).copied());
        let share = match parent_value {
            None => Decimal::ONE,
            Some(p) if p.is_zero() => Decimal::ZERO,
            Some(p) => div(value, p)?,
        };
        if let Some(l) = node_lines.get_mut(i) {
            lines.append(l);
        }
        let h = hires.get(i).copied().flatten();
        let proration = match h {
            Some(h) => h.proration()?,
            None => None,
        };
        if let Some(h) = h {
            let id = &f.node.id;
            let r = h.ramp.map_or_else(|| "1".to_string(), format_plain);
            let months = match (starts.get(i).copied().flatten(), &period) {
                (Some(s), Some(p)) => whole_months(s, p.as_of).unwrap_or_default(),
                _ => 0,
            };
            let month = months.saturating_add(1);
            let v = money(value);
            lines.push(line(match h.days {
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
            }));
        }
        nodes.push(TreeNodeResult {
            id: f.node.id.clone(),
            name: f.node.name.clone().unwrap_or_else(|| f.node.id.clone()),
            parent: f.parent.and_then(|p| flat.get(p)).map(|p| p.node.id.clone()),
            depth: f.depth,
            value: fmt(value),
            share: format_fixed(share, 4, RoundingMode::HalfUp),
            method: (!f.children.is_empty()).then(|| f.node.method.unwrap_or(input.method)),
            ramp: h.and_then(|h| h.ramp).map(format_plain),
            proration: proration.map(|p| format_fixed(p, 4, RoundingMode::HalfUp)),
            locked: f.node.locked.is_some(),
            bound: hits.get(i).copied().flatten(),
        });
    }
    lines.push(line(text!(
        "每个节点的下级合计都等于该节点；合计 {tt}",
        "每個節點的下級合計都等於該節點；合計 {tt}",
        "Every node's children sum exactly to it; sum {tt}",
    )));
    Ok(TreeDecomposition {
        total: fmt(total),
        unit: format_plain(unit),
        nodes,
        explain: DecomposeExplain { lines },
    })
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
                if negative(v) {
                    return Err(fail(
                        ErrorCode::InvalidSetting,
                        format!("{node_path}/children/{k}/capacity/{name}"),
                        text!(
                            "{name} 不能为负数：{v}",
                            "{name} 不能為負數：{v}",
                            "{name} must not be negative: {v}",
                        ),
                    ));
                }
            }
            Ok(Some(mul(headcount.0, productivity.0)?))
        }
    }
}

/// What splitting one node gives: its children's values, its explanation lines and the
/// bound each child hit.
struct Split {
    values: Vec<Decimal>,
    lines: Vec<String>,
    hits: Vec<Option<BoundHit>>,
}

/// The settings every node's split shares.
struct Settings<'a> {
    method: Method,
    hires: &'a [Option<Hire>],
    unit: Decimal,
    locale: Locale,
    period_days: i64,
}

/// `v` grouped, at the unit's places or more when `v` needs them (explanation lines).
fn money(v: Decimal, unit: Decimal) -> String {
    format_grouped(v, scale_of(v).max(scale_of(unit)), RoundingMode::HalfUp)
}

/// Splits node `f`, worth `value`, over its children (see the module docs).
fn split_node(s: &Settings, flat: &[Flat], f: &Flat, value: Decimal, node_path: &str) -> Result<Split, JixiaoError> {
    let (hires, unit, locale, period_days) = (s.hires, s.unit, s.locale, s.period_days);
    let line = |t: Text| t.get(locale).to_string();
    let method = f.node.method.unwrap_or(s.method);
    let kids: Vec<&TreeNode> = f
        .children
        .iter()
        .filter_map(|c| flat.get(*c).map(|cf| cf.node))
        .collect();
    let kid_hires: Vec<Option<Hire>> = f.children.iter().map(|c| hires.get(*c).copied().flatten()).collect();
    // A new hire's days stay exact: when a child starts after asOf, every child's
    // weight is multiplied by its days in the period (the full period for the others).
    let by_days = kid_hires.iter().flatten().any(|h| h.days.is_some());
    let scaled = by_days || kid_hires.iter().flatten().any(|h| h.ramp.is_some());
    // weights by method, times the new-hire factors
    let mut weights = Vec::with_capacity(kids.len());
    for (k, (kid, h)) in kids.iter().zip(&kid_hires).enumerate() {
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
        if negative(w) {
            return Err(fail(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "{field} 不能为负数：{w}",
                    "{field} 不能為負數：{w}",
                    "{field} must not be negative: {w}",
                ),
            ));
        }
        if let Some(r) = h.and_then(|h| h.ramp) {
            w = mul(w, r)?;
        }
        if by_days {
            let days = h.and_then(|h| h.days).map_or(period_days, |(worked, _)| worked);
            w = mul(w, Decimal::from(days))?;
        }
        weights.push(w);
    }
    if !value.is_zero() && weights.iter().all(Decimal::is_zero) {
        let name = match method {
            Method::History => "history",
            Method::Capacity => "capacity",
            _ => "weight",
        };
        return Err(fail(
            ErrorCode::InvalidSetting,
            format!("{node_path}/children"),
            text!(
                "下级的 {name} 全部为 0（含新人折算），无法按比例分解",
                "下級的 {name} 全部為 0（含新人折算），無法按比例分解",
                "every child's {name} is 0 (after new-hire factors): nothing to split in proportion to",
            ),
        ));
    }
    let id = &f.node.id;
    let v_shown = money(value, unit);
    let nk = kids.len();
    let mlabel = method_key(method);
    let mut own_lines = vec![line(text!(
        "{id}：{v_shown}，按 {mlabel} 分给 {nk} 个下级",
        "{id}：{v_shown}，按 {mlabel} 分給 {nk} 個下級",
        "{id}: {v_shown}, split {mlabel} over {nk} children",
    ))];
    if scaled {
        own_lines.push(line(if by_days {
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
    let mut hits: Vec<Option<BoundHit>> = Vec::with_capacity(nk);
    let child_values: Vec<Decimal> = if value < unit {
        hits.resize(nk, None);
        let (vals, to) = split_below_unit(value, unit, &weights, &kids, node_path)?;
        if let Some(k) = to.and_then(|t| kids.get(t)) {
            let kid = &k.id;
            let shown = money(value, unit);
            own_lines.push(line(text!(
                "  {shown} 不足一个单位 {unit}：全部给权重最大的 {kid}",
                "  {shown} 不足一個單位 {unit}：全部給權重最大的 {kid}",
                "  {shown} is below one unit {unit}: all of it to {kid}, the largest weight",
            )));
        }
        vals
    } else {
        let list: Option<Vec<Num>> =
            (method != Method::Equal || scaled).then(|| weights.iter().map(|w| Num(*w)).collect());
        let (m, weights_list, history_list, capacity_list) = match method {
            Method::Equal | Method::WorkingDays if list.is_some() => (Method::Weights, list, None, None),
            Method::Equal | Method::WorkingDays => (Method::Equal, None, None, None),
            Method::Weights => (Method::Weights, list, None, None),
            Method::History => (Method::History, None, list, None),
            Method::Capacity => (Method::Capacity, None, None, list),
        };
        let parts: Vec<PartSpec> = kids
            .iter()
            .map(|k| PartSpec {
                key: k.id.clone(),
                locked: k.locked,
                min: k.min,
                max: k.max,
                ..PartSpec::default()
            })
            .collect();
        let keys: Vec<&str> = kids.iter().map(|k| k.id.as_str()).collect();
        let sub_input = DecomposeInput {
            total: Num(value),
            parts: Some(parts),
            method: m,
            weights: weights_list,
            history: history_list,
            capacity: capacity_list,
            unit: Some(Num(unit)),
            locale: Some(locale.tag().to_string()),
            ..DecomposeInput::default()
        };
        let out = decompose(&sub_input).map_err(|mut e| {
            e.path = tree_path(&e.path, node_path, &keys);
            e
        })?;
        own_lines.extend(out.explain.lines.iter().skip(1).map(|l| format!("  {l}")));
        let mut vals = Vec::with_capacity(nk);
        for p in &out.parts {
            vals.push(Decimal::from_str(&p.value).map_err(overflow)?);
            hits.push(p.bound);
        }
        vals
    };
    if child_values.len() != nk || child_values.iter().try_fold(Decimal::ZERO, |a, b| add(a, *b))? != value {
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
    Ok(Split {
        values: child_values,
        lines: own_lines,
        hits,
    })
}

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
