// Display of the engine's decimals. They arrive as strings with fixed places
// ("1200000.00"); the page never turns them into floating point: digits are grouped and
// the decimal point moved in the string itself.

export const isBlank = (v) => v === null || v === undefined || v === "";

export function decText(v) {
  if (isBlank(v)) return "";
  return String(v).trim();
}

/** "1234567.891" → "1,234,567.891"; a long exact quotient is cut to 8 places and marked "…". */
export function groupDigits(v) {
  const s = decText(v);
  const m = /^([+-]?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  const frac = m[3] && m[3].length > 9 ? `${m[3].slice(0, 9)}…` : m[3] ?? "";
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}

/** Money with the places the engine rounded to ("136000.00" → "136,000.00"). */
export const money = (v) => (isBlank(v) ? "—" : groupDigits(v));

/** A rate "1.1600" → "116.00%" by moving the decimal point in the string. */
export function percent(v) {
  const s = decText(v);
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? "").padEnd(2, "0");
  const intPart = (m[2] + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = frac.slice(2);
  return `${m[1]}${intPart}${rest ? "." + rest : ""}%`;
}

/** A raw input cell as text (∅ for a missing one, “” for an empty one). */
export function cellText(v) {
  if (v === null || v === undefined) return "∅";
  if (v === "") return "\u201C\u201D";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * Orders two decimal strings exactly (no floating point): sign, then the integer digits'
 * length, then the digits. Blanks sort last.
 */
export function compareDec(a, b) {
  const x = decText(a);
  const y = decText(b);
  if (x === "" || y === "") return (x === "") - (y === "");
  const nx = x.startsWith("-");
  const ny = y.startsWith("-");
  if (nx !== ny) return nx ? -1 : 1;
  const mag = compareMagnitude(x.replace(/^[+-]/, ""), y.replace(/^[+-]/, ""));
  return nx ? -mag : mag;
}

function compareMagnitude(x, y) {
  const [xi, xf = ""] = x.split(".");
  const [yi, yf = ""] = y.split(".");
  const a = xi.replace(/^0+(?=\d)/, "");
  const b = yi.replace(/^0+(?=\d)/, "");
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (a !== b) return a < b ? -1 : 1;
  const width = Math.max(xf.length, yf.length);
  const fa = xf.padEnd(width, "0");
  const fb = yf.padEnd(width, "0");
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** The integer part of a decimal string, as a number (histogram bins only). */
export function integerPart(v) {
  const m = /^([+-]?)(\d+)/.exec(decText(v));
  return m ? Number(m[1] + m[2]) : null;
}

/** The badge classes of a grade (S, A, … get their colour; anything else a grey one). */
export const gradeClass = (g) => `badge grade grade-${/^[A-Za-z]$/.test(String(g)) ? String(g).toUpperCase() : "X"}`;
