#!/usr/bin/env bash
# Monitoring benchmark: re-screening a customer book after the OFAC SDN update
# 2021-07-07 -> 2023-12-28 with `vetter monitor run --old … --new …`: wall time and peak
# RSS (/usr/bin/time -v), on SQLite and on PostgreSQL.
#
#   bench/monitor/run.sh [ROWS]        (default 1,000,000)
#
# The book is built from real names by bench/batch/make_rows.py and loaded untimed with
# `monitor add --no-screen` (its load time is printed too); the timed step is the run:
# diff of the two versions, the book's index, the search of every added and changed
# listed entity in it, scoring, and the transactions that record the alerts. PostgreSQL:
# $VETTER_BENCH_DATABASE_URL (a server URL; the database `vetter_bench` is recreated on
# it), else a local cluster started by .ci/postgres.sh. Uses the release binary
# (target/release/vetter, or $VETTER).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
VETTER=${VETTER:-${CARGO_TARGET_DIR:-target}/release/vetter}
[ -x "$VETTER" ] || cargo build --release -p vetter-cli
OLD=../shared/data/us-ofac-sdn/2021-07-07
NEW=../shared/data/us-ofac-sdn/2023-12-28
[ -d "$OLD" ] && [ -d "$NEW" ] || { echo "needs ../shared/data/us-ofac-sdn" >&2; exit 1; }
BOOK=/tmp/vetter-monitor-book-$ROWS.csv
[ -f "$BOOK" ] || python3 bench/batch/make_rows.py --rows "$ROWS" --output "$BOOK"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

measure() { # LABEL DB
    local label=$1 db=$2 log=$WORK/time.log started ended
    started=$(date +%s.%N)
    "$VETTER" monitor add --input "$BOOK" --no-screen --db "$db" > "$WORK/add.out"
    ended=$(date +%s.%N)
    echo "$label: book of $ROWS rows loaded in $(echo "$ended - $started" | bc) s (untimed setup)"
    /usr/bin/time -v "$VETTER" monitor run --old "$OLD" --new "$NEW" --db "$db" > "$WORK/run.out" 2> "$log"
    cat "$WORK/run.out"
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
    echo "$label: monitor run wall ${wall} s, peak RSS $((rss / 1024)) MB"
}

measure sqlite "$WORK/monitor.sqlite"
BASE=${VETTER_BENCH_DATABASE_URL:-$(.ci/postgres.sh)}
psql "$BASE" -q -c "DROP DATABASE IF EXISTS vetter_bench WITH (FORCE)" -c "CREATE DATABASE vetter_bench"
measure postgres "${BASE%/*}/vetter_bench"
