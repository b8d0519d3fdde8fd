//! Host adapters (SPEC §8): records of Huoban (伙伴云), Feishu Bitable (飞书多维表格) and
//! Jiandaoyun (简道云) as plain rows keyed by field name, and result rows shaped back into
//! each host's update body.
//!
//! Reading (`from_*`):
//!
//! - **Huoban** items carry `fields` keyed by numeric field id (or alias); the table's
//!   field list (`[{ field_id, name, type, alias?, config? }]`) gives the names and types.
//!   The older v2 shape (`fields: [{ field_id, values: [{ value }] }]`) is read too.
//! - **Feishu** records carry `fields` keyed by name. Dates are epoch milliseconds: a field
//!   list (`options.fields`, from the table's *list fields* call) or `options.dates` says
//!   which numbers are dates; without either, an integer number of whole seconds between
//!   2000 and 2100 is read as a date and a `GUESSED_DATE` warning names the field.
//! - **Jiandaoyun** data carry `_widget_…` keys (or aliases); the form's widget list
//!   (`[{ name, label, type, items? }]`) renames them to their labels. Datetimes are UTC
//!   ISO texts.
//!
//! Every row gets the record id as `_id`, and the record's creator, creation time, last
//! editor and edit time (when the host sends them) as `_createdBy`, `_createdAt`,
//! `_updatedBy`, `_updatedAt` (Jiandaoyun's deleter as `_deletedBy`, `_deletedAt`).
//! Dates become `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when the time is not midnight, in
//! the local time of `options.utcOffset` (default `+08:00`); members become `{ id, name }`
//! objects (lists of them for member fields); options become their names (a text, or a
//! list for multi-select fields); rich text becomes its text. Numbers are kept as they
//! come: JSON numbers stay JSON numbers, number texts stay texts.
//!
//! A record that is not an object, or has no readable `fields`, is left out with an
//! `INVALID_ROW` error; a cell that cannot be read (a bad date, a text in a number field)
//! is left out of its row with an error (`INVALID_DATE`, `INVALID_NUMBER` …) whose `path`
//! is `items/17/fields/2200000150845867` (Huoban, Feishu) or `data/17/_widget_…`
//! (Jiandaoyun), `row` the record's index; the rest of the row is kept.
//!
//! Writing (`to_*`): rows (the engine's `out.rows`, or any flat rows) plus the record id
//! (`_id`, or `options.idColumn`, optionally looked up through `options.ids`) become
//! Huoban `{ item_id, fields: { "<field_id>": value } }`, Feishu `{ record_id, fields }`
//! (the `records` of a batch update) or Jiandaoyun `{ data_id, data: { "_widget_…":
//! { value } } }`. A column the host table lacks is a thrown `INVALID_INPUT` naming it
//! (rename it or drop it with `options.columns`); a row with a bad value or no record id
//! is left out of the body with its errors, so no record is ever half written.

use crate::dates::Date;
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use crate::numbers::{decimal_from_f64, parse_number_text};
use crate::records::NONFINITE_KEY;
use crate::text;
use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

/// One plain row: field name → value.
pub type PlainRow = IndexMap<String, Value>;

/// The longest path an error carries (paths repeat user keys).
const MAX_PATH_CHARS: usize = 300;

/// Earliest and latest epoch milliseconds read as dates: 0001-01-01 … 9999-12-31 UTC.
const MIN_EPOCH_MS: i64 = -62_135_596_800_000;
const MAX_EPOCH_MS: i64 = 253_402_300_799_999;

/// The range of numbers guessed to be Feishu dates: 2000-01-01 ≤ ms < 2100-01-01 (UTC).
const GUESS_FROM_MS: i64 = 946_684_800_000;
const GUESS_UNTIL_MS: i64 = 4_102_444_800_000;

const MS_PER_DAY: i64 = 86_400_000;

// ---------------------------------------------------------------- options

/// Options of every adapter, read from the JSON options object.
///
/// | key | used by | meaning |
/// |---|---|---|
/// | `utcOffset` | all | the local time of dates: `"+08:00"` (default, China), `"-05:00"`, `"Z"` … |
/// | `locale` | all | the language of `message` (every error has all three in `messages`) |
/// | `fields` | Feishu | the table's field list (`[{ field_name, type }]`, or the *list fields* response): which numbers are dates (reading), which columns are numbers, dates, members (writing) |
/// | `dates` | Feishu reading | names of the fields holding epoch-millisecond dates (turns guessing off) |
/// | `idColumn` | writing | the column holding the record id (default `_id`) |
/// | `ids` | writing | `{ value of idColumn: record id }`, e.g. employee number → record id |
/// | `columns` | writing | `{ column: host field name }` renames; `null` drops a column |
///
/// ```
/// let (o, warnings) = jixiao::HostOptions::from_value(&serde_json::json!({ "utcOffset": "-05:30", "x": 1 })).unwrap();
/// assert_eq!(o.utc_offset_minutes, -330);
/// assert_eq!(warnings[0].code.as_str(), "UNKNOWN_KEY");
/// assert!(jixiao::HostOptions::from_value(&serde_json::json!({ "utcOffset": "+15:00" })).is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HostOptions {
    /// Minutes east of UTC (default 480, `+08:00`).
    pub utc_offset_minutes: i32,
    /// The language of `message`.
    pub locale: Locale,
    /// The column holding the record id when writing (default `_id`).
    pub id_column: String,
    /// Record ids by the text of the id column's value.
    pub ids: Option<Map<String, Value>>,
    /// Column renames (`Some`) and drops (`None`) when writing.
    pub columns: IndexMap<String, Option<String>>,
    /// A Feishu field list.
    pub fields: Option<Value>,
    /// Feishu fields holding epoch-millisecond dates (`Some`, even empty, turns guessing off).
    pub dates: Option<Vec<String>>,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions {
            utc_offset_minutes: 480,
            locale: Locale::default(),
            id_column: "_id".to_string(),
            ids: None,
            columns: IndexMap::new(),
            fields: None,
            dates: None,
        }
    }
}

fn setting_error(key: &str, what: Text) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidSetting, format!("options/{key}"), what)
}

impl HostOptions {
    /// Reads the options object (`null` gives the defaults); unknown keys are
    /// `UNKNOWN_KEY` warnings, a bad value an `INVALID_SETTING` error.
    ///
    /// ```
    /// let (o, _) = jixiao::HostOptions::from_value(&serde_json::Value::Null).unwrap();
    /// assert_eq!(o.utc_offset_minutes, 480);
    /// assert_eq!(o.id_column, "_id");
    /// ```
    pub fn from_value(value: &Value) -> Result<(HostOptions, Vec<JixiaoError>), JixiaoError> {
        let mut options = HostOptions::default();
        let mut warnings = Vec::new();
        let map = match value {
            Value::Null => return Ok((options, warnings)),
            Value::Object(m) => m,
            _ => {
                return Err(JixiaoError::new(
                    ErrorCode::InvalidInput,
                    "options",
                    Text::new(
                        "选项必须是一个对象",
                        "選項必須是一個物件",
                        "the options must be an object",
                    ),
                ))
            }
        };
        for (key, v) in map {
            match key.as_str() {
                "utcOffset" => {
                    let parsed = v.as_str().and_then(parse_offset);
                    options.utc_offset_minutes = parsed.ok_or_else(|| {
                        let shown = clip(&v.to_string(), 40);
                        setting_error(
                            key,
                            text!(
                                "utcOffset {shown} 无法识别：应为 “+08:00” 这样的时区偏移（−14:00 至 +14:00）",
                                "utcOffset {shown} 無法識別：應為「+08:00」這樣的時區偏移（−14:00 至 +14:00）",
                                "utcOffset {shown} is not an offset such as \"+08:00\" (−14:00 to +14:00)",
                            ),
                        )
                    })?;
                }
                "locale" => {
                    if !v.is_null() {
                        options.locale = v.as_str().and_then(Locale::parse).ok_or_else(|| {
                            let shown = clip(&v.to_string(), 20);
                            setting_error(
                                key,
                                text!(
                                    "未知的语言 {shown}（可用：zh-CN、zh-TW、en）",
                                    "未知的語言 {shown}（可用：zh-CN、zh-TW、en）",
                                    "unknown locale {shown} (use zh-CN, zh-TW or en)",
                                ),
                            )
                        })?;
                    }
                }
                "idColumn" => match v {
                    Value::String(s) if !s.is_empty() => options.id_column = s.clone(),
                    Value::Null => {}
                    _ => {
                        return Err(setting_error(
                            key,
                            Text::new(
                                "idColumn 必须是一个非空的列名",
                                "idColumn 必須是一個非空的欄名",
                                "idColumn must be a non-empty column name",
                            ),
                        ))
                    }
                },
                "ids" => match v {
                    Value::Object(m) => options.ids = Some(m.clone()),
                    Value::Null => {}
                    _ => {
                        return Err(setting_error(
                            key,
                            Text::new(
                                "ids 必须是 { 编号: 记录 ID } 形式的对象",
                                "ids 必須是 { 編號: 記錄 ID } 形式的物件",
                                "ids must be an object { key: record id }",
                            ),
                        ))
                    }
                },
                "columns" => match v {
                    Value::Object(m) => {
                        for (column, target) in m {
                            let target = match target {
                                Value::String(s) => Some(s.clone()),
                                Value::Null => None,
                                _ => return Err(JixiaoError::new(
                                    ErrorCode::InvalidSetting,
                                    clip(&format!("options/columns/{}", escape_pointer(column)), MAX_PATH_CHARS),
                                    Text::new(
                                        "columns 的取值必须是宿主字段名，或 null（不回写该列）",
                                        "columns 的取值必須是宿主欄位名，或 null（不回寫該欄）",
                                        "a columns value must be a host field name, or null (do not write the column)",
                                    ),
                                )),
                            };
                            options.columns.insert(column.clone(), target);
                        }
                    }
                    Value::Null => {}
                    _ => {
                        return Err(setting_error(
                            key,
                            Text::new(
                                "columns 必须是 { 列名: 宿主字段名 } 形式的对象",
                                "columns 必須是 { 欄名: 宿主欄位名 } 形式的物件",
                                "columns must be an object { column: host field name }",
                            ),
                        ))
                    }
                },
                "fields" => {
                    if !v.is_null() {
                        options.fields = Some(v.clone());
                    }
                }
                "dates" => match v {
                    Value::Array(items) if items.iter().all(Value::is_string) => {
                        options.dates = Some(items.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
                    }
                    Value::Null => {}
                    _ => {
                        return Err(setting_error(
                            key,
                            Text::new(
                                "dates 必须是字段名的数组",
                                "dates 必須是欄位名的陣列",
                                "dates must be an array of field names",
                            ),
                        ))
                    }
                },
                _ => {
                    let shown = clip(key, 60);
                    warnings.push(JixiaoError::warning(
                        ErrorCode::UnknownKey,
                        clip(&format!("options/{}", escape_pointer(key)), MAX_PATH_CHARS),
                        text!(
                            "未知的选项 “{shown}”，已忽略",
                            "未知的選項「{shown}」，已忽略",
                            "unknown option \"{shown}\", ignored",
                        ),
                    ));
                }
            }
        }
        Ok((options, warnings))
    }
}

// ---------------------------------------------------------------- outputs

/// What the readers return: plain rows, the errors of bad records and cells, and warnings.
///
/// ```
/// let out = jixiao::from_feishu(&serde_json::json!([{ "record_id": "rec1", "fields": { "金额": 1 } }]),
///     &Default::default()).unwrap();
/// assert_eq!(out.rows[0]["_id"], "rec1");
/// assert!(out.errors.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct HostRows {
    /// One plain row per readable record, in input order.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<Record<string, unknown>>"))]
    pub rows: Vec<PlainRow>,
    /// Bad records (left out) and bad cells (left out of their row).
    pub errors: Vec<JixiaoError>,
    /// Guessed dates, unknown keys, duplicate names, ignored options.
    pub warnings: Vec<JixiaoError>,
}

/// One Huoban item update: `{ item_id, fields: { "<field_id>": value } }`.
///
/// ```
/// let u = jixiao::HuobanUpdate { item_id: 1.into(), fields: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"item_id":1,"fields":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct HuobanUpdate {
    /// The item id, as the row holds it.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub item_id: Value,
    /// Values by field id.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub fields: IndexMap<String, Value>,
}

/// What [`to_huoban`] returns: the item updates and the rows left out.
///
/// ```
/// let w = jixiao::HuobanWrite::default();
/// assert!(w.items.is_empty() && w.errors.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct HuobanWrite {
    /// One update per good row.
    pub items: Vec<HuobanUpdate>,
    /// Rows left out (no record id, a bad value), each with its path `rows/N/column`.
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    pub warnings: Vec<JixiaoError>,
}

/// One Feishu Bitable record update: `{ record_id, fields: { name: value } }`.
///
/// ```
/// let u = jixiao::FeishuUpdate { record_id: "rec1".into(), fields: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"record_id":"rec1","fields":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FeishuUpdate {
    /// The record id (`rec…`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub record_id: Value,
    /// Values by field name.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub fields: IndexMap<String, Value>,
}

/// What [`to_feishu`] returns: `records` is the body of a `batch_update` call (at most 500
/// records per call: split longer lists).
///
/// ```
/// let w = jixiao::FeishuWrite::default();
/// assert_eq!(serde_json::to_value(&w).unwrap()["records"], serde_json::json!([]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FeishuWrite {
    /// One update per good row.
    pub records: Vec<FeishuUpdate>,
    /// Rows left out, each with its path `rows/N/column`.
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    pub warnings: Vec<JixiaoError>,
}

/// One Jiandaoyun data update: `{ data_id, data: { "_widget_…": { value } } }` (add
/// `app_id` and `entry_id` to call `data/update`).
///
/// ```
/// let u = jixiao::JiandaoyunUpdate { data_id: "65f0".into(), data: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"data_id":"65f0","data":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct JiandaoyunUpdate {
    /// The data id (`_id`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub data_id: Value,
    /// `{ value }` by widget name.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, { value: unknown }>"))]
    pub data: IndexMap<String, Value>,
}

/// What [`to_jiandaoyun`] returns: the data updates and the rows left out.
///
/// ```
/// let w = jixiao::JiandaoyunWrite::default();
/// assert!(w.items.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct JiandaoyunWrite {
    /// One update per good row.
    pub items: Vec<JiandaoyunUpdate>,
    /// Rows left out, each with its path `rows/N/column`.
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    pub warnings: Vec<JixiaoError>,
}

// ---------------------------------------------------------------- small helpers

/// Cuts `s` to `max` characters (marking the cut with `…`).
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or_default()),
        None => s.to_string(),
    }
}

/// A value as an error shows it: texts unquoted, the rest as JSON.
fn raw_text(v: &Value) -> String {
    if let Some(reason) = nonfinite(v) {
        return clip(reason, 200);
    }
    match v {
        Value::String(s) => clip(s, 200),
        other => clip(&other.to_string(), 200),
    }
}

/// Why a cell could not be converted; the caller adds where.
#[derive(Debug)]
struct Bad {
    code: ErrorCode,
    text: Text,
    /// A path below the cell (subform rows), e.g. `0/_widget_2`.
    below: Option<String>,
}

type Cell = Result<Value, Bad>;

fn bad(code: ErrorCode, text: Text) -> Bad {
    Bad {
        code,
        text,
        below: None,
    }
}

fn bad_number(v: &Value) -> Bad {
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

fn bad_date(v: &Value) -> Bad {
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

fn bad_type(v: &Value, want: Text) -> Bad {
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
fn nonfinite(v: &Value) -> Option<&str> {
    v.as_object().and_then(|m| m.get(NONFINITE_KEY)).and_then(Value::as_str)
}

/// A cell error at `path` for record `row`, field `field`.
fn cell_error(bad: Bad, path: &str, row: usize, field: &str, raw: &Value) -> JixiaoError {
    let mut e = JixiaoError::new(bad.code, "", bad.text).at_row(row, field, Some(&raw_text(raw)));
    let path = match &bad.below {
        Some(below) => format!("{path}/{below}"),
        None => path.to_string(),
    };
    e.path = clip(&path, MAX_PATH_CHARS);
    e
}

fn row_error(path: String, row: usize, text: Text) -> JixiaoError {
    let mut e = JixiaoError::new(ErrorCode::InvalidRow, "", text);
    e.row = Some(row);
    e.path = clip(&path, MAX_PATH_CHARS);
    e
}

fn not_an_object(path: String, row: usize, v: &Value) -> JixiaoError {
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

fn input_error(path: &str, text: Text) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidInput, path, text)
}

/// The list of records in `value`: a bare array, or under one of `keys`, possibly inside
/// a `data` envelope (`{ code, data: { items } }`).
fn find_list<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(m) => {
            for key in keys {
                if let Some(Value::Array(items)) = m.get(*key) {
                    return Some(items);
                }
            }
            match m.get("data") {
                Some(inner @ Value::Object(_)) => {
                    let Value::Object(im) = inner else { return None };
                    keys.iter().find_map(|k| match im.get(*k) {
                        Some(Value::Array(items)) => Some(items),
                        _ => None,
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A JSON value's text as a key: strings as they are, numbers in their JSON form.
fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------- time

/// Reads a UTC offset: `Z`, `UTC`, `+08:00`, `+0800`, `+08`, `+8`, `-05:30`; at most 14 hours.
fn parse_offset(s: &str) -> Option<i32> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("gmt") {
        return Some(0);
    }
    let t = t.strip_prefix("UTC").or_else(|| t.strip_prefix("GMT")).unwrap_or(t);
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'+') => (false, t.get(1..)?),
        Some(b'-') => (true, t.get(1..)?),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => (rest.get(..2)?, rest.get(2..)?),
        None => (rest, "0"),
    };
    if h.is_empty() || h.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if m >= 60 || h > 14 || (h == 14 && m > 0) {
        return None;
    }
    let minutes = h.checked_mul(60)?.checked_add(m)?;
    Some(if negative { minutes.checked_neg()? } else { minutes })
}

/// A local date and time of day (no zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LocalTime {
    date: Date,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm); bounded inputs.
#[allow(clippy::arithmetic_side_effects)]
fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let m = i64::from(d.month);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (days since 1970-01-01); `None` outside years 1‥9999.
#[allow(clippy::arithmetic_side_effects)]
fn civil_from_days(days: i64) -> Option<Date> {
    // |days| ≤ 3.7 million here (callers bound the milliseconds): no overflow below.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

impl LocalTime {
    fn midnight(&self) -> bool {
        self.hour == 0 && self.minute == 0 && self.second == 0 && self.milli == 0
    }

    /// `YYYY-MM-DD` at midnight, else `YYYY-MM-DD HH:MM:SS` (and `.mmm` when not whole seconds).
    fn format(&self) -> String {
        if self.midnight() {
            self.date.to_string()
        } else if self.milli == 0 {
            format!("{} {:02}:{:02}:{:02}", self.date, self.hour, self.minute, self.second)
        } else {
            format!(
                "{} {:02}:{:02}:{:02}.{:03}",
                self.date, self.hour, self.minute, self.second, self.milli
            )
        }
    }

    /// Epoch milliseconds of this local time at `offset` minutes east of UTC.
    #[allow(clippy::arithmetic_side_effects)]
    fn epoch_ms(&self, offset: i32) -> i64 {
        // days within ±3.7 million, offset within ±840 minutes: far from i64 limits
        let secs = i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        days_from_civil(self.date) * MS_PER_DAY + secs * 1000 + i64::from(self.milli) - i64::from(offset) * 60_000
    }

    /// The local time of epoch milliseconds `ms` at `offset`; `None` outside years 1‥9999.
    fn from_epoch_ms(ms: i64, offset: i32) -> Option<LocalTime> {
        if !(MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
            return None;
        }
        let local = ms.checked_add(i64::from(offset).checked_mul(60_000)?)?;
        let days = local.div_euclid(MS_PER_DAY);
        let in_day = local.rem_euclid(MS_PER_DAY);
        let date = civil_from_days(days)?;
        let secs = in_day.checked_div(1000)?;
        Some(LocalTime {
            date,
            hour: u32::try_from(secs.checked_div(3600)?).ok()?,
            minute: u32::try_from(secs.checked_rem(3600)?.checked_div(60)?).ok()?,
            second: u32::try_from(secs.checked_rem(60)?).ok()?,
            milli: u32::try_from(in_day.checked_rem(1000)?).ok()?,
        })
    }
}

/// Reads `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f` (up to 3 fraction digits).
fn parse_clock(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return None,
    };
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let milli = match frac {
        None => 0,
        Some(f) => {
            if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) || parts.len() != 3 {
                return None;
            }
            let padded = format!("{f:0<3}");
            padded.parse().ok()?
        }
    };
    Some((h, m, sec, milli))
}

/// Reads a local date or date-time without a zone: `2024-03-05`, `2024/3/5`,
/// `2024年3月5日`, `2024-03-05 10:00`, `2024-03-05T10:00:00`.
fn parse_local(s: &str) -> Option<LocalTime> {
    let t = s.trim();
    let (date_part, clock) = match t.find([' ', 'T']) {
        Some(at) => (t.get(..at)?, Some(t.get(at..)?.get(1..)?.trim())),
        None => (t, None),
    };
    let date = Date::parse(date_part)?;
    let (hour, minute, second, milli) = match clock {
        None | Some("") => (0, 0, 0, 0),
        Some(c) => parse_clock(c)?,
    };
    Some(LocalTime {
        date,
        hour,
        minute,
        second,
        milli,
    })
}

/// Reads a date-time with a zone (`2024-03-05T02:00:00.000Z`, `…+08:00`) as epoch ms.
fn parse_zoned(s: &str) -> Option<i64> {
    let t = s.trim();
    let (body, offset) = if let Some(b) = t.strip_suffix(['Z', 'z']) {
        (b, 0)
    } else {
        // the zone starts at the last sign after the time separator
        let tpos = t.find(['T', ' '])?;
        let clock = t.get(tpos..)?;
        let sign_at = clock.rfind(['+', '-'])?;
        let at = tpos.checked_add(sign_at)?;
        (t.get(..at)?, parse_offset(t.get(at..)?)?)
    };
    if !body.contains(['T', ' ']) {
        return None;
    }
    let local = parse_local(body)?;
    let ms = local.epoch_ms(offset);
    (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms).then_some(ms)
}

/// Whether `s` looks like an ISO date-time with a zone (`2024-03-05T02:00:00.000Z`): a
/// Jiandaoyun datetime when the widget list does not say.
fn looks_zoned(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 17
        && b.get(4) == Some(&b'-')
        && b.get(10) == Some(&b'T')
        && b.iter().take(4).all(u8::is_ascii_digit)
        && (s.ends_with(['Z', 'z']) || s.get(11..).is_some_and(|c| c.contains(['+', '-'])))
}

/// Epoch milliseconds held by a JSON number (an integer), if any.
fn epoch_ms_of(n: &Number) -> Option<i64> {
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

fn ms_to_local_text(v: &Value, ms: Option<i64>, offset: i32) -> Cell {
    ms.and_then(|ms| LocalTime::from_epoch_ms(ms, offset))
        .map(|t| Value::String(t.format()))
        .ok_or_else(|| bad_date(v))
}

// ---------------------------------------------------------------- numbers

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

/// A number-field value for writing: JSON numbers as they are, number texts as the
/// JSON number of exactly that value.
fn write_number(v: &Value) -> Cell {
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

/// A number-field value when reading: numbers as they come, number texts kept as texts
/// (checked), anything else `INVALID_NUMBER`.
fn read_number(v: &Value) -> Cell {
    match v {
        Value::Null | Value::Number(_) => Ok(v.clone()),
        Value::String(s) => match parse_number_text(s) {
            Ok(_) => Ok(v.clone()),
            Err(_) => Err(bad_number(v)),
        },
        _ => Err(bad_number(v)),
    }
}

/// A text-field value for writing: texts as they are, numbers as their JSON text.
fn write_text(v: &Value) -> Cell {
    match v {
        Value::Null | Value::String(_) => Ok(v.clone()),
        Value::Number(n) => Ok(Value::String(n.to_string())),
        _ => Err(bad_type(v, Text::new("文本", "文字", "a text"))),
    }
}

/// A multi-select value for writing: a list of texts (one text becomes a list of one).
fn write_texts(v: &Value) -> Cell {
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

/// The local date-time in a write value: a local text, or a zoned ISO text.
fn write_instant(v: &Value, offset: i32) -> Result<Option<i64>, Bad> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => parse_zoned(s)
            .or_else(|| parse_local(s).map(|t| t.epoch_ms(offset)))
            .filter(|ms| (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(ms))
            .map(Some)
            .ok_or_else(|| bad_date(v)),
        Value::Number(n) => epoch_ms_of(n)
            .filter(|ms| (MIN_EPOCH_MS..=MAX_EPOCH_MS).contains(ms))
            .map(Some)
            .ok_or_else(|| bad_date(v)),
        _ => Err(bad_date(v)),
    }
}

// ---------------------------------------------------------------- members

/// The id key of a member object in each host.
#[derive(Clone, Copy)]
enum Host {
    Huoban,
    Feishu,
    Jiandaoyun,
}

/// `{ id, name }` of a host member object, or `None` when it is not one.
fn member_of(v: &Value, host: Host) -> Option<Value> {
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

fn looks_member(v: &Value, host: Host) -> bool {
    let Some(m) = v.as_object() else { return false };
    let has = |k: &str| m.contains_key(k);
    match host {
        Host::Huoban => has("user_id"),
        Host::Feishu => has("id") && (has("name") || has("en_name") || has("email")) && !has("text"),
        Host::Jiandaoyun => (has("username") || has("dept_no")) && has("name"),
    }
}

/// A member field read as a list of `{ id, name }`.
fn read_members(v: &Value, host: Host) -> Cell {
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

/// The ids of the members in a write value: member objects (`id`, `user_id`,
/// `username`), lists of them, or bare ids.
fn member_ids(v: &Value) -> Result<Vec<Value>, Bad> {
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

// ---------------------------------------------------------------- metadata

/// Puts a record's creator, updater and times into the row under the shared names.
fn put_meta(row: &mut PlainRow, record: &Map<String, Value>, keys: &[(&str, &str, bool)], host: Host, offset: i32) {
    for (from, to, is_time) in keys {
        let Some(v) = record.get(*from) else { continue };
        if v.is_null() {
            continue;
        }
        let converted = if *is_time {
            match v {
                Value::Number(n) => LocalTime::from_epoch_ms(epoch_ms_of(n).unwrap_or(i64::MIN), offset)
                    .map(|t| Value::String(t.format())),
                Value::String(s) => parse_zoned(s)
                    .and_then(|ms| LocalTime::from_epoch_ms(ms, offset))
                    .or_else(|| parse_local(s))
                    .map(|t| Value::String(t.format())),
                _ => None,
            }
        } else {
            member_of(v, host)
        };
        // metadata the adapter cannot read is kept as it came
        row.insert((*to).to_string(), converted.unwrap_or_else(|| v.clone()));
    }
}

// ---------------------------------------------------------------- Huoban

/// One field of a Huoban table.
#[derive(Clone, Debug)]
struct HuobanField {
    id: String,
    name: String,
    kind: String,
    /// `Some(true)` for multi-select categories, `Some(false)` for single.
    multi: Option<bool>,
    /// Category options: (id, name).
    options: Vec<(Value, String)>,
}

#[derive(Default)]
struct HuobanTable {
    fields: Vec<HuobanField>,
    /// field id, alias and name → index.
    by_key: HashMap<String, usize>,
    /// field id and alias → index (reading keys).
    by_id: HashMap<String, usize>,
    given: bool,
}

fn huoban_table(fields: &Value, warnings: &mut Vec<JixiaoError>) -> Result<HuobanTable, JixiaoError> {
    let mut table = HuobanTable::default();
    if fields.is_null() {
        return Ok(table);
    }
    let list = match fields {
        Value::Array(a) => Some(a),
        Value::Object(m) => match m.get("fields") {
            Some(Value::Array(a)) => Some(a),
            _ => ["table", "data"].iter().find_map(|k| match m.get(*k) {
                Some(inner @ Value::Object(_)) => huoban_field_list(inner),
                _ => None,
            }),
        },
        _ => None,
    };
    let Some(list) = list else {
        return Err(input_error(
            "fields",
            Text::new(
                "伙伴云字段列表应为数组（或表格接口返回的 { table: { fields } }）",
                "伙伴雲欄位列表應為陣列（或表格介面回傳的 { table: { fields } }）",
                "the Huoban field list must be an array (or the table response { table: { fields } })",
            ),
        ));
    };
    table.given = true;
    let mut names: HashSet<String> = HashSet::new();
    for (j, f) in list.iter().enumerate() {
        let Some(m) = f.as_object() else {
            warnings.push(JixiaoError::warning(
                ErrorCode::InvalidInput,
                format!("fields/{j}"),
                Text::new(
                    "字段定义不是对象，已忽略",
                    "欄位定義不是物件，已忽略",
                    "a field entry is not an object; ignored",
                ),
            ));
            continue;
        };
        let id = m.get("field_id").or_else(|| m.get("id")).and_then(key_text);
        let name = m.get("name").and_then(Value::as_str);
        let (Some(id), Some(name)) = (id, name) else {
            warnings.push(JixiaoError::warning(
                ErrorCode::InvalidInput,
                format!("fields/{j}"),
                Text::new(
                    "字段定义缺少 field_id 或 name，已忽略",
                    "欄位定義缺少 field_id 或 name，已忽略",
                    "a field entry lacks field_id or name; ignored",
                ),
            ));
            continue;
        };
        if !names.insert(name.to_string()) {
            let shown = clip(name, 60);
            warnings.push(JixiaoError::warning(
                ErrorCode::DuplicateKey,
                clip(&format!("fields/{j}/name"), MAX_PATH_CHARS),
                text!(
                    "两个字段同名 “{shown}”：行里后者的值覆盖前者",
                    "兩個欄位同名「{shown}」：列裡後者的值覆蓋前者",
                    "two fields are named \"{shown}\": in a row the later one's value wins",
                ),
            ));
        }
        let config = m.get("config").and_then(Value::as_object);
        let multi = config
            .and_then(|c| c.get("type"))
            .and_then(Value::as_str)
            .and_then(|t| match t {
                "multi" => Some(true),
                "single" => Some(false),
                _ => None,
            });
        let options = config
            .and_then(|c| c.get("options"))
            .and_then(Value::as_array)
            .map(|opts| {
                opts.iter()
                    .filter_map(|o| {
                        let o = o.as_object()?;
                        Some((o.get("id")?.clone(), o.get("name")?.as_str()?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let index = table.fields.len();
        table.by_id.insert(id.clone(), index);
        table.by_key.insert(id.clone(), index);
        if let Some(alias) = m.get("alias").and_then(Value::as_str).filter(|a| !a.is_empty()) {
            table.by_id.insert(alias.to_string(), index);
            table.by_key.insert(alias.to_string(), index);
        }
        table.by_key.entry(name.to_string()).or_insert(index);
        table.fields.push(HuobanField {
            id,
            name: name.to_string(),
            kind: m.get("type").and_then(Value::as_str).unwrap_or_default().to_string(),
            multi,
            options,
        });
    }
    Ok(table)
}

fn huoban_field_list(v: &Value) -> Option<&Vec<Value>> {
    let m = v.as_object()?;
    if let Some(Value::Array(a)) = m.get("fields") {
        return Some(a);
    }
    match m.get("table") {
        Some(inner) => huoban_field_list(inner),
        None => None,
    }
}

/// Unwraps the v2 `values: [{ value }]` form: one value → the value, several → a list.
fn unwrap_values(v: &Value) -> Option<Value> {
    let items = v.as_array()?;
    if items.is_empty()
        || !items
            .iter()
            .all(|i| i.as_object().is_some_and(|m| m.contains_key("value")))
    {
        return None;
    }
    let mut values: Vec<Value> = items.iter().filter_map(|i| i.get("value").cloned()).collect();
    Some(if values.len() == 1 {
        values.pop().unwrap_or(Value::Null)
    } else {
        Value::Array(values)
    })
}

/// Category options as their names: one text (single select), or a list (multi-select).
fn option_names(v: &Value, multi: Option<bool>) -> Value {
    let name = |x: &Value| match x {
        Value::Object(m) => m.get("name").cloned().unwrap_or_else(|| x.clone()),
        other => other.clone(),
    };
    match v {
        Value::Array(items) => {
            let names: Vec<Value> = items.iter().map(name).collect();
            let single = match multi {
                Some(m) => !m,
                None => names.len() <= 1,
            };
            if single {
                names.into_iter().next().unwrap_or(Value::Null)
            } else {
                Value::Array(names)
            }
        }
        Value::Object(_) => {
            let n = name(v);
            if multi == Some(true) {
                Value::Array(vec![n])
            } else {
                n
            }
        }
        other => other.clone(),
    }
}

/// Relation values as `[{ id, title }]`.
fn relations(v: &Value) -> Value {
    let one = |x: &Value| match x.as_object() {
        Some(m) if m.contains_key("item_id") => {
            let mut out = Map::new();
            if let Some(id) = m.get("item_id") {
                out.insert("id".into(), id.clone());
            }
            if let Some(t) = m.get("title") {
                out.insert("title".into(), t.clone());
            }
            Value::Object(out)
        }
        _ => x.clone(),
    };
    match v {
        Value::Array(items) => Value::Array(items.iter().map(one).collect()),
        other => Value::Array(vec![one(other)]),
    }
}

fn huoban_cell(v: &Value, field: Option<&HuobanField>) -> Cell {
    if v.is_null() {
        return Ok(Value::Null);
    }
    if nonfinite(v).is_some() {
        return Err(bad_number(v));
    }
    let kind = field.map(|f| f.kind.as_str()).unwrap_or("");
    let unwrapped;
    let v = match unwrap_values(v) {
        Some(u) => {
            unwrapped = u;
            &unwrapped
        }
        None => v,
    };
    match kind {
        "number" => read_number(v),
        "date" => match v {
            Value::Null => Ok(Value::Null),
            Value::String(s) => parse_local(s)
                .map(|t| Value::String(t.format()))
                .ok_or_else(|| bad_date(v)),
            _ => Err(bad_date(v)),
        },
        "user" => read_members(v, Host::Huoban),
        "category" => Ok(option_names(v, field.and_then(|f| f.multi))),
        "relation" => Ok(relations(v)),
        _ => Ok(huoban_shape(v, field.and_then(|f| f.multi))),
    }
}

/// A Huoban value of unknown type, read by its shape.
fn huoban_shape(v: &Value, multi: Option<bool>) -> Value {
    let Some(items) = v.as_array() else { return v.clone() };
    if items.is_empty() || !items.iter().all(Value::is_object) {
        return v.clone();
    }
    if items.iter().all(|i| looks_member(i, Host::Huoban)) {
        return Value::Array(items.iter().filter_map(|i| member_of(i, Host::Huoban)).collect());
    }
    if items.iter().all(|i| i.get("item_id").is_some()) {
        return relations(v);
    }
    if items.iter().all(|i| i.get("id").is_some() && i.get("name").is_some()) {
        return option_names(v, multi);
    }
    v.clone()
}

/// Reads Huoban (伙伴云) items into plain rows keyed by field name (see the module notes).
///
/// `items` is the list of items, or a response holding it (`{ items }`, `{ data: { items } }`);
/// `fields` is the table's field list (or `{ table: { fields } }`), or `null` to keep the
/// keys as they are.
///
/// ```
/// use serde_json::json;
/// let fields = json!([
///     { "field_id": 2200000150845867u64, "name": "合同金额", "type": "number" },
///     { "field_id": 2200000150845868u64, "name": "签约日期", "type": "date" },
///     { "field_id": 2200000150845869u64, "name": "负责人", "type": "user" },
///     { "field_id": 2200000150845870u64, "name": "状态", "type": "category" },
/// ]);
/// let items = json!({ "items": [{ "item_id": 2300000000000001u64, "fields": {
///     "2200000150845867": 12000.5,
///     "2200000150845868": "2024-03-05 10:00",
///     "2200000150845869": [{ "user_id": 1001, "name": "张三" }],
///     "2200000150845870": [{ "id": 1, "name": "已签约" }],
/// } }] });
/// let out = jixiao::from_huoban(&items, &fields, &Default::default()).unwrap();
/// assert_eq!(out.rows[0]["合同金额"], json!(12000.5));
/// assert_eq!(out.rows[0]["签约日期"], "2024-03-05 10:00:00");
/// assert_eq!(out.rows[0]["负责人"], json!([{ "id": 1001, "name": "张三" }]));
/// assert_eq!(out.rows[0]["状态"], "已签约");
/// assert_eq!(out.rows[0]["_id"], json!(2300000000000001u64));
/// ```
pub fn from_huoban(items: &Value, fields: &Value, options: &HostOptions) -> Result<HostRows, JixiaoError> {
    let mut out = HostRows::default();
    let table = huoban_table(fields, &mut out.warnings)?;
    let list = find_list(items, &["items"]).ok_or_else(|| {
        input_error(
            "items",
            Text::new(
                "伙伴云数据应为数组（或接口返回的 { items } / { data: { items } }）",
                "伙伴雲資料應為陣列（或介面回傳的 { items } / { data: { items } }）",
                "Huoban items must be an array (or the response { items } / { data: { items } })",
            ),
        )
    })?;
    let mut warned: HashSet<String> = HashSet::new();
    let meta = [
        ("created_by", "_createdBy", false),
        ("created_on", "_createdAt", true),
        ("updated_by", "_updatedBy", false),
        ("update_by", "_updatedBy", false),
        ("updated_on", "_updatedAt", true),
    ];
    for (i, item) in list.iter().enumerate() {
        let Some(record) = item.as_object() else {
            out.errors.push(not_an_object(format!("items/{i}"), i, item));
            continue;
        };
        // cells as (key as given, value, the v2 form's own field type)
        let cells: Vec<(String, &Value, Option<&str>)> = match record.get("fields") {
            Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v, None)).collect(),
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|f| {
                    let m = f.as_object()?;
                    let key = m.get("field_id").and_then(key_text)?;
                    let kind = m.get("type").and_then(Value::as_str);
                    Some((key, m.get("values").unwrap_or(&Value::Null), kind))
                })
                .collect(),
            _ => {
                out.errors.push(row_error(
                    format!("items/{i}/fields"),
                    i,
                    Text::new(
                        "该记录没有可读的 fields，已跳过",
                        "該記錄沒有可讀的 fields，已略過",
                        "the record has no readable fields; left out",
                    ),
                ));
                continue;
            }
        };
        let mut row = PlainRow::new();
        if let Some(id) = record.get("item_id") {
            row.insert("_id".into(), id.clone());
        }
        for (key, v, own_kind) in cells {
            let listed = table.by_id.get(&key).and_then(|&ix| table.fields.get(ix));
            let own = match (listed, own_kind) {
                (None, Some(kind)) => Some(HuobanField {
                    id: key.clone(),
                    name: key.clone(),
                    kind: kind.to_string(),
                    multi: None,
                    options: Vec::new(),
                }),
                _ => None,
            };
            let field = listed.or(own.as_ref());
            if listed.is_none() && table.given && warned.insert(key.clone()) {
                let shown = clip(&key, 60);
                out.warnings.push(JixiaoError::warning(
                    ErrorCode::UnknownKey,
                    clip(&format!("items/{i}/fields/{}", escape_pointer(&key)), MAX_PATH_CHARS),
                    text!(
                        "字段列表里没有字段 “{shown}”：沿用原键名",
                        "欄位列表裡沒有欄位「{shown}」：沿用原鍵名",
                        "the field list has no field \"{shown}\": the key is kept as it is",
                    ),
                ));
            }
            let name = field.map(|f| f.name.clone()).unwrap_or_else(|| key.clone());
            match huoban_cell(v, field) {
                Ok(value) => {
                    row.insert(name, value);
                }
                Err(b) => out.errors.push(cell_error(
                    b,
                    &format!("items/{i}/fields/{}", escape_pointer(&key)),
                    i,
                    &name,
                    v,
                )),
            }
        }
        put_meta(&mut row, record, &meta, Host::Huoban, options.utc_offset_minutes);
        out.rows.push(row);
    }
    finish(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

fn finish(errors: &mut [JixiaoError], warnings: &mut [JixiaoError], locale: Locale) {
    for e in errors.iter_mut().chain(warnings.iter_mut()) {
        e.localize(locale);
    }
}

// ---------------------------------------------------------------- Feishu

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

fn feishu_is_date(t: i64) -> bool {
    matches!(t, FEISHU_DATE | FEISHU_CREATED | FEISHU_MODIFIED)
}

/// Field name (and field id) → type, from a Feishu field list.
fn feishu_types(fields: &Value) -> Result<HashMap<String, (String, i64)>, JixiaoError> {
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

/// Reads one Feishu cell; sets `guessed` when a number was taken for a date by its size.
fn feishu_cell(v: &Value, t: Option<i64>, dates: FeishuDates, offset: i32, guessed: &mut bool) -> Cell {
    match v {
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(v.clone()),
        Value::Number(n) => {
            let as_date = match dates {
                FeishuDates::Yes => true,
                FeishuDates::No => false,
                FeishuDates::Guess => {
                    let hit = epoch_ms_of(n)
                        .is_some_and(|ms| (GUESS_FROM_MS..GUESS_UNTIL_MS).contains(&ms) && ms.rem_euclid(1000) == 0);
                    *guessed |= hit;
                    hit
                }
            };
            if as_date {
                ms_to_local_text(v, epoch_ms_of(n), offset)
            } else {
                Ok(v.clone())
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return Ok(v.clone());
            }
            if items.iter().any(|i| i.get("record_ids").is_some()) {
                return Ok(v.clone());
            }
            if items.iter().all(is_segment) {
                let text: String = items
                    .iter()
                    .filter_map(|i| i.get("text").and_then(Value::as_str))
                    .collect();
                return Ok(Value::String(text));
            }
            if t == Some(FEISHU_USER)
                || t == Some(FEISHU_CREATED_BY)
                || t == Some(FEISHU_MODIFIED_BY)
                || items.iter().all(|i| looks_member(i, Host::Feishu))
            {
                return read_members(v, Host::Feishu);
            }
            if dates == FeishuDates::Yes && items.iter().all(Value::is_number) {
                return items
                    .iter()
                    .map(|i| feishu_cell(i, t, dates, offset, guessed))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array);
            }
            Ok(v.clone())
        }
        Value::Object(m) => {
            if nonfinite(v).is_some() {
                return Err(bad_number(v));
            }
            // a formula or lookup: { type, value: [...] }
            if let (Some(inner), Some(value)) = (m.get("type").and_then(Value::as_i64), m.get("value")) {
                let inner_dates = if feishu_is_date(inner) {
                    FeishuDates::Yes
                } else {
                    FeishuDates::No
                };
                let converted = feishu_cell(value, Some(inner), inner_dates, offset, guessed)?;
                return Ok(match converted {
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
}

/// Reads Feishu Bitable (飞书多维表格) records into plain rows keyed by field name (see
/// the module notes).
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
/// let (options, _) = jixiao::HostOptions::from_value(&json!({ "dates": ["签约日期"] })).unwrap();
/// let out = jixiao::from_feishu(&records, &options).unwrap();
/// let row = &out.rows[0];
/// assert_eq!(row["签约日期"], "2024-03-05");
/// assert_eq!(row["负责人"], json!([{ "id": "ou_1", "name": "张三" }]));
/// assert_eq!(row["备注"], "首单");
/// assert_eq!(row["合同金额"], json!(12000.5));
/// assert!(out.warnings.is_empty());
/// ```
pub fn from_feishu(records: &Value, options: &HostOptions) -> Result<HostRows, JixiaoError> {
    let mut out = HostRows::default();
    let types = match &options.fields {
        Some(f) => Some(feishu_types(f)?),
        None => None,
    };
    let date_names: Option<HashSet<&str>> = options.dates.as_ref().map(|d| d.iter().map(String::as_str).collect());
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
    let mut guessed_fields: HashSet<String> = HashSet::new();
    let meta = [
        ("created_by", "_createdBy", false),
        ("created_time", "_createdAt", true),
        ("last_modified_by", "_updatedBy", false),
        ("last_modified_time", "_updatedAt", true),
    ];
    for (i, record) in list.iter().enumerate() {
        let Some(rec) = record.as_object() else {
            out.errors.push(not_an_object(format!("items/{i}"), i, record));
            continue;
        };
        let Some(Value::Object(fields)) = rec.get("fields") else {
            out.errors.push(row_error(
                format!("items/{i}/fields"),
                i,
                Text::new(
                    "该记录没有可读的 fields，已跳过",
                    "該記錄沒有可讀的 fields，已略過",
                    "the record has no readable fields; left out",
                ),
            ));
            continue;
        };
        let mut row = PlainRow::new();
        if let Some(id) = rec.get("record_id").or_else(|| rec.get("id")) {
            row.insert("_id".into(), id.clone());
        }
        for (name, v) in fields {
            let t = types.as_ref().and_then(|ts| ts.get(name)).map(|(_, t)| *t);
            let dates = if let Some(t) = t {
                if feishu_is_date(t) {
                    FeishuDates::Yes
                } else {
                    FeishuDates::No
                }
            } else if let Some(names) = &date_names {
                if names.contains(name.as_str()) {
                    FeishuDates::Yes
                } else {
                    FeishuDates::No
                }
            } else if types.is_some() {
                FeishuDates::No
            } else {
                FeishuDates::Guess
            };
            let mut guessed = false;
            match feishu_cell(v, t, dates, options.utc_offset_minutes, &mut guessed) {
                Ok(value) => {
                    row.insert(name.clone(), value);
                }
                Err(b) => out.errors.push(cell_error(
                    b,
                    &format!("items/{i}/fields/{}", escape_pointer(name)),
                    i,
                    name,
                    v,
                )),
            }
            if guessed && guessed_fields.insert(name.clone()) {
                let shown = clip(name, 60);
                let mut w = JixiaoError::warning(
                    ErrorCode::GuessedDate,
                    "",
                    text!(
                        "字段 “{shown}” 的数字按大小被当作日期（毫秒时间戳）读取；传入 fields（字段列表）或 dates 可避免猜测",
                        "欄位「{shown}」的數字依大小被當作日期（毫秒時間戳）讀取；傳入 fields（欄位列表）或 dates 可避免猜測",
                        "the numbers of field \"{shown}\" were read as dates (epoch milliseconds) by their size; pass fields (the field list) or dates to avoid guessing",
                    ),
                );
                w.path = clip(&format!("items/{i}/fields/{}", escape_pointer(name)), MAX_PATH_CHARS);
                w.field = Some(clip(name, MAX_PATH_CHARS));
                out.warnings.push(w);
            }
        }
        put_meta(&mut row, rec, &meta, Host::Feishu, options.utc_offset_minutes);
        out.rows.push(row);
    }
    finish(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

// ---------------------------------------------------------------- Jiandaoyun

/// One widget of a Jiandaoyun form.
#[derive(Clone, Debug, Default)]
struct Widget {
    name: String,
    label: String,
    kind: String,
    items: WidgetTable,
}

#[derive(Clone, Debug, Default)]
struct WidgetTable {
    widgets: Vec<Widget>,
    /// widget name → index.
    by_name: HashMap<String, usize>,
    /// label and name → index (write-back columns).
    by_column: HashMap<String, usize>,
    given: bool,
}

impl WidgetTable {
    fn by_name(&self, name: &str) -> Option<&Widget> {
        self.by_name.get(name).and_then(|&i| self.widgets.get(i))
    }
}

fn widget_table(list: &[Value], path: &str, warnings: &mut Vec<JixiaoError>, depth: usize) -> WidgetTable {
    let mut table = WidgetTable {
        given: true,
        ..WidgetTable::default()
    };
    let mut labels: HashSet<String> = HashSet::new();
    for (j, w) in list.iter().enumerate() {
        let m = w.as_object();
        let name = m.and_then(|m| m.get("name")).and_then(Value::as_str);
        let Some(name) = name else {
            warnings.push(JixiaoError::warning(
                ErrorCode::InvalidInput,
                clip(&format!("{path}/{j}"), MAX_PATH_CHARS),
                Text::new(
                    "控件定义缺少 name，已忽略",
                    "控制項定義缺少 name，已忽略",
                    "a widget entry lacks a name; ignored",
                ),
            ));
            continue;
        };
        let label = m
            .and_then(|m| m.get("label"))
            .and_then(Value::as_str)
            .filter(|l| !l.is_empty())
            .unwrap_or(name);
        if !labels.insert(label.to_string()) {
            let shown = clip(label, 60);
            warnings.push(JixiaoError::warning(
                ErrorCode::DuplicateKey,
                clip(&format!("{path}/{j}/label"), MAX_PATH_CHARS),
                text!(
                    "两个控件同名 “{shown}”：行里后者的值覆盖前者",
                    "兩個控制項同名「{shown}」：列裡後者的值覆蓋前者",
                    "two widgets are labelled \"{shown}\": in a row the later one's value wins",
                ),
            ));
        }
        let items = match m.and_then(|m| m.get("items")) {
            // subforms hold one level of widgets; deeper nesting is not a Jiandaoyun form
            Some(Value::Array(sub)) if depth == 0 => widget_table(sub, &format!("{path}/{j}/items"), warnings, 1),
            _ => WidgetTable::default(),
        };
        let index = table.widgets.len();
        table.by_name.insert(name.to_string(), index);
        table.by_column.insert(name.to_string(), index);
        table.by_column.entry(label.to_string()).or_insert(index);
        table.widgets.push(Widget {
            name: name.to_string(),
            label: label.to_string(),
            kind: m
                .and_then(|m| m.get("type"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            items,
        });
    }
    table
}

fn jdy_widgets(widgets: &Value, warnings: &mut Vec<JixiaoError>) -> Result<WidgetTable, JixiaoError> {
    if widgets.is_null() {
        return Ok(WidgetTable::default());
    }
    let list = find_list(widgets, &["widgets"]).ok_or_else(|| {
        input_error(
            "widgets",
            Text::new(
                "简道云控件列表应为数组（或“表单字段查询”接口返回的 { widgets }）",
                "簡道雲控制項列表應為陣列（或「表單欄位查詢」介面回傳的 { widgets }）",
                "the Jiandaoyun widget list must be an array (or the widget-list response { widgets })",
            ),
        )
    })?;
    Ok(widget_table(list, "widgets", warnings, 0))
}

/// Jiandaoyun keys that are record metadata, with their shared names.
const JDY_META: [(&str, &str, bool); 6] = [
    ("creator", "_createdBy", false),
    ("createTime", "_createdAt", true),
    ("updater", "_updatedBy", false),
    ("updateTime", "_updatedAt", true),
    ("deleter", "_deletedBy", false),
    ("deleteTime", "_deletedAt", true),
];

/// Reads one Jiandaoyun cell (not a subform).
fn jdy_cell(v: &Value, widget: Option<&Widget>, offset: i32) -> Cell {
    if v.is_null() {
        return Ok(Value::Null);
    }
    if nonfinite(v).is_some() {
        return Err(bad_number(v));
    }
    let kind = widget.map(|w| w.kind.as_str()).unwrap_or("");
    match kind {
        "datetime" => match v {
            Value::String(s) if s.trim().is_empty() => Ok(Value::Null),
            Value::String(s) => parse_zoned(s)
                .and_then(|ms| LocalTime::from_epoch_ms(ms, offset))
                .or_else(|| parse_local(s))
                .map(|t| Value::String(t.format()))
                .ok_or_else(|| bad_date(v)),
            Value::Number(n) => ms_to_local_text(v, epoch_ms_of(n), offset),
            _ => Err(bad_date(v)),
        },
        "number" => read_number(v),
        // member fields are lists in every host: a single-member widget gives a list of one
        "user" | "usergroup" | "dept" | "deptgroup" => read_members(v, Host::Jiandaoyun),
        "" => Ok(jdy_shape(v, offset)),
        _ => Ok(v.clone()),
    }
}

/// A Jiandaoyun value of unknown widget type, read by its shape.
fn jdy_shape(v: &Value, offset: i32) -> Value {
    match v {
        Value::String(s) if looks_zoned(s) => parse_zoned(s)
            .and_then(|ms| LocalTime::from_epoch_ms(ms, offset))
            .map(|t| Value::String(t.format()))
            .unwrap_or_else(|| v.clone()),
        Value::Object(_) if looks_member(v, Host::Jiandaoyun) => {
            member_of(v, Host::Jiandaoyun).unwrap_or_else(|| v.clone())
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(|i| looks_member(i, Host::Jiandaoyun)) => {
            Value::Array(items.iter().filter_map(|i| member_of(i, Host::Jiandaoyun)).collect())
        }
        _ => v.clone(),
    }
}

/// Reads Jiandaoyun records, collecting errors and warnings.
struct JdyReader {
    offset: i32,
    errors: Vec<JixiaoError>,
    warnings: Vec<JixiaoError>,
    warned: HashSet<String>,
}

impl JdyReader {
    /// Warns once about a `_widget_…` key the widget list lacks.
    fn unknown(&mut self, key: &str, path: &str) {
        if self.warned.insert(key.to_string()) {
            let shown = clip(key, 60);
            self.warnings.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                clip(path, MAX_PATH_CHARS),
                text!(
                    "控件列表里没有 “{shown}”：沿用原键名",
                    "控制項列表裡沒有「{shown}」：沿用原鍵名",
                    "the widget list has no \"{shown}\": the key is kept as it is",
                ),
            ));
        }
    }

    /// Reads one record (or subform row) into a plain row; errors at `path/<key>`.
    fn record(
        &mut self,
        rec: &Map<String, Value>,
        table: &WidgetTable,
        path: &str,
        row_index: usize,
        subform: bool,
    ) -> PlainRow {
        let mut row = PlainRow::new();
        for (key, v) in rec {
            if key == "_id" {
                row.insert("_id".into(), v.clone());
                continue;
            }
            if !subform && (key == "appId" || key == "entryId" || JDY_META.iter().any(|(k, _, _)| k == key)) {
                continue;
            }
            let cell_path = format!("{path}/{}", escape_pointer(key));
            let widget = table.by_name(key);
            if widget.is_none() && table.given && key.starts_with("_widget_") {
                self.unknown(key, &cell_path);
            }
            let name = widget.map(|w| w.label.clone()).unwrap_or_else(|| key.clone());
            let is_subform = match widget {
                Some(w) => w.kind == "subform",
                None => v.as_array().is_some_and(|items| {
                    !items.is_empty()
                        && items
                            .iter()
                            .all(|i| i.is_object() && !looks_member(i, Host::Jiandaoyun))
                }),
            };
            if is_subform && !subform {
                let empty = WidgetTable::default();
                let sub_table = widget.map(|w| &w.items).unwrap_or(&empty);
                match v {
                    Value::Array(items) => {
                        let mut sub_rows = Vec::new();
                        for (j, item) in items.iter().enumerate() {
                            let sub_path = format!("{cell_path}/{j}");
                            match item.as_object() {
                                Some(m) => {
                                    let sub = self.record(m, sub_table, &sub_path, row_index, true);
                                    sub_rows.push(Value::Object(sub.into_iter().collect()));
                                }
                                None => {
                                    let mut e = not_an_object(sub_path, row_index, item);
                                    e.field = Some(clip(&name, MAX_PATH_CHARS));
                                    self.errors.push(e);
                                }
                            }
                        }
                        row.insert(name, Value::Array(sub_rows));
                    }
                    Value::Null => {
                        row.insert(name, Value::Null);
                    }
                    other => self.errors.push(cell_error(
                        bad_type(
                            other,
                            Text::new("子表单行的数组", "子表單列的陣列", "an array of subform rows"),
                        ),
                        &cell_path,
                        row_index,
                        &name,
                        other,
                    )),
                }
                continue;
            }
            match jdy_cell(v, widget, self.offset) {
                Ok(value) => {
                    row.insert(name, value);
                }
                Err(b) => self.errors.push(cell_error(b, &cell_path, row_index, &name, v)),
            }
        }
        if !subform {
            put_meta(&mut row, rec, &JDY_META, Host::Jiandaoyun, self.offset);
        }
        row
    }
}

/// Reads Jiandaoyun (简道云) data into plain rows keyed by widget label (see the module notes).
///
/// `data` is the list, or a response holding it (`{ data: [...] }`, or `{ data: {...} }` for
/// one record); `widgets` is the form's widget list (or the response `{ widgets }`), or
/// `null` to keep the keys (aliases) as they are.
///
/// ```
/// use serde_json::json;
/// let widgets = json!({ "widgets": [
///     { "name": "_widget_1432728651402", "label": "合同金额", "type": "number" },
///     { "name": "_widget_1432728651403", "label": "签约日期", "type": "datetime" },
///     { "name": "owner", "label": "负责人", "type": "user" },
/// ] });
/// let data = json!({ "data": [{ "_id": "65f0a1", "_widget_1432728651402": 12000.5,
///     "_widget_1432728651403": "2024-03-04T16:00:00.000Z",
///     "owner": { "username": "zhangsan", "name": "张三", "status": 1 },
///     "creator": { "username": "lisi", "name": "李四" }, "createTime": "2024-03-05T02:00:00.000Z",
///     "appId": "a", "entryId": "e" }] });
/// let out = jixiao::from_jiandaoyun(&data, &widgets, &Default::default()).unwrap();
/// let row = &out.rows[0];
/// assert_eq!(row["签约日期"], "2024-03-05");
/// assert_eq!(row["负责人"], json!([{ "id": "zhangsan", "name": "张三" }]));
/// assert_eq!(row["_createdAt"], "2024-03-05 10:00:00");
/// assert_eq!(row["_createdBy"], json!({ "id": "lisi", "name": "李四" }));
/// assert!(row.get("appId").is_none());
/// ```
pub fn from_jiandaoyun(data: &Value, widgets: &Value, options: &HostOptions) -> Result<HostRows, JixiaoError> {
    let mut out = HostRows::default();
    let table = jdy_widgets(widgets, &mut out.warnings)?;
    let single;
    let list: &Vec<Value> = match data {
        Value::Object(m) if matches!(m.get("data"), Some(Value::Object(_))) => {
            single = vec![m.get("data").cloned().unwrap_or(Value::Null)];
            &single
        }
        _ => find_list(data, &["data"]).ok_or_else(|| {
            input_error(
                "data",
                Text::new(
                    "简道云数据应为数组（或接口返回的 { data: [...] }）",
                    "簡道雲資料應為陣列（或介面回傳的 { data: [...] }）",
                    "Jiandaoyun data must be an array (or the response { data: [...] })",
                ),
            )
        })?,
    };
    let mut reader = JdyReader {
        offset: options.utc_offset_minutes,
        errors: Vec::new(),
        warnings: Vec::new(),
        warned: HashSet::new(),
    };
    for (i, record) in list.iter().enumerate() {
        let Some(rec) = record.as_object() else {
            reader.errors.push(not_an_object(format!("data/{i}"), i, record));
            continue;
        };
        let row = reader.record(rec, &table, &format!("data/{i}"), i, false);
        out.rows.push(row);
    }
    out.errors = reader.errors;
    out.warnings.extend(reader.warnings);
    finish(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

// ---------------------------------------------------------------- writing

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

/// A written record: its id and its cells.
struct Written {
    id: Value,
    cells: IndexMap<String, Value>,
}

/// The writer shared by the three hosts: checks every column up front (an unknown one is
/// thrown), then converts each row; a row with any error is left out.
fn write_rows<D>(
    rows: &Value,
    options: &HostOptions,
    host: &str,
    resolve: &dyn Fn(&str) -> Option<(String, D)>,
    known: &dyn Fn() -> Vec<String>,
    convert: &dyn Fn(&D, &Value) -> Cell,
) -> Result<(Vec<Written>, Vec<JixiaoError>), JixiaoError> {
    let list = rows_list(rows)?;
    let target_of = |column: &str| -> Option<String> {
        match options.columns.get(column) {
            Some(Some(t)) => Some(t.clone()),
            Some(None) => None,
            None => Some(column.to_string()),
        }
    };
    // pass 1: every column must name a field of the host table
    let mut checked: HashSet<&str> = HashSet::new();
    for (i, row) in list.iter().enumerate() {
        let Some(m) = row.as_object() else { continue };
        for column in m.keys() {
            if skipped_column(column, options) || !checked.insert(column.as_str()) {
                continue;
            }
            let Some(target) = target_of(column) else { continue };
            if resolve(&target).is_none() {
                let shown = clip(column, 60);
                let target_shown = clip(&target, 60);
                let mut names = known();
                names.truncate(12);
                let names = clip(&names.join("、"), 200);
                let mut e = JixiaoError::new(
                    ErrorCode::InvalidInput,
                    "",
                    text!(
                        "回写列 “{shown}” 在{host}表里没有对应字段 “{target_shown}”（已有：{names}）；可用 columns 改名，或设为 null 不回写",
                        "回寫欄「{shown}」在{host}表裡沒有對應欄位「{target_shown}」（已有：{names}）；可用 columns 改名，或設為 null 不回寫",
                        "the column \"{shown}\" has no field \"{target_shown}\" in the {host} table (there are: {names}); rename it with columns, or map it to null to leave it out",
                    ),
                )
                .at_row(i, column, None);
                e.localize(options.locale);
                return Err(e);
            }
        }
    }
    // pass 2: convert
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in list.iter().enumerate() {
        let Some(m) = row.as_object() else {
            errors.push(not_an_object(format!("rows/{i}"), i, row));
            continue;
        };
        let id_column = options.id_column.as_str();
        let raw_id = m.get(id_column).filter(|v| !v.is_null());
        let id = match (raw_id, &options.ids) {
            (Some(v), Some(ids)) => key_text(v).and_then(|k| ids.get(&k)).filter(|v| !v.is_null()).cloned(),
            (Some(v @ (Value::String(_) | Value::Number(_))), None) => Some(v.clone()),
            _ => None,
        }
        .filter(|v| v.as_str() != Some(""));
        let Some(id) = id else {
            let shown = clip(id_column, 60);
            let what = raw_id.map(raw_text).unwrap_or_default();
            let e = JixiaoError::new(
                ErrorCode::InvalidRow,
                "",
                if raw_id.is_some() && options.ids.is_some() {
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
                },
            )
            .at_row(i, id_column, raw_id.map(raw_text).as_deref());
            errors.push(e);
            continue;
        };
        let mut cells = IndexMap::new();
        let mut row_errors = Vec::new();
        for (column, v) in m {
            if skipped_column(column, options) {
                continue;
            }
            let Some(target) = target_of(column) else { continue };
            let Some((key, def)) = resolve(&target) else { continue };
            let converted = if nonfinite(v).is_some() {
                Err(bad_number(v))
            } else {
                convert(&def, v)
            };
            match converted {
                Ok(value) => {
                    cells.insert(key, value);
                }
                Err(b) => {
                    let below = b.below.clone();
                    let mut e = JixiaoError::new(b.code, "", b.text).at_row(i, column, Some(&raw_text(v)));
                    if let Some(below) = below {
                        e.path = clip(&format!("{}/{below}", e.path), MAX_PATH_CHARS);
                    }
                    row_errors.push(e);
                }
            }
        }
        if row_errors.is_empty() {
            written.push(Written { id, cells });
        } else {
            errors.extend(row_errors);
        }
    }
    Ok((written, errors))
}

/// Option ids of a Huoban category write value: names (looked up), `{ id }` objects, ids.
fn huoban_option_ids(v: &Value, field: &HuobanField) -> Cell {
    let one = |x: &Value| -> Cell {
        match x {
            Value::Number(_) => Ok(x.clone()),
            Value::Object(m) if m.contains_key("id") => Ok(m.get("id").cloned().unwrap_or(Value::Null)),
            Value::Object(m) if m.get("name").is_some_and(Value::is_string) => {
                let name = m.get("name").and_then(Value::as_str).unwrap_or_default();
                lookup_option(x, name, field)
            }
            Value::String(name) => lookup_option(x, name, field),
            _ => Err(bad_type(x, Text::new("选项", "選項", "an option"))),
        }
    };
    match v {
        Value::Null => Ok(Value::Null),
        Value::Array(items) => items.iter().map(one).collect::<Result<Vec<_>, _>>().map(Value::Array),
        _ => one(v).map(|id| Value::Array(vec![id])),
    }
}

fn lookup_option(x: &Value, name: &str, field: &HuobanField) -> Cell {
    field
        .options
        .iter()
        .find(|(_, n)| n == name)
        .map(|(id, _)| id.clone())
        .ok_or_else(|| {
            let shown = raw_text(x);
            let field_name = clip(&field.name, 60);
            bad(
                ErrorCode::InvalidInput,
                text!(
                    "“{shown}” 不是字段 “{field_name}” 的选项（字段列表的 config.options 里没有）",
                    "「{shown}」不是欄位「{field_name}」的選項（欄位列表的 config.options 裡沒有）",
                    "\"{shown}\" is not an option of field \"{field_name}\" (not in the field list's config.options)",
                ),
            )
        })
}

/// Shapes rows into Huoban (伙伴云) item updates `{ item_id, fields: { "<field_id>": value } }`
/// (see the module notes). `fields` is the table's field list: columns match a field's
/// name, alias or id; number fields get JSON numbers (a decimal text only when a double
/// holds it exactly), date fields `YYYY-MM-DD[ HH:MM:SS]`, user fields user ids,
/// category fields option ids (names are looked up in `config.options`), relation fields
/// item ids.
///
/// ```
/// use serde_json::json;
/// let fields = json!([{ "field_id": 2201, "name": "绩效得分", "type": "number" },
///                     { "field_id": 2202, "name": "绩效等级", "type": "text" }]);
/// let rows = json!([{ "_id": 2300000000000001u64, "绩效得分": "87.35", "绩效等级": "A" }]);
/// let out = jixiao::to_huoban(&rows, &fields, &Default::default()).unwrap();
/// assert_eq!(serde_json::to_value(&out.items).unwrap(),
///     json!([{ "item_id": 2300000000000001u64, "fields": { "2201": 87.35, "2202": "A" } }]));
/// ```
pub fn to_huoban(rows: &Value, fields: &Value, options: &HostOptions) -> Result<HuobanWrite, JixiaoError> {
    let mut warnings = Vec::new();
    let table = huoban_table(fields, &mut warnings)?;
    if !table.given {
        return Err(input_error(
            "fields",
            Text::new(
                "回写伙伴云需要表格的字段列表",
                "回寫伙伴雲需要表格的欄位列表",
                "writing to Huoban needs the table's field list",
            ),
        ));
    }
    let offset = options.utc_offset_minutes;
    let resolve = |name: &str| {
        table
            .by_key
            .get(name)
            .and_then(|&i| table.fields.get(i))
            .map(|f| (f.id.clone(), f.clone()))
    };
    let known = || table.fields.iter().map(|f| f.name.clone()).collect();
    let convert = |f: &HuobanField, v: &Value| -> Cell {
        match f.kind.as_str() {
            "number" => write_number(v),
            "text" => write_text(v),
            "date" => write_instant(v, offset).map(|ms| match ms.and_then(|ms| LocalTime::from_epoch_ms(ms, offset)) {
                Some(t) => Value::String(t.format()),
                None => Value::Null,
            }),
            "user" => member_ids(v).map(|ids| if v.is_null() { Value::Null } else { Value::Array(ids) }),
            "category" => huoban_option_ids(v, f),
            "relation" => match v {
                Value::Null => Ok(Value::Null),
                _ => {
                    let items = match v {
                        Value::Array(a) => a.clone(),
                        other => vec![other.clone()],
                    };
                    items
                        .iter()
                        .map(|x| match x {
                            Value::Number(_) | Value::String(_) => Ok(x.clone()),
                            Value::Object(m) => m.get("id").or_else(|| m.get("item_id")).cloned().ok_or_else(|| {
                                bad_type(x, Text::new("关联数据 ID", "關聯資料 ID", "a related item id"))
                            }),
                            _ => Err(bad_type(
                                x,
                                Text::new("关联数据 ID", "關聯資料 ID", "a related item id"),
                            )),
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(Value::Array)
                }
            },
            _ => Ok(v.clone()),
        }
    };
    let (written, mut errors) = write_rows(rows, options, "伙伴云", &resolve, &known, &convert)?;
    finish(&mut errors, &mut warnings, options.locale);
    Ok(HuobanWrite {
        items: written
            .into_iter()
            .map(|w| HuobanUpdate {
                item_id: w.id,
                fields: w.cells,
            })
            .collect(),
        errors,
        warnings,
    })
}

/// Shapes rows into the Feishu Bitable (飞书多维表格) `batch_update` body `{ records: [{
/// record_id, fields }] }` (see the module notes). With `options.fields` (the table's
/// field list) every column must be a field, and values follow the field type: numbers
/// (a decimal text only when a double holds it exactly, else `INVALID_NUMBER`), texts,
/// epoch-millisecond dates, `[{ id }]` members, option names; without it values are
/// written as they are.
///
/// ```
/// use serde_json::json;
/// let (options, _) = jixiao::HostOptions::from_value(&json!({ "fields": [
///     { "field_name": "绩效得分", "type": 2 }, { "field_name": "提成", "type": 2 },
///     { "field_name": "绩效等级", "type": 3 }, { "field_name": "排名", "type": 2 }] })).unwrap();
/// let rows = json!([{ "_id": "recA", "绩效得分": "87.35", "绩效等级": "A", "排名": 3, "提成": "12500.00" }]);
/// let out = jixiao::to_feishu(&rows, &options).unwrap();
/// assert_eq!(serde_json::to_value(&out.records).unwrap(), json!([{ "record_id": "recA",
///     "fields": { "绩效得分": 87.35, "绩效等级": "A", "排名": 3, "提成": 12500 } }]));
/// ```
pub fn to_feishu(rows: &Value, options: &HostOptions) -> Result<FeishuWrite, JixiaoError> {
    let types = match &options.fields {
        Some(f) => Some(feishu_types(f)?),
        None => None,
    };
    let offset = options.utc_offset_minutes;
    let resolve = |name: &str| -> Option<(String, Option<i64>)> {
        match &types {
            Some(ts) => ts.get(name).map(|(n, t)| (n.clone(), Some(*t))),
            None => Some((name.to_string(), None)),
        }
    };
    let known = || {
        let mut names: Vec<String> = types
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
    };
    let convert = |t: &Option<i64>, v: &Value| -> Cell {
        match *t {
            Some(FEISHU_NUMBER) => write_number(v),
            Some(FEISHU_TEXT | FEISHU_PHONE | FEISHU_SINGLE) => write_text(v),
            Some(FEISHU_MULTI) => write_texts(v),
            Some(FEISHU_DATE) => write_instant(v, offset).map(|ms| ms.map(Value::from).unwrap_or(Value::Null)),
            Some(FEISHU_CHECKBOX) => match v {
                Value::Null | Value::Bool(_) => Ok(v.clone()),
                _ => Err(bad_type(
                    v,
                    Text::new("是/否（true 或 false）", "是/否（true 或 false）", "true or false"),
                )),
            },
            Some(FEISHU_USER) => member_ids(v).map(|ids| {
                if v.is_null() {
                    Value::Null
                } else {
                    Value::Array(
                        ids.into_iter()
                            .map(|id| {
                                let mut m = Map::new();
                                m.insert("id".into(), id);
                                Value::Object(m)
                            })
                            .collect(),
                    )
                }
            }),
            Some(FEISHU_URL) => match v {
                Value::String(s) => {
                    let mut m = Map::new();
                    m.insert("link".into(), Value::String(s.clone()));
                    m.insert("text".into(), Value::String(s.clone()));
                    Ok(Value::Object(m))
                }
                _ => Ok(v.clone()),
            },
            _ => Ok(v.clone()),
        }
    };
    let (written, mut errors) = write_rows(rows, options, "飞书", &resolve, &known, &convert)?;
    let mut warnings = Vec::new();
    finish(&mut errors, &mut warnings, options.locale);
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

/// A Jiandaoyun write value for a widget (without the `{ value }` wrapper).
fn jdy_write_value(w: &Widget, v: &Value, offset: i32) -> Cell {
    let iso = |ms: i64| -> Value {
        match LocalTime::from_epoch_ms(ms, 0) {
            Some(t) => Value::String(format!(
                "{}T{:02}:{:02}:{:02}.{:03}Z",
                t.date, t.hour, t.minute, t.second, t.milli
            )),
            None => Value::Null,
        }
    };
    let first_id = |v: &Value| -> Cell { member_ids(v).map(|ids| ids.into_iter().next().unwrap_or(Value::Null)) };
    match w.kind.as_str() {
        "number" => write_number(v),
        "text" | "textarea" | "radiogroup" | "combo" | "serial_no" => write_text(v),
        "checkboxgroup" | "combocheck" => write_texts(v),
        "datetime" => write_instant(v, offset).map(|ms| ms.map(iso).unwrap_or(Value::Null)),
        "user" | "dept" => first_id(v),
        "usergroup" | "deptgroup" => member_ids(v).map(|ids| if v.is_null() { Value::Null } else { Value::Array(ids) }),
        "subform" => match v {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => {
                let mut out = Vec::new();
                for (j, item) in items.iter().enumerate() {
                    let Some(m) = item.as_object() else {
                        let mut b = bad_type(
                            item,
                            Text::new("子表单行（对象）", "子表單列（物件）", "a subform row (an object)"),
                        );
                        b.below = Some(j.to_string());
                        return Err(b);
                    };
                    let mut sub = Map::new();
                    for (column, x) in m {
                        if column == "_id" {
                            sub.insert("_id".into(), x.clone());
                            continue;
                        }
                        let Some(sw) = w.items.by_column.get(column).and_then(|&k| w.items.widgets.get(k)) else {
                            let shown = clip(column, 60);
                            let mut b = bad(
                                ErrorCode::InvalidInput,
                                text!(
                                    "子表单里没有字段 “{shown}”",
                                    "子表單裡沒有欄位「{shown}」",
                                    "the subform has no field \"{shown}\"",
                                ),
                            );
                            b.below = Some(format!("{j}/{}", escape_pointer(column)));
                            return Err(b);
                        };
                        let value = jdy_write_value(sw, x, offset).map_err(|mut b| {
                            b.below = Some(format!("{j}/{}", escape_pointer(column)));
                            b
                        })?;
                        let mut wrapped = Map::new();
                        wrapped.insert("value".into(), value);
                        sub.insert(sw.name.clone(), Value::Object(wrapped));
                    }
                    out.push(Value::Object(sub));
                }
                Ok(Value::Array(out))
            }
            _ => Err(bad_type(
                v,
                Text::new("子表单行的数组", "子表單列的陣列", "an array of subform rows"),
            )),
        },
        _ => Ok(v.clone()),
    }
}

/// Shapes rows into Jiandaoyun (简道云) data updates `{ data_id, data: { "_widget_…":
/// { value } } }` (see the module notes). `widgets` is the form's widget list: columns
/// match a widget's label or name (alias); numbers are JSON numbers (a decimal text only
/// when a double holds it exactly), datetimes UTC ISO texts, members usernames, subforms
/// lists of `{ "_widget_…": { value } }` rows.
///
/// ```
/// use serde_json::json;
/// let widgets = json!([{ "name": "_widget_1", "label": "绩效得分", "type": "number" },
///                      { "name": "_widget_2", "label": "考核日期", "type": "datetime" }]);
/// let rows = json!([{ "_id": "65f0a1", "绩效得分": "87.35", "考核日期": "2025-03-31" }]);
/// let out = jixiao::to_jiandaoyun(&rows, &widgets, &Default::default()).unwrap();
/// assert_eq!(serde_json::to_value(&out.items).unwrap(), json!([{ "data_id": "65f0a1", "data": {
///     "_widget_1": { "value": 87.35 }, "_widget_2": { "value": "2025-03-30T16:00:00.000Z" } } }]));
/// ```
pub fn to_jiandaoyun(rows: &Value, widgets: &Value, options: &HostOptions) -> Result<JiandaoyunWrite, JixiaoError> {
    let mut warnings = Vec::new();
    let table = jdy_widgets(widgets, &mut warnings)?;
    if !table.given {
        return Err(input_error(
            "widgets",
            Text::new(
                "回写简道云需要表单的控件列表",
                "回寫簡道雲需要表單的控制項列表",
                "writing to Jiandaoyun needs the form's widget list",
            ),
        ));
    }
    let offset = options.utc_offset_minutes;
    let resolve = |name: &str| {
        table
            .by_column
            .get(name)
            .and_then(|&i| table.widgets.get(i))
            .map(|w| (w.name.clone(), w.clone()))
    };
    let known = || table.widgets.iter().map(|w| w.label.clone()).collect();
    let convert = |w: &Widget, v: &Value| -> Cell {
        let value = jdy_write_value(w, v, offset)?;
        let mut wrapped = Map::new();
        wrapped.insert("value".into(), value);
        Ok(Value::Object(wrapped))
    };
    let (written, mut errors) = write_rows(rows, options, "简道云", &resolve, &known, &convert)?;
    finish(&mut errors, &mut warnings, options.locale);
    Ok(JiandaoyunWrite {
        items: written
            .into_iter()
            .map(|w| JiandaoyunUpdate {
                data_id: w.id,
                data: w.cells,
            })
            .collect(),
        errors,
        warnings,
    })
}

// ---------------------------------------------------------------- JSON entries

/// Parses one JSON argument (`""` is `null`); a bad one is `INVALID_JSON` at its name.
fn parse_arg(json: &str, name: &str) -> Result<Value, JixiaoError> {
    if json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(json).map_err(|e| {
        JixiaoError::new(
            ErrorCode::InvalidJson,
            name,
            text!(
                "{name} 不是有效的 JSON：{e}",
                "{name} 不是有效的 JSON：{e}",
                "{name} is not JSON: {e}"
            ),
        )
    })
}

/// The options of a JSON entry, and the locale of thrown errors.
fn parse_options(json: &str) -> Result<(HostOptions, Vec<JixiaoError>), JixiaoError> {
    let value = parse_arg(json, "options")?;
    let locale = value
        .get("locale")
        .and_then(Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    HostOptions::from_value(&value).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn to_json<T: Serialize>(out: &T) -> Result<String, JixiaoError> {
    serde_json::to_string(out).map_err(|e| {
        JixiaoError::new(
            ErrorCode::Internal,
            "",
            text!(
                "无法编码结果：{e}",
                "無法編碼結果：{e}",
                "the result could not be encoded: {e}"
            ),
        )
    })
}

/// Runs an adapter on JSON arguments: options warnings join the output's, thrown errors
/// speak the options' locale.
fn run_json<T: Serialize>(
    options: &str,
    run: impl FnOnce(&HostOptions) -> Result<T, JixiaoError>,
    warnings_of: impl FnOnce(&mut T) -> &mut Vec<JixiaoError>,
) -> Result<String, JixiaoError> {
    let (options, mut option_warnings) = parse_options(options)?;
    let mut out = run(&options).map_err(|mut e| {
        e.localize(options.locale);
        e
    })?;
    for w in &mut option_warnings {
        w.localize(options.locale);
    }
    let warnings = warnings_of(&mut out);
    option_warnings.append(warnings);
    *warnings = option_warnings;
    to_json(&out)
}

/// [`from_huoban`] on JSON texts (`""` for `null`): returns `{ rows, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::from_huoban_json(r#"[{"item_id":1,"fields":{"7":5}}]"#,
///     r#"[{"field_id":7,"name":"数量","type":"number"}]"#, "").unwrap();
/// assert_eq!(out, r#"{"rows":[{"_id":1,"数量":5}],"errors":[],"warnings":[]}"#);
/// ```
pub fn from_huoban_json(items: &str, fields: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| from_huoban(&parse_arg(items, "items")?, &parse_arg(fields, "fields")?, o),
        |out| &mut out.warnings,
    )
}

/// [`from_feishu`] on JSON texts: returns `{ rows, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::from_feishu_json(r#"{"data":{"items":[{"record_id":"r","fields":{"d":1709568000000}}]}}"#,
///     r#"{"dates":["d"]}"#).unwrap();
/// assert!(out.contains(r#""d":"2024-03-05""#));
/// ```
pub fn from_feishu_json(records: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| from_feishu(&parse_arg(records, "items")?, o),
        |out| &mut out.warnings,
    )
}

/// [`from_jiandaoyun`] on JSON texts (`""` for no widget list): returns `{ rows, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::from_jiandaoyun_json(r#"{"data":[{"_id":"a","amount":5}]}"#, "", "").unwrap();
/// assert!(out.contains(r#""amount":5"#));
/// ```
pub fn from_jiandaoyun_json(data: &str, widgets: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| from_jiandaoyun(&parse_arg(data, "data")?, &parse_arg(widgets, "widgets")?, o),
        |out| &mut out.warnings,
    )
}

/// [`to_huoban`] on JSON texts: returns `{ items, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::to_huoban_json(r#"[{"_id":1,"分":"9.5"}]"#, r#"[{"field_id":7,"name":"分","type":"number"}]"#, "").unwrap();
/// assert!(out.starts_with(r#"{"items":[{"item_id":1,"fields":{"7":9.5}}]"#));
/// ```
pub fn to_huoban_json(rows: &str, fields: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| to_huoban(&parse_arg(rows, "rows")?, &parse_arg(fields, "fields")?, o),
        |out| &mut out.warnings,
    )
}

/// [`to_feishu`] on JSON texts: returns `{ records, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::to_feishu_json(r#"[{"_id":"recA","等级":"A"}]"#, "").unwrap();
/// assert!(out.starts_with(r#"{"records":[{"record_id":"recA","fields":{"等级":"A"}}]"#));
/// ```
pub fn to_feishu_json(rows: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| to_feishu(&parse_arg(rows, "rows")?, o),
        |out| &mut out.warnings,
    )
}

/// [`to_jiandaoyun`] on JSON texts: returns `{ items, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::to_jiandaoyun_json(r#"[{"_id":"a","等级":"A"}]"#,
///     r#"[{"name":"_widget_1","label":"等级","type":"text"}]"#, "").unwrap();
/// assert!(out.starts_with(r#"{"items":[{"data_id":"a","data":{"_widget_1":{"value":"A"}}}]"#));
/// ```
pub fn to_jiandaoyun_json(rows: &str, widgets: &str, options: &str) -> Result<String, JixiaoError> {
    run_json(
        options,
        |o| to_jiandaoyun(&parse_arg(rows, "rows")?, &parse_arg(widgets, "widgets")?, o),
        |out| &mut out.warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        for (s, want) in [
            ("+08:00", Some(480)),
            ("+0800", Some(480)),
            ("+8", Some(480)),
            ("-05:30", Some(-330)),
            ("Z", Some(0)),
            ("UTC", Some(0)),
            ("UTC+8", Some(480)),
            ("+14:00", Some(840)),
            ("+14:30", None),
            ("+15", None),
            ("08:00", None),
            ("+8:60", None),
            ("", None),
            ("+", None),
        ] {
            assert_eq!(parse_offset(s), want, "{s}");
        }
    }

    #[test]
    fn epoch_round_trips() {
        for ms in [0, 1_709_568_000_000, -1, MIN_EPOCH_MS, MAX_EPOCH_MS, 951_782_400_000] {
            for offset in [0, 480, -330, 840, -840] {
                if let Some(t) = LocalTime::from_epoch_ms(ms, offset) {
                    assert_eq!(t.epoch_ms(offset), ms, "{ms} {offset}");
                }
            }
        }
        // 1709568000000 is 2024-03-05 00:00 in China (2024-03-04 16:00 UTC)
        let t = LocalTime::from_epoch_ms(1_709_568_000_000, 480).unwrap();
        assert_eq!(t.format(), "2024-03-05");
        let t = LocalTime::from_epoch_ms(1_709_568_000_000, 0).unwrap();
        assert_eq!(t.format(), "2024-03-04 16:00:00");
        assert_eq!(LocalTime::from_epoch_ms(MIN_EPOCH_MS, -60), None);
        assert_eq!(LocalTime::from_epoch_ms(i64::MAX, 0), None);
        // 2000-02-29 (a leap day in a year divisible by 400)
        assert_eq!(
            LocalTime::from_epoch_ms(951_782_400_000, 0).unwrap().format(),
            "2000-02-29"
        );
    }

    #[test]
    fn zoned_and_local_texts() {
        assert_eq!(parse_zoned("2024-03-05T02:00:00.000Z"), Some(1_709_604_000_000));
        assert_eq!(parse_zoned("2024-03-05T10:00:00+08:00"), Some(1_709_604_000_000));
        assert_eq!(parse_zoned("2024-03-05"), None);
        assert_eq!(parse_zoned("2024-03-05T25:00:00Z"), None);
        assert!(looks_zoned("2024-03-05T02:00:00.000Z"));
        assert!(!looks_zoned("2024-03-05"));
        assert!(!looks_zoned("SO-2024-03-05T1Z"));
        assert_eq!(parse_local("2024/3/5 9:05").unwrap().format(), "2024-03-05 09:05:00");
        assert_eq!(parse_local("2024-03-05 00:00").unwrap().format(), "2024-03-05");
        assert_eq!(
            parse_local("2024-03-05 10:00:00.5").unwrap().format(),
            "2024-03-05 10:00:00.500"
        );
        assert_eq!(parse_local("2024-03-05 10:00:00.5000"), None);
        assert_eq!(parse_local("2024-02-30"), None);
    }

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
