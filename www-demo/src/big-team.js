/**
 * A big team like the sample: row i is sample row i mod N under a new 工号 and 姓名 (its
 * messy cells, failing and vetoed rows included), visits varied a little. The tests build
 * the same team in Node to check the page's figures.
 */
export function bigTeam(sample, n) {
  const idField = sample.scheme?.fields?.id ?? "工号";
  const nameField = sample.scheme?.fields?.name ?? "姓名";
  return Array.from({ length: n }, (_, i) => {
    const base = sample.people[i % sample.people.length];
    const row = { ...base, [idField]: `B${String(i + 1).padStart(6, "0")}`, [nameField]: `${base[nameField]}${Math.floor(i / sample.people.length) + 1}` };
    if (typeof base["拜访次数"] === "number") row["拜访次数"] = base["拜访次数"] + (i % 7) - 3;
    return row;
  });
}
