//! Data checks that speak (DESIGN.md, "Data checks"): negative targets, achievements far
//! beyond an uncapped target, ids that are not ids, rows that share an id.

use crate::common::{engine, evaluate_people};
use jixiao::{EvaluateOptions, OutputMode};
use serde_json::{json, Value};

/// One linear indicator, 销售额 ÷ 目标, uncapped unless `cap` is given; 工号 is the id.
fn scheme(cap: Option<&str>) -> Value {
    let mut scoring = json!({ "type": "linear" });
    if let Some(c) = cap {
        scoring["cap"] = json!(c);
    }
    json!({
        "fields": { "id": "工号", "name": "姓名" },
        "indicators": [{ "key": "rev", "name": "销售额达成", "weight": 100,
            "actual": { "field": "销售额" }, "target": { "field": "目标" }, "scoring": scoring }]
    })
}

fn person(id: Value, actual: &str, target: &str) -> Value {
    json!({ "工号": id, "姓名": "某", "销售额": actual, "目标": target })
}

fn codes(errors: &Value) -> Vec<String> {
    errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_negative_target_is_out_of_range_and_only_its_row_fails() {
    // (target, the row's error code or None when it scores; the score when it does)
    let cases = [
        ("-1000000", Some("OUT_OF_RANGE"), None),
        ("-0.01", Some("OUT_OF_RANGE"), None),
        ("0", Some("ZERO_DIVISOR"), None),
        ("-0", Some("ZERO_DIVISOR"), None),
        ("1000000", None, Some("50.00")),
    ];
    for (target, code, score) in cases {
        let people = json!([person(json!("E1"), "500000", target), person(json!("E2"), "80", "100")]);
        let out = evaluate_people(&scheme(None), people, &EvaluateOptions::default());
        let r = &out["results"][0];
        match code {
            Some(code) => {
                assert_eq!(
                    (r["ok"].clone(), codes(&r["errors"])),
                    (json!(false), vec![code.to_string()]),
                    "{target}"
                );
                assert_eq!(r["errors"][0]["path"], "rows/0/目标", "{target}");
            }
            None => assert_eq!(r["indicators"][0]["score"], json!(score.unwrap()), "{target}"),
        }
        assert_eq!(out["results"][1]["total"], "80.00", "the other row scores ({target})");
    }
    let out = evaluate_people(
        &scheme(None),
        json!([person(json!("E1"), "-500000", "-1000000")]),
        &EvaluateOptions::default(),
    );
    let e = &out["results"][0]["errors"][0];
    assert_eq!(e["value"], "-1000000");
    assert!(
        e["messages"]["en"].as_str().unwrap().contains("must not be below 0"),
        "{e}"
    );
    assert!(e["messages"]["zh-CN"].as_str().unwrap().contains("不能小于 0"), "{e}");
}

#[test]
fn uncapped_achievements_beyond_ten_times_the_target_are_warned_about() {
    // 10× exactly is not warned about; 10.01× is; a cap silences it.
    let people = json!([
        person(json!("E1"), "1000", "100"),
        person(json!("E2"), "1001", "100"),
        person(json!("E3"), "100000", "100"),
        person(json!("E4"), "90", "100"),
    ]);
    let out = evaluate_people(&scheme(None), people.clone(), &EvaluateOptions::default());
    let warnings = out["warnings"].as_array().unwrap();
    assert_eq!(codes(&out["warnings"]), ["FAR_BEYOND_TARGET"]);
    let w = &warnings[0];
    assert_eq!(
        (w["severity"].clone(), w["field"].clone(), w["row"].clone()),
        (json!("warning"), json!("rev"), json!(1))
    );
    let en = w["messages"]["en"].as_str().unwrap();
    assert!(
        en.contains("2 rows") && en.contains("rows 1, 2") && en.contains("100,000%"),
        "{en}"
    );
    // the rows are still scored: a warning, not an error
    assert_eq!(out["results"][2]["total"], "100000.00");
    // in the lean output too
    let lean = evaluate_people(
        &scheme(None),
        people.clone(),
        &EvaluateOptions {
            output: OutputMode::Totals,
            ..Default::default()
        },
    );
    assert_eq!(codes(&lean["warnings"]), ["FAR_BEYOND_TARGET"]);
    let capped = evaluate_people(&scheme(Some("1.2")), people, &EvaluateOptions::default());
    assert!(
        capped["warnings"].as_array().unwrap().is_empty(),
        "{}",
        capped["warnings"]
    );
}

#[test]
fn a_warning_names_five_rows_and_counts_them_all() {
    let people: Vec<Value> = (0..8).map(|i| person(json!(format!("E{i}")), "5000", "100")).collect();
    let out = evaluate_people(&scheme(None), json!(people), &EvaluateOptions::default());
    let en = out["warnings"][0]["messages"]["en"].as_str().unwrap();
    assert!(en.contains("8 rows") && en.contains("rows 0, 1, 2, 3, 4 …"), "{en}");
}

#[test]
fn ids_that_are_not_ids_fail_their_row() {
    // (id cell, INVALID_ID?)
    let cases = [
        (json!({ "a": 1 }), true),
        (json!([1, 2]), true),
        (json!(true), true),
        (json!({ "name": "张三", "id": "ou_1" }), false),
        (json!({ "text": "E9" }), false),
        (json!("E9"), false),
        (json!(1234), false),
    ];
    for (id, invalid) in cases {
        let people = json!([person(id.clone(), "90", "100"), person(json!("E2"), "80", "100")]);
        let out = evaluate_people(&scheme(None), people, &EvaluateOptions::default());
        let r = &out["results"][0];
        if invalid {
            assert_eq!(codes(&r["errors"]), ["INVALID_ID"], "{id}");
            assert_eq!(
                (r["ok"].clone(), r["id"].clone(), r["errors"][0]["path"].clone()),
                (json!(false), Value::Null, json!("rows/0/工号"))
            );
        } else {
            assert_eq!(r["ok"], true, "{id}: {}", r["errors"]);
        }
        assert_eq!(out["results"][1]["rank"], if invalid { 1 } else { 2 }, "{id}");
    }
}

#[test]
fn rows_sharing_an_id_all_fail_naming_each_other() {
    let people = json!([
        person(json!("E1"), "90", "100"),
        person(json!("E2"), "80", "100"),
        person(json!("E1"), "70", "100"),
        person(json!(1.5), "60", "100"),
        person(json!("1.5"), "50", "100"),
        person(json!("E3"), "40", "100"),
    ]);
    for output in [OutputMode::Full, OutputMode::Totals] {
        let options = EvaluateOptions {
            output,
            ..Default::default()
        };
        let out = evaluate_people(&scheme(None), people.clone(), &options);
        let results = out["results"].as_array().unwrap();
        let ok: Vec<bool> = results.iter().map(|r| r["ok"].as_bool().unwrap()).collect();
        assert_eq!(ok, [false, true, false, false, false, true], "{output:?}");
        let ranks: Vec<Value> = results.iter().map(|r| r["rank"].clone()).collect();
        assert_eq!(
            ranks,
            [Value::Null, json!(1), Value::Null, Value::Null, Value::Null, json!(2)]
        );
        let duplicate = |i: usize| -> (String, String, String) {
            let e = &out["errors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["row"] == i)
                .unwrap();
            (
                e["code"].as_str().unwrap().into(),
                e["path"].as_str().unwrap().into(),
                e["messages"]["en"].as_str().unwrap().into(),
            )
        };
        let (code, path, en) = duplicate(0);
        assert_eq!((code.as_str(), path.as_str()), ("DUPLICATE_ID", "rows/0/工号"));
        assert!(en.contains("\"E1\"") && en.contains("rows 2"), "{en}");
        assert!(duplicate(2).2.contains("rows 0"));
        // the number 1.5 and the text "1.5" are one id
        assert!(duplicate(3).2.contains("\"1.5\"") && duplicate(3).2.contains("rows 4"));
        assert_eq!(out["summary"]["failed"], 4);
    }
    // without fields.id nothing is compared
    let mut no_id = scheme(None);
    no_id["fields"] = json!({ "name": "姓名" });
    let out = engine(&no_id)
        .evaluate_value(
            &json!({ "people": [person(json!("E1"), "90", "100"), person(json!("E1"), "80", "100")] }),
            &EvaluateOptions::default(),
        )
        .unwrap();
    assert_eq!(out["results"][1]["ok"], true);
}
