//! Pool allocation: an amount split by weights into multiples of a unit, with per-person
//! caps (DESIGN.md, "Incentives (激励: commission, bonus, pools, awards)", on pools).
//!
//! [`allocate`] splits an amount by weights into multiples of a unit by the largest
//! remainder (ties: the earlier person). A person whose exact share exceeds their cap
//! (rounded down to the unit) is fixed at the cap and the rest re-spread over the others by
//! the same weights, until nobody's share exceeds their cap. The parts sum exactly to the
//! amount unless everyone with a weight is capped; then `unallocated` holds the rest.

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::exact::{div, exact_sub, mul, overflow, sub, sum};
use crate::numbers::is_negative;
use crate::numbers::{format_plain, split_largest_remainder, NumberError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The result of [`allocate`].
///
/// ```
/// use rust_decimal::Decimal;
/// let a = jixiao::incentives::allocate(Decimal::from(10), &[Decimal::ONE, Decimal::ONE], &[Some(Decimal::TWO), Some(Decimal::TWO)],
///     Decimal::ONE).unwrap();
/// assert_eq!(a.parts, vec![Decimal::TWO, Decimal::TWO]);
/// assert_eq!(a.unallocated, Decimal::from(6));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
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
/// let a = jixiao::incentives::allocate(d("100000.00"), &[d("105.92"), d("72.76"), d("43.75")],
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
    check_amount(amount, unit, weights.len())?;
    check_weights(weights)?;
    if !caps.is_empty() && caps.len() != weights.len() {
        return Err(caps_length_error(caps.len(), weights.len()));
    }
    let limits = caps_in_units(caps, weights.len(), unit)?;
    let mut fill = WaterFill::new(amount, weights, &limits, unit)?;
    let unallocated = fill.run()?;
    Ok(Allocation {
        parts: fill.parts,
        capped: fill.capped,
        unallocated,
        rounds: fill.rounds,
        caps: limits,
        unit,
    })
}

/// The error for caps that are not one per weight (`INVALID_INPUT` at `/caps`).
pub(super) fn caps_length_error(got: usize, n: usize) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidInput,
        "/caps",
        text!(
            "caps 有 {got} 项，但权重有 {n} 项",
            "caps 有 {got} 項，但權重有 {n} 項",
            "caps has {got} values but there are {n} weights",
        ),
    )
}

/// Someone to split over (`n` weights), a unit above 0 and an amount ≥ 0 made of whole units.
fn check_amount(amount: Decimal, unit: Decimal, n: usize) -> Result<(), JixiaoError> {
    if n == 0 {
        return Err(JixiaoError::new(
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
        return Err(JixiaoError::new(
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
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/amount",
            text!(
                "分配金额不能为负数：{amount}",
                "分配金額不能為負數：{amount}",
                "the amount must not be negative: {amount}",
            ),
        ));
    }
    let rest = amount
        .checked_rem(unit)
        .ok_or_else(|| overflow(NumberError::Overflow))?;
    if !rest.is_zero() {
        let (a, u) = (format_plain(amount), format_plain(unit));
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/amount",
            text!(
                "分配金额 {a} 不是分配单位 {u} 的整数倍",
                "分配金額 {a} 不是分配單位 {u} 的整數倍",
                "the amount {a} is not a multiple of the unit {u}",
            ),
        ));
    }
    Ok(())
}

/// No weight below 0 (the first one is reported) and at least one above 0.
fn check_weights(weights: &[Decimal]) -> Result<(), JixiaoError> {
    if let Some((i, w)) = weights.iter().enumerate().find(|(_, w)| is_negative(**w)) {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            format!("/weights/{i}"),
            text!(
                "权重不能为负数：{w}",
                "權重不能為負數：{w}",
                "a weight must not be negative: {w}"
            ),
        ));
    }
    if weights.iter().all(Decimal::is_zero) {
        return Err(JixiaoError::new(
            ErrorCode::InvalidSetting,
            "/weights",
            Text::new(
                "权重全部为 0，无法按比例分配",
                "權重全部為 0，無法按比例分配",
                "every weight is 0: nothing to split in proportion to",
            ),
        ));
    }
    Ok(())
}

/// Each of the `n` people's cap rounded down to the unit (`None`: no cap; empty `caps`:
/// nobody has one); a negative cap is an error at its index.
fn caps_in_units(caps: &[Option<Decimal>], n: usize, unit: Decimal) -> Result<Vec<Option<Decimal>>, JixiaoError> {
    let mut limits = Vec::with_capacity(n);
    for i in 0..n {
        let cap = caps.get(i).copied().flatten();
        if let Some(c) = cap.filter(|c| is_negative(*c)) {
            return Err(JixiaoError::new(
                ErrorCode::InvalidSetting,
                format!("/caps/{i}"),
                text!(
                    "上限不能为负数：{c}",
                    "上限不能為負數：{c}",
                    "a cap must not be negative: {c}"
                ),
            ));
        }
        limits.push(match cap {
            Some(c) => Some(mul(div(c, unit)?.floor(), unit)?),
            None => None,
        });
    }
    Ok(limits)
}

/// `INVALID_SETTING` at `/caps/i`: the amount left less the cap needs more than 28
/// significant digits, so the parts could not sum exactly to the amount (DESIGN.md, "Numbers").
fn cap_too_fine(i: usize, cap: Decimal, left: Decimal) -> JixiaoError {
    let (c, l) = (format_plain(cap), format_plain(left));
    JixiaoError::new(
        ErrorCode::InvalidSetting,
        format!("/caps/{i}"),
        text!(
            "上限 {c} 与待分配的 {l} 相减超出 28 位有效数字，无法精确分配：请减少上限的小数位或加大分配单位",
            "上限 {c} 與待分配的 {l} 相減超出 28 位有效數字，無法精確分配：請減少上限的小數位或加大分配單位",
            "the cap {c} and the {l} left to share need more than 28 significant digits to subtract exactly: give the cap fewer decimal places or use a larger unit",
        ),
    )
}

/// Whether `remaining × w ÷ total` exceeds `cap`, compared exactly by cross-multiplying
/// (by division only when a product leaves the decimal range).
fn exceeds(remaining: Decimal, w: Decimal, total: Decimal, cap: Decimal) -> Result<bool, JixiaoError> {
    match (remaining.checked_mul(w), cap.checked_mul(total)) {
        (Some(l), Some(r)) => Ok(l > r),
        _ => Ok(mul(div(remaining, total)?, w)? > cap),
    }
}

/// The water-filling of an allocation, round by round: who is fixed at their cap, what is
/// left to spread and over how much weight.
///
/// Everyone with a weight takes part; a share exceeds its cap exactly when cap ÷ weight is
/// below the current amount per unit of weight, so those over their caps are always the
/// first of the capped people ordered by cap ÷ weight: each round fixes a prefix of
/// `order`, and the whole re-spread is O(n log n) however many rounds it takes.
struct WaterFill<'a> {
    weights: &'a [Decimal],
    /// Each person's cap in units (`None`: no cap).
    limits: &'a [Option<Decimal>],
    unit: Decimal,
    parts: Vec<Decimal>,
    capped: Vec<bool>,
    /// The weight of those not yet capped.
    free: Decimal,
    /// The capped-able people (a weight and a cap), by cap ÷ weight.
    order: Vec<usize>,
    /// How far into `order` the rounds have fixed people.
    next: usize,
    /// The amount not yet fixed at a cap.
    remaining: Decimal,
    rounds: u32,
}

impl<'a> WaterFill<'a> {
    fn new(
        amount: Decimal,
        weights: &'a [Decimal],
        limits: &'a [Option<Decimal>],
        unit: Decimal,
    ) -> Result<WaterFill<'a>, JixiaoError> {
        let n = weights.len();
        let mut fill = WaterFill {
            weights,
            limits,
            unit,
            parts: vec![Decimal::ZERO; n],
            capped: vec![false; n],
            free: sum(weights.iter().copied())?,
            order: Vec::new(),
            next: 0,
            remaining: amount,
            rounds: 0,
        };
        let mut order: Vec<usize> = (0..n)
            .filter(|i| !fill.weight(*i).is_zero() && fill.limit(*i).is_some())
            .collect();
        order.sort_by_cached_key(|i| {
            let c = fill.limit(*i).unwrap_or_default();
            c.checked_div(fill.weight(*i)).unwrap_or(Decimal::MAX)
        });
        fill.order = order;
        Ok(fill)
    }

    fn weight(&self, i: usize) -> Decimal {
        self.weights.get(i).copied().unwrap_or_default()
    }

    fn limit(&self, i: usize) -> Option<Decimal> {
        self.limits.get(i).copied().flatten()
    }

    fn is_capped(&self, i: usize) -> bool {
        self.capped.get(i).copied().unwrap_or(false)
    }

    /// Whether person `i`'s exact share of what remains exceeds their cap.
    fn over_cap(&self, i: usize) -> Result<bool, JixiaoError> {
        let c = self.limit(i).unwrap_or_default();
        exceeds(self.remaining, self.weight(i), self.free, c)
    }

    /// Rounds until nobody's share exceeds their cap; returns what stays unallocated.
    fn run(&mut self) -> Result<Decimal, JixiaoError> {
        loop {
            self.rounds = self.rounds.saturating_add(1);
            if self.free.is_zero() {
                return Ok(self.remaining);
            }
            let mut over = self.next_over_caps()?;
            if over.is_empty() {
                over = self.any_over_caps()?;
            }
            if over.is_empty() {
                over = self.final_split()?;
                if over.is_empty() {
                    return Ok(Decimal::ZERO);
                }
            }
            self.fix_at_caps(&over)?;
        }
    }

    /// The next people in `order` whose share exceeds their cap.
    fn next_over_caps(&mut self) -> Result<Vec<usize>, JixiaoError> {
        let mut over = Vec::new();
        while let Some(i) = self.order.get(self.next).copied() {
            if self.is_capped(i) {
                self.next = self.next.saturating_add(1);
            } else if self.over_cap(i)? {
                over.push(i);
                self.next = self.next.saturating_add(1);
            } else {
                break;
            }
        }
        Ok(over)
    }

    /// The order by cap ÷ weight is exact unless two ratios agree to the decimal's last
    /// digit: everyone is checked exactly before the final split.
    fn any_over_caps(&self) -> Result<Vec<usize>, JixiaoError> {
        let mut over = Vec::new();
        for i in &self.order {
            if !self.is_capped(*i) && self.over_cap(*i)? {
                over.push(*i);
            }
        }
        Ok(over)
    }

    /// Splits what remains over the people not capped, to the unit; returns those whose part
    /// still crosses their cap (only through rounding in a division at the decimal's last
    /// digit), who are then fixed at it and the rest re-spread like any other, or none once
    /// the parts are set.
    fn final_split(&mut self) -> Result<Vec<usize>, JixiaoError> {
        let open: Vec<usize> = (0..self.weights.len())
            .filter(|i| !self.weight(*i).is_zero() && !self.is_capped(*i))
            .collect();
        let ws: Vec<Decimal> = open.iter().map(|i| self.weight(*i)).collect();
        let split = split_largest_remainder(self.remaining, &ws, self.unit).map_err(overflow)?;
        let over: Vec<usize> = open
            .iter()
            .zip(&split)
            .filter(|(i, p)| self.limit(**i).is_some_and(|c| **p > c))
            .map(|(i, _)| *i)
            .collect();
        if over.is_empty() {
            for (i, p) in open.iter().zip(split) {
                if let Some(slot) = self.parts.get_mut(*i) {
                    *slot = p;
                }
            }
        }
        Ok(over)
    }

    /// Fixes `over` at their caps and takes their caps and weights out of the spread.
    fn fix_at_caps(&mut self, over: &[usize]) -> Result<(), JixiaoError> {
        for i in over.iter().copied() {
            let c = self.limit(i).unwrap_or_default();
            if let Some(slot) = self.parts.get_mut(i) {
                *slot = c;
            }
            if let Some(flag) = self.capped.get_mut(i) {
                *flag = true;
            }
            self.remaining = exact_sub(self.remaining, c).ok_or_else(|| cap_too_fine(i, c, self.remaining))?;
            self.free = sub(self.free, self.weight(i))?;
        }
        Ok(())
    }
}
