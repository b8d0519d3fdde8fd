//! Analysis: a scheme compared with itself is all zeros; a funnel's stage conversions
//! multiply to its overall conversion.

use super::config;
use jixiao::analysis::{funnel, FunnelInput};
use jixiao::{Engine, Locale};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

fn scheme() -> Engine {
    Engine::from_value(&json!({
        "fields": { "id": "工号", "group": "团队" },
        "indicators": [
            { "key": "q", "weight": 60, "actual": { "field": "q" }, "target": { "field": "t" }, "scoring": { "type": "linear", "cap": "1.2" } },
            { "key": "r", "weight": 40, "actual": { "field": "r" }, "scoring": { "type": "direct" } }],
        "grades": { "type": "bands", "bands": [{ "grade": "A", "min": 90 }, { "grade": "B", "min": 70 }, { "grade": "C", "min": 0 }] },
        "ranking": { "groupBy": "group" },
        "incentives": { "bonus": [{ "key": "g", "base": { "field": "基数" }, "coefficients": { "A": "1.5", "B": 1, "C": "0.5" } }] }
    }))
    .unwrap()
}

/// A person's row: any actual, target (0 included), score, base; sometimes an unreadable cell.
fn row_strategy() -> impl Strategy<Value = serde_json::Value> {
    (0u32..2000, 0u32..2000, 0u32..101, 0u32..100_000, 0u8..10, 0u8..3).prop_map(|(q, t, r, base, bad, team)| {
        json!({ "工号": format!("E{q}-{t}"), "团队": format!("T{team}"), "q": q, "t": t,
                "r": if bad == 0 { json!("abc") } else { json!(r) }, "基数": base })
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_scheme_compared_with_itself_is_all_zeros(people in prop::collection::vec(row_strategy(), 1..30)) {
        let e = scheme();
        let rows: Vec<String> = people.iter().map(|p| p.to_string()).collect();
        let c = e.compare(&e, &Default::default(), &rows.join("\n"), &Default::default()).unwrap();
        prop_assert_eq!(c.people.len(), people.len());
        for p in &c.people {
            prop_assert_eq!(p.a.clone(), p.b.clone());
            prop_assert!(p.delta.total.is_none_or(|d| d.0.is_zero()));
            prop_assert!(p.delta.rank.is_none_or(|d| d == 0));
            prop_assert!(p.delta.payout.is_none_or(|d| d.0.is_zero()));
            prop_assert!(!p.delta.grade_changed);
        }
        let s = &c.summary;
        prop_assert_eq!((s.higher, s.lower), (0, 0));
        prop_assert!(s.payout.delta.0.is_zero());
        prop_assert!(s.groups.values().all(|g| g.delta.0.is_zero() && g.a == g.b));
        for (from, row) in &s.migration {
            for (to, n) in row {
                prop_assert!(from == to || *n == 0, "{} → {}: {}", from, to, n);
            }
        }
        prop_assert_eq!(s.migration.values().flat_map(|r| r.values()).sum::<usize>(), s.both);
    }

    #[test]
    fn stage_conversions_multiply_to_the_overall_rate(counts in prop::collection::vec(prop::collection::vec(1u64..1_000_000, 4), 1..10)) {
        let people: Vec<_> = counts.iter().map(|c| json!({ "a": c[0], "b": c[1], "c": c[2], "d": c[3] })).collect();
        let input: FunnelInput = serde_json::from_value(json!({ "people": people, "stages": ["a", "b", "c", "d"], "places": 28 })).unwrap();
        let out = funnel(input, Locale::En).unwrap();
        let rates = out.people.iter().map(|p| p.rates.clone().unwrap()).chain([out.overall]);
        for r in rates {
            let product = r.steps.iter().fold(Decimal::ONE, |acc, s| acc * s.rate.unwrap().0);
            let overall = r.overall.rate.unwrap().0;
            // each rate carries at most 28 places: the product agrees to far better than 1e-20 of it
            let tolerance = overall.max(Decimal::ONE) * Decimal::new(1, 20);
            prop_assert!((product - overall).abs() <= tolerance, "{} vs {}", product, overall);
        }
    }
}
