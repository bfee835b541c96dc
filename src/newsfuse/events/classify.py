"""What kind of event a sentence (or short snippet) reports: trigger lexicon + family rules.

Reads plain text; returns a :class:`Classification` naming one :class:`EventType` (ACLED's 25
sub-event types, the non-ACLED kinds that look like them, or ``NONE``), the trigger words that
decided it and where they are.

How it decides: every line of ``data/events/triggers.tsv`` is a weighted regular expression for
one type; a type's score is the sum of the weights of its lines that match (a line that matches
several times counts a little more). Then a few rules that words alone cannot express settle the
families ACLED splits by *who* acts or *how it ended*: a protest met with live fire is "Excessive
force against protesters", with tear gas or arrests "Protest with intervention", with stones or
burning "Violent demonstration"; territory taken by an army is "Government regains territory",
by anyone else "Non-state actor overtakes territory". The lexicon is ours (written for newsfuse),
so it ships; nothing here is trained on data we may not redistribute.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources

from newsfuse.events.taxonomy import NONE, EventType, by_code

__all__ = ["Classification", "classify_text", "load_triggers", "rank_text"]

# When two types score the same, the more specific one wins (earlier in this list).
_PRIORITY = (
    "CHEM_WEAP",
    "SUIC_BOMB",
    "GRENADE",
    "SEX_VIOL",
    "ABDUCT_DISSAP",
    "FORCE_AGAINST_PROTEST",
    "MOB_VIOL",
    "AIR_STRIKE",
    "REM_EXPLOS",
    "ART_MISS_ATTACK",
    "DISR_WEAP",
    "GOV_REGAINS_TERIT",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "HQ_ESTABLISHED",
    "ATTRIB",
    "NATURAL_DISASTER",
    "VIOL_DEMONSTR",
    "PROTEST_WITH_INTER",
    "PEACE_PROTEST",
    "ARREST",
    "AGREEMENT",
    "ATTACK",
    "ARMED_CLASH",
    "PROPERTY_DISTRUCT",
    "CHANGE_TO_GROUP_ACT",
    "ORG_CRIME",
    "MAN_MADE_DISASTER",
    "OTHER",
    "DIPLO",
)
_RANK = {code: i for i, code in enumerate(_PRIORITY)}

_GOVERNMENT = re.compile(
    r"\b(army|armed forces|troops|soldiers|government|regime|military|security forces|police|"
    r"national guard|forces loyal|pro-government|loyalist|iraqi forces|syrian forces|"
    r"afghan forces|defen[cs]e forces|authorities|amisom|peacekeepers|kdf|saa|fardc|tatmadaw)\b"
)
_NON_STATE = re.compile(
    r"\b(militants?|rebels?|insurgents?|jihadists?|islamists?|extremists?|terrorists?|isis|isil|"
    r"islamic state|daesh|al[- ]shabaa?b|taliban|boko haram|al[- ]qaeda|al[- ]nusra|hts|"
    r"hayat tahrir|militias?|militiamen|sdf|syrian democratic forces|ypg|kurdish fighters|"
    r"fighters|opposition|armed groups?|gunmen|bandits|separatists|guerrill?as|houthis?|"
    r"ansar|maoists?|naxal\w*|rsf|rapid support forces)\b"
)
_PROTEST_FAMILY = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR")
_TERRITORY = ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
_EXPLOSIVE = ("SUIC_BOMB", "GRENADE", "CHEM_WEAP")
_MIN_SCORE = 2.0
_ARMED_VICTIMS = re.compile(
    r"\b((killed|killing|kill|shot|shoot|attacked|attack|ambushed|ambush|gunned down|wounded|"
    r"injured) (\w+ ){0,3}(police|policem[ae]n|officers?|soldiers?|troops|servicem[ae]n|"
    r"reservists|guards?|militants?|fighters|insurgents|rebels|combatants)|"
    r"(police|policem[ae]n|officers?|soldiers?|troops|reservists|militants?|fighters|insurgents|"
    r"rebels|raiders|rustlers|warriors|bandits|gunmen|attackers|assailants|robbers) (\w+ ){0,3}"
    r"(were |was |are |is )?(killed|shot dead|dead|ambushed|wounded|injured)|"
    r"shoot-?outs?|gun ?battles?|exchanged? (of )?fire)"
)
_VIOLENT_CROWD = re.compile(
    r"\b(violent(ly)?|injur(ed|ing)|robbed|attacked|stoned|pelted|set (fire|ablaze))\b"
)
_CLASH = re.compile(r"\b(clash(es|ed|ing)?|fight(s|ing)?|fought|brawl\w*|scuffles?|engaged)\b")
_CIVIL_PARTIES = re.compile(
    r"\b(supporters|villagers|youths?|residents|students|traders|journalists|unions?|"
    r"communit(y|ies)|groups?|fans|members|workers|hawkers|operators|families|neighbou?rs)\b"
)
_COMMUNAL = re.compile(r"\b(ethnic|tribal|clans?|communal|inter-?communal|tribes?)\b")
_HARMED = re.compile(
    r"\b(killed|killing|kill|injured|injuring|wounded|wounding|attacked|attack|hacked|shot|"
    r"beaten|raped|abducted|murdered)\b"
)
_ARMED_PARTIES = re.compile(
    r"\b(army|soldiers|troops|military|militants?|rebels?|insurgents?|militia\w*|gunmen|bandits|"
    r"fighters|forces|al[- ]shabaa?b|terrorists?|jihadists?|raiders|armed)\b"
)
_FIGHT = re.compile(
    r"\b(?<!no )(?<!without )(clash(es|ed)|fighting|fought|battles?|firefights?|gun ?battles?|"
    r"killed|wounded|stormed)\b"
)
_WENT_OFF = re.compile(
    r"\b(exploded|went off|blasts?|explosions?|detonated|killed|killing|wounded|injured|died)\b"
)
_NO_CLAIM = re.compile(
    r"\b(no (group|one|organi[sz]ation)( has| had)?( yet| immediately)? (claimed|taken)|"
    r"(not|yet to)( yet)? (been )?(confirmed|known|clear|established|identified) who|"
    r"unclear who|not known who)"
)
_PROTEST_DEATHS = re.compile(r"\b(killed|killing|died|dead|shot|wounded|injured|fatal\w*)\b")
_ARRESTS_MADE = re.compile(r"\b(arrested|detained|rounded up|arresting|detaining)\b")
_ARREST_AS_CAUSE = re.compile(
    r"\b(release of|over the|following the|against the|after the) (\w+ ){0,3}"
    r"(arrest|detention|detained|arrested|jailing)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class Classification:
    """The type a text reports, with the trigger that decided it (offsets into the text) and the
    weight of that trigger's lexicon line (how specific it is)."""

    type: EventType
    score: float
    trigger: str = ""
    start: int = -1
    end: int = -1
    weight: float = 0.0
    spans: tuple[tuple[int, int, float], ...] = ()
    """Every trigger of this type in the text: (start, end, weight), most specific first."""

    @property
    def code(self) -> str:
        return self.type.code

    @property
    def is_event(self) -> bool:
        """Whether this is one of ACLED's 25 sub-event types (a row ACLED would code)."""
        return self.type.acled


@dataclasses.dataclass(frozen=True, slots=True)
class _Trigger:
    code: str
    weight: float
    pattern: re.Pattern[str]


@functools.cache
def load_triggers() -> tuple[_Trigger, ...]:
    """The trigger lexicon shipped in ``newsfuse/data/events/triggers.tsv``."""
    text = resources.files("newsfuse").joinpath("data/events/triggers.tsv").read_text("utf-8")
    triggers = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            code, weight, expression = line.split("\t", 2)
            by_code(code)
            pattern = re.compile(rf"(?<![\w-])(?:{expression.strip()})(?![\w])")
            if pattern.search(""):
                raise ValueError("the expression matches empty text (a stray '|'?)")
        except (ValueError, KeyError, re.error) as exc:
            raise ValueError(f"triggers.tsv line {number}: {exc}") from exc
        triggers.append(_Trigger(code, float(weight), pattern))
    return tuple(triggers)


_Span = tuple[int, int, float]


def _scores(text: str) -> tuple[dict[str, float], dict[str, _Span], dict[str, list[_Span]]]:
    low = text.lower()
    scores: dict[str, float] = {}
    best_span: dict[str, _Span] = {}
    every: dict[str, list[_Span]] = {}
    for trig in load_triggers():
        matches = list(trig.pattern.finditer(low))
        if not matches:
            continue
        every.setdefault(trig.code, []).extend((m.start(), m.end(), trig.weight) for m in matches)
        scores[trig.code] = scores.get(trig.code, 0.0) + trig.weight * (
            1.0 + 0.25 * min(len(matches) - 1, 2)
        )
        first = matches[0]
        known = best_span.get(trig.code)
        if known is None or trig.weight > known[2]:
            best_span[trig.code] = (first.start(), first.end(), trig.weight)
    return scores, best_span, every


def _territory_code(low: str, span: tuple[int, int, float] | None) -> str:
    """Who took the place. The subject of the capture verb decides: the first actor named in the
    trigger's clause before the verb ("Syrian army and allied fighters captured ..." is the army;
    "forces in a crackdown on militants recaptured ..." is the forces). A passive verb ("the
    militants were driven out of ...") makes its subject the side that lost the ground."""
    cut = span[0] if span else len(low)
    if span is not None:
        # a lexicon line may include the actor ("government forces seized"): read up to the verb
        verb = _CAPTURE_VERB.search(low, span[0], span[1])
        cut = verb.start() if verb else cut
    clause_start = max(low.rfind(". ", 0, cut), low.rfind("; ", 0, cut))
    sentence = low[clause_start + 1 : cut]
    # "the army spokesman said rebels have taken ...": the reported clause has the subject
    said = list(_REPORTED.finditer(sentence))
    before = sentence[said[-1].end() :] if said else sentence
    if said and not (_GOVERNMENT.search(before) or _NON_STATE.search(before)):
        before = sentence
    # "were driven out" is passive; "are steadily routing" is progressive: the subject acts
    passive = re.search(r"\b(was|were|been|being|is|are)( \w+ly)? $", before) is not None
    passive = passive and not re.match(r"\w+ing\b", low[cut:])
    kinds = sorted(
        [(m.start(), "GOV_REGAINS_TERIT") for m in _GOVERNMENT.finditer(before)]
        + [(m.start(), "NON_STATE_ACTOR_OVERTAKES_TER") for m in _NON_STATE.finditer(before)]
    )
    kinds = [
        (start, kind)
        for start, kind in kinds
        if not re.search(r"\b(allied|with|on|against|from|by|of|backing)( the)? ?$", before[:start])
    ]
    if kinds:
        kind = kinds[0][1]
        if passive:
            return _OTHER_SIDE[kind]
        return kind
    # nobody named before the verb: "X was recaptured from the rebels" means the government took
    # it back; "...was seized from the army" means the rebels took it
    after = low[cut:]
    taken_from = re.search(r"\bfrom (the )?(\w+[- ]){0,3}", after)
    if taken_from and _NON_STATE.search(taken_from.group()):
        return "GOV_REGAINS_TERIT"
    if taken_from and _GOVERNMENT.search(taken_from.group()):
        return "NON_STATE_ACTOR_OVERTAKES_TER"
    by = re.search(r"\bby (the )?(\w+[- ]){0,3}", after)
    if by and _GOVERNMENT.search(by.group()):
        return "GOV_REGAINS_TERIT"
    if re.match(r"(re|regain|retook|retak|reclaim|recover|liberat|freed|cleared)", after):
        return "GOV_REGAINS_TERIT"
    return "NON_STATE_ACTOR_OVERTAKES_TER"


_CAPTURE_VERB = re.compile(
    r"\b(took|tak|captur|seiz|enter|overr|regain|recaptur|retook|retak|freed|cleared|purged|drove|"
    r"driven|push|expel|gained|establish|assum|liberat|reclaim|recover|restor|fell)"
)
_REPORTED = re.compile(
    r"\b(said|says|say|reported|report|stated|announced|claimed|confirmed|added|told \w+)( that)?\b"
)
_AIM = re.compile(r"\b(to|attempts?|attempted|trying|tried|bid|aim(ed|ing)?|bent on)( \w+)? $")
_OTHER_SIDE = {
    "GOV_REGAINS_TERIT": "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_STATE_ACTOR_OVERTAKES_TER": "GOV_REGAINS_TERIT",
}


def _apply_family_rules(
    scores: dict[str, float], spans: dict[str, tuple[int, int, float]], low: str
) -> None:
    # Protests: the protest words mark the family; what the police or the crowd did decides.
    if "PEACE_PROTEST" in scores and re.search(r"\bclash(es|ed|ing)?\b", low):
        scores["VIOL_DEMONSTR"] = scores.get("VIOL_DEMONSTR", 0.0) + scores.pop("ARMED_CLASH", 4.0)
        spans.setdefault("VIOL_DEMONSTR", spans.get("ARMED_CLASH", (-1, -1, 4.0)))
    if "PEACE_PROTEST" in scores:
        family = scores["PEACE_PROTEST"]
        if "PROTEST_WITH_INTER" in scores and _PROTEST_DEATHS.search(low):
            # police action with dead or wounded protesters is excessive force
            scores["FORCE_AGAINST_PROTEST"] = scores.get("FORCE_AGAINST_PROTEST", 0.0) + 3.0
            spans.setdefault("FORCE_AGAINST_PROTEST", spans["PROTEST_WITH_INTER"])
        # demonstrators who throw stones or riot make a violent demonstration whatever the police
        # do; force and intervention are told only of protests that stayed peaceful
        violent_span = spans.get("VIOL_DEMONSTR", (0, 0, 0.0))
        crowd_violent = "VIOL_DEMONSTR" in scores and violent_span[2] >= 6
        order = (
            ("VIOL_DEMONSTR", "FORCE_AGAINST_PROTEST", "PROTEST_WITH_INTER")
            if crowd_violent
            else ("FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "PROTEST_WITH_INTER")
        )
        for code in order:
            if code in scores:
                scores[code] += family
                if crowd_violent and code == "VIOL_DEMONSTR":
                    for milder in ("FORCE_AGAINST_PROTEST", "PROTEST_WITH_INTER"):
                        if milder in scores:
                            scores[code] = max(scores[code], scores[milder] + 0.5)
                break
        else:
            # arrests made at the protest, not the arrest the protest is about
            if (
                "ARREST" in scores
                and _ARRESTS_MADE.search(low)
                and not _ARREST_AS_CAUSE.search(low)
            ):
                scores["PROTEST_WITH_INTER"] = family + scores["ARREST"]
                spans["PROTEST_WITH_INTER"] = spans["ARREST"]
            elif "ARMED_CLASH" in scores and re.search(r"\bclash\w* with (police|security)", low):
                scores["VIOL_DEMONSTR"] = family + scores["ARMED_CLASH"]
                spans["VIOL_DEMONSTR"] = spans["ARMED_CLASH"]
    elif "PROTEST_WITH_INTER" in scores and not re.search(
        r"protest|demonstr|rall|march|crowd", low
    ):
        scores["PROTEST_WITH_INTER"] *= 0.5
    # A fire or blast at a protest is the crowd's doing, not an accident.
    if (
        "PEACE_PROTEST" in scores
        and "MAN_MADE_DISASTER" in scores
        and spans.get("MAN_MADE_DISASTER", (0, 0, 0.0))[2] < 9
    ):
        extra = scores.pop("MAN_MADE_DISASTER")
        scores["VIOL_DEMONSTR"] = max(scores.get("VIOL_DEMONSTR", 0.0), scores["PEACE_PROTEST"])
        scores["VIOL_DEMONSTR"] += extra
        spans.setdefault("VIOL_DEMONSTR", spans["PEACE_PROTEST"])
    # Protesters destroying, looting or hurting: a violent demonstration (ACLED's riot).
    if (
        "PEACE_PROTEST" in scores
        and "FORCE_AGAINST_PROTEST" not in scores
        and "PROTEST_WITH_INTER" not in scores
        and ("PROPERTY_DISTRUCT" in scores or _VIOLENT_CROWD.search(low))
    ):
        extra = scores.pop("PROPERTY_DISTRUCT", 3.0)
        scores["VIOL_DEMONSTR"] = max(scores.get("VIOL_DEMONSTR", 0.0), scores["PEACE_PROTEST"])
        scores["VIOL_DEMONSTR"] += extra
        spans.setdefault("VIOL_DEMONSTR", spans["PEACE_PROTEST"])
    # Clashes between unarmed groups (supporters, villagers, youths): mob violence.
    if (
        "ARMED_CLASH" in scores
        and "PEACE_PROTEST" not in scores
        and _CLASH.search(low)
        and _CIVIL_PARTIES.search(low)
        and not _ARMED_PARTIES.search(low)
        and not _COMMUNAL.search(low)  # ACLED: ethnic and clan groups that fight are militias
    ):
        scores["MOB_VIOL"] = scores.get("MOB_VIOL", 0.0) + scores["ARMED_CLASH"] + 1.0
        spans.setdefault("MOB_VIOL", spans["ARMED_CLASH"])
    # People attacked along with the looting or burning: an attack (ACLED's precedence).
    if "PROPERTY_DISTRUCT" in scores and "ATTACK" in scores and _HARMED.search(low):
        scores["ATTACK"] = max(scores["ATTACK"], scores["PROPERTY_DISTRUCT"] + 0.5)
    # Territory: one score for taking ground, given to the side that took it.
    strong_territory = ""
    if any(code in scores for code in _TERRITORY):
        total = max(scores.pop(code, 0.0) for code in _TERRITORY)
        found = [spans[code] for code in _TERRITORY if code in spans]
        span = min(found, key=lambda s: (-s[2], s[0])) if found else None
        code = _territory_code(low, span)
        aim = span is not None and _AIM.search(low[: span[0]])
        if aim:
            total = 0.0
        scores[code] = total
        strong_territory = code if total >= 7 else ""
        if span is not None:
            spans[code] = span
    # A specific weapon decides among explosions: a suicide bomb is also a bomb blast.
    if any(code in scores for code in _EXPLOSIVE):
        for generic in ("REM_EXPLOS", "ART_MISS_ATTACK"):
            scores.pop(generic, None)
    # Armed men killed or attacked (police, soldiers, militants) is a battle, not violence
    # against civilians.
    weapons = ("AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", *_EXPLOSIVE)
    if (
        "ATTACK" in scores
        and _ARMED_VICTIMS.search(low)
        and not any(scores.get(code, 0.0) >= 4 for code in weapons)
    ):
        scores["ARMED_CLASH"] = scores.get("ARMED_CLASH", 0.0) + 3.0
        spans.setdefault("ARMED_CLASH", spans["ATTACK"])
    # Ground taken after the other side withdrew, or without a fight: a non-violent transfer.
    territory_now = [code for code in _TERRITORY if code in scores]
    if territory_now and "NON_VIOL_TERRIT_TRANSFER" in scores and not _FIGHT.search(low):
        taken = max(scores[code] for code in territory_now)
        scores["NON_VIOL_TERRIT_TRANSFER"] = max(scores["NON_VIOL_TERRIT_TRANSFER"], taken + 0.5)
        strong_territory = ""
    # Ground that changed hands outranks the fighting that took it (ACLED's precedence).
    if strong_territory and "ARMED_CLASH" in scores:
        scores[strong_territory] = max(scores[strong_territory], scores["ARMED_CLASH"] + 0.5)
    # Weapons found, defused or destroyed before they went off: disrupted, not an explosion.
    if (
        "DISR_WEAP" in scores
        and "REM_EXPLOS" in scores
        and spans.get("DISR_WEAP", (0, 0, 0.0))[2] >= 8
        and not _WENT_OFF.search(low)
    ):
        scores["DISR_WEAP"] = max(scores["DISR_WEAP"], scores["REM_EXPLOS"] + 0.5)
    # "Nobody has claimed responsibility": no claim is made.
    if "ATTRIB" in scores and _NO_CLAIM.search(low):
        scores.pop("ATTRIB")
    # A named weapon (suicide vest, grenade, gas) decides over a generic killing.
    if "ATTACK" in scores and any(scores.get(code, 0.0) >= 7 for code in _EXPLOSIVE):
        scores["ATTACK"] *= 0.5
    # Killing named by a weapon belongs to the weapon's type, not to "Attack".
    if "ATTACK" in scores and any(
        scores.get(code, 0.0) >= 4 for code in ("AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS")
    ):
        scores["ATTACK"] *= 0.5


def rank_text(text: str) -> list[Classification]:
    """Every type the text has triggers for, best first (scores below the floor left out)."""
    scores, spans, found = _scores(text)
    every = {code: sorted(spans_, key=lambda s: (-s[2], s[0])) for code, spans_ in found.items()}
    if not scores:
        return []
    _apply_family_rules(scores, spans, text.lower())
    ranked = sorted(scores, key=lambda c: (-scores[c], _RANK.get(c, 99)))
    out = []
    for code in ranked:
        if scores[code] < _MIN_SCORE:
            break
        start, end, weight = spans.get(code, (-1, -1, 0.0))
        trigger = text[start:end] if start >= 0 else ""
        alternatives = every.get(code) or [(start, end, weight)]
        if code in _TERRITORY:
            alternatives = [*every.get(_TERRITORY[0], []), *every.get(_TERRITORY[1], [])]
        out.append(
            Classification(
                by_code(code), scores[code], trigger, start, end, weight, tuple(alternatives)
            )
        )
    return out


def classify_text(text: str) -> Classification:
    """The event type a sentence or snippet reports, or ``NONE`` (score 0) when none does."""
    ranked = rank_text(text)
    return ranked[0] if ranked else Classification(NONE, 0.0)
