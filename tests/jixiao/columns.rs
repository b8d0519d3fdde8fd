//! Columnar input (`Engine::evaluate_columns`, `json::evaluate_columns_encoded`): the same
//! people as columns give exactly the output of the same people as JSON rows, on every
//! evaluation fixture, template sample and the demo table, and on random messy rows.

use crate::common::{engine, read_json, repo_path, sample_cases};
use jixiao::json::{evaluate_columns_encoded, evaluate_encoded, EncodedColumns, CELLS, NOT_A_LIST, NUMBERS, UNREAD};
use jixiao::numbers::js_number_text;
use jixiao::records::{ColumnCell, Columns};
use jixiao::{Engine, ErrorCode, EvaluateInput, EvaluateOptions, JixiaoError};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One cell as a JS row object holds it.
#[derive(Clone, Debug)]
enum JsCell {
    Absent,
    Null,
    Number(f64),
    Text(String),
    /// Any other JSON value (booleans, lists, objects).
    Other(Value),
}

impl JsCell {
    fn of(value: Option<&Value>) -> JsCell {
        match value {
            None => JsCell::Absent,
            Some(Value::Null) => JsCell::Null,
            Some(Value::Number(n)) => JsCell::Number(n.as_f64().unwrap()),
            Some(Value::String(s)) => JsCell::Text(s.clone()),
            Some(other) => JsCell::Other(other.clone()),
        }
    }
}

/// JSON text as `JSON.stringify` with the package's replacer writes it: numbers as
/// `String(x)`, NaN and ±Infinity as `{"\u0000nonfinite": …}`.
fn js_json(v: &Value) -> String {
    match v {
        Value::Number(n) => js_number(n.as_f64().unwrap()),
        Value::Array(items) => format!("[{}]", items.iter().map(js_json).collect::<Vec<_>>().join(",")),
        Value::Object(m) => {
            let fields: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), js_json(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        other => other.to_string(),
    }
}

fn js_number(n: f64) -> String {
    if n.is_finite() {
        js_number_text(n)
    } else {
        json!({ "\u{0}nonfinite": js_number_text(n) }).to_string()
    }
}

/// A row of cells as one JSON line (absent cells left out).
fn js_line(names: &[String], row: &[JsCell]) -> String {
    let fields: Vec<String> = names
        .iter()
        .zip(row)
        .filter_map(|(name, cell)| {
            let text = match cell {
                JsCell::Absent => return None,
                JsCell::Null => "null".to_string(),
                JsCell::Number(n) => js_number(*n),
                JsCell::Text(t) => Value::from(t.as_str()).to_string(),
                JsCell::Other(v) => js_json(v),
            };
            Some(format!("{}:{text}", Value::from(name.as_str())))
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// A table of cells: its column names and its rows.
struct Table {
    names: Vec<String>,
    rows: Vec<Vec<JsCell>>,
}

impl Table {
    /// The people of an input, every key of every row a column.
    fn of(people: &[Value]) -> Table {
        let mut names: Vec<String> = Vec::new();
        for row in people {
            for key in row.as_object().into_iter().flat_map(|m| m.keys()) {
                if !names.contains(key) {
                    names.push(key.clone());
                }
            }
        }
        let rows = people
            .iter()
            .map(|row| names.iter().map(|n| JsCell::of(row.get(n))).collect())
            .collect();
        Table { names, rows }
    }

    fn lines(&self) -> String {
        self.rows
            .iter()
            .map(|r| js_line(&self.names, r))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The columns: numbers-only columns as numbers, the others cell by cell.
    fn columns(&self) -> Columns {
        let mut columns = Columns::new(self.rows.len());
        for (c, name) in self.names.iter().enumerate() {
            let cells: Vec<&JsCell> = self.rows.iter().map(|r| &r[c]).collect();
            let numbers: Vec<f64> = cells
                .iter()
                .filter_map(|x| match x {
                    JsCell::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            if numbers.len() == cells.len() {
                columns.push_numbers(name, numbers).unwrap();
                continue;
            }
            let json: Vec<Option<String>> = cells
                .iter()
                .map(|x| match x {
                    JsCell::Other(v) => Some(js_json(v)),
                    _ => None,
                })
                .collect();
            let column = cells.iter().zip(&json).map(|(x, json)| match (x, json) {
                (JsCell::Absent, _) => ColumnCell::Absent,
                (JsCell::Null, _) => ColumnCell::Null,
                (JsCell::Number(n), _) => ColumnCell::Number(*n),
                (JsCell::Text(t), _) => ColumnCell::Text(t),
                (JsCell::Other(_), json) => ColumnCell::Json(json.as_deref().unwrap()),
            });
            columns.push_cells(name, column).unwrap();
        }
        columns
    }
}

/// The output both ways, as JSON values: (by JSON lines, by columns).
fn both_ways(engine: &Engine, head: &EvaluateInput, table: &Table, options: &EvaluateOptions) -> (Value, Value) {
    let by_rows = engine.evaluate_rows(head, &table.lines(), options);
    let by_columns = engine.evaluate_columns(head, &table.columns(), options);
    let value = |r: Result<jixiao::EvaluateOutput, jixiao::JixiaoError>| match r {
        Ok(out) => serde_json::to_value(out).unwrap(),
        Err(e) => serde_json::to_value(e).unwrap(),
    };
    (value(by_rows), value(by_columns))
}

/// (name, scheme, input) of every evaluation case: fixtures here and in the shared
/// examples, the raw-table fixture, every template sample, the demo table.
fn cases() -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let shared = std::path::Path::new("/work/shared/examples");
    let dirs = [repo_path("tests/fixtures"), shared.to_path_buf()];
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let fx = read_json(path);
            if fx.get("scheme").is_some() && fx["input"].get("people").is_some() {
                out.push((path.display().to_string(), fx["scheme"].clone(), fx["input"].clone()));
            }
        }
    }
    let tables = read_json(&repo_path("tests/fixtures/tables/raw-vs-totals.json"));
    let input = json!({ "people": tables["people"], "tables": tables["tables"], "period": tables["period"] });
    out.push(("tables/raw-vs-totals".into(), tables["scheme"].clone(), input));
    out.extend(sample_cases());
    out
}

/// The input without `people`.
fn head_of(input: &Value) -> EvaluateInput {
    let mut head = input.clone();
    head.as_object_mut().unwrap().remove("people");
    serde_json::from_value(head).unwrap()
}

#[test]
fn columns_give_what_rows_give_on_every_fixture() {
    let cases = cases();
    let mut compared = 0;
    for (name, scheme, input) in cases {
        // schemes this version rejects (forced distribution) have nothing to compare
        let Ok(engine) = Engine::from_value(&scheme) else {
            continue;
        };
        compared += 1;
        let table = Table::of(input["people"].as_array().unwrap());
        let head = head_of(&input);
        for explain in [false, true] {
            let options = EvaluateOptions {
                explain: explain.into(),
                ..Default::default()
            };
            let (by_rows, by_columns) = both_ways(&engine, &head, &table, &options);
            assert!(by_rows["results"].as_array().is_some_and(|r| !r.is_empty()), "{name}");
            assert_eq!(by_rows, by_columns, "{name} (explain: {explain})");
        }
    }
    assert!(compared > 5, "too few cases compared: {compared}");
}

/// The same rows as numbers: the columns read `0.1 + 0.2` and `1e21` as the JSON text of
/// the same JS numbers reads.
#[test]
fn numbers_are_read_as_their_js_text() {
    let scheme = json!({"fields": {"id": "id"}, "indicators": [{"key": "q", "weight": 100,
        "actual": {"field": "q"}, "scoring": {"type": "direct"}}]});
    let engine = engine(&scheme);
    let values = [
        0.1 + 0.2,
        74.29,
        1e21,
        1.5e-7,
        -0.0,
        0.8999999999999999,
        2154264813327070.2,
    ];
    let mut columns = Columns::new(values.len());
    columns.push_numbers("q", values.to_vec()).unwrap();
    columns.push_numbers("id", values.to_vec()).unwrap();
    let out = engine
        .evaluate_columns(&Default::default(), &columns, &EvaluateOptions::default())
        .unwrap();
    for (r, v) in out.results.iter().zip(values) {
        let text = js_number_text(v);
        assert_eq!(r.id.as_deref(), Some(text.as_str()));
        let want: rust_decimal::Decimal = jixiao::numbers::parse_json_number(&text).unwrap();
        assert_eq!(r.indicators[0].actual.unwrap().0, want, "{text}");
    }
}

#[test]
fn a_column_of_another_length_is_an_error_naming_it() {
    let mut columns = Columns::new(3);
    columns.push_numbers("销售额", vec![1.0, 2.0, 3.0]).unwrap();
    let e = columns.push_numbers("目标", vec![1.0, 2.0]).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(e.path, "columns/目标");
    assert_eq!(e.field.as_deref(), Some("目标"));
    assert!(e.message.contains("目标") && e.message.contains('2') && e.message.contains('3'));
    let e = columns.push_cells("备注", [ColumnCell::Null]).unwrap_err();
    assert_eq!(e.path, "columns/备注");
}

fn scheme_q() -> Engine {
    engine(
        &json!({"indicators": [{"key": "q", "weight": 100, "actual": {"field": "q"},
        "scoring": {"type": "direct"}}]}),
    )
}

#[test]
fn the_encoded_form_checks_every_column_given() {
    let engine = scheme_q();
    let run = |layout: &str| {
        let columns = EncodedColumns {
            layout,
            numbers: vec![vec![1.0, 2.0]],
            ..Default::default()
        };
        encoded_columns(&engine, "{}", columns, "{\"locale\":\"en\"}")
    };
    let ok = format!(r#"{{"rows":2,"columns":[["q",2,{NUMBERS}],["x",2,{UNREAD}]]}}"#);
    assert!(run(&ok).unwrap().contains("\"total\":\"2.00\""));
    // an unread column is never sent, but its length is checked
    let e = run(&format!(
        r#"{{"rows":2,"columns":[["q",2,{NUMBERS}],["x",5,{UNREAD}]]}}"#
    ))
    .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidInput, "columns/x"));
    assert!(e.message.contains("\"x\" has 5 values"), "{}", e.message);
    let e = run(&format!(
        r#"{{"rows":2,"columns":[["q",2,{NUMBERS}],["y",0,{NOT_A_LIST}]]}}"#
    ))
    .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidInput, "columns/y"));
    let e = run(r#"{"rows":0,"columns":null}"#).unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidInput, "columns"));
    let e = encoded_columns(
        &engine,
        r#"{"people":[]}"#,
        EncodedColumns {
            layout: r#"{"rows":0,"columns":[]}"#,
            ..Default::default()
        },
        "{}",
    )
    .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), (ErrorCode::InvalidInput, "people"));
}

/// Mixed cells, text cells joined, rows sent whole: the same text as `evaluate_encoded`.
#[test]
fn the_encoded_form_reads_every_kind_of_cell() {
    let engine = engine(
        &json!({"fields": {"id": "id"}, "indicators": [{"key": "q", "weight": 100,
        "actual": {"field": "q"}, "scoring": {"type": "direct"}}]}),
    );
    let rows = [
        r#"{"id":"a","q":1.5}"#,
        r#"{"id":"b","q":"85%"}"#,
        r#"{"id":"c","q":null}"#,
        r#"{"id":"d"}"#,
        r#"{"id":"e","q":true}"#,
        "!TypeError: cyclic",
        r#"{"id":"g","q":"１２"}"#,
    ];
    let columns = EncodedColumns {
        layout: &format!(r#"{{"rows":7,"columns":[["id",7,{CELLS}],["q",7,{CELLS}]],"lines":[5]}}"#),
        numbers: vec![vec![0.0; 7], vec![1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
        kinds: vec![vec![3, 3, 3, 3, 3, 0, 3], vec![2, 3, 1, 0, 4, 0, 3]],
        texts: "a\0b\0c\0d\0e\0g\x0085%\0true\0１２",
        lines: "!TypeError: cyclic",
    };
    let by_columns = encoded_columns(&engine, "{}", columns, "{\"explain\":true}").unwrap();
    let by_rows = evaluate_encoded(&engine, "{}", &rows.join("\n"), "{\"explain\":true}").unwrap();
    assert_eq!(by_columns, by_rows);
}

/// `evaluate_columns_encoded`'s output as one text: its parts assembled as the JS package's
/// `readOutput` does, written again.
fn encoded_columns(engine: &Engine, head: &str, columns: EncodedColumns, options: &str) -> Result<String, JixiaoError> {
    let mut parts = Vec::new();
    evaluate_columns_encoded(engine, head, columns, options, &mut |_, _| Ok(()), &mut |p| {
        parts.push(p)
    })?;
    let (envelope, pairs) = parts.split_last().unwrap();
    let mut out: Value = serde_json::from_str(envelope).unwrap();
    for pair in pairs.chunks(2) {
        let items: Vec<Value> = serde_json::from_str(&pair[1]).unwrap();
        out[&pair[0]].as_array_mut().unwrap().extend(items);
    }
    Ok(out.to_string())
}

/// Progress is told from the one loop both inputs share.
#[test]
fn columns_report_progress_and_stop() {
    let engine = scheme_q();
    let mut columns = Columns::new(5000);
    columns.push_numbers("q", vec![1.0; 5000]).unwrap();
    let mut seen = Vec::new();
    engine
        .evaluate_columns_observed(&Default::default(), &columns, &Default::default(), &mut |d, t| {
            seen.push((d, t));
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, [(2048, 5000), (4096, 5000), (5000, 5000)]);
    let e = engine
        .evaluate_columns_observed(&Default::default(), &columns, &Default::default(), &mut |_, _| {
            Err(JixiaoError::aborted())
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Aborted);
}

/// A messy cell of any kind a spreadsheet export holds.
fn messy_cell() -> impl Strategy<Value = JsCell> {
    let texts = [
        "",
        " ",
        "1.2万",
        "85%",
        "９６％",
        "¥1,234",
        "85,90",
        "80、90",
        "abc",
        "是",
        "否",
        "true",
        "NaN",
        "-0",
        "1e3",
        "\"q\"",
        "a\\b",
        "华东一组",
        "\u{0}x",
        "1,23",
        "  42  ",
    ];
    prop_oneof![
        Just(JsCell::Absent),
        Just(JsCell::Null),
        any::<f64>().prop_map(JsCell::Number),
        (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, k)| JsCell::Number(m as f64 / 10f64.powi(k as i32))),
        prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)].prop_map(JsCell::Number),
        proptest::sample::select(texts.to_vec()).prop_map(|t| JsCell::Text(t.to_string())),
        prop_oneof![
            Just(json!(true)),
            Just(json!(false)),
            Just(json!([85, 90.5])),
            Just(json!({"name": "张三", "销售额": "12万"})),
            Just(json!([{"name": "李四"}])),
        ]
        .prop_map(JsCell::Other),
    ]
}

/// The demo scheme (every kind of source, conditions, vetoes, raters, roles, groups) and
/// a scheme reading a dotted path and a formula.
fn messy_engines() -> Vec<Engine> {
    let demo = read_json(&repo_path("tests/fixtures/demo-team.json"));
    let dotted = json!({"fields": {"id": "负责人.name", "group": "区域"}, "indicators": [
        {"key": "a", "weight": 50, "actual": {"field": "负责人.销售额"}, "target": {"field": "目标"},
         "scoring": {"type": "linear", "cap": "1.2"}},
        {"key": "b", "weight": 50, "actual": {"formula": "IF(是否达标, 100, 销售额 / 100)"},
         "scoring": {"type": "direct"}}]});
    vec![engine(&demo["scheme"]), engine(&dotted)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random messy rows give the same output (results, errors, explanations) both ways.
    #[test]
    fn messy_rows_give_the_same_output_both_ways(
        which in 0usize..2,
        cells in proptest::collection::vec(messy_cell(), 0..400),
        explain in any::<bool>(),
    ) {
        let engines = messy_engines();
        let engine = &engines[which];
        let names: Vec<String> = engine.columns_read().iter().map(|s| s.to_string()).collect();
        let width = names.len().max(1);
        let rows: Vec<Vec<JsCell>> = cells.chunks(width).filter(|c| c.len() == width).map(<[JsCell]>::to_vec).collect();
        let table = Table { names, rows };
        let options = EvaluateOptions { explain: explain.into(), ..Default::default() };
        let (by_rows, by_columns) = both_ways(engine, &EvaluateInput::default(), &table, &options);
        prop_assert_eq!(by_rows, by_columns);
    }
}
