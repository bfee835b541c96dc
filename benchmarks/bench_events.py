"""Events benchmark: ACLED sub-event types (CASE 2021), PLOVER types and counts (PLOVER GSR),
ACLED fields recovered from ACLED ``notes``, and the time events add to the pipeline.

Reads (through ``NEWSFUSE_EVAL_DIR``, never copied):

* ``case2021/dev.tsv``: news snippets labelled with 25 ACLED sub-event types plus unseen types;
  :func:`newsfuse.events.classify_text` types each snippet. Figures: accuracy over all snippets,
  macro-F1 over the ACLED types present (goal >= 0.80), macro-F1 over all types.
* ``plover_gsr/gold_standard_records/PLOVER_GSR_CAMEO.txt``: sentences coded with PLOVER's type;
  :func:`newsfuse.events.plover.classify_plover` types each one (goal >= 0.75). Records with gold
  ``dead``/``injured`` counts go through the events stage; exact count rate (goal >= 0.90).
* ``acled/kenya_2004_2016.csv``: each row's ``notes`` go through the pipeline (clean, annotate,
  events, merge); the first event found is compared with the row: sub-event type, fatalities,
  actor1 (regime years such as "(2013-)" ignored) and location (same name, or within 25 km).
  Only the held-out last years (2015-2016) are measured; nothing in newsfuse is trained on ACLED.
* Speed: the per-article pipeline (annotate) on Multi-News documents, with the events stage timed
  on its own (goal: events add at most 30% to the time per article).

Usage: ``.venv/bin/python benchmarks/bench_events.py [--acled-limit N] [--speed-docs N]``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import eval_dir, peak_memory_mb, write_result

HELD_OUT_YEARS = ("2015", "2016")


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Macro-averaged F1 over ``labels`` (a label never predicted nor gold is left out)."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def bench_case() -> dict[str, Any]:
    from newsfuse.events import ACLED_CODES, classify_text

    with (eval_dir() / "case2021" / "dev.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    start = time.perf_counter()
    pred = [classify_text(r["EventSnippet"]).code for r in rows]
    seconds = time.perf_counter() - start
    gold = [r["SubType"] for r in rows]
    acled = sorted(set(gold) & set(ACLED_CODES))
    acled_rows = [i for i, g in enumerate(gold) if g in ACLED_CODES]
    per_type = {label: round(macro_f1(gold, pred, [label]), 3) for label in sorted(set(gold))}
    return {
        "case_snippets": len(rows),
        "case_accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows), 3),
        "case_accuracy_acled_rows": round(
            sum(gold[i] == pred[i] for i in acled_rows) / len(acled_rows), 3
        ),
        "case_macro_f1_acled": round(macro_f1(gold, pred, acled), 3),
        "case_macro_f1_all": round(macro_f1(gold, pred, sorted(set(gold))), 3),
        "case_ms_per_snippet": round(1000 * seconds / len(rows), 2),
        "_per_type": per_type,
    }


def bench_plover(nlp: Any) -> dict[str, Any]:
    from newsfuse.annotate import analyze_doc
    from newsfuse.events.plover import classify_plover
    from newsfuse.models import Article

    path = eval_dir() / "plover_gsr" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    records = [
        r
        for r in json.loads(path.read_text("utf-8"))
        if r.get("text") and r.get("event") not in (None, "DOCUMENT")
    ]
    right = 0
    counted = exact = 0
    for record in records:
        text = record["text"]
        doc = nlp(text)
        right += classify_plover(text, doc).type == record["event"]
        if "dead" not in record and "injured" not in record:
            continue
        article = Article.from_text(text, published="2000-01-01")
        events = analyze_doc(nlp(article.text), article).events
        event = events[0] if events else None
        for field, gold in (("fatalities", record.get("dead")), ("injured", record.get("injured"))):
            if gold is None:
                continue
            counted += 1
            found = getattr(event, field) if event is not None else None
            exact += found is not None and int(found) == int(gold)
    return {
        "plover_records": len(records),
        "plover_type_accuracy": round(right / len(records), 3),
        "plover_counts": counted,
        "plover_counts_exact": round(exact / counted, 3) if counted else None,
    }


def _norm(text: str) -> str:
    text = re.sub(r"\(\d{4}-(\d{4})?\)", "", text)
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def bench_acled(limit: int) -> dict[str, Any]:
    from newsfuse.annotate import analyze_doc, load_nlp
    from newsfuse.clean import clean_article
    from newsfuse.events import merge_events
    from newsfuse.models import Article

    with (eval_dir() / "acled" / "kenya_2004_2016.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] in HELD_OUT_YEARS and r["notes"]]
    rows = rows[:limit]
    articles = [
        clean_article(
            Article.from_text(
                r["notes"],
                id=f"acled-{r['event_id_cnty']}",
                published=_acled_date(r["event_date"]),
            )
        )
        for r in rows
    ]
    scores: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    nlp = load_nlp()
    docs = nlp.pipe(a.text for a in articles)
    for row, article, doc in zip(rows, articles, docs, strict=True):
        try:
            events = tuple(merge_events([analyze_doc(doc, article)]))
        except Exception as exc:  # a failing stage counts as "no event" and is reported
            print(f"pipeline failed on {article.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            scores["pipeline_failed"] += 1
            events = ()
        event = next((e for e in events if not e.aggregate), events[0] if events else None)
        sub = event.sub_event_type if event is not None else "none"
        scores["sub_event_type"] += sub == row["sub_event_type"]
        if sub != row["sub_event_type"]:
            confusion[(row["sub_event_type"], sub)] += 1
        scores["event_type"] += (event.event_type if event else "none") == row["event_type"]
        fatalities = event.fatalities if event is not None and event.fatalities else 0
        scores["fatalities"] += fatalities == int(row["fatalities"] or 0)
        scores["actor1"] += event is not None and _norm(event.actor1 or "") == _norm(row["actor1"])
        place = event.location if event is not None else None
        same_name = place is not None and _norm(row["location"]) in (
            _norm(place.name),
            _norm(place.resolved or ""),
        )
        near = (
            place is not None
            and place.lat is not None
            and place.lon is not None
            and _km(place.lat, place.lon, float(row["latitude"]), float(row["longitude"])) <= 25
        )
        scores["location"] += same_name or near
        scores["found"] += event is not None
    n = len(rows)
    return {
        "acled_rows": n,
        "acled_years": "-".join(HELD_OUT_YEARS),
        "acled_event_found": round(scores["found"] / n, 3),
        "acled_event_type_accuracy": round(scores["event_type"] / n, 3),
        "acled_sub_event_type_accuracy": round(scores["sub_event_type"] / n, 3),
        "acled_fatalities_exact": round(scores["fatalities"] / n, 3),
        "acled_actor1_accuracy": round(scores["actor1"] / n, 3),
        "acled_location_accuracy_25km": round(scores["location"] / n, 3),
        "acled_pipeline_failures": scores["pipeline_failed"],
        "_confusion": confusion.most_common(12),
    }


def _acled_date(text: str) -> str | None:
    """ACLED's export writes dates as dd-mm-yy."""
    try:
        day, month, year = text.split("-")
        return f"20{year}-{month}-{day}" if len(year) == 2 else f"{year}-{month}-{day}"
    except ValueError:
        return None


def bench_speed(nlp: Any, docs: int) -> dict[str, Any]:
    from newsfuse.annotate import analyze_doc
    from newsfuse.clean import clean_article
    from newsfuse.events import events_from_doc
    from newsfuse.models import Article

    texts: list[str] = []
    with (eval_dir() / "multinews" / "dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            texts.extend(d for d in json.loads(line)["documents"] if len(d) > 500)
            if len(texts) >= docs:
                break
    articles = [clean_article(Article.from_text(t, published="2016-01-01")) for t in texts[:docs]]
    # warm up: models, gazetteer, lexicons
    first = articles[0]
    analyze_doc(nlp(first.text), first)
    total = events_time = 0.0
    count = 0
    failed = 0
    for article in articles:
        start = time.perf_counter()
        doc = nlp(article.text)
        try:
            annotated = analyze_doc(doc, article)
        except Exception as exc:  # another stage failing is reported, not timed
            print(f"pipeline failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        total += time.perf_counter() - start
        start = time.perf_counter()
        found = events_from_doc(doc, annotated)
        events_time += time.perf_counter() - start
        count += len(found)
    n = len(articles) - failed
    without = total - events_time
    return {
        "speed_articles": n,
        "pipeline_ms_per_article": round(1000 * total / n, 1),
        "events_ms_per_article": round(1000 * events_time / n, 2),
        "events_share_of_pipeline": round(events_time / without, 3) if without else None,
        "events_per_article": round(count / n, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acled-limit", type=int, default=400, help="held-out ACLED rows used")
    parser.add_argument("--speed-docs", type=int, default=60, help="Multi-News documents timed")
    args = parser.parse_args()

    from newsfuse.annotate import load_nlp

    nlp = load_nlp()
    metrics: dict[str, Any] = {}
    metrics.update(bench_case())
    metrics.update(bench_plover(nlp))
    metrics.update(bench_acled(args.acled_limit))
    metrics.update(bench_speed(nlp, args.speed_docs))
    metrics["peak_memory_mb"] = round(peak_memory_mb())
    per_type = metrics.pop("_per_type")
    confusion = metrics.pop("_confusion")
    table = [{"case_type": k, "f1": v} for k, v in per_type.items()]
    write_result(
        "events",
        "Structured events (ACLED / PLOVER)",
        metrics,
        goals={
            "case_macro_f1_acled": ">= 0.80",
            "plover_type_accuracy": ">= 0.75",
            "plover_counts_exact": ">= 0.90",
            "events_share_of_pipeline": "<= 0.30",
        },
        notes=(
            "Rules and lexicons written for newsfuse (no model trained on these sets). CASE and "
            "PLOVER are used for measuring only; ACLED figures are on the held-out years "
            f"{'-'.join(HELD_OUT_YEARS)} (first {args.acled_limit} rows). Most frequent ACLED "
            f"sub-type confusions (gold, predicted): {confusion}"
        ),
        table=table,
    )


if __name__ == "__main__":
    main()
