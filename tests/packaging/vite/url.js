// The wasm as a Vite URL import of the package's "./jixiao_bg.wasm" export, given to init().
import * as jixiao from "jixiao";
import wasmUrl from "jixiao/jixiao_bg.wasm?url";
import { report, run } from "../app/case.js";

report(jixiao.init(wasmUrl).then(() => Promise.all([run(jixiao), wasmUrl])));
