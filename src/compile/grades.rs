//! Grade bands compiled: sorted by `min` descending, edges monotone, names unique, and a
//! warning when totals below the lowest band would get no grade.

use super::Compiler;
use crate::error::ErrorCode;
use crate::scheme::Grades;
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Compiler<'_> {
    /// The grades as (grade, min), min descending.
    pub(super) fn grades(&mut self) -> Vec<(String, Decimal)> {
        match &self.scheme.grades {
            None => Vec::new(),
            Some(Grades::Forced { .. }) => {
                self.error(
                    ErrorCode::Unsupported,
                    "/grades/type",
                    "本版本尚不支持强制分布（forced）".into(),
                    "本版本尚不支援強制分布（forced）".into(),
                    "forced distribution is not supported by this version yet".into(),
                );
                Vec::new()
            }
            Some(Grades::Bands { bands }) => {
                if bands.is_empty() {
                    self.error(
                        ErrorCode::MissingSetting,
                        "/grades/bands",
                        "等级至少需要一档".into(),
                        "等級至少需要一檔".into(),
                        "grades need at least one band".into(),
                    );
                }
                let mins: Vec<Decimal> = bands.iter().map(|b| b.min.0).collect();
                self.monotone(&mins, "/grades/bands");
                let mut names = HashMap::new();
                for (i, b) in bands.iter().enumerate() {
                    if names.insert(b.grade.as_str(), i).is_some() {
                        self.duplicate(&b.grade, &format!("/grades/bands/{i}/grade"));
                    }
                }
                let mut sorted: Vec<(String, Decimal)> = bands.iter().map(|b| (b.grade.clone(), b.min.0)).collect();
                sorted.sort_by_key(|b| std::cmp::Reverse(b.1));
                let floor = self.scheme.total_min.map(|n| n.0).unwrap_or(Decimal::ZERO);
                if let Some((g, lowest)) = sorted.last() {
                    if *lowest > floor {
                        self.warning(
                            ErrorCode::InvalidSetting,
                            "/grades/bands",
                            format!("最低档 “{g}” 从 {lowest} 起，低于它的总分将没有等级"),
                            format!("最低檔「{g}」從 {lowest} 起，低於它的總分將沒有等級"),
                            format!("the lowest band \"{g}\" starts at {lowest}; totals below it get no grade"),
                        );
                    }
                }
                sorted
            }
        }
    }
}
