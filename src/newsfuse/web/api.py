"""The REST API under ``/api/``: stories, briefs, articles, entities, events, search, ingest.

Handlers read the request, call :class:`~newsfuse.web.library.Library` (reads) or
:class:`~newsfuse.web.ingest.IngestJobs` (the only write), and return the data classes'
``to_dict()`` JSON. Pydantic models here only describe the edge (OpenAPI docs of the error shape,
the story list and the job status); every error is the one JSON shape of
:mod:`newsfuse.web.errors`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

import newsfuse
from newsfuse.web.errors import WebError
from newsfuse.web.forms import pasted_upload, uploads_from
from newsfuse.web.guard import check_write

__all__ = ["router"]


class ErrorDetail(BaseModel):
    field: str
    problem: str


class ErrorInfo(BaseModel):
    status: int = Field(examples=[404])
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no story with id 'x': see /api/stories for the ids"])
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    """Every error of the API has this shape."""

    error: ErrorInfo


class StoryOut(BaseModel):
    id: str
    title: str
    articles: int
    outlets: int
    first_published: str | None
    last_published: str | None
    places: list[str]
    brief_ready: bool
    url: str


class StoriesOut(BaseModel):
    stories: list[StoryOut]


class ProblemOut(BaseModel):
    item: str
    cause: str
    kind: str


class JobStoryOut(BaseModel):
    id: str
    title: str
    url: str


class JobOut(BaseModel):
    """An ingest job: ``state`` queued, running, done or failed; poll ``url`` until it ends."""

    id: str
    state: Literal["queued", "running", "done", "failed"]
    percent: int
    message: str
    items: int
    read: int
    annotated: int
    problems: list[ProblemOut]
    stories: list[JobStoryOut]
    articles: list[str]
    created: str
    finished: str | None
    url: str


class MergeIn(BaseModel):
    """The story to merge into the one in the path."""

    other: str = Field(max_length=100, examples=["s-2f77bb2bdbfdacfd"])


class SplitIn(BaseModel):
    """The articles to move out of the story in the path, into one new story."""

    articles: list[str] = Field(min_length=1, max_length=10_000, examples=[["2f77bb2bdbfdacfd"]])


class PastedArticle(BaseModel):
    """One article sent as JSON: ``text`` (plain) or ``html`` (a saved page), and metadata."""

    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=500)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, examples=["2017-06-06"])


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such item"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "A token is needed"},
    403: {
        "model": ErrorResponse,
        "description": "Writes refused (read-only, wrong token, cross-origin)",
    },
    413: {"model": ErrorResponse, "description": "Upload over the size limit"},
    422: {"model": ErrorResponse, "description": "Nothing to ingest, or invalid fields"},
}

router = APIRouter(prefix="/api", responses={500: {"model": ErrorResponse}})


def _library(request: Request) -> Any:
    return request.app.state.library


@router.get("/health", tags=["meta"], summary="Server and store status")
def health(request: Request) -> dict[str, Any]:
    """Version, store path and counts."""
    library = _library(request)
    stories = library.stories()
    return {
        "status": "ok",
        "version": newsfuse.__version__,
        "store": str(request.app.state.settings.store_path),
        "stories": len(stories),
        "articles": sum(s.n_articles for s in stories),
        "writable": request.app.state.settings.policy.enabled,
        "token_required": request.app.state.settings.policy.token is not None,
    }


@router.get("/stories", tags=["stories"], response_model=StoriesOut, summary="All stories")
def list_stories(request: Request) -> dict[str, Any]:
    """Every story, largest first, then most recent."""
    return {"stories": [s.to_dict() for s in _library(request).stories()]}


@router.get("/stories/{story_id}", tags=["stories"], responses=ERRORS, summary="One story")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """A story and its articles (full records, in the order they joined)."""
    story = _library(request).story(story_id)
    data: dict[str, Any] = story.to_dict()
    data["brief_url"] = f"/api/stories/{story.id}/brief"
    return data


@router.get(
    "/stories/{story_id}/brief",
    tags=["stories"],
    responses={
        **ERRORS,
        200: {"content": {"application/json": {}, "text/markdown": {}, "text/html": {}}},
    },
    summary="A story's brief",
)
def get_brief(
    request: Request,
    story_id: str,
    format: Annotated[
        Literal["json", "md", "html"], Query(description="json (default), md or html")
    ] = "json",
) -> Response:
    """The brief: title, cited summary, sources, entities, places, events, claims, figures,
    timeline, notes. Built on first request and kept until a new article joins the story."""
    from newsfuse.render import to_html, to_markdown

    library = _library(request)
    if format == "json":
        return Response(library.brief_json(story_id), media_type="application/json")
    brief = library.brief(story_id)
    if format == "md":
        return PlainTextResponse(to_markdown(brief), media_type="text/markdown; charset=utf-8")
    return Response(  # a standalone file with inline CSS and no script: its own, stricter CSP
        to_html(brief),
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; frame-ancestors 'none'"
        },
    )


@router.get(
    "/stories/{story_id}/entities",
    tags=["stories"],
    responses=ERRORS,
    summary="Who's who of a story",
)
def get_entities(request: Request, story_id: str) -> dict[str, Any]:
    """Canonical actors (one entry however spelled): name, type, aliases, roles, articles."""
    brief = _library(request).brief(story_id)
    return {"entities": [e.to_dict() for e in brief.entities]}


@router.get(
    "/stories/{story_id}/events",
    tags=["stories"],
    responses={
        **ERRORS,
        200: {"content": {"application/json": {}, "text/csv": {}, "application/geo+json": {}}},
    },
    summary="Events of a story (JSON, ACLED CSV, GeoJSON)",
)
def get_events(
    request: Request,
    story_id: str,
    format: Annotated[
        Literal["json", "csv", "geojson"], Query(description="json (default), csv or geojson")
    ] = "json",
) -> Response:
    """Events in ACLED terms (event and sub-event type, actors, location, date, fatalities) with
    PLOVER type and mode and the evidence sentences."""
    brief = _library(request).brief(story_id)
    events = list(brief.events)
    if format == "json":
        return JSONResponse({"events": [e.to_dict() for e in events]})
    try:
        from newsfuse.render.acled import events_to_csv, events_to_geojson
    except ImportError:
        raise WebError(503, "the ACLED export is not available in this build") from None
    if format == "csv":
        return Response(
            events_to_csv(events),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="events-{story_id}.csv"'},
        )
    return Response(
        json.dumps(events_to_geojson(events), ensure_ascii=False),
        media_type="application/geo+json",
    )


@router.post(
    "/stories/{story_id}/merge",
    tags=["stories"],
    responses={**ERRORS, **WRITE_ERRORS},
    summary="Merge another story into this one",
)
def merge_stories(request: Request, story_id: str, body: MergeIn) -> dict[str, Any]:
    """Move every article of story ``other`` into this story (a reader's correction of the
    grouping). ``other`` disappears; this story's brief is rebuilt on its next request."""
    check_write(request, request.app.state.settings.policy)
    library = _library(request)
    library.merge(story_id, body.other)
    return {"story": _row(library, story_id)}


@router.post(
    "/stories/{story_id}/split",
    tags=["stories"],
    status_code=201,
    responses={**ERRORS, **WRITE_ERRORS},
    summary="Move articles out of a story into a new one",
)
def split_story(request: Request, story_id: str, body: SplitIn) -> JSONResponse:
    """Move ``articles`` out of this story into one new story (a reader's correction); both
    briefs are rebuilt on their next request. Returns both stories."""
    check_write(request, request.app.state.settings.policy)
    library = _library(request)
    new_id = library.split(story_id, body.articles)
    return JSONResponse(
        {"story": _row(library, new_id), "from": _row(library, story_id)},
        status_code=201,
        headers={"Location": f"/api/stories/{new_id}"},
    )


def _row(library: Any, story_id: str) -> dict[str, Any]:
    for row in library.stories():
        if row.id == story_id:
            data: dict[str, Any] = row.to_dict()
            return data
    raise WebError(404, f"no story with id {story_id!r}")


@router.get("/articles", tags=["articles"], responses=ERRORS, summary="Articles")
def list_articles(
    request: Request,
    story_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Stored articles (of one story with ``story_id``), without their text: metadata only."""
    articles = _library(request).articles(story_id)
    page = articles[offset : offset + limit]
    return {
        "total": len(articles),
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "url": a.url,
                "published": a.published.isoformat() if a.published else None,
                "language": a.language,
                "duplicate_of": a.duplicate_of,
                "url_here": f"/api/articles/{a.id}",
            }
            for a in page
        ],
    }


@router.get("/articles/{article_id}", tags=["articles"], responses=ERRORS, summary="One article")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The full article record: cleaned text, metadata, every line cleaning removed with its
    reason, and the story it is in with the grouping decision."""
    library = _library(request)
    article = library.article(article_id)
    assignment = library.explain(article_id)
    data: dict[str, Any] = article.to_dict()
    data["story_id"] = library.story_of(article_id)
    data["grouping"] = assignment.to_dict() if assignment is not None else None
    return data


@router.get("/search", tags=["articles"], responses=ERRORS, summary="Full-text search")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="words, all must match")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Articles whose title or text has every word of ``q`` (stemmed), best first; the snippet
    is plain text, ``matches`` the matched words."""
    hits = _library(request).search(q, limit=limit)
    return {"query": q, "hits": [h.to_dict() for h in hits]}


@router.post(
    "/ingest",
    tags=["ingest"],
    status_code=202,
    response_model=JobOut,
    responses=WRITE_ERRORS,
    summary="Add articles (files, text or HTML)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": PastedArticle.model_json_schema()},
            }
        }
    },
)
async def ingest(
    request: Request,
    files: Annotated[list[UploadFile] | None, File(description="any readable format")] = None,
    content: Annotated[str | None, Form(description="a pasted article")] = None,
    kind: Annotated[Literal["text", "html"], Form()] = "text",
    title: Annotated[str | None, Form(max_length=500)] = None,
    outlet: Annotated[str | None, Form(max_length=200)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    published: Annotated[str | None, Form(max_length=40)] = None,
    token: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """Start an ingest job and return its status (202); poll ``/api/jobs/{id}``.

    Send ``multipart/form-data`` (``files``, and/or ``content`` with ``kind`` text or html and
    optional ``title``, ``outlet``, ``url``, ``published``) or a JSON body
    ``{"text"|"html": ..., "title": ..., ...}``. Needs ``Authorization: Bearer TOKEN`` when the
    server has a token.
    """
    settings = request.app.state.settings
    check_write(request, settings.policy, token)
    if request.headers.get("content-type", "").startswith("application/json"):
        uploads = [await _json_upload(request)]
    else:
        items = [(f.filename or "", await f.read()) for f in files or [] if f.filename]
        uploads = uploads_from(
            items, content, kind, title=title, outlet=outlet, url=url, published=published
        )
    job = request.app.state.jobs.submit(uploads)
    return JSONResponse(job.to_dict(), status_code=202, headers={"Location": job.to_dict()["url"]})


async def _json_upload(request: Request) -> Any:
    try:
        raw = await request.json()
    except ValueError as exc:
        raise WebError(422, f"the JSON body is not valid JSON: {exc}") from None
    try:
        body = PastedArticle.model_validate(raw)
    except ValueError as exc:
        raise WebError(422, f"the JSON body does not describe an article: {exc}") from None
    if bool(body.text and body.text.strip()) == bool(body.html and body.html.strip()):
        raise WebError(
            422,
            "send exactly one of `text` or `html` in the JSON body",
            details=[{"field": "body.text", "problem": "exactly one of text or html"}],
        )
    kind = "text" if body.text else "html"
    return pasted_upload(
        body.text or body.html or "",
        kind,
        title=body.title,
        outlet=body.outlet,
        url=body.url,
        published=body.published,
    )


@router.get(
    "/jobs/{job_id}",
    tags=["ingest"],
    response_model=JobOut,
    responses=ERRORS,
    summary="An ingest job's progress",
)
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """State, percent done, the articles added, the stories they joined, the items not used."""
    job = request.app.state.jobs.status(job_id)
    if job is None:
        raise WebError(404, f"no ingest job {job_id!r} (jobs are kept in memory until restart)")
    data: dict[str, Any] = job.to_dict()
    return data
