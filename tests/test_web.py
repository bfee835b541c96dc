"""The web app in process (FastAPI TestClient): every page and API route, errors, safety.

One store is built once for the module by the app's own demo ingest (the real pipeline on the two
Raqqa seeds); tests that write use their own stores.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsfuse.web import create_app, is_loopback  # noqa: E402
from newsfuse.web.app import safe_url  # noqa: E402
from newsfuse.web.highlight import Span, highlight, valid_span  # noqa: E402
from newsfuse.web.ingest import safe_name  # noqa: E402
from newsfuse.web.library import split_snippet  # noqa: E402
from newsfuse.web.server import Binding, binding_for  # noqa: E402

ERROR_KEYS = {"status", "code", "message", "details"}

XSS_TEXT = (
    "Raqqa strike report\n\n"
    "Officials in Raqqa said <script>window.__xss = 1</script> an air strike hit the old city "
    "on Tuesday, killing 12 civilians.\n\n"
    'Witnesses described <img src=x onerror="window.__xss = 2"> heavy smoke over the Syrian '
    "city and said the Syrian Democratic Forces advanced on the western districts.\n\n"
    'A statement linked <a href="javascript:window.__xss = 3">here</a> blamed the Islamic '
    "State group for the fighting near the Tabqa dam.\n"
)


def _wait(client: TestClient, job_url: str) -> dict[str, Any]:
    app = client.app
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    status = app.state.jobs.wait(job_id, timeout=300)  # type: ignore[attr-defined]
    assert status is not None
    body: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
    return body


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[TestClient]:
    """A client over a store holding the demo story, ingested through the demo route."""
    path = tmp_path_factory.mktemp("web") / "demo.db"
    with TestClient(create_app(path)) as client:
        response = client.post("/ingest/demo", follow_redirects=False)
        assert response.status_code == 303
        job = _wait(client, response.headers["location"])
        assert job["state"] == "done", job
        yield client


@pytest.fixture(scope="module")
def story_id(demo: TestClient) -> str:
    stories = demo.get("/api/stories").json()["stories"]
    return str(max(stories, key=lambda s: s["articles"])["id"])


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "empty.db")) as client:
        yield client


def _assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


# ---------------------------------------------------------------------------------- pages


def test_empty_store_offers_the_demo_and_an_upload(empty: TestClient) -> None:
    page = empty.get("/")
    assert page.status_code == 200
    assert "The store is empty" in page.text
    assert 'action="/ingest/demo"' in page.text
    assert 'href="/ingest"' in page.text


@pytest.mark.slow
def test_demo_ingest_puts_both_seeds_in_one_story(demo: TestClient, story_id: str) -> None:
    stories = demo.get("/api/stories").json()["stories"]
    assert sum(s["articles"] for s in stories) == 2
    assert any(s["id"] == story_id and s["articles"] == 2 for s in stories)
    index = demo.get("/")
    assert f'href="/stories/{story_id}"' in index.text


@pytest.mark.slow
def test_job_page_shows_the_finished_job_and_its_story(demo: TestClient, story_id: str) -> None:
    response = demo.post("/ingest/demo", follow_redirects=False)  # re-ingest: already stored
    job = _wait(demo, response.headers["location"])
    assert job["state"] == "done"
    assert job["stories"] and job["stories"][0]["id"] == story_id
    page = demo.get(response.headers["location"])
    assert page.status_code == 200
    assert "already stored" in page.text
    assert f'href="/stories/{story_id}"' in page.text
    assert 'http-equiv="refresh"' not in page.text  # finished jobs stop refreshing


@pytest.mark.slow
def test_story_page_has_every_section_of_the_brief(demo: TestClient, story_id: str) -> None:
    page = demo.get(f"/stories/{story_id}")
    assert page.status_code == 200
    html = page.text
    for section in ("summary", "single", "disagree", "sources", "map-section"):
        assert f'id="{section}"' in html, section
    brief = demo.get(f"/api/stories/{story_id}/brief").json()
    assert brief["title"] in html.replace("&#39;", "'").replace("&amp;", "&")
    if brief["figures"]:
        assert 'id="figures"' in html
    if brief["events"]:
        assert 'id="events"' in html
    if brief["entities"]:
        assert 'id="whos-who"' in html
    if brief["timeline"]:
        assert 'id="timeline"' in html
    assert "/static/leaflet/leaflet.js" in html


@pytest.mark.slow
def test_story_map_data_holds_the_resolved_places(demo: TestClient, story_id: str) -> None:
    html = demo.get(f"/stories/{story_id}").text
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert match, "the story page carries its map data"
    data = json.loads(match.group(1))
    brief = demo.get(f"/api/stories/{story_id}/brief").json()
    placed = [p for p in brief["places"] if p["status"] == "resolved" and p["lat"] is not None]
    places = [f for f in data["features"] if f["properties"]["kind"] == "place"]
    assert len(places) == len(placed)
    assert any("Raqq" in f["properties"]["name"] for f in places)
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


@pytest.mark.slow
def test_citation_opens_the_cited_sentence_highlighted(demo: TestClient, story_id: str) -> None:
    html = demo.get(f"/stories/{story_id}").text
    link = re.search(r'<a class="cite" href="(/articles/[^"]+)"', html)
    assert link, "the summary has citation links"
    url = link.group(1).replace("&amp;", "&")
    article_id = url.split("/articles/", 1)[1].split("?", 1)[0]
    start = int(re.search(r"start=(\d+)", url).group(1))  # type: ignore[union-attr]
    end = int(re.search(r"end=(\d+)", url).group(1))  # type: ignore[union-attr]
    article = demo.get(f"/api/articles/{article_id}").json()
    page = demo.get(url)
    assert page.status_code == 200
    marked = re.search(r'<mark id="cited" tabindex="-1">(.*?)</mark>', page.text, re.S)
    assert marked
    from markupsafe import escape

    assert marked.group(1) == str(escape(article["text"][start:end]))
    assert f'href="/stories/{story_id}"' in page.text  # back to the brief


@pytest.mark.slow
def test_article_page_lists_what_cleaning_removed(demo: TestClient, story_id: str) -> None:
    articles = demo.get(f"/api/articles?story_id={story_id}").json()["articles"]
    full = [demo.get(f"/api/articles/{a['id']}").json() for a in articles]
    with_removed = [a for a in full if a["removed"]]
    assert with_removed, "the dirty seeds lose some lines in cleaning"
    article = with_removed[0]
    page = demo.get(f"/articles/{article['id']}").text
    assert "What cleaning removed" in page
    from markupsafe import escape

    assert str(escape(article["removed"][0]["text"])) in page
    assert "Why it is in this story" in page


@pytest.mark.slow
def test_article_span_outside_the_text_shows_the_whole_text(
    demo: TestClient, story_id: str
) -> None:
    article_id = demo.get(f"/api/articles?story_id={story_id}").json()["articles"][0]["id"]
    page = demo.get(f"/articles/{article_id}?start=5&end=99999999")
    assert page.status_code == 200
    assert "citation points outside" in page.text
    assert "<mark" not in page.text


@pytest.mark.slow
def test_search_finds_articles_and_marks_the_words(demo: TestClient) -> None:
    page = demo.get("/?q=Raqqa")
    assert page.status_code == 200
    assert "<mark>" in page.text.replace("<mark>Raqqa", "<mark>")
    api = demo.get("/api/search", params={"q": "Raqqa"}).json()
    assert len(api["hits"]) == 2
    assert all("Raqqa" in " ".join(h["matches"]) for h in api["hits"])
    none = demo.get("/?q=zzyzxnothing")
    assert "No article matches" in none.text


def test_ingest_page_has_the_form_and_progress_region(empty: TestClient) -> None:
    page = empty.get("/ingest")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'aria-live="polite"' in page.text


def test_api_docs_page_lists_every_api_route(empty: TestClient) -> None:
    schema = empty.get("/api/openapi.json").json()
    page = empty.get("/api/docs").text
    assert len(schema["paths"]) >= 10
    for path in schema["paths"]:
        assert f"{path}</code>" in page.replace("&#123;", "{").replace("&#125;", "}"), path


# ---------------------------------------------------------------------------------- API


@pytest.mark.slow
def test_api_story_brief_entities_and_articles(demo: TestClient, story_id: str) -> None:
    story = demo.get(f"/api/stories/{story_id}").json()
    assert story["id"] == story_id and len(story["articles"]) == 2
    brief = demo.get(f"/api/stories/{story_id}/brief").json()
    assert {"title", "summary", "sources", "entities", "places", "events", "claims"} <= set(brief)
    assert [s["number"] for s in brief["sources"]] == [1, 2]
    entities = demo.get(f"/api/stories/{story_id}/entities").json()["entities"]
    assert [e["name"] for e in entities] == [e["name"] for e in brief["entities"]]
    listed = demo.get("/api/articles", params={"limit": 1}).json()
    assert listed["total"] == 2 and len(listed["articles"]) == 1
    markdown = demo.get(f"/api/stories/{story_id}/brief?format=md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# ")
    standalone = demo.get(f"/api/stories/{story_id}/brief?format=html")
    assert standalone.text.startswith("<!doctype html>")
    assert standalone.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.slow
def test_api_events_as_json_acled_csv_and_geojson(demo: TestClient, story_id: str) -> None:
    events = demo.get(f"/api/stories/{story_id}/events").json()["events"]
    brief = demo.get(f"/api/stories/{story_id}/brief").json()
    assert len(events) == len(brief["events"])
    csv = demo.get(f"/api/stories/{story_id}/events?format=csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    header = csv.text.splitlines()[0]
    assert "event_type" in header and "sub_event_type" in header
    geo = demo.get(f"/api/stories/{story_id}/events?format=geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json()["type"] == "FeatureCollection"


@pytest.mark.slow
def test_health_reports_counts(demo: TestClient) -> None:
    health = demo.get("/api/health").json()
    assert health["status"] == "ok" and health["articles"] == 2 and health["writable"] is True


@pytest.mark.slow
def test_ingest_pasted_text_by_json_and_by_form(tmp_path: Path, nlp: Any) -> None:
    with TestClient(create_app(tmp_path / "paste.db")) as client:
        started = client.post(
            "/api/ingest",
            json={
                "text": "Syrian Democratic Forces entered the old city of Raqqa on Monday, "
                "officials said. At least 20 civilians were killed in air strikes.",
                "title": "SDF enter Raqqa old city",
                "outlet": "Test Wire",
                "published": "2017-07-03",
            },
        )
        assert started.status_code == 202
        assert started.headers["location"] == started.json()["url"]
        job = _wait(client, started.json()["url"])
        assert job["state"] == "done" and len(job["articles"]) == 1
        article = client.get(f"/api/articles/{job['articles'][0]}").json()
        assert (article["title"], article["outlet"]) == ("SDF enter Raqqa old city", "Test Wire")
        assert article["published"] == "2017-07-03"

        html = (
            "<html><head><title>Dam battle</title></head><body><article><p>"
            + ("Fighting continued near the Tabqa dam on the Euphrates river in Syria. " * 8)
            + "</p></article></body></html>"
        )
        form = client.post(
            "/api/ingest",
            files={"files": ("page.html", html.encode(), "text/html")},
        )
        assert form.status_code == 202
        job = _wait(client, form.json()["url"])
        assert job["state"] == "done" and job["stories"], job


@pytest.mark.slow
def test_unreadable_upload_is_reported_by_its_name(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "bad.db")) as client:
        started = client.post(
            "/api/ingest", files={"files": ("photo.txt", b"\x00\x01\x02\xff" * 200, "text/plain")}
        )
        job = _wait(client, started.json()["url"])
        assert job["state"] == "failed"
        assert job["problems"] and job["problems"][0]["item"].startswith("photo.txt")
        assert job["problems"][0]["cause"]


# ------------------------------------------------------------------------------ errors


def test_every_api_error_has_the_same_json_shape(tmp_path: Path) -> None:
    app = create_app(tmp_path / "e.db", token="s3cret", max_upload_bytes=1000)
    with TestClient(app) as client:
        _assert_error(client.get("/api/stories/nope"), 404, "not_found")
        _assert_error(client.get("/api/stories/nope/brief"), 404, "not_found")
        _assert_error(client.get("/api/stories/nope/events?format=csv"), 404, "not_found")
        _assert_error(client.get("/api/articles/nope"), 404, "not_found")
        _assert_error(client.get("/api/jobs/nope"), 404, "not_found")
        _assert_error(client.get("/api/no-such-route"), 404, "not_found")
        bad = _assert_error(client.get("/api/search"), 422, "invalid_request")
        assert bad["details"] and bad["details"][0]["field"] == "query.q"
        _assert_error(client.get("/api/articles?limit=0"), 422, "invalid_request")
        _assert_error(client.get("/api/stories/x/events?format=xml"), 422, "invalid_request")
        _assert_error(client.delete("/api/stories"), 405, "method_not_allowed")
        _assert_error(client.post("/api/ingest", json={"text": "x"}), 401, "unauthorized")
        auth = {"Authorization": "Bearer s3cret"}
        wrong = {"Authorization": "Bearer nope"}
        _assert_error(
            client.post("/api/ingest", json={"text": "x"}, headers=wrong), 403, "forbidden"
        )
        _assert_error(client.post("/api/ingest", data={}, headers=auth), 422, "invalid_request")
        _assert_error(
            client.post("/api/ingest", json={"text": "a", "html": "b"}, headers=auth),
            422,
            "invalid_request",
        )
        _assert_error(
            client.post(
                "/api/ingest",
                content=b"{not json",
                headers={**auth, "content-type": "application/json"},
            ),
            422,
            "invalid_request",
        )
        big = client.post(
            "/api/ingest", files={"files": ("big.txt", b"x" * 5000, "text/plain")}, headers=auth
        )
        too_large = _assert_error(big, 413, "payload_too_large")
        assert "1,000 bytes" in too_large["message"]


def test_streamed_body_over_the_limit_is_refused(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.db", max_upload_bytes=1000)) as client:
        chunks = (b"x" * 400 for _ in range(5))  # no Content-Length: counted as it streams
        response = client.post(
            "/api/ingest", content=chunks, headers={"content-type": "application/json"}
        )
        _assert_error(response, 413, "payload_too_large")


def test_pages_answer_errors_with_an_html_page(empty: TestClient) -> None:
    page = empty.get("/stories/does-not-exist")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no story with id" in page.text
    assert empty.get("/articles/nope").status_code == 404
    bad = empty.get("/articles/x?start=-4")
    assert bad.status_code == 422 and "query.start" in bad.text


# ------------------------------------------------------------------------------ safety


def test_read_only_server_refuses_ingest(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "ro.db", writable=False)) as client:
        error = _assert_error(client.post("/api/ingest", json={"text": "x"}), 403, "forbidden")
        assert "--token" in error["message"]
        form = client.post("/ingest/demo", follow_redirects=False)
        assert form.status_code == 403
        assert "read-only" in client.get("/ingest").text


def test_cross_origin_writes_are_refused(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "co.db")) as client:
        error = _assert_error(
            client.post(
                "/api/ingest", json={"text": "x"}, headers={"Origin": "https://evil.example"}
            ),
            403,
            "forbidden",
        )
        assert "cross-origin" in error["message"]
        for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            refused = client.post("/api/ingest", json={"text": "x"}, headers=headers)
            _assert_error(refused, 403, "forbidden")
        same = client.post(
            "/api/ingest", json={"text": ""}, headers={"Origin": "http://testserver"}
        )
        assert same.status_code == 422  # passed the origin check, then found nothing to ingest


@pytest.mark.slow
def test_token_form_field_allows_a_form_write(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "t.db", token="abc")) as client:
        assert client.post("/ingest/demo", follow_redirects=False).status_code == 401
        ok = client.post("/ingest/demo", data={"token": "abc"}, follow_redirects=False)
        assert ok.status_code == 303
        client.app.state.jobs.wait(ok.headers["location"].rsplit("/", 1)[1], 300)  # type: ignore[attr-defined]


def test_host_header_is_checked_when_hosts_are_restricted(tmp_path: Path) -> None:
    app = create_app(tmp_path / "h.db", allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/api/health").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as client:
        assert client.get("/api/health").status_code == 400


def test_security_headers_forbid_inline_script(empty: TestClient) -> None:
    for url in ("/", "/api/stories", "/static/style.css"):
        headers = empty.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.slow
def test_script_and_javascript_links_in_an_article_are_escaped(tmp_path: Path, nlp: Any) -> None:
    with TestClient(create_app(tmp_path / "x.db")) as client:
        started = client.post(
            "/api/ingest",
            json={
                "text": XSS_TEXT,
                "title": '<img src=x onerror="window.__xss=4">',
                "url": "javascript:window.__xss=5",
            },
        )
        job = _wait(client, started.json()["url"])
        assert job["state"] == "done", job
        article_id = job["articles"][0]
        pages = [client.get(f"/articles/{article_id}?start=0&end=40").text, client.get("/").text]
        pages += [client.get(f"/stories/{s['id']}").text for s in job["stories"]]
        pages.append(client.get("/?q=Raqqa").text)
        for html in pages:
            assert "<script>window" not in html
            assert "<img src=x" not in html
            assert 'href="javascript:' not in html
            assert 'onerror="window' not in html
        article_page = client.get(f"/articles/{article_id}").text
        assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article_page
        assert "(not a web address: not linked)" in article_page


def test_leaflet_and_the_offline_base_map_are_served(empty: TestClient) -> None:
    js = empty.get("/static/leaflet/leaflet.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert empty.get("/static/leaflet/leaflet.css").status_code == 200
    world = empty.get("/static/world.geojson", headers={"Accept-Encoding": "gzip"})
    assert world.status_code == 200
    data = world.json()
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Syria", "Iraq", "Turkey"} <= names and len(names) > 200


def test_importing_newsfuse_does_not_import_the_web_stack() -> None:
    code = "import sys, newsfuse; print('fastapi' in sys.modules, 'starlette' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ------------------------------------------------------------------------------ helpers


def test_highlight_escapes_text_and_marks_only_the_span() -> None:
    text = "a <b>bold</b> & <script>x()</script> end"
    marked = str(highlight(text, valid_span(text, 2, 13)))
    assert marked == (
        'a <mark id="cited" tabindex="-1">&lt;b&gt;bold&lt;/b&gt;</mark> &amp; '
        "&lt;script&gt;x()&lt;/script&gt; end"
    )
    assert valid_span(text, 5, 2) is None and valid_span(text, 0, 999) is None
    assert valid_span(text, 0, len(text)) == Span(0, len(text))


def test_search_snippets_split_into_plain_and_matched_parts() -> None:
    parts = split_snippet("the [Raqqa] <b>offensive</b> [began]", "[", "]")
    assert parts == (
        ("the ", False),
        ("Raqqa", True),
        (" <b>offensive</b> ", False),
        ("began", True),
    )


def test_uploaded_names_cannot_escape_the_upload_folder() -> None:
    assert safe_name("../../etc/passwd", 1) == "001-passwd"
    assert safe_name("C:\\Users\\x\\report 1.html", 2) == "002-report_1.html"
    assert safe_name("..", 3) == "003-upload"


def test_only_web_addresses_are_linked() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JAVASCRIPT:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("//evil.example") is None


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.3.2.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org")


def test_binding_beyond_localhost_is_read_only_without_a_token() -> None:
    local = binding_for("127.0.0.1", None)
    assert local.writable and local.allowed_hosts and "localhost" in local.allowed_hosts
    assert binding_for("0.0.0.0", None) == Binding(False, None)
    assert binding_for("0.0.0.0", "tok") == Binding(True, None)


def test_serve_command_starts_the_server_on_localhost(tmp_path: Path) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "served.db"
    command = [sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        assert health is not None, "the server did not answer"
        assert health["writable"] is True and health["stories"] == 0 and db.exists()
        foreign = httpx.get(
            f"http://127.0.0.1:{port}/api/health", headers={"Host": "evil.example"}, timeout=5
        )
        assert foreign.status_code == 400  # DNS rebinding: a foreign Host name is refused
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_form_post_without_javascript_lands_on_the_job_page(tmp_path: Path, nlp: Any) -> None:
    with TestClient(create_app(tmp_path / "form.db")) as client:
        response = client.post(
            "/ingest",
            data={
                "content": "Fighting continued near the Tabqa dam on the Euphrates river in Syria "
                "on Sunday, a spokesman for the Syrian Democratic Forces said.",
                "kind": "text",
                "outlet": "Form Wire",
            },
            files={"files": ("notes.txt", b"", "text/plain")},  # an empty file field is ignored
            follow_redirects=False,
        )
        assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
        job = _wait(client, response.headers["location"])
        assert job["state"] == "done" and job["items"] == 1
        page = client.get(response.headers["location"]).text
        assert "done: 1 article(s) added" in page
        empty = client.post("/ingest", data={"content": "  "}, follow_redirects=False)
        assert empty.status_code == 422 and "nothing to ingest" in empty.text


@pytest.mark.slow
def test_reader_can_split_and_merge_stories(tmp_path: Path, nlp: Any, seed_paths: Any) -> None:
    from newsfuse.annotate import annotate
    from newsfuse.read import read
    from newsfuse.store import Store

    path = tmp_path / "fix.db"
    with Store(path) as store:
        result = store.add(annotate(list(read(seed_paths))))
    (story_id,) = result.stories
    with TestClient(create_app(path, token="tok")) as client:
        auth = {"Authorization": "Bearer tok"}
        page = client.get(f"/stories/{story_id}/grouping")
        assert page.status_code == 200 and page.text.count("Move to a new story") == 2
        moved = result.added[1]
        _assert_error(
            client.post(f"/api/stories/{story_id}/split", json={"articles": [moved]}),
            401,
            "unauthorized",
        )
        _assert_error(
            client.post(f"/api/stories/{story_id}/split", json={"articles": ["x"]}, headers=auth),
            422,
            "invalid_request",
        )
        split = client.post(
            f"/api/stories/{story_id}/split", json={"articles": [moved]}, headers=auth
        )
        assert split.status_code == 201
        new_id = split.json()["story"]["id"]
        assert split.json()["story"]["articles"] == 1 and split.json()["from"]["articles"] == 1
        assert client.get(f"/api/articles/{moved}").json()["story_id"] == new_id
        merged = client.post(
            f"/stories/{story_id}/merge",
            data={"other": new_id, "token": "tok"},
            follow_redirects=False,
        )
        assert merged.status_code == 303 and merged.headers["location"] == f"/stories/{story_id}"
        stories = client.get("/api/stories").json()["stories"]
        assert [(s["id"], s["articles"]) for s in stories] == [(story_id, 2)]
        _assert_error(
            client.post(f"/api/stories/{story_id}/merge", json={"other": story_id}, headers=auth),
            422,
            "invalid_request",
        )


def test_story_page_escapes_every_field_of_a_hostile_brief(empty: TestClient) -> None:
    """Markup in any field of a brief (titles, outlets, place names in the map's JSON, claims)
    reaches the page as text only."""
    from newsfuse.models import Brief, Citation, Claim, Place, Source, SummarySentence
    from newsfuse.web import views

    evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    cite = Citation("a1", 0, 5, evil)
    brief = Brief(
        title=evil,
        summary=(SummarySentence(text=evil, sources=("a1",), citations=(cite,)),),
        sources=(Source(id="a1", number=1, outlet=evil, url="javascript:alert(3)"),),
        places=(
            Place(
                name=evil, start=0, end=5, resolved=evil, lat=35.95, lon=39.01, status="resolved"
            ),
        ),
        claims=(Claim(id="c1", text=evil, kind="fact", status="conflicting", citations=(cite,)),),
    )
    template = empty.app.state.templates.get_template("story.html")  # type: ignore[attr-defined]
    html = template.render(view=views.story_view("s1", brief))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    data = re.search(r'id="map-data">(.*?)</script>', html, re.S)
    assert data and json.loads(data.group(1))["features"][0]["properties"]["name"] == evil
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
