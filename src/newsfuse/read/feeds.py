"""RSS and Atom feeds (feedparser).

An entry with its full text in the feed (``content:encoded``, Atom ``content``, or a long
``description``) becomes an article. An entry with only a teaser becomes a *pending link*: when the
page it links to is given alongside the feed as an HTML file, the reader fills that article's
missing metadata from the entry; otherwise the entry is skipped with a reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsfuse.errors import UnreadableInput
from newsfuse.models import Article, Problem
from newsfuse.read.html import fragment_to_text

if TYPE_CHECKING:
    from newsfuse.read import ReadOptions

__all__ = ["FeedLink", "link_key", "read_feed"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed entry without full text, waiting for its page as an HTML file."""

    item: str
    url: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    author: str | None


def link_key(url: str) -> str:
    """A URL reduced for matching: host without www, path without trailing slash, no query."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC).date()
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def read_feed(
    data: bytes, path: str, options: ReadOptions
) -> Iterator[Article | Problem | FeedLink]:
    """Articles for the entries with full text; :class:`FeedLink` for the others."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            cause = parsed.get("bozo_exception")
            raise UnreadableInput(path, f"not a valid RSS/Atom feed (XML error: {cause})")
        raise UnreadableInput(path, "the feed has no entries")
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed (%s); read anyway", path, parsed.bozo_exception)
    outlet = " ".join((parsed.feed.get("title") or "").split()) or None
    for number, entry in enumerate(parsed.entries, start=1):
        item = f"{path}#{number}"
        text = _entry_text(entry)
        title = " ".join((entry.get("title") or "").split()) or None
        link = entry.get("link") or ""
        author = entry.get("author") or None
        published = _entry_date(entry)
        if len(text) >= options.min_feed_chars:
            yield Article(
                id="",
                text=text,
                title=title,
                outlet=outlet,
                url=link or None,
                published=published,
                author=author,
                path=item,
            )
        elif link:
            yield FeedLink(item, link, title, outlet, published, author)
        else:
            yield Problem(
                item,
                f"the entry has only {len(text)} characters of text and no link",
                "skipped",
            )
