//! Keys: every category, indicator, adjustment and veto key is non-empty and unique in
//! its list; categories and indicators are indexed by key for later references.

use super::Compiler;
use crate::error::ErrorCode;
use std::collections::HashMap;

impl Compiler<'_> {
    /// Checks the keys of each list and fills the category and indicator indexes; a scheme
    /// needs at least one indicator.
    pub(super) fn keys(&mut self) {
        let s = self.scheme;
        for (i, cat) in s.categories.iter().enumerate() {
            let i = self.layout.categories.position(i);
            self.check_key(&cat.key, &format!("/categories/{i}/key"));
            if self.category_index.insert(cat.key.as_str(), i).is_some() {
                self.duplicate(&cat.key, &format!("/categories/{i}/key"));
            }
        }
        for (i, ind) in s.indicators.iter().enumerate() {
            let i = self.layout.indicators.position(i);
            self.check_key(&ind.key, &format!("/indicators/{i}/key"));
            if self.indicator_index.insert(ind.key.as_str(), i).is_some() {
                self.duplicate(&ind.key, &format!("/indicators/{i}/key"));
            }
        }
        if s.indicators.is_empty() && !self.layout.indicators.broken {
            self.error(
                ErrorCode::MissingSetting,
                "/indicators",
                "考核方案至少需要一个指标".into(),
                "考核方案至少需要一個指標".into(),
                "a scheme needs at least one indicator".into(),
            );
        }
        let mut seen = HashMap::new();
        for (i, a) in s.adjustments.iter().enumerate() {
            let i = self.layout.adjustments.position(i);
            self.check_key(&a.key, &format!("/adjustments/{i}/key"));
            if seen.insert(a.key.as_str(), i).is_some() {
                self.duplicate(&a.key, &format!("/adjustments/{i}/key"));
            }
        }
        seen.clear();
        for (i, v) in s.vetoes.iter().enumerate() {
            let i = self.layout.vetoes.position(i);
            self.check_key(&v.key, &format!("/vetoes/{i}/key"));
            if seen.insert(v.key.as_str(), i).is_some() {
                self.duplicate(&v.key, &format!("/vetoes/{i}/key"));
            }
        }
    }
}
