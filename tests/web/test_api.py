"""The JSON API against a real store (SQLite; PostgreSQL too with PRESSLENS_TEST_PG)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presslens.store import open_store
from presslens.store import queries as q
from presslens.web import create_app

from .conftest import XSS_TITLE

PASTE = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials said."


def assert_error(response: Any, status: int, fragment: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert fragment in body["error"]


# -- analyse -------------------------------------------------------------------------
def test_analyze_text_returns_article_json_with_exact_offsets(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"text": PASTE, "title": "Meeting", "outlet": "X"})
    assert r.status_code == 200
    data = r.json()
    assert data["schema_version"] == "1.0"
    assert data["text"] == PASTE
    assert data["meta"]["title"] == "Meeting" and data["meta"]["outlet"] == "X"
    assert data["id"].startswith("web-")
    entities = {(e["text"], e["type"]) for e in data["entities"]}
    assert ("Paris", "place") in entities
    for e in data["entities"]:
        assert PASTE[e["start"]:e["end"]] == e["text"]
    assert "store" not in data


def test_analyze_with_save_stores_once(client: TestClient) -> None:
    first = client.post("/api/analyze", json={"text": PASTE, "save": True}).json()
    assert first["store"]["created"] is True
    again = client.post("/api/analyze", json={"text": PASTE, "save": True}).json()
    assert again["store"] == {"id": first["store"]["id"], "created": False,
                              "duplicate_of": first["store"]["id"]}
    stored = client.get(f"/api/articles/{first['store']['id']}").json()
    assert stored["text"] == PASTE
    assert stored["entities"] == first["entities"]


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({}, 400, "either 'text' or 'url'"),
        ({"text": "a", "url": "https://example.org/"}, 400, "exactly one"),
        ({"text": "   \n"}, 400, "empty"),
        ({"text": 5}, 422, "text"),
        ({"text": "hi", "colour": "red"}, 422, "colour"),
        ({"url": "javascript:alert(1)"}, 400, "only absolute http"),
        ({"url": "file:///etc/passwd"}, 400, "only absolute http"),
        ({"text": "x", "title": "t" * 1001}, 422, "title"),
    ],
)
def test_analyze_rejects_bad_requests(client: TestClient, body: dict, status: int,
                                      fragment: str) -> None:
    assert_error(client.post("/api/analyze", json=body), status, fragment)


def test_analyze_malformed_json_is_a_422_in_the_error_shape(client: TestClient) -> None:
    r = client.post("/api/analyze", content=b"{not json",
                    headers={"content-type": "application/json"})
    assert_error(r, 422, "invalid request")


ARTICLE_HTML = b"""<!doctype html><html><head><title>Harbour reopens</title></head><body>
<article><h1>Harbour reopens</h1>
<p>The harbour in Portsmouth reopened on Tuesday after a week of repairs, the city council
said in a statement. Fishing boats returned to their moorings by the afternoon.</p>
<p>Local traders said the closure had cost them thousands of pounds in lost business, and
several asked the council to explain why the repairs took so long.</p>
</article></body></html>"""


@pytest.fixture
def article_server() -> Any:
    """A real HTTP server on loopback serving one HTML article."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(ARTICLE_HTML)))
            self.end_headers()
            self.wfile.write(ARTICLE_HTML)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/harbour"
    server.shutdown()
    server.server_close()


def test_analyze_url_fetches_through_the_ssrf_safe_fetcher(corpus_url: str,
                                                           article_server: str) -> None:
    # by default the fetcher refuses loopback addresses (SSRF policy)
    with TestClient(create_app(corpus_url, ""), base_url="http://127.0.0.1") as c:
        r = c.post("/api/analyze", json={"url": article_server})
        assert r.status_code == 400 and r.json()["ok"] is False
    # an operator can allow a network explicitly
    app = create_app(corpus_url, "", fetch_options={"allow_networks": ["127.0.0.0/8"]})
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r = c.post("/api/analyze", json={"url": article_server, "outlet": "Harbour News",
                                         "save": True})
        assert r.status_code == 200, r.text
        data = r.json()
        assert "reopened on Tuesday" in data["text"]
        assert data["meta"]["outlet"] == "Harbour News"
        portsmouth = [e for e in data["entities"] if e["text"] == "Portsmouth"]
        assert portsmouth and data["text"][portsmouth[0]["start"]:portsmouth[0]["end"]] \
            == "Portsmouth"
        stored = c.get(f"/api/articles/{data['store']['id']}").json()
        assert stored["store"]["url"] == data["meta"]["url"]


def test_article_size_limit(corpus_url: str) -> None:
    with TestClient(create_app(corpus_url, "", max_chars=100),
                    base_url="http://127.0.0.1") as c:
        assert_error(c.post("/api/analyze", json={"text": "word " * 30}), 413,
                     "exceeds the limit of 100")


@pytest.mark.parametrize("chunked", [False, True])
def test_body_limit(corpus_url: str, chunked: bool) -> None:
    payload = json.dumps({"text": "x" * 5000}).encode()
    with TestClient(create_app(corpus_url, "", max_body=1000),
                    base_url="http://127.0.0.1") as c:
        if chunked:  # no Content-Length: the guard counts bytes as they arrive
            r = c.post("/api/analyze", content=iter([payload[:600], payload[600:]]),
                       headers={"content-type": "application/json"})
        else:
            r = c.post("/api/analyze", content=payload,
                       headers={"content-type": "application/json"})
    assert_error(r, 413, "limit of 1000 bytes")


# -- corpus --------------------------------------------------------------------------
def ids(r: Any) -> set[str]:
    assert r.status_code == 200, r.text
    return {a["id"] for a in r.json()["articles"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"dp1", "dp2", "ms1", "xss1"}),
        ({"outlet": "Daily Planet"}, {"dp1", "dp2"}),
        ({"technique": "Slogans"}, {"ms1"}),
        ({"technique": "Attack on reputation"}, {"dp1", "xss1"}),
        ({"technique": "Name_Calling-Labeling", "outlet": "Daily Planet"}, {"dp1"}),
        ({"actor": "The Regime"}, {"dp1"}),
        ({"source": "minister"}, {"dp2"}),
        ({"q": "budget"}, {"dp2"}),
        ({"q": "protest arrested"}, {"dp1"}),
        ({"since": "2024-02"}, {"dp2", "ms1", "xss1"}),
        ({"until": "2024-02-03"}, {"dp1", "dp2"}),
        ({"since": "2024-02-01", "until": "2024-02-28"}, {"dp2", "ms1"}),
        ({"q": "nonexistentword"}, set()),
    ],
)
def test_article_filters(client: TestClient, params: dict, expected: set[str]) -> None:
    assert ids(client.get("/api/articles", params=params)) == expected


def test_article_paging_is_newest_first(client: TestClient) -> None:
    pages = [client.get("/api/articles", params={"limit": 2, "offset": o}).json()
             for o in (0, 2, 4)]
    assert [a["id"] for p in pages for a in p["articles"]] == ["xss1", "ms1", "dp2", "dp1"]
    assert {p["total"] for p in pages} == {4}
    assert pages[2]["articles"] == []


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({"since": "yesterday"}, 400, "bad since date"),
        ({"technique": "Propaganda"}, 400, "unknown technique"),
        ({"source_type": "aliens"}, 400, "unknown source type"),
        ({"limit": 0}, 422, "limit"),
        ({"status": "weird"}, 422, "status"),
    ],
)
def test_article_filter_errors(client: TestClient, params: dict, status: int,
                               fragment: str) -> None:
    assert_error(client.get("/api/articles", params=params), status, fragment)


def test_source_type_filter(client: TestClient) -> None:
    r = client.get("/api/articles", params={"source_type": "anonymous"})
    assert ids(r) == {"dp1", "ms1", "xss1"}


def test_get_article_and_not_found(client: TestClient) -> None:
    data = client.get("/api/articles/dp1").json()
    assert data["meta"]["title"] == "Protest crushed"
    assert [t["technique"] for t in data["techniques"]] == [
        "Name_Calling-Labeling", "Loaded_Language"]
    assert data["store"]["outlet"] == "Daily Planet"
    assert_error(client.get("/api/articles/nope"), 404, "no article 'nope'")


# -- statistics ----------------------------------------------------------------------
def test_stats_are_the_store_queries(client: TestClient, corpus_url: str) -> None:
    with open_store(corpus_url) as store:
        expected = {
            "/api/stats/overview": q.overview(store),
            "/api/stats/outlets": q.outlets(store),
            "/api/stats/techniques?by=category": q.technique_profile(store, by="category"),
            "/api/stats/trend": q.technique_trend(store, by="category"),
            "/api/stats/anonymous": q.anonymous_sourcing(store),
            "/api/stats/actors": q.actor_labels(store),
            "/api/stats/sources": q.top_sources(store),
        }
    for path, rows in expected.items():
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.json() == json.loads(json.dumps(rows)), path


def test_anonymous_sourcing_numbers(client: TestClient) -> None:
    rows = {r["outlet"]: r for r in client.get("/api/stats/anonymous").json()}
    assert rows["Daily Planet"]["attributions"] == 3
    assert rows["Daily Planet"]["anonymous"] == 1
    assert rows["Daily Planet"]["anonymous_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert rows["Morning Star"]["anonymous_share"] == 1.0


def test_stats_filters_and_errors(client: TestClient) -> None:
    rows = client.get("/api/stats/techniques", params={"outlet": "Morning Star"}).json()
    assert [(r["outlet"], r["technique"], r["spans"]) for r in rows] == [
        ("Morning Star", "Slogans", 1)]
    assert_error(client.get("/api/stats/trend", params={"period": "decade"}), 422, "period")
    assert_error(client.get("/api/stats/anonymous", params={"until": "2024-13-x"}), 400,
                 "bad until date")


# -- exports -------------------------------------------------------------------------
def test_export_jsonl_streams_every_article(client: TestClient) -> None:
    r = client.get("/api/export/articles.jsonl")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert sorted(d["id"] for d in rows) == ["dp1", "dp2", "ms1", "xss1"]
    assert next(d for d in rows if d["id"] == "xss1")["meta"]["title"] == XSS_TITLE


def test_export_csv_rows_and_filters(client: TestClient) -> None:
    r = client.get("/api/export/techniques.csv", params={"outlet": "Daily Planet"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted((row["article_id"], row["technique"], row["text"]) for row in rows) == [
        ("dp1", "Loaded_Language", "crushed"),
        ("dp1", "Name_Calling-Labeling", "corrupt regime"),
        ("dp2", "Appeal_to_Fear-Prejudice", "the nation falls"),
        ("dp2", "False_Dilemma-No_Choice", "Either we act now or the nation falls"),
    ]
    articles = list(csv.DictReader(io.StringIO(client.get("/api/export/articles.csv").text)))
    by_id = {row["id"]: row for row in articles}
    assert by_id["dp1"]["techniques"] == "2" and by_id["dp1"]["attributions"] == "2"
    attributions = list(csv.DictReader(io.StringIO(
        client.get("/api/export/attributions.csv").text)))
    assert {(a["article_id"], a["source"], a["source_type"]) for a in attributions} >= {
        ("dp1", "Sources", "anonymous"), ("dp2", "The minister", "official")}


def test_export_defuses_spreadsheet_formulas(corpus_url: str) -> None:
    from .conftest import analysed, ingest

    ingest(corpus_url, [analysed("f1", "Plain words here.", title="=HYPERLINK(\"x\")")])
    with TestClient(create_app(corpus_url, ""), base_url="http://127.0.0.1") as c:
        rows = list(csv.DictReader(io.StringIO(c.get("/api/export/articles.csv").text)))
    assert next(r for r in rows if r["id"] == "f1")["title"] == "'=HYPERLINK(\"x\")"


def test_export_bad_kind_and_date(client: TestClient) -> None:
    assert_error(client.get("/api/export/articles.xml"), 422, "kind")
    assert_error(client.get("/api/export/articles.csv", params={"since": "soon"}), 400,
                 "bad since date")


# -- the API itself ------------------------------------------------------------------
def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/analyze", "/api/articles", "/api/articles/{article_id}",
                 "/api/stats/techniques", "/api/stats/trend", "/api/stats/anonymous",
                 "/api/stats/actors", "/api/export/{kind}", "/api/info"):
        assert path in paths
    assert "/dashboard" not in paths  # pages are not API


def test_no_cdn_docs_and_unknown_paths_share_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/docs"), 404, "/docs")
    assert_error(client.get("/api/nothing"), 404, "/api/nothing")
    assert_error(client.delete("/api/articles/dp1"), 405, "Method Not Allowed")


def test_info_names_installed_analyzers(client: TestClient) -> None:
    info = client.get("/api/info").json()
    assert "parse" in info["analyzers"]
    assert info["max_chars"] > 0


def test_pipeline_is_built_once_per_app(client: TestClient) -> None:
    state = client.app.state.web  # type: ignore[attr-defined]
    client.post("/api/analyze", json={"text": "Rome is warm."})
    first = state.pipeline()
    client.post("/api/analyze", json={"text": "Oslo is cold."})
    assert state.pipeline() is first
    assert client.get("/api/info").json()["analyzers"] == first.names
