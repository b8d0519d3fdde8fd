//! What every plan kind of `incentives` checks alike.

use crate::compile::{Compiler, Cond, FieldRef};
use crate::error::ErrorCode;
use crate::i18n::Text;
use crate::numbers::is_negative;
use crate::scheme::Condition;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The plan keys seen so far in the section, each with the pointer of its plan's `key`.
#[derive(Default)]
pub(super) struct PlanKeys(HashMap<String, String>);

/// A plan's display name: the name the scheme gives (the same in all three locales), or
/// the kind's `default` name.
pub(super) fn plan_name(given: Option<&String>, default: Text) -> Text {
    given.map_or(default, |n| Text::same(n.clone()))
}

impl Compiler<'_> {
    /// The key of plan `i` of a kind (its own, or `kind`, `kind2` …), checked: not blank
    /// and not used by another plan of the section.
    pub(super) fn plan_key(
        &mut self,
        own: Option<&String>,
        kind: &str,
        i: usize,
        path: &str,
        seen: &mut PlanKeys,
    ) -> String {
        let key = match own {
            Some(k) => k.clone(),
            None if i == 0 => kind.to_string(),
            None => format!("{kind}{}", i.saturating_add(1)),
        };
        let key_path = format!("{path}/key");
        self.check_key(&key, &key_path);
        if seen.0.insert(key.clone(), key_path.clone()).is_some() {
            self.duplicate(&key, &key_path);
        }
        key
    }

    /// A condition the plan may have (`gate`, `appliesTo`, `when`); `Err` when it has errors.
    pub(super) fn optional_condition(&mut self, c: Option<&Condition>, path: String) -> Result<Option<Cond>, ()> {
        match c {
            None => Ok(None),
            Some(c) => self.condition(c, &path, None).map(Some).ok_or(()),
        }
    }

    /// `INVALID_SETTING` at `path` when `v` is below 0 (`what` names the setting).
    pub(super) fn non_negative(&mut self, v: Option<Decimal>, path: String, what: &str) {
        if let Some(v) = v.filter(|v| is_negative(*v)) {
            self.error(
                ErrorCode::InvalidSetting,
                path,
                format!("{what} 不能为负数：{v}"),
                format!("{what} 不能為負數：{v}"),
                format!("{what} cannot be negative: {v}"),
            );
        }
    }

    /// The column a plan groups by: `"group"` is the `fields.group` column (which must be
    /// named), any other name is that column; none without a name.
    pub(super) fn group_column(
        &mut self,
        name: Option<&str>,
        path: String,
        group: Option<FieldRef>,
    ) -> Option<FieldRef> {
        match name {
            None => None,
            Some("group") => {
                if group.is_none() {
                    self.error(
                        ErrorCode::MissingSetting,
                        path,
                        "groupBy 为 \"group\"，但 fields.group 未指明分组列".into(),
                        "groupBy 為 \"group\"，但 fields.group 未指明分組欄".into(),
                        "groupBy is \"group\" but fields.group names no group column".into(),
                    );
                }
                group
            }
            Some(field) => Some(self.fields.field(field)),
        }
    }
}
