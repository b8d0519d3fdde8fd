//! Commissions: a tier table turns a base into slices, the slices into an amount, the cap
//! limits it, and a year-to-date true-up pays the difference (DESIGN.md, "Incentives (激励:
//! commission, bonus, pools, awards)").
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

use super::check_tier_table;
use crate::error::{ErrorCode, JixiaoError, Severity};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{mul, sub, sum};
use crate::numbers::is_negative;
use crate::numbers::{round, RoundingMode};
use crate::scheme::{CommissionMode, Num, On, Tier, TierOn};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The most decimal places a money figure may have (as for the scheme's `rounding`).
const MAX_PLACES: u32 = 12;

/// A commission plan: tiers, mode, basis and cap. Unknown keys are ignored, because a
/// scheme's commission carries more (`base`, `target`, `gate`, `key`, `name` …).
///
/// ```
/// let t: jixiao::incentives::TierTable = serde_json::from_str(r#"{"base":{"field":"销售额"},
///   "tiers":[{"from":0,"rate":"2%"},{"from":"50万","rate":"3%"}]}"#).unwrap();
/// assert_eq!(t.mode, jixiao::scheme::CommissionMode::Marginal);
/// assert_eq!(t.on, jixiao::scheme::TierOn::Basis(jixiao::scheme::On::Value));
/// assert_eq!(t.cap, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct TierTable {
    /// The tiers, by strictly increasing `from`.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// `marginal` (default) or `whole`.
    #[serde(default)]
    pub mode: CommissionMode,
    /// `value` (default): `from` is a base value; `achievement`: `from` is an achievement
    /// rate and the boundaries are target × from; `{ field }` / `{ formula }`: `from` is a
    /// value of that figure (whole mode only).
    #[serde(default)]
    pub on: TierOn,
    /// The most the commission may pay (a clawback is not capped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Num>,
}

/// One slice of a commission: the part of the base between two boundaries, at one rate.
///
/// ```
/// let t: jixiao::incentives::TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},{"from":100,"rate":"0.05"}]}"#).unwrap();
/// let b = jixiao::incentives::compute_commission(&t, "150".parse().unwrap(), None, 2, jixiao::numbers::RoundingMode::HalfUp).unwrap();
/// let s = &b.slices[1];
/// assert_eq!((s.from.to_string(), s.to, s.amount_in_slice.to_string(), s.pay.to_string()),
///     ("100".into(), None, "50".into(), "2.50".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let t: jixiao::incentives::TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"}],"cap":"100"}"#).unwrap();
/// let b = jixiao::incentives::compute_commission(&t, "10000".parse().unwrap(), None, 2, jixiao::numbers::RoundingMode::HalfUp).unwrap();
/// assert_eq!((b.amount.to_string(), b.uncapped.to_string(), b.capped), ("100.00".into(), "200.00".into(), true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
    pub on: TierOn,
    /// The figure the tier was chosen by (tiers on another figure).
    pub figure: Option<Decimal>,
    /// Each tier's boundary in base units (target × from with `on: "achievement"`).
    pub boundaries: Vec<Decimal>,
    /// The cap in force, rounded down to the money places.
    pub cap: Option<Decimal>,
}

/// Computes a commission on `base` (see this module's rules): marginal slices, each
/// rounded to `money_places` with `mode`, summed; or the whole base at one rate; a negative
/// base as a clawback at the rate of the tier containing 0; then the cap.
///
/// Errors: the plan's own errors (see [`check_tier_table`], paths relative to the plan),
/// `MISSING_VALUE` / `ZERO_DIVISOR` at `/target` for achievement tiers without a positive
/// target, `INVALID_SETTING` at `/rounding/money` above 12 places, `OVERFLOW`.
///
/// ```
/// use jixiao::{incentives::compute_commission, numbers::RoundingMode, incentives::TierTable};
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
    compute_commission_by(
        t,
        Figures {
            base,
            target,
            figure: None,
        },
        money_places,
        mode,
    )
}

/// What a commission reads: the base, the target (achievement tiers) and the figure the
/// tier is chosen by (tiers on another figure, `on: { "field": … }`).
///
/// ```
/// let f = jixiao::incentives::Figures { base: "100".parse().unwrap(), target: None, figure: None };
/// assert_eq!(f.base.to_string(), "100");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// The base paid on.
    pub base: Decimal,
    /// The target, for achievement tiers.
    pub target: Option<Decimal>,
    /// The figure the tier is chosen by, for tiers on another figure.
    pub figure: Option<Decimal>,
}

/// [`compute_commission`] with every figure: tiers on another figure (`on: { "field":
/// "利润率" }`, whole mode) pay the whole base at the rate of the tier the figure falls
/// in; without the figure it is `MISSING_VALUE` at `/figure`.
///
/// ```
/// use jixiao::{incentives::{compute_commission_by, Figures, TierTable}, numbers::RoundingMode};
/// let t: TierTable = serde_json::from_str(r#"{"mode":"whole","on":{"field":"利润率"},
///   "tiers":[{"from":0,"rate":"0.01"},{"from":"0.2","rate":"0.03"},{"from":"0.3","rate":"0.05"}]}"#).unwrap();
/// let f = Figures { base: "200000".parse().unwrap(), target: None, figure: Some("0.25".parse().unwrap()) };
/// let b = compute_commission_by(&t, f, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!((b.amount.to_string(), b.tier), ("6000.00".into(), Some(1)));
/// let none = Figures { figure: None, ..f };
/// assert_eq!(compute_commission_by(&t, none, 2, RoundingMode::HalfUp).unwrap_err().path, "/figure");
/// ```
pub fn compute_commission_by(
    t: &TierTable,
    figures: Figures,
    money_places: u32,
    mode: RoundingMode,
) -> Result<CommissionBreakdown, JixiaoError> {
    if let Some(e) = check_tier_table(t, "")
        .into_iter()
        .find(|e| e.severity == Severity::Error)
    {
        return Err(e);
    }
    compute_checked_commission(t, figures, money_places, mode)
}

/// [`compute_commission`] on a table already checked by [`check_tier_table`] (a compiled
/// scheme's plan): the engine's per-row path, which must not re-check (and re-format the
/// plan's warnings) for every person.
pub(crate) fn compute_checked_commission(
    t: &TierTable,
    Figures { base, target, figure }: Figures,
    money_places: u32,
    mode: RoundingMode,
) -> Result<CommissionBreakdown, JixiaoError> {
    check_money_places(money_places)?;
    let figure = match t.on.figure_name() {
        Some(name) => Some(figure.ok_or_else(|| missing_figure(name))?),
        None => None,
    };
    let bounds = boundaries(t, target)?;
    let slicer = Slicer {
        bounds: &bounds,
        rates: t.tiers.iter().map(|x| x.rate.0).collect(),
        places: money_places,
        mode,
    };
    let negative_base = is_negative(base);
    let sliced = if let Some(x) = figure {
        slicer.whole_at(base, x)?
    } else if negative_base {
        slicer.clawback(base)?
    } else {
        match t.mode {
            CommissionMode::Marginal => slicer.marginal(base)?,
            CommissionMode::Whole => slicer.whole(base)?,
        }
    };
    let uncapped = round(sum(sliced.slices.iter().map(|s| s.pay))?, money_places, mode);
    let cap = t.cap.map(|c| round(c.0, money_places, RoundingMode::Down));
    let (amount, capped) = match cap {
        Some(c) if uncapped > c => (c, true),
        _ => (uncapped, false),
    };
    Ok(CommissionBreakdown {
        amount,
        uncapped,
        slices: sliced.slices,
        tier: sliced.tier,
        rate: sliced.rate,
        capped,
        negative_base,
        base,
        target,
        mode: t.mode,
        on: t.on.clone(),
        figure,
        boundaries: bounds,
        cap,
    })
}

/// The payout of a period under a year-to-date true-up (累计): the commission on the
/// year-to-date base minus what was already paid; negative is a clawback. Summed over the
/// months it is the commission on the year's total base.
///
/// ```
/// use jixiao::{incentives::compute_commission, incentives::true_up, numbers::RoundingMode, incentives::TierTable};
/// let t: TierTable = serde_json::from_str(r#"{"tiers":[{"from":0,"rate":"0.02"},{"from":100000,"rate":"0.04"}]}"#).unwrap();
/// let ytd = compute_commission(&t, "150000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(true_up(&ytd, "3000".parse().unwrap()).unwrap().to_string(), "1000.00");
/// let after_refund = compute_commission(&t, "90000".parse().unwrap(), None, 2, RoundingMode::HalfUp).unwrap();
/// assert_eq!(true_up(&after_refund, "4000".parse().unwrap()).unwrap().to_string(), "-2200.00");
/// ```
pub fn true_up(ytd: &CommissionBreakdown, paid: Decimal) -> Result<Decimal, JixiaoError> {
    sub(ytd.amount, paid)
}

/// Money places above 12 are refused, as in a scheme's `rounding`.
fn check_money_places(money_places: u32) -> Result<(), JixiaoError> {
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
    Ok(())
}

/// Each tier's boundary in base units: its `from`, or target × from on achievement (which
/// needs a target above 0).
fn boundaries(t: &TierTable, target: Option<Decimal>) -> Result<Vec<Decimal>, JixiaoError> {
    match t.on.basis() {
        On::Value => Ok(t.tiers.iter().map(|x| x.from.0).collect()),
        On::Achievement => {
            let target = positive_target(target)?;
            t.tiers.iter().map(|x| mul(target, x.from.0)).collect()
        }
    }
}

/// `MISSING_VALUE` at `/figure`: tiers on the figure `name` without its value.
fn missing_figure(name: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::MissingValue,
        "/figure",
        text!(
            "按 “{name}” 分档，但没有给出 {name} 的值",
            "按「{name}」分檔，但沒有給出 {name} 的值",
            "the tiers are read on \"{name}\", and no value of it was given",
        ),
    )
}

/// The target of achievement tiers: `MISSING_VALUE` when absent, `ZERO_DIVISOR` when ≤ 0.
fn positive_target(target: Option<Decimal>) -> Result<Decimal, JixiaoError> {
    match target {
        None => Err(JixiaoError::new(
            ErrorCode::MissingValue,
            "/target",
            Text::new(
                "按达成率分档需要目标值，但没有给出目标",
                "按達成率分檔需要目標值，但沒有給出目標",
                "tiers on achievement need a target, and none was given",
            ),
        )),
        Some(v) if v <= Decimal::ZERO => Err(JixiaoError::new(
            ErrorCode::ZeroDivisor,
            "/target",
            text!(
                "目标为 {v}：按达成率分档需要大于 0 的目标",
                "目標為 {v}：按達成率分檔需要大於 0 的目標",
                "the target is {v}: tiers on achievement need a target above 0",
            ),
        )),
        Some(v) => Ok(v),
    }
}

/// The slices of one base, with the tier and the single rate they report.
struct Sliced {
    slices: Vec<Slice>,
    /// The tier applied or the highest reached.
    tier: Option<usize>,
    /// The one rate applied (whole mode, clawback).
    rate: Option<Decimal>,
}

impl Sliced {
    fn nothing() -> Sliced {
        Sliced {
            slices: Vec::new(),
            tier: None,
            rate: None,
        }
    }
}

/// Cuts a base into slices of a tier table and pays each at the money places.
struct Slicer<'b> {
    /// Each tier's boundary in base units, increasing.
    bounds: &'b [Decimal],
    rates: Vec<Decimal>,
    places: u32,
    mode: RoundingMode,
}

impl Slicer<'_> {
    fn rate_of(&self, k: usize) -> Decimal {
        self.rates.get(k).copied().unwrap_or_default()
    }

    /// The highest tier whose boundary is ≤ `x`.
    fn tier_at(&self, x: Decimal) -> Option<usize> {
        self.bounds.iter().rposition(|b| *b <= x)
    }

    /// A slice of `part` at tier `k`'s rate, its pay rounded to the money places.
    fn slice(&self, k: usize, from: Decimal, to: Option<Decimal>, part: Decimal) -> Result<Slice, JixiaoError> {
        let rate = self.rate_of(k);
        Ok(Slice {
            from,
            to,
            rate,
            amount_in_slice: part,
            pay: round(mul(part, rate)?, self.places, self.mode),
            tier: k,
        })
    }

    /// A negative base: one slice from the base to 0 at the rate of the tier containing 0.
    fn clawback(&self, base: Decimal) -> Result<Sliced, JixiaoError> {
        let Some(k) = self.tier_at(Decimal::ZERO) else {
            return Ok(Sliced::nothing());
        };
        let slice = self.slice(k, base, Some(Decimal::ZERO), base)?;
        Ok(Sliced {
            rate: Some(slice.rate),
            slices: vec![slice],
            tier: Some(k),
        })
    }

    /// Marginal mode: the part of the base in each tier's slice (above 0), at its rate.
    fn marginal(&self, base: Decimal) -> Result<Sliced, JixiaoError> {
        let mut slices = Vec::new();
        let uppers = self
            .bounds
            .iter()
            .skip(1)
            .copied()
            .map(Some)
            .chain(std::iter::once(None));
        for (k, (lower, upper)) in self.bounds.iter().copied().zip(uppers).enumerate() {
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
            slices.push(self.slice(k, lo, upper, sub(hi, lo)?)?);
        }
        Ok(Sliced {
            tier: slices.last().map(|s| s.tier),
            slices,
            rate: None,
        })
    }

    /// Tiers on another figure: the whole base (a negative one too) at the rate of the
    /// tier `figure` falls in; below the first tier, or a zero base, pays nothing.
    fn whole_at(&self, base: Decimal, figure: Decimal) -> Result<Sliced, JixiaoError> {
        let Some(k) = self.tier_at(figure).filter(|_| !base.is_zero()) else {
            return Ok(Sliced::nothing());
        };
        let slice = self.slice(k, Decimal::ZERO, None, base)?;
        Ok(Sliced {
            rate: Some(slice.rate),
            slices: vec![slice],
            tier: Some(k),
        })
    }

    /// Whole mode: the whole base at the rate of the highest tier it reaches (0 pays nothing).
    fn whole(&self, base: Decimal) -> Result<Sliced, JixiaoError> {
        self.whole_at(base, base)
    }
}
