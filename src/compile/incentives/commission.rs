//! A scheme's commission plan compiled: its tier table checked like a standalone plan,
//! and what the plan's options need (a target for achievement tiers, `paid` for a
//! year-to-date true-up, a group column for a group scope).

use super::checks::plan_name;
use crate::compile::{Compiler, Cond, FieldRef, Source};
use crate::error::{ErrorCode, Severity};
use crate::i18n::Text;
use crate::incentives::{check_tier_table, TierTable};
use crate::scheme::{Accumulate, CommissionPlan, On, PlanScope};

/// A compiled commission plan.
#[derive(Clone, Debug)]
pub(crate) struct CommissionCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub base: Source,
    pub target: Option<Source>,
    /// The figure the tier is chosen by (`on: { "field": … }`).
    pub figure: Option<Source>,
    pub table: TierTable,
    pub gate: Option<Cond>,
    pub applies: Option<Cond>,
    pub paid: Option<Source>,
    pub ytd: bool,
    pub group: bool,
}

impl Compiler<'_> {
    /// Compiles commission plan `p` at `path` under `key`; `None` when it has an error.
    pub(super) fn commission_plan(
        &mut self,
        p: &CommissionPlan,
        key: String,
        path: &str,
        group: Option<FieldRef>,
    ) -> Option<CommissionCompiled> {
        let table = TierTable {
            tiers: p.tiers.clone(),
            mode: p.mode,
            on: p.on.clone().unwrap_or_default(),
            cap: p.cap,
        };
        self.tier_table_issues(&table, path);
        let base = self.source(&p.base, &format!("{path}/base"));
        let target = p
            .target
            .as_ref()
            .and_then(|t| self.source(t, &format!("{path}/target")));
        let figure = self.tier_figure(&table, &format!("{path}/on"), p.scope);
        if table.on.basis() == On::Achievement && p.target.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/target"),
                "按达成率分档（on: achievement）需要 target".into(),
                "按達成率分檔（on: achievement）需要 target".into(),
                "tiers on achievement need a target".into(),
            );
        }
        let ytd = p.accumulate == Accumulate::Ytd;
        let paid = p.paid.as_ref().and_then(|t| self.source(t, &format!("{path}/paid")));
        self.check_paid(ytd, p.paid.is_some(), path);
        let is_group = p.scope == PlanScope::Group;
        if is_group && group.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/scope"),
                "按团队计提（scope: group）需要 fields.group 指明分组列".into(),
                "按團隊計提（scope: group）需要 fields.group 指明分組欄".into(),
                "a group-scope commission needs fields.group to name the group column".into(),
            );
        }
        let gate = self.optional_condition(p.gate.as_ref(), format!("{path}/gate"));
        let applies = self.optional_condition(p.applies_to.as_ref(), format!("{path}/appliesTo"));
        let (base, gate, applies) = (base?, gate.ok()?, applies.ok()?);
        Some(CommissionCompiled {
            name: plan_name(p.name.as_ref(), Text::new("提成", "提成", "Commission")),
            key,
            base,
            target,
            figure,
            table,
            gate,
            applies,
            paid,
            ytd,
            group: is_group,
        })
    }

    /// The figure the tiers are read on (`on: { "field": … }` / `{ "formula": … }`); a
    /// group-scope plan has no one figure to read (`UNSUPPORTED`).
    fn tier_figure(&mut self, table: &TierTable, path: &str, scope: PlanScope) -> Option<Source> {
        let figure = table.on.figure()?;
        if scope == PlanScope::Group {
            self.error(
                ErrorCode::Unsupported,
                path.to_string(),
                "按团队计提（scope: group）不能按另一个数分档".into(),
                "按團隊計提（scope: group）不能按另一個數分檔".into(),
                "a group-scope commission cannot read its tiers on another figure".into(),
            );
            return None;
        }
        self.source(&figure, path)
    }

    /// The tier table's own checks, at the plan's path (its errors are not repeated while
    /// re-checking quietly).
    fn tier_table_issues(&mut self, table: &TierTable, path: &str) {
        for issue in check_tier_table(table, path) {
            if issue.severity == Severity::Error && self.quiet {
                continue;
            }
            self.issues.push(issue);
        }
    }

    /// `paid` goes with a year-to-date true-up: needed by one, ignored without.
    fn check_paid(&mut self, ytd: bool, has_paid: bool, path: &str) {
        if ytd && !has_paid {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/paid"),
                "累计补差（accumulate: ytd）需要 paid（本年已发金额）".into(),
                "累計補差（accumulate: ytd）需要 paid（本年已發金額）".into(),
                "a year-to-date true-up (accumulate: ytd) needs paid (the amount already paid this year)".into(),
            );
        }
        if !ytd && has_paid {
            self.warning(
                ErrorCode::IgnoredSetting,
                format!("{path}/paid"),
                "paid 只在 accumulate: ytd 时使用，已忽略".into(),
                "paid 只在 accumulate: ytd 時使用，已忽略".into(),
                "paid is only used with accumulate: ytd; ignored".into(),
            );
        }
    }
}
