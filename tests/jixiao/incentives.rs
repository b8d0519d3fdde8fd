//! Incentives (DESIGN.md, "Incentives"): the shared fixtures case by case, and table tests for every rule
//! and branch of commissions (marginal, whole, achievement, cap, clawback, rounding), plan
//! checks, true-ups, allocation with caps, award places, the JSON entries and their errors,
//! and the explanations in zh-CN, zh-TW and en.

use crate::common::{d, fixture};
use jixiao::{
    incentives::allocate, incentives::award_places, incentives::check_tier_table, incentives::compute_commission,
    incentives::explain_allocation, incentives::explain_commission, incentives::true_up, incentives::TierTable,
    json::allocate_json, json::commission_json, numbers::RoundingMode, scheme::AwardTies, scheme::CommissionMode,
    scheme::On, scheme::TierOn, ErrorCode, JixiaoError, Locale, Severity,
};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn table(v: Value) -> TierTable {
    serde_json::from_value(v).unwrap()
}

/// The plan of the fixture: 0 → 2%, 500,000 → 3%, 1,000,000 → 5%.
fn three(mode: &str) -> TierTable {
    table(json!({ "mode": mode, "tiers": [
        { "from": "0", "rate": "0.02" }, { "from": "500000", "rate": "0.03" }, { "from": "1000000", "rate": "0.05" }
    ]}))
}

fn accelerator(mode: &str) -> TierTable {
    table(json!({ "mode": mode, "on": "achievement", "tiers": [
        { "from": "0", "rate": "0.01" }, { "from": "0.8", "rate": "0.02" },
        { "from": "1.0", "rate": "0.03" }, { "from": "1.2", "rate": "0.04" }
    ]}))
}

fn amount(t: &TierTable, base: &str, target: Option<&str>) -> String {
    compute_commission(t, d(base), target.map(d), 2, RoundingMode::HalfUp)
        .unwrap()
        .amount
        .to_string()
}

fn run(input: Value) -> Value {
    serde_json::from_str(&commission_json(&input.to_string()).unwrap()).unwrap()
}

fn run_err(input: Value) -> JixiaoError {
    commission_json(&input.to_string()).unwrap_err()
}

fn alloc(input: Value) -> Value {
    serde_json::from_str(&allocate_json(&input.to_string()).unwrap()).unwrap()
}

fn alloc_err(input: Value) -> JixiaoError {
    allocate_json(&input.to_string()).unwrap_err()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- fixtures

#[test]
fn commission_fixture_case_by_case() {
    let f = fixture("commission-tiers.json");
    let cases = f["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 13);
    for (i, case) in cases.iter().enumerate() {
        let plan: TierTable = serde_json::from_value(case["plan"].clone()).unwrap();
        let base = d(case["base"].as_str().unwrap());
        let target = case.get("target").map(|t| d(t.as_str().unwrap()));
        let want = case["expected"].as_str().unwrap();
        let b = compute_commission(&plan, base, target, 2, RoundingMode::HalfUp).unwrap();
        assert_eq!(b.amount.to_string(), want, "case {i}: {case}");
        // what is shown adds up
        let sum: Decimal = b.slices.iter().map(|s| s.pay).sum();
        assert_eq!(sum, b.uncapped, "case {i}");
        // the JSON entry gives the same
        let mut input = json!({ "plan": case["plan"], "base": case["base"] });
        if let Some(t) = case.get("target") {
            input["target"] = t.clone();
        }
        input["rounding"] = json!({ "mode": "half_up", "money": 2 });
        let out = run(input);
        assert_eq!(out["amount"], want, "case {i} (json)");
        assert_eq!(out["commission"], want, "case {i} (json)");
    }
}

#[test]
fn pool_fixture_case_by_case() {
    let f = fixture("pool-allocation.json");
    let cases = f["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for (i, case) in cases.iter().enumerate() {
        let amount = d(case["amount"].as_str().unwrap());
        let weights: Vec<Decimal> = strings(&case["weights"]).iter().map(|w| d(w)).collect();
        let caps: Vec<Option<Decimal>> = case["options"]["caps"]
            .as_array()
            .map(|c| c.iter().map(|x| x.as_str().map(d)).collect())
            .unwrap_or_default();
        let want = strings(&case["expected"]);
        let a = allocate(amount, &weights, &caps, d("0.01")).unwrap();
        let got: Vec<String> = a.parts.iter().map(|p| format!("{p:.2}")).collect();
        assert_eq!(got, want, "case {i}");
        assert_eq!(a.parts.iter().copied().sum::<Decimal>(), amount, "case {i}");
        assert!(a.unallocated.is_zero());
        // the JSON entry gives the same
        let mut input = json!({ "amount": case["amount"], "weights": case["weights"] });
        if let Some(c) = case["options"].get("caps") {
            input["caps"] = c.clone();
        }
        let out = alloc(input);
        assert_eq!(strings(&out["parts"]), want, "case {i} (json)");
        assert_eq!(out["unallocated"], "0.00");
    }
}

// ---------------------------------------------------------------- commissions

#[test]
fn commission_amounts_table() {
    let m = three("marginal");
    let w = three("whole");
    let low_start = table(json!({ "tiers": [{ "from": 200000, "rate": "0.02" }, { "from": 500000, "rate": "0.03" }] }));
    let low_start_whole = table(
        json!({ "mode": "whole", "tiers": [{ "from": 200000, "rate": "0.02" }, { "from": 500000, "rate": "0.03" }] }),
    );
    let below_zero = table(json!({ "tiers": [{ "from": -100, "rate": "0.01" }, { "from": 100, "rate": "0.02" }] }));
    let (acc_m, acc_w) = (accelerator("marginal"), accelerator("whole"));
    let cases: Vec<(&str, &TierTable, &str, Option<&str>, &str)> = vec![
        ("marginal, top tier", &m, "1250000", None, "37500.00"),
        ("marginal, at a boundary (inclusive)", &m, "1000000", None, "25000.00"),
        ("marginal, a cent below a boundary", &m, "999999.99", None, "25000.00"),
        ("marginal, first slice only", &m, "300000", None, "6000.00"),
        ("marginal, zero", &m, "0", None, "0.00"),
        ("whole, top tier", &w, "1250000", None, "62500.00"),
        ("whole, at a boundary (inclusive)", &w, "500000", None, "15000.00"),
        ("whole, a cent below a boundary", &w, "999999.99", None, "30000.00"),
        ("whole, zero", &w, "0", None, "0.00"),
        (
            "marginal below the first tier pays 0",
            &low_start,
            "150000",
            None,
            "0.00",
        ),
        (
            "marginal from the first tier's start",
            &low_start,
            "300000",
            None,
            "2000.00",
        ),
        (
            "whole below the first tier pays 0",
            &low_start_whole,
            "199999.99",
            None,
            "0.00",
        ),
        (
            "whole from the first tier's start",
            &low_start_whole,
            "200000",
            None,
            "4000.00",
        ),
        ("a tier below 0 pays from 0 only", &below_zero, "150", None, "2.00"),
        ("accelerator, marginal", &acc_m, "1300000", Some("1000000"), "22000.00"),
        ("accelerator, whole", &acc_w, "1300000", Some("1000000"), "52000.00"),
        (
            "accelerator, whole, at 100%",
            &acc_w,
            "1000000",
            Some("1000000"),
            "30000.00",
        ),
        (
            "accelerator, whole, below 80%",
            &acc_w,
            "799999",
            Some("1000000"),
            "7999.99",
        ),
        ("value tiers ignore a target", &m, "1250000", Some("1"), "37500.00"),
    ];
    for (name, t, base, target, want) in cases {
        assert_eq!(amount(t, base, target), want, "{name}");
    }
}

#[test]
fn marginal_slices_are_rounded_one_by_one_and_summed() {
    let t = table(json!({ "tiers": [{ "from": 0, "rate": "0.015" }, { "from": "100.30", "rate": "0.025" }] }));
    // slice 1: 100.30 × 1.5% = 1.5045; slice 2: 100.20 × 2.5% = 2.505
    let cases = [
        (RoundingMode::HalfUp, ["1.50", "2.51"], "4.01"),
        (RoundingMode::HalfEven, ["1.50", "2.50"], "4.00"),
        (RoundingMode::Down, ["1.50", "2.50"], "4.00"),
        (RoundingMode::Up, ["1.51", "2.51"], "4.02"),
    ];
    for (mode, pays, total) in cases {
        let b = compute_commission(&t, d("200.50"), None, 2, mode).unwrap();
        let got: Vec<String> = b.slices.iter().map(|s| s.pay.to_string()).collect();
        assert_eq!(got, pays, "{mode:?}");
        assert_eq!(b.amount.to_string(), total, "{mode:?}");
        assert_eq!(b.slices[0].amount_in_slice, d("100.30"));
        assert_eq!(b.slices[1].amount_in_slice, d("100.20"));
    }
    // money places 0
    let b = compute_commission(&t, d("200.50"), None, 0, RoundingMode::HalfUp).unwrap();
    assert_eq!(b.amount.to_string(), "5");
    // whole mode rounds once: 200.50 × 2.5% = 5.0125
    let w = table(json!({ "mode": "whole", "tiers": t.tiers }));
    let b = compute_commission(&w, d("200.50"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(b.amount.to_string(), "5.01");
}

#[test]
fn breakdown_fields_marginal_and_whole() {
    let b = compute_commission(&three("marginal"), d("1250000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(b.tier, Some(2));
    assert_eq!(b.rate, None);
    assert_eq!(b.mode, CommissionMode::Marginal);
    assert_eq!(b.on, TierOn::Basis(On::Value));
    assert!(!b.capped && !b.negative_base);
    let s: Vec<(String, Option<String>, String, String, usize)> = b
        .slices
        .iter()
        .map(|s| {
            (
                s.from.to_string(),
                s.to.map(|t| t.to_string()),
                s.amount_in_slice.to_string(),
                s.rate.to_string(),
                s.tier,
            )
        })
        .collect();
    assert_eq!(
        s,
        vec![
            ("0".into(), Some("500000".into()), "500000".into(), "0.02".into(), 0),
            (
                "500000".into(),
                Some("1000000".into()),
                "500000".into(),
                "0.03".into(),
                1
            ),
            ("1000000".into(), None, "250000".into(), "0.05".into(), 2),
        ]
    );
    let w = compute_commission(&three("whole"), d("1250000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!((w.tier, w.rate), (Some(2), Some(d("0.05"))));
    assert_eq!(w.slices.len(), 1);
    assert_eq!(w.slices[0].amount_in_slice, d("1250000"));
    // below the first tier: no slice, no tier
    let t = table(json!({ "mode": "whole", "tiers": [{ "from": 100, "rate": "0.1" }] }));
    let b = compute_commission(&t, d("99"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(
        (b.tier, b.rate, b.slices.len(), b.amount.to_string()),
        (None, None, 0, "0.00".into())
    );
    // achievement boundaries
    let a = compute_commission(
        &accelerator("marginal"),
        d("1300000"),
        Some(d("1000000")),
        2,
        RoundingMode::HalfUp,
    )
    .unwrap();
    let edges: Vec<Decimal> = a.boundaries.iter().map(|e| e.normalize()).collect();
    assert_eq!(edges, vec![d("0"), d("800000"), d("1000000"), d("1200000")]);
    let pays: Vec<String> = a.slices.iter().map(|s| s.pay.to_string()).collect();
    assert_eq!(pays, ["8000.00", "4000.00", "6000.00", "4000.00"]);
    assert_eq!(a.target, Some(d("1000000")));
}

#[test]
fn caps() {
    let capped = table(json!({ "tiers": [{ "from": 0, "rate": "0.1" }], "cap": "1000" }));
    let b = compute_commission(&capped, d("20000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(
        (b.amount.to_string(), b.uncapped.to_string(), b.capped),
        ("1000.00".into(), "2000.00".into(), true)
    );
    let b = compute_commission(&capped, d("5000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!((b.amount.to_string(), b.capped), ("500.00".into(), false));
    // exactly at the cap: not cut
    let b = compute_commission(&capped, d("10000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!((b.amount.to_string(), b.capped), ("1000.00".into(), false));
    // a cap finer than the money places is rounded down
    let fine = table(json!({ "tiers": [{ "from": 0, "rate": "0.1" }], "cap": "100.009" }));
    let b = compute_commission(&fine, d("20000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(
        (b.amount.to_string(), b.cap.map(|c| c.to_string())),
        ("100.00".into(), Some("100.00".into()))
    );
    // a clawback is never capped
    let b = compute_commission(&capped, d("-50000"), None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!((b.amount.to_string(), b.capped), ("-5000.00".into(), false));
    // a zero cap pays nothing
    let zero = table(json!({ "mode": "whole", "tiers": [{ "from": 0, "rate": "0.1" }], "cap": 0 }));
    assert_eq!(amount(&zero, "100", None), "0.00");
}

#[test]
fn negative_bases_are_clawbacks_at_the_rate_containing_zero() {
    let below_zero = table(json!({ "tiers": [{ "from": -100000, "rate": "0.01" }, { "from": 0, "rate": "0.02" }] }));
    let low_start = table(json!({ "tiers": [{ "from": 100, "rate": "0.05" }] }));
    let cases: Vec<(&str, TierTable, &str, Option<&str>, &str, Option<usize>)> = vec![
        ("marginal", three("marginal"), "-50000", None, "-1000.00", Some(0)),
        ("whole", three("whole"), "-50000", None, "-1000.00", Some(0)),
        (
            "a large refund stays at the rate of 0",
            three("marginal"),
            "-2000000",
            None,
            "-40000.00",
            Some(0),
        ),
        (
            "the tier from 0 contains 0",
            below_zero,
            "-1000",
            None,
            "-20.00",
            Some(1),
        ),
        ("no tier contains 0", low_start, "-1000", None, "0.00", None),
        (
            "achievement from 0",
            accelerator("marginal"),
            "-10000",
            Some("1000000"),
            "-100.00",
            Some(0),
        ),
        ("a cent", three("marginal"), "-0.01", None, "0.00", Some(0)),
        (
            "half-up away from zero",
            three("marginal"),
            "-0.25",
            None,
            "-0.01",
            Some(0),
        ),
    ];
    for (name, t, base, target, want, tier) in cases {
        let b = compute_commission(&t, d(base), target.map(d), 2, RoundingMode::HalfUp).unwrap();
        assert_eq!(b.amount.to_string(), want, "{name}");
        assert!(b.negative_base, "{name}");
        assert_eq!(b.tier, tier, "{name}");
        if let Some(s) = b.slices.first() {
            assert_eq!(s.amount_in_slice, d(base), "{name}");
            assert_eq!(s.to, Some(Decimal::ZERO), "{name}");
        }
    }
    // continuous at 0: a cent either side
    let t = three("marginal");
    assert_eq!(amount(&t, "-100", None), "-2.00");
    assert_eq!(amount(&t, "100", None), "2.00");
}

#[test]
fn commission_errors_with_code_and_path() {
    let cases: Vec<(&str, Value, &str, Option<&str>, u32, ErrorCode, &str)> = vec![
        (
            "no tiers",
            json!({ "tiers": [] }),
            "1",
            None,
            2,
            ErrorCode::MissingSetting,
            "/tiers",
        ),
        (
            "no tiers key",
            json!({}),
            "1",
            None,
            2,
            ErrorCode::MissingSetting,
            "/tiers",
        ),
        (
            "out of order",
            json!({ "tiers": [{ "from": 10, "rate": 0 }, { "from": 5, "rate": 0 }] }),
            "1",
            None,
            2,
            ErrorCode::Order,
            "/tiers/1/from",
        ),
        (
            "repeated from",
            json!({ "tiers": [{ "from": 0, "rate": 0 }, { "from": 5, "rate": 0 }, { "from": 5, "rate": 0 }] }),
            "1",
            None,
            2,
            ErrorCode::Order,
            "/tiers/2/from",
        ),
        (
            "negative cap",
            json!({ "tiers": [{ "from": 0, "rate": 0 }], "cap": -1 }),
            "1",
            None,
            2,
            ErrorCode::InvalidSetting,
            "/cap",
        ),
        (
            "achievement below 0",
            json!({ "on": "achievement", "tiers": [{ "from": "-0.1", "rate": 0 }] }),
            "1",
            Some("1"),
            2,
            ErrorCode::InvalidSetting,
            "/tiers/0/from",
        ),
        (
            "achievement without target",
            json!({ "on": "achievement", "tiers": [{ "from": 0, "rate": 0 }] }),
            "1",
            None,
            2,
            ErrorCode::MissingValue,
            "/target",
        ),
        (
            "achievement with target 0",
            json!({ "on": "achievement", "tiers": [{ "from": 0, "rate": 0 }] }),
            "1",
            Some("0"),
            2,
            ErrorCode::ZeroDivisor,
            "/target",
        ),
        (
            "achievement with a negative target",
            json!({ "on": "achievement", "tiers": [{ "from": 0, "rate": 0 }] }),
            "1",
            Some("-5"),
            2,
            ErrorCode::ZeroDivisor,
            "/target",
        ),
        (
            "too many money places",
            json!({ "tiers": [{ "from": 0, "rate": 0 }] }),
            "1",
            None,
            13,
            ErrorCode::InvalidSetting,
            "/rounding/money",
        ),
        (
            "overflow",
            json!({ "tiers": [{ "from": 0, "rate": 2 }] }),
            "79228162514264337593543950335",
            None,
            2,
            ErrorCode::Overflow,
            "",
        ),
    ];
    for (name, plan, base, target, places, code, path) in cases {
        let t = table(plan);
        let e = compute_commission(&t, d(base), target.map(d), places, RoundingMode::HalfUp).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{name}: {e}");
        assert_eq!(e.severity, Severity::Error);
        assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty());
    }
}

// ---------------------------------------------------------------- plan checks

#[test]
fn plan_checks() {
    // a good plan has no issues in either mode
    assert!(check_tier_table(&three("marginal"), "").is_empty());
    // marginal: decreasing rate warns, no cliff
    let t = table(json!({ "tiers": [{ "from": 0, "rate": "0.03" }, { "from": 100, "rate": "0.02" }] }));
    let issues = check_tier_table(&t, "/incentives/0");
    assert_eq!(issues.len(), 1);
    assert_eq!(
        (issues[0].code, issues[0].severity, issues[0].path.as_str()),
        (
            ErrorCode::DecreasingRate,
            Severity::Warning,
            "/incentives/0/tiers/1/rate"
        )
    );
    assert_eq!(
        issues[0].messages.en,
        "the rate 2% from 100 is lower than the tier before (3%): a higher base earns a lower rate"
    );
    assert_eq!(
        issues[0].messages.zh_cn,
        "从 100 起的费率 2% 低于上一档（3%）：基数越高，费率反而越低"
    );
    // whole: a cliff at each boundary where the rate rises
    let issues = check_tier_table(&three("whole"), "/plan");
    let got: Vec<(ErrorCode, &str)> = issues.iter().map(|e| (e.code, e.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (ErrorCode::TierCliff, "/plan/tiers/1"),
            (ErrorCode::TierCliff, "/plan/tiers/2")
        ]
    );
    assert!(issues.iter().all(|e| e.severity == Severity::Warning));
    assert_eq!(
        issues[0].messages.en,
        "whole mode: one more unit of base at 500,000 adds 5,000.00 (500,000 × (3% − 2%)): a cliff"
    );
    assert_eq!(
        issues[1].messages.zh_cn,
        "全额累进：基数到 1,000,000 时多一个单位，提成就跳增 20,000.00（1,000,000 × (5% − 3%)），存在断崖"
    );
    assert!(issues[1].messages.zh_tw.contains("存在斷崖"));
    // a first tier starting above 0 is a cliff too (from nothing to its rate)
    let t = table(json!({ "mode": "whole", "tiers": [{ "from": 200000, "rate": "0.02" }] }));
    let issues = check_tier_table(&t, "");
    assert_eq!((issues.len(), issues[0].path.as_str()), (1, "/tiers/0"));
    assert!(issues[0].messages.en.contains("at 200,000 adds 4,000.00"));
    // a falling rate in whole mode: both warnings, the cliff downward
    let t =
        table(json!({ "mode": "whole", "tiers": [{ "from": 0, "rate": "0.03" }, { "from": 100, "rate": "0.02" }] }));
    let issues = check_tier_table(&t, "");
    let codes: Vec<ErrorCode> = issues.iter().map(|e| e.code).collect();
    assert_eq!(codes, vec![ErrorCode::DecreasingRate, ErrorCode::TierCliff]);
    assert_eq!(
        issues[1].messages.en,
        "whole mode: one more unit of base at 100 lowers the payout by 1.00 (100 × (2% − 3%))"
    );
    // achievement: the jump as a share of the target
    let issues = check_tier_table(&accelerator("whole"), "");
    assert_eq!(issues.len(), 3);
    assert_eq!(
        issues[0].messages.en,
        "whole mode: reaching an achievement of 80% adds 0.8% of the target at once (target × 80% × (2% − 1%)): a cliff"
    );
    assert_eq!(
        issues[0].messages.zh_cn,
        "全额累进：达成率到 80% 时提成跳增目标的 0.8%（目标 × 80% × (2% − 1%)），存在断崖"
    );
    // equal rates make no cliff
    let t = table(json!({ "mode": "whole", "tiers": [{ "from": 0, "rate": "0.02" }, { "from": 5, "rate": "0.02" }] }));
    assert!(check_tier_table(&t, "").is_empty());
    // errors and warnings together, every one found
    let t = table(json!({ "mode": "whole", "cap": -5, "tiers": [
        { "from": 0, "rate": "0.05" }, { "from": 0, "rate": "0.01" }
    ]}));
    let mut got: Vec<(ErrorCode, Severity)> = check_tier_table(&t, "").iter().map(|e| (e.code, e.severity)).collect();
    got.sort_by_key(|(c, _)| c.as_str());
    assert_eq!(
        got,
        vec![
            (ErrorCode::DecreasingRate, Severity::Warning),
            (ErrorCode::InvalidSetting, Severity::Error),
            (ErrorCode::Order, Severity::Error),
        ]
    );
}

#[test]
fn new_codes_are_stable_strings() {
    assert_eq!(ErrorCode::DecreasingRate.as_str(), "DECREASING_RATE");
    assert_eq!(ErrorCode::TierCliff.as_str(), "TIER_CLIFF");
    assert_eq!(serde_json::to_string(&ErrorCode::TierCliff).unwrap(), "\"TIER_CLIFF\"");
    assert_eq!(
        serde_json::to_string(&ErrorCode::DecreasingRate).unwrap(),
        "\"DECREASING_RATE\""
    );
}

#[test]
fn tier_tables_read_scheme_shapes() {
    // a scheme's commission carries more keys: ignored by the table
    let t = table(
        json!({ "key": "c1", "name": "提成", "base": { "field": "回款额" }, "gate": { "x": 1 },
        "tiers": [{ "from": "0", "rate": "2%", "label": "基础" }], "mode": "whole", "cap": "5万" }),
    );
    assert_eq!(
        (t.mode, t.on, t.cap.map(|c| c.0)),
        (CommissionMode::Whole, TierOn::Basis(On::Value), Some(d("50000")))
    );
    assert_eq!(t.tiers[0].label.as_deref(), Some("基础"));
    // a tier does not accept unknown keys
    assert!(serde_json::from_value::<TierTable>(json!({ "tiers": [{ "from": 0, "rate": 0, "rat": 1 }] })).is_err());
    assert!(serde_json::from_value::<TierTable>(json!({ "tiers": [], "mode": "progressive" })).is_err());
}

// ---------------------------------------------------------------- explanations

fn explain(t: &TierTable, base: &str, target: Option<&str>, locale: Locale) -> Vec<String> {
    let b = compute_commission(t, d(base), target.map(d), 2, RoundingMode::HalfUp).unwrap();
    explain_commission(&b, t, locale, 2)
}

#[test]
fn explanations_marginal_in_three_locales() {
    let t = three("marginal");
    assert_eq!(
        explain(&t, "1250000", None, Locale::ZhCn),
        ["0–500,000 × 2% = 10,000.00；500,000–1,000,000 × 3% = 15,000.00；1,000,000–1,250,000 × 5% = 12,500.00；合计 37,500.00"]
    );
    assert_eq!(
        explain(&t, "1250000", None, Locale::ZhTw),
        ["0–500,000 × 2% = 10,000.00；500,000–1,000,000 × 3% = 15,000.00；1,000,000–1,250,000 × 5% = 12,500.00；合計 37,500.00"]
    );
    assert_eq!(
        explain(&t, "1250000", None, Locale::En),
        ["0–500,000 × 2% = 10,000.00; 500,000–1,000,000 × 3% = 15,000.00; 1,000,000–1,250,000 × 5% = 12,500.00; total 37,500.00"]
    );
    assert_eq!(explain(&t, "0", None, Locale::En), ["base 0: 0.00"]);
    assert_eq!(explain(&t, "0", None, Locale::ZhCn), ["基数 0，提成 0.00"]);
}

#[test]
fn explanations_whole_cap_clawback_and_below_first() {
    let w = three("whole");
    assert_eq!(
        explain(&w, "1250000", None, Locale::ZhCn),
        ["全额累进：1,250,000 达到 1,000,000 起的档位，全额 1,250,000 × 5% = 62,500.00"]
    );
    assert_eq!(
        explain(&w, "1250000", None, Locale::ZhTw),
        ["全額累進：1,250,000 達到 1,000,000 起的檔位，全額 1,250,000 × 5% = 62,500.00"]
    );
    assert_eq!(
        explain(&w, "1250000", None, Locale::En),
        ["whole mode: 1,250,000 reaches the tier from 1,000,000, so all of it pays: 1,250,000 × 5% = 62,500.00"]
    );
    // cap
    let capped = table(json!({ "tiers": [{ "from": 0, "rate": "0.1", "label": "基础" }], "cap": "1000" }));
    assert_eq!(
        explain(&capped, "20000", None, Locale::ZhCn),
        [
            "0–20,000 × 10%（基础） = 2,000.00；合计 2,000.00",
            "封顶 1,000.00：提成 2,000.00 → 1,000.00"
        ]
    );
    assert_eq!(
        explain(&capped, "20000", None, Locale::En),
        [
            "0–20,000 × 10% (基础) = 2,000.00; total 2,000.00",
            "capped at 1,000.00: 2,000.00 → 1,000.00"
        ]
    );
    assert_eq!(
        explain(&capped, "20000", None, Locale::ZhTw)[1],
        "封頂 1,000.00：提成 2,000.00 → 1,000.00"
    );
    // clawback
    let t = three("marginal");
    assert_eq!(
        explain(&t, "-50000", None, Locale::ZhCn),
        ["基数为负 -50,000（退款或红冲）：按含 0 的档位费率 2% 追回，-50,000 × 2% = -1,000.00"]
    );
    assert_eq!(
        explain(&t, "-50000", None, Locale::ZhTw),
        ["基數為負 -50,000（退款或紅沖）：按含 0 的檔位費率 2% 追回，-50,000 × 2% = -1,000.00"]
    );
    assert_eq!(
        explain(&t, "-50000", None, Locale::En),
        [
            "negative base -50,000 (refunds or credit notes): clawed back at the rate of the tier containing 0, \
          -50,000 × 2% = -1,000.00"
        ]
    );
    let low_start = table(json!({ "tiers": [{ "from": 100, "rate": "0.05" }] }));
    assert_eq!(
        explain(&low_start, "-50", None, Locale::En),
        ["negative base -50 (refunds or credit notes): no tier contains 0, nothing is clawed back: 0.00"]
    );
    // below the first tier, and the part below it
    assert_eq!(
        explain(&low_start, "50", None, Locale::ZhCn),
        ["基数 50 未达首档起点 100，提成 0.00"]
    );
    assert_eq!(
        explain(&low_start, "150", None, Locale::En),
        [
            "the part below the first tier's start 100 earns nothing",
            "100–150 × 5% = 2.50; total 2.50"
        ]
    );
    assert_eq!(
        explain(&low_start, "150", None, Locale::ZhTw),
        ["低於首檔起點 100 的部分不計提成", "100–150 × 5% = 2.50；合計 2.50"]
    );
}

#[test]
fn explanations_on_achievement() {
    let lines = explain(&accelerator("marginal"), "1300000", Some("1000000"), Locale::ZhCn);
    assert_eq!(
        lines,
        [
            "按达成率分档：达成率 130.00% = 1,300,000 ÷ 目标 1,000,000；档位边界 = 目标 × 起点（0% → 0、80% → 800,000、100% → 1,000,000、120% → 1,200,000）",
            "0–800,000 × 1% = 8,000.00；800,000–1,000,000 × 2% = 4,000.00；1,000,000–1,200,000 × 3% = 6,000.00；1,200,000–1,300,000 × 4% = 4,000.00；合计 22,000.00",
        ]
    );
    let lines = explain(&accelerator("whole"), "1300000", Some("1000000"), Locale::En);
    assert_eq!(
        lines,
        [
            "tiers on achievement: achievement 130.00% = 1,300,000 ÷ target 1,000,000; boundaries = target × start (0% → 0, 80% → 800,000, 100% → 1,000,000, 120% → 1,200,000)",
            "whole mode: 1,300,000 reaches the tier from 1,200,000 (120%), so all of it pays: 1,300,000 × 4% = 52,000.00",
        ]
    );
    let lines = explain(&accelerator("whole"), "1300000", Some("1000000"), Locale::ZhTw);
    assert!(lines[0].starts_with("按達成率分檔：達成率 130.00% = 1,300,000 ÷ 目標 1,000,000；檔位邊界 = 目標 × 起點"));
}

// ---------------------------------------------------------------- true-up

#[test]
fn true_ups_telescope_and_claw_back() {
    let t = three("marginal");
    let months = ["300000", "400000", "-150000", "600000", "-2000000", "100000"];
    let mut ytd = Decimal::ZERO;
    let mut paid = Decimal::ZERO;
    let mut payouts = Vec::new();
    for m in months {
        ytd += d(m);
        let b = compute_commission(&t, ytd, None, 2, RoundingMode::HalfUp).unwrap();
        let due = true_up(&b, paid).unwrap();
        payouts.push(due.to_string());
        paid += due;
    }
    assert_eq!(
        payouts,
        ["6000.00", "10000.00", "-4500.00", "21000.00", "-49500.00", "2000.00"]
    );
    let total = compute_commission(&t, ytd, None, 2, RoundingMode::HalfUp).unwrap();
    assert_eq!(paid, total.amount);
    assert_eq!(total.amount.to_string(), "-15000.00");
}

// ---------------------------------------------------------------- commission_json

#[test]
fn commission_json_output() {
    let out = run(json!({
        "plan": { "tiers": [{ "from": "0", "rate": "0.02" }, { "from": "500000", "rate": "0.03", "label": "银" },
                            { "from": "1000000", "rate": "0.05" }], "cap": "30000", "base": { "field": "回款" } },
        "base": "125万", "paid": "20000", "locale": "en"
    }));
    assert_eq!(out["commission"], "30000.00");
    assert_eq!(out["uncapped"], "37500.00");
    assert_eq!(out["paid"], "20000");
    assert_eq!(out["amount"], "10000.00");
    assert_eq!(out["base"], "1250000");
    assert_eq!(out["mode"], "marginal");
    assert_eq!(out["on"], "value");
    assert_eq!(out["tier"], 2);
    assert_eq!(out["rate"], Value::Null);
    assert_eq!(out["capped"], true);
    assert_eq!(out["negativeBase"], false);
    assert_eq!(
        out["slices"][1],
        json!({ "from": "500000", "to": "1000000", "rate": "0.03", "base": "500000", "pay": "15000.00", "tier": 1, "label": "银" })
    );
    assert_eq!(out["slices"][2]["to"], Value::Null);
    assert_eq!(out["warnings"], json!([]));
    assert_eq!(
        strings(&out["explain"]["lines"]),
        [
            "0–500,000 × 2% = 10,000.00; 500,000–1,000,000 × 3% (银) = 15,000.00; 1,000,000–1,250,000 × 5% = 12,500.00; total 37,500.00",
            "capped at 30,000.00: 37,500.00 → 30,000.00",
            "year-to-date commission 30,000.00 − already paid 20,000.00: this period pays 10,000.00",
        ]
    );
}

#[test]
fn commission_json_whole_warnings_rounding_and_clawback() {
    let out = run(
        json!({ "plan": { "mode": "whole", "tiers": [{ "from": 0, "rate": "0.02" }, { "from": 500000, "rate": "0.03" }] },
        "base": "600000.5", "rounding": { "mode": "down", "money": 0 }, "locale": "zh-TW" }),
    );
    assert_eq!(out["amount"], "18000");
    assert_eq!(out["rate"], "0.03");
    assert_eq!(out["tier"], 1);
    let w = &out["warnings"][0];
    assert_eq!(
        (w["code"].as_str(), w["severity"].as_str(), w["path"].as_str()),
        (Some("TIER_CLIFF"), Some("warning"), Some("/plan/tiers/1"))
    );
    assert_eq!(w["message"], w["messages"]["zh-TW"]);
    // a true-up that claws back, and a paid amount finer than the money places
    let out = run(json!({ "plan": { "tiers": [{ "from": 0, "rate": "0.1" }] }, "base": "-100", "paid": "5.125" }));
    assert_eq!(out["commission"], "-10.00");
    assert_eq!(out["amount"], "-15.125");
    assert_eq!(out["negativeBase"], true);
    assert_eq!(out["rate"], "0.1");
    assert_eq!(
        strings(&out["explain"]["lines"]),
        [
            "基数为负 -100（退款或红冲）：按含 0 的档位费率 10% 追回，-100 × 10% = -10.00",
            "累计提成 -10.00 − 已发放 5.125：本期追回 15.125",
        ]
    );
    // achievement with target
    let out = run(
        json!({ "plan": { "on": "achievement", "tiers": [{ "from": 0, "rate": "0.01" }, { "from": "80%", "rate": "0.02" }] },
        "base": 900, "target": 1000 }),
    );
    assert_eq!(out["amount"], "10.00");
    assert_eq!(out["target"], "1000");
    assert_eq!(out["slices"][1]["from"], "800");
}

#[test]
fn commission_json_errors() {
    let tiers = json!([{ "from": 0, "rate": "0.02" }]);
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        (
            "order",
            json!({ "plan": { "tiers": [{ "from": 5, "rate": 0 }, { "from": 1, "rate": 0 }] }, "base": 1 }),
            ErrorCode::Order,
            "/plan/tiers/1/from",
        ),
        (
            "empty tiers",
            json!({ "plan": { "tiers": [] }, "base": 1 }),
            ErrorCode::MissingSetting,
            "/plan/tiers",
        ),
        (
            "negative cap",
            json!({ "plan": { "tiers": tiers, "cap": "-1" }, "base": 1 }),
            ErrorCode::InvalidSetting,
            "/plan/cap",
        ),
        (
            "achievement below 0",
            json!({ "plan": { "on": "achievement", "tiers": [{ "from": "-1", "rate": 0 }] }, "base": 1, "target": 1 }),
            ErrorCode::InvalidSetting,
            "/plan/tiers/0/from",
        ),
        (
            "no target",
            json!({ "plan": { "on": "achievement", "tiers": tiers }, "base": 1 }),
            ErrorCode::MissingValue,
            "/target",
        ),
        (
            "zero target",
            json!({ "plan": { "on": "achievement", "tiers": tiers }, "base": 1, "target": 0 }),
            ErrorCode::ZeroDivisor,
            "/target",
        ),
        (
            "no base",
            json!({ "plan": { "tiers": tiers } }),
            ErrorCode::MissingValue,
            "/base",
        ),
        (
            "null base",
            json!({ "plan": { "tiers": tiers }, "base": null }),
            ErrorCode::MissingValue,
            "/base",
        ),
        ("no plan", json!({ "base": 1 }), ErrorCode::MissingSetting, "/plan"),
        (
            "bad base",
            json!({ "plan": { "tiers": tiers }, "base": "abc" }),
            ErrorCode::InvalidInput,
            "/base",
        ),
        (
            "bad rate",
            json!({ "plan": { "tiers": [{ "from": 0, "rate": {} }] }, "base": 1 }),
            ErrorCode::InvalidInput,
            "/plan/tiers/0/rate",
        ),
        (
            "unknown tier key",
            json!({ "plan": { "tiers": [{ "from": 0, "rate": 0, "x": 1 }] }, "base": 1 }),
            ErrorCode::InvalidInput,
            "/plan/tiers/0/x",
        ),
        (
            "bad mode",
            json!({ "plan": { "tiers": tiers, "mode": "progressive" }, "base": 1 }),
            ErrorCode::InvalidInput,
            "/plan/mode",
        ),
        (
            "unknown key",
            json!({ "plan": { "tiers": tiers }, "base": 1, "bsae": 2 }),
            ErrorCode::InvalidInput,
            "/bsae",
        ),
        (
            "bad rounding",
            json!({ "plan": { "tiers": tiers }, "base": 1, "rounding": { "money": 20 } }),
            ErrorCode::InvalidSetting,
            "/rounding/money",
        ),
        (
            "bad rounding mode",
            json!({ "plan": { "tiers": tiers }, "base": 1, "rounding": { "mode": "nearest" } }),
            ErrorCode::InvalidInput,
            "/rounding/mode",
        ),
        (
            "bad locale",
            json!({ "plan": { "tiers": tiers }, "base": 1, "locale": "fr" }),
            ErrorCode::InvalidSetting,
            "/locale",
        ),
        ("not an object", json!([1, 2]), ErrorCode::InvalidInput, "/"),
    ];
    for (name, input, code, path) in cases {
        let e = run_err(input);
        assert_eq!((e.code, e.path.as_str()), (code, path), "{name}: {e}");
        assert_eq!(e.message, e.messages.zh_cn, "{name}: zh-CN by default");
    }
    let e = commission_json("{").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidJson);
    // messages in the input's locale, all three carried
    for (tag, want) in [
        ("zh-CN", "档位起点必须严格递增：1 不大于上一档的 5"),
        ("zh-TW", "檔位起點必須嚴格遞增：1 不大於上一檔的 5"),
        (
            "en",
            "tiers must start in strictly increasing order: 1 does not exceed the tier before (5)",
        ),
    ] {
        let e = run_err(
            json!({ "plan": { "tiers": [{ "from": 5, "rate": 0 }, { "from": 1, "rate": 0 }] }, "base": 1, "locale": tag }),
        );
        assert_eq!(e.message, want, "{tag}");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v["messages"]["en"],
            "tiers must start in strictly increasing order: 1 does not exceed the tier before (5)"
        );
    }
    let e = run_err(json!({ "plan": { "on": "achievement", "tiers": tiers }, "base": 1, "locale": "en" }));
    assert_eq!(e.message, "tiers on achievement need a target, and none was given");
}

// ---------------------------------------------------------------- allocation

fn parts(a: &jixiao::incentives::Allocation) -> Vec<String> {
    a.parts.iter().map(|p| p.to_string()).collect()
}

#[test]
fn allocation_table() {
    let ds = |v: &[&str]| v.iter().map(|s| d(s)).collect::<Vec<_>>();
    let cs = |v: &[Option<&str>]| v.iter().map(|s| s.map(d)).collect::<Vec<_>>();
    let cases: Vec<(
        &str,
        &str,
        Vec<&str>,
        Vec<Option<&str>>,
        &str,
        Vec<&str>,
        Vec<bool>,
        &str,
        u32,
    )> = vec![
        (
            "equal thirds, the earlier first",
            "100.00",
            vec!["1", "1", "1"],
            vec![],
            "0.01",
            vec!["33.34", "33.33", "33.33"],
            vec![false; 3],
            "0",
            1,
        ),
        (
            "a zero weight gets 0",
            "100",
            vec!["1", "0", "1"],
            vec![],
            "0.01",
            vec!["50.00", "0", "50.00"],
            vec![false; 3],
            "0",
            1,
        ),
        (
            "whole units",
            "10",
            vec!["1", "1", "1"],
            vec![],
            "1",
            vec!["4", "3", "3"],
            vec![false; 3],
            "0",
            1,
        ),
        (
            "largest remainder wins the unit",
            "10",
            vec!["1", "2"],
            vec![],
            "1",
            vec!["3", "7"],
            vec![false; 2],
            "0",
            1,
        ),
        (
            "a cap that does not bind",
            "100",
            vec!["1", "1"],
            vec![Some("60"), None],
            "1",
            vec!["50", "50"],
            vec![false; 2],
            "0",
            1,
        ),
        (
            "a cap exactly at the share does not bind",
            "100",
            vec!["1", "1"],
            vec![Some("50"), None],
            "1",
            vec!["50", "50"],
            vec![false; 2],
            "0",
            1,
        ),
        (
            "cascading caps",
            "1000",
            vec!["1", "1", "1", "1"],
            vec![Some("100"), Some("250"), None, None],
            "1",
            vec!["100", "250", "325", "325"],
            vec![true, true, false, false],
            "0",
            3,
        ),
        (
            "everyone capped: the rest unallocated",
            "1000",
            vec!["1", "3"],
            vec![Some("100"), Some("200")],
            "1",
            vec!["100", "200"],
            vec![true, true],
            "700",
            2,
        ),
        (
            "caps are floored to the unit",
            "100.00",
            vec!["1", "1"],
            vec![Some("10.019"), None],
            "0.01",
            vec!["10.01", "89.99"],
            vec![true, false],
            "0",
            2,
        ),
        (
            "a zero cap",
            "90",
            vec!["1", "1", "1"],
            vec![Some("0"), None, None],
            "1",
            vec!["0", "45", "45"],
            vec![true, false, false],
            "0",
            2,
        ),
        (
            "a zero weight with a cap is not capped",
            "100",
            vec!["0", "1"],
            vec![Some("0"), Some("40")],
            "1",
            vec!["0", "40"],
            vec![false, true],
            "60",
            2,
        ),
        (
            "an amount of 0",
            "0",
            vec!["1", "2"],
            vec![],
            "0.01",
            vec!["0", "0"],
            vec![false; 2],
            "0",
            1,
        ),
        (
            "a unit of 100",
            "1000",
            vec!["1", "1", "1"],
            vec![],
            "100",
            vec!["400", "300", "300"],
            vec![false; 3],
            "0",
            1,
        ),
    ];
    for (name, amount, w, c, unit, want, capped, unallocated, rounds) in cases {
        let a = allocate(d(amount), &ds(&w), &cs(&c), d(unit)).unwrap();
        let got: Vec<Decimal> = a.parts.iter().map(|p| p.normalize()).collect();
        let want: Vec<Decimal> = want.iter().map(|p| d(p).normalize()).collect();
        assert_eq!(got, want, "{name}: {:?}", parts(&a));
        assert_eq!(a.capped, capped, "{name}");
        assert_eq!(a.unallocated.normalize(), d(unallocated).normalize(), "{name}");
        assert_eq!(a.rounds, rounds, "{name}");
        assert_eq!(
            a.parts.iter().copied().sum::<Decimal>() + a.unallocated,
            d(amount),
            "{name}"
        );
    }
}

#[test]
fn allocation_errors() {
    let one = [Decimal::ONE];
    let cases: Vec<(
        &str,
        Decimal,
        Vec<Decimal>,
        Vec<Option<Decimal>>,
        Decimal,
        ErrorCode,
        &str,
    )> = vec![
        (
            "no weights",
            d("1"),
            vec![],
            vec![],
            d("1"),
            ErrorCode::InvalidInput,
            "/weights",
        ),
        (
            "all zero",
            d("1"),
            vec![d("0"), d("0")],
            vec![],
            d("1"),
            ErrorCode::InvalidSetting,
            "/weights",
        ),
        (
            "negative weight",
            d("1"),
            vec![d("1"), d("1"), d("-1")],
            vec![],
            d("1"),
            ErrorCode::InvalidSetting,
            "/weights/2",
        ),
        (
            "negative amount",
            d("-1"),
            one.to_vec(),
            vec![],
            d("1"),
            ErrorCode::InvalidSetting,
            "/amount",
        ),
        (
            "caps length",
            d("1"),
            vec![d("1"), d("1")],
            vec![None],
            d("1"),
            ErrorCode::InvalidInput,
            "/caps",
        ),
        (
            "negative cap",
            d("1"),
            vec![d("1"), d("1")],
            vec![Some(d("-1")), None],
            d("1"),
            ErrorCode::InvalidSetting,
            "/caps/0",
        ),
        (
            "zero unit",
            d("1"),
            one.to_vec(),
            vec![],
            d("0"),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            "negative unit",
            d("1"),
            one.to_vec(),
            vec![],
            d("-1"),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            "not a multiple of the unit",
            d("100.005"),
            one.to_vec(),
            vec![],
            d("0.01"),
            ErrorCode::InvalidSetting,
            "/amount",
        ),
    ];
    for (name, amount, w, c, unit, code, path) in cases {
        let e = allocate(amount, &w, &c, unit).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{name}: {e}");
        assert!(!e.messages.en.is_empty() && !e.messages.zh_tw.is_empty());
    }
}

#[test]
fn allocation_explanations_in_three_locales() {
    let w = [d("105.92"), d("72.76"), d("43.75")];
    let a = allocate(d("100000.00"), &w, &[Some(d("40000")), None, None], d("0.01")).unwrap();
    assert_eq!(
        explain_allocation(&a, d("100000.00"), &w, Locale::ZhCn, 2),
        [
            "分配 100,000.00：按权重（合计 222.43）分给 3 人，每份为 0.01 的整数倍，尾差按最大余数（并列取靠前者）",
            "第 1 人：权重 105.92（47.62%）→ 40,000.00（按份额超出上限，封顶 40,000.00）",
            "第 2 人：权重 72.76（32.71%）→ 37,469.75",
            "第 3 人：权重 43.75（19.67%）→ 22,530.25",
            "超出上限的部分按其余人的权重再分配（共 2 轮）",
            "合计 100,000.00",
        ]
    );
    assert_eq!(
        explain_allocation(&a, d("100000.00"), &w, Locale::ZhTw, 2),
        [
            "分配 100,000.00：按權重（合計 222.43）分給 3 人，每份為 0.01 的整數倍，尾差按最大餘數（並列取靠前者）",
            "第 1 人：權重 105.92（47.62%）→ 40,000.00（按份額超出上限，封頂 40,000.00）",
            "第 2 人：權重 72.76（32.71%）→ 37,469.75",
            "第 3 人：權重 43.75（19.67%）→ 22,530.25",
            "超出上限的部分按其餘人的權重再分配（共 2 輪）",
            "合計 100,000.00",
        ]
    );
    assert_eq!(
        explain_allocation(&a, d("100000.00"), &w, Locale::En, 2),
        [
            "split 100,000.00 by weight (total 222.43) over 3 people, each a multiple of 0.01, leftover units by largest remainder (ties: the earlier)",
            "#1: weight 105.92 (47.62%) → 40,000.00 (its share exceeds the cap: capped at 40,000.00)",
            "#2: weight 72.76 (32.71%) → 37,469.75",
            "#3: weight 43.75 (19.67%) → 22,530.25",
            "the excess over the caps was re-spread over the others by weight (2 rounds)",
            "total 100,000.00",
        ]
    );
    let w = [d("1"), d("3")];
    let a = allocate(d("1000"), &w, &[Some(d("100")), Some(d("200"))], d("1")).unwrap();
    let lines = explain_allocation(&a, d("1000"), &w, Locale::En, 0);
    assert_eq!(
        &lines[lines.len() - 2..],
        [
            "everyone with a weight is capped: 700 stays unallocated",
            "total 300 + unallocated 700 = 1,000"
        ]
    );
    let lines = explain_allocation(&a, d("1000"), &w, Locale::ZhCn, 0);
    assert_eq!(lines.last().unwrap(), "合计 300 + 未分配 700 = 1,000");
}

#[test]
fn allocate_json_output_and_errors() {
    let out = alloc(
        json!({ "amount": "1万", "weights": [1, "2", 0], "caps": [null, "5000", null], "unit": 1, "locale": "en" }),
    );
    assert_eq!(strings(&out["parts"]), ["5000", "5000", "0"]);
    assert_eq!(out["capped"], json!([false, true, false]));
    assert_eq!(out["unallocated"], "0");
    assert_eq!(out["rounds"], 2);
    assert_eq!(
        out["explain"]["lines"][2],
        "#2: weight 2 (66.67%) → 5,000 (its share exceeds the cap: capped at 5,000)"
    );
    // unit places: 0.5 → one place
    let out = alloc(json!({ "amount": 10, "weights": [1, 1, 1], "unit": "0.5" }));
    assert_eq!(strings(&out["parts"]), ["3.5", "3.5", "3.0"]);
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        (
            "negative weight",
            json!({ "amount": 1, "weights": [1, 2, -1] }),
            ErrorCode::InvalidSetting,
            "/weights/2",
        ),
        (
            "bad weight",
            json!({ "amount": 1, "weights": [1, "x"] }),
            ErrorCode::InvalidInput,
            "/weights/1",
        ),
        (
            "negative cap",
            json!({ "amount": 1, "weights": [1], "caps": ["-1"] }),
            ErrorCode::InvalidSetting,
            "/caps/0",
        ),
        (
            "bad cap",
            json!({ "amount": 1, "weights": [1], "caps": [{}] }),
            ErrorCode::InvalidInput,
            "/caps/0",
        ),
        (
            "caps length",
            json!({ "amount": 1, "weights": [1, 1], "caps": [] }),
            ErrorCode::InvalidInput,
            "/caps",
        ),
        (
            "all zero",
            json!({ "amount": 1, "weights": [0, 0] }),
            ErrorCode::InvalidSetting,
            "/weights",
        ),
        (
            "empty",
            json!({ "amount": 1, "weights": [] }),
            ErrorCode::InvalidInput,
            "/weights",
        ),
        (
            "no weights",
            json!({ "amount": 1 }),
            ErrorCode::MissingSetting,
            "/weights",
        ),
        (
            "no amount",
            json!({ "weights": [1] }),
            ErrorCode::MissingValue,
            "/amount",
        ),
        (
            "negative amount",
            json!({ "amount": -1, "weights": [1] }),
            ErrorCode::InvalidSetting,
            "/amount",
        ),
        (
            "unit",
            json!({ "amount": 1, "weights": [1], "unit": 0 }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            "unknown key",
            json!({ "amount": 1, "weights": [1], "cap": [1] }),
            ErrorCode::InvalidInput,
            "/cap",
        ),
        (
            "locale",
            json!({ "amount": 1, "weights": [1], "locale": "xx" }),
            ErrorCode::InvalidSetting,
            "/locale",
        ),
    ];
    for (name, input, code, path) in cases {
        let e = alloc_err(input);
        assert_eq!((e.code, e.path.as_str()), (code, path), "{name}: {e}");
    }
    for (tag, want) in [
        ("zh-CN", "权重不能为负数：-1"),
        ("zh-TW", "權重不能為負數：-1"),
        ("en", "a weight must not be negative: -1"),
    ] {
        let e = alloc_err(json!({ "amount": 1, "weights": [1, -1], "locale": tag }));
        assert_eq!(e.message, want, "{tag}");
    }
    assert_eq!(allocate_json("[").unwrap_err().code, ErrorCode::InvalidJson);
}

#[test]
fn a_large_pool_with_many_caps() {
    let n = 100_000usize;
    let weights: Vec<Decimal> = (0..n).map(|i| Decimal::from(i % 97 + 1)).collect();
    let caps: Vec<Option<Decimal>> = (0..n)
        .map(|i| (i % 3 != 0).then(|| Decimal::from((i % 50) * 10)))
        .collect();
    let amount = d("12345678.90");
    let a = allocate(amount, &weights, &caps, d("0.01")).unwrap();
    assert_eq!(a.parts.iter().copied().sum::<Decimal>(), amount);
    assert!(a.rounds > 2);
    for (i, p) in a.parts.iter().enumerate() {
        if let Some(c) = caps[i] {
            assert!(*p <= c);
        }
    }
}

// ---------------------------------------------------------------- awards

fn places(figures: &[Option<i64>], top: u32, ties: AwardTies) -> Vec<Option<(u32, String)>> {
    let f: Vec<Option<Decimal>> = figures.iter().map(|x| x.map(Decimal::from)).collect();
    award_places(&f, top, ties)
        .into_iter()
        .map(|p| p.map(|p| (p.rank, p.share.to_string())))
        .collect()
}

#[test]
fn award_places_table() {
    let w = |r: u32, s: &str| Some((r, s.to_string()));
    let cases: Vec<(&str, Vec<Option<i64>>, u32, AwardTies, Vec<Option<(u32, String)>>)> = vec![
        (
            "no ties",
            vec![Some(3), Some(9), Some(5), Some(1)],
            2,
            AwardTies::Include,
            vec![None, w(1, "1"), w(2, "1"), None],
        ),
        (
            "competition ranks 1,2,2,4",
            vec![Some(9), Some(7), Some(7), Some(5)],
            4,
            AwardTies::Include,
            vec![w(1, "1"), w(2, "1"), w(2, "1"), w(4, "1")],
        ),
        (
            "include: a tie at the cut makes more winners",
            vec![Some(9), Some(8), Some(7), Some(7)],
            3,
            AwardTies::Include,
            vec![w(1, "1"), w(2, "1"), w(3, "1"), w(3, "1")],
        ),
        (
            "split: the tie at the cut shares",
            vec![Some(9), Some(8), Some(7), Some(7)],
            3,
            AwardTies::Split,
            vec![w(1, "1"), w(2, "1"), w(3, "0.5"), w(3, "0.5")],
        ),
        (
            "split: a tie inside the places is whole",
            vec![Some(9), Some(9), Some(7)],
            3,
            AwardTies::Split,
            vec![w(1, "1"), w(1, "1"), w(3, "1")],
        ),
        (
            "split: three share one place",
            vec![Some(5), Some(5), Some(5)],
            1,
            AwardTies::Split,
            vec![
                w(1, "0.33333333333333333333"),
                w(1, "0.33333333333333333333"),
                w(1, "0.33333333333333333333"),
            ],
        ),
        (
            "split: three share two places",
            vec![Some(1), Some(5), Some(5), Some(5)],
            2,
            AwardTies::Split,
            vec![
                None,
                w(1, "0.66666666666666666666"),
                w(1, "0.66666666666666666666"),
                w(1, "0.66666666666666666666"),
            ],
        ),
        (
            "missing figures take no place",
            vec![None, Some(1), None],
            3,
            AwardTies::Include,
            vec![None, w(1, "1"), None],
        ),
        ("top 0", vec![Some(1), Some(2)], 0, AwardTies::Include, vec![None, None]),
        (
            "fewer people than places",
            vec![Some(1)],
            5,
            AwardTies::Split,
            vec![w(1, "1")],
        ),
        ("nobody", vec![], 3, AwardTies::Split, vec![]),
        (
            "negative figures rank too",
            vec![Some(-5), Some(-1)],
            1,
            AwardTies::Include,
            vec![None, w(1, "1")],
        ),
    ];
    for (name, figures, top, ties, want) in cases {
        assert_eq!(places(&figures, top, ties), want, "{name}");
    }
    // equal decimals at different scales tie
    let f = [Some(d("1.0")), Some(d("1.00")), Some(d("0.5"))];
    let p = award_places(&f, 1, AwardTies::Split);
    assert_eq!(p[0].as_ref().map(|p| (p.rank, p.tied, p.share)), Some((1, 2, d("0.5"))));
    assert_eq!(p[2], None);
}

#[test]
fn a_cap_too_fine_for_the_amount_left_is_refused() {
    // Found by props::edges: 79 228 162 517 722 780 − a cap of 1e-12 needs 29 significant
    // digits; rounded, the parts and the unallocated rest summed to the amount + 1e-12.
    let input = json!({ "amount": "79228162517722780", "weights": ["1"], "caps": ["0.000000000001"],
                        "unit": "0.0000000000000000000000000001" });
    let e = allocate_json(&input.to_string()).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/caps/0"));
    assert!(
        e.messages.en.contains("more than 28 significant digits"),
        "{}",
        e.messages.en
    );
    // a cap the amount can hold beside it is kept, and the rest is exact
    let out = alloc(
        json!({ "amount": "7922816251772278", "weights": ["1"], "caps": ["0.000000000001"],
                            "unit": "0.0000000000000000000000000001" }),
    );
    assert_eq!(out["unallocated"], "7922816251772277.999999999999");
}
