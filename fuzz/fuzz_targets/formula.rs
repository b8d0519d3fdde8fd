//! A formula as any text: parsed, and when it parses, evaluated as an indicator's actual
//! and as a veto condition on rows of edge-case cells.
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::{parse_formula, Engine};
use jixiao_fuzz::{evaluate, no_internal, value};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fn run(u: &mut Unstructured) -> Result<()> {
    let text: String = u.arbitrary()?;
    if let Err(e) = parse_formula(&text) {
        no_internal(&e);
        return Ok(());
    }
    let scheme = json!({
        "fields": { "id": "id" },
        "indicators": [{ "key": "f", "weight": 100, "actual": { "formula": text }, "scoring": { "type": "direct" } }],
        "vetoes": [{ "key": "v", "when": text }]
    });
    match Engine::from_value(&scheme) {
        Ok(engine) => {
            let mut people = Vec::new();
            for i in 0..u.int_in_range(1..=4)? {
                let mut row = json!({ "id": i });
                for col in ["a", "b", "c", "d", "销售额", "目标", "日期"] {
                    row[col] = value(u, 0)?;
                }
                people.push(row);
            }
            evaluate(&engine, &json!({ "period": "2025-07" }), &people, r#"{"explain":true}"#);
        }
        Err(e) => no_internal(&e),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
