// Compile-only usage of the typed API (checked by `tsc --noEmit -p tests/ts`).
// It is never run: it proves the declarations let users write this code, and
// (with @ts-expect-error) that obvious mistakes are caught.
import {
  Engine,
  JixiaoError,
  init,
  validateScheme,
  version,
  type EvaluateInput,
  type EvaluateOptions,
  type EvaluateOutput,
  type JixiaoErrorData,
  type Locale,
  type PersonResult,
  type Scheme,
  type ValidationReport,
  type ErrorCode,
} from "jixiao";

export async function example(rows: Record<string, unknown>[]): Promise<string[]> {
  await init();
  await init(new URL("./jixiao_bg.wasm", "https://example.com/"));
  const v: string = version;

  const scheme: Scheme = JSON.parse("{}") as Scheme;
  const report: ValidationReport = validateScheme(scheme, { locale: "en" });
  const ok: boolean = report.ok;
  const issueCodes: ErrorCode[] = report.issues.map((i: JixiaoErrorData) => i.code);

  const engine = new Engine(scheme, { locale: "zh-TW" });
  const fromText = new Engine('{"indicators": []}');
  fromText.free();

  const input: EvaluateInput = { people: rows } as EvaluateInput;
  const options: Partial<EvaluateOptions> = { locale: "en", explain: true };
  const out: EvaluateOutput = engine.evaluate(input, options);
  engine.evaluate(input);

  const lines: string[] = [v, String(ok), issueCodes.join(",")];
  const results: PersonResult[] = out.results;
  for (const r of results) {
    if (r.ok) {
      lines.push(`${r.id} ${String(r.total)} ${String(r.grade)} #${String(r.rank)}`);
    } else {
      for (const e of r.errors) lines.push(`${e.code} ${e.path} ${e.messages.en}`);
    }
  }

  try {
    new Engine(scheme);
  } catch (e) {
    if (e instanceof JixiaoError) {
      const code: string = e.code;
      const path: string = e.path;
      const en: string = e.messages.en;
      const row: number | undefined = e.row;
      const field: string | undefined = e.field;
      const issues: JixiaoErrorData[] = e.issues;
      const err: Error = e;
      lines.push(code, path, en, String(row), String(field), String(issues.length), err.message);
      const data: JixiaoErrorData = e.toJSON();
      lines.push(data.code);
    }
  }
  const made = new JixiaoError({ code: "INTERNAL", path: "", messages: { "zh-CN": "x", "zh-TW": "x", en: "x" } }, { locale: "en" });
  lines.push(made.code);

  {
    using scoped = new Engine(scheme);
    scoped.evaluate(input);
  }

  const locale: Locale = "zh-CN";
  lines.push(locale);

  // Mistakes the declarations must catch:
  // @ts-expect-error a scheme is an object or JSON text, not a number
  new Engine(42);
  // @ts-expect-error evaluate takes the input object
  engine.evaluate();
  // @ts-expect-error version is a string, not a function
  version();
  // @ts-expect-error the error code is a string
  const n: number = made.code;
  lines.push(String(n));

  engine.free();
  return lines;
}
