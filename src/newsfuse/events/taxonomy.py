"""The event types newsfuse codes: ACLED's 25 sub-event types, their PLOVER type and mode.

Each :class:`EventType` has a short ``code`` (the CASE 2021 task 2 label, e.g. ``AIR_STRIKE``),
ACLED's ``event_type`` and ``sub_event_type`` names as the ACLED codebook spells them, and the
PLOVER event type and mode that carry the same meaning (PLOVER manual, 2021 draft; CAMEO2PLOVER
table). Codes outside ACLED's taxonomy (disasters, organised crime, diplomacy, claims of
responsibility) are known so that text about them is told apart from conflict events, and are
never emitted as ACLED rows.
"""

from __future__ import annotations

import dataclasses

__all__ = [
    "ACLED_CODES",
    "EVENT_TYPES",
    "NONE",
    "EventType",
    "by_code",
    "by_sub_event_type",
]


@dataclasses.dataclass(frozen=True, slots=True)
class EventType:
    """One event type: CASE ``code``, ACLED names, PLOVER type and mode."""

    code: str
    event_type: str
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None = None
    acled: bool = True


EVENT_TYPES: tuple[EventType, ...] = (
    # Battles
    EventType("ARMED_CLASH", "Battles", "Armed clash", "FIGHT", "firearms"),
    EventType("GOV_REGAINS_TERIT", "Battles", "Government regains territory", "FIGHT", "occupy"),
    EventType(
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "Battles",
        "Non-state actor overtakes territory",
        "FIGHT",
        "occupy",
    ),
    # Explosions/Remote violence
    EventType(
        "CHEM_WEAP", "Explosions/Remote violence", "Chemical weapon", "ASSAULT", "unconventional"
    ),
    EventType("AIR_STRIKE", "Explosions/Remote violence", "Air/drone strike", "FIGHT", "aerial"),
    EventType(
        "SUIC_BOMB", "Explosions/Remote violence", "Suicide bomb", "ASSAULT", "suicide-attack"
    ),
    EventType(
        "ART_MISS_ATTACK",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "FIGHT",
        "heavy-weapons",
    ),
    EventType(
        "REM_EXPLOS",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "ASSAULT",
        "explosives",
    ),
    EventType("GRENADE", "Explosions/Remote violence", "Grenade", "ASSAULT", "explosives"),
    # Violence against civilians
    EventType("SEX_VIOL", "Violence against civilians", "Sexual violence", "ASSAULT", "sexual"),
    EventType("ATTACK", "Violence against civilians", "Attack", "ASSAULT", "firearms"),
    EventType(
        "ABDUCT_DISSAP",
        "Violence against civilians",
        "Abduction/forced disappearance",
        "ASSAULT",
        "abduct",
    ),
    # Protests
    EventType("PEACE_PROTEST", "Protests", "Peaceful protest", "PROTEST", "demo-spon"),
    EventType(
        "PROTEST_WITH_INTER", "Protests", "Protest with intervention", "PROTEST", "demo-spon"
    ),
    EventType(
        "FORCE_AGAINST_PROTEST",
        "Protests",
        "Excessive force against protesters",
        "ASSAULT",
        "pro-autocracy",
    ),
    # Riots
    EventType("VIOL_DEMONSTR", "Riots", "Violent demonstration", "PROTEST", "riot"),
    EventType("MOB_VIOL", "Riots", "Mob violence", "ASSAULT", "beat"),
    # Strategic developments
    EventType("AGREEMENT", "Strategic developments", "Agreement", "AGREE"),
    EventType("ARREST", "Strategic developments", "Arrests", "COERCE", "arrest"),
    EventType(
        "CHANGE_TO_GROUP_ACT",
        "Strategic developments",
        "Change to group/activity",
        "MOBILIZE",
        "troops",
    ),
    EventType(
        "DISR_WEAP", "Strategic developments", "Disrupted weapons use", "COERCE", "confiscate"
    ),
    EventType(
        "HQ_ESTABLISHED",
        "Strategic developments",
        "Headquarters or base established",
        "MOBILIZE",
        "troops",
    ),
    EventType(
        "PROPERTY_DISTRUCT",
        "Strategic developments",
        "Looting/property destruction",
        "COERCE",
        "destroy",
    ),
    EventType(
        "NON_VIOL_TERRIT_TRANSFER",
        "Strategic developments",
        "Non-violent transfer of territory",
        "RETREAT",
        "withdraw",
    ),
    EventType("OTHER", "Strategic developments", "Other", None),
    # Outside ACLED's taxonomy (CASE 2021 "unseen" types): recognised, never emitted as events
    EventType("ORG_CRIME", "none", "Organized crime", None, acled=False),
    EventType("NATURAL_DISASTER", "none", "Natural disaster", None, acled=False),
    EventType("MAN_MADE_DISASTER", "none", "Man-made disaster", None, acled=False),
    EventType("DIPLO", "none", "Diplomatic event", "CONSULT", acled=False),
    EventType("ATTRIB", "none", "Attribution of responsibility", "ACCUSE", acled=False),
)

NONE = EventType("NONE", "none", "none", None, acled=False)
"""The type of text that reports no event."""

_BY_CODE = {t.code: t for t in (*EVENT_TYPES, NONE)}
_BY_SUB = {t.sub_event_type.lower(): t for t in EVENT_TYPES}
ACLED_CODES: tuple[str, ...] = tuple(t.code for t in EVENT_TYPES if t.acled)


def by_code(code: str) -> EventType:
    """The event type of a CASE code (``KeyError`` naming the code if unknown)."""
    try:
        return _BY_CODE[code.upper()]
    except KeyError:
        raise KeyError(f"unknown event code {code!r}; known: {', '.join(_BY_CODE)}") from None


def by_sub_event_type(name: str) -> EventType | None:
    """The event type of an ACLED sub-event type name (case-insensitive), if it is one."""
    return _BY_SUB.get(name.strip().lower())
