"""Server-rendered pages: content, layers shown or 'not available', and escaping of hostile data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

HTML = {"accept": "text/html"}


def test_analyse_page_form(client: TestClient) -> None:
    html = client.get("/").text
    assert 'id="analyze-form"' in html and 'name="text"' in html and 'name="url"' in html


def test_analyse_submit_shows_highlighted_entities(client: TestClient) -> None:
    text = "Angela Merkel spoke in Berlin.\nThen she left."
    r = client.post("/analyze", data={"text": text, "title": "Speech"}, headers=HTML)
    assert r.status_code == 200
    body = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', r.text, re.S)
    assert body is not None
    assert re.sub(r"<[^>]+>", "", body.group(1)) == text  # text kept exactly, newline too
    assert re.search(r'<mark class="seg [^"]*\bent-place\b[^"]*"[^>]*>Berlin</mark>', r.text)
    # layers with no analyzer in this installation are marked, not hidden
    data = client.post("/api/analyze", json={"text": text}).json()
    for layer in ("techniques", "attributions", "claims", "entities"):
        toggle = re.search(rf'id="toggle-{layer}" (checked|disabled)>', r.text)
        assert toggle is not None
        assert toggle.group(1) == ("disabled" if data[layer] is None else "checked")
        label = re.search(rf'id="toggle-label-{layer}">.*?</label>', r.text, re.S)
        assert label is not None
        assert ("not available" in label.group(0)) == (data[layer] is None)


def test_analyse_submit_error_is_shown_on_the_page(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "", "url": ""}, headers=HTML)
    assert r.status_code == 400
    assert 'id="error-message"' in r.text and "either" in r.text


def test_analyse_submit_can_save(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "Paris is calm today.", "save": "on"},
                    headers=HTML)
    link = re.search(r'Stored in the corpus as\s*<a href="/articles/([^"]+)">', r.text)
    assert link is not None
    assert client.get(f"/articles/{link.group(1)}", headers=HTML).status_code == 200


def test_stored_article_page_shows_all_panels(client: TestClient) -> None:
    html = client.get("/articles/dp1", headers=HTML).text
    assert '<h2 id="article-title">Protest crushed</h2>' in html
    mark = re.search(r'<mark class="seg attr-content cat-attack-on-reputation has-a has-t '
                     r'tech" data-start="4" data-end="18" data-tip-techniques="([^"]*)" '
                     r'data-tip-attributions="([^"]*)"[^>]*>corrupt regime</mark>', html)
    assert mark is not None
    assert mark.groups() == ("Name_Calling-Labeling (Attack on reputation), score 0.90",
                             "Attributed content (direct) from officials (official)")
    assert 'id="anonymous-share">anonymous: 50%' in html
    assert "<td>officials</td><td>official</td>" in html
    assert "“corrupt regime” ×1" in html
    assert 'href="https://planet.example/protest"' in html
    # entities were not produced for the stored article: shown as not available
    assert re.search(r'id="toggle-entities" disabled>\s*Entities <span class="na">'
                     r'not available</span>', html)


def test_hostile_article_is_escaped_everywhere(client: TestClient) -> None:
    pages = [client.get(p, headers=HTML).text
             for p in ("/articles/xss1", "/articles", "/dashboard", "/articles?outlet=x")]
    for html in pages:
        assert "<script>window" not in html
        assert "<img src=x" not in html
        assert "<b>Outlet</b>" not in html
        assert 'href="javascript:' not in html.lower()
    article = pages[0]
    assert "&lt;script&gt;window.__xss=3;alert(3)&lt;/script&gt;" in article
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__xss=4" in article
    # the javascript: URL is shown as text, not as a link
    assert '<span class="url-text" id="article-url"' in article
    assert "javascript:alert(document.cookie)</span>" in article
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in pages[2]


def test_corpus_page_filters_and_pages(client: TestClient) -> None:
    html = client.get("/articles?outlet=Daily+Planet", headers=HTML).text
    assert 'id="result-count">2 articles' in html
    assert html.count('class="article-link"') == 2
    bad = client.get("/articles?since=tomorrow", headers=HTML).text
    assert "bad since date" in bad


def test_dashboard_has_three_svg_plots_and_tables(client: TestClient) -> None:
    html = client.get("/dashboard", headers=HTML).text
    for chart in ("chart-share", "chart-trend", "chart-anonymous"):
        assert re.search(rf'<svg id="{chart}" class="chart"', html)
    for table in ("table-share", "table-trend", "table-anonymous", "table-sources",
                  "table-labels"):
        assert f'id="{table}"' in html
    # one line per category with dated spans: attack, wording, simplification,
    # justification, call
    assert html.count("<polyline") == 5


def test_dashboard_on_an_empty_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from presslens.web import create_app

    with TestClient(create_app(str(tmp_path / "e.db"), ""), base_url="http://127.0.0.1") as c:
        html = c.get("/dashboard", headers=HTML).text
    assert 'id="chart-share-empty"' in html and 'id="chart-trend-empty"' in html


@pytest.mark.parametrize("path", ["/articles/nope", "/nothing-here"])
def test_html_errors_for_browsers(client: TestClient, path: str) -> None:
    r = client.get(path, headers=HTML)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="error-message"' in r.text


def test_sparse_and_unsourced_records_render(corpus_url: str) -> None:
    """A no_source attribution (source and cue null), an actor without labels,
    a sourcing profile with odd values: the page renders what it can."""
    from presslens import Article
    from presslens.web import create_app

    from .conftest import ingest

    text = "Prices will double next year. Nobody knows why."
    a = Article(id="sparse", text=text, meta={"title": "Sparse"})
    a.add_layer("attributions", "t", [
        a.span(0, 28, "no_source", 0.5, source=None, cue=None, content=[a.ref(0, 28)], via=None)
    ])
    a.results["actors"] = [{"id": "a1", "name": "Nobody", "type": "person",
                            "mentions": [a.ref(30, 36)], "labels": []}]
    a.results["sourcing"] = {"attributions": 1, "by_type": {"unspecified": "n/a"},
                             "anonymous_share": 0.0, "named_sources": [],
                             "unattributed_sentences": [], "unattributed_share": None}
    ingest(corpus_url, [a.to_dict()])
    with TestClient(create_app(corpus_url, ""), base_url="http://127.0.0.1") as c:
        html = c.get("/articles/sparse", headers=HTML).text
    assert re.search(r'<mark class="seg attr-content has-a"[^>]*data-tip-attributions='
                     r'"Attributed content \(no_source\) from no source"[^>]*>'
                     r'Prices will double next year</mark>', html)
    assert "<td>(no source)</td><td>none</td>" in html
    assert "Nobody" in html and "no labels" in html
    assert re.search(r'id="panel-techniques">\s*<h3>Persuasion techniques</h3>\s*'
                     r'<p class="na">not available</p>', html)
