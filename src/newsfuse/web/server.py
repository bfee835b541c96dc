"""Run the web app with uvicorn: ``serve(store_path, host="127.0.0.1", port=8000)``.

Safe defaults: the server binds to localhost; bound to any other address it accepts writes
(ingest) only with a token, and is read-only without one. On localhost it also refuses requests
whose ``Host`` is not a local name (DNS-rebinding protection).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
from pathlib import Path

from newsfuse.errors import UsageError
from newsfuse.web.app import DEFAULT_MAX_UPLOAD_BYTES, create_app

__all__ = ["Binding", "binding_for", "is_loopback", "serve"]

log = logging.getLogger(__name__)

LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for localhost names and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclasses.dataclass(frozen=True, slots=True)
class Binding:
    """What a bind address allows: writes, and which ``Host`` headers (None: any)."""

    writable: bool
    allowed_hosts: tuple[str, ...] | None


def binding_for(host: str, token: str | None) -> Binding:
    """Localhost: writable, local ``Host`` names only. Elsewhere: writable only with a token."""
    if is_loopback(host):
        return Binding(True, tuple(dict.fromkeys(h.strip("[]") for h in (*LOCAL_NAMES, host))))
    return Binding(bool(token), None)


def serve(
    store_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    log_level: str = "info",
) -> None:
    """Serve the store at ``store_path`` until interrupted."""
    import uvicorn

    if not 0 < port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {port}")
    binding = binding_for(host, token)
    if not binding.writable:
        log.warning(
            "bound to %s without --token: the server is read-only (ingest refused); "
            "pass --token TOKEN to allow writes",
            host,
        )
    from newsfuse.store import Store

    Store(store_path).close()  # create or migrate it now: fail before listening, not later
    app = create_app(
        store_path,
        token=token,
        max_upload_bytes=max_upload_bytes,
        writable=binding.writable,
        allowed_hosts=list(binding.allowed_hosts) if binding.allowed_hosts else None,
    )
    shown = f"[{host}]" if ":" in host else host
    log.info("newsfuse serving %s at http://%s:%d/", store_path, shown, port)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False)
