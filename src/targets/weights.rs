//! What each part weighs under the method: 1 each (`equal`), a list or the parts' own
//! `weight` / `history` / `capacity` (none negative, not all 0), or working days.

use crate::dates::{Date, WorkCalendar};
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;
use crate::numbers::is_negative;
use crate::scheme::Num;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

use super::input::{count_error, fail, negative_error, read_date, DecomposeInput, Method, PartSpec};
use super::parts::Slot;

/// The parts' weights and, for `working_days`, each part's working days.
pub(super) struct Weights {
    pub(super) values: Vec<Decimal>,
    pub(super) days: Option<Vec<u32>>,
}

/// The weights `input.method` gives `slots`.
pub(super) fn by_method(input: &DecomposeInput, slots: &[Slot]) -> Result<Weights, JixiaoError> {
    let listed = |values| Weights { values, days: None };
    Ok(match input.method {
        Method::Equal => listed(vec![Decimal::ONE; slots.len()]),
        Method::Weights => listed(per_part(slots, input.weights.as_ref(), "weights", |p| p.weight)?),
        Method::History => listed(per_part(slots, input.history.as_ref(), "history", |p| p.history)?),
        Method::Capacity => listed(per_part(slots, input.capacity.as_ref(), "capacity", |p| p.capacity)?),
        Method::WorkingDays => by_working_days(input, slots)?,
    })
}

/// Reads a per-part list (`weights`, `history`, `capacity`) or the parts' own values:
/// none negative, not all 0.
fn per_part(
    slots: &[Slot],
    list: Option<&Vec<Num>>,
    name: &str,
    own: impl Fn(&PartSpec) -> Option<Num>,
) -> Result<Vec<Decimal>, JixiaoError> {
    let values = match list {
        Some(list) if list.len() != slots.len() => return Err(count_error(name, list.len(), slots.len())),
        Some(list) => list.iter().map(|n| n.0).collect(),
        None => own_values(slots, name, own)?,
    };
    if let Some((i, v)) = values.iter().enumerate().find(|(_, v)| is_negative(**v)) {
        let path = if list.is_some() {
            format!("/{name}/{i}")
        } else {
            format!("/parts/{i}/{name}")
        };
        return Err(negative_error(path, name, *v));
    }
    if values.iter().all(Decimal::is_zero) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            format!("/{name}"),
            text!(
                "{name} 全部为 0，无法按比例分解",
                "{name} 全部為 0，無法按比例分解",
                "every {name} is 0: nothing to split in proportion to",
            ),
        ));
    }
    Ok(values)
}

/// Each part's own `name`, which every part must give when there is no list.
fn own_values(slots: &[Slot], name: &str, own: impl Fn(&PartSpec) -> Option<Num>) -> Result<Vec<Decimal>, JixiaoError> {
    let mut out = Vec::with_capacity(slots.len());
    for (i, s) in slots.iter().enumerate() {
        let Some(n) = own(&s.spec) else {
            return Err(fail(
                ErrorCode::MissingSetting,
                format!("/parts/{i}/{name}"),
                text!(
                    "缺少 {name}：请给出 {name} 列表或每个部分的 {name}",
                    "缺少 {name}：請給出 {name} 列表或每個部分的 {name}",
                    "{name} is missing: give a {name} list or each part's {name}",
                ),
            ));
        };
        out.push(n.0);
    }
    Ok(out)
}

/// Each part's working days (every part needs `start` and `end`; not all 0).
fn by_working_days(input: &DecomposeInput, slots: &[Slot]) -> Result<Weights, JixiaoError> {
    let calendar = WorkCalendar::new(
        read_days(&input.holidays, "holidays")?,
        read_days(&input.workdays, "workdays")?,
    );
    let mut counts = Vec::with_capacity(slots.len());
    for (i, s) in slots.iter().enumerate() {
        let (Some(start), Some(end)) = (s.start, s.end) else {
            return Err(fail(
                ErrorCode::MissingSetting,
                format!("/parts/{i}/start"),
                Text::new(
                    "按工作日分解需要每个部分的 start 与 end",
                    "按工作日分解需要每個部分的 start 與 end",
                    "working_days needs each part's start and end",
                ),
            ));
        };
        counts.push(calendar.working_days(start, end));
    }
    if counts.iter().all(|c| *c == 0) {
        return Err(fail(
            ErrorCode::InvalidSetting,
            "/holidays",
            Text::new(
                "所有部分的工作日都是 0",
                "所有部分的工作日都是 0",
                "no part has a working day",
            ),
        ));
    }
    Ok(Weights {
        values: counts.iter().map(|c| Decimal::from(*c)).collect(),
        days: Some(counts),
    })
}

/// The dates of list `name` (`holidays`, `workdays`).
fn read_days(texts: &[String], name: &str) -> Result<BTreeSet<Date>, JixiaoError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| read_date(t, format!("/{name}/{i}")))
        .collect()
}
