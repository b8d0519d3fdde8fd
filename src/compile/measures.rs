//! Compiling aggregates over raw tables: named `measures` and inline `{ "aggregate": … }`
//! value sources. Each becomes a [`MeasurePlan`] that fills one column of every person's
//! row; `crate::measures` evaluates them (DESIGN.md, "Raw tables").

use super::{Compiler, FieldRef};
use crate::error::{escape_pointer, ErrorCode};
use crate::formula::{parse_formula, Formula};
use crate::scheme::{Aggregate, AggregateOp};

/// A compiled aggregate.
#[derive(Clone, Debug)]
pub(crate) struct MeasurePlan {
    /// The measure's name (a named measure) or a generated label (`orders/sum(合同金额)`).
    pub name: String,
    /// Whether it was declared in the scheme's `measures` (it then falls back to the row's
    /// own column of that name when the input gives no tables).
    pub named: bool,
    /// The person-row column it fills.
    pub column: usize,
    /// The table aggregated: a key of the input's `tables`.
    pub table: String,
    pub op: AggregateOp,
    /// The column aggregated (none: `count` of rows).
    pub field: Option<String>,
    /// The `where` formula a row must satisfy.
    pub filter: Option<Formula>,
    /// The column naming who a row is credited to.
    pub owner: Option<String>,
    /// The column bucketing a row into the evaluated period.
    pub date: Option<String>,
    /// (owners column, shares column)
    pub split: Option<(String, Option<String>)>,
}

impl Compiler<'_> {
    /// Compiles the scheme's named measures (before the indicators, which may read them).
    pub(super) fn named_measures(&mut self) {
        let s = self.scheme;
        for (name, agg) in &s.measures {
            let path = format!("/measures/{}", escape_pointer(name));
            if name.trim().is_empty() || name.contains('.') {
                self.error(
                    ErrorCode::InvalidSetting,
                    path.clone(),
                    format!("度量名 “{name}” 不能为空，也不能含有 “.”"),
                    format!("度量名「{name}」不能為空，也不能含有「.」"),
                    format!("the measure name \"{name}\" must not be empty or contain \".\""),
                );
                continue;
            }
            if let Some(m) = self.measure(name.clone(), true, agg, &path) {
                self.measures.push(m);
            }
        }
    }

    /// Compiles an inline aggregate value source; returns the column it fills.
    pub(super) fn inline_measure(&mut self, agg: &Aggregate, path: &str) -> Option<FieldRef> {
        let base = match &agg.field {
            Some(f) => format!("{}/{}({f})", agg.table, op_name(agg.op)),
            None => format!("{}/{}", agg.table, op_name(agg.op)),
        };
        let mut label = base.clone();
        let mut n = 1u32;
        while self.measures.iter().any(|m| m.name == label) || self.scheme.measures.contains_key(&label) {
            n = n.saturating_add(1);
            label = format!("{base}#{n}");
        }
        let m = self.measure(label, false, agg, path)?;
        let f = self.fields.field(&m.name);
        self.measures.push(m);
        Some(f)
    }

    /// Compiles one aggregate into the measure `name`, or reports every problem it has.
    fn measure(&mut self, name: String, named: bool, agg: &Aggregate, path: &str) -> Option<MeasurePlan> {
        let columns_ok = self.check_columns(agg, path);
        let filter = self.where_filter(agg, path);
        if !columns_ok {
            return None;
        }
        let filter = filter?;
        let column = self.fields.field(&name);
        let column = self.fields.paths.get(column.0).map(|p| p.exact)?;
        Some(MeasurePlan {
            name,
            named,
            column,
            table: agg.table.clone(),
            op: agg.op,
            field: nonblank(agg.field.as_ref()),
            filter,
            owner: nonblank(agg.owner.as_ref()),
            date: nonblank(agg.date.as_ref()),
            split: agg.split.as_ref().map(|s| (s.owners.clone(), s.shares.clone())),
        })
    }

    /// Reports a missing table, field (every op but `count` needs one) or owner column
    /// (`owner` or `split.owners`); true when there is none.
    fn check_columns(&mut self, agg: &Aggregate, path: &str) -> bool {
        let mut ok = true;
        if agg.table.trim().is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/table"),
                "汇总需要表名（table）".into(),
                "彙總需要表名（table）".into(),
                "an aggregate needs a table name".into(),
            );
            ok = false;
        }
        if nonblank(agg.field.as_ref()).is_none() && agg.op != AggregateOp::Count {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/field"),
                format!("汇总方式 {} 需要字段（field）", op_name(agg.op)),
                format!("彙總方式 {} 需要欄位（field）", op_name(agg.op)),
                format!("the aggregate op {} needs a field", op_name(agg.op)),
            );
            ok = false;
        }
        if nonblank(agg.owner.as_ref()).is_none() && agg.split.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/owner"),
                "汇总需要归属人字段（owner 或 split.owners），才能把行记到人".into(),
                "彙總需要歸屬人欄位（owner 或 split.owners），才能把列記到人".into(),
                "an aggregate needs an owner column (owner or split.owners) to credit rows to people".into(),
            );
            ok = false;
        }
        if agg.split.as_ref().is_some_and(|s| s.owners.trim().is_empty()) {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/split/owners"),
                "分配需要协作人字段（split.owners）".into(),
                "分配需要協作人欄位（split.owners）".into(),
                "a split needs an owners column".into(),
            );
            ok = false;
        }
        ok
    }

    /// The `where` formula parsed (`Some(None)` without one); `None` when it does not
    /// parse (the error is reported at `<path>/where`).
    fn where_filter(&mut self, agg: &Aggregate, path: &str) -> Option<Option<Formula>> {
        let Some(text) = &agg.filter else {
            return Some(None);
        };
        match parse_formula(text) {
            Ok(f) => Some(Some(f)),
            Err(mut e) => {
                e.path = format!("{path}/where");
                if !self.quiet {
                    self.issues.push(e);
                }
                None
            }
        }
    }

    /// Checks what every measure needs of the whole scheme: a person id or name column.
    pub(super) fn check_measures(&mut self) {
        if !self.measures.is_empty() && self.scheme.fields.id.is_none() && self.scheme.fields.name.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                "/fields",
                "方案按人汇总原始表，需要 fields.id 或 fields.name 指明人员的工号或姓名列".into(),
                "方案按人彙總原始表，需要 fields.id 或 fields.name 指明人員的工號或姓名欄".into(),
                "the scheme aggregates raw tables per person, so fields.id or fields.name must name the person's id or name column".into(),
            );
        }
    }
}

/// The op's name as written in a scheme.
pub(crate) fn op_name(op: AggregateOp) -> &'static str {
    match op {
        AggregateOp::Sum => "sum",
        AggregateOp::Count => "count",
        AggregateOp::CountDistinct => "count_distinct",
        AggregateOp::Avg => "avg",
        AggregateOp::Min => "min",
        AggregateOp::Max => "max",
    }
}

/// A column name unless it is blank.
fn nonblank(column: Option<&String>) -> Option<String> {
    column.filter(|f| !f.trim().is_empty()).cloned()
}
