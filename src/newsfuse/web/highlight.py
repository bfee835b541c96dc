"""Escaping and highlighting of untrusted article text, done on the server.

Article text is untrusted: it is escaped here, character for character, and the cited span is
wrapped in ``<mark>`` by its offsets, so a citation shows the exact sentence it stands for and no
markup in the article can ever reach the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Span", "highlight", "valid_span"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of an article's text (``start`` inclusive, ``end`` exclusive)."""

    start: int
    end: int


def valid_span(text: str, start: int | None, end: int | None) -> Span | None:
    """The span if it lies inside ``text`` and is not blank, else None; whitespace at either end
    is left out (sentence spans often end with the paragraph break)."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def highlight(text: str, span: Span | None, *, mark_id: str = "cited") -> Markup:
    """``text`` escaped, with ``span`` (if any) wrapped in ``<mark id=mark_id>``."""
    if span is None:
        return escape(text)
    return Markup('{}<mark id="{}" tabindex="-1">{}</mark>{}').format(
        text[: span.start], mark_id, text[span.start : span.end], text[span.end :]
    )
