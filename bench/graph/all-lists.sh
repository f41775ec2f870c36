#!/usr/bin/env bash
# Builds one index over every official list provided in ../shared/data (the numbers of the
# README's "Relationship graph" and "Cross-list identity" sections), then prints the link
# counts, the 50 % rule aggregation and the merged entities.
#   bench/graph/all-lists.sh [INDEX_PATH]      (default: target/all-lists.idx)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data
out=${1:-target/all-lists.idx}
vetter=${VETTER:-target/release/vetter}
[ -x "$vetter" ] || cargo build -q --release -p vetter-cli
[ -x "$vetter" ] || vetter="${CARGO_TARGET_DIR:-target}/release/vetter"
"$vetter" index build --output "$out" \
  --source ofac-sdn=$data/us-ofac-sdn/2023-12-28 \
  --source un=$data/un-sc-consolidated/2026-02-27/UN_consolidated.xml \
  --source uk-ofsi=$data/uk-ofsi-conlist/2025-04-10/UK_Sanctions_List.xlsx \
  --source uk-fcdo=$data/uk-fcdo-sanctions-list-derived/2026-05-13 \
  --source eu-eurlex=$data/eu-oj-sanctions-opensanctions/consolidated \
  --source ca-sema=$data/ca-sema/2025-05-25/cannada.xml \
  --source au-dfat=$data/au-dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx \
  --source ch-seco=$data/ch-seco-sample/seco.xml \
  --source ofac-cons=$data/us-ofac-consolidated/2025-12-19 \
  --source ofac-enhanced=$data/us-ofac-sls-enhanced-xml-filtered/2024-05-24/yemen_sanctions.xml \
  --source ofac-enhanced=$data/us-ofac-sls-enhanced-xml-filtered/2024-08-28/IRGC_sanctions.xml \
  --source us-bis-dpl=$data/us-bis-dpl/2023-11-30/dpl.txt \
  --source us-csl=$data/us-trade-csl-partial/2023-11-30/csl.csv \
  --source ftm=$data/opensanctions/yente-fixture-zala/entities.ftm.json \
  2> "$out.log"
grep -v '^  refused' "$out.log"
echo "refused merges: $(grep -c '^  refused' "$out.log" || true) (listed in $out.log)"
"$vetter" index merges "$out" > "$out.merges.txt"
echo "merged entities: $(grep -c '^[^ ]' "$out.merges.txt") (listed in $out.merges.txt)"
