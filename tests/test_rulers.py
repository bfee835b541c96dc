"""The faster rule components newsfuse puts in the spaCy pipeline (issue #7) give exactly what
spaCy's own components give: the indexed ``attribute_ruler`` the same tags, lemmas and parse,
and the alias ruler the same entities as spaCy's ``EntityRuler`` with the same patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.annotate import INDEXED_RULER_FACTORY, MODEL
from newsfuse.entities import RULER_NAME, alias_patterns


@pytest.fixture(scope="module")
def texts(seed_paths: list[Path], eval_data: Path) -> list[str]:
    """The seeds plus real news texts of other kinds (GVA local news, Multi-News)."""
    out = [p.read_text(encoding="utf-8") for p in seed_paths]
    with (eval_data / "gva" / "documents.jsonl").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n % 97 == 0:
                out.append(json.loads(line)["content"][:6000])
            if len(out) >= 14:
                break
    out.append("I'm gonna go. We'll see what ain't there. He's the U.S. envoy, isn't he?")
    return out


@pytest.fixture(scope="module")
def stock():  # type: ignore[no-untyped-def]
    """spaCy's pipeline as shipped, with spaCy's own EntityRuler holding newsfuse's aliases."""
    import spacy

    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": False},
    )
    ruler.add_patterns(alias_patterns(nlp))
    return nlp


def test_pipeline_uses_the_faster_components(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.get_pipe_meta("attribute_ruler").factory == INDEXED_RULER_FACTORY
    assert type(nlp.get_pipe(RULER_NAME)).__name__ == "AliasRuler"


def test_indexed_attribute_ruler_gives_spacys_tags_lemmas_and_parse(nlp, stock, texts) -> None:  # type: ignore[no-untyped-def]
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        mine = [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in ours]
        spacy_own = [
            (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in theirs
        ]
        assert mine == spacy_own


def test_alias_ruler_finds_the_entities_spacys_entity_ruler_finds(nlp, stock, texts) -> None:  # type: ignore[no-untyped-def]
    found = 0
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts), strict=True):
        mine = [(e.start, e.end, e.label_, e.ent_id_) for e in ours.ents]
        assert mine == [(e.start, e.end, e.label_, e.ent_id_) for e in theirs.ents]
        found += sum(1 for e in ours.ents if e.ent_id_)
    assert found >= 10  # the aliases did match: the comparison is not between empty lists


def test_spacy_can_be_imported_with_torch_on_request() -> None:
    """``NEWSFUSE_SPACY_WITH_TORCH=1`` turns off the import without PyTorch (the default,
    checked in test_gazetteer.py): spaCy's own import then brings torch in, as usual."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from newsfuse.annotate import load_nlp; load_nlp(); "
        "print(sys.modules.get('torch') is not None)"
    )
    env = {**os.environ, "NEWSFUSE_SPACY_WITH_TORCH": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True"
