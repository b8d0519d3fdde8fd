//! An engine from a scheme's JSON text, and input evaluated from one JSON value (the
//! encoded form the JS package sends is read in `json::evaluate`).

use super::input::{encode_input, parse_scheme, read_head};
use super::output::with_numbers;
use super::{Decimals, Engine, EvaluateOptions, OutputMode};
use crate::error::JixiaoError;

impl Engine {
    /// Compiles a scheme given as JSON text. Fails with `INVALID_SCHEME` (listing every issue) or `INVALID_JSON`.
    ///
    /// ```
    /// let err = jixiao::Engine::from_json(r#"{"indicators":[]}"#).unwrap_err();
    /// assert_eq!(err.code.as_str(), "INVALID_SCHEME");
    /// assert_eq!(err.issues[0].path, "/indicators");
    /// ```
    pub fn from_json(scheme: &str) -> Result<Engine, JixiaoError> {
        let value = parse_scheme(scheme)?;
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
        let numbers = options.decimals == Decimals::Number;
        match options.output {
            OutputMode::Full => with_numbers(numbers, || serde_json::to_value(&out)),
            lean => with_numbers(numbers, || serde_json::to_value(self.compact(out, lean))),
        }
        .map_err(JixiaoError::cannot_write_result)
    }
}
