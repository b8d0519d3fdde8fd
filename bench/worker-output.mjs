// How much the main thread is blocked when a worker hands back the output of a 100 000-row
// evaluation (DESIGN.md, "Off the main thread"): the worker posts the output JSON text and
// the main thread parses it, or the worker parses it and posts the object (structured clone,
// deserialized on the main thread). Measured in headless Chromium (playwright-core +
// /usr/bin/chromium) and in Node (worker_threads): the main thread's time from the message
// event to holding the object (in Chromium the clone is read when `event.data` is first
// touched, so this includes it; Node reads it before the event), and the longest gap of a
// 4 ms heartbeat over the whole run.
// Usage: node bench/worker-output.mjs [--quick] [--chromium] [--lean] (--chromium: no Node
// run; --lean: only the "scores" and "totals" outputs)
import { createServer } from "node:http";
import { readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const quick = process.argv.includes("--quick");
const ROWS = 100_000;
const RUNS = quick ? 1 : 3;
const CASES = [["full", {}], ["output:scores", { output: "scores" }], ["output:totals", { output: "totals" }]].slice(process.argv.includes("--lean") ? 1 : 0);

// The worker of the measurement: generates and evaluates the rows itself (the input side
// is not measured here), then posts the output as text or as the parsed object.
const WORKER = `
import * as glue from "../pkg/jixiao.js";
import { encodeInput, evaluateEncoded } from "../pkg/api.js";
import { makeRng, person } from "./rows.mjs";
const scheme = ${JSON.stringify(readFileSync(join(ROOT, "www-demo/sample-scheme.json"), "utf8"))};
export async function start(wasm) {
  if (wasm) glue.initSync({ module: wasm }); else await glue.default();
  const core = new glue.EngineCore(scheme);
  const rng = makeRng(42);
  const encoded = encodeInput({ people: Array.from({ length: ${ROWS} }, (_, i) => person(i, rng)), period: "2025-Q3" });
  return ({ options, parse }) => {
    const t = performance.now();
    const text = evaluateEncoded(core, encoded, JSON.stringify(options));
    const evaluated = performance.now() - t;
    const out = parse ? JSON.parse(text) : text;
    return { out, evaluated, parsed: performance.now() - t - evaluated, bytes: text.length };
  };
}
`;
const BROWSER_WORKER = `import { start } from "./measure.mjs";
const run = await start();
self.onmessage = (e) => { const r = run(e.data); self.postMessage(r); };
self.postMessage("ready");`;
const NODE_WORKER = `import { parentPort, workerData } from "node:worker_threads";
import { start } from "./measure.mjs";
const run = await start(workerData);
parentPort.on("message", (m) => parentPort.postMessage(run(m)));
parentPort.postMessage("ready");`;

/** Main-thread side, the same code in the page and in Node: returns the figures of one run. */
const MAIN = `async function measure(worker, on, options, parse) {
  let last = performance.now(), gap = 0;
  const beat = setInterval(() => { const now = performance.now(); gap = Math.max(gap, now - last); last = now; }, 4);
  const reply = await new Promise((resolve) => {
    on((read) => {
      const t = performance.now();
      const data = read();
      const out = parse ? data.out : JSON.parse(data.out);
      const held = performance.now() - t;
      if (out.results.length !== ${ROWS}) throw new Error("wrong result count");
      resolve({ ...data, out: undefined, held });
    });
    worker.postMessage({ options, parse });
  });
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(beat);
  return { ...reply, gap };
}`;

function line(where, label, parse, r) {
  const route = parse ? "object (parse in worker)" : "text (parse on main)";
  console.log(`${where} ${String(ROWS)} rows ${label.padEnd(14)} ${route.padEnd(25)} main thread ${r.held.toFixed(0).padStart(5)} ms, longest gap ${r.gap.toFixed(0).padStart(5)} ms (worker: evaluate ${r.evaluated.toFixed(0)} ms, parse ${r.parsed.toFixed(0)} ms, ${(r.bytes / 1e6).toFixed(1)} MB of JSON)`);
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summarize(runs) {
  return { ...runs[0], held: median(runs.map((r) => r.held)), gap: median(runs.map((r) => r.gap)) };
}

async function inChromium(files) {
  const server = createServer((req, res) => {
    const path = req.url.split("?")[0];
    const body = files[path] ?? (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path)) : null);
    if (body === null) return res.writeHead(404).end();
    const type = { ".wasm": "application/wasm", ".html": "text/html" }[extname(path)] ?? "text/javascript";
    res.writeHead(200, { "content-type": type }).end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const profile = mkdtempSync(join(tmpdir(), "jixiao-bench-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/measure.html`);
    await page.evaluate(`(async () => {
      ${MAIN}
      window.measure = measure;
      window.worker = new Worker("./browser-worker.mjs", { type: "module" });
      await new Promise((r) => (worker.onmessage = (e) => e.data === "ready" && r()));
    })()`);
    for (const [label, options] of CASES) {
      for (const parse of [false, true]) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) {
          runs.push(await page.evaluate(([options, parse]) => measure(worker, (f) => (worker.onmessage = (e) => f(() => e.data)), options, parse), [options, parse]));
        }
        line("chromium", label, parse, summarize(runs));
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function inNode() {
  const dir = join(ROOT, "bench");
  const measure = new Function(`${MAIN}; return measure;`)();
  const wasm = new WebAssembly.Module(readFileSync(join(ROOT, "pkg/jixiao_bg.wasm")));
  const url = new URL(`data:text/javascript,${encodeURIComponent(NODE_WORKER.replace("./measure.mjs", new URL("measure.tmp.mjs", `file://${dir}/`).href))}`);
  const worker = new Worker(url, { workerData: wasm });
  await new Promise((r) => worker.once("message", r));
  for (const [label, options] of CASES) {
    for (const parse of [false, true]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await measure(worker, (f) => worker.once("message", (data) => f(() => data)), options, parse));
      }
      line("node    ", label, parse, summarize(runs));
    }
  }
  await worker.terminate();
}

const measureFile = join(ROOT, "bench", "measure.tmp.mjs");
const { writeFileSync } = await import("node:fs");
writeFileSync(measureFile, WORKER);
try {
  await inChromium({
    "/bench/measure.html": "<!doctype html><title>bench</title>",
    "/bench/measure.mjs": WORKER,
    "/bench/browser-worker.mjs": BROWSER_WORKER,
  });
  if (!process.argv.includes("--chromium")) await inNode();
} finally {
  rmSync(measureFile, { force: true });
}
