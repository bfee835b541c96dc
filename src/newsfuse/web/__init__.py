"""The web UI and REST API (the ``web`` extra): ``create_app(store_path)`` and ``serve(...)``.

Importing :mod:`newsfuse` never imports this package; importing this package imports FastAPI.
"""

from __future__ import annotations

try:
    import fastapi  # noqa: F401 - checked here to give one friendly message
    import jinja2  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    from newsfuse.errors import ModelUnavailable

    raise ModelUnavailable(
        f"the web app needs {exc.name}: make sure you've installed everything with: "
        "pip install 'newsfuse[web]'"
    ) from exc

from newsfuse.web.app import DEFAULT_MAX_UPLOAD_BYTES, create_app
from newsfuse.web.server import is_loopback, serve

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "create_app", "is_loopback", "serve"]
