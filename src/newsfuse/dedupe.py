"""Stage 1c, duplicates: exact and near-duplicate articles (wire copy republished by outlets).

Reads ``Article.text``; sets ``duplicate_of`` to the id of the first copy (in input order) and
adds a note ``duplicate of <id> (exact|near, <score>)``. Articles keep their order and are never
dropped: near-duplicates count as one source when claims are cross-checked, while every outlet
stays listed.

How: each text becomes a set of word 5-gram shingles; MinHash signatures go into a datasketch
LSH index that proposes candidate pairs cheaply (so thousands of articles are fine), and each
candidate is confirmed on the real shingle sets with *containment* (the share of the shorter
text's shingles found in the longer one), so a trimmed or lightly edited copy of a wire story
counts, and two stories that merely share quotes do not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Sequence

from newsfuse.models import Article

__all__ = ["SHINGLE_WORDS", "containment", "find_duplicates", "shingles"]

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
"""Words per shingle."""

MIN_SHINGLES = 8
"""Texts with fewer shingles (under ~12 words) are matched only when exactly equal."""

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of lower-cased word ``size``-grams of ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the other (1.0 when one text contains the other)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def _fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(_WORD.findall(text.lower())).encode()).hexdigest()


def find_duplicates(
    articles: Sequence[Article], *, threshold: float = 0.8, num_perm: int = 128
) -> list[Article]:
    """The articles in the same order, each (near-)copy pointing at the first copy.

    ``threshold`` is the containment from which two texts are near-duplicates (0.8: four fifths
    of the shorter text's 5-word shingles appear in the longer one).
    """
    from datasketch import MinHash, MinHashLSH

    n = len(articles)
    parent = list(range(n))
    how: dict[int, tuple[str, float]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(first: int, later: int, kind: str, score: float) -> None:
        a, b = root(first), root(later)
        if a == b:
            return
        keep, drop = min(a, b), max(a, b)
        parent[drop] = keep
        how.setdefault(drop, (kind, score))

    by_print: dict[str, int] = {}
    for i, article in enumerate(articles):
        key = _fingerprint(article.text)
        if key in by_print:
            join(by_print[key], i, "exact", 1.0)
        else:
            by_print[key] = i

    sets = [shingles(a.text) for a in articles]
    # LSH on Jaccard proposes candidates; the threshold is set low because a trimmed copy has a
    # high containment but a lower Jaccard similarity.
    lsh = MinHashLSH(threshold=max(0.1, threshold * 0.5), num_perm=num_perm)
    for i, shingle_set in enumerate(sets):
        if len(shingle_set) < MIN_SHINGLES or (root(i) != i and how.get(i, ("",))[0] == "exact"):
            continue
        signature = MinHash(num_perm=num_perm, seed=1)
        signature.update_batch([s.encode("utf-8") for s in shingle_set])
        for j in sorted(int(c) for c in lsh.query(signature)):
            score = containment(shingle_set, sets[j])
            if score >= threshold:
                join(j, i, "near", score)
        lsh.insert(str(i), signature)

    out = []
    for i, article in enumerate(articles):
        first = root(i)
        if first == i:
            out.append(article if article.duplicate_of is None else _mark(article, None, None))
            continue
        kind, score = how.get(i, ("near", 0.0))
        note = f"duplicate of {articles[first].id} ({kind}, {score:.2f})"
        out.append(_mark(article, articles[first].id, note))
    dups = sum(1 for a in out if a.duplicate_of)
    if dups:
        log.info("%d of %d articles are copies of another", dups, n)
    return out


def _mark(article: Article, first_id: str | None, note: str | None) -> Article:
    notes = tuple(x for x in article.notes if not x.startswith("duplicate of "))
    if note:
        notes = (*notes, note)
    return dataclasses.replace(article, duplicate_of=first_id, notes=notes)
