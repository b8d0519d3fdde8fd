//! The walk: every measure goes over its table once, and each row passes, in order, its
//! owners (who it is credited to), the period (its date), the `where` filter and its
//! value, then is credited. A bad row fails only the people it is credited to; a row
//! credited to nobody being evaluated is left out.

use super::aggregate::Acc;
use super::bucket::{bad_date, in_period};
use super::cells::{cell_text, formula_value, lookup};
use super::owners::{members, unreadable_owner, Credit, Directory, Member, PersonKey};
use super::split::{shared_entries, split_amount};
use super::MeasureValues;
use crate::compile::{MeasurePlan, Plan};
use crate::dates::Date;
use crate::error::{escape_pointer, ErrorCode, JixiaoError, Severity};
use crate::formula::{FormulaContext, FormulaValue};
use crate::i18n::Text;
use crate::records::number_of_value;
use crate::scheme::AggregateOp;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// The most table-row problems listed as warnings (the rest are counted).
const MAX_LISTED_PROBLEMS: usize = 50;

/// Computes every measure whose table the input gives. `tables` is the input's
/// `tables` object; `period` the evaluated period's first and last day.
pub(crate) fn compute(
    plan: &Plan,
    tables: Option<&Value>,
    period: Option<(Date, Date)>,
    people: &[PersonKey],
) -> Result<MeasureValues, JixiaoError> {
    let mut out = MeasureValues {
        values: Vec::with_capacity(plan.measures.len()),
        warnings: Vec::new(),
        money: plan.rounding.money,
    };
    let Some(tables) = tables else {
        for m in &plan.measures {
            if !m.named {
                return Err(missing_table(&m.table, false));
            }
            out.values.push(None);
        }
        return Ok(out);
    };
    let Some(tables) = tables.as_object() else {
        return Err(JixiaoError::new(
            ErrorCode::InvalidInput,
            "tables",
            Text::new(
                "tables 必须是对象：表名 → 行的数组",
                "tables 必須是物件：表名 → 列的陣列",
                "tables must be an object: table name → array of rows",
            ),
        ));
    };
    let directory = Directory::new(people);
    // a `where` knows the holidays and the UTC offset, but no period: it picks rows inside one
    let formulas = FormulaContext {
        calendar: plan.calendar.clone(),
        utc_offset: plan.utc_offset,
        ..FormulaContext::default()
    };
    let mut problems = 0usize;
    for m in &plan.measures {
        let rows = table_rows(tables, &m.table)?;
        let mut accs = vec![Acc::default(); people.len()];
        let mut walker = Walker {
            plan,
            m,
            directory: &directory,
            period,
            formulas: &formulas,
            accs: &mut accs,
            warnings: &mut out.warnings,
            problems: &mut problems,
        };
        for (r, row) in rows.iter().enumerate() {
            walker.row(r, row);
        }
        out.values.push(Some(accs));
    }
    if problems > MAX_LISTED_PROBLEMS {
        let more = problems.saturating_sub(MAX_LISTED_PROBLEMS);
        out.warnings.push(JixiaoError::warning(
            ErrorCode::InvalidRow,
            "tables",
            Text::new(
                format!("另有 {more} 个原始表问题未列出"),
                format!("另有 {more} 個原始表問題未列出"),
                format!("{more} more raw-table problems not listed"),
            ),
        ));
    }
    Ok(out)
}

/// The rows of the input's table `table` (an array).
fn table_rows<'t>(tables: &'t Map<String, Value>, table: &str) -> Result<&'t Vec<Value>, JixiaoError> {
    match tables.get(table) {
        Some(Value::Array(rows)) => Ok(rows),
        Some(_) => Err(JixiaoError::new(
            ErrorCode::InvalidInput,
            format!("tables/{}", escape_pointer(table)),
            Text::new(
                format!("表 “{table}” 必须是行的数组"),
                format!("表「{table}」必須是列的陣列"),
                format!("the table \"{table}\" must be an array of rows"),
            ),
        )),
        None => Err(missing_table(table, true)),
    }
}

/// The `INVALID_INPUT` of a table the scheme aggregates and the input lacks (`given`:
/// the input has tables, just not this one).
fn missing_table(table: &str, given: bool) -> JixiaoError {
    let (cn, tw, en) = if given {
        (
            format!("方案汇总表 “{table}”，但输入的 tables 中没有它"),
            format!("方案彙總表「{table}」，但輸入的 tables 中沒有它"),
            format!("the scheme aggregates the table \"{table}\" but the input's tables do not have it"),
        )
    } else {
        (
            format!("方案汇总表 “{table}”，请在输入的 tables 中给出"),
            format!("方案彙總表「{table}」，請在輸入的 tables 中給出"),
            format!("the scheme aggregates the table \"{table}\"; give it in the input's tables"),
        )
    };
    JixiaoError::new(
        ErrorCode::InvalidInput,
        format!("tables/{}", escape_pointer(table)),
        Text::new(cn, tw, en),
    )
}

/// Walks one measure's table.
struct Walker<'a> {
    plan: &'a Plan,
    m: &'a MeasurePlan,
    directory: &'a Directory,
    period: Option<(Date, Date)>,
    formulas: &'a FormulaContext,
    accs: &'a mut [Acc],
    warnings: &'a mut Vec<JixiaoError>,
    /// Table-row problems so far, over every measure.
    problems: &'a mut usize,
}

/// A row problem before it is pointed at a cell.
struct Problem {
    code: ErrorCode,
    field: String,
    value: Option<String>,
    text: Text,
}

/// What a row adds: its amount (`sum`, `avg`, `min`, `max`) or its text (`count` and
/// `count_distinct` of a field); neither for `count` without a field.
struct RowValue {
    amount: Option<Decimal>,
    text: Option<String>,
}

impl Walker<'_> {
    /// Lists a warning (the first [`MAX_LISTED_PROBLEMS`]; the rest are counted).
    fn warn(&mut self, e: JixiaoError) {
        *self.problems = self.problems.saturating_add(1);
        if *self.problems <= MAX_LISTED_PROBLEMS {
            let mut e = e;
            e.severity = Severity::Warning;
            self.warnings.push(e);
        }
    }

    /// Fails the people a bad row is credited to (the first problem each one meets is
    /// kept); a row credited to nobody becomes a warning.
    fn fail(&mut self, r: usize, credited: &[Credit], p: Problem) {
        let e = JixiaoError::new(p.code, "", p.text).at_table_cell(&self.m.table, r, &p.field, p.value.as_deref());
        let mut anyone = false;
        for (person, _) in credited {
            if let Some(acc) = person.and_then(|i| self.accs.get_mut(i)) {
                anyone = true;
                acc.fail(e.clone());
            }
        }
        if !anyone {
            self.warn(e);
        }
    }

    /// Takes row `r` through owners, period, filter and value, and credits it.
    fn row(&mut self, r: usize, row: &Value) {
        let m = self.m;
        let Some(obj) = row.as_object() else {
            let e = JixiaoError::new(
                ErrorCode::InvalidRow,
                "",
                Text::new(
                    format!("表 “{}” 第 {r} 行不是对象，已跳过", m.table),
                    format!("表「{}」第 {r} 列不是物件，已略過", m.table),
                    format!("row {r} of the table \"{}\" is not an object; skipped", m.table),
                ),
            )
            .at_table_cell(&m.table, r, "", None);
            self.warn(e);
            return;
        };
        let Some(credited) = self.credits(r, obj) else {
            return;
        };
        if credited.iter().all(|(p, _)| p.is_none()) {
            return; // nobody being evaluated
        }
        if !self.in_period(r, obj, &credited) || !self.passes_filter(r, obj, &credited) {
            return;
        }
        if let Some(value) = self.value(r, obj, &credited) {
            self.credit(r, &credited, value);
        }
    }

    /// Who a row is credited to, with weights (shares); `None` when the row names nobody
    /// it can be credited to (an error or warning was recorded when it is malformed).
    fn credits(&mut self, r: usize, obj: &Map<String, Value>) -> Option<Vec<Credit>> {
        let m = self.m;
        let owners = self.members_of(r, obj, m.owner.as_deref())?;
        let split_members = self.members_of(r, obj, m.split.as_ref().map(|(col, _)| col.as_str()))?;
        let shares = match &m.split {
            Some((_, Some(col))) if !split_members.is_empty() => lookup(obj, col)
                .filter(|v| cell_text(Some(v)).is_some_and(|t| !t.trim().is_empty()))
                .map(|cell| (col, cell)),
            _ => None,
        };
        let (entries, equal) = match shares {
            Some((shares_col, cell)) => match shared_entries(&owners, &split_members, cell) {
                Ok(entries) => (entries, false),
                Err((raw, text)) => {
                    let everyone: Vec<Member> = owners.iter().chain(split_members.iter()).cloned().collect();
                    let credited: Vec<Credit> = self
                        .directory
                        .people(&everyone)
                        .into_iter()
                        .map(|p| (p, Decimal::ONE))
                        .collect();
                    let problem = Problem {
                        code: ErrorCode::InvalidRow,
                        field: shares_col.clone(),
                        value: Some(raw),
                        text,
                    };
                    self.fail(r, &credited, problem);
                    return None;
                }
            },
            None => {
                let everyone = owners.iter().chain(split_members.iter());
                (everyone.map(|mem| (mem.clone(), Decimal::ONE)).collect(), true)
            }
        };
        let owner_cell = (m.table.as_str(), r, m.owner.as_deref().unwrap_or(""));
        let (credited, warnings) = self.directory.credit(entries, equal, owner_cell);
        for w in warnings {
            self.warn(w);
        }
        Some(credited)
    }

    /// The members column `col` names (none without a column); `None` (with a warning)
    /// when the cell names nobody readable.
    fn members_of(&mut self, r: usize, obj: &Map<String, Value>, col: Option<&str>) -> Option<Vec<Member>> {
        let mut out = Vec::new();
        if let Some(col) = col {
            if members(lookup(obj, col).unwrap_or(&Value::Null), &mut out).is_err() {
                self.warn(unreadable_owner(&self.m.table, r, col, lookup(obj, col)));
                return None;
            }
        }
        Some(out)
    }

    /// Whether the row's date is in the period (always, without a period or a date
    /// column); an unreadable date fails the people credited.
    fn in_period(&mut self, r: usize, obj: &Map<String, Value>, credited: &[Credit]) -> bool {
        let (Some(range), Some(col)) = (self.period, self.m.date.as_deref()) else {
            return true;
        };
        match in_period(lookup(obj, col), range, self.plan.utc_offset) {
            Ok(inside) => inside,
            Err(raw) => {
                let shown: String = raw.chars().take(40).collect();
                let problem = Problem {
                    code: ErrorCode::InvalidDate,
                    field: col.to_string(),
                    value: Some(raw),
                    text: bad_date(&shown),
                };
                self.fail(r, credited, problem);
                false
            }
        }
    }

    /// Whether the `where` formula holds for the row (TRUE or non-zero); a formula that
    /// fails or gives text fails the people credited.
    fn passes_filter(&mut self, r: usize, obj: &Map<String, Value>, credited: &[Credit]) -> bool {
        let Some(f) = &self.m.filter else {
            return true;
        };
        let mut resolve = |name: &str| -> Result<FormulaValue, JixiaoError> { Ok(formula_value(lookup(obj, name))) };
        let holds = match f.eval_in(self.formulas, &mut resolve) {
            Ok(FormulaValue::Bool(b)) => Ok(b),
            Ok(FormulaValue::Number(n)) => Ok(!n.is_zero()),
            Ok(FormulaValue::Blank) => Ok(false),
            Ok(v @ (FormulaValue::Text(_) | FormulaValue::Date(_))) => {
                let t = v.to_string();
                Err(Problem {
                    code: ErrorCode::FormulaType,
                    field: String::new(),
                    text: Text::new(
                        format!("筛选条件的结果 “{t}” 不是真假值"),
                        format!("篩選條件的結果「{t}」不是真假值"),
                        format!("the where formula gives \"{t}\", not TRUE or FALSE"),
                    ),
                    value: Some(t),
                })
            }
            Err(e) => Err(Problem {
                code: e.code,
                field: String::new(),
                value: Some(f.source().to_string()),
                text: e.messages,
            }),
        };
        match holds {
            Ok(b) => b,
            Err(p) => {
                self.fail(r, credited, p);
                false
            }
        }
    }

    /// What the row adds; `None` when its field is blank (skipped, like a spreadsheet's
    /// SUM) or not a number (the people credited fail).
    fn value(&mut self, r: usize, obj: &Map<String, Value>, credited: &[Credit]) -> Option<RowValue> {
        let m = self.m;
        let Some(col) = m.field.as_deref() else {
            return Some(RowValue {
                amount: None,
                text: None,
            });
        };
        let cell = lookup(obj, col);
        if m.op == AggregateOp::CountDistinct || m.op == AggregateOp::Count {
            let text = cell_text(cell).filter(|t| !t.trim().is_empty())?;
            return Some(RowValue {
                amount: None,
                text: Some(text),
            });
        }
        match cell.map(number_of_value).unwrap_or(Ok(None)) {
            Ok(Some(x)) => Some(RowValue {
                amount: Some(x),
                text: None,
            }),
            Ok(None) => None,
            Err(bad) => {
                let (code, text) = bad.problem(col);
                let problem = Problem {
                    code,
                    field: col.to_string(),
                    value: Some(bad.raw.clone()),
                    text,
                };
                self.fail(r, credited, problem);
                None
            }
        }
    }

    /// Credits the row to the people with a weight above 0, its amount split by weight.
    fn credit(&mut self, r: usize, credited: &[Credit], value: RowValue) {
        let parts = match value.amount {
            Some(x) => match split_amount(x, credited, self.plan.rounding.money) {
                Some(p) => p,
                None => {
                    let problem = Problem {
                        code: ErrorCode::Overflow,
                        field: self.m.field.clone().unwrap_or_default(),
                        value: Some(x.to_string()),
                        text: Text::new(
                            "按分配比例拆分金额时超出数值范围",
                            "按分配比例拆分金額時超出數值範圍",
                            "splitting the amount by shares went out of the number range",
                        ),
                    };
                    self.fail(r, credited, problem);
                    return;
                }
            },
            None => vec![Decimal::ZERO; credited.len()],
        };
        for ((person, weight), part) in credited.iter().zip(parts) {
            let (Some(p), false) = (*person, weight.is_zero()) else {
                continue;
            };
            if let Some(acc) = self.accs.get_mut(p) {
                acc.credit(p, value.amount.map(|_| part), value.text.as_ref());
            }
        }
    }
}
