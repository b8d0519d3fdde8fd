//! The compiled scheme, [`Plan`], and the pass that builds it section by section, in the
//! order their problems are reported.

use super::{
    AdjustmentPlan, Compiler, FieldRef, FieldTable, IncentivePlan, IndicatorPlan, MeasurePlan, RankingPlan, TeamPlan,
    VetoPlan, WeightSet,
};
use crate::dates::{Date, WorkCalendar};
use crate::error::JixiaoError;
use crate::i18n::Locale;
use crate::scheme::{Rounding, Weighting};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A compiled scheme.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub locale: Locale,
    pub rounding: Rounding,
    pub weighting: Weighting,
    pub fields: FieldTable,
    pub id: Option<FieldRef>,
    pub name: Option<FieldRef>,
    pub group: Option<FieldRef>,
    pub role: Option<FieldRef>,
    pub categories: Vec<(String, String)>,
    pub indicators: Vec<IndicatorPlan>,
    /// Evaluation order (indicators referenced by conditions first).
    pub order: Vec<usize>,
    pub adjustments: Vec<AdjustmentPlan>,
    pub vetoes: Vec<VetoPlan>,
    pub total_min: Decimal,
    pub total_max: Option<Decimal>,
    /// (grade, min), min descending.
    pub grades: Vec<(String, Decimal)>,
    pub ranking: RankingPlan,
    /// Weight sets keyed by (role, version index).
    pub weights: HashMap<(Option<String>, Option<usize>), WeightSet>,
    /// (first day, version index), ascending.
    pub versions: Vec<(Date, usize)>,
    /// Commission, bonus, pools and awards.
    pub incentives: IncentivePlan,
    /// Whether any formula reads an indicator (rows then keep the indicators' figures).
    pub formulas_read_indicators: bool,
    /// Aggregates over raw tables, each filling a column of every person's row.
    pub measures: Vec<MeasurePlan>,
    /// Team figures, computed per group before the rows are scored (DESIGN.md, "Team figures").
    pub teams: Vec<TeamPlan>,
    /// The indicators the team figures read (with what they read), by indicator index.
    pub team_needs: Vec<bool>,
    /// Minutes east of UTC for epoch-millisecond and UTC dates in raw tables.
    pub utc_offset: i32,
    /// The holidays and make-up workdays of `NETWORKDAYS`.
    pub calendar: WorkCalendar,
    /// Warnings found while compiling (reported by validation).
    pub warnings: Vec<JixiaoError>,
}

impl Compiler<'_> {
    /// Compiles the whole scheme; `None` when an indicator or the ranking could not be
    /// compiled (the issues say why).
    pub(super) fn plan(&mut self) -> Option<Plan> {
        let s = self.scheme;
        let locale = self.locale();
        self.check_rounding();
        let person = self.person_columns();
        self.named_measures();
        let utc_offset = self.utc_offset();
        let calendar = self.work_calendar();
        self.keys();
        let categories: Vec<(String, String)> = s
            .categories
            .iter()
            .map(|c| (c.key.clone(), c.name.clone().unwrap_or_else(|| c.key.clone())))
            .collect();
        let indicators: Vec<IndicatorPlan> = (0..s.indicators.len()).filter_map(|i| self.indicator(i)).collect();
        let order = self.order();
        self.check_team_cycles();
        let team_needs = super::sources::team_needs(&self.teams, &self.deps, s.indicators.len());
        let adjustments = self.adjustments();
        let grades = self.grades();
        let vetoes = self.vetoes(&grades);
        let ranking = self.ranking(person.group);
        let versions = self.versions();
        let weights = self.weights(&versions);
        let (total_min, total_max) = self.total_bounds();
        self.check_role_column(person.role);
        let incentives = self.incentives(person.group, &grades);
        self.check_measures();
        if indicators.len() != s.indicators.len() {
            return None;
        }
        Some(Plan {
            locale,
            rounding: s.rounding,
            weighting: s.weighting,
            fields: std::mem::take(&mut self.fields),
            id: person.id,
            name: person.name,
            group: person.group,
            role: person.role,
            categories,
            indicators,
            order,
            adjustments,
            vetoes,
            total_min,
            total_max,
            grades,
            ranking: ranking?,
            weights,
            versions,
            incentives,
            formulas_read_indicators: self.formulas_read_indicators,
            measures: std::mem::take(&mut self.measures),
            teams: std::mem::take(&mut self.teams),
            team_needs,
            utc_offset,
            calendar,
            warnings: Vec::new(),
        })
    }
}

/// The weight set (role, version) for a role text and a period start; falls back to the base.
pub(crate) fn version_for(plan: &Plan, period: Option<Date>) -> Option<usize> {
    let start = period?;
    plan.versions
        .iter()
        .rev()
        .find(|(from, _)| *from <= start)
        .map(|(_, i)| *i)
}
