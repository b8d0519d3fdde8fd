// Analysis through the package (DESIGN.md, "Analysis (反馈)"): compare two engines, the
// funnel, indicator statistics, digests and replay. Expected figures are worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Engine, JixiaoError, compare, funnel, replay, version } from "../../pkg/index.node.js";

const scheme = (adjustments = []) => ({
  fields: { id: "工号", group: "团队" },
  indicators: [{ key: "q", name: "评分", weight: 100, actual: { field: "分" }, scoring: { type: "direct" } }],
  adjustments,
  grades: { type: "bands", bands: [{ grade: "A", min: 90 }, { grade: "B", min: 75 }, { grade: "C", min: 0 }] },
  incentives: { bonus: [{ key: "g", base: { value: 1000 }, coefficients: { A: 1, B: "0.5", C: 0 } }] },
});
const people = [
  { 工号: "E1", 团队: "华东", 分: 92, 加分: 5 },
  { 工号: "E2", 团队: "华东", 分: "88", 加分: 5 },
  { 工号: "E3", 团队: "华南", 分: 72, 加分: 5 },
  { 工号: "E4", 团队: "华南", 分: 60, 加分: "abc" },
];

test("compare: deltas, migration matrix and payout differences (by hand)", () => {
  const a = new Engine(scheme());
  const b = new Engine(scheme([{ key: "x", per: 1, value: { field: "加分" } }]));
  const c = compare(a, b, { people }, { locale: "en" });
  // A: 92 A | 88 B | 72 C | 60 C; B (+5): 97 A | 93 A | 77 B | E4 fails on 加分
  assert.deepEqual(c.people.map((p) => p.delta.total), ["5.00", "5.00", "5.00", null]);
  assert.deepEqual(c.people.map((p) => [p.a.grade, p.b.grade]), [["A", "A"], ["B", "A"], ["C", "B"], ["C", null]]);
  assert.equal(c.people[3].b.ok, false);
  assert.equal(c.people[3].b.errors[0].code, "INVALID_NUMBER");
  assert.deepEqual(c.summary.migration, { A: { A: 1, B: 0, C: 0 }, B: { A: 1, B: 0, C: 0 }, C: { A: 0, B: 1, C: 0 } });
  // Σ A = 1000 + 500 = 1500, Σ B = 1000 + 1000 + 500 = 2500
  assert.equal(Number(c.summary.payout.a), 1500);
  assert.equal(Number(c.summary.payout.delta), 1000);
  assert.equal(Number(c.summary.groups["华南"].delta), 500);
  // the same by columns, and with numbers
  const columns = Object.fromEntries(Object.keys(people[0]).map((k) => [k, people.map((p) => p[k])]));
  assert.deepEqual(compare(a, b, { columns }, { locale: "en" }), c);
  assert.equal(compare(a, b, { people }, { decimals: "number" }).people[0].delta.total, 5);
});

test("compare: a scheme against itself is all zeros; bad arguments are JixiaoErrors", () => {
  const a = new Engine(scheme());
  const c = compare(a, a, { people });
  assert.ok(c.people.every((p) => Number(p.delta.total) === 0 && p.delta.rank === 0 && !p.delta.gradeChanged));
  assert.equal(Number(c.summary.payout.delta), 0);
  assert.throws(() => compare(a, {}, { people }), (e) => e instanceof JixiaoError && e.code === "INVALID_INPUT");
  assert.throws(() => compare(a, a, { people }, { explain: true }), (e) => e instanceof JixiaoError && e.path === "options/explain");
  const freed = new Engine(scheme());
  freed.free();
  assert.throws(() => compare(a, freed, { people }), (e) => e.code === "NOT_INITIALIZED");
});

test("funnel: conversions, a zero stage, the bottleneck in three locales", () => {
  const input = {
    stages: ["线索", "商机", "成交"],
    groupBy: "团队",
    people: [
      { 团队: "甲", 线索: "1,000", 商机: "２００", 成交: 20 },   // 0.2, 0.1
      { 团队: "甲", 线索: 100, 商机: 40, 成交: 20 },             // 0.4, 0.5
      { 团队: "甲", 线索: 0, 商机: 0, 成交: 0 },
    ],
  };
  const f = funnel(input);
  // 甲: 1100, 240, 40 → 240/1100 = 0.21818… → 0.2182; 40/240 = 0.16666… → 0.1667
  assert.deepEqual(f.groups["甲"].steps.map((s) => s.rate), ["0.2182", "0.1667"]);
  assert.equal(f.people[0].bottleneck.to, "成交"); // 0.1667 − 0.1 beats 0.2182 − 0.2
  assert.equal(f.people[0].bottleneck.shortfall, "0.0667");
  assert.equal(f.people[1].bottleneck, null);
  assert.equal(f.people[2].rates.overall.rate, null);
  assert.match(f.people[2].rates.overall.reason, /线索/);
  assert.match(funnel({ ...input, locale: "en" }).people[0].explain, /^bottleneck at 商机 → 成交/);
  assert.match(funnel({ ...input, locale: "zh-TW" }).people[0].explain, /^瓶頸在/);
  assert.equal(funnel({ ...input, decimals: "number" }).people[1].rates.steps[1].rate, 0.5);
  assert.throws(() => funnel({ people: [] }), (e) => e instanceof JixiaoError && e.code === "MISSING_SETTING" && e.path === "/stages");
});

test("statistics: summary.indicators only when asked", () => {
  const e = new Engine(scheme());
  assert.equal(e.evaluate({ people }).summary.indicators, undefined);
  const out = e.evaluate({ people }, { statistics: true, output: "totals" });
  const s = out.summary.indicators[0];
  // scores 92, 88, 72, 60: mean 78, median (72 + 88) / 2 = 80, top 10 %: ⌈0.4⌉ = 1 → 92
  assert.deepEqual([s.scores.mean, s.scores.median, s.scores.top10, s.scores.min], ["78.00", "80.00", "92.00", "60.00"]);
  assert.deepEqual(Object.keys(s.groups), ["华东", "华南"]);
  assert.equal(s.groups["华东"].scores.mean, "90.00");
});

test("digest: SHA-256 of the canonical scheme and input; replay says whether a result matches", () => {
  const e = new Engine(scheme());
  const input = { people };
  assert.equal(e.evaluate(input).digest, undefined);
  const out = e.evaluate(input, { digest: true });
  assert.equal(out.digest.version, version);
  // the canonical form sorts keys; node:crypto hashes it independently
  const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  const sha = (v) => createHash("sha256").update(JSON.stringify(sorted(v))).digest("hex");
  assert.equal(out.digest.scheme, sha(scheme()));
  assert.equal(out.digest.input, sha(input));
  // key order and columns-as-typed-arrays do not matter to the scheme digest; the input's form does
  const reordered = new Engine(Object.fromEntries(Object.entries(scheme()).reverse()));
  assert.equal(reordered.evaluate(input, { digest: true }).digest.scheme, out.digest.scheme);
  const cols = { columns: { 分: new Float64Array([1.5, 2]) } };
  assert.equal(e.evaluate(cols, { digest: true }).digest.input, sha({ columns: { 分: [1.5, 2] } }));

  assert.deepEqual(replay(e, input, out, { digest: true }), {
    matches: true,
    digest: { version: true, scheme: true, input: true },
    people: people.map((p, index) => ({ index, id: p.工号, matches: true })),
  });
  const disputed = structuredClone(out);
  disputed.results[1].total = "99.00";
  const r = replay(e, input, disputed, { digest: true });
  assert.equal(r.matches, false);
  assert.deepEqual(r.people.map((p) => p.matches), [true, false, true, true]);
  assert.equal(replay(e, input, disputed, { digest: true, id: "E1" }).matches, true);
  const changed = replay(e, { people: people.slice(0, 3) }, out, { digest: true });
  assert.equal(changed.digest.input, false);
  assert.equal(changed.matches, false);
});

test("digest: evaluateAsync and evaluatePeriods carry it too", async () => {
  const e = new Engine(scheme());
  const sync = e.evaluate({ people }, { digest: true });
  const viaWorker = await e.evaluateAsync({ people }, { digest: true });
  assert.deepEqual(viaWorker.digest, sync.digest);
  const periods = e.evaluatePeriods({ people, periods: ["2025-Q1"] }, { digest: true });
  assert.equal(periods.digest.scheme, sync.digest.scheme);
});
