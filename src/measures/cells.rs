//! Reading a table row's cells: a column by its key or a dotted path into member objects,
//! as text, and as the formula language sees it.

use crate::formula::FormulaValue;
use crate::records::{number_of_value, text_of_value};
use serde_json::{Map, Value};

/// Reads a column of a table row: the key as written, else a dotted path into an object
/// cell (`负责人.name`; into a list, its first element).
pub(super) fn lookup<'v>(row: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(v) = row.get(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    let mut v = row.get(head)?;
    for seg in rest.split('.') {
        v = match v {
            Value::Object(m) => m.get(seg)?,
            Value::Array(items) => items.first()?.as_object()?.get(seg)?,
            _ => return None,
        };
    }
    Some(v)
}

/// A table cell as a formula sees it (like a person-row cell).
pub(super) fn formula_value(v: Option<&Value>) -> FormulaValue {
    match v {
        None | Some(Value::Null) => FormulaValue::Blank,
        Some(Value::Bool(b)) => FormulaValue::Bool(*b),
        Some(v) => match number_of_value(v) {
            Ok(Some(n)) => FormulaValue::Number(n),
            Ok(None) => FormulaValue::Blank,
            Err(_) => text_of_value(v)
                .filter(|t| !t.trim().is_empty())
                .map_or(FormulaValue::Blank, FormulaValue::Text),
        },
    }
}

/// A cell's text, when it has one.
pub(super) fn cell_text(v: Option<&Value>) -> Option<String> {
    v.and_then(text_of_value)
}
