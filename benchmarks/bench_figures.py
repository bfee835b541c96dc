"""Benchmark: casualty figures across several reports of one incident (Gun Violence Archive).

For each GVA incident, the articles about it go through the real pipeline, as ``brief`` runs it
(clean and mark wire copy with ``brief.prepare``, annotate, then ``figures.compare_figures``), and
the reconciled number killed and injured is compared with the archive's count (a figure not
reported counts as 0). Also measured: how often a conflict is flagged when the incident's articles
disagree, and, on the 320 incidents of ``benchmarks/data/gva_reader_labels.tsv`` (blind readings:
what a careful reader writes from the articles alone), how often that reader matches the archive
(what reading the text can reach) and how often we match the reader (reading errors); and, on
a challenge set of short reports written for newsfuse
(``benchmarks/data/casualty_challenge.jsonl``), how often both counts come out right. Run:
``.venv/bin/python benchmarks/bench_figures.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import eval_dir, peak_memory_mb, write_result
from newsfuse.annotate import annotate
from newsfuse.brief import prepare
from newsfuse.figures import compare_figures
from newsfuse.models import Article, Figure


def load_incidents(limit: int | None = None) -> list[tuple[dict, list[Article]]]:
    """GVA incidents with at least one article body, in file order, as (incident, articles).

    A document whose page gave a headline but no body is read too, as a headline-only article
    (the headline is what the user gave us); it does not by itself put an incident in the set, so
    the set scored is the incidents with some article text.
    """
    root = eval_dir() / "gva"
    docs: dict[str, list[Article]] = defaultdict(list)
    with_body: set[str] = set()
    with (root / "documents.jsonl").open() as handle:
        for line in handle:
            doc = json.loads(line)
            if doc.get("content", "").strip():
                with_body.add(doc["incident_id"])
            elif not (doc.get("title") or "").strip():
                continue
            docs[doc["incident_id"]].append(
                Article.from_text(
                    doc["content"],
                    id=doc["doc_id"],
                    title=doc.get("title"),
                    url=doc.get("uri"),
                    published=doc.get("dct") or None,
                )
            )
    out: list[tuple[dict, list[Article]]] = []
    with (root / "incidents.jsonl").open() as handle:
        for line in handle:
            incident = json.loads(line)
            articles = docs.get(str(incident["incident_uri"]))
            if articles and str(incident["incident_uri"]) in with_body:
                out.append((incident, articles))
            if limit and len(out) >= limit:
                break
    return out


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


_HALF = {"dev": "dev", "heldout": "held_out"}  # the labels' split names, as the metrics name halves
READER_LABELS = Path(__file__).resolve().parent / "data" / "gva_reader_labels.tsv"


def load_reader_labels(path: Path = READER_LABELS) -> dict[str, dict[str, str]]:
    """The blind readings, by incident id (comment lines skipped)."""
    with path.open() as handle:
        rows = (line for line in handle if not line.startswith("#"))
        return {row["incident_id"]: row for row in csv.DictReader(rows, delimiter="\t")}


def gold_in_text(articles: list[Article], value: int) -> bool:
    """Whether an incident's gold count is written at all in its articles (titles included), in
    digits or as a word: an upper bound on what reading the articles can reach."""
    if value == 0:
        return True
    text = " ".join(f"{a.title or ''} {a.text}" for a in articles).lower()
    word = _WORDS[value] if value < len(_WORDS) else None
    return bool(re.search(rf"\b{value}\b", text) or (word and re.search(rf"\b{word}\b", text)))


def reconciled(figures: list[Figure], kind: str) -> float:
    """The story's own (not aggregate) reconciled figure of a kind; 0 when none is reported."""
    for figure in figures:
        if figure.kind == kind and not figure.subject.startswith("aggregate"):
            return figure.value
    return 0.0


ACLED_DEV_SEED = 7
ACLED_DEV_ROWS = 800
"""ACLED notes used to study one-death wordings: the first 800 (with text) after shuffling the
rows with this seed. The benchmark measures the other notes."""


def acled_notes(limit: int | None = None) -> dict[str, float | int]:
    """The story's own killed figure of each ACLED event note (Kenya 2004-2016) against the
    event's coded fatalities: a second genre (short, headline-like conflict notes), outside the
    notes used to study wordings. ``limit`` bounds the notes read."""
    with (eval_dir() / "acled" / "kenya_2004_2016.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    random.Random(ACLED_DEV_SEED).shuffle(rows)
    rows = [r for r in rows if r["notes"].strip()][ACLED_DEV_ROWS:]
    if limit:
        rows = rows[:limit]
    annotated = annotate([Article.from_text(r["notes"], id=f"n{i}") for i, r in enumerate(rows)])
    hits = {"all": 0, "one": 0, "none": 0}
    counts = {"all": 0, "one": 0, "none": 0}
    for row, article in zip(rows, annotated, strict=True):
        gold = float(row["fatalities"])
        predicted = reconciled(compare_figures([article]), "killed")
        for group in ("all", "one" if gold == 1 else "none" if gold == 0 else ""):
            if group:
                counts[group] += 1
                hits[group] += predicted == gold
    return {
        "acled_notes": counts["all"],
        "acled_notes_killed_exact": round(hits["all"] / max(1, counts["all"]), 3),
        "acled_notes_killed_exact_one_dead": round(hits["one"] / max(1, counts["one"]), 3),
        "acled_notes_killed_exact_none_dead": round(hits["none"] / max(1, counts["none"]), 3),
    }


CHALLENGE = Path(__file__).resolve().parent / "data" / "casualty_challenge.jsonl"
"""Short shooting reports written for newsfuse by readers who never saw its code, each with the
killed and injured counts a careful analyst codes (GVA / ACLED conventions: suspects hit count,
a later explicit update wins, otherwise the lowest figure). Ours, so kept in the repository.
Splits: ``dev`` (120 items, used to find and fix misreadings), ``heldout1`` (80 items, measured
once before use, then used for development), ``heldout2`` (80 items, measured once), ``dev2``
(120 items of the sixth round: few or no wounded written to mislead, and victims described one
by one with no total; used for development) and ``heldout3`` (60 items of the sixth round, a mix:
scored at each step, never read item by item), ``heldout4`` (60 items written at the end of the
sixth round and measured once)."""


def load_challenge(path: Path = CHALLENGE) -> list[tuple[dict, list[Article]]]:
    """The challenge items with their articles, in file order."""
    out: list[tuple[dict, list[Article]]] = []
    with path.open() as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            articles = [
                Article.from_text(
                    a["text"],
                    id=f"{item['id']}-{i}",
                    title=a.get("title"),
                    published=a.get("published"),
                )
                for i, a in enumerate(item["articles"])
            ]
            out.append((item, articles))
    return out


def challenge_set(limit: int | None = None) -> dict[str, float | int]:
    """Share of challenge items whose killed and injured counts both come out right, by split."""
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for item, articles in load_challenge()[:limit]:
        figures = compare_figures(annotate(prepare(articles)))
        got = (reconciled(figures, "killed"), reconciled(figures, "injured"))
        total[item["split"]] += 1
        right[item["split"]] += got == (float(item["killed"]), float(item["injured"]))
    return {
        **{f"challenge_items_{split}": n for split, n in sorted(total.items())},
        **{
            f"challenge_both_right_{split}": round(right[split] / n, 3)
            for split, n in sorted(total.items())
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="first N incidents only")
    parser.add_argument("--show-errors", type=int, default=0, help="print N wrong incidents")
    args = parser.parse_args()
    incidents = load_incidents(args.limit)
    hits = {"killed": 0, "injured": 0}
    # Incidents with even ids were used to analyse errors; odd ids are the held-out half.
    halves = {h: {"n": 0, "killed": 0, "injured": 0} for h in ("dev", "held_out")}
    reachable = {"killed": 0, "injured": 0}
    disagree = flagged = failed = 0
    errors: list[str] = []
    annotate_s = figures_s = 0.0
    readings = load_reader_labels()
    # per split of the readings: n, reader = archive, ours = archive, ours = reader
    reading: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for incident, articles in incidents:
        t0 = time.perf_counter()
        try:
            annotated = annotate(prepare(articles))
        except Exception as exc:  # a crash in another stage is counted, not fatal
            failed += 1
            errors.append(f"{incident['incident_uri']}: annotate failed: {exc!r}")
            continue
        t1 = time.perf_counter()
        figures = compare_figures(annotated)
        t2 = time.perf_counter()
        annotate_s += t1 - t0
        figures_s += t2 - t1
        wrong = []
        half = halves["held_out" if int(incident["incident_uri"]) % 2 else "dev"]
        half["n"] += 1
        read = readings.get(str(incident["incident_uri"]))
        if read:
            reading[read["split"]]["n"] += 1
        for kind, gold_key in (("killed", "num_killed"), ("injured", "num_injured")):
            predicted = reconciled(figures, kind)
            if read:
                counts = reading[read["split"]]
                counts[f"reader_{kind}"] += float(read[kind]) == float(incident[gold_key])
                counts[f"ours_{kind}"] += predicted == float(incident[gold_key])
                counts[f"ours_reader_{kind}"] += predicted == float(read[kind])
            reachable[kind] += gold_in_text(articles, int(incident[gold_key]))
            if predicted == float(incident[gold_key]):
                hits[kind] += 1
                half[kind] += 1
            else:
                wrong.append(f"{kind} {predicted:g} != {incident[gold_key]}")
        if len(annotated) > 1:
            # a disagreement: two articles each give a figure of the kind, and they differ
            for kind in ("killed", "injured"):
                values = {
                    f.value
                    for a in annotated
                    for f in compare_figures([a])
                    if f.kind == kind and not f.subject.startswith("aggregate")
                }
                if len(values) > 1:
                    disagree += 1
                    if any(f.kind == kind and f.status == "conflicting" for f in figures):
                        flagged += 1
        if wrong and len(errors) < args.show_errors + failed:
            errors.append(f"{incident['incident_uri']}: {'; '.join(wrong)}")
    n = max(1, len(incidents) - failed)
    for line in errors:
        print(line)
    metrics = {
        "incidents": n,
        "incidents_failed_in_annotation": failed,
        "articles": sum(len(a) for _, a in incidents),
        "killed_exact_match": round(hits["killed"] / n, 3),
        "injured_exact_match": round(hits["injured"] / n, 3),
        **{
            f"{kind}_exact_match_{name}": round(h[kind] / max(1, h["n"]), 3)
            for name, h in halves.items()
            for kind in ("killed", "injured")
        },
        **{
            f"{name}_{kind}_{_HALF[split]}": round(counts[f"{key}_{kind}"] / max(1, counts["n"]), 3)
            for split, counts in sorted(reading.items())
            for name, key in (
                ("reader_matches_archive", "reader"),
                ("ours_matches_archive", "ours"),
                ("ours_matches_reader", "ours_reader"),
            )
            for kind in ("killed", "injured")
        },
        "reader_labelled_incidents": sum(c["n"] for c in reading.values()),
        "killed_gold_written_in_articles": round(reachable["killed"] / n, 3),
        "injured_gold_written_in_articles": round(reachable["injured"] / n, 3),
        "figures_where_articles_disagree": disagree,
        "conflict_flagged_when_articles_disagree": round(flagged / disagree, 3)
        if disagree
        else None,
        "figures_ms_per_incident": round(1000 * figures_s / n, 2),
        "annotate_ms_per_article": round(
            1000 * annotate_s / max(1, sum(len(a) for _, a in incidents)), 1
        ),
        **acled_notes(args.limit and 10 * args.limit),
        **challenge_set(args.limit),
        "peak_memory_mb": round(peak_memory_mb()),
    }
    write_result(
        "figures",
        "Casualty figures across sources (GVA incidents)",
        metrics,
        goals={
            "killed_exact_match": ">= 0.90",
            "injured_exact_match": ">= 0.85",
        },
        notes=(
            "Reconciled value = ACLED's most conservative figure across the incident's articles, "
            "except that a toll explicitly updated later ('third victim dies', 'the death toll "
            "rose to 5') supersedes the first reports; a kind no article reports counts as 0. "
            "Gold counts come from the archive, whose "
            "sources can differ from the archived articles. *_dev = incidents with even ids "
            "(used for error analysis), *_held_out = odd ids. *_gold_written_in_articles = share "
            "of incidents whose gold count is written anywhere in their articles (digits or "
            "word; 0 always counts). reader_matches_archive_* = share of the blindly read "
            "incidents (benchmarks/data/gva_reader_labels.tsv, 160 dev + 160 held-out) where a "
            "careful reader of the articles gives the archive's count: what reading the text can "
            "reach; ours_matches_archive_* = ours on the same incidents; ours_matches_reader_* = "
            "how often we read what the reader read. acled_notes_*: the killed figure of "
            "ACLED event notes (Kenya) against their coded fatalities, a second genre, on the "
            "notes not used to study wordings (all / notes with one dead / with none). "
            "challenge_*: benchmarks/data/casualty_challenge.jsonl, short reports written for "
            "newsfuse by readers who never saw its code: the share whose killed and injured "
            "counts both come out right (dev: used to fix misreadings; heldout1: measured once, "
            "then used; heldout2: measured once)."
        ),
    )


if __name__ == "__main__":
    main()
