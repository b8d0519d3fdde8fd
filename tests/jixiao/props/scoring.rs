//! Scoring properties (proptest): scoring monotonicity, "what is shown adds up", competition
//! ranks, exact quotients under every rounding mode, and evaluation that never panics on
//! random rows.

use super::{config, mode_strategy};
use crate::common::dec;
use jixiao::{numbers::round, numbers::RoundingMode, Engine, EvaluateInput, EvaluateOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn mode_name(m: RoundingMode) -> &'static str {
    match m {
        RoundingMode::HalfUp => "half_up",
        RoundingMode::HalfEven => "half_even",
        RoundingMode::Down => "down",
        RoundingMode::Up => "up",
    }
}

// ---------------------------------------------------------------- scoring monotonicity

fn rule_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "linear", "floor": "0.6", "cap": "1.2"})),
        Just(json!({"type": "linear"})),
        Just(json!({"type": "linear", "cap": "1.5", "full": 10})),
        Just(
            json!({"type": "bands", "bands": [{"min": "1.0", "score": 100}, {"min": "0.8", "score": 80}, {"min": "0.6", "score": 60}]})
        ),
        Just(json!({"type": "bands", "else": 5, "bands": [{"min": "0.6", "score": 60}, {"min": "1.0", "score": 100}]})),
        Just(json!({"type": "piecewise", "points": [["0.6", 0], ["1.0", 100], ["1.5", 120]]})),
        Just(json!({"type": "piecewise", "points": [[0, 10], ["0.3", 11], ["0.9", 77], [3, 300]]})),
    ]
}

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..300_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn monotone_scheme(rule: &Value, extra: Value, mode: RoundingMode) -> Value {
    let mut ind = json!({"key": "k", "weight": 70, "actual": {"field": "a"}, "target": {"field": "t"}, "scoring": rule, "onZero": "full"});
    for (k, v) in extra.as_object().unwrap() {
        ind[k] = v.clone();
    }
    json!({"rounding": {"mode": mode_name(mode)}, "indicators": [ind,
        {"key": "other", "weight": 30, "actual": {"field": "o"}, "scoring": {"type": "direct"}}]})
}

/// Evaluates rows with the given actuals (target 1,000,000, other 50) and returns (actual, score, total) sorted by actual.
fn scored(scheme: &Value, actuals: &[Decimal]) -> Vec<(Decimal, Decimal, Decimal)> {
    let engine = Engine::from_value(scheme).unwrap();
    let people: Vec<Value> = actuals
        .iter()
        .map(|a| json!({"a": a.to_string(), "t": 1_000_000, "o": 50}))
        .collect();
    let out = engine
        .evaluate_value(&json!({ "people": people }), &EvaluateOptions::default())
        .unwrap();
    let mut rows: Vec<(Decimal, Decimal, Decimal)> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(actuals)
        .map(|(r, a)| {
            assert_eq!(r["ok"], true, "{r}");
            (*a, dec(&r["indicators"][0]["score"]), dec(&r["total"]))
        })
        .collect();
    rows.sort_by_key(|x| x.0);
    rows
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn more_revenue_never_lowers_the_score(rule in rule_strategy(), mode in mode_strategy(), actuals in prop::collection::vec(money(), 2..12)) {
        let rows = scored(&monotone_scheme(&rule, json!({}), mode), &actuals);
        for w in rows.windows(2) {
            prop_assert!(w[0].1 <= w[1].1, "score {} at {} > {} at {} ({})", w[0].1, w[0].0, w[1].1, w[1].0, rule);
            prop_assert!(w[0].2 <= w[1].2, "total {} at {} > {} at {}", w[0].2, w[0].0, w[1].2, w[1].0);
        }
    }

    #[test]
    fn more_cost_never_raises_the_score(
        rule in rule_strategy(),
        mirror in any::<bool>(),
        mode in mode_strategy(),
        actuals in prop::collection::vec((1i64..300_000_000).prop_map(|c| Decimal::new(c, 2)), 2..12),
    ) {
        let reverse = if mirror { "mirror" } else { "ratio" };
        let rows = scored(&monotone_scheme(&rule, json!({"direction": "lower_better", "reverse": reverse}), mode), &actuals);
        for w in rows.windows(2) {
            prop_assert!(w[0].1 >= w[1].1, "score {} at cost {} < {} at cost {} ({} {})", w[0].1, w[0].0, w[1].1, w[1].0, reverse, rule);
            prop_assert!(w[0].2 >= w[1].2);
        }
    }
}

// ---------------------------------------------------------------- totals add up

fn score_text() -> impl Strategy<Value = Decimal> {
    (0i64..15_000_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s + 2))
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn total_is_the_clamped_sum_of_what_is_shown(
        mode in mode_strategy(),
        places in 0u32..4,
        w in (1i64..98, 1i64..98).prop_filter("three positive weights", |(a, b)| a + b < 100),
        scores in prop::collection::vec(score_text(), 3),
        adj in prop::collection::vec((-500i64..500).prop_map(|c| Decimal::new(c, 1)), 2),
        bounds in (prop::option::of(-50i64..50), prop::option::of(50i64..150)),
        per in (-300i64..300).prop_map(|c| Decimal::new(c, 2)),
    ) {
        let (w1, w2) = w;
        let w3 = 100 - w1 - w2;
        let mut scheme = json!({
            "rounding": {"mode": mode_name(mode), "score": places},
            "indicators": [
                {"key": "a", "weight": w1, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
                {"key": "b", "weight": w2, "actual": {"field": "b"}, "scoring": {"type": "direct", "scale": {"max": 5}}},
                {"key": "c", "weight": w3, "actual": {"field": "c"}, "scoring": {"type": "direct"}}],
            "adjustments": [
                {"key": "x", "per": per.to_string(), "min": -10, "max": 10, "value": {"field": "x"}},
                {"key": "y", "value": {"field": "y"}}]
        });
        if let Some(lo) = bounds.0 { scheme["totalMin"] = json!(lo); }
        if let Some(hi) = bounds.1 { scheme["totalMax"] = json!(hi); }
        let engine = Engine::from_value(&scheme).unwrap();
        let row = json!({"a": scores[0].to_string(), "b": (scores[1] / Decimal::from(20)).to_string(), "c": scores[2].to_string(),
            "x": adj[0].to_string(), "y": adj[1].to_string()});
        let out = engine.evaluate_value(&json!({"people": [row]}), &EvaluateOptions::default()).unwrap();
        let r = &out["results"][0];
        prop_assert_eq!(&r["ok"], &json!(true));
        let mut sum = Decimal::ZERO;
        for i in r["indicators"].as_array().unwrap() {
            let wd = dec(&i["weighted"]);
            prop_assert_eq!(wd.scale(), places);
            // weighted = round(shown score × weight / 100) with the scheme's places and mode
            sum += wd;
        }
        for a in r["adjustments"].as_array().unwrap() {
            let p = dec(&a["points"]);
            prop_assert_eq!(p.scale(), places);
            prop_assert!(p >= Decimal::from(-10) || a["key"] == "y");
            prop_assert!(p <= Decimal::from(10) || a["key"] == "y");
            sum += p;
        }
        let lo = Decimal::from(bounds.0.unwrap_or(0));
        let mut want = sum.max(lo);
        if let Some(hi) = bounds.1 {
            want = want.min(Decimal::from(hi));
        }
        let total = dec(&r["total"]);
        prop_assert_eq!(total.scale(), places);
        prop_assert_eq!(total, round(want, places, mode), "sum {} bounds {:?}", sum, bounds);
        // the weighted of a (weight w1, a direct score) recomputes from the shown score
        let a = &r["indicators"][0];
        let recomputed = round(dec(&a["score"]) * Decimal::from(w1) / Decimal::ONE_HUNDRED, places, mode);
        prop_assert_eq!(dec(&a["weighted"]), recomputed);
    }
}

// ---------------------------------------------------------------- competition ranks

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn competition_rank_is_one_plus_the_number_strictly_greater(scores in prop::collection::vec(0i64..12, 1..30)) {
        let scheme = json!({"indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}]});
        let people: Vec<Value> = scores.iter().map(|s| json!({"s": s * 5})).collect();
        let out = Engine::from_value(&scheme).unwrap().evaluate_value(&json!({"people": people}), &EvaluateOptions::default()).unwrap();
        let n = scores.len();
        for (i, r) in out["results"].as_array().unwrap().iter().enumerate() {
            let greater = scores.iter().filter(|s| **s > scores[i]).count();
            prop_assert_eq!(r["rank"].as_u64().unwrap() as usize, greater + 1);
            let tp = dec(&r["topPercent"]);
            prop_assert_eq!(tp, round(Decimal::from(greater as u64 + 1) / Decimal::from(n as u64), 4, RoundingMode::HalfUp));
        }
    }

    #[test]
    fn dense_and_ordinal_ranks(scores in prop::collection::vec(0i64..8, 1..25)) {
        for method in ["dense", "ordinal"] {
            let scheme = json!({"ranking": {"method": method}, "indicators": [{"key": "k", "weight": 100, "actual": {"field": "s"}, "scoring": {"type": "direct"}}]});
            let people: Vec<Value> = scores.iter().map(|s| json!({"s": s})).collect();
            let out = Engine::from_value(&scheme).unwrap().evaluate_value(&json!({"people": people}), &EvaluateOptions::default()).unwrap();
            for (i, r) in out["results"].as_array().unwrap().iter().enumerate() {
                let rank = r["rank"].as_u64().unwrap() as usize;
                let want = if method == "dense" {
                    let mut distinct: Vec<i64> = scores.iter().copied().filter(|s| *s > scores[i]).collect();
                    distinct.sort_unstable();
                    distinct.dedup();
                    distinct.len() + 1
                } else {
                    scores.iter().filter(|s| **s > scores[i]).count()
                        + scores[..i].iter().filter(|s| **s == scores[i]).count()
                        + 1
                };
                prop_assert_eq!(rank, want, "{} {:?} at {}", method, scores, i);
            }
        }
    }
}

// ---------------------------------------------------------------- never panics

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        (-1_000_000i64..1_000_000, 0u32..6).prop_map(|(m, s)| json!(Decimal::new(m, s).to_string())),
        "[-+ ¥$元万亿%0-9０-９.,，、e]{0,12}".prop_map(Value::String),
        "\\PC{0,20}".prop_map(Value::String),
        Just(json!({"\u{0}nonfinite": "NaN"})),
        Just(json!({"\u{0}nonfinite": "-Infinity"})),
        Just(json!("1e400")),
        Just(json!("99999999999999999999999999999999")),
        Just(json!("79228162514264337593543950335")),
        Just(json!("-79228162514264337593543950335")),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z名]{1,3}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const COLUMNS: [&str; 14] = [
    "工号", "姓名", "团队", "岗位", "a", "t", "c", "自评", "上级", "人", "x", "违规", "期", "状态",
];

fn row() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec((0usize..COLUMNS.len(), value()), 0..14).prop_map(|cells| {
            let mut m = serde_json::Map::new();
            for (c, v) in cells {
                m.insert(COLUMNS[c].to_string(), v);
            }
            Value::Object(m).to_string()
        }),
        1 => value().prop_map(|v| v.to_string()),
        1 => "\\PC{0,20}".prop_map(|s| format!("!{s}")),
        1 => "[{}\\[\\]\":,a-z0-9 ]{0,20}",
    ]
}

fn hostile_scheme() -> Value {
    json!({
        "fields": {"id": "工号", "name": "姓名", "group": "团队", "role": "岗位"},
        "raters": {"self": 30, "manager": 70},
        "categories": [{"key": "P", "weight": 60}, {"key": "Q", "weight": 40}],
        "indicators": [
            {"key": "rev", "category": "P", "weight": 30, "actual": {"field": "a"}, "target": {"field": "t"},
             "scoring": {"type": "linear", "floor": "0.5", "cap": "1.5"}, "missing": "zero", "onZero": "full"},
            {"key": "band", "category": "P", "weight": 30, "actual": {"field": "c"}, "target": {"field": "t"}, "direction": "lower_better",
             "scoring": {"type": "bands", "bands": [{"min": 1, "score": 100}, {"min": "0.5", "score": 50}]}, "missing": "exclude", "onZero": "zero"},
            {"key": "rate", "category": "Q", "weight": 20, "actual": {"raters": {"self": "自评", "manager": "上级"}},
             "scoring": {"type": "piecewise", "on": "value", "points": [[0, 0], [60, 60], [100, 100]]}, "missing": "exclude"},
            {"key": "who", "category": "Q", "weight": 10, "actual": {"field": "人.分"}, "scoring": {"type": "deduct", "per": -3}, "missing": "exclude"},
            {"key": "ok", "category": "Q", "weight": 10, "scoring": {"type": "pass_fail",
                "pass": {"any": [{"field": "状态", "op": "=", "value": "已签约"}, {"indicator": "rev", "of": "achievement", "op": ">=", "value": 1}]}}}
        ],
        "adjustments": [{"key": "adj", "per": -2, "min": -10, "value": {"field": "x"}}],
        "vetoes": [{"key": "v", "when": {"all": [{"field": "违规", "op": ">", "value": 0}, {"not": {"field": "状态", "op": "=", "value": true}}]}}],
        "grades": {"type": "bands", "bands": [{"grade": "A", "min": 80}, {"grade": "B", "min": 0}]},
        "ranking": {"tieBreakers": ["rev", "-期"], "groupBy": "group", "method": "dense"},
        "roles": {"经理": {"weights": {"rev": 20, "band": 40}}}
    })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn evaluate_never_panics_and_returns_one_result_per_row(
        lines in prop::collection::vec(row(), 0..12),
        explain in any::<bool>(),
        number in any::<bool>(),
    ) {
        let engine = Engine::from_value(&hostile_scheme()).unwrap();
        let text = lines.join("\n");
        let opts = EvaluateOptions { explain: explain.into(), locale: Some("en".into()), ..Default::default() };
        let out = engine.evaluate_rows(&EvaluateInput::default(), &text, &opts).unwrap();
        let n = if text.is_empty() { 0 } else { text.split('\n').count() };
        prop_assert_eq!(out.results.len(), n);
        let mut errors = 0;
        for (i, r) in out.results.iter().enumerate() {
            prop_assert_eq!(r.index, i);
            if r.ok {
                prop_assert!(r.total.is_some() && r.rank.is_some() && r.errors.is_empty());
            } else {
                prop_assert!(r.total.is_none() && r.rank.is_none() && r.grade.is_none());
                prop_assert!(!r.errors.is_empty(), "row {} failed without an error", i);
                for e in &r.errors {
                    prop_assert_eq!(e.row, Some(i));
                    prop_assert!(!e.messages.en.is_empty() && !e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty());
                }
            }
            errors += r.errors.len();
        }
        prop_assert_eq!(out.errors.len(), errors);
        prop_assert_eq!(out.summary.count, n);
        prop_assert_eq!(out.summary.ok + out.summary.failed, n);
        // the whole output serializes in both decimal forms
        let encoded = jixiao::json::evaluate_encoded(&engine, "{}", &text, if number { r#"{"decimals":"number"}"# } else { "" }).unwrap();
        let v: Value = serde_json::from_str(&encoded).unwrap();
        prop_assert_eq!(v["results"].as_array().unwrap().len(), n);
    }

    #[test]
    fn evaluate_value_and_evaluate_encoded_agree(rows in prop::collection::vec(prop::collection::vec((0usize..COLUMNS.len(), leaf()), 0..10), 0..8)) {
        let engine = Engine::from_value(&hostile_scheme()).unwrap();
        let people: Vec<Value> = rows
            .into_iter()
            .map(|cells| {
                let mut m = serde_json::Map::new();
                for (c, v) in cells {
                    m.insert(COLUMNS[c].to_string(), v);
                }
                Value::Object(m)
            })
            .collect();
        let by_value = engine.evaluate_value(&json!({"people": people}), &EvaluateOptions::default()).unwrap();
        let lines: Vec<String> = people.iter().map(Value::to_string).collect();
        let encoded = jixiao::json::evaluate_encoded(&engine, "{}", &lines.join("\n"), "{}").unwrap();
        let by_text: Value = serde_json::from_str(&encoded).unwrap();
        prop_assert_eq!(by_value, by_text);
    }
}

// ---------------------------------------------------------------- exact quotients under every rounding mode

fn one_indicator(mode: RoundingMode, indicator: Value, raters: Value) -> Engine {
    let mut ind = indicator;
    ind["key"] = json!("k");
    ind["weight"] = json!(100);
    Engine::from_value(&json!({"rounding": {"mode": mode_name(mode)}, "raters": raters, "indicators": [ind]})).unwrap()
}

fn score_of(engine: &Engine, row: Value) -> Decimal {
    let out = engine
        .evaluate_value(&json!({"people": [row]}), &EvaluateOptions::default())
        .unwrap();
    dec(&out["results"][0]["indicators"][0]["score"])
}

proptest! {
    #![proptest_config(config(128))]

    /// The reference divides once, at the end: the rounded score of the exact quotient.
    #[test]
    fn direct_scale_score_is_the_rounded_exact_quotient(
        mode in mode_strategy(), v in 0i64..1000, max in 1i64..40, full in prop_oneof![Just(100i64), Just(300), Just(10), Just(7)],
    ) {
        let e = one_indicator(mode, json!({"actual": {"field": "v"}, "scoring": {"type": "direct", "scale": {"max": max}, "full": full}}), json!({}));
        let want = round(Decimal::from(v * full) / Decimal::from(max), 2, mode);
        prop_assert_eq!(score_of(&e, json!({"v": v})), want, "{} / {} × {} ({:?})", v, max, full, mode);
    }

    #[test]
    fn piecewise_score_is_the_rounded_exact_interpolation(
        mode in mode_strategy(), x in 0i64..300, x1 in 1i64..300, y0 in 0i64..100, y1 in 0i64..300,
    ) {
        let e = one_indicator(mode, json!({"actual": {"field": "x"}, "scoring": {"type": "piecewise", "points": [[0, y0], [x1, y1]]}}), json!({}));
        let xc = x.min(x1);
        let want = round(Decimal::from(y0) + Decimal::from(xc * (y1 - y0)) / Decimal::from(x1), 2, mode);
        prop_assert_eq!(score_of(&e, json!({"x": x})), want, "x {} on (0,{})–({},{}) ({:?})", x, y0, x1, y1, mode);
    }

    #[test]
    fn rater_score_is_the_rounded_exact_weighted_average(
        mode in mode_strategy(),
        w in (1i64..60, 1i64..60),
        a in prop::collection::vec(0i64..101, 1..4),
        b in prop::collection::vec(0i64..101, 1..4),
    ) {
        let e = one_indicator(mode, json!({"actual": {"raters": {"m": "M", "p": "P"}}, "scoring": {"type": "direct"}}), json!({"m": w.0, "p": w.1}));
        let (na, nb) = (a.len() as i64, b.len() as i64);
        let (sa, sb): (i64, i64) = (a.iter().sum(), b.iter().sum());
        // (w0·sa/na + w1·sb/nb) / (w0 + w1) with one division
        let num = w.0 * sa * nb + w.1 * sb * na;
        let den = (w.0 + w.1) * na * nb;
        let want = round(Decimal::from(num) / Decimal::from(den), 2, mode);
        prop_assert_eq!(score_of(&e, json!({"M": a, "P": b})), want, "{:?} {:?} {:?} ({:?})", w, a, b, mode);
    }

    #[test]
    fn excluded_weights_rescale_exactly(
        mode in mode_strategy(), w in (1i64..50, 1i64..50), s in (0i64..101, 0i64..101),
    ) {
        let w3 = 100 - w.0 - w.1;
        let scheme = json!({"rounding": {"mode": mode_name(mode)}, "indicators": [
            {"key": "a", "weight": w.0, "actual": {"field": "a"}, "scoring": {"type": "direct"}},
            {"key": "b", "weight": w.1, "actual": {"field": "b"}, "scoring": {"type": "direct"}},
            {"key": "c", "weight": w3, "missing": "exclude", "actual": {"field": "c"}, "scoring": {"type": "direct"}}]});
        let out = Engine::from_value(&scheme).unwrap().evaluate_value(&json!({"people": [{"a": s.0, "b": s.1}]}), &EvaluateOptions::default()).unwrap();
        let r = &out["results"][0];
        let live = w.0 + w.1;
        for (i, (wi, si)) in [(w.0, s.0), (w.1, s.1)].into_iter().enumerate() {
            // score × (w × 100 / live) / 100 = score × w / live
            let want = round(Decimal::from(si * wi) / Decimal::from(live), 2, mode);
            prop_assert_eq!(dec(&r["indicators"][i]["weighted"]), want, "{:?} {:?} {:?}", w, s, mode);
        }
    }
}
