// Compile-only: the declarations say exactly what the runtime gives (DESIGN.md, "The JS
// boundary"). Every `@ts-expect-error` line is code that compiles only when the types are
// looser than the runtime (tests/js/types.test.mjs checks the same fields on real outputs).
import {
  Engine,
  JixiaoError,
  allocate,
  commission,
  defineScheme,
  type CompactOutput,
  type Dec,
  type EvaluateOutput,
  type JixiaoErrorData,
  type PeriodsOutput,
  type PersonResult,
  type WithNumbers,
} from "jixiao";

const scheme = defineScheme({
  fields: { id: "工号" },
  indicators: [{ key: "q", name: "质量", weight: 100, actual: { field: "质量" }, scoring: { type: "direct" } }],
  grades: { type: "bands", bands: [{ grade: "A", min: 80 }, { grade: "B", min: 0 }] },
});
// @ts-expect-error a misspelt key of a scheme literal is caught
defineScheme({ indicatorz: [] });
// @ts-expect-error a grading type is one of the literal types
defineScheme({ grades: { type: "band", bands: [] } });

export function nullsAreNull(rows: Array<Record<string, string | number>>): string[] {
  const engine = new Engine(scheme);
  const out = engine.evaluate({ people: rows });
  const full: EvaluateOutput = out;
  const r: PersonResult | undefined = full.results[0];
  const lines: string[] = [];
  if (r === undefined) return lines;
  // grade is null for a failed row, not undefined
  if (r.grade !== undefined) {
    // @ts-expect-error grade may be null
    lines.push(r.grade.toUpperCase());
  }
  if (r.grade !== null) lines.push(r.grade.toUpperCase());
  // totals are strings unless decimals: "number" is asked for
  const total: string | null = r.total;
  // @ts-expect-error a total is never a number by default
  const asNumber: number | null = r.total;
  // @ts-expect-error a total may be null
  const notNull: string = r.total;
  lines.push(String(total), String(asNumber), notNull);

  // decimals: "number" gives numbers where the decimals are, strings elsewhere
  const numeric = engine.evaluate({ people: rows }, { decimals: "number" });
  const n: WithNumbers<EvaluateOutput> = numeric;
  const t: number | null | undefined = n.results[0]?.total;
  const g: string | null | undefined = n.results[0]?.grade;
  // @ts-expect-error with decimals: "number" a total is not a string
  const s: string | null | undefined = numeric.results[0]?.total;
  lines.push(String(t), String(g), String(s));

  // not known which: either
  const either = engine.evaluate({ people: rows }, { decimals: Math.random() > 0.5 ? "number" : "string" });
  const e: string | number | null | undefined = either.results[0]?.total;
  // @ts-expect-error could be a number
  const e2: string | null | undefined = either.results[0]?.total;
  lines.push(String(e), String(e2));

  // compact: absent keys are optional, compact decimals follow decimals too
  const lean: CompactOutput = engine.evaluate({ people: rows }, { output: "totals" });
  const vetoed: boolean | undefined = lean.results[0]?.vetoed;
  const leanNumbers = engine.evaluate({ people: rows }, { output: "scores", decimals: "number" });
  const score: number | null | undefined = leanNumbers.results[0]?.indicators?.[0]?.score;
  lines.push(String(vetoed), String(score));

  // row errors are plain data, not the thrown class
  const rowError: JixiaoErrorData | undefined = r.errors[0];
  // @ts-expect-error a row error is not a JixiaoError (no stack, not instanceof)
  const thrown: JixiaoError | undefined = r.errors[0];
  lines.push(String(rowError?.row), String(thrown));
  // the optional parts of error data are absent, not null
  if (rowError !== undefined) {
    const row: number | undefined = rowError.row;
    // @ts-expect-error row is never null
    const rowNull: null = rowError.row;
    lines.push(String(row), String(rowNull));
  }
  return lines;
}

export function periodsAndIncentives(rows: Array<Record<string, string | number>>): string[] {
  const engine = new Engine(scheme);
  const periods: PeriodsOutput = engine.evaluatePeriods({ people: rows, periods: ["2025-Q1", "2025-Q2"] });
  const numbers: WithNumbers<PeriodsOutput> = engine.evaluatePeriods(
    { people: rows, periods: { year: 2025, by: "quarter" }, compose: { from: "periods" } },
    { decimals: "number" },
  );
  const composite: number | null | undefined = numbers.composite?.results[0]?.total;
  const amount: Dec = commission({ tiers: [{ from: 0, rate: "0.02" }] }, "60万");
  const amountNumber: number = commission({ tiers: [{ from: 0, rate: "0.02" }] }, "60万", null, { decimals: "number" });
  const parts: string[] = allocate("100.00", [1, 1, 1]);
  const partNumbers: number[] = allocate("100.00", [1, 1, 1], { decimals: "number" });
  // @ts-expect-error allocate gives strings by default
  const wrong: number[] = allocate("100.00", [1, 1]);
  return [String(periods.periods.length), String(composite), amount, String(amountNumber), ...parts, String(partNumbers), String(wrong)];
}

export async function callbacks(engine: Engine, rows: Array<Record<string, unknown>>): Promise<number> {
  // onProgress's parameters are typed from the options type (no implicit any)
  const out = await engine.evaluateAsync({ people: rows }, { output: "totals", onProgress: (done, total) => void (done / total) });
  return out.results.length;
}
