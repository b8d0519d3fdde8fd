// The workbench page (www-demo/, built with Vite) in a real headless Chromium: what the
// old report page did, kept: the results table, the failed rows' errors, a person's
// statement, the language switch, the templates, the Worker with its progress bar and
// Cancel, 100 000 people. Any console error, uncaught exception or failed request fails
// the test. See tests/page/page-server.mjs for how the page is built and served.
//
//   node --test tests/page/
//   CHROMIUM=/path/to/chromium PAGE_DIST=www-demo/dist PKG_DIR=other/pkg node --test tests/page/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startPage, byTestId, ROOT, PKG_DIR, DEMO_SRC, SHOTS } from "./page-server.mjs";
import { bigTeam } from "../../www-demo/src/big-team.js";

const DEMO_DIR = DEMO_SRC;
const SCREENSHOT = join(SHOTS, "demo-zh-CN.png");
let ctx;
let baseUrl;
before(async () => {
  ctx = await startPage();
  baseUrl = ctx.baseUrl;
});
after(async () => ctx?.close());
const open = (path) => ctx.open(path);
/** The status says the last run finished; its text is a person's sentence, not a log line. */
async function assertReady(page) {
  const st = byTestId(page, "status");
  assert.equal(await st.getAttribute("data-state"), "ready", `status: ${await st.textContent()}`);
  assert.doesNotMatch((await st.textContent()) ?? "", /ready|\bms\b/, "no developer text in the status");
}
const READY = () => document.querySelector('[data-testid="status"]')?.dataset.state === "ready";

function samplePeople() {
  const file = join(DEMO_DIR, "sample-people.json");
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, "utf8"));
  return Array.isArray(data) ? data : data.people;
}

test("the demo page shows scored, graded and ranked results", async (t) => {
  t.diagnostic(`serving ${DEMO_DIR} at ${baseUrl}`);
  const { page, problems } = await open();
  try {
    await assertReady(page);
    assert.ok(((await byTestId(page, "scheme-name").textContent()) ?? "").trim().length > 0, "scheme name shown");

    const rows = byTestId(page, "result-row");
    const people = samplePeople();
    const n = await rows.count();
    assert.ok(n > 0, "no result rows");
    if (people) assert.equal(n, people.length, "one row per person");

    let okRows = 0;
    let failedRows = 0;
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const ok = (await row.getAttribute("data-ok")) === "true";
      if (ok) {
        okRows++;
        const total = ((await row.locator('[data-testid="cell-total"]').textContent()) ?? "").trim();
        const grade = ((await row.locator('[data-testid="cell-grade"]').textContent()) ?? "").trim();
        const rank = ((await row.locator('[data-testid="cell-rank"]').textContent()) ?? "").trim();
        assert.match(total, /\d/, `row ${i} total "${total}"`);
        assert.match(grade, /^[A-Z][+-]?$/, `row ${i} grade "${grade}"`);
        assert.match(rank, /^\d+$/, `row ${i} rank "${rank}"`);
      } else {
        failedRows++;
      }
    }
    assert.ok(okRows > 0, "no row scored");
    t.diagnostic(`${okRows} rows scored, ${failedRows} failed`);

    // Failed rows show their errors with a code.
    const items = byTestId(page, "errors").locator('[data-testid="error-item"]');
    if (failedRows > 0) {
      assert.ok((await items.count()) >= failedRows, "each failed row has an error item");
      for (let i = 0; i < (await items.count()); i++) {
        assert.match((await items.nth(i).getAttribute("data-code")) ?? "", /^[A-Z_]+$/);
      }
    }

    // A click on a scored row opens its explanation.
    const firstOk = page.locator('[data-testid="result-row"][data-ok="true"]').first();
    await firstOk.click();
    const explain = byTestId(page, "explain");
    await explain.waitFor({ state: "visible", timeout: 5_000 });
    assert.ok((await explain.locator('[data-testid="explain-lines"] li').count()) > 0, "explanation has lines");
    // Its payout is in the table and each payout line is in the explanation.
    const payout = ((await firstOk.locator('[data-testid="cell-payout"]').textContent()) ?? "").trim();
    assert.match(payout, /^\d[\d,]*(\.\d+)?$/, `payout "${payout}"`);
    const lines = await explain.locator('[data-testid="explain-lines"] li').allTextContents();
    assert.ok(lines.some((l) => l.startsWith("销售提成：")), `a commission line in ${JSON.stringify(lines)}`);

    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    t.diagnostic(`screenshot: ${SCREENSHOT}`);

    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

/** The golden fixture of the demo's own data, when the page serves exactly that data. */
function demoGolden() {
  const file = join(ROOT, "tests", "fixtures", "demo-team.json");
  const schemeFile = join(DEMO_DIR, "sample-scheme.json");
  if (!existsSync(file) || !existsSync(schemeFile)) return null;
  const golden = JSON.parse(readFileSync(file, "utf8"));
  const same =
    JSON.stringify(golden.scheme) === JSON.stringify(JSON.parse(readFileSync(schemeFile, "utf8"))) &&
    JSON.stringify(golden.input?.people) === JSON.stringify(samplePeople());
  return same ? golden : null;
}

test("the page shows the golden figures of its sample team (tests/fixtures/demo-team.json)", async (t) => {
  const golden = demoGolden();
  if (golden === null) {
    t.skip("the demo's sample data is not the data of tests/fixtures/demo-team.json");
    return;
  }
  const { page, problems } = await open();
  try {
    t.diagnostic(`${golden.expected.results.length} people checked against the golden figures`);
    for (const want of golden.expected.results) {
      const row = page.locator(`[data-testid="result-row"][data-id="${want.id}"]`);
      assert.equal(await row.count(), 1, `one row for ${want.id}`);
      assert.equal(await row.getAttribute("data-ok"), String(want.ok), `${want.id} ok`);
      if (want.ok) {
        const cell = async (id) => ((await row.locator(`[data-testid="${id}"]`).textContent()) ?? "").trim();
        assert.equal(await cell("cell-total"), want.total, `${want.id} total`);
        assert.equal(await cell("cell-grade"), want.grade, `${want.id} grade`);
        assert.equal(await cell("cell-rank"), String(want.rank), `${want.id} rank`);
        if (want.vetoed !== undefined) assert.equal(await row.getAttribute("data-vetoed"), String(want.vetoed), `${want.id} vetoed`);
        if (want.payout !== undefined) {
          const payout = row.locator('[data-testid="cell-payout"]');
          assert.equal(await payout.getAttribute("data-value"), want.payout, `${want.id} payout`);
        }
      } else {
        for (const e of want.errors ?? []) {
          const item = page.locator(`[data-testid="error-item"][data-code="${e.code}"][data-field="${e.field}"]`);
          assert.ok((await item.count()) >= 1, `${want.id}: error ${e.code} on ${e.field} shown`);
        }
      }
    }
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("the language switch re-renders in English and traditional Chinese", async () => {
  const { page, problems } = await open();
  try {
    await assertReady(page);
    const n = await byTestId(page, "result-row").count();
    for (const locale of ["en", "zh-TW"]) {
      await byTestId(page, "locale").selectOption(locale);
      await page.waitForFunction(READY, null, { timeout: 10_000 });
      assert.equal(await byTestId(page, "result-row").count(), n, `rows after switching to ${locale}`);
    }
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("hostile input in the browser gives JixiaoErrors and the page keeps working", async () => {
  const { page, problems } = await open();
  try {
    const outcomes = await page.evaluate(async () => {
      const { init, Engine, JixiaoError } = await import("./pkg/index.browser.js");
      await init();
      const scheme = {
        fields: { id: "id" },
        indicators: [{ key: "q", weight: 100, actual: { field: "q" }, scoring: { type: "direct" } }],
      };
      const deep = JSON.parse("[".repeat(10_000) + "]".repeat(10_000));
      const proto = JSON.parse('{"__proto__": {"polluted": true}, "id": "P", "q": 1}');
      const cyclic = { id: "C" };
      cyclic.self = cyclic;
      const attempts = {
        emptyScheme: () => new Engine({}),
        schemeNumber: () => new Engine(42),
        deepScheme: () => new Engine({ indicators: deep }),
        longString: () => new Engine({ ...scheme, name: "长".repeat(10_000), indicators: [{ ...scheme.indicators[0], scoring: { type: "x".repeat(10_000) } }] }),
        hugeWeight: () => new Engine({ ...scheme, indicators: [{ ...scheme.indicators[0], weight: 1e300 }] }),
        wrongInput: () => new Engine(scheme).evaluate("people"),
      };
      const out = {};
      for (const [name, f] of Object.entries(attempts)) {
        try {
          f();
          out[name] = "no error";
        } catch (e) {
          out[name] = e instanceof JixiaoError && e instanceof Error ? e.code : `not a JixiaoError: ${e}`;
        }
      }
      const rows = new Engine(scheme).evaluate({
        people: [
          { id: "N", q: NaN }, { id: "I", q: Infinity }, { id: "H", q: "9".repeat(40) }, proto, cyclic,
          { id: "D", q: deep }, { id: "L", q: "八".repeat(10_000) }, 7, { id: "OK", q: 88 },
        ],
      });
      // the browser's own JSON.stringify may refuse the nesting first (INVALID_INPUT), else the core does (INVALID_JSON)
      if (out.deepScheme === "INVALID_INPUT" || out.deepScheme === "INVALID_JSON") out.deepScheme = "refused";
      out.rows = rows.results.map((r) => (r.ok ? `ok ${r.total}` : r.errors[0].code));
      out.polluted = {}.polluted === undefined ? "clean" : "POLLUTED";
      return out;
    });
    assert.deepEqual(outcomes, {
      emptyScheme: "INVALID_SCHEME",
      schemeNumber: "INVALID_SCHEME",
      deepScheme: "refused",
      longString: "INVALID_SCHEME",
      hugeWeight: "INVALID_SCHEME",
      wrongInput: "INVALID_INPUT",
      rows: ["INVALID_NUMBER", "INVALID_NUMBER", "OVERFLOW", "ok 1.00", "INVALID_ROW", "INVALID_ROW", "INVALID_NUMBER", "INVALID_ROW", "ok 88.00"],
      polluted: "clean",
    });
    // the page still answers: switch language, it re-evaluates and renders every row again
    await byTestId(page, "locale").selectOption("en");
    await page.waitForFunction(
      READY,
      null,
      { timeout: 10_000 },
    );
    assert.equal(await byTestId(page, "result-row").count(), 20);
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("the template picker loads each scheme template with its sample data, and follows the language", async (t) => {
  const { page, problems } = await open();
  try {
    const expected = await page.evaluate(async () => {
      const { init, templates } = await import("./pkg/index.browser.js");
      await init();
      const pick = (locale) => templates({ locale }).map((x) => ({ key: x.key, name: x.name, schemeName: x.scheme.name, people: x.sample.people.length, cases: x.cases }));
      return { cn: pick("zh-CN"), en: pick("en") };
    });
    assert.equal(expected.cn.length, 8, "eight templates");
    const options = await byTestId(page, "template").locator("option").evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options.slice(1), expected.cn.map((x) => [x.key, x.name]), "the picker lists the templates");
    assert.equal(options[0][0], "", "the page's own sample comes first");

    for (const tpl of expected.cn) {
      await byTestId(page, "template").selectOption(tpl.key);
      await page.waitForFunction(
        (name) => document.querySelector('[data-testid="scheme-name"]')?.textContent === name &&
          document.querySelector('[data-testid="status"]')?.dataset.state === "ready",
        tpl.schemeName,
        { timeout: 10_000 },
      );
      const rows = byTestId(page, "result-row");
      assert.equal(await rows.count(), tpl.people, `${tpl.key}: one row per sample person`);
      for (const id of tpl.cases.vetoed) {
        assert.equal(await page.locator(`[data-testid="result-row"][data-id="${id}"]`).getAttribute("data-vetoed"), "true", `${tpl.key} ${id} vetoed`);
      }
      for (const id of tpl.cases.failed) {
        assert.equal(await page.locator(`[data-testid="result-row"][data-id="${id}"]`).getAttribute("data-ok"), "false", `${tpl.key} ${id} failed`);
      }
      const okRows = page.locator('[data-testid="result-row"][data-ok="true"]');
      assert.equal(await okRows.count(), tpl.people - tpl.cases.failed.length, `${tpl.key}: the other rows are scored`);
      assert.match(((await okRows.first().locator('[data-testid="cell-grade"]').textContent()) ?? "").trim(), /^[A-Z]$/);
      assert.ok(await byTestId(page, "template-description").isVisible(), `${tpl.key}: description shown`);
      t.diagnostic(`${tpl.key}: ${tpl.people} rows`);
    }

    // a click explains a template's row; the language switch re-loads the template's names
    const first = page.locator('[data-testid="result-row"][data-ok="true"]').first();
    await first.click();
    await byTestId(page, "explain").waitFor({ state: "visible", timeout: 5_000 });
    assert.ok((await byTestId(page, "explain").locator('[data-testid="explain-lines"] li').count()) > 0);
    await page.keyboard.press("Escape");
    await byTestId(page, "explain").waitFor({ state: "detached", timeout: 5_000 });
    await byTestId(page, "locale").selectOption("en");
    const last = expected.en[expected.en.length - 1];
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="scheme-name"]')?.textContent === name,
      last.schemeName,
      { timeout: 10_000 },
    );
    assert.equal(await byTestId(page, "template").inputValue(), last.key);
    assert.equal(await byTestId(page, "template").locator(`option[value="${last.key}"]`).textContent(), last.name);
    assert.equal(await byTestId(page, "result-row").count(), last.people);
    assert.ok(new URL(page.url()).searchParams.get("template") === last.key, "the template is in the URL");

    // back to the page's own sample
    await byTestId(page, "template").selectOption("");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-row"]').length === 20, null, { timeout: 10_000 });
    assert.equal(await byTestId(page, "template-description").isVisible(), false);
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("?template= opens the page on a template", async () => {
  const { page, problems } = await open("?template=kpi_okr&locale=zh-TW");
  try {
    await assertReady(page);
    assert.equal(await byTestId(page, "template").inputValue(), "kpi_okr");
    assert.equal((await byTestId(page, "scheme-name").textContent())?.trim(), "銷售團隊 KPI + OKR 季度考核");
    assert.equal(await byTestId(page, "result-row").count(), 6);
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("the general sales rep template scores its people straight from the orders and payments tables", async () => {
  const { page, problems } = await open("?template=general_sales_rep&locale=zh-CN");
  try {
    await assertReady(page);
    // 陈思远 (E001): 销售额 from four orders (one shared 70/30 with 林晓, one shared 30 % from 王建国)
    await page.locator('[data-testid="result-row"][data-id="E001"]').click();
    await byTestId(page, "explain").waitFor({ state: "visible", timeout: 5_000 });
    const lines = await byTestId(page, "explain").locator('[data-testid="explain-lines"] li').allTextContents();
    assert.ok(lines.some((l) => l.startsWith("销售额 = orders 合同金额合计（状态 = '已签约'），2025-Q3") && l.endsWith("= 980,000.00")), lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("实际回款额 = payments 金额合计") && l.endsWith("= 860,000.00")), lines.join("\n"));
    // 吴昊 (E008): an order whose amount is "待核实" fails him alone
    assert.equal(await page.locator('[data-testid="result-row"][data-id="E008"]').getAttribute("data-ok"), "false");
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

// ---------------------------------------------------------------- off the main thread
// The page evaluates through engine.evaluateAsync (a module Worker), with a progress bar
// and a Cancel button; "100 000 people" generates a big team from the sample.

/** The figures a row of the results table shows. */
async function shownRows(page) {
  return page.locator('[data-testid="result-row"]').evaluateAll((rows) =>
    rows.map((tr) => {
      const cell = (id) => tr.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? "";
      return {
        id: tr.dataset.id,
        ok: tr.dataset.ok === "true",
        total: cell("cell-total"),
        grade: cell("cell-grade"),
        rank: cell("cell-rank"),
        payout: tr.querySelector('[data-testid="cell-payout"]')?.dataset.value ?? "",
      };
    }),
  );
}

/** The same figures from an in-thread evaluate in the page, as the table would show them. */
async function inThreadRows(_page, { big, options }) {
  const { Engine } = await import(join(PKG_DIR, "index.node.js"));
  const read = (f) => JSON.parse(readFileSync(join(DEMO_DIR, f), "utf8"));
  const [scheme, people] = [read("sample-scheme.json"), read("sample-people.json")];
  const input = { people: big ? bigTeam({ scheme, people }, big) : people, period: "2025-Q3" };
  const out = new Engine(scheme).evaluate(input, options);
  // the table's first page: 100 rows
  const rows = out.results.slice(0, 100).map((r) => ({
    id: r.id,
    ok: r.ok,
    total: r.ok ? r.total : "—",
    grade: r.ok ? r.grade ?? "—" : "—",
    rank: r.ok && r.rank != null ? String(r.rank) : "—",
    payout: r.ok && r.payout != null ? r.payout : "",
  }));
  return { rows, count: out.results.length, ok: out.summary.ok, failed: out.summary.failed };
}

/** Records every value of the progress bar, and the longest gap of a 10 ms heartbeat. */
function watchProgress(page) {
  return page.evaluate(() => {
    const seen = [];
    const bar = document.querySelector('[data-testid="progress-bar"]');
    const box = document.querySelector('[data-testid="progress"]');
    const record = () => box.style.display !== "none" && seen.push(Number(bar.value));
    new MutationObserver(record).observe(bar, { attributes: true });
    new MutationObserver(record).observe(box, { attributes: true });
    let last = performance.now();
    let gap = 0;
    setInterval(() => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    }, 10);
    window.__progress = () => ({ seen, gap });
  });
}

test("the page evaluates in a Worker, with the figures an in-thread evaluate gives", async () => {
  const { page, problems } = await open();
  try {
    await byTestId(page, "locale").selectOption("en");
    await page.waitForFunction(READY, null, { timeout: 20_000 });
    const want = await inThreadRows(page, { options: { explain: true, locale: "en" } });
    assert.deepEqual(await shownRows(page), want.rows);
    const workerUrls = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("worker")));
    assert.ok(workerUrls.some((u) => /worker\.browser[^/]*\.js$/.test(u)), `the worker script was loaded: ${JSON.stringify(workerUrls)}`);
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("100 000 people: the progress bar climbs to 100 %, the page stays responsive, the figures equal an in-thread evaluate", async (t) => {
  const { page, problems } = await open();
  try {
    await watchProgress(page);
    await byTestId(page, "big-team").click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.dataset.state === "ready" && document.querySelector('[data-testid="shown-rows"]').style.display !== "none",
      null,
      { timeout: 180_000 },
    );
    const { seen, gap } = await page.evaluate(() => window.__progress());
    t.diagnostic(`progress values: ${seen.join(" ")}; longest main-thread gap ${Math.round(gap)} ms`);
    assert.ok(seen.length >= 3, `the bar showed progress: ${seen}`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, "monotonic");
    assert.equal(seen.at(-1), 100, "reaches 100 %");
    assert.equal(await byTestId(page, "progress").isVisible(), false, "hidden when done");

    const want = await inThreadRows(page, { big: 100_000, options: { output: "totals", locale: "zh-CN" } });
    assert.equal(want.count, 100_000);
    assert.deepEqual(await shownRows(page), want.rows, "the first page of rows");
    const stat = async (key) => ((await page.locator(`[data-testid="summary"] [data-key="${key}"] .stat-value`).textContent()) ?? "").trim();
    assert.equal(await stat("count"), String(want.count));
    assert.equal(await stat("ok"), String(want.ok));
    assert.equal(await stat("failed"), String(want.failed));

    // every row is reachable, 100 to a page
    assert.equal((await byTestId(page, "page-label").textContent())?.trim(), "第 1 / 1000 页");
    await byTestId(page, "page-next").click();
    assert.equal(await byTestId(page, "result-row").first().getAttribute("data-id"), "B000101");
    await byTestId(page, "page-prev").click();

    // a row of the big team explains itself; back to the sample team
    await page.locator('[data-testid="result-row"][data-ok="true"]').first().click();
    await byTestId(page, "explain").waitFor({ state: "visible", timeout: 5_000 });
    assert.ok((await byTestId(page, "explain").locator('[data-testid="explain-lines"] li').count()) > 0);
    await page.keyboard.press("Escape");
    await byTestId(page, "back-to-sample").click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-row"]').length === 20, null, { timeout: 20_000 });
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});

test("Cancel stops a big run at once, the previous results stay, and the page keeps working", async () => {
  const { page, problems } = await open();
  try {
    const before = await shownRows(page);
    const closed = [];
    const watch = (w) => w.on("close", () => closed.push(w.url()));
    page.workers().forEach(watch);
    page.on("worker", watch);
    await byTestId(page, "big-team").click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress-bar"]')?.dataset.done) > 0, null, { timeout: 120_000 });
    await byTestId(page, "cancel").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.state === "cancelled", null, { timeout: 5_000 });
    assert.equal(await byTestId(page, "progress").isVisible(), false);
    assert.deepEqual(await shownRows(page), before, "the sample's results are still shown");
    for (let i = 0; i < 50 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(closed.some((u) => /worker\.browser[^/]*\.js$/.test(u)), "the worker was terminated");

    await byTestId(page, "locale").selectOption("zh-TW");
    await page.waitForFunction(READY, null, { timeout: 20_000 });
    assert.equal(await byTestId(page, "result-row").count(), 20);
    await page.locator('[data-testid="result-row"][data-ok="true"]').first().click();
    await byTestId(page, "explain").waitFor({ state: "visible", timeout: 5_000 });
    assert.deepEqual(problems, [], "no console errors, exceptions or failed requests");
  } finally {
    await page.close();
  }
});
