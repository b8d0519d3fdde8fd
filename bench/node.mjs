// Times `engine.evaluate` through the built npm package in Node, on generated teams of
// 10 000 and 100 000 people (the demo scheme; messy cells as real tables have them).
// Usage: node bench/node.mjs [--quick]. Prints one line per case; scripts/bench.sh
// records them in BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { Engine } from "../pkg/index.node.js";

const scheme = JSON.parse(readFileSync(new URL("../www-demo/sample-scheme.json", import.meta.url), "utf8"));
const quick = process.argv.includes("--quick");

/** Same generator as benches/evaluate.rs (a 64-bit LCG), so both time the same kind of rows. */
function makeRng(seed) {
  let s = BigInt(seed);
  const M = (1n << 64n) - 1n;
  return (n) => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & M;
    return Number((s >> 33n) % BigInt(n));
  };
}

function person(i, rng) {
  const kind = rng(4);
  const sales =
    kind === 0 ? `${50 + rng(300)}.${rng(10)}万`
    : kind === 1 ? `¥${1 + rng(3)},${String(rng(1000)).padStart(3, "0")},000.00`
    : kind === 2 ? 500000 + rng(2500000)
    : String(500000 + rng(2500000));
  const team = ["华东一组", "华南二组", "华北三组"][rng(3)];
  const role = rng(4) === 0 ? "大客户销售" : "销售代表";
  return {
    工号: `E${String(i).padStart(6, "0")}`, 姓名: `员工${i}`, 团队: team, 岗位: role, 销售额: sales,
    销售目标: `${80 + rng(250)}万`, 回款率: `${60 + rng(40)}%`, 新客户数: rng(15), 新客户目标: 10,
    费用率: `${5 + rng(6)}.${rng(10)}%`, 拜访次数: 20 + rng(30), 合规问题数: rng(3), 自评: 70 + rng(30),
    上级评分: String(60 + rng(40)), 客户评分: rng(10) === 0 ? "" : 60 + rng(40),
    互评: `${60 + rng(40)},${60 + rng(40)}`, 投诉次数: rng(3), 数据违规次数: rng(200) === 0 ? 1 : 0,
  };
}

const engine = new Engine(scheme);
for (const n of [10_000, 100_000]) {
  const rng = makeRng(42);
  const people = Array.from({ length: n }, (_, i) => person(i, rng));
  const cases = [["full", {}], ["full+explain", { explain: true }], ["output:scores", { output: "scores" }], ["output:totals", { output: "totals" }]];
  for (const [label, options] of cases) {
    if (n >= 100_000 && options.explain) continue; // ~600 MB of JSON: above V8's string limit (see BENCHMARKS.md)
    const runs = quick || n >= 100_000 ? 3 : 5;
    const times = [];
    let first;
    for (let r = 0; r < runs + 1; r++) {
      const t = process.hrtime.bigint();
      const out = engine.evaluate({ people, period: "2025-Q3" }, options);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (out.results.length !== n) throw new Error("wrong result count");
      if (r === 0) first = ms; else times.push(ms);
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)];
    console.log(`node evaluate ${String(n).padStart(7)} rows ${label.padEnd(15)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row; first call ${first.toFixed(0)} ms)`);
  }
}

// Raw tables: the scheme of tests/fixtures/tables/raw-vs-totals.json (six measures over
// orders, payments and visits) on 10 000 people with 25 table rows each, one quarter.
{
  const fixture = JSON.parse(readFileSync(new URL("../tests/fixtures/tables/raw-vs-totals.json", import.meta.url), "utf8"));
  const raw = new Engine(fixture.scheme);
  const rng = makeRng(7);
  const n = 10_000;
  const date = () => `2025-${String(1 + rng(6)).padStart(2, "0")}-${String(1 + rng(28)).padStart(2, "0")}`;
  const people = [];
  const orders = [];
  const payments = [];
  const visits = [];
  for (let i = 0; i < n; i++) {
    const id = `E${String(i).padStart(6, "0")}`;
    people.push({ 工号: id, 姓名: `员工${i}`, 团队: "华东", 季度目标: `${50 + rng(50)}万` });
    for (let k = 0; k < 10; k++) {
      const o = { 负责人: { id, name: `员工${i}` }, 客户: `客户${rng(50)}`, 合同金额: String(rng(200000) - 10000),
        状态: rng(5) === 0 ? "草稿" : "已签约", 签约日期: date() };
      if (rng(4) === 0) { o.协作人 = [{ name: `员工${rng(n)}` }]; o.分配比例 = ["30%"]; }
      orders.push(o);
    }
    for (let k = 0; k < 5; k++) payments.push({ 销售: id, 金额: rng(100000), 到账日期: date() });
    for (let k = 0; k < 10; k++) visits.push({ 拜访人: `员工${i}`, 日期: date(), "拜访 方式": rng(3) === 0 ? "电话" : "上门" });
  }
  const rows = orders.length + payments.length + visits.length;
  const runs = quick ? 3 : 5;
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    const out = raw.evaluate({ people, tables: { orders, payments, visits }, period: "2025-Q1" });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (out.results.length !== n) throw new Error("wrong result count");
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(`node evaluate ${String(n).padStart(7)} rows raw tables (${rows} table rows, 6 measures) median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / rows).toFixed(2)} µs/table row)`);
  raw.free();
}
