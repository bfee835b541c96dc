"""The learned half of cleaning: how noise-like a line of scraped news text looks.

Reads the non-empty lines of one text (in order) and gives each a probability of being noise
(caption, video label, link list, page furniture, contact line, ...) rather than body text, and
the most likely kind of noise. :func:`newsfuse.clean.clean` uses it on plain text, after its
rules, to catch the noise the rules have no pattern for; see ``docs/reading.md``.

The model is gradient-boosted trees over general features of a line and its neighbours (position
in the text, length, sentence punctuation, capitalisation, digits, clock times and durations,
URL / @ / © markers, verb and function-word cues, cue words of kinds of page furniture,
similarity to the neighbouring lines). It is shipped as plain numbers in
``newsfuse/data/clean/line_model.json`` (feature names, tree thresholds and leaf values, and
the weights of a small logistic model for the kind: no text and no vocabulary learned from the
training data) and is retrained from our labelled lines with
``scripts/train_clean_model.py``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import math
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

__all__ = [
    "FEATURES",
    "LineModel",
    "TextFeatures",
    "Tree",
    "line_features",
    "load_line_model",
    "reads_as_sentence",
]

log = logging.getLogger(__name__)

MODEL_FILE = "line_model.json"

# Cue words of kinds of page furniture: general English words of the trade, not learned from
# the training data. Each group gives one feature (does the lower-cased line contain one).
_CUES: dict[str, re.Pattern[str]] = {
    "cue_caption": re.compile(
        r"\b(photo|photos|photograph|image|images|picture|pictured|getty|file photo|courtesy|"
        r"credit|slideshow|gallery|caption|handout|ap photo|afp|reuters/|pool)\b"
    ),
    "cue_video": re.compile(
        r"\b(video|videos|watch|watching|play|playback|listen|audio|podcast|live stream|"
        r"livestream|clip|footage)\b"
    ),
    "cue_social": re.compile(
        r"\b(facebook|twitter|tweet|tweets|instagram|follow|like us|share|shares|whatsapp|"
        r"linkedin|pinterest|reddit|snapchat|youtube|pic\.twitter)\b"
    ),
    "cue_subscribe": re.compile(
        r"\b(subscribe|subscriber|subscribers|subscription|newsletter|sign up|sign in|log in|"
        r"register|inbox|e-?mail address|alerts|premium|digital edition|app)\b"
    ),
    "cue_ad": re.compile(r"\b(advertisement|advertising|sponsored|promoted|ad choices)\b"),
    "cue_rights": re.compile(
        r"(©|\bcopyright\b|\ball rights reserved\b|\bredistributed\b|\bcookies?\b|"
        r"\bprivacy\b|\bterms of\b)"
    ),
    "cue_related": re.compile(
        r"\b(related|read more|more:|see also|click here|read or share|trending|top stories|"
        r"most read|recommended|previous|next|original story|more stories|also read)\b"
    ),
    "cue_contact": re.compile(
        r"\b(contact|tips?|call|phone|reach|email|e-mail|write to|send us)\b"
    ),
    "cue_promo": re.compile(
        r"\b(stay with|for updates|for the latest|check back|developing story|download|"
        r"stay tuned|keep checking|more details|newsstands?|on sale|developing|"
        r"more information|the details|as soon as|will be updated|update this|crew)\b"
    ),
    "cue_credit": re.compile(
        r"\b(contributed|contributing|reporting by|editing by|written by|staff writer|"
        r"correspondent|reporter|editor|news staff|wire services|by:|updated|posted|published)\b"
    ),
}
_OUTLET = re.compile(
    r"\b[KW][A-Z]{2,3}(?:-?TV)?\d{0,2}\b|\b\d+ ?News\b|\bChannel \d+|\bNews ?\d+\b|"
    r"\w\.com\b|\bEyewitness News\b|\bAction News\b|\bOn Your Side\b"
)
"""A newsroom naming itself: call signs ("WAVY", "KSAT"), "8News", "Channel 4", "WAVY.com"."""
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|according to|reported|reports|announced|stated|added|"
    r"claimed|confirmed|wrote|asked|explained)\b"
)
_AUXILIARY = re.compile(
    r"\b(is|are|was|were|be|been|being|has|have|had|will|would|could|should|can|may|might|"
    r"must|did|does|do)\b"
)
_CONTRACTION = re.compile(
    r"\b(there|here|it|that|what|who|he|she|where|when)['’]s\b|\w['’](re|ve|ll|d)\b|n['’]t\b"
)
"""A verb hidden in a contraction: "There's an ongoing investigation.", "They've left."."""
_PRONOUN = re.compile(r"\b(he|she|they|we|i|it|his|her|their|our|him|them|you)\b")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION = _wordset(
    "the a an of to in on at for with by from and or but that which who as into after"
)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_WE = re.compile(r"\b(we|our|us|we're|we've|we'll)\b")
_YOU = re.compile(r"\b(you|your|you're|you've|you'll)\b")
_IMPERATIVE = re.compile(
    r"^(click|tap|learn|take|watch|read|follow|sign|get|download|stay|find|check|please|see|"
    r"like|share|subscribe|send|join|visit|listen|view|enter|submit|contact|call|email|"
    r"support|discover|explore|don't|do not|remember|keep|make sure|scroll|swipe|go)\b"
)
_LABEL_PREFIX = re.compile(r"^[A-Za-z][\w'’ ]{0,24}:\s")
_PAST = re.compile(
    r"\b(went|broke|took|made|came|got|gave|found|left|shot|hit|ran|saw|held|began|brought|"
    r"fell|led|lost|kept|thought|sent|put|set|struck|fled|fought|caught|felt|heard|knew|met|"
    r"paid|rose|sat|stood|won|drove|grew|threw|chose|stole|spoke|woke|wore|hid|became|flew|"
    r"hung|lay|meant|quit|rang|rode|shook|shut|spent|stuck|swore|taught|tore|understood|"
    r"wept|withdrew|sought|bought|built|dealt|drew|dug|fed|forgave|froze|slid|sped|spun|"
    r"swept|swung|woke|wound)\b"
)
_ED_WORD = re.compile(r"\b[a-z]{3,}ed\b")
_SENTENCE_END = re.compile(r"""[.!?…]['"”’»)\]]*$""")
_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?]['\"”’]?\s+['\"“‘]?[A-Z]")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_DIGIT = re.compile(r"\d")
_LEADING_DURATION = re.compile(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?(\s|$)")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b", re.IGNORECASE
)
_URL = re.compile(r"https?://|www\.|\.com\b|\.org\b|\.net\b|\.ly/|\.co/", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_PHONE = re.compile(r"\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b")
_HASHTAG = re.compile(r"(?<![\w&])#\w+")
_BULLET = re.compile(r"^[■•▪►▶»·◆●○◦‣⁃★✓✔*-]+\s*")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TRAILING_PAREN = re.compile(r"\([^()]{1,80}\)\s*\.?$")
_LEADING_CAPS = re.compile(r"^[A-Z][A-Z .,'-]{2,}\b")
_DASH_STAMP = re.compile(r"^[^a-z]{0,40}?\s(?:--|—|–|-)\s")
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4},?\s*(?:\([^()]{1,30}\))?\s*(?:--|—|–|-|:)\s*"
    r"(?=[A-Z\"“‘'])"
)
"""An agency-style dateline opening the first body line: "HAMPTON, Va. (WAVY) — Two ..."."""
_STOPWORDS = _wordset(
    "the a an of to in on at for with by from and or but that which who as into after about "
    "this these those there their they them then than have has had were was will would could "
    "should been being said says also more most other some such only over when where what "
    "while your you our out its it's not all any can may just like"
)

FEATURES: tuple[str, ...] = (
    "bias_one",
    "rel_position",
    "is_first",
    "is_second",
    "is_last",
    "is_second_last",
    "log_lines_in_text",
    "log_words",
    "log_chars",
    "words_le_3",
    "words_le_8",
    "words_le_15",
    "words_ge_30",
    "length_vs_median",
    "ends_sentence",
    "ends_colon",
    "ends_quote",
    "ends_paren",
    "ends_ellipsis",
    "ends_word",
    "starts_lower",
    "starts_digit",
    "starts_quote",
    "starts_bullet",
    "starts_paren",
    "capitalised_share",
    "all_caps",
    "leading_caps",
    "dash_stamp",
    "digit_share",
    "clock_time",
    "leading_duration",
    "year",
    "month_day",
    "url",
    "email",
    "handle",
    "phone",
    "hashtag",
    "pipe",
    "slash",
    "trailing_paren",
    "quote_marks",
    "sentences",
    "mean_word_length",
    "attribution",
    "auxiliary",
    "pronoun",
    "function_share",
    "ed_words",
    "we_outside_quotes",
    "you_outside_quotes",
    "starts_imperative",
    "label_prefix",
    "outlet_mention",
    *_CUES,
    "prev_similarity",
    "next_similarity",
    "max_similarity",
    "prev_log_words",
    "next_log_words",
    "prev_ends_sentence",
    "next_ends_sentence",
    "prev_short",
    "next_short",
    "neighbour_short_run",
    "short_lines_share",
    "before_first_sentence_line",
    "after_last_sentence_line",
    "sentence_lines_share",
    "unpunctuated_run",
    "prev_ends_colon",
    "clock_led_share",
    "content_overlap",
    "opens_with_dateline",
    "before_dateline_line",
    "distance_to_sentence_line",
)
"""The features of a line, in the order of the model's weights."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _shape(line: str) -> dict[str, float]:
    """The features of one line on its own."""
    text = _BULLET.sub("", line) or line
    lower = text.lower()
    words = _words(text)
    n_words = max(len(text.split()), 1)
    letters = [w for w in words if w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in letters) / len(letters) if letters else 0.0
    alpha = [c for c in text if c.isalpha()]
    last = text.rstrip()[-1:] if text.strip() else ""
    first = text.lstrip()[:1]
    features = {
        "log_words": math.log1p(n_words),
        "log_chars": math.log1p(len(text)),
        "words_le_3": float(n_words <= 3),
        "words_le_8": float(n_words <= 8),
        "words_le_15": float(n_words <= 15),
        "words_ge_30": float(n_words >= 30),
        "ends_sentence": float(bool(_SENTENCE_END.search(text[-12:]))),
        "ends_colon": float(last == ":"),
        "ends_quote": float(last in "\"'”’»"),
        "ends_paren": float(last == ")"),
        "ends_ellipsis": float(text.endswith(("...", "…"))),
        "ends_word": float(last.isalnum()),
        "starts_lower": float(first.islower()),
        "starts_digit": float(first.isdigit()),
        "starts_quote": float(first in "\"'“‘«"),
        "starts_bullet": float(line != text or first in "■•▪►▶»·◆●"),
        "starts_paren": float(first in "([{"),
        "capitalised_share": capitalised,
        "all_caps": float(len(alpha) > 3 and all(c.isupper() for c in alpha)),
        "leading_caps": float(bool(_LEADING_CAPS.match(text))),
        "dash_stamp": float(bool(_DASH_STAMP.match(text))),
        "digit_share": len(_DIGIT.findall(text)) / max(len(text), 1),
        "clock_time": float(bool(_CLOCK.search(text))),
        "leading_duration": float(bool(_LEADING_DURATION.match(text))),
        "year": float(bool(_YEAR.search(text))),
        "month_day": float(bool(_MONTH.search(text))),
        "url": float(bool(_URL.search(text))),
        "email": float(bool(_EMAIL.search(text))),
        "handle": float(bool(_HANDLE.search(text))),
        "phone": float(bool(_PHONE.search(text))),
        "hashtag": float(bool(_HASHTAG.search(text))),
        "pipe": float("|" in text),
        "slash": min(text.count("/"), 3) / 3,
        "trailing_paren": float(bool(_TRAILING_PAREN.search(text))),
        "quote_marks": min(sum(text.count(q) for q in '"“”'), 4) / 4,
        "sentences": min(len(_SENTENCE_BREAK.findall(text)) + 1, 6) / 6,
        "mean_word_length": min(sum(len(w) for w in words) / max(len(words), 1), 12) / 12,
        "attribution": float(bool(_ATTRIBUTION.search(lower))),
        "auxiliary": min(len(_AUXILIARY.findall(lower)), 3) / 3,
        "pronoun": float(bool(_PRONOUN.search(lower))),
        "function_share": sum(w.lower() in _FUNCTION for w in words) / max(len(words), 1),
        "ed_words": min(len(_ED_WORD.findall(lower)), 3) / 3,
        "we_outside_quotes": float(bool(_WE.search(_QUOTED.sub(" ", lower)))),
        "you_outside_quotes": float(bool(_YOU.search(_QUOTED.sub(" ", lower)))),
        "starts_imperative": float(bool(_IMPERATIVE.match(lower))),
        "label_prefix": float(bool(_LABEL_PREFIX.match(text))),
        "outlet_mention": float(bool(_OUTLET.search(text))),
    }
    for name, pattern in _CUES.items():
        features[name] = float(bool(pattern.search(lower)))
    return features


def reads_as_sentence(line: str) -> bool:
    """The line reads as body text whatever the model says: a quotation, a line introducing
    what follows (ending in ":"), or a sentence (ending in sentence punctuation or a quote)
    with a verb cue (an auxiliary, a contraction, a verb of saying, a common past tense, a word
    in -ed).
    Cleaning never removes such a line on the model's word alone ("Detectives are
    investigating.", "Then all hell broke loose.")."""
    text = line.strip()
    if not text:
        return False
    if text[0] in "\"“‘'" or text.endswith(":"):
        return True
    lower = text.lower()
    return bool(
        (_SENTENCE_END.search(text) or text[-1] in "\"”’'")
        and (
            _AUXILIARY.search(lower)
            or _ATTRIBUTION.search(lower)
            or _ED_WORD.search(lower)
            or _PAST.search(lower)
            or _CONTRACTION.search(lower)
        )
    )


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class TextFeatures:
    """The features of the lines of one text, computed on demand: what a row needs from the
    whole text (neighbours, word counts, where the sentences are) is gathered once, and a
    line's own features only when its row is asked for (cleaning asks only for the lines the
    model may decide)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        n = self.n = len(self.lines)
        texts = [_BULLET.sub("", line) or line for line in self.lines]
        self.n_words = [max(len(text.split()), 1) for text in texts]
        self.ends_sentence = [bool(_SENTENCE_END.search(text[-12:])) for text in texts]
        self.ends_colon = [text.rstrip()[-1:] == ":" for text in texts]
        words = [_words(line) for line in self.lines]
        self.bags = [frozenset(w.lower() for w in ws) for ws in words]
        self.contents = [
            {w for w in bag if len(w) >= 4 and w not in _STOPWORDS} for bag in self.bags
        ]
        self.frequency: dict[str, int] = {}
        for content in self.contents:
            for word in content:
                self.frequency[word] = self.frequency.get(word, 0) + 1
        raw_words = [len(line.split()) for line in self.lines]
        self.median = max(sorted(raw_words)[n // 2], 1) if n else 1
        self.short = [count <= 8 for count in raw_words]
        self.short_share = sum(self.short) / n if n else 0.0
        # "sentence lines": 15 words or more ending in sentence punctuation, the surest body
        # text; what comes before the first and after the last is where furniture sits
        sentence_like = [
            end and count >= 15 for end, count in zip(self.ends_sentence, raw_words, strict=True)
        ]
        self.sentence_at = [i for i, s in enumerate(sentence_like) if s]
        self.first_sentence = self.sentence_at[0] if self.sentence_at else n
        self.last_sentence = self.sentence_at[-1] if self.sentence_at else -1
        self.sentence_share = len(self.sentence_at) / n if n else 0.0
        self.runs = [0] * n
        i = 0
        while i < n:
            j = i
            while j < n and self.ends_sentence[j] == self.ends_sentence[i]:
                j += 1
            for k in range(i, j):
                self.runs[k] = 0 if self.ends_sentence[i] else j - i
            i = j
        durations = sum(bool(_LEADING_DURATION.match(text)) for text in texts)
        self.clock_share = durations / n if n else 0.0
        datelines = [i for i in range(min(n, 8)) if _DATELINE.match(self.lines[i])]
        self.first_dateline = datelines[0] if datelines else -1

    def row(self, i: int) -> list[float]:
        """The feature row of line ``i`` (in :data:`FEATURES` order)."""
        n, bags = self.n, self.bags
        shape = _shape(self.lines[i])
        others = [_similarity(bags[i], bags[j]) for j in range(n) if j != i and len(bags[j]) > 2]
        has_prev, has_next = i > 0, i + 1 < n
        content = self.contents[i]
        context = {
            "bias_one": 1.0,
            "rel_position": i / (n - 1) if n > 1 else 0.0,
            "is_first": float(i == 0),
            "is_second": float(i == 1),
            "is_last": float(i == n - 1),
            "is_second_last": float(i == n - 2),
            "log_lines_in_text": math.log1p(n),
            "length_vs_median": min(len(self.lines[i].split()) / self.median, 4.0) / 4,
            "prev_similarity": _similarity(bags[i], bags[i - 1]) if has_prev else 0.0,
            "next_similarity": _similarity(bags[i], bags[i + 1]) if has_next else 0.0,
            "max_similarity": max(others) if others and len(bags[i]) > 2 else 0.0,
            "prev_log_words": math.log1p(self.n_words[i - 1]) if has_prev else 0.0,
            "next_log_words": math.log1p(self.n_words[i + 1]) if has_next else 0.0,
            "prev_ends_sentence": float(has_prev and self.ends_sentence[i - 1]),
            "next_ends_sentence": float(has_next and self.ends_sentence[i + 1]),
            "prev_short": float(has_prev and self.short[i - 1]),
            "next_short": float(has_next and self.short[i + 1]),
            "neighbour_short_run": (
                (has_prev and self.short[i - 1]) + (has_next and self.short[i + 1])
            )
            / 2,
            "short_lines_share": self.short_share,
            "before_first_sentence_line": float(i < self.first_sentence),
            "after_last_sentence_line": float(i > self.last_sentence),
            "sentence_lines_share": self.sentence_share,
            "unpunctuated_run": min(self.runs[i], 5) / 5,
            "prev_ends_colon": float(has_prev and self.ends_colon[i - 1]),
            "clock_led_share": self.clock_share,
            "content_overlap": (
                sum(self.frequency[w] > 1 for w in content) / len(content) if content else 0.0
            ),
            "opens_with_dateline": float(i == self.first_dateline),
            "before_dateline_line": float(i < self.first_dateline),
            "distance_to_sentence_line": (
                min(min(abs(i - j) for j in self.sentence_at), 5) / 5 if self.sentence_at else 1.0
            ),
        }
        merged = {**shape, **context}
        return [merged[name] for name in FEATURES]


def line_features(lines: Sequence[str]) -> list[list[float]]:
    """The feature rows (in :data:`FEATURES` order) of the non-empty ``lines`` of one text.

    ``lines`` are the text's non-empty lines in order, whitespace already collapsed; a line's
    row depends on its neighbours, so pass the whole text, not a line at a time.
    """
    features = TextFeatures(lines)
    return [features.row(i) for i in range(features.n)]


@dataclasses.dataclass(frozen=True, slots=True)
class Tree:
    """One regression tree of the boosted ensemble, as parallel arrays over its nodes: a node
    with ``feature[i] >= 0`` sends a row left when ``row[feature[i]] <= threshold[i]``; a leaf
    (``feature[i] == -1``) adds ``value[i]`` to the log-odds of noise."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def output(self, row: Sequence[float]) -> float:
        i = 0
        feature, threshold = self.feature, self.threshold
        while feature[i] >= 0:
            i = self.left[i] if row[feature[i]] <= threshold[i] else self.right[i]
        return self.value[i]


@dataclasses.dataclass(frozen=True, slots=True)
class LineModel:
    """A trained line classifier: boosted trees for P(noise), and a small logistic model over
    the scaled features for the most likely kind of noise.

    ``threshold`` is the probability from which cleaning removes a line its rules kept;
    ``long_threshold`` applies to lines of ``long_words`` words or more (losing body text is
    worse than keeping a caption); ``keep_below`` is the probability under which a sentence of
    ``long_words`` words or more that a rule would remove is kept.
    """

    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...]
    kinds: tuple[str, ...] = ()
    kind_mean: tuple[float, ...] = ()
    kind_scale: tuple[float, ...] = ()
    kind_weights: tuple[tuple[float, ...], ...] = ()
    kind_intercepts: tuple[float, ...] = ()
    threshold: float = 0.7
    long_threshold: float = 0.8
    long_words: int = 20
    keep_below: float = 0.05
    trained_on: str = ""

    def probability(self, row: Sequence[float]) -> float:
        """P(noise) of one feature row."""
        z = self.baseline + sum(tree.output(row) for tree in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def kind(self, row: Sequence[float]) -> str:
        """The most likely kind of noise of one feature row ("" if the model has no kinds)."""
        if not self.kinds:
            return ""
        scaled = [(x - m) / s for x, m, s in zip(row, self.kind_mean, self.kind_scale, strict=True)]
        scores = [
            b + sum(w * x for w, x in zip(ws, scaled, strict=True))
            for ws, b in zip(self.kind_weights, self.kind_intercepts, strict=True)
        ]
        return self.kinds[max(range(len(scores)), key=scores.__getitem__)]

    def noise_probabilities(self, lines: Sequence[str]) -> list[float]:
        """P(noise) for each of the non-empty ``lines`` of one text (see :func:`line_features`)."""
        return [self.probability(row) for row in line_features(lines)]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _listify(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        trees = tuple(
            Tree(
                feature=tuple(t["feature"]),
                threshold=tuple(t["threshold"]),
                left=tuple(t["left"]),
                right=tuple(t["right"]),
                value=tuple(t["value"]),
            )
            for t in data["trees"]
        )
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            trees=trees,
            kinds=tuple(data.get("kinds", ())),
            kind_mean=tuple(data.get("kind_mean", ())),
            kind_scale=tuple(data.get("kind_scale", ())),
            kind_weights=tuple(tuple(w) for w in data.get("kind_weights", ())),
            kind_intercepts=tuple(data.get("kind_intercepts", ())),
            threshold=float(data.get("threshold", 0.7)),
            long_threshold=float(data.get("long_threshold", 0.8)),
            long_words=int(data.get("long_words", 20)),
            keep_below=float(data.get("keep_below", 0.05)),
            trained_on=str(data.get("trained_on", "")),
        )


def _listify(value: Any) -> Any:
    if isinstance(value, Tree):
        return {f.name: list(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_listify(v) for v in value]
    return value


@functools.cache
def load_line_model() -> LineModel | None:
    """The shipped line model, or ``None`` (rules only, with a warning) when its file is
    missing or was trained on other features than this code computes."""
    try:
        raw = resources.files("newsfuse").joinpath("data", "clean", MODEL_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        log.warning("no line model at newsfuse/data/clean/%s: cleaning uses rules only", MODEL_FILE)
        return None
    model = LineModel.from_dict(json.loads(raw))
    if model.features != FEATURES:
        log.warning(
            "newsfuse/data/clean/%s was trained on other features: cleaning uses rules only "
            "(retrain with scripts/train_clean_model.py)",
            MODEL_FILE,
        )
        return None
    return model
