"""Load test of the web app on loopback: requests per second and latency under concurrent clients.

Builds a store with the demo story (the Raqqa seeds through the real pipeline, brief saved), starts
``newsfuse.web.serve`` in a separate process on 127.0.0.1 and a free port (one uvicorn worker),
then for each endpoint runs ``--requests`` requests from ``--clients`` concurrent clients
(threads with keep-alive connections), capped at ``--seconds`` per endpoint. Only loopback is
ever contacted; the run stops by itself.

    .venv/bin/python benchmarks/bench_web.py [--clients 8] [--requests 400] [--seconds 30]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, write_result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path) -> str:
    """The demo story in a fresh store, with its brief saved; returns the story id."""
    from newsfuse.annotate import annotate
    from newsfuse.read import read
    from newsfuse.store import Store
    from newsfuse.web.library import Library

    articles = read(sorted((ROOT / "examples" / "raqqa").glob("*.txt")))
    with Store(path) as store:
        result = store.add(annotate(list(articles)))
    library = Library(path)
    story_id = result.stories[0]
    library.brief(story_id)
    library.close()
    return story_id


def start_server(path: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys; from newsfuse.web import serve; "
        f"serve({str(path)!r}, '127.0.0.1', {port}, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def load(base: str, path: str, clients: int, requests: int, seconds: float) -> dict[str, float]:
    """Run the requests; returns rps and latency percentiles in ms (errors counted)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    per_client = max(1, requests // clients)

    def client() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(per_client):
                if time.monotonic() > deadline:
                    return
                t0 = time.perf_counter()
                response = http.get(path)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors += 1

    with httpx.Client(base_url=base) as warm:  # one warm-up request per endpoint
        warm.get(path)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-web-") as tmp:
        store = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        story_id = build_store(store)
        build_s = time.perf_counter() - t0
        port = free_port()
        server = start_server(store, port)
        base = f"http://127.0.0.1:{port}"
        try:
            endpoints = {
                "story page": f"/stories/{story_id}",
                "article page": "/",
                "API brief": f"/api/stories/{story_id}/brief",
                "API stories": "/api/stories",
                "API search": "/api/search?q=Raqqa",
            }
            article = httpx.get(f"{base}/api/articles?limit=1").json()["articles"][0]["id"]
            endpoints["article page"] = f"/articles/{article}?start=0&end=120"
            rows = []
            for name, path in endpoints.items():
                figures = load(base, path, args.clients, args.requests, args.seconds)
                rows.append({"endpoint": name, "path": path, **figures})
                print(f"{name:13s} {figures}")
        finally:
            server.terminate()
            server.wait(timeout=30)

    by_name = {r["endpoint"]: r for r in rows}
    metrics = {
        "story_page_rps": by_name["story page"]["rps"],
        "story_page_p99_ms": by_name["story page"]["p99_ms"],
        "api_brief_rps": by_name["API brief"]["rps"],
        "api_brief_p99_ms": by_name["API brief"]["p99_ms"],
        "api_search_rps": by_name["API search"]["rps"],
        "api_search_p99_ms": by_name["API search"]["p99_ms"],
        "errors": sum(int(r["errors"]) for r in rows),
        "clients": args.clients,
        "store_build_s": round(build_s, 1),
    }
    write_result(
        "web",
        "Web app under load (loopback, one uvicorn worker)",
        metrics,
        goals={
            "story_page_p99_ms": "< 500 ms with 8 concurrent clients",
            "errors": "0",
        },
        notes=(
            f"{args.clients} concurrent keep-alive clients on the same 2-core machine as the "
            f"server (client and server compete for the cores); up to {args.requests} requests "
            "per endpoint after one warm-up request; the demo story (2 articles), its brief "
            "already built and stored."
        ),
        table=rows,
    )


if __name__ == "__main__":
    main()
