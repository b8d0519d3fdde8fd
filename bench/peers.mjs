// Side-by-side: jixiao (through the built npm package) against a plain JS interpreter of the
// same scheme, once over decimal.js (exact) and once over JS numbers (inexact), in one Node
// process, on the rows of bench/node.mjs (same generator), at 10 000 and 100 000 people.
// The scheme is www-demo/sample-scheme.json without its `incentives`. Every run also checks
// each person's total, grade, rank and groupRank of both interpreters against jixiao.
// jixiao's `people` go as object rows (the default path); "columns" gives the same rows
// as columns built outside the timed region.
// Usage: node bench/peers.mjs [--quick]
import { readFileSync } from "node:fs";
import Decimal from "decimal.js";
import { Engine } from "../pkg/index.node.js";
import { columnsOf, jsonLinesEvaluator, makeRng, person } from "./rows.mjs";

const scheme = JSON.parse(readFileSync(new URL("../www-demo/sample-scheme.json", import.meta.url), "utf8"));
delete scheme.incentives;
const quick = process.argv.includes("--quick");

// ---------------------------------------------------------------------------------------
// Arithmetic back-ends: the interpreter below only calls these.
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const DEC_MODES = { half_up: D.ROUND_HALF_UP, half_even: D.ROUND_HALF_EVEN, down: D.ROUND_DOWN, up: D.ROUND_UP };
function decimalArith(mode) {
  const rm = DEC_MODES[mode];
  return {
    name: "decimal.js", of: (text) => new D(text), ofJs: (n) => new D(String(n)),
    add: (a, b) => a.plus(b), sub: (a, b) => a.minus(b), mul: (a, b) => a.times(b), div: (a, b) => a.div(b),
    cmp: (a, b) => a.cmp(b), isZero: (a) => a.isZero(), round: (a, p) => a.toDecimalPlaces(p, rm),
    fixed: (a, p) => a.toFixed(p, rm),
  };
}
function numberArith(mode) {
  const round = (a, p) => {
    const k = 10 ** p, m = Math.abs(a) * k, s = Math.sign(a) || 1;
    const r = mode === "down" ? Math.trunc(m) : mode === "up" ? Math.ceil(m)
      : mode === "half_even" && m % 1 === 0.5 ? 2 * Math.round(m / 2) : Math.round(m);
    return (s * r) / k;
  };
  return {
    name: "numbers", of: Number, ofJs: (n) => n,
    add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
    cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0), isZero: (a) => a === 0, round, fixed: (a, p) => round(a, p).toFixed(p),
  };
}

// ---------------------------------------------------------------------------------------
// Cells (DESIGN.md, Numbers): "262.5万", "¥1,234,000.00", "96%", numbers, "" = missing.
const FULL_WIDTH = { "．": ".", "。": ".", "，": ",", "－": "-", "−": "-", "＋": "+", "％": "%", "　": " " };
const fold = (s) => s.replace(/[０-９．。，－−＋％　]/g, (c) => FULL_WIDTH[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
const CURRENCY = ["RMB", "CNY", "rmb", "cny", "¥", "￥", "$", "€"];
const UNITS = { "%": -100, 千: 1e3, 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };
class RowError extends Error {}

/** A cell as a number (undefined when missing); throws RowError for text that is not one. */
function readNumber(A, v) {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RowError(`not a number: ${v}`);
    return A.ofJs(v);
  }
  if (typeof v !== "string") throw new RowError(`not a number: ${JSON.stringify(v)}`);
  let s = fold(v).trim();
  if (s === "") return undefined;
  let neg = false;
  const sign = () => { if (s[0] === "-" || s[0] === "+") { neg = neg || s[0] === "-"; s = s.slice(1).trimStart(); } };
  sign();
  for (const c of CURRENCY) if (s.startsWith(c)) { s = s.slice(c.length).trimStart(); break; }
  sign();
  const dropCurrency = () => { for (const c of [...CURRENCY, "元"]) if (s.endsWith(c)) { s = s.slice(0, -c.length).trimEnd(); break; } };
  dropCurrency();
  const unit = UNITS[s.at(-1)];
  if (unit) s = s.slice(0, -1).trimEnd();
  dropCurrency();
  if (s.includes(",")) { // thousands separators must group by three
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) throw new RowError(`not a number: ${v}`);
    s = s.replaceAll(",", "");
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new RowError(`not a number: ${v}`);
  let x = A.of(neg ? "-" + s : s);
  if (unit === -100) x = A.div(x, A.of("100"));
  else if (unit) x = A.mul(x, A.ofJs(unit));
  return A.isZero(x) ? A.of("0") : x;
}
const readText = (v) => (v === null || v === undefined ? null : String(v).trim() || null);

// ---------------------------------------------------------------------------------------
// The interpreter: compile(scheme, arithmetic) → evaluate(people) → [{ ok, total, grade, rank, groupRank }].
function compile(scheme, A) {
  const num = (v) => readNumber(A, v);
  const [ZERO, HUNDRED] = [A.of("0"), A.of("100")];
  const R = scheme.rounding ?? {};
  const places = R.score ?? 2;
  const round = (x) => A.round(x, places);
  const max = (a, b) => (A.cmp(a, b) >= 0 ? a : b);
  const F = scheme.fields ?? {};
  const raterWeights = Object.fromEntries(Object.entries(scheme.raters ?? {}).map(([k, w]) => [k, num(w)]));

  // A source is { field }, { value } or { raters: { key: field } }; raters give the weighted mean.
  const source = (src) => {
    if (!src) return null;
    if (src.value !== undefined) { const v = num(src.value); return () => v; }
    if (src.field !== undefined) return (p) => num(p[src.field]);
    if (src.raters) return raters(Object.entries(src.raters));
    throw new Error(`unsupported source ${JSON.stringify(src)}`);
  };
  // Weighted mean over the raters present (raterMissing: renormalize); a cell "85,90" is several
  // scores averaged. One division at the end: Σ wᵣ·sumᵣ·(L/nᵣ) / (L·Σ wᵣ), L = lcm of the counts.
  const raters = (list) => (p) => {
    const present = [];
    for (const [key, field] of list) {
      const v = p[field];
      const parts = typeof v === "string" ? v.split(/[,，、;；/|]/) : [v];
      const scores = parts.map((x) => num(x)).filter((x) => x !== undefined);
      if (scores.length) present.push([raterWeights[key], scores.reduce(A.add), scores.length]);
    }
    if (!present.length) return undefined;
    const gcd = (a, b) => (b ? gcd(b, a % b) : a);
    const L = present.reduce((l, [, , n]) => (l * n) / gcd(l, n), 1);
    let top = ZERO, wsum = ZERO;
    for (const [w, total, n] of present) { top = A.add(top, A.mul(A.mul(w, total), A.ofJs(L / n))); wsum = A.add(wsum, w); }
    return A.div(top, A.mul(A.ofJs(L), wsum));
  };
  const OPS = { ">": (c) => c > 0, ">=": (c) => c >= 0, "<": (c) => c < 0, "<=": (c) => c <= 0, "==": (c) => c === 0, "!=": (c) => c !== 0 };
  // { field, op, value } with a number literal; a missing cell does not hold.
  const condition = (c) => {
    if (c.field === undefined || !OPS[c.op]) throw new Error(`unsupported condition ${JSON.stringify(c)}`);
    const lit = num(c.value), op = OPS[c.op];
    return (p) => { const v = num(p[c.field]); return v !== undefined && op(A.cmp(v, lit)); };
  };
  const value = (r) => A.div(r.num, r.den); // r is an achievement kept as a fraction

  const rule = (s, ind) => {
    const full = s.full !== undefined ? num(s.full) : HUNDRED;
    const on = s.on ?? (ind.target ? "achievement" : "value");
    const fig = (a, r) => (on === "achievement" ? r : { num: a, den: A.of("1") });
    switch (s.type) {
      case "linear": {
        const floor = s.floor !== undefined ? num(s.floor) : null, cap = s.cap !== undefined ? num(s.cap) : null;
        return { ach: true, fullAt: cap, score: (a, r) => {
          const x = value(r);
          if (floor && A.cmp(x, floor) < 0) return ZERO;
          if (cap && A.cmp(x, cap) > 0) return A.mul(full, cap);
          return max(A.div(A.mul(full, r.num), r.den), ZERO);
        } };
      }
      case "bands": {
        const bands = s.bands.map((b) => [num(b.min), num(b.score)]).sort((x, y) => A.cmp(y[0], x[0]));
        const otherwise = s.else !== undefined ? num(s.else) : ZERO;
        return { ach: on === "achievement", score: (a, r) => {
          const x = value(fig(a, r));
          return (bands.find(([min]) => A.cmp(x, min) >= 0) ?? [, otherwise])[1];
        } };
      }
      case "piecewise": { // flat beyond the ends; y₀ + (a − x₀t)(y₁ − y₀) / (t(x₁ − x₀)) inside [x₀, x₁)
        const pts = s.points.map(([x, y]) => [num(x), num(y)]);
        return { ach: on === "achievement", score: (a, r) => {
          const f = fig(a, r), x = value(f);
          if (A.cmp(x, pts[0][0]) <= 0) return pts[0][1];
          if (A.cmp(x, pts.at(-1)[0]) >= 0) return pts.at(-1)[1];
          const i = pts.findIndex(([x1]) => A.cmp(x, x1) < 0);
          const [[x0, y0], [x1, y1]] = [pts[i - 1], pts[i]];
          return A.add(y0, A.div(A.mul(A.sub(f.num, A.mul(x0, f.den)), A.sub(y1, y0)), A.mul(f.den, A.sub(x1, x0))));
        } };
      }
      case "pass_fail": { const pass = condition(s.pass); return { passFail: true, score: (a, r, p) => (pass(p) ? full : ZERO) }; }
      case "deduct": {
        const per = num(s.per), min = s.min !== undefined ? num(s.min) : ZERO;
        return { score: (a) => max(A.add(full, A.mul(per, a)), min) };
      }
      case "direct": {
        if (s.scale) throw new Error("direct with a scale is not interpreted");
        return { score: (a) => a };
      }
      default: throw new Error(`unsupported scoring ${s.type}`);
    }
  };

  const indicators = scheme.indicators.map((ind) => {
    if (ind.formula || ind.actual?.formula) throw new Error("formulas are not interpreted");
    return { key: ind.key, category: ind.category, weight: num(ind.weight), actual: source(ind.actual), target: source(ind.target),
      lowerRatio: ind.direction === "lower_better" && (ind.reverse ?? "ratio") === "ratio",
      mirror: ind.direction === "lower_better" && ind.reverse === "mirror",
      onZero: ind.onZero ?? "error", missing: ind.missing ?? "error", rule: rule(ind.scoring, ind) };
  });
  // Weights: the base set, and per role the base with the named weights replaced. Nested weighting
  // gives an indicator the effective weight w_cat × w / 100.
  const catWeight = Object.fromEntries((scheme.categories ?? []).map((c) => [c.key, c.weight !== undefined ? num(c.weight) : null]));
  const effective = (named, cats) => indicators.map((ind) => {
    const w = named[ind.key] !== undefined ? num(named[ind.key]) : ind.weight;
    if (scheme.weighting !== "nested") return w;
    const cw = cats?.[ind.category] !== undefined ? num(cats[ind.category]) : catWeight[ind.category];
    return A.div(A.mul(cw, w), HUNDRED);
  });
  const baseWeights = effective({});
  const roleWeights = new Map(Object.entries(scheme.roles ?? {}).map(([r, o]) => [r, effective(o.weights ?? {}, o.categoryWeights)]));
  if (scheme.versions) throw new Error("weight versions are not interpreted");

  const adjustments = (scheme.adjustments ?? []).map((a) => ({ per: num(a.per), min: a.min !== undefined ? num(a.min) : null,
    max: a.max !== undefined ? num(a.max) : null, value: source(a.value) }));
  const grades = (scheme.grades?.bands ?? []).map((g) => [g.grade, num(g.min)]).sort((x, y) => A.cmp(y[1], x[1]));
  const vetoes = (scheme.vetoes ?? []).map((v) => ({ when: condition(v.when), score: num(v.score ?? 0), grade: v.grade ?? grades.at(-1)?.[0] ?? null }));
  const totalMin = num(scheme.totalMin ?? 0), totalMax = scheme.totalMax !== undefined ? num(scheme.totalMax) : null;

  function row(p) {
    const weights = roleWeights.get(readText(p[F.role])) ?? baseWeights;
    const shown = [], live = [];
    indicators.forEach((ind, i) => {
      const a = ind.actual?.(p), t = ind.target?.(p);
      if ((!ind.rule.passFail && a === undefined) || (ind.rule.ach && t === undefined)) { // Missing data
        if (ind.missing === "error") throw new RowError(`missing ${ind.key}`);
        if (ind.missing === "zero") { shown[i] = ZERO; live[i] = true; } else live[i] = false;
        return;
      }
      let r = null;
      if (ind.rule.ach) { // achievement as a fraction: a/t, t/a or (2t − a)/t; a zero divisor → onZero
        r = ind.lowerRatio ? { num: t, den: a } : ind.mirror ? { num: A.sub(A.mul(A.of("2"), t), a), den: t } : { num: a, den: t };
        if (A.isZero(r.den)) {
          if (ind.onZero === "error") throw new RowError(`zero divisor in ${ind.key}`);
          r = { num: ind.onZero === "full" ? ind.rule.fullAt ?? A.of("1") : ZERO, den: A.of("1") };
        }
      }
      shown[i] = round(ind.rule.score(a, r, p));
      live[i] = true;
    });
    // Global weighting: excluded indicators drop out and the others scale up by all / live.
    let all = ZERO, liveSum = ZERO;
    weights.forEach((w, i) => { all = A.add(all, w); if (live[i]) liveSum = A.add(liveSum, w); });
    if (A.isZero(liveSum)) throw new RowError("every indicator is missing");
    if (scheme.weighting === "nested" && A.cmp(all, liveSum) !== 0) throw new Error("nested exclusions are not interpreted");
    let total = ZERO;
    weights.forEach((w, i) => {
      if (live[i]) total = A.add(total, round(A.div(A.mul(shown[i], A.mul(w, all)), A.mul(liveSum, HUNDRED))));
    });
    for (const adj of adjustments) {
      let pts = A.mul(adj.per, adj.value(p) ?? ZERO);
      if (adj.min && A.cmp(pts, adj.min) < 0) pts = adj.min;
      if (adj.max && A.cmp(pts, adj.max) > 0) pts = adj.max;
      total = A.add(total, round(pts));
    }
    if (A.cmp(total, totalMin) < 0) total = totalMin;
    if (totalMax && A.cmp(total, totalMax) > 0) total = totalMax;
    total = round(total);
    const veto = vetoes.find((v) => v.when(p));
    if (veto) return { total: round(veto.score), grade: veto.grade, shown };
    return { total, grade: grades.find(([, min]) => A.cmp(total, min) >= 0)?.[0] ?? null, shown };
  }

  // Ranking (DESIGN.md, Ranking and ties): keys higher-first ("-" lower-first), missing last;
  // competition 1,2,2,4 / dense 1,2,2,3 / ordinal; groupRank the same inside each group.
  const rk = scheme.ranking ?? {};
  const keyOf = (spec) => {
    const desc = !spec.startsWith("-"), name = desc ? spec : spec.slice(1);
    const i = indicators.findIndex((ind) => ind.key === name);
    const get = name === "total" ? (r) => r.total : i >= 0 ? (r) => r.shown[i] : (r, p) => { try { return num(p[name]); } catch { return undefined; } };
    return { desc, get };
  };
  const keys = [rk.by ?? "total", ...(rk.tieBreakers ?? [])].map(keyOf);
  const groupField = rk.groupBy === "group" ? F.group : rk.groupBy;
  const order = (x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const [a, b] = [x.keys[k], y.keys[k]];
      if (a === undefined || b === undefined) { if (a !== b) return a === undefined ? 1 : -1; continue; }
      const c = keys[k].desc ? A.cmp(b, a) : A.cmp(a, b);
      if (c) return c;
    }
    return 0;
  };
  const ranks = (sorted, set) => {
    let last = 0;
    sorted.forEach((r, pos) => {
      const tied = pos > 0 && order(sorted[pos - 1], r) === 0;
      last = rk.method === "ordinal" ? pos + 1 : rk.method === "dense" ? (tied ? last : last + 1) : tied ? last : pos + 1;
      set(r, last);
    });
  };

  return function evaluate(people) {
    const results = people.map((p, index) => {
      try {
        const r = row(p);
        return { index, ok: true, total: r.total, grade: r.grade, rank: null, groupRank: null, shown: r.shown,
          keys: keys.map((k) => k.get(r, p)), group: groupField ? readText(p[groupField]) : null };
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        return { index, ok: false, total: null, grade: null, rank: null, groupRank: null, error: e.message };
      }
    });
    const sorted = results.filter((r) => r.ok).sort(order); // stable: ties keep input order
    ranks(sorted, (r, n) => { r.rank = n; });
    if (groupField !== undefined) {
      const groups = new Map();
      for (const r of sorted) { if (!groups.has(r.group)) groups.set(r.group, []); groups.get(r.group).push(r); }
      for (const members of groups.values()) ranks(members, (r, n) => { r.groupRank = n; });
    }
    return results;
  };
}

// ---------------------------------------------------------------------------------------
// The benchmark.
const mode = scheme.rounding?.mode ?? "half_up";
const scorePlaces = scheme.rounding?.score ?? 2;
const decArith = decimalArith(mode), numArith = numberArith(mode);
const peers = [["decimal.js", compile(scheme, decArith), decArith], ["numbers", compile(scheme, numArith), numArith]];
const engine = new Engine(scheme);
const jsonLines = await jsonLinesEvaluator(scheme);

function time(runs, fn) {
  fn(); // warm-up
  const times = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    out = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { med: times[Math.floor(times.length / 2)], out };
}
const line = (n, label, med) =>
  console.log(`peers ${String(n).padStart(7)} rows ${label.padEnd(24)} median ${med.toFixed(1).padStart(8)} ms  (${(med * 1000 / n).toFixed(2)} µs/row)`);

for (const n of [10_000, 100_000]) {
  const rng = makeRng(42);
  const people = Array.from({ length: n }, (_, i) => person(i, rng));
  const runs = quick && n >= 100_000 ? 1 : 3;
  const full = time(runs, () => engine.evaluate({ people, period: "2025-Q3" }, {}));
  line(n, "jixiao full", full.med);
  const totals = time(runs, () => engine.evaluate({ people, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao output:totals", totals.med);
  // `people` above goes as object rows (the default); before columns, as JSON lines
  const lines = time(runs, () => jsonLines({ people, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao json lines totals", lines.med);
  // the same rows as columns, built here, outside the timed region
  const columns = columnsOf(people);
  const byColumns = time(runs, () => engine.evaluate({ columns, period: "2025-Q3" }, { output: "totals" }));
  line(n, "jixiao columns totals", byColumns.med);
  for (const other of [byColumns, lines]) {
    if (JSON.stringify(other.out) !== JSON.stringify(totals.out)) throw new Error("the input paths disagree");
  }
  const ref = full.out.results;
  if (ref.length !== n || totals.out.results.length !== n) throw new Error("wrong result count");
  const medians = {};
  const agree = [];
  for (const [name, evaluate, A] of peers) {
    const { med, out } = time(runs, () => evaluate(people));
    line(n, `${name} interpreter`, med);
    medians[name] = med;
    let same = 0, cents = 0;
    const bad = [];
    out.forEach((r, i) => {
      const j = ref[i];
      const total = r.ok ? A.fixed(r.total, scorePlaces) : null;
      const totalOk = name === "numbers"
        ? (r.ok && j.ok ? Math.abs(Number(total) - Number(j.total)) <= 0.01 + 1e-9 : r.ok === j.ok)
        : total === j.total;
      if (total === j.total) cents++;
      if (totalOk && r.grade === j.grade && r.rank === j.rank && r.groupRank === j.groupRank) same++;
      else bad.push({ index: i, peer: { total, grade: r.grade, rank: r.rank, groupRank: r.groupRank, error: r.error },
        jixiao: { total: j.total, grade: j.grade, rank: j.rank, groupRank: j.groupRank, errors: j.errors?.map((e) => e.code) } });
    });
    agree.push(`${name} ${same}/${n}` + (cents === n ? "" : ` (total to the cent ${cents}/${n})`));
    if (bad.length) console.log(`  ${name}: first disagreement`, JSON.stringify(bad[0]), JSON.stringify(people[bad[0].index]));
    const off = out.findIndex((r, i) => r.ok && A.fixed(r.total, scorePlaces) !== ref[i].total);
    if (off >= 0) console.log(`  ${name}: first total off by a cent: ${A.fixed(out[off].total, scorePlaces)} vs jixiao ${ref[off].total}`, JSON.stringify(people[off]));
  }
  console.log(`peers ${String(n).padStart(7)} rows agree: ${agree.join(", ")}`);
  for (const [label, med] of [["jixiao full", full.med], ["jixiao totals", totals.med], ["jixiao columns totals", byColumns.med]]) {
    console.log(`peers ${String(n).padStart(7)} rows ${label} / decimal.js = ${(med / medians["decimal.js"]).toFixed(2)}×, ${label} / numbers = ${(med / medians.numbers).toFixed(2)}×`);
  }
}
engine.free();
