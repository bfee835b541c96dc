"""Dates benchmark: the date of the incident each GVA article reports, against the gold date.

Reads ``$NEWSFUSE_EVAL_DIR/gva/documents.jsonl`` (news articles with their publication date
``dct``) and ``incidents.jsonl`` (Gun Violence Archive incidents with their true date). For every
article of a known incident, :func:`newsfuse.dates.incident_date` picks the date of the incident
from the text, resolved against ``dct``; it is compared with the gold date.

Figures: accuracy on the articles whose text states a day-level date (the goal: >= 0.90),
coverage (share of articles that state one), accuracy over all articles when the publication date
stands in for a missing date, and the baseline "incident date = publication date".

Usage: ``.venv/bin/python benchmarks/bench_dates.py [--limit N]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import eval_dir, peak_memory_mb, write_result


def load(limit: int | None) -> list[tuple[dict[str, str], dt.date]]:
    """(document, gold incident date) pairs, in file order."""
    folder = eval_dir() / "gva"
    gold: dict[str, dt.date] = {}
    with (folder / "incidents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            gold[record["incident_uri"]] = dt.datetime.strptime(record["date"], "%B %d, %Y").date()
    pairs = []
    with (folder / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["incident_id"] in gold and doc.get("dct") and doc.get("content"):
                pairs.append((doc, gold[doc["incident_id"]]))
    return pairs[:limit] if limit else pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print N wrong picks")
    args = parser.parse_args()

    from newsfuse.annotate import load_nlp
    from newsfuse.dates import dates_from_doc, incident_date
    from newsfuse.models import to_date

    pairs = load(args.limit)
    nlp = load_nlp()
    texts = [doc["content"] for doc, _ in pairs]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32, disable=["lemmatizer"]))
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    stated = correct = within_one = baseline = fallback_correct = expressions = 0
    gold_stated = gold_stated_correct = 0
    wrong: list[str] = []
    for (record, gold), parsed in zip(pairs, docs, strict=True):
        published = to_date(record["dct"])
        assert published is not None
        baseline += published == gold
        found = dates_from_doc(parsed, published)
        expressions += len(found)
        pick = incident_date(parsed, published)
        picked_day = pick.earliest if pick is not None and pick.precision == "day" else None
        if any(t.precision == "day" and t.earliest == gold for t in found):
            gold_stated += 1
            gold_stated_correct += picked_day == gold
        if pick is not None and pick.precision == "day" and pick.earliest is not None:
            stated += 1
            correct += pick.earliest == gold
            within_one += abs((pick.earliest - gold).days) <= 1
            fallback_correct += pick.earliest == gold
            if pick.earliest != gold and len(wrong) < args.errors:
                wrong.append(
                    f"{record['doc_id'][:8]} dct={published} gold={gold} "
                    f"picked={pick.earliest} {pick.text!r}"
                )
        else:
            fallback_correct += published == gold
    date_seconds = time.perf_counter() - started
    total = len(pairs)
    for line in wrong:
        print(line)
    metrics = {
        "articles": total,
        "articles_stating_a_date": stated,
        "coverage": round(stated / total, 4),
        "incident_date_accuracy_when_stated": round(correct / stated, 4) if stated else 0.0,
        "articles_stating_the_gold_date": gold_stated,
        "incident_date_accuracy_when_gold_date_stated": (
            round(gold_stated_correct / gold_stated, 4) if gold_stated else 0.0
        ),
        "within_one_day_when_stated": round(within_one / stated, 4) if stated else 0.0,
        "accuracy_all_with_publication_fallback": round(fallback_correct / total, 4),
        "baseline_publication_date_accuracy": round(baseline / total, 4),
        "expressions_found": expressions,
        "dates_ms_per_article": round(1000 * date_seconds / total, 2),
        "spacy_parse_ms_per_article": round(1000 * parse_seconds / total, 1),
        "peak_memory_mb": round(peak_memory_mb()),
    }
    write_result(
        "dates",
        "Dates: incident date of GVA articles",
        metrics,
        goals={
            "incident_date_accuracy_when_stated": ">= 0.90",
            "incident_date_accuracy_when_gold_date_stated": ">= 0.90",
        },
        notes=(
            "Gold: the Gun Violence Archive incident date. 'Stated' = the text has a day-level "
            "date expression that incident_date() can resolve against the publication date "
            "(dct); 'gold date stated' = one of the article's resolved expressions is the gold "
            "day (the rest are follow-ups, such as sentencing reports months later, whose text "
            "never gives the incident's day, or articles whose dct is wrong). The fallback "
            "figure uses the publication date when the text states none."
            + (f" Subset: first {args.limit} articles." if args.limit else "")
        ),
    )


if __name__ == "__main__":
    main()
