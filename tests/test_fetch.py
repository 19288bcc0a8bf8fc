"""URL fetching against a real HTTP server on 127.0.0.1: SSRF policy, redirects, caps.

The loopback server is only reachable because tests pass ``allow_networks``;
without it every loopback URL must be refused before anything is sent.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import ipaddress
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from presslens import Article
from presslens.errors import ExtractError, FetchError
from presslens.readers import ReadFailure, iter_sources
from presslens.readers.url import blocked_reason, fetch, fetch_article

LOOPBACK = ["127.0.0.0/8", "::1/128"]
ENGLISH = "The council approved the budget on Tuesday after a long debate, the mayor said."
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Council approves budget</title>"
    "<meta property='og:site_name' content='Riverside Gazette'></head><body>"
    f"<nav>Home News Sport</nav><article><p>{ENGLISH}</p>"
    "<p>“This is a good day,” said Mayor Ana López.</p></article>"
    "<footer>Copyright. Cookie settings.</footer></body></html>"
).encode()

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class Server:
    port: int
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _send(
    h: http.server.BaseHTTPRequestHandler, body: bytes, ctype: str = "text/html; charset=utf-8",
    status: int = 200, **headers: str,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.end_headers()
    h.wfile.write(body)


def _redirect(location: str, status: int = 302) -> Handler:
    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    state: dict[str, Server] = {}

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            srv = state["server"]
            srv.hits.append((self.path, self.headers.get("Host", "")))
            handler = srv.routes.get(self.path)
            if handler is None:
                _send(self, b"not found", "text/plain", status=404)
                return
            handler(self)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    state["server"] = Server(port=httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state["server"]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def srv(server: Server) -> Server:
    server.hits.clear()
    return server


class Recorder:
    """A real httpx client whose request hook records every request actually sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.client = httpx.Client(
            trust_env=False, event_hooks={"request": [lambda r: self.sent.append(str(r.url))]}
        )


@pytest.fixture
def rec() -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.client.close()


# -- fetching pages ----------------------------------------------------------------------

def test_fetch_html_page(srv: Server) -> None:
    srv.routes["/news/council-budget.html"] = lambda h: _send(h, PAGE)
    url = srv.url("/news/council-budget.html", host="localhost")
    article = fetch_article(url, allow_networks=LOOPBACK)
    assert ENGLISH in article.text and "Cookie" not in article.text
    assert article.id == "council-budget"
    assert article.meta["source"] == url and article.meta["url"] == url
    assert article.meta["title"] == "Council approves budget"
    assert article.meta["outlet"] == "Riverside Gazette"
    assert article.meta["language"] == "en"
    assert srv.hits == [("/news/council-budget.html", f"localhost:{srv.port}")]


def test_connects_to_the_checked_address_with_the_original_host(srv: Server) -> None:
    srv.routes["/a"] = lambda h: _send(h, PAGE)
    resolved: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"]

    article = fetch_article(
        f"http://news.example:{srv.port}/a", allow_networks=LOOPBACK, resolve=resolve
    )
    assert resolved == ["news.example"]  # resolved once, then the IP is used
    assert srv.hits == [("/a", f"news.example:{srv.port}")]
    assert article.meta["url"] == f"http://news.example:{srv.port}/a"


def test_international_host_names_are_resolved_in_punycode(srv: Server) -> None:
    srv.routes["/idn"] = lambda h: _send(h, PAGE)
    resolved: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"]

    fetch_article(f"http://bücher.example:{srv.port}/idn", allow_networks=LOOPBACK,
                  resolve=resolve)
    assert resolved == ["xn--bcher-kva.example"]
    assert srv.hits == [("/idn", f"xn--bcher-kva.example:{srv.port}")]


def test_plain_text_url_is_kept_exactly_and_charset_honoured(srv: Server) -> None:
    srv.routes["/t/story.txt"] = lambda h: _send(
        h, "Caf\u00e9\r\nsecond line, said the mayor.".encode("latin-1"),
        "text/plain; charset=iso-8859-1",
    )
    article = fetch_article(srv.url("/t/story.txt"), allow_networks=LOOPBACK)
    assert article.text == "Caf\u00e9\r\nsecond line, said the mayor."
    assert article.id == "story"


def test_gzip_body_is_decoded(srv: Server) -> None:
    srv.routes["/gz"] = lambda h: _send(h, gzip.compress(PAGE), Content_Encoding="gzip")
    assert ENGLISH in fetch_article(srv.url("/gz"), allow_networks=LOOPBACK).text


def test_redirects_are_followed_and_checked(srv: Server, rec: Recorder) -> None:
    srv.routes["/r1"] = _redirect("/r2", 301)
    srv.routes["/r2"] = _redirect(srv.url("/final.html", host="localhost"), 307)
    srv.routes["/final.html"] = lambda h: _send(h, PAGE)
    article = fetch_article(srv.url("/r1"), client=rec.client, allow_networks=LOOPBACK)
    assert article.meta["url"] == srv.url("/final.html", host="localhost")
    assert article.meta["source"] == srv.url("/r1")
    assert [p for p, _ in srv.hits] == ["/r1", "/r2", "/final.html"]
    assert len(rec.sent) == 3


def test_too_many_redirects(srv: Server) -> None:
    for n in range(10):
        srv.routes[f"/loop{n}"] = _redirect(f"/loop{n + 1}")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(srv.url("/loop0"), allow_networks=LOOPBACK)
    assert len(srv.hits) == 6  # the first request and five redirects, no more


# -- SSRF ------------------------------------------------------------------------------------

SSRF_CASES = [
    ("http://127.0.0.1:{port}/", "loopback"),
    ("http://[::1]:{port}/", "loopback"),
    ("http://localhost:{port}/", "loopback"),
    ("http://2130706433:{port}/", "loopback"),  # 127.0.0.1 written as one integer
    ("http://[::ffff:127.0.0.1]:{port}/", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("http://0.0.0.0:{port}/", "unspecified"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fd00::1]/", "private"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://100.64.0.1/", "non-public"),  # carrier-grade NAT
    ("http://[2002:a00:1::]/", "private (IPv4 10.0.0.1 inside IPv6)"),  # 6to4
    ("http://[64:ff9b::a9fe:a9fe]/", "link-local (IPv4 169.254.169.254 inside IPv6)"),  # NAT64
]


@pytest.mark.parametrize(("template", "reason"), SSRF_CASES)
def test_private_addresses_are_refused_without_connecting(
    srv: Server, rec: Recorder, template: str, reason: str
) -> None:
    url = template.format(port=srv.port)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_article(url, client=rec.client)
    message = str(info.value)
    assert message.startswith("refused to fetch")
    assert f"is a {reason} address" in message
    assert rec.sent == [] and srv.hits == []  # nothing was sent anywhere
    assert time.monotonic() - started < 2  # no connection attempt, no timeout


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/iam/", "link-local"),
        ("http://[::ffff:a9fe:a9fe]/", "link-local"),
        ("http://192.168.0.1:8080/", "private"),
    ],
)
def test_redirect_to_a_private_address_is_refused_without_connecting(
    srv: Server, rec: Recorder, target: str, reason: str
) -> None:
    srv.routes["/go"] = _redirect(target)
    with pytest.raises(FetchError, match=f"is a {reason}"):
        fetch_article(srv.url("/go"), client=rec.client, allow_networks=["127.0.0.0/8"])
    assert rec.sent == [srv.url("/go")]  # only the first hop was ever sent
    assert [p for p, _ in srv.hits] == ["/go"]


def test_redirect_to_loopback_refused_when_only_first_host_allowed(
    srv: Server, rec: Recorder
) -> None:
    """The override is exact: allowing 127.0.0.1/32 does not allow 127.0.0.2."""
    srv.routes["/hop"] = _redirect(f"http://127.0.0.2:{srv.port}/secret")
    with pytest.raises(FetchError, match=r"127\.0\.0\.2 is a loopback"):
        fetch_article(srv.url("/hop"), client=rec.client, allow_networks=["127.0.0.1/32"])
    assert len(rec.sent) == 1


def test_a_host_with_any_private_address_is_refused(rec: Recorder) -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(FetchError, match=r"resolves to 10\.1\.2\.3\) is a private"):
        fetch_article("http://mixed.example/", client=rec.client, resolve=resolve)
    assert rec.sent == []


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("ftp://example.com/file", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("gopher://127.0.0.1:70/", "only http:// and https://"),
        ("http://user:secret@example.com/", "user:password"),
        ("http:///no-host", "no host"),
        ("not a url", "only http:// and https://"),
    ],
)
def test_bad_urls_are_refused(url: str, needle: str) -> None:
    with pytest.raises(FetchError, match=needle.replace(".", r"\.")):
        fetch_article(url)


def test_redirect_to_another_scheme_is_refused(srv: Server, rec: Recorder) -> None:
    srv.routes["/file"] = _redirect("file:///etc/passwd")
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch_article(srv.url("/file"), client=rec.client, allow_networks=LOOPBACK)
    assert len(rec.sent) == 1


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("10.255.255.255", "private"),
        ("169.254.0.1", "link-local"),
        ("::ffff:10.0.0.1", "private (IPv4 10.0.0.1 inside IPv6)"),
        ("::ffff:8.8.8.8", "reserved"),  # strict: mapped addresses are never fetched
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", None),  # Teredo, client 192.0.2.45: see below
        ("198.51.100.7", "private"),  # documentation range
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    got = blocked_reason(ipaddress.ip_address(address))
    if address.startswith("2001:0:"):
        # Teredo's outer address is 2001::/32, which Python counts as reserved/non-global.
        assert got is not None
        return
    assert got == reason


# -- caps, timeouts, errors ---------------------------------------------------------------------

def test_body_over_the_cap_by_content_length(srv: Server) -> None:
    srv.routes["/big"] = lambda h: _send(h, b"<p>" + b"a" * 5000 + b"</p>")
    with pytest.raises(FetchError, match=r"larger than the 4\.88 KB limit"):
        fetch(srv.url("/big"), allow_networks=LOOPBACK, max_bytes=5000)
    assert len(fetch(srv.url("/big"), allow_networks=LOOPBACK, max_bytes=5007).body) == 5007


def test_streamed_body_stops_at_the_cap(srv: Server) -> None:
    sent: list[int] = []

    def endless(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Connection", "close")
        h.end_headers()  # no Content-Length: read until the server closes
        try:
            for _ in range(2000):  # would be 128 MB if read to the end
                h.wfile.write(b"x" * 65536)
                sent.append(65536)
        except OSError:
            pass  # the client hung up: what the cap must make it do

    srv.routes["/endless"] = endless
    with pytest.raises(FetchError, match="larger than the 1 MB limit"):
        fetch(srv.url("/endless"), allow_networks=LOOPBACK, max_bytes=1024 * 1024)
    time.sleep(0.2)
    assert sum(sent) < 32 * 1024 * 1024  # the server was cut off long before the end


def test_compression_bomb_stops_at_the_cap(srv: Server) -> None:
    bomb = gzip.compress(b"a" * (20 * 1024 * 1024))  # 20 MB of 'a' in about 20 KB
    srv.routes["/bomb"] = lambda h: _send(h, bomb, "text/plain", Content_Encoding="gzip")
    with pytest.raises(FetchError, match="larger than the 1 MB limit"):
        fetch(srv.url("/bomb"), allow_networks=LOOPBACK, max_bytes=1024 * 1024)


def test_slow_server_times_out(srv: Server) -> None:
    def slow(h: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(3)
        with contextlib.suppress(OSError):  # the client gave up, as it should
            _send(h, PAGE)

    srv.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(srv.url("/slow"), allow_networks=LOOPBACK, timeout=0.3)
    assert time.monotonic() - started < 2.5  # gave up long before the server answered


@pytest.mark.parametrize(
    ("status", "body", "ctype", "error", "needle"),
    [
        (404, b"gone", "text/plain", FetchError, "answered HTTP 404"),
        (500, b"oops", "text/html", FetchError, "answered HTTP 500"),
        (200, b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", FetchError, "image/png"),
        (200, b"<html><body><script>app()</script></body></html>", "text/html", ExtractError,
         "no article text"),
        (200, b"", "text/plain", ExtractError, "is empty"),
    ],
)
def test_unusable_responses(
    srv: Server, status: int, body: bytes, ctype: str, error: type[Exception], needle: str
) -> None:
    srv.routes["/x"] = lambda h: _send(h, body, ctype, status=status)
    with pytest.raises(error, match=needle):
        fetch_article(srv.url("/x"), allow_networks=LOOPBACK)


# -- through iter_sources, and feeds --------------------------------------------------------------

def test_iter_sources_turns_refusals_into_failures(srv: Server) -> None:
    srv.routes["/ok.html"] = lambda h: _send(h, PAGE)
    items = list(iter_sources([srv.url("/ok.html")]))  # no override: loopback refused
    (fail,) = items
    assert isinstance(fail, ReadFailure) and "loopback" in str(fail.error)
    assert srv.hits == []
    (article,) = list(iter_sources([srv.url("/ok.html")], allow_networks=LOOPBACK))
    assert isinstance(article, Article) and article.id == "ok"


def _rss(port: int) -> bytes:
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loop Gazette</title>
<item><title>Budget passes</title><link>http://127.0.0.1:{port}/e/budget.html</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Feed summary of the budget.</description></item>
<item><title>Off limits</title><link>http://10.0.0.7/e/internal.html</link>
<description>Internal summary.</description></item>
</channel></rss>""".encode()


def test_feed_url(srv: Server) -> None:
    srv.routes["/feed"] = lambda h: _send(h, _rss(srv.port), "application/rss+xml")
    srv.routes["/e/budget.html"] = lambda h: _send(h, PAGE.replace(b"<title>", b"<title>X"))
    with pytest.raises(FetchError, match="is an RSS/Atom feed"):
        fetch_article(srv.url("/feed"), allow_networks=LOOPBACK)
    srv.hits.clear()

    a, b = iter_sources([srv.url("/feed")], allow_networks=LOOPBACK)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.text, a.id, a.meta["title"]) == ("Feed summary of the budget.", "budget",
                                               "Budget passes")
    assert a.meta["source"] == srv.url("/feed") and a.meta["published"] == "2024-03-05"
    assert [p for p, _ in srv.hits] == ["/feed"]  # entry pages not fetched by default

    srv.hits.clear()
    a, b = iter_sources([srv.url("/feed")], allow_networks=LOOPBACK, fetch_entries=True)
    assert isinstance(a, Article) and ENGLISH in a.text
    assert a.meta["outlet"] == "Riverside Gazette" and a.meta["published"] == "2024-03-05"
    assert a.meta["source"] == srv.url("/feed")
    # the second entry points into a private network: refused like any URL
    assert isinstance(b, ReadFailure) and "private" in str(b.error)
    assert [p for p, _ in srv.hits] == ["/feed", "/e/budget.html"]


# -- HTTPS: the connection goes to the checked IP, the certificate is checked for the name ---------

@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names only ``localhost``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not found (needed to make a test certificate)")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True,
    )

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            _send(self, PAGE)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], str(cert)
    httpd.shutdown()
    httpd.server_close()


def test_https_verifies_the_certificate_for_the_host_name(tls_server: tuple[int, str]) -> None:
    port, cert = tls_server
    trusting = httpx.Client(trust_env=False, verify=ssl.create_default_context(cafile=cert))
    with trusting:
        # connects to 127.0.0.1, but TLS names and checks "localhost" (the certificate
        # does not list 127.0.0.1, so checking the IP would fail)
        article = fetch_article(f"https://localhost:{port}/news/tls.html", client=trusting,
                                allow_networks=LOOPBACK)
        assert ENGLISH in article.text and article.id == "tls"
        # a name the certificate does not cover is refused, even on the right IP
        with pytest.raises(FetchError, match=r"not valid for 'evil\.example'"):
            fetch_article(f"https://evil.example:{port}/", client=trusting,
                          allow_networks=LOOPBACK, resolve=lambda h, p: ["127.0.0.1"])
    # and an untrusted (self-signed) certificate is refused by default
    with pytest.raises(FetchError, match="self-signed certificate"):
        fetch_article(f"https://localhost:{port}/", allow_networks=LOOPBACK)
