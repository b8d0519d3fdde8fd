//! A template's scheme on rows whose cells are mutated or made up: every row gets its
//! result, whatever its cells; the lean output's totals equal the full output's.
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::json::evaluate_encoded;
use jixiao::Engine;
use jixiao_fuzz::{key, no_internal, no_internal_in, templates, value};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn run(u: &mut Unstructured) -> Result<()> {
    let t = u.choose(templates())?;
    let Ok(engine) = Engine::from_value(&t.scheme) else { return Ok(()) };
    let mut people = t.sample.get("people").and_then(Value::as_array).cloned().unwrap_or_default();
    let n = u.int_in_range(0..=6)?;
    for _ in 0..n {
        if people.is_empty() || u.ratio(1, 4)? {
            let mut row = serde_json::Map::new();
            for _ in 0..u.int_in_range(0..=6)? {
                row.insert(key(u)?, value(u, 1)?);
            }
            people.push(Value::Object(row));
        } else {
            let i = u.choose_index(people.len())?;
            if let Some(Value::Object(row)) = people.get_mut(i) {
                let k = match row.keys().nth(u.choose_index(row.len().max(1))?) {
                    Some(k) if u.ratio(3, 4)? => k.clone(),
                    _ => key(u)?,
                };
                row.insert(k, value(u, 1)?);
            }
        }
    }
    let head = match t.sample.get("period") {
        Some(p) => serde_json::json!({ "period": p }).to_string(),
        None => "{}".to_string(),
    };
    let rows: Vec<String> = people.iter().map(Value::to_string).collect();
    let rows = rows.join("\n");
    let full = evaluate_encoded(&engine, &head, &rows, r#"{"output":"full"}"#);
    let lean = evaluate_encoded(&engine, &head, &rows, r#"{"output":"totals"}"#);
    match (full, lean) {
        (Ok(full), Ok(lean)) => {
            let (full, lean) = (no_internal_in(&full), no_internal_in(&lean));
            let totals = |v: &Value, list: &str| -> Vec<Value> {
                v[list].as_array().map(|a| a.iter().map(|r| r["total"].clone()).collect()).unwrap_or_default()
            };
            assert_eq!(totals(&full, "results").len(), people.len(), "one result per row");
            assert_eq!(totals(&full, "results"), totals(&lean, "results"), "full and totals agree");
        }
        (Err(a), Err(b)) => {
            no_internal(&a);
            no_internal(&b);
        }
        (a, b) => panic!("full and totals disagree on failing: {:?} / {:?}", a.err(), b.err()),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
