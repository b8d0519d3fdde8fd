//! Organisation-tree decomposition (`decomposeTree`, DESIGN.md "Organisation trees"): one table or test per rule
//! and branch — methods at a level, a node's own method, mixed levels, a four-level
//! company, uplift once at the root, units and who gets the leftover units, the remainder
//! below one unit, bounds and locks inside a tree, new-hire ramp and proration by days,
//! every error with its code and path, the three locales, and the JSON entry.

use crate::common::dec;
use jixiao::{
    decompose_tree, json::decompose_tree_json, targets::TreeInput, targets::TREE_MAX_LEVELS, targets::TREE_MAX_NODES,
    ErrorCode, JixiaoError,
};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Decomposes through the JSON entry and checks the tree invariant on every success:
/// each node's children sum exactly to it.
fn run(input: Value) -> Value {
    let out: Value = serde_json::from_str(&decompose_tree_json(&input.to_string()).unwrap()).unwrap();
    check_sums(&out);
    out
}

fn err(input: Value) -> JixiaoError {
    decompose_tree_json(&input.to_string()).unwrap_err()
}

fn nodes(out: &Value) -> &Vec<Value> {
    out["nodes"].as_array().unwrap()
}

fn node<'a>(out: &'a Value, id: &str) -> &'a Value {
    nodes(out)
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

/// id → value for every node.
fn values(out: &Value) -> BTreeMap<String, String> {
    nodes(out)
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn value(out: &Value, id: &str) -> String {
    node(out, id)["value"].as_str().unwrap().to_string()
}

fn check_sums(out: &Value) {
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for n in nodes(out) {
        if let Some(p) = n["parent"].as_str() {
            *sums.entry(p.to_string()).or_default() += dec(&n["value"]);
        }
    }
    for (parent, sum) in sums {
        assert_eq!(sum, dec(&node(out, &parent)["value"]), "children of {parent}");
    }
    assert_eq!(dec(&nodes(out)[0]["value"]), dec(&out["total"]), "root = total");
}

fn lines(out: &Value) -> String {
    out["explain"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn leaf(id: &str) -> Value {
    json!({ "id": id })
}

// ---------------------------------------------------------------- methods

#[test]
fn each_method_at_one_level() {
    let table: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "equal",
            json!([leaf("a"), leaf("b"), leaf("c")]),
            vec!["34", "33", "33"],
        ),
        (
            "weights",
            json!([{ "id": "a", "weight": 3 }, { "id": "b", "weight": 1 }, { "id": "c", "weight": "0" }]),
            vec!["75", "25", "0"],
        ),
        (
            "history",
            json!([{ "id": "a", "history": "60万" }, { "id": "b", "history": 400000 }, { "id": "c", "history": 0 }]),
            vec!["60", "40", "0"],
        ),
        (
            "capacity",
            json!([{ "id": "a", "capacity": 2 }, { "id": "b", "capacity": "3" }, { "id": "c", "capacity": "5" }]),
            vec!["20", "30", "50"],
        ),
        (
            "capacity",
            json!([
                { "id": "a", "capacity": { "headcount": 2, "productivity": "10万" } },
                { "id": "b", "capacity": { "headcount": "1", "productivity": 200000 } },
                { "id": "c", "capacity": { "headcount": 0, "productivity": 5 } }
            ]),
            vec!["50", "50", "0"],
        ),
    ];
    for (method, children, want) in table {
        let out =
            run(json!({ "total": 100, "unit": 1, "method": method, "root": { "id": "co", "children": children } }));
        let got: Vec<String> = ["a", "b", "c"].iter().map(|id| value(&out, id)).collect();
        assert_eq!(got, want, "{method}");
        assert_eq!(node(&out, "co")["method"], method);
        assert!(node(&out, "a").get("method").is_none(), "a leaf has no method");
    }
}

#[test]
fn method_defaults_to_equal() {
    let out = run(json!({ "total": 10, "unit": 1, "root": { "id": "co", "children": [leaf("a"), leaf("b")] } }));
    assert_eq!(node(&out, "co")["method"], "equal");
    assert_eq!((value(&out, "a"), value(&out, "b")), ("5".into(), "5".into()));
}

#[test]
fn a_nodes_own_method_overrides_the_inputs() {
    let out = run(json!({ "total": 100, "unit": 1, "method": "weights", "root": {
        "id": "co", "children": [
            { "id": "east", "weight": 1, "method": "equal", "children": [ { "id": "e1", "weight": 9 }, { "id": "e2", "weight": 1 } ] },
            { "id": "west", "weight": 1, "children": [ { "id": "w1", "weight": 9 }, { "id": "w2", "weight": 1 } ] }
        ] } }));
    assert_eq!(node(&out, "east")["method"], "equal");
    assert_eq!(node(&out, "west")["method"], "weights");
    assert_eq!((value(&out, "e1"), value(&out, "e2")), ("25".into(), "25".into()));
    assert_eq!((value(&out, "w1"), value(&out, "w2")), ("45".into(), "5".into()));
}

#[test]
fn mixed_methods_across_levels() {
    let out = run(json!({ "total": "1000", "unit": 1, "root": {
        "id": "co", "method": "weights", "children": [
            { "id": "north", "weight": 3, "method": "history", "children": [
                { "id": "n1", "history": 100, "method": "capacity", "children": [
                    { "id": "n1a", "capacity": { "headcount": 1, "productivity": 10 } },
                    { "id": "n1b", "capacity": { "headcount": 2, "productivity": 10 } } ] },
                { "id": "n2", "history": 200 } ] },
            { "id": "south", "weight": 1 } ] } }));
    assert_eq!(value(&out, "north"), "750");
    assert_eq!(value(&out, "south"), "250");
    assert_eq!((value(&out, "n1"), value(&out, "n2")), ("250".into(), "500".into()));
    assert_eq!((value(&out, "n1a"), value(&out, "n1b")), ("83".into(), "167".into()));
    let methods: Vec<&str> = ["co", "north", "n1"]
        .iter()
        .map(|id| node(&out, id)["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["weights", "history", "capacity"]);
}

#[test]
fn four_levels_company_region_team_rep() {
    let team = |t: &str, reps: &[(&str, u32)]| json!({ "id": t, "name": format!("团队{t}"), "children": reps.iter().map(|(r, w)| json!({ "id": r, "weight": w })).collect::<Vec<_>>() });
    let out = run(
        json!({ "total": "1200万", "unit": "10000", "uplift": "10%", "method": "weights",
        "root": { "id": "co", "name": "公司", "children": [
            { "id": "east", "name": "华东", "weight": 2, "method": "equal", "children": [ team("e1", &[("r1", 1), ("r2", 1), ("r3", 1)]), team("e2", &[("r4", 3), ("r5", 1)]) ] },
            { "id": "south", "name": "华南", "weight": 1, "method": "equal", "children": [ team("s1", &[("r6", 1), ("r7", 2)]) ] } ] } }),
    );
    assert_eq!(out["total"], "13200000");
    let order: Vec<&str> = nodes(&out).iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        ["co", "east", "e1", "r1", "r2", "r3", "e2", "r4", "r5", "south", "s1", "r6", "r7"]
    );
    let depths: Vec<u64> = nodes(&out).iter().map(|n| n["depth"].as_u64().unwrap()).collect();
    assert_eq!(depths, [0, 1, 2, 3, 3, 3, 2, 3, 3, 1, 2, 3, 3]);
    assert_eq!(node(&out, "r4")["parent"], "e2");
    assert!(nodes(&out)[0].get("parent").is_none());
    assert_eq!(node(&out, "east")["name"], "华东");
    assert_eq!(node(&out, "r1")["name"], "r1", "the name defaults to the id");
    assert_eq!(value(&out, "east"), "8800000");
    assert_eq!(node(&out, "east")["share"], "0.6667");
    assert_eq!(node(&out, "co")["share"], "1.0000");
    // every value is a whole number of 万 (the total is one)
    for (id, v) in values(&out) {
        assert!(
            (v.parse::<Decimal>().unwrap() % Decimal::from(10000)).is_zero(),
            "{id} = {v}"
        );
    }
    // reps only: 8 people
    assert_eq!(nodes(&out).iter().filter(|n| n.get("method").is_none()).count(), 7);
}

// ---------------------------------------------------------------- uplift, unit, remainder

#[test]
fn uplift_applies_once_at_the_root() {
    let table = [("10%", "1100"), ("0.2", "1200"), ("-0.5", "500"), ("0", "1000")];
    for (uplift, total) in table {
        let out = run(
            json!({ "total": 1000, "unit": 1, "uplift": uplift, "root": { "id": "co", "children": [
            { "id": "a", "children": [leaf("a1"), leaf("a2")] }, leaf("b") ] } }),
        );
        assert_eq!(out["total"], total, "{uplift}");
        let half = dec(&json!(total)) / Decimal::TWO;
        assert_eq!(
            dec(&node(&out, "a")["value"]),
            half,
            "{uplift}: a is half, not uplifted again"
        );
        assert_eq!(dec(&node(&out, "a1")["value"]), half / Decimal::TWO, "{uplift}");
    }
    let out = run(
        json!({ "total": 1000, "uplift": "10%", "unit": 1, "locale": "en", "root": { "id": "co", "children": [leaf("a")] } }),
    );
    assert!(lines(&out).contains("once, at the root"), "{}", lines(&out));
}

#[test]
fn units_and_who_gets_the_leftover_units() {
    // (total, unit, weights, expected): leftover whole units go by largest remainder, ties to the earlier child
    let table: Vec<(&str, &str, Vec<u32>, Vec<&str>)> = vec![
        ("100", "1", vec![1, 1, 1], vec!["34", "33", "33"]),
        ("70", "10", vec![1, 1, 1], vec!["30", "20", "20"]),
        ("100", "10", vec![1, 2, 4], vec!["10", "30", "60"]),
        ("1", "0.01", vec![1, 1, 1], vec!["0.34", "0.33", "0.33"]),
        ("100", "0.5", vec![1, 1, 1], vec!["33.5", "33.5", "33.0"]),
        ("10", "1", vec![2, 1, 1, 1], vec!["4", "2", "2", "2"]),
    ];
    for (total, unit, weights, want) in table {
        let kids: Vec<Value> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| json!({ "id": format!("k{i}"), "weight": w }))
            .collect();
        let out =
            run(json!({ "total": total, "unit": unit, "method": "weights", "root": { "id": "co", "children": kids } }));
        let got: Vec<String> = (0..weights.len()).map(|i| value(&out, &format!("k{i}"))).collect();
        assert_eq!(got, want, "{total} by {unit} over {weights:?}");
        assert_eq!(out["unit"], unit);
    }
    let out = run(
        json!({ "total": 100, "unit": 1, "locale": "en", "root": { "id": "co", "children": [leaf("a"), leaf("b"), leaf("c")] } }),
    );
    assert!(
        lines(&out).contains("the 1 units left over go by largest remainder to: a"),
        "{}",
        lines(&out)
    );
}

#[test]
fn the_default_unit_is_a_cent() {
    let out = run(json!({ "total": 100, "root": { "id": "co", "children": [leaf("a"), leaf("b"), leaf("c")] } }));
    assert_eq!(out["unit"], "0.01");
    assert_eq!(value(&out, "a"), "33.34");
    assert_eq!(value(&out, "c"), "33.33");
}

#[test]
fn the_totals_remainder_below_one_unit_travels_down_the_largest_children() {
    let out = run(
        json!({ "total": "100.5", "unit": 1, "locale": "en", "root": { "id": "co", "children": [
        { "id": "a", "children": [leaf("a1"), leaf("a2")] }, leaf("b"), leaf("c") ] } }),
    );
    let v = values(&out);
    assert_eq!(v["a"], "34.5");
    assert_eq!((v["a1"].as_str(), v["a2"].as_str()), ("17.5", "17.0"));
    assert_eq!((v["b"].as_str(), v["c"].as_str()), ("33.0", "33.0"));
    // exactly one leaf and its ancestors are off the unit
    let off: Vec<&String> = v
        .iter()
        .filter(|(_, x)| !(x.parse::<Decimal>().unwrap() % Decimal::ONE).is_zero())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(off, ["a", "a1", "co"]);
    assert!(lines(&out).contains("The remainder 0.5 below one unit goes to the largest part, a1"));
}

#[test]
fn a_node_below_one_unit_gives_it_all_to_its_largest_weight() {
    // a is locked at 0.5 (below the unit 1): its children share nothing but the 0.5
    let out = run(
        json!({ "total": 10, "unit": 1, "locale": "en", "root": { "id": "co", "children": [
        { "id": "a", "locked": "0.5", "method": "weights", "children": [
            { "id": "a1", "weight": 1 }, { "id": "a2", "weight": 3 }, { "id": "a3", "weight": 3 } ] },
        leaf("b") ] } }),
    );
    let v = values(&out);
    assert_eq!((v["a"].as_str(), v["b"].as_str()), ("0.5", "9.5"));
    assert_eq!(
        (v["a1"].as_str(), v["a2"].as_str(), v["a3"].as_str()),
        ("0.0", "0.5", "0.0")
    );
    assert!(
        lines(&out).contains("0.5 is below one unit 1: all of it to a2"),
        "{}",
        lines(&out)
    );
    // the largest weight with room under its max
    let out = run(json!({ "total": 10, "unit": 1, "root": { "id": "co", "children": [
        { "id": "a", "locked": "0.5", "method": "weights", "children": [
            { "id": "a1", "weight": 1 }, { "id": "a2", "weight": 3, "max": "0.9" } ] },
        leaf("b") ] } }));
    assert_eq!(value(&out, "a1"), "0.5");
    // locked children keep their value, the rest goes to the largest
    let out = run(json!({ "total": 10, "unit": 1, "root": { "id": "co", "children": [
        { "id": "a", "locked": "0.5", "children": [ { "id": "a1", "locked": "0.2" }, leaf("a2") ] },
        leaf("b") ] } }));
    assert_eq!((value(&out, "a1"), value(&out, "a2")), ("0.2".into(), "0.3".into()));
}

#[test]
fn a_node_worth_zero_gives_zero_even_when_every_weight_is_zero() {
    let out = run(
        json!({ "total": 10, "unit": 1, "method": "weights", "root": { "id": "co", "children": [
        { "id": "a", "weight": 0, "children": [ { "id": "a1", "weight": 0 }, { "id": "a2", "weight": 0, "locked": 0 } ] },
        { "id": "b", "weight": 1 } ] } }),
    );
    let v = values(&out);
    assert_eq!(
        (v["a"].as_str(), v["a1"].as_str(), v["a2"].as_str(), v["b"].as_str()),
        ("0", "0", "0", "10")
    );
    assert_eq!(node(&out, "a1")["share"], "0.0000");
}

// ---------------------------------------------------------------- bounds and locks

#[test]
fn min_max_and_locked_inside_a_tree() {
    let out = run(json!({ "total": 1000, "unit": 10, "root": { "id": "co", "children": [
        { "id": "east", "children": [
            { "id": "e1", "max": 100 }, { "id": "e2", "min": 250 }, leaf("e3"), { "id": "e4", "locked": 55 } ] },
        { "id": "west", "locked": 400, "children": [ leaf("w1"), { "id": "w2", "max": "199.99" } ] } ] } }));
    let v = values(&out);
    assert_eq!(v["west"], "400");
    assert_eq!(v["east"], "600");
    assert_eq!(v["e4"], "55");
    assert_eq!(v["e1"], "100");
    assert!(dec(&json!(v["e2"])) >= Decimal::from(250));
    assert_eq!(
        (v["w1"].as_str(), v["w2"].as_str()),
        ("210", "190"),
        "max 199.99 moves down to the unit"
    );
    assert_eq!(node(&out, "e1")["bound"], "max");
    assert_eq!(node(&out, "w2")["bound"], "max");
    assert_eq!(node(&out, "e4")["locked"], true);
    assert_eq!(node(&out, "west")["locked"], true);
    assert!(node(&out, "e3").get("locked").is_none());
    assert!(node(&out, "e3").get("bound").is_none());
    let out = run(
        json!({ "total": 100, "unit": 1, "method": "weights", "root": { "id": "co", "children": [
        { "id": "a", "weight": 1, "min": 40 }, { "id": "b", "weight": 9 } ] } }),
    );
    assert_eq!((value(&out, "a"), value(&out, "b")), ("40".into(), "60".into()));
    assert_eq!(node(&out, "a")["bound"], "min");
}

#[test]
fn impossible_bounds_inside_a_tree_are_errors_at_the_node() {
    let table: Vec<(Value, &str)> = vec![
        (
            json!([ { "id": "a", "min": 60 }, { "id": "b", "min": 60 } ]),
            "/root/children/0/children",
        ),
        (
            json!([ { "id": "a", "max": 10 }, { "id": "b", "max": 10 } ]),
            "/root/children/0/children",
        ),
        (
            json!([ { "id": "a", "locked": 60 }, { "id": "b", "locked": 60 } ]),
            "/root/children/0/children",
        ),
        (
            json!([ { "id": "a", "min": 30 }, { "id": "b", "min": 30, "max": 20 } ]),
            "/root/children/0/children/1/min",
        ),
        (
            json!([ { "id": "a", "locked": 30 }, { "id": "b", "locked": 30 } ]),
            "/root/children/0/children",
        ),
    ];
    for (kids, path) in table {
        let e = err(
            json!({ "total": 100, "unit": 1, "root": { "id": "co", "children": [ { "id": "t", "children": kids }, { "id": "u", "locked": 0 } ] } }),
        );
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidSetting, path),
            "{}",
            e.messages.en
        );
    }
}

// ---------------------------------------------------------------- new hires

/// The ramp factor given to a rep who started on `start`, with `asOf` as the period's first day.
fn ramp_of(start: &str, as_of: &str) -> Value {
    let out = run(
        json!({ "total": 1000, "unit": 1, "asOf": as_of, "ramp": ["0.1", "0.2", "0.3", "0.4"],
        "root": { "id": "co", "children": [ leaf("old"), { "id": "new", "start": start } ] } }),
    );
    node(&out, "new").clone()
}

#[test]
fn ramp_counts_whole_months_since_start() {
    let table = [
        ("2024-11-15", "2025-01-15", "0.3"), // the same day of month: 2 whole months, month 3
        ("2024-11-15", "2025-01-14", "0.2"), // a day short: 1 whole month
        ("2024-12-01", "2025-01-01", "0.2"), // month 2
        ("2025-01-01", "2025-01-01", "0.1"), // starts on asOf: month 1
        ("2025-01-10", "2025-01-01", "0.1"), // starts after asOf: month 1
        ("2025-03-01", "2025-01-01", "0.1"), // starts after periodEnd: month 1 (and 0 days)
        ("2025-01-31", "2025-02-28", "0.1"), // the 31st is not reached in February
        ("2025-01-31", "2025-03-01", "0.2"),
        ("2024-10-01", "2025-01-01", "0.4"), // month 4: the last value
        ("2020-01-01", "2025-01-01", "0.4"), // beyond the list: the last value
    ];
    for (start, as_of, want) in table {
        assert_eq!(ramp_of(start, as_of)["ramp"], want, "{start} → {as_of}");
    }
}

#[test]
fn ramp_scales_the_weight_under_any_method() {
    let ramp = json!(["0.5", "1"]);
    let out = run(
        json!({ "total": 300, "unit": 1, "asOf": "2025-01-01", "ramp": ramp, "method": "capacity",
        "root": { "id": "co", "children": [
            { "id": "a", "capacity": 2 }, { "id": "b", "capacity": 2, "start": "2024-12-20" } ] } }),
    );
    assert_eq!((value(&out, "a"), value(&out, "b")), ("200".into(), "100".into()));
    assert!(
        node(&out, "b").get("proration").is_none(),
        "started before asOf: no proration"
    );
    // without ramp, a start before asOf changes nothing
    let out = run(json!({ "total": 300, "unit": 1, "asOf": "2025-01-01",
        "root": { "id": "co", "children": [ leaf("a"), { "id": "b", "start": "2024-12-20" } ] } }));
    assert_eq!((value(&out, "a"), value(&out, "b")), ("150".into(), "150".into()));
    assert!(node(&out, "b").get("ramp").is_none());
}

#[test]
fn proration_by_days_in_the_period() {
    // (asOf, periodEnd, start, proration, value of the new hire when the other rep works the whole period)
    let table: Vec<(&str, Option<&str>, &str, &str, &str)> = vec![
        ("2025-02-01", None, "2025-02-15", "0.5000", "100"), // default periodEnd: the end of asOf's month (28 days)
        ("2025-01-01", Some("2025-03-31"), "2025-03-02", "0.3333", "75"), // 30 of 90 days
        ("2025-01-01", Some("2025-03-31"), "2025-03-31", "0.0111", "3"), // the last day counts: 1 of 90
        ("2025-01-01", Some("2025-01-01"), "2025-01-01", "", "150"), // starts on asOf: no proration
        ("2025-01-01", None, "2025-02-01", "0.0000", "0"),   // after periodEnd: 0
    ];
    for (as_of, end, start, proration, want) in table {
        let mut input = json!({ "total": 300, "unit": 1, "asOf": as_of,
            "root": { "id": "co", "children": [ leaf("full"), { "id": "new", "start": start } ] } });
        if let Some(e) = end {
            input["periodEnd"] = json!(e);
        }
        let out = run(input);
        let n = node(&out, "new");
        assert_eq!(
            n["proration"].as_str().unwrap_or(""),
            proration,
            "{start} in {as_of}‥{end:?}"
        );
        assert_eq!(n["value"], want, "{start} in {as_of}‥{end:?}");
    }
}

#[test]
fn ramp_and_proration_together_exactly() {
    let out = run(
        json!({ "total": 1000, "unit": 1, "ramp": ["0.25", "0.5", "0.75", "1"], "asOf": "2025-01-01",
        "periodEnd": "2025-01-31", "locale": "en",
        "root": { "id": "co", "children": [
            { "id": "a", "start": "2024-06-01" }, { "id": "b", "start": "2024-12-01" },
            { "id": "c", "start": "2025-01-17" }, { "id": "d", "start": "2025-02-01" } ] } }),
    );
    // weights × days: 1×31, 0.5×31, 0.25×15, 0.25×0 = 31 : 15.5 : 3.75 : 0 of 50.25
    let v = values(&out);
    assert_eq!(
        (v["a"].as_str(), v["b"].as_str(), v["c"].as_str(), v["d"].as_str()),
        ("617", "308", "75", "0")
    );
    assert_eq!(node(&out, "c")["ramp"], "0.25");
    assert_eq!(node(&out, "c")["proration"], "0.4839");
    let text = lines(&out);
    assert!(text.contains("c: 3.75 ÷ 50.25"), "{text}");
    assert!(
        text.contains("c: new hire in month 1, ramp 0.25; employed 15/31 days of the period → 75"),
        "{text}"
    );
    assert!(
        text.contains("a: new hire in month 8, ramp 1; employed the whole period → 617"),
        "{text}"
    );
    assert!(text.contains("Period 2025-01-01 to 2025-01-31 (31 days)"), "{text}");
}

// ---------------------------------------------------------------- errors

#[test]
fn every_error_has_its_code_and_path() {
    let two = |a: Value, b: Value| json!({ "id": "co", "children": [a, b] });
    let table: Vec<(&str, Value, ErrorCode, &str)> = vec![
        (
            "duplicate id",
            json!({ "total": 1, "root": two(leaf("a"), leaf("a")) }),
            ErrorCode::DuplicateKey,
            "/root/children/1/id",
        ),
        (
            "duplicate of the root",
            json!({ "total": 1, "root": { "id": "co", "children": [ { "id": "t", "children": [leaf("co")] } ] } }),
            ErrorCode::DuplicateKey,
            "/root/children/0/children/0/id",
        ),
        (
            "missing weight",
            json!({ "total": 1, "method": "weights", "root": two(json!({ "id": "a", "weight": 1 }), leaf("b")) }),
            ErrorCode::MissingSetting,
            "/root/children/1/weight",
        ),
        (
            "missing history",
            json!({ "total": 1, "method": "history", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::MissingSetting,
            "/root/children/0/history",
        ),
        (
            "missing capacity",
            json!({ "total": 1, "root": { "id": "co", "method": "capacity", "children": [ { "id": "a", "capacity": 1 }, leaf("b") ] } }),
            ErrorCode::MissingSetting,
            "/root/children/1/capacity",
        ),
        (
            "negative weight",
            json!({ "total": 1, "method": "weights", "root": two(json!({ "id": "a", "weight": -1 }), json!({ "id": "b", "weight": 1 })) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/weight",
        ),
        (
            "negative history",
            json!({ "total": 1, "method": "history", "root": two(json!({ "id": "a", "history": 1 }), json!({ "id": "b", "history": "-5" })) }),
            ErrorCode::InvalidSetting,
            "/root/children/1/history",
        ),
        (
            "negative headcount",
            json!({ "total": 1, "method": "capacity", "root": two(json!({ "id": "a", "capacity": { "headcount": -1, "productivity": -1 } }), json!({ "id": "b", "capacity": 1 })) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/capacity/headcount",
        ),
        (
            "negative locked",
            json!({ "total": 1, "root": two(json!({ "id": "a", "locked": -1 }), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/locked",
        ),
        (
            "negative min",
            json!({ "total": 1, "root": two(leaf("a"), json!({ "id": "b", "min": -1 })) }),
            ErrorCode::InvalidSetting,
            "/root/children/1/min",
        ),
        (
            "negative max",
            json!({ "total": 1, "root": two(leaf("a"), json!({ "id": "b", "max": "-0.01" })) }),
            ErrorCode::InvalidSetting,
            "/root/children/1/max",
        ),
        (
            "all zero",
            json!({ "total": 1, "method": "weights", "root": two(json!({ "id": "a", "weight": 0 }), json!({ "id": "b", "weight": 0 })) }),
            ErrorCode::InvalidSetting,
            "/root/children",
        ),
        (
            "all zero after new hires",
            json!({ "total": 1, "asOf": "2025-01-01", "root": { "id": "co", "children": [ { "id": "t", "children": [ { "id": "a", "start": "2025-03-01" } ] } ] } }),
            ErrorCode::InvalidSetting,
            "/root/children/0/children",
        ),
        (
            "working_days",
            json!({ "total": 1, "method": "working_days", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/method",
        ),
        (
            "working_days on a node",
            json!({ "total": 1, "root": { "id": "co", "children": [ { "id": "t", "method": "working_days", "children": [leaf("a")] } ] } }),
            ErrorCode::InvalidSetting,
            "/root/children/0/method",
        ),
        (
            "unknown method",
            json!({ "total": 1, "method": "magic", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/method",
        ),
        (
            "unknown method on a node",
            json!({ "total": 1, "root": { "id": "co", "method": 7, "children": [leaf("a")] } }),
            ErrorCode::InvalidSetting,
            "/root/method",
        ),
        (
            "start without asOf",
            json!({ "total": 1, "root": two(leaf("a"), json!({ "id": "b", "start": "2025-01-01" })) }),
            ErrorCode::MissingSetting,
            "/asOf",
        ),
        (
            "periodEnd without asOf",
            json!({ "total": 1, "periodEnd": "2025-01-31", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::MissingSetting,
            "/asOf",
        ),
        (
            "periodEnd before asOf",
            json!({ "total": 1, "asOf": "2025-02-01", "periodEnd": "2025-01-31", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidDate,
            "/periodEnd",
        ),
        (
            "bad start",
            json!({ "total": 1, "asOf": "2025-01-01", "root": two(leaf("a"), json!({ "id": "b", "start": "2025-02-30" })) }),
            ErrorCode::InvalidDate,
            "/root/children/1/start",
        ),
        (
            "bad asOf",
            json!({ "total": 1, "asOf": "yesterday", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidDate,
            "/asOf",
        ),
        (
            "bad periodEnd",
            json!({ "total": 1, "asOf": "2025-01-01", "periodEnd": "2025-13-01", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidDate,
            "/periodEnd",
        ),
        (
            "start on a node with children",
            json!({ "total": 1, "asOf": "2025-01-01", "root": { "id": "co", "children": [ { "id": "t", "start": "2025-01-01", "children": [leaf("a")] } ] } }),
            ErrorCode::InvalidSetting,
            "/root/children/0/start",
        ),
        (
            "locked root",
            json!({ "total": 1, "root": { "id": "co", "locked": 1, "children": [leaf("a")] } }),
            ErrorCode::InvalidSetting,
            "/root/locked",
        ),
        (
            "min on the root",
            json!({ "total": 1, "root": { "id": "co", "min": 1 } }),
            ErrorCode::InvalidSetting,
            "/root/min",
        ),
        (
            "max on the root",
            json!({ "total": 1, "root": { "id": "co", "max": 1 } }),
            ErrorCode::InvalidSetting,
            "/root/max",
        ),
        (
            "start on the root",
            json!({ "total": 1, "asOf": "2025-01-01", "root": { "id": "co", "start": "2025-01-01" } }),
            ErrorCode::InvalidSetting,
            "/root/start",
        ),
        (
            "total 0",
            json!({ "total": 0, "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/total",
        ),
        (
            "total negative",
            json!({ "total": "-100", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/total",
        ),
        (
            "unit above the total",
            json!({ "total": 100, "unit": 1000, "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            "unit 0",
            json!({ "total": 100, "unit": 0, "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            "uplift -100%",
            json!({ "total": 100, "uplift": "-100%", "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/uplift",
        ),
        (
            "empty ramp",
            json!({ "total": 100, "ramp": [], "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/ramp",
        ),
        (
            "negative ramp",
            json!({ "total": 100, "ramp": [0.5, -1], "root": two(leaf("a"), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/ramp/1",
        ),
        (
            "below one unit, min",
            json!({ "total": 10, "unit": 1, "root": two(json!({ "id": "a", "locked": "0.5", "children": [ leaf("a1"), { "id": "a2", "min": "0.1" } ] }), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/children/1/min",
        ),
        (
            "below one unit, unlocked weights all 0",
            json!({ "total": 10, "unit": 1, "root": two(json!({ "id": "a", "locked": "0.5", "method": "weights", "children": [ { "id": "a1", "weight": 0 }, { "id": "a2", "weight": 1, "locked": "0.1" } ] }), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/children",
        ),
        (
            "below one unit, no room",
            json!({ "total": 10, "unit": 1, "root": two(json!({ "id": "a", "locked": "0.5", "children": [ { "id": "a1", "max": "0.9" } ] }), leaf("b")) }),
            ErrorCode::InvalidSetting,
            "/root/children/0/children",
        ),
        (
            "bad locale",
            json!({ "total": 1, "locale": "fr", "root": leaf("co") }),
            ErrorCode::InvalidSetting,
            "/locale",
        ),
        (
            "not a number",
            json!({ "total": 1, "method": "weights", "root": two(json!({ "id": "a", "weight": "many" }), leaf("b")) }),
            ErrorCode::InvalidInput,
            "/root/children/0/weight",
        ),
        (
            "unknown field",
            json!({ "total": 1, "root": two(json!({ "id": "a", "wieght": 1 }), leaf("b")) }),
            ErrorCode::InvalidInput,
            "/root/children/0/wieght",
        ),
        (
            "bad capacity",
            json!({ "total": 1, "method": "capacity", "root": two(json!({ "id": "a", "capacity": { "headcount": 1 } }), leaf("b")) }),
            ErrorCode::InvalidInput,
            "/root/children/0/capacity",
        ),
        (
            "children not a list",
            json!({ "total": 1, "root": { "id": "co", "children": leaf("a") } }),
            ErrorCode::InvalidInput,
            "/root/children",
        ),
        ("no root", json!({ "total": 1 }), ErrorCode::InvalidInput, "/"),
        (
            "id not a string",
            json!({ "total": 1, "root": { "id": 5 } }),
            ErrorCode::InvalidInput,
            "/root/id",
        ),
    ];
    for (name, input, code, path) in table {
        let e = err(input);
        assert_eq!((e.code, e.path.as_str()), (code, path), "{name}: {}", e.messages.en);
        for m in [&e.messages.zh_cn, &e.messages.zh_tw, &e.messages.en] {
            assert!(!m.is_empty(), "{name}: a message is empty");
        }
    }
}

#[test]
fn malformed_json_is_invalid_json() {
    for bad in ["", "{", "nul", r#"{"total":1,"root":{"id":"co"}"#] {
        let e = decompose_tree_json(bad).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidJson, ""), "{bad}");
    }
}

/// A chain of `levels` nodes: n0 → n1 → …
fn chain(levels: u32) -> Value {
    let mut node = json!({ "id": format!("n{}", levels - 1) });
    for d in (0..levels - 1).rev() {
        node = json!({ "id": format!("n{d}"), "children": [node] });
    }
    json!({ "total": 100, "unit": 1, "root": node })
}

#[test]
fn too_deep_and_too_many_nodes() {
    assert_eq!(TREE_MAX_LEVELS, 32);
    let out = run(chain(TREE_MAX_LEVELS));
    assert_eq!(nodes(&out).len(), 32);
    assert_eq!(nodes(&out)[31]["depth"], 31);
    assert_eq!(value(&out, "n31"), "100");
    // one level more: reported at the children of the deepest allowed node
    let e = err(chain(TREE_MAX_LEVELS + 1));
    assert_eq!(e.code, ErrorCode::TooLarge);
    // (an error's path is clipped to 300 characters, as every error's is)
    let full = format!("/root{}/children", "/children/0".repeat(31));
    assert!(
        e.path.ends_with('…') && full.starts_with(e.path.trim_end_matches('…')),
        "{}",
        e.path
    );
    let e = err(
        json!({ "total": 1, "root": { "id": "co", "children": [ { "id": "t", "children": [ chain(40)["root"].clone() ] } ] } }),
    );
    assert_eq!(e.code, ErrorCode::TooLarge);
    // far deeper: the JSON nesting limit, the same code at /root
    for levels in [64, 65, 200] {
        let e = err(chain(levels));
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::TooLarge, "/root"),
            "{levels} levels"
        );
    }
    let deep = format!(
        r#"{{"total":1,"root":{}{{"id":"x"}}{}}}"#,
        r#"{"id":"n","children":["#.repeat(5000),
        "]}".repeat(5000)
    );
    assert_eq!(decompose_tree_json(&deep).unwrap_err().code, ErrorCode::TooLarge);

    let kids = |n: usize| (0..n).map(|i| json!({ "id": format!("p{i}") })).collect::<Vec<_>>();
    let out =
        run(json!({ "total": "100000000", "unit": 1, "root": { "id": "co", "children": kids(TREE_MAX_NODES - 1) } }));
    assert_eq!(nodes(&out).len(), TREE_MAX_NODES);
    let e = err(json!({ "total": "100000000", "unit": 1, "root": { "id": "co", "children": kids(TREE_MAX_NODES) } }));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::TooLarge, "/root"));
}

#[test]
fn a_tree_built_in_rust_deeper_than_the_limit_is_refused_too() {
    let mut node = jixiao::targets::TreeNode {
        id: "leaf".into(),
        ..Default::default()
    };
    for d in 0..40 {
        node = jixiao::targets::TreeNode {
            id: format!("n{d}"),
            children: vec![node],
            ..Default::default()
        };
    }
    let input = TreeInput {
        total: serde_json::from_value(json!(100)).unwrap(),
        root: node,
        ..Default::default()
    };
    assert_eq!(decompose_tree(&input).unwrap_err().code, ErrorCode::TooLarge);
}

// ---------------------------------------------------------------- locales and entries

#[test]
fn the_explanation_in_three_locales() {
    let table = [
        (
            None,
            [
                "目标总额 1,000 ×（1 + 上浮 10.00%）= 1,100",
                "co：1,100，按 weights 分给 2 个下级",
                "每个节点的下级合计都等于该节点",
                "新人，入职第 2 个月",
            ],
        ),
        (
            Some("zh-TW"),
            [
                "目標總額 1,000 ×（1 + 上浮 10.00%）= 1,100",
                "co：1,100，按 weights 分給 2 個下級",
                "每個節點的下級合計都等於該節點",
                "新人，到職第 2 個月",
            ],
        ),
        (
            Some("en"),
            [
                "Total 1,000 × (1 + uplift 10.00%) = 1,100",
                "co: 1,100, split weights over 2 children",
                "Every node's children sum exactly to it",
                "new hire in month 2",
            ],
        ),
    ];
    for (locale, want) in table {
        let mut input = json!({ "total": 1000, "uplift": "10%", "unit": 1, "method": "weights",
            "asOf": "2025-01-01", "ramp": ["0.5", "1"],
            "root": { "id": "co", "children": [ { "id": "a", "weight": 1 }, { "id": "b", "weight": 1, "start": "2024-12-01" } ] } });
        if let Some(l) = locale {
            input["locale"] = json!(l);
        }
        let out = run(input.clone());
        let text = lines(&out);
        for w in want {
            assert!(text.contains(w), "{locale:?}: no {w:?} in\n{text}");
        }
        // errors come back in the input's locale
        input["root"]["children"][0]["weight"] = json!(-1);
        let e = err(input);
        let expected = match locale {
            None => &e.messages.zh_cn,
            Some("zh-TW") => &e.messages.zh_tw,
            _ => &e.messages.en,
        };
        assert_eq!(&e.message, expected, "{locale:?}");
    }
}

#[test]
fn the_json_entry_and_the_rust_entry_agree() {
    let input = json!({ "total": "1万", "unit": "100", "uplift": "0.15", "method": "weights", "locale": "en",
        "root": { "id": "co", "name": "公司", "children": [
            { "id": "a", "weight": 2, "method": "equal", "children": [leaf("a1"), { "id": "a2", "locked": 1000 }] },
            { "id": "b", "weight": 1, "max": 3000 } ] } });
    let via_json: Value = serde_json::from_str(&decompose_tree_json(&input.to_string()).unwrap()).unwrap();
    let typed: TreeInput = serde_json::from_value(input).unwrap();
    let via_rust = serde_json::to_value(decompose_tree(&typed).unwrap()).unwrap();
    assert_eq!(via_json, via_rust);
    check_sums(&via_json);
    // camelCase keys, decimal strings, leaves without a method, flags only when set
    assert_eq!(via_json["total"], "11500");
    assert_eq!(via_json["unit"], "100");
    let keys: Vec<&String> = via_json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["total", "unit", "nodes", "explain"]);
    let root = &via_json["nodes"][0];
    assert_eq!(root["name"], "公司");
    let keys: Vec<&String> = root.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "name", "depth", "value", "share", "method"]);
    assert_eq!(node(&via_json, "a2")["locked"], true);
    assert_eq!(node(&via_json, "b")["bound"], "max");
    assert_eq!(value(&via_json, "b"), "3000");
    assert_eq!(value(&via_json, "a"), "8500");
}

#[test]
fn a_single_node_tree_is_the_total() {
    let out = run(json!({ "total": "99.999", "unit": "0.01", "root": { "id": "co" } }));
    assert_eq!(nodes(&out).len(), 1);
    assert_eq!(out["total"], "99.999");
    assert!(nodes(&out)[0].get("method").is_none());
}
