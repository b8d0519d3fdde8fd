//! Formulas in a scheme compiled: parsed once, every name resolved to a column or to a
//! figure of an indicator (DESIGN.md, "Formulas in a scheme").

use super::{Compiler, FieldRef};
use crate::formula::{parse_formula, Formula};
use crate::scheme::Of;

/// What a name in a formula reads: a column, or a figure of an indicator
/// (`revenue` its score, `revenue.actual`, `.target`, `.achievement`, `.weighted`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum NameRef {
    Field(FieldRef),
    Indicator(usize, Of),
}

/// A parsed formula with its names resolved once, at compile time.
#[derive(Clone, Debug)]
pub(crate) struct FormulaPlan {
    pub formula: Formula,
    /// The formula's JSON pointer in the scheme (`/indicators/3/actual/formula`): where its
    /// row errors point.
    pub path: String,
    /// (name as written, what it reads), for every name of the formula.
    pub refs: Vec<(String, NameRef)>,
}

impl FormulaPlan {
    /// What `name` reads.
    pub fn lookup(&self, name: &str) -> Option<NameRef> {
        self.refs.iter().find(|(n, _)| n == name).map(|(_, r)| *r)
    }
}

impl Compiler<'_> {
    /// Parses a formula and resolves its names: an indicator key (its score), `key.actual`,
    /// `key.target`, `key.achievement`, `key.score`, `key.weighted`, else a column. An
    /// indicator read by indicator `owner`'s formula must be computed first (cycles are
    /// errors, found with the conditions').
    pub(super) fn formula(&mut self, text: &str, path: &str, owner: Option<usize>) -> Option<FormulaPlan> {
        let formula = match parse_formula(text) {
            Ok(f) => f,
            Err(mut e) => {
                e.path = path.to_string();
                if !self.quiet {
                    self.issues.push(e);
                }
                return None;
            }
        };
        let refs = formula
            .names()
            .into_iter()
            .map(|name| {
                let r = self.name_ref(&name, owner);
                (name, r)
            })
            .collect();
        Some(FormulaPlan {
            formula,
            path: path.to_string(),
            refs,
        })
    }

    /// What one formula name reads: `key.figure` or `key` of an indicator (then a
    /// dependency of `owner`), else a column.
    fn name_ref(&mut self, name: &str, owner: Option<usize>) -> NameRef {
        let figure = name.rsplit_once('.').and_then(|(key, fig)| {
            let of = match fig {
                "score" => Of::Score,
                "actual" => Of::Actual,
                "target" => Of::Target,
                "achievement" => Of::Achievement,
                "weighted" => Of::Weighted,
                _ => return None,
            };
            self.indicator_index.get(key).map(|i| (*i, of))
        });
        let direct = self.indicator_index.get(name).map(|i| (*i, Of::Score));
        match figure.or(direct) {
            Some((idx, of)) => {
                self.formulas_read_indicators = true;
                if let Some(d) = owner.and_then(|o| self.deps.get_mut(o)) {
                    d.push(idx);
                }
                NameRef::Indicator(idx, of)
            }
            None => NameRef::Field(self.fields.field(name)),
        }
    }
}
