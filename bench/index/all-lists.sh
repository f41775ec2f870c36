#!/usr/bin/env bash
# Builds one index from every official list provided under ../shared/data (13 files or
# directories, about 46,500 entities) and times loading it:
#
#   bench/index/all-lists.sh [INDEX]        (default /tmp/vetter-all-lists.idx)
#
# Uses the release binary (target/release/vetter, or $VETTER).
set -euo pipefail
cd "$(dirname "$0")/../.."
INDEX=${1:-/tmp/vetter-all-lists.idx}
VETTER=${VETTER:-${CARGO_TARGET_DIR:-target}/release/vetter}
[ -x "$VETTER" ] || cargo build --release -p vetter-cli
D=../shared/data
"$VETTER" index build \
  --source ofac-sdn=$D/us-ofac-sdn/2023-12-28 \
  --source un=$D/un-sc-consolidated/2026-02-27/UN_consolidated.xml \
  --source uk-ofsi=$D/uk-ofsi-conlist/2025-04-10/UK_Sanctions_List.xlsx \
  --source uk-fcdo=$D/uk-fcdo-sanctions-list-derived/2026-05-13 \
  --source eu-eurlex=$D/eu-oj-sanctions-opensanctions \
  --source ca-sema=$D/ca-sema/2025-05-25/cannada.xml \
  --source au-dfat=$D/au-dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx \
  --source ch-seco=$D/ch-seco-sample/seco.xml \
  --source ofac-cons=$D/us-ofac-consolidated/2025-12-19 \
  --source ofac-enhanced=$D/us-ofac-sls-enhanced-xml-filtered/2024-05-24/yemen_sanctions.xml \
  --source ofac-enhanced=$D/us-ofac-sls-enhanced-xml-filtered/2024-08-28/IRGC_sanctions.xml \
  --source us-bis-dpl=$D/us-bis-dpl/2023-11-30/dpl.txt \
  --source us-csl=$D/us-trade-csl-partial/2023-11-30/csl.csv \
  --output "$INDEX" 2>&1 | grep -E "^wrote|entities," || true
ls -l "$INDEX"
"$VETTER" bench --queries 300 --index "$INDEX" | grep -E "other_index|index_load_ms" 
