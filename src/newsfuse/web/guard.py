"""What keeps the web app safe: body size limit, write permission, same-origin writes, headers.

* :class:`BodyLimit` answers 413 before a request body larger than the limit is read (by its
  ``Content-Length``, or by counting a streamed body).
* :func:`check_write` guards every route that writes: writes can be switched off (a server bound
  beyond localhost with no token is read-only), need the token when one is set (``Authorization:
  Bearer TOKEN`` or a ``token`` form field), and must come from the app's own pages (a browser's
  ``Sec-Fetch-Site`` or ``Origin`` must say it is this site: no cross-site form posts into a
  local server).
* :class:`SecurityHeaders` sends a strict Content-Security-Policy (scripts only from this
  server, no inline script), ``nosniff``, no referrer to other sites and no framing, on every
  response: a second line of defence behind the templates' escaping of article text.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse.web.errors import WebError, error_body

__all__ = ["CSP", "BodyLimit", "SecurityHeaders", "WritePolicy", "check_write"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@dataclass(frozen=True, slots=True)
class WritePolicy:
    """Who may write: ``enabled`` False makes the app read-only; ``token`` when set is required."""

    enabled: bool = True
    token: str | None = None


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with a 413 in the JSON shape."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send, int(length))
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send, seen)

    async def _refuse(self, send: Send, size: int) -> None:
        body = json.dumps(
            error_body(
                413,
                f"the request body ({size:,} bytes or more) is over the upload limit of "
                f"{self.max_bytes:,} bytes: send fewer or smaller files, or restart the server "
                "with a larger limit",
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding CSP and the other protective headers to every response."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _same_origin(request: Request) -> bool:
    """True unless a browser says the request comes from another site.

    Browsers send ``Sec-Fetch-Site`` (same-origin, same-site, cross-site or none for a typed
    address) and an ``Origin`` on every POST; clients that are not browsers send neither.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":  # sandboxed frames and file:// pages
        return False
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc.lower() == host.lower()


def check_write(request: Request, policy: WritePolicy, form_token: Any = None) -> None:
    """Raise :class:`WebError` unless this request may write (see the module docstring)."""
    if not policy.enabled:
        raise WebError(
            403,
            "this server is read-only: it is bound beyond localhost without a token; restart it "
            "with `newsfuse serve --token TOKEN` to allow ingest",
        )
    if not _same_origin(request):
        raise WebError(
            403,
            f"cross-origin write refused (Origin {request.headers.get('origin')!r} is not this "
            "server): submit from the server's own pages",
        )
    if policy.token is None:
        return
    given = ""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    elif isinstance(form_token, str):
        given = form_token
    if not given:
        raise WebError(
            401,
            "this server needs a token to write: send `Authorization: Bearer TOKEN` "
            "(or fill the token field of the form)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(given.encode(), policy.token.encode()):
        raise WebError(403, "wrong token", headers={"WWW-Authenticate": "Bearer"})
