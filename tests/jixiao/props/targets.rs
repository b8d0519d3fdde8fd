//! Property tests for target decomposition: the parts sum exactly to the (uplifted)
//! total; every part is a multiple of the unit except locked parts and at most one part
//! holding the total's remainder below one unit; bounds are never violated; the only
//! failure random valid-looking input may meet is a bound that cannot be met.

use super::{config, target_unit_strategy};
use crate::common::dec;
use jixiao::{json::decompose_json, numbers::split_largest_remainder, ErrorCode};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct Case {
    total: Decimal,
    uplift: Option<Decimal>,
    unit: Decimal,
    weights: Vec<u32>,
    min: Vec<Option<u32>>,
    max: Vec<Option<u32>>,
    locked: Vec<Option<u32>>,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (1usize..10).prop_flat_map(|n| {
        (
            (1i64..10_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            prop::option::of((0i64..300).prop_map(|p| Decimal::new(p, 3))),
            target_unit_strategy(),
            prop::collection::vec(0u32..1000, n),
            prop::collection::vec(prop::option::weighted(0.2, 0u32..2_000_000), n),
            prop::collection::vec(prop::option::weighted(0.2, 0u32..5_000_000), n),
            prop::collection::vec(prop::option::weighted(0.15, 0u32..1_000_000), n),
        )
            .prop_map(|(total, uplift, unit, weights, min, max, locked)| Case {
                total,
                uplift,
                unit,
                weights,
                min,
                max,
                locked,
            })
    })
}

fn input(c: &Case) -> Value {
    let parts: Vec<Value> = (0..c.weights.len())
        .map(|i| {
            let mut p = json!({ "key": format!("P{i}"), "weight": c.weights[i] });
            if let Some(v) = c.min[i] {
                p["min"] = json!(v);
            }
            if let Some(v) = c.max[i] {
                p["max"] = json!(v);
            }
            if let Some(v) = c.locked[i] {
                p["locked"] = json!(v);
            }
            p
        })
        .collect();
    let mut v =
        json!({ "total": c.total.to_string(), "unit": c.unit.to_string(), "method": "weights", "parts": parts });
    if let Some(u) = c.uplift {
        v["uplift"] = json!(u.to_string());
    }
    v
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn parts_sum_to_the_total_are_whole_units_and_respect_bounds(c in case_strategy()) {
        let total = match c.uplift {
            Some(u) => c.total * (Decimal::ONE + u),
            None => c.total,
        };
        match decompose_json(&input(&c).to_string()) {
            Ok(out) => {
                let out: Value = serde_json::from_str(&out).unwrap();
                prop_assert_eq!(dec(&out["total"]), total);
                let parts = out["parts"].as_array().unwrap();
                prop_assert_eq!(parts.len(), c.weights.len());
                let values: Vec<Decimal> = parts.iter().map(|p| dec(&p["value"])).collect();
                prop_assert_eq!(values.iter().copied().sum::<Decimal>(), total);
                let mut off_unit = 0;
                for (i, v) in values.iter().enumerate() {
                    if let Some(l) = c.locked[i] {
                        prop_assert_eq!(*v, Decimal::from(l));
                        continue;
                    }
                    prop_assert!(!v.is_sign_negative() || v.is_zero(), "negative part {}", v);
                    if !(*v % c.unit).is_zero() {
                        off_unit += 1;
                    }
                    if let Some(m) = c.min[i] {
                        prop_assert!(*v >= Decimal::from(m), "P{} = {} below min {}", i, v, m);
                    }
                    if let Some(m) = c.max[i] {
                        prop_assert!(*v <= Decimal::from(m), "P{} = {} above max {}", i, v, m);
                    }
                }
                // the remainder below one unit (of the total, or left by locked values) sits in one part
                prop_assert!(off_unit <= 1, "{} parts are not multiples of {}", off_unit, c.unit);
            }
            Err(e) => {
                // random bounds, locks and weights may be unsatisfiable; that is the only failure allowed
                prop_assert!(
                    matches!(e.code, ErrorCode::InvalidSetting),
                    "unexpected {:?} at {}: {}", e.code, e.path, e.messages.en
                );
                // with no locks and positive weights, bounds that leave room must be met
                let ceil = |m: u32| (Decimal::from(m) / c.unit).ceil() * c.unit;
                let floor = |m: u32| (Decimal::from(m) / c.unit).floor() * c.unit;
                let lo: Vec<Decimal> = c.min.iter().map(|m| m.map_or(Decimal::ZERO, ceil)).collect();
                let hi: Vec<Option<Decimal>> = c.max.iter().map(|m| m.map(floor)).collect();
                let pairs_ok = lo.iter().zip(&hi).all(|(l, h)| h.is_none_or(|h| *l <= h));
                let lo_ok = lo.iter().copied().sum::<Decimal>() <= total;
                let hi_ok = hi.iter().any(Option::is_none) || hi.iter().flatten().copied().sum::<Decimal>() >= total;
                let simple = c.locked.iter().all(Option::is_none) && c.weights.iter().all(|w| *w > 0);
                prop_assert!(
                    !(simple && pairs_ok && lo_ok && hi_ok && total >= c.unit),
                    "feasible bounds refused: {}", e.messages.en
                );
            }
        }
    }

    /// Without bounds or locks, a decomposition of a whole number of units is exactly the
    /// crate's largest-remainder split.
    #[test]
    fn plain_weights_match_split_largest_remainder(
        units in 1i64..1_000_000_000,
        unit in target_unit_strategy(),
        weights in prop::collection::vec(0u32..1000, 1..15),
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let total = Decimal::from(units) * unit;
        let parts: Vec<Value> = weights.iter().enumerate().map(|(i, w)| json!({ "key": format!("P{i}"), "weight": w })).collect();
        let out = decompose_json(&json!({ "total": total.to_string(), "unit": unit.to_string(), "method": "weights", "parts": parts }).to_string()).unwrap();
        let out: Value = serde_json::from_str(&out).unwrap();
        let got: Vec<Decimal> = out["parts"].as_array().unwrap().iter().map(|p| dec(&p["value"])).collect();
        let ws: Vec<Decimal> = weights.iter().map(|w| Decimal::from(*w)).collect();
        prop_assert_eq!(got, split_largest_remainder(total, &ws, unit).unwrap());
    }

    /// Calendars: every (fiscal) year and period kind covers the year with whole units.
    #[test]
    fn calendars_cover_the_year(
        year in 1990i32..2100,
        by in prop_oneof![Just("quarter"), Just("month"), Just("week"), Just("natural_week")],
        fs in 1u32..=12,
        units in 1000i64..100_000_000,
    ) {
        let out = decompose_json(&json!({ "total": units, "unit": 1, "calendar": { "year": year, "by": by, "fiscalYearStart": fs } }).to_string()).unwrap();
        let out: Value = serde_json::from_str(&out).unwrap();
        let parts = out["parts"].as_array().unwrap();
        let sum: Decimal = parts.iter().map(|p| dec(&p["value"])).sum();
        prop_assert_eq!(sum, Decimal::from(units));
        // consecutive periods: each starts the day after the previous ends (weeks too)
        let days: Vec<(jixiao::dates::Date, jixiao::dates::Date)> = parts.iter().map(|p| (
            jixiao::dates::Date::parse(p["start"].as_str().unwrap()).unwrap(),
            jixiao::dates::Date::parse(p["end"].as_str().unwrap()).unwrap(),
        )).collect();
        for pair in days.windows(2) {
            prop_assert!(pair[0].1 < pair[1].0);
            prop_assert!(pair[0].0 <= pair[0].1);
        }
        let expected_len = match by { "quarter" => Some(4), "month" => Some(12), _ => None };
        if let Some(n) = expected_len {
            prop_assert_eq!(parts.len(), n);
        } else if by == "week" {
            prop_assert!(parts.len() == 52 || parts.len() == 53);
        }
    }
}

/// Guards the first property's strength: most random cases must decompose, not fail on bounds.
#[test]
fn most_random_cases_decompose() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case_strategy();
    let (mut ok, mut bounded, mut locked) = (0, 0, 0);
    for _ in 0..1000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        if let Ok(out) = decompose_json(&input(&c).to_string()) {
            ok += 1;
            if out.contains("\"bound\"") {
                bounded += 1;
            }
            if out.contains("\"locked\":true") {
                locked += 1;
            }
        }
    }
    eprintln!("ok {ok}/1000, with a bound hit {bounded}, with a locked part {locked}");
    assert!(ok >= 300, "only {ok} of 1000 random cases decomposed");
    assert!(bounded >= 50, "only {bounded} cases hit a bound");
    assert!(locked >= 50, "only {locked} cases had a locked part");
}

proptest! {
    #![proptest_config(config(1000))]

    /// Replan: closed parts keep their actuals, no target is negative, and the new targets
    /// sum exactly to the total (or to the closed actuals, when those exceed it).
    #[test]
    fn replan_sums_and_never_goes_negative(
        total in 0i64..10_000_000,
        unit in target_unit_strategy(),
        parts in prop::collection::vec((0u32..1_000_000, prop::option::of(0u32..3_000_000), any::<bool>()), 1..10),
    ) {
        prop_assume!(parts.iter().any(|p| !p.2));
        let input: Vec<Value> = parts.iter().enumerate().map(|(i, (t, a, c))| {
            let mut p = json!({ "key": format!("P{i}"), "target": t, "closed": *c && a.is_some() });
            if let Some(a) = a { p["actual"] = json!(a); }
            p
        }).collect();
        let out = jixiao::json::replan_json(&json!({ "total": total, "unit": unit.to_string(), "parts": input }).to_string()).unwrap();
        let out: Value = serde_json::from_str(&out).unwrap();
        let news: Vec<Decimal> = out["parts"].as_array().unwrap().iter().map(|p| dec(&p["target"])).collect();
        prop_assert!(news.iter().all(|v| !v.is_sign_negative() || v.is_zero()));
        let closed_actual: Decimal = parts.iter().filter(|p| p.2 && p.1.is_some()).map(|p| Decimal::from(p.1.unwrap())).sum();
        let total = Decimal::from(total);
        let open_any = parts.iter().any(|p| !(p.2 && p.1.is_some()));
        let want = if open_any { total.max(closed_actual) } else { closed_actual };
        prop_assert_eq!(news.iter().copied().sum::<Decimal>(), want);
        for (i, p) in parts.iter().enumerate() {
            if p.2 && p.1.is_some() {
                prop_assert_eq!(news[i], Decimal::from(p.1.unwrap()));
            }
        }
    }
}
