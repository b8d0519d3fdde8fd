//! Property tests for the host adapters: any JSON value given as records, field lists,
//! widget lists, rows or options never panics and always gives rows (or update bodies)
//! with structured errors, or one structured thrown error; a readable record always gives
//! exactly one row, and every left-out record is accounted for by an `INVALID_ROW` error.

use super::config;
use crate::common::fixture;
use jixiao::{
    from_feishu, from_huoban, from_jiandaoyun, hosts::HostOptions, json::from_feishu_json, json::from_huoban_json,
    json::from_jiandaoyun_json, json::to_feishu_json, json::to_huoban_json, json::to_jiandaoyun_json, to_feishu,
    to_huoban, to_jiandaoyun, JixiaoError,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Keys the adapters look at, mixed with arbitrary ones.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("fields".to_string()),
        Just("items".to_string()),
        Just("data".to_string()),
        Just("item_id".to_string()),
        Just("record_id".to_string()),
        Just("_id".to_string()),
        Just("field_id".to_string()),
        Just("name".to_string()),
        Just("type".to_string()),
        Just("value".to_string()),
        Just("values".to_string()),
        Just("user_id".to_string()),
        Just("username".to_string()),
        Just("id".to_string()),
        Just("text".to_string()),
        Just("label".to_string()),
        Just("widgets".to_string()),
        Just("rows".to_string()),
        Just("config".to_string()),
        Just("options".to_string()),
        Just("createTime".to_string()),
        Just("created_time".to_string()),
        Just("\u{0}nonfinite".to_string()),
        Just("2200000150845864".to_string()),
        Just("_widget_1".to_string()),
        Just("签约日期".to_string()),
        "[a-z_0-9\u{4e00}-\u{4e0f}/~]{0,6}",
    ]
}

/// Scalars the adapters react to, mixed with arbitrary ones.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        (946_684_800i64..4_102_444_800i64).prop_map(|s| Value::from(s * 1000)),
        Just(json!("2025-03-05")),
        Just(json!("2025-03-05 10:00")),
        Just(json!("2025-03-05T02:00:00.000Z")),
        Just(json!("2025-02-30T02:00:00+08:00")),
        Just(json!("87.35")),
        Just(json!("1.2万")),
        Just(json!("abc")),
        Just(json!("number")),
        Just(json!("date")),
        Just(json!("user")),
        Just(json!("category")),
        Just(json!("datetime")),
        Just(json!("subform")),
        Just(json!("text")),
        Just(json!(5)),
        Just(json!(11)),
        Just(json!(20)),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Options: mostly valid ones, sometimes anything.
fn options() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!({ "utcOffset": "-05:30", "locale": "en" })),
        Just(json!({ "dates": ["签约日期"] })),
        Just(json!({ "idColumn": "id", "columns": { "a": null, "b": "签约日期" } })),
        value().prop_map(|f| json!({ "fields": f })),
        value().prop_map(|ids| json!({ "ids": ids, "idColumn": "签约日期" })),
        value(),
    ]
}

fn check_error(e: &JixiaoError) {
    assert!(!e.code.as_str().is_empty());
    assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty());
    assert!(e.path.chars().count() <= 301, "{}", e.path);
}

fn check_all(errors: &[JixiaoError], warnings: &[JixiaoError]) {
    for e in errors.iter().chain(warnings) {
        check_error(e);
    }
}

/// Runs every adapter on the values; each returns a value or one structured error.
fn run_all(a: &Value, b: &Value, o: &Value) {
    let options = match HostOptions::from_value(o) {
        Ok((options, warnings)) => {
            check_all(&[], &warnings);
            options
        }
        Err(e) => {
            check_error(&e);
            HostOptions::default()
        }
    };
    let outcomes: Vec<Result<Value, JixiaoError>> = vec![
        from_huoban(a, b, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
        from_feishu(a, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
        from_jiandaoyun(a, b, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
        to_huoban(a, b, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
        to_feishu(a, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
        to_jiandaoyun(a, b, &options).map(|out| {
            check_all(&out.errors, &out.warnings);
            serde_json::to_value(&out).unwrap()
        }),
    ];
    for outcome in outcomes {
        if let Err(e) = outcome {
            check_error(&e);
        }
    }
    // the JSON entries too
    let (ja, jb, jo) = (a.to_string(), b.to_string(), o.to_string());
    for r in [
        from_huoban_json(&ja, &jb, &jo),
        from_feishu_json(&ja, &jo),
        from_jiandaoyun_json(&ja, &jb, &jo),
        to_huoban_json(&ja, &jb, &jo),
        to_feishu_json(&ja, &jo),
        to_jiandaoyun_json(&ja, &jb, &jo),
    ] {
        match r {
            Ok(text) => {
                let v: Value = serde_json::from_str(&text).unwrap();
                assert!(v.get("errors").is_some_and(Value::is_array));
            }
            Err(e) => check_error(&e),
        }
    }
}

/// Replaces the value at a random place inside `v` (depth-first index) with `new`.
fn mutate(v: &mut Value, mut at: usize, new: &Value) -> usize {
    if at == 0 {
        *v = new.clone();
        return usize::MAX;
    }
    at -= 1;
    match v {
        Value::Array(items) => {
            for item in items {
                at = mutate(item, at, new);
                if at == usize::MAX {
                    return at;
                }
            }
            at
        }
        Value::Object(m) => {
            for (_, item) in m.iter_mut() {
                at = mutate(item, at, new);
                if at == usize::MAX {
                    return at;
                }
            }
            at
        }
        _ => at,
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn any_json_never_panics(a in value(), b in value(), o in options()) {
        run_all(&a, &b, &o);
    }

    #[test]
    fn broken_fixtures_keep_every_readable_record(host in 0usize..3, spots in prop::collection::vec((0usize..4000, value()), 1..6)) {
        let (name, records_key, list_key, meta_key) = [
            ("hosts/huoban.json", "items", "items", "fields"),
            ("hosts/feishu.json", "records", "items", "fields"),
            ("hosts/jiandaoyun.json", "data", "data", "widgets"),
        ][host];
        let doc = fixture(name);
        let mut records = doc[records_key]["data"][list_key].clone();
        for (at, new) in &spots {
            mutate(&mut records, *at, new);
        }
        let mut fields = doc[meta_key].clone();
        if let Some((at, new)) = spots.first() {
            if at % 3 == 0 {
                mutate(&mut fields, at / 3, new);
            }
        }
        let (options, _) = HostOptions::from_value(&if host == 1 { json!({ "fields": fields }) } else { Value::Null }).unwrap();
        let out = match host {
            0 => from_huoban(&records, &fields, &options),
            1 => from_feishu(&records, &options),
            _ => from_jiandaoyun(&records, &fields, &options),
        };
        match out {
            Ok(out) => {
                check_all(&out.errors, &out.warnings);
                let n = records.as_array().map(Vec::len).unwrap_or(0);
                // every record is a row, or an INVALID_ROW error at its own path
                let record_errors = out.errors.iter()
                    .filter(|e| e.code.as_str() == "INVALID_ROW")
                    .filter(|e| {
                        let parts: Vec<&str> = e.path.split('/').collect();
                        parts.len() == 2 || (parts.len() == 3 && parts[2] == "fields")
                    })
                    .count();
                prop_assert_eq!(out.rows.len() + record_errors, n);
                // the rows, written back, never panic either
                let rows = serde_json::to_value(&out.rows).unwrap();
                match host {
                    0 => { let _ = to_huoban(&rows, &fields, &options); }
                    1 => { let _ = to_feishu(&rows, &options); }
                    _ => { let _ = to_jiandaoyun(&rows, &fields, &options); }
                }
            }
            Err(e) => check_error(&e),
        }
    }
}
