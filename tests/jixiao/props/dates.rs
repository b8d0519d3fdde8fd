//! Date property tests (proptest): on random dates of 1999–2031 and random holiday and
//! make-up workday lists, `DAYS`, `DATEDIF` ("D", "M", "Y") and `NETWORKDAYS` agree with a
//! reference written here that walks the calendar one day at a time (its own month
//! lengths, Sakamoto's weekday formula), and swapping the ends of `NETWORKDAYS` negates it (unless they are one day).

use jixiao::dates::{Date, WorkCalendar};
use jixiao::formula::{FormulaContext, FormulaValue};
use jixiao::parse_formula;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

type Ymd = (i32, u32, u32);

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_days(y: i32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn next((y, m, d): Ymd) -> Ymd {
    if d < month_days(y, m) {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// 0 = Sunday … 6 = Saturday (Sakamoto).
fn weekday((y, m, d): Ymd) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    ((y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32) % 7) as u32
}

/// Whole months from `a` to `b` (`a` ≤ `b`): the largest k with (a's year and month + k,
/// a's day) ≤ b, as tuples.
fn whole_months(a: Ymd, b: Ymd) -> i64 {
    let mut k = 0;
    loop {
        let idx = a.0 * 12 + a.1 as i32 - 1 + k + 1;
        if (idx / 12, (idx % 12) as u32 + 1, a.2) <= b {
            k += 1;
        } else {
            return k as i64;
        }
    }
}

fn whole_years(a: Ymd, b: Ymd) -> i64 {
    let mut k = 0;
    while (a.0 + k + 1, a.1, a.2) <= b {
        k += 1;
    }
    k as i64
}

fn text((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn date((y, m, d): Ymd) -> Date {
    Date::new(y, m, d).unwrap()
}

fn eval(ctx: &FormulaContext, src: &str, a: Ymd, b: Ymd) -> Decimal {
    let f = parse_formula(src).unwrap();
    let mut resolve = |name: &str| Ok(FormulaValue::Text(text(if name == "甲" { a } else { b })));
    match f.eval_in(ctx, &mut resolve) {
        Ok(FormulaValue::Number(n)) => n,
        other => panic!("{src} on {a:?}, {b:?}: {other:?}"),
    }
}

fn start_strategy() -> impl Strategy<Value = Ymd> {
    (1999i32..=2028, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| (y, m, d.min(month_days(y, m))))
}

proptest! {
    #![proptest_config(super::config(300))]

    #[test]
    fn day_counts_agree_with_a_day_by_day_walk(
        a in start_strategy(),
        span in 0usize..1200,
        off in proptest::collection::vec(0usize..1200, 0..30),
        on in proptest::collection::vec(0usize..1200, 0..10),
    ) {
        let mut days = vec![a];
        for _ in 0..span {
            days.push(next(*days.last().unwrap()));
        }
        let b = *days.last().unwrap();
        let holidays: BTreeSet<Ymd> = off.iter().filter_map(|i| days.get(*i).copied()).collect();
        let workdays: BTreeSet<Ymd> = on.iter().filter_map(|i| days.get(*i).copied()).collect();
        let worked = days
            .iter()
            .filter(|d| workdays.contains(d) || ((1..=5).contains(&weekday(**d)) && !holidays.contains(d)))
            .count() as i64;
        let ctx = FormulaContext {
            calendar: WorkCalendar::new(holidays.iter().map(|d| date(*d)), workdays.iter().map(|d| date(*d))),
            ..FormulaContext::default()
        };
        let n = |v: i64| Decimal::from(v);
        prop_assert_eq!(eval(&ctx, "DAYS(乙, 甲)", a, b), n(span as i64));
        prop_assert_eq!(eval(&ctx, "乙 - 甲", a, b), n(span as i64));
        prop_assert_eq!(eval(&ctx, "DATEDIF(甲, 乙, \"D\")", a, b), n(span as i64));
        prop_assert_eq!(eval(&ctx, "DATEDIF(甲, 乙, \"M\")", a, b), n(whole_months(a, b)));
        prop_assert_eq!(eval(&ctx, "DATEDIF(甲, 乙, \"Y\")", a, b), n(whole_years(a, b)));
        prop_assert_eq!(eval(&ctx, "NETWORKDAYS(甲, 乙)", a, b), n(worked));
        // swapped ends count negative, except on one day (both ends the same)
        let swapped = if span == 0 { worked } else { -worked };
        prop_assert_eq!(eval(&ctx, "NETWORKDAYS(乙, 甲)", a, b), n(swapped));
    }
}
