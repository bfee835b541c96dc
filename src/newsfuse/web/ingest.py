"""Ingest from the web: uploads become a background job whose progress the page polls.

Reads uploaded files and pasted text or HTML (:class:`Upload`); writes each to a private
temporary folder under a safe name, then reads them (:func:`newsfuse.read.read`: detect, extract,
clean), annotates them (:func:`newsfuse.annotate.iter_annotate`), stores them
(:meth:`newsfuse.store.Store.add`, which groups each into a story) and builds the briefs of the
stories they joined. One job runs at a time, on one worker thread (the cores go to spaCy, not to
concurrent jobs). Adds a :class:`JobStatus` per job: state, percent, a message, the problems
(items not added, with the cause) and the stories the articles joined. Jobs live in memory; the
last ``keep`` are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Problem

if TYPE_CHECKING:
    from newsfuse.web.library import Library

__all__ = ["IngestJobs", "JobStatus", "StoryLink", "Upload", "safe_name"]

log = logging.getLogger(__name__)

State = Literal["queued", "running", "done", "failed"]


@dataclasses.dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded item: the name it was given (for messages) and its bytes."""

    name: str
    data: bytes


@dataclasses.dataclass(frozen=True, slots=True)
class StoryLink:
    """A story an ingested article joined."""

    id: str
    title: str


@dataclasses.dataclass(frozen=True, slots=True)
class JobStatus:
    """A snapshot of one ingest job."""

    id: str
    state: State
    percent: int
    message: str
    items: int
    read: int = 0
    annotated: int = 0
    problems: tuple[Problem, ...] = ()
    stories: tuple[StoryLink, ...] = ()
    articles: tuple[str, ...] = ()
    created: str = ""
    finished: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "percent": self.percent,
            "message": self.message,
            "items": self.items,
            "read": self.read,
            "annotated": self.annotated,
            "problems": [p.to_dict() for p in self.problems],
            "stories": [
                {"id": s.id, "title": s.title, "url": f"/stories/{s.id}"} for s in self.stories
            ],
            "articles": list(self.articles),
            "created": self.created,
            "finished": self.finished,
            "url": f"/api/jobs/{self.id}",
        }


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, index: int) -> str:
    """A file name safe to write in our temporary folder: no path, no odd characters.

    The extension is kept (the reader detects the format by it and by content)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip("._") or "upload"
    return f"{index:03d}-{base[-120:]}"


class IngestJobs:
    """Runs ingest jobs on one worker thread and keeps their status."""

    def __init__(self, store_path: Path, library: Library, *, keep: int = 200) -> None:
        self.store_path = store_path
        self.library = library
        self.keep = keep
        self._jobs: OrderedDict[str, JobStatus] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-ingest")
        self._counter = itertools.count(1)

    def submit(self, uploads: list[Upload]) -> JobStatus:
        """Queue a job for ``uploads`` and return its first status."""
        job_id = f"{next(self._counter)}-{secrets.token_hex(4)}"
        status = JobStatus(
            id=job_id,
            state="queued",
            percent=0,
            message=f"queued: {len(uploads)} item{'s' if len(uploads) != 1 else ''}",
            items=len(uploads),
            created=_now(),
        )
        self._set(status)
        self._pool.submit(self._run, job_id, uploads)
        return status

    def status(self, job_id: str) -> JobStatus | None:
        """The job's latest status, or None if there is no such job (or it was forgotten)."""
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 120.0) -> JobStatus | None:
        """Block until the job is done or failed (for tests and scripts)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status(job_id)
            if status is None or status.state in ("done", "failed"):
                return status
            time.sleep(0.05)
        return self.status(job_id)

    def shutdown(self) -> None:
        """Stop taking jobs; the running one finishes."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    # ------------------------------------------------------------------ internals

    def _set(self, status: JobStatus) -> None:
        with self._lock:
            self._jobs[status.id] = status
            self._jobs.move_to_end(status.id)
            while len(self._jobs) > self.keep:
                self._jobs.popitem(last=False)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            current = self._jobs.get(job_id)
            if current is None:
                return
            self._jobs[job_id] = dataclasses.replace(current, **changes)

    def _run(self, job_id: str, uploads: list[Upload]) -> None:
        try:
            self._ingest(job_id, uploads)
        except NewsfuseError as exc:
            log.warning("ingest job %s failed: %s", job_id, exc)
            self._update(
                job_id, state="failed", percent=100, message=f"failed: {exc}", finished=_now()
            )
        except Exception as exc:
            log.exception("ingest job %s failed", job_id)
            self._update(
                job_id,
                state="failed",
                percent=100,
                message=f"failed: internal error ({type(exc).__name__}: {exc}); "
                "the server log has the traceback",
                finished=_now(),
            )

    def _ingest(self, job_id: str, uploads: list[Upload]) -> None:
        from newsfuse.annotate import iter_annotate
        from newsfuse.read import read

        self._update(job_id, state="running", percent=5, message="reading")
        with tempfile.TemporaryDirectory(prefix="newsfuse-upload-") as tmp:
            names: dict[str, str] = {}
            for i, upload in enumerate(uploads, start=1):
                path = Path(tmp) / safe_name(upload.name, i)
                path.write_bytes(upload.data)
                names[str(path)] = upload.name
            result = read(list(names))
            problems = [_renamed(p, names) for p in result.problems]
        found = [_named(a, names) for a in result]
        store = self.library.store()
        stored = {a.id for a in found if _has(store, a.id)}  # nothing to redo for those
        articles = [a for a in found if a.id not in stored]
        present = [a.id for a in found if a.id in stored]
        total = len(articles)
        self._update(
            job_id,
            read=len(found),
            problems=tuple(problems),
            percent=10,
            message=f"read {len(found)} article(s), {total} new; annotating",
        )
        if not articles and not present:
            self._update(
                job_id,
                state="failed",
                percent=100,
                message="nothing could be read from the upload: see the problems",
                finished=_now(),
            )
            return
        done = 0

        def on_done(_: object) -> None:
            nonlocal done
            done += 1
            self._update(
                job_id,
                annotated=done,
                percent=10 + int(70 * done / max(1, total)),
                message=f"annotated {done} of {total} article(s)",
            )

        annotated = list(iter_annotate(articles, on_done=on_done))
        self._update(job_id, percent=82, message="storing and grouping into stories")
        added = self.library.writer().add(annotated)
        added = dataclasses.replace(added, present=(*present, *added.present))
        self.library.forget(added.stories)
        problems.extend(added.skipped)
        self._update(job_id, percent=88, message="building the briefs", problems=tuple(problems))
        story_ids = list(added.stories)
        for article_id in added.present:
            story_id = self.library.story_of(article_id)
            if story_id and story_id not in story_ids:
                story_ids.append(story_id)
        links = []
        for story_id in story_ids:
            try:
                built = self.library.brief(story_id)
                links.append(StoryLink(story_id, built.title))
            except Exception:  # the articles are stored; the page retries the brief
                log.exception("the brief of story %s could not be built", story_id)
                links.append(StoryLink(story_id, self.library.story(story_id).title))
        message = (
            f"done: {len(added.added)} article(s) added"
            + (f", {len(added.present)} already stored" if added.present else "")
            + (f", {len(problems)} not used" if problems else "")
            + f"; {len(added.stories)} stor{'y' if len(added.stories) == 1 else 'ies'} "
            + f"updated ({len(added.new_stories)} new)"
        )
        self._update(
            job_id,
            state="done",
            percent=100,
            message=message,
            articles=tuple(added.added) + tuple(added.present),
            stories=tuple(links),
            problems=tuple(problems),
            finished=_now(),
        )


def _named(article: Article, names: dict[str, str]) -> Article:
    """Give an article the uploaded file's name as its path, not our temporary path."""
    path = article.path or ""
    for tmp, name in names.items():
        if path.startswith(tmp):
            return dataclasses.replace(article, path=name + path[len(tmp) :])
    return article


def _has(store: Any, article_id: str) -> bool:
    try:
        store.article(article_id)
    except KeyError:
        return False
    return True


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    """Name a problem by the uploaded name, not by our temporary path."""
    item = problem.item
    for path, name in names.items():
        item = item.replace(path, name)
    return dataclasses.replace(problem, item=item)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
