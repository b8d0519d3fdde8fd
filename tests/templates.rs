#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
use jixiao::{templates, Engine, EvaluateOptions, Locale};

#[test]
fn scratch() {
    for t in templates(Some(Locale::ZhCn)).unwrap() {
        let e = Engine::from_value(&t.scheme);
        let e = match e {
            Ok(e) => e,
            Err(e) => panic!("{}: {}", t.key, serde_json::to_string_pretty(&e).unwrap()),
        };
        for w in e.warnings() {
            println!("{} warning {} {} {}", t.key, w.code.as_str(), w.path, w.message);
        }
        let out = e
            .evaluate_value(
                &t.sample,
                &EvaluateOptions {
                    explain: true,
                    ..Default::default()
                },
            )
            .unwrap();
        for r in out["results"].as_array().unwrap() {
            println!(
                "{} {} ok={} total={} grade={} vetoed={} payout={} errs={}",
                t.key, r["id"], r["ok"], r["total"], r["grade"], r["vetoed"], r["payout"], r["errors"]
            );
        }
    }
}
