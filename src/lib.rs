//! # jixiao (绩效)
//!
//! A sales performance engine: exact decimal KPI scoring, weighted totals, grades,
//! ranking and explanations in zh-CN, zh-TW and en; target decomposition; commissions,
//! bonuses, pools and awards; host adapters for no-code tables. The core is pure Rust
//! over `rust_decimal` (no binary floating point); the WebAssembly binding (`wasm`, built
//! only for wasm32) only decodes, calls the core and encodes. DESIGN.md opens with the
//! map of the crate and records every rule.
//!
//! # A tour
//!
//! **Score people.** An [`Engine`] is a compiled [`scheme::Scheme`]: compile once,
//! evaluate many times. A bad row never stops the good rows.
//!
//! ```
//! let scheme = r#"{
//!   "indicators": [{ "key": "revenue", "name": "销售额", "weight": 100,
//!     "actual": { "field": "销售额" }, "target": { "field": "目标" },
//!     "scoring": { "type": "linear", "cap": "1.2" } }],
//!   "fields": { "id": "工号" }
//! }"#;
//! let engine = jixiao::Engine::from_json(scheme).unwrap();
//! let out = engine.evaluate_value(
//!     &serde_json::json!({ "people": [{ "工号": "E1", "销售额": "120万", "目标": 1000000 }] }),
//!     &jixiao::EvaluateOptions::default(),
//! ).unwrap();
//! assert_eq!(out["results"][0]["total"], "120.00");
//! ```
//!
//! **Several periods** and their composite: [`Engine::evaluate_periods`], types in [`periods`].
//!
//! **Split a target** over months, quarters or named parts ([`decompose`]), down an
//! organisation tree ([`decompose_tree`]), or re-plan mid-year ([`replan`]); types in
//! [`targets`].
//!
//! ```
//! let input: jixiao::targets::DecomposeInput =
//!     serde_json::from_str(r#"{"total":"100","parts":[{"key":"A"},{"key":"B"},{"key":"C"}]}"#).unwrap();
//! let parts: Vec<String> = jixiao::decompose(&input).unwrap().parts.iter().map(|p| p.value.to_string()).collect();
//! assert_eq!(parts, ["33.34", "33.33", "33.33"]); // sums exactly to the total
//! ```
//!
//! **Pay.** A standalone commission or pool split ([`commission_detail`],
//! [`allocate_detail`]; rules and types in [`incentives`]), or a scheme's `incentives`
//! paid inside an evaluation.
//!
//! ```
//! let input: jixiao::incentives::AllocateInput =
//!     serde_json::from_str(r#"{"amount":"100000","weights":[3,1],"caps":["60000",null]}"#).unwrap();
//! let out = jixiao::allocate_detail(input, jixiao::Locale::En).unwrap();
//! assert_eq!(out.parts, ["60000.00", "40000.00"]);
//! ```
//!
//! **Start from the catalog**: the indicator library ([`indicators`]) and ready scheme
//! templates ([`templates`], [`template`]); types in [`catalog`].
//!
//! **Read and write host tables**: Huoban, Feishu Bitable and Jiandaoyun records as plain
//! rows ([`from_huoban`], [`from_feishu`], [`from_jiandaoyun`]) and results back as each
//! host's update body ([`to_huoban`], [`to_feishu`], [`to_jiandaoyun`]); types in [`hosts`].
//!
//! **Analyse**: compare two schemes on the same people ([`Engine::compare`]), a sales
//! funnel ([`funnel`]), indicator statistics (`EvaluateOptions::statistics`) and digests
//! for replay ([`analysis::Digest`]); types in [`analysis`].
//!
//! **Formulas** in Excel syntax, evaluated in decimals with bounds on work:
//! [`parse_formula`], types in [`formula`]. Cell text as numbers and dates: [`numbers`], [`dates`].
//!
//! **Strings in, strings out**: every entry point on JSON texts, as the JS package calls
//! them, is in [`json`].
//!
//! Every failure is one [`JixiaoError`] with a stable [`ErrorCode`], a JSON pointer or
//! row and field, and messages in the three [`Locale`]s.
#![warn(missing_docs)]
#![allow(clippy::result_large_err)] // errors are rare, carry three messages and cross to JS whole
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

mod compile;
mod engine;
mod error;
mod i18n;
mod measures;
pub mod records;

pub mod analysis;
pub mod catalog;
pub mod dates;
pub mod formula;
pub mod hosts;
pub mod incentives;
pub mod json;
pub mod numbers;
pub mod scheme;
pub mod targets;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::periods;
pub use engine::{
    AdjustmentResult, CategoryResult, CompactOutput, CompactResult, Dec, Decimals, Engine, EvaluateInput,
    EvaluateOptions, EvaluateOutput, Explain, Explanation, IndicatorHead, IndicatorResult, IndicatorScore, OutputMode,
    PayoutLine, PayoutSlice, PersonResult, Step, StepInput, Summary, ValidationReport, VetoHit, PROGRESS_BLOCK,
};
pub use error::{ErrorCode, JixiaoError, Severity};
pub use i18n::{Locale, Text};

pub use analysis::funnel;
pub use catalog::{indicators, template, templates};
pub use formula::parse_formula;
pub use hosts::{from_feishu, from_huoban, from_jiandaoyun, to_feishu, to_huoban, to_jiandaoyun};
pub use incentives::{allocate_detail, commission_detail};
pub use targets::{decompose, decompose_tree, replan};
