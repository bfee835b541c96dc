"""What the Markdown and HTML renderers share: citation marks, labels, short formats."""

from __future__ import annotations

from collections.abc import Iterable

from newsfuse.models import Brief, Place

__all__ = ["cite", "numbers_of", "place_label", "status_label"]

STATUS_LABELS = {
    "corroborated": "reported by several sources",
    "single-source": "reported by one source",
    "conflicting": "sources disagree",
}


def numbers_of(brief: Brief, article_ids: Iterable[str]) -> list[int]:
    """The citation numbers of some article ids, in order, each once."""
    index = {s.id: s.number for s in brief.sources}
    return sorted({index[i] for i in article_ids if i in index})


def cite(brief: Brief, article_ids: Iterable[str]) -> str:
    """Citation marks such as ``[1][2]``."""
    return "".join(f"[{n}]" for n in numbers_of(brief, article_ids))


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def place_label(place: Place) -> str:
    if place.resolved and place.resolved != place.name:
        return f"{place.name} ({place.resolved})"
    return place.name


def fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
