// releaseMemory() (DESIGN.md, "Limits"): wasm memory only grows, so after one very large
// evaluation a page would hold it for life; a fresh instance gives it back and engines
// recompile on their next call. Its own file: it replaces the package's shared instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, JixiaoError, releaseMemory } from "../../pkg/index.node.js";
import { goodRow, simpleScheme } from "./helpers.mjs";

const people = [goodRow("E1"), { ...goodRow("E2"), 销售额: "80万" }];

test("releaseMemory gives back what a large evaluation grew, and engines keep their figures", () => {
  const engine = new Engine(simpleScheme(), { locale: "en" });
  const before = engine.evaluate({ people }, { explain: true });
  const many = Array.from({ length: 40000 }, (_, i) => goodRow(`E${i}`));
  assert.equal(engine.evaluate({ people: many }, { explain: true }).results.length, 40000);
  const released = releaseMemory();
  assert.ok(released.before >= 64 * 1024 * 1024, `memory before: ${released.before}`);
  assert.ok(released.after * 8 < released.before, `memory ${released.before} → ${released.after}`);
  assert.deepEqual(engine.evaluate({ people }, { explain: true }), before);
  // and a second release right away has little to give
  const again = releaseMemory();
  assert.ok(again.before < released.before);
  assert.deepEqual(engine.evaluate({ people }, { explain: true }), before);
  engine.free();
});

test("releaseMemory during an evaluation (from onProgress) is UNSUPPORTED, and the evaluation goes on", () => {
  const engine = new Engine(simpleScheme());
  const many = Array.from({ length: 5000 }, (_, i) => goodRow(`E${i}`));
  let refused;
  const out = engine.evaluate({ people: many }, {
    onProgress: () => {
      try {
        releaseMemory({ locale: "en" });
      } catch (err) {
        refused = err;
      }
    },
  });
  assert.equal(out.results.length, 5000);
  assert.ok(refused instanceof JixiaoError, `refused with ${refused}`);
  assert.equal(refused.code, "UNSUPPORTED");
  assert.match(refused.message, /during an evaluation/);
});
