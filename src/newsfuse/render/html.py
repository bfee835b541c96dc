"""A :class:`~newsfuse.models.Brief` as one self-contained, offline HTML file.

No script, no external asset: styles are inline, the map is an SVG drawn here from the places'
coordinates. Every piece of article text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jinja2

from newsfuse.models import Brief, Event, Place
from newsfuse.render._common import cite, fmt_number, numbers_of, place_label, status_label

__all__ = ["MapPoint", "map_points", "to_html"]


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A marker on the SVG map: label, kind (place or event), position in the view box."""

    label: str
    kind: str
    x: float
    y: float
    lat: float
    lon: float


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsfuse.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = fmt_number
    env.filters["status_label"] = status_label
    env.filters["place_label"] = place_label
    return env


def map_points(
    places: tuple[Place, ...], events: tuple[Event, ...], width: float = 640, height: float = 360
) -> tuple[list[MapPoint], tuple[float, float, float, float]]:
    """Project resolved places and located events onto a ``width`` x ``height`` view box
    (equirectangular, fitted to the points with a margin). Returns points and the lat/lon box."""
    raw: list[tuple[str, str, float, float]] = [
        (p.resolved or p.name, "place", p.lat, p.lon)
        for p in places
        if p.lat is not None and p.lon is not None
    ]
    raw += [
        (e.sub_event_type, "event", e.location.lat, e.location.lon)
        for e in events
        if e.location and e.location.lat is not None and e.location.lon is not None
    ]
    if not raw:
        return [], (0.0, 0.0, 0.0, 0.0)
    lats = [r[2] for r in raw]
    lons = [r[3] for r in raw]
    pad_lat = max(2.0, (max(lats) - min(lats)) * 0.15)
    pad_lon = max(3.0, (max(lons) - min(lons)) * 0.15)
    south, north = min(lats) - pad_lat, max(lats) + pad_lat
    west, east = min(lons) - pad_lon, max(lons) + pad_lon
    points = [
        MapPoint(
            label=label,
            kind=kind,
            x=(lon - west) / (east - west) * width,
            y=(north - lat) / (north - south) * height,
            lat=lat,
            lon=lon,
        )
        for label, kind, lat, lon in raw
    ]
    return points, (south, west, north, east)


def to_html(brief: Brief) -> str:
    """Render the brief as a standalone HTML page (escaped, offline, no scripts)."""
    points, box = map_points(brief.places, brief.events)
    template = _environment().get_template("brief.html")
    return template.render(
        brief=brief,
        cite=lambda ids: cite(brief, ids),
        numbers=lambda ids: numbers_of(brief, ids),
        points=points,
        box=box,
        corroborated=[c for c in brief.claims if c.status == "corroborated"],
        single=[c for c in brief.claims if c.status == "single-source"],
        conflicting=[c for c in brief.claims if c.status == "conflicting"],
    )
