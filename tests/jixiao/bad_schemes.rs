//! A table of bad schemes (DESIGN.md, "Errors"): each kind of mistake a builder makes, one
//! per scheme, with the code and the JSON pointer the validator must give, and messages in
//! zh-CN, zh-TW and en. Plus the rules the strict scheme brings: weight ranges, tiers
//! chosen by another figure, and the columns a scheme reads by name (`COLUMN_NOT_FOUND`).

use crate::common::{listing, report};
use jixiao::{Engine, Severity};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn direct(key: &str, weight: i64) -> Value {
    json!({"key": key, "weight": weight, "actual": {"field": key}, "scoring": {"type": "direct"}})
}

/// A valid scheme of two indicators `a` and `b` (50 / 50) in category `c` and `d`.
fn base() -> Value {
    json!({
        "fields": {"id": "工号", "group": "团队", "role": "岗位"},
        "categories": [{"key": "c"}, {"key": "d"}],
        "indicators": [
            {"key": "a", "category": "c", "weight": 50, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "b", "category": "d", "weight": 50, "actual": {"field": "b"}, "scoring": {"type": "direct"}}
        ]
    })
}

/// `base()` with `patch` merged in: objects key by key, anything else replaced.
fn with(patch: Value) -> Value {
    let mut s = base();
    merge(&mut s, patch);
    s
}

fn merge(into: &mut Value, patch: Value) {
    match (into, patch) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

/// The first indicator with `patch` merged in.
fn first(patch: Value) -> Value {
    let mut s = base();
    merge(&mut s["indicators"][0], patch);
    s
}

/// (kind, scheme, code, path)
fn cases() -> Vec<(&'static str, Value, &'static str, &'static str)> {
    let bands = |b: Value| json!({"scoring": {"type": "bands", "on": "value", "bands": b}});
    let commission = |c: Value| {
        let mut p = json!({"base": {"field": "销售额"}, "tiers": [{"from": 0, "rate": "0.01"}, {"from": "0.2", "rate": "0.03"}]});
        merge(&mut p, c);
        json!({"incentives": {"commission": [p]}})
    };
    let ranged = |range: Value| {
        let mut s = base();
        s["indicators"][0]["weightRange"] = range;
        s
    };
    vec![
        // unknown keys, at every depth
        (
            "unknown top-level key",
            with(json!({"colour": 1})),
            "UNKNOWN_KEY",
            "/colour",
        ),
        (
            "unknown incentive",
            with(json!({"incentives": {"stars": []}})),
            "UNKNOWN_KEY",
            "/incentives/stars",
        ),
        (
            "unknown indicator key",
            first(json!({"wieght": 1})),
            "INVALID_TYPE",
            "/indicators/0/wieght",
        ),
        (
            "unknown key in a tagged scoring",
            first(json!({"scoring": {"type": "direct", "flor": 1}})),
            "INVALID_TYPE",
            "/indicators/0/scoring/flor",
        ),
        (
            "unknown key two levels into scoring",
            first(json!({"scoring": {"type": "direct", "scale": {"max": 5, "mn": 1}}})),
            "INVALID_TYPE",
            "/indicators/0/scoring/scale/mn",
        ),
        (
            "unknown key in a scoring band",
            first(bands(json!([{"min": 0, "score": 1, "lable": "x"}]))),
            "INVALID_TYPE",
            "/indicators/0/scoring/bands/0/lable",
        ),
        (
            "unknown key in a grade band",
            with(json!({"grades": {"type": "bands", "bands": [{"grade": "A", "min": 0, "nam": "x"}]}})),
            "INVALID_TYPE",
            "/grades/bands/0/nam",
        ),
        (
            "unknown key in grades",
            with(json!({"grades": {"type": "bands", "bands": [{"grade": "A", "min": 0}], "extra": 1}})),
            "INVALID_TYPE",
            "/grades/extra",
        ),
        (
            "unknown key in a category",
            with(json!({"categories": [{"key": "c", "wieght": 1}, {"key": "d"}]})),
            "INVALID_TYPE",
            "/categories/0/wieght",
        ),
        (
            "unknown key in a role",
            with(json!({"roles": {"r": {"weights": {}, "extra": 1}}})),
            "INVALID_TYPE",
            "/roles/r/extra",
        ),
        (
            "unknown key in a version",
            with(json!({"versions": [{"from": "2025-01-01", "weigths": {}}]})),
            "INVALID_TYPE",
            "/versions/0/weigths",
        ),
        (
            "unknown key in ranking",
            with(json!({"ranking": {"by": "total", "tieBreaker": []}})),
            "INVALID_TYPE",
            "/ranking/tieBreaker",
        ),
        (
            "unknown key in rounding",
            with(json!({"rounding": {"mdoe": "half_up"}})),
            "INVALID_TYPE",
            "/rounding/mdoe",
        ),
        (
            "unknown key in fields",
            with(json!({"fields": {"colour": "x"}})),
            "INVALID_TYPE",
            "/fields/colour",
        ),
        (
            "unknown key in a commission tier",
            with(commission(json!({"tiers": [{"from": 0, "rate": "0.1", "typo": 1}]}))),
            "INVALID_TYPE",
            "/incentives/commission/0/tiers/0/typo",
        ),
        (
            "unknown key in a veto",
            with(json!({"vetoes": [{"key": "v", "when": "x > 1", "colour": 1}]})),
            "INVALID_TYPE",
            "/vetoes/0/colour",
        ),
        (
            "unknown key in an adjustment",
            with(json!({"adjustments": [{"key": "x", "value": {"field": "x"}, "pre": 1}]})),
            "INVALID_TYPE",
            "/adjustments/0/pre",
        ),
        // type errors, each at its own value
        (
            "a weight that is text",
            first(json!({"weight": "x"})),
            "INVALID_TYPE",
            "/indicators/0/weight",
        ),
        (
            "a floor that is not a number",
            first(json!({"target": {"field": "t"}, "scoring": {"type": "linear", "floor": "abc"}})),
            "INVALID_TYPE",
            "/indicators/0/scoring/floor",
        ),
        (
            "a band edge that is not a number",
            first(bands(json!([{"min": 0, "score": 1}, {"min": "x", "score": 2}]))),
            "INVALID_TYPE",
            "/indicators/0/scoring/bands/1/min",
        ),
        (
            "a piecewise point that is not a number",
            first(json!({"scoring": {"type": "piecewise", "on": "value", "points": [[0, 0], [1, "z"]]}})),
            "INVALID_TYPE",
            "/indicators/0/scoring/points/1/1",
        ),
        (
            "a grade edge that is not a number",
            with(json!({"grades": {"type": "bands", "bands": [{"grade": "A", "min": "x"}]}})),
            "INVALID_TYPE",
            "/grades/bands/0/min",
        ),
        (
            "a total bound that is a list",
            with(json!({"totalMax": [1]})),
            "INVALID_TYPE",
            "/totalMax",
        ),
        (
            "a rater weight that is text",
            with(json!({"raters": {"self": "x"}})),
            "INVALID_TYPE",
            "/raters/self",
        ),
        (
            "an unknown direction",
            first(json!({"direction": "up"})),
            "INVALID_TYPE",
            "/indicators/0/direction",
        ),
        (
            "a misspelt scoring type",
            first(json!({"scoring": {"type": "linaer"}})),
            "INVALID_TYPE",
            "/indicators/0/scoring/type",
        ),
        // weights and weight ranges
        (
            "weights not summing to 100",
            first(json!({"weight": 40})),
            "WEIGHTS_SUM",
            "/indicators",
        ),
        (
            "a negative role weight",
            with(json!({"roles": {"r": {"weights": {"a": -10, "b": 110}}}})),
            "INVALID_SETTING",
            "/roles/r/weights/a",
        ),
        (
            "nested category weights not summing to 100",
            {
                let mut s = with(
                    json!({"weighting": "nested", "categories": [{"key": "c", "weight": 60}, {"key": "d", "weight": 30}]}),
                );
                s["indicators"][0]["weight"] = json!(100);
                s["indicators"][1]["weight"] = json!(100);
                s
            },
            "WEIGHTS_SUM",
            "/categories",
        ),
        (
            "a base weight outside its range",
            ranged(json!(["60", "80"])),
            "WEIGHT_RANGE",
            "/indicators/0/weight",
        ),
        (
            "a role weight outside the range",
            {
                let mut s = ranged(json!(["40", "60"]));
                s["roles"] = json!({"r": {"weights": {"a": 70, "b": 30}}});
                s
            },
            "WEIGHT_RANGE",
            "/roles/r/weights/a",
        ),
        (
            "a version weight outside the range",
            {
                let mut s = ranged(json!(["40", null]));
                s["versions"] = json!([{"from": "2025-07-01", "weights": {"a": 30, "b": 70}}]);
                s
            },
            "WEIGHT_RANGE",
            "/versions/0/weights/a",
        ),
        (
            "a category outside its range (global: the sum of its indicators)",
            with(json!({"categories": [{"key": "c", "weightRange": ["60", "80"]}, {"key": "d"}]})),
            "WEIGHT_RANGE",
            "/categories/0/weight",
        ),
        (
            "a role's category weight outside the range (nested)",
            {
                let mut s = with(json!({"weighting": "nested",
                    "categories": [{"key": "c", "weight": 50, "weightRange": ["40", "60"]}, {"key": "d", "weight": 50}],
                    "roles": {"r": {"categoryWeights": {"c": 30, "d": 70}}}}));
                s["indicators"][0]["weight"] = json!(100);
                s["indicators"][1]["weight"] = json!(100);
                s
            },
            "WEIGHT_RANGE",
            "/roles/r/categoryWeights/c",
        ),
        (
            "a weight range that is not a pair",
            ranged(json!("40-60")),
            "INVALID_TYPE",
            "/indicators/0/weightRange",
        ),
        // roles and versions
        (
            "a role naming an unknown indicator",
            with(json!({"roles": {"r": {"weights": {"zzz": 1}}}})),
            "UNKNOWN_INDICATOR",
            "/roles/r/weights/zzz",
        ),
        (
            "a version with a bad date",
            with(json!({"versions": [{"from": "2025-13-01"}]})),
            "INVALID_DATE",
            "/versions/0/from",
        ),
        // tiers
        (
            "tiers not increasing",
            with(commission(
                json!({"tiers": [{"from": 10, "rate": "0.01"}, {"from": 5, "rate": "0.02"}]}),
            )),
            "ORDER",
            "/incentives/commission/0/tiers/1/from",
        ),
        (
            "marginal tiers on another figure",
            with(commission(json!({"on": {"field": "利润率"}}))),
            "INVALID_SETTING",
            "/incentives/commission/0/on",
        ),
        (
            "an unknown tier basis",
            with(commission(json!({"mode": "whole", "on": "profit"}))),
            "INVALID_TYPE",
            "/incentives/commission/0/on",
        ),
        (
            "a figure with both a field and a formula",
            with(commission(
                json!({"mode": "whole", "on": {"field": "利润率", "formula": "1"}}),
            )),
            "INVALID_TYPE",
            "/incentives/commission/0/on",
        ),
        (
            "a team commission on another figure",
            with(commission(
                json!({"mode": "whole", "scope": "group", "on": {"field": "利润率"}}),
            )),
            "UNSUPPORTED",
            "/incentives/commission/0/on",
        ),
        (
            "a tier figure formula that does not parse",
            with(commission(json!({"mode": "whole", "on": {"formula": "毛利 / "}}))),
            "FORMULA_SYNTAX",
            "/incentives/commission/0/on/formula",
        ),
        // grades
        (
            "grade bands out of order",
            with(
                json!({"grades": {"type": "bands", "bands": [{"grade": "A", "min": 60}, {"grade": "B", "min": 80}, {"grade": "C", "min": 0}]}}),
            ),
            "ORDER",
            "/grades/bands",
        ),
        // raters
        (
            "a rater with no weight",
            with(json!({"raters": {"self": 100}, "indicators": [
                {"key": "a", "weight": 50, "actual": {"raters": {"boss": "老板"}}, "scoring": {"type": "direct"}}, direct("b", 50)]})),
            "UNKNOWN_RATER",
            "/indicators/0/actual/raters/boss",
        ),
        // formulas
        (
            "a formula that does not parse",
            {
                let mut s = base();
                s["indicators"][0]["actual"] = json!({"formula": "实际回款额 / (应收款总额"});
                s
            },
            "FORMULA_SYNTAX",
            "/indicators/0/actual/formula",
        ),
        // vetoes
        (
            "a veto naming an unknown grade",
            with(
                json!({"vetoes": [{"key": "v", "grade": "Z", "when": {"field": "x", "op": ">", "value": 0}}],
                "grades": {"type": "bands", "bands": [{"grade": "A", "min": 0}]}}),
            ),
            "INVALID_SETTING",
            "/vetoes/0/grade",
        ),
        (
            "a veto naming an unknown indicator",
            with(json!({"vetoes": [{"key": "v", "when": {"indicator": "nope", "op": ">", "value": 1}}]})),
            "UNKNOWN_INDICATOR",
            "/vetoes/0/when/indicator",
        ),
        // incentives
        (
            "a true-up without paid",
            with(commission(json!({"accumulate": "ytd"}))),
            "MISSING_SETTING",
            "/incentives/commission/0/paid",
        ),
        (
            "an award for a negative number of people",
            with(json!({"incentives": {"awards": [{"name": "x", "top": -1, "prize": 1}]}})),
            "INVALID_TYPE",
            "/incentives/awards/0/top",
        ),
        (
            "a bonus by an unknown rule",
            with(json!({"incentives": {"bonus": {"base": {"field": "b"}, "by": "luck"}}})),
            "INVALID_TYPE",
            "/incentives/bonus/by",
        ),
        (
            "a pool weight column with an unknown key",
            with(json!({"incentives": {"pool": {"amount": {"value": 1}, "weight": {"field": "x", "y": 1}}}})),
            "INVALID_TYPE",
            "/incentives/pool/weight",
        ),
        // duplicates and references
        (
            "a duplicate indicator key",
            with(json!({"indicators": [direct("a", 50), direct("a", 50)]})),
            "DUPLICATE_KEY",
            "/indicators/1/key",
        ),
        (
            "a duplicate category key",
            with(json!({"categories": [{"key": "c"}, {"key": "c"}, {"key": "d"}]})),
            "DUPLICATE_KEY",
            "/categories/1/key",
        ),
        (
            "an unknown category",
            first(json!({"category": "zz"})),
            "UNKNOWN_CATEGORY",
            "/indicators/0/category",
        ),
    ]
}

#[test]
fn the_base_scheme_is_valid() {
    let r = report(&base());
    assert!(r.ok, "{}", listing(&r));
    assert!(Engine::from_value(&base()).is_ok());
}

#[test]
fn every_bad_scheme_has_its_code_and_path() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} kinds", cases.len());
    let mut wrong = Vec::new();
    for (kind, scheme, code, path) in &cases {
        let r = report(scheme);
        let hit = r.issues.iter().find(|i| i.code.as_str() == *code && i.path == *path);
        match hit {
            Some(i) => {
                assert_eq!(i.severity, Severity::Error, "{kind}");
                assert!(!r.ok, "{kind}");
                for m in [&i.messages.zh_cn, &i.messages.zh_tw, &i.messages.en] {
                    assert!(!m.trim().is_empty(), "{kind}: an empty message");
                }
                assert!(Engine::from_value(scheme).is_err(), "{kind}: compiles");
            }
            None => wrong.push(format!("{kind}: no {code} at {path}; issues:\n{}", listing(&r))),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_problem_of_one_element_is_reported_each_at_its_place() {
    // four problems in one indicator and its scoring, two in one grade band
    let s = with(json!({
        "indicators": [
            {"key": "a", "weight": "x", "wieght": 1, "actual": {"field": "a"},
             "scoring": {"type": "bands", "on": "value", "bands": [{"min": 0, "score": 1}, {"min": "y", "score": 1}, {"min": 2, "score": "z"}]}},
            direct("b", 50)],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": "q", "nam": 1}]}
    }));
    let r = report(&s);
    for path in [
        "/indicators/0/weight",
        "/indicators/0/wieght",
        "/indicators/0/scoring/bands/1/min",
        "/indicators/0/scoring/bands/2/score",
        "/grades/bands/0/min",
        "/grades/bands/0/nam",
    ] {
        assert!(
            r.issues
                .iter()
                .any(|i| i.code.as_str() == "INVALID_TYPE" && i.path == path),
            "no INVALID_TYPE at {path}:\n{}",
            listing(&r)
        );
    }
    // nothing is reported at a section that only holds a bad value
    for path in ["/indicators/0", "/indicators/0/scoring", "/grades", "/grades/bands"] {
        assert!(!r.issues.iter().any(|i| i.path == path), "{path}:\n{}", listing(&r));
    }
}

// ---------------------------------------------------------------- weight ranges

#[test]
fn weights_inside_their_range_pass_and_each_outside_is_named() {
    // 业绩 40–60 %: the base at 50, a role at 60 (the edge), a version at 40 (the edge)
    let mut s = base();
    s["categories"][0]["weightRange"] = json!(["40", "60"]);
    s["roles"] = json!({"经理": {"weights": {"a": 60, "b": 40}}});
    s["versions"] = json!([{"from": "2025-07-01", "weights": {"a": 40, "b": 60}}]);
    let r = report(&s);
    assert!(r.ok, "{}", listing(&r));
    // a role at 61 and a version at 39 are each reported, with the version's date
    s["roles"] = json!({"经理": {"weights": {"a": 61, "b": 39}}});
    s["versions"] = json!([{"from": "2025-07-01", "weights": {"a": 39, "b": 61}}]);
    let r = report(&s);
    let ranges: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| i.code.as_str() == "WEIGHT_RANGE")
        .map(|i| i.path.as_str())
        .collect();
    assert!(ranges.contains(&"/roles/经理/weights"), "{}", listing(&r));
    assert!(ranges.contains(&"/versions/0/weights"), "{}", listing(&r));
    let role = r.issues.iter().find(|i| i.path == "/roles/经理/weights").unwrap();
    assert!(
        role.messages.en.contains("61") && role.messages.en.contains("[40, 60]"),
        "{}",
        role.messages.en
    );
    assert!(role.messages.zh_cn.contains("61"));
}

#[test]
fn the_templates_declare_the_seed_ranges_and_keep_them() {
    let ranged: Vec<(String, String, Value)> = jixiao::templates(None)
        .unwrap()
        .into_iter()
        .flat_map(|t| {
            let scheme = t.scheme.clone();
            let key = t.key.clone();
            let mut out = Vec::new();
            for c in scheme["categories"].as_array().cloned().unwrap_or_default() {
                if let Some(r) = c.get("weightRange") {
                    out.push((key.clone(), c["name"].as_str().unwrap_or("").to_string(), r.clone()));
                }
            }
            for i in scheme["indicators"].as_array().cloned().unwrap_or_default() {
                if let Some(r) = i.get("weightRange") {
                    out.push((key.clone(), i["library"].as_str().unwrap_or("").to_string(), r.clone()));
                }
            }
            out
        })
        .collect();
    let has = |name: &str, lo: &str, hi: &str| ranged.iter().any(|(_, n, r)| n == name && *r == json!([lo, hi]));
    assert!(has("业绩", "40", "60"), "{ranged:?}");
    assert!(has("团队", "20", "30"), "{ranged:?}");
    assert!(has("collection_rate", "20", "30"), "{ranged:?}");
}

// ---------------------------------------------------------------- tiers chosen by another figure

/// The rate of a margin, as the seed article states it: under 20 % 1 %, 20–30 % 3 %, from 30 % 5 %.
fn margin_rate(margin: &str) -> Decimal {
    let m: Decimal = margin.parse().unwrap();
    if m >= "0.3".parse().unwrap() {
        "0.05".parse().unwrap()
    } else if m >= "0.2".parse().unwrap() {
        "0.03".parse().unwrap()
    } else if m >= Decimal::ZERO {
        "0.01".parse().unwrap()
    } else {
        Decimal::ZERO
    }
}

fn margin_plan(on: Value) -> Value {
    json!({"key": "margin", "base": {"field": "销售额"}, "mode": "whole", "on": on,
        "tiers": [{"from": 0, "rate": "1%"}, {"from": "0.2", "rate": "3%", "label": "中利润"}, {"from": "0.3", "rate": "5%"}]})
}

#[test]
fn a_scheme_pays_the_base_at_the_rate_of_the_margin_tier() {
    for on in [json!({"field": "利润率"}), json!({"formula": "毛利 / 销售额"})] {
        let mut s = base();
        s["incentives"] = json!({"commission": [margin_plan(on.clone())]});
        let e = Engine::from_value(&s).unwrap_or_else(|e| panic!("{on}: {e:?}"));
        let people: Vec<Value> = [
            ("E1", "100000", "0.1"),
            ("E2", "200000", "0.25"),
            ("E3", "80000", "0.35"),
        ]
        .iter()
        .map(|(id, sales, m)| {
            let margin: Decimal = m.parse().unwrap();
            let sales_d: Decimal = sales.parse().unwrap();
            json!({"工号": id, "a": 80, "b": 90, "销售额": sales, "利润率": m, "毛利": (sales_d * margin).to_string()})
        })
        .collect();
        let out = e
            .evaluate_value(
                &json!({"people": people}),
                &jixiao::EvaluateOptions {
                    explain: jixiao::Explain::Every(true),
                    ..Default::default()
                },
            )
            .unwrap();
        let out = serde_json::to_value(&out).unwrap();
        for (i, (sales, m)) in [("100000", "0.1"), ("200000", "0.25"), ("80000", "0.35")]
            .iter()
            .enumerate()
        {
            let want = (sales.parse::<Decimal>().unwrap() * margin_rate(m)).round_dp(2);
            let line = &out["results"][i]["incentives"][0];
            let got: Decimal = line["amount"].as_str().unwrap().parse().unwrap();
            assert_eq!(got, want, "{on} row {i}: {line}");
            let text = line["text"].as_str().unwrap_or_default();
            assert!(text.contains(m.trim_start_matches('0')) || text.contains(m), "{text}");
        }
        let mid = out["results"][1]["incentives"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(mid.contains("中利润"), "names the tier: {mid}");
    }
}

#[test]
fn a_standalone_commission_reads_the_figure_and_refuses_a_bad_on() {
    let plan = margin_plan(json!({"field": "利润率"}));
    for (margin, base) in [
        ("0.1", "50000"),
        ("0.2", "50000"),
        ("0.29", "123456.78"),
        ("0.3", "10"),
        ("-0.1", "5000"),
    ] {
        let out = jixiao::json::commission_json(
            &json!({"plan": plan, "base": base, "figure": margin, "locale": "en"}).to_string(),
        )
        .unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        let want = (base.parse::<Decimal>().unwrap() * margin_rate(margin)).round_dp(2);
        let got: Decimal = v["amount"].as_str().unwrap().parse().unwrap();
        assert_eq!(got, want, "{margin}: {v}");
        let lines = v["explain"]["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 1, "one line names the figure and the tier: {lines:?}");
        assert!(
            lines[0].as_str().unwrap().contains("利润率"),
            "the figure is named: {lines:?}"
        );
        assert_eq!(v["on"], json!({"field": "利润率"}));
    }
    // without the figure: MISSING_VALUE at /figure
    let e = jixiao::json::commission_json(&json!({"plan": plan, "base": 1}).to_string()).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("MISSING_VALUE", "/figure"));
    // marginal on a figure: INVALID_SETTING at /plan/on
    let mut marginal = plan.clone();
    marginal["mode"] = json!("marginal");
    let e = jixiao::json::commission_json(&json!({"plan": marginal, "base": 1, "figure": 1}).to_string()).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_SETTING", "/plan/on"));
    // a bad on: a structured error at /plan/on in three locales
    let mut bad = plan.clone();
    bad["on"] = json!("profit");
    let e = jixiao::json::commission_json(&json!({"plan": bad, "base": 1}).to_string()).unwrap_err();
    assert_eq!(e.path, "/plan/on", "{e:?}");
    assert!(e.messages.en.contains("\"field\""), "{}", e.messages.en);
    assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty());
}

// ---------------------------------------------------------------- columns read by name

#[test]
fn a_column_no_row_has_is_warned_about() {
    let mut s = base();
    s["ranking"] = json!({"by": "年限", "tieBreakers": ["司龄"], "groupBy": "区域"});
    s["incentives"] = json!({"awards": [{"name": "星", "by": "签约数", "top": 1, "prize": 1}]});
    let e = Engine::from_value(&s).unwrap();
    let people = json!({"people": [{"工号": "E1", "a": 1, "b": 2, "司龄": 3}, {"工号": "E2", "a": 2, "b": 1}]});
    let out = serde_json::to_value(e.evaluate_value(&people, &Default::default()).unwrap()).unwrap();
    let warned: Vec<(String, String)> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "COLUMN_NOT_FOUND")
        .map(|w| {
            (
                w["path"].as_str().unwrap().to_string(),
                w["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("/ranking/by", "年限"),
        ("/incentives/awards/0/by", "签约数"),
        ("/ranking/groupBy", "区域"),
    ]
    .iter()
    .map(|(p, f)| (p.to_string(), f.to_string()))
    .collect();
    assert_eq!(warned, want, "司龄 is in one row, so it is not warned about");
    // every row having them: no warning
    let people = json!({"people": [{"工号": "E1", "a": 1, "b": 2, "年限": 1, "司龄": 3, "区域": "东", "签约数": 2}]});
    let out = serde_json::to_value(e.evaluate_value(&people, &Default::default()).unwrap()).unwrap();
    assert!(
        !out["warnings"].to_string().contains("COLUMN_NOT_FOUND"),
        "{}",
        out["warnings"]
    );
}

#[test]
fn conditions_are_strict_at_any_depth() {
    // (condition, path): an unknown key is named at itself; two kinds, or a comparison
    // missing its op or value, at the condition (or a key of it)
    let cases = [
        (
            json!({ "field": "x", "op": ">", "value": 0, "note": 1 }),
            "/vetoes/0/when/note",
        ),
        (
            json!({ "all": [{ "any": [{ "field": "x", "op": "=", "value": 1, "typo": 2 }] }] }),
            "/vetoes/0/when/all/0/any/0/typo",
        ),
        (
            json!({ "not": { "indicator": "a", "of": "score", "op": "<", "value": 60, "unit": "分" } }),
            "/vetoes/0/when/not/unit",
        ),
        (
            json!({ "field": "x", "indicator": "a", "op": ">", "value": 0 }),
            "/vetoes/0/when",
        ),
        (json!({ "field": "x", "value": 0 }), "/vetoes/0/when"),
        (json!({ "field": "x", "op": ">" }), "/vetoes/0/when"),
        (json!({ "all": [], "op": ">" }), "/vetoes/0/when"),
        (json!({}), "/vetoes/0/when"),
    ];
    for (when, path) in cases {
        let scheme = json!({
            "indicators": [{ "key": "a", "weight": 100, "actual": { "field": "a" }, "scoring": { "type": "direct" } }],
            "vetoes": [{ "key": "v", "when": when }]
        });
        let r = report(&scheme);
        let found: Vec<String> = r
            .issues
            .iter()
            .map(|i| format!("{} {}", i.code.as_str(), i.path))
            .collect();
        assert!(
            found.iter().any(|f| f.contains(&format!(" {path}"))),
            "{when}: {found:?}"
        );
        assert!(!r.ok, "{when} was accepted");
    }
    // the good forms still read
    for when in [
        json!({ "field": "x", "op": ">", "value": 0 }),
        json!({ "indicator": "a", "of": "achievement", "op": ">=", "value": "0.6" }),
        json!({ "all": [{ "any": [{ "not": { "field": "x", "op": "=", "value": "是" } }] }] }),
        json!("x > 0"),
    ] {
        let scheme = json!({
            "indicators": [{ "key": "a", "weight": 100, "actual": { "field": "a" }, "scoring": { "type": "direct" } }],
            "vetoes": [{ "key": "v", "when": when }]
        });
        let r = report(&scheme);
        assert!(r.ok, "{when}: {:?}", r.issues);
    }
}
