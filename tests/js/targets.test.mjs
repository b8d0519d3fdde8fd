// Targets from the package: decompose, decomposeTree and replan, their errors and
// explanations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decompose, decomposeTree, replan, JixiaoError } from "../../pkg/index.node.js";
import { FIXTURES } from "./helpers.mjs";

const holidays = JSON.parse(readFileSync(new URL("cn-holidays-2025.json", FIXTURES), "utf8"));

const cents = (s) => BigInt(s.replace(".", ""));

test("[targets] decompose by month over working days sums exactly, with one explanation line per step", () => {
  const out = decompose({
    total: "1000万", calendar: { year: 2025, by: "month" }, method: "working_days",
    holidays: holidays.holidays, workdays: holidays.workdays, uplift: "15%", unit: "1000", locale: "en",
  });
  assert.equal(out.parts.length, 12);
  assert.deepEqual(out.parts.map((p) => p.workingDays), [19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23]);
  const sum = out.parts.reduce((a, p) => a + BigInt(p.value), 0n);
  assert.equal(sum, 11500000n);
  assert.ok(out.explain.lines.length >= 12);
  assert.match(out.explain.lines.join("\n"), /working days/);
});

test("[targets] replan keeps closed actuals and spreads the rest over the open parts", () => {
  const out = replan({
    total: "1200",
    parts: [
      { key: "2025-Q1", target: "300", actual: "200", closed: true },
      { key: "2025-Q2", target: "300", actual: "350", closed: true },
      { key: "2025-Q3", target: "300" },
      { key: "2025-Q4", target: "300" },
    ],
  });
  const open = out.parts.filter((p) => !p.closed);
  assert.equal(open.length, 2);
  assert.equal(open.reduce((a, p) => a + cents(p.target), 0n), cents("650.00"));
  assert.equal(out.parts[0].target, "200.00");
});

test("[targets] a target already exceeded gives zero open targets, never negative", () => {
  const out = replan({
    total: "100",
    parts: [{ key: "A", target: "50", actual: "150", closed: true }, { key: "B", target: "50" }],
  });
  assert.equal(out.status, "exceeded");
  assert.ok(out.parts.every((p) => !p.target.startsWith("-")));
});

test("[targets] bad input is a JixiaoError with a path and three messages", () => {
  for (const input of [{ total: 1, parts: [] }, { total: 100, parts: [{ key: "A" }], method: "magic" }, { total: "x", parts: [{ key: "A" }] }]) {
    assert.throws(() => decompose(input), (e) => {
      assert.ok(e instanceof JixiaoError && e instanceof Error);
      assert.equal(typeof e.path, "string");
      assert.ok(e.messages["zh-CN"] && e.messages["zh-TW"] && e.messages.en);
      return true;
    });
  }
});

// ---------------------------------------------------------------- decomposeTree

/** Checks that every node's children sum exactly to it (BigInt over the unit's places). */
function assertTreeSums(out) {
  const places = (s) => (s.split(".")[1] ?? "").length;
  const scale = Math.max(...out.nodes.map((n) => places(n.value)));
  const big = (s) => BigInt(s.replace(".", "")) * 10n ** BigInt(scale - places(s));
  const byId = new Map(out.nodes.map((n) => [n.id, n]));
  const sums = new Map();
  for (const n of out.nodes) {
    if (n.parent !== undefined) sums.set(n.parent, (sums.get(n.parent) ?? 0n) + big(n.value));
  }
  for (const [parent, sum] of sums) assert.equal(sum, big(byId.get(parent).value), `children of ${parent}`);
  assert.equal(big(out.nodes[0].value), big(out.total));
}

const company = () => ({
  total: "1200万", uplift: "10%", unit: "10000", method: "weights", locale: "en",
  root: { id: "co", name: "公司", children: [
    { id: "east", name: "华东", weight: 2, method: "equal", children: [
      { id: "e1", method: "equal", children: [{ id: "r1" }, { id: "r2" }, { id: "r3" }] },
      { id: "e2", method: "capacity", children: [
        { id: "r4", capacity: { headcount: 1, productivity: "30万" } },
        { id: "r5", capacity: "10万" } ] } ] },
    { id: "south", name: "华南", weight: 1, method: "history", children: [
      { id: "s1", history: "300万", method: "equal", children: [{ id: "r6" }, { id: "r7", max: "100万" }] },
      { id: "s2", history: "100万", locked: "150万", method: "equal", children: [{ id: "r8" }] } ] } ] },
});

test("[targets] decomposeTree: four levels, mixed methods, uplift once, every node's children sum exactly", () => {
  const out = decomposeTree(company());
  assert.equal(out.total, "13200000");
  assert.equal(out.unit, "10000");
  assert.deepEqual(out.nodes.map((n) => n.id), ["co", "east", "e1", "r1", "r2", "r3", "e2", "r4", "r5", "south", "s1", "r6", "r7", "s2", "r8"]);
  assert.deepEqual(out.nodes.map((n) => n.depth), [0, 1, 2, 3, 3, 3, 2, 3, 3, 1, 2, 3, 3, 2, 3]);
  assertTreeSums(out);
  const v = Object.fromEntries(out.nodes.map((n) => [n.id, n.value]));
  assert.equal(v.east, "8800000");
  assert.equal(v.south, "4400000");
  assert.equal(v.s2, "1500000");
  assert.equal(v.r7, "1000000");
  const node = (id) => out.nodes.find((n) => n.id === id);
  assert.equal(node("east").name, "华东");
  assert.equal(node("e2").method, "capacity");
  assert.equal(node("r1").method, undefined);
  assert.equal(node("s2").locked, true);
  assert.equal(node("r7").bound, "max");
  assert.equal(node("r1").parent, "e1");
  for (const n of out.nodes) assert.equal(BigInt(n.value) % 10000n, 0n, `${n.id} is whole 万`);
  const text = out.explain.lines.join("\n");
  assert.match(text, /once, at the root/);
  assert.match(text, /Every node's children sum exactly to it/);
});

test("[targets] decomposeTree: new hires by ramp month and by days, exactly", () => {
  const out = decomposeTree({
    total: 1000, unit: 1, ramp: ["0.25", "0.5", "0.75", "1"], asOf: "2025-01-01", periodEnd: "2025-01-31",
    root: { id: "team", children: [
      { id: "a", start: "2024-06-01" }, { id: "b", start: "2024-12-01" },
      { id: "c", start: "2025-01-17" }, { id: "d", start: "2025-02-01" } ] },
  });
  assertTreeSums(out);
  assert.deepEqual(out.nodes.slice(1).map((n) => [n.id, n.value, n.ramp, n.proration]), [
    ["a", "617", "1", undefined],
    ["b", "308", "0.5", undefined],
    ["c", "75", "0.25", "0.4839"],
    ["d", "0", "0.25", "0.0000"],
  ]);
  assert.match(out.explain.lines.join("\n"), /c：新人，入职第 1 个月，ramp 0\.25；期间内在职 15\/31 天/);
});

test("[targets] decomposeTree: a JSON string works too, and the three locales explain", () => {
  const input = { total: "100.5", unit: 1, root: { id: "co", children: [{ id: "a" }, { id: "b" }, { id: "c" }] } };
  const out = decomposeTree(JSON.stringify(input));
  assert.deepEqual(out.nodes.map((n) => n.value), ["100.5", "34.5", "33.0", "33.0"]);
  assertTreeSums(out);
  const want = { "zh-CN": "每个节点的下级合计都等于该节点", "zh-TW": "每個節點的下級合計都等於該節點", en: "Every node's children sum exactly to it" };
  for (const [locale, line] of Object.entries(want)) {
    assert.ok(decomposeTree({ ...input, locale }).explain.lines.some((l) => l.startsWith(line)), locale);
  }
});

test("[targets] decomposeTree errors are JixiaoErrors with a code, a JSON pointer and three messages", () => {
  let deep = { id: "leaf" };
  for (let i = 0; i < 40; i++) deep = { id: `n${i}`, children: [deep] };
  let deeper = { id: "leaf" };
  for (let i = 0; i < 1000; i++) deeper = { id: "n", children: [deeper] };
  const many = Array.from({ length: 100_000 }, (_, i) => ({ id: `p${i}` }));
  const table = [
    [{ total: 1, root: { id: "co", children: [{ id: "a" }, { id: "a" }] } }, "DUPLICATE_KEY", "/root/children/1/id"],
    [{ total: 1, method: "weights", root: { id: "co", children: [{ id: "a", weight: 1 }, { id: "b" }] } }, "MISSING_SETTING", "/root/children/1/weight"],
    [{ total: 1, method: "weights", root: { id: "co", children: [{ id: "a", weight: -1 }, { id: "b", weight: 1 }] } }, "INVALID_SETTING", "/root/children/0/weight"],
    [{ total: 1, method: "weights", root: { id: "co", children: [{ id: "a", weight: 0 }, { id: "b", weight: 0 }] } }, "INVALID_SETTING", "/root/children"],
    [{ total: 1, root: { id: "co", children: [{ id: "a", start: "2025-01-01" }] } }, "MISSING_SETTING", "/asOf"],
    [{ total: 1, asOf: "2025-02-01", periodEnd: "2025-01-01", root: { id: "co" } }, "INVALID_DATE", "/periodEnd"],
    [{ total: 1, asOf: "2025-01-01", root: { id: "co", children: [{ id: "a", start: "someday" }] } }, "INVALID_DATE", "/root/children/0/start"],
    [{ total: 1, root: { id: "co", method: "working_days", children: [{ id: "a" }] } }, "INVALID_SETTING", "/root/method"],
    [{ total: 1, root: { id: "co", children: [{ id: "a", method: "magic", children: [{ id: "b" }] }] } }, "INVALID_SETTING", "/root/children/0/method"],
    [{ total: 0, root: { id: "co" } }, "INVALID_SETTING", "/total"],
    [{ total: NaN, root: { id: "co" } }, "INVALID_INPUT", "/total"],
    [{ total: 10, unit: 100, root: { id: "co" } }, "INVALID_SETTING", "/unit"],
    [{ total: 100, unit: 1, root: { id: "co", children: [{ id: "a", min: 60 }, { id: "b", min: 60 }] } }, "INVALID_SETTING", "/root/children"],
    [{ total: 1, root: { id: "co", children: { id: "a" } } }, "INVALID_INPUT", "/root/children"],
    [{ total: 1, root: deeper }, "TOO_LARGE", "/root"],
    [{ total: 1, root: { id: "co", children: many } }, "TOO_LARGE", "/root"],
  ];
  for (const [input, code, path] of table) {
    assert.throws(() => decomposeTree({ ...input, locale: "en" }), (e) => {
      assert.ok(e instanceof JixiaoError && e instanceof Error, code);
      assert.equal(e.code, code, `${code} ${path}: ${e.message}`);
      assert.equal(e.path, path, `${code}: ${e.message}`);
      assert.ok(e.messages["zh-CN"] && e.messages["zh-TW"] && e.messages.en);
      assert.equal(e.message, e.messages.en);
      return true;
    });
  }
  // too deep, but within JSON's nesting: reported at the node whose children are too deep
  assert.throws(() => decomposeTree({ total: 1, root: deep }), (e) => e.code === "TOO_LARGE" && e.path.startsWith("/root/children/0/children/0"));
  // not serializable: a cycle
  const cyclic = { total: 1, root: { id: "co" } };
  cyclic.root.children = [cyclic.root];
  assert.throws(() => decomposeTree(cyclic), (e) => e instanceof JixiaoError && e.code === "INVALID_INPUT");
  // after every error the module still works
  assert.equal(decomposeTree({ total: 10, unit: 1, root: { id: "co" } }).total, "10");
});
