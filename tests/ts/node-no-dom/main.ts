// Compile-only: the package in a Node project without the DOM lib (see tsconfig.json).
import { Engine, JixiaoError, decompose, init, templates, type EvaluateOutput, type InitInput } from "jixiao";

export async function main(): Promise<string> {
  await init();
  const bytes: InitInput = new Uint8Array(8);
  await init(bytes);
  const template = templates({ locale: "en" })[0];
  if (template === undefined) return "";
  const engine = new Engine(template.scheme);
  const controller = { aborted: false, addEventListener: (_type: "abort", _listener: () => void) => {} };
  const out: EvaluateOutput = engine.evaluate(template.sample, { signal: controller });
  try {
    decompose({ total: 100, parts: [{ key: "a" }, { key: "b" }] });
  } catch (e) {
    if (e instanceof JixiaoError) return e.code;
  }
  engine[Symbol.dispose]();
  return out.results.map((r) => r.total ?? "").join(",");
}
