#!/usr/bin/env bash
# Regenerate bench/peer/results/ (per-pair scores + summary.json) with the peer
# (nomenklatura logic-v2). Prints the JSON summary on stdout.
# EVAL_DIR defaults to the shared eval folder beside the work tree.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
eval_dir="${EVAL_DIR:-$root/../shared/eval}"
bash "$here/setup.sh" >&2
exec "$root/bench/.venv/bin/python" "$here/score_pairs.py" \
  --pairs "$eval_dir/name-cases.dev.jsonl" \
  --output "$here/results/name-cases.dev.logic-v2.jsonl" \
  --cross-script "$eval_dir/cross-script-pairs.csv" \
  --cross-output "$here/results/cross-script.logic-v2.jsonl" \
  --summary "$here/results/summary.json" "$@"
