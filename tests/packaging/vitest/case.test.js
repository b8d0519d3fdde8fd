// Vitest, no configuration.
import { expect, test } from "vitest";
import { Engine, JixiaoError, init } from "jixiao";

const { scheme, people, expected } = JSON.parse(process.env.JIXIAO_CASE);

test("evaluates the case", async () => {
  await init();
  expect(new Engine(scheme).evaluate({ people }).results.map((r) => r.total)).toEqual(expected);
  const out = await new Engine(scheme).evaluateAsync({ people });
  expect(out.results.map((r) => r.total)).toEqual(expected);
});

test("throws JixiaoError", () => {
  expect(() => new Engine({ indicators: [] })).toThrow(JixiaoError);
});
