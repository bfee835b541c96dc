"""The server-rendered pages: story list and search, story, article, ingest, job, API docs.

Each handler only reads the request, asks :class:`~newsfuse.web.library.Library` or
:mod:`newsfuse.web.views` for the data, and renders a template (autoescaped: article text is
never marked safe). Forms work without JavaScript; with it, the upload form shows progress.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsfuse.web import views
from newsfuse.web.errors import WebError
from newsfuse.web.forms import uploads_from
from newsfuse.web.guard import check_write
from newsfuse.web.ingest import Upload

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def _common(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    return {
        "writable": settings.policy.enabled,
        "token_required": settings.policy.token is not None,
        "demo_available": settings.demo_dir is not None and settings.policy.enabled,
        "max_upload_bytes": settings.max_upload_bytes,
        "max_upload_mb": max(1, settings.max_upload_bytes // (1024 * 1024)),
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    """The story list, or the articles matching ``q``."""
    library = request.app.state.library
    query = (q or "").strip()
    if query:
        hits = library.search(query, limit=50)
        return _render(request, "index.html", nav="stories", query=query, hits=hits)
    stories = library.stories()
    return _render(
        request,
        "index.html",
        nav="stories",
        stories=stories,
        n_articles=sum(s.n_articles for s in stories),
        **_common(request),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    """A story's brief: summary, map, claims, figures, events, who's who, timeline, sources."""
    library = request.app.state.library
    brief = library.brief(story_id)
    template = request.app.state.templates.get_template("story.html")
    html = library.derived(
        story_id,
        "page",
        brief,
        lambda: template.render(nav="stories", view=views.story_view(story_id, brief)),
    )
    return HTMLResponse(html)


@router.get("/stories/{story_id}/grouping", response_class=HTMLResponse)
def grouping(request: Request, story_id: str) -> HTMLResponse:
    """Correct the grouping: move an article out of the story, or merge another story in."""
    library = request.app.state.library
    found = library.story(story_id)
    rows = library.stories()
    title = next((r.title for r in rows if r.id == story_id), found.title)
    others = [r for r in rows if r.id != story_id]
    return _render(
        request,
        "grouping.html",
        nav="stories",
        story=found,
        title=title,
        others=others,
        **_common(request),
    )


@router.post("/stories/{story_id}/split")
async def split_form(
    request: Request,
    story_id: str,
    article: Annotated[str, Form(max_length=100)],
    token: Annotated[str | None, Form()] = None,
) -> Response:
    """Move one article out of a story into a new story; show the new story."""
    check_write(request, request.app.state.settings.policy, token)
    new_id = request.app.state.library.split(story_id, [article])
    return RedirectResponse(f"/stories/{new_id}", status_code=303)


@router.post("/stories/{story_id}/merge")
async def merge_form(
    request: Request,
    story_id: str,
    other: Annotated[str, Form(max_length=100)],
    token: Annotated[str | None, Form()] = None,
) -> Response:
    """Merge another story into this one; show this story."""
    check_write(request, request.app.state.settings.policy, token)
    request.app.state.library.merge(story_id, other)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    article_id: str,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
    story: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """An article's text, the cited span highlighted, and what cleaning removed and why."""
    library = request.app.state.library
    found = library.article(article_id)
    story_id = library.story_of(article_id)
    stories = [library.story(story_id)] if story_id else []
    view = views.article_view(
        found, start, end, story_id=story_id, explanation=library.explain(article_id)
    )
    return _render(request, "article.html", nav="stories", view=view, stories=stories)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    """The upload form."""
    return _render(request, "ingest.html", nav="ingest", **_common(request))


@router.post("/ingest")
async def ingest_submit(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    content: Annotated[str | None, Form()] = None,
    kind: Annotated[str, Form()] = "text",
    title: Annotated[str | None, Form(max_length=500)] = None,
    outlet: Annotated[str | None, Form(max_length=200)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    published: Annotated[str | None, Form(max_length=40)] = None,
    token: Annotated[str | None, Form()] = None,
) -> Response:
    """The form without JavaScript: start the job and show its page (which refreshes)."""
    check_write(request, request.app.state.settings.policy, token)
    items = [(f.filename or "", await f.read()) for f in files or [] if f.filename]
    uploads = uploads_from(
        items, content, kind, title=title, outlet=outlet, url=url, published=published
    )
    job = request.app.state.jobs.submit(uploads)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/ingest/demo")
async def ingest_demo(request: Request, token: Annotated[str | None, Form()] = None) -> Response:
    """Load the demo articles (the Raqqa reports shipped with the source)."""
    settings = request.app.state.settings
    check_write(request, settings.policy, token)
    if settings.demo_dir is None:
        raise WebError(404, "the demo articles are not available in this installation")
    uploads = [
        Upload(name=p.name, data=p.read_bytes()) for p in sorted(settings.demo_dir.glob("*.txt"))
    ]
    job = request.app.state.jobs.submit(uploads)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    """An ingest job's progress (refreshes itself until the job ends)."""
    job = request.app.state.jobs.status(job_id)
    if job is None:
        raise WebError(404, f"no ingest job {job_id!r} (jobs are kept in memory until restart)")
    return _render(request, "job.html", nav="ingest", job=job)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The REST API's reference, rendered here from the OpenAPI schema (no CDN)."""
    from newsfuse.web.apidoc import operations

    schema = request.app.openapi()
    return _render(
        request, "api_docs.html", nav="api", info=schema["info"], operations=operations(schema)
    )
