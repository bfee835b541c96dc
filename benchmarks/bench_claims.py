"""Benchmark: precision and recall of claim alignment across sources (Multi-News clusters).

``benchmarks/data/claim_pairs.tsv`` holds hand-labelled sentence pairs from multi-document
clusters of ``multinews/dev.jsonl`` (pointers only: cluster id, document index, character offsets,
label; the text stays in the evaluation data). The pairs are those the aligner before issue #13
linked, plus its near misses, labelled before any tuning; ``linked_before`` keeps that aligner's
decision, so the "before" figures need no old code.

Each cluster's documents (the first four with more than 80 words, as when the pairs were drawn)
go through the real pipeline: annotate, canonical entities, claim extraction, alignment. A pair
counts as aligned when the aligner links its two statements. Run:
``.venv/bin/python benchmarks/bench_claims.py [--limit N]`` (N clusters).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import eval_dir, peak_memory_mb, write_result
from newsfuse.annotate import annotate
from newsfuse.claims import aligned_pairs, extract_claims
from newsfuse.entities import resolve_entities
from newsfuse.models import AnnotatedArticle, Article

PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.tsv"

Key = tuple[int, int]  # (document index, start offset)


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    """The labelled pairs, one dict per row of the TSV (comment lines skipped)."""
    with path.open() as handle:
        rows = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t"))


def cluster_articles(documents: list[str]) -> list[Article]:
    """The documents a cluster's pairs were drawn from: the first four with more than 80 words."""
    chosen = [k for k, d in enumerate(documents) if len(d.split()) > 80][:4]
    return [Article.from_text(documents[k], id=f"doc{k}") for k in chosen]


def linked_in(annotated: list[AnnotatedArticle]) -> set[frozenset[Key]]:
    """Every pair of statements (document index, start offset) the aligner links."""
    entities = resolve_entities(annotated)
    candidates = [c for a in annotated for c in extract_claims(a, entities)]
    out: set[frozenset[Key]] = set()
    for i, j, _ in aligned_pairs(candidates):
        a, b = candidates[i], candidates[j]
        out.add(frozenset({(int(a.article_id[3:]), a.start), (int(b.article_id[3:]), b.start)}))
    return out


def scores(labels: list[int], predicted: list[int]) -> dict[str, float]:
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, predicted, strict=True) if p and not y)
    fn = sum(1 for y, p in zip(labels, predicted, strict=True) if y and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def run(limit: int | None = None) -> dict[str, object]:
    pairs = load_pairs()
    by_cluster: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in pairs:
        by_cluster[row["cluster"]].append(row)
    wanted = list(by_cluster)[:limit] if limit else list(by_cluster)
    clusters = {}
    with (eval_dir() / "multinews" / "dev.jsonl").open() as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                clusters[record["id"]] = record["documents"]
    labels: list[int] = []
    before: list[int] = []
    after: list[int] = []
    started = time.perf_counter()
    for cluster in wanted:
        linked = linked_in(annotate(cluster_articles(clusters[cluster])))
        for row in by_cluster[cluster]:
            key = frozenset(
                {
                    (int(row["doc_a"]), int(row["start_a"])),
                    (int(row["doc_b"]), int(row["start_b"])),
                }
            )
            labels.append(int(row["aligned"]))
            before.append(int(row["linked_before"]))
            after.append(int(key in linked))
    elapsed = time.perf_counter() - started
    old, new = scores(labels, before), scores(labels, after)
    return {
        "pairs": len(labels),
        "aligned_pairs": sum(labels),
        "clusters": len(wanted),
        "precision_before": old["precision"],
        "recall_before": old["recall"],
        "f1_before": old["f1"],
        "precision": new["precision"],
        "recall": new["recall"],
        "f1": new["f1"],
        "seconds_per_cluster": round(elapsed / max(1, len(wanted)), 2),
        "peak_memory_mb": round(peak_memory_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="clusters to use (default all)")
    args = parser.parse_args()
    metrics = run(args.limit)
    write_result(
        "claims",
        "Claim alignment across sources (Multi-News pairs, hand-labelled)",
        metrics,
        goals={"precision": ">= 0.80 (a false corroboration is the worst error)"},
        notes=(
            "Pairs drawn from the pre-#13 aligner's links and near misses, so recall is relative "
            "to that candidate set. Seconds per cluster include annotation."
        ),
    )


if __name__ == "__main__":
    main()
