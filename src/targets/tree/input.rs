//! The input of a tree decomposition: the tree, its nodes and their capacities.

use serde::{Deserialize, Serialize};

use super::flat::TREE_MAX_LEVELS;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::scheme::Num;
use crate::targets::Method;

/// A capacity: a number, or headcount × productivity.
///
/// ```
/// let c: jixiao::targets::TreeCapacity = serde_json::from_str(r#"{"headcount":3,"productivity":"10万"}"#).unwrap();
/// assert!(matches!(c, jixiao::targets::TreeCapacity::Team { .. }));
/// let c: jixiao::targets::TreeCapacity = serde_json::from_str("5").unwrap();
/// assert!(matches!(c, jixiao::targets::TreeCapacity::Number(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let n: jixiao::targets::TreeNode = serde_json::from_str(
///     r#"{"id":"east","name":"华东","weight":3,"children":[{"id":"e1"}]}"#).unwrap();
/// assert_eq!(n.children.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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

/// The input of [`decompose_tree`](crate::decompose_tree).
///
/// ```
/// let input: jixiao::targets::TreeInput = serde_json::from_str(
///     r#"{"total":100,"unit":1,"root":{"id":"co","children":[{"id":"a"},{"id":"b"}]}}"#).unwrap();
/// assert_eq!(input.root.children.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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

/// `TOO_LARGE` at `/root`: the input is nested past the JSON limit.
pub(crate) fn tree_too_deep() -> JixiaoError {
    let max = TREE_MAX_LEVELS;
    JixiaoError::new(
        ErrorCode::TooLarge,
        "/root",
        text!(
            "输入嵌套过深（组织树最多 {max} 层）",
            "輸入巢狀過深（組織樹最多 {max} 層）",
            "the input is nested too deeply (a tree has at most {max} levels)",
        ),
    )
}

/// `INVALID_SETTING` at `path`: a node's `method` is not one a tree splits by.
pub(crate) fn unknown_tree_method(path: String, inner: impl std::fmt::Display) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidSetting,
        path,
        text!(
            "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
            "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
            "unknown method: {inner} (use equal, weights, history or capacity)",
        ),
    )
}
