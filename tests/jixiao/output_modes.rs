//! `output: "scores"` and `"totals"` against `"full"`: on every evaluation fixture, every
//! template sample and the demo table, with and without explanations, each lean result
//! carries the same identity, total, grade, ranks, veto, payout and errors as the full
//! one, the indicator scores at the header's positions, and no `null`.

use crate::common::{engine, fixture, read_json, repo_path, sample_cases};
use jixiao::{EvaluateOptions, OutputMode};
use serde_json::{json, Value};

/// (name, scheme, input) of every case.
fn cases() -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    for name in ["scoring-basic.json", "demo-team.json"] {
        let fx = fixture(name);
        if fx.get("scheme").is_some() && fx.get("input").is_some() {
            out.push((name.to_string(), fx["scheme"].clone(), fx["input"].clone()));
        }
    }
    out.extend(sample_cases());
    out
}

fn evaluate(scheme: &Value, input: &Value, output: OutputMode, explain: bool) -> Value {
    let options = EvaluateOptions {
        output,
        explain: explain.into(),
        ..Default::default()
    };
    engine(scheme).evaluate_value(input, &options).unwrap()
}

/// A lean result's field as the full output writes it: absent is `null`, `false` or `[]`.
fn as_full(lean: &Value, key: &str) -> Value {
    match (lean.get(key), key) {
        (Some(v), _) => v.clone(),
        (None, "vetoed") => json!(false),
        (None, "errors") => json!([]),
        (None, _) => Value::Null,
    }
}

const SAME: [&str; 16] = [
    "index",
    "id",
    "name",
    "group",
    "role",
    "ok",
    "total",
    "grade",
    "rank",
    "groupRank",
    "topPercent",
    "vetoed",
    "veto",
    "payout",
    "explain",
    "errors",
];

fn check_person(case: &str, full: &Value, lean: &Value, header: &[Value], mode: OutputMode) {
    for key in SAME {
        assert_eq!(
            as_full(lean, key),
            full[key],
            "{case} {mode:?}: {key} of row {}",
            full["index"]
        );
    }
    for (key, v) in lean.as_object().unwrap() {
        assert!(!v.is_null(), "{case} {mode:?}: {key} is null in row {}", full["index"]);
    }
    match mode {
        OutputMode::Totals => assert!(lean.get("indicators").is_none(), "{case}: totals carry no indicators"),
        _ => {
            let scores = lean["indicators"].as_array().unwrap();
            assert_eq!(scores.len(), header.len(), "{case}: one score per header entry");
            for (s, h) in scores.iter().zip(header) {
                let f = full["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["key"] == h["key"]);
                let (score, weighted) = f.map_or((Value::Null, Value::Null), |f| {
                    (f["score"].clone(), f["weighted"].clone())
                });
                assert_eq!(
                    as_full(s, "score"),
                    score,
                    "{case}: score of {} in row {}",
                    h["key"],
                    full["index"]
                );
                assert_eq!(as_full(s, "weighted"), weighted, "{case}: weighted of {}", h["key"]);
                assert_eq!(
                    s.as_object().unwrap().len(),
                    usize::from(!score.is_null()) + usize::from(!weighted.is_null())
                );
            }
        }
    }
}

fn check(case: &str, full: &Value, lean: &Value, mode: OutputMode) {
    assert_eq!(lean["output"], json!(format!("{mode:?}").to_lowercase()), "{case}");
    for key in ["errors", "summary", "warnings"] {
        assert_eq!(lean[key], full[key], "{case} {mode:?}: {key}");
    }
    let header: Vec<Value> = lean
        .get("indicators")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if mode == OutputMode::Scores {
        let first_full = full["results"].as_array().unwrap().iter().find(|r| r["ok"] == true);
        if let Some(r) = first_full {
            let keys: Vec<(&Value, &Value)> = r["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| (&i["key"], &i["name"]))
                .collect();
            let head: Vec<(&Value, &Value)> = header.iter().map(|h| (&h["key"], &h["name"])).collect();
            assert_eq!(
                head, keys,
                "{case}: the header names the indicators in the scheme's order"
            );
        }
    } else {
        assert!(header.is_empty(), "{case}: totals have no header");
    }
    let (full_rows, lean_rows) = (full["results"].as_array().unwrap(), lean["results"].as_array().unwrap());
    assert_eq!(full_rows.len(), lean_rows.len(), "{case}: one result per row");
    for (f, l) in full_rows.iter().zip(lean_rows) {
        check_person(case, f, l, &header, mode);
    }
}

#[test]
fn lean_outputs_agree_with_the_full_one_person_by_person() {
    let all = cases();
    assert!(all.len() >= 10, "fixtures, templates and the demo: {}", all.len());
    for (case, scheme, input) in &all {
        for explain in [false, true] {
            let full = evaluate(scheme, input, OutputMode::Full, explain);
            for mode in [OutputMode::Scores, OutputMode::Totals] {
                let lean = evaluate(scheme, input, mode, explain);
                check(case, &full, &lean, mode);
            }
        }
    }
}

#[test]
fn lean_outputs_are_smaller_and_the_json_entry_writes_them() {
    let scheme = read_json(&repo_path("www-demo/sample-scheme.json"));
    let people = read_json(&repo_path("www-demo/sample-people.json"));
    let e = engine(&scheme);
    let rows: Vec<String> = people.as_array().unwrap().iter().map(Value::to_string).collect();
    let size = |options: &str| {
        jixiao::json::evaluate_encoded(&e, "{}", &rows.join("\n"), options)
            .unwrap()
            .len()
    };
    let (full, scores, totals) = (
        size("{}"),
        size(r#"{"output":"scores"}"#),
        size(r#"{"output":"totals"}"#),
    );
    assert!(scores * 2 < full, "scores {scores} against full {full}");
    assert!(totals < scores, "totals {totals} against scores {scores}");
    let numbers =
        jixiao::json::evaluate_encoded(&e, "{}", &rows.join("\n"), r#"{"output":"totals","decimals":"number"}"#)
            .unwrap();
    let v: Value = serde_json::from_str(&numbers).unwrap();
    assert!(
        v["results"][0]["total"].is_number(),
        "decimals: number applies to lean output"
    );
}

#[test]
fn a_bad_output_mode_is_refused_and_periods_give_the_full_output_only() {
    let scheme = read_json(&repo_path("www-demo/sample-scheme.json"));
    let e = engine(&scheme);
    let err = jixiao::json::evaluate_encoded(&e, "{}", "", r#"{"output":"brief"}"#).unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("INVALID_INPUT", "options/output")
    );
    let err = jixiao::json::evaluate_periods_encoded(
        &e,
        r#"{"periods":["2025-Q1"]}"#,
        "",
        r#"{"output":"totals","locale":"en"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.path.as_str()),
        ("UNSUPPORTED", "options/output")
    );
    assert!(err.message.contains("full output only"), "{}", err.message);
}

#[test]
fn explanations_for_chosen_people_only() {
    let scheme = read_json(&repo_path("www-demo/sample-scheme.json"));
    let people = read_json(&repo_path("www-demo/sample-people.json"));
    let id_field = scheme["fields"]["id"].as_str().unwrap();
    let chosen: Vec<String> = [1usize, 3]
        .iter()
        .map(|&i| people[i][id_field].as_str().unwrap().to_string())
        .collect();
    let input = json!({ "people": people });
    let every = engine(&scheme)
        .evaluate_value(
            &input,
            &EvaluateOptions {
                explain: true.into(),
                ..Default::default()
            },
        )
        .unwrap();
    for output in [OutputMode::Full, OutputMode::Scores] {
        let options = EvaluateOptions {
            explain: jixiao::Explain::Only(chosen.clone()),
            output,
            ..Default::default()
        };
        let some = engine(&scheme).evaluate_value(&input, &options).unwrap();
        for (i, r) in some["results"].as_array().unwrap().iter().enumerate() {
            let wanted = chosen.iter().any(|c| r["id"] == json!(c));
            assert_eq!(
                r.get("explain").is_some_and(|e| !e.is_null()),
                wanted,
                "{output:?} row {i}"
            );
            if wanted {
                assert_eq!(
                    r["explain"], every["results"][i]["explain"],
                    "the same explanation as with explain: true"
                );
            }
            assert_eq!(r["total"], every["results"][i]["total"]);
        }
    }
    let parsed: EvaluateOptions = serde_json::from_str(r#"{"explain":["E1"]}"#).unwrap();
    assert_eq!(parsed.explain, jixiao::Explain::Only(vec!["E1".into()]));
    let wrong = serde_json::from_str::<EvaluateOptions>(r#"{"explain":"E1"}"#)
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("true, false or a list of ids"), "{wrong}");
}
