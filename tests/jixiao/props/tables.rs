//! Properties of raw-table aggregates over random tables: the credited parts of every
//! row sum exactly to the row (so the people's sums add up to the table's total, refunds
//! and splits included), each person's sum equals a plain reference model, and one more
//! positive row never lowers anybody's sum or score.

use jixiao::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

const PEOPLE: usize = 5;

fn engine() -> Engine {
    Engine::from_value(&json!({
        "fields": { "id": "工号", "name": "姓名" },
        "measures": { "签约额": { "table": "orders", "op": "sum", "field": "金额", "owner": "负责人",
                                  "split": { "owners": "协作人", "shares": "比例" } } },
        "indicators": [{ "key": "r", "weight": 100, "actual": { "field": "签约额" }, "target": { "value": "100000" },
                         "scoring": { "type": "linear" } }],
        "totalMin": "-1000000"
    }))
    .unwrap()
}

fn people() -> Value {
    Value::Array(
        (0..PEOPLE)
            .map(|i| json!({ "工号": format!("E{i}"), "姓名": format!("员工{i}") }))
            .collect(),
    )
}

/// How a row names a person.
fn member(i: usize, style: u8) -> Value {
    match style % 4 {
        0 => json!(format!("E{i}")),
        1 => json!(format!("员工{i}")),
        2 => json!({ "id": format!("E{i}"), "name": format!("员工{i}") }),
        _ => json!([{ "open_id": format!("ou_{i}"), "name": format!("员工{i}") }]),
    }
}

#[derive(Clone, Debug)]
struct Row {
    owner: usize,
    style: u8,
    amount: Decimal,
    /// (collaborator, share in hundredths); shares given only when `with_shares`.
    split: Vec<(usize, u32)>,
    with_shares: bool,
}

fn row_strategy() -> impl Strategy<Value = Row> {
    (
        0..PEOPLE,
        any::<u8>(),
        (-1_000_000i64..10_000_000, 0u32..4),
        prop::collection::vec((0..PEOPLE, 0u32..40), 0..3),
        any::<bool>(),
    )
        .prop_map(|(owner, style, (mantissa, scale), split, with_shares)| Row {
            owner,
            style,
            amount: Decimal::new(mantissa, scale),
            split,
            with_shares,
        })
}

impl Row {
    fn json(&self) -> Value {
        let mut v = json!({ "负责人": member(self.owner, self.style), "金额": self.amount.to_string() });
        if !self.split.is_empty() {
            v["协作人"] = Value::Array(
                self.split
                    .iter()
                    .map(|(p, _)| member(*p, self.style.wrapping_add(1)))
                    .collect(),
            );
            if self.with_shares {
                v["比例"] = Value::Array(self.split.iter().map(|(_, s)| json!(format!("{s}%"))).collect());
            }
        }
        v
    }

    /// Each person's exact (unrounded) share of the row.
    fn shares(&self) -> Vec<Decimal> {
        let mut out = vec![Decimal::ZERO; PEOPLE];
        if self.split.is_empty() {
            out[self.owner] = Decimal::ONE;
        } else if self.with_shares {
            let mut rest = Decimal::ONE;
            for (p, s) in &self.split {
                let s = Decimal::new(i64::from(*s), 2);
                out[*p] += s;
                rest -= s;
            }
            out[self.owner] += rest;
        } else {
            let mut everyone = vec![self.owner];
            for (p, _) in &self.split {
                everyone.push(*p);
            }
            everyone.sort_unstable();
            everyone.dedup();
            let each = Decimal::ONE / Decimal::from(everyone.len());
            for p in everyone {
                out[p] += each;
            }
        }
        out
    }
}

fn sums(engine: &Engine, rows: &[Row]) -> (Vec<Decimal>, Vec<Decimal>) {
    let table: Vec<Value> = rows.iter().map(Row::json).collect();
    let out = engine
        .evaluate_value(
            &json!({ "people": people(), "tables": { "orders": table } }),
            &Default::default(),
        )
        .unwrap();
    assert_eq!(out["errors"], json!([]), "{:#}", out["errors"]);
    let results = out["results"].as_array().unwrap();
    let actual = results
        .iter()
        .map(|r| Decimal::from_str(r["indicators"][0]["actual"].as_str().unwrap()).unwrap())
        .collect();
    let totals = results
        .iter()
        .map(|r| Decimal::from_str(r["total"].as_str().unwrap()).unwrap())
        .collect();
    (actual, totals)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn credited_parts_sum_to_the_table(rows in prop::collection::vec(row_strategy(), 0..25)) {
        let engine = engine();
        let (actual, _) = sums(&engine, &rows);
        let table: Decimal = rows.iter().map(|r| r.amount).sum();
        prop_assert_eq!(actual.iter().copied().sum::<Decimal>(), table);
        // each person's sum is within a cent per row of the exact shares
        for p in 0..PEOPLE {
            let exact: Decimal = rows.iter().map(|r| r.amount * r.shares()[p]).sum();
            let tolerance = Decimal::new(1, 2) * Decimal::from(rows.len());
            prop_assert!((actual[p] - exact).abs() <= tolerance, "person {}: {} vs {}", p, actual[p], exact);
        }
    }

    #[test]
    fn one_more_positive_row_never_lowers_a_sum_or_score(
        rows in prop::collection::vec(row_strategy(), 0..15),
        extra in row_strategy(),
    ) {
        let mut extra = extra;
        extra.amount = extra.amount.abs();
        let engine = engine();
        let (before, before_totals) = sums(&engine, &rows);
        let mut more = rows.clone();
        more.push(extra);
        let (after, after_totals) = sums(&engine, &more);
        for p in 0..PEOPLE {
            prop_assert!(after[p] >= before[p], "person {}: {} then {}", p, before[p], after[p]);
            prop_assert!(after_totals[p] >= before_totals[p]);
        }
    }
}
