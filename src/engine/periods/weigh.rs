//! Weighing a person's composite: from periods (Σ wₚ·totalₚ / Σ wₚ over the periods that
//! count) or from categories (each category's mean over the periods, then Σ w_c·score_c /
//! Σ w_c). The total is the exact weighted mean rounded once; the parts are split so they
//! add up to it (DESIGN.md, "Periods", on rounding).

use super::explain::{
    category_mean_line, category_weight_clause, missing_period_line, pct_text, period_line, step, total_line,
};
use super::person::Builder;
use super::{ComposeMissing, CompositeCategory, PeriodPart};
use crate::engine::output::{Dec, Step};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{checked_add, checked_div, checked_mul, checked_sub, round, NumberError, RoundingMode};
use rust_decimal::{Decimal, RoundingStrategy};

/// The `OVERFLOW` of weighing or checking weights, at `compose/weights`.
pub(super) fn weights_overflow() -> JixiaoError {
    JixiaoError::new(
        ErrorCode::Overflow,
        "compose/weights",
        Text::new("数值超出范围", "數值超出範圍", "a figure is out of range"),
    )
}

/// What counts in a weighted mean: (position, value, weight); the position is the
/// composed period's, or the category's index in the output.
type Live = (usize, Decimal, Decimal);

/// A weighted mean with parts that add up.
struct Weighed {
    /// Σ of the weights that count.
    all: Decimal,
    /// The mean, rounded once to score places.
    total: Decimal,
    /// Each (value, weight)'s part of the total.
    parts: Vec<Decimal>,
}

/// A category's mean over the composed periods.
struct Mean {
    /// Score places; `None` when no period scored it.
    score: Option<Decimal>,
    /// How many periods the mean is over.
    n: usize,
    /// `一季度 85.00` per period, for the explanation.
    terms: Vec<String>,
}

/// `w × 10^shift`, exactly (the same digits at a smaller scale): weights as fine as 1e-28
/// are weighed as whole numbers, so no product of the split underflows (DESIGN.md, "Periods").
fn shifted(w: Decimal, shift: u32) -> Decimal {
    let mut x = w;
    if x.set_scale(w.scale().saturating_sub(shift)).is_err() {
        return w;
    }
    x
}

/// `w` in percent of `all`.
fn weight_pct(w: Decimal, all: Decimal) -> Option<Decimal> {
    checked_mul(w, Decimal::ONE_HUNDRED)
        .and_then(|x| checked_div(x, all))
        .ok()
}

impl Builder<'_, '_> {
    /// Weighs (value, weight) pairs: fails with `nothing` when no weight above 0 counts.
    fn weigh(
        &self,
        live: impl Iterator<Item = (Decimal, Decimal)> + Clone,
        nothing: impl FnOnce() -> JixiaoError,
    ) -> Result<Weighed, JixiaoError> {
        let all = live
            .clone()
            .try_fold(Decimal::ZERO, |a, (_, w)| checked_add(a, w))
            .map_err(|_| weights_overflow())?;
        if all.is_zero() {
            return Err(nothing());
        }
        let shift = live
            .clone()
            .filter(|(_, w)| !w.is_zero())
            .map(|(_, w)| w.scale())
            .min()
            .unwrap_or(0);
        let nums: Vec<Decimal> = live
            .map(|(v, w)| checked_mul(v, shifted(w, shift)))
            .collect::<Result<_, _>>()
            .map_err(|_| weights_overflow())?;
        let rounding = &self.plan.rounding;
        let (total, parts) = split_weighted(&nums, shifted(all, shift), rounding.score, rounding.mode)
            .map_err(|_| weights_overflow())?;
        Ok(Weighed { all, total, parts })
    }

    /// From periods: Σ wₚ·totalₚ / Σ wₚ over the periods that count; fills each part's
    /// weight and weighted figure. Returns the total and its explanation line.
    pub(super) fn by_periods(
        &self,
        ws: &[Decimal],
        counted: &[Option<Decimal>],
        parts: &mut [PeriodPart],
        steps: &mut Vec<Step>,
    ) -> Result<(Decimal, String), JixiaoError> {
        let live: Vec<Live> = counted
            .iter()
            .zip(ws.iter())
            .enumerate()
            .filter_map(|(pos, (t, w))| t.map(|t| (pos, t, *w)))
            .collect();
        let weighed = self.weigh(live.iter().map(|(_, t, w)| (*t, *w)), || {
            JixiaoError::new(
                ErrorCode::MissingValue,
                "compose/weights",
                Text::new(
                    "没有权重大于 0 且有数据的期间，无法汇总",
                    "沒有權重大於 0 且有資料的期間，無法彙總",
                    "no period with data has a weight above 0; nothing to compose",
                ),
            )
        })?;
        let mut terms = Vec::new();
        let mut shown = Vec::new();
        let mut lines: Vec<(usize, Step)> = Vec::new();
        for ((pos, t, w), wd) in live.iter().zip(weighed.parts.iter()) {
            let pct = weight_pct(*w, weighed.all);
            let status = parts.get(*pos).map(|p| p.status).unwrap_or("ok");
            if let Some(part) = parts.get_mut(*pos) {
                part.weight = pct.map(|p| Dec(self.round_score(p)));
                part.weighted = Some(Dec(*wd));
            }
            let pct_text = pct_text(pct);
            let label = self.label(*pos);
            let (total, weighted) = (self.score_text(*t), self.score_text(*wd));
            terms.push(format!("{label} {total} × {pct_text}%"));
            if self.explain {
                let text = period_line(self.locale, &label, status, &total, &pct_text, &weighted);
                lines.push((*pos, step("period", Some(self.period_text(*pos)), Some(*wd), text)));
            }
            shown.push(weighted);
        }
        if self.explain {
            lines.extend(
                parts
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.status == "missing")
                    .map(|(pos, part)| {
                        let text = missing_period_line(self.locale, &self.label(pos));
                        (pos, step("period", Some(part.period.clone()), None, text))
                    }),
            );
            lines.sort_by_key(|(pos, _)| *pos);
            steps.extend(lines.into_iter().map(|(_, s)| s));
        }
        let line = self.total_line(&terms, &shown, weighed.total);
        Ok((weighed.total, line))
    }

    /// From categories: each category's mean score over the periods, Σ w_c·score_c / Σ w_c
    /// over the categories scored; pushes the categories to `out` in scheme order. Returns
    /// the total and its explanation line.
    pub(super) fn by_categories(
        &self,
        cs: &[(usize, Decimal)],
        slots: &[Option<usize>],
        out: &mut Vec<CompositeCategory>,
        steps: &mut Vec<Step>,
    ) -> Result<(Decimal, String), JixiaoError> {
        let (live, mut explained) = self.category_means(cs, slots, out)?;
        let weighed = self.weigh(live.iter().map(|(_, s, w)| (*s, *w)), || {
            JixiaoError::new(
                ErrorCode::MissingValue,
                "compose/weights",
                Text::new(
                    "没有权重大于 0 且有得分的维度，无法汇总",
                    "沒有權重大於 0 且有得分的維度，無法彙總",
                    "no category with a score has a weight above 0; nothing to compose",
                ),
            )
        })?;
        let mut terms = Vec::new();
        let mut shown = Vec::new();
        for ((i, s, w), wd) in live.iter().zip(weighed.parts.iter()) {
            let pct = weight_pct(*w, weighed.all);
            let pct_text = pct_text(pct);
            let weighted = self.score_text(*wd);
            if let Some(c) = out.get_mut(*i) {
                c.weight = pct.map(|p| Dec(self.round_score(p)));
                c.weighted = Some(Dec(*wd));
                terms.push(format!("{} {} × {pct_text}%", c.name, self.score_text(*s)));
                if let Some(text) = explained.get_mut(*i) {
                    text.push_str(&category_weight_clause(self.locale, &pct_text, &weighted));
                }
            }
            shown.push(weighted);
        }
        if self.explain {
            for (c, text) in out.iter().zip(explained) {
                steps.push(step("category", Some(c.key.clone()), c.weighted.map(|d| d.0), text));
            }
        }
        let line = self.total_line(&terms, &shown, weighed.total);
        Ok((weighed.total, line))
    }

    /// Each weighted category's mean, pushed to `out` in scheme order. Returns the scored
    /// ones as (index in `out`, score, weight) and, when explaining, each category's line
    /// so far.
    fn category_means(
        &self,
        cs: &[(usize, Decimal)],
        slots: &[Option<usize>],
        out: &mut Vec<CompositeCategory>,
    ) -> Result<(Vec<Live>, Vec<String>), JixiaoError> {
        let mut live: Vec<Live> = Vec::new();
        let mut explained: Vec<String> = Vec::new();
        for (c, w) in cs {
            let Some((key, name)) = self.plan.categories.get(*c) else {
                continue;
            };
            let mean = self.category_mean(key, slots)?;
            if let Some(s) = mean.score {
                live.push((out.len(), s, *w));
            }
            if self.explain {
                let shown = mean.score.map(|s| self.score_text(s));
                explained.push(category_mean_line(
                    self.locale,
                    name,
                    &mean.terms,
                    mean.n,
                    shown.as_deref(),
                ));
            }
            out.push(CompositeCategory {
                key: key.clone(),
                name: name.clone(),
                score: mean.score.map(Dec),
                periods: mean.n,
                weight: None,
                weighted: None,
            });
        }
        Ok((live, explained))
    }

    /// The mean of category `key`'s score over the composed periods where it was scored
    /// (a missing row counts 0 with `missing: "zero"`), rounded to score places.
    fn category_mean(&self, key: &str, slots: &[Option<usize>]) -> Result<Mean, JixiaoError> {
        let mut sum = Decimal::ZERO;
        let mut n = 0usize;
        let mut terms = Vec::new();
        for (pos, slot) in slots.iter().enumerate() {
            let score = match slot {
                Some(row) => self
                    .row(pos, *row)
                    .and_then(|pr| pr.categories.iter().find(|x| x.key == key))
                    .and_then(|x| x.score)
                    .map(|d| d.0),
                None if self.cp.missing == ComposeMissing::Zero => Some(Decimal::ZERO),
                None => None,
            };
            if let Some(s) = score {
                sum = checked_add(sum, s).map_err(|_| weights_overflow())?;
                n = n.saturating_add(1);
                terms.push(format!("{} {}", self.label(pos), self.score_text(s)));
            }
        }
        let score = if n == 0 {
            None
        } else {
            let mean = checked_div(sum, Decimal::from(n)).map_err(|_| weights_overflow())?;
            Some(round(mean, self.plan.rounding.score, self.plan.rounding.mode))
        };
        Ok(Mean { score, n, terms })
    }

    /// The composite's total line: `2025 年度 = … = … = 87.25`.
    fn total_line(&self, terms: &[String], shown: &[String], total: Decimal) -> String {
        total_line(
            self.cp.label.as_deref(),
            self.locale,
            terms,
            shown,
            &self.score_text(total),
        )
    }
}

/// `Σ nums / den` rounded once to `places` (the scheme's mode), and the parts `nums_i / den`
/// each a multiple of 10^-places, floored and the leftover units given to the largest
/// remainders (ties: the earlier part), so the parts sum to the rounded total exactly.
/// `den` must be > 0. Remainders are compared exactly (`nums_i − part_i × den`), so
/// scaling every weight by the same factor changes nothing.
fn split_weighted(
    nums: &[Decimal],
    den: Decimal,
    places: u32,
    mode: RoundingMode,
) -> Result<(Decimal, Vec<Decimal>), NumberError> {
    if den <= Decimal::ZERO {
        return Err(NumberError::DivisionByZero);
    }
    let unit = Decimal::try_new(1, places).map_err(|_| NumberError::Overflow)?;
    let sum = nums.iter().try_fold(Decimal::ZERO, |a, n| checked_add(a, *n))?;
    let total = round(checked_div(sum, den)?, places, mode);
    let mut parts = Vec::with_capacity(nums.len());
    let mut rems = Vec::with_capacity(nums.len());
    let mut floor_sum = Decimal::ZERO;
    for &n in nums {
        let f = exact_floor(n, den, unit, places)?;
        rems.push(checked_sub(n, checked_mul(f, den)?)?);
        floor_sum = checked_add(floor_sum, f)?;
        parts.push(f);
    }
    let left = checked_div(checked_sub(total, floor_sum)?, unit)?;
    // the floors are each at most one unit below their exact share: fewer than one unit
    // each is left to hand out, or a product rounded on the way
    if left < Decimal::ZERO || left > Decimal::from(nums.len()) {
        return Err(NumberError::Overflow);
    }
    let mut order: Vec<usize> = (0..nums.len()).collect();
    order.sort_by(|a, b| match (rems.get(*a), rems.get(*b)) {
        (Some(x), Some(y)) => y.cmp(x).then(a.cmp(b)),
        _ => std::cmp::Ordering::Equal,
    });
    let mut k = Decimal::ZERO;
    for i in order {
        if k >= left {
            break;
        }
        if let Some(p) = parts.get_mut(i) {
            *p = checked_add(*p, unit)?;
        }
        k = checked_add(k, Decimal::ONE)?;
    }
    let parts = parts.into_iter().map(|p| round(p, places, mode)).collect();
    Ok((total, parts))
}

/// `n / den` floored to a multiple of `unit` (10^-places), exactly: the quotient is
/// rounded to 28 digits, so the floor is corrected until `f·den ≤ n < (f + unit)·den`.
fn exact_floor(n: Decimal, den: Decimal, unit: Decimal, places: u32) -> Result<Decimal, NumberError> {
    let mut f = checked_div(n, den)?.round_dp_with_strategy(places, RoundingStrategy::ToNegativeInfinity);
    for _ in 0..3 {
        if checked_mul(f, den)? > n {
            f = checked_sub(f, unit)?;
        } else if checked_mul(checked_add(f, unit)?, den)? <= n {
            f = checked_add(f, unit)?;
        } else {
            break;
        }
    }
    Ok(f)
}
