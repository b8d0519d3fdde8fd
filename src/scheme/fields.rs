//! Which columns name a person (`Fields`) and where a value is read from (`ValueSource`,
//! `Aggregate` over a raw table).

use super::Num;
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

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

/// Where a value comes from. Every source may carry a `range` of the values it accepts
/// (`"range": ["0", null]`: a value outside is the row error `OUT_OF_RANGE`). A source is
/// read strictly: a key it does not know, or two kinds of source in one object
/// (`{ "field": …, "value": … }`), is an error at its JSON pointer.
///
/// ```
/// let v: jixiao::scheme::ValueSource = serde_json::from_str(r#"{"field":"销售额","range":["0",null]}"#).unwrap();
/// assert!(matches!(v, jixiao::scheme::ValueSource::Field { .. }));
/// assert!(v.range().is_some());
/// let both = serde_json::from_str::<jixiao::scheme::ValueSource>(r#"{"field":"a","value":1}"#);
/// assert!(both.is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged, deny_unknown_fields)]
pub enum ValueSource {
    /// A column of the row; a dotted path reads into an object cell (`负责人.name`).
    Field {
        /// The column name.
        field: String,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
    /// A fixed value.
    Fixed {
        /// The value.
        value: Num,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
    /// An Excel-like formula over the row's columns and other indicators
    /// (`实际回款额 / 应收款总额`, `IF(revenue.achievement >= 1, 500, 0)`); see DESIGN.md "Formulas".
    Formula {
        /// The formula text.
        formula: String,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
    /// An aggregate over a raw table (orders, payments, visits) per person and period;
    /// see [`Aggregate`] and DESIGN.md "Raw tables".
    Aggregate {
        /// The aggregate.
        aggregate: Aggregate,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
    /// Rater scores: rater key → column; weights from `weights` when given, else from the
    /// scheme's `raters`.
    Raters {
        /// Rater key (`self`, `manager`, `customer`, `peer` …) → column, in the order written.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
        raters: IndexMap<String, String>,
        /// This indicator's own rater weights (rater key → weight), instead of the scheme's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Record<string, Num>"))]
        weights: Option<IndexMap<String, Num>>,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
    /// A team figure (团队业绩): a figure of the person's whole group (`fields.group`) over an
    /// indicator or a column; see DESIGN.md "Team figures".
    Group {
        /// An indicator key (its actual, or actual and target for `achievement`) or a column.
        group: String,
        /// `sum`, `mean` or `achievement` (Σ actual ÷ Σ target, an indicator only).
        op: GroupOp,
        /// The values accepted, `[min, max]` (`null`: open).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "[Num | null, Num | null]"))]
        range: Option<ValueRange>,
    },
}

impl ValueSource {
    /// The values the source accepts, when it says.
    ///
    /// ```
    /// let v: jixiao::scheme::ValueSource = serde_json::from_str(r#"{"value":5,"range":[null,"3"]}"#).unwrap();
    /// assert_eq!(v.range().and_then(|r| r.1).map(|n| n.0.to_string()).as_deref(), Some("3"));
    /// ```
    pub fn range(&self) -> Option<&ValueRange> {
        match self {
            ValueSource::Field { range, .. }
            | ValueSource::Fixed { range, .. }
            | ValueSource::Formula { range, .. }
            | ValueSource::Aggregate { range, .. }
            | ValueSource::Raters { range, .. }
            | ValueSource::Group { range, .. } => range.as_ref(),
        }
    }
}

/// The values a source accepts: `[min, max]`, both inclusive, `null` for an open end
/// (`["0", null]`: not negative).
///
/// ```
/// let r: jixiao::scheme::ValueRange = serde_json::from_str(r#"["0", null]"#).unwrap();
/// assert!(r.0.is_some() && r.1.is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValueRange(
    /// The least value accepted.
    pub Option<Num>,
    /// The greatest value accepted.
    pub Option<Num>,
);

/// What a team figure computes over the members of a group.
///
/// ```
/// let op: jixiao::scheme::GroupOp = serde_json::from_str("\"achievement\"").unwrap();
/// assert_eq!(op, jixiao::scheme::GroupOp::Achievement);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupOp {
    /// Σ of the members' values.
    Sum,
    /// Σ of the members' values ÷ how many members gave one.
    Mean,
    /// Σ actual ÷ Σ target of an indicator over the members.
    Achievement,
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

/// The keys a value source may hold; the first six each name a kind of source.
const SOURCE_KEYS: [&str; 9] = [
    "field",
    "value",
    "formula",
    "aggregate",
    "raters",
    "group",
    "weights",
    "op",
    "range",
];

/// A value source's keys as read, before the kind is decided.
#[derive(Default)]
struct SourceParts {
    field: Option<String>,
    value: Option<Num>,
    formula: Option<String>,
    aggregate: Option<Aggregate>,
    raters: Option<IndexMap<String, String>>,
    group: Option<String>,
    weights: Option<IndexMap<String, Num>>,
    op: Option<GroupOp>,
    range: Option<ValueRange>,
}

/// Reads a key's value into its slot (`null` is absent); a key given twice is an error.
pub(super) fn read_once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = map.next_value::<Option<T>>()?;
    Ok(())
}

/// Refuses the value of an unknown key, so the error's path ends at that key: `key` in
/// `what` (`"a value source"`, `"a condition"`), which may hold `keys`.
pub(super) struct UnknownKey<'k> {
    pub(super) key: &'k str,
    pub(super) what: &'static str,
    pub(super) keys: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for UnknownKey<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        let hint = match self.key {
            "scope" => {
                "; a team figure is { \"group\": <indicator or column>, \"op\": \"sum\" | \"mean\" | \"achievement\" }"
            }
            _ => "",
        };
        Err(de::Error::custom(format_args!(
            "unknown key `{}` in {}, expected one of {}{hint}",
            self.key,
            self.what,
            self.keys.join(", ")
        )))
    }
}

impl SourceParts {
    /// The one kind of source the keys name, with the keys that go with it.
    fn into_source<E: de::Error>(self) -> Result<ValueSource, E> {
        let kinds: Vec<&str> = [
            ("field", self.field.is_some()),
            ("value", self.value.is_some()),
            ("formula", self.formula.is_some()),
            ("aggregate", self.aggregate.is_some()),
            ("raters", self.raters.is_some()),
            ("group", self.group.is_some()),
        ]
        .iter()
        .filter(|(_, given)| *given)
        .map(|(k, _)| *k)
        .collect();
        if kinds.len() > 1 {
            return Err(E::custom(format_args!(
                "a value source has one of field, value, formula, aggregate, raters, group; this one has {}",
                kinds.join(" and ")
            )));
        }
        if self.weights.is_some() && self.raters.is_none() {
            return Err(E::custom("`weights` goes with `raters` only"));
        }
        if self.op.is_some() && self.group.is_none() {
            return Err(E::custom("`op` goes with `group` only (a team figure)"));
        }
        let range = self.range;
        let source = match self {
            SourceParts { field: Some(field), .. } => ValueSource::Field { field, range },
            SourceParts { value: Some(value), .. } => ValueSource::Fixed { value, range },
            SourceParts {
                formula: Some(formula), ..
            } => ValueSource::Formula { formula, range },
            SourceParts {
                aggregate: Some(aggregate),
                ..
            } => ValueSource::Aggregate { aggregate, range },
            SourceParts {
                raters: Some(raters),
                weights,
                ..
            } => ValueSource::Raters { raters, weights, range },
            SourceParts {
                group: Some(group),
                op: Some(op),
                ..
            } => ValueSource::Group { group, op, range },
            SourceParts { group: Some(_), .. } => return Err(de::Error::missing_field("op")),
            _ => {
                return Err(E::custom(
                    "a value source needs one of field, value, formula, aggregate, raters, group",
                ))
            }
        };
        Ok(source)
    }
}

impl<'de> Deserialize<'de> for ValueSource {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ValueSource, D::Error> {
        struct SourceVisitor;
        impl<'de> Visitor<'de> for SourceVisitor {
            type Value = ValueSource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value source object ({ field }, { value }, { formula }, { aggregate }, { raters }, { group, op })")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueSource, A::Error> {
                let mut parts = SourceParts::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "field" => read_once(&mut map, &mut parts.field, "field")?,
                        "value" => read_once(&mut map, &mut parts.value, "value")?,
                        "formula" => read_once(&mut map, &mut parts.formula, "formula")?,
                        "aggregate" => read_once(&mut map, &mut parts.aggregate, "aggregate")?,
                        "raters" => read_once(&mut map, &mut parts.raters, "raters")?,
                        "group" => read_once(&mut map, &mut parts.group, "group")?,
                        "weights" => read_once(&mut map, &mut parts.weights, "weights")?,
                        "op" => read_once(&mut map, &mut parts.op, "op")?,
                        "range" => read_once(&mut map, &mut parts.range, "range")?,
                        other => map.next_value_seed(UnknownKey {
                            key: other,
                            what: "a value source",
                            keys: &SOURCE_KEYS,
                        })?,
                    }
                }
                parts.into_source()
            }
        }
        d.deserialize_map(SourceVisitor)
    }
}
