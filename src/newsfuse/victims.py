"""Who was hit: the people a report says were shot, wounded or killed, told apart by reading the
dependency parse of its sentences, for articles that name their victims without a number.

"A woman was shot in the back. Her boyfriend and her cousin were also wounded." names three people
hit and no number. The numbers stage (:mod:`newsfuse.numbers`) reads counts and the one-victim
wordings of :mod:`newsfuse.figures` read a single victim; this module counts the people themselves:

* every hit predicate (*shot*, *wounded*, *grazed*, *killed*, "left one man dead", "found with a
  gunshot wound", "suffered a gunshot wound") gives its victims: the passive subject or the
  object, with their coordinated conjuncts ("himself and his two daughters": three); a hit that
  did not happen ("tried to shoot", "was not hurt") or a blow ("struck with the gun") gives none;
* each victim is described by what the text says of it: its noun (*man*, *daughter*), gender,
  age ("a 19-year-old woman"), name, and whether it is introduced as someone new ("another man",
  "a second victim", "was also shot") or refers back ("the victim", "she", "the two");
* across sentences a victim is the same person as an earlier one it does not contradict (the
  reports' habit of introducing a victim again: "a man was shot ... police said a 24-year-old man
  was found"), or one member of a counted group named before; in one sentence, people named side
  by side are different people; "the 17-year-old" after "a 37-year-old woman" is someone else.

A plural the reader cannot count ("several people were shot") is flagged (``uncounted``): the
figures stage then reads the article by its numbers alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Span, Token

from newsfuse.numbers import parse_number

__all__ = ["HitPeople", "Victim", "read_hit_people"]

MAX_SENTENCES = 12
"""Sentences of an article read for its victims: reports name them first, and later sentences
recall other incidents more and more often."""

_PARAGRAPH = re.compile(r"\n\s*\n")
_HIT_VERBS = frozenset({"shoot", "wound", "injure", "hurt", "graze", "strike", "hit", "kill"})
_GUN_ONLY = frozenset({"injure", "hurt", "strike", "hit"})  # also said of crashes and falls
_GUN_CONTEXT = re.compile(
    r"\b(?:shot|shots|shooting|gunfire|gunshots?|bullets?|pellets?|rounds?|fired|opened fire)\b",
    re.I,
)
_HIT_WORD = re.compile(
    r"\b(?:shot|wounded|wounding|injured|injuring|hurt|grazed|struck|hit|killed|killing|"
    r"gunshot|bullet|died|dies|(?:another|second|third|fourth|fifth) victim)\b",
    re.IGNORECASE,
)
_ANIMALS = frozenset(
    {
        "dog",
        "cat",
        "bull",
        "puppy",
        "horse",
        "deer",
        "animal",
        "pet",
        "cow",
        "bear",
        "coyote",
        "shepherd",
        "retriever",
        "rottweiler",
        "terrier",
        "husky",
        "labrador",
        "k-9",
        "k9",
        "canine",
    }
)
_OTHER_INCIDENT = re.compile(
    r"\b(?:separate|unrelated|another shooting|other shootings?|earlier shooting|"
    r"second shooting|similar shooting)\b",
    re.IGNORECASE,
)
_HAVE_WOUND = frozenset({"suffer", "sustain", "receive", "have"})  # "suffered a gunshot wound"
_LEFT_HIT = frozenset({"dead", "injured", "wounded", "hurt", "critical", "injure", "wound"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MALE = _words(
    "man boy father son brother husband boyfriend uncle nephew grandfather grandson stepfather "
    "stepson male gentleman dad"
)
_FEMALE = _words(
    "woman girl mother daughter sister wife girlfriend aunt niece grandmother granddaughter "
    "stepmother stepdaughter female lady mom"
)
_CHILD = _words("boy girl child kid baby toddler infant")
_GENERIC = _words(
    "person victim man woman boy girl male female adult teen teenager youth juvenile child kid "
    "individual"
)
_PERSON_NOUNS = (
    _MALE
    | _FEMALE
    | _CHILD
    | _GENERIC
    | _words(
        "cousin friend relative neighbor neighbour roommate officer deputy trooper sergeant agent "
        "driver passenger student resident bystander customer clerk employee worker guard owner "
        "suspect gunman shooter robber patron pedestrian motorist cashier bartender classmate "
        "teacher partner acquaintance parent grandparent sibling motorcyclist cyclist bicyclist "
        "homeowner tenant landlord manager bouncer doorman guest partygoer attendee player fan "
        "coach pastor nurse doctor firefighter paramedic detective soldier veteran inmate "
        "prisoner vendor hunter jogger runner rider spectator rapper musician fiancé fiancee "
        "grandchild"
    )
)
_KIN = _words(
    "friend brother sister son daughter mother father wife husband girlfriend boyfriend cousin "
    "uncle aunt nephew niece partner roommate neighbor neighbour grandmother grandfather "
    "grandson granddaughter stepson stepdaughter stepfather stepmother fiancé fiancee mom dad "
    "sibling child children"
)
_NEW_MARKERS = frozenset(
    {"another", "other", "second", "third", "fourth", "fifth", "sixth", "additional"}
)
_HIT_ROLES = frozenset({"nsubjpass", "dobj", "conj", "nsubj"})
_ANAPHORS = frozenset({"he", "she", "him", "her", "they", "them", "both", "all", "each"})


@dataclasses.dataclass(frozen=True)
class Victim:
    """One person (or a counted group, "his two daughters") said to be hit."""

    text: str  # the word that names it ("daughters", "Hughes")
    noun: str  # its noun's lemma ("daughter"), "person" for a name or a pronoun
    count: int  # 1, or the group's number
    sentence: int  # index of the sentence (of those read) that first names it
    gender: str | None = None  # "m" / "f" when the text says
    age: int | None = None
    name: str | None = None  # lowercased, every word written ("akira marie waters")
    child: bool | None = None  # a child's noun ("boy", "toddler"), an adult's ("man", "woman")
    last: int = -1  # index of the last sentence that names it (-1: the first)
    described: int = 0  # members of a counted group described one by one since
    dead: bool = False  # said to have died ("was pronounced dead", "died at the scene")


@dataclasses.dataclass(frozen=True)
class HitPeople:
    """The people an article says were hit, told apart: ``count`` people in all."""

    count: int
    victims: tuple[Victim, ...]
    sentences: tuple[int, ...]  # indices (into the sentences read) where they are named
    uncounted: bool = False  # a plural without a number was named too: more may have been hit
    dead: int = 0  # of ``count``, the people said to have died
    gunfire: bool = False  # the sentences read speak of gunfire ("shot", "bullet", "opened fire")


@dataclasses.dataclass
class _Mention:
    """One person named at a hit predicate, read in its sentence."""

    token: Token
    new: bool  # introduced as someone else ("another man", "two men")
    anaphoric: bool  # refers back ("the victim", "she")
    victim: Victim
    uncounted: bool = False  # "several people were shot": a plural without a number
    kin: bool = False  # "his friend": a relation of someone named before, so someone else


def read_hit_people(nlp: Language, sentences: Sequence[str]) -> HitPeople | None:
    """The people ``sentences`` (one article's, in order) say were hit, or ``None`` when they
    name no one; ``uncounted`` when they also name a plural it cannot count ("several people").
    Only the first :data:`MAX_SENTENCES` are read, and none after one that turns to another
    incident ("in a separate shooting")."""
    chosen: list[int] = []
    for index, sentence in enumerate(sentences[:MAX_SENTENCES]):
        if _OTHER_INCIDENT.search(sentence):
            break
        if _HIT_WORD.search(sentence):
            chosen.append(index)
    if not chosen:
        return None
    slots: list[Victim] = []
    cited: list[int] = []
    uncounted = False
    gun = any(_GUN_CONTEXT.search(sentence) for sentence in sentences[:MAX_SENTENCES])
    # a sentence left glued to the next ("... who died a week ago.\n\n15-year-old Sam Kenser
    # died") is read in its paragraphs and as the parser splits it
    parts = [(i, part) for i in chosen for part in _PARAGRAPH.split(sentences[i]) if part.strip()]
    docs = nlp.pipe(part for _, part in parts)
    for index, sent in ((i, s) for (i, _), doc in zip(parts, docs, strict=True) for s in doc.sents):
        mentions = list(_mentions(sent, index, gun))
        uncounted = uncounted or any(m.uncounted for m in mentions)
        dead = _dead_people(sent)
        mentions = [
            dataclasses.replace(m, victim=dataclasses.replace(m.victim, dead=True))
            if m.token.i in dead
            else m
            for m in mentions
            if not m.uncounted
        ]
        before = len(slots)
        named = [m for m in mentions if not m.anaphoric]
        for mention in named or mentions[:1]:
            if _place(mention, slots, before):
                cited.append(index)
        if named:
            for mention in mentions:
                if mention.anaphoric and mention.victim.dead:
                    _mark_dead(slots, mention.victim)  # "a man and a woman were shot ... he died"
    if not slots:
        return None
    return HitPeople(
        count=sum(v.count for v in slots),
        victims=tuple(slots),
        sentences=tuple(dict.fromkeys(cited)),
        uncounted=uncounted,
        dead=sum(v.count for v in slots if v.dead),
        gunfire=gun,
    )


def _mark_dead(slots: list[Victim], victim: Victim) -> None:
    """One of the people named is said to have died ("the older brother died"): the first who
    can be that person and is not yet dead."""
    pronoun = victim.noun == "person" and victim.age is None and victim.name is None
    for k, slot in enumerate(slots):
        if (
            not slot.dead
            and slot.count == 1
            and _same(slot, victim)
            and (pronoun or slot.noun == victim.noun)  # not "the suspect" for "an officer"
            # a pronoun is someone named just before, not a victim three sentences back
            and (not pronoun or victim.sentence - max(slot.sentence, slot.last) <= 1)
        ):
            slots[k] = dataclasses.replace(slot, dead=True)
            return


def _place(mention: _Mention, slots: list[Victim], before: int) -> bool:
    """Add a mention to the people told apart so far; whether it is a new person. ``before``:
    the number of people named before this sentence (people named side by side in one sentence
    are different people)."""
    victim = mention.victim
    if mention.anaphoric and victim.count > 1 and slots:
        return False  # "the two victims", "the four other teens": people already named
    if mention.anaphoric:
        described = victim.age is not None or victim.gender is not None
        if slots and (not described or any(_same(slot, victim) for slot in slots[:before])):
            if victim.dead:
                _mark_dead(slots, victim)
            return False
        if slots and not slots[:before]:
            return False  # beside the first people named: one of them
        # "the victim was shot": the first mention of the one victim; "the 17-year-old" after
        # "a 37-year-old woman" and no one else: someone else
        slots.append(victim)
        return True
    if victim.name:
        for k, slot in enumerate(slots):
            if slot.name and _same_name(slot.name, victim.name) and _same(slot, victim):
                slots[k] = _merged(slot, victim)  # "Watford died after being shot ... Watford"
                return False
    if mention.kin:
        for k, slot in enumerate(slots[:before]):
            if slot.noun == victim.noun and _same(slot, victim):
                slots[k] = _merged(slot, victim)  # "his friend" again
                return False
    elif not mention.new:
        # people named side by side in one sentence are different people, except a counted
        # group named twice ("two sisters who were shot ... his two little girls")
        earlier = slots if victim.count > 1 else slots[:before]
        for k, slot in enumerate(earlier):
            if _same(slot, victim):
                slots[k] = _merged(slot, victim)
                return False
        for k, slot in enumerate(slots[:before]):
            if victim.count == 1 and slot.count > max(1, slot.described) and _member(slot, victim):
                # "three others were injured ... a 32-year-old man was shot in his chest"
                slots[k] = dataclasses.replace(slot, described=slot.described + 1)
                return False
    slots.append(victim)
    return True


def _member(group: Victim, victim: Victim) -> bool:
    """Whether one person can be one of a counted group ("three women": not a man)."""
    if group.gender and victim.gender and group.gender != victim.gender:
        return False
    return not (
        group.child is not None and victim.child is not None and group.child != victim.child
    )


def _same(a: Victim, b: Victim) -> bool:
    """Whether two descriptions can be one person (nothing in them differs)."""
    if a.count != b.count:
        return False  # "his two daughters" is not "a girl"
    if a.noun == "person" and not (a.gender or a.age or a.name):
        return True  # "she was shot" before she is described
    if a.gender and b.gender and a.gender != b.gender:
        return False
    if a.age is not None and b.age is not None and a.age != b.age:
        return False
    if a.child is not None and b.child is not None and a.child != b.child:
        return False
    # nouns differ freely: "a man was shot ... his brother" may be one person
    return not (a.name and b.name and not _same_name(a.name, b.name))


def _same_name(a: str, b: str) -> bool:
    """Whether two names can be one person's ("Akira Marie Waters", "Akira", "Waters")."""
    return bool(set(a.split()) & set(b.split()))


def _merged(a: Victim, b: Victim) -> Victim:
    return dataclasses.replace(
        a,
        gender=a.gender or b.gender,
        age=a.age if a.age is not None else b.age,
        name=a.name or b.name,
        child=a.child if a.child is not None else b.child,
        dead=a.dead or b.dead,
        last=max(a.last, b.sentence),
        noun=a.noun if a.noun not in _GENERIC else b.noun,
    )


def _mentions(sent: Span, index: int, gun: bool) -> Iterable[_Mention]:
    """The victims of every hit predicate of one sentence, each token once (``gun``: the report
    is about gunfire, so "hit" and "hurt" are its hits)."""
    seen: set[int] = set()
    for tok in sent:
        heads: list[Token] = []
        lemma = tok.lemma_.lower()
        if (
            tok.pos_ in ("VERB", "AUX")
            and lemma in _HIT_VERBS
            and (gun or lemma not in _GUN_ONLY)
            and not _unreal(tok)
            and not (lemma in ("hurt", "injure") and _hurt_otherwise(tok))
        ):
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if lemma in _GUN_ONLY and _blow(tok):
                heads = []
            elif passive:
                # a second subject is coordination the parser missed ("a man and a bystander
                # were wounded") or a misparse ("a man who stabbed a relative was shot")
                heads = passive[:1] + [
                    p
                    for p in passive[1:]
                    if p.left_edge.i > 0 and p.doc[p.left_edge.i - 1].lower_ in ("and", "or")
                ]
            elif tok.dep_ == "acl" and tok.tag_ == "VBN":
                heads = [tok.head]  # "the woman wounded in the shooting"
            elif any(c.dep_ == "auxpass" and c.lower_ == "being" for c in tok.children):
                # "died at the scene after being shot": the one who died
                subject = _subject(tok.head) if tok.dep_ in ("advcl", "pcomp", "pobj") else None
                if subject is None and tok.dep_ in ("pcomp", "pobj"):
                    subject = _subject(tok.head.head)
                heads = [subject] if subject is not None else []
            elif tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
                # "left a woman dead and two men wounded": a participle with its own subject
                heads = [c for c in tok.children if c.dep_ in ("nsubj", "dobj")][:1]
            else:
                # "killed his two children and wounded his ex-wife": each verb its own object
                heads = [c for c in tok.children if c.dep_ == "dobj"]
        elif lemma in ("pronounce", "declare", "find") and _death_complement(tok):
            heads = _declared_dead(tok)[:1]  # "were pronounced dead at the scene"
        elif lemma == "die" and tok.pos_ == "VERB" and not _unreal(tok):
            heads = [c for c in tok.children if c.dep_ == "nsubj"][:1]  # "a man died at the scene"
        elif lemma == "leave" and any(
            c.dep_ in ("oprd", "acomp", "xcomp") and c.lemma_.lower() in _LEFT_HIT
            for c in tok.children
        ):
            heads = [c for c in tok.children if c.dep_ == "dobj"]  # "left one man dead"
        elif lemma in ("wound", "injury") and tok.pos_ == "NOUN" and _gunshot(tok, gun):
            heads = _wound_bearer(tok)
        if (
            lemma == "victim"
            and tok.i not in seen
            and any(c.dep_ == "amod" and c.lower_ in _NEW_MARKERS - {"other"} for c in tok.children)
        ):
            heads = [tok]  # "a second victim arrived at the hospital": one more person hit
        for head in heads:
            for person in (head, *head.conjuncts):
                if person.i in seen:
                    continue
                seen.add(person.i)
                mention = _mention(person, tok, index)
                if mention is not None and (mention.token is person or mention.token.i not in seen):
                    seen.add(mention.token.i)  # "the 11-year-old who shot himself": once
                    yield mention


_DEATH_WORDS = frozenset({"dead", "deceased"})


def _dead_people(sent: Span) -> set[int]:
    """Tokens of the people a sentence says died: "died at the scene", "was shot and killed",
    "was fatally shot", "shot dead", "was pronounced dead", "killed himself"."""
    dead: set[int] = set()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or _unreal(tok):
            continue
        children = list(tok.children)
        complement = _death_complement(tok)
        to_death = any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
            for c in children
        )
        fatally = any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in children)
        if lemma in ("die", "succumb"):
            targets = [c for c in children if c.dep_ == "nsubj"]
            if not targets and (subject := _subject(tok)) is not None:
                targets = [subject]  # "was shot and later died"
        elif (
            lemma == "kill"
            or (lemma in ("shoot", "wound") and (fatally or complement or to_death))
            or (lemma in ("pronounce", "find", "declare") and complement)
        ):
            targets = _declared_dead(tok)
        else:
            continue
        for target in targets:
            if target.lower_ in ("himself", "herself"):
                target = _subject(tok) or target  # "killed himself"
            if target.lower_ in ("who", "that") and target.head.dep_ == "relcl":
                target = target.head.head
            dead.update(t.i for t in (target, *target.conjuncts))
    return dead


def _death_complement(verb: Token) -> bool:
    """Whether a verb says its person ended dead: "was pronounced dead", "shot dead"."""
    return any(
        c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.lower_ in _DEATH_WORDS
        for c in verb.children
    )


def _declared_dead(verb: Token) -> list[Token]:
    """Who a death predicate is about: its object or passive subject ("was pronounced dead",
    "shot and killed his wife"), the subject of its complement ("officers found him dead"), or
    the subject of the passive it is coordinated with ("was shot and killed"); never the ones
    who found, pronounced or fired."""
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "dobj"):
            return [child]
        if child.dep_ in ("ccomp", "xcomp", "oprd") and child.lower_ in _DEATH_WORDS:
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return [subject]
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    coordinated = verb.dep_ == "conj" and any(c.dep_ == "nsubjpass" for c in verb.head.children)
    subject = _subject(verb) if passive or coordinated else None
    return [subject] if subject is not None else []


def _unreal(verb: Token) -> bool:
    """A hit that did not happen: "tried to shoot him", "was not hurt", "threatened to kill",
    "might kill"."""
    if any(
        c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.tag_ == "MD") for c in verb.children
    ):
        return True  # "was not hurt", "might kill a bystander", "could have been killed"
    return verb.dep_ in ("xcomp", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


_BLUNT = frozenset({"weapon", "gun", "rifle", "shotgun", "pistol", "handgun", "car", "vehicle"})
_PROJECTILE = re.compile(r"\b(?:bullets?|rounds?|pellets?|shots?|gunfire|fragments?)\b", re.I)


_OTHER_CAUSES = frozenset({"jump", "fall", "trample", "crash", "stampede", "slip", "trip"})


def _hurt_otherwise(verb: Token) -> bool:
    """Whether "hurt" or "injured" says how, and not by the weapon: "was hurt when she jumped
    off the back porch", "injured in a fall"."""
    return any(
        t.lemma_.lower() in _OTHER_CAUSES and t.pos_ == "VERB"
        for c in verb.children
        if c.dep_ in ("advcl", "prep")
        for t in c.subtree
    )


def _blow(verb: Token) -> bool:
    """A blow, not gunfire: "struck in the head with the gun", "hit by a car", "the weapon
    recoiled and struck him"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None) or _subject(verb)
    if subject is not None and subject.dep_ != "nsubjpass":
        if subject.lemma_.lower() in _BLUNT:
            return True
        if subject.lower_ == "it" and not _PROJECTILE.search(verb.sent.text):
            return True
    for prep in verb.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("with", "by"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and not _GUN_CONTEXT.search(obj.text):
                    return True
    return False


def _gunshot(wound: Token, gun: bool) -> bool:
    """A gunshot wound: "a gunshot wound", or in a report about gunfire "a leg wound", "a wound
    to his calf" (not a stab wound, not an injury of unstated cause)."""
    words = {c.lower_ for c in wound.children if c.dep_ in ("compound", "amod")}
    if words & {"gunshot", "bullet", "gun", "shotgun"}:
        return True
    return gun and wound.lemma_.lower() == "wound" and not words & {"stab", "knife", "puncture"}


def _wound_bearer(wound: Token) -> list[Token]:
    """Who has the wound: "found a man with a gunshot wound", "five other victims showed up at
    the hospital with gunshot wounds", "was treated for a gunshot wound", "he suffered a gunshot
    wound"."""
    head = wound.head
    if wound.dep_ == "dobj" and head.lemma_.lower() in _HAVE_WOUND:
        return [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")][:1]
    if wound.dep_ != "pobj" or head.lower_ not in ("with", "for", "from"):
        return []  # not "drove her son to hospital because of a gunshot wound"
    owner = head.head
    if owner.pos_ in ("NOUN", "PROPN") or owner.lower_ == "old":
        return [owner]  # "a man with a gunshot wound"
    if owner.pos_ not in ("VERB", "AUX"):
        return []
    objects = [c for c in owner.children if c.dep_ == "dobj"]
    if head.lower_ == "with" and objects:
        return objects[:1]  # "found a man with a gunshot wound to the chest"
    subject = _subject(owner)  # "a man was found lying in the lot with gunshot wounds"
    return [subject] if subject is not None else []


def _mention(person: Token, verb: Token, index: int) -> _Mention | None:
    """One victim token read: ``None`` when it is not a person."""
    low = person.lower_
    if low in ("himself", "herself"):
        # "a father shot himself and his two daughters": the one who fired is hit too
        subject = _subject(verb)
        if subject is not None and _is_person(subject):
            return _described(subject, index, new=False, anaphoric=False)
        victim = Victim(text=person.text, noun="person", count=1, sentence=index)
        return _Mention(person, new=False, anaphoric=True, victim=victim)  # "he shot himself"
    if low in ("who", "that") and person.head.dep_ == "relcl":
        person = person.head.head  # "two sisters who were shot": the sisters
        low = person.lower_
    if person.pos_ == "PRON" and low not in _ANAPHORS:
        return None  # "which": not a person
    if low in _ANAPHORS:
        count = 2 if low == "both" else 1  # "both were shot in the head": two people
        gender = "m" if low in ("he", "him") else "f" if low in ("she", "her") else None
        victim = Victim(text=person.text, noun="person", count=count, sentence=index, gender=gender)
        return _Mention(person, new=False, anaphoric=True, victim=victim)
    if not _is_person(person):
        return None
    dets = {c.lower_ for c in person.children if c.dep_ in ("det", "predet")}
    if dets & {"neither", "no", "none"}:
        return None  # "neither man was hit"
    mods = {c.lower_ for c in person.children if c.dep_ in ("amod", "det")}
    number = _count_token(person)
    # "another man", "three other people": someone new; "the other two": people named before
    definite = bool(dets & {"the", "this", "that", "these", "those"})
    new = bool(mods & _NEW_MARKERS) and not definite
    if new and person.dep_ == "dobj" and (subject := _subject(verb)) is not None:
        new = not _is_person(subject)  # "a teen shot another teen": one hit, not a second
    if person.tag_ in ("NNS", "NNPS") and number is None:
        if definite or any(c.dep_ == "poss" for c in person.children):
            return None  # "the victims", "their children": people already named
        victim = Victim(text=person.text, noun=person.lemma_.lower(), count=0, sentence=index)
        return _Mention(person, new=False, anaphoric=False, victim=victim, uncounted=True)
    if any(c.dep_ == "advmod" and c.lower_ in ("also", "too") for c in verb.children):
        # "a man was also shot", "the would-be robber was also shot": someone else
        new, definite = True, definite and person.lemma_.lower() in _GENERIC
    if _shooter_of_someone(person):
        new, definite = True, False  # "the man accused of shooting him was wounded": the shooter
    mention = _described(person, index, new=new, anaphoric=definite)
    return dataclasses.replace(mention, kin=_kin_of_someone_before(person))


def _shooter_of_someone(person: Token) -> bool:
    """Whether a person is described as the one who shot someone named before: "the man accused
    of shooting him", "the woman who shot her" (a clause on the person with a shooting verb and
    a pronoun for its victim)."""
    return any(
        tok.lemma_.lower() in ("shoot", "wound", "kill")
        and any(c.dep_ == "dobj" and c.lower_ in ("him", "her", "them") for c in tok.children)
        for tok in person.subtree
        if tok.i != person.i
    )


def _kin_of_someone_before(person: Token) -> bool:
    """ "His friend was shot in the hand" after "a boy was shot": a relation of someone the report
    named before (so someone else), unless the sentence itself names whose relation it is
    ("Andre Price told WISN that his daughter was shot", "he said his daughter was shot")."""
    lemma = person.lemma_.lower()
    if lemma not in _KIN or lemma in _GENERIC:
        return False
    if not any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in person.children):
        return False
    return not any(
        _is_person(t) or t.ent_type_ == "PERSON" or t.lower_ in ("he", "she", "they")
        for t in person.sent
        if t.i < person.i
    )


def _is_person(tok: Token) -> bool:
    """A person noun, a name, an age standing for a person ("the 17-year-old") or "others"."""
    is_age = tok.lower_ == "old" and tok.i >= 2 and tok.nbor(-2).lower_ == "year"
    others = tok.lower_ == "others" and tok.pos_ in ("NOUN", "PRON")
    aged = tok.pos_ == "NOUN" and any(
        c.dep_ == "appos" and c.like_num and c.lower_.isdigit() and 0 < int(c.lower_) < 110
        for c in tok.children
    )  # "the motorcyclist, 36, was hit"
    if tok.lemma_.lower() in _ANIMALS or any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in _ANIMALS for c in tok.children
    ):
        return False  # "the family's pit bull mix, Bruno, was hit": not a person
    return is_age or others or aged or tok.lemma_.lower() in _PERSON_NOUNS or _is_name(tok)


def _full_name(tok: Token) -> str:
    """A name with the words compounded into it, lowercased: "akira marie waters"."""
    words = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join(t.lower_ for t in sorted([*words, tok], key=lambda t: t.i))


def _is_name(tok: Token) -> bool:
    """A person's name: tagged PERSON, or a proper noun the tagger took for an organisation
    that is hit ("Darnell Hughes, 24, was shot": no organisation is shot)."""
    if tok.lower_ in _PERSON_NOUNS:
        return False  # "A Portsmouth Man has died"
    if tok.ent_type_ == "PERSON":
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("", "ORG") and tok.dep_ in _HIT_ROLES


def _subject(verb: Token) -> Token | None:
    """Who did the verb: its subject, the noun a relative "who" stands for, or the subject of
    the verb it is coordinated with ("was cleaning his gun and shot himself")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
                return subject.head.head
            return subject
        if verb.dep_ not in ("conj", "advcl", "xcomp"):
            return None
        verb = verb.head
    return None


def _count_token(person: Token) -> Token | None:
    """The number counting a person noun ("his two daughters"), not an age ("24 year-old")."""
    for child in person.children:
        if child.dep_ == "nummod" and not (
            child.i + 1 < len(child.doc) and child.nbor(1).lower_.startswith(("year", "-"))
        ):
            return child
    return None


def _described(person: Token, index: int, *, new: bool, anaphoric: bool) -> _Mention:
    lemma = person.lemma_.lower()
    number = _count_token(person)
    count = 1
    if number is not None:
        value = parse_number(number.text)
        count = int(value) if value and value == int(value) and value < 50 else 1
    name = None
    if _is_name(person):
        name = _full_name(person)
        lemma = "person"
    for appos in person.children:
        if appos.dep_ == "appos" and appos.ent_type_ == "PERSON":
            name = _full_name(appos)
    age = None
    match = re.search(
        r"\b(\d{1,2})-year-old\b", " ".join(t.text for t in person.subtree).replace(" - ", "-")
    )
    if match is None:
        match = re.search(r"^[^,]*, (\d{1,2}),", person.sent[person.i - person.sent.start :].text)
    if match:
        age = int(match.group(1))
    gender = "m" if lemma in _MALE else "f" if lemma in _FEMALE else None
    child = True if lemma in _CHILD else (False if lemma in ("man", "woman") else None)
    victim = Victim(
        text=person.text,
        noun=lemma if lemma != "old" else "person",
        count=count,
        sentence=index,
        gender=gender,
        age=age,
        name=name,
        child=child,
    )
    return _Mention(person, new=new, anaphoric=anaphoric and name is None, victim=victim)
