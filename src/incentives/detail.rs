//! A standalone commission and allocation in full (behind the JS `commission` /
//! `commissionDetail` / `allocate` / `allocateDetail` and `json::{commission_json,
//! allocate_json}`): their input and output types, every number out a decimal string.

use super::allocate::{allocate, caps_length_error};
use super::check_tier_table;
use super::commission::{compute_commission_by, true_up, CommissionBreakdown, Figures, TierTable};
use super::explain::{explain_allocation, explain_commission};
use super::figures::money_text;
use crate::error::{JixiaoError, Severity};
use crate::i18n::{tr, Locale};
use crate::numbers::{format_fixed, format_grouped, format_plain, RoundingMode};
use crate::numbers::{is_negative, scale_of};
use crate::scheme::{CommissionMode, Num, Rounding, TierOn};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The input of [`commission_detail`] (and of `json::commission_json`).
///
/// ```
/// let i: jixiao::incentives::CommissionInput = serde_json::from_str(r#"{"plan":{"tiers":[{"from":0,"rate":"2%"}]},
///   "base":"120万","paid":"1万","rounding":{"mode":"down","money":0},"locale":"en"}"#).unwrap();
/// assert_eq!(i.base.0.to_string(), "1200000");
/// assert_eq!(i.rounding.unwrap().money, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommissionInput {
    /// The plan: tiers, mode, on, cap (other keys of a scheme's commission are ignored).
    pub plan: TierTable,
    /// The base (销售额, 回款额 …); negative for refunds and credit notes.
    pub base: Num,
    /// The target, needed by `on: "achievement"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// The figure the tier is chosen by, needed by tiers on another figure
    /// (`on: { "field": "利润率" }`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Num>,
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
/// let out = jixiao::json::commission_json(r#"{"plan":{"tiers":[{"from":0,"rate":"0.02"}]},"base":100}"#).unwrap();
/// let o: jixiao::incentives::CommissionOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!((o.slices[0].base.as_str(), o.slices[0].pay.as_str(), o.slices[0].to.clone()), ("100", "2.00", None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let out = jixiao::json::allocate_json(r#"{"amount":"100","weights":[1,1,1],"locale":"en"}"#).unwrap();
/// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(v["explain"]["lines"][4], "total 100.00");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct IncentiveExplain {
    /// One line per step.
    pub lines: Vec<String>,
}

/// The output of [`commission_detail`]: every number a decimal string.
///
/// ```
/// let out = jixiao::json::commission_json(r#"{"plan":{"tiers":[{"from":0,"rate":"0.02"}]},"base":100,"paid":"5"}"#).unwrap();
/// let o: jixiao::incentives::CommissionOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!((o.commission.as_str(), o.amount.as_str()), ("2.00", "-3.00"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
    /// The basis used (`"value"`, `"achievement"`, or the figure `{ "field": … }`).
    pub on: TierOn,
    /// The figure the tier was chosen by (tiers on another figure), else absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
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
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JixiaoErrorData[]"))]
    pub warnings: Vec<JixiaoError>,
}

/// A standalone commission in full (the JS `commissionDetail`): checks the plan, computes
/// the commission and its true-up against `paid`, and explains it in `locale`. The plan's
/// errors fail the call (paths under `/plan`); its warnings come back in `warnings`.
///
/// ```
/// use jixiao::incentives::{commission_detail, CommissionInput};
/// let input: CommissionInput = serde_json::from_str(
///     r#"{"plan":{"tiers":[{"from":0,"rate":"2%"}]},"base":"120万","paid":"1万"}"#).unwrap();
/// let out = commission_detail(input, jixiao::Locale::En).unwrap();
/// assert_eq!((out.commission.as_str(), out.amount.as_str()), ("24000.00", "14000.00"));
/// ```
pub fn commission_detail(input: CommissionInput, locale: Locale) -> Result<CommissionOutput, JixiaoError> {
    let issues = check_tier_table(&input.plan, "/plan");
    if let Some(e) = issues.iter().find(|e| e.severity == Severity::Error) {
        return Err(e.clone());
    }
    let rounding = input.rounding.unwrap_or_default();
    let (places, mode) = (rounding.money, rounding.mode);
    let figures = Figures {
        base: input.base.0,
        target: input.target.map(|t| t.0),
        figure: input.figure.map(|f| f.0),
    };
    let b = compute_commission_by(&input.plan, figures, places, mode)?;
    let mut lines = explain_commission(&b, &input.plan, locale, places);
    let commission = format_fixed(b.amount, places, mode);
    let (amount, paid) = match input.paid {
        None => (commission.clone(), None),
        Some(p) => {
            let (due, line) = paid_true_up(&b, p.0, places, mode, locale)?;
            lines.push(line);
            (due, Some(format_plain(p.0)))
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
        on: b.on.clone(),
        figure: b.figure.map(format_plain),
        slices: slice_outputs(&b, &input.plan, places, mode),
        tier: b.tier,
        rate: b.rate.map(format_plain),
        capped: b.capped,
        negative_base: b.negative_base,
        explain: IncentiveExplain { lines },
        warnings,
    };
    Ok(out)
}

/// The amount due against `paid` (a year-to-date true-up), written at the money places or
/// the places of `paid` if it has more, and its explanation line.
fn paid_true_up(
    b: &CommissionBreakdown,
    paid: Decimal,
    places: u32,
    mode: RoundingMode,
    locale: Locale,
) -> Result<(String, String), JixiaoError> {
    let due = true_up(b, paid)?;
    let shown = places.max(scale_of(paid));
    let (c, pd, d) = (
        money_text(b.amount, places),
        format_grouped(paid, shown, RoundingMode::HalfUp),
        format_grouped(due.abs(), shown, RoundingMode::HalfUp),
    );
    let line = if is_negative(due) {
        tr!(
            locale,
            "累计提成 {c} − 已发放 {pd}：本期追回 {d}",
            "累計提成 {c} − 已發放 {pd}：本期追回 {d}",
            "year-to-date commission {c} − already paid {pd}: this period claws back {d}",
        )
    } else {
        tr!(
            locale,
            "累计提成 {c} − 已发放 {pd}：本期应发 {d}",
            "累計提成 {c} − 已發放 {pd}：本期應發 {d}",
            "year-to-date commission {c} − already paid {pd}: this period pays {d}",
        )
    };
    Ok((format_fixed(due, shown, mode), line))
}

/// The slices as decimal strings, each with its tier's label.
fn slice_outputs(b: &CommissionBreakdown, plan: &TierTable, places: u32, mode: RoundingMode) -> Vec<SliceOutput> {
    b.slices
        .iter()
        .map(|s| SliceOutput {
            from: format_plain(s.from),
            to: s.to.map(format_plain),
            rate: format_plain(s.rate),
            base: format_plain(s.amount_in_slice),
            pay: format_fixed(s.pay, places, mode),
            tier: s.tier,
            label: plan.tiers.get(s.tier).and_then(|t| t.label.clone()),
        })
        .collect()
}

/// The input of [`allocate_detail`] (and of `json::allocate_json`).
///
/// ```
/// let i: jixiao::incentives::AllocateInput = serde_json::from_str(r#"{"amount":"10万","weights":[3,"1"],"caps":["5万",null]}"#).unwrap();
/// assert_eq!(i.caps.unwrap()[1], None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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

/// The output of [`allocate_detail`]: parts at the unit's places.
///
/// ```
/// let out = jixiao::json::allocate_json(r#"{"amount":"100","weights":[1,1,1]}"#).unwrap();
/// let o: jixiao::incentives::AllocateOutput = serde_json::from_str(&out).unwrap();
/// assert_eq!(o.parts, ["33.34", "33.33", "33.33"]);
/// assert_eq!(o.unallocated, "0.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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

/// A standalone allocation in full (the JS `allocateDetail`): splits the amount by the
/// weights into units with the caps re-spread, and explains it in `locale`.
///
/// ```
/// use jixiao::incentives::{allocate_detail, AllocateInput};
/// let input: AllocateInput = serde_json::from_str(r#"{"amount":"100","weights":[1,1,1]}"#).unwrap();
/// let out = allocate_detail(input, jixiao::Locale::En).unwrap();
/// assert_eq!(out.parts, ["33.34", "33.33", "33.33"]);
/// ```
pub fn allocate_detail(input: AllocateInput, locale: Locale) -> Result<AllocateOutput, JixiaoError> {
    let unit = input.unit.map_or(Decimal::new(1, 2), |u| u.0);
    let weights: Vec<Decimal> = input.weights.iter().map(|w| w.0).collect();
    // Caps given must be one per weight, even when empty (`allocate` reads empty as none).
    let caps: Vec<Option<Decimal>> = match &input.caps {
        None => Vec::new(),
        Some(c) if c.len() != weights.len() => return Err(caps_length_error(c.len(), weights.len())),
        Some(c) => c.iter().map(|x| x.map(|n| n.0)).collect(),
    };
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
    Ok(out)
}
