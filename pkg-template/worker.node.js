// jixiao's worker_threads Worker for `Engine.evaluateAsync` in Node (DESIGN.md, "Off the
// main thread"). Started by index.node.js with the compiled wasm module as `workerData.module`.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import * as glue from "./jixiao.js";
import { createWorkerHost } from "./worker.js";

glue.initSync({ module: workerData?.module ?? readFileSync(new URL("./jixiao_bg.wasm", import.meta.url)) });

parentPort.on("message", createWorkerHost(glue, (message) => parentPort.postMessage(message)));
