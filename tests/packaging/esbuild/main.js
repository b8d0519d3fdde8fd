// An esbuild app: `esbuild main.js --bundle --format=esm --outdir=dist`, then the wasm
// copied beside the bundle (the one line the README asks for).
import * as jixiao from "jixiao";
import { report, run } from "../app/case.js";

report(Promise.all([run(jixiao)]));
