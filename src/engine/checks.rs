//! Data checks over all rows (DESIGN.md, "Data checks"): uncapped achievements far
//! beyond their target are warned about, rows that share an id fail, a column read by
//! name that no row has is warned about.

use super::row::Evaluated;
use crate::compile::{FieldRef, Plan, RankKey};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::Text;
use crate::numbers::{format_percent, RoundingMode};
use crate::records::{self, Rows};
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

/// The columns that ranking, tie-breakers, groupings and awards read, until a row is seen
/// that has each: one no row has is warned about with `COLUMN_NOT_FOUND`.
pub(super) struct Unseen {
    /// (scheme path, column) not yet seen in any row.
    columns: Vec<(String, FieldRef)>,
}

impl Unseen {
    /// The columns `plan` reads by name, measures (every row has them) left out.
    pub(super) fn of(plan: &Plan) -> Unseen {
        let mut columns = Vec::new();
        let r = &plan.ranking;
        let mut key = |path: String, k: &RankKey| {
            if let RankKey::Field(f) = k {
                columns.push((path, *f));
            }
        };
        key("/ranking/by".into(), &r.by.key);
        for (i, t) in r.tie_breakers.iter().enumerate() {
            key(format!("/ranking/tieBreakers/{i}"), &t.key);
        }
        for (i, a) in plan.incentives.awards.iter().enumerate() {
            key(format!("/incentives/awards/{i}/by"), &a.by);
        }
        let groups = plan.incentives.awards.iter().map(|a| ("awards", a.group_by));
        let groups = groups.chain(plan.incentives.pools.iter().map(|p| ("pool", p.group_by)));
        let mut at = BTreeMap::<&str, usize>::new();
        for (kind, group) in groups {
            let n = at.entry(kind).or_default();
            if let Some(f) = group {
                columns.push((format!("/incentives/{kind}/{n}/groupBy"), f));
            }
            *n = n.saturating_add(1);
        }
        if let Some(f) = r.group_by {
            columns.push(("/ranking/groupBy".into(), f));
        }
        let measured = |f: &FieldRef| plan.measures.iter().any(|m| m.name == plan.fields.name(*f));
        columns.retain(|(_, f)| !measured(f));
        Unseen { columns }
    }

    /// Crosses off the columns row `index` has (reads the row only while some are unseen).
    pub(super) fn note(&mut self, rows: &Rows, index: usize, plan: &Plan) {
        if self.columns.is_empty() {
            return;
        }
        let Ok(slots) = rows.slots(index, &plan.fields) else {
            return;
        };
        self.columns
            .retain(|(_, f)| matches!(records::cell(&slots, &plan.fields, *f), records::Cell::Missing));
    }

    /// One `COLUMN_NOT_FOUND` warning per setting whose column no row has (none without rows).
    pub(super) fn warnings(self, plan: &Plan, rows: usize) -> impl Iterator<Item = JixiaoError> + '_ {
        let columns = if rows == 0 { Vec::new() } else { self.columns };
        columns.into_iter().map(move |(path, f)| {
            let name = plan.fields.name(f).to_string();
            let mut w = JixiaoError::warning(
                ErrorCode::ColumnNotFound,
                path.as_str(),
                Text::new(
                    format!("{path} 读取的列 “{name}” 在任何一行中都没有"),
                    format!("{path} 讀取的欄「{name}」在任何一列中都沒有"),
                    format!("{path} reads the column \"{name}\", which no row has"),
                ),
            );
            w.field = Some(name);
            w
        })
    }
}
