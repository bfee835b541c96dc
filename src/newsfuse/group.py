"""Stage 3, group: articles in, stories out (online, one article at a time, or in batch).

Reads ``Article.title``/``text``/``published`` and, when the article is annotated, its named-entity
``mentions`` and its ``places``; adds a :class:`~newsfuse.models.Story` per event and, for every
article, an :class:`Assignment` that says which story it joined and why.

How an article is placed (:class:`StoryIndex`)::

    signature   words (sublinear tf, title words counted twice), entity keys, place keys, date
    candidates  stories sharing the article's rarest words, its entities or its places, looked up
                in an inverted index (posting lists capped to the most recent stories), ranked by
                the IDF weight of the keys they share: the cost per article does not grow with
                the store
    score       cosine(article, story centroid) under the current IDF
                + entity_weight * share of the article's entity mass (IDF-weighted) the story has
                + place_weight  * share of its place mass the story has
                times a time factor: 1 inside the story's window widened by ``window_days``,
                decaying by half every ``half_life_days`` beyond it (a year later is another story)
    decision    join the best story when the score reaches ``threshold`` (and its text cosine
                ``min_similarity``: shared names alone do not make one story), else start one
    merging     ``refine``: a story that, grown, scores as one with another story (compared as
                a whole) is merged into it; the store runs it after each chunk of articles

Articles without a date are scored on content alone (time factor 1) and flagged in their
:class:`Assignment` and in the story's ``notes``. Ties break on story creation order, so the same
input order always gives the same stories.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsfuse.errors import UsageError
from newsfuse.models import AnnotatedArticle, Article, Record, Story

__all__ = [
    "UNDATED_NOTE",
    "Assignment",
    "GroupOptions",
    "Signature",
    "StoryIndex",
    "group",
    "group_index",
    "signature",
    "stories_from_index",
]

log = logging.getLogger(__name__)

UNDATED_NOTE = "undated: grouped by content alone (no publication date)"

_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the Glasgow IR list), read from its own module file
    without importing scikit-learn, whose import (scipy.stats and more) costs about 2 s of CPU
    in the process that groups (issue #7); imported normally if that file is missing or
    cannot be read."""
    spec = importlib.util.find_spec("sklearn")  # finds the package without importing it
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            path = Path(root, "feature_extraction", "_stop_words.py")
            module_spec = importlib.util.spec_from_file_location("_newsfuse_stop_words", path)
            if path.is_file() and module_spec is not None and module_spec.loader is not None:
                module = importlib.util.module_from_spec(module_spec)
                try:
                    module_spec.loader.exec_module(module)
                    return frozenset(module.ENGLISH_STOP_WORDS)
                except Exception as exc:  # another scikit-learn layout: import it normally
                    log.debug("could not read %s (%s); importing scikit-learn", path, exc)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _stop_words() -> frozenset[str]:
    extra = {
        "said", "says", "say", "told", "would", "could", "also", "one", "two", "new", "year",
        "years", "last", "first", "just", "like", "according", "people", "time", "including",
        "week", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "news", "report", "reported", "reports", "image", "caption", "copyright",
        "photo", "getty", "images", "read", "share", "click", "advertisement",
    }  # fmt: skip
    return _english_stop_words() | extra


_STOP: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True, slots=True)
class GroupOptions:
    """How articles are grouped (the defaults are measured in ``docs/stories.md``).

    ``threshold``: the score an article needs to join a story online; ``min_similarity``: the
    text cosine it needs as well. ``merge_threshold``: the score two stories compared as wholes
    need to be merged (:meth:`StoryIndex.refine`). ``batch_threshold``: the
    average score between two groups of articles for batch clustering to join them (average
    linkage, a stricter measure than the centroid cosine). ``batch_limit``: above this many
    articles, batch grouping runs the online method instead of building the all-pairs matrix.
    """

    threshold: float = 0.20
    batch_threshold: float = 0.15
    batch_limit: int = 4000
    merge_threshold: float = 0.35
    min_similarity: float = 0.05
    entity_weight: float = 0.40
    place_weight: float = 0.15
    window_days: int = 3
    half_life_days: float = 10.0
    query_terms: int = 12
    posting_cap: int = 64
    max_candidates: int = 20
    centroid_terms: int = 400

    def __post_init__(self) -> None:
        if self.threshold <= 0.0:
            raise UsageError(f"threshold must be positive, got {self.threshold}")
        if self.window_days < 0 or self.half_life_days <= 0:
            raise UsageError("window_days must be >= 0 and half_life_days > 0")


@dataclasses.dataclass(frozen=True, slots=True)
class Signature(Record):
    """What grouping reads from one article: words with their (sublinear) counts, entity keys,
    place keys, publication date and title. Stored by the store so that its index can be rebuilt
    without re-annotating."""

    article_id: str
    terms: dict[str, float]
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    published: dt.date | None = None
    title: str | None = None
    lead: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Assignment(Record):
    """Which story an article joined and why.

    ``score`` combines ``similarity`` (text cosine with the story), ``entity_overlap`` and
    ``place_overlap`` (share of the article's entity/place weight the story already had), times
    ``time_factor``; ``days_apart`` is the distance from the story's date window (0 inside, None
    when undated). ``candidates`` counts the stories compared; ``runner_up`` is the next best.
    """

    article_id: str
    story_id: str
    new_story: bool
    score: float = 0.0
    similarity: float = 0.0
    entity_overlap: float = 0.0
    place_overlap: float = 0.0
    time_factor: float = 1.0
    shared_entities: tuple[str, ...] = ()
    shared_places: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()
    days_apart: int | None = None
    undated: bool = False
    candidates: int = 0
    runner_up: str | None = None
    runner_up_score: float = 0.0
    threshold: float = 0.0
    reason: str = ""
    manual: bool = False

    def describe(self) -> str:
        """One paragraph for a reader (``newsfuse stories --why``)."""
        return self.reason


# --------------------------------------------------------------------------------------------
# signatures


def _tokens(text: str) -> list[str]:
    global _STOP
    if not _STOP:
        _STOP = _stop_words()
    return [w.strip("'-") for w in _WORD.findall(text.lower()) if w not in _STOP]


def _entity_key(text: str) -> str:
    key = " ".join(text.lower().replace("’", "'").split())
    key = re.sub(r"^the ", "", key)
    key = re.sub(r"'s$", "", key)
    return key.strip(" .,'\"")


def signature(item: Article | AnnotatedArticle) -> Signature:
    """The grouping signature of an article (annotated or not)."""
    if isinstance(item, AnnotatedArticle):
        article = item.article
        mentions = item.mentions
        places = item.places
    else:
        article, mentions, places = item, (), ()
    counts: Counter[str] = Counter(_tokens(article.text))
    if article.title:
        for word in _tokens(article.title):
            counts[word] += 2
    terms = {t: round(1.0 + math.log(c), 4) for t, c in counts.items()}
    entity_keys: dict[str, None] = {}
    for mention in mentions:
        if mention.label not in _ENTITY_LABELS:
            continue
        key = _entity_key(mention.text)
        if len(key) < 2:
            continue
        entity_keys[key] = None
        if mention.label == "PERSON" and " " in key:
            entity_keys[key.rsplit(" ", 1)[1]] = None
    place_keys: dict[str, None] = {}
    for place in places:
        if place.status == "resolved" and place.resolved:
            where = (
                f", {place.country.lower()}" if place.country and place.kind != "country" else ""
            )
            place_keys[_entity_key(place.resolved) + where] = None
        else:
            place_keys[_entity_key(place.name)] = None
    if not places:
        for mention in mentions:
            if mention.label in _PLACE_LABELS:
                place_keys[_entity_key(mention.text)] = None
    return Signature(
        article_id=article.id,
        terms=terms,
        entities=tuple(sorted(entity_keys)),
        places=tuple(sorted(k for k in place_keys if k)),
        published=article.published,
        title=article.title,
        lead="" if article.title else _lead(article.text),
    )


def _lead(text: str, limit: int = 90) -> str:
    """The opening sentence of a text, cut at a word near ``limit`` characters."""
    first = re.split(r"(?<=[.!?])\s+|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --------------------------------------------------------------------------------------------
# the online index


@dataclasses.dataclass(slots=True)
class _StoryState:
    id: str
    order: int
    articles: list[str]
    terms: dict[str, float]
    entities: Counter[str]
    places: Counter[str]
    first: dt.date | None = None
    last: dt.date | None = None
    undated: int = 0
    norm: float = 0.0
    norm_at: int = -1
    keys: set[str] = dataclasses.field(default_factory=set)


class StoryIndex:
    """Groups articles into stories one at a time, remembering every decision.

    ``add(item)`` places one article and returns its :class:`Assignment`; ``explain(id)`` returns
    it again later. ``merge``/``split`` apply a user's corrections. Deterministic: the same
    articles in the same order give the same stories and ids (a story's id is ``s-`` plus the id
    of the article that started it).
    """

    def __init__(self, options: GroupOptions | None = None) -> None:
        self.options = options or GroupOptions()
        self._df: Counter[str] = Counter()
        self._edf: Counter[str] = Counter()
        self._n = 0
        self._stories: dict[str, _StoryState] = {}
        self._story_of: dict[str, str] = {}
        self._signatures: dict[str, Signature] = {}
        self._assignments: dict[str, Assignment] = {}
        self._postings: dict[str, list[str]] = {}
        self._order = 0
        self._idf_cache: dict[str, float] = {}
        self._idf_at = 0
        self._query_cache: tuple[Signature, dict[str, float]] | None = None

    # ---- public API --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._story_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._story_of

    def add(self, item: Article | AnnotatedArticle | Signature) -> Assignment:
        """Place one article in the best story, or start a new one; returns the decision.

        An article already in the index is not placed twice: its first assignment is returned.
        """
        sig = item if isinstance(item, Signature) else signature(item)
        known = self._assignments.get(sig.article_id)
        if known is not None:
            return known
        self._count(sig)
        assignment = self._decide(sig)
        if assignment.new_story:
            self._new_story(assignment.story_id)
        self._attach(assignment.story_id, sig)
        self._assignments[sig.article_id] = assignment
        return assignment

    def restore(self, sig: Signature, assignment: Assignment) -> None:
        """Put back an article with a decision taken earlier (e.g. when a store reopens)."""
        if sig.article_id in self._story_of:
            return
        self._count(sig)
        if assignment.story_id not in self._stories:
            self._new_story(assignment.story_id)
        self._attach(assignment.story_id, sig)
        self._assignments[sig.article_id] = assignment

    def explain(self, article_id: str) -> Assignment:
        """The decision that placed an article (raises ``KeyError`` for an unknown id)."""
        return self._assignments[article_id]

    def story_of(self, article_id: str) -> str:
        """The id of the story an article is in (``KeyError`` for an unknown id)."""
        return self._story_of[article_id]

    def signature(self, article_id: str) -> Signature:
        """The signature an article was placed with (``KeyError`` for an unknown id)."""
        return self._signatures[article_id]

    def story_ids(self) -> list[str]:
        """Story ids in creation order."""
        return list(self._stories)

    def members(self, story_id: str) -> list[str]:
        """Article ids of a story, in the order they joined."""
        return list(self._stories[story_id].articles)

    def stories(self) -> dict[str, list[str]]:
        """Every story id with its article ids, stories in creation order."""
        return {sid: list(s.articles) for sid, s in self._stories.items()}

    def is_undated(self, story_id: str) -> bool:
        return self._stories[story_id].undated > 0

    def merge(self, keep: str, other: str) -> Assignment | None:
        """Move every article of ``other`` into ``keep`` (a user's correction)."""
        if keep == other:
            raise UsageError(f"cannot merge story {keep} with itself")
        for sid in (keep, other):
            if sid not in self._stories:
                raise KeyError(sid)
        moved = self._stories[other].articles[:]
        self._drop_story(other)
        last = None
        for aid in moved:
            last = self._move(aid, keep, f"merged by the user into story {keep} from {other}")
        return last

    def split(self, story_id: str, article_ids: Sequence[str]) -> str:
        """Move ``article_ids`` out of a story into a new story; returns the new story's id."""
        state = self._stories.get(story_id)
        if state is None:
            raise KeyError(story_id)
        ids = list(dict.fromkeys(article_ids))
        missing = [a for a in ids if a not in state.articles]
        if missing:
            raise UsageError(f"articles {missing} are not in story {story_id}")
        if len(ids) == len(state.articles):
            raise UsageError(f"splitting every article out of story {story_id} changes nothing")
        if not ids:
            raise UsageError("name at least one article to split out")
        new_id = _story_id(ids[0])
        while new_id in self._stories:
            new_id = new_id + "x"
        keep = [a for a in state.articles if a not in ids]
        self._drop_story(story_id)
        self._new_story(story_id)
        for aid in keep:
            self._attach(story_id, self._signatures[aid])
        self._new_story(new_id)
        for aid in ids:
            self._attach(new_id, self._signatures[aid])
            self._assignments[aid] = dataclasses.replace(
                self._assignments[aid],
                story_id=new_id,
                manual=True,
                reason=f"split out of story {story_id} by the user",
            )
        return new_id

    def refine(
        self, story_ids: Iterable[str] | None = None, max_passes: int = 3
    ) -> list[tuple[str, str]]:
        """Merge stories that, grown, score as one story; returns the merges as (from, into).

        Each story (``story_ids``, e.g. the stories an ingest chunk touched, else all; smallest
        first) is scored against the stories sharing its keys as if it were one article (its
        centroid, entities, places and date window). When the best score reaches
        ``merge_threshold`` the smaller story is merged into the larger (ties: into the older).
        """
        merges: list[tuple[str, str]] = []
        wanted = None if story_ids is None else set(story_ids)
        for _ in range(max_passes):
            changed = 0
            order = sorted(
                (s for s in self._stories.values() if wanted is None or s.id in wanted),
                key=lambda s: (len(s.articles), s.order),
            )
            for state in order:
                if state.id not in self._stories:
                    continue
                pseudo = self._story_signature(state)
                best: _Score | None = None
                for other in self._candidates(pseudo):
                    if other.id == state.id:
                        continue
                    score = self._score(pseudo, other, state)
                    if best is None or (score.total, -score.order) > (best.total, -best.order):
                        best = score
                if best is None or best.total < self.options.merge_threshold:
                    continue
                other = self._stories[best.story_id]
                small, large = (
                    (state, other)
                    if (len(state.articles), -state.order) <= (len(other.articles), -other.order)
                    else (other, state)
                )
                self._absorb(large.id, small.id, best)
                merges.append((small.id, large.id))
                if wanted is not None:
                    wanted.discard(small.id)
                    wanted.add(large.id)
                changed += 1
            if not changed:
                break
        return merges

    def _absorb(self, keep: str, other: str, score: _Score) -> None:
        reason = (
            f"story {other} was merged into story {keep}, which it resembles as a whole "
            f"(score {score.total:.2f}, text similarity {score.similarity:.2f})"
        )
        moved = self._stories[other].articles[:]
        self._drop_story(other)
        for aid in moved:
            self._attach(keep, self._signatures[aid])
            self._assignments[aid] = dataclasses.replace(
                self._assignments[aid],
                story_id=keep,
                reason=self._assignments[aid].reason + "; " + reason,
            )

    def _story_signature(self, state: _StoryState) -> Signature:
        return Signature(
            article_id=f"story:{state.id}",
            terms=dict(state.terms),
            entities=tuple(state.entities),
            places=tuple(state.places),
            published=None,
        )

    def title(self, story_id: str) -> str:
        """A title for a story: the title (or opening words) of its most central article."""
        state = self._stories[story_id]
        best: tuple[float, int, str] | None = None
        for pos, aid in enumerate(state.articles[:200]):
            sig = self._signatures[aid]
            cos = self._cosine(sig, state)
            key = (round(cos, 6) + (0.05 if sig.title else 0.0), -pos, aid)
            if best is None or key > best:
                best = key
        central = self._signatures[best[2]] if best else None
        if central is not None and (central.title or central.lead):
            return central.title or central.lead
        top = sorted(state.terms, key=lambda t: (-state.terms[t], t))[:4]
        return " ".join(top).capitalize() or story_id

    # ---- internals ---------------------------------------------------------------------

    def _count(self, sig: Signature) -> None:
        self._n += 1
        self._df.update(sig.terms.keys())
        self._edf.update(sig.entities)
        self._edf.update(sig.places)

    def _idf(self, term: str) -> float:
        """IDF of a word, cached until the collection has grown by 5% (then recomputed)."""
        if self._n > self._idf_at * 1.05 + 1:
            self._idf_cache.clear()
            self._idf_at = self._n
        value = self._idf_cache.get(term)
        if value is None:
            value = math.log((1 + self._n) / (1 + self._df.get(term, 0))) + 1.0
            self._idf_cache[term] = value
        return value

    def _eidf(self, key: str) -> float:
        return math.log((1 + self._n) / (1 + self._edf.get(key, 0))) + 1.0

    def _new_story(self, story_id: str) -> None:
        self._order += 1
        self._stories[story_id] = _StoryState(
            id=story_id,
            order=self._order,
            articles=[],
            terms={},
            entities=Counter(),
            places=Counter(),
        )

    def _drop_story(self, story_id: str) -> None:
        # posting lists keep the id (removing it would scan lists as long as the store);
        # readers skip ids that are no longer stories
        self._stories.pop(story_id)

    def _attach(self, story_id: str, sig: Signature) -> None:
        state = self._stories[story_id]
        state.articles.append(sig.article_id)
        self._story_of[sig.article_id] = story_id
        self._signatures[sig.article_id] = sig
        norm = math.sqrt(sum(v * v for v in sig.terms.values())) or 1.0
        terms = state.terms
        for term, value in sig.terms.items():
            terms[term] = terms.get(term, 0.0) + value / norm
        if len(terms) > 2 * self.options.centroid_terms:
            top = sorted(terms.items(), key=lambda p: (-p[1], p[0]))[: self.options.centroid_terms]
            state.terms = dict(top)
        state.entities.update(sig.entities)
        state.places.update(sig.places)
        state.norm_at = -1
        if sig.published is None:
            state.undated += 1
        else:
            if state.first is None or sig.published < state.first:
                state.first = sig.published
            if state.last is None or sig.published > state.last:
                state.last = sig.published
        for key in self._keys(sig):
            if key not in state.keys:
                state.keys.add(key)
                self._postings.setdefault(key, []).append(story_id)

    def _move(self, article_id: str, story_id: str, reason: str) -> Assignment:
        sig = self._signatures[article_id]
        self._attach(story_id, sig)
        assignment = dataclasses.replace(
            self._assignments[article_id], story_id=story_id, manual=True, reason=reason
        )
        self._assignments[article_id] = assignment
        return assignment

    def _query_terms(self, sig: Signature) -> list[str]:
        weighted = sorted(
            ((v * self._idf(t), t) for t, v in sig.terms.items()), key=lambda p: (-p[0], p[1])
        )
        return [t for _, t in weighted[: self.options.query_terms]]

    def _keys(self, sig: Signature) -> list[str]:
        keys = [f"t:{t}" for t in self._query_terms(sig)]
        keys += [f"e:{e}" for e in sig.entities]
        keys += [f"p:{p}" for p in sig.places]
        return keys

    def _key_weight(self, key: str) -> float:
        kind, _, value = key.partition(":")
        return self._idf(value) if kind == "t" else self._eidf(value)

    def _candidates(self, sig: Signature) -> list[_StoryState]:
        """Stories sharing the article's keys, ranked by the IDF weight of what they share."""
        hits: dict[str, float] = {}
        cap = self.options.posting_cap
        for key in self._keys(sig):
            posting = self._postings.get(key)
            if posting:
                weight = self._key_weight(key)
                for sid in dict.fromkeys(posting[-cap:]):
                    if sid in self._stories:
                        hits[sid] = hits.get(sid, 0.0) + weight
        ranked = sorted(hits.items(), key=lambda p: (-p[1], self._stories[p[0]].order))
        return [self._stories[sid] for sid, _ in ranked[: self.options.max_candidates]]

    def _centroid_norm(self, state: _StoryState) -> float:
        if state.norm_at < 0 or self._n > state.norm_at * 1.05 + 1:
            state.norm = math.sqrt(sum((v * self._idf(t)) ** 2 for t, v in state.terms.items()))
            state.norm_at = self._n
        return state.norm or 1.0

    def _query(self, sig: Signature) -> dict[str, float]:
        """The article's terms weighted by IDF twice (its side and the centroid's side) and
        divided by its norm, so a cosine with a centroid is one sparse dot product."""
        if self._query_cache is not None and self._query_cache[0] is sig:
            return self._query_cache[1]
        idf = {t: self._idf(t) for t in sig.terms}
        norm = math.sqrt(sum((v * idf[t]) ** 2 for t, v in sig.terms.items())) or 1.0
        query = {t: v * idf[t] * idf[t] / norm for t, v in sig.terms.items()}
        self._query_cache = (sig, query)
        return query

    def _cosine(self, sig: Signature, state: _StoryState) -> float:
        terms = state.terms
        dot = sum(w * terms.get(t, 0.0) for t, w in self._query(sig).items())
        return dot / self._centroid_norm(state)

    def _overlap(self, keys: Sequence[str], have: Counter[str]) -> tuple[float, list[str]]:
        if not keys:
            return 0.0, []
        total = sum(self._eidf(k) for k in keys)
        shared = [k for k in keys if k in have]
        return sum(self._eidf(k) for k in shared) / total, shared

    def _time_between(self, a: _StoryState, b: _StoryState) -> tuple[float, int | None]:
        if a.first is None or a.last is None or b.first is None or b.last is None:
            return 1.0, None
        gap = max(0, (a.first - b.last).days, (b.first - a.last).days)
        beyond = max(0, gap - self.options.window_days)
        return 0.5 ** (beyond / self.options.half_life_days), gap

    def _time(self, sig: Signature, state: _StoryState) -> tuple[float, int | None]:
        gap: int
        if sig.published is None or state.first is None or state.last is None:
            return 1.0, None
        if sig.published < state.first:
            gap = (state.first - sig.published).days
        elif sig.published > state.last:
            gap = (sig.published - state.last).days
        else:
            gap = 0
        beyond = max(0, gap - self.options.window_days)
        return 0.5 ** (beyond / self.options.half_life_days), gap

    def _score(self, sig: Signature, state: _StoryState, own: _StoryState | None = None) -> _Score:
        opts = self.options
        cos = self._cosine(sig, state)
        ent, shared_e = self._overlap(sig.entities, state.entities)
        plc, shared_p = self._overlap(sig.places, state.places)
        if own is None:
            factor, gap = self._time(sig, state)
        else:
            factor, gap = self._time_between(own, state)
        total = (cos + opts.entity_weight * ent + opts.place_weight * plc) * factor
        if cos < opts.min_similarity:  # shared names alone do not make one story
            total = min(total, cos)
        return _Score(state.id, state.order, total, cos, ent, plc, factor, shared_e, shared_p, gap)

    def _decide(self, sig: Signature) -> Assignment:
        opts = self.options
        scored = [self._score(sig, state) for state in self._candidates(sig)]
        scored.sort(key=lambda s: (-s.total, s.order))
        undated = sig.published is None
        runner = scored[1] if len(scored) > 1 else None
        if scored and scored[0].total >= opts.threshold:
            best = scored[0]
            state = self._stories[best.story_id]
            shared_terms = [t for t in self._query_terms(sig) if t in state.terms][:8]
            parts = [
                f"joined story {best.story_id} with score {best.total:.2f} "
                f"(threshold {opts.threshold:.2f})",
                f"text similarity {best.similarity:.2f}",
            ]
            if best.shared_entities:
                parts.append("shared entities: " + ", ".join(best.shared_entities[:8]))
            if best.shared_places:
                parts.append("shared places: " + ", ".join(best.shared_places[:6]))
            if shared_terms:
                parts.append("shared words: " + ", ".join(shared_terms))
            if best.days_apart is not None:
                parts.append(f"{best.days_apart} days from the story's dates")
            if runner is not None:
                parts.append(f"next best story {runner.story_id} scored {runner.total:.2f}")
            if undated:
                parts.append(UNDATED_NOTE)
            return Assignment(
                article_id=sig.article_id,
                story_id=best.story_id,
                new_story=False,
                score=round(best.total, 4),
                similarity=round(best.similarity, 4),
                entity_overlap=round(best.entity_overlap, 4),
                place_overlap=round(best.place_overlap, 4),
                time_factor=round(best.time_factor, 4),
                shared_entities=tuple(best.shared_entities),
                shared_places=tuple(best.shared_places),
                shared_terms=tuple(shared_terms),
                days_apart=best.days_apart,
                undated=undated,
                candidates=len(scored),
                runner_up=runner.story_id if runner else None,
                runner_up_score=round(runner.total, 4) if runner else 0.0,
                threshold=opts.threshold,
                reason="; ".join(parts),
            )
        closest = scored[0] if scored else None
        if closest is None:
            why = "started a new story: no earlier story shares its words, entities or places"
        else:
            why = (
                f"started a new story: the closest of {len(scored)} candidate stories "
                f"({closest.story_id}) scored {closest.total:.2f}, below the threshold "
                f"{opts.threshold:.2f}"
            )
        if undated:
            why += "; " + UNDATED_NOTE
        return Assignment(
            article_id=sig.article_id,
            story_id=_unique(_story_id(sig.article_id), self._stories),
            new_story=True,
            undated=undated,
            candidates=len(scored),
            runner_up=closest.story_id if closest else None,
            runner_up_score=round(closest.total, 4) if closest else 0.0,
            threshold=opts.threshold,
            reason=why,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _Score:
    story_id: str
    order: int
    total: float
    similarity: float
    entity_overlap: float
    place_overlap: float
    time_factor: float
    shared_entities: list[str]
    shared_places: list[str]
    days_apart: int | None


def _story_id(article_id: str) -> str:
    return f"s-{article_id}"


def _unique(story_id: str, taken: Iterable[str] | dict[str, object]) -> str:
    candidate = story_id
    while candidate in taken:
        candidate += "x"
    return candidate


# --------------------------------------------------------------------------------------------
# batch


def group(
    articles: Sequence[Article | AnnotatedArticle], options: GroupOptions | None = None
) -> list[Story]:
    """Group articles into stories (public API): ``newsfuse.group(articles) -> list[Story]``.

    Batch mode, independent of the input order: up to ``batch_limit`` articles are clustered by
    average linkage over the pairwise score (text cosine + entity and place overlap, times the
    time factor); larger batches are placed online in publication order. Either way, stories
    that then score as one when compared as wholes are merged (:meth:`StoryIndex.refine`).
    Empty articles are skipped with a logged reason and exact duplicates (same id) are counted
    once. Stories come back largest first, then by first
    appearance; a story with undated articles carries the note.
    """
    index = group_index(articles, options)
    by_id = {_article(item).id: _article(item) for item in articles}
    return stories_from_index(index, by_id)


def group_index(
    articles: Sequence[Article | AnnotatedArticle], options: GroupOptions | None = None
) -> StoryIndex:
    """Batch grouping (see :func:`group`) returned as a :class:`StoryIndex`, so that new articles
    can then be added online and every decision explained."""
    opts = options or GroupOptions()
    seen: set[str] = set()
    items: list[tuple[int, Article | AnnotatedArticle]] = []
    for position, item in enumerate(articles):
        article = _article(item)
        if not article.text.strip():
            log.info("%s: skipped: the article has no text to group", article.label)
            continue
        if article.id in seen:
            continue
        seen.add(article.id)
        items.append((position, item))
    undated_last = dt.date.max
    items.sort(key=lambda p: (_article(p[1]).published or undated_last, p[0]))
    if len(items) > opts.batch_limit:
        index = StoryIndex(opts)
        for _, item in items:
            index.add(item)
        index.refine()
        return index
    index = _cluster(
        [item if isinstance(item, Signature) else signature(item) for _, item in items], opts
    )
    index.refine()
    return index


def _article(item: Article | AnnotatedArticle) -> Article:
    return item.article if isinstance(item, AnnotatedArticle) else item


def _pair_scores(sigs: Sequence[Signature], opts: GroupOptions) -> tuple[Any, Any, Any, Any]:
    """All-pairs matrices: text cosine, entity overlap, place overlap, time factor."""
    import numpy as np
    from scipy.sparse import csr_matrix

    n = len(sigs)
    df: Counter[str] = Counter()
    for sig in sigs:
        df.update(sig.terms.keys())
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, sig in enumerate(sigs):
        for term, value in sig.terms.items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(value * (math.log((1 + n) / (1 + df[term])) + 1.0))
    x = csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = csr_matrix(x.multiply(1.0 / norms[:, None]))
    cosine = (x @ x.T).toarray()

    def overlap(keys: list[tuple[str, ...]]) -> Any:
        kdf: Counter[str] = Counter()
        for ks in keys:
            kdf.update(set(ks))
        index: dict[str, int] = {}
        r, c, w = [], [], []
        for i, ks in enumerate(keys):
            for k in set(ks):
                r.append(i)
                c.append(index.setdefault(k, len(index)))
                w.append(math.log((1 + n) / (1 + kdf[k])) + 1.0)
        if not index:
            return np.zeros((n, n))
        weighted = csr_matrix((w, (r, c)), shape=(n, len(index)))
        binary = csr_matrix((np.ones(len(w)), (r, c)), shape=(n, len(index)))
        shared = (weighted @ binary.T).toarray()  # sum of the weights of shared keys
        totals = np.asarray(weighted.sum(axis=1)).ravel()
        totals[totals == 0] = np.inf
        return 0.5 * (shared / totals[:, None] + shared / totals[None, :])

    entities = overlap([s.entities for s in sigs])
    places = overlap([s.places for s in sigs])
    days = np.array(
        [s.published.toordinal() if s.published else np.nan for s in sigs], dtype=np.float64
    )
    gap = np.abs(days[:, None] - days[None, :])
    beyond = np.clip(gap - opts.window_days, 0, None)
    factor = np.where(np.isnan(gap), 1.0, 0.5 ** (np.nan_to_num(beyond) / opts.half_life_days))
    return cosine, entities, places, factor


def _cluster(sigs: list[Signature], opts: GroupOptions) -> StoryIndex:
    """Average-linkage clustering of signatures; decisions recorded in a StoryIndex."""
    index = StoryIndex(opts)
    if not sigs:
        return index
    import numpy as np

    cosine, entities, places, factor = _pair_scores(sigs, opts)
    score = (cosine + opts.entity_weight * entities + opts.place_weight * places) * factor
    n = len(sigs)
    if n == 1:
        labels = np.array([1])
    else:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        ceiling = 1.0 + opts.entity_weight + opts.place_weight
        distance = np.clip(ceiling - score, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=ceiling - opts.batch_threshold, criterion="distance")
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(int(label), []).append(i)
    for i, sig in enumerate(sigs):
        group_ = members[int(labels[i])]
        story_id = _story_id(sigs[group_[0]].article_id)
        others = [j for j in group_ if j != i]
        if i == group_[0] or not others:
            why = (
                "batch: first article of its story"
                if others
                else "batch: no other article scored close enough on average"
            )
            best = None
        else:
            best = max(others, key=lambda j: (score[i, j], -j))
            why = (
                f"batch: clustered with {len(others)} other article(s), average score "
                f"{float(score[i, others].mean()):.2f} (threshold {opts.batch_threshold:.2f}); "
                f"closest {sigs[best].article_id} scored {float(score[i, best]):.2f}"
            )
        shared_e = tuple(sorted(set(sig.entities) & set(sigs[best].entities))) if best else ()
        shared_p = tuple(sorted(set(sig.places) & set(sigs[best].places))) if best else ()
        if shared_e:
            why += "; shared entities: " + ", ".join(shared_e[:8])
        if shared_p:
            why += "; shared places: " + ", ".join(shared_p[:6])
        undated = sig.published is None
        if undated:
            why += "; " + UNDATED_NOTE
        gap = None
        if best is not None and sig.published and sigs[best].published:
            gap = abs((sig.published - sigs[best].published).days)  # type: ignore[operator]
        assignment = Assignment(
            article_id=sig.article_id,
            story_id=story_id,
            new_story=best is None,
            score=round(float(score[i, best]), 4) if best is not None else 0.0,
            similarity=round(float(cosine[i, best]), 4) if best is not None else 0.0,
            entity_overlap=round(float(entities[i, best]), 4) if best is not None else 0.0,
            place_overlap=round(float(places[i, best]), 4) if best is not None else 0.0,
            time_factor=round(float(factor[i, best]), 4) if best is not None else 1.0,
            shared_entities=shared_e,
            shared_places=shared_p,
            days_apart=gap,
            undated=undated,
            candidates=n - 1,
            threshold=opts.batch_threshold,
            reason=why,
        )
        index.restore(sig, assignment)
    return index


def stories_from_index(index: StoryIndex, articles: dict[str, Article]) -> list[Story]:
    """Build :class:`Story` records from an index and the articles it placed."""
    stories = []
    for sid, members in index.stories().items():
        notes = (UNDATED_NOTE,) if index.is_undated(sid) else ()
        stories.append(
            Story(
                id=sid,
                title=index.title(sid),
                articles=tuple(articles[a] for a in members),
                notes=notes,
            )
        )
    order = {sid: i for i, sid in enumerate(index.story_ids())}
    stories.sort(key=lambda s: (-len(s.articles), order[s.id]))
    return stories
