"""The SQLite store: ingest is idempotent and resumable, writes are atomic, old files are
migrated, briefs go stale only for the stories a new article touches, search and corrections."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from newsfuse.errors import StoreError, UsageError
from newsfuse.models import (
    AnnotatedArticle,
    Article,
    Brief,
    Mention,
    RemovedLine,
    Source,
    SummarySentence,
)
from newsfuse.store import MIGRATIONS, SCHEMA_VERSION, NotInStore, Store
from test_group import QUAKE, QUAKE_2, annotate_with


@pytest.fixture(scope="module")
def raqqa(nlp, seed_articles) -> list[AnnotatedArticle]:  # type: ignore[no-untyped-def]
    return annotate_with(nlp, seed_articles)


@pytest.fixture(scope="module")
def japan(nlp) -> list[AnnotatedArticle]:  # type: ignore[no-untyped-def]
    articles = [
        Article.from_text(
            QUAKE, title="Strong quake hits Fukushima", outlet="NHK", published="2022-03-16"
        ),
        Article.from_text(
            QUAKE_2, title="Japan counts quake damage", outlet="Kyodo", published="2022-03-17"
        ),
    ]
    return annotate_with(nlp, articles)


def _brief(title: str, article_id: str) -> Brief:
    return Brief(
        title=title,
        summary=(SummarySentence("Something happened.", (article_id,)),),
        sources=(Source(article_id, 1, outlet="NHK"),),
    )


def test_demo_ingest_of_seeds_and_an_unrelated_story_shows_two_stories(
    tmp_path, raqqa, japan
) -> None:
    with Store(tmp_path / "news.db") as store:
        result = store.add([*raqqa, *japan])
        assert len(result.added) == 4 and len(result.new_stories) == 2
        stories = store.stories()
    assert len(stories) == 2
    by_size = {s.articles for s in stories}
    assert by_size == {2}
    quake = next(s for s in stories if s.first is not None)
    assert quake.first == dt.date(2022, 3, 16) and quake.last == dt.date(2022, 3, 17)
    assert quake.outlets == 2
    assert "Tokyo" in quake.places or "Japan" in quake.places
    raqqa_story = next(s for s in stories if s.first is None)
    assert raqqa_story.notes and "undated" in raqqa_story.notes[0]


def test_re_ingesting_the_same_articles_is_a_no_op(tmp_path, raqqa) -> None:
    with Store(tmp_path / "news.db") as store:
        first = store.add(raqqa)
        again = store.add(raqqa)
        assert again.added == () and set(again.present) == {a.id for a in raqqa}
        assert first.added == tuple(a.id for a in raqqa)
        assert len(store) == 2 and len(store.stories()) == 1


def test_a_new_article_makes_only_its_own_story_brief_stale(tmp_path, raqqa, japan) -> None:
    with Store(tmp_path / "news.db") as store:
        store.add([*raqqa, japan[0]])
        raqqa_id, japan_id = store.story_of(raqqa[0].id), store.story_of(japan[0].id)
        assert set(store.stale_stories()) == {raqqa_id, japan_id}
        store.save_brief(raqqa_id, _brief("Raqqa", raqqa[0].id))
        store.save_brief(japan_id, _brief("Quake", japan[0].id))
        assert store.stale_stories() == []
        store.add([japan[1]])
        assert store.stale_stories() == [japan_id]
        assert store.brief(japan_id) is None
        kept = store.brief(raqqa_id)
        assert kept is not None and kept.title == "Raqqa"


def test_article_round_trip_keeps_every_field(tmp_path, japan) -> None:
    article = dataclasses.replace(
        japan[0].article,
        removed=(RemovedLine("01:25 - Source: NHK", "video-label", 3),),
        notes=("language:en",),
        cleaned=True,
        url="https://example.org/quake",
        author="A. Reporter",
        path="quake.html",
    )
    item = dataclasses.replace(japan[0], article=article)
    with Store(tmp_path / "news.db") as store:
        store.add([item])
    with Store(tmp_path / "news.db") as store:
        assert store.article(article.id) == article
        assert store.annotated()[0] == item
        assert store.articles(store.story_of(article.id)) == [article]


def test_killed_ingest_resumes_without_duplicates(tmp_path, raqqa, japan) -> None:
    items = [*raqqa, *japan]
    dump = tmp_path / "items.json"
    dump.write_text(json.dumps([a.to_dict() for a in items]))
    db = tmp_path / "news.db"
    script = textwrap.dedent(
        f"""
        import json, os, signal
        from newsfuse.models import AnnotatedArticle
        from newsfuse.store import Store
        items = [AnnotatedArticle.from_dict(d) for d in json.load(open({str(dump)!r}))]
        def die(done):
            if done >= 2:
                os.kill(os.getpid(), signal.SIGKILL)  # killed after the first chunk committed
        Store({str(db)!r}, chunk_size=2).add(items, on_chunk=die)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == -9, run.stderr
    with Store(db) as store:
        assert len(store) == 2
        result = store.add(items)
        assert len(result.added) == 2 and len(result.present) == 2
        assert len(store) == 4
        assert sorted(a.id for a in store.articles()) == sorted(a.id for a in items)
        assert sum(s.articles for s in store.stories()) == 4


def test_a_failing_write_leaves_nothing_half_written(tmp_path, raqqa) -> None:
    with Store(tmp_path / "news.db", chunk_size=10) as store:
        with pytest.raises(UsageError, match="got str"):
            store.add([raqqa[0], "not an article", raqqa[1]])  # type: ignore[list-item]
        assert len(store) == 0 and store.stories() == []
        result = store.add(raqqa)
        assert len(result.added) == 2 and len(store.stories()) == 1


def test_empty_articles_are_skipped_with_a_reason(tmp_path, raqqa) -> None:
    empty = Article(id="empty", text=" \n", title="Blank page")
    with Store(tmp_path / "news.db") as store:
        result = store.add([empty, raqqa[0]])
    assert result.added == (raqqa[0].id,)
    assert [(p.item, p.kind) for p in result.skipped] == [("Blank page", "skipped")]
    assert "empty" in result.skipped[0].cause


def test_store_written_by_an_older_schema_is_migrated_without_loss(tmp_path, japan) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        assert isinstance(statement, str)
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    article = japan[0].article
    conn.execute(
        "INSERT INTO articles(id, title, text, published, added) VALUES (?, ?, ?, ?, ?)",
        (article.id, article.title, article.text, "2022-03-16", "2022-03-16T00:00:00"),
    )
    conn.execute(
        "INSERT INTO annotations(article_id, data) VALUES (?, ?)",
        (article.id, json.dumps(japan[0].to_dict())),
    )
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
        assert store.article(article.id).text == article.text
        assert store.story(store.story_of(article.id)).articles[0].id == article.id
        assert store.search("Fukushima")[0].article_id == article.id
        store.add([japan[1]])
        assert store.story_of(japan[1].id) == store.story_of(article.id)


def test_store_from_a_newer_newsfuse_is_refused(tmp_path) -> None:
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer newsfuse"):
        Store(db)


def test_a_file_that_is_not_a_database_is_refused_with_its_name(tmp_path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        Store(bogus)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing" / "news.db")


def test_search_finds_words_in_titles_and_texts(tmp_path, raqqa, japan) -> None:
    with Store(tmp_path / "news.db") as store:
        store.add([*raqqa, *japan])
        hits = store.search("bullet train")
        assert {h.article_id for h in hits} == {a.id for a in japan}
        assert "[" in hits[0].snippet
        assert hits[0].story_id == store.story_of(japan[0].id)
        title_hit = store.search("counts")
        assert [h.article_id for h in title_hit] == [japan[1].id]
        assert store.search('AND OR ( "*') == []
        assert store.search("   ") == []


def test_merge_and_split_persist_after_reopening(tmp_path, raqqa, japan) -> None:
    db = tmp_path / "news.db"
    with Store(db) as store:
        store.add([*raqqa, *japan])
        raqqa_id, japan_id = store.story_of(raqqa[0].id), store.story_of(japan[0].id)
        store.save_brief(raqqa_id, _brief("Raqqa", raqqa[0].id))
        store.merge_stories(raqqa_id, japan_id)
    with Store(db) as store:
        assert [s.id for s in store.stories()] == [raqqa_id]
        assert store.brief(raqqa_id) is None
        assert store.explain(japan[0].id).manual
        new_id = store.split_story(raqqa_id, [a.id for a in japan])
    with Store(db) as store:
        assert {a.id for a in store.articles(new_id)} == {a.id for a in japan}
        assert {a.id for a in store.articles(raqqa_id)} == {a.id for a in raqqa}
        assert "split out" in store.explain(japan[1].id).reason
        extra = dataclasses.replace(
            japan[1], article=dataclasses.replace(japan[1].article, id="late-report")
        )
        store.add([extra])
        assert store.story_of("late-report") == new_id


def test_explain_says_why_an_article_joined_its_story(tmp_path, japan) -> None:
    with Store(tmp_path / "news.db") as store:
        store.add(japan)
        why = store.explain(japan[1].id)
    assert not why.new_story and why.story_id == f"s-{japan[0].id}"
    assert "tokyo" in why.shared_places and why.days_apart == 1


def test_unknown_ids_raise_a_clear_error(tmp_path) -> None:
    with Store(tmp_path / "news.db") as store:
        for call in (store.article, store.story, store.explain, store.brief, store.articles):
            with pytest.raises(NotInStore, match="nope"):
                call("nope")
        with pytest.raises(NotInStore):
            store.save_brief("nope", _brief("x", "y"))


def test_closed_store_says_so(tmp_path) -> None:
    store = Store.open(tmp_path / "news.db")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.stories()


def test_plain_articles_without_annotations_are_stored_and_grouped(tmp_path, seed_articles):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "news.db") as store:
        store.add(list(seed_articles))
        assert len(store.stories()) == 1
        assert store.annotated()[0].mentions == ()


def test_mentions_of_places_fill_the_story_places(tmp_path) -> None:
    text = "Troops entered Raqqa on Tuesday."
    article = Article.from_text(text, published="2017-06-06")
    item = AnnotatedArticle(article=article, mentions=(Mention("Raqqa", "GPE", 15, 20, 0),))
    with Store(tmp_path / "news.db") as store:
        store.add([item])
        assert store.stories()[0].places == ("Raqqa",)


def test_two_writers_on_one_file_see_each_others_stories(tmp_path, raqqa, japan) -> None:
    db = tmp_path / "news.db"
    with Store(db) as first, Store(db) as second:
        second.add([raqqa[0]])  # second builds its story index now
        first.add([japan[0]])
        assert japan[0].id in second and "nope" not in second
        second.add([japan[1]])
        assert first.story_of(japan[1].id) == first.story_of(japan[0].id)
        assert len(first.stories()) == 2


def test_stories_command_lists_stories_and_explains_an_article(tmp_path, raqqa, japan) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli import app

    db = tmp_path / "news.db"
    with Store(db) as store:
        store.add([*raqqa, *japan])
        japan_id = store.story_of(japan[0].id)
    runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "Strong quake hits Fukushima" in listed.output and "2 stories" in listed.output
    why = runner.invoke(app, ["stories", "--db", str(db), "--why", japan[1].id])
    assert why.exit_code == 0 and f"-> story {japan_id}" in why.output
    assert "shared entities" in why.output
    as_json = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    assert {s["articles"] for s in json.loads(as_json.output)} == {2}
    raqqa_id = f"s-{raqqa[0].id}"
    merged = runner.invoke(app, ["merge-stories", raqqa_id, japan_id, "--db", str(db)])
    assert merged.exit_code == 0, merged.output
    split = runner.invoke(app, ["split-story", raqqa_id, japan[0].id, japan[1].id, "--db", str(db)])
    assert split.exit_code == 0 and split.output.strip().startswith("s-")
    unknown = runner.invoke(app, ["stories", "--db", str(db), "--why", "nope"])
    assert unknown.exit_code == 2 and "nope" in unknown.output
    missing = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such store" in " ".join(missing.output.split())


def test_store_at_schema_3_gets_its_story_places_back_when_migrated(tmp_path, japan) -> None:
    db = tmp_path / "v3.db"
    with Store(db) as store:
        store.add(japan)
        places = store.stories()[0].places
    assert places
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE story_articles DROP COLUMN places")  # the schema before step 4
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION == 4
        assert store.stories()[0].places == places
