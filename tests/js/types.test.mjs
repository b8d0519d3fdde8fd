// The declarations against the runtime (DESIGN.md, "The JS boundary").
//
// 1. Real outputs of the built package (templates' samples in every output mode and both
//    `decimals`, periods with a composite, targets, incentives, host adapters, the catalog,
//    validation) are walked together with their declared types, read with the TypeScript
//    compiler API from pkg/index.d.ts: a `null` must be allowed by the declared type, an
//    absent key must be optional, a present key must be declared, and a string, number or
//    boolean must fit the declared type (a literal union: one of its literals).
// 2. The README's ```js and ```ts blocks, pasted into .ts files, type-check under `strict`
//    with `skipLibCheck: false`.
// 3. tests/ts/node-no-dom: the declarations compile in a Node project without the DOM lib.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { PKG, FIXTURES } from "./helpers.mjs";
import {
  Engine,
  allocateDetail,
  commission,
  commissionDetail,
  compare,
  decompose,
  decomposeTree,
  defineScheme,
  fromFeishu,
  fromHuoban,
  fromJiandaoyun,
  funnel,
  indicators,
  replan,
  templates,
  toFeishu,
  toHuoban,
  toJiandaoyun,
  validateScheme,
} from "../../pkg/index.node.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = fileURLToPath(PKG);
const tsc = `${root}node_modules/.bin/tsc`;
const fixture = (name) => JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"));

// ---------------------------------------------------------------- declared types

/** The checker and the named types of a probe file that imports the package's declarations. */
function declaredTypes(names) {
  const dir = `${root}target/types-probe`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const probe = `${dir}/probe.ts`;
  const lines = Object.entries(names).map(([alias, type]) => `export type ${alias} = ${type};`);
  writeFileSync(probe, `import type * as J from ${JSON.stringify(`${pkgDir}index.js`)};\n${lines.join("\n")}\n`);
  const program = ts.createProgram([probe], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  assert.deepEqual(diagnostics, [], "the probe of the declarations compiles");
  const checker = program.getTypeChecker();
  const types = {};
  ts.forEachChild(program.getSourceFile(probe), (node) => {
    if (ts.isTypeAliasDeclaration(node)) types[node.name.text] = checker.getTypeAtLocation(node.name);
  });
  return { checker, types };
}

/**
 * Walks `value` with its declared `type`; calls `problem(path, text)` where they disagree
 * and `seen(path, "null" | "absent")` for every null value and absent optional key.
 */
function walker(checker, problem, seen) {
  const members = (t) => (t.isUnion() ? t.types : [t]);
  const has = (t, flags) => members(t).some((m) => (m.flags & flags) !== 0);
  const stringish = (t) => (t.flags & ts.TypeFlags.StringLike) !== 0 || (t.isIntersection() && t.types.some(stringish));
  const objectMembers = (t) => members(t).filter((m) => (m.flags & ts.TypeFlags.Object) !== 0 || m.isIntersection());

  /** The object member of a union that fits the value best: every required key present, literal keys equal. */
  function pick(t, value) {
    const candidates = objectMembers(t).filter((m) => !checker.isArrayType(m));
    const fits = (m) =>
      checker.getPropertiesOfType(m).every((p) => {
        const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
        if (!(p.name in value)) return optional;
        const pt = checker.getTypeOfSymbol(p);
        const literals = members(pt).filter((x) => x.isStringLiteral());
        return literals.length === 0 || literals.length !== members(pt).length || literals.some((l) => l.value === value[p.name]);
      });
    return candidates.find(fits) ?? candidates[0];
  }

  function walk(value, type, path) {
    if (value === null) {
      if (!has(type, ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) problem(path, `null, declared ${checker.typeToString(type)}`);
      else seen(path, "null");
      return;
    }
    if (has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    const t = checker.getNonNullableType(type);
    if (Array.isArray(value)) {
      const array = members(t).find((m) => checker.isArrayType(m) || checker.isTupleType(m));
      if (array === undefined) return problem(path, `an array, declared ${checker.typeToString(t)}`);
      const args = checker.getTypeArguments(array);
      value.slice(0, 50).forEach((v, i) => walk(v, checker.isTupleType(array) ? args[i] : args[0], `${path}/${i}`));
      return;
    }
    switch (typeof value) {
      case "string": {
        const literals = members(t).filter((m) => m.isStringLiteral());
        if (members(t).some((m) => stringish(m) && !m.isStringLiteral())) return;
        if (literals.some((l) => l.value === value)) return;
        return problem(path, `the string ${JSON.stringify(value)}, declared ${checker.typeToString(t)}`);
      }
      case "number":
        if (!has(t, ts.TypeFlags.NumberLike)) problem(path, `a number, declared ${checker.typeToString(t)}`);
        return;
      case "boolean":
        if (!has(t, ts.TypeFlags.BooleanLike)) problem(path, `a boolean, declared ${checker.typeToString(t)}`);
        return;
      case "object":
        break;
      default:
        return problem(path, `a ${typeof value}`);
    }
    const object = pick(t, value);
    if (object === undefined) return problem(path, `an object, declared ${checker.typeToString(t)}`);
    const index = checker.getIndexTypeOfType(object, ts.IndexKind.String);
    const declared = new Map(checker.getPropertiesOfType(object).map((p) => [p.name, p]));
    for (const [name, p] of declared) {
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      if (!(name in value)) {
        if (optional) seen(`${path}/${name}`, "absent");
        else problem(`${path}/${name}`, `absent, declared required (${checker.typeToString(checker.getTypeOfSymbol(p))})`);
      }
    }
    for (const [key, v] of Object.entries(value)) {
      const p = declared.get(key);
      if (p !== undefined) walk(v, checker.getTypeOfSymbol(p), `${path}/${key}`);
      else if (index !== undefined) walk(v, index, `${path}/${key}`);
      else problem(`${path}/${key}`, `present, not declared in ${checker.typeToString(object)}`);
    }
  }
  return walk;
}

// ---------------------------------------------------------------- real outputs

/** Every output the test walks: [declared type (in the probe's terms), value, name]. */
function realOutputs() {
  const out = [];
  const add = (type, value, name) => out.push({ type, value, name });
  for (const t of templates({ locale: "en" })) {
    add("J.Template", t, `template ${t.key}`);
    add("J.ValidationReport", validateScheme(t.scheme), `validateScheme ${t.key}`);
    const engine = new Engine(t.scheme);
    const broken = { ...t.sample, people: [...t.sample.people, { bad: "x" }, ...t.sample.people.slice(0, 1).map((r) => ({ ...r, ...Object.fromEntries(Object.keys(r).map((k) => [k, "待补充"])) }))] };
    const rows = { _id: "id", total: "total", grade: "grade", rank: "rank" };
    add("J.EvaluateOutput", engine.evaluate(broken, { explain: true, rows }), `evaluate ${t.key}`);
    add("J.EvaluateOutput", engine.evaluate(broken), `evaluate ${t.key} (no explain)`);
    add("WithNumbers<J.EvaluateOutput>", engine.evaluate(broken, { explain: true, decimals: "number" }), `evaluate ${t.key} numbers`);
    for (const output of ["scores", "totals"]) {
      add("J.CompactOutput", engine.evaluate(broken, { output, explain: true }), `evaluate ${t.key} ${output}`);
      add("WithNumbers<J.CompactOutput>", engine.evaluate(broken, { output, decimals: "number" }), `evaluate ${t.key} ${output} numbers`);
    }
    const periods = { people: broken.people, periods: ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"], compose: { from: "periods" } };
    add("J.PeriodsOutput", engine.evaluatePeriods(periods, { explain: true }), `evaluatePeriods ${t.key}`);
    add("WithNumbers<J.PeriodsOutput>", engine.evaluatePeriods(periods, { decimals: "number" }), `evaluatePeriods ${t.key} numbers`);
    // analysis (DESIGN.md "Analysis (反馈)"): statistics and digest, a scheme against itself
    const stats = engine.evaluate(broken, { statistics: true, digest: true });
    add("J.Digest", stats.digest, `evaluate ${t.key} digest`);
    delete stats.digest;
    add("J.EvaluateOutput", stats, `evaluate ${t.key} statistics`);
    add("WithNumbers<J.CompactOutput>", engine.evaluate(broken, { statistics: true, output: "totals", decimals: "number" }), `evaluate ${t.key} statistics numbers`);
    add("J.Comparison", compare(engine, engine, broken), `compare ${t.key}`);
    add("WithNumbers<J.Comparison>", compare(engine, engine, broken, { decimals: "number" }), `compare ${t.key} numbers`);
    engine.free();
  }
  for (const entry of indicators({ locale: "zh-CN" })) add("J.LibraryIndicator", entry, `indicator ${entry.key}`);
  const tables = fixture("tables/raw-vs-totals.json");
  const tablesEngine = new Engine(tables.scheme);
  add("J.EvaluateOutput", tablesEngine.evaluate({ people: tables.people, tables: tables.tables, period: tables.period }, { explain: true }), "evaluate with tables");

  add("J.Decomposition", decompose(fixture("decompose-history.json").input), "decompose history");
  add("J.Decomposition", decompose(fixture("decompose-working-days.json").input), "decompose working days");
  add("J.Decomposition", decompose({ total: 100, unit: 1, parts: [{ key: "a" }, { key: "b", weight: 2 }, { key: "c" }], locked: { a: 50 }, max: ["60", null, "20"] }), "decompose parts");
  add("J.TreeDecomposition", decomposeTree({
    total: 1000, unit: 1, uplift: "10%", ramp: ["0.5", "1"], asOf: "2025-01-01", periodEnd: "2025-01-31",
    root: { id: "co", children: [{ id: "a", name: "A", weight: 2, children: [{ id: "a1" }, { id: "a2", start: "2025-01-17" }] }, { id: "b", locked: 100 }] },
  }), "decomposeTree");
  add("J.Replan", replan({ total: "1200", parts: [{ key: "Q1", target: "300", actual: "200", closed: true }, { key: "Q2", target: "300" }] }), "replan");
  for (const c of fixture("commission-tiers.json").cases) {
    add("J.CommissionOutput", commissionDetail(c.plan, c.base, c.target ?? null), "commissionDetail");
    add("J.Dec", commission(c.plan, c.base, c.target ?? null), "commission");
  }
  const funnelInput = {
    stages: ["线索", "商机", "成交"], id: "工号", groupBy: "团队",
    people: [{ 工号: "E1", 团队: "甲", 线索: 10, 商机: 12, 成交: 1 }, { 团队: "甲", 线索: 0, 商机: 0, 成交: 0 }, { 线索: "x" }, { 团队: "乙", 线索: 5, 商机: 2, 成交: 1 }],
  };
  add("J.FunnelOutput", funnel(funnelInput), "funnel");
  add("WithNumbers<J.FunnelOutput>", funnel({ ...funnelInput, decimals: "number" }), "funnel numbers");
  add("J.AllocateOutput", allocateDetail("100.00", [1, 1, 1], { caps: ["10", null, null] }), "allocateDetail");

  const huoban = fixture("hosts/huoban.json");
  const feishu = fixture("hosts/feishu.json");
  const jiandaoyun = fixture("hosts/jiandaoyun.json");
  const hb = fromHuoban(huoban.items, huoban.fields);
  add("J.HostRows", hb, "fromHuoban");
  add("J.HostRows", fromFeishu(feishu.records), "fromFeishu (guessed dates)");
  add("J.HostRows", fromJiandaoyun(jiandaoyun.data, jiandaoyun.widgets), "fromJiandaoyun");
  const written = [{ _id: "1", 分数: "87.35", 等级: "A" }, { 分数: "x" }];
  add("J.HuobanWrite", toHuoban(written, [{ field_id: 1, name: "分数", type: "number" }, { field_id: 2, name: "等级", type: "text" }]), "toHuoban");
  add("J.FeishuWrite", toFeishu(written, { fields: [{ field_name: "分数", type: 2 }, { field_name: "等级", type: 1 }] }), "toFeishu");
  add("J.JiandaoyunWrite", toJiandaoyun(written, [{ name: "_widget_1", label: "分数", type: "number" }, { name: "_widget_2", label: "等级", type: "text" }]), "toJiandaoyun");
  return out;
}

test("every null and absent key of real outputs is allowed by the declarations", () => {
  const outputs = realOutputs();
  const names = {};
  const aliasOf = new Map();
  for (const { type } of outputs) {
    if (!aliasOf.has(type)) aliasOf.set(type, `T${aliasOf.size}`);
    names[aliasOf.get(type)] = type.startsWith("WithNumbers<") ? `J.${type}` : type;
  }
  const { checker, types } = declaredTypes(names);
  const problems = new Set();
  const seen = new Map();
  const walk = walker(
    checker,
    (path, text) => problems.add(`${path}: ${text}`),
    (path, what) => {
      const key = `${path.replace(/\/\d+(?=\/|$)/g, "/N").replace(/^[^/]*/, "")} ${what}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    },
  );
  for (const { type, value, name } of outputs) walk(value, types[aliasOf.get(type)], `${name} (${type})`);
  // all of them, for reading: target/types-problems.txt
  writeFileSync(`${root}target/types-problems.txt`, [...problems].join("\n"));
  assert.deepEqual([...problems].slice(0, 40), []);
  // the walk saw the cases that matter (nulls and absent keys do occur); the whole record of
  // which keys were null or absent, with counts: target/types-nulls.txt
  const observed = [...seen.keys()].sort();
  writeFileSync(`${root}target/types-nulls.txt`, observed.map((k) => `${k} ×${seen.get(k)}`).join("\n"));
  assert.ok(observed.includes("/results/N/grade null"), "a failed row's grade is null");
  assert.ok(observed.includes("/results/N/total null"), "a failed row's total is null");
  assert.ok(observed.some((k) => k.endsWith(" absent")), "some optional key is absent");
  assert.ok(outputs.length > 50, `${outputs.length} outputs walked`);
});

test("the walk catches declarations looser or stricter than the value", () => {
  const { checker, types } = declaredTypes({ R: "J.PersonResult", C: "J.CompactResult" });
  const problems = [];
  const walk = walker(checker, (path, text) => problems.push(`${path}: ${text}`), () => {});
  walk({ id: null }, types.R, "r");
  assert.ok(problems.some((p) => p.startsWith("r/ok: absent")), "a required key left out is reported");
  problems.length = 0;
  walk({ row: 0, ok: true, errors: [], vetoed: null, extra: 1 }, types.C, "c");
  assert.ok(problems.some((p) => p.startsWith("c/vetoed: null")), "a null where the type has none is reported");
  assert.ok(problems.some((p) => p.startsWith("c/extra: present")), "an undeclared key is reported");
});

test("defineScheme returns its argument itself", () => {
  const scheme = { indicators: [] };
  assert.equal(defineScheme(scheme), scheme);
  assert.equal(defineScheme("{}"), "{}");
});

// ---------------------------------------------------------------- tsc

function typecheck(project) {
  try {
    execFileSync(tsc, ["--noEmit", "-p", project], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`;
  }
}

test("the declarations compile in a Node project without the DOM lib (skipLibCheck: false)", () => {
  assert.equal(typecheck("tests/ts/node-no-dom"), "");
});

/**
 * What the README's fragments take from their surroundings (an `engine`, `rows`, host API
 * responses …), declared for the README check only; and `node:assert/strict` (no
 * @types/node here), as an ambient module.
 */
const README_GLOBALS = `import type { Engine as EngineClass, Row, SchemeWithLibrary } from "jixiao";
declare global {
  const Engine: typeof import("jixiao").Engine;
  const engine: EngineClass;
  const scheme: SchemeWithLibrary;
  const rows: Row[];
  const people: Row[];
  const orders: Row[];
  const ids: string[];
  const sales: number[];
  const targets: number[];
  const cancelButton: { onclick: null | (() => void) };
  const bar: { value: number };
  const listRecordsResponse: object;
  const listFieldsResponse: object;
  const itemsResponse: object;
  const tableFields: object;
  const dataResponse: object;
  const widgetsResponse: object;
}
export {};
`;
const NODE_ASSERT = `declare module "node:assert/strict" {
  interface Assert {
    (value: unknown, message?: string): asserts value;
    ok(value: unknown, message?: string): asserts value;
    equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    notEqual(actual: unknown, expected: unknown, message?: string): void;
    deepEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
    match(value: string, pattern: RegExp, message?: string): void;
    throws(fn: () => unknown, expected?: unknown, message?: string): void;
    fail(message?: string): never;
  }
  const assert: Assert;
  export default assert;
}
`;

test("the README's js and ts blocks type-check (strict, skipLibCheck: false)", () => {
  const dir = `${root}target/readme-types`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = ["globals.d.ts", "node-assert.d.ts"];
  writeFileSync(`${dir}/globals.d.ts`, README_GLOBALS);
  writeFileSync(`${dir}/node-assert.d.ts`, NODE_ASSERT);
  for (const [doc, prefix] of [["README.md", "readme"], ["pkg-template/README.md", "pkg-readme"]]) {
    const text = readFileSync(`${root}${doc}`, "utf8");
    [...text.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].forEach((m, i) => {
      const file = `${prefix}-${i + 1}.ts`;
      // a fragment without imports is a script: make it a module of its own
      const code = /^(import|export) /m.test(m[2]) ? m[2] : `import {} from "jixiao";\n${m[2]}\nexport {};\n`;
      writeFileSync(`${dir}/${file}`, code);
      files.push(file);
    });
  }
  assert.ok(files.length > 10, `${files.length} blocks`);
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "bundler",
      lib: ["ES2022", "DOM", "ESNext.Disposable"], types: [], skipLibCheck: false,
      paths: { jixiao: [`${pkgDir}index.d.ts`] },
    },
    files,
  }, null, 2));
  assert.equal(typecheck(dir), "");
});
