"""Who may call the service, what it accepts, and the headers on every response."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from presslens.web import create_app
from presslens.web.security import COOKIE, SECURITY_HEADERS, is_loopback, session_value

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def secured(tmp_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """An app with a token, addressed by a non-loopback name (as on a LAN)."""
    with TestClient(create_app(str(tmp_path / "s.db"), TOKEN),
                    base_url="http://presslens.lan:8000", follow_redirects=False) as c:
        yield c


@pytest.fixture
def open_app(tmp_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(str(tmp_path / "o.db"), ""),
                    base_url="http://127.0.0.1:8000", follow_redirects=False) as c:
        yield c


HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.mark.parametrize("path", ["/", "/articles", "/dashboard", "/api/info",
                                  "/api/articles", "/static/app.js", "/login", "/nowhere"])
def test_security_headers_on_every_response(open_app: TestClient, path: str) -> None:
    r = open_app.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_pages_use_no_inline_script_or_external_resource(open_app: TestClient) -> None:
    for path in ("/", "/articles", "/dashboard", "/login"):
        html = open_app.get(path).text
        assert "<script>" not in html and " on" + "click=" not in html
        assert not re.search(r'(src|href|action)="(https?:)?//', html)


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
     ("127.0.0.2", True), ("evil.example", False), ("192.168.1.5:8000", False),
     ("localhost.evil.example", False), ("", False)],
)
def test_without_token_only_loopback_hosts_are_answered(open_app: TestClient, host: str,
                                                        allowed: bool) -> None:
    r = open_app.get("/api/info", headers={"host": host})
    if allowed:
        assert r.status_code == 200
    else:
        assert r.status_code == 403
        assert r.json()["ok"] is False and "--token" in r.json()["error"]


@pytest.mark.parametrize(
    ("name", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("10.0.0.1", False), ("example.org", False)],
)
def test_is_loopback(name: str, loopback: bool) -> None:
    assert is_loopback(name) is loopback


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"authorization": "Bearer wrong-token"}, 401),
        ({"authorization": "Basic " + TOKEN}, 401),
        ({"authorization": f"Bearer {TOKEN}"}, 200),
        ({"authorization": f"bearer {TOKEN}"}, 200),
        ({"cookie": f"{COOKIE}={TOKEN}"}, 401),  # the cookie holds an HMAC, not the token
        ({"cookie": f"{COOKIE}={session_value(TOKEN)}"}, 200),
        ({"cookie": f"{COOKIE}={session_value('other-token-xyz')}"}, 401),
    ],
)
def test_token_required(secured: TestClient, headers: dict, status: int) -> None:
    r = secured.get("/api/info", headers=headers)
    assert r.status_code == status
    if status == 401:
        assert r.json() == {"ok": False, "error": r.json()["error"], "status": 401}


def test_pages_redirect_to_login_and_login_sets_cookie(secured: TestClient) -> None:
    r = secured.get("/dashboard?outlet=A", headers=HTML)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fdashboard%3Foutlet%3DA"
    assert secured.get("/login", headers=HTML).status_code == 200
    assert secured.get("/static/style.css").status_code == 200

    bad = secured.post("/login", data={"token": "nope", "next": "/dashboard"}, headers=HTML)
    assert bad.status_code == 401 and "wrong token" in bad.text
    assert COOKIE not in bad.cookies

    good = secured.post("/login", data={"token": TOKEN, "next": "/dashboard?outlet=A"})
    assert good.status_code == 303 and good.headers["location"] == "/dashboard?outlet=A"
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    assert secured.get("/dashboard", headers=HTML).status_code == 200  # cookie kept

    out = secured.post("/logout")
    assert out.status_code == 303
    assert secured.get("/api/info").status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil",
                                    "javascript:alert(1)"])
def test_login_never_redirects_off_site(secured: TestClient, target: str) -> None:
    r = secured.post("/login", data={"token": TOKEN, "next": target})
    assert r.status_code == 303 and r.headers["location"] == "/"


@pytest.mark.parametrize(
    ("origin", "status"),
    [("http://evil.example", 403), ("null", 403), ("http://127.0.0.1:8000", 400), (None, 400)],
)
def test_cross_site_posts_are_refused(open_app: TestClient, origin: str | None,
                                      status: int) -> None:
    headers = {"origin": origin} if origin else {}
    r = open_app.post("/api/analyze", json={}, headers=headers)
    assert r.status_code == status  # 400: reached the route, which wants text or url
    if status == 403:
        assert "cross-site" in r.json()["error"]


def test_invalid_content_length_is_refused(open_app: TestClient) -> None:
    r = open_app.post("/api/analyze", content=b"{}",
                      headers={"content-length": "abc", "content-type": "application/json"})
    assert r.status_code == 400
