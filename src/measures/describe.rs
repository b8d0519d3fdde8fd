//! A measure's explanation line, in the output's locale:
//! `签约额 = 订单 合同金额合计（状态 = '已签约'），2025-Q1，4 行 = 93,333.33`.

use super::{MeasureValue, MeasureValues};
use crate::compile::{op_name, MeasurePlan};
use crate::i18n::Locale;
use crate::numbers::{format_grouped, format_plain, RoundingMode};
use crate::scheme::AggregateOp;
use rust_decimal::Decimal;

impl MeasureValues {
    /// One line saying how a measure was computed, in `locale`.
    pub fn describe(&self, m: &MeasurePlan, v: &MeasureValue, period: Option<&str>, locale: Locale) -> String {
        let shown = match v.value {
            Some(x) if x.abs() >= Decimal::ONE_THOUSAND => format_grouped(x, self.money, RoundingMode::HalfUp),
            Some(x) => format_plain(x),
            None => "—".to_string(),
        };
        let field = m.field.as_deref().unwrap_or("");
        let filter = m.filter.as_ref().map(|f| f.source().to_string());
        let period = period.unwrap_or("");
        let rows = v.rows;
        match locale {
            Locale::ZhCn | Locale::ZhTw => {
                let tw = locale == Locale::ZhTw;
                let op = match (m.op, tw) {
                    (AggregateOp::Sum, _) => "合计",
                    (AggregateOp::Count, false) => "行数",
                    (AggregateOp::Count, true) => "列數",
                    (AggregateOp::CountDistinct, false) => "去重计数",
                    (AggregateOp::CountDistinct, true) => "去重計數",
                    (AggregateOp::Avg, _) => "平均",
                    (AggregateOp::Min, _) => "最小值",
                    (AggregateOp::Max, _) => "最大值",
                };
                let mut text = format!("{} = {} {field}{op}", m.name, m.table);
                if let Some(f) = filter {
                    text.push_str(&format!("（{f}）"));
                }
                if !period.is_empty() {
                    text.push_str(&format!("，{period}"));
                }
                if tw {
                    text.push_str(&format!("，{rows} 列 = {shown}"));
                } else {
                    text.push_str(&format!("，{rows} 行 = {shown}"));
                }
                text
            }
            Locale::En => {
                let mut text = format!("{} = {} of {}", m.name, op_name(m.op), m.table);
                if !field.is_empty() {
                    text.push_str(&format!(".{field}"));
                }
                if let Some(f) = filter {
                    text.push_str(&format!(" where {f}"));
                }
                if !period.is_empty() {
                    text.push_str(&format!(" in {period}"));
                }
                text.push_str(&format!(", {rows} rows = {shown}"));
                text
            }
        }
    }
}
