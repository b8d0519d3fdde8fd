//! Hostile input never panics and always comes back as structured errors (DESIGN.md,
//! "Never trap": every failure is a value, never a trap); a bad row never disturbs the good rows.

use crate::common::fixture;
use jixiao::{json::validate_scheme_json, Engine, EvaluateInput, EvaluateOptions, EvaluateOutput, JixiaoError, Locale};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn long(c: char) -> String {
    std::iter::repeat_n(c, 10_000).collect()
}

fn simple() -> Value {
    json!({"fields": {"id": "工号"},
        "raters": {"self": 40, "manager": 60},
        "indicators": [
            {"key": "rev", "weight": 50, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear", "cap": "1.5"}},
            {"key": "q", "weight": 30, "actual": {"raters": {"self": "自评", "manager": "上级"}}, "scoring": {"type": "direct"}},
            {"key": "d", "weight": 20, "actual": {"field": "d"}, "scoring": {"type": "deduct", "per": -5}, "missing": "zero"}],
        "adjustments": [{"key": "adj", "per": -1, "min": -10, "value": {"field": "adj"}}],
        "vetoes": [{"key": "v", "when": {"field": "违规", "op": ">", "value": 0}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 80}, {"grade": "B", "min": 0}]},
        "ranking": {"tieBreakers": ["rev", "-年限"]}})
}

fn good_row(id: &str, a: i64) -> Value {
    json!({"工号": id, "a": a, "t": 100, "自评": 80, "上级": 90, "d": 1})
}

fn engine() -> Engine {
    Engine::from_value(&simple()).unwrap()
}

fn rows(lines: &[String]) -> EvaluateOutput {
    engine()
        .evaluate_rows(
            &EvaluateInput::default(),
            &lines.join("\n"),
            &EvaluateOptions::default(),
        )
        .unwrap()
}

/// A structured error: a code, messages in every locale.
fn structured(e: &JixiaoError) {
    assert!(!e.code.as_str().is_empty());
    assert!(
        !e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty(),
        "{e:?}"
    );
    assert!(!e.message.is_empty());
    for i in &e.issues {
        structured(i);
    }
}

fn scheme_fails(text: &str, code: &str) {
    let r = validate_scheme_json(text, Some(Locale::En));
    assert!(!r.ok, "{:.80}", text);
    r.issues.iter().for_each(structured);
    let err = Engine::from_json(text).unwrap_err();
    structured(&err);
    assert_eq!(err.code.as_str(), code, "{:.80}: {}", text, err.messages.en);
}

// ---------------------------------------------------------------- scheme texts

#[test]
fn degenerate_scheme_texts() {
    for text in [
        "",
        " ",
        "\n",
        "\u{feff}",
        "{",
        "}",
        "nul",
        "{\"indicators\":",
        "{\"a\":1,}",
        "[1,2",
        "\"\\ud800\"",
        "\u{0}",
    ] {
        scheme_fails(text, "INVALID_JSON");
    }
    for text in [
        "null",
        "[]",
        "[{}]",
        "42",
        "-1e400x",
        "\"indicators\"",
        "true",
        "{}",
        "{\"indicators\":null}",
        "{\"indicators\":{}}",
    ] {
        let r = validate_scheme_json(text, None);
        assert!(!r.ok, "{text}");
        r.issues.iter().for_each(structured);
        let err = Engine::from_json(text).unwrap_err();
        structured(&err);
        assert!(
            ["INVALID_SCHEME", "INVALID_JSON"].contains(&err.code.as_str()),
            "{text}: {}",
            err.code.as_str()
        );
    }
}

#[test]
fn deeply_nested_scheme_texts() {
    let brackets = "[".repeat(10_000);
    scheme_fails(&brackets, "INVALID_JSON");
    scheme_fails(&format!("{brackets}{}", "]".repeat(10_000)), "INVALID_JSON");
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    scheme_fails(&objects, "INVALID_JSON");
    // deep nesting inside a section
    let deep_pass = format!(
        r#"{{"indicators":[{{"key":"k","weight":100,"scoring":{{"type":"pass_fail","pass":{}{{"field":"x","op":">","value":0}}{}}}}}]}}"#,
        r#"{"not":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    scheme_fails(&deep_pass, "INVALID_JSON");
    let deep_unknown = format!(
        r#"{{"colour":{}{},"indicators":[]}}"#,
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    scheme_fails(&deep_unknown, "INVALID_JSON");
}

#[test]
fn moderately_nested_conditions_compile_and_evaluate() {
    // 60 levels of not: within the JSON depth limit; even count → the condition itself
    let mut cond = json!({"field": "x", "op": ">", "value": 0});
    for _ in 0..60 {
        cond = json!({ "not": cond });
    }
    let scheme = json!({"indicators": [{"key": "k", "weight": 100, "scoring": {"type": "pass_fail", "pass": cond}}]});
    let e = Engine::from_value(&scheme).unwrap();
    let out = e
        .evaluate_value(&json!({"people": [{"x": 1}, {"x": 0}]}), &EvaluateOptions::default())
        .unwrap();
    assert_eq!(out["results"][0]["total"], "100.00");
    assert_eq!(out["results"][1]["total"], "0.00");
}

#[test]
fn oversized_scheme_text_is_too_large() {
    let pad = " ".repeat(4 * 1024 * 1024 + 1);
    let text = format!("{{\"indicators\":[]{pad}}}");
    let r = validate_scheme_json(&text, None);
    assert_eq!(r.issues[0].code.as_str(), "TOO_LARGE");
    assert_eq!(Engine::from_json(&text).unwrap_err().code.as_str(), "TOO_LARGE");
}

fn replace_strings(v: &Value, with: &str, keys_too: bool) -> Value {
    match v {
        Value::String(_) => Value::String(with.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(|x| replace_strings(x, with, keys_too)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| {
                    let key = if keys_too { format!("{k}{with}") } else { k.clone() };
                    (key, replace_strings(x, with, keys_too))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn a_long_string_everywhere_a_string_goes() {
    let fx = fixture("scoring-basic.json");
    for c in ['x', '万', '9', '"', '\\', '\u{0}', '/', '~'] {
        let s = long(c);
        for keys_too in [false, true] {
            let scheme = replace_strings(&fx["scheme"], &s, keys_too);
            let text = scheme.to_string();
            let r = validate_scheme_json(&text, None);
            assert!(!r.ok, "{c:?} {keys_too}");
            r.issues.iter().for_each(structured);
            let err = Engine::from_json(&text).unwrap_err();
            structured(&err);
        }
    }
}

#[test]
fn long_names_keys_and_fields_compile_and_evaluate() {
    let s = long('名');
    let f = format!("列{}", long('x'));
    let scheme = json!({
        "id": s, "name": s, "description": s,
        "fields": {"id": format!("{f}.{s}"), "name": s, "group": format!("{f}g")},
        "categories": [{"key": s, "name": s, "weight": 100, "description": s}],
        "indicators": [{"key": format!("{s}1"), "name": s, "category": s, "weight": 100, "unit": s, "description": s,
            "actual": {"field": format!("{f}.{s}")}, "target": {"value": "1"},
            "scoring": {"type": "bands", "bands": [{"min": 0, "score": 50, "label": s}]}}],
        "adjustments": [{"key": s, "name": s, "value": {"field": s}}],
        "vetoes": [{"key": s, "name": s, "reason": s, "when": {"field": f, "op": "=", "value": s}}],
        "grades": {"type": "bands", "bands": [{"grade": s, "min": 0, "name": s}]},
        "ranking": {"groupBy": "group", "tieBreakers": [s]}
    });
    let e = Engine::from_value(&scheme).unwrap();
    let mut row = serde_json::Map::new();
    row.insert(f.clone(), json!({ s.clone(): 5 }));
    row.insert(s.clone(), json!(s.clone()));
    let out = e
        .evaluate_value(
            &json!({"people": [Value::Object(row), {"x": 1}]}),
            &EvaluateOptions {
                explain: true.into(),
                ..Default::default()
            },
        )
        .unwrap();
    let r = &out["results"][0];
    // the adjustment cell is a long non-number: the row fails with a structured error
    assert_eq!(r["ok"], false, "{}", r["errors"]);
    assert_eq!(r["errors"][0]["code"], "INVALID_NUMBER");
    let value = r["errors"][0]["value"].as_str().unwrap();
    assert!(
        value.chars().count() <= 201,
        "the raw value is shortened: {}",
        value.chars().count()
    );
    assert_eq!(out["results"][1]["errors"][0]["code"], "MISSING_VALUE");
}

#[test]
fn error_messages_quote_long_user_text_shortened() {
    // DESIGN: "error messages quote at most 200 characters"
    let s = long('x');
    let mut msgs: Vec<(String, String)> = Vec::new();
    let mut collect = |what: &str, e: &JixiaoError| {
        for m in [&e.messages.zh_cn, &e.messages.zh_tw, &e.messages.en] {
            msgs.push((format!("{} {}", what, e.code.as_str()), m.clone()));
        }
    };
    let r = validate_scheme_json(
        &json!({s.clone(): 1, "indicators": [{"key": s, "weight": 100, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": s, "weight": 0, "actual": {"field": "a"}, "scoring": {"type": "direct"}}],
            "versions": [{"from": s}]})
        .to_string(),
        None,
    );
    r.issues.iter().for_each(|i| collect("scheme", i));
    let e = Engine::from_value(
        &json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "a"}, "scoring": {"type": "direct"}}],
        "versions": [{"from": "2025-01-01"}], "fields": {"role": "r"}, "roles": {"x": {}}}),
    )
    .unwrap();
    let err = e
        .evaluate_value(&json!({"people": [], "period": s}), &EvaluateOptions::default())
        .unwrap_err();
    collect("period", &err);
    let err = e
        .evaluate_value(
            &json!({"people": []}),
            &serde_json::from_value(json!({"locale": s})).unwrap(),
        )
        .unwrap_err();
    collect("locale", &err);
    let err = e
        .evaluate_value(
            &json!({"people": []}),
            &serde_json::from_value(json!({"rows": {"c": s}})).unwrap(),
        )
        .unwrap_err();
    collect("rows", &err);
    let out = e
        .evaluate_value(&json!({"people": [{"a": 1, "r": s}]}), &EvaluateOptions::default())
        .unwrap();
    for w in out["warnings"].as_array().unwrap() {
        let w: JixiaoError = serde_json::from_value(w.clone()).unwrap();
        collect("warning", &w);
    }
    let too_long: Vec<String> = msgs
        .iter()
        .filter(|(_, m)| m.chars().count() > 500)
        .map(|(w, m)| format!("{w}: {} chars", m.chars().count()))
        .collect();
    assert!(too_long.is_empty(), "{too_long:#?}");
}

#[test]
fn proto_and_odd_keys_are_plain_keys() {
    let unknown = json!({"__proto__": {"polluted": true}, "constructor": 1});
    let r = validate_scheme_json(&unknown.to_string(), Some(Locale::En));
    for path in ["/__proto__", "/constructor"] {
        assert!(r
            .issues
            .iter()
            .any(|i| i.code.as_str() == "UNKNOWN_KEY" && i.path == path));
    }
    let scheme = json!({
        "fields": {"id": "__proto__", "role": "constructor"},
        "raters": {"__proto__": 50, "prototype": 50},
        "indicators": [
            {"key": "__proto__", "weight": 50, "actual": {"field": "prototype"}, "scoring": {"type": "direct"}},
            {"key": "toString", "weight": 50, "actual": {"raters": {"__proto__": "hasOwnProperty", "prototype": "valueOf"}}, "scoring": {"type": "direct"}}],
        "roles": {"__proto__": {"weights": {"__proto__": 100, "toString": 0}}},
        "ranking": {"tieBreakers": ["__proto__"]}});
    let r = validate_scheme_json(&scheme.to_string(), Some(Locale::En));
    assert!(r.ok, "{:?}", r.issues);
    let e = Engine::from_value(&scheme).unwrap();
    let out = e
        .evaluate_value(
            &json!({"people": [
                {"__proto__": "E1", "constructor": "__proto__", "prototype": 100, "hasOwnProperty": 50, "valueOf": 70},
                {"__proto__": "E2", "prototype": 100, "hasOwnProperty": 50, "valueOf": 70}
            ]}),
            &serde_json::from_value(
                json!({"rows": {"__proto__": "id", "constructor": "total", "toString": "indicators.__proto__.score"}}),
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!(out["results"][0]["id"], "E1");
    assert_eq!(out["results"][0]["total"], "100.00");
    assert_eq!(out["results"][1]["total"], "80.00");
    assert_eq!(out["rows"][0]["__proto__"], "E1");
}

// ---------------------------------------------------------------- numbers

#[test]
fn huge_numbers_in_schemes() {
    // a JSON number beyond f64 is not JSON serde can read: INVALID_JSON, structured
    scheme_fails(
        r#"{"indicators":[{"key":"a","weight":1e400,"actual":{"field":"a"},"scoring":{"type":"direct"}}]}"#,
        "INVALID_JSON",
    );
    for w in [
        "\"1e400\"",
        "\"99999999999999999999999999999999\"",
        "99999999999999999999999999999999",
        "\"NaN\"",
        "\"Infinity\"",
        "1e300",
        "-1e300",
    ] {
        let text = format!(
            r#"{{"indicators":[{{"key":"a","weight":{w},"actual":{{"field":"a"}},"scoring":{{"type":"direct"}}}}]}}"#
        );
        let r = validate_scheme_json(&text, None);
        assert!(!r.ok, "{w}");
        r.issues.iter().for_each(structured);
        assert!(Engine::from_json(&text).is_err(), "{w}");
    }
    // extreme but representable settings compile; the figures overflow per row, never trap
    let scheme = json!({"indicators": [{"key": "a", "weight": 100, "actual": {"field": "a"}, "target": {"value": "0.0000000000000000000000000001"},
        "scoring": {"type": "linear", "full": "79228162514264337593543950335"}}],
        "adjustments": [{"key": "x", "per": "79228162514264337593543950335", "value": {"field": "x"}}],
        "totalMax": "79228162514264337593543950335"});
    let e = Engine::from_value(&scheme).unwrap();
    let out = e
        .evaluate_value(
            &json!({"people": [{"a": 1, "x": 0}, {"a": "79228162514264337593543950335", "x": 2}]}),
            &EvaluateOptions::default(),
        )
        .unwrap();
    for r in out["results"].as_array().unwrap() {
        assert_eq!(r["ok"], false, "{r}");
        assert_eq!(r["errors"][0]["code"], "OVERFLOW", "{r}");
    }
}

#[test]
fn huge_and_odd_numbers_in_rows() {
    let cases: [(&str, &str); 16] = [
        ("\"1e-20\"", "OK"),
        ("1e400", "OVERFLOW"),
        ("-1e400", "OVERFLOW"),
        ("\"1e400\"", "OVERFLOW"),
        ("\"99999999999999999999999999999999\"", "OVERFLOW"),
        ("99999999999999999999999999999999", "OVERFLOW"),
        ("\"79228162514264337593543950335亿\"", "OVERFLOW"),
        ("{\"\\u0000nonfinite\":\"NaN\"}", "INVALID_NUMBER"),
        ("{\"\\u0000nonfinite\":\"Infinity\"}", "INVALID_NUMBER"),
        ("{\"\\u0000nonfinite\":\"-Infinity\"}", "INVALID_NUMBER"),
        ("\"NaN\"", "INVALID_NUMBER"),
        ("\"Infinity\"", "INVALID_NUMBER"),
        ("true", "INVALID_NUMBER"),
        ("[1]", "INVALID_NUMBER"),
        ("{}", "INVALID_NUMBER"),
        ("\"\\ud800\"", "INVALID_NUMBER"),
    ];
    for (cell, code) in cases {
        let lines = vec![
            serde_json::to_string(&good_row("E1", 90)).unwrap(),
            format!(r#"{{"工号":"X","a":{cell},"t":100,"自评":80,"上级":90}}"#),
            serde_json::to_string(&good_row("E3", 80)).unwrap(),
        ];
        let out = rows(&lines);
        let r = &out.results[1];
        if code == "OK" {
            assert!(r.ok, "{cell}: {:?}", r.errors);
            continue;
        }
        assert!(!r.ok, "{cell}");
        assert_eq!(r.errors[0].code.as_str(), code, "{cell}: {}", r.errors[0].messages.en);
        assert_eq!(r.errors[0].field.as_deref(), Some("a"), "{cell}");
        assert_eq!(r.errors[0].path, "rows/1/a", "{cell}");
        structured(&r.errors[0]);
        assert_eq!(out.results[0].rank, Some(1), "{cell}");
        assert_eq!(out.results[2].rank, Some(2), "{cell}");
        assert!(out.results[0].total.is_some() && out.results[2].total.is_some());
    }
}

#[test]
fn tiny_numbers_are_read_not_overflow() {
    // the same magnitude written out in plain digits is read (rounded to 28 places)
    for cell in ["5.551115123125783e-17", "1e-29", "-2.5e-30", "\"1e-29\"", "1e-400"] {
        let line = format!(r#"{{"工号":"X","a":{cell},"t":100,"自评":80,"上级":90}}"#);
        let out = rows(&[line]);
        assert!(out.results[0].ok, "{cell}: {:?}", out.results[0].errors);
        assert_eq!(
            out.results[0].indicators[0].score.map(|d| d.0.to_string()).as_deref(),
            Some("0.00"),
            "{cell}"
        );
    }
}

#[test]
fn tiny_numbers_in_plain_digits_are_read() {
    for cell in [
        "0.00000000000000005551115123125783",
        "\"0.00000000000000000000000000000001\"",
        "1e-20",
        "0.0000001",
    ] {
        let line = format!(r#"{{"工号":"X","a":{cell},"t":100,"自评":80,"上级":90}}"#);
        let out = rows(&[line]);
        assert!(out.results[0].ok, "{cell}: {:?}", out.results[0].errors);
    }
}

#[test]
fn nonfinite_cells_everywhere_a_number_goes() {
    let nan = json!({"\u{0}nonfinite": "NaN"});
    for (col, field) in [
        ("a", "a"),
        ("t", "t"),
        ("自评", "自评"),
        ("d", "d"),
        ("adj", "adj"),
        ("违规", "违规"),
    ] {
        let mut row = good_row("X", 90);
        row[col] = nan.clone();
        let out = engine()
            .evaluate_value(
                &json!({"people": [good_row("E1", 90), row, good_row("E3", 80)]}),
                &EvaluateOptions::default(),
            )
            .unwrap();
        let r = &out["results"][1];
        assert_eq!(r["ok"], false, "{col}");
        assert_eq!(r["errors"][0]["code"], "INVALID_NUMBER", "{col}");
        assert_eq!(r["errors"][0]["field"], field, "{col}");
        assert_eq!(r["errors"][0]["value"], "NaN", "{col}");
        assert!(r["errors"][0]["messages"]["en"].as_str().unwrap().contains("NaN"));
        assert_eq!(out["results"][0]["rank"], 1);
        assert_eq!(out["results"][2]["rank"], 2);
    }
    // in a tie-breaker column it is no key, not a failure; as an id it is INVALID_ID
    // (DESIGN.md, "Data checks")
    let mut row = good_row("X", 90);
    row["年限"] = nan.clone();
    let mut bad_id = good_row("Y", 90);
    bad_id["工号"] = nan;
    let out = engine()
        .evaluate_value(
            &json!({"people": [row, good_row("E2", 90), bad_id]}),
            &EvaluateOptions::default(),
        )
        .unwrap();
    assert_eq!(out["results"][0]["ok"], true);
    assert_eq!(out["results"][2]["ok"], false);
    assert_eq!(out["results"][2]["errors"][0]["code"], "INVALID_ID");
    assert_eq!(out["results"][2]["errors"][0]["value"], "NaN");
}

#[test]
fn an_unread_column_holding_anything_does_not_matter() {
    for junk in [
        "1e400",
        "-1e400",
        "99999999999999999999999999999999",
        "{\"\\u0000nonfinite\":\"NaN\"}",
        "\"\\ud800\"",
        "[[[[[]]]]]",
    ] {
        let line = format!(r#"{{"junk":{junk},"工号":"E1","a":90,"t":100,"自评":80,"上级":90}}"#);
        let out = rows(&[line]);
        assert!(out.results[0].ok, "{junk}: {:?}", out.results[0].errors);
    }
}

// ---------------------------------------------------------------- sizes

#[test]
fn a_row_with_ten_thousand_keys() {
    let mut row = good_row("E1", 90);
    for i in 0..10_000 {
        row[format!("列{i}")] = json!(i);
    }
    let out = engine()
        .evaluate_value(
            &json!({"people": [row, good_row("E2", 80)]}),
            &EvaluateOptions::default(),
        )
        .unwrap();
    assert_eq!(out["results"][0]["total"], "89.80");
    assert_eq!(out["results"][0]["rank"], 1);
    assert_eq!(out["results"][1]["rank"], 2);
}

#[test]
fn ten_thousand_rows() {
    let lines: Vec<String> = (0..10_000)
        .map(|i| {
            if i % 1000 == 7 {
                "null".to_string()
            } else {
                serde_json::to_string(&good_row(&format!("E{i}"), i % 151)).unwrap()
            }
        })
        .collect();
    let out = rows(&lines);
    assert_eq!(out.results.len(), 10_000);
    assert_eq!(out.summary.count, 10_000);
    assert_eq!(out.summary.failed, 10);
    assert_eq!(out.errors.len(), 10);
    for (i, r) in out.results.iter().enumerate() {
        assert_eq!(r.index, i);
        assert_eq!(r.ok, i % 1000 != 7, "{i}");
    }
    // the best are the rows with a ≥ 150 (capped at 1.5): a = 150
    let best: Vec<usize> = out
        .results
        .iter()
        .filter(|r| r.rank == Some(1))
        .map(|r| r.index)
        .collect();
    assert!(!best.is_empty());
    for i in best {
        assert_eq!(i % 151, 150);
    }
    let max_rank = out.results.iter().filter_map(|r| r.rank).max().unwrap();
    assert!(max_rank as usize <= 9_990);
}

#[test]
fn a_thousand_indicators() {
    let indicators: Vec<Value> = (0..1000)
        .map(|i| json!({"key": format!("k{i}"), "weight": "0.1", "actual": {"field": format!("c{}", i % 10)}, "scoring": {"type": "direct"}}))
        .collect();
    let e = Engine::from_value(&json!({ "indicators": indicators })).unwrap();
    let row: serde_json::Map<String, Value> = (0..10).map(|i| (format!("c{i}"), json!(100))).collect();
    let out = e
        .evaluate_value(&json!({"people": [Value::Object(row)]}), &EvaluateOptions::default())
        .unwrap();
    assert_eq!(out["results"][0]["total"], "100.00");
}

// ---------------------------------------------------------------- rows that are not objects

#[test]
fn rows_that_are_not_objects() {
    let lines: Vec<String> = vec![
        serde_json::to_string(&good_row("E0", 90)).unwrap(),
        "null".into(),
        "42".into(),
        "[]".into(),
        "\"row\"".into(),
        "true".into(),
        "!TypeError: cyclic object value".into(),
        "!".into(),
        String::new(),
        "   ".into(),
        "{".into(),
        "{\"a\":1} trailing".into(),
        "{\"a\":1}{\"a\":2}".into(),
        format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{{\"junk\":{}{}}}", "{\"x\":".repeat(10_000), "}".repeat(10_000)),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("!{}", long('x')),
        serde_json::to_string(&good_row("E17", 80)).unwrap(),
    ];
    let out = rows(&lines);
    assert_eq!(out.results.len(), lines.len());
    for (i, r) in out.results.iter().enumerate() {
        if i == 0 || i == lines.len() - 1 {
            assert!(r.ok, "{i}: {:?}", r.errors);
            continue;
        }
        assert!(!r.ok, "row {i} ({:.30}) should fail", lines[i]);
        let e = &r.errors[0];
        if i == 13 {
            // a nested array in a number column: the row or the cell is refused
            assert!(
                ["INVALID_ROW", "INVALID_NUMBER"].contains(&e.code.as_str()),
                "{}",
                e.code.as_str()
            );
            assert!(e.path.starts_with(&format!("rows/{i}")));
        } else {
            assert_eq!(
                e.code.as_str(),
                "INVALID_ROW",
                "row {i} ({:.30}): {}",
                lines[i],
                e.messages.en
            );
            assert_eq!(e.path, format!("rows/{i}"));
        }
        assert_eq!(e.row, Some(i));
        structured(e);
        assert!(
            e.messages.en.chars().count() < 1_000,
            "row {i}: message of {} chars",
            e.messages.en.chars().count()
        );
        assert!(r.rank.is_none() && r.total.is_none());
    }
    assert_eq!(out.results[0].rank, Some(1));
    assert_eq!(out.results[lines.len() - 1].rank, Some(2));
    assert_eq!(
        out.results[0].top_percent.map(|d| d.0.to_string()),
        Some("0.5000".into())
    );
    assert_eq!(out.summary.ok, 2);
    let unreadable = &out.results[6].errors[0];
    assert!(unreadable.messages.en.contains("cyclic"), "{}", unreadable.messages.en);
}

#[test]
fn odd_but_valid_rows() {
    let lines: Vec<String> = vec![
        // duplicate keys: no panic
        r#"{"工号":"E1","a":"abc","a":90,"t":100,"自评":80,"上级":90}"#.into(),
        // white space and escapes
        " {\"\\u5de5\\u53f7\" : \"E2\" , \"a\" : 90 , \"t\" : 100, \"自评\": \"8\\u0030\", \"上级\": 90 }\r".into(),
        // control characters and emoji in text cells
        "{\"工号\":\"\\u0000\\u0007😀\",\"a\":90,\"t\":100,\"自评\":80,\"上级\":90,\"违规\":\"\"}".into(),
    ];
    let out = rows(&lines);
    assert_eq!(out.results.len(), 3);
    assert!(out.results[1].ok, "{:?}", out.results[1].errors);
    assert_eq!(out.results[1].id.as_deref(), Some("E2"));
    assert!(out.results[2].ok, "{:?}", out.results[2].errors);
    assert_eq!(out.results[2].total, out.results[1].total);
}

// ---------------------------------------------------------------- options and head

#[test]
fn invalid_options_json() {
    let e = engine();
    let row = serde_json::to_string(&good_row("E1", 90)).unwrap();
    for opts in [
        "{",
        "[]",
        "null",
        "42",
        "\"explain\"",
        "{\"decimals\":\"float\"}",
        "{\"explain\":1}",
        "{\"explain\":\"yes\"}",
        "{\"unknown\":1}",
        "{\"locale\":5}",
        "{\"locale\":\"xx-YY\"}",
        "{\"rows\":[]}",
        "{\"rows\":{\"a\":1}}",
        "{\"rows\":{\"a\":\"nope\"}}",
        &format!("{{\"locale\":\"{}\"}}", long('x')),
        &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    ] {
        let err = jixiao::json::evaluate_encoded(&e, "{}", &row, opts).unwrap_err();
        structured(&err);
        assert_eq!(err.code.as_str(), "INVALID_INPUT", "{:.40}: {}", opts, err.messages.en);
        assert!(err.path.starts_with("options"), "{:.40}: {}", opts, err.path);
    }
    // empty options are the defaults
    for opts in ["", "  ", "{}"] {
        let json = jixiao::json::evaluate_encoded(&e, "{}", &row, opts).unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["results"][0]["total"], "89.80");
    }
}

#[test]
fn invalid_head_json() {
    let e = engine();
    let row = serde_json::to_string(&good_row("E1", 90)).unwrap();
    for head in [
        "{",
        "[]",
        "42",
        "{\"period\":true}",
        "{\"people\":[{}]}",
        "{\"people\":{}}",
    ] {
        let err = jixiao::json::evaluate_encoded(&e, head, &row, "{}").unwrap_err();
        structured(&err);
        assert_eq!(err.code.as_str(), "INVALID_INPUT", "{head}: {}", err.messages.en);
    }
    // a numeric period is read as its text
    assert!(jixiao::json::evaluate_encoded(&e, "{\"period\":2025}", &row, "{}").is_ok());
    for head in [
        "{\"period\":\"not a period\"}",
        &format!("{{\"period\":\"{}\"}}", long('9')),
    ] {
        let err = jixiao::json::evaluate_encoded(&e, head, &row, "{}").unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_DATE", "{:.40}", head);
        structured(&err);
    }
    // unused parts of the head are warnings, not failures
    let json = jixiao::json::evaluate_encoded(
        &e,
        "{\"previous\":[1],\"tables\":{\"orders\":[]},\"extra\":1}",
        &row,
        "",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["results"][0]["ok"], true);
    // and the tie-breaker column 年限 that the row lacks is COLUMN_NOT_FOUND
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["IGNORED_SETTING", "UNSUPPORTED", "COLUMN_NOT_FOUND"]);
}

#[test]
fn evaluate_value_with_hostile_inputs() {
    let e = engine();
    for input in [
        json!(null),
        json!([]),
        json!("people"),
        json!({"people": 1}),
        json!({"people": {"0": {}}}),
    ] {
        let err = e.evaluate_value(&input, &EvaluateOptions::default()).unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_INPUT", "{input}");
        structured(&err);
    }
    let out = e
        .evaluate_value(
            &json!({"people": [null, 1, [], {}, "x", good_row("E", 90)]}),
            &EvaluateOptions::default(),
        )
        .unwrap();
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for r in &results[0..3] {
        assert_eq!(r["errors"][0]["code"], "INVALID_ROW");
    }
    assert_eq!(results[3]["errors"][0]["code"], "MISSING_VALUE");
    assert_eq!(results[4]["errors"][0]["code"], "INVALID_ROW");
    assert_eq!(results[5]["rank"], 1);
}

/// A scheme that is not JSON, or too large, is named in each message's own language: no
/// Chinese word inside the English message (issue: "the 考核方案 is too large").
#[test]
fn scheme_text_errors_speak_each_locale() {
    let too_large = format!("{{\"x\":\"{}\"}}", "a".repeat(5 << 20));
    for (text, code) in [
        ("{", "INVALID_JSON"),
        ("nope", "INVALID_JSON"),
        (too_large.as_str(), "TOO_LARGE"),
    ] {
        let e = Engine::from_json(text).unwrap_err();
        assert_eq!(e.code.as_str(), code);
        assert!(e.messages.en.starts_with("the scheme is"), "{}", e.messages.en);
        assert!(
            !e.messages.en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            e.messages.en
        );
        assert!(e.messages.zh_cn.starts_with("考核方案"), "{}", e.messages.zh_cn);
        let report = validate_scheme_json(text, Some(Locale::En));
        assert_eq!(report.issues[0].message, e.messages.en);
    }
}
