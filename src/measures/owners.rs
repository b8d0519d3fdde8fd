//! Who a table row is credited to: the members an owner cell names (text, numbers, member
//! objects or lists of them), matched to the people being evaluated by id first, else by
//! a name exactly one person has; the same person named twice is credited once.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::checked_add;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;

/// Who a person is, as read from their row: the id and name cells.
#[derive(Clone, Debug, Default)]
pub(crate) struct PersonKey {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// One owner named in a cell.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Member {
    /// A member object: an id, a name, or both.
    Object { id: Option<String>, name: Option<String> },
    /// Plain text: an id or a name.
    Text(String),
}

impl Member {
    /// How a warning names the member: its name, else its id.
    fn label(&self) -> String {
        match self {
            Member::Object { id, name } => name.clone().or_else(|| id.clone()).unwrap_or_default(),
            Member::Text(t) => t.clone(),
        }
    }
}

/// The keys of a member object that hold an id, in the order tried.
const ID_KEYS: [&str; 9] = [
    "id",
    "user_id",
    "userId",
    "open_id",
    "openId",
    "union_id",
    "username",
    "employee_id",
    "employeeId",
];
/// The keys of a member object that hold a name, in the order tried.
const NAME_KEYS: [&str; 4] = ["name", "title", "text", "label"];
/// What separates several owners (or shares) in one text cell.
pub(super) const SEPARATORS: [char; 5] = [',', '，', '、', ';', '；'];

/// A member object's id or name value as text.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The members a cell names; `Err` when it holds something that names nobody (a boolean,
/// an object with neither an id nor a name).
pub(super) fn members(v: &Value, out: &mut Vec<Member>) -> Result<(), ()> {
    match v {
        Value::Null => Ok(()),
        Value::String(s) => {
            out.extend(
                s.split(SEPARATORS)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Member::Text(t.to_string())),
            );
            Ok(())
        }
        Value::Number(n) => {
            out.push(Member::Text(n.to_string()));
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(|i| members(i, out)),
        Value::Object(m) => {
            let id = ID_KEYS.iter().find_map(|k| m.get(*k).and_then(scalar_text));
            let name = NAME_KEYS.iter().find_map(|k| m.get(*k).and_then(scalar_text));
            if id.is_none() && name.is_none() {
                return Err(());
            }
            out.push(Member::Object { id, name });
            Ok(())
        }
        Value::Bool(_) => Err(()),
    }
}

/// The `INVALID_ROW` warning of an owner cell that names nobody; the row is skipped.
pub(super) fn unreadable_owner(table: &str, r: usize, col: &str, cell: Option<&Value>) -> JixiaoError {
    let raw = cell.map(Value::to_string).unwrap_or_default();
    let shown: String = raw.chars().take(40).collect();
    JixiaoError::warning(
        ErrorCode::InvalidRow,
        "",
        Text::new(
            format!("无法从 “{shown}” 读出归属人（姓名、工号或成员对象），该行已跳过"),
            format!("無法從「{shown}」讀出歸屬人（姓名、工號或成員物件），該列已略過"),
            format!("cannot read an owner (name, id or member object) from \"{shown}\"; the row is skipped"),
        ),
    )
    .at_table_cell(table, r, col, Some(&raw))
}

/// The people being evaluated, by id and by name.
pub(super) struct Directory {
    by_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

/// What a member matches.
enum Resolved {
    One(usize),
    /// A name (or id) that this many people share.
    Ambiguous(usize),
    Nobody,
}

/// A person credited with a row (`None`: someone not being evaluated), with a weight.
pub(super) type Credit = (Option<usize>, Decimal);

impl Directory {
    /// Indexes the people by their (trimmed) id and name.
    pub(super) fn new(people: &[PersonKey]) -> Directory {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            if let Some(id) = &p.id {
                by_id.entry(id.trim().to_string()).or_default().push(i);
            }
            if let Some(name) = &p.name {
                by_name.entry(name.trim().to_string()).or_default().push(i);
            }
        }
        Directory { by_id, by_name }
    }

    fn pick(list: Option<&Vec<usize>>) -> Option<Resolved> {
        match list.map(Vec::as_slice) {
            Some([one]) => Some(Resolved::One(*one)),
            Some(many) if many.len() > 1 => Some(Resolved::Ambiguous(many.len())),
            _ => None,
        }
    }

    /// An id matches first; a name (or plain text that is no one's id) matches when
    /// exactly one person has it.
    fn resolve(&self, m: &Member) -> Resolved {
        let (id, name) = match m {
            Member::Object { id, name } => (id.as_deref(), name.as_deref()),
            Member::Text(t) => (Some(t.as_str()), Some(t.as_str())),
        };
        id.and_then(|i| Self::pick(self.by_id.get(i)))
            .or_else(|| name.and_then(|n| Self::pick(self.by_name.get(n))))
            .unwrap_or(Resolved::Nobody)
    }

    /// The person each member is, when exactly one.
    pub(super) fn people(&self, members: &[Member]) -> Vec<Option<usize>> {
        members
            .iter()
            .map(|mem| match self.resolve(mem) {
                Resolved::One(p) => Some(p),
                _ => None,
            })
            .collect()
    }

    /// Credits `entries` (member, weight) to people: the same person (or the same
    /// unmatched member) named twice is credited once, with both weights when `equal` is
    /// false, one equal share otherwise. Also returns the warnings of ambiguous names, at
    /// the row's owner cell (`table`, row `r`, column `owner`).
    pub(super) fn credit(
        &self,
        entries: Vec<(Member, Decimal)>,
        equal: bool,
        (table, r, owner): (&str, usize, &str),
    ) -> (Vec<Credit>, Vec<JixiaoError>) {
        let mut credited: Vec<Credit> = Vec::with_capacity(entries.len());
        let mut warnings = Vec::new();
        let mut seen_people: HashMap<usize, usize> = HashMap::new();
        let mut seen_members: HashMap<Member, usize> = HashMap::new();
        for (mem, w) in entries {
            let slot = match self.resolve(&mem) {
                Resolved::One(p) => seen_people.get(&p).copied().ok_or(Some(p)),
                Resolved::Ambiguous(n) => {
                    warnings.push(ambiguous(&mem.label(), n, (table, r, owner)));
                    seen_members.get(&mem).copied().ok_or(None)
                }
                Resolved::Nobody => seen_members.get(&mem).copied().ok_or(None),
            };
            match slot {
                Ok(i) => {
                    if let (Some((_, sw)), false) = (credited.get_mut(i), equal) {
                        *sw = checked_add(*sw, w).unwrap_or(*sw);
                    }
                }
                Err(person) => {
                    let i = credited.len();
                    match person {
                        Some(p) => {
                            seen_people.insert(p, i);
                        }
                        None => {
                            seen_members.insert(mem, i);
                        }
                    }
                    credited.push((person, w));
                }
            }
        }
        (credited, warnings)
    }
}

/// The `INVALID_ROW` warning of a name `n` people share: the row cannot be credited to any.
fn ambiguous(label: &str, n: usize, (table, r, owner): (&str, usize, &str)) -> JixiaoError {
    JixiaoError::warning(
        ErrorCode::InvalidRow,
        "",
        Text::new(
            format!("“{label}” 对应 {n} 个人员，无法确定归属，请用工号"),
            format!("「{label}」對應 {n} 個人員，無法確定歸屬，請用工號"),
            format!("\"{label}\" matches {n} people; the row cannot be credited (use ids)"),
        ),
    )
    .at_table_cell(table, r, owner, Some(label))
}
