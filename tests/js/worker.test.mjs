// Off the main thread (DESIGN.md, "Off the main thread"): Engine.evaluateAsync in a
// worker_threads Worker, and the onProgress / signal options of evaluate and evaluateAsync.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Engine, JixiaoError } from "../../pkg/index.node.js";
import { EVALUATE_CALL, FIXTURES, PKG, assertJixiaoError, goodRow, loadFixtures, simpleScheme } from "./helpers.mjs";

/** The rows a progress observer waits between reports (DESIGN.md, "Off the main thread"). */
const BLOCK = 2048;

/** The reports expected for `n` rows: every full block, then `n` itself. */
function expectedProgress(n) {
  const out = [];
  for (let done = BLOCK; done < n; done += BLOCK) out.push([done, n]);
  out.push([n, n]);
  return out;
}

const rows = (n) => Array.from({ length: n }, (_, i) => goodRow(`E${i}`));

/** Awaits `promise`, which must reject with a JixiaoError (one of `codes`); returns it. */
async function rejectsJixiao(promise, codes) {
  let thrown;
  try {
    await promise;
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown !== undefined, "expected a rejection");
  return assertJixiaoError(JixiaoError, thrown, codes);
}

function throwsSync(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail("expected a throw");
}

const demoScheme = JSON.parse(readFileSync(new URL("../../www-demo/sample-scheme.json", import.meta.url), "utf8"));

test("evaluateAsync gives what evaluate gives, on every evaluate fixture and every output mode", async (t) => {
  const cases = loadFixtures().filter(({ data }) => data?.call === EVALUATE_CALL && data.scheme && data.input);
  const tables = JSON.parse(readFileSync(new URL("tables/raw-vs-totals.json", FIXTURES), "utf8"));
  cases.push({ file: "tables/raw-vs-totals.json", data: { scheme: tables.scheme, input: { people: tables.people, tables: tables.tables, period: tables.period } } });
  assert.ok(cases.length >= 3, `fixtures found: ${cases.map((c) => c.file)}`);
  for (const { file, data } of cases) {
    const engine = new Engine(data.scheme);
    for (const options of [data.options, { explain: true, locale: "en" }, { output: "scores" }, { output: "totals", decimals: "number" }]) {
      const want = engine.evaluate(data.input, options);
      const got = await engine.evaluateAsync(data.input, options);
      assert.deepEqual(got, want, `${file} ${JSON.stringify(options)}`);
    }
    t.diagnostic(`${file}: ${data.input.people?.length} rows`);
  }
});

test("progress: every block and the end, monotonic, ending at the total (in the thread and in the worker)", async () => {
  const engine = new Engine(simpleScheme());
  for (const n of [0, 1, BLOCK, 5000]) {
    const input = { people: rows(n) };
    const inThread = [];
    const out = engine.evaluate(input, { onProgress: (done, total) => inThread.push([done, total]) });
    assert.equal(out.results.length, n);
    assert.deepEqual(inThread, expectedProgress(n), `evaluate, ${n} rows`);
    const inWorker = [];
    const got = await engine.evaluateAsync(input, { onProgress: (done, total) => inWorker.push([done, total]) });
    assert.deepEqual(inWorker, expectedProgress(n), `evaluateAsync, ${n} rows`);
    assert.deepEqual(got, out);
  }
});

test("evaluate: onProgress is called synchronously; onProgress and signal never reach the core's options", () => {
  const engine = new Engine(simpleScheme());
  let calls = 0;
  const out = engine.evaluate({ people: rows(3) }, { onProgress: () => calls++, signal: new AbortController().signal, locale: "en" });
  assert.equal(calls, 1, "called before evaluate returned");
  assert.deepEqual(out, engine.evaluate({ people: rows(3) }, { locale: "en" }));
});

test("an aborted signal stops evaluate at once, or from inside onProgress; ABORTED keeps the reason as cause", () => {
  const engine = new Engine(simpleScheme(), { locale: "en" });
  const before = new AbortController();
  const reason = new Error("changed my mind");
  before.abort(reason);
  let called = false;
  const early = throwsSync(() => engine.evaluate({ people: rows(10) }, { signal: before.signal, onProgress: () => (called = true) }));
  assertJixiaoError(JixiaoError, early, "ABORTED");
  assert.equal(early.cause, reason);
  assert.equal(early.message, early.messages.en, "the engine's locale");
  assert.equal(called, false);

  const during = new AbortController();
  const seen = [];
  const stopped = throwsSync(() =>
    engine.evaluate({ people: rows(5000) }, {
      signal: during.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done >= BLOCK) during.abort();
      },
    }),
  );
  assertJixiaoError(JixiaoError, stopped, "ABORTED");
  assert.deepEqual(seen, [BLOCK], "no report after the abort");
  assert.equal(stopped.cause, during.signal.reason);
  assert.equal(stopped.cause.name, "AbortError");
  assert.equal(stopped.path, "");
  for (const l of ["zh-CN", "zh-TW", "en"]) assert.ok(stopped.messages[l].length > 0);
});

test("onProgress throwing stops the run: ABORTED with what it threw as cause", async () => {
  const engine = new Engine(simpleScheme());
  const boom = new Error("boom");
  const sync = throwsSync(() => engine.evaluate({ people: rows(5) }, { onProgress: () => { throw boom; } }));
  assertJixiaoError(JixiaoError, sync, "ABORTED");
  assert.equal(sync.cause, boom);
  const async = await rejectsJixiao(engine.evaluateAsync({ people: rows(5000) }, { onProgress: () => { throw boom; } }), "ABORTED");
  assert.equal(async.cause, boom);
  assert.equal((await engine.evaluateAsync({ people: rows(2) })).results.length, 2, "the next call works");
});

test("evaluateAsync: a signal aborted before the call rejects at once, without starting", async () => {
  const engine = new Engine(simpleScheme());
  const controller = new AbortController();
  controller.abort("no");
  let called = false;
  const err = await rejectsJixiao(engine.evaluateAsync({ people: rows(3) }, { signal: controller.signal, onProgress: () => (called = true) }), "ABORTED");
  assert.equal(err.cause, "no");
  assert.equal(called, false);
});

test("evaluateAsync: aborting during the run rejects with ABORTED, no progress follows, and the next call works", async () => {
  const engine = new Engine(demoScheme);
  const people = Array.from({ length: 20_000 }, (_, i) => ({ 工号: `E${i}`, 销售额: `${100 + (i % 50)}万`, 销售目标: "100万" }));
  const input = { people, period: "2025-Q3" };
  const controller = new AbortController();
  const seen = [];
  let settled = false;
  const run = engine.evaluateAsync(input, {
    signal: controller.signal,
    onProgress: (done, total) => {
      assert.equal(settled, false, "no progress after the rejection");
      seen.push([done, total]);
      controller.abort(new Error("cancel"));
    },
  });
  const err = await rejectsJixiao(run, "ABORTED");
  settled = true;
  assert.equal(err.cause.message, "cancel");
  assert.deepEqual(seen, [[BLOCK, people.length]], "stopped after the first report");
  await new Promise((r) => setTimeout(r, 50));
  const again = await engine.evaluateAsync(input, { output: "totals" });
  assert.deepEqual(again, engine.evaluate(input, { output: "totals" }));
});

test("evaluateAsync: aborting one call leaves the other calls running", async () => {
  const a = new Engine(simpleScheme());
  const b = new Engine(demoScheme);
  const controller = new AbortController();
  const input = { people: rows(6000) };
  const first = a.evaluateAsync(input, { signal: controller.signal, onProgress: () => controller.abort() });
  const second = a.evaluateAsync(input);
  const third = b.evaluateAsync({ people: rows(10), period: "2025-Q3" }, { output: "scores" });
  await rejectsJixiao(first, "ABORTED");
  assert.deepEqual(await second, a.evaluate(input));
  assert.deepEqual(await third, b.evaluate({ people: rows(10), period: "2025-Q3" }, { output: "scores" }));
});

test("evaluateAsync: errors arrive as JixiaoErrors with the code, path and messages evaluate gives", async () => {
  const engine = new Engine(simpleScheme(), { locale: "zh-TW" });
  const inputs = [
    [{ people: "nope" }, undefined],
    [{ people: rows(2), period: "2025-13" }, undefined],
    [{ people: rows(2) }, { output: "everything" }],
    [{ people: rows(2) }, { locale: "fr" }],
    [{ people: rows(2) }, { rows: { 不存在: "nope" } }],
  ];
  for (const [input, options] of inputs) {
    const want = throwsSync(() => engine.evaluate(input, options));
    assertJixiaoError(JixiaoError, want);
    const got = await rejectsJixiao(engine.evaluateAsync(input, options), want.code);
    assert.deepEqual(got.toJSON(), want.toJSON(), JSON.stringify(options));
    assert.equal(got.message, want.message);
  }
  const freed = new Engine(simpleScheme());
  freed.free();
  await rejectsJixiao(freed.evaluateAsync({ people: rows(1) }), "NOT_INITIALIZED");
});

test("onProgress and signal are checked: INVALID_SETTING at their path", async () => {
  const engine = new Engine(simpleScheme(), { locale: "en" });
  for (const [options, path] of [[{ onProgress: 5 }, "options/onProgress"], [{ signal: {} }, "options/signal"], [{ signal: null }, "options/signal"]]) {
    const sync = throwsSync(() => engine.evaluate({ people: rows(1) }, options));
    assertJixiaoError(JixiaoError, sync, "INVALID_SETTING");
    assert.equal(sync.path, path);
    const async = await rejectsJixiao(engine.evaluateAsync({ people: rows(1) }, options), "INVALID_SETTING");
    assert.equal(async.path, path);
  }
});

test("an idle worker does not keep Node running, and a running one does", () => {
  const code = `
    import { Engine } from ${JSON.stringify(new URL("index.node.js", PKG).href)};
    const scheme = ${JSON.stringify(simpleScheme())};
    const out = await new Engine(scheme).evaluateAsync({ people: [${JSON.stringify(goodRow())}] });
    console.log(out.results[0].total);
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
  assert.equal(stdout.trim(), new Engine(simpleScheme()).evaluate({ people: [goodRow()] }).results[0].total);
});
