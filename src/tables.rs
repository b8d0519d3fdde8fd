//! Aggregates over raw tables (SPEC §8): orders, payments, visits … credited to people
//! and bucketed into the evaluated period, computed once per `evaluate` before the rows.
//!
//! Each compiled [`MeasurePlan`] walks its table once: a row is kept when its date is in
//! the period and its `where` formula holds; its owners (names, ids, member objects, or
//! lists of them) are matched to the people being evaluated; its amount is credited to
//! them, split by shares with the largest remainder so the credited parts sum exactly to
//! the row. A bad table row fails only the people it is credited to; a row credited to
//! nobody among the people is left out.

use crate::compile::{op_name, MeasurePlan, Plan};
use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::formula::FormulaValue;
use crate::i18n::{Locale, Text};
use crate::numbers::{checked_add, checked_div, checked_sub, format_grouped, format_plain, split_largest_remainder};
use crate::records::{number_of_value, text_of_value};
use crate::scheme::AggregateOp;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The most table-row problems listed as warnings (the rest are counted).
const MAX_LISTED_PROBLEMS: usize = 50;

/// Who a person is, as read from their row: the id and name cells.
#[derive(Clone, Debug, Default)]
pub(crate) struct PersonKey {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// One measure's running totals for one person.
#[derive(Clone, Debug, Default)]
struct Acc {
    sum: Decimal,
    /// Credited rows with a value (or every credited row, for `count` without a field).
    count: u64,
    min: Option<Decimal>,
    max: Option<Decimal>,
    distinct: HashSet<String>,
    error: Option<JixiaoError>,
}

/// What every measure gives every person.
#[derive(Debug, Default)]
pub(crate) struct MeasureValues {
    /// `[measure][person]`; a measure with no entry is read from the row itself.
    values: Vec<Option<Vec<Acc>>>,
    /// Problems of rows that are credited to nobody, and ambiguous owners.
    pub warnings: Vec<JixiaoError>,
    money: u32,
}

/// A measure's value for one person, with how many rows made it.
pub(crate) struct MeasureValue {
    pub value: Option<Decimal>,
    pub rows: u64,
}

impl MeasureValues {
    /// Whether measure `m` is computed from tables (else the row's own column is read).
    pub fn computed(&self, m: usize) -> bool {
        matches!(self.values.get(m), Some(Some(_)))
    }

    /// Measure `m` for person `p`: the value (`None`: no row, for avg/min/max) or the
    /// error of a credited row that could not be read.
    pub fn get(&self, m: usize, op: AggregateOp, p: usize) -> Result<MeasureValue, JixiaoError> {
        let empty = Acc::default();
        let acc = self
            .values
            .get(m)
            .and_then(|v| v.as_ref())
            .and_then(|v| v.get(p))
            .unwrap_or(&empty);
        if let Some(e) = &acc.error {
            let mut e = e.clone();
            e.row = Some(p);
            return Err(e);
        }
        let count = Decimal::from(acc.count);
        let value = match op {
            AggregateOp::Sum => Some(acc.sum),
            AggregateOp::Count => Some(count),
            AggregateOp::CountDistinct => Some(Decimal::from(acc.distinct.len())),
            AggregateOp::Avg if acc.count == 0 => None,
            AggregateOp::Avg => Some(checked_div(acc.sum, count).map_err(|_| overflow(p))?),
            AggregateOp::Min => acc.min,
            AggregateOp::Max => acc.max,
        };
        Ok(MeasureValue {
            value: value.map(|v| v.normalize()),
            rows: acc.count,
        })
    }

    /// One line saying how a measure was computed, in `locale`.
    pub fn describe(&self, m: &MeasurePlan, v: &MeasureValue, period: Option<&str>, locale: Locale) -> String {
        let shown = match v.value {
            Some(x) if x.abs() >= Decimal::ONE_THOUSAND => {
                format_grouped(x, self.money, crate::numbers::RoundingMode::HalfUp)
            }
            Some(x) => format_plain(x),
            None => "—".to_string(),
        };
        let field = m.field.as_deref().unwrap_or("");
        let filter = m.filter.as_ref().map(|f| f.source().to_string());
        let period = period.unwrap_or("");
        let rows = v.rows;
        match locale {
            Locale::ZhCn | Locale::ZhTw => {
                let tw = locale == Locale::ZhTw;
                let op = match (m.op, tw) {
                    (AggregateOp::Sum, _) => "合计",
                    (AggregateOp::Count, false) => "行数",
                    (AggregateOp::Count, true) => "列數",
                    (AggregateOp::CountDistinct, false) => "去重计数",
                    (AggregateOp::CountDistinct, true) => "去重計數",
                    (AggregateOp::Avg, _) => "平均",
                    (AggregateOp::Min, _) => "最小值",
                    (AggregateOp::Max, _) => "最大值",
                };
                let mut text = format!("{} = {} {field}{op}", m.name, m.table);
                if let Some(f) = filter {
                    text.push_str(&format!("（{f}）"));
                }
                if !period.is_empty() {
                    text.push_str(&format!("，{period}"));
                }
                if tw {
                    text.push_str(&format!("，{rows} 列 = {shown}"));
                } else {
                    text.push_str(&format!("，{rows} 行 = {shown}"));
                }
                text
            }
            Locale::En => {
                let mut text = format!("{} = {} of {}", m.name, op_name(m.op), m.table);
                if !field.is_empty() {
                    text.push_str(&format!(".{field}"));
                }
                if let Some(f) = filter {
                    text.push_str(&format!(" where {f}"));
                }
                if !period.is_empty() {
                    text.push_str(&format!(" in {period}"));
                }
                text.push_str(&format!(", {rows} rows = {shown}"));
                text
            }
        }
    }
}

fn overflow(p: usize) -> JixiaoError {
    let mut e = JixiaoError::new(
        ErrorCode::Overflow,
        format!("rows/{p}"),
        Text::new(
            "汇总原始表时超出数值范围",
            "彙總原始表時超出數值範圍",
            "aggregating the raw tables went out of the number range",
        ),
    );
    e.row = Some(p);
    e
}

/// One owner named in a cell.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Member {
    /// A member object: an id, a name, or both.
    Object { id: Option<String>, name: Option<String> },
    /// Plain text: an id or a name.
    Text(String),
}

impl Member {
    fn label(&self) -> String {
        match self {
            Member::Object { id, name } => name.clone().or_else(|| id.clone()).unwrap_or_default(),
            Member::Text(t) => t.clone(),
        }
    }
}

const ID_KEYS: [&str; 9] = [
    "id",
    "user_id",
    "userId",
    "open_id",
    "openId",
    "union_id",
    "username",
    "employee_id",
    "employeeId",
];
const NAME_KEYS: [&str; 4] = ["name", "title", "text", "label"];
const SEPARATORS: [char; 5] = [',', '，', '、', ';', '；'];

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The members a cell names; `Err` when it holds something that names nobody (a boolean,
/// an object with neither an id nor a name).
fn members(v: &Value, out: &mut Vec<Member>) -> Result<(), ()> {
    match v {
        Value::Null => Ok(()),
        Value::String(s) => {
            out.extend(
                s.split(SEPARATORS)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Member::Text(t.to_string())),
            );
            Ok(())
        }
        Value::Number(n) => {
            out.push(Member::Text(n.to_string()));
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(|i| members(i, out)),
        Value::Object(m) => {
            let id = ID_KEYS.iter().find_map(|k| m.get(*k).and_then(scalar_text));
            let name = NAME_KEYS.iter().find_map(|k| m.get(*k).and_then(scalar_text));
            if id.is_none() && name.is_none() {
                return Err(());
            }
            out.push(Member::Object { id, name });
            Ok(())
        }
        Value::Bool(_) => Err(()),
    }
}

/// The shares a cell lists (`[0.6, 0.4]`, `["60%", "40%"]`, `"60%,40%"`).
fn shares(v: &Value, out: &mut Vec<Decimal>) -> Result<(), String> {
    match v {
        Value::Null => Ok(()),
        Value::Array(items) => items.iter().try_for_each(|i| shares(i, out)),
        Value::String(s) if s.contains(SEPARATORS) => {
            for part in s.split(SEPARATORS).map(str::trim).filter(|t| !t.is_empty()) {
                shares(&Value::String(part.to_string()), out)?;
            }
            Ok(())
        }
        other => match number_of_value(other) {
            Ok(Some(x)) => {
                out.push(x);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(bad) => Err(bad.raw),
        },
    }
}

/// The people being evaluated, by id and by name.
struct Directory {
    by_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

enum Resolved {
    One(usize),
    Ambiguous(usize),
    Nobody,
}

impl Directory {
    fn new(people: &[PersonKey]) -> Directory {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            if let Some(id) = &p.id {
                by_id.entry(id.trim().to_string()).or_default().push(i);
            }
            if let Some(name) = &p.name {
                by_name.entry(name.trim().to_string()).or_default().push(i);
            }
        }
        Directory { by_id, by_name }
    }

    fn pick(list: Option<&Vec<usize>>) -> Option<Resolved> {
        match list.map(Vec::as_slice) {
            Some([one]) => Some(Resolved::One(*one)),
            Some(many) if many.len() > 1 => Some(Resolved::Ambiguous(many.len())),
            _ => None,
        }
    }

    /// An id matches first; a name (or plain text that is no one's id) matches when
    /// exactly one person has it.
    fn resolve(&self, m: &Member) -> Resolved {
        let (id, name) = match m {
            Member::Object { id, name } => (id.as_deref(), name.as_deref()),
            Member::Text(t) => (Some(t.as_str()), Some(t.as_str())),
        };
        id.and_then(|i| Self::pick(self.by_id.get(i)))
            .or_else(|| name.and_then(|n| Self::pick(self.by_name.get(n))))
            .unwrap_or(Resolved::Nobody)
    }
}

/// Reads a column of a table row: the key as written, else a dotted path into an object
/// cell (`负责人.name`; into a list, its first element).
fn lookup<'v>(row: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(v) = row.get(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    let mut v = row.get(head)?;
    for seg in rest.split('.') {
        v = match v {
            Value::Object(m) => m.get(seg)?,
            Value::Array(items) => items.first()?.as_object()?.get(seg)?,
            _ => return None,
        };
    }
    Some(v)
}

/// A table cell as a formula sees it (like a person-row cell).
fn formula_value(v: Option<&Value>) -> FormulaValue {
    match v {
        None | Some(Value::Null) => FormulaValue::Blank,
        Some(Value::Bool(b)) => FormulaValue::Bool(*b),
        Some(v) => match number_of_value(v) {
            Ok(Some(n)) => FormulaValue::Number(n),
            Ok(None) => FormulaValue::Blank,
            Err(_) => text_of_value(v)
                .filter(|t| !t.trim().is_empty())
                .map_or(FormulaValue::Blank, FormulaValue::Text),
        },
    }
}

fn cell_text(v: Option<&Value>) -> Option<String> {
    v.and_then(text_of_value)
}

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
    let mut problems = 0usize;
    for m in &plan.measures {
        let rows = match tables.get(&m.table) {
            Some(Value::Array(rows)) => rows,
            Some(_) => {
                return Err(JixiaoError::new(
                    ErrorCode::InvalidInput,
                    format!("tables/{}", crate::error::escape_pointer(&m.table)),
                    Text::new(
                        format!("表 “{}” 必须是行的数组", m.table),
                        format!("表「{}」必須是列的陣列", m.table),
                        format!("the table \"{}\" must be an array of rows", m.table),
                    ),
                ))
            }
            None => return Err(missing_table(&m.table, true)),
        };
        let mut accs = vec![Acc::default(); people.len()];
        let mut walker = Walker {
            plan,
            m,
            directory: &directory,
            period,
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
        format!("tables/{}", crate::error::escape_pointer(table)),
        Text::new(cn, tw, en),
    )
}

/// Walks one measure's table.
struct Walker<'a> {
    plan: &'a Plan,
    m: &'a MeasurePlan,
    directory: &'a Directory,
    period: Option<(Date, Date)>,
    accs: &'a mut [Acc],
    warnings: &'a mut Vec<JixiaoError>,
    problems: &'a mut usize,
}

/// A row problem before it is pointed at a cell.
struct Problem {
    code: ErrorCode,
    field: String,
    value: Option<String>,
    text: Text,
}

impl Walker<'_> {
    fn warn(&mut self, e: JixiaoError) {
        *self.problems = self.problems.saturating_add(1);
        if *self.problems <= MAX_LISTED_PROBLEMS {
            let mut e = e;
            e.severity = crate::error::Severity::Warning;
            self.warnings.push(e);
        }
    }

    /// Fails the people a bad row is credited to (the first problem each one meets is
    /// kept); a row credited to nobody becomes a warning.
    fn fail(&mut self, r: usize, credited: &[(Option<usize>, Decimal)], p: Problem) {
        let e = JixiaoError::new(p.code, "", p.text).at_table_cell(&self.m.table, r, &p.field, p.value.as_deref());
        let mut anyone = false;
        for (person, _) in credited {
            if let Some(acc) = person.and_then(|i| self.accs.get_mut(i)) {
                anyone = true;
                if acc.error.is_none() {
                    acc.error = Some(e.clone());
                }
            }
        }
        if !anyone {
            self.warn(e);
        }
    }

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
        let credited = match self.credits(r, obj) {
            Some(c) => c,
            None => return,
        };
        if credited.iter().all(|(p, _)| p.is_none()) {
            return; // nobody being evaluated
        }
        // the period
        if let (Some((first, last)), Some(col)) = (self.period, m.date.as_deref()) {
            let cell = lookup(obj, col);
            let date = match cell {
                None | Some(Value::Null) => return, // undated rows are in no period
                Some(Value::Number(n)) => n
                    .as_i64()
                    .and_then(|ms| Date::from_epoch_millis(ms, self.plan.utc_offset))
                    .ok_or_else(|| n.to_string()),
                Some(Value::String(s)) if s.trim().is_empty() => return,
                Some(Value::String(s)) => Date::read_cell(s, self.plan.utc_offset).ok_or_else(|| s.clone()),
                Some(other) => Err(other.to_string()),
            };
            match date {
                Ok(d) if d < first || d > last => return,
                Ok(_) => {}
                Err(raw) => {
                    let shown: String = raw.chars().take(40).collect();
                    self.fail(
                        r,
                        &credited,
                        Problem {
                            code: ErrorCode::InvalidDate,
                            field: col.to_string(),
                            value: Some(raw),
                            text: Text::new(
                                format!("无法识别的日期 “{shown}”（如 2025-03-05、2025/3/5、2025年3月5日、毫秒时间戳）"),
                                format!("無法識別的日期「{shown}」（如 2025-03-05、2025/3/5、2025年3月5日、毫秒時間戳）"),
                                format!("cannot read the date \"{shown}\" (e.g. 2025-03-05, 2025/3/5, 2025年3月5日, epoch milliseconds)"),
                            ),
                        },
                    );
                    return;
                }
            }
        }
        // the filter
        if let Some(f) = &m.filter {
            let mut resolve =
                |name: &str| -> Result<FormulaValue, JixiaoError> { Ok(formula_value(lookup(obj, name))) };
            let holds = match f.eval(&mut resolve) {
                Ok(FormulaValue::Bool(b)) => Ok(b),
                Ok(FormulaValue::Number(n)) => Ok(!n.is_zero()),
                Ok(FormulaValue::Blank) => Ok(false),
                Ok(FormulaValue::Text(t)) => Err(Problem {
                    code: ErrorCode::FormulaType,
                    field: String::new(),
                    value: Some(t.clone()),
                    text: Text::new(
                        format!("筛选条件的结果 “{t}” 不是真假值"),
                        format!("篩選條件的結果「{t}」不是真假值"),
                        format!("the where formula gives \"{t}\", not TRUE or FALSE"),
                    ),
                }),
                Err(e) => Err(Problem {
                    code: e.code,
                    field: String::new(),
                    value: Some(f.source().to_string()),
                    text: e.messages,
                }),
            };
            match holds {
                Ok(true) => {}
                Ok(false) => return,
                Err(p) => {
                    self.fail(r, &credited, p);
                    return;
                }
            }
        }
        // the value
        let (amount, text) = match m.field.as_deref() {
            None => (None, None),
            Some(col) => {
                let cell = lookup(obj, col);
                if m.op == AggregateOp::CountDistinct || m.op == AggregateOp::Count {
                    match cell_text(cell).filter(|t| !t.trim().is_empty()) {
                        Some(t) => (None, Some(t)),
                        None => return, // a blank value is not counted
                    }
                } else {
                    match cell.map(number_of_value).unwrap_or(Ok(None)) {
                        Ok(Some(x)) => (Some(x), None),
                        Ok(None) => return, // blank: skipped, like a spreadsheet's SUM
                        Err(bad) => {
                            let shown: String = bad.raw.chars().take(40).collect();
                            self.fail(
                                r,
                                &credited,
                                Problem {
                                    code: ErrorCode::InvalidNumber,
                                    field: col.to_string(),
                                    value: Some(bad.raw.clone()),
                                    text: Text::new(
                                        format!("“{col}” 的值 “{shown}” 不是有效数字"),
                                        format!("「{col}」的值「{shown}」不是有效數字"),
                                        format!("the value \"{shown}\" of \"{col}\" is not a valid number"),
                                    ),
                                },
                            );
                            return;
                        }
                    }
                }
            }
        };
        // the credit
        let parts = match amount {
            Some(x) => match split_amount(x, &credited, self.plan.rounding.money) {
                Some(p) => p,
                None => {
                    self.fail(
                        r,
                        &credited,
                        Problem {
                            code: ErrorCode::Overflow,
                            field: m.field.clone().unwrap_or_default(),
                            value: Some(x.to_string()),
                            text: Text::new(
                                "按分配比例拆分金额时超出数值范围",
                                "按分配比例拆分金額時超出數值範圍",
                                "splitting the amount by shares went out of the number range",
                            ),
                        },
                    );
                    return;
                }
            },
            None => vec![Decimal::ZERO; credited.len()],
        };
        for ((person, weight), part) in credited.iter().zip(parts) {
            let (Some(p), false) = (*person, weight.is_zero()) else {
                continue;
            };
            let Some(acc) = self.accs.get_mut(p) else {
                continue;
            };
            acc.count = acc.count.saturating_add(1);
            if let Some(t) = &text {
                acc.distinct.insert(t.clone());
            }
            if amount.is_some() {
                match checked_add(acc.sum, part) {
                    Ok(s) => acc.sum = s,
                    Err(_) => {
                        if acc.error.is_none() {
                            acc.error = Some(overflow(p));
                        }
                    }
                }
                acc.min = Some(acc.min.map_or(part, |v| v.min(part)));
                acc.max = Some(acc.max.map_or(part, |v| v.max(part)));
            }
        }
    }

    /// Who a row is credited to, with weights (shares); `None` when the row names nobody
    /// it can be credited to (an error or warning was recorded when it is malformed).
    #[allow(clippy::type_complexity)]
    fn credits(&mut self, r: usize, obj: &Map<String, Value>) -> Option<Vec<(Option<usize>, Decimal)>> {
        let m = self.m;
        let mut owners = Vec::new();
        if let Some(col) = m.owner.as_deref() {
            if members(lookup(obj, col).unwrap_or(&Value::Null), &mut owners).is_err() {
                self.warn(unreadable_owner(&m.table, r, col, lookup(obj, col)));
                return None;
            }
        }
        let mut entries: Vec<(Member, Decimal)> = Vec::new();
        let mut split_members = Vec::new();
        if let Some((col, _)) = &m.split {
            if members(lookup(obj, col).unwrap_or(&Value::Null), &mut split_members).is_err() {
                self.warn(unreadable_owner(&m.table, r, col, lookup(obj, col)));
                return None;
            }
        }
        let resolve_all = |dir: &Directory, list: &[Member]| -> Vec<Option<usize>> {
            list.iter()
                .map(|mem| match dir.resolve(mem) {
                    Resolved::One(p) => Some(p),
                    _ => None,
                })
                .collect()
        };
        let shares_cell = match &m.split {
            Some((_, Some(col))) => {
                lookup(obj, col).filter(|v| cell_text(Some(v)).is_some_and(|t| !t.trim().is_empty()))
            }
            _ => None,
        };
        let equal = !matches!(
            (&m.split, split_members.is_empty(), shares_cell),
            (Some((_, Some(_))), false, Some(_))
        );
        match (&m.split, split_members.is_empty(), shares_cell) {
            (Some((_, Some(shares_col))), false, Some(cell)) => {
                let mut list = Vec::new();
                let problem = match shares(cell, &mut list) {
                    Err(raw) => Some((
                        raw.clone(),
                        Text::new(
                            format!("分配比例 “{raw}” 不是有效数字"),
                            format!("分配比例「{raw}」不是有效數字"),
                            format!("the share \"{raw}\" is not a valid number"),
                        ),
                    )),
                    Ok(()) if list.len() != split_members.len() => Some((
                        cell_text(Some(cell)).unwrap_or_default(),
                        Text::new(
                            format!("{} 个协作人却有 {} 个分配比例", split_members.len(), list.len()),
                            format!("{} 個協作人卻有 {} 個分配比例", split_members.len(), list.len()),
                            format!(
                                "{} people share the row but {} shares are given",
                                split_members.len(),
                                list.len()
                            ),
                        ),
                    )),
                    Ok(()) => list
                        .iter()
                        .find(|s| s.is_sign_negative() && !s.is_zero() || **s > Decimal::ONE)
                        .map(|s| {
                            (
                                s.to_string(),
                                Text::new(
                                    format!("分配比例 {s} 不在 0 到 1 之间（写 0.6 或 60%）"),
                                    format!("分配比例 {s} 不在 0 到 1 之間（寫 0.6 或 60%）"),
                                    format!("the share {s} is not between 0 and 1 (write 0.6 or 60%)"),
                                ),
                            )
                        }),
                };
                let sum = list.iter().try_fold(Decimal::ZERO, |a, s| checked_add(a, *s).ok());
                let problem = problem.or_else(|| match sum {
                    Some(s) if s > Decimal::ONE => Some((
                        cell_text(Some(cell)).unwrap_or_default(),
                        Text::new(
                            format!("分配比例之和 {s} 超过 1"),
                            format!("分配比例之和 {s} 超過 1"),
                            format!("the shares sum to {s}, more than 1"),
                        ),
                    )),
                    Some(s) if s < Decimal::ONE && owners.is_empty() => Some((
                        cell_text(Some(cell)).unwrap_or_default(),
                        Text::new(
                            format!("分配比例之和 {s} 不足 1，且没有负责人承接其余部分"),
                            format!("分配比例之和 {s} 不足 1，且沒有負責人承接其餘部分"),
                            format!("the shares sum to {s}, less than 1, and no owner takes the rest"),
                        ),
                    )),
                    _ => None,
                });
                let everyone: Vec<Member> = owners.iter().chain(split_members.iter()).cloned().collect();
                if let Some((raw, text)) = problem {
                    let credited: Vec<(Option<usize>, Decimal)> = resolve_all(self.directory, &everyone)
                        .into_iter()
                        .map(|p| (p, Decimal::ONE))
                        .collect();
                    self.fail(
                        r,
                        &credited,
                        Problem {
                            code: ErrorCode::InvalidRow,
                            field: shares_col.clone(),
                            value: Some(raw),
                            text,
                        },
                    );
                    return None;
                }
                let rest = checked_sub(Decimal::ONE, sum.unwrap_or(Decimal::ONE)).unwrap_or(Decimal::ZERO);
                for (mem, s) in split_members.iter().zip(list) {
                    entries.push((mem.clone(), s));
                }
                if !rest.is_zero() {
                    let each = checked_div(rest, Decimal::from(owners.len())).unwrap_or(Decimal::ZERO);
                    for mem in &owners {
                        entries.push((mem.clone(), each));
                    }
                }
            }
            _ => {
                for mem in owners.iter().chain(split_members.iter()) {
                    entries.push((mem.clone(), Decimal::ONE));
                }
            }
        }
        // the same person named twice (as owner and in the split) is credited once, with both shares
        let mut credited: Vec<(Option<usize>, Decimal)> = Vec::with_capacity(entries.len());
        let mut seen_people: HashMap<usize, usize> = HashMap::new();
        let mut seen_members: HashMap<Member, usize> = HashMap::new();
        for (mem, w) in entries {
            let slot = match self.directory.resolve(&mem) {
                Resolved::One(p) => seen_people.get(&p).copied().ok_or(Some(p)),
                Resolved::Ambiguous(n) => {
                    let label = mem.label();
                    let e = JixiaoError::warning(
                        ErrorCode::InvalidRow,
                        "",
                        Text::new(
                            format!("“{label}” 对应 {n} 个人员，无法确定归属，请用工号"),
                            format!("「{label}」對應 {n} 個人員，無法確定歸屬，請用工號"),
                            format!("\"{label}\" matches {n} people; the row cannot be credited (use ids)"),
                        ),
                    )
                    .at_table_cell(&m.table, r, m.owner.as_deref().unwrap_or(""), Some(&label));
                    self.warn(e);
                    seen_members.get(&mem).copied().ok_or(None)
                }
                Resolved::Nobody => seen_members.get(&mem).copied().ok_or(None),
            };
            match slot {
                Ok(i) => {
                    // named twice: both shares when shares are given, one equal share otherwise
                    if let (Some((_, sw)), false) = (credited.get_mut(i), equal) {
                        *sw = checked_add(*sw, w).unwrap_or(*sw);
                    }
                }
                Err(person) => {
                    let i = credited.len();
                    match person {
                        Some(p) => {
                            seen_people.insert(p, i);
                        }
                        None => {
                            seen_members.insert(mem, i);
                        }
                    }
                    credited.push((person, w));
                }
            }
        }
        Some(credited)
    }
}

fn unreadable_owner(table: &str, r: usize, col: &str, cell: Option<&Value>) -> JixiaoError {
    let raw = cell.map(Value::to_string).unwrap_or_default();
    let shown: String = raw.chars().take(40).collect();
    JixiaoError::warning(
        ErrorCode::InvalidRow,
        "",
        Text::new(
            format!("无法从 “{shown}” 读出归属人（姓名、工号或成员对象），该行已跳过"),
            format!("無法從「{shown}」讀出歸屬人（姓名、工號或成員物件），該列已略過"),
            format!("cannot read an owner (name, id or member object) from \"{shown}\"; the row is skipped"),
        ),
    )
    .at_table_cell(table, r, col, Some(&raw))
}

/// Splits a row's amount by the credited weights, to the cent (or finer, when the
/// amount has more places), largest remainder: the parts sum exactly to the amount.
fn split_amount(amount: Decimal, credited: &[(Option<usize>, Decimal)], money: u32) -> Option<Vec<Decimal>> {
    if let [_] = credited {
        return Some(vec![amount]);
    }
    let weights: Vec<Decimal> = credited.iter().map(|(_, w)| *w).collect();
    let places = money.max(amount.scale()).min(28);
    let unit = Decimal::new(1, places);
    let negative = amount.is_sign_negative();
    let parts = split_largest_remainder(amount.abs(), &weights, unit).ok()?;
    Some(if negative {
        parts
            .into_iter()
            .map(|p| Decimal::ZERO.checked_sub(p).unwrap_or(p))
            .collect()
    } else {
        parts
    })
}
