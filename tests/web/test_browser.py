"""The UI in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A uvicorn server runs in a thread on a free loopback port over a SQLite
corpus. Scenarios: paste and analyse an article, see highlights, hover for a
tooltip, toggle layers, read a stored analysed article with nested
techniques, open the dashboard plots, log in to a token-protected server,
and open hostile articles without anything executing. Every page also
records Content-Security-Policy violations, which must stay empty: the UI
itself must not need inline script or style.

Skipped when Chromium is missing, unless ``PRESSLENS_REQUIRE_BROWSER=1``.
Screenshots go to ``PRESSLENS_SCREENSHOTS`` (a folder) when it is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import XSS_TEXT, corpus, ingest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "browser-test-token-123"
#: Runs before any page script: trips on any dialog or injected code, records CSP violations.
TRIPWIRE = """
window.__dialogs = [];
window.alert = function (m) { window.__dialogs.push(String(m)); };
window.confirm = window.prompt = window.alert;
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn serving one app in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("PRESSLENS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} missing but PRESSLENS_REQUIRE_BROWSER=1; "
                        "run .ci/chromium.sh")
        pytest.skip(f"{CHROMIUM} not installed (run .ci/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from presslens.web import create_app

    db = str(tmp_path_factory.mktemp("browser") / "corpus.db")
    ingest(db, corpus())
    with Server(create_app(db, "")) as server:
        yield server.url


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRIPWIRE)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(60_000)
    yield pg
    assert dialogs == [], f"a dialog opened: {dialogs}"
    context.close()


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("PRESSLENS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def assert_clean(page: Any) -> None:
    """Nothing injected ran and the page itself broke no CSP rule."""
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__dialogs") == []
    assert page.evaluate("window.__csp") == []
    assert page.locator("img").count() == 0
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.src)")
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["app.js"]


def style(page: Any, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(
        selector, "(el, p) => getComputedStyle(el).getPropertyValue(p)", prop))


def test_paste_analyse_hover_and_toggle(page: Any, site: str) -> None:
    text = "Angela Merkel met the press in Berlin on Monday.\nShe left for Paris."
    page.goto(site + "/")
    page.fill("#text", text)
    page.fill("#title", "A visit")
    page.click("#analyze-button")
    page.wait_for_selector("#article-text")
    assert page.inner_text("#article-title") == "A visit"
    assert page.eval_on_selector("#article-text", "el => el.textContent") == text
    berlin = page.locator("#article-text mark.seg", has_text="Berlin")
    assert berlin.count() == 1
    green = style(page, "#article-text mark.ent-place", "color")
    assert green == "rgb(43, 122, 11)"
    berlin.hover()
    page.wait_for_selector("#tooltip:not([hidden])")
    # other installed layers (claims, actors) may add lines of their own
    assert page.inner_text("#tooltip").split("\n")[-1].startswith("Entity: place (GPE)")
    screenshot(page, "analyse")

    page.uncheck("#toggle-entities")
    assert "show-entities" not in (page.get_attribute("#article-text", "class") or "")
    assert style(page, "#article-text mark.ent-place", "color") != green
    berlin.hover()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_hidden() or "Entity:" not in tooltip.inner_text()
    page.check("#toggle-entities")
    assert style(page, "#article-text mark.ent-place", "color") == green
    assert_clean(page)


def test_stored_article_nested_techniques(page: Any, site: str) -> None:
    page.goto(site + "/articles/dp1")
    screenshot(page, "article")
    page.goto(site + "/articles/dp2")
    falls = page.locator("#article-text mark.tech-multi")
    assert falls.count() == 1 and falls.inner_text() == "the nation falls"
    falls.hover()
    page.wait_for_selector("#tooltip:not([hidden])")
    assert page.inner_text("#tooltip").split("\n") == [
        "False_Dilemma-No_Choice (Simplification), score 0.90",
        "Appeal_to_Fear-Prejudice (Justification), score 0.90",
    ]
    first = "#article-text mark.cat-simplification"
    coloured = style(page, first, "background-color")
    assert coloured not in ("rgba(0, 0, 0, 0)", "transparent")
    cue = "#article-text mark.attr-cue"
    assert style(page, cue, "font-weight") == "700"
    page.uncheck("#toggle-techniques")
    assert style(page, first, "background-color") == "rgba(0, 0, 0, 0)"
    falls.hover()
    assert "False_Dilemma" not in page.inner_text("#tooltip")
    page.uncheck("#toggle-attributions")
    assert style(page, cue, "font-weight") == "400"
    assert page.locator("#panel-sources").inner_text().count("official") >= 1
    assert "not available" in page.inner_text("#toggle-label-entities")
    assert_clean(page)


def test_dashboard_plots(page: Any, site: str) -> None:
    page.goto(site + "/dashboard")
    assert page.locator("svg#chart-share rect").count() >= 4
    assert page.locator("svg#chart-trend polyline").count() == 5
    assert page.locator("svg#chart-anonymous rect").count() == 3
    box = page.locator("svg#chart-share").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 50
    page.locator("#block-anonymous summary").click()
    assert page.locator("#table-anonymous tbody tr").count() == 3
    screenshot(page, "dashboard")
    assert_clean(page)


def test_corpus_list_filters_in_the_browser(page: Any, site: str) -> None:
    page.goto(site + "/articles")
    assert page.locator("#article-list a.article-link").count() == 4
    page.select_option("select[name=outlet]", "Daily Planet")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/articles?**")
    assert page.locator("#article-list a.article-link").count() == 2
    page.locator("#article-list a.article-link", has_text="Protest crushed").click()
    page.wait_for_selector("#article-text")
    assert page.get_attribute("#article-link", "href") == "https://planet.example/protest"
    assert_clean(page)


def test_hostile_articles_execute_nothing(page: Any, site: str) -> None:
    page.goto(site + "/articles/xss1")
    assert "<script>window.__xss=1</script>" in page.inner_text("#article-title")
    assert page.locator("#article-link").count() == 0  # javascript: URL is not a link
    assert page.inner_text("#article-url") == "javascript:alert(document.cookie)"
    for mark in page.locator("#article-text mark.seg").all():
        mark.hover()
    assert "<img src=x" in page.inner_text("#panel-actors")
    assert_clean(page)

    page.goto(site + "/")
    page.fill("#text", XSS_TEXT)
    page.fill("#title", '"><svg onload=alert(7)>')
    page.click("#analyze-button")
    page.wait_for_selector("#article-text")
    assert page.eval_on_selector("#article-text", "el => el.textContent") == XSS_TEXT
    assert page.inner_text("#article-title") == '"><svg onload=alert(7)>'
    assert page.locator("svg").count() == 0
    assert_clean(page)

    page.goto(site + "/")
    page.fill("#url", "javascript:alert(8)")
    page.click("#analyze-button")
    page.wait_for_selector("#error-message")
    assert "only absolute http" in page.inner_text("#error-message")
    assert_clean(page)

    for path in ("/articles", "/dashboard"):
        page.goto(site + path)
        assert_clean(page)


def test_login_to_a_token_protected_server(chromium: Any, tmp_path: Path) -> None:
    from presslens.web import create_app

    with Server(create_app(str(tmp_path / "t.db"), TOKEN)) as server:
        context = chromium.new_context()
        pg = context.new_page()
        pg.goto(server.url + "/dashboard")
        assert pg.url.startswith(server.url + "/login?next=")
        pg.fill("input[name=token]", "wrong")
        pg.click("button[type=submit]")
        assert "wrong token" in pg.inner_text("#error-message")
        pg.fill("input[name=token]", TOKEN)
        pg.click("button[type=submit]")
        pg.wait_for_url(server.url + "/dashboard")
        assert pg.inner_text("h1") == "Dashboard"
        assert [c["httpOnly"] for c in context.cookies()] == [True]
        context.close()
