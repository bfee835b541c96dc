"""Language identification for stage 1 (read & clean).

Reads an article's text; :func:`detect_language` returns an ISO 639-1 code ("en", "de", ...) or
``"und"`` (undetermined) when there is too little text to tell. :func:`flag_language` adds it to an
:class:`~newsfuse.models.Article` as ``language`` and, for articles that are not in English, a
``language:xx`` note, so the English-only stages skip them with a clear note instead of failing.

The classifier is py3langid (a maintained, numpy-only port of langid.py: 97 languages, no
downloads), loaded once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from typing import TYPE_CHECKING

from newsfuse.models import Article

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = ["MIN_LETTERS", "UNDETERMINED", "detect_language", "flag_language", "language_of"]

log = logging.getLogger(__name__)

UNDETERMINED = "und"
"""The code returned when a text is too short or has no letters (ISO 639-2 "und")."""

MIN_LETTERS = 20
"""Fewer letters than this and the language is not guessed."""

SAMPLE_CHARS = 1500
"""Only the first characters are classified: plenty for a reliable guess, and fast."""

MIN_CONFIDENCE = 0.5
"""Below this normalised probability a short text falls back to English-or-undetermined."""

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@functools.cache
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_FUNCTION_WORDS_TEXT = (
    "the and of to in a is that for on was with said as by at from his her it he she they "
    "were has have had be are an this who which their been not but after"
)
_ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _plainly_english(sample: str) -> bool:
    """A fast path: at least 100 words and over a fifth of them English function words, so the
    classifier need not run. (Measured: English news 0.2-0.5; other languages, even with
    English names and quotes, under 0.1.)"""
    words = _WORD.findall(sample.lower())
    if len(words) < 100:
        return False
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) > 0.2


def language_of(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` and its probability (``("und", 0.0)`` if unknown)."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    if _plainly_english(sample):
        return "en", 1.0
    code, prob = _identifier().classify(sample)
    return str(code), float(prob)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ``"und"``.

    A weak guess on a short text (a headline, a caption) falls back to English when English is
    among the three likeliest languages: such a string is not evidence enough to exclude an
    article from the English stages.
    """
    code, prob = language_of(text)
    if code in (UNDETERMINED, "en") or prob >= MIN_CONFIDENCE:
        return code
    top = [str(lang) for lang, _ in _identifier().rank(text[:SAMPLE_CHARS])[:3]]
    return "en" if "en" in top else code


def flag_language(article: Article) -> Article:
    """Set ``article.language`` (unless the input gave it) and note non-English articles.

    Reads ``text`` and ``language``; adds ``language`` and, when it is not English, the note
    ``language:<code>``. An undetermined language is treated as English downstream but noted.
    """
    language = article.language or detect_language(article.text)
    language = language.lower().split("-")[0].split("_")[0] or UNDETERMINED
    notes = article.notes
    if language != "en":
        note = f"language:{language}"
        if note not in notes:
            notes = (*notes, note)
            log.info("%s: language %r, kept and flagged", article.path or article.id, language)
    if language == article.language and notes == article.notes:
        return article
    return dataclasses.replace(article, language=language, notes=notes)
