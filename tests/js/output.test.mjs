// `output: "scores"` and `"totals"` through the built package: on every template sample
// and the demo table, each lean result has the full result's total, grade, ranks and
// payout, the scores sit at the header's positions, and nothing is null.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine, JixiaoError, templates } from "../../pkg/index.node.js";
import { throwsJixiao } from "./helpers.mjs";

const demoScheme = JSON.parse(readFileSync(new URL("../../www-demo/sample-scheme.json", import.meta.url)));
const demoPeople = JSON.parse(readFileSync(new URL("../../www-demo/sample-people.json", import.meta.url)));
const cases = [
  ...templates().map((t) => [t.key, t.scheme, t.sample]),
  ["www-demo", demoScheme, { people: demoPeople }],
];

const SAME = ["index", "id", "ok", "total", "grade", "rank", "groupRank", "topPercent", "payout"];

for (const [name, scheme, input] of cases) {
  test(`[output] ${name}: scores and totals agree with full`, () => {
    const engine = new Engine(scheme);
    const full = engine.evaluate(input);
    for (const mode of ["scores", "totals"]) {
      const lean = engine.evaluate(input, { output: mode });
      assert.equal(lean.output, mode);
      assert.equal(lean.results.length, full.results.length);
      assert.deepEqual(lean.summary, full.summary);
      lean.results.forEach((r, i) => {
        const f = full.results[i];
        for (const key of SAME) assert.deepEqual(r[key] ?? null, f[key], `${mode} row ${i} ${key}`);
        assert.equal(r.vetoed ?? false, f.vetoed);
        for (const [key, value] of Object.entries(r)) assert.notEqual(value, null, `${mode} row ${i} ${key}`);
        if (mode === "totals") {
          assert.equal(r.indicators, undefined);
          return;
        }
        r.indicators.forEach((s, j) => {
          const fi = f.indicators.find((x) => x.key === lean.indicators[j].key);
          assert.equal(s.score ?? null, fi?.score ?? null, `row ${i} indicator ${j}`);
          assert.equal(s.weighted ?? null, fi?.weighted ?? null);
        });
      });
    }
    engine.free();
  });
}

test("[output] lean output is much smaller, and periods refuse it", () => {
  const engine = new Engine(demoScheme);
  const size = (options) => JSON.stringify(engine.evaluate({ people: demoPeople }, options)).length;
  assert.ok(size({ output: "scores" }) * 2 < size({}), "scores is less than half of full");
  assert.ok(size({ output: "totals" }) < size({ output: "scores" }));
  throwsJixiao(JixiaoError, () => engine.evaluate({ people: demoPeople }, { output: "brief" }), "INVALID_INPUT");
  throwsJixiao(
    JixiaoError,
    () => engine.evaluatePeriods({ people: demoPeople, periods: ["2025-Q1"] }, { output: "totals" }),
    "UNSUPPORTED",
  );
});

test("[output] explain: [ids] explains those people only, as explain: true does", () => {
  const engine = new Engine(demoScheme);
  const idField = demoScheme.fields.id;
  const chosen = [demoPeople[1][idField], demoPeople[3][idField]];
  const every = engine.evaluate({ people: demoPeople }, { explain: true });
  const some = engine.evaluate({ people: demoPeople }, { explain: chosen, output: "scores" });
  some.results.forEach((r, i) => {
    if (chosen.includes(r.id)) assert.deepEqual(r.explain, every.results[i].explain);
    else assert.equal(r.explain, undefined);
  });
});
