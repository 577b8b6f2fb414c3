#!/usr/bin/env bash
# CLI speed (issue 4, "Speed"): `recoup-tasks tasks list --json` against a running local server
# (`serve`) holding 50 tasks — wall time per invocation (hyperfine when installed, else a timed
# loop) and peak memory (`/usr/bin/time -v`). For scale, the Recoup CLI (Node) takes about
# 157 ms and 83 MiB for the same command; the target is ≤ 10 ms and ≤ 15 MiB. On a busy
# 2-core machine the numbers are noisy: compare with the `--version` and curl rows.
#
#   benches/cli_tasks.sh              # 200 runs
#   RUNS=50 benches/cli_tasks.sh      # quicker
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-200}
PORT=${PORT:-18797}
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet --bin recoup-tasks
bin=target/release/recoup-tasks
key="recoup_sk_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$PORT" --db "$work/bench.db" --api-key "$key" \
  >/dev/null 2>&1 &
server_pid=$!

export RECOUP_API_URL="http://127.0.0.1:$PORT" RECOUP_API_KEY="$key"
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" TZ=UTC
for _ in $(seq 100); do "$bin" tasks list --json >/dev/null 2>&1 && break; sleep 0.1; done

echo "seeding 50 tasks…"
for i in $(seq 50); do
  "$bin" tasks create --title "Task $i" --prompt "Summarize fans, take $i" \
    --schedule "$((i % 60)) $((i % 24)) * * *" \
    --artist 1b4e28ba-2fa1-41d2-883f-0016d3cca427 >/dev/null
done
count=$("$bin" tasks list --json | grep -c '"title"')
echo "tasks listed: $count; reply $("$bin" tasks list --json | wc -c) bytes of JSON"

echo
echo "== wall time: recoup-tasks tasks list --json (${RUNS} runs) =="
if command -v hyperfine >/dev/null; then
  # `--version` is the process floor; curl doing the same GET is the HTTP floor.
  # (Named, so the bench key is not printed.)
  baseline=()
  if command -v curl >/dev/null; then
    baseline=(-n "curl GET /api/tasks" "curl -s -H x-api-key:$key $RECOUP_API_URL/api/tasks")
  fi
  hyperfine --warmup 5 --runs "$RUNS" -N -n "recoup-tasks --version" "$bin --version" \
    "${baseline[@]}" -n "recoup-tasks tasks list --json" "$bin tasks list --json"
else
  for _ in $(seq 5); do "$bin" tasks list --json >/dev/null; done
  times="$work/times"
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    "$bin" tasks list --json >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >>"$times"
  done
  sort -n "$times" | awk -v runs="$RUNS" '
    { t[NR] = $1; sum += $1 }
    END {
      printf "mean %.2f ms  median %.2f ms  min %.2f ms  p95 %.2f ms  max %.2f ms  (hyperfine not installed: a shell loop, includes fork/exec)\n",
        sum / NR / 1000, t[int((NR + 1) / 2)] / 1000, t[1] / 1000, t[int(NR * 0.95)] / 1000, t[NR] / 1000
    }'
fi

echo
echo "== peak memory (maximum resident set size) =="
/usr/bin/time -v "$bin" tasks list --json 2>"$work/time.txt" >/dev/null
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
awk -v kb="$rss_kb" 'BEGIN { printf "%d KiB = %.1f MiB\n", kb, kb / 1024 }'
