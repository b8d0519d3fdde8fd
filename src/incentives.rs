//! Incentives (激励), SPEC §6: tiered commissions (超额累进 / 全额累进, on the value or on
//! the achievement rate), caps, clawbacks on negative bases, year-to-date true-ups, pool
//! allocation with caps, and award places. Pure core: no wasm-bindgen here.
//!
//! # Commissions
//!
//! A tier applies from its `from` (inclusive). With `on: "value"` (the default) the tier
//! boundaries are the `from` values themselves; with `on: "achievement"` `from` is an
//! achievement rate and the boundaries are target × from.
//!
//! - `marginal` (超额累进, the default): the part of the base in each tier's slice is paid at
//!   that tier's rate. Each slice's pay is rounded to the money places and the amount is the
//!   **sum of the rounded pays**, so the explanation adds up. Below the first tier nothing
//!   is paid.
//! - `whole` (全额累进): the whole base at the rate of the highest tier whose boundary is
//!   ≤ the base, rounded once. Below the first tier nothing is paid.
//! - A negative base (refunds, credit notes) is never turned positive: it pays
//!   base × the rate of the tier that contains 0 (nothing when no tier does), a negative
//!   amount (a clawback), in both modes. The marginal payout is then continuous at 0.
//! - `cap`: the amount is at most the cap (rounded down to the money places); a clawback is
//!   never capped.
//!
//! # Allocation
//!
//! [`allocate`] splits an amount by weights into multiples of a unit by the largest
//! remainder (ties: the earlier person). A person whose exact share exceeds their cap
//! (rounded down to the unit) is fixed at the cap and the rest re-spread over the others by
//! the same weights, until nobody's share exceeds their cap. The parts sum exactly to the
//! amount unless everyone with a weight is capped; then `unallocated` holds the rest.

use crate::error::{escape_pointer, ErrorCode, JixiaoError, Severity};
use crate::i18n::{Locale, Text};
use crate::numbers::exact::{add, div, mul, overflow, sub};
use crate::numbers::{
    format_fixed, format_grouped, format_percent, format_plain, round, split_largest_remainder, NumberError,
    RoundingMode,
};
use crate::scheme::{AwardTies, CommissionMode, Num, On, Rounding, Tier};
use crate::text;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The most decimal places a money figure may have (as for the scheme's `rounding`).
const MAX_PLACES: u32 = 12;

/// Places an award share is cut to when the places left do not divide evenly.
const SHARE_PLACES: u32 = 20;

// ---------------------------------------------------------------- types

fn on_value() -> On {
    On::Value
}

/// A commission plan: tiers, mode, basis and cap. Unknown keys are ignored, because a
/// scheme's commission carries more (`base`, `target`, `gate`, `key`, `name` …).
///
/// ```
/// let t: jixiao::TierTable = serde_json::from_str(r#"{"base":{"field":"销售额"},
///   "tiers":[{"from":0,"rate":"2%"},{"from":"50万","rate":"3%"}]}"#).unwrap();
/// assert_eq!(t.mode, jixiao::CommissionMode::Marginal);
/// assert_eq!(t.on, jixiao::On::Value);
/// assert_eq!(t.cap, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TierTable {
    /// The tiers, by strictly increasing `from`.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// `marginal` (default) or `whole`.
    #[serde(default)]
    pub mode: CommissionMode,
    /// `value` (default): `from` is a base value; `achievement`: `from` is an achievement
    /// rate and the boundaries are target × from.
    #[serde(default = "on_value")]
    pub on: On,
    /// The most the commission may pay (a clawback is not capped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
}

/// One slice of a commission: the part of the base between two boundaries, at one rate.
///
/// ```
/// let t: jixiao::TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},{"from":100,"rate":"0.05"}]}"#).unwrap();
/// let b = jixiao::compute_commission(&t, "150".parse().unwrap(), None, 2, jixiao::RoundingMode::HalfUp).unwrap();
/// let s = &b.slices[1];
/// assert_eq!((s.from.to_string(), s.to, s.amount_in_slice.to_string(), s.pay.to_string()),
///     ("100".into(), None, "50".into(), "2.50".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Slice {
    /// Where the slice starts (the tier's boundary, or 0; the base itself for a clawback).
    pub from: Decimal,
    /// The tier's upper boundary (`None` for the highest tier and in whole mode; 0 for a clawback).
    pub to: Option<Decimal>,
    /// The rate applied.
    pub rate: Decimal,
    /// The part of the base in this slice (the whole base in whole mode; negative for a clawback).
    pub amount_in_slice: Decimal,
    /// amount_in_slice × rate, rounded to the money places.
    pub pay: Decimal,
    /// The 0-based index of the tier.
    pub tier: usize,
}

/// A commission, computed: the amount and every step that led to it.
///
/// ```
/// let t: jixiao::TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"}],"cap":"100"}"#).unwrap();
/// let b = jixiao::compute_commission(&t, "10000".parse().unwrap(), None, 2, jixiao::RoundingMode::HalfUp).unwrap();
/// assert_eq!((b.amount.to_string(), b.uncapped.to_string(), b.capped), ("100.00".into(), "200.00".into(), true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CommissionBreakdown {
    /// What is paid, at the money places: the uncapped amount, capped (negative = clawback).
    pub amount: Decimal,
    /// The sum of the slices' rounded pays, before the cap.
    pub uncapped: Decimal,
    /// The slices (marginal), the one whole-base slice (whole), or the clawback slice.
    pub slices: Vec<Slice>,
    /// The tier applied (whole, clawback) or the highest tier reached (marginal); `None` below the first tier.
    pub tier: Option<usize>,
    /// The single rate applied (whole mode, or a clawback); `None` in marginal mode.
    pub rate: Option<Decimal>,
    /// True when the cap cut the amount.
    pub capped: bool,
    /// True when the base is negative (refunds, credit notes): the amount is a clawback.
    pub negative_base: bool,
    /// The base, as given.
    pub base: Decimal,
    /// The target, as given.
    pub target: Option<Decimal>,
    /// The mode used.
    pub mode: CommissionMode,
    /// The basis used.
    pub on: On,
    /// Each tier's boundary in base units (target × from with `on: "achievement"`).
    pub boundaries: Vec<Decimal>,
    /// The cap in force, rounded down to the money places.
    pub cap: Option<Decimal>,
}

/// The result of [`allocate`].
///
/// ```
/// use rust_decimal::Decimal;
/// let a = jixiao::allocate(Decimal::from(10), &[Decimal::ONE, Decimal::ONE], &[Some(Decimal::TWO), Some(Decimal::TWO)],
///     Decimal::ONE).unwrap();
/// assert_eq!(a.parts, vec![Decimal::TWO, Decimal::TWO]);
/// assert_eq!(a.unallocated, Decimal::from(6));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Allocation {
    /// Each person's part, a multiple of the unit.
    pub parts: Vec<Decimal>,
    /// True for a person fixed at their cap.
    pub capped: Vec<bool>,
    /// What could not be given because everyone with a weight is capped (parts + unallocated = amount).
    pub unallocated: Decimal,
    /// Passes made: 1 when no cap binds, one more for each re-spread.
    pub rounds: u32,
    /// Each person's cap in force, rounded down to the unit (`None`: no cap).
    pub caps: Vec<Option<Decimal>>,
    /// The unit every part is a multiple of.
    pub unit: Decimal,
}

/// A winner's place in an award: competition rank and share of a prize.
///
/// ```
/// use rust_decimal::Decimal;
/// let p = jixiao::award_places(&[Some(Decimal::ONE)], 3, jixiao::AwardTies::Include);
/// assert_eq!(p[0], Some(jixiao::AwardPlace { rank: 1, share: Decimal::ONE, tied: 1 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AwardPlace {
    /// Competition rank (1, 2, 2, 4), higher figure first.
    pub rank: u32,
    /// Share of one prize: 1, or places left ÷ group size for a split tie.
    pub share: Decimal,
    /// How many share this rank (1 when not tied).
    pub tied: u32,
}

// ---------------------------------------------------------------- helpers

fn is_negative(v: Decimal) -> bool {
    v.is_sign_negative() && !v.is_zero()
}

fn scale_of(v: Decimal) -> u32 {
    v.normalize().scale()
}

/// A base amount or boundary at its own places, grouped: `1,250,000`, `999,999.99`.
fn amount_text(v: Decimal) -> String {
    format_grouped(v, scale_of(v), RoundingMode::HalfUp)
}

/// Money, grouped, at `places` places: `37,500.00`.
fn money_text(v: Decimal, places: u32) -> String {
    format_grouped(v, places, RoundingMode::HalfUp)
}

/// A figure at least at 2 places and exact: `5,000.00`, `0.125`.
fn exact_money(v: Decimal) -> String {
    format_grouped(v, scale_of(v).max(2), RoundingMode::HalfUp)
}

/// A rate as an exact percentage: `0.02` → `2%`, `0.025` → `2.5%`.
fn pct(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", format_plain(p)),
        None => format_plain(rate),
    }
}

/// A tier's start as written: an amount, or a percentage with `on: "achievement"`.
fn from_text(on: On, from: Decimal) -> String {
    match on {
        On::Value => amount_text(from),
        On::Achievement => pct(from),
    }
}

fn sep(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "; ",
        _ => "；",
    }
}

fn label_text(t: &TierTable, tier: usize, locale: Locale) -> String {
    match t.tiers.get(tier).and_then(|x| x.label.as_deref()) {
        Some(l) if !l.is_empty() => match locale {
            Locale::En => format!(" ({l})"),
            _ => format!("（{l}）"),
        },
        _ => String::new(),
    }
}

/// A JSON pointer from serde_path_to_error's path.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&index.to_string()),
            serde_path_to_error::Segment::Map { key } => out.push_str(&escape_pointer(key)),
            serde_path_to_error::Segment::Enum { variant } => out.push_str(variant),
            serde_path_to_error::Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The input as a JSON object (an array would be read field by field: refused).
fn read_json(json: &str) -> Result<serde_json::Value, JixiaoError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        JixiaoError::new(
            ErrorCode::InvalidJson,
            "",
            text!(
                "输入不是有效的 JSON：{e}",
                "輸入不是有效的 JSON：{e}",
                "the input is not JSON: {e}"
            ),
        )
    })?;
    if !value.is_object() {
        return Err(JixiaoError::new(
            ErrorCode::InvalidInput,
            "/",
            Text::new(
                "输入必须是一个 JSON 对象",
                "輸入必須是一個 JSON 物件",
                "the input must be a JSON object",
            ),
        ));
    }
    Ok(value)
}

fn parse_locale(tag: Option<&str>) -> Result<Locale, JixiaoError> {
    match tag {
        None => Ok(Locale::default()),
        Some(tag) => Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag.chars().take(20).collect();
            JixiaoError::new(
                ErrorCode::InvalidSetting,
                "/locale",
                text!(
                    "未知的语言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "未知的語言 {shown:?}（可用：zh-CN、zh-TW、en）",
                    "unknown locale {shown:?} (use zh-CN, zh-TW or en)",
                ),
            )
        }),
    }
}

/// Decodes `value` as `T`, a wrong shape as `INVALID_INPUT` with its JSON pointer.
fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, JixiaoError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = pointer(e.path());
        let inner = e.into_inner();
        JixiaoError::new(
            ErrorCode::InvalidInput,
            path,
            text!("输入有误：{inner}", "輸入有誤：{inner}", "invalid input: {inner}"),
        )
    })
}

/// An error when a required key is absent or `null`.
fn require(value: &serde_json::Value, key: &str, code: ErrorCode, what: Text) -> Result<(), JixiaoError> {
    if value.get(key).is_none_or(serde_json::Value::is_null) {
        return Err(JixiaoError::new(code, format!("/{key}"), what));
    }
    Ok(())
}

fn to_json<T: Serialize>(out: &T) -> Result<String, JixiaoError> {
    serde_json::to_string(out).map_err(|e| {
        JixiaoError::new(
            ErrorCode::Internal,
            "",
            text!("无法写出结果：{e}", "無法寫出結果：{e}", "cannot write the result: {e}"),
        )
    })
}

// ---------------------------------------------------------------- plan checks

/// Checks a commission plan: errors for no tiers, `from` not strictly increasing
/// (`ORDER` at `{path}/tiers/{i}/from`), a negative cap, and an achievement `from` below 0;
/// warnings for a rate lower than the tier before (`DECREASING_RATE`) and, in whole mode,
/// for the jump each boundary makes (`TIER_CLIFF`: from × (rate − the rate before), or
/// that share of the target with `on: "achievement"`).
///
/// ```
/// use jixiao::{check_tier_table, ErrorCode, Severity, TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"mode":"whole",
///   "tiers":[{"from":0,"rate":"0.02"},{"from":500000,"rate":"0.03"},{"from":400000,"rate":"0.01"}]}"#).unwrap();
/// let issues = check_tier_table(&t, "/incentives/0");
/// let codes: Vec<_> = issues.iter().map(|e| (e.code.as_str(), e.path.as_str(), e.severity)).collect();
/// assert!(codes.contains(&("ORDER", "/incentives/0/tiers/2/from", Severity::Error)));
/// assert!(codes.contains(&("TIER_CLIFF", "/incentives/0/tiers/1", Severity::Warning)));
/// assert!(codes.contains(&("DECREASING_RATE", "/incentives/0/tiers/2/rate", Severity::Warning)));
/// let cliff = issues.iter().find(|e| e.code == ErrorCode::TierCliff).unwrap();
/// assert!(cliff.messages.en.contains("one more unit of base at 500,000 adds 5,000.00"));
/// ```
pub fn check_tier_table(t: &TierTable, path: &str) -> Vec<JixiaoError> {
    let mut out = Vec::new();
    if t.tiers.is_empty() {
        out.push(JixiaoError::new(
            ErrorCode::MissingSetting,
            format!("{path}/tiers"),
            Text::new("提成方案没有档位", "提成方案沒有檔位", "the plan has no tiers"),
        ));
    }
    for (i, tier) in t.tiers.iter().enumerate() {
        if t.on == On::Achievement && is_negative(tier.from.0) {
            let f = pct(tier.from.0);
            out.push(JixiaoError::new(
                ErrorCode::InvalidSetting,
                format!("{path}/tiers/{i}/from"),
                text!(
                    "达成率档位的起点不能小于 0：{f}",
                    "達成率檔位的起點不能小於 0：{f}",
                    "an achievement tier cannot start below 0: {f}",
                ),
            ));
        }
    }
    for (i, (prev, cur)) in t.tiers.iter().zip(t.tiers.iter().skip(1)).enumerate() {
        let i = i.saturating_add(1);
        let (f, pf) = (from_text(t.on, cur.from.0), from_text(t.on, prev.from.0));
        if cur.from.0 <= prev.from.0 {
            out.push(JixiaoError::new(
                ErrorCode::Order,
                format!("{path}/tiers/{i}/from"),
                text!(
                    "档位起点必须严格递增：{f} 不大于上一档的 {pf}",
                    "檔位起點必須嚴格遞增：{f} 不大於上一檔的 {pf}",
                    "tiers must start in strictly increasing order: {f} does not exceed the tier before ({pf})",
                ),
            ));
        }
        if cur.rate.0 < prev.rate.0 {
            let (r, pr) = (pct(cur.rate.0), pct(prev.rate.0));
            out.push(JixiaoError::warning(
                ErrorCode::DecreasingRate,
                format!("{path}/tiers/{i}/rate"),
                text!(
                    "从 {f} 起的费率 {r} 低于上一档（{pr}）：基数越高，费率反而越低",
                    "從 {f} 起的費率 {r} 低於上一檔（{pr}）：基數越高，費率反而越低",
                    "the rate {r} from {f} is lower than the tier before ({pr}): a higher base earns a lower rate",
                ),
            ));
        }
    }
    if let Some(cap) = t.cap {
        if is_negative(cap.0) {
            let c = cap.0;
            out.push(JixiaoError::new(
                ErrorCode::InvalidSetting,
                format!("{path}/cap"),
                text!(
                    "封顶金额不能为负数：{c}",
                    "封頂金額不能為負數：{c}",
                    "the cap must not be negative: {c}"
                ),
            ));
        }
    }
    if t.mode == CommissionMode::Whole {
        let mut before = Decimal::ZERO;
        for (i, tier) in t.tiers.iter().enumerate() {
            let rate = tier.rate.0;
            if let Some(w) = cliff_warning(t.on, tier.from.0, before, rate, &format!("{path}/tiers/{i}")) {
                out.push(w);
            }
            before = rate;
        }
    }
    out
}

/// The `TIER_CLIFF` warning for a whole-mode boundary at `from` where the rate goes from
/// `before` to `rate`; none when the boundary is not above 0 or the rate does not change.
fn cliff_warning(on: On, from: Decimal, before: Decimal, rate: Decimal, path: &str) -> Option<JixiaoError> {
    if from <= Decimal::ZERO {
        return None;
    }
    let delta = rate.checked_sub(before)?;
    if delta.is_zero() {
        return None;
    }
    let up = delta > Decimal::ZERO;
    let (r, b) = (pct(rate), pct(before));
    let msg = match on {
        On::Value => {
            let f = amount_text(from);
            let jump = exact_money(from.checked_mul(delta)?.abs());
            if up {
                text!(
                    "全额累进：基数到 {f} 时多一个单位，提成就跳增 {jump}（{f} × ({r} − {b})），存在断崖",
                    "全額累進：基數到 {f} 時多一個單位，提成就跳增 {jump}（{f} × ({r} − {b})），存在斷崖",
                    "whole mode: one more unit of base at {f} adds {jump} ({f} × ({r} − {b})): a cliff",
                )
            } else {
                text!(
                    "全额累进：基数到 {f} 时多一个单位，提成反而减少 {jump}（{f} × ({r} − {b})）",
                    "全額累進：基數到 {f} 時多一個單位，提成反而減少 {jump}（{f} × ({r} − {b})）",
                    "whole mode: one more unit of base at {f} lowers the payout by {jump} ({f} × ({r} − {b}))",
                )
            }
        }
        On::Achievement => {
            let f = pct(from);
            let share = pct(from.checked_mul(delta)?.abs());
            if up {
                text!(
                    "全额累进：达成率到 {f} 时提成跳增目标的 {share}（目标 × {f} × ({r} − {b})），存在断崖",
                    "全額累進：達成率到 {f} 時提成跳增目標的 {share}（目標 × {f} × ({r} − {b})），存在斷崖",
                    "whole mode: reaching an achievement of {f} adds {share} of the target at once \
                     (target × {f} × ({r} − {b})): a cliff",
                )
            } else {
                text!(
                    "全额累进：达成率到 {f} 时提成反而减少目标的 {share}（目标 × {f} × ({r} − {b})）",
                    "全額累進：達成率到 {f} 時提成反而減少目標的 {share}（目標 × {f} × ({r} − {b})）",
                    "whole mode: reaching an achievement of {f} lowers the payout by {share} of the target \
                     (target × {f} × ({r} − {b}))",
                )
            }
        }
    };
    Some(JixiaoError::warning(ErrorCode::TierCliff, path, msg))
}

// ---------------------------------------------------------------- commission

fn boundaries(t: &TierTable, target: Option<Decimal>) -> Result<Vec<Decimal>, JixiaoError> {
    match t.on {
        On::Value => Ok(t.tiers.iter().map(|x| x.from.0).collect()),
        On::Achievement => {
            let target = match target {
                None => {
                    return Err(JixiaoError::new(
                        ErrorCode::MissingValue,
                        "/target",
                        Text::new(
                            "按达成率分档需要目标值，但没有给出目标",
                            "按達成率分檔需要目標值，但沒有給出目標",
                            "tiers on achievement need a target, and none was given",
                        ),
                    ))
                }
                Some(v) if v <= Decimal::ZERO => {
                    return Err(JixiaoError::new(
                        ErrorCode::ZeroDivisor,
                        "/target",
                        text!(
                            "目标为 {v}：按达成率分档需要大于 0 的目标",
                            "目標為 {v}：按達成率分檔需要大於 0 的目標",
                            "the target is {v}: tiers on achievement need a target above 0",
                        ),
                    ))
                }
                Some(v) => v,
            };
            t.tiers.iter().map(|x| mul(target, x.from.0)).collect()
        }
    }
}

/// The highest tier whose boundary is ≤ `x` (boundaries increase).
fn tier_at(bounds: &[Decimal], x: Decimal) -> Option<usize> {
    bounds.iter().rposition(|b| *b <= x)
}

/// Computes a commission on `base` (SPEC §6; see the module docs): marginal slices, each
/// rounded to `money_places` with `mode`, summed; or the whole base at one rate; a negative
/// base as a clawback at the rate of the tier containing 0; then the cap.
///
/// Errors: the plan's own errors (see [`check_tier_table`], paths relative to the plan),
/// `MISSING_VALUE` / `ZERO_DIVISOR` at `/target` for achievement tiers without a positive
/// target, `INVALID_SETTING` at `/rounding/money` above 12 places, `OVERFLOW`.
///
/// ```
/// use jixiao::{compute_commission, RoundingMode, TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},
///   {"from":500000,"rate":"0.03"},{"from":1000000,"rate":"0.05"}]}"#).unwrap();
/// let b = compute_commission(&t, "1250000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(b.amount.to_string(), "37500.00");
/// let pays: Vec<String> = b.slices.iter().map(|s| s.pay.to_string()).collect();
/// assert_eq!(pays, ["10000.00", "15000.00", "12500.00"]);
/// let refund = compute_commission(&t, "-50000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(refund.amount.to_string(), "-1000.00");
/// ```
pub fn compute_commission(
    t: &TierTable,
    base: Decimal,
    target: Option<Decimal>,
    money_places: u32,
    mode: RoundingMode,
) -> Result<CommissionBreakdown, JixiaoError> {
    if let Some(e) = check_tier_table(t, "")
        .into_iter()
        .find(|e| e.severity == Severity::Error)
    {
        return Err(e);
    }
    compute_checked_commission(t, base, target, money_places, mode)
}

/// [`compute_commission`] on a table already checked by [`check_tier_table`] (a compiled
/// scheme's plan): the engine's per-row path, which must not re-check (and re-format the
/// plan's warnings) for every person.
pub(crate) fn compute_checked_commission(
    t: &TierTable,
    base: Decimal,
    target: Option<Decimal>,
    money_places: u32,
    mode: RoundingMode,
) -> Result<CommissionBreakdown, JixiaoError> {
    if money_places > MAX_PLACES {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/rounding/money",
            text!(
                "小数位数 {money_places} 超出范围（0–12）",
                "小數位數 {money_places} 超出範圍（0–12）",
                "{money_places} decimal places is out of range (0–12)",
            ),
        ));
    }
    let bounds = boundaries(t, target)?;
    let rates: Vec<Decimal> = t.tiers.iter().map(|x| x.rate.0).collect();
    let rate_of = |k: usize| rates.get(k).copied().unwrap_or_default();
    let negative_base = is_negative(base);
    let mut slices = Vec::new();
    let (tier, rate) = if negative_base {
        match tier_at(&bounds, Decimal::ZERO) {
            Some(k) => {
                let r = rate_of(k);
                slices.push(Slice {
                    from: base,
                    to: Some(Decimal::ZERO),
                    rate: r,
                    amount_in_slice: base,
                    pay: round(mul(base, r)?, money_places, mode),
                    tier: k,
                });
                (Some(k), Some(r))
            }
            None => (None, None),
        }
    } else {
        match t.mode {
            CommissionMode::Marginal => {
                let uppers = bounds.iter().skip(1).copied().map(Some).chain(std::iter::once(None));
                for (k, (lower, upper)) in bounds.iter().copied().zip(uppers).enumerate() {
                    let lo = lower.max(Decimal::ZERO);
                    if lo >= base {
                        break;
                    }
                    let hi = match upper {
                        Some(u) if u < base => u,
                        _ => base,
                    };
                    if hi <= lo {
                        continue; // a tier wholly below 0
                    }
                    let part = sub(hi, lo)?;
                    let r = rate_of(k);
                    slices.push(Slice {
                        from: lo,
                        to: upper,
                        rate: r,
                        amount_in_slice: part,
                        pay: round(mul(part, r)?, money_places, mode),
                        tier: k,
                    });
                }
                (slices.last().map(|s| s.tier), None)
            }
            CommissionMode::Whole => match tier_at(&bounds, base).filter(|_| !base.is_zero()) {
                Some(k) => {
                    let r = rate_of(k);
                    slices.push(Slice {
                        from: Decimal::ZERO,
                        to: None,
                        rate: r,
                        amount_in_slice: base,
                        pay: round(mul(base, r)?, money_places, mode),
                        tier: k,
                    });
                    (Some(k), Some(r))
                }
                None => (None, None),
            },
        }
    };
    let mut uncapped = round(Decimal::ZERO, money_places, mode);
    for s in &slices {
        uncapped = add(uncapped, s.pay)?;
    }
    let uncapped = round(uncapped, money_places, mode);
    let cap = t.cap.map(|c| round(c.0, money_places, RoundingMode::Down));
    let (amount, capped) = match cap {
        Some(c) if uncapped > c => (c, true),
        _ => (uncapped, false),
    };
    Ok(CommissionBreakdown {
        amount,
        uncapped,
        slices,
        tier,
        rate,
        capped,
        negative_base,
        base,
        target,
        mode: t.mode,
        on: t.on,
        boundaries: bounds,
        cap,
    })
}

/// The steps of a commission as lines of text in `locale`: for achievement tiers the
/// achievement and the boundaries; the slices with their pays and the total (marginal),
/// or the tier reached and the whole base × its rate (whole); a clawback for a negative
/// base; nothing-paid below the first tier; the cap.
///
/// ```
/// use jixiao::{compute_commission, explain_commission, Locale, RoundingMode, TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},
///   {"from":500000,"rate":"0.03"},{"from":1000000,"rate":"0.05"}]}"#).unwrap();
/// let b = compute_commission(&t, "1250000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(explain_commission(&b, &t, Locale::ZhCn, 2), vec![
///     "0–500,000 × 2% = 10,000.00；500,000–1,000,000 × 3% = 15,000.00；1,000,000–1,250,000 × 5% = 12,500.00；合计 37,500.00"]);
/// ```
pub fn explain_commission(b: &CommissionBreakdown, t: &TierTable, locale: Locale, money_places: u32) -> Vec<String> {
    let mut lines = Vec::new();
    let line = |x: Text| x.get(locale).to_string();
    let money = |v: Decimal| money_text(v, money_places);
    let base = amount_text(b.base);
    if t.on == On::Achievement {
        if let Some(target) = b.target.filter(|v| *v > Decimal::ZERO) {
            let ach = b
                .base
                .checked_div(target)
                .map(|a| format_percent(a, 2, RoundingMode::HalfUp))
                .unwrap_or_default();
            let tg = amount_text(target);
            let edges = t
                .tiers
                .iter()
                .zip(&b.boundaries)
                .map(|(x, e)| format!("{} → {}", pct(x.from.0), amount_text(*e)))
                .collect::<Vec<_>>();
            let (cn, en) = (edges.join("、"), edges.join(", "));
            lines.push(line(text!(
                "按达成率分档：达成率 {ach} = {base} ÷ 目标 {tg}；档位边界 = 目标 × 起点（{cn}）",
                "按達成率分檔：達成率 {ach} = {base} ÷ 目標 {tg}；檔位邊界 = 目標 × 起點（{cn}）",
                "tiers on achievement: achievement {ach} = {base} ÷ target {tg}; boundaries = target × start ({en})",
            )));
        }
    }
    let first = b.boundaries.first().copied();
    if b.negative_base {
        match (b.slices.first(), b.rate) {
            (Some(s), Some(r)) => {
                let (rt, pay) = (pct(r), money(s.pay));
                lines.push(line(text!(
                    "基数为负 {base}（退款或红冲）：按含 0 的档位费率 {rt} 追回，{base} × {rt} = {pay}",
                    "基數為負 {base}（退款或紅沖）：按含 0 的檔位費率 {rt} 追回，{base} × {rt} = {pay}",
                    "negative base {base} (refunds or credit notes): clawed back at the rate of the tier \
                     containing 0, {base} × {rt} = {pay}",
                )));
            }
            _ => {
                let zero = money(b.amount);
                lines.push(line(text!(
                    "基数为负 {base}（退款或红冲）：没有档位包含 0，不追回，提成 {zero}",
                    "基數為負 {base}（退款或紅沖）：沒有檔位包含 0，不追回，提成 {zero}",
                    "negative base {base} (refunds or credit notes): no tier contains 0, nothing is clawed \
                     back: {zero}",
                )));
            }
        }
        return lines;
    }
    if b.slices.is_empty() {
        let zero = money(b.amount);
        match first.filter(|f| *f > b.base) {
            Some(f) => {
                let f = amount_text(f);
                lines.push(line(text!(
                    "基数 {base} 未达首档起点 {f}，提成 {zero}",
                    "基數 {base} 未達首檔起點 {f}，提成 {zero}",
                    "the base {base} is below the first tier's start {f}: {zero}",
                )));
            }
            None => lines.push(line(text!(
                "基数 {base}，提成 {zero}",
                "基數 {base}，提成 {zero}",
                "base {base}: {zero}",
            ))),
        }
    } else {
        match b.mode {
            CommissionMode::Marginal => {
                if let Some(f) = first.filter(|f| *f > Decimal::ZERO) {
                    let f = amount_text(f);
                    lines.push(line(text!(
                        "低于首档起点 {f} 的部分不计提成",
                        "低於首檔起點 {f} 的部分不計提成",
                        "the part below the first tier's start {f} earns nothing",
                    )));
                }
                let mut parts: Vec<String> = b
                    .slices
                    .iter()
                    .map(|s| {
                        let top = s.from.checked_add(s.amount_in_slice).unwrap_or(b.base);
                        format!(
                            "{}–{} × {}{} = {}",
                            amount_text(s.from),
                            amount_text(top),
                            pct(s.rate),
                            label_text(t, s.tier, locale),
                            money(s.pay)
                        )
                    })
                    .collect();
                let total = money(b.uncapped);
                parts.push(line(text!("合计 {total}", "合計 {total}", "total {total}")));
                lines.push(parts.join(sep(locale)));
            }
            CommissionMode::Whole => {
                if let Some(s) = b.slices.first() {
                    let edge = b.boundaries.get(s.tier).copied().unwrap_or_default();
                    let start = match t.on {
                        On::Value => amount_text(edge),
                        On::Achievement => {
                            let f = t.tiers.get(s.tier).map(|x| pct(x.from.0)).unwrap_or_default();
                            format!("{} ({f})", amount_text(edge))
                        }
                    };
                    let (rt, lb, pay) = (pct(s.rate), label_text(t, s.tier, locale), money(s.pay));
                    lines.push(line(text!(
                        "全额累进：{base} 达到 {start} 起的档位{lb}，全额 {base} × {rt} = {pay}",
                        "全額累進：{base} 達到 {start} 起的檔位{lb}，全額 {base} × {rt} = {pay}",
                        "whole mode: {base} reaches the tier from {start}{lb}, so all of it pays: {base} × {rt} = {pay}",
                    )));
                }
            }
        }
    }
    if b.capped {
        let (c, u) = (money(b.amount), money(b.uncapped));
        lines.push(line(text!(
            "封顶 {c}：提成 {u} → {c}",
            "封頂 {c}：提成 {u} → {c}",
            "capped at {c}: {u} → {c}",
        )));
    }
    lines
}

/// The payout of a period under a year-to-date true-up (累计): the commission on the
/// year-to-date base minus what was already paid; negative is a clawback. Summed over the
/// months it is the commission on the year's total base.
///
/// ```
/// use jixiao::{compute_commission, true_up, RoundingMode, TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},{"from":100000,"rate":"0.04"}]}"#).unwrap();
/// let ytd = compute_commission(&t, "150000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(true_up(&ytd, "3000".parse().unwrap()).unwrap().to_string(), "1000.00");
/// let after_refund = compute_commission(&t, "90000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(true_up(&after_refund, "4000".parse().unwrap()).unwrap().to_string(), "-2200.00");
/// ```
pub fn true_up(ytd: &CommissionBreakdown, paid: Decimal) -> Result<Decimal, JixiaoError> {
    sub(ytd.amount, paid)
}

// ---------------------------------------------------------------- allocation

fn alloc_error(code: ErrorCode, path: impl Into<String>, t: Text) -> JixiaoError {
    JixiaoError::new(code, path, t)
}

/// Whether `remaining × w ÷ total` exceeds `cap`, compared exactly by cross-multiplying
/// (by division only when a product leaves the decimal range).
fn exceeds(remaining: Decimal, w: Decimal, total: Decimal, cap: Decimal) -> Result<bool, JixiaoError> {
    match (remaining.checked_mul(w), cap.checked_mul(total)) {
        (Some(l), Some(r)) => Ok(l > r),
        _ => Ok(mul(div(remaining, total)?, w)? > cap),
    }
}

/// Splits `amount` by `weights` into multiples of `unit` (default in JSON: 0.01) by the
/// largest remainder (ties: the earlier person). With `caps` (empty: none; else one per
/// person, `None` for no cap), a person whose exact share exceeds their cap (rounded down
/// to the unit) is fixed at it and the excess re-spread over the others by the same
/// weights, repeatedly. The parts sum exactly to `amount` unless everyone with a weight is
/// capped: `unallocated` then holds the rest. A zero weight gets 0.
///
/// Errors (`INVALID_INPUT` / `INVALID_SETTING` with the JSON pointer of `allocate_json`'s
/// input): no weights, all weights 0, a negative weight, amount or cap, caps of another
/// length than the weights, a unit ≤ 0, an amount that is not a multiple of the unit.
///
/// ```
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// let a = jixiao::allocate(d("100000.00"), &[d("105.92"), d("72.76"), d("43.75")],
///     &[Some(d("40000")), None, None], d("0.01")).unwrap();
/// assert_eq!(a.parts, vec![d("40000.00"), d("37469.75"), d("22530.25")]);
/// assert_eq!(a.capped, vec![true, false, false]);
/// assert_eq!(a.rounds, 2);
/// ```
pub fn allocate(
    amount: Decimal,
    weights: &[Decimal],
    caps: &[Option<Decimal>],
    unit: Decimal,
) -> Result<Allocation, JixiaoError> {
    let n = weights.len();
    if n == 0 {
        return Err(alloc_error(
            ErrorCode::InvalidInput,
            "/weights",
            Text::new(
                "没有可分配的人（权重为空）",
                "沒有可分配的人（權重為空）",
                "there are no weights to split by",
            ),
        ));
    }
    if unit <= Decimal::ZERO {
        return Err(alloc_error(
            ErrorCode::InvalidSetting,
            "/unit",
            text!(
                "分配单位必须大于 0：{unit}",
                "分配單位必須大於 0：{unit}",
                "the unit must be above 0: {unit}"
            ),
        ));
    }
    if is_negative(amount) {
        return Err(alloc_error(
            ErrorCode::InvalidSetting,
            "/amount",
            text!(
                "分配金额不能为负数：{amount}",
                "分配金額不能為負數：{amount}",
                "the amount must not be negative: {amount}",
            ),
        ));
    }
    let units = amount
        .checked_rem(unit)
        .ok_or_else(|| overflow(NumberError::Overflow))?;
    if !units.is_zero() {
        let (a, u) = (format_plain(amount), format_plain(unit));
        return Err(alloc_error(
            ErrorCode::InvalidSetting,
            "/amount",
            text!(
                "分配金额 {a} 不是分配单位 {u} 的整数倍",
                "分配金額 {a} 不是分配單位 {u} 的整數倍",
                "the amount {a} is not a multiple of the unit {u}",
            ),
        ));
    }
    for (i, w) in weights.iter().enumerate() {
        if is_negative(*w) {
            return Err(alloc_error(
                ErrorCode::InvalidSetting,
                format!("/weights/{i}"),
                text!(
                    "权重不能为负数：{w}",
                    "權重不能為負數：{w}",
                    "a weight must not be negative: {w}"
                ),
            ));
        }
    }
    if weights.iter().all(Decimal::is_zero) {
        return Err(alloc_error(
            ErrorCode::InvalidSetting,
            "/weights",
            Text::new(
                "权重全部为 0，无法按比例分配",
                "權重全部為 0，無法按比例分配",
                "every weight is 0: nothing to split in proportion to",
            ),
        ));
    }
    if !caps.is_empty() && caps.len() != n {
        let got = caps.len();
        return Err(alloc_error(
            ErrorCode::InvalidInput,
            "/caps",
            text!(
                "caps 有 {got} 项，但权重有 {n} 项",
                "caps 有 {got} 項，但權重有 {n} 項",
                "caps has {got} values but there are {n} weights",
            ),
        ));
    }
    let mut limits: Vec<Option<Decimal>> = Vec::with_capacity(n);
    for i in 0..n {
        let cap = caps.get(i).copied().flatten();
        if let Some(c) = cap {
            if is_negative(c) {
                return Err(alloc_error(
                    ErrorCode::InvalidSetting,
                    format!("/caps/{i}"),
                    text!(
                        "上限不能为负数：{c}",
                        "上限不能為負數：{c}",
                        "a cap must not be negative: {c}"
                    ),
                ));
            }
        }
        limits.push(match cap {
            Some(c) => Some(mul(div(c, unit)?.floor(), unit)?),
            None => None,
        });
    }
    let weight = |i: usize| weights.get(i).copied().unwrap_or_default();
    let limit = |i: usize| limits.get(i).copied().flatten();
    let mut parts = vec![Decimal::ZERO; n];
    let mut capped = vec![false; n];
    // Everyone with a weight takes part; a share exceeds its cap exactly when cap ÷ weight is
    // below the current amount per unit of weight, so those over their caps are always the
    // first of the capped people ordered by cap ÷ weight: each round fixes a prefix of
    // `order`, and the whole re-spread is O(n log n) however many rounds it takes.
    let mut free = Decimal::ZERO;
    for i in 0..n {
        free = add(free, weight(i))?;
    }
    let mut order: Vec<usize> = (0..n)
        .filter(|i| !weight(*i).is_zero() && limit(*i).is_some())
        .collect();
    order.sort_by_cached_key(|i| {
        let c = limit(*i).unwrap_or_default();
        c.checked_div(weight(*i)).unwrap_or(Decimal::MAX)
    });
    let mut next = 0usize;
    let mut remaining = amount;
    let mut rounds = 0u32;
    let unallocated = loop {
        rounds = rounds.saturating_add(1);
        if free.is_zero() {
            break remaining;
        }
        let mut over = Vec::new();
        while let Some(i) = order.get(next).copied() {
            let c = limit(i).unwrap_or_default();
            if capped.get(i).copied().unwrap_or(false) {
                next = next.saturating_add(1);
            } else if exceeds(remaining, weight(i), free, c)? {
                over.push(i);
                next = next.saturating_add(1);
            } else {
                break;
            }
        }
        if over.is_empty() {
            // The order by cap ÷ weight is exact unless two ratios agree to the decimal's last
            // digit: check everyone exactly before the final split.
            for i in &order {
                let c = limit(*i).unwrap_or_default();
                if !capped.get(*i).copied().unwrap_or(false) && exceeds(remaining, weight(*i), free, c)? {
                    over.push(*i);
                }
            }
        }
        if over.is_empty() {
            let open: Vec<usize> = (0..n)
                .filter(|i| !weight(*i).is_zero() && !capped.get(*i).copied().unwrap_or(false))
                .collect();
            let ws: Vec<Decimal> = open.iter().map(|i| weight(*i)).collect();
            let split = split_largest_remainder(remaining, &ws, unit).map_err(overflow)?;
            // Exact shares within caps give parts within caps; a part that still crosses its
            // cap (only through rounding in a division at the decimal's last digit) is fixed
            // at it and the rest re-spread like any other.
            for (i, p) in open.iter().zip(&split) {
                if limit(*i).is_some_and(|c| *p > c) {
                    over.push(*i);
                }
            }
            if over.is_empty() {
                for (i, p) in open.iter().zip(split) {
                    if let Some(slot) = parts.get_mut(*i) {
                        *slot = p;
                    }
                }
                break Decimal::ZERO;
            }
        }
        for i in over {
            let c = limit(i).unwrap_or_default();
            if let Some(slot) = parts.get_mut(i) {
                *slot = c;
            }
            if let Some(flag) = capped.get_mut(i) {
                *flag = true;
            }
            remaining = sub(remaining, c)?;
            free = sub(free, weight(i))?;
        }
    };
    Ok(Allocation {
        parts,
        capped,
        unallocated,
        rounds,
        caps: limits,
        unit,
    })
}

/// The steps of an allocation as lines of text in `locale`: the rule, each person's
/// weight, share and part (and cap), the re-spread, what stayed unallocated, the total.
/// Money is written at `places` places.
///
/// ```
/// use rust_decimal::Decimal;
/// use jixiao::{allocate, explain_allocation, Locale};
/// let w = [Decimal::ONE, Decimal::ONE, Decimal::ONE];
/// let amount = Decimal::from(100);
/// let a = allocate(amount, &w, &[], "0.01".parse().unwrap()).unwrap();
/// let lines = explain_allocation(&a, amount, &w, Locale::En, 2);
/// assert_eq!(lines[1], "#1: weight 1 (33.33%) → 33.34");
/// assert_eq!(lines.last().unwrap(), "total 100.00");
/// ```
pub fn explain_allocation(
    a: &Allocation,
    amount: Decimal,
    weights: &[Decimal],
    locale: Locale,
    places: u32,
) -> Vec<String> {
    let line = |x: Text| x.get(locale).to_string();
    let money = |v: Decimal| money_text(v, places);
    let total_weight = weights.iter().try_fold(Decimal::ZERO, |s, w| s.checked_add(*w));
    let mut lines = Vec::new();
    let (am, u, n) = (money(amount), format_plain(a.unit), weights.len());
    let tw = total_weight.map(format_plain).unwrap_or_default();
    lines.push(line(text!(
        "分配 {am}：按权重（合计 {tw}）分给 {n} 人，每份为 {u} 的整数倍，尾差按最大余数（并列取靠前者）",
        "分配 {am}：按權重（合計 {tw}）分給 {n} 人，每份為 {u} 的整數倍，尾差按最大餘數（並列取靠前者）",
        "split {am} by weight (total {tw}) over {n} people, each a multiple of {u}, leftover units by \
         largest remainder (ties: the earlier)",
    )));
    for (i, w) in weights.iter().enumerate() {
        let k = i.saturating_add(1);
        let wt = format_plain(*w);
        let share = total_weight
            .filter(|t| !t.is_zero())
            .and_then(|t| w.checked_div(t))
            .map(|s| format_percent(s, 2, RoundingMode::HalfUp))
            .unwrap_or_default();
        let part = money(a.parts.get(i).copied().unwrap_or_default());
        let is_capped = a.capped.get(i).copied().unwrap_or(false);
        let cap = a.caps.get(i).copied().flatten();
        lines.push(match (is_capped, cap) {
            (true, Some(c)) => {
                let c = money(c);
                line(text!(
                    "第 {k} 人：权重 {wt}（{share}）→ {part}（按份额超出上限，封顶 {c}）",
                    "第 {k} 人：權重 {wt}（{share}）→ {part}（按份額超出上限，封頂 {c}）",
                    "#{k}: weight {wt} ({share}) → {part} (its share exceeds the cap: capped at {c})",
                ))
            }
            _ => line(text!(
                "第 {k} 人：权重 {wt}（{share}）→ {part}",
                "第 {k} 人：權重 {wt}（{share}）→ {part}",
                "#{k}: weight {wt} ({share}) → {part}",
            )),
        });
    }
    if a.capped.iter().any(|c| *c) {
        let r = a.rounds;
        lines.push(line(text!(
            "超出上限的部分按其余人的权重再分配（共 {r} 轮）",
            "超出上限的部分按其餘人的權重再分配（共 {r} 輪）",
            "the excess over the caps was re-spread over the others by weight ({r} rounds)",
        )));
    }
    let given = a.parts.iter().try_fold(Decimal::ZERO, |s, p| s.checked_add(*p));
    let given = money(given.unwrap_or_default());
    if a.unallocated.is_zero() {
        lines.push(line(text!("合计 {given}", "合計 {given}", "total {given}")));
    } else {
        let un = money(a.unallocated);
        lines.push(line(text!(
            "有权重的人均已封顶，未分配 {un}",
            "有權重的人均已封頂，未分配 {un}",
            "everyone with a weight is capped: {un} stays unallocated",
        )));
        lines.push(line(text!(
            "合计 {given} + 未分配 {un} = {am}",
            "合計 {given} + 未分配 {un} = {am}",
            "total {given} + unallocated {un} = {am}",
        )));
    }
    lines
}

// ---------------------------------------------------------------- awards

/// Award places (销售之星 …): ranks the figures, higher first, by competition ranking
/// (1, 2, 2, 4); `None` figures take no place. With [`AwardTies::Include`] everyone ranked
/// ≤ `top` wins a full prize (share 1), so a tie at the cut can make more winners; with
/// [`AwardTies::Split`] the tied group crossing the cut shares the places left equally
/// (places left ÷ group size: exact when it divides, else cut to 20 places so the shares
/// never add up to more than `top`).
///
/// ```
/// use rust_decimal::Decimal;
/// use jixiao::{award_places, AwardTies};
/// let f = [Some(Decimal::from(90)), Some(Decimal::from(80)), Some(Decimal::from(70)), Some(Decimal::from(70)), None];
/// let split = award_places(&f, 3, AwardTies::Split);
/// let shares: Vec<Option<String>> = split.iter().map(|p| p.as_ref().map(|p| p.share.to_string())).collect();
/// assert_eq!(shares, [Some("1".into()), Some("1".into()), Some("0.5".into()), Some("0.5".into()), None]);
/// let include = award_places(&f, 3, AwardTies::Include);
/// assert_eq!(include[3].as_ref().map(|p| (p.rank, p.share)), Some((3, Decimal::ONE)));
/// ```
pub fn award_places(figures: &[Option<Decimal>], top: u32, ties: AwardTies) -> Vec<Option<AwardPlace>> {
    let mut order: Vec<(usize, Decimal)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|v| (i, v)))
        .collect();
    order.sort_by_key(|x| std::cmp::Reverse(x.1)); // stable: ties keep the input order
    let mut out: Vec<Option<AwardPlace>> = vec![None; figures.len()];
    let mut pos = 0usize;
    while let Some((_, value)) = order.get(pos).copied() {
        let size = order
            .get(pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|(_, v)| *v == value)
            .count()
            .max(1);
        let end = pos.saturating_add(size);
        let rank = u32::try_from(pos).unwrap_or(u32::MAX).saturating_add(1);
        if rank > top {
            break;
        }
        let tied = u32::try_from(size).unwrap_or(u32::MAX);
        let last = rank.saturating_add(tied).saturating_sub(1);
        let share = if ties == AwardTies::Include || last <= top {
            Decimal::ONE
        } else {
            split_share(top.saturating_sub(rank).saturating_add(1), tied)
        };
        for (i, _) in order.get(pos..end).unwrap_or_default() {
            if let Some(slot) = out.get_mut(*i) {
                *slot = Some(AwardPlace { rank, share, tied });
            }
        }
        pos = end;
    }
    out
}

/// `left ÷ size`, exact when it divides, else cut toward zero so that size × share ≤ left.
fn split_share(left: u32, size: u32) -> Decimal {
    let (l, s) = (Decimal::from(left), Decimal::from(size));
    let Some(q) = l.checked_div(s) else {
        return Decimal::ZERO;
    };
    let mut share = round(q, SHARE_PLACES, RoundingMode::Down);
    if share.checked_mul(s).is_none_or(|t| t > l) {
        share = share.checked_sub(Decimal::new(1, SHARE_PLACES)).unwrap_or_default();
    }
    share.normalize()
}

// ---------------------------------------------------------------- JSON entries

/// The input of [`commission_json`].
///
/// ```
/// let i: jixiao::CommissionInput = serde_json::from_str(r#"{"plan":{"tiers":[{"from":0,"rate":"2%"}]},
///   "base":"120万","paid":"1万","rounding":{"mode":"down","money":0},"locale":"en"}"#).unwrap();
/// assert_eq!(i.base.0.to_string(), "1200000");
/// assert_eq!(i.rounding.unwrap().money, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommissionInput {
    /// The plan: tiers, mode, on, cap (other keys of a scheme's commission are ignored).
    pub plan: TierTable,
    /// The base (销售额, 回款额 …); negative for refunds and credit notes.
    pub base: Num,
    /// The target, needed by `on: "achievement"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// Already paid this year, for a year-to-date true-up: the amount is then commission − paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Num>,
    /// Rounding mode and money places (default `half_up`, 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// `zh-CN` (default), `zh-TW` or `en`, for explanations and errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// One slice in [`CommissionOutput`], every number a decimal string.
///
/// ```
/// let out = jixiao::commission_json(r#"{"plan":{"tiers":[{"from":0,"rate":"0.02"}]},"base":100}"#).unwrap();
/// let o: jixiao::CommissionOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!((o.slices[0].base.as_str(), o.slices[0].pay.as_str(), o.slices[0].to.clone()), ("100", "2.00", None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SliceOutput {
    /// Where the slice starts.
    pub from: String,
    /// The tier's upper boundary, `null` when open.
    pub to: Option<String>,
    /// The rate.
    pub rate: String,
    /// The part of the base in the slice.
    pub base: String,
    /// Its pay, at the money places.
    pub pay: String,
    /// The 0-based tier.
    pub tier: usize,
    /// The tier's label, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Explanation lines, in the chosen locale.
///
/// ```
/// let out = jixiao::allocate_json(r#"{"amount":"100","weights":[1,1,1],"locale":"en"}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["explain"]["lines"][4], "total 100.00");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct IncentiveExplain {
    /// One line per step.
    pub lines: Vec<String>,
}

/// The output of [`commission_json`]: every number a decimal string.
///
/// ```
/// let out = jixiao::commission_json(r#"{"plan":{"tiers":[{"from":0,"rate":"0.02"}]},"base":100,"paid":"5"}"#).unwrap();
/// let o: jixiao::CommissionOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!((o.commission.as_str(), o.amount.as_str()), ("2.00", "-3.00"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CommissionOutput {
    /// What to pay: the commission, or commission − paid with `paid` (negative = clawback).
    pub amount: String,
    /// The commission (after the cap, before `paid`).
    pub commission: String,
    /// What was already paid, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<String>,
    /// The commission before the cap.
    pub uncapped: String,
    /// The base.
    pub base: String,
    /// The target, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The mode used.
    pub mode: CommissionMode,
    /// The basis used.
    pub on: On,
    /// The slices (one in whole mode and for a clawback).
    pub slices: Vec<SliceOutput>,
    /// The tier applied or the highest reached (0-based), `null` below the first tier.
    pub tier: Option<usize>,
    /// The single rate applied (whole mode, clawback), else `null`.
    pub rate: Option<String>,
    /// True when the cap cut the commission.
    pub capped: bool,
    /// True when the base is negative (a clawback).
    pub negative_base: bool,
    /// The explanation.
    pub explain: IncentiveExplain,
    /// The plan's warnings (`DECREASING_RATE`, `TIER_CLIFF`), paths under `/plan`.
    pub warnings: Vec<JixiaoError>,
}

/// Reads a JSON text `{ plan, base, target?, paid?, rounding?, locale? }`, computes the
/// commission (and the true-up against `paid`) and writes [`CommissionOutput`] as JSON
/// (the wasm binding's entry). Errors carry JSON pointers (`/plan/tiers/1/from`,
/// `/base`, `/target`) and messages in the input's locale; the plan's errors fail the
/// call, its warnings come back in `warnings`.
///
/// ```
/// let out = jixiao::commission_json(r#"{"plan":{"mode":"marginal","tiers":[{"from":"0","rate":"0.02"},
///   {"from":"500000","rate":"0.03"},{"from":"1000000","rate":"0.05"}]},"base":"1250000","locale":"en"}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["amount"], "37500.00");
/// assert_eq!(v["slices"][2]["base"], "250000");
/// let e = jixiao::commission_json(r#"{"plan":{"tiers":[{"from":1,"rate":0},{"from":1,"rate":0}]},"base":1}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("ORDER", "/plan/tiers/1/from"));
/// ```
pub fn commission_json(json: &str) -> Result<String, JixiaoError> {
    let value = read_json(json)?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    run_commission(value).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn run_commission(value: serde_json::Value) -> Result<String, JixiaoError> {
    require(
        &value,
        "plan",
        ErrorCode::MissingSetting,
        Text::new("缺少提成方案 plan", "缺少提成方案 plan", "the plan is missing"),
    )?;
    require(
        &value,
        "base",
        ErrorCode::MissingValue,
        Text::new("缺少提成基数 base", "缺少提成基數 base", "the base is missing"),
    )?;
    let input: CommissionInput = decode(value)?;
    let locale = parse_locale(input.locale.as_deref())?;
    let issues = check_tier_table(&input.plan, "/plan");
    if let Some(e) = issues.iter().find(|e| e.severity == Severity::Error) {
        return Err(e.clone());
    }
    let rounding = input.rounding.unwrap_or_default();
    let (places, mode) = (rounding.money, rounding.mode);
    let target = input.target.map(|t| t.0);
    let b = compute_commission(&input.plan, input.base.0, target, places, mode)?;
    let mut lines = explain_commission(&b, &input.plan, locale, places);
    let commission = format_fixed(b.amount, places, mode);
    let (amount, paid) = match input.paid {
        None => (commission.clone(), None),
        Some(p) => {
            let due = true_up(&b, p.0)?;
            let shown = places.max(scale_of(p.0));
            let (c, pd, d) = (
                money_text(b.amount, places),
                format_grouped(p.0, shown, RoundingMode::HalfUp),
                format_grouped(due.abs(), shown, RoundingMode::HalfUp),
            );
            lines.push(if is_negative(due) {
                locale_line(
                    locale,
                    text!(
                        "累计提成 {c} − 已发放 {pd}：本期追回 {d}",
                        "累計提成 {c} − 已發放 {pd}：本期追回 {d}",
                        "year-to-date commission {c} − already paid {pd}: this period claws back {d}",
                    ),
                )
            } else {
                locale_line(
                    locale,
                    text!(
                        "累计提成 {c} − 已发放 {pd}：本期应发 {d}",
                        "累計提成 {c} − 已發放 {pd}：本期應發 {d}",
                        "year-to-date commission {c} − already paid {pd}: this period pays {d}",
                    ),
                )
            });
            (format_fixed(due, shown, mode), Some(format_plain(p.0)))
        }
    };
    let warnings = issues
        .into_iter()
        .map(|mut w| {
            w.localize(locale);
            w
        })
        .collect();
    let out = CommissionOutput {
        amount,
        commission,
        paid,
        uncapped: format_fixed(b.uncapped, places, mode),
        base: format_plain(b.base),
        target: b.target.map(format_plain),
        mode: b.mode,
        on: b.on,
        slices: b
            .slices
            .iter()
            .map(|s| SliceOutput {
                from: format_plain(s.from),
                to: s.to.map(format_plain),
                rate: format_plain(s.rate),
                base: format_plain(s.amount_in_slice),
                pay: format_fixed(s.pay, places, mode),
                tier: s.tier,
                label: input.plan.tiers.get(s.tier).and_then(|t| t.label.clone()),
            })
            .collect(),
        tier: b.tier,
        rate: b.rate.map(format_plain),
        capped: b.capped,
        negative_base: b.negative_base,
        explain: IncentiveExplain { lines },
        warnings,
    };
    to_json(&out)
}

fn locale_line(locale: Locale, t: Text) -> String {
    t.get(locale).to_string()
}

/// The input of [`allocate_json`].
///
/// ```
/// let i: jixiao::AllocateInput = serde_json::from_str(r#"{"amount":"10万","weights":[3,"1"],"caps":["5万",null]}"#).unwrap();
/// assert_eq!(i.caps.unwrap()[1], None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocateInput {
    /// The amount to split (a pool), ≥ 0 and a multiple of the unit.
    pub amount: Num,
    /// One weight per person (score, score × base …), ≥ 0, not all 0.
    pub weights: Vec<Num>,
    /// One cap per person (`null`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caps: Option<Vec<Option<Num>>>,
    /// Every part is a multiple of it (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Num>,
    /// `zh-CN` (default), `zh-TW` or `en`, for explanations and errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// The output of [`allocate_json`]: parts at the unit's places.
///
/// ```
/// let out = jixiao::allocate_json(r#"{"amount":"100","weights":[1,1,1]}"#).unwrap();
/// let o: jixiao::AllocateOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!(o.parts, ["33.34", "33.33", "33.33"]);
/// assert_eq!(o.unallocated, "0.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AllocateOutput {
    /// Each person's part.
    pub parts: Vec<String>,
    /// True for a person fixed at their cap.
    pub capped: Vec<bool>,
    /// What stayed unallocated (everyone with a weight capped).
    pub unallocated: String,
    /// Passes made (1 when no cap binds).
    pub rounds: u32,
    /// The explanation.
    pub explain: IncentiveExplain,
}

/// Reads a JSON text `{ amount, weights, caps?, unit?, locale? }`, allocates and writes
/// [`AllocateOutput`] as JSON (the wasm binding's entry). Errors carry JSON pointers
/// (`/weights/2`, `/caps/0`, `/amount`, `/unit`) and messages in the input's locale.
///
/// ```
/// let out = jixiao::allocate_json(r#"{"amount":"100000.00","weights":["105.92","72.76","43.75"],
///   "caps":["40000",null,null]}"#).unwrap();
/// assert!(out.contains(r#""parts":["40000.00","37469.75","22530.25"]"#));
/// let e = jixiao::allocate_json(r#"{"amount":1,"weights":[1,-1],"locale":"en"}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_SETTING", "/weights/1"));
/// assert_eq!(e.message, "a weight must not be negative: -1");
/// ```
pub fn allocate_json(json: &str) -> Result<String, JixiaoError> {
    let value = read_json(json)?;
    let locale = value
        .get("locale")
        .and_then(serde_json::Value::as_str)
        .and_then(Locale::parse)
        .unwrap_or_default();
    run_allocate(value).map_err(|mut e| {
        e.localize(locale);
        e
    })
}

fn run_allocate(value: serde_json::Value) -> Result<String, JixiaoError> {
    require(
        &value,
        "amount",
        ErrorCode::MissingValue,
        Text::new("缺少分配金额 amount", "缺少分配金額 amount", "the amount is missing"),
    )?;
    require(
        &value,
        "weights",
        ErrorCode::MissingSetting,
        Text::new("缺少权重 weights", "缺少權重 weights", "the weights are missing"),
    )?;
    let input: AllocateInput = decode(value)?;
    let locale = parse_locale(input.locale.as_deref())?;
    let unit = input.unit.map_or(Decimal::new(1, 2), |u| u.0);
    let weights: Vec<Decimal> = input.weights.iter().map(|w| w.0).collect();
    let caps: Vec<Option<Decimal>> = input
        .caps
        .as_ref()
        .map(|c| c.iter().map(|x| x.map(|n| n.0)).collect())
        .unwrap_or_default();
    if input.caps.as_ref().is_some_and(|c| c.len() != weights.len()) {
        let (got, n) = (caps.len(), weights.len());
        return Err(alloc_error(
            ErrorCode::InvalidInput,
            "/caps",
            text!(
                "caps 有 {got} 项，但权重有 {n} 项",
                "caps 有 {got} 項，但權重有 {n} 項",
                "caps has {got} values but there are {n} weights",
            ),
        ));
    }
    let a = allocate(input.amount.0, &weights, &caps, unit)?;
    let places = scale_of(unit);
    let lines = explain_allocation(&a, input.amount.0, &weights, locale, places);
    let fixed = |v: Decimal| format_fixed(v, places, RoundingMode::HalfUp);
    let out = AllocateOutput {
        parts: a.parts.iter().map(|p| fixed(*p)).collect(),
        capped: a.capped.clone(),
        unallocated: fixed(a.unallocated),
        rounds: a.rounds,
        explain: IncentiveExplain { lines },
    };
    to_json(&out)
}
