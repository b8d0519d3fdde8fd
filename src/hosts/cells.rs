//! Reading cells the same way in every host: record lists inside response envelopes,
//! members, numbers, instants and record metadata, and the errors of a bad cell or a bad
//! record (the cell or record is left out; the rest is kept).

use super::PlainRow;
use crate::dates::{parse_zoned_ms, LocalDateTime};
use crate::error::{clip, ErrorCode, JixiaoError, MAX_VALUE_CHARS};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use crate::numbers::parse_number_text;
use crate::records::NONFINITE_KEY;
use serde_json::{Map, Number, Value};

/// Why a cell could not be converted; the caller adds where.
#[derive(Debug)]
pub(super) struct Bad {
    code: ErrorCode,
    text: Text,
    /// A path below the cell (subform rows), e.g. `0/_widget_2`.
    pub(super) below: Option<String>,
}

/// A converted cell, or why it could not be.
pub(super) type Cell = Result<Value, Bad>;

/// A cell problem with its code and message.
pub(super) fn bad(code: ErrorCode, text: Text) -> Bad {
    Bad {
        code,
        text,
        below: None,
    }
}

impl Bad {
    /// The error of this cell, field `field` of record `row` holding `raw`: at `path`
    /// (`items/17/fields/…`), or without one at `rows/N/field`; `below` is appended.
    pub(super) fn into_error(self, row: usize, field: &str, raw: &Value, path: Option<&str>) -> JixiaoError {
        let e = JixiaoError::new(self.code, "", self.text).at_row(row, field, Some(&raw_text(raw)));
        let base = path.map_or_else(|| e.path.clone(), str::to_string);
        match self.below {
            Some(below) => e.at_path(&format!("{base}/{below}")),
            None => e.at_path(&base),
        }
    }
}

/// A value as an error shows it: texts unquoted, the rest as JSON.
pub(super) fn raw_text(v: &Value) -> String {
    if let Some(reason) = nonfinite(v) {
        return clip(reason, MAX_VALUE_CHARS);
    }
    match v {
        Value::String(s) => clip(s, MAX_VALUE_CHARS),
        other => clip(&other.to_string(), MAX_VALUE_CHARS),
    }
}

/// `INVALID_NUMBER`: the value is not a number.
pub(super) fn bad_number(v: &Value) -> Bad {
    let shown = raw_text(v);
    bad(
        ErrorCode::InvalidNumber,
        text!(
            "“{shown}” 不是数字",
            "「{shown}」不是數字",
            "\"{shown}\" is not a number",
        ),
    )
}

/// `INVALID_DATE`: the value is not a date or time that can be read.
pub(super) fn bad_date(v: &Value) -> Bad {
    let shown = raw_text(v);
    bad(
        ErrorCode::InvalidDate,
        text!(
            "“{shown}” 不是可识别的日期或时间",
            "「{shown}」不是可識別的日期或時間",
            "\"{shown}\" is not a date or time that can be read",
        ),
    )
}

/// `INVALID_TYPE`: the field needs `want`.
pub(super) fn bad_type(v: &Value, want: Text) -> Bad {
    let shown = raw_text(v);
    bad(
        ErrorCode::InvalidType,
        Text::new(
            format!("“{shown}” 不能写入该字段：需要{}", want.zh_cn),
            format!("「{shown}」不能寫入該欄位：需要{}", want.zh_tw),
            format!("\"{shown}\" cannot go into this field: it needs {}", want.en),
        ),
    )
}

/// The reason carried by a `{"\u0000nonfinite": "NaN"}` cell (a JS NaN or ±Infinity).
pub(super) fn nonfinite(v: &Value) -> Option<&str> {
    v.as_object().and_then(|m| m.get(NONFINITE_KEY)).and_then(Value::as_str)
}

/// `INVALID_ROW` for record `row`, at `path`.
pub(super) fn row_error(path: &str, row: usize, text: Text) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidRow, "", text)
        .in_row(row)
        .at_path(path)
}

/// `INVALID_ROW`: the record at `path` is not an object.
pub(super) fn not_an_object(path: &str, row: usize, v: &Value) -> JixiaoError {
    let kind = kind_of(v);
    row_error(
        path,
        row,
        text!(
            "该记录不是对象（而是 {kind}），已跳过",
            "該記錄不是物件（而是 {kind}），已略過",
            "the record is not an object (but {kind}); left out",
        ),
    )
}

/// `INVALID_ROW`: record `row` (`items/N`) has no readable `fields`.
pub(super) fn no_fields(row: usize) -> JixiaoError {
    row_error(
        &format!("items/{row}/fields"),
        row,
        Text::new(
            "该记录没有可读的 fields，已跳过",
            "該記錄沒有可讀的 fields，已略過",
            "the record has no readable fields; left out",
        ),
    )
}

/// The JSON type of a value, as messages name it.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `INVALID_INPUT` at `path`: a whole argument has the wrong shape (thrown).
pub(super) fn input_error(path: &str, text: Text) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidInput, path, text)
}

/// Sets every error's and warning's `message` to `locale`.
pub(super) fn localize_all(errors: &mut [JixiaoError], warnings: &mut [JixiaoError], locale: Locale) {
    for e in errors.iter_mut().chain(warnings.iter_mut()) {
        e.localize(locale);
    }
}

/// The list of records in `value`: a bare array, or under one of `keys`, possibly inside
/// a `data` envelope (`{ code, data: { items } }`).
pub(super) fn find_list<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Vec<Value>> {
    let under = |m: &'v Map<String, Value>| {
        keys.iter().find_map(|k| match m.get(*k) {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        })
    };
    match value {
        Value::Array(items) => Some(items),
        Value::Object(m) => under(m).or_else(|| match m.get("data") {
            Some(Value::Object(inner)) => under(inner),
            _ => None,
        }),
        _ => None,
    }
}

/// A JSON value's text as a key: strings as they are, numbers in their JSON form.
pub(super) fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Epoch milliseconds held by a JSON number (an integer), if any.
pub(super) fn epoch_ms_of(n: &Number) -> Option<i64> {
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    // integral floats in range only (a fraction of a millisecond is not a host date)
    if f.fract() != 0.0 || f.abs() > 1e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(f as i64)
}

/// The local date-time text of the instant `ms` (the epoch milliseconds in `v`) at
/// `offset`, or `INVALID_DATE`.
pub(super) fn instant_text(v: &Value, ms: Option<i64>, offset: i32) -> Cell {
    ms.and_then(|ms| LocalDateTime::from_epoch_ms(ms, offset))
        .map(|t| Value::String(t.to_text()))
        .ok_or_else(|| bad_date(v))
}

/// The local date-time text of a zoned text (`…Z`, `…+08:00`) at `offset`, or of a
/// local text as it is.
pub(super) fn local_text(s: &str, offset: i32) -> Option<String> {
    parse_zoned_ms(s)
        .and_then(|ms| LocalDateTime::from_epoch_ms(ms, offset))
        .or_else(|| LocalDateTime::parse(s))
        .map(|t| t.to_text())
}

/// A number-field value when reading: numbers as they come, number texts kept as texts
/// (checked), anything else `INVALID_NUMBER`.
pub(super) fn read_number(v: &Value) -> Cell {
    match v {
        Value::Null | Value::Number(_) => Ok(v.clone()),
        Value::String(s) => match parse_number_text(s) {
            Ok(_) => Ok(v.clone()),
            Err(_) => Err(bad_number(v)),
        },
        _ => Err(bad_number(v)),
    }
}

/// Which host a member object comes from: each names its member ids differently.
#[derive(Clone, Copy)]
pub(super) enum Host {
    Huoban,
    Feishu,
    Jiandaoyun,
}

/// `{ id, name }` of a host member object, or `None` when it is not one.
pub(super) fn member_of(v: &Value, host: Host) -> Option<Value> {
    let m = v.as_object()?;
    let id = match host {
        Host::Huoban => m.get("user_id").or_else(|| m.get("id")),
        Host::Feishu => m.get("id").or_else(|| m.get("user_id")).or_else(|| m.get("open_id")),
        Host::Jiandaoyun => m.get("username").or_else(|| m.get("dept_no")).or_else(|| m.get("id")),
    };
    let name = m.get("name").filter(|n| n.is_string()).or_else(|| match host {
        Host::Feishu => m.get("en_name").filter(|n| n.is_string()),
        _ => None,
    });
    if id.is_none() && name.is_none() {
        return None;
    }
    let mut out = Map::new();
    if let Some(id) = id {
        out.insert("id".into(), id.clone());
    }
    if let Some(name) = name {
        out.insert("name".into(), name.clone());
    }
    Some(Value::Object(out))
}

/// Whether a value of unknown type looks like one of the host's member objects.
pub(super) fn looks_member(v: &Value, host: Host) -> bool {
    let Some(m) = v.as_object() else { return false };
    let has = |k: &str| m.contains_key(k);
    match host {
        Host::Huoban => has("user_id"),
        Host::Feishu => has("id") && (has("name") || has("en_name") || has("email")) && !has("text"),
        Host::Jiandaoyun => (has("username") || has("dept_no")) && has("name"),
    }
}

/// A member field read as a list of `{ id, name }` (bare ids become `{ id }`).
pub(super) fn read_members(v: &Value, host: Host) -> Cell {
    let not_member = |x: &Value| {
        bad_type(
            x,
            Text::new(
                "成员（含 id 或 name 的对象）",
                "成員（含 id 或 name 的物件）",
                "a member (an object with an id or a name)",
            ),
        )
    };
    let one = |x: &Value| -> Cell {
        match x {
            Value::Object(_) => member_of(x, host).ok_or_else(|| not_member(x)),
            Value::String(_) | Value::Number(_) => {
                let mut m = Map::new();
                m.insert("id".into(), x.clone());
                Ok(Value::Object(m))
            }
            _ => Err(not_member(x)),
        }
    };
    match v {
        Value::Null => Ok(Value::Null),
        Value::Array(items) => items.iter().map(one).collect::<Result<Vec<_>, _>>().map(Value::Array),
        _ => one(v).map(|m| Value::Array(vec![m])),
    }
}

/// A record metadata key: the host's key, the shared column name, and whether it holds
/// a time (else a member).
pub(super) type MetaKey = (&'static str, &'static str, bool);

/// Puts a record's creator, updater and times into the row under the shared names
/// (`_createdBy`, `_createdAt` …); metadata that cannot be read is kept as it came.
pub(super) fn put_meta(row: &mut PlainRow, record: &Map<String, Value>, keys: &[MetaKey], host: Host, offset: i32) {
    for (from, to, is_time) in keys {
        let Some(v) = record.get(*from) else { continue };
        if v.is_null() {
            continue;
        }
        let converted = if *is_time {
            match v {
                Value::Number(n) => LocalDateTime::from_epoch_ms(epoch_ms_of(n).unwrap_or(i64::MIN), offset)
                    .map(|t| Value::String(t.to_text())),
                Value::String(s) => local_text(s, offset).map(Value::String),
                _ => None,
            }
        } else {
            member_of(v, host)
        };
        row.insert((*to).to_string(), converted.unwrap_or_else(|| v.clone()));
    }
}
