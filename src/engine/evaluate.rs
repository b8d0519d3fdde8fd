//! One evaluation from start to end: the input checked (period, write-back mapping,
//! unused parts), raw tables totalled, every row evaluated, then ranked, paid, summed
//! up, localized and written back. A bad row never stops the good rows.

use super::checks::{fail_shared_ids, FarBeyond, Unseen};
use super::input::{input_error, options_locale, Explain, OutputMode};
use super::output::{EvaluateOutput, PersonResult};
use super::rank::rank;
use super::row::{Evaluated, RowEvaluator};
use super::summary::{indicator_statistics, summarize};
use super::teams::TeamValues;
use super::write_back::{check_mapping, write_back};
use super::{payouts, Engine, EvaluateInput, EvaluateOptions};
use crate::compile::{version_for, FieldRef, Plan};
use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::formula::FormulaContext;
use crate::i18n::{Locale, Text};
use crate::measures;
use crate::records::{self, Columns, Rows};
use std::collections::BTreeSet;

/// What every row of one evaluation shares.
pub(super) struct Run<'p> {
    pub(super) plan: &'p Plan,
    locale: Locale,
    explain: &'p Explain,
    version: Option<usize>,
    measures: Option<&'p measures::MeasureValues>,
    /// The groups' team figures, computed before the rows are scored.
    teams: Option<&'p TeamValues>,
    period: Option<&'p str>,
    /// What the scheme's formulas know: the period, `asOf`, the holidays.
    formulas: &'p FormulaContext,
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
        self.evaluate_rows_observed(head, rows, options, &mut |_, _| Ok(()))
    }

    /// [`Engine::evaluate_rows`], telling `observe(done, total)` how many rows are evaluated
    /// after every block of [`PROGRESS_BLOCK`] rows and at the end of the rows (ranking,
    /// payouts and the summary follow). When `observe` answers an error the evaluation
    /// stops with it: [`JixiaoError::aborted`] when the caller cancelled, `TOO_LARGE` when
    /// memory will not hold the rest (DESIGN.md, "Off the main thread").
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let rows = vec!["{\"q\":1}"; 5000].join("\n");
    /// let mut seen = Vec::new();
    /// let out = e.evaluate_rows_observed(&Default::default(), &rows, &Default::default(),
    ///     &mut |done, total| { seen.push((done, total)); Ok(()) }).unwrap();
    /// assert_eq!(out.results.len(), 5000);
    /// assert_eq!(seen, [(2048, 5000), (4096, 5000), (5000, 5000)]);
    /// let stopped = e.evaluate_rows_observed(&Default::default(), &rows, &Default::default(),
    ///     &mut |done, _| if done < 4096 { Ok(()) } else { Err(jixiao::JixiaoError::aborted()) });
    /// assert_eq!(stopped.unwrap_err().code, jixiao::ErrorCode::Aborted);
    /// ```
    pub fn evaluate_rows_observed(
        &self,
        head: &EvaluateInput,
        rows: &str,
        options: &EvaluateOptions,
        observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    ) -> Result<EvaluateOutput, JixiaoError> {
        self.evaluate_source(head, &Rows::lines(rows), options, observe)
    }

    /// Evaluates the people table given by columns: the same results as the same rows given
    /// one JSON object per line (DESIGN.md, "Large tables"). `head.people` must be absent.
    ///
    /// ```
    /// use jixiao::records::{ColumnCell, Columns};
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let mut columns = Columns::new(2);
    /// columns.push_cells("q", [ColumnCell::Number(1.5), ColumnCell::Text("85%")]).unwrap();
    /// let by_columns = e.evaluate_columns(&Default::default(), &columns, &Default::default()).unwrap();
    /// let by_rows = e.evaluate_rows(&Default::default(), "{\"q\":1.5}\n{\"q\":\"85%\"}", &Default::default()).unwrap();
    /// assert_eq!(serde_json::to_value(&by_columns).unwrap(), serde_json::to_value(&by_rows).unwrap());
    /// ```
    pub fn evaluate_columns(
        &self,
        head: &EvaluateInput,
        columns: &Columns,
        options: &EvaluateOptions,
    ) -> Result<EvaluateOutput, JixiaoError> {
        self.evaluate_columns_observed(head, columns, options, &mut |_, _| Ok(()))
    }

    /// [`Engine::evaluate_columns`] with an observer of its progress, told as
    /// [`Engine::evaluate_rows_observed`] tells it.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let mut columns = jixiao::records::Columns::new(3000);
    /// columns.push_numbers("q", vec![1.0; 3000]).unwrap();
    /// let mut seen = Vec::new();
    /// e.evaluate_columns_observed(&Default::default(), &columns, &Default::default(),
    ///     &mut |done, total| { seen.push((done, total)); Ok(()) }).unwrap();
    /// assert_eq!(seen, [(2048, 3000), (3000, 3000)]);
    /// ```
    pub fn evaluate_columns_observed(
        &self,
        head: &EvaluateInput,
        columns: &Columns,
        options: &EvaluateOptions,
        observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    ) -> Result<EvaluateOutput, JixiaoError> {
        self.evaluate_source(head, &Rows::columns(columns, &self.plan.fields), options, observe)
    }

    /// The names of the top-level columns the compiled scheme reads (a dotted field adds its
    /// whole name and its first segment): what a caller building [`Columns`] needs to give.
    ///
    /// ```
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"负责人.销售额"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// assert!(e.columns_read().contains(&"负责人"));
    /// ```
    pub fn columns_read(&self) -> Vec<&str> {
        self.plan.fields.columns.iter().map(String::as_str).collect()
    }

    /// One evaluation, whatever the rows come from.
    fn evaluate_source(
        &self,
        head: &EvaluateInput,
        rows: &Rows,
        options: &EvaluateOptions,
        observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    ) -> Result<EvaluateOutput, JixiaoError> {
        let plan = &self.plan;
        let locale = options_locale(plan, options)?;
        let fail = |mut e: JixiaoError| {
            e.localize(locale);
            e
        };
        check_head(plan, head, rows, options).map_err(fail)?;
        let mut warnings = Vec::new();
        let period = read_period(plan, head.period.as_deref(), &mut warnings).map_err(fail)?;
        input_warnings(plan, head, &mut warnings);
        let formulas = formula_context(plan, head).map_err(fail)?;
        let measures = self.measures(head, rows, &mut warnings).map_err(fail)?;
        let mut run = Run {
            plan,
            locale,
            explain: &options.explain,
            version: version_for(plan, period),
            measures: measures.as_ref(),
            teams: None,
            period: head.period.as_deref(),
            formulas: &formulas,
            shape: if options.rows.is_some() || options.statistics {
                OutputMode::Full
            } else {
                options.output
            },
        };
        let teams = (!plan.teams.is_empty()).then(|| run.team_values(rows));
        run.teams = teams.as_ref();
        let mut evaluated = run.rows(rows, &mut warnings, observe).map_err(fail)?;
        if plan.id.is_some() {
            fail_shared_ids(&mut evaluated, plan);
        }
        rank(plan, &mut evaluated, locale, options.explain.any());
        let texts = options.output == OutputMode::Full || options.rows.is_some();
        payouts::pay(
            plan,
            &mut evaluated,
            locale,
            (options.explain.any(), texts),
            &mut warnings,
        );
        let mut summary = summarize(plan, &evaluated);
        if options.statistics {
            summary.indicators = indicator_statistics(plan, &evaluated);
        }
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
        rows: &Rows,
        warnings: &mut Vec<JixiaoError>,
    ) -> Result<Option<measures::MeasureValues>, JixiaoError> {
        let plan = &self.plan;
        if plan.measures.is_empty() {
            return Ok(None);
        }
        let range = head.period.as_deref().and_then(Date::period_range);
        let people = match head.tables {
            Some(_) => (0..rows.len()).map(|index| self.person_key(rows, index)).collect(),
            None => Vec::new(),
        };
        let mut values = measures::compute(plan, head.tables.as_ref(), range, &people)?;
        warnings.append(&mut values.warnings);
        Ok(Some(values))
    }

    /// A person's id and name, for matching raw-table owners (an unreadable row has neither).
    fn person_key(&self, rows: &Rows, index: usize) -> measures::PersonKey {
        let plan = &self.plan;
        let Ok(slots) = rows.slots(index, &plan.fields) else {
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

impl<'p> Run<'p> {
    /// The evaluator of row `index`.
    pub(super) fn evaluator(&self, index: usize) -> RowEvaluator<'p> {
        RowEvaluator {
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
            teams: self.teams,
            period: self.period,
            formulas: self.formulas,
            far: Vec::new(),
        }
    }

    /// Evaluates every row, telling `observe` after each block; roles without a weight
    /// override are warned about once.
    fn rows(
        &self,
        rows: &Rows,
        warnings: &mut Vec<JixiaoError>,
        observe: &mut dyn FnMut(usize, usize) -> Result<(), JixiaoError>,
    ) -> Result<Vec<Evaluated>, JixiaoError> {
        let total = rows.len();
        let mut evaluated = Vec::with_capacity(total);
        let mut unknown_roles = BTreeSet::new();
        let mut far = FarBeyond::default();
        let mut unseen = Unseen::of(self.plan);
        for index in 0..total {
            if index > 0 && index % PROGRESS_BLOCK == 0 {
                observe(index, total)?;
            }
            let mut ev = self.evaluator(index);
            evaluated.push(ev.run(rows, &mut unknown_roles));
            far.note(index, std::mem::take(&mut ev.far));
            unseen.note(rows, index, self.plan);
        }
        observe(total, total)?;
        warnings.extend(far.warnings(self.plan));
        warnings.extend(unseen.warnings(self.plan, total));
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

/// `people` must have been split into rows (and is not given beside columns); a write-back
/// mapping must name known figures.
fn check_head(plan: &Plan, head: &EvaluateInput, rows: &Rows, options: &EvaluateOptions) -> Result<(), JixiaoError> {
    if head.people.is_some() && matches!(rows, Rows::Columns(_)) {
        return Err(input_error(
            "people",
            "people 与 columns 只能给出其一".into(),
            "people 與 columns 只能給出其一".into(),
            "give either people or columns, not both".into(),
        ));
    }
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

/// What the scheme's formulas know in this evaluation: the period's days, `asOf`
/// (`INVALID_DATE` at `asOf` when it is not a date), the holidays, the UTC offset.
fn formula_context(plan: &Plan, head: &EvaluateInput) -> Result<FormulaContext, JixiaoError> {
    let as_of = match head.as_of.as_deref() {
        None => None,
        Some(text) => Some(Date::read_cell(text, plan.utc_offset).ok_or_else(|| {
            let shown: String = text.chars().take(40).collect();
            JixiaoError::new(
                ErrorCode::InvalidDate,
                "asOf",
                Text::new(
                    format!("无法识别的日期 asOf “{shown}”（如 2025-03-31、2025/3/31、2025年3月31日）"),
                    format!("無法識別的日期 asOf「{shown}」（如 2025-03-31、2025/3/31、2025年3月31日）"),
                    format!("cannot read the date asOf \"{shown}\" (e.g. 2025-03-31, 2025/3/31, 2025年3月31日)"),
                ),
            )
        })?),
    };
    Ok(FormulaContext {
        period: head.period.as_deref().and_then(Date::period_range),
        as_of,
        calendar: plan.calendar.clone(),
        utc_offset: plan.utc_offset,
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
