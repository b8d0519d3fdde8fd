//! The native integration tests of jixiao, one test binary (`cargo test --test jixiao`;
//! filter by module, e.g. `cargo test --test jixiao targets_tree::`). Each module tests one
//! domain through the public API:
//!
//! - `common`: the helpers the modules share (fixture files, decimals from text and JSON).
//! - `analysis`: what-if between two schemes, the funnel, indicator statistics, digests.
//! - `scoring`: every scoring rule and branch, directions, missing data, raters, vetoes,
//!   ranking, summary, write-back rows, number output, locales and explanations.
//! - `validation`: `validate_scheme_json` reports every problem with code, path and messages.
//! - `bad_schemes`: a table of bad schemes with their codes and paths; weight ranges, tiers
//!   chosen by another figure, columns no row has.
//! - `formula_language`: the formula language itself: parsing, evaluation, errors, bounds.
//! - `schema`: the scheme's JSON Schema is fresh, valid, and agrees with the validator.
//! - `scheme_formulas`: formulas inside schemes, as value sources and as conditions.
//! - `dates`: dates in formulas: the date functions, blank and hostile dates, the period,
//!   `asOf` and the scheme's holiday calendar, formula errors at their JSON pointer.
//! - `checks`: data checks: negative targets, far beyond target, ids that are not ids, shared ids.
//! - `columns`: columnar input gives what JSON rows give, on every fixture and messy rows.
//! - `golden`: every evaluation fixture under `tests/fixtures/` field for field.
//! - `hostile`: hostile input is a structured error, never a panic.
//! - `hosts`: the Huoban, Feishu Bitable and Jiandaoyun adapters, both ways.
//! - `incentives`: commissions, plan checks, true-ups, allocations and awards on their own.
//! - `messages`: every English message is in English (a scan of the sources).
//! - `output_modes`: `output: "scores"` and `"totals"` agree with `"full"` person by person.
//! - `payouts`: incentives inside `evaluate`.
//! - `periods`: period layering (`Engine::evaluate_periods`).
//! - `tables`: measures and aggregates over raw tables.
//! - `targets`: target decomposition over a calendar or explicit parts, and re-planning.
//! - `targets_tree`: decomposition down an organisation tree.
//! - `templates`: the indicator library and the scheme templates.
//! - `snapshot`: every string entry point's exact text against `tests/snapshots/`.
//! - `sources`: value sources: team figures, ranges, per-indicator raters, inactive indicators, strictness.
//! - `props`: the property tests (proptest), one module per domain.
//!
//! The WebAssembly binding has its own binary, `tests/wasm.rs` (wasm-bindgen-test).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::type_complexity,
    clippy::needless_range_loop
)]
#![recursion_limit = "256"]

mod common;

mod analysis;
mod bad_schemes;
mod checks;
mod columns;
mod dates;
mod formula_language;
mod golden;
mod hostile;
mod hosts;
mod incentives;
mod messages;
mod output_modes;
mod payouts;
mod periods;
mod props;
mod schema;
mod scheme_formulas;
mod scoring;
mod snapshot;
mod sources;
mod tables;
mod targets;
mod targets_tree;
mod templates;
mod validation;
