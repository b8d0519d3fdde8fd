//! Raw-table aggregates (`measures` and inline `aggregate` value sources): orders,
//! payments, visits … credited to people and bucketed into the evaluated period, computed
//! once per `evaluate`, before the rows, each filling a column of every person's row.
//!
//! Each compiled [`MeasurePlan`](crate::compile::MeasurePlan) walks its table once: a row
//! is kept when its date is in the period and its `where` formula holds; its owners are
//! matched to the people being evaluated; its amount is credited to them, split by shares
//! with the largest remainder so the credited parts sum exactly to the row. A bad table
//! row fails only the people it is credited to; a row credited to nobody among the people
//! is left out. DESIGN.md, "Raw tables", records the choices.

// the walk over each measure's table: owners, period, filter, value, credit
mod walk;
// who a row is credited to: owner cells read as members and matched to the people
mod owners;
// credit splits: shares checked, and the amount split to the cent so the parts add up
mod split;
// dates into the period: a row's date read and bucketed
mod bucket;
// a table row's cells: dotted paths, text, the value a formula sees
mod cells;
// running totals per person and each op's value (sum, count, count_distinct, avg, min, max)
mod aggregate;
// a measure's explanation line
mod describe;

pub(crate) use aggregate::{MeasureValue, MeasureValues};
pub(crate) use owners::PersonKey;
pub(crate) use walk::compute;
