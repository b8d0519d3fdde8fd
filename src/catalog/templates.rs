//! The scheme templates (方案模板): one ready scheme per common performance model, each
//! with realistic sample data, names and descriptions in zh-CN, zh-TW and en.
//!
//! Each template is a JSON file under `templates/`, embedded at build time. In the file,
//! every display `name` and `description` (of the scheme, categories, indicators,
//! adjustments, vetoes, grade bands, incentive plans) is an object
//! `{ "zh-CN": …, "zh-TW": …, "en": … }`; [`templates`] and [`template`] resolve them to
//! the requested locale and set the scheme's `locale`. Column names in the data stay
//! Chinese: they are the user's table, not display text.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The template files, in the order they are listed.
const SOURCES: &[(&str, &str)] = &[
    (
        "general_sales_rep",
        include_str!("../../templates/general_sales_rep.json"),
    ),
    (
        "three_dimension_2024",
        include_str!("../../templates/three_dimension_2024.json"),
    ),
    ("key_account", include_str!("../../templates/key_account.json")),
    ("fmcg", include_str!("../../templates/fmcg.json")),
    ("new_market", include_str!("../../templates/new_market.json")),
    ("sales_manager", include_str!("../../templates/sales_manager.json")),
    (
        "balanced_scorecard",
        include_str!("../../templates/balanced_scorecard.json"),
    ),
    ("kpi_okr", include_str!("../../templates/kpi_okr.json")),
];

/// The rows of a template's sample data that are edge cases on purpose.
///
/// ```
/// let t = jixiao::template("three_dimension_2024", None).unwrap();
/// assert!(!t.cases.vetoed.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(default, deny_unknown_fields)]
pub struct SampleCases {
    /// Ids of people the sample makes vetoed (一票否决).
    pub vetoed: Vec<String>,
    /// Ids of rows that fail on purpose (a bad cell): `ok: false` with errors.
    pub failed: Vec<String>,
    /// Ids of rows with a blank cell that an indicator's `missing` policy handles.
    pub missing: Vec<String>,
    /// Ids of over-achievers (above target, up to a cap).
    pub over: Vec<String>,
}

/// A scheme template: the scheme and its sample data, names in one locale.
///
/// ```
/// let t = jixiao::template("general_sales_rep", Some(jixiao::Locale::En)).unwrap();
/// assert_eq!(t.scheme["locale"], "en");
/// let engine = jixiao::Engine::from_value(&t.scheme).unwrap();
/// let out = engine.evaluate_value(&t.sample, &jixiao::EvaluateOptions::default()).unwrap();
/// assert!(out["results"].as_array().unwrap().len() >= 6);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct Template {
    /// The template's key (`general_sales_rep`, `three_dimension_2024`, …).
    pub key: String,
    /// Its name in the requested locale.
    pub name: String,
    /// Its name in all three locales.
    pub names: Text,
    /// What the model is for, in the requested locale.
    pub description: String,
    /// The description in all three locales.
    pub descriptions: Text,
    /// The scheme, display names in the requested locale: pass it to `new Engine(scheme)`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SchemeWithLibrary"))]
    pub scheme: Value,
    /// Sample input for `evaluate`: `{ people: [...], period? }`.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            type = "{ people: Array<Record<string, JsonValue>>; period?: string; tables?: Record<string, Array<Record<string, JsonValue>>> }"
        )
    )]
    pub sample: Value,
    /// The sample rows that are edge cases on purpose.
    pub cases: SampleCases,
}

/// A template file as stored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    key: String,
    name: Text,
    description: Text,
    #[serde(default)]
    cases: SampleCases,
    scheme: Value,
    sample: Value,
}

/// Whether `v` is a three-locale text object.
fn as_text(v: &Value) -> Option<Text> {
    let o = v.as_object()?;
    if o.len() != 3 {
        return None;
    }
    let get = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    Some(Text::new(get("zh-CN")?, get("zh-TW")?, get("en")?))
}

/// Replaces every `name` / `description` that is a three-locale object by its text in `locale`.
fn localize(v: &mut Value, locale: Locale) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                if k == "name" || k == "description" {
                    if let Some(t) = as_text(child) {
                        *child = Value::String(t.get(locale).to_string());
                        continue;
                    }
                }
                localize(child, locale);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|c| localize(c, locale)),
        _ => {}
    }
}

fn load(key: &str, text: &str, locale: Locale) -> Result<Template, JixiaoError> {
    let src: Source = serde_json::from_str(text).map_err(|e| JixiaoError::internal(format!("template {key}: {e}")))?;
    let mut scheme = src.scheme;
    localize(&mut scheme, locale);
    if let Some(o) = scheme.as_object_mut() {
        o.insert("locale".into(), Value::String(locale.tag().into()));
    }
    Ok(Template {
        key: src.key,
        name: src.name.get(locale).to_string(),
        names: src.name,
        description: src.description.get(locale).to_string(),
        descriptions: src.description,
        scheme,
        sample: src.sample,
        cases: src.cases,
    })
}

/// Every scheme template, names in `locale` (default zh-CN).
///
/// ```
/// let all = jixiao::templates(None).unwrap();
/// let keys: Vec<_> = all.iter().map(|t| t.key.as_str()).collect();
/// assert_eq!(keys[0], "general_sales_rep");
/// assert!(keys.contains(&"kpi_okr"));
/// ```
pub fn templates(locale: Option<Locale>) -> Result<Vec<Template>, JixiaoError> {
    let locale = locale.unwrap_or_default();
    SOURCES.iter().map(|(k, text)| load(k, text, locale)).collect()
}

/// The template with `key`, names in `locale` (default zh-CN); `UNKNOWN_KEY` when there is none.
///
/// ```
/// let t = jixiao::template("balanced_scorecard", Some(jixiao::Locale::ZhTw)).unwrap();
/// assert_eq!(t.name, "平衡計分卡");
/// assert_eq!(jixiao::template("nope", None).unwrap_err().code.as_str(), "UNKNOWN_KEY");
/// ```
pub fn template(key: &str, locale: Option<Locale>) -> Result<Template, JixiaoError> {
    match SOURCES.iter().find(|(k, _)| *k == key) {
        Some((k, text)) => load(k, text, locale.unwrap_or_default()),
        None => {
            let shown: String = key.chars().take(60).collect();
            let keys = SOURCES.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
            Err(JixiaoError::new(
                ErrorCode::UnknownKey,
                "",
                Text::new(
                    format!("没有名为 “{shown}” 的方案模板（可用：{keys}）"),
                    format!("沒有名為「{shown}」的方案範本（可用：{keys}）"),
                    format!("there is no scheme template \"{shown}\" (there are: {keys})"),
                ),
            ))
        }
    }
}
