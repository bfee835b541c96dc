"""Run every benchmark (``benchmarks/bench_*.py``), then regenerate BENCHMARKS.md.

Usage: ``make bench`` or ``.venv/bin/python benchmarks/run_all.py [NAME ...]`` where NAME picks
benchmarks by substring (``run_all.py geoparse events``). Each benchmark runs in its own process so
that its peak memory is its own.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.stem for name in argv)]
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {script.name}: exit {result.returncode} in {time.perf_counter() - start:.0f} s")
        if result.returncode:
            failed.append(script.name)
    subprocess.run([sys.executable, str(HERE / "report.py")], cwd=HERE.parent, check=True)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
