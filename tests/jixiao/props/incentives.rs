//! Property tests for incentives (proptest): marginal commissions are continuous and,
//! with non-negative rates, never decrease as the base grows; allocations sum exactly to
//! the amount, never exceed a cap and are multiples of the unit; award shares never add up
//! to more than the places; year-to-date true-ups telescope to the commission on the
//! year's total base; the JSON entries never panic on hostile numbers.

use super::{config, mode_strategy};
use jixiao::{
    incentives::allocate, incentives::award_places, incentives::compute_commission, incentives::true_up,
    incentives::TierTable, json::allocate_json, json::commission_json, numbers::split_largest_remainder,
    numbers::RoundingMode, scheme::AwardTies, scheme::CommissionMode, scheme::Num, scheme::On, scheme::Tier,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A tier table: 1–6 tiers with strictly increasing starts (value tiers may start below 0),
/// rates in [min_rate, 0.2] with up to 4 places, an optional cap.
fn table_strategy(min_rate: i64, on: On) -> impl Strategy<Value = TierTable> {
    (1usize..7).prop_flat_map(move |n| {
        let start = match on {
            On::Value => (-100_000i64..500_000).boxed(),
            On::Achievement => (0i64..150).boxed(),
        };
        (
            start,
            prop::collection::vec(1i64..1_000_000, n),
            prop::collection::vec(min_rate..2_000, n),
            prop::option::weighted(0.3, 0i64..10_000_000),
            prop_oneof![Just(CommissionMode::Marginal), Just(CommissionMode::Whole)],
        )
            .prop_map(move |(start, steps, rates, cap, mode)| {
                let mut from = start;
                let tiers = steps
                    .iter()
                    .zip(&rates)
                    .enumerate()
                    .map(|(i, (step, rate))| {
                        if i > 0 {
                            from += match on {
                                On::Value => *step,
                                On::Achievement => 1 + step % 60,
                            };
                        }
                        let f = match on {
                            On::Value => Decimal::new(from, 0),
                            On::Achievement => Decimal::new(from, 2),
                        };
                        Tier {
                            from: Num(f),
                            rate: Num(Decimal::new(*rate, 4)),
                            label: None,
                        }
                    })
                    .collect();
                TierTable {
                    tiers,
                    mode,
                    on: jixiao::scheme::TierOn::Basis(on),
                    cap: cap.map(|c| Num(Decimal::new(c, 2))),
                }
            })
    })
}

fn marginal(mut t: TierTable) -> TierTable {
    t.mode = CommissionMode::Marginal;
    t
}

fn base_strategy() -> impl Strategy<Value = Decimal> {
    (-300_000_000i64..300_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s))
}

fn target_strategy() -> impl Strategy<Value = Decimal> {
    (1i64..100_000_000).prop_map(|m| Decimal::new(m, 1))
}

fn commission(t: &TierTable, base: Decimal, target: Option<Decimal>, places: u32, mode: RoundingMode) -> Decimal {
    compute_commission(t, base, target, places, mode).unwrap().amount
}

proptest! {
    #![proptest_config(config(400))]

    /// |C(b + ε) − C(b)| ≤ max |rate| × ε + the rounding of each slice on both sides.
    #[test]
    fn marginal_payouts_are_continuous(
        t in table_strategy(-2_000, On::Value).prop_map(marginal),
        b in base_strategy(),
        eps in (1i64..100_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        places in 0u32..4,
        mode in mode_strategy(),
    ) {
        let c0 = commission(&t, b, None, places, mode);
        let c1 = commission(&t, b + eps, None, places, mode);
        let max_rate = t.tiers.iter().map(|x| x.rate.0.abs()).max().unwrap();
        let unit = Decimal::new(1, places);
        let slices = Decimal::from(t.tiers.len() as u64);
        let bound = max_rate * eps + Decimal::TWO * slices * unit;
        prop_assert!((c1 - c0).abs() <= bound, "C({b}) = {c0}, C({}) = {c1}, bound {bound}", b + eps);
    }

    /// The same on achievement tiers: boundaries target × from.
    #[test]
    fn marginal_payouts_on_achievement_are_continuous(
        t in table_strategy(-2_000, On::Achievement).prop_map(marginal),
        target in target_strategy(),
        b in base_strategy(),
        eps in (1i64..100_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        mode in mode_strategy(),
    ) {
        let c0 = commission(&t, b, Some(target), 2, mode);
        let c1 = commission(&t, b + eps, Some(target), 2, mode);
        let max_rate = t.tiers.iter().map(|x| x.rate.0.abs()).max().unwrap();
        let slices = Decimal::from(t.tiers.len() as u64);
        let bound = max_rate * eps + Decimal::TWO * slices * Decimal::new(1, 2);
        prop_assert!((c1 - c0).abs() <= bound, "C({b}) = {c0}, C({}) = {c1}", b + eps);
    }

    /// With non-negative rates a larger base never pays less (both modes, negative bases and caps included).
    #[test]
    fn payouts_never_decrease_with_non_negative_rates(
        t in table_strategy(0, On::Value),
        a in base_strategy(),
        b in base_strategy(),
        places in 0u32..4,
        mode in mode_strategy(),
    ) {
        // whole mode jumps but never down when rates do not fall
        let mut t = t;
        if t.mode == CommissionMode::Whole {
            let mut rates: Vec<Decimal> = t.tiers.iter().map(|x| x.rate.0).collect();
            rates.sort();
            for (x, r) in t.tiers.iter_mut().zip(rates) {
                x.rate = Num(r);
            }
        }
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (cl, ch) = (commission(&t, lo, None, places, mode), commission(&t, hi, None, places, mode));
        prop_assert!(cl <= ch, "C({lo}) = {cl} > C({hi}) = {ch}");
    }

    /// What is shown adds up: the amount is the sum of the slices' rounded pays (capped).
    #[test]
    fn amount_is_the_sum_of_rounded_slices(
        t in table_strategy(-2_000, On::Value),
        b in base_strategy(),
        places in 0u32..4,
        mode in mode_strategy(),
    ) {
        let br = compute_commission(&t, b, None, places, mode).unwrap();
        let sum: Decimal = br.slices.iter().map(|s| s.pay).sum();
        prop_assert_eq!(sum, br.uncapped);
        prop_assert_eq!(br.amount, match br.cap { Some(c) if br.uncapped > c => c, _ => br.uncapped });
        prop_assert_eq!(br.amount.scale(), places);
        if b < Decimal::ZERO {
            prop_assert!(br.negative_base && br.slices.len() <= 1);
        }
    }

    /// Σ true-ups over 12 months (some bases negative) = the commission on the year's total base.
    #[test]
    fn ytd_true_ups_telescope(
        t in table_strategy(-500, On::Value),
        months in prop::collection::vec((-200_000_000i64..400_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)), 12),
        places in 0u32..4,
        mode in mode_strategy(),
    ) {
        let mut ytd = Decimal::ZERO;
        let mut paid = Decimal::ZERO;
        for m in &months {
            ytd += *m;
            let b = compute_commission(&t, ytd, None, places, mode).unwrap();
            paid += true_up(&b, paid).unwrap();
        }
        let year: Decimal = months.iter().copied().sum();
        prop_assert_eq!(paid, commission(&t, year, None, places, mode));
    }
}

fn unit_strategy() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(1, 2)),
        Just(Decimal::new(1, 0)),
        Just(Decimal::new(5, 1)),
        Just(Decimal::new(100, 0)),
        Just(Decimal::new(25, 3)),
    ]
}

#[derive(Debug, Clone)]
struct Pool {
    amount: Decimal,
    unit: Decimal,
    weights: Vec<Decimal>,
    caps: Vec<Option<Decimal>>,
}

fn pool_strategy() -> impl Strategy<Value = Pool> {
    (1usize..12).prop_flat_map(|n| {
        (
            0i64..50_000_000,
            unit_strategy(),
            prop::collection::vec(prop_oneof![1 => Just(0i64), 6 => 0i64..100_000], n),
            0u32..3,
            prop::option::of(prop::collection::vec(prop::option::weighted(0.6, 0i64..3_000_000), n)),
            0usize..n,
        )
            .prop_map(|(units, unit, w, wscale, caps, positive)| {
                let mut weights: Vec<Decimal> = w.iter().map(|x| Decimal::new(*x, wscale)).collect();
                if weights.iter().all(|x| x.is_zero()) {
                    weights[positive] = Decimal::ONE;
                }
                Pool {
                    amount: Decimal::from(units) * unit,
                    unit,
                    weights,
                    caps: caps
                        .map(|c| c.iter().map(|x| x.map(|v| Decimal::new(v, 2))).collect())
                        .unwrap_or_default(),
                }
            })
    })
}

fn cap_total(p: &Pool) -> Option<Decimal> {
    // Σ of the floored caps of the people with a weight; None when one of them has no cap
    let mut total = Decimal::ZERO;
    for (i, w) in p.weights.iter().enumerate() {
        if w.is_zero() {
            continue;
        }
        let cap = p.caps.get(i).copied().flatten()?;
        total += (cap / p.unit).floor() * p.unit;
    }
    Some(total)
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn allocations_sum_respect_caps_and_units(p in pool_strategy()) {
        let a = allocate(p.amount, &p.weights, &p.caps, p.unit).unwrap();
        let given: Decimal = a.parts.iter().copied().sum();
        prop_assert_eq!(given + a.unallocated, p.amount);
        prop_assert!(a.unallocated >= Decimal::ZERO);
        match cap_total(&p) {
            None => prop_assert!(a.unallocated.is_zero()),
            Some(total) if total >= p.amount => prop_assert!(a.unallocated.is_zero()),
            Some(_) => {}
        }
        for (i, part) in a.parts.iter().enumerate() {
            prop_assert!(*part >= Decimal::ZERO);
            prop_assert!((*part % p.unit).is_zero(), "part {} = {} is not a multiple of {}", i, part, p.unit);
            if let Some(Some(cap)) = p.caps.get(i) {
                prop_assert!(part <= cap, "part {} = {} exceeds its cap {}", i, part, cap);
            }
            if p.weights[i].is_zero() {
                prop_assert!(part.is_zero());
            }
            if a.capped[i] {
                prop_assert_eq!(Some(*part), a.caps[i]);
            }
        }
        // without caps it is the plain largest-remainder split
        if p.caps.is_empty() {
            let plain = split_largest_remainder(p.amount, &p.weights, p.unit).unwrap();
            prop_assert_eq!(&a.parts, &plain);
            prop_assert_eq!(a.rounds, 1);
        }
    }

    #[test]
    fn award_shares_never_exceed_the_places(
        figures in prop::collection::vec(prop::option::weighted(0.85, 0i64..8), 0..20),
        top in 0u32..10,
        split in any::<bool>(),
    ) {
        let f: Vec<Option<Decimal>> = figures.iter().map(|x| x.map(Decimal::from)).collect();
        let ties = if split { AwardTies::Split } else { AwardTies::Include };
        let places = award_places(&f, top, ties);
        prop_assert_eq!(places.len(), f.len());
        let present = f.iter().filter(|x| x.is_some()).count() as u32;
        let total: Decimal = places.iter().flatten().map(|p| p.share).sum();
        for (i, p) in places.iter().enumerate() {
            if let Some(p) = p {
                prop_assert!(p.rank >= 1 && p.rank <= top);
                prop_assert!(f[i].is_some());
                // competition rank: 1 + how many are strictly better
                let better = f.iter().flatten().filter(|v| **v > f[i].unwrap()).count() as u32;
                prop_assert_eq!(p.rank, better + 1);
                prop_assert!(p.share > Decimal::ZERO && p.share <= Decimal::ONE);
            } else if let Some(v) = f[i] {
                let better = f.iter().flatten().filter(|x| **x > v).count() as u32;
                prop_assert!(better + 1 > top);
            }
        }
        if split {
            prop_assert!(total <= Decimal::from(top), "shares {total} > top {top}");
            // and nothing is lost beyond the cut of a third's last digits
            let want = Decimal::from(top.min(present));
            prop_assert!(want - total < Decimal::new(1, 18), "shares {total} < {want}");
        } else {
            prop_assert!(total >= Decimal::from(top.min(present)));
        }
    }

    /// The JSON entries answer every numeric input with a result or an error, never a panic.
    #[test]
    fn json_entries_never_panic(
        base in prop_oneof![
            Just("79228162514264337593543950335".to_string()),
            Just("-79228162514264337593543950335".to_string()),
            Just("0.0000000000000000000000000001".to_string()),
            (any::<i64>(), 0u32..29).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
        ],
        rate in prop_oneof![Just("1e20".to_string()), Just("-3".to_string()), Just("0.05".to_string())],
        from in prop_oneof![Just("0".to_string()), Just("1e27".to_string()), Just("-1e27".to_string())],
        whole in any::<bool>(),
        achievement in any::<bool>(),
        money in 0u32..14,
        unit in prop_oneof![Just("0.01"), Just("1e-28"), Just("1e27"), Just("7")],
    ) {
        let mode = if whole { "whole" } else { "marginal" };
        let on = if achievement { "achievement" } else { "value" };
        let input = serde_json::json!({
            "plan": { "mode": mode, "on": on, "cap": base, "tiers": [{ "from": from, "rate": rate }, { "from": "1e28", "rate": "0.1" }] },
            "base": base, "target": base, "paid": base, "rounding": { "money": money }
        });
        let _ = commission_json(&input.to_string());
        let input = serde_json::json!({ "amount": base, "weights": [base, rate, from], "caps": [base, null, rate], "unit": unit });
        let _ = allocate_json(&input.to_string());
    }
}
