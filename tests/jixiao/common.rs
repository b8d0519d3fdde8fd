//! Helpers the test modules share: paths inside the repository, fixture files, an
//! engine and its output from JSON, a scheme's validation report and its listing, and
//! decimals from text and from JSON strings.

use jixiao::{json::validate_scheme_json, Engine, EvaluateOptions, Locale, ValidationReport};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A path inside the repository, from its path relative to the crate root.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The JSON value of a file.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture, from its path under `tests/fixtures/` (e.g. `"hosts/huoban.json"`).
pub fn fixture(name: &str) -> Value {
    read_json(&repo_path("tests/fixtures").join(name))
}

/// The engine of a scheme; a rejected scheme fails the test with its issues.
pub fn engine(scheme: &Value) -> Engine {
    Engine::from_value(scheme).unwrap_or_else(|e| panic!("scheme rejected: {e}\n{:#?}", e.issues))
}

/// The output of `evaluate` for `people` (the rows) under a scheme.
pub fn evaluate_people(scheme: &Value, people: Value, options: &EvaluateOptions) -> Value {
    engine(scheme)
        .evaluate_value(&json!({ "people": people }), options)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A decimal from its text.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("not a decimal: {s:?}: {e}"))
}

/// A decimal from a JSON string holding its text.
pub fn dec(v: &Value) -> Decimal {
    d(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}")))
}

/// (name, scheme, input) of every template sample and of the demo table.
pub fn sample_cases() -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    for t in jixiao::templates(None).unwrap() {
        out.push((format!("template {}", t.key), t.scheme, t.sample));
    }
    let scheme = read_json(&repo_path("www-demo/sample-scheme.json"));
    let people = read_json(&repo_path("www-demo/sample-people.json"));
    out.push(("www-demo".into(), scheme, json!({ "people": people })));
    out
}

/// The validation report of a scheme, in English.
pub fn report(scheme: &Value) -> ValidationReport {
    validate_scheme_json(&scheme.to_string(), Some(Locale::En))
}

/// A report's issues, one line each (code, severity, path, English message), for
/// assertion messages.
pub fn listing(r: &ValidationReport) -> String {
    r.issues
        .iter()
        .map(|i| format!("  {} {:?} {} | {}", i.code.as_str(), i.severity, i.path, i.messages.en))
        .collect::<Vec<_>>()
        .join("\n")
}
