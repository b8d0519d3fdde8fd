//! Tests of the WebAssembly binding (`src/wasm.rs`), run by wasm-bindgen-test in
//! Node and in headless Chromium (see scripts/test.sh):
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm
//! WASM_BINDGEN_USE_BROWSER=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm
//! ```
//!
//! Every hostile input must come back as an `Err` holding the error JSON with a
//! `code` — never a trap (a panic aborts the whole wasm instance).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use jixiao::wasm::{
    allocate_json_binding, commission_json_binding, decompose_json_binding, decompose_tree_json_binding,
    indicators_json_binding, replan_json_binding, template_json_binding, templates_json_binding,
    validate_scheme_json_binding, version, EngineCore,
};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A valid one-indicator scheme.
fn scheme() -> Value {
    json!({
        "fields": { "id": "工号", "name": "姓名" },
        "indicators": [{
            "key": "revenue", "name": "销售额达成率", "weight": 100,
            "actual": { "field": "销售额" }, "target": { "field": "销售目标" },
            "scoring": { "type": "linear", "floor": "0.6", "cap": "1.2" }
        }],
        "grades": { "type": "bands", "bands": [ { "grade": "A", "min": 85 }, { "grade": "B", "min": 0 } ] }
    })
}

/// The thrown value must be a string holding error JSON with a non-empty `code` and
/// the three messages. Returns the parsed error.
fn thrown(err: JsValue) -> Value {
    let text = err
        .as_string()
        .unwrap_or_else(|| panic!("thrown value is not a string: {err:?}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("thrown text is not JSON ({e}): {text}"));
    let code = v["code"].as_str().unwrap_or_default();
    assert!(!code.is_empty(), "no code in {text}");
    for locale in ["zh-CN", "zh-TW", "en"] {
        assert!(v["messages"][locale].is_string(), "no {locale} message in {text}");
    }
    assert!(v["path"].is_string(), "no path in {text}");
    v
}

fn new_err(scheme_json: &str) -> Value {
    match EngineCore::new(scheme_json) {
        Ok(_) => panic!(
            "EngineCore::new accepted {:?}",
            scheme_json.chars().take(80).collect::<String>()
        ),
        Err(e) => thrown(e),
    }
}

fn engine() -> EngineCore {
    EngineCore::new(&scheme().to_string()).unwrap_or_else(|e| panic!("valid scheme rejected: {e:?}"))
}

fn evaluate(core: &EngineCore, rows: &[&str]) -> Result<Value, Value> {
    evaluate_with(core, "{}", &rows.join("\n"), "{}")
}

/// `EngineCore::evaluate` without a progress function, its parts assembled.
fn evaluate_with(core: &EngineCore, head: &str, rows: &str, options: &str) -> Result<Value, Value> {
    core.evaluate(head, rows, options, None)
        .map(|parts| assemble(&parts))
        .map_err(thrown)
}

/// The output from its parts, as the JS package's `readOutput` assembles it: pairs of a
/// long list's key and a JSON array of its next items, then the rest of the output.
fn assemble(parts: &js_sys::Array) -> Value {
    let texts: Vec<String> = parts
        .iter()
        .map(|p| p.as_string().expect("each part is a string"))
        .collect();
    let (envelope, pairs) = texts.split_last().expect("at least the envelope");
    let mut out: Value = serde_json::from_str(envelope).expect("the envelope is JSON");
    for pair in pairs.chunks(2) {
        let items: Vec<Value> = serde_json::from_str(&pair[1]).expect("a part is a JSON array");
        out[&pair[0]]
            .as_array_mut()
            .expect("the envelope holds the list")
            .extend(items);
    }
    out
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn validate_returns_a_json_report() {
    let text = validate_scheme_json_binding(&scheme().to_string(), Some("en".into()));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], Value::Bool(true), "{text}");
    assert!(v["issues"].is_array());
}

#[wasm_bindgen_test]
fn validate_never_throws_on_garbage() {
    let deep = "[".repeat(10_000);
    let long = format!("\"{}\"", "万".repeat(10_000));
    for input in [
        "",
        "{",
        "null",
        "42",
        "[]",
        deep.as_str(),
        long.as_str(),
        "{\"__proto__\": {}}",
    ] {
        for locale in [None, Some("zh-TW".to_string()), Some("fr".to_string())] {
            let text = validate_scheme_json_binding(input, locale);
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
            assert!(v["ok"].is_boolean() && v["issues"].is_array(), "{text}");
        }
    }
}

#[wasm_bindgen_test]
fn validate_reports_bad_json_as_not_ok() {
    let text = validate_scheme_json_binding("{ not json", None);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], Value::Bool(false), "{text}");
    assert!(v["issues"][0]["code"].is_string(), "{text}");
}

#[wasm_bindgen_test]
fn bad_json_scheme_is_an_error() {
    for bad in ["", "{", "{\"indicators\": [}", "nul", "\u{feff}"] {
        let e = new_err(bad);
        assert_eq!(e["code"], "INVALID_JSON", "{bad:?}: {e}");
    }
}

#[wasm_bindgen_test]
fn wrong_types_are_errors() {
    for bad in [
        "null",
        "42",
        "\"scheme\"",
        "[]",
        "true",
        "{\"indicators\": 5}",
        "{\"indicators\": [{\"weight\": {}}]}",
    ] {
        new_err(bad);
    }
}

#[wasm_bindgen_test]
fn empty_scheme_is_an_error() {
    let e = new_err("{}");
    assert_eq!(e["code"], "INVALID_SCHEME", "{e}");
}

#[wasm_bindgen_test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    new_err(&"[".repeat(10_000));
    new_err(&format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)));
    let mut s = scheme();
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    s["indicators"][0]["scoring"]["cap"] = deep;
    new_err(&s.to_string());
}

#[wasm_bindgen_test]
fn very_long_strings_are_errors() {
    let mut s = scheme();
    s["indicators"][0]["weight"] = Value::String("9".repeat(10_000));
    new_err(&s.to_string());
    let mut s = scheme();
    s["indicators"][0]["scoring"]["type"] = Value::String("x".repeat(10_000));
    let e = new_err(&s.to_string());
    // The error repeats at most a short excerpt of the value.
    assert!(e.to_string().len() < 5_000, "error is {} bytes", e.to_string().len());
}

#[wasm_bindgen_test]
fn proto_keys_are_plain_data() {
    let text = r#"{"__proto__": {"indicators": []}, "constructor": {"prototype": {}}}"#;
    new_err(text);
    let mut s = scheme();
    s["indicators"][0]["__proto__"] = json!({ "weight": 100 });
    // An unknown key is at most a warning: whatever happens must not be a trap.
    let _ = EngineCore::new(&s.to_string()).map_err(thrown);
}

#[wasm_bindgen_test]
fn huge_numbers_are_errors() {
    for w in [
        "1e400",
        "1e29",
        "-1e400",
        "79228162514264337593543950336",
        "0.0000000000000000000000000000001e-400",
    ] {
        let text = scheme()
            .to_string()
            .replace("\"weight\":100", &format!("\"weight\":{w}"));
        assert!(text.contains(w), "replacement failed: {text}");
        new_err(&text);
    }
}

#[wasm_bindgen_test]
fn evaluate_scores_a_row() {
    let core = engine();
    let out = evaluate(
        &core,
        &[r#"{"工号":"E1","姓名":"张三","销售额":"120万","销售目标":1000000}"#],
    )
    .unwrap();
    assert_eq!(out["results"][0]["ok"], Value::Bool(true), "{out}");
    assert_eq!(out["results"][0]["total"], "120.00", "{out}");
}

#[wasm_bindgen_test]
fn hostile_rows_are_row_errors_and_the_engine_keeps_working() {
    let core = engine();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let long = format!(r#"{{"工号":"E3","销售额":"{}","销售目标":1}}"#, "9".repeat(10_000));
    let rows = [
        r#"{"工号":"E1","销售额":"120万","销售目标":1000000}"#,
        "42",
        "null",
        "!TypeError: Converting circular structure to JSON",
        r#"{"工号":"E2","销售额":{"\u0000nonfinite":"NaN"},"销售目标":1}"#,
        long.as_str(),
        deep.as_str(),
        r#"{"__proto__":{"销售额":1},"工号":"E4","销售目标":1}"#,
        r#"{"工号":"E5","销售额":1e400,"销售目标":1}"#,
        "{ not json",
    ];
    let out = evaluate(&core, &rows).unwrap();
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), rows.len(), "{out}");
    assert_eq!(results[0]["ok"], Value::Bool(true), "{out}");
    for (i, r) in results.iter().enumerate().skip(1) {
        assert_eq!(r["ok"], Value::Bool(false), "row {i}: {r}");
        assert!(r["errors"][0]["code"].is_string(), "row {i}: {r}");
    }
    // Still works afterwards.
    let again = evaluate(&core, &[rows[0]]).unwrap();
    assert_eq!(again["results"][0]["total"], "120.00", "{again}");
}

#[wasm_bindgen_test]
fn malformed_head_and_options_are_errors() {
    let core = engine();
    for (head, opts) in [
        ("{", "{}"),
        ("[]", "{}"),
        ("{}", "{"),
        ("{}", "[]"),
        ("{\"people\": 5}", "{}"),
        (&*"[".repeat(10_000), "{}"),
    ] {
        match core.evaluate(head, "", opts, None) {
            Ok(parts) => panic!("accepted head {head:?} options {opts:?}: {parts:?}"),
            Err(e) => {
                thrown(e);
            }
        }
    }
}

#[wasm_bindgen_test]
fn decompose_and_replan_cross_the_boundary_and_never_trap() {
    let out = decompose_json_binding(r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["parts"][0]["value"], "33.34");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let long = format!(r#"{{"total":"{}","parts":[{{"key":"A"}}]}}"#, "9".repeat(10_000));
    for bad in [
        "",
        "null",
        "[]",
        "{}",
        deep.as_str(),
        long.as_str(),
        r#"{"total":1e400,"parts":[{"key":"A"}]}"#,
    ] {
        let e = thrown(decompose_json_binding(bad).unwrap_err());
        assert!(e["code"].is_string(), "{bad:.40}");
        let e = thrown(replan_json_binding(bad).unwrap_err());
        assert!(e["code"].is_string(), "{bad:.40}");
    }
}

#[wasm_bindgen_test]
fn commission_and_allocate_cross_the_boundary_and_never_trap() {
    let out = commission_json_binding(
        r#"{"plan":{"tiers":[{"from":0,"rate":"0.02"},{"from":500000,"rate":"0.03"}]},"base":"125万"}"#,
    )
    .unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["amount"], "32500.00");
    let out = allocate_json_binding(r#"{"amount":"100.00","weights":[1,1,1]}"#).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["parts"], json!(["33.34", "33.33", "33.33"]));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let many_tiers = format!(
        r#"{{"plan":{{"tiers":[{}]}},"base":"1e20"}}"#,
        (0..5000)
            .map(|i| format!(r#"{{"from":{i},"rate":"0.01"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let many_weights = format!(r#"{{"amount":"1","weights":[{}]}}"#, vec!["1"; 100_000].join(","));
    for bad in [
        "",
        "null",
        "[]",
        "{}",
        deep.as_str(),
        r#"{"plan":{"tiers":[{"from":0,"rate":"1e400"}]},"base":1}"#,
        r#"{"plan":{"tiers":[{"from":0,"rate":"79228162514264337593543950335"}]},"base":"79228162514264337593543950335"}"#,
        r#"{"amount":"79228162514264337593543950335","weights":["0.0000000000000000000000000001",1]}"#,
        r#"{"amount":"1","weights":[1],"unit":"0"}"#,
    ] {
        let e = thrown(commission_json_binding(bad).unwrap_err());
        assert!(e["code"].is_string(), "{bad:.40}");
        let e = thrown(allocate_json_binding(bad).unwrap_err());
        assert!(e["code"].is_string(), "{bad:.40}");
    }
    // big but valid inputs answer (a value or an error), without trapping
    let _ = commission_json_binding(&many_tiers);
    let _ = allocate_json_binding(&many_weights);
}

/// A chain of `levels` tree nodes as JSON text.
fn tree_chain(levels: usize) -> String {
    format!(
        r#"{{"total":100,"unit":1,"root":{}{{"id":"leaf"}}{}}}"#,
        r#"{"id":"n","children":["#.repeat(levels.saturating_sub(1)),
        "]}".repeat(levels.saturating_sub(1))
    )
}

#[wasm_bindgen_test]
fn decompose_tree_crosses_the_boundary() {
    let out = decompose_tree_json_binding(
        r#"{"total":"1000","unit":1,"uplift":"10%","root":{"id":"co","children":[{"id":"a","children":[{"id":"a1"},{"id":"a2"}]},{"id":"b"}]}}"#,
    )
    .unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], "1100");
    let values: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["1100", "550", "275", "275", "550"]);
    // a wide tree of 20 000 people under 200 teams
    let teams: Vec<String> = (0..200)
        .map(|t| {
            let reps: Vec<String> = (0..100).map(|r| format!(r#"{{"id":"r{t}_{r}"}}"#)).collect();
            format!(r#"{{"id":"t{t}","children":[{}]}}"#, reps.join(","))
        })
        .collect();
    let wide = format!(
        r#"{{"total":"1亿","unit":1,"root":{{"id":"co","children":[{}]}}}}"#,
        teams.join(",")
    );
    let v: Value = serde_json::from_str(&decompose_tree_json_binding(&wide).unwrap()).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 20_201);
}

#[wasm_bindgen_test]
fn decompose_tree_hostile_input_is_a_jixiao_error_never_a_trap() {
    let too_many = format!(
        r#"{{"total":1,"root":{{"id":"co","children":[{}]}}}}"#,
        (0..100_000)
            .map(|i| format!(r#"{{"id":"p{i}"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let brackets = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let long_id = format!(
        r#"{{"total":1,"root":{{"id":"{}","children":[{{"id":"a"}},{{"id":"a"}}]}}}}"#,
        "长".repeat(100_000)
    );
    let cases: Vec<(String, &str)> = vec![
        (tree_chain(33), "TOO_LARGE"),
        (tree_chain(64), "TOO_LARGE"),
        (tree_chain(50_000), "TOO_LARGE"),
        (brackets, "TOO_LARGE"),
        (too_many, "TOO_LARGE"),
        (long_id, "DUPLICATE_KEY"),
        (String::new(), "INVALID_JSON"),
        ("null".into(), "INVALID_INPUT"),
        ("[]".into(), "INVALID_INPUT"),
        ("{}".into(), "INVALID_INPUT"),
        (r#"{"total":{},"root":{"id":"co"}}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1,"root":[]}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1,"root":{"id":null}}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1,"root":{"id":"co","children":"x"}}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1,"method":"capacity","root":{"id":"co","children":[{"id":"a","capacity":"abc"}]}}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1,"ramp":"fast","root":{"id":"co"}}"#.into(), "INVALID_INPUT"),
        (r#"{"total":1e400,"root":{"id":"co"}}"#.into(), "INVALID_JSON"),
        (r#"{"total":"79228162514264337593543950335","uplift":"1","root":{"id":"co"}}"#.into(), "OVERFLOW"),
        (r#"{"total":"79228162514264337593543950335","unit":1,"method":"weights","root":{"id":"co","children":[{"id":"a","weight":"79228162514264337593543950335"},{"id":"b","weight":"79228162514264337593543950335"}]}}"#.into(), "OVERFLOW"),
        // the largest decimal cannot be split in cents exactly: refused at the unit
        (r#"{"total":"79228162514264337593543950335","root":{"id":"co","children":[{"id":"a"},{"id":"b"}]}}"#.into(), "INVALID_SETTING"),
        (r#"{"total":1,"asOf":"2025-01-01","ramp":["79228162514264337593543950335"],"method":"weights","root":{"id":"co","children":[{"id":"a","weight":"79228162514264337593543950335","start":"2024-01-01"}]}}"#.into(), "OVERFLOW"),
        (r#"{"total":1,"asOf":"9999-12-31","root":{"id":"co","children":[{"id":"a","start":"0001-01-01"}]}}"#.into(), ""),
    ];
    for (bad, code) in &cases {
        match decompose_tree_json_binding(bad) {
            Ok(out) => assert!(code.is_empty(), "accepted {:.60}: {:.200}", bad, out),
            Err(e) => {
                let e = thrown(e);
                if !code.is_empty() {
                    assert_eq!(e["code"], *code, "{:.60}: {}", bad, e["message"]);
                }
            }
        }
    }
    // the instance still works after all of that
    let out = decompose_tree_json_binding(
        r#"{"total":3,"unit":1,"root":{"id":"co","children":[{"id":"a"},{"id":"b"},{"id":"c"}]}}"#,
    )
    .unwrap();
    assert!(out.contains(r#""value":"1""#));
}

/// A scheme whose indicator is `formula`.
fn formula_scheme(formula: &str) -> String {
    json!({
        "fields": { "id": "工号" },
        "indicators": [{ "key": "k", "weight": 100, "actual": { "formula": formula },
                         "scoring": { "type": "direct" } }]
    })
    .to_string()
}

#[wasm_bindgen_test]
fn hostile_formulas_are_structured_errors_with_positions() {
    let nested = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let huge = "1+".repeat(512 * 1024) + "1";
    let cases: [(&str, &[&str]); 6] = [
        (&nested, &["TOO_LARGE", "FORMULA_SYNTAX"]),
        (&huge, &["TOO_LARGE"]),
        ("(1 + 2", &["FORMULA_SYNTAX"]),
        ("1 + 2)", &["FORMULA_SYNTAX"]),
        ("NOSUCH(1)", &["FORMULA_SYNTAX"]),
        ("'a' + 1 <", &["FORMULA_SYNTAX"]),
    ];
    for (formula, codes) in cases {
        let e = new_err(&formula_scheme(formula));
        assert_eq!(e["code"], "INVALID_SCHEME");
        let issue = &e["issues"][0];
        let code = issue["code"].as_str().unwrap_or_default();
        assert!(codes.contains(&code), "{}: {issue}", &formula[..formula.len().min(20)]);
        assert_eq!(issue["path"], "/indicators/0/actual/formula");
        if code == "FORMULA_SYNTAX" {
            assert!(issue["position"].is_u64(), "{issue}");
        }
    }
    // errors only a row can show (type errors, division by zero) fail that row alone
    let core = EngineCore::new(&formula_scheme("a / b + IF(c, 1, 0)")).unwrap();
    let out = evaluate(
        &core,
        &[r#"{"a":1,"b":0}"#, r#"{"a":"x","b":1}"#, r#"{"a":3,"b":2,"c":true}"#],
    )
    .unwrap();
    assert_eq!(out["results"][0]["errors"][0]["code"], "ZERO_DIVISOR");
    assert_eq!(out["results"][1]["errors"][0]["code"], "FORMULA_TYPE");
    assert_eq!(out["results"][2]["total"], "2.50");
    // and the module keeps working
    assert_eq!(
        evaluate(&engine(), &[r#"{"销售额":1,"销售目标":1}"#]).unwrap()["results"][0]["total"],
        "100.00"
    );
}

#[wasm_bindgen_test]
fn raw_tables_cross_the_boundary_in_the_head() {
    let scheme = json!({
        "fields": { "id": "工号", "name": "姓名" },
        "measures": { "签约额": { "table": "orders", "op": "sum", "field": "金额", "owner": "负责人",
                                  "date": "日期", "split": { "owners": "协作人" } } },
        "indicators": [{ "key": "r", "weight": 100, "actual": { "field": "签约额" }, "target": { "value": "300" },
                         "scoring": { "type": "linear" } }]
    });
    let core = EngineCore::new(&scheme.to_string()).unwrap();
    let head = json!({ "period": "2025-03", "tables": { "orders": [
        { "负责人": [{ "id": "ou_1", "name": "张三" }], "协作人": "E2", "金额": "100.01", "日期": 1741104000000i64 },
        { "负责人": "E2", "金额": "-0.01", "日期": "2025-03-31T15:59:59Z" },
        { "负责人": "E2", "金额": "1000", "日期": "2025-03-31T16:00:00Z" },
        { "负责人": "张三", "金额": "abc", "日期": "2025-02-01" }
    ] } });
    let rows = [r#"{"工号":"E1","姓名":"张三"}"#, r#"{"工号":"E2","姓名":"李四"}"#].join("\n");
    let out = evaluate_with(&core, &head.to_string(), &rows, "{}").unwrap();
    assert_eq!(out["results"][0]["indicators"][0]["actual"], "50.01");
    assert_eq!(out["results"][1]["indicators"][0]["actual"], "49.99");
    let bad = json!({ "tables": { "orders": "nope" } });
    let e = evaluate_with(&core, &bad.to_string(), &rows, "{}").unwrap_err();
    assert_eq!(e["code"], "INVALID_INPUT");
    assert_eq!(e["path"], "tables/orders");
}

#[wasm_bindgen_test]
fn evaluate_periods_crosses_the_boundary_and_never_traps() {
    let core = engine();
    let shared = r#"{"工号":"E1","销售额":"80万","销售目标":1000000}"#;
    let q2 = [
        r#"{"工号":"E1","销售额":"100万","销售目标":1000000}"#,
        "!TypeError: Converting circular structure to JSON",
        r#"{"工号":"E2","销售额":{"\u0000nonfinite":"NaN"},"销售目标":1}"#,
    ]
    .join("\n");
    let head = r#"{"periods":["2025-Q1",{"period":"2025-Q2","people":{"\u0000rows":1}}],"compose":{"weights":{"2025-Q1":1,"2025-Q2":3}}}"#;
    let text = core
        .evaluate_periods(
            head,
            &format!("{shared}\u{1e}{q2}"),
            r#"{"explain":true,"locale":"en"}"#,
        )
        .map_err(thrown)
        .unwrap();
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["periods"][0]["results"][0]["total"], "80.00", "{out}");
    assert_eq!(out["periods"][1]["results"].as_array().unwrap().len(), 3, "{out}");
    assert_eq!(
        out["periods"][1]["results"][1]["errors"][0]["code"], "INVALID_ROW",
        "{out}"
    );
    // E1: (80 + 3 × 100) / 4 = 95.00
    let e1 = &out["composite"]["results"][0];
    assert_eq!(e1["total"], "95.00", "{out}");
    assert_eq!(e1["grade"], "A", "{out}");
    assert!(
        e1["explain"]["lines"][2]
            .as_str()
            .unwrap()
            .starts_with("2025 = Q1 80.00 × 25%"),
        "{out}"
    );
    // hostile heads, rows and options are errors (or row errors), never traps
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let many = format!(
        r#"{{"periods":[{}]}}"#,
        (0..1001)
            .map(|i| format!("\"{}\"", 1000 + i))
            .collect::<Vec<_>>()
            .join(",")
    );
    let long = format!(r#"{{"periods":["{}"]}}"#, "长".repeat(100_000));
    for (head, rows, options, code) in [
        ("{", "", "{}", "INVALID_JSON"),
        ("[]", "", "{}", "INVALID_INPUT"),
        ("null", "", "{}", "INVALID_INPUT"),
        (r#"{"periods":["2025"]}"#, "", "[]", "INVALID_INPUT"),
        (r#"{"periods":["2025"]}"#, "", "{", "INVALID_INPUT"),
        (r#"{"people":5,"periods":["2025"]}"#, "", "{}", "INVALID_INPUT"),
        (r#"{"periods":{"year":1e400,"by":"month"}}"#, "", "{}", "INVALID_JSON"),
        (
            r#"{"periods":{"year":99999999999,"by":"month"}}"#,
            "",
            "{}",
            "INVALID_INPUT",
        ),
        (
            r#"{"periods":["2025"],"compose":{"weights":{"2025":"79228162514264337593543950336"}}}"#,
            "",
            "{}",
            "INVALID_INPUT",
        ),
        (
            r#"{"periods":[{"period":"2025","people":{"\u0000rows":99}}]}"#,
            "",
            "{}",
            "INVALID_INPUT",
        ),
        (r#"{"periods":["2025-Q5"]}"#, "", "{}", "INVALID_DATE"),
        (deep.as_str(), "", "{}", "INVALID_JSON"),
        (many.as_str(), "", "{}", "TOO_LARGE"),
        (long.as_str(), "", "{}", "INVALID_DATE"),
    ] {
        match core.evaluate_periods(head, rows, options) {
            Ok(text) => panic!("accepted {:.60}: {:.200}", head, text),
            Err(e) => assert_eq!(thrown(e)["code"], code, "{:.60}", head),
        }
    }
    // huge weights and totals overflow per person, not the call
    let text = core
        .evaluate_periods(
            r#"{"periods":["2025-01","2025-02"],"compose":{"weights":{"2025-01":"79228162514264337593543950335","2025-02":"79228162514264337593543950335"}}}"#,
            shared,
            "{}",
        )
        .map_err(thrown)
        .unwrap();
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["composite"]["results"][0]["errors"][0]["code"], "OVERFLOW", "{out}");
    // the instance still works
    let again = evaluate(&core, &[shared]).unwrap();
    assert_eq!(again["results"][0]["total"], "80.00", "{again}");
}

#[wasm_bindgen_test]
fn templates_and_the_library_cross_the_boundary_and_evaluate() {
    let all: Value = serde_json::from_str(&templates_json_binding(r#"{"locale":"en"}"#).unwrap()).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 8);
    for t in all {
        let engine =
            EngineCore::new(&t["scheme"].to_string()).unwrap_or_else(|e| panic!("{}: {:?}", t["key"], thrown(e)));
        let people: Vec<String> = t["sample"]["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::to_string)
            .collect();
        let head = json!({ "period": t["sample"]["period"], "tables": t["sample"]["tables"] });
        let out = evaluate_with(&engine, &head.to_string(), &people.join("\n"), r#"{"explain":true}"#).unwrap();
        let results = out["results"].as_array().unwrap();
        assert_eq!(results.len(), people.len());
        assert!(results
            .iter()
            .any(|r| r["ok"] == true && !r["explain"]["lines"].as_array().unwrap().is_empty()));
    }
    let one: Value = serde_json::from_str(&template_json_binding("kpi_okr", "{}").unwrap()).unwrap();
    assert_eq!(one["key"], "kpi_okr");
    assert_eq!(
        thrown(template_json_binding("nope", "{}").unwrap_err())["code"],
        "UNKNOWN_KEY"
    );
    assert_eq!(
        thrown(templates_json_binding("{").unwrap_err())["code"],
        "INVALID_INPUT"
    );
    assert_eq!(
        thrown(indicators_json_binding(r#"{"locale":5}"#).unwrap_err())["code"],
        "INVALID_INPUT"
    );
    let lib: Value = serde_json::from_str(&indicators_json_binding("").unwrap()).unwrap();
    assert!(lib.as_array().unwrap().iter().any(|e| e["key"] == "collection_rate"));
    // a scheme using the library by key compiles through the binding; an unknown key is refused
    let e = thrown(
        EngineCore::new(r#"{"indicators":[{"library":"nope","weight":100}]}"#)
            .err()
            .unwrap(),
    );
    assert_eq!(e["code"], "INVALID_SCHEME");
    assert_eq!(e["issues"][0]["path"], "/indicators/0/library");
}

// ---------------------------------------------------------------- host adapters

const HUOBAN: &str = include_str!("fixtures/hosts/huoban.json");
const FEISHU: &str = include_str!("fixtures/hosts/feishu.json");
const JIANDAOYUN: &str = include_str!("fixtures/hosts/jiandaoyun.json");

#[wasm_bindgen_test]
fn host_adapters_read_and_write_across_the_boundary() {
    use jixiao::wasm::{
        from_feishu_json_binding, from_huoban_json_binding, from_jiandaoyun_json_binding, to_feishu_json_binding,
        to_huoban_json_binding, to_jiandaoyun_json_binding,
    };
    let hb: Value = serde_json::from_str(HUOBAN).unwrap();
    let fs: Value = serde_json::from_str(FEISHU).unwrap();
    let jd: Value = serde_json::from_str(JIANDAOYUN).unwrap();
    let a: Value = serde_json::from_str(
        &from_huoban_json_binding(&hb["items"].to_string(), &hb["fields"].to_string(), "").unwrap(),
    )
    .unwrap();
    let options = json!({ "fields": fs["fields"] }).to_string();
    let b: Value =
        serde_json::from_str(&from_feishu_json_binding(&fs["records"].to_string(), &options).unwrap()).unwrap();
    let c: Value = serde_json::from_str(
        &from_jiandaoyun_json_binding(&jd["data"].to_string(), &jd["widgets"].to_string(), "{}").unwrap(),
    )
    .unwrap();
    for out in [&a, &b, &c] {
        assert_eq!(out["errors"], json!([]));
        assert_eq!(out["rows"].as_array().unwrap().len(), 8);
        assert_eq!(out["rows"][4]["合同金额"], json!(-12000));
        assert_eq!(out["rows"][2]["签约日期"], "2025-02-28 14:30:00");
        assert_eq!(out["rows"][5]["备注"], "@王五 联合拜访成交");
    }
    let body: Value = serde_json::from_str(&to_feishu_json_binding(&b["rows"].to_string(), &options).unwrap()).unwrap();
    assert_eq!(
        body["records"][0]["fields"]["签约日期"],
        fs["records"]["data"]["items"][0]["fields"]["签约日期"]
    );
    let body: Value =
        serde_json::from_str(&to_huoban_json_binding(&a["rows"].to_string(), &hb["fields"].to_string(), "").unwrap())
            .unwrap();
    assert_eq!(body["items"][0]["fields"]["2200000150845865"], json!([1001]));
    let body: Value = serde_json::from_str(
        &to_jiandaoyun_json_binding(&c["rows"].to_string(), &jd["widgets"].to_string(), "").unwrap(),
    )
    .unwrap();
    assert_eq!(body["items"][0]["data"]["amount"]["value"], json!(120000));
}

#[wasm_bindgen_test]
fn host_adapters_hostile_input_is_a_jixiao_error_never_a_trap() {
    use jixiao::wasm::{
        from_feishu_json_binding, from_huoban_json_binding, from_jiandaoyun_json_binding, to_feishu_json_binding,
        to_huoban_json_binding, to_jiandaoyun_json_binding,
    };
    let brackets = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let long_key = format!(
        r#"[{{"item_id":1,"fields":{{"{}":"2025-02-30"}}}}]"#,
        "长".repeat(100_000)
    );
    let huge_ms = r#"[{"record_id":"r","fields":{"d":1e308,"e":-9223372036854775808,"f":18446744073709551615}}]"#;
    let inputs: Vec<String> = vec![
        String::new(),
        "null".into(),
        "{".into(),
        "[1,2,3]".into(),
        r#"{"data":{"items":"x"}}"#.into(),
        brackets,
        long_key,
        huge_ms.into(),
        r#"[{"_id":"a","x":{"\u0000nonfinite":"NaN"}}]"#.into(),
    ];
    let options = [
        "",
        r#"{"utcOffset":"+99:99"}"#,
        r#"{"dates":["d","e","f"],"locale":"en"}"#,
        r#"{"fields":[{"field_name":"x","type":2}]}"#,
        "[]",
    ];
    for input in &inputs {
        for o in options {
            let results = [
                from_huoban_json_binding(input, input, o),
                from_feishu_json_binding(input, o),
                from_jiandaoyun_json_binding(input, input, o),
                to_huoban_json_binding(input, r#"[{"field_id":1,"name":"x","type":"number"}]"#, o),
                to_feishu_json_binding(input, o),
                to_jiandaoyun_json_binding(input, r#"[{"name":"_widget_1","label":"x","type":"number"}]"#, o),
            ];
            for r in results {
                match r {
                    Ok(out) => {
                        let v: Value = serde_json::from_str(&out).unwrap();
                        for e in v["errors"].as_array().unwrap() {
                            assert!(e["code"].is_string() && e["path"].as_str().unwrap().chars().count() <= 301);
                        }
                    }
                    Err(e) => {
                        thrown(e);
                    }
                }
            }
        }
    }
    // the instance still works after all of that
    let out = from_feishu_json_binding(
        r#"[{"record_id":"r","fields":{"d":1741104000000}}]"#,
        r#"{"dates":["d"]}"#,
    )
    .unwrap();
    assert!(out.contains(r#""d":"2025-03-05""#));
}

/// Columns cross as typed arrays (`js_sys`): a `Float64Array` column, a mixed column with
/// its kinds and joined texts, a row sent whole; the same output as the same rows as lines.
#[wasm_bindgen_test]
fn columns_cross_as_typed_arrays() {
    let core = engine();
    let numbers = js_sys::Array::new();
    numbers.push(&js_sys::Float64Array::from(&[1_200_000.0, 0.1, f64::NAN][..]));
    numbers.push(&js_sys::Float64Array::from(&[0.0, 0.0, 1_000_000.0][..]));
    let kinds = js_sys::Array::new();
    kinds.push(&js_sys::Uint8Array::from(&[3u8, 3, 2][..]));
    let layout = r#"{"rows":3,"columns":[["销售额",3,1],["销售目标",3,2],["备注",3,0]],"lines":[1]}"#;
    let by_columns = core
        .evaluate_columns(
            "{}",
            layout,
            numbers,
            kinds,
            "100万\u{0}1万",
            "{\"销售额\":5}",
            "{}",
            None,
        )
        .unwrap();
    let rows = [
        "{\"销售额\":1200000,\"销售目标\":\"100万\"}",
        "{\"销售额\":5}",
        "{\"销售额\":{\"\\u0000nonfinite\":\"NaN\"},\"销售目标\":1000000}",
    ];
    let out = assemble(&by_columns);
    assert_eq!(out, evaluate_with(&core, "{}", &rows.join("\n"), "{}").unwrap());
    assert_eq!(out["results"][0]["total"], "120.00");
    assert_eq!(out["results"][2]["errors"][0]["code"], "INVALID_NUMBER");
    // a column of another length is thrown, naming it
    let short = js_sys::Array::new();
    short.push(&js_sys::Float64Array::from(&[1.0][..]));
    let e = core
        .evaluate_columns(
            "{}",
            r#"{"rows":3,"columns":[["销售额",1,1]]}"#,
            short,
            js_sys::Array::new(),
            "",
            "",
            "{}",
            None,
        )
        .map_err(thrown)
        .unwrap_err();
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str()),
        (Some("INVALID_INPUT"), Some("columns/销售额"))
    );
    let mut read = core.columns_read();
    read.sort();
    let mut want = ["工号", "姓名", "销售额", "销售目标"];
    want.sort();
    assert_eq!(read, want);
}
