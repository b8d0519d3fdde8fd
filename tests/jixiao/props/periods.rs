//! Property tests for period layering: a composite of identical periods equals each
//! period; the order in which periods are listed changes nothing in the composite;
//! multiplying every period weight by the same factor changes nothing; the shown parts
//! (period or category) always add up to the composite total.

use super::config;
use crate::common::dec;
use jixiao::{Engine, EvaluateOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const MODES: [&str; 4] = ["half_up", "half_even", "down", "up"];
const MISSING: [&str; 3] = ["renormalize", "zero", "error"];

/// Two categories, one direct indicator each: the total is 0.6 × 业绩 + 0.4 × 能力.
fn scheme(mode: usize, places: u32) -> Value {
    json!({
        "fields": {"id": "工号"},
        "rounding": {"mode": MODES[mode % 4], "score": places},
        "categories": [{"key": "p", "name": "业绩", "weight": 60}, {"key": "a", "name": "能力", "weight": 40}],
        "indicators": [
            {"key": "x", "category": "p", "weight": 60, "actual": {"field": "业绩"}, "scoring": {"type": "direct"}},
            {"key": "y", "category": "a", "weight": 40, "actual": {"field": "能力"}, "scoring": {"type": "direct"}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 85}, {"grade": "B", "min": 60}, {"grade": "C", "min": 0}]},
        "ranking": {"method": "competition"}
    })
}

fn score() -> impl Strategy<Value = Decimal> {
    (0i64..15_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s))
}

fn row(id: usize, p: Decimal, a: Decimal) -> Value {
    json!({"工号": format!("E{id}"), "业绩": p.to_string(), "能力": a.to_string()})
}

fn month(i: usize) -> String {
    format!("2025-{:02}", i + 1)
}

fn run(scheme: &Value, input: &Value, explain: bool) -> Value {
    let e = Engine::from_value(scheme).unwrap();
    let options = EvaluateOptions {
        explain: explain.into(),
        ..Default::default()
    };
    e.evaluate_periods_value(input, &options)
        .unwrap_or_else(|err| panic!("{err}: {input}"))
}

fn weights_map(names: &[String], ws: &[u32], k: Decimal) -> Value {
    Value::Object(
        names
            .iter()
            .zip(ws)
            .map(|(n, w)| (n.clone(), Value::String((Decimal::from(*w) * k).to_string())))
            .collect(),
    )
}

/// Σ of the shown parts of each ok composite equals its total (unless vetoed).
fn parts_add_up(out: &Value) {
    for r in out["composite"]["results"].as_array().unwrap() {
        if r["ok"] != true {
            continue;
        }
        let from_periods = out["composite"]["from"] == "periods";
        let list = if from_periods { &r["periods"] } else { &r["categories"] };
        let sum: Decimal = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["weighted"].is_string())
            .map(|p| dec(&p["weighted"]))
            .sum();
        assert_eq!(sum, dec(&r["total"]), "{r}");
    }
}

/// The composite with every `periods/N` error path rewritten as `periods/<name>`.
fn named_paths(v: &Value, listed: &[String]) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| {
                    let x = match (k.as_str(), x.as_str()) {
                        ("path", Some(p)) if p.starts_with("periods/") => {
                            let rest = &p["periods/".len()..];
                            let (i, tail) = rest.split_once('/').unwrap_or((rest, ""));
                            let name = &listed[i.parse::<usize>().unwrap()];
                            Value::String(format!("periods/{name}/{tail}"))
                        }
                        _ => named_paths(x, listed),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| named_paths(x, listed)).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_composite_of_identical_periods_equals_each_period(
        people in prop::collection::vec((score(), score()), 1..6),
        ws in prop::collection::vec(0u32..50, 1..7),
        equal in any::<bool>(),
        mode in 0usize..4,
        places in 0u32..4,
    ) {
        prop_assume!(ws.iter().any(|w| *w > 0));
        let scheme = scheme(mode, places);
        let names: Vec<String> = (0..ws.len()).map(month).collect();
        let rows: Vec<Value> = people.iter().enumerate().map(|(i, (p, a))| row(i, *p, *a)).collect();
        let compose = if equal { json!({}) } else { json!({"weights": weights_map(&names, &ws, Decimal::ONE)}) };
        let out = run(&scheme, &json!({"people": rows, "periods": names, "compose": compose}), false);
        let period = &out["periods"][0]["results"];
        for (i, c) in out["composite"]["results"].as_array().unwrap().iter().enumerate() {
            prop_assert_eq!(&c["total"], &period[i]["total"]);
            prop_assert_eq!(&c["grade"], &period[i]["grade"]);
            prop_assert_eq!(&c["rank"], &period[i]["rank"]);
        }
        parts_add_up(&out);
        // from categories: each category's mean is the period's category score
        let cats = json!({"from": "categories", "weights": {"p": 60, "a": 40}});
        let out = run(&scheme, &json!({"people": rows, "periods": names, "compose": cats}), false);
        for (i, c) in out["composite"]["results"].as_array().unwrap().iter().enumerate() {
            for k in 0..2 {
                prop_assert_eq!(&c["categories"][k]["score"], &period[i]["categories"][k]["score"]);
            }
        }
        parts_add_up(&out);
    }

    #[test]
    fn the_order_of_the_periods_does_not_change_the_composite(
        table in prop::collection::vec(prop::collection::vec(prop::option::weighted(0.8, (score(), score())), 1..5), 1..6),
        ws in prop::collection::vec(0u32..20, 6),
        weighted in any::<bool>(),
        categories in any::<bool>(),
        missing in 0usize..3,
        mode in 0usize..4,
        seed in any::<u64>(),
    ) {
        let scheme = scheme(mode, 2);
        let n = table.len();
        prop_assume!(!weighted || ws[..n].iter().any(|w| *w > 0));
        let names: Vec<String> = (0..n).map(month).collect();
        let entries: Vec<Value> = table
            .iter()
            .enumerate()
            .map(|(k, people)| {
                let rows: Vec<Value> = people
                    .iter()
                    .enumerate()
                    .filter_map(|(i, cell)| cell.map(|(p, a)| row(i, p, a)))
                    .collect();
                json!({"period": names[k], "people": rows})
            })
            .collect();
        let compose = if categories {
            json!({"from": "categories", "weights": {"p": 60, "a": 40}, "missing": MISSING[missing]})
        } else if weighted {
            json!({"weights": weights_map(&names, &ws[..n], Decimal::ONE), "missing": MISSING[missing]})
        } else {
            json!({"missing": MISSING[missing]})
        };
        // a permutation of the listed periods
        let mut order: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let shuffled: Vec<Value> = order.iter().map(|&k| entries[k].clone()).collect();
        let a = run(&scheme, &json!({"periods": entries, "compose": compose}), true);
        let b = run(&scheme, &json!({"periods": shuffled, "compose": compose}), true);
        // error paths point into the list as given: compare them by period name
        let listed_b: Vec<String> = order.iter().map(|&k| names[k].clone()).collect();
        prop_assert_eq!(named_paths(&a["composite"], &names), named_paths(&b["composite"], &listed_b));
        parts_add_up(&a);
    }

    #[test]
    fn period_weights_are_scale_invariant(
        table in prop::collection::vec(prop::collection::vec(prop::option::weighted(0.9, (score(), score())), 1..5), 1..6),
        ws in prop::collection::vec(0u32..30, 6),
        k in prop_oneof![Just("2"), Just("3"), Just("7"), Just("0.5"), Just("0.01"), Just("1000"), Just("0.333")],
        missing in 0usize..3,
        mode in 0usize..4,
    ) {
        let scheme = scheme(mode, 2);
        let n = table.len();
        prop_assume!(ws[..n].iter().any(|w| *w > 0));
        let names: Vec<String> = (0..n).map(month).collect();
        let entries: Vec<Value> = table
            .iter()
            .enumerate()
            .map(|(p, people)| {
                let rows: Vec<Value> = people
                    .iter()
                    .enumerate()
                    .filter_map(|(i, cell)| cell.map(|(x, y)| row(i, x, y)))
                    .collect();
                json!({"period": names[p], "people": rows})
            })
            .collect();
        let k: Decimal = k.parse().unwrap();
        let one = json!({"weights": weights_map(&names, &ws[..n], Decimal::ONE), "missing": MISSING[missing]});
        let scaled = json!({"weights": weights_map(&names, &ws[..n], k), "missing": MISSING[missing]});
        let a = run(&scheme, &json!({"periods": entries, "compose": one}), true);
        let b = run(&scheme, &json!({"periods": entries, "compose": scaled}), true);
        prop_assert_eq!(&a["composite"], &b["composite"]);
        parts_add_up(&a);
    }
}
