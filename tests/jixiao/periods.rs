//! Period layering (`Engine::evaluate_periods`): periods kept as `evaluate` gives them,
//! composites from periods and from categories, matching people across periods, the
//! `missing` policies, vetoes, rounding that adds up, grades and ranks, mixed
//! granularities, the calendar shorthand, write-back, explanations in three locales, and
//! every input error with its path. Expected figures are computed by hand in the comments.

use jixiao::{Engine, EvaluateOptions, JixiaoError};
use serde_json::{json, Value};

/// One direct-scored indicator: the total is the 分 cell.
fn direct(extra: Value) -> Value {
    let mut s = json!({
        "fields": {"id": "工号", "name": "姓名", "group": "团队"},
        "indicators": [{"key": "q", "name": "得分", "weight": 100, "actual": {"field": "分"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 70}, {"grade": "C", "min": 0}]}
    });
    merge(&mut s, extra);
    s
}

/// 业绩 60 / 行为 20 / 能力 20, each one direct indicator.
fn three(extra: Value) -> Value {
    let mut s = json!({
        "fields": {"id": "工号", "name": "姓名"},
        "categories": [
            {"key": "performance", "name": "业绩", "weight": 60},
            {"key": "behavior", "name": "行为", "weight": 20},
            {"key": "ability", "name": "能力", "weight": 20}],
        "indicators": [
            {"key": "p", "name": "业绩分", "category": "performance", "weight": 60, "actual": {"field": "业绩"}, "scoring": {"type": "direct"}, "missing": "exclude"},
            {"key": "b", "name": "行为分", "category": "behavior", "weight": 20, "actual": {"field": "行为"}, "scoring": {"type": "direct"}, "missing": "exclude"},
            {"key": "a", "name": "能力分", "category": "ability", "weight": 20, "actual": {"field": "能力"}, "scoring": {"type": "direct"}, "missing": "exclude"}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 0}]}
    });
    merge(&mut s, extra);
    s
}

fn merge(into: &mut Value, extra: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), extra) {
        for (k, v) in b {
            a.insert(k, v);
        }
    }
}

fn opts(v: Value) -> EvaluateOptions {
    serde_json::from_value(v).unwrap()
}

fn run_with(scheme: &Value, input: Value, options: Value) -> Value {
    let e = Engine::from_value(scheme).unwrap();
    e.evaluate_periods_value(&input, &opts(options))
        .unwrap_or_else(|err| panic!("{err}"))
}

fn run(scheme: &Value, input: Value) -> Value {
    run_with(scheme, input, json!({}))
}

fn fails(scheme: &Value, input: Value) -> JixiaoError {
    let e = Engine::from_value(scheme).unwrap();
    match e.evaluate_periods_value(&input, &EvaluateOptions::default()) {
        Ok(out) => panic!("expected an error, got {out}"),
        Err(err) => err,
    }
}

/// Rows of (工号, 分).
fn rows(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(id, score)| json!({"工号": id, "姓名": format!("姓名{id}"), "团队": "华东", "分": score}))
            .collect(),
    )
}

fn quarters(q: [&[(&str, &str)]; 4]) -> Value {
    Value::Array(
        q.iter()
            .enumerate()
            .map(|(i, r)| json!({"period": format!("2025-Q{}", i + 1), "people": rows(r)}))
            .collect(),
    )
}

fn composite(out: &Value) -> &Value {
    &out["composite"]
}

fn person<'a>(out: &'a Value, id: &str) -> &'a Value {
    out["composite"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no composite for {id}: {out}"))
}

fn weighted(r: &Value) -> Vec<&str> {
    r["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["weighted"].as_str().unwrap_or("-"))
        .collect()
}

// ----------------------------------------------------------------------- periods kept

#[test]
fn every_period_is_kept_exactly_as_evaluate_gives_it() {
    let scheme = direct(json!({
        "indicators": [
            {"key": "x", "weight": 50, "actual": {"field": "x"}, "scoring": {"type": "direct"}},
            {"key": "y", "weight": 50, "actual": {"field": "y"}, "scoring": {"type": "direct"}}],
        "versions": [{"from": "2025-07-01", "weights": {"x": 80, "y": 20}}]
    }));
    let people = json!([{"工号": "E1", "x": 100, "y": 0}, {"工号": "E2", "x": "abc", "y": 1}]);
    let out = run(&scheme, json!({"people": people, "periods": ["2025-Q2", "2025-Q3"]}));
    let e = Engine::from_value(&scheme).unwrap();
    for (i, p) in ["2025-Q2", "2025-Q3"].iter().enumerate() {
        let alone = e
            .evaluate_value(&json!({"people": people, "period": p}), &EvaluateOptions::default())
            .unwrap();
        let kept = &out["periods"][i];
        assert_eq!(kept["period"], *p);
        for k in ["results", "errors", "summary", "warnings"] {
            assert_eq!(kept[k], alone[k], "{p} {k}");
        }
    }
    // the version in force: Q2 base weights 50/50, Q3 80/20
    assert_eq!(out["periods"][0]["results"][0]["total"], "50.00");
    assert_eq!(out["periods"][1]["results"][0]["total"], "80.00");
    // a bad row in one period stops nothing; no composite without compose
    assert_eq!(out["periods"][1]["results"][1]["ok"], false);
    assert!(out.get("composite").is_none());
}

#[test]
fn periods_use_their_own_rows_or_the_shared_ones() {
    let out = run(
        &direct(json!({})),
        json!({
            "people": rows(&[("E1", "60")]),
            "periods": ["2025-01", {"period": "2025-02", "people": rows(&[("E1", "70"), ("E2", "90")])}, 2025]
        }),
    );
    let totals: Vec<usize> = (0..3)
        .map(|i| out["periods"][i]["results"].as_array().unwrap().len())
        .collect();
    assert_eq!(totals, [1, 2, 1]);
    assert_eq!(out["periods"][1]["results"][1]["total"], "90.00");
    assert_eq!(out["periods"][2]["period"], "2025");
}

// ----------------------------------------------------------------- from periods

#[test]
fn equal_quarters_make_the_annual_mean() {
    let out = run(
        &direct(json!({})),
        json!({
            "periods": quarters([
                &[("E1", "80"), ("E2", "70")],
                &[("E1", "85"), ("E2", "72")],
                &[("E1", "90"), ("E2", "74")],
                &[("E1", "95"), ("E2", "76")]]),
            "compose": {}
        }),
    );
    let c = composite(&out);
    assert_eq!(c["period"], "2025");
    assert_eq!(c["from"], "periods");
    assert_eq!(c["periods"], json!(["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]));
    // E1: (80 + 85 + 90 + 95) / 4 = 87.50, parts 20.00 + 21.25 + 22.50 + 23.75
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "87.50");
    assert_eq!(e1["grade"], "A");
    assert_eq!(e1["rank"], 1);
    assert_eq!(e1["topPercent"], "0.5000");
    assert_eq!(weighted(e1), ["20.00", "21.25", "22.50", "23.75"]);
    assert_eq!(e1["periods"][0]["weight"], "25.00");
    assert_eq!(e1["periods"][3]["grade"], "A");
    // E2: (70 + 72 + 74 + 76) / 4 = 73.00
    let e2 = person(&out, "E2");
    assert_eq!(
        (e2["total"].as_str(), e2["grade"].as_str(), e2["rank"].as_u64()),
        (Some("73.00"), Some("B"), Some(2))
    );
    assert_eq!(c["summary"]["count"], 2);
    assert_eq!(c["summary"]["mean"], "80.25");
    assert_eq!(c["summary"]["grades"], json!({"A": 1, "B": 1, "C": 0}));
    assert_eq!(c["summary"]["payout"], Value::Null);
    assert_eq!(c["errors"], json!([]));
}

#[test]
fn period_weights_need_not_sum_to_100() {
    // (80 + 85 + 90 + 2 × 95) / 5 = 89.00; weights 20 % 20 % 20 % 40 %
    let out = run(
        &direct(json!({})),
        json!({
            "periods": quarters([&[("E1", "80")], &[("E1", "85")], &[("E1", "90")], &[("E1", "95")]]),
            "compose": {"weights": {"2025-Q1": 1, "2025-Q2": "1", "2025-q3": 1, "2025-Q4": 2}}
        }),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "89.00");
    assert_eq!(weighted(e1), ["16.00", "17.00", "18.00", "38.00"]);
    assert_eq!(e1["periods"][3]["weight"], "40.00");
}

#[test]
fn shown_parts_add_up_to_the_total_rounded_once() {
    // thirds of 86, 88, 91: exact 88.333… → 88.33; parts 28.666…, 29.333…, 30.333… floored to
    // 28.66 + 29.33 + 30.33 = 88.32, the leftover 0.01 to the largest remainder (28.666…)
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-01", "people": rows(&[("E1", "86")])},
            {"period": "2025-02", "people": rows(&[("E1", "88")])},
            {"period": "2025-03", "people": rows(&[("E1", "91")])}], "compose": {}}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "88.33");
    assert_eq!(weighted(e1), ["28.67", "29.33", "30.33"]);
    assert_eq!(e1["periods"][0]["weight"], "33.33");
    // three equal 100s: 100.00, never 99.99 (ties: the earlier period gets the unit)
    let out = run(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "100")]), "periods": ["2025-01", "2025-02", "2025-03"], "compose": {}}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "100.00");
    assert_eq!(weighted(e1), ["33.34", "33.33", "33.33"]);
}

#[test]
fn the_total_follows_the_schemes_rounding_mode() {
    // (80.01 + 80.00) / 2 = 80.005: half_up 80.01 (the unit to Q1's part), half_even and down 80.00
    let periods = json!([
        {"period": "2025-Q1", "people": rows(&[("E1", "80.01")])},
        {"period": "2025-Q2", "people": rows(&[("E1", "80.00")])}]);
    for (mode, total, parts) in [
        ("half_up", "80.01", ["40.01", "40.00"]),
        ("half_even", "80.00", ["40.00", "40.00"]),
        ("down", "80.00", ["40.00", "40.00"]),
        ("up", "80.01", ["40.01", "40.00"]),
    ] {
        let out = run(
            &direct(json!({"rounding": {"mode": mode}})),
            json!({"periods": periods, "compose": {}}),
        );
        let e1 = person(&out, "E1");
        assert_eq!(e1["total"], total, "{mode}");
        assert_eq!(weighted(e1), parts, "{mode}");
    }
    // score places 0: (81 + 82) / 2 = 81.5 → 82 (half_up); parts 40.5, 41 → 40 + 41 + 1 to the larger remainder (Q1)
    let out = run(
        &direct(json!({"rounding": {"score": 0}})),
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "81")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "82")])}], "compose": {}}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "82");
    assert_eq!(weighted(e1), ["41", "41"]);
}

#[test]
fn compose_periods_and_weight_keys_choose_the_periods() {
    let input = |compose: Value| {
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "60")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "80")])},
            {"period": "2025-Q3", "people": rows(&[("E1", "90")])}], "compose": compose})
    };
    // compose.periods picks Q2 and Q3: (80 + 90) / 2
    let out = run(&direct(json!({})), input(json!({"periods": ["2025-Q3", "2025-Q2"]})));
    assert_eq!(composite(&out)["periods"], json!(["2025-Q2", "2025-Q3"]));
    assert_eq!(person(&out, "E1")["total"], "85.00");
    // weight keys alone pick the periods: (60 + 3 × 90) / 4 = 82.50
    let out = run(
        &direct(json!({})),
        input(json!({"weights": {"2025-Q3": 3, "2025-Q1": 1}})),
    );
    assert_eq!(composite(&out)["periods"], json!(["2025-Q1", "2025-Q3"]));
    assert_eq!(person(&out, "E1")["total"], "82.50");
    // a zero weight keeps the period visible with a 0 part
    let out = run(
        &direct(json!({})),
        input(json!({"weights": {"2025-Q1": 0, "2025-Q2": 1, "2025-Q3": 1}})),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["total"], "85.00");
    assert_eq!(weighted(e1), ["0.00", "40.00", "45.00"]);
    assert_eq!(e1["periods"][0]["weight"], "0.00");
}

// ------------------------------------------------------------------ matching people

#[test]
fn people_are_matched_by_id_whatever_their_row_order() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "80"), ("E2", "60")])},
            {"period": "2025-Q2", "people": rows(&[("E3", "70"), ("E2", "90"), ("E1", "100")])}], "compose": {}}),
    );
    let c = composite(&out);
    let ids: Vec<&str> = c["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["E1", "E2", "E3"]); // first appearance, periods in time order
    assert_eq!(person(&out, "E1")["total"], "90.00");
    assert_eq!(person(&out, "E1")["periods"][1]["row"], 2);
    assert_eq!(person(&out, "E2")["total"], "75.00");
    // E3 has no Q1 row: renormalized to Q2 alone
    let e3 = person(&out, "E3");
    assert_eq!(e3["total"], "70.00");
    assert_eq!(e3["periods"][0]["status"], "missing");
    assert_eq!(e3["periods"][0]["weighted"], Value::Null);
    assert_eq!(e3["periods"][1]["weight"], "100.00");
}

#[test]
fn people_are_matched_by_name_without_an_id_field_and_by_position_without_either() {
    let by_name = json!({
        "fields": {"name": "姓名"},
        "indicators": [{"key": "q", "weight": 100, "actual": {"field": "分"}, "scoring": {"type": "direct"}}]});
    let out = run(
        &by_name,
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"姓名": "张三", "分": 80}, {"姓名": "李四", "分": 70}]},
            {"period": "2025-Q2", "people": [{"姓名": "李四", "分": 90}, {"姓名": "张三", "分": 100}]}], "compose": {}}),
    );
    let r = &out["composite"]["results"];
    assert_eq!(
        (r[0]["name"].as_str(), r[0]["total"].as_str()),
        (Some("张三"), Some("90.00"))
    );
    assert_eq!(
        (r[1]["name"].as_str(), r[1]["total"].as_str()),
        (Some("李四"), Some("80.00"))
    );
    let by_position =
        json!({"indicators": [{"key": "q", "weight": 100, "actual": {"field": "分"}, "scoring": {"type": "direct"}}]});
    let out = run(
        &by_position,
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"分": 80}, {"分": 70}]},
            {"period": "2025-Q2", "people": [{"分": 100}]}], "compose": {"missing": "zero"}}),
    );
    let r = &out["composite"]["results"];
    assert_eq!(r[0]["total"], "90.00");
    assert_eq!(r[1]["total"], "35.00"); // (70 + 0) / 2: no second row in Q2
    assert_eq!(r[1]["periods"][1]["status"], "missing_zero");
    assert_eq!(r[1]["periods"][1]["total"], "0.00");
}

#[test]
fn missing_policies() {
    let input = |missing: &str| {
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "80"), ("E2", "90")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "60")])},
            {"period": "2025-Q3", "people": rows(&[("E1", "70"), ("E2", "100")])}],
            "compose": {"missing": missing, "weights": {"2025-Q1": 1, "2025-Q2": 2, "2025-Q3": 1}}})
    };
    // renormalize: E2 (90 + 100) / 2 = 95.00, weights 50 % / 50 %
    let out = run(&direct(json!({})), input("renormalize"));
    let e2 = person(&out, "E2");
    assert_eq!(e2["total"], "95.00");
    assert_eq!(weighted(e2), ["45.00", "-", "50.00"]);
    assert_eq!(e2["periods"][2]["weight"], "50.00");
    // E1 is complete: (80 + 2 × 60 + 70) / 4 = 67.50
    assert_eq!(person(&out, "E1")["total"], "67.50");
    // zero: (90 + 0 + 100) / 4 = 47.50
    let out = run(&direct(json!({})), input("zero"));
    let e2 = person(&out, "E2");
    assert_eq!(e2["total"], "47.50");
    assert_eq!(weighted(e2), ["22.50", "0.00", "25.00"]);
    assert_eq!(e2["periods"][1]["status"], "missing_zero");
    // error: E2 fails, E1 does not
    let out = run(&direct(json!({})), input("error"));
    let e2 = person(&out, "E2");
    assert_eq!(e2["ok"], false);
    assert_eq!(e2["total"], Value::Null);
    assert_eq!(e2["rank"], Value::Null);
    assert_eq!(e2["errors"][0]["code"], "MISSING_VALUE");
    assert_eq!(e2["errors"][0]["path"], "periods/1");
    assert!(e2["errors"][0]["messages"]["en"].as_str().unwrap().contains("2025-Q2"));
    assert_eq!(person(&out, "E1")["rank"], 1);
    assert_eq!(composite(&out)["errors"].as_array().unwrap().len(), 1);
    assert_eq!(composite(&out)["summary"]["failed"], 1);
}

#[test]
fn a_person_only_in_zero_weight_periods_cannot_be_composed() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "80"), ("E9", "50")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "60")])}],
            "compose": {"weights": {"2025-Q1": 0, "2025-Q2": 1}}}),
    );
    let e9 = person(&out, "E9");
    assert_eq!(e9["ok"], false);
    assert_eq!(e9["errors"][0]["code"], "MISSING_VALUE");
    assert_eq!(e9["errors"][0]["path"], "compose/weights");
    assert_eq!(person(&out, "E1")["total"], "60.00");
}

#[test]
fn a_failed_row_fails_the_composite_and_nothing_else() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "80"), ("E2", "90")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "abc"), ("E2", "70")])}], "compose": {}}),
    );
    assert_eq!(out["periods"][1]["results"][0]["ok"], false);
    assert_eq!(out["periods"][1]["results"][1]["total"], "70.00");
    let e1 = person(&out, "E1");
    assert_eq!(e1["ok"], false);
    assert_eq!(e1["periods"][1]["status"], "failed");
    assert_eq!(e1["errors"][0]["code"], "INVALID_NUMBER");
    assert_eq!(e1["errors"][0]["path"], "periods/1/rows/0/分");
    assert_eq!(e1["errors"][0]["row"], 0);
    let e2 = person(&out, "E2");
    assert_eq!(
        (e2["total"].as_str(), e2["rank"].as_u64(), e2["topPercent"].as_str()),
        (Some("80.00"), Some(1), Some("1.0000"))
    );
}

#[test]
fn unreadable_or_unmatchable_rows_get_their_own_failed_composite() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "分": 80}, {"工号": " ", "分": 70}, "not a row"]},
            {"period": "2025-Q2", "people": rows(&[("E1", "90")])}], "compose": {}}),
    );
    let r = out["composite"]["results"].as_array().unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!(r[0]["total"], "85.00");
    assert_eq!(r[1]["ok"], false);
    assert_eq!(r[1]["errors"][0]["code"], "MISSING_VALUE");
    assert_eq!(r[1]["errors"][0]["path"], "periods/0/rows/1/工号");
    assert_eq!(r[1]["errors"][0]["field"], "工号");
    assert_eq!(r[2]["errors"][0]["code"], "INVALID_ROW");
    assert_eq!(r[2]["errors"][0]["path"], "periods/0/rows/2");
}

#[test]
fn a_person_twice_in_one_period_is_a_duplicate() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": rows(&[("E1", "80"), ("E2", "75"), ("E1", "90")])},
            {"period": "2025-Q2", "people": rows(&[("E1", "90"), ("E2", "85")])}], "compose": {}}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["ok"], false);
    assert_eq!(e1["errors"][0]["code"], "DUPLICATE_KEY");
    assert_eq!(e1["errors"][0]["path"], "periods/0/rows/2");
    assert!(e1["errors"][0]["messages"]["en"]
        .as_str()
        .unwrap()
        .contains("rows 0 and 2"));
    assert_eq!(e1["periods"][0]["status"], "failed");
    assert_eq!(person(&out, "E2")["total"], "80.00");
}

#[test]
fn identity_comes_from_the_latest_composed_period() {
    let out = run(
        &direct(json!({})),
        json!({"periods": [
            {"period": "2025-Q2", "people": [{"工号": "E1", "姓名": "张三", "团队": "华南", "分": 80}]},
            {"period": "2025-Q1", "people": [{"工号": "E1", "姓名": "张 三", "团队": "华东", "分": 90}]}], "compose": {}}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(
        (e1["name"].as_str(), e1["group"].as_str()),
        (Some("张三"), Some("华南"))
    );
    // parts are in time order whatever the listed order
    assert_eq!(e1["periods"][0]["period"], "2025-Q1");
    assert_eq!(out["periods"][0]["period"], "2025-Q2");
}

// ---------------------------------------------------------------------------- vetoes

#[test]
fn a_veto_in_any_composed_period_vetoes_the_composite() {
    let scheme = direct(json!({
        "vetoes": [
            {"key": "breach", "name": "数据违规", "when": {"field": "违规", "op": ">", "value": 0}, "reason": "泄露客户数据"},
            {"key": "fraud", "name": "虚报", "when": {"field": "虚报", "op": "=", "value": 1}, "score": 30, "grade": "B"}]
    }));
    let out = run_with(
        &scheme,
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "分": 90}, {"工号": "E2", "分": 95}, {"工号": "E3", "分": 50}]},
            {"period": "2025-Q2", "people": [{"工号": "E1", "分": 90, "违规": 1}, {"工号": "E2", "分": 95, "虚报": 1}, {"工号": "E3", "分": 50}]},
            {"period": "2025-Q3", "people": [{"工号": "E1", "分": 90, "虚报": 1}, {"工号": "E2", "分": 95}, {"工号": "E3", "分": 50}]}],
            "compose": {}}),
        json!({"explain": true}),
    );
    let e1 = person(&out, "E1");
    assert_eq!(e1["vetoed"], true);
    assert_eq!(e1["total"], "0.00");
    assert_eq!(e1["grade"], "C"); // the lowest grade
    assert_eq!(
        e1["veto"],
        json!({"period": "2025-Q2", "key": "breach", "name": "数据违规", "reason": "泄露客户数据"})
    );
    assert_eq!(e1["periods"][1]["status"], "vetoed");
    // the parts stay visible: (90 + 0 + 30) / 3
    assert_eq!(weighted(e1), ["30.00", "0.00", "10.00"]); // Q3 is vetoed too (虚报: 30)
    let lines = e1["explain"]["lines"].as_array().unwrap();
    assert!(
        lines.iter().any(|l| l == "一票否决：二季度 数据违规 → 总分 0.00"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "等级：否决 → C"), "{lines:?}");
    // a veto with its own score and grade; ranked on the vetoed total
    let e2 = person(&out, "E2");
    assert_eq!(
        (e2["total"].as_str(), e2["grade"].as_str(), e2["vetoed"].as_bool()),
        (Some("30.00"), Some("B"), Some(true))
    );
    assert_eq!(e2["ok"], true);
    assert_eq!(person(&out, "E3")["rank"], 1); // 50 beats 30 and 0
    assert_eq!(e2["rank"], 2);
    assert_eq!(composite(&out)["summary"]["vetoed"], 2);
    // a veto in a period that is not composed does not count
    let out = run(
        &scheme,
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "分": 90, "违规": 1}]},
            {"period": "2025-Q2", "people": [{"工号": "E1", "分": 80}]}],
            "compose": {"periods": ["2025-Q2"]}}),
    );
    assert_eq!(person(&out, "E1")["vetoed"], false);
    assert_eq!(person(&out, "E1")["total"], "80.00");
}

// ---------------------------------------------------------------- from categories

#[test]
fn categories_compose_their_mean_scores() {
    let out = run_with(
        &three(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "业绩": 80, "行为": 90, "能力": 70}]},
            {"period": "2025-Q2", "people": [{"工号": "E1", "业绩": 95, "行为": 85, "能力": "75.5"}]}],
            "compose": {"from": "categories", "weights": {"ability": 20, "performance": 60, "behavior": 20}}}),
        json!({"explain": true}),
    );
    assert_eq!(composite(&out)["from"], "categories");
    let e1 = person(&out, "E1");
    // 业绩 (80 + 95) / 2 = 87.50 × 60 % = 52.50; 行为 87.50 × 20 % = 17.50;
    // 能力 (70 + 75.50) / 2 = 72.75 × 20 % = 14.55; total 84.55
    assert_eq!(e1["total"], "84.55");
    assert_eq!(e1["grade"], "B");
    let cats: Vec<(&str, &str, &str, u64)> = e1["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap(),
                c["score"].as_str().unwrap(),
                c["weighted"].as_str().unwrap(),
                c["periods"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cats,
        [
            ("performance", "87.50", "52.50", 2),
            ("behavior", "87.50", "17.50", 2),
            ("ability", "72.75", "14.55", 2)
        ]
    );
    assert_eq!(e1["categories"][0]["weight"], "60.00");
    // period parts show the totals but carry no weight
    assert_eq!(e1["periods"][0]["total"], "80.00"); // 48 + 18 + 14
    assert_eq!(e1["periods"][0]["weighted"], Value::Null);
    let lines = e1["explain"]["lines"].as_array().unwrap();
    assert_eq!(
        lines[0],
        "业绩：（一季度 80.00 + 二季度 95.00）÷ 2 = 87.50；权重 60% → 52.50 分"
    );
    assert_eq!(
        lines[3],
        "2025 年度 = 业绩 87.50 × 60% + 行为 87.50 × 20% + 能力 72.75 × 20% = 52.50 + 17.50 + 14.55 = 84.55"
    );
}

#[test]
fn categories_skip_unscored_periods_and_renormalize_unscored_categories() {
    // Q2 has no 能力 (excluded): 能力 is the Q1 score alone. 行为 is never scored: it drops
    // out and 业绩 60 / 能力 20 become 75 % / 25 %.
    let out = run(
        &three(json!({})),
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "业绩": 80, "能力": 60}]},
            {"period": "2025-Q2", "people": [{"工号": "E1", "业绩": 90}]}],
            "compose": {"from": "categories", "weights": {"performance": 60, "behavior": 20, "ability": 20}}}),
    );
    let e1 = person(&out, "E1");
    // 业绩 85.00 × 75 % = 63.75; 能力 60.00 × 25 % = 15.00; total 78.75
    assert_eq!(e1["total"], "78.75");
    assert_eq!(e1["categories"][1]["score"], Value::Null);
    assert_eq!(e1["categories"][1]["periods"], 0);
    assert_eq!(e1["categories"][1]["weight"], Value::Null);
    assert_eq!(e1["categories"][0]["weight"], "75.00");
    assert_eq!(e1["categories"][2]["periods"], 1);
}

#[test]
fn categories_follow_the_missing_policy() {
    let input = |missing: &str| {
        json!({"periods": [
            {"period": "2025-Q1", "people": [{"工号": "E1", "业绩": 80, "行为": 80, "能力": 80}]},
            {"period": "2025-Q2", "people": []}],
            "compose": {"from": "categories", "missing": missing, "weights": {"performance": 50, "behavior": 50}}})
    };
    assert_eq!(
        person(&run(&three(json!({})), input("renormalize")), "E1")["total"],
        "80.00"
    );
    // zero: each category (80 + 0) / 2 = 40
    let out = run(&three(json!({})), input("zero"));
    assert_eq!(person(&out, "E1")["total"], "40.00");
    assert_eq!(person(&out, "E1")["categories"][0]["periods"], 2);
    let out = run(&three(json!({})), input("error"));
    assert_eq!(person(&out, "E1")["errors"][0]["path"], "periods/1");
}

#[test]
fn a_categories_composite_is_bounded_by_total_max() {
    // linear with cap 1.2 scores up to 120; totalMax 100 bounds the periods and the composite
    let scheme = three(json!({
        "totalMax": 100,
        "indicators": [
            {"key": "p", "category": "performance", "weight": 60, "actual": {"field": "业绩"}, "target": {"value": "100"}, "scoring": {"type": "linear", "cap": "1.2"}},
            {"key": "b", "category": "behavior", "weight": 20, "actual": {"field": "行为"}, "scoring": {"type": "direct"}},
            {"key": "a", "category": "ability", "weight": 20, "actual": {"field": "能力"}, "scoring": {"type": "direct"}}]
    }));
    let out = run_with(
        &scheme,
        json!({"people": [{"工号": "E1", "业绩": 120, "行为": 100, "能力": 100}], "periods": ["2025-Q1"],
            "compose": {"from": "categories", "weights": {"performance": 60, "behavior": 20, "ability": 20}}}),
        json!({"explain": true, "locale": "en"}),
    );
    assert_eq!(out["periods"][0]["results"][0]["total"], "100.00");
    let e1 = person(&out, "E1");
    // 120 × 60 % + 100 × 20 % + 100 × 20 % = 112.00 → 100.00
    assert_eq!(e1["total"], "100.00");
    let lines = e1["explain"]["lines"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.as_str().unwrap().ends_with("= 112.00, not above 100 → 100.00")),
        "{lines:?}"
    );
}

// ---------------------------------------------------------- granularities, calendar

#[test]
fn monthly_quarterly_and_annual_layers_in_one_call() {
    let months: Vec<Value> = (1..=3).map(|m| json!(format!("2025-0{m}"))).collect();
    let mut periods = months.clone();
    periods.push(json!("2025-Q1"));
    periods.push(json!("2025"));
    let input = |compose: Value| json!({"people": rows(&[("E1", "80")]), "periods": periods, "compose": compose});
    let out = run(
        &direct(json!({})),
        input(json!({"periods": ["2025-01", "2025-02", "2025-03"]})),
    );
    assert_eq!(out["periods"].as_array().unwrap().len(), 5);
    assert_eq!(out["periods"][4]["period"], "2025");
    assert_eq!(person(&out, "E1")["total"], "80.00");
    // mixing without weights would count January twice
    let err = fails(&direct(json!({})), input(json!({})));
    assert_eq!(err.code.as_str(), "INVALID_SETTING");
    assert_eq!(err.path, "compose/periods");
    assert!(
        err.messages
            .en
            .contains("\"2025-01\" is a month, \"2025-Q1\" a quarter"),
        "{}",
        err.messages.en
    );
    let err = fails(&direct(json!({})), input(json!({"from": "categories", "weights": {}})));
    assert_eq!(err.code.as_str(), "INVALID_SETTING");
    // explicit weights may mix (the caller knows what they weigh)
    let out = run(&direct(json!({})), input(json!({"weights": {"2025-Q1": 1, "2025": 1}})));
    assert_eq!(composite(&out)["periods"], json!(["2025", "2025-Q1"]));
    assert_eq!(person(&out, "E1")["total"], "80.00");
}

#[test]
fn the_calendar_shorthand() {
    let out = run(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "80")]), "periods": {"year": 2025, "by": "month"}, "compose": {}}),
    );
    let names: Vec<&str> = out["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!((names[0], names[11]), ("2025-01", "2025-12"));
    assert_eq!(composite(&out)["period"], "2025");
    let out = run(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "80")]), "periods": {"year": 2025, "by": "month", "fiscalYearStart": 4}, "compose": {}}),
    );
    let names: Vec<&str> = out["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        (names[0], names[8], names[9], names[11]),
        ("2025-04", "2025-12", "2026-01", "2026-03")
    );
    assert_eq!(composite(&out)["period"], "FY2025");
    let out = run(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "80")]), "periods": {"year": 2025, "by": "quarter"}}),
    );
    assert_eq!(out["periods"][3]["period"], "2025-Q4");
    for (cal, code, path) in [
        (
            json!({"year": 2025, "by": "quarter", "fiscalYearStart": 4}),
            "UNSUPPORTED",
            "periods/fiscalYearStart",
        ),
        (
            json!({"year": 2025, "by": "month", "fiscalYearStart": 13}),
            "INVALID_SETTING",
            "periods/fiscalYearStart",
        ),
        (json!({"year": 0, "by": "month"}), "INVALID_SETTING", "periods/year"),
        (
            json!({"year": 9999, "by": "month", "fiscalYearStart": 2}),
            "INVALID_SETTING",
            "periods/year",
        ),
        (json!({"year": 2025, "by": "week"}), "INVALID_INPUT", "periods/by"),
        (json!({"year": 2025}), "INVALID_INPUT", "periods"),
        (
            json!({"year": 2025, "by": "month", "start": 1}),
            "INVALID_INPUT",
            "periods/start",
        ),
    ] {
        let err = fails(&direct(json!({})), json!({"periods": cal}));
        assert_eq!(
            (err.code.as_str(), err.path.as_str()),
            (code, path),
            "{cal}: {}",
            err.messages.en
        );
    }
}

#[test]
fn the_composite_label_and_labels_across_years() {
    let periods = json!([
        {"period": "2024-Q4", "people": rows(&[("E1", "80")])},
        {"period": "2025-Q1", "people": rows(&[("E1", "90")])}]);
    let out = run_with(
        &direct(json!({})),
        json!({"periods": periods, "compose": {}}),
        json!({"explain": true}),
    );
    assert_eq!(composite(&out)["period"], Value::Null);
    let lines = person(&out, "E1")["explain"]["lines"].as_array().unwrap().clone();
    assert_eq!(lines[0], "2024 年四季度：80.00 × 权重 50% → 40.00 分");
    assert_eq!(
        lines[2],
        "综合得分 = 2024 年四季度 80.00 × 50% + 2025 年一季度 90.00 × 50% = 40.00 + 45.00 = 85.00"
    );
    let out = run_with(
        &direct(json!({})),
        json!({"periods": periods, "compose": {"period": "滚动两季"}}),
        json!({"explain": true, "locale": "en"}),
    );
    assert_eq!(composite(&out)["period"], "滚动两季");
    let lines = person(&out, "E1")["explain"]["lines"].as_array().unwrap().clone();
    assert_eq!(
        lines[2],
        "滚动两季 = 2024 Q4 80.00 × 50% + 2025 Q1 90.00 × 50% = 40.00 + 45.00 = 85.00"
    );
}

// -------------------------------------------------------------------- explanations

#[test]
fn explanations_in_three_locales() {
    let input = json!({"periods": [
        {"period": "2025-Q1", "people": rows(&[("E1", "86")])},
        {"period": "2025-Q2", "people": rows(&[("E1", "88")])},
        {"period": "2025-Q3", "people": []},
        {"period": "2025-Q4", "people": rows(&[("E1", "90")])}], "compose": {}});
    let expect = [
        (
            "zh-CN",
            [
                "一季度：86.00 × 权重 33.3333% → 28.67 分",
                "二季度：88.00 × 权重 33.3333% → 29.33 分",
                "三季度：无记录，不计入（其余期间的权重按比例放大）",
                "四季度：90.00 × 权重 33.3333% → 30.00 分",
                "2025 年度 = 一季度 86.00 × 33.3333% + 二季度 88.00 × 33.3333% + 四季度 90.00 × 33.3333% = 28.67 + 29.33 + 30.00 = 88.00",
                "等级：总分 88.00 ≥ 85 → A",
                "排名：第 1 / 1 名（前 100.00%）",
            ],
        ),
        (
            "zh-TW",
            [
                "第一季：86.00 × 權重 33.3333% → 28.67 分",
                "第二季：88.00 × 權重 33.3333% → 29.33 分",
                "第三季：無記錄，不計入（其餘期間的權重按比例放大）",
                "第四季：90.00 × 權重 33.3333% → 30.00 分",
                "2025 年度 = 第一季 86.00 × 33.3333% + 第二季 88.00 × 33.3333% + 第四季 90.00 × 33.3333% = 28.67 + 29.33 + 30.00 = 88.00",
                "等級：總分 88.00 ≥ 85 → A",
                "排名：第 1 / 1 名（前 100.00%）",
            ],
        ),
        (
            "en",
            [
                "Q1: 86.00 × weight 33.3333% → 28.67",
                "Q2: 88.00 × weight 33.3333% → 29.33",
                "Q3: no row, left out (the other periods' weights scaled up)",
                "Q4: 90.00 × weight 33.3333% → 30.00",
                "2025 = Q1 86.00 × 33.3333% + Q2 88.00 × 33.3333% + Q4 90.00 × 33.3333% = 28.67 + 29.33 + 30.00 = 88.00",
                "grade: total 88.00 ≥ 85 → A",
                "rank: 1 of 1 (top 100.00%)",
            ],
        ),
    ];
    for (locale, lines) in expect {
        let out = run_with(
            &direct(json!({})),
            input.clone(),
            json!({"explain": true, "locale": locale}),
        );
        let e1 = person(&out, "E1");
        let got: Vec<&str> = e1["explain"]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        assert_eq!(got, lines, "{locale}");
        let kinds: Vec<&str> = e1["explain"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["period", "period", "period", "period", "total", "grade", "rank"]
        );
        assert_eq!(e1["explain"]["steps"][0]["key"], "2025-Q1");
        assert_eq!(e1["explain"]["steps"][0]["value"], "28.67");
    }
    // months and weeks
    let out = run_with(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "80")]), "periods": ["2025-02", "2025-W05"], "compose": {"weights": {"2025-02": 1, "2025-W05": 1}}}),
        json!({"explain": true, "locale": "en"}),
    );
    let lines = person(&out, "E1")["explain"]["lines"].as_array().unwrap().clone();
    assert_eq!(lines[0], "W05: 80.00 × weight 50% → 40.00"); // 2025-W05 starts 2025-01-27
    assert_eq!(lines[1], "Feb: 80.00 × weight 50% → 40.00");
    // without explain: no explanation
    let out = run(&direct(json!({})), input);
    assert!(person(&out, "E1").get("explain").is_none());
}

// --------------------------------------------------------------------- ranking

#[test]
fn the_composite_is_ranked_with_the_schemes_method_and_groups() {
    let scheme = direct(json!({
        "fields": {"id": "工号"},
        "ranking": {"by": "q", "method": "dense", "groupBy": "区域", "tieBreakers": ["q"]}
    }));
    let people = json!([
        {"工号": "E1", "区域": "北", "分": 90}, {"工号": "E2", "区域": "南", "分": 90},
        {"工号": "E3", "区域": "北", "分": 80}, {"工号": "E4", "分": 70}]);
    let out = run(
        &scheme,
        json!({"people": people, "periods": ["2025-Q1", "2025-Q2"], "compose": {}}),
    );
    let r = &out["composite"]["results"];
    let ranks: Vec<u64> = (0..4).map(|i| r[i]["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 1, 2, 3]);
    let group_ranks: Vec<u64> = (0..4).map(|i| r[i]["groupRank"].as_u64().unwrap()).collect();
    assert_eq!(group_ranks, [1, 1, 2, 1]);
    let warnings: Vec<&str> = out["composite"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(warnings, ["ranking/by", "ranking/tieBreakers"]);
    assert_eq!(out["composite"]["warnings"][0]["code"], "IGNORED_SETTING");
    // ordinal: ties in order of first appearance
    let scheme = direct(json!({"ranking": {"method": "ordinal"}}));
    let out = run(
        &scheme,
        json!({"people": rows(&[("E1", "90"), ("E2", "95"), ("E3", "90")]), "periods": ["2025-Q1"], "compose": {}}),
    );
    let ranks: Vec<u64> = (0..3)
        .map(|i| out["composite"]["results"][i]["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [2, 1, 3]);
    assert_eq!(out["composite"]["warnings"], json!([]));
}

// --------------------------------------------------------------- write-back, numbers

#[test]
fn composite_write_back_rows_and_number_output() {
    let out = run_with(
        &three(json!({})),
        json!({"people": [{"工号": "E1", "业绩": 80, "行为": 90, "能力": 70}, {"工号": "E2", "业绩": "x"}],
            "periods": ["2025-Q1", "2025-Q2"],
            "compose": {"from": "categories", "weights": {"performance": 60, "behavior": 20, "ability": 20},
                "rows": {"员工编号": "id", "年度得分": "total", "年度等级": "grade", "排名": "rank", "业绩": "categories.performance.score",
                         "一季度": "periods.2025-Q1.total", "一季度权重": "periods.2025-q1.weight", "错误": "errors", "否决": "veto"}}}),
        json!({"decimals": "number", "rows": {"得分": "total"}}),
    );
    let rows = &out["composite"]["rows"];
    assert_eq!(
        rows[0],
        json!({"员工编号": "E1", "年度得分": 80.0, "年度等级": "B", "排名": 1, "业绩": 80.0, "一季度": 80.0, "一季度权重": null, "错误": "", "否决": null})
    );
    assert_eq!(rows[1]["年度得分"], Value::Null);
    assert!(rows[1]["错误"].as_str().unwrap().contains("业绩"));
    assert_eq!(person(&out, "E1")["total"], 80.0);
    // options.rows still applies to every period
    assert_eq!(out["periods"][1]["rows"][0], json!({"得分": 80.0}));
    for (mapping, path) in [
        (json!({"x": "indicators.p.score"}), "compose/rows/x"),
        (json!({"a/b": "periods.2025-Q3.total"}), "compose/rows/a~1b"),
        (json!({"x": "periods.2025-Q1.score"}), "compose/rows/x"),
        (json!({"x": "categories.nope.score"}), "compose/rows/x"),
    ] {
        let err = fails(
            &three(json!({})),
            json!({"periods": ["2025-Q1"], "compose": {"from": "categories", "weights": {"performance": 100}, "rows": mapping}}),
        );
        assert_eq!((err.code.as_str(), err.path.as_str()), ("INVALID_INPUT", path));
    }
}

// ---------------------------------------------------------------------- errors

#[test]
fn input_errors_have_codes_and_paths() {
    let d = direct(json!({}));
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({}), "MISSING_SETTING", "periods"),
        (json!({"periods": []}), "MISSING_SETTING", "periods"),
        (json!({"periods": "2025"}), "INVALID_INPUT", "periods"),
        (json!({"periods": ["2025-Q1", "2025-Q5"]}), "INVALID_DATE", "periods/1"),
        (json!({"periods": ["2025-Q1", "2025-q1"]}), "DUPLICATE_KEY", "periods/1"),
        (
            json!({"periods": ["2025-01", "2025年1月"]}),
            "DUPLICATE_KEY",
            "periods/1",
        ),
        (json!({"periods": [true]}), "INVALID_INPUT", "periods/0"),
        (
            json!({"periods": [{"people": []}]}),
            "MISSING_SETTING",
            "periods/0/period",
        ),
        (
            json!({"periods": [{"period": "abc"}]}),
            "INVALID_DATE",
            "periods/0/period",
        ),
        (
            json!({"periods": [{"period": "2025", "people": "x"}]}),
            "INVALID_INPUT",
            "periods/0/people",
        ),
        (
            json!({"periods": [{"period": "2025", "peeple": []}]}),
            "INVALID_INPUT",
            "periods/0/peeple",
        ),
        (
            json!({"periods": [{"period": ["2025"]}]}),
            "INVALID_INPUT",
            "periods/0/period",
        ),
        (json!({"periods": ["2025"], "people": {}}), "INVALID_INPUT", "people"),
        (json!({"periods": ["2025"], "compse": {}}), "INVALID_INPUT", "compse"),
        (
            json!({"periods": ["2025"], "previous": []}),
            "INVALID_INPUT",
            "previous",
        ),
        (
            json!({"periods": ["2025"], "compose": {"from": "people"}}),
            "INVALID_INPUT",
            "compose/from",
        ),
        (
            json!({"periods": ["2025"], "compose": {"missing": "skip"}}),
            "INVALID_INPUT",
            "compose/missing",
        ),
        (
            json!({"periods": ["2025"], "compose": {"wieghts": {}}}),
            "INVALID_INPUT",
            "compose/wieghts",
        ),
        (
            json!({"periods": ["2025"], "compose": {"weights": {"2025": "abc"}}}),
            "INVALID_INPUT",
            "compose/weights/2025",
        ),
        (json!({"periods": ["2025"], "compose": []}), "INVALID_INPUT", "compose"),
        (
            json!({"periods": ["2025"], "compose": {"periods": []}}),
            "MISSING_SETTING",
            "compose/periods",
        ),
        (
            json!({"periods": ["2025"], "compose": {"periods": ["2024"]}}),
            "UNKNOWN_KEY",
            "compose/periods/0",
        ),
        (
            json!({"periods": ["2025"], "compose": {"periods": ["2025", "2025"]}}),
            "DUPLICATE_KEY",
            "compose/periods/1",
        ),
        (
            json!({"periods": ["2025"], "compose": {"periods": [{}]}}),
            "INVALID_INPUT",
            "compose/periods",
        ),
        (
            json!({"periods": ["2025-Q1", "2025-Q2"], "compose": {"weights": {"2025-Q1": -1, "2025-Q2": 1}}}),
            "INVALID_SETTING",
            "compose/weights/2025-Q1",
        ),
        (
            json!({"periods": ["2025-Q1", "2025-Q2"], "compose": {"weights": {"2025-Q1": 0, "2025-Q2": "0%"}}}),
            "INVALID_SETTING",
            "compose/weights",
        ),
        (
            json!({"periods": ["2025-Q1"], "compose": {"weights": {"2025-Q9": 1}}}),
            "UNKNOWN_KEY",
            "compose/weights/2025-Q9",
        ),
        (
            json!({"periods": ["2025-Q1"], "compose": {"weights": {"2025-Q1": 1, "2025-q1": 1}}}),
            "DUPLICATE_KEY",
            "compose/weights/2025-q1",
        ),
        (
            json!({"periods": ["2025-Q1", "2025-Q2"], "compose": {"periods": ["2025-Q1"], "weights": {"2025-Q2": 1}}}),
            "UNKNOWN_KEY",
            "compose/weights/2025-Q2",
        ),
        (
            json!({"periods": ["2025-Q1", "2025-Q2"], "compose": {"periods": ["2025-Q1", "2025-Q2"], "weights": {"2025-Q2": 1}}}),
            "MISSING_SETTING",
            "compose/weights",
        ),
        (
            json!({"periods": ["2025"], "compose": {"from": "categories", "weights": {"performance": 100}}}),
            "INVALID_SETTING",
            "compose/from",
        ),
    ];
    for (input, code, path) in cases {
        let err = fails(&d, input.clone());
        assert_eq!(
            (err.code.as_str(), err.path.as_str()),
            (code, path),
            "{input}: {}",
            err.messages.en
        );
        for m in [&err.messages.zh_cn, &err.messages.zh_tw, &err.messages.en] {
            assert!(!m.is_empty());
        }
    }
    let t = three(json!({}));
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"from": "categories"}), "MISSING_SETTING", "compose/weights"),
        (
            json!({"from": "categories", "weights": {"performance": 60, "behavior": 20}}),
            "WEIGHTS_SUM",
            "compose/weights",
        ),
        (
            json!({"from": "categories", "weights": {"performance": 60, "behavior": 20, "ability": "20.01"}}),
            "WEIGHTS_SUM",
            "compose/weights",
        ),
        (
            json!({"from": "categories", "weights": {"performance": 120, "behavior": -20}}),
            "INVALID_SETTING",
            "compose/weights/behavior",
        ),
        (
            json!({"from": "categories", "weights": {"业绩": 100}}),
            "UNKNOWN_CATEGORY",
            "compose/weights/业绩",
        ),
    ];
    for (compose, code, path) in cases {
        let err = fails(&t, json!({"periods": ["2025"], "compose": compose}));
        assert_eq!(
            (err.code.as_str(), err.path.as_str()),
            (code, path),
            "{compose}: {}",
            err.messages.en
        );
    }
    // too many periods
    let many: Vec<String> = (0..1001).map(|i| format!("{:04}", 1000 + i)).collect();
    let err = fails(&d, json!({"periods": many}));
    assert_eq!((err.code.as_str(), err.path.as_str()), ("TOO_LARGE", "periods"));
    // errors come in the chosen locale
    let e = Engine::from_value(&d).unwrap();
    let err = e
        .evaluate_periods_value(&json!({"periods": ["2025-Q5"]}), &opts(json!({"locale": "en"})))
        .unwrap_err();
    assert!(err.message.starts_with("cannot read the period"), "{}", err.message);
    let err = e
        .evaluate_periods_value(&json!({"periods": ["2025"]}), &opts(json!({"locale": "fr"})))
        .unwrap_err();
    assert_eq!(err.path, "options/locale");
    let err = e
        .evaluate_periods_value(&json!({"periods": ["2025"]}), &opts(json!({"rows": {"x": "nope"}})))
        .unwrap_err();
    assert_eq!(err.path, "options/rows/x");
}

#[test]
fn the_encoded_form() {
    let e = Engine::from_value(&direct(json!({}))).unwrap();
    let head = r#"{"periods":["2025-Q1",{"period":"2025-Q2","people":{"\u0000rows":1}},{"period":"2025-Q3","people":{"\u0000rows":2}}],"compose":{}}"#;
    let rows = "{\"工号\":\"E1\",\"分\":80}\u{1e}{\"工号\":\"E1\",\"分\":90}\n!cycle\u{1e}";
    let out: Value =
        serde_json::from_str(&jixiao::json::evaluate_periods_encoded(&e, head, rows, "{}").unwrap()).unwrap();
    assert_eq!(out["periods"][1]["results"].as_array().unwrap().len(), 2);
    assert_eq!(out["periods"][1]["results"][1]["errors"][0]["code"], "INVALID_ROW");
    assert_eq!(out["periods"][2]["results"], json!([]));
    assert_eq!(person(&out, "E1")["total"], "85.00"); // Q3 has nobody: renormalized
    for (head, rows, options, code, path) in [
        (
            r#"{"periods":[{"period":"2025","people":{"\u0000rows":1}}]}"#,
            "",
            "{}",
            "INVALID_INPUT",
            "periods/0/people",
        ),
        (
            r#"{"periods":[{"period":"2025","people":{"\u0000rows":0}}]}"#,
            "",
            "{}",
            "INVALID_INPUT",
            "periods/0/people",
        ),
        (
            r#"{"periods":[{"period":"2025","people":{"\u0000rows":"1"}}]}"#,
            "\u{1e}",
            "{}",
            "INVALID_INPUT",
            "periods/0/people",
        ),
        (r#"{"periods":["2025"]"#, "", "{}", "INVALID_JSON", ""),
        ("[]", "", "{}", "INVALID_INPUT", ""),
        ("null", "", "{}", "INVALID_INPUT", ""),
        (r#"{"periods":["2025"]}"#, "", "[]", "INVALID_INPUT", "options"),
        (
            r#"{"periods":["2025"]}"#,
            "",
            r#"{"explain":1}"#,
            "INVALID_INPUT",
            "options/explain",
        ),
    ] {
        let err = jixiao::json::evaluate_periods_encoded(&e, head, rows, options).unwrap_err();
        assert_eq!((err.code.as_str(), err.path.as_str()), (code, path), "{head}");
    }
    // an empty head has no periods
    let err = jixiao::json::evaluate_periods_encoded(&e, "", "", "").unwrap_err();
    assert_eq!((err.code.as_str(), err.path.as_str()), ("MISSING_SETTING", "periods"));
}

#[test]
fn per_period_tables_and_previous_reach_their_evaluation() {
    // each period says in its warnings that its tables are unused (the scheme has no measures)
    // and that previous is not read yet
    let out = run(
        &direct(json!({})),
        json!({"people": rows(&[("E1", "80")]), "tables": {"orders": []},
            "periods": ["2025-Q1", {"period": "2025-Q2", "previous": []}, {"period": "2025-Q3", "tables": {"orders": []}}]}),
    );
    let paths = |i: usize| -> Vec<String> {
        out["periods"][i]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(0), ["tables"]);
    assert_eq!(paths(1), ["tables", "previous"]);
    assert_eq!(paths(2), ["tables"]);
}

#[test]
fn weights_as_fine_as_1e_28_weigh_like_whole_ones() {
    // Found by props::edges: weights of 1e-28 made the split's products underflow to 0, and
    // scores of 0 were shown as 0.03 + 0.03 = 0.00.
    let tiny = |n: u32| format!("0.{}{n}", "0".repeat(27));
    for (scores, weights, want) in [
        (["0", "0"], [1, 1], ["0.00", "0.00", "0.00"]),
        (["80", "90"], [1, 3], ["87.50", "20.00", "67.50"]),
        // 70/3 and 190/3 both leave 0.00333…: the cent left goes to the earlier (ties rule)
        (["70", "95"], [1, 2], ["86.67", "23.34", "63.33"]),
    ] {
        let input = json!({
            "periods": [
                {"period": "2025-01", "people": [{"工号": "E1", "分": scores[0]}]},
                {"period": "2025-02", "people": [{"工号": "E1", "分": scores[1]}]}],
            "compose": {"weights": {"2025-01": tiny(weights[0]), "2025-02": tiny(weights[1])}}
        });
        let out = run(&direct(json!({})), input);
        let r = &out["composite"]["results"][0];
        let parts: Vec<&str> = r["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["weighted"].as_str().unwrap())
            .collect();
        assert_eq!([r["total"].as_str().unwrap(), parts[0], parts[1]], want, "{r}");
    }
}
