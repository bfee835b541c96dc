"""HTML pages to articles with trafilatura (main text and metadata), and HTML fragments to text.

:func:`extract_html` reads a page (``str`` or ``bytes``) and returns an uncleaned
:class:`~newsfuse.models.Article` with the text, title, site name (as outlet), author,
publication date and URL trafilatura finds. Cleaning is applied by the reader
(:func:`newsfuse.read.read`), or by ``extract_html`` itself when called from the public API.
"""

from __future__ import annotations

import logging
import re

from newsfuse.errors import EmptyInput, UnreadableInput
from newsfuse.models import Article, article_id_for, to_date

__all__ = ["MIN_TEXT_CHARS", "extract_page", "fragment_to_text"]

log = logging.getLogger(__name__)

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""htmldate: the publication (not last-modified) date, from the markup's date fields only."""

MIN_TEXT_CHARS = 80
"""Pages whose extracted main text is shorter than this have no article (a skip, not an error)."""

_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "pre",
)
_DROP_TAGS = ("script", "style", "noscript", "figure", "figcaption", "iframe", "svg", "form")


def extract_page(html: str, url: str | None, item: str) -> Article:
    """Main text and metadata of one HTML page (trafilatura). Uncleaned; id is a content hash.

    Raises :class:`EmptyInput` for a page with no article text and :class:`UnreadableInput` for
    markup trafilatura cannot parse at all.
    """
    import trafilatura

    if not html.strip():
        raise EmptyInput(item, "the page is empty")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise UnreadableInput(item, f"broken HTML that cannot be parsed ({exc})") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    # trafilatura gives one paragraph per line; newsfuse separates paragraphs with a blank line
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    if len(text) < MIN_TEXT_CHARS:
        raise EmptyInput(item, "no article text found in the page (navigation or index page?)")
    published = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published = to_date(raw_date)
        except ValueError:
            log.info("%s: unparsed date %r", item, raw_date)
    return Article(
        id=article_id_for(text),
        text=text,
        title=_clean_meta(getattr(doc, "title", None)),
        outlet=_clean_meta(getattr(doc, "sitename", None)),
        url=getattr(doc, "url", None) or url,
        published=published,
        author=_clean_meta(getattr(doc, "author", None)),
        language=_declared_language(html),
        path=item,
    )


def _clean_meta(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)


def _declared_language(html: str) -> str | None:
    """The page's declared ``<html lang>``, kept only as a hint (the text decides)."""
    m = _LANG.search(html[:5000])
    return m.group(1).lower() if m else None


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content): blocks become paragraphs, figures,
    captions and scripts are dropped. Plain text passes through unchanged."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
