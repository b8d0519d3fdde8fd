//! Write-back: flat rows of chosen figures (numbers as JSON numbers, texts as strings,
//! missing as null) for hosts to write into their tables, and which columns a mapping
//! may ask for. The composite of `evaluatePeriods` writes back through the same rows.

use super::input::input_error;
use super::output::{Dec, PersonResult};
use crate::compile::Plan;
use crate::error::JixiaoError;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde_json::Value;

/// The figures every result (a person's or a composite's) writes back by name: what
/// [`Common::cell`] answers.
pub(super) const COMMON_TARGETS: [&str; 13] = [
    "id",
    "name",
    "group",
    "role",
    "ok",
    "total",
    "grade",
    "rank",
    "groupRank",
    "topPercent",
    "vetoed",
    "veto",
    "errors",
];

/// Checks `options.rows`: every column names a known figure.
pub(super) fn check_mapping(plan: &Plan, mapping: &IndexMap<String, String>) -> Result<(), JixiaoError> {
    for (column, what) in mapping {
        let ok = what == "payout"
            || COMMON_TARGETS.contains(&what.as_str())
            || match what.split('.').collect::<Vec<_>>().as_slice() {
                ["indicators", key, fig] => {
                    plan.indicators.iter().any(|i| i.key == *key)
                        && ["actual", "target", "achievement", "score", "weight", "weighted"].contains(fig)
                }
                ["categories", key, fig] => {
                    plan.categories.iter().any(|c| c.0 == *key) && ["score", "weighted", "weight"].contains(fig)
                }
                ["adjustments", key] => plan.adjustments.iter().any(|a| a.key == *key),
                ["incentives", key] => {
                    let inc = &plan.incentives;
                    inc.commissions.iter().any(|c| c.key == *key)
                        || inc.bonuses.iter().any(|b| b.key == *key)
                        || inc.pools.iter().any(|p| p.key == *key)
                        || inc.awards.iter().any(|a| a.key == *key)
                }
                _ => false,
            };
        if !ok {
            return Err(input_error(
                &format!("options/rows/{}", crate::error::escape_pointer(column)),
                format!("回写列 “{column}” 的取值 “{what}” 无法识别"),
                format!("回寫欄「{column}」的取值「{what}」無法識別"),
                format!("the write-back column \"{column}\" asks for \"{what}\", which is not known"),
            ));
        }
    }
    Ok(())
}

/// A decimal as a JSON number (null when missing).
pub(super) fn json_number(d: Option<Dec>) -> Value {
    d.and_then(|d| d.0.to_string().parse::<f64>().ok())
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn json_text(s: Option<&String>) -> Value {
    s.map(|s| Value::String(s.clone())).unwrap_or(Value::Null)
}

/// The figures every result has (a person's, a composite's), as a write-back reads them.
pub(super) struct Common<'a> {
    pub(super) id: Option<&'a String>,
    pub(super) name: Option<&'a String>,
    pub(super) group: Option<&'a String>,
    pub(super) role: Option<&'a String>,
    pub(super) grade: Option<&'a String>,
    pub(super) ok: bool,
    pub(super) vetoed: bool,
    pub(super) veto: Option<&'a String>,
    pub(super) total: Option<Dec>,
    pub(super) top_percent: Option<Dec>,
    pub(super) rank: Option<u32>,
    pub(super) group_rank: Option<u32>,
    pub(super) errors: &'a [JixiaoError],
}

impl Common<'_> {
    /// The cell of a figure every result has; `None` for any other name.
    pub(super) fn cell(&self, what: &str) -> Option<Value> {
        Some(match what {
            "id" => json_text(self.id),
            "name" => json_text(self.name),
            "group" => json_text(self.group),
            "role" => json_text(self.role),
            "grade" => json_text(self.grade),
            "ok" => Value::Bool(self.ok),
            "vetoed" => Value::Bool(self.vetoed),
            "veto" => json_text(self.veto),
            "total" => json_number(self.total),
            "topPercent" => json_number(self.top_percent),
            "rank" => self.rank.map(Value::from).unwrap_or(Value::Null),
            "groupRank" => self.group_rank.map(Value::from).unwrap_or(Value::Null),
            "errors" => Value::String(
                self.errors
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            _ => return None,
        })
    }
}

/// Flat write-back rows: one per result, one cell per mapped column.
pub(super) fn flat_rows<R>(
    results: &[R],
    mapping: &IndexMap<String, String>,
    cell: impl Fn(&R, &str) -> Value,
) -> Vec<IndexMap<String, Value>> {
    results
        .iter()
        .map(|r| {
            mapping
                .iter()
                .map(|(column, what)| (column.clone(), cell(r, what)))
                .collect()
        })
        .collect()
}

/// Flat write-back rows of `evaluate`.
pub(super) fn write_back(results: &[PersonResult], mapping: &IndexMap<String, String>) -> Vec<IndexMap<String, Value>> {
    flat_rows(results, mapping, person_cell)
}

/// One cell of a person's write-back row.
fn person_cell(r: &PersonResult, what: &str) -> Value {
    let common = Common {
        id: r.id.as_ref(),
        name: r.name.as_ref(),
        group: r.group.as_ref(),
        role: r.role.as_ref(),
        grade: r.grade.as_ref(),
        ok: r.ok,
        vetoed: r.vetoed,
        veto: r.veto.as_ref().map(|v| &v.name),
        total: r.total,
        top_percent: r.top_percent,
        rank: r.rank,
        group_rank: r.group_rank,
        errors: &r.errors,
    };
    if let Some(v) = common.cell(what) {
        return v;
    }
    match what.split('.').collect::<Vec<_>>().as_slice() {
        ["payout"] => json_number(r.payout),
        ["indicators", key, fig] => r
            .indicators
            .iter()
            .find(|i| i.key == *key)
            .map(|i| {
                json_number(match *fig {
                    "actual" => i.actual,
                    "target" => i.target,
                    "achievement" => i.achievement,
                    "score" => i.score,
                    "weight" => i.weight,
                    _ => i.weighted,
                })
            })
            .unwrap_or(Value::Null),
        ["categories", key, fig] => r
            .categories
            .iter()
            .find(|c| c.key == *key)
            .map(|c| {
                json_number(match *fig {
                    "score" => c.score,
                    "weight" => Some(c.weight),
                    _ => Some(c.weighted),
                })
            })
            .unwrap_or(Value::Null),
        ["incentives", key] => incentive_cell(r, key),
        ["adjustments", key] => r
            .adjustments
            .iter()
            .find(|a| a.key == *key)
            .map(|a| json_number(Some(a.points)))
            .unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

/// Σ of a plan's payout lines; null when the plan paid nothing and the row has no payout.
fn incentive_cell(r: &PersonResult, key: &str) -> Value {
    let mut found = false;
    let mut sum = Decimal::ZERO;
    for l in r.incentives.iter().filter(|l| l.key == key) {
        found = true;
        sum = sum.checked_add(l.amount.0).unwrap_or(sum);
    }
    if found || r.payout.is_some() {
        json_number(Some(Dec(sum)))
    } else {
        Value::Null
    }
}
