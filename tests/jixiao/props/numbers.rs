//! Number properties (proptest): exact largest-remainder splits, number text round trips
//! (grouped, full-width, units and percent, never a panic) and rounding in every mode.

use super::{config, mode_strategy};
use crate::common::d;
use jixiao::{
    numbers::format_grouped, numbers::format_plain, numbers::parse_number_text, numbers::round,
    numbers::split_largest_remainder, numbers::RoundingMode,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal with up to 15 significant digits and 0‥`max_scale` places.
fn decimal(max_scale: u32) -> impl Strategy<Value = Decimal> {
    (-999_999_999_999_999i64..=999_999_999_999_999i64, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

fn unit_strategy() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(d("0.01")),
        Just(d("1")),
        Just(d("10")),
        Just(d("0.5")),
        Just(d("100")),
        Just(d("0.001"))
    ]
}

fn weights_strategy() -> impl Strategy<Value = Vec<Decimal>> {
    prop::collection::vec((0i64..100_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)), 1..12)
        .prop_filter("a positive sum", |w| w.iter().any(|x| !x.is_zero()))
}

// ---------------------------------------------------------------- splits

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn split_sums_exactly_and_stays_within_a_unit(
        units in -10_000_000i64..10_000_000,
        unit in unit_strategy(),
        weights in weights_strategy(),
    ) {
        let total = Decimal::from(units) * unit;
        let parts = split_largest_remainder(total, &weights, unit).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        let sum: Decimal = parts.iter().copied().sum();
        prop_assert_eq!(sum, total);
        let wsum: Decimal = weights.iter().copied().sum();
        for (p, w) in parts.iter().zip(&weights) {
            prop_assert!((*p % unit).is_zero(), "part {} is not a multiple of {}", p, unit);
            let share = total * *w / wsum;
            prop_assert!((*p - share).abs() < unit, "part {} vs exact share {} (unit {})", p, share, unit);
            // every part has the sign of the total (or is zero)
            prop_assert!(p.is_zero() || p.is_sign_negative() == total.is_sign_negative());
        }
    }

    #[test]
    fn split_of_any_total_sums_exactly(
        total in decimal(6),
        unit in unit_strategy(),
        weights in weights_strategy(),
    ) {
        let parts = split_largest_remainder(total, &weights, unit).unwrap();
        let sum: Decimal = parts.iter().copied().sum();
        prop_assert_eq!(sum, total);
    }

    #[test]
    fn split_ties_go_to_the_earlier_part(n in 2usize..9, units in 1i64..1000) {
        // equal weights: the leftover units go to the first parts
        let unit = d("0.01");
        let total = Decimal::from(units) * unit;
        let parts = split_largest_remainder(total, &vec![Decimal::ONE; n], unit).unwrap();
        for w in parts.windows(2) {
            prop_assert!(w[0] >= w[1], "{:?}", parts);
        }
        prop_assert!(parts[0] - parts[n - 1] <= unit);
    }
}

// ---------------------------------------------------------------- number texts

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
            '.' => '．',
            ',' => '，',
            '%' => '％',
            other => other,
        })
        .collect()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn parse_round_trips_grouped_text(x in decimal(4)) {
        let text = format_grouped(x, x.scale(), RoundingMode::HalfUp);
        prop_assert_eq!(parse_number_text(&text).unwrap(), Some(x), "{}", text);
        // with a currency mark, white space and full-width digits
        prop_assert_eq!(parse_number_text(&format!(" ¥{text} ")).unwrap(), Some(x), "¥{}", text);
        prop_assert_eq!(parse_number_text(&format!("{text}元")).unwrap(), Some(x), "{}元", text);
        let fw = full_width(&text);
        prop_assert_eq!(parse_number_text(&fw).unwrap(), Some(x), "{}", fw);
        // plain text too
        prop_assert_eq!(parse_number_text(&x.to_string()).unwrap(), Some(x));
    }

    #[test]
    fn parse_round_trips_units_and_percent(x in decimal(6)) {
        let plain = format_plain(x);
        prop_assert_eq!(parse_number_text(&format!("{plain}万")).unwrap(), Some(x * Decimal::from(10_000)), "{}万", plain);
        prop_assert_eq!(parse_number_text(&format!("{plain}萬")).unwrap(), Some(x * Decimal::from(10_000)));
        prop_assert_eq!(parse_number_text(&format!("{plain}千")).unwrap(), Some(x * Decimal::from(1_000)));
        prop_assert_eq!(parse_number_text(&format!("{plain}%")).unwrap(), Some(x / Decimal::ONE_HUNDRED), "{}%", plain);
        prop_assert_eq!(parse_number_text(&full_width(&format!("{plain}%"))).unwrap(), Some(x / Decimal::ONE_HUNDRED));
        let grouped = format_grouped(x, x.scale(), RoundingMode::HalfUp);
        prop_assert_eq!(parse_number_text(&format!("{grouped}万")).unwrap(), Some(x * Decimal::from(10_000)), "{}万", grouped);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,40}") {
        let _ = parse_number_text(&s);
    }

    #[test]
    fn parse_never_panics_on_numberish_text(s in "[-+ ¥$€元万亿千%％0-9０-９.,，e]{0,30}") {
        let _ = parse_number_text(&s);
    }
}

// ---------------------------------------------------------------- rounding

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn rounding_sets_the_scale_and_stays_within_one_unit(x in decimal(12), places in 0u32..9, mode in mode_strategy()) {
        let r = round(x, places, mode);
        prop_assert_eq!(r.scale(), places);
        let ulp = Decimal::new(1, places);
        prop_assert!((r - x).abs() < ulp, "{} → {} ({:?}, {})", x, r, mode, places);
        match mode {
            RoundingMode::Down => prop_assert!(r.abs() <= x.abs()),
            RoundingMode::Up => prop_assert!(r.abs() >= x.abs()),
            _ => prop_assert!((r - x).abs() * Decimal::TWO <= ulp),
        }
        // rounding an already rounded figure changes nothing
        prop_assert_eq!(round(r, places, mode), r);
    }

    #[test]
    fn half_even_and_half_up_differ_only_at_midpoints(x in decimal(10), places in 0u32..6) {
        let up = round(x, places, RoundingMode::HalfUp);
        let even = round(x, places, RoundingMode::HalfEven);
        let scaled = x * Decimal::from(10i64.pow(places));
        let midpoint = scaled.fract().abs() == d("0.5");
        if up != even {
            prop_assert!(midpoint, "{} differs at {} places but is no midpoint", x, places);
            prop_assert_eq!((up - even).abs(), Decimal::new(1, places));
        }
        if midpoint {
            // half_even lands on an even last digit
            let last = (even * Decimal::from(10i64.pow(places))).trunc() % Decimal::TWO;
            prop_assert!(last.is_zero(), "{} → {}", x, even);
        }
    }
}
