//! Each measure's running totals per person, and its value by op: `sum` of the credited
//! amounts, `count` of credited rows, `count_distinct` of the field's text, `avg`, `min`
//! and `max` (missing when no row was credited).

use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{checked_add, checked_div};
use crate::scheme::AggregateOp;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// One measure's running totals for one person.
#[derive(Clone, Debug, Default)]
pub(super) struct Acc {
    sum: Decimal,
    /// Credited rows with a value (or every credited row, for `count` without a field).
    count: u64,
    min: Option<Decimal>,
    max: Option<Decimal>,
    distinct: HashSet<String>,
    /// The first problem of a row credited to the person.
    error: Option<JixiaoError>,
}

impl Acc {
    /// Credits one row to person `p`: `part` of its amount (when it has one) and its text
    /// (for `count_distinct`).
    pub(super) fn credit(&mut self, p: usize, part: Option<Decimal>, text: Option<&String>) {
        self.count = self.count.saturating_add(1);
        if let Some(t) = text {
            self.distinct.insert(t.clone());
        }
        if let Some(part) = part {
            match checked_add(self.sum, part) {
                Ok(s) => self.sum = s,
                Err(_) => self.fail(overflow(p)),
            }
            self.min = Some(self.min.map_or(part, |v| v.min(part)));
            self.max = Some(self.max.map_or(part, |v| v.max(part)));
        }
    }

    /// Records a problem; the first one is kept.
    pub(super) fn fail(&mut self, e: JixiaoError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }
}

/// What every measure gives every person.
#[derive(Debug, Default)]
pub(crate) struct MeasureValues {
    /// `[measure][person]`; a measure with no entry is read from the row itself.
    pub(super) values: Vec<Option<Vec<Acc>>>,
    /// Problems of rows that are credited to nobody, and ambiguous owners.
    pub warnings: Vec<JixiaoError>,
    /// The scheme's money places (for showing a measure's value).
    pub(super) money: u32,
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
}

/// The `OVERFLOW` of person `p`'s aggregate.
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
