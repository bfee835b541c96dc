"""The data classes that flow between newsfuse's stages.

Every stage reads and returns these frozen, slotted data classes; nothing else crosses a stage
boundary. They are plain data: serialisable with ``to_dict()`` / ``from_dict()`` (and so picklable
for worker processes or a Ray cluster), comparable, and hashable where their fields allow.

Flow::

    read/clean   ->  Article                      (one per input document)
    annotate     ->  AnnotatedArticle             (Article + sentences, mentions, dates, numbers,
                                                   places, events: the per-article container)
    group        ->  Story                        (articles about one event)
    brief        ->  Brief                        (entities, places, events, claims, figures,
                                                   summary, timeline, sources of one story)

Offsets (``start``/``end``) are character offsets into ``Article.text`` (the cleaned text).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Self, TypeVar, Union, get_args, get_origin

__all__ = [
    "AnnotatedArticle",
    "Article",
    "Brief",
    "Citation",
    "Claim",
    "Entity",
    "Event",
    "Figure",
    "Mention",
    "Place",
    "Problem",
    "Quantity",
    "Record",
    "RemovedLine",
    "ReportedValue",
    "Sentence",
    "Source",
    "Story",
    "SummarySentence",
    "TimeExpression",
    "TimelineEntry",
    "article_id_for",
    "to_date",
]

R = TypeVar("R", bound="Record")


class Record:
    """Mixin giving a data class ``to_dict()`` and ``from_dict()`` (JSON-ready, lossless)."""

    __slots__ = ()
    _hints: ClassVar[dict[type, dict[str, Any]]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data: dates as ISO strings, tuples as lists."""
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the record from ``to_dict()`` output; unknown keys are ignored."""
        hints = Record._hints.get(cls)
        if hints is None:
            hints = typing.get_type_hints(cls)
            Record._hints[cls] = hints
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.name in data
        }
        return cls(**kwargs)


def _encode(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _decode(options[0], value)
        return value
    if origin is Literal:
        return value
    if origin is tuple:
        args = get_args(tp)
        item = args[0] if args else Any
        return tuple(_decode(item, v) for v in value)
    if origin is dict:
        _, vt = get_args(tp)
        return {k: _decode(vt, v) for k, v in value.items()}
    if isinstance(tp, type):
        if issubclass(tp, Record):
            return tp.from_dict(value)
        if tp is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if tp is dt.date:
            return dt.date.fromisoformat(value[:10])
        if tp is float and isinstance(value, int):
            return float(value)
    return value


def to_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Normalise a publication date given as ISO text, date or datetime to a ``date``.

    Raises ``ValueError`` naming the value when it is text that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser  # a well-kept parser for "June 6, 2017", "Tue, 06 Jun 2017 10:00 GMT", ...

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    return parsed.date()


def article_id_for(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Stage 1: read & clean


@dataclasses.dataclass(frozen=True, slots=True)
class RemovedLine(Record):
    """A line that cleaning took out of an article, and why (``reason`` is a short code)."""

    text: str
    reason: str
    line: int


@dataclasses.dataclass(frozen=True, slots=True)
class Problem(Record):
    """An input item that could not be used: ``kind`` is "failed" (an error) or "skipped" (on
    purpose, e.g. a page with no article). ``item`` names the file (and record or line)."""

    item: str
    cause: str
    kind: Literal["failed", "skipped"] = "failed"

    def __str__(self) -> str:
        return f"{self.item}: {self.cause}"


@dataclasses.dataclass(frozen=True, slots=True)
class Article(Record):
    """One news article: its (cleaned) text and metadata.

    ``removed`` keeps every line cleaning dropped, with the reason; ``duplicate_of`` names the
    article this one is a (near-)copy of; ``notes`` carries flags such as "language:de".
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    path: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    cleaned: bool = False
    duplicate_of: str | None = None
    notes: tuple[str, ...] = ()

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
        published: str | dt.date | dt.datetime | None = None,
        author: str | None = None,
    ) -> Article:
        """An article from text already in memory (not yet cleaned; ``brief`` cleans it)."""
        return cls(
            id=id or article_id_for(text),
            text=text,
            title=title,
            outlet=outlet,
            url=url,
            published=to_date(published),
            author=author,
        )

    @property
    def label(self) -> str:
        """How a reader names this article: its outlet, else its title, else its id."""
        return self.outlet or self.title or self.id


# --------------------------------------------------------------------------------------------
# Stage 2: annotate


@dataclasses.dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence of an article: ``index`` in the article, character offsets, text."""

    index: int
    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Mention(Record):
    """A named-entity mention (spaCy label such as ORG, PERSON, GPE, NORP, FAC, LOC)."""

    text: str
    label: str
    start: int
    end: int
    sentence: int
    article_id: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class TimeExpression(Record):
    """A date expression and the interval it stands for.

    ``earliest``/``latest`` bound the interval (equal for a single day); ``precision`` is day,
    week, month, year or unknown; ``status`` is "resolved" (against the publication date or on its
    own), or "unresolved" with the ``reason`` (e.g. relative with no publication date).
    """

    text: str
    start: int
    end: int
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: Literal["day", "week", "month", "year", "unknown"] = "unknown"
    status: Literal["resolved", "unresolved"] = "unresolved"
    reason: str = ""
    sentence: int = -1
    attached_to: str = ""
    """The word the expression modifies in its sentence, lower-cased lemma ("kill" in "was
    killed Saturday", "shooting" in "the Sept. 27 shooting"); empty when unknown."""


@dataclasses.dataclass(frozen=True, slots=True)
class Quantity(Record):
    """A number in the text (digits or words), with its bound ("exact", "at least", "about", ...)
    and, when the words around it tell, what it counts (``kind``: killed, injured, displaced,
    people, fighters, ...)."""

    text: str
    value: float
    start: int
    end: int
    sentence: int = -1
    kind: str | None = None
    qualifier: str = "exact"
    upper: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Place(Record):
    """A toponym as written (``name``) and what it resolved to.

    ``status`` is "resolved" or "unresolved" (with ``reason``); ``kind`` is the feature class
    (city, country, region, river, dam, ...). In a story's merged list (``merge_places``),
    ``mentions`` counts the mentions across articles and ``articles`` names the articles;
    ``start``/``end``/``article_id`` are then those of the first mention.
    """

    name: str
    start: int
    end: int
    resolved: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    kind: str | None = None
    status: Literal["resolved", "unresolved"] = "unresolved"
    reason: str = ""
    article_id: str = ""
    mentions: int = 1
    articles: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Citation(Record):
    """A span of one article that supports something: article id, offsets and the exact text."""

    article_id: str
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------------------------
# Stage 4: extract


@dataclasses.dataclass(frozen=True, slots=True)
class Entity(Record):
    """A canonical actor across the articles of a story: one entry however it is spelled."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    kind: str = ""
    """What the actor is, from the alias table (armed group, monitor, news agency, UN agency,
    ...); empty when the table does not know it."""


@dataclasses.dataclass(frozen=True, slots=True)
class Event(Record):
    """A structured event in ACLED terms (field names as ACLED's), with PLOVER type and mode.

    ``aggregate`` marks statements that sum many incidents ("980 civilians were killed across the
    country in May"); ``evidence`` holds the sentence(s) that justify the fields; ``sources`` the
    ids of the articles that report it; ``attribution`` who reported it ("SANA").
    ``fatalities_reported`` / ``injured_reported`` keep every figure the sources give, side by side
    with their citations (``fatalities`` is the most conservative, ACLED's rule); ``notes`` is an
    ACLED-style one-line description.
    """

    id: str
    event_type: str
    sub_event_type: str
    trigger: str = ""
    plover_type: str | None = None
    plover_mode: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    location: Place | None = None
    event_date: TimeExpression | None = None
    fatalities: int | None = None
    injured: int | None = None
    aggregate: bool = False
    attribution: str | None = None
    evidence: tuple[Citation, ...] = ()
    sources: tuple[str, ...] = ()
    fatalities_reported: tuple[ReportedValue, ...] = ()
    injured_reported: tuple[ReportedValue, ...] = ()
    notes: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class AnnotatedArticle(Record):
    """The per-article container: an article and what the per-article stages found in it.

    ``annotate`` fills ``sentences``, ``mentions``, ``dates`` and ``quantities``; ``places`` is
    filled by the places stage and ``events`` by the events stage.
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding the character ``offset``, if any."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


# --------------------------------------------------------------------------------------------
# Stage 5: cross-check


@dataclasses.dataclass(frozen=True, slots=True)
class Claim(Record):
    """An atomic statement and every source that makes it.

    ``kind``: fact, figure, quote, forecast or opinion. ``status``: corroborated (two or more
    independent sources), single-source, or conflicting. ``independent_sources`` counts sources
    with near-duplicate wire copy counted once.
    """

    id: str
    text: str
    kind: str
    status: Literal["corroborated", "single-source", "conflicting"]
    citations: tuple[Citation, ...]
    attribution: str | None = None
    independent_sources: int = 1
    note: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        """Ids of the articles that make this claim, in order of first appearance."""
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclasses.dataclass(frozen=True, slots=True)
class ReportedValue(Record):
    """One figure as one or more sources report it."""

    value: float
    text: str
    qualifier: str
    citations: tuple[Citation, ...]
    attribution: str | None = None  # who the sources attribute the figure to ("SANA")

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclasses.dataclass(frozen=True, slots=True)
class Figure(Record):
    """A quantity compared across sources (``kind``: killed, injured, displaced, ...).

    ``value`` is the reconciled figure (ACLED's rule: the most conservative one); ``reported``
    lists every reported value with its sources; ``status`` as for claims.
    """

    kind: str
    value: float
    reported: tuple[ReportedValue, ...]
    status: Literal["corroborated", "single-source", "conflicting"]
    subject: str = ""
    note: str = ""


# --------------------------------------------------------------------------------------------
# Stage 6: brief


@dataclasses.dataclass(frozen=True, slots=True)
class SummarySentence(Record):
    """A sentence of the summary: its text, the ids of every article that supports it
    (``sources``), and the spans that support it (``citations``)."""

    text: str
    sources: tuple[str, ...]
    citations: tuple[Citation, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Source(Record):
    """An article as the brief cites it: ``number`` is its citation mark [n]."""

    id: str
    number: int
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    duplicate_of: str | None = None
    path: str | None = None

    @property
    def label(self) -> str:
        """How the brief names the source: outlet, else title, else file name, else id."""
        if self.outlet or self.title:
            return self.outlet or self.title or ""
        if self.path:
            return self.path.split("#", 1)[0].rsplit("/", 1)[-1]
        return self.id


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineEntry(Record):
    """A dated fact: when (interval and precision), what, and which sources say so."""

    earliest: dt.date
    latest: dt.date
    precision: str
    text: str
    citations: tuple[Citation, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclasses.dataclass(frozen=True, slots=True)
class Story(Record):
    """A group of articles about one event. ``notes`` carries flags such as articles grouped
    without a publication date."""

    id: str
    title: str
    articles: tuple[Article, ...]
    notes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Brief(Record):
    """The sourced picture of one story. Render it with ``to_markdown()``, ``to_json()`` or
    ``to_html()``; the JSON uses these field names."""

    title: str
    summary: tuple[SummarySentence, ...]
    sources: tuple[Source, ...]
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    notes: tuple[str, ...] = ()

    def source(self, article_id: str) -> Source:
        """The source entry of an article id (raises ``KeyError`` if it is not cited here)."""
        for source in self.sources:
            if source.id == article_id:
                return source
        raise KeyError(article_id)

    def to_markdown(self) -> str:
        from newsfuse.render import to_markdown

        return to_markdown(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        from newsfuse.render import to_json

        return to_json(self, indent=indent)

    def to_html(self) -> str:
        from newsfuse.render import to_html

        return to_html(self)
