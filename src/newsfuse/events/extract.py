"""Per-article stage, events: one :class:`~newsfuse.models.Event` per sentence that reports one.

Reads the parsed spaCy ``Doc`` and the article's :class:`~newsfuse.models.AnnotatedArticle`
(sentences, mentions, dates, quantities and places already found); adds ``Event`` records with
ACLED's event type and sub-event type, PLOVER type and mode, trigger, actors, location, date,
fatalities and injured, who reports it, and the evidence sentence.

A sentence is kept only when its trigger is *realis*: not negated ("no one was killed"), not
hypothetical or future ("would make it harder", "will attack"), not wished, planned or threatened
("vowed to retake", "threatens"), not conditional ("if they attack") and not inside a quotation
(speakers quote other places and other times). Statements that sum many incidents over a country
or a period ("980 civilians were killed across the country in May") are kept with
``aggregate=True``.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.events.actors import acled_actor, country_name, demonym_country, victims_name
from newsfuse.events.classify import Classification, rank_text
from newsfuse.models import AnnotatedArticle, Citation, Event, Mention, Place, Quantity
from newsfuse.numbers import verb_kind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsfuse.models import TimeExpression

__all__ = ["events_from_doc", "irrealis_reason"]

log = logging.getLogger(__name__)

_MODALS = frozenset(
    {"would", "could", "might", "may", "should", "can", "will", "shall", "must", "'d", "'ll", "wo"}
)
_IRREALIS_VERBS = frozenset(
    {
        "threaten",
        "plan",
        "vow",
        "warn",
        "aim",
        "intend",
        "seek",
        "try",
        "attempt",
        "prepare",
        "want",
        "fear",
        "hope",
        "expect",
        "propose",
        "urge",
        "demand",
        "consider",
        "pledge",
        "promise",
        "deny",
        "prevent",
        "avoid",
        "risk",
        "mull",
        "call",
        "ask",
        "wish",
        "need",
        "refuse",
        "fail",
        "push",
        "bid",
    }
)
_AIM_GOVERNORS = frozenset(
    {
        "launch",
        "begin",
        "start",
        "prepare",
        "plan",
        "mobilize",
        "mobilise",
        "deploy",
        "move",
        "send",
        "push",
        "bid",
        "campaign",
        "offensive",
        "operation",
        "effort",
        "attempt",
        "try",
        "seek",
        "aim",
        "vow",
        "threaten",
        "want",
        "hope",
        "order",
        "call",
        "urge",
        "battle",
        "fight",
        "drive",
        "intend",
        "pledge",
        "promise",
        "decide",
        "agree",
        "continue",
        "need",
        "have",
        "be",
        "announce",
    }
)
_IRREALIS_NOUNS = frozenset({"threat", "plan", "bid", "fear", "risk", "call", "attempt", "push"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_AGGREGATE_RE = re.compile(
    r"\b(across the (country|nation|region|province|state)|nationwide|country-?wide|"
    r"(since|during) the (start|beginning|outbreak) of|since (the )?(war|conflict|uprising|"
    r"fighting) (began|started)|so far this (year|month)|this year|last year|in total|"
    r"in all|altogether|overall|cumulative|(during|in|throughout) the (month|year|first half|"
    r"course) of|since (january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4})|per month|a month|each month|every month|"
    r"monthly|annual|in the past (year|month|\w+ months|\w+ years|\w+ weeks)|over the past)\b"
)
_REPORT_VERBS = frozenset(
    {
        "say",
        "report",
        "tell",
        "claim",
        "announce",
        "confirm",
        "tweet",
        "state",
        "add",
        "according",
        "allege",
        "post",
        "publish",
        "quote",
        "document",
        "record",
        "estimate",
    }
)
_VICTIM_NOUNS = frozenset(
    {
        "civilian",
        "people",
        "person",
        "villager",
        "resident",
        "child",
        "woman",
        "man",
        "worshipper",
        "farmer",
        "student",
        "teacher",
        "journalist",
        "passenger",
        "family",
        "boy",
        "girl",
        "herder",
        "trader",
        "patient",
    }
)
_MIN_SCORE = 3.0
"""A sentence of an article needs this much trigger evidence (a snippet needs less)."""
_MIN_WEIGHT = 3.0
"""...and a trigger from a specific lexicon line (not a bare "troops" or "fighters")."""
_STATIVE = frozenset(
    {
        "be",
        "have",
        "remain",
        "seem",
        "include",
        "lace",
        "use",
        "indicate",
        "believe",
        "know",
        "mark",
        "become",
        "contain",
        "consider",
        "represent",
        "mean",
        "involve",
    }
)


def _doc_text(doc: Doc) -> str:
    """The text of a Doc, built once: spaCy joins every token on each ``doc.text`` access."""
    text: str | None = doc.user_data.get("newsfuse.text")
    if text is None:
        text = doc.user_data["newsfuse.text"] = doc.text
    return text


def events_from_doc(doc: Doc, annotated: AnnotatedArticle) -> list[Event]:
    """The events the sentences of one parsed article report (see the module docstring)."""
    article_id = annotated.article.id
    sentences = list(doc.sents)
    article_country = _dominant_country(annotated.places) or _country_focus(doc)
    article_place = _main_place(annotated.places)
    incident = _incident_date(annotated) if annotated.dates else None
    events: list[Event] = []
    for sent in sentences:
        found = _sentence_event(sent, annotated, article_country, article_place, incident)
        if found is None:
            continue
        events.append(_with_id(found, f"{article_id}-e{len(events) + 1}"))
    return events


def _with_id(event: Event, event_id: str) -> Event:
    return dataclasses.replace(event, id=event_id)


def _sentence_event(
    sent: Span,
    annotated: AnnotatedArticle,
    article_country: str | None,
    article_place: Place | None,
    incident: TimeExpression | None,
) -> Event | None:
    text = sent.text
    quantities = [q for q in annotated.quantities if sent.start_char <= q.start < sent.end_char]
    fatalities = _count(quantities, "killed", sent)
    injured = _count(quantities, "injured", sent)
    casualties = _has_casualties(quantities) or bool(fatalities or injured)
    min_weight = 2.0 if casualties else _MIN_WEIGHT
    min_score = 2.0 if casualties else _MIN_SCORE
    candidates = [c for c in rank_text(text) if c.is_event and c.score >= min_score]
    if not candidates:
        return None
    has_date = any(sent.start_char <= d.start < sent.end_char for d in annotated.dates)
    chosen: tuple[Classification, Token] | None = None
    for cls in candidates[:3]:
        for start, end, weight in cls.spans[:4]:
            if weight < min_weight:
                continue
            trigger = _trigger_token(sent, start, end)
            if trigger is None:
                continue
            reason = irrealis_reason(trigger, sent, start)
            if reason is None and not (has_date or casualties):
                reason = _generic_reason(trigger)
            if reason is not None:
                log.debug("not an event (%s): %r in %r", reason, text[start:end], text[:80])
                continue
            chosen = (
                dataclasses.replace(cls, trigger=text[start:end], start=start, end=end),
                trigger,
            )
            break
        if chosen is not None:
            break
    if chosen is None:
        return None
    cls, trigger = chosen
    etype = cls.type
    article_id = annotated.article.id
    mentions = [m for m in annotated.mentions if sent.start_char <= m.start < sent.end_char]
    places = [
        p
        for p in annotated.places
        if sent.start_char <= p.start < sent.end_char
        and not any(m.start <= p.start < m.end and _is_known_org(m) for m in mentions)
        and _doc_text(sent.doc)[p.end : p.end + 1] != "-"  # "US-led", "Saudi-backed"
    ]
    location = _location(places, trigger, annotated.places)
    country = _place_country(location) or _sentence_country(places) or article_country
    aggregate = _is_aggregate(text, quantities, annotated, sent)
    if location is None and aggregate:
        location = _country_place(annotated.places, country)
    elif location is None:
        location = article_place
        country = country or _place_country(article_place)
    attribution = _attribution(sent, mentions)
    actor1, actor2 = _actors(sent, trigger, mentions, country, attribution)
    if actor2 is None and (fatalities or injured) and _victims_are_civilians(sent, quantities):
        actor2 = victims_name(country)
    if not aggregate:  # a sum of many incidents has no single perpetrator
        actor1, actor2 = _acled_conventions(etype.code, etype.event_type, actor1, actor2, country)
    return Event(
        id="",
        event_type=etype.event_type,
        sub_event_type=etype.sub_event_type,
        trigger=cls.trigger,
        plover_type=etype.plover_type,
        plover_mode=etype.plover_mode,
        actor1=actor1,
        actor2=actor2 if actor2 != actor1 else None,
        location=location,
        event_date=_event_date(sent, annotated, trigger, incident),
        fatalities=fatalities,
        injured=injured,
        aggregate=aggregate,
        attribution=attribution,
        evidence=(_citation(article_id, sent),),
        sources=(article_id,),
    )


def _has_casualties(quantities: Sequence[Quantity]) -> bool:
    return any(q.kind in ("killed", "injured", "abducted", "arrested") for q in quantities)


def governing_verb(tok: Token) -> Token | None:
    """The verb a noun trigger hangs from ("launched an offensive", "the start of the offensive
    was confirmed"), climbing through prepositions and nouns; ``None`` if there is none."""
    current = tok
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX") and current is not tok:
            return current
        if current.head is current:
            return None
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else None


def _generic_reason(trigger: Token) -> str | None:
    """Why a sentence with no date and no casualty figure tells no single event: its trigger is
    in the present tense ("the city is laced with roadside bombs"), or hangs from a state verb."""
    if trigger.dep_ == "ROOT":
        return None  # a headline or note: "Residents protest ...", "Mob lynch suspect"
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    if verb is None:
        return "no verb tells that it happened"
    past = verb.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children
    )
    if verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    ):
        past = False  # "is laced with", "is believed to"
    lemma = verb.lemma_.lower()
    if not past and (lemma in _STATIVE or verb.tag_ == "VBN" or verb.pos_ == "AUX"):
        return f"present tense {verb.text!r} (a state, not an event)"
    if verb is not trigger and lemma in _STATIVE and trigger.dep_ != "dobj":
        return f"state verb {lemma!r}"
    # a present-tense action verb is a headline or an ACLED note ("Residents protest the ...")
    return None


def _citation(article_id: str, sent: Span) -> Citation:
    """The sentence as evidence, without the white space around it."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return Citation(article_id, start, start + len(stripped), stripped)


def _acled_conventions(
    code: str, event_type: str, actor1: str | None, actor2: str | None, country: str | None
) -> tuple[str | None, str | None]:
    """ACLED's coding rules for actors: demonstrators are "Protesters (Country)" and violent
    crowds "Rioters (Country)" whoever they are (the named group would be an associated actor);
    unknown perpetrators of violence are an "Unidentified Armed Group (Country)"."""
    suffix = f" ({country})" if country else ""
    if event_type == "Protests" and code != "FORCE_AGAINST_PROTEST":
        return f"Protesters{suffix}", actor2 if actor2 != actor1 else None
    if event_type == "Protests":  # excessive force: the force is actor1, protesters actor2
        return actor1, f"Protesters{suffix}"
    if event_type == "Riots":
        if code == "MOB_VIOL" and actor2 is None and actor1 and actor1.startswith("Civilians"):
            actor2 = actor1  # "residents lynched a suspect": the crowd is not the victim
        return f"Rioters{suffix}", actor2 if actor2 and not actor2.startswith("Rioters") else None
    violent = event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians")
    if violent and actor1 is None:
        return f"Unidentified Armed Group{suffix}", actor2
    return actor1, actor2


def _trigger_token(sent: Span, start: int, end: int) -> Token | None:
    if start < 0:
        return sent.root
    start += sent.start_char
    end += sent.start_char
    tokens = [t for t in sent if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return None
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    if verbs:
        return verbs[0]
    # The head of a multi-word trigger ("air strike" -> "strike")
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside]
    return heads[0] if heads else tokens[0]


def irrealis_reason(trigger: Token, sent: Span, offset: int = -1) -> str | None:
    """Why the event the ``trigger`` names did not happen as told, else ``None``.

    Negated, modal or future, wished/planned/threatened, conditional, or inside a quotation.
    """
    if offset >= 0 and _inside_quotation(sent.text, offset):
        return "inside a quotation"
    chain: list[Token] = [trigger]
    tok = trigger
    while tok.head is not tok and len(chain) < 6:
        # climb through the verb chain only: nouns climb to their verb, verbs to their governor
        # when they are its complement ("vowed to retake"), clause ("if they attack") or subject
        if tok.dep_ in ("relcl", "appos", "conj", "parataxis") and tok.pos_ in ("VERB", "AUX"):
            break
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _REPORT_VERBS:
            break
        tok = tok.head
        chain.append(tok)
        if (
            tok.pos_ in ("VERB", "AUX")
            and tok.dep_ in ("ROOT", "ccomp", "relcl", "advcl")
            and tok.lemma_.lower() not in _IRREALIS_VERBS
        ):
            break
    for tok in chain:
        lemma = tok.lemma_.lower()
        if tok is not trigger and lemma in _IRREALIS_VERBS and tok.pos_ in ("VERB", "AUX"):
            return f"governed by {lemma!r}"
        if tok is not trigger and lemma in _IRREALIS_NOUNS and tok.pos_ == "NOUN":
            return f"governed by {lemma!r}"
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg":
                return "negated"
            if child.dep_ == "aux" and low in _MODALS:
                return f"modal {low!r}"
            if child.dep_ == "mark" and low in _CONDITIONAL:
                return "conditional"
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ in ("no", "neither") for g in child.children
            ):
                return "negated"
            if child.dep_ in ("nsubj", "nsubjpass") and low in ("nobody", "none", "noone"):
                return "negated"
        if (
            tok.pos_ in ("VERB", "AUX")
            and tok is not trigger
            and tok.tag_ == "VB"
            and trigger.i > tok.i
            and _is_aim(tok)
        ):
            # purpose clause ("launched an offensive to seize"): the seizing has not happened
            return "purpose clause"
    if trigger.tag_ == "VB" and _is_aim(trigger):
        return "infinitive of an aim (not yet done)"
    return None


def _is_aim(verb: Token) -> bool:
    """An infinitive that names an aim ("launched an offensive to seize", "a bid to retake"),
    not the means of what happened ("fired tear gas to disperse them": they were dispersed)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    governor = verb.head
    return governor is verb or governor.lemma_.lower() in _AIM_GOVERNORS


def _is_known_org(mention: Mention) -> bool:
    """An organisation of the alias table ("SANA" is the news agency, not Sanaa)."""
    from newsfuse.entities import lookup_alias

    return mention.label == "ORG" and lookup_alias(mention.text) is not None


def _main_place(places: Sequence[Place]) -> Place | None:
    """The article's most mentioned resolved place below country level: where a sentence that
    names no place most likely happened."""
    counts = Counter(
        p.geonameid
        for p in places
        if p.status == "resolved" and (p.kind or "").lower() not in ("country", "continent")
    )
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return next(p for p in places if p.geonameid == top)


def _inside_quotation(text: str, offset: int) -> bool:
    before = text[:offset]
    opened = before.count("“") + before.count("«") + before.count("„")
    closed = before.count("”") + before.count("»")
    return opened > closed or before.count('"') % 2 == 1


# Kinds of place an event happens in; regions and natural features (rivers, mountains) only locate
# an event when the sentence names no settlement.
_SETTLEMENTS = frozenset(("", "city", "town", "village", "admin2", "district", "neighbourhood"))


def _location(
    places: Sequence[Place], trigger: Token, article_places: Sequence[Place] = ()
) -> Place | None:
    """The place of the event: the place a clause is said of ("Raqqa was the first city ISIS
    captured"), else resolved before unresolved, towns before regions before countries, then the
    one written nearest the trigger. ``article_places`` name a subject the places stage missed
    in this sentence but found elsewhere in the article."""
    if trigger.dep_ in ("relcl", "acl") and trigger.head.dep_ == "attr":
        subjects = [t for t in trigger.head.head.children if t.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            inside = [p for p in places if lo <= p.start < hi]
            if inside:
                return inside[0]
            said_of = _doc_text(subject.doc)[lo:hi].casefold()
            same = [
                p
                for p in article_places
                if p.status == "resolved"
                and said_of in (p.name.casefold(), (p.resolved or "").casefold())
            ]
            if same:
                return dataclasses.replace(
                    same[0], start=lo, end=hi, name=_doc_text(subject.doc)[lo:hi]
                )
    if not places:
        return None

    def rank(place: Place) -> tuple[int, int, int]:
        kind = (place.kind or "").lower()
        coarse = 2 if kind in ("country", "continent") else 0 if kind in _SETTLEMENTS else 1
        resolved = 0 if place.status == "resolved" else 1
        return (resolved, coarse, abs(place.start - trigger.idx))

    return sorted(places, key=rank)[0]


def _country_place(places: Sequence[Place], country: str | None) -> Place | None:
    """The article's mention of the country an aggregate statement is about."""
    for place in places:
        if (place.kind or "").lower() == "country" and _place_country(place) == country:
            return place
    return None


def _place_country(place: Place | None) -> str | None:
    if place is None:
        return None
    if (place.kind or "").lower() == "country":
        return country_name(place.resolved or place.name)
    return country_name(place.country) if place.country else None


def _sentence_country(places: Sequence[Place]) -> str | None:
    for place in places:
        if found := _place_country(place):
            return found
    return None


_FOCUS_LABELS = frozenset(("GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"))


def _country_focus(doc: Doc) -> str | None:
    """The country a text is about when the places stage resolved none of its toponyms: the one
    country shared by every gazetteer entry of its proper names ("Nyeri County", "Migori" ->
    Kenya) or named by its nationality adjectives ("Kenyan police"), whichever is most frequent.
    ACLED suffixes generic actors with it ("Protesters (Kenya)")."""
    from newsfuse.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    counts: Counter[str] = Counter()
    # the small model misses many village names as entities: read every proper noun too
    words = {tok.i: tok for ent in doc.ents if ent.label_ in _FOCUS_LABELS for tok in ent}
    words.update((tok.i, tok) for tok in doc if tok.pos_ == "PROPN")
    for tok in words.values():
        if not tok.is_title or len(tok.text) < 4:
            continue
        demonym = tok.ent_type_ == "NORP" or tok.text.endswith(("n", "s", "i"))
        if demonym and (own := demonym_country(tok.text)):  # "Kenyan", "Kenyas", "Somali"
            counts[own] += 1
            continue
        candidates = gazetteer.candidates(tok.text, loose=False)
        codes = {c.feature.country for c in candidates if c.match in ("name", "alias")}
        if len(codes) == 1 and (code := codes.pop()) and (name := country_name(code)):
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _dominant_country(places: Sequence[Place]) -> str | None:
    counts = Counter(c for p in places if (c := _place_country(p)))
    return counts.most_common(1)[0][0] if counts else None


def _count(quantities: Sequence[Quantity], kind: str, sent: Span) -> int | None:
    """The count of ``kind`` in the sentence: the first figure (the lower bound of a range)."""
    for q in quantities:
        if q.kind != kind:
            continue
        before = _doc_text(sent.doc)[max(sent.start_char, q.start - 12) : q.start].lower()
        if "including" in before or "among them" in before:
            continue  # a part of a figure already counted
        return int(q.value)
    # "killed a journalist", "a prisoner died": one victim named by a singular noun
    for tok in sent:
        if tok.pos_ != "VERB" or verb_kind(tok) != kind:
            continue
        # the victim: object of "killed", subject of "was killed" or of "died"
        roles: set[str] = set()
        if tok.tag_ != "VBN" or any(c.dep_ == "dobj" for c in tok.children):
            roles.add("dobj")
        if tok.lemma_ == "die" or tok.tag_ == "VBN":
            roles.update(("nsubjpass", "nsubj"))
        for child in tok.children:
            if child.dep_ not in roles:
                continue
            if (
                child.tag_ in ("NN", "NNP")
                and not any(c.dep_ == "nummod" or c.like_num for c in child.children)
                and child.ent_type_ in ("", "PERSON", "NORP")
                and child.lemma_ not in ("toll", "number")
            ):
                return 1
    return None


def _is_aggregate(
    text: str, quantities: Sequence[Quantity], annotated: AnnotatedArticle, sent: Span
) -> bool:
    """A statement summing many incidents: over a country, a month or year, or since a start."""
    if _AGGREGATE_RE.search(text.lower()):
        return True
    for date in annotated.dates:
        if sent.start_char <= date.start < sent.end_char and date.precision in ("month", "year"):
            big = [q for q in quantities if q.kind in ("killed", "injured") and q.value >= 50]
            if big:
                return True
    return False


def _attribution(sent: Span, mentions: Sequence[Mention]) -> str | None:
    """Who reports the sentence: "SANA reported that ...", "..., the Observatory said"."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma == "accord" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            pobj = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
            if pobj:
                return _named_phrase(pobj[0], mentions)
        if lemma not in _REPORT_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ not in ("it", "they", "he", "she", "which", "who"):
            return _named_phrase(subjects[0], mentions)
    return None


def _named_phrase(head: Token, mentions: Sequence[Mention]) -> str:
    """The named entity inside a noun phrase ("Syrian news agency SANA" -> "SANA"), else the
    phrase without its determiner ("the Observatory")."""
    subtree = list(head.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.label != "GPE"]
    named = [m for m in inside if m.start <= head.idx < m.end]
    if named:
        return named[-1].text
    orgs = [m for m in inside if m.label in ("ORG", "PERSON")]
    if orgs:
        return orgs[-1].text
    if len(subtree) > 6:
        return _phrase(head)
    if subtree[0].dep_ == "det" and len(subtree) > 1:
        subtree = subtree[1:]
    return head.doc[subtree[0].i : subtree[-1].i + 1].text


def _actors(
    sent: Span,
    trigger: Token,
    mentions: Sequence[Mention],
    country: str | None,
    attribution: str | None,
) -> tuple[str | None, str | None]:
    """Who acted (actor1) and who was acted on (actor2), from the dependency parse."""
    agent: Token | None = None
    patient: Token | None = None
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        # "coalition warplanes", "SDF offensive", "an offensive by the SDF", "attack on X"
        for child in trigger.children:
            if (child.dep_ in ("compound", "poss", "nmod") and _is_actorish(child, mentions)) or (
                child.dep_ == "amod" and _is_named(child, mentions)
            ):
                agent = agent or child
            if child.dep_ == "prep" and child.lower_ in ("by",):
                agent = agent or _pobj(child)
            source = _pobj(child) if child.dep_ == "prep" and child.lower_ == "from" else None
            if source is not None and _ATTACK_NOUN.match(trigger.lower_) and agent is None:
                agent = source  # "an attack from suspected militia": who attacked
                continue
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "from"):
                target = _pobj(child)
                if target is not None and _is_actorish(target, mentions):
                    patient = patient or target
        governor = governing_verb(trigger)
        if governor is not None:
            verb = governor
            if trigger.dep_ == "nsubj" and agent is None and _is_actorish(trigger, mentions):
                agent = trigger
    for child in verb.children:
        dep = child.dep_
        if dep == "nsubj" and child.lower_ in ("it", "they", "we") and verb.dep_ == "ccomp":
            # "the alliance says it has begun a battle": the speaker is the subject
            speaker = [c for c in verb.head.children if c.dep_ == "nsubj"]
            if speaker and agent is None and _is_actorish(speaker[0], mentions):
                agent = speaker[0]
        if dep == "nsubj" and agent is None and _is_actorish(child, mentions):
            agent = child
        elif dep == "agent":
            agent = _pobj(child) or agent
        elif dep == "conj" and agent is None:
            # "were shot and wounded by police": the agent hangs from the last verb
            by = [c for c in child.children if c.dep_ == "agent"]
            agent = _pobj(by[0]) if by else None
        elif dep in ("dobj", "nsubjpass") and patient is None and _is_actorish(child, mentions):
            patient = child
        elif dep == "prep" and child.lower_ in ("from", "against", "on") and patient is None:
            target = _pobj(child)
            if target is not None and _is_actorish(target, mentions):
                patient = target
    # "killed following an attack by suspected militia": the attacker of the attack
    if agent is None:
        for child in verb.children:
            attack = _pobj(child) if child.dep_ == "prep" else None
            if attack is None or not _ATTACK_NOUN.match(attack.lower_):
                continue
            for link in attack.children:
                who = _pobj(link) if link.dep_ == "prep" and link.lower_ in ("by", "from") else None
                if who is not None and _is_actorish(who, mentions):
                    agent = who
    # climb from a clause to its subject: "... after coalition warplanes hit" keeps its own
    if agent is None and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head.pos_ == "VERB":
        for child in verb.head.children:
            if child.dep_ == "nsubj" and _is_actorish(child, mentions):
                agent = child
    actor1 = _actor_name(agent, mentions, country) if agent is not None else None
    actor2 = _actor_name(patient, mentions, country) if patient is not None else None
    if actor1 is None or actor2 is None:
        # the armed groups named in the sentence fill what the parse did not give
        # the armed groups named in the sentence fill what the parse did not give: a name written
        # before the trigger is likelier the actor, one after it the target
        # names inside the actor's own phrase ("forces backed by the coalition") are not the target
        own = (
            (agent.left_edge.idx, agent.right_edge.idx + len(agent.right_edge))
            if agent is not None
            else (-1, -1)
        )
        for mention in mentions:
            if mention.label != "ORG" or mention.text == attribution:
                continue
            if own[0] <= mention.start < own[1]:
                continue
            name = acled_actor(mention.text, country, named=True)
            if not name or name in (actor1, actor2):
                continue
            before = mention.start < trigger.idx
            if actor1 is None and (before or actor2 is not None):
                actor1 = name
            elif actor2 is None:
                actor2 = name
    return actor1, actor2


def _is_named(tok: Token, mentions: Sequence[Mention]) -> bool:
    return any(m.start <= tok.idx < m.end and m.label in ("ORG", "NORP") for m in mentions)


def _pobj(prep: Token) -> Token | None:
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return objs[0] if objs else None


def _is_actorish(tok: Token, mentions: Sequence[Mention]) -> bool:
    if tok.lower_ in ("it", "they", "he", "she", "we", "them", "which", "who", "that"):
        return False
    if tok.lower_ in _COLLECTIVE:  # "members of a militia"
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        member = _pobj(of[0]) if of else None
        if member is not None and _is_actorish(member, mentions):
            return True
    if any(m.start <= tok.idx < m.end and m.label != "GPE" for m in mentions):
        return True
    return acled_actor(_phrase(tok), None) is not None


def _phrase(tok: Token) -> str:
    """The noun phrase of ``tok`` as written, without its determiner and clauses."""
    words = [
        tok,
        *(t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")),
    ]
    for left in words[1:]:
        words.extend(t for t in left.subtree if t not in words)
    words = sorted(words, key=lambda t: t.i)
    if words and words[0].dep_ == "det":
        words = words[1:]
    if not words:
        return tok.text
    return tok.doc[words[0].i : words[-1].i + 1].text


_ATTACK_NOUN = re.compile(r"(attacks?|raids?|assaults?|ambush(es)?|shooting|fire)$")
_COLLECTIVE = frozenset(("group", "groups", "members", "member", "gang", "band", "unit", "team"))


def _actor_name(tok: Token, mentions: Sequence[Mention], country: str | None) -> str | None:
    # "a group of suspected Pokot militia": the group is the militia
    if tok.lower_ in _COLLECTIVE:
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        member = _pobj(of[0]) if of else None
        if member is not None and (name := _actor_name(member, mentions, country)):
            return name
    subtree = list(tok.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    # "Iraqi forces backed by the US-led coalition": the forces, not who backs them
    modifiers = [c for c in tok.rights if c.dep_ in ("acl", "relcl")]
    if modifiers:
        end = min(end, modifiers[0].left_edge.idx)
    inside = [
        m for m in mentions if start <= m.start < end and m.label in ("ORG", "NORP", "PERSON")
    ]
    # "Kurdish fighters in the SDF": the organisation, not the adjective
    orgs = [m for m in inside if m.label == "ORG"]
    for mention in orgs:
        if name := acled_actor(mention.text, country, named=True):
            return name
    # "suspected Pokot militia": ACLED's "Pokot Ethnic Militia (Kenya)", whatever spaCy tags
    if (ethnic := acled_actor(_phrase(tok), country)) and "Ethnic Militia" in ethnic:
        return ethnic
    norps = [m for m in inside if m.label == "NORP"]
    if norps and (militia := acled_actor(_phrase(tok), country)) and "Militia" in militia:
        return militia
    for mention in norps:
        # "Syrian troops" -> Military Forces of Syria; "ISIS fighters" -> Islamic State
        if name := acled_actor(mention.text, country):
            return name
        if own := demonym_country(mention.text):
            if re.fullmatch(r"\S+ (security |government |armed |state )?forces", _phrase(tok)):
                return f"Military Forces of {own}"  # "Iraqi forces" is Iraq's military
            return acled_actor(_phrase(tok), own) or acled_actor(mention.text, own, named=True)
    for mention in inside:
        if name := acled_actor(mention.text, country, named=True):
            return name
    return acled_actor(_phrase(tok), country)


def _victims_are_civilians(sent: Span, quantities: Sequence[Quantity]) -> bool:
    for q in quantities:
        if q.kind not in ("killed", "injured"):
            continue
        tail = _doc_text(sent.doc)[q.end : q.end + 30].lower()
        first = tail.split()[0] if tail.split() else ""
        if first.rstrip(",.") in ("civilians", "civilian", "people", "villagers", "residents"):
            return True
        if first.rstrip(",.").rstrip("s") in _VICTIM_NOUNS:
            return True
    return False


def _event_date(
    sent: Span, annotated: AnnotatedArticle, trigger: Token, fallback: TimeExpression | None
) -> TimeExpression | None:
    """The resolved date written in the sentence nearest the trigger ("at least 980 were killed
    in May, the Observatory said on June 1" -> May), else the article's incident date
    (``fallback``, from :func:`newsfuse.dates.incident_date`)."""
    inside = [
        d
        for d in annotated.dates
        if sent.start_char <= d.start < sent.end_char
        and d.status == "resolved"
        and d.precision != "unknown"
    ]
    inside.sort(key=lambda d: abs(d.start - trigger.idx))
    return inside[0] if inside else fallback


def _incident_date(annotated: AnnotatedArticle) -> TimeExpression | None:
    try:
        from newsfuse.dates import incident_date
    except ImportError:  # the dates stage is not installed in this build
        return None
    return incident_date(annotated)
