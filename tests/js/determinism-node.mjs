// Node side of the determinism test (DESIGN.md "Determinism"): loads the corpus' files,
// hashes the corpus, compares hash lists. Also a script: `node determinism-node.mjs`
// prints `{ env, probes, hashes, perturbed }` as JSON for the environment it runs in (the
// test starts it under several TZ and LANG/LC_ALL); with DETERMINISM_DUMP=<case name> it
// prints that case's text instead (for the diff hint of a mismatch).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { buildCorpus, json, wantsFile } from "./determinism-corpus.mjs";

const TESTS = new URL("../", import.meta.url);
const ROOT = new URL("../../", import.meta.url);

/** `{ files }` for buildCorpus: README.md and every JSON under tests/fixtures/ (two levels). */
export function loadCorpusData() {
  const files = { "README.md": readFileSync(new URL("README.md", ROOT), "utf8") };
  const walk = (dir, depth) => {
    for (const entry of readdirSync(new URL(`${dir}/`, TESTS), { withFileTypes: true })) {
      const name = `${dir}/${entry.name}`;
      if (entry.isDirectory() && depth > 0) walk(name, depth - 1);
      else if (entry.isFile() && wantsFile(name)) files[name] = readFileSync(new URL(name, TESTS), "utf8");
    }
  };
  walk("fixtures", 1);
  return { files };
}

/** Lowercase hex SHA-256 of a text's UTF-8 bytes. */
export function sha256(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * What differs with the time zone and the locale, and so must never reach an output:
 * the proof that two environments really differ.
 */
export function probes() {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return {
    date: new Date(0).toString(),
    localeDate: new Date(0).toLocaleString(),
    localeNumber: (1234.5).toLocaleString(),
    locale,
    timeZone,
  };
}

/**
 * A case's text spoiled the way a careless core would spoil it (a wall-clock date and a
 * locale-formatted number in the output), hashed: it must differ across environments.
 */
export function perturbedHash(text) {
  const spoiled = json({ output: JSON.parse(text), at: new Date(0).toString(), amount: (1234.5).toLocaleString() });
  return sha256(spoiled);
}

/** `[[name, hash]]` of a corpus. */
export function hashes(cases, hash = sha256) {
  return cases.map(({ name, text }) => [name, hash(text)]);
}

/**
 * The first difference between two hash lists, described (null when equal): a case missing,
 * extra, out of order or hashed differently.
 */
export function firstDifference(want, got) {
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const [wn, wh] = want[i] ?? [];
    const [gn, gh] = got[i] ?? [];
    if (wn !== gn) return { name: wn ?? gn, why: `case ${i} is ${JSON.stringify(gn)} here, ${JSON.stringify(wn)} in the reference` };
    if (wh !== gh) return { name: wn, why: `hash ${gh} here, ${wh} in the reference` };
  }
  return null;
}

/** Where two texts first differ, with some context on each side. */
export function diffHint(want, got, context = 80) {
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const around = (s) => JSON.stringify(s.slice(Math.max(0, i - context), i + context));
  return `texts differ at character ${i} (lengths ${want.length} / ${got.length}):\n  reference: …${around(want)}…\n  here:      …${around(got)}…`;
}

/** The corpus of the built package in this process. */
export async function corpusHere() {
  const api = await import(new URL("pkg/index.node.js", ROOT));
  return buildCorpus(api, loadCorpusData());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cases = await corpusHere();
  const dump = process.env.DETERMINISM_DUMP;
  if (dump !== undefined) {
    process.stdout.write(cases.find((c) => c.name === dump)?.text ?? "");
  } else {
    const env = { TZ: process.env.TZ ?? null, LANG: process.env.LANG ?? null, LC_ALL: process.env.LC_ALL ?? null };
    const perturbed = cases.length > 0 ? perturbedHash(cases[0].text) : null;
    process.stdout.write(JSON.stringify({ env, probes: probes(), hashes: hashes(cases), perturbed }));
  }
}
