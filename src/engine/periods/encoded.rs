//! The encoded form the JS package sends: the input without its rows (the head), and the
//! rows as text, one JSON object per line: the shared rows, then one block per period
//! that has its own `people`, blocks separated by U+001E. In the head such a period's
//! `people` is `{ "\u0000rows": k }`, the index of its block (DESIGN.md, "Periods").

use super::input_error;
use crate::error::JixiaoError;
use serde_json::Value;

/// The key under which the encoded form refers a period's own rows to a block of `rows`.
const ROWS_KEY: &str = "\u{0}rows";

/// The separator of row blocks in the encoded form (U+001E, never inside JSON text).
const BLOCK_SEPARATOR: char = '\u{1e}';

/// Where a period's rows come from.
pub(super) enum RowsFrom {
    /// The shared rows (block 0).
    Shared,
    /// A block of the encoded rows.
    Block(usize),
}

/// Reads a period entry's `people` in the head: absent (the shared rows) or a block marker.
/// `path` is the entry's (`periods/3`).
pub(super) fn rows_from(people: Option<Value>, path: &str) -> Result<RowsFrom, JixiaoError> {
    match people {
        None => Ok(RowsFrom::Shared),
        Some(Value::Object(marker)) if marker.len() == 1 => match marker
            .get(ROWS_KEY)
            .and_then(Value::as_u64)
            .and_then(|k| usize::try_from(k).ok())
        {
            Some(k) => Ok(RowsFrom::Block(k)),
            None => Err(not_rows(&format!("{path}/people"))),
        },
        Some(_) => Err(not_rows(&format!("{path}/people"))),
    }
}

/// The `INVALID_INPUT` of a `people` (at `people_path`) that is not rows.
pub(super) fn not_rows(people_path: &str) -> JixiaoError {
    input_error(
        people_path,
        "people 必须是数组（每行一个对象）".into(),
        "people 必須是陣列（每列一個物件）".into(),
        "people must be an array (one object per row)".into(),
    )
}

/// The encoded rows cut into their blocks.
pub(super) struct Blocks<'r>(Vec<&'r str>);

impl<'r> Blocks<'r> {
    /// Cuts the encoded rows at U+001E.
    pub(super) fn split(rows: &'r str) -> Blocks<'r> {
        Blocks(rows.split(BLOCK_SEPARATOR).collect())
    }

    /// Checks that every period's block exists (block 0 is the shared rows, never a
    /// period's own); the error names the first listed period that refers to none.
    pub(super) fn check<'a>(&self, periods: impl Iterator<Item = &'a RowsFrom>) -> Result<(), JixiaoError> {
        for (i, from) in periods.enumerate() {
            if let RowsFrom::Block(k) = from {
                if *k == 0 || *k >= self.0.len() {
                    return Err(not_rows(&format!("periods/{i}/people")));
                }
            }
        }
        Ok(())
    }

    /// A period's rows (empty when its block does not exist).
    pub(super) fn rows(&self, from: &RowsFrom) -> &'r str {
        match from {
            RowsFrom::Shared => self.0.first().copied().unwrap_or(""),
            RowsFrom::Block(k) => self.0.get(*k).copied().unwrap_or(""),
        }
    }
}

/// Splits `{ people: [...], periods: [{ people: [...] }, …], ...rest }` into the encoded
/// head and rows (see [`super::Engine::evaluate_periods`]).
pub(super) fn encode_periods_input(input: &Value) -> (Value, String) {
    let Some(obj) = input.as_object() else {
        return (input.clone(), String::new());
    };
    let mut head = obj.clone();
    let lines = |people: &[Value]| people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
    let mut blocks = vec![match head.get("people") {
        Some(Value::Array(people)) => {
            let text = lines(people);
            head.remove("people");
            text
        }
        _ => String::new(),
    }];
    if let Some(Value::Array(entries)) = head.get_mut("periods") {
        for entry in entries.iter_mut() {
            if let Some(Value::Array(people)) = entry.get("people") {
                let text = lines(people);
                let k = blocks.len();
                blocks.push(text);
                if let Some(e) = entry.as_object_mut() {
                    let mut marker = serde_json::Map::new();
                    marker.insert(ROWS_KEY.into(), Value::from(k));
                    e.insert("people".into(), Value::Object(marker));
                }
            }
        }
    }
    (Value::Object(head), blocks.join(&BLOCK_SEPARATOR.to_string()))
}
