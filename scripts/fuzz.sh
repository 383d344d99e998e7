#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer, nightly, AddressSanitizer) over crate/fuzz's targets: what a
# server's bytes reach first (RLP and JSON headers, blocks, receipts, transactions, proof walks,
# beacon SSZ answers) and the lane-wise hashes against the scalar ones.
#   bash scripts/fuzz.sh run [seconds per target]   grow each target's corpus (crate/fuzz/corpus/<target>)
#   bash scripts/fuzz.sh campaign [executions] [target...]
#                                                   run the targets (default all) in 5-minute slices until
#                                                   each one's total in crate/fuzz/ledger.tsv reaches the
#                                                   count (10 million)
#   bash scripts/fuzz.sh ledger                     executions so far, per target
#   bash scripts/fuzz.sh replay                     every corpus input once, as CI does
#   bash scripts/fuzz.sh pack                       the corpora into crate/fuzz/corpora.tar.gz (committed;
#                                                   replay unpacks it where no corpus is)
# Every run adds its executions to the ledger, so a campaign spreads over as many sittings as it takes.
# FUZZ_MAX_LEN=N caps the inputs libFuzzer makes (batch_hash hashes every byte twice per lane width,
# so at the default 4,096 it runs about 550 executions a second under ASan). FUZZ_SANITIZER=none runs
# without AddressSanitizer, for targets whose code has no `unsafe` of its own (batch_hash: the lane
# hashes against the scalar ones), where it finds nothing and costs most of the time.
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
  if ! cargo +nightly fuzz run -O -s "${FUZZ_SANITIZER:-address}" "$target" "fuzz/corpus/$target" -- -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${FUZZ_MAX_LEN:+-max_len=$FUZZ_MAX_LEN} "$@" >"$log" 2>&1; then
    tail -40 "$log"
    echo "$target: FAILED (input in crate/fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  echo "$target: $runs runs, corpus $(find "fuzz/corpus/$target" -type f | wc -l) inputs"
}

# Executions of `target` recorded in the ledger.
total() {
  awk -F'\t' -v t="$1" '$2 == t { n += $3 } END { print n + 0 }' fuzz/ledger.tsv 2>/dev/null || echo 0
}

# One slice of `target`, its executions added to the ledger, then only the inputs that add coverage kept.
slice() {
  fuzz "$1" -max_total_time="$2"
  printf '%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "${runs:-0}" >>fuzz/ledger.tsv
  cargo +nightly fuzz cmin -O -s "${FUZZ_SANITIZER:-address}" "$1" "fuzz/corpus/$1" >/dev/null 2>&1
}

case "${1:-replay}" in
  run)
    for target in $targets; do slice "$target" "${2:-60}"; done
    ;;
  campaign)
    [ $# -gt 2 ] && targets="${*:3}"
    for target in $targets; do
      while [ "$(total "$target")" -lt "${2:-10000000}" ]; do slice "$target" 300; done
    done
    ;;
  ledger)
    for target in $targets; do printf '%-14s %12s executions\n' "$target" "$(total "$target")"; done
    ;;
  replay)
    [ -d fuzz/corpus ] || tar -xzf fuzz/corpora.tar.gz -C fuzz
    for target in $targets; do fuzz "$target" -runs=0; done
    ;;
  pack)
    tar -czf fuzz/corpora.tar.gz -C fuzz --sort=name --owner=0 --group=0 --mtime=@0 corpus
    du -h fuzz/corpora.tar.gz
    ;;
  *)
    echo "usage: $0 run [seconds] | campaign [executions] [target...] | ledger | replay | pack" >&2
    exit 2
    ;;
esac
