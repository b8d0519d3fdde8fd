//! Target decomposition (DESIGN.md, "Targets"): the shared examples, exactly, and table tests per
//! method, calendar, uplift, unit, bounds, locked parts, fiscal years and errors.

use crate::common::{d, fixture};
use jixiao::{json::decompose_json, ErrorCode};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn run(input: Value) -> Value {
    serde_json::from_str(&decompose_json(&input.to_string()).unwrap()).unwrap()
}

fn err(input: Value) -> jixiao::JixiaoError {
    decompose_json(&input.to_string()).unwrap_err()
}

fn values(out: &Value) -> Vec<String> {
    out["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap().to_string())
        .collect()
}

fn keys(out: &Value) -> Vec<String> {
    out["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_string())
        .collect()
}

/// Checks a decomposition fixture: its input gives exactly its expected parts.
fn check_fixture(name: &str) {
    let f = fixture(name);
    let out = run(f["input"].clone());
    let want = &f["expected"];
    if let Some(t) = want.get("total") {
        assert_eq!(&out["total"], t, "{name}: total");
    }
    let parts = want["parts"].as_array().unwrap();
    assert_eq!(
        out["parts"].as_array().unwrap().len(),
        parts.len(),
        "{name}: part count"
    );
    for (i, p) in parts.iter().enumerate() {
        for (k, v) in p.as_object().unwrap() {
            assert_eq!(&out["parts"][i][k], v, "{name}: parts[{i}].{k}");
        }
    }
}

#[test]
fn shared_example_history() {
    check_fixture("decompose-history.json");
}

#[test]
fn shared_example_working_days() {
    check_fixture("decompose-working-days.json");
}

#[test]
fn working_days_per_month_match_the_example() {
    let h = fixture("cn-holidays-2025.json");
    let out = run(
        json!({ "total": 248, "unit": 1, "calendar": { "year": 2025, "by": "month" },
        "method": "working_days", "holidays": h["holidays"], "workdays": h["workdays"] }),
    );
    let days: Vec<u64> = out["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["workingDays"].as_u64().unwrap())
        .collect();
    assert_eq!(days, vec![19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23]);
    // 1 per working day
    assert_eq!(values(&out), days.iter().map(|d| d.to_string()).collect::<Vec<_>>());
}

#[test]
fn methods() {
    let parts = json!([{ "key": "A" }, { "key": "B" }, { "key": "C" }]);
    let cases = [
        (json!({ "total": 100, "parts": parts }), vec!["33.34", "33.33", "33.33"]),
        (
            json!({ "total": 100, "parts": parts, "method": "equal", "unit": 1 }),
            vec!["34", "33", "33"],
        ),
        (
            json!({ "total": 1000, "parts": parts, "method": "weights", "weights": [5, 3, 2], "unit": 1 }),
            vec!["500", "300", "200"],
        ),
        (
            json!({ "total": 1000, "parts": parts, "method": "history", "history": ["1万", "2万", "1万"], "unit": 10 }),
            vec!["250", "500", "250"],
        ),
        (
            json!({ "total": 90, "parts": parts, "method": "capacity", "capacity": [1, 1, 1], "unit": 1 }),
            vec!["30", "30", "30"],
        ),
        (
            json!({ "total": 10, "method": "weights", "unit": 1,
                 "parts": [{ "key": "A", "weight": 1 }, { "key": "B", "weight": 3 }] }),
            vec!["3", "7"],
        ),
        (
            json!({ "total": 10, "method": "capacity", "unit": 1,
                 "parts": [{ "key": "A", "capacity": 0 }, { "key": "B", "capacity": 3 }] }),
            vec!["0", "10"],
        ),
        (
            json!({ "total": 14, "method": "working_days", "unit": 1, "parts": [
                 { "key": "w1", "start": "2025-01-06", "end": "2025-01-12" },
                 { "key": "w2", "start": "2025-01-13", "end": "2025-01-19" }], "holidays": ["2025-01-07"], "workdays": ["2025-01-12"] }),
            vec!["7", "7"],
        ),
    ];
    for (input, want) in cases {
        let out = run(input.clone());
        assert_eq!(values(&out), want, "{input}");
    }
}

#[test]
fn calendars() {
    let q = run(json!({ "total": 4, "unit": 1, "calendar": { "year": 2025, "by": "quarter" } }));
    assert_eq!(keys(&q), ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    assert_eq!(q["parts"][1]["start"], "2025-04-01");
    assert_eq!(q["parts"][1]["end"], "2025-06-30");

    let m = run(json!({ "total": 12, "unit": 1, "calendar": { "year": 2024, "by": "month" } }));
    assert_eq!(m["parts"][1]["key"], "2024-02");
    assert_eq!(m["parts"][1]["end"], "2024-02-29");

    let w = run(json!({ "total": 52, "unit": 1, "calendar": { "year": 2025, "by": "week" } }));
    assert_eq!(w["parts"].as_array().unwrap().len(), 52);
    assert_eq!(w["parts"][0]["key"], "2025-W01");
    assert_eq!(w["parts"][0]["start"], "2024-12-30");
    assert_eq!(w["parts"][51]["key"], "2025-W52");
    assert_eq!(w["parts"][51]["end"], "2025-12-28");

    let w26 = run(json!({ "total": 53, "unit": 1, "calendar": { "year": 2026, "by": "week" } }));
    let parts = w26["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 53);
    assert_eq!(parts[52]["key"], "2026-W53");
    assert_eq!(parts[52]["start"], "2026-12-28");
    assert_eq!(parts[52]["end"], "2027-01-03");
    assert!(values(&w26).iter().all(|v| v == "1"));

    let nw = run(json!({ "total": 100, "calendar": { "year": 2025, "by": "natural_week" } }));
    let k = keys(&nw);
    assert_eq!(k[0], "2025-01-W1");
    assert_eq!(nw["parts"][0]["start"], "2025-01-01");
    assert_eq!(nw["parts"][0]["end"], "2025-01-05");
    assert_eq!(nw["parts"][1]["start"], "2025-01-06");
    // January 2025: 1–5, 6–12, 13–19, 20–26, 27–31
    assert_eq!(nw["parts"][4]["key"], "2025-01-W5");
    assert_eq!(nw["parts"][4]["end"], "2025-01-31");
    assert_eq!(nw["parts"][5]["key"], "2025-02-W1");
    assert_eq!(nw["parts"][5]["start"], "2025-02-01");
    assert_eq!(nw["parts"][5]["end"], "2025-02-02");
    // every day of the year in exactly one natural week
    let days: usize = nw["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = jixiao::dates::Date::parse(p["start"].as_str().unwrap()).unwrap();
            let e = jixiao::dates::Date::parse(p["end"].as_str().unwrap()).unwrap();
            assert_eq!((s.year, s.month), (e.year, e.month));
            (e.day - s.day + 1) as usize
        })
        .sum();
    assert_eq!(days, 365);
}

#[test]
fn fiscal_years() {
    let q = run(json!({ "total": 4, "unit": 1, "calendar": { "year": 2025, "by": "quarter", "fiscalYearStart": 4 } }));
    assert_eq!(keys(&q), ["FY2025-Q1", "FY2025-Q2", "FY2025-Q3", "FY2025-Q4"]);
    assert_eq!(q["parts"][0]["start"], "2025-04-01");
    assert_eq!(q["parts"][3]["start"], "2026-01-01");
    assert_eq!(q["parts"][3]["end"], "2026-03-31");

    let m = run(json!({ "total": 12, "unit": 1, "calendar": { "year": 2025, "by": "month", "fiscalYearStart": 7 } }));
    assert_eq!(keys(&m).first().unwrap(), "2025-07");
    assert_eq!(keys(&m).last().unwrap(), "2026-06");

    // ISO weeks whose Thursday is in 2025-04-01 ‥ 2026-03-31
    let w = run(json!({ "total": 52, "unit": 1, "calendar": { "year": 2025, "by": "week", "fiscalYearStart": 4 } }));
    let k = keys(&w);
    assert_eq!(k.first().unwrap(), "2025-W14");
    assert_eq!(k.last().unwrap(), "2026-W13");
    assert_eq!(k.len(), 52);

    let e = err(json!({ "total": 4, "calendar": { "year": 2025, "by": "quarter", "fiscalYearStart": 13 } }));
    assert_eq!(
        (e.code, e.path.as_str()),
        (ErrorCode::InvalidSetting, "/calendar/fiscalYearStart")
    );
}

#[test]
fn uplift_and_unit() {
    let out = run(
        json!({ "total": "100万", "uplift": "15%", "unit": 1000, "parts": [{ "key": "A" }, { "key": "B" }, { "key": "C" }] }),
    );
    assert_eq!(out["total"], "1150000");
    assert_eq!(values(&out), ["384000", "383000", "383000"]);
    assert_eq!(out["unit"], "1000");

    // a total that is not a multiple of the unit: the sub-unit remainder goes to the largest part
    let out = run(
        json!({ "total": "100.005", "unit": "0.01", "method": "weights", "weights": [1, 2, 1],
        "parts": [{ "key": "A" }, { "key": "B" }, { "key": "C" }], "locale": "en" }),
    );
    assert_eq!(values(&out), ["25.000", "50.005", "25.000"]);
    let lines = out["explain"]["lines"].as_array().unwrap();
    assert!(
        lines.iter().any(|l| l
            .as_str()
            .unwrap()
            .contains("remainder 0.005 below one unit goes to the largest part, B")),
        "{lines:?}"
    );
}

#[test]
fn bounds() {
    let parts = json!([{ "key": "A" }, { "key": "B" }, { "key": "C" }, { "key": "D" }]);
    // weights 10:1:1:1 of 130, A at most 70
    let out = run(
        json!({ "total": 130, "unit": 1, "parts": parts, "method": "weights", "weights": [10, 1, 1, 1], "max": [70, null, null, null] }),
    );
    assert_eq!(values(&out), ["70", "20", "20", "20"]);
    assert_eq!(out["parts"][0]["bound"], "max");
    assert!(out["parts"][1].get("bound").is_none());

    // a scalar min for all
    let out = run(
        json!({ "total": 100, "unit": 1, "parts": parts, "method": "weights", "weights": [97, 1, 1, 1], "min": 10 }),
    );
    assert_eq!(values(&out), ["70", "10", "10", "10"]);
    assert_eq!(out["parts"][3]["bound"], "min");

    // both sides at once, bounds on the parts
    let out = run(json!({ "total": 100, "unit": 1, "method": "weights", "parts": [
        { "key": "A", "weight": 50, "max": 40 }, { "key": "B", "weight": 49 }, { "key": "C", "weight": 1, "min": 15 }] }));
    assert_eq!(values(&out), ["40", "45", "15"]);

    // bounds not multiples of the unit are moved inward
    let out = run(
        json!({ "total": 100, "unit": 10, "parts": [{ "key": "A" }, { "key": "B" }], "method": "weights", "weights": [9, 1], "max": [75, null] }),
    );
    assert_eq!(values(&out), ["70", "30"]);

    // impossible
    let e = err(json!({ "total": 100, "parts": parts, "max": 20 }));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/max"));
    let e = err(json!({ "total": 100, "parts": parts, "min": 30 }));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/min"));
    let e = err(json!({ "total": 100, "parts": parts, "min": 20, "max": 10 }));
    assert_eq!(e.code, ErrorCode::InvalidSetting);
}

#[test]
fn locked() {
    let out = run(
        json!({ "total": 1000, "unit": 1, "calendar": { "year": 2025, "by": "quarter" },
        "locked": { "2025-Q1": 400 } }),
    );
    assert_eq!(values(&out), ["400", "200", "200", "200"]);
    assert_eq!(out["parts"][0]["locked"], true);
    assert!(out["parts"][1].get("locked").is_none());

    let out = run(json!({ "total": 1000, "unit": 1, "method": "weights",
        "parts": [{ "key": "A", "weight": 1, "locked": "333.5" }, { "key": "B", "weight": 1 }, { "key": "C", "weight": 3 }] }));
    // 666.5 over 1:3: the whole 666 splits 166.5 / 499.5 → 166 / 499, the one unit left
    // over goes to the earlier tie (B), the 0.5 below the unit to the largest part (C)
    assert_eq!(values(&out), ["333.5", "167.0", "499.5"]);

    let e = err(json!({ "total": 100, "parts": [{ "key": "A" }], "locked": { "Z": 1 } }));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/locked/Z"));
    let e = err(json!({ "total": 100, "parts": [{ "key": "A" }, { "key": "B" }], "locked": { "A": 101 } }));
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/locked"));
    let e = err(json!({ "total": 100, "parts": [{ "key": "A" }], "locked": { "A": 99 } }));
    assert_eq!(e.code, ErrorCode::InvalidSetting);
    let all = run(json!({ "total": 100, "parts": [{ "key": "A" }], "locked": { "A": 100 } }));
    assert_eq!(values(&all), ["100.00"]);
}

#[test]
fn locked_values_the_total_cannot_sum_back_to_exactly_are_refused() {
    // total − locked needs 37 significant digits: rounded to 28 the parts would not sum to 1e9
    let pi = "3.1415926535897932384626433833";
    for (total, locked, unit) in [
        ("1e9", pi, "0.01"),
        ("1000000000", pi, "0.01"),
        ("79228162514264337593543950335", "0.5", "1"),
    ] {
        let e = err(
            json!({ "total": total, "parts": [{ "key": "a", "locked": locked }, { "key": "b" }], "unit": unit, "method": "equal" }),
        );
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidSetting, "/locked"),
            "{total} − {locked}"
        );
        assert!(e.messages.en.contains("28 significant digits"), "{}", e.messages.en);
    }
    // 28 digits that do fit beside the total decompose exactly
    let out = run(
        json!({ "total": "10", "parts": [{ "key": "a", "locked": "3.141592653589793238462643383" }, { "key": "b" }],
        "unit": "0.000000000000000000000000001", "method": "equal" }),
    );
    assert_eq!(
        values(&out),
        ["3.141592653589793238462643383", "6.858407346410206761537356617"]
    );
    // Found by `extreme_values_sum_exactly_or_are_refused`: the parts sum to the total
    // exactly though 78.39… + 0.83… needs 30 digits on the way (was INTERNAL).
    let out = run(
        json!({ "total": "79.22816251426433760", "unit": "0.01", "method": "equal", "parts": [
        { "key": "a" },
        { "key": "b", "locked": "0.8311512547619072745121146589" },
        { "key": "c", "locked": "0.0000000000000000000000000001" } ] }),
    );
    assert_eq!(
        values(&out),
        [
            "78.397011259502430325487885341",
            "0.8311512547619072745121146589",
            "0.0000000000000000000000000001"
        ]
    );
}

#[test]
fn a_unit_too_fine_for_the_total_is_refused() {
    // (total, unit, refused): |total| at the unit's places must fit 96 bits (7.9e28);
    // found by the `targets` fuzz target (1e28 by π was an INTERNAL "parts do not sum").
    let cases = [
        ("1e28", "3.1415926535897932384626433833", true),
        ("79228162514264337593543950335", "0.1", true),
        ("100000000", "0.0000000000000000000001", true),
        ("79228162514264337593543950335", "1", false),
        ("1000000", "0.0000000000000000000001", false),
        ("10", "0.000000000000000000000000001", false),
    ];
    for (total, unit, refused) in cases {
        let input = json!({ "total": total, "unit": unit, "method": "equal",
                            "parts": [{ "key": "a" }, { "key": "b" }, { "key": "c" }] });
        match decompose_json(&input.to_string()) {
            Ok(out) => {
                assert!(!refused, "{total} by {unit} was accepted");
                let out: Value = serde_json::from_str(&out).unwrap();
                let sum = values(&out).iter().fold(Decimal::ZERO, |s, v| s + d(v));
                assert_eq!(sum, d(total), "{total} by {unit}");
            }
            Err(e) => {
                assert!(refused, "{total} by {unit}: {e}");
                assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/unit"));
                assert!(e.messages.en.contains("too many decimal places"), "{}", e.messages.en);
            }
        }
    }
}

#[test]
fn explanations_in_three_locales() {
    let input = |locale: &str| {
        json!({ "total": 1000, "uplift": "0.1", "unit": 100, "method": "weights", "weights": [1, 1, 1],
                "parts": [{ "key": "A" }, { "key": "B" }, { "key": "C" }], "locale": locale })
    };
    let cn = run(input("zh-CN"));
    let lines: Vec<&str> = cn["explain"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(lines[0], "目标总额 1,000 ×（1 + 上浮 10.00%）= 1,100");
    assert_eq!(lines[1], "方法：按权重，共 3 个部分");
    assert_eq!(lines[2], "A：1 ÷ 3 = 33.33%，366.67");
    assert!(
        lines.iter().any(|l| l.contains("剩余 2 个单位按最大余数分给：A, B")),
        "{lines:?}"
    );
    assert_eq!(values(&cn), ["400", "400", "300"]);
    let tw = run(input("zh-TW"));
    assert!(tw["explain"]["lines"][1].as_str().unwrap().contains("按權重"));
    let en = run(input("en"));
    assert_eq!(en["explain"]["lines"][0], "Total 1,000 × (1 + uplift 10.00%) = 1,100");
}

#[test]
fn errors() {
    let three = json!([{ "key": "A" }, { "key": "B" }, { "key": "C" }]);
    let cases: Vec<(Value, ErrorCode, &str)> = vec![
        (json!({ "total": 1, "parts": [] }), ErrorCode::InvalidInput, "/parts"),
        (json!({ "total": 1 }), ErrorCode::MissingSetting, "/parts"),
        (
            json!({ "total": 1, "parts": three, "calendar": { "year": 2025, "by": "month" } }),
            ErrorCode::InvalidInput,
            "/parts",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "weights", "weights": [1, -1, 1] }),
            ErrorCode::InvalidSetting,
            "/weights/1",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "weights", "weights": [0, 0, 0] }),
            ErrorCode::InvalidSetting,
            "/weights",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "weights" }),
            ErrorCode::MissingSetting,
            "/parts/0/weights",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "history", "history": [0, 0, 0] }),
            ErrorCode::InvalidSetting,
            "/history",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "history", "history": [1, 2] }),
            ErrorCode::InvalidInput,
            "/history",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "nope" }),
            ErrorCode::InvalidSetting,
            "/method",
        ),
        (
            json!({ "total": 1, "parts": three, "unit": 2 }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            json!({ "total": 1, "parts": three, "unit": 0 }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            json!({ "total": 0, "parts": three }),
            ErrorCode::InvalidSetting,
            "/total",
        ),
        (
            json!({ "total": -5, "parts": three }),
            ErrorCode::InvalidSetting,
            "/total",
        ),
        (
            json!({ "total": 1, "parts": three, "uplift": -1 }),
            ErrorCode::InvalidSetting,
            "/uplift",
        ),
        (
            json!({ "total": 1, "calendar": { "year": 10000, "by": "month" } }),
            ErrorCode::InvalidDate,
            "/calendar/year",
        ),
        (
            json!({ "total": 1, "calendar": { "year": 0, "by": "month" } }),
            ErrorCode::InvalidDate,
            "/calendar/year",
        ),
        (
            json!({ "total": 1, "calendar": { "year": 2025, "by": "month" }, "method": "working_days", "holidays": ["2025-02-30"] }),
            ErrorCode::InvalidDate,
            "/holidays/0",
        ),
        (
            json!({ "total": 1, "parts": three, "method": "working_days" }),
            ErrorCode::MissingSetting,
            "/parts/0/start",
        ),
        (
            json!({ "total": 1, "parts": [{ "key": "A" }, { "key": "A" }] }),
            ErrorCode::InvalidInput,
            "/parts/1/key",
        ),
        (
            json!({ "total": "abc", "parts": three }),
            ErrorCode::InvalidInput,
            "/total",
        ),
        (
            json!({ "total": 1, "parts": three, "locale": "fr" }),
            ErrorCode::InvalidSetting,
            "/locale",
        ),
        (
            json!({ "total": 1, "parts": three, "bogus": 1 }),
            ErrorCode::InvalidInput,
            "/bogus",
        ),
        (
            json!({ "total": 1, "parts": [{ "key": "A", "weight": "x" }] }),
            ErrorCode::InvalidInput,
            "/parts/0/weight",
        ),
    ];
    for (input, code, path) in cases {
        let e = err(input.clone());
        assert_eq!((e.code, e.path.as_str()), (code, path), "{input}: {}", e.messages.en);
        assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty());
    }
    assert_eq!(decompose_json("{").unwrap_err().code, ErrorCode::InvalidJson);
    // the message comes in the input's locale
    let e = err(json!({ "total": 1, "parts": [], "locale": "en" }));
    assert_eq!(e.message, "there are no parts to split into");
    let e = err(json!({ "total": 1, "parts": [], "locale": "zh-TW" }));
    assert_eq!(e.message, "沒有可分解的部分");
}

fn replan(input: Value) -> Value {
    serde_json::from_str(&jixiao::json::replan_json(&input.to_string()).unwrap()).unwrap()
}

fn targets(out: &Value) -> Vec<String> {
    out["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["target"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn replan_behind_ahead_on_track() {
    // Q1 closed 40 short: Q2–Q4 share 340 in proportion 100:100:200
    let out = replan(json!({ "total": 500, "unit": 1, "asOf": "2025-04-10", "parts": [
        { "key": "2025-Q1", "target": 100, "actual": 60 },
        { "key": "2025-Q2", "target": 100, "actual": 20 },
        { "key": "2025-Q3", "target": 100 },
        { "key": "2025-Q4", "target": 200 }] }));
    assert_eq!(out["status"], "behind");
    assert_eq!(out["gap"], "40");
    assert_eq!(out["remaining"], "440");
    assert_eq!(targets(&out), ["60", "110", "110", "220"]);
    assert_eq!(out["parts"][0]["closed"], true);
    assert_eq!(out["parts"][1]["closed"], false);
    assert_eq!(out["parts"][1]["change"], "10");

    let out = replan(json!({ "total": 300, "unit": 1, "parts": [
        { "key": "A", "target": 100, "actual": 100, "closed": true }, { "key": "B", "target": 100 }, { "key": "C", "target": 100 }] }));
    assert_eq!(out["status"], "on_track");
    assert_eq!(targets(&out), ["100", "100", "100"]);

    // leftover units by largest remainder, ties to the earlier part
    let out = replan(json!({ "total": 100, "parts": [
        { "key": "A", "target": 10, "actual": 0, "closed": true },
        { "key": "B", "target": 1 }, { "key": "C", "target": 1 }, { "key": "D", "target": 1 }] }));
    assert_eq!(targets(&out), ["0.00", "33.34", "33.33", "33.33"]);
}

#[test]
fn replan_as_of_reads_period_keys() {
    let out = replan(json!({ "total": 1200, "unit": 1, "asOf": "2025-03-01", "parts": [
        { "key": "2025-01", "target": 100, "actual": 100 }, { "key": "2025-02", "target": 100, "actual": 50 },
        { "key": "2025-03", "target": 1000 }] }));
    assert_eq!(targets(&out), ["100", "50", "1050"]);
    let out = replan(json!({ "total": 30, "unit": 1, "asOf": "2025-01-07", "parts": [
        { "key": "2025-W01", "target": 10, "actual": 5 }, { "key": "2025-W02", "target": 10 }, { "key": "2025-01-W3", "target": 10 }] }));
    assert_eq!(out["parts"][0]["closed"], true);
    assert_eq!(out["parts"][2]["closed"], false);
    let e = jixiao::json::replan_json(
        &json!({ "total": 1, "asOf": "2025-01-01", "parts": [{ "key": "华东", "target": 1 }] }).to_string(),
    )
    .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "/parts/0/key"));
}

#[test]
fn replan_exceeded_never_goes_negative() {
    let out = replan(json!({ "total": 100, "unit": 1, "locale": "en", "parts": [
        { "key": "A", "target": 50, "actual": 130, "closed": true }, { "key": "B", "target": 50 }] }));
    assert_eq!(out["status"], "exceeded");
    assert_eq!(targets(&out), ["130", "0"]);
    assert_eq!(out["surplus"], "30");
    assert_eq!(out["remaining"], "0");
    let lines = out["explain"]["lines"].as_array().unwrap();
    assert!(lines[1].as_str().unwrap().contains("30 above the total"), "{lines:?}");
}

#[test]
fn replan_errors() {
    let cases: Vec<(Value, ErrorCode, &str)> = vec![
        (json!({ "total": 1, "parts": [] }), ErrorCode::InvalidInput, "/parts"),
        (
            json!({ "total": 1, "parts": [{ "key": "A", "target": 1, "closed": true }] }),
            ErrorCode::MissingSetting,
            "/parts/0/actual",
        ),
        (
            json!({ "total": 1, "parts": [{ "key": "A", "target": -1 }] }),
            ErrorCode::InvalidSetting,
            "/parts/0/target",
        ),
        (
            json!({ "total": 1, "parts": [{ "key": "A", "target": 1 }, { "key": "A", "target": 1 }] }),
            ErrorCode::InvalidInput,
            "/parts/1/key",
        ),
        (
            json!({ "total": 1, "asOf": "yesterday", "parts": [{ "key": "A", "target": 1 }] }),
            ErrorCode::InvalidDate,
            "/asOf",
        ),
        (
            json!({ "total": 1, "unit": 0, "parts": [{ "key": "A", "target": 1 }] }),
            ErrorCode::InvalidSetting,
            "/unit",
        ),
        (
            json!({ "total": 1, "parts": [{ "key": "A" }] }),
            ErrorCode::InvalidInput,
            "/parts/0",
        ),
    ];
    for (input, code, path) in cases {
        let e = jixiao::json::replan_json(&input.to_string()).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{input}: {}", e.messages.en);
    }
}

#[test]
fn a_replan_whose_closed_parts_need_more_than_28_digits_is_refused() {
    // Found by props::edges: 7 922 817 − an actual of 1e-28 needs 35 significant digits;
    // rounded, the new targets summed to the total + 1e-28.
    let input = json!({ "total": "7922817", "unit": "1", "parts": [
        { "key": "P0", "target": "1", "actual": "0.0000000000000000000000000001", "closed": true },
        { "key": "P1", "target": "1" }] });
    let e = jixiao::json::replan_json(&input.to_string()).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidSetting, "/parts"));
    assert!(
        e.messages.en.contains("more than 28 significant digits"),
        "{}",
        e.messages.en
    );
    // an actual the total can hold beside it is fine, and exact
    let input = json!({ "total": "7922817", "unit": "1", "parts": [
        { "key": "P0", "target": "1", "actual": "0.5", "closed": true }, { "key": "P1", "target": "1" }] });
    let out: Value = serde_json::from_str(&jixiao::json::replan_json(&input.to_string()).unwrap()).unwrap();
    let news: Vec<Decimal> = out["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| d(p["target"].as_str().unwrap()))
        .collect();
    assert_eq!(news, [d("0.5"), d("7922816.5")]);
}
