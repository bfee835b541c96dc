"""Ingest throughput and peak memory (issue #2): the full pipeline into a fresh SQLite store.

The corpus is built at run time from the documents of ``multinews/dev.jsonl`` and
``gva/documents.jsonl`` (in NEWSFUSE_EVAL_DIR), written to a temporary JSONL file, and ingested
with :func:`newsfuse.ingest.ingest` exactly as ``newsfuse ingest corpus.jsonl --db x.db`` does.

Usage: ``.venv/bin/python benchmarks/bench_ingest.py [--limit N] [--processes P]``
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from _common import eval_dir, write_result
from newsfuse.ingest import ingest


def build_corpus(limit: int, target: Path) -> int:
    """Interleave Multi-News and GVA documents into one JSONL file; return the count."""
    root = eval_dir()
    multinews = []
    with (root / "multinews" / "dev.jsonl").open() as fh:
        for line in fh:
            cluster = json.loads(line)
            multinews += [{"text": d} for d in cluster["documents"] if d.strip()]
    gva = []
    with (root / "gva" / "documents.jsonl").open() as fh:
        for line in fh:
            doc = json.loads(line)
            gva.append(
                {"text": doc["content"], "title": doc.get("title"), "published": doc.get("dct")}
            )
    rows = [r for pair in zip(multinews, gva, strict=False) for r in pair][:limit]
    with target.open("w") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = build_corpus(args.limit, corpus)
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open())
        load_s = 0.0
        if args.processes == 1:  # with workers the models load there, not in this process
            from newsfuse.annotate import load_nlp

            start = time.perf_counter()
            load_nlp()
            load_s = time.perf_counter() - start
        start = time.perf_counter()
        report = ingest(corpus, Path(tmp) / "bench.db", processes=args.processes)
        elapsed = time.perf_counter() - start
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    write_result(
        "ingest",
        "Ingest throughput and peak memory (full pipeline into SQLite)",
        {
            "articles": n,
            "words": words,
            "processes": args.processes,
            "model load in this process (s)": round(load_s, 2),
            "ingest time (s)": round(elapsed, 1),
            "articles/s": round(report.read / elapsed, 2),
            "words/s": round(words / elapsed),
            "peak memory, main process (MB)": round(own_mb),
            "peak memory, largest worker (MB)": round(worker_mb),
            "peak memory, all processes at most (MB)": round(own_mb + args.processes * worker_mb),
            "store size (MB)": round(db_mb, 1),
            "stories": len(report.stories),
            "failed or skipped": len(report.problems),
        },
        goals={
            "articles/s": "≥ 10 on 2 cores (issue #7)",
            "peak memory, all processes at most (MB)": "< 1,500",
        },
        notes=(
            "Corpus: Multi-News dev documents and GVA news documents, interleaved. Ingest time "
            "includes starting the worker processes and loading their models. Memory: the "
            "operating system reports each process's own peak; their sum bounds the total."
        ),
    )


if __name__ == "__main__":
    main()
