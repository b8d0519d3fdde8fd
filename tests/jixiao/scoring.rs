//! Table-driven tests of every scoring rule and branch, directions, zero divisors, missing
//! policies, raters, adjustments, bounds, vetoes, roles, versions, ranking, summary,
//! write-back rows, number output, locales and explanations (DESIGN.md,
//! "Numbers" to "Ranking and ties", and "Errors").

use crate::common::engine;
use crate::common::fixture;
use jixiao::EvaluateOptions;
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn options(o: Value) -> EvaluateOptions {
    serde_json::from_value(o).unwrap()
}

fn evaluate(scheme: &Value, input: Value, opts: Value) -> Value {
    engine(scheme).evaluate_value(&input, &options(opts)).unwrap()
}

fn eval_people(scheme: &Value, people: Value) -> Value {
    evaluate(scheme, json!({ "people": people }), json!({}))
}

/// Shallow merge of `b` into `a` (both objects).
fn merge(mut a: Value, b: &Value) -> Value {
    if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
        for (k, v) in b {
            a.insert(k.clone(), v.clone());
        }
    }
    a
}

/// A scheme with one indicator `k` of weight 100.
fn single(ind: Value) -> Value {
    json!({ "indicators": [merge(json!({ "key": "k", "weight": 100 }), &ind)] })
}

fn result(out: &Value, row: usize) -> &Value {
    &out["results"][row]
}

fn ind<'a>(out: &'a Value, row: usize, key: &str) -> &'a Value {
    result(out, row)["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no indicator {key} in row {row}: {}", result(out, row)))
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn codes(out: &Value, row: usize) -> Vec<String> {
    result(out, row)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| s(&e["code"]).to_string())
        .collect()
}

fn totals(out: &Value) -> Vec<Value> {
    out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"].clone())
        .collect()
}

fn ranks(out: &Value, what: &str) -> Vec<Value> {
    out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[what].clone())
        .collect()
}

/// One row through a single-indicator scheme; asserts ok and returns (score, branch, achievement).
fn score_one(indicator: &Value, row: Value) -> (String, String, Value) {
    let out = eval_people(&single(indicator.clone()), json!([row]));
    let r = result(&out, 0);
    assert_eq!(r["ok"], true, "row failed: {r}");
    let i = ind(&out, 0, "k");
    assert_eq!(
        r["total"], i["weighted"],
        "single indicator of weight 100: total = weighted"
    );
    (
        s(&i["score"]).to_string(),
        i["branch"].as_str().unwrap_or("").to_string(),
        i["achievement"].clone(),
    )
}

struct Case {
    name: &'static str,
    indicator: Value,
    row: Value,
    score: &'static str,
    branch: &'static str,
}

fn run_cases(cases: &[Case]) {
    let mut problems = Vec::new();
    for c in cases {
        let (score, branch, _) = score_one(&c.indicator, c.row.clone());
        if score != c.score || branch != c.branch {
            problems.push(format!(
                "{}: got score {score} branch {branch}, want {} {}",
                c.name, c.score, c.branch
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn linear(floor: Option<&str>, cap: Option<&str>) -> Value {
    let mut sc = json!({ "type": "linear" });
    if let Some(f) = floor {
        sc["floor"] = json!(f);
    }
    if let Some(c) = cap {
        sc["cap"] = json!(c);
    }
    json!({ "actual": { "field": "a" }, "target": { "field": "t" }, "scoring": sc })
}

// ---------------------------------------------------------------- linear

#[test]
fn linear_branches_at_floor_and_cap_edges() {
    let lin = linear(Some("0.6"), Some("1.2"));
    let cases = [
        Case {
            name: "below floor",
            indicator: lin.clone(),
            row: json!({"a": 59.99, "t": 100}),
            score: "0.00",
            branch: "below_floor",
        },
        Case {
            name: "exactly at floor",
            indicator: lin.clone(),
            row: json!({"a": 60, "t": 100}),
            score: "60.00",
            branch: "linear",
        },
        Case {
            name: "between",
            indicator: lin.clone(),
            row: json!({"a": "87.3", "t": 100}),
            score: "87.30",
            branch: "linear",
        },
        Case {
            name: "exactly at cap",
            indicator: lin.clone(),
            row: json!({"a": 120, "t": 100}),
            score: "120.00",
            branch: "linear",
        },
        Case {
            name: "above cap",
            indicator: lin.clone(),
            row: json!({"a": 120.01, "t": 100}),
            score: "120.00",
            branch: "capped",
        },
        Case {
            name: "far above cap",
            indicator: lin.clone(),
            row: json!({"a": "1亿", "t": 100}),
            score: "120.00",
            branch: "capped",
        },
        Case {
            name: "no floor, no cap",
            indicator: linear(None, None),
            row: json!({"a": 150, "t": 100}),
            score: "150.00",
            branch: "linear",
        },
        Case {
            name: "no floor, zero actual",
            indicator: linear(None, None),
            row: json!({"a": 0, "t": 100}),
            score: "0.00",
            branch: "linear",
        },
        Case {
            name: "full 10",
            indicator: merge(
                linear(None, Some("1.2")),
                &json!({"scoring": {"type": "linear", "cap": "1.2", "full": 10}}),
            ),
            row: json!({"a": 50, "t": 100}),
            score: "5.00",
            branch: "linear",
        },
        Case {
            name: "negative achievement (mirror) never below 0",
            indicator: merge(
                linear(None, None),
                &json!({"direction": "lower_better", "reverse": "mirror"}),
            ),
            row: json!({"a": 300, "t": 100}),
            score: "0.00",
            branch: "linear",
        },
        Case {
            name: "negative actual never below 0",
            indicator: linear(None, None),
            row: json!({"a": -50, "t": 100}),
            score: "0.00",
            branch: "linear",
        },
    ];
    run_cases(&cases);
}

#[test]
fn linear_achievement_is_shown_at_rate_places_and_used_unrounded() {
    // 79.996% achievement: shown 0.8000 but below a floor of 0.8
    let (score, branch, ach) = score_one(&linear(Some("0.8"), None), json!({"a": "79.996", "t": 100}));
    assert_eq!(ach, "0.8000");
    assert_eq!((score.as_str(), branch.as_str()), ("0.00", "below_floor"));
}

// ---------------------------------------------------------------- directions × reverse

#[test]
fn directions_and_reverse() {
    let cases: [(&str, Value, Value, &str, &str); 6] = [
        (
            "higher_better a/t",
            json!({}),
            json!({"a": 80, "t": 100}),
            "0.8000",
            "80.00",
        ),
        (
            "higher_better explicit",
            json!({"direction": "higher_better"}),
            json!({"a": 125, "t": 100}),
            "1.2500",
            "125.00",
        ),
        (
            "lower_better default ratio t/a",
            json!({"direction": "lower_better"}),
            json!({"a": 80, "t": 100}),
            "1.2500",
            "125.00",
        ),
        (
            "lower_better ratio",
            json!({"direction": "lower_better", "reverse": "ratio"}),
            json!({"a": "8%", "t": "10%"}),
            "1.2500",
            "125.00",
        ),
        (
            "lower_better mirror 2 - a/t",
            json!({"direction": "lower_better", "reverse": "mirror"}),
            json!({"a": 80, "t": 100}),
            "1.2000",
            "120.00",
        ),
        (
            "lower_better mirror worse",
            json!({"direction": "lower_better", "reverse": "mirror"}),
            json!({"a": 130, "t": 100}),
            "0.7000",
            "70.00",
        ),
    ];
    for (name, extra, row, ach, score) in cases {
        let (got_score, _, got_ach) = score_one(&merge(linear(None, None), &extra), row);
        assert_eq!((got_ach.as_str().unwrap(), got_score.as_str()), (ach, score), "{name}");
    }
}

#[test]
fn reverse_on_higher_better_is_ignored_with_a_warning() {
    let scheme = single(merge(linear(None, None), &json!({"reverse": "mirror"})));
    let e = engine(&scheme);
    assert!(e
        .warnings()
        .iter()
        .any(|w| w.code.as_str() == "IGNORED_SETTING" && w.path == "/indicators/0/reverse"));
    let out = eval_people(&scheme, json!([{"a": 80, "t": 100}]));
    assert_eq!(ind(&out, 0, "k")["score"], "80.00");
}

// ---------------------------------------------------------------- onZero

#[test]
fn on_zero_error_full_zero_for_each_divisor() {
    // (name, extra indicator settings, row, expected: Err(field) or Ok((achievement, score)))
    type Want = Result<(&'static str, &'static str), &'static str>;
    let cases: Vec<(&str, Value, Value, Want)> = vec![
        (
            "higher: target 0, default error",
            json!({}),
            json!({"a": 5, "t": 0}),
            Err("t"),
        ),
        (
            "higher: target 0, error",
            json!({"onZero": "error"}),
            json!({"a": 5, "t": 0}),
            Err("t"),
        ),
        (
            "higher: target 0, full = cap",
            json!({"onZero": "full"}),
            json!({"a": 5, "t": 0}),
            Ok(("1.5000", "150.00")),
        ),
        (
            "higher: target 0, full without cap = 1",
            json!({"onZero": "full", "scoring": {"type": "linear"}}),
            json!({"a": 5, "t": 0}),
            Ok(("1.0000", "100.00")),
        ),
        (
            "higher: target 0, zero",
            json!({"onZero": "zero"}),
            json!({"a": 5, "t": 0}),
            Ok(("0.0000", "0.00")),
        ),
        (
            "lower ratio: actual 0, error",
            json!({"direction": "lower_better"}),
            json!({"a": 0, "t": 5}),
            Err("a"),
        ),
        (
            "lower ratio: actual 0, full",
            json!({"direction": "lower_better", "onZero": "full"}),
            json!({"a": 0, "t": 5}),
            Ok(("1.5000", "150.00")),
        ),
        (
            "lower ratio: actual 0, zero",
            json!({"direction": "lower_better", "onZero": "zero"}),
            json!({"a": 0, "t": 5}),
            Ok(("0.0000", "0.00")),
        ),
        (
            "lower ratio: target 0 is no divisor",
            json!({"direction": "lower_better"}),
            json!({"a": 5, "t": 0}),
            Ok(("0.0000", "0.00")),
        ),
        (
            "lower mirror: target 0, error",
            json!({"direction": "lower_better", "reverse": "mirror"}),
            json!({"a": 5, "t": 0}),
            Err("t"),
        ),
        (
            "lower mirror: target 0, full",
            json!({"direction": "lower_better", "reverse": "mirror", "onZero": "full"}),
            json!({"a": 5, "t": 0}),
            Ok(("1.5000", "150.00")),
        ),
        (
            "lower mirror: target 0, zero",
            json!({"direction": "lower_better", "reverse": "mirror", "onZero": "zero"}),
            json!({"a": 5, "t": 0}),
            Ok(("0.0000", "0.00")),
        ),
        (
            "lower mirror: actual 0 is no divisor",
            json!({"direction": "lower_better", "reverse": "mirror"}),
            json!({"a": 0, "t": 5}),
            Ok(("2.0000", "150.00")),
        ),
        (
            "bands, full gives achievement 1",
            json!({"onZero": "full", "scoring": {"type": "bands", "bands": [{"min": 1, "score": 100}, {"min": 0.5, "score": 50}]}}),
            json!({"a": 5, "t": 0}),
            Ok(("1.0000", "100.00")),
        ),
    ];
    for (name, extra, row, want) in cases {
        let indicator = merge(linear(None, Some("1.5")), &extra);
        let out = eval_people(&single(indicator), json!([row]));
        let r = result(&out, 0);
        match want {
            Err(field) => {
                assert_eq!(r["ok"], false, "{name}: {r}");
                let e = &r["errors"][0];
                assert_eq!(e["code"], "ZERO_DIVISOR", "{name}");
                assert_eq!(e["field"], field, "{name}");
                assert_eq!(e["row"], 0, "{name}");
                assert_eq!(e["path"], format!("rows/0/{field}"), "{name}");
                assert!(r["total"].is_null() && r["rank"].is_null(), "{name}");
                assert_eq!(out["errors"].as_array().unwrap().len(), 1, "{name}");
            }
            Ok((ach, score)) => {
                assert_eq!(r["ok"], true, "{name}: {r}");
                assert_eq!(ind(&out, 0, "k")["achievement"], ach, "{name}");
                assert_eq!(ind(&out, 0, "k")["score"], score, "{name}");
            }
        }
    }
}

// ---------------------------------------------------------------- bands

fn bands_ind(bands: Value, extra: Value) -> Value {
    merge(
        json!({"actual": {"field": "a"}, "target": {"field": "t"}, "scoring": merge(json!({"type": "bands", "bands": bands}), &extra)}),
        &json!({}),
    )
}

#[test]
fn bands_edges_else_and_order() {
    let desc = json!([{"min": "1.0", "score": 100}, {"min": "0.8", "score": 80}, {"min": "0.6", "score": 60}]);
    let asc = json!([{"min": "0.6", "score": 60}, {"min": "0.8", "score": 80}, {"min": "1.0", "score": 100}]);
    let b = bands_ind(desc.clone(), json!({}));
    let cases = [
        Case {
            name: "exactly top edge",
            indicator: b.clone(),
            row: json!({"a": 100, "t": 100}),
            score: "100.00",
            branch: "band:1",
        },
        Case {
            name: "above top",
            indicator: b.clone(),
            row: json!({"a": 500, "t": 100}),
            score: "100.00",
            branch: "band:1",
        },
        Case {
            name: "just below top",
            indicator: b.clone(),
            row: json!({"a": "99.999", "t": 100}),
            score: "80.00",
            branch: "band:0.8",
        },
        Case {
            name: "exactly middle edge",
            indicator: b.clone(),
            row: json!({"a": 80, "t": 100}),
            score: "80.00",
            branch: "band:0.8",
        },
        Case {
            name: "exactly lowest edge",
            indicator: b.clone(),
            row: json!({"a": 60, "t": 100}),
            score: "60.00",
            branch: "band:0.6",
        },
        Case {
            name: "below every band: else default 0",
            indicator: b.clone(),
            row: json!({"a": "59.99", "t": 100}),
            score: "0.00",
            branch: "below_bands",
        },
        Case {
            name: "below every band: else 10",
            indicator: bands_ind(desc.clone(), json!({"else": 10})),
            row: json!({"a": 10, "t": 100}),
            score: "10.00",
            branch: "below_bands",
        },
        Case {
            name: "ascending listing, middle",
            indicator: bands_ind(asc.clone(), json!({})),
            row: json!({"a": 85, "t": 100}),
            score: "80.00",
            branch: "band:0.8",
        },
        Case {
            name: "ascending listing, top",
            indicator: bands_ind(asc, json!({})),
            row: json!({"a": 100, "t": 100}),
            score: "100.00",
            branch: "band:1",
        },
        Case {
            name: "on value with a target present",
            indicator: bands_ind(
                json!([{"min": 50, "score": 70}, {"min": 10, "score": 20}]),
                json!({"on": "value"}),
            ),
            row: json!({"a": 50, "t": 1000}),
            score: "70.00",
            branch: "band:50",
        },
        Case {
            name: "on achievement explicit",
            indicator: bands_ind(desc.clone(), json!({"on": "achievement"})),
            row: json!({"a": 900, "t": 1000}),
            score: "80.00",
            branch: "band:0.8",
        },
        Case {
            name: "default on value without target",
            indicator: json!({"actual": {"field": "a"}, "scoring": {"type": "bands", "bands": [{"min": "0.95", "score": 100}, {"min": "0.85", "score": 80}]}}),
            row: json!({"a": "90%"}),
            score: "80.00",
            branch: "band:0.85",
        },
        Case {
            name: "negative band edge",
            indicator: json!({"actual": {"field": "a"}, "scoring": {"type": "bands", "bands": [{"min": 0, "score": 50}, {"min": -10, "score": 20}]}}),
            row: json!({"a": -10}),
            score: "20.00",
            branch: "band:-10",
        },
    ];
    run_cases(&cases);
}

// ---------------------------------------------------------------- piecewise

#[test]
fn piecewise_points_interpolation_and_flat_ends() {
    let pw = json!({"actual": {"field": "a"}, "target": {"field": "t"},
        "scoring": {"type": "piecewise", "points": [["0.6", 0], ["1.0", 100], ["1.5", 120]]}});
    let v = json!({"actual": {"field": "a"},
        "scoring": {"type": "piecewise", "points": [[0, 20], [10, 100]]}});
    let cases = [
        Case {
            name: "below first point",
            indicator: pw.clone(),
            row: json!({"a": 50, "t": 100}),
            score: "0.00",
            branch: "below_first",
        },
        Case {
            name: "exactly first point",
            indicator: pw.clone(),
            row: json!({"a": 60, "t": 100}),
            score: "0.00",
            branch: "below_first",
        },
        Case {
            name: "first segment",
            indicator: pw.clone(),
            row: json!({"a": 80, "t": 100}),
            score: "50.00",
            branch: "segment:0.6",
        },
        Case {
            name: "exactly middle point",
            indicator: pw.clone(),
            row: json!({"a": 100, "t": 100}),
            score: "100.00",
            branch: "segment:1",
        },
        Case {
            name: "second segment",
            indicator: pw.clone(),
            row: json!({"a": 125, "t": 100}),
            score: "110.00",
            branch: "segment:1",
        },
        Case {
            name: "second segment, inexact",
            indicator: pw.clone(),
            row: json!({"a": 101, "t": 100}),
            score: "100.40",
            branch: "segment:1",
        },
        Case {
            name: "exactly last point",
            indicator: pw.clone(),
            row: json!({"a": 150, "t": 100}),
            score: "120.00",
            branch: "above_last",
        },
        Case {
            name: "beyond last point",
            indicator: pw.clone(),
            row: json!({"a": 300, "t": 100}),
            score: "120.00",
            branch: "above_last",
        },
        Case {
            name: "on value, flat below with nonzero first score",
            indicator: v.clone(),
            row: json!({"a": -5}),
            score: "20.00",
            branch: "below_first",
        },
        Case {
            name: "on value, interpolated",
            indicator: v.clone(),
            row: json!({"a": "2.5"}),
            score: "40.00",
            branch: "segment:0",
        },
        Case {
            name: "decreasing scores are allowed",
            indicator: json!({"actual": {"field": "a"}, "scoring": {"type": "piecewise", "points": [[0, 100], [4, 0]]}}),
            row: json!({"a": 1}),
            score: "75.00",
            branch: "segment:0",
        },
    ];
    run_cases(&cases);
}

// ---------------------------------------------------------------- direct / deduct / pass_fail

#[test]
fn direct_and_deduct_rules() {
    let direct = json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}});
    let scaled = json!({"actual": {"field": "a"}, "scoring": {"type": "direct", "scale": {"max": 5}}});
    let scaled_full = json!({"actual": {"field": "a"}, "scoring": {"type": "direct", "scale": {"max": 5}, "full": 10}});
    let deduct = json!({"actual": {"field": "a"}, "scoring": {"type": "deduct", "per": -5}});
    let deduct_min = json!({"actual": {"field": "a"}, "scoring": {"type": "deduct", "per": -5, "min": 60}});
    let deduct_full = json!({"actual": {"field": "a"}, "scoring": {"type": "deduct", "per": "-0.5", "full": 10}});
    let cases = [
        Case {
            name: "direct value is the score",
            indicator: direct.clone(),
            row: json!({"a": 87.3}),
            score: "87.30",
            branch: "direct",
        },
        Case {
            name: "direct text",
            indicator: direct,
            row: json!({"a": " ８７．３ "}),
            score: "87.30",
            branch: "direct",
        },
        Case {
            name: "direct scale 4/5",
            indicator: scaled.clone(),
            row: json!({"a": 4}),
            score: "80.00",
            branch: "scaled",
        },
        Case {
            name: "direct scale at max",
            indicator: scaled.clone(),
            row: json!({"a": 5}),
            score: "100.00",
            branch: "scaled",
        },
        Case {
            name: "direct scale 0",
            indicator: scaled,
            row: json!({"a": 0}),
            score: "0.00",
            branch: "scaled",
        },
        Case {
            name: "direct scale with full",
            indicator: scaled_full,
            row: json!({"a": "4.5"}),
            score: "9.00",
            branch: "scaled",
        },
        Case {
            name: "deduct nothing",
            indicator: deduct.clone(),
            row: json!({"a": 0}),
            score: "100.00",
            branch: "deduct",
        },
        Case {
            name: "deduct 3",
            indicator: deduct.clone(),
            row: json!({"a": 3}),
            score: "85.00",
            branch: "deduct",
        },
        Case {
            name: "deduct exactly to 0",
            indicator: deduct.clone(),
            row: json!({"a": 20}),
            score: "0.00",
            branch: "deduct",
        },
        Case {
            name: "deduct below default min 0",
            indicator: deduct,
            row: json!({"a": 30}),
            score: "0.00",
            branch: "at_min",
        },
        Case {
            name: "deduct exactly at min",
            indicator: deduct_min.clone(),
            row: json!({"a": 8}),
            score: "60.00",
            branch: "deduct",
        },
        Case {
            name: "deduct below min",
            indicator: deduct_min,
            row: json!({"a": 10}),
            score: "60.00",
            branch: "at_min",
        },
        Case {
            name: "deduct with full",
            indicator: deduct_full,
            row: json!({"a": 3}),
            score: "8.50",
            branch: "deduct",
        },
    ];
    run_cases(&cases);
}

#[test]
fn direct_scale_is_exact() {
    // 1 / 3 × 300 is exactly 100 and 2 / 3 × 300 exactly 200: `down` and `up` must not move them;
    // 1.00105 / 3 × 300 is exactly 100.105, which half_up shows as 100.11.
    for (mode, a, want) in [
        ("down", "1", "100.00"),
        ("up", "2", "200.00"),
        ("down", "2", "200.00"),
        ("up", "1", "100.00"),
        ("half_up", "1.00105", "100.11"),
    ] {
        let scheme = json!({"rounding": {"mode": mode}, "indicators": [{"key": "k", "weight": 100,
            "actual": {"field": "a"}, "scoring": {"type": "direct", "scale": {"max": 3}, "full": 300}}]});
        let out = eval_people(&scheme, json!([{ "a": a }]));
        assert_eq!(ind(&out, 0, "k")["score"], want, "{mode} {a}");
    }
}

#[test]
fn piecewise_is_exact_under_directed_rounding() {
    let scheme = json!({"rounding": {"mode": "up"}, "indicators": [{"key": "k", "weight": 100,
        "actual": {"field": "x"}, "scoring": {"type": "piecewise", "points": [[0, 84], [208, 92]]}}]});
    let out = eval_people(&scheme, json!([{ "x": 182 }]));
    assert_eq!(ind(&out, 0, "k")["score"], "91.00");
}

#[test]
fn rater_average_is_exact_under_directed_rounding() {
    let scheme = json!({"rounding": {"mode": "up"}, "raters": {"m": 1, "p": 2}, "indicators": [{"key": "k", "weight": 100,
        "actual": {"raters": {"m": "M", "p": "P"}}, "scoring": {"type": "direct"}}]});
    let out = eval_people(&scheme, json!([{ "M": [1, 2, 2], "P": "99,100,100" }]));
    assert_eq!(ind(&out, 0, "k")["score"], "67.00");
}

#[test]
fn excluded_weight_rescale_is_exact() {
    for (mode, w, s, want) in [
        ("down", [22, 5, 73], "54", "44.00"),
        ("half_up", [35, 7, 58], "87.03", "72.53"),
    ] {
        let scheme = json!({"rounding": {"mode": mode}, "indicators": [
            {"key": "a", "weight": w[0], "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "b", "weight": w[1], "actual": {"field": "b"}, "scoring": {"type": "direct"}},
            {"key": "c", "weight": w[2], "missing": "exclude", "actual": {"field": "c"}, "scoring": {"type": "direct"}}]});
        let out = eval_people(&scheme, json!([{ "a": s, "b": 0 }]));
        assert_eq!(ind(&out, 0, "a")["weighted"], want, "{mode}");
        assert_eq!(result(&out, 0)["total"], want, "{mode}");
    }
}

#[test]
fn direct_scale_exact_under_directed_rounding_passing_cases() {
    // The cases above that do not depend on the order of operations.
    for (mode, a, max, want) in [("down", 4, 5, "80.00"), ("up", 3, 4, "75.00")] {
        let scheme = json!({"rounding": {"mode": mode}, "indicators": [{"key": "k", "weight": 100,
            "actual": {"field": "a"}, "scoring": {"type": "direct", "scale": {"max": max}}}]});
        let out = eval_people(&scheme, json!([{ "a": a }]));
        assert_eq!(ind(&out, 0, "k")["score"], want);
    }
}

fn pass_fail(pass: Value) -> Value {
    json!({"scoring": {"type": "pass_fail", "pass": pass}})
}

#[test]
fn pass_fail_and_every_operator() {
    // (op, cell, holds)
    let table: &[(&str, Value, bool)] = &[
        (">", json!(6), true),
        (">", json!(5), false),
        (">=", json!(5), true),
        (">=", json!(4.99), false),
        ("≥", json!(5), true),
        ("<", json!(4), true),
        ("<", json!(5), false),
        ("<=", json!(5), true),
        ("<=", json!(5.01), false),
        ("≤", json!("5"), true),
        ("=", json!("5.00"), true),
        ("=", json!(6), false),
        ("==", json!(5), true),
        ("!=", json!(6), true),
        ("!=", json!(5), false),
        ("<>", json!(6), true),
        ("≠", json!(5), false),
        ("=", json!("500%"), true),
        (">", Value::Null, false),
        ("<", Value::Null, false),
        ("!=", Value::Null, false),
    ];
    for (op, cell, holds) in table {
        let indicator = pass_fail(json!({"field": "x", "op": op, "value": "5"}));
        let mut row = json!({});
        if !cell.is_null() {
            row["x"] = cell.clone();
        }
        let (score, branch, _) = score_one(&indicator, row);
        let want = if *holds { ("100.00", "pass") } else { ("0.00", "fail") };
        assert_eq!((score.as_str(), branch.as_str()), want, "x {op} 5 with x = {cell}");
    }
    // full, text and boolean literals
    let (score, ..) = score_one(
        &merge(
            pass_fail(json!({"field": "x", "op": ">", "value": 0})),
            &json!({"scoring": {"type": "pass_fail", "pass": {"field": "x", "op": ">", "value": 0}, "full": 50}}),
        ),
        json!({"x": 1}),
    );
    assert_eq!(score, "50.00");
    let text = pass_fail(json!({"field": "状态", "op": "=", "value": "已签约"}));
    assert_eq!(score_one(&text, json!({"状态": " 已签约 "})).0, "100.00");
    assert_eq!(score_one(&text, json!({"状态": "草稿"})).0, "0.00");
    assert_eq!(score_one(&text, json!({"状态": {"name": "已签约"}})).0, "100.00");
    let not_text = pass_fail(json!({"field": "状态", "op": "!=", "value": "已签约"}));
    assert_eq!(score_one(&not_text, json!({"状态": "草稿"})).0, "100.00");
    assert_eq!(
        score_one(&not_text, json!({})).0,
        "0.00",
        "a missing cell does not hold"
    );
    let checked = pass_fail(json!({"field": "合规", "op": "=", "value": true}));
    for (cell, want) in [
        (json!(true), "100.00"),
        (json!("是"), "100.00"),
        (json!(false), "0.00"),
        (json!("否"), "0.00"),
    ] {
        assert_eq!(score_one(&checked, json!({ "合规": cell })).0, want, "{cell}");
    }
    assert_eq!(score_one(&checked, json!({})).0, "0.00");
}

#[test]
fn conditions_on_blank_cells_do_not_hold() {
    // "" and white space are missing; a condition on a missing cell does not hold.
    let not_text = pass_fail(json!({"field": "状态", "op": "!=", "value": "已签约"}));
    let is_false = pass_fail(json!({"field": "合规", "op": "=", "value": false}));
    for blank in ["", "   ", "\u{3000}"] {
        assert_eq!(
            score_one(&not_text, json!({ "状态": blank })).0,
            "0.00",
            "text != on {blank:?}"
        );
        assert_eq!(
            score_one(&is_false, json!({ "合规": blank })).0,
            "0.00",
            "bool = false on {blank:?}"
        );
    }
}

#[test]
fn conditions_on_null_cells_do_not_hold() {
    // the passing half of the blank-cell rule
    let not_text = pass_fail(json!({"field": "状态", "op": "!=", "value": "已签约"}));
    let is_false = pass_fail(json!({"field": "合规", "op": "=", "value": false}));
    assert_eq!(score_one(&not_text, json!({ "状态": null })).0, "0.00");
    assert_eq!(score_one(&is_false, json!({ "合规": null })).0, "0.00");
}

#[test]
fn pass_fail_on_another_indicator() {
    let scheme = json!({"indicators": [
        {"key": "rev", "weight": 60, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear"}},
        {"key": "gate", "weight": 40, "scoring": {"type": "pass_fail",
            "pass": {"all": [{"indicator": "rev", "op": ">=", "value": 80}, {"indicator": "rev", "of": "achievement", "op": "<", "value": "1.5"}]}}}
    ]});
    let out = eval_people(
        &scheme,
        json!([{"a": 80, "t": 100}, {"a": 79, "t": 100}, {"a": 150, "t": 100}]),
    );
    assert_eq!(ind(&out, 0, "gate")["score"], "100.00");
    assert_eq!(ind(&out, 1, "gate")["score"], "0.00");
    assert_eq!(ind(&out, 2, "gate")["score"], "0.00");
    assert_eq!(totals(&out), vec![json!("88.00"), json!("47.40"), json!("90.00")]);
}

#[test]
fn a_bad_number_in_a_condition_fails_the_row() {
    let out = eval_people(
        &single(pass_fail(json!({"field": "x", "op": ">", "value": 0}))),
        json!([{"x": "abc"}, {"x": 1}]),
    );
    assert_eq!(result(&out, 0)["ok"], false);
    assert_eq!(codes(&out, 0), vec!["INVALID_NUMBER"]);
    assert_eq!(result(&out, 1)["total"], "100.00");
}

// ---------------------------------------------------------------- rounding

#[test]
fn rounding_modes_on_scores_and_weighted_from_the_shown_score() {
    // score 87.125 → shown by mode; weighted = round(shown × 50 / 100)
    let table = [
        ("half_up", "87.125", "87.13", "43.57"),
        ("half_even", "87.125", "87.12", "43.56"),
        ("half_even", "87.135", "87.14", "43.57"),
        ("down", "87.129", "87.12", "43.56"),
        ("up", "87.121", "87.13", "43.57"),
        ("half_up", "-0.001", "0.00", "0.00"),
    ];
    for (mode, value, score, weighted) in table {
        let scheme = json!({"rounding": {"mode": mode}, "indicators": [
            {"key": "k", "weight": 50, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "z", "weight": 50, "actual": {"field": "z"}, "scoring": {"type": "direct"}}]});
        let out = eval_people(&scheme, json!([{ "a": value, "z": 0 }]));
        assert_eq!(ind(&out, 0, "k")["score"], score, "{mode} {value}");
        assert_eq!(ind(&out, 0, "k")["weighted"], weighted, "{mode} {value}");
        assert_eq!(result(&out, 0)["total"], weighted, "{mode} {value}");
    }
    // the default mode is half_up
    let out = eval_people(
        &single(json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}})),
        json!([{ "a": "2.345" }]),
    );
    assert_eq!(result(&out, 0)["total"], "2.35");
}

#[test]
fn score_places_zero_and_three() {
    let ind0 = json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}});
    let out = eval_people(
        &merge(single(ind0.clone()), &json!({"rounding": {"score": 0}})),
        json!([{ "a": "87.5" }]),
    );
    assert_eq!(result(&out, 0)["total"], "88");
    let out = eval_people(
        &merge(single(ind0), &json!({"rounding": {"score": 3, "rate": 2}})),
        json!([{ "a": "87.1254" }]),
    );
    assert_eq!(result(&out, 0)["total"], "87.125");
    assert_eq!(result(&out, 0)["topPercent"], "1.00");
}

#[test]
fn what_is_shown_adds_up() {
    // three indicators whose raw weighted sum would round differently from the sum of rounded parts
    let scheme = json!({"indicators": [
        {"key": "a", "weight": 33, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
        {"key": "b", "weight": 33, "actual": {"field": "b"}, "scoring": {"type": "direct"}},
        {"key": "c", "weight": 34, "actual": {"field": "c"}, "scoring": {"type": "direct"}}]});
    let out = eval_people(&scheme, json!([{ "a": "80.015", "b": "80.015", "c": "80.015" }]));
    // shown scores 80.02; weighted 26.4066 → 26.41, 26.41, 27.2068 → 27.21; total 80.03
    assert_eq!(ind(&out, 0, "a")["weighted"], "26.41");
    assert_eq!(ind(&out, 0, "c")["weighted"], "27.21");
    assert_eq!(result(&out, 0)["total"], "80.03");
}

// ---------------------------------------------------------------- missing policies

fn three(missing: &str, weighting_nested: bool) -> Value {
    if weighting_nested {
        json!({"weighting": "nested",
            "categories": [{"key": "A", "name": "甲", "weight": 60}, {"key": "B", "weight": 40}],
            "indicators": [
                {"key": "a1", "category": "A", "weight": 50, "actual": {"field": "a1"}, "scoring": {"type": "direct"}, "missing": missing},
                {"key": "a2", "category": "A", "weight": 50, "actual": {"field": "a2"}, "scoring": {"type": "direct"}, "missing": missing},
                {"key": "b1", "category": "B", "weight": 100, "actual": {"field": "b1"}, "scoring": {"type": "direct"}, "missing": missing}]})
    } else {
        json!({"indicators": [
            {"key": "a", "weight": 50, "actual": {"field": "a"}, "scoring": {"type": "direct"}, "missing": missing},
            {"key": "b", "weight": 25, "actual": {"field": "b"}, "scoring": {"type": "direct"}, "missing": missing},
            {"key": "c", "weight": 25, "actual": {"field": "c"}, "scoring": {"type": "direct"}, "missing": missing}]})
    }
}

#[test]
fn missing_error_global_and_nested() {
    for (nested, row, field) in [
        (false, json!({"a": 90, "b": null, "c": 60}), "b"),
        (false, json!({"a": 90, "b": "  ", "c": 60}), "b"),
        (false, json!({"a": 90, "c": 60}), "b"),
        (true, json!({"a1": 90, "a2": "", "b1": 60}), "a2"),
    ] {
        for missing in ["error", "ERROR_DEFAULT"] {
            let mut scheme = three(if missing == "error" { "error" } else { "zero" }, nested);
            if missing != "error" {
                // the default policy is error
                for i in scheme["indicators"].as_array_mut().unwrap() {
                    i.as_object_mut().unwrap().remove("missing");
                }
            }
            let out = eval_people(
                &scheme,
                json!([row.clone(), {"a": 1, "b": 1, "c": 1, "a1": 1, "a2": 1, "b1": 1}]),
            );
            let r = result(&out, 0);
            assert_eq!(r["ok"], false, "{missing} {row}");
            assert_eq!(r["errors"][0]["code"], "MISSING_VALUE");
            assert_eq!(r["errors"][0]["field"], field);
            assert_eq!(r["errors"][0]["path"], format!("rows/0/{field}"));
            assert!(r["rank"].is_null() && r["grade"].is_null() && r["total"].is_null());
            assert_eq!(result(&out, 1)["ok"], true);
            assert_eq!(result(&out, 1)["rank"], 1);
        }
    }
}

#[test]
fn missing_zero_global_and_nested() {
    let out = eval_people(&three("zero", false), json!([{"a": 90, "c": 60}]));
    let b = ind(&out, 0, "b");
    assert_eq!(
        (
            b["status"].as_str(),
            b["score"].as_str(),
            b["weight"].as_str(),
            b["weighted"].as_str()
        ),
        (Some("missing_zero"), Some("0.00"), Some("25.00"), Some("0.00"))
    );
    assert_eq!(result(&out, 0)["total"], "60.00");

    let out = eval_people(&three("zero", true), json!([{"a1": 80, "b1": 50}]));
    let a2 = ind(&out, 0, "a2");
    assert_eq!(
        (a2["status"].as_str(), a2["weight"].as_str()),
        (Some("missing_zero"), Some("30.00"))
    );
    assert_eq!(result(&out, 0)["total"], "44.00"); // 80×30% + 0 + 50×40%
}

#[test]
fn missing_exclude_global_rescales_all_weights() {
    let out = eval_people(&three("exclude", false), json!([{"a": 90, "c": 60}]));
    let b = ind(&out, 0, "b");
    assert_eq!(b["status"], "excluded");
    assert!(b["score"].is_null() && b["weight"].is_null() && b["weighted"].is_null());
    // a: 50 × 100 / 75, c: 25 × 100 / 75
    assert_eq!(ind(&out, 0, "a")["weight"], "66.67");
    assert_eq!(ind(&out, 0, "a")["weighted"], "60.00");
    assert_eq!(ind(&out, 0, "c")["weight"], "33.33");
    assert_eq!(ind(&out, 0, "c")["weighted"], "20.00");
    assert_eq!(result(&out, 0)["total"], "80.00");
    // nothing missing: weights as written
    let out = eval_people(&three("exclude", false), json!([{"a": 90, "b": 80, "c": 60}]));
    assert_eq!(ind(&out, 0, "a")["weight"], "50.00");
    assert_eq!(result(&out, 0)["total"], "80.00");
}

#[test]
fn missing_exclude_nested_inside_a_category_and_across_categories() {
    // a2 drops: a1 takes the whole of A (60)
    let out = eval_people(&three("exclude", true), json!([{"a1": 80, "b1": 50}]));
    assert_eq!(ind(&out, 0, "a1")["weight"], "60.00");
    assert_eq!(ind(&out, 0, "b1")["weight"], "40.00");
    assert_eq!(result(&out, 0)["total"], "68.00");
    let cats = &result(&out, 0)["categories"];
    assert_eq!(cats[0]["key"], "A");
    assert_eq!(cats[0]["name"], "甲");
    assert_eq!(cats[0]["weight"], "60.00");
    assert_eq!(cats[0]["weighted"], "48.00");
    assert_eq!(cats[0]["score"], "80.00");
    assert_eq!(cats[1]["name"], "B", "a category name defaults to its key");

    // b1 drops: B drops out entirely, A is scaled to 100
    let out = eval_people(&three("exclude", true), json!([{"a1": 80, "a2": 60}]));
    assert_eq!(ind(&out, 0, "a1")["weight"], "50.00");
    assert_eq!(ind(&out, 0, "a2")["weight"], "50.00");
    assert_eq!(result(&out, 0)["total"], "70.00");

    // everything missing: nothing to total
    let out = eval_people(&three("exclude", true), json!([{}]));
    assert_eq!(result(&out, 0)["ok"], false);
    assert_eq!(codes(&out, 0), vec!["MISSING_VALUE"]);
    let out = eval_people(&three("exclude", false), json!([{}]));
    assert_eq!(codes(&out, 0), vec!["MISSING_VALUE"]);
}

#[test]
fn missing_target_follows_the_policy_too() {
    let scheme = single(merge(linear(None, None), &json!({"missing": "zero"})));
    let out = eval_people(&scheme, json!([{"a": 80}]));
    assert_eq!(ind(&out, 0, "k")["status"], "missing_zero");
    let scheme = single(linear(None, None));
    let out = eval_people(&scheme, json!([{"a": 80, "t": ""}]));
    assert_eq!(result(&out, 0)["errors"][0]["code"], "MISSING_VALUE");
    assert_eq!(result(&out, 0)["errors"][0]["field"], "t");
}

#[test]
fn nested_effective_weight_is_category_times_indicator() {
    let scheme = json!({"weighting": "nested",
        "categories": [{"key": "A", "weight": 60}, {"key": "B", "weight": 40}],
        "indicators": [
            {"key": "a1", "category": "A", "weight": 40, "actual": {"field": "a1"}, "scoring": {"type": "direct"}},
            {"key": "a2", "category": "A", "weight": 60, "actual": {"field": "a2"}, "scoring": {"type": "direct"}},
            {"key": "b1", "category": "B", "weight": 100, "actual": {"field": "b1"}, "scoring": {"type": "direct"}}]});
    let out = eval_people(&scheme, json!([{"a1": 100, "a2": 50, "b1": 75}]));
    assert_eq!(ind(&out, 0, "a1")["weight"], "24.00");
    assert_eq!(ind(&out, 0, "a2")["weight"], "36.00");
    assert_eq!(ind(&out, 0, "b1")["weight"], "40.00");
    // 24 + 18 + 30
    assert_eq!(result(&out, 0)["total"], "72.00");
    assert_eq!(result(&out, 0)["categories"][0]["score"], "70.00");
}

// ---------------------------------------------------------------- raters

fn rated(policy: Option<&str>) -> Value {
    let mut scheme = json!({
        "raters": {"self": 10, "manager": 50, "customer": 30, "peer": 10},
        "indicators": [{"key": "q", "weight": 100,
            "actual": {"raters": {"self": "自评", "manager": "上级评分", "customer": "客户评分", "peer": "互评"}},
            "scoring": {"type": "direct"}}]});
    if let Some(p) = policy {
        scheme["raterMissing"] = json!(p);
    }
    scheme
}

#[test]
fn raters_weighted_average_and_multi_score_cells() {
    let full = json!({"自评": 90, "上级评分": 85, "客户评分": "88", "互评": "80,90"});
    for peer in [
        json!("80,90"),
        json!([80, 90]),
        json!("80、90"),
        json!("80，90"),
        json!(" 80 , 90 "),
        json!([80, null, 90]),
        json!(85),
    ] {
        let mut row = full.clone();
        row["互评"] = peer.clone();
        let out = eval_people(&rated(None), json!([row]));
        assert_eq!(result(&out, 0)["total"], "86.40", "peer cell {peer}");
    }
}

#[test]
fn raters_missing_renormalize_zero_error() {
    let row = json!({"自评": 90, "上级评分": 85, "客户评分": "", "互评": "80,90"});
    // renormalize (default and explicit): (900 + 4250 + 850) / 70 = 85.714…
    for p in [None, Some("renormalize")] {
        let out = eval_people(&rated(p), json!([row.clone()]));
        assert_eq!(result(&out, 0)["total"], "85.71", "{p:?}");
    }
    // zero: 6000 / 100
    let out = eval_people(&rated(Some("zero")), json!([row.clone()]));
    assert_eq!(result(&out, 0)["total"], "60.00");
    // error
    let out = eval_people(
        &rated(Some("error")),
        json!([row.clone(), {"自评": 1, "上级评分": 1, "客户评分": 1, "互评": 1}]),
    );
    assert_eq!(result(&out, 0)["ok"], false);
    assert_eq!(result(&out, 0)["errors"][0]["code"], "RATER_MISSING");
    assert_eq!(result(&out, 0)["errors"][0]["field"], "客户评分");
    assert_eq!(result(&out, 1)["total"], "1.00");
    // the indicator's own raterMissing overrides the scheme's
    let mut scheme = rated(Some("error"));
    scheme["indicators"][0]["raterMissing"] = json!("zero");
    let out = eval_people(&scheme, json!([row]));
    assert_eq!(result(&out, 0)["total"], "60.00");
}

#[test]
fn raters_all_missing_is_a_missing_actual() {
    let mut scheme = rated(None);
    scheme["indicators"][0]["missing"] = json!("zero");
    let out = eval_people(&scheme, json!([{ "自评": [], "互评": "" }]));
    assert_eq!(ind(&out, 0, "q")["status"], "missing_zero");
    let out = eval_people(&rated(None), json!([{}]));
    assert_eq!(codes(&out, 0), vec!["MISSING_VALUE"]);
}

#[test]
fn raters_bad_cell_is_invalid_number() {
    let out = eval_people(
        &rated(None),
        json!([{ "自评": 90, "上级评分": "x,1", "客户评分": 80, "互评": 80 }]),
    );
    assert_eq!(codes(&out, 0), vec!["INVALID_NUMBER"]);
    assert_eq!(result(&out, 0)["errors"][0]["field"], "上级评分");
}

// ---------------------------------------------------------------- adjustments and bounds

fn with_adjustments(adjustments: Value, extra: Value) -> Value {
    merge(
        json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}],
            "adjustments": adjustments}),
        &extra,
    )
}

#[test]
fn adjustments_bounds_default_per_and_missing_cells() {
    let scheme = with_adjustments(
        json!([
            {"key": "complaints", "name": "客户投诉", "per": -5, "min": -20, "value": {"field": "投诉"}},
            {"key": "bonus", "per": 2, "max": 5, "value": {"field": "奖"}},
            {"key": "plain", "value": {"field": "加"}},
            {"key": "third", "per": "0.333", "value": {"field": "三"}}
        ]),
        json!({}),
    );
    let out = eval_people(
        &scheme,
        json!([
            {"s": 80, "投诉": 2, "奖": 1, "加": "1.5", "三": 1},
            {"s": 80, "投诉": 5, "奖": 4},
            {"s": 80, "投诉": 4, "奖": "2.5"},
            {"s": 80}
        ]),
    );
    let adj = |row: usize, k: usize, f: &str| result(&out, row)["adjustments"][k][f].clone();
    assert_eq!(adj(0, 0, "points"), "-10.00");
    assert_eq!(adj(0, 0, "name"), "客户投诉");
    assert_eq!(adj(0, 1, "points"), "2.00");
    assert_eq!(adj(0, 2, "points"), "1.50");
    assert_eq!(adj(0, 2, "name"), "plain");
    assert_eq!(adj(0, 3, "points"), "0.33");
    assert_eq!(result(&out, 0)["total"], "73.83");
    assert_eq!(adj(1, 0, "points"), "-20.00", "bounded by min -20 (raw -25)");
    assert_eq!(adj(1, 1, "points"), "5.00", "bounded by max 5 (raw 8)");
    assert_eq!(result(&out, 1)["total"], "65.00");
    assert_eq!(adj(2, 0, "points"), "-20.00", "exactly at min");
    assert_eq!(adj(2, 1, "points"), "5.00", "exactly at max");
    // missing cells count 0
    assert_eq!(adj(3, 0, "value"), "0");
    assert_eq!(adj(3, 0, "points"), "0.00");
    assert_eq!(result(&out, 3)["total"], "80.00");
}

#[test]
fn adjustment_with_a_bad_number_fails_the_row() {
    let scheme = with_adjustments(json!([{"key": "x", "value": {"field": "x"}}]), json!({}));
    let out = eval_people(&scheme, json!([{"s": 80, "x": "abc"}, {"s": 80, "x": 1}]));
    assert_eq!(codes(&out, 0), vec!["INVALID_NUMBER"]);
    assert!(result(&out, 0)["total"].is_null());
    assert_eq!(result(&out, 1)["total"], "81.00");
}

#[test]
fn total_min_and_max() {
    let adj = json!([{"key": "x", "value": {"field": "x"}}]);
    let table = [
        (json!({}), 10, -20, "0.00"),
        (json!({}), 10, -10, "0.00"),
        (json!({"totalMin": -50}), 10, -20, "-10.00"),
        (json!({"totalMin": -5}), 10, -20, "-5.00"),
        (json!({"totalMax": 100}), 95, 10, "100.00"),
        (json!({"totalMax": 100}), 95, 5, "100.00"),
        (json!({"totalMax": "100"}), 95, 4, "99.00"),
        (json!({}), 130, 10, "140.00"),
        (json!({"totalMin": 60, "totalMax": 80}), 10, 0, "60.00"),
    ];
    for (extra, score, x, want) in table {
        let out = eval_people(
            &with_adjustments(adj.clone(), extra.clone()),
            json!([{ "s": score, "x": x }]),
        );
        assert_eq!(result(&out, 0)["total"], want, "{extra} {score} {x}");
    }
}

// ---------------------------------------------------------------- vetoes and grades

fn graded(vetoes: Value) -> Value {
    json!({
        "fields": {"id": "工号"},
        "indicators": [
            {"key": "rev", "weight": 70, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear", "cap": "1.2"}},
            {"key": "q", "weight": 30, "actual": {"field": "q"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "S", "min": 95}, {"grade": "A", "min": 85}, {"grade": "B", "min": 70}, {"grade": "C", "min": 0}]},
        "vetoes": vetoes
    })
}

#[test]
fn grade_bands_at_edges() {
    let scheme = json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "D", "min": 0}, {"grade": "B", "min": 70}, {"grade": "A", "min": 85}]}});
    let out = eval_people(
        &scheme,
        json!([{"s": 85}, {"s": "84.999"}, {"s": 70}, {"s": "69.99"}, {"s": 0}, {"s": 200}]),
    );
    assert_eq!(
        ranks(&out, "grade"),
        vec![json!("A"), json!("A"), json!("B"), json!("D"), json!("D"), json!("A")]
    );
    // 84.999 shows as 85.00, and the grade reads the shown total
    assert_eq!(result(&out, 1)["total"], "85.00");
}

#[test]
fn no_grade_below_the_lowest_band() {
    let scheme = json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 60}]}});
    let out = eval_people(&scheme, json!([{"s": 59}]));
    assert_eq!(result(&out, 0)["ok"], true);
    assert!(result(&out, 0)["grade"].is_null());
}

#[test]
fn veto_default_grade_is_the_lowest_and_scores_stay_visible() {
    let scheme = graded(
        json!([{"key": "breach", "name": "数据违规", "reason": "泄露客户资料", "when": {"field": "违规", "op": ">", "value": "0"}}]),
    );
    let out = eval_people(
        &scheme,
        json!([
            {"工号": "E1", "a": 100, "t": 100, "q": 90, "违规": 1},
            {"工号": "E2", "a": 80, "t": 100, "q": 80, "违规": 0},
            {"工号": "E3", "a": 80, "t": 100, "q": 80}
        ]),
    );
    let r = result(&out, 0);
    assert_eq!(r["ok"], true);
    assert_eq!(r["vetoed"], true);
    assert_eq!(r["total"], "0.00");
    assert_eq!(r["grade"], "C");
    assert_eq!(r["veto"]["key"], "breach");
    assert_eq!(r["veto"]["name"], "数据违规");
    assert_eq!(r["veto"]["reason"], "泄露客户资料");
    assert_eq!(ind(&out, 0, "rev")["score"], "100.00");
    assert_eq!(ind(&out, 0, "rev")["weighted"], "70.00");
    // still ranked, on the vetoed total
    assert_eq!(r["rank"], 3);
    assert_eq!(result(&out, 1)["vetoed"], false);
    assert!(result(&out, 1)["veto"].is_null());
    assert_eq!(result(&out, 1)["total"], "80.00");
    assert_eq!(result(&out, 1)["grade"], "B");
    assert_eq!(result(&out, 2)["vetoed"], false, "a missing cell does not veto");
    assert_eq!(out["summary"]["vetoed"], 1);
}

#[test]
fn veto_custom_score_and_grade_and_first_that_holds() {
    let scheme = graded(json!([
        {"key": "soft", "when": {"field": "x", "op": ">=", "value": 1}, "score": 50, "grade": "B"},
        {"key": "hard", "when": {"field": "x", "op": ">=", "value": 2}}
    ]));
    let out = eval_people(&scheme, json!([{"a": 100, "t": 100, "q": 100, "x": 2}]));
    let r = result(&out, 0);
    assert_eq!(
        (r["total"].as_str(), r["grade"].as_str(), r["veto"]["key"].as_str()),
        (Some("50.00"), Some("B"), Some("soft"))
    );
    assert_eq!(r["veto"]["name"], "soft", "a veto name defaults to its key");
}

#[test]
fn veto_condition_combinators_and_indicator_figures() {
    let cases: Vec<(&str, Value, Value, bool)> = vec![
        (
            "all: both",
            json!({"all": [{"field": "x", "op": ">", "value": 0}, {"field": "y", "op": ">", "value": 0}]}),
            json!({"x": 1, "y": 1}),
            true,
        ),
        (
            "all: one",
            json!({"all": [{"field": "x", "op": ">", "value": 0}, {"field": "y", "op": ">", "value": 0}]}),
            json!({"x": 1, "y": 0}),
            false,
        ),
        ("all: empty list holds", json!({"all": []}), json!({}), true),
        (
            "any: one",
            json!({"any": [{"field": "x", "op": ">", "value": 0}, {"field": "y", "op": ">", "value": 0}]}),
            json!({"x": 0, "y": 1}),
            true,
        ),
        (
            "any: none",
            json!({"any": [{"field": "x", "op": ">", "value": 0}, {"field": "y", "op": ">", "value": 0}]}),
            json!({"x": 0, "y": 0}),
            false,
        ),
        ("any: empty list does not hold", json!({"any": []}), json!({}), false),
        (
            "not",
            json!({"not": {"field": "x", "op": ">", "value": 0}}),
            json!({"x": 0}),
            true,
        ),
        (
            "not not",
            json!({"not": {"not": {"field": "x", "op": ">", "value": 0}}}),
            json!({"x": 0}),
            false,
        ),
        (
            "nested",
            json!({"all": [{"any": [{"field": "x", "op": "=", "value": 1}, {"field": "y", "op": "=", "value": 1}]}, {"not": {"field": "z", "op": "=", "value": "是"}}]}),
            json!({"x": 0, "y": 1, "z": "否"}),
            true,
        ),
        (
            "indicator score (default of)",
            json!({"indicator": "rev", "op": "<", "value": 60}),
            json!({"a": 59, "t": 100}),
            true,
        ),
        (
            "indicator score at edge",
            json!({"indicator": "rev", "op": "<", "value": 60}),
            json!({"a": 60, "t": 100}),
            false,
        ),
        (
            "indicator of achievement",
            json!({"indicator": "rev", "of": "achievement", "op": ">", "value": "1.2"}),
            json!({"a": 121, "t": 100}),
            true,
        ),
        (
            "indicator of actual",
            json!({"indicator": "rev", "of": "actual", "op": "=", "value": "1万"}),
            json!({"a": 10000, "t": 100000}),
            true,
        ),
        (
            "indicator of target",
            json!({"indicator": "rev", "of": "target", "op": "<=", "value": 0}),
            json!({"a": 1, "t": 100}),
            false,
        ),
        (
            "indicator of weighted",
            json!({"indicator": "rev", "of": "weighted", "op": ">=", "value": 70}),
            json!({"a": 100, "t": 100}),
            true,
        ),
        (
            "indicator of score explicit",
            json!({"indicator": "q", "of": "score", "op": "<", "value": 60}),
            json!({"a": 100, "t": 100, "q": 50}),
            true,
        ),
        (
            "indicator missing figure does not hold",
            json!({"indicator": "q", "op": "<", "value": 60}),
            json!({"a": 100, "t": 100, "q": null}),
            false,
        ),
    ];
    for (name, when, row, holds) in cases {
        let mut scheme = graded(json!([{ "key": "v", "when": when }]));
        scheme["indicators"][1]["missing"] = json!("zero");
        if name.contains("missing figure") {
            scheme["indicators"][1]["missing"] = json!("exclude");
        }
        let row = merge(json!({"a": 100, "t": 100, "q": 100}), &row);
        let out = eval_people(&scheme, json!([row]));
        assert_eq!(result(&out, 0)["ok"], true, "{name}: {}", result(&out, 0));
        assert_eq!(result(&out, 0)["vetoed"], holds, "{name}");
    }
}

#[test]
fn veto_without_grades_gives_no_grade() {
    let scheme = json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}],
        "vetoes": [{"key": "v", "when": {"field": "s", "op": ">", "value": 0}}]});
    let out = eval_people(&scheme, json!([{"s": 90}]));
    assert_eq!(result(&out, 0)["vetoed"], true);
    assert!(result(&out, 0)["grade"].is_null());
    assert_eq!(result(&out, 0)["total"], "0.00");
}

// ---------------------------------------------------------------- roles and versions

fn two(extra: Value) -> Value {
    merge(
        json!({"fields": {"id": "工号", "role": "岗位"},
            "indicators": [
                {"key": "a", "weight": 50, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
                {"key": "b", "weight": 50, "actual": {"field": "b"}, "scoring": {"type": "direct"}}]}),
        &extra,
    )
}

#[test]
fn roles_pick_weight_overrides() {
    let scheme =
        two(json!({"roles": {"大客户销售": {"weights": {"a": 70, "b": 30}}, "只改一项": {"weights": {"a": 50}}}}));
    let out = eval_people(
        &scheme,
        json!([
            {"岗位": "大客户销售", "a": 100, "b": 0},
            {"岗位": "渠道销售", "a": 100, "b": 0},
            {"a": 100, "b": 0},
            {"岗位": "只改一项", "a": 100, "b": 0}
        ]),
    );
    assert_eq!(
        totals(&out),
        vec![json!("70.00"), json!("50.00"), json!("50.00"), json!("50.00")]
    );
    assert_eq!(result(&out, 0)["role"], "大客户销售");
    assert_eq!(ind(&out, 0, "a")["weight"], "70.00");
    assert!(result(&out, 2)["role"].is_null());
    // the unknown role value is a warning, listed once
    let warnings: Vec<&Value> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "UNKNOWN_KEY")
        .collect();
    assert_eq!(warnings.len(), 1, "{}", out["warnings"]);
    assert_eq!(warnings[0]["severity"], "warning");
    assert!(s(&warnings[0]["messages"]["en"]).contains("渠道销售"));
}

#[test]
fn roles_with_category_weights_in_nested_weighting() {
    let scheme = json!({"weighting": "nested", "fields": {"role": "岗位"},
        "categories": [{"key": "A", "weight": 50}, {"key": "B", "weight": 50}],
        "indicators": [
            {"key": "a", "category": "A", "weight": 100, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "b", "category": "B", "weight": 100, "actual": {"field": "b"}, "scoring": {"type": "direct"}}],
        "roles": {"经理": {"categoryWeights": {"A": 20, "B": 80}}}});
    let out = eval_people(
        &scheme,
        json!([{"岗位": "经理", "a": 100, "b": 0}, {"岗位": "x", "a": 100, "b": 0}]),
    );
    assert_eq!(totals(&out), vec![json!("20.00"), json!("50.00")]);
}

fn versioned() -> Value {
    two(json!({"versions": [
        {"from": "2025-10-01", "weights": {"a": 80, "b": 20}},
        {"from": "2025-07-01", "weights": {"a": 20, "b": 80}},
        {"from": "2025-01-27", "weights": {"a": 10, "b": 90}}
    ]}))
}

#[test]
fn versions_pick_the_latest_from_on_or_before_the_period_start() {
    let row = json!([{"a": 100, "b": 0}]);
    let table = [
        ("2024", "50.00"),
        ("2025", "50.00"),
        ("2025-01-26", "50.00"),
        ("2025-W04", "50.00"),
        ("2025-W05", "10.00"),
        ("2025-01-27", "10.00"),
        ("2025-Q1", "50.00"),
        ("2025-Q2", "10.00"),
        ("2025-06", "10.00"),
        ("2025-06-30", "10.00"),
        ("2025-Q3", "20.00"),
        ("2025-07", "20.00"),
        ("2025-07-01", "20.00"),
        ("2025-09-30", "20.00"),
        ("2025-10-01", "80.00"),
        ("2025-Q4", "80.00"),
        ("2026", "80.00"),
        ("2025年7月", "20.00"),
    ];
    for (period, want) in table {
        let out = evaluate(&versioned(), json!({"people": row, "period": period}), json!({}));
        assert_eq!(result(&out, 0)["total"], want, "period {period}");
        assert!(
            !out["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["path"] == "period"),
            "period {period}: {}",
            out["warnings"]
        );
    }
}

#[test]
fn versions_without_a_period_use_base_weights_and_warn() {
    let out = eval_people(&versioned(), json!([{"a": 100, "b": 0}]));
    assert_eq!(result(&out, 0)["total"], "50.00");
    let w = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["path"] == "period")
        .unwrap();
    assert_eq!(w["code"], "MISSING_SETTING");
    assert_eq!(w["severity"], "warning");
}

#[test]
fn an_unreadable_period_is_invalid_date() {
    for bad in ["2025-Q5", "2025-13", "next year", "2025-W54"] {
        let err = engine(&versioned())
            .evaluate_value(
                &json!({"people": [{"a": 1, "b": 1}], "period": bad}),
                &EvaluateOptions::default(),
            )
            .unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_DATE", "{bad}");
        assert_eq!(err.path, "period");
    }
}

#[test]
fn a_numeric_period_is_not_silently_ignored() {
    // JS callers may pass `period: 2025`. The encoded path rejects it; the value path must
    // not silently drop it: either the version applies or the call fails.
    let e = engine(&versioned());
    let res = e.evaluate_value(
        &json!({"people": [{"a": 100, "b": 0}], "period": 2026}),
        &EvaluateOptions::default(),
    );
    match res {
        Err(err) => assert_eq!(err.code.as_str(), "INVALID_INPUT"),
        Ok(out) => assert_eq!(
            result(&out, 0)["total"],
            "80.00",
            "period 2026 must pick the version from 2025-10-01"
        ),
    }
}

#[test]
fn role_on_top_of_version() {
    let scheme = two(json!({
        "versions": [{"from": "2025-07-01", "weights": {"a": 20, "b": 80}}],
        "roles": {"经理": {"weights": {"a": 40, "b": 60}}, "半": {"weights": {"a": 100, "b": 0}}}
    }));
    let people =
        json!([{"岗位": "经理", "a": 100, "b": 0}, {"岗位": "无", "a": 100, "b": 0}, {"岗位": "半", "a": 100, "b": 0}]);
    let out = evaluate(&scheme, json!({"people": people, "period": "2025-Q3"}), json!({}));
    assert_eq!(totals(&out), vec![json!("40.00"), json!("20.00"), json!("100.00")]);
    let out = evaluate(&scheme, json!({"people": people, "period": "2025-Q2"}), json!({}));
    assert_eq!(totals(&out), vec![json!("40.00"), json!("50.00"), json!("100.00")]);
}

// ---------------------------------------------------------------- ranking

fn ranked(ranking: Value, fields: Value) -> Value {
    json!({"fields": fields,
        "indicators": [
            {"key": "a", "weight": 50, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "b", "weight": 50, "actual": {"field": "b"}, "scoring": {"type": "direct"}}],
        "ranking": ranking})
}

fn people_totals(ts: &[(i64, i64)]) -> Value {
    Value::Array(ts.iter().map(|(a, b)| json!({"a": a, "b": b})).collect())
}

#[test]
fn ranking_methods_with_ties() {
    // totals 80, 90, 80, 70, 90 (input order)
    let people = people_totals(&[(80, 80), (100, 80), (60, 100), (70, 70), (80, 100)]);
    let table = [
        ("competition", vec![3, 1, 3, 5, 1]),
        ("dense", vec![2, 1, 2, 3, 1]),
        ("ordinal", vec![3, 1, 4, 5, 2]),
    ];
    for (method, want) in table {
        let out = eval_people(&ranked(json!({"method": method}), json!({})), people.clone());
        let got: Vec<Value> = ranks(&out, "rank");
        assert_eq!(got, want.iter().map(|r| json!(r)).collect::<Vec<_>>(), "{method}");
    }
    // competition is the default
    let out = eval_people(&ranked(json!({}), json!({})), people);
    assert_eq!(
        ranks(&out, "rank"),
        vec![json!(3), json!(1), json!(3), json!(5), json!(1)]
    );
    assert_eq!(
        ranks(&out, "topPercent"),
        vec![
            json!("0.6000"),
            json!("0.2000"),
            json!("0.6000"),
            json!("1.0000"),
            json!("0.2000")
        ]
    );
}

#[test]
fn tie_breakers_indicator_field_and_descending() {
    // all totals 80; a differs; 年限 differs
    let people = json!([
        {"a": 70, "b": 90, "年限": 3},
        {"a": 90, "b": 70, "年限": 1},
        {"a": 70, "b": 90, "年限": 5},
        {"a": 80, "b": 80, "年限": 3}
    ]);
    let table: [(Value, Vec<i64>); 6] = [
        (json!(["a"]), vec![3, 1, 3, 2]),
        (json!(["-a"]), vec![1, 4, 1, 3]),
        (json!(["a", "年限"]), vec![4, 1, 3, 2]),
        (json!(["年限"]), vec![2, 4, 1, 2]),
        (json!(["-年限"]), vec![2, 1, 4, 2]),
        (json!([]), vec![1, 1, 1, 1]),
    ];
    for (tb, want) in table {
        let out = eval_people(&ranked(json!({"tieBreakers": tb}), json!({})), people.clone());
        assert_eq!(
            ranks(&out, "rank"),
            want.iter().map(|r| json!(r)).collect::<Vec<_>>(),
            "{tb}"
        );
    }
    // dense with tie-breakers
    let out = eval_people(
        &ranked(json!({"tieBreakers": ["a"], "method": "dense"}), json!({})),
        people.clone(),
    );
    assert_eq!(ranks(&out, "rank"), vec![json!(3), json!(1), json!(3), json!(2)]);
    // ordinal: tie-breakers, then input order
    let out = eval_people(
        &ranked(json!({"tieBreakers": ["a"], "method": "ordinal"}), json!({})),
        people,
    );
    assert_eq!(ranks(&out, "rank"), vec![json!(3), json!(1), json!(4), json!(2)]);
}

#[test]
fn tie_breaker_field_missing_sorts_last() {
    let people = json!([{"a": 80, "b": 80}, {"a": 80, "b": 80, "年限": 1}, {"a": 80, "b": 80, "年限": 2}]);
    for tb in ["年限", "-年限"] {
        let out = eval_people(&ranked(json!({"tieBreakers": [tb]}), json!({})), people.clone());
        assert_eq!(result(&out, 0)["rank"], 3, "{tb}");
    }
}

#[test]
fn ranking_by_an_indicator_and_by_a_field() {
    let people = json!([{"a": 50, "b": 100, "销售额": "120万"}, {"a": 90, "b": 0, "销售额": 900000}, {"a": 70, "b": 70, "销售额": "1,000,000"}]);
    let out = eval_people(&ranked(json!({"by": "a"}), json!({})), people.clone());
    assert_eq!(ranks(&out, "rank"), vec![json!(3), json!(1), json!(2)]);
    let out = eval_people(&ranked(json!({"by": "-a"}), json!({})), people.clone());
    assert_eq!(ranks(&out, "rank"), vec![json!(1), json!(3), json!(2)]);
    let out = eval_people(&ranked(json!({"by": "销售额"}), json!({})), people.clone());
    assert_eq!(ranks(&out, "rank"), vec![json!(1), json!(3), json!(2)]);
    let out = eval_people(&ranked(json!({"by": "-销售额"}), json!({})), people.clone());
    assert_eq!(ranks(&out, "rank"), vec![json!(3), json!(1), json!(2)]);
    let out = eval_people(&ranked(json!({"by": "total"}), json!({})), people.clone());
    assert_eq!(ranks(&out, "rank"), vec![json!(1), json!(3), json!(2)]);
    let out = eval_people(&ranked(json!({"by": "-total"}), json!({})), people);
    assert_eq!(ranks(&out, "rank"), vec![json!(3), json!(1), json!(2)]);
}

#[test]
fn group_by_group_and_by_a_field() {
    let people = json!([
        {"团队": "华东", "区域": "北", "a": 90, "b": 90},
        {"团队": "华南", "区域": "北", "a": 80, "b": 80},
        {"团队": "华东", "区域": "南", "a": 70, "b": 70},
        {"团队": "华南", "区域": "南", "a": 85, "b": 85},
        {"团队": "华东", "区域": "南", "a": 70, "b": 70}
    ]);
    let out = eval_people(
        &ranked(json!({"groupBy": "group"}), json!({"group": "团队"})),
        people.clone(),
    );
    assert_eq!(
        ranks(&out, "rank"),
        vec![json!(1), json!(3), json!(4), json!(2), json!(4)]
    );
    assert_eq!(
        ranks(&out, "groupRank"),
        vec![json!(1), json!(2), json!(2), json!(1), json!(2)]
    );
    assert_eq!(result(&out, 0)["group"], "华东");
    let out = eval_people(
        &ranked(json!({"groupBy": "区域", "method": "dense"}), json!({})),
        people.clone(),
    );
    assert_eq!(
        ranks(&out, "groupRank"),
        vec![json!(1), json!(2), json!(2), json!(1), json!(2)]
    );
    assert_eq!(
        ranks(&out, "rank"),
        vec![json!(1), json!(3), json!(4), json!(2), json!(4)]
    );
    // without groupBy there is no groupRank
    let out = eval_people(&ranked(json!({}), json!({"group": "团队"})), people);
    assert!(ranks(&out, "groupRank").iter().all(Value::is_null));
}

#[test]
fn failed_rows_get_no_rank_and_top_percent_counts_ok_rows() {
    let people = json!([{"a": 90, "b": 90}, {"a": "abc", "b": 1}, {"a": 80, "b": 80}, {"a": 70, "b": 70}]);
    let out = eval_people(&ranked(json!({"groupBy": "group"}), json!({"group": "团队"})), people);
    assert_eq!(ranks(&out, "rank"), vec![json!(1), Value::Null, json!(2), json!(3)]);
    assert_eq!(
        ranks(&out, "groupRank"),
        vec![json!(1), Value::Null, json!(2), json!(3)]
    );
    assert_eq!(
        ranks(&out, "topPercent"),
        vec![json!("0.3333"), Value::Null, json!("0.6667"), json!("1.0000")]
    );
    let r = result(&out, 1);
    assert_eq!(r["ok"], false);
    assert!(r["grade"].is_null() && r["total"].is_null());
    assert_eq!(r["errors"][0]["code"], "INVALID_NUMBER");
    assert_eq!(r["errors"][0]["field"], "a");
    assert_eq!(r["errors"][0]["value"], "abc");
    assert_eq!(r["errors"][0]["row"], 1);
    assert_eq!(r["errors"][0]["path"], "rows/1/a");
    assert_eq!(out["errors"].as_array().unwrap().len(), 1);
    assert_eq!(out["errors"][0]["path"], "rows/1/a");
}

#[test]
fn competition_rank_is_one_plus_strictly_greater() {
    let people = people_totals(&[(10, 10), (20, 20), (20, 20), (20, 20), (5, 5), (30, 30), (5, 5)]);
    let out = eval_people(&ranked(json!({}), json!({})), people);
    assert_eq!(
        ranks(&out, "rank"),
        [5, 2, 2, 2, 6, 1, 6].iter().map(|r| json!(r)).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------- summary

#[test]
fn summary_figures() {
    let scheme = json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "S", "min": 95}, {"grade": "A", "min": 85}, {"grade": "B", "min": 70}, {"grade": "C", "min": 0}]},
        "vetoes": [{"key": "v", "when": {"field": "v", "op": "=", "value": 1}}]});
    let out = eval_people(
        &scheme,
        json!([{"s": 90}, {"s": 80}, {"s": "x"}, {"s": 75}, {"s": 99, "v": 1}]),
    );
    let sm = &out["summary"];
    assert_eq!(sm["count"], 5);
    assert_eq!(sm["ok"], 4);
    assert_eq!(sm["failed"], 1);
    assert_eq!(sm["vetoed"], 1);
    // totals 90, 80, 75, 0
    assert_eq!(sm["mean"], "61.25");
    assert_eq!(sm["median"], "77.50");
    assert_eq!(sm["min"], "0.00");
    assert_eq!(sm["max"], "90.00");
    assert_eq!(sm["grades"], json!({"S": 0, "A": 1, "B": 2, "C": 1}));
    let keys: Vec<&String> = sm["grades"].as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["S", "A", "B", "C"], "every grade, in grade order");

    let out = eval_people(&scheme, json!([{"s": 90}, {"s": 80}, {"s": "70.005"}]));
    assert_eq!(out["summary"]["median"], "80.00");
    assert_eq!(out["summary"]["mean"], "80.00"); // (90 + 80 + 70.01) / 3 = 80.0033…
    let out = eval_people(&scheme, json!([]));
    assert_eq!(out["summary"]["count"], 0);
    assert!(out["summary"]["mean"].is_null() && out["summary"]["median"].is_null());
    assert!(out["results"].as_array().unwrap().is_empty());
    let out = eval_people(&scheme, json!([{"s": "bad"}]));
    assert!(out["summary"]["mean"].is_null() && out["summary"]["max"].is_null());
    assert_eq!(out["summary"]["failed"], 1);
}

// ---------------------------------------------------------------- write-back rows and decimals

fn writeback_scheme() -> Value {
    json!({"fields": {"id": "员工编号", "name": "姓名", "group": "团队"},
        "categories": [{"key": "perf", "weight": 100}],
        "indicators": [{"key": "rev", "category": "perf", "weight": 100, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear"}}],
        "adjustments": [{"key": "adj", "value": {"field": "adj"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 0}]},
        "vetoes": [{"key": "v", "name": "违规", "when": {"field": "v", "op": ">", "value": 0}}],
        "ranking": {"groupBy": "group"}})
}

#[test]
fn write_back_rows() {
    let mapping = json!({"员工编号": "id", "姓名": "name", "团队": "group", "绩效得分": "total", "绩效等级": "grade",
        "排名": "rank", "组内排名": "groupRank", "前百分比": "topPercent", "成功": "ok", "否决": "vetoed", "否决项": "veto",
        "错误": "errors", "达成率": "indicators.rev.achievement", "实际": "indicators.rev.actual", "目标": "indicators.rev.target",
        "得分": "indicators.rev.score", "权重": "indicators.rev.weight", "加权": "indicators.rev.weighted",
        "维度": "categories.perf.weighted", "维度分": "categories.perf.score", "维度权重": "categories.perf.weight", "调整": "adjustments.adj"});
    let out = evaluate(
        &writeback_scheme(),
        json!({"people": [
            {"员工编号": "E001", "姓名": "张三", "团队": "华东", "a": "87.35", "t": 100, "adj": "1.5"},
            {"员工编号": "E002", "a": "abc", "t": 100},
            {"员工编号": 3, "a": 50, "t": 100, "v": 1}
        ]}),
        json!({ "rows": mapping }),
    );
    let rows = out["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let r0 = &rows[0];
    assert_eq!(r0["员工编号"], "E001");
    assert_eq!(r0["姓名"], "张三");
    assert_eq!(r0["团队"], "华东");
    assert_eq!(num(&r0["绩效得分"]), 88.85);
    assert_eq!(r0["绩效等级"], "A");
    assert_eq!(r0["排名"], json!(1));
    assert_eq!(r0["组内排名"], json!(1));
    assert_eq!(num(&r0["前百分比"]), 0.5);
    assert_eq!(r0["成功"], true);
    assert_eq!(r0["否决"], false);
    assert!(r0["否决项"].is_null());
    assert_eq!(r0["错误"], "");
    assert_eq!(num(&r0["达成率"]), 0.8735);
    assert_eq!(num(&r0["实际"]), 87.35);
    assert_eq!(num(&r0["目标"]), 100.0);
    assert_eq!(num(&r0["得分"]), 87.35);
    assert_eq!(num(&r0["权重"]), 100.0);
    assert_eq!(num(&r0["加权"]), 87.35);
    assert_eq!(num(&r0["维度"]), 87.35);
    assert_eq!(num(&r0["维度分"]), 87.35);
    assert_eq!(num(&r0["维度权重"]), 100.0);
    assert_eq!(num(&r0["调整"]), 1.5);
    let keys: Vec<&String> = r0.as_object().unwrap().keys().collect();
    assert_eq!(
        keys.first().map(|k| k.as_str()),
        Some("员工编号"),
        "columns in mapping order"
    );
    let r1 = &rows[1];
    assert_eq!(r1["员工编号"], "E002");
    assert_eq!(r1["成功"], false);
    assert!(r1["绩效得分"].is_null() && r1["排名"].is_null() && r1["绩效等级"].is_null());
    assert!(!s(&r1["错误"]).is_empty());
    let r2 = &rows[2];
    assert_eq!(r2["员工编号"], "3");
    assert_eq!(r2["否决"], true);
    assert_eq!(r2["否决项"], "违规");
    assert_eq!(num(&r2["绩效得分"]), 0.0);
}

#[test]
fn write_back_unknown_targets_are_invalid_input() {
    for what in [
        "foo",
        "indicators.nope.score",
        "indicators.rev.bogus",
        "categories.nope.score",
        "adjustments.nope",
        "indicators.rev",
        "",
    ] {
        let err = engine(&writeback_scheme())
            .evaluate_value(
                &json!({"people": [{"a": 1, "t": 1}]}),
                &options(json!({"rows": {"列/1": what}})),
            )
            .unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_INPUT", "{what}");
        assert_eq!(err.path, "options/rows/列~11", "{what}");
        assert!(err.messages.en.contains(what), "{what}: {}", err.messages.en);
    }
}

#[test]
fn decimals_number_and_string() {
    let scheme = single(json!({"actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear"}}));
    let people = json!({"people": [{"a": "87.3", "t": 100}, {"a": 50, "t": 100}]});
    let out = evaluate(&scheme, people.clone(), json!({"decimals": "number"}));
    let r = result(&out, 0);
    assert_eq!(r["total"], json!(87.3));
    assert!(r["total"].is_f64());
    assert_eq!(ind(&out, 0, "k")["achievement"], json!(0.873));
    assert_eq!(ind(&out, 0, "k")["actual"], json!(87.3));
    assert_eq!(r["topPercent"], json!(0.5));
    assert_eq!(r["rank"], json!(1));
    assert_eq!(out["summary"]["mean"], json!(68.65));
    let out = evaluate(&scheme, people.clone(), json!({"decimals": "string"}));
    assert_eq!(result(&out, 0)["total"], "87.30");
    let out = evaluate(&scheme, people, json!({}));
    assert_eq!(result(&out, 0)["total"], "87.30");
    assert_eq!(ind(&out, 0, "k")["achievement"], "0.8730");
    assert_eq!(ind(&out, 0, "k")["actual"], "87.3", "actual echoed exactly as read");
    // the encoded path
    let json = jixiao::json::evaluate_encoded(
        &engine(&scheme),
        "{}",
        "{\"a\":87.3,\"t\":100}",
        "{\"decimals\":\"number\"}",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["results"][0]["total"], json!(87.3));
}

// ---------------------------------------------------------------- locales

fn has_any(text: &str, chars: &str) -> bool {
    text.chars().any(|c| chars.contains(c))
}

#[test]
fn locales_change_messages_and_explanations() {
    // ASCII names, so every Chinese character in the texts comes from the engine
    let scheme = json!({"fields": {"id": "id"}, "indicators": [
        {"key": "rev", "weight": 100, "actual": {"field": "sales"}, "target": {"field": "target"}, "scoring": {"type": "linear"}}],
        "adjustments": [{"key": "c", "per": -1, "value": {"field": "c"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 0}]},
        "vetoes": [{"key": "v", "when": {"field": "v", "op": ">", "value": 0}}]});
    let people = json!({"people": [{"id": "E1", "sales": "abc", "target": 1}, {"id": "E2", "sales": 80, "target": 100, "c": 1}, {"sales": 1, "target": 0}, {"sales": 1, "target": 1, "v": 1}]});
    let mut messages = Vec::new();
    let mut lines = Vec::new();
    for loc in ["zh-CN", "zh-TW", "en"] {
        let out = evaluate(&scheme, people.clone(), json!({"locale": loc, "explain": true}));
        let e = &result(&out, 0)["errors"][0];
        assert_eq!(e["code"], "INVALID_NUMBER");
        // message is the chosen locale's, messages holds all three
        assert_eq!(e["message"], e["messages"][loc], "{loc}");
        for l in ["zh-CN", "zh-TW", "en"] {
            assert!(!s(&e["messages"][l]).is_empty());
        }
        let zd = &result(&out, 2)["errors"][0];
        assert_eq!(zd["code"], "ZERO_DIVISOR");
        messages.push((s(&e["message"]).to_string(), s(&zd["message"]).to_string()));
        let all: Vec<String> = out["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["explain"]["lines"].as_array())
            .flatten()
            .map(|l| s(l).to_string())
            .collect();
        lines.push(all.join("\n"));
    }
    let (cn, tw, en) = (&messages[0], &messages[1], &messages[2]);
    assert!(cn != tw && tw != en && cn != en, "{messages:?}");
    assert!(cn.1 != tw.1 && tw.1 != en.1);
    // traditional characters in zh-TW, simplified in zh-CN, none in en
    assert!(has_any(&tw.0, "數值為無効效"), "zh-TW: {}", tw.0);
    assert!(!has_any(&tw.0, "数为"), "zh-TW has simplified characters: {}", tw.0);
    assert!(has_any(&cn.0, "数"), "zh-CN: {}", cn.0);
    assert!(has_any(&tw.1, "為標達"), "zh-TW: {}", tw.1);
    assert!(!has_any(&tw.1, "为标达"), "zh-TW: {}", tw.1);
    assert!(en.0.contains("not a valid number"), "{}", en.0);
    // explanation lines
    let (lcn, ltw, len) = (&lines[0], &lines[1], &lines[2]);
    assert!(
        lcn.contains("权重")
            && lcn.contains("总分")
            && lcn.contains("等级")
            && lcn.contains("排名")
            && lcn.contains("一票否决"),
        "{lcn}"
    );
    assert!(
        ltw.contains("權重") && ltw.contains("總分") && ltw.contains("等級") && ltw.contains("一票否決"),
        "{ltw}"
    );
    assert!(
        !has_any(ltw, "权总级线计达"),
        "zh-TW lines have simplified characters:\n{ltw}"
    );
    assert!(
        len.contains("weight")
            && len.contains("total")
            && len.contains("grade")
            && len.contains("rank")
            && len.contains("veto"),
        "{len}"
    );
}

#[test]
fn locale_defaults_to_the_scheme_then_zh_cn() {
    let base = single(json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}}));
    let out = eval_people(&base, json!([{"a": "x"}]));
    let e = &result(&out, 0)["errors"][0];
    assert_eq!(e["message"], e["messages"]["zh-CN"]);
    let out = eval_people(&merge(base.clone(), &json!({"locale": "en"})), json!([{"a": "x"}]));
    let e = &result(&out, 0)["errors"][0];
    assert_eq!(e["message"], e["messages"]["en"]);
    let out = evaluate(
        &merge(base.clone(), &json!({"locale": "en"})),
        json!({"people": [{"a": "x"}]}),
        json!({"locale": "zh-TW"}),
    );
    let e = &result(&out, 0)["errors"][0];
    assert_eq!(e["message"], e["messages"]["zh-TW"]);
    // an unsupported option locale is an input error
    let err = engine(&base)
        .evaluate_value(&json!({"people": []}), &options(json!({"locale": "fr"})))
        .unwrap_err();
    assert_eq!(err.code.as_str(), "INVALID_INPUT");
    assert_eq!(err.path, "options/locale");
}

// ---------------------------------------------------------------- explanations

#[test]
fn explanations_cover_every_step_kind_and_branch() {
    let scheme = json!({"fields": {"id": "工号", "group": "组"},
        "raters": {"m": 60, "p": 40},
        "indicators": [
            {"key": "lin", "name": "销售额", "weight": 20, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": {"type": "linear", "floor": "0.6", "cap": "1.2"}},
            {"key": "band", "name": "回款", "weight": 20, "actual": {"field": "c"}, "scoring": {"type": "bands", "bands": [{"min": "0.9", "score": 100, "label": "优"}, {"min": "0.5", "score": 50}]}},
            {"key": "pw", "name": "新客", "weight": 15, "actual": {"field": "n"}, "scoring": {"type": "piecewise", "points": [[0, 0], [10, 100]]}},
            {"key": "dir", "name": "评价", "weight": 15, "actual": {"raters": {"m": "上级", "p": "同事"}}, "scoring": {"type": "direct"}},
            {"key": "ded", "name": "差错", "weight": 10, "actual": {"field": "e"}, "scoring": {"type": "deduct", "per": -10}},
            {"key": "pf", "name": "合规", "weight": 10, "scoring": {"type": "pass_fail", "pass": {"field": "ok", "op": "=", "value": true}}},
            {"key": "ex", "name": "可选", "weight": 10, "missing": "exclude", "actual": {"field": "x"}, "scoring": {"type": "direct"}}],
        "adjustments": [{"key": "adj", "name": "加分", "max": 5, "value": {"field": "adj"}}],
        "totalMax": 100,
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 80}, {"grade": "B", "min": 0}]},
        "ranking": {"groupBy": "group"},
        "vetoes": [{"key": "v", "name": "违规", "reason": "严重", "when": {"field": "v", "op": "=", "value": 1}}]});
    let people = json!([
        {"工号": "E1", "组": "一", "a": 130, "t": 100, "c": 0.95, "n": 5, "上级": 90, "同事": [80, 90], "e": 12, "ok": true, "adj": 9},
        {"工号": "E2", "组": "一", "a": 50, "t": 100, "c": 0.1, "n": 20, "上级": 90, "e": 1, "ok": false, "x": 50, "v": 1}
    ]);
    let out = evaluate(
        &scheme,
        json!({ "people": people }),
        json!({"explain": true, "locale": "en"}),
    );
    for row in 0..2 {
        let ex = &result(&out, row)["explain"];
        let lines = ex["lines"].as_array().unwrap();
        let steps = ex["steps"].as_array().unwrap();
        assert_eq!(lines.len(), steps.len());
        for (l, st) in lines.iter().zip(steps) {
            assert_eq!(l, &st["text"]);
            assert!(!s(l).is_empty());
        }
    }
    let kinds = |row: usize| -> Vec<String> {
        result(&out, row)["explain"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let k0 = kinds(0);
    for k in ["indicator", "adjustment", "total", "grade", "rank"] {
        assert!(k0.contains(&k.to_string()), "row 0 lacks {k}: {k0:?}");
    }
    assert!(kinds(1).contains(&"veto".to_string()), "{:?}", kinds(1));
    let step = |row: usize, key: &str| -> Value {
        result(&out, row)["explain"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no step {key} in row {row}"))
    };
    // rule and branch of each indicator step
    let table = [
        (0, "lin", "linear", "capped"),
        (1, "lin", "linear", "below_floor"),
        (0, "band", "bands", "band:0.9"),
        (1, "band", "bands", "below_bands"),
        (0, "pw", "piecewise", "segment:0"),
        (1, "pw", "piecewise", "above_last"),
        (0, "dir", "direct", "direct"),
        (0, "ded", "deduct", "at_min"),
        (1, "ded", "deduct", "deduct"),
        (0, "pf", "pass_fail", "pass"),
        (1, "pf", "pass_fail", "fail"),
        (0, "ex", "direct", "missing"),
        (1, "ex", "direct", "direct"),
    ];
    for (row, key, rule, branch) in table {
        let st = step(row, key);
        assert_eq!(st["kind"], "indicator");
        assert_eq!(st["rule"], rule, "{row} {key}");
        assert_eq!(st["branch"], branch, "{row} {key}");
    }
    // inputs carry the cells as written
    let lin = step(0, "lin");
    assert_eq!(lin["inputs"][0]["role"], "actual");
    assert_eq!(lin["inputs"][0]["field"], "a");
    assert_eq!(lin["inputs"][0]["raw"], "130");
    assert_eq!(lin["inputs"][1]["role"], "target");
    assert!(
        s(&lin["text"]).contains("130.00%") && s(&lin["text"]).contains("120.00%"),
        "{}",
        lin["text"]
    );
    let dir = step(0, "dir");
    assert_eq!(dir["inputs"][1]["role"], "p");
    assert_eq!(dir["inputs"][1]["value"], "85");
    assert!(s(&dir["text"]).contains("上级"), "{}", dir["text"]);
    assert!(s(&step(0, "band")["text"]).contains("优"), "band label shown");
    assert!(
        s(&step(0, "ex")["text"]).contains("drops out"),
        "{}",
        step(0, "ex")["text"]
    );
    assert!(
        s(&step(0, "adj")["text"]).contains("ceiling"),
        "{}",
        step(0, "adj")["text"]
    );
    let v = step(1, "v");
    assert_eq!(v["kind"], "veto");
    assert!(s(&v["text"]).contains("严重"));
    let total = result(&out, 0)["explain"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "total")
        .cloned()
        .unwrap();
    assert_eq!(total["value"], result(&out, 0)["total"]);
    let rank_line = result(&out, 0)["explain"]["lines"]
        .as_array()
        .unwrap()
        .last()
        .cloned()
        .unwrap();
    assert!(
        s(&rank_line).contains("rank: 1 of 2") && s(&rank_line).contains("within 一"),
        "{rank_line}"
    );
    // without explain: no explain at all
    let out = evaluate(&scheme, json!({ "people": people }), json!({}));
    assert!(result(&out, 0).get("explain").is_none());
}

#[test]
fn explanation_of_a_clamped_total_names_the_bound() {
    let scheme = with_adjustments(json!([{"key": "x", "value": {"field": "x"}}]), json!({"totalMax": 100}));
    let out = evaluate(
        &scheme,
        json!({"people": [{"s": 95, "x": 10}, {"s": 10, "x": -50}]}),
        json!({"explain": true, "locale": "en"}),
    );
    let line = |row: usize| -> String {
        result(&out, row)["explain"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "total")
            .map(|s| s["text"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert!(
        line(0).contains("not above 100") && line(0).ends_with("100.00"),
        "{}",
        line(0)
    );
    assert!(
        line(1).contains("not below 0") && line(1).ends_with("0.00"),
        "{}",
        line(1)
    );
}

// ---------------------------------------------------------------- input shapes

#[test]
fn people_must_be_an_array() {
    let e = engine(&single(
        json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}}),
    ));
    for input in [
        json!({"people": {"a": 1}}),
        json!({"people": "x"}),
        json!([{"a": 1}]),
        json!(42),
    ] {
        let err = e.evaluate_value(&input, &EvaluateOptions::default()).unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_INPUT", "{input}");
    }
    // no people: no results
    let out = e.evaluate_value(&json!({}), &EvaluateOptions::default()).unwrap();
    assert!(out["results"].as_array().unwrap().is_empty());
}

#[test]
fn identity_cells_and_dotted_fields() {
    let scheme = json!({"fields": {"id": "工号", "name": "负责人.name", "group": "团队"},
        "indicators": [{"key": "k", "weight": 100, "actual": {"field": "成绩.分"}, "scoring": {"type": "direct"}}]});
    let out = eval_people(
        &scheme,
        json!([
            {"工号": 1001, "负责人": {"id": "ou_1", "name": "张三"}, "团队": [{"name": "华东"}, {"name": "华南"}], "成绩": {"分": "88"}},
            {"工号": "E2", "负责人": [{"name": "李四"}], "成绩.分": 77}
        ]),
    );
    assert_eq!(result(&out, 0)["id"], "1001");
    assert_eq!(result(&out, 0)["name"], "张三");
    assert_eq!(result(&out, 0)["group"], "华东、华南");
    assert_eq!(result(&out, 0)["total"], "88.00");
    assert_eq!(result(&out, 1)["name"], "李四");
    assert_eq!(result(&out, 1)["total"], "77.00");
    assert_eq!(result(&out, 1)["index"], 1);
}

#[test]
fn previous_and_tables_are_reported_as_unused() {
    let scheme = single(json!({"actual": {"field": "a"}, "scoring": {"type": "direct"}}));
    let out = evaluate(
        &scheme,
        json!({"people": [{"a": 1}], "previous": [], "tables": {}}),
        json!({}),
    );
    let paths: Vec<&str> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| s(&w["path"]))
        .collect();
    assert!(paths.contains(&"previous") && paths.contains(&"tables"), "{paths:?}");
}

#[test]
fn basic_fixture_worked_example_in_every_locale() {
    // the worked example computes the same figures whatever the locale
    let fx = fixture("scoring-basic.json");
    let mut seen = Vec::new();
    for loc in ["zh-CN", "zh-TW", "en"] {
        let out = evaluate(
            &fx["scheme"],
            fx["input"].clone(),
            json!({"locale": loc, "explain": true}),
        );
        seen.push(totals(&out));
        assert_eq!(result(&out, 0)["explain"]["lines"].as_array().unwrap().len(), 8);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[1], seen[2]);
    assert_eq!(
        seen[0],
        vec![
            json!("105.92"),
            json!("72.76"),
            json!("43.75"),
            json!("0.00"),
            Value::Null
        ]
    );
}
