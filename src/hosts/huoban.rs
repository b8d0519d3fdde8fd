//! Huoban (伙伴云): items carry `fields` keyed by numeric field id (or alias); the table's
//! field list (`[{ field_id, name, type, alias?, config? }]`) gives the names and types.
//! The older v2 shape (`fields: [{ field_id, type, values: [{ value }] }]`) is read too.
//! Dates are local texts (normalized, never shifted); categories are options with ids
//! and names; relations are `{ item_id, title }`. Writing keys `fields` by field id.

use super::cells::{bad, bad_date, bad_number, bad_type, find_list, input_error, key_text, localize_all};
use super::cells::{looks_member, Cell, Host, MetaKey};
use super::cells::{member_of, no_fields, nonfinite, not_an_object, put_meta, raw_text, read_members, read_number};
use super::write_back::{write_instant, write_member_ids, write_number, write_rows, write_text, WriteTarget};
use super::{HostOptions, HostRows, HuobanUpdate, HuobanWrite, PlainRow};
use crate::dates::LocalDateTime;
use crate::error::{clip, escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

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

/// A Huoban table's field list, indexed for reading and writing.
#[derive(Default)]
struct HuobanTable {
    fields: Vec<HuobanField>,
    /// field id, alias and name → index (write-back columns).
    by_key: HashMap<String, usize>,
    /// field id and alias → index (reading keys).
    by_id: HashMap<String, usize>,
    /// Whether a field list was given at all.
    given: bool,
}

impl HuobanTable {
    /// Reads the field list (`null`: none given); bad entries are warnings.
    fn read(fields: &Value, warnings: &mut Vec<JixiaoError>) -> Result<HuobanTable, JixiaoError> {
        let mut table = HuobanTable::default();
        if fields.is_null() {
            return Ok(table);
        }
        let Some(list) = listed_fields(fields) else {
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
            if let Some((field, alias)) = read_field(j, f, &mut names, warnings) {
                table.add(field, alias);
            }
        }
        Ok(table)
    }

    /// Indexes a field by id and alias (reading and writing) and by name (writing; the
    /// first field of a name keeps it).
    fn add(&mut self, field: HuobanField, alias: Option<&str>) {
        let index = self.fields.len();
        self.by_id.insert(field.id.clone(), index);
        self.by_key.insert(field.id.clone(), index);
        if let Some(alias) = alias {
            self.by_id.insert(alias.to_string(), index);
            self.by_key.insert(alias.to_string(), index);
        }
        self.by_key.entry(field.name.clone()).or_insert(index);
        self.fields.push(field);
    }

    /// The field a record's key (field id or alias) names.
    fn by_id(&self, key: &str) -> Option<&HuobanField> {
        self.by_id.get(key).and_then(|&i| self.fields.get(i))
    }

    /// The field a write-back column (id, alias or name) names.
    fn by_key(&self, key: &str) -> Option<&HuobanField> {
        self.by_key.get(key).and_then(|&i| self.fields.get(i))
    }
}

/// The field list in a bare array, `{ fields }`, or `{ table | data: … { fields } }`.
fn listed_fields(fields: &Value) -> Option<&Vec<Value>> {
    match fields {
        Value::Array(a) => Some(a),
        Value::Object(m) => match m.get("fields") {
            Some(Value::Array(a)) => Some(a),
            _ => ["table", "data"].iter().find_map(|k| match m.get(*k) {
                Some(inner @ Value::Object(_)) => nested_fields(inner),
                _ => None,
            }),
        },
        _ => None,
    }
}

/// `{ fields }`, or `{ table: { fields } }` at any depth.
fn nested_fields(v: &Value) -> Option<&Vec<Value>> {
    let m = v.as_object()?;
    if let Some(Value::Array(a)) = m.get("fields") {
        return Some(a);
    }
    match m.get("table") {
        Some(inner) => nested_fields(inner),
        None => None,
    }
}

/// Entry `j` of the field list as a field and its alias; `None` (with a warning) when it
/// is not an object or lacks an id or a name. A repeated name is a warning too.
fn read_field<'f>(
    j: usize,
    f: &'f Value,
    names: &mut HashSet<String>,
    warnings: &mut Vec<JixiaoError>,
) -> Option<(HuobanField, Option<&'f str>)> {
    let ignored = |text: Text| JixiaoError::warning(ErrorCode::InvalidInput, format!("fields/{j}"), text);
    let Some(m) = f.as_object() else {
        warnings.push(ignored(Text::new(
            "字段定义不是对象，已忽略",
            "欄位定義不是物件，已忽略",
            "a field entry is not an object; ignored",
        )));
        return None;
    };
    let id = m.get("field_id").or_else(|| m.get("id")).and_then(key_text);
    let name = m.get("name").and_then(Value::as_str);
    let (Some(id), Some(name)) = (id, name) else {
        warnings.push(ignored(Text::new(
            "字段定义缺少 field_id 或 name，已忽略",
            "欄位定義缺少 field_id 或 name，已忽略",
            "a field entry lacks field_id or name; ignored",
        )));
        return None;
    };
    if !names.insert(name.to_string()) {
        let shown = clip(name, 60);
        warnings.push(JixiaoError::warning(
            ErrorCode::DuplicateKey,
            format!("fields/{j}/name"),
            text!(
                "两个字段同名 “{shown}”：行里后者的值覆盖前者",
                "兩個欄位同名「{shown}」：列裡後者的值覆蓋前者",
                "two fields are named \"{shown}\": in a row the later one's value wins",
            ),
        ));
    }
    let (multi, options) = category_config(m.get("config").and_then(Value::as_object));
    let field = HuobanField {
        id,
        name: name.to_string(),
        kind: m.get("type").and_then(Value::as_str).unwrap_or_default().to_string(),
        multi,
        options,
    };
    let alias = m.get("alias").and_then(Value::as_str).filter(|a| !a.is_empty());
    Some((field, alias))
}

/// A category field's `config`: single or multi select (`type`), and its options.
fn category_config(config: Option<&Map<String, Value>>) -> (Option<bool>, Vec<(Value, String)>) {
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
    (multi, options)
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

/// Reads one Huoban cell by its field's type (by its shape when the type is unknown).
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
            Value::String(s) => LocalDateTime::parse(s)
                .map(|t| Value::String(t.to_text()))
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

/// Huoban item keys that are record metadata, with their shared names.
const HUOBAN_META: [MetaKey; 5] = [
    ("created_by", "_createdBy", false),
    ("created_on", "_createdAt", true),
    ("updated_by", "_updatedBy", false),
    ("update_by", "_updatedBy", false),
    ("updated_on", "_updatedAt", true),
];

/// A record's cells as (key as given, value, the v2 form's own field type); `None` when
/// `fields` is neither an object nor a v2 list.
fn item_cells(record: &Map<String, Value>) -> Option<Vec<(String, &Value, Option<&str>)>> {
    match record.get("fields") {
        Some(Value::Object(m)) => Some(m.iter().map(|(k, v)| (k.clone(), v, None)).collect()),
        Some(Value::Array(list)) => Some(
            list.iter()
                .filter_map(|f| {
                    let m = f.as_object()?;
                    let key = m.get("field_id").and_then(key_text)?;
                    let kind = m.get("type").and_then(Value::as_str);
                    Some((key, m.get("values").unwrap_or(&Value::Null), kind))
                })
                .collect(),
        ),
        _ => None,
    }
}

/// Reads Huoban items into rows, collecting errors and warnings.
struct HuobanReader<'t> {
    table: &'t HuobanTable,
    offset: i32,
    out: HostRows,
    /// Keys already warned about (once per key).
    warned: HashSet<String>,
}

impl HuobanReader<'_> {
    /// Reads item `i` into a row, or leaves it out with an `INVALID_ROW` error.
    fn item(&mut self, i: usize, item: &Value) {
        let Some(record) = item.as_object() else {
            self.out.errors.push(not_an_object(&format!("items/{i}"), i, item));
            return;
        };
        let Some(cells) = item_cells(record) else {
            self.out.errors.push(no_fields(i));
            return;
        };
        let mut row = PlainRow::new();
        if let Some(id) = record.get("item_id") {
            row.insert("_id".into(), id.clone());
        }
        for (key, v, own_kind) in cells {
            self.cell(i, &key, v, own_kind, &mut row);
        }
        put_meta(&mut row, record, &HUOBAN_META, Host::Huoban, self.offset);
        self.out.rows.push(row);
    }

    /// Reads the cell `key` of item `i` into `row` under its field's name, or records
    /// its error; a key the field list lacks keeps its name (warned once).
    fn cell(&mut self, i: usize, key: &str, v: &Value, own_kind: Option<&str>, row: &mut PlainRow) {
        let listed = self.table.by_id(key);
        let own = match (listed, own_kind) {
            (None, Some(kind)) => Some(HuobanField {
                id: key.to_string(),
                name: key.to_string(),
                kind: kind.to_string(),
                multi: None,
                options: Vec::new(),
            }),
            _ => None,
        };
        let field = listed.or(own.as_ref());
        let path = format!("items/{i}/fields/{}", escape_pointer(key));
        if listed.is_none() && self.table.given && self.warned.insert(key.to_string()) {
            let shown = clip(key, 60);
            self.out.warnings.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                path.as_str(),
                text!(
                    "字段列表里没有字段 “{shown}”：沿用原键名",
                    "欄位列表裡沒有欄位「{shown}」：沿用原鍵名",
                    "the field list has no field \"{shown}\": the key is kept as it is",
                ),
            ));
        }
        let name = field.map_or(key, |f| f.name.as_str());
        match huoban_cell(v, field) {
            Ok(value) => {
                row.insert(name.to_string(), value);
            }
            Err(b) => self.out.errors.push(b.into_error(i, name, v, Some(&path))),
        }
    }
}

/// Reads Huoban (伙伴云) items into plain rows keyed by field name (see [`HostRows`] for
/// what every row holds).
///
/// `items` is the list of items, or a response holding it (`{ items }`, `{ data: { items } }`);
/// `fields` is the table's field list (or `{ table: { fields } }`), or `null` to keep the
/// keys as they are. The older v2 shape (`fields: [{ field_id, values: [{ value }] }]`)
/// is read too.
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
    let table = HuobanTable::read(fields, &mut out.warnings)?;
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
    let mut reader = HuobanReader {
        table: &table,
        offset: options.utc_offset_minutes,
        out,
        warned: HashSet::new(),
    };
    for (i, item) in list.iter().enumerate() {
        reader.item(i, item);
    }
    let mut out = reader.out;
    localize_all(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

/// Option ids of a category write value: names (looked up), `{ id }` objects, ids.
fn option_ids(v: &Value, field: &HuobanField) -> Cell {
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

/// The id of the option named `name` (written as `x`) in the field's `config.options`.
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

/// Related item ids of a relation write value: ids, or `{ id }` / `{ item_id }` objects.
fn relation_ids(v: &Value) -> Cell {
    let not_an_id = |x: &Value| bad_type(x, Text::new("关联数据 ID", "關聯資料 ID", "a related item id"));
    let one = |x: &Value| match x {
        Value::Number(_) | Value::String(_) => Ok(x.clone()),
        Value::Object(m) => m
            .get("id")
            .or_else(|| m.get("item_id"))
            .cloned()
            .ok_or_else(|| not_an_id(x)),
        _ => Err(not_an_id(x)),
    };
    match v {
        Value::Null => Ok(Value::Null),
        Value::Array(items) => items.iter().map(one).collect::<Result<Vec<_>, _>>().map(Value::Array),
        other => one(other).map(|id| Value::Array(vec![id])),
    }
}

/// A Huoban table as a write-back target: columns match a field's name, alias or id.
struct HuobanTarget<'t> {
    table: &'t HuobanTable,
    offset: i32,
}

impl<'t> WriteTarget for HuobanTarget<'t> {
    type Field = &'t HuobanField;
    const HOST: &'static str = "伙伴云";

    fn resolve(&self, name: &str) -> Option<(String, &'t HuobanField)> {
        self.table.by_key(name).map(|f| (f.id.clone(), f))
    }

    fn known(&self) -> Vec<String> {
        self.table.fields.iter().map(|f| f.name.clone()).collect()
    }

    fn convert(&self, f: &&'t HuobanField, v: &Value) -> Cell {
        match f.kind.as_str() {
            "number" => write_number(v),
            "text" => write_text(v),
            "date" => write_instant(v, self.offset).map(|ms| {
                match ms.and_then(|ms| LocalDateTime::from_epoch_ms(ms, self.offset)) {
                    Some(t) => Value::String(t.to_text()),
                    None => Value::Null,
                }
            }),
            "user" => write_member_ids(v),
            "category" => option_ids(v, f),
            "relation" => relation_ids(v),
            _ => Ok(v.clone()),
        }
    }
}

/// Shapes rows into Huoban (伙伴云) item updates `{ item_id, fields: { "<field_id>": value } }`.
/// `fields` is the table's field list: columns match a field's name, alias or id; number
/// fields get JSON numbers (a decimal text only when a double holds it exactly), date
/// fields `YYYY-MM-DD[ HH:MM:SS]`, user fields user ids, category fields option ids (names
/// are looked up in `config.options`), relation fields item ids. The record id, renames
/// and left-out rows follow [`HostOptions`] (`idColumn`, `ids`, `columns`).
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
    let table = HuobanTable::read(fields, &mut warnings)?;
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
    let target = HuobanTarget {
        table: &table,
        offset: options.utc_offset_minutes,
    };
    let (written, mut errors) = write_rows(rows, options, &target)?;
    localize_all(&mut errors, &mut warnings, options.locale);
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
