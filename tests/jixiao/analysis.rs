//! Analysis (DESIGN.md, "Analysis (反馈)"): what-if between two schemes, the sales funnel,
//! indicator statistics and digests. Every expected figure is worked out by hand in the
//! comments (or with Python's `decimal` / `hashlib` where named), never copied from the engine.

use crate::common::{d, engine};
use jixiao::analysis::{canonical_json, funnel, Digest, FunnelInput};
use jixiao::{EvaluateOptions, Locale};
use serde_json::{json, Value};

/// Score = the 分 column (direct); grades A ≥ 90, B ≥ 75, C; bonus 1000 × (A 1, B 0.5, C 0).
fn scheme(adjustments: Value) -> Value {
    json!({
        "fields": { "id": "工号", "group": "团队" },
        "indicators": [{ "key": "q", "name": "评分", "weight": 100, "actual": { "field": "分" }, "scoring": { "type": "direct" } }],
        "adjustments": adjustments,
        "grades": { "type": "bands", "bands": [{ "grade": "A", "min": 90 }, { "grade": "B", "min": 75 }, { "grade": "C", "min": 0 }] },
        "incentives": { "bonus": [{ "key": "g", "base": { "value": 1000 }, "coefficients": { "A": 1, "B": "0.5", "C": 0 } }] }
    })
}

fn rows(people: &[Value]) -> String {
    people.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")
}

fn people() -> Vec<Value> {
    vec![
        json!({ "工号": "E1", "团队": "华东", "分": 92, "加分": 5 }),
        json!({ "工号": "E2", "团队": "华东", "分": 88, "加分": 5 }),
        json!({ "工号": "E3", "团队": "华南", "分": 72, "加分": 5 }),
        json!({ "工号": "E4", "团队": "华南", "分": 60, "加分": "abc" }),
    ]
}

#[test]
fn compare_gives_deltas_the_migration_matrix_and_payout_differences() {
    // A: 92 A 1000 | 88 B 500 | 72 C 0 | 60 C 0.   B adds 加分 (+5): 97 A 1000 | 93 A 1000 |
    // 77 B 500 | E4 fails (加分 "abc"). Ranks 1, 2, 3 under both.
    let a = engine(&scheme(json!([])));
    let b = engine(&scheme(json!([{ "key": "x", "per": 1, "value": { "field": "加分" } }])));
    let c = a
        .compare(&b, &Default::default(), &rows(&people()), &Default::default())
        .unwrap();
    let v = serde_json::to_value(&c).unwrap();
    let p = &v["people"];
    for i in 0..3 {
        assert_eq!(p[i]["delta"]["total"], "5.00", "person {i}");
        assert_eq!(p[i]["delta"]["rank"], 0);
    }
    assert_eq!(p[1]["a"]["grade"], "B");
    assert_eq!(p[1]["b"]["grade"], "A");
    assert_eq!(p[1]["delta"]["gradeChanged"], true);
    assert_eq!(d(p[1]["delta"]["payout"].as_str().unwrap()), d("500"));
    // E4 is reported, not dropped: ok under A, failed under B with its error
    assert_eq!(
        (
            p[3]["id"].as_str(),
            p[3]["a"]["ok"].as_bool(),
            p[3]["b"]["ok"].as_bool()
        ),
        (Some("E4"), Some(true), Some(false))
    );
    assert_eq!(p[3]["b"]["errors"][0]["code"], "INVALID_NUMBER");
    assert!(p[3]["delta"]["total"].is_null());
    let s = &v["summary"];
    assert_eq!(
        (
            s["count"].as_u64(),
            s["both"].as_u64(),
            s["higher"].as_u64(),
            s["lower"].as_u64()
        ),
        (Some(4), Some(3), Some(3), Some(0))
    );
    assert_eq!(
        s["migration"],
        json!({ "A": { "A": 1, "B": 0, "C": 0 }, "B": { "A": 1, "B": 0, "C": 0 }, "C": { "A": 0, "B": 1, "C": 0 } })
    );
    // Σ A = 1000 + 500 + 0 + 0 = 1500; Σ B = 1000 + 1000 + 500 = 2500
    assert_eq!(d(s["payout"]["a"].as_str().unwrap()), d("1500"));
    assert_eq!(d(s["payout"]["b"].as_str().unwrap()), d("2500"));
    assert_eq!(d(s["payout"]["delta"].as_str().unwrap()), d("1000"));
    // 华东: 1500 → 2000; 华南: 0 → 500
    assert_eq!(d(s["groups"]["华东"]["delta"].as_str().unwrap()), d("500"));
    assert_eq!(d(s["groups"]["华南"]["b"].as_str().unwrap()), d("500"));
}

#[test]
fn compare_of_a_scheme_with_itself_is_unchanged() {
    // the same engine on itself: every delta 0, whatever the ids
    let a = engine(&scheme(json!([])));
    let c = a
        .compare(&a, &Default::default(), &rows(&people()), &Default::default())
        .unwrap();
    assert!(c.people.iter().all(|p| p.delta.total.is_none_or(|t| t.0.is_zero())));
    assert_eq!(c.summary.unchanged, 4);
}

#[test]
fn compare_json_entry_reads_options_and_refuses_unknown_ones() {
    let a = engine(&scheme(json!([])));
    let out = jixiao::json::compare_encoded(&a, &a, "{}", &rows(&people()), r#"{"decimals":"number","locale":"en"}"#)
        .unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["people"][0]["a"]["total"], json!(92.0));
    assert!(jixiao::json::compare_encoded(&a, &a, "{}", "", r#"{"output":"full"}"#).is_err());
    let bad = jixiao::json::compare_encoded(&a, &a, "{}", "", r#"{"locale":"xx"}"#).unwrap_err();
    assert_eq!(bad.code.as_str(), "INVALID_INPUT");
}

fn funnel_input() -> FunnelInput {
    serde_json::from_value(json!({
        "stages": ["线索", "商机", "报价", "成交"], "id": "工号", "groupBy": "团队",
        "people": [
            { "工号": "P1", "团队": "甲", "线索": 100, "商机": 40, "报价": 20, "成交": 10 },
            { "工号": "P2", "团队": "甲", "线索": "1,000", "商机": "２００", "报价": 100, "成交": 20 },
            { "工号": "P3", "团队": "乙", "线索": 0, "商机": 0, "报价": 0, "成交": 0 },
            { "工号": "P4", "团队": "乙", "线索": 50, "商机": 60, "报价": 30, "成交": 15 },
            { "工号": "P5", "团队": "乙", "线索": 10, "商机": "x", "报价": 1, "成交": 1 }
        ]
    }))
    .unwrap()
}

fn rate(v: &Value) -> Option<String> {
    v["rate"].as_str().map(str::to_string)
}

#[test]
fn funnel_rates_groups_bottleneck_zero_stage_and_warnings() {
    let out = serde_json::to_value(funnel(funnel_input(), Locale::En).unwrap()).unwrap();
    let p = &out["people"];
    // P1: 40/100, 20/40, 10/20, 10/100
    let p1: Vec<_> = (0..3).map(|i| rate(&p[0]["rates"]["steps"][i])).collect();
    assert_eq!(
        p1,
        [Some("0.4000".into()), Some("0.5000".into()), Some("0.5000".into())]
    );
    assert_eq!(rate(&p[0]["rates"]["overall"]).as_deref(), Some("0.1000"));
    // 甲 sums 1100, 240, 120, 30: 240/1100 = 0.21818… → 0.2182, 0.5, 0.25, 30/1100 = 0.02727… → 0.0273
    let g = &out["groups"]["甲"];
    assert_eq!(g["counts"], json!(["1100", "240", "120", "30"]));
    let steps: Vec<_> = (0..3).map(|i| rate(&g["steps"][i])).collect();
    assert_eq!(
        steps,
        [Some("0.2182".into()), Some("0.5000".into()), Some("0.2500".into())]
    );
    assert_eq!(rate(&g["overall"]).as_deref(), Some("0.0273"));
    // P1 is at or above 甲 on every step; P2 (0.2, 0.5, 0.2) falls short most at 报价 → 成交 (0.25 − 0.2)
    assert!(p[0]["bottleneck"].is_null());
    let b = &p[1]["bottleneck"];
    assert_eq!(
        (b["step"].as_u64(), b["from"].as_str(), b["to"].as_str()),
        (Some(2), Some("报价"), Some("成交"))
    );
    assert_eq!(
        (b["rate"].as_str(), b["groupRate"].as_str(), b["shortfall"].as_str()),
        (Some("0.2000"), Some("0.2500"), Some("0.0500"))
    );
    assert_eq!(
        p[1]["explain"],
        "bottleneck at 报价 → 成交: 20.00% against the group's 25.00%, 5.00% lower"
    );
    // P3: zero stages give null rates with a reason, never a division error
    let zero = &p[2]["rates"]["steps"][0];
    assert!(zero["rate"].is_null());
    assert_eq!(zero["reason"], "\"线索\" is 0: no conversion rate");
    assert!(p[2]["rates"]["overall"]["rate"].is_null());
    // P4: 商机 60 > 线索 50 is a warning; P5's "x" fails that row only
    assert_eq!(out["warnings"][0]["code"], "ORDER");
    assert_eq!(out["warnings"][0]["path"], "rows/3/商机");
    assert_eq!(
        (p[4]["ok"].as_bool(), out["errors"][0]["code"].as_str()),
        (Some(false), Some("INVALID_NUMBER"))
    );
    // 乙 without P5: 50, 60, 30, 15 → 1.2, 0.5, 0.5, 0.3
    assert_eq!(rate(&out["groups"]["乙"]["steps"][0]).as_deref(), Some("1.2000"));
    // the whole table, P1–P4: 1150, 300, 150, 45 → 300/1150 = 0.26087 → 0.2609, 45/1150 = 0.03913 → 0.0391
    assert_eq!(rate(&out["overall"]["steps"][0]).as_deref(), Some("0.2609"));
    assert_eq!(rate(&out["overall"]["overall"]).as_deref(), Some("0.0391"));
}

#[test]
fn funnel_explains_in_three_locales() {
    let text = |l| funnel(funnel_input(), l).unwrap().people[1].explain.clone();
    assert!(text(Locale::ZhCn).starts_with("瓶颈在 报价 → 成交"));
    assert!(text(Locale::ZhTw).starts_with("瓶頸在 报价 → 成交：轉化率 20.00%"));
    assert!(text(Locale::En).starts_with("bottleneck"));
}

#[test]
fn funnel_json_checks_its_settings() {
    let e = jixiao::json::funnel_json(r#"{"people":[],"stages":["线索"],"locale":"en"}"#).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_SETTING", "/stages"));
    let e = jixiao::json::funnel_json(r#"{"stages":["a","b"]}"#).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("MISSING_VALUE", "/people"));
    let out =
        jixiao::json::funnel_json(r#"{"stages":["a","b"],"people":[{"a":4,"b":1}],"decimals":"number"}"#).unwrap();
    assert!(out.contains(r#""rate":0.25"#));
}

fn statistics_output() -> Value {
    let e = engine(&json!({
        "fields": { "group": "团队" },
        "indicators": [{ "key": "q", "name": "评分", "weight": 100, "actual": { "field": "q" }, "scoring": { "type": "direct" } }]
    }));
    let (a, b) = (["100", "95", "80", "60"], ["95", "90", "80", "70", "50", "40", "30"]);
    let mut lines: Vec<String> = a.iter().map(|q| json!({ "团队": "甲", "q": q }).to_string()).collect();
    lines.extend(b.iter().map(|q| json!({ "团队": "乙", "q": q }).to_string()));
    lines.push(json!({ "团队": "乙", "q": "abc" }).to_string());
    let options = EvaluateOptions {
        statistics: true,
        output: jixiao::OutputMode::Totals,
        ..Default::default()
    };
    let out = e
        .evaluate_rows(&Default::default(), &lines.join("\n"), &options)
        .unwrap();
    serde_json::to_value(e.compact(out, jixiao::OutputMode::Totals)).unwrap()
}

#[test]
fn indicator_statistics_by_hand() {
    let s = &statistics_output()["summary"]["indicators"][0];
    assert_eq!(s["key"], "q");
    // 11 computed scores (the "abc" row failed): Σ 790, mean 71.8181… → 71.82; median the 6th = 80
    let scores = &s["scores"];
    assert_eq!(scores["count"], 11);
    assert_eq!(
        (scores["mean"].as_str(), scores["median"].as_str()),
        (Some("71.82"), Some("80.00"))
    );
    assert_eq!(
        (scores["min"].as_str(), scores["max"].as_str()),
        (Some("30.00"), Some("100.00"))
    );
    // ⌈10 % × 11⌉ = 2: the 2nd highest is 95, and both 95s are at it (a tie: 3 people reach it)
    assert_eq!(scores["top10"], "95.00");
    // values as read, mean at rate places: 71.8182
    assert_eq!(
        (s["values"]["mean"].as_str(), s["values"]["min"].as_str()),
        (Some("71.8182"), Some("30"))
    );
    // 甲 (4, an even count): median (80 + 95) / 2 = 87.5; mean 335 / 4 = 83.75; top 10 %: ⌈0.4⌉ = 1 → 100
    let g = &s["groups"]["甲"]["scores"];
    assert_eq!(
        (g["median"].as_str(), g["mean"].as_str(), g["top10"].as_str()),
        (Some("87.50"), Some("83.75"), Some("100.00"))
    );
    assert_eq!(s["groups"]["乙"]["scores"]["count"], 7);
}

#[test]
fn statistics_are_off_by_default() {
    let e = engine(&scheme(json!([])));
    let out = e
        .evaluate_rows(&Default::default(), &rows(&people()), &Default::default())
        .unwrap();
    assert!(out.summary.indicators.is_none());
    assert!(!serde_json::to_string(&out.summary).unwrap().contains("indicators"));
}

#[test]
fn digests_are_sha256_of_the_canonical_json() {
    // python3: hashlib.sha256('{"a":[1,"万"],"b":true}'.encode()).hexdigest()
    let scheme = json!({ "b": true, "a": [1, "万"] });
    assert_eq!(canonical_json(&scheme), r#"{"a":[1,"万"],"b":true}"#);
    let dg = Digest::of(&scheme, &json!({ "people": [] }));
    assert_eq!(
        dg.scheme,
        "cce695b82409f0154936242f36fa277325f9fa3f903ffe27b46f270fd2bef294"
    );
    // python3: hashlib.sha256(b'{"people":[]}').hexdigest()
    assert_eq!(
        dg.input,
        "cf385940451b8505bd31e7a3382db339c2ede3d07cf7744fe8c22253fda1f02e"
    );
    let other = Digest::of(&scheme, &json!({ "people": [{ "x": 1 }] }));
    assert_ne!(dg.input, other.input);
    assert_eq!(dg.scheme, other.scheme);
    let e = jixiao::json::digest_json("{", "{}").unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_JSON", "/scheme"));
}
