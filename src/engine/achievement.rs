//! Achievement: actual against target per direction (`higherBetter`, `lowerBetter` as a
//! mirror or a ratio), a zero divisor per `onZero`, kept as an exact fraction
//! (DESIGN.md, "Directions and zero divisors").

use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::{IndicatorPlan, Rule};
use crate::error::ErrorCode;
use crate::i18n::{tr, Text};
use crate::numbers::{checked_div, checked_mul, checked_sub, NumberError};
use crate::scheme::{Direction, OnZero, Reverse};
use rust_decimal::Decimal;

/// A figure kept as a fraction until the last step, so exact results stay exact
/// (`1/3 × 300` is 100, not 99.999…).
#[derive(Clone, Copy, Debug)]
pub(super) struct Ratio {
    pub(super) num: Decimal,
    pub(super) den: Decimal,
}

impl Ratio {
    /// A whole number as a fraction.
    pub(super) fn whole(v: Decimal) -> Ratio {
        Ratio {
            num: v,
            den: Decimal::ONE,
        }
    }

    /// The fraction divided out (a whole number as it is: `n ÷ 1` is `n`, scale and all).
    pub(super) fn value(self) -> Result<Decimal, NumberError> {
        if self.den == Decimal::ONE && self.den.scale() == 0 {
            return Ok(self.num);
        }
        checked_div(self.num, self.den)
    }

    /// k × num / den, multiplying first.
    pub(super) fn times(self, k: Decimal) -> Result<Decimal, NumberError> {
        checked_div(checked_mul(k, self.num)?, self.den)
    }
}

impl RowEvaluator<'_> {
    /// Achievement per direction and onZero; `Err` when an error was recorded.
    pub(super) fn achievement(
        &mut self,
        ind: &IndicatorPlan,
        a: Decimal,
        t: Decimal,
        st: &mut IndState,
    ) -> Result<Ratio, Recorded> {
        if t.is_sign_negative() && !t.is_zero() {
            return Err(self.negative_target(ind, t));
        }
        let (num, den) = match (ind.direction, ind.reverse) {
            (Direction::HigherBetter, _) => (a, t),
            // 2 − a/t = (2t − a)/t
            (Direction::LowerBetter, Reverse::Mirror) => {
                let two_t = checked_mul(Decimal::TWO, t).map_err(|_| self.overflow(&ind.name))?;
                (checked_sub(two_t, a).map_err(|_| self.overflow(&ind.name))?, t)
            }
            (Direction::LowerBetter, Reverse::Ratio) => (t, a),
        };
        if den.is_zero() {
            return self.zero_divisor(ind, st);
        }
        let ratio = Ratio { num, den };
        // divided out here only for the explanation: the rule divides when it scores
        if self.explain {
            let ach = ratio.value().map_err(|_| self.overflow(&ind.name))?;
            st.calc = self.achievement_text(ind, a, t, ach);
        }
        Ok(ratio)
    }

    /// A target below 0 is `OUT_OF_RANGE`: an achievement against it reads backwards
    /// (DESIGN.md, "Data checks").
    fn negative_target(&mut self, ind: &IndicatorPlan, t: Decimal) -> Recorded {
        let field = ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default();
        let (name, shown) = (ind.name.clone(), t.normalize().to_string());
        self.cell_error(
            ErrorCode::OutOfRange,
            &field,
            Some(&shown),
            Text::new(
                format!("“{field}” 为负数 {shown}：指标 “{name}” 的目标不能小于 0"),
                format!("「{field}」為負數 {shown}：指標「{name}」的目標不能小於 0"),
                format!("\"{field}\" is negative ({shown}): the target of indicator \"{name}\" must not be below 0"),
            ),
        );
        Recorded
    }

    /// The divisor is 0: an error, full marks, or 0, per `onZero`.
    fn zero_divisor(&mut self, ind: &IndicatorPlan, st: &mut IndState) -> Result<Ratio, Recorded> {
        let full_at = match &ind.rule {
            Rule::Linear { cap: Some(c), .. } => *c,
            _ => Decimal::ONE,
        };
        let divisor = if ind.direction == Direction::LowerBetter && ind.reverse == Reverse::Ratio {
            ind.actual.as_ref().map(|s| self.source_label(s)).unwrap_or_default()
        } else {
            ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default()
        };
        match ind.on_zero {
            OnZero::Error => {
                let name = ind.name.clone();
                self.cell_error(
                    ErrorCode::ZeroDivisor,
                    &divisor,
                    Some("0"),
                    Text::new(
                        format!("“{divisor}” 为 0，指标 “{name}” 无法计算达成率（onZero: error）"),
                        format!("「{divisor}」為 0，指標「{name}」無法計算達成率（onZero: error）"),
                        format!("\"{divisor}\" is 0, so indicator \"{name}\" has no achievement rate (onZero: error)"),
                    ),
                );
                Err(Recorded)
            }
            OnZero::Full => {
                st.calc = tr!(
                    self.locale,
                    "{divisor} 为 0，按满分计（达成率 {}）",
                    "{divisor} 為 0，按滿分計（達成率 {}）",
                    "{divisor} is 0: full marks (achievement {})",
                    self.pct(full_at)
                );
                Ok(Ratio::whole(full_at))
            }
            OnZero::Zero => {
                st.calc = tr!(
                    self.locale,
                    "{divisor} 为 0，达成率按 0 计",
                    "{divisor} 為 0，達成率按 0 計",
                    "{divisor} is 0: achievement 0"
                );
                Ok(Ratio::whole(Decimal::ZERO))
            }
        }
    }

    /// `销售额 120 ÷ 目标 100 = 120.00%`, in the direction's form.
    fn achievement_text(&self, ind: &IndicatorPlan, a: Decimal, t: Decimal, ach: Decimal) -> String {
        let actual_label = ind.actual.as_ref().map(|s| self.source_label(s)).unwrap_or_default();
        let target_label = ind.target.as_ref().map(|s| self.source_label(s)).unwrap_or_default();
        let unit = ind.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let (av, tv) = (
            format!("{}{unit}", self.value_text(a)),
            format!("{}{unit}", self.value_text(t)),
        );
        match (ind.direction, ind.reverse) {
            (Direction::HigherBetter, _) => {
                format!("{actual_label} {av} ÷ {target_label} {tv} = {}", self.pct(ach))
            }
            (Direction::LowerBetter, Reverse::Ratio) => {
                format!("{target_label} {tv} ÷ {actual_label} {av} = {}", self.pct(ach))
            }
            (Direction::LowerBetter, Reverse::Mirror) => {
                format!("2 − {actual_label} {av} ÷ {target_label} {tv} = {}", self.pct(ach))
            }
        }
    }
}
