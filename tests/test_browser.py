"""End to end in headless Debian Chromium (Playwright) against the real server (uvicorn).

The server runs in a thread on 127.0.0.1 and a free port over a fresh store; the browser may
reach nothing else (any other request fails the test: the pages work offline). Screenshots of
the main pages go to ``test-artifacts/``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

THIRD_REPORT = """Kurdish-led fighters push into Raqqa

Fighters of the Syrian Democratic Forces (SDF), backed by US-led coalition air strikes, pushed \
into the eastern and western districts of Raqqa on Tuesday, the first day of the offensive on \
the Islamic State group's self-declared capital in Syria.

SDF spokesman Talal Sillo said the alliance of Kurdish and Arab fighters had begun the battle \
to liberate the city from ISIS, which seized Raqqa in 2014.

The fighters advanced from the north, east and west of Raqqa, on the northern bank of the \
Euphrates river, while coalition warplanes struck ISIS positions inside the city.

Residents said at least 21 civilians were killed in air strikes near Raqqa on Monday evening, \
a higher toll than the one given by the Syrian state news agency SANA.

Turkey has opposed the role of the Kurdish YPG militia in the Raqqa offensive.
"""

XSS_REPORT = (
    "Officials in Raqqa said <script>window.__xss = 1; alert('xss')</script> an air strike hit "
    "the old city of Raqqa on Tuesday, killing 12 civilians.\n\n"
    'Witnesses described <img src=x onerror="window.__xss = 2; alert(2)"> heavy smoke over the '
    "Syrian city of Raqqa as the Syrian Democratic Forces advanced on its western districts.\n\n"
    'A statement linked <a id="evil" href="javascript:window.__xss = 3">here</a> blamed the '
    "Islamic State group for the fighting in Raqqa near the Euphrates river.\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[str]:
    """The real app under uvicorn on 127.0.0.1 over an empty store; yields its base URL."""
    import uvicorn

    from newsfuse.web import create_app

    path = tmp_path_factory.mktemp("browser") / "store.db"
    port = _free_port()
    app = create_app(path, allowed_hosts=["127.0.0.1"])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="newsfuse-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did wrong: script errors, console errors, requests beyond the server,
    dialogs (an ``alert`` from injected script would land here)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []

    def check(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.outside, f"requests left the server: {self.outside}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch()

    def route(r: Any) -> None:
        if r.request.url.startswith(server):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_default_timeout(30_000)
    yield page, watch
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _demo_story(server: str, page: Any) -> str:
    """The demo story's id, loading the demo through the API if a test before did not."""
    stories = page.request.get(f"{server}/api/stories").json()["stories"]
    if not stories:
        job = page.request.post(f"{server}/ingest/demo", max_redirects=0)
        assert job.status == 303
        _wait_job(page, server, job.headers["location"].rsplit("/", 1)[1])
        stories = page.request.get(f"{server}/api/stories").json()["stories"]
    return str(max(stories, key=lambda s: s["articles"])["id"])


def _wait_job(page: Any, server: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job: dict[str, Any] = page.request.get(f"{server}/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish")


def test_empty_store_loads_the_demo_and_opens_its_story(
    page: tuple[Any, Watch], server: str
) -> None:
    tab, watch = page
    tab.goto(server + "/")
    assert tab.get_by_role("heading", name="The store is empty").is_visible()
    _shot(tab, "01-empty-store")
    tab.get_by_role("button", name="Load the demo articles").first.click()
    tab.wait_for_url("**/jobs/**")
    story_link = tab.locator("main a[href^='/stories/']").first
    story_link.wait_for(timeout=300_000)  # the job page refreshes itself until the job ends
    _shot(tab, "02-job-done")
    story_link.click()
    tab.wait_for_url("**/stories/**")
    assert tab.locator("h1").inner_text()
    assert tab.locator("#summary li").count() > 0
    watch.check()


def test_citation_click_shows_the_source_sentence_highlighted(
    page: tuple[Any, Watch], server: str
) -> None:
    tab, watch = page
    story_id = _demo_story(server, tab)
    tab.goto(f"{server}/stories/{story_id}")
    _shot(tab, "03-story")
    cite = tab.locator("#summary a.cite").first
    cited_text = cite.get_attribute("title") or ""
    cite.click()
    tab.wait_for_url("**/articles/**")
    mark = tab.locator("mark#cited")
    assert mark.is_visible()
    sentence = mark.inner_text().strip()
    assert sentence and sentence in cited_text
    assert mark.evaluate("el => el.getBoundingClientRect().top") < 900  # scrolled into view
    _shot(tab, "04-article-cited")
    assert tab.get_by_role("heading", name="What cleaning removed").is_visible()
    watch.check()


def test_story_map_shows_markers_over_the_offline_base_map(
    page: tuple[Any, Watch], server: str
) -> None:
    tab, watch = page
    story_id = _demo_story(server, tab)
    tab.goto(f"{server}/stories/{story_id}#map-section")
    tab.wait_for_selector("#map[data-basemap='loaded']")
    markers = tab.locator("#map path.nf-marker")
    assert markers.count() >= 1
    assert tab.locator("#map .leaflet-countries-pane path, #map path").count() > markers.count()
    markers.first.click(force=True)
    popup = tab.locator(".leaflet-popup-content .map-popup")
    popup.wait_for()
    assert popup.inner_text().strip()
    tab.locator("#map").screenshot(path=str(ARTIFACTS / "05-map.png"))
    watch.check()


def test_uploaded_article_joins_the_demo_story(
    page: tuple[Any, Watch], server: str, tmp_path: Path
) -> None:
    tab, watch = page
    story_id = _demo_story(server, tab)
    before = tab.request.get(f"{server}/api/stories/{story_id}").json()
    upload = tmp_path / "third-report.txt"
    upload.write_text(THIRD_REPORT, encoding="utf-8")
    tab.goto(f"{server}/ingest")
    tab.set_input_files("#files", str(upload))
    tab.get_by_role("button", name="Add", exact=True).click()
    joined = tab.locator("#progress-stories a")
    joined.first.wait_for(timeout=300_000)
    assert tab.locator("#progress-bar").get_attribute("value") == "100"
    _shot(tab, "06-upload-done")
    assert joined.first.get_attribute("href") == f"/stories/{story_id}"
    joined.first.click()
    tab.wait_for_url(f"**/stories/{story_id}")
    sources = tab.locator("#sources ol.sources > li")
    assert sources.count() == len(before["articles"]) + 1
    watch.check()


def test_script_in_an_article_never_runs(page: tuple[Any, Watch], server: str) -> None:
    tab, watch = page
    tab.goto(f"{server}/ingest")
    tab.fill("#content", XSS_REPORT)
    tab.fill("#title", '<img src=x onerror="window.__xss = 4">Raqqa <script>alert(5)</script>')
    tab.fill("#url", "https://example.org/raqqa")
    tab.get_by_role("button", name="Add", exact=True).click()
    tab.locator("#progress-stories a").first.wait_for(timeout=300_000)
    job_state = tab.locator("#ingest-form").get_attribute("data-state")
    assert job_state == "done"
    hits = tab.request.get(f"{server}/api/search?q=heavy+smoke").json()["hits"]
    article_id = hits[0]["article_id"]
    for url in (
        f"{server}/articles/{article_id}?start=0&end=60",
        f"{server}/?q=smoke",
        f"{server}/",
    ):
        tab.goto(url)
        assert tab.evaluate("typeof window.__xss") == "undefined", url
    tab.goto(f"{server}/articles/{article_id}")
    text = tab.locator(".article-text").inner_text()
    assert "<script>window.__xss = 1; alert('xss')</script>" in text  # shown, as text
    assert tab.locator(".article-text script, .article-text img, #evil").count() == 0
    assert tab.locator("h1").inner_text().startswith("<img src=x")
    story = tab.request.get(f"{server}/api/articles/{article_id}").json()["story_id"]
    tab.goto(f"{server}/stories/{story}")
    assert tab.evaluate("typeof window.__xss") == "undefined"
    assert tab.locator("main script:not([type='application/json'])").count() == 0
    _shot(tab, "07-xss-article-story")
    watch.check()


def test_main_pages_render_without_errors(page: tuple[Any, Watch], server: str) -> None:
    tab, watch = page
    _demo_story(server, tab)
    for name, path in (("08-stories", "/"), ("09-ingest", "/ingest"), ("10-api-docs", "/api/docs")):
        tab.goto(server + path)
        assert tab.locator("h1").count() == 1
        _shot(tab, name)
    tab.goto(server + "/?q=Raqqa")
    assert tab.locator(".hits mark").count() > 0
    _shot(tab, "11-search")
    watch.check()
    tab.goto(server + "/stories/missing")  # a 404 (the console notes it: not checked)
    assert "no story with id" in tab.locator(".error-message").inner_text()


def test_main_pages_pass_the_axe_accessibility_checks(page: tuple[Any, Watch], server: str) -> None:
    """WCAG 2.1 A and AA rules of axe-core (shipped in the axe-playwright-python package)."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    tab, watch = page
    story_id = _demo_story(server, tab)
    article_id = tab.request.get(f"{server}/api/articles?limit=1").json()["articles"][0]["id"]
    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    for path in (
        "/",
        f"/stories/{story_id}",
        f"/stories/{story_id}/grouping",
        f"/articles/{article_id}?start=0&end=80",
        "/ingest",
        "/api/docs",
        "/?q=Raqqa",
    ):
        tab.goto(server + path)
        found = axe_module.Axe().run(tab, options=rules).response["violations"]
        problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]
        assert not problems, f"{path}: {problems}"
    watch.check()
