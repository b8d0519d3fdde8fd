//! One evaluation from start to end: the input checked (period, write-back mapping,
//! unused parts), raw tables totalled, every row evaluated, then ranked, paid, summed
//! up, localized and written back. A bad row never stops the good rows.

use super::input::{input_error, options_locale, Explain, OutputMode};
use super::output::{EvaluateOutput, PersonResult};
use super::rank::rank;
use super::row::{Evaluated, RowEvaluator};
use super::summary::summarize;
use super::write_back::{check_mapping, write_back};
use super::{payouts, Engine, EvaluateInput, EvaluateOptions};
use crate::compile::{version_for, FieldRef, Plan};
use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::{Locale, Text};
use crate::measures;
use crate::records::{self, read_row};
use std::collections::BTreeSet;

/// What every row of one evaluation shares.
struct Run<'p> {
    plan: &'p Plan,
    locale: Locale,
    explain: &'p Explain,
    version: Option<usize>,
    measures: Option<&'p measures::MeasureValues>,
    period: Option<&'p str>,
    /// What the caller reads of each result (`Full` when write-back rows need every figure).
    shape: OutputMode,
}

impl Engine {
    /// Evaluates rows given one JSON object per line.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let out = e.evaluate_rows(&Default::default(), "{\"q\":1}\n{\"q\":2}", &Default::default()).unwrap();
    /// assert_eq!(out.results.len(), 2);
    /// ```
    pub fn evaluate_rows(
        &self,
        head: &EvaluateInput,
        rows: &str,
        options: &EvaluateOptions,
    ) -> Result<EvaluateOutput, JixiaoError> {
        self.evaluate_rows_observed(head, rows, options, &mut |_, _| true)
    }

    /// [`Engine::evaluate_rows`], telling `observe(done, total)` how many rows are evaluated
    /// after every block of [`PROGRESS_BLOCK`] rows and at the end of the rows (ranking,
    /// payouts and the summary follow). When `observe` answers `false` the evaluation stops
    /// with `ABORTED` (DESIGN.md, "Off the main thread").
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let rows = vec!["{\"q\":1}"; 5000].join("\n");
    /// let mut seen = Vec::new();
    /// let out = e.evaluate_rows_observed(&Default::default(), &rows, &Default::default(),
    ///     &mut |done, total| { seen.push((done, total)); true }).unwrap();
    /// assert_eq!(out.results.len(), 5000);
    /// assert_eq!(seen, [(2048, 5000), (4096, 5000), (5000, 5000)]);
    /// let stopped = e.evaluate_rows_observed(&Default::default(), &rows, &Default::default(),
    ///     &mut |done, _| done < 4096);
    /// assert_eq!(stopped.unwrap_err().code, jixiao::ErrorCode::Aborted);
    /// ```
    pub fn evaluate_rows_observed(
        &self,
        head: &EvaluateInput,
        rows: &str,
        options: &EvaluateOptions,
        observe: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<EvaluateOutput, JixiaoError> {
        let plan = &self.plan;
        let locale = options_locale(plan, options)?;
        let fail = |mut e: JixiaoError| {
            e.localize(locale);
            e
        };
        check_head(plan, head, options).map_err(fail)?;
        let mut warnings = Vec::new();
        let period = read_period(plan, head.period.as_deref(), &mut warnings).map_err(fail)?;
        input_warnings(plan, head, &mut warnings);
        let lines: Vec<&str> = if rows.is_empty() {
            Vec::new()
        } else {
            rows.split('\n').collect()
        };
        let measures = self.measures(head, &lines, &mut warnings).map_err(fail)?;
        let run = Run {
            plan,
            locale,
            explain: &options.explain,
            version: version_for(plan, period),
            measures: measures.as_ref(),
            period: head.period.as_deref(),
            shape: if options.rows.is_some() {
                OutputMode::Full
            } else {
                options.output
            },
        };
        let mut evaluated = run.rows(&lines, &mut warnings, observe).map_err(fail)?;
        rank(plan, &mut evaluated, locale, options.explain.any());
        let texts = options.output == OutputMode::Full || options.rows.is_some();
        payouts::pay(
            plan,
            &mut evaluated,
            locale,
            (options.explain.any(), texts),
            &mut warnings,
        );
        let summary = summarize(plan, &evaluated);
        let mut results: Vec<PersonResult> = evaluated.into_iter().map(|e| e.result).collect();
        let errors = localized_errors(&mut results, locale);
        for w in &mut warnings {
            w.localize(locale);
        }
        let rows = options.rows.as_ref().map(|m| write_back(&results, m));
        Ok(EvaluateOutput {
            results,
            errors,
            summary,
            warnings,
            rows,
        })
    }

    /// The raw tables totalled per person, when the scheme has measures.
    fn measures(
        &self,
        head: &EvaluateInput,
        lines: &[&str],
        warnings: &mut Vec<JixiaoError>,
    ) -> Result<Option<measures::MeasureValues>, JixiaoError> {
        let plan = &self.plan;
        if plan.measures.is_empty() {
            return Ok(None);
        }
        let range = head.period.as_deref().and_then(Date::period_range);
        let people = match head.tables {
            Some(_) => lines.iter().map(|line| self.person_key(line)).collect(),
            None => Vec::new(),
        };
        let mut values = measures::compute(plan, head.tables.as_ref(), range, &people)?;
        warnings.append(&mut values.warnings);
        Ok(Some(values))
    }

    /// A person's id and name, for matching raw-table owners (an unreadable row has neither).
    fn person_key(&self, line: &str) -> measures::PersonKey {
        let plan = &self.plan;
        let Ok(slots) = read_row(line, &plan.fields) else {
            return measures::PersonKey::default();
        };
        let read =
            |f: Option<FieldRef>| f.and_then(|f| records::nonblank_text(&records::cell(&slots, &plan.fields, f)));
        measures::PersonKey {
            id: read(plan.id),
            name: read(plan.name),
        }
    }
}

impl Run<'_> {
    /// Evaluates every row, telling `observe` after each block; roles without a weight
    /// override are warned about once.
    fn rows(
        &self,
        lines: &[&str],
        warnings: &mut Vec<JixiaoError>,
        observe: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<Vec<Evaluated>, JixiaoError> {
        let mut evaluated = Vec::with_capacity(lines.len());
        let mut unknown_roles = BTreeSet::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 && index % PROGRESS_BLOCK == 0 && !observe(index, lines.len()) {
                return Err(aborted());
            }
            let mut ev = RowEvaluator {
                plan: self.plan,
                locale: self.locale,
                shape: self.shape,
                explain: matches!(self.explain, Explain::Every(true)),
                explain_only: match self.explain {
                    Explain::Only(ids) => Some(ids),
                    Explain::Every(_) => None,
                },
                index,
                version: self.version,
                errors: Vec::new(),
                steps: Vec::new(),
                figures: Vec::new(),
                measures: self.measures,
                period: self.period,
            };
            evaluated.push(ev.run(line, &mut unknown_roles));
        }
        if !observe(lines.len(), lines.len()) {
            return Err(aborted());
        }
        for role in unknown_roles {
            warnings.push(JixiaoError::warning(
                ErrorCode::UnknownKey,
                "roles",
                Text::new(
                    format!("岗位 “{role}” 没有权重调整，使用基础权重"),
                    format!("崗位「{role}」沒有權重調整，使用基礎權重"),
                    format!("the role \"{role}\" has no weight override; base weights used"),
                ),
            ));
        }
        Ok(evaluated)
    }
}

/// How many rows an observer of [`Engine::evaluate_rows_observed`] waits between two reports.
pub const PROGRESS_BLOCK: usize = 2048;

/// The evaluation was stopped by its observer.
fn aborted() -> JixiaoError {
    JixiaoError::new(
        ErrorCode::Aborted,
        "",
        Text::new("计算已被取消", "計算已被取消", "the evaluation was aborted"),
    )
}

/// `people` must have been split into rows; a write-back mapping must name known figures.
fn check_head(plan: &Plan, head: &EvaluateInput, options: &EvaluateOptions) -> Result<(), JixiaoError> {
    if head.people.is_some() {
        return Err(input_error(
            "people",
            "people 必须是数组（每行一个对象）".into(),
            "people 必須是陣列（每列一個物件）".into(),
            "people must be an array (one object per row)".into(),
        ));
    }
    if let Some(mapping) = &options.rows {
        check_mapping(plan, mapping)?;
    }
    Ok(())
}

/// The start of the evaluated period (it picks the weight version); without one, dated
/// weight versions are warned about.
fn read_period(
    plan: &Plan,
    period: Option<&str>,
    warnings: &mut Vec<JixiaoError>,
) -> Result<Option<Date>, JixiaoError> {
    let Some(p) = period else {
        if !plan.versions.is_empty() {
            warnings.push(JixiaoError::warning(
                ErrorCode::MissingSetting,
                "period",
                Text::new(
                    "方案有按日期生效的权重版本，但输入未给出 period，使用基础权重",
                    "方案有按日期生效的權重版本，但輸入未給出 period，使用基礎權重",
                    "the scheme has dated weight versions but the input names no period; base weights used",
                ),
            ));
        }
        return Ok(None);
    };
    Date::period_start(p).map(Some).ok_or_else(|| {
        JixiaoError::new(
            ErrorCode::InvalidDate,
            "period",
            Text::new(
                format!("无法识别的期间 “{p}”（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
                format!("無法識別的期間「{p}」（如 2025、2025-Q3、2025-07、2025-W05、2025-07-01）"),
                format!("cannot read the period \"{p}\" (e.g. 2025, 2025-Q3, 2025-07, 2025-W05, 2025-07-01)"),
            ),
        )
    })
}

/// Warnings for the parts of the input this scheme does not use (`tables`, `previous`).
fn input_warnings(plan: &Plan, head: &EvaluateInput, warnings: &mut Vec<JixiaoError>) {
    if plan.measures.is_empty() && head.tables.is_some() {
        warnings.push(JixiaoError::warning(
            ErrorCode::IgnoredSetting,
            "tables",
            Text::new(
                "方案没有汇总原始表（measures 或 aggregate），输入的 tables 未使用",
                "方案沒有彙總原始表（measures 或 aggregate），輸入的 tables 未使用",
                "the scheme aggregates no raw table (measures or aggregate); the input's tables are not used",
            ),
        ));
    }
    for (what, present) in [("previous", head.previous.is_some())] {
        if present {
            warnings.push(JixiaoError::warning(
                ErrorCode::Unsupported,
                what,
                Text::new(
                    format!("本版本尚未使用输入中的 {what}，已忽略"),
                    format!("本版本尚未使用輸入中的 {what}，已忽略"),
                    format!("this version does not use the input's {what} yet; ignored"),
                ),
            ));
        }
    }
}

/// Every row's errors, localized in place and listed in row order.
fn localized_errors(results: &mut [PersonResult], locale: Locale) -> Vec<JixiaoError> {
    let mut errors = Vec::new();
    for r in results {
        for e in &mut r.errors {
            e.localize(locale);
            errors.push(e.clone());
        }
    }
    errors
}
