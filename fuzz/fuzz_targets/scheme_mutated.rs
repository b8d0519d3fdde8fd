//! A template's scheme and sample, mutated (structure-aware: the mutations keep most of a
//! real scheme, so they reach the compiler's and the evaluator's deep paths).
#![no_main]
use arbitrary::{Result, Unstructured};
use jixiao::Engine;
use jixiao_fuzz::{evaluate, mutate, no_internal, options, templates};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn run(u: &mut Unstructured) -> Result<()> {
    let t = u.choose(templates())?;
    let mut scheme = t.scheme.clone();
    let n = u.int_in_range(1..=4)?;
    mutate(u, &mut scheme, n)?;
    let mut sample = t.sample.clone();
    let m = u.int_in_range(0..=2)?;
    mutate(u, &mut sample, m)?;
    let options = options(u)?;
    match Engine::from_value(&scheme) {
        Ok(engine) => {
            let people = sample.get("people").and_then(Value::as_array).cloned().unwrap_or_default();
            let mut head = sample.clone();
            if let Value::Object(h) = &mut head {
                h.remove("people");
            }
            evaluate(&engine, &head, &people, &options);
        }
        Err(e) => no_internal(&e),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
