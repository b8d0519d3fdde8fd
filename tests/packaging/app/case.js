// The scheme every consumer evaluates, and its figures computed by hand. Browser bundles
// import this file; Node, Jest and Vitest consumers are given `CASE` as JSON in the
// environment variable JIXIAO_CASE (a CommonJS file cannot import this module on Node 18).
//
// One indicator, weight 100: score = 100 × min(sales ÷ target, 1.2), two decimals.
//   a: 1,500 ÷ 1,000 = 1.5 → capped at 1.2 → 120.00
//   b:   850 ÷ 1,000 = 0.85               →  85.00
export const CASE = {
  scheme: {
    fields: { id: "id" },
    indicators: [
      { key: "rev", weight: 100, actual: { field: "sales" }, target: { field: "target" }, scoring: { type: "linear", cap: "1.2" } },
    ],
  },
  people: [
    { id: "a", sales: "1,500", target: 1000 },
    { id: "b", sales: "850", target: "1000" },
  ],
  expected: ["120.00", "85.00"],
};

/** Initializes the package (a no-op in Node) and returns the totals, on this thread. */
export function run(jixiao) {
  return jixiao.init().then(() => new jixiao.Engine(CASE.scheme).evaluate({ people: CASE.people }).results.map((r) => r.total));
}

/** The same through `Engine.evaluateAsync`, in the package's own worker. */
export function runAsync(jixiao) {
  return jixiao
    .init()
    .then(() => new jixiao.Engine(CASE.scheme).evaluateAsync({ people: CASE.people }))
    .then((out) => out.results.map((r) => r.total));
}

/** What a page reports to the test: `globalThis.__jixiao = { value }` or `{ error }`. */
export function report(promise) {
  return promise.then(
    (value) => {
      globalThis.__jixiao = { value };
    },
    (err) => {
      globalThis.__jixiao = { error: { name: err?.name, code: err?.code, message: String(err?.message ?? err) } };
    },
  );
}
