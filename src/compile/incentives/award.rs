//! A scheme's award compiled: what it ranks by (a leading `-` ranks lower first), how
//! many places, the prize, the grouping and how ties at the cut are treated.

use crate::compile::{Compiler, FieldRef, RankKey};
use crate::error::ErrorCode;
use crate::i18n::Text;
use crate::scheme::{AwardPlan, AwardTies};
use rust_decimal::Decimal;

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

impl Compiler<'_> {
    /// Compiles award `a` at `path` under `key`; `group` is the `fields.group` column. The
    /// award is always returned; its problems are reported as issues.
    pub(super) fn award_plan(
        &mut self,
        a: &AwardPlan,
        key: String,
        path: &str,
        group: Option<FieldRef>,
    ) -> AwardCompiled {
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
        AwardCompiled {
            key,
            name: Text::same(a.name.clone()),
            by: by.key,
            descending: by.descending,
            by_name,
            top: a.top,
            prize: a.prize.0,
            group_by,
            ties: a.ties,
            min: a.min.map(|m| m.0),
        }
    }
}
