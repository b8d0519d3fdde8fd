// Declarations of index.node.cjs, the CommonJS entry (`require("jixiao")`): the same API as
// index.d.ts (DESIGN.md, "Bundlers and module formats").
export * from "./index.js";
