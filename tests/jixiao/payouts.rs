//! Incentives inside `evaluate` (DESIGN.md, "Incentives"): commission plans, bonuses, team pools and
//! awards on evaluated rows, their statuses and explanations, the summary totals, the
//! write-back columns, and the plan checks of `validateScheme`.

use crate::common::evaluate_people;
use jixiao::{json::validate_scheme_json, Engine, EvaluateOptions, Locale, Severity};
use serde_json::{json, Value};

/// A one-indicator scheme (销售额 / 目标, linear capped at 1.2) with the given incentives.
fn scheme(incentives: Value) -> Value {
    json!({
        "fields": { "id": "工号", "group": "团队", "role": "岗位" },
        "indicators": [{ "key": "revenue", "name": "销售额达成率", "weight": 100,
            "actual": { "field": "销售额" }, "target": { "field": "目标" },
            "scoring": { "type": "linear", "cap": "1.2" } }],
        "vetoes": [{ "key": "v", "name": "数据违规", "when": { "field": "违规", "op": ">", "value": 0 } }],
        "grades": { "type": "bands", "bands": [
            { "grade": "S", "min": 100 }, { "grade": "A", "min": 90 }, { "grade": "B", "min": 70 }, { "grade": "C", "min": 0 } ] },
        "incentives": incentives
    })
}

fn run(incentives: Value, people: Value) -> Value {
    run_with(incentives, people, EvaluateOptions::default())
}

fn run_with(incentives: Value, people: Value, options: EvaluateOptions) -> Value {
    evaluate_people(&scheme(incentives), people, &options)
}

fn tiers() -> Value {
    json!([{ "from": 0, "rate": "0.02" }, { "from": 500000, "rate": "0.03" }, { "from": 1000000, "rate": "0.05" }])
}

/// (status, amount) of each payout line of row `i`.
fn lines(out: &Value, i: usize) -> Vec<(String, String)> {
    out["results"][i]["incentives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["status"].as_str().unwrap().to_string(),
                l["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn amounts(out: &Value, key: &str) -> Vec<Option<String>> {
    out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["incentives"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["key"] == key)
                .map(|l| l["amount"].as_str().unwrap().to_string())
        })
        .collect()
}

fn p(s: &str) -> (String, String) {
    let (a, b) = s.split_once(' ').unwrap();
    (a.to_string(), b.to_string())
}

#[test]
fn marginal_and_whole_commission_from_a_field() {
    for (mode, expected) in [
        ("marginal", ["37500.00", "25000.00", "0.00"]),
        ("whole", ["62500.00", "30000.00", "0.00"]),
    ] {
        let out = run(
            json!({ "commission": { "base": { "field": "回款额" }, "tiers": tiers(), "mode": mode } }),
            json!([
                { "工号": "E1", "销售额": 1, "目标": 1, "回款额": "125万" },
                { "工号": "E2", "销售额": 1, "目标": 1, "回款额": "999,999.99" },
                { "工号": "E3", "销售额": 1, "目标": 1, "回款额": 0 }
            ]),
        );
        let got: Vec<String> = amounts(&out, "commission").into_iter().map(Option::unwrap).collect();
        assert_eq!(got, expected, "{mode}");
        assert_eq!(out["results"][0]["payout"], expected[0]);
    }
}

#[test]
fn every_slice_is_in_the_line_and_its_text() {
    let out = run(
        json!({ "commission": { "name": "个人提成", "base": { "field": "销售额" }, "tiers": tiers() } }),
        json!([{ "工号": "E1", "销售额": 1250000, "目标": 1000000 }]),
    );
    let line = &out["results"][0]["incentives"][0];
    assert_eq!(line["kind"], "commission");
    assert_eq!(line["slices"].as_array().unwrap().len(), 3);
    assert_eq!(line["slices"][1]["pay"], "15000.00");
    assert_eq!(line["slices"][2]["base"], "250000");
    let text = line["text"].as_str().unwrap();
    assert!(text.starts_with("个人提成："), "{text}");
    assert!(text.contains("500,000–1,000,000 × 3% = 15,000.00"), "{text}");
}

#[test]
fn achievement_tiers_read_the_plan_target() {
    let out = run(
        json!({ "commission": { "base": { "field": "销售额" }, "target": { "field": "目标" }, "on": "achievement",
            "tiers": [{ "from": 0, "rate": "0.01" }, { "from": "0.8", "rate": "0.02" }, { "from": 1, "rate": "0.03" }, { "from": "1.2", "rate": "0.04" }] } }),
        json!([
            { "工号": "E1", "销售额": 1300000, "目标": 1000000 },
            { "工号": "E2", "销售额": 750000, "目标": 1000000 },
            { "工号": "E3", "销售额": 750000, "目标": "" }
        ]),
    );
    assert_eq!(lines(&out, 0), vec![p("paid 22000.00")]);
    assert_eq!(lines(&out, 1), vec![p("paid 7500.00")]);
    // a blank target fails the scoring row (missing: error): 0, status failed
    assert_eq!(out["results"][2]["ok"], false);
    assert_eq!(lines(&out, 2), vec![p("failed 0.00")]);
}

#[test]
fn a_failed_gate_pays_zero_and_says_why() {
    let out = run(
        json!({ "commission": { "base": { "field": "销售额" }, "tiers": tiers(),
            "gate": { "field": "回款率", "op": ">=", "value": "0.6" } } }),
        json!([
            { "工号": "E1", "销售额": 800000, "目标": 1000000, "回款率": "55%" },
            { "工号": "E2", "销售额": 800000, "目标": 1000000, "回款率": "60%" }
        ]),
    );
    assert_eq!(lines(&out, 0), vec![p("gate_failed 0.00")]);
    assert_eq!(lines(&out, 1), vec![p("paid 19000.00")]);
    let text = out["results"][0]["incentives"][0]["text"].as_str().unwrap();
    assert!(text.contains("回款率 0.55（需 ≥ 0.6）"), "{text}");
}

#[test]
fn a_cap_limits_the_commission() {
    let out = run(
        json!({ "commission": { "base": { "field": "销售额" }, "tiers": tiers(), "cap": "30000" } }),
        json!([{ "工号": "E1", "销售额": 1250000, "目标": 1000000 }, { "工号": "E2", "销售额": 500000, "目标": 1000000 }]),
    );
    assert_eq!(lines(&out, 0), vec![p("capped 30000.00")]);
    assert_eq!(lines(&out, 1), vec![p("paid 10000.00")]);
}

#[test]
fn a_vetoed_person_gets_zero_with_the_reason_and_a_failed_row_gets_nothing() {
    let out = run(
        json!({ "commission": { "base": { "field": "销售额" }, "tiers": tiers() },
                "bonus": { "base": { "value": 10000 }, "by": "score" } }),
        json!([
            { "工号": "E1", "销售额": 800000, "目标": 1000000, "违规": 1 },
            { "工号": "E2", "销售额": "abc", "目标": 1000000 }
        ]),
    );
    assert_eq!(lines(&out, 0), vec![p("vetoed 0.00"), p("vetoed 0.00")]);
    assert!(out["results"][0]["incentives"][0]["text"]
        .as_str()
        .unwrap()
        .contains("一票否决"));
    assert_eq!(out["results"][0]["payout"], "0.00");
    assert_eq!(out["results"][1]["ok"], false);
    assert_eq!(lines(&out, 1), vec![p("failed 0.00"), p("failed 0.00")]);
    assert!(out["results"][1]["incentives"][0]["text"]
        .as_str()
        .unwrap()
        .contains("本行数据有误"));
    assert_eq!(out["results"][1]["payout"], "0.00");
    assert_eq!(out["summary"]["payout"], "0.00");
}

#[test]
fn a_bad_base_cell_fails_the_row_naming_the_field() {
    let out = run(
        json!({ "commission": { "base": { "field": "回款额" }, "tiers": tiers() } }),
        json!([{ "工号": "E1", "销售额": 1, "目标": 1, "回款额": "n/a" }, { "工号": "E2", "销售额": 1, "目标": 1, "回款额": 100 }]),
    );
    assert_eq!(out["results"][0]["ok"], false);
    assert_eq!(out["errors"][0]["code"], "INVALID_NUMBER");
    assert_eq!(out["errors"][0]["field"], "回款额");
    assert_eq!(lines(&out, 1), vec![p("paid 2.00")]);
}

#[test]
fn a_team_override_reads_the_group_sums_and_applies_to_managers_only() {
    let out = run(
        json!({ "commission": [
            { "key": "own", "base": { "field": "销售额" }, "tiers": tiers() },
            { "key": "override", "base": { "field": "销售额" }, "scope": "group", "tiers": [{ "from": 0, "rate": "0.01" }],
              "appliesTo": { "field": "岗位", "op": "=", "value": "经理" } } ] }),
        json!([
            { "工号": "M", "团队": "华东", "岗位": "经理", "销售额": 200000, "目标": 1 },
            { "工号": "A", "团队": "华东", "销售额": 1000000, "目标": 1 },
            { "工号": "B", "团队": "华南", "销售额": 50000, "目标": 1 }
        ]),
    );
    assert_eq!(amounts(&out, "override"), vec![Some("12000.00".into()), None, None]);
    assert_eq!(
        amounts(&out, "own"),
        vec![Some("4000.00".into()), Some("25000.00".into()), Some("1000.00".into())]
    );
    assert_eq!(out["results"][0]["payout"], "16000.00");
    assert_eq!(out["summary"]["payouts"]["override"], "12000.00");
    assert_eq!(out["summary"]["payouts"]["own"], "30000.00");
    assert_eq!(out["summary"]["payout"], "42000.00");
}

#[test]
fn ytd_true_up_pays_the_difference_and_claws_back_after_refunds() {
    let plan = json!({ "commission": { "base": { "field": "累计回款" }, "tiers": tiers(), "accumulate": "ytd",
        "paid": { "field": "已发提成" } } });
    let out = run(
        plan,
        json!([
            { "工号": "E1", "销售额": 1, "目标": 1, "累计回款": 1250000, "已发提成": 25000 },
            { "工号": "E2", "销售额": 1, "目标": 1, "累计回款": 400000, "已发提成": 10000 },
            { "工号": "E3", "销售额": 1, "目标": 1, "累计回款": -50000, "已发提成": 0 }
        ]),
    );
    assert_eq!(lines(&out, 0), vec![p("paid 12500.00")]);
    assert_eq!(lines(&out, 1), vec![p("clawback -2000.00")]);
    assert_eq!(lines(&out, 2), vec![p("clawback -1000.00")]);
    let line = &out["results"][1]["incentives"][0];
    assert_eq!(line["paid"], "10000.00");
    assert!(
        line["text"].as_str().unwrap().contains("已发 10,000.00 = -2,000.00"),
        "{}",
        line["text"]
    );
}

#[test]
fn bonus_by_grade_by_score_with_cap_and_missing_base() {
    let out = run(
        json!({ "bonus": [
            { "key": "g", "base": { "field": "基数" }, "coefficients": { "S": "1.5", "A": "1.2", "B": "1", "C": "0.6" } },
            { "key": "s", "base": { "field": "基数" }, "by": "score", "cap": "11000" } ] }),
        json!([
            { "工号": "E1", "销售额": 1200000, "目标": 1000000, "基数": 10000 },
            { "工号": "E2", "销售额": 800000, "目标": 1000000, "基数": 10000 },
            { "工号": "E3", "销售额": 800000, "目标": 1000000, "基数": "" }
        ]),
    );
    assert_eq!(lines(&out, 0), vec![p("paid 15000.00"), p("capped 11000.00")]);
    assert_eq!(lines(&out, 1), vec![p("paid 10000.00"), p("paid 8000.00")]);
    assert_eq!(lines(&out, 2), vec![p("missing 0.00"), p("missing 0.00")]);
    assert!(out["results"][0]["incentives"][0]["text"]
        .as_str()
        .unwrap()
        .contains("等级 S 系数 1.5"));
}

#[test]
fn a_pool_is_split_by_a_weight_field_to_the_fen_and_sums_exactly() {
    let pool = json!({ "pool": { "amount": { "value": "100000.00" }, "weight": { "field": "系数" } } });
    let people = json!([
        { "工号": "A", "团队": "华东", "销售额": 1, "目标": 1, "系数": "105.92" },
        { "工号": "B", "团队": "华东", "销售额": 1, "目标": 1, "系数": "72.76" },
        { "工号": "C", "团队": "华东", "销售额": 1, "目标": 1, "系数": "43.75" }
    ]);
    let out = run(pool, people.clone());
    assert_eq!(
        amounts(&out, "pool"),
        vec![
            Some("47619.48".into()),
            Some("32711.41".into()),
            Some("19669.11".into())
        ]
    );
    assert_eq!(out["summary"]["payouts"]["pool"], "100000.00");
    let capped = run(
        json!({ "pool": { "amount": { "value": "100000.00" }, "weight": { "field": "系数" }, "cap": "40000" } }),
        people,
    );
    assert_eq!(lines(&capped, 0), vec![p("capped 40000.00")]);
    assert_eq!(
        amounts(&capped, "pool"),
        vec![
            Some("40000.00".into()),
            Some("37469.75".into()),
            Some("22530.25".into())
        ]
    );
}

#[test]
fn pools_are_per_group_with_a_group_condition_and_vetoed_members_get_zero() {
    let out = run(
        json!({ "pool": { "amount": { "field": "团队奖金" }, "weight": "score",
            "when": { "indicator": "revenue", "of": "achievement", "op": ">=", "value": 1 } } }),
        json!([
            { "工号": "A", "团队": "华东", "销售额": 1100000, "目标": 1000000, "团队奖金": 30000 },
            { "工号": "B", "团队": "华东", "销售额": 900000, "目标": 1000000, "团队奖金": 30000 },
            { "工号": "V", "团队": "华东", "销售额": 1000000, "目标": 1000000, "团队奖金": 30000, "违规": 1 },
            { "工号": "C", "团队": "华南", "销售额": 500000, "目标": 1000000, "团队奖金": 30000 }
        ]),
    );
    // 华东: Σ actual 3,000,000 / Σ target 3,000,000 = 1 → paid over A (110) and B (90)
    assert_eq!(lines(&out, 0), vec![p("paid 16500.00")]);
    assert_eq!(lines(&out, 1), vec![p("paid 13500.00")]);
    assert_eq!(lines(&out, 2), vec![p("vetoed 0.00")]);
    // 华南 misses its condition
    assert_eq!(lines(&out, 3), vec![p("condition_failed 0.00")]);
    let text = out["results"][3]["incentives"][0]["text"].as_str().unwrap();
    assert!(text.contains("团队销售额达成率 0.5（需 ≥ 1）"), "{text}");
}

#[test]
fn score_x_base_weights_and_differing_amounts_inside_a_group() {
    let out = run(
        json!({ "pool": { "amount": { "field": "池" }, "weight": "score_x_base", "base": { "field": "底薪" } } }),
        json!([
            { "工号": "A", "团队": "甲", "销售额": 1, "目标": 1, "池": 900, "底薪": 2 },
            { "工号": "B", "团队": "甲", "销售额": "0.5", "目标": 1, "池": 900, "底薪": 2 },
            { "工号": "C", "团队": "乙", "销售额": 1, "目标": 1, "池": 100 },
            { "工号": "D", "团队": "乙", "销售额": 1, "目标": 1, "池": 200 }
        ]),
    );
    // 100 × 2 : 50 × 2 → 600 : 300
    assert_eq!(
        amounts(&out, "pool")[..2],
        [Some("600.00".into()), Some("300.00".into())]
    );
    assert_eq!(lines(&out, 2), vec![p("error 0.00")]);
    assert_eq!(out["warnings"][0]["path"], "incentives/pool");
}

#[test]
fn awards_top_n_overall_and_per_group_with_both_tie_policies() {
    let people = json!([
        { "工号": "A", "团队": "甲", "销售额": 1200000, "目标": 1000000 },
        { "工号": "B", "团队": "甲", "销售额": 1100000, "目标": 1000000 },
        { "工号": "C", "团队": "乙", "销售额": 1100000, "目标": 1000000 },
        { "工号": "D", "团队": "乙", "销售额": 900000, "目标": 1000000 },
        { "工号": "V", "团队": "乙", "销售额": 1500000, "目标": 1000000, "违规": 1 }
    ]);
    let include = run(
        json!({ "awards": [{ "key": "star", "name": "销售之星", "top": 2, "prize": "5000" }] }),
        people.clone(),
    );
    assert_eq!(
        amounts(&include, "star"),
        vec![
            Some("5000.00".into()),
            Some("5000.00".into()),
            Some("5000.00".into()),
            None,
            None
        ]
    );
    let split = run(
        json!({ "awards": [{ "key": "star", "name": "销售之星", "top": 2, "prize": "5000", "ties": "split" }] }),
        people.clone(),
    );
    assert_eq!(
        amounts(&split, "star"),
        vec![
            Some("5000.00".into()),
            Some("2500.00".into()),
            Some("2500.00".into()),
            None,
            None
        ]
    );
    let grouped = run(
        json!({ "awards": [{ "key": "g", "name": "组冠军", "top": 1, "prize": 800, "groupBy": "group", "min": 100 }] }),
        people,
    );
    assert_eq!(
        amounts(&grouped, "g"),
        vec![Some("800.00".into()), None, Some("800.00".into()), None, None]
    );
    let text = grouped["results"][2]["incentives"][0]["text"].as_str().unwrap();
    assert!(text.contains("乙 组内第 1 名"), "{text}");
}

#[test]
fn awards_by_a_field_lower_first() {
    let out = run(
        json!({ "awards": [{ "key": "thrift", "name": "费用控制奖", "by": "-费用率", "top": 1, "prize": 1000 }] }),
        json!([
            { "工号": "A", "销售额": 1, "目标": 1, "费用率": "12%" },
            { "工号": "B", "销售额": 1, "目标": 1, "费用率": "8%" },
            { "工号": "C", "销售额": 1, "目标": 1 }
        ]),
    );
    assert_eq!(amounts(&out, "thrift"), vec![None, Some("1000.00".into()), None]);
}

#[test]
fn explanations_write_back_and_locales() {
    let options = EvaluateOptions {
        explain: true.into(),
        locale: Some("en".into()),
        rows: Some(
            [("提成", "incentives.commission"), ("应发", "payout"), ("工号", "id")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        ),
        ..EvaluateOptions::default()
    };
    let out = run_with(
        json!({ "commission": { "base": { "field": "销售额" }, "tiers": tiers() } }),
        json!([{ "工号": "E1", "销售额": 600000, "目标": 1000000 }]),
        options,
    );
    let lines: Vec<&str> = out["results"][0]["explain"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Commission: 0–500,000 × 2% = 10,000.00"),
        "{lines:?}"
    );
    let step = out["results"][0]["explain"]["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (step["kind"].as_str(), step["value"].as_str()),
        (Some("incentive"), Some("13000.00"))
    );
    assert_eq!(out["rows"][0]["提成"], 13000.0);
    assert_eq!(out["rows"][0]["应发"], 13000.0);
    for (locale, name) in [("zh-TW", "提成："), ("zh-CN", "提成：")] {
        let o = run_with(
            json!({ "commission": { "base": { "field": "销售额" }, "tiers": tiers() } }),
            json!([{ "工号": "E1", "销售额": 600000, "目标": 1000000 }]),
            EvaluateOptions {
                locale: Some(locale.into()),
                ..EvaluateOptions::default()
            },
        );
        assert!(o["results"][0]["incentives"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with(name));
    }
}

#[test]
fn a_scheme_without_incentives_has_no_payouts() {
    let out = run(json!(null), json!([{ "工号": "E1", "销售额": 1, "目标": 1 }]));
    assert_eq!(out["results"][0]["payout"], Value::Null);
    assert_eq!(out["summary"]["payout"], Value::Null);
    assert_eq!(out["summary"]["payouts"], json!({}));
}

/// (code, path, severity) of every issue of a scheme with these incentives.
fn issues(incentives: Value) -> Vec<(String, String, Severity)> {
    let report = validate_scheme_json(&scheme(incentives).to_string(), Some(Locale::En));
    report
        .issues
        .iter()
        .map(|i| (i.code.as_str().to_string(), i.path.clone(), i.severity))
        .collect()
}

fn has(list: &[(String, String, Severity)], code: &str, path: &str, severity: Severity) -> bool {
    list.iter().any(|(c, p, s)| c == code && p == path && *s == severity)
}

#[test]
fn plan_checks_in_validate_scheme() {
    let order = issues(json!({ "commission": { "base": { "field": "x" },
        "tiers": [{ "from": 0, "rate": "0.02" }, { "from": 0, "rate": "0.03" }] } }));
    assert!(
        has(&order, "ORDER", "/incentives/commission/tiers/1/from", Severity::Error),
        "{order:?}"
    );

    let decreasing = issues(json!({ "commission": [ { "base": { "field": "x" }, "mode": "whole",
        "tiers": [{ "from": 0, "rate": "0.03" }, { "from": 500000, "rate": "0.02" }, { "from": 1000000, "rate": "0.05" }] } ] }));
    assert!(
        has(
            &decreasing,
            "DECREASING_RATE",
            "/incentives/commission/0/tiers/1/rate",
            Severity::Warning
        ),
        "{decreasing:?}"
    );
    assert!(
        decreasing
            .iter()
            .any(|(c, _, s)| c == "TIER_CLIFF" && *s == Severity::Warning),
        "{decreasing:?}"
    );

    let needs = issues(json!({
        "commission": [
            { "key": "a", "base": { "field": "x" }, "on": "achievement", "tiers": [{ "from": 0, "rate": "0.01" }] },
            { "key": "b", "base": { "field": "x" }, "accumulate": "ytd", "tiers": [{ "from": 0, "rate": "0.01" }] },
            { "key": "a", "base": { "field": "x" }, "tiers": [{ "from": 0, "rate": "0.01" }] } ],
        "bonus": { "base": { "field": "x" }, "coefficients": { "S": 1, "Z": 2 } },
        "pool": { "amount": { "value": -1 }, "weight": "score_x_base", "groupBy": "区域" },
        "awards": [{ "name": "星", "top": 0, "prize": 1 }] }));
    for (code, path, sev) in [
        ("MISSING_SETTING", "/incentives/commission/0/target", Severity::Error),
        ("MISSING_SETTING", "/incentives/commission/1/paid", Severity::Error),
        ("DUPLICATE_KEY", "/incentives/commission/2/key", Severity::Error),
        ("UNKNOWN_KEY", "/incentives/bonus/coefficients/Z", Severity::Warning),
        ("MISSING_SETTING", "/incentives/bonus/coefficients", Severity::Warning),
        ("INVALID_SETTING", "/incentives/pool/amount/value", Severity::Error),
        ("MISSING_SETTING", "/incentives/pool/base", Severity::Error),
        ("INVALID_SETTING", "/incentives/awards/0/top", Severity::Error),
    ] {
        assert!(has(&needs, code, path, sev), "{code} {path}: {needs:?}");
    }

    let typed = issues(
        json!({ "commission": { "base": { "field": "x" }, "tiers": [{ "from": 0, "rate": "0.01" }], "mode": "steep" },
        "bonuses": [] }),
    );
    assert!(
        has(&typed, "INVALID_TYPE", "/incentives/commission/mode", Severity::Error),
        "{typed:?}"
    );
    assert!(
        has(&typed, "UNKNOWN_KEY", "/incentives/bonuses", Severity::Error),
        "{typed:?}"
    );
}

#[test]
fn a_group_scope_needs_a_group_column() {
    let mut s = scheme(
        json!({ "commission": { "base": { "field": "x" }, "scope": "group", "tiers": [{ "from": 0, "rate": "0.01" }] } }),
    );
    s["fields"] = json!({ "id": "工号" });
    let report = validate_scheme_json(&s.to_string(), None);
    assert!(report
        .issues
        .iter()
        .any(|i| i.code.as_str() == "MISSING_SETTING" && i.path == "/incentives/commission/scope"));
    assert!(Engine::from_value(&s).is_err());
}
