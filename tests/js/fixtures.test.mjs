// Golden fixtures: every tests/fixtures/*.json with `scheme`, `input` and `expected`
// (copies of shared/examples). For scoring fixtures the output must contain every
// field of `expected`: objects by the keys present, arrays element-wise
// (e.g. results[i].indicators[j].key/score/weighted, results[i].errors[j].code/field).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, allocate, commission, decompose } from "../../pkg/index.node.js";
import { EVALUATE_CALL, assertSubset, loadFixtures } from "./helpers.mjs";

const fixtures = loadFixtures();

test("there are fixtures", (t) => {
  if (fixtures.length === 0) throw new Error("no tests/fixtures/*.json");
  t.diagnostic(`${fixtures.length} fixture files`);
});

for (const { file, data } of fixtures) {
  const isFixture = data !== null && typeof data === "object" && "call" in data;
  const isDecompose = isFixture && data.call === "decompose(input)" && data.input && data.expected;
  if (isDecompose) {
    test(`[targets] fixture ${file}`, () => {
      assertSubset(decompose(data.input), data.expected);
    });
    continue;
  }
  if (isFixture && typeof data.call === "string" && data.call.startsWith("commission(") && Array.isArray(data.cases)) {
    test(`[incentives] fixture ${file}`, () => {
      data.cases.forEach((c, i) => {
        assert.equal(commission(c.plan, c.base, c.target), c.expected, `case ${i}: ${JSON.stringify(c)}`);
      });
    });
    continue;
  }
  if (isFixture && typeof data.call === "string" && data.call.startsWith("allocate(") && Array.isArray(data.cases)) {
    test(`[incentives] fixture ${file}`, () => {
      data.cases.forEach((c, i) => {
        const parts = allocate(c.amount, c.weights, c.options);
        assert.deepEqual(parts, c.expected, `case ${i}: ${JSON.stringify(c)}`);
        // the parts always sum to the amount, to the fen (compared in integer fen)
        const fen = (s) => BigInt(s.replace(".", ""));
        assert.equal(parts.map(fen).reduce((a, b) => a + b, 0n), fen(c.amount), `case ${i} sums`);
      });
    });
    continue;
  }
  const runnable = isFixture && data.call === EVALUATE_CALL && data.scheme && data.input && data.expected;
  const reason = runnable
    ? false
    : !isFixture
      ? "not a golden fixture (no `call`): a data file"
      : `call is ${JSON.stringify(data.call)}, not ${JSON.stringify(EVALUATE_CALL)} (lands later)`;
  test(`[engine] fixture ${file}`, { skip: reason }, () => {
    const engine = new Engine(data.scheme);
    try {
      const out = engine.evaluate(data.input, data.options);
      if (data.expected.results) {
        // One result per input row, in input order.
        assertSubset(out.results?.length, data.input.people.length, "/results/length");
      }
      assertSubset(out, data.expected);
    } finally {
      engine.free();
    }
  });
}
