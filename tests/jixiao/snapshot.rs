//! Behaviour snapshot: the exact text every string entry point returns (the functions the
//! wasm binding calls) for every fixture, every template sample in all three locales with
//! explanations, the host fixtures, error cases, and a few thousand generated rows.
//!
//! The snapshot files under `tests/snapshots/` were written before the crate was
//! restructured (DESIGN.md "Map of the crate"); any change of a byte fails this test.
//! Run alone with `cargo test --test jixiao snapshot::`. A deliberate change of behaviour
//! re-blesses them with `JIXIAO_BLESS=1 cargo test --test jixiao snapshot::` and says so in
//! its commit.

use crate::common::{read_json, repo_path};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

const LOCALES: [&str; 3] = ["zh-CN", "zh-TW", "en"];

/// An entry point's answer as text: the output, or `ERR ` and the error JSON.
fn answer(result: Result<String, jixiao::JixiaoError>) -> String {
    match result {
        Ok(text) => text,
        Err(e) => format!("ERR {}", serde_json::to_string(&e).unwrap()),
    }
}

/// The JS package's encoding of `evaluate` input: the head without `people`, one row per line.
fn encode(input: &Value) -> (String, String) {
    let mut head = input.as_object().cloned().unwrap_or_default();
    let rows = match head.remove("people") {
        Some(Value::Array(people)) => people.iter().map(Value::to_string).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    };
    (Value::Object(head).to_string(), rows)
}

fn evaluate(scheme: &Value, input: &Value, options: &Value) -> String {
    match jixiao::Engine::from_json(&scheme.to_string()) {
        Ok(engine) => {
            let (head, rows) = encode(input);
            answer(jixiao::json::evaluate_encoded(
                &engine,
                &head,
                &rows,
                &options.to_string(),
            ))
        }
        Err(e) => answer(Err(e)),
    }
}

fn evaluate_periods(scheme: &Value, input: &Value, options: &Value) -> String {
    match jixiao::Engine::from_json(&scheme.to_string()) {
        Ok(engine) => {
            let (head, rows) = encode(input);
            answer(jixiao::json::evaluate_periods_encoded(
                &engine,
                &head,
                &rows,
                &options.to_string(),
            ))
        }
        Err(e) => answer(Err(e)),
    }
}

fn validate(scheme: &Value, locale: Option<&str>) -> String {
    let locale = locale.and_then(jixiao::Locale::parse);
    serde_json::to_string(&jixiao::json::validate_scheme_json(&scheme.to_string(), locale)).unwrap()
}

/// FNV-1a (64 bit): a stable fingerprint for outputs too large to keep as text.
fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{} bytes, fnv1a64 {h:016x}", text.len())
}

/// A deterministic generator (a 64-bit LCG) for the generated rows.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// A variation of a sample row: numbers scaled, now and then blank or unreadable cells.
fn vary(row: &Value, n: usize, rng: &mut Lcg, id_column: Option<&str>) -> Value {
    let mut row = row.clone();
    if let Some(o) = row.as_object_mut() {
        for (k, v) in o.iter_mut() {
            if Some(k.as_str()) == id_column {
                *v = Value::String(format!("G{n:05}"));
                continue;
            }
            if let Some(x) = v.as_f64() {
                let r = rng.next() % 100;
                *v = match r {
                    0 => Value::Null,
                    1 => Value::String("n/a".into()),
                    2 => json!(0),
                    _ => {
                        let factor = 50 + (rng.next() % 100) as i64; // 50 % … 149 %
                        let scaled = (x * 100.0).round() as i64 * factor / 100;
                        json!(format!("{}.{:02}", scaled / 100, (scaled % 100).abs()))
                    }
                };
            }
        }
    }
    row
}

/// `count` rows varied from `people`, cycling through them.
fn generated(people: &[Value], count: usize, seed: u64, id_column: Option<&str>) -> Vec<Value> {
    let mut rng = Lcg(seed);
    (0..count)
        .filter_map(|n| {
            people
                .get(n % people.len().max(1))
                .map(|p| vary(p, n, &mut rng, id_column))
        })
        .collect()
}

/// Every snapshot case of one group, in order: (name, answer text).
type Cases = Vec<(String, String)>;

fn fixture_cases() -> Cases {
    let mut out = Cases::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(repo_path("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let fx = read_json(&path);
        let call = fx.get("call").and_then(Value::as_str).unwrap_or("");
        if call.contains("evaluate") {
            for locale in LOCALES {
                let options = json!({ "explain": true, "locale": locale });
                out.push((
                    format!("{name} evaluate {locale}"),
                    evaluate(&fx["scheme"], &fx["input"], &options),
                ));
            }
            let numbers = json!({ "decimals": "number" });
            out.push((
                format!("{name} evaluate numbers"),
                evaluate(&fx["scheme"], &fx["input"], &numbers),
            ));
            out.push((format!("{name} validate"), validate(&fx["scheme"], Some("en"))));
        } else if call.starts_with("decompose") {
            out.push((
                format!("{name} decompose"),
                answer(jixiao::json::decompose_json(&fx["input"].to_string())),
            ));
        } else if call.starts_with("commission") {
            for (i, case) in fx["cases"].as_array().unwrap().iter().enumerate() {
                let mut input = case.clone();
                if let Some(o) = input.as_object_mut() {
                    o.remove("expected");
                    for locale in LOCALES {
                        o.insert("locale".into(), json!(locale));
                        let text = answer(jixiao::json::commission_json(&Value::Object(o.clone()).to_string()));
                        out.push((format!("{name} case {i} {locale}"), text));
                    }
                }
            }
        } else if call.starts_with("allocate") {
            for (i, case) in fx["cases"].as_array().unwrap().iter().enumerate() {
                let mut input = json!({ "amount": case["amount"], "weights": case["weights"] });
                if let (Some(o), Some(opts)) = (input.as_object_mut(), case.get("options").and_then(Value::as_object)) {
                    o.extend(opts.clone());
                }
                for locale in LOCALES {
                    input["locale"] = json!(locale);
                    out.push((
                        format!("{name} case {i} {locale}"),
                        answer(jixiao::json::allocate_json(&input.to_string())),
                    ));
                }
            }
        }
    }
    let tables = read_json(&repo_path("tests/fixtures/tables/raw-vs-totals.json"));
    let input = json!({ "people": tables["people"], "tables": tables["tables"], "period": tables["period"] });
    for locale in LOCALES {
        let options = json!({ "explain": true, "locale": locale });
        out.push((
            format!("raw-vs-totals {locale}"),
            evaluate(&tables["scheme"], &input, &options),
        ));
    }
    out
}

fn template_cases() -> Cases {
    let mut out = Cases::new();
    for locale in LOCALES {
        let options = json!({ "locale": locale }).to_string();
        out.push((
            format!("templates {locale}"),
            answer(jixiao::json::templates_json(&options)),
        ));
        out.push((
            format!("indicators {locale}"),
            answer(jixiao::json::indicators_json(&options)),
        ));
    }
    out.push((
        "template unknown".into(),
        answer(jixiao::json::template_json("nope", "{}")),
    ));
    out.push((
        "template bad options".into(),
        answer(jixiao::json::template_json("fmcg", "{\"locale\":\"fr\"}")),
    ));
    let all: Value = serde_json::from_str(&jixiao::json::templates_json("{}").unwrap()).unwrap();
    for t in all.as_array().unwrap() {
        let key = t["key"].as_str().unwrap();
        for locale in LOCALES {
            let t: Value = serde_json::from_str(
                &jixiao::json::template_json(key, &json!({ "locale": locale }).to_string()).unwrap(),
            )
            .unwrap();
            let explain = json!({ "explain": true });
            out.push((
                format!("{key} sample {locale}"),
                evaluate(&t["scheme"], &t["sample"], &explain),
            ));
            out.push((format!("{key} validate {locale}"), validate(&t["scheme"], None)));
            let write_back = json!({ "rows": { "总分": "total", "等级": "grade", "名次": "rank", "奖金": "payout" } });
            out.push((
                format!("{key} write-back {locale}"),
                evaluate(&t["scheme"], &t["sample"], &write_back),
            ));
        }
        let periods = periods_input(&t["sample"]);
        for locale in LOCALES {
            let options = json!({ "explain": true, "locale": locale });
            out.push((
                format!("{key} periods {locale}"),
                evaluate_periods(&t["scheme"], &periods, &options),
            ));
        }
    }
    out
}

/// Two quarters of a template's sample and their composite by period totals.
fn periods_input(sample: &Value) -> Value {
    let mut input = sample.clone();
    let o = input.as_object_mut().unwrap();
    o.remove("period");
    let year = "2025";
    o.insert(
        "periods".into(),
        json!([format!("{year}-Q1"), { "period": format!("{year}-Q2") }]),
    );
    o.insert("compose".into(), json!({ "from": "periods" }));
    input
}

fn host_cases() -> Cases {
    let dir = repo_path("tests/fixtures/hosts");
    let huoban = read_json(&dir.join("huoban.json"));
    let feishu = read_json(&dir.join("feishu.json"));
    let jdy = read_json(&dir.join("jiandaoyun.json"));
    let mut out = Cases::new();
    let s = |v: &Value| if v.is_null() { String::new() } else { v.to_string() };
    for (name, options) in [("default", json!({})), ("utc", json!({ "utcOffset": "+00:00" }))] {
        let o = options.to_string();
        out.push((
            format!("huoban {name}"),
            answer(jixiao::json::from_huoban_json(
                &s(&huoban["items"]),
                &s(&huoban["fields"]),
                &o,
            )),
        ));
        out.push((
            format!("feishu {name}"),
            answer(jixiao::json::from_feishu_json(&s(&feishu["records"]), &o)),
        ));
        out.push((
            format!("jiandaoyun {name}"),
            answer(jixiao::json::from_jiandaoyun_json(
                &s(&jdy["data"]),
                &s(&jdy["widgets"]),
                &o,
            )),
        ));
    }
    let rows: Value = serde_json::from_str(
        &jixiao::json::from_feishu_json(
            &s(&feishu["records"]),
            &json!({ "fields": feishu["fields"] }).to_string(),
        )
        .unwrap(),
    )
    .unwrap();
    let out_rows = rows["rows"].to_string();
    out.push((
        "feishu with fields".into(),
        answer(jixiao::json::from_feishu_json(
            &s(&feishu["records"]),
            &json!({ "fields": feishu["fields"] }).to_string(),
        )),
    ));
    out.push((
        "to huoban".into(),
        answer(jixiao::json::to_huoban_json(&out_rows, &s(&huoban["fields"]), "{}")),
    ));
    out.push((
        "to feishu".into(),
        answer(jixiao::json::to_feishu_json(&out_rows, "{}")),
    ));
    out.push((
        "to jiandaoyun".into(),
        answer(jixiao::json::to_jiandaoyun_json(&out_rows, &s(&jdy["widgets"]), "{}")),
    ));
    for (name, text) in [("not json", "{"), ("not a list", "{\"a\":1}"), ("bad locale", "[]")] {
        out.push((
            format!("huoban {name}"),
            answer(jixiao::json::from_huoban_json(text, "", "{\"locale\":\"xx\"}")),
        ));
        out.push((
            format!("feishu {name}"),
            answer(jixiao::json::from_feishu_json(text, "{\"utcOffset\":\"UTC+8\"}")),
        ));
        out.push((
            format!("to feishu {name}"),
            answer(jixiao::json::to_feishu_json(text, "{}")),
        ));
    }
    out
}

fn error_cases() -> Cases {
    let schemes = [
        json!({}),
        json!([]),
        json!({ "indicators": [] }),
        json!({ "indicators": [
            { "key": "a", "weight": 60, "actual": { "field": "A" }, "scoring": { "type": "direct" } },
            { "key": "b", "weight": 30, "actual": { "field": "B" }, "scoring": { "type": "bands" } }] }),
        json!({ "indicators": [{ "key": "a", "weight": 100, "actual": { "formula": "1 +" }, "scoring": { "type": "direct" } }] }),
        json!({ "indicators": [{ "key": "a", "weight": 100, "actual": { "formula": "b.score" }, "scoring": { "type": "direct" } },
            { "key": "b", "weight": 0, "actual": { "formula": "a.score" }, "scoring": { "type": "direct" } }] }),
        json!({ "colour": 1, "indicators": [{ "library": "collection_rate" }, { "library": "nope" }] }),
        json!({ "indicators": [{ "key": "a", "weight": 100, "actual": { "field": "A" }, "scoring": { "type": "direct" } }],
            "incentives": { "commission": { "key": "c", "tiers": [{ "from": 10, "rate": "2%" }, { "from": 0, "rate": "1%" }] } } }),
    ];
    let mut out = Cases::new();
    for (i, scheme) in schemes.iter().enumerate() {
        for locale in LOCALES {
            out.push((format!("scheme {i} validate {locale}"), validate(scheme, Some(locale))));
        }
        let compiled = jixiao::Engine::from_json(&scheme.to_string()).map(|_| "compiled".to_string());
        out.push((format!("scheme {i} compile"), answer(compiled)));
    }
    let ok = json!({ "fields": { "id": "工号" }, "indicators": [
        { "key": "a", "weight": 100, "actual": { "field": "A" }, "target": { "field": "T" }, "scoring": { "type": "linear" } }] });
    let inputs = [
        json!({ "people": {} }),
        json!({ "people": [{ "工号": "E1", "A": "x", "T": 0 }, { "工号": "E2", "A": 1, "T": 0 }, { "工号": "E3", "A": "1e400", "T": 1 }] }),
        json!({ "people": [{ "工号": "E1", "A": 5 }], "period": "2025-Q9" }),
        json!({ "people": [{ "工号": "E1", "A": 5, "T": 10 }], "tables": [] }),
    ];
    for (i, input) in inputs.iter().enumerate() {
        for locale in LOCALES {
            let options = json!({ "explain": true, "locale": locale });
            out.push((format!("input {i} {locale}"), evaluate(&ok, input, &options)));
        }
    }
    let (head, rows) = encode(&inputs[1]);
    let engine = jixiao::Engine::from_json(&ok.to_string()).unwrap();
    out.push((
        "bad options".into(),
        answer(jixiao::json::evaluate_encoded(
            &engine,
            &head,
            &rows,
            "{\"locale\":\"fr\"}",
        )),
    ));
    out.push((
        "bad head".into(),
        answer(jixiao::json::evaluate_encoded(&engine, "[", &rows, "{}")),
    ));
    for text in [
        "{",
        "{\"total\":1,\"parts\":[]}",
        "{\"total\":\"-1\",\"method\":\"equal\",\"parts\":[{\"key\":\"a\"}]}",
    ] {
        out.push((format!("decompose {text}"), answer(jixiao::json::decompose_json(text))));
        out.push((
            format!("decompose tree {text}"),
            answer(jixiao::json::decompose_tree_json(text)),
        ));
        out.push((format!("replan {text}"), answer(jixiao::json::replan_json(text))));
        out.push((
            format!("commission {text}"),
            answer(jixiao::json::commission_json(text)),
        ));
        out.push((format!("allocate {text}"), answer(jixiao::json::allocate_json(text))));
    }
    out
}

fn generated_cases() -> Cases {
    let mut out = Cases::new();
    let demo = read_json(&repo_path("tests/fixtures/demo-team.json"));
    let people = demo["input"]["people"].as_array().unwrap();
    let rows = generated(people, 3000, 7, Some("工号"));
    let input = json!({ "people": rows });
    for locale in LOCALES {
        let options = json!({ "explain": true, "locale": locale });
        let text = evaluate(&demo["scheme"], &input, &options);
        out.push((format!("demo-team 3000 {locale}"), fingerprint(&text)));
    }
    let plain = evaluate(&demo["scheme"], &input, &json!({}));
    out.push(("demo-team 3000 plain".into(), fingerprint(&plain)));
    let all: Value = serde_json::from_str(&jixiao::json::templates_json("{}").unwrap()).unwrap();
    for (seed, t) in all.as_array().unwrap().iter().enumerate() {
        let key = t["key"].as_str().unwrap();
        let id = t["scheme"]["fields"]["id"].as_str();
        let people = t["sample"]["people"].as_array().unwrap();
        let mut input = t["sample"].clone();
        input["people"] = Value::Array(generated(people, 500, seed as u64 + 11, id));
        let text = evaluate(&t["scheme"], &input, &json!({ "explain": true, "locale": "en" }));
        out.push((format!("{key} 500"), fingerprint(&text)));
    }
    out
}

/// Compares a group with its snapshot file, or writes the file under `JIXIAO_BLESS=1`.
fn check(group: &str, cases: Cases) {
    let path = repo_path("tests/snapshots").join(format!("{group}.snap"));
    let mut text = String::new();
    for (name, answer) in &cases {
        writeln!(text, "=== {name}\n{answer}").unwrap();
    }
    if std::env::var_os("JIXIAO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if stored == text {
        return;
    }
    let old: Vec<&str> = stored.split("\n=== ").collect();
    let new: Vec<&str> = text.split("\n=== ").collect();
    let changed: Vec<&str> = new
        .iter()
        .enumerate()
        .filter(|(i, case)| old.get(*i) != Some(case))
        .filter_map(|(_, case)| case.lines().next())
        .collect();
    panic!(
        "{group}: the answers changed ({} cases stored, {} made); first changed: {:?}",
        old.len(),
        new.len(),
        changed.iter().take(20).collect::<Vec<_>>()
    );
}

#[test]
fn fixtures_answer_as_before() {
    check("fixtures", fixture_cases());
}

#[test]
fn templates_answer_as_before() {
    check("templates", template_cases());
}

#[test]
fn hosts_answer_as_before() {
    check("hosts", host_cases());
}

#[test]
fn errors_answer_as_before() {
    check("errors", error_cases());
}

#[test]
fn generated_rows_answer_as_before() {
    check("generated", generated_cases());
}
