"""Cross-checked claims (newsfuse.claims) and the embedding backends they align with."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newsfuse import claims as claims_module
from newsfuse.annotate import annotate
from newsfuse.claims import (
    CHECK_FLOOR,
    LINK_MODEL,
    LINK_PROBABILITY,
    ClaimCandidate,
    PairSignals,
    align_claims,
    aligned_pairs,
    attribution_of,
    attributions_compatible,
    claim_kind,
    cross_check,
    different_places,
    extract_claims,
    is_speaker,
    is_statement,
    link_probability,
    predicates_of,
    same_event,
)
from newsfuse.embeddings import TfidfEmbedder, get_embedder
from newsfuse.errors import UsageError
from newsfuse.models import AnnotatedArticle, Article, Claim


@pytest.fixture(scope="module")
def seed_annotated(seed_articles, nlp) -> list[AnnotatedArticle]:  # type: ignore[no-untyped-def]
    return annotate(seed_articles)


@pytest.fixture(scope="module")
def seed_claims(seed_annotated) -> list[Claim]:  # type: ignore[no-untyped-def]
    return align_claims(seed_annotated)


def _claim_citing(claims: list[Claim], *words: str) -> Claim:
    """The claim one of whose citations holds all ``words`` (case-insensitive)."""
    for claim in claims:
        for citation in claim.citations:
            if all(w.lower() in citation.text.lower() for w in words):
                return claim
    raise AssertionError(f"no claim cites a sentence with {words}")


@pytest.mark.parametrize(
    "words",
    [
        ("Tuesday", "Syrian Democratic Forces"),  # the offensive launched on Tuesday
        ("north", "east", "west"),  # Raqqa encircled from three sides
        ("Townsend", "offensive"),  # Townsend's statement on the end of the caliphate
        # Iraqi forces retaking Mosul: "seized swathes of Mosul from ISIS" / "routing Islamic
        # State from its last redoubt in ... Mosul" share few words but report one event
        ("Iraqi forces", "Mosul"),
    ],
)
def test_seed_claims_both_outlets_make_are_corroborated(seed_claims, seed_annotated, words):  # type: ignore[no-untyped-def]
    claim = _claim_citing(seed_claims, *words)
    assert claim.status == "corroborated", claim
    assert set(claim.sources) == {a.id for a in seed_annotated}
    assert claim.independent_sources == 2


@pytest.mark.parametrize(
    ("words", "attribution"),
    [
        (("200,000", "5,000 militants"), "Raqqa is Being Slaughtered Silently"),
        (("12 civilians",), "SANA"),
        (("980 civilians",), "the Observatory"),
        (("Tabqa", "dam"), None),
    ],
)
def test_seed_claims_one_outlet_makes_are_single_source(seed_claims, words, attribution):  # type: ignore[no-untyped-def]
    claim = _claim_citing(seed_claims, *words)
    assert claim.status == "single-source", claim
    assert len(claim.sources) == 1
    if attribution is not None:
        assert claim.attribution == attribution


def test_every_citation_is_the_exact_text_at_its_offsets(seed_claims, seed_annotated):  # type: ignore[no-untyped-def]
    texts = {a.id: a.article.text for a in seed_annotated}
    assert seed_claims
    for claim in seed_claims:
        for citation in claim.citations:
            assert texts[citation.article_id][citation.start : citation.end] == citation.text


def test_captions_and_credits_are_not_claims(seed_claims):  # type: ignore[no-untyped-def]
    cited = [c.text for claim in seed_claims for c in claim.citations]
    assert not any("contributed to this report" in t for t in cited)
    assert not any(t.startswith("Story highlights") or "Source: CNN" in t for t in cited)


def test_pronoun_speaker_is_resolved_to_the_last_named_speaker(seed_claims):  # type: ignore[no-untyped-def]
    claim = _claim_citing(seed_claims, "ISIS threatens all of our nations")
    assert claim.kind == "quote"
    assert claim.attribution == "Townsend"


def test_quote_split_by_the_sentence_splitter_is_one_claim(seed_claims):  # type: ignore[no-untyped-def]
    claim = _claim_citing(seed_claims, "ISIS threatens all of our nations")
    assert any("This cannot stand" in c.text for c in claim.citations)


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        ("“We will take the city,” an SDF spokesperson said.", [], "an SDF spokesperson"),
        ("Syrian news agency SANA reported that 12 civilians were killed.", ["SANA"], "SANA"),
        ("At least 980 civilians were killed, the Observatory said.", [], "the Observatory"),
        (
            "“We are expecting people to leave,” said Mark McDonald, spokesman for the mayor.",
            ["Mark McDonald"],
            "Mark McDonald",
        ),
        (
            "Talal Sillo, a spokesman for the SDF, confirmed operations had begun.",
            ["Talal Sillo"],
            "Talal Sillo",
        ),
        ("About 5,000 militants live there, according to the group Raqqa24.", [], "Raqqa24"),
        ("The offensive began on Tuesday.", [], None),
    ],
)
def test_attribution_names_who_says_it(sentence, names, expected):  # type: ignore[no-untyped-def]
    assert attribution_of(sentence, names) == expected


def test_united_states_is_not_read_as_a_speech_verb() -> None:
    sentence = "The campaign has caused tension between the United States and Turkey."
    assert attribution_of(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("“We will win this fight,” he said.", "quote"),
        ("The offensive would deliver a decisive blow to the group.", "forecast"),
        ("Kurdish fighters took the city of Tabqa in May.", "fact"),
        ("The government should stop the shelling.", "opinion"),
    ],
)
def test_claim_kind_from_the_wording(sentence, kind):  # type: ignore[no-untyped-def]
    assert claim_kind(sentence) == kind


def _articles(*texts: str) -> list[Article]:
    return [
        Article.from_text(t, id=f"a{i}", outlet=f"Outlet {i}", published="2017-06-06")
        for i, t in enumerate(texts)
    ]


def test_conflicting_tolls_are_both_kept(nlp):  # type: ignore[no-untyped-def]
    articles = _articles(
        "A suicide bomber killed 12 people at a crowded market in Kabul on Monday, police said.",
        "A suicide bomber killed 15 people at a crowded market in Kabul on Monday, officials said.",
    )
    claims = cross_check(articles)
    claim = _claim_citing(claims, "market")
    assert claim.status == "conflicting"
    assert {c.article_id for c in claim.citations} == {"a0", "a1"}
    assert "12" in claim.note and "15" in claim.note
    assert claim.kind == "figure"


def test_wire_copy_counts_as_one_independent_source(nlp):  # type: ignore[no-untyped-def]
    text = (
        "Rebels shelled the airport of the provincial capital on Sunday, the army said. "
        "The airport has been closed to civilian flights since March."
    )
    original, copy = _articles(text, text)
    copy = dataclasses.replace(copy, duplicate_of=original.id)
    claims = cross_check([original, copy])
    claim = _claim_citing(claims, "shelled the airport")
    assert set(claim.sources) == {original.id, copy.id}
    assert claim.independent_sources == 1
    assert claim.status == "single-source"


def test_same_statement_in_two_independent_outlets_is_corroborated(nlp):  # type: ignore[no-untyped-def]
    articles = _articles(
        "Rebels shelled the airport of the provincial capital on Sunday, the army said.",
        "The army said rebels had shelled the provincial capital's airport on Sunday.",
    )
    claims = cross_check(articles)
    claim = _claim_citing(claims, "airport")
    assert claim.status == "corroborated"
    assert claim.independent_sources == 2


def test_unrelated_statements_are_not_aligned(nlp):  # type: ignore[no-untyped-def]
    articles = _articles(
        "Rebels shelled the airport of the provincial capital on Sunday, the army said.",
        "The central bank raised its main interest rate by half a point on Thursday.",
    )
    claims = cross_check(articles)
    assert len(claims) == 2
    assert all(c.status == "single-source" for c in claims)


def test_no_articles_give_no_claims() -> None:
    assert align_claims([]) == []
    empty = AnnotatedArticle(article=Article.from_text("Photo: AP"))
    assert align_claims([empty]) == []


def test_claims_round_trip_through_dicts(seed_claims):  # type: ignore[no-untyped-def]
    for claim in seed_claims[:5]:
        assert Claim.from_dict(claim.to_dict()) == claim


def test_tfidf_backend_gives_unit_vectors_that_rank_paraphrases_first() -> None:
    vectors = TfidfEmbedder().encode(
        [
            "Rebels shelled the airport on Sunday.",
            "On Sunday rebels shelled the airport.",
            "The bank raised interest rates.",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_minilm_backend_loads_offline_and_embeds_in_384_dimensions() -> None:
    embedder = get_embedder("minilm")
    vectors = embedder.encode(["Raqqa is surrounded.", "The city is encircled."])
    assert vectors.shape == (2, 384)
    assert embedder is get_embedder("minilm")  # loaded once per process


def test_unknown_embedding_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown embedding backend"):
        get_embedder("word2vec")


def _cites_both(claims: list[Claim], first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    def holds(text: str, words: tuple[str, ...]) -> bool:
        return all(w.lower() in text.lower() for w in words)

    return any(
        any(holds(c.text, first) for c in claim.citations)
        and any(holds(c.text, second) for c in claim.citations)
        for claim in claims
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("de facto capital",), ("first city ISIS captured",)),  # same topic, different facts
        (("threatens all of our nations",), ("Deir al-Zor",)),  # Townsend vs the outlet
        (("thanked", "Trump"), ("downplaying civilian casualties",)),  # SDF vs the monitor
        (("Talal Sillo",), ("Raqqa is the de facto capital",)),
    ],
)
def test_issue_13_sentences_on_the_same_topic_are_not_corroboration(seed_claims, first, second):  # type: ignore[no-untyped-def]
    assert not _cites_both(seed_claims, first, second)


def test_issue_13_encirclement_is_paired_with_its_real_partner(seed_claims):  # type: ignore[no-untyped-def]
    assert _cites_both(seed_claims, ("encircling", "north, east and west"), ("surrounded",))


def _candidate(text: str, attribution: str | None, article_id: str = "a") -> ClaimCandidate:
    return ClaimCandidate(article_id, 0, 0, len(text), text, "quote", attribution)


def test_quote_by_one_speaker_is_not_compatible_with_another_speaker() -> None:
    townsend = _candidate("“This cannot stand,” Townsend said.", "Townsend")
    monitor = _candidate("The monitor said this cannot stand.", "the monitor", "b")
    assert not attributions_compatible(townsend, monitor)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Townsend", "Townsend"), ("Steve Townsend", "Steve Townsend said it would end.")),
        (
            ("the coalition", "“It will be long,” the coalition said."),
            ("Steve Townsend", "The coalition’s general Steve Townsend said it."),
        ),
        (
            ("an SDF spokesperson", "“We began,” an SDF spokesperson said."),
            ("an SDF spokesman", "An SDF spokesman said they began."),
        ),
        ((None, "The offensive began."), ("SANA", "SANA said the offensive began.")),
    ],
)
def test_same_or_unnamed_speakers_are_compatible(first, second):  # type: ignore[no-untyped-def]
    a = _candidate(first[1], first[0])
    b = _candidate(second[1], second[0], "b")
    assert attributions_compatible(a, b)


def test_predicates_are_event_verbs_and_nouns_not_reporting_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    verbal, nominal = predicates_of(
        ["Police said they arrested two men in Raqqa.", "The arrest of two men was confirmed."]
    )
    assert "arrest" in verbal and "arrest" in nominal
    assert "say" not in verbal and "confirm" not in nominal


def test_statements_sharing_only_the_story_topic_are_not_aligned(nlp):  # type: ignore[no-untyped-def]
    first = Article.from_text(
        "Raqqa is the capital of the ISIS caliphate in Syria. ISIS fighters hold Raqqa. "
        "The SDF attacked ISIS positions near Raqqa on Monday, killing twelve fighters.",
        id="first",
    )
    second = Article.from_text(
        "ISIS captured Raqqa in 2014 and declared it a capital. The SDF fights ISIS in Syria. "
        "Aid groups warned that food is running out for families in Raqqa.",
        id="second",
    )
    claims = align_claims(annotate([first, second]))
    assert not _cites_both(claims, ("killing twelve",), ("food is running out",))


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        # a clause fragment is not a speaker: the named subject further back is
        (
            "Maria's brother, 70-year-old Charles Ridulph, still lives in Sycamore and has said "
            "that his family feels let down.",
            ["Charles Ridulph"],
            "Charles Ridulph",
        ),
        ("The first robbery was reported about 4:20 p.m. Wednesday.", [], None),
        ("It hopefully says we have listened, we have made changes.", [], None),
        ("After that, we said, no, we are Americans and proud of it.", [], None),
        ("I'd actually say it looked exactly the same as last year.", [], None),
        (
            "Both accusers have called for an inquiry, contrary to Wyatt’s claims last week.",
            [],
            None,
        ),
        ("He was hurt in the blast where police said a car had exploded.", [], "police"),
        ("A remarkably composed Hilario says he had trouble at first.", ["Hilario"], "Hilario"),
    ],
)
def test_junk_speakers_are_not_attributions(sentence, names, expected):  # type: ignore[no-untyped-def]
    assert attribution_of(sentence, names) == expected


def test_told_names_the_speaker_not_the_listener() -> None:
    sentence = (
        "William Brownfield, the U.S. assistant secretary for counter-narcotics affairs, told "
        "The Associated Press that the law was Jamaica's own business."
    )
    assert attribution_of(sentence, ["William Brownfield"]) == "William Brownfield"


def test_according_to_after_the_speaker_names_who_reports_it_not_who_said_it() -> None:
    assert attribution_of("“They persecuted Jesus,” he said, according to CNN.", ["CNN"]) == "he"
    reported = "According to police, the driver told officers that he had lost control."
    assert attribution_of(reported) == "police"


@pytest.mark.parametrize(
    "phrase", ["still lives", "It hopefully", "the first robbery was", "achieve victory", "I"]
)
def test_clause_fragments_and_pronouns_are_not_speakers(phrase: str) -> None:
    assert not is_speaker(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["SANA", "an SDF spokesperson", "police", "people briefed on the matter", "hotel spokeswoman"],
)
def test_noun_phrases_naming_sources_are_speakers(phrase: str) -> None:
    assert is_speaker(phrase)


def test_questions_are_not_claims() -> None:
    assert not is_statement("Does that constitute Clinton ruling out a run in 2016?")
    assert is_statement("Clinton ruled out a run in 2016, her spokesman said on Friday.")


def test_link_check_weighs_agreement_for_and_disagreement_against() -> None:
    agreeing = {name: 0.0 for name, _ in LINK_MODEL}
    agreeing.update(score=0.6, paraphrase=0.8, lexical=0.6, predicate=1.0, specific=0.5)
    denied = dict(agreeing, negation_differs=1.0, numbers_differ=1.0, length_ratio=1.5)
    unrelated = dict(agreeing, score=0.2, paraphrase=0.3, lexical=0.1, predicate=0.2, specific=0)
    assert link_probability(agreeing) >= LINK_PROBABILITY
    assert link_probability(denied) < link_probability(agreeing)
    assert link_probability(unrelated) < LINK_PROBABILITY


def _signals(
    score: list[list[float]], paraphrase: list[list[float]], lexical: list[list[float]]
) -> PairSignals:
    as_array = np.asarray
    return PairSignals(
        score=as_array(score, dtype=np.float32),
        semantic=as_array(score, dtype=np.float32),
        lexical=as_array(lexical, dtype=np.float32),
        entity=np.zeros((len(score), len(score)), dtype=np.float32),
        paraphrase=as_array(paraphrase, dtype=np.float32),
    )


def test_pair_the_rules_miss_goes_to_the_link_check_above_the_check_floor(nlp, monkeypatch):  # type: ignore[no-untyped-def]
    # The paraphrase (0 / 1) is neither a strong match (score below MATCH_THRESHOLD) nor a
    # mutual best match (1's partner in article a is 0, but 0's best match in article b is 2,
    # a sentence on another fact): only CHECK_FLOOR sends it to the link check, which accepts it.
    texts = [
        ("a", "The bakery on Elm Street shut its doors for good on Friday."),
        ("b", "After forty years, the Elm Street bakery has closed permanently."),
        ("b", "The Elm Street bakery sold its last loaves on Friday morning."),
    ]
    candidates = [
        ClaimCandidate(a, k, 0, len(t), t, "fact", None) for k, (a, t) in enumerate(texts)
    ]
    score = [[0.0, 0.36, 0.42], [0.36, 0.0, 0.0], [0.42, 0.0, 0.0]]
    paraphrase = [[0.0, 0.90, 0.40], [0.90, 0.0, 0.0], [0.40, 0.0, 0.0]]
    lexical = [[0.0, 0.60, 0.10], [0.60, 0.0, 0.0], [0.10, 0.0, 0.0]]
    signals = _signals(score, paraphrase, lexical)
    monkeypatch.setattr(claims_module, "pair_signals", lambda _: signals)
    assert CHECK_FLOOR <= 0.36
    assert (0, 1) in {(i, j) for i, j, _ in aligned_pairs(candidates)}
    monkeypatch.setattr(claims_module, "CHECK_FLOOR", 0.37)
    assert (0, 1) not in {(i, j) for i, j, _ in aligned_pairs(candidates)}


def test_quote_credited_to_differently_named_speakers_can_be_corroborated(nlp):  # type: ignore[no-untyped-def]
    # "Astronomers" and "Scientists" are one source written two ways: the speaker veto that
    # kept such quotes apart is gone (it blocked 8 true labelled pairs for 1 false one).
    texts = {
        "a": "Astronomers say they have evidence of a ninth planet in our solar system. The "
        "planet would be ten times as massive as Earth.",
        "b": 'Scientists say they finally have "solid evidence" for a ninth planet on the '
        "fringes of our solar system. No telescope has seen it yet.",
    }
    annotated = annotate([Article.from_text(text, id=key) for key, text in texts.items()])
    first, second = (extract_claims(a)[0] for a in annotated)
    assert "quote" in (first.kind, second.kind)
    assert not attributions_compatible(first, second)
    aligned = align_claims(annotated)
    assert _cites_both(aligned, ("Astronomers",), ("Scientists",))
    assert any(c.status == "corroborated" for c in aligned)


def _one_claim_each(nlp, texts: dict[str, str]) -> dict[str, ClaimCandidate]:  # type: ignore[no-untyped-def]
    annotated = annotate([Article.from_text(text, id=key) for key, text in texts.items()])
    return {c.article_id: c for a in annotated for c in extract_claims(a)}


_RAMADI = {
    "a": "Iraqi troops recaptured the city of Ramadi from Islamic State fighters after weeks of "
    "heavy fighting, the defence ministry said.",
    "b": "Iraqi forces are routing Islamic State from its last positions in Ramadi, the capital "
    "of Anbar province.",
    "c": "Iraqi forces are routing Islamic State from its last positions in Fallujah, the second "
    "city of Anbar province.",
}


def test_issue_6_one_event_in_different_words_is_corroborated(nlp):  # type: ignore[no-untyped-def]
    claims = _one_claim_each(nlp, {k: _RAMADI[k] for k in "ab"})
    assert same_event(claims["a"], claims["b"])
    (claim,) = align_claims(annotate([Article.from_text(_RAMADI[k], id=k) for k in "ab"]))
    assert claim.status == "corroborated"


def test_issue_6_the_same_act_in_another_city_is_another_claim(nlp):  # type: ignore[no-untyped-def]
    claims = _one_claim_each(nlp, _RAMADI)
    assert not same_event(claims["a"], claims["c"])
    assert different_places(claims["b"], claims["c"])
    aligned = align_claims(annotate([Article.from_text(_RAMADI[k], id=k) for k in "bc"]))
    assert [c.status for c in aligned] == ["single-source", "single-source"]


def test_issue_6_events_with_other_actors_or_a_denial_are_not_one_event(nlp):  # type: ignore[no-untyped-def]
    claims = _one_claim_each(
        nlp,
        {
            "a": _RAMADI["a"],
            "b": "Islamic State fighters recaptured the city of Ramadi from Iraqi troops after "
            "weeks of heavy fighting.",
            "c": "Iraqi troops did not recapture the city of Ramadi from Islamic State fighters, "
            "the group said.",
        },
    )
    assert not same_event(claims["a"], claims["b"])
    assert not same_event(claims["a"], claims["c"])


def test_issue_6_observatory_is_sohr_only_in_a_story_that_supports_it(nlp):  # type: ignore[no-untyped-def]
    from newsfuse.entities import resolve_entities

    syria = Article.from_text(
        "At least 12 civilians were killed in an air strike in Syria on Monday, the Observatory "
        "said. The Observatory counted 980 civilian deaths in May.",
        id="syria",
    )
    paris = Article.from_text(
        "Air pollution in Paris reached its highest level this year on Monday, the Observatory "
        "said. The Observatory measured high ozone levels across the region.",
        id="paris",
    )
    names = {
        a.id: {e.name for e in resolve_entities(annotate([a])) if "Observatory" in e.aliases}
        for a in (syria, paris)
    }
    assert names["syria"] == {"Syrian Observatory for Human Rights"}
    assert names["paris"] == {"Observatory"}


def _bench():  # type: ignore[no-untyped-def]
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_claims

    return bench_claims


@pytest.mark.slow
def test_alignment_precision_on_labelled_multinews_pairs(eval_data):  # type: ignore[no-untyped-def]
    """Quality gate (benchmarks/bench_claims.py) on the first 10 dev clusters' labelled pairs."""
    metrics = _bench().run(limit=10)
    assert metrics["precision"] >= 0.76, metrics  # measured 0.808 (before #13: 0.426, #13: 0.758)
    assert metrics["precision"] > metrics["precision_before"], metrics
    assert metrics["recall"] >= 0.74, metrics  # measured 0.778 (before CHECK_FLOOR: 0.741)


@pytest.mark.slow
def test_issue_6_alignment_precision_on_second_split_pairs(eval_data):  # type: ignore[no-untyped-def]
    """Quality gate on the first 6 clusters of the second labelled split (the link check's
    weights are fitted on all splits; benchmarks/bench_claims.py reports the cross-validated
    figure). CHECK_FLOOR and the dropped speaker veto trade precision for recall here: 0.923 /
    0.706 before (12 of 13 links right), 0.812 / 0.765 after (13 of 16)."""
    metrics = _bench().run(limit=6, split="heldout")
    assert metrics["precision"] >= 0.78, metrics  # measured 0.812 (before #6: 0.722)
    assert metrics["recall"] >= 0.72, metrics  # measured 0.765


@pytest.mark.slow
def test_alignment_on_the_third_split_labelled_blind(eval_data):  # type: ignore[no-untyped-def]
    """Quality gate on all 155 pairs of ``heldout2`` (labelled before the aligner's decisions
    were seen; in-sample since the link check is fitted on all splits: fitted without them it
    measured 0.849 / 0.689, the aligner they were drawn from 0.836 / 0.622)."""
    metrics = _bench().run(split="heldout2")
    assert metrics["precision"] >= 0.80, metrics  # measured 0.835
    assert metrics["recall"] >= 0.70, metrics  # measured 0.733
    assert metrics["recall"] > metrics["recall_before"], metrics


@pytest.mark.slow
def test_issue_6_speakers_on_labelled_attributed_sentences(eval_data):  # type: ignore[no-untyped-def]
    """Quality gate on the attributed sentences of the first 12 labelled clusters."""
    metrics = _bench().run_attribution(limit=12)
    assert metrics["speaker_precision"] >= 0.82, metrics  # measured 0.857
    assert metrics["speaker_recall"] >= 0.74, metrics  # measured 0.774


def test_issue_6_one_side_described_in_both_claims_is_one_event(nlp):  # type: ignore[no-untyped-def]
    """Descriptions ("US-backed forces", "a US-backed alliance") name no one, but against the
    same named actor in the same city, in close words, they report one offensive (a looser
    rule, with a higher paraphrase floor); two different named initiators stay apart."""
    claims = _one_claim_each(
        nlp,
        {
            "a": "US-backed forces in Syria have launched an offensive to seize the city of Raqqa "
            "from Islamic State after more than three years of its rule.",
            "b": "A US-backed alliance of Syrian Kurds and Arab fighters says it has begun a "
            "battle to capture the Syrian city of Raqqa from Islamic State.",
        },
    )
    assert not same_event(claims["a"], claims["b"])
    assert same_event(claims["a"], claims["b"], loose=True)
    named = _one_claim_each(nlp, {k: _RAMADI[k] for k in "ab"})
    other = _one_claim_each(
        nlp,
        {
            "a": _RAMADI["a"],
            "b": "Kurdish fighters recaptured the city of Ramadi from Islamic State fighters "
            "after weeks of heavy fighting.",
        },
    )
    assert same_event(named["a"], named["b"], loose=True)  # the strict rule's pairs still hold
    assert not same_event(other["a"], other["b"], loose=True)
