//! Formulas inside schemes (DESIGN.md, "Formulas in a scheme"): as value sources of indicators, adjustments and
//! incentives, as conditions (vetoes, pass/fail, gates), reading columns and other
//! indicators (in dependency order, cycles refused), with row errors that name the formula.

use crate::common::evaluate_people;
use jixiao::{json::validate_scheme_json, Engine, EvaluateOptions};
use serde_json::{json, Value};

fn run(scheme: Value, people: Value) -> Value {
    evaluate_people(&scheme, people, &EvaluateOptions::default())
}

fn collection_scheme() -> Value {
    json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "collection", "name": "回款率", "weight": 60,
              "actual": { "formula": "实际回款额 / 应收款总额" }, "target": { "value": "0.9" },
              "scoring": { "type": "linear", "cap": "1.2" } },
            { "key": "margin", "name": "毛利率", "weight": 40,
              "actual": { "formula": "([销售 额] - 成本) / [销售 额]" },
              "scoring": { "type": "bands", "on": "value", "bands": [{ "min": "0.3", "score": 100 }, { "min": 0, "score": 50 }] } }
        ]
    })
}

#[test]
fn a_formula_is_a_value_source_reading_columns() {
    let out = run(
        collection_scheme(),
        json!([
            { "工号": "E1", "实际回款额": "81万", "应收款总额": "90万", "销售 额": 1000, "成本": 600 },
            { "工号": "E2", "实际回款额": 450000, "应收款总额": "100万", "销售 额": 1000, "成本": 800 }
        ]),
    );
    let r = &out["results"][0];
    assert_eq!(r["indicators"][0]["actual"], "0.90");
    assert_eq!(r["indicators"][0]["score"], "100.00");
    assert_eq!(r["indicators"][1]["score"], "100.00");
    assert_eq!(r["total"], "100.00");
    // E2: 0.45 / 0.9 = 50 × 0.6 = 30; margin 0.2 → 50 × 0.4 = 20
    assert_eq!(out["results"][1]["total"], "50.00");
}

#[test]
fn a_formula_error_fails_only_its_row_and_names_the_formula() {
    let out = run(
        collection_scheme(),
        json!([
            { "工号": "E1", "实际回款额": 1, "应收款总额": 0, "销售 额": 1000, "成本": 600 },
            { "工号": "E2", "实际回款额": 1, "应收款总额": 1, "销售 额": "abc", "成本": 600 },
            { "工号": "E3", "实际回款额": 9, "应收款总额": 10, "销售 额": 1000, "成本": 600 }
        ]),
    );
    assert_eq!(out["results"][0]["ok"], false);
    let e = &out["results"][0]["errors"][0];
    assert_eq!(e["code"], "ZERO_DIVISOR");
    assert_eq!(e["field"], "实际回款额 / 应收款总额");
    assert_eq!(out["results"][1]["ok"], false);
    assert_eq!(out["results"][1]["errors"][0]["code"], "FORMULA_TYPE");
    assert_eq!(out["results"][2]["ok"], true);
}

#[test]
fn formulas_read_other_indicators_in_dependency_order_and_cycles_are_refused() {
    let scheme = json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "bonus_points", "weight": 50, "actual": { "formula": "IF(revenue.achievement >= 1, revenue * 0.1, 0)" },
              "scoring": { "type": "direct" } },
            { "key": "revenue", "weight": 50, "actual": { "field": "销售额" }, "target": { "field": "目标" },
              "scoring": { "type": "linear", "cap": "1.5" } }
        ]
    });
    let out = run(
        scheme,
        json!([{ "工号": "E1", "销售额": 120, "目标": 100 }, { "工号": "E2", "销售额": 80, "目标": 100 }]),
    );
    assert_eq!(out["results"][0]["indicators"][0]["actual"], "12.000");
    assert_eq!(out["results"][1]["indicators"][0]["actual"], "0");

    let cyclic = json!({
        "indicators": [
            { "key": "a", "weight": 50, "actual": { "formula": "b + 1" }, "scoring": { "type": "direct" } },
            { "key": "b", "weight": 50, "actual": { "formula": "a.actual * 2" }, "scoring": { "type": "direct" } }
        ]
    });
    let report = validate_scheme_json(&cyclic.to_string(), None);
    assert!(
        report.issues.iter().any(|i| i.code.as_str() == "CYCLE"),
        "{:?}",
        report.issues
    );
}

#[test]
fn formulas_as_conditions_in_vetoes_pass_fail_and_gates() {
    let scheme = json!({
        "fields": { "id": "工号" },
        "indicators": [
            { "key": "compliance", "name": "合规", "weight": 100,
              "scoring": { "type": "pass_fail", "pass": "AND(合规问题数 = 0, 状态 <> '违规')" } }
        ],
        "vetoes": [{ "key": "data", "name": "数据违规", "when": "OR(数据违规次数 > 0, 状态 = '泄密')" }],
        "incentives": { "commission": { "base": { "field": "回款额" }, "tiers": [{ "from": 0, "rate": "0.01" }],
            "gate": "回款额 / 应收 >= 60%" } }
    });
    let out = run(
        scheme,
        json!([
            { "工号": "E1", "合规问题数": 0, "状态": "正常", "回款额": 1000, "应收": 1000 },
            { "工号": "E2", "合规问题数": 1, "状态": "正常", "回款额": 500, "应收": 1000 },
            { "工号": "E3", "合规问题数": 0, "状态": "泄密", "回款额": 1000, "应收": 1000 }
        ]),
    );
    let r = &out["results"];
    assert_eq!(r[0]["total"], "100.00");
    assert_eq!(r[0]["incentives"][0]["amount"], "10.00");
    assert_eq!(r[1]["total"], "0.00");
    assert_eq!(r[1]["incentives"][0]["status"], "gate_failed");
    assert!(r[1]["incentives"][0]["text"]
        .as_str()
        .unwrap()
        .contains("回款额 / 应收 >= 60%"));
    assert_eq!(r[2]["vetoed"], true);
    assert_eq!(r[2]["veto"]["key"], "data");
}

#[test]
fn a_formula_explains_itself_and_adjustments_take_formulas() {
    let scheme = json!({
        "fields": { "id": "工号" },
        "indicators": [{ "key": "q", "name": "质量", "weight": 100, "actual": { "formula": "ROUND(AVG(自评, 上级评分), 1)" },
            "scoring": { "type": "direct" } }],
        "adjustments": [{ "key": "late", "name": "迟交", "per": -1, "value": { "formula": "MAX(0, 迟交天数 - 2)" } }]
    });
    let engine = Engine::from_value(&scheme).unwrap();
    let out = engine
        .evaluate_value(
            &json!({ "people": [{ "工号": "E1", "自评": 90, "上级评分": 85, "迟交天数": 5 }] }),
            &EvaluateOptions {
                explain: true.into(),
                ..EvaluateOptions::default()
            },
        )
        .unwrap();
    let r = &out["results"][0];
    assert_eq!(r["indicators"][0]["actual"], "87.5");
    assert_eq!(r["adjustments"][0]["points"], "-3.00");
    assert_eq!(r["total"], "84.50");
    let step = &r["explain"]["steps"][0];
    assert_eq!(step["inputs"][0]["field"], "ROUND(AVG(自评, 上级评分), 1)");
}

#[test]
fn a_repeating_quotient_is_shown_rounded_and_marked_in_the_explanation() {
    let engine = Engine::from_value(&collection_scheme()).unwrap();
    let options = EvaluateOptions {
        explain: true.into(),
        ..Default::default()
    };
    let out = engine
        .evaluate_value(
            &json!({ "people": [{ "工号": "E1", "实际回款额": 1, "应收款总额": 9, "销售 额": 3, "成本": 1 }] }),
            &options,
        )
        .unwrap();
    let lines: Vec<&str> = out["results"][0]["explain"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // 1/9 and 2/3 are shown to 8 places (rate places + 4) with ≈; the figures stay exact
    assert!(lines[0].contains("≈0.11111111"), "{lines:?}");
    assert!(lines[1].contains("≈0.66666667"), "{lines:?}");
    assert_eq!(
        out["results"][0]["indicators"][0]["actual"],
        "0.1111111111111111111111111111"
    );
}
