//! Value sources: a fixed number, a column, a formula, or several raters' scores weighed
//! together, a team figure, any of them checked against its `range`; and how a source
//! is named in an explanation.

use super::output::{Dec, StepInput};
use super::row::{Recorded, RowEvaluator};
use crate::compile::{FieldRef, Source};
use crate::error::ErrorCode;
use crate::i18n::{tr, Text};
use crate::numbers::{checked_add, checked_div, checked_mul, format_plain, NumberError};
use crate::records::{self, Slots};
use crate::scheme::RaterMissing;
use rust_decimal::Decimal;

/// The raters that gave scores: (weight, sum of the rater's scores, how many scores).
type Present = Vec<(Decimal, Decimal, u64)>;

impl RowEvaluator<'_> {
    /// Reads a value source. `Ok(None)` is missing; `Err(Recorded)` means an error was recorded.
    pub(super) fn source(
        &mut self,
        slots: &Slots,
        src: &Source,
        role: &str,
        rater_missing: RaterMissing,
        inputs: &mut Vec<StepInput>,
    ) -> Result<Option<Decimal>, Recorded> {
        match src {
            Source::Fixed(v) => {
                if self.explain {
                    inputs.push(StepInput {
                        role: role.into(),
                        field: None,
                        raw: None,
                        value: Some(Dec(*v)),
                    });
                }
                Ok(Some(*v))
            }
            Source::Field(f) => self.field_source(slots, *f, role, inputs),
            Source::Formula(f) => {
                let v = self.formula_number(slots, f)?;
                if self.explain {
                    inputs.push(StepInput {
                        role: role.into(),
                        field: Some(f.formula.source().to_string()),
                        raw: None,
                        value: v.map(Dec),
                    });
                }
                Ok(v)
            }
            Source::Raters(list) => self.raters_source(slots, list, role, rater_missing, inputs),
            Source::Team(t) => self.team_source(*t, role, inputs),
            Source::Ranged(inner, min, max) => {
                let v = self.source(slots, inner, role, rater_missing, inputs)?;
                match v {
                    Some(x) if min.is_some_and(|lo| x < lo) || max.is_some_and(|hi| x > hi) => {
                        self.out_of_range(inner, x, *min, *max);
                        Err(Recorded)
                    }
                    _ => Ok(v),
                }
            }
        }
    }

    /// Records `OUT_OF_RANGE`: a source's value outside the `range` it declares.
    fn out_of_range(&mut self, src: &Source, value: Decimal, min: Option<Decimal>, max: Option<Decimal>) {
        let field = self.source_label(src);
        let shown = format_plain(value);
        let end = |e: Option<Decimal>, open: &str| e.map_or_else(|| open.to_string(), format_plain);
        let range = format!("[{}, {}]", end(min, "-∞"), end(max, "∞"));
        self.cell_error(
            ErrorCode::OutOfRange,
            &field,
            Some(&shown),
            Text::new(
                format!("“{field}” 的值 {shown} 超出取值范围 {range}"),
                format!("「{field}」的值 {shown} 超出取值範圍 {range}"),
                format!("the value {shown} of \"{field}\" is outside its range {range}"),
            ),
        );
    }

    /// A column read as a number.
    fn field_source(
        &mut self,
        slots: &Slots,
        f: FieldRef,
        role: &str,
        inputs: &mut Vec<StepInput>,
    ) -> Result<Option<Decimal>, Recorded> {
        let cell = records::cell(slots, &self.plan.fields, f);
        let plan = self.plan;
        let name = plan.fields.name(f);
        let raw = if self.explain { Self::raw_text(&cell) } else { None };
        match records::number(&cell) {
            Ok(v) => {
                if self.explain {
                    inputs.push(StepInput {
                        role: role.into(),
                        field: Some(name.to_string()),
                        raw,
                        value: v.map(Dec),
                    });
                }
                Ok(v)
            }
            Err(bad) => {
                self.bad_number(name, &bad);
                Err(Recorded)
            }
        }
    }

    /// Several raters' scores weighed together: Σ w·(sum/n) / Σ w, computed over a
    /// common denominator with one division. A rater without a score follows `rater_missing`.
    fn raters_source(
        &mut self,
        slots: &Slots,
        list: &[(String, FieldRef, Decimal)],
        role: &str,
        rater_missing: RaterMissing,
        inputs: &mut Vec<StepInput>,
    ) -> Result<Option<Decimal>, Recorded> {
        let mut present: Present = Vec::with_capacity(list.len());
        let mut weight_sum = Decimal::ZERO;
        let mut failed = false;
        let plan = self.plan;
        for (key, f, w) in list {
            let name = plan.fields.name(*f);
            match self.rater(slots, key, *f, inputs)? {
                Rater::Unreadable => failed = true,
                Rater::Scored(total, n) => {
                    present.push((*w, total, n));
                    weight_sum = checked_add(weight_sum, *w).map_err(|_| self.overflow(name))?;
                }
                Rater::Blank => match rater_missing {
                    RaterMissing::Renormalize => {}
                    RaterMissing::Zero => {
                        weight_sum = checked_add(weight_sum, *w).map_err(|_| self.overflow(name))?;
                    }
                    RaterMissing::Error => {
                        self.cell_error(
                            ErrorCode::RaterMissing,
                            name,
                            None,
                            Text::new(
                                format!("评分人 “{key}” 未评分（“{name}” 为空）"),
                                format!("評分人「{key}」未評分（「{name}」為空）"),
                                format!("rater \"{key}\" gave no score (\"{name}\" is empty)"),
                            ),
                        );
                        failed = true;
                    }
                },
            }
        }
        if failed {
            return Err(Recorded);
        }
        if present.is_empty() || weight_sum.is_zero() {
            return Ok(None);
        }
        rated(&present, weight_sum).map(Some).map_err(|_| self.overflow(role))
    }

    /// One rater's scores: their sum and count, or blank, or unreadable (recorded).
    fn rater(&mut self, slots: &Slots, key: &str, f: FieldRef, inputs: &mut Vec<StepInput>) -> Result<Rater, Recorded> {
        let plan = self.plan;
        let cell = records::cell(slots, &plan.fields, f);
        let name = plan.fields.name(f);
        let raw = if self.explain { Self::raw_text(&cell) } else { None };
        let scores = match records::scores(&cell) {
            Ok(s) => s,
            Err(bad) => {
                self.bad_number(name, &bad);
                return Ok(Rater::Unreadable);
            }
        };
        let mut total = Decimal::ZERO;
        for s in &scores {
            total = checked_add(total, *s).map_err(|_| self.overflow(name))?;
        }
        if self.explain {
            // the rater's mean, shown (the weighing itself divides once, over all raters)
            let avg = match scores.len() {
                0 => None,
                n => Some(checked_div(total, Decimal::from(n)).map_err(|_| self.overflow(name))?),
            };
            inputs.push(StepInput {
                role: key.to_string(),
                field: Some(name.to_string()),
                raw,
                value: avg.map(Dec),
            });
        }
        Ok(match scores.len() {
            0 => Rater::Blank,
            n => Rater::Scored(total, u64::try_from(n).unwrap_or(1)),
        })
    }

    /// How a source is named in an explanation.
    pub(super) fn source_label(&self, src: &Source) -> String {
        match src {
            Source::Field(f) => self.field_name(*f),
            Source::Fixed(_) => tr!(self.locale, "目标", "目標", "target"),
            Source::Formula(f) => f.formula.source().to_string(),
            Source::Raters(_) => tr!(self.locale, "评分", "評分", "rating"),
            Source::Team(t) => self.team_label(*t),
            Source::Ranged(inner, _, _) => self.source_label(inner),
        }
    }

    /// `(甲 4.5×60 + 乙 缺失) ÷ 60 = 90.00`: how the raters' scores were weighed.
    pub(super) fn raters_text(&self, inputs: &[StepInput], src: &Source, value: Decimal) -> String {
        let Source::Raters(list) = src.unranged() else {
            return String::new();
        };
        let mut parts = Vec::new();
        let mut wsum = Decimal::ZERO;
        for (key, f, w) in list {
            let name = self.field_name(*f);
            match inputs.iter().find(|i| &i.role == key).and_then(|i| i.value) {
                Some(v) => {
                    parts.push(format!("{name} {}×{}", format_plain(v.0.round_dp(4)), format_plain(*w)));
                    wsum = wsum.checked_add(*w).unwrap_or(wsum);
                }
                None => parts.push(tr!(self.locale, "{name} 缺失", "{name} 缺失", "{name} missing")),
            }
        }
        format!(
            "({}) ÷ {} = {}",
            parts.join(" + "),
            format_plain(wsum),
            self.score_text(value)
        )
    }
}

/// What one rater gave.
enum Rater {
    /// A cell that is not a list of numbers (the error is recorded).
    Unreadable,
    /// No score.
    Blank,
    /// The sum of the scores and how many there are.
    Scored(Decimal, u64),
}

/// Σ w·total·(common/n) / (common · Σ w), with `common` the least common multiple of the counts.
fn rated(present: &Present, weight_sum: Decimal) -> Result<Decimal, NumberError> {
    let common = present.iter().try_fold(1u64, |l, (_, _, n)| lcm(l, *n));
    let common = Decimal::from(common.ok_or(NumberError::Overflow)?);
    let mut top = Decimal::ZERO;
    for (w, total, n) in present {
        let share = checked_div(common, Decimal::from(*n))?; // exact: n divides common
        top = checked_add(top, checked_mul(checked_mul(*w, *total)?, share)?)?;
    }
    checked_div(top, checked_mul(common, weight_sum)?)
}

/// Least common multiple of small counts (rater score lists); `None` on overflow.
fn lcm(a: u64, b: u64) -> Option<u64> {
    fn gcd(mut a: u64, mut b: u64) -> u64 {
        while b != 0 {
            let t = a.checked_rem(b).unwrap_or(0);
            a = b;
            b = t;
        }
        a
    }
    let g = gcd(a, b);
    a.checked_div(g)?.checked_mul(b)
}
