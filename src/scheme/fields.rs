//! Which columns name a person (`Fields`) and where a value is read from (`ValueSource`,
//! `Aggregate` over a raw table).

use super::Num;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Maps the engine's roles to the user's own column names (`{ "id": "员工编号" }`).
///
/// ```
/// let f: jixiao::scheme::Fields = serde_json::from_str(r#"{"id":"工号","group":"团队"}"#).unwrap();
/// assert_eq!(f.group.as_deref(), Some("团队"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Fields {
    /// The person's id column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The person's name column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The team / group column (used by `groupBy: "group"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The role (岗位) column that picks `roles` weight overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Where a value comes from.
///
/// ```
/// let v: jixiao::scheme::ValueSource = serde_json::from_str(r#"{"field":"销售额"}"#).unwrap();
/// assert!(matches!(v, jixiao::scheme::ValueSource::Field { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ValueSource {
    /// A column of the row; a dotted path reads into an object cell (`负责人.name`).
    Field {
        /// The column name.
        field: String,
    },
    /// A fixed value.
    Fixed {
        /// The value.
        value: Num,
    },
    /// An Excel-like formula over the row's columns and other indicators
    /// (`实际回款额 / 应收款总额`, `IF(revenue.achievement >= 1, 500, 0)`); see DESIGN.md "Formulas".
    Formula {
        /// The formula text.
        formula: String,
    },
    /// An aggregate over a raw table (orders, payments, visits) per person and period;
    /// see [`Aggregate`] and DESIGN.md "Raw tables".
    Aggregate {
        /// The aggregate.
        aggregate: Aggregate,
    },
    /// Rater scores: rater key → column; weights from the scheme's `raters`.
    Raters {
        /// Rater key (`self`, `manager`, `customer`, `peer` …) → column, in the order written.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
        raters: IndexMap<String, String>,
    },
}

/// What an [`Aggregate`] computes over the rows credited to a person.
///
/// ```
/// let op: jixiao::scheme::AggregateOp = serde_json::from_str("\"count_distinct\"").unwrap();
/// assert_eq!(op, jixiao::scheme::AggregateOp::CountDistinct);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AggregateOp {
    /// Σ of the credited amounts (blank cells skipped; refunds are negative rows).
    Sum,
    /// How many rows are credited (with `field`: rows whose field is not blank).
    Count,
    /// How many distinct values of `field` the credited rows hold (e.g. customers).
    CountDistinct,
    /// The credited sum ÷ the number of credited non-blank rows.
    Avg,
    /// The least credited amount.
    Min,
    /// The greatest credited amount.
    Max,
}

/// A credit split (业绩分配): the row's amount shared among several people.
///
/// ```
/// let s: jixiao::scheme::CreditSplit = serde_json::from_str(r#"{"owners":"协作人","shares":"分配比例"}"#).unwrap();
/// assert_eq!(s.shares.as_deref(), Some("分配比例"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreditSplit {
    /// The column listing the people who share the row (members, names, ids, or a list of them).
    pub owners: String,
    /// The column of their shares, in the same order (`[0.6, 0.4]`, `"60%,40%"`); the rest
    /// (1 − Σ) goes to the row's `owner`. Without it, everyone credited shares equally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub shares: Option<String>,
}

/// An aggregate over a raw table, per person and period (DESIGN.md, "Raw tables"):
/// `{ "table": "orders", "op": "sum", "field": "合同金额", "where": "状态 = '已签约'",
/// "owner": "负责人", "date": "签约日期", "split": { "owners": "协作人", "shares": "分配比例" } }`.
///
/// ```
/// let a: jixiao::scheme::Aggregate = serde_json::from_str(
///     r#"{"table":"orders","op":"sum","field":"合同金额","owner":"负责人","date":"签约日期","where":"状态 = '已签约'"}"#,
/// ).unwrap();
/// assert_eq!(a.op, jixiao::scheme::AggregateOp::Sum);
/// assert_eq!(a.filter.as_deref(), Some("状态 = '已签约'"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// The table's name in the input's `tables`.
    pub table: String,
    /// What to compute.
    pub op: AggregateOp,
    /// The column aggregated (not needed by `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub field: Option<String>,
    /// A formula over the table row's columns; only rows where it holds count.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub filter: Option<String>,
    /// The column naming whose row it is (a name, an id, a member object, or a list of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub owner: Option<String>,
    /// The column whose date puts the row in a period; rows outside the input's `period` are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub date: Option<String>,
    /// A credit split among several people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub split: Option<CreditSplit>,
}
