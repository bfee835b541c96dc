"""Stage 1b, clean: take the scrape noise out of article text that arrives without markup.

Reads ``Article.text`` (and ``outlet``/``author``/``title`` to know what the input already gave);
returns the article with the noise lines removed, every removed line kept in ``Article.removed``
with a reason code, ``cleaned=True``, and ``outlet``/``author``/``title`` filled in from what the
noise said when the input did not give them ("CNN —" gives outlet CNN, "By Jane Doe" an author).

What counts as noise (reason codes)::

    caption        photo captions and credits: "(Photo: ...)", "via AP", "FILE -", "Getty Images",
                   "... pictured here ...", "ISIS fighters seen patrolling ...", present-tense
                   scene descriptions without attribution ("A fighter holds position in ...")
    video          video labels and durations: "01:25 - Source: CNN", "Watch: ...", "Play video"
    highlights     "Story highlights" blocks and their bullet lines
    dateline       outlet and place stamps: "CNN —", "LOS ANGELES (Reuters) -" (only the stamp
                   is removed when the body sentence follows on the same line)
    contributor    "CNN's X contributed to this report", "Reporting by ...; Editing by ..."
    byline         "By Jane Doe, CNN"
    copyright      "© 2017 Reuters", "All rights reserved", redistribution notices
    share, subscribe, advertisement, cookie, paywall, related, navigation, social-embed,
    timestamp      page furniture that survives copy-paste and scraping
    label          short lines without sentence punctuation: video titles ("Why Raqqa matters"),
                   image alt text ("raqqa satellite images 1"), section labels
    heading, headline
                   section headings ("Anonymous accusers:"), headlines of other stories
                   ("Police: Man killed ...", "86 Sick, 7 Dead in 'Outbreak'"), menus
    title          a short first line without sentence punctuation (it becomes ``title``)
    repeated       the second and later copies of a line found twice in the text
    related        also a link list's teaser followed by the same story's stamped opening
                   ("A boy was hit ..." then "(WMC) - A boy was hit ...")
    embed          a line ending in ":" whose embed (video, tweet, photo) the scrape lost
    metadata, correction-note
                   source citations, dated "UPDATE:" notes

The rules are general descriptions of kinds of lines (the phrase lists live in
``newsfuse/data/clean/``); they were measured on a labelled set of lines from Multi-News and
Gun Violence Archive scrapes (``benchmarks/bench_cleaning.py``). A line is removed whole or not
at all, except for dateline stamps in front of a body sentence. Most rules look at one line; a
few look at the whole text (repeated lines, teaser-and-story pairs, dangling introductions,
live blogs, hard-wrapped letters).
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any

from newsfuse.clean_model import LineModel, TextFeatures, load_line_model, reads_as_sentence
from newsfuse.models import Article, RemovedLine

__all__ = [
    "CleanedText",
    "clean",
    "clean_article",
    "clean_text",
    "detect_outlet",
    "line_units",
]

try:  # CPython's regex parser, to read each rule's literal text (private: may move)
    from re import _constants as _sre  # type: ignore[attr-defined]  # parsed-regex op codes
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no prefilter, every rule is tried
    _sre = _sre_parser = None

log = logging.getLogger(__name__)

RULE_MAX_WORDS = 60
"""Boilerplate rules apply to lines of at most this many words unless a rule says otherwise."""

LABEL_MAX_WORDS = 10
"""Lines without sentence punctuation and at most this many words are labels, not body text."""

TOP_LABEL_MAX_WORDS = 25
"""Before the first body line (headline, highlights), unpunctuated lines up to this long go."""

HEADLINE_MAX_WORDS = 20
"""Unpunctuated lines in headline capitalisation up to this long are headlines of other stories
(or section headings), not body text."""

SCENE_MAX_WORDS = 60
SEEN_MAX_WORDS = 35
"""Longer lines saying something was "seen in ..." are description in body text, not captions."""
"""Longer lines are never taken for a caption on the scene-description rule alone."""

_DASH = r"[-–—]+"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ENDS_SENTENCE = re.compile(r"""[.!?…:;]['"”’»)\]]*\s*$|['"”’»]\s*$""")
_FULL_STOP = re.compile(r"""[.!?…]['"”’»)\]]*\s*$""")
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|according to|reported|reports|announced|stated|added|"
    r"claimed|claims|confirmed|estimated|wrote|writes|tweeted)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“”]")
_SENTENCE_BREAK = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])[.!?]\s+[A-Z]")
_PRONOUN_OR_DEFINITE = _wordset(
    "he she they it we i you this that these those there here its his her their our who "
    "what which when where why how if but and or so"
)
_NOT_SUBJECT = _wordset(
    "to will would could should can may might must did does do has have had not n't also "
    "who that which when if as because than"
)

# Credits and other caption cues found anywhere in a line.
_CREDIT_PAREN = re.compile(
    r"\((?:[^()]{0,120}(?:/|\||\bphoto|\bgetty|\bimages?\b|\bfile\b|\bstaff\b|\bcourtesy\b|"
    r"\bcredit|\bvia\b|\bphotographer|\bpool\b|\bhandout\b|\bvideo\b|\bmugshot|\bbooking|"
    r"(?<=\()source:)"
    r"[^()]{0,120})\)"
    r"[\s.]*$",
    re.IGNORECASE,
)
_CAPTION_CUE = re.compile(
    r"\b(via AP|AP Photo|Getty Images|AFP Photo|EPA Photo|REUTERS/|Reuters/[A-Z]|"
    r"file photo|in this (undated )?(file )?(photo|image|picture|handout)|"
    r"photo (by|courtesy|credit)|pictured|seen here|left to right|from left|"
    r"handout (photo|picture|image)|image (copyright|caption|source)|"
    r"view (slideshow|gallery|photos|full caption)|enlarge (image|photo|this image)|"
    r"click to enlarge|"
    r"photo gallery|see gallery|video by|photo:\s*[A-Z]\w*|^caption\b|"
    r"^(image|photo|picture|slide) \d+ of\b|"
    r"^this (undated |handout |file )*(photo|image|picture)\b|"
    r"\b(photo|image|picture) (provided|released|taken|obtained|supplied) by)\b",
    re.IGNORECASE,
)
_CUE_KEYS = (
    "via ap",
    "photo",
    "image",
    "picture",
    "getty",
    "reuters/",
    "seen here",
    "left to right",
    "from left",
    "handout",
    "slide",
    "gallery",
    "enlarge",
    "video by",
    "caption",
)
"""Substrings one of which every caption cue contains: a cheap test before the regex."""

_SEEN_CAPTION = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbe )(?<!\bbeing )(?<!\bhad )(?<!\bhave )"
    r"(?<!\bhas )(?<!\bnot )(?<!\bnever )(?<!\bonly )(?<!\blast )(?<!\bfirst )(?<!\bever )"
    r"(?<!\bis )(?<!\bare )(?<!'s )(?<!’s )(?<!, )"
    r"\bseen\s+(?!(?:any|some|no|every)thing\b)(?:\w+ing|in|at|on|outside|inside|near)\b"
)
_TRAILING_CREDIT = re.compile(
    r"[.!?…]\s*\((?:[A-Z][\w.&'’-]*\s?){0,5}[A-Z][\w&'’-]*\)$|"
    r"\((?:AP|AFP|EPA|Reuters|Associated Press|[\w ]{0,30}(?:Press|Agency|News))\)$"
)
"""A caption ending in its source: "... bus station on Monday afternoon. (WSMV)". Live blogs
end every entry so ("... no injuries reported. (Shirley Seidler)"): the rule only applies to
texts with at most MAX_CREDIT_LINES such lines, and never to lines opening with a clock time."""

MAX_CREDIT_LINES = 3
CREDIT_MAX_WORDS = 50
CREDIT_PAREN_MAX_WORDS = 90
"""Captions with a credit in parentheses run to about 60 words; a longer paragraph ending in a
parenthesis with a slash ("(eg, phalanx III-3/III-2 ...)") is body text."""
"""A longer line ending in a source in parentheses is a body paragraph citing its source."""
_DATED_CREDIT = re.compile(
    r"\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? ?\d{4}"
    r"\.?\s*\([^()]{2,60}\)$"
)
"""A caption's date then its credit: "IDF soldiers atop a tank. July 31, 2014 (Reuters)"."""
_CLOCK_LED = re.compile(r"^\d{1,2}:\d{2}\b")
"""A live blog's entries open with their time; its many credited lines are not captions."""
_CLOCK = re.compile(r"^\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\b")
_NEWS_WORD = (
    r"(?:News|Times|Post|Press|Tribune|Journal|Herald|Daily|Star|Globe|Chronicle|Gazette|"
    r"Reuters|AFP|Images|Photos?|Staff|Sun-Times|Inquirer|Examiner|Bee|Dispatch|Register)"
)
_CREDIT_PREFIX = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2} (?:for|/) (?:The |the )?"
    rf"(?:[A-Z][\w.&'’-]* ){{0,4}}{_NEWS_WORD}\b"
)
"""A photographer's credit run into the caption: "Jane Doe for New York Daily News Police ..."."""
_PIPE_CREDIT = re.compile(
    r"\|\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][\w.&'’ -]{1,40}$"
)
"""A caption's credit after a bar: "... on the Far South Side. | Jane Doe / Sun-Times"."""
_WHO_FRAGMENT = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:, \d{1,3},)?, who "
    r"[^,;:\"“”()–—]{10,160}[a-z0-9]{2}\.(?:\s+[A-Z]|$)"
)
"""A caption naming its subject with a relative clause and no main verb: "Jane Doe, who pleaded
guilty on Thursday in the death of John Roe." (a body sentence would go on: ", was ...")."""
_HEADLINE_SOURCE = re.compile(
    r"^(?:Police|Cops|Officials|Authorities|Sheriff|Deputies|Prosecutors?|Feds|Report|Reports|"
    r"Sources?|Witness(?:es)?|Family|Court|Judge|Coroner|Study|Experts?|Officer|Troopers?|DA):\s+"
)
"""A headline's attribution prefix: "Police: Man killed girl, self in Anson Co."."""
_CUT_OFF = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*,?(?:\.\.\.|…)$")
"""A teaser or caption cut off mid-sentence: "Authorities gather outside a home where they..."."""

_GALLERY = re.compile(r"^(?:(?:image|photo|picture|slide)\s+)?\d{1,3}\s*(?:of|/)\s*\d{1,3}\b", re.I)
_BULLET = re.compile(r"^[■•▪►▶»·◆●○◦‣⁃★✓✔]+\s*|^\*\s+")
_QUESTION_HEADING = re.compile(
    r"^(?:what|who|whom|whose|why|how|when|where|which|is|are|was|were|do|does|did|can|could|"
    r"will|would|should|has|have)\b[^\"“”]*\?$",
    re.IGNORECASE,
)
_QUOTED_HEADING = re.compile(r"^['\"“‘](?:[^'\"“”‘’.!?,;]|(?<=\w)['’](?=\w)){1,60}['\"”’]$")
_LABEL_PREFIX_CAPTION = re.compile(r"^[A-Z][\w'’-]*(?: [\w'’-]+){0,3}: [A-Z\d]")
_WEEKDAY_FULL_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b"
)
_INTRODUCES = re.compile(
    r"^(?:dear|to|from|re|subject|cc)\b|\b(?:said|says|say|told|tells|read|reads|wrote|writes|added|adds|"
    r"asked|asks|continued|explained|stated|tweeted|posted|is|are|was|were|include[sd]?|"
    r"following|below|here|this|these|as follows)\b|['’]s\b",
    re.IGNORECASE,
)
"""Words of a short line ending in ":" that introduces the next lines (a quote, a list, a
letter's salutation) rather than heading a section."""
_LETTER_RUN = re.compile(r"[^\W\d_]{3}")
_BARE_DATE = re.compile(
    r"(?:[A-Z][a-z]+day,? )?[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\W*|\d{1,2} [A-Z][a-z]{2,8} \d{4}\W*"
)
_DATED_SCENE = re.compile(_WEEKDAY_FULL_DATE.pattern + r"\.(?:\s|$)")
"""An AP-style caption's first sentence ends with the weekday and full date of the photo:
"Police block off a road in Stamford, Conn., on Monday, Oct. 17, 2016. ..."."""
_MINOR_WORDS = _wordset(
    "a an the and or but nor of in on at to for from by with as into over after before vs via"
)
_INDEFINITE = _wordset("a an two three four five six several some many dozens hundreds thousands")
_SCENE_WHEN = re.compile(
    r"\b(?:on|early|late|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b|\b\d{4}\b"
)
_LEADING_FUNCTION = _wordset(
    "after before during following as when while since until in on at of for from with by "
    "to into over under about against amid despite if although though because but and or "
    "yet so then meanwhile however"
)
_BEFORE_VERB_FORBIDDEN = _wordset(
    "of in for to a an the after before from with by on at and or as into than per its his "
    "her their our my your this that these those some any each every no"
)
_DURATION = re.compile(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$")
_VIDEO_SOURCE = re.compile(
    rf"^\(?\d{{1,2}}:\d{{2}}(?::\d{{2}})?\)?\s*(?:{_DASH}\s*)?Source:\s*(?P<outlet>.+?)\s*$"
)
_SOURCE_LABEL = re.compile(r"^Source:\s*(?P<outlet>[A-Z][\w&.' ]{1,40})$")
_HIGHLIGHTS = re.compile(r"^(story highlights|highlights|key points|what we know)\b\s*:?", re.I)
_CONTRIBUTOR = re.compile(
    r"\b(contributed|contributing)\s+(to\s+)?(this\s+|the\s+)?(report|reporting|story|article)\b"
    r"|^(additional\s+)?(reporting|writing|editing|edited|compiled|produced|research)\s+by\b"
    r"|^(--|—|–)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+)*(\s*(,|and)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+)*)*"
    r"(\s+(in|at|from)\s+.{1,40})?$",
    re.IGNORECASE,
)
_POSSESSIVE_OUTLET = re.compile(r"^(?P<stamp>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})['’]s\s")
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|van|de|der|da|al|el|bin))*"
_BYLINE = re.compile(
    rf"^By\s+(?P<author>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
    rf"(?:\s*(?:,|\||{_DASH})\s*(?P<outlet>[A-Z][\w&.' ]{{1,40}}))?\.?$"
)
_STAMP_LINE = re.compile(
    rf"^(?:(?P<place>[A-Z][\w.' ,-]{{0,40}}?)\s+)?"
    rf"\(?(?P<stamp>[A-Z][\w&.' -]{{0,30}}?)\)?\s*{_DASH}$"
)
_STAMP_PREFIX = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Za-z.'-]+(?:[ ,]+[A-Za-z][A-Za-z.'-]+){0,4},?\s+"
    r"(?:\w{3,9}\.? \d{1,2}\s+)?)?"
    rf"\((?P<stamp>[A-Z][\w&.' -]{{0,30}})\)\s*(?:{_DASH}\s*|:\s*)?)(?=[\w\"“‘'])"
)
_OUTLET_DASH_PREFIX = re.compile(
    rf"^(?P<dateline>(?P<stamp>[A-Z][\w&.']+(?: [A-Z][\w&.']+)?)\s+{_DASH}\s+)(?=[\w\"“‘'])"
)
_PLACE_PREFIX = re.compile(
    r"^(?P<dateline>[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]+){0,3},?"
    rf"(?:\s+\w{{3,9}}\.? \d{{1,2}})?\s+{_DASH}\s+)(?=[A-Z\"“‘'])"
)
_COPYRIGHT_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<stamp>[A-Z][\w&.' -]{1,40}?)[.,]", re.I
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    reason: str
    max_words: int
    anywhere: bool  # the rule was ".*X.*": searched for X, which is much faster
    plain_only: bool = False  # fourth column "plain": not for text extracted from HTML

    def matches(self, line: str) -> bool:
        if self.anywhere:
            return self.pattern.search(line) is not None
        return self.pattern.fullmatch(line) is not None


@dataclasses.dataclass(frozen=True, slots=True)
class CleanedText:
    """What cleaning found in a text: the kept text, the removed lines, and the metadata the
    noise gave away (outlet from a stamp, author from a byline, title from a first line)."""

    text: str
    removed: tuple[RemovedLine, ...] = ()
    outlet: str | None = None
    author: str | None = None
    title: str | None = None


def _data(name: str) -> str:
    return resources.files("newsfuse").joinpath("data", "clean", name).read_text(encoding="utf-8")


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for raw in _data("boilerplate.tsv").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        max_words = int(parts[2]) if len(parts) > 2 and parts[2].strip() else RULE_MAX_WORDS
        pattern = parts[0]
        anywhere = pattern.startswith(".*") and pattern.endswith(".*") and len(pattern) > 4
        if anywhere:
            pattern = pattern[2:-2]
        plain_only = len(parts) > 3 and parts[3].strip() == "plain"
        rules.append(_Rule(re.compile(pattern), parts[1].strip(), max_words, anywhere, plain_only))
    return tuple(rules)


@functools.cache
def _outlets() -> dict[str, str]:
    table = {}
    for raw in _data("outlets.tsv").splitlines():
        if raw.strip() and not raw.startswith("#"):
            stamp, name = raw.split("\t")
            table[stamp.strip()] = name.strip()
    return table


@functools.cache
def _scene_verbs() -> frozenset[str]:
    words: set[str] = set()
    for raw in _data("scene_verbs.txt").splitlines():
        if raw.strip() and not raw.startswith("#"):
            words.update(raw.split())
    return frozenset(words)


def _outlet_name(stamp: str, *, known_only: bool = False) -> str | None:
    stamp = stamp.strip(" .,-–—")
    table = _outlets()
    if stamp in table:
        return table[stamp]
    if stamp.startswith("The ") and stamp[4:] in table:
        return table[stamp[4:]]
    if known_only:
        return None
    # Unknown stamps: accept short all-caps agency names ("SANA", "IANS"); not places or words.
    if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", stamp):
        return stamp
    return None


def detect_outlet(text: str) -> str | None:
    """The outlet a text names in its stamps ("CNN —", "(Reuters) -", "Source: CNN", "CNN's X
    contributed"), or ``None``. Reads only the stamps, never the body's mentions of outlets."""
    return clean(text).outlet


# --------------------------------------------------------------------------------------------
# Line rules


def _words(line: str) -> int:
    return len(line.split())


def _is_title_case(line: str) -> bool:
    """Headline capitalisation: most words (short function words aside) start upper-case."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _MINOR_WORDS]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.8


def _is_scene_caption(line: str) -> bool:
    """A present-tense description of a scene, as photo captions are written, with no
    attribution and no quote: "An opposition fighter holds position in clashes ..."."""
    n_words = _words(line)
    if n_words < 5 or n_words > SCENE_MAX_WORDS:
        return False
    if _QUOTE.search(line) or _ATTRIBUTION.search(line) or _SENTENCE_BREAK.search(line):
        return False
    words = re.findall(r"[\w'’-]+", line)
    verbs = _scene_verbs()
    first = words[0].lower()
    if first in _PRONOUN_OR_DEFINITE or first in _LEADING_FUNCTION or first.endswith("ing"):
        return False
    if first in ("the", "a", "an") and len(words) < 3:
        return False
    for i, word in enumerate(words[1:10], start=1):
        lower = word.lower()
        if lower in _NOT_SUBJECT or lower in _PRONOUN_OR_DEFINITE:
            return False
        if word in verbs:
            before = words[i - 1].lower()
            if before in _BEFORE_VERB_FORBIDDEN or before.isdigit():
                return False
            # "The" subjects are body sentences as often as captions ("The SDF holds ..."); a
            # caption opens with an indefinite noun phrase ("A fighter holds ..."), or names its
            # subject and says where and when ("Kurdish fighters gather in Raqqa on Tuesday").
            return first in _INDEFINITE or (first != "the" and bool(_SCENE_WHEN.search(line)))
    return False


_KEY_SET_LIMIT = 64
"""Largest set of literal strings tracked for one part of a rule's pattern."""
_KEY_MIN_LENGTH = 8
"""Keys this long are selective enough: among them, fewer keys are better than longer ones."""


def _best_keys(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """The most selective usable key set: longest shortest string, then fewest strings."""
    usable = [s for s in sets if s and "" not in s]
    if not usable:
        return None
    return max(usable, key=lambda s: (min(min(map(len, s)), _KEY_MIN_LENGTH), -len(s)))


def _literal_info(
    items: Iterable[tuple[Any, Any]],
) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """For a parsed regex sequence: (the finite set of strings it matches, or ``None``; a set of
    strings one of which occurs in every match, or ``None`` when none is known)."""
    run: frozenset[str] | None = frozenset({""})  # strings the current literal run matches
    exact = True
    candidates: list[frozenset[str] | None] = []
    for op, arg in items:
        e, r = _node_info(op, arg)
        candidates.append(r)
        if e is not None and run is not None and len(run) * len(e) <= _KEY_SET_LIMIT:
            run = frozenset(a + b for a in run for b in e)
            continue
        candidates.append(run)
        run = e
        exact = False
    candidates.append(run)
    return (run if exact else None), _best_keys(*candidates)


def _node_info(op: Any, arg: Any) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    c = _sre
    if op is c.LITERAL:
        return frozenset({chr(arg)}), None
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), None  # zero-width: adds nothing to the matched text
    if op is c.IN and len(arg) <= 8 and all(kind is c.LITERAL for kind, _ in arg):
        return frozenset(chr(value) for _, value in arg), None
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = arg
        if add_flags & re.IGNORECASE:
            return None, None
        return _literal_info(sub)
    if op is c.ATOMIC_GROUP:
        return _literal_info(arg)
    if op is c.BRANCH:
        infos = [_literal_info(branch) for branch in arg[1]]
        exacts = [e for e, _ in infos]
        exact: frozenset[str] | None = None
        if all(e is not None for e in exacts):
            exact = frozenset().union(*(e for e in exacts if e is not None))
            exact = exact if len(exact) <= _KEY_SET_LIMIT else None
        keys = [_best_keys(e, r) for e, r in infos]
        required = None
        if all(k is not None for k in keys):
            required = frozenset().union(*(k for k in keys if k is not None))
        return exact, required
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = arg
        e, r = _literal_info(sub)
        if low == 0:
            return (e | {""} if e is not None and high == 1 else None), None
        if low == high == 1:
            return e, r
        return None, _best_keys(e, r)
    return None, None


def _required_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains (read from the parsed pattern,
    so a rule's filter can never drift from its regex), or ``None`` when none is found."""
    if pattern.flags & re.IGNORECASE or _sre_parser is None:
        return None
    try:
        exact, required = _literal_info(_sre_parser.parse(pattern.pattern))
    except Exception:  # an unknown construct: no filter, the regex alone decides
        log.debug("no literal filter for %r", pattern.pattern, exc_info=True)
        return None
    return _best_keys(exact, required)


def _prefixes(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` starts with, or ``None``."""
    if pattern.flags & re.IGNORECASE or _sre_parser is None:
        return None
    run = frozenset({""})
    try:
        for op, arg in _sre_parser.parse(pattern.pattern):
            e, _ = _node_info(op, arg)
            if e is None or len(run) * len(e) > _KEY_SET_LIMIT:
                break
            run = frozenset(a + b for a in run for b in e)
    except Exception:  # an unknown construct: no filter, the regex alone decides
        log.debug("no prefix filter for %r", pattern.pattern, exc_info=True)
        return None
    return None if "" in run else tuple(sorted(run))


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching, at a position, the longest of ``keys`` starting there: the keys as a
    trie, so that the regex engine tries one branch per character, not one per key."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]  # nested to any depth
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + emit(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@dataclasses.dataclass(frozen=True, slots=True)
class _RuleIndex:
    """The line rules that apply to some lines, filtered by the literal strings their patterns
    require: a whole-line rule only meets lines starting with one of its prefixes, other rules
    lines containing one of their keys; the few rules with neither are always tried."""

    starts: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]  # first char -> (rule, prefixes)
    scan: re.Pattern[str] | None  # finds, at every position, the longest key starting there
    by_key: dict[str, frozenset[int]]  # key -> rules needing it or one of its prefixes
    always: frozenset[int]  # rules without prefixes or keys: always tried


@functools.cache
def _rule_filters() -> tuple[tuple[tuple[str, ...] | None, frozenset[str] | None], ...]:
    """For every rule (in _rules() order): its prefixes if it is a whole-line rule that has
    them, else its required keys (either may be ``None``)."""
    filters = []
    for rule in _rules():
        prefixes = None if rule.anywhere else _prefixes(rule.pattern)
        filters.append((prefixes, None if prefixes else _required_keys(rule.pattern)))
    return tuple(filters)


_INDEX_WORDS = (0, 9, 21, 41, 61, 121, 301)
"""Word counts from which a smaller rule index applies (rules for shorter lines left out)."""


@functools.cache
def _rule_index(markup: bool, min_words: int) -> _RuleIndex:
    """The index of the rules that may apply to ``markup`` (or plain) lines of ``min_words`` or
    more words (rules whose ``max_words`` is smaller are left out)."""
    starts: dict[str, list[tuple[int, tuple[str, ...]]]] = collections.defaultdict(list)
    needs: dict[str, set[int]] = collections.defaultdict(set)
    always: set[int] = set()
    filters = _rule_filters()
    for i, rule in enumerate(_rules()):
        if rule.max_words < min_words or (
            markup and (rule.plain_only or rule.reason in _PLAIN_ONLY)
        ):
            continue
        prefixes, keys = filters[i]
        if prefixes is not None:
            for first in sorted({p[0] for p in prefixes}):
                starts[first].append((i, tuple(p for p in prefixes if p[0] == first)))
        elif keys is None:
            always.add(i)
        else:
            for key in keys:
                needs[key].add(i)
    # The scan reports the longest key at a position: the shorter keys there are its prefixes.
    by_key = {
        key: frozenset().union(*(needs.get(key[:end], ()) for end in range(1, len(key) + 1)))
        for key in needs
    }
    return _RuleIndex(
        starts={first: tuple(rules) for first, rules in starts.items()},
        scan=re.compile(f"(?=({_trie_pattern(needs)}))") if needs else None,
        by_key=by_key,
        always=frozenset(always),
    )


def _rule_reason(line: str, n_words: int, markup: bool) -> str | None:
    """The reason of the first boilerplate rule (data/clean/boilerplate.tsv) matching ``line``.

    Only the rules the line meets in the rule index are tried (see :class:`_RuleIndex`): the
    same answer as trying every rule in order, for a fraction of the regex calls."""
    index = _rule_index(markup, _INDEX_WORDS[bisect.bisect_right(_INDEX_WORDS, n_words) - 1])
    lower = line.lower()
    candidates = set(index.always)
    for i, prefixes in index.starts.get(lower[:1], ()):
        if lower.startswith(prefixes):
            candidates.add(i)
    if index.scan is not None:
        for key in set(index.scan.findall(lower)):
            candidates |= index.by_key[key]
    rules = _rules()
    for i in sorted(candidates):
        if n_words <= rules[i].max_words and rules[i].matches(lower):
            return rules[i].reason
    return None


def _classify(
    line: str,
    *,
    top: bool = False,
    markup: bool = False,
    credits: bool = True,
    wrapped: bool = False,
) -> str | None:
    """The reason code if the whole line is noise, else ``None``.

    ``top`` is true before the first body line, where headlines and highlight bullets sit;
    ``markup`` for text extracted from HTML, where the short-line rules do not apply;
    ``credits`` is false in texts where many lines end in a credit (a live blog);
    ``wrapped`` for hard-wrapped documents (letters, memos, PDF copies), whose short lines
    (letterhead, addresses, dates, section titles) are part of the document.
    """
    line = _BULLET.sub("", line) or line
    n_words = _words(line)
    reason = _rule_reason(line, n_words, markup)
    if reason == "timestamp" and wrapped and _BARE_DATE.fullmatch(line):
        return None  # the date of a letter or memo, part of the document
    if reason is not None:
        return reason
    if _VIDEO_SOURCE.match(line) or _DURATION.match(line):
        return "video"
    if _GALLERY.match(line):
        return "caption"
    if not markup and n_words >= 12 and _repeats_its_opening(line):
        return "title"  # "Two shot in Dallas Local News Two shot in Dallas Police said ..."
    if not markup and n_words <= 5 and not _LETTER_RUN.search(line) and not line.isdigit():
        return "separator"  # OCR debris, footnote marks: "r; .r", "4)", "i. a:"
    has_quote = bool(_QUOTE.search(line))
    labelled = line.lower().startswith(("caption", "photo", "image", "video"))
    if (n_words <= CREDIT_PAREN_MAX_WORDS or labelled) and (
        _CREDIT_PAREN.search(line) or _DATED_CREDIT.search(line)
    ):
        return "caption"
    if markup:  # trafilatura drops figures and their captions; what is left is prose
        credits = False
    if not markup and n_words <= CREDIT_PAREN_MAX_WORDS and _shows_a_caption_twice(line):
        return "caption"
    if _CREDIT_PREFIX.match(line) or _PIPE_CREDIT.search(line) or _WHO_FRAGMENT.match(line):
        return "caption"
    if not markup and _DATED_SCENE.search(line) and n_words <= RULE_MAX_WORDS * 2:
        return "caption"
    if not markup and n_words <= HEADLINE_MAX_WORDS and _HEADLINE_SOURCE.match(line):
        return "headline"
    if not markup and not has_quote and n_words <= 40 and _CUT_OFF.search(line):
        return "related"
    credited = credits and 5 <= n_words <= CREDIT_MAX_WORDS and _TRAILING_CREDIT.search(line)
    if credited and not _CLOCK.match(line) and not _ATTRIBUTION.search(line):
        return "caption"
    lower = line.lower()
    cue = not markup and not has_quote and any(k in lower for k in _CUE_KEYS)
    if cue and _CAPTION_CUE.search(line):
        return "caption"
    seen = (
        not markup
        and n_words <= SEEN_MAX_WORDS
        and "seen" in lower
        and not has_quote
        and _SEEN_CAPTION.search(line)
    )
    if seen and not _ATTRIBUTION.search(line):
        return "caption"
    if _CONTRIBUTOR.search(line.lstrip("(")) and n_words <= 40:
        return "contributor"
    if _BYLINE.match(line) and n_words <= 12:
        return "byline"
    if _STAMP_LINE.match(line) and n_words <= 6:
        return "dateline"
    if _SOURCE_LABEL.match(line):
        return "video"
    if markup or wrapped:
        return None
    if n_words <= 12 and (_QUESTION_HEADING.match(line) or _QUOTED_HEADING.match(line)):
        return "heading"
    if n_words <= 12 and line.isupper() and sum(c.isalpha() for c in line) > 3:
        return "heading"
    if n_words <= 4 and line.endswith(":") and not _INTRODUCES.search(line):
        return "heading"  # "Anonymous accusers:", "Latest updates [Thursday]:"
    ends_sentence = bool(_ENDS_SENTENCE.search(line))
    if (
        top
        and ends_sentence
        and line[-1:] in "'\"”’"
        and not _FULL_STOP.search(line)
        and n_words <= TOP_LABEL_MAX_WORDS
        and not _ATTRIBUTION.search(line)
    ):
        return "highlights"  # a headline ending in a quote: "..., tell her she has 'tendencies'"
    if (
        ends_sentence
        and not _FULL_STOP.search(line)
        and line[-1:] in "'\"”’"
        and n_words <= HEADLINE_MAX_WORDS
        and _is_title_case(line)
        and not _ATTRIBUTION.search(line)
    ):
        return "headline"  # "86 Sick, 7 Dead in 'Largest Outbreak' in NYC'"
    if not ends_sentence and not _CLOCK.match(line):
        if n_words <= LABEL_MAX_WORDS:
            return "label"
        if top and n_words <= TOP_LABEL_MAX_WORDS:
            return "highlights"
        if _is_title_case(line):
            return "headline" if n_words <= HEADLINE_MAX_WORDS else "navigation"
        if _LABEL_PREFIX_CAPTION.match(line) and not has_quote:
            return "caption"
    if (
        _WEEKDAY_FULL_DATE.search(line)
        and not has_quote
        and not _ATTRIBUTION.search(line)
        and n_words <= SCENE_MAX_WORDS
    ):
        return "caption"
    if _is_scene_caption(line):
        return "caption"
    return None


_WORD_KEY = re.compile(r"[\w'’-]+")


_REPEATED_CREDIT = re.compile(r"(\([^()]{2,60}\))\s*\1[\s.]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _shows_a_caption_twice(line: str) -> bool:
    """A caption scraped with its copy: the same sentence of six words or more twice in the
    line, or the same credit twice at its end ("... (Chicago Police Department) (Chicago
    Police Department)")."""
    if _REPEATED_CREDIT.search(line):
        return True
    seen: set[str] = set()
    for sentence in _SENTENCE_SPLIT.split(line):
        key = " ".join(_WORD_KEY.findall(sentence.lower()))
        if len(key.split()) < 6:
            continue
        if key in seen:
            return True
        seen.add(key)
    return False


EMBED_MAX_WORDS = 40
"""An introduction to a lost embed is a sentence, not a paragraph."""


def _dangling_introductions(kept: list[tuple[int, str]]) -> set[int]:
    """Indexes of kept lines that introduce something the scrape lost: a line ending in ":"
    that ends the text or is followed by another such line ("In this video interview, she
    shares her thoughts:" above a video player that was not copied)."""
    lines = [i for i, (_, text) in enumerate(kept) if text]
    dangling: set[int] = set()
    for position, i in enumerate(lines):
        text = kept[i][1]
        if not text.endswith(":") or not 4 <= _words(text) <= EMBED_MAX_WORDS:
            continue  # a long paragraph ending in ":" loses more body than its embed
        after = lines[position + 1] if position + 1 < len(lines) else None
        if after is None or kept[after][1].endswith(":"):
            dangling.add(i)
    return dangling


STANDFIRST_MIN_WORDS = 6
"""A standfirst has at least this many content words (short lines are titles or labels)."""
STANDFIRST_COVERED = 0.8
"""Share of a standfirst's content words that the lead below it must repeat."""
_FUNCTION_WORDS = _wordset(
    "a an the of to in on at by for from with and or but as is are was were be been has have "
    "had that this it its he she they his her their who which after before said says police"
)


def _content_words(line: str) -> set[str]:
    return {w for w in _WORD_KEY.findall(line.lower()) if w not in _FUNCTION_WORDS}


def _names(line: str) -> set[str]:
    """Lower-cased capitalised words after the first word: the names a line mentions."""
    words = _WORD_KEY.findall(line)[1:]
    return {w.lower() for w in words if w[:1].isupper() and w.lower() not in _FUNCTION_WORDS}


def _standfirsts(kept: list[tuple[int, str]], original: dict[int, str]) -> set[int]:
    """Indexes of kept lines that are a standfirst: one of the first two lines of the text,
    most of whose content words the lead just below repeats in a line at least as long ("A
    shocking discovery was made in Spanish Fork where ..." above "SPANISH FORK — A shocking
    discovery was made late Thursday at a home where ..."), naming no one the lead does not
    name (the lead as written, with its dateline stamp: ``original`` by line number). Removing
    it loses nothing."""
    lines = [i for i, (_, text) in enumerate(kept) if text]
    found: set[int] = set()
    for position, i in enumerate(lines[:2]):
        words = _content_words(kept[i][1])
        if len(words) < STANDFIRST_MIN_WORDS:
            continue
        for j in lines[position + 1 : position + 4]:
            later = original.get(kept[j][0], kept[j][1])
            if _words(later) < _words(kept[i][1]):
                continue
            covered = _content_words(later)
            if len(words & covered) >= STANDFIRST_COVERED * len(words) and _names(
                kept[i][1]
            ) <= covered | _names(later):
                found.add(i)
                break
    return found


def _repeats_its_opening(line: str, n: int = 5) -> bool:
    """The line's first ``n`` words come again later in it: a scraped headline, section name
    and the headline again, run into one line with the story's teaser."""
    words = _line_key(line).split()
    opening = words[:n]
    for i in range(n, len(words) - n + 1):
        if words[i : i + n] == opening:
            # a paragraph scraped twice repeats whole; a headline run into its teaser does not
            return words[i : 2 * i] != words[:i]
    return False


def _outlet_from_removed(line: str, reason: str) -> str | None:
    """The outlet a removed line names, if it is a stamp that names one."""
    if reason == "video":
        m = _VIDEO_SOURCE.match(line) or _SOURCE_LABEL.match(line)
        return _outlet_name(m.group("outlet")) if m else None
    if reason == "dateline":
        m = _STAMP_LINE.match(line)
        return _outlet_name(m.group("stamp")) if m else None
    if reason == "contributor":
        m = _POSSESSIVE_OUTLET.match(line)
        return _outlet_name(m.group("stamp"), known_only=True) if m else None
    if reason == "byline":
        m = _BYLINE.match(line)
        return _outlet_name(m.group("outlet"), known_only=True) if m and m.group("outlet") else None
    if reason == "copyright":
        m = _COPYRIGHT_OUTLET.search(line)
        return _outlet_name(m.group("stamp"), known_only=True) if m else None
    return None


def _strip_stamp(line: str) -> tuple[str, str, str | None] | None:
    """Split a dateline stamp off the front of a body line: (stamp, rest, outlet) or ``None``."""
    m = _STAMP_PREFIX.match(line)
    if m:
        outlet = _outlet_name(m.group("stamp"))
        if outlet is not None:
            return m.group("dateline").strip(), line[m.end() :], outlet
    m = _OUTLET_DASH_PREFIX.match(line)
    if m and (outlet := _outlet_name(m.group("stamp"), known_only=True)):
        return m.group("dateline").strip(), line[m.end() :], outlet
    m = _PLACE_PREFIX.match(line)
    if m and m.group("dateline").split()[0].isupper():
        return m.group("dateline").strip(), line[m.end() :], None
    return None


# --------------------------------------------------------------------------------------------
# The stage


_INVISIBLE = (("\xa0", " "), ("\u2007", " "), ("\u202f", " "), ("\ufeff", ""), ("\u200b", ""))
"""No-break spaces become spaces; byte-order marks and zero-width spaces go."""


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char, replacement in _INVISIBLE:
        if char in text:  # str.translate would look up every character of the text
            text = text.replace(char, replacement)
    return text


_PLAIN_ONLY = frozenset({"social-embed", "heading", "link"})
"""Rules not applied to text from HTML: an embedded post there is a quote with its author,
and headings and bracketed links are structure the markup gave."""

_OUTLET_RANK = {"dateline": 0, "video": 1, "byline": 2, "contributor": 3, "copyright": 4}


def clean(
    text: str,
    *,
    markup: bool = False,
    title: str | None = None,
    line_model: LineModel | bool = True,
) -> CleanedText:
    """Clean ``text`` and say what was found: see :class:`CleanedText`.

    ``markup=True`` is for text extracted from HTML (trafilatura has already dropped the page
    furniture, and headings and list items are real): only the cue-based rules apply, not the
    rules for short unpunctuated lines, headings and uncredited captions. ``title``, when
    known, is removed from the top of the text if the text repeats it.

    On plain text the learned line classifier (:mod:`newsfuse.clean_model`) then removes the
    lines the rules kept that look like noise, and keeps a long sentence a rule would remove
    when the classifier is sure it is body text. ``line_model=False`` cleans with the rules
    alone; a :class:`~newsfuse.clean_model.LineModel` replaces the shipped one (training).
    """
    known_title = _title_key(title) if title else None
    lines = _normalise(text).split("\n")
    credits = (
        sum(1 for ln in lines if _TRAILING_CREDIT.search(ln.strip())) <= MAX_CREDIT_LINES
        or sum(1 for ln in lines if _CLOCK_LED.match(ln.strip())) < MAX_CREDIT_LINES
    )
    removed: list[RemovedLine] = []
    kept: list[tuple[int, str]] = []  # (line number, text); 0-length text marks a paragraph break
    outlets: list[tuple[int, str]] = []
    author: str | None = None
    found_title: str | None = None
    block: str | None = None  # "highlights" or "related" while inside such a block
    block_left = 0
    body_lines = 0
    in_list = False

    def drop(number: int, line: str, reason: str) -> None:
        nonlocal author
        removed.append(RemovedLine(text=line, reason=reason, line=number))
        outlet = _outlet_from_removed(line, reason)
        if outlet:
            outlets.append((_OUTLET_RANK.get(reason, 9), outlet))
        if reason == "byline" and author is None and (m := _BYLINE.match(line)):
            author = m.group("author")

    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, (raw, line) in enumerate(zip(raw_lines, lines, strict=False), start=1):
        if raw.strip() and not line.strip():  # only invisible characters (zero-width spaces)
            removed.append(RemovedLine(text=" ".join(raw.split()), reason="separator", line=number))
    units = _units(lines)
    wrapped = len(units) < len(lines)  # hard-wrapped lines were joined into paragraphs
    repeated = set() if markup else _repeated_lines(units)
    model = load_line_model() if line_model is True else line_model or None
    filled = sum(1 for _, line in units if line)
    judge = (
        _Judge(units, model)
        if model is not None and not markup and not wrapped and filled >= MODEL_MIN_LINES
        else None
    )
    seen: set[str] = set()
    for number, line in units:
        if not line:
            if kept and kept[-1][1]:
                kept.append((number, ""))
            continue
        if block is not None and block_left > 0:
            block_left -= 1
            if not _FULL_STOP.search(line) and _words(line) <= 25 and not _strip_stamp(line):
                reason = _classify(line, markup=markup, credits=credits, wrapped=wrapped)
                drop(number, line, block if reason in (None, "label") else reason)
                continue
        block = None
        if body_lines == 0 and known_title and _title_key(line) == known_title:
            drop(number, line, "title")
            continue
        if (m := _HIGHLIGHTS.match(line)) and (m.end() == len(line) or body_lines == 0):
            drop(number, line, "highlights")
            block, block_left = "highlights", 6
            continue
        reason = _classify(
            line, top=body_lines == 0, markup=markup, credits=credits, wrapped=wrapped
        )
        if reason == "label" and in_list:
            reason = None  # an item of a list the previous body line announced ("...:")
        if reason in ("related", "share") and (_words(line) <= 3 or line.endswith(":")):
            block, block_left = "related", 10
        if reason in ("label", "highlights") and body_lines == 0 and not removed:
            reason = "title"
            found_title = line
        if reason is None and repeated and (key := _line_key(line)) in repeated:
            if key in seen:
                reason = "repeated"
            seen.add(key)
        last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i][1]), None)
        if reason is None and not markup and last is not None and _teases(kept[last][1], line):
            reason = "related"  # a link list's teaser, then the same story's opening
            drop(*kept.pop(last), "related")
            body_lines -= 1
        if judge is not None:
            if reason is None and not _strip_stamp(line):
                reason = judge.removal(number, line)
            elif reason not in (None, "repeated") and judge.keeps(number, line):
                reason = None
        if reason is not None:
            drop(number, line, reason)
            continue
        if body_lines < 2 and (split := _strip_stamp(line)):
            stamp, line, outlet = split
            removed.append(RemovedLine(text=stamp, reason="dateline", line=number))
            if outlet:
                outlets.append((_OUTLET_RANK["dateline"], outlet))
        kept.append((number, line))
        body_lines += 1
        in_list = line.endswith(":") or (in_list and not _FULL_STOP.search(line))

    dangling = set() if markup else _dangling_introductions(kept)
    for index in sorted(dangling):
        drop(*kept[index], "embed")
    kept = [item for i, item in enumerate(kept) if i not in dangling]
    standfirsts = set() if markup else _standfirsts(kept, dict(units))
    for index in sorted(standfirsts):
        drop(*kept[index], "highlights")
    kept = [item for i, item in enumerate(kept) if i not in standfirsts]
    paragraphs: list[list[str]] = [[]]
    for _, line in kept:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    cleaned = "\n\n".join("\n".join(p) for p in paragraphs if p)
    outlet = min(outlets)[1] if outlets else None
    removed.sort(key=lambda r: r.line)
    return CleanedText(
        text=cleaned, removed=tuple(removed), outlet=outlet, author=author, title=found_title
    )


MODEL_MIN_LINES = 4
"""The line classifier judges a line by its neighbours: shorter texts are left to the rules."""


class _Judge:
    """The line classifier's say on the lines of one text, asked line by line.

    Conservative by construction: texts of fewer than MODEL_MIN_LINES lines are left to the
    rules; a line that reads as a sentence (a quotation, an introduction ending in ":", or a
    full stop with a verb cue) is never removed on the model's word; a line of
    ``model.long_words`` words or more needs the higher ``long_threshold``; the entries of a
    live blog ("1:21 P.M. Rocket hits ...") and the items of a list inside the body (three or
    more unpunctuated lines in a row between sentences) are never removed either; and only a
    long full sentence is ever kept against a rule.
    """

    def __init__(self, units: list[tuple[int, str]], model: LineModel) -> None:
        filled = [(n, line) for n, line in units if line]
        self.model = model
        self.index = {number: i for i, (number, _) in enumerate(filled)}
        texts = [line for _, line in filled]
        self.features = TextFeatures(texts)
        clocked = sum(1 for t in texts if _CLOCK.match(t) and _words(t) > 4)
        self.live_blog = clocked >= MAX_CREDIT_LINES
        sentences = [i for i, t in enumerate(texts) if _words(t) >= 15 and _FULL_STOP.search(t)]
        self.first, self.last = (sentences[0], sentences[-1]) if sentences else (len(texts), -1)
        self.unpunctuated = [not _ENDS_SENTENCE.search(t) for t in texts]

    def _in_list(self, i: int) -> bool:
        if not self.unpunctuated[i] or not self.first < i < self.last:
            return False
        start = end = i
        while start > 0 and self.unpunctuated[start - 1]:
            start -= 1
        while end + 1 < len(self.unpunctuated) and self.unpunctuated[end + 1]:
            end += 1
        return end - start + 1 >= 3

    def removal(self, number: int, line: str) -> str | None:
        """The reason to remove a line the rules kept, or ``None``."""
        i = self.index.get(number)
        if i is None or reads_as_sentence(line) or self._in_list(i):
            return None
        if self.live_blog and _CLOCK.match(line):
            return None
        row = self.features.row(i)
        p = self.model.probability(row)
        long = _words(line) >= self.model.long_words
        if p < (self.model.long_threshold if long else self.model.threshold):
            return None
        return f"noise-like line: likely {self.model.kind(row)} (model p={p:.2f})"

    def keeps(self, number: int, line: str) -> bool:
        """Whether a long sentence a rule would remove is body text on the model's word."""
        i = self.index.get(number)
        if i is None or _words(line) < self.model.long_words or not _FULL_STOP.search(line):
            return False
        p = self.model.probability(self.features.row(i))
        if p < self.model.keep_below:
            log.debug("line %d kept against the rules: model p=%.3f", number, p)
            return True
        return False


REPEATED_MIN_WORDS = 4
"""A line of at least this many words found twice in one text is furniture (a caption shown
with each photo, "Story continues below advertisement", a teaser in two link lists)."""


def _line_key(line: str) -> str:
    return " ".join(line.lower().split())


def _repeated_lines(units: list[tuple[int, str]]) -> set[str]:
    """Lines (as :func:`_line_key`) of REPEATED_MIN_WORDS or more words occurring twice or more."""
    counts = collections.Counter(
        _line_key(line) for _, line in units if _words(line) >= REPEATED_MIN_WORDS
    )
    return {key for key, count in counts.items() if count > 1}


_OTHER_STORY = re.compile(rf"^\((?P<stamp>[A-Z][\w&.' -]{{0,30}})\)\s*{_DASH}\s*")


def _teases(previous: str, line: str) -> bool:
    """``previous`` is a link list's teaser of the story that ``line`` opens with an outlet's
    stamp: "A boy was hit by a car on Friday." then "(WMC) - A boy was hit by a car on ..."."""
    m = _OTHER_STORY.match(line)
    if m is None or _outlet_name(m.group("stamp")) is None:
        return False
    a, b = _line_key(previous).split(), _line_key(line[m.end() :]).split()
    n = min(8, len(a))
    opening = set(b[: n + 2])
    return n >= 4 and sum(word in opening for word in a[:n]) >= 0.6 * n


def _title_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


_CONTINUES = re.compile(r"(?:[,;\-–]|\b(?:the|of|and|to|a|an|in|for|by|with|on|at|from|as|or))$")


def _units(lines: list[str]) -> list[tuple[int, str]]:
    """The text's lines (whitespace collapsed, "" for blank lines), with hard-wrapped text
    (PDF or e-mail copies that break sentences every ~80 characters) joined back into
    paragraphs first, so that line rules see sentences, not fragments. A joined unit keeps
    the number of its first line."""
    units = [(n, " ".join(raw.split())) for n, raw in enumerate(lines, start=1)]
    filled = [(n, ln) for n, ln in units if ln]
    broken = sum(
        1
        for (_, a), (_, b) in itertools.pairwise(filled)
        if _words(a) >= 5 and not _FULL_STOP.search(a) and (b[:1].islower() or _CONTINUES.search(a))
    )
    if len(filled) < 8 or broken < 0.25 * len(filled):
        return units
    log.debug("hard-wrapped text: %d of %d lines break a sentence", broken, len(filled))
    joined: list[tuple[int, str]] = []
    for n, line in units:
        if not line:
            joined.append((n, line))
            continue
        last = next((i for i in range(len(joined) - 1, -1, -1) if joined[i][1]), None)
        if last is not None:
            first, text = joined[last]
            wraps = not _FULL_STOP.search(text) and not text.endswith(":")
            if wraps and (line[:1].islower() or _CONTINUES.search(text)):
                joined[last] = (first, f"{text} {line}")
                del joined[last + 1 :]
                continue
        joined.append((n, line))
    return joined


def line_units(text: str) -> list[tuple[int, str]]:
    """The units cleaning judges: (line number, whitespace-collapsed line) for every line of
    ``text``, "" for blank lines, with hard-wrapped paragraphs joined (the training script
    computes its features on these, as cleaning does)."""
    return _units(_normalise(text).split("\n"))


def clean_text(text: str, *, markup: bool = False) -> tuple[str, tuple[RemovedLine, ...]]:
    """Remove noise lines from ``text``: the cleaned text and the removed lines with reasons."""
    result = clean(text, markup=markup)
    return result.text, result.removed


def clean_article(article: Article, *, markup: bool = False) -> Article:
    """Clean an article (idempotent: an article already marked ``cleaned`` comes back as is).

    Reads ``text``; replaces it with the cleaned text, appends the removed lines to ``removed``
    and sets ``cleaned``; fills ``outlet``, ``author`` and ``title`` from stamps, bylines and a
    title line when the input did not give them. The ``id`` is kept. ``markup=True`` for text
    extracted from HTML (see :func:`clean`).
    """
    if article.cleaned:
        return article
    result = clean(article.text, markup=markup, title=article.title)
    if not result.text.strip() and article.text.strip():
        log.info("%s: cleaning removed every line", article.path or article.id)
    return dataclasses.replace(
        article,
        text=result.text,
        removed=(*article.removed, *result.removed),
        cleaned=True,
        outlet=article.outlet or result.outlet,
        author=article.author or result.author,
        title=article.title or result.title,
    )
