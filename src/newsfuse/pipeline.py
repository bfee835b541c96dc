"""Runners: how the per-article map runs (in this process, on several processes, on Ray).

The pipeline has two shapes of stage:

* per-article stages (read/clean, annotate: a map over articles), and
* per-story stages (entities, events, claims, summary, brief: a reduce over a story's articles).

Both take and return plain serialisable data classes (:mod:`newsfuse.models`), so a runner only
decides *where* the map runs. :class:`LocalRunner` runs it here with spaCy's ``nlp.pipe`` (batched,
optionally over several processes). Other runners (Ray) implement the same two methods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from newsfuse.models import AnnotatedArticle, Article

__all__ = ["LocalRunner", "Runner", "default_runner"]

log = logging.getLogger(__name__)

Progress = Callable[[AnnotatedArticle], None]


class Runner(Protocol):
    """Where the per-article map runs."""

    def annotate(
        self, articles: Iterable[Article], *, on_done: Progress | None = None
    ) -> Iterator[AnnotatedArticle]:
        """Annotate articles, yielding results in input order."""
        ...


@dataclass(frozen=True, slots=True)
class LocalRunner:
    """Runs the per-article stages in this process (``n_process=1``) or in ``n_process`` worker
    processes through spaCy's ``nlp.pipe``; ``batch_size`` articles per batch."""

    n_process: int = 1
    batch_size: int = 16

    def annotate(
        self, articles: Iterable[Article], *, on_done: Progress | None = None
    ) -> Iterator[AnnotatedArticle]:
        from newsfuse.annotate import iter_annotate

        return iter_annotate(
            articles, batch_size=self.batch_size, n_process=self.n_process, on_done=on_done
        )


def default_runner() -> Runner:
    """The runner used when none is given: this process, batched."""
    return LocalRunner()


def annotate_all(
    articles: Sequence[Article | AnnotatedArticle],
    *,
    runner: Runner | None = None,
    on_done: Progress | None = None,
) -> list[AnnotatedArticle]:
    """Annotate what is not annotated yet, keeping the input order."""
    todo = [a for a in articles if isinstance(a, Article)]
    done = iter((runner or default_runner()).annotate(todo, on_done=on_done))
    out: list[AnnotatedArticle] = []
    for item in articles:
        out.append(item if isinstance(item, AnnotatedArticle) else next(done))
    return out
