//! Data checks over all rows (DESIGN.md, "Data checks"): uncapped achievements far
//! beyond their target are warned about, rows that share an id fail.

use super::row::Evaluated;
use crate::compile::Plan;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{format_percent, RoundingMode};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// How many rows a warning or an error names before "…".
const NAMED: usize = 5;

/// The rows where an uncapped linear indicator went far beyond its target.
#[derive(Default)]
pub(super) struct FarBeyond {
    /// Indicator key → (rows, the first [`NAMED`] of them; how many; the highest achievement).
    by_indicator: BTreeMap<String, (Vec<usize>, usize, Decimal)>,
}

impl FarBeyond {
    /// Notes row `index`'s achievements `far` (indicator key, achievement).
    pub(super) fn note(&mut self, index: usize, far: Vec<(String, Decimal)>) {
        for (key, x) in far {
            let (rows, count, max) = self.by_indicator.entry(key).or_default();
            if rows.len() < NAMED {
                rows.push(index);
            }
            *count = count.saturating_add(1);
            *max = (*max).max(x);
        }
    }

    /// One `FAR_BEYOND_TARGET` warning per indicator, naming its rows and the highest
    /// achievement.
    pub(super) fn warnings(self, plan: &Plan) -> impl Iterator<Item = JixiaoError> + '_ {
        self.by_indicator.into_iter().map(move |(key, (rows, count, max))| {
            let name = plan
                .indicators
                .iter()
                .find(|i| i.key == key)
                .map_or(key.as_str(), |i| i.name.as_str());
            let listed = listed(&rows, count);
            let max = format_percent(max, 0, RoundingMode::HalfUp);
            let mut w = JixiaoError::warning(
                ErrorCode::FarBeyondTarget,
                "rows",
                Text::new(
                    format!("指标 “{name}” 未封顶：{count} 行达成率超过 1000%（第 {listed} 行，最高 {max}），请检查数据或设置 cap"),
                    format!("指標「{name}」未封頂：{count} 列達成率超過 1000%（第 {listed} 列，最高 {max}），請檢查資料或設定 cap"),
                    format!("indicator \"{name}\" has no cap: {count} rows achieve more than 1000% (rows {listed}; highest {max}); check the data or set a cap"),
                ),
            );
            w.field = Some(key);
            w.row = rows.first().copied();
            w
        })
    }
}

/// `3, 17, 20` or `3, 17, 20, 41, 56 …` when there are more than are named.
fn listed(rows: &[usize], count: usize) -> String {
    let names: Vec<String> = rows.iter().map(usize::to_string).collect();
    let more = if count > rows.len() { " …" } else { "" };
    format!("{}{more}", names.join(", "))
}

/// Rows that share an id all fail with `DUPLICATE_ID`, each naming the other rows; the
/// other rows are unaffected.
pub(super) fn fail_shared_ids(evaluated: &mut [Evaluated], plan: &Plan) {
    let field = plan.id.map(|f| plan.fields.name(f).to_string()).unwrap_or_default();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ev) in evaluated.iter().enumerate() {
        if let Some(id) = ev.result.id.as_deref() {
            by_id.entry(id).or_default().push(i);
        }
    }
    let shared: Vec<(String, Vec<usize>)> = by_id
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .map(|(id, rows)| (id.to_string(), rows))
        .collect();
    for (id, rows) in shared {
        for &i in &rows {
            let others: Vec<usize> = rows.iter().copied().filter(|r| *r != i).collect();
            if let Some(ev) = evaluated.get_mut(i) {
                let error = duplicate_id(&id, &field, i, &others);
                ev.fail(error);
            }
        }
    }
}

/// The `DUPLICATE_ID` error of row `index`, naming the `others`.
fn duplicate_id(id: &str, field: &str, index: usize, others: &[usize]) -> JixiaoError {
    let shown: String = id.chars().take(40).collect();
    let listed = listed(others.get(..NAMED).unwrap_or(others), others.len());
    JixiaoError::new(
        ErrorCode::DuplicateId,
        "",
        Text::new(
            format!("工号 “{shown}” 重复：第 {listed} 行也是这个工号，均不计算"),
            format!("工號「{shown}」重複：第 {listed} 列也是這個工號，均不計算"),
            format!("the id \"{shown}\" is shared with rows {listed}; none of them is scored"),
        ),
    )
    .at_row(index, field, Some(&shown))
}
