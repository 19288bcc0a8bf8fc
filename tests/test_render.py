"""Renderers: segments, the text (rich) format and the self-contained, inert HTML report."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from article_samples import HOSTILE, TEXT, full_article, hostile_article
from presslens import Article, UsageError
from presslens.render import FORMATS, get_renderer
from presslens.render.common import (
    category_of,
    claim_source,
    clean,
    entity_rows,
    segments,
    source_rows,
)
from presslens.schema import validate


def _spans(*pairs: tuple[int, int]) -> list[dict[str, Any]]:
    return [{"start": s, "end": e} for s, e in pairs]


@pytest.mark.parametrize(
    ("length", "pairs", "expected"),
    [
        (10, [], [(0, 10, [])]),
        # nested: inner span first in the covering list
        (10, [(2, 8), (4, 6)], [(0, 2, []), (2, 4, [0]), (4, 6, [1, 0]), (6, 8, [0]),
                                (8, 10, [])]),
        # overlapping
        (10, [(0, 5), (3, 10)], [(0, 3, [0]), (3, 5, [0, 1]), (5, 10, [1])]),
        # adjacent, identical extents, empty and out-of-range spans
        (6, [(0, 3), (3, 6), (3, 6), (2, 2), (4, 99)],
         [(0, 3, [0]), (3, 6, [1, 2])]),
    ],
)
def test_segments(length: int, pairs: list[tuple[int, int]],
                  expected: list[tuple[int, int, list[int]]]) -> None:
    got = [(s.start, s.end, s.spans) for s in segments(length, _spans(*pairs))]
    assert got == expected


def test_segments_mark_span_ends_once() -> None:
    segs = segments(10, _spans((2, 8), (4, 6), (4, 8)))
    ends = {i: seg.end for seg in segs for i in seg.ends}
    assert ends == {0: 8, 1: 6, 2: 8}
    assert sorted(i for seg in segs for i in seg.ends) == [0, 1, 2]


@pytest.mark.parametrize(
    ("record", "category"),
    [
        ({"technique": "Loaded_Language"}, "Manipulative wording"),
        ({"technique": "Loaded_Language", "category": "<b>x</b>"}, "Manipulative wording"),
        ({"technique": "Name_Calling,Labeling"}, "Attack on reputation"),  # PTC-2020 name
        ({"technique": "Unheard_Of"}, "Other"),
        ({"technique": "Doubt", "category": "Call"}, "Call"),
    ],
)
def test_category_of(record: dict[str, Any], category: str) -> None:
    assert category_of(record) == category


def test_clean_keeps_length_and_newlines() -> None:
    raw = "a\x1b[2Jb\tc\nd\x00"
    assert len(clean(raw)) == len(raw)
    assert "\x1b" not in clean(raw) and "\x00" not in clean(raw)
    assert "\n" in clean(raw) and "\t" in clean(raw)


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="pdf"):
        get_renderer("pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_valid_data_and_an_empty_article(fmt: str) -> None:
    for article in (full_article(), Article(id="empty", text="")):
        data = article.to_dict()
        validate(data)  # the data handed to every renderer follows the schema
        out = get_renderer(fmt)(data)
        assert isinstance(out, str) and out


# -- text ---------------------------------------------------------------

def test_text_plain_lists_every_technique_and_panel() -> None:
    data = full_article().to_dict()
    out = get_renderer("text")(data, width=220)  # type: ignore[call-arg]
    assert "\x1b" not in out
    for i, rec in enumerate(data["techniques"], 1):
        assert f"{i}. {rec['technique']} ({rec['category']}, {rec['score']:.2f}): “" in out
    # nested spans: brackets show both extents and their numbers
    assert "The Northern Front, ⟦a ⟦terror group⟧2⟧1, attacked" in out
    assert "Sources" in out and "A security source" in out and "via a news agency" in out
    assert "anonymous share 30%" in out
    assert "1 unattributed sentences" in out
    assert "terror group ×1 (writer)" in out
    assert "(source: Ilse" in out
    assert "genre: reporting (0.80)" in out
    assert "Security and defense (0.90)" in out
    assert "1. “A security source told a news agency that 40 fighters were killed.”" in out
    assert "0.83 · number, event · attributed to a security source (anonymous)" in out
    assert "missing" not in out


def test_text_says_what_is_missing() -> None:
    out = get_renderer("text")(Article(id="e", text="Just text.").to_dict())
    for name in ("techniques", "attributions", "sourcing", "actors", "claims"):
        assert f"{name}: missing" in out
    assert "genre: missing" in out and "frames: missing" in out


def test_text_colour_only_when_asked() -> None:
    data = full_article().to_dict()
    assert "\x1b[" in get_renderer("text")(data, color=True)  # type: ignore[call-arg]


def test_text_is_not_markup_and_sends_no_escapes() -> None:
    text = "Plain [bold red]not bold[/bold red] and \x1b[31mred\x1b[0m here."
    a = Article(id="m", text=text, meta={"title": "[link=http://x]t[/link]"})
    a.add_layer("techniques", "test", [a.span(0, 5, "Loaded_Language", 0.5,
                                              category="Manipulative wording")])
    out = get_renderer("text")(a.to_dict(), color=True)  # type: ignore[call-arg]
    assert "[bold red]not bold[/bold red]" in out
    assert "[link=http://x]t[/link]" in out
    assert "\x1b[31m" not in out.replace("\x1b[31mred", "")  # article escapes are replaced
    assert "\ufffd[31mred" in out


# -- html ---------------------------------------------------------------

class _Page(HTMLParser):
    """Collects what could execute or load: scripts, handlers, URLs; and the article text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.csp: list[str] = []
        self.article_text: list[str] = []
        self._in_script = False
        self._article_depth = 0
        self._sup_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction", "srcdoc", "xlink:href"):
                self.urls.append(value or "")
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
        if self._article_depth:
            self._article_depth += 1
            if tag == "sup":
                self._sup_depth = self._article_depth
        elif tag == "article":
            self._article_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if self._article_depth:
            if self._sup_depth == self._article_depth:
                self._sup_depth = 0
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        if self._article_depth and not self._sup_depth:
            self.article_text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_html_text_reassembles_exactly_and_numbers_every_technique() -> None:
    data = full_article().to_dict()
    html = get_renderer("html")(data)
    page = _parse(html)
    assert "".join(page.article_text) == data["text"]
    for i, rec in enumerate(data["techniques"], 1):
        assert f'id="t{i}" data-n="{i}"' in html
        assert f"{i}. {rec['technique']} ({rec['score']:.2f})" in html
    # nested "terror group" segment is covered by spans 1 and 2
    assert 'data-t="1 2" title="1. Name_Calling-Labeling (0.91)\n2. Loaded_Language (0.88)"' \
        in html
    assert '<span class="seg t cat-wording s-content multi" data-t="1 2"' in html


def test_html_is_self_contained() -> None:
    html = get_renderer("html")(full_article().to_dict())
    page = _parse(html)
    assert page.urls == ["https://example.org/a"]  # the article's own link, nothing loaded
    assert not {"link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert len(page.scripts) == 1
    (csp,) = page.csp
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_html_csp_hashes_match_inline_code() -> None:
    import base64
    import hashlib

    html = get_renderer("html")(full_article().to_dict())
    page = _parse(html)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    for code, directive in ((page.scripts[0], "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in page.csp[0]


def test_html_hostile_article_stays_inert() -> None:
    article = hostile_article()
    data = article.to_dict()
    html = get_renderer("html")(data)
    page = _parse(html)
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert page.handlers == []
    assert not any(u.strip().lower().startswith("javascript:") for u in page.urls)
    assert page.urls == []  # javascript: URL is shown as text, not linked
    assert not {"img", "svg", "iframe"} & set(page.tags)
    assert "".join(page.article_text) == data["text"]
    for piece in HOSTILE:
        if "<" in piece:
            assert piece not in html  # only ever present escaped
    assert "javascript:alert(5)" in html  # shown, as text
    assert "{{ 7*7 }}" in "".join(page.article_text)  # not evaluated as a template


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/x?a=1&b=2", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("https:/\\evil", False),
    ],
)
def test_html_links_only_http_urls(url: str, linked: bool) -> None:
    page = _parse(get_renderer("html")(Article(id="u", text=TEXT, meta={"url": url}).to_dict()))
    assert page.urls == ([url] if linked else [])


def test_html_missing_sections_are_said() -> None:
    html = get_renderer("html")(Article(id="e", text="Only text.").to_dict())
    assert "missing: techniques were not analysed" in html
    assert "attributions: missing" in html and "sourcing profile: missing" in html
    assert "missing: actors were not analysed" in html
    assert "missing: claims were not analysed" in html


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_html_in_a_real_browser(tmp_path: Any) -> None:
    """Chromium: the CSP admits our CSS and JS (hover works), hostile markup never runs."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "hostile.html"
    page_file.write_text(get_renderer("html")(hostile_article().to_dict()), "utf-8")
    events: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: events.append(f"console {m.type}: {m.text}"))
            page.on("dialog", lambda d: (events.append("dialog " + d.message), d.dismiss()))
            page.on("request", lambda r: events.append("request " + r.url)
                    if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())
            # CSS applied (style-src hash accepted): highlighted segments have a background
            bg = page.eval_on_selector(".seg.t", "e => getComputedStyle(e).backgroundColor")
            assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
            # JS ran (script-src hash accepted): hovering list item 3 marks its segments
            page.hover("#t3")
            assert page.eval_on_selector_all(".seg.hl", "es => es.length") >= 1
            page.check("input[value=claims]")
            assert page.get_attribute("body", "data-view") == "claims"
            assert page.eval_on_selector_all("img, svg, iframe", "es => es.length") == 0
        finally:
            browser.close()
    assert events == []  # no alert, no CSP violation report, no network request


def test_source_rows_group_by_entity_or_phrase_before_its_clause() -> None:
    def att(text: str, kind: str, entity: str | None = None, type_: str = "anonymous") -> dict:
        return {"kind": kind, "source": {"text": text, "type": type_, "entity": entity}}

    rows = source_rows({"attributions": [
        att("the source", "direct"),
        att("the source, who spoke on condition of anonymity", "according_to"),
        att("The source", "indirect"),
        att("Osei", "direct", "Miriam Osei", "official"),
        att("Miriam Osei", "indirect", "Miriam Osei", "official"),
        {"kind": "no_source", "source": None},
    ]})
    assert [(r["name"], r["type"], r["count"]) for r in rows] == [
        ("the source", "anonymous", 3),
        ("Miriam Osei", "official", 2),
        ("(no source)", "unspecified", 1),
    ]
    assert rows[0]["kinds"] == {"direct": 1, "according_to": 1, "indirect": 1}


def test_entity_rows_take_name_and_type_from_the_linked_actor() -> None:
    data = {
        "entities": [
            {"text": "KORLAND", "type": "person", "actor": "a1"},
            {"text": "Dorvik", "type": "organisation", "actor": "a2"},
            {"text": "Dorvik", "type": "organisation", "actor": "a2"},
            {"text": "the  Movement", "type": "organisation", "actor": "a3"},
            {"text": "The Movement", "type": "organisation", "actor": "a3"},
            {"text": "Ana Petrova", "type": "person"},  # not linked: the parser's label
            {"text": "Oslo", "type": "place", "actor": "a9"},  # unknown actor id
        ],
        "actors": [
            {"id": "a1", "name": "Korland City", "type": "place"},
            {"id": "a2", "name": "Dorvik", "type": "place"},
            {"id": "a3", "name": "Movement", "type": "organisation"},
        ],
    }
    assert entity_rows(data) == [
        ("person", [("Ana Petrova", 1)]),
        ("organisation", [("Movement", 2)]),
        ("place", [("Dorvik", 2), ("Korland City", 1), ("Oslo", 1)]),
    ]


def test_entity_rows_without_actors_keep_the_parser_labels() -> None:
    data = {"entities": [{"text": "Dorvik", "type": "organisation", "actor": "a2"},
                         {"text": "Mira  Kovac", "type": "person"}]}
    assert entity_rows(data) == [("person", [("Mira Kovac", 1)]),
                                 ("organisation", [("Dorvik", 1)])]


@pytest.mark.parametrize(
    ("claim", "words"),
    [
        ({"attributed": False}, "unattributed"),
        ({"attributed": True, "attribution": {"source": "Sara Khan", "type": "official"}},
         "attributed to Sara Khan (official)"),
        # "Price is expected to remain in parliament": attributed, but nobody is named
        ({"attributed": True, "attribution": {"source": None, "type": None}},
         "attributed, no source given"),
    ],
)
def test_claim_source_says_who_or_that_nobody_is_named(claim: dict[str, Any], words: str) -> None:
    assert claim_source(claim) == words
