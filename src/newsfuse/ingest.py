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
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TypeVar

from newsfuse.models import Article, Problem
from newsfuse.pipeline import LocalRunner, Runner

__all__ = ["IngestReport", "default_processes", "ingest"]

log = logging.getLogger(__name__)

BATCH = 64
T = TypeVar("T")


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


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def default_processes() -> int:
    """All cores: the default for ``newsfuse ingest``."""
    return max(1, os.cpu_count() or 1)


def ingest(
    paths: str | Path | Sequence[str | Path],
    db: str | Path,
    *,
    format: str | None = None,
    processes: int | None = None,
    runner: Runner | None = None,
    batch_size: int = BATCH,
    on_article: Callable[[], None] | None = None,
) -> IngestReport:
    """Read ``paths``, annotate what is new and store it in the SQLite store at ``db``.

    Articles already stored are skipped before annotation (re-ingest is a no-op, a killed run
    resumes). New articles flow through one runner (``processes`` worker processes, default all
    cores) and are stored in batches of ``batch_size``, one transaction each. ``on_article`` is
    called once per article read (progress bars).
    """
    from newsfuse.read import iter_read
    from newsfuse.store import Store

    runner = runner or LocalRunner(n_process=processes or default_processes())
    counts = {"read": 0, "present": 0}
    problems: list[Problem] = []

    def tick(_: object = None) -> None:
        if on_article is not None:
            on_article()

    added = 0
    stories: dict[str, None] = {}
    with Store(db) as store:

        def new_articles() -> Iterator[Article]:
            for item in iter_read(paths, format=format):
                if isinstance(item, Problem):
                    problems.append(item)
                    continue
                counts["read"] += 1
                if item.id in store:
                    counts["present"] += 1
                    tick()
                    continue
                yield item

        for batch in _batches(runner.annotate(new_articles(), on_done=tick), batch_size):
            result = store.add(batch)
            added += len(result.added)
            counts["present"] += len(result.present)
            problems.extend(result.skipped)
            stories.update(dict.fromkeys(result.stories))
            log.info("%s: stored %d new articles", db, len(result.added))
    return IngestReport(
        read=counts["read"],
        added=added,
        present=counts["present"],
        problems=tuple(problems),
        stories=tuple(stories),
    )
