// Targets from the package: decompose and replan (SPEC §5), their errors and explanations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decompose, replan, JixiaoError } from "../../pkg/index.node.js";
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
