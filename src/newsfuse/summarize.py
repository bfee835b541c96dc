"""The cited summary: an extractive multi-document summary whose every sentence names its sources.

Stage (per story). Reads the annotated articles of a story (sentences, mentions) and the claims
aligned across them (:func:`newsfuse.claims.align_claims`). Adds a list of
:class:`~newsfuse.models.SummarySentence` within a word budget:

1. **Candidates**: the statements of every article (captions, credits and fragments dropped, as
   for claims), each with its position in its article.
2. **Story profile**: what a summary of the story should say, as the expected count of each word
   and word pair in a summary of the budget's length. Every sentence lends its words and word
   pairs, weighted by how early it comes in its article (news puts the main facts first); a
   word's weight is then scaled by the share of the articles that use it (what several sources
   say is what the story is about). Function words count too: the summary is read as text.
3. **Select**: greedy maximisation of the profile's coverage under the budget (a budgeted
   submodular objective, Lin & Bilmes 2011): the sentence adding the most *uncovered* expected
   words per word it costs, where a word covered as often as the profile expects adds nothing
   more (so repeating a chosen sentence gains nothing), and a near-copy of a chosen sentence is
   never taken. The gain is weighted up for sentences close to the story's mean sentence
   embedding (what the story is about beyond shared wording). When nothing fits any more, a
   chosen sentence is swapped for a longer one if that covers more of the profile, so that the
   budget is used. A sentence whose reference dangles ("he said", "Rahman pointed out" where the
   summary has not named him) is only taken right after the sentence that introduces the
   referent, else skipped; surnames the story uses on their own often ("Trump") need no
   introduction. A sentence dropped for that once the summary is in reading order frees its
   words, and the budget is filled again (up to three rounds).
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
from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsfuse.claims import is_statement, statement_units
from newsfuse.errors import UsageError
from newsfuse.models import AnnotatedArticle, Article, Citation, Claim, SummarySentence

__all__ = ["SummaryOptions", "select_summary", "story_profile", "summarize", "word_count"]

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Settings of the story profile and of the selection (defaults measured on the even half of
    the Multi-News dev clusters, checked on the odd half, see docs/summary.md)."""

    position_decay: float = 0.35
    """A sentence lends its words to the profile with weight 1/(1+position)**position_decay."""
    agreement: float = 1.0
    """A word's profile weight is scaled by (share of the articles using it)**agreement."""
    pair_weight: float = 1.0
    """Weight of a word pair covered, relative to a single word."""
    length_exponent: float = 1.0
    """The coverage a sentence adds is divided by its length in words to this power."""
    centrality: float = 2.0
    """A sentence's gain is multiplied by 1 + centrality × its cosine to the story's mean
    sentence embedding (what the story is about, beyond shared wording)."""
    swap: bool = True
    """Once nothing fits, swap chosen sentences for longer ones that cover more (fills the
    budget)."""
    min_words: int = 5
    max_words_per_sentence: int = 80
    duplicate: float = 0.9
    """Cosine at or above which a sentence repeats a chosen one (it is never taken)."""


_DANGLING_START = re.compile(
    r"^(?:[“\"']\s*)?(?:(?:But|And|Still|Yet|So|Then|Now|However|Instead|Meanwhile),?\s+)?"
    r"(?:He|She|They|His|Her|Their|Him|Them|Its|These|Those|Both|The two)\b(?!-)",
    re.IGNORECASE,
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
        units = [u for u in statement_units(article) if is_statement(u.text)]
        for position, unit in enumerate(units):
            persons = tuple(
                m.text
                for m in article.mentions
                if m.label == "PERSON" and unit.start <= m.start < unit.end
            )
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
            and person not in familiar
            and not any(person in full for full in candidate.full_names)
        ):
            return True  # "Rahman pointed out": a surname the summary has not introduced
    return False


_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _stem(word: str) -> str:
    """A light suffix stripper ("cities" -> "city", "fighting" -> "fight")."""
    for suffix, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


def _grams(text: str) -> Counter[str]:
    """The words (lower-cased, lightly stemmed, function words kept) and adjacent word pairs of
    a sentence, with their counts."""
    words = [_stem(w) for w in _TOKEN.findall(text.lower())]
    grams = Counter(words)
    grams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return grams


def story_profile(
    sentences: Sequence[tuple[int, int, str]],
    budget: int,
    options: SummaryOptions | None = None,
) -> dict[str, float]:
    """What a summary of ``budget`` words should say: the expected count of each word and word
    pair (step 2 of the module docstring). ``sentences`` are (article, position, text)."""
    options = options or SummaryOptions()
    weight: dict[str, float] = {}
    articles: dict[str, set[int]] = {}
    for article, position, text in sentences:
        lend = (1.0 + position) ** -options.position_decay
        for gram, count in _grams(text).items():
            weight[gram] = weight.get(gram, 0.0) + count * lend
            articles.setdefault(gram, set()).add(article)
    if not weight:
        return {}
    total_articles = len({article for article, _, _ in sentences})
    for gram in weight:
        weight[gram] *= (len(articles[gram]) / total_articles) ** options.agreement
    profile: dict[str, float] = {}
    for pairs in (False, True):  # words and word pairs each fill the budget
        grams = [g for g in weight if (" " in g) == pairs]
        total = sum(weight[g] for g in grams) or 1.0
        profile.update({g: budget * weight[g] / total for g in grams})
    return profile


_NAME_PART = re.compile(r"[A-Z][\w’'-]*")


def _bare_uses(text: str, name: str) -> int:
    """How often ``name`` stands alone in ``text``: not right after a capitalised word (then it
    ends a full name, "Angela Merkel"); after a title ("Mr. Morsi") or a sentence end it counts."""
    count = 0
    for match in re.finditer(rf"(?<![\w’'-]){re.escape(name)}\b", text):
        before = text[max(0, match.start() - 60) : match.start()].split()
        if not before or not _NAME_PART.fullmatch(before[-1]):
            count += 1
    return count


def _familiar_names(annotated: Sequence[AnnotatedArticle]) -> frozenset[str]:
    """Surnames the story uses on their own often (three times or more, or in two articles):
    household names such as "Trump" need no introduction. A name counts once spaCy has tagged it
    as a person somewhere in the story; then every bare use counts, also those the tagger missed."""
    names = {
        m.text
        for article in annotated
        for m in article.mentions
        if m.label == "PERSON" and _NAME_PART.fullmatch(m.text)
    }
    familiar: set[str] = set()
    for name in names:
        uses = [_bare_uses(a.article.text, name) for a in annotated]
        if sum(uses) >= 3 or sum(1 for u in uses if u) >= 2:
            familiar.add(name)
    return frozenset(familiar)


def _vectors(texts: Sequence[str]) -> np.ndarray:
    from newsfuse.embeddings import get_embedder

    return get_embedder().encode(list(texts))


def _claim_support(
    candidates: Sequence[_Candidate], claims: Sequence[Claim]
) -> list[tuple[Citation, ...]]:
    """For each candidate, the citations of the claims it belongs to (other sources included),
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


def _same_claim_pairs(
    candidates: Sequence[_Candidate], support: Sequence[tuple[Citation, ...]]
) -> list[tuple[int, int]]:
    """Pairs of candidates from different articles that the claims stage linked into one claim
    (each cited by the other's claim): the summary tells such a claim once, with every source."""
    by_article: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        by_article.setdefault(candidate.article_id, []).append(i)
    pairs: list[tuple[int, int]] = []
    for i, citations in enumerate(support):
        for citation in citations:
            if citation.article_id == candidates[i].article_id:
                continue
            for j in by_article.get(citation.article_id, ()):
                other = candidates[j]
                if citation.start < other.end and other.start < citation.end:
                    pairs.append((i, j))
    return pairs


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
    # citations: the sources of the candidate's claim, exactly as the claims stage linked them
    # (one support decision for the summary and the brief's claims sections)
    from_claims = _claim_support(candidates, claims)
    for i, j in _same_claim_pairs(candidates, from_claims):
        similarity[i, j] = similarity[j, i] = 1.0  # one claim is told once, citing its sources
    profile = story_profile(
        [(c.article, c.position, c.text) for c in candidates], max_words, options
    )
    familiar = _familiar_names(annotated)
    slot = {(c.article, c.position): i for i, c in enumerate(candidates)}
    previous = {
        i: slot[(c.article, c.position - 1)]
        for i, c in enumerate(candidates)
        if (c.article, c.position - 1) in slot
    }
    centroid = vectors.sum(axis=0)
    centroid /= float(np.linalg.norm(centroid)) or 1.0
    prior = 1.0 + options.centrality * np.clip(vectors @ centroid, 0.0, 1.0)
    selection = _Selection(candidates, profile, prior, similarity, previous, familiar, options)
    selection.fill(max_words)
    if options.swap:
        selection.swap(max_words)
    dates = [a.article.published or dt.date.max for a in annotated]
    kept = selection.order(dates)
    for _ in range(3):
        # a sentence may have been taken before the one that introduces its referent: drop it,
        # then fill the words it freed with sentences that stand on their own
        if len(kept) == len(selection.chosen):
            break
        selection.drop(set(selection.chosen) - set(kept))
        selection.fill(max_words)
        if options.swap:
            selection.swap(max_words)
        kept = selection.order(dates)
    return [_cite(candidates[i], from_claims[i]) for i in kept]


class _Selection:
    """Greedy budgeted coverage of the story profile (step 3).

    The grams of all candidates sit in flat arrays (``gram`` ids, ``count``, ``owner``
    candidate), so that the gain of every candidate is computed at once at each step.
    """

    def __init__(
        self,
        candidates: Sequence[_Candidate],
        profile: dict[str, float],
        prior: np.ndarray,
        similarity: np.ndarray,
        previous: dict[int, int],
        familiar: frozenset[str],
        options: SummaryOptions,
    ) -> None:
        self.candidates = candidates
        self.prior = prior
        self.similarity = similarity
        self.previous = previous
        self.familiar = familiar
        self.options = options
        ids: dict[str, int] = {}
        grams: list[int] = []
        counts: list[float] = []
        owners: list[int] = []
        for i, candidate in enumerate(candidates):
            for gram, count in _grams(candidate.text).items():
                grams.append(ids.setdefault(gram, len(ids)))
                counts.append(float(count))
                owners.append(i)
        self.gram = np.array(grams, dtype=np.int64)
        self.count = np.array(counts, dtype=np.float64)
        self.owner = np.array(owners, dtype=np.int64)
        # the grams of candidate i are gram[offsets[i]:offsets[i + 1]] (owners are in order)
        self.offsets = np.searchsorted(self.owner, np.arange(len(candidates) + 1))
        self.expected = np.zeros(len(ids), dtype=np.float64)
        self.value = np.ones(len(ids), dtype=np.float64)
        for gram, index in ids.items():
            self.expected[index] = profile.get(gram, 0.0)
            if " " in gram:
                self.value[index] = options.pair_weight
        self.words = np.array([c.words for c in candidates], dtype=np.float64)
        self.covered = np.zeros(len(ids), dtype=np.float64)
        self.chosen: list[int] = []
        self.used = 0
        self.remaining = set(range(len(candidates)))

    def _gains(self, covered: np.ndarray) -> np.ndarray:
        """The profile coverage each candidate would add to a selection covering ``covered``."""
        have = covered[self.gram]
        expected = self.expected[self.gram]
        added = np.minimum(have + self.count, expected) - np.minimum(have, expected)
        return np.bincount(
            self.owner, weights=added * self.value[self.gram], minlength=len(self.candidates)
        )

    def _grams_of(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        span = slice(self.offsets[i], self.offsets[i + 1])
        return self.gram[span], self.count[span]

    def _take(self, i: int) -> None:
        self.remaining.discard(i)
        self.chosen.append(i)
        grams, counts = self._grams_of(i)
        np.add.at(self.covered, grams, counts)
        self.used += self.candidates[i].words

    def drop(self, dropped: set[int]) -> None:
        """Remove sentences from the selection (they are not offered again unless put back in
        ``remaining``)."""
        for i in dropped & set(self.chosen):
            grams, counts = self._grams_of(i)
            np.subtract.at(self.covered, grams, counts)
            self.used -= self.candidates[i].words
        self.chosen = [i for i in self.chosen if i not in dropped]
        self.remaining -= dropped

    def fill(self, max_words: int) -> None:
        """Add the remaining sentence with the best gain per word until none fits or adds."""
        candidates, options = self.candidates, self.options
        while self.remaining:
            fitting = [i for i in self.remaining if self.used + candidates[i].words <= max_words]
            if self.chosen:
                repeats = self.similarity[np.ix_(fitting, self.chosen)].max(axis=1)
                fitting = [
                    i for i, r in zip(fitting, repeats, strict=True) if r < options.duplicate
                ]
            if not fitting:
                break
            value = (
                self._gains(self.covered)[fitting]
                * self.prior[fitting]
                / self.words[fitting] ** options.length_exponent
            )
            best = fitting[int(np.argmax(value))]
            if value.max() <= 0.0:
                break
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

    def _coverage(self, covered: np.ndarray) -> float:
        return float((np.minimum(covered, self.expected) * self.value).sum())

    def swap(self, max_words: int) -> None:
        """Use the words the greedy fill left over: replace a chosen sentence by a longer one
        that fits in its words plus the rest of the budget, when that covers more of the
        profile (a sentence another one leans on stays; a dangling newcomer is not taken)."""
        candidates = self.candidates
        words = self.words
        for _ in range(len(self.chosen)):
            base = self._coverage(self.covered)
            best: tuple[float, int, int] | None = None
            leans = {self.previous.get(k) for k in self.chosen}
            remaining = np.array(sorted(self.remaining), dtype=np.int64)
            for i in self.chosen:
                if i in leans or not len(remaining):
                    continue
                room = max_words - self.used + candidates[i].words
                longer = remaining[(words[remaining] > words[i]) & (words[remaining] <= room)]
                if not len(longer):
                    continue
                without = self.covered.copy()
                grams, counts = self._grams_of(i)
                np.subtract.at(without, grams, counts)
                better = self._coverage(without) + self._gains(without)[longer] - base
                others = [candidates[k] for k in self.chosen if k != i]
                for k in np.argsort(-better):
                    if better[k] <= (best[0] if best else 0.0):
                        break
                    j = int(longer[k])
                    if not _dangling(candidates[j], others, self.familiar):
                        best = (float(better[k]), i, j)
                        break
            if best is None:
                return
            _, i, j = best
            self.drop({i})
            self.remaining.add(i)
            self._take(j)

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


def _cite(candidate: _Candidate, claim_citations: Sequence[Citation]) -> SummarySentence:
    own = Citation(candidate.article_id, candidate.start, candidate.end, candidate.text)
    others = [c for c in claim_citations if c.article_id != candidate.article_id]
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
