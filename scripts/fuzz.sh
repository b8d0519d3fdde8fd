#!/usr/bin/env bash
# Fuzzes jixiao with cargo-fuzz (libFuzzer) over every target in fuzz/fuzz_targets/,
# and prints the executions of each and in all (DESIGN.md, "Fuzzing").
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
#   bash scripts/fuzz.sh 20            # the short run .ci/run does (every target, 20 s each)
#   bash scripts/fuzz.sh 1800          # the long run: half an hour a target
#   bash scripts/fuzz.sh 600 rows      # one target
#
# Installs what is missing, idempotently, from the registries: the nightly toolchain
# (rustup) and cargo-fuzz (crates.io). New interesting inputs go to a scratch corpus
# (target/fuzz-corpus/); the committed corpus (fuzz/corpus/) is read, never written, so a
# CI run leaves the tree clean. `JIXIAO_FUZZ_KEEP=1` merges the new inputs into
# fuzz/corpus/ afterwards (cargo fuzz cmin). A crash leaves its input in
# fuzz/artifacts/TARGET/ and fails the script; reproduce it with
# `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…`. `JIXIAO_FUZZ_SEED=N` fixes
# libFuzzer's seed (0, the default, picks one at random): .ci/run fixes it, so a CI run
# replays the same inputs and never fails on a finding that a longer run met first.
# `JIXIAO_FUZZ_RUNS=N` stops each target after N executions instead of after the seconds
# (the seconds still bound it). `JIXIAO_FUZZ_SANITIZER=none` builds without
# AddressSanitizer: jixiao has no `unsafe`, and a run executes two to three times as
# many inputs in the same time (DESIGN.md, "Fuzzing").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_TARGET=${1:-20}
shift || true
ALL=(scheme_text scheme_mutated rows formula targets incentives hosts)
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=("${ALL[@]}")

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi

SANITIZER=(-s "${JIXIAO_FUZZ_SANITIZER:-address}")
RUNS=()
[[ -n "${JIXIAO_FUZZ_RUNS:-}" ]] && RUNS=(-runs="$JIXIAO_FUZZ_RUNS")

cd fuzz
cargo +nightly fuzz build "${SANITIZER[@]}"
SCRATCH="$ROOT/target/fuzz-corpus"
LOGS="$ROOT/target/fuzz-logs"
mkdir -p "$LOGS"
total=0
failed=0
printf '\n%-16s %12s %8s  %s\n' target executions seconds result
for t in "${TARGETS[@]}"; do
  mkdir -p "$SCRATCH/$t" "corpus/$t"
  seeds=()
  [[ -d "seeds/$t" ]] && seeds=("seeds/$t")
  rc=0
  cargo +nightly fuzz run "${SANITIZER[@]}" "$t" "$SCRATCH/$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_PER_TARGET" -dict=dict/jixiao.dict -rss_limit_mb=2560 \
    -max_len=8192 -timeout=20 -print_final_stats=1 -seed="${JIXIAO_FUZZ_SEED:-0}" "${RUNS[@]}" >"$LOGS/$t.log" 2>&1 || rc=$?
  runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$LOGS/$t.log" | grep -oE '[0-9]+$' | tail -1 || true)
  runs=${runs:-0}
  total=$((total + runs))
  if ((rc == 0)); then
    result=ok
  else
    result="FAILED (exit $rc; log target/fuzz-logs/$t.log)"
    failed=1
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$LOGS/$t.log" | head -8 || true
  fi
  printf '%-16s %12s %8s  %s\n' "$t" "$runs" "$SECONDS_PER_TARGET" "$result"
  if [[ "${JIXIAO_FUZZ_KEEP:-}" == 1 && $rc == 0 ]]; then
    cp -n "$SCRATCH/$t"/* "corpus/$t/" 2>/dev/null || true
    cargo +nightly fuzz cmin "${SANITIZER[@]}" "$t" "corpus/$t" >/dev/null 2>&1 || true
  fi
done
printf '%-16s %12s\n' "in all" "$total"
exit "$failed"
