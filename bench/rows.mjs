// The generated people both Node benchmarks time (bench/node.mjs, bench/peers.mjs): the
// rows of benches/evaluate.rs, with messy cells as real tables have them.

/** Same generator as benches/evaluate.rs (a 64-bit LCG), so both time the same kind of rows. */
export function makeRng(seed) {
  let s = BigInt(seed);
  const M = (1n << 64n) - 1n;
  return (n) => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & M;
    return Number((s >> 33n) % BigInt(n));
  };
}

export function person(i, rng) {
  const kind = rng(4);
  const sales =
    kind === 0 ? `${50 + rng(300)}.${rng(10)}万`
    : kind === 1 ? `¥${1 + rng(3)},${String(rng(1000)).padStart(3, "0")},000.00`
    : kind === 2 ? 500000 + rng(2500000)
    : String(500000 + rng(2500000));
  const team = ["华东一组", "华南二组", "华北三组"][rng(3)];
  const role = rng(4) === 0 ? "大客户销售" : "销售代表";
  return {
    工号: `E${String(i).padStart(6, "0")}`, 姓名: `员工${i}`, 团队: team, 岗位: role, 销售额: sales,
    销售目标: `${80 + rng(250)}万`, 回款率: `${60 + rng(40)}%`, 新客户数: rng(15), 新客户目标: 10,
    费用率: `${5 + rng(6)}.${rng(10)}%`, 拜访次数: 20 + rng(30), 合规问题数: rng(3), 自评: 70 + rng(30),
    上级评分: String(60 + rng(40)), 客户评分: rng(10) === 0 ? "" : 60 + rng(40),
    互评: `${60 + rng(40)},${60 + rng(40)}`, 投诉次数: rng(3), 数据违规次数: rng(200) === 0 ? 1 : 0,
  };
}

/**
 * The same people as columns, built outside the timed region: a `Float64Array` for a
 * column whose every cell is a number, a plain array of cells otherwise.
 */
export function columnsOf(people) {
  const names = [];
  for (const row of people) for (const k of Object.keys(row)) if (!names.includes(k)) names.push(k);
  const columns = {};
  for (const name of names) {
    const cells = people.map((row) => row[name]);
    columns[name] = cells.every((c) => typeof c === "number") ? Float64Array.from(cells) : cells;
  }
  return columns;
}

/**
 * `evaluate` the way it ran before columns (the baseline): every row JSON.stringified into
 * one line (api.js `encodeInput` without the column list), parsed in wasm with serde_json.
 */
export async function jsonLinesEvaluator(scheme) {
  const glue = await import("../pkg/jixiao.js"); // initialized by ../pkg/index.node.js
  const { encodeInput, readOutput } = await import("../pkg/api.js");
  const core = new glue.EngineCore(JSON.stringify(scheme));
  return (input, options) => {
    const e = encodeInput(input);
    return readOutput(core.evaluate(e.head, e.rows, JSON.stringify(options)));
  };
}
