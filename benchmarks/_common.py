"""Helpers shared by the benchmark scripts: where the evaluation data is, and how results are kept.

Each benchmark writes ``benchmarks/results/<name>.json``; ``benchmarks/report.py`` turns all of
them into ``BENCHMARKS.md``. Run everything with ``make bench`` (``python benchmarks/run_all.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def eval_dir() -> Path:
    """The labelled evaluation data (``NEWSFUSE_EVAL_DIR``, default ``../shared/eval``)."""
    return Path(os.environ.get("NEWSFUSE_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def machine() -> str:
    """A one-line description of the machine the figures come from."""
    cores = os.cpu_count()
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cores} cores ({cpu}), {mem_gb:.0f} GB RAM, Python {platform.python_version()}"


def peak_memory_mb() -> float:
    """Peak resident memory of this process (and finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return ""


def write_result(
    name: str,
    title: str,
    metrics: dict[str, Any],
    *,
    goals: dict[str, str] | None = None,
    notes: str = "",
    table: list[dict[str, Any]] | None = None,
) -> Path:
    """Record a benchmark's latest figures in ``benchmarks/results/<name>.json``.

    ``metrics`` maps a figure's name to its value; ``goals`` maps some of those names to the goal
    text; ``table`` is an optional list of rows (e.g. one per system compared side by side).
    """
    RESULTS.mkdir(exist_ok=True)
    record = {
        "name": name,
        "title": title,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "commit": commit(),
        "metrics": metrics,
        "goals": goals or {},
        "table": table or [],
        "notes": notes,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record["metrics"], indent=2))
    return path
