"""Ingest throughput and peak memory (issue #7): the full pipeline into a fresh SQLite store.

The corpus is built at run time from the documents of ``multinews/dev.jsonl`` and
``gva/documents.jsonl`` (in NEWSFUSE_EVAL_DIR), written to a temporary JSONL file, and ingested
with :func:`newsfuse.ingest.ingest` exactly as ``newsfuse ingest corpus.jsonl --db x.db`` does.

Memory is measured on the whole process tree (this process, the worker processes and
multiprocessing's helper), sampled every 50 ms from ``/proc/<pid>/smaps_rollup`` by a process
of its own (left out of the sums, its CPU time reported apart): the peak of
the summed PSS (proportional set size: a page shared by n processes counts 1/n in each, so the
sum is what the tree really occupies) and the peak of the summed RSS (shared pages counted once
per process: an upper bound), besides each process's own peak.

Usage: ``.venv/bin/python benchmarks/bench_ingest.py [--limit N] [--processes P]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (from the parent ids in ``/proc/<pid>/stat``)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _rss_pss_kb(pid: int) -> tuple[int, int] | None:
    """The resident and proportional set sizes of a process in kB, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)


@dataclass
class TreeMemory:
    """The peak memory of a process tree, sampled by :meth:`sample`."""

    root: int
    watcher: int = 0  # the sampling process itself, left out
    peak_pss_kb: int = 0
    peak_rss_kb: int = 0
    samples: int = 0
    cpu_seconds: float = 0.0  # spent sampling
    pids: list[int] = field(default_factory=list)
    per_process: dict[int, tuple[int, int]] = field(default_factory=dict)  # pid: (rss, pss)

    def sample(self) -> None:
        rss_sum = pss_sum = 0
        if self.samples % 10 == 0:  # the tree changes rarely; finding it costs more than reading
            self.pids = [p for p in _descendants(self.root) if p != self.watcher]
        for pid in self.pids:
            found = _rss_pss_kb(pid)
            if found is None:
                continue
            rss, pss = found
            rss_sum += rss
            pss_sum += pss
            old = self.per_process.get(pid, (0, 0))
            self.per_process[pid] = (max(old[0], rss), max(old[1], pss))
        self.peak_rss_kb = max(self.peak_rss_kb, rss_sum)
        self.peak_pss_kb = max(self.peak_pss_kb, pss_sum)
        self.samples += 1


def _watch(root: int, interval: float, ready: Any, stop: Any, results: Any) -> None:
    """The sampling process: samples ``root``'s tree every ``interval`` s until ``stop``."""
    memory = TreeMemory(root=root, watcher=os.getpid())
    memory.sample()
    ready.set()
    while not stop.wait(interval):
        memory.sample()
    memory.sample()
    memory.cpu_seconds = time.process_time()
    results.put(memory)


class WatchTree:
    """Samples the memory of this process tree from a process of its own (so that sampling
    takes no time from this process's threads), from entering to leaving the block."""

    def __init__(self, interval: float = 0.05) -> None:
        context = multiprocessing.get_context("spawn")
        self._ready = context.Event()
        self._stop = context.Event()
        self._results = context.Queue()
        self._process = context.Process(
            target=_watch, args=(os.getpid(), interval, self._ready, self._stop, self._results)
        )
        self.memory = TreeMemory(root=os.getpid())

    def __enter__(self) -> WatchTree:
        self._process.start()
        if not self._ready.wait(timeout=60):
            raise RuntimeError("the memory sampling process did not start")
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.memory = self._results.get(timeout=60)
        self._process.join()


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
        with WatchTree() as watch:
            if args.processes == 1:  # with workers the models load there, not in this process
                from newsfuse.annotate import load_nlp

                start = time.perf_counter()
                load_nlp()
                load_s = time.perf_counter() - start
            start = time.perf_counter()
            cpu_start = _cpu_seconds()
            report = ingest(corpus, Path(tmp) / "bench.db", processes=args.processes)
            elapsed = time.perf_counter() - start
            # the workers have ended, so their time is counted; the sampling process has not
            cpu = _cpu_seconds() - cpu_start
        memory = watch.memory
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    me = os.getpid()
    others = [v for pid, v in memory.per_process.items() if pid != me]
    largest = max(others, default=(0, 0))
    load = os.getloadavg()[0]
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
            "CPU time, all processes (s)": round(cpu, 1),
            "CPU ms per article": round(1000 * cpu / max(1, report.read)),
            "peak memory, all processes, PSS sum (MB)": round(memory.peak_pss_kb / 1024),
            "peak memory, all processes, RSS sum (MB)": round(memory.peak_rss_kb / 1024),
            "peak memory, main process, RSS (MB)": round(own_mb),
            "peak memory, largest worker, RSS (MB)": round(
                max(worker_mb, largest[0] / 1024) if args.processes > 1 else 0
            ),
            "peak memory, largest worker, PSS (MB)": round(largest[1] / 1024),
            "memory samples": memory.samples,
            "CPU time spent sampling memory (s)": round(memory.cpu_seconds, 1),
            "load average at the end (1 min)": round(load, 2),
            "store size (MB)": round(db_mb, 1),
            "stories": len(report.stories),
            "failed or skipped": len(report.problems),
        },
        goals={
            "articles/s": "≥ 10 on 2 cores (issue #7)",
            "peak memory, all processes, PSS sum (MB)": "< 1,500 (issue #7)",
        },
        notes=(
            "Corpus: Multi-News dev documents and GVA news documents, interleaved. Ingest time "
            "includes starting the worker processes and loading their models. Memory: the "
            "process tree (main, workers, multiprocessing's helper) sampled every 50 ms from "
            "/proc/<pid>/smaps_rollup by a separate process (left out of the figures); "
            "'PSS sum' is the peak of the summed proportional set sizes (shared pages split "
            "between the processes that map them: the true total), 'RSS sum' counts shared "
            "pages once per process (an upper bound). The machine is shared: the load average "
            "shows how busy it was; the CPU time per article (main process and workers) "
            "depends much less on it."
        ),
    )


if __name__ == "__main__":
    main()
