"""Stage 2 (places): toponyms found in an article and resolved to coordinates.

Reads a parsed spaCy ``Doc`` (the annotate stage's) and adds :class:`newsfuse.models.Place`
entries: every toponym as written, with what it resolved to in the embedded gazetteer
(:mod:`newsfuse.gazetteer`): coordinates, GeoNames id, ISO country, kind of feature. Toponyms the
gazetteer lacks, or cannot tell apart, are kept as unresolved with the reason.

How a toponym is found: spaCy's GPE, LOC and FAC entities, entities of other labels whose whole
text is a well-known place (spaCy sometimes calls "Tabqa" a person), and capitalised words it
missed that name a country, region or large city. Organisations that contain a place name
("Raqqa Civilian Council") are not the place.

How a name is resolved (per document, one sense per name): every candidate scores its size
(log of population), its kind (a country or region outranks a village of the same name), how the
name matched, the story's country focus (countries named in the text or given as context), a
"Town, Region" or "Town, Country" pattern, and closeness to the places resolved without doubt.
Names the gazetteer lacks (streets, venues, districts), and names it knows only as a small town
far from everything else in the text, are placed approximately at the text's main town: the
town best supported by the places around it.

Story level: :func:`merge_places` gives one entry per distinct place across articles, most
mentioned first, re-resolving names with the whole story's country focus.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from newsfuse.errors import UsageError
from newsfuse.gazetteer import (
    ADMIN1_SUFFIXES,
    Candidate,
    Feature,
    Gazetteer,
    haversine_km,
    load_gazetteer,
    normalize_name,
)
from newsfuse.models import AnnotatedArticle, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["GeoContext", "Toponym", "geoparse", "merge_places", "places_from_doc", "resolve"]

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels taken as toponyms (when the text is in the gazetteer, or kept unresolved)."""

OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
"""Labels whose entity is taken as a toponym only when its whole text is a well-known place."""

KIND_PRIOR = {
    "country": 3.0,
    "continent": 3.0,
    "admin1": 2.5,
    "admin2": 1.5,
    "landmark": 1.5,
    "region": 2.0,
    "sea": 2.0,
    "river": 1.5,
    "dam": 1.5,
    "lake": 1.5,
    "mountain": 1.5,
    "desert": 1.5,
    "island": 1.5,
    "crossing": 1.5,
    "city": 0.0,
}
MATCH_PRIOR = {
    "name": 0.5,
    "alias": 0.0,
    "demonym": 0.0,
    "other": -1.0,
    "loose": -1.0,
    "bare": -3.0,
}
CAPITAL_WEIGHT = 1.0
"""Bonus of a country's capital of 100,000 people or more: "Washington" is the capital unless
the text says otherwise; a capital is what news most often means by its name."""
CAPITAL_POPULATION = 100_000
ADMIN_WEIGHT = {"admin1": 1_000_000, "admin2": 300_000}
"""Population-like sizes given to first- and second-level regions, which our tables lack."""

FOCUS_WEIGHT = 2.0
CONTEXT_WEIGHT = 3.0
"""Bonus of a candidate in a country the caller named as the story's context."""
PATTERN_WEIGHT = 6.0
NEAR_WEIGHT = 1.5
AMBIGUITY_MARGIN = 0.1
"""Two candidates far apart whose scores differ by less than this leave a name ambiguous."""

CONTAINED_POPULATION = 5_000
"""A town named inside a longer name ("Cavan Institute") places it when it is this size."""

MAIN_TOWN_POPULATION = 1_000
"""A text's main town, where its streets and buildings are placed, is at least this size."""

SINGLE_WORD_TOWN = 50_000
"""A one-word entity of another label ("Dewsbury" as ORG) is a toponym when it is the name of
a town this size."""

WELL_KNOWN_POPULATION = 100_000
"""A town this size or larger is taken as a toponym even where spaCy labelled it otherwise."""

_STRIP = re.compile(r"^(?:the\s+)|(?:['’]s)$", re.IGNORECASE)
_SKIP_WORDS = frozenset({"god", "allah", "lord", "president", "mr", "mrs", "ms", "dr"})


@dataclasses.dataclass(frozen=True, slots=True)
class GeoContext:
    """What is known of a story's geography before reading a text.

    ``countries`` are ISO 3166-1 alpha-2 codes the story is about (its country focus);
    ``places`` are place names known to be in the story. Build it from plain strings with
    :meth:`from_value` ("Syria", "SY", "Raqqa" all work).
    """

    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @classmethod
    def from_value(
        cls, value: GeoContext | Sequence[str] | str | None, gazetteer: Gazetteer | None = None
    ) -> GeoContext:
        """A context from a context, ``None``, or strings naming countries (names or ISO codes)
        and places; a string that is neither is ignored with a log message."""
        if value is None:
            return cls()
        if isinstance(value, GeoContext):
            return value
        if isinstance(value, str):
            value = [value]
        gaz = gazetteer or load_gazetteer()
        countries: list[str] = []
        places: list[str] = []
        for item in value:
            text = str(item).strip()
            if len(text) == 2 and text.isalpha() and gaz.country(text) is not None:
                countries.append(text.upper())
                continue
            found = [c.feature for c in gaz.candidates(text) if c.feature.country]
            if not found:
                log.info("geo context %r is not in the gazetteer; ignored", text)
                continue
            best = max(found, key=_size)
            if best.kind == "country" and best.country:
                countries.append(best.country)
            else:
                places.append(text)
                if best.country:
                    countries.append(best.country)
        return cls(tuple(dict.fromkeys(countries)), tuple(dict.fromkeys(places)))


@dataclasses.dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in a text, before resolution: as written, offsets, spaCy label,
    and the name it is looked up by (without "the" or a possessive "'s")."""

    text: str
    start: int
    end: int
    label: str
    lookup: str


# ---------------------------------------------------------------------------------------------
# recognition


def _lookup_name(text: str) -> str:
    name = _STRIP.sub("", text.strip()).strip()
    return name.strip(" ,.;:()[]\"'“”")


WELL_KNOWN_KINDS = frozenset(
    {"country", "admin1", "continent", "region", "sea", "river", "landmark"}
)


def _is_well_known(
    candidates: Sequence[Candidate], *, short: bool = False, strict: bool = False
) -> bool:
    """Whether a name is a place famous enough to override spaCy's label or lack of one.
    A ``short`` (all-capitals) name counts only as a country or region ("EU", "DPRK"), not
    as a town's code ("SANA" is the news agency, not Sanaa). With ``strict``, a town counts
    only by its own name, not an alternate one."""
    for c in candidates:
        if c.match not in ("name", "alias"):
            continue
        f = c.feature
        if f.kind in WELL_KNOWN_KINDS or (
            not short
            and f.kind == "city"
            and f.population >= WELL_KNOWN_POPULATION
            and (c.match == "name" or not strict)
        ):
            return True
    return False


def find_toponyms(
    doc: Doc,
    gazetteer: Gazetteer | None = None,
    *,
    demonyms: bool = False,
    embedded: bool = False,
    modifiers: bool = False,
) -> list[Toponym]:
    """The toponyms of a parsed text, in order: spaCy's place entities, entities of other kinds
    whose whole text is a well-known place, and capitalised words spaCy missed that are.

    A brief's map wants places, so by default it leaves out what GeoWebNews-style annotation
    also counts as toponyms: with ``demonyms``, nationality words that stand for a country
    ("Syrian", "Iraqi"); with ``embedded``, place names inside organisation names ("Syrian" in
    "Syrian Observatory for Human Rights"); with ``modifiers``, names in hyphenated modifiers
    ("US-backed forces", "Iran-allied militias"), which say who, not where.
    """
    gaz = gazetteer or load_gazetteer()
    found: list[Toponym] = []
    covered: set[int] = set()
    person_words = {
        normalize_name(tok.text)
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1
        for tok in ent
    }
    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        division = _division_name(doc, ent.start, ent.end, gaz) if ent.label_ != "NORP" else None
        lookup = division or _lookup_name(ent.text)
        if demonyms and ent.label_ == "NORP" and lookup and not _capitalised(lookup):
            found.extend(_demonym_parts(ent.text, ent.start_char, gaz))  # "anti-Russian"
            continue
        if not lookup or lookup.casefold() in _SKIP_WORDS or not _capitalised(lookup):
            continue
        candidates = gaz.candidates(lookup, loose=False)
        if ent.label_ == "NORP" and _is_well_known(candidates, short=_is_acronym(lookup)):
            found.append(Toponym(ent.text, ent.start_char, ent.end_char, "NORP", lookup))
        elif ent.label_ == "NORP":
            # "Syrian forces" stands for Syria; "Syrians" are people
            plural = ent[-1].tag_ == "NNPS" or lookup.endswith("s")
            if demonyms and not plural and any(c.match == "demonym" for c in candidates):
                found.append(Toponym(ent.text, ent.start_char, ent.end_char, "NORP", lookup))
            elif demonyms and not candidates:
                # "anti-Russian", "Bosnian Serb", "Austro-Hungarian": the demonyms inside
                found.extend(_demonym_parts(ent.text, ent.start_char, gaz))
            continue
        if ent.label_ in PLACE_LABELS:
            if not candidates and normalize_name(lookup) in person_words:
                continue  # "Modi" after "Narendra Modi" is the man
            if not candidates and ent.label_ == "FAC" and not _names_local_feature(lookup):
                continue  # bridges, airports, buildings we cannot place: not worth a map entry
            found.append(Toponym(ent.text, ent.start_char, ent.end_char, ent.label_, lookup))
        elif ent.label_ in OTHER_LABELS and (
            _is_well_known(candidates, short=_is_acronym(lookup))
            or (
                # "SANA" is the news agency, however the gazetteer spells Sanaa
                not _is_acronym(lookup)
                and _after_locative(doc, ent.start)
                and _is_known_town(candidates)
            )
            or (
                not _is_acronym(lookup)
                and len(ent) == 1
                and ent.label_ != "PERSON"
                and normalize_name(lookup) not in person_words
                and _is_known_town(candidates, SINGLE_WORD_TOWN)
            )
            # "Royal Street", "the South Kilburn Estate" taken for organisations or people
            or (ent.label_ in ("ORG", "PERSON") and _names_facility(lookup))
        ):
            # the whole text must be the place: "Raqqa Civilian Council" is not Raqqa
            found.append(Toponym(ent.text, ent.start_char, ent.end_char, ent.label_, lookup))
        elif embedded and ent.label_ in EMBEDDING_LABELS:
            found.extend(_embedded_toponyms(doc, ent.start, ent.end, gaz))
    found.extend(_missed_toponyms(doc, covered, gaz, person_words, demonyms=demonyms))
    found.extend(_dateline(doc, covered, gaz))
    unique = {(t.start, t.end): t for t in reversed(found)}  # the first finding of a span wins
    if not modifiers:
        text = doc.text  # built from the tokens at each access: once here
        unique = {k: t for k, t in unique.items() if not _is_modifier(text, t)}
    return sorted(unique.values(), key=lambda t: t.start)


_PARTS = re.compile(r"[^\s\-‐‑/]+")


def _demonym_parts(text: str, offset: int, gaz: Gazetteer) -> list[Toponym]:
    """The nationality words inside a compound one ("anti-Russian", "Bosnian Serb",
    "Austro-Hungarian"), each with its own offsets (``offset`` is where ``text`` starts)."""
    out: list[Toponym] = []
    for part in _PARTS.finditer(text):
        word = part.group().strip("'’\"“”.,;:()")
        if len(word) < 3 or not word[:1].isupper():
            continue
        if any(c.match == "demonym" for c in gaz.candidates(word, loose=False)):
            start = offset + part.start() + part.group().index(word)
            out.append(Toponym(word, start, start + len(word), "NORP", word))
    return out


EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "MONEY"})
"""Labels of entities whose names may hold a place name or a demonym ("Ukrainian" in "the
Ukrainian Law on Prevention of Corruption", "Egyptian" in "8,000 Egyptian pounds")."""

_MODIFIER = re.compile(r"[-‐‑]\s?[a-z]{3,}")


def _is_modifier(text: str, toponym: Toponym) -> bool:
    """Whether a name is the first part of a hyphenated modifier: "US-backed", "Turkey-based",
    "Iran-allied" (not "Deir al-Zor", whose hyphen is inside the name)."""
    return _MODIFIER.match(text, toponym.end) is not None


DIVISION_WORDS = frozenset({*ADMIN1_SUFFIXES, "county", "governorate", "oblast", "prefecture"})


def _division_name(doc: Doc, start: int, end: int, gaz: Gazetteer) -> str | None:
    """The name to look up when a "province", "governorate", "county"... follows the tokens
    ``start:end`` and the longer name is in the gazetteer: "Deir al-Zor province" is the
    governorate, "Deir al-Zor" alone the city. The place keeps the text and offsets as written."""
    if end < len(doc) and doc[end].lower_ in DIVISION_WORDS:
        longer = _lookup_name(doc[start : end + 1].text)
        if gaz.candidates(longer, loose=False):
            return longer
    return None


def _embedded_toponyms(doc: Doc, start: int, end: int, gaz: Gazetteer) -> list[Toponym]:
    """Well-known places and demonyms named inside an entity, longest first, not overlapping."""
    out: list[Toponym] = []
    taken: set[int] = set()
    for size in range(min(4, end - start), 0, -1):
        for i in range(start, end - size + 1):
            if taken.intersection(range(i, i + size)):
                continue
            span = doc[i : i + size]
            stop = span[0].is_stop and not span.text.isupper()  # "US" is not "us"
            if not span.text[:1].isupper() or stop or len(span.text) < 2:
                continue
            candidates = gaz.candidates(span.text, loose=False)
            short = _is_acronym(span.text)
            if _is_well_known(candidates, short=short) or any(
                c.match == "demonym" for c in candidates
            ):
                out.append(
                    Toponym(span.text, span.start_char, span.end_char, "EMBEDDED", span.text)
                )
                taken.update(range(i, i + size))
    return out


LOCATIVES = frozenset(
    [
        "in",
        "at",
        "near",
        "outside",
        "from",
        "to",
        "into",
        "across",
        "around",
        "towards",
        "toward",
        "via",
        "inside",
    ]
)


def _after_locative(doc: Doc, start: int) -> bool:
    """Whether a span follows "in", "near", "from"...: "in Dewsbury" is a place even when
    spaCy calls Dewsbury an organisation; or follows a person and "of", as news introduces
    people: "Gary Mahler of Bellmore", "Jane Doe, 34, of Leeds"."""
    if start == 0:
        return False
    before = doc[start - 1].lower_
    if before in LOCATIVES:
        return True
    if before != "of" or start < 2:
        return False
    i = start - 2
    if doc[i].text == "," and i >= 2 and doc[i - 1].like_num and doc[i - 2].text == ",":
        i -= 3  # "Jane Doe, 34, of Leeds"
    return i >= 0 and doc[i].ent_type_ == "PERSON"


def _is_known_town(candidates: Sequence[Candidate], population: int = 0) -> bool:
    """Whether the gazetteer knows the name as written or as a close spelling (not a
    translation or a loose match), as a place of at least ``population`` people."""
    return any(
        c.match in ("name", "alias")
        and not c.feature.name.isupper()
        and c.feature.population >= population
        for c in candidates
    )


_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\"”]\s))"  # at the start of a line or of a sentence
    r"([A-Z][A-Z.'’ -]{1,40}[A-Z])"  # the town in capitals
    r"(?=(?:,\s*[A-Z][A-Za-z. ]{1,20})?"  # an optional region: ", N.M."
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?\s*"  # an optional date: ", April 5"
    r"(?:\([A-Z][A-Za-z]{1,9}\)|—|–|--|\s-\s|:))",  # an agency ("(AP)", "(APP)") or a dash
    re.MULTILINE,
)


def _dateline(doc: Doc, covered: set[int], gaz: Gazetteer) -> Iterable[Toponym]:
    """The place of a dateline in capitals ("SAN DIEGO —", "ALBUQUERQUE, N.M. (AP) -") at the
    start of a line or sentence, when spaCy did not tag it and the gazetteer knows the town."""
    for match in _DATELINE.finditer(doc.text):
        start, end = match.start(1), match.end(1)
        span = doc.char_span(start, end, alignment_mode="expand")
        name = match.group(1).strip().title()
        free = span is not None and not covered.intersection(range(span.start, span.end))
        if free and _is_known_town(gaz.candidates(name, loose=False)):
            yield Toponym(doc.text[start:end], start, end, "DATELINE", name)


def _is_acronym(text: str) -> bool:
    """A short name in capitals ("EU", "SANA", "U.S."), not a dateline's "SAN DIEGO"."""
    letters = [c for c in text if c.isalpha()]
    return text.isupper() and len(letters) <= 4


def _capitalised(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def _missed_toponyms(
    doc: Doc,
    covered: set[int],
    gaz: Gazetteer,
    person_words: set[str],
    *,
    demonyms: bool = False,
) -> Iterable[Toponym]:
    """Runs of proper nouns outside any entity that name a country, region or large town
    (and are not a word of a person's name in the same text); with ``demonyms``, also
    nationality adjectives spaCy did not tag ("Danish wave energy developer")."""
    i = 0
    tokens = list(doc)
    while i < len(tokens):
        tok = tokens[i]
        if (
            demonyms
            and i not in covered
            and tok.pos_ == "ADJ"
            and tok.text[:1].isupper()
            and any(c.match == "demonym" for c in gaz.candidates(tok.text, loose=False))
        ):
            yield Toponym(tok.text, tok.idx, tok.idx + len(tok.text), "NORP", tok.text)
        if i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and j + 1 not in covered and tokens[j + 1].pos_ == "PROPN":
            j += 1
        span = doc[i : j + 1]
        text = span.text
        i = j + 1
        if tok.is_stop or normalize_name(text) in person_words:
            continue
        division = _division_name(doc, span.start, span.end, gaz)
        if division is not None:
            yield Toponym(text, span.start_char, span.end_char, "PROPN", division)
            continue
        candidates = gaz.candidates(text, loose=False)
        if _is_well_known(candidates, short=_is_acronym(text), strict=True) or (
            not _is_acronym(text)
            and _after_locative(doc, span.start)
            and _is_known_town(candidates)
        ):
            yield Toponym(text, span.start_char, span.end_char, "PROPN", _lookup_name(text))


# ---------------------------------------------------------------------------------------------
# resolution


def _size(feature: Feature) -> float:
    population = feature.population or ADMIN_WEIGHT.get(feature.kind, 0)
    return math.log10(population + 10)


def _name_prior(candidate: Candidate) -> float:
    """The prior without the capital's bonus: what says a name is clear without context (a
    capital is the likelier reading, not a certain one: "Tripoli" after "Lebanese")."""
    f = candidate.feature
    return _size(f) + KIND_PRIOR.get(f.kind, 1.0) + MATCH_PRIOR[candidate.match]


def _prior(candidate: Candidate) -> float:
    f = candidate.feature
    capital = (
        CAPITAL_WEIGHT
        if f.capital and f.population >= CAPITAL_POPULATION and candidate.match in ("name", "alias")
        else 0.0
    )
    return _size(f) + KIND_PRIOR.get(f.kind, 1.0) + MATCH_PRIOR[candidate.match] + capital


@dataclasses.dataclass(slots=True)
class _Name:
    """Everything known about one distinct name in a document while resolving it."""

    lookup: str
    candidates: list[Candidate]
    toponyms: list[Toponym]
    scores: list[float] = dataclasses.field(default_factory=list)
    pattern: list[Feature] = dataclasses.field(default_factory=list)
    holds: list[Feature] = dataclasses.field(default_factory=list)
    approximate: tuple[Feature, str] | None = None


CLEAR_MARGIN = 1.5
"""A name whose best candidate leads the next by this much is resolved by its name alone."""


NATIONALITY_WEIGHT = 0.5
"""How much a nationality word ("Iraqi") counts towards the country focus, against 1 for a
place in that country."""


def _focus(names: Iterable[_Name], context: GeoContext) -> defaultdict[str, float]:
    """Country focus: how often each country is named or is the country of a place whose
    resolution does not depend on context (only one candidate, or a clear winner)."""
    focus: defaultdict[str, float] = defaultdict(float)
    for name in names:
        if not name.candidates:
            continue
        ranked = sorted(name.candidates, key=_name_prior, reverse=True)
        top = ranked[0]
        clear = len(ranked) == 1 or _name_prior(top) - _name_prior(ranked[1]) >= CLEAR_MARGIN
        if top.feature.country and (clear or top.feature.kind == "country"):
            focus[top.feature.country] += len(name.toponyms)
    for iso in context.countries:
        focus[iso] += max(3, sum(focus.values()))
    return focus


_REGION_AFTER_COMMA = re.compile(r",\s{0,2}([A-Z][A-Za-z]{0,3}\.(?:\s?[A-Z][a-z]?\.)?|[A-Z]{2}\b)")


def _pattern_targets(
    doc_text: str, toponyms: list[Toponym], gaz: Gazetteer | None = None
) -> dict[int, str]:
    """ "Town, Region" pairs: maps a toponym's position to the lookup of the place after it,
    whether that is a toponym too ("Portland, Maine") or a state's abbreviation or postal code
    that spaCy did not tag ("Parkland, Fla.", "Austin, TX")."""
    targets: dict[int, str] = {}
    for i, a in enumerate(toponyms):
        if i + 1 < len(toponyms):
            b = toponyms[i + 1]
            if doc_text[a.end : b.start].strip() == "," and b.start - a.end <= 3:
                targets[i] = b.lookup
                continue
        if gaz is not None:
            match = _REGION_AFTER_COMMA.match(doc_text, a.end)
            if match and _is_state_code(match.group(1), gaz):
                targets[i] = match.group(1)
    return targets


def _is_state_code(text: str, gaz: Gazetteer) -> bool:
    """Whether text is a US state's AP abbreviation ("Fla.") or postal code ("FL")."""
    if len(text) == 2 and text.isupper():
        return gaz.us_state(text) is not None
    return any(c.feature.kind == "admin1" for c in gaz.candidates(text, loose=False))


def resolve(
    toponyms: Sequence[Toponym],
    text: str = "",
    context: GeoContext | None = None,
    *,
    article_id: str = "",
    gazetteer: Gazetteer | None = None,
    nationalities: Sequence[str] = (),
) -> list[Place]:
    """Resolve a document's toponyms together into places.

    ``nationalities`` are ISO codes of the countries the text's nationality words name; each
    counts half a mention towards the country focus.

    One sense per name and document, except where a "Town, Region" pattern says otherwise
    ("Portland, Maine ... Portland, Oregon"); a bare mention takes the sense of its name's only
    pattern when there is one.
    """
    gaz = gazetteer or load_gazetteer()
    context = context or GeoContext()
    targets = _pattern_targets(text, list(toponyms), gaz) if text else {}
    by_key: dict[tuple[str, str], _Name] = {}
    keys: list[tuple[str, str]] = []
    for i, toponym in enumerate(toponyms):
        key = (normalize_name(toponym.lookup), normalize_name(targets.get(i, "")))
        if key not in by_key:
            by_key[key] = _Name(toponym.lookup, gaz.candidates(toponym.lookup), [])
        by_key[key].toponyms.append(toponym)
        keys.append(key)
    patterned: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in by_key:
        if key[1]:
            patterned[key[0]].append(key)
    for n, key in enumerate(keys):
        if not key[1] and len(patterned.get(key[0], ())) == 1:
            keys[n] = patterned[key[0]][0]
    for place in context.places:
        key = (normalize_name(place), "")
        if key not in by_key:
            by_key[key] = _Name(place, gaz.candidates(place), [])

    # "Town, Region" / "Town, Country": the second names where the first is
    firsts = {k[0]: name for k, name in by_key.items() if not k[1]}
    for (_, target), name in by_key.items():
        outer = firsts.get(target) if target else None
        state = gaz.us_state(target) if len(target) == 2 else None
        if state is not None:
            name.pattern.append(state)
            if outer is not None:  # "MA" in "Springfield, MA" is Massachusetts
                outer.candidates = [Candidate(state, "alias")]
            continue
        if outer is None and target:
            outer = _Name(target, gaz.candidates(target), [])
        if outer is not None and outer.candidates:
            # "Tacoma, Washington": the Washington that holds a Tacoma is the state
            # ("Washington, New York and Boston" is a list: a village Washington in New York
            # State is too small a reading of the capital to count)
            top = max((_prior(c) for c in name.candidates), default=0.0)
            likely = [c.feature for c in name.candidates if _prior(c) >= top - HOLD_MARGIN]
            holders = [
                c for c in outer.candidates if any(_holds(c.feature, inner) for inner in likely)
            ]
            chosen = max(holders or outer.candidates, key=_prior).feature
            name.pattern.append(chosen)
            if holders:
                outer.holds.append(chosen)

    focus = _focus(by_key.values(), context)
    for iso in nationalities:
        focus[iso] += NATIONALITY_WEIGHT
    total = sum(focus.values()) or 1
    preferred = frozenset(context.countries)
    anchors = _anchors(by_key.values())
    for name in by_key.values():
        name.scores = [
            _prior(c) + _context_score(c.feature, name, focus, total, anchors, preferred)
            for c in name.candidates
        ]

    # names the gazetteer lacks: a place named inside them ("Manila Cathedral"), else, for a
    # local feature ("Royal Street"), the document's main town; both marked approximate
    main_town = _main_town(by_key.values())
    for name in by_key.values():
        if name.candidates:
            continue
        inner = _contained_place(name.lookup, gaz, main_town)
        if inner is not None:
            inner_name = _Name(inner, gaz.candidates(inner, loose=False), [])
            inner_name.scores = [
                _prior(c) + _context_score(c.feature, inner_name, focus, total, anchors, preferred)
                for c in inner_name.candidates
            ]
            best = max(zip(inner_name.scores, inner_name.candidates, strict=True), key=_by_score)[
                1
            ].feature
            name.approximate = (best, f"approximate: placed at {inner}, named in it")
        elif main_town is not None and _is_local_feature(name):
            name.approximate = (main_town, _at_main_town(main_town, "not in gazetteer"))

    if main_town is not None:
        for name in by_key.values():
            if name.candidates and name.approximate is None:
                name.approximate = _far_namesake(name, main_town, anchors)

    return [
        _place(toponym, by_key[key], article_id)
        for toponym, key in zip(toponyms, keys, strict=True)
    ]


FAR_TOWN_POPULATION = 20_000
"""A name whose best reading is a town smaller than this..."""
FAR_TOWN_KM = 1000.0
"""...lying this far (km) from the text's main town, with no other place of the text near it,
is taken for a local feature of the main town ("Turtle Rock", "Broadway", "Hubbard")."""


def _far_namesake(
    name: _Name, main_town: Feature, anchors: list[tuple[Feature, str]]
) -> tuple[Feature, str] | None:
    """The main town, as an approximate place, when a name resolves only to a small town far
    from it that nothing else in the text is near: in a story about Leeds, "Headingley" is the
    district, not Headingley, Manitoba. Names in a "Town, Region" pattern, datelines,
    nationality words and acronyms are left as they are."""
    if name.pattern or name.holds or _is_acronym(name.lookup):
        return None
    if any(t.label in ("DATELINE", "NORP") for t in name.toponyms):
        return None  # a dateline is where the story is; "Syrian" is a country's word
    best = max(zip(name.scores, name.candidates, strict=True), key=_by_score)[1].feature
    if best.kind != "city" or best.population >= FAR_TOWN_POPULATION:
        return None
    if not _far_from(best, main_town, anchors, name.lookup):
        return None
    reason = _at_main_town(main_town, f"{best.name}, {best.country} is a small town far off")
    return main_town, reason


def _far_from(
    place: Feature, main_town: Feature, anchors: list[tuple[Feature, str]], lookup: str
) -> bool:
    """Whether a place lies more than FAR_TOWN_KM from the text's main town and from every
    place the text names without doubt (other than by ``lookup`` itself)."""
    if place == main_town:
        return False
    if haversine_km(place.lat, place.lon, main_town.lat, main_town.lon) <= FAR_TOWN_KM:
        return False
    return all(
        source == lookup or haversine_km(place.lat, place.lon, a.lat, a.lon) >= FAR_TOWN_KM
        for a, source in anchors
    )


def _near_town(place: Feature, town: Feature) -> bool:
    """Whether a place lies within CONTAINED_NEAR km of a town."""
    return haversine_km(place.lat, place.lon, town.lat, town.lon) <= CONTAINED_NEAR


CONTAINED_NEAR = 161.0


def _at_main_town(main_town: Feature, why: str) -> str:
    what = "town" if main_town.kind == "city" else "place"
    return f"approximate: {why}; placed at the text's main {what}, {main_town.name}"


ANCHOR_KINDS = frozenset({"city", "admin1", "admin2", "dam", "landmark", "crossing", "island"})


def _anchors(names: Iterable[_Name]) -> list[tuple[Feature, str]]:
    """Places resolved without doubt by their names alone (one candidate, or a clear winner):
    the neighbourhood that ambiguous names are resolved near."""
    anchors: list[tuple[Feature, str]] = []
    for name in names:
        if not name.candidates:
            continue
        ranked = sorted(name.candidates, key=_name_prior, reverse=True)
        clear = len(ranked) == 1 or _name_prior(ranked[0]) - _name_prior(ranked[1]) >= CLEAR_MARGIN
        if clear and ranked[0].feature.kind in ANCHOR_KINDS:
            anchors.append((ranked[0].feature, name.lookup))
    return anchors


_STREET_TYPES = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "boulevard",
        "blvd",
        "lane",
        "drive",
    ]
)
"""Street types, as the last word of a street's name."""

LOCAL_FEATURES = _STREET_TYPES | frozenset(
    [
        "square",
        "plaza",
        "park",
        "bridge",
        "church",
        "cathedral",
        "mosque",
        "temple",
        "synagogue",
        "hospital",
        "school",
        "academy",
        "college",
        "market",
        "mall",
        "center",
        "centre",
        "hall",
        "library",
        "stadium",
        "arena",
        "station",
        "estate",
        "inn",
        "hotel",
        "court",
        "courthouse",
        "airport",
        "port",
        "prison",
        "jail",
        "camp",
        "district",
        "neighbourhood",
        "neighborhood",
        "quarter",
        "village",
        "tower",
        "building",
        "house",
    ]
)


FACILITY_WORDS = frozenset(
    [
        "street",
        "road",
        "avenue",
        "boulevard",
        "lane",
        "drive",
        "highway",
        "square",
        "plaza",
        "estate",
        "stadium",
        "arena",
        "hospital",
        "airport",
        "bridge",
        "racecourse",
        "canal",
        "lagoon",
    ]
)
"""Last words that make a name a place whatever spaCy's label: streets, squares, stadiums."""


def _names_facility(lookup: str) -> bool:
    """Whether a name is that of a street, square, stadium, hospital... (its last word)."""
    words = normalize_name(lookup).split()
    return len(words) > 1 and words[-1] in FACILITY_WORDS


def _names_local_feature(lookup: str) -> bool:
    """Whether a name is that of a street, square, building or neighbourhood (its last word)."""
    words = normalize_name(lookup).split()
    return len(words) > 1 and words[-1] in LOCAL_FEATURES


def _is_local_feature(name: _Name) -> bool:
    """A name of a street, building or neighbourhood (by its last word, or spaCy's FAC), or
    any other place name the gazetteer lacks, found as a place (not inside an organisation's
    name), that is not an acronym: in a text about a town, such a name ("Bywater", "Anfield")
    is mostly a neighbourhood or village of it."""
    if _names_local_feature(name.lookup) or any(t.label == "FAC" for t in name.toponyms):
        return True
    return not _is_acronym(name.lookup) and all(t.label in LOCAL_LABELS for t in name.toponyms)


LOCAL_LABELS = frozenset({"GPE", "LOC", "FAC", "GOLD"})
"""Labels of names placed at the main town when the gazetteer lacks them ("GOLD": a name the
caller says is a toponym, as benchmarks pass them)."""


def _by_score(pair: tuple[float, object]) -> float:
    """Sort key for (score, candidate) pairs: candidates themselves are not orderable."""
    return pair[0]


def _main_town(names: Iterable[_Name]) -> Feature | None:
    """The town a text is about: of its resolved towns of MAIN_TOWN_POPULATION+, the one with
    the most support, that is its own mentions plus half the mentions of the other places
    resolved near it (a town, county or landmark within MAIN_TOWN_RADIUS km, or its state), so
    that a town named once among its suburbs beats a town named twice for comparison. Ties go to
    the larger town. Names matched only loosely or by a translation ("State" as Statte, Italy)
    do not count, nor do names left ambiguous. A text that names no town gets its county,
    island or landmark (FALLBACK_KINDS) with the most support instead."""
    resolved: Counter[Feature] = Counter()
    for name in names:
        if name.candidates and name.scores and name.toponyms and _rival(name) is None:
            best = max(zip(name.scores, name.candidates, strict=True), key=_by_score)[1]
            if best.match in ("name", "alias") and best.feature.kind in SUPPORT_KINDS:
                resolved[best.feature] += len(name.toponyms)
    towns = [f for f in resolved if f.kind == "city" and f.population >= MAIN_TOWN_POPULATION]
    if not towns:
        towns = [f for f in resolved if f.kind in FALLBACK_KINDS]
    if not towns:
        return None

    def support(town: Feature) -> tuple[float, int]:
        total = 0.0
        for place, mentions in resolved.items():
            if place == town:
                total += mentions
            elif _supports(place, town):
                total += 0.5 * mentions
        return total, town.population

    return max(towns, key=support)


SUPPORT_KINDS = frozenset({"city", "admin1", "admin2", "landmark", "island"})
FALLBACK_KINDS = frozenset({"admin2", "island", "landmark"})
"""With no town, the text's most mentioned county, island or landmark is where its streets and
buildings are placed."""
"""Kinds of resolved places that tell which town a text is about."""

MAIN_TOWN_RADIUS = 100.0
"""A town or landmark this close to a town (km) supports it as the text's main town."""


def _supports(place: Feature, town: Feature) -> bool:
    """Whether a resolved place lies in or next to a town: its state, or within
    MAIN_TOWN_RADIUS km."""
    if place.kind == "admin1":
        return bool(place.admin1) and (place.country, place.admin1) == (town.country, town.admin1)
    return haversine_km(place.lat, place.lon, town.lat, town.lon) <= MAIN_TOWN_RADIUS


STREET_WORDS = _STREET_TYPES | frozenset(["way", "highway"])
"""Last words of street names: a street named after a place ("Atlantic Avenue") is not there."""

TOO_LARGE = frozenset({"continent", "region", "sea"})
"""Kinds too large to place a building at ("SM Mall of Asia")."""


def _contained_place(lookup: str, gaz: Gazetteer, main_town: Feature | None = None) -> str | None:
    """The longest run of words inside a multi-word name that is itself a known place:
    a well-known one anywhere ("Colorado" in "Colorado State University", "Mexico" in "Bank of
    Mexico"), else a smaller town at the start ("Cavan Institute"), but in a text about a
    town only one near it ("Rogers Centre" in a story about Toronto is not in Rogers,
    Arkansas: mostly such a first word is a person's or a sponsor's name). Streets and
    counties are not where the place they are named after is, so they get none; embassies and
    consulates only a city they name ("British Embassy Tokyo")."""
    words = lookup.split()
    keys = normalize_name(lookup).split()
    if len(words) < 2 or not keys or keys[-1] in STREET_WORDS or keys[-1] == "county":
        return None
    embassy = any(k in ("embassy", "consulate") for k in keys)
    parts = [
        (i, " ".join(words[i : i + size]))
        for size in range(len(words) - 1, 0, -1)
        for i in range(len(words) - size + 1)
    ]
    parts = [
        (i, part)
        for i, part in parts
        if part[:1].isupper()
        and not all(k in _GENERIC_WORDS for k in normalize_name(part).split())
        and normalize_name(part).split()[-1] not in _GENERIC_WORDS
    ]
    if embassy:  # "British Embassy Tokyo" is in Tokyo, "the Embassy of Armenia" not in Armenia
        for _, part in parts:
            found = gaz.candidates(part, loose=False)
            well_known = found and _is_well_known(found, strict=True)
            if well_known and max(found, key=_prior).feature.kind == "city":
                return part
        return None
    for _, part in parts:
        found = [c for c in gaz.candidates(part, loose=False) if c.feature.kind not in TOO_LARGE]
        if _is_well_known(found, short=_is_acronym(part)):
            return part
    for i, part in parts:
        if i == 0 and not part.isupper():
            found = gaz.candidates(part, loose=False)
            if any(
                c.match in ("name", "alias")
                and (c.feature.kind != "city" or c.feature.population >= CONTAINED_POPULATION)
                and c.feature.kind not in TOO_LARGE
                and (main_town is None or _near_town(c.feature, main_town))
                for c in found
            ):
                return part
    return None


_GENERIC_WORDS = LOCAL_FEATURES | frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "new",
        "old",
        "great",
        "little",
        "grand",
        "royal",
        "national",
        "international",
        "federal",
        "state",
        "republic",
        "city",
        "county",
        "town",
        "university",
        "institute",
        "metro",
        "airport",
        "of",
        "and",
        "the",
        "le",
        "la",
        "de",
        "del",
    ]
)


HOLDER_KINDS = frozenset({"country", "admin1", "admin2"})
HOLD_MARGIN = 3.0
"""In "Town, Region", only readings of the town this close to its best one choose the region."""


def _holds(region: Feature, town: Feature) -> bool:
    """Whether a country, state or county contains a town (by codes; by distance for areas
    without a code)."""
    if region.kind not in HOLDER_KINDS or town.kind in ("country", "continent") or region == town:
        return False
    if region.country != town.country:
        return False
    if region.kind == "country":
        return True
    if region.kind == "admin1" and region.admin1 and town.admin1:
        return region.admin1 == town.admin1
    limit = 300 if region.kind == "admin1" else 80
    return haversine_km(region.lat, region.lon, town.lat, town.lon) < limit


def _context_score(
    feature: Feature,
    name: _Name,
    focus: Mapping[str, float],
    total: float,
    anchors: list[tuple[Feature, str]],
    preferred: frozenset[str] = frozenset(),
) -> float:
    score = CONTEXT_WEIGHT if feature.country in preferred else 0.0
    if feature in name.holds:
        score += PATTERN_WEIGHT
    if feature.country and focus:
        score += FOCUS_WEIGHT * focus.get(feature.country, 0) / total
    for outer in name.pattern:
        if outer.kind == "country":
            if feature.country == outer.country:
                score += PATTERN_WEIGHT
        elif outer.admin1 and feature.admin1 == outer.admin1 and feature.country == outer.country:
            score += PATTERN_WEIGHT
        elif haversine_km(feature.lat, feature.lon, outer.lat, outer.lon) < 400:
            score += PATTERN_WEIGHT * 0.75
    # a name is no evidence for itself, but "New York City" is for "New York"
    nearness = [_nearness(feature, a) for a, source in anchors if source != name.lookup]
    if nearness:
        # evidence adds up: three towns near a reading say more than one
        score += NEAR_WEIGHT * sum(sorted(nearness, reverse=True)[:NEAR_COUNTED])
    return score


NEAR_COUNTED = 3
"""How many of the places resolved without doubt count as evidence for a reading near them."""


def _nearness(feature: Feature, anchor: Feature) -> float:
    """1 when an anchor lies in or next to the feature, 0.5 when it is near, else 0."""
    if anchor == feature:  # "New York" after "New York City": the same place
        return 1.0
    if feature.kind == "country":
        return 1.0 if anchor.country == feature.country else 0.0
    if feature.kind == "admin1" and feature.admin1:
        same = anchor.admin1 == feature.admin1 and anchor.country == feature.country
        return 1.0 if same else 0.0
    distance = haversine_km(feature.lat, feature.lon, anchor.lat, anchor.lon)
    return 1.0 if distance < 150 else 0.5 if distance < 400 else 0.0


def _place(toponym: Toponym, name: _Name, article_id: str) -> Place:
    base = {
        "name": toponym.text,
        "start": toponym.start,
        "end": toponym.end,
        "article_id": article_id,
    }
    if name.approximate is not None:
        return _resolved(base, name.approximate[0], name.approximate[1])
    if not name.candidates:
        return Place(**base, status="unresolved", reason="not in gazetteer")  # type: ignore[arg-type]
    best = max(zip(name.scores, name.candidates, strict=True), key=_by_score)[1].feature
    rival = _rival(name)
    if rival is not None:
        reason = f"ambiguous: {_describe(best)} or {_describe(rival)}"
        return Place(**base, status="unresolved", reason=reason)  # type: ignore[arg-type]
    return _resolved(base, best)


def _rival(name: _Name) -> Feature | None:
    """The runner-up of a name when it is as likely as the best reading and far from it (more
    than 161 km), so that the name cannot be told apart; else ``None``."""
    if len(name.candidates) < 2 or len(name.scores) != len(name.candidates):
        return None
    ranked = sorted(zip(name.scores, name.candidates, strict=True), key=lambda p: -p[0])
    (best_score, best), (second_score, second) = ranked[0], ranked[1]
    f, g = best.feature, second.feature
    if (
        best_score - second_score < AMBIGUITY_MARGIN
        and haversine_km(f.lat, f.lon, g.lat, g.lon) > 161
    ):
        return g
    return None


def _resolved(base: dict[str, object], f: Feature, reason: str = "") -> Place:
    return Place(
        **base,  # type: ignore[arg-type]
        resolved=f.name,
        lat=round(f.lat, 5),
        lon=round(f.lon, 5),
        geonameid=f.geonameid,
        country=f.country,
        kind=f.kind,
        status="resolved",
        reason=reason,
    )


def _describe(feature: Feature) -> str:
    where = f", {feature.country}" if feature.country and feature.kind != "country" else ""
    return f"{feature.name}{where} ({feature.kind})"


# ---------------------------------------------------------------------------------------------
# public API


def places_from_doc(
    doc: Doc,
    article_id: str = "",
    context: GeoContext | Sequence[str] | None = None,
    *,
    demonyms: bool = False,
    embedded: bool = False,
    modifiers: bool = False,
) -> list[Place]:
    """The places of one parsed article (the per-article stage; the Doc is not re-parsed).

    Nationality words ("Iraqi forces") are not places, but they tell which countries the text
    is about, so they count towards its country focus. ``demonyms``, ``embedded`` and
    ``modifiers`` are :func:`find_toponyms`' options (off for the brief).
    """
    gaz = load_gazetteer()
    toponyms = find_toponyms(doc, gaz, demonyms=demonyms, embedded=embedded, modifiers=modifiers)
    if not toponyms:
        return []
    return resolve(
        toponyms,
        doc.text,
        GeoContext.from_value(context, gaz),
        article_id=article_id,
        gazetteer=gaz,
        nationalities=demonym_countries(doc, gaz),
    )


def demonym_countries(doc: Doc, gazetteer: Gazetteer | None = None) -> list[str]:
    """The countries of the nationality words of a text ("Syrian" -> "SY"), once per mention."""
    gaz = gazetteer or load_gazetteer()
    out: list[str] = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            for c in gaz.candidates(_lookup_name(ent.text), loose=False):
                if c.match == "demonym" and c.feature.kind == "country" and c.feature.country:
                    out.append(c.feature.country)
                    break
    return out


def geoparse(text: str, context: GeoContext | Sequence[str] | None = None) -> list[Place]:
    """Find and resolve the places of a text (public API): ``newsfuse.geoparse(text)``.

    ``context`` gives the story's country focus or known places ("Syria", ["SY", "Raqqa"]).
    Text with no places gives an empty list; unknown names come back unresolved with a reason.
    """
    from newsfuse.annotate import MAX_CHARS, load_nlp

    if not isinstance(text, str):
        raise UsageError(f"geoparse expects text (str), not {type(text).__name__}: {text!r:.60}")
    if not text.strip():
        return []
    doc = load_nlp()(text[:MAX_CHARS])
    return places_from_doc(doc, context=context)


def merge_places(annotated: Sequence[AnnotatedArticle]) -> list[Place]:
    """The story's places: one entry per distinct place, most mentioned first.

    Names that articles resolved differently, or left ambiguous, are resolved again with the
    whole story's country focus. Unresolved names are kept (once each) with their reason.
    """
    gaz = load_gazetteer()
    mentions: list[Place] = [p for a in annotated for p in a.places]
    if not mentions:
        return []
    story_focus: Counter[str] = Counter(p.country for p in mentions if p.country)
    context = GeoContext(countries=tuple(c for c, _ in story_focus.most_common(3)))

    by_name: dict[str, list[Place]] = defaultdict(list)
    for place in mentions:
        by_name[normalize_name(_lookup_name(place.name))].append(place)

    settled: list[Place] = []
    for group in by_name.values():
        outcomes = {(p.status, p.geonameid, p.resolved, p.lat, p.lon) for p in group}
        if (
            len(outcomes) == 1 and group[0].reason != "" and group[0].reason.startswith("ambig")
        ) or len(outcomes) > 1:
            settled.extend(_re_resolve(group, context, gaz))
        else:
            settled.extend(group)

    merged: dict[tuple[object, ...], list[Place]] = defaultdict(list)
    for place in settled:
        if place.status == "resolved" and not place.reason.startswith("approximate"):
            key: tuple[object, ...] = ("r", place.kind, place.resolved, place.lat, place.lon)
        elif place.status == "resolved":  # "Naim Square" placed at Raqqa is not Raqqa
            key = ("a", normalize_name(_lookup_name(place.name)), place.lat, place.lon)
        else:
            key = ("u", normalize_name(_lookup_name(place.name)))
        merged[key].append(place)
    entries = [_merge_group(group) for group in merged.values()]
    entries.sort(key=lambda p: (p.status != "resolved", -p.mentions, p.name))
    return entries


def _re_resolve(group: list[Place], context: GeoContext, gaz: Gazetteer) -> list[Place]:
    toponyms = [Toponym(p.name, p.start, p.end, "", _lookup_name(p.name)) for p in group]
    out: list[Place] = []
    for toponym, old in zip(toponyms, group, strict=True):
        new = resolve([toponym], "", context, article_id=old.article_id, gazetteer=gaz)[0]
        out.append(new)
    return out


def _merge_group(group: list[Place]) -> Place:
    first = group[0]
    names = Counter(p.name for p in group)
    return dataclasses.replace(
        first,
        name=names.most_common(1)[0][0],
        mentions=len(group),
        articles=tuple(dict.fromkeys(p.article_id for p in group if p.article_id)),
    )
