//! Value sources compiled: a column, a fixed value, an aggregate over a raw table, a
//! formula, or weighted rater scores (their weights from the scheme's `raters`).

use super::{Compiler, FieldRef, FormulaPlan};
use crate::error::{escape_pointer, ErrorCode};
use crate::scheme::ValueSource;
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// A compiled value source.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Field(FieldRef),
    Fixed(Decimal),
    Formula(Box<FormulaPlan>),
    /// (rater key, column, weight)
    Raters(Vec<(String, FieldRef, Decimal)>),
}

impl Compiler<'_> {
    /// Compiles a value source that is not an indicator's own (its formula reads no
    /// indicator in order).
    pub(super) fn source(&mut self, src: &ValueSource, path: &str) -> Option<Source> {
        self.source_for(src, path, None)
    }

    /// Compiles a value source; an indicator read by `owner`'s formula is a dependency.
    pub(super) fn source_for(&mut self, src: &ValueSource, path: &str, owner: Option<usize>) -> Option<Source> {
        match src {
            ValueSource::Field { field } => {
                if field.trim().is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        format!("{path}/field"),
                        "字段名不能为空".into(),
                        "欄位名不能為空".into(),
                        "a field name cannot be empty".into(),
                    );
                    return None;
                }
                Some(Source::Field(self.fields.field(field)))
            }
            ValueSource::Fixed { value } => Some(Source::Fixed(value.0)),
            ValueSource::Aggregate { aggregate } => self
                .inline_measure(aggregate, &format!("{path}/aggregate"))
                .map(Source::Field),
            ValueSource::Formula { formula } => self
                .formula(formula, &format!("{path}/formula"), owner)
                .map(|f| Source::Formula(Box::new(f))),
            ValueSource::Raters { raters } => self.raters(raters, path),
        }
    }

    /// Rater scores: every rater has a weight in the scheme, no weight is negative, and
    /// they sum to more than 0.
    fn raters(&mut self, raters: &IndexMap<String, String>, path: &str) -> Option<Source> {
        if raters.is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                format!("{path}/raters"),
                "评分人列表为空".into(),
                "評分人列表為空".into(),
                "the rater list is empty".into(),
            );
            return None;
        }
        let mut out = Vec::with_capacity(raters.len());
        for (rater, column) in raters {
            match self.scheme.raters.get(rater) {
                Some(w) => out.push((rater.clone(), self.fields.field(column), w.0)),
                None => self.error(
                    ErrorCode::UnknownRater,
                    format!("{path}/raters/{}", escape_pointer(rater)),
                    format!("评分人 “{rater}” 在方案的 raters 中没有权重"),
                    format!("評分人「{rater}」在方案的 raters 中沒有權重"),
                    format!("the rater \"{rater}\" has no weight in the scheme's raters"),
                ),
            }
        }
        let mut sum = Decimal::ZERO;
        for (rater, _, w) in &out {
            if w.is_sign_negative() && !w.is_zero() {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("/raters/{}", escape_pointer(rater)),
                    format!("评分人权重不能为负：{w}"),
                    format!("評分人權重不能為負：{w}"),
                    format!("a rater weight cannot be negative: {w}"),
                );
            }
            sum = sum.checked_add(*w).unwrap_or(sum);
        }
        if out.len() == raters.len() && sum <= Decimal::ZERO {
            self.error(
                ErrorCode::InvalidSetting,
                "/raters",
                "评分人权重之和必须大于 0".into(),
                "評分人權重之和必須大於 0".into(),
                "the rater weights must sum to more than 0".into(),
            );
        }
        (out.len() == raters.len()).then_some(Source::Raters(out))
    }
}
