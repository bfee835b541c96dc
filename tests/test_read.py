"""Reading: every input format from real files the tests write, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsfuse.errors import EmptyInput, UsageError
from newsfuse.language import detect_language
from newsfuse.models import Article, Problem, article_id_for
from newsfuse.read import ReadOptions, ReadResult, extract_html, iter_read, read

BODY = [
    "Syrian Democratic Forces began an assault on the northern district of the city on Tuesday, "
    "a spokesman said.",
    "The fighting displaced thousands of families who fled toward camps east of the river, aid "
    "groups reported.",
    "Coalition aircraft carried out 17 strikes near the city overnight, the coalition said in a "
    "statement on Wednesday.",
    "Residents described heavy shelling and said food and water were running short in several "
    "neighbourhoods.",
]
GERMAN = (
    "Die Kämpfe um die Stadt dauerten am Dienstag an. Tausende Familien flohen nach Angaben von "
    "Hilfsorganisationen in Lager östlich des Flusses. Die Koalition flog in der Nacht 17 Angriffe."
)


def page(title: str = "Offensive on Raqqa begins", *, site: str = "Example News") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2017-06-06T10:00:00Z">'
        '<link rel="canonical" href="https://example.com/raqqa-offensive"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{paragraphs}<figure><img src='x.jpg'><figcaption>A fighter "
        "holds position in the old city. (Photo: AFP)</figcaption></figure></article>"
        "<footer>Copyright 2017 Example News. All rights reserved.</footer></body></html>"
    )


def body_text() -> str:
    return "\n\n".join(BODY)


def only(result: ReadResult) -> Article:
    assert result.problems == []
    assert len(result) == 1
    return result[0]


# --------------------------------------------------------------------------------------------
# Formats


def test_plain_text_file_is_one_cleaned_article_with_a_content_hash_id(tmp_path: Path) -> None:
    raw = f"CNN —\n\n{body_text()}\n\nCNN’s Jane Doe contributed to this report."
    path = tmp_path / "report.txt"
    path.write_text(raw, encoding="utf-8")
    article = only(read(path))
    assert article.text == body_text()
    assert article.id == article_id_for(raw)
    assert article.outlet == "CNN"
    assert article.language == "en"
    assert article.cleaned
    assert article.path == str(path)
    assert [r.reason for r in article.removed] == ["dateline", "contributor"]


def test_reading_the_same_file_twice_gives_the_same_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(body_text(), encoding="utf-8")
    assert only(read(path)).id == only(read(str(path))).id


def test_html_page_gives_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    article = only(read(path))
    assert article.text == body_text()
    assert article.title == "Offensive on Raqqa begins"
    assert article.outlet == "Example News"
    assert article.author == "Jane Doe"
    assert article.published is not None and article.published.isoformat() == "2017-06-06"
    assert article.url == "https://example.com/raqqa-offensive"
    assert "Home" not in article.text and "Copyright" not in article.text
    assert "holds position" not in article.text


def test_extract_html_takes_bytes_and_a_url() -> None:
    article = extract_html(page().encode("utf-8"), url="https://example.com/x")
    assert article.text == body_text()
    assert article.cleaned and article.language == "en"


def test_extract_html_raises_empty_input_for_a_page_without_an_article() -> None:
    with pytest.raises(EmptyInput, match="no article text"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_jsonl_records_use_the_default_columns_and_keep_given_ids(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a1",
            "content": body_text(),
            "title": "T1",
            "source": "Reuters",
            "dct": "2017-06-06",
        },
        {"body": BODY[0] + " " + BODY[1], "url": "https://example.com/2", "author": "J. Doe"},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.title, first.outlet, str(first.published)) == (
        "a1",
        "T1",
        "Reuters",
        "2017-06-06",
    )
    assert first.path == f"{path}#1"
    assert second.id == article_id_for(rows[1]["body"])
    assert (second.url, second.author, second.path) == (
        "https://example.com/2",
        "J. Doe",
        f"{path}#2",
    )


def test_malformed_jsonl_line_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    good = json.dumps({"text": body_text()})
    path.write_text(f'{good}\n{{"text": "broken\n{good.replace("city", "town")}\n', "utf-8")
    result = read(path)
    assert len(result) == 2
    assert [(p.item, p.kind) for p in result.problems] == [(f"{path}#2", "failed")]
    assert "malformed JSON" in result.problems[0].cause


def test_jsonl_record_without_text_is_skipped_with_the_columns_it_looked_for(
    tmp_path: Path,
) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"title": "only a title"}) + "\n", encoding="utf-8")
    result = read(path)
    assert list(result) == []
    problem = result.problems[0]
    assert problem.kind == "skipped" and "text, content, body, article" in problem.cause


def test_multinews_style_jsonl_gives_one_article_per_document(tmp_path: Path) -> None:
    path = tmp_path / "clusters.jsonl"
    path.write_text(json.dumps({"id": "c1", "documents": [BODY[0], BODY[1]]}), encoding="utf-8")
    result = read(path)
    assert [a.path for a in result] == [f"{path}#1.1", f"{path}#1.2"]
    assert [a.text for a in result] == [BODY[0], BODY[1]]


def test_csv_with_configured_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        'story,headline,publisher\n"' + body_text().replace('"', '""') + '",Raqqa,AFP\n',
        encoding="utf-8",
    )
    options = ReadOptions(
        text_fields=("story",), title_fields=("headline",), outlet_fields=("publisher",)
    )
    article = only(read(path, options=options))
    assert (article.text, article.title, article.outlet) == (body_text(), "Raqqa", "AFP")
    assert article.path == f"{path}#2"


def test_csv_without_a_text_column_fails_with_the_header_it_found(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("story,headline\nsome text,Raqqa\n", encoding="utf-8")
    result = read(path, format="csv")
    assert list(result) == []
    assert "no text column" in result.problems[0].cause
    assert "story, headline" in result.problems[0].cause


def test_multinews_bundle_is_split_on_the_separator(tmp_path: Path) -> None:
    path = tmp_path / "bundle.txt"
    path.write_text(f"{BODY[0]}\n|||||\n{BODY[1]}\n||||| \n{BODY[2]}", encoding="utf-8")
    result = read(path)
    assert [a.text for a in result] == BODY[:3]
    assert [a.path for a in result] == [f"{path}#1", f"{path}#2", f"{path}#3"]


def test_rss_feed_entries_with_full_content_are_articles(tmp_path: Path) -> None:
    content = "".join(f"<p>{p}</p>" for p in BODY)
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Example Wire</title><link>https://example.com</link>"
        "<item><title>Raqqa offensive</title><link>https://example.com/1</link>"
        "<pubDate>Tue, 06 Jun 2017 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    article = only(read(path))
    assert article.text == body_text()
    assert (article.title, article.outlet, article.url) == (
        "Raqqa offensive",
        "Example Wire",
        "https://example.com/1",
    )
    assert article.published is not None and article.published.isoformat() == "2017-06-06"


def test_atom_entry_with_a_teaser_takes_the_linked_html_file_given_alongside(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example Wire</title>'
        '<entry><title>Raqqa offensive</title><link href="https://example.com/raqqa-offensive"/>'
        "<updated>2017-06-06T10:00:00Z</updated><summary>Fighting began.</summary></entry>"
        '<entry><title>Other</title><link href="https://example.com/other"/>'
        "<updated>2017-06-07T10:00:00Z</updated><summary>Short.</summary></entry></feed>",
        encoding="utf-8",
    )
    html = tmp_path / "raqqa-offensive.html"
    html.write_text(page(site=""), encoding="utf-8")
    result = read([feed, html])
    article = only(ReadResult(result))
    assert article.text == body_text()
    assert article.outlet == "Example Wire"
    assert [(p.item, p.kind) for p in result.problems] == [(f"{feed}#2", "skipped")]
    assert "was not given as an HTML file" in result.problems[0].cause


def test_feed_that_is_not_xml_is_a_clear_failure(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text("this is not a feed at all, just words\n", encoding="utf-8")
    result = read(path, format="feed")
    assert list(result) == []
    assert result.problems[0].kind == "failed"
    assert "not a valid RSS/Atom feed" in result.problems[0].cause


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> list[int]:
    """Write a gzipped WARC of HTTP responses; returns where each record starts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    starts = []
    for url, content_type, body in pages:
        starts.append(buffer.tell())
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return starts


def test_warc_html_responses_become_articles_with_their_urls(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("https://example.com/a", "text/html; charset=utf-8", page("A")),
            ("https://example.com/logo.png", "image/png", "PNG"),
            ("https://example.com/b", "text/html", page("B")),
        ],
    )
    result = read(path)
    assert result.problems == []
    assert [(a.url, a.title, a.path) for a in result] == [
        ("https://example.com/a", "A", f"{path}#1"),
        ("https://example.com/b", "B", f"{path}#2"),
    ]


def test_warc_with_a_corrupt_record_keeps_the_records_before_it(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://example.com/{i}", "text/html", page()) for i in "abc"]
    starts = _warc(path, pages)
    data = bytearray(path.read_bytes())
    data[starts[1] : starts[1] + 40] = b"\x00" * 40  # the second record's gzip header
    path.write_bytes(bytes(data))
    result = read(path)
    assert [a.url for a in result] == ["https://example.com/a"]
    # Record ids are random, so the bytes after the broken header differ from run to run:
    # warcio may first yield what is left of record 2 (then skipped as empty) before it gives up.
    assert result.problems
    assert all(p.item in (f"{path}#2", f"{path}#3") for p in result.problems)
    assert any("corrupt WARC record" in p.cause for p in result.problems)


def test_gzip_is_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page().encode("utf-8")))
    assert only(read(path)).text == body_text()


def test_directories_and_globs_are_expanded(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for i, name in enumerate(["a.txt", "b.txt", "sub/c.txt"]):
        (tmp_path / name).write_text(BODY[i], encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY[3], encoding="utf-8")
    assert [a.text for a in read(tmp_path)] == BODY[:3]
    assert [a.text for a in read(str(tmp_path / "*.txt"))] == BODY[:2]


def test_format_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(page(), encoding="utf-8")
    assert only(read(path, format="html")).text == body_text()
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        read(path, format="pdf")


# --------------------------------------------------------------------------------------------
# Bad input: one clear problem per item, the batch goes on


def test_bad_items_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(body_text(), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    truncated = tmp_path / "cut.txt.gz"
    truncated.write_bytes(gzip.compress(body_text().encode("utf-8") * 50)[:-40])
    missing = tmp_path / "nope.txt"
    result = read([empty, binary, truncated, missing, good])
    assert [a.path for a in result] == [str(good)]
    causes = {Path(p.item).name: (p.kind, p.cause) for p in result.problems}
    assert causes["empty.txt"] == ("skipped", "the file is empty")
    assert causes["blob.txt"][0] == "failed" and "binary" in causes["blob.txt"][1]
    assert causes["cut.txt.gz"][0] == "failed" and "truncated gzip" in causes["cut.txt.gz"][1]
    assert causes["nope.txt"] == ("failed", "no such file or directory")


def test_iter_read_yields_problems_instead_of_raising(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(body_text(), encoding="utf-8")
    items = list(iter_read([tmp_path / "missing.txt", good]))
    assert isinstance(items[0], Problem) and isinstance(items[1], Article)


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.truncate(50 * 2**20 + 1)  # sparse: 50 MB + 1 byte on paper, nothing written
    result = read(path)
    assert list(result) == []
    assert result.problems[0].kind == "failed"
    assert "over the 50 MB limit" in result.problems[0].cause


def test_gzip_that_inflates_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 600_000))
    result = read(path, options=ReadOptions(max_bytes=1_000_000))
    assert "limit" in result.problems[0].cause


def test_page_with_no_article_is_a_skip_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a><a href='/a'>World</a></nav></body></html>",
        encoding="utf-8",
    )
    result = read(path)
    assert list(result) == []
    assert result.problems[0].kind == "skipped"
    assert "no article text" in result.problems[0].cause


def test_broken_html_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    html = page().replace("</p>", "").replace("</article>", "")[:-300] + "<div><p><b><i"
    path.write_text(html, encoding="utf-8")
    article = only(read(path))
    assert BODY[0] in article.text


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = "The café’s owner said “twelve” people were hurt – police confirmed it."
    path.write_bytes(text.encode("cp1252"))
    assert only(read(path)).text == text


def test_latin1_page_declared_as_utf8_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page().replace("neighbourhoods", "quartiers à Raqqa").encode("latin-1"))
    assert "quartiers à Raqqa" in only(read(path)).text


def test_mixed_encodings_in_one_file_are_decoded_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    first = "Officials in Düsseldorf said the victim was 32.".encode()
    second = "A café owner in Besançon saw the car drive away.".encode("cp1252")
    path.write_bytes(first + b"\n\n" + second)
    assert only(read(path)).text == (
        "Officials in Düsseldorf said the victim was 32.\n\n"
        "A café owner in Besançon saw the car drive away."
    )


# --------------------------------------------------------------------------------------------
# Language


def test_non_english_articles_are_kept_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    article = only(read(path))
    assert article.language == "de"
    assert "language:de" in article.notes


def test_detect_language_handles_short_and_empty_text() -> None:
    assert detect_language(body_text()) == "en"
    assert detect_language(GERMAN) == "de"
    assert detect_language("12 34") == "und"
    assert detect_language("") == "und"
