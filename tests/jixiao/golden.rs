//! Golden fixtures: every `tests/fixtures/*.json` whose `call` is an evaluation is
//! evaluated natively and compared field for field with `expected` (only the fields the
//! fixture names; arrays of objects element by element).

use crate::common::{read_json, repo_path};
use serde_json::Value;

/// Checks that every field of `expected` is equal in `actual`; returns the mismatches.
fn subset(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                subset(v, a.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() && !e.iter().all(Value::is_object) {
                out.push(format!("{path}: length {} != {}", a.len(), e.len()));
            }
            for (i, v) in e.iter().enumerate() {
                subset(v, a.get(i).unwrap_or(&Value::Null), &format!("{path}[{i}]"), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: got {a}, expected {e}")),
    }
}

fn fixtures() -> Vec<(String, Value)> {
    let dir = repo_path("tests/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let value = read_json(&path);
        if value
            .get("call")
            .and_then(Value::as_str)
            .is_some_and(|c| c.contains("evaluate"))
        {
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), value));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn evaluation_fixtures_match_field_for_field() {
    let all = fixtures();
    assert!(!all.is_empty(), "no evaluation fixtures found");
    for (name, fx) in all {
        let engine = jixiao::Engine::from_value(&fx["scheme"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let options: jixiao::EvaluateOptions =
            serde_json::from_value(fx.get("options").cloned().unwrap_or(Value::Object(Default::default()))).unwrap();
        let out = engine.evaluate_value(&fx["input"], &options).unwrap();
        let mut problems = Vec::new();
        subset(&fx["expected"], &out, "", &mut problems);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}
