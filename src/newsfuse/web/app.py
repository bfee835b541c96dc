"""The FastAPI application: server-rendered pages and the REST API over one newsfuse store.

``create_app(store_path)`` builds the app; :func:`newsfuse.web.serve` runs it with uvicorn. The
app reads the store (stories, briefs, articles, search) and writes to it only through ingest jobs
(:mod:`newsfuse.web.ingest`). Pages are Jinja2 templates with autoescaping on; Leaflet is served
from the ``xstatic-leaflet`` package and the map's base layer from ``static/world.geojson``, so
nothing is fetched from another host.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

import newsfuse
from newsfuse.web import views
from newsfuse.web.errors import install_error_handlers
from newsfuse.web.guard import BodyLimit, SecurityHeaders, WritePolicy
from newsfuse.web.ingest import IngestJobs
from newsfuse.web.library import Library

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "DEMO_DIR", "WebSettings", "create_app"]

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""Largest request body accepted (all files and fields of one upload together)."""

DEMO_DIR = Path(__file__).resolve().parents[3] / "examples" / "raqqa"
"""The demo articles (present in a source checkout)."""


class WebSettings:
    """What one app instance serves and allows (kept on ``app.state.settings``)."""

    def __init__(
        self,
        store_path: Path,
        policy: WritePolicy,
        max_upload_bytes: int,
        demo_dir: Path | None,
    ) -> None:
        self.store_path = store_path
        self.policy = policy
        self.max_upload_bytes = max_upload_bytes
        self.demo_dir = demo_dir


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address (so it may be linked), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # everything, whatever the file name
    env.globals.update(
        static=lambda name: f"/static/{name}?v={newsfuse.__version__}",
        version=newsfuse.__version__,
        cite_links=views.cite_links,
        article_url=views.article_url,
        event_date=views.event_date,
        date_range=views.date_range,
        fmt_number=views.fmt_number,
        entity_citations=views.entity_citations,
        article_name=views.article_name,
        status_label=lambda s: views.STATUS_LABELS.get(s, s),
        removal_reason=views.removal_reason,
        safe_url=safe_url,
    )
    return templates


def create_app(
    store_path: str | Path,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    writable: bool = True,
    allowed_hosts: list[str] | None = None,
    demo_dir: Path | None = DEMO_DIR,
) -> FastAPI:
    """The web app over the store at ``store_path`` (created if missing).

    ``token``: when set, every write (ingest) needs it. ``writable=False`` makes the app read-only
    (what :func:`~newsfuse.web.serve` does when bound beyond localhost without a token).
    ``max_upload_bytes`` caps one request's body. ``allowed_hosts`` restricts the ``Host`` header
    (DNS-rebinding protection for a local server). ``demo_dir`` holds the demo articles that an
    empty store offers to load.
    """
    path = Path(store_path)
    settings = WebSettings(
        store_path=path,
        policy=WritePolicy(enabled=writable, token=token or None),
        max_upload_bytes=max_upload_bytes,
        demo_dir=demo_dir if demo_dir is not None and demo_dir.is_dir() else None,
    )
    library = Library(path)
    jobs = IngestJobs(path, library)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        jobs.shutdown()
        library.close()

    app = FastAPI(
        title="newsfuse",
        version=newsfuse.__version__,
        summary="Many news reports about one event in, one verified, sourced brief out.",
        description=(
            "REST API of a newsfuse store: stories, their briefs (cited summary, entities, "
            "places, ACLED/PLOVER events, cross-checked claims, figures, timeline), articles, "
            "search, and ingest. Every error has one JSON shape: "
            '`{"error": {"status", "code", "message", "details"}}`.'
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.library = library
    app.state.jobs = jobs
    templates = _templates()
    app.state.templates = templates

    from newsfuse.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/leaflet", StaticFiles(directory=_leaflet_dir()), name="leaflet")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    install_error_handlers(app, templates)

    # Outermost last: host check, then body limit, then headers on everything, then gzip.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=max_upload_bytes)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app


def _leaflet_dir() -> str:
    try:
        import xstatic.pkg.leaflet as leaflet
    except ImportError as exc:  # pragma: no cover - an extra that is always installed with web
        from newsfuse.errors import ModelUnavailable

        raise ModelUnavailable(
            "the map needs Leaflet: pip install 'newsfuse[web]' (xstatic-leaflet)"
        ) from exc
    return str(leaflet.BASE_DIR)
