// The limits of one call (DESIGN.md, "Limits"): each case runs in a child process of its own
// through the built package (pkg/), and reports what it ended in (a result or an error
// code), how long it took, the wasm memory it left, and whether the next normal call on the
// same instance gives the same figures as before the case and `free()` stays quiet.
//
//   node bench/limits.mjs            # every case, a markdown table on stdout
//   node bench/limits.mjs CASE…      # some cases
//
// Measured, not asserted: the tests check the errors (tests/jixiao, tests/wasm_memory.rs,
// tests/js); this prints the sizes at which they happen on the machine at hand.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../", import.meta.url);
const demoScheme = () => JSON.parse(readFileSync(new URL("www-demo/sample-scheme.json", ROOT), "utf8"));
const demoPeople = () => JSON.parse(readFileSync(new URL("www-demo/sample-people.json", ROOT), "utf8"));

/** A scheme of `n` linear indicators, each on its own column, and `rows` rows for it. */
function wideScheme(n) {
  const indicators = [];
  for (let i = 0; i < n; i += 1) {
    indicators.push({ key: `k${i}`, weight: i === 0 ? 100 : 0, actual: { field: `a${i}` }, target: { value: 100 }, scoring: { type: "linear" } });
  }
  return { id: "wide", name: "wide", fields: { id: "id" }, indicators };
}
function wideRows(n, rows) {
  const out = [];
  for (let r = 0; r < rows; r += 1) {
    const row = { id: `E${r}` };
    for (let i = 0; i < n; i += 1) row[`a${i}`] = (r + i) % 150;
    out.push(row);
  }
  return out;
}

/** Each case: what it calls, given the package's exports. Returns a short note of the result. */
const CASES = {
  "indicators 10 000 × rows 1 000, full": (j) => {
    const out = new j.Engine(wideScheme(10000)).evaluate({ people: wideRows(10000, 1000) });
    return `${out.results.length} results`;
  },
  "indicators 10 000 × rows 1 000, totals": (j) => {
    const out = new j.Engine(wideScheme(10000)).evaluate({ people: wideRows(10000, 1000) }, { output: "totals" });
    return `${out.results.length} results`;
  },
  "demo scheme × 200 000 people, full": (j) => {
    const people = demoPeople();
    const many = Array.from({ length: 200000 }, (_, i) => ({ ...people[i % people.length], 工号: `E${i}` }));
    const out = new j.Engine(demoScheme()).evaluate({ people: many });
    return `${out.results.length} results`;
  },
  "a cell of 50 MB": (j) => {
    const people = demoPeople().slice(0, 3);
    people[0] = { ...people[0], 姓名: "张".repeat(50 * 1024 * 1024 / 3) };
    const out = new j.Engine(demoScheme()).evaluate({ people }, { output: "totals" });
    return `${out.results.length} results`;
  },
  "a scheme of 5 MB": (j) => {
    const s = demoScheme();
    s.description = "x".repeat(5 * 1024 * 1024);
    new j.Engine(s);
    return "compiled";
  },
  "a formula of 80 KB": (j) => {
    const s = demoScheme();
    s.indicators[0].actual = { formula: Array.from({ length: 20000 }, () => "1").join(" + ") + " + 销售额" };
    new j.Engine(s);
    return "compiled";
  },
  "commission with 100 000 tiers": (j) => {
    const tiers = Array.from({ length: 100000 }, (_, i) => ({ from: String(i * 10), rate: "0.01" }));
    return `amount ${j.commission({ tiers, mode: "marginal" }, "999999")}`;
  },
  "grade bands: 10 000": (j) => {
    const s = demoScheme();
    s.grades = { type: "bands", bands: Array.from({ length: 10000 }, (_, i) => ({ grade: `G${i}`, min: String(10000 - i) })) };
    const out = new j.Engine(s).evaluate({ people: demoPeople() }, { output: "totals" });
    return `${out.results.length} results`;
  },
  "target tree of 100 000 nodes": (j) => {
    const children = Array.from({ length: 99999 }, (_, i) => ({ id: `n${i}` }));
    const out = j.decomposeTree({ total: "100000000", unit: "1", method: "equal", root: { id: "root", children } });
    return `${out.nodes.length} nodes`;
  },
  "target tree 100 deep": (j) => {
    let node = { id: "leaf" };
    for (let i = 0; i < 100; i += 1) node = { id: `n${i}`, children: [node] };
    j.decomposeTree({ total: "100", unit: "1", method: "equal", root: node });
    return "decomposed";
  },
  "1 001 periods": (j) => {
    const periods = Array.from({ length: 1001 }, (_, i) => ({ period: `p${i}`, people: demoPeople().slice(0, 1) }));
    new j.Engine(demoScheme()).evaluatePeriods({ periods });
    return "evaluated";
  },
};

/** Runs one case in this process (the child): prints one JSON line. */
async function child(name) {
  const j = await import(new URL("pkg/index.node.js", ROOT));
  await j.init();
  const glue = await import(new URL("pkg/jixiao.js", ROOT));
  // the instance's exports (initSync on an initialized module gives them back), read after
  // the case: a restart after a trap makes a new instance
  const mb = () => Math.round(glue.initSync({}).memory.buffer.byteLength / 1048576);
  const probe = new j.Engine(demoScheme());
  const people = demoPeople();
  const before = JSON.stringify(probe.evaluate({ people }, { output: "totals" }));
  const t0 = performance.now();
  let outcome;
  try {
    outcome = { ok: true, note: CASES[name](j) };
  } catch (err) {
    outcome = { ok: false, code: err.code ?? err.name, note: String(err.message).slice(0, 160) };
  }
  const ms = Math.round(performance.now() - t0);
  const memoryMb = mb();
  let healthy;
  try {
    healthy = JSON.stringify(probe.evaluate({ people }, { output: "totals" })) === before;
    probe.free();
  } catch (err) {
    healthy = `no: ${err.code ?? err.name}`;
  }
  console.log(JSON.stringify({ name, ...outcome, ms, memoryMb, healthy }));
}

function parent(names) {
  console.log("| case | ends in | time | wasm memory after | next call |");
  console.log("|---|---|---|---|---|");
  for (const name of names) {
    const r = spawnSync(process.execPath, ["--max-old-space-size=8192", fileURLToPath(import.meta.url), "--child", name], {
      encoding: "utf8",
      timeout: 600_000,
      maxBuffer: 1 << 26,
    });
    const line = r.stdout.trim().split("\n").pop();
    let row;
    try {
      row = JSON.parse(line);
    } catch {
      console.log(`| ${name} | process ended: ${r.signal ?? r.status} ${r.stderr.trim().split("\n").pop() ?? ""} | | | |`);
      continue;
    }
    const ends = row.ok ? `ok (${row.note})` : `\`${row.code}\`: ${row.note}`;
    console.log(`| ${name} | ${ends} | ${(row.ms / 1000).toFixed(1)} s | ${row.memoryMb} MB | ${row.healthy === true ? "same figures" : row.healthy} |`);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") await child(args[1]);
else parent(args.length ? args : Object.keys(CASES));
