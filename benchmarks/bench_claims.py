"""Benchmark: claim alignment across sources and attribution of claims (Multi-News clusters).

``benchmarks/data/claim_pairs.tsv`` holds hand-labelled sentence pairs from multi-document
clusters of ``multinews/dev.jsonl`` (pointers only: cluster id, document index, character offsets,
label, split; the text stays in the evaluation data). Three splits:

* ``dev`` (194 pairs, 29 clusters): the pairs the aligner before issue #13 linked, plus its near
  misses, labelled before tuning; the aligner was tuned on them (issues #13 and #6).
* ``heldout`` (108 pairs, 18 other clusters): drawn with a fixed seed from clusters not used
  before (pairs the aligner of commit 7f29744 linked, plus its near misses) and labelled before
  any change; never tuned on.
* ``heldout2`` (155 pairs, 22 further clusters): drawn with another fixed seed (pairs the aligner
  of commit 213a518 linked, plus its four highest-scored unlinked pairs per cluster), labelled by
  reading the sentences before seeing the aligner's decision, and measured before any change.

``linked_before`` keeps the decision of the aligner the pairs were drawn from, so the "before"
figures need no old code. Each cluster's documents (the first four with more than 80 words)
go through the real pipeline: annotate, canonical entities, claim extraction, alignment. A pair
counts as aligned when the aligner links its two statements.

``benchmarks/data/attribution_labels.tsv`` holds 104 sentences with a reporting cue and the
hand-labelled span of their speaker (or none). A claim's attribution is right when its words are
among the gold span's words (articles and possessives aside) and include a name word of the span
(a capitalised word; for a span without one, any word but a function word): "Mark Toner" for
"State Department spokesman Mark Toner", "police" for "police". Speaker precision = right /
attributed claims; recall = right / sentences with a speaker.

Run: ``.venv/bin/python benchmarks/bench_claims.py [--limit N]`` (N clusters per split);
``--fit`` refits the link check (``claims.LINK_MODEL``) on all splits (``--fit-on dev,heldout``:
on those only) and prints it with its threshold, chosen by cross-validation grouped by cluster.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import eval_dir, peak_memory_mb, write_result
from newsfuse.annotate import annotate
from newsfuse.claims import aligned_pairs, extract_claims
from newsfuse.entities import resolve_entities
from newsfuse.models import AnnotatedArticle, Article, Entity

PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.tsv"
SPEAKERS = Path(__file__).resolve().parent / "data" / "attribution_labels.tsv"
SPLITS = ("dev", "heldout", "heldout2")

Key = tuple[int, int]  # (document index, start offset)


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    """The labelled rows of a TSV, one dict per row (comment lines skipped)."""
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


def _clusters(wanted: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with (eval_dir() / "multinews" / "dev.jsonl").open() as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted:
                out[record["id"]] = record["documents"]
    return out


def run(limit: int | None = None, split: str = "dev") -> dict[str, object]:
    """Alignment precision/recall on one split of the labelled pairs (``limit`` clusters)."""
    by_cluster: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in load_pairs():
        if row.get("split", "dev") == split:
            by_cluster[row["cluster"]].append(row)
    wanted = list(by_cluster)[:limit] if limit else list(by_cluster)
    clusters = _clusters(set(wanted))
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
    }


_ARTICLES = frozenset(["the", "a", "an"])
_FUNCTION_WORDS = frozenset(
    ["of", "on", "in", "at", "for", "to", "by", "with", "who", "which", "that", "then", "or", "and"]
)


def _speaker_tokens(text: str) -> list[str]:
    text = re.sub(r"[’']s\b", "", text)
    return [w for w in re.findall(r"[\w.-]+", text) if w.lower() not in _ARTICLES]


def speaker_right(predicted: str, gold: str) -> bool:
    """Whether a predicted attribution names the gold speaker (see the module docstring)."""
    pred = {w.lower().strip(".") for w in _speaker_tokens(predicted)}
    tokens = _speaker_tokens(gold)
    words = {w.lower().strip(".") for w in tokens}
    names = {w.lower().strip(".") for w in tokens if w[:1].isupper()} or (
        {w.lower() for w in tokens} - _FUNCTION_WORDS
    )
    return bool(pred) and pred <= words and bool(pred & names)


def run_attribution(limit: int | None = None) -> dict[str, object]:
    """Speaker precision/recall on the labelled attributed sentences (``limit`` clusters)."""
    by_cluster: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in load_pairs(SPEAKERS):
        by_cluster[row["cluster"]].append(row)
    wanted = list(by_cluster)[:limit] if limit else list(by_cluster)
    clusters = _clusters(set(wanted))
    right = predicted = gold_count = 0
    errors: list[tuple[str, str]] = []
    for cluster in wanted:
        documents = clusters[cluster]
        annotated = annotate(cluster_articles(documents)[:2])
        entities = resolve_entities(annotated)
        candidates = [c for a in annotated for c in extract_claims(a, entities)]
        for row in by_cluster[cluster]:
            doc, start = int(row["doc"]), int(row["start"])
            found = [
                c
                for c in candidates
                if c.article_id == f"doc{doc}" and c.start <= start + 1 < c.end + 1
            ]
            guess = found[0].attribution if found else None
            gold = ""
            if row["speaker_start"]:
                gold = documents[doc][int(row["speaker_start"]) : int(row["speaker_end"])]
            gold_count += bool(gold)
            predicted += bool(guess)
            ok = bool(guess and gold and speaker_right(guess, gold))
            right += ok
            if (guess or gold) and not ok:
                errors.append((guess or "-", gold or "-"))
    for guess, gold in errors:
        print(f"  predicted {guess!r:40} gold {gold!r}", file=sys.stderr)
    precision = right / predicted if predicted else 0.0
    recall = right / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": sum(len(by_cluster[c]) for c in wanted),
        "with_speaker": gold_count,
        "speaker_precision": round(precision, 3),
        "speaker_recall": round(recall, 3),
        "speaker_f1": round(f1, 3),
    }


def labelled_features(
    annotated: dict[str, tuple[list[AnnotatedArticle], list[Entity]]], split: str = "dev"
) -> tuple[list[dict[str, float]], list[int], list[bool], list[bool]]:
    """For every labelled pair of ``split``: the link features, the label, whether the
    aligner's rules (before the link check) propose it, and whether it links whatever the check
    says (copies, one structured event: :func:`newsfuse.claims.same_event`). ``annotated`` maps
    a cluster id to its annotated articles and entities."""
    from newsfuse import claims

    features: list[dict[str, float]] = []
    labels: list[int] = []
    proposed: list[bool] = []
    forced: list[bool] = []
    rows = [r for r in load_pairs() if r.get("split", "dev") == split]
    kept = claims.LINK_PROBABILITY
    for cluster, (articles, entities) in annotated.items():
        candidates = [c for a in articles for c in extract_claims(a, entities)]
        index = {(int(c.article_id[3:]), c.start): k for k, c in enumerate(candidates)}
        table = claims.pair_features(candidates)
        claims.LINK_PROBABILITY = 0.0  # the rules' proposals, unchecked
        try:
            ruled = {(i, j) for i, j, _ in aligned_pairs(candidates)}
            claims.LINK_PROBABILITY = 2.0  # only the links the check cannot veto
            unchecked = {(i, j) for i, j, _ in aligned_pairs(candidates)}
        finally:
            claims.LINK_PROBABILITY = kept
        for row in (r for r in rows if r["cluster"] == cluster):
            a = index.get((int(row["doc_a"]), int(row["start_a"])))
            b = index.get((int(row["doc_b"]), int(row["start_b"])))
            if a is None or b is None:
                continue  # a sentence that is no claim (a question, a caption)
            key = (min(a, b), max(a, b))
            features.append(table[key])
            labels.append(int(row["aligned"]))
            proposed.append(key in ruled)
            forced.append(key in unchecked)
    return features, labels, proposed, forced


PRECISION_GOAL = 0.80
"""The link check's threshold is the lowest whose cross-validated precision meets this."""


def fit_link_model(
    features: list[dict[str, float]],
    labels: list[int],
    proposed: list[bool],
    forced: list[bool],
    clusters: list[str],
) -> tuple[list[tuple[str, float]], float, float, dict[str, float]]:
    """Fit the link check (a logistic regression) on labelled pairs and choose its threshold:
    the lowest (in steps of 0.01 from 0.30) whose precision over the rules' proposals (plus the
    ``forced`` links the check cannot veto) meets :data:`PRECISION_GOAL` in 6-fold
    cross-validation grouped by cluster (no story in both the training and the test fold).
    Prints the cross-validated figures; returns the weights, the intercept, the threshold and
    the cross-validated figures at that threshold."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from newsfuse.claims import LINK_MODEL

    names = [name for name, _ in LINK_MODEL]
    x = np.array([[f[n] for n in names] for f in features])
    y = np.array(labels)
    probability = np.zeros(len(y))
    for train, test in GroupKFold(6).split(x, y, clusters):
        model = LogisticRegression().fit(x[train], y[train])
        probability[test] = model.predict_proba(x[test])[:, 1]
    chosen = 0.5
    at_chosen: dict[str, float] = {}
    at_half: dict[str, float] = {}
    for threshold in [round(0.30 + 0.01 * k, 2) for k in range(31)]:
        linked = [
            int((q >= threshold and r) or f)
            for q, r, f in zip(probability, proposed, forced, strict=True)
        ]
        figures = scores(labels, linked)
        print(f"threshold {threshold:.2f}: grouped cross-validation {figures}", file=sys.stderr)
        if threshold == 0.5:
            at_half = figures
        if figures["precision"] >= PRECISION_GOAL and not at_chosen:
            chosen, at_chosen = threshold, figures
    at_chosen = at_chosen or at_half  # no threshold meets the goal: report 0.5
    model = LogisticRegression().fit(x, y)
    weights = [(n, round(float(w), 3)) for n, w in zip(names, model.coef_[0], strict=True)]
    return weights, round(float(model.intercept_[0]), 3), chosen, at_chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="clusters per split (default all)")
    parser.add_argument("--fit", action="store_true", help="refit the link check")
    parser.add_argument(
        "--fit-on",
        default=",".join(SPLITS),
        help="splits the link check is fitted on (default all; 'dev,heldout' leaves heldout2 out)",
    )
    args = parser.parse_args()
    fit_on = [s for s in SPLITS if s in args.fit_on.split(",")]
    started = time.perf_counter()
    rows = load_pairs()
    documents = _clusters({r["cluster"] for r in rows})
    columns: tuple[list[dict[str, float]], list[int], list[bool], list[bool], list[str]] = (
        [],
        [],
        [],
        [],
        [],
    )
    for split in fit_on:
        wanted = list(dict.fromkeys(r["cluster"] for r in rows if r["split"] == split))
        for cluster in wanted[: args.limit] if args.limit else wanted:
            articles = annotate(cluster_articles(documents[cluster]))
            table = {cluster: (articles, resolve_entities(articles))}
            features, labels, proposed, forced = labelled_features(table, split)
            columns[0].extend(features)
            columns[1].extend(labels)
            columns[2].extend(proposed)
            columns[3].extend(forced)
            columns[4].extend([cluster] * len(labels))
    weights, bias, threshold, cross_validated = fit_link_model(*columns)
    if args.fit:
        print(f"LINK_MODEL = {weights}\nLINK_BIAS = {bias}\nLINK_PROBABILITY = {threshold}")
        return
    fit_seconds = round(time.perf_counter() - started)
    metrics: dict[str, object] = {
        "cv_precision": cross_validated["precision"],
        "cv_recall": cross_validated["recall"],
        "cv_f1": cross_validated["f1"],
        "cv_threshold": threshold,
        "fit_seconds": fit_seconds,
    }
    for split in SPLITS:
        for name, value in run(args.limit, split).items():
            metrics[name if split == "dev" else f"{split}_{name}"] = value
    metrics.update(run_attribution(args.limit))
    metrics["peak_memory_mb"] = round(peak_memory_mb())
    write_result(
        "claims",
        "Claim alignment across sources and attribution (Multi-News, hand-labelled)",
        metrics,
        goals={
            "precision": ">= 0.80 (a false corroboration is the worst error)",
            "cv_precision": ">= 0.80 (cross-validated by cluster, all 457 pairs)",
        },
        notes=(
            "cv_*: the link check refitted in 6-fold cross-validation grouped by cluster over "
            "all 457 pairs (444 whose sentences are claims), at the threshold chosen there (the "
            "lowest meeting precision 0.80); links the check cannot veto (copies; one structured "
            "event, claims.same_event) count as linked there too; the shipped weights are fitted "
            "on all 457, so the per-split figures after the change are in-sample. Before: dev = "
            "pre-#13 aligner, heldout = aligner at the start of #6 (commit 7f29744), heldout2 = "
            "aligner of commit 213a518 (155 pairs from 22 further clusters, labelled blind before "
            "any change: its honest held-out figure). heldout2 with the link check fitted on dev "
            "and heldout only (--fit-on dev,heldout, threshold 0.48): 0.849 / 0.689. Pairs are "
            "drawn from an aligner's links and near misses, so recall is relative to that "
            "candidate set. Attribution: 104 sentences with a reporting cue, speaker spans "
            "labelled by hand (before #6: precision 0.708, recall 0.724). Seconds per cluster "
            "include annotation."
        ),
    )


if __name__ == "__main__":
    main()
