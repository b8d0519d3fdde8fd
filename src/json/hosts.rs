//! The host adapters on JSON texts: each argument one JSON text (`""` for `null`), the
//! options' warnings joined to the output's, thrown errors in the options' locale.

use super::runner::{in_locale, locale_of, write};
use crate::error::JixiaoError;
use crate::hosts::{from_feishu, from_huoban, from_jiandaoyun, to_feishu, to_huoban, to_jiandaoyun, HostOptions};
use serde::Serialize;
use serde_json::Value;

/// Parses one JSON argument (`""` is `null`); a bad one is `INVALID_JSON` at its name.
fn parse_arg(json: &str, name: &str) -> Result<Value, JixiaoError> {
    if json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(json).map_err(|e| JixiaoError::argument_not_json(name, e))
}

/// The options of a JSON entry, and the locale of thrown errors.
fn parse_options(json: &str) -> Result<(HostOptions, Vec<JixiaoError>), JixiaoError> {
    let value = parse_arg(json, "options")?;
    HostOptions::from_value(&value).map_err(|e| in_locale(e, locale_of(&value)))
}

/// Runs an adapter on JSON arguments: options warnings join the output's, thrown errors
/// speak the options' locale.
fn run_json<T: Serialize>(
    options: &str,
    run: impl FnOnce(&HostOptions) -> Result<T, JixiaoError>,
    warnings_of: impl FnOnce(&mut T) -> &mut Vec<JixiaoError>,
) -> Result<String, JixiaoError> {
    let (options, mut option_warnings) = parse_options(options)?;
    let mut out = run(&options).map_err(|e| in_locale(e, options.locale))?;
    for w in &mut option_warnings {
        w.localize(options.locale);
    }
    let warnings = warnings_of(&mut out);
    option_warnings.append(warnings);
    *warnings = option_warnings;
    write(&out)
}

/// [`from_huoban`] on JSON texts (`""` for `null`): returns `{ rows, errors, warnings }` as JSON.
///
/// ```
/// let out = jixiao::json::from_huoban_json(r#"[{"item_id":1,"fields":{"7":5}}]"#,
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
/// let out = jixiao::json::from_feishu_json(r#"{"data":{"items":[{"record_id":"r","fields":{"d":1709568000000}}]}}"#,
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
/// let out = jixiao::json::from_jiandaoyun_json(r#"{"data":[{"_id":"a","amount":5}]}"#, "", "").unwrap();
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
/// let out = jixiao::json::to_huoban_json(r#"[{"_id":1,"分":"9.5"}]"#, r#"[{"field_id":7,"name":"分","type":"number"}]"#, "").unwrap();
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
/// let out = jixiao::json::to_feishu_json(r#"[{"_id":"recA","等级":"A"}]"#, "").unwrap();
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
/// let out = jixiao::json::to_jiandaoyun_json(r#"[{"_id":"a","等级":"A"}]"#,
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
