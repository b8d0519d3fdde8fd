//! Conditions compiled (vetoes, pass/fail scoring, incentive gates): a column or an
//! indicator figure compared with a literal, `all`/`any`/`not`, or a formula. An indicator
//! named by indicator `owner`'s condition is one of its dependencies.

use super::{Compiler, FieldRef, FormulaPlan};
use crate::error::ErrorCode;
use crate::scheme::{Condition, Literal, Of, Op};

/// A compiled condition.
#[derive(Clone, Debug)]
pub(crate) enum Cond {
    Field(FieldRef, Op, Literal),
    Indicator(usize, Of, Op, Literal),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// A formula: true when its value is TRUE or a non-zero number.
    Formula(Box<FormulaPlan>),
}

impl Compiler<'_> {
    /// Compiles a condition at `path`; `None` when a part of it cannot be compiled.
    pub(super) fn condition(&mut self, cond: &Condition, path: &str, owner: Option<usize>) -> Option<Cond> {
        match cond {
            Condition::Field { field, op, value } => {
                self.check_literal_op(*op, value, path);
                Some(Cond::Field(self.fields.field(field), *op, value.clone()))
            }
            Condition::Indicator {
                indicator,
                of,
                op,
                value,
            } => {
                self.check_literal_op(*op, value, path);
                match self.indicator_index.get(indicator.as_str()) {
                    Some(idx) => {
                        if let Some(o) = owner {
                            if let Some(d) = self.deps.get_mut(o) {
                                d.push(*idx);
                            }
                        }
                        Some(Cond::Indicator(*idx, of.unwrap_or_default(), *op, value.clone()))
                    }
                    None if self.layout.indicators.broken_keys.contains(indicator) => None,
                    None => {
                        self.error(
                            ErrorCode::UnknownIndicator,
                            format!("{path}/indicator"),
                            format!("条件引用了不存在的指标 “{indicator}”"),
                            format!("條件引用了不存在的指標「{indicator}」"),
                            format!("the condition names the unknown indicator \"{indicator}\""),
                        );
                        None
                    }
                }
            }
            Condition::All { all } => self.conditions(all, &format!("{path}/all"), owner).map(Cond::All),
            Condition::Any { any } => self.conditions(any, &format!("{path}/any"), owner).map(Cond::Any),
            Condition::Not { not } => self
                .condition(not, &format!("{path}/not"), owner)
                .map(|c| Cond::Not(Box::new(c))),
            Condition::Formula(text) => self.formula(text, path, owner).map(|f| Cond::Formula(Box::new(f))),
        }
    }

    pub(super) fn conditions(&mut self, list: &[Condition], path: &str, owner: Option<usize>) -> Option<Vec<Cond>> {
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (i, c) in list.iter().enumerate() {
            match self.condition(c, &format!("{path}/{i}"), owner) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn check_literal_op(&mut self, op: Op, value: &Literal, path: &str) {
        if matches!(value, Literal::Text(_) | Literal::Bool(_)) && !matches!(op, Op::Eq | Op::Ne) {
            self.error(
                ErrorCode::InvalidSetting,
                format!("{path}/op"),
                "文本或布尔值只能用 = 或 != 比较".into(),
                "文字或布林值只能用 = 或 != 比較".into(),
                "a text or boolean value can only be compared with = or !=".into(),
            );
        }
    }
}
