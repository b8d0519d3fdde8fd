//! Prints the evaluation of a fixture: `cargo run --example show -- tests/fixtures/scoring-basic.json [locale]`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("tests/fixtures/scoring-basic.json");
    let fx: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let engine = jixiao::Engine::from_value(&fx["scheme"]).unwrap();
    let options = jixiao::EvaluateOptions {
        locale: args.get(2).cloned(),
        explain: true.into(),
        ..Default::default()
    };
    let out = engine.evaluate_value(&fx["input"], &options).unwrap();
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
