//! Columnar input: the people table as one list of cells per column (DESIGN.md, "Large
//! tables"), the fastest way in: numbers stay `f64` until a rule reads them, text cells
//! share one buffer, and a row is read at its index with no allocation per cell.

use super::{read_row, RowProblem, Slot, Slots};
use crate::compile::FieldTable;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use serde_json::value::RawValue;
use std::ops::Range;

/// One cell given to [`Columns::push_cells`]: what a property of a row object holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColumnCell<'c> {
    /// No value (an absent or `undefined` property): the row does not have the column.
    Absent,
    /// `null`.
    Null,
    /// A JS number; NaN and ±Infinity are `INVALID_NUMBER` where a number is read.
    Number(f64),
    /// A text cell, read as a spreadsheet user writes it (`"1.2万"`, `"85%"`, `"华东"`).
    Text(&'c str),
    /// Any other value as JSON text (`true`, `[85, 90]`, `{"name":"张三"}`): read exactly
    /// as the same value inside a JSON row.
    Json(&'c str),
}

/// Where one cell is kept: text ranges point into [`Columns`]' one text buffer.
#[derive(Clone, Debug)]
enum Stored {
    Absent,
    Null,
    Number(f64),
    Text(Range<usize>),
    Json(Range<usize>),
}

/// One column's cells.
#[derive(Clone, Debug)]
enum Column {
    /// Every cell a number (a `Float64Array`).
    Numbers(Vec<f64>),
    /// Cells of any kind.
    Cells(Vec<Stored>),
}

/// The people table by columns: every column holds one cell per row, so the same table as
/// row objects gives the same results (DESIGN.md, "Large tables").
///
/// ```
/// use jixiao::records::{ColumnCell, Columns};
/// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
///     "actual":{"field":"销售额"},"scoring":{"type":"direct"}}]}"#).unwrap();
/// let mut columns = Columns::new(3);
/// columns.push_numbers("销售额", vec![87.3, 0.1, f64::NAN]).unwrap();
/// columns.push_cells("工号", [ColumnCell::Text("E1"), ColumnCell::Null, ColumnCell::Absent]).unwrap();
/// let out = e.evaluate_columns(&Default::default(), &columns, &Default::default()).unwrap();
/// assert_eq!(out.results[0].total.unwrap().0.to_string(), "87.30");
/// assert_eq!(out.results[2].errors[0].code, jixiao::ErrorCode::InvalidNumber);
/// // every column has one cell per row
/// assert!(columns.push_numbers("目标", vec![1.0]).is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Columns {
    rows: usize,
    names: Vec<String>,
    columns: Vec<Column>,
    text: String,
    /// Rows given whole as JSON text, by row index (sorted).
    lines: Vec<(usize, Range<usize>)>,
}

impl Columns {
    /// An empty table of `rows` rows: every column pushed must have that many cells.
    ///
    /// ```
    /// assert_eq!(jixiao::records::Columns::new(5).rows(), 5);
    /// ```
    pub fn new(rows: usize) -> Columns {
        Columns {
            rows,
            ..Columns::default()
        }
    }

    /// How many rows the table has.
    ///
    /// ```
    /// assert_eq!(jixiao::records::Columns::new(0).rows(), 0);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Adds a column of numbers (taken, not copied). `INVALID_INPUT` naming the column when
    /// it has not one number per row.
    ///
    /// ```
    /// let mut c = jixiao::records::Columns::new(2);
    /// assert!(c.push_numbers("销售额", vec![1.0, 2.5]).is_ok());
    /// assert_eq!(c.push_numbers("目标", vec![]).unwrap_err().path, "columns/目标");
    /// ```
    pub fn push_numbers(&mut self, name: &str, numbers: Vec<f64>) -> Result<(), JixiaoError> {
        self.check_length(name, numbers.len())?;
        self.names.push(name.to_string());
        self.columns.push(Column::Numbers(numbers));
        Ok(())
    }

    /// Adds a column of cells of any kind. `INVALID_INPUT` naming the column when it has not
    /// one cell per row, or when a [`ColumnCell::Json`] cell is not JSON.
    ///
    /// ```
    /// use jixiao::records::{ColumnCell, Columns};
    /// let mut c = Columns::new(2);
    /// assert!(c.push_cells("负责人", [ColumnCell::Json(r#"{"name":"张三"}"#), ColumnCell::Text("李四")]).is_ok());
    /// assert!(c.push_cells("x", [ColumnCell::Json("{"), ColumnCell::Null]).is_err());
    /// ```
    pub fn push_cells<'c>(
        &mut self,
        name: &str,
        cells: impl IntoIterator<Item = ColumnCell<'c>>,
    ) -> Result<(), JixiaoError> {
        let start = self.text.len();
        let mut stored = Vec::with_capacity(self.rows);
        for cell in cells {
            let kept = match cell {
                ColumnCell::Absent => Stored::Absent,
                ColumnCell::Null => Stored::Null,
                ColumnCell::Number(n) => Stored::Number(n),
                ColumnCell::Text(t) => Stored::Text(self.keep(t)),
                ColumnCell::Json(t) => match serde_json::from_str::<&RawValue>(t) {
                    Ok(_) => Stored::Json(self.keep(t)),
                    Err(e) => {
                        self.text.truncate(start);
                        return Err(not_json(name, stored.len(), &e.to_string()));
                    }
                },
            };
            stored.push(kept);
        }
        if let Err(e) = self.check_length(name, stored.len()) {
            self.text.truncate(start);
            return Err(e);
        }
        self.names.push(name.to_string());
        self.columns.push(Column::Cells(stored));
        Ok(())
    }

    /// Gives row `row` whole as JSON text (what `JSON.stringify` wrote for the row object,
    /// or `!` and the reason it could not): the row is then read from it as a row of
    /// `people` is, and its cells in the columns are not read. The JS package sends the rows
    /// it cannot read property by property this way (DESIGN.md, "The JS boundary").
    ///
    /// ```
    /// use jixiao::records::Columns;
    /// let e = jixiao::Engine::from_json(r#"{"indicators":[{"key":"q","weight":100,
    ///     "actual":{"field":"q"},"scoring":{"type":"direct"}}]}"#).unwrap();
    /// let mut c = Columns::new(2);
    /// c.push_numbers("q", vec![1.0, 2.0]).unwrap();
    /// c.set_row_json(1, "42").unwrap();
    /// let out = e.evaluate_columns(&Default::default(), &c, &Default::default()).unwrap();
    /// assert_eq!(out.results[1].errors[0].code, jixiao::ErrorCode::InvalidRow);
    /// assert!(c.set_row_json(2, "{}").is_err());
    /// ```
    pub fn set_row_json(&mut self, row: usize, json: &str) -> Result<(), JixiaoError> {
        if row >= self.rows {
            return Err(JixiaoError::new(
                ErrorCode::InvalidInput,
                format!("rows/{row}"),
                text!(
                    "第 {row} 行不存在（共 {} 行）",
                    "第 {row} 列不存在（共 {} 列）",
                    "row {row} does not exist ({} rows)",
                    self.rows
                ),
            ));
        }
        let range = self.keep(json);
        match self.lines.binary_search_by_key(&row, |(r, _)| *r) {
            Ok(at) => {
                if let Some(line) = self.lines.get_mut(at) {
                    line.1 = range;
                }
            }
            Err(at) => self.lines.insert(at, (row, range)),
        }
        Ok(())
    }

    /// `INVALID_INPUT` at `columns/<name>` unless a column of `len` cells fits the table.
    pub(crate) fn check_length(&self, name: &str, len: usize) -> Result<(), JixiaoError> {
        if len == self.rows {
            return Ok(());
        }
        let rows = self.rows;
        let mut e = JixiaoError::new(
            ErrorCode::InvalidInput,
            format!("columns/{name}"),
            text!(
                "列 “{name}” 有 {len} 个值，而其他列有 {rows} 个：每列的值必须一样多",
                "欄「{name}」有 {len} 個值，而其他欄有 {rows} 個：每欄的值必須一樣多",
                "the column \"{name}\" has {len} values where the others have {rows}: every column must have as many"
            ),
        );
        e.field = Some(name.to_string());
        Err(e)
    }

    /// Appends text to the buffer; its range.
    fn keep(&mut self, t: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(t);
        start..self.text.len()
    }

    /// The column named `name`, if given.
    fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Row `row`'s JSON text, when it was given whole.
    fn line(&self, row: usize) -> Option<&str> {
        if self.lines.is_empty() {
            return None;
        }
        let at = self.lines.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        let (_, range) = self.lines.get(at)?;
        self.text.get(range.clone())
    }

    /// The cell of column `column` at `row` as a row slot (`None`: the row lacks it).
    fn slot(&self, column: usize, row: usize) -> Option<Slot<'_>> {
        match self.columns.get(column)? {
            Column::Numbers(numbers) => numbers.get(row).map(|n| Slot::Number(*n)),
            Column::Cells(cells) => match cells.get(row)? {
                Stored::Absent => None,
                Stored::Null => Some(Slot::Raw(RawValue::NULL)),
                Stored::Number(n) => Some(Slot::Number(*n)),
                Stored::Text(range) => self.text.get(range.clone()).map(Slot::Text),
                Stored::Json(range) => {
                    let json = self.text.get(range.clone())?;
                    serde_json::from_str::<&RawValue>(json).ok().map(Slot::Raw)
                }
            },
        }
    }
}

/// `INVALID_INPUT`: a JSON cell that is not JSON.
fn not_json(name: &str, row: usize, reason: &str) -> JixiaoError {
    JixiaoError::new(
        ErrorCode::InvalidInput,
        format!("columns/{name}/{row}"),
        text!(
            "列 “{name}” 第 {row} 个值不是有效的 JSON：{reason}",
            "欄「{name}」第 {row} 個值不是有效的 JSON：{reason}",
            "value {row} of the column \"{name}\" is not valid JSON: {reason}"
        ),
    )
}

/// Columns read against a plan: which given column holds each column the plan reads.
pub(crate) struct ColumnRows<'a> {
    columns: &'a Columns,
    /// For each column of the field table, its position in `columns`.
    positions: Vec<Option<usize>>,
}

impl<'a> ColumnRows<'a> {
    /// Matches the plan's columns to the given ones, once per evaluation.
    pub(crate) fn new(columns: &'a Columns, table: &FieldTable) -> ColumnRows<'a> {
        ColumnRows {
            columns,
            positions: table.columns.iter().map(|name| columns.position(name)).collect(),
        }
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        self.columns.rows
    }

    /// Row `row`'s cells that the plan reads.
    pub(crate) fn slots(&self, row: usize, table: &FieldTable) -> Result<Slots<'a>, RowProblem> {
        if let Some(line) = self.columns.line(row) {
            return read_row(line, table);
        }
        Ok(self
            .positions
            .iter()
            .map(|p| p.and_then(|c| self.columns.slot(c, row)))
            .collect())
    }
}
