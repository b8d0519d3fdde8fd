// Determinism in headless Chromium (DESIGN.md "Determinism"): the corpus of
// tests/js/determinism-corpus.mjs (every template, fixture and README example) runs in pages
// of browser contexts with other locales and time zones (playwright's `locale` and
// `timezoneId`), hashed with SubtleCrypto SHA-256, and once in a module Worker; every hash
// must equal this Node process's (node:crypto over the same texts). No hash is stored.
// Probes in each context (a Date's text, a locale-formatted number) prove the contexts
// really differ.
//
//   node --test tests/page/determinism.test.mjs
//   CHROMIUM=/path/to/chromium PKG_DIR=other/pkg node --test tests/page/determinism.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { diffHint, firstDifference, hashes, loadCorpusData, probes } from "../js/determinism-node.mjs";
import { buildCorpus } from "../js/determinism-corpus.mjs";
import { CHROMIUM_ARGS } from "./chromium.mjs";

const ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const PKG_DIR = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(ROOT, "pkg");
const CORPUS = join(ROOT, "tests", "js", "determinism-corpus.mjs");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The browser contexts: locale and time zone (de-DE formats 1234.5 as "1.234,5"). */
const CONTEXTS = [
  { locale: "zh-CN", timezoneId: "Asia/Shanghai" },
  { locale: "en-US", timezoneId: "America/New_York" },
  { locale: "de-DE", timezoneId: "Pacific/Chatham" },
];
const label = ({ locale, timezoneId }) => `${locale} ${timezoneId}`;

// The page's module: the package and the corpus, hashed with SubtleCrypto; `probes` as
// determinism-node.mjs has them (same expressions).
const RUNNER = `
import * as api from "/pkg/index.browser.js";
import { buildCorpus } from "/corpus.mjs";
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
export async function corpus(data) {
  await api.init();
  return buildCorpus(api, data);
}
export async function hashCorpus(data) {
  const out = [];
  for (const { name, text } of await corpus(data)) {
    out.push([name, hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]);
  }
  return out;
}
export async function caseText(data, name) {
  return (await corpus(data)).find((c) => c.name === name)?.text ?? "";
}
export function probes() {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return { date: new Date(0).toString(), localeDate: new Date(0).toLocaleString(),
           localeNumber: (1234.5).toLocaleString(), locale, timeZone };
}
`;
// A module Worker running the same.
const WORKER = `
import { hashCorpus, probes } from "/runner.mjs";
self.onmessage = async (event) => {
  try {
    self.postMessage({ hashes: await hashCorpus(event.data), probes: probes() });
  } catch (e) {
    self.postMessage({ error: String(e?.stack ?? e) });
  }
};
`;
const PAGES = {
  "/": ["text/html; charset=utf-8", '<!doctype html><meta charset="utf-8"><title>determinism</title><body>determinism</body>'],
  "/runner.mjs": ["text/javascript; charset=utf-8", RUNNER],
  "/worker.mjs": ["text/javascript; charset=utf-8", WORKER],
  "/favicon.ico": ["image/x-icon", ""],
};
const MIME = { ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm" };

/** The body of a URL path: the pages above, /corpus.mjs, or a file of pkg/ under /pkg/. */
function respond(urlPath) {
  const p = decodeURIComponent(urlPath.split("?")[0]);
  if (PAGES[p]) return PAGES[p];
  if (p === "/corpus.mjs") return [MIME[".mjs"], readFileSync(CORPUS)];
  if (!p.startsWith("/pkg/")) return null;
  const file = normalize(join(PKG_DIR, p.slice(5)));
  if (!file.startsWith(PKG_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  return [MIME[extname(file)] ?? "application/octet-stream", readFileSync(file)];
}

let server;
let baseUrl;
let browser;
let data;
let reference;
let referenceHashes;

before(async () => {
  assert.ok(existsSync(join(PKG_DIR, "index.browser.js")), "pkg/ is not built: run scripts/build.sh");
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (scripts/setup.sh installs Debian's chromium)`);
  data = loadCorpusData();
  reference = await buildCorpus(await import(join(PKG_DIR, "index.node.js")), data);
  referenceHashes = hashes(reference);
  server = createServer((req, res) => {
    const found = req.method === "GET" ? respond(req.url ?? "/") : null;
    if (found === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": found[0], "cache-control": "no-store" }).end(found[1]);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

/** Runs `fn(page)` in a fresh context with `options`; any uncaught page error fails it. */
async function inContext(options, fn) {
  const context = await browser.newContext(options);
  const problems = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
    page.on("console", (msg) => msg.type() === "error" && problems.push(`console.error: ${msg.text()}`));
    await page.goto(baseUrl);
    const out = await fn(page);
    assert.deepEqual(problems, [], label(options));
    return out;
  } finally {
    await context.close();
  }
}

/** The corpus' hashes and the probes in the page itself. */
const inPage = (page) =>
  page.evaluate(async (data) => {
    const m = await import("/runner.mjs");
    return { hashes: await m.hashCorpus(data), probes: m.probes() };
  }, data);

/** The same in a module Worker of the page. */
const inWorker = (page) =>
  page.evaluate(
    (data) =>
      new Promise((ok, fail) => {
        const worker = new Worker("/worker.mjs", { type: "module" });
        worker.onmessage = (e) => (worker.terminate(), e.data.error ? fail(new Error(e.data.error)) : ok(e.data));
        worker.onerror = (e) => fail(new Error(`worker: ${e.message}`));
        worker.postMessage(data);
      }),
    data,
  );

/** Fails with the first case that differs from Node's, and where its text differs. */
async function assertSameAsNode(page, where, got) {
  const diff = firstDifference(referenceHashes, got);
  if (diff === null) return;
  const here = reference.find((c) => c.name === diff.name)?.text ?? "";
  const there = await page.evaluate(async ([data, name]) => (await import("/runner.mjs")).caseText(data, name), [data, diff.name]);
  assert.fail(`${where}: case ${JSON.stringify(diff.name)} differs from Node: ${diff.why}\n${diffHint(here, there)}`);
}

const runs = [];

for (const options of CONTEXTS) {
  test(`Chromium page (${label(options)}): every case hashes as in Node`, { timeout: 300_000 }, async (t) => {
    const started = performance.now();
    await inContext(options, async (page) => {
      const run = await inPage(page);
      runs.push({ options, ...run });
      assert.equal(run.probes.timeZone, options.timezoneId);
      await assertSameAsNode(page, label(options), run.hashes);
    });
    t.diagnostic(`${referenceHashes.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
}

test("Chromium module Worker (zh-CN Asia/Shanghai): every case hashes as in Node", { timeout: 300_000 }, async (t) => {
  const started = performance.now();
  await inContext(CONTEXTS[0], async (page) => {
    const run = await inWorker(page);
    assert.equal(run.probes.timeZone, CONTEXTS[0].timezoneId, "the worker runs in the context's time zone");
    await assertSameAsNode(page, "worker", run.hashes);
  });
  t.diagnostic(`${((performance.now() - started) / 1000).toFixed(1)} s`);
});

test("the contexts really differ from each other and from Node (time zone and locale probes)", () => {
  assert.equal(runs.length, CONTEXTS.length, "every context ran");
  const [zh, en, de] = CONTEXTS.map((o) => runs.find((r) => r.options === o).probes);
  const node = probes();
  assert.notEqual(zh.date, en.date, "new Date(0).toString() by timezoneId");
  assert.notEqual(zh.localeDate, en.localeDate, "new Date(0).toLocaleString() by locale");
  assert.notEqual(en.localeNumber, de.localeNumber, "(1234.5).toLocaleString() by locale");
  assert.ok([zh, en, de].some((p) => p.date !== node.date), "some context's time zone differs from Node's");
});
