#!/usr/bin/env bash
# Load bench of the local API (issue 3, "Speed"): GET /api/tasks for an account with 100 tasks
# in a database of 10,000 tasks, and POST /api/tasks, at 1, 8 and 64 concurrent clients on
# loopback, side by side with a ceiling (a bare axum endpoint returning the same body,
# pre-serialised). Needs `wrk` (apt-get install wrk) and python3.
#
#   benches/server_load.sh            # 10 s per run
#   DURATION=3 benches/server_load.sh # quicker
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
API_PORT=${API_PORT:-18787}
CEILING_PORT=${CEILING_PORT:-18788}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
cargo build --release --quiet --bin recoup-tasks
cargo bench --no-run --quiet --bench server_ceiling 2>/dev/null
bin=target/release/recoup-tasks
db="$work/bench.db"

# The measured account (100 tasks), one that owns the 9,900 others, one that does the POSTs.
KEY=$("$bin" accounts create --email me@bench --db "$db" | tail -n 1)
other_key=$("$bin" accounts create --email other@bench --db "$db" | tail -n 1)
poster_key=$("$bin" accounts create --email poster@bench --db "$db" | tail -n 1)

RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$API_PORT" --db "$db" >/dev/null 2>&1 &
pids+=($!)
url="http://127.0.0.1:$API_PORT"
for _ in $(seq 100); do curl -fs -H "x-api-key: $KEY" "$url/api/accounts/id" >/dev/null && break; sleep 0.1; done

echo "seeding 10,000 tasks…"
python3 - "$url" "$KEY" "$other_key" <<'PY'
import http.client, json, sys, threading
url, key, other = sys.argv[1], sys.argv[2], sys.argv[3]
host = url.split("//")[1]
def post(api_key, count, tag):
    conn = http.client.HTTPConnection(host)
    for n in range(count):
        body = json.dumps({"title": f"{tag} {n}", "prompt": "Summarize this week's fan activity",
                           "schedule": "0 9 * * 1", "artist_account_id": "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
                           "timezone": "America/New_York"})
        conn.request("POST", "/api/tasks", body, {"x-api-key": api_key, "content-type": "application/json"})
        reply = conn.getresponse(); reply.read()
        assert reply.status == 200, reply.status
threads = [threading.Thread(target=post, args=(key, 100, "mine"))]
threads += [threading.Thread(target=post, args=(other, 2475, f"other{i}")) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
PY

get_body="$work/get.json"
curl -fs -H "x-api-key: $KEY" "$url/api/tasks" >"$get_body"
echo "GET body: $(wc -c <"$get_body") bytes, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tasks"]))' "$get_body") tasks"
post_body='{"title":"Bench","prompt":"Summarize fans","schedule":"0 9 * * 1","artist_account_id":"1b4e28ba-2fa1-41d2-883f-0016d3cca427"}'
curl -fs -X POST -H "x-api-key: $poster_key" -H "content-type: application/json" -d "$post_body" "$url/api/tasks" >"$work/post.json"

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$post_body'
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "$poster_key"
LUA

CEILING_ADDR="127.0.0.1:$CEILING_PORT" CEILING_BODY="$get_body" cargo bench --quiet --bench server_ceiling >/dev/null 2>&1 &
pids+=($!)
CEILING_ADDR="127.0.0.1:$((CEILING_PORT + 1))" CEILING_BODY="$work/post.json" cargo bench --quiet --bench server_ceiling >/dev/null 2>&1 &
pids+=($!)
ceiling="http://127.0.0.1:$CEILING_PORT"
post_ceiling="http://127.0.0.1:$((CEILING_PORT + 1))"
for _ in $(seq 600); do curl -fs "$ceiling/" >/dev/null && curl -fs "$post_ceiling/" >/dev/null && break; sleep 0.1; done

# One wrk run → "requests/s p99"
run() {
  local clients=$1; shift
  local threads=$(( clients < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$clients" -d"${DURATION}s" --latency "$@" 2>/dev/null |
    awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {printf "%10.0f %10s", rps, p99}'
}

printf "\n%-28s %7s %10s %10s\n" "scenario" "clients" "req/s" "p99"
for clients in 1 8 64; do
  printf "%-28s %7s %s\n" "GET /api/tasks (100 tasks)" "$clients" "$(run "$clients" -H "x-api-key: $KEY" "$url/api/tasks")"
  printf "%-28s %7s %s\n" "ceiling, same body" "$clients" "$(run "$clients" "$ceiling/api/tasks")"
done
for clients in 1 8 64; do
  printf "%-28s %7s %s\n" "POST /api/tasks" "$clients" "$(run "$clients" -s "$work/post.lua" "$url/api/tasks")"
  printf "%-28s %7s %s\n" "ceiling, same body" "$clients" "$(run "$clients" -s "$work/post.lua" "$post_ceiling/api/tasks")"
done
echo
echo "machine: $(nproc) cores; database: $(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from scheduled_actions").fetchone()[0])' "$db") tasks at the end"
