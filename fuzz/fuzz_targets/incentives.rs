//! Commissions and allocations on their own: tiers, bases and splits built from
//! edge-case decimals, then mutated.
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::json::{allocate_json, commission_json};
use jixiao_fuzz::{mutate, no_internal, no_internal_in, CELLS};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fn cell(u: &mut Unstructured) -> Result<Value> {
    Ok(Value::from(*u.choose(CELLS)?))
}

fn run(u: &mut Unstructured) -> Result<()> {
    let mut input = if u.ratio(1, 2)? {
        let mut tiers = Vec::new();
        for _ in 0..u.int_in_range(0..=5)? {
            tiers.push(json!({ "from": cell(u)?, "rate": cell(u)? }));
        }
        let mode = *u.choose(&["marginal", "whole"])?;
        json!({ "plan": { "tiers": tiers, "mode": mode }, "base": cell(u)?, "target": cell(u)?, "paid": cell(u)? })
    } else {
        let n = u.int_in_range(0..=6)?;
        let weights: Vec<Value> = (0..n).map(|_| cell(u)).collect::<Result<_>>()?;
        let caps: Vec<Value> = (0..n).map(|_| Ok(if u.ratio(1, 3)? { cell(u)? } else { Value::Null })).collect::<Result<_>>()?;
        json!({ "amount": cell(u)?, "weights": weights, "caps": caps, "unit": cell(u)? })
    };
    let n = u.int_in_range(0..=3)?;
    mutate(u, &mut input, n)?;
    let text = input.to_string();
    for result in [commission_json(&text), allocate_json(&text)] {
        match result {
            Ok(out) => drop(no_internal_in(&out)),
            Err(e) => no_internal(&e),
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
