#!/usr/bin/env bash
# Benchmarks: `evaluate` on 10 000 and 100 000 generated people natively (cargo bench)
# and through the npm package in Node, against a JS interpreter of the same scheme over
# decimal.js and over JS numbers (bench/peers.mjs, one process, answers checked person by
# person), plus the wasm size (raw and gzipped). Writes the
# figures into BENCHMARKS.md between the <!-- results --> markers.
# Usage: bash scripts/bench.sh [--quick]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
bash scripts/setup.sh
bash scripts/build.sh
out=$(mktemp)
{
  echo "Run on $(date -u +%Y-%m-%d) — $(nproc) cores, $(rustc --version), node $(node --version)."
  echo
  echo '```'
  cargo bench --bench evaluate -- "$@" 2>/dev/null | grep '^native'
  node bench/node.mjs "$@"
  node bench/peers.mjs "$@"
  node bench/browser.mjs "$@"
  node -e '
    const zlib = require("zlib");
    const wasm = require("fs").readFileSync("pkg/jixiao_bg.wasm");
    const gz = zlib.gzipSync(wasm, { level: 9 }).length;
    const br = zlib.brotliCompressSync(wasm, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`wasm (pkg/jixiao_bg.wasm, after wasm-opt): ${wasm.length} bytes raw, ${gz} bytes gzip -9, ${br} bytes brotli q11`);
  '
  echo '```'
} | tee "$out"
node -e '
  const fs = require("fs");
  const [file, res] = [process.argv[1], fs.readFileSync(process.argv[2], "utf8")];
  const text = fs.readFileSync(file, "utf8");
  const re = /<!-- results -->[\s\S]*<!-- \/results -->/;
  if (!re.test(text)) { console.error("no results markers in " + file); process.exit(1); }
  fs.writeFileSync(file, text.replace(re, "<!-- results -->\n" + res + "<!-- /results -->"));
' BENCHMARKS.md "$out"
rm -f "$out"
echo "[bench] BENCHMARKS.md updated"
