"""The web app's reading side of the store: one connection per thread, briefs built on demand.

Reads through :class:`newsfuse.store.Store` (the store owns every SQL statement, all of them
parameterised); adds what pages and API need on top: a 404 :class:`~newsfuse.web.errors.WebError`
naming the missing item, story rows for the list page, search hits split into plain and matched
parts (so the template escapes both), and the brief of a story, built with
:func:`newsfuse.brief.brief_annotated` and saved the first time it is asked for (one build at a
time per story).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.models import AnnotatedArticle, Article, Brief, Story
from newsfuse.web.errors import WebError

if TYPE_CHECKING:
    from newsfuse.group import Assignment
    from newsfuse.store import Store, StorySummary

__all__ = ["Library", "SearchHit", "StoryRow"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the list page and ``GET /api/stories`` show it."""

    id: str
    title: str
    n_articles: int
    n_outlets: int
    first: dt.date | None
    last: dt.date | None
    places: tuple[str, ...] = ()
    brief_ready: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": self.n_articles,
            "outlets": self.n_outlets,
            "first_published": self.first.isoformat() if self.first else None,
            "last_published": self.last.isoformat() if self.last else None,
            "places": list(self.places),
            "brief_ready": self.brief_ready,
            "url": f"/stories/{self.id}",
        }


@dataclasses.dataclass(frozen=True, slots=True)
class SearchHit:
    """An article matching a search: ``snippet`` is (text, matched) parts, never markup."""

    article_id: str
    title: str
    outlet: str | None
    published: dt.date | None
    snippet: tuple[tuple[str, bool], ...]
    story_id: str | None = None
    story_title: str | None = None

    @property
    def url(self) -> str:
        return f"/articles/{self.article_id}" + (f"?story={self.story_id}" if self.story_id else "")

    @property
    def story_url(self) -> str | None:
        return f"/stories/{self.story_id}" if self.story_id else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "snippet": "".join(part for part, _ in self.snippet),
            "matches": [part for part, matched in self.snippet if matched],
            "story_id": self.story_id,
            "url": self.url,
        }


def story_row(summary: StorySummary) -> StoryRow:
    """A story list line from the store's summary."""
    return StoryRow(
        id=summary.id,
        title=summary.title or "Untitled story",
        n_articles=summary.articles,
        n_outlets=summary.outlets,
        first=summary.first,
        last=summary.last,
        places=summary.places,
        brief_ready=not summary.brief_stale,
    )


_MARKED = re.compile(r"\x02(.*?)\x03", re.S)


def split_snippet(
    snippet: str, start: str = "\x02", end: str = "\x03"
) -> tuple[tuple[str, bool], ...]:
    """Split an FTS snippet with ``start``/``end`` match markers into (text, matched) parts."""
    if start != "\x02" or end != "\x03":
        snippet = snippet.replace(start, "\x02").replace(end, "\x03")
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARKED.finditer(snippet):
        if m.start() > pos:
            parts.append((snippet[pos : m.start()], False))
        parts.append((m.group(1), True))
        pos = m.end()
    if pos < len(snippet):
        parts.append((snippet[pos:], False))
    return tuple((p.replace("\x02", "").replace("\x03", ""), matched) for p, matched in parts)


class Library:
    """Read access to one store for the web app (thread-safe: a connection per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._brief_locks: dict[str, threading.Lock] = {}

    # ------------------------------------------------------------------ connections

    def store(self) -> Store:
        """This thread's store connection (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            from newsfuse.store import Store

            store = Store(self.path)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection opened by any thread."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            close = getattr(store, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # a connection of a finished thread: nothing to do
                    log.debug("closing a store connection failed", exc_info=True)

    # ------------------------------------------------------------------ stories

    def stories(self) -> list[StoryRow]:
        """Every story, largest first, then most recent (the store's order)."""
        return [story_row(s) for s in self.store().stories()]

    def story(self, story_id: str) -> Story:
        """The story ``story_id`` with its articles (404 when there is none)."""
        try:
            return self.store().story(story_id)
        except KeyError:
            raise WebError(
                404, f"no story with id {story_id!r}: see /api/stories for the ids"
            ) from None

    def brief(self, story_id: str) -> Brief:
        """The brief of a story: the saved one, or built now from its annotated articles."""
        saved = self._saved_brief(story_id)
        if saved is not None:
            return saved
        with self._lock:
            lock = self._brief_locks.setdefault(story_id, threading.Lock())
        with lock:  # one build per story at a time; the others wait and read it
            saved = self._saved_brief(story_id)
            if saved is not None:
                return saved
            return self.build_brief(story_id)

    def _saved_brief(self, story_id: str) -> Brief | None:
        try:
            return self.store().brief(story_id)
        except KeyError:
            raise WebError(
                404, f"no story with id {story_id!r}: see /api/stories for the ids"
            ) from None

    def build_brief(self, story_id: str) -> Brief:
        """Build a story's brief from its stored annotations and save it."""
        from newsfuse.brief import brief_annotated, prepare

        store = self.store()
        annotated = store.annotated(story_id)
        if not annotated:
            raise WebError(404, f"story {story_id!r} has no articles")
        marked = [a for a in prepare(annotated) if isinstance(a, AnnotatedArticle)]
        built = brief_annotated(marked)
        store.save_brief(story_id, built)
        log.info("built the brief of story %s (%d articles)", story_id, len(annotated))
        return built

    # ------------------------------------------------------------------ articles

    def article(self, article_id: str) -> Article:
        """The article ``article_id`` (404 when there is none)."""
        try:
            return self.store().article(article_id)
        except KeyError:
            raise WebError(
                404, f"no article with id {article_id!r}: see /api/articles for the ids"
            ) from None

    def articles(self, story_id: str | None = None) -> list[Article]:
        """Every article, or those of one story (404 for an unknown story)."""
        try:
            return self.store().articles(story_id=story_id)
        except KeyError:
            raise WebError(
                404, f"no story with id {story_id!r}: see /api/stories for the ids"
            ) from None

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article is in (None if it is in none)."""
        try:
            return self.store().story_of(article_id)
        except KeyError:
            return None

    def explain(self, article_id: str) -> Assignment | None:
        """Why an article is in its story (None if it is in none)."""
        try:
            return self.store().explain(article_id)
        except KeyError:
            return None

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching ``query`` (full-text, every word), best first."""
        if not query.strip():
            return []
        titles = {s.id: s.title for s in self.stories()}
        return [
            SearchHit(
                article_id=hit.article_id,
                title=hit.title or hit.outlet or hit.article_id,
                outlet=hit.outlet,
                published=hit.published,
                snippet=split_snippet(hit.snippet, "[", "]"),
                story_id=hit.story_id,
                story_title=titles.get(hit.story_id or ""),
            )
            for hit in self.store().search(query, limit=limit)
        ]
