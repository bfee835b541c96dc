"""Duplicates: exact and near copies point at the first copy; different stories stay apart."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsfuse.clean import clean_article
from newsfuse.dedupe import containment, find_duplicates, shingles
from newsfuse.models import Article


@pytest.fixture(scope="module")
def wire(seed_articles: list[Article]) -> Article:
    return next(a for a in seed_articles if a.outlet == "CNN")


def _copy(article: Article, text: str, outlet: str) -> Article:
    return dataclasses.replace(article, id=f"{outlet}-copy", text=text, outlet=outlet)


def test_exact_copy_points_at_the_first_copy(wire: Article) -> None:
    copy = _copy(wire, wire.text, "Daily Paper")
    out = find_duplicates([wire, copy])
    assert out[0].duplicate_of is None
    assert out[1].duplicate_of == wire.id
    assert out[1].notes[-1] == f"duplicate of {wire.id} (exact, 1.00)"
    assert out[1].outlet == "Daily Paper"  # every outlet stays listed


def test_republished_wire_copy_with_a_new_intro_and_a_cut_ending_is_a_near_duplicate(
    wire: Article,
) -> None:
    paragraphs = wire.text.split("\n\n")
    republished = "\n\n".join(
        ["Local reaction: officials here welcomed the news on Tuesday.", *paragraphs[:-3]]
    )
    out = find_duplicates([wire, _copy(wire, republished, "Gazette")])
    assert out[1].duplicate_of == wire.id
    assert "(near," in out[1].notes[-1]


def test_copy_is_linked_to_the_first_of_a_chain(wire: Article) -> None:
    a = _copy(wire, wire.text, "A")
    b = _copy(wire, wire.text + "\n\nMore to follow.", "B")
    out = find_duplicates([wire, a, b])
    assert [x.duplicate_of for x in out] == [None, wire.id, wire.id]


def test_different_reports_of_the_same_event_are_not_duplicates(
    seed_articles: list[Article],
) -> None:
    out = find_duplicates(seed_articles)
    assert [a.duplicate_of for a in out] == [None, None]
    assert [a.id for a in out] == [a.id for a in seed_articles]


def test_stories_sharing_one_quote_are_not_duplicates() -> None:
    quote = (
        "“The fight for Raqqa will be long and difficult, but the offensive would deliver a "
        "decisive blow to the idea of ISIS as a physical caliphate,” the coalition said."
    )
    first = Article.from_text(
        quote + " Fighters entered the eastern district on Tuesday after weeks of air strikes on "
        "the city, and aid groups warned that thousands of civilians were trapped inside."
    )
    second = Article.from_text(
        "Turkey objected to the offensive, saying the Kurdish militia leading it was a terrorist "
        "group, and warned Washington against arming it further. " + quote
    )
    assert [a.duplicate_of for a in find_duplicates([first, second])] == [None, None]


def test_short_texts_match_only_when_equal() -> None:
    a = Article.from_text("Two killed in shooting.", id="a")
    b = Article.from_text("Two killed in a shooting.", id="b")
    c = Article.from_text("Two killed in shooting!", id="c")
    assert [x.duplicate_of for x in find_duplicates([a, b, c])] == [None, None, "a"]


def test_shingle_containment() -> None:
    long = shingles("one two three four five six seven eight nine ten")
    short = shingles("three four five six seven eight")
    assert containment(short, long) == 1.0
    assert containment(long, set()) == 0.0


def test_duplicates_in_gva_documents_report_the_same_incident(eval_data: Path) -> None:
    """Duplicates found among cleaned GVA news documents are copies about one incident."""
    rows = [
        json.loads(line)
        for line in (eval_data / "gva" / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    articles = [clean_article(Article.from_text(r["content"], id=r["doc_id"])) for r in rows]
    articles = [a for a in articles if len(a.text.split()) >= 30]
    incident = {r["doc_id"]: r["incident_id"] for r in rows}
    found = [a for a in find_duplicates(articles) if a.duplicate_of]
    assert len(found) >= 10
    same = [a for a in found if incident[a.id] == incident[a.duplicate_of or ""]]
    assert len(same) / len(found) >= 0.8
