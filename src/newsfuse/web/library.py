"""The web app's side of the store: a read connection per thread, one writer, briefs on demand.

Reads through :class:`newsfuse.store.Store` (the store owns every SQL statement, all of them
parameterised); adds what pages and API need on top: a 404 :class:`~newsfuse.web.errors.WebError`
naming the missing item, story rows for the list page, search hits split into plain and matched
parts (so the template escapes both), and the brief of a story, built with
:func:`newsfuse.brief.brief_annotated` and saved the first time it is asked for (one build at a
time per story). Writes (ingest, and the reader's corrections: merge two stories, move articles
out of one) all go through one shared store object.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from newsfuse.models import AnnotatedArticle, Article, Brief, Story
from newsfuse.web.errors import WebError

if TYPE_CHECKING:
    from newsfuse.group import Assignment
    from newsfuse.store import Store, StorySummary

__all__ = ["BRIEF_TTL", "Library", "SearchHit", "StoryRow"]

log = logging.getLogger(__name__)

T = TypeVar("T")

BRIEF_TTL = 5.0
"""Seconds a brief read from the store is reused before it is read again."""


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
        self._writer: Store | None = None
        self._lock = threading.Lock()
        self._brief_locks: dict[str, threading.Lock] = {}
        self._titles: dict[str, str] = {}  # story id -> title of its current brief
        self._cache: dict[str, tuple[float, Brief]] = {}  # story id -> (read at, brief)
        self._derived: dict[tuple[str, str], tuple[Brief, object]] = {}  # (story, kind) -> value

    def forget(self, story_ids: Iterable[str]) -> None:
        """Drop what is remembered of these stories (their articles changed)."""
        for story_id in story_ids:
            self._cache.pop(story_id, None)
            for key in [k for k in self._derived if k[0] == story_id]:
                self._derived.pop(key, None)
            self._titles.pop(story_id, None)

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

    def writer(self) -> Store:
        """The one store object every write goes through (ingest, merge, split).

        The store keeps its story index in memory per :class:`Store` object, so writes from
        several objects would group against stale indexes; one shared object (its writes are
        serialised by its own lock) keeps grouping consistent. Reads use :meth:`store`.
        """
        with self._lock:
            if self._writer is None:
                from newsfuse.store import Store

                self._writer = Store(self.path)
                self._opened.append(self._writer)
            return self._writer

    def merge(self, keep: str, other: str) -> str:
        """Move every article of story ``other`` into ``keep`` (a reader's correction)."""
        if keep == other:
            raise WebError(422, "cannot merge a story into itself: choose another story")
        for story_id in (keep, other):
            self.story(story_id)
        self.writer().merge_stories(keep, other)
        self.forget([keep, other])
        return keep

    def split(self, story_id: str, article_ids: Sequence[str]) -> str:
        """Move ``article_ids`` out of ``story_id`` into a new story; returns its id."""
        story = self.story(story_id)
        members = {a.id for a in story.articles}
        strangers = [a for a in article_ids if a not in members]
        if strangers or not article_ids:
            raise WebError(
                422,
                f"story {story_id!r} does not hold article(s) {', '.join(map(repr, strangers))}"
                if strangers
                else "name at least one article to move out of the story",
            )
        if len(set(article_ids)) == len(members):
            raise WebError(422, "cannot move every article out of a story: merge it instead")
        new_id = self.writer().split_story(story_id, list(article_ids))
        self.forget([story_id, new_id])
        return new_id

    def close(self) -> None:
        """Close every connection opened by any thread."""
        with self._lock:
            opened, self._opened = self._opened, []
            self._writer = None
        for store in opened:
            close = getattr(store, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # a connection of a finished thread: nothing to do
                    log.debug("closing a store connection failed", exc_info=True)

    # ------------------------------------------------------------------ stories

    def stories(self, *, brief_titles: int = 200) -> list[StoryRow]:
        """Every story, largest first, then most recent (the store's order).

        A story whose brief is built is named by the brief's title (better than the grouping's
        keyword title); the first ``brief_titles`` such stories are looked up, then remembered.
        """
        rows = [story_row(s) for s in self.store().stories()]
        out = []
        for i, row in enumerate(rows):
            title = self._titles.get(row.id) if row.brief_ready else None
            if title is None and row.brief_ready and i < brief_titles:
                try:
                    saved = self.store().brief(row.id)
                except KeyError:
                    saved = None
                if saved is not None:
                    title = self._titles[row.id] = saved.title
            out.append(dataclasses.replace(row, title=title) if title else row)
        return out

    def story(self, story_id: str) -> Story:
        """The story ``story_id`` with its articles (404 when there is none)."""
        try:
            return self.store().story(story_id)
        except KeyError:
            raise WebError(
                404, f"no story with id {story_id!r}: see /api/stories for the ids"
            ) from None

    def brief(self, story_id: str) -> Brief:
        """The brief of a story: the saved one, or built now from its annotated articles.

        A brief read from the store is kept in memory for ``BRIEF_TTL`` seconds (parsing it is
        most of a story page's cost); this app's own ingest forgets the stories it changes at
        once, another process's ingest shows within that time.
        """
        cached = self._cache.get(story_id)
        if cached is not None and time.monotonic() - cached[0] < BRIEF_TTL:
            return cached[1]
        saved = self._saved_brief(story_id)
        if saved is not None:
            self._cache[story_id] = (time.monotonic(), saved)
            return saved
        with self._lock:
            lock = self._brief_locks.setdefault(story_id, threading.Lock())
        with lock:  # one build per story at a time; the others wait and read it
            saved = self._saved_brief(story_id)
            if saved is not None:
                return saved
            return self.build_brief(story_id)

    def brief_json(self, story_id: str) -> bytes:
        """The brief as JSON bytes (``Brief.to_dict()``), encoded once per brief read."""
        brief = self.brief(story_id)
        return self.derived(
            story_id,
            "json",
            brief,
            lambda: json.dumps(brief.to_dict(), ensure_ascii=False).encode("utf-8"),
        )

    def derived(self, story_id: str, kind: str, brief: Brief, make: Callable[[], T]) -> T:
        """``make()``, computed once per brief object (a page or an encoding of the brief)."""
        key = (story_id, kind)
        cached = self._derived.get(key)
        if cached is not None and cached[0] is brief:
            return cast(T, cached[1])
        value = make()
        self._derived[key] = (brief, value)
        return value

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
        self._titles[story_id] = built.title
        self._cache[story_id] = (time.monotonic(), built)
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
                title=hit.title or hit.outlet or "Untitled article",
                outlet=hit.outlet,
                published=hit.published,
                snippet=split_snippet(hit.snippet, "[", "]"),
                story_id=hit.story_id,
                story_title=titles.get(hit.story_id or ""),
            )
            for hit in self.store().search(query, limit=limit)
        ]
