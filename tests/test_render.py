"""Renderers: Markdown with citations, JSON with the API's names, HTML escaped and offline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from newsfuse.errors import UsageError
from newsfuse.models import (
    Brief,
    Citation,
    Claim,
    Entity,
    Event,
    Figure,
    Place,
    ReportedValue,
    Source,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.render import render

XSS = '<script>alert("x")</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">x</a>'


def _brief(text: str = "The SDF launched an offensive on Raqqa.") -> Brief:
    c1 = Citation("a1", 0, len(text), text)
    c2 = Citation("a2", 10, 10 + len(text), text)
    raqqa = Place(
        "Raqqa",
        0,
        5,
        resolved="Ar Raqqah",
        lat=35.95,
        lon=39.01,
        country="SY",
        kind="city",
        status="resolved",
    )
    return Brief(
        title="SDF offensive on Raqqa",
        summary=(SummarySentence(text, ("a1", "a2"), (c1, c2)),),
        sources=(
            Source("a1", 1, outlet="CNN", published=dt.date(2017, 6, 6)),
            Source("a2", 2, path="examples/raqqa/unattributed.txt"),
        ),
        entities=(
            Entity("sdf", "Syrian Democratic Forces", "ORG", ("SDF",), articles=("a1", "a2")),
        ),
        places=(raqqa, Place("Atlantis", 0, 8, reason="not in gazetteer")),
        events=(
            Event(
                "e1",
                "Battles",
                "Armed clash",
                location=raqqa,
                sources=("a1", "a2"),
                actor1="SDF",
                actor2="ISIS",
                fatalities=12,
            ),
        ),
        claims=(
            Claim("c1", text, "fact", "corroborated", (c1, c2), independent_sources=2),
            Claim(
                "c2",
                "12 civilians were killed.",
                "figure",
                "single-source",
                (Citation("a2", 0, 25, "12 civilians were killed."),),
                attribution="SANA",
            ),
        ),
        figures=(
            Figure(
                "killed",
                12,
                (ReportedValue(12, "12 civilians", "exact", (c2,)),),
                "single-source",
                subject="civilians",
            ),
        ),
        timeline=(TimelineEntry(dt.date(2017, 6, 6), dt.date(2017, 6, 6), "day", text, (c1,)),),
    )


def test_markdown_cites_every_summary_sentence_and_lists_sources_by_outlet() -> None:
    md = render(_brief(), "md")
    assert md.startswith("# SDF offensive on Raqqa")
    assert "- The SDF launched an offensive on Raqqa. [1][2]" in md
    assert "1. **CNN**" in md and "2. **unattributed.txt**" in md
    assert "## Reported by one source" in md and "according to SANA [2]" in md
    assert "| Raqqa | Ar Raqqah | 35.9500, 39.0100 | SY | city |" in md
    assert "unresolved: not in gazetteer" in md


def test_markdown_table_cells_cannot_break_the_table() -> None:
    md = render(_brief("A | pipe in text."), "md")
    assert "A \\| pipe" not in md.split("## Summary")[1].split("## Sources")[0]
    assert "| killed (civilians) | 12 |" in md


def test_json_uses_the_public_field_names() -> None:
    data = json.loads(render(_brief(), "json"))
    for key in ("title", "summary", "entities", "places", "events", "claims", "sources"):
        assert key in data
    assert data["summary"][0]["sources"] == ["a1", "a2"]


def test_html_is_self_contained_and_escapes_article_text() -> None:
    page = render(_brief(XSS), "html")
    assert "<script" not in page.lower()
    assert "<img" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page
    # no external asset of any kind: offline, one file
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<svg" in page and "Ar Raqqah" in page


def test_unknown_format_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError, match="choose one of md, json, html"):
        render(_brief(), "pdf")


def test_markdown_quotes_each_sources_sentence_once() -> None:
    said = "“We have begun a new phase,” an SDF spokesman said."
    plain = "The SDF said it had begun a new phase."
    claim = Claim(
        "c9",
        "The SDF announced a new phase.",
        "quote",
        "corroborated",
        (
            Citation("a1", 0, len(said), said),
            Citation("a2", 0, len(plain), plain),
        ),
        independent_sources=2,
    )
    brief = dataclasses.replace(_brief(), claims=(claim,))
    out = render(brief, "md")
    assert f"[1] {said}" in out and "““" not in out
    assert f"[2] “{plain}”" in out
