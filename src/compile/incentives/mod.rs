//! Compiles the scheme's `incentives` section (commission, bonus, pools, awards) and
//! checks each plan where the scheme states it: tier order, decreasing rates, `whole`-mode
//! cliffs, what each plan needs (a target for achievement tiers, `paid` for a year-to-date
//! true-up, a group column …) and keys unique across the section (DESIGN.md, "Incentives
//! (激励: commission, bonus, pools, awards)", "In a scheme").

/// An award: what it ranks by, how many places, the prize and ties.
mod award;
/// A bonus: by grade (its coefficients against the scheme's grades) or by score.
mod bonus;
/// What every plan kind checks alike: its key, non-negative figures, optional
/// conditions, the group column, and its display name.
mod checks;
/// A commission plan: its tier table checked, base, target, paid, scope, gate.
mod commission;
/// A team pool: its amount, grouping, weighting, condition and cap.
mod pool;

use super::{Compiler, FieldRef};
use award::AwardCompiled;
use bonus::BonusCompiled;
use checks::PlanKeys;
use commission::CommissionCompiled;
use pool::PoolCompiled;
use rust_decimal::Decimal;

pub(crate) use pool::PoolWeighting;

/// Every compiled incentive.
#[derive(Clone, Debug, Default)]
pub(crate) struct IncentivePlan {
    pub commissions: Vec<CommissionCompiled>,
    pub bonuses: Vec<BonusCompiled>,
    pub pools: Vec<PoolCompiled>,
    pub awards: Vec<AwardCompiled>,
}

impl IncentivePlan {
    /// Whether the scheme pays anything.
    pub fn is_empty(&self) -> bool {
        self.commissions.is_empty() && self.bonuses.is_empty() && self.pools.is_empty() && self.awards.is_empty()
    }
}

impl Compiler<'_> {
    /// Compiles `incentives` kind by kind, in scheme order; `group` is the `fields.group`
    /// column, `grades` are the scheme's grade names. A plan with an error is left out.
    pub(super) fn incentives(&mut self, group: Option<FieldRef>, grades: &[(String, Decimal)]) -> IncentivePlan {
        let s = self.scheme;
        let layout = self.layout;
        let mut keys = PlanKeys::default();
        let mut out = IncentivePlan::default();
        for (i, p) in s.incentives.commission.iter().enumerate() {
            let path = layout.commission.pointer("/incentives/commission", i);
            let key = self.plan_key(p.key.as_ref(), "commission", i, &path, &mut keys);
            out.commissions.extend(self.commission_plan(p, key, &path, group));
        }
        for (i, b) in s.incentives.bonus.iter().enumerate() {
            let path = layout.bonus.pointer("/incentives/bonus", i);
            let key = self.plan_key(b.key.as_ref(), "bonus", i, &path, &mut keys);
            out.bonuses.extend(self.bonus_plan(b, key, &path, grades));
        }
        for (i, p) in s.incentives.pool.iter().enumerate() {
            let path = layout.pool.pointer("/incentives/pool", i);
            let key = self.plan_key(p.key.as_ref(), "pool", i, &path, &mut keys);
            out.pools.extend(self.pool_plan(p, key, &path, group));
        }
        for (i, a) in s.incentives.awards.iter().enumerate() {
            let path = layout.awards.pointer("/incentives/awards", i);
            let key = self.plan_key(a.key.as_ref(), "award", i, &path, &mut keys);
            out.awards.push(self.award_plan(a, key, &path, group));
        }
        out
    }
}
