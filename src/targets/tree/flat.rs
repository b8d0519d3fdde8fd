//! The tree flattened in pre-order without recursion, within the limits of levels and
//! nodes; a node's JSON pointer.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;

use super::TreeNode;
use crate::targets::input::fail;

/// The most levels a tree may have (the root is depth 0, so `depth` ≤ 31).
pub const TREE_MAX_LEVELS: u32 = 32;
/// The most nodes a tree may have.
pub const TREE_MAX_NODES: usize = 100_000;

/// A node in the flattened tree.
pub(super) struct Flat<'a> {
    pub(super) node: &'a TreeNode,
    pub(super) parent: Option<usize>,
    /// Index among its siblings.
    pub(super) index: usize,
    pub(super) depth: u32,
    pub(super) children: Vec<usize>,
}

/// The JSON pointer of node `i` (`/root/children/2/children/0`).
pub(super) fn pointer(flat: &[Flat], i: usize) -> String {
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
pub(super) fn flatten(root: &TreeNode) -> Result<Vec<Flat<'_>>, JixiaoError> {
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
