//! The engine on JSON texts: a scheme validated, and input evaluated in the encoded form
//! the JS package sends (DESIGN.md, "The JS boundary"): the input head as JSON, the rows
//! one JSON object per line, the options as JSON.

use super::parts::Parts;
use super::runner::write_decimals;
use super::PART_BYTES;
use crate::engine::{parse_json, read_head, read_options, scheme_locale, Engine, OutputMode, ValidationReport};
use crate::error::{ErrorCode, JixiaoError, Severity};
use crate::i18n::text;
use crate::i18n::Locale;
use serde_json::Value;

/// Validates a scheme given as JSON text: every problem at once, errors before warnings,
/// in `locale` (else the scheme's own `locale`, else zh-CN).
///
/// ```
/// let r = jixiao::json::validate_scheme_json(r#"{"indicators":[
///   {"key":"a","weight":60,"actual":{"field":"A"},"scoring":{"type":"direct"}},
///   {"key":"b","weight":30,"actual":{"field":"B"},"scoring":{"type":"direct"}}]}"#, Some(jixiao::Locale::En));
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "WEIGHTS_SUM");
/// assert!(r.issues[0].message.contains("90"));
/// ```
pub fn validate_scheme_json(scheme: &str, locale: Option<Locale>) -> ValidationReport {
    let mut issues = match parse_json(scheme, "考核方案") {
        Ok(value) => {
            let mut issues = crate::compile::validate(&value);
            if let Some(l) = locale.or_else(|| scheme_locale(&value)) {
                issues.iter_mut().for_each(|i| i.localize(l));
            }
            issues
        }
        Err(mut e) => {
            if let Some(l) = locale {
                e.localize(l);
            }
            vec![e]
        }
    };
    issues.sort_by_key(|i| i.severity != Severity::Error);
    ValidationReport {
        ok: !issues.iter().any(|i| i.severity == Severity::Error),
        issues,
    }
}

/// Evaluates the encoded form the JS package sends: `head` (the input object without
/// `people`), `rows` (one JSON object per line), `options` (JSON). Returns the output as JSON text.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let json = jixiao::json::evaluate_encoded(&e, "{}", "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
/// assert!(json.contains("\"total\":87.3"));
/// ```
pub fn evaluate_encoded(engine: &Engine, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
    let opts = read_options("evaluate", options)?;
    let out = engine.evaluate_rows(&read_head(head)?, rows, &opts)?;
    match opts.output {
        OutputMode::Full => write_decimals(&out, opts.decimals),
        lean => write_decimals(&engine.compact(out, lean), opts.decimals),
    }
}

/// [`evaluate_encoded`] with an observer of its progress (see
/// [`Engine::evaluate_rows_observed`]), the output handed to `sink` in parts that no
/// JavaScript string is too small for (DESIGN.md, "Large tables"): for each long list
/// (`results`, `errors`, `rows`) one or more pairs of its key and a JSON array of its
/// next items, each array at most about [`PART_BYTES`]; then the rest of the output, its
/// long lists empty. Appending every pair's items to that list gives the output
/// [`evaluate_encoded`] writes as one text. A part that memory cannot hold is `TOO_LARGE`.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let (mut last, mut parts) = ((0, 0), Vec::new());
/// jixiao::json::evaluate_encoded_parts(&e, "{}", "{\"q\":1}\n{\"q\":2}", "{}",
///     &mut |done, total| { last = (done, total); Ok(()) }, &mut |part| parts.push(part)).unwrap();
/// assert_eq!(last, (2, 2));
/// assert_eq!(parts.len(), 3); // no row errors: no "errors" pair
/// assert_eq!(parts[0], "results");
/// assert!(parts[1].starts_with("[{") && parts[1].ends_with("}]"));
/// assert!(parts[2].starts_with("{\"results\":[],\"errors\":[],\"summary\":"));
/// ```
pub fn evaluate_encoded_parts(
    engine: &Engine,
    head: &str,
    rows: &str,
    options: &str,
    observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    sink: &mut dyn FnMut(String),
) -> Result<(), JixiaoError> {
    let opts = read_options("evaluate", options)?;
    let out = engine.evaluate_rows_observed(&read_head(head)?, rows, &opts, observe)?;
    let mut parts = Parts::new(sink, PART_BYTES);
    match opts.output {
        OutputMode::Full => parts.write(out, opts.decimals),
        lean => parts.write(engine.compact(out, lean), opts.decimals),
    }
}

/// Evaluates several periods in the encoded form the JS package sends (see
/// [`Engine::evaluate_periods`]): the head as JSON text, the rows, and the options as
/// JSON. Returns the output as JSON text.
///
/// ```
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let json = jixiao::json::evaluate_periods_encoded(&e, r#"{"periods":[2025],"compose":{}}"#,
///     "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
/// assert!(json.contains("\"total\":87.3"));
/// ```
pub fn evaluate_periods_encoded(engine: &Engine, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
    let opts = read_options("evaluatePeriods", options)?;
    let out = engine.evaluate_periods(&periods_head(head)?, rows, &opts)?;
    write_decimals(&out, opts.decimals)
}

/// The head of a periods input as a JSON value (empty text is `{}`).
fn periods_head(head: &str) -> Result<Value, JixiaoError> {
    if head.trim().is_empty() {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    serde_json::from_str(head).map_err(|e| {
        let e = e.to_string();
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            text!(
                "evaluatePeriods 的输入不是有效的 JSON：{e}",
                "evaluatePeriods 的輸入不是有效的 JSON：{e}",
                "the evaluatePeriods input is not valid JSON: {e}"
            ),
        )
    })
}
