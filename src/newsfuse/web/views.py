"""What each page shows, built from the store's data classes (no HTML here, no request objects).

Reads :class:`~newsfuse.models.Brief`, :class:`~newsfuse.models.Article` and what the store
returns; adds view models (frozen data classes) that the templates lay out: citation links that
open the cited sentence in its article, claims sorted into "sources agree / one source / sources
disagree", the map's GeoJSON, the article text with the cited span highlighted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from newsfuse.group import Assignment
from newsfuse.models import Article, Brief, Citation, Claim, Entity, Event, Figure, Place
from newsfuse.web.highlight import Span, highlight, valid_span

__all__ = [
    "ArticleView",
    "CiteLink",
    "StoryView",
    "article_url",
    "article_view",
    "cite_links",
    "map_features",
    "story_view",
]

STATUS_LABELS = {
    "corroborated": "reported by several sources",
    "single-source": "reported by one source",
    "conflicting": "sources disagree",
}

REMOVAL_REASONS = {
    "caption": "Photo captions and credits",
    "video": "Video labels and durations",
    "highlights": "“Story highlights” blocks",
    "dateline": "Outlet and place stamps (datelines)",
    "contributor": "Contributor and editing credits",
    "byline": "Bylines",
    "copyright": "Copyright and redistribution notices",
    "share": "Share buttons",
    "subscribe": "Sign-up prompts",
    "advertisement": "Advertising",
    "cookie": "Cookie notices",
    "paywall": "Paywall prompts",
    "related": "Links to other stories",
    "navigation": "Site navigation",
    "social-embed": "Embedded social-media posts",
    "timestamp": "Time stamps",
    "label": "Short labels without sentence punctuation (video titles, alt text)",
    "title": "The title line (kept as the title)",
}


@dataclasses.dataclass(frozen=True, slots=True)
class CiteLink:
    """A citation mark: ``[number]`` linking to the cited span of the article."""

    number: int
    url: str
    text: str
    label: str


def article_url(
    article_id: str, start: int | None = None, end: int | None = None, story: str | None = None
) -> str:
    """The article page, opened at ``start``–``end`` (highlighted) when given."""
    params: dict[str, str | int] = {}
    if start is not None and end is not None:
        params.update(start=start, end=end)
    if story:
        params["story"] = story
    query = f"?{urlencode(params)}" if params else ""
    anchor = "#cited" if "start" in params else ""
    return f"/articles/{article_id}{query}{anchor}"


def cite_links(
    brief: Brief,
    citations: Iterable[Citation] = (),
    article_ids: Iterable[str] = (),
    story: str | None = None,
) -> list[CiteLink]:
    """One link per cited source (its first citation), ordered by source number.

    Sources named only by id (``article_ids``) link to the article without a highlight.
    """
    numbers = {s.id: s for s in brief.sources}
    links: dict[int, CiteLink] = {}
    for c in citations:
        source = numbers.get(c.article_id)
        if source is None or source.number in links:
            continue
        links[source.number] = CiteLink(
            source.number, article_url(c.article_id, c.start, c.end, story), c.text, source.label
        )
    for article_id in article_ids:
        source = numbers.get(article_id)
        if source is None or source.number in links:
            continue
        links[source.number] = CiteLink(
            source.number, article_url(article_id, story=story), "", source.label
        )
    return [links[n] for n in sorted(links)]


BROAD_KINDS = frozenset({"country", "continent", "region", "sea", "ocean"})
"""Place kinds too broad to frame the map with when finer places or events are there."""


def _place_feature(place: Place, kind: str, popup: list[str]) -> dict[str, Any] | None:
    if place.lat is None or place.lon is None:
        return None
    focus = kind == "event" or (place.kind or "") not in BROAD_KINDS
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]},
        "properties": {
            "kind": kind,
            "name": place.resolved or place.name,
            "lines": popup,
            "focus": focus,
        },
    }


def map_features(brief: Brief) -> dict[str, Any]:
    """The places and events of a brief as GeoJSON points (``properties.kind`` place or event).

    Popup text travels as plain strings (``lines``); the page puts them in with ``textContent``.
    ``focus`` marks the points the map is framed on (events and places finer than a region).
    """
    features: list[dict[str, Any]] = []
    for place in brief.places:
        if place.status != "resolved":
            continue
        lines = [place.resolved or place.name]
        if place.name != lines[0]:
            lines.append(f"written “{place.name}”")
        if place.kind:
            lines.append(place.kind + (f", {place.country}" if place.country else ""))
        feature = _place_feature(place, "place", lines)
        if feature:
            features.append(feature)
    for event in brief.events:
        if event.location is None:
            continue
        lines = [event.sub_event_type or event.event_type]
        when = event_date(event)
        if when:
            lines.append(when)
        actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
        if actors:
            lines.append(actors)
        lines.append(f"at {event.location.resolved or event.location.name}")
        if event.fatalities is not None:
            lines.append(f"{event.fatalities} killed")
        feature = _place_feature(event.location, "event", lines)
        if feature:
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def event_date(event: Event) -> str:
    """An event's date as text ("2017-06-06", or "2017-06-01 – 2017-06-30")."""
    d = event.event_date
    if d is None or d.earliest is None:
        return ""
    if d.latest is None or d.latest == d.earliest:
        return d.earliest.isoformat()
    return f"{d.earliest.isoformat()} – {d.latest.isoformat()}"


def date_range(earliest: dt.date, latest: dt.date, precision: str) -> str:
    """A timeline date as text, at its precision."""
    if precision == "year":
        return str(earliest.year)
    if precision == "month":
        return earliest.strftime("%B %Y")
    if earliest == latest:
        return earliest.isoformat()
    return f"{earliest.isoformat()} – {latest.isoformat()}"


def fmt_number(value: float) -> str:
    """A figure for reading: 10,000; 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


def article_name(article: Article, limit: int = 70) -> str:
    """How a page names an article: its title, else its outlet, else its first words."""
    if article.title or article.outlet:
        return str(article.title or article.outlet)
    words = " ".join(article.text.split())
    if not words:
        return article.id
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + " …"


def entity_citations(entity: Entity) -> list[Citation]:
    """The first mention of an entity in each article that names it (for its [n] links)."""
    first: dict[str, Citation] = {}
    for m in entity.mentions:
        if m.article_id and m.article_id not in first:
            first[m.article_id] = Citation(m.article_id, m.start, m.end, m.text)
    return list(first.values())


@dataclasses.dataclass(frozen=True, slots=True)
class StoryView:
    """Everything the story page lays out."""

    id: str
    brief: Brief
    agreed: tuple[Claim, ...]
    single: tuple[Claim, ...]
    disputed: tuple[Claim, ...]
    figures: tuple[Figure, ...]
    events: tuple[Event, ...]
    people: dict[str, tuple[Entity, ...]]
    map: dict[str, Any]
    articles: tuple[Article, ...] = ()


ENTITY_GROUPS = {
    "PERSON": "People",
    "ORG": "Organisations and armed groups",
    "NORP": "Nationalities and groups",
    "GPE": "Countries and cities",
    "LOC": "Other places",
    "FAC": "Facilities",
}


def story_view(story_id: str, brief: Brief, articles: Sequence[Article] = ()) -> StoryView:
    """Sort a brief into what the story page shows."""
    people: dict[str, list[Entity]] = defaultdict(list)
    for entity in brief.entities:
        people[ENTITY_GROUPS.get(entity.type, "Other")].append(entity)
    order = [*ENTITY_GROUPS.values(), "Other"]
    return StoryView(
        id=story_id,
        brief=brief,
        agreed=tuple(c for c in brief.claims if c.status == "corroborated"),
        single=tuple(c for c in brief.claims if c.status == "single-source"),
        disputed=tuple(c for c in brief.claims if c.status == "conflicting"),
        figures=brief.figures,
        events=tuple(e for e in brief.events if e.event_type.lower() != "none"),
        people={k: tuple(people[k]) for k in order if people.get(k)},
        map=map_features(brief),
        articles=tuple(articles),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ArticleView:
    """The article page: escaped text with the cited span marked, and what cleaning removed."""

    article: Article
    body: Markup
    span: Span | None
    removed: dict[str, tuple[tuple[int, str], ...]]
    explanation: Assignment | None = None
    story_id: str | None = None
    bad_span: bool = False


def article_view(
    article: Article,
    start: int | None = None,
    end: int | None = None,
    *,
    story_id: str | None = None,
    explanation: Assignment | None = None,
) -> ArticleView:
    """The article's text escaped, the span ``start``–``end`` highlighted when it is valid."""
    span = valid_span(article.text, start, end)
    removed: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in article.removed:
        removed[line.reason].append((line.line, line.text))
    return ArticleView(
        article=article,
        body=highlight(article.text, span),
        span=span,
        removed={k: tuple(v) for k, v in sorted(removed.items())},
        explanation=explanation,
        story_id=story_id,
        bad_span=span is None and (start is not None or end is not None),
    )


def removal_reason(code: str) -> str:
    """A reader's words for a cleaning reason code."""
    return REMOVAL_REASONS.get(code, code.replace("_", " ").replace("-", " "))
