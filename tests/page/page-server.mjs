// The workbench page for the page tests: built with Vite (www-demo/vite.config.js) unless
// PAGE_DIST names a build already made (scripts/test.sh's page step builds once into
// www-demo/dist and sets it), served on 127.0.0.1 (a random free port, Node's own http
// server) with /pkg/ mapped to the built package too, and opened in headless Chromium
// (playwright-core + Debian's chromium) with every console error, uncaught exception,
// failed request and HTTP error recorded.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./chromium.mjs";

export const ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
export const PKG_DIR = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(ROOT, "pkg");
export const DEMO_SRC = join(ROOT, "www-demo");
export const SHOTS = join(ROOT, "target", "page-shots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The built page: PAGE_DIST, or a fresh `vite build` into a temporary folder. */
function builtPage() {
  if (process.env.PAGE_DIST) {
    const dir = resolve(process.env.PAGE_DIST);
    assert.ok(existsSync(join(dir, "index.html")), `PAGE_DIST=${dir} has no index.html`);
    return { dir, temporary: false };
  }
  const dir = mkdtempSync(join(tmpdir(), "jixiao-page-"));
  const vite = join(ROOT, "node_modules", ".bin", "vite");
  const r = spawnSync(vite, ["build", DEMO_SRC, "--outDir", dir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, PKG_DIR },
  });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
  return { dir, temporary: true };
}

/**
 * Starts the server and the browser; `close()` stops both. `contextOptions` are
 * playwright's (viewport, locale, …).
 */
export async function startPage(contextOptions = {}) {
  assert.ok(existsSync(join(PKG_DIR, "index.browser.js")), "pkg/ is not built: run scripts/build.sh");
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (scripts/setup.sh installs Debian's chromium)`);
  const built = builtPage();
  const fileFor = (urlPath) => {
    let p = decodeURIComponent(urlPath.split("?")[0]);
    if (p.endsWith("/")) p += "index.html";
    const [base, rel] = p.startsWith("/pkg/") ? [PKG_DIR, p.slice(5)] : [built.dir, p.slice(1)];
    const file = normalize(join(base, rel));
    if (file !== base && !file.startsWith(base + sep)) return null;
    return existsSync(file) && statSync(file).isFile() ? file : null;
  };
  const server = createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(req.url ?? "/") : null;
    if (file === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const profileDir = mkdtempSync(join(tmpdir(), "jixiao-chromium-"));
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    acceptDownloads: true,
    ...contextOptions,
  });

  /** Opens the page at `path` and waits for its first render; records its problems. */
  async function open(path = "", { waitReady = true } = {}) {
    const page = await browser.newPage();
    const problems = [];
    page.on("console", (msg) => msg.type() === "error" && problems.push(`console.error: ${msg.text()}`));
    page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
    page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
    page.on("response", (res) => res.status() >= 400 && problems.push(`HTTP ${res.status()}: ${res.url()}`));
    await page.goto(baseUrl + path);
    if (waitReady) {
      try {
        await page.waitForFunction(() => document.body?.dataset.ready === "true" && document.querySelector('[data-testid="status"]')?.dataset.state !== "busy", null, { timeout: 30_000 });
      } catch (err) {
        const body = await page.evaluate(() => document.body?.innerText ?? "").catch(() => "");
        await page.close();
        throw new Error(`the page never became ready: ${err.message}\nproblems: ${JSON.stringify(problems)}\npage text: ${body.slice(0, 500)}`);
      }
    }
    return { page, problems };
  }

  async function close() {
    await browser.close();
    await new Promise((ok) => server.close(ok));
    rmSync(profileDir, { recursive: true, force: true });
    if (built.temporary) rmSync(built.dir, { recursive: true, force: true });
  }
  return { baseUrl, browser, open, close, dist: built.dir };
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Waits until the status says the last run finished (ready). */
export const waitReady = (page, timeout = 30_000) =>
  page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.state === "ready", null, { timeout });
