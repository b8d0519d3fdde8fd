//! Property tests for organisation-tree decomposition: over thousands of random trees
//! (up to 5 levels, random methods per node, units, weights, uplift, locks, bounds that
//! may be infeasible, new hires with ramp and proration), whenever the result is Ok the
//! root equals the uplifted total, every node's children sum exactly to it, every value is
//! a multiple of the unit except the one child per node that holds the node's remainder
//! below one unit, and every `min`, `max` and `locked` holds; whenever it is Err, it is a
//! structured error (a known code, a JSON pointer, three messages), never a panic.

use super::{config, target_unit_strategy};
use crate::common::dec;
use jixiao::{json::decompose_tree_json, ErrorCode, JixiaoError};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const METHODS: [&str; 4] = ["equal", "weights", "history", "capacity"];

/// A random node; bounds and locks are fractions (per mille) of the value the node may
/// expect (its parent's expected value over its siblings), so that they sometimes bind,
/// sometimes cannot be met.
#[derive(Debug, Clone)]
struct GenNode {
    method: Option<usize>,
    weight: u32,
    history: u32,
    capacity: (u32, Option<u32>),
    locked: Option<u32>,
    min: Option<u32>,
    max: Option<u32>,
    /// (year offset, month, day) of a leaf's start, or none.
    start: Option<(i32, u32, u32)>,
    children: Vec<GenNode>,
}

fn leaf_strategy() -> impl Strategy<Value = GenNode> {
    (
        prop::option::weighted(0.3, 0usize..4),
        prop_oneof![1 => Just(0u32), 9 => 1u32..1000],
        prop_oneof![1 => Just(0u32), 9 => 1u32..100_000],
        (1u32..50, prop::option::of(1u32..20)),
        prop::option::weighted(0.1, 0u32..1500),
        prop::option::weighted(0.1, 0u32..1200),
        prop::option::weighted(0.1, 800u32..3000),
        prop::option::weighted(0.2, (-2i32..=0, 1u32..=12, 1u32..=31)),
    )
        .prop_map(|(method, weight, history, capacity, locked, min, max, start)| GenNode {
            method,
            weight,
            history,
            capacity,
            locked,
            min,
            max,
            start,
            children: Vec::new(),
        })
}

fn tree_strategy() -> impl Strategy<Value = GenNode> {
    // depth 4 of recursion: at most 5 levels
    leaf_strategy().prop_recursive(4, 64, 5, |inner| {
        (leaf_strategy(), prop::collection::vec(inner, 1..5)).prop_map(|(mut node, children)| {
            node.start = None;
            node.children = children;
            node
        })
    })
}

#[derive(Debug, Clone)]
struct Case {
    total: Decimal,
    uplift: Option<Decimal>,
    unit: Decimal,
    method: usize,
    ramp: Option<Vec<u32>>,
    /// asOf as (month, day) in 2025, and periodEnd as days after it.
    period: Option<((u32, u32), Option<u32>)>,
    root: GenNode,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        (1i64..100_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        prop::option::of((-500i64..500).prop_map(|p| Decimal::new(p, 3))),
        target_unit_strategy(),
        0usize..4,
        prop::option::of(prop::collection::vec(0u32..1500, 1..6)),
        prop::option::weighted(0.8, ((1u32..=12, 1u32..=28), prop::option::of(0u32..120))),
        tree_strategy(),
    )
        .prop_map(|(total, uplift, unit, method, ramp, period, mut root)| {
            // the root's value is the total: no bounds, lock or start on it
            (root.locked, root.min, root.max, root.start) = (None, None, None, None);
            Case {
                total,
                uplift,
                unit,
                method,
                ramp,
                period,
                root,
            }
        })
}

/// The bounds and lock given to one node.
#[derive(Debug, Default, Clone)]
struct Given {
    locked: Option<Decimal>,
    min: Option<Decimal>,
    max: Option<Decimal>,
}

fn permille(expected: Decimal, p: u32) -> Decimal {
    (expected * Decimal::from(p) / Decimal::from(1000)).round_dp(2)
}

fn node_json(n: &GenNode, expected: Decimal, next: &mut usize, given: &mut BTreeMap<String, Given>) -> Value {
    let id = format!("n{next}");
    *next += 1;
    let capacity = match n.capacity {
        (c, None) => json!(c),
        (h, Some(p)) => json!({ "headcount": h, "productivity": p.to_string() }),
    };
    let mut v = json!({ "id": id, "weight": n.weight, "history": n.history.to_string(), "capacity": capacity });
    if let Some(m) = n.method {
        v["method"] = json!(METHODS[m]);
    }
    let g = Given {
        locked: n.locked.map(|p| permille(expected, p)),
        min: n.min.map(|p| permille(expected, p)),
        max: n.max.map(|p| permille(expected, p)),
    };
    for (k, x) in [("locked", g.locked), ("min", g.min), ("max", g.max)] {
        if let Some(x) = x {
            v[k] = json!(x.to_string());
        }
    }
    if let Some((y, m, d)) = n.start {
        // an impossible day (2025-02-30) is clamped: bad dates have their own tests
        let d = d.min(28);
        v["start"] = json!(format!("{:04}-{m:02}-{d:02}", 2025 + y));
    }
    given.insert(id, g);
    if !n.children.is_empty() {
        let share = expected / Decimal::from(n.children.len());
        let kids: Vec<Value> = n.children.iter().map(|c| node_json(c, share, next, given)).collect();
        v["children"] = json!(kids);
    }
    v
}

fn input(c: &Case) -> (Value, BTreeMap<String, Given>) {
    let mut given = BTreeMap::new();
    let mut next = 0;
    let root = node_json(&c.root, c.total, &mut next, &mut given);
    let mut v =
        json!({ "total": c.total.to_string(), "unit": c.unit.to_string(), "method": METHODS[c.method], "root": root });
    if let Some(u) = c.uplift {
        v["uplift"] = json!(u.to_string());
    }
    if let Some(r) = &c.ramp {
        v["ramp"] = json!(r
            .iter()
            .map(|p| Decimal::new(i64::from(*p), 3).to_string())
            .collect::<Vec<_>>());
    }
    if let Some(((m, d), end)) = c.period {
        v["asOf"] = json!(format!("2025-{m:02}-{d:02}"));
        if let Some(e) = end {
            // periodEnd: `e` days later, as a date in the same or a later month (kept simple: whole months)
            let months = e / 30;
            let (y, m2) = if m + months > 12 {
                (2026, m + months - 12)
            } else {
                (2025, m + months)
            };
            v["periodEnd"] = json!(format!("{y:04}-{m2:02}-28"));
        }
    }
    (v, given)
}

fn assert_structured(e: &JixiaoError) -> Result<(), TestCaseError> {
    prop_assert!(
        e.code != ErrorCode::Internal,
        "internal error at {}: {}",
        e.path,
        e.messages.en
    );
    prop_assert!(
        e.path.starts_with('/') || (e.code == ErrorCode::Overflow && e.path.is_empty()),
        "{:?} without a JSON pointer: {:?}",
        e.code,
        e.path
    );
    for m in [&e.messages.zh_cn, &e.messages.zh_tw, &e.messages.en] {
        prop_assert!(!m.is_empty(), "an empty message for {:?}", e.code);
    }
    Ok(())
}

/// Every invariant of a successful decomposition.
fn check(c: &Case, given: &BTreeMap<String, Given>, out: &str) -> Result<(), TestCaseError> {
    let out: Value = serde_json::from_str(out).unwrap();
    let total = match c.uplift {
        Some(u) => c.total * (Decimal::ONE + u),
        None => c.total,
    };
    prop_assert_eq!(dec(&out["total"]), total);
    let nodes = out["nodes"].as_array().unwrap();
    prop_assert_eq!(nodes.len(), given.len());
    prop_assert_eq!(dec(&nodes[0]["value"]), total, "the root is the uplifted total");
    let value: BTreeMap<&str, Decimal> = nodes
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), dec(&n["value"])))
        .collect();
    let mut sums: BTreeMap<&str, Decimal> = BTreeMap::new();
    // per parent: the value its unlocked children must share, and how many of them are off the unit
    let mut unlocked_rest: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut off_unit: BTreeMap<&str, usize> = BTreeMap::new();
    for n in nodes {
        let id = n["id"].as_str().unwrap();
        let v = value[id];
        let g = &given[id];
        prop_assert!(!v.is_sign_negative() || v.is_zero(), "{} = {} is negative", id, v);
        if let Some(l) = g.locked {
            prop_assert_eq!(v, l, "{} is locked", id);
            prop_assert_eq!(&n["locked"], &json!(true));
        } else {
            if let Some(m) = g.min {
                prop_assert!(v >= m, "{} = {} is below its min {}", id, v, m);
            }
            if let Some(m) = g.max {
                prop_assert!(v <= m, "{} = {} is above its max {}", id, v, m);
            }
        }
        let Some(p) = n["parent"].as_str() else { continue };
        *sums.entry(p).or_default() += v;
        let rest = unlocked_rest.entry(p).or_insert(value[p]);
        if g.locked.is_some() {
            *rest -= v;
        } else if !(v % c.unit).is_zero() {
            *off_unit.entry(p).or_default() += 1;
        }
    }
    for (p, sum) in &sums {
        prop_assert_eq!(*sum, value[p], "the children of {} do not sum to it", p);
        // the unlocked children are whole units, except one that holds the remainder below one unit
        let want = usize::from(!(unlocked_rest[p] % c.unit).is_zero());
        prop_assert_eq!(
            off_unit.get(p).copied().unwrap_or(0),
            want,
            "off-unit children of {}",
            p
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn random_trees_sum_exactly_keep_units_and_bounds_or_fail_cleanly(c in case_strategy()) {
        let (json, given) = input(&c);
        match decompose_tree_json(&json.to_string()) {
            Ok(out) => check(&c, &given, &out)?,
            Err(e) => assert_structured(&e)?,
        }
    }
}

/// A random decimal text: ordinary, huge, tiny, negative, or not a number at all.
fn wild_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..1_000_000, 0u32..6).prop_map(|(m, s)| json!(Decimal::new(m, s).to_string())),
        (-1_000_000i64..0).prop_map(|m| json!(m)),
        Just(json!("79228162514264337593543950335")),
        Just(json!("7.9e27")),
        Just(json!("0.0000000000000000000000000001")),
        Just(json!(1e300)),
        Just(json!("12万")),
        Just(json!("85%")),
        Just(json!("abc")),
        Just(json!(null)),
        Just(json!([])),
        Just(json!({})),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    /// Extreme or ill-typed numbers anywhere never panic and never give an internal error.
    #[test]
    fn wild_numbers_never_panic(
        total in wild_number(), unit in wild_number(), uplift in wild_number(),
        weights in prop::collection::vec(wild_number(), 1..5),
        locked in wild_number(), min in wild_number(), max in wild_number(), ramp in wild_number(),
        headcount in wild_number(), productivity in wild_number(),
        method in 0usize..4,
    ) {
        let kids: Vec<Value> = weights.iter().enumerate().map(|(i, w)| json!({
            "id": format!("k{i}"), "weight": w, "history": w,
            "capacity": { "headcount": headcount, "productivity": productivity },
            "start": "2025-01-10",
        })).collect();
        let input = json!({ "total": total, "unit": unit, "uplift": uplift, "method": METHODS[method],
            "ramp": [ramp], "asOf": "2025-01-01",
            "root": { "id": "co", "children": [
                { "id": "t", "children": kids },
                { "id": "x", "locked": locked, "min": min, "max": max } ] } });
        match decompose_tree_json(&input.to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                let root = dec(&out["nodes"][0]["value"]);
                let top: Decimal = out["nodes"].as_array().unwrap().iter()
                    .filter(|n| n["parent"] == "co").map(|n| dec(&n["value"])).sum();
                prop_assert_eq!(root, top);
            }
            Err(e) => assert_structured(&e)?,
        }
    }
}

/// Guards the first property's strength: most random trees must decompose (not fail on
/// bounds or zero weights), and enough of them must exercise locks, bounds, new hires,
/// remainders and deep trees.
#[test]
fn most_random_trees_decompose_and_exercise_every_rule() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case_strategy();
    let (mut ok, mut locked, mut bounded, mut prorated, mut ramped, mut deep, mut odd) = (0, 0, 0, 0, 0, 0, 0);
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..1000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        let (json, _) = input(&c);
        match decompose_tree_json(&json.to_string()) {
            Ok(out) => {
                ok += 1;
                locked += usize::from(out.contains("\"locked\":true"));
                bounded += usize::from(out.contains("\"bound\""));
                prorated += usize::from(out.contains("\"proration\""));
                ramped += usize::from(out.contains("\"ramp\""));
                deep += usize::from(out.contains("\"depth\":3"));
                let v: Value = serde_json::from_str(&out).unwrap();
                odd += usize::from(
                    v["nodes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|n| n["parent"].is_string() && !(dec(&n["value"]) % c.unit).is_zero()),
                );
            }
            Err(e) => *codes.entry(format!("{:?}", e.code)).or_default() += 1,
        }
    }
    eprintln!(
        "ok {ok}/1000: locked {locked}, bound hit {bounded}, prorated {prorated}, ramp {ramped}, depth ≥ 3 {deep}, off-unit child {odd}; errors {codes:?}"
    );
    assert!(ok >= 400, "only {ok} of 1000 random trees decomposed");
    for (name, n) in [
        ("locked", locked),
        ("bound", bounded),
        ("prorated", prorated),
        ("ramp", ramped),
        ("deep", deep),
        ("off-unit", odd),
    ] {
        assert!(n >= 30, "only {n} trees with {name}");
    }
}
