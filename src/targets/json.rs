//! The string entry points: JSON text in, JSON text out, errors in the input's locale
//! (the wasm binding's entries).

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Locale;
use crate::text;

use super::input::{fail, DecomposeInput, Method};
use super::replan::{replan, ReplanInput};
use super::split::decompose;
use super::tree::{decompose_tree, TreeInput, TREE_MAX_LEVELS};

/// Reads a JSON text, decomposes it and writes the result as JSON (the wasm binding's entry).
///
/// Malformed JSON is `INVALID_JSON`; a wrong shape is `INVALID_INPUT` with a JSON pointer;
/// an unknown `method` is `INVALID_SETTING` at `/method`.
///
/// ```
/// let out = jixiao::decompose_json(r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::decompose_json(r#"{"total":1,"parts":[{"key":"A"}],"method":"magic"}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/method");
/// ```
pub fn decompose_json(json: &str) -> Result<String, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        fail(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    })?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let localized = |mut e: JixiaoError| {
        e.localize(locale);
        e
    };
    if let Some(m) = value.get("method") {
        if serde_json::from_value::<Method>(m.clone()).is_err() {
            let shown: String = m.to_string().chars().take(40).collect();
            return Err(localized(fail(
                ErrorCode::InvalidSetting,
                "/method",
                text!(
                    "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
                    "未知的分解方法 {shown}（可用：equal、weights、history、working_days、capacity）",
                    "unknown method {shown} (use equal, weights, history, working_days or capacity)",
                ),
            )));
        }
    }
    let input: DecomposeInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for seg in e.path().iter() {
            path.push('/');
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => path.push_str(&crate::error::escape_pointer(key)),
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        localized(fail(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        ))
    })?;
    let out = decompose(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        localized(fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        ))
    })
}

/// Reads a JSON text, replans it and writes the result as JSON (the wasm binding's entry).
///
/// ```
/// let out = jixiao::replan_json(r#"{"total":400,"unit":1,"asOf":"2025-04-01","parts":[
///   {"key":"2025-Q1","target":100,"actual":60},{"key":"2025-Q2","target":100},
///   {"key":"2025-Q3","target":100},{"key":"2025-Q4","target":100}]}"#).unwrap();
/// assert!(out.contains(r#""gap":"40""#));
/// ```
pub fn replan_json(json: &str) -> Result<String, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        fail(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    })?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let input: ReplanInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for seg in e.path().iter() {
            path.push('/');
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => path.push_str(&crate::error::escape_pointer(key)),
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        let mut err = fail(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        );
        err.localize(locale);
        err
    })?;
    let out = replan(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        )
    })
}

/// Reads a JSON text, decomposes the tree and writes the result as JSON (the wasm
/// binding's entry). Malformed JSON is `INVALID_JSON`, a tree nested past the JSON limit
/// `TOO_LARGE`, a wrong shape `INVALID_INPUT` with a JSON pointer, and an unknown method
/// `INVALID_SETTING` at its pointer.
///
/// ```
/// let out = jixiao::decompose_tree_json(r#"{"total":100,"root":{"id":"co","children":[{"id":"a"},{"id":"b"},{"id":"c"}]}}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::decompose_tree_json(r#"{"total":1,"root":{"id":"co","method":"magic","children":[{"id":"a"}]}}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/root/method");
/// ```
pub fn decompose_tree_json(json: &str) -> Result<String, JixiaoError> {
    let value: Result<serde_json::Value, JixiaoError> = serde_json::from_str(json).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            let max = TREE_MAX_LEVELS;
            fail(
                ErrorCode::TooLarge,
                "/root",
                text!(
                    "输入嵌套过深（组织树最多 {max} 层）",
                    "輸入巢狀過深（組織樹最多 {max} 層）",
                    "the input is nested too deeply (a tree has at most {max} levels)",
                ),
            )
        } else {
            fail(
                ErrorCode::InvalidJson,
                "",
                text!(
                    "输入不是有效的 JSON：{e}",
                    "輸入不是有效的 JSON：{e}",
                    "the input is not JSON: {e}"
                ),
            )
        }
    });
    let locale = value
        .as_ref()
        .ok()
        .and_then(|v| v.get("locale"))
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    let localized = |mut e: JixiaoError| {
        e.localize(locale);
        e
    };
    let value = value.map_err(localized)?;
    let input: TreeInput = serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        let mut last_is_method = false;
        for seg in e.path().iter() {
            path.push('/');
            last_is_method = false;
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&index.to_string()),
                serde_path_to_error::Segment::Map { key } => {
                    last_is_method = key == "method";
                    path.push_str(&crate::error::escape_pointer(key));
                }
                serde_path_to_error::Segment::Enum { variant } => path.push_str(variant),
                serde_path_to_error::Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let inner = e.into_inner();
        localized(if last_is_method {
            fail(
                ErrorCode::InvalidSetting,
                path,
                text!(
                    "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
                    "未知的分解方法：{inner}（可用：equal、weights、history、capacity）",
                    "unknown method: {inner} (use equal, weights, history or capacity)",
                ),
            )
        } else {
            fail(
                ErrorCode::InvalidInput,
                path,
                text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
            )
        })
    })?;
    let out = decompose_tree(&input)?;
    serde_json::to_string(&out).map_err(|e| {
        localized(fail(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        ))
    })
}
