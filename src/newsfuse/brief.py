"""Stage 6, brief: the per-story reduce that puts every stage's output together.

``brief(articles)`` runs the whole pipeline on one story: clean what is not clean yet, find
near-duplicates, annotate (the per-article map, through a :class:`~newsfuse.pipeline.Runner`), then
reduce over the story: canonical entities, places, merged events, cross-checked claims, figures,
the cited summary and the timeline. :func:`brief_annotated` is the reduce alone, for callers (the
store, the web app, a Ray job) that already hold annotated articles.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsfuse.errors import UsageError
from newsfuse.models import (
    AnnotatedArticle,
    Article,
    Brief,
    Citation,
    Entity,
    Event,
    Place,
    Source,
    TimelineEntry,
)
from newsfuse.pipeline import Progress, Runner, annotate_all

if TYPE_CHECKING:
    from newsfuse.store import Store

__all__ = [
    "DEFAULT_WORDS",
    "brief",
    "brief_annotated",
    "prepare",
    "prepare_annotated",
    "sources_of",
    "stored_brief",
    "timeline_of",
    "title_of",
]

log = logging.getLogger(__name__)

MAX_TIMELINE = 25
DEFAULT_WORDS = 250


def prepare(articles: Sequence[Article | AnnotatedArticle]) -> list[Article | AnnotatedArticle]:
    """Clean articles that are not clean yet and mark near-duplicates (wire copy), in order."""
    from newsfuse.clean import clean_article
    from newsfuse.dedupe import find_duplicates

    plain = [a.article if isinstance(a, AnnotatedArticle) else a for a in articles]
    plain = [a if a.cleaned else clean_article(a) for a in plain]
    marked = find_duplicates(plain)
    out: list[Article | AnnotatedArticle] = []
    for original, article in zip(articles, marked, strict=True):
        if isinstance(original, AnnotatedArticle):
            out.append(dataclasses.replace(original, article=article))
        else:
            out.append(article)
    return out


def brief(
    articles: Sequence[Article | AnnotatedArticle],
    max_words: int = DEFAULT_WORDS,
    *,
    runner: Runner | None = None,
    on_done: Progress | None = None,
) -> Brief:
    """Brief one story: a cited summary, entities, places, events, claims, figures, timeline.

    ``articles`` are :class:`Article` (from :func:`newsfuse.read` or ``Article.from_text``) or
    already :class:`AnnotatedArticle`. ``max_words`` bounds the summary. ``runner`` decides where
    the per-article stages run (default: this process); ``on_done`` is called per annotated
    article (progress bars).
    """
    if not articles:
        raise UsageError("brief needs at least one article: nothing was given or nothing was read")
    if max_words < 1:
        raise UsageError(f"max_words must be positive, got {max_words}")
    annotated = annotate_all(prepare(articles), runner=runner, on_done=on_done)
    return brief_annotated(annotated, max_words=max_words)


def brief_annotated(annotated: Sequence[AnnotatedArticle], max_words: int = 250) -> Brief:
    """The per-story reduce: a :class:`Brief` from annotated articles of one story."""
    from newsfuse.claims import align_claims
    from newsfuse.entities import resolve_entities
    from newsfuse.events import merge_events
    from newsfuse.figures import compare_figures
    from newsfuse.places import merge_places
    from newsfuse.summarize import select_summary

    if not annotated:
        raise UsageError("brief needs at least one article")
    entities = resolve_entities(annotated)
    places = merge_places(annotated)
    events = merge_events(annotated, entities)
    claims = align_claims(annotated, entities)
    figures = compare_figures(annotated)
    summary = select_summary(annotated, claims, max_words=max_words)
    return Brief(
        title=title_of(annotated, events, entities, places),
        summary=tuple(summary),
        sources=sources_of(annotated),
        entities=tuple(entities),
        places=tuple(places),
        events=tuple(events),
        claims=tuple(claims),
        figures=tuple(figures),
        timeline=timeline_of(annotated),
        notes=_notes(annotated),
    )


def sources_of(annotated: Sequence[AnnotatedArticle]) -> tuple[Source, ...]:
    """Number the articles [1], [2], ... in input order."""
    return tuple(
        Source(
            id=a.article.id,
            number=i,
            outlet=a.article.outlet,
            title=a.article.title,
            url=a.article.url,
            published=a.article.published,
            duplicate_of=a.article.duplicate_of,
            path=a.article.path,
        )
        for i, a in enumerate(annotated, start=1)
    )


# Nouns that name an operation well enough to title a story with.
_TITLE_NOUNS = frozenset(
    {
        "offensive",
        "assault",
        "attack",
        "battle",
        "campaign",
        "siege",
        "raid",
        "bombing",
        "shooting",
        "strike",
        "airstrike",
        "invasion",
        "protest",
        "protests",
        "clashes",
        "explosion",
        "ambush",
        "massacre",
        "operation",
        "riot",
        "riots",
        "uprising",
        "capture",
    }
)

_SUB_EVENT_NOUNS = {
    "Armed clash": "fighting",
    "Air/drone strike": "air strikes",
    "Shelling/artillery/missile attack": "shelling",
    "Attack": "attack",
    "Non-state actor overtakes territory": "capture",
    "Government regains territory": "recapture",
    "Suicide bomb": "suicide bombing",
    "Remote explosive/landmine/IED": "bombing",
    "Peaceful protest": "protest",
    "Protest with intervention": "protest",
    "Violent demonstration": "riot",
    "Mob violence": "mob violence",
    "Abduction/forced disappearance": "abduction",
    "Sexual violence": "sexual violence",
    "Arrests": "arrests",
}


def title_of(
    annotated: Sequence[AnnotatedArticle],
    events: Sequence[Event],
    entities: Sequence[Entity],
    places: Sequence[Place],
) -> str:
    """Name the story: "<actor> <operation> on <place>" from its best-reported event; else the
    most central article title; else its main actors and place."""
    ranked = sorted(
        (e for e in events if not e.aggregate and e.event_type.lower() != "none"),
        key=lambda e: (-len(e.sources), -len(e.evidence)),
    )
    for event in ranked:
        noun = event.trigger.lower() if event.trigger.lower() in _TITLE_NOUNS else None
        noun = noun or _SUB_EVENT_NOUNS.get(event.sub_event_type)
        place = event.location.name if event.location else None
        if noun and event.actor1 and place:
            actor = _short_name(event.actor1, entities)
            return f"{actor} {noun} on {place}"
    titles = [a.article.title for a in annotated if a.article.title]
    if titles:
        return Counter(titles).most_common(1)[0][0]
    actors = [_short_name(e.name, entities) for e in entities if e.type in ("ORG", "NORP")][:2]
    where = places[0].resolved or places[0].name if places else None
    if where and actors:
        return f"{where}: {' and '.join(actors)}"
    if annotated[0].sentences:
        first = annotated[0].sentences[0].text
        return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "..."
    return "Untitled story"


def _short_name(name: str, entities: Sequence[Entity]) -> str:
    """Prefer an entity's acronym alias (SDF) over a long name in titles."""
    for entity in entities:
        if entity.name == name or name in entity.aliases:
            acronyms = [a for a in entity.aliases if a.isupper() and 2 <= len(a) <= 6]
            if acronyms and len(name) > 20:
                return min(acronyms, key=len)
            return entity.name
    return name


def timeline_of(annotated: Sequence[AnnotatedArticle]) -> tuple[TimelineEntry, ...]:
    """Every resolved date with the sentence that states it, merged across sources, by date."""
    from rapidfuzz import fuzz

    entries: list[TimelineEntry] = []
    for doc in annotated:
        for date in doc.dates:
            if date.status != "resolved" or date.earliest is None or date.latest is None:
                continue
            sentence = (
                doc.sentences[date.sentence]
                if 0 <= date.sentence < len(doc.sentences)
                else doc.sentence_at(date.start)
            )
            if sentence is None:
                continue
            citation = Citation(doc.id, sentence.start, sentence.end, sentence.text)
            for i, entry in enumerate(entries):
                same_when = (entry.earliest, entry.latest) == (date.earliest, date.latest)
                if same_when and fuzz.token_set_ratio(entry.text, sentence.text) >= 80:
                    if citation not in entry.citations:
                        entries[i] = dataclasses.replace(
                            entry, citations=(*entry.citations, citation)
                        )
                    break
            else:
                entries.append(
                    TimelineEntry(
                        earliest=date.earliest,
                        latest=date.latest,
                        precision=date.precision,
                        text=sentence.text.strip(),
                        citations=(citation,),
                    )
                )
    entries.sort(key=lambda e: (e.earliest, e.latest, -len(e.citations)))
    return tuple(entries[:MAX_TIMELINE])


def _notes(annotated: Sequence[AnnotatedArticle]) -> tuple[str, ...]:
    notes: list[str] = []
    for doc in annotated:
        article = doc.article
        notes.extend(f"{article.label}: {note}" for note in article.notes)
        if article.duplicate_of:
            notes.append(
                f"{article.label}: near-duplicate of {article.duplicate_of}; counted as one "
                "source when claims are cross-checked"
            )
    return tuple(notes)


def stored_brief(store: Store, story_id: str | None = None, max_words: int = 250) -> Brief:
    """The brief of a story in a store: its cached brief when current, else made and saved.

    Without ``story_id`` the story with the most articles is briefed (the store's only story, in
    the common case). Raises :class:`~newsfuse.errors.UsageError` for an empty store.
    """
    if story_id is None:
        stories = store.stories()
        if not stories:
            raise UsageError(f"{store.path}: the store holds no article yet; run newsfuse ingest")
        story_id = max(stories, key=lambda s: (s.articles, s.outlets, str(s.last))).id
        if len(stories) > 1:
            log.warning(
                "%s holds %d stories; briefing %s (choose one with --story ID; "
                "`newsfuse stories` lists them)",
                store.path,
                len(stories),
                story_id,
            )
    cacheable = max_words == DEFAULT_WORDS
    if cacheable and (cached := store.brief(story_id)) is not None:
        return cached
    result = brief_annotated(prepare_annotated(store.annotated(story_id)), max_words=max_words)
    if cacheable:
        store.save_brief(story_id, result)
    return result


def prepare_annotated(annotated: Sequence[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """:func:`prepare` for articles that are annotated already (marks near-duplicates)."""
    return [a for a in prepare(annotated) if isinstance(a, AnnotatedArticle)]
