//! The incentive rules on JSON texts: a standalone commission and allocation.

use super::runner::{run_object, Required};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::incentives::{allocate_detail, commission_detail};

/// [`commission_detail`] on a JSON text `{ plan, base, target?, paid?, rounding?, locale? }`:
/// returns the [`CommissionOutput`](crate::incentives::CommissionOutput) as JSON. Errors
/// carry JSON pointers (`/plan/tiers/1/from`, `/base`, `/target`) and messages in the
/// input's locale; the plan's errors fail the call, its warnings come back in `warnings`.
///
/// ```
/// let out = jixiao::json::commission_json(r#"{"plan":{"mode":"marginal","tiers":[{"from":"0","rate":"0.02"},
///   {"from":"500000","rate":"0.03"},{"from":"1000000","rate":"0.05"}]},"base":"1250000","locale":"en"}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["amount"], "37500.00");
/// assert_eq!(v["slices"][2]["base"], "250000");
/// let e = jixiao::json::commission_json(r#"{"plan":{"tiers":[{"from":1,"rate":0},{"from":1,"rate":0}]},"base":1}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("ORDER", "/plan/tiers/1/from"));
/// ```
pub fn commission_json(json: &str) -> Result<String, JixiaoError> {
    let required = [
        Required {
            key: "plan",
            code: ErrorCode::MissingSetting,
            what: Text::new("缺少提成方案 plan", "缺少提成方案 plan", "the plan is missing"),
        },
        Required {
            key: "base",
            code: ErrorCode::MissingValue,
            what: Text::new("缺少提成基数 base", "缺少提成基數 base", "the base is missing"),
        },
    ];
    run_object(json, &required, commission_detail)
}

/// [`allocate_detail`] on a JSON text `{ amount, weights, caps?, unit?, locale? }`: returns
/// the [`AllocateOutput`](crate::incentives::AllocateOutput) as JSON. Errors carry JSON
/// pointers (`/weights/2`, `/caps/0`, `/amount`, `/unit`) and messages in the input's locale.
///
/// ```
/// let out = jixiao::json::allocate_json(r#"{"amount":"100000.00","weights":["105.92","72.76","43.75"],
///   "caps":["40000",null,null]}"#).unwrap();
/// assert!(out.contains(r#""parts":["40000.00","37469.75","22530.25"]"#));
/// let e = jixiao::json::allocate_json(r#"{"amount":1,"weights":[1,-1],"locale":"en"}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_SETTING", "/weights/1"));
/// assert_eq!(e.message, "a weight must not be negative: -1");
/// ```
pub fn allocate_json(json: &str) -> Result<String, JixiaoError> {
    let required = [
        Required {
            key: "amount",
            code: ErrorCode::MissingValue,
            what: Text::new("缺少分配金额 amount", "缺少分配金額 amount", "the amount is missing"),
        },
        Required {
            key: "weights",
            code: ErrorCode::MissingSetting,
            what: Text::new("缺少权重 weights", "缺少權重 weights", "the weights are missing"),
        },
    ];
    run_object(json, &required, allocate_detail)
}
