#!/usr/bin/env python3
"""Peer baseline: score judged entity pairs with nomenklatura's matcher.

Run with the interpreter of bench/.venv (made by bench/peer/setup.sh):

    bench/.venv/bin/python bench/peer/score_pairs.py \
        --pairs /work/shared/eval/name-cases.dev.jsonl \
        --output bench/peer/results/name-cases.dev.logic-v2.jsonl \
        --cross-script /work/shared/eval/cross-script-pairs.csv \
        --cross-output bench/peer/results/cross-script.logic-v2.jsonl \
        --summary bench/peer/results/summary.json

Pairs file: JSON lines {"id", "left": FtM entity, "right": FtM entity,
"judgement": "positive"|"negative", ...}; other judgements are skipped.
Cross-script file: CSV (lines starting with '#' are comments) with columns
query,expected match,min score,description; every row is a positive Person
pair (query = left, expected match = right).

Per-pair output lines: {"id", "score", "match"} (cross-script lines also
carry query, expected, min_score and description). The JSON summary is
printed to stdout (and written to --summary if given).

Speed: entities are built outside the timed region; one throwaway comparison
loads the matcher's reference data first (not timed). Two rates are given:
  pairs_per_s             steady state: the whole set scored repeatedly until
                          --min-seconds have elapsed; every pass uses fresh
                          entity ids, so nomenklatura's per-entity lru_cache
                          (keyed by entity id) never hits, but string-level
                          caches are warm, as in a long-running service.
  pairs_per_s_first_pass  the first (untimed-for-the-headline) pass over the
                          set, which produces the reported scores; it still
                          includes lazy loads that some pairs trigger after the
                          warm-up call (e.g. ~0.1 s on one Company pair), so it
                          is a semi-cold figure, for information only.
Both are single-threaded, one compare() call per pair. Entity construction
(EntityProxy.from_dict, ~100k pairs/s) is not timed.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy

import nomenklatura
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringAlgorithm, ScoringConfig

# nomenklatura's matchers return a score only; the match/no-match cut is made
# by the caller. yente (the service that runs these matchers) uses 0.70 as its
# default `threshold` for /match (yente/settings.py SCORE_THRESHOLD), and its
# results carry "match": score >= threshold.
DEFAULT_THRESHOLD = 0.7


def read_jsonl_pairs(path: Path) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            data = json.loads(line)
            judgement = data.get("judgement")
            if judgement not in ("positive", "negative"):
                continue
            pairs.append(
                {
                    "id": data.get("id", f"line-{lineno}"),
                    "left": data["left"],
                    "right": data["right"],
                    "positive": judgement == "positive",
                }
            )
    return pairs


def read_cross_script(path: Path) -> list[dict[str, Any]]:
    lines = [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    pairs: list[dict[str, Any]] = []
    for i, row in enumerate(csv.reader(lines), 1):
        if len(row) < 2:
            continue
        query, expected = row[0].strip(), row[1].strip()
        if query.lower() == "query":  # tolerate a header row
            continue
        min_score = float(row[2]) if len(row) > 2 and row[2].strip() else None
        description = ",".join(row[3:]).strip() if len(row) > 3 else ""
        pid = f"xs-{i}"
        pairs.append(
            {
                "id": pid,
                "left": {"id": f"{pid}-q", "schema": "Person", "properties": {"name": [query]}},
                "right": {"id": f"{pid}-r", "schema": "Person", "properties": {"name": [expected]}},
                "positive": True,
                "query": query,
                "expected": expected,
                "min_score": min_score,
                "description": description,
            }
        )
    return pairs


def build(data: dict[str, Any], suffix: str = "") -> EntityProxy:
    data = dict(data)
    if suffix:
        data["id"] = f"{data['id']}{suffix}"
    return EntityProxy.from_dict(data)


def build_pairs(pairs: list[dict[str, Any]], suffix: str = "") -> list[tuple[EntityProxy, EntityProxy]]:
    return [(build(p["left"], suffix), build(p["right"], suffix)) for p in pairs]


def warm_up(algorithm: type[ScoringAlgorithm], config: ScoringConfig) -> float:
    """One throwaway comparison (names not in any eval set) to load reference data."""
    left = EntityProxy.from_dict({"id": "warmup-l", "schema": "Person", "properties": {"name": ["Warmup Examplename"]}})
    right = EntityProxy.from_dict({"id": "warmup-r", "schema": "Person", "properties": {"name": ["Warmup Exampelname"]}})
    start = time.perf_counter()
    algorithm.compare(left, right, config)
    return time.perf_counter() - start


def score_set(
    algorithm: type[ScoringAlgorithm],
    config: ScoringConfig,
    pairs: list[dict[str, Any]],
    threshold: float,
    min_seconds: float,
) -> tuple[list[float], dict[str, Any]]:
    # First pass: the scores that are reported (scoring is deterministic), and
    # the semi-cold first-pass rate; it also serves as the warm-up.
    entities = build_pairs(pairs)
    scores: list[float] = []
    start = time.perf_counter()
    for left, right in entities:
        scores.append(algorithm.compare(left, right, config).score)
    first_elapsed = time.perf_counter() - start

    # Steady state: repeat with fresh ids until min_seconds of scoring time.
    timed = 0.0
    scored = 0
    rep = 0
    while timed < min_seconds or rep == 0:
        rep += 1
        entities = build_pairs(pairs, suffix=f"~{rep}")
        start = time.perf_counter()
        for left, right in entities:
            algorithm.compare(left, right, config)
        timed += time.perf_counter() - start
        scored += len(entities)

    tp = sum(1 for p, s in zip(pairs, scores) if p["positive"] and s >= threshold)
    fp = sum(1 for p, s in zip(pairs, scores) if not p["positive"] and s >= threshold)
    fn = sum(1 for p, s in zip(pairs, scores) if p["positive"] and s < threshold)
    tn = sum(1 for p, s in zip(pairs, scores) if not p["positive"] and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    stats = {
        "pairs": len(pairs),
        "positives": tp + fn,
        "negatives": fp + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round((tp + tn) / len(pairs), 4) if pairs else 0.0,
        "pairs_per_s": round(scored / timed, 1) if timed else None,
        "timed_pairs": scored,
        "timed_seconds": round(timed, 3),
        "repetitions": rep,
        "pairs_per_s_first_pass": round(len(pairs) / first_elapsed, 1) if first_elapsed else None,
    }
    return scores, stats


def write_scores(path: Path, pairs: list[dict[str, Any]], scores: list[float], threshold: float, extra: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for p, s in zip(pairs, scores):
            row: dict[str, Any] = {"id": p["id"], "score": round(s, 6), "match": s >= threshold}
            if extra:
                row.update(
                    query=p["query"],
                    expected=p["expected"],
                    min_score=p["min_score"],
                    description=p["description"],
                )
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs_pos", nargs="?", metavar="PAIRS", help="JSON-lines pairs file (same as --pairs)")
    ap.add_argument("--pairs", type=Path, help="JSON-lines pairs file")
    ap.add_argument("--output", type=Path, help="per-pair {id,score,match} JSON lines for --pairs")
    ap.add_argument("--cross-script", type=Path, help="cross-script CSV (query,expected match,min score,description)")
    ap.add_argument("--cross-output", type=Path, help="per-pair JSON lines for --cross-script")
    ap.add_argument("--summary", type=Path, help="also write the JSON summary to this file")
    ap.add_argument("--algorithm", default="logic-v2")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--min-seconds", type=float, default=3.0, help="minimum timed scoring time per set")
    args = ap.parse_args()

    pairs_path = args.pairs or (Path(args.pairs_pos) if args.pairs_pos else None)
    if pairs_path is None and args.cross_script is None:
        ap.error("give a pairs file (--pairs) and/or --cross-script")

    algorithm = get_algorithm(args.algorithm)
    if algorithm is None:
        ap.error(f"unknown algorithm: {args.algorithm}")
    config = algorithm.default_config()

    summary: dict[str, Any] = {
        "algorithm": algorithm.NAME,
        "nomenklatura_version": nomenklatura.__version__,
        "threshold": args.threshold,
        "threshold_source": "yente default /match threshold (nomenklatura matchers define none)",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "model_load_seconds": round(warm_up(algorithm, config), 3),
    }
    try:
        from importlib.metadata import version

        summary["followthemoney_version"] = version("followthemoney")
        summary["rigour_version"] = version("rigour")
    except Exception:  # pragma: no cover - metadata missing
        pass

    if pairs_path is not None:
        pairs = read_jsonl_pairs(pairs_path)
        scores, stats = score_set(algorithm, config, pairs, args.threshold, args.min_seconds)
        if args.output:
            write_scores(args.output, pairs, scores, args.threshold, extra=False)
        summary.update(stats)
        summary["file"] = pairs_path.name

    if args.cross_script is not None:
        xpairs = read_cross_script(args.cross_script)
        xscores, xstats = score_set(algorithm, config, xpairs, args.threshold, args.min_seconds)
        if args.cross_output:
            write_scores(args.cross_output, xpairs, xscores, args.threshold, extra=True)
        summary["cross_script"] = {
            "file": args.cross_script.name,
            "pairs": xstats["pairs"],
            "matched": xstats["tp"],
            "recall": xstats["recall"],
            "pairs_per_s": xstats["pairs_per_s"],
            "scores": [
                {"query": p["query"], "expected": p["expected"], "score": round(s, 4), "match": s >= args.threshold}
                for p, s in zip(xpairs, xscores)
            ],
        }

    text = json.dumps(summary, indent=2, ensure_ascii=False)
    if args.summary:
        args.summary.parent.mkdir(parents=True, exist_ok=True)
        args.summary.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
