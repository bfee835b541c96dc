"""The data classes between stages survive to_dict/from_dict and pickling unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle

import pytest

from newsfuse.models import (
    AnnotatedArticle,
    Article,
    Brief,
    Citation,
    Claim,
    Event,
    Place,
    RemovedLine,
    Sentence,
    Source,
    SummarySentence,
    TimeExpression,
    article_id_for,
    to_date,
)


def _annotated() -> AnnotatedArticle:
    article = Article.from_text(
        "Raqqa fell on Tuesday.", title="T", outlet="CNN", published="2017-06-06"
    )
    article = dataclasses.replace(
        article, removed=(RemovedLine("01:25 - Source: CNN", "video-label", 3),)
    )
    place = Place("Raqqa", 0, 5, resolved="Ar Raqqah", lat=35.95, lon=39.01, status="resolved")
    date = TimeExpression(
        "on Tuesday", 11, 21, dt.date(2017, 6, 6), dt.date(2017, 6, 6), "day", "resolved"
    )
    event = Event(
        id="e1",
        event_type="Battles",
        sub_event_type="Armed clash",
        location=place,
        event_date=date,
        evidence=(Citation(article.id, 0, 22, "Raqqa fell on Tuesday."),),
        sources=(article.id,),
    )
    return AnnotatedArticle(
        article=article,
        sentences=(Sentence(0, 0, 22, "Raqqa fell on Tuesday."),),
        dates=(date,),
        places=(place,),
        events=(event,),
    )


def test_annotated_article_round_trips_through_json() -> None:
    original = _annotated()
    data = json.loads(json.dumps(original.to_dict()))
    assert AnnotatedArticle.from_dict(data) == original


def test_records_pickle_for_worker_processes() -> None:
    original = _annotated()
    assert pickle.loads(pickle.dumps(original)) == original


def test_brief_round_trips_and_keeps_field_names_in_json() -> None:
    citation = Citation("a1", 0, 10, "Some text.")
    brief = Brief(
        title="Story",
        summary=(SummarySentence("Some text.", ("a1",), (citation,)),),
        sources=(Source("a1", 1, outlet="CNN", published=dt.date(2017, 6, 6)),),
        claims=(Claim("c1", "Some text.", "fact", "single-source", (citation,)),),
    )
    data = json.loads(brief.to_json())
    assert set(data) >= {"summary", "entities", "places", "events", "claims", "sources"}
    assert data["summary"][0]["sources"] == ["a1"]
    assert Brief.from_dict(data) == brief
    assert brief.claims[0].sources == ("a1",)


def test_article_id_is_a_stable_content_hash() -> None:
    assert Article.from_text("same text").id == article_id_for("same text")
    assert Article.from_text("same text", id="mine").id == "mine"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2017-06-06", dt.date(2017, 6, 6)),
        ("2017-06-06T10:00:00Z", dt.date(2017, 6, 6)),
        ("June 6, 2017", dt.date(2017, 6, 6)),
        (dt.datetime(2017, 6, 6, 9, 30), dt.date(2017, 6, 6)),
        (None, None),
    ],
)
def test_publication_dates_are_normalised(given: object, expected: dt.date | None) -> None:
    assert to_date(given) == expected  # type: ignore[arg-type]


def test_a_publication_date_that_is_not_a_date_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a date: 'soon-ish'"):
        to_date("soon-ish")
