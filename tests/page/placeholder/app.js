// PLACEHOLDER app (see index.html): evaluates the sample and renders the data-testid
// elements the page test reads.
import { init, Engine } from "./pkg/index.browser.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const el = (tag, attrs = {}, text = "") => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.textContent = text;
  return e;
};
let engine;
let people;

function render(locale) {
  const out = engine.evaluate({ people }, { locale, explain: true });
  const body = $("results-table").querySelector("tbody");
  body.replaceChildren();
  const errors = $("errors");
  errors.replaceChildren();
  out.results.forEach((r, i) => {
    const tr = el("tr", { "data-testid": "result-row", "data-id": r.id ?? "", "data-ok": r.ok, "data-vetoed": !!r.vetoed });
    tr.append(el("td", {}, r.id ?? ""), el("td", { "data-testid": "cell-total" }, r.ok ? r.total : "—"),
      el("td", { "data-testid": "cell-grade" }, r.ok ? r.grade : "—"), el("td", { "data-testid": "cell-rank" }, r.ok ? String(r.rank) : "—"));
    tr.addEventListener("click", () => {
      const lines = $("explain-lines");
      lines.replaceChildren(...JSON.stringify(r.explain ?? r).split(",").slice(0, 20).map((l) => el("li", {}, l)));
      $("explain").hidden = false;
      $("explain").dataset.id = r.id ?? "";
    });
    body.append(tr);
    for (const e of r.errors ?? []) errors.append(el("li", { "data-testid": "error-item", "data-code": e.code, "data-field": e.field ?? "", "data-row": i }, e.message));
  });
  $("status").textContent = `ready · ${out.results.length}`;
}

async function main() {
  try {
    const [, scheme, rows] = await Promise.all([init(), fetch("./sample-scheme.json").then((r) => r.json()), fetch("./sample-people.json").then((r) => r.json())]);
    people = rows;
    $("scheme-name").textContent = scheme.name;
    engine = new Engine(scheme);
    render("zh-CN");
    $("locale").addEventListener("change", (ev) => render(ev.target.value));
  } catch (e) {
    $("error-box").hidden = false;
    $("error-box").textContent = `${e.code ?? ""} ${e.message}`;
    $("status").textContent = `error · ${e.message}`;
  }
  document.body.dataset.ready = "true";
}
main();
