//! People matched across the composed periods: by the scheme's `fields.id` when it has
//! one, else by `fields.name`, else by row position. A row without that key gets its own
//! composite; a key twice in one period is recorded as a duplicate of that person.

use super::run::Ran;
use crate::compile::Plan;
use indexmap::IndexMap;

/// Who a composite result is for.
pub(super) enum Who {
    /// A key (id, name or row position) matched: the person's row in each composed
    /// period, and the rows that repeat the key in a period, as (composed position, row).
    Person {
        rows: Vec<Option<usize>>,
        duplicates: Vec<(usize, usize)>,
    },
    /// A row that cannot be matched (no id or name): (composed position, row).
    Unmatched(usize, usize),
}

impl Who {
    /// The row in each of `periods` composed periods, and the duplicated rows.
    pub(super) fn slots(&self, periods: usize) -> (Vec<Option<usize>>, &[(usize, usize)]) {
        match self {
            Who::Person { rows, duplicates } => (rows.clone(), duplicates.as_slice()),
            Who::Unmatched(pos, row) => {
                let mut rows = vec![None; periods];
                if let Some(s) = rows.get_mut(*pos) {
                    *s = Some(*row);
                }
                (rows, &[])
            }
        }
    }
}

/// What people are matched by.
enum KeyKind {
    Id,
    Name,
    Position,
}

/// Everyone found in `runs` (the composed periods in time order), in order of first
/// appearance, rows in order.
pub(super) fn match_people(plan: &Plan, runs: &[&Ran]) -> Vec<Who> {
    let kind = if plan.id.is_some() {
        KeyKind::Id
    } else if plan.name.is_some() {
        KeyKind::Name
    } else {
        KeyKind::Position
    };
    let mut people: IndexMap<String, usize> = IndexMap::new();
    let mut whos: Vec<Who> = Vec::new();
    for (pos, run) in runs.iter().enumerate() {
        for (row, r) in run.output.results.iter().enumerate() {
            let key = match kind {
                KeyKind::Id => r.id.clone(),
                KeyKind::Name => r.name.clone(),
                KeyKind::Position => Some(row.to_string()),
            };
            let Some(key) = key else {
                whos.push(Who::Unmatched(pos, row));
                continue;
            };
            let w = match people.get(&key) {
                Some(w) => *w,
                None => {
                    whos.push(Who::Person {
                        rows: vec![None; runs.len()],
                        duplicates: Vec::new(),
                    });
                    let w = whos.len().saturating_sub(1);
                    people.insert(key, w);
                    w
                }
            };
            if let Some(Who::Person { rows, duplicates }) = whos.get_mut(w) {
                match rows.get_mut(pos) {
                    Some(slot @ None) => *slot = Some(row),
                    Some(Some(_)) => duplicates.push((pos, row)),
                    None => {}
                }
            }
        }
    }
    whos
}
