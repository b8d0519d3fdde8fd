//! The compiler's state while one scheme is compiled (the scheme, its layout, the field
//! table, key indexes, condition dependencies), how it collects issues, and the checks
//! every section shares: a key is not empty, not used twice, band edges are monotone.

use super::{FieldTable, MeasurePlan, TeamOf, TeamPlan};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::scheme::{Layout, Scheme};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One hundred: the sum weights must reach and the default full score.
pub(super) const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The state of one compilation; each section of the scheme adds its issues and plans.
pub(crate) struct Compiler<'s> {
    pub(super) scheme: &'s Scheme,
    pub(super) issues: Vec<JixiaoError>,
    pub(super) fields: FieldTable,
    pub(super) indicator_index: HashMap<&'s str, usize>,
    pub(super) category_index: HashMap<&'s str, usize>,
    /// indicator → indicators its conditions reference
    pub(super) deps: Vec<Vec<usize>>,
    /// Document positions of decoded list elements, and which elements failed to decode.
    pub(super) layout: &'s Layout,
    /// Set while re-checking a combination whose own problems were already reported.
    pub(super) quiet: bool,
    /// Whether a formula read an indicator.
    pub(super) formulas_read_indicators: bool,
    /// Aggregates over raw tables, named and inline.
    pub(super) measures: Vec<MeasurePlan>,
    /// Team figures, each registered once.
    pub(super) teams: Vec<TeamPlan>,
    /// Where team figures are read: (reading indicator, what the figure is of, path).
    pub(super) team_reads: Vec<(Option<usize>, TeamOf, String)>,
}

impl<'s> Compiler<'s> {
    /// A compiler for `scheme`, starting from the decoder's issues.
    pub(super) fn new(scheme: &'s Scheme, layout: &'s Layout, decode_issues: Vec<JixiaoError>) -> Compiler<'s> {
        Compiler {
            scheme,
            issues: decode_issues,
            fields: FieldTable::default(),
            indicator_index: HashMap::new(),
            category_index: HashMap::new(),
            deps: vec![Vec::new(); scheme.indicators.len()],
            layout,
            quiet: false,
            formulas_read_indicators: false,
            measures: Vec::new(),
            teams: Vec::new(),
            team_reads: Vec::new(),
        }
    }

    /// Reports an error, unless re-checking quietly.
    pub(super) fn error(&mut self, code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) {
        if self.quiet {
            return;
        }
        self.issues.push(JixiaoError::new(code, path, Text::new(cn, tw, en)));
    }

    /// Reports a warning.
    pub(super) fn warning(&mut self, code: ErrorCode, path: impl Into<String>, cn: String, tw: String, en: String) {
        self.issues
            .push(JixiaoError::warning(code, path, Text::new(cn, tw, en)));
    }

    /// A key must not be empty.
    pub(super) fn check_key(&mut self, key: &str, path: &str) {
        if key.trim().is_empty() {
            self.error(
                ErrorCode::MissingSetting,
                path,
                "key 不能为空".into(),
                "key 不能為空".into(),
                "a key cannot be empty".into(),
            );
        }
    }

    /// A key must be used once in its list.
    pub(super) fn duplicate(&mut self, key: &str, path: &str) {
        self.error(
            ErrorCode::DuplicateKey,
            path,
            format!("key “{key}” 重复"),
            format!("key「{key}」重複"),
            format!("the key \"{key}\" is used twice"),
        );
    }

    /// Band edges must be strictly decreasing or strictly increasing.
    pub(super) fn monotone(&mut self, mins: &[Decimal], path: &str) -> bool {
        let down = mins.windows(2).all(|w| matches!(w, [a, b] if a > b));
        let up = mins.windows(2).all(|w| matches!(w, [a, b] if a < b));
        if down || up {
            return true;
        }
        let listed: Vec<String> = mins.iter().map(|m| m.to_string()).collect();
        let listed = listed.join(", ");
        self.error(
            ErrorCode::Order,
            path,
            format!("各档的下限必须依次递减（或递增）且不重复：{listed}"),
            format!("各檔的下限必須依次遞減（或遞增）且不重複：{listed}"),
            format!("band edges must strictly decrease (or increase) without repeats: {listed}"),
        );
        false
    }
}
