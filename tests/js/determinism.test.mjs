// Determinism (DESIGN.md "Determinism"): the output bytes of every template, fixture and
// README example (tests/js/determinism-corpus.mjs) hash the same in this process and in
// child processes under other time zones (TZ) and locales (LANG / LC_ALL). No hash is
// stored: the environments are compared with each other in one run. The children's own
// probes (a Date's text, a locale-formatted number) prove the environments really differ,
// and a deliberately spoiled output is shown to be caught by the same comparison.
// tests/page/determinism.test.mjs compares headless Chromium with this process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import "./helpers.mjs"; // fails early when pkg/ is not built
import { corpusHere, diffHint, firstDifference, hashes } from "./determinism-node.mjs";

const SCRIPT = fileURLToPath(new URL("determinism-node.mjs", import.meta.url));

/** The environments: each time zone and each locale at least once; pairs that differ in one only. */
const ENVS = [
  { TZ: "UTC", LANG: "C" },
  { TZ: "UTC", LANG: "zh_CN.UTF-8" },
  { TZ: "Asia/Shanghai", LANG: "C" },
  { TZ: "Asia/Shanghai", LANG: "zh_CN.UTF-8" },
  { TZ: "America/Los_Angeles", LANG: "en_US.UTF-8" },
  { TZ: "Pacific/Chatham", LANG: "de_DE.UTF-8" }, // decimal comma: 1.234,5
];
const label = ({ TZ, LANG }) => `TZ=${TZ} LANG=${LANG}`;

/** Runs the corpus script in a child with `env` (TZ, LANG and LC_ALL set); resolves its stdout. */
function child(env, extra = {}) {
  const vars = { ...process.env, TZ: env.TZ, LANG: env.LANG, LC_ALL: env.LANG, ...extra };
  delete vars.NODE_TEST_CONTEXT; // a plain script, not a test file
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCRIPT], { env: vars, encoding: "utf8", maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${label(env)}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** Runs `jobs` (functions returning promises) at most `limit` at a time (the machine has 2 cores). */
async function pooled(jobs, limit = 2) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const started = performance.now();
const reference = await corpusHere();
const referenceHashes = hashes(reference);
const runs = (await pooled(ENVS.map((env) => () => child(env)))).map((out, i) => ({ env: ENVS[i], ...JSON.parse(out) }));
const seconds = ((performance.now() - started) / 1000).toFixed(1);

test("the corpus covers every template, fixture and README example", (t) => {
  const names = reference.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, "case names are unique");
  const count = (prefix) => names.filter((n) => n.startsWith(prefix)).length;
  assert.ok(count("template ") >= 8 * 3 * 4, `template cases: ${count("template ")}`);
  for (const prefix of ["fixture scoring-basic.json", "fixture demo-team.json", "fixture commission-tiers.json", "fixture pool-allocation.json",
    "fixture decompose-history.json", "fixture decompose-working-days.json", "fixture tables/raw-vs-totals.json", "hosts read", "hosts evaluate", "readme block"]) {
    assert.ok(count(prefix) > 0, `no case ${prefix}`);
  }
  // a README block that fails here would hash its error everywhere: it must run cleanly
  for (const c of reference.filter((c) => c.name.startsWith("readme block"))) {
    const { error, log } = JSON.parse(c.text);
    assert.equal(error, null, `${c.name}: ${JSON.stringify(error)}`);
    assert.ok(log.length > 0, `${c.name} recorded no call`);
  }
  t.diagnostic(`${reference.length} cases, ${reference.reduce((n, c) => n + c.text.length, 0)} characters; ${ENVS.length} children; ${seconds} s`);
});

test("the environments really differ (time zone and locale probes)", () => {
  const probe = (TZ, LANG) => runs.find((r) => r.env.TZ === TZ && r.env.LANG === LANG).probes;
  assert.notEqual(probe("UTC", "C").date, probe("Asia/Shanghai", "C").date, "new Date(0).toString() by TZ");
  assert.notEqual(probe("UTC", "C").localeDate, probe("UTC", "zh_CN.UTF-8").localeDate, "toLocaleString() by LANG");
  assert.notEqual(probe("UTC", "C").localeNumber, probe("Pacific/Chatham", "de_DE.UTF-8").localeNumber, "(1234.5).toLocaleString() by LANG");
  for (const r of runs) assert.equal(r.probes.timeZone, r.env.TZ, `the child ran in ${r.env.TZ}`);
});

test("a spoiled output (a Date's text, a locale-formatted number) would be caught", () => {
  const seen = new Set(runs.map((r) => r.perturbed));
  assert.ok(seen.size >= 4, `only ${seen.size} distinct spoiled hashes over ${runs.length} environments`);
  // and the comparison the real check uses reports it, by name
  const [a, b] = [runs[0], runs.find((r) => r.perturbed !== runs[0].perturbed)];
  const spoiled = (r) => [[reference[0].name, r.perturbed], ...r.hashes.slice(1)];
  assert.equal(firstDifference(spoiled(a), spoiled(b))?.name, reference[0].name, `${label(a.env)} vs ${label(b.env)}`);
});

for (const [i, env] of ENVS.entries()) {
  test(`the same bytes under ${label(env)} as in this process`, async () => {
    const run = runs[i];
    const diff = firstDifference(referenceHashes, run.hashes);
    if (diff === null) return;
    const here = reference.find((c) => c.name === diff.name)?.text ?? "";
    const there = await child(env, { DETERMINISM_DUMP: diff.name }).catch((e) => e.message);
    assert.fail(`${label(env)}: case ${JSON.stringify(diff.name)} differs: ${diff.why}\n${diffHint(here, there)}`);
  });
}
