//! Value sources compiled: a column, a fixed value, an aggregate over a raw table, a
//! formula, weighted rater scores (their weights the source's own or the scheme's
//! `raters`), or a team figure; any of them bounded by a `range` (DESIGN.md, "Team
//! figures", "Missing data").

use super::{Compiler, FieldRef, FormulaPlan};
use crate::error::{escape_pointer, ErrorCode};
use crate::scheme::{GroupOp, Num, ValueRange, ValueSource};
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// A compiled value source.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Field(FieldRef),
    Fixed(Decimal),
    Formula(Box<FormulaPlan>),
    /// (rater key, column, weight)
    Raters(Vec<(String, FieldRef, Decimal)>),
    /// A team figure: an index into [`super::Plan::teams`].
    Team(usize),
    /// A source whose values must lie in `[min, max]` (`None`: open).
    Ranged(Box<Source>, Option<Decimal>, Option<Decimal>),
}

impl Source {
    /// The source without its range.
    pub(crate) fn unranged(&self) -> &Source {
        match self {
            Source::Ranged(inner, _, _) => inner,
            other => other,
        }
    }
}

/// What a team figure is computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TeamOf {
    /// An indicator's actual (and target, for `achievement`).
    Indicator(usize),
    /// A column.
    Field(FieldRef),
}

/// A team figure: a figure of each group, computed before the rows are scored.
#[derive(Clone, Debug)]
pub(crate) struct TeamPlan {
    pub of: TeamOf,
    pub op: GroupOp,
    /// The indicator's name, or the column, as explanations show it.
    pub name: String,
}

impl Compiler<'_> {
    /// Compiles a value source that is not an indicator's own (its formula reads no
    /// indicator in order).
    pub(super) fn source(&mut self, src: &ValueSource, path: &str) -> Option<Source> {
        self.source_for(src, path, None)
    }

    /// Compiles a value source; an indicator read by `owner`'s formula is a dependency.
    pub(super) fn source_for(&mut self, src: &ValueSource, path: &str, owner: Option<usize>) -> Option<Source> {
        let source = match src {
            ValueSource::Field { field, .. } => self.field_source(field, path),
            ValueSource::Fixed { value, .. } => Some(Source::Fixed(value.0)),
            ValueSource::Aggregate { aggregate, .. } => self
                .inline_measure(aggregate, &format!("{path}/aggregate"))
                .map(Source::Field),
            ValueSource::Formula { formula, .. } => self
                .formula(formula, &format!("{path}/formula"), owner)
                .map(|f| Source::Formula(Box::new(f))),
            ValueSource::Raters { raters, weights, .. } => self.raters(raters, weights.as_ref(), path),
            ValueSource::Group { group, op, .. } => self.team(group, *op, path, owner),
        }?;
        match src.range() {
            None => Some(source),
            Some(range) => self.ranged(source, range, path),
        }
    }

    /// A column: its name must not be empty.
    fn field_source(&mut self, field: &str, path: &str) -> Option<Source> {
        if field.trim().is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/field"),
                "字段名不能为空".into(),
                "欄位名不能為空".into(),
                "a field name cannot be empty".into(),
            );
            return None;
        }
        Some(Source::Field(self.fields.field(field)))
    }

    /// A source bounded by `range`: the least end must not pass the greatest.
    fn ranged(&mut self, source: Source, range: &ValueRange, path: &str) -> Option<Source> {
        let (min, max) = (range.0.map(|n| n.0), range.1.map(|n| n.0));
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                self.error(
                    ErrorCode::Order,
                    format!("{path}/range"),
                    format!("取值范围的下限 {lo} 大于上限 {hi}"),
                    format!("取值範圍的下限 {lo} 大於上限 {hi}"),
                    format!("the range's least value {lo} is above its greatest {hi}"),
                );
                return None;
            }
        }
        Some(Source::Ranged(Box::new(source), min, max))
    }

    /// A team figure: the scheme must name the group column; `achievement` needs an
    /// indicator. The figure is registered once per (what, op); the reader is noted for
    /// the cycle check ([`Compiler::check_team_cycles`]).
    fn team(&mut self, group: &str, op: GroupOp, path: &str, owner: Option<usize>) -> Option<Source> {
        if self.scheme.fields.group.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/group"),
                "团队业绩需要 fields.group 指明分组列".into(),
                "團隊業績需要 fields.group 指明分組欄".into(),
                "a team figure needs fields.group to name the group column".into(),
            );
            return None;
        }
        if group.trim().is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/group"),
                "团队业绩的 group 不能为空".into(),
                "團隊業績的 group 不能為空".into(),
                "a team figure's group cannot be empty".into(),
            );
            return None;
        }
        let of = match self.indicator_index.get(group) {
            Some(i) => TeamOf::Indicator(*i),
            None if op == GroupOp::Achievement => {
                self.error(
                    ErrorCode::UnknownIndicator,
                    format!("{path}/group"),
                    format!("团队达成率（achievement）需要指标 key，“{group}” 不是指标"),
                    format!("團隊達成率（achievement）需要指標 key，「{group}」不是指標"),
                    format!("a team achievement needs an indicator key; \"{group}\" is not an indicator"),
                );
                return None;
            }
            None => TeamOf::Field(self.fields.field(group)),
        };
        let index = match self.teams.iter().position(|t| t.of == of && t.op == op) {
            Some(i) => i,
            None => {
                let name = match of {
                    TeamOf::Indicator(i) => (self.scheme.indicators.get(i)).and_then(|ind| ind.name.clone()),
                    TeamOf::Field(_) => None,
                };
                self.teams.push(TeamPlan {
                    of,
                    op,
                    name: name.unwrap_or_else(|| group.to_string()),
                });
                self.teams.len().saturating_sub(1)
            }
        };
        self.team_reads.push((owner, of, format!("{path}/group")));
        Some(Source::Team(index))
    }

    /// Rater scores: every rater has a weight (the source's own `weights`, else the
    /// scheme's `raters`), no weight is negative, and they sum to more than 0.
    fn raters(
        &mut self,
        raters: &IndexMap<String, String>,
        own: Option<&IndexMap<String, Num>>,
        path: &str,
    ) -> Option<Source> {
        if raters.is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/raters"),
                "评分人列表为空".into(),
                "評分人列表為空".into(),
                "the rater list is empty".into(),
            );
            return None;
        }
        let (weights, weights_path) = match own {
            Some(w) => (w, format!("{path}/weights")),
            None => (&self.scheme.raters, "/raters".to_string()),
        };
        let mut out = Vec::with_capacity(raters.len());
        for (rater, column) in raters {
            match weights.get(rater) {
                Some(w) => out.push((rater.clone(), self.fields.field(column), w.0)),
                None => self.error(
                    ErrorCode::UnknownRater,
                    format!("{path}/raters/{}", escape_pointer(rater)),
                    format!("评分人 “{rater}” 在 {weights_path} 中没有权重"),
                    format!("評分人「{rater}」在 {weights_path} 中沒有權重"),
                    format!("the rater \"{rater}\" has no weight in {weights_path}"),
                ),
            }
        }
        if let Some(own) = own {
            self.unrated_weights(raters, own, &weights_path);
        }
        let complete = out.len() == raters.len();
        let weights: Vec<(&str, Decimal)> = out.iter().map(|(k, _, w)| (k.as_str(), *w)).collect();
        let valid = self.check_rater_weights(&weights, &weights_path, complete);
        (complete && valid).then_some(Source::Raters(out))
    }

    /// A source's own rater weights name only its raters.
    fn unrated_weights(&mut self, raters: &IndexMap<String, String>, own: &IndexMap<String, Num>, weights_path: &str) {
        for rater in own.keys().filter(|k| !raters.contains_key(*k)) {
            self.error(
                ErrorCode::UnknownRater,
                format!("{weights_path}/{}", escape_pointer(rater)),
                format!("评分人 “{rater}” 有权重，但 raters 中没有它的评分列"),
                format!("評分人「{rater}」有權重，但 raters 中沒有它的評分欄"),
                format!("the rater \"{rater}\" has a weight but no score column in raters"),
            );
        }
    }

    /// Rater weights (the scheme's or a source's own, at `base`): none negative, and, when
    /// every rater has one, a sum above 0. Whether they are usable.
    fn check_rater_weights(&mut self, weights: &[(&str, Decimal)], base: &str, complete: bool) -> bool {
        let mut ok = true;
        let mut sum = Decimal::ZERO;
        for (rater, w) in weights {
            if w.is_sign_negative() && !w.is_zero() {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("{base}/{}", escape_pointer(rater)),
                    format!("评分人权重不能为负：{w}"),
                    format!("評分人權重不能為負：{w}"),
                    format!("a rater weight cannot be negative: {w}"),
                );
                ok = false;
            }
            sum = sum.checked_add(*w).unwrap_or(sum);
        }
        if complete && sum <= Decimal::ZERO {
            self.error(
                ErrorCode::InvalidSetting,
                base,
                "评分人权重之和必须大于 0".into(),
                "評分人權重之和必須大於 0".into(),
                "the rater weights must sum to more than 0".into(),
            );
            ok = false;
        }
        ok
    }

    /// A team figure of an indicator that itself reads a team figure (directly, or
    /// through what its formulas and conditions read) is a `CYCLE`: the group figures are
    /// computed before the rows are scored, from figures that need none.
    pub(super) fn check_team_cycles(&mut self) {
        if self.team_reads.is_empty() {
            return;
        }
        let n = self.scheme.indicators.len();
        let mut reads = vec![false; n];
        for (owner, _, _) in &self.team_reads {
            if let Some(slot) = owner.and_then(|o| reads.get_mut(o)) {
                *slot = true;
            }
        }
        // spread "reads a team figure" to every indicator that reads one that does
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                let dep_reads = (self.deps.get(i).map(Vec::as_slice).unwrap_or_default())
                    .iter()
                    .any(|d| reads.get(*d) == Some(&true));
                if let Some(r) = reads.get_mut(i).filter(|r| !**r && dep_reads) {
                    *r = true;
                    changed = true;
                }
            }
        }
        let cycles: Vec<(String, String)> = (self.team_reads.iter())
            .filter_map(|(_, of, path)| match of {
                TeamOf::Indicator(x) if reads.get(*x) == Some(&true) => {
                    let key = self
                        .scheme
                        .indicators
                        .get(*x)
                        .map(|i| i.key.clone())
                        .unwrap_or_default();
                    Some((key, path.clone()))
                }
                _ => None,
            })
            .collect();
        for (key, path) in cycles {
            self.error(
                ErrorCode::Cycle,
                path,
                format!("团队业绩循环引用：指标 “{key}” 本身读取团队业绩"),
                format!("團隊業績循環引用：指標「{key}」本身讀取團隊業績"),
                format!("a team figure in a circle: the indicator \"{key}\" itself reads a team figure"),
            );
        }
    }
}

/// The indicators a team figure needs per row, with everything their formulas and
/// conditions read: `needed[i]` when indicator `i` must be evaluated before the groups'
/// figures are known.
pub(super) fn team_needs(teams: &[TeamPlan], deps: &[Vec<usize>], n: usize) -> Vec<bool> {
    let mut needed = vec![false; n];
    let mut stack: Vec<usize> = (teams.iter())
        .filter_map(|t| match t.of {
            TeamOf::Indicator(i) => Some(i),
            TeamOf::Field(_) => None,
        })
        .collect();
    while let Some(i) = stack.pop() {
        match needed.get_mut(i) {
            Some(slot) if !*slot => *slot = true,
            _ => continue,
        }
        stack.extend(deps.get(i).map(Vec::as_slice).unwrap_or_default().iter().copied());
    }
    needed
}
