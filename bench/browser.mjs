// The benchmark in headless Chromium (playwright-core + Debian's chromium): `init()` from a
// cold and from a warm cache, `engine.evaluate` on the rows of bench/node.mjs (same generator,
// same scheme) and the peers of bench/peers.mjs (bench/interpreter.mjs), all timed inside the
// page. Serves pkg/, bench/, www-demo/ and decimal.js on 127.0.0.1 (a random free port, with
// caching headers, .wasm as application/wasm so the glue compiles while downloading).
// Usage: node bench/browser.mjs [--quick]. Prints one line per figure; scripts/bench.sh
// records them in BENCHMARKS.md. CHROMIUM=/path/to/chromium picks another browser;
// BENCH_SIZES=10000 times one team size only.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = resolve(fileURLToPath(new URL("../", import.meta.url)));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const quick = process.argv.includes("--quick");
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : [10_000, 100_000];
const WARM_LOADS = 3;

// The evaluate cases, one line each: a label, the input built from the generated people (run
// in the page: no closures; `lib` is bench/rows.mjs), and the options.
const CASES = [
  { label: "full", input: (people) => ({ people, period: "2025-Q3" }), options: {} },
  { label: "output:scores", input: (people) => ({ people, period: "2025-Q3" }), options: { output: "scores" } },
  { label: "output:totals", input: (people) => ({ people, period: "2025-Q3" }), options: { output: "totals" } },
];

// What the page may fetch: URL prefix → folder under the repository.
const SERVED = { "/pkg/": "pkg", "/bench/": "bench", "/www-demo/": "www-demo", "/decimal.js/": "node_modules/decimal.js" };
const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

// The page: an import map for the peers' decimal.js, then init() timed. `instantiateStreaming`
// is observed (not replaced) to report whether the browser compiled while downloading.
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "decimal.js": "/decimal.js/decimal.mjs" } }</script>
<script type="module">
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = (...args) => { window.streamed = true; return streaming.apply(WebAssembly, args); };
  const jixiao = await import("/pkg/index.browser.js");
  const t = performance.now();
  await jixiao.init();
  window.initMs = performance.now() - t;
  window.jixiao = jixiao;
  document.body.dataset.ready = "true";
</script>`;

/** The file a URL path names, or null outside SERVED. */
function fileFor(urlPath) {
  const p = decodeURIComponent(urlPath.split("?")[0]);
  const prefix = Object.keys(SERVED).find((k) => p.startsWith(k));
  if (!prefix) return null;
  const base = join(ROOT, SERVED[prefix]);
  const file = normalize(join(base, p.slice(prefix.length)));
  return file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile() ? file : null;
}

/** Serves the page and the files, cacheable for an hour with an ETag, as a CDN would. */
function serve(req, res) {
  const url = req.url ?? "/";
  const body = url === "/" ? Buffer.from(PAGE) : fileFor(url) && readFileSync(fileFor(url));
  if (!body) return res.writeHead(404).end();
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  if (req.headers["if-none-match"] === etag) return res.writeHead(304, { etag }).end();
  const type = url === "/" ? "text/html; charset=utf-8" : MIME[extname(url.split("?")[0])] ?? "application/octet-stream";
  const cache = url === "/" ? "no-cache" : "public, max-age=3600";
  res.writeHead(200, { "content-type": type, "cache-control": cache, etag }).end(body);
}

/** Opens the page in a new tab and waits for init(); returns the tab and what it measured. */
async function load(context, baseUrl) {
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`chromium page error: ${err.message}`));
  await page.goto(baseUrl);
  await page.waitForFunction(() => document.body?.dataset.ready === "true", null, { timeout: 60_000 });
  const m = await page.evaluate(() => ({ initMs: window.initMs, streamed: window.streamed === true }));
  return { page, ...m };
}

/** Times `init()`: the first load on an empty profile, then WARM_LOADS loads from its cache. */
async function timeInit(context, baseUrl) {
  const cold = await load(context, baseUrl);
  await cold.page.close();
  const warm = [];
  for (let i = 0; i < WARM_LOADS; i++) {
    await new Promise((ok) => setTimeout(ok, 2500)); // V8 writes its wasm code cache after compiling settles
    const w = await load(context, baseUrl);
    warm.push(w.initMs);
    await w.page.close();
  }
  const ms = (x) => x.toFixed(1);
  console.log(`chromium init() cold (first load, empty cache) ${ms(cold.initMs).padStart(8)} ms; warm cache ${warm.map(ms).join(", ")} ms (loads 2–${WARM_LOADS + 1}); streaming compile: ${cold.streamed ? "yes" : "no"}`);
}

/** In the page: `people` generated once per size, kept on `window`. */
async function makePeople(n) {
  const { makeRng, person } = await import("/bench/rows.mjs");
  const rng = makeRng(42);
  window.people = Array.from({ length: n }, (_, i) => person(i, rng));
  window.scheme ??= fetch("/www-demo/sample-scheme.json").then((r) => r.json());
}

/** In the page: the median of `runs` calls after a first (warm-up) call, and the first. */
async function timeInPage({ label, input, options, runs }) {
  const lib = await import("/bench/rows.mjs");
  const scheme = await window.scheme;
  const engine = new window.jixiao.Engine(scheme);
  const makeInput = new Function(`return (${input})`)();
  const data = makeInput(window.people, lib);
  const { timeRuns } = await import("/bench/timing.mjs");
  const { first, med, out } = timeRuns(runs, () => engine.evaluate(data, options));
  if (out.results.length !== window.people.length) throw new Error(`${label}: wrong result count`);
  engine.free();
  return { first, med };
}

/** In the page: jixiao (full, totals) and each peer timed, the peers checked against jixiao. */
async function peersInPage({ runs }) {
  const { agreement, peersOf } = await import("/bench/interpreter.mjs");
  const scheme = { ...(await window.scheme) };
  delete scheme.incentives;
  const people = window.people;
  const engine = new window.jixiao.Engine(scheme);
  const { timeRuns } = await import("/bench/timing.mjs");
  const time = (fn) => timeRuns(runs, fn);
  const full = time(() => engine.evaluate({ people, period: "2025-Q3" }, {}));
  const totals = time(() => engine.evaluate({ people, period: "2025-Q3" }, { output: "totals" }));
  engine.free();
  const rows = [["jixiao full", full.med], ["jixiao output:totals", totals.med]];
  const agree = [], notes = [];
  for (const peer of peersOf(scheme)) {
    const [name, evaluate] = peer;
    const { med, out } = time(() => evaluate(people));
    rows.push([`${name} interpreter`, med]);
    const a = agreement(scheme, peer, out, full.out.results, people);
    agree.push(a.text);
    notes.push(...a.notes);
  }
  return { rows, agree, notes };
}

const pad = (n) => String(n).padStart(7);

async function main() {
  if (!existsSync(join(ROOT, "pkg", "index.browser.js"))) throw new Error("pkg/ is not built: run scripts/build.sh");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (scripts/setup.sh installs Debian's chromium)`);
  const server = createServer(serve);
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(tmpdir(), "jixiao-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    await timeInit(context, baseUrl);
    const { page } = await load(context, baseUrl);
    for (const n of SIZES) {
      await page.evaluate(makePeople, n);
      const runs = quick || n >= 100_000 ? 3 : 5;
      for (const c of CASES) {
        const { med, first } = await page.evaluate(timeInPage, { ...c, input: c.input.toString(), runs });
        console.log(`chromium evaluate ${pad(n)} rows ${c.label.padEnd(15)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row; first call ${first.toFixed(0)} ms)`);
      }
      const peers = await page.evaluate(peersInPage, { runs: quick && n >= 100_000 ? 1 : 3 });
      const medians = Object.fromEntries(peers.rows);
      for (const [label, med] of peers.rows) {
        console.log(`chromium peers ${pad(n)} rows ${label.padEnd(22)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row)`);
      }
      console.log(`chromium peers ${pad(n)} rows agree: ${peers.agree.join(", ")}`);
      peers.notes.forEach((note) => console.log(note));
      for (const label of ["jixiao full", "jixiao output:totals"]) {
        const ratio = (peer) => (medians[label] / medians[`${peer} interpreter`]).toFixed(2);
        console.log(`chromium peers ${pad(n)} rows ${label} / decimal.js = ${ratio("decimal.js")}×, ${label} / numbers = ${ratio("numbers")}×`);
      }
    }
    await page.close();
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
