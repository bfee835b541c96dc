"""Figures across sources: how many were killed, injured, displaced, ... and who says so.

Stage (per story). Reads the :class:`~newsfuse.models.Quantity` records that the numbers stage
(:mod:`newsfuse.numbers`) put in each ``AnnotatedArticle.quantities`` (value, qualifier, range,
``kind``), the sentences they stand in, and ``Article.duplicate_of``. Adds a list of
:class:`~newsfuse.models.Figure`, one per thing counted:

* **What is counted**: the ``kind`` (killed, injured, displaced, arrested, abducted; also
  population, fighters, civilians, people for counts that are not casualties) and, for tolls that
  sum many incidents ("980 civilians were killed across the country in May"), an *aggregate*
  subject kept apart from the incident's own toll. Sub-counts ("including 87 children", "three
  of them") do not compete with the totals they break down.
* **Per source**: an article's counts come from its text and its headline (``Article.title``,
  cited as a zero-width span at the article's start); its figure for a kind is its largest
  total (later sentences often update a toll upward); every value as written stays in
  ``reported`` with its citations and its attribution ("SANA", "the Observatory").
* **Counts written without a number** are read too: one victim ("a man was shot and killed"),
  victims listed by name or as nouns ("Mother, toddler killed", "the victims are A, B and C"),
  "a quadruple shooting" (four hit), the shooter's own death after a toll ("killing two, then
  himself": three dead, as GVA and ACLED count it). Ages, photo galleries, sidebars and other
  stories' headlines on the page, and every count of a round-up article are not the toll.
* **Reconciled value**: ACLED's rule for disputed tolls, the most conservative figure reported by
  any source ("at least 10" counts as 10, "10 to 15" as 10, "dozens" as 12), with the full range
  and the dispute in ``note``; except that a figure more independent sources agree on (at least
  two, more than give any other value) outvotes a lower count fewer sources give (most often a
  partial or early count), and a toll *explicitly* updated later ("Third victim
  dies", "the death toll rose to 5") supersedes the first reports (noted, all figures kept), and
  the victims who died are then taken off the wounded. An early article's wounded are read
  against the deaths that later articles report (the wounded who died are not counted twice).
  In a murder-suicide (any source says the shooter killed himself) a toll one above the lowest is
  coded: the lower count gives his victims only.
* **Background**: tolls of other, earlier incidents ("last year", "last July", a past year the
  story was not reported in, a full date two or more years before the article) are left out.
* **Status**: *conflicting* when two independent sources give values that cannot both be true
  (qualifiers are read as intervals: "at least 10" and "12" agree, "12" and "15" do not),
  *corroborated* when two or more independent sources agree, else *single-source*.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.claims import attribution_of, independent_count, interval
from newsfuse.dates import interpret
from newsfuse.models import (
    AnnotatedArticle,
    Article,
    Citation,
    Figure,
    Mention,
    Quantity,
    ReportedValue,
)
from newsfuse.numbers import parse_number
from newsfuse.victims import MAX_SENTENCES, HitPeople, read_hit_people

__all__ = [
    "CASUALTY_KINDS",
    "FIGURE_KINDS",
    "compare_figures",
    "interval",
    "is_aggregate",
    "is_subcount",
]

log = logging.getLogger(__name__)

CASUALTY_KINDS = ("killed", "injured", "displaced", "arrested", "abducted")
"""Kinds reconciled as tolls, in the order a brief shows them."""

FIGURE_KINDS = (*CASUALTY_KINDS, "population", "fighters", "civilians", "people")
"""Every kind compared across sources."""

# Totals that sum many incidents: over a country, a period, a war.
_AGGREGATE = re.compile(
    r"\b(?:across the (?:country|region|province|state|nation|five boroughs|boroughs)|"
    r"nationwide|country-?wide|in incidents (?:spanning|across)|"
    r"so far this (?:year|month)|this year|since the (?:start|beginning|outbreak)|"
    r"since (?:19|20)\d\d|since (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)|(?:during|in) the month of \w+|per (?:month|year|day)|"
    r"annually|(?:monthly|annual|yearly) (?:toll|total|tally|figures?|numbers?|counts?|average|"
    r"report|death toll)|in total|total of|overall|cumulative|to date|since the war|"
    r"(?:war|conflict|civil war|insurgency|uprising) (?:has|have) (?:killed|claimed)|"
    r"death toll (?:of|in) the (?:war|conflict)|city-?wide|across the city|"
    r"(?:homicides|homicide victims|murders) (?:in|across|throughout) (?:the )?(?:[A-Z][a-z]+ )*"
    r"(?:County|county|City|city|state|Parish)|"
    r"(?:shootings|violence) (?:across|throughout|around) (?:the city|[A-Z][a-z]+)|"
    r"(?:separate|different|several|multiple|unrelated|weekend|overnight|city|\d+|two|three|four|"
    r"five|six|seven|eight|nine|ten|a string of|a series of) (?:[\w-]+ ){0,3}?shootings|"
    r"shootings (?:across|around|throughout)|[A-Z][a-z]+ shootings (?:wound|kill|leave|left)|"
    r"(?:wounded|killed|shot|injured|hurt) in shootings|"
    r"since (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last \w+)|"
    r"from (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?: \w+)? "
    r"(?:into|to|through)|"
    r"in (?:\d+|two|three|four|five|six|seven|eight|nine|ten|\w+ (?:different|separate)) "
    r"(?:incidents|shootings|attacks))\b",
    re.IGNORECASE,
)
# A number that breaks a total down: "including 87 people", "three of them", "among them 4".
_SUBCOUNT_BEFORE = re.compile(
    r"(?:including|among them|among whom|of whom|of them|of which|among the dead|among those)"
    r"\s*(?:at least |about |nearly |some |more than )?$",
    re.IGNORECASE,
)
_SUBCOUNT_AFTER = re.compile(r"^\s*(?:of (?:them|those|whom|the (?:dead|victims|injured)))")

# Reading the words around a number: the verb just before it ("killing two", "wounding 5",
# "displaced tens of thousands") wins, then the first casualty word after it in its clause
# ("12 civilians were killed", "one man dead", "four people were shot").
_KILLED = (
    r"kill(?:ed|ing|s)?|dead|died|dies|die|slain|(?<!attempted )murder(?:ed|ing)?|fatal(?:ly)?|"
    r"lost their lives|"
    r"lives (?:were|have been|had been) lost|"
    r"shot dead|deaths?|perished|executed|massacred|beheaded|bodies|(?:homicide|murder) victims?"
)
_INJURED = (
    r"injur(?:ed|ing|ies|es|y)|wound(?:ed|ing|s)?|hurt|hospitali[sz]ed|maimed|grazed|"
    r"taken to (?:the |a |area |local )?(?:[A-Z][\w.'’-]* ){0,3}?hospitals?|treated (?:for|at)|"
    r"in (?:critical|serious|"
    r"stable|fair|good) condition|survived|expected to survive|non-life[- ]threatening|"
    # a headline's "3 dead, 1 critical in berry farm shooting"
    r"critical(?=\s*(?:$|[,;&]|\b(?:and|in|after|at|as|following|from)\b))"
)
_SHOT = (
    r"shot|shoots|gunned down|hit by (?:gunfire|bullets)|struck by (?:gunfire|bullets)|"
    # "found two men suffering from gunshot wounds": hit, whether they lived is not said
    r"suffer(?:ing|ed|s)? (?:from )?(?:(?:multiple|apparent|several) )?gunshot wounds?"
)
_DISPLACED = r"displac(?:ed|ing)|fled|fleeing|evacuated|homeless|uprooted|refugees"
_ARRESTED = r"arrest(?:ed|ing|s)?|detain(?:ed|ing)|in custody|apprehended|jailed"
_ABDUCTED = r"abduct(?:ed|ing)|kidnapp?(?:ed|ing)|taken hostage|hostages?"
_CUES = (
    ("killed", re.compile(rf"\b(?:{_KILLED})\b", re.IGNORECASE)),
    ("injured", re.compile(rf"\b(?:{_INJURED})\b", re.IGNORECASE)),
    ("shot", re.compile(rf"\b(?:{_SHOT})\b", re.IGNORECASE)),
    ("displaced", re.compile(rf"\b(?:{_DISPLACED})\b", re.IGNORECASE)),
    ("arrested", re.compile(rf"\b(?:{_ARRESTED})\b", re.IGNORECASE)),
    ("abducted", re.compile(rf"\b(?:{_ABDUCTED})\b", re.IGNORECASE)),
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^[\s-]*(?:block|blocks|yrs?\.?|o['’]clock|a\.m\.|p\.m\.|E\.|W\.|N\.|S\.|East|West|North|South|rounds?|shots|times|"
    r"bullets?|shell|casings?|calls?|mph|feet|yards|miles|inches|pounds|degrees|cents?|"
    r"calibers?|caliber|mm|handguns?|guns?|rifles?|pistols?|weapons?|vehicles?|cars?|"
    r"wounds?|gunshot|hours?|minutes?|days?|weeks?|months?|years?|News|TV|'?s|deer|dogs?|"
    r"counts?|charges?|"
    r"cats?|animals?|horses?|cattle|cows?|pets?|birds?|turkeys?|bears?)\b"
    r"|^\s+(?:[A-Z][\w.]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|"
    r"Ln|Way|Place|Pl|Court|Ct|Highway|Hwy|Parkway|Pkwy|Circle|Terrace)\b",
)
_PEOPLE_AFTER = re.compile(
    r"^\s+(?:(?:\S+\s+){0,2})(?:people|persons?|men|women|man|woman|boys?|girls?|children|"
    r"kids|teens?|teenagers|adults|juveniles|victims?|others|students|civilians|residents|"
    r"officers|soldiers|troops|fighters|militants|rebels|police|protesters|workers|family|"
    r"members|males|females|relatives|bystanders|patrons|were|was|have|had|are|died|killed|"
    r"fatally|wounded|injured|hurt|dead)\b",
    re.IGNORECASE,
)
_FIGHTERS_AFTER = re.compile(
    r"^\s+(?:\S+\s+)?(?:militants|fighters|soldiers|troops|rebels|insurgents|jihadists|gunmen|"
    r"combatants|militiamen|policemen|police officers|members)\b",
    re.IGNORECASE,
)
_VICTIMS_AFTER = re.compile(
    r"^\s+(?!homicide\b|murder\b)(?:\w+\s+)?(?:victims?|people hit|casualties)\b", re.IGNORECASE
)  # (a homicide's victims are the dead)
_BACKGROUND = re.compile(
    r"\b(?:last (?:month|year|week|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|spring|summer|fall|autumn|winter)|(?:months|years|decades) ago|"
    r"earlier this (?:year|month)|"
    # "The incident comes a year after Officer Dwyer was shot", "a year ago"
    r"(?:comes?|came|coming) (?:just |only |nearly |almost |about |more than |less than )?(?:a|"
    r"one|two|three|four|five|six|several|\d+) (?:hours?|days?|nights?|weeks?|months?|years?) "
    r"(?:after|since)|"
    r"(?:a|one) year (?:ago|earlier)|"
    # "Two men were shot in a separate, and apparently unrelated incident"
    r"(?:in|during) (?:a|an|another) (?:separate|unrelated)(?:,? (?:and )?(?:[\w-]+ ){0,2}?"
    r"unrelated)? (?:incident|shooting|attack|case|rampage|killing)s?|"
    r"deadliest|in (?:\w+ )?(?:19|20)\d\d|violent streak|"
    # "the second teen killed in the city this week, after a 16-year-old was shot Wednesday"
    r"(?:second|third|fourth|fifth|another) (?:[\w-]+ ){0,2}?(?:killed|shot|slain|homicide|"
    r"shooting|killing) (?:[\w-]+ ){0,4}?(?:this|last) (?:week|weekend|month)|"
    r"(?:streak|string|spate|series|rash|wave) of "
    r"(?:\w+ ){0,2}(?:violence|shootings|homicides|killings|murders))\b",
    re.IGNORECASE,
)
# A full date or a year naming an incident: "the Sept. 16, 2010, shooting", "a 2012 killing"
_PAST_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}"
    r"(?:st|nd|rd|th)?,? (?:19|20)\d\d\b|"
    r"\b(?:19|20)\d\d (?:[\w-]+ ){0,2}?(?:shooting|killing|slaying|murder|homicide|death|attack|"
    r"massacre|rampage|"
    r"bombing|incident)s?\b",
    re.IGNORECASE,
)
_NEGATED_TOLL = re.compile(
    r"\b(?:none of (?:the|them|those)|neither)\b[^.;]{0,40}?\b(?:was|were)\s+(?:\w+\s+)?"
    r"(?:hit|struck|injured|hurt|wounded|shot)\b|"
    r"\b(?:no one|nobody|no (?:one )?(?:was|were) (?:killed|injured|hurt)|no (?:deaths|"
    r"injuries|casualties|fatalities)|without (?:injury|injuries))\b",
    re.IGNORECASE,
)


# Words that may stand between a casualty verb and its count: "killing at least 12"
_COUNT_BOUND = r"(?:at least |as many as |about |some )?"
# The verb just before a number says the people died: "fatally shot seven", "shot and killed 2".
_KILLED_BEFORE = re.compile(
    r"\b(?:fatally (?:shot|shooting|shoots|wounded|wounding|stabbed|stabbing)|shot and killed|"
    rf"shooting and killing|shot dead|shot to death)\s+{_COUNT_BOUND}"
    r"(?:(?:his|her|their|the) (?:own )?)?$",
    re.IGNORECASE,
)


# A gun's hits named before the count: "hits his two young sons", "struck both of them"
_HIT_BEFORE = re.compile(
    r"\b(?:hits?|hitting|struck|strikes|striking|wounds|wounding|injuring|injures|shot|shoots|"
    r"shooting)\s+"
    r"(?:his|her|their|the)\s+$",
    re.IGNORECASE,
)


def is_aggregate(sentence: str) -> bool:
    """Whether a sentence's toll sums many incidents (a country, a month, a war)."""
    return bool(_AGGREGATE.search(sentence))


def is_subcount(text: str, quantity: Quantity) -> bool:
    """Whether a number breaks down a total given in the same text ("including 87 people")."""
    before = text[: max(0, quantity.start)]
    after = text[quantity.end :]
    return bool(_SUBCOUNT_BEFORE.search(before[-40:]) or _SUBCOUNT_AFTER.match(after[:30]))


_SELF_AFTER = re.compile(r"\s+(?:him|her|them)sel(?:f|ves)\b", re.IGNORECASE)


def _first_cue(text: str, *, last: bool = False) -> tuple[str, int] | None:
    found: list[tuple[int, str]] = []
    for kind, pattern in _CUES:
        for match in pattern.finditer(text):
            if _SELF_AFTER.match(text, match.end()):
                continue  # "before killing himself": the shooter's own act, not the count's
            found.append((match.start(), kind))
    if not found:
        return None
    position, kind = max(found) if last else min(found)
    return kind, position


_PARENT_OF = re.compile(
    r"\b(?:mother|father|mom|dad|parent|grandmother|grandfather|grandparent)s? of\s*$",
    re.IGNORECASE,
)
_NAME_COMMA = re.compile(
    r"\b(?!(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|them|those|these|"
    r"whom|victims|people)\b)[A-Za-z][a-z]+,\s*$"  # not "Of the six, two were killed"
)
_AGE_AFTER = re.compile(r"^\s*(?:[,;]|[—–)]|(?:was|is|and|were|are)\b)")
_MONTH_BEFORE = re.compile(
    r"\b(?:Jan|January|Feb|February|Mar|March|Apr|April|May|June?|July?|Aug|August|Sept?|"
    r"September|Oct|October|Nov|November|Dec|December)\.?\s*$"
)
_IMAGE_OF = re.compile(
    r"\b(?:image|photo|picture|slide)s?(?: \d+ of\s*/?)?\s*$|\b\d+ of\s*/\s*$", re.IGNORECASE
)


_AGE_BEFORE = re.compile(
    r"\b(?:younger|older) than\s*$|\bunder the age of\s*$|"
    # "ages 16, 17, 18, 20 and 22", "ages 8 and 11"
    r"\bages?(?: of)?\s*(?:\d{1,3}\s*(?:,|and|to|-|–)\s*)*$|"
    # "the seven wounded, who range in age from 19 to 66"
    r"\b(?:range|ranging|ranged|ranges) in age from\s*(?:\d{1,3}\s*(?:to|-|–)\s*)?$",
    re.IGNORECASE,
)
# A road or a unit number: "County Road 14", "Route 30", "Interstate 95", "Apt. 4"
_ROAD_BEFORE = re.compile(
    r"\b(?:Road|Rd\.?|Route|Rte\.?|Highway|Hwy\.?|Interstate|I-|U\.?S\.?|State Road|SR|"
    r"Street|St\.?|Avenue|Ave\.?|Exit|Mile|Apt\.?|Apartment|Unit|Suite|Room|Lot|Pier|Gate|"
    r"Building|Precinct|District|Ward|Station|Engine|Ladder|Company)\s*$"
)
_STATION_BEFORE = re.compile(
    r"\b(?:Live|Fox|FOX|Channel|News|NewsChannel|Newschannel|Action News|Eyewitness News|ABC|NBC|"
    r"CBS|(?!(?:KILL|KEEP|KIDS|WERE|WHO|WHY|WITH|WHEN|WHAT|WILL|WAS|WAR|WEST|WEEK)\b)"
    r"[KW][A-Z]{2,3}(?:-(?:TV|DT|FM|AM))?)\s*$"
)
"""Words that end a TV or radio station's name before its channel number ("Channel 2", "WSB 2",
"KHOU-TV 11"): US call signs are three or four capitals starting with K or W."""
_ARRESTED_AFTER = re.compile(
    r"^\s+(?:(?:men|women|people|teens|suspects|others|more)\s+)?(?:(?:were|are|have been)\s+)?"
    r"(?:indicted|charged|arrested|sentenced|convicted|accused|detained|plead|pleaded)\b",
    re.IGNORECASE,
)
_OF_VICTIMS_BEFORE = re.compile(
    r"\b(shooting|shootings|killing|killings|deaths|murders?|slayings?) of (?:the )?\s*$",
    re.IGNORECASE,
)


# "accused of killing two women and wounding three others pleaded ...": the verb before the
# number says what it counts, whatever follows
_CASUALTY_VERB_BEFORE = re.compile(
    r"\b(?:killing|wounding|injuring|shooting|kills|wounds|injures|shoots)\s+"
    rf"{_COUNT_BOUND}$",
    re.IGNORECASE,
)


_OF_THEM = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|some|many|most|all) "
    r"of (?:them|those)\b",
    re.IGNORECASE,
)


# A subordinate clause with a subject of its own: what follows says what happened to someone else
# ("three people were in the car when the teen was shot"), unlike "when they were shot".
_OTHER_SUBJECT = re.compile(
    r"\b(?:when|as|after|before|until) (?:the|a|an|his|her|their|one|police|officers|[A-Z][a-z]+)\b"
)


_DENIED_BEFORE = re.compile(r"\b(?:not|never|n['’]t)\s+(?:\w+ly\s+|been\s+)?$", re.IGNORECASE)


# The death word describes someone else: "shot at a vigil for a teenager killed last week",
# "2 shot at vigil for slain teen" (a person noun, or "for"/"of", just before it)
_MODIFIES_ANOTHER = re.compile(
    r"\b(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|person|victim|officer|deputy|"
    r"student|mother|father|son|daughter|brother|sister|friend|for|of)\s+$",
    re.IGNORECASE,
)


def kind_in_context(sentence: str, start: int, end: int, fallback: str | None) -> str | None:
    """What a number at ``sentence[start:end]`` counts, read from the words around it: the
    casualty verb just before it ("killing two", "wounding five"), else the first casualty word
    after it in its clause ("12 civilians were killed", "four people were shot"), else
    ``fallback`` (the numbers stage's reading). "shot" is returned for people hit by gunfire when
    the clause does not say whether they died. ``None`` when it is not a count of people."""
    after = sentence[end:]
    if sentence[start:end] in ("911", "9-1-1"):
        return None  # "a 911 call"
    if _NOT_A_COUNT_AFTER.match(after):
        return None
    if _PARENT_OF.search(sentence[:start]):
        return None  # "a mother of three"
    if _NAME_COMMA.search(sentence[:start]) and _AGE_AFTER.match(after):
        return None  # "Kalone Mcgee, 26, was shot", "Boy, 14, dies": an age
    if _IMAGE_OF.search(sentence[:start]):
        return None  # "Image 1 of 8": a photo gallery
    if _MONTH_BEFORE.search(sentence[:start]) and re.fullmatch(r"\d{1,2}", sentence[start:end]):
        return None  # "the May 1 shooting": a date
    if (
        _AGE_BEFORE.search(sentence[:start])
        or _STATION_BEFORE.search(sentence[:start])
        or _ROAD_BEFORE.search(sentence[:start])
    ):
        return None  # "a boy younger than 12", "Source: Live 5", "County Road 14"
    if re.search(r"\b(?:of|among) (?:the|those|these)\s+$", sentence[:start], re.IGNORECASE) and (
        re.match(r"\s*,", after)
    ):
        return "people"  # "Of the six, two were pronounced dead": the group, counted before
    if _ARRESTED_AFTER.match(after) and not _CASUALTY_VERB_BEFORE.search(sentence[:start]):
        return "arrested"  # "5 Indicted For Killing Of ...": the accused, not the dead
    if (verb := _OF_VICTIMS_BEFORE.search(sentence[:start])) and _PEOPLE_AFTER.match(after):
        # "the shooting of two teens", "the killing of three men"
        return "shot" if verb.group(1).lower().startswith("shoot") else "killed"
    if fallback is None and not _PEOPLE_AFTER.match(after):
        return None  # "Channel 7 News", "shot one time": not a count of people
    clause_start = max(sentence.rfind(c, 0, start) for c in (",", ";", ":", "“", '"', "("))
    before = sentence[clause_start + 1 : start]
    if _KILLED_BEFORE.search(before):
        return "killed"  # "fatally shot seven people", "shot and killed two"
    if _HIT_BEFORE.search(before):
        return "shot"  # "hits his two young sons", "striking her three children"
    before_words = before.split()[-1:]
    if before_words:
        cue = _first_cue(before_words[0])
        if cue is not None:
            return cue[0]
    stop = re.search(r"[,;:.!?()“”\"]|\s[–—]\s|\b\d|\b(?:including|while|but)\b", after)
    other = _OTHER_SUBJECT.search(after)
    if other and (stop is None or other.start() < stop.start()):
        stop = other  # "three people were in a car when the teen was shot": the teen was
    clause = after[: stop.start()] if stop else after
    if (part := _OF_THEM.search(clause)) and _first_cue(clause[: part.start()]) is None:
        return "people"  # "nearly 200 teens at the party and four of them were shot": who was there
    cue = _first_cue(clause)
    if cue is not None and _DENIED_BEFORE.search(clause[: cue[1]]):
        return "people"  # "her two siblings in the same room were not hurt": present, unhurt
    if (
        cue is not None
        and cue[0] in ("shot", "injured")
        and _PART_OF_BEFORE.search(sentence[:start])
    ):
        # "one of the two men shot Friday has died": the two were shot, one died; "one of the
        # two people wounded ... died": the two wounded of an earlier report, not a count now
        return "shot" if cue[0] == "shot" else "people"
    if cue is not None:
        if (
            cue[0] == "shot"
            and (killed := _CUES[0][1].search(clause)) is not None
            and killed.start() >= cue[1]
            and not _OF_THEM.search(clause[cue[1] : killed.start()])
            and not _MODIFIES_ANOTHER.search(clause[: killed.start()])
        ):
            return "killed"  # "shot and killed", "shot dead" (not "shot and two of them died")
        return cue[0]
    if fallback in (None, "killed", "injured", "people", "civilians"):
        # "The four victims, including a boy, were expected to survive": the verb comes later
        rest = re.split(r"[;.!?]|\b\d|\bbut\b", after, maxsplit=1)[0][:80]
        rest = rest[: other.start()] if (other := _OTHER_SUBJECT.search(rest)) else rest
        if (part := _OF_THEM.search(rest)) and _first_cue(rest[: part.start()]) is None:
            return "people"
        cue = _first_cue(rest)
        if cue is not None and cue[0] in ("killed", "injured", "shot"):
            return cue[0]
        if _VICTIMS_AFTER.match(after):
            return "shot"  # "14 victims": hit, dead or alive not said
    if fallback == "killed" and not _CUES[0][1].search(sentence):
        return "shot"  # "two other gunshot victims": hit, not said to have died
    if fallback in ("population", "people", "civilians") and _FIGHTERS_AFTER.match(after):
        return "fighters"  # "200,000 people and 5,000 militants live in the city"
    return fallback


@dataclass(frozen=True, slots=True)
class _Report:
    """One number of one article, with the sentence it stands in."""

    quantity: Quantity
    article_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    aggregate: bool
    subcount: bool
    attribution: str | None
    kind: str
    background: bool = False
    self_inflicted: int = 0  # the shooter's own death, added to a toll of victims
    update: bool = False  # an explicit later update of the toll ("a third victim died")
    superseded: bool = False  # shown as reported, left out of the reconciled value
    dated: bool = False  # background for the earlier date its sentence names only
    implicit: bool = False  # one wounded named without a number ("the father was released")
    net_of_deaths: bool = False  # wounded already read against the story's deaths

    @property
    def citation(self) -> Citation:
        return Citation(
            article_id=self.article_id,
            start=self.sentence_start,
            end=self.sentence_end,
            text=self.sentence,
        )


def _sentence_span(annotated: AnnotatedArticle, offset: int, fallback_end: int) -> tuple[int, int]:
    text = annotated.article.text
    sentence = annotated.sentence_at(offset)
    start, end = (sentence.start, sentence.end) if sentence else (offset, fallback_end)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + lead + len(raw.strip())


_WINDOW = 300
"""Characters before a count that the one-more-person patterns read (they need a few words)."""


def _reports(annotated: AnnotatedArticle) -> list[_Report]:
    """Every count of people in one article, with what it counts read in context."""
    text = annotated.article.text
    year = annotated.article.published.year if annotated.article.published else None
    out: list[_Report] = []
    previous: _Report | None = None
    absorbed_until = -1
    for quantity in annotated.quantities:
        start, end = _sentence_span(annotated, quantity.start, quantity.end)
        body = text[start:end]
        kind = kind_in_context(body, quantity.start - start, quantity.end - start, quantity.kind)
        if _IMAGE_OF.search(text[max(0, quantity.start - 20) : quantity.start]):
            kind = None  # "... more Image 10 of 10": a gallery, even across a sentence break
        if kind not in (*FIGURE_KINDS, "shot"):
            previous = None
            continue
        if quantity.start < absorbed_until:
            continue  # the "one woman" of "three men and one woman", already counted
        counted_before = False
        if kind in ("injured", "shot", "killed"):
            # both patterns look at a few words before the count: a bounded window keeps a
            # sentence with thousands of numbers (a table flattened into text) linear
            before = text[max(start, quantity.start - _WINDOW) : quantity.start]
            one_before = (
                _ONE_AND_OTHERS.search(before) if quantity.start - start <= _WINDOW else None
            ) or _NAMED_AND_THEIR.search(before)
            one_after = _AND_ONE_MORE.match(text[quantity.end : end])
            if one_after and _OWN_VERB_AFTER.match(text[quantity.end + one_after.end() : end]):
                one_after = None  # "killed four people and one woman survived": not one more
            if one_before or one_after:
                # "a 2-year-old girl and four other people were wounded": five
                quantity = dataclasses.replace(
                    quantity, value=quantity.value + 1, text=text[start : quantity.end].strip()
                )
                counted_before = bool(one_before)
                if one_after:
                    absorbed_until = quantity.end + one_after.end()
        report = _make_report(annotated, quantity, kind, start, end, year)
        if kind in ("killed", "injured", "shot"):
            report = _with_shooter(report, text[quantity.end : end])
        if previous is not None and not counted_before and _coordinated(text, previous, report):
            # "three men and two women were hurt": one count of five
            joined = dataclasses.replace(
                quantity,
                text=text[previous.quantity.start : quantity.end],
                value=previous.quantity.value + quantity.value,
                start=previous.quantity.start,
            )
            report = _make_report(annotated, joined, kind, start, end, year)
        out.append(report)
        previous = report
    title = (annotated.article.title or "").strip()
    out = [r for r in out if not _in_other_story(text, r, title)]
    out.extend(_headline_reports(annotated))
    out.extend(_multiple_reports(annotated, year))
    out.extend(_update_reports(annotated, year))
    out.extend(_named_victims(annotated, year))
    out.extend(_listed_people(annotated, year))
    singles = _single_victims(annotated, out, year)
    out.extend(_murder_suicide(annotated, [*out, *singles], year))
    dead = [r for r in (*out, *singles) if r.kind == "killed" and not r.background]
    if dead:
        # "she was taken to hospital" is most often the victim who died, unless another is named
        dead_nouns = {_subject_noun(r) for r in dead}
        singles = [
            r
            for r in singles
            if r.kind not in ("injured", "shot")
            or _another_victim(
                r.sentence,
                r.quantity.start - r.sentence_start,
                r.quantity.end - r.sentence_start,
            )
            or _ONE_MORE_INJURED.search(r.sentence)
            or _wounded_beside_dead(r.sentence)
            or "surviv" in r.quantity.text.lower()  # "was shot but survived": not the dead
            or _someone_else(r, dead_nouns)
        ]
        singles = [
            dataclasses.replace(
                r, kind="injured", quantity=dataclasses.replace(r.quantity, kind="injured")
            )
            if r.kind == "shot" and _someone_else(r, dead_nouns)
            else r
            for r in singles
        ]
        # the same for a headline's one victim beside the perpetrator's death: "Deputy shot in
        # leg; suspect killed" (only the two sides: a headline's "Woman shot by husband dies"
        # is one person)
        out = [
            dataclasses.replace(
                r, kind="injured", quantity=dataclasses.replace(r.quantity, kind="injured")
            )
            if r.kind == "shot"
            and r.sentence_end == 0
            and r.quantity.value == 1
            and not _numbered(r)
            and _other_side(r, [d for d in dead if d.sentence == r.sentence])
            else r
            for r in out
        ]
    out.extend(singles)
    title = (annotated.article.title or "").strip()
    lead = next((s.text for s in annotated.sentences if s.text.strip()), "")
    out = [r for r in out if not _hurt_otherwise(r)]
    out = _only_so_many_hit(annotated, out, year)
    out = _parts_of_the_victims(annotated, out, year)
    round_up = (title and is_aggregate(title)) or _ROUND_UP.search(lead)
    if not round_up:
        out = _people_hit(annotated, out, year)
        out = _wounded_then_died(annotated, out)
    if round_up:
        # a round-up of several incidents ("7 wounded in city shootings", a lead on "the
        # shootings of nine people across the city"): its counts belong to many incidents, none
        # is the story's own toll
        out = [dataclasses.replace(r, aggregate=True) for r in out]
    return out


# A death written as coming after the wounding: "one of them later died", "the 30-year-old man
# has died from his injuries", "succumbed to his wounds"
_DIED_LATER = re.compile(
    r"\b(?:later died|(?:has|have|had) (?:since )?died|died (?:from|of) (?:his|her|their) "
    r"(?:injuries|wounds)|died (?:a short time |shortly |hours |days |a day |a week )?later|"
    r"succumbed)\b",
    re.IGNORECASE,
)


def _wounded_then_died(annotated: AnnotatedArticle, reports: list[_Report]) -> list[_Report]:
    """An article that counts the wounded and then tells of a death among them ("two people
    were wounded ... one of them later died"): its count of the wounded is then a count of those
    hit, the dead included (read as "shot", which the deaths are taken from); only when every
    death it tells comes later in the text and is written as coming later."""
    own = [r for r in reports if not r.background and not r.aggregate]
    injured = [r for r in own if r.kind == "injured" and _numbered(r)]
    dead = [r for r in own if r.kind == "killed"]
    text = annotated.article.text
    counts = [r for r in injured if r.sentence_end > 0]  # the headline's count comes first too
    if not counts or not dead:
        return reports
    first = min(r.sentence_start for r in counts)
    told = [r for r in dead if r.sentence_end > 0]  # the headline's toll sums up the text's
    if told and not all(r.sentence_start > first and _DIED_LATER.search(r.sentence) for r in told):
        return reports
    if not told and not _DIED_LATER.search(text[first:]):
        return reports  # only the headline's dead: the text must say one died later
    return [
        dataclasses.replace(r, kind="shot", quantity=dataclasses.replace(r.quantity, kind="shot"))
        if r in injured
        else r
        for r in reports
    ]


def _people_hit(
    annotated: AnnotatedArticle, reports: list[_Report], year: int | None
) -> list[_Report]:
    """An article that names the people hit without a number ("a woman was shot in the back;
    her boyfriend and her cousin were also wounded"): the people told apart by
    :mod:`newsfuse.victims` as one count of those shot, in place of its one-victim readings,
    when they are more than its numbers and one-victim readings say."""
    own = [r for r in reports if not r.background and not r.aggregate]
    text = annotated.article.text
    numbered = [r for r in own if r.kind in ("injured", "shot") and _numbered(r)]
    others = [r for r in numbered if _OTHERS_AFTER.match(text, r.quantity.end)]
    if numbered and not others:
        return reports  # the article counts them itself
    read: list[tuple[int, int]] = []
    for sentence in annotated.sentences:
        if len(read) == MAX_SENTENCES:
            break  # the reader reads no further
        span = _sentence_span(annotated, sentence.start, sentence.end)
        if not text[span[0] : span[1]].strip():
            continue
        names = tuple(
            m.text
            for m in annotated.mentions
            if span[0] <= m.start < span[1] and m.label == "PERSON"
        )
        aggregate, background, dated, _ = _sentence_facts(text[span[0] : span[1]], year, names)
        if aggregate or background or dated:
            break  # the report turns to other incidents: its own victims are named before
        read.append(span)
        if others and span[0] <= others[0].quantity.start < span[1]:
            break  # "... five other victims": those named before them, and the others
    from newsfuse.annotate import load_nlp

    hit = read_hit_people(load_nlp(), [text[a:b] for a, b in read])
    if hit is None or hit.uncounted or not hit.gunfire:
        return reports  # the reader counts the people a shooting hit, not a raid's or a crash's
    killed = max((r.quantity.value for r in own if r.kind == "killed"), default=0.0)
    if numbered:
        # "medics rushed a woman to the hospital ... five other victims showed up": the people
        # hit are the others and those named before them
        if hit.count <= max(r.quantity.value for r in numbered):
            return reports
        return [*reports, _hit_report(annotated, hit, read, year)]
    if hit.count == 1:
        if hit.dead == 1 and killed == 0 and not any(_numbered(r) for r in own):
            # the one person hit is the one who died ("was airlifted to a hospital, where she
            # died"): one dead, not one wounded
            out = [r for r in reports if r.kind not in ("injured", "shot")]
            return [*out, _hit_report(annotated, hit, read, year, kind="killed")]
        if not hit.dead and not any(r.kind in CASUALTY_KINDS or r.kind == "shot" for r in own):
            # no wording of the article read a victim, the parse does: "a man with a gunshot
            # wound showed up at a hospital" (one person named without a number: it gives way
            # to another source's count, as the one-victim wordings do)
            one = _hit_report(annotated, hit, read, year)
            return [*reports, dataclasses.replace(one, implicit=True)]
        return reports
    singles = [r.quantity.value for r in own if r.kind in ("injured", "shot")]
    if hit.count < killed + sum(singles) or (
        hit.count == killed + sum(singles) and len(singles) < 2
    ):
        return reports  # its one-victim readings say as much (split between kinds, they add up)
    out = [r for r in reports if r.kind not in ("injured", "shot")]
    out.append(_hit_report(annotated, hit, read, year))
    if (
        hit.dead >= 2
        and hit.dead > killed
        and not any(r.kind == "killed" and _numbered(r) for r in own)
    ):
        # "Mitchell died at the scene and Lee later died": the dead told apart too
        out.append(_hit_report(annotated, hit, read, year, kind="killed"))
    return out


_OTHERS_AFTER = re.compile(r"\s+(?:\w+\s+)?others?\b")  # "five other victims", "six others"


def _hit_report(
    annotated: AnnotatedArticle,
    hit: HitPeople,
    read: list[tuple[int, int]],
    year: int | None,
    kind: str = "shot",
) -> _Report:
    """The people hit as one count of those shot (or of those of them who died, ``kind``
    "killed"), cited at the first sentence naming them."""
    start, end = read[hit.sentences[0]]
    people = [v for v in hit.victims if kind == "shot" or v.dead]
    quantity = Quantity(
        text="; ".join(v.text for v in people),
        value=float(sum(v.count for v in people)),
        start=start,
        end=end,
        sentence=-1,
        kind=kind,
    )
    return dataclasses.replace(
        _make_report(annotated, quantity, kind, start, end, year),
        aggregate=False,
        background=False,
        subcount=False,
    )


def _numbered(report: _Report) -> bool:
    """Whether a report counts with a number ("two men were shot"), not a one-victim wording."""
    return (
        not report.implicit
        and not report.subcount
        and any(parse_number(word) for word in re.findall(r"[\w,]+", report.quantity.text))
    )


# Hurt, but not by the attack's weapon: in a fall or a crash, in the fight before it, fleeing it.
_NOT_BY_THE_WEAPON = re.compile(
    r"\b(?:fell|falling|jump(?:ed|ing)|stamped(?:e|ed|ing)|sprain(?:ed|s)?|"
    r"broken (?:wrist|arm|leg|ankle|nose|bones?|hand)|"
    r"fractur(?:e|ed|es)|cuts and bruises|(?:from|in|during) the (?:fight|fistfight|brawl|scuffle|"
    r"struggle|crash|collision|stampede|melee|rush)|(?:trying|attempting) to (?:escape|flee|get "
    r"away)|while (?:fleeing|running away|escaping)|\bfleeing\b|trampled|anxiety|panic attack|"
    r"(?:treated|evaluated) for shock|(?:were|was) not shot|not by gunfire|pistol-whipped|"
    r"(?:in|from|during) (?:a |the )?(?:car |vehicle )?(?:crash|collision)|injuries from the "
    r"crash)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;:]|,? and (?=(?:a|an|one|two|three|\d+|the|his|her)\b)")


# "Only one person, a 16-year-old boy, was struck by a bullet": the number hit, said against a
# larger number hurt (in a stampede, by glass)
_ONLY_HIT = re.compile(
    r"\bonly (?P<n>one|two|three|four|five|\d) (?:of (?:them|those|the \w+) |(?:[\w-]+ ){0,2}?"
    r"(?:person|people|man|men|woman|women|victim|victims|boy|girl|teen|child)\b[^.;]{0,40}?)"
    r"(?:was|were) (?:actually )?(?:struck|hit|shot|wounded) "
    r"(?:by (?:a |the )?(?:bullets?|gunfire)|in the shooting)?",
    re.IGNORECASE,
)


# One more victim told after a part of them: "Three of the victims were taken to the hospital.
# One victim was not hospitalized."
_ONE_MORE_VICTIM = re.compile(
    r"^\W*(?:one|another|the other|the fourth|the third|a (?:second|third|fourth|fifth)) "
    r"(?:other )?(?:victim|person)\b",
    re.IGNORECASE,
)


def _parts_of_the_victims(
    annotated: AnnotatedArticle, reports: list[_Report], year: int | None
) -> list[_Report]:
    """The victims told in parts with no total: "N of the victims ..." and, in one of the next
    two sentences, one more victim: N + 1 shot."""
    own = [r for r in reports if not r.background and not r.aggregate]
    parts = [r for r in own if r.kind in ("injured", "shot") and r.subcount and r.sentence_end]
    if not parts:
        return reports
    part = max(parts, key=lambda r: r.quantity.value)
    total = part.quantity.value + 1
    if any(
        r.kind in ("injured", "shot") and not r.subcount and r.quantity.value >= total for r in own
    ):
        return reports  # the article gives the total itself
    sentences = [s for s in annotated.sentences if s.start >= part.sentence_end]
    for sentence in sentences[:2]:
        start, end = _sentence_span(annotated, sentence.start, sentence.end)
        if _ONE_MORE_VICTIM.match(annotated.article.text[start:end]):
            quantity = dataclasses.replace(
                part.quantity, value=total, text=f"{part.quantity.text} (and one more victim)"
            )
            return [*reports, dataclasses.replace(part, quantity=quantity, subcount=False)]
    return reports


def _only_so_many_hit(
    annotated: AnnotatedArticle, reports: list[_Report], year: int | None
) -> list[_Report]:
    """An article that says only so many were hit by the gunfire caps its counts of the hurt at
    that number ("at least eight people were hurt ... only one person was struck by a bullet":
    one wounded; the rest were hurt fleeing)."""
    text = annotated.article.text
    match = _ONLY_HIT.search(text)
    if match is None:
        return reports
    value = parse_number(match.group("n"))
    if not value:
        return reports
    start, end = _sentence_span(annotated, match.start(), match.end())
    quantity = Quantity(
        text=match.group(0), value=value, start=match.start(), end=match.end(), kind="shot"
    )
    only = _make_report(annotated, quantity, "shot", start, end, year)
    if only.background or only.aggregate:
        return reports
    kept = [
        r
        for r in reports
        if not (r.kind in ("injured", "shot") and r.quantity.value > value and not r.background)
    ]
    return [*kept, only]


def _hurt_otherwise(report: _Report) -> bool:
    """A count of the injured whose own clause names another cause than the attack's weapon:
    "two other partygoers were hurt when they fell", "one officer was taken to a hospital with a
    broken wrist", "driver hurt in crash" (GVA and the challenge set count those hurt by
    gunfire; the fall, the fistfight and the crash are not the attack's casualties)."""
    if report.kind != "injured":
        return False
    sentence = report.sentence
    start = report.quantity.start - report.sentence_start
    if report.sentence_end == 0 or not 0 <= start < len(sentence):
        start = max(0, sentence.find(report.quantity.text))  # a headline's count
    if report.implicit:
        # the whole clause the care is given in: "the driver was taken to a hospital with
        # injuries from the crash", "had cuts and bruises and was treated at a hospital"
        begins = [m.end() for m in _CLAUSE_END.finditer(sentence[:start])]
        start = begins[-1] if begins else 0
    clause = sentence[start:]
    if end := _CLAUSE_END.search(clause, len(report.quantity.text)):
        clause = clause[: end.start()]
    return _NOT_BY_THE_WEAPON.search(clause) is not None


# A lead that opens a round-up: several shootings, or shootings across a whole city.
_ROUND_UP = re.compile(
    r"\b(?:(?:separate|different|unrelated|\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten) (?:[\w-]+ ){0,2}?shootings|shootings (?:of (?:[\w-]+ ){1,3})?(?:across|"
    r"around|throughout) (?:the city|[A-Z][a-z]+))\b",
    re.IGNORECASE,
)


# Page furniture around an article: "More stories you may like", "Related Coverage", ...
_SIDEBAR = re.compile(
    r"\b(?:more stories|stories you may like|you may also like|related (?:coverage|stories|"
    r"articles|content|links)|recommended for you|most (?:popular|read|viewed)|trending now|"
    r"also on|more from|top stories|latest news|watch more|(?:related|read more|also read|"
    r"see also|more)\s*:)",
    re.IGNORECASE,
)


def _in_other_story(text: str, report: _Report, title: str) -> bool:
    """Whether a count stands in page furniture rather than in the article: a sidebar ("More
    stories you may like"), or a line that reads as another story's headline (title case, no
    closing punctuation, not this article's headline): "86 Sick, 7 Dead in 'Largest Outbreak'"."""
    if _SIDEBAR.search(report.sentence):
        return True
    offset = report.quantity.start
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if not line or line.endswith((".", "!", "?", '"', "”", ":", ",", ";")):
        return False
    if title and (line in title or title in line):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) < 3 or len(words) > 16:
        return False
    small = {"a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or", "by", "with"}
    content = [w for w in words if w.lower() not in small]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised / len(content) >= 0.75


# Counts in a headline: "1 dead, 3 injured in ...", "Man shoots 4 relatives, killing 2".
_HEADLINE_NUMBER = re.compile(
    r"(?<![\w.$#-])(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|half-dozen|"
    r"half a dozen|a dozen|dozens)(?![\w.,]\d)\b",
    re.IGNORECASE,
)
# Counts a headline adds up: "2 children, 1 teen", "2 Girls, 2 Men", "3 adults & 5 minors"
_HEADLINE_AND = re.compile(r"\s+[A-Za-z-]+(?:\s+[A-Za-z-]+)?\s*(?:,|\band\b|&)\s*")
# Words for one person, used by the patterns below.
_PERSON_WORDS = (
    r"man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|mother|mom|father|dad|son|"
    r"daughter|wife|husband|brother|sister|grandmother|grandfather|girlfriend|boyfriend|friend|"
    r"officer|deputy|trooper|cousin|uncle|aunt|nephew|niece|student|clerk|driver|neighbor|"
    r"roommate|relative|employee|customer|guard|bystander|passenger|pedestrian|worker|resident|"
    r"partner"
)
# One victim in a headline, written without a number: "Boy, 9, shot in groin", "Teen killed".
_HEADLINE_ONE = re.compile(
    r"\b(?:man|woman|boy|girl|teen|teenager|child|toddler|person|officer|student|mother|"
    r"father|son|daughter|wife|husband|baby|victim|driver|clerk|deputy|\d+-year-old|another|"
    r"player|resident|veteran|worker|pastor|homeowner|suspect|gunman|robber|intruder|burglar|"
    r"motorist|pedestrian|bystander|guard|rapper|teacher|nurse|coach)"
    r"(?:,\s*\d+,)?\s+(?:was\s+)?(?P<adverb>\w+ly\s+)?"
    r"(?P<verb>shot,? (?:and killed|dead|to death|killed)|"
    r"killed|dies|dead|slain|found dead|gunned down|shot|wounded|injured|hurt|grazed|"
    r"hospitalized)\b|"
    r"\b(?P<self>(?:shoots?|shooting|shot) (?:him|her)?self|"
    r"(?:accidentally )?shoots (?:his |her |a |an )?"
    r"(?:[\w-]+ )?(?:friend|daughter|son|girl|boy|wife|husband|brother|sister|child|man|woman|"
    r"teen|cousin|father|mother|dad|mom|neighbor|relative))\b|"
    r"\b(?P<graze>bullet grazes|grazed by (?:a )?(?:stray )?bullet)\b|"
    # "Teen charged in shooting of 7-year-old child": one victim hit
    r"\b(?P<fatal>fatal |deadly )?(?P<of>shooting) of (?:a |an |his |her )?"
    r"(?:\d+-year-old|man|woman|boy|girl|teen|teenager|child|toddler|friend|brother|sister|son|daughter|wife|husband|"
    r"officer|deputy|student)\b(?!['’]s)|"
    # "4-year-old who accidentally shot himself dies": the victim, then what happened, then died
    r"\b(?:man|woman|boy|girl|teen|teenager|child|toddler|person|officer|student|baby|victim|"
    r"\d+-year-old)\s+(?:who|that)\s+[^,;:]{1,60}?\s+(?P<dies>dies|died|has died)\b|"
    r"\b(?P<fatally>fatally )?(?P<object>shoots|shot|wounds|wounded|kills|killed)"
    r"(?:,\s*(?:wounds|kills|injures))?\s+(?:a |an |his |her )?(?:\d+-year-old|teen|teenager|"
    rf"{_PERSON_WORDS}|burglar|intruder|robber|suspect)\b(?!['’]s)|"
    # "Father charged in shooting death of his daughter", "Body found in field"
    r"\b(?P<death_of>(?:shooting )?death of (?:a |an |his |her |their )?(?:\d+-year-old|"
    rf"{_PERSON_WORDS}))\b|\b(?P<body>body found)\b",
    re.IGNORECASE,
)


_HEADLINE_PERSON = re.compile(rf"\b(?:{_PERSON_WORDS})\b(?!-)", re.IGNORECASE)
_ONE_PERSON = (
    rf"(?:(?:his|her|their|a|an|the|\d+-year-old|young|little|teen|elderly|pregnant)\s+){{0,2}}"
    rf"(?:(?!and\b)[a-z][\w-]*\s+)?(?:ex-)?(?:{_PERSON_WORDS})(?:,\s*\d+,?)?"
)
_HEADLINE_GROUP = re.compile(
    rf"\b(?P<people>{_ONE_PERSON}(?:\s*,\s*{_ONE_PERSON})*\s*(?:,\s*)?(?:and|&)\s+{_ONE_PERSON}|"
    rf"{_ONE_PERSON}\s*,\s*{_ONE_PERSON})\s+(?:were\s+|are\s+)?(?:found\s+)?(?:\w+ly\s+)?"
    r"(?P<verb>shot dead|shot and killed|shot to death|shot|killed|dead|slain|wounded|injured|"
    r"hurt)\b|"
    rf"\b(?P<verb2>shoots?|shot|kills?|killed|wounds?|wounded)\s+(?P<objects>{_ONE_PERSON}"
    rf"(?:\s*,\s*{_ONE_PERSON})*\s*(?:,\s*)?(?:and|&)\s+{_ONE_PERSON}|"
    # "Man killed ex-girlfriend, her new partner": the headline drops the "and" (not an
    # apposition: "the other wounded employee, a 51-year-old woman")
    rf"{_ONE_PERSON}\s*,\s*(?=(?:his|her|their)\s){_ONE_PERSON}(?![\w-]))",
    re.IGNORECASE,
)


def _headline_reports(annotated: AnnotatedArticle) -> list[_Report]:
    """Counts of people killed, injured or shot that an article's headline gives.

    Headlines state the toll in a fixed form ("2 dead, 3 hurt in ...") and often carry the only
    count of a short report. They are cited as a zero-width span at the start of the article,
    with the headline as the citation's text.
    """
    title = (annotated.article.title or "").strip()
    if not title:
        return []
    out: list[_Report] = []

    published = annotated.article.published

    def report(text: str, value: float, kind: str, start: int, end: int) -> _Report:
        quantity = Quantity(text=text, value=value, start=0, end=0, kind=kind)
        relative = dataclasses.replace(quantity, start=start, end=end)
        # "suspect shot 3 others in 2015": a count from an earlier year is background
        earlier = re.match(r"^[^,;:]{0,40}?\bin ((?:19|20)\d\d)\b", title[end:])
        background = bool(earlier and published and int(earlier.group(1)) < published.year)
        return _Report(
            background=background,
            quantity=quantity,
            article_id=annotated.id,
            sentence=title,
            sentence_start=0,
            sentence_end=0,
            aggregate=is_aggregate(title),
            subcount=is_subcount(title, relative),
            attribution=None,
            kind=kind,
        )

    pending: list[tuple[float, int, int]] = []  # "2 children, 1 teen shot": summed with the next
    for match in _HEADLINE_NUMBER.finditer(title):
        value = parse_number(match.group(0).replace("half-dozen", "6").replace("half a dozen", "6"))
        if value is None or value <= 0:
            pending = []
            continue
        if re.search(r"\bno\s*$", title[: match.start()], re.IGNORECASE):
            pending = []
            continue  # "no one hurt": nobody
        if re.search(r"\b(?:Channel|News|No\.)\s*$", title[: match.start()]) or re.match(
            r"\s*[-|–—:]", title[match.end() :]
        ):
            pending = []
            continue  # "WJTV News Channel 12 - Five Injured": a station, not a count
        if pending and not _HEADLINE_AND.fullmatch(title[pending[-1][2] : match.start()]):
            pending = []
        kind = kind_in_context(title, match.start(), match.end(), "people")
        if kind not in ("killed", "injured", "shot"):
            if kind in ("people", "civilians", "fighters", None):
                pending.append((value, match.start(), match.end()))
            continue
        text = match.group(0)
        if pending and kind in ("injured", "shot"):
            value += sum(v for v, _, _ in pending)
            text = title[pending[0][1] : match.end()]
        pending = []
        if kind in ("injured", "shot") and _ONE_AND_OTHERS.search(title[: match.start()]):
            value += 1  # "Man, woman and 3 others shot"
        found = report(text, value, kind, match.start(), match.end())
        if kind == "killed":
            found = _with_shooter(found, title[match.end() :])
        out.append(found)
    have = {r.kind for r in out}
    # "Mother, toddler killed", "Woman shoots her husband & son": victims listed, no number
    for group in _HEADLINE_GROUP.finditer(title):
        verb = (group.group("verb") or group.group("verb2")).lower()
        kind = "killed" if re.search(r"kill|dead|slain", verb) else "shot"
        if re.search(r"wound|injur|hurt", verb):
            kind = "injured"
        if kind in have:
            continue
        people = group.group("people") or group.group("objects")
        value = float(len(_HEADLINE_PERSON.findall(people)))
        if value < 2:
            continue
        have.add(kind)
        found = report(group.group(0), value, kind, group.start(), group.end())
        if kind == "killed":
            found = _with_shooter(found, title[group.end() :])  # "..., their mother and himself"
        out.append(found)
    # "Man killed, woman injured", "1 Officer Dead, Another Injured": one victim of each kind
    # the headline names without a number
    for one in _HEADLINE_ONE.finditer(title):
        if re.search(rf"\b(?:{'|'.join(_ORDINALS)})\s+$", title[: one.start()], re.IGNORECASE):
            continue  # "Third man dies": an update of the toll (see _update_reports), not one
        verb = (
            one.group("verb") or one.group("dies") or one.group("self") or one.group("object")
        ) or "shot"
        verb = verb.lower()
        if re.match(r"fatally", one.group("adverb") or "", re.IGNORECASE):
            verb = "killed"  # "Man fatally shot": shot and died
        if one.group("verb") and re.match(
            r"[^,;:]{0,60}?\s(?:dies|died|has died)\b", title[one.end() :], re.IGNORECASE
        ):
            verb = "killed"  # "Teen wounded in Clay Street drive-by dies"
        if one.group("of"):
            verb = "killed" if one.group("fatal") else "shot"
        if one.group("fatally") or one.group("death_of") or one.group("body"):
            verb = "killed"
        if one.group("graze") or re.search(r"wounds|injures", one.group(0)):
            kind = "injured"
        elif re.search(r"kill|dead|death|dies|slain|gunned", verb):
            kind = "killed"
        elif verb.startswith(("shot", "shoot")):
            kind = "shot"
        else:
            kind = "injured"
        wounded = [r for r in out if r.kind in ("injured", "shot") and r.quantity.value >= 1]
        if (
            kind in ("injured", "shot")
            and wounded
            and re.match(rf"(?:{'|'.join(_PERPETRATOR_WORDS)})\b", one.group(0), re.IGNORECASE)
            and not re.search(r"\b(?:kill|dead|die)", title[one.end() :], re.IGNORECASE)
        ):
            # "2 wounded, gunman shot by police": the gunman is one more hit
            counted = wounded[0]
            more = dataclasses.replace(
                counted.quantity,
                value=counted.quantity.value + 1,
                text=f"{counted.quantity.text}, {one.group(0)}",
            )
            out[out.index(counted)] = dataclasses.replace(counted, quantity=more)
            continue
        if kind in have or (kind == "shot" and "killed" in have):
            continue
        have.add(kind)
        found = report(one.group(0), 1.0, kind, one.start(), one.end())
        if kind == "killed":
            found = _with_shooter(found, title[one.end() :])  # "Husband killed wife, then himself"
        out.append(found)
    return [r for r in out if not r.aggregate]


# "a quadruple shooting" (four people hit), "a double homicide" (two killed)
_MULTIPLE = re.compile(
    r"\b(?P<n>double|triple|quadruple|quintuple)[- ](?P<what>shooting|homicide|murder|slaying|"
    r"killing|fatal shooting)(?!s)\b",
    re.IGNORECASE,
)
_MULTIPLES = {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "quintuple": 5.0}


def _title_report(
    annotated: AnnotatedArticle, title: str, text: str, value: float, kind: str
) -> _Report:
    """A count an article's headline gives, cited as a zero-width span at the article's start
    with the headline as the citation's text."""
    return _Report(
        quantity=Quantity(text=text, value=value, start=0, end=0, kind=kind),
        article_id=annotated.id,
        sentence=title,
        sentence_start=0,
        sentence_end=0,
        aggregate=is_aggregate(title),
        subcount=False,
        attribution=None,
        kind=kind,
    )


def _multiple_reports(annotated: AnnotatedArticle, year: int | None) -> list[_Report]:
    """The count a "double/triple/quadruple shooting" or "double homicide" names, from the text
    and the headline: people hit by gunfire, or killed."""
    out: list[_Report] = []
    text = annotated.article.text
    title = (annotated.article.title or "").strip()
    for match in _MULTIPLE.finditer(title):
        kind = "shot" if match.group("what").lower() == "shooting" else "killed"
        value = _MULTIPLES[match.group("n").lower()]
        out.append(_title_report(annotated, title, match.group(0), value, kind))
    for match in _MULTIPLE.finditer(text):
        kind = "shot" if match.group("what").lower() == "shooting" else "killed"
        value = _MULTIPLES[match.group("n").lower()]
        start, end = _sentence_span(annotated, match.start(), match.end())
        quantity = Quantity(
            text=match.group(0), value=value, start=match.start(), end=match.end(), kind=kind
        )
        report = _make_report(annotated, quantity, kind, start, end, year)
        if not report.background:
            out.append(dataclasses.replace(report, subcount=False))
    return [r for r in out if not r.aggregate]


_ORDINALS = {
    "second": 2.0,
    "2nd": 2.0,
    "third": 3.0,
    "3rd": 3.0,
    "fourth": 4.0,
    "4th": 4.0,
    "fifth": 5.0,
    "5th": 5.0,
    "sixth": 6.0,
    "6th": 6.0,
    "seventh": 7.0,
    "7th": 7.0,
    "eighth": 8.0,
    "8th": 8.0,
}
# An explicit update of a toll: "Third victim dies", "a fifth person has died", "the death toll
# rose to 5" (the toll is then that number, whatever earlier reports said).
_ORDINAL_DEATH = re.compile(
    rf"\b(?P<n>{'|'.join(_ORDINALS)})\s+(?:[\w-]+\s+){{0,2}}?(?:victim|person|man|woman|boy|girl|"
    r"teen|teenager|child|officer|student|people|patient|shooting victim)\s+(?:has\s+|had\s+)?"
    r"(?:also\s+)?(?P<verb>dies|died|has died|succumbs|succumbed|dead)\b",
    re.IGNORECASE,
)
# A victim added by number, in a headline or in the text: "Police: second victim walked into
# hospital after ...", "Second teen was wounded in Monday shooting", "a second victim was found
# in a stairwell": at least that many were hit (an update of those hit)
_ORDINAL_HIT = re.compile(
    rf"\b(?P<n>{'|'.join(_ORDINALS)})\s+(?:[\w-]+\s+){{0,2}}?(?:victim|person|man|woman|boy|"
    r"girl|teen|teenager|child|officer|student|patient|shooting victim)\s+(?:was\s+|is\s+|"
    r"has been\s+)?(?:also\s+)?(?:found|wounded|shot|injured|hurt|hit|grazed|walked|walks|"
    r"showed up|shows up|arrived|arrives|identified|located)\b",
    re.IGNORECASE,
)
_TOLL_RISES = re.compile(
    r"\b(?:(?:death toll|number of (?:dead|deaths)|toll)\s+(?:has\s+|had\s+)?(?:rose|rises|risen|"
    r"climbed|climbs|increased|grew|jumped)|"
    # "raising the death toll to two", "Woman dies, raising death toll in X shooting to 2"
    r"rais(?:es|ed|ing)\s+(?:the\s+)?(?:death\s+)?toll(?:\s+[\w-]+){0,5}?)\s+to\s+"
    r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)


# The same for the wounded: "updated the number of people wounded ... to 11"
_WOUNDED_RISES = re.compile(
    r"\b(?:number of (?:people )?(?:wounded|injured|hurt)|(?:injury|wounded) (?:count|toll))\b"
    r"[^.;]{0,60}?\b(?:rose|rises|risen|climbed|climbs|increased|grew|jumped)?\s*to\s+"
    r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)


def _is_update_in_text(text: str, match: re.Match[str]) -> bool:
    """Whether a toll update found in an article's text is the article's own prose (not a
    list of links to other stories) and says the death came later ("a third victim has died",
    not "two were hurt and a third person died")."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if line.startswith(("+", "•", "-", "*")) or not line.endswith((".", "!", "?", '"', "”")):
        return False
    verb = (match.groupdict().get("verb") or "").lower()
    if verb in ("died", "dead"):
        before = text[max(0, match.start() - 30) : match.start()].lower()
        return bool(re.search(r"\b(?:has|had|later|since)\b", before + match.group(0).lower()))
    return True


def _update_reports(annotated: AnnotatedArticle, year: int | None) -> list[_Report]:
    """Tolls that an article gives as an explicit update of earlier reports, from its headline
    and text: "Third victim dies after ...", "the death toll rose to five"."""
    out: list[_Report] = []
    title = (annotated.article.title or "").strip()
    text = annotated.article.text
    for source, is_title in ((title, True), (text, False)):
        for pattern, kind in (
            (_ORDINAL_DEATH, "killed"),
            (_TOLL_RISES, "killed"),
            (_WOUNDED_RISES, "injured"),
            (_ORDINAL_HIT, "shot"),
        ):
            for match in pattern.finditer(source):
                n = match.group("n").lower()
                value = _ORDINALS.get(n) or parse_number(n)
                if not value:
                    continue
                if not is_title and not _is_update_in_text(source, match):
                    continue
                if is_title:
                    report = _title_report(annotated, title, match.group(0), value, kind)
                else:
                    start, end = _sentence_span(annotated, match.start(), match.end())
                    quantity = Quantity(
                        text=match.group(0), value=value, start=match.start(), end=match.end()
                    )
                    report = _make_report(annotated, quantity, kind, start, end, year)
                if report.background or report.aggregate:
                    continue
                if pattern is _ORDINAL_HIT and _NOT_BY_THE_WEAPON.search(report.sentence):
                    continue  # "a sixth person was hurt after falling"
                quantity = dataclasses.replace(report.quantity, kind=kind)
                out.append(dataclasses.replace(report, quantity=quantity, kind=kind, update=True))
    return out


# Victims listed by name: "The victims are Roland Avis, Mary Spann, Gerald Robinson and Carmen
# Figueroa", "Robinson, Thomas, Doe, and Turner all suffered injuries from being shot".
_LIST_GAP = re.compile(
    r"^\s*(?:,\s*\d+\s*)?(?:\(\d+\)\s*)?,?\s*(?:(?:and|&)\s+)?(?:\d+-year-old\s+)?$"
)
_VICTIMS_ARE = re.compile(
    r"\bvictims?\s+(?:(?:are|were|was|have been|has been)\s+)?(?:(?:identified|named)\s+)?"
    r"(?:as\s+)?(?:\d+[- ]years?[- ]old\s+)?$",
    re.IGNORECASE,
)
_LIST_VERB = re.compile(
    r"^\W*(?:\d+\W+)?(?:(?:were|was|are|have|had|all|both|each)\s+){0,3}(?:\w+ly\s+)?"
    r"(?P<verb>shot and killed|shot dead|killed|died|dead|slain|wounded|injured|hurt|"
    r"suffered (?:non-life[- ]threatening |minor |serious |critical )?(?:injuries|gunshot wounds?)|"
    r"shot|struck|hit)\b",
    re.IGNORECASE,
)
_LIST_NOT_VICTIMS = re.compile(r"\b(?:suspects?|charged|arrested|accused|indicted|custody)\b", re.I)


def _named_victims(annotated: AnnotatedArticle, year: int | None) -> list[_Report]:
    """A count of victims an article gives only by listing their names (two or more people
    named one after another, then shot, killed or wounded, or introduced as the victims)."""
    text = annotated.article.text
    persons = [m for m in annotated.mentions if m.label == "PERSON"]
    out: list[_Report] = []
    for sentence in annotated.sentences:
        names = [m for m in persons if sentence.start <= m.start < sentence.end]
        runs: list[list[Mention]] = []
        for name in names:
            if runs and _LIST_GAP.match(text[runs[-1][-1].end : name.start]):
                runs[-1].append(name)
            else:
                runs.append([name])
        for run in runs:
            if len(run) < 2:
                continue
            start, end = _sentence_span(annotated, sentence.start, sentence.end)
            body = text[start:end]
            if _LIST_NOT_VICTIMS.search(body):
                continue
            verb = _LIST_VERB.match(text[run[-1].end : end])
            if verb is not None:
                word = verb.group("verb").lower()
                if re.search(r"kill|died|dead|slain", word):
                    kind = "killed"
                elif re.search(r"wound|injur|hurt", word):
                    kind = "injured"
                else:
                    kind = "shot"
            elif _VICTIMS_ARE.search(text[start : run[0].start]):
                # "the victims are ...": hit, dead or alive not said, unless they are the dead
                before = text[start : run[0].start]
                dead = re.search(r"\b(?:dead|murder(?:ed)?|slain|homicide|deceased)\b", before)
                kind = "killed" if dead else "shot"
            else:
                continue
            quantity = Quantity(
                text=text[run[0].start : run[-1].end],
                value=float(len(run)),
                start=run[0].start,
                end=run[-1].end,
                sentence=sentence.index,
                kind=kind,
            )
            report = _make_report(annotated, quantity, kind, start, end, year)
            if not report.background and not report.aggregate:
                out.append(dataclasses.replace(report, subcount=False))
    return out


_DEATHS_OF = re.compile(
    rf"\b(?:shooting deaths?|deaths|killings|murders|bodies) of (?P<people>{_ONE_PERSON}"
    rf"(?:\s*,\s*{_ONE_PERSON})*\s*(?:,\s*)?(?:and|&)\s+{_ONE_PERSON})",
    re.IGNORECASE,
)


_INTENT_BEFORE = re.compile(r"\b(?:to|would|will|could|might)\s+$", re.IGNORECASE)


def _listed_people(annotated: AnnotatedArticle, year: int | None) -> list[_Report]:
    """People listed in a sentence without a number, then counted: "his wife, son, and daughter
    dead", "the shooting deaths of a mother, son and little girl", "shot her husband and son"."""
    text = annotated.article.text
    out: list[_Report] = []
    for sentence in annotated.sentences:
        start, end = _sentence_span(annotated, sentence.start, sentence.end)
        body = text[start:end]
        for match in (*_HEADLINE_GROUP.finditer(body), *_DEATHS_OF.finditer(body)):
            if _INTENT_BEFORE.search(body[: match.start()]):
                continue  # "he was going to kill his wife and kids": a threat, not a toll
            groups = match.groupdict()
            verb = (groups.get("verb") or groups.get("verb2") or "killed").lower()
            people = groups.get("people") or groups.get("objects") or ""
            value = float(len(_HEADLINE_PERSON.findall(people)))
            if value < 2:
                continue
            if re.search(r"kill|dead|slain|death|murder|bodies", verb + match.group(0)[:20]):
                kind = "killed"
            elif re.search(r"wound|injur|hurt", verb):
                kind = "injured"
            else:
                kind = "shot"
            quantity = Quantity(
                text=match.group(0),
                value=value,
                start=start + match.start(),
                end=start + match.end(),
                sentence=sentence.index,
                kind=kind,
            )
            report = _make_report(annotated, quantity, kind, start, end, year)
            if kind == "killed":
                # "fatally shot his two children and their mother before turning the gun on
                # himself": the shooter too
                report = _with_shooter(report, body[match.end() :])
            if not report.background and not report.aggregate:
                out.append(dataclasses.replace(report, subcount=False))
    return out


_MURDER_SUICIDE = re.compile(r"\bmurder[- ]suicide\b", re.IGNORECASE)
# A story whose shooter killed himself: "a murder-suicide", "then took his own life".
_SHOOTER_DIED = re.compile(
    r"\bmurder[- /]suicide\b|\b(?:killed|killing|kills|fatally shot|fatally shooting) "
    r"(?:him|her)self\b|\b(?:took|taking|take|takes) (?:his|her) own life\b|"
    r"\bturn(?:ed|ing|s)? the gun on (?:him|her)self\b|\bshot (?:him|her)self (?:dead|to death)\b",
    re.IGNORECASE,
)


def _shooter_died(annotated: AnnotatedArticle) -> bool:
    """Whether an article says the story's shooter killed himself, in its headline or in a
    sentence about the story (not in one about an earlier year: "took his own life in 2009")."""
    if _SHOOTER_DIED.search(annotated.article.title or ""):
        return True
    year = annotated.article.published.year if annotated.article.published else None
    text = annotated.article.text
    for match in _SHOOTER_DIED.finditer(text):
        sentence = annotated.sentence_at(match.start())
        body = text[sentence.start : sentence.end] if sentence else match.group(0)
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", body)]
        past_year = bool(years) and year is not None and max(years) < year
        if not past_year and not _BACKGROUND.search(body):
            return True
    return False


def _murder_suicide(
    annotated: AnnotatedArticle, reports: Sequence[_Report], year: int | None
) -> list[_Report]:
    """Two dead at least when an article calls its incident a murder-suicide, in a sentence or
    in its headline ("Woman killed in murder-suicide"), and gives fewer."""
    text = annotated.article.text
    match = _MURDER_SUICIDE.search(text)
    killed = [r.quantity.value for r in reports if r.kind == "killed" and not r.background]
    if max(killed, default=0.0) >= 2:
        return []
    title = (annotated.article.title or "").strip()
    if match is None:
        headline = _MURDER_SUICIDE.search(title)
        if headline is None or is_aggregate(title):
            return []
        return [_title_report(annotated, title, headline.group(0), 2.0, "killed")]
    start, end = _sentence_span(annotated, match.start(), match.end())
    quantity = Quantity(
        text=match.group(0), value=2.0, start=match.start(), end=match.end(), kind="killed"
    )
    report = _make_report(annotated, quantity, "killed", start, end, year)
    return [] if report.background or report.aggregate else [report]


# The shooter's own death after a toll of victims: "killing two, then himself", "left seven
# dead before killing himself", "before taking his own life", "fatally shot his daughters, himself".
_SHOOTER_AFTER = re.compile(
    r"^[^.;!?]{0,100}?(?:\b(?:then|before|and|later|after)\s+(?:\w+\s+){0,2}?(?:killing|killed|"
    r"kills|fatally shooting|fatally shot|turning the gun on|turned the gun on|turns the gun on|"
    r"taking|took|takes)\s+(?:his|her|their)?\s*(?:own lives?|own life|him|her|them)"
    r"(?:self|selves)?\b|,\s*(?:and\s+)?(?:then\s+)?(?:him|her)?self\b|"
    r"\b(?:and|then) (?:him|her)self\b|"
    r"\band the (?:gunman|shooter|suspect|attacker) was (?:fatally shot|shot and killed|shot dead|"
    r"killed)\b|"
    # "shot and killed a coworker and was then killed by police officers"
    r"\band (?:was|is) (?:then |later )?(?:fatally shot|shot and killed|shot dead|killed) by "
    r"(?:police|officers|deputies|troopers|an? (?:[\w-]+ )?(?:officer|deputy|trooper))\b|"
    # killed by police in the act: "... before police shot him dead"
    r"\b(?:before|until|when|then|and)\s+(?:police|officers|deputies|troopers|an officer|a deputy|"
    r"a security guard|an armed \w+)\s+(?:\w+\s+)?(?:(?:shot and killed|fatally shot|killed|kill|"
    r"kills)\s+"
    r"(?:him|her|the (?:gunman|shooter|suspect|attacker))\b|shot\s+(?:him|her|the (?:gunman|"
    r"shooter|suspect|attacker))\s+dead\b))",
    re.IGNORECASE,
)
_SHOOTER_COUNTED = re.compile(
    r"\b(?:including|among them|counting) (?:the |a |an )?(?:suspected |alleged )?(?:gunman|"
    r"shooter|suspect|attacker|killer|assailant)\b",
    re.IGNORECASE,
)


# The shooter hit after his victims: "accused of shooting two people ... before being shot by
# an off-duty police officer"
_SHOOTER_HIT_AFTER = re.compile(
    r"^[^.;!?]{0,100}?\b(?:before|until|when|and)\s+(?:being|he was|she was|was)\s+(?:\w+ly\s+)?"
    r"(?:shot|wounded)\s+by\s+(?:police|officers|deputies|troopers|an?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:officer|deputy|trooper|guard))\b",
    re.IGNORECASE,
)


def _with_shooter(report: _Report, after: str) -> _Report:
    """A toll plus the shooter when the sentence goes on to say what happened to him: a toll of
    victims and then his own death ("... before killing himself"), or those he hit and then
    him hit ("... before being shot by an off-duty police officer"). GVA and ACLED count every
    casualty of the incident, the perpetrator's too."""
    dead = report.kind == "killed"
    match = (_SHOOTER_AFTER if dead else _SHOOTER_HIT_AFTER).match(after)
    if match is None or _SHOOTER_COUNTED.search(report.sentence):
        return report
    q = report.quantity
    quantity = dataclasses.replace(
        q, value=q.value + 1, text=f"{q.text}{after[: match.end()]}".strip()
    )
    return dataclasses.replace(report, quantity=quantity, self_inflicted=int(dead))


def _coordinated(text: str, first: _Report, second: _Report) -> bool:
    if first.kind != second.kind or first.sentence_start != second.sentence_start:
        return False
    if first.kind not in (*CASUALTY_KINDS, "shot"):
        return False  # "200,000 people and 5,000 militants live there": two different counts
    between = text[first.quantity.end : second.quantity.start]
    return bool(re.fullmatch(r"\s+(?:[a-z-]+\s+){1,2}and\s+", between))


# People a one-death note may name: the person words and the roles conflict notes use.
_VICTIM_NOUNS = (
    rf"{_PERSON_WORDS}|person|victim|suspect|youth|cleric|priest|pastor|imam|chief|elder|"
    r"trader|farmer|herdsman|herder|tourist|civilian|resident|villager|raider|robber|thief|"
    r"criminal|rapist|member|spokesman|reservist|bodyguard|soldier|policeman|journalist|"
    r"teacher|worker|motorist|passenger|pedestrian|bystander|Kenyan|gunman"
)
# One victim written without a number: "a man was shot and killed", "the teen died".
_ONE_KILLED = re.compile(
    r"\b(?:was|is|has been|had been)\s+(?:\w+ly\s+|later\s+|then\s+|found\s+)?"
    r"(?:shot (?:and killed|dead|to death)|"
    r"killed|slain|murdered|fatally (?:shot|wounded|stabbed)|found dead|"
    r"pronounced (?:dead|deceased)|"
    r"beaten to death|stabbed to death)\b|\b(?:he|she|who|victim|man|woman|boy|girl|teen|"
    r"teenager|child|person|officer|mother|father|son|daughter|wife|husband|brother|sister|"
    r"grandmother|grandfather|toddler|baby|student|[A-Z][a-z]+),?\s+(?:later\s+|also\s+|has\s+|had\s+)?"
    r"(?:died|dies)\b|"
    rf"\b(?:ex-)?(?:victim|{_PERSON_WORDS})(?:,\s*\d+,)?\s+(?:later\s+)?(?:died|dies)\b|"
    r"\b(?:has|had) (?:since |now |later )?died\b|"
    r"\b(?:and|where|but) (?:he |she )?(?:later |since |then )?died\b|"
    r"\b(?:shot and killed|killing|killed|murdered|murdering|fatally shot|fatally shooting)\s+"
    r"(?:a|an|his|her|him|herself|himself|the other|[A-Z][a-z]+)\b|"
    r"\bcharged with (?:first-degree |second-degree |capital )?murder\b|"
    r"\b(?:discovery of|found) (?:a|the) body\b|\bbody (?:was|has been) (?:found|discovered)\b|"
    r"\b(?:and|left) (?:a|an|one) (?:\d+-year-old )?"
    r"(?:man|woman|boy|girl|teen|teenager|child|person) dead\b|"
    r"\b(?:shooting )?death of (?:a|an|his|her|\d+-year-old|[A-Z])|"
    r"\b(?:fatal|deadly) shooting of (?:a|an|his|her|\d+-year-old|[A-Z])|"
    r"\b(?:was|were|is|been) gunned down\b|"
    r"\b(?:is|was|were|are) (?:now )?(?:declared )?brain[- ]dead\b|"
    r"\b(?:was|were|been) taken off (?:of )?life support\b|"
    rf"\bfound (?:a|an|the|his|her) (?:\d+-year-old |young |teenage )?(?:{_PERSON_WORDS}) dead\b",
)
_ONE_KILLED_NOTES = re.compile(
    # forms of one death in event notes and wire summaries (written like headlines, often
    # without "was"): "was on Friday night shot dead", "robber killed as police ...", "Police kill
    # trader", "is lynched by a crowd", "A village elder died", "one reported dead"
    r"\b(?:was|is|has been|had been)\s+(?:(?:on|last|this|early|late|later|reportedly|allegedly|"
    r"\w+day|morning|afternoon|evening|night|\w+ly)\s+){1,3}"
    r"(?:shot dead|shot to death|killed|murdered|lynched|beheaded|gunned down)\b|"
    rf"\b(?:{_VICTIM_NOUNS})\s+(?:was\s+|is\s+)?(?:shot dead|shot to death|killed|murdered|lynched|"
    r"beheaded|gunned down|hacked to death|stabbed to death|died|dies)\b|"
    # (not an intent or a threat: "was going to kill his wife", "threatened to kill")
    r"(?<!\bto )(?<!\bwould )(?<!\bwill )(?<!\bcould )"
    r"\b(?:kill|kills|lynch|lynches|behead|beheads|shoot dead|shoots dead|gun down|"
    r"guns down|gunned down)\s+(?:a|an|the|one|his|her|their)?\s*(?:[\w-]+\s+){0,2}?"
    rf"(?:{_VICTIM_NOUNS})\b|"
    r"\b(?:is|was|were|are) (?:discovered |found )?(?:lynched|murdered)\b|"
    r"\bone (?:is |was )?(?:reported |confirmed )?dead\b|\b(?:a|an) [a-z]+ (?:is|was) dead\b",
    re.IGNORECASE,
)
# What makes a death phrase no death: a denial or a threat just before it ("was attacked but not
# killed", "threatened to shoot and kill", "said he'd kill the man", "a bullet might kill")
_NOT_A_DEATH_BEFORE = re.compile(
    r"(?:\b(?:not|never|no one|nobody|nearly|almost)\b|n['’]t\b|\b(?:to|would|will|could|might|"
    r"may|should|must|'d|’d)\b)[^.;,]{0,30}$",
    re.IGNORECASE,
)
_ANIMALS = (
    r"dog|dogs|cat|cats|pit ?bull|puppy|horse|deer|animal|pet|cow|bear|coyote|shepherd|"
    r"retriever|rottweiler|terrier|husky|labrador|chickens?|goats?"
)
_ANIMAL = re.compile(rf"\b(?:{_ANIMALS})\b", re.IGNORECASE)
_ANIMAL_BEFORE = re.compile(rf"\b(?:{_ANIMALS})\s+$", re.IGNORECASE)
# "the family's pit bull was struck and died"
_ANIMAL_SUBJECT = re.compile(
    rf"\b(?:{_ANIMALS})\b(?:\s+mix)?(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,|"
    r",\s*(?:which|that|who)\b[^,.;]{0,60},)?\s+(?:was|were|had been|has been)\s+"
    r"(?:\w+\s+){0,7}$",
    re.IGNORECASE,
)
# A thing hit, not a person: "A neighbor's car parked out front was also struck twice", "The
# squad car was struck five times"
_THING_SUBJECT = re.compile(
    r"\b(?:car|cars|vehicle|vehicles|truck|SUV|van|cruiser|squad car|patrol car|bus|house|home|"
    r"homes|window|windows|windshield|door|building|wall|apartment|garage|business|store|tire|"
    r"tires)\s+(?:(?!and\b)[\w'’-]+\s+){0,3}?(?:was|were|had been|has been)\s+"
    r"(?:[\w'’-]+\s*){1,4}$",
    re.IGNORECASE,
)
_ANIMAL_OBJECT = re.compile(rf"\s*(?:[\w'’-]+\s+){{0,3}}?(?:{_ANIMALS})\b", re.IGNORECASE)
_ONE_INJURED = re.compile(
    # "a bullet grazed a deputy": one hit, who lived
    r"\b(?:bullet|round|pellet|gunfire|shot)s?\s+(?:grazed|grazes|grazing)\s+(?:a|an|the|his|her)\s+"
    rf"(?:[\w-]+\s+)?(?:{_PERSON_WORDS}|person|victim|bystander)\b|"
    r"\b(?:is|was) (?:\w+ )?expected to (?:survive|recover)\b|"
    r"\b(?:shot|wounded|hit|struck)\b[^.;]{0,60}?\bbut survived\b|"
    r"\b(?:was|is|has been)\s+(?:\w+ly\s+)?(?:found\s+|left\s+)?(?:wounded|injured|hurt|grazed|"
    r"hospitali[sz]ed|taken to (?:a |the |an area )?hospital)\b|"
    # "a man shot and wounded his neighbor", "the shooting, which wounded a 20-year-old man"
    r"\b(?:shot and wounded|shot and injured|wounded|wounding|injured|injuring)\s+(?:a|an|his|her|"
    rf"their|one)\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON_WORDS}|person|victim|bystander)\b|"
    r"\bin (?:critical|serious|stable|fair|good) condition\b|"
    r"\b(?:suffered|sustained) (?:a |an )?(?!gunshot)(?:[\w-]+ )(?:gunshot )?wounds?\b|"
    # care given to someone hurt: "was medically released from a local hospital", "was
    # transported to Regional Medical Center", "treated for a leg wound", "the injured party"
    r"\b(?:was|is|has been)\s+(?:\w+ly\s+)?(?:released from|treated (?:and released )?(?:at|by|"
    r"for)|(?:taken|transported|rushed|airlifted|flown|driven) (?:by \w+ )?to)\s+(?:a |the |an )?"
    r"(?:[\w'’.-]+ ){0,4}?(?i:hospital|medical center|trauma center|emergency room|wounds?|"
    r"injur(?:y|ies)|laceration)\b|\bsuffering (?:from )?(?:a |an )?(?:[\w-]+ ){0,2}?"
    r"(?:laceration|graze|injur(?:y|ies))\b|\b(?:grazing|grazed) (?:the|his|her|a|an)\b|"
    r"\bthe (?:injured|wounded) (?:party|person|man|woman|boy|girl|teen|victim)\b",
)
_ONE_AND_OTHERS = re.compile(
    r"^(?:\W*\w+\W+){0,6}?(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,3}(?:man|woman|boy|girl|teen|teenager|"
    r"child|toddler|person|officer|student|guard|victim|female|male|juvenile|adult|bystander)|"
    r"(?:his|her|their)\s+(?:[\w-]+\s+)?(?:wife|husband|girlfriend|boyfriend|mother|father|"
    r"son|daughter|brother|sister|grandmother|grandfather))"
    r"\s+and\s+(?:(?:his|her|their)\s+)?$",
    re.IGNORECASE,
)
# One person named, or the one the shooter hit first, before "and" and a count of others:
# "Smith and her three children were shot dead", "he killed his wife and two children".
_NAMED_AND_THEIR = re.compile(
    r"(?:\b[A-Z][a-z]+|\b(?:killed|killing|kills|shot|shooting|shoots|wounded|wounding|wounds|"
    r"murdered)\s+(?:his|her|their)\s+(?:[\w-]+\s+)?(?:wife|husband|girlfriend|boyfriend|"
    r"mother|father|son|daughter|brother|sister|grandmother|grandfather|fianc[ée]e?|partner))"
    r"\s+and\s+(?:his|her|their)\s+$"
    r"|\b(?:killed|killing|kills|shot|shooting|shoots|wounded|wounding|wounds|murdered)\s+"
    r"(?:his|her|their)\s+(?:[\w-]+\s+)?(?:wife|husband|girlfriend|boyfriend|mother|father|"
    r"fianc[ée]e?|partner)\s+and\s+$"
    # "a man reported that he and three others had been shot"
    r"|\b(?:[Hh]e|[Ss]he)\s+and\s+$"
    # "a shooting that left a 10-year-old girl and two men wounded"
    r"|\b(?:left|leaving|killed|killing|wounded|wounding|injured|injuring|hit|hitting|struck|"
    r"striking)\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:man|woman|boy|girl|teen|teenager|child|"
    r"toddler|person|officer|student|guard|victim|juvenile|adult|bystander)\s+and\s+$",
)
# A verb of its own after the extra person: "killed four people and one woman survived"
_OWN_VERB_AFTER = re.compile(
    r"\s+(?!(?:killed|wounded|injured|shot|hurt|hit|struck)\b)[a-z]+ed\b", re.IGNORECASE
)
# ... and one more person after the count: "injured two men and a 10-year-old girl"
_AND_ONE_MORE = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:people|persons|men|women|boys|girls|teens|teenagers|children|adults|"
    r"officers|others|victims)\s+and\s+(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:man|woman|boy|"
    r"girl|teen|teenager|child|toddler|person|officer|student|guard|juvenile|adult|bystander)|"
    # "his two children and their mother"
    r"(?:his|her|their)\s+(?:[\w-]+\s+)?(?:mother|father|wife|husband|grandmother|grandfather|"
    r"girlfriend|boyfriend|aunt|uncle))\b",
    re.IGNORECASE,
)
# A second victim who lived, named next to the dead: "left three people dead and another person
# injured", "a shooting that also left a 2-year-old boy wounded", "her sister's injuries were
# non-life threatening".
_ONE_MORE_INJURED = re.compile(
    r"\b(?:and|with|while|but) (?:another|a second|one other)(?: [\w-]+){0,3}? (?:was |is )?"
    r"(?:\w+ly )?(?:injured|wounded|hurt|hospitali[sz]ed|in (?:critical|serious|stable) "
    r"condition)\b|"
    # "left an unborn baby dead and the mother seriously injured"
    r"\bdead,? and (?:a|an|the|his|her|their|one|another) (?:[\w-]+ ){0,2}?"
    rf"(?:{_PERSON_WORDS}|person|victim|bystander) (?:\w+ly )?(?:injured|wounded|hurt)\b|"
    # "killing three relatives and injuring a child"
    r"\band (?:wounding|injuring|wounded|injured) (?:a|an|one|another|his|her|their)"
    r"(?: [\w-]+){0,2}? "
    rf"(?:ex-)?(?:{_PERSON_WORDS}|person|victim|bystander)\b|"
    r"\b(?:also )?(?:left|leaving) (?:a|an|one|another)(?: [\w-]+){1,3}? (?:\w+ly )?"
    r"(?:injured|wounded|hurt)\b|\b(?:another|a second|other) (?:[\w-]+ ){0,3}?(?:was|is) "
    r"(?:also )?(?:\w+ly )?"
    r"(?:injured|wounded|hurt|shot)\b|\b(?:his|her|their|the) (?:[\w-]+ ){0,3}?(?:sister|brother|"
    r"son|daughter|friend|cousin|wife|husband|mother|father|girlfriend|boyfriend)(?:'s|’s)? "
    r"(?:injuries|wounds?) (?:were|was|are|is) (?:not |non-?)[\w -]*threatening\b",
    re.IGNORECASE,
)
# "no one was shot", "none of the bullets hit anyone": not a victim
_NO_ONE_SHOT = re.compile(
    r"\b(?:no one|nobody|none of (?:them|the \w+)) (?:else )?(?:was|were|had been|has been|got) "
    r"(?:\w+ly )?(?:shot|hit|struck)\b",
    re.IGNORECASE,
)
_ANOTHER = re.compile(
    r"\b(?:another|second|third|also|other|too|both)\b(?! times?\b)", re.IGNORECASE
)  # (not "changed his story a third time")


# A clause of its own after a death: "A woman was killed and her boyfriend was wounded"
def _then_subject(openers: str) -> re.Pattern[str]:
    """A clause after "and" / "while" / "but" whose subject opens with one of ``openers``."""
    return re.compile(rf"[^.;]*?(?:,\s*|\s)(?:and|while|but)\s+(?=(?:{openers}|[A-Z][a-z]+)\b)")


_THEN_ANOTHER_SUBJECT = _then_subject("a|an|the|his|her|their")


_PERPETRATOR_WORDS = ("suspect", "gunman", "shooter", "robber", "intruder", "burglar", "attacker")
_PERPETRATORS = frozenset(_PERPETRATOR_WORDS)
_ROLE_NOUN = rf"(?P<noun>{_PERSON_WORDS}|{'|'.join(_PERPETRATOR_WORDS)})"
# The person a one-victim wording is about: the noun just before it ("the suspect, 24, was hit"),
# or the wording's own first word ("ex-boyfriend died")
_SUBJECT_NOUN = re.compile(rf"\b{_ROLE_NOUN}(?:,\s*\d+,)?\s+(?:\w+\s+)?$", re.IGNORECASE)
_SUBJECT_NOUN_FIRST = re.compile(rf"(?:ex-)?{_ROLE_NOUN}\b", re.IGNORECASE)


def _subject_noun(report: _Report) -> str | None:
    """Who a one-victim reading is about, from the noun just before its words ("a police
    officer was shot", "the suspect was killed"); ``None`` when no such noun stands there."""
    own = _SUBJECT_NOUN_FIRST.match(report.quantity.text)  # "ex-boyfriend died"
    if own:
        return own.group("noun").lower()
    before = report.sentence[: max(0, report.quantity.start - report.sentence_start)]
    match = _SUBJECT_NOUN.search(before[-60:])
    return match.group("noun").lower() if match else None


def _more_in_sentence(sentence: str, first: re.Match[str], pattern: re.Pattern[str]) -> int:
    """How many more people a sentence gives the same one-victim wording, each in a clause with
    its own subject: "a man was shot in the chest and a woman was shot in the hand" (one more)."""
    more, position = 0, first.end()
    while clause := _THEN_A_NEW_SUBJECT.match(sentence, position):
        again = pattern.search(sentence, clause.end())
        if again is None or again.start() - clause.end() > 40:
            break
        more, position = more + 1, again.end()
    return more


_GENDER = {
    **dict.fromkeys(
        (
            "man",
            "boy",
            "father",
            "dad",
            "son",
            "husband",
            "brother",
            "boyfriend",
            "grandfather",
            "uncle",
            "nephew",
        ),
        "m",
    ),
    **dict.fromkeys(
        (
            "woman",
            "girl",
            "mother",
            "mom",
            "daughter",
            "wife",
            "sister",
            "girlfriend",
            "grandmother",
            "aunt",
            "niece",
        ),
        "f",
    ),
}
"""Nouns that say a person's sex: "a woman died and a man was treated" are two people."""


def _someone_else(report: _Report, dead: set[str | None]) -> bool:
    """Whether a one-victim reading is about someone on the other side from the dead: "a police
    officer was shot in the arm" beside "the suspect was killed" (both nouns written, one the
    perpetrator's). Two victim nouns ("boy" / "child") can name one person."""
    noun = _subject_noun(report)
    if None in dead or noun is None or noun in dead:
        return False
    return all(_two_people(noun, d) for d in dead if d is not None)


def _other_side(report: _Report, dead: Sequence[_Report]) -> bool:
    """Whether a one-victim reading and every death beside it are on two sides, one the
    perpetrator's ("deputy" / "suspect")."""
    noun = _subject_noun(report)
    nouns = {_subject_noun(d) for d in dead}
    return (
        noun is not None
        and bool(nouns)
        and None not in nouns
        and all((noun in _PERPETRATORS) != (d in _PERPETRATORS) for d in nouns)
    )


def _two_people(a: str, b: str) -> bool:
    """Whether two person nouns cannot name one person: one is the perpetrator's and the other
    not, or they say different sexes ("woman" / "man")."""
    if (a in _PERPETRATORS) != (b in _PERPETRATORS):
        return True
    sex_a, sex_b = _GENDER.get(a), _GENDER.get(b)
    return sex_a is not None and sex_b is not None and sex_a != sex_b


# ... introduced as someone new ("and a woman was shot"; "and the victim was taken to a hospital"
# is most often the same person again)
_THEN_A_NEW_SUBJECT = _then_subject("a|an|another|his|her|their")


def _wounded_beside_dead(sentence: str) -> re.Match[str] | None:
    """One wounded person in a clause with its own subject after a one-death wording of the
    same sentence ("a woman was killed and her boyfriend was wounded"), or ``None``."""
    killed = _ONE_KILLED.search(sentence)
    if killed is None:
        return None
    clause = _THEN_ANOTHER_SUBJECT.match(sentence, killed.end())
    return _ONE_INJURED.search(sentence, clause.end()) if clause else None


def _another_victim(sentence: str, start: int, end: int) -> bool:
    """Whether the words around a victim phrase (``sentence[start:end]``) say it is another
    victim ("another man was also shot", "a second woman was wounded"): only close to the
    phrase, so that "also discussed" or "a second suspect" elsewhere in the sentence do not."""
    return bool(_ANOTHER.search(sentence[max(0, start - 40) : end + 12]))


_OF_THEM_KILLED = re.compile(
    r"\b(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d+) of (?:them|the victims|those|"
    r"whom)(?:,[^,.;]{1,40},)? (?:fatally|died|was killed|were killed|dead|later died)\b|"
    # "One of the two men shot Friday outside the store has died"
    # "One of the brothers later died"
    r"\b(?P<n2>one|two|three|four|five|six|seven|eight|nine|ten|\d+) of the (?:(?:two|three|four|"
    r"five|six|seven|eight|nine|ten|\d+) )?(?:[\w-]+ )?(?:people|persons|men|women|teens|teenagers|"
    r"victims|children|boys|girls|officers|brothers|sisters|sons|daughters|siblings|friends|"
    r"cousins)\b[^.;]{0,80}?\b(?:(?:has|have|had)\s+(?:since\s+)?)?died\b",
    re.IGNORECASE,
)
# The whole group a part is taken from: "one of the two men shot" (two were shot)
_PART_OF_BEFORE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|both|each|neither|none|all) of "
    r"(?:(?:the|those|these)\s+)?$",
    re.IGNORECASE,
)
# "Both died", "both victims were pronounced dead": two dead
_BOTH_DEAD = re.compile(
    r"\b(?P<n>both)(?: of them| victims| men| women| adults)? (?:later |have |had |were )?"
    r"(?:found )?(?:died|killed|pronounced dead|dead|are dead)\b",
    re.IGNORECASE,
)
# The charges count the dead when the article gives no toll: "faces two counts of murder"
_COUNTS_OF_MURDER = re.compile(
    r"\b(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d+) counts? of "
    r"(?:(?:first|second|third)[- ]degree |capital |felony |premeditated |deliberate )?"
    r"(?:murder|homicide|manslaughter)\b",
    re.IGNORECASE,
)
_ONE_SHOT = re.compile(
    r"\b(?:was|is|has been)\s+(?:also\s+)?(?:\w+ly\s+)?(?:shot|hit|struck|grazed)\b|"
    r"\b(?:shot|shoots|shooting) (?:him|her)self\b(?! (?:dead|to death))|"
    r"\baccidentally (?:shot|shoots|shooting) (?:his|her|a|an|the) \w+|"
    r"\bsuffered (?:a |an )?(?:gunshot wounds?|wounds? from (?:a |the )?gunshot)\b"
)


def _single_victims(
    annotated: AnnotatedArticle, reports: Sequence[_Report], year: int | None
) -> list[_Report]:
    """Reports of one killed or one injured person for sentences that name a single victim
    without a number (only when the article gives no number of that kind itself)."""
    text = annotated.article.text
    out: list[_Report] = []
    have = {r.kind for r in reports if not r.background}
    counted = set(have)  # kinds the article counts in numbers: no one-victim reading adds to them
    second: _Report | None = None
    for sentence in annotated.sentences:
        start, end = _sentence_span(annotated, sentence.start, sentence.end)
        body = text[start:end]
        both = _BOTH_DEAD.search(body)
        of_them = (
            _OF_THEM_KILLED.search(body)
            or both
            or (None if _ONE_KILLED.search(body) else _COUNTS_OF_MURDER.search(body))
        )  # "two counts of murder in the death of his wife": one dead
        if of_them and ("killed" not in have or of_them is both):
            n = of_them.group("n") or of_them.groupdict().get("n2") or "one"
            value = 2.0 if n.lower() == "both" else parse_number(n)
            quantity = Quantity(
                text=of_them.group(0),
                value=value or 1.0,
                start=start + of_them.start(),
                end=start + of_them.end(),
                sentence=sentence.index,
                kind="killed",
            )
            report = _make_report(annotated, quantity, "killed", start, end, year)
            if not report.background and not report.aggregate:
                out.append(dataclasses.replace(report, subcount=False))
                have.add("killed")
        no_toll = _NEGATED_TOLL.search(body) is not None  # "no one was hurt"
        killed = _ONE_KILLED.search(body)
        if killed is None and not no_toll:
            note = _ONE_KILLED_NOTES.search(body)
            if note and not _NOT_A_DEATH_BEFORE.search(body[: note.start()]):
                killed = note
        if killed and (
            _ANIMAL_BEFORE.search(body[: killed.start()])
            or _ANIMAL_SUBJECT.search(body[: killed.start()])
            or _ANIMAL.search(killed.group(0))
            or _ANIMAL_OBJECT.match(body, killed.end())  # "shot and killed a neighbor's dog"
        ):
            killed = None  # "the dog was killed", "found a dog dead": not a person
        injured = None if killed or no_toll else _ONE_INJURED.search(body)
        if injured is None and not no_toll:
            injured = _ONE_MORE_INJURED.search(body) or _wounded_beside_dead(body)
        negated = no_toll or _NO_ONE_SHOT.search(body) is not None
        shot = None if killed or injured or negated else _ONE_SHOT.search(body)
        if shot and (
            _ANIMAL_BEFORE.search(body[: shot.start()])
            or _ANIMAL_SUBJECT.search(body[: shot.start()] + "was ")
        ):
            shot = None  # "the family's pit bull was struck", "the pit bull mix, Bruno, was hit"
        if injured and _THING_SUBJECT.search(body[: injured.end()]):
            injured = None  # "a neighbor's car parked out front was also struck"
        if shot and _THING_SUBJECT.search(body[: shot.end()]):
            shot = None  # "the squad car was struck five times"
        for kind, match in (("killed", killed), ("injured", injured), ("shot", shot)):
            if match is None:
                continue
            if kind == "shot" and "killed" in have:
                if not _another_victim(body, match.start(), match.end()) or "injured" in have:
                    continue  # "she was shot in the chest" is the victim who died
                kind = "injured"  # "another teen was also shot": a second victim, who lived
            if kind in have and (kind not in ("injured", "shot") or kind in counted):
                continue
            pattern = {"killed": _ONE_KILLED, "injured": _ONE_INJURED, "shot": _ONE_SHOT}[kind]
            quantity = Quantity(
                text=match.group(0).strip(),
                value=1.0 + _more_in_sentence(body, match, pattern),
                start=start + match.start(),
                end=start + match.end(),
                sentence=sentence.index,
                kind=kind,
            )
            report = dataclasses.replace(
                _make_report(annotated, quantity, kind, start, end, year),
                implicit=kind != "killed",  # a death named alone is the toll's own
            )
            if kind == "killed":
                # "shot and killed his wife before turning the gun on himself": two dead
                report = _with_shooter(report, body[match.end() :])
                if match.group(0).lower().endswith(("himself", "herself")):
                    report = dataclasses.replace(report, self_inflicted=1)  # "killing himself"
            if kind in have:
                # a second person hit, on the other side: "a bank robbery suspect was shot" and
                # "a customer was grazed" (a perpetrator's noun and a victim's, both written)
                noun = _subject_noun(report)
                earlier = [_subject_noun(r) for r in out if r.kind in ("injured", "shot")]
                if (
                    second is not None
                    or noun is None
                    or len(earlier) != 1
                    or earlier[0] is None
                    or (noun in _PERPETRATORS) == (earlier[0] in _PERPETRATORS)
                    or _SELF_HARM.search(body)
                ):
                    continue
                second = report
            if report.dated and not report.aggregate:
                out.append(report)  # kept for a story about that old incident alone
            elif not report.background and not report.aggregate:
                out.append(report)
                have.add(kind)
    return _merge_hit(out, second) if second is not None and second in out else out


_SELF_HARM = re.compile(r"\b(?:him|her)self\b", re.IGNORECASE)


def _merge_hit(singles: list[_Report], second: _Report) -> list[_Report]:
    """Two people hit, each told apart by a one-victim wording, as one count: "a bank robbery
    suspect was shot" and "a customer was grazed" are two wounded (``second``: the one told
    apart from the first)."""
    first = next(r for r in singles if r.kind in ("injured", "shot") and r is not second)
    hit = [first, second]
    kind = "injured" if all(r.kind == "injured" for r in hit) else "shot"
    quantity = dataclasses.replace(
        hit[0].quantity,
        value=sum(r.quantity.value for r in hit),
        text="; ".join(r.quantity.text for r in hit),
        kind=kind,
    )
    return [r for r in singles if r not in hit] + [
        dataclasses.replace(hit[0], quantity=quantity, kind=kind)
    ]


def _make_report(
    annotated: AnnotatedArticle,
    quantity: Quantity,
    kind: str,
    start: int,
    end: int,
    year: int | None,
) -> _Report:
    body = annotated.article.text[start:end]
    names = [
        m.text
        for m in annotated.mentions
        if start <= m.start < end and m.label in ("PERSON", "ORG")
    ]
    relative = Quantity(
        text=quantity.text,
        value=quantity.value,
        start=quantity.start - start,
        end=quantity.end - start,
        kind=kind,
        qualifier=quantity.qualifier,
        upper=quantity.upper,
    )
    aggregate, background, dated, attribution = _sentence_facts(body, year, tuple(names))
    published = annotated.article.published
    if published is not None and not dated and _weeks_before(body, published):
        dated = True  # "On Nov. 1, an 11-year-old boy was fatally shot" in a December report
    return _Report(
        quantity=quantity,
        article_id=annotated.id,
        sentence=body,
        sentence_start=start,
        sentence_end=end,
        aggregate=aggregate,
        subcount=is_subcount(body, relative),
        attribution=attribution,
        kind=kind,
        background=background or dated,
        dated=dated,
    )


# A sentence that opens on a day of an earlier month: "On Nov. 1, an 11-year-old boy was ..."
_OPENS_ON_A_DAY = re.compile(
    r"^\W*(?:On|Back on|Earlier, on)\s+(?P<month>Jan|January|Feb|February|Mar|March|Apr|April|May|"
    r"June?|July?|Aug|August|Sept?|September|Oct|October|Nov|November|Dec|December)\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)"
)


def _weeks_before(sentence: str, published: datetime.date) -> bool:
    """Whether a sentence opens on a day at least two weeks before the article was published
    (the day read against the publication date as the dates stage reads it)."""
    match = _OPENS_ON_A_DAY.match(sentence)
    if match is None:
        return False
    day = interpret(f"{match.group('month')} {match.group('day')}", published).earliest
    return day is not None and (published - day).days >= 14


@functools.lru_cache(maxsize=1024)
def _sentence_facts(
    body: str, year: int | None, names: tuple[str, ...]
) -> tuple[bool, bool, bool, str | None]:
    """What a toll's sentence says about every count in it: (aggregate, background, dated,
    attribution). Cached, so a sentence with many numbers is read once, not once per number."""
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", body)}
    # "last year", "in 2012", "the Sept. 16, 2010, shooting": another, earlier incident, unless
    # the sentence also names the article's own year
    recent = year is not None and bool(years) and max(years) >= year
    background = bool(_BACKGROUND.search(body)) and not recent
    # dated even when a background phrase is there too, so that a story about that old incident
    # alone (a sentencing years later) keeps its toll
    dated = bool(years) and max(years) < (year or 0) - 1 and bool(_PAST_DATE.search(body))
    return is_aggregate(body), background, dated, attribution_of(body, list(names))


def _in_story_years(report: _Report, first_year: int) -> _Report:
    """A report marked background for the past year its sentence names, read again against the
    year of the story's first article: a year the story itself was reported in is its own."""
    if not report.background or report.sentence_end == 0:
        return report
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", report.sentence)}
    if years and max(years) >= first_year:
        return dataclasses.replace(report, background=False)
    return report


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _consensus(chosen: Sequence[_Report], articles: Sequence[Article]) -> float | None:
    """The figure more independent sources give than any other, when at least two agree on
    it; ``None`` when no figure is shared or the best-supported figures tie."""
    support: dict[float, list[str]] = {}
    for r in chosen:
        support.setdefault(r.quantity.value, []).append(r.article_id)
    counts = {v: independent_count(ids, articles) for v, ids in support.items()}
    top = max(counts.values(), default=0)
    leaders = [v for v, n in counts.items() if n == top]
    return leaders[0] if top >= 2 and len(leaders) == 1 else None


def _figure(
    kind: str, subject: str, reports: Sequence[_Report], annotated: Sequence[AnnotatedArticle]
) -> Figure:
    """One figure from the reports of one kind and subject, reconciled by ACLED's rule."""
    articles = [a.article for a in annotated]
    labels = {a.id: a.article.label for a in annotated}
    # Every value as written, grouped by value and qualifier, in order of first appearance.
    grouped: dict[tuple[float, str, float | None], list[_Report]] = {}
    for report in reports:
        q = report.quantity
        grouped.setdefault((q.value, q.qualifier, q.upper), []).append(report)
    reported = tuple(
        ReportedValue(
            value=value,
            text=members[0].quantity.text,
            qualifier=qualifier,
            citations=tuple(dict.fromkeys(m.citation for m in members)),
            attribution=next((m.attribution for m in members if m.attribution), None),
        )
        for (value, qualifier, _), members in grouped.items()
    )
    # Each article's own figure: its largest total (tolls are updated upward within a report).
    per_article: dict[str, _Report] = {}
    for report in reports:
        if report.superseded:
            continue
        if report.subcount and any(not r.subcount for r in reports):
            continue
        best = per_article.get(report.article_id)
        if best is None or report.quantity.value > best.quantity.value:
            per_article[report.article_id] = report
    chosen = list(per_article.values()) or list(reports)
    value = min(r.quantity.value for r in chosen)
    consensus = _consensus(chosen, articles)
    outvoted = False
    if consensus is not None and consensus > value:
        # a lower count fewer sources give, against a figure more independent sources agree on,
        # is the partial one ("one of the victims"); ACLED's minimum is then taken among the
        # agreeing counts
        value, outvoted = consensus, True
    shooter = False
    if (
        kind == "killed"
        and not subject
        and any(r.quantity.value == value + 1 for r in chosen)
        and any(_shooter_died(a) for a in annotated)
    ):
        # a murder-suicide: a toll one above the lowest counts the shooter, whom counts of his
        # victims leave out; GVA and ACLED count every death of the incident
        value, shooter = value + 1, True
    updates = [r for r in reports if r.update]
    first_value = value
    updated = bool(updates) and max(r.quantity.value for r in updates) > value
    if updated:
        # a toll explicitly updated later ("a third victim died") supersedes the first reports
        value = max(r.quantity.value for r in updates)
    independent = independent_count(per_article, articles)
    conflict = any(
        not _overlaps(interval(a.quantity), interval(b.quantity))
        for i, a in enumerate(chosen)
        for b in chosen[i + 1 :]
        if a.article_id != b.article_id
        and independent_count([a.article_id, b.article_id], articles) == 2
    )
    # one wounded named without a number, set aside for another source's count: still a
    # disagreement the reader should see
    named_one = [
        r
        for r in reports
        if r.implicit
        and r.superseded
        and r.quantity.value != value
        and all(independent_count([r.article_id, c.article_id], articles) == 2 for c in chosen)
    ]
    conflict = conflict or bool(named_one)
    if conflict:
        status = "conflicting"
    elif independent >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    low = min(r.quantity.value for r in chosen)
    high = max(r.quantity.upper or r.quantity.value for r in chosen)
    parts: list[str] = []
    sides = "; ".join(
        f"{r.quantity.text} ({r.attribution or labels.get(r.article_id, r.article_id)})"
        for r in sorted(chosen, key=lambda r: r.quantity.value)
    )
    if updated:
        latest = max(updates, key=lambda r: r.quantity.value)
        parts.append(
            f"toll updated later to {_format(value)} ({latest.quantity.text}, "
            f"{labels.get(latest.article_id, latest.article_id)}); earlier reports gave "
            f"{_format(first_value)}; sources: {sides}"
        )
    elif shooter:
        parts.append(
            f"sources disagree: {sides}; coded {_format(value)}: the shooter killed himself, and "
            f"the lower count gives his victims only"
        )
    elif named_one and not any(
        not _overlaps(interval(a.quantity), interval(b.quantity))
        for i, a in enumerate(chosen)
        for b in chosen[i + 1 :]
    ):
        parts.append(
            f"sources disagree: {sides}; coded {_format(value)}, a count, over "
            + "; ".join(
                f"{r.quantity.text} ({r.attribution or labels.get(r.article_id, r.article_id)})"
                for r in named_one
            )
            + ", one person named without a number of the wounded"
        )
    elif conflict and outvoted:
        parts.append(
            f"sources disagree: {sides}; coded {_format(value)}, the figure most independent "
            f"sources agree on, over a lower count fewer sources give (ACLED's most "
            f"conservative figure among the agreeing counts); range {_format(low)}–{_format(high)}"
        )
    elif conflict:
        parts.append(
            f"sources disagree: {sides}; coded the most conservative figure, "
            f"{_format(value)} (ACLED rule); range {_format(low)}–{_format(high)}"
        )
    elif high > low:
        parts.append(f"range {_format(low)}–{_format(high)}")
    if subject.startswith("aggregate"):
        parts.append("a total over many incidents, not one event's toll")
    return Figure(
        kind=kind,
        value=value,
        reported=reported,
        status=status,  # type: ignore[arg-type]
        subject=subject,
        note="; ".join(parts),
    )


# Those shot named as the shooter's victims: "the two people he shot", "the gunman shot two men"
_SHOT_BY_THE_SHOOTER = re.compile(
    r"\b(?:people|persons|victims|men|women)\s+(?:he|she|the (?:gunman|shooter|suspect))\s+"
    r"(?:had\s+)?shot\b|\b(?:he|she|the (?:gunman|shooter|suspect))\s+(?:had\s+)?shot\s+"
    r"(?:two|three|four|five|six|\d+)\b",
    re.IGNORECASE,
)


def _derived_injured(reports: Sequence[_Report]) -> list[_Report]:
    """Injured read from "four people were shot, one fatally": those hit by gunfire less those
    killed, for articles that give no injured figure of their own. An article that says who was
    shot but not who died (often written before a victim died) is read against the toll the
    story's other articles give."""
    out: list[_Report] = []
    articles = dict.fromkeys(r.article_id for r in reports)
    tolls = [
        max(r.quantity.value for r in reports if r.article_id == a and r.kind == "killed")
        for a in articles
        if any(r.article_id == a and r.kind == "killed" for r in reports)
    ]
    story_killed = min(tolls, default=0.0)
    shooter_dead = any(
        r.kind == "killed" and r.quantity.value == 1 and _subject_noun(r) in _PERPETRATORS
        for r in reports
    )
    for article_id in articles:
        mine = [r for r in reports if r.article_id == article_id and not r.subcount]
        shots = [r for r in mine if r.kind == "shot"]
        if not any(r.kind in CASUALTY_KINDS or r.kind == "shot" for r in mine):
            # "200 teens were at the party and four of them were shot": the part is the toll
            shots = [r for r in reports if r.article_id == article_id and r.kind == "shot"]
        if not shots:
            continue
        shot = max(shots, key=lambda r: (r.quantity.value, r.update))  # an update, in a tie
        apart = False  # the sentence names the dead apart from those shot
        killed = max(
            (
                r.quantity.value - r.self_inflicted
                for r in reports
                if r.article_id == article_id and r.kind == "killed"
            ),
            default=story_killed,
        )
        widened = re.search(r"\band\s+\S+$", shot.quantity.text)  # "he and three": 4, not 3
        if not widened and re.search(
            rf"\b{re.escape(shot.quantity.text)}\s+(?:\w+\s+)?others?\b(?! victims (?:were|are) "
            r"(?!shot|wounded|injured|hurt|hit))|\bthe other "
            rf"{re.escape(shot.quantity.text)}\b(?! victims (?:were|are) (?!shot|wounded|injured))",
            shot.sentence,
            re.IGNORECASE,
        ):
            killed = 0.0  # "one killed, six others shot": the six do not include the dead
            apart = True
        elif killed and shooter_dead and _SHOT_BY_THE_SHOOTER.search(shot.sentence):
            # "the two people he shot" beside "Gunman killed by armed bystander": the dead
            # gunman is not one of those he shot
            killed, apart = killed - 1, True
        elif re.search(
            rf"\b(?:murder|killing|slaying|death)s? of\b[^.;]*\bshootings? of "
            rf"{re.escape(shot.quantity.text)}\b",
            shot.sentence,
            re.IGNORECASE,
        ):
            killed = 0.0  # "the murder of a girl, the shooting of 3 women": the dead named apart
            apart = True
        value = shot.quantity.value - killed
        if value <= 0:
            continue
        text = shot.quantity.text + (f" shot, {killed:g} of them killed" if killed else " shot")
        quantity = dataclasses.replace(shot.quantity, value=value, kind="injured", text=text)
        own_toll = any(r.article_id == article_id and r.kind == "killed" for r in reports)
        out.append(
            dataclasses.replace(
                shot,
                quantity=quantity,
                kind="injured",
                net_of_deaths=apart or (not own_toll and killed > 0),
            )
        )
    return out


def _wounded_who_died(
    reports: Sequence[_Report], annotated: Sequence[AnnotatedArticle]
) -> list[_Report]:
    """Read an early report's wounded against the deaths the story's other articles give.

    An article that counts people wounded and no one dead, published before the articles that
    give a toll, was often written before some of its wounded died: its injured figure
    then counts the dead too ("a boy was shot and is in critical condition", then "the boy
    died"). Its injured count is lowered by the story's most conservative toll; a count that
    falls to zero is marked superseded (those wounded are the dead): it stays out of the
    reconciled value."""
    published = {a.id: a.article.published for a in annotated}
    killed_by_article: dict[str, float] = {}
    for r in reports:
        if r.kind == "killed":
            value = killed_by_article.get(r.article_id, 0.0)
            killed_by_article[r.article_id] = max(value, r.quantity.value)
    if not killed_by_article:
        return list(reports)
    toll = min(killed_by_article.values())
    dates = [d for a, d in published.items() if a in killed_by_article and d is not None]
    latest = max(dates) if dates else None
    out: list[_Report] = []
    for r in reports:
        if r.kind != "injured" or r.article_id in killed_by_article or r.net_of_deaths:
            out.append(r)
            continue
        mine = published.get(r.article_id)
        if mine is None or latest is None or mine >= latest:
            out.append(r)  # written after the deaths were reported: its wounded survived
            continue
        value = r.quantity.value - toll
        if value <= 0:
            out.append(dataclasses.replace(r, superseded=True))  # kept in `reported` only
            continue
        quantity = dataclasses.replace(
            r.quantity, value=value, text=f"{r.quantity.text} ({_format(toll)} died later)"
        )
        out.append(dataclasses.replace(r, quantity=quantity))
    return out


def _counted_elsewhere(reports: Sequence[_Report]) -> list[_Report]:
    """Set aside one-wounded readings ("the father has been released from the hospital") of a
    kind that another article counts in numbers: a sentence about one person says that person
    was hurt, not how many were; the count is the toll. Kept in ``reported``."""
    counted = {(r.kind, r.article_id) for r in reports if not r.implicit and not r.superseded}
    out: list[_Report] = []
    for r in reports:
        elsewhere = any(kind == r.kind and a != r.article_id for kind, a in counted)
        out.append(dataclasses.replace(r, superseded=True) if r.implicit and elsewhere else r)
    return out


def _counts_the_dead(injured: _Report, reports: Sequence[_Report], killed: float) -> bool:
    """Whether the wounded an updating article counts still include who died since: its own
    count of those shot is smaller than the updated toll and that count together ("they found
    six shooting victims ... four others were wounded" beside "a third man has died")."""
    shot = [
        r.quantity.value
        for r in reports
        if r.article_id == injured.article_id and r.kind == "shot" and _numbered(r)
    ]
    # a count of the shot that is the wounded count itself ("two other people who were shot
    # remain hospitalized") says nothing of the dead
    return bool(shot) and injured.quantity.value < max(shot) < injured.quantity.value + killed


def compare_figures(annotated: Sequence[AnnotatedArticle]) -> list[Figure]:
    """Figures of a story compared across its articles (see the module docstring).

    Returns one :class:`Figure` per kind for the story's own tolls (subject ""), and one per
    aggregate statement (subject "aggregate: ..."), casualty kinds first. Tolls of other,
    earlier incidents that an article recalls as background ("last month a gunman killed three")
    are left out.
    """
    reports = [r for a in annotated for r in _reports(a)]
    years = [a.article.published.year for a in annotated if a.article.published]
    if years:
        # "the June 19, 2015, shooting" in a 2016 report of the sentencing: the story's own
        # incident when its first reports came out that year, not an earlier one
        reports = [_in_story_years(r, min(years)) for r in reports]
    if not any(r.kind in ("killed", "injured", "shot") and not r.background for r in reports):
        # an article about an old incident (a trial, an anniversary): the dated toll is its own
        reports = [dataclasses.replace(r, background=False) if r.dated else r for r in reports]
    current = [r for r in reports if not r.background]
    own_reports = [r for r in current if not r.aggregate]
    own_reports += _derived_injured(own_reports)
    own_reports = _wounded_who_died(own_reports, annotated)
    own_reports = _counted_elsewhere(own_reports)
    figures: list[Figure] = []
    died_later = 0.0  # victims counted as wounded in first reports who died later
    killed_value = 0.0  # the updated toll
    update_articles: set[str] = set()
    for kind in FIGURE_KINDS:
        own = [r for r in own_reports if r.kind == kind]
        if kind not in CASUALTY_KINDS:
            own = [r for r in own if not r.subcount]
        if not [r for r in own if not r.superseded]:
            pass  # every report of the kind was superseded (wounded who died later)
        elif (
            kind == "injured"
            and died_later
            and not any(
                r.article_id in update_articles
                and not r.implicit
                and not _counts_the_dead(r, own_reports, killed_value)
                for r in own
            )
        ):
            figure = _figure(kind, "", own, annotated)
            value = max(0.0, figure.value - died_later)
            note = f"{_format(died_later)} of the wounded died later (updated toll)"
            figures.append(
                dataclasses.replace(
                    figure, value=value, note="; ".join(p for p in (figure.note, note) if p)
                )
            )
        else:
            if kind == "injured" and died_later:
                # the article that updates the toll counts the wounded left ("the two surviving
                # victims"): that count supersedes the first reports', which stay in `reported`
                own = [
                    r
                    if r.article_id in update_articles
                    and not _counts_the_dead(r, own_reports, killed_value)
                    else dataclasses.replace(r, superseded=True)
                    for r in own
                ]
            figure = _figure(kind, "", own, annotated)
            figures.append(figure)
            update_articles = {r.article_id for r in own if r.update}
            first = [r for r in own if r.article_id not in update_articles]
            if kind == "killed" and first and update_articles:
                died_later = max(0.0, figure.value - _figure(kind, "", first, annotated).value)
                killed_value = figure.value
        aggregates: dict[str, list[_Report]] = {}
        for report in current:
            if report.kind == kind and report.aggregate and not report.subcount:
                scope = ", ".join(m.group(0).lower() for m in _AGGREGATE.finditer(report.sentence))
                aggregates.setdefault(scope or "total", []).append(report)
        for scope, members in aggregates.items():
            figures.append(_figure(kind, f"aggregate: {scope}", members, annotated))
    log.debug("%d figures from %d numbers", len(figures), len(reports))
    return figures
