//! Ranking compiled: what each ranking key reads (`total`, an indicator, a column; a
//! leading `-` ranks lower first), tie-breakers and the grouping column.

use super::{Compiler, FieldRef};
use crate::error::ErrorCode;
use crate::scheme::RankMethod;

/// What a ranking key reads.
#[derive(Clone, Debug)]
pub(crate) enum RankKey {
    Total,
    Indicator(usize),
    Field(FieldRef),
}

/// A ranking key with its order (`descending` = higher first).
#[derive(Clone, Debug)]
pub(crate) struct RankKeyPlan {
    pub key: RankKey,
    pub descending: bool,
}

/// Compiled ranking.
#[derive(Clone, Debug)]
pub(crate) struct RankingPlan {
    pub by: RankKeyPlan,
    pub method: RankMethod,
    pub tie_breakers: Vec<RankKeyPlan>,
    pub group_by: Option<FieldRef>,
}

impl Compiler<'_> {
    /// What a ranking key reads, and its order.
    pub(super) fn rank_key(&mut self, name: &str) -> RankKeyPlan {
        let (descending, bare) = match name.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (false, rest),
            _ => (true, name),
        };
        let key = if bare == "total" {
            RankKey::Total
        } else if let Some(i) = self.indicator_index.get(bare) {
            RankKey::Indicator(*i)
        } else {
            RankKey::Field(self.fields.field(bare))
        };
        RankKeyPlan { key, descending }
    }

    pub(super) fn ranking(&mut self, group: Option<FieldRef>) -> Option<RankingPlan> {
        let r = self.scheme.ranking.clone().unwrap_or_default();
        let by = self.rank_key(r.by.as_deref().unwrap_or("total"));
        let tie_breakers = r.tie_breakers.iter().map(|t| self.rank_key(t)).collect();
        let group_by = match r.group_by.as_deref() {
            None => None,
            Some("group") => match group {
                Some(g) => Some(g),
                None => {
                    self.error(
                        ErrorCode::MissingSetting,
                        "/ranking/groupBy",
                        "groupBy 为 \"group\"，但 fields.group 未指明分组列".into(),
                        "groupBy 為 \"group\"，但 fields.group 未指明分組欄".into(),
                        "groupBy is \"group\" but fields.group names no group column".into(),
                    );
                    None
                }
            },
            Some(field) => Some(self.fields.field(field)),
        };
        Some(RankingPlan {
            by,
            method: r.method,
            tie_breakers,
            group_by,
        })
    }
}
