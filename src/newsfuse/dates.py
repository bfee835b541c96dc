"""Dates: time expressions found in an article and the intervals they stand for.

Reads a parsed spaCy ``Doc`` (its DATE and TIME entities and sentences) and the article's
publication date; adds :class:`~newsfuse.models.TimeExpression` records: the text as written, its
offsets, the interval it means (``earliest``..``latest``), the ``precision`` (day, week, month,
year) and a ``status``. Relative expressions ("on Tuesday", "last week", "since November last
year", "late last year") are resolved against the publication date; when that date is unknown
they are kept, marked "unresolved", with the reason. Durations ("more than three years") and
ages ("21-year-old") are not points in time: durations are kept unresolved, ages are skipped.

How an expression is read: our own grammar for the relative forms news uses (weekdays, "last
night", "N days ago", "earlier this month", "early Sunday", months and seasons with or without a
year, "late 2016", US holidays such as "the Fourth of July" or "Labor Day weekend"), and
dateparser for absolute dates in any common notation ("June 1, 2017", "6/1/2017", "1 June 2017").
The anchor is the publication date, unless the text carries its own earlier stamp ("Published
Thursday, Sept. 1, 2016": archived copies are often dated when fetched), see
:func:`written_publication`. With a parse, each expression also records the word it modifies
(``attached_to``: "kill" in "was killed Saturday"), which :func:`incident_date` reads.

Public API: :func:`resolve_dates` (``newsfuse.resolve_dates``); the annotate stage calls
:func:`dates_from_doc`; :func:`incident_date` picks the date of the incident an article reports
(used for ``Event.event_date``).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from newsfuse.models import AnnotatedArticle, Sentence, TimeExpression, to_date

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "dates_from_doc",
    "find_dates",
    "incident_date",
    "interpret",
    "resolve_dates",
    "written_publication",
]

log = logging.getLogger(__name__)

Precision = Literal["day", "week", "month", "year", "unknown"]

_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].casefold(): i for i in range(7)}
_WEEKDAYS.update({calendar.day_abbr[i].casefold(): i for i in range(7)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
    "a few": 3, "several": 3,
}  # fmt: skip
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_WEEKDAY_FULL = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
_HOLIDAY = (
    r"(?:new\s+year'?s(?:\s+(?:day|eve))?|valentine'?s\s+day|(?:st\.?|saint)\s+patrick'?s\s+day|"
    r"easter(?:\s+sunday)?|good\s+friday|mother'?s\s+day|memorial\s+day|father'?s\s+day|"
    r"juneteenth|independence\s+day|(?:the\s+)?fourth\s+of\s+july|july\s+fourth|labor\s+day|"
    r"columbus\s+day|halloween|veterans'?\s+day|thanksgiving(?:\s+day)?|black\s+friday|"
    r"christmas(?:\s+(?:day|eve))?|boxing\s+day|cinco\s+de\s+mayo|"
    r"(?:martin\s+luther\s+king(?:\s+jr\.?)?|mlk)\s+day|presidents'?\s+day)"
)
_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"a few|a couple of)"
)

# Expressions our grammar finds in the text itself (spaCy's DATE entities are added to these).
_FIND = re.compile(
    rf"""\b(?:
      (?:(?:early|late|earlier|later)\s+)?(?:(?:last|this|next|past)\s+)?{_WEEKDAY_FULL}
        (?:,?\s+{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)?
        (?:\s+{_PART_OF_DAY})?
    | (?:early\s+|late\s+)?(?:yesterday|today|tonight|tomorrow)(?:\s+{_PART_OF_DAY})?
    | (?:early\s+|late\s+)?(?:last|this)\s+
        (?:night|morning|afternoon|evening|weekend|week|month|year)
    | earlier\s+(?:today|this\s+(?:week|month|year))
    | {_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago
    | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?
    | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?
    | \d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})
    | \d{{4}}-\d{{2}}-\d{{2}}
    | {_HOLIDAY}(?:\s+(?:{_PART_OF_DAY}|weekend))?(?:,?\s+\d{{4}})?
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|’ll|scheduled|expected to|set to|due to|slated|plans? to|planned|"
    r"going to|is to|are to|upcoming)\b[^.;]*$",
    re.IGNORECASE,
)
_AGE = re.compile(r"\d+[- ]years?[- ]old|\bage[sd]?\b|\byears? old\b", re.IGNORECASE)
_DURATION = re.compile(
    rf"""^(?:(?:for|over|in|within|after|about|around|nearly|almost|some|roughly|at\s+least|
      up\s+to|more\s+than|less\s+than|fewer\s+than|the\s+(?:past|last|next|first)|another|
      several|many|a\s+few|few|two\s+more)\s+)*
      (?:{_NUM}|\d+(?:\.\d+)?|\w+-\w+)?\s*(?:-|\s)?
      (?:days?|weeks?|months?|years?|decades?|hours?|minutes?|centuries|century|weekends?)
      (?:\s+(?:long|later|earlier|of\s+\w+))?$""",
    re.IGNORECASE | re.VERBOSE,
)
_LEADING = re.compile(
    r"^(?:(?:on|in|since|during|by|until|till|from|as\s+of|at|over|before|after|around|"
    r"about|circa|throughout|the\s+month\s+of|the\s+year|the\s+week\s+of|the\s+day\s+of|"
    r"the\s+night\s+of|the\s+morning\s+of|the\s+evening\s+of|the\s+afternoon\s+of|of|the)\s+)+",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Reading:
    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.earliest is not None and self.latest is not None


def _unresolved(reason: str, precision: Precision = "unknown") -> _Reading:
    return _Reading(None, None, precision, reason)


# --------------------------------------------------------------------------------------------
# Public API


def resolve_dates(
    text: str, published: dt.date | dt.datetime | str | None = None
) -> list[TimeExpression]:
    """Find and resolve the time expressions of a text (public API: ``newsfuse.resolve_dates``).

    ``published`` (a date, datetime or ISO/natural-language date text) anchors relative
    expressions; without it they are returned unresolved, with the reason.
    """
    if not text or not text.strip():
        return []
    from newsfuse.annotate import load_nlp

    nlp = load_nlp()
    limit = min(nlp.max_length, _CHUNK)
    if len(text) <= limit:
        return dates_from_doc(nlp(text), published)
    # Longer than spaCy takes at once: parse paragraph-aligned chunks and shift the offsets.
    found: list[TimeExpression] = []
    offset = sentences = 0
    for chunk in _chunks(text, limit):
        doc = nlp(chunk)
        for t in dates_from_doc(doc, published):
            found.append(
                dataclasses.replace(
                    t,
                    start=t.start + offset,
                    end=t.end + offset,
                    sentence=t.sentence + sentences if t.sentence >= 0 else -1,
                )
            )
        offset += len(chunk)
        sentences += sum(1 for _ in doc.sents)
    return found


_CHUNK = 100_000


def _chunks(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after a newline (or a space) when possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        cut = cut + 1 if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def dates_from_doc(
    doc: Doc, published: dt.date | dt.datetime | str | None = None
) -> list[TimeExpression]:
    """The per-article stage: time expressions of a parsed ``Doc``, in text order.

    Reads spaCy's DATE entities (and TIME entities that name a day, such as "last night") plus
    our own patterns; resolves each against ``published``.
    """
    pub, pub_problem = _publication(published)
    pub = written_publication(doc.text, pub)
    starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else []
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _FIND.search(ent.text)):
            spans.append((ent.start_char, ent.end_char))
    spans.extend((m.start(), m.end()) for m in _FIND.finditer(doc.text))
    found = _resolve_spans(doc.text, spans, pub, pub_problem, starts)
    if not doc.has_annotation("DEP"):
        return found
    return [dataclasses.replace(t, attached_to=_attached_word(doc, t.start, t.end)) for t in found]


_TIME_WORDS = frozenset(
    {
        "morning", "afternoon", "evening", "night", "overnight", "time", "a.m.", "p.m.", "am",
        "pm", "noon", "midnight", "hour", "hours", "day", "days", "week", "weekend", "o'clock",
    }
)  # fmt: skip


_PLACE_NOUN = re.compile(
    r"block|street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|drive|dr\.?|lane|way|"
    r"highway|interstate|area|neighborhood|neighbourhood|home|house|residence|apartment|complex|"
    r"park|lot|parking|club|nightclub|bar|store|restaurant|station|school|church|city|town|"
    r"county|corner|intersection|alley|motel|hotel|mall"
)


def _attached_word(doc: Doc, start: int, end: int) -> str:
    """The word an expression modifies: climb the parse from the expression past prepositions,
    clock times and other date words to the first verb or noun ("killed" in "was killed early
    Saturday", "shooting" in "the Sept. 27 shooting"). Lower-cased lemma (or the word itself
    when the pipeline has no lemmatizer); empty when the expression heads its sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ""
    token = span.root
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            return ""
        inside = span.start <= head.i < span.end
        if (
            inside
            or head.pos_ in {"ADP", "DET", "NUM", "PUNCT", "CCONJ", "PART", "SCONJ"}
            or head.lower_ in _TIME_WORDS
            or head.ent_type_ in {"DATE", "TIME"}
        ):
            token = head
            continue
        word = (head.lemma_ or head.lower_).lower()
        if (
            token.dep_ not in {"poss", "compound", "nmod", "amod"}
            and head.pos_ in {"NOUN", "PROPN"}
            and head.dep_ == "pobj"
            and (head.ent_type_ in {"FAC", "GPE", "LOC"} or _PLACE_NOUN.fullmatch(word))
        ):
            token = head  # "shot in the 4000 block of N. 19th St. Tuesday": past the place
            continue
        if head.pos_ in {"VERB", "AUX", "NOUN", "PROPN", "ADJ"}:
            return word
        token = head
    return ""


def find_dates(
    text: str, published: dt.date | dt.datetime | str | None = None
) -> list[TimeExpression]:
    """Like :func:`resolve_dates` but with our patterns only (no spaCy): fast, lower recall."""
    pub, pub_problem = _publication(published)
    pub = written_publication(text, pub)
    spans = [(m.start(), m.end()) for m in _FIND.finditer(text)]
    return _resolve_spans(text, spans, pub, pub_problem, [])


def interpret(
    expression: str,
    published: dt.date | dt.datetime | str | None = None,
    *,
    future: bool = False,
) -> TimeExpression:
    """Resolve one expression ("last week") against ``published``; offsets are 0..len.

    ``future`` reads bare weekdays and months forward ("will meet on Friday").
    """
    pub, pub_problem = _publication(published)
    reading = _read(expression, pub, future=future)
    return _expression(expression, 0, len(expression), reading, pub, pub_problem, -1)


def incident_date(
    source: AnnotatedArticle | Doc,
    published: dt.date | dt.datetime | str | None = None,
) -> TimeExpression | None:
    """The date of the incident an article reports, or ``None`` when the text states none.

    Reads an :class:`AnnotatedArticle` (its ``dates``, ``sentences`` and publication date) or a
    parsed ``Doc`` (with ``published``). Picks among the resolved day-level expressions the one
    that best places the reported event: attached to a word of the incident ("killed Saturday",
    "the Sept. 27 shooting") rather than of a later step ("arrested Thursday", "said Monday",
    a hearing, funeral or vigil); early in the article; with a clock time; not in the future,
    not after publication, not the article's own time stamp. A day named several times, and the
    earliest plausible day, weigh more. A coarser expression ("last week") is returned only when
    the text has no day-level one.
    """
    if isinstance(source, AnnotatedArticle):
        expressions: Sequence[TimeExpression] = source.dates
        sentences: Sequence[Sentence] = source.sentences
        text = source.article.text
        pub = written_publication(text, source.article.published)
    else:
        expressions = dates_from_doc(source, published)
        text = source.text
        sentences = (
            [
                Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
                for i, s in enumerate(source.sents)
            ]
            if source.has_annotation("SENT_START")
            else []
        )
        pub = written_publication(text, _publication(published)[0])
    scored = [
        (_incident_score(e, text, sentences, pub), e)
        for e in expressions
        if e.status == "resolved" and e.precision in {"day", "week"} and e.earliest is not None
    ]
    if not scored:
        return None
    days = [(score, e) for score, e in scored if e.precision == "day"]
    if not days:
        return max(scored, key=lambda item: item[0])[1]
    # A day named several times is likelier the incident's; so is the earliest plausible day
    # (arrests, deaths in hospital and court dates come after the incident).
    by_day: dict[dt.date, list[tuple[float, TimeExpression]]] = {}
    for score, e in days:
        by_day.setdefault(e.earliest, []).append((score, e))  # type: ignore[arg-type]
    plausible = [d for d, items in by_day.items() if max(s for s, _ in items) > _PLAUSIBLE]
    first = min(plausible) if plausible else None

    # "shot and killed last week": the days inside that week are likelier.
    periods = [
        (e.earliest, e.latest)
        for score, e in scored
        if e.precision == "week"
        and score > 0
        and _attachment(e, text[e.end : e.end + 60]) == "incident"
    ]

    def day_score(day: dt.date) -> float:
        items = by_day[day]
        score = max(s for s, _ in items) + _REPEAT_BONUS * min(len(items) - 1, 3)
        if any(a is not None and b is not None and a <= day <= b for a, b in periods):
            score += _IN_PERIOD
        return score + (_FIRST_BONUS if day == first else 0.0)

    best_day = max(by_day, key=day_score)
    return max(by_day[best_day], key=lambda item: item[0])[1]


_STAMP = re.compile(
    r"\b(?:published|posted|updated|last\s+updated|created|first\s+published)\b\s*:?\s*"
    r"(?:on\s+)?(?:(?:at\s+)?\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*(?:[ECMP][SD]T\s*)?,?\s*)?"
    rf"((?:{_WEEKDAY_FULL},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)


def written_publication(text: str, published: dt.date | None) -> dt.date | None:
    """The publication date to read the text against: ``published``, unless the text carries
    its own earlier stamp ("Published Thursday, Sept. 1, 2016", "Posted: 9/1/2016") at the start
    of a line or after a sentence, more than two days before it (the latest such stamp
    counts). Archived copies and feeds often date an article by when it was fetched, weeks or
    years after it was written; the text's own stamp is then the better anchor for "Thursday"
    and "last week". A date quoted mid-sentence ("a study, published June 1, 2010") is not a
    stamp."""
    if published is None:
        return None
    stamps = []
    for match in _STAMP.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()].rstrip(" \t-–—|•*([")
        if before and not before.endswith((".", "!", "?", "”", '"', ")")):
            continue  # mid-sentence ("a study, published June 1, 2010, found"): not a stamp
        reading = _read(match.group(1), None)
        if reading.precision == "day" and reading.earliest is not None:
            stamps.append(reading.earliest)
    earlier = [d for d in stamps if (published - d).days > 2]
    if not earlier:
        return published
    stamp = max(earlier)  # the stamp nearest to publication (an update after the first post)
    log.debug("reading relative dates against the text's stamp %s, not %s", stamp, published)
    return stamp


# --------------------------------------------------------------------------------------------
# Spans to expressions


def _publication(value: dt.date | dt.datetime | str | None) -> tuple[dt.date | None, str]:
    if value is None or value == "":
        return None, "the publication date is unknown"
    try:
        return to_date(value), ""
    except (ValueError, TypeError, OverflowError):
        log.warning("publication date %r is not a date; relative dates stay unresolved", value)
        return None, f"the publication date {value!r} is not a date"


def _resolve_spans(
    text: str,
    spans: list[tuple[int, int]],
    pub: dt.date | None,
    pub_problem: str,
    sentence_starts: list[int],
) -> list[TimeExpression]:
    readings: list[tuple[int, int, _Reading]] = []
    for start, end in sorted(set(spans)):
        surface = text[start:end]
        if (
            not surface.strip()
            or _AGE.search(surface)
            or _AGE.search(text[max(0, start - 6) : start])
            or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", surface.strip())
        ):
            continue  # an age, or a bare number

        clause = _clause_before(text, start)
        future = bool(_FUTURE.search(clause))
        reading = _read(surface, pub, future=future)
        if not future and _UNTIL.search(clause) and _BARE_WEEKDAY.fullmatch(_normal(surface)):
            # "closed through Wednesday": the end of a period, the nearer of the two readings
            ahead = _read(surface, pub, future=True)
            if (
                reading.earliest
                and ahead.earliest
                and pub
                and (ahead.earliest - pub).days < (pub - reading.earliest).days
            ):
                reading = ahead
        readings.append((start, end, reading))
    # Overlapping candidates: keep resolved over unresolved, then the longer one.
    readings.sort(key=lambda r: (not r[2].resolved, -(r[1] - r[0]), r[0]))
    chosen: list[tuple[int, int, _Reading]] = []
    for start, end, reading in readings:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, reading))
    chosen.sort(key=lambda r: r[0])
    chosen = _order_ranges(text, chosen)
    result = []
    for start, end, reading in chosen:
        sentence = _sentence_index(sentence_starts, start)
        result.append(_expression(text[start:end], start, end, reading, pub, pub_problem, sentence))
    return result


_UNTIL = re.compile(r"\b(?:until|till|through|thru)\s+$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:to|into|through|thru|until|till|and|-|–|—)\s*", re.IGNORECASE)
_NAMES_WEEKDAY = re.compile(rf"\b{_WEEKDAY_FULL}\b", re.IGNORECASE)


def _order_ranges(
    text: str, chosen: list[tuple[int, int, _Reading]]
) -> list[tuple[int, int, _Reading]]:
    """ "from Sunday to early Monday": the second weekday of a range comes after the first; and
    the same weekday named again, bare, later in the article ("... two people were shot about
    12:50 a.m. Monday") is that same day."""
    result = list(chosen)
    moved: dict[str, _Reading] = {}
    for i in range(1, len(result)):
        (_, end1, first), (start2, end2, second) = result[i - 1], result[i]
        bare = _BARE_WEEKDAY.fullmatch(_normal(text[start2:end2]))
        if bare and bare.group(1) in moved:
            result[i] = (start2, end2, moved[bare.group(1)])
        elif (
            first.earliest is not None
            and second.earliest is not None
            and second.earliest < first.earliest
            and _RANGE_LINK.fullmatch(text[end1:start2])
            and _NAMES_WEEKDAY.search(text[start2:end2])
            and (first.earliest - second.earliest).days < 7
        ):
            week = dt.timedelta(days=7)
            later = _Reading(
                second.earliest + week, (second.latest or second.earliest) + week, "day"
            )
            result[i] = (start2, end2, later)
            if bare:
                moved[bare.group(1)] = later
    return result


_BARE_WEEKDAY = re.compile(
    rf"(?:(?:early|late|earlier|later)\s+)?({_WEEKDAY_FULL})(?:\s+{_PART_OF_DAY})?",
    re.IGNORECASE,
)


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - 80) : start]
    cut = max(head.rfind("."), head.rfind("\n"), head.rfind(";"))
    return head[cut + 1 :]


def _sentence_index(starts: list[int], offset: int) -> int:
    import bisect

    if not starts:
        return -1
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _expression(
    surface: str,
    start: int,
    end: int,
    reading: _Reading,
    pub: dt.date | None,
    pub_problem: str,
    sentence: int,
) -> TimeExpression:
    reason = reading.reason
    if not reading.resolved and reason == _NEEDS_PUB:
        reason = f"relative expression: {pub_problem}"
    elif not reading.resolved and reason == _NEEDS_YEAR:
        reason = f"no year given, and {pub_problem}"
    return TimeExpression(
        text=surface,
        start=start,
        end=end,
        earliest=reading.earliest,
        latest=reading.latest,
        precision=reading.precision,
        status="resolved" if reading.resolved else "unresolved",
        reason=reason,
        sentence=sentence,
    )


# --------------------------------------------------------------------------------------------
# The grammar

_CLOCK_WORDS = re.compile(
    r"(?:\b(?:at|around|about|approximately|shortly (?:before|after)|just (?:before|after)|"
    r"before|after)\s+)?(?:\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|"
    r"\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b)"
    r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|[ECMP]T)\b)?(?:\s+on\b)?",
    re.IGNORECASE,
)
_NEEDS_PUB = "needs the publication date"
_NEEDS_YEAR = "needs a year or the publication date"


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = _CLOCK_WORDS.sub(" ", text)
    text = re.sub(r"\s+", " ", text.strip().strip(".,;:()\"'")).casefold()
    text = re.sub(r"'s$", "", text)
    return _LEADING.sub("", text).strip()


def _read(surface: str, pub: dt.date | None, *, future: bool = False) -> _Reading:
    """What one expression means, given the publication date (or not)."""
    text = _normal(surface)
    if not text:
        return _unresolved("empty expression")
    for reader in _READERS:
        reading = reader(text, pub, future)
        if reading is not None:
            return _sanity(reading, pub)
    if _DURATION.match(text) or re.fullmatch(r"(?:recent|the)\s+\w+", text):
        return _unresolved("a duration or a vague period, not a point in time")
    return _sanity(_absolute(text, pub), pub)


def _sanity(reading: _Reading, pub: dt.date | None) -> _Reading:
    if not reading.resolved or reading.earliest is None:
        return reading
    year = reading.earliest.year
    anchor = pub.year if pub else dt.date.today().year
    if year < 1800 or year > anchor + 50:
        return _unresolved(f"implausible year {year}", reading.precision)
    return reading


def _day(d: dt.date) -> _Reading:
    return _Reading(d, d, "day")


def _week_of(d: dt.date) -> _Reading:
    monday = d - dt.timedelta(days=d.weekday())
    return _Reading(monday, monday + dt.timedelta(days=6), "week")


def _month_of(year: int, month: int, part: str = "") -> _Reading:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {
        "early": (1, 10),
        "beginning": (1, 10),
        "start": (1, 10),
        "mid": (11, 20),
        "middle": (11, 20),
        "late": (21, last),
        "end": (21, last),
    }.get(part, (1, last))
    return _Reading(dt.date(year, month, first_day), dt.date(year, month, last_day), "month")


def _year_of(year: int, part: str = "") -> _Reading:
    first, last = {
        "early": (1, 4),
        "beginning": (1, 2),
        "start": (1, 2),
        "mid": (5, 8),
        "middle": (5, 8),
        "late": (9, 12),
        "end": (11, 12),
    }.get(part, (1, 12))
    return _Reading(
        dt.date(year, first, 1),
        dt.date(year, last, 31 if last == 12 else calendar.monthrange(year, last)[1]),
        "year",
    )


def _part(text: str) -> tuple[str, str]:
    """("late last year") -> ("late", "last year")."""
    match = re.match(
        r"^(early|late|mid|middle|beginning|start|end)(?:-|\s+)(?:of\s+)?(?:the\s+)?(.*)$", text
    )
    if match:
        part = match.group(1)
        return ("mid" if part == "middle" else part), match.group(2)
    return "", text


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _read_day_words(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    text = re.sub(r"^(?:early|late|earlier|later)\s+", "", text)
    match = re.fullmatch(
        rf"(day before yesterday|yesterday|today|tonight|tomorrow|last night|this {_PART_OF_DAY}|"
        rf"earlier today|overnight)(?:\s+{_PART_OF_DAY})?",
        text,
    )
    if not match:
        return None
    if pub is None:
        return _unresolved(_NEEDS_PUB, "day")
    word = match.group(1)
    offset = {
        "day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "overnight": -1,
        "tomorrow": 1,
    }.get(word, 0)
    return _day(pub + dt.timedelta(days=offset))


def _read_weekday(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    match = re.fullmatch(
        rf"(?:(early|late|earlier|later)\s+)?(?:(last|this|next|past|coming)\s+)?"
        rf"({_WEEKDAY})(?:\s+(?:{_PART_OF_DAY}))?(?:\s+(?:last|this|next)\s+week)?",
        text,
    )
    if not match:
        return None
    name = match.group(3).rstrip(".")
    key = name if name in _WEEKDAYS else name[:3]
    weekday = _WEEKDAYS.get(key)
    if weekday is None:
        return None
    if pub is None:
        return _unresolved(_NEEDS_PUB, "day")
    which = match.group(2) or ""
    back = (pub.weekday() - weekday) % 7  # days back to the most recent such day (0: today)
    if "last week" in text:
        return _day(pub - dt.timedelta(days=pub.weekday() + 7 - weekday))
    if "next week" in text:
        return _day(pub + dt.timedelta(days=7 - pub.weekday() + weekday))
    if which in {"last", "past"}:
        return _day(pub - dt.timedelta(days=back or 7))
    if which in {"next", "coming"} or (future and not which):
        return _day(pub + dt.timedelta(days=(weekday - pub.weekday()) % 7 or 7))
    if which == "this":
        return _day(pub + dt.timedelta(days=weekday - pub.weekday()))
    return _day(pub - dt.timedelta(days=back))


def _read_relative_period(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    part, rest = _part(text)
    match = re.fullmatch(
        r"(earlier |later )?(last|this|next|past|previous|the past|the last|current|coming)\s+"
        r"(week|weekend|month|year)",
        rest,
    )
    if not match and rest in {"the weekend", "weekend", "the week", "the year", "the month"}:
        match = re.fullmatch(r"()(the)\s+(week|weekend|month|year)", "the " + rest.split()[-1])
    if not match:
        return None
    if pub is None:
        return _unresolved(_NEEDS_PUB, "week" if "week" in rest else match.group(3))  # type: ignore[arg-type]
    early_late, which, unit = (match.group(1) or "").strip(), match.group(2), match.group(3)
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if which in {"past", "the past", "the last"}:
        days = {"week": 7, "weekend": 7, "month": 31, "year": 365}[unit]
        precision: Precision = "week" if unit.startswith("week") else unit  # type: ignore[assignment]
        return _Reading(pub - dt.timedelta(days=days), pub, precision)
    if unit == "weekend":
        # "the weekend": the last one (or the current one on a Saturday or Sunday);
        # "this weekend": the coming one (or the current one); "next"/"last": one further.
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        coming = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        if pub.weekday() >= 5:
            coming = saturday
        if step > 0:
            saturday = coming + dt.timedelta(days=7)
        elif which == "this" or (future and which == "the"):
            saturday = coming
        elif step < 0 and pub.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return _Reading(saturday, saturday + dt.timedelta(days=1), "week")
    if unit == "week":
        reading = _week_of(pub + dt.timedelta(days=7 * step))
    elif unit == "month":
        year, month = _shift_months(pub.year, pub.month, step)
        reading = _month_of(year, month, part)
    else:
        reading = _year_of(pub.year + step, part)
    if early_late == "earlier" and step == 0 and reading.earliest:
        return _Reading(reading.earliest, pub, reading.precision)
    if early_late == "later" and step == 0 and reading.latest:
        return _Reading(pub, reading.latest, reading.precision)
    return reading


def _read_recent(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    """ "recent days", "in recent weeks", "recent months", "recent years": up to publication."""
    match = re.fullmatch(r"(?:the )?(?:most )?recent (days|weeks|months|years)", text)
    if not match:
        return None
    unit = match.group(1)
    if pub is None:
        return _unresolved(_NEEDS_PUB)
    days, precision = {
        "days": (7, "week"),
        "weeks": (31, "week"),
        "months": (92, "month"),
        "years": (3 * 365, "year"),
    }[unit]
    return _Reading(pub - dt.timedelta(days=days), pub, precision)  # type: ignore[arg-type]


def _read_ago(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    if re.fullmatch(
        r"(?:that|same|the same|the following|following|the next|the previous|the prior|"
        r"the day before|the day after)\s*(?:day|night|morning|week|weekend|month|year)?",
        text,
    ):
        return _unresolved("relative to another date in the text, not to the publication date")
    match = re.fullmatch(
        rf"(?:about |nearly |almost |some |more than |over |roughly )?({_NUM})\s+"
        r"(day|week|month|year)s?\s+(ago|earlier|before|later|from now)",
        text,
    )
    if not match:
        return None
    if match.group(3) in {"earlier", "before", "later"}:
        return _unresolved("relative to another event, not to the publication date")
    if pub is None:
        return _unresolved(_NEEDS_PUB, match.group(2))  # type: ignore[arg-type]
    raw = match.group(1)
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 1)
    sign = 1 if match.group(3) == "from now" else -1
    unit = match.group(2)
    if unit == "day":
        return _day(pub + dt.timedelta(days=sign * count))
    if unit == "week":
        return _week_of(pub + dt.timedelta(days=sign * 7 * count))
    if unit == "month":
        year, month = _shift_months(pub.year, pub.month, sign * count)
        return _month_of(year, month)
    return _year_of(pub.year + sign * count)


def _read_month(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    """Months and seasons without a day: "May", "late May", "November last year", "May 2017",
    "last November", "summer 2016", "this spring"."""
    part, rest = _part(text)
    match = re.fullmatch(
        rf"(?:(last|this|next|past|previous|coming)\s+)?({_MONTH}|spring|summer|autumn|fall|winter)"
        r"(?:,?\s+(?:of\s+)?(\d{4}|last year|this year|next year|the previous year|"
        r"previous year|the following year|the same year))?",
        rest,
    )
    if not match:
        return None
    which, name, year_text = match.group(1) or "", match.group(2).rstrip("."), match.group(3)
    season = _SEASONS.get(name)
    if name == "winter":
        season = (12, 2)
    month = season[0] if season else _MONTHS.get(name, _MONTHS.get(name[:3], 0))
    if not month:
        return None
    if year_text and year_text.isdigit():
        year = int(year_text)
    elif year_text in {"the same year"}:
        return _unresolved("relative to another date in the text")
    elif pub is None:
        return _unresolved(_NEEDS_PUB if which or year_text else _NEEDS_YEAR, "month")
    elif year_text:
        year = pub.year + (
            -1
            if "last" in year_text or "previous" in year_text
            else 1
            if ("next" in year_text or "following" in year_text)
            else 0
        )
    elif which in {"last", "past", "previous"}:
        year = pub.year if month < pub.month else pub.year - 1
    elif which in {"next", "coming"} or (future and not which):
        year = pub.year if month > pub.month else pub.year + 1
        if future and not which and month == pub.month:
            year = pub.year
    else:  # "in May", "this May": the most recent one (this month counts)
        year = pub.year if month <= pub.month else pub.year - 1
    if season:
        end_year, end_month = (year + 1, 2) if season[1] < season[0] else (year, season[1])
        last = calendar.monthrange(end_year, end_month)[1]
        return _Reading(dt.date(year, month, 1), dt.date(end_year, end_month, last), "month")
    return _month_of(year, month, part)


def _read_year(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    part, rest = _part(text)
    match = re.fullmatch(r"(?:the )?(?:year )?(\d{4})(s)?", rest)
    if match:
        year = int(match.group(1))
        if match.group(2):  # a decade: "the 1990s"
            if year % 10:
                return None
            return _Reading(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "year")
        return _year_of(year, part)
    match = re.fullmatch(r"(last|this|next|previous|the previous|the following) year", rest)
    if match and part:
        if pub is None:
            return _unresolved(_NEEDS_PUB, "year")
        step = {"this": 0, "next": 1, "the following": 1}.get(match.group(1), -1)
        return _year_of(pub.year + step, part)
    return None


def _read_day_of_month(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    """ "June 1", "Tuesday, June 6", "1 June", "June 1, 2017", "the 5th of June"."""
    named = re.match(rf"^({_WEEKDAY}),?\s+", text)
    weekday = None
    if named:
        name = named.group(1).rstrip(".")
        weekday = _WEEKDAYS.get(name, _WEEKDAYS.get(name[:3]))
        text = text[named.end() :]
    text = re.sub(rf"\s+{_PART_OF_DAY}$", "", text)
    match = re.fullmatch(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", text)
    if match:
        month_name, day_text, year_text = match.groups()
    else:
        match = re.fullmatch(
            rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?", text
        )
        if not match:
            return None
        day_text, month_name, year_text = match.groups()
    month = _MONTHS.get(month_name.rstrip(".")) or _MONTHS.get(month_name[:3], 0)
    day = int(day_text)
    if year_text:
        year = int(year_text)
        if day > calendar.monthrange(year, month)[1] if 1 <= month <= 12 else True:
            return _unresolved(f"not a valid date: {text!r}", "day")
        return _day(dt.date(year, month, day))
    if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]) or day < 1:
        return _unresolved(f"not a valid date: {text!r}", "day")
    if pub is None:
        return _unresolved(_NEEDS_YEAR, "day")
    # The year that puts the date closest to publication (past and future read alike); when a
    # weekday is written ("Saturday, Sept. 12") the nearest year where it falls on that day.
    options = []
    for year in range(pub.year - 6, pub.year + 2):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            matches = weekday is None or candidate.weekday() == weekday
            if weekday is None and abs(year - pub.year) > 1:
                continue
            # Past dates are likelier in news, future ones in a future clause: a date on the
            # other side of publication counts as twice as far.
            distance = abs((candidate - pub).days)
            if candidate != pub and (candidate > pub) != future:
                distance *= 2
            options.append((not matches, distance, candidate))
    return _day(min(options)[2])


def _read_numeric(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    """ "6/1/2017", "5/21/16" (month first, as in US news; day first when the first number
    cannot be a month), "2017-06-01"."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
        if not match:
            return None
        month, day, year = (int(g) for g in match.groups())
        if month > 12 >= day:
            month, day = day, month
        if len(match.group(3)) == 2:
            pivot = (pub.year if pub else dt.date.today().year) % 100 + 1
            year += 2000 if year <= pivot else 1900
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return _unresolved(f"not a valid date: {text!r}", "day")


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (dateutil, a dependency of dateparser)."""
    from dateutil.easter import easter

    return easter(year)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th given weekday of a month (``n`` = -1: the last one)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, year: int) -> dt.date | None:
    """The day of a (US) holiday in a year, from its name as written (lower case)."""
    name = re.sub(r"[\s.']+", " ", name).strip()
    fixed = {
        "new year s": (1, 1), "new years": (1, 1), "new year s day": (1, 1),
        "new years day": (1, 1), "new year s eve": (12, 31), "new years eve": (12, 31),
        "valentine s day": (2, 14), "valentines day": (2, 14), "juneteenth": (6, 19),
        "independence day": (7, 4), "fourth of july": (7, 4), "the fourth of july": (7, 4),
        "july fourth": (7, 4), "halloween": (10, 31), "veterans day": (11, 11),
        "veterans  day": (11, 11), "christmas": (12, 25), "christmas day": (12, 25),
        "christmas eve": (12, 24), "boxing day": (12, 26), "cinco de mayo": (5, 5),
    }  # fmt: skip
    if name in fixed:
        return dt.date(year, *fixed[name])
    if "patrick" in name:
        return dt.date(year, 3, 17)
    if name.startswith("easter"):
        return _easter(year)
    if name == "good friday":
        return _easter(year) - dt.timedelta(days=2)
    floating = {
        "mother s day": (5, 6, 2), "mothers day": (5, 6, 2), "memorial day": (5, 0, -1),
        "father s day": (6, 6, 3), "fathers day": (6, 6, 3), "labor day": (9, 0, 1),
        "columbus day": (10, 0, 2), "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
        "presidents day": (2, 0, 3), "presidents  day": (2, 0, 3),
    }  # fmt: skip
    if name in floating:
        return _nth_weekday(year, *floating[name])
    if name == "black friday":
        return _nth_weekday(year, 11, 3, 4) + dt.timedelta(days=1)
    if name.endswith("king day") or name.endswith("king jr day") or name == "mlk day":
        return _nth_weekday(year, 1, 0, 3)
    return None


def _read_holiday(text: str, pub: dt.date | None, future: bool) -> _Reading | None:
    """ "Christmas Eve", "the Fourth of July", "Thanksgiving 2015", "Labor Day weekend" is not
    matched (a weekend is not one day). Without a year: the latest one up to publication (the
    next one in a future clause)."""
    match = re.fullmatch(
        rf"({_HOLIDAY})(?:\s+({_PART_OF_DAY}|weekend))?"
        r"(?:,?\s+(?:of\s+)?(\d{4}|last year|this year))?",
        text,
    )
    if not match:
        return None
    name, weekend, year_text = match.group(1), match.group(2) == "weekend", match.group(3)
    if year_text and year_text.isdigit():
        day = _holiday(name, int(year_text))
    elif pub is None:
        return _unresolved(_NEEDS_PUB if year_text else _NEEDS_YEAR, "week" if weekend else "day")
    elif year_text:
        day = _holiday(name, pub.year - (1 if year_text == "last year" else 0))
    else:
        day = _holiday(name, pub.year)
        if day is not None and future and day < pub:
            day = _holiday(name, pub.year + 1)
        elif day is not None and not future and day > pub:
            day = _holiday(name, pub.year - 1)
    if day is None:
        return None
    if not weekend:
        return _day(day)
    # "Labor Day weekend": Saturday to the Monday holiday; Friday to Sunday for a Friday one;
    # otherwise the weekend nearest the holiday.
    start = {0: -2, 4: 0, 5: 0, 6: -1}.get(day.weekday())
    if start is None:
        saturday = day + dt.timedelta(days=5 - day.weekday())
        if day.weekday() <= 1:
            saturday -= dt.timedelta(days=7)
        return _Reading(saturday, saturday + dt.timedelta(days=1), "week")
    first = day + dt.timedelta(days=start)
    return _Reading(first, first + dt.timedelta(days=2 if start != -1 else 1), "week")


_READERS = (
    _read_holiday,
    _read_numeric,
    _read_day_words,
    _read_weekday,
    _read_relative_period,
    _read_ago,
    _read_recent,
    _read_day_of_month,
    _read_month,
    _read_year,
)


def _absolute(text: str, pub: dt.date | None) -> _Reading:
    """Anything else dateparser can place (numeric dates, "Jun 1 2017", ...)."""
    if not (
        re.search(rf"\b{_MONTH}(?!\w)", text)
        or re.search(r"\b\d{4}\b", text)
        or re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", text)
    ):
        return _unresolved("not a date that can be placed in time")
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    else:
        settings["REQUIRE_PARTS"] = ["year"]
    try:
        parser = DateDataParser(languages=["en"], settings=settings)
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError) as exc:  # dateparser's own errors
        return _unresolved(f"not a valid date: {exc}")
    if data is None or data.date_obj is None:
        return _unresolved("not a date that can be placed in time")
    when = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _year_of(when.year)
    if period == "month":
        return _month_of(when.year, when.month)
    if period == "week":
        return _week_of(when)
    return _day(when)


# --------------------------------------------------------------------------------------------
# Incident date

# Weights of the incident-date score (chosen on the GVA dev half: even doc ids).
_POSITION = 0.1  # lost per sentence before the expression's, up to _POSITION_CAP sentences
_POSITION_CAP = 15
_CONSEQUENCE = 0.6  # attached to a consequence (died, found, taken to hospital)
_FIRST_BONUS = 0.4  # the earliest plausible day (arrests and deaths come after the incident)
_REPEAT_BONUS = 0.35  # per further mention of the same day, up to three
_PLAUSIBLE = 0.0  # the score a day needs to count as plausible
_IN_PERIOD = 0.5  # inside a week the incident is said to fall in ("killed last week")

_HAPPENED = re.compile(
    r"\b(?:shot|shots|shooting|shootings|gunfire|gunshot|fired|opened fire|killed|kill|dead|died|"
    r"death|slain|wounded|injured|hurt|attack|attacked|stabbed|stabbing|happened|occurred|"
    r"incident|struck|hit|exploded|explosion|blast|clashes|fighting|raid|ambush|responded|"
    r"called to|homicide|murder|robbery|found)\b",
    re.IGNORECASE,
)
_OTHER_EVENT = re.compile(
    r"\b(?:court|arraign\w*|hearing|sentenc\w*|trial|funeral|vigil|memorial|born|bail|bond|"
    r"graduat\w*|indict\w*|plead\w*|pleaded|jury|verdict|released from|burial|buried|rally|"
    r"march|service|services)\b",
    re.IGNORECASE,
)


def _incident_score(
    expression: TimeExpression,
    text: str,
    sentences: Sequence[Sentence],
    pub: dt.date | None,
) -> float:
    """How likely an expression dates the reported incident (higher is likelier)."""
    sentence = next((s for s in sentences if s.start <= expression.start < s.end), None)
    index = sentence.index if sentence else expression.sentence
    context = (
        sentence.text if sentence else text[max(0, expression.start - 150) : expression.end + 150]
    )
    before = text[max(0, expression.start - 60) : expression.start]
    after = text[expression.end : expression.end + 60]
    clause = _clause_before(text, expression.start)[-60:] + " " + re.split(r"[.;]", after)[0]
    score = -_POSITION * min(max(index, 0), _POSITION_CAP)
    if expression.precision == "day":
        score += 1.0
    attached = _attachment(expression, after)
    if attached == "incident":
        score += 1.5
    elif attached == "consequence":
        score += _CONSEQUENCE
    elif attached == "later":
        score -= 1.5
    else:
        if _HAPPENED.search(clause):
            score += 1.0
        elif _HAPPENED.search(context):
            score += 0.5
        if _REPORTED.search(before[-30:]) or _REPORTED_AFTER.match(after):
            score -= 1.5
    if _OTHER_EVENT.search(clause) and attached != "incident":
        score -= 1.0
    if attached != "incident" and (
        _NEWS_EVENT.search(before[-40:] + " " + after[:40]) or _LATER_EVENT.search(clause)
    ):
        score -= 1.0
    if _AFTER_INCIDENT.match(after):
        score -= 1.5  # "Wednesday after the shooting"
    if _FUTURE.search(_clause_before(text, expression.start)):
        score -= 2.0
    if _CLOCK.search(before[-25:]) or _CLOCK.match(after[:25]) or _CLOCK.search(expression.text):
        score += 0.7
    elif re.search(_PART_OF_DAY, expression.text, re.IGNORECASE):
        score += 0.3
    if _DATELINE.search(before[-40:] + expression.text + after[:20]) or (
        re.search(r"\b\d{4}\b", expression.text)
        and expression.earliest == pub
        and max(index, 0) <= 1
    ):
        score -= 1.5  # the article's own dateline or time stamp
    if pub is not None and expression.earliest is not None:
        if expression.earliest > pub:
            score -= 3.0
        elif (pub - expression.earliest).days > 30:
            score -= 1.0
    return score


_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|stated|added|tweeted|identified|released|"
    r"updated|posted|published|wrote|noted|explained)\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
_REPORTED_AFTER = re.compile(
    r"^\s*(?:morning|afternoon|evening|night)?\s*,?\s*(?:\w+\s+){0,3}?"
    r"(?:said|says|told|announced|confirmed|identified)\b",
    re.IGNORECASE,
)
_NEWS_EVENT = re.compile(
    r"\b(?:press conference|news conference|press briefing|statement|interview|arrested|"
    r"arrest|custody|charged|booked|surrendered|turned (?:himself|herself) in|arraigned|"
    r"appeared in court|updated|last updated)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"\b(?:posted|updated?|published|last modified|[ECMP][SD]T|GMT|UTC)\b", re.IGNORECASE
)
_LATER_EVENT = re.compile(
    r"\b(?:arrested|captured|apprehended|held on|being held|sentenced|pleaded|indicted|booked|"
    r"jailed|extradited|convicted|unclear|remained|withheld|still|as of|underway|under way|"
    r"investigating|searching|autopsy)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\b(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|noon|midnight|\d{1,2}:\d{2})",
    re.IGNORECASE,
)


# The word a date attaches to (``TimeExpression.attached_to``: a lemma, or the word itself when
# the pipeline has no lemmatizer), sorted by what it says about the date.
_INCIDENT_WORD = re.compile(
    r"(?:shoot|shot|shooting|gunfire|gunshot|fire|fired|kill|killed|killing|slay|slain|slaying|"
    r"murder|murdered|wound|wounded|injure|injured|hurt|stab|stabbed|stabbing|attack|attacked|"
    r"happen|happened|occur|occurred|erupt|erupted|ambush|ambushed|rob|robbed|robbery|"
    r"homicide|incident|discharge|discharged|hit|strike|struck|exchange|exchanged|confront|"
    r"confronted|standoff|gunman|violence|burglary|carjacking|fight|argument|crash|chase)",
)
_CONSEQUENCE_WORD = re.compile(
    r"(?:die|died|death|dead|find|found|discover|discovered|respond|responded|call|called|"
    r"dispatch|dispatched|take|taken|rush|rushed|transport|transported|pronounce|pronounced)"
)
_LATER_WORD = re.compile(
    r"(?:arrest|arrested|charge|charged|say|said|tell|told|announce|announced|identify|"
    r"identified|release|released|confirm|confirmed|book|booked|arraign|arraigned|sentence|"
    r"sentenced|plead|pleaded|pled|appear|appeared|testify|testified|rule|ruled|attend|"
    r"attended|gather|gathered|meet|met|hold|held|address|addressed|post|posted|update|"
    r"updated|publish|published|report|reported|remain|remained|continue|continued|search|"
    r"searched|investigate|investigating|seek|sought|vigil|funeral|memorial|service|hearing|"
    r"court|trial|autopsy|custody|surrender|surrendered|jail|jailed|bond|indict|indicted|"
    r"file|filed|issue|issued|ask|asked|urge|urged|speak|spoke|interview|interviewed|recover|"
    r"recovering|conference|statement|briefing|news|rally|march|protest|graduate|graduated|"
    r"bury|buried|mourn|mourned|honor|honored|remember|remembered|visit|visited|"
    r"write|wrote|share|shared|tweet|tweeted|launch|launched|raise|raised|"
    r"plan|planned|schedule|scheduled|convict|convicted|"
    r"extradite|extradited|capture|captured|apprehend|apprehended)"
)
_AFTER_INCIDENT = re.compile(
    r"^\s*,?\s*(?:\w+\s+){0,2}?(?:after|following|since)\s+(?:the|a|an|his|her|their|that)\s+"
    r"(?:\w+\s+)?(?:shooting|killing|slaying|death|attack|incident|stabbing|murder|homicide)",
    re.IGNORECASE,
)
_INCIDENT_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:(?!(?:after|before|since|following|until|in|on|at|of|from|to|for|with|"
    r"during|into|over|about)\b)\w+\s+){0,2}?(?:shooting|killing|slaying|homicide|death|attack|"
    r"stabbing|murder|incident|standoff|robbery|ambush)s?\b",
    re.IGNORECASE,
)


def _attachment(expression: TimeExpression, after: str) -> str:
    """What the word the expression modifies says: "incident", "consequence" (death, finding
    the victim), "later" (arrest, statement, court, funeral...) or "" (unknown)."""
    if _INCIDENT_AFTER.match(after):
        return "incident"  # "the Sept. 27 shooting", "Saturday's killing"
    return _classify(expression.attached_to)


def _classify(word: str) -> str:
    if not word:
        return ""
    if _INCIDENT_WORD.fullmatch(word):
        return "incident"
    if _CONSEQUENCE_WORD.fullmatch(word):
        return "consequence"
    if _LATER_WORD.fullmatch(word):
        return "later"
    return ""
