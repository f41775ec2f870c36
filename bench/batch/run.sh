#!/usr/bin/env bash
# Batch screening benchmark: rows per second and peak memory of
#   vetter screen --input ROWS.csv --output ALERTS.csv
# on the bundled lists, under /usr/bin/time -v.
#
#   bench/batch/run.sh [ROWS.csv] [ALERTS.csv]     (default /tmp/rows.csv, /tmp/alerts.csv)
#
# Build the rows first with bench/batch/make_rows.py (1,000,000 by default). Uses the
# release binary (target/release/vetter, or $VETTER); the bundled index is built and cached
# by a first untimed run on a small file, so the timed run measures screening.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-/tmp/rows.csv}
ALERTS=${2:-/tmp/alerts.csv}
VETTER=${VETTER:-${CARGO_TARGET_DIR:-target}/release/vetter}
[ -x "$VETTER" ] || cargo build --release -p vetter-cli
[ -f "$ROWS" ] || python3 bench/batch/make_rows.py --output "$ROWS"

# Warm the index cache (and the page cache of the input).
head -n 100 "$ROWS" > "$ALERTS.warm.csv"
"$VETTER" screen --quiet --input "$ALERTS.warm.csv" --output "$ALERTS.warm.out.csv" 2>/dev/null
rm -f "$ALERTS.warm.csv" "$ALERTS.warm.out.csv"
cat "$ROWS" > /dev/null

LOG=$(mktemp)
/usr/bin/time -v "$VETTER" screen --quiet --input "$ROWS" --output "$ALERTS" 2> "$LOG"
grep -v "$(printf '^\t')" "$LOG" || true
ROWS_N=$(($(wc -l < "$ROWS") - 1))
WALL=$(grep "Elapsed (wall clock)" "$LOG" | awk '{print $NF}')
RSS_KB=$(grep "Maximum resident set size" "$LOG" | awk '{print $NF}')
SECONDS_WALL=$(echo "$WALL" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
echo "rows: $ROWS_N  wall: ${SECONDS_WALL} s (index load included)"
awk -v n="$ROWS_N" -v s="$SECONDS_WALL" 'BEGIN { printf "rows/s: %.0f\n", n / s }'
awk -v k="$RSS_KB" 'BEGIN { printf "peak RSS: %.0f MB\n", k / 1024 }'
echo "alert lines: $(($(wc -l < "$ALERTS") - 1))"
rm -f "$LOG"
