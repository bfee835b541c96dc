"""PLOVER event type and mode of a sentence: statements, meetings, aid, sanctions, force.

Reads a sentence (text, optionally its spaCy parse); returns a :class:`PloverCode` with one of
PLOVER's event types (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REJECT, THREATEN,
PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT, FIGHT, DEMAND, DISAPPROVE, INVESTIGATE) and its
mode ("arrest", "heavy-weapons", "hunger strike" as "strike-hun", ...).

How it decides: ``data/events/plover_triggers.tsv`` (our lexicon, written from the PLOVER manual's
definitions) scores every type; words of the sentence's main predicate count double (with a parse:
the root verb, or what a speaker said when the root is "said"/"announced"), because a PLOVER event
is what the source *does* ("Iran threatened to shell Iraqi towns" is THREATEN, not FIGHT). ACLED's
type, when the ACLED classifier is confident, votes for its PLOVER counterpart.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources
from typing import TYPE_CHECKING

from newsfuse.events.classify import classify_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["PLOVER_TYPES", "PloverCode", "classify_plover"]

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
    "DEMAND",
    "DISAPPROVE",
    "INVESTIGATE",
)
# On equal scores, the more specific type wins (earlier here).
_PRIORITY = (
    "THREATEN",
    "REJECT",
    "DEMAND",
    "INVESTIGATE",
    "SANCTION",
    "CONCEDE",
    "RETREAT",
    "ASSAULT",
    "FIGHT",
    "COERCE",
    "PROTEST",
    "MOBILIZE",
    "AID",
    "COOPERATE",
    "DISAPPROVE",
    "SUPPORT",
    "AGREE",
    "CONSULT",
)
_RANK = {t: i for i, t in enumerate(_PRIORITY)}
_REPORTING = frozenset(
    {"say", "announce", "tell", "report", "declare", "state", "add", "claim", "note", "confirm"}
)
_MAIN_BONUS = 2.0
# What a source says or decides governs what follows it ("threatened to ban" is THREATEN):
# these types count more when they are the main predicate.
_SPEECH_ACTS = frozenset({"THREATEN", "DEMAND", "REJECT", "DISAPPROVE", "SUPPORT", "AGREE"})
_SPEECH_BONUS = 3.0
_COERCIVE = frozenset({"COERCE", "SANCTION", "FIGHT", "ASSAULT", "MOBILIZE", "PROTEST"})
_INTENT_WORDS = frozenset(
    {"offer", "promise", "pledge", "ready", "prepared", "willing", "intend", "plan", "commit"}
)
_ACLED_VOTE = 0.6


@dataclasses.dataclass(frozen=True, slots=True)
class PloverCode:
    """A PLOVER event type with its mode (``None`` when the text names none) and the trigger."""

    type: str | None
    mode: str | None = None
    score: float = 0.0
    trigger: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    mode: str | None
    weight: float
    pattern: re.Pattern[str]


@functools.cache
def _triggers() -> tuple[_Trigger, ...]:
    path = resources.files("newsfuse").joinpath("data/events/plover_triggers.tsv")
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            code, weight, expression = line.split("\t", 2)
            type_, _, mode = code.partition("/")
            if type_ not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type {type_!r}")
            pattern = re.compile(rf"(?<![\w-])(?:{expression.strip()})(?![\w])")
            if pattern.search(""):
                raise ValueError("the expression matches empty text (a stray '|'?)")
        except (ValueError, re.error) as exc:
            raise ValueError(f"plover_triggers.tsv line {number}: {exc}") from exc
        found.append(_Trigger(type_, mode or None, float(weight), pattern))
    return tuple(found)


def _main_spans(parsed: Doc | Span) -> list[tuple[int, int]]:
    """Character spans (relative to the text) of the sentence's main predicate."""
    sent = parsed if not hasattr(parsed, "sents") else next(iter(parsed.sents), None)
    if sent is None:
        return []
    base = parsed[0].idx if len(parsed) else 0
    root = sent.root
    heads = [root]
    if root.lemma_.lower() in _REPORTING:
        heads = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")] or heads
    spans: list[tuple[int, int]] = []
    for head in heads:
        tokens = [head, *(c for c in head.children if c.dep_ in ("xcomp", "dobj", "prt", "aux"))]
        spans.extend((t.idx - base, t.idx - base + len(t.text)) for t in tokens)
    return spans


def classify_plover(text: str, parsed: Doc | Span | None = None) -> PloverCode:
    """The PLOVER type and mode a sentence reports (``type=None`` when nothing matches)."""
    low = text.lower()
    main = _main_spans(parsed) if parsed is not None else []
    scores: dict[str, float] = {}
    best: dict[str, tuple[float, str | None, str]] = {}
    for trig in _triggers():
        for match in trig.pattern.finditer(low):
            in_main = any(s < match.end() and match.start() < e for s, e in main)
            bonus = 1.0
            if in_main:
                bonus = _SPEECH_BONUS if trig.type in _SPEECH_ACTS else _MAIN_BONUS
            weight = trig.weight * bonus
            scores[trig.type] = scores.get(trig.type, 0.0) + weight
            known = best.get(trig.type)
            if known is None or weight > known[0] or (known[1] is None and trig.mode):
                best[trig.type] = (
                    weight,
                    trig.mode or (known[1] if known else None),
                    match.group(),
                )
    acled = classify_text(text)
    if acled.is_event and acled.type.plover_type and acled.score >= 4:
        plover = acled.type.plover_type
        scores[plover] = scores.get(plover, 0.0) + acled.score * _ACLED_VOTE
        if plover not in best:
            best[plover] = (acled.score, acled.type.plover_mode, acled.trigger)
    if not scores:
        # a bare statement of intent ("is ready to contribute troops") is PLOVER's AGREE
        if parsed is not None and _states_intent(parsed):
            return PloverCode("AGREE", None, 0.0, "")
        return PloverCode(None)
    winner = max(scores, key=lambda t: (scores[t], -_RANK.get(t, 99)))
    _, mode, trigger = best[winner]
    if parsed is not None and winner not in _SPEECH_ACTS and _states_intent(parsed):
        # "will impose martial law" is a threat; "offered to negotiate" an agreement to
        intent = "THREATEN" if winner in _COERCIVE else "AGREE"
        return PloverCode(intent, None, scores[winner], trigger)
    return PloverCode(winner, mode, scores[winner], trigger)


def _states_intent(parsed: Doc | Span) -> bool:
    """Whether the main predicate says what the source will do, not what it did."""
    sent = parsed if not hasattr(parsed, "sents") else next(iter(parsed.sents), None)
    if sent is None:
        return False
    root = sent.root
    heads = [root]
    if root.lemma_.lower() in _REPORTING:
        heads = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")] or heads
    for head in heads:
        if head.lemma_.lower() in _INTENT_WORDS:
            return True
        for child in head.children:
            if child.dep_ == "aux" and child.lower_ in ("will", "would", "'ll", "shall"):
                return True
            if child.dep_ == "acomp" and child.lemma_.lower() in _INTENT_WORDS:
                return True
    return False
