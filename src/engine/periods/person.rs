//! One person's composite: identity from the latest composed period, the errors that stop
//! it (an unmatched row, a duplicate, a failed row, a missing row with `missing: "error"`),
//! each period's part with its status, then the weighed total bounded by `totalMin` and
//! `totalMax`, a veto carried over from any composed period, and the grade.

use super::explain::{bound_note, step, veto_line};
use super::matching::Who;
use super::name::PeriodName;
use super::plan::{ComposePlan, Weights};
use super::run::{under_period, Ran};
use super::{grade_text, ComposeMissing, CompositeResult, CompositeVeto, PeriodPart};
use crate::compile::Plan;
use crate::engine::output::{Dec, Explanation, PersonResult, Step, VetoHit};
use crate::error::{escape_pointer, ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::tr;
use crate::i18n::Locale;
use crate::numbers::{format_fixed, round};
use crate::records;
use rust_decimal::Decimal;

/// A composite result before ranking.
pub(super) struct Built {
    pub(super) result: CompositeResult,
    /// The `ranking.groupBy` cell of the person's latest row.
    pub(super) group_key: Option<String>,
}

/// What building a person's composite reads: the scheme, the composed periods' runs and
/// names (time order), the compose plan and the output's locale.
pub(super) struct Builder<'a, 'r> {
    pub(super) plan: &'a Plan,
    pub(super) runs: &'a [&'a Ran<'r>],
    pub(super) names: &'a [&'a PeriodName],
    pub(super) cp: &'a ComposePlan,
    pub(super) locale: Locale,
    pub(super) explain: bool,
}

/// Each composed period's part of one person, as counted.
struct Parts {
    parts: Vec<PeriodPart>,
    /// Per composed position: `Some(total)` when the period counts.
    counted: Vec<Option<Decimal>>,
    /// The first vetoed period in time, with its veto.
    veto: Option<(usize, VetoHit)>,
}

/// One composed period's part of one person.
struct Part {
    status: &'static str,
    total: Option<Dec>,
    grade: Option<String>,
    counted: Option<Decimal>,
    veto: Option<VetoHit>,
}

/// The end of a composite that could be weighed.
struct Finished {
    total: Decimal,
    grade: Option<String>,
    veto: Option<CompositeVeto>,
}

impl Builder<'_, '_> {
    /// A score as shown (score places, the scheme's mode).
    pub(super) fn score_text(&self, v: Decimal) -> String {
        format_fixed(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    /// A score rounded to score places.
    pub(super) fn round_score(&self, v: Decimal) -> Decimal {
        round(v, self.plan.rounding.score, self.plan.rounding.mode)
    }

    /// The explanation label of composed period `pos` (`一季度`, `2024 Q4`).
    pub(super) fn label(&self, pos: usize) -> String {
        self.names
            .get(pos)
            .map(|n| n.label(self.cp.with_year, self.locale))
            .unwrap_or_default()
    }

    /// The name of composed period `pos` as listed.
    pub(super) fn period_text(&self, pos: usize) -> String {
        self.names.get(pos).map(|n| n.text.clone()).unwrap_or_default()
    }

    /// The listed index of a composed position (for error paths).
    fn listed(&self, pos: usize) -> usize {
        self.runs.get(pos).map(|r| r.spec_index).unwrap_or_default()
    }

    /// The result of `row` in composed period `pos`.
    pub(super) fn row(&self, pos: usize, row: usize) -> Option<&PersonResult> {
        self.runs.get(pos).and_then(|r| r.output.results.get(row))
    }

    /// Re-paths a row error of composed period `pos` under `periods/N/`.
    fn repath(&self, pos: usize, e: &JixiaoError) -> JixiaoError {
        under_period(e.clone(), self.listed(pos))
    }

    /// How messages name the person: `name（id）`, the id, the name, or `row N`.
    fn who_text(&self, id: Option<&String>, name: Option<&String>, fallback: usize) -> String {
        match (id, name) {
            (Some(i), Some(n)) => format!("{n}（{i}）"),
            (Some(i), None) => i.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => tr!(self.locale, "第 {fallback} 行", "第 {fallback} 列", "row {fallback}"),
        }
    }

    /// Builds one person's composite (unranked).
    pub(super) fn person(&self, who: &Who) -> Built {
        let (slots, dups) = who.slots(self.runs.len());
        // identity from the latest period where the person has a row
        let latest = slots
            .iter()
            .enumerate()
            .rev()
            .find_map(|(pos, r)| r.and_then(|row| self.row(pos, row).map(|pr| (pos, row, pr))));
        let group_key = latest.and_then(|(pos, row, pr)| self.group_key(pos, row, pr));
        let latest_row = latest.map(|(_, _, pr)| pr);
        let mut errors: Vec<JixiaoError> = Vec::new();
        if let Who::Unmatched(pos, row) = who {
            errors.extend(self.unmatched_error(*pos, *row));
        }
        let who_text = self.who_text(
            latest_row.and_then(|pr| pr.id.as_ref()),
            latest_row.and_then(|pr| pr.name.as_ref()),
            latest.map(|(_, r, _)| r).unwrap_or_default(),
        );
        errors.extend(self.duplicate_errors(&who_text, &slots, dups));
        let Parts {
            mut parts,
            counted,
            veto,
        } = self.parts(&slots, dups, &who_text, &mut errors);
        let mut steps: Vec<Step> = Vec::new();
        let mut categories = Vec::new();
        let mut finished = None;
        if errors.is_empty() {
            let weighed = match &self.cp.weights {
                Weights::Periods(ws) => self.by_periods(ws, &counted, &mut parts, &mut steps),
                Weights::Categories(cs) => self.by_categories(cs, &slots, &mut categories, &mut steps),
            };
            match weighed {
                Ok((total, line)) => finished = Some(self.finish(total, &line, veto.as_ref(), &mut steps)),
                Err(e) => errors.push(e),
            }
        }
        let ok = finished.is_some() && errors.is_empty();
        let finished = finished.filter(|_| ok);
        let result = CompositeResult {
            id: latest_row.and_then(|pr| pr.id.clone()),
            name: latest_row.and_then(|pr| pr.name.clone()),
            group: latest_row.and_then(|pr| pr.group.clone()),
            role: latest_row.and_then(|pr| pr.role.clone()),
            ok,
            total: finished.as_ref().map(|f| Dec(f.total)),
            rank: None,
            group_rank: None,
            top_percent: None,
            vetoed: finished.as_ref().is_some_and(|f| f.veto.is_some()),
            periods: parts,
            categories,
            explain: self.explain.then(|| Explanation {
                lines: steps.iter().map(|s| s.text.clone()).collect(),
                steps,
            }),
            errors,
            grade: finished.as_ref().and_then(|f| f.grade.clone()),
            veto: finished.and_then(|f| f.veto),
        };
        Built { result, group_key }
    }

    /// The group the composite ranks in (`ranking.groupBy`), read from the latest row.
    fn group_key(&self, pos: usize, row: usize, pr: &PersonResult) -> Option<String> {
        let g = self.plan.ranking.group_by?;
        if Some(g) == self.plan.group {
            return pr.group.clone();
        }
        let line = self.runs.get(pos).and_then(|r| r.lines.get(row))?;
        let slots = records::read_row(line, &self.plan.fields).ok()?;
        records::nonblank_text(&records::cell(&slots, &self.plan.fields, g))
    }

    /// The `MISSING_VALUE` of a row that scored but has no id (or name) to be matched by.
    fn unmatched_error(&self, pos: usize, row: usize) -> Option<JixiaoError> {
        if !self.row(pos, row).is_some_and(|pr| pr.ok) {
            return None;
        }
        let plan = self.plan;
        let (field, cn, tw, en) = match (plan.id, plan.name) {
            (Some(f), _) => (plan.fields.name(f).to_string(), "编号", "編號", "id"),
            (None, Some(f)) => (plan.fields.name(f).to_string(), "姓名", "姓名", "name"),
            _ => (String::new(), "编号", "編號", "id"),
        };
        let period = self.period_text(pos);
        let mut e = JixiaoError::new(
            ErrorCode::MissingValue,
            format!("rows/{row}/{}", escape_pointer(&field)),
            text!(
                "{period} 第 {row} 行没有{cn}（{field}），无法与其他期间对应",
                "{period} 第 {row} 列沒有{tw}（{field}），無法與其他期間對應",
                "row {row} of {period} has no {en} ({field}) and cannot be matched across periods"
            ),
        );
        e.row = Some(row);
        e.field = Some(field);
        Some(self.repath(pos, &e))
    }

    /// A `DUPLICATE_KEY` for every row that repeats the person in a period.
    fn duplicate_errors(&self, who_text: &str, slots: &[Option<usize>], dups: &[(usize, usize)]) -> Vec<JixiaoError> {
        dups.iter()
            .map(|(pos, row)| {
                let period = self.period_text(*pos);
                let first = slots.get(*pos).copied().flatten().unwrap_or_default();
                let mut e = JixiaoError::new(
                    ErrorCode::DuplicateKey,
                    "",
                    text!(
                        "{who_text} 在 {period} 出现两次（第 {first} 行和第 {row} 行）",
                        "{who_text} 在 {period} 出現兩次（第 {first} 列和第 {row} 列）",
                        "{who_text} appears twice in {period} (rows {first} and {row})"
                    ),
                );
                e.row = Some(*row);
                e.path = format!("rows/{row}");
                self.repath(*pos, &e)
            })
            .collect()
    }

    /// Every composed period's part, in time order; failed rows and (with
    /// `missing: "error"`) missing rows add their errors.
    fn parts(
        &self,
        slots: &[Option<usize>],
        dups: &[(usize, usize)],
        who_text: &str,
        errors: &mut Vec<JixiaoError>,
    ) -> Parts {
        let mut out = Parts {
            parts: Vec::with_capacity(slots.len()),
            counted: Vec::with_capacity(slots.len()),
            veto: None,
        };
        for (pos, slot) in slots.iter().enumerate() {
            let duplicated = dups.iter().any(|(p, _)| *p == pos);
            let part = self.part(pos, *slot, duplicated, who_text, errors);
            if out.veto.is_none() {
                out.veto = part.veto.map(|v| (pos, v));
            }
            out.counted.push(part.counted);
            out.parts.push(PeriodPart {
                period: self.period_text(pos),
                status: part.status,
                row: *slot,
                total: part.total,
                grade: part.grade,
                weight: None,
                weighted: None,
            });
        }
        out
    }

    /// One composed period's part: `ok`/`vetoed` (counts), `failed` (its errors are the
    /// composite's), or missing by `compose.missing`.
    fn part(
        &self,
        pos: usize,
        slot: Option<usize>,
        duplicated: bool,
        who_text: &str,
        errors: &mut Vec<JixiaoError>,
    ) -> Part {
        match slot.and_then(|row| self.row(pos, row)) {
            Some(pr) if pr.ok && !duplicated => Part {
                status: if pr.vetoed { "vetoed" } else { "ok" },
                total: pr.total,
                grade: pr.grade.clone(),
                counted: pr.total.map(|t| t.0),
                veto: pr.veto.clone().filter(|_| pr.vetoed),
            },
            Some(pr) => {
                errors.extend(pr.errors.iter().map(|e| self.repath(pos, e)));
                Part {
                    status: "failed",
                    total: pr.total,
                    grade: pr.grade.clone(),
                    counted: None,
                    veto: None,
                }
            }
            None => self.missing_part(pos, who_text, errors),
        }
    }

    /// The part of a period where the person has no row, by `compose.missing`.
    fn missing_part(&self, pos: usize, who_text: &str, errors: &mut Vec<JixiaoError>) -> Part {
        let missing = |counted| Part {
            status: "missing",
            total: None,
            grade: None,
            counted,
            veto: None,
        };
        match self.cp.missing {
            ComposeMissing::Zero => Part {
                status: "missing_zero",
                total: Some(Dec(self.round_score(Decimal::ZERO))),
                grade: None,
                counted: Some(Decimal::ZERO),
                veto: None,
            },
            ComposeMissing::Renormalize => missing(None),
            ComposeMissing::Error => {
                let period = self.period_text(pos);
                errors.push(JixiaoError::new(
                    ErrorCode::MissingValue,
                    format!("periods/{}", self.listed(pos)),
                    text!(
                        "{who_text} 在 {period} 没有记录",
                        "{who_text} 在 {period} 沒有記錄",
                        "{who_text} has no row in {period}"
                    ),
                ));
                missing(None)
            }
        }
    }

    /// Bounds, veto and grade of a weighed total.
    fn finish(
        &self,
        total: Decimal,
        total_line: &str,
        veto: Option<&(usize, VetoHit)>,
        steps: &mut Vec<Step>,
    ) -> Finished {
        let bounded = self.apply_bounds(total, total_line, steps);
        let (total, grade_override, veto) = match veto {
            Some((pos, v)) => {
                let (total, grade) = self.apply_veto(*pos, v, steps);
                (total, Some(grade), Some(self.composite_veto(*pos, v)))
            }
            None => (bounded, None, None),
        };
        let grade = match grade_override {
            Some(g) => g,
            None => self
                .plan
                .grades
                .iter()
                .find(|(_, min)| total >= *min)
                .map(|(g, _)| g.clone()),
        };
        if self.explain && !self.plan.grades.is_empty() {
            let text = grade_text(
                self.plan,
                self.locale,
                grade.as_deref(),
                veto.is_some(),
                &self.score_text(total),
            );
            steps.push(Step {
                kind: "grade",
                key: None,
                inputs: Vec::new(),
                rule: None,
                branch: grade.clone(),
                value: None,
                text,
            });
        }
        Finished { total, grade, veto }
    }

    /// The total kept within `totalMin`/`totalMax` and rounded to score places; explained
    /// as the total line, with the bound that applied.
    fn apply_bounds(&self, total: Decimal, total_line: &str, steps: &mut Vec<Step>) -> Decimal {
        let plan = self.plan;
        let mut t = total;
        let mut note = String::new();
        if t < plan.total_min {
            t = plan.total_min;
            note = bound_note(self.locale, false, t);
        }
        if let Some(max) = plan.total_max {
            if t > max {
                t = max;
                note = bound_note(self.locale, true, t);
            }
        }
        let t = self.round_score(t);
        if self.explain {
            let text = if note.is_empty() {
                total_line.to_string()
            } else {
                format!("{total_line}{note} → {}", self.score_text(t))
            };
            steps.push(step("total", None, Some(t), text));
        }
        t
    }

    /// A veto in composed period `pos`: the veto's score (default 0) and grade (default
    /// the lowest band).
    fn apply_veto(&self, pos: usize, v: &VetoHit, steps: &mut Vec<Step>) -> (Decimal, Option<String>) {
        let plan = self.plan;
        let vetoed = plan.vetoes.iter().find(|p| p.key == v.key);
        let total = self.round_score(vetoed.map(|p| p.score).unwrap_or(Decimal::ZERO));
        let grade = vetoed
            .and_then(|p| p.grade.clone())
            .or_else(|| plan.grades.last().map(|g| g.0.clone()));
        if self.explain {
            let text = veto_line(self.locale, &self.label(pos), &v.name, &self.score_text(total));
            steps.push(step("veto", Some(v.key.clone()), Some(total), text));
        }
        (total, grade)
    }

    /// The veto behind a vetoed composite.
    fn composite_veto(&self, pos: usize, v: &VetoHit) -> CompositeVeto {
        CompositeVeto {
            period: self.period_text(pos),
            key: v.key.clone(),
            name: v.name.clone(),
            reason: v.reason.clone(),
        }
    }
}
