"""The cited extractive summary (newsfuse.summarize)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from newsfuse.annotate import annotate
from newsfuse.claims import align_claims, statement_units
from newsfuse.embeddings import get_embedder
from newsfuse.errors import UsageError
from newsfuse.models import AnnotatedArticle, Article, Claim, SummarySentence
from newsfuse.summarize import SummaryOptions, select_summary, story_profile, summarize, word_count


@pytest.fixture(scope="module")
def seed_annotated(seed_articles, nlp) -> list[AnnotatedArticle]:  # type: ignore[no-untyped-def]
    return annotate(seed_articles)


@pytest.fixture(scope="module")
def seed_claims(seed_annotated) -> list[Claim]:  # type: ignore[no-untyped-def]
    return align_claims(seed_annotated)


@pytest.fixture(scope="module")
def seed_summary(seed_annotated, seed_claims) -> list[SummarySentence]:  # type: ignore[no-untyped-def]
    return select_summary(seed_annotated, seed_claims, max_words=250)


def _assert_traced(summary: list[SummarySentence], annotated: list[AnnotatedArticle]) -> None:
    texts = {a.id: a.article.text for a in annotated}
    for sentence in summary:
        own = sentence.citations[0]
        assert texts[own.article_id][own.start : own.end] == sentence.text
        for citation in sentence.citations:
            assert texts[citation.article_id][citation.start : citation.end] == citation.text
        assert sentence.sources == tuple(dict.fromkeys(c.article_id for c in sentence.citations))


def test_every_summary_sentence_is_the_exact_text_of_a_cited_span(seed_summary, seed_annotated):  # type: ignore[no-untyped-def]
    assert len(seed_summary) >= 4
    _assert_traced(seed_summary, seed_annotated)


@pytest.mark.parametrize("budget", [250, 120, 40])
def test_summary_stays_within_the_word_budget(seed_annotated, seed_claims, budget):  # type: ignore[no-untyped-def]
    summary = select_summary(seed_annotated, seed_claims, max_words=budget)
    assert summary
    assert sum(word_count(s.text) for s in summary) <= budget


@pytest.mark.parametrize("budget", [250, 60])
def test_summary_uses_nearly_all_of_the_budget(seed_annotated, seed_claims, budget):  # type: ignore[no-untyped-def]
    """Words left over cost ROUGE recall: swaps for longer sentences fill them (measured 250 of
    250 and 57 of 60 words on the seeds; 243 and 50 without the swaps)."""
    summary = select_summary(seed_annotated, seed_claims, max_words=budget)
    assert sum(word_count(s.text) for s in summary) >= budget - 5


def test_sentence_of_a_corroborated_claim_cites_both_sources(
    seed_summary, seed_claims, seed_annotated
):  # type: ignore[no-untyped-def]
    corroborated = {
        (c.article_id, c.start)
        for claim in seed_claims
        if claim.status == "corroborated"
        for c in claim.citations
    }
    chosen = [
        s for s in seed_summary if (s.citations[0].article_id, s.citations[0].start) in corroborated
    ]
    assert chosen, "the summary covers no corroborated claim"
    both = {a.id for a in seed_annotated}
    for sentence in chosen:
        assert set(sentence.sources) == both, sentence


def test_summary_and_claims_agree_on_who_supports_a_sentence(seed_summary, seed_claims):  # type: ignore[no-untyped-def]
    # one support decision: a summary sentence cites exactly the sources of its claim, so the
    # brief never shows [1][2] in the summary and "reported by one source" for the same sentence
    for sentence in seed_summary:
        own = sentence.citations[0]
        claims = [
            c
            for c in seed_claims
            if any(
                x.article_id == own.article_id and x.start < own.end and own.start < x.end
                for x in c.citations
            )
        ]
        assert claims, sentence
        supporting = {
            x.article_id for c in claims if c.status != "conflicting" for x in c.citations
        } | {own.article_id}
        assert set(sentence.sources) == supporting, sentence


def test_summary_covers_most_corroborated_seed_claims(seed_summary):  # type: ignore[no-untyped-def]
    cited = " ".join(c.text for s in seed_summary for c in s.citations)
    covered = [
        "Tuesday" in cited,
        all(w in cited for w in ("north", "east", "west")),
        "Townsend" in cited,
        "Mosul" in cited,
    ]
    assert sum(covered) >= 3, covered


def test_no_dangling_references(seed_summary):  # type: ignore[no-untyped-def]
    for sentence in seed_summary:
        assert not re.match(
            r"^(?:[“\"]\s*)?(?:(?:But|And|Still|Yet),?\s+)?(?:He|She|They|His|Her|These)\b",
            sentence.text,
            re.IGNORECASE,
        ), sentence.text
        assert "Rahman pointed out" not in sentence.text
        if re.search(r"\b(?:he|she) said\b", sentence.text):
            previous = seed_summary[seed_summary.index(sentence) - 1]
            assert previous.citations[0].article_id == sentence.citations[0].article_id


def test_summary_is_not_redundant(seed_summary):  # type: ignore[no-untyped-def]
    vectors = get_embedder().encode([s.text for s in seed_summary])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    assert similarity.max() < 0.9


def test_a_claim_is_told_once_citing_every_source(seed_summary, seed_claims):  # type: ignore[no-untyped-def]
    """Two sentences of one claim (from two articles) are never both in the summary: the one
    taken cites both sources."""
    spans = {(s.citations[0].article_id, s.citations[0].start) for s in seed_summary}
    for claim in seed_claims:
        told = [c for c in claim.citations if (c.article_id, c.start) in spans]
        assert len({c.article_id for c in told}) <= 1, claim.text
    offensive = next(s for s in seed_summary if "launched an offensive" in s.text)
    assert len({c.article_id for c in offensive.citations}) == 2
    assert not any("has begun a battle to capture" in s.text for s in seed_summary)


def test_no_sentence_is_taken_twice(seed_summary):  # type: ignore[no-untyped-def]
    texts = [s.text for s in seed_summary]
    assert len(texts) == len(set(texts))


def test_story_profile_favours_words_several_articles_use_early() -> None:
    sentences = [
        (0, 0, "Rebels shelled the airport on Sunday."),
        (0, 5, "The mayor opened a bakery near the harbour."),
        (1, 0, "The army said rebels shelled the airport."),
    ]
    profile = story_profile(sentences, budget=100)
    assert profile["airport"] > profile["bakery"]  # two articles against one
    assert profile["shell"] > profile["harbour"]  # stems: "shelled" counts as "shell"
    assert profile["rebel shell"] > profile["mayor open"]  # word pairs too
    words = sum(v for g, v in profile.items() if " " not in g)
    assert words == pytest.approx(100.0)  # the expected words fill the budget
    early = story_profile([(0, 0, "Troops entered Raqqa."), (1, 0, "Troops left Mosul.")], 10)
    late = story_profile([(0, 9, "Troops entered Raqqa."), (1, 0, "Troops left Mosul.")], 10)
    assert early["raqqa"] > late["raqqa"]  # the first sentence of an article lends more
    assert story_profile([], 100) == {}


def test_position_decay_zero_weighs_every_sentence_alike() -> None:
    sentences = [(0, 0, "Troops entered Raqqa."), (0, 7, "Troops left Mosul.")]
    profile = story_profile(sentences, 10, SummaryOptions(position_decay=0.0))
    assert profile["raqqa"] == pytest.approx(profile["mosul"])


def test_surname_the_story_uses_often_needs_no_introduction(nlp):  # type: ignore[no-untyped-def]
    """Regression (#6): "Merkel said ..." is a household name in a story that uses it alone in
    several articles, while a bare surname used once ("Rahman pointed out") still needs its
    introduction."""
    articles = annotate(
        [
            Article.from_text(
                "Merkel met the French president in Berlin on Friday to discuss the budget. "
                "Both leaders agreed to meet again in Paris next month.",
                id="a",
            ),
            Article.from_text("Merkel met the French president in Berlin on Friday.", id="b"),
            Article.from_text(
                "Merkel said the budget talks in Berlin would continue next month.", id="c"
            ),
            Article.from_text("Rahman pointed out that the budget talks had stalled.", id="d"),
        ]
    )
    persons = {m.text for a in articles for m in a.mentions if m.label == "PERSON"}
    assert {"Merkel", "Rahman"} <= persons  # the premise: spaCy tags both as persons
    summary = select_summary(articles, [], max_words=200)
    assert any(s.text.startswith("Merkel said") for s in summary), summary
    assert not any(s.text.startswith("Rahman") for s in summary), summary


def test_sentences_of_one_article_keep_their_order(seed_summary):  # type: ignore[no-untyped-def]
    by_article: dict[str, list[int]] = {}
    for sentence in seed_summary:
        by_article.setdefault(sentence.citations[0].article_id, []).append(
            sentence.citations[0].start
        )
    for starts in by_article.values():
        assert starts == sorted(starts)


def test_identical_wire_copy_is_cited_with_the_original(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Rebels shelled the airport of the provincial capital on Sunday, the army said. "
        "The airport has been closed to civilian flights since March, officials said."
    )
    articles = [
        Article.from_text(text, id="wire", outlet="Wire"),
        Article.from_text(text, id="copy"),
    ]
    summary = summarize(articles, max_words=60)
    assert summary
    for sentence in summary:
        assert set(sentence.sources) == {"wire", "copy"}


def test_a_source_giving_another_figure_does_not_support_the_sentence(nlp):  # type: ignore[no-untyped-def]
    articles = [
        Article.from_text(
            "Rebels shelled the airport on Sunday, killing three people, the army said.", id="x"
        ),
        Article.from_text(
            "The army said rebels shelled the airport on Sunday and killed four people.", id="y"
        ),
    ]
    summary = summarize(articles, max_words=40)
    assert summary
    for sentence in summary:
        assert len(sentence.sources) == 1, sentence


def test_bad_budget_and_no_articles_are_usage_errors(seed_annotated, seed_claims):  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="max_words"):
        select_summary(seed_annotated, seed_claims, max_words=0)
    with pytest.raises(UsageError, match="at least one article"):
        summarize([])


def test_article_without_statements_gives_an_empty_summary() -> None:
    empty = AnnotatedArticle(article=Article.from_text("Photo: AP"))
    assert select_summary([empty], [], max_words=100) == []


def test_summary_sentences_round_trip_through_dicts(seed_summary):  # type: ignore[no-untyped-def]
    for sentence in seed_summary:
        assert SummarySentence.from_dict(sentence.to_dict()) == sentence


@pytest.fixture(scope="module")
def multinews_clusters(eval_data, nlp):  # type: ignore[no-untyped-def]
    """The first four Multi-News dev clusters through the real pipeline, with their references
    (the benchmark runs all 103)."""
    out = []
    with (eval_data / "multinews" / "dev.jsonl").open() as handle:
        for _ in range(4):
            cluster = json.loads(next(handle))
            articles = [Article.from_text(d) for d in cluster["documents"] if d.strip()]
            annotated = annotate(articles)
            out.append((annotated, align_claims(annotated), cluster["summary"].lstrip("–- ")))
    return out


@pytest.mark.slow
def test_multinews_summaries_trace_to_source_spans(multinews_clusters):  # type: ignore[no-untyped-def]
    for annotated, claims, _ in multinews_clusters:
        summary = select_summary(annotated, claims, max_words=250)
        assert summary
        assert sum(word_count(s.text) for s in summary) <= 250
        _assert_traced(summary, annotated)


def _lead(annotated: list[AnnotatedArticle], budget: int) -> list[str]:
    """The Lead peer of the benchmark: the documents' statements in turn, while they fit."""
    docs = [[u.text for u in statement_units(a)] for a in annotated]
    ranked = [d[i] for i in range(max(map(len, docs))) for d in docs if i < len(d)]
    out: list[str] = []
    for text in ranked:
        if sum(map(word_count, out)) + word_count(text) <= budget:
            out.append(text)
    return out


@pytest.mark.slow
def test_multinews_rouge_beats_lead_and_stays_above_its_floor(multinews_clusters):  # type: ignore[no-untyped-def]
    """Quality gate: measured 50.2 ROUGE-1 / 17.7 ROUGE-2 on these four clusters (Lead 42.4),
    every summary at 249-250 of 250 words; floors a little below. (Telling a claim once, with
    all its sources, took these four from 51.3 / 20.4 with all 103 clusters unchanged.)"""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    ours1, ours2, lead1, filled = [], [], [], []
    for annotated, claims, reference in multinews_clusters:
        summary = select_summary(annotated, claims, max_words=250)
        filled.append(sum(word_count(s.text) for s in summary))
        scores = scorer.score(reference, "\n".join(s.text for s in summary))
        ours1.append(scores["rouge1"].fmeasure)
        ours2.append(scores["rouge2"].fmeasure)
        lead1.append(scorer.score(reference, "\n".join(_lead(annotated, 250)))["rouge1"].fmeasure)
    assert np.mean(ours1) >= 0.49
    assert np.mean(ours2) >= 0.17
    assert np.mean(ours1) >= np.mean(lead1) + 0.06
    assert min(filled) >= 240, filled  # the budget is used (refill and swaps)
