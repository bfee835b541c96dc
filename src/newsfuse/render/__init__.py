"""Renderers: a :class:`~newsfuse.models.Brief` as Markdown, JSON or one self-contained HTML file,
and events as ACLED-style CSV or GeoJSON (:mod:`newsfuse.render.acled`)."""

from __future__ import annotations

import json

from newsfuse.models import Brief
from newsfuse.render.html import to_html
from newsfuse.render.markdown import to_markdown

__all__ = ["FORMATS", "render", "to_html", "to_json", "to_markdown"]

FORMATS = ("md", "json", "html")


def to_json(brief: Brief, *, indent: int | None = 2) -> str:
    """The brief as JSON; keys are the :class:`Brief` field names."""
    return json.dumps(brief.to_dict(), indent=indent, ensure_ascii=False)


def render(brief: Brief, fmt: str) -> str:
    """Render in one of :data:`FORMATS`."""
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "json":
        return to_json(brief)
    if fmt == "html":
        return to_html(brief)
    from newsfuse.errors import UsageError

    raise UsageError(f"unknown brief format {fmt!r}: choose one of {', '.join(FORMATS)}")
