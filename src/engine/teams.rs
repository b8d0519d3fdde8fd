//! Team figures (团队业绩; DESIGN.md, "Team figures"): before the rows are scored, every
//! row's group is read and the indicators the team figures read are evaluated for it;
//! each group's figure sums its members' values, leaving out (and naming) the members
//! whose value could not be computed. A row then reads its group's figure as a source.

use super::evaluate::Run;
use super::input::OutputMode;
use super::output::{Dec, Step, StepInput};
use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::{TeamOf, TeamPlan};
use crate::error::ErrorCode;
use crate::i18n::{tr, Text};
use crate::numbers::{checked_add, checked_div, NumberError};
use crate::records::{self, Rows, Slots};
use crate::scheme::GroupOp;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How many left-out members an explanation names (it counts them all).
const NAMED: usize = 5;

/// The groups' team figures of one evaluation.
pub(super) struct TeamValues {
    /// Each row's group (an index into `groups`); `None` without a group.
    row_group: Vec<Option<usize>>,
    groups: Vec<Group>,
}

/// One group: its name and one figure per team plan.
struct Group {
    name: String,
    figures: Vec<Figure>,
}

/// One team figure of one group, as it is summed up.
#[derive(Clone, Default)]
struct Figure {
    actual: Decimal,
    target: Decimal,
    counted: usize,
    /// Members left out: how many, and the first few by id, name or row.
    left_out: usize,
    named: Vec<String>,
    /// A sum that left the decimal range.
    overflow: bool,
}

impl Run<'_> {
    /// Reads every row's group and its members' values; rows are evaluated as for
    /// `output: "totals"`, without explanations, and only the indicators the figures need.
    pub(super) fn team_values(&self, rows: &Rows) -> TeamValues {
        let plan = self.plan;
        let mut values = TeamValues {
            row_group: Vec::with_capacity(rows.len()),
            groups: Vec::new(),
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in 0..rows.len() {
            let mut ev = self.evaluator(row);
            (ev.shape, ev.explain, ev.explain_only) = (OutputMode::Totals, false, None);
            let Some((group, member)) = ev.member(rows) else {
                values.row_group.push(None);
                continue;
            };
            let g = *index.entry(group.clone()).or_insert_with(|| {
                values.groups.push(Group {
                    name: group,
                    figures: vec![Figure::default(); plan.teams.len()],
                });
                values.groups.len().saturating_sub(1)
            });
            values.row_group.push(Some(g));
            if let Some(group) = values.groups.get_mut(g) {
                for (figure, value) in group.figures.iter_mut().zip(&member.values) {
                    figure.add(*value, &member.who);
                }
            }
        }
        values
    }
}

/// What one row gives its group: who it is, and its value per team plan (`None`: left out).
struct Member {
    who: String,
    values: Vec<Option<(Decimal, Decimal)>>,
}

impl RowEvaluator<'_> {
    /// The row's group and what it gives it; `None` when it has no group (or cannot be read).
    fn member(&mut self, rows: &Rows) -> Option<(String, Member)> {
        let plan = self.plan;
        let cells = self.measure_cells();
        let measured = cells.is_ok();
        let cells = cells.unwrap_or_default();
        let slots = self.read_slots(rows, &cells).ok()?;
        let group = self.identity(&slots, plan.group)?;
        let who = (self.identity(&slots, plan.id))
            .or_else(|| self.identity(&slots, plan.name))
            .unwrap_or_else(|| format!("#{}", self.index));
        let values = match measured && self.invalid_id(&slots).is_none() {
            true => {
                let states = self.indicators(&slots, None, Some(&plan.team_needs));
                (plan.teams.iter())
                    .map(|t| member_value(&slots, self, t, &states))
                    .collect()
            }
            false => vec![None; plan.teams.len()],
        };
        Some((group, Member { who, values }))
    }
}

/// A member's (actual, target) for one team plan: `None` when it failed or is blank.
fn member_value(slots: &Slots, ev: &RowEvaluator, team: &TeamPlan, states: &[IndState]) -> Option<(Decimal, Decimal)> {
    match team.of {
        TeamOf::Indicator(i) => {
            let st = states.get(i).filter(|st| !st.failed)?;
            let actual = st.actual?;
            match team.op {
                GroupOp::Achievement => Some((actual, st.target?)),
                GroupOp::Sum | GroupOp::Mean => Some((actual, Decimal::ZERO)),
            }
        }
        TeamOf::Field(f) => {
            let cell = records::cell(slots, &ev.plan.fields, f);
            records::number(&cell).ok().flatten().map(|v| (v, Decimal::ZERO))
        }
    }
}

impl Figure {
    /// Adds one member: its value, or its name among those left out.
    fn add(&mut self, value: Option<(Decimal, Decimal)>, who: &str) {
        let Some((actual, target)) = value else {
            self.left_out = self.left_out.saturating_add(1);
            if self.named.len() < NAMED {
                self.named.push(who.to_string());
            }
            return;
        };
        self.counted = self.counted.saturating_add(1);
        match (checked_add(self.actual, actual), checked_add(self.target, target)) {
            (Ok(a), Ok(t)) => (self.actual, self.target) = (a, t),
            _ => self.overflow = true,
        }
    }

    /// The group's figure: `Ok(None)` when no member counted.
    fn value(&self, op: GroupOp) -> Result<Option<Decimal>, NumberError> {
        if self.overflow {
            return Err(NumberError::Overflow);
        }
        if self.counted == 0 {
            return Ok(None);
        }
        match op {
            GroupOp::Sum => Ok(Some(self.actual)),
            GroupOp::Mean => checked_div(self.actual, Decimal::from(self.counted)).map(Some),
            GroupOp::Achievement if self.target.is_zero() => Err(NumberError::DivisionByZero),
            GroupOp::Achievement => checked_div(self.actual, self.target).map(Some),
        }
    }
}

impl RowEvaluator<'_> {
    /// Reads team figure `t` for the row: its group's value; missing without a group or
    /// when no member of the group counted.
    pub(super) fn team_source(
        &mut self,
        t: usize,
        role: &str,
        inputs: &mut Vec<StepInput>,
    ) -> Result<Option<Decimal>, Recorded> {
        let plan = self.plan;
        let label = self.team_label(t);
        let (Some(team), Some(values)) = (plan.teams.get(t), self.teams) else {
            return Ok(None);
        };
        let group = (values.row_group.get(self.index).copied().flatten()).and_then(|g| values.groups.get(g));
        let Some((group, figure)) = group.and_then(|g| g.figures.get(t).map(|f| (g, f))) else {
            self.explain_team(role, &label, None, inputs, || None);
            return Ok(None);
        };
        match figure.value(team.op) {
            Ok(v) => {
                self.explain_team(role, &label, v, inputs, || Some((group, figure, team.op)));
                Ok(v)
            }
            Err(e) => {
                let (code, messages) = team_failure(e, &group.name, &label);
                self.cell_error(code, &label, None, messages);
                Err(Recorded)
            }
        }
    }

    /// `团队“销售额”达成率`: how a team figure is named.
    pub(super) fn team_label(&self, t: usize) -> String {
        let Some(team) = self.plan.teams.get(t) else {
            return String::new();
        };
        let name = &team.name;
        match team.op {
            GroupOp::Sum => tr!(
                self.locale,
                "团队“{name}”合计",
                "團隊「{name}」合計",
                "team total of \"{name}\""
            ),
            GroupOp::Mean => tr!(
                self.locale,
                "团队“{name}”平均",
                "團隊「{name}」平均",
                "team mean of \"{name}\""
            ),
            GroupOp::Achievement => tr!(
                self.locale,
                "团队“{name}”达成率",
                "團隊「{name}」達成率",
                "team achievement of \"{name}\""
            ),
        }
    }

    /// When explaining: the figure as an input, and a step naming the group, the members
    /// counted and those left out.
    fn explain_team<'g>(
        &mut self,
        role: &str,
        label: &str,
        value: Option<Decimal>,
        inputs: &mut Vec<StepInput>,
        group: impl FnOnce() -> Option<(&'g Group, &'g Figure, GroupOp)>,
    ) {
        if !self.explain {
            return;
        }
        inputs.push(StepInput {
            role: role.into(),
            field: Some(label.to_string()),
            raw: None,
            value: value.map(Dec),
        });
        let text = match group() {
            None => tr!(
                self.locale,
                "{label}：本人没有所属团队，按缺失处理",
                "{label}：本人沒有所屬團隊，按缺失處理",
                "{label}: the person has no group; missing"
            ),
            Some((g, f, op)) => self.team_text(label, g, f, op, value),
        };
        self.steps.push(Step {
            kind: "team",
            key: Some(label.to_string()),
            inputs: Vec::new(),
            rule: None,
            branch: None,
            value: value.map(Dec),
            text,
        });
    }

    /// `“华东” 团队“销售额”达成率 = Σ实际 200 ÷ Σ目标 200 = 100.00%；计入 2 人，未计入 1 人：E3`.
    fn team_text(&self, label: &str, g: &Group, f: &Figure, op: GroupOp, value: Option<Decimal>) -> String {
        let name = &g.name;
        let (a, t, n) = (self.value_text(f.actual), self.value_text(f.target), f.counted);
        let shown = match (value, op) {
            (None, _) => tr!(self.locale, "缺失", "缺失", "missing"),
            (Some(v), GroupOp::Achievement) => {
                let pct = self.pct(v);
                tr!(
                    self.locale,
                    "Σ实际 {a} ÷ Σ目标 {t} = {pct}",
                    "Σ實際 {a} ÷ Σ目標 {t} = {pct}",
                    "Σ actual {a} ÷ Σ target {t} = {pct}"
                )
            }
            (Some(v), GroupOp::Mean) => format!("{a} ÷ {n} = {}", self.value_text(v)),
            (Some(v), GroupOp::Sum) => self.value_text(v),
        };
        let left = f.left_out;
        let mut text = tr!(
            self.locale,
            "“{name}” {label} = {shown}；计入 {n} 人",
            "「{name}」{label} = {shown}；計入 {n} 人",
            "\"{name}\" {label} = {shown}; {n} members counted"
        );
        if left > 0 {
            let who = f.named.join(", ");
            let more = if left > f.named.len() { " …" } else { "" };
            text.push_str(&tr!(
                self.locale,
                "，未计入 {left} 人（无法计算或缺失）：{who}{more}",
                "，未計入 {left} 人（無法計算或缺失）：{who}{more}",
                ", {left} left out (failed or missing): {who}{more}"
            ));
        }
        text
    }
}

/// The row error of a group figure that cannot be computed.
fn team_failure(e: NumberError, group: &str, label: &str) -> (ErrorCode, Text) {
    match e {
        NumberError::DivisionByZero => (
            ErrorCode::ZeroDivisor,
            Text::new(
                format!("团队 “{group}” 的目标合计为 0，无法计算{label}"),
                format!("團隊「{group}」的目標合計為 0，無法計算{label}"),
                format!("the targets of group \"{group}\" sum to 0: no {label}"),
            ),
        ),
        _ => (
            ErrorCode::Overflow,
            Text::new(
                format!("计算团队 “{group}” 的{label}时超出数值范围"),
                format!("計算團隊「{group}」的{label}時超出數值範圍"),
                format!("computing the {label} of group \"{group}\" went out of the number range"),
            ),
        ),
    }
}
