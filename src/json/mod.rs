//! The string entry points: JSON texts in, JSON text out, for the WebAssembly binding and
//! any host that speaks JSON. Each reads its input, calls the core and writes the result
//! through one runner, so every entry decodes, localises and reports errors alike
//! (DESIGN.md, "The string entry layer").
//!
//! | file | entry points |
//! |---|---|
//! | `parts` | an evaluation's output in parts no JavaScript string is too small for ([`PART_BYTES`]), and the heap it takes ([`heap_estimate`]) |
//! | `runner` | the shared steps: object, required keys, decoding with JSON pointers, locale, writing |
//! | `evaluate` | [`validate_scheme_json`], [`evaluate_encoded`], [`evaluate_encoded_parts`], [`evaluate_columns_encoded`], [`evaluate_periods_encoded`] |
//! | `analysis` | [`compare_encoded`], [`funnel_json`], [`digest_json`] |
//! | `incentives` | [`commission_json`], [`allocate_json`] |
//! | `targets` | [`decompose_json`], [`replan_json`], [`decompose_tree_json`] |
//! | `catalog` | [`indicators_json`], [`templates_json`], [`template_json`] |
//! | `hosts` | [`from_huoban_json`], [`from_feishu_json`], [`from_jiandaoyun_json`], [`to_huoban_json`], [`to_feishu_json`], [`to_jiandaoyun_json`] |

mod analysis;
mod catalog;
mod evaluate;
mod hosts;
mod incentives;
mod parts;
mod runner;
mod targets;

pub use analysis::{compare_encoded, digest_json, funnel_json};
pub use catalog::{indicators_json, template_json, templates_json};
pub use evaluate::{
    evaluate_columns_encoded, evaluate_encoded, evaluate_encoded_parts, evaluate_periods_encoded, validate_scheme_json,
    EncodedColumns, CELLS, NOT_A_LIST, NUMBERS, UNREAD,
};
pub use hosts::{
    from_feishu_json, from_huoban_json, from_jiandaoyun_json, to_feishu_json, to_huoban_json, to_jiandaoyun_json,
};
pub use incentives::{allocate_json, commission_json};
pub use parts::{heap_estimate, PART_BYTES};
pub(crate) use runner::decode_option;
pub use targets::{decompose_json, decompose_tree_json, replan_json};
