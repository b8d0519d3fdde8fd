//! The one way a string entry point reads its input and writes its result: the text as a
//! JSON object, the keys it cannot do without, the input decoded with serde (a wrong
//! shape is `INVALID_INPUT` at its JSON pointer), the `locale` setting checked, errors in
//! the input's locale, the result written as JSON (DESIGN.md, "The string entry layer").

use crate::engine::{with_numbers, Decimals};
use crate::error::{pointer_of, ErrorCode, JixiaoError};
use crate::i18n::{text, Locale, Text};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A key an input cannot do without: absent or `null`, it is `code` at `/key`.
pub(crate) struct Required {
    /// The top-level key.
    pub key: &'static str,
    /// `MISSING_VALUE` for a figure, `MISSING_SETTING` for a plan or a setting.
    pub code: ErrorCode,
    /// What is missing, in words.
    pub what: Text,
}

/// Runs a one-object entry point: reads `json` as an object, checks `required`, decodes
/// it as `I`, reads its `locale` setting, runs `run` and writes its result. Every error
/// speaks the input's locale (zh-CN when it is missing or unknown).
pub(crate) fn run_object<I: DeserializeOwned, O: Serialize>(
    json: &str,
    required: &[Required],
    run: impl FnOnce(I, Locale) -> Result<O, JixiaoError>,
) -> Result<String, JixiaoError> {
    let value = read_object(json)?;
    let shown_in = locale_of(&value);
    let out = decode_and_run(value, required, run).map_err(|e| in_locale(e, shown_in))?;
    write(&out)
}

/// The checks, the decoding and the run of [`run_object`], before localisation.
pub(crate) fn decode_and_run<I: DeserializeOwned, O>(
    value: Value,
    required: &[Required],
    run: impl FnOnce(I, Locale) -> Result<O, JixiaoError>,
) -> Result<O, JixiaoError> {
    for r in required {
        if value.get(r.key).is_none_or(Value::is_null) {
            return Err(JixiaoError::new(r.code, format!("/{}", r.key), r.what.clone()));
        }
    }
    let tag = value.get("locale").and_then(Value::as_str).map(str::to_string);
    let input: I = decode(value, "")?;
    let locale = locale_setting(tag.as_deref())?;
    run(input, locale)
}

/// The input text as JSON (`INVALID_JSON` at the root when it is not).
pub(crate) fn parse(json: &str) -> Result<Value, JixiaoError> {
    serde_json::from_str(json).map_err(JixiaoError::input_not_json)
}

/// The input text as a JSON object (an array would be read field by field: refused).
pub(crate) fn read_object(json: &str) -> Result<Value, JixiaoError> {
    let value = parse(json)?;
    if !value.is_object() {
        return Err(JixiaoError::new(
            ErrorCode::InvalidInput,
            "/",
            Text::new(
                "输入必须是一个 JSON 对象",
                "輸入必須是一個 JSON 物件",
                "the input must be a JSON object",
            ),
        ));
    }
    Ok(value)
}

/// The locale an input's errors speak: its `locale` if known, else zh-CN.
pub(crate) fn locale_of(value: &Value) -> Locale {
    value
        .get("locale")
        .and_then(Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default()
}

/// The `locale` setting of an input (zh-CN when absent); an unknown tag is
/// `INVALID_SETTING` at `/locale`.
pub(crate) fn locale_setting(tag: Option<&str>) -> Result<Locale, JixiaoError> {
    match tag {
        None => Ok(Locale::default()),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            JixiaoError::unknown_locale("/locale", &format!("{shown:?}"))
        }),
    }
}

/// Decodes `value` as `T`; a wrong shape is `INVALID_INPUT` at `prefix` + its JSON pointer.
pub(crate) fn decode<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, JixiaoError> {
    decode_or(value, |wrong| {
        JixiaoError::invalid_input(format!("{prefix}{}", wrong.path), wrong.inner)
    })
}

/// Decodes the options object of `what` (`evaluate`, `templates` …): a bad option is
/// `INVALID_INPUT` at `options/<the option>`, its message naming the option.
///
/// ```
/// let e = jixiao::json::evaluate_encoded(
///     &jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,"actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap(),
///     "{}", "", r#"{"output":"everything"}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_INPUT", "options/output"));
/// assert!(!e.messages.en.contains("line 1"));
/// ```
pub(crate) fn decode_option<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, JixiaoError> {
    decode_or(value, |wrong| {
        let name = wrong
            .last_key
            .unwrap_or_else(|| wrong.path.trim_start_matches('/').to_string());
        let path = format!("options{}", wrong.path.trim_end_matches('/'));
        let inner = wrong.inner;
        JixiaoError::new(
            ErrorCode::InvalidInput,
            path,
            text!(
                "{what} 的选项 {name} 不正确：{inner}",
                "{what} 的選項 {name} 不正確：{inner}",
                "the {what} option {name} is not valid: {inner}"
            ),
        )
    })
}

/// Where and why an input could not be decoded.
pub(crate) struct WrongShape {
    /// The JSON pointer serde stopped at (`/` for the root).
    pub path: String,
    /// The last object key on that path, if the path ends at one.
    pub last_key: Option<String>,
    /// What serde found wrong.
    pub inner: serde_json::Error,
}

/// Decodes `value` as `T`; a wrong shape becomes the error `wrong` makes of it.
pub(crate) fn decode_or<T: DeserializeOwned>(
    value: Value,
    wrong: impl FnOnce(WrongShape) -> JixiaoError,
) -> Result<T, JixiaoError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let last_key = match e.path().iter().next_back() {
            Some(serde_path_to_error::Segment::Map { key }) => Some(key.clone()),
            _ => None,
        };
        let path = pointer_of(e.path());
        wrong(WrongShape {
            path,
            last_key,
            inner: e.into_inner(),
        })
    })
}

/// The error in `locale`.
pub(crate) fn in_locale(mut e: JixiaoError, locale: Locale) -> JixiaoError {
    e.localize(locale);
    e
}

/// An evaluation's result as JSON text, its decimals as strings or, with
/// `decimals: "number"`, as JSON numbers (DESIGN.md, "Numbers").
pub(crate) fn write_decimals<T: Serialize>(out: &T, decimals: Decimals) -> Result<String, JixiaoError> {
    with_numbers(decimals == Decimals::Number, || serde_json::to_string(out)).map_err(JixiaoError::cannot_write_result)
}

/// The result as JSON text (`INTERNAL` if it cannot be written, which it never should).
pub(crate) fn write<T: Serialize>(out: &T) -> Result<String, JixiaoError> {
    serde_json::to_string(out).map_err(JixiaoError::cannot_write_result)
}
