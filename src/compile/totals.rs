//! What acts on the total after weighting: adjustments (per × value within min‥max),
//! vetoes (a condition that sets the score and maybe the grade) and the total's bounds.

use super::{Compiler, Cond, Source};
use crate::error::ErrorCode;
use rust_decimal::Decimal;

/// A compiled adjustment.
#[derive(Clone, Debug)]
pub(crate) struct AdjustmentPlan {
    pub key: String,
    pub name: String,
    pub per: Decimal,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub value: Source,
}

/// A compiled veto.
#[derive(Clone, Debug)]
pub(crate) struct VetoPlan {
    pub key: String,
    pub name: String,
    pub when: Cond,
    pub score: Decimal,
    pub grade: Option<String>,
    pub reason: Option<String>,
}

impl Compiler<'_> {
    /// Compiles the adjustments; `min` above `max` is an error.
    pub(super) fn adjustments(&mut self) -> Vec<AdjustmentPlan> {
        let mut out = Vec::new();
        for (i, a) in self.scheme.adjustments.iter().enumerate() {
            let path = format!("/adjustments/{}", self.layout.adjustments.position(i));
            let (min, max) = (a.min.map(|n| n.0), a.max.map(|n| n.0));
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/min"),
                        format!("min {lo} 大于 max {hi}"),
                        format!("min {lo} 大於 max {hi}"),
                        format!("min {lo} is above max {hi}"),
                    );
                }
            }
            if let Some(value) = self.source(&a.value, &format!("{path}/value")) {
                out.push(AdjustmentPlan {
                    key: a.key.clone(),
                    name: a.name.clone().unwrap_or_else(|| a.key.clone()),
                    per: a.per.map(|n| n.0).unwrap_or(Decimal::ONE),
                    min,
                    max,
                    value,
                });
            }
        }
        out
    }

    /// Compiles the vetoes; a veto grade must be one of `grades`.
    pub(super) fn vetoes(&mut self, grades: &[(String, Decimal)]) -> Vec<VetoPlan> {
        let mut out = Vec::new();
        for (i, v) in self.scheme.vetoes.iter().enumerate() {
            let path = format!("/vetoes/{}", self.layout.vetoes.position(i));
            if let Some(g) = &v.grade {
                if !grades.iter().any(|(name, _)| name == g) {
                    self.error(
                        ErrorCode::InvalidSetting,
                        format!("{path}/grade"),
                        format!("否决等级 “{g}” 不在等级档位中"),
                        format!("否決等級「{g}」不在等級檔位中"),
                        format!("the veto grade \"{g}\" is not one of the grades"),
                    );
                }
            }
            if let Some(when) = self.condition(&v.when, &format!("{path}/when"), None) {
                out.push(VetoPlan {
                    key: v.key.clone(),
                    name: v.name.clone().unwrap_or_else(|| v.key.clone()),
                    when,
                    score: v.score.map(|n| n.0).unwrap_or(Decimal::ZERO),
                    grade: v.grade.clone(),
                    reason: v.reason.clone(),
                });
            }
        }
        out
    }

    /// `totalMin` (default 0) and `totalMax`; the maximum must not be below the minimum.
    pub(super) fn total_bounds(&mut self) -> (Decimal, Option<Decimal>) {
        let s = self.scheme;
        let total_min = s.total_min.map(|n| n.0).unwrap_or(Decimal::ZERO);
        let total_max = s.total_max.map(|n| n.0);
        if let Some(max) = total_max {
            if max < total_min {
                self.error(
                    ErrorCode::InvalidSetting,
                    "/totalMax",
                    format!("totalMax {max} 小于 totalMin {total_min}"),
                    format!("totalMax {max} 小於 totalMin {total_min}"),
                    format!("totalMax {max} is below totalMin {total_min}"),
                );
            }
        }
        (total_min, total_max)
    }
}
