//! The shared part of shaping result rows into host updates: which column goes to which
//! field, which record a row updates, and the value shapes every host writes (numbers a
//! double holds exactly, texts, option lists, instants, member ids).
//!
//! Every column must name a field of the host table, or the whole call is refused
//! (`INVALID_INPUT` naming it) before anything is shaped; a row with a bad value or no
//! record id is left out with its errors, so no record is ever half written (DESIGN.md,
//! "Host adapters (伙伴云、飞书多维表格、简道云)").

use super::cells::{bad, bad_date, bad_number, bad_type, epoch_ms_of, input_error, key_text, nonfinite, Bad, Cell};
use super::cells::{not_an_object, raw_text};
use super::HostOptions;
use crate::dates::{parse_zoned_ms, LocalDateTime, MAX_EPOCH_MS, MIN_EPOCH_MS};
use crate::error::{clip, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::{decimal_from_f64, parse_number_text};
use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};
use std::collections::HashSet;

/// A host table rows are written into: how a column's target name finds its field, and
/// how a value is shaped for that field.
pub(super) trait WriteTarget {
    /// What shaping a value needs to know of a field.
    type Field;
    /// The host as messages name it (`伙伴云`).
    const HOST: &'static str;
    /// The key a target name is written under, and its field; `None` when the table
    /// has no such field.
    fn resolve(&self, name: &str) -> Option<(String, Self::Field)>;
    /// The table's field names, for the error naming an unknown column.
    fn known(&self) -> Vec<String>;
    /// The value written for `v` into `field`.
    fn convert(&self, field: &Self::Field, v: &Value) -> Cell;
}

/// A written record: its id and its cells by field key.
pub(super) struct Written {
    /// The record id, as the row (or `options.ids`) holds it.
    pub(super) id: Value,
    /// The values by host field key.
    pub(super) cells: IndexMap<String, Value>,
}

/// Shapes `rows` for `target`: checks every column up front (an unknown one is thrown),
/// then converts each row; a row with any error is left out with its errors.
pub(super) fn write_rows<T: WriteTarget>(
    rows: &Value,
    options: &HostOptions,
    target: &T,
) -> Result<(Vec<Written>, Vec<JixiaoError>), JixiaoError> {
    let list = rows_list(rows)?;
    check_columns(list, options, target)?;
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in list.iter().enumerate() {
        match write_row(i, row, options, target) {
            Ok(w) => written.push(w),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    Ok((written, errors))
}

/// The rows to write: a bare array, or `{ rows }` (the engine's output itself).
fn rows_list(rows: &Value) -> Result<&Vec<Value>, JixiaoError> {
    match rows {
        Value::Array(a) => Ok(a),
        Value::Object(m) => match m.get("rows") {
            Some(Value::Array(a)) => Ok(a),
            _ => Err(input_error(
                "rows",
                Text::new(
                    "回写数据应为行的数组（或带 rows 的评估结果：评估时请传入 rows 回写映射）",
                    "回寫資料應為列的陣列（或帶 rows 的評估結果：評估時請傳入 rows 回寫映射）",
                    "the rows to write must be an array (or an evaluate output with rows: pass the rows write-back mapping to evaluate)",
                ),
            )),
        },
        _ => Err(input_error(
            "rows",
            Text::new(
                "回写数据应为行的数组",
                "回寫資料應為列的陣列",
                "the rows to write must be an array",
            ),
        )),
    }
}

/// Columns never written: the record id and the read-only metadata.
fn skipped_column(column: &str, options: &HostOptions) -> bool {
    column == options.id_column
        || column == "_id"
        || [
            "_createdBy",
            "_createdAt",
            "_updatedBy",
            "_updatedAt",
            "_deletedBy",
            "_deletedAt",
        ]
        .contains(&column)
}

/// The host field name a column is written to: renamed by `options.columns`, `None`
/// when mapped to `null` (not written).
fn target_of(column: &str, options: &HostOptions) -> Option<String> {
    match options.columns.get(column) {
        Some(Some(t)) => Some(t.clone()),
        Some(None) => None,
        None => Some(column.to_string()),
    }
}

/// Refuses the call when a column (the first, in row order) names no field of the table.
fn check_columns<T: WriteTarget>(list: &[Value], options: &HostOptions, target: &T) -> Result<(), JixiaoError> {
    let mut checked: HashSet<&str> = HashSet::new();
    for (i, row) in list.iter().enumerate() {
        let Some(m) = row.as_object() else { continue };
        for column in m.keys() {
            if skipped_column(column, options) || !checked.insert(column.as_str()) {
                continue;
            }
            let Some(name) = target_of(column, options) else {
                continue;
            };
            if target.resolve(&name).is_none() {
                let mut e = unknown_column(i, column, &name, T::HOST, target.known());
                e.localize(options.locale);
                return Err(e);
            }
        }
    }
    Ok(())
}

/// `INVALID_INPUT`: `column` (first seen in row `row`) has no field `name` in the `host`
/// table, which has the fields `known`.
fn unknown_column(row: usize, column: &str, name: &str, host: &str, mut known: Vec<String>) -> JixiaoError {
    let shown = clip(column, 60);
    let target_shown = clip(name, 60);
    known.truncate(12);
    let names = clip(&known.join("、"), 200);
    JixiaoError::new(
        ErrorCode::InvalidInput,
        "",
        text!(
            "回写列 “{shown}” 在{host}表里没有对应字段 “{target_shown}”（已有：{names}）；可用 columns 改名，或设为 null 不回写",
            "回寫欄「{shown}」在{host}表裡沒有對應欄位「{target_shown}」（已有：{names}）；可用 columns 改名，或設為 null 不回寫",
            "the column \"{shown}\" has no field \"{target_shown}\" in the {host} table (there are: {names}); rename it with columns, or map it to null to leave it out",
        ),
    )
    .at_row(row, column, None)
}

/// Row `i` as an update, or the errors that leave it out.
fn write_row<T: WriteTarget>(
    i: usize,
    row: &Value,
    options: &HostOptions,
    target: &T,
) -> Result<Written, Vec<JixiaoError>> {
    let Some(m) = row.as_object() else {
        return Err(vec![not_an_object(&format!("rows/{i}"), i, row)]);
    };
    let id = record_id(i, m, options).map_err(|e| vec![e])?;
    let cells = write_cells(i, m, options, target)?;
    Ok(Written { id, cells })
}

/// The record id of row `i`: the id column's value, looked up in `options.ids` when
/// given; `INVALID_ROW` when there is none.
fn record_id(i: usize, m: &Map<String, Value>, options: &HostOptions) -> Result<Value, JixiaoError> {
    let id_column = options.id_column.as_str();
    let raw_id = m.get(id_column).filter(|v| !v.is_null());
    let id = match (raw_id, &options.ids) {
        (Some(v), Some(ids)) => key_text(v).and_then(|k| ids.get(&k)).filter(|v| !v.is_null()).cloned(),
        (Some(v @ (Value::String(_) | Value::Number(_))), None) => Some(v.clone()),
        _ => None,
    }
    .filter(|v| v.as_str() != Some(""));
    id.ok_or_else(|| {
        let shown = clip(id_column, 60);
        let what = raw_id.map(raw_text).unwrap_or_default();
        let text = if raw_id.is_some() && options.ids.is_some() {
            text!(
                "ids 里找不到 “{what}” 对应的记录 ID，该行未回写",
                "ids 裡找不到「{what}」對應的記錄 ID，該列未回寫",
                "ids has no record id for \"{what}\"; the row is not written",
            )
        } else {
            text!(
                "该行没有记录 ID（列 “{shown}”），未回写",
                "該列沒有記錄 ID（欄「{shown}」），未回寫",
                "the row has no record id (column \"{shown}\"); it is not written",
            )
        };
        JixiaoError::new(ErrorCode::InvalidRow, "", text).at_row(i, id_column, raw_id.map(raw_text).as_deref())
    })
}

/// The written cells of row `i`, or every cell error it has.
fn write_cells<T: WriteTarget>(
    i: usize,
    m: &Map<String, Value>,
    options: &HostOptions,
    target: &T,
) -> Result<IndexMap<String, Value>, Vec<JixiaoError>> {
    let mut cells = IndexMap::new();
    let mut errors = Vec::new();
    for (column, v) in m {
        if skipped_column(column, options) {
            continue;
        }
        let Some(name) = target_of(column, options) else {
            continue;
        };
        let Some((key, field)) = target.resolve(&name) else {
            continue;
        };
        let converted = if nonfinite(v).is_some() {
            Err(bad_number(v))
        } else {
            target.convert(&field, v)
        };
        match converted {
            Ok(value) => {
                cells.insert(key, value);
            }
            Err(b) => errors.push(b.into_error(i, column, v, None)),
        }
    }
    if errors.is_empty() {
        Ok(cells)
    } else {
        Err(errors)
    }
}

/// The JSON number holding exactly `d`, when there is one: the shortest round-trip text
/// of the nearest binary double must read back as the same decimal (`"87.35"` → 87.35,
/// `"12500.00"` → 12500; `"0.1000000000000000055511151231257827"` → none).
fn exact_number(d: Decimal) -> Option<Number> {
    if d.is_integer() {
        if let Some(i) = d.to_i64() {
            // JS numbers hold integers exactly up to 2^53
            if i.unsigned_abs() <= 9_007_199_254_740_992 {
                return Some(Number::from(i));
            }
        }
    }
    let f: f64 = d.to_string().parse().ok()?;
    let back = decimal_from_f64(f).ok()?;
    if back != d {
        return None;
    }
    Number::from_f64(f)
}

/// A number-field value: JSON numbers as they are, number texts as the JSON number of
/// exactly that value.
pub(super) fn write_number(v: &Value) -> Cell {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Number(_) => Ok(v.clone()),
        Value::String(s) => match parse_number_text(s) {
            Ok(None) => Ok(Value::Null),
            Ok(Some(d)) => exact_number(d).map(Value::Number).ok_or_else(|| {
                let shown = raw_text(v);
                bad(
                    ErrorCode::InvalidNumber,
                    text!(
                        "“{shown}” 无法精确地写成 JSON 数字（双精度浮点数会改变它的值）",
                        "「{shown}」無法精確地寫成 JSON 數字（雙精度浮點數會改變它的值）",
                        "\"{shown}\" cannot be written exactly as a JSON number (a double would change its value)",
                    ),
                )
            }),
            Err(_) => Err(bad_number(v)),
        },
        _ => Err(bad_number(v)),
    }
}

/// A text-field value: texts as they are, numbers as their JSON text.
pub(super) fn write_text(v: &Value) -> Cell {
    match v {
        Value::Null | Value::String(_) => Ok(v.clone()),
        Value::Number(n) => Ok(Value::String(n.to_string())),
        _ => Err(bad_type(v, Text::new("文本", "文字", "a text"))),
    }
}

/// A multi-select value: a list of texts (one text becomes a list of one).
pub(super) fn write_texts(v: &Value) -> Cell {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(_) | Value::Number(_) => Ok(Value::Array(vec![write_text(v)?])),
        Value::Array(items) => items
            .iter()
            .map(write_text)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => Err(bad_type(v, Text::new("文本列表", "文字列表", "a list of texts"))),
    }
}

/// The instant (epoch milliseconds) in a date value: a zoned ISO text, a local text at
/// `offset`, or epoch milliseconds; `None` for a blank value.
pub(super) fn write_instant(v: &Value, offset: i32) -> Result<Option<i64>, Bad> {
    let in_range = |ms: &i64| (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(ms);
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => parse_zoned_ms(s)
            .or_else(|| LocalDateTime::parse(s).map(|t| t.epoch_ms(offset)))
            .filter(in_range)
            .map(Some)
            .ok_or_else(|| bad_date(v)),
        Value::Number(n) => epoch_ms_of(n).filter(in_range).map(Some).ok_or_else(|| bad_date(v)),
        _ => Err(bad_date(v)),
    }
}

/// The ids of the members in a write value: member objects (`id`, `user_id`,
/// `username`, `dept_no`, `open_id`), lists of them, or bare ids.
pub(super) fn member_ids(v: &Value) -> Result<Vec<Value>, Bad> {
    let one = |x: &Value| -> Result<Value, Bad> {
        match x {
            Value::String(_) | Value::Number(_) => Ok(x.clone()),
            Value::Object(m) => ["id", "user_id", "username", "dept_no", "open_id"]
                .iter()
                .find_map(|k| m.get(*k).filter(|i| i.is_string() || i.is_number()))
                .cloned()
                .ok_or_else(|| bad_type(x, Text::new("带 id 的成员", "帶 id 的成員", "a member with an id"))),
            _ => Err(bad_type(x, Text::new("成员", "成員", "a member"))),
        }
    };
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items.iter().map(one).collect(),
        _ => Ok(vec![one(v)?]),
    }
}

/// A member-list value: the list of member ids (`null` stays `null`).
pub(super) fn write_member_ids(v: &Value) -> Cell {
    member_ids(v).map(|ids| if v.is_null() { Value::Null } else { Value::Array(ids) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_numbers() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(exact_number(d("87.35")).unwrap().to_string(), "87.35");
        assert_eq!(exact_number(d("12500.00")).unwrap().to_string(), "12500");
        assert_eq!(exact_number(d("-0.1")).unwrap().to_string(), "-0.1");
        assert_eq!(exact_number(d("9007199254740993")), None);
        assert_eq!(exact_number(d("0.1000000000000000055511151231")), None);
        assert_eq!(exact_number(d("12345678901234567.89")), None);
    }
}
