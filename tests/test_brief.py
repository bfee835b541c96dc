"""The seed brief (issue #2): what a user of `newsfuse brief examples/raqqa/*` must see."""

from __future__ import annotations

import re

import pytest

import newsfuse
from newsfuse.errors import UsageError
from newsfuse.models import Brief


def _entity(brief: Brief, *names: str):  # type: ignore[no-untyped-def]
    found = [e for e in brief.entities if any(n == e.name or n in e.aliases for n in names)]
    assert len(found) == 1, f"expected one entity for {names}, got {[e.name for e in found]}"
    return found[0]


def test_title_names_the_sdf_offensive_on_raqqa(seed_brief: Brief) -> None:
    title = seed_brief.title
    assert "Raqqa" in title
    assert re.search(r"SDF|Syrian Democratic Forces", title)
    assert re.search(r"offensive|campaign|assault|battle", title, re.I)


def test_both_sources_are_listed_and_cnn_by_outlet(seed_brief: Brief) -> None:
    labels = [s.label for s in seed_brief.sources]
    assert len(labels) == 2
    assert "CNN" in labels
    assert [s.number for s in seed_brief.sources] == [1, 2]


def test_every_summary_sentence_is_cited_and_copied_from_its_source(
    seed_brief: Brief, seed_articles: list[newsfuse.Article]
) -> None:
    texts = {a.id: a.text for a in seed_articles}
    assert seed_brief.summary
    assert sum(len(s.text.split()) for s in seed_brief.summary) <= 250
    for sentence in seed_brief.summary:
        assert sentence.sources, sentence.text
        assert sentence.citations
        for c in sentence.citations:
            assert texts[c.article_id][c.start : c.end] == c.text


@pytest.mark.parametrize(
    "fact",
    [r"Tuesday", r"north.*east.*west|west.*north.*east|three sides", r"Townsend", r"Mosul"],
)
def test_facts_both_outlets_report_are_marked_as_reported_by_both(
    seed_brief: Brief, fact: str
) -> None:
    both = [c for c in seed_brief.claims if c.status == "corroborated"]
    assert any(
        re.search(fact, c.text + " " + " ".join(q.text for q in c.citations)) for c in both
    ), f"no corroborated claim matches {fact!r}"


def test_whos_who_has_one_entry_per_actor_however_spelled(seed_brief: Brief) -> None:
    sdf = _entity(seed_brief, "SDF", "Syrian Democratic Forces")
    assert {"SDF", "Syrian Democratic Forces"} <= {sdf.name, *sdf.aliases}
    isis = _entity(seed_brief, "ISIS", "Islamic State", "IS")
    assert {"ISIS", "Islamic State"} <= {isis.name, *isis.aliases}
    townsend = _entity(seed_brief, "Steve Townsend", "Townsend")
    assert "Townsend" in {townsend.name, *townsend.aliases}
    _entity(seed_brief, "Talal Sillo")
    _entity(seed_brief, "Donald Trump", "Trump")


def test_places_have_coordinates(seed_brief: Brief) -> None:
    resolved = {p.name: p for p in seed_brief.places if p.status == "resolved"}
    for name, (lat, lon) in {
        "Raqqa": (35.95, 39.01),
        "Mosul": (36.34, 43.13),
        "Tabqa": (35.84, 38.55),
        "Deir al-Zor": (35.34, 40.14),
    }.items():
        assert name in resolved, f"{name} not resolved: {sorted(resolved)}"
        place = resolved[name]
        assert place.lat is not None and place.lon is not None
        assert abs(place.lat - lat) < 0.5 and abs(place.lon - lon) < 0.5


def test_no_caption_video_label_highlights_or_contributor_line(seed_brief: Brief) -> None:
    rendered = seed_brief.to_markdown() + seed_brief.to_json()
    for noise in (
        "01:25",
        "Source: CNN",
        "Story highlights",
        "contributed to this report",
        "FILE -",
        "Why Raqqa matters",
        "pictured here",
        "satellite images",
    ):
        assert noise not in rendered, noise


def test_brief_accepts_articles_made_in_memory() -> None:
    article = newsfuse.Article.from_text(
        "Rebels attacked an army post near Aleppo on Monday, killing four soldiers, "
        "the Syrian Observatory for Human Rights said.",
        outlet="Example Wire",
        published="2017-06-06",
    )
    result = newsfuse.brief([article], max_words=60)
    assert result.sources[0].outlet == "Example Wire"
    assert result.summary and result.summary[0].sources == (article.id,)


def test_brief_of_nothing_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="at least one article"):
        newsfuse.brief([])
