//! The catalog on JSON texts: the indicator library and the templates (the JS
//! `indicators`, `templates`, `template`), each with its `{ locale? }` options.

use super::runner::write;
use crate::catalog::{indicators, template, templates};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use serde::Deserialize;

/// Options of [`indicators_json`] and [`templates_json`].
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ListOptions {
    locale: Option<String>,
}

/// Reads `{ "locale"?: … }` (empty text or `null` is no options).
fn list_options(options_json: &str, what: &str) -> Result<Option<Locale>, JixiaoError> {
    let text = options_json.trim();
    if text.is_empty() || text == "null" {
        return Ok(None);
    }
    let value = serde_json::from_str(text).map_err(|e| {
        JixiaoError::new(
            ErrorCode::InvalidInput,
            "options",
            Text::new(
                format!("{what}的选项不是有效的 JSON：{e}"),
                format!("{what}的選項不是有效的 JSON：{e}"),
                format!("the options of {what} are not valid JSON: {e}"),
            ),
        )
    })?;
    let opts: ListOptions = super::decode_option(value, what)?;
    Ok(opts.locale.as_deref().and_then(Locale::parse))
}

/// The library as JSON text for the JS `indicators(options?)`: `options_json` is
/// `{ "locale"?: "zh-CN" | "zh-TW" | "en" }`.
///
/// ```
/// let out = jixiao::json::indicators_json(r#"{"locale":"zh-TW"}"#).unwrap();
/// assert!(out.contains("回款率") && out.contains("團隊流失率"));
/// ```
pub fn indicators_json(options_json: &str) -> Result<String, JixiaoError> {
    let locale = list_options(options_json, "indicators")?;
    write(&indicators(locale))
}

/// Every template as JSON text, for the JS `templates(options?)`: `options_json` is
/// `{ "locale"?: … }`.
///
/// ```
/// let out = jixiao::json::templates_json(r#"{"locale":"en"}"#).unwrap();
/// assert!(out.contains("Balanced scorecard"));
/// ```
pub fn templates_json(options_json: &str) -> Result<String, JixiaoError> {
    let locale = list_options(options_json, "templates")?;
    write(&templates(locale)?)
}

/// One template as JSON text, for the JS `template(key, options?)`.
///
/// ```
/// let out = jixiao::json::template_json("fmcg", "{}").unwrap();
/// assert!(out.contains("\"key\":\"fmcg\""));
/// assert!(jixiao::json::template_json("x", "{}").is_err());
/// ```
pub fn template_json(key: &str, options_json: &str) -> Result<String, JixiaoError> {
    let locale = list_options(options_json, "template")?;
    write(&template(key, locale)?)
}
