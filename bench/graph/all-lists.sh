#!/usr/bin/env bash
# Builds one index over every official list provided in ../shared/data (the numbers of the
# README's "Relationship graph" and "Cross-list identity" sections), then prints the link
# counts, the 50 % rule aggregation, and writes the merged entities and refused merges.
#   bench/graph/all-lists.sh [INDEX_PATH]      (default: target/all-lists.idx)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data
out=${1:-target/all-lists.idx}
cargo run -q --release -p vetter-graph --example all_lists -- "$out" \
  ofac-sdn=$data/us-ofac-sdn/2023-12-28 \
  un=$data/un-sc-consolidated/2026-02-27/UN_consolidated.xml \
  uk-ofsi=$data/uk-ofsi-conlist/2025-04-10/UK_Sanctions_List.xlsx \
  uk-fcdo=$data/uk-fcdo-sanctions-list-derived/2026-05-13 \
  eu-eurlex=$data/eu-oj-sanctions-opensanctions/consolidated \
  ca-sema=$data/ca-sema/2025-05-25/cannada.xml \
  au-dfat=$data/au-dfat-consolidated/2024-11-11/regulation8_consolidated.xlsx \
  ch-seco=$data/ch-seco-sample/seco.xml \
  ofac-cons=$data/us-ofac-consolidated/2025-12-19 \
  ofac-enhanced=$data/us-ofac-sls-enhanced-xml-filtered/2024-05-24/yemen_sanctions.xml \
  ofac-enhanced=$data/us-ofac-sls-enhanced-xml-filtered/2024-08-28/IRGC_sanctions.xml \
  us-bis-dpl=$data/us-bis-dpl/2023-11-30/dpl.txt \
  us-csl=$data/us-trade-csl-partial/2023-11-30/csl.csv \
  ftm=$data/opensanctions/yente-fixture-zala/entities.ftm.json \
  | tee "$out.log"
echo "merged entities: $out.merges.txt; refused merges: $out.refused.txt"
