//! `cargo bench --bench evaluate`: times `evaluate` natively on generated teams of
//! 10 000 and 100 000 people (the demo scheme; messy cells as real tables have them).
//! Prints one line per size (median of several runs) in a form BENCHMARKS.md quotes.
//! Under a profiler: `--rows 20000 --case output:totals` runs one case on one size.
//! `--allocs` also counts heap allocations per row (a counting global allocator);
//! `--dump DIR` writes each case's JSON output to `DIR/<case>.json` (to compare two builds
//! byte for byte).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use jixiao::OutputMode;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting allocations (`--allocs` reports them per row).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SCHEME: &str = include_str!("../www-demo/sample-scheme.json");

/// A deterministic generator (no dependency, same rows every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// One person row as JSON text, with the cell formats of the demo data.
fn person(i: usize, rng: &mut Lcg) -> String {
    let sales = match rng.next(4) {
        0 => format!("\"{}.{}万\"", 50 + rng.next(300), rng.next(10)),
        1 => format!("\"¥{},{:03},000.00\"", 1 + rng.next(3), rng.next(1000)),
        2 => format!("{}", 500_000 + rng.next(2_500_000)),
        _ => format!("\"{}\"", 500_000 + rng.next(2_500_000)),
    };
    let team = ["华东一组", "华南二组", "华北三组"][rng.next(3) as usize];
    let role = if rng.next(4) == 0 {
        "大客户销售"
    } else {
        "销售代表"
    };
    format!(
        r#"{{"工号":"E{i:06}","姓名":"员工{i}","团队":"{team}","岗位":"{role}","销售额":{sales},"销售目标":"{}万","回款率":"{}%","新客户数":{},"新客户目标":10,"费用率":"{}.{}%","拜访次数":{},"合规问题数":{},"自评":{},"上级评分":"{}","客户评分":{},"互评":"{},{}","投诉次数":{},"数据违规次数":{}}}"#,
        80 + rng.next(250),
        60 + rng.next(40),
        rng.next(15),
        5 + rng.next(6),
        rng.next(10),
        20 + rng.next(30),
        rng.next(3),
        70 + rng.next(30),
        60 + rng.next(40),
        if rng.next(10) == 0 {
            "\"\"".to_string()
        } else {
            (60 + rng.next(40)).to_string()
        },
        60 + rng.next(40),
        60 + rng.next(40),
        rng.next(3),
        u64::from(rng.next(200) == 0),
    )
}

fn main() {
    let engine = jixiao::Engine::from_json(SCHEME).unwrap();
    let head = jixiao::EvaluateInput {
        period: Some("2025-Q3".into()),
        ..Default::default()
    };
    let mut rng = Lcg(42);
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // for a profiler: `--rows N` times N rows only, `--case LABEL` one case only
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sizes: Vec<usize> = flag("--rows").map_or(vec![10_000, 100_000], |n| vec![n.parse().unwrap()]);
    let only = flag("--case");
    let dump = flag("--dump");
    let allocs = args.iter().any(|a| a == "--allocs");
    for &n in &sizes {
        let rows: Vec<String> = (0..n).map(|i| person(i, &mut rng)).collect();
        let text = rows.join("\n");
        let cases = [
            ("full", false, OutputMode::Full),
            ("full+explain", true, OutputMode::Full),
            ("output:scores", false, OutputMode::Scores),
            ("output:totals", false, OutputMode::Totals),
        ];
        for (label, explain, output) in cases {
            if only.as_deref().is_some_and(|c| c != label) {
                continue;
            }
            let options = jixiao::EvaluateOptions {
                explain: explain.into(),
                output,
                ..Default::default()
            };
            let runs = if quick || n >= 100_000 { 3 } else { 5 };
            let mut times = Vec::new();
            let mut compute_times = Vec::new();
            let mut bytes = 0;
            let mut allocated = 0;
            for _ in 0..runs {
                let before = ALLOCATIONS.load(Ordering::Relaxed);
                let t = Instant::now();
                let out = engine.evaluate_rows(&head, &text, &options).unwrap();
                allocated = ALLOCATIONS.load(Ordering::Relaxed) - before;
                assert_eq!(out.results.len(), n);
                let computed = t.elapsed().as_secs_f64() * 1000.0;
                let json = match output {
                    OutputMode::Full => serde_json::to_string(&out).unwrap(),
                    lean => serde_json::to_string(&engine.compact(out, lean)).unwrap(),
                };
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                compute_times.push(computed);
                bytes = json.len();
                if let Some(dir) = &dump {
                    std::fs::write(format!("{dir}/{label}.json"), &json).unwrap();
                }
            }
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            compute_times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            println!(
                "native evaluate {n:>7} rows {label:<15} median {:>8.1} ms  (compute {:.1} ms; {:.2} µs/row; output {:.1} MB JSON)",
                times[times.len() / 2],
                compute_times[compute_times.len() / 2],
                times[times.len() / 2] * 1000.0 / n as f64,
                bytes as f64 / 1e6
            );
            if allocs {
                println!("  {label}: {:.1} allocations per row", allocated as f64 / n as f64);
            }
        }
    }
    if only.is_none() && dump.is_none() {
        raw_tables(quick);
    }
}

const RAW_TABLES: &str = include_str!("../tests/fixtures/tables/raw-vs-totals.json");

/// The raw-tables scheme (six measures over orders, payments and visits) on 10 000 people
/// with 10 orders, 5 payments and 10 visits each (250 000 table rows), one quarter.
fn raw_tables(quick: bool) {
    let fixture: serde_json::Value = serde_json::from_str(RAW_TABLES).unwrap();
    let engine = jixiao::Engine::from_value(&fixture["scheme"]).unwrap();
    let mut rng = Lcg(7);
    let n = 10_000usize;
    let people: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"工号":"E{i:06}","姓名":"员工{i}","团队":"华东","季度目标":"{}万"}}"#,
                50 + rng.next(50)
            )
        })
        .collect();
    let date = |rng: &mut Lcg| format!("2025-{:02}-{:02}", 1 + rng.next(6), 1 + rng.next(28));
    let mut orders = Vec::new();
    let mut payments = Vec::new();
    let mut visits = Vec::new();
    for i in 0..n {
        for _ in 0..10 {
            let mut o = serde_json::json!({ "负责人": { "id": format!("E{i:06}"), "name": format!("员工{i}") },
                "客户": format!("客户{}", rng.next(50)), "合同金额": format!("{}", rng.next(200_000) as i64 - 10_000),
                "状态": if rng.next(5) == 0 { "草稿" } else { "已签约" }, "签约日期": date(&mut rng) });
            if rng.next(4) == 0 {
                o["协作人"] = serde_json::json!([{ "name": format!("员工{}", rng.next(n as u64)) }]);
                o["分配比例"] = serde_json::json!(["30%"]);
            }
            orders.push(o);
        }
        for _ in 0..5 {
            payments.push(serde_json::json!({ "销售": format!("E{i:06}"), "金额": rng.next(100_000), "到账日期": date(&mut rng) }));
        }
        for _ in 0..10 {
            visits.push(
                serde_json::json!({ "拜访人": format!("员工{i}"), "日期": date(&mut rng),
                "拜访 方式": if rng.next(3) == 0 { "电话" } else { "上门" } }),
            );
        }
    }
    let rows = orders.len() + payments.len() + visits.len();
    let head = serde_json::json!({ "period": "2025-Q1", "tables": { "orders": orders, "payments": payments, "visits": visits } });
    let head_text = head.to_string();
    let text = people.join("\n");
    let runs = if quick { 3 } else { 5 };
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = jixiao::json::evaluate_encoded(&engine, &head_text, &text, "{}").unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(out.len() > n);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "native evaluate {n:>7} rows raw tables ({rows} table rows, 6 measures) median {:>8.1} ms  ({:.2} µs/table row)",
        times[times.len() / 2],
        times[times.len() / 2] * 1000.0 / rows as f64
    );
}
