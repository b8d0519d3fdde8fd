//! TEMPORARY API skeleton (replaced by the real engine).
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use serde::{Deserialize, Serialize};

/// Options of `evaluate`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EvaluateOptions {
    /// Locale of messages and explanations.
    pub locale: Option<Locale>,
    /// Explanations on.
    #[serde(default)]
    pub explain: bool,
}

/// Result of `validateScheme`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// No errors (warnings allowed).
    pub ok: bool,
    /// Every issue.
    pub issues: Vec<JixiaoError>,
}

/// A compiled scheme.
pub struct Engine {}

fn todo_error() -> JixiaoError {
    JixiaoError::new(ErrorCode::Internal, "", Text::same("engine not built yet"))
}

impl Engine {
    /// Compiles a scheme given as JSON text.
    pub fn from_json(_scheme: &str) -> Result<Engine, JixiaoError> {
        Ok(Engine {})
    }
    /// Evaluates encoded input: `head` JSON object, `rows` one JSON row per line, `options` JSON.
    pub fn evaluate_encoded(&self, _head: &str, _rows: &str, _options: &str) -> Result<String, JixiaoError> {
        Err(todo_error())
    }
    /// Native convenience.
    pub fn evaluate_value(&self, _input: &serde_json::Value, _options: &EvaluateOptions) -> Result<serde_json::Value, JixiaoError> {
        Err(todo_error())
    }
}

/// Validates a scheme given as JSON text.
pub fn validate_scheme_json(_scheme: &str, _locale: Option<Locale>) -> ValidationReport {
    ValidationReport { ok: true, issues: vec![] }
}
