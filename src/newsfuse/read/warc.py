"""WARC and ARC web archives (warcio), such as Common Crawl News files.

Every HTTP response record with an HTML payload becomes an article (trafilatura), with the
record's target URL and, when the page gives no publication date, the capture date. Other
records (requests, metadata, images, robots.txt) are passed over. The archive is streamed, so
the size limit applies per record, not per file. A corrupt record ends the file with a problem
naming the record; the records read before it are kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.errors import InputError
from newsfuse.models import Article, Problem, to_date
from newsfuse.read.detect import decode_bytes
from newsfuse.read.html import extract_page

if TYPE_CHECKING:
    from newsfuse.read import ReadOptions

__all__ = ["read_warc"]

log = logging.getLogger(__name__)


def read_warc(path: Path, item: str, options: ReadOptions) -> Iterator[Article | Problem]:
    """Articles from the HTML response records of a (gzipped or plain) WARC/ARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    with path.open("rb") as stream:
        records = iter(ArchiveIterator(stream, arc2warc=True))
        while True:
            number += 1
            record_item = f"{item}#{number}"
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError) as exc:
                yield Problem(
                    record_item, f"corrupt WARC record, rest of the file skipped ({_brief(exc)})"
                )
                return
            if record.rec_type != "response":
                number -= 1
                continue
            http = record.http_headers
            content_type = (http.get_header("Content-Type") or "") if http else ""
            if content_type and "html" not in content_type.lower():
                number -= 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            if http is not None and http.get_statuscode() not in ("200", "203", None):
                yield Problem(
                    record_item, f"HTTP status {http.get_statuscode()} for {url}", "skipped"
                )
                continue
            try:
                payload = record.content_stream().read(options.max_bytes + 1)
            except (zlib.error, EOFError, ValueError, OSError) as exc:
                yield Problem(record_item, f"corrupt WARC record payload ({_brief(exc)})")
                return
            if len(payload) > options.max_bytes:
                yield Problem(
                    record_item, f"record over the {options.max_bytes // 2**20} MB limit ({url})"
                )
                continue
            try:
                html = decode_bytes(payload, record_item)
                article = extract_page(html, url, record_item)
            except InputError as exc:
                yield Problem(exc.item, f"{exc.cause} ({url})", exc.kind)  # type: ignore[arg-type]
                continue
            if article.published is None:
                captured = record.rec_headers.get_header("WARC-Date")
                with contextlib.suppress(ValueError):
                    article = dataclasses.replace(article, published=to_date(captured))
            yield dataclasses.replace(article, id="", url=url or article.url)


def _brief(exc: BaseException) -> str:
    """An exception as a short printable phrase (warcio quotes raw binary in its messages)."""
    text = str(exc).split(", first line:")[0].splitlines()[0] if str(exc) else type(exc).__name__
    return re.sub(r"[^\x20-\x7e]", "?", text)[:120]
