//! Weights: the weight set that applies (role, version), effective weights with excluded
//! indicators scaled back up to 100 (globally or within categories), weighted scores
//! and category results (DESIGN.md, "Weights, roles and versions").

use super::achievement::Ratio;
use super::input::OutputMode;
use super::output::{CategoryResult, Dec};
use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::WeightSet;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{checked_div, checked_mul, NumberError};
use crate::scheme::Weighting;
use rust_decimal::Decimal;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

impl RowEvaluator<'_> {
    /// Weighs the row's indicators with the weight set of its role and version; nothing
    /// when an indicator failed or no weight set applies.
    pub(super) fn weigh_row(&mut self, states: &mut [IndState], weights: Option<&WeightSet>) -> Vec<CategoryResult> {
        let failed = states.iter().any(|s| s.failed);
        match (failed, weights) {
            (false, Some(ws)) => self.weigh(states, ws).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Effective weights (with exclusions scaled back up to 100) and weighted scores.
    fn weigh(&mut self, states: &mut [IndState], ws: &WeightSet) -> Result<Vec<CategoryResult>, Recorded> {
        // effective weights (percent of the total) as exact fractions: a weight scaled up
        // after exclusions (w × all / live) is only divided when the weighted score is
        let eff = match self.plan.weighting {
            Weighting::Global => self.global_weights(states, ws)?,
            Weighting::Nested => self.nested_weights(states, ws)?,
        };
        if states.iter().all(|s| s.excluded) {
            let mut e = JixiaoError::new(
                ErrorCode::MissingValue,
                format!("rows/{}", self.index),
                Text::new(
                    "所有指标都缺失，无法计算总分",
                    "所有指標都缺失，無法計算總分",
                    "every indicator is missing; no total can be computed",
                ),
            );
            e.row = Some(self.index);
            self.errors.push(e);
            return Err(Recorded);
        }
        for (st, e) in states.iter_mut().zip(eff.iter()) {
            if st.excluded {
                continue;
            }
            let Some(score) = st.shown else { continue };
            let w = weighted_score(score, *e).map_err(|_| self.overflow("weighted"))?;
            st.weight = Some(e.value().map_err(|_| self.overflow("weight"))?);
            st.weighted = Some(self.round_score(w));
        }
        // the lean outputs show no categories
        Ok(match self.shape {
            OutputMode::Full => self.category_results(states),
            _ => Vec::new(),
        })
    }

    /// One weight set over all indicators: w × all / live when some are excluded.
    fn global_weights(&mut self, states: &[IndState], ws: &WeightSet) -> Result<Vec<Ratio>, Recorded> {
        let mut eff = vec![Ratio::whole(Decimal::ZERO); states.len()];
        let live: Decimal = states
            .iter()
            .zip(ws.indicator.iter())
            .filter(|(s, _)| !s.excluded)
            .fold(Decimal::ZERO, |a, (_, w)| a.checked_add(*w).unwrap_or(a));
        let all: Decimal = ws
            .indicator
            .iter()
            .fold(Decimal::ZERO, |a, w| a.checked_add(*w).unwrap_or(a));
        for (i, (st, w)) in states.iter().zip(ws.indicator.iter()).enumerate() {
            if st.excluded {
                continue;
            }
            let e = if live == all {
                Ratio::whole(*w)
            } else {
                Ratio {
                    num: checked_mul(*w, all).map_err(|_| self.overflow("weight"))?,
                    den: live,
                }
            };
            if let Some(slot) = eff.get_mut(i) {
                *slot = e;
            }
        }
        Ok(eff)
    }

    /// Category weights over indicator weights within each category; an excluded
    /// indicator's weight goes to its category, an emptied category's to the others.
    fn nested_weights(&mut self, states: &[IndState], ws: &WeightSet) -> Result<Vec<Ratio>, Recorded> {
        let plan = self.plan;
        let n_cat = plan.categories.len();
        let mut eff = vec![Ratio::whole(Decimal::ZERO); states.len()];
        let mut cat_live = vec![Decimal::ZERO; n_cat];
        let mut cat_all = vec![Decimal::ZERO; n_cat];
        for ((st, w), ind) in states.iter().zip(ws.indicator.iter()).zip(plan.indicators.iter()) {
            let Some(c) = ind.category else { continue };
            if let Some(a) = cat_all.get_mut(c) {
                *a = a.checked_add(*w).unwrap_or(*a);
            }
            if !st.excluded {
                if let Some(l) = cat_live.get_mut(c) {
                    *l = l.checked_add(*w).unwrap_or(*l);
                }
            }
        }
        let live_cats: Decimal = ws
            .category
            .iter()
            .zip(cat_live.iter())
            .filter(|(_, l)| !l.is_zero())
            .fold(Decimal::ZERO, |a, (w, _)| a.checked_add(*w).unwrap_or(a));
        let all_cats: Decimal = ws
            .category
            .iter()
            .fold(Decimal::ZERO, |a, w| a.checked_add(*w).unwrap_or(a));
        for (i, ((st, w), ind)) in states
            .iter()
            .zip(ws.indicator.iter())
            .zip(plan.indicators.iter())
            .enumerate()
        {
            let Some(c) = ind.category else { continue };
            if st.excluded {
                continue;
            }
            let (Some(cw), Some(cl), Some(ca)) = (ws.category.get(c), cat_live.get(c), cat_all.get(c)) else {
                continue;
            };
            // (cw × all_cats / live_cats) × (w × ca / cl) / 100
            let e = (|| -> Result<Ratio, NumberError> {
                let num = checked_mul(checked_mul(*cw, all_cats)?, checked_mul(*w, *ca)?)?;
                let den = checked_mul(checked_mul(live_cats, *cl)?, HUNDRED)?;
                Ok(Ratio { num, den })
            })()
            .map_err(|_| self.overflow("weight"))?;
            if let Some(slot) = eff.get_mut(i) {
                *slot = e;
            }
        }
        Ok(eff)
    }

    /// Each category's weight, weighted score and score (weighted × 100 / weight).
    fn category_results(&self, states: &[IndState]) -> Vec<CategoryResult> {
        let plan = self.plan;
        let mut out = Vec::with_capacity(plan.categories.len());
        for (c, (key, name)) in plan.categories.iter().enumerate() {
            let mut weight = Decimal::ZERO;
            let mut weighted = Decimal::ZERO;
            for (st, ind) in states.iter().zip(plan.indicators.iter()) {
                if ind.category == Some(c) {
                    if let (Some(w), Some(wd)) = (st.weight, st.weighted) {
                        weight = weight.checked_add(w).unwrap_or(weight);
                        weighted = weighted.checked_add(wd).unwrap_or(weighted);
                    }
                }
            }
            let score = checked_div(checked_mul(weighted, HUNDRED).unwrap_or_default(), weight)
                .ok()
                .map(|s| Dec(self.round_score(s)));
            out.push(CategoryResult {
                key: key.clone(),
                name: name.clone(),
                score,
                weight: Dec(self.round_score(weight)),
                weighted: Dec(self.round_score(weighted)),
            });
        }
        out
    }
}

/// score × num / (den × 100) with one division, the weighted score before it is rounded.
/// A whole weight (den 1, the common case) divides by 100 by moving the point: the same
/// value (its scale may differ, which rounding to the score places removes).
fn weighted_score(score: Decimal, e: Ratio) -> Result<Decimal, NumberError> {
    let top = checked_mul(score, e.num)?;
    if e.den == Decimal::ONE {
        let mut w = top;
        if w.set_scale(top.scale().saturating_add(2)).is_ok() {
            return Ok(w);
        }
    }
    checked_div(top, checked_mul(e.den, HUNDRED)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numbers::{round, RoundingMode};

    /// Decimals of many sizes and scales (a fixed generator: the same every run).
    fn spread() -> Vec<Decimal> {
        let mut x: u64 = 7;
        let mut out = vec![Decimal::ZERO, Decimal::ONE, Decimal::ONE_HUNDRED, Decimal::new(-1, 28)];
        for _ in 0..4000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let m = i64::try_from(x >> (1 + x % 40)).unwrap_or(0);
            let m = if x % 5 == 0 { -m } else { m };
            out.push(Decimal::new(m, u32::try_from(x % 29).unwrap_or(0)));
        }
        out
    }

    /// Moving the point is dividing by 100, once rounded to any places (the only way the
    /// weighted score is used); whole ratios divide out to themselves, scale and all.
    #[test]
    fn a_whole_weights_hundredth_is_the_division() {
        let values = spread();
        for (score, w) in values.iter().zip(values.iter().rev()) {
            let moved = weighted_score(*score, Ratio::whole(*w));
            let divided = checked_mul(*score, *w).and_then(|t| checked_div(t, HUNDRED));
            match (moved, divided) {
                (Ok(m), Ok(d)) => {
                    assert_eq!(m, d, "{score} × {w}");
                    for places in [0, 2, 4, 10] {
                        let (rm, rd) = (
                            round(m, places, RoundingMode::HalfUp),
                            round(d, places, RoundingMode::HalfUp),
                        );
                        assert_eq!((rm, rm.scale()), (rd, rd.scale()), "{score} × {w} at {places}");
                    }
                }
                (m, d) => assert_eq!(m.is_err(), d.is_err(), "{score} × {w}"),
            }
            let whole = Ratio::whole(*score).value();
            let divided = checked_div(*score, Decimal::ONE);
            assert_eq!(
                whole.map(|v| (v, v.scale())),
                divided.map(|v| (v, v.scale())),
                "{score} ÷ 1"
            );
        }
    }
}
