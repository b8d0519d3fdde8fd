//! Formulas inside `evaluate`: a formula value source or condition read against one row
//! (columns) and the indicators computed so far.

use super::row::{IndState, Recorded, RowEvaluator};
use crate::compile::{FormulaPlan, NameRef};
use crate::error::{ErrorCode, JixiaoError};
use crate::formula::FormulaValue;
use crate::i18n::Text;
use crate::records::{self, Slots};
use crate::scheme::Of;
use rust_decimal::Decimal;

/// An indicator's figures as a formula sees them.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Figures {
    score: Option<Decimal>,
    actual: Option<Decimal>,
    target: Option<Decimal>,
    achievement: Option<Decimal>,
    weighted: Option<Decimal>,
}

impl Figures {
    pub(super) fn of(st: &IndState) -> Figures {
        Figures {
            score: st.shown,
            actual: st.actual,
            target: st.target,
            achievement: st.achievement,
            weighted: st.weighted,
        }
    }

    fn get(&self, of: Of) -> Option<Decimal> {
        match of {
            Of::Score => self.score,
            Of::Actual => self.actual,
            Of::Target => self.target,
            Of::Achievement => self.achievement,
            Of::Weighted => self.weighted,
        }
    }
}

fn number_or_blank(v: Option<Decimal>) -> FormulaValue {
    v.map_or(FormulaValue::Blank, FormulaValue::Number)
}

impl RowEvaluator<'_> {
    /// Copies the indicators' figures for formulas that read them.
    pub(super) fn snapshot(&mut self, states: &[IndState]) {
        if self.plan.formulas_read_indicators {
            self.figures = states.iter().map(Figures::of).collect();
        }
    }

    /// Evaluates a formula on the row, in the evaluation's context (period, `asOf`,
    /// holidays). An error (a cell that is not a number where one is needed, a type error,
    /// a division by zero, a date that cannot be read) is a row error at the formula's JSON
    /// pointer, naming the row, the formula (`field`) and the place in it (`position`).
    pub(super) fn formula(&mut self, slots: &Slots, f: &FormulaPlan) -> Result<FormulaValue, Recorded> {
        let plan = self.plan;
        let figures = &self.figures;
        let mut resolve = |name: &str| -> Result<FormulaValue, JixiaoError> {
            match f.lookup(name) {
                Some(NameRef::Indicator(i, of)) => Ok(number_or_blank(figures.get(i).and_then(|x| x.get(of)))),
                Some(NameRef::Field(field)) => {
                    let cell = records::cell(slots, &plan.fields, field);
                    if let Some(b) = records::boolean(&cell).filter(|_| records::number(&cell).is_err()) {
                        return Ok(FormulaValue::Bool(b));
                    }
                    match records::number(&cell) {
                        Ok(Some(n)) => Ok(FormulaValue::Number(n)),
                        Ok(None) => Ok(FormulaValue::Blank),
                        Err(_) => Ok(records::nonblank_text(&cell).map_or(FormulaValue::Blank, FormulaValue::Text)),
                    }
                }
                None => Ok(FormulaValue::Blank),
            }
        };
        match f.formula.eval_in(self.formulas, &mut resolve) {
            Ok(v) => Ok(v),
            Err(e) => Err(self.formula_failed(f, e, None)),
        }
    }

    /// Records a formula's error as this row's: at the formula's JSON pointer, with the row,
    /// the formula as `field` and the offending `value`.
    fn formula_failed(&mut self, f: &FormulaPlan, e: JixiaoError, value: Option<&str>) -> Recorded {
        let e = e.in_row(self.index).on_field(f.formula.source()).at_path(&f.path);
        self.errors.push(match value {
            Some(v) => e.with_value(v),
            None => e,
        });
        Recorded
    }

    /// `FORMULA_TYPE` for a formula whose result `v` is not a number (or, for a
    /// `condition`, not a truth value).
    fn wrong_result(&mut self, f: &FormulaPlan, v: &FormulaValue, condition: bool) -> Recorded {
        let shown: String = match v {
            FormulaValue::Text(t) => t.chars().take(40).collect(),
            FormulaValue::Date(d) => d.to_string(),
            _ => String::new(),
        };
        let messages = if condition {
            Text::new(
                format!("条件公式的结果 “{shown}” 不是真假值"),
                format!("條件公式的結果「{shown}」不是真假值"),
                format!("the condition formula gives \"{shown}\", not TRUE or FALSE"),
            )
        } else {
            Text::new(
                format!("公式的结果 “{shown}” 不是数字（两个日期之间的天数用 DAYS 或 DATEDIF）"),
                format!("公式的結果「{shown}」不是數字（兩個日期之間的天數用 DAYS 或 DATEDIF）"),
                format!("the formula gives \"{shown}\", not a number (DAYS or DATEDIF count the days between dates)"),
            )
        };
        let e = JixiaoError::new(ErrorCode::FormulaType, "", messages);
        self.formula_failed(f, e, Some(&shown))
    }

    /// A formula as a value: a number, or blank (missing). TRUE/FALSE count as 1/0; a text
    /// that reads as a number (`"1.2万"`) is that number; other text and a date are
    /// `FORMULA_TYPE`.
    pub(super) fn formula_number(&mut self, slots: &Slots, f: &FormulaPlan) -> Result<Option<Decimal>, Recorded> {
        match self.formula(slots, f)? {
            FormulaValue::Number(n) => Ok(Some(n)),
            FormulaValue::Blank => Ok(None),
            FormulaValue::Bool(b) => Ok(Some(if b { Decimal::ONE } else { Decimal::ZERO })),
            FormulaValue::Text(t) => match crate::numbers::parse_number_text(&t) {
                Ok(v) => Ok(v),
                Err(_) => Err(self.wrong_result(f, &FormulaValue::Text(t), false)),
            },
            date @ FormulaValue::Date(_) => Err(self.wrong_result(f, &date, false)),
        }
    }

    /// A formula as a condition: TRUE or a non-zero number holds; FALSE, 0 and blank do
    /// not; a text or a date is `FORMULA_TYPE`.
    pub(super) fn formula_holds(&mut self, slots: &Slots, f: &FormulaPlan) -> Result<bool, Recorded> {
        match self.formula(slots, f)? {
            FormulaValue::Bool(b) => Ok(b),
            FormulaValue::Number(n) => Ok(!n.is_zero()),
            FormulaValue::Blank => Ok(false),
            other => Err(self.wrong_result(f, &other, true)),
        }
    }
}
