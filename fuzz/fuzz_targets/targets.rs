//! Target decomposition, trees and re-planning: built from edge-case decimals (structure-
//! aware) or any JSON; an accepted decomposition's parts sum exactly to its total.
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::json::{decompose_json, decompose_tree_json, replan_json};
use jixiao_fuzz::{digit_sum, mutate, no_internal, no_internal_in, value, CELLS};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fn cell(u: &mut Unstructured) -> Result<Value> {
    Ok(Value::from(*u.choose(CELLS)?))
}

fn decompose_input(u: &mut Unstructured) -> Result<Value> {
    let mut parts = Vec::new();
    for i in 0..u.int_in_range(1..=8)? {
        let mut p = json!({ "key": format!("P{i}") });
        for k in ["weight", "locked", "min", "max", "history", "capacity"] {
            if u.ratio(1, 4)? {
                p[k] = cell(u)?;
            }
        }
        parts.push(p);
    }
    let method = *u.choose(&["equal", "weights", "history", "capacity"])?;
    let mut input = json!({ "total": cell(u)?, "unit": cell(u)?, "method": method, "parts": parts });
    if u.ratio(1, 4)? {
        input["uplift"] = cell(u)?;
    }
    if u.ratio(1, 4)? {
        input = json!({ "total": cell(u)?, "period": *u.choose(&["2025", "2025-Q3", "2025-07"])?,
                        "by": *u.choose(&["quarter", "month", "week"])?, "method": *u.choose(&["equal", "working_days"])? });
    }
    let n = u.int_in_range(0..=2)?;
    mutate(u, &mut input, n)?;
    Ok(input)
}

fn run(u: &mut Unstructured) -> Result<()> {
    match u.choose_index(3)? {
        0 => {
            let input = decompose_input(u)?;
            if std::env::var_os("JIXIAO_FUZZ_SHOW").is_some() {
                eprintln!("decompose input: {input}");
            }
            match decompose_json(&input.to_string()) {
                Ok(out) => {
                    let out = no_internal_in(&out);
                    let parts = out["parts"].as_array().cloned().unwrap_or_default();
                    let values: Vec<&str> = parts.iter().filter_map(|p| p["value"].as_str()).collect();
                    assert_eq!(values.len(), parts.len(), "every part has a value");
                    let total = out["total"].as_str().unwrap_or_default();
                    if let (Some(sum), Some(t)) = (digit_sum(values.iter().copied()), digit_sum([total])) {
                        assert_eq!(sum, t, "parts {values:?} do not sum to {total}");
                    }
                }
                Err(e) => no_internal(&e),
            }
        }
        1 => {
            let input = value(u, 4)?;
            match decompose_tree_json(&input.to_string()) {
                Ok(out) => drop(no_internal_in(&out)),
                Err(e) => no_internal(&e),
            }
        }
        _ => {
            let input = value(u, 3)?;
            match replan_json(&input.to_string()) {
                Ok(out) => drop(no_internal_in(&out)),
                Err(e) => no_internal(&e),
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
