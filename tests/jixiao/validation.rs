//! `validate_scheme_json` (DESIGN.md, "Errors"): every problem at once, each with a stable code,
//! a JSON pointer and messages in zh-CN, zh-TW and en; `Engine::from_json` reports the same
//! issues inside one `INVALID_SCHEME` error.

use crate::common::{fixture, listing, report};
use jixiao::{json::validate_scheme_json, Engine, JixiaoError, Locale, Severity, ValidationReport};
use serde_json::{json, Value};

// ---------------------------------------------------------------- helpers

fn find<'a>(r: &'a ValidationReport, code: &str, path: &str) -> Option<&'a JixiaoError> {
    r.issues.iter().find(|i| i.code.as_str() == code && i.path == path)
}

/// Asserts an error issue with this code at this path and returns it.
fn error_at<'a>(r: &'a ValidationReport, code: &str, path: &str) -> &'a JixiaoError {
    let i = find(r, code, path).unwrap_or_else(|| panic!("no {code} at {path}; issues:\n{}", listing(r)));
    assert_eq!(i.severity, Severity::Error, "{code} at {path}");
    assert!(!r.ok);
    i
}

fn warning_at<'a>(r: &'a ValidationReport, code: &str, path: &str) -> &'a JixiaoError {
    let i = find(r, code, path).unwrap_or_else(|| panic!("no {code} at {path}; issues:\n{}", listing(r)));
    assert_eq!(i.severity, Severity::Warning, "{code} at {path}");
    i
}

fn count(r: &ValidationReport, code: &str) -> usize {
    r.issues.iter().filter(|i| i.code.as_str() == code).count()
}

fn direct(key: &str, weight: Value) -> Value {
    json!({"key": key, "weight": weight, "actual": {"field": key}, "scoring": {"type": "direct"}})
}

fn in_cat(mut ind: Value, cat: &str) -> Value {
    ind["category"] = json!(cat);
    ind
}

fn assert_valid(scheme: &Value) {
    let r = report(scheme);
    assert!(r.ok, "expected valid; issues:\n{}", listing(&r));
    assert!(r.issues.iter().all(|i| i.severity == Severity::Warning));
    assert!(Engine::from_value(scheme).is_ok());
}

// ---------------------------------------------------------------- valid schemes

#[test]
fn the_worked_example_and_small_schemes_are_valid() {
    let fx = fixture("scoring-basic.json");
    assert_valid(&fx["scheme"]);
    assert_valid(&json!({"indicators": [direct("a", json!(100))]}));
    assert_valid(&json!({"indicators": [direct("a", json!("33.3")), direct("b", json!("66.7"))]}));
    assert_valid(&json!({"weighting": "nested",
        "categories": [{"key": "A", "weight": 30}, {"key": "B", "weight": "70"}],
        "indicators": [in_cat(direct("a", json!(40)), "A"), in_cat(direct("b", json!(60)), "A"), in_cat(direct("c", json!(100)), "B")]}));
    let r = report(&json!({"indicators": [direct("a", json!(100))]}));
    assert!(r.issues.is_empty(), "{}", listing(&r));
}

// ---------------------------------------------------------------- WEIGHTS_SUM

#[test]
fn weights_sum_global() {
    let r = report(&json!({"indicators": [direct("a", json!(60)), direct("b", json!(30))]}));
    let i = error_at(&r, "WEIGHTS_SUM", "/indicators");
    assert!(i.messages.en.contains("90"), "{}", i.messages.en);
    // exact: 99.99 is not 100
    let r = report(&json!({"indicators": [direct("a", json!("33.33")), direct("b", json!("66.66"))]}));
    let i = error_at(&r, "WEIGHTS_SUM", "/indicators");
    assert!(i.messages.en.contains("99.99"), "{}", i.messages.en);
    // over 100 too
    let r = report(&json!({"indicators": [direct("a", json!(60)), direct("b", json!(60))]}));
    error_at(&r, "WEIGHTS_SUM", "/indicators");
}

#[test]
fn weights_sum_per_category_in_global_weighting() {
    let r = report(&json!({
        "categories": [{"key": "A", "weight": 60}, {"key": "B", "weight": 40}, {"key": "C"}],
        "indicators": [in_cat(direct("a", json!(50)), "A"), in_cat(direct("b", json!(40)), "B"), in_cat(direct("c", json!(10)), "C")]}));
    let i = error_at(&r, "WEIGHTS_SUM", "/categories/0/weight");
    assert!(
        i.messages.en.contains("60") && i.messages.en.contains("50"),
        "{}",
        i.messages.en
    );
    assert!(find(&r, "WEIGHTS_SUM", "/categories/1/weight").is_none(), "B is right");
    assert!(
        find(&r, "WEIGHTS_SUM", "/categories/2/weight").is_none(),
        "C has no weight to check"
    );
    assert!(
        find(&r, "WEIGHTS_SUM", "/indicators").is_none(),
        "the indicators do sum to 100"
    );
    assert_eq!(count(&r, "WEIGHTS_SUM"), 1, "{}", listing(&r));
}

#[test]
fn weights_sum_nested_per_category_and_over_categories() {
    let r = report(&json!({"weighting": "nested",
        "categories": [{"key": "A", "weight": 60}, {"key": "B", "weight": 30}, {"key": "C", "weight": 10}],
        "indicators": [
            in_cat(direct("a1", json!(50)), "A"), in_cat(direct("a2", json!(40)), "A"),
            in_cat(direct("b1", json!(100)), "B"),
            in_cat(direct("c1", json!(60)), "C"), in_cat(direct("c2", json!(60)), "C")]}));
    error_at(&r, "WEIGHTS_SUM", "/categories/0");
    assert!(find(&r, "WEIGHTS_SUM", "/categories/1").is_none());
    error_at(&r, "WEIGHTS_SUM", "/categories/2");
    assert!(
        find(&r, "WEIGHTS_SUM", "/categories").is_none(),
        "categories sum to 100"
    );

    let r = report(&json!({"weighting": "nested",
        "categories": [{"key": "A", "weight": 60}, {"key": "B", "weight": 30}],
        "indicators": [in_cat(direct("a", json!(100)), "A"), in_cat(direct("b", json!(100)), "B")]}));
    let i = error_at(&r, "WEIGHTS_SUM", "/categories");
    assert!(i.messages.en.contains("90"));
    assert_eq!(count(&r, "WEIGHTS_SUM"), 1, "{}", listing(&r));

    // nested needs a weight on every category and a category on every indicator
    let r = report(&json!({"weighting": "nested",
        "categories": [{"key": "A"}, {"key": "B", "weight": 100}],
        "indicators": [in_cat(direct("a", json!(100)), "A"), in_cat(direct("b", json!(100)), "B"), direct("c", json!(100))]}));
    error_at(&r, "MISSING_SETTING", "/categories/0/weight");
    error_at(&r, "MISSING_SETTING", "/indicators/2/category");
}

#[test]
fn weights_sum_per_role() {
    let r = report(&json!({"fields": {"role": "岗位"},
        "indicators": [direct("a", json!(50)), direct("b", json!(50))],
        "roles": {"大客户": {"weights": {"a": 70}}, "渠道": {"weights": {"a": 70, "b": 30}}, "a/b": {"weights": {"b": 10}}}}));
    let i = error_at(&r, "WEIGHTS_SUM", "/roles/大客户");
    assert!(i.messages.en.contains("120"), "{}", i.messages.en);
    assert!(find(&r, "WEIGHTS_SUM", "/roles/渠道").is_none());
    // a role name with a slash is escaped in the pointer
    error_at(&r, "WEIGHTS_SUM", "/roles/a~1b");
    assert_eq!(count(&r, "WEIGHTS_SUM"), 2, "{}", listing(&r));
}

#[test]
fn weights_sum_per_role_in_nested_weighting_with_category_weights() {
    let r = report(&json!({"weighting": "nested", "fields": {"role": "r"},
        "categories": [{"key": "A", "weight": 50}, {"key": "B", "weight": 50}],
        "indicators": [in_cat(direct("a", json!(100)), "A"), in_cat(direct("b", json!(100)), "B")],
        "roles": {"x": {"categoryWeights": {"A": 70}}, "y": {"categoryWeights": {"A": 30, "B": 70}}, "z": {"categoryWeights": {"Q": 1}}}}));
    error_at(&r, "WEIGHTS_SUM", "/roles/x");
    assert!(find(&r, "WEIGHTS_SUM", "/roles/y").is_none());
    error_at(&r, "UNKNOWN_CATEGORY", "/roles/z/categoryWeights/Q");
}

#[test]
fn weights_sum_per_version_and_role_by_version() {
    let r = report(&json!({"fields": {"role": "岗位"},
        "indicators": [direct("a", json!(50)), direct("b", json!(50))],
        "versions": [{"from": "2024-01-01", "weights": {"a": 40, "b": 60}}, {"from": "2024-07-01", "weights": {"a": 20}}],
        "roles": {"经理": {"weights": {"b": 60}}}}));
    assert!(find(&r, "WEIGHTS_SUM", "/versions/0").is_none());
    let v = error_at(&r, "WEIGHTS_SUM", "/versions/1");
    assert!(v.messages.en.contains("70"), "{}", v.messages.en);
    // the role alone: 50 + 60 = 110; with version 0: 40 + 60 = 100 (fine); with version 1: 20 + 60 = 80
    let role_issues: Vec<&JixiaoError> = r
        .issues
        .iter()
        .filter(|i| i.code.as_str() == "WEIGHTS_SUM" && i.path == "/roles/经理")
        .collect();
    assert!(
        role_issues.iter().any(|i| i.messages.en.contains("110")),
        "{}",
        listing(&r)
    );
    let combo = role_issues
        .iter()
        .find(|i| i.messages.en.contains("80"))
        .unwrap_or_else(|| panic!("no role × version issue:\n{}", listing(&r)));
    assert!(
        combo.messages.en.contains("2024-07-01"),
        "the failure names the version: {}",
        combo.messages.en
    );
    assert!(combo.messages.zh_cn.contains("2024-07-01") && combo.messages.zh_tw.contains("2024-07-01"));
    assert!(
        !role_issues.iter().any(|i| i.messages.en.contains("2024-01-01")),
        "{}",
        listing(&r)
    );
}

#[test]
fn negative_weights_are_invalid_settings() {
    let r = report(
        &json!({"fields": {"role": "r"}, "indicators": [direct("a", json!(-10)), direct("b", json!(110))],
        "roles": {"x": {"weights": {"a": 120, "b": -20}}}}),
    );
    error_at(&r, "INVALID_SETTING", "/indicators/0/weight");
    error_at(&r, "INVALID_SETTING", "/roles/x/weights/b");
}

// ---------------------------------------------------------------- unknown references

#[test]
fn unknown_indicator_in_roles_versions_and_conditions() {
    let r = report(&json!({"fields": {"role": "岗位"},
    "indicators": [direct("a", json!(50)), direct("b", json!(50)),
        {"key": "gate", "weight": 0, "scoring": {"type": "pass_fail", "pass": {"indicator": "nope3", "op": ">", "value": 1}}}],
    "roles": {"经理": {"weights": {"nope1": 10}}},
    "versions": [{"from": "2025-01-01", "weights": {"nope2": 10}}],
    "vetoes": [
        {"key": "v1", "when": {"indicator": "nope4", "op": "<", "value": 60}},
        {"key": "v2", "when": {"all": [{"field": "x", "op": ">", "value": 0}, {"not": {"indicator": "nope5", "of": "achievement", "op": "<", "value": 1}}]}},
        {"key": "v3", "when": {"any": [{"indicator": "a", "op": "<", "value": 1}]}}
    ]}));
    error_at(&r, "UNKNOWN_INDICATOR", "/roles/经理/weights/nope1");
    error_at(&r, "UNKNOWN_INDICATOR", "/versions/0/weights/nope2");
    error_at(&r, "UNKNOWN_INDICATOR", "/indicators/2/scoring/pass/indicator");
    error_at(&r, "UNKNOWN_INDICATOR", "/vetoes/0/when/indicator");
    error_at(&r, "UNKNOWN_INDICATOR", "/vetoes/1/when/all/1/not/indicator");
    let distinct: std::collections::BTreeSet<&str> = r
        .issues
        .iter()
        .filter(|i| i.code.as_str() == "UNKNOWN_INDICATOR")
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(distinct.len(), 5, "{}", listing(&r));
    for i in &r.issues {
        if i.code.as_str() == "UNKNOWN_INDICATOR" {
            assert!(i.messages.en.contains("nope"), "{}", i.messages.en);
        }
    }
}

#[test]
fn unknown_category_and_rater() {
    let r = report(&json!({
    "categories": [{"key": "perf"}],
    "raters": {"self": 10, "manager": 90},
    "indicators": [
        in_cat(direct("a", json!(50)), "perff"),
        {"key": "q", "weight": 50, "actual": {"raters": {"self": "自评", "boss": "老板评分"}}, "scoring": {"type": "direct"}}
    ]}));
    let c = error_at(&r, "UNKNOWN_CATEGORY", "/indicators/0/category");
    assert!(c.messages.en.contains("perff"));
    let u = error_at(&r, "UNKNOWN_RATER", "/indicators/1/actual/raters/boss");
    assert!(u.messages.en.contains("boss"));
    assert_eq!(count(&r, "UNKNOWN_RATER"), 1);
    // raters with no scheme weights at all
    let r = report(
        &json!({"indicators": [{"key": "q", "weight": 100, "actual": {"raters": {"self": "自评"}}, "scoring": {"type": "direct"}}]}),
    );
    error_at(&r, "UNKNOWN_RATER", "/indicators/0/actual/raters/self");
}

// ---------------------------------------------------------------- duplicates and order

#[test]
fn duplicate_keys_everywhere() {
    let r = report(&json!({
        "categories": [{"key": "A"}, {"key": "A"}],
        "indicators": [in_cat(direct("a", json!(50)), "A"), in_cat(direct("a", json!(50)), "A")],
        "adjustments": [{"key": "x", "value": {"field": "x"}}, {"key": "y", "value": {"field": "y"}}, {"key": "x", "value": {"field": "z"}}],
        "vetoes": [{"key": "v", "when": {"field": "x", "op": ">", "value": 0}}, {"key": "v", "when": {"field": "y", "op": ">", "value": 0}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 90}, {"grade": "A", "min": 0}]},
        "versions": [{"from": "2025-01-01"}, {"from": "2025-1-1"}]
    }));
    error_at(&r, "DUPLICATE_KEY", "/categories/1/key");
    error_at(&r, "DUPLICATE_KEY", "/indicators/1/key");
    error_at(&r, "DUPLICATE_KEY", "/adjustments/2/key");
    error_at(&r, "DUPLICATE_KEY", "/vetoes/1/key");
    error_at(&r, "DUPLICATE_KEY", "/grades/bands/1/grade");
    error_at(&r, "DUPLICATE_KEY", "/versions/1/from");
    assert_eq!(count(&r, "DUPLICATE_KEY"), 6, "{}", listing(&r));
}

#[test]
fn order_of_bands_points_and_grades() {
    let bands = |mins: Value| {
        let list: Vec<Value> = mins
            .as_array()
            .unwrap()
            .iter()
            .map(|m| json!({"min": m, "score": 1}))
            .collect();
        json!({"key": "b", "weight": 100, "actual": {"field": "b"}, "scoring": {"type": "bands", "bands": list}})
    };
    for (mins, bad) in [
        (json!([1, 3, 2]), true),
        (json!([3, 1, 2]), true),
        (json!(["0.8", "0.80"]), true),
        (json!([1, 1, 0]), true),
        (json!([3, 2, 1]), false),
        (json!([1, 2, 3]), false),
        (json!([5]), false),
    ] {
        let r = report(&json!({"indicators": [bands(mins.clone())]}));
        assert_eq!(
            find(&r, "ORDER", "/indicators/0/scoring/bands").is_some(),
            bad,
            "{mins}:\n{}",
            listing(&r)
        );
    }
    let pw = |points: Value| json!({"key": "p", "weight": 100, "actual": {"field": "p"}, "scoring": {"type": "piecewise", "points": points}});
    let r = report(&json!({"indicators": [pw(json!([[0, 0], [1, 50], [1, 60], ["0.5", 100]]))]}));
    error_at(&r, "ORDER", "/indicators/0/scoring/points/2");
    error_at(&r, "ORDER", "/indicators/0/scoring/points/3");
    assert_eq!(count(&r, "ORDER"), 2);
    assert_valid(&json!({"indicators": [pw(json!([[0, 100], [1, 0]]))]}));
    let r = report(&json!({"indicators": [pw(json!([[0, 0]]))]}));
    error_at(&r, "MISSING_SETTING", "/indicators/0/scoring/points");
    let r = report(&json!({"indicators": [direct("a", json!(100))],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "C", "min": 0}, {"grade": "B", "min": 70}]}}));
    error_at(&r, "ORDER", "/grades/bands");
    let r = report(&json!({"indicators": [direct("a", json!(100))],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 85}]}}));
    error_at(&r, "ORDER", "/grades/bands");
}

// ---------------------------------------------------------------- missing settings

#[test]
fn missing_settings() {
    let r = report(&json!({}));
    error_at(&r, "MISSING_SETTING", "/indicators");
    let r = report(&json!({"indicators": []}));
    error_at(&r, "MISSING_SETTING", "/indicators");

    let r = report(&json!({"indicators": [
        {"key": "lin", "weight": 25, "actual": {"field": "a"}, "scoring": {"type": "linear"}},
        {"key": "ban", "weight": 25, "actual": {"field": "a"}, "scoring": {"type": "bands", "on": "achievement", "bands": [{"min": 1, "score": 100}]}},
        {"key": "pie", "weight": 25, "actual": {"field": "a"}, "scoring": {"type": "piecewise", "on": "achievement", "points": [[0, 0], [1, 100]]}},
        {"key": "nob", "weight": 25, "actual": {"field": "a"}, "scoring": {"type": "bands", "bands": []}}
    ]}));
    error_at(&r, "MISSING_SETTING", "/indicators/0/target");
    error_at(&r, "MISSING_SETTING", "/indicators/1/target");
    error_at(&r, "MISSING_SETTING", "/indicators/2/target");
    error_at(&r, "MISSING_SETTING", "/indicators/3/scoring/bands");
    assert!(
        find(&r, "MISSING_SETTING", "/indicators/3/target").is_none(),
        "bands without a target default to on: value"
    );

    let r = report(&json!({"indicators": [{"key": "x", "weight": 100, "scoring": {"type": "direct"}}]}));
    error_at(&r, "MISSING_SETTING", "/indicators/0/actual");
    let r = report(
        &json!({"indicators": [{"key": "x", "weight": 100, "actual": {"field": " "}, "scoring": {"type": "direct"}}]}),
    );
    error_at(&r, "MISSING_SETTING", "/indicators/0/actual/field");
    let r = report(
        &json!({"indicators": [{"key": " ", "weight": 100, "actual": {"field": "a"}, "scoring": {"type": "direct"}}]}),
    );
    error_at(&r, "MISSING_SETTING", "/indicators/0/key");

    let r = report(
        &json!({"indicators": [direct("a", json!(50)), direct("b", json!(50))], "roles": {"x": {"weights": {"a": 50}}}}),
    );
    error_at(&r, "MISSING_SETTING", "/fields/role");
    let r = report(&json!({"indicators": [direct("a", json!(100))], "ranking": {"groupBy": "group"}}));
    error_at(&r, "MISSING_SETTING", "/ranking/groupBy");
    // a groupBy naming a column directly needs no fields.group
    assert_valid(&json!({"indicators": [direct("a", json!(100))], "ranking": {"groupBy": "团队"}}));
    assert_valid(
        &json!({"fields": {"group": "团队"}, "indicators": [direct("a", json!(100))], "ranking": {"groupBy": "group"}}),
    );
}

// ---------------------------------------------------------------- types, formulas, unsupported

#[test]
fn invalid_type_points_at_the_bad_value() {
    let r = report(&json!({"indicators": [direct("a", json!(50)), direct("b", json!(50)), direct("c", json!("abc"))]}));
    let i = error_at(&r, "INVALID_TYPE", "/indicators/2/weight");
    assert!(i.messages.en.contains("abc"), "{}", i.messages.en);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"indicators": [direct("a", json!({"v": 100}))]}),
            "/indicators/0/weight",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "rounding": {"mode": "sideways"}}),
            "/rounding/mode",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "rounding": {"score": -1}}),
            "/rounding/score",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "weighting": "flat"}),
            "/weighting",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "fields": {"id": 5}}),
            "/fields/id",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "fields": {"colour": "x"}}),
            "/fields/colour",
        ),
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"scoring": {"type": "linaer"}}))]}),
            "/indicators/0/scoring/type",
        ),
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"direction": "up"}))]}),
            "/indicators/0/direction",
        ),
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"wieght": 3}))]}),
            "/indicators/0/wieght",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "vetoes": [{"key": "v", "when": {"field": "x", "op": "~", "value": 1}}]}),
            "/vetoes/0/when/op",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "adjustments": [{"key": "x", "per": "lots", "value": {"field": "x"}}]}),
            "/adjustments/0/per",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "grades": {"type": "bands", "bands": "x"}}),
            "/grades/bands",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "totalMax": [1]}),
            "/totalMax",
        ),
        (json!({"indicators": "x"}), "/indicators"),
        (json!({"indicators": [7]}), "/indicators/0"),
    ];
    for (scheme, path) in cases {
        let r = report(&scheme);
        assert!(!r.ok);
        error_at(&r, "INVALID_TYPE", path);
    }
}

#[test]
fn invalid_type_inside_tagged_sections_points_at_the_value() {
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"target": {"field": "t"}, "scoring": {"type": "linear", "floor": "abc"}}))]}),
            "/indicators/0/scoring/floor",
        ),
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"scoring": {"type": "bands", "bands": [{"min": 1, "score": 1}, {"min": "x", "score": 1}]}}))]}),
            "/indicators/0/scoring/bands/1/min",
        ),
        (
            json!({"indicators": [merge(direct("a", json!(100)), json!({"scoring": {"type": "linear", "flor": "0.6"}}))]}),
            "/indicators/0/scoring/flor",
        ),
        (
            json!({"indicators": [direct("a", json!(100))], "grades": {"type": "bands", "bands": [{"grade": "A", "min": "x"}]}}),
            "/grades/bands/0/min",
        ),
    ];
    for (scheme, path) in cases {
        let r = report(&scheme);
        error_at(&r, "INVALID_TYPE", path);
    }
}

#[test]
fn invalid_type_inside_tagged_sections_keeps_serde_s_message() {
    let r = report(
        &json!({"indicators": [merge(direct("a", json!(100)), json!({"target": {"field": "t"}, "scoring": {"floor": "abc", "type": "linear"}}))]}),
    );
    let i = error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/floor");
    assert!(i.messages.en.contains("abc"));
    assert!(
        find(&r, "INVALID_TYPE", "/indicators/0/scoring").is_none(),
        "{}",
        listing(&r)
    );
    // two bad bands, one bad point: each at its own place, none at the section
    let r = report(&json!({"indicators": [
        merge(direct("a", json!(50)), json!({"scoring": {"type": "bands", "on": "value", "bands": [{"min": 0, "score": 1}, {"min": "x", "score": 1}, {"min": 2, "score": "y"}]}})),
        merge(direct("b", json!(50)), json!({"scoring": {"type": "piecewise", "on": "value", "points": [[0, 0], [1, "z"]]}}))]}));
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/bands/1/min");
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/bands/2/score");
    error_at(&r, "INVALID_TYPE", "/indicators/1/scoring/points/1/1");
    assert_eq!(count(&r, "INVALID_TYPE"), 3, "{}", listing(&r));
}

fn merge(mut a: Value, b: Value) -> Value {
    for (k, v) in b.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

#[test]
fn a_bad_indicator_does_not_shift_the_paths_of_the_others() {
    // indicator 0 fails to decode; indicator 1's problems must still point at /indicators/1
    let r = report(&json!({"categories": [{"key": "A"}], "indicators": [
        direct("a", json!("x")),
        merge(in_cat(direct("b", json!(100)), "zz"), json!({"target": {"field": "t"}, "scoring": {"type": "linear", "floor": 2, "cap": 1}}))
    ]}));
    error_at(&r, "INVALID_TYPE", "/indicators/0/weight");
    error_at(&r, "UNKNOWN_CATEGORY", "/indicators/1/category");
    error_at(&r, "INVALID_SETTING", "/indicators/1/scoring/floor");
}

#[test]
fn a_bad_indicator_does_not_cause_false_weight_or_reference_issues() {
    // indicator 0's weight is fine (50 + 50 = 100); only its scoring type is misspelt
    let r = report(&json!({"fields": {"role": "r"},
        "indicators": [merge(direct("a", json!(50)), json!({"scoring": {"type": "linaer"}})), direct("b", json!(50))],
        "roles": {"x": {"weights": {"a": 40, "b": 60}}}}));
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/type");
    assert_eq!(count(&r, "WEIGHTS_SUM"), 0, "weights do sum to 100:\n{}", listing(&r));
    assert_eq!(
        count(&r, "UNKNOWN_INDICATOR"),
        0,
        "indicator a exists:\n{}",
        listing(&r)
    );
    // the only indicator is misspelt: there is one indicator, so no "needs at least one indicator"
    let r = report(&json!({"indicators": [merge(direct("a", json!(100)), json!({"scoring": {"type": "linaer"}}))]}));
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/type");
    assert!(find(&r, "MISSING_SETTING", "/indicators").is_none(), "{}", listing(&r));
}

#[test]
fn every_problem_inside_one_section_is_reported() {
    // two independent problems in one indicator object and in the rounding section
    let r = report(&json!({"rounding": {"mode": "sideways", "score": "x"},
        "indicators": [{"key": "a", "weight": "x", "actual": {"field": "a"}, "scoring": {"type": "linaer"}}]}));
    error_at(&r, "INVALID_TYPE", "/rounding/mode");
    error_at(&r, "INVALID_TYPE", "/rounding/score");
    error_at(&r, "INVALID_TYPE", "/indicators/0/weight");
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/type");
}

#[test]
fn formula_syntax_errors_point_at_the_formula_and_the_position() {
    let r = report(&json!({"indicators": [
            merge(direct("a", json!(50)), json!({"actual": {"formula": "实际回款额 / (应收款总额"}})),
            merge(direct("b", json!(50)), json!({"target": {"formula": "x * * 2"}, "scoring": {"type": "linear"}}))],
        "adjustments": [{"key": "adj", "value": {"formula": "NOSUCH(1)"}}],
        "vetoes": [{"key": "v", "when": "违规次数 > 0"}, {"key": "w", "when": {"any": ["A >"]}}]}));
    let a = error_at(&r, "FORMULA_SYNTAX", "/indicators/0/actual/formula");
    assert!(a.position.is_some(), "{a:?}");
    error_at(&r, "FORMULA_SYNTAX", "/indicators/1/target/formula");
    error_at(&r, "FORMULA_SYNTAX", "/adjustments/0/value/formula");
    assert!(
        find(&r, "FORMULA_SYNTAX", "/vetoes/0/when").is_none(),
        "a valid formula is fine"
    );
    error_at(&r, "FORMULA_SYNTAX", "/vetoes/1/when/any/0");
}

#[test]
fn forced_grades_are_unsupported() {
    let r = report(&json!({"indicators": [direct("a", json!(100))],
        "grades": {"type": "forced", "distribution": [{"grade": "S", "share": "0.1"}, {"grade": "A", "share": "0.9"}]}}));
    let i = error_at(&r, "UNSUPPORTED", "/grades/type");
    assert!(i.messages.en.contains("forced"));
}

#[test]
fn invalid_settings() {
    let r = report(&json!({"indicators": [
            merge(direct("a", json!(25)), json!({"target": {"field": "t"}, "scoring": {"type": "linear", "floor": "1.2", "cap": "0.6"}})),
            merge(direct("b", json!(25)), json!({"target": {"field": "t"}, "scoring": {"type": "linear", "cap": 0}})),
            merge(direct("c", json!(25)), json!({"scoring": {"type": "direct", "scale": {"max": 0}}})),
            merge(direct("d", json!(25)), json!({"scoring": {"type": "pass_fail", "pass": {"field": "x", "op": ">", "value": "是"}}}))],
        "adjustments": [{"key": "x", "min": 5, "max": 1, "value": {"field": "x"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 0}]},
        "vetoes": [{"key": "v", "grade": "Z", "when": {"field": "x", "op": ">", "value": 0}}],
        "rounding": {"score": 13},
        "totalMin": 10, "totalMax": 5}));
    for path in [
        "/indicators/0/scoring/floor",
        "/indicators/1/scoring/cap",
        "/indicators/2/scoring/scale/max",
        "/indicators/3/scoring/pass/op",
        "/adjustments/0/min",
        "/vetoes/0/grade",
        "/rounding/score",
        "/totalMax",
    ] {
        error_at(&r, "INVALID_SETTING", path);
    }
}

#[test]
fn cycles_between_conditions() {
    let r = report(&json!({"indicators": [
        {"key": "a", "weight": 50, "scoring": {"type": "pass_fail", "pass": {"indicator": "b", "op": ">", "value": 1}}},
        {"key": "b", "weight": 50, "scoring": {"type": "pass_fail", "pass": {"indicator": "a", "op": ">", "value": 1}}}]}));
    assert!(count(&r, "CYCLE") >= 1, "{}", listing(&r));
    let r = report(&json!({"indicators": [
        {"key": "a", "weight": 100, "scoring": {"type": "pass_fail", "pass": {"indicator": "a", "op": ">", "value": 1}}}]}));
    assert!(count(&r, "CYCLE") >= 1, "{}", listing(&r));
}

// ---------------------------------------------------------------- warnings

#[test]
fn unknown_keys_are_errors_at_any_depth() {
    let r = report(&json!({"colour": "red", "__proto__": {}, "$schema": "x",
        "indicators": [merge(direct("a", json!(100)), json!({"scoring": {"type": "direct", "scale": {"max": 5, "mn": 1}}}))],
        "incentives": {"stars": []}}));
    assert!(!r.ok);
    error_at(&r, "UNKNOWN_KEY", "/colour");
    error_at(&r, "UNKNOWN_KEY", "/__proto__");
    error_at(&r, "UNKNOWN_KEY", "/incentives/stars");
    error_at(&r, "INVALID_TYPE", "/indicators/0/scoring/scale/mn");
    assert!(find(&r, "UNKNOWN_KEY", "/$schema").is_none());
}

#[test]
fn warnings_do_not_make_the_scheme_invalid() {
    let scheme = json!({"$schema": "x",
        "indicators": [
            merge(direct("a", json!(50)), json!({"target": {"field": "t"}})),
            merge(direct("b", json!(50)), json!({"target": {"field": "t"}, "reverse": "mirror", "scoring": {"type": "linear"}})),
        ],
        "incentives": {"commission": []},
        "locale": "fr"});
    let r = report(&scheme);
    assert!(r.ok, "{}", listing(&r));
    assert!(find(&r, "UNKNOWN_KEY", "/$schema").is_none());
    warning_at(&r, "IGNORED_SETTING", "/indicators/0/target");
    warning_at(&r, "IGNORED_SETTING", "/indicators/1/reverse");
    warning_at(&r, "INVALID_SETTING", "/locale");
    assert!(r.issues.iter().all(|i| i.severity == Severity::Warning));
    let e = Engine::from_value(&scheme).unwrap();
    assert_eq!(e.warnings().len(), r.issues.len());

    // warnings come after errors
    let r = report(&json!({"locale": "fr", "indicators": [direct("a", json!(90))]}));
    assert!(!r.ok);
    assert_eq!(r.issues[0].code.as_str(), "WEIGHTS_SUM");
    assert_eq!(r.issues.last().unwrap().severity, Severity::Warning);
    // deduct with a positive per, grades starting above totalMin
    let r = report(
        &json!({"indicators": [{"key": "d", "weight": 100, "actual": {"field": "d"}, "scoring": {"type": "deduct", "per": 5}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 60}]}}),
    );
    assert!(r.ok);
    warning_at(&r, "INVALID_SETTING", "/indicators/0/scoring/per");
    warning_at(&r, "INVALID_SETTING", "/grades/bands");
}

// ---------------------------------------------------------------- every issue at once, locales, from_json

fn many_problems() -> Value {
    json!({"colour": 1,
        "fields": {"role": "岗位"},
        "categories": [{"key": "A", "weight": 70}, {"key": "A"}],
        "raters": {"self": 100},
        "indicators": [
            in_cat(direct("a", json!(40)), "A"),
            in_cat(direct("b", json!(30)), "Q"),
            {"key": "c", "weight": 20, "actual": {"field": "c"}, "scoring": {"type": "linear"}},
            {"key": "e", "weight": 5, "actual": {"raters": {"boss": "老板"}}, "scoring": {"type": "direct"}},
            {"key": "f", "weight": 5, "actual": {"formula": "1+"}, "scoring": {"type": "direct"}},
            {"key": "d", "weight": "x", "actual": {"field": "d"}, "scoring": {"type": "direct"}}
        ],
        "roles": {"经理": {"weights": {"zzz": 1}}},
        "versions": [{"from": "2025-13-01"}],
        "vetoes": [{"key": "v", "when": {"indicator": "nope", "op": ">", "value": 1}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 60}, {"grade": "B", "min": 80}, {"grade": "C", "min": 0}]}
    })
}

#[test]
fn every_issue_at_once() {
    let r = report(&many_problems());
    let want = [
        ("UNKNOWN_KEY", "/colour"),
        ("DUPLICATE_KEY", "/categories/1/key"),
        ("UNKNOWN_CATEGORY", "/indicators/1/category"),
        ("MISSING_SETTING", "/indicators/2/target"),
        ("UNKNOWN_RATER", "/indicators/3/actual/raters/boss"),
        ("FORMULA_SYNTAX", "/indicators/4/actual/formula"),
        ("INVALID_TYPE", "/indicators/5/weight"),
        ("UNKNOWN_INDICATOR", "/roles/经理/weights/zzz"),
        ("INVALID_DATE", "/versions/0/from"),
        ("UNKNOWN_INDICATOR", "/vetoes/0/when/indicator"),
        ("ORDER", "/grades/bands"),
    ];
    let missing: Vec<String> = want
        .iter()
        .filter(|(c, p)| find(&r, c, p).is_none())
        .map(|(c, p)| format!("{c} {p}"))
        .collect();
    assert!(missing.is_empty(), "missing {missing:?}; issues:\n{}", listing(&r));
}

#[test]
fn every_issue_has_messages_in_three_locales() {
    for scheme in [
        many_problems(),
        json!({"indicators": [direct("a", json!(90))], "ranking": {"groupBy": "group"}}),
        json!([]),
        json!({}),
    ] {
        let r = report(&scheme);
        assert!(!r.issues.is_empty());
        for i in &r.issues {
            let m = &i.messages;
            assert!(!m.zh_cn.is_empty() && !m.zh_tw.is_empty() && !m.en.is_empty(), "{i:?}");
            assert_ne!(m.zh_cn, m.en, "{i:?}");
            assert_ne!(m.zh_tw, m.en, "{i:?}");
            assert_ne!(
                m.zh_cn,
                m.zh_tw,
                "{} {}: zh-TW is a copy of zh-CN: {}",
                i.code.as_str(),
                i.path,
                m.zh_tw
            );
            assert_eq!(i.message, m.en, "the report was asked for en");
            // the serialized form uses the locale tags
            let v = serde_json::to_value(i).unwrap();
            for tag in ["zh-CN", "zh-TW", "en"] {
                assert!(v["messages"][tag].is_string(), "{v}");
            }
        }
    }
}

#[test]
fn report_locale_comes_from_the_argument_then_the_scheme() {
    let scheme = json!({"locale": "zh-TW", "indicators": [direct("a", json!(90))]});
    let r = validate_scheme_json(&scheme.to_string(), None);
    assert_eq!(r.issues[0].message, r.issues[0].messages.zh_tw);
    assert!(r.issues[0].message.contains("權重"), "{}", r.issues[0].message);
    let r = validate_scheme_json(&scheme.to_string(), Some(Locale::En));
    assert_eq!(r.issues[0].message, r.issues[0].messages.en);
    let r = validate_scheme_json(&json!({"indicators": [direct("a", json!(90))]}).to_string(), None);
    assert_eq!(r.issues[0].message, r.issues[0].messages.zh_cn);
}

#[test]
fn no_issue_is_reported_twice() {
    let r = report(&json!({"fields": {"role": "r"},
        "indicators": [direct("a", json!(50)), direct("b", json!(50))],
        "roles": {"x": {"weights": {"nope": 10}}},
        "versions": [{"from": "2025-01-01"}, {"from": "2025-07-01"}]}));
    let all = keyed(&r.issues);
    let mut distinct = all.clone();
    distinct.dedup();
    assert_eq!(all.len(), distinct.len(), "duplicates:\n{}", listing(&r));
}

fn keyed(issues: &[JixiaoError]) -> Vec<(String, String, String, String)> {
    let mut k: Vec<_> = issues
        .iter()
        .map(|i| {
            (
                i.code.as_str().to_string(),
                i.path.clone(),
                format!("{:?}", i.severity),
                i.messages.en.clone(),
            )
        })
        .collect();
    k.sort();
    k
}

#[test]
fn from_json_gives_invalid_scheme_with_the_same_issues() {
    for scheme in [
        many_problems(),
        json!({"indicators": [direct("a", json!(90))]}),
        json!({"indicators": []}),
        json!({"colour": 1, "indicators": [direct("a", json!(90))]}),
    ] {
        let text = scheme.to_string();
        let r = validate_scheme_json(&text, None);
        let err = Engine::from_json(&text).unwrap_err();
        assert_eq!(err.code.as_str(), "INVALID_SCHEME");
        assert_eq!(keyed(&err.issues), keyed(&r.issues), "{text}");
        let errors = r.issues.iter().filter(|i| i.severity == Severity::Error).count();
        assert!(
            err.messages.en.contains(&format!("{errors} error")),
            "{}",
            err.messages.en
        );
        let first = r.issues.iter().find(|i| i.severity == Severity::Error).unwrap();
        assert!(
            err.messages.en.contains(&first.messages.en)
                || err.issues.iter().any(|i| err.messages.en.contains(&i.messages.en))
        );
        assert!(!err.messages.zh_cn.is_empty() && !err.messages.zh_tw.is_empty());
        // the same through from_value
        let err2 = Engine::from_value(&scheme).unwrap_err();
        assert_eq!(keyed(&err2.issues), keyed(&r.issues));
    }
}

#[test]
fn invalid_json_text() {
    for text in ["", "{", "{\"indicators\": [}", "nul", "{\"a\":1}x"] {
        let r = validate_scheme_json(text, Some(Locale::En));
        assert!(!r.ok, "{text:?}");
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].code.as_str(), "INVALID_JSON", "{text:?}");
        assert_eq!(r.issues[0].message, r.issues[0].messages.en);
        assert_eq!(Engine::from_json(text).unwrap_err().code.as_str(), "INVALID_JSON");
    }
    for text in ["null", "[]", "42", "\"scheme\"", "true"] {
        let r = validate_scheme_json(text, None);
        assert!(!r.ok, "{text}");
        let i = r
            .issues
            .iter()
            .find(|i| i.code.as_str() == "INVALID_TYPE")
            .unwrap_or_else(|| panic!("{text}: {}", listing(&r)));
        assert_eq!(i.path, "");
        assert_eq!(Engine::from_json(text).unwrap_err().code.as_str(), "INVALID_SCHEME");
    }
}

#[test]
fn report_serializes_for_js() {
    let r = report(&json!({"indicators": [direct("a", json!(90))]}));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["issues"][0]["code"], "WEIGHTS_SUM");
    assert_eq!(v["issues"][0]["severity"], "error");
    assert_eq!(v["issues"][0]["path"], "/indicators");
}
