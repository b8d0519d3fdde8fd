//! Compiles the scheme's `incentives` section (commission, bonus, pools, awards) and
//! checks each plan: tier order, decreasing rates, `whole`-mode cliffs, what each plan
//! needs (a target for achievement tiers, `paid` for a YTD true-up, a group column …).

use super::{Compiler, Cond, FieldRef, RankKey, Source};
use crate::error::{ErrorCode, Severity};
use crate::i18n::Text;
use crate::incentives::{check_tier_table, TierTable};
use crate::scheme::AwardTies;
use crate::scheme::{BonusBy, Condition, ListInfo, On, PlanScope, PoolWeight, PoolWeightName};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A compiled commission plan.
#[derive(Clone, Debug)]
pub(crate) struct CommissionCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub base: Source,
    pub target: Option<Source>,
    pub table: TierTable,
    pub gate: Option<Cond>,
    pub applies: Option<Cond>,
    pub paid: Option<Source>,
    pub ytd: bool,
    pub group: bool,
}

/// A compiled bonus.
#[derive(Clone, Debug)]
pub(crate) struct BonusCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub base: Source,
    pub by: BonusBy,
    pub coefficients: Vec<(String, Decimal)>,
    pub cap: Option<Decimal>,
    pub gate: Option<Cond>,
    pub applies: Option<Cond>,
}

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

/// A compiled award.
#[derive(Clone, Debug)]
pub(crate) struct AwardCompiled {
    pub key: String,
    /// The display name in each locale (a name the scheme gives is the same in all three).
    pub name: Text,
    pub by: RankKey,
    /// Higher first (a `-` before `by` ranks lower first).
    pub descending: bool,
    pub by_name: String,
    pub top: u32,
    pub prize: Decimal,
    pub group_by: Option<FieldRef>,
    pub ties: AwardTies,
    pub min: Option<Decimal>,
}

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

fn negative(v: Decimal) -> bool {
    v.is_sign_negative() && !v.is_zero()
}

/// The key of plan `i` of a kind: its own, or `kind`, `kind2` …
fn default_key(own: Option<&String>, kind: &str, i: usize) -> String {
    match own {
        Some(k) => k.clone(),
        None if i == 0 => kind.to_string(),
        None => format!("{kind}{}", i.saturating_add(1)),
    }
}

impl<'s> Compiler<'s> {
    fn plan_key(&mut self, key: &str, path: &str, seen: &mut HashMap<String, String>) {
        self.check_key(key, path);
        if seen.insert(key.to_string(), path.to_string()).is_some() {
            self.duplicate(key, path);
        }
    }

    fn optional_condition(&mut self, c: Option<&Condition>, path: String) -> Result<Option<Cond>, ()> {
        match c {
            None => Ok(None),
            Some(c) => self.condition(c, &path, None).map(Some).ok_or(()),
        }
    }

    fn non_negative(&mut self, v: Option<Decimal>, path: String, what: &str) {
        if let Some(v) = v.filter(|v| negative(*v)) {
            self.error(
                ErrorCode::InvalidSetting,
                path,
                format!("{what} 不能为负数：{v}"),
                format!("{what} 不能為負數：{v}"),
                format!("{what} cannot be negative: {v}"),
            );
        }
    }

    fn group_column(&mut self, name: Option<&str>, path: String, group: Option<FieldRef>) -> Option<FieldRef> {
        match name {
            None => None,
            Some("group") => {
                if group.is_none() {
                    self.error(
                        ErrorCode::MissingSetting,
                        path,
                        "groupBy 为 \"group\"，但 fields.group 未指明分组列".into(),
                        "groupBy 為 \"group\"，但 fields.group 未指明分組欄".into(),
                        "groupBy is \"group\" but fields.group names no group column".into(),
                    );
                }
                group
            }
            Some(field) => Some(self.fields.field(field)),
        }
    }

    /// Compiles `incentives`; `grades` are the scheme's grade names.
    pub(super) fn incentives(&mut self, group: Option<FieldRef>, grades: &[(String, Decimal)]) -> IncentivePlan {
        let default_name = |kind: &str| -> Text {
            match kind {
                "commission" => Text::new("提成", "提成", "Commission"),
                "bonus" => Text::new("绩效奖金", "績效獎金", "Bonus"),
                _ => Text::new("团队奖金池", "團隊獎金池", "Team pool"),
            }
        };
        let own = |n: &String| Text::new(n.clone(), n.clone(), n.clone());
        let s = self.scheme;
        let layout = self.layout;
        let mut out = IncentivePlan::default();
        let mut seen: HashMap<String, String> = HashMap::new();
        let at = |info: &ListInfo, base: &str, i: usize| info.pointer(base, i);

        for (i, p) in s.incentives.commission.iter().enumerate() {
            let path = at(&layout.commission, "/incentives/commission", i);
            let key = default_key(p.key.as_ref(), "commission", i);
            self.plan_key(&key, &format!("{path}/key"), &mut seen);
            let on = p.on.unwrap_or(On::Value);
            let table = TierTable {
                tiers: p.tiers.clone(),
                mode: p.mode,
                on,
                cap: p.cap,
            };
            for issue in check_tier_table(&table, &path) {
                if issue.severity == Severity::Error && self.quiet {
                    continue;
                }
                self.issues.push(issue);
            }
            let base = self.source(&p.base, &format!("{path}/base"));
            let target = p
                .target
                .as_ref()
                .and_then(|t| self.source(t, &format!("{path}/target")));
            if on == On::Achievement && p.target.is_none() {
                self.error(
                    ErrorCode::MissingSetting,
                    format!("{path}/target"),
                    "按达成率分档（on: achievement）需要 target".into(),
                    "按達成率分檔（on: achievement）需要 target".into(),
                    "tiers on achievement need a target".into(),
                );
            }
            let ytd = p.accumulate == crate::scheme::Accumulate::Ytd;
            let paid = p.paid.as_ref().and_then(|t| self.source(t, &format!("{path}/paid")));
            if ytd && p.paid.is_none() {
                self.error(
                    ErrorCode::MissingSetting,
                    format!("{path}/paid"),
                    "累计补差（accumulate: ytd）需要 paid（本年已发金额）".into(),
                    "累計補差（accumulate: ytd）需要 paid（本年已發金額）".into(),
                    "a year-to-date true-up (accumulate: ytd) needs paid (the amount already paid this year)".into(),
                );
            }
            if !ytd && p.paid.is_some() {
                self.warning(
                    ErrorCode::IgnoredSetting,
                    format!("{path}/paid"),
                    "paid 只在 accumulate: ytd 时使用，已忽略".into(),
                    "paid 只在 accumulate: ytd 時使用，已忽略".into(),
                    "paid is only used with accumulate: ytd; ignored".into(),
                );
            }
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
            if let (Some(base), Ok(gate), Ok(applies)) = (base, gate, applies) {
                out.commissions.push(CommissionCompiled {
                    name: p.name.as_ref().map_or_else(|| default_name("commission"), own),
                    key,
                    base,
                    target,
                    table,
                    gate,
                    applies,
                    paid,
                    ytd,
                    group: is_group,
                });
            }
        }

        for (i, b) in s.incentives.bonus.iter().enumerate() {
            let path = at(&layout.bonus, "/incentives/bonus", i);
            let key = default_key(b.key.as_ref(), "bonus", i);
            self.plan_key(&key, &format!("{path}/key"), &mut seen);
            let base = self.source(&b.base, &format!("{path}/base"));
            self.non_negative(b.cap.map(|c| c.0), format!("{path}/cap"), "cap");
            let mut coefficients = Vec::new();
            if b.by == BonusBy::Grade {
                if b.coefficients.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/coefficients"),
                        "按等级发放奖金需要 coefficients（等级 → 系数）".into(),
                        "按等級發放獎金需要 coefficients（等級 → 係數）".into(),
                        "a bonus by grade needs coefficients (grade → coefficient)".into(),
                    );
                } else if grades.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        "/grades",
                        "按等级发放奖金需要方案的 grades".into(),
                        "按等級發放獎金需要方案的 grades".into(),
                        "a bonus by grade needs the scheme's grades".into(),
                    );
                }
                for (g, c) in &b.coefficients {
                    let cpath = format!("{path}/coefficients/{}", crate::error::escape_pointer(g));
                    self.non_negative(Some(c.0), cpath.clone(), "coefficient");
                    if !grades.is_empty() && !grades.iter().any(|(n, _)| n == g) {
                        self.warning(
                            ErrorCode::UnknownKey,
                            cpath,
                            format!("等级 “{g}” 不在方案的 grades 中"),
                            format!("等級「{g}」不在方案的 grades 中"),
                            format!("the grade \"{g}\" is not among the scheme's grades"),
                        );
                    }
                    coefficients.push((g.clone(), c.0));
                }
                if !b.coefficients.is_empty() {
                    for (g, _) in grades {
                        if !b.coefficients.contains_key(g) {
                            self.warning(
                                ErrorCode::MissingSetting,
                                format!("{path}/coefficients"),
                                format!("等级 “{g}” 没有系数，该等级奖金为 0"),
                                format!("等級「{g}」沒有係數，該等級獎金為 0"),
                                format!("the grade \"{g}\" has no coefficient: its bonus is 0"),
                            );
                        }
                    }
                }
            } else if !b.coefficients.is_empty() {
                self.warning(
                    ErrorCode::IgnoredSetting,
                    format!("{path}/coefficients"),
                    "按分数发放（by: score）时不使用 coefficients，已忽略".into(),
                    "按分數發放（by: score）時不使用 coefficients，已忽略".into(),
                    "coefficients are not used by a bonus by score; ignored".into(),
                );
            }
            let gate = self.optional_condition(b.gate.as_ref(), format!("{path}/gate"));
            let applies = self.optional_condition(b.applies_to.as_ref(), format!("{path}/appliesTo"));
            if let (Some(base), Ok(gate), Ok(applies)) = (base, gate, applies) {
                out.bonuses.push(BonusCompiled {
                    name: b.name.as_ref().map_or_else(|| default_name("bonus"), own),
                    key,
                    base,
                    by: b.by,
                    coefficients,
                    cap: b.cap.map(|c| c.0),
                    gate,
                    applies,
                });
            }
        }

        for (i, p) in s.incentives.pool.iter().enumerate() {
            let path = at(&layout.pool, "/incentives/pool", i);
            let key = default_key(p.key.as_ref(), "pool", i);
            self.plan_key(&key, &format!("{path}/key"), &mut seen);
            let amount = self.source(&p.amount, &format!("{path}/amount"));
            if matches!(amount, Some(Source::Raters(_))) {
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
            let group_by = match p.group_by.as_deref() {
                Some(g) => self.group_column(Some(g), format!("{path}/groupBy"), group),
                None => group,
            };
            let weight = match &p.weight {
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
            };
            self.non_negative(p.cap.map(|c| c.0), format!("{path}/cap"), "cap");
            let when = self.optional_condition(p.when.as_ref(), format!("{path}/when"));
            if let (Some(amount), Some(weight), Ok(when)) = (amount, weight, when) {
                out.pools.push(PoolCompiled {
                    name: p.name.as_ref().map_or_else(|| default_name("pool"), own),
                    key,
                    amount,
                    group_by,
                    weight,
                    when,
                    cap: p.cap.map(|c| c.0),
                });
            }
        }

        for (i, a) in s.incentives.awards.iter().enumerate() {
            let path = at(&layout.awards, "/incentives/awards", i);
            let key = default_key(a.key.as_ref(), "award", i);
            self.plan_key(&key, &format!("{path}/key"), &mut seen);
            if a.top == 0 {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{path}/top"),
                    "top 至少为 1".into(),
                    "top 至少為 1".into(),
                    "top must be at least 1".into(),
                );
            }
            self.non_negative(Some(a.prize.0), format!("{path}/prize"), "prize");
            let by_name = a.by.clone().unwrap_or_else(|| "total".to_string());
            let by = self.rank_key(&by_name);
            let group_by = self.group_column(a.group_by.as_deref(), format!("{path}/groupBy"), group);
            out.awards.push(AwardCompiled {
                key,
                name: own(&a.name),
                by: by.key,
                descending: by.descending,
                by_name,
                top: a.top,
                prize: a.prize.0,
                group_by,
                ties: a.ties,
                min: a.min.map(|m| m.0),
            });
        }
        out
    }
}
