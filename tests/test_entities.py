"""Canonical entities: alias table, acronym pairs, short and long names, roles, canonical_name."""

from __future__ import annotations

from importlib import resources

import pytest

import newsfuse
from newsfuse.annotate import annotate
from newsfuse.entities import (
    RULER_NAME,
    alias_table,
    canonical_name,
    configure_pipeline,
    lookup_alias,
    resolve_entities,
)
from newsfuse.models import Article, Entity


@pytest.fixture(scope="module")
def seed_entities(seed_articles):  # type: ignore[no-untyped-def]
    return resolve_entities(annotate(seed_articles))


def _entities_of(*texts: str) -> list[Entity]:
    articles = [Article.from_text(t, outlet=f"outlet {i}") for i, t in enumerate(texts)]
    return newsfuse.entities(articles)


def _holding(found: list[Entity], spelling: str) -> list[Entity]:
    return [e for e in found if spelling in e.aliases]


def test_seed_actors_appear_exactly_once_with_all_spellings(seed_entities):  # type: ignore[no-untyped-def]
    expected = {
        "Syrian Democratic Forces": {"SDF", "Syrian Democratic Forces"},
        "Islamic State": {"ISIS", "IS", "Islamic State", "extremist group"},
        "Steve Townsend": {"Steve Townsend", "Townsend"},
        "Talal Sillo": {"Talal Sillo"},
        "Donald Trump": {"Donald Trump", "Trump"},
        "US-led coalition": {"US-led coalition", "coalition"},
        "Syrian Observatory for Human Rights": {"Observatory"},
        "Syrian Arab News Agency": {"SANA"},
    }
    for name, spellings in expected.items():
        matching = [e for e in seed_entities if e.name == name]
        assert len(matching) == 1, f"{name}: {[e.name for e in seed_entities]}"
        assert spellings <= set(matching[0].aliases), (name, matching[0].aliases)
        for spelling in spellings:
            assert [e.name for e in _holding(seed_entities, spelling)] == [name]


def test_seed_people_carry_their_roles(seed_entities):  # type: ignore[no-untyped-def]
    roles = {e.name: e.roles for e in seed_entities if e.type == "PERSON"}
    assert any("commanding general" in r for r in roles["Steve Townsend"])
    assert "Lt. Gen." in roles["Steve Townsend"]
    assert "SDF spokesman" in roles["Talal Sillo"]
    assert "US President" in roles["Donald Trump"]


def test_kind_comes_from_the_alias_table(seed_entities):  # type: ignore[no-untyped-def]
    kinds = {e.name: e.kind for e in seed_entities}
    assert kinds["Syrian Arab News Agency"] == "news agency"
    assert kinds["Syrian Observatory for Human Rights"] == "monitor"
    assert "armed group" in kinds["Islamic State"]
    assert kinds["Talal Sillo"] == ""
    again = Entity.from_dict(seed_entities[0].to_dict())
    assert again == seed_entities[0]


def test_places_mislabelled_as_organisations_are_not_actors(seed_entities):  # type: ignore[no-untyped-def]
    names = {e.name for e in seed_entities}
    assert not names & {"Raqqa", "Euphrates", "Capturing Raqqa", "Syria"}


def test_entities_are_ordered_by_spread_then_mentions(seed_entities):  # type: ignore[no-untyped-def]
    keys = [(-len(e.articles), -len(e.mentions)) for e in seed_entities]
    assert keys == sorted(keys)
    assert seed_entities[0].name in {"Islamic State", "Syrian Democratic Forces"}


def test_mentions_point_at_their_text(seed_articles, seed_entities):  # type: ignore[no-untyped-def]
    texts = {a.id: a.text for a in seed_articles}
    for entity in seed_entities:
        assert entity.articles
        for m in entity.mentions:
            assert texts[m.article_id][m.start : m.end] == m.text


def test_ids_are_deterministic(seed_articles, seed_entities):  # type: ignore[no-untyped-def]
    again = resolve_entities(annotate(seed_articles))
    assert [(e.id, e.name) for e in again] == [(e.id, e.name) for e in seed_entities]
    assert len({e.id for e in seed_entities}) == len(seed_entities)


def test_acronym_pair_in_the_text_merges_both_spellings() -> None:
    found = _entities_of(
        "Fighters of the Sudan Liberation Movement (SLM) clashed with the army near Tawila. "
        "An SLM commander said the SLM had lost three men."
    )
    slm = _holding(found, "SLM")
    assert len(slm) == 1
    assert slm[0].name == "Sudan Liberation Movement"
    assert "Sudan Liberation Movement" in slm[0].aliases


def test_bare_surname_joins_the_full_name_and_title_becomes_a_role() -> None:
    found = _entities_of(
        "Police Chief Maria Gonzalez said two men were arrested. "
        "Gonzalez added that the investigation continues."
    )
    people = [e for e in found if e.type == "PERSON"]
    assert [e.name for e in people] == ["Maria Gonzalez"]
    assert {"Maria Gonzalez", "Gonzalez"} <= set(people[0].aliases)
    assert "Police Chief" in people[0].roles


def test_first_name_repeated_alone_joins_the_one_person_with_it() -> None:
    found = _entities_of(
        "Maria Ridulph, 7, disappeared in 1957. Maria was playing outside when she vanished. "
        "Police say Maria was last seen with a stranger."
    )
    maria = _holding(found, "Maria")
    assert [e.name for e in maria] == ["Maria Ridulph"]


def test_two_people_sharing_a_surname_stay_apart() -> None:
    found = _entities_of(
        "John Smith and Karen Smith were both questioned by police on Monday. Smith declined to "
        "comment."
    )
    names = {e.name for e in found if e.type == "PERSON"}
    assert {"John Smith", "Karen Smith"} <= names
    assert not any({"John Smith", "Karen Smith"} <= set(e.aliases) for e in found)


def test_alias_table_spellings_merge_across_articles() -> None:
    found = _entities_of(
        "Daesh claimed the attack in a statement.",
        "The Islamic State of Iraq and the Levant said its fighters carried out the bombing.",
    )
    isis = [e for e in found if e.name == "Islamic State"]
    assert len(isis) == 1
    assert len(isis[0].articles) == 2


def test_configure_pipeline_is_idempotent(nlp) -> None:  # type: ignore[no-untyped-def]
    before = list(nlp.pipe_names)
    patterns = len(nlp.get_pipe(RULER_NAME).patterns)
    configure_pipeline(nlp)
    configure_pipeline(nlp)
    assert nlp.pipe_names == before
    assert nlp.pipe_names.count(RULER_NAME) == 1
    assert nlp.pipe_names.index(RULER_NAME) < nlp.pipe_names.index("ner")
    assert len(nlp.get_pipe(RULER_NAME).patterns) == patterns


def test_ruler_labels_aliases_with_their_canonical_id(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Daesh fighters attacked a checkpoint, the Observatory said.")
    labelled = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert labelled["Daesh"] == ("ORG", "Islamic State")
    assert labelled["Observatory"] == ("ORG", "Syrian Observatory for Human Rights")


def test_lowercase_is_is_not_the_islamic_state(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("This is what it is.")
    assert not [e for e in doc.ents if e.label_ == "ORG"]
    assert lookup_alias("is") is None
    assert lookup_alias("IS") is not None


def test_acronym_inside_a_headline_in_capitals_is_not_an_actor() -> None:
    found = _entities_of(
        "WHAT IS NEXT FOR THE CITY AFTER THE STORM\n\nThe mayor said repairs would take months."
    )
    assert not [e for e in found if e.name == "Islamic State"]


def test_alias_table_has_no_spelling_claimed_by_two_actors() -> None:
    owners: dict[str, set[str]] = {}
    for entry in alias_table().entries:
        assert entry.type in {"ORG", "PERSON", "NORP", "GPE"}, entry
        for alias in entry.aliases:
            owners.setdefault(alias.casefold(), set()).add(entry.canonical)
    clashes = {a: o for a, o in owners.items() if len(o) > 1}
    assert not clashes
    text = resources.files("newsfuse").joinpath("data/aliases.tsv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert all(len(row.split("\t")) == 4 for row in rows)
    assert len(rows) >= 100


def test_canonical_name_maps_actor_strings(seed_entities) -> None:  # type: ignore[no-untyped-def]
    assert canonical_name("ISIS militants", seed_entities) == "Islamic State"
    assert canonical_name("Daesh", seed_entities) == "Islamic State"
    assert canonical_name("Townsend", seed_entities) == "Steve Townsend"
    assert canonical_name("the SDF", seed_entities) == "Syrian Democratic Forces"
    assert canonical_name("fighters of the SDF", seed_entities) == "Syrian Democratic Forces"
    assert canonical_name("al-Shabaab", seed_entities) == "al-Shabaab"  # from the table
    assert canonical_name("Al Shabaab (Somalia)", seed_entities) == "al-Shabaab"
    assert canonical_name("Police Forces of Kenya (2013-)", seed_entities) == "Kenya Police Service"
    assert canonical_name("unknown gunmen", seed_entities) is None
    assert canonical_name("", seed_entities) is None


def test_text_without_names_gives_no_entities() -> None:
    assert resolve_entities([]) == []
    assert _entities_of("it rained all day and nobody came.") == []
