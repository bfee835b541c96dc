"""Structured events: who did what to whom, where, when, how many died, in ACLED and PLOVER terms.

Stages (each reads and returns :mod:`newsfuse.models` data classes)::

    events_from_doc(doc, annotated)     per article: Event per sentence that reports one
    merge_events(annotated, entities)   per story: one Event per real-world event, all sources
    extract_events(articles_or_text)    public API: read text/articles, annotate, merge

Modules: :mod:`~newsfuse.events.taxonomy` (ACLED's 25 sub-event types with PLOVER type and mode),
:mod:`~newsfuse.events.classify` (trigger lexicon and family rules), :mod:`~newsfuse.events.plover`
(PLOVER type and mode of any sentence), :mod:`~newsfuse.events.extract` (realis check, actors,
place, date, counts, attribution), :mod:`~newsfuse.events.actors` (ACLED-style actor names),
:mod:`~newsfuse.events.merge` (cross-article merging). See docs/events.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from newsfuse.errors import UsageError
from newsfuse.events.classify import Classification, classify_text, rank_text
from newsfuse.events.extract import events_from_doc, irrealis_reason
from newsfuse.events.merge import merge_events, notes_for
from newsfuse.events.taxonomy import ACLED_CODES, EVENT_TYPES, EventType, by_code
from newsfuse.models import AnnotatedArticle, Article, Event

__all__ = [
    "ACLED_CODES",
    "EVENT_TYPES",
    "Classification",
    "EventType",
    "by_code",
    "classify_text",
    "events_from_doc",
    "extract_events",
    "irrealis_reason",
    "merge_events",
    "notes_for",
    "rank_text",
]


def extract_events(
    articles_or_text: str | Article | AnnotatedArticle | Sequence[Article | AnnotatedArticle],
    published: str | dt.date | dt.datetime | None = None,
) -> list[Event]:
    """The events of one story (public API: ``newsfuse.extract_events``).

    ``articles_or_text`` is a text, an :class:`Article` or a list of them (already annotated
    articles are used as they are); ``published`` dates a bare text, so that "on Monday" resolves.
    Articles are cleaned and annotated, their events merged across outlets.
    """
    if isinstance(articles_or_text, str):
        if not articles_or_text.strip():
            raise UsageError("extract_events needs text: the string given is empty")
        items: list[Article | AnnotatedArticle] = [
            Article.from_text(articles_or_text, published=published)
        ]
    elif isinstance(articles_or_text, (Article, AnnotatedArticle)):
        items = [articles_or_text]
    else:
        items = list(articles_or_text)
    bad = [type(a).__name__ for a in items if not isinstance(a, (Article, AnnotatedArticle))]
    if bad:
        raise UsageError(
            f"extract_events takes text, Article or AnnotatedArticle objects, got {bad[0]}: "
            "read files with newsfuse.read(paths) first"
        )
    if not items:
        return []
    from newsfuse.annotate import annotate
    from newsfuse.clean import clean_article
    from newsfuse.entities import resolve_entities

    plain = [clean_article(a) for a in items if isinstance(a, Article)]
    done = {a.id: a for a in annotate(plain)}  # cleaning keeps the article id
    annotated = [a if isinstance(a, AnnotatedArticle) else done[a.id] for a in items]
    return merge_events(annotated, resolve_entities(annotated))
