//! # jixiao (绩效)
//!
//! A sales performance engine: exact decimal KPI scoring, weighted totals, grades,
//! ranking and explanations in zh-CN, zh-TW and en. The core is pure Rust; the
//! WebAssembly binding (`src/wasm.rs`) only decodes, calls the core and encodes.
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

mod catalog;
mod compile;
mod dates;
mod engine;
mod error;
mod formula;
mod i18n;
pub mod incentives;
pub mod json;
// the old names of the catalog's parts, kept until the call sites are renamed
#[allow(unused_imports)]
pub(crate) use catalog as library;
#[allow(unused_imports)]
pub(crate) use catalog as templates;
mod measures;
mod numbers;
mod records;
mod scheme;
// the old name of `measures`, kept until the call sites are renamed
use measures as tables;
// host adapters (Huoban, Feishu Bitable, Jiandaoyun)
mod hosts;
pub mod targets;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use catalog::{indicators, library_indicator, IndicatorUnit, LibraryIndicator};
pub use catalog::{template, templates, SampleCases, Template};
pub use dates::{parse_utc_offset, Date};
pub use engine::periods::{
    CalendarBy, Compose, ComposeFrom, ComposeMissing, CompositeCategory, CompositeOutput, CompositeResult,
    CompositeVeto, PeriodCalendar, PeriodEntry, PeriodOutput, PeriodPart, PeriodsInput, PeriodsOutput, MAX_PERIODS,
};
pub use engine::{
    validate_scheme_json, with_numbers, AdjustmentResult, CategoryResult, Dec, Decimals, Engine, EvaluateInput,
    EvaluateOptions, EvaluateOutput, Explanation, IndicatorResult, PayoutLine, PayoutSlice, PersonResult, Step,
    StepInput, Summary, ValidationReport, VetoHit,
};
pub use error::{escape_pointer, ErrorCode, JixiaoError, Severity};
pub use formula::{
    parse_formula, Formula, FormulaValue, FORMULA_MAX_BYTES, FORMULA_MAX_DEPTH, FORMULA_MAX_EXPONENT,
    FORMULA_MAX_NODES, FORMULA_MAX_STEPS,
};
pub use hosts::{
    from_feishu, from_huoban, from_jiandaoyun, to_feishu, to_huoban, to_jiandaoyun, FeishuUpdate, FeishuWrite,
    HostOptions, HostRows, HuobanUpdate, HuobanWrite, JiandaoyunUpdate, JiandaoyunWrite, PlainRow,
};
pub use i18n::{Locale, Text};
pub use incentives::{
    allocate, allocate_detail, award_places, check_tier_table, commission_detail, compute_commission,
    explain_allocation, explain_commission, true_up, AllocateInput, AllocateOutput, Allocation, AwardPlace,
    CommissionBreakdown, CommissionInput, CommissionOutput, IncentiveExplain, Slice, SliceOutput, TierTable,
};
pub use json::{
    allocate_json, commission_json, from_feishu_json, from_huoban_json, from_jiandaoyun_json, to_feishu_json,
    to_huoban_json, to_jiandaoyun_json,
};
pub use json::{decompose_json, decompose_tree_json, replan_json};
pub use json::{indicators_json, template_json, templates_json};
pub use numbers::{
    checked_add, checked_div, checked_mul, checked_sub, decimal_from_f64, format_fixed, format_grouped, format_percent,
    format_plain, parse_json_number, parse_number_text, round, split_largest_remainder, NumberError, RoundingMode,
};
pub use scheme::{
    decode_scheme, Accumulate, Adjustment, Aggregate, AggregateOp, AwardPlan, AwardTies, BonusBy, BonusPlan, Category,
    CommissionMode, CommissionPlan, Condition, CreditSplit, Direction, Fields, GradeBand, Grades, Incentives,
    Indicator, Literal, Missing, Num, Of, On, OnZero, Op, PlanScope, PoolPlan, PoolWeight, PoolWeightName, RankMethod,
    Ranking, RaterMissing, Reverse, Rounding, Scale, Scheme, ScoreBand, Scoring, Tier, ValueSource, Version, Veto,
    WeightOverride, Weighting,
};
pub use targets::{
    decompose, replan, Bound, BoundHit, Calendar, DecomposeExplain, DecomposeInput, DecomposedPart, Decomposition,
    Method, PartSpec, PeriodBy, Replan, ReplanInput, ReplanPart, ReplanPartInput, ReplanStatus,
};
pub use targets::{
    decompose_tree, TreeCapacity, TreeDecomposition, TreeInput, TreeNode, TreeNodeResult, TREE_MAX_LEVELS,
    TREE_MAX_NODES,
};
