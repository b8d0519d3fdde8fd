//! Jiandaoyun (简道云): data carry `_widget_…` keys (or aliases); the form's widget list
//! (`[{ name, label, type, items? }]`) renames them to their labels. Datetimes are UTC
//! ISO texts, members `{ username, name }` (departments `{ dept_no, name }`), subforms
//! lists of rows with their own widgets. Writing keys `data` by widget name, each value
//! wrapped as `{ value }`.

use super::cells::{bad, bad_date, bad_number, bad_type, find_list, input_error, instant_text, local_text};
use super::cells::{epoch_ms_of, localize_all, looks_member, member_of, nonfinite, not_an_object, put_meta};
use super::cells::{read_members, read_number, Bad, Cell, Host, MetaKey};
use super::write_back::{member_ids, write_instant, write_member_ids, write_number, write_rows, write_text};
use super::write_back::{write_texts, WriteTarget};
use super::{HostOptions, HostRows, JiandaoyunUpdate, JiandaoyunWrite, PlainRow};
use crate::dates::{parse_zoned_ms, LocalDateTime};
use crate::error::{clip, escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// One widget of a Jiandaoyun form.
#[derive(Clone, Debug, Default)]
struct Widget {
    name: String,
    label: String,
    kind: String,
    /// A subform's own widgets.
    items: WidgetTable,
}

/// A form's widget list, indexed for reading and writing.
#[derive(Clone, Debug, Default)]
struct WidgetTable {
    widgets: Vec<Widget>,
    /// widget name → index.
    by_name: HashMap<String, usize>,
    /// label and name → index (write-back columns).
    by_column: HashMap<String, usize>,
    /// Whether a widget list was given at all.
    given: bool,
}

impl WidgetTable {
    /// Reads the widget list (`null`: none given), or the response `{ widgets }`.
    fn from_value(widgets: &Value, warnings: &mut Vec<JixiaoError>) -> Result<WidgetTable, JixiaoError> {
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
        Ok(WidgetTable::read(list, "widgets", warnings, 0))
    }

    /// Reads the widgets of `list` (at `path`; `depth` 1 inside a subform); bad entries
    /// are warnings.
    fn read(list: &[Value], path: &str, warnings: &mut Vec<JixiaoError>, depth: usize) -> WidgetTable {
        let mut table = WidgetTable {
            given: true,
            ..WidgetTable::default()
        };
        let mut labels: HashSet<String> = HashSet::new();
        for (j, w) in list.iter().enumerate() {
            if let Some(widget) = read_widget(&format!("{path}/{j}"), w, &mut labels, warnings, depth) {
                table.add(widget);
            }
        }
        table
    }

    /// Indexes a widget by name, and by label for write-back columns (the first widget
    /// of a label keeps it).
    fn add(&mut self, widget: Widget) {
        let index = self.widgets.len();
        self.by_name.insert(widget.name.clone(), index);
        self.by_column.insert(widget.name.clone(), index);
        self.by_column.entry(widget.label.clone()).or_insert(index);
        self.widgets.push(widget);
    }

    /// The widget a data key names.
    fn by_name(&self, name: &str) -> Option<&Widget> {
        self.by_name.get(name).and_then(|&i| self.widgets.get(i))
    }

    /// The widget a write-back column (label or name) names.
    fn by_column(&self, column: &str) -> Option<&Widget> {
        self.by_column.get(column).and_then(|&i| self.widgets.get(i))
    }
}

/// The widget entry at `path`; `None` (with a warning) when it lacks a name. A repeated
/// label is a warning too.
fn read_widget(
    path: &str,
    w: &Value,
    labels: &mut HashSet<String>,
    warnings: &mut Vec<JixiaoError>,
    depth: usize,
) -> Option<Widget> {
    let m = w.as_object();
    let Some(name) = m.and_then(|m| m.get("name")).and_then(Value::as_str) else {
        warnings.push(JixiaoError::warning(
            ErrorCode::InvalidInput,
            path,
            Text::new(
                "控件定义缺少 name，已忽略",
                "控制項定義缺少 name，已忽略",
                "a widget entry lacks a name; ignored",
            ),
        ));
        return None;
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
            format!("{path}/label"),
            text!(
                "两个控件同名 “{shown}”：行里后者的值覆盖前者",
                "兩個控制項同名「{shown}」：列裡後者的值覆蓋前者",
                "two widgets are labelled \"{shown}\": in a row the later one's value wins",
            ),
        ));
    }
    let items = match m.and_then(|m| m.get("items")) {
        // subforms hold one level of widgets; deeper nesting is not a Jiandaoyun form
        Some(Value::Array(sub)) if depth == 0 => WidgetTable::read(sub, &format!("{path}/items"), warnings, 1),
        _ => WidgetTable::default(),
    };
    Some(Widget {
        name: name.to_string(),
        label: label.to_string(),
        kind: m
            .and_then(|m| m.get("type"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        items,
    })
}

/// Jiandaoyun keys that are record metadata, with their shared names.
const JDY_META: [MetaKey; 6] = [
    ("creator", "_createdBy", false),
    ("createTime", "_createdAt", true),
    ("updater", "_updatedBy", false),
    ("updateTime", "_updatedAt", true),
    ("deleter", "_deletedBy", false),
    ("deleteTime", "_deletedAt", true),
];

/// Reads one Jiandaoyun cell (not a subform) by its widget's type (by its shape when
/// the widget is unknown).
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
            Value::String(s) => local_text(s, offset).map(Value::String).ok_or_else(|| bad_date(v)),
            Value::Number(n) => instant_text(v, epoch_ms_of(n), offset),
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
        Value::String(s) if looks_zoned(s) => parse_zoned_ms(s)
            .and_then(|ms| LocalDateTime::from_epoch_ms(ms, offset))
            .map(|t| Value::String(t.to_text()))
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

/// Whether `s` looks like an ISO date-time with a zone (`2024-03-05T02:00:00.000Z`): a
/// datetime when the widget list does not say.
fn looks_zoned(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 17
        && b.get(4) == Some(&b'-')
        && b.get(10) == Some(&b'T')
        && b.iter().take(4).all(u8::is_ascii_digit)
        && (s.ends_with(['Z', 'z']) || s.get(11..).is_some_and(|c| c.contains(['+', '-'])))
}

/// Whether a cell is a subform: by its widget's type, or, with no widget, by being a
/// non-empty list of objects that are not members.
fn is_subform(v: &Value, widget: Option<&Widget>) -> bool {
    match widget {
        Some(w) => w.kind == "subform",
        None => v.as_array().is_some_and(|items| {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.is_object() && !looks_member(i, Host::Jiandaoyun))
        }),
    }
}

/// Reads Jiandaoyun records, collecting errors and warnings.
struct JdyReader {
    offset: i32,
    errors: Vec<JixiaoError>,
    warnings: Vec<JixiaoError>,
    /// Keys already warned about (once per key).
    warned: HashSet<String>,
}

/// Where a record (or subform row) being read sits.
#[derive(Clone, Copy)]
struct At<'p> {
    /// The path of the record (`data/17`, `data/17/_widget_3/0`).
    path: &'p str,
    /// The record's index in the input.
    row: usize,
    /// Whether this is a subform row (no metadata, no nested subforms).
    subform: bool,
}

impl JdyReader {
    /// Warns once about a `_widget_…` key the widget list lacks.
    fn unknown(&mut self, key: &str, path: &str) {
        if self.warned.insert(key.to_string()) {
            let shown = clip(key, 60);
            self.warnings.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                path,
                text!(
                    "控件列表里没有 “{shown}”：沿用原键名",
                    "控制項列表裡沒有「{shown}」：沿用原鍵名",
                    "the widget list has no \"{shown}\": the key is kept as it is",
                ),
            ));
        }
    }

    /// Reads one record (or subform row) into a plain row; errors at `at.path/<key>`.
    fn record(&mut self, rec: &Map<String, Value>, table: &WidgetTable, at: At<'_>) -> PlainRow {
        let mut row = PlainRow::new();
        for (key, v) in rec {
            if key == "_id" {
                row.insert("_id".into(), v.clone());
                continue;
            }
            if !at.subform && (key == "appId" || key == "entryId" || JDY_META.iter().any(|(k, _, _)| k == key)) {
                continue;
            }
            let cell_path = format!("{}/{}", at.path, escape_pointer(key));
            let widget = table.by_name(key);
            if widget.is_none() && table.given && key.starts_with("_widget_") {
                self.unknown(key, &cell_path);
            }
            let name = widget.map_or(key.as_str(), |w| w.label.as_str());
            if is_subform(v, widget) && !at.subform {
                let cell = At { path: &cell_path, ..at };
                if let Some(value) = self.subform(v, widget, name, cell) {
                    row.insert(name.to_string(), value);
                }
                continue;
            }
            match jdy_cell(v, widget, self.offset) {
                Ok(value) => {
                    row.insert(name.to_string(), value);
                }
                Err(b) => self.errors.push(b.into_error(at.row, name, v, Some(&cell_path))),
            }
        }
        if !at.subform {
            put_meta(&mut row, rec, &JDY_META, Host::Jiandaoyun, self.offset);
        }
        row
    }

    /// A subform cell (field `name`, at `at.path`) as a list of plain rows; rows that are
    /// not objects are left out with an error, and a value that is not a list is one.
    fn subform(&mut self, v: &Value, widget: Option<&Widget>, name: &str, at: At<'_>) -> Option<Value> {
        let empty = WidgetTable::default();
        let sub_table = widget.map_or(&empty, |w| &w.items);
        match v {
            Value::Array(items) => {
                let mut sub_rows = Vec::new();
                for (j, item) in items.iter().enumerate() {
                    let sub_path = format!("{}/{j}", at.path);
                    match item.as_object() {
                        Some(m) => {
                            let sub_at = At {
                                path: &sub_path,
                                subform: true,
                                ..at
                            };
                            let sub = self.record(m, sub_table, sub_at);
                            sub_rows.push(Value::Object(sub.into_iter().collect()));
                        }
                        None => self.errors.push(not_an_object(&sub_path, at.row, item).on_field(name)),
                    }
                }
                Some(Value::Array(sub_rows))
            }
            Value::Null => Some(Value::Null),
            other => {
                let b = bad_type(
                    other,
                    Text::new("子表单行的数组", "子表單列的陣列", "an array of subform rows"),
                );
                self.errors.push(b.into_error(at.row, name, other, Some(at.path)));
                None
            }
        }
    }
}

/// The records in `data`: a list, a response holding one (`{ data: [...] }`), or the
/// response for one record (`{ data: {...} }`).
fn data_records(data: &Value) -> Result<Vec<&Value>, JixiaoError> {
    if let Some(one @ Value::Object(_)) = data.as_object().and_then(|m| m.get("data")) {
        return Ok(vec![one]);
    }
    let list = find_list(data, &["data"]).ok_or_else(|| {
        input_error(
            "data",
            Text::new(
                "简道云数据应为数组（或接口返回的 { data: [...] }）",
                "簡道雲資料應為陣列（或介面回傳的 { data: [...] }）",
                "Jiandaoyun data must be an array (or the response { data: [...] })",
            ),
        )
    })?;
    Ok(list.iter().collect())
}

/// Reads Jiandaoyun (简道云) data into plain rows keyed by widget label (see [`HostRows`]
/// for what every row holds).
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
    let table = WidgetTable::from_value(widgets, &mut out.warnings)?;
    let list = data_records(data)?;
    let mut reader = JdyReader {
        offset: options.utc_offset_minutes,
        errors: Vec::new(),
        warnings: Vec::new(),
        warned: HashSet::new(),
    };
    for (i, record) in list.into_iter().enumerate() {
        let path = format!("data/{i}");
        let Some(rec) = record.as_object() else {
            reader.errors.push(not_an_object(&path, i, record));
            continue;
        };
        let at = At {
            path: &path,
            row: i,
            subform: false,
        };
        let row = reader.record(rec, &table, at);
        out.rows.push(row);
    }
    out.errors = reader.errors;
    out.warnings.extend(reader.warnings);
    localize_all(&mut out.errors, &mut out.warnings, options.locale);
    Ok(out)
}

/// A Jiandaoyun write value for a widget (without the `{ value }` wrapper).
fn jdy_write_value(w: &Widget, v: &Value, offset: i32) -> Cell {
    match w.kind.as_str() {
        "number" => write_number(v),
        "text" | "textarea" | "radiogroup" | "combo" | "serial_no" => write_text(v),
        "checkboxgroup" | "combocheck" => write_texts(v),
        "datetime" => write_instant(v, offset).map(|ms| ms.map(iso_utc).unwrap_or(Value::Null)),
        "user" | "dept" => member_ids(v).map(|ids| ids.into_iter().next().unwrap_or(Value::Null)),
        "usergroup" | "deptgroup" => write_member_ids(v),
        "subform" => match v {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(j, item)| subform_row(w, j, item, offset))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            _ => Err(bad_type(
                v,
                Text::new("子表单行的数组", "子表單列的陣列", "an array of subform rows"),
            )),
        },
        _ => Ok(v.clone()),
    }
}

/// The UTC ISO text Jiandaoyun stores for the instant `ms` (`null` when out of range).
fn iso_utc(ms: i64) -> Value {
    match LocalDateTime::from_epoch_ms(ms, 0) {
        Some(t) => Value::String(t.to_iso_utc()),
        None => Value::Null,
    }
}

/// Row `j` of a subform write value: `{ "_widget_…": { value } }` by the subform's own
/// widgets; a problem's path continues below the cell (`j/column`).
fn subform_row(w: &Widget, j: usize, item: &Value, offset: i32) -> Cell {
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
        let below = |mut b: Bad| {
            b.below = Some(format!("{j}/{}", escape_pointer(column)));
            b
        };
        let Some(sw) = w.items.by_column(column) else {
            let shown = clip(column, 60);
            return Err(below(bad(
                ErrorCode::InvalidInput,
                text!(
                    "子表单里没有字段 “{shown}”",
                    "子表單裡沒有欄位「{shown}」",
                    "the subform has no field \"{shown}\"",
                ),
            )));
        };
        let value = jdy_write_value(sw, x, offset).map_err(below)?;
        sub.insert(sw.name.clone(), wrapped(value));
    }
    Ok(Value::Object(sub))
}

/// `{ value }`: how Jiandaoyun takes every written value.
fn wrapped(value: Value) -> Value {
    let mut m = Map::new();
    m.insert("value".into(), value);
    Value::Object(m)
}

/// A Jiandaoyun form as a write-back target: columns match a widget's label or name.
struct JdyTarget<'t> {
    table: &'t WidgetTable,
    offset: i32,
}

impl<'t> WriteTarget for JdyTarget<'t> {
    type Field = &'t Widget;
    const HOST: &'static str = "简道云";

    fn resolve(&self, name: &str) -> Option<(String, &'t Widget)> {
        self.table.by_column(name).map(|w| (w.name.clone(), w))
    }

    fn known(&self) -> Vec<String> {
        self.table.widgets.iter().map(|w| w.label.clone()).collect()
    }

    fn convert(&self, w: &&'t Widget, v: &Value) -> Cell {
        jdy_write_value(w, v, self.offset).map(wrapped)
    }
}

/// Shapes rows into Jiandaoyun (简道云) data updates `{ data_id, data: { "_widget_…":
/// { value } } }`. `widgets` is the form's widget list: columns match a widget's label or
/// name (alias); numbers are JSON numbers (a decimal text only when a double holds it
/// exactly), datetimes UTC ISO texts, members usernames, subforms lists of
/// `{ "_widget_…": { value } }` rows. The record id, renames and left-out rows follow
/// [`HostOptions`] (`idColumn`, `ids`, `columns`).
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
    let table = WidgetTable::from_value(widgets, &mut warnings)?;
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
    let target = JdyTarget {
        table: &table,
        offset: options.utc_offset_minutes,
    };
    let (written, mut errors) = write_rows(rows, options, &target)?;
    localize_all(&mut errors, &mut warnings, options.locale);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoned_texts_by_shape() {
        assert!(looks_zoned("2024-03-05T02:00:00.000Z"));
        assert!(looks_zoned("2024-03-05T10:00:00+08:00"));
        assert!(!looks_zoned("2024-03-05"));
        assert!(!looks_zoned("SO-2024-03-05T1Z"));
    }
}
