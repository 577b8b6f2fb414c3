#!/usr/bin/env bash
# Instructions per schedule preview (parse + next 5 fires in America/New_York), ours beside the
# `cron` crate 0.17 and croner 4.0.3, counted by callgrind: unlike wall time, this does not
# move with the machine's load. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/../../.."  # the workspace root, where target/ is
cargo build -p trigger-cron --release --example preview_engines --quiet
bin=target/release/examples/preview_engines
count() { # engine iterations [expr]
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
base=$(count none 1)
printf '%-18s %-14s %s\n' expression engine instructions/preview
for expr in "0 9 * * 4" "*/15 * * * *" "30 8 * * 1-5" "0 0 1 * *" "0 9-17/3 * * 1-5"; do
  for engine in trigger-cron cron croner parse describe; do
    n=200
    total=$(count "$engine" "$n" "$expr")
    printf '%-18s %-14s %d\n' "$expr" "$engine" $(( (total - base) / n ))
  done
done
