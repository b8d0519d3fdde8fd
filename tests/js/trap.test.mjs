// A trap of the wasm instance (DESIGN.md, "Never trap"): reported once as INTERNAL, the
// module restarted, engines compiled before recompiled on their next call, free() quiet.
// The trap is real: a raw export of the instance is called with a pointer past its memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import "../../pkg/index.node.js"; // instantiates the shared glue
import * as glue from "../../pkg/jixiao.js";
import { createApi } from "../../pkg/api.js";
import { goodRow, simpleScheme } from "./helpers.mjs";

/** An API over the package's glue whose next `evaluate` traps when `armed`. */
function trappingApi() {
  const state = { armed: false };
  const rawExports = () => glue.initSync({});
  const EngineCore = new Proxy(glue.EngineCore, {
    construct(target, args) {
      const core = new target(...args);
      for (const name of ["evaluate", "evaluateColumns"]) {
        const method = core[name].bind(core);
        core[name] = (...rest) => {
          if (state.armed) {
            state.armed = false;
            rawExports().__wbg_enginecore_free(0xfffffff0, 0); // out of bounds: a RuntimeError
          }
          return method(...rest);
        };
      }
      return core;
    },
  });
  const trapping = new Proxy(glue, { get: (t, k) => (k === "EngineCore" ? EngineCore : t[k]) });
  return { api: createApi(trapping, { ready: () => true }, "test"), state };
}

test("the glue can restart the instance (built with --experimental-reset-state-function)", () => {
  assert.equal(typeof glue.__wbg_reset_state, "function");
});

test("a trap is INTERNAL once; the engine recompiles and gives the same figures; free() is quiet", () => {
  const { api, state } = trappingApi();
  const engine = new api.Engine(simpleScheme(), { locale: "en" });
  const people = [goodRow("E1", 90), goodRow("E2", 80)];
  const before = engine.evaluate({ people });
  assert.equal(before.results.length, 2);

  state.armed = true;
  let thrown;
  try {
    engine.evaluate({ people });
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof api.JixiaoError, `a JixiaoError, not ${thrown}`);
  assert.equal(thrown.code, "INTERNAL");
  assert.match(thrown.message, /trapped .* and was restarted/);
  assert.ok(thrown.cause instanceof WebAssembly.RuntimeError);

  // the next call is correct, on a fresh instance
  assert.deepEqual(engine.evaluate({ people }), before);
  // an engine made after the restart, validation and the free functions work
  const other = new api.Engine(simpleScheme());
  assert.deepEqual(other.evaluate({ people }).results.map((r) => r.total), before.results.map((r) => r.total));
  assert.equal(api.validateScheme(simpleScheme()).ok, true);
  assert.deepEqual(api.allocate("100.00", [1, 1, 1]), ["33.34", "33.33", "33.33"]);
  assert.doesNotThrow(() => engine.free());
  assert.doesNotThrow(() => engine.free());
  other.free();
});

test("an engine freed before a trap stays freed; one compiled before is rebuilt, not leaked", () => {
  const { api, state } = trappingApi();
  const a = new api.Engine(simpleScheme());
  const b = new api.Engine(simpleScheme());
  a.free();
  state.armed = true;
  assert.throws(() => b.evaluate({ people: [goodRow("E1", 90)] }), (e) => e.code === "INTERNAL");
  assert.throws(() => a.evaluate({ people: [] }), (e) => e instanceof api.JixiaoError && e.code === "NOT_INITIALIZED");
  assert.equal(b.evaluate({ people: [goodRow("E1", 90)] }).results[0].ok, true);
  assert.doesNotThrow(() => b.free());
});
