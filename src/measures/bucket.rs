//! Dates into the period: a row's date cell (a date text, a local or UTC datetime, epoch
//! milliseconds) read at the scheme's UTC offset, and whether it falls in the evaluated
//! period. An undated row is in no period.

use crate::dates::Date;
use crate::i18n::Text;
use serde_json::Value;

/// Whether a row with date cell `cell` falls in `[first, last]`; `Err` holds the raw cell
/// that is not a date. `utc_offset` is in minutes east of UTC.
pub(super) fn in_period(cell: Option<&Value>, (first, last): (Date, Date), utc_offset: i32) -> Result<bool, String> {
    let date = match cell {
        None | Some(Value::Null) => return Ok(false),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|ms| Date::from_epoch_millis(ms, utc_offset))
            .ok_or_else(|| n.to_string())?,
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(false),
        Some(Value::String(s)) => Date::read_cell(s, utc_offset).ok_or_else(|| s.clone())?,
        Some(other) => return Err(other.to_string()),
    };
    Ok(date >= first && date <= last)
}

/// What is wrong with an unreadable date (`shown`: the first 40 characters).
pub(super) fn bad_date(shown: &str) -> Text {
    Text::new(
        format!("无法识别的日期 “{shown}”（如 2025-03-05、2025/3/5、2025年3月5日、毫秒时间戳）"),
        format!("無法識別的日期「{shown}」（如 2025-03-05、2025/3/5、2025年3月5日、毫秒時間戳）"),
        format!("cannot read the date \"{shown}\" (e.g. 2025-03-05, 2025/3/5, 2025年3月5日, epoch milliseconds)"),
    )
}
