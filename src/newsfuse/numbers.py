"""Per-article stage, numbers: what the counts in a parsed article are, and what they count.

Reads a parsed spaCy ``Doc`` (tokens, dependency parse, named entities); returns
:class:`~newsfuse.models.Quantity` records for every count in the text: digits ("1,200", "2.5
million"), number words ("twelve", "two hundred"), the vague plurals ACLED codes by rule ("dozens"
= 12, "tens" = 10, "hundreds" = 100, "tens of thousands" = 10,000, all lower bounds), bounds
("at least", "more than", "about", "nearly", "up to") as ``qualifier`` and ranges ("10 to 15",
"between 10 and 15") as ``value`` .. ``upper``.

``kind`` says what a number counts when the words around it tell: a casualty verb or noun it
belongs to (killed, injured, displaced, arrested, abducted) wins over the noun it counts (civilians,
fighters, people, ...). Numbers that are not counts are left out: dates and years ("Kobani 2014"),
times ("01:25"), ages ("a 25-year-old"), money, percentages and ordinals.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsfuse.models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["casualty_kind", "parse_number", "quantities_from_doc", "verb_kind"]

log = logging.getLogger(__name__)

_UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "k": 1_000,
}
_SPECIAL = {"dozen": 12, "score": 20, "couple": 2, "pair": 2}
# ACLED's coding rule for vague plurals: "dozens" = 12, "tens" = 10; all are lower bounds.
_VAGUE = {
    "dozens": 12,
    "tens": 10,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
}
_NUMBER_WORDS = frozenset(_UNITS) - {"a", "an"} | frozenset(_SCALES) - {"m", "k"}
_NUMBER_WORDS |= frozenset(_SPECIAL) | frozenset(_VAGUE)

_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("at", "least"), "at least"),
    (("no", "fewer", "than"), "at least"),
    (("no", "less", "than"), "at least"),
    (("a", "minimum", "of"), "at least"),
    (("more", "than"), "more than"),
    (("over",), "more than"),
    (("upwards", "of"), "more than"),
    (("in", "excess", "of"), "more than"),
    (("up", "to"), "at most"),
    (("as", "many", "as"), "at most"),
    (("at", "most"), "at most"),
    (("fewer", "than"), "less than"),
    (("less", "than"), "less than"),
    (("under",), "less than"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("close", "to"), "nearly"),
    (("about",), "about"),
    (("around",), "about"),
    (("some",), "about"),
    (("roughly",), "about"),
    (("approximately",), "about"),
    (("an", "estimated"), "about"),
    (("estimated",), "about"),
    (("nearly",), "nearly"),
)

# What a number counts, from the verb or noun it belongs to (lemmas).
_KIND_VERBS = {
    "killed": {
        "kill",
        "die",
        "murder",
        "slay",
        "execute",
        "behead",
        "massacre",
        "shoot_dead",
        "perish",
        "drown",
        "assassinate",
        "lynch",
    },
    "injured": {"injure", "wound", "hurt", "maim", "hospitalise", "hospitalize", "hospitalized"},
    "displaced": {"displace", "flee", "evacuate", "uproot", "relocate"},
    "arrested": {"arrest", "detain", "jail", "imprison", "apprehend", "nab", "round"},
    "abducted": {"abduct", "kidnap", "seize_hostage"},
}
_KIND_NOUNS = {
    "killed": {
        "death",
        "dead",
        "fatality",
        "body",
        "corpse",
        "life",
        "toll",
        "victim",
    },
    "injured": {"injury", "injured", "wounded", "casualty"},
    "displaced": {"refugee", "displaced", "idp", "evacuee"},
    "arrested": {"arrest", "detainee", "prisoner", "suspect"},
    "abducted": {"hostage", "abductee", "captive"},
    "civilians": {"civilian", "resident", "villager", "child", "woman", "student", "worker"},
    "fighters": {
        "fighter",
        "militant",
        "soldier",
        "troop",
        "rebel",
        "insurgent",
        "policeman",
        "officer",
        "gunman",
        "jihadist",
        "combatant",
        "militiaman",
        "attacker",
        "member",
        "recruit",
    },
    "people": {"people", "person", "man", "individual", "family", "protester", "demonstrator"},
    "population": {"inhabitant", "population"},
}
_KIND_ADJ = {"dead": "killed", "injured": "injured", "wounded": "injured", "homeless": "displaced"}
_INTRANSITIVE = frozenset({"die", "perish", "drown", "flee", "disappear", "vanish"})
_POPULATION_VERBS = {"live", "reside", "inhabit", "shelter"}
_CASUALTY_KINDS = frozenset({"killed", "injured", "displaced", "arrested", "abducted"})

_CURRENCY = frozenset({"$", "£", "€", "¥", "usd", "eur", "gbp", "ksh", "kes", "sh", "us$"})
_MONEY_WORDS = frozenset(
    {"dollar", "euro", "pound", "shilling", "rupee", "yuan", "dinar", "lira", "naira", "cent"}
)
_AGE_WORDS = frozenset({"aged", "age", "ages"})
_TIME_UNITS = frozenset(
    {
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "second",
        "decade",
        "century",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "o'clock",
        "o’clock",
        "gmt",
        "utc",
    }
)
# "one dead", "and one wounded": "one" counts a victim when a toll word follows it
_TOLL_WORDS = frozenset(
    {"dead", "killed", "injured", "wounded", "hurt", "critically", "seriously", "fatally", "died"}
)
_ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
_DIGITS_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_RANGE_RE = re.compile(r"^(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)$")


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words, or ``None`` if it is not a number.

    >>> parse_number("1,200"), parse_number("2.5 million"), parse_number("twenty-five")
    (1200.0, 2500000.0, 25.0)
    >>> parse_number("dozens"), parse_number("tens of thousands"), parse_number("a dozen")
    (12.0, 10000.0, 12.0)
    """
    words = [w for w in re.split(r"[\s\-]+", text.strip().lower().replace("—", " ")) if w]
    words = [w for w in words if w not in ("and", "of")]
    if not words:
        return None
    if words[0] in ("a", "an") and len(words) > 1 and words[1] == "half":
        words = words[1:]
    if words[0] == "half" and len(words) > 1 and words[1] in ("a", "an"):
        words = ["half", *words[2:]]
    if words[0] == "half" and len(words) > 1:  # "half a dozen", "a half-dozen": six
        rest = parse_number(" ".join(words[1:]))
        return None if rest is None else rest / 2
    if len(words) == 1 and (match := _RANGE_RE.match(words[0])):
        return parse_number(match.group(1))
    total = 0.0
    current: float | None = None
    for word in words:
        if _DIGITS_RE.match(word):
            value = float(word.replace(",", ""))
            current = value if current is None else current + value
        elif word in _UNITS:
            current = (current or 0.0) + _UNITS[word]
        elif word in _SPECIAL:
            current = (current or 1.0) * _SPECIAL[word]
        elif word in _VAGUE:
            current = (current or 1.0) * _VAGUE[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            if scale >= 1000:
                total += (current if current is not None else 1.0) * scale
                current = None
            else:
                current = (current if current is not None else 1.0) * scale
        else:
            return None
    if current is not None:
        total += current
    return total


def _is_number_token(tok: Token) -> bool:
    low = tok.lower_
    if low in _NUMBER_WORDS or low in ("dozen",):
        return True
    if _DIGITS_RE.match(low) or _RANGE_RE.match(low):
        return True
    return low in _SCALES and tok.i > 0 and _DIGITS_RE.match(tok.nbor(-1).lower_) is not None


def _number_spans(doc: Doc) -> Iterable[tuple[int, int]]:
    """Token index ranges [start, end) of maximal number expressions."""
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if not _is_number_token(tok):
            i += 1
            continue
        start = i
        j = i + 1
        while j < n:
            t = doc[j]
            if _is_number_token(t) and not _RANGE_RE.match(t.lower_):
                if _DIGITS_RE.match(doc[j - 1].lower_) and (
                    _DIGITS_RE.match(t.lower_) or t.lower_ in _UNITS
                ):
                    break  # "12 15", "-83.56 One" are two numbers
                j += 1
            elif t.lower_ in ("-", "and") and j + 1 < n and doc[j + 1].lower_ in _UNITS:
                # "twenty - five", "one hundred and five"
                if doc[j - 1].lower_ in _UNITS or doc[j - 1].lower_ in _SCALES:
                    j += 2
                else:
                    break
            elif (
                t.lower_ == "of"
                and j + 1 < n
                and doc[j - 1].lower_ in _VAGUE
                and doc[j + 1].lower_ in ("thousands", "millions", "hundreds")
            ):
                j += 2  # "tens of thousands", "hundreds of thousands"
            else:
                break
        # "a dozen", "a hundred", "a few hundred"
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and doc[start].lower_ in _SCALES:
            start -= 1
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and doc[start].lower_ == "dozen":
            start -= 1
        if doc[start].lower_ == "dozen" or doc[start].lower_ in ("a", "an"):
            # "half a dozen", "a half-dozen", "half-dozen": six
            k = start - 1
            if k >= 0 and doc[k].text in ("-", "‑"):
                k -= 1
            if k >= 0 and doc[k].lower_ == "half":
                start = k - 1 if k > 0 and doc[k - 1].lower_ in ("a", "an") else k
        yield start, j
        i = j


def _qualifier(doc: Doc, start: int) -> tuple[str, int]:
    """The bound written before a number and the index where it starts."""
    for words, label in _QUALIFIERS:
        k = len(words)
        if start - k < 0:
            continue
        if tuple(t.lower_ for t in doc[start - k : start]) == words:
            return label, start - k
    return "exact", start


def _skip_reason(doc: Doc, start: int, end: int) -> str | None:
    """Why the number span is not a count (or ``None`` when it is one)."""
    first, last = doc[start], doc[end - 1]
    text = doc[start:end].text
    if ":" in text or "/" in text:
        return "time or date"
    if any(t.ent_type_ in ("MONEY", "PERCENT", "ORDINAL") for t in doc[start:end]):
        return "money, percent or ordinal"
    if any(t.ent_type_ in ("DATE", "TIME") for t in doc[start:end]):
        # spaCy calls "Between 10 and 15 people" a DATE too: a count when a noun follows it
        ent_end = end
        while ent_end < len(doc) and doc[ent_end].ent_type_ in ("DATE", "TIME"):
            ent_end += 1
        after = doc[ent_end] if ent_end < len(doc) else None
        inside = {t.lemma_.lower() for t in doc[start:ent_end]}
        if (
            after is None
            or after.pos_ not in ("NOUN", "VERB", "AUX")
            or after.lemma_.lower() in _TIME_UNITS
            or inside & _TIME_UNITS
        ):
            return "date or time"
    if _ORDINAL_RE.match(first.text):
        return "ordinal"
    if end - start == 1 and "." in first.text:
        return "decimal: a measure or coordinate"  # "-83.56046", "3.5"
    if end - start == 1 and _YEAR_RE.match(first.text):
        nxt = doc[end] if end < len(doc) else None
        if nxt is None or not (nxt.pos_ == "NOUN" and nxt.lemma_.lower() not in _TIME_UNITS):
            return "year"
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    if prev is not None and (prev.lower_ in _CURRENCY or prev.text in _CURRENCY):
        return "money"
    if nxt is not None:
        nlow = nxt.lemma_.lower()
        if nlow in _MONEY_WORDS or nxt.lower_ in _CURRENCY or nxt.text in ("%", "percent"):
            return "money or percent"
        if nlow in _TIME_UNITS:
            return "duration or time"
        if nxt.text in ("-", "‑") and end + 1 < len(doc) and doc[end + 1].lemma_ in _TIME_UNITS:
            return "age or duration"  # "25-year-old"
        if nlow in ("km", "kilometre", "kilometer", "mile", "metre", "meter", "kg", "ton"):
            return "measure"
    if prev is not None and prev.lower_ in _AGE_WORDS:
        return "age"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return "age or reference"
    if prev is not None and prev.lower_ in ("no", "no.", "number", "#", "resolution", "article"):
        return "label"
    # "one of the", "no one", "one another": a count only when it counts a noun
    if (
        first.lower_ in ("one", "a", "an")
        and end - start == 1
        and (first.dep_ != "nummod" or (nxt is not None and nxt.lower_ in ("of", "another")))
        and not (first.lower_ == "one" and nxt is not None and nxt.lower_ in _TOLL_WORDS)
        and not (
            # "wounding three people and killing one": the object of a casualty verb
            first.lower_ == "one"
            and prev is not None
            and prev.pos_ == "VERB"
            and (verb_kind(prev) is not None or prev.lemma_.lower() in ("shoot", "wound"))
            and (nxt is None or nxt.lower_ not in ("of", "another"))
        )
    ):
        return "pronoun"
    if (
        last.lower_ in ("million", "billion", "thousand")
        and nxt is not None
        and nxt.lemma_.lower() in _MONEY_WORDS
    ):
        return "money"
    return None


def verb_kind(tok: Token) -> str | None:
    """What a verb does to the people it counts: killed, injured, displaced, arrested, abducted."""
    lemma = tok.lemma_.lower()
    for kind, lemmas in _KIND_VERBS.items():
        if lemma in lemmas:
            return kind
    if lemma == "shoot" and any(c.lower_ == "dead" for c in tok.children):
        return "killed"
    if lemma in ("lose", "claim") and any(c.lemma_.lower() == "life" for c in tok.children):
        return "killed"
    return None


def _noun_kind(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    for kind, lemmas in _KIND_NOUNS.items():
        if lemma in lemmas or low in lemmas:
            return kind
    return None


def casualty_kind(span: Span) -> str | None:
    """What the number ``span`` counts, from its head noun and the verb that governs it."""
    root = span.root
    # The counted noun: "12 civilians" (nummod), "12 of the civilians", or the number itself.
    noun = root
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
        "PRON",
        "ADJ",
    ):
        noun = root.head
    elif any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
        prep = next(c for c in root.children if c.dep_ == "prep" and c.lower_ == "of")
        pobj = [c for c in prep.children if c.dep_ == "pobj"]
        if pobj:
            noun = pobj[0]
    noun_kind = _noun_kind(noun) if noun is not root else None
    if noun is not root and noun.lower_ in _KIND_ADJ:
        noun_kind = _KIND_ADJ[noun.lower_]
    # Adjectives/participles on the noun: "30 people dead", "5 wounded soldiers"
    for child in noun.children:
        if child.dep_ in ("amod", "acomp", "advmod", "acl") and child.lower_ in _KIND_ADJ:
            return _KIND_ADJ[child.lower_]
        if child.dep_ in ("acl", "relcl") and (kind := verb_kind(child)):
            return kind
    if noun_kind in _CASUALTY_KINDS:
        return noun_kind
    # The governing verb, a few steps up: "killing 6 civilians", "30 people were killed",
    # "killed at least 30", "the death toll rose to 30".
    head = noun
    for _ in range(4):
        if head.head is head:
            break
        dep = head.dep_
        head = head.head
        if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            if kind := verb_kind(head):
                if dep == "nsubj" and head.lemma_.lower() not in _INTRANSITIVE:
                    return noun_kind  # "two bombers killed 23 people": the killers
                return kind
            if head.lemma_.lower() in _POPULATION_VERBS:
                return "population"
            if head.lemma_.lower() in ("rise", "climb", "reach", "stand", "jump", "hit"):
                for child in head.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() == "toll":
                        return "killed"
            # "were left dead", "were found dead"
            for child in head.children:
                if child.dep_ in ("acomp", "oprd", "advmod") and child.lower_ in _KIND_ADJ:
                    return _KIND_ADJ[child.lower_]
            if dep in ("nsubj", "dobj", "nsubjpass", "attr", "pobj"):
                break
        elif (
            head.pos_ in ("NOUN", "PROPN")
            and (kind := _noun_kind(head)) in _CASUALTY_KINDS
            and (head.lemma_.lower() == "toll" or dep in ("pobj", "compound"))
        ):
            return kind
    return noun_kind


def quantities_from_doc(doc: Doc) -> list[Quantity]:
    """Every count in a parsed article (see the module docstring), in text order."""
    sent_of = _sentence_index(doc)
    quantities: list[Quantity] = []
    spans = list(_number_spans(doc))
    skip_next = False
    for n, (start, end) in enumerate(spans):
        if skip_next:
            skip_next = False
            continue
        reason = _skip_reason(doc, start, end)
        if reason is not None:
            log.debug("not a count: %r (%s)", doc[start:end].text, reason)
            continue
        text = doc[start:end].text
        value = parse_number(text)
        if value is None:
            continue
        qualifier, q_start = _qualifier(doc, start)
        upper: float | None = None
        last_tok = doc[end - 1]
        span_end = end
        kind_span = doc[start:end]
        if match := _RANGE_RE.match(text):
            upper = parse_number(match.group(2))
            qualifier = "range"
        elif n + 1 < len(spans):
            nstart, nend = spans[n + 1]
            gap = [t.lower_ for t in doc[end:nstart]]
            if gap in (["to"], ["-"], ["–"], ["or"], ["and"]) and (
                gap != ["and"] or (q_start > 0 and doc[q_start - 1].lower_ == "between")
            ):
                other = parse_number(doc[nstart:nend].text)
                if other is not None and other > value and _skip_reason(doc, nstart, nend) is None:
                    upper, span_end, skip_next = other, nend, True
                    kind_span = doc[nstart:nend]
                    qualifier = "range"
                    if q_start > 0 and doc[q_start - 1].lower_ == "between":
                        q_start -= 1
        if qualifier == "exact" and last_tok.lower_ in _VAGUE:
            qualifier = "at least"
        kind = casualty_kind(kind_span)
        if kind is None and upper is not None:
            kind = casualty_kind(doc[start:end])
        quantities.append(
            Quantity(
                text=doc[q_start:span_end].text,
                value=value,
                start=doc[q_start].idx,
                end=doc[span_end - 1].idx + len(doc[span_end - 1].text),
                sentence=sent_of.get(start, -1),
                kind=kind,
                qualifier=qualifier,
                upper=upper,
            )
        )
    return quantities


def _sentence_index(doc: Doc) -> dict[int, int]:
    """Map token index -> sentence index (empty when the doc has no sentence boundaries)."""
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return {}
    out: dict[int, int] = {}
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            out[t] = i
    return out
