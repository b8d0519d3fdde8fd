//! Dates in formulas (DESIGN.md, "Formulas"): the date functions on every date form a cell
//! may hold, dates in `+`/`-` and comparisons, blank dates, the period, `asOf` and the
//! holiday calendar, hostile arguments (structured errors, bounded work), and inside
//! `evaluate`: the seed rule "research started at least 3 months before renewal", the
//! scheme's `calendar`, `asOf`, and formula errors at the formula's JSON pointer.
//!
//! Expected day counts were computed with Python's `datetime` (shown beside each case),
//! never by running the engine.

use crate::common::{d, evaluate_people, fixture};
use jixiao::dates::{Date, WorkCalendar};
use jixiao::formula::{FormulaContext, FormulaValue};
use jixiao::{json::validate_scheme_json, parse_formula, Engine, ErrorCode, EvaluateOptions, JixiaoError};
use serde_json::{json, Value};

fn n(s: &str) -> FormulaValue {
    FormulaValue::Number(d(s))
}

fn day(y: i32, m: u32, dd: u32) -> FormulaValue {
    FormulaValue::Date(Date::new(y, m, dd).unwrap())
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// China's 2025 holidays and make-up workdays (tests/fixtures/cn-holidays-2025.json).
fn cn_2025() -> WorkCalendar {
    let cal = fixture("cn-holidays-2025.json");
    let list = |k: &str| {
        cal[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| date(v.as_str().unwrap()))
            .collect::<Vec<_>>()
    };
    WorkCalendar::new(list("holidays"), list("workdays"))
}

/// The period 2025-Q1 with China's 2025 calendar; no `asOf`.
fn q1() -> FormulaContext {
    FormulaContext {
        period: Date::period_range("2025-Q1"),
        calendar: cn_2025(),
        ..FormulaContext::default()
    }
}

/// The test record: date cells in every form a host gives them.
fn resolve(name: &str) -> Result<FormulaValue, JixiaoError> {
    Ok(match name {
        "签约日期" => FormulaValue::from("2024-03-05"),
        "斜线" => FormulaValue::from("2024/3/5"),
        "中文" => FormulaValue::from("2024年3月5日"),
        "带时间" => FormulaValue::from("2024-03-05 10:00:00"),
        "带时区" => FormulaValue::from("2024-03-04T18:00:00.000Z"),
        // python: datetime(2024,3,5,tzinfo=+08:00).timestamp()*1000
        "毫秒" => n("1709568000000"),
        "毫秒文本" => FormulaValue::from("1709568000000"),
        "续约日期" => FormulaValue::from("2024/6/30"),
        "十月" => FormulaValue::from("2024/10/5"),
        "空" => FormulaValue::Blank,
        "空白文本" => FormulaValue::from("  "),
        "文本" => FormulaValue::from("abc"),
        _ => FormulaValue::Blank,
    })
}

fn eval_in(ctx: &FormulaContext, src: &str) -> Result<FormulaValue, JixiaoError> {
    parse_formula(src)?.eval_in(ctx, &mut resolve)
}

fn check(ctx: &FormulaContext, cases: &[(&str, FormulaValue)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(src, want)| match eval_in(ctx, src) {
            Ok(got) if &got == want => None,
            other => Some(format!("{src:?}: want {want:?}, got {other:?}")),
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_errors(ctx: &FormulaContext, cases: &[(&str, ErrorCode, Option<usize>)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(src, code, position)| match eval_in(ctx, src) {
            Err(e) if e.code == *code && e.position == *position && !e.messages.en.is_empty() => None,
            other => Some(format!("{src:?}: want {code:?} at {position:?}, got {other:?}")),
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_date_form_a_cell_holds_is_read() {
    let cases: Vec<(String, FormulaValue)> = ["签约日期", "斜线", "中文", "带时间", "带时区", "毫秒", "毫秒文本"]
        .iter()
        .flat_map(|cell| {
            [
                (format!("YEAR({cell})"), n("2024")),
                (format!("MONTH({cell})"), n("3")),
                (format!("DAY({cell})"), n("5")),
                (format!("DATE(2024, 3, 5) = {cell}"), FormulaValue::Bool(true)),
            ]
        })
        // epoch milliseconds are a number: read as a date by the date functions, but never
        // compared with one
        .filter(|(src, _)| !src.starts_with("DATE(2024, 3, 5) = 毫秒"))
        .collect();
    let cases: Vec<(&str, FormulaValue)> = cases.iter().map(|(s, v)| (s.as_str(), v.clone())).collect();
    check(&FormulaContext::default(), &cases);
}

#[test]
fn the_date_functions() {
    check(
        &q1(),
        &[
            // python: (date(2024,12,25) - date(2024,3,5)).days
            ("DAYS(\"2024-12-25\", 签约日期)", n("295")),
            ("DAYS(签约日期, \"2024-12-25\")", n("-295")),
            // python: (date(2024,6,30) - date(2024,3,5)).days; date minus date is days
            ("续约日期 - 签约日期", n("117")),
            ("DATE(2024, 6, 30) - DATE(2024, 3, 5)", n("117")),
            ("DATEDIF(签约日期, 续约日期, \"D\")", n("117")),
            ("DATEDIF(签约日期, 续约日期, \"M\")", n("3")),
            ("DATEDIF(签约日期, 续约日期, \"m\")", n("3")),
            ("DATEDIF(\"2024-01-31\", \"2024-02-29\", \"M\")", n("0")),
            ("DATEDIF(\"2024-01-31\", \"2024-03-31\", \"M\")", n("2")),
            ("DATEDIF(\"2020-02-29\", \"2024-02-28\", \"Y\")", n("3")),
            ("DATEDIF(\"2020-02-29\", \"2024-02-29\", \"Y\")", n("4")),
            // 2020-02-29 → 2024-06-01: 51 whole months (day 1 < 29), 4 years and 3 months
            ("DATEDIF(\"2020-02-29\", \"2024-06-01\", \"YM\")", n("3")),
            // one whole month reaches 2024-02-29 (kept inside February), one day more
            ("DATEDIF(\"2024-01-31\", \"2024-03-01\", \"MD\")", n("1")),
            // no whole year: python (date(2024,3,1) - date(2023,6,15)).days
            ("DATEDIF(\"2023-06-15\", \"2024-03-01\", \"YD\")", n("260")),
            ("DATEDIF(签约日期, 签约日期, \"D\")", n("0")),
            ("EDATE(\"2024-01-31\", 1)", day(2024, 2, 29)),
            ("EDATE(\"2024-03-31\", -1)", day(2024, 2, 29)),
            ("EDATE(签约日期, 12.9)", day(2025, 3, 5)),
            ("EOMONTH(\"2024-01-15\", 1)", day(2024, 2, 29)),
            ("EOMONTH(\"2024-01-15\", -13)", day(2022, 12, 31)),
            ("EOMONTH(签约日期, 0)", day(2024, 3, 31)),
            // months and days roll over as in a spreadsheet: date(2025,1,1) + timedelta(39)
            ("DATE(2024, 13, 40)", day(2025, 2, 9)),
            ("DATE(2024, 0, 0)", day(2023, 11, 30)),
            ("DATE(2024, -1, 1)", day(2023, 11, 1)),
            ("DATE(2024.9, 2.9, 29.9)", day(2024, 2, 29)),
            ("PERIOD_START()", day(2025, 1, 1)),
            ("PERIOD_END()", day(2025, 3, 31)),
            ("TODAY()", day(2025, 3, 31)),
            // python: the days of 2025-01-01…03-31 that are listed workdays, or Mon–Fri and
            // not listed holidays (cn-holidays-2025.json): 59; without the calendar 64
            ("NETWORKDAYS(PERIOD_START(), PERIOD_END())", n("59")),
            ("NETWORKDAYS(PERIOD_END(), PERIOD_START())", n("-59")),
            ("NETWORKDAYS(\"2025-01-01\", \"2025-12-31\")", n("248")),
            // 2025-01-26 is a Sunday worked (调休)
            ("NETWORKDAYS(\"2025-01-26\", \"2025-01-26\")", n("1")),
            ("NETWORKDAYS(\"2025-01-28\", \"2025-02-04\")", n("0")),
        ],
    );
    let plain = FormulaContext {
        period: Date::period_range("2025-Q1"),
        ..FormulaContext::default()
    };
    check(&plain, &[("NETWORKDAYS(PERIOD_START(), PERIOD_END())", n("64"))]);
    let as_of = FormulaContext {
        as_of: Some(date("2025-02-14")),
        ..q1()
    };
    check(
        &as_of,
        &[
            ("TODAY()", day(2025, 2, 14)),
            ("DATEDIF(签约日期, TODAY(), \"Y\")", n("0")),
        ],
    );
}

#[test]
fn dates_in_arithmetic_comparisons_and_text() {
    check(
        &FormulaContext::default(),
        &[
            ("DATE(2024, 2, 28) + 2", day(2024, 3, 1)),
            ("2 + DATE(2024, 2, 28)", day(2024, 3, 1)),
            ("DATE(2024, 3, 1) - 1", day(2024, 2, 29)),
            ("DATE(2024, 3, 1) - 1.9", day(2024, 2, 29)),
            ("签约日期 + 30 - 签约日期", n("30")),
            ("续约日期 > 签约日期", FormulaValue::Bool(true)),
            // as text "2024/10/5" < "2024/3/5"; as dates it is later
            ("十月 > 斜线", FormulaValue::Bool(true)),
            ("签约日期 = 中文", FormulaValue::Bool(true)),
            ("DATE(2024, 3, 5) = 签约日期", FormulaValue::Bool(true)),
            ("DATE(2024, 3, 5) < \"2024/3/6\"", FormulaValue::Bool(true)),
            ("空 < DATE(2024, 3, 5)", FormulaValue::Bool(true)),
            (
                "\"到期：\" & EDATE(\"2024-01-31\", 1)",
                FormulaValue::from("到期：2024-02-29"),
            ),
            ("LEN(DATE(2024, 3, 5))", n("10")),
            ("ISBLANK(DATE(2024, 3, 5))", FormulaValue::Bool(false)),
            ("IF(DATE(2024, 3, 5) > 签约日期, 1, 2)", n("2")),
            (
                "SWITCH(斜线, 签约日期, \"same\", \"other\")",
                FormulaValue::from("same"),
            ),
        ],
    );
}

#[test]
fn a_blank_date_gives_blank_and_conditions_on_it_do_not_hold() {
    check(
        &q1(),
        &[
            ("YEAR(空)", FormulaValue::Blank),
            ("MONTH(空白文本)", FormulaValue::Blank),
            ("DAYS(空, 签约日期)", FormulaValue::Blank),
            ("DATEDIF(空, 续约日期, \"M\")", FormulaValue::Blank),
            ("DATEDIF(空, 续约日期, \"M\") >= 3", FormulaValue::Bool(false)),
            ("EDATE(空, 1)", FormulaValue::Blank),
            ("EOMONTH(空, 1)", FormulaValue::Blank),
            ("NETWORKDAYS(PERIOD_START(), 空)", FormulaValue::Blank),
            ("续约日期 - 空", FormulaValue::Blank),
            ("空 - 续约日期 + 1", FormulaValue::Blank),
            // no date beside it: blank is 0 in arithmetic, as everywhere
            ("空 - 空", n("0")),
            ("空 + 1", n("1")),
            // DATE's parts are numbers: blank is 0
            ("DATE(2024, 3, 空)", day(2024, 2, 29)),
        ],
    );
}

#[test]
fn hostile_date_arguments_are_structured_errors() {
    check_errors(
        &FormulaContext::default(),
        &[
            ("DATE(0, 1, 1)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(10000, 1, 1)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(9999, 12, 32)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(1, 1, 0)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(2024, 99999999999999999999, 1)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(2024, 1, -99999999999999999999)", ErrorCode::InvalidDate, Some(0)),
            ("DATE(2024, 120000, 1)", ErrorCode::InvalidDate, Some(0)),
            ("EDATE(签约日期, 1000000000000)", ErrorCode::InvalidDate, Some(0)),
            (
                "EDATE(签约日期, -99999999999999999999999)",
                ErrorCode::InvalidDate,
                Some(0),
            ),
            (
                "EOMONTH(签约日期, 9223372036854775807)",
                ErrorCode::InvalidDate,
                Some(0),
            ),
            ("DATE(9999, 12, 31) + 1", ErrorCode::InvalidDate, Some(19)),
            ("DATE(1, 1, 1) - 1", ErrorCode::InvalidDate, Some(14)),
            ("签约日期 + 99999999999999999999", ErrorCode::InvalidDate, Some(5)),
            ("YEAR(文本)", ErrorCode::InvalidDate, Some(0)),
            ("YEAR(\"2024-02-30\")", ErrorCode::InvalidDate, Some(0)),
            ("YEAR(12345)", ErrorCode::InvalidDate, Some(0)),
            ("YEAR(-1709568000000)", ErrorCode::InvalidDate, Some(0)),
            ("YEAR(TRUE)", ErrorCode::InvalidDate, Some(0)),
            ("DAYS(\"abc\", 签约日期)", ErrorCode::InvalidDate, Some(0)),
            ("1 + DATEDIF(续约日期, 签约日期, \"M\")", ErrorCode::OutOfRange, Some(4)),
            ("DATEDIF(签约日期, 续约日期, \"W\")", ErrorCode::FormulaType, Some(0)),
            ("DATEDIF(签约日期, 续约日期, 空)", ErrorCode::FormulaType, Some(0)),
            ("DATE(2024, 1, 1) + DATE(2024, 1, 1)", ErrorCode::FormulaType, Some(17)),
            ("1 - DATE(2024, 1, 1)", ErrorCode::FormulaType, Some(2)),
            ("DATE(2024, 1, 1) * 2", ErrorCode::FormulaType, Some(17)),
            ("-DATE(2024, 1, 1)", ErrorCode::FormulaType, Some(0)),
            ("SUM(DATE(2024, 1, 1))", ErrorCode::FormulaType, Some(0)),
            ("IF(DATE(2024, 1, 1), 1, 2)", ErrorCode::FormulaType, Some(0)),
            ("DATE(2024, 1, 1) = 1709568000000", ErrorCode::FormulaType, Some(17)),
            ("PERIOD_START()", ErrorCode::MissingSetting, Some(0)),
            ("1 + PERIOD_END()", ErrorCode::MissingSetting, Some(4)),
            ("TODAY()", ErrorCode::MissingSetting, Some(0)),
        ],
    );
    for (src, code) in [
        ("TODAY(1)", ErrorCode::FormulaSyntax),
        ("DATE(2024, 1)", ErrorCode::FormulaSyntax),
        ("DATEDIF(a, b)", ErrorCode::FormulaSyntax),
        ("NETWORKDAYS(a, b, c)", ErrorCode::FormulaSyntax),
    ] {
        assert_eq!(parse_formula(src).unwrap_err().code, code, "{src}");
    }
    // IFERROR catches a date error like any other
    check(
        &FormulaContext::default(),
        &[
            ("IFERROR(DATEDIF(续约日期, 签约日期, \"M\"), -1)", n("-1")),
            ("IFERROR(PERIOD_START(), \"无期间\")", FormulaValue::from("无期间")),
        ],
    );
}

#[test]
fn networkdays_over_ten_thousand_years_counts_by_whole_weeks() {
    // python: sum(1 for o in range(date(1,1,1).toordinal(), date(9999,12,31).toordinal() + 1)
    //             if (o - 1) % 7 < 5) = 2608615; China's 2025 calendar turns 2025's 261
    //             Monday–Fridays into 248 working days: 2608615 - 261 + 248 = 2608602
    check(
        &q1(),
        &[
            ("NETWORKDAYS(DATE(1, 1, 1), DATE(9999, 12, 31))", n("2608602")),
            ("NETWORKDAYS(DATE(9999, 12, 31), DATE(1, 1, 1))", n("-2608602")),
        ],
    );
    check(
        &FormulaContext::default(),
        &[("NETWORKDAYS(DATE(1, 1, 1), DATE(9999, 12, 31))", n("2608615"))],
    );
}

/// The seed rule as a pass/fail condition and as a count, with row errors at the pointer.
fn research_scheme() -> Value {
    json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "research", "name": "续约前调研", "weight": 50,
              "scoring": { "type": "pass_fail", "pass": "DATEDIF(调研开始日期, 续约日期, \"M\") >= 3" } },
            { "key": "early", "name": "提前调研的客户数", "weight": 50,
              "actual": { "formula": "IF(DATEDIF(调研开始日期, 续约日期, \"M\") >= 3, 1, 0) + IF(DATEDIF(客户二调研, 客户二续约, \"M\") >= 3, 1, 0)" },
              "scoring": { "type": "direct", "scale": { "max": 2 } } }
        ]
    })
}

#[test]
fn research_started_at_least_three_months_before_renewal() {
    let out = evaluate_people(
        &research_scheme(),
        json!([
            // 2024-01-10 → 2024-04-10: 3 whole months; 2024-01-11 → 04-10: 2
            { "工号": "E1", "调研开始日期": "2024-01-10", "续约日期": "2024-04-10", "客户二调研": "2024/1/11", "客户二续约": "2024/4/10" },
            { "工号": "E2", "调研开始日期": "2024年1月11日", "续约日期": "2024年4月10日", "客户二调研": "2023-10-01", "客户二续约": "2024-04-10" },
            { "工号": "E3", "续约日期": "2024-04-10", "客户二调研": 1704816000000_i64, "客户二续约": "2024-04-10 09:30:00" },
            { "工号": "E4", "调研开始日期": "不知道", "续约日期": "2024-04-10", "客户二调研": "2023-10-01", "客户二续约": "2024-04-10" },
            { "工号": "E5", "调研开始日期": "2024-05-01", "续约日期": "2024-04-10", "客户二调研": "2023-10-01", "客户二续约": "2024-04-10" }
        ]),
        &EvaluateOptions::default(),
    );
    let r = &out["results"];
    let score = |i: usize, k: usize| r[i]["indicators"][k]["score"].as_str().unwrap().to_string();
    assert_eq!((score(0, 0), score(0, 1)), ("100.00".into(), "50.00".into()));
    assert_eq!((score(1, 0), score(1, 1)), ("0.00".into(), "50.00".into()));
    // E3: no research date (blank: the condition does not hold); 1704816000000 ms is
    // 2024-01-10 00:00 at +08:00 (python: datetime(2024,1,10,tzinfo=+8).timestamp()*1000)
    assert_eq!((score(2, 0), score(2, 1)), ("0.00".into(), "50.00".into()));
    // E4: not a date → the row fails at the condition's pointer, with the place in it
    assert_eq!(r[3]["ok"], false);
    let e = &r[3]["errors"][0];
    assert_eq!(e["code"], "INVALID_DATE");
    assert_eq!(e["path"], "/indicators/0/scoring/pass");
    assert_eq!(e["row"], 3);
    assert_eq!(e["position"], 0);
    assert_eq!(e["field"], "DATEDIF(调研开始日期, 续约日期, \"M\") >= 3");
    // E5: research after renewal → DATEDIF's end is before its start
    assert_eq!(r[4]["ok"], false);
    assert_eq!(r[4]["errors"][0]["code"], "OUT_OF_RANGE");
    let failed_rows: Vec<&Value> = out["errors"].as_array().unwrap().iter().map(|e| &e["row"]).collect();
    assert!(failed_rows.iter().all(|r| **r == 3 || **r == 4), "{failed_rows:?}");
}

#[test]
fn a_formula_error_points_at_the_formula_in_the_scheme_not_at_its_text() {
    let scheme = json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "a", "weight": 50, "actual": { "field": "甲" }, "scoring": { "type": "direct" } },
            { "key": "b", "weight": 50, "actual": { "formula": "采纳建议数 ~1 提交建议数" }, "scoring": { "type": "direct" } }
        ]
    });
    let issues = validate_scheme_json(&scheme.to_string(), None);
    assert_eq!(issues.issues[0].path, "/indicators/1/actual/formula");
    let scheme = json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "a", "weight": 50, "actual": { "field": "甲" }, "scoring": { "type": "direct" } },
            { "key": "b", "weight": 50, "actual": { "formula": "采纳建议数 / 提交建议数" }, "scoring": { "type": "direct" } }
        ],
        "adjustments": [ { "key": "late", "per": -1, "value": { "formula": "DAYS(交付日期, 约定日期)" } } ]
    });
    let out = evaluate_people(
        &scheme,
        json!([
            { "工号": "E1", "甲": 1, "采纳建议数": 3, "提交建议数": 0, "交付日期": "2024-01-05", "约定日期": "2024-01-01" },
            { "工号": "E2", "甲": 1, "采纳建议数": 3, "提交建议数": 4, "交付日期": "下周", "约定日期": "2024-01-01" }
        ]),
        &EvaluateOptions::default(),
    );
    let e = &out["results"][0]["errors"][0];
    assert_eq!(e["code"], "ZERO_DIVISOR");
    assert_eq!(e["path"], "/indicators/1/actual/formula");
    assert_eq!((e["row"].clone(), e["position"].clone()), (json!(0), json!(6)));
    let e = &out["results"][1]["errors"][0];
    assert_eq!(e["code"], "INVALID_DATE");
    assert_eq!(e["path"], "/adjustments/0/value/formula");
    assert_eq!(e["row"], 1);
}

#[test]
fn period_as_of_and_the_schemes_calendar_inside_evaluate() {
    let scheme = json!({
        "fields": { "id": "工号" },
        "calendar": {
            "holidays": ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"],
            "workdays": ["2025-09-28", "2025-10-11"]
        },
        "indicators": [
            { "key": "days", "weight": 50, "actual": { "formula": "NETWORKDAYS(PERIOD_START(), PERIOD_END())" }, "scoring": { "type": "direct" } },
            { "key": "tenure", "weight": 50, "actual": { "formula": "DAYS(TODAY(), 入职日期)" }, "scoring": { "type": "direct" } }
        ]
    });
    let engine = Engine::from_value(&scheme).unwrap();
    let people = json!([{ "工号": "E1", "入职日期": "2025-10-01" }]);
    let run = |input: Value| engine.evaluate_value(&input, &EvaluateOptions::default());
    // python: 2025-10 has 23 Mon–Fri; 10-01…03 and 10-06…08 off (6), 10-11 worked: 18
    let out = run(json!({ "people": people, "period": "2025-10", "asOf": "2025-10-20" })).unwrap();
    let ind = &out["results"][0]["indicators"];
    assert_eq!(ind[0]["actual"], "18");
    // python: (date(2025,10,20) - date(2025,10,1)).days
    assert_eq!(ind[1]["actual"], "19");
    // without asOf, TODAY() is the period's last day: (date(2025,10,31) - date(2025,10,1)).days
    let out = run(json!({ "people": people, "period": "2025-10" })).unwrap();
    assert_eq!(out["results"][0]["indicators"][1]["actual"], "30");
    // asOf as epoch milliseconds (2025-10-20 00:00 at +08:00 = 1760889600000)
    let out = run(json!({ "people": people, "period": "2025-10", "asOf": 1760889600000_i64 })).unwrap();
    assert_eq!(out["results"][0]["indicators"][1]["actual"], "19");
    // no period: PERIOD_START() fails the row, at the formula's pointer
    let out = run(json!({ "people": people, "asOf": "2025-10-20" })).unwrap();
    let e = &out["results"][0]["errors"][0];
    assert_eq!(
        (e["code"].as_str(), e["path"].as_str()),
        (Some("MISSING_SETTING"), Some("/indicators/0/actual/formula"))
    );
    // a bad asOf is thrown, at asOf
    let e = run(json!({ "people": people, "period": "2025-10", "asOf": "昨天" })).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidDate, "asOf"));
}

#[test]
fn the_schemes_calendar_is_checked() {
    let scheme = json!({
        "calendar": { "holidays": ["2025-10-01", "2025-13-01"], "workdays": ["十月"] },
        "indicators": [ { "key": "a", "weight": 100, "actual": { "field": "甲" }, "scoring": { "type": "direct" } } ]
    });
    let report = validate_scheme_json(&scheme.to_string(), None);
    let paths: Vec<(&str, &str)> = report
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert!(paths.contains(&("INVALID_DATE", "/calendar/holidays/1")), "{paths:?}");
    assert!(paths.contains(&("INVALID_DATE", "/calendar/workdays/0")), "{paths:?}");
    let scheme = json!({
        "calendar": { "holiday": ["2025-10-01"] },
        "indicators": [ { "key": "a", "weight": 100, "actual": { "field": "甲" }, "scoring": { "type": "direct" } } ]
    });
    let report = validate_scheme_json(&scheme.to_string(), None);
    assert!(!report.ok);
    assert!(report.issues[0].path.starts_with("/calendar"), "{:?}", report.issues);
}
