"""Turn what an upload form or API client sends into :class:`~newsfuse.web.ingest.Upload` items.

Reads uploaded files (as they are) and one pasted article (plain text or a web page's HTML, with
optional title, outlet, address and date); adds nothing but a record the reader understands: a
pasted article travels as one JSON-lines record, so its metadata reaches the article exactly as a
JSONL file's would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from newsfuse.web.errors import WebError
from newsfuse.web.ingest import Upload

__all__ = ["pasted_upload", "uploads_from"]

Kind = Literal["text", "html"]


def pasted_upload(
    content: str,
    kind: str = "text",
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    name: str = "pasted article",
) -> Upload:
    """One pasted article as a JSON-lines record (``text`` or ``html`` field plus metadata)."""
    if kind not in ("text", "html"):
        raise WebError(
            422,
            f"unknown kind {kind!r} for the pasted article: use 'text' or 'html'",
            details=[{"field": "kind", "problem": "must be 'text' or 'html'"}],
        )
    record: dict[str, str] = {kind: content}
    for key, value in (
        ("title", title),
        ("outlet", outlet),
        ("url", url),
        ("published", published),
    ):
        if value and value.strip():
            record[key] = value.strip()
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    return Upload(name=f"{name}.jsonl", data=data)


def uploads_from(
    files: Sequence[tuple[str, bytes]],
    content: str | None,
    kind: str = "text",
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> list[Upload]:
    """Every item of one submission; 422 when there is nothing to ingest."""
    uploads = [
        Upload(name=name or f"file {i}", data=data) for i, (name, data) in enumerate(files, 1)
    ]
    uploads = [u for u in uploads if u.data]
    if content and content.strip():
        uploads.append(
            pasted_upload(content, kind, title=title, outlet=outlet, url=url, published=published)
        )
    if not uploads:
        raise WebError(
            422,
            "nothing to ingest: attach one or more non-empty files, or paste an article "
            "(field `content`)",
            details=[{"field": "files", "problem": "no file and no pasted content"}],
        )
    return uploads
