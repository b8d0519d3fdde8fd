//! Feishu Bitable (飞书多维表格): records carry `fields` keyed by name; dates are epoch
//! milliseconds, members `[{ id, name, en_name, email }]`, rich text lists of segments,
//! formulas and lookups `{ type, value }`. A field list (`options.fields`, from the
//! table's *list fields* call) or `options.dates` says which numbers are dates; without
//! either, an integer number of whole seconds between 2000 and 2100 is read as a date and
//! a `GUESSED_DATE` warning names the field. Writing keys `fields` by name.

use super::cells::{bad_number, bad_type, find_list, input_error, instant_text, localize_all, looks_member};
use super::cells::{epoch_ms_of, member_of, no_fields, nonfinite, not_an_object, put_meta, read_members};
use super::cells::{Cell, Host, MetaKey};
use super::write_back::{member_ids, write_instant, write_number, write_rows, write_text, write_texts, WriteTarget};
use super::{FeishuUpdate, FeishuWrite, HostOptions, HostRows, PlainRow};
use crate::error::{clip, escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

/// Feishu field types (the `type` of the field list).
const FEISHU_NUMBER: i64 = 2;
const FEISHU_SINGLE: i64 = 3;
const FEISHU_MULTI: i64 = 4;
const FEISHU_DATE: i64 = 5;
const FEISHU_CHECKBOX: i64 = 7;
const FEISHU_USER: i64 = 11;
const FEISHU_TEXT: i64 = 1;
const FEISHU_PHONE: i64 = 13;
const FEISHU_URL: i64 = 15;
const FEISHU_CREATED: i64 = 1001;
const FEISHU_MODIFIED: i64 = 1002;
const FEISHU_CREATED_BY: i64 = 1003;
const FEISHU_MODIFIED_BY: i64 = 1004;

/// The range of numbers guessed to be dates: 2000-01-01 ≤ ms < 2100-01-01 (UTC).
const GUESS_FROM_MS: i64 = 946_684_800_000;
const GUESS_UNTIL_MS: i64 = 4_102_444_800_000;

/// Feishu record keys that are record metadata, with their shared names.
const FEISHU_META: [MetaKey; 4] = [
    ("created_by", "_createdBy", false),
    ("created_time", "_createdAt", true),
    ("last_modified_by", "_updatedBy", false),
    ("last_modified_time", "_updatedAt", true),
];

/// Whether a field type holds epoch-millisecond dates.
fn feishu_is_date(t: i64) -> bool {
    matches!(t, FEISHU_DATE | FEISHU_CREATED | FEISHU_MODIFIED)
}

/// Field name (and field id) → (field name, type), from a Feishu field list.
type FeishuTypes = HashMap<String, (String, i64)>;

/// Reads the field list (a bare array, or the *list fields* response).
fn feishu_types(fields: &Value) -> Result<FeishuTypes, JixiaoError> {
    let list = find_list(fields, &["items", "fields"]).ok_or_else(|| {
        input_error(
            "options/fields",
            Text::new(
                "飞书字段列表应为数组（或“列出字段”接口返回的 { data: { items } }）",
                "飛書欄位列表應為陣列（或「列出欄位」介面回傳的 { data: { items } }）",
                "the Feishu field list must be an array (or the list-fields response { data: { items } })",
            ),
        )
    })?;
    let mut types = HashMap::new();
    for f in list {
        let Some(m) = f.as_object() else { continue };
        let Some(name) = m.get("field_name").or_else(|| m.get("name")).and_then(Value::as_str) else {
            continue;
        };
        let t = m.get("type").and_then(Value::as_i64).unwrap_or(0);
        types.insert(name.to_string(), (name.to_string(), t));
        if let Some(id) = m.get("field_id").and_then(Value::as_str) {
            types.entry(id.to_string()).or_insert((name.to_string(), t));
        }
    }
    Ok(types)
}

/// The field types of `options.fields`, when given.
fn option_types(options: &HostOptions) -> Result<Option<FeishuTypes>, JixiaoError> {
    options.fields.as_ref().map(feishu_types).transpose()
}

/// Whether a value is a rich-text segment `{ type, text }`.
fn is_segment(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|m| m.get("text").is_some_and(Value::is_string) && m.get("type").is_some_and(Value::is_string))
}

/// How a Feishu number cell is read.
#[derive(Clone, Copy, PartialEq)]
enum FeishuDates {
    /// The field is a date.
    Yes,
    /// The field is known not to be a date.
    No,
    /// Unknown: guess by size.
    Guess,
}

impl FeishuDates {
    fn of(is_date: bool) -> FeishuDates {
        if is_date {
            FeishuDates::Yes
        } else {
            FeishuDates::No
        }
    }
}

/// Reads Feishu cells of one field; `guessed` is set when a number was taken for a date
/// by its size.
struct FeishuCell {
    /// The field's type, when the field list gives it.
    t: Option<i64>,
    dates: FeishuDates,
    offset: i32,
    guessed: bool,
}

impl FeishuCell {
    /// Reads one cell.
    fn read(&mut self, v: &Value) -> Cell {
        match v {
            Value::Null | Value::Bool(_) | Value::String(_) => Ok(v.clone()),
            Value::Number(n) => self.number(v, n),
            Value::Array(items) => self.list(v, items),
            Value::Object(m) => self.object(v, m),
        }
    }

    /// A number: a date (epoch milliseconds) when the field is one or the size says so.
    fn number(&mut self, v: &Value, n: &Number) -> Cell {
        let as_date = match self.dates {
            FeishuDates::Yes => true,
            FeishuDates::No => false,
            FeishuDates::Guess => {
                let hit = epoch_ms_of(n)
                    .is_some_and(|ms| (GUESS_FROM_MS..GUESS_UNTIL_MS).contains(&ms) && ms.rem_euclid(1000) == 0);
                self.guessed |= hit;
                hit
            }
        };
        if as_date {
            instant_text(v, epoch_ms_of(n), self.offset)
        } else {
            Ok(v.clone())
        }
    }

    /// A list: rich text as its text, members as `{ id, name }`, dates one by one;
    /// links and other lists as they are.
    fn list(&mut self, v: &Value, items: &[Value]) -> Cell {
        if items.is_empty() || items.iter().any(|i| i.get("record_ids").is_some()) {
            return Ok(v.clone());
        }
        if items.iter().all(is_segment) {
            let text: String = items
                .iter()
                .filter_map(|i| i.get("text").and_then(Value::as_str))
                .collect();
            return Ok(Value::String(text));
        }
        if matches!(self.t, Some(FEISHU_USER | FEISHU_CREATED_BY | FEISHU_MODIFIED_BY))
            || items.iter().all(|i| looks_member(i, Host::Feishu))
        {
            return read_members(v, Host::Feishu);
        }
        if self.dates == FeishuDates::Yes && items.iter().all(Value::is_number) {
            return items
                .iter()
                .map(|i| self.read(i))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        Ok(v.clone())
    }

    /// An object: a formula or lookup `{ type, value }` read by its own type (one value
    /// unwrapped from its list), a member, or as it is.
    fn object(&mut self, v: &Value, m: &Map<String, Value>) -> Cell {
        if nonfinite(v).is_some() {
            return Err(bad_number(v));
        }
        if let (Some(inner), Some(value)) = (m.get("type").and_then(Value::as_i64), m.get("value")) {
            let mut inner_cell = FeishuCell {
                t: Some(inner),
                dates: FeishuDates::of(feishu_is_date(inner)),
                offset: self.offset,
                guessed: false,
            };
            let converted = inner_cell.read(value);
            self.guessed |= inner_cell.guessed;
            return Ok(match converted? {
                Value::Array(mut items) if items.len() == 1 && inner != FEISHU_USER && inner != FEISHU_MULTI => {
                    items.pop().unwrap_or(Value::Null)
                }
                other => other,
            });
        }
        if looks_member(v, Host::Feishu) {
            return Ok(member_of(v, Host::Feishu).unwrap_or_else(|| v.clone()));
        }
        Ok(v.clone())
    }
}

/// Reads Feishu records into rows, collecting errors and warnings.
struct FeishuReader<'o> {
    types: Option<FeishuTypes>,
    /// `options.dates`, when given.
    date_names: Option<HashSet<&'o str>>,
    offset: i32,
    out: HostRows,
    /// Fields already warned about for a guessed date (once per field).
    guessed_fields: HashSet<String>,
}

impl FeishuReader<'_> {
    /// Reads record `i` into a row, or leaves it out with an `INVALID_ROW` error.
    fn record(&mut self, i: usize, record: &Value) {
        let Some(rec) = record.as_object() else {
            self.out.errors.push(not_an_object(&format!("items/{i}"), i, record));
            return;
        };
        let Some(Value::Object(fields)) = rec.get("fields") else {
            self.out.errors.push(no_fields(i));
            return;
        };
        let mut row = PlainRow::new();
        if let Some(id) = rec.get("record_id").or_else(|| rec.get("id")) {
            row.insert("_id".into(), id.clone());
        }
        for (name, v) in fields {
            self.cell(i, name, v, &mut row);
        }
        put_meta(&mut row, rec, &FEISHU_META, Host::Feishu, self.offset);
        self.out.rows.push(row);
    }

    /// Reads field `name` of record `i` into `row`, or records its error; warns (once
    /// per field) when a number was read as a date by its size.
    fn cell(&mut self, i: usize, name: &str, v: &Value, row: &mut PlainRow) {
        let t = self.types.as_ref().and_then(|ts| ts.get(name)).map(|(_, t)| *t);
        let mut cell = FeishuCell {
            t,
            dates: self.dates_of(name, t),
            offset: self.offset,
            guessed: false,
        };
        let path = format!("items/{i}/fields/{}", escape_pointer(name));
        match cell.read(v) {
            Ok(value) => {
                row.insert(name.to_string(), value);
            }
            Err(b) => self.out.errors.push(b.into_error(i, name, v, Some(&path))),
        }
        if cell.guessed && self.guessed_fields.insert(name.to_string()) {
            self.out.warnings.push(guessed_date(&path, name));
        }
    }

    /// Whether field `name` (of type `t`, when known) holds dates: by its type, by
    /// `options.dates`, or, with neither, by guessing.
    fn dates_of(&self, name: &str, t: Option<i64>) -> FeishuDates {
        if let Some(t) = t {
            FeishuDates::of(feishu_is_date(t))
        } else if let Some(names) = &self.date_names {
            FeishuDates::of(names.contains(name))
        } else if self.types.is_some() {
            FeishuDates::No
        } else {
            FeishuDates::Guess
        }
    }
}

/// The `GUESSED_DATE` warning for field `name`, first guessed at `path`.
fn guessed_date(path: &str, name: &str) -> JixiaoError {
    let shown = clip(name, 60);
    JixiaoError::warning(
        ErrorCode::GuessedDate,
        "",
        text!(
            "字段 “{shown}” 的数字按大小被当作日期（毫秒时间戳）读取；传入 fields（字段列表）或 dates 可避免猜测",
            "欄位「{shown}」的數字依大小被當作日期（毫秒時間戳）讀取；傳入 fields（欄位列表）或 dates 可避免猜測",
            "the numbers of field \"{shown}\" were read as dates (epoch milliseconds) by their size; pass fields (the field list) or dates to avoid guessing",
        ),
    )
    .at_path(path)
    .on_field(name)
}

/// Reads Feishu Bitable (飞书多维表格) records into plain rows keyed by field name (see
/// [`HostRows`] for what every row holds).
///
/// `records` is the list, or a response holding it (`{ items }`, `{ data: { items } }`,
/// `{ records }`). `options.fields` (the table's field list) or `options.dates` says which
/// numbers are epoch-millisecond dates; without either they are guessed (`GUESSED_DATE`
/// warnings).
///
/// ```
/// use serde_json::json;
/// let records = json!({ "code": 0, "data": { "items": [{ "record_id": "recA", "fields": {
///     "合同金额": 12000.5, "签约日期": 1709568000000u64,
///     "负责人": [{ "id": "ou_1", "name": "张三", "email": "z@x.cn" }],
///     "备注": [{ "type": "text", "text": "首单" }], "多选": ["a", "b"] } }] } });
/// let (options, _) = jixiao::hosts::HostOptions::from_value(&json!({ "dates": ["签约日期"] })).unwrap();
/// let out = jixiao::from_feishu(&records, &options).unwrap();
/// let row = &out.rows[0];
/// assert_eq!(row["签约日期"], "2024-03-05");
/// assert_eq!(row["负责人"], json!([{ "id": "ou_1", "name": "张三" }]));
/// assert_eq!(row["备注"], "首单");
/// assert_eq!(row["合同金额"], json!(12000.5));
/// assert!(out.warnings.is_empty());
/// ```
pub fn from_feishu(records: &Value, options: &HostOptions) -> Result<HostRows, JixiaoError> {
    let types = option_types(options)?;
    let list = find_list(records, &["items", "records"]).ok_or_else(|| {
        input_error(
            "items",
            Text::new(
                "飞书记录应为数组（或接口返回的 { data: { items } }）",
                "飛書記錄應為陣列（或介面回傳的 { data: { items } }）",
                "Feishu records must be an array (or the response { data: { items } })",
            ),
        )
    })?;
    let mut reader = FeishuReader {
        types,
        date_names: options.dates.as_ref().map(|d| d.iter().map(String::as_str).collect()),
        offset: options.utc_offset_minutes,
        out: HostRows::default(),
        guessed_fields: HashSet::new(),
    };
    for (i, record) in list.iter().enumerate() {
        reader.record(i, record);
    }
    let mut out = reader.out;
    localize_all(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

/// A Feishu table as a write-back target: columns match a field name of `options.fields`,
/// or, without a field list, any name (values written as they are).
struct FeishuTarget {
    types: Option<FeishuTypes>,
    offset: i32,
}

impl WriteTarget for FeishuTarget {
    type Field = Option<i64>;
    const HOST: &'static str = "飞书";

    fn resolve(&self, name: &str) -> Option<(String, Option<i64>)> {
        match &self.types {
            Some(ts) => ts.get(name).map(|(n, t)| (n.clone(), Some(*t))),
            None => Some((name.to_string(), None)),
        }
    }

    fn known(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .types
            .as_ref()
            .map(|ts| {
                ts.values()
                    .map(|(n, _)| n.clone())
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn convert(&self, t: &Option<i64>, v: &Value) -> Cell {
        match *t {
            Some(FEISHU_NUMBER) => write_number(v),
            Some(FEISHU_TEXT | FEISHU_PHONE | FEISHU_SINGLE) => write_text(v),
            Some(FEISHU_MULTI) => write_texts(v),
            Some(FEISHU_DATE) => write_instant(v, self.offset).map(|ms| ms.map(Value::from).unwrap_or(Value::Null)),
            Some(FEISHU_CHECKBOX) => match v {
                Value::Null | Value::Bool(_) => Ok(v.clone()),
                _ => Err(bad_type(
                    v,
                    Text::new("是/否（true 或 false）", "是/否（true 或 false）", "true or false"),
                )),
            },
            Some(FEISHU_USER) => write_members(v),
            Some(FEISHU_URL) => Ok(write_link(v)),
            _ => Ok(v.clone()),
        }
    }
}

/// A member-field value: `[{ id }]` (`null` stays `null`).
fn write_members(v: &Value) -> Cell {
    let ids = member_ids(v)?;
    if v.is_null() {
        return Ok(Value::Null);
    }
    Ok(Value::Array(
        ids.into_iter()
            .map(|id| {
                let mut m = Map::new();
                m.insert("id".into(), id);
                Value::Object(m)
            })
            .collect(),
    ))
}

/// A link-field value: a text becomes `{ link, text }`; anything else is written as it is.
fn write_link(v: &Value) -> Value {
    match v {
        Value::String(s) => {
            let mut m = Map::new();
            m.insert("link".into(), Value::String(s.clone()));
            m.insert("text".into(), Value::String(s.clone()));
            Value::Object(m)
        }
        _ => v.clone(),
    }
}

/// Shapes rows into the Feishu Bitable (飞书多维表格) `batch_update` body `{ records: [{
/// record_id, fields }] }`. With `options.fields` (the table's field list) every column
/// must be a field, and values follow the field type: numbers (a decimal text only when a
/// double holds it exactly, else `INVALID_NUMBER`), texts, epoch-millisecond dates,
/// `[{ id }]` members, option names; without it values are written as they are. The
/// record id, renames and left-out rows follow [`HostOptions`] (`idColumn`, `ids`,
/// `columns`).
///
/// ```
/// use serde_json::json;
/// let (options, _) = jixiao::hosts::HostOptions::from_value(&json!({ "fields": [
///     { "field_name": "绩效得分", "type": 2 }, { "field_name": "提成", "type": 2 },
///     { "field_name": "绩效等级", "type": 3 }, { "field_name": "排名", "type": 2 }] })).unwrap();
/// let rows = json!([{ "_id": "recA", "绩效得分": "87.35", "绩效等级": "A", "排名": 3, "提成": "12500.00" }]);
/// let out = jixiao::to_feishu(&rows, &options).unwrap();
/// assert_eq!(serde_json::to_value(&out.records).unwrap(), json!([{ "record_id": "recA",
///     "fields": { "绩效得分": 87.35, "绩效等级": "A", "排名": 3, "提成": 12500 } }]));
/// ```
pub fn to_feishu(rows: &Value, options: &HostOptions) -> Result<FeishuWrite, JixiaoError> {
    let target = FeishuTarget {
        types: option_types(options)?,
        offset: options.utc_offset_minutes,
    };
    let (written, mut errors) = write_rows(rows, options, &target)?;
    let mut warnings = Vec::new();
    localize_all(&mut errors, &mut warnings, options.locale);
    Ok(FeishuWrite {
        records: written
            .into_iter()
            .map(|w| FeishuUpdate {
                record_id: w.id,
                fields: w.cells,
            })
            .collect(),
        errors,
        warnings,
    })
}
