//! Exactness at the edge of precision (DESIGN.md, "Numbers"): every place that promises
//! "parts sum exactly" — decompose, re-plans, organisation trees, allocations (pools) and
//! period composites — either keeps the promise for an input it accepts, checked digit by
//! digit apart from `rust_decimal` ([`exact_digit_sum`]), or refuses the input with a
//! structured error; never `INTERNAL`. Values reach 28 significant digits, 1e-28 and the
//! largest decimals.

use super::{config, exact_digit_sum, extreme_decimal};
use crate::common::dec;
use jixiao::json::{allocate_json, decompose_json, decompose_tree_json, replan_json};
use jixiao::{Engine, ErrorCode, EvaluateOptions, JixiaoError};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A refusal is a structured error: not `INTERNAL`, with messages in every locale.
fn refused(e: &JixiaoError) -> Result<(), TestCaseError> {
    prop_assert!(
        e.code != ErrorCode::Internal,
        "INTERNAL at {}: {}",
        e.path,
        e.messages.en
    );
    prop_assert!(!e.messages.en.is_empty() && !e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty());
    Ok(())
}

/// A unit from a cent to the finest and a large one.
fn unit() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("0.01"),
        Just("1"),
        Just("0.0000000000000000000000000001"),
        Just("1000000")
    ]
}

fn decimals(values: &[Value]) -> Vec<Decimal> {
    values.iter().map(dec).collect()
}

proptest! {
    #![proptest_config(config(3000))]

    /// decompose: the parts sum to the total, digit by digit, or a setting is refused.
    #[test]
    fn decompositions_sum_exactly_or_are_refused(
        total in extreme_decimal(),
        locked in prop::collection::vec(prop::option::weighted(0.4, extreme_decimal()), 1..5),
        unit in unit(),
        method in prop_oneof![Just("equal"), Just("weights")],
    ) {
        let parts: Vec<Value> = locked.iter().enumerate().map(|(i, l)| match l {
            Some(l) => json!({ "key": format!("P{i}"), "weight": i + 1, "locked": l.to_string() }),
            None => json!({ "key": format!("P{i}"), "weight": i + 1 }),
        }).collect();
        let input = json!({ "total": total.to_string(), "unit": unit, "method": method, "parts": parts });
        match decompose_json(&input.to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                let values: Vec<Decimal> = out["parts"].as_array().unwrap().iter().map(|p| dec(&p["value"])).collect();
                prop_assert_eq!(exact_digit_sum(&values), exact_digit_sum(&[total]), "{} ≠ Σ {:?}", total, values);
            }
            Err(e) => prop_assert!(
                matches!(e.code, ErrorCode::InvalidSetting | ErrorCode::Overflow),
                "unexpected {:?} at {}: {}", e.code, e.path, e.messages.en
            ),
        }
    }

    /// replan: closed parts keep their actuals; the new targets sum, digit by digit, to the
    /// total, or to the closed actuals when those exceed it (or when every part is closed).
    #[test]
    fn replans_sum_exactly_or_are_refused(
        total in extreme_decimal(),
        parts in prop::collection::vec((extreme_decimal(), prop::option::of(extreme_decimal()), any::<bool>()), 1..5),
        unit in unit(),
    ) {
        let input: Vec<Value> = parts.iter().enumerate().map(|(i, (t, a, c))| {
            let mut p = json!({ "key": format!("P{i}"), "target": t.to_string(), "closed": *c && a.is_some() });
            if let Some(a) = a { p["actual"] = json!(a.to_string()); }
            p
        }).collect();
        let input = json!({ "total": total.to_string(), "unit": unit, "parts": input });
        match replan_json(&input.to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                let news: Vec<Decimal> = out["parts"].as_array().unwrap().iter().map(|p| dec(&p["target"])).collect();
                let closed: Vec<Decimal> = parts.iter().filter(|p| p.2).filter_map(|p| p.1).collect();
                let any_open = parts.iter().any(|p| !(p.2 && p.1.is_some()));
                // equal widths: comparing the digit vectors compares the numbers
                let (total, closed) = (exact_digit_sum(&[total]), exact_digit_sum(&closed));
                let want = if any_open { total.max(closed) } else { closed };
                prop_assert_eq!(exact_digit_sum(&news), want);
                for (i, p) in parts.iter().enumerate() {
                    if let (true, Some(a)) = (p.2, p.1) {
                        prop_assert_eq!(news[i], a);
                    }
                }
            }
            Err(e) => refused(&e)?,
        }
    }

    /// decomposeTree: every node's children sum, digit by digit, to the node.
    #[test]
    fn trees_sum_exactly_or_are_refused(
        total in extreme_decimal(),
        children in prop::collection::vec((prop::option::weighted(0.3, extreme_decimal()), 0usize..3), 1..4),
        unit in unit(),
    ) {
        let kids: Vec<Value> = children.iter().enumerate().map(|(i, (locked, n))| {
            let mut c = json!({ "id": format!("c{i}"), "weight": i + 1 });
            if let Some(l) = locked { c["locked"] = json!(l.to_string()); }
            if *n > 0 {
                c["children"] = Value::Array((0..*n).map(|k| json!({ "id": format!("c{i}-{k}") })).collect());
            }
            c
        }).collect();
        let input = json!({ "total": total.to_string(), "unit": unit, "method": "weights", "root": { "id": "root", "children": kids } });
        match decompose_tree_json(&input.to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                let nodes = out["nodes"].as_array().unwrap();
                for node in nodes {
                    let kids: Vec<Decimal> = nodes.iter().filter(|n| n["parent"] == node["id"]).map(|n| dec(&n["value"])).collect();
                    if !kids.is_empty() {
                        prop_assert_eq!(exact_digit_sum(&kids), exact_digit_sum(&[dec(&node["value"])]), "under {}", node["id"]);
                    }
                }
            }
            Err(e) => refused(&e)?,
        }
    }

    /// allocate (a pool's split): the parts and what is left unallocated sum, digit by digit,
    /// to the amount.
    #[test]
    fn allocations_sum_exactly_or_are_refused(
        amount in extreme_decimal(),
        weights in prop::collection::vec(extreme_decimal(), 1..5),
        caps in prop::collection::vec(prop::option::weighted(0.3, extreme_decimal()), 1..5),
        unit in unit(),
    ) {
        let caps: Vec<Value> = caps.iter().take(weights.len()).map(|c| c.map_or(Value::Null, |c| json!(c.to_string()))).collect();
        let weights: Vec<String> = weights.iter().map(Decimal::to_string).collect();
        let input = json!({ "amount": amount.to_string(), "weights": weights, "caps": caps, "unit": unit });
        match allocate_json(&input.to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                let mut parts = decimals(out["parts"].as_array().unwrap());
                parts.push(dec(&out["unallocated"]));
                prop_assert_eq!(exact_digit_sum(&parts), exact_digit_sum(&[amount]), "{} ≠ Σ {:?}", amount, parts);
            }
            Err(e) => refused(&e)?,
        }
    }
}

/// One direct indicator: the total is the row's 分数.
fn direct_scheme() -> Value {
    json!({
        "fields": {"id": "工号"},
        "indicators": [{"key": "x", "weight": 100, "actual": {"field": "分数"}, "scoring": {"type": "direct"}}]
    })
}

proptest! {
    #![proptest_config(config(500))]

    /// A composite of periods weighted at the edge of precision: each composite's weighted
    /// periods sum exactly to its total, or the weights are refused.
    #[test]
    fn composites_sum_exactly_or_are_refused(
        weights in prop::collection::vec(extreme_decimal(), 2..5),
        scores in prop::collection::vec(0u32..12_000, 2..5),
    ) {
        let n = weights.len().min(scores.len());
        let names: Vec<String> = (0..n).map(|i| format!("2025-{:02}", i + 1)).collect();
        let periods: Vec<Value> = names.iter().zip(&scores).map(|(p, s)| json!({
            "period": p, "people": [{"工号": "E1", "分数": Decimal::new(i64::from(*s), 2).to_string()}]
        })).collect();
        let compose: serde_json::Map<String, Value> = names.iter().zip(&weights).map(|(p, w)| (p.clone(), json!(w.to_string()))).collect();
        let input = json!({ "periods": periods, "compose": { "weights": compose } });
        let engine = Engine::from_value(&direct_scheme()).unwrap();
        match engine.evaluate_periods_value(&input, &EvaluateOptions::default()) {
            Ok(out) => {
                for r in out["composite"]["results"].as_array().unwrap() {
                    if r["ok"] != true {
                        let e = &r["errors"][0];
                        prop_assert!(e["code"] != "INTERNAL", "{}", r);
                        continue;
                    }
                    let parts: Vec<Decimal> = r["periods"].as_array().unwrap().iter()
                        .filter(|p| p["weighted"].is_string()).map(|p| dec(&p["weighted"])).collect();
                    prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), dec(&r["total"]), "{}", r);
                }
            }
            Err(e) => refused(&e)?,
        }
    }
}
