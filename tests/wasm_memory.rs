//! The binding when memory runs out (DESIGN.md, "Large tables"): an evaluation that
//! memory cannot hold is a `TOO_LARGE` error, never a trap, and the engine keeps working.
//! A test binary of its own (its own wasm instance), since it uses up linear memory:
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm_memory
//! ```
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use core::arch::wasm32::{memory_grow, memory_size};
use jixiao::wasm::EngineCore;
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

const SCHEME: &str = r#"{"fields":{"id":"工号"},"indicators":[{"key":"q","name":"销售额","weight":100,
    "actual":{"field":"销售额"},"scoring":{"type":"direct"}}]}"#;

/// `n` rows of about 40 bytes.
fn rows(n: usize) -> String {
    (0..n)
        .map(|i| format!(r#"{{"工号":"E{i:06}","销售额":"{}.5"}}"#, i % 100))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Grows linear memory (outside the allocator) until about `left` bytes remain below
/// the 4 GiB a wasm32 memory can reach; returns how many bytes remain.
fn use_up_memory(left: usize) -> usize {
    let max_pages = 65_536usize;
    let mut step = max_pages;
    while step > 0 {
        let now = memory_size::<0>();
        let room = max_pages.saturating_sub(now).saturating_sub(left / 65_536);
        if room == 0 {
            break;
        }
        if memory_grow::<0>(step.min(room)) == usize::MAX {
            step /= 2; // the host caps memory lower: try smaller steps
        }
    }
    (max_pages - memory_size::<0>()) * 65_536
}

#[wasm_bindgen_test]
fn an_evaluation_memory_cannot_hold_is_too_large_and_the_engine_keeps_working() {
    let core = EngineCore::new(SCHEME).unwrap();
    let big = rows(200_000); // 8 MB of rows: needs ~100 MB
    let small = rows(10);
    let left = use_up_memory(16 << 20);
    assert!(left < 64 << 20, "memory could not be used up (left {left} bytes)");
    for _ in 0..3 {
        let err = core
            .evaluate("{}", &big, "{}", None)
            .expect_err("an evaluation that cannot fit");
        let err: Value = serde_json::from_str(&err.as_string().unwrap()).unwrap();
        assert_eq!(err["code"], "TOO_LARGE", "{err}");
        assert!(err["messages"]["en"].as_str().unwrap().contains("memory"));
        let parts = core
            .evaluate("{}", &small, r#"{"output":"totals"}"#, None)
            .expect("a small evaluation still runs");
        let envelope: Value = serde_json::from_str(&parts.pop().as_string().unwrap()).unwrap();
        assert_eq!(envelope["summary"]["count"], 10, "{envelope}");
    }
}
