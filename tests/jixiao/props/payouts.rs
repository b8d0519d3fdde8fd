//! Properties of incentives inside `evaluate` over random teams: a pool paid to a group
//! sums exactly to the pool (or to what the caps allow, the rest reported), no one gets
//! more than the cap, vetoed members get 0, and more sales never lower a commission.

use crate::common::dec;
use jixiao::{Engine, EvaluateOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn engine(pool_amount: &str, cap: Option<&str>) -> Engine {
    let mut pool = json!({ "amount": { "value": pool_amount }, "weight": "score" });
    if let Some(c) = cap {
        pool["cap"] = json!(c);
    }
    Engine::from_value(&json!({
        "fields": { "id": "工号", "group": "团队" },
        "indicators": [{ "key": "revenue", "weight": 100, "actual": { "field": "销售额" }, "target": { "field": "目标" },
            "scoring": { "type": "linear", "cap": "1.5" } }],
        "vetoes": [{ "key": "v", "name": "违规", "when": { "field": "违规", "op": ">", "value": 0 } }],
        "incentives": {
            "commission": { "base": { "field": "销售额" },
                "tiers": [{ "from": 0, "rate": "0.02" }, { "from": 300000, "rate": "0.035" }, { "from": 900000, "rate": "0.05" }] },
            "pool": pool
        }
    }))
    .unwrap()
}

fn line<'a>(r: &'a Value, key: &str) -> Option<&'a Value> {
    r["incentives"].as_array().unwrap().iter().find(|l| l["key"] == key)
}

/// (销售额 in fen, 目标 in yuan, group, vetoed)
fn person() -> impl Strategy<Value = (u64, u32, bool, bool)> {
    (
        0u64..300_000_000,
        1u32..2_000_000,
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
}

fn people(list: &[(u64, u32, bool, bool)]) -> Value {
    Value::Array(
        list.iter()
            .enumerate()
            .map(|(i, (sales, target, g, v))| {
                json!({ "工号": format!("E{i}"), "团队": if *g { "甲" } else { "乙" },
                    "销售额": Decimal::new(i64::try_from(*sales).unwrap(), 2).to_string(), "目标": target, "违规": u8::from(*v) })
            })
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn pools_sum_to_the_pool_and_respect_the_cap(
        list in prop::collection::vec(person(), 1..25),
        amount_fen in 0u64..100_000_000,
        cap_fen in prop::option::of(1u64..50_000_000),
    ) {
        let amount = Decimal::new(i64::try_from(amount_fen).unwrap(), 2);
        let cap = cap_fen.map(|c| Decimal::new(i64::try_from(c).unwrap(), 2));
        let cap_text = cap.map(|c| c.to_string());
        let out = engine(&amount.to_string(), cap_text.as_deref())
            .evaluate_value(&json!({ "people": people(&list) }), &EvaluateOptions::default())
            .unwrap();
        let results = out["results"].as_array().unwrap();
        for group in ["甲", "乙"] {
            let members: Vec<&Value> = results.iter().filter(|r| r["group"] == group).collect();
            if members.is_empty() {
                continue;
            }
            let lines: Vec<&Value> = members.iter().map(|r| line(r, "pool").unwrap()).collect();
            let statuses: Vec<&str> = lines.iter().map(|l| l["status"].as_str().unwrap()).collect();
            if statuses.contains(&"no_weight") {
                prop_assert!(lines.iter().all(|l| dec(&l["amount"]).is_zero()));
                continue;
            }
            let sum: Decimal = lines.iter().map(|l| dec(&l["amount"])).sum();
            let weighted = members.iter().filter(|r| r["vetoed"] == false && dec(&r["total"]) > Decimal::ZERO).count();
            let room = cap.map(|c| c * Decimal::from(weighted));
            match room {
                Some(room) if room < amount => prop_assert!(sum <= amount && sum == room, "{sum} {room} {amount}"),
                _ => prop_assert_eq!(sum, amount),
            }
            for (r, l) in members.iter().zip(&lines) {
                let a = dec(&l["amount"]);
                prop_assert!(a >= Decimal::ZERO);
                if let Some(c) = cap {
                    prop_assert!(a <= c, "{a} > cap {c}");
                }
                if r["vetoed"] == true {
                    prop_assert_eq!(l["status"].as_str(), Some("vetoed"));
                    prop_assert!(a.is_zero());
                }
                prop_assert_eq!(a.scale(), 2);
            }
        }
        // the summary adds every line
        let all: Decimal = results.iter().map(|r| dec(&r["payout"])).sum();
        prop_assert_eq!(dec(&out["summary"]["payout"]), all);
    }

    #[test]
    fn more_sales_never_lower_the_commission(sales in 0u64..300_000_000, extra in 0u64..100_000_000, target in 1u32..2_000_000) {
        let e = engine("0", None);
        let at = |fen: u64| {
            let out = e
                .evaluate_value(&json!({ "people": people(&[(fen, target, true, false)]) }), &EvaluateOptions::default())
                .unwrap();
            dec(&line(&out["results"][0], "commission").unwrap()["amount"])
        };
        let (a, b) = (at(sales), at(sales + extra));
        prop_assert!(b >= a, "{sales} → {a}, +{extra} → {b}");
    }
}
