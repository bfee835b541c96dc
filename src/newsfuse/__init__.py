"""newsfuse: many news reports about one event in, one verified, sourced brief out.

Public API (each name is documented where it lives)::

    newsfuse.read(paths, format=None)          -> ReadResult (a list of Article, plus .problems)
    newsfuse.extract_html(html, url=None)      -> Article
    newsfuse.Article.from_text(text, ...)      -> Article
    newsfuse.annotate(articles)                -> list[AnnotatedArticle]
    newsfuse.entities(articles)                -> list[Entity]
    newsfuse.geoparse(text, context=None)      -> list[Place]
    newsfuse.resolve_dates(text, published)    -> list[TimeExpression]
    newsfuse.extract_events(articles_or_text)  -> list[Event]
    newsfuse.cross_check(articles)             -> list[Claim]
    newsfuse.summarize(articles, max_words)    -> list[SummarySentence]
    newsfuse.group(articles)                   -> list[Story]
    newsfuse.brief(articles, max_words=250)    -> Brief

Importing newsfuse does not load spaCy, models, the web stack or Ray: they load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsfuse.models import (
    AnnotatedArticle,
    Article,
    Brief,
    Citation,
    Claim,
    Entity,
    Event,
    Figure,
    Mention,
    Place,
    Problem,
    Quantity,
    Sentence,
    Source,
    Story,
    SummarySentence,
    TimeExpression,
    TimelineEntry,
)

__version__ = "0.1.0"

# Functions that share their module's name are imported here, before anything else can import
# the module: otherwise the module object would shadow the function (``newsfuse.brief`` would be
# the module, not the function). These modules import nothing heavy at module level.
from newsfuse.annotate import annotate
from newsfuse.brief import brief
from newsfuse.entities import entities
from newsfuse.group import group
from newsfuse.read import ReadResult, extract_html, read
from newsfuse.summarize import summarize

_LAZY = {
    "geoparse": "newsfuse.places",
    "resolve_dates": "newsfuse.dates",
    "extract_events": "newsfuse.events",
    "cross_check": "newsfuse.claims",
}

if TYPE_CHECKING:
    from newsfuse.claims import cross_check
    from newsfuse.dates import resolve_dates
    from newsfuse.events import extract_events
    from newsfuse.places import geoparse


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AnnotatedArticle",
    "Article",
    "Brief",
    "Citation",
    "Claim",
    "Entity",
    "Event",
    "Figure",
    "Mention",
    "Place",
    "Problem",
    "Quantity",
    "ReadResult",
    "Sentence",
    "Source",
    "Story",
    "SummarySentence",
    "TimeExpression",
    "TimelineEntry",
    "__version__",
    "annotate",
    "brief",
    "cross_check",
    "entities",
    "extract_events",
    "extract_html",
    "geoparse",
    "group",
    "read",
    "resolve_dates",
    "summarize",
]
