// The determinism corpus (DESIGN.md "Determinism"): every template, every fixture and every
// README example run through the package, each case as the exact JSON text the package
// produced. Pure ESM with no Node or DOM import: tests/js/determinism.test.mjs runs it in
// Node (in-process and in child processes under other time zones and locales) and
// tests/page/determinism.test.mjs in headless Chromium (a page and a module Worker); the
// texts' SHA-256 must be equal everywhere.
//
//   const cases = await buildCorpus(api, data);   // api: the package's exports
//                                                 // data: { files: { "README.md": text, "fixtures/…": text } }
//   cases: [{ name, text }]

/** The locales of the package's texts. */
export const LOCALES = ["zh-CN", "zh-TW", "en"];
/** The output modes of `evaluate`. */
export const OUTPUTS = ["full", "scores", "totals"];

/** The README's JavaScript examples, as tests/js/readme.test.mjs extracts them. */
export function readmeBlocks(readme) {
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Which files the corpus reads: README.md and the JSON under tests/fixtures/ (by `fixtures/…` name). */
export function wantsFile(name) {
  return name === "README.md" || (name.startsWith("fixtures/") && name.endsWith(".json"));
}

/** JSON text of any value the package returns (BigInt as its digits, `undefined` as null). */
export function json(value) {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v === undefined ? null : v));
}

/** What a thrown error says: its name, message and own fields (`code`, `path`, `messages`, `issues` …). */
export function errorData(e) {
  return e !== null && typeof e === "object" ? { name: e.name, message: e.message, ...e } : { thrown: String(e) };
}

/**
 * Runs every case and returns `[{ name, text }]` in a fixed order. A case that throws is
 * recorded as `{"throws": …}`: an error is output too, and must be the same everywhere.
 */
export async function buildCorpus(api, data) {
  const files = data.files;
  const cases = [];
  const run = (name, fn) => {
    let text;
    try {
      text = json(fn());
    } catch (e) {
      text = json({ throws: errorData(e) });
    }
    cases.push({ name, text });
  };
  const parsed = (name) => JSON.parse(files[name]);
  templateCases(api, run);
  analysisCases(api, run);
  for (const name of Object.keys(files).filter((n) => /^fixtures\/[^/]+\.json$/.test(n)).sort()) {
    fixtureCases(api, run, name.slice("fixtures/".length), parsed(name));
  }
  if (files["fixtures/tables/raw-vs-totals.json"] !== undefined) tableCases(api, run, parsed("fixtures/tables/raw-vs-totals.json"));
  if (files["fixtures/hosts/expected.json"] !== undefined) {
    hostCases(api, run, Object.fromEntries(["huoban", "feishu", "jiandaoyun", "expected"].map((h) => [h, parsed(`fixtures/hosts/${h}.json`)])));
  }
  for (const [i, code] of readmeBlocks(files["README.md"] ?? "").entries()) {
    cases.push({ name: `readme block ${i + 1}`, text: json(await runReadmeBlock(api, code)) });
  }
  return cases;
}

/** Runs `fn(engine)` on a fresh engine of `scheme`, then frees it. */
function withEngine(api, scheme, options, fn) {
  const engine = new api.Engine(scheme, options);
  try {
    return fn(engine);
  } finally {
    engine.free();
  }
}

/** Evaluates `input` in every locale and output mode (`explain: true` in full). */
function evaluateCases(api, run, name, scheme, input, extra = {}) {
  for (const locale of LOCALES) {
    for (const output of OUTPUTS) {
      const options = { ...extra, locale, output, explain: output === "full" };
      run(`${name} ${locale} ${output}`, () => withEngine(api, scheme, { locale }, (e) => e.evaluate(input, options)));
    }
  }
}

/** The lists (templates, indicators) and every template's sample. */
function templateCases(api, run) {
  for (const locale of LOCALES) {
    run(`indicators ${locale}`, () => api.indicators({ locale }));
    run(`templates ${locale}`, () => api.templates({ locale }));
  }
  for (const locale of LOCALES) {
    for (const t of api.templates({ locale })) {
      run(`template ${t.key} ${locale} validate`, () => api.validateScheme(t.scheme, { locale }));
      for (const output of OUTPUTS) {
        const options = { locale, output, explain: output === "full" };
        run(`template ${t.key} ${locale} ${output}`, () => withEngine(api, t.scheme, { locale }, (e) => e.evaluate(t.sample, options)));
      }
    }
  }
}

/**
 * Analysis (DESIGN.md "Analysis (反馈)"): every template's sample with its digest and
 * indicator statistics, compared with itself, and a funnel: the SHA-256 digests and the
 * canonical form are computed the same everywhere.
 */
function analysisCases(api, run) {
  if (typeof api.compare !== "function") return; // a package from before the analysis
  for (const t of api.templates({ locale: "en" })) {
    const options = { locale: "en", output: "totals", digest: true, statistics: true };
    run(`analysis ${t.key} digest`, () => withEngine(api, t.scheme, {}, (e) => e.evaluate(t.sample, options)));
    run(`analysis ${t.key} compare`, () => withEngine(api, t.scheme, {}, (e) => api.compare(e, e, t.sample, { locale: "en" })));
  }
  const people = [
    { 团队: "甲", 线索: "1,200", 商机: "３００", 报价: 90, 成交: 30 },
    { 团队: "甲", 线索: 0, 商机: 0, 报价: 0, 成交: 0 },
    { 团队: "乙", 线索: 50, 商机: 60, 报价: 0.1, 成交: "x" },
  ];
  for (const locale of LOCALES) {
    run(`analysis funnel ${locale}`, () => api.funnel({ people, stages: ["线索", "商机", "报价", "成交"], groupBy: "团队", locale }));
  }
}

/** A fixture file of tests/fixtures/ (run as tests/js/fixtures.test.mjs runs it). */
function fixtureCases(api, run, file, data) {
  const call = typeof data?.call === "string" ? data.call : "";
  if (call === "decompose(input)") {
    run(`fixture ${file} decompose`, () => api.decompose(data.input));
  } else if (call.startsWith("commission(") && Array.isArray(data.cases)) {
    data.cases.forEach((c, i) => {
      run(`fixture ${file} case ${i} commission`, () => api.commission(c.plan, c.base, c.target));
      run(`fixture ${file} case ${i} commissionDetail`, () => api.commissionDetail(c.plan, c.base, c.target));
    });
  } else if (call.startsWith("allocate(") && Array.isArray(data.cases)) {
    data.cases.forEach((c, i) => {
      run(`fixture ${file} case ${i} allocate`, () => api.allocate(c.amount, c.weights, c.options));
      run(`fixture ${file} case ${i} allocateDetail`, () => api.allocateDetail(c.amount, c.weights, c.options));
    });
  } else if (call === "new Engine(scheme).evaluate(input)" && data.scheme && data.input) {
    evaluateCases(api, run, `fixture ${file}`, data.scheme, data.input, data.options ?? {});
  }
}

/** The raw-table fixture: by period, and layered over the quarters of 2025 into an annual. */
function tableCases(api, run, data) {
  const input = { people: data.people, tables: data.tables, period: data.period };
  evaluateCases(api, run, "fixture tables/raw-vs-totals.json", data.scheme, input);
  for (const locale of LOCALES) {
    const periods = { people: data.people, tables: data.tables, periods: { year: 2025, by: "quarter" }, compose: { from: "periods" } };
    run(`fixture tables/raw-vs-totals.json ${locale} periods`, () =>
      withEngine(api, data.scheme, { locale }, (e) => e.evaluatePeriods(periods, { locale, explain: true })),
    );
  }
}

/** A scheme over the host fixtures' orders (as tests/js/hosts_tables.test.mjs). */
const HOST_SCHEME = {
  fields: { id: "工号", name: "姓名" },
  measures: {
    签约额: { table: "orders", op: "sum", field: "合同金额", where: "状态 <> '草稿'", owner: "负责人", date: "签约日期", split: { owners: "协作人" } },
    单数: { table: "orders", op: "count", where: "合同金额 > 0", owner: "负责人", date: "签约日期" },
  },
  indicators: [
    { key: "revenue", name: "签约额达成率", weight: 80, actual: { field: "签约额" }, target: { value: "150000" }, scoring: { type: "linear", cap: "1.5" } },
    { key: "orders", name: "签约单数", weight: 20, actual: { field: "单数" }, target: { value: "2" }, scoring: { type: "linear", cap: "1" } },
  ],
  grades: { type: "bands", bands: [{ grade: "A", min: 90 }, { grade: "B", min: 60 }, { grade: "C", min: 0 }] },
};
const HOST_PEOPLE = [
  { 工号: "E001", 姓名: "张三" },
  { 工号: "E002", 姓名: "李四" },
  { 工号: "E003", 姓名: "王五" },
];

/** The host fixtures read (in two time offsets), written back, and evaluated as raw tables. */
function hostCases(api, run, { huoban, feishu, jiandaoyun }) {
  const read = (utcOffset) => ({
    huoban: api.fromHuoban(huoban.items, huoban.fields, { utcOffset }),
    feishu: api.fromFeishu(feishu.records, { fields: feishu.fields, utcOffset }),
    jiandaoyun: api.fromJiandaoyun(jiandaoyun.data, jiandaoyun.widgets, { utcOffset }),
  });
  for (const utcOffset of ["+08:00", "-05:00"]) {
    run(`hosts read ${utcOffset}`, () => read(utcOffset));
    run(`hosts write back ${utcOffset}`, () => {
      const all = read(utcOffset);
      return {
        huoban: api.toHuoban(all.huoban.rows, huoban.fields, { utcOffset }),
        feishu: api.toFeishu(all.feishu.rows, { fields: feishu.fields, utcOffset }),
        jiandaoyun: api.toJiandaoyun(all.jiandaoyun.rows, jiandaoyun.widgets, { utcOffset }),
      };
    });
  }
  for (const locale of LOCALES) {
    run(`hosts evaluate ${locale}`, () =>
      withEngine(api, HOST_SCHEME, { locale }, (e) => {
        const rows = { 工号: "id", 绩效得分: "total", 绩效等级: "grade" };
        return Object.entries(read("+08:00")).map(([host, r]) => [
          host,
          e.evaluate({ people: HOST_PEOPLE, tables: { orders: r.rows }, period: "2025-Q1" }, { locale, explain: true, rows }),
          e.evaluatePeriods({ people: HOST_PEOPLE, tables: { orders: r.rows }, periods: { year: 2025, by: "month" }, compose: { from: "periods" } }, { locale }),
        ]);
      }),
    );
  }
}

/**
 * Runs one README block against a recording copy of the package: every call's result (or
 * thrown error) as JSON, and what it logs. Its `import … from "jixiao"` and
 * `import assert from "node:assert/strict"` become parameters (a small strict assert).
 */
async function runReadmeBlock(api, code) {
  const log = [];
  const body = code
    .replace(/^import\s+assert\s+from\s+"node:assert\/strict";?[ \t]*$/m, "")
    .replace(/^import\s+(\{[^}]*\})\s+from\s+"jixiao";?/gm, (_m, names) => `const ${names.replace(/\s+as\s+/g, ": ")} = jixiao;`);
  if (/^\s*import\b/m.test(body)) throw new Error(`a README block imports something the corpus does not provide:\n${code}`);
  const show = (x) => (typeof x === "string" ? x : json(x));
  const console = { log: (...a) => log.push(`console.log ${a.map(show).join(" ")}`) };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  let error = null;
  try {
    await new AsyncFunction("jixiao", "assert", "console", body)(recording(api, log), ASSERT, console);
  } catch (e) {
    error = errorData(e);
  }
  return { log, error };
}

/** The package with every function and Engine method recording into `log`. */
function recording(api, log) {
  const record = (name, value) => log.push(`${name} ${json(value)}`);
  const wrap = (name, fn) =>
    function (...args) {
      let value;
      try {
        value = fn.apply(this, args);
      } catch (e) {
        record(`${name} throws`, errorData(e));
        throw e;
      }
      if (value !== null && typeof value?.then === "function") {
        return value.then(
          (v) => (record(name, v), v),
          (e) => (record(`${name} rejects`, errorData(e)), Promise.reject(e)),
        );
      }
      record(name, value);
      return value;
    };
  class Engine extends api.Engine {
    constructor(...args) {
      try {
        super(...args);
      } catch (e) {
        record("new Engine throws", errorData(e));
        throw e;
      }
      record("new Engine", { warnings: this.warnings ?? null });
    }
  }
  for (const m of Object.getOwnPropertyNames(api.Engine.prototype)) {
    const d = Object.getOwnPropertyDescriptor(api.Engine.prototype, m);
    if (m !== "constructor" && m !== "free" && typeof d.value === "function") Engine.prototype[m] = wrap(`engine.${m}`, d.value);
  }
  const out = { ...api, Engine };
  for (const [k, v] of Object.entries(api)) {
    if (typeof v === "function" && !["Engine", "JixiaoError", "init"].includes(k)) out[k] = wrap(k, v);
  }
  return out;
}

/** Strict deep equality: same type, arrays element-wise, plain objects by the same keys. */
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

const fail = (message) => {
  const e = new Error(message);
  e.name = "AssertionError";
  throw e;
};

/** What the README's blocks use of node:assert/strict (the real one checks them in readme.test.mjs). */
const ASSERT = {
  ok: (v, m) => v || fail(m ?? `not truthy: ${json(v)}`),
  equal: (a, b, m) => Object.is(a, b) || fail(m ?? `${json(a)} !== ${json(b)}`),
  notEqual: (a, b, m) => !Object.is(a, b) || fail(m ?? `${json(a)} === ${json(b)}`),
  deepEqual: (a, b, m) => deepEqual(a, b) || fail(m ?? `not deep-equal: ${json(a)} vs ${json(b)}`),
  match: (s, re, m) => re.test(s) || fail(m ?? `${json(s)} does not match ${re}`),
  fail: (m) => fail(m ?? "failed"),
  throws: (fn, _expected, m) => {
    try {
      fn();
    } catch {
      return;
    }
    fail(m ?? "did not throw");
  },
};
