#!/usr/bin/env bash
# Load test of `vetter serve` on loopback: POST /match/default with one Person query
# ("Kun Kim"), against all bundled lists, at several concurrency levels, with an API key
# and the audit log on (as in production). Prints requests/s and p50/p99 latency per level.
#
#   bench/load/match.sh                      # 5 s per level, concurrency 1 8 32
#   DURATION=10 LEVELS="1 8 32 64" bench/load/match.sh
#
# Uses oha when installed (cargo install oha), else wrk (apt-get install wrk). Traffic goes
# to 127.0.0.1 only; every run is bounded by DURATION, and the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-5}
LEVELS=${LEVELS:-"1 8 32"}
PORT=${PORT:-18431}
BIN=${VETTER_BIN:-${CARGO_TARGET_DIR:-target}/release/vetter}
URL="http://127.0.0.1:${PORT}/match/default"
KEY="load-test-key"
BODY='{"queries":{"q1":{"schema":"Person","properties":{"name":["Kun Kim"]}}}}'

if command -v oha >/dev/null; then TOOL=oha
elif command -v wrk >/dev/null; then TOOL=wrk
else
  echo "needs oha (cargo install oha) or wrk (apt-get install wrk)" >&2
  exit 1
fi
if [ ! -x "$BIN" ]; then
  cargo build --release -p vetter-cli
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

HASH=$("$BIN" serve --hash-key "$KEY")
cat > "$WORK/vetter.toml" <<TOML
[server]
bind = "127.0.0.1:${PORT}"
audit_db = "${WORK}/audit.sqlite"

[[server.keys]]
id = "load-test"
sha256 = "${HASH}"
scope = "read"
TOML

VETTER_LOG=warn "$BIN" serve --config "$WORK/vetter.toml" 2>"$WORK/server.log" &
SERVER_PID=$!

# Wait (at most 120 s: the first run parses the bundled lists) until the server is ready.
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:${PORT}/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$BODY" "$URL" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["responses"]["q1"]["results"][0]; print("check:", r["id"], r["score"], "match" if r["match"] else "no match")'

cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '${BODY}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${KEY}"
LUA

run_level() {
  local c=$1 seconds=$2
  if [ "$TOOL" = oha ]; then
    oha -z "${seconds}s" -c "$c" -m POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "$BODY" --no-tui --output-format json "$URL" 2>/dev/null \
    | python3 -c '
import json, sys
d = json.load(sys.stdin)
s, p = d["summary"], d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
print("%8.0f %10.2f %10.2f %s" % (s["requestsPerSec"], p["p50"] * 1000, p["p99"] * 1000, codes))'
  else
    wrk -t1 -c "$c" -d "${seconds}s" --latency -s "$WORK/post.lua" "$URL" \
    | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    n, u = float(m.group(1)), m.group(2)
    return n / 1000 if u == "us" else n * 1000 if u == "s" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
note = ("non-2xx: " + bad.group(1)) if bad else ""
note += (" socket errors: " + errors.group(1)) if errors else ""
print("%8.0f %10.2f %10.2f %s" % (rps, p50, p99, note))'
  fi
}

run_level 4 1 >/dev/null   # warm-up
echo "tool: $TOOL, ${DURATION}s per level, $(nproc) cores, POST /match/default (one Person query), API key + audit log on"
printf "%5s %8s %10s %10s\n" conc "req/s" "p50 ms" "p99 ms"
for c in $LEVELS; do
  printf "%5s " "$c"
  run_level "$c" "$DURATION"
done

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""

# The audit log: every row complete after a graceful stop, and after kill -9 mid-load.
check_audit() {
  python3 -c '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("pragma integrity_check").fetchone()[0] == "ok", "integrity_check failed"
rows = db.execute("select request, results, lists from match_audit").fetchall()
for request, results, lists in rows:
    json.loads(request); json.loads(results); json.loads(lists)
print(len(rows))' "$WORK/audit.sqlite"
}
BEFORE=$(check_audit)
echo "audit rows after graceful stop: $BEFORE (integrity ok, every row parses)"
VETTER_LOG=warn "$BIN" serve --config "$WORK/vetter.toml" 2>>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:${PORT}/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
run_level 8 3 >/dev/null 2>&1 &
LOAD_PID=$!
sleep 1.5
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
wait "$LOAD_PID" 2>/dev/null || true
SERVER_PID=""
AFTER=$(check_audit)
echo "audit rows after kill -9 mid-load: $AFTER (+$((AFTER - BEFORE)), integrity ok, every row parses)"
