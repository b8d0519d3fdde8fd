//! The evaluation order of indicators: an indicator read by another's condition or
//! formula comes first; a cycle is an error.

use super::Compiler;
use crate::error::ErrorCode;

impl Compiler<'_> {
    /// Topological order of indicators by condition references; a cycle is an error.
    pub(super) fn order(&mut self) -> Vec<usize> {
        let n = self.scheme.indicators.len();
        let mut state = vec![0u8; n]; // 0 new, 1 visiting, 2 done
        let mut order = Vec::with_capacity(n);
        for start in 0..n {
            if state.get(start) != Some(&0) {
                continue;
            }
            // iterative DFS: (node, next dependency index)
            let mut stack = vec![(start, 0usize)];
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some((node, next)) = stack.last().copied() {
                let deps = self.deps.get(node).cloned().unwrap_or_default();
                if let Some(dep) = deps.get(next) {
                    if let Some(top) = stack.last_mut() {
                        top.1 = next.saturating_add(1);
                    }
                    match state.get(*dep) {
                        Some(0) => {
                            if let Some(s) = state.get_mut(*dep) {
                                *s = 1;
                            }
                            stack.push((*dep, 0));
                        }
                        Some(1) => {
                            let key = self
                                .scheme
                                .indicators
                                .get(*dep)
                                .map(|i| i.key.clone())
                                .unwrap_or_default();
                            self.error(
                                ErrorCode::Cycle,
                                format!("/indicators/{}", self.layout.indicators.position(*dep)),
                                format!("指标的条件或公式循环引用：“{key}”"),
                                format!("指標的條件或公式循環引用：「{key}」"),
                                format!("indicator conditions or formulas refer to each other in a circle: \"{key}\""),
                            );
                            if let Some(s) = state.get_mut(*dep) {
                                *s = 2;
                            }
                        }
                        _ => {}
                    }
                } else {
                    stack.pop();
                    if state.get(node) == Some(&1) {
                        order.push(node);
                    }
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                }
            }
        }
        order
    }
}
