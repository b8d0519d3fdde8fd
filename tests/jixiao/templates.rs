//! The indicator library and the scheme templates (DESIGN.md, "The indicator library and
//! scheme templates"): every library formula on a
//! hand-computed row, every entry used by key in a scheme, the expansion rules (overrides,
//! column renames, unknown keys), and every template validated, evaluated on its sample
//! data and explained in the three locales.

use crate::common::evaluate_people;
use jixiao::{
    catalog::library_indicator, formula::FormulaValue, indicators, json::validate_scheme_json, parse_formula, template,
    templates, Engine, EvaluateOptions, Locale,
};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

const LOCALES: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

/// One row holding every column the library reads (targets too), with easy numbers.
fn row() -> Value {
    json!({
        "工号": "E1",
        "销售额": 1200000, "销售目标": 1000000,
        "实际回款额": 850000, "应收款总额": 1000000,
        "按期回款额": 720000, "到期应收款": 800000,
        "成本": 900000, "毛利目标": 250000,
        "销售费用": 60000,
        "客户年平均消费额": 500000, "预计合作年限": 3, "毛利率": "0.3", "客户获取成本": 80000, "CLV目标": 370000,
        "推荐新客户数": 3, "总客户数": 20,
        "客户认可方案要点数": 17, "总方案要点数": 20,
        "合规合同数": 19, "提交合同数": 20,
        "离职人数": 2, "平均人数": 16,
        "实际销售额": 1000000, "预测销售额": 1100000,
        "新客户数": 7, "新客户目标": 5,
        "成交订单数": 48, "客单价目标": 25000,
        "实际拜访次数": 45, "计划拜访次数": 50,
        "赢单商机数": 6, "商机总数": 40,
        "留存客户数": 85, "期初客户数": 100,
        "投诉次数": 2, "服务客户数": 80,
        "坏账金额": 20000,
        "满意度得分": 88,
        "本公司销售额": 1200000, "区域市场总额": 20000000, "市场占有率目标": "0.05",
        "已覆盖网点数": 36, "目标网点数": 40,
        "铺货门店数": 90, "目标门店数": 120,
        "动销SKU数": 30, "铺货SKU数": 40,
        "陈列达标门店数": 27, "检查门店数": 30,
        "团队销售额": 9000000, "团队销售目标": 10000000, "团队人数": 12, "人均销售目标": 750000,
        "完成培训课时": 36, "计划培训课时": 40,
        "回款天数合计": 2700, "回款笔数": 60, "回款天数目标": 45
    })
}

/// key → (the formula's value on `row()`, the score of `{ library: key, weight: 100 }` on it),
/// both worked out by hand.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("sales_achievement", "1.2", "120.00"),           // 120万 / 100万; linear cap 1.2
    ("collection_rate", "0.85", "80.00"),             // 85万 / 100万; band 0.8 → 80
    ("on_time_collection_rate", "0.9", "90.00"),      // 72万 / 80万; band 0.9 → 90
    ("gross_margin", "0.25", "60.00"),                // 30万 / 120万; (0.1, 0)–(0.35, 100): 0.15 / 0.25
    ("gross_profit", "300000", "120.00"),             // 120万 − 90万 vs 25万: 1.2
    ("sales_expense_ratio", "0.05", "100.00"),        // 6万 / 120万; at the 0.05 point
    ("clv", "370000", "100.00"),                      // 50万 × 3 × 0.3 − 8万 vs 37万
    ("referral_rate", "0.15", "75.00"),               // 3 / 20; (0, 0)–(0.2, 100)
    ("solution_fit", "0.85", "85.00"),                // 17 / 20; band 0.8 → 85
    ("contract_approval_rate", "0.95", "90.00"),      // 19 / 20; band 0.95 → 90
    ("team_turnover_rate", "0.125", "70.00"),         // 2 / 16; (0.05, 100)–(0.3, 0): 100 − 0.075 / 0.25 × 100
    ("forecast_accuracy", "0.9", "90.00"),            // 1 − 10万 / 100万; band 0.9 → 90
    ("new_customers", "7", "140.00"),                 // 7 vs 5: 1.4 under the cap 1.5
    ("average_order_value", "25000", "100.00"),       // 120万 / 48 vs 25000
    ("visit_completion_rate", "0.9", "90.00"),        // 45 / 50; band 0.9 → 90
    ("opportunity_conversion_rate", "0.15", "40.00"), // 6 / 40; (0.05, 0)–(0.3, 100): 0.1 / 0.25
    ("customer_retention_rate", "0.85", "71.43"),     // 85 / 100; (0.6, 0)–(0.95, 100): 0.25 / 0.35
    ("complaint_rate", "0.025", "75.00"),             // 2 / 80; (0, 100)–(0.1, 0)
    ("bad_debt_ratio", "0.02", "60.00"),              // 2万 / 100万; (0, 100)–(0.05, 0)
    ("customer_satisfaction", "88", "88.00"),         // direct
    ("market_share", "0.06", "120.00"),               // 120万 / 2000万 vs 0.05: 1.2
    ("market_coverage", "0.9", "80.00"),              // 36 / 40; (0.5, 0)–(1, 100)
    ("distribution_rate", "0.75", "50.00"),           // 90 / 120; (0.5, 0)–(1, 100)
    ("sell_through_rate", "0.75", "70.00"),           // 30 / 40; (0.4, 0)–(0.9, 100): 0.35 / 0.5
    ("display_compliance_rate", "0.9", "90.00"),      // 27 / 30; band 0.9 → 90
    ("team_achievement", "0.9", "90.00"),             // 900万 / 1000万
    ("per_capita_sales", "750000", "100.00"),         // 900万 / 12 vs 75万
    ("training_completion_rate", "0.9", "90.00"),     // 36 / 40; band 0.9 → 90
    ("average_collection_days", "45", "100.00"),      // 2700 / 60, lower better: 45 / 45
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn cell(row: &Value, name: &str) -> Result<FormulaValue, jixiao::JixiaoError> {
    Ok(match &row[name] {
        Value::Number(n) => FormulaValue::Number(dec(&n.to_string())),
        Value::String(s) => FormulaValue::Text(s.clone()),
        Value::Null => FormulaValue::Blank,
        other => panic!("unexpected cell {other}"),
    })
}

#[test]
fn every_library_formula_evaluates_to_the_hand_computed_value() {
    let lib = indicators(None);
    assert_eq!(lib.len(), EXPECTED.len(), "a new entry needs a hand-computed row");
    let r = row();
    for (key, value, _) in EXPECTED {
        let e = lib.iter().find(|e| e.key == *key).unwrap_or_else(|| panic!("no {key}"));
        let f = parse_formula(&e.formula).unwrap_or_else(|err| panic!("{key}: {err:?}"));
        let got = f
            .eval(&mut |n: &str| cell(&r, n))
            .unwrap_or_else(|err| panic!("{key}: {err:?}"));
        match got {
            FormulaValue::Number(d) => assert_eq!(d.normalize(), dec(value), "{key}: {}", e.formula),
            other => panic!("{key}: {other:?}"),
        }
        // the columns listed are exactly what the formula and target read, and all are in the row
        for c in &e.columns {
            assert!(!r[c].is_null(), "{key} reads {c}, missing from the test row");
        }
        for n in f.names() {
            assert!(e.columns.contains(&n), "{key}: {n} not listed in columns");
        }
    }
}

#[test]
fn every_library_entry_scores_by_key_in_a_scheme() {
    for (key, _, score) in EXPECTED {
        let scheme = json!({ "fields": { "id": "工号" }, "indicators": [{ "library": key, "weight": 100 }] });
        let report = validate_scheme_json(&scheme.to_string(), None);
        assert!(report.ok && report.issues.is_empty(), "{key}: {:?}", report.issues);
        let out = Engine::from_value(&scheme)
            .unwrap()
            .evaluate_value(&json!({ "people": [row()] }), &EvaluateOptions::default())
            .unwrap();
        let r = &out["results"][0];
        assert_eq!(r["ok"], true, "{key}: {}", r["errors"]);
        assert_eq!(r["indicators"][0]["key"], *key);
        assert_eq!(r["indicators"][0]["score"], *score, "{key}");
    }
}

#[test]
fn library_entries_have_names_texts_units_and_directions() {
    for locale in LOCALES {
        for e in indicators(Some(locale)) {
            assert_eq!(e.name, e.names.get(locale));
            assert_eq!(e.text, e.texts.get(locale));
            for l in LOCALES {
                assert!(
                    !e.names.get(l).is_empty() && !e.texts.get(l).is_empty(),
                    "{} {l:?}",
                    e.key
                );
            }
            assert!(e.key.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", e.key);
            assert!(
                e.scoring.is_object() && e.target_scoring["type"] == "linear",
                "{}",
                e.key
            );
        }
    }
    let exp = library_indicator("sales_expense_ratio", Some(Locale::En)).unwrap();
    assert_eq!(exp.direction, jixiao::scheme::Direction::LowerBetter);
    assert_eq!(exp.unit, jixiao::catalog::IndicatorUnit::Rate);
    assert_eq!(
        library_indicator("team_turnover_rate", None).unwrap().direction,
        jixiao::scheme::Direction::LowerBetter
    );
    assert_eq!(
        library_indicator("clv", None).unwrap().unit,
        jixiao::catalog::IndicatorUnit::Money
    );
    assert_eq!(library_indicator("团队流失率", None), None);
}

fn evaluate(scheme: Value, people: Value) -> Value {
    let options = EvaluateOptions {
        explain: true.into(),
        ..Default::default()
    };
    evaluate_people(&scheme, people, &options)
}

fn issues(scheme: Value) -> Vec<(String, String)> {
    validate_scheme_json(&scheme.to_string(), Some(Locale::En))
        .issues
        .into_iter()
        .map(|i| (i.code.as_str().to_string(), i.path))
        .collect()
}

#[test]
fn what_the_indicator_gives_overrides_the_library() {
    let out = evaluate(
        json!({ "fields": { "id": "工号" }, "locale": "en", "indicators": [
            // own key, name and scoring; the library's formula
            { "library": "collection_rate", "key": "cash", "name": "Cash in", "weight": 50,
              "scoring": { "type": "direct", "scale": { "max": 1 } } },
            // an own target switches to the library's target scoring (linear, cap 1.2)
            { "library": "gross_margin", "weight": 50, "target": { "value": "0.2" } }
        ] }),
        json!([row()]),
    );
    let r = &out["results"][0];
    assert_eq!(r["indicators"][0]["key"], "cash");
    assert_eq!(r["indicators"][0]["name"], "Cash in");
    assert_eq!(r["indicators"][0]["score"], "85.00"); // 0.85 / 1 × 100
    assert_eq!(r["indicators"][1]["name"], "Gross margin");
    assert_eq!(r["indicators"][1]["achievement"], "1.2500");
    assert_eq!(r["indicators"][1]["score"], "120.00"); // 0.25 / 0.2 = 1.25, capped at 1.2
    assert_eq!(r["total"], "102.50");
}

#[test]
fn columns_rename_the_library_formula_and_target() {
    let people = json!([{ "工号": "E1", "回款 金额": "81万", "应收账款": "90万", "新签": 6, "新签目标": 4 }]);
    let out = evaluate(
        json!({ "fields": { "id": "工号" }, "indicators": [
            { "library": "collection_rate", "weight": 50,
              "columns": { "实际回款额": "回款 金额", "应收款总额": "应收账款" } },
            { "library": "new_customers", "weight": 50,
              "columns": { "新客户数": "新签", "新客户目标": "新签目标" } }
        ] }),
        people,
    );
    let r = &out["results"][0];
    assert_eq!(r["ok"], true, "{}", r["errors"]);
    assert_eq!(r["indicators"][0]["score"], "90.00"); // 0.9 → band 90
    assert_eq!(r["indicators"][1]["achievement"], "1.5000");
    assert_eq!(r["indicators"][1]["score"], "150.00"); // 6 / 4, cap 1.5
    let text = r["explain"]["lines"].to_string();
    assert!(text.contains("[回款 金额] / 应收账款"), "{text}");
    assert!(text.contains("新签"), "{text}");
}

#[test]
fn library_problems_are_reported_at_their_paths() {
    let ok = json!({ "library": "collection_rate", "weight": 50 });
    // an unknown key: one error at /indicators/1/library, nothing else about that indicator
    assert_eq!(
        issues(json!({ "indicators": [ok, { "library": "colection_rate", "weight": 50 }] })),
        vec![("UNKNOWN_KEY".into(), "/indicators/1/library".into())]
    );
    assert_eq!(
        issues(json!({ "indicators": [{ "library": 7, "weight": 100 }] }))[0],
        ("INVALID_TYPE".into(), "/indicators/0/library".into())
    );
    // a rename of a column the entry does not read
    assert_eq!(
        issues(json!({ "indicators": [{ "library": "collection_rate", "weight": 100,
            "columns": { "实际回款": "回款" } }] })),
        vec![("UNKNOWN_KEY".into(), "/indicators/0/columns/实际回款".into())]
    );
    assert_eq!(
        issues(json!({ "indicators": [{ "library": "collection_rate", "weight": 100, "columns": ["x"] }] })),
        vec![("INVALID_TYPE".into(), "/indicators/0/columns".into())]
    );
    assert_eq!(
        issues(json!({ "indicators": [{ "library": "collection_rate", "weight": 100,
            "columns": { "实际回款额": "a]b", "应收款总额": 3 } }] })),
        vec![
            ("INVALID_SETTING".into(), "/indicators/0/columns/实际回款额".into()),
            ("INVALID_TYPE".into(), "/indicators/0/columns/应收款总额".into())
        ]
    );
    // columns without library
    assert_eq!(
        issues(
            json!({ "indicators": [{ "key": "q", "weight": 100, "actual": { "field": "q" },
            "scoring": { "type": "direct" }, "columns": { "a": "b" } }] })
        ),
        vec![("INVALID_SETTING".into(), "/indicators/0/columns".into())]
    );
    // the same entry twice needs its own keys
    assert!(issues(json!({ "indicators": [ok, ok] }))
        .iter()
        .any(|(c, _)| c == "DUPLICATE_KEY"));
    // the engine refuses the same way
    let e = Engine::from_value(&json!({ "indicators": [{ "library": "nope", "weight": 100 }] })).unwrap_err();
    assert_eq!(e.code.as_str(), "INVALID_SCHEME");
    assert_eq!(e.issues.len(), 1);
    assert_eq!(e.issues[0].path, "/indicators/0/library");
}

#[test]
fn library_names_follow_the_scheme_locale_and_lower_better_targets_treat_zero_as_full() {
    for (locale, name) in [
        ("zh-CN", "团队流失率"),
        ("zh-TW", "團隊流失率"),
        ("en", "Team turnover rate"),
    ] {
        let out = evaluate(
            json!({ "locale": locale, "fields": { "id": "工号" }, "indicators": [
                { "library": "team_turnover_rate", "weight": 100, "target": { "value": "0.1" } }] }),
            json!([{ "工号": "E1", "离职人数": 0, "平均人数": 10 }, { "工号": "E2", "离职人数": 2, "平均人数": 10 }]),
        );
        assert_eq!(out["results"][0]["indicators"][0]["name"], name);
        // no leaver: the best case (onZero: full → the cap 1.2)
        assert_eq!(out["results"][0]["total"], "120.00");
        // 0.2 against 0.1, lower better: 0.1 / 0.2 = 0.5
        assert_eq!(out["results"][1]["total"], "50.00");
    }
}

// ---------------------------------------------------------------- templates

const TEMPLATE_KEYS: [&str; 8] = [
    "general_sales_rep",
    "three_dimension_2024",
    "key_account",
    "fmcg",
    "new_market",
    "sales_manager",
    "balanced_scorecard",
    "kpi_okr",
];

/// Every value under a `name` or `description` key (nothing may be left unresolved).
fn display_texts(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(o) => {
            for (k, c) in o {
                if k == "name" || k == "description" {
                    out.push(c.clone());
                }
                display_texts(c, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| display_texts(c, out)),
        _ => {}
    }
}

#[test]
fn every_template_validates_with_no_issue_in_every_locale() {
    for locale in LOCALES {
        let all = templates(Some(locale)).unwrap();
        assert_eq!(all.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(), TEMPLATE_KEYS);
        for t in all {
            let report = validate_scheme_json(&t.scheme.to_string(), None);
            assert!(report.ok, "{}: {:?}", t.key, report.issues);
            assert!(report.issues.is_empty(), "{}: {:?}", t.key, report.issues);
            assert_eq!(t.scheme["locale"], locale.tag());
        }
    }
}

#[test]
fn every_template_evaluates_its_sample_with_only_the_deliberate_failures() {
    for t in templates(None).unwrap() {
        let engine = Engine::from_value(&t.scheme).unwrap();
        let people = t.sample["people"].as_array().unwrap();
        assert!((6..=12).contains(&people.len()), "{}: {} people", t.key, people.len());
        let out = engine.evaluate_value(&t.sample, &EvaluateOptions::default()).unwrap();
        assert!(
            out["warnings"].as_array().is_none_or(|w| w.is_empty()),
            "{}: {}",
            t.key,
            out["warnings"]
        );
        let results = out["results"].as_array().unwrap();
        assert_eq!(results.len(), people.len());
        let mut over = 0;
        for r in results {
            let id = r["id"].as_str().unwrap().to_string();
            let failing = t.cases.failed.contains(&id);
            assert_eq!(r["ok"], !failing, "{} {id}: {}", t.key, r["errors"]);
            if failing {
                assert!(!r["errors"].as_array().unwrap().is_empty());
                continue;
            }
            assert_eq!(r["vetoed"], t.cases.vetoed.contains(&id), "{} {id} vetoed", t.key);
            if t.cases.over.contains(&id) {
                let above = r["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["achievement"].as_str().is_some_and(|a| dec(a) > Decimal::ONE));
                assert!(above, "{} {id} is meant to be over target", t.key);
                over += 1;
            }
        }
        assert!(!t.cases.vetoed.is_empty(), "{}: a vetoed person", t.key);
        assert!(!t.cases.missing.is_empty(), "{}: a missing value", t.key);
        assert!(over > 0, "{}: an over-achiever", t.key);
        // every case id is a row of the sample
        let ids: Vec<&str> = people
            .iter()
            .map(|p| p[t.scheme["fields"]["id"].as_str().unwrap()].as_str().unwrap())
            .collect();
        for id in t
            .cases
            .vetoed
            .iter()
            .chain(&t.cases.failed)
            .chain(&t.cases.missing)
            .chain(&t.cases.over)
        {
            assert!(ids.contains(&id.as_str()), "{}: case {id} is not in the sample", t.key);
        }
    }
}

#[test]
fn every_template_explains_itself_in_the_three_locales() {
    for key in TEMPLATE_KEYS {
        let mut texts = Vec::new();
        for locale in LOCALES {
            let t = template(key, Some(locale)).unwrap();
            let out = Engine::from_value(&t.scheme)
                .unwrap()
                .evaluate_value(
                    &t.sample,
                    &EvaluateOptions {
                        explain: true.into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            let ok: Vec<&Value> = out["results"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["ok"] == true)
                .collect();
            for r in &ok {
                let lines = r["explain"]["lines"].as_array().unwrap();
                assert!(!lines.is_empty(), "{key} {locale:?} {}", r["id"]);
                for ind in r["indicators"].as_array().unwrap() {
                    assert!(!ind["name"].as_str().unwrap().is_empty());
                }
            }
            texts.push(ok[0]["explain"]["lines"].to_string());
        }
        assert_ne!(
            texts[0], texts[2],
            "{key}: the English explanation differs from the Chinese"
        );
        assert_ne!(
            texts[0], texts[1],
            "{key}: the traditional explanation differs from the simplified"
        );
    }
}

#[test]
fn every_template_has_its_names_in_the_three_locales() {
    let per_locale: Vec<_> = LOCALES.iter().map(|l| templates(Some(*l)).unwrap()).collect();
    for (i, key) in TEMPLATE_KEYS.iter().enumerate() {
        let [cn, tw, en] = [&per_locale[0][i], &per_locale[1][i], &per_locale[2][i]];
        assert_eq!(
            (&cn.key, &tw.key, &en.key),
            (&key.to_string(), &key.to_string(), &key.to_string())
        );
        assert_eq!(cn.names, en.names);
        for (t, l) in [(cn, Locale::ZhCn), (tw, Locale::ZhTw), (en, Locale::En)] {
            assert_eq!(t.name, t.names.get(l));
            assert_eq!(t.description, t.descriptions.get(l));
            assert!(!t.name.is_empty() && !t.description.is_empty());
            let mut names = Vec::new();
            display_texts(&t.scheme, &mut names);
            assert!(!names.is_empty());
            for n in names {
                assert!(n.as_str().is_some_and(|s| !s.trim().is_empty()), "{key} {l:?}: {n}");
            }
        }
        assert_ne!(cn.scheme["name"], en.scheme["name"], "{key}");
        assert_ne!(cn.scheme["name"], tw.scheme["name"], "{key}");
        // the data (column names, cells) is the same in every locale
        assert_eq!(cn.sample, en.sample);
        assert_eq!(cn.scheme["fields"], en.scheme["fields"]);
        assert_eq!(cn.cases, tw.cases);
    }
}

#[test]
fn template_errors_and_json_entries() {
    let e = template("nope", Some(Locale::En)).unwrap_err();
    assert_eq!(e.code.as_str(), "UNKNOWN_KEY");
    assert!(e.messages.en.contains("general_sales_rep"), "{}", e.messages.en);
    let all: Value = serde_json::from_str(&jixiao::json::templates_json(r#"{"locale":"zh-TW"}"#).unwrap()).unwrap();
    assert_eq!(all.as_array().unwrap().len(), TEMPLATE_KEYS.len());
    assert_eq!(all[6]["name"], "平衡計分卡");
    assert_eq!(all[0]["scheme"]["locale"], "zh-TW");
    let one: Value = serde_json::from_str(&jixiao::json::template_json("kpi_okr", "").unwrap()).unwrap();
    assert_eq!(one["scheme"]["locale"], "zh-CN");
    assert!(jixiao::json::templates_json("{\"colour\":1}").is_err());
    assert!(jixiao::json::indicators_json("[").is_err());
    let lib: Value = serde_json::from_str(&jixiao::json::indicators_json("null").unwrap()).unwrap();
    assert_eq!(lib[0]["key"], "sales_achievement");
}
