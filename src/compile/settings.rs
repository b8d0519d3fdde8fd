//! The scheme-wide settings compiled: the locale (an unknown one falls back to zh-CN), the
//! rounding places (0–12), the UTC offset of raw-table dates (default +08:00), the holiday
//! calendar of `NETWORKDAYS`, the person columns, and the role column that `roles` needs.

use super::{Compiler, FieldRef};
use crate::dates::{Date, WorkCalendar};
use crate::error::ErrorCode;
use crate::i18n::Locale;

/// The columns that name a person: id, name, group, role.
pub(super) struct PersonColumns {
    pub(super) id: Option<FieldRef>,
    pub(super) name: Option<FieldRef>,
    pub(super) group: Option<FieldRef>,
    pub(super) role: Option<FieldRef>,
}

impl Compiler<'_> {
    /// The scheme's locale; an unsupported one is a warning and zh-CN.
    pub(super) fn locale(&mut self) -> Locale {
        let s = self.scheme;
        match s.locale.as_deref() {
            None => Locale::ZhCn,
            Some(tag) => Locale::parse(tag).unwrap_or_else(|| {
                self.warning(
                    ErrorCode::InvalidSetting,
                    "/locale",
                    format!("不支持的语言 “{tag}”，改用 zh-CN"),
                    format!("不支援的語言「{tag}」，改用 zh-CN"),
                    format!("unsupported locale \"{tag}\"; using zh-CN"),
                );
                Locale::ZhCn
            }),
        }
    }

    /// Each rounding's places must be within 0–12.
    pub(super) fn check_rounding(&mut self) {
        let s = self.scheme;
        for (name, places) in [
            ("score", s.rounding.score),
            ("money", s.rounding.money),
            ("rate", s.rounding.rate),
        ] {
            if places > 12 {
                self.error(
                    ErrorCode::InvalidSetting,
                    format!("/rounding/{name}"),
                    format!("小数位数 {places} 超出范围（0–12）"),
                    format!("小數位數 {places} 超出範圍（0–12）"),
                    format!("{places} decimal places is out of range (0–12)"),
                );
            }
        }
    }

    /// Registers the person columns of `fields`, in the order id, name, group, role.
    pub(super) fn person_columns(&mut self) -> PersonColumns {
        let s = self.scheme;
        let id = s.fields.id.as_deref().map(|f| self.fields.field(f));
        let name = s.fields.name.as_deref().map(|f| self.fields.field(f));
        let group = s.fields.group.as_deref().map(|f| self.fields.field(f));
        let role = s.fields.role.as_deref().map(|f| self.fields.field(f));
        PersonColumns { id, name, group, role }
    }

    /// Minutes east of UTC for raw-table dates (default 480, +08:00).
    pub(super) fn utc_offset(&mut self) -> i32 {
        let s = self.scheme;
        match s.utc_offset.as_deref() {
            None => 480,
            Some(text) => crate::dates::parse_utc_offset(text).unwrap_or_else(|| {
                self.error(
                    ErrorCode::InvalidSetting,
                    "/utcOffset",
                    format!("无法识别的时区偏移 “{text}”（如 +08:00）"),
                    format!("無法識別的時區偏移「{text}」（如 +08:00）"),
                    format!("cannot read the UTC offset \"{text}\" (e.g. +08:00)"),
                );
                480
            }),
        }
    }

    /// The scheme's `calendar` as working days; a date that cannot be read is
    /// `INVALID_DATE` at its pointer (`/calendar/holidays/3`) and left out.
    pub(super) fn work_calendar(&mut self) -> WorkCalendar {
        let Some(cal) = &self.scheme.calendar else {
            return WorkCalendar::default();
        };
        let holidays = self.calendar_dates(&cal.holidays, "holidays");
        let workdays = self.calendar_dates(&cal.workdays, "workdays");
        WorkCalendar::new(holidays, workdays)
    }

    /// The dates of `calendar.<list>`, each read as a date or reported.
    fn calendar_dates(&mut self, texts: &[String], list: &str) -> Vec<Date> {
        let mut out = Vec::with_capacity(texts.len());
        for (i, text) in texts.iter().enumerate() {
            match Date::parse(text) {
                Some(d) => out.push(d),
                None => {
                    let shown: String = text.chars().take(40).collect();
                    self.error(
                        ErrorCode::InvalidDate,
                        format!("/calendar/{list}/{i}"),
                        format!("无法识别的日期 “{shown}”（如 2025-10-01、2025/10/1、2025年10月1日）"),
                        format!("無法識別的日期「{shown}」（如 2025-10-01、2025/10/1、2025年10月1日）"),
                        format!("cannot read the date \"{shown}\" (e.g. 2025-10-01, 2025/10/1, 2025年10月1日)"),
                    );
                }
            }
        }
        out
    }

    /// `roles` needs `fields.role`.
    pub(super) fn check_role_column(&mut self, role: Option<FieldRef>) {
        let s = self.scheme;
        if !s.roles.is_empty() && role.is_none() {
            self.error(
                ErrorCode::MissingSetting,
                "/fields/role",
                "方案设置了 roles，但 fields.role 未指明岗位列".into(),
                "方案設定了 roles，但 fields.role 未指明崗位欄".into(),
                "the scheme has roles but fields.role names no role column".into(),
            );
        }
    }
}
