//! Target decomposition on JSON texts: a flat split, a re-plan and a split down a tree.
//! The JSON text's own errors speak zh-CN; a wrong shape speaks the input's locale.

use super::runner::{decode, decode_or, in_locale, locale_of, parse, write};
use crate::error::JixiaoError;
use crate::targets::{
    check_method, decompose, decompose_tree, replan, tree_too_deep, unknown_tree_method, DecomposeInput, ReplanInput,
    TreeInput,
};

/// [`decompose`] on a JSON text: returns the [`Decomposition`](crate::targets::Decomposition)
/// as JSON. Malformed JSON is `INVALID_JSON`; a wrong shape is `INVALID_INPUT` with a JSON
/// pointer; an unknown `method` is `INVALID_SETTING` at `/method`.
///
/// ```
/// let out = jixiao::json::decompose_json(r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::json::decompose_json(r#"{"total":1,"parts":[{"key":"A"}],"method":"magic"}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/method");
/// ```
pub fn decompose_json(json: &str) -> Result<String, JixiaoError> {
    let value = parse(json)?;
    let locale = locale_of(&value);
    let input: DecomposeInput = check_method(&value)
        .and_then(|()| decode(value, ""))
        .map_err(|e| in_locale(e, locale))?;
    write(&decompose(&input)?)
}

/// [`replan`] on a JSON text: returns the [`Replan`](crate::targets::Replan) as JSON.
///
/// ```
/// let out = jixiao::json::replan_json(r#"{"total":400,"unit":1,"asOf":"2025-04-01","parts":[
///   {"key":"2025-Q1","target":100,"actual":60},{"key":"2025-Q2","target":100},
///   {"key":"2025-Q3","target":100},{"key":"2025-Q4","target":100}]}"#).unwrap();
/// assert!(out.contains(r#""gap":"40""#));
/// ```
pub fn replan_json(json: &str) -> Result<String, JixiaoError> {
    let value = parse(json)?;
    let locale = locale_of(&value);
    let input: ReplanInput = decode(value, "").map_err(|e| in_locale(e, locale))?;
    write(&replan(&input)?)
}

/// [`decompose_tree`] on a JSON text: returns the
/// [`TreeDecomposition`](crate::targets::TreeDecomposition) as JSON. Malformed JSON is
/// `INVALID_JSON`, a tree nested past the JSON limit `TOO_LARGE`, a wrong shape
/// `INVALID_INPUT` with a JSON pointer, and an unknown method `INVALID_SETTING` at its pointer.
///
/// ```
/// let out = jixiao::json::decompose_tree_json(r#"{"total":100,"root":{"id":"co","children":[{"id":"a"},{"id":"b"},{"id":"c"}]}}"#).unwrap();
/// assert!(out.contains(r#""value":"33.34""#));
/// let e = jixiao::json::decompose_tree_json(r#"{"total":1,"root":{"id":"co","method":"magic","children":[{"id":"a"}]}}"#).unwrap_err();
/// assert_eq!(e.code, jixiao::ErrorCode::InvalidSetting);
/// assert_eq!(e.path, "/root/method");
/// ```
pub fn decompose_tree_json(json: &str) -> Result<String, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            tree_too_deep()
        } else {
            JixiaoError::input_not_json(e)
        }
    })?;
    let locale = locale_of(&value);
    let input: TreeInput = decode_or(value, |wrong| match wrong.last_key.as_deref() {
        Some("method") => unknown_tree_method(wrong.path, wrong.inner),
        _ => JixiaoError::invalid_input(wrong.path, wrong.inner),
    })
    .map_err(|e| in_locale(e, locale))?;
    write(&decompose_tree(&input)?)
}
