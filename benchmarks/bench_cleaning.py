"""Plain-text cleaning: precision and recall of noise-line removal on labelled real scrapes.

The labels (``benchmarks/data/cleaning_labels.tsv``) point into the evaluation files
(Multi-News ``dev.jsonl`` documents and GVA ``documents.jsonl`` articles) by document and line
number, with a hash of the line to catch drift; the text itself is never copied. A line counts as
removed when cleaning drops it whole (a dateline stamp cut from the front of a body line does
not count). Also measures the speed of cleaning.

Cleaning is the rules plus the learned line classifier (``newsfuse/clean_model.py``, trained
on every split but ``blind6`` and ``blind7`` by ``scripts/train_clean_model.py``); the rules
alone are scored on the same lines for comparison (``rules_*`` figures). ``blind7`` was
labelled after the session-2 changes and measured once, with nothing changed because of it.

Run: ``.venv/bin/python benchmarks/bench_cleaning.py [--show-errors]``
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, eval_dir, write_result
from newsfuse.clean import CleanedText, clean

LABELS = ROOT / "benchmarks" / "data" / "cleaning_labels.tsv"
SPLITS = (
    "dev",
    "heldout",
    "test",
    "final",
    "unseen",
    "holdout",
    "blind",
    "round5",
    "round6",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
)
"""The label splits in the order they were labelled (see the comments in the labels file)."""
HELD_OUT = ("blind6", "blind7")
"""Never trained on (scripts/train_clean_model.py) and never used to choose anything."""
COMPARED = ("blind4", "blind5", "blind6", "blind7")
"""Splits on which the rules alone are scored too (``rules_<split>_*``)."""


def line_hash(line: str) -> str:
    return hashlib.sha1(" ".join(line.split()).encode("utf-8")).hexdigest()[:10]


def load_documents(base: Path) -> dict[tuple[str, str], str]:
    """Every document of the two labelled sources, keyed by (file, document reference)."""
    docs: dict[tuple[str, str], str] = {}
    with (base / "multinews" / "dev.jsonl").open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            for k, text in enumerate(row["documents"]):
                docs[("multinews/dev.jsonl", f"{row['id']}:{k}")] = text
    with (base / "gva" / "documents.jsonl").open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            docs[("gva/documents.jsonl", row["doc_id"])] = row["content"]
    return docs


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    rows = []
    header: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def evaluate(
    base: Path,
    labels: list[dict[str, str]] | None = None,
    split: str | None = None,
    *,
    cleaner: Callable[[str], CleanedText] = clean,
    docs: dict[tuple[str, str], str] | None = None,
) -> dict[str, Any]:
    """Score ``cleaner`` against the labels (of one ``split`` if given): counts, precision,
    recall, body loss, errors."""
    labels = labels if labels is not None else load_labels()
    if split is not None:
        labels = [row for row in labels if row["split"] == split]
    docs = docs if docs is not None else load_documents(base)
    by_doc: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in labels:
        by_doc[(row["source"], row["document"])].append(row)
    tp = fp = fn = tn = 0
    stale = 0
    per_reason: Counter[str] = Counter()
    per_reason_hit: Counter[str] = Counter()
    errors: list[dict[str, str]] = []
    seconds = 0.0
    for key, rows in by_doc.items():
        text = docs[key]
        lines = text.split("\n")
        start = time.perf_counter()
        result = cleaner(text)
        seconds += time.perf_counter() - start
        removed = {
            r.line: r.reason
            for r in result.removed
            if " ".join(r.text.split()) == " ".join(lines[r.line - 1].split())
        }
        for row in rows:
            number = int(row["line"])
            line = lines[number - 1]
            if line_hash(line) != row["sha1"]:
                stale += 1
                continue
            gone = number in removed
            if row["label"] == "noise":
                per_reason[row["reason"]] += 1
                if gone:
                    tp += 1
                    per_reason_hit[row["reason"]] += 1
                else:
                    fn += 1
                    errors.append({"kind": "missed", "reason": row["reason"], "line": line})
            elif gone:
                fp += 1
                errors.append({"kind": "body removed", "reason": removed[number], "line": line})
            else:
                tn += 1
    noise, body = tp + fn, fp + tn
    return {
        "lines": noise + body,
        "noise_lines": noise,
        "body_lines": body,
        "documents": len(by_doc),
        "stale_labels": stale,
        "noise_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "noise_recall": round(tp / noise, 4) if noise else 0.0,
        "body_removed_rate": round(fp / body, 4) if body else 0.0,
        "body_lines_removed": fp,
        "clean_ms_per_document": round(1000 * seconds / max(1, len(by_doc)), 3),
        "per_reason": {
            reason: f"{per_reason_hit[reason]}/{count}"
            for reason, count in per_reason.most_common()
        },
        "errors": errors,
    }


def throughput(base: Path) -> dict[str, float]:
    """Articles per second for reading + cleaning + language of all GVA and Multi-News docs."""
    from newsfuse.read import read

    start = time.perf_counter()
    gva = read(base / "gva" / "documents.jsonl")
    multinews = read(base / "multinews" / "dev.jsonl")
    seconds = time.perf_counter() - start
    n = len(gva) + len(multinews)
    return {
        "read_clean_articles": n,
        "read_clean_articles_per_s": round(n / seconds, 1),
        "read_problems": len(gva.problems) + len(multinews.problems),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-errors", action="store_true", help="print every mistake")
    args = parser.parse_args()
    base = eval_dir()
    scores = evaluate(base)
    errors = scores.pop("errors")
    per_reason = scores.pop("per_reason")
    if args.show_errors:
        for error in errors:
            print(f"[{error['kind']}: {error['reason']}] {error['line'][:160]}")
    split_metrics = {}
    rules_only = functools.partial(clean, line_model=False)
    labels = load_labels()
    docs = load_documents(base)
    for split in SPLITS:
        part = evaluate(base, labels, split=split, docs=docs)
        for key in ("lines", "noise_lines", "noise_precision", "noise_recall", "body_removed_rate"):
            split_metrics[f"{split}_{key}"] = part[key]
    for split in COMPARED:
        part = evaluate(base, labels, split=split, cleaner=rules_only, docs=docs)
        for key in ("noise_recall", "body_removed_rate"):
            split_metrics[f"rules_{split}_{key}"] = part[key]
    development = [row for row in labels if row["split"] not in HELD_OUT]
    for name, cleaner in (("", clean), ("rules_", rules_only)):
        part = evaluate(base, development, cleaner=cleaner, docs=docs)
        for key in ("noise_precision", "noise_recall", "body_removed_rate"):
            split_metrics[f"{name}development_{key}"] = part[key]
    metrics = {**scores, **split_metrics, **throughput(base)}
    write_result(
        "cleaning",
        "Plain-text cleaning: noise-line removal on labelled Multi-News and GVA scrapes",
        metrics,
        goals={
            "blind6_noise_recall": ">= 0.95",
            "blind6_body_removed_rate": "<= 0.01",
        },
        table=[{"noise kind": k, "removed/labelled": v} for k, v in per_reason.items()],
        notes=(
            f"{scores['lines']} labelled lines ({scores['noise_lines']} noise) in "
            f"{scores['documents']} documents, in fifteen splits labelled one after the other, "
            "each measured once before anything was changed because of it. First figures "
            "(noise recall / body lines removed): heldout 0.654 / 0.2%; test 0.868 / 12.3%; "
            "final 0.769 / 1.03%; unseen 0.831 / 7.8%; holdout 0.772 / 0%; blind 0.886 / 0.31% "
            "(0.889 / 0% with one label corrected); round5 0.875 / 1.1%; round6 0.811 / 1.2%; "
            "blind2 0.873 / 0%; blind3 (rules alone, before the line classifier) 0.825 / 0.76%. "
            "Rules + line classifier (third pass), measured once at its end: blind3 0.877 / "
            "0.76%, blind4 0.877 / 0% (rules alone 0.860 / 0.29%). Their errors then became "
            "rules and training data; blind5, labelled before those errors were looked at, "
            "measured once at the end of the third pass: 0.869 / 0.93%. Fourth pass: blind6, "
            "labelled before any change, 0.929 / 0.57% at labelling; blind5's missed kinds "
            "became rules, standfirsts and second copies of repeated paragraphs were relabelled "
            "noise (see the labels file), the model was retrained with blind5; blind6 measured "
            "once at the end is the held-out figure for the shipped cleaning. blind7 (10 "
            "Multi-News + 15 GVA documents, random.Random(2035)), labelled after the session-2 "
            "changes and measured once: see blind7_*. Cross-validated "
            "(5 folds grouped "
            "by document, rules + a model trained without the fold): see "
            "scripts/train_clean_model.py. Throughput is read+clean+language on the GVA and "
            "Multi-News JSONL files."
        ),
    )


if __name__ == "__main__":
    main()
