// Side-by-side: jixiao (through the built npm package) against a plain JS interpreter of the
// same scheme, once over decimal.js (exact) and once over JS numbers (inexact), in one Node
// process, on the rows of bench/node.mjs (same generator), at 10 000 and 100 000 people.
// The scheme is www-demo/sample-scheme.json without its `incentives`. Every run also checks
// each person's total, grade, rank and groupRank of both interpreters against jixiao.
// jixiao's `people` go as object rows (the default path); "columns" gives the same rows
// as columns built outside the timed region.
// Usage: node bench/peers.mjs [--quick]
// The interpreters and the agreement check live in bench/interpreter.mjs (shared with
// bench/browser.mjs).
import { readFileSync } from "node:fs";
import { Engine } from "../pkg/index.node.js";
import { agreement, peersOf } from "./interpreter.mjs";
import { columnsOf, jsonLinesEvaluator, makeRng, person } from "./rows.mjs";
import { timeRuns } from "./timing.mjs";

const scheme = JSON.parse(readFileSync(new URL("../www-demo/sample-scheme.json", import.meta.url), "utf8"));
delete scheme.incentives;
const quick = process.argv.includes("--quick");

const peers = peersOf(scheme);
const engine = new Engine(scheme);
const jsonLines = await jsonLinesEvaluator(scheme);

const line = (n, label, med) =>
  console.log(`peers ${String(n).padStart(7)} rows ${label.padEnd(24)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row)`);

for (const n of [10_000, 100_000]) {
  const rng = makeRng(42);
  const people = Array.from({ length: n }, (_, i) => person(i, rng));
  const runs = quick && n >= 100_000 ? 1 : 3;
  const full = timeRuns(runs, () => engine.evaluate({ people, period: "2025-Q3" }, {}));
  line(n, "jixiao full", full.med);
  const totals = timeRuns(runs, () => engine.evaluate({ people, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao output:totals", totals.med);
  // `people` above goes as object rows (the default); before columns, as JSON lines
  const lines = timeRuns(runs, () => jsonLines({ people, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao json lines totals", lines.med);
  // the same rows as columns, built here, outside the timed region
  const columns = columnsOf(people);
  const byColumns = timeRuns(runs, () => engine.evaluate({ columns, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao columns totals", byColumns.med);
  for (const other of [byColumns, lines]) {
    if (JSON.stringify(other.out) !== JSON.stringify(totals.out)) throw new Error("the input paths disagree");
  }
  const ref = full.out.results;
  if (ref.length !== n || totals.out.results.length !== n) throw new Error("wrong result count");
  const medians = {};
  const agree = [];
  for (const peer of peers) {
    const [name, evaluate] = peer;
    const { med, out } = timeRuns(runs, () => evaluate(people));
    line(n, `${name} interpreter`, med);
    medians[name] = med;
    const { text, notes } = agreement(scheme, peer, out, ref, people);
    agree.push(text);
    notes.forEach((note) => console.log(note));
  }
  console.log(`peers ${String(n).padStart(7)} rows agree: ${agree.join(", ")}`);
  for (const [label, med] of [["jixiao full", full.med], ["jixiao totals", totals.med], ["jixiao columns totals", byColumns.med]]) {
    console.log(`peers ${String(n).padStart(7)} rows ${label} / decimal.js = ${(med / medians["decimal.js"]).toFixed(2)}×, ${label} / numbers = ${(med / medians.numbers).toFixed(2)}×`);
  }
}
engine.free();
