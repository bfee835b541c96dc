"""The web app's one error boundary: every error becomes one JSON shape (API) or one error page.

Every API error, whatever raised it (a missing story, a bad parameter, an oversized upload, a
domain error from the pipeline, a bug), is answered with the same body::

    {"error": {"status": 404, "code": "not_found", "message": "no story with id 'x'",
               "details": []}}

``details`` lists field problems for invalid requests (``{"field": "query.limit", "problem":
"..."}``). Pages (paths outside ``/api/``) get the same status and message as an HTML page.
Domain errors are translated here, once: the store's ``NotInStore`` is 404,
:class:`~newsfuse.errors.InputError` 422 (413 when too large), :class:`~newsfuse.errors.UsageError`
400, :class:`~newsfuse.errors.ModelUnavailable` 503, :class:`~newsfuse.errors.StoreError` 500.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse.errors import (
    InputError,
    InputTooLarge,
    ModelUnavailable,
    NewsfuseError,
    StoreError,
    UsageError,
)

__all__ = ["CODES", "WebError", "error_body", "install_error_handlers"]

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}
"""The ``code`` of each status we answer with."""


class WebError(Exception):
    """An error the app answers with on purpose: HTTP ``status`` and a message naming the item
    and the fix. Route code raises it; :func:`install_error_handlers` renders it."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = list(details)
        self.headers = headers


def error_body(status: int, message: str, details: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The one JSON error shape."""
    code = CODES.get(status) or http.HTTPStatus(status).phrase.lower().replace(" ", "_")
    return {"error": {"status": status, "code": code, "message": message, "details": list(details)}}


def status_of(exc: NewsfuseError) -> int:
    """The HTTP status a domain error maps to."""
    if isinstance(exc, KeyError):  # the store's NotInStore: no such article or story
        return 404
    if isinstance(exc, InputTooLarge):
        return 413
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, UsageError):
        return 400
    if isinstance(exc, ModelUnavailable):
        return 503
    if isinstance(exc, StoreError):
        return 500
    return 500


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Register the handlers that turn every error into the JSON shape or the error page."""

    def respond(
        request: Request,
        status: int,
        message: str,
        details: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> Response:
        if _wants_json(request):
            return JSONResponse(error_body(status, message, details), status, headers=headers)
        return HTMLResponse(
            templates.get_template("error.html").render(
                request=request,
                status=status,
                title=http.HTTPStatus(status).phrase,
                message=message,
                details=details,
                store_empty=False,
            ),
            status,
            headers=headers,
        )

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return respond(request, exc.status, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = (
            exc.detail if isinstance(exc.detail, str) else http.HTTPStatus(exc.status_code).phrase
        )
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ())),
                "problem": str(err.get("msg", "invalid")),
            }
            for err in exc.errors()
        ]
        fields = ", ".join(d["field"] for d in details) or "the request"
        return respond(request, 422, f"invalid request: check {fields}", details)

    @app.exception_handler(NewsfuseError)
    async def _domain(request: Request, exc: NewsfuseError) -> Response:
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return respond(request, status, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return respond(
            request,
            500,
            f"internal error while serving {request.url.path}: {type(exc).__name__}; "
            "the server log has the traceback",
        )
