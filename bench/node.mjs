// Times `engine.evaluate` through the built npm package in Node, on generated teams of
// 10 000 and 100 000 people (the demo scheme; messy cells as real tables have them), given
// three ways: "json lines" (every row JSON.stringified, the path before columns), "object
// rows" (`people`, read property by property: the default) and "columns" (built from the
// same rows outside the timed region).
// Usage: node bench/node.mjs [--quick]. Prints one line per case; scripts/bench.sh
// records them in BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { Engine } from "../pkg/index.node.js";
import { columnsOf, jsonLinesEvaluator, makeRng, person } from "./rows.mjs";

const scheme = JSON.parse(readFileSync(new URL("../www-demo/sample-scheme.json", import.meta.url), "utf8"));
const quick = process.argv.includes("--quick");

const engine = new Engine(scheme);
const jsonLines = await jsonLinesEvaluator(scheme);
const sizes = process.argv.includes("--small") ? [10_000] : [10_000, 100_000];
for (const n of sizes) {
  const rng = makeRng(42);
  const people = Array.from({ length: n }, (_, i) => person(i, rng));
  const columns = columnsOf(people);
  const byRows = (options) => engine.evaluate({ people, period: "2025-Q3" }, options);
  const byLines = (options) => jsonLines({ people, period: "2025-Q3" }, options);
  const byColumns = (options) => engine.evaluate({ columns, period: "2025-Q3" }, options);
  const cases = [
    ["full", {}, byRows], ["full+explain", { explain: true }, byRows], ["output:scores", { output: "scores" }, byRows],
    ["output:totals", { output: "totals" }, byRows],
    ["json lines full", {}, byLines], ["json lines totals", { output: "totals" }, byLines],
    ["object rows full", {}, byRows], ["object rows totals", { output: "totals" }, byRows],
    ["columns full", {}, byColumns], ["columns totals", { output: "totals" }, byColumns],
  ];
  for (const [label, options, evaluate] of cases) {
    if (n >= 100_000 && options.explain) continue; // ~600 MB of JSON: above V8's string limit (see BENCHMARKS.md)
    const runs = quick || n >= 100_000 ? 3 : 5;
    const times = [];
    let first;
    for (let r = 0; r < runs + 1; r++) {
      const t = process.hrtime.bigint();
      const out = evaluate(options);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (out.results.length !== n) throw new Error("wrong result count");
      if (r === 0) first = ms; else times.push(ms);
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)];
    console.log(`node evaluate ${String(n).padStart(7)} rows ${label.padEnd(18)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row; first call ${first.toFixed(0)} ms)`);
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
