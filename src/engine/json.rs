//! The string entry points of evaluation: a scheme validated or compiled from JSON text,
//! and input evaluated from a JSON value or from the encoded form the JS package sends.

use super::input::{encode_input, internal, parse_json, read_head, read_options};
use super::output::with_numbers;
use super::{scheme_locale, Decimals, Engine, EvaluateOptions, ValidationReport};
use crate::error::{JixiaoError, Severity};
use crate::i18n::Locale;

/// Validates a scheme given as JSON text: every problem at once.
///
/// ```
/// let r = jixiao::validate_scheme_json(r#"{"indicators":[
///   {"key":"a","weight":60,"actual":{"field":"A"},"scoring":{"type":"direct"}},
///   {"key":"b","weight":30,"actual":{"field":"B"},"scoring":{"type":"direct"}}]}"#, Some(jixiao::Locale::En));
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code.as_str(), "WEIGHTS_SUM");
/// assert!(r.issues[0].message.contains("90"));
/// ```
pub fn validate_scheme_json(scheme: &str, locale: Option<Locale>) -> ValidationReport {
    let mut issues = match parse_json(scheme, "考核方案") {
        Ok(value) => {
            let loc = locale.or_else(|| scheme_locale(&value));
            let mut issues = crate::compile::validate(&value);
            if let Some(l) = loc {
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

impl Engine {
    /// Compiles a scheme given as JSON text. Fails with `INVALID_SCHEME` (listing every issue) or `INVALID_JSON`.
    ///
    /// ```
    /// let err = jixiao::Engine::from_json(r#"{"indicators":[]}"#).unwrap_err();
    /// assert_eq!(err.code.as_str(), "INVALID_SCHEME");
    /// assert_eq!(err.issues[0].path, "/indicators");
    /// ```
    pub fn from_json(scheme: &str) -> Result<Engine, JixiaoError> {
        let value = parse_json(scheme, "考核方案")?;
        Engine::from_value(&value)
    }

    /// Evaluates input given as one JSON value `{ people: [...], period? }`.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let out = e.evaluate_value(&serde_json::json!({"people":[{"q":"abc"},{"q":90}]}), &Default::default()).unwrap();
    /// assert_eq!(out["results"][0]["ok"], false);
    /// assert_eq!(out["results"][1]["rank"], 1);
    /// ```
    pub fn evaluate_value(
        &self,
        input: &serde_json::Value,
        options: &EvaluateOptions,
    ) -> Result<serde_json::Value, JixiaoError> {
        let (head, rows) = encode_input(input);
        let out = self.evaluate_rows(&read_head(&head)?, &rows, options)?;
        with_numbers(options.decimals == Decimals::Number, || serde_json::to_value(&out)).map_err(internal)
    }

    /// Evaluates the encoded form the JS package sends: `head` (the input object without
    /// `people`), `rows` (one JSON object per line), `options` (JSON). Returns the output as JSON text.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let json = e.evaluate_encoded("{}", "{\"q\":87.3}", r#"{"decimals":"number"}"#).unwrap();
    /// assert!(json.contains("\"total\":87.3"));
    /// ```
    pub fn evaluate_encoded(&self, head: &str, rows: &str, options: &str) -> Result<String, JixiaoError> {
        let opts = read_options("evaluate", options)?;
        let out = self.evaluate_rows(&read_head(head)?, rows, &opts)?;
        with_numbers(opts.decimals == Decimals::Number, || serde_json::to_string(&out)).map_err(internal)
    }
}
