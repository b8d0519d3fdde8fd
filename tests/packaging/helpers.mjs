// Shared by the packaging tests: paths, the Node binaries, a static server, a headless
// Chromium page that reports what the consumer computed.
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { CASE } from "./app/case.js";
import { CHROMIUM_ARGS } from "../page/chromium.mjs";

export const HERE = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
export const MODULES = join(HERE, "node_modules");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export { CASE };

/** Node binaries: this one, and older ones installed from the npm registry (package.json). */
export const NODES = {
  [process.version]: process.execPath,
  "v18.20.8": join(MODULES, "node18/bin/node"),
  "v20.18.3": join(MODULES, "node20-18/bin/node"),
};

/** Fails early when install.mjs has not put the packed tarball in node_modules/jixiao. */
export function assertInstalled() {
  if (!existsSync(join(MODULES, "jixiao/package.json"))) {
    throw new Error("tests/packaging/node_modules/jixiao is missing: run `npm ci` and `node install.mjs` in tests/packaging (scripts/test.sh, step packaging)");
  }
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `jixiao-${name}-`));
  return [dir, () => rmSync(dir, { recursive: true, force: true })];
}

/** Runs a Node binary with the case in JIXIAO_CASE; resolves with stdout (rejects on a non-zero exit). */
export async function runNode(node, args, cwd) {
  const env = { ...process.env, JIXIAO_CASE: JSON.stringify(CASE) };
  delete env.NODE_OPTIONS;
  const { stdout } = await promisify(execFile)(node, args, { cwd, env, timeout: 120_000, maxBuffer: 16 << 20 });
  return stdout;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/**
 * Serves `roots` (URL prefix → directory) on 127.0.0.1 like a plain static host, except
 * that /spa/… answers the first root's index.html (a single-page app's fallback) and
 * /junk.wasm answers bytes that are not wasm. Resolves with `{ url, close }`.
 */
export async function serve(roots) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    if (path === "/junk.wasm") return void res.writeHead(200, { "content-type": "application/octet-stream" }).end("not wasm at all");
    const file = path.startsWith("/spa/") ? join(Object.values(roots)[0], "index.html") : fileFor(roots, path);
    if (file === null) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const close = () => {
    const closed = new Promise((ok) => server.close(ok));
    server.closeAllConnections(); // the browser's keep-alive connections would hold close() open
    return closed;
  };
  return { url: `http://127.0.0.1:${server.address().port}/`, close };
}

function fileFor(roots, path) {
  for (const [prefix, dir] of Object.entries(roots)) {
    if (!path.startsWith(prefix)) continue;
    let rel = path.slice(prefix.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep)) return null;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/**
 * Headless Chromium (flags as in tests/page/). `open(url)` waits until the page set
 * `globalThis.__jixiao` (app/case.js, `report`) and resolves with it and the page's
 * errors (console errors, uncaught exceptions, failed requests).
 */
export async function launchBrowser() {
  const [profile, removeProfile] = tempDir("chromium");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  async function open(url) {
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    try {
      await page.goto(url);
      await page.waitForFunction(() => globalThis.__jixiao !== undefined, null, { timeout: 60_000 });
      return { ...(await page.evaluate(() => globalThis.__jixiao)), errors };
    } finally {
      await page.close();
    }
  }
  return {
    open,
    close: async () => {
      await context.close();
      removeProfile();
    },
  };
}
