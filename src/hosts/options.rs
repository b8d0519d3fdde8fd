//! The options object every adapter reads: time zone, locale, field list, and how rows
//! find their records when written.

use crate::dates::parse_utc_offset;
use crate::error::{clip, escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::{Locale, Text};
use indexmap::IndexMap;
use serde_json::{Map, Value};

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
/// let (o, warnings) = jixiao::hosts::HostOptions::from_value(&serde_json::json!({ "utcOffset": "-05:30", "x": 1 })).unwrap();
/// assert_eq!(o.utc_offset_minutes, -330);
/// assert_eq!(warnings[0].code.as_str(), "UNKNOWN_KEY");
/// assert!(jixiao::hosts::HostOptions::from_value(&serde_json::json!({ "utcOffset": "+15:00" })).is_err());
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

impl HostOptions {
    /// Reads the options object (`null` gives the defaults); unknown keys are
    /// `UNKNOWN_KEY` warnings, a bad value an `INVALID_SETTING` error.
    ///
    /// ```
    /// let (o, _) = jixiao::hosts::HostOptions::from_value(&serde_json::Value::Null).unwrap();
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
            options.read(key, v, &mut warnings)?;
        }
        Ok((options, warnings))
    }

    /// Reads one key of the options object (each key comes once; `null` keeps the
    /// default, except for `utcOffset`); an unknown key is a warning.
    fn read(&mut self, key: &str, v: &Value, warnings: &mut Vec<JixiaoError>) -> Result<(), JixiaoError> {
        match key {
            "utcOffset" => self.utc_offset_minutes = read_utc_offset(v)?,
            "locale" => self.locale = read_locale(v)?,
            "idColumn" => self.id_column = read_id_column(v)?,
            "ids" => self.ids = read_ids(v)?,
            "columns" => self.columns = read_columns(v)?,
            "fields" => self.fields = (!v.is_null()).then(|| v.clone()),
            "dates" => self.dates = read_dates(v)?,
            _ => warnings.push(unknown_option(key)),
        }
        Ok(())
    }
}

/// An `INVALID_SETTING` error at `options/<key>`.
fn setting_error(key: &str, what: Text) -> JixiaoError {
    JixiaoError::new(ErrorCode::InvalidSetting, format!("options/{key}"), what)
}

/// `utcOffset`: a text such as `+08:00` (see [`parse_utc_offset`]).
fn read_utc_offset(v: &Value) -> Result<i32, JixiaoError> {
    v.as_str().and_then(parse_utc_offset).ok_or_else(|| {
        let shown = clip(&v.to_string(), 40);
        setting_error(
            "utcOffset",
            text!(
                "utcOffset {shown} 无法识别：应为 “+08:00” 这样的时区偏移（−14:00 至 +14:00）",
                "utcOffset {shown} 無法識別：應為「+08:00」這樣的時區偏移（−14:00 至 +14:00）",
                "utcOffset {shown} is not an offset such as \"+08:00\" (−14:00 to +14:00)",
            ),
        )
    })
}

/// `locale`: a tag [`Locale::parse`] reads, or `null` for the default.
fn read_locale(v: &Value) -> Result<Locale, JixiaoError> {
    if v.is_null() {
        return Ok(Locale::default());
    }
    v.as_str()
        .and_then(Locale::parse)
        .ok_or_else(|| JixiaoError::unknown_locale("options/locale", &clip(&v.to_string(), 20)))
}

/// `idColumn`: a non-empty column name, or `null` for `_id`.
fn read_id_column(v: &Value) -> Result<String, JixiaoError> {
    match v {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        Value::Null => Ok(HostOptions::default().id_column),
        _ => Err(setting_error(
            "idColumn",
            Text::new(
                "idColumn 必须是一个非空的列名",
                "idColumn 必須是一個非空的欄名",
                "idColumn must be a non-empty column name",
            ),
        )),
    }
}

/// `ids`: an object `{ key: record id }`, or `null`.
fn read_ids(v: &Value) -> Result<Option<Map<String, Value>>, JixiaoError> {
    match v {
        Value::Object(m) => Ok(Some(m.clone())),
        Value::Null => Ok(None),
        _ => Err(setting_error(
            "ids",
            Text::new(
                "ids 必须是 { 编号: 记录 ID } 形式的对象",
                "ids 必須是 { 編號: 記錄 ID } 形式的物件",
                "ids must be an object { key: record id }",
            ),
        )),
    }
}

/// `columns`: `{ column: host field name or null }`, or `null` for no renames.
fn read_columns(v: &Value) -> Result<IndexMap<String, Option<String>>, JixiaoError> {
    let m = match v {
        Value::Object(m) => m,
        Value::Null => return Ok(IndexMap::new()),
        _ => {
            return Err(setting_error(
                "columns",
                Text::new(
                    "columns 必须是 { 列名: 宿主字段名 } 形式的对象",
                    "columns 必須是 { 欄名: 宿主欄位名 } 形式的物件",
                    "columns must be an object { column: host field name }",
                ),
            ))
        }
    };
    m.iter()
        .map(|(column, target)| Ok((column.clone(), column_target(column, target)?)))
        .collect()
}

/// One `columns` value: the host field a column is written to (`None`: not written).
fn column_target(column: &str, target: &Value) -> Result<Option<String>, JixiaoError> {
    match target {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Null => Ok(None),
        _ => Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            format!("options/columns/{}", escape_pointer(column)),
            Text::new(
                "columns 的取值必须是宿主字段名，或 null（不回写该列）",
                "columns 的取值必須是宿主欄位名，或 null（不回寫該欄）",
                "a columns value must be a host field name, or null (do not write the column)",
            ),
        )),
    }
}

/// `dates`: an array of field names, or `null` (guess).
fn read_dates(v: &Value) -> Result<Option<Vec<String>>, JixiaoError> {
    match v {
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(Some(
            items.iter().filter_map(|s| s.as_str().map(str::to_string)).collect(),
        )),
        Value::Null => Ok(None),
        _ => Err(setting_error(
            "dates",
            Text::new(
                "dates 必须是字段名的数组",
                "dates 必須是欄位名的陣列",
                "dates must be an array of field names",
            ),
        )),
    }
}

/// The warning for a key no adapter reads.
fn unknown_option(key: &str) -> JixiaoError {
    let shown = clip(key, 60);
    JixiaoError::warning(
        ErrorCode::UnknownKey,
        format!("options/{}", escape_pointer(key)),
        text!(
            "未知的选项 “{shown}”，已忽略",
            "未知的選項「{shown}」，已忽略",
            "unknown option \"{shown}\", ignored",
        ),
    )
}
