//! Value sources (DESIGN.md, "Team figures", "Missing data", "Weights, roles and versions"):
//! team figures, value ranges, per-indicator rater weights, inactive (weight-0) indicators and
//! strict value sources. Expected figures are worked out by hand in the comments, never taken
//! from the engine.

use crate::common::{d, dec, engine, evaluate_people};
use jixiao::json::validate_scheme_json;
use jixiao::{EvaluateOptions, Locale, OutputMode, Severity, ValidationReport};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn report(scheme: &Value) -> ValidationReport {
    validate_scheme_json(&scheme.to_string(), Some(Locale::En))
}

/// The errors of a scheme as `CODE path`.
fn errors(scheme: &Value) -> Vec<String> {
    report(scheme)
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| format!("{} {}", i.code.as_str(), i.path))
        .collect()
}

/// The English message of the error at `path`.
fn message_at(scheme: &Value, path: &str) -> String {
    let r = report(scheme);
    let i = r.issues.iter().find(|i| i.path == path);
    i.unwrap_or_else(|| panic!("no issue at {path}: {:?}", errors(scheme)))
        .messages
        .en
        .clone()
}

fn one_indicator(actual: Value) -> Value {
    json!({
        "fields": { "id": "工号" },
        "indicators": [{ "key": "a", "weight": 100, "actual": actual, "scoring": { "type": "direct" } }]
    })
}

fn explained() -> EvaluateOptions {
    EvaluateOptions {
        explain: true.into(),
        ..Default::default()
    }
}

fn result<'a>(out: &'a Value, id: &str) -> &'a Value {
    let all = out["results"].as_array().unwrap();
    all.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result {id}"))
}

fn lines(r: &Value) -> String {
    r["explain"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------- strict value sources

#[test]
fn a_value_source_with_two_kinds_or_an_unknown_key_is_an_error_at_its_path() {
    // `{ field, value }` together was read as a field, the value silently dropped
    let both = one_indicator(json!({ "field": "x", "value": 1 }));
    // (the decoder names the key where the second kind begins)
    assert_eq!(errors(&both), ["INVALID_TYPE /indicators/0/actual/value"]);
    assert!(message_at(&both, "/indicators/0/actual/value").contains("field and value"));
    // a typo names its own key
    let typo = one_indicator(json!({ "field": "x", "feild": "y" }));
    assert_eq!(errors(&typo), ["INVALID_TYPE /indicators/0/actual/feild"]);
    // `scope: "group"` was accepted and ignored: now an error that points at team figures
    let scope = one_indicator(json!({ "field": "x", "scope": "group" }));
    assert_eq!(errors(&scope), ["INVALID_TYPE /indicators/0/actual/scope"]);
    assert!(message_at(&scope, "/indicators/0/actual/scope").contains("\"group\""));
    // inside adjustments and incentives too
    let adj = json!({
        "indicators": [{ "key": "a", "weight": 100, "actual": { "field": "x" }, "scoring": { "type": "direct" } }],
        "adjustments": [{ "key": "c", "per": -5, "value": { "field": "投诉", "min": 0 } }]
    });
    assert_eq!(errors(&adj), ["INVALID_TYPE /adjustments/0/value/min"]);
    // what goes with one kind only (a key out of place is named; a missing one names the source)
    let weights = one_indicator(json!({ "field": "x", "weights": { "manager": 1 } }));
    assert_eq!(errors(&weights), ["INVALID_TYPE /indicators/0/actual/weights"]);
    let op = one_indicator(json!({ "field": "x", "op": "sum" }));
    assert_eq!(errors(&op), ["INVALID_TYPE /indicators/0/actual/op"]);
    let no_op = one_indicator(json!({ "group": "x" }));
    assert_eq!(errors(&no_op), ["INVALID_TYPE /indicators/0/actual"]);
    let nothing = one_indicator(json!({ "range": [0, 1] }));
    assert_eq!(errors(&nothing), ["INVALID_TYPE /indicators/0/actual"]);
    // the good forms still read
    for ok in [
        json!({ "field": "x" }),
        json!({ "value": 1 }),
        json!({ "formula": "x * 2" }),
    ] {
        assert!(errors(&one_indicator(ok.clone())).is_empty(), "{ok}");
    }
}

// ---------------------------------------------------------------- ranges

#[test]
fn a_value_outside_its_range_fails_that_row_only() {
    let scheme = one_indicator(json!({ "field": "得分", "range": ["0", 100] }));
    let out = evaluate_people(
        &scheme,
        json!([
            { "工号": "E1", "得分": 90 },
            { "工号": "E2", "得分": -5 },
            { "工号": "E3", "得分": "100" },
            { "工号": "E4", "得分": 100.5 }
        ]),
        &Default::default(),
    );
    assert_eq!(result(&out, "E1")["total"], "90.00");
    assert_eq!(result(&out, "E3")["total"], "100.00");
    for (id, raw) in [("E2", "-5"), ("E4", "100.5")] {
        let r = result(&out, id);
        assert_eq!(r["ok"], false);
        let e = &r["errors"][0];
        assert_eq!(e["code"], "OUT_OF_RANGE");
        assert_eq!(e["field"], "得分");
        assert_eq!(e["value"], raw);
        assert!(e["path"].as_str().unwrap().starts_with("rows/"), "{e}");
    }
    assert_eq!(out["errors"].as_array().unwrap().len(), 2);
}

#[test]
fn an_open_range_end_and_a_range_on_a_formula() {
    // range [null, 1]: anything up to 1; the formula 2 × x goes past it for x = 0.6
    let scheme = one_indicator(json!({ "formula": "x * 2", "range": [null, "1"] }));
    let out = evaluate_people(
        &scheme,
        json!([{ "工号": "E1", "x": "0.4" }, { "工号": "E2", "x": "0.6" }]),
        &Default::default(),
    );
    assert_eq!(result(&out, "E1")["total"], "0.80");
    assert_eq!(result(&out, "E2")["errors"][0]["code"], "OUT_OF_RANGE");
    assert_eq!(result(&out, "E2")["errors"][0]["value"], "1.2");
    // a range whose ends cross is refused
    let crossed = one_indicator(json!({ "field": "x", "range": [5, 1] }));
    assert_eq!(errors(&crossed), ["ORDER /indicators/0/actual/range"]);
}

// ---------------------------------------------------------------- per-indicator raters

fn rated(source: Value) -> Value {
    json!({
        "fields": { "id": "工号" },
        "raters": { "self": 10, "manager": 50, "customer": 30, "peer": 10 },
        "indicators": [{ "key": "q", "weight": 100, "actual": source, "scoring": { "type": "direct" } }]
    })
}

#[test]
fn a_rated_source_weighs_its_raters_with_its_own_weights() {
    let own = rated(json!({
        "raters": { "manager": "上级评分", "customer": "客户评分" },
        "weights": { "manager": 60, "customer": 40 }
    }));
    let people = json!([{ "工号": "E1", "上级评分": 80, "客户评分": 90 }]);
    let out = evaluate_people(&own, people.clone(), &Default::default());
    // own weights: (60×80 + 40×90) / 100 = 84
    assert_eq!(result(&out, "E1")["total"], "84.00");
    // the scheme's weights would give (50×80 + 30×90) / 80 = 83.75
    let inherited = rated(json!({ "raters": { "manager": "上级评分", "customer": "客户评分" } }));
    let out = evaluate_people(&inherited, people, &Default::default());
    assert_eq!(result(&out, "E1")["total"], "83.75");
}

#[test]
fn a_rated_sources_own_weights_are_checked_like_the_schemes() {
    let src = |weights: Value| {
        rated(json!({ "raters": { "manager": "上级评分", "customer": "客户评分" }, "weights": weights }))
    };
    assert_eq!(
        errors(&src(json!({ "manager": 60 }))),
        ["UNKNOWN_RATER /indicators/0/actual/raters/customer"]
    );
    assert_eq!(
        errors(&src(json!({ "manager": 60, "customer": 40, "peer": 1 }))),
        ["UNKNOWN_RATER /indicators/0/actual/weights/peer"]
    );
    assert_eq!(
        errors(&src(json!({ "manager": -60, "customer": 40 }))),
        [
            "INVALID_SETTING /indicators/0/actual/weights/manager",
            "INVALID_SETTING /indicators/0/actual/weights"
        ]
    );
    assert_eq!(
        errors(&src(json!({ "manager": 0, "customer": 0 }))),
        ["INVALID_SETTING /indicators/0/actual/weights"]
    );
    // own weights need no scheme-wide raters at all
    let mut alone = src(json!({ "manager": 1, "customer": 1 }));
    alone.as_object_mut().unwrap().remove("raters");
    assert!(errors(&alone).is_empty(), "{:?}", errors(&alone));
}

// ---------------------------------------------------------------- inactive indicators

/// `a` weighs 100 until July 2025, then 80 with the new `c` at 20. `c` is a formula that
/// divides 0 by 0 when there were no visits.
fn introduced_later() -> Value {
    json!({
        "fields": { "id": "工号", "role": "岗位" },
        "indicators": [
            { "key": "a", "weight": 100, "actual": { "field": "a" }, "scoring": { "type": "direct" } },
            { "key": "c", "weight": 0, "actual": { "formula": "新客户数 / 拜访数" }, "target": { "value": "0.5" },
              "scoring": { "type": "linear", "cap": "1.2" } }
        ],
        "versions": [{ "from": "2025-07-01", "weights": { "a": 80, "c": 20 } }],
        "roles": { "电话销售": { "weights": { "a": 100, "c": 0 } } }
    })
}

#[test]
fn an_indicator_before_its_version_starts_is_inactive_needs_no_data_and_cannot_fail() {
    let e = engine(&introduced_later());
    let people = json!([
        { "工号": "E1", "a": 90, "新客户数": 0, "拜访数": 0 },
        { "工号": "E2", "a": 70 }
    ]);
    let q2 = e
        .evaluate_value(&json!({ "people": people.clone(), "period": "2025-Q2" }), &explained())
        .unwrap();
    for (id, total) in [("E1", "90.00"), ("E2", "70.00")] {
        let r = result(&q2, id);
        assert_eq!(r["ok"], true, "{r}");
        assert_eq!(r["total"], total);
        let c = &r["indicators"][1];
        assert_eq!(c["status"], "inactive");
        for k in ["actual", "target", "achievement", "score", "weight", "weighted"] {
            assert!(c[k].is_null(), "{k}: {c}");
        }
    }
    assert!(lines(result(&q2, "E1")).contains("weight 0") || lines(result(&q2, "E1")).contains("权重为 0"));
    // from July it counts: E1 has no visits, so c divides by zero and the row fails
    let q3 = e
        .evaluate_value(&json!({ "people": people, "period": "2025-Q3" }), &Default::default())
        .unwrap();
    assert_eq!(result(&q3, "E1")["ok"], false);
    assert_eq!(result(&q3, "E1")["indicators"][1]["status"], "error");
}

#[test]
fn an_indicator_a_role_does_not_use_is_inactive_for_that_role_only() {
    let e = engine(&introduced_later());
    let people = json!([
        // visit 4, new 3: achievement 0.75 / 0.5 = 1.5, capped 1.2 → 120; 80×0.8 + 120×0.2 = 88
        { "工号": "E1", "岗位": "外勤", "a": 80, "新客户数": 3, "拜访数": 4 },
        { "工号": "E2", "岗位": "电话销售", "a": 80 }
    ]);
    let out = e
        .evaluate_value(&json!({ "people": people, "period": "2025-Q3" }), &Default::default())
        .unwrap();
    assert_eq!(result(&out, "E1")["total"], "88.00");
    assert_eq!(result(&out, "E1")["indicators"][1]["status"], "ok");
    assert_eq!(result(&out, "E2")["total"], "80.00");
    assert_eq!(result(&out, "E2")["indicators"][1]["status"], "inactive");
    // ranks see only totals: 88 before 80
    assert_eq!(result(&out, "E1")["rank"], 1);
    assert_eq!(result(&out, "E2")["rank"], 2);
}

#[test]
fn inactive_indicators_in_lean_outputs() {
    let e = engine(&introduced_later());
    let input = json!({ "people": [{ "工号": "E1", "a": 90 }], "period": "2025-Q2" });
    let full = e.evaluate_value(&input, &Default::default()).unwrap();
    for mode in [OutputMode::Scores, OutputMode::Totals] {
        let options = EvaluateOptions {
            output: mode,
            ..Default::default()
        };
        let lean = e.evaluate_value(&input, &options).unwrap();
        assert_eq!(lean["results"][0]["total"], full["results"][0]["total"]);
        if mode == OutputMode::Scores {
            // an indicator with no score is an empty entry, as for one a failed row never reached
            assert_eq!(lean["results"][0]["indicators"][1], json!({}));
        }
    }
}

// ---------------------------------------------------------------- team figures

/// `revenue` (70) is the rep's own achievement, `team` (30) the team's Σ actual ÷ Σ target.
fn team_scheme() -> Value {
    json!({
        "fields": { "id": "工号", "name": "姓名", "group": "团队" },
        "indicators": [
            { "key": "revenue", "weight": 70, "actual": { "field": "销售额" }, "target": { "field": "销售目标" },
              "scoring": { "type": "linear", "cap": "1.5" } },
            { "key": "team", "weight": 30, "actual": { "group": "revenue", "op": "achievement" },
              "target": { "value": 1 }, "scoring": { "type": "linear", "cap": "1.5" }, "missing": "exclude" }
        ]
    })
}

fn team_people() -> Value {
    json!([
        { "工号": "E1", "团队": "华东", "销售额": 120, "销售目标": 100 },
        { "工号": "E2", "团队": "华东", "销售额": 80, "销售目标": 100 },
        { "工号": "E3", "团队": "华东", "销售额": "abc", "销售目标": 100 },
        { "工号": "E4", "团队": "华南", "销售额": 50, "销售目标": 100 },
        { "工号": "E5", "销售额": 100, "销售目标": 100 }
    ])
}

#[test]
fn a_team_achievement_weighs_into_each_members_score() {
    let out = evaluate_people(&team_scheme(), team_people(), &explained());
    // 华东: E3 fails (its 销售额 is no number) and is left out: (120 + 80) / (100 + 100) = 1.00
    //   E1: 120 × 0.7 + 100 × 0.3 = 84 + 30 = 114;  E2: 80 × 0.7 + 30 = 86
    // 华南: 50 / 100 = 0.5: E4: 50 × 0.7 + 50 × 0.3 = 35 + 15 = 50
    // E5 has no group: the team figure is missing, excluded: revenue alone scales to 100 → 100
    let totals: Vec<(&str, &str)> = vec![("E1", "114.00"), ("E2", "86.00"), ("E4", "50.00"), ("E5", "100.00")];
    for (id, total) in totals {
        assert_eq!(result(&out, id)["total"], total, "{id}");
    }
    assert_eq!(result(&out, "E3")["ok"], false);
    assert_eq!(dec(&result(&out, "E1")["indicators"][1]["actual"]), d("1"));
    assert_eq!(result(&out, "E5")["indicators"][1]["status"], "excluded");
    let text = lines(result(&out, "E1"));
    assert!(
        text.contains("“华东”") && text.contains("200 ÷ Σ目标 200 = 100.00%"),
        "{text}"
    );
    assert!(
        text.contains("计入 2 人") && text.contains("未计入 1 人") && text.contains("E3"),
        "{text}"
    );
    // the group's figure comes before the indicator that reads it
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("“华东”"), "{text}");
}

#[test]
fn a_team_sum_and_mean_of_a_column() {
    let scheme = json!({
        "fields": { "id": "工号", "group": "团队" },
        "indicators": [
            { "key": "total", "weight": 50, "actual": { "group": "回款", "op": "sum" }, "scoring": { "type": "direct" } },
            { "key": "mean", "weight": 50, "actual": { "group": "回款", "op": "mean" }, "scoring": { "type": "direct" } }
        ]
    });
    // A: 10 + 20 + (blank, left out) = 30; mean 30 / 2 = 15 → 30 × 0.5 + 15 × 0.5 = 22.5
    // B: 7 alone: 7 × 0.5 + 7 × 0.5 = 7
    let out = evaluate_people(
        &scheme,
        json!([
            { "工号": "1", "团队": "A", "回款": 10 },
            { "工号": "2", "团队": "A", "回款": "20" },
            { "工号": "3", "团队": "A" },
            { "工号": "4", "团队": "B", "回款": 7 }
        ]),
        &Default::default(),
    );
    for (id, total) in [("1", "22.50"), ("2", "22.50"), ("3", "22.50"), ("4", "7.00")] {
        assert_eq!(result(&out, id)["total"], total, "{id}");
    }
}

#[test]
fn team_figures_are_the_same_in_every_output_mode() {
    let e = engine(&team_scheme());
    let input = json!({ "people": team_people() });
    let full = e.evaluate_value(&input, &Default::default()).unwrap();
    for mode in [OutputMode::Scores, OutputMode::Totals] {
        let options = EvaluateOptions {
            output: mode,
            ..Default::default()
        };
        let lean = e.evaluate_value(&input, &options).unwrap();
        for (f, l) in full["results"]
            .as_array()
            .unwrap()
            .iter()
            .zip(lean["results"].as_array().unwrap())
        {
            assert_eq!(f["total"], l["total"]);
            assert_eq!(f["rank"], l["rank"]);
        }
    }
}

#[test]
fn team_figure_scheme_errors_have_paths() {
    // no group column
    let mut no_group = team_scheme();
    no_group["fields"].as_object_mut().unwrap().remove("group");
    assert_eq!(errors(&no_group), ["MISSING_SETTING /indicators/1/actual/group"]);
    // achievement of a column
    let mut column = team_scheme();
    column["indicators"][1]["actual"] = json!({ "group": "销售额", "op": "achievement" });
    assert_eq!(errors(&column), ["UNKNOWN_INDICATOR /indicators/1/actual/group"]);
    // an indicator reading its own team figure, and one reading a team figure of an
    // indicator that reads a team figure
    let mut own = team_scheme();
    own["indicators"][1]["actual"] = json!({ "group": "team", "op": "sum" });
    assert_eq!(errors(&own), ["CYCLE /indicators/1/actual/group"]);
    let mut chain = team_scheme();
    chain["indicators"][0]["weight"] = json!(40);
    chain["indicators"].as_array_mut().unwrap().push(json!({
        "key": "team2", "weight": 30, "actual": { "group": "team", "op": "mean" }, "scoring": { "type": "direct" }
    }));
    assert_eq!(errors(&chain), ["CYCLE /indicators/2/actual/group"]);
    // through a formula: `derived` reads team.score, and a team figure of `derived` is a circle
    let mut formula = team_scheme();
    formula["indicators"][0]["weight"] = json!(40);
    let more = formula["indicators"].as_array_mut().unwrap();
    more.push(json!({ "key": "derived", "weight": 0, "actual": { "formula": "team.score" }, "scoring": { "type": "direct" } }));
    more.push(json!({ "key": "t3", "weight": 30, "actual": { "group": "derived", "op": "sum" }, "scoring": { "type": "direct" } }));
    assert_eq!(errors(&formula), ["CYCLE /indicators/3/actual/group"]);
}

#[test]
fn hostile_team_figures_give_documented_results() {
    let e = engine(&team_scheme());
    // every row failed: the group figure is missing for all (excluded), each row fails on its own
    let all_failed = json!([{ "工号": "E1", "团队": "X", "销售额": "abc", "销售目标": 1 }]);
    let out = e
        .evaluate_value(&json!({ "people": all_failed }), &Default::default())
        .unwrap();
    assert_eq!(out["results"][0]["errors"][0]["code"], "INVALID_NUMBER");
    // the group column missing from every row: no one has a team; the figure is missing
    let no_column = json!([{ "工号": "E1", "销售额": 1, "销售目标": 1 }]);
    let out = e
        .evaluate_value(&json!({ "people": no_column }), &Default::default())
        .unwrap();
    assert_eq!(out["results"][0]["total"], "100.00");
    assert_eq!(out["results"][0]["indicators"][1]["status"], "excluded");
    // a group whose targets sum to 0: ZERO_DIVISOR for its members, naming the figure
    let zero = json!([{ "工号": "E1", "团队": "Z", "销售额": 0, "销售目标": 0 }]);
    let out = e
        .evaluate_value(&json!({ "people": zero }), &Default::default())
        .unwrap();
    let codes: Vec<&str> = out["results"][0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"ZERO_DIVISOR"), "{codes:?}");
    // sums that leave the decimal range: OVERFLOW, not a trap
    let huge = "79228162514264337593543950335";
    let big = json!([
        { "工号": "E1", "团队": "B", "销售额": huge, "销售目标": 1 },
        { "工号": "E2", "团队": "B", "销售额": huge, "销售目标": 1 }
    ]);
    let out = e
        .evaluate_value(&json!({ "people": big }), &Default::default())
        .unwrap();
    assert!(
        out["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "OVERFLOW"),
        "{}",
        out["errors"]
    );
}

#[test]
fn a_team_of_100_000_people() {
    // everyone sells 1 against a target of 2 (team 0.5 → 50): 50 × 0.7 + 50 × 0.3 = 50
    let e = engine(&team_scheme());
    let rows: String = (0..100_000)
        .map(|i| format!("{{\"工号\":\"E{i}\",\"团队\":\"一\",\"销售额\":1,\"销售目标\":2}}"))
        .collect::<Vec<_>>()
        .join("\n");
    let options = EvaluateOptions {
        output: OutputMode::Totals,
        ..Default::default()
    };
    let out = e.evaluate_rows(&Default::default(), &rows, &options).unwrap();
    assert_eq!(out.results.len(), 100_000);
    assert!(out.results.iter().all(|r| r.total.map(|t| t.0) == Some(d("50.00"))));
}
