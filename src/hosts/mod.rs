//! Host adapters: records of Huoban (伙伴云), Feishu Bitable (飞书多维表格) and
//! Jiandaoyun (简道云) as plain rows keyed by field name (`from_*`), and result rows
//! shaped back into each host's update body (`to_*`).
//!
//! Each host file holds that host's reader and writer; what the hosts share (cells,
//! members, instants, the errors of a bad cell or record, and the write-back of rows)
//! lives in `cells` and `write_back`. The choices behind the shapes are in DESIGN.md,
//! "Host adapters (伙伴云、飞书多维表格、简道云)".

// the options object every adapter reads (time zone, locale, field list, record ids, renames)
mod options;
// what every host reads alike: record lists, members, numbers, instants, metadata, cell and record errors
mod cells;
// what every host writes alike: columns to fields, rows to records, value shapes
mod write_back;
// Huoban: items keyed by field id, v2 value lists, categories and relations
mod huoban;
// Feishu Bitable: records keyed by name, epoch-millisecond dates (typed or guessed), rich text
mod feishu;
// Jiandaoyun: data keyed by widget, UTC ISO datetimes, subforms
mod jiandaoyun;

pub use feishu::{from_feishu, to_feishu};
pub use huoban::{from_huoban, to_huoban};
pub use jiandaoyun::{from_jiandaoyun, to_jiandaoyun};
pub use options::HostOptions;

use crate::error::JixiaoError;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// One plain row: field name → value.
pub type PlainRow = IndexMap<String, Value>;

/// What the readers return: plain rows, the errors of bad records and cells, and warnings.
///
/// Every row gets the record id as `_id`, and the record's creator, creation time, last
/// editor and edit time (when the host sends them) as `_createdBy`, `_createdAt`,
/// `_updatedBy`, `_updatedAt` (Jiandaoyun's deleter as `_deletedBy`, `_deletedAt`).
/// Dates become `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when the time is not midnight, in
/// the local time of `options.utcOffset` (default `+08:00`); members become `{ id, name }`
/// objects (lists of them for member fields); options become their names (a text, or a
/// list for multi-select fields); rich text becomes its text. Numbers are kept as they
/// come: JSON numbers stay JSON numbers, number texts stay texts.
///
/// A record that is not an object, or has no readable `fields`, is left out with an
/// `INVALID_ROW` error; a cell that cannot be read (a bad date, a text in a number field)
/// is left out of its row with an error (`INVALID_DATE`, `INVALID_NUMBER` …) whose `path`
/// is `items/17/fields/2200000150845867` (Huoban, Feishu) or `data/17/_widget_…`
/// (Jiandaoyun), `row` the record's index; the rest of the row is kept.
///
/// ```
/// let out = jixiao::from_feishu(&serde_json::json!([{ "record_id": "rec1", "fields": { "金额": 1 } }]),
///     &Default::default()).unwrap();
/// assert_eq!(out.rows[0]["_id"], "rec1");
/// assert!(out.errors.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct HostRows {
    /// One plain row per readable record, in input order.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Array<Record<string, JsonValue>>"))]
    pub rows: Vec<PlainRow>,
    /// Bad records (left out) and bad cells (left out of their row).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Guessed dates, unknown keys, duplicate names, ignored options.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

/// One Huoban item update: `{ item_id, fields: { "<field_id>": value } }`.
///
/// ```
/// let u = jixiao::hosts::HuobanUpdate { item_id: 1.into(), fields: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"item_id":1,"fields":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct HuobanUpdate {
    /// The item id, as the row holds it.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub item_id: Value,
    /// Values by field id.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, JsonValue>"))]
    pub fields: IndexMap<String, Value>,
}

/// What [`to_huoban`] returns: the item updates and the rows left out.
///
/// ```
/// let w = jixiao::hosts::HuobanWrite::default();
/// assert!(w.items.is_empty() && w.errors.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct HuobanWrite {
    /// One update per good row.
    pub items: Vec<HuobanUpdate>,
    /// Rows left out (no record id, a bad value), each with its path `rows/N/column`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

/// One Feishu Bitable record update: `{ record_id, fields: { name: value } }`.
///
/// ```
/// let u = jixiao::hosts::FeishuUpdate { record_id: "rec1".into(), fields: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"record_id":"rec1","fields":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct FeishuUpdate {
    /// The record id (`rec…`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub record_id: Value,
    /// Values by field name.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, JsonValue>"))]
    pub fields: IndexMap<String, Value>,
}

/// What [`to_feishu`] returns: `records` is the body of a `batch_update` call (at most 500
/// records per call: split longer lists).
///
/// ```
/// let w = jixiao::hosts::FeishuWrite::default();
/// assert_eq!(serde_json::to_value(&w).unwrap()["records"], serde_json::json!([]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct FeishuWrite {
    /// One update per good row.
    pub records: Vec<FeishuUpdate>,
    /// Rows left out, each with its path `rows/N/column`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

/// One Jiandaoyun data update: `{ data_id, data: { "_widget_…": { value } } }` (add
/// `app_id` and `entry_id` to call `data/update`).
///
/// ```
/// let u = jixiao::hosts::JiandaoyunUpdate { data_id: "65f0".into(), data: Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"data_id":"65f0","data":{}}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct JiandaoyunUpdate {
    /// The data id (`_id`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub data_id: Value,
    /// `{ value }` by widget name.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, { value: JsonValue }>"))]
    pub data: IndexMap<String, Value>,
}

/// What [`to_jiandaoyun`] returns: the data updates and the rows left out.
///
/// ```
/// let w = jixiao::hosts::JiandaoyunWrite::default();
/// assert!(w.items.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct JiandaoyunWrite {
    /// One update per good row.
    pub items: Vec<JiandaoyunUpdate>,
    /// Rows left out, each with its path `rows/N/column`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub errors: Vec<JixiaoError>,
    /// Ignored options.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}
