"""Fixtures for the web tests: a small analysed corpus in a real store, an app, a client.

The corpus articles are written here and their analyses are built with
``Article.span`` / ``Article.ref`` exactly as analyzers build them (input
data for the store and the pages, not a stand-in for a model). The store
is real SQLite in ``tmp_path``, and real PostgreSQL as well when
``PRESSLENS_TEST_PG`` names a server (each test gets a fresh database).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from presslens import Article
from presslens.store import ArticleRecord, open_store
from presslens.techniques.taxonomy import CATEGORY_OF

#: A payload that would run script if the page ever turned data into markup.
XSS_TITLE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'
XSS_TEXT = (
    'Officials said <script>window.__xss=3;alert(3)</script> nothing. '
    '"><img src=x onerror="window.__xss=4;alert(4)"> The evil regime lied, sources said.'
)
XSS_URL = "javascript:alert(document.cookie)"


def _at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def analysed(
    id: str,
    text: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    techniques: tuple[tuple[str, str], ...] = (),
    attributions: tuple[dict[str, str], ...] = (),
    claims: tuple[str, ...] = (),
    actors: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    """An ``Article.to_dict()`` with the given annotations, located by phrase."""
    meta: dict[str, Any] = {"title": title or id}
    if outlet:
        meta["outlet"] = outlet
    if published:
        meta["published"] = published
    if url:
        meta["url"] = url
    a = Article(id=id, text=text, meta=meta)
    a.add_layer("techniques", "test", [
        a.span(*_at(text, phrase), technique, 0.9, category=CATEGORY_OF[technique])
        for phrase, technique in techniques
    ])
    spans = []
    by_type: dict[str, int] = {}
    for rec in attributions:
        content = a.ref(*_at(text, rec["content"]))
        cue = a.ref(*_at(text, rec["cue"]))
        source = a.ref(*_at(text, rec["source"]), type=rec["type"], entity=rec.get("entity"))
        start = min(content["start"], cue["start"], source["start"])
        end = max(content["end"], cue["end"], source["end"])
        spans.append(a.span(start, end, rec.get("kind", "direct"), 0.8, source=source,
                            cue=cue, content=[content], via=None))
        by_type[rec["type"]] = by_type.get(rec["type"], 0) + len(content["text"])
    a.add_layer("attributions", "test", spans)
    a.add_layer("claims", "test", [
        a.span(*_at(text, c), "claim", 0.7, kinds=["event"], quantities=[], dates=[],
               attributed=False, attribution=None)
        for c in claims
    ])
    total = sum(by_type.values())
    anonymous = sum(1 for r in attributions if r["type"] == "anonymous")
    a.results["sourcing"] = {
        "attributions": len(attributions),
        "by_type": {k: round(v / total, 4) for k, v in by_type.items()} if total else {},
        "anonymous_share": round(anonymous / len(attributions), 4) if attributions else 0.0,
        "named_sources": [],
        "unattributed_sentences": [],
        "unattributed_share": 0.0,
    }
    a.results["actors"] = [
        {
            "id": f"a{i + 1}",
            "name": act["name"],
            "type": act.get("type", "person"),
            "mentions": [a.ref(*_at(text, act["mention"]))],
            "labels": [
                {"label": label, "count": 1, "evaluative": True, "loaded": True,
                 "by": "writer", "source": None,
                 "mentions": [a.ref(*_at(text, label), kind="description")]}
                for label in act.get("labels", ())
            ],
        }
        for i, act in enumerate(actors)
    ]
    return a.to_dict()


def corpus() -> list[dict[str, Any]]:
    """Four short articles in two outlets (plus one hostile one) over three months."""
    t1 = ("The corrupt regime crushed the protest, officials said. Sources told the paper "
          "that 40 people were arrested in Lakeside.")
    t2 = ("Either we act now or the nation falls. The minister said the plan will work, "
          "and the budget doubled.")
    t3 = ("Make our country great again! An anonymous official said the talks failed in "
          "Geneva.")
    return [
        analysed(
            "dp1", t1, outlet="Daily Planet", published="2024-01-15",
            title="Protest crushed", url="https://planet.example/protest",
            techniques=(("corrupt regime", "Name_Calling-Labeling"),
                        ("crushed", "Loaded_Language")),
            attributions=(
                {"content": "The corrupt regime crushed the protest", "cue": "said",
                 "source": "officials", "type": "official"},
                {"content": "40 people were arrested in Lakeside", "cue": "told",
                 "source": "Sources", "type": "anonymous"},
            ),
            claims=("40 people were arrested in Lakeside",),
            actors=({"name": "the regime", "type": "organisation", "mention": "regime",
                     "labels": ("corrupt regime",)},),
        ),
        analysed(
            "dp2", t2, outlet="Daily Planet", published="2024-02-03", title="Act now",
            techniques=(("Either we act now or the nation falls", "False_Dilemma-No_Choice"),
                        ("the nation falls", "Appeal_to_Fear-Prejudice")),
            attributions=({"content": "the plan will work", "cue": "said",
                           "source": "The minister", "type": "official",
                           "entity": "Minister Lee"},),
            claims=("the budget doubled",),
        ),
        analysed(
            "ms1", t3, outlet="Morning Star", published="2024-02-20", title="Talks failed",
            techniques=(("Make our country great again!", "Slogans"),),
            attributions=({"content": "the talks failed in Geneva", "cue": "said",
                           "source": "An anonymous official", "type": "anonymous"},),
        ),
        analysed(
            "xss1", XSS_TEXT, outlet="Evil <b>Outlet</b>", published="2024-03-01",
            title=XSS_TITLE, url=XSS_URL,
            techniques=(("<script>window.__xss=3;alert(3)</script>", "Loaded_Language"),
                        ("evil regime", "Name_Calling-Labeling")),
            attributions=({"content": "The evil regime lied", "cue": "said",
                           "source": "sources", "type": "anonymous"},),
            actors=({"name": "<img src=x onerror=alert(5)>", "mention": "regime",
                     "labels": ("evil regime",)},),
        ),
    ]


def ingest(url: str, articles: list[dict[str, Any]]) -> None:
    with open_store(url) as store:
        store.add_many([
            ArticleRecord(data=d, analyzers={"test": "1"}, source=f"test:{d['id']}")
            for d in articles
        ])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty store: SQLite in tmp_path, or a fresh schema in PostgreSQL.

    PostgreSQL needs env ``PRESSLENS_TEST_PG`` (see ``.ci/postgres.sh``); without
    it the test skips, unless ``PRESSLENS_REQUIRE_PG=1``, where it fails (same
    rule and schema-per-test isolation as the store tests).
    """
    if request.param == "sqlite":
        yield str(tmp_path / "web.db")
        return
    dsn = os.environ.get("PRESSLENS_TEST_PG", "")
    if not dsn:
        if os.environ.get("PRESSLENS_REQUIRE_PG") == "1":
            pytest.fail("PRESSLENS_TEST_PG is not set but PRESSLENS_REQUIRE_PG=1")
        pytest.skip("no PostgreSQL server: set PRESSLENS_TEST_PG (see .ci/postgres.sh)")
    import psycopg

    schema = "w_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in dsn else "?"
    try:
        yield f"{dsn}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def corpus_url(db_url: str) -> str:
    """A store holding :func:`corpus`."""
    ingest(db_url, corpus())
    return db_url


@pytest.fixture
def client(corpus_url: str) -> Iterator[TestClient]:
    """A client of an app on the corpus store, no token, addressed as 127.0.0.1."""
    from presslens.web import create_app

    with TestClient(create_app(corpus_url, ""), base_url="http://127.0.0.1") as c:
        yield c
