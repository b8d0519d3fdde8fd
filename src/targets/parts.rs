//! The parts a total is split into: a calendar's periods or the named parts given, never
//! both, never none, keys unique, each part's `end` not before its `start`.

use crate::dates::Date;
use crate::error::{ErrorCode, JixiaoError};
use crate::i18n::text;
use crate::i18n::Text;

use super::calendar::calendar_slots;
use super::input::{duplicate_key, fail, read_date, DecomposeInput, PartSpec};

/// A part being decomposed: its key, dates and per-part settings.
#[derive(Clone, Debug, Default)]
pub(super) struct Slot {
    pub(super) key: String,
    pub(super) start: Option<Date>,
    pub(super) end: Option<Date>,
    pub(super) spec: PartSpec,
}

impl Slot {
    /// A calendar period: its key and days, no settings of its own.
    pub(super) fn period(key: String, start: Date, end: Date) -> Slot {
        Slot {
            key,
            start: Some(start),
            end: Some(end),
            spec: PartSpec::default(),
        }
    }
}

/// The parts of `input`, in order: at least one, keys unique.
pub(super) fn slots(input: &DecomposeInput) -> Result<Vec<Slot>, JixiaoError> {
    let slots = match (&input.calendar, &input.parts) {
        (Some(_), Some(_)) => {
            return Err(fail(
                ErrorCode::InvalidInput,
                "/parts",
                Text::new(
                    "calendar 与 parts 只能给出其一",
                    "calendar 與 parts 只能給出其一",
                    "give either calendar or parts, not both",
                ),
            ))
        }
        (None, None) => {
            return Err(fail(
                ErrorCode::MissingSetting,
                "/parts",
                Text::new(
                    "缺少 calendar 或 parts：不知道分解到哪些部分",
                    "缺少 calendar 或 parts：不知道分解到哪些部分",
                    "calendar or parts is missing: nothing to split into",
                ),
            ))
        }
        (Some(cal), None) => calendar_slots(cal)?,
        (None, Some(parts)) => parts
            .iter()
            .enumerate()
            .map(|(i, p)| named_slot(i, p))
            .collect::<Result<Vec<Slot>, JixiaoError>>()?,
    };
    if slots.is_empty() {
        return Err(fail(
            ErrorCode::InvalidInput,
            "/parts",
            Text::new(
                "没有可分解的部分",
                "沒有可分解的部分",
                "there are no parts to split into",
            ),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, s) in slots.iter().enumerate() {
        if !seen.insert(s.key.as_str()) {
            return Err(duplicate_key(i, &s.key));
        }
    }
    Ok(slots)
}

/// Named part `i`: its dates read, the end not before the start.
fn named_slot(i: usize, p: &PartSpec) -> Result<Slot, JixiaoError> {
    let start = p
        .start
        .as_deref()
        .map(|t| read_date(t, format!("/parts/{i}/start")))
        .transpose()?;
    let end = p
        .end
        .as_deref()
        .map(|t| read_date(t, format!("/parts/{i}/end")))
        .transpose()?;
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(fail(
                ErrorCode::InvalidDate,
                format!("/parts/{i}/end"),
                text!(
                    "结束日 {e} 早于开始日 {s}",
                    "結束日 {e} 早於開始日 {s}",
                    "end {e} is before start {s}"
                ),
            ));
        }
    }
    Ok(Slot {
        key: p.key.clone(),
        start,
        end,
        spec: p.clone(),
    })
}
