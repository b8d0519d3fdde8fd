//! Input rows: the people table as one JSON object per line or as [`Columns`] (DESIGN.md,
//! "Large tables"). A row is read into the cells the plan needs, borrowed from the input
//! (no copy per cell), and a cell is read as a number or as text only when a rule needs it.

mod columns;

pub use columns::{ColumnCell, Columns};

use crate::compile::{FieldRef, FieldTable};
use crate::error::ErrorCode;
use crate::i18n::{text, Text};
use crate::numbers::{decimal_from_f64, js_number_text, parse_json_number, parse_number_text, NumberError};
use columns::ColumnRows;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;

/// The key the JS encoder uses for NaN / ±Infinity cells (JSON cannot hold them).
pub(crate) const NONFINITE_KEY: &str = "\u{0}nonfinite";

/// One cell of a row as the input holds it: JSON text, or a JS number or text of a column.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Slot<'a> {
    Raw(&'a RawValue),
    Number(f64),
    Text(&'a str),
}

/// The cells of one row that the plan reads, by column index.
pub(crate) type Slots<'a> = Vec<Option<Slot<'a>>>;

/// The rows of one evaluation: JSON lines, or columns read at a row index.
pub(crate) enum Rows<'a> {
    Lines(Vec<&'a str>),
    Columns(ColumnRows<'a>),
}

impl<'a> Rows<'a> {
    /// One JSON object per line (no text: no rows).
    pub(crate) fn lines(text: &'a str) -> Rows<'a> {
        Rows::Lines(if text.is_empty() {
            Vec::new()
        } else {
            text.split('\n').collect()
        })
    }

    /// The given columns, matched to the columns the plan reads.
    pub(crate) fn columns(columns: &'a Columns, table: &FieldTable) -> Rows<'a> {
        Rows::Columns(ColumnRows::new(columns, table))
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        match self {
            Rows::Lines(lines) => lines.len(),
            Rows::Columns(columns) => columns.len(),
        }
    }

    /// Row `index`'s cells that the plan reads.
    pub(crate) fn slots(&self, index: usize, table: &FieldTable) -> Result<Slots<'a>, RowProblem> {
        match self {
            Rows::Lines(lines) => read_row(lines.get(index).copied().unwrap_or("null"), table),
            Rows::Columns(columns) => columns.slots(index, table),
        }
    }
}

struct RowSeed<'t> {
    table: &'t FieldTable,
}

struct KeySeed<'t> {
    table: &'t FieldTable,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        struct KeyVisitor<'t>(&'t FieldTable);
        impl Visitor<'_> for KeyVisitor<'_> {
            type Value = Option<usize>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a column name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
                Ok(self.0.index.get(v).copied())
            }
        }
        d.deserialize_str(KeyVisitor(self.table))
    }
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Slots<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Slots<'de>, D::Error> {
        struct RowVisitor<'t>(&'t FieldTable);
        impl<'de> Visitor<'de> for RowVisitor<'_> {
            type Value = Slots<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a row object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slots<'de>, A::Error> {
                let mut slots: Slots<'de> = vec![None; self.0.columns.len()];
                while let Some(key) = map.next_key_seed(KeySeed { table: self.0 })? {
                    match key.and_then(|k| slots.get_mut(k)) {
                        Some(slot) => *slot = Some(Slot::Raw(map.next_value::<&'de RawValue>()?)),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(slots)
            }
        }
        d.deserialize_map(RowVisitor(self.table))
    }
}

/// Why a row line could not be read.
pub(crate) enum RowProblem {
    /// The JS side could not serialize it (cycle …): the reason.
    Unreadable(String),
    /// Not a JSON object (a number, null, an array …) or not JSON.
    NotAnObject(String),
}

/// Reads one row line into its slots.
pub(crate) fn read_row<'a>(line: &'a str, table: &FieldTable) -> Result<Slots<'a>, RowProblem> {
    if let Some(reason) = line.strip_prefix('!') {
        return Err(RowProblem::Unreadable(reason.chars().take(200).collect()));
    }
    let trimmed = line.trim_start();
    if !trimmed.starts_with('{') {
        let kind = match trimmed.as_bytes().first() {
            Some(b'n') | None => "null",
            Some(b'[') => "array",
            Some(b'"') => "string",
            Some(b't') | Some(b'f') => "boolean",
            _ => "number",
        };
        return Err(RowProblem::NotAnObject(kind.to_string()));
    }
    let mut de = serde_json::Deserializer::from_str(line);
    let slots = RowSeed { table }
        .deserialize(&mut de)
        .map_err(|e| RowProblem::NotAnObject(e.to_string()))?;
    de.end().map_err(|e| RowProblem::NotAnObject(e.to_string()))?;
    Ok(slots)
}

/// A cell: borrowed raw JSON, a column's number or text, or a value taken out of an object
/// cell by a dotted path.
#[derive(Clone, Debug)]
pub(crate) enum Cell<'a> {
    Missing,
    Raw(&'a RawValue),
    Number(f64),
    Text(&'a str),
    Owned(Value),
}

/// The cell of `field` in a row.
pub(crate) fn cell<'a>(slots: &Slots<'a>, table: &FieldTable, field: FieldRef) -> Cell<'a> {
    let Some(path) = table.paths.get(field.0) else {
        return Cell::Missing;
    };
    match slots.get(path.exact) {
        Some(Some(Slot::Raw(raw))) => return Cell::Raw(raw),
        Some(Some(Slot::Number(n))) => return Cell::Number(*n),
        Some(Some(Slot::Text(t))) => return Cell::Text(t),
        _ => {}
    }
    let Some((head, rest)) = &path.nested else {
        return Cell::Missing;
    };
    // a number or a text has no fields: only a JSON object (or list of them) is read into
    let Some(Some(Slot::Raw(raw))) = slots.get(*head) else {
        return Cell::Missing;
    };
    let Ok(mut value) = serde_json::from_str::<Value>(raw.get()) else {
        return Cell::Missing;
    };
    for seg in rest {
        value = match value {
            Value::Object(mut m) => m.remove(seg.as_str()).unwrap_or(Value::Null),
            Value::Array(items) => match items.into_iter().next() {
                Some(Value::Object(mut m)) => m.remove(seg.as_str()).unwrap_or(Value::Null),
                _ => Value::Null,
            },
            _ => Value::Null,
        };
    }
    if value.is_null() {
        Cell::Missing
    } else {
        Cell::Owned(value)
    }
}

/// Why a cell is not a number, with the raw text to show.
#[derive(Clone, Debug)]
pub(crate) struct BadNumber {
    pub error: NumberError,
    pub raw: String,
}

impl BadNumber {
    /// The row error's code and messages for this cell of `field`: `OVERFLOW` past the
    /// decimal range, else `INVALID_NUMBER` (not finite, or not a number). The value is
    /// shown cut to 40 characters.
    pub(crate) fn problem(&self, field: &str) -> (ErrorCode, Text) {
        let shown: String = self.raw.chars().take(40).collect();
        match self.error {
            NumberError::Overflow => (
                ErrorCode::Overflow,
                text!(
                    "“{field}” 的值 “{shown}” 超出可计算范围",
                    "「{field}」的值「{shown}」超出可計算範圍",
                    "the value \"{shown}\" of \"{field}\" is out of range"
                ),
            ),
            NumberError::NonFinite => (
                ErrorCode::InvalidNumber,
                text!(
                    "“{field}” 的值 {shown} 不是有限数字",
                    "「{field}」的值 {shown} 不是有限數字",
                    "the value {shown} of \"{field}\" is not a finite number"
                ),
            ),
            _ => (
                ErrorCode::InvalidNumber,
                text!(
                    "“{field}” 的值 “{shown}” 不是有效数字",
                    "「{field}」的值「{shown}」不是有效數字",
                    "the value \"{shown}\" of \"{field}\" is not a valid number"
                ),
            ),
        }
    }
}

fn string_of(raw: &RawValue) -> Cow<'_, str> {
    let t = raw.get();
    if !t.contains('\\') {
        if let Some(inner) = t.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            return Cow::Borrowed(inner);
        }
    }
    serde_json::from_str::<String>(t)
        .map(Cow::Owned)
        .unwrap_or(Cow::Borrowed(t))
}

fn nonfinite(value: &Value) -> Option<String> {
    value
        .as_object()
        .and_then(|m| m.get(NONFINITE_KEY))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn bad(error: NumberError, raw: impl Into<String>) -> BadNumber {
    BadNumber { error, raw: raw.into() }
}

/// A JS number read exactly as its `JSON.stringify` text reads (see [`decimal_from_f64`]).
fn number_of_f64(n: f64) -> Result<Option<Decimal>, BadNumber> {
    decimal_from_f64(n).map(Some).map_err(|e| bad(e, js_number_text(n)))
}

/// A cell read as one number (`Ok(None)` when missing).
pub(crate) fn number(cell: &Cell) -> Result<Option<Decimal>, BadNumber> {
    match cell {
        Cell::Missing => Ok(None),
        Cell::Number(n) => number_of_f64(*n),
        Cell::Text(t) => parse_number_text(t).map_err(|e| bad(e, *t)),
        Cell::Raw(raw) => {
            let t = raw.get();
            match t.as_bytes().first() {
                Some(b'n') | None => Ok(None),
                Some(b'"') => {
                    let s = string_of(raw);
                    parse_number_text(&s).map_err(|e| bad(e, s.as_ref()))
                }
                Some(b'-' | b'0'..=b'9') => parse_json_number(t).map(Some).map_err(|e| bad(e, t)),
                _ => match serde_json::from_str::<Value>(t) {
                    Ok(v) => number_of_value(&v),
                    Err(_) => Err(bad(NumberError::NotANumber, t)),
                },
            }
        }
        Cell::Owned(v) => number_of_value(v),
    }
}

pub(crate) fn number_of_value(v: &Value) -> Result<Option<Decimal>, BadNumber> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => parse_number_text(s).map_err(|e| bad(e, s.as_str())),
        Value::Number(n) => {
            let t = n.to_string();
            parse_json_number(&t).map(Some).map_err(|e| bad(e, t))
        }
        other => match nonfinite(other) {
            Some(name) => Err(bad(NumberError::NonFinite, name)),
            None => Err(bad(NumberError::NotANumber, other.to_string())),
        },
    }
}

/// A rater cell: one score, several (`[85, 90]`, `"85,90"`, `"85、90"`), or missing.
pub(crate) fn scores(cell: &Cell) -> Result<Vec<Decimal>, BadNumber> {
    let value = match cell {
        Cell::Missing => return Ok(Vec::new()),
        Cell::Text(t) => return scores_of_text(t),
        Cell::Number(_) => return Ok(number(cell)?.into_iter().collect()),
        Cell::Raw(raw) => {
            let t = raw.get();
            match t.as_bytes().first() {
                Some(b'[') | Some(b'{') => {
                    serde_json::from_str::<Value>(t).map_err(|_| bad(NumberError::NotANumber, t))?
                }
                Some(b'"') => return scores_of_text(&string_of(raw)),
                _ => return Ok(number(cell)?.into_iter().collect()),
            }
        }
        Cell::Owned(v) => v.clone(),
    };
    let mut out = Vec::new();
    match &value {
        Value::Array(items) => {
            for item in items {
                if let Some(d) = number_of_value(item)? {
                    out.push(d);
                }
            }
        }
        Value::String(s) => return scores_of_text(s),
        other => out.extend(number_of_value(other)?),
    }
    Ok(out)
}

/// A rater's text cell: scores separated by `,` `，` `、` `;` `；` `/` `|`.
fn scores_of_text(s: &str) -> Result<Vec<Decimal>, BadNumber> {
    let mut out = Vec::new();
    for part in s.split([',', '，', '、', ';', '；', '/', '|']) {
        if let Some(d) = parse_number_text(part).map_err(|e| bad(e, s))? {
            out.push(d);
        }
    }
    Ok(out)
}

/// A cell read as text (ids, names, groups, roles, text comparisons).
/// Member and option objects give their `name` (or `text`, `value`); lists are joined with `、`.
pub(crate) fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Missing => None,
        Cell::Number(n) => Some(js_number_text(*n)),
        Cell::Text(t) => Some((*t).to_string()),
        Cell::Raw(raw) => {
            let t = raw.get();
            match t.as_bytes().first() {
                Some(b'n') | None => None,
                Some(b'"') => Some(string_of(raw).into_owned()),
                Some(b'[') | Some(b'{') => serde_json::from_str::<Value>(t).ok().and_then(|v| text_of_value(&v)),
                _ => Some(t.to_string()),
            }
        }
        Cell::Owned(v) => text_of_value(v),
    }
}

pub(crate) fn text_of_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_of_value).collect();
            (!parts.is_empty()).then(|| parts.join("、"))
        }
        Value::Object(m) => {
            if let Some(n) = nonfinite(v) {
                return Some(n);
            }
            ["name", "text", "value", "label"]
                .iter()
                .find_map(|k| m.get(*k).and_then(text_of_value))
                .or_else(|| Some(v.to_string()))
        }
    }
}

/// Whether a cell can be an id: a text, a finite number, or a host's object that names one
/// (`name`, `text`, `value` or `label`); not `NaN` or ±Infinity, a list, a boolean or
/// another object, whose JSON text would stand in for an id (DESIGN.md, "Data checks").
pub(crate) fn can_be_id(cell: &Cell) -> bool {
    let value = match cell {
        Cell::Raw(raw) => match raw.get().as_bytes().first() {
            Some(b'{') => serde_json::from_str::<Value>(raw.get()).ok(),
            Some(b'[' | b't' | b'f') => return false,
            _ => return true,
        },
        Cell::Owned(v) => Some(v.clone()),
        Cell::Number(n) => return n.is_finite(),
        Cell::Missing | Cell::Text(_) => return true,
    };
    match value {
        Some(Value::Object(m)) => ["name", "text", "value", "label"]
            .iter()
            .any(|k| m.get(*k).is_some_and(|v| v.is_string() || v.is_number())),
        Some(Value::Array(_) | Value::Bool(_)) => false,
        _ => true,
    }
}

/// A cell read as text, with blank text (`""`, white space) as missing.
pub(crate) fn nonblank_text(cell: &Cell) -> Option<String> {
    text(cell).filter(|t| !t.trim().is_empty())
}

/// A cell read as a boolean: JSON booleans, `"true"`/`"false"`, `是`/`否`, 1/0.
pub(crate) fn boolean(cell: &Cell) -> Option<bool> {
    match nonblank_text(cell)?.trim() {
        "true" | "TRUE" | "True" | "是" | "1" | "yes" | "Y" | "y" | "√" | "✓" => Some(true),
        "false" | "FALSE" | "False" | "否" | "0" | "no" | "N" | "n" | "×" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str]) -> (FieldTable, Vec<FieldRef>) {
        let mut t = FieldTable::default();
        let refs = names.iter().map(|n| t.field(n)).collect();
        (t, refs)
    }

    #[test]
    fn keeps_only_needed_columns() {
        let (t, refs) = table(&["销售额", "负责人.name"]);
        let line = r#"{"x":[1,2,{"deep":true}],"销售额":"120万","负责人":{"name":"张三","id":"ou_1"}}"#;
        let slots = read_row(line, &t).ok().unwrap();
        assert_eq!(
            number(&cell(&slots, &t, refs[0])).unwrap().unwrap().to_string(),
            "1200000"
        );
        assert_eq!(text(&cell(&slots, &t, refs[1])).as_deref(), Some("张三"));
    }

    #[test]
    fn bad_rows() {
        let (t, _) = table(&["a"]);
        assert!(matches!(read_row("null", &t), Err(RowProblem::NotAnObject(_))));
        assert!(matches!(read_row("42", &t), Err(RowProblem::NotAnObject(_))));
        assert!(matches!(
            read_row("!TypeError: cyclic", &t),
            Err(RowProblem::Unreadable(_))
        ));
        assert!(matches!(read_row("{\"a\":", &t), Err(RowProblem::NotAnObject(_))));
        let deep = format!(
            "{{\"a\":{}{},\"b\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000),
            "{\"x\":".repeat(10_000),
            "}".repeat(10_000)
        );
        // deeper than serde_json's recursion limit: this row fails, without overflowing the stack
        assert!(read_row(&deep, &t).is_err());
    }

    #[test]
    fn number_cells() {
        let (t, refs) = table(&["v"]);
        let read = |json: &str| {
            let line = format!("{{\"v\":{json}}}");
            let slots = read_row(&line, &t).ok().unwrap();
            number(&cell(&slots, &t, refs[0])).map_err(|b| b.error)
        };
        assert_eq!(read("0.1").unwrap().unwrap().to_string(), "0.1");
        assert_eq!(read("\"85%\"").unwrap().unwrap().to_string(), "0.85");
        assert_eq!(read("\"\\u0038\"").unwrap().unwrap().to_string(), "8");
        assert_eq!(read("null").unwrap(), None);
        assert_eq!(read("\"\"").unwrap(), None);
        assert_eq!(read("{\"\\u0000nonfinite\":\"NaN\"}"), Err(NumberError::NonFinite));
        assert_eq!(read("true"), Err(NumberError::NotANumber));
        assert_eq!(read("[1]"), Err(NumberError::NotANumber));
        assert_eq!(read("1e400"), Err(NumberError::Overflow));
    }

    #[test]
    fn rater_cells() {
        let (t, refs) = table(&["v"]);
        let read = |json: &str| {
            let line = format!("{{\"v\":{json}}}");
            let slots = read_row(&line, &t).ok().unwrap();
            scores(&cell(&slots, &t, refs[0])).map(|v| v.iter().map(|d| d.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(read("[85, 90]").unwrap(), vec!["85", "90"]);
        assert_eq!(read("\"80,90\"").unwrap(), vec!["80", "90"]);
        assert_eq!(read("\"80、 90\"").unwrap(), vec!["80", "90"]);
        assert_eq!(read("88").unwrap(), vec!["88"]);
        assert!(read("\"\"").unwrap().is_empty());
        assert!(read("\"x,1\"").is_err());
    }

    #[test]
    fn text_cells() {
        let (t, refs) = table(&["v"]);
        let read = |json: &str| {
            let line = format!("{{\"v\":{json}}}");
            let slots = read_row(&line, &t).ok().unwrap();
            text(&cell(&slots, &t, refs[0]))
        };
        assert_eq!(read("\"华东\"").as_deref(), Some("华东"));
        assert_eq!(read("1001").as_deref(), Some("1001"));
        assert_eq!(
            read("[{\"name\":\"张三\"},{\"name\":\"李四\"}]").as_deref(),
            Some("张三、李四")
        );
        assert_eq!(read("null"), None);
    }
}
