//! A scheme as any text: validation and compilation agree, never trap, never `INTERNAL`;
//! a scheme that compiles evaluates a small table.
#![no_main]
use jixiao::json::validate_scheme_json;
use jixiao::Engine;
use jixiao_fuzz::{evaluate, no_internal};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let report = validate_scheme_json(text, None);
    report.issues.iter().for_each(no_internal);
    match Engine::from_json(text) {
        Ok(engine) => {
            assert!(report.ok, "compiled, but validation reported errors: {:?}", report.issues);
            let people = [
                json!({ "工号": "E1", "姓名": "甲", "销售额": "120万", "目标": 1000000, "团队": "一组" }),
                json!({ "工号": "E2", "销售额": "abc", "目标": 0 }),
                json!({}),
            ];
            evaluate(&engine, &json!({}), &people, "{}");
        }
        Err(e) => {
            no_internal(&e);
            assert!(!report.ok, "validation passed but compilation failed: {e}");
        }
    }
});
