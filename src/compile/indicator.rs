//! One indicator compiled: its category, weight, scoring rule and value sources, every
//! problem reported before the indicator is left out.

use super::{Compiler, Rule, Source};
use crate::error::ErrorCode;
use crate::scheme::{Direction, Indicator, Missing, OnZero, RaterMissing, Reverse, Weighting};

/// A compiled indicator.
#[derive(Clone, Debug)]
pub(crate) struct IndicatorPlan {
    pub key: String,
    pub name: String,
    pub category: Option<usize>,
    pub direction: Direction,
    pub reverse: Reverse,
    pub actual: Option<Source>,
    pub target: Option<Source>,
    pub rule: Rule,
    pub missing: Missing,
    pub on_zero: OnZero,
    pub rater_missing: RaterMissing,
    pub unit: Option<String>,
}

impl Compiler<'_> {
    /// Compiles indicator `i`; `None` when any part of it is wrong (each problem reported).
    pub(super) fn indicator(&mut self, i: usize) -> Option<IndicatorPlan> {
        let ind = self.scheme.indicators.get(i)?;
        let path = format!("/indicators/{}", self.layout.indicators.position(i));
        let (category, mut ok) = self.indicator_category(ind, &path);
        ok &= self.check_indicator_weight(ind, &path);
        let (rule, rule_ok) = self.rule(ind, i, &path)?;
        ok &= rule_ok;
        let (actual, target, sources_ok) = self.indicator_sources(ind, i, &path, &rule);
        ok &= sources_ok;
        if ind.reverse.is_some() && ind.direction == Direction::HigherBetter {
            self.warning(
                ErrorCode::IgnoredSetting,
                format!("{path}/reverse"),
                "reverse 只对反向指标（lower_better）有效".into(),
                "reverse 只對反向指標（lower_better）有效".into(),
                "reverse only applies to lower_better indicators".into(),
            );
        }
        if !ok {
            return None;
        }
        Some(IndicatorPlan {
            key: ind.key.clone(),
            name: ind.name.clone().unwrap_or_else(|| ind.key.clone()),
            category,
            direction: ind.direction,
            reverse: ind.reverse.unwrap_or_default(),
            actual,
            target,
            rule,
            missing: ind.missing,
            on_zero: ind.on_zero,
            rater_missing: ind.rater_missing.unwrap_or(self.scheme.rater_missing),
            unit: ind.unit.clone(),
        })
    }

    /// The indicator's category index, and whether it is usable: the category must exist,
    /// and nested weighting needs one.
    fn indicator_category(&mut self, ind: &Indicator, path: &str) -> (Option<usize>, bool) {
        let mut ok = true;
        let category = match &ind.category {
            Some(cat) => match self.category_index.get(cat.as_str()) {
                Some(ci) => Some(*ci),
                None if self.layout.categories.broken_keys.contains(cat) => {
                    ok = false;
                    None
                }
                None => {
                    self.error(
                        ErrorCode::UnknownCategory,
                        format!("{path}/category"),
                        format!("指标 “{}” 的维度 “{cat}” 不存在", ind.key),
                        format!("指標「{}」的維度「{cat}」不存在", ind.key),
                        format!("indicator \"{}\" names the unknown category \"{cat}\"", ind.key),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if category.is_none() && ind.category.is_none() && self.scheme.weighting == Weighting::Nested {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/category"),
                format!("分层权重（nested）下，指标 “{}” 必须属于一个维度", ind.key),
                format!("分層權重（nested）下，指標「{}」必須屬於一個維度", ind.key),
                format!("with nested weighting, indicator \"{}\" needs a category", ind.key),
            );
            ok = false;
        }
        (category, ok)
    }

    /// An indicator's weight must not be negative.
    fn check_indicator_weight(&mut self, ind: &Indicator, path: &str) -> bool {
        if ind.weight.0.is_sign_negative() && !ind.weight.0.is_zero() {
            self.error(
                ErrorCode::InvalidSetting,
                format!("{path}/weight"),
                format!("权重不能为负：{}", ind.weight.0),
                format!("權重不能為負：{}", ind.weight.0),
                format!("a weight cannot be negative: {}", ind.weight.0),
            );
            return false;
        }
        true
    }

    /// The actual and target sources, and whether they are usable: an actual is needed
    /// (but by pass/fail), and a rule on achievement needs a target.
    fn indicator_sources(
        &mut self,
        ind: &Indicator,
        i: usize,
        path: &str,
        rule: &Rule,
    ) -> (Option<Source>, Option<Source>, bool) {
        let mut ok = true;
        let actual = match &ind.actual {
            Some(src) => {
                let s = self.source_for(src, &format!("{path}/actual"), Some(i));
                ok &= s.is_some();
                s
            }
            None => {
                if !matches!(rule, Rule::PassFail { .. }) {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/actual"),
                        format!("指标 “{}” 缺少实际值来源（actual）", ind.key),
                        format!("指標「{}」缺少實際值來源（actual）", ind.key),
                        format!("indicator \"{}\" has no actual value source", ind.key),
                    );
                    ok = false;
                }
                None
            }
        };
        let target = match &ind.target {
            Some(src) => {
                let s = self.source_for(src, &format!("{path}/target"), Some(i));
                ok &= s.is_some();
                s
            }
            None => None,
        };
        if rule.uses_achievement() && ind.target.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/target"),
                format!(
                    "指标 “{}” 按达成率计分，需要目标值（target）；或把 on 设为 \"value\"",
                    ind.key
                ),
                format!(
                    "指標「{}」按達成率計分，需要目標值（target）；或把 on 設為 \"value\"",
                    ind.key
                ),
                format!(
                    "indicator \"{}\" scores on achievement and needs a target (or set on: \"value\")",
                    ind.key
                ),
            );
            ok = false;
        }
        (actual, target, ok)
    }
}
