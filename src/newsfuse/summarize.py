"""The cited summary: an extractive multi-document summary whose every sentence names its sources.

Stage (per story). Reads the annotated articles of a story (sentences, mentions) and the claims
aligned across them (:func:`newsfuse.claims.align_claims`). Adds a list of
:class:`~newsfuse.models.SummarySentence` within a word budget:

1. **Candidates**: the statements of every article (captions, credits and fragments dropped, as
   for claims), each with its position in its article.
2. **Score**: how central a sentence is to the story (cosine to the centroid of all sentence
   embeddings), how many *other* sources say the same (the corroboration the claims stage found,
   plus close paraphrases), and how early it comes in its article (news puts the main facts
   first).
3. **Select**: greedy maximal marginal relevance: the best-scoring sentence that is not
   redundant with what is already chosen (cosine to the closest chosen sentence is penalised) and
   that fits the budget. A sentence whose reference dangles ("he said", "Rahman pointed out"
   where the summary has not named him) is only taken right after the sentence that introduces
   the referent, else skipped. A sentence dropped for that once the summary is in reading order
   frees its words, and the budget is filled again (up to three rounds).
4. **Order and cite**: sentences are ordered by article date, then article, then position (a
   reader meets them in the order the story unfolded), and each cites every article that supports
   it: the article it comes from, the other sources of its claim, and near-identical sentences.

Public API: :func:`summarize` (articles in) and :func:`select_summary` (the stage the brief calls).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
from collections.abc import Sequence

import numpy as np

from newsfuse.claims import content_terms, is_statement, statement_units
from newsfuse.errors import UsageError
from newsfuse.models import AnnotatedArticle, Article, Citation, Claim, SummarySentence

__all__ = ["SummaryOptions", "select_summary", "summarize", "word_count"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Weights of the sentence score and of the redundancy penalty (defaults measured on the
    Multi-News dev clusters, see docs/summary.md)."""

    centrality: float = 1.0
    lexical: float = 1.0
    """Weight of the cosine to the story's TF-IDF centroid (the words the story is about)."""
    support: float = 0.6
    position: float = 0.5
    redundancy: float = 0.9
    coverage: float = 1.0
    """Weight of the content the sentence would add: frequent words and word pairs of the story
    (weighted by how many articles use them) that the summary does not cover yet."""
    length_exponent: float = 0.5
    """Coverage gain is divided by the sentence length to this power (0: long sentences win)."""
    min_words: int = 5
    max_words_per_sentence: int = 80
    paraphrase: float = 0.75
    centroid_lead: float = 1.0
    """Sentences count in the story's centroid with weight 1/(1+position)**centroid_lead."""
    position_exponent: float = 0.5
    """The position prior is 1/(1+position)**position_exponent."""
    """Cosine at or above which a sentence of another article counts as saying the same."""


_DANGLING_START = re.compile(
    r"^(?:[“\"']\s*)?(?:He|She|They|His|Her|Their|Him|Them|Its|These|Those|Both|The two)\b(?!-)"
)
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|it)\s+(?:said|says|added|told|noted|wrote)\b")
_WORDS = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words as the budget counts them: runs of non-space characters."""
    return len(_WORDS.findall(text))


@dataclasses.dataclass(frozen=True, slots=True)
class _Candidate:
    article: int
    article_id: str
    position: int
    start: int
    end: int
    text: str
    words: int
    persons: tuple[str, ...]
    full_names: tuple[str, ...]


def _candidates(annotated: Sequence[AnnotatedArticle], options: SummaryOptions) -> list[_Candidate]:
    out: list[_Candidate] = []
    for index, article in enumerate(annotated):
        first_full: dict[str, int] = {}  # surname -> position of the first full-name mention
        units = [u for u in statement_units(article) if is_statement(u.text)]
        for position, unit in enumerate(units):
            persons = tuple(
                m.text
                for m in article.mentions
                if m.label == "PERSON" and unit.start <= m.start < unit.end
            )
            for name in persons:
                parts = name.split()
                if len(parts) >= 2:
                    first_full.setdefault(parts[-1], position)
            words = word_count(unit.text)
            if not options.min_words <= words <= options.max_words_per_sentence:
                continue
            out.append(
                _Candidate(
                    article=index,
                    article_id=article.id,
                    position=position,
                    start=unit.start,
                    end=unit.end,
                    text=unit.text,
                    words=words,
                    persons=persons,
                    full_names=tuple(p for p in persons if len(p.split()) >= 2),
                )
            )
    return out


def _dangling(
    candidate: _Candidate, chosen: Sequence[_Candidate], familiar: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentence leans on a referent the summary has not introduced: a pronoun or
    demonstrative subject, "he said" with no name in the sentence, or a bare surname
    ("Rahman pointed out") that the summary has not introduced and the story does not use
    often enough to be a household name (``familiar``)."""
    previous = any(
        c.article == candidate.article and c.position == candidate.position - 1 for c in chosen
    )
    if previous:
        return False
    if _DANGLING_START.match(candidate.text):
        return True
    if _PRONOUN_SPEAKER.search(candidate.text) and not candidate.persons:
        return True
    named = {n.split()[-1] for c in chosen for n in c.full_names}
    for person in candidate.persons:
        if (
            len(person.split()) == 1
            and person not in named
            and not any(person in full for full in candidate.full_names)
        ):
            return True  # "Rahman pointed out": a surname the summary has not introduced
    return False


def _concepts(candidates: Sequence[_Candidate]) -> tuple[list[set[str]], dict[str, float]]:
    """Each candidate's concepts (content words and adjacent content-word pairs) and the weight
    of each concept: the number of articles using it, for concepts used at least twice."""
    sets: list[set[str]] = []
    frequency: dict[str, int] = {}
    articles_of: dict[str, set[int]] = {}
    for candidate in candidates:
        terms = content_terms(candidate.text)
        concepts = set(terms) | {f"{a} {b}" for a, b in itertools.pairwise(terms)}
        sets.append(concepts)
        for concept in concepts:
            frequency[concept] = frequency.get(concept, 0) + 1
            articles_of.setdefault(concept, set()).add(candidate.article)
    weights = {
        c: float(len(articles_of[c])) + (0.5 if " " in c else 0.0)
        for c, f in frequency.items()
        if f >= 2
    }
    return sets, weights


def _familiar_names(annotated: Sequence[AnnotatedArticle]) -> frozenset[str]:
    """Surnames the story uses on their own often (three times or more, or in two articles):
    household names such as "Trump" need no introduction."""
    counts: dict[str, int] = {}
    articles: dict[str, set[str]] = {}
    for article in annotated:
        for mention in article.mentions:
            if mention.label == "PERSON" and len(mention.text.split()) == 1:
                counts[mention.text] = counts.get(mention.text, 0) + 1
                articles.setdefault(mention.text, set()).add(article.id)
    return frozenset(n for n, c in counts.items() if c >= 3 or len(articles[n]) >= 2)


def _vectors(texts: Sequence[str]) -> np.ndarray:
    from newsfuse.embeddings import get_embedder

    return get_embedder().encode(list(texts))


def _claim_support(
    candidates: Sequence[_Candidate], claims: Sequence[Claim]
) -> list[tuple[Citation, ...]]:
    """For each candidate, the citations of the claim it belongs to (other sources included),
    unless the claim's sources disagree."""
    index: dict[str, list[tuple[int, int, Claim]]] = {}
    for claim in claims:
        if claim.status == "conflicting":
            continue  # a source giving another figure does not support this sentence
        for citation in claim.citations:
            index.setdefault(citation.article_id, []).append((citation.start, citation.end, claim))
    out: list[tuple[Citation, ...]] = []
    for candidate in candidates:
        found: list[Citation] = []
        for start, end, claim in index.get(candidate.article_id, ()):
            if start < candidate.end and candidate.start < end:
                found.extend(claim.citations)
        out.append(tuple(dict.fromkeys(found)))
    return out


def select_summary(
    annotated: Sequence[AnnotatedArticle],
    claims: Sequence[Claim],
    max_words: int = 250,
    *,
    options: SummaryOptions | None = None,
) -> list[SummarySentence]:
    """The cited summary of a story (see the module docstring), at most ``max_words`` words."""
    if max_words < 1:
        raise UsageError(f"max_words must be positive, got {max_words}")
    options = options or SummaryOptions()
    candidates = _candidates(annotated, options)
    if not candidates:
        return []
    n = len(candidates)
    vectors = _vectors([c.text for c in candidates])
    if vectors.shape[1] <= 1:
        vectors = np.ones((n, 1), dtype=np.float32)
    similarity = np.clip(vectors @ vectors.T, -1.0, 1.0)
    # the centroid leans on each article's opening sentences, where news puts what matters
    lead_weights = np.array(
        [(1.0 + c.position) ** -options.centroid_lead for c in candidates], dtype=np.float32
    )
    centroid = (vectors * lead_weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = vectors @ (centroid / norm)
    lexical = _lexical_centrality([c.text for c in candidates])
    # corroboration: sources of the candidate's claim, plus close paraphrases in other articles
    from_claims = _claim_support(candidates, claims)
    articles = sorted({c.article for c in candidates})
    support = np.zeros(n, dtype=np.float32)
    paraphrases: list[list[int]] = [[] for _ in range(n)]
    for i, candidate in enumerate(candidates):
        others: set[int] = {
            k for k, a in enumerate(annotated) for c in from_claims[i] if c.article_id == a.id
        }
        for j in range(n):
            if (
                candidates[j].article != candidate.article
                and similarity[i, j] >= options.paraphrase
                and _same_numbers(candidate.text, candidates[j].text)
            ):
                others.add(candidates[j].article)
                paraphrases[i].append(j)
        others.discard(candidate.article)
        support[i] = len(others) / max(1, len(articles) - 1)
    position = np.array(
        [(1.0 + c.position) ** -options.position_exponent for c in candidates], dtype=np.float32
    )
    score = (
        options.centrality * _scaled(centrality)
        + options.lexical * _scaled(lexical)
        + options.support * support
        + options.position * position
    )
    concepts, weights = _concepts(candidates)
    familiar = _familiar_names(annotated)
    slot = {(c.article, c.position): i for i, c in enumerate(candidates)}
    previous = {
        i: slot[(c.article, c.position - 1)]
        for i, c in enumerate(candidates)
        if (c.article, c.position - 1) in slot
    }
    selection = _Selection(
        candidates, score, similarity, concepts, weights, previous, familiar, options
    )
    selection.fill(max_words)
    dates = [a.article.published or dt.date.max for a in annotated]
    kept = selection.order(dates)
    for _ in range(3):
        # a sentence may have been taken before the one that introduces its referent: drop it,
        # then fill the words it freed with sentences that stand on their own
        if len(kept) == len(selection.chosen):
            break
        selection.drop(set(selection.chosen) - set(kept))
        selection.fill(max_words)
        kept = selection.order(dates)
    return [
        _cite(candidates[i], from_claims[i], [candidates[j] for j in paraphrases[i]]) for i in kept
    ]


class _Selection:
    """Greedy maximal-marginal-relevance selection under a word budget (step 3)."""

    def __init__(
        self,
        candidates: Sequence[_Candidate],
        score: np.ndarray,
        similarity: np.ndarray,
        concepts: list[set[str]],
        weights: dict[str, float],
        previous: dict[int, int],
        familiar: frozenset[str],
        options: SummaryOptions,
    ) -> None:
        self.candidates = candidates
        self.score = score
        self.similarity = similarity
        self.concepts = concepts
        self.weights = weights
        self.previous = previous
        self.familiar = familiar
        self.options = options
        self.covered: set[str] = set()
        self.chosen: list[int] = []
        self.used = 0
        self.remaining = set(range(len(candidates)))

    def _take(self, i: int) -> None:
        self.remaining.discard(i)
        self.chosen.append(i)
        self.covered |= self.concepts[i]
        self.used += self.candidates[i].words

    def drop(self, dropped: set[int]) -> None:
        """Remove sentences from the selection for good (they are not offered again)."""
        self.chosen = [i for i in self.chosen if i not in dropped]
        self.remaining -= dropped
        self.covered = set().union(*(self.concepts[i] for i in self.chosen))
        self.used = sum(self.candidates[i].words for i in self.chosen)

    def fill(self, max_words: int) -> None:
        """Add the best remaining sentence that fits until none fits."""
        candidates, options = self.candidates, self.options
        while self.remaining:
            fitting = [i for i in self.remaining if self.used + candidates[i].words <= max_words]
            if not fitting:
                break
            gains = {
                i: sum(self.weights.get(c, 0.0) for c in self.concepts[i] - self.covered)
                / candidates[i].words ** options.length_exponent
                for i in fitting
            }
            top_gain = max(gains.values()) or 1.0
            best, best_value = -1, -np.inf
            for i in fitting:
                redundancy = max((float(self.similarity[i, j]) for j in self.chosen), default=0.0)
                value = (
                    float(self.score[i])
                    + options.coverage * gains[i] / top_gain
                    - options.redundancy * max(0.0, redundancy)
                )
                if value > best_value:
                    best, best_value = i, value
            self.remaining.discard(best)
            taken = [candidates[j] for j in self.chosen]
            if _dangling(candidates[best], taken, self.familiar):
                # take the sentence that introduces the referent with it, when it fits
                before = self.previous.get(best)
                if (
                    before is None
                    or before in self.chosen
                    or self.used + candidates[best].words + candidates[before].words > max_words
                    or _dangling(candidates[before], taken, self.familiar)
                ):
                    continue
                self._take(before)
            self._take(best)

    def order(self, dates: Sequence[dt.date]) -> list[int]:
        """The chosen sentences in reading order (article date, article, position), without
        those whose referent no earlier sentence introduces."""
        candidates = self.candidates
        self.chosen.sort(
            key=lambda i: (
                dates[candidates[i].article],
                candidates[i].article,
                candidates[i].position,
            )
        )
        kept: list[int] = []
        for i in self.chosen:
            if not _dangling(candidates[i], [candidates[j] for j in kept], self.familiar):
                kept.append(i)
        return kept


_NUMBER = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)


def _same_numbers(a: str, b: str) -> bool:
    """Whether two paraphrases agree on their numbers (a sentence saying "four killed" does not
    support one saying "three killed")."""
    left = {m.lower() for m in _NUMBER.findall(a)}
    right = {m.lower() for m in _NUMBER.findall(b)}
    return not left or not right or left == right


def _lexical_centrality(texts: Sequence[str]) -> np.ndarray:
    """Cosine of each sentence to the mean TF-IDF vector of all sentences (scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return np.zeros(len(texts), dtype=np.float32)
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    return np.asarray(matrix @ (centroid / norm), dtype=np.float32).ravel()


def _scaled(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


def _cite(
    candidate: _Candidate, claim_citations: Sequence[Citation], paraphrases: Sequence[_Candidate]
) -> SummarySentence:
    own = Citation(candidate.article_id, candidate.start, candidate.end, candidate.text)
    others = [c for c in claim_citations if c.article_id != candidate.article_id]
    others += [Citation(p.article_id, p.start, p.end, p.text) for p in paraphrases]
    citations = tuple(dict.fromkeys([own, *others]))
    sources = tuple(dict.fromkeys(c.article_id for c in citations))
    return SummarySentence(text=candidate.text, sources=sources, citations=citations)


def summarize(
    articles: Sequence[Article | AnnotatedArticle], max_words: int = 250
) -> list[SummarySentence]:
    """Summarize articles about one story (public API): annotates plain articles, aligns their
    claims and returns the cited summary (see :func:`select_summary`)."""
    from newsfuse.claims import align_claims

    if not articles:
        raise UsageError("summarize needs at least one article")
    from newsfuse.pipeline import annotate_all

    annotated = annotate_all(articles)
    return select_summary(annotated, align_claims(annotated), max_words=max_words)
