// Jest, default (CommonJS) mode, no configuration.
const { Engine, JixiaoError } = require("jixiao");

const { scheme, people, expected } = JSON.parse(process.env.JIXIAO_CASE);

test("evaluates the case", () => {
  expect(new Engine(scheme).evaluate({ people }).results.map((r) => r.total)).toEqual(expected);
});

test("throws JixiaoError", () => {
  expect(() => new Engine({ indicators: [] })).toThrow(JixiaoError);
});
