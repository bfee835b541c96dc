"""The store: articles, their annotations, stories and briefs in one embedded SQLite file.

Reads :class:`~newsfuse.models.AnnotatedArticle` (or plain :class:`~newsfuse.models.Article`)
records; adds each new one to a story as it arrives (:class:`newsfuse.group.StoryIndex`) and keeps
each story's :class:`~newsfuse.models.Brief` until a new article makes it stale.

    with Store("news.db") as store:
        result = store.add(annotated)        # AddResult: added, present, skipped, stories touched
        store.stories()                      # StorySummary per story, largest first
        store.search("Tabqa dam")            # full-text search (SQLite FTS5)
        store.stale_stories()                # stories whose brief needs (re)building

Guarantees:

* SQLite in WAL mode; every write runs in one transaction (nothing half-written on error); SQL is
  parameterised only.
* The schema version lives in ``PRAGMA user_version``; an older file is migrated forward in place
  (each step in its own transaction), never rebuilt or lost. A file from a newer newsfuse is
  refused with a :class:`~newsfuse.errors.StoreError`.
* Re-adding an article already stored is a no-op, so a killed ingest simply runs again: articles
  are committed in chunks, each chunk with its story assignments.
* Articles that were stored but never grouped (an old schema, or a crash between versions) are
  grouped when the store opens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from newsfuse.errors import StoreError, UsageError
from newsfuse.group import Assignment, GroupOptions, Signature, StoryIndex
from newsfuse.models import AnnotatedArticle, Article, Brief, Problem, Record, Story

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "NotInStore",
    "SearchHit",
    "Store",
    "StorySummary",
]

log = logging.getLogger(__name__)


# Each step moves the schema from version i to i + 1. Never edit a released step: add one.
def _place_names(annotation: dict[str, Any]) -> list[str]:
    """Distinct place names of an annotated article (resolved names first, else the place
    mentions), for the story list."""
    names: dict[str, None] = {}
    for place in annotation.get("places") or ():
        name = place.get("resolved") or place.get("name")
        if name:
            names[name] = None
    if not names:
        for mention in annotation.get("mentions") or ():
            if mention.get("label") in ("GPE", "LOC", "FAC") and mention.get("text"):
                names[mention["text"]] = None
    return list(names)


def _fill_article_places(conn: sqlite3.Connection) -> None:
    """Migration 3 -> 4: the place names of each stored article, read from its annotations."""
    rows = conn.execute(
        "SELECT s.article_id, n.data FROM story_articles s "
        "JOIN annotations n ON n.article_id = s.article_id"
    ).fetchall()
    for article_id, data in rows:
        conn.execute(
            "UPDATE story_articles SET places = ? WHERE article_id = ?",
            (_dumps(_place_names(json.loads(data))), article_id),
        )


Step = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # 0 -> 1: articles and their annotations
    (
        """CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT, outlet TEXT, url TEXT, published TEXT, author TEXT, language TEXT,
            path TEXT, text TEXT NOT NULL, cleaned INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT, notes TEXT NOT NULL DEFAULT '[]',
            removed TEXT NOT NULL DEFAULT '[]',
            added TEXT NOT NULL
        )""",
        """CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles(published)",
    ),
    # 1 -> 2: stories, which story each article is in (and why), briefs
    (
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE story_articles (
            seq INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id),
            assignment TEXT NOT NULL,
            signature TEXT NOT NULL
        )""",
        "CREATE INDEX story_articles_story ON story_articles(story_id)",
        """CREATE TABLE briefs (
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            data TEXT,
            built TEXT,
            stale INTEGER NOT NULL DEFAULT 1
        )""",
    ),
    # 2 -> 3: full-text search over titles and texts
    (
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ),
    # 3 -> 4: each article's place names kept with its story membership (fast story list)
    (
        "ALTER TABLE story_articles ADD COLUMN places TEXT NOT NULL DEFAULT '[]'",
        _fill_article_places,
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NotInStore(StoreError, KeyError):
    """The store holds no article or story with that id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not in the store"


@dataclasses.dataclass(frozen=True, slots=True)
class AddResult(Record):
    """What ``Store.add`` did: ids stored now, ids already present (a no-op), items skipped with
    the reason, and the stories that changed (their briefs are now stale)."""

    added: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    skipped: tuple[Problem, ...] = ()
    stories: tuple[str, ...] = ()
    new_stories: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class SearchHit(Record):
    """An article matching a full-text query, best first, with a snippet around the match."""

    article_id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    story_id: str | None
    snippet: str
    score: float


@dataclasses.dataclass(frozen=True, slots=True)
class StorySummary(Record):
    """One line of the story list: counts, date span, top places, and whether its brief is
    current (``brief_stale`` is true when there is no brief or a newer article arrived)."""

    id: str
    title: str
    articles: int
    outlets: int
    first: dt.date | None
    last: dt.date | None
    places: tuple[str, ...] = ()
    brief_stale: bool = True
    notes: tuple[str, ...] = ()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """An embedded SQLite store of articles, annotations, stories and briefs.

    Use as a context manager (``with Store(path) as store:``) or call :meth:`close`. The
    connection may be shared between threads (calls are serialised by a lock).
    """

    def __init__(
        self, path: str | Path, *, options: GroupOptions | None = None, chunk_size: int = 64
    ) -> None:
        self.path = Path(path)
        self.options = options or GroupOptions()
        self.chunk_size = max(1, chunk_size)
        self._lock = threading.RLock()
        self._index: StoryIndex | None = None
        self._index_version = -1
        if not self.path.parent.exists():
            raise StoreError(
                f"{self.path}: the folder {self.path.parent} does not exist; create it first"
            )
        try:
            self._db = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=30
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.info("%s: journal mode %s (WAL unavailable)", self.path, mode)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}); is it a newsfuse database?"
            ) from exc
        self._group_pending()

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Store:
        """Open (creating or migrating) the store at ``path``."""
        return cls(path, **kwargs)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (idempotent)."""
        self._close_quietly()

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                db.close()
            finally:
                self._db = None  # type: ignore[assignment]

    # ---- schema ------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer newsfuse (schema {current}, this version reads "
                f"up to {SCHEMA_VERSION}); upgrade newsfuse to open it"
            )
        for version in range(current, SCHEMA_VERSION):
            with self._transaction() as conn:
                for step in MIGRATIONS[version]:
                    if isinstance(step, str):
                        conn.execute(step)
                    else:
                        step(conn)
                conn.execute(f"PRAGMA user_version = {version + 1:d}")
            if current:
                log.info("%s: migrated the store to schema %d", self.path, version + 1)

    # ---- writing -----------------------------------------------------------------------

    def add(
        self,
        items: Sequence[AnnotatedArticle | Article],
        *,
        on_chunk: Callable[[int], None] | None = None,
    ) -> AddResult:
        """Store articles and place each new one in a story (online grouping).

        An article whose id is already stored is left untouched (reported in ``present``); an
        article with no text is skipped with the reason. Articles are committed in chunks of
        ``chunk_size``, each with its story assignments, so a killed run loses at most the chunk
        in flight and a re-run resumes. ``on_chunk(n)`` is called after each commit with the
        number of items handled so far (for a progress bar). Only the touched stories' briefs
        become stale.
        """
        added: list[str] = []
        present: list[str] = []
        skipped: list[Problem] = []
        touched: dict[str, None] = {}
        new_stories: list[str] = []
        seen: set[str] = set()
        done = 0
        for start in range(0, len(items), self.chunk_size):
            chunk = items[start : start + self.chunk_size]
            index = self._story_index()
            chunk_stories: set[str] = set()
            try:
                with self._transaction() as conn:
                    for item in chunk:
                        article = item.article if isinstance(item, AnnotatedArticle) else item
                        if not isinstance(article, Article):
                            raise UsageError(
                                f"Store.add takes Article or AnnotatedArticle records, "
                                f"got {type(item).__name__}"
                            )
                        if not article.text.strip():
                            skipped.append(
                                Problem(article.label, "empty article: no text", "skipped")
                            )
                            continue
                        if article.id in seen or self._has_article(conn, article.id):
                            present.append(article.id)
                            continue
                        seen.add(article.id)
                        self._insert_article(conn, item)
                        assignment = index.add(item)
                        sig = index.signature(article.id)
                        if assignment.new_story:
                            new_stories.append(assignment.story_id)
                            conn.execute(
                                "INSERT INTO stories(id, title, created, updated) "
                                "VALUES (?, ?, ?, ?)",
                                (assignment.story_id, "", _now(), _now()),
                            )
                        self._insert_membership(conn, item, assignment, sig)
                        touched[assignment.story_id] = None
                        chunk_stories.add(assignment.story_id)
                        added.append(article.id)
                    for gone, kept in self._merge_grown(conn, index, chunk_stories):
                        touched.pop(gone, None)
                        touched[kept] = None
                        if gone in new_stories:
                            new_stories.remove(gone)
                        chunk_stories.discard(gone)
                        chunk_stories.add(kept)
                    self._refresh_stories(conn, index, chunk_stories)
            except BaseException:
                self._index = None  # rebuilt from the committed rows on next use
                raise
            done += len(chunk)
            if on_chunk is not None:
                on_chunk(done)
        return AddResult(
            added=tuple(added),
            present=tuple(present),
            skipped=tuple(skipped),
            stories=tuple(touched),
            new_stories=tuple(new_stories),
        )

    def _has_article(self, conn: sqlite3.Connection, article_id: str) -> bool:
        row = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def _insert_article(self, conn: sqlite3.Connection, item: AnnotatedArticle | Article) -> None:
        article = item.article if isinstance(item, AnnotatedArticle) else item
        conn.execute(
            "INSERT INTO articles(id, title, outlet, url, published, author, language, path, "
            "text, cleaned, duplicate_of, notes, removed, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.title,
                article.outlet,
                article.url,
                article.published.isoformat() if article.published else None,
                article.author,
                article.language,
                article.path,
                article.text,
                int(article.cleaned),
                article.duplicate_of,
                _dumps(list(article.notes)),
                _dumps([r.to_dict() for r in article.removed]),
                _now(),
            ),
        )
        if isinstance(item, AnnotatedArticle):
            conn.execute(
                "INSERT INTO annotations(article_id, data) VALUES (?, ?)",
                (article.id, _dumps(item.to_dict())),
            )

    def _merge_grown(
        self, conn: sqlite3.Connection, index: StoryIndex, story_ids: set[str]
    ) -> list[tuple[str, str]]:
        """Merge the stories a chunk touched with stories they now resemble as a whole
        (:meth:`StoryIndex.refine`), and record the merges; returns them as (gone, kept)."""
        merges = index.refine(sorted(story_ids))
        for gone, kept in merges:
            rows = conn.execute(
                "SELECT article_id FROM story_articles WHERE story_id = ?", (gone,)
            ).fetchall()
            for row in rows:
                conn.execute(
                    "UPDATE story_articles SET story_id = ?, assignment = ? WHERE article_id = ?",
                    (kept, _dumps(index.explain(row["article_id"]).to_dict()), row["article_id"]),
                )
            conn.execute("DELETE FROM briefs WHERE story_id = ?", (gone,))
            conn.execute("DELETE FROM stories WHERE id = ?", (gone,))
            log.info("%s: story %s merged into %s as both grew", self.path, gone, kept)
        return merges

    def _insert_membership(
        self,
        conn: sqlite3.Connection,
        item: AnnotatedArticle | Article,
        assignment: Assignment,
        sig: Signature,
    ) -> None:
        places = _place_names(item.to_dict()) if isinstance(item, AnnotatedArticle) else []
        conn.execute(
            "INSERT INTO story_articles(article_id, story_id, assignment, signature, places) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                sig.article_id,
                assignment.story_id,
                _dumps(assignment.to_dict()),
                _dumps(sig.to_dict()),
                _dumps(places),
            ),
        )

    def _refresh_stories(
        self, conn: sqlite3.Connection, index: StoryIndex, story_ids: set[str]
    ) -> None:
        """Update titles of changed stories and mark their briefs stale."""
        now = _now()
        for sid in sorted(story_ids):
            conn.execute(
                "UPDATE stories SET title = ?, updated = ? WHERE id = ?",
                (index.title(sid), now, sid),
            )
            conn.execute("UPDATE briefs SET stale = 1 WHERE story_id = ?", (sid,))

    def _story_index(self) -> StoryIndex:
        """The online index, rebuilt from the stored decisions when the store was (re)opened or
        another connection (another process, another ``Store`` object) wrote to the file."""
        with self._lock:
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            if self._index is not None and version != self._index_version:
                log.info("%s: changed by another writer; reloading the story index", self.path)
                self._index = None
            self._index_version = version
            if self._index is None:
                index = StoryIndex(self.options)
                rows = self._conn.execute(
                    "SELECT signature, assignment FROM story_articles ORDER BY seq"
                )
                for row in rows:
                    index.restore(
                        Signature.from_dict(json.loads(row["signature"])),
                        Assignment.from_dict(json.loads(row["assignment"])),
                    )
                self._index = index
            return self._index

    def _group_pending(self) -> None:
        """Group stored articles that have no story yet (e.g. after migrating an old store)."""
        rows = self._conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
            "WHERE s.article_id IS NULL ORDER BY a.rowid"
        ).fetchall()
        if not rows:
            return
        log.info("%s: grouping %d stored articles that have no story yet", self.path, len(rows))
        index = self._story_index()
        with self._transaction() as conn:
            changed: set[str] = set()
            for row in rows:
                item = self._load_item(conn, row["id"])
                assignment = index.add(item)
                if assignment.new_story:
                    conn.execute(
                        "INSERT OR IGNORE INTO stories(id, title, created, updated) "
                        "VALUES (?, ?, ?, ?)",
                        (assignment.story_id, "", _now(), _now()),
                    )
                self._insert_membership(conn, item, assignment, index.signature(row["id"]))
                changed.add(assignment.story_id)
            self._refresh_stories(conn, index, changed)

    def save_brief(self, story_id: str, brief: Brief) -> None:
        """Keep the brief of a story (current until a new article joins the story); the brief's
        title, which names the event, becomes the story's title."""
        with self._transaction() as conn:
            self._require_story(conn, story_id)
            conn.execute(
                "INSERT INTO briefs(story_id, data, built, stale) VALUES (?, ?, ?, 0) "
                "ON CONFLICT(story_id) DO UPDATE SET data = excluded.data, "
                "built = excluded.built, stale = 0",
                (story_id, _dumps(brief.to_dict()), _now()),
            )
            if brief.title:
                conn.execute("UPDATE stories SET title = ? WHERE id = ?", (brief.title, story_id))

    def merge_stories(self, keep: str, other: str) -> str:
        """Move every article of story ``other`` into ``keep``; returns ``keep``. Both briefs
        become stale (``other``'s is dropped with the story)."""
        index = self._story_index()
        with self._transaction() as conn:
            self._require_story(conn, keep)
            self._require_story(conn, other)
            try:
                moved = index.members(other)
                index.merge(keep, other)
                for aid in moved:
                    conn.execute(
                        "UPDATE story_articles SET story_id = ?, assignment = ? "
                        "WHERE article_id = ?",
                        (keep, _dumps(index.explain(aid).to_dict()), aid),
                    )
                conn.execute("DELETE FROM briefs WHERE story_id = ?", (other,))
                conn.execute("DELETE FROM stories WHERE id = ?", (other,))
                self._refresh_stories(conn, index, {keep})
            except BaseException:
                self._index = None
                raise
        return keep

    def split_story(self, story_id: str, article_ids: Sequence[str]) -> str:
        """Move ``article_ids`` out of a story into a new story; returns the new story's id."""
        index = self._story_index()
        with self._transaction() as conn:
            self._require_story(conn, story_id)
            try:
                new_id = index.split(story_id, article_ids)
                conn.execute(
                    "INSERT INTO stories(id, title, created, updated) VALUES (?, ?, ?, ?)",
                    (new_id, "", _now(), _now()),
                )
                for aid in index.members(new_id):
                    conn.execute(
                        "UPDATE story_articles SET story_id = ?, assignment = ? "
                        "WHERE article_id = ?",
                        (new_id, _dumps(index.explain(aid).to_dict()), aid),
                    )
                self._refresh_stories(conn, index, {story_id, new_id})
            except BaseException:
                self._index = None
                raise
        return new_id

    # ---- reading -----------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def __contains__(self, article_id: object) -> bool:
        """Whether an article id is stored (ingest uses it to skip work already done)."""
        return isinstance(article_id, str) and self._has_article(self._conn, article_id)

    def article(self, article_id: str) -> Article:
        """One stored article, with every field (including the lines cleaning removed)."""
        row = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotInStore(f"{self.path}: no article with id {article_id!r}")
        return _article_from_row(row)

    def articles(self, story_id: str | None = None) -> list[Article]:
        """Stored articles (of one story, in the order they joined it), else all in the order
        they were added."""
        if story_id is None:
            rows = self._conn.execute("SELECT * FROM articles ORDER BY rowid").fetchall()
        else:
            self._require_story(self._conn, story_id)
            rows = self._conn.execute(
                "SELECT a.* FROM story_articles s JOIN articles a ON a.id = s.article_id "
                "WHERE s.story_id = ? ORDER BY s.seq",
                (story_id,),
            ).fetchall()
        return [_article_from_row(r) for r in rows]

    def annotated(self, story_id: str | None = None) -> list[AnnotatedArticle]:
        """Stored articles with their annotations (an article stored without annotations comes
        back as an ``AnnotatedArticle`` with empty annotation fields)."""
        return [self._load_item(self._conn, a.id, a) for a in self.articles(story_id)]

    def _load_item(
        self, conn: sqlite3.Connection, article_id: str, article: Article | None = None
    ) -> AnnotatedArticle:
        row = conn.execute(
            "SELECT data FROM annotations WHERE article_id = ?", (article_id,)
        ).fetchone()
        if article is None:
            found = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            article = _article_from_row(found)
        if row is None:
            return AnnotatedArticle(article=article)
        annotated = AnnotatedArticle.from_dict(json.loads(row["data"]))
        return dataclasses.replace(annotated, article=article)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts (every word must match; stemmed)."""
        words = [w for w in query.replace('"', " ").split() if w.strip()]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = self._conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, s.story_id, "
            "snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snip, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "LEFT JOIN story_articles s ON s.article_id = a.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, int(limit)),
        ).fetchall()
        return [
            SearchHit(
                article_id=r["id"],
                title=r["title"],
                outlet=r["outlet"],
                published=dt.date.fromisoformat(r["published"]) if r["published"] else None,
                story_id=r["story_id"],
                snippet=r["snip"],
                score=round(-float(r["rank"]), 4),
            )
            for r in rows
        ]

    def stories(self) -> list[StorySummary]:
        """Every story: title, article and outlet counts, first/last date, top places; largest
        first, then most recent."""
        rows = self._conn.execute(
            "SELECT st.id, st.title, count(a.id) AS n, "
            "count(DISTINCT coalesce(a.outlet, a.url, a.id)) AS outlets, "
            "min(a.published) AS first, max(a.published) AS last, "
            "sum(a.published IS NULL) AS undated, "
            "coalesce(b.stale, 1) AS stale "
            "FROM stories st JOIN story_articles s ON s.story_id = st.id "
            "JOIN articles a ON a.id = s.article_id "
            "LEFT JOIN briefs b ON b.story_id = st.id "
            "GROUP BY st.id ORDER BY n DESC, last DESC, st.id"
        ).fetchall()
        places = self._top_places()
        return [
            StorySummary(
                id=r["id"],
                title=r["title"],
                articles=r["n"],
                outlets=r["outlets"],
                first=dt.date.fromisoformat(r["first"]) if r["first"] else None,
                last=dt.date.fromisoformat(r["last"]) if r["last"] else None,
                places=places.get(r["id"], ()),
                brief_stale=bool(r["stale"]),
                notes=(
                    (f"{r['undated']} undated article(s) grouped by content alone",)
                    if r["undated"]
                    else ()
                ),
            )
            for r in rows
        ]

    def _top_places(self, limit: int = 3) -> dict[str, tuple[str, ...]]:
        counts: dict[str, Counter[str]] = {}
        rows = self._conn.execute("SELECT story_id, places FROM story_articles ORDER BY seq")
        for row in rows:
            names = json.loads(row["places"])
            if names:
                counts.setdefault(row["story_id"], Counter()).update(names)
        # ties keep the order in which the story's articles name them (rows come in seq order)
        return {sid: tuple(name for name, _ in c.most_common(limit)) for sid, c in counts.items()}

    def story(self, story_id: str) -> Story:
        """One story with its articles (in the order they joined)."""
        row = self._conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotInStore(f"{self.path}: no story with id {story_id!r}")
        articles = tuple(self.articles(story_id))
        notes = (
            ("undated: some articles were grouped by content alone (no publication date)",)
            if any(a.published is None for a in articles)
            else ()
        )
        return Story(id=row["id"], title=row["title"], articles=articles, notes=notes)

    def story_of(self, article_id: str) -> str:
        """The id of the story an article is in."""
        row = self._conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotInStore(f"{self.path}: no article with id {article_id!r}")
        return str(row["story_id"])

    def brief(self, story_id: str) -> Brief | None:
        """The stored brief of a story, or None when there is none or it is stale."""
        self._require_story(self._conn, story_id)
        row = self._conn.execute(
            "SELECT data, stale FROM briefs WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is None or row["stale"] or row["data"] is None:
            return None
        return Brief.from_dict(json.loads(row["data"]))

    def stale_stories(self) -> list[str]:
        """Ids of stories whose brief is missing or stale (a new article joined since)."""
        rows = self._conn.execute(
            "SELECT st.id FROM stories st LEFT JOIN briefs b ON b.story_id = st.id "
            "WHERE b.story_id IS NULL OR b.stale = 1 ORDER BY st.created, st.id"
        ).fetchall()
        return [r["id"] for r in rows]

    def explain(self, article_id: str) -> Assignment:
        """Why an article is in its story (the grouping decision, or the user's correction)."""
        row = self._conn.execute(
            "SELECT assignment FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotInStore(f"{self.path}: no article with id {article_id!r}")
        return Assignment.from_dict(json.loads(row["assignment"]))

    def _require_story(self, conn: sqlite3.Connection, story_id: str) -> None:
        if conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
            raise NotInStore(f"{self.path}: no story with id {story_id!r}")


def _article_from_row(row: sqlite3.Row) -> Article:
    from newsfuse.models import RemovedLine

    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        author=row["author"],
        language=row["language"],
        path=row["path"],
        removed=tuple(RemovedLine.from_dict(r) for r in json.loads(row["removed"])),
        cleaned=bool(row["cleaned"]),
        duplicate_of=row["duplicate_of"],
        notes=tuple(json.loads(row["notes"])),
    )
