//! Host adapters: Huoban, Feishu Bitable and Jiandaoyun records to plain rows and back.
//!
//! The fixtures in tests/fixtures/hosts/ describe the same 8 orders in each host's own
//! shapes; converting any of them gives the rows of expected.json (up to the host's own
//! record and member ids).

use crate::common::fixture;
use jixiao::{
    from_feishu, from_huoban, from_jiandaoyun, hosts::HostOptions, hosts::HostRows, hosts::PlainRow,
    json::from_feishu_json, json::from_huoban_json, json::from_jiandaoyun_json, json::to_feishu_json,
    json::to_huoban_json, json::to_jiandaoyun_json, to_feishu, to_huoban, to_jiandaoyun, JixiaoError,
};
use serde_json::{json, Value};

fn opts(v: Value) -> HostOptions {
    let (o, warnings) = HostOptions::from_value(&v).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    o
}

fn codes(errors: &[JixiaoError]) -> Vec<&str> {
    errors.iter().map(|e| e.code.as_str()).collect()
}

/// The rows without `_id`, members without `id`; checks every member id against `ids`.
fn host_neutral(rows: &[PlainRow], ids: &Value) -> Vec<Value> {
    let member = |m: &Value| -> Value {
        let name = m["name"].as_str().unwrap();
        assert_eq!(m["id"], ids[name], "the id of {name}");
        json!({ "name": name })
    };
    rows.iter()
        .map(|r| {
            let mut out = serde_json::Map::new();
            for (k, v) in r {
                if k == "_id" {
                    continue;
                }
                let v = match (k.as_str(), v) {
                    ("负责人" | "协作人", Value::Array(list)) => Value::Array(list.iter().map(member).collect()),
                    ("_createdBy" | "_updatedBy", m) => member(m),
                    _ => v.clone(),
                };
                out.insert(k.clone(), v);
            }
            Value::Object(out)
        })
        .collect()
}

fn read_all() -> (HostRows, HostRows, HostRows) {
    let hb = fixture("hosts/huoban.json");
    let fs = fixture("hosts/feishu.json");
    let jd = fixture("hosts/jiandaoyun.json");
    let huoban = from_huoban(&hb["items"], &hb["fields"], &HostOptions::default()).unwrap();
    let feishu = from_feishu(&fs["records"], &opts(json!({ "fields": fs["fields"] }))).unwrap();
    let jiandaoyun = from_jiandaoyun(&jd["data"], &jd["widgets"], &HostOptions::default()).unwrap();
    (huoban, feishu, jiandaoyun)
}

// ------------------------------------------------------------------ fixtures

#[test]
fn the_three_hosts_fixtures_read_as_the_same_plain_rows() {
    let expected = fixture("hosts/expected.json");
    let (huoban, feishu, jiandaoyun) = read_all();
    for (host, out) in [("huoban", &huoban), ("feishu", &feishu), ("jiandaoyun", &jiandaoyun)] {
        assert!(out.errors.is_empty(), "{host}: {:?}", out.errors);
        assert!(out.warnings.is_empty(), "{host}: {:?}", out.warnings);
        assert_eq!(out.rows.len(), 8, "{host}");
        let rows = host_neutral(&out.rows, &expected["memberIds"][host]);
        assert_eq!(Value::Array(rows), expected["rows"], "{host}");
    }
    // and with each other, ids aside: the same orders
    let a = host_neutral(&huoban.rows, &expected["memberIds"]["huoban"]);
    let b = host_neutral(&feishu.rows, &expected["memberIds"]["feishu"]);
    let c = host_neutral(&jiandaoyun.rows, &expected["memberIds"]["jiandaoyun"]);
    assert_eq!(a, b);
    assert_eq!(b, c);
    // record ids as each host gives them
    assert_eq!(huoban.rows[0]["_id"], json!(2300000871650001u64));
    assert_eq!(feishu.rows[0]["_id"], "recvQ8nKc2");
    assert_eq!(jiandaoyun.rows[0]["_id"], "6787a1c0e4b00000003f5a10");
}

#[test]
fn fixture_values_by_hand() {
    let (huoban, feishu, jiandaoyun) = read_all();
    for out in [&huoban, &feishu, &jiandaoyun] {
        let refund = &out.rows[4];
        assert_eq!(refund["合同金额"], json!(-12000));
        assert_eq!(refund["状态"], "已退款");
        assert_eq!(refund["签约日期"], "2025-03-18");
        assert_eq!(out.rows[1]["合同金额"], json!(85000.5));
        assert_eq!(out.rows[2]["签约日期"], "2025-02-28 14:30:00");
        assert_eq!(out.rows[5]["协作人"].as_array().unwrap().len(), 2);
        assert_eq!(out.rows[7]["产品线"], json!(["CRM", "BI", "实施服务"]));
        // the engine reads 负责人.name from the first member
        assert_eq!(out.rows[0]["负责人"][0]["name"], "张三");
    }
    assert_eq!(feishu.rows[5]["备注"], "@王五 联合拜访成交");
    assert_eq!(jiandaoyun.rows[0]["_createdAt"], "2025-01-15 09:12:00");
    assert!(jiandaoyun.rows[0].get("appId").is_none());
    assert!(jiandaoyun.rows[0].get("_deletedBy").is_none());
}

#[test]
fn the_utc_offset_moves_host_instants_but_not_local_dates() {
    let fs = fixture("hosts/feishu.json");
    let jd = fixture("hosts/jiandaoyun.json");
    let hb = fixture("hosts/huoban.json");
    let utc = json!({ "utcOffset": "Z" });
    let f = from_feishu(
        &fs["records"],
        &opts(json!({ "fields": fs["fields"], "utcOffset": "+00:00" })),
    )
    .unwrap();
    assert_eq!(f.rows[0]["签约日期"], "2025-01-14 16:00:00");
    let j = from_jiandaoyun(&jd["data"], &jd["widgets"], &opts(utc.clone())).unwrap();
    assert_eq!(j.rows[0]["签约日期"], "2025-01-14 16:00:00");
    assert_eq!(j.rows[2]["签约日期"], "2025-02-28 06:30:00");
    // Huoban dates are local texts already: the offset does not move them
    let h = from_huoban(&hb["items"], &hb["fields"], &opts(utc)).unwrap();
    assert_eq!(h.rows[0]["签约日期"], "2025-01-15");
    let ny = from_feishu(
        &fs["records"],
        &opts(json!({ "fields": fs["fields"], "utcOffset": "-05:00" })),
    )
    .unwrap();
    assert_eq!(ny.rows[0]["签约日期"], "2025-01-14 11:00:00");
}

// ------------------------------------------------------------------ Huoban, per field type

#[test]
fn huoban_field_types() {
    let fields = json!([
        { "field_id": 1, "name": "文本", "type": "text" },
        { "field_id": 2, "name": "数字", "type": "number" },
        { "field_id": 3, "name": "日期", "type": "date" },
        { "field_id": 4, "name": "成员", "type": "user" },
        { "field_id": 5, "name": "单选", "type": "category", "config": { "type": "single" } },
        { "field_id": 6, "name": "多选", "type": "category", "config": { "type": "multi" } },
        { "field_id": 7, "name": "关联", "type": "relation" },
        { "field_id": 8, "name": "计算", "type": "calculation" },
        { "field_id": 9, "name": "未定", "type": "category" },
        { "field_id": 10, "name": "别名字段", "type": "number", "alias": "amount" },
    ]);
    // (field id, cell, expected value or error code)
    let cases: Vec<(&str, Value, Result<Value, &str>)> = vec![
        ("1", json!("甲"), Ok(json!("甲"))),
        ("1", json!(null), Ok(json!(null))),
        ("2", json!(12000.5), Ok(json!(12000.5))),
        ("2", json!("12000.50"), Ok(json!("12000.50"))),
        ("2", json!(-12000), Ok(json!(-12000))),
        ("2", json!("abc"), Err("INVALID_NUMBER")),
        ("2", json!(true), Err("INVALID_NUMBER")),
        ("2", json!({ "\u{0}nonfinite": "NaN" }), Err("INVALID_NUMBER")),
        ("3", json!("2025-03-05"), Ok(json!("2025-03-05"))),
        ("3", json!("2025-03-05 10:00"), Ok(json!("2025-03-05 10:00:00"))),
        ("3", json!("2025-03-05 00:00"), Ok(json!("2025-03-05"))),
        ("3", json!("2025/3/5"), Ok(json!("2025-03-05"))),
        ("3", json!("2025-02-30"), Err("INVALID_DATE")),
        ("3", json!("明天"), Err("INVALID_DATE")),
        ("3", json!(1741104000000u64), Err("INVALID_DATE")),
        (
            "4",
            json!([{ "user_id": 1001, "name": "张三", "avatar": "x" }]),
            Ok(json!([{ "id": 1001, "name": "张三" }])),
        ),
        (
            "4",
            json!({ "user_id": 1001, "name": "张三" }),
            Ok(json!([{ "id": 1001, "name": "张三" }])),
        ),
        ("4", json!([1001]), Ok(json!([{ "id": 1001 }]))),
        ("4", json!([{ "avatar": "x" }]), Err("INVALID_TYPE")),
        ("5", json!([{ "id": 1, "name": "已签约" }]), Ok(json!("已签约"))),
        ("5", json!([]), Ok(json!(null))),
        ("6", json!([{ "id": 1, "name": "CRM" }]), Ok(json!(["CRM"]))),
        (
            "6",
            json!([{ "id": 1, "name": "CRM" }, { "id": 2, "name": "BI" }]),
            Ok(json!(["CRM", "BI"])),
        ),
        ("9", json!([{ "id": 1, "name": "甲" }]), Ok(json!("甲"))),
        (
            "9",
            json!([{ "id": 1, "name": "甲" }, { "id": 2, "name": "乙" }]),
            Ok(json!(["甲", "乙"])),
        ),
        (
            "7",
            json!([{ "item_id": 9, "title": "华东精密" }]),
            Ok(json!([{ "id": 9, "title": "华东精密" }])),
        ),
        ("8", json!(246.91), Ok(json!(246.91))),
        ("8", json!("2021-04-25 20:40"), Ok(json!("2021-04-25 20:40"))),
        ("amount", json!(5), Ok(json!(5))),
        ("10", json!(5), Ok(json!(5))),
    ];
    for (id, cell, want) in cases {
        let items = json!([{ "item_id": 7, "fields": { id: cell.clone() } }]);
        let out = from_huoban(&items, &fields, &HostOptions::default()).unwrap();
        let field = fields
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field_id"].as_u64().map(|n| n.to_string()).as_deref() == Some(id) || f["alias"] == id);
        let name = field.unwrap()["name"].as_str().unwrap();
        match want {
            Ok(v) => {
                assert!(out.errors.is_empty(), "{id} {cell}: {:?}", out.errors);
                assert_eq!(out.rows[0][name], v, "{id} {cell}");
            }
            Err(code) => {
                assert_eq!(codes(&out.errors), [code], "{id} {cell}");
                let e = &out.errors[0];
                assert_eq!(e.path, format!("items/0/fields/{id}"));
                assert_eq!(e.row, Some(0));
                assert_eq!(e.field.as_deref(), Some(name));
                assert!(e.value.is_some());
                // the bad cell is left out, the row is kept
                assert_eq!(out.rows.len(), 1);
                assert!(out.rows[0].get(name).is_none());
                assert_eq!(out.rows[0]["_id"], json!(7));
            }
        }
    }
}

#[test]
fn huoban_v2_items_and_unknown_fields() {
    // the v2 shape: fields as a list of { field_id, type, values: [{ value }] }
    let items = json!({ "items": [{ "item_id": 1000, "fields": [
        { "field_id": 4000, "type": "text", "values": [{ "value": "文本内容" }] },
        { "field_id": 4001, "type": "number", "values": [{ "value": 234.56 }] },
        { "field_id": 4003, "type": "category", "values": [{ "status": "active", "name": "选项", "id": 1, "color": "h" }] },
        { "field_id": 4004, "type": "user", "values": [{ "user_id": 5000, "name": "用户名", "avatar": {} }] },
        { "field_id": 4005, "type": "date", "values": [{ "value": "2021-04-15 10:30" }] },
        { "field_id": 4009, "type": "date", "values": [{ "value": "2021-04-15 10:30" }] },
    ] }] });
    let fields = json!([
        { "field_id": 4000, "name": "标题", "type": "text" },
        { "field_id": 4001, "name": "金额", "type": "number" },
        { "field_id": 4003, "name": "状态", "type": "category" },
        { "field_id": 4004, "name": "负责人", "type": "user" },
        { "field_id": 4005, "name": "日期", "type": "date" },
    ]);
    let out = from_huoban(&items, &fields, &HostOptions::default()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let row = &out.rows[0];
    assert_eq!(row["标题"], "文本内容");
    assert_eq!(row["金额"], json!(234.56));
    assert_eq!(row["状态"], "选项");
    assert_eq!(row["负责人"], json!([{ "id": 5000, "name": "用户名" }]));
    assert_eq!(row["日期"], "2021-04-15 10:30:00");
    // 4009 is not in the field list: kept under its id (read by its own type), one warning
    assert_eq!(row["4009"], "2021-04-15 10:30:00");
    assert_eq!(codes(&out.warnings), ["UNKNOWN_KEY"]);
    assert_eq!(out.warnings[0].path, "items/0/fields/4009");
    // without a field list the keys stay, values are read by their shape
    let bare = from_huoban(&items, &Value::Null, &HostOptions::default()).unwrap();
    assert!(bare.warnings.is_empty());
    assert_eq!(bare.rows[0]["4004"], json!([{ "id": 5000, "name": "用户名" }]));
    assert_eq!(bare.rows[0]["4003"], "选项");
}

// ------------------------------------------------------------------ Feishu, per field type

#[test]
fn feishu_field_types() {
    let fields = json!({ "data": { "items": [
        { "field_name": "数字", "type": 2 }, { "field_name": "日期", "type": 5 }, { "field_name": "成员", "type": 11 },
        { "field_name": "文本", "type": 1 }, { "field_name": "多选", "type": 4 }, { "field_name": "公式", "type": 20 },
        { "field_name": "创建时间", "type": 1001 }, { "field_name": "链接", "type": 15 }, { "field_name": "关联", "type": 21 },
        { "field_name": "复选", "type": 7 }, { "field_name": "创建人", "type": 1003 },
    ] } });
    let options = opts(json!({ "fields": fields }));
    let user = json!({ "id": "ou_1", "name": "张三", "en_name": "Zhang San", "email": "z@x.cn", "avatar_url": "u" });
    let cases: Vec<(&str, Value, Result<Value, &str>)> = vec![
        ("数字", json!(12000.5), Ok(json!(12000.5))),
        ("数字", json!(0.85), Ok(json!(0.85))),
        ("数字", json!(1741104000000u64), Ok(json!(1741104000000u64))),
        ("日期", json!(1741104000000u64), Ok(json!("2025-03-05"))),
        ("日期", json!(1741140000000u64), Ok(json!("2025-03-05 10:00:00"))),
        ("日期", json!(1741104000123u64), Ok(json!("2025-03-05 00:00:00.123"))),
        ("日期", json!(1.5), Err("INVALID_DATE")),
        ("日期", json!(1e300), Err("INVALID_DATE")),
        ("日期", json!(-1e17), Err("INVALID_DATE")),
        ("创建时间", json!(1741104000000u64), Ok(json!("2025-03-05"))),
        (
            "成员",
            json!([user.clone()]),
            Ok(json!([{ "id": "ou_1", "name": "张三" }])),
        ),
        (
            "成员",
            json!([{ "id": "ou_2", "en_name": "Li Si" }]),
            Ok(json!([{ "id": "ou_2", "name": "Li Si" }])),
        ),
        ("创建人", user.clone(), Ok(json!({ "id": "ou_1", "name": "张三" }))),
        ("文本", json!("纯文本"), Ok(json!("纯文本"))),
        (
            "文本",
            json!([{ "type": "text", "text": "甲" }, { "type": "url", "text": "乙", "link": "https://x" }]),
            Ok(json!("甲乙")),
        ),
        ("文本", json!([]), Ok(json!([]))),
        ("多选", json!(["a", "b"]), Ok(json!(["a", "b"]))),
        ("公式", json!({ "type": 2, "value": [246.91] }), Ok(json!(246.91))),
        (
            "公式",
            json!({ "type": 1, "value": [{ "type": "text", "text": "✅ 正常" }] }),
            Ok(json!("✅ 正常")),
        ),
        (
            "公式",
            json!({ "type": 5, "value": [1741104000000u64] }),
            Ok(json!("2025-03-05")),
        ),
        (
            "公式",
            json!({ "type": 11, "value": [user.clone()] }),
            Ok(json!([{ "id": "ou_1", "name": "张三" }])),
        ),
        (
            "链接",
            json!({ "link": "https://x", "text": "x" }),
            Ok(json!({ "link": "https://x", "text": "x" })),
        ),
        (
            "关联",
            json!({ "link_record_ids": ["recA"] }),
            Ok(json!({ "link_record_ids": ["recA"] })),
        ),
        (
            "关联",
            json!([{ "record_ids": ["recA"], "table_id": "tbl", "text": "甲", "type": "text" }]),
            Ok(json!([{ "record_ids": ["recA"], "table_id": "tbl", "text": "甲", "type": "text" }])),
        ),
        ("复选", json!(true), Ok(json!(true))),
        ("数字", json!({ "\u{0}nonfinite": "Infinity" }), Err("INVALID_NUMBER")),
    ];
    for (name, cell, want) in cases {
        let records = json!([{ "record_id": "recX", "fields": { name: cell.clone() } }]);
        let out = from_feishu(&records, &options).unwrap();
        assert!(out.warnings.is_empty(), "{name} {cell}: {:?}", out.warnings);
        match want {
            Ok(v) => {
                assert!(out.errors.is_empty(), "{name} {cell}: {:?}", out.errors);
                assert_eq!(out.rows[0][name], v, "{name} {cell}");
            }
            Err(code) => {
                assert_eq!(codes(&out.errors), [code], "{name} {cell}");
                assert_eq!(out.errors[0].path, format!("items/0/fields/{name}"));
                assert!(out.rows[0].get(name).is_none());
            }
        }
    }
}

#[test]
fn feishu_dates_are_guessed_only_without_a_field_list_or_dates() {
    let records = json!([
        { "record_id": "r1", "fields": { "签约日期": 1741104000000u64, "合同金额": 120000, "大额": 1741104000001u64 } },
        { "record_id": "r2", "fields": { "签约日期": 1741190400000u64 } },
    ]);
    let guessed = from_feishu(&records, &HostOptions::default()).unwrap();
    assert_eq!(guessed.rows[0]["签约日期"], "2025-03-05");
    assert_eq!(guessed.rows[1]["签约日期"], "2025-03-06");
    assert_eq!(guessed.rows[0]["合同金额"], json!(120000));
    // not whole seconds: not a date
    assert_eq!(guessed.rows[0]["大额"], json!(1741104000001u64));
    // one warning per field
    assert_eq!(codes(&guessed.warnings), ["GUESSED_DATE"]);
    assert_eq!(guessed.warnings[0].path, "items/0/fields/签约日期");
    assert_eq!(guessed.warnings[0].field.as_deref(), Some("签约日期"));
    // dates: [] turns guessing off; dates names the date fields
    let off = from_feishu(&records, &opts(json!({ "dates": [] }))).unwrap();
    assert!(off.warnings.is_empty());
    assert_eq!(off.rows[0]["签约日期"], json!(1741104000000u64));
    let named = from_feishu(&records, &opts(json!({ "dates": ["签约日期"] }))).unwrap();
    assert!(named.warnings.is_empty());
    assert_eq!(named.rows[1]["签约日期"], "2025-03-06");
}

// ------------------------------------------------------------------ Jiandaoyun, per widget type

#[test]
fn jiandaoyun_widget_types_and_subforms() {
    let widgets = json!({ "widgets": [
        { "name": "_widget_1", "label": "金额", "type": "number" },
        { "name": "_widget_2", "label": "时间", "type": "datetime" },
        { "name": "_widget_3", "label": "负责人", "type": "user" },
        { "name": "_widget_4", "label": "成员", "type": "usergroup" },
        { "name": "_widget_5", "label": "部门", "type": "dept" },
        { "name": "_widget_6", "label": "明细", "type": "subform", "items": [
            { "name": "_widget_61", "label": "产品", "type": "text" },
            { "name": "_widget_62", "label": "小计", "type": "number" },
            { "name": "_widget_63", "label": "交付", "type": "datetime" },
        ] },
        { "name": "rate", "label": "比例", "type": "number" },
        { "name": "_widget_8", "label": "地址", "type": "address" },
    ] });
    let data = json!({ "data": [{
        "_id": "d1",
        "_widget_1": 12000.5,
        "_widget_2": "2025-03-05T02:00:00.000Z",
        "_widget_3": { "username": "zhangsan", "name": "张三", "status": 1, "type": 0, "departments": [1] },
        "_widget_4": [{ "username": "lisi", "name": "李四" }, { "username": "wangwu", "name": "王五" }],
        "_widget_5": { "dept_no": 7, "name": "华东大区", "type": 0 },
        "_widget_6": [
            { "_id": "s1", "_widget_61": "CRM", "_widget_62": 100, "_widget_63": "2025-03-31T16:00:00.000Z" },
            { "_id": "s2", "_widget_61": "BI", "_widget_62": "abc", "_widget_63": "2025-04-30T16:00:00.000Z" },
            7,
        ],
        "rate": 0.85,
        "_widget_8": { "province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": "文三路" },
        "_widget_99": "x",
        "flowState": 1,
    }] });
    let out = from_jiandaoyun(&data, &widgets, &HostOptions::default()).unwrap();
    let row = &out.rows[0];
    assert_eq!(row["金额"], json!(12000.5));
    assert_eq!(row["时间"], "2025-03-05 10:00:00");
    assert_eq!(row["负责人"], json!([{ "id": "zhangsan", "name": "张三" }]));
    assert_eq!(
        row["成员"],
        json!([{ "id": "lisi", "name": "李四" }, { "id": "wangwu", "name": "王五" }])
    );
    assert_eq!(row["部门"], json!([{ "id": 7, "name": "华东大区" }]));
    assert_eq!(row["比例"], json!(0.85));
    assert_eq!(row["地址"]["city"], "杭州市");
    assert_eq!(row["flowState"], json!(1));
    assert_eq!(row["_widget_99"], "x");
    // subform rows: converted with the subform's widgets; the bad cell and the non-object row are errors
    assert_eq!(
        row["明细"],
        json!([
            { "_id": "s1", "产品": "CRM", "小计": 100, "交付": "2025-04-01" },
            { "_id": "s2", "产品": "BI", "交付": "2025-05-01" },
        ])
    );
    assert_eq!(codes(&out.errors), ["INVALID_NUMBER", "INVALID_ROW"]);
    assert_eq!(out.errors[0].path, "data/0/_widget_6/1/_widget_62");
    assert_eq!(out.errors[0].field.as_deref(), Some("小计"));
    assert_eq!(out.errors[1].path, "data/0/_widget_6/2");
    assert_eq!(out.errors[1].row, Some(0));
    assert_eq!(codes(&out.warnings), ["UNKNOWN_KEY"]);
    assert_eq!(out.warnings[0].path, "data/0/_widget_99");

    // without a widget list: keys stay, ISO datetimes and members are read by their shape
    let mut records = data["data"].clone();
    records[0]["_widget_6"].as_array_mut().unwrap().pop(); // an array of objects only reads as a subform
    let bare = from_jiandaoyun(&records, &Value::Null, &HostOptions::default()).unwrap();
    assert_eq!(bare.rows[0]["_widget_2"], "2025-03-05 10:00:00");
    assert_eq!(bare.rows[0]["_widget_3"], json!({ "id": "zhangsan", "name": "张三" }));
    assert_eq!(bare.rows[0]["_widget_4"][1]["id"], "wangwu");
    assert_eq!(bare.rows[0]["_widget_6"][0]["_widget_63"], "2025-04-01");
    assert_eq!(bare.rows[0]["_widget_6"][1]["_widget_62"], "abc");
    assert!(bare.warnings.is_empty() && bare.errors.is_empty());

    // a bad datetime
    let bad = from_jiandaoyun(
        &json!([{ "_id": "d2", "_widget_2": "2025-13-01T00:00:00Z" }]),
        &widgets,
        &HostOptions::default(),
    )
    .unwrap();
    assert_eq!(codes(&bad.errors), ["INVALID_DATE"]);
    assert_eq!(bad.errors[0].path, "data/0/_widget_2");
    // one record as { data: {...} }
    let one = from_jiandaoyun(
        &json!({ "data": { "_id": "d3", "rate": 1 } }),
        &widgets,
        &HostOptions::default(),
    )
    .unwrap();
    assert_eq!(one.rows[0]["比例"], json!(1));
}

// ------------------------------------------------------------------ bad records

#[test]
fn bad_records_never_stop_the_good_ones() {
    let hb = fixture("hosts/huoban.json");
    let mut items = hb["items"]["data"]["items"].clone();
    let list = items.as_array_mut().unwrap();
    list[1] = json!(42);
    list[3]["fields"] = json!("oops");
    list[5]["fields"]["2200000150845864"] = json!("2025-02-30");
    let out = from_huoban(&items, &hb["fields"], &HostOptions::default()).unwrap();
    assert_eq!(out.rows.len(), 6, "records 1 and 3 are left out");
    assert_eq!(codes(&out.errors), ["INVALID_ROW", "INVALID_ROW", "INVALID_DATE"]);
    assert_eq!(out.errors[0].path, "items/1");
    assert_eq!(out.errors[0].row, Some(1));
    assert_eq!(out.errors[1].path, "items/3/fields");
    assert_eq!(out.errors[2].path, "items/5/fields/2200000150845864");
    assert_eq!(out.errors[2].row, Some(5));
    assert_eq!(out.errors[2].field.as_deref(), Some("签约日期"));
    assert_eq!(out.errors[2].value.as_deref(), Some("2025-02-30"));
    // record 5 is kept without its date
    let kept = out.rows.iter().find(|r| r["订单号"] == "SO-2025-0006").unwrap();
    assert!(kept.get("签约日期").is_none());
    assert_eq!(kept["合同金额"], json!(99999.99));
    // messages in three locales, message in the chosen one
    for e in &out.errors {
        assert!(!e.messages.zh_cn.is_empty() && !e.messages.zh_tw.is_empty() && !e.messages.en.is_empty());
        assert_eq!(e.message, e.messages.zh_cn);
    }
    let en = from_huoban(&items, &hb["fields"], &opts(json!({ "locale": "en" }))).unwrap();
    assert_eq!(en.errors[2].message, en.errors[2].messages.en);

    // Feishu and Jiandaoyun alike
    let fs = from_feishu(
        &json!([{ "record_id": "a", "fields": {} }, null, { "record_id": "c" }]),
        &HostOptions::default(),
    )
    .unwrap();
    assert_eq!(fs.rows.len(), 1);
    assert_eq!(codes(&fs.errors), ["INVALID_ROW", "INVALID_ROW"]);
    assert_eq!(fs.errors[0].path, "items/1");
    assert_eq!(fs.errors[1].path, "items/2/fields");
    let jd = from_jiandaoyun(&json!([[1], { "_id": "b" }]), &Value::Null, &HostOptions::default()).unwrap();
    assert_eq!(jd.rows.len(), 1);
    assert_eq!(jd.errors[0].path, "data/0");
}

#[test]
fn whole_input_problems_are_thrown() {
    let none = HostOptions::default();
    for (e, path) in [
        (
            from_huoban(&json!({ "x": 1 }), &Value::Null, &none).unwrap_err(),
            "items",
        ),
        (from_huoban(&json!([]), &json!("fields"), &none).unwrap_err(), "fields"),
        (from_feishu(&json!(5), &none).unwrap_err(), "items"),
        (
            from_feishu(&json!([]), &opts(json!({ "fields": 5 }))).unwrap_err(),
            "options/fields",
        ),
        (from_jiandaoyun(&json!("x"), &Value::Null, &none).unwrap_err(), "data"),
        (from_jiandaoyun(&json!([]), &json!(true), &none).unwrap_err(), "widgets"),
        (to_huoban(&json!([]), &Value::Null, &none).unwrap_err(), "fields"),
        (to_jiandaoyun(&json!([]), &Value::Null, &none).unwrap_err(), "widgets"),
        (to_feishu(&json!({ "results": [] }), &none).unwrap_err(), "rows"),
    ] {
        assert_eq!(e.code.as_str(), "INVALID_INPUT", "{e}");
        assert_eq!(e.path, path);
    }
    for bad in [
        json!({ "utcOffset": "+25:00" }),
        json!({ "utcOffset": 8 }),
        json!({ "locale": "fr" }),
        json!({ "idColumn": "" }),
        json!({ "ids": [] }),
        json!({ "columns": { "a": 1 } }),
        json!({ "dates": "签约日期" }),
    ] {
        let e = HostOptions::from_value(&bad).unwrap_err();
        assert_eq!(e.code.as_str(), "INVALID_SETTING", "{bad}");
        assert!(e.path.starts_with("options/"), "{}", e.path);
    }
    assert_eq!(
        HostOptions::from_value(&json!([])).unwrap_err().code.as_str(),
        "INVALID_INPUT"
    );
}

#[test]
fn field_list_problems_are_warnings() {
    let fields = json!([
        { "field_id": 1, "name": "金额", "type": "number" },
        { "field_id": 2, "name": "金额", "type": "number" },
        { "name": "无 id" },
        7,
    ]);
    let out = from_huoban(
        &json!([{ "item_id": 1, "fields": { "1": 5, "2": 6 } }]),
        &fields,
        &HostOptions::default(),
    )
    .unwrap();
    assert_eq!(
        codes(&out.warnings),
        ["DUPLICATE_KEY", "INVALID_INPUT", "INVALID_INPUT"]
    );
    assert!(out.warnings.iter().all(|w| w.severity == jixiao::Severity::Warning));
    assert_eq!(out.rows[0]["金额"], json!(6), "the later field wins");
}

// ------------------------------------------------------------------ write-back

#[test]
fn engine_rows_write_back_to_each_host() {
    // what evaluate's out.rows gives, keyed by employee number, with the record ids looked up
    let rows = json!([
        { "员工编号": "E001", "绩效得分": "87.35", "绩效等级": "A", "排名": 3, "提成": "12500.00" },
        { "员工编号": "E002", "绩效得分": 91.2, "绩效等级": "S", "排名": 1, "提成": "12,000.5" },
    ]);
    // Huoban
    let fields = json!([
        { "field_id": 2201, "name": "绩效得分", "type": "number" },
        { "field_id": 2202, "name": "绩效等级", "type": "category", "config": { "type": "single",
            "options": [{ "id": 1, "name": "S" }, { "id": 2, "name": "A" }] } },
        { "field_id": 2203, "name": "排名", "type": "number" },
        { "field_id": 2204, "name": "本月提成", "type": "number", "alias": "commission" },
    ]);
    let options = opts(
        json!({ "idColumn": "员工编号", "ids": { "E001": 2300000000000001u64, "E002": 2300000000000002u64 },
        "columns": { "提成": "commission" } }),
    );
    let out = to_huoban(&rows, &fields, &options).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        serde_json::to_value(&out.items).unwrap(),
        json!([
            { "item_id": 2300000000000001u64, "fields": { "2201": 87.35, "2202": [2], "2203": 3, "2204": 12500 } },
            { "item_id": 2300000000000002u64, "fields": { "2201": 91.2, "2202": [1], "2203": 1, "2204": 12000.5 } },
        ])
    );
    // Feishu, with its field list
    let fs_fields = json!([{ "field_name": "绩效得分", "type": 2 }, { "field_name": "绩效等级", "type": 3 },
        { "field_name": "排名", "type": 2 }, { "field_name": "提成", "type": 2 }]);
    let options =
        opts(json!({ "idColumn": "员工编号", "ids": { "E001": "recA", "E002": "recB" }, "fields": fs_fields }));
    let out = to_feishu(&rows, &options).unwrap();
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        json!({ "records": [
            { "record_id": "recA", "fields": { "绩效得分": 87.35, "绩效等级": "A", "排名": 3, "提成": 12500 } },
            { "record_id": "recB", "fields": { "绩效得分": 91.2, "绩效等级": "S", "排名": 1, "提成": 12000.5 } },
        ], "errors": [], "warnings": [] })
    );
    // without a field list values go as they are
    let plain = to_feishu(
        &rows,
        &opts(json!({ "idColumn": "员工编号", "ids": { "E001": "recA", "E002": "recB" } })),
    )
    .unwrap();
    assert_eq!(plain.records[0].fields["提成"], "12500.00");
    // Jiandaoyun
    let widgets = json!([{ "name": "_widget_1", "label": "绩效得分", "type": "number" },
        { "name": "_widget_2", "label": "绩效等级", "type": "radiogroup" },
        { "name": "rank", "label": "排名", "type": "number" }, { "name": "_widget_4", "label": "提成", "type": "number" }]);
    let options = opts(json!({ "idColumn": "员工编号", "ids": { "E001": "65f0a1", "E002": "65f0a2" } }));
    let out = to_jiandaoyun(&rows, &widgets, &options).unwrap();
    assert_eq!(
        serde_json::to_value(&out.items[0]).unwrap(),
        json!({ "data_id": "65f0a1", "data": { "_widget_1": { "value": 87.35 }, "_widget_2": { "value": "A" },
            "rank": { "value": 3 }, "_widget_4": { "value": 12500 } } })
    );
}

#[test]
fn write_back_round_trips_the_fixtures() {
    let (huoban, feishu, jiandaoyun) = read_all();
    // Huoban: every field back in its write format
    let hb = fixture("hosts/huoban.json");
    let out = to_huoban(
        &Value::Array(huoban.rows.iter().map(|r| json!(r)).collect()),
        &hb["fields"],
        &HostOptions::default(),
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.items.len(), 8);
    let first = serde_json::to_value(&out.items[0]).unwrap();
    assert_eq!(
        first,
        json!({ "item_id": 2300000871650001u64, "fields": {
            "2200000150845861": "SO-2025-0001", "2200000150845862": "华东精密机械", "2200000150845863": 120000,
            "2200000150845864": "2025-01-15", "2200000150845865": [1001], "2200000150845866": [1002],
            "2200000150845867": [2], "2200000150845868": [1], "2200000150845869": 1, "2200000150845870": "首单，年框客户" } })
    );
    assert_eq!(out.items[2].fields["2200000150845864"], "2025-02-28 14:30:00");
    assert_eq!(out.items[7].fields["2200000150845868"], json!([1, 2, 3]));
    // Feishu: dates back to the same epoch milliseconds, members to [{ id }]
    let fs = fixture("hosts/feishu.json");
    let rows = Value::Array(feishu.rows.iter().map(|r| json!(r)).collect());
    let out = to_feishu(&rows, &opts(json!({ "fields": fs["fields"] }))).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    for (k, rec) in out.records.iter().enumerate() {
        let original = &fs["records"]["data"]["items"][k];
        assert_eq!(rec.record_id, original["record_id"]);
        assert_eq!(rec.fields["签约日期"], original["fields"]["签约日期"]);
        assert_eq!(rec.fields["合同金额"], original["fields"]["合同金额"]);
        assert_eq!(
            rec.fields["负责人"],
            json!([{ "id": original["fields"]["负责人"][0]["id"] }])
        );
        assert_eq!(rec.fields["产品线"], original["fields"]["产品线"]);
        assert!(!rec.fields.contains_key("_createdAt"));
    }
    // Jiandaoyun: datetimes back to the same UTC texts, members to usernames
    let jd = fixture("hosts/jiandaoyun.json");
    let rows = Value::Array(jiandaoyun.rows.iter().map(|r| json!(r)).collect());
    let out = to_jiandaoyun(&rows, &jd["widgets"], &HostOptions::default()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    for (k, item) in out.items.iter().enumerate() {
        let original = &jd["data"]["data"][k];
        assert_eq!(item.data_id, original["_id"]);
        for (widget, v) in &item.data {
            let want = match widget.as_str() {
                "_widget_1735600000005" => original[widget]["username"].clone(),
                "_widget_1735600000006" => Value::Array(
                    original[widget]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| m["username"].clone())
                        .collect(),
                ),
                _ => original[widget].clone(),
            };
            assert_eq!(v["value"], want, "{k} {widget}");
        }
        assert_eq!(item.data.len(), 10);
    }
}

#[test]
fn write_back_errors_leave_the_row_out() {
    let fields = json!([{ "field_id": 1, "name": "得分", "type": "number" }, { "field_id": 2, "name": "日期", "type": "date" },
        { "field_id": 3, "name": "负责人", "type": "user" }, { "field_id": 4, "name": "等级", "type": "category",
        "config": { "options": [{ "id": 1, "name": "A" }] } }]);
    let rows = json!([
        { "_id": 1, "得分": "87.35" },
        { "_id": 2, "得分": "0.1000000000000000055511151231" },
        { "得分": 3 },
        { "_id": 4, "日期": "2025-02-30" },
        { "_id": 5, "负责人": [{ "name": "张三" }] },
        { "_id": 6, "等级": "B" },
        { "_id": 7, "得分": "abc" },
        "not a row",
        { "_id": "", "得分": 1 },
        { "_id": 10, "得分": { "\u{0}nonfinite": "NaN" } },
        { "_id": 11, "得分": null, "日期": "2025-03-05 00:00:00", "负责人": { "id": 1001, "name": "张三" }, "等级": ["A"] },
    ]);
    let out = to_huoban(&rows, &fields, &HostOptions::default()).unwrap();
    let ids: Vec<&Value> = out.items.iter().map(|i| &i.item_id).collect();
    assert_eq!(ids, [&json!(1), &json!(11)]);
    assert_eq!(
        out.items[1].fields,
        serde_json::from_value::<indexmap::IndexMap<String, Value>>(
            json!({ "1": null, "2": "2025-03-05", "3": [1001], "4": [1] })
        )
        .unwrap()
    );
    let got: Vec<(&str, Option<usize>, &str)> = out
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.row, e.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("INVALID_NUMBER", Some(1), "rows/1/得分"),
            ("INVALID_ROW", Some(2), "rows/2/_id"),
            ("INVALID_DATE", Some(3), "rows/3/日期"),
            ("INVALID_TYPE", Some(4), "rows/4/负责人"),
            ("INVALID_INPUT", Some(5), "rows/5/等级"),
            ("INVALID_NUMBER", Some(6), "rows/6/得分"),
            ("INVALID_ROW", Some(7), "rows/7"),
            ("INVALID_ROW", Some(8), "rows/8/_id"),
            ("INVALID_NUMBER", Some(9), "rows/9/得分"),
        ]
    );
    assert!(out.errors[0].messages.en.contains("exactly"));
    assert_eq!(out.errors[8].value.as_deref(), Some("NaN"));
    // ids lookup misses
    let out = to_feishu(
        &json!([{ "工号": "E9", "x": 1 }]),
        &opts(json!({ "idColumn": "工号", "ids": { "E1": "recA" } })),
    )
    .unwrap();
    assert_eq!(codes(&out.errors), ["INVALID_ROW"]);
    assert!(out.errors[0].messages.en.contains("E9"));
}

#[test]
fn unknown_columns_are_thrown_naming_them_unless_renamed_or_dropped() {
    let widgets = json!([{ "name": "_widget_1", "label": "绩效得分", "type": "number" }]);
    let rows = json!([{ "_id": "a", "绩效得分": 1 }, { "_id": "b", "绩效得分": 2, "绩效得份": 3 }]);
    let e = to_jiandaoyun(&rows, &widgets, &HostOptions::default()).unwrap_err();
    assert_eq!(e.code.as_str(), "INVALID_INPUT");
    assert_eq!(e.path, "rows/1/绩效得份");
    assert_eq!(e.field.as_deref(), Some("绩效得份"));
    assert!(e.messages.zh_cn.contains("绩效得份") && e.messages.en.contains("绩效得份"));
    assert!(
        e.messages.en.contains("绩效得分"),
        "lists the known names: {}",
        e.messages.en
    );
    let dropped = to_jiandaoyun(&rows, &widgets, &opts(json!({ "columns": { "绩效得份": null } }))).unwrap();
    assert_eq!(dropped.items.len(), 2);
    let renamed = to_jiandaoyun(
        &rows,
        &widgets,
        &opts(json!({ "columns": { "绩效得份": "_widget_1" } })),
    )
    .unwrap();
    assert_eq!(renamed.items[1].data["_widget_1"]["value"], json!(3));
    // Feishu: only with a field list
    let e = to_feishu(
        &rows,
        &opts(json!({ "fields": [{ "field_name": "绩效得分", "type": 2 }] })),
    )
    .unwrap_err();
    assert_eq!(e.path, "rows/1/绩效得份");
    assert!(to_feishu(&rows, &HostOptions::default()).is_ok());
    // Huoban: by name, alias or field id
    let fields = json!([{ "field_id": 9, "name": "得分", "type": "number", "alias": "score" }]);
    let out = to_huoban(
        &json!([{ "_id": 1, "得分": 1, "score": 2, "9": 3 }]),
        &fields,
        &HostOptions::default(),
    )
    .unwrap();
    assert_eq!(out.items[0].fields["9"], json!(3));
    let e = to_huoban(
        &json!([{ "_id": 1, "分数": 1 }]),
        &fields,
        &opts(json!({ "locale": "en" })),
    )
    .unwrap_err();
    assert_eq!(e.message, e.messages.en);
}

#[test]
fn write_back_value_conversions() {
    let fs_fields = json!([
        { "field_name": "日期", "type": 5 }, { "field_name": "成员", "type": 11 }, { "field_name": "多选", "type": 4 },
        { "field_name": "复选", "type": 7 }, { "field_name": "文本", "type": 1 }, { "field_name": "链接", "type": 15 },
    ]);
    let rows = json!([{ "_id": "r", "日期": "2025-03-05", "成员": [{ "id": "ou_1", "name": "张三" }, "ou_2"],
        "多选": "CRM", "复选": true, "文本": 12.5, "链接": "https://x.cn" }]);
    let out = to_feishu(&rows, &opts(json!({ "fields": fs_fields }))).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        serde_json::to_value(&out.records[0].fields).unwrap(),
        json!({ "日期": 1741104000000u64, "成员": [{ "id": "ou_1" }, { "id": "ou_2" }], "多选": ["CRM"], "复选": true,
            "文本": "12.5", "链接": { "link": "https://x.cn", "text": "https://x.cn" } })
    );
    // a zoned text is taken at its own offset; the utcOffset applies to local texts
    let rows = json!([{ "_id": "r", "日期": "2025-03-05T00:00:00Z" }, { "_id": "s", "日期": "2025-03-05" }]);
    let out = to_feishu(&rows, &opts(json!({ "fields": fs_fields, "utcOffset": "Z" }))).unwrap();
    assert_eq!(out.records[0].fields["日期"], json!(1741132800000u64));
    assert_eq!(out.records[1].fields["日期"], json!(1741132800000u64));
    let bad = to_feishu(
        &json!([{ "_id": "r", "复选": "yes" }]),
        &opts(json!({ "fields": fs_fields })),
    )
    .unwrap();
    assert_eq!(codes(&bad.errors), ["INVALID_TYPE"]);
    // Jiandaoyun subforms
    let widgets = json!([{ "name": "_widget_6", "label": "明细", "type": "subform", "items": [
        { "name": "_widget_61", "label": "产品", "type": "text" }, { "name": "_widget_62", "label": "小计", "type": "number" }] },
        { "name": "_widget_3", "label": "负责人", "type": "user" }]);
    let rows = json!([{ "_id": "d", "明细": [{ "_id": "s1", "产品": "CRM", "小计": "100.5" }], "负责人": [{ "id": "zhangsan", "name": "张三" }] },
        { "_id": "e", "明细": [{ "产品": "BI", "小计": "x" }] }, { "_id": "f", "明细": [{ "单价": 1 }] }]);
    let out = to_jiandaoyun(&rows, &widgets, &HostOptions::default()).unwrap();
    assert_eq!(
        serde_json::to_value(&out.items).unwrap(),
        json!([{ "data_id": "d", "data": {
            "_widget_6": { "value": [{ "_id": "s1", "_widget_61": { "value": "CRM" }, "_widget_62": { "value": 100.5 } }] },
            "_widget_3": { "value": "zhangsan" } } }])
    );
    let got: Vec<(&str, &str)> = out.errors.iter().map(|e| (e.code.as_str(), e.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("INVALID_NUMBER", "rows/1/明细/0/小计"),
            ("INVALID_INPUT", "rows/2/明细/0/单价")
        ]
    );
}

#[test]
fn the_rows_may_be_the_evaluate_output_itself() {
    let scheme = r#"{ "indicators": [{ "key": "r", "name": "销售额", "weight": 100,
        "actual": { "field": "销售额" }, "target": { "field": "目标" }, "scoring": { "type": "linear", "cap": "1.2" } }],
        "fields": { "id": "工号" } }"#;
    let engine = jixiao::Engine::from_json(scheme).unwrap();
    let options: jixiao::EvaluateOptions =
        serde_json::from_value(json!({ "rows": { "_id": "id", "绩效得分": "total", "排名": "rank" } })).unwrap();
    let out = engine
        .evaluate_value(
            &json!({ "people": [{ "工号": "recA", "销售额": "120万", "目标": 1000000 }] }),
            &options,
        )
        .unwrap();
    let written = to_feishu(
        &out,
        &opts(json!({ "fields": [{ "field_name": "绩效得分", "type": 2 }, { "field_name": "排名", "type": 2 }] })),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&written.records).unwrap(),
        json!([{ "record_id": "recA", "fields": { "绩效得分": 120.0, "排名": 1 } }])
    );
}

// ------------------------------------------------------------------ JSON entries

#[test]
fn json_entries() {
    let out: Value = serde_json::from_str(
        &from_huoban_json(
            r#"{"data":{"items":[{"item_id":1,"fields":{"7":"2025-03-05 10:00"}}]}}"#,
            r#"{"data":{"table":{"fields":[{"field_id":7,"name":"日期","type":"date"}]}}}"#,
            r#"{"x":1,"locale":"en"}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["rows"][0]["日期"], "2025-03-05 10:00:00");
    assert_eq!(out["warnings"][0]["code"], "UNKNOWN_KEY");
    assert_eq!(out["warnings"][0]["message"], "unknown option \"x\", ignored");
    let e = from_feishu_json("{", "").unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_JSON", "items"));
    let e = from_jiandaoyun_json("[]", "[", "").unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("INVALID_JSON", "widgets"));
    let e = to_feishu_json("[]", r#"{"utcOffset":"8","locale":"zh-TW"}"#).unwrap_err();
    assert_eq!(e.code.as_str(), "INVALID_SETTING");
    assert_eq!(e.message, e.messages.zh_tw);
    let e = to_huoban_json("[]", "", r#"{"locale":"en"}"#).unwrap_err();
    assert_eq!(e.message, e.messages.en);
    let out: Value = serde_json::from_str(&to_jiandaoyun_json("[]", "[]", "").unwrap()).unwrap();
    assert_eq!(out, json!({ "items": [], "errors": [], "warnings": [] }));
    let out: Value = serde_json::from_str(&from_feishu_json("[]", "").unwrap()).unwrap();
    assert_eq!(out, json!({ "rows": [], "errors": [], "warnings": [] }));
}

#[test]
fn numbers_stay_exact() {
    // JSON numbers pass as they come; number texts stay texts when reading
    let out = from_feishu(
        &json!([{ "record_id": "r", "fields": { "a": 0.1, "b": "0.10", "c": 12345678901234567890u64, "d": -0.0 } }]),
        &opts(json!({ "dates": [] })),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&out.rows[0]).unwrap(),
        r#"{"_id":"r","a":0.1,"b":"0.10","c":12345678901234567890,"d":-0.0}"#
    );
    // doubles with 17 significant digits come back bit for bit (serde_json's float_roundtrip)
    let text =
        r#"[{"record_id":"r","fields":{"a":911988574.5000007,"b":112383802.68000041,"c":1.0715660391465826e-75}}]"#;
    let out = from_feishu_json(text, r#"{"dates":[]}"#).unwrap();
    assert!(
        out.contains(r#""a":911988574.5000007,"b":112383802.68000041,"c":1.0715660391465826e-75"#),
        "{out}"
    );
    // writing a decimal text as a number only where a double holds it exactly
    let fs_fields = json!([{ "field_name": "n", "type": 2 }]);
    for (text, want) in [
        ("87.35", Some("87.35")),
        ("12500.00", Some("12500")),
        ("1.2万", Some("12000")),
        ("85%", Some("0.85")),
        ("-0.5", Some("-0.5")),
        ("9007199254740992", Some("9007199254740992")),
        ("9007199254740993", None),
        ("0.30000000000000004", Some("0.30000000000000004")),
        ("0.3000000000000000444", None),
        ("1e400", None),
    ] {
        let out = to_feishu(
            &json!([{ "_id": "r", "n": text }]),
            &opts(json!({ "fields": fs_fields })),
        )
        .unwrap();
        match want {
            Some(w) => assert_eq!(out.records[0].fields["n"].to_string(), w, "{text}"),
            None => assert_eq!(codes(&out.errors), ["INVALID_NUMBER"], "{text}"),
        }
    }
}
