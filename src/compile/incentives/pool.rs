//! A scheme's team pool compiled: where its amount comes from, what it groups by, what
//! a share is weighted by, its condition and per-person cap.

use super::checks::plan_name;
use crate::compile::{Compiler, Cond, FieldRef, Source};
use crate::error::ErrorCode;
use crate::i18n::Text;
use crate::scheme::{PoolPlan, PoolWeight, PoolWeightName};
use rust_decimal::Decimal;

/// What a pool share is weighted by.
#[derive(Clone, Debug)]
pub(crate) enum PoolWeighting {
    Score,
    ScoreXBase(Source),
    Field(FieldRef),
}

/// A compiled team pool.
#[derive(Clone, Debug)]
pub(crate) struct PoolCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub amount: Source,
    pub group_by: Option<FieldRef>,
    pub weight: PoolWeighting,
    pub when: Option<Cond>,
    pub cap: Option<Decimal>,
}

impl Compiler<'_> {
    /// Compiles pool `p` at `path` under `key`; `group` is the `fields.group` column (the
    /// default grouping). `None` when it has an error.
    pub(super) fn pool_plan(
        &mut self,
        p: &PoolPlan,
        key: String,
        path: &str,
        group: Option<FieldRef>,
    ) -> Option<PoolCompiled> {
        let amount = self.pool_amount(p, path);
        let group_by = match p.group_by.as_deref() {
            Some(g) => self.group_column(Some(g), format!("{path}/groupBy"), group),
            None => group,
        };
        let weight = self.pool_weighting(p, path);
        self.non_negative(p.cap.map(|c| c.0), format!("{path}/cap"), "cap");
        let when = self.optional_condition(p.when.as_ref(), format!("{path}/when"));
        let (amount, weight, when) = (amount?, weight?, when.ok()?);
        Some(PoolCompiled {
            name: plan_name(p.name.as_ref(), Text::new("团队奖金池", "團隊獎金池", "Team pool")),
            key,
            amount,
            group_by,
            weight,
            when,
            cap: p.cap.map(|c| c.0),
        })
    }

    /// The pool's amount: a column or a fixed value ≥ 0, never the raters.
    fn pool_amount(&mut self, p: &PoolPlan, path: &str) -> Option<Source> {
        let amount = self.source(&p.amount, &format!("{path}/amount"));
        if matches!(amount.as_ref().map(Source::unranged), Some(Source::Raters(_))) {
            self.error(
                ErrorCode::InvalidSetting,
                format!("{path}/amount"),
                "奖金池金额不能来自评分人".into(),
                "獎金池金額不能來自評分人".into(),
                "a pool amount cannot come from raters".into(),
            );
        }
        if let Some(Source::Fixed(v)) = amount {
            self.non_negative(Some(v), format!("{path}/amount/value"), "amount");
        }
        amount
    }

    /// What a share is weighted by; `score_x_base` needs the pool's `base`.
    fn pool_weighting(&mut self, p: &PoolPlan, path: &str) -> Option<PoolWeighting> {
        match &p.weight {
            PoolWeight::Named(PoolWeightName::Score) => Some(PoolWeighting::Score),
            PoolWeight::Named(PoolWeightName::ScoreXBase) => match &p.base {
                Some(b) => self.source(b, &format!("{path}/base")).map(PoolWeighting::ScoreXBase),
                None => {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/base"),
                        "按分数 × 基数分配（score_x_base）需要 base".into(),
                        "按分數 × 基數分配（score_x_base）需要 base".into(),
                        "a score_x_base pool needs a base".into(),
                    );
                    None
                }
            },
            PoolWeight::Field { field } => Some(PoolWeighting::Field(self.fields.field(field))),
        }
    }
}
