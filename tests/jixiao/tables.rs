//! Aggregates over raw tables: measures and inline aggregates, owners, splits,
//! refunds, filters, period bucketing, and bad table rows.

use crate::common::{engine, fixture};
use serde_json::{json, Value};

/// The raw-table fixture: a scheme, its tables and the totals they must give.
fn raw_vs_totals() -> Value {
    fixture("tables/raw-vs-totals.json")
}

fn evaluate(scheme: &Value, input: &Value) -> Value {
    engine(scheme).evaluate_value(input, &Default::default()).unwrap()
}

fn evaluate_explained(scheme: &Value, input: &Value, locale: &str) -> Value {
    let options = jixiao::EvaluateOptions {
        explain: true.into(),
        locale: Some(locale.into()),
        ..Default::default()
    };
    engine(scheme).evaluate_value(input, &options).unwrap()
}

#[test]
fn raw_tables_give_the_same_results_as_hand_made_totals() {
    let f = raw_vs_totals();
    let raw = evaluate(
        &f["scheme"],
        &json!({ "people": f["people"], "tables": f["tables"], "period": f["period"] }),
    );
    let hand = evaluate(&f["scheme"], &json!({ "people": f["totals"], "period": f["period"] }));
    assert_eq!(raw["errors"], json!([]), "{:#}", raw["errors"]);
    assert_eq!(raw["results"], hand["results"]);
    assert_eq!(raw["summary"], hand["summary"]);
    // and the figures are the ones worked out by hand
    let totals: Vec<&str> = raw["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"].as_str().unwrap())
        .collect();
    assert_eq!(raw["results"][0]["indicators"][0]["actual"], "193333.33");
    assert_eq!(raw["results"][1]["indicators"][0]["actual"], "93333.33");
    assert_eq!(raw["results"][2]["indicators"][0]["actual"], "93333.34");
    assert_eq!(totals.len(), 3);
}

#[test]
fn explanations_say_how_each_measure_was_aggregated() {
    let f = raw_vs_totals();
    let input = json!({ "people": f["people"], "tables": f["tables"], "period": f["period"] });
    for (locale, needle) in [
        ("zh-CN", "签约额 = orders 合同金额合计"),
        ("zh-TW", "列"),
        ("en", "签约额 = sum of orders.合同金额"),
    ] {
        let out = evaluate_explained(&f["scheme"], &input, locale);
        let lines = out["results"][0]["explain"]["lines"].as_array().unwrap();
        let text: Vec<&str> = lines.iter().map(|l| l.as_str().unwrap()).collect();
        assert!(text.iter().any(|l| l.contains(needle)), "{locale}: {text:#?}");
        assert!(text.iter().any(|l| l.contains("193,333.33")), "{locale}: {text:#?}");
    }
}

fn scheme_with(measure: Value) -> Value {
    json!({
        "fields": { "id": "工号", "name": "姓名" },
        "measures": { "m": measure },
        "indicators": [ { "key": "k", "weight": 100, "actual": { "field": "m" }, "missing": "zero",
                          "scoring": { "type": "direct" } } ]
    })
}

fn people() -> Value {
    json!([ { "工号": "E1", "姓名": "张三" }, { "工号": "E2", "姓名": "李四" }, { "工号": "E3", "姓名": "李四" } ])
}

fn actuals(out: &Value) -> Vec<Value> {
    out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["indicators"][0]["actual"].clone())
        .collect()
}

#[test]
fn ops_over_credited_rows() {
    let rows = json!([
        { "o": "张三", "v": "10", "c": "甲" },
        { "o": "张三", "v": "30", "c": "乙" },
        { "o": "张三", "v": "", "c": "甲" },
        { "o": "张三", "v": "-5", "c": "" },
        { "o": "E2", "v": "7", "c": "丙" }
    ]);
    let cases = [
        ("sum", json!(["35", "7", "0"])),
        ("avg", json!(["11.666666666666666666666666667", "7", null])),
        ("min", json!(["-5", "7", null])),
        ("max", json!(["30", "7", null])),
        ("count_distinct", json!(["2", "1", "0"])),
    ];
    for (op, want) in cases {
        let field = if op == "count_distinct" { "c" } else { "v" };
        let scheme = scheme_with(json!({ "table": "t", "op": op, "field": field, "owner": "o" }));
        let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
        assert_eq!(Value::Array(actuals(&out)), want, "{op}");
    }
    // count: every credited row; with a field, rows where it is not blank
    let scheme = scheme_with(json!({ "table": "t", "op": "count", "owner": "o" }));
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    assert_eq!(actuals(&out), vec![json!("4"), json!("1"), json!("0")]);
    let scheme = scheme_with(json!({ "table": "t", "op": "count", "field": "v", "owner": "o" }));
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    assert_eq!(actuals(&out), vec![json!("3"), json!("1"), json!("0")]);
}

#[test]
fn owners_as_names_ids_member_objects_and_lists() {
    let rows = json!([
        { "o": "张三", "v": 1 },
        { "o": "E1", "v": 2 },
        { "o": { "id": "E1", "name": "张三" }, "v": 4 },
        { "o": [{ "open_id": "ou_1", "name": "张三" }], "v": 8 },
        { "o": { "user_id": 9, "name": "nobody" }, "v": 16 },
        { "o": "E2", "v": 32 },
        { "o": "E1、E2", "v": 64 },
        { "o": [{ "username": "E3" }, "E1"], "v": 128 }
    ]);
    let scheme = scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o" }));
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    // a list without shares splits equally
    assert_eq!(actuals(&out), vec![json!("111"), json!("64"), json!("64")]);
    assert_eq!(out["errors"], json!([]));
}

#[test]
fn an_ambiguous_name_credits_nobody_and_warns() {
    let rows = json!([ { "o": "李四", "v": 5 } ]);
    let scheme = scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o" }));
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    assert_eq!(actuals(&out), vec![json!("0"), json!("0"), json!("0")]);
    let w = &out["warnings"][0];
    assert_eq!(w["path"], "tables/t/0/o");
    assert!(w["messages"]["en"].as_str().unwrap().contains("matches 2 people"));
}

#[test]
fn splits_share_the_amount_to_the_cent() {
    let scheme = scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o",
                                     "split": { "owners": "s", "shares": "p" } }));
    let run = |row: Value| evaluate(&scheme, &json!({ "people": people(), "tables": { "t": [row] } }));
    // shares for the split owners, the rest to the owner
    let out = run(json!({ "o": "张三", "s": ["E2"], "p": ["30%"], "v": "100" }));
    assert_eq!(actuals(&out), vec![json!("70"), json!("30"), json!("0")]);
    // shares as a text list; they may cover everything
    let out = run(json!({ "o": "张三", "s": "E2,E3", "p": "0.5，0.5", "v": "100" }));
    assert_eq!(actuals(&out), vec![json!("0"), json!("50"), json!("50")]);
    // no shares: everyone credited shares equally, largest remainder to the cent
    let out = run(json!({ "o": "张三", "s": "E2,E3", "v": "100" }));
    assert_eq!(actuals(&out), vec![json!("33.34"), json!("33.33"), json!("33.33")]);
    // refunds split the same way, negative
    let out = run(json!({ "o": "张三", "s": "E2,E3", "v": "-100" }));
    assert_eq!(actuals(&out), vec![json!("-33.34"), json!("-33.33"), json!("-33.33")]);
    // the owner also named in the split is credited once with both parts
    let out = run(json!({ "o": "张三", "s": ["张三", "E2"], "p": [0.2, 0.3], "v": "10" }));
    assert_eq!(actuals(&out), vec![json!("7"), json!("3"), json!("0")]);
}

#[test]
fn bad_splits_fail_the_people_they_credit() {
    let scheme = scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o",
                                     "split": { "owners": "s", "shares": "p" } }));
    let cases = [
        (
            json!({ "o": "张三", "s": "E2", "p": "0.6,0.4", "v": 1 }),
            "but 2 shares",
        ),
        (
            json!({ "o": "张三", "s": "E2,张三", "p": "0.6,0.6", "v": 1 }),
            "more than 1",
        ),
        (json!({ "o": "张三", "s": "E2", "p": "60", "v": 1 }), "between 0 and 1"),
        (
            json!({ "o": "张三", "s": "E2", "p": "abc", "v": 1 }),
            "not a valid number",
        ),
        (json!({ "s": "E2", "p": "0.5", "v": 1 }), "no owner takes the rest"),
    ];
    for (row, needle) in cases {
        let out = evaluate(
            &scheme,
            &json!({ "people": people(), "tables": { "t": [row, { "o": "E3", "v": 5 }] } }),
        );
        let r = &out["results"][1];
        assert_eq!(r["ok"], false, "{needle}: {out:#}");
        assert_eq!(r["errors"][0]["path"], "tables/t/0/p", "{needle}");
        assert!(
            r["errors"][0]["messages"]["en"].as_str().unwrap().contains(needle),
            "{needle}: {r:#}"
        );
        // a bad row never stops the good rows
        assert_eq!(out["results"][2]["ok"], true, "{needle}");
        assert_eq!(out["results"][2]["indicators"][0]["actual"], "5", "{needle}");
    }
}

#[test]
fn dates_bucket_rows_into_the_period() {
    let scheme = scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o", "date": "d" }));
    let rows = json!([
        { "o": "张三", "v": 1, "d": "2025-03-31" },
        { "o": "张三", "v": 2, "d": "2025/4/1" },
        { "o": "张三", "v": 4, "d": "2025年4月30日" },
        { "o": "张三", "v": 8, "d": "2025-04-15 10:00:00" },
        { "o": "张三", "v": 16, "d": 1743436800000i64 },
        { "o": "张三", "v": 32, "d": "2025-03-31T16:00:00Z" },
        { "o": "张三", "v": 64, "d": "" },
        { "o": "张三", "v": 128, "d": "2025-05-01" }
    ]);
    // 1743436800000 = 2025-03-31T16:00:00Z = 2025-04-01 00:00 in +08:00
    let run = |period: &str| {
        let out = evaluate(
            &scheme,
            &json!({ "people": people(), "tables": { "t": rows }, "period": period }),
        );
        actuals(&out)[0].clone()
    };
    assert_eq!(run("2025-04"), json!("62"));
    assert_eq!(run("2025-Q1"), json!("1"));
    assert_eq!(run("2025-Q2"), json!("190"));
    assert_eq!(run("2025-04-01"), json!("50"));
    assert_eq!(run("2025"), json!("191"));
    // no period: every row counts, dates are not read
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    assert_eq!(actuals(&out)[0], json!("255"));
    // the scheme's UTC offset moves epoch and UTC dates
    let mut utc = scheme.clone();
    utc["utcOffset"] = json!("+00:00");
    let out = evaluate(
        &utc,
        &json!({ "people": people(), "tables": { "t": rows }, "period": "2025-04" }),
    );
    assert_eq!(actuals(&out)[0], json!("14"));
}

#[test]
fn bad_table_cells_fail_only_their_owner() {
    let scheme =
        scheme_with(json!({ "table": "t", "op": "sum", "field": "v", "owner": "o", "date": "d", "where": "s = 'ok'" }));
    let rows = json!([
        { "o": "张三", "v": "abc", "d": "2025-01-01", "s": "ok" },
        { "o": "E2", "v": 1, "d": "2025-13-01", "s": "ok" },
        { "o": "E3", "v": 3, "d": "2025-01-02", "s": "ok" },
        { "o": "赵六", "v": "bad", "d": "2025-01-02", "s": "ok" },
        { "o": true, "v": 1, "d": "2025-01-02", "s": "ok" },
        "not a row"
    ]);
    let out = evaluate(
        &scheme,
        &json!({ "people": people(), "tables": { "t": rows }, "period": "2025" }),
    );
    let r = &out["results"];
    assert_eq!(r[0]["ok"], false);
    assert_eq!(r[0]["id"], "E1");
    assert_eq!(r[0]["errors"][0]["code"], "INVALID_NUMBER");
    assert_eq!(r[0]["errors"][0]["path"], "tables/t/0/v");
    assert_eq!(r[0]["errors"][0]["row"], 0);
    assert_eq!(r[1]["errors"][0]["code"], "INVALID_DATE");
    assert_eq!(r[1]["errors"][0]["path"], "tables/t/1/d");
    assert_eq!(r[2]["ok"], true);
    assert_eq!(r[2]["indicators"][0]["actual"], "3");
    // a row of someone not evaluated is left out silently; unreadable rows are warnings
    let paths: Vec<&str> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["tables/t/4/o", "tables/t/5"]);
    assert_eq!(out["errors"].as_array().unwrap().len(), 2);
}

#[test]
fn a_where_formula_that_fails_on_a_row_fails_its_owner() {
    let scheme = scheme_with(json!({ "table": "t", "op": "count", "owner": "o", "where": "v / w > 1" }));
    let rows =
        json!([ { "o": "张三", "v": 1, "w": 0 }, { "o": "E2", "v": 3, "w": 1 }, { "o": "E3", "v": "x", "w": 1 } ]);
    let out = evaluate(&scheme, &json!({ "people": people(), "tables": { "t": rows } }));
    assert_eq!(out["results"][0]["errors"][0]["code"], "ZERO_DIVISOR");
    assert_eq!(out["results"][0]["errors"][0]["path"], "tables/t/0");
    assert_eq!(out["results"][1]["indicators"][0]["actual"], "1");
    assert_eq!(out["results"][2]["errors"][0]["code"], "FORMULA_TYPE");
}

#[test]
fn inline_aggregates_need_their_tables() {
    let scheme = json!({
        "fields": { "name": "姓名" },
        "indicators": [ { "key": "k", "weight": 100,
            "actual": { "aggregate": { "table": "visits", "op": "count", "owner": "拜访人" } },
            "target": { "value": 4 }, "scoring": { "type": "linear" } } ]
    });
    let out = evaluate(
        &scheme,
        &json!({ "people": [{ "姓名": "张三" }],
        "tables": { "visits": [{ "拜访人": "张三" }, { "拜访人": "张三" }, { "拜访人": "李四" }] } }),
    );
    assert_eq!(out["results"][0]["total"], "50.00");
    let engine = jixiao::Engine::from_value(&scheme).unwrap();
    let e = engine
        .evaluate_value(&json!({ "people": [{ "姓名": "张三" }] }), &Default::default())
        .unwrap_err();
    assert_eq!(e.code.as_str(), "INVALID_INPUT");
    assert_eq!(e.path, "tables/visits");
    let e = engine
        .evaluate_value(
            &json!({ "people": [{ "姓名": "张三" }], "tables": { "orders": [] } }),
            &Default::default(),
        )
        .unwrap_err();
    assert_eq!(e.path, "tables/visits");
    let e = engine
        .evaluate_value(
            &json!({ "people": [{ "姓名": "张三" }], "tables": { "visits": {} } }),
            &Default::default(),
        )
        .unwrap_err();
    assert_eq!(e.path, "tables/visits");
    let e = engine
        .evaluate_value(
            &json!({ "people": [{ "姓名": "张三" }], "tables": [] }),
            &Default::default(),
        )
        .unwrap_err();
    assert_eq!(e.path, "tables");
}

#[test]
fn measures_are_checked_when_the_scheme_is_compiled() {
    let cases = [
        (
            json!({ "fields": { "id": "工号" }, "measures": { "m": { "table": "t", "op": "sum", "owner": "o" } } }),
            "/measures/m/field",
        ),
        (
            json!({ "fields": { "id": "工号" }, "measures": { "m": { "table": "", "op": "count", "owner": "o" } } }),
            "/measures/m/table",
        ),
        (
            json!({ "fields": { "id": "工号" }, "measures": { "m": { "table": "t", "op": "count" } } }),
            "/measures/m/owner",
        ),
        (
            json!({ "fields": { "id": "工号" }, "measures": { "a.b": { "table": "t", "op": "count", "owner": "o" } } }),
            "/measures/a.b",
        ),
        (
            json!({ "fields": { "id": "工号" }, "measures": { "m": { "table": "t", "op": "count", "owner": "o", "where": "(a" } } }),
            "/measures/m/where",
        ),
        (
            json!({ "measures": { "m": { "table": "t", "op": "count", "owner": "o" } } }),
            "/fields",
        ),
        (
            json!({ "fields": { "id": "工号" }, "utcOffset": "+99:00" }),
            "/utcOffset",
        ),
        (
            json!({ "fields": { "id": "工号" }, "measures": { "m": { "table": "t", "op": "median", "owner": "o" } } }),
            "/measures",
        ),
    ];
    for (extra, path) in cases {
        let mut scheme = scheme_with(json!({ "table": "t", "op": "count", "owner": "o" }));
        for (k, v) in extra.as_object().unwrap() {
            scheme[k] = v.clone();
        }
        if scheme["fields"].get("name").is_some() && extra.get("fields").is_none() && path == "/fields" {
            continue;
        }
        if path == "/fields" {
            scheme["fields"] = json!({});
        }
        let report = jixiao::json::validate_scheme_json(&scheme.to_string(), None);
        let paths: Vec<&str> = report.issues.iter().map(|i| i.path.as_str()).collect();
        assert!(!report.ok, "{path}");
        assert!(paths.iter().any(|p| p.starts_with(path)), "{path}: {paths:?}");
    }
    // where formulas point at the position
    let scheme = scheme_with(json!({ "table": "t", "op": "count", "owner": "o", "where": "a = = 1" }));
    let report = jixiao::json::validate_scheme_json(&scheme.to_string(), None);
    assert_eq!(report.issues[0].code.as_str(), "FORMULA_SYNTAX");
    assert!(report.issues[0].position.is_some());
}

#[test]
fn tables_without_measures_are_ignored_with_a_warning() {
    let scheme = json!({ "indicators": [ { "key": "k", "weight": 100, "actual": { "field": "q" }, "scoring": { "type": "direct" } } ] });
    let out = evaluate(&scheme, &json!({ "people": [{ "q": 1 }], "tables": { "t": [] } }));
    assert_eq!(out["warnings"][0]["code"], "IGNORED_SETTING");
    assert_eq!(out["warnings"][0]["path"], "tables");
}

#[test]
fn period_layering_buckets_the_same_tables_into_each_period() {
    let f = raw_vs_totals();
    let engine = jixiao::Engine::from_value(&f["scheme"]).unwrap();
    let input = json!({ "people": f["people"], "tables": f["tables"],
                        "periods": ["2025-Q1", "2025-Q2"], "compose": { "from": "periods" } });
    let out = engine.evaluate_periods_value(&input, &Default::default()).unwrap();
    let q1 = evaluate(
        &f["scheme"],
        &json!({ "people": f["people"], "tables": f["tables"], "period": "2025-Q1" }),
    );
    let q2 = evaluate(
        &f["scheme"],
        &json!({ "people": f["people"], "tables": f["tables"], "period": "2025-Q2" }),
    );
    assert_eq!(out["periods"][0]["results"], q1["results"]);
    assert_eq!(out["periods"][1]["results"], q2["results"]);
    assert_eq!(out["periods"][1]["results"][2]["indicators"][0]["actual"], "70000");
    let t = |o: &Value, i: usize| {
        o["results"][i]["total"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    for i in 0..3 {
        let want = ((t(&q1, i) + t(&q2, i)) / rust_decimal::Decimal::TWO).round_dp(2);
        assert_eq!(out["composite"]["results"][i]["total"], want.to_string(), "person {i}");
    }
}
