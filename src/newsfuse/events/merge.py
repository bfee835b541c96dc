"""Story-level stage, events: the same event told by several outlets (or sentences) becomes one.

Reads the per-article events of a story's :class:`~newsfuse.models.AnnotatedArticle`s and the
story's canonical :class:`~newsfuse.models.Entity` list; returns merged
:class:`~newsfuse.models.Event`s with canonical actor names, every source and evidence sentence,
and differing figures kept side by side (``fatalities_reported``), with ``fatalities`` set to the
most conservative figure (ACLED's rule for disputed tolls).

Two events are the same when they have the same sub-event type and aggregate flag, do not
disagree on the place (same resolved place, or one of them has none and their actors meet), do
not disagree on the date (their intervals overlap) and do not name different actors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from newsfuse.events.actors import acled_actor
from newsfuse.models import (
    AnnotatedArticle,
    Citation,
    Entity,
    Event,
    Place,
    ReportedValue,
    TimeExpression,
)

__all__ = ["merge_events"]

_GENERIC_PREFIXES = (
    "Civilians",
    "Protesters",
    "Rioters",
    "Police Forces",
    "Military Forces",
    "Unidentified",
    "Rebel Forces",
    "Prisoners",
    "Government",
)


def merge_events(
    annotated: Sequence[AnnotatedArticle], entities: Sequence[Entity] = ()
) -> list[Event]:
    """One event per real-world event of the story, in order of first report."""
    events = [_canonical(e, entities) for item in annotated for e in item.events]
    groups: list[list[Event]] = []
    for event in events:
        for group in groups:
            if all(_same_event(event, other) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    return [_combine(group, entities) for group in groups]


# names the extractor already wrote in ACLED's form ("Pokot Ethnic Militia (Kenya)")
_ACLED_MILITIA = re.compile(r"\b(Ethnic|Communal|Clan) Militia\b")


def _canonical(event: Event, entities: Sequence[Entity]) -> Event:
    def name(actor: str | None) -> str | None:
        if actor is None or actor.startswith(_GENERIC_PREFIXES) or _ACLED_MILITIA.search(actor):
            return actor
        return acled_actor(actor, None, entities, named=True) or actor

    return dataclasses.replace(event, actor1=name(event.actor1), actor2=name(event.actor2))


def _place_key(place: Place | None) -> str | None:
    if place is None:
        return None
    if place.geonameid is not None:
        return str(place.geonameid)
    return (place.resolved or place.name).casefold()


def _own_place(event: Event) -> Place | None:
    """The event's place when its own evidence names it (not the article's main place)."""
    place = event.location
    if place is None:
        return None
    for citation in event.evidence:
        same_article = not place.article_id or place.article_id == citation.article_id
        if same_article and citation.start <= place.start < citation.end:
            return place
    return None


def _own_date(event: Event) -> TimeExpression | None:
    """The event's date when its own evidence states it (not the article's incident date)."""
    date = event.event_date
    if date is None or date.status != "resolved":
        return None
    for citation in event.evidence:
        if citation.start <= date.start < citation.end:
            return date
    return None


def _within(country: Place | None, place: Place | None) -> bool:
    """Whether ``country`` is a country and ``place`` lies in it."""
    if country is None or place is None or (country.kind or "").lower() != "country":
        return False
    if (place.kind or "").lower() == "country":
        return False
    return bool(country.country and place.country and country.country == place.country)


def _actors(event: Event) -> set[str]:
    return {a for a in (event.actor1, event.actor2) if a}


# A protest that police broke up, or that turned violent, is one event coded by its worst turn.
_ESCALATION = {
    "Peaceful protest": 1,
    "Protest with intervention": 2,
    "Violent demonstration": 3,
    "Excessive force against protesters": 4,
}
_VIOLENT = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)
_NEAR = 600
"""Sentences of one article this close (characters) can tell two sides of one event."""


def _told_together(a: Event, b: Event) -> bool:
    """Whether the two events come from nearby sentences of one article."""
    return any(
        ca.article_id == cb.article_id and abs(ca.start - cb.start) <= _NEAR
        for ca in a.evidence
        for cb in b.evidence
    )


def _one_incident_types(a: Event, b: Event) -> bool:
    """Same sub-event type; or, told together, a protest and its escalation, or violence and
    the looting or burning that came with it (ACLED codes the graver event)."""
    if a.sub_event_type == b.sub_event_type:
        return True
    if not _told_together(a, b):
        return False
    if a.sub_event_type in _ESCALATION and b.sub_event_type in _ESCALATION:
        return True
    looting = "Looting/property destruction"
    return (a.sub_event_type == looting and b.event_type in _VIOLENT) or (
        b.sub_event_type == looting and a.event_type in _VIOLENT
    )


def _severity(event: Event) -> int:
    if event.sub_event_type in _ESCALATION:
        return _ESCALATION[event.sub_event_type]
    return 10 if event.event_type in _VIOLENT else 0


def _same_event(a: Event, b: Event) -> bool:
    if a.aggregate != b.aggregate or not _one_incident_types(a, b):
        return False
    key_a, key_b = _place_key(_own_place(a)), _place_key(_own_place(b))
    if (
        key_a is not None
        and key_b is not None
        and key_a != key_b
        and not (_within(a.location, b.location) or _within(b.location, a.location))
    ):
        return False
    # one side of an escalation told in the next sentence needs no shared place or actor
    escalation = a.sub_event_type != b.sub_event_type
    if (key_a is None or key_b is None) and not escalation and not (_actors(a) & _actors(b)):
        return False
    da, db = _own_date(a), _own_date(b)
    if da and db and da.earliest and db.earliest and da.latest and db.latest:
        slack = dt.timedelta(days=1)  # "Monday evening" in one report, "Tuesday" in the next
        if da.latest + slack < db.earliest or db.latest + slack < da.earliest:
            return False
    if (
        a.actor1
        and b.actor1
        and a.actor1 != b.actor1
        and not escalation
        and not (_actors(a) & _actors(b))
    ):
        return False
    if a.fatalities and b.fatalities and a.aggregate:
        return a.fatalities == b.fatalities
    return True


def _is_named_actor(name: str, entities: Sequence[Entity]) -> bool:
    """A named organisation or person (from the alias table or the story's entities)."""
    from newsfuse.entities import lookup_alias

    return lookup_alias(name) is not None or any(e.name == name for e in entities)


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _reported(group: Sequence[Event], field: str) -> tuple[ReportedValue, ...]:
    by_value: dict[int, list[Citation]] = {}
    for event in group:
        value = getattr(event, field)
        if value is None:
            continue
        by_value.setdefault(int(value), []).extend(event.evidence)
    return tuple(
        ReportedValue(
            value=float(value),
            text=str(value),
            qualifier="exact",
            citations=tuple(dict.fromkeys(citations)),
        )
        for value, citations in by_value.items()
    )


def _combine(group: Sequence[Event], entities: Sequence[Entity]) -> Event:
    worst = max(group, key=_severity)
    first = dataclasses.replace(
        group[0],
        event_type=worst.event_type,
        sub_event_type=worst.sub_event_type,
        plover_type=worst.plover_type,
        plover_mode=worst.plover_mode,
        trigger=worst.trigger,
    )
    evidence = tuple(dict.fromkeys(c for e in group for c in e.evidence))
    sources = tuple(dict.fromkeys(s for e in group for s in e.sources))
    # the places the evidence names come before an article's main place given as a fallback
    own = [p for e in group if (p := _own_place(e)) is not None]
    locations = own or [e.location for e in group if e.location is not None]
    resolved = [p for p in locations if p.status == "resolved"]
    dates = [e.event_date for e in group if e.event_date is not None]
    precision = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
    dates.sort(key=lambda d: (d.status != "resolved", precision.get(d.precision, 4)))
    fatalities = [e.fatalities for e in group if e.fatalities is not None]
    injured = [e.injured for e in group if e.injured is not None]
    named = [e.actor1 for e in group if e.actor1 and _is_named_actor(e.actor1, entities)]
    actor1 = _most_common(named) or worst.actor1 or _most_common(e.actor1 for e in group)
    actor2 = _most_common(e.actor2 for e in group if e.actor2 and e.actor2 != actor1)
    attributions = tuple(dict.fromkeys(e.attribution for e in group if e.attribution))
    key = "|".join([first.sub_event_type, *sorted(c.article_id + str(c.start) for c in evidence)])
    merged = dataclasses.replace(
        first,
        id="ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        actor1=actor1,
        actor2=actor2,
        location=next(iter(resolved or locations), None),
        event_date=dates[0] if dates else None,
        fatalities=min(fatalities) if fatalities else None,
        injured=min(injured) if injured else None,
        attribution="; ".join(attributions) or None,
        evidence=evidence,
        sources=sources,
        fatalities_reported=_reported(group, "fatalities"),
        injured_reported=_reported(group, "injured"),
    )
    return dataclasses.replace(merged, notes=notes_for(merged))


def notes_for(event: Event) -> str:
    """An ACLED-style ``notes`` line: the first evidence sentence, and disputed figures."""
    text = event.evidence[0].text.strip() if event.evidence else ""
    if len(event.fatalities_reported) > 1:
        figures = ", ".join(str(int(r.value)) for r in event.fatalities_reported)
        text += f" [fatalities reported: {figures}; coded the lowest]"
    return text
