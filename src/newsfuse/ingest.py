"""Ingest: read, analyse and store articles, in batches, resumable, never stopping on bad input.

``ingest(paths, db)`` streams articles from the readers, skips those already stored (so a killed
run resumes where it stopped, and re-ingesting is a no-op), annotates the new ones through a
:class:`~newsfuse.pipeline.Runner`, and adds each batch to the :class:`~newsfuse.store.Store` in
one transaction (grouping them into stories as they arrive). Problems with single items are
collected in the report, with the item and the cause.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

from newsfuse.models import Article, Problem
from newsfuse.pipeline import LocalRunner, Runner

__all__ = ["IngestReport", "ingest"]

log = logging.getLogger(__name__)

BATCH = 64


@dataclasses.dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: counts, every problem (item and cause), the stories touched."""

    read: int = 0
    added: int = 0
    present: int = 0
    problems: tuple[Problem, ...] = ()
    stories: tuple[str, ...] = ()

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.kind == "failed")

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.kind == "skipped")

    def summary(self) -> str:
        """One line for the end of a run, e.g. "read 3: 2 added, 1 already stored; ..."."""
        return (
            f"read {self.read}: {self.added} added, {self.present} already stored; "
            f"{self.skipped} skipped, {self.failed} failed; "
            f"{len(self.stories)} stor{'y' if len(self.stories) == 1 else 'ies'} updated"
        )


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[list[Article | Problem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    paths: str | Path | Sequence[str | Path],
    db: str | Path,
    *,
    format: str | None = None,
    processes: int = 1,
    runner: Runner | None = None,
    batch_size: int = BATCH,
    on_article: Callable[[], None] | None = None,
) -> IngestReport:
    """Read ``paths``, annotate what is new and store it in the SQLite store at ``db``."""
    from newsfuse.read import iter_read
    from newsfuse.store import Store

    runner = runner or LocalRunner(n_process=processes)
    read = added = present = 0
    problems: list[Problem] = []
    stories: dict[str, None] = {}
    with Store(db) as store:
        for batch in _batches(iter_read(paths, format=format), batch_size):
            articles = [a for a in batch if isinstance(a, Article)]
            problems.extend(p for p in batch if isinstance(p, Problem))
            read += len(articles)
            new = [a for a in articles if a.id not in store]
            present += len(articles) - len(new)
            if on_article is not None:
                for _ in range(len(articles) - len(new)):
                    on_article()

            def done(_: object) -> None:
                if on_article is not None:
                    on_article()

            annotated = list(runner.annotate(new, on_done=done))
            result = store.add(annotated)
            added += len(result.added)
            present += len(result.present)
            problems.extend(result.skipped)
            stories.update(dict.fromkeys(result.stories))
            log.info("%s: stored %d new articles", db, len(result.added))
    return IngestReport(
        read=read,
        added=added,
        present=present,
        problems=tuple(problems),
        stories=tuple(stories),
    )
