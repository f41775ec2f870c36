#!/usr/bin/env bash
# Scaling benchmark of screening workers on NATS JetStream with PostgreSQL, against plain
# `vetter screen --input` of the same file.
#
#   VETTER_BENCH_NATS_URL=nats://127.0.0.1:4222 \
#   VETTER_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
#   bench/worker/run.sh [ROWS=200000] [WORKER COUNTS="1 2 4"]
#
# Rows are real names from ../shared/data (bench/batch/make_rows.py). For each worker
# count the workers are started and have loaded the index before `vetter submit` starts;
# the time is submit's: publishing every record, screening, recording in PostgreSQL and
# receiving every result. One more run with 1 worker and no database shows the
# PostgreSQL share. Needs a release build: cargo build --release -p vetter-cli.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-200000}"
COUNTS="${2:-1 2 4}"
NATS="${VETTER_BENCH_NATS_URL:?set VETTER_BENCH_NATS_URL (a nats-server with -js)}"
DB="${VETTER_BENCH_DATABASE_URL:?set VETTER_BENCH_DATABASE_URL (PostgreSQL)}"
BIN="${VETTER_BIN:-${CARGO_TARGET_DIR:-target}/release/vetter}"
WORK="$(mktemp -d)"
export VETTER_INDEX="$WORK/bundled.idx"
trap 'jobs -p | xargs -r kill 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 bench/batch/make_rows.py --rows "$ROWS" --seed 11 --output "$WORK/rows.csv" >/dev/null
"$BIN" screen Kim >/dev/null # builds and caches the index outside the timings

rate() { grep -o '[0-9,]* rows/s' | head -1 | tr -d ', rows/s'; }

echo "rows: $ROWS on $(nproc) cores"
single=$("$BIN" screen --quiet --input "$WORK/rows.csv" --output "$WORK/single.jsonl" 2>&1)
echo "plain vetter screen --input: $(echo "$single" | grep '^rows read') | $(echo "$single" | rate) rows/s"

run() { # run NAME WORKERS DB_ARGS...
  local label=$1 n=$2; shift 2
  local stream="bench$RANDOM$RANDOM" pids=()
  for i in $(seq 1 "$n"); do
    "$BIN" worker --nats "$NATS" --stream "$stream" "$@" --name "w$i" 2>"$WORK/w$i.log" &
    pids+=($!)
  done
  for i in $(seq 1 "$n"); do
    until grep -q "index " "$WORK/w$i.log" 2>/dev/null; do sleep 0.2; done
  done
  local out
  out=$("$BIN" submit --quiet --nats "$NATS" --stream "$stream" --input "$WORK/rows.csv" 2>&1)
  kill -TERM "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  local r
  r=$(echo "$out" | rate)
  echo "$label: $(echo "$out" | grep '^rows read') | $r rows/s, $((r / n)) rows/s per worker"
}

for n in $COUNTS; do
  run "$n worker(s), NATS + PostgreSQL" "$n" --db "$DB"
done
run "1 worker, NATS only (no database)" 1
