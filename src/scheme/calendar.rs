//! The scheme's working-day calendar (`calendar`): the days off and the make-up workdays
//! (调休) that the formula function `NETWORKDAYS` counts with.

use serde::{Deserialize, Serialize};

/// Days off on weekdays (法定节假日, a whole holiday block may be listed) and weekend days
/// worked instead (调休), as dates (`2025-10-01`, `2025/10/1`, `2025年10月1日`). The same
/// lists, with the same meaning, as `decompose`'s `holidays` and `workdays`.
///
/// ```
/// let c: jixiao::scheme::HolidayCalendar =
///     serde_json::from_str(r#"{"holidays":["2025-10-01"],"workdays":["2025-09-28"]}"#).unwrap();
/// assert_eq!((c.holidays.len(), c.workdays.len()), (1, 1));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct HolidayCalendar {
    /// Days off (weekend days inside a holiday block may be listed too).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<String>,
    /// Weekend days worked instead (调休).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub workdays: Vec<String>,
}
