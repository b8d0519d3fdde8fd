//! Conditions on one row (pass/fail rules, vetoes, incentive gates): comparisons of
//! columns and of indicators' figures, formulas, and their `all`/`any`/`not`.

use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::Cond;
use crate::records::{self, Slots};
use crate::scheme::{Literal, Of, Op};
use rust_decimal::Decimal;

/// Whether `a op b` holds.
pub(super) fn compare(op: Op, a: Decimal, b: Decimal) -> bool {
    match op {
        Op::Gt => a > b,
        Op::Ge => a >= b,
        Op::Lt => a < b,
        Op::Le => a <= b,
        Op::Eq => a == b,
        Op::Ne => a != b,
    }
}

impl RowEvaluator<'_> {
    /// Evaluates a condition; a comparison with a missing cell does not hold.
    pub(super) fn condition(&mut self, slots: &Slots, c: &Cond, states: &[IndState]) -> Result<bool, Recorded> {
        match c {
            Cond::All(list) => {
                let mut all = true;
                for c in list {
                    all &= self.condition(slots, c, states)?;
                }
                Ok(all)
            }
            Cond::Any(list) => {
                let mut any = false;
                for c in list {
                    any |= self.condition(slots, c, states)?;
                }
                Ok(any)
            }
            Cond::Not(inner) => Ok(!self.condition(slots, inner, states)?),
            Cond::Formula(f) => self.formula_holds(slots, f),
            Cond::Field(f, op, lit) => {
                let cell = records::cell(slots, &self.plan.fields, *f);
                match lit {
                    Literal::Number(n) => match records::number(&cell) {
                        Ok(Some(v)) => Ok(compare(*op, v, n.0)),
                        Ok(None) => Ok(false),
                        Err(bad) => {
                            let name = self.field_name(*f);
                            self.bad_number(&name, &bad);
                            Err(Recorded)
                        }
                    },
                    Literal::Text(t) => Ok(match records::nonblank_text(&cell) {
                        Some(v) => (v.trim() == t.trim()) == (*op == Op::Eq),
                        None => false,
                    }),
                    Literal::Bool(b) => Ok(match records::boolean(&cell) {
                        Some(v) => (v == *b) == (*op == Op::Eq),
                        None => false,
                    }),
                }
            }
            Cond::Indicator(i, of, op, lit) => {
                let Some(st) = states.get(*i) else { return Ok(false) };
                Ok(match (st.figure(*of), lit) {
                    (Some(v), Literal::Number(n)) => compare(*op, v, n.0),
                    _ => false,
                })
            }
        }
    }
}

impl IndState {
    /// One of the indicator's figures as a condition reads it.
    pub(super) fn figure(&self, of: Of) -> Option<Decimal> {
        match of {
            Of::Score => self.shown,
            Of::Actual => self.actual,
            Of::Target => self.target,
            Of::Achievement => self.achievement,
            Of::Weighted => self.weighted,
        }
    }
}
