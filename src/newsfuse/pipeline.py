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
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
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
    """Runs the per-article stages on this machine: in this process when ``n_process`` is 1,
    else in ``n_process`` worker processes, each loading the models once and annotating
    ``batch_size`` articles at a time (spaCy ``nlp.pipe`` inside each worker). Results come back
    in input order; at most ``2 * n_process`` batches are in flight, so memory stays bounded on
    a stream of any length. Inputs shorter than two batches are annotated here (starting
    workers would cost more than it saves)."""

    n_process: int = 1
    batch_size: int = 16

    def annotate(
        self, articles: Iterable[Article], *, on_done: Progress | None = None
    ) -> Iterator[AnnotatedArticle]:
        from newsfuse.annotate import iter_annotate

        if self.n_process <= 1:
            return iter_annotate(articles, batch_size=self.batch_size, on_done=on_done)
        return self._parallel(iter(articles), on_done)

    def _parallel(
        self, articles: Iterator[Article], on_done: Progress | None
    ) -> Iterator[AnnotatedArticle]:
        from newsfuse.annotate import iter_annotate

        head = list(islice(articles, 2 * self.batch_size))
        if len(head) < 2 * self.batch_size:
            yield from iter_annotate(head, batch_size=self.batch_size, on_done=on_done)
            return
        stream = chain(head, articles)
        # spawn, not fork: the parent may hold threads (torch, tokenizers) that fork would copy
        context = multiprocessing.get_context("spawn")
        _prepare_gazetteer(context)
        with ProcessPoolExecutor(self.n_process, mp_context=context) as pool:
            pending: deque[Future[list[AnnotatedArticle]]] = deque()
            while batch := list(islice(stream, self.batch_size)):
                pending.append(pool.submit(_annotate_batch, batch, self.batch_size))
                if len(pending) >= 2 * self.n_process:
                    yield from _finish(pending.popleft(), on_done)
            while pending:
                yield from _finish(pending.popleft(), on_done)


def _prepare_gazetteer(context: multiprocessing.context.SpawnContext) -> None:
    """Make sure the gazetteer's cache file is current before the workers start.

    The workers map that one read-only file and share its pages. When it is missing or stale,
    it is built here once, in a process of its own (the builder's tables are large, and this
    process should not keep them), instead of by every worker at the same time."""
    from newsfuse.gazetteer import cache_file, read_cache

    if read_cache(cache_file()) is not None:
        return
    log.info("building the gazetteer's cache before starting the workers")
    process = context.Process(target=_build_gazetteer_cache, name="newsfuse-gazetteer")
    process.start()
    process.join()
    if process.exitcode != 0:  # the workers will try again, each on its own
        log.warning("building the gazetteer's cache failed (exit code %s)", process.exitcode)


def _build_gazetteer_cache() -> None:
    from newsfuse.gazetteer import build_gazetteer, cache_file, write_cache

    write_cache(cache_file(), build_gazetteer())


def _annotate_batch(articles: list[Article], batch_size: int) -> list[AnnotatedArticle]:
    """Worker side: annotate one batch (models load once per worker process)."""
    from newsfuse.annotate import iter_annotate

    return list(iter_annotate(articles, batch_size=batch_size))


def _finish(
    future: Future[list[AnnotatedArticle]], on_done: Progress | None
) -> Iterator[AnnotatedArticle]:
    for result in future.result():
        if on_done is not None:
            on_done(result)
        yield result


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
