#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer, nightly, AddressSanitizer) over crate/fuzz's targets: what a
# server's bytes reach first (RLP and JSON headers, blocks, receipts, transactions, proof walks,
# beacon SSZ answers) and the lane-wise hashes against the scalar ones.
#   bash scripts/fuzz.sh run [seconds per target]   grow each target's corpus (crate/fuzz/corpus/<target>)
#   bash scripts/fuzz.sh replay                     every corpus input once, as CI does
# A crash or a hang leaves its input in crate/fuzz/artifacts/<target>/ and fails the command.
set -euo pipefail
cd "$(dirname "$0")/../crate"

command -v cargo-fuzz >/dev/null || cargo install -q cargo-fuzz --version 0.13.2 --locked
targets=$(cargo +nightly fuzz list)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One libFuzzer run; on a crash or hang its report is printed and the script fails.
fuzz() {
  local target=$1
  shift
  mkdir -p "fuzz/corpus/$target"
  if ! cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@" >"$log" 2>&1; then
    tail -40 "$log"
    echo "$target: FAILED (input in crate/fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  echo "$target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs, corpus $(find "fuzz/corpus/$target" -type f | wc -l) inputs"
}

case "${1:-replay}" in
  run)
    for target in $targets; do
      fuzz "$target" -max_total_time="${2:-60}"
      # Keep the corpus small: only inputs that add coverage.
      cargo +nightly fuzz cmin -O "$target" "fuzz/corpus/$target" >/dev/null 2>&1
    done
    ;;
  replay)
    for target in $targets; do fuzz "$target" -runs=0; done
    ;;
  *)
    echo "usage: $0 run [seconds] | replay" >&2
    exit 2
    ;;
esac
