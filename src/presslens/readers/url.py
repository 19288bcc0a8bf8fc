"""Fetching URLs safely: http(s) only, size and time caps, and no SSRF.

The web service fetches URLs that users type in, so a URL must never make
presslens talk to the machine it runs on or its private network (a cloud
metadata endpoint at 169.254.169.254, a database on 10.0.0.5, an admin page on
localhost). The policy, applied to every hop:

* only ``http`` and ``https`` URLs, without ``user:password@``;
* the host name is resolved once (``getaddrinfo``) and *every* address it
  resolves to must be public: loopback, private, link-local, multicast,
  reserved, unspecified, shared (CGNAT) and other non-global addresses are
  refused, for IPv4 and IPv6, including IPv4 addresses embedded in IPv6
  (IPv4-mapped ``::ffff:127.0.0.1``, 6to4, Teredo, NAT64);
* the connection goes to the address that was checked (the request is sent
  to that IP with the original ``Host`` header and TLS server name), so a
  DNS answer that changes between the check and the connect (DNS
  rebinding) cannot redirect it;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and each
  target is checked the same way before anything is sent to it;
* the body is streamed and reading stops as soon as it exceeds the cap
  (10 MB by default, counted after gzip/deflate decoding); connect and read
  timeouts plus an overall deadline bound the time.

``allow_networks`` exempts networks from the policy (tests serve pages from
127.0.0.1 this way); it never exempts anything outside the networks listed.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from .. import __version__
from ..article import Article
from ..errors import FetchError, ReaderError
from .common import (
    DEFAULT_MAX_BYTES,
    ReadFailure,
    human_size,
    looks_like_feed,
    looks_like_html,
    slug_id,
)

__all__ = [
    "MAX_REDIRECTS",
    "Fetched",
    "blocked_reason",
    "fetch",
    "fetch_article",
    "fetch_source",
]

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_REDIRECTS = 5
#: Seconds to connect, and to wait for each read.
DEFAULT_TIMEOUT = 10.0
#: Seconds for the whole fetch, redirects included (stops slow-drip servers).
DEFAULT_DEADLINE = 30.0
USER_AGENT = f"presslens/{__version__} (news analysis; +https://github.com/presslens)"
_REDIRECTS = {301, 302, 303, 307, 308}
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "application/feed+json",
}

Resolver = Callable[[str, int], list[str]]


# -- address policy -------------------------------------------------------------

def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why presslens must not connect to ``ip`` (``"loopback"``, ...), or None if public."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        inner = blocked_reason(embedded)
        if inner is not None:
            return f"{inner} (IPv4 {embedded} inside IPv6)"
    for attr, name in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return name
    if not ip.is_global:
        return "non-public"
    return None


def _networks(allow: Iterable[IPNetwork | str]) -> list[IPNetwork]:
    return [n if not isinstance(n, str) else ipaddress.ip_network(n) for n in allow]


def _system_resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def _checked_address(
    url: httpx.URL, allow: Sequence[IPNetwork], resolve: Resolver
) -> IPAddress:
    """The address to connect to for ``url``, after checking every address it resolves to."""
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    if not host:
        raise FetchError(f"{url} has no host name")
    try:
        addresses = [str(ipaddress.ip_address(host))]
        host_is_ip = True
    except ValueError:
        addresses = resolve(url.raw_host.decode("ascii"), port)  # IDNA (punycode) form
        host_is_ip = False
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}: no addresses")
    candidates: list[IPAddress] = []
    for a in addresses:
        try:
            candidates.append(ipaddress.ip_address(a.split("%", 1)[0]))
        except ValueError:
            raise FetchError(f"{host!r} resolved to an unusable address {a!r}") from None
    for ip in candidates:
        if any(ip.version == net.version and ip in net for net in allow):
            continue
        reason = blocked_reason(ip)
        if reason is not None:
            shown = host if host_is_ip else f"{host} (resolves to {ip})"
            raise FetchError(
                f"refused to fetch {url}: {shown} is a {reason} address; presslens only "
                "fetches pages on the public internet"
            )
    return candidates[0]


def _parse(url: str | httpx.URL) -> httpx.URL:
    try:
        parsed = httpx.URL(url) if isinstance(url, str) else url
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            f"refused to fetch {url!r}: only http:// and https:// URLs are fetched"
        )
    if parsed.userinfo:
        raise FetchError(f"refused to fetch {url!r}: URLs with user:password@ are not fetched")
    if not parsed.host:
        raise FetchError(f"not a valid URL: {url!r} (no host)")
    return parsed


# -- fetching -----------------------------------------------------------------

@dataclass
class Fetched:
    """A fetched body and what the server said about it."""

    url: str
    final_url: str
    status_code: int
    content_type: str
    charset: str | None
    body: bytes


class _Decoder:
    """gzip/deflate decoding with bounded output, so a compression bomb cannot
    expand past the cap in one chunk."""

    def __init__(self, encoding: str, source: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._z = zlib.decompressobj(47)  # gzip or zlib header, detected
        else:
            raise FetchError(f"{source}: unsupported Content-Encoding {encoding!r}")
        self.source = source

    def decode(self, data: bytes, limit: int) -> bytes:
        if self._z is None:
            return data
        try:
            out = self._z.decompress(data, limit + 1)
            while self._z.unconsumed_tail and len(out) <= limit:
                out += self._z.decompress(self._z.unconsumed_tail, limit + 1 - len(out))
        except zlib.error as exc:
            raise FetchError(f"{self.source}: corrupt compressed body ({exc})") from exc
        return out

    def flush(self) -> bytes:
        return b"" if self._z is None else self._z.flush()


def _host_header(url: httpx.URL) -> str:
    host = url.raw_host.decode("ascii")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return host if url.port is None else f"{host}:{url.port}"


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_redirects: int = MAX_REDIRECTS,
    allow_networks: Iterable[IPNetwork | str] = (),
    resolve: Resolver | None = None,
) -> Fetched:
    """GET ``url`` under the SSRF policy of this module; raise :class:`FetchError`.

    ``client`` may be any :class:`httpx.Client` (its redirect setting is
    ignored; give it no proxy); by default a private one is used and closed.
    ``resolve(host, port) -> [address, ...]`` replaces DNS resolution.
    """
    allow = _networks(allow_networks)
    resolver = resolve or _system_resolve
    own = client is None
    http = client or httpx.Client(trust_env=False, follow_redirects=False)
    started = time.monotonic()
    current = _parse(url)
    try:
        for _hop in range(max_redirects + 1):
            ip = _checked_address(current, allow, resolver)
            target = current.copy_with(host=str(ip), fragment=None)
            extensions: dict[str, Any] = {}
            if current.scheme == "https":
                extensions["sni_hostname"] = current.raw_host.decode("ascii")
            left = deadline - (time.monotonic() - started)
            if left <= 0:
                raise FetchError(f"timed out fetching {url} (over {deadline:g} s)")
            request = http.build_request(
                "GET",
                target,
                headers={
                    "Host": _host_header(current),
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                    "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                    "Accept-Encoding": "gzip, deflate",
                },
                timeout=httpx.Timeout(min(timeout, left)),
                extensions=extensions,
            )
            logger.debug("GET %s via %s", current, ip)
            response = http.send(request, stream=True, follow_redirects=False)
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            f"{current} answered HTTP {response.status_code} without a Location"
                        )
                    try:
                        nxt = current.join(location)
                    except (httpx.InvalidURL, ValueError) as exc:
                        raise FetchError(f"{current} redirected to a bad URL {location!r}") from exc
                    current = _parse(nxt)
                    continue
                if response.status_code >= 400:
                    raise FetchError(
                        f"{current} answered HTTP {response.status_code} "
                        f"{response.reason_phrase}".rstrip()
                    )
                body = _read_capped(response, str(current), max_bytes, started, deadline)
                content_type = response.headers.get("content-type", "")
                return Fetched(
                    url=url,
                    final_url=str(current),
                    status_code=response.status_code,
                    content_type=content_type.split(";", 1)[0].strip().lower(),
                    charset=response.charset_encoding,
                    body=body,
                )
            finally:
                response.close()
        raise FetchError(f"refused to fetch {url}: more than {max_redirects} redirects")
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out fetching {current}: {exc or type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch {current}: {exc or type(exc).__name__}") from exc
    finally:
        if own:
            http.close()


def _read_capped(
    response: httpx.Response, where: str, max_bytes: int, started: float, deadline: float
) -> bytes:
    too_big = (
        f"{where}: the response is larger than the {human_size(max_bytes)} limit; "
        "presslens reads news pages, not downloads"
    )
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes and not response.headers.get(
        "content-encoding"
    ):
        raise FetchError(too_big)
    decoder = _Decoder(response.headers.get("content-encoding", ""), where)
    chunks: list[bytes] = []
    total = 0
    for raw in response.iter_raw():
        data = decoder.decode(raw, max_bytes - total)
        total += len(data)
        if total > max_bytes:
            raise FetchError(too_big)
        chunks.append(data)
        if time.monotonic() - started > deadline:
            raise FetchError(f"timed out reading {where} (over {deadline:g} s)")
    tail = decoder.flush()
    if total + len(tail) > max_bytes:
        raise FetchError(too_big)
    chunks.append(tail)
    return b"".join(chunks)


# -- turning responses into articles ------------------------------------------------

def response_kind(fetched: Fetched) -> str:
    """``"feed"``, ``"html"`` or ``"text"``; raises :class:`FetchError` for anything else."""
    head = fetched.body[:4096]
    if looks_like_feed(head):
        return "feed"
    ctype = fetched.content_type
    if ctype in _HTML_TYPES or looks_like_html(head):
        return "html"
    if ctype == "text/plain" or (not ctype and b"\x00" not in head):
        return "text"
    if ctype in _FEED_TYPES:
        raise FetchError(f"{fetched.final_url}: XML that is not an RSS or Atom feed")
    raise FetchError(
        f"{fetched.final_url} returned {ctype or 'an unknown content type'}, which presslens "
        "cannot read (it reads HTML pages, plain text and RSS/Atom feeds)"
    )


def _article(fetched: Fetched, kind: str, *, id: str | None, replace_errors: bool) -> Article:
    if kind == "html":
        from .html import read_html_bytes

        article = read_html_bytes(
            fetched.body, id=id, url=fetched.final_url, source=fetched.url,
            charset=fetched.charset,
        )
        article.meta.setdefault("url", fetched.final_url)
        return article
    from .text import read_text_bytes

    if fetched.charset and fetched.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            body = fetched.body.decode(fetched.charset, errors="strict").encode("utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            raise FetchError(
                f"{fetched.final_url}: body is not valid {fetched.charset} ({exc})"
            ) from exc
    else:
        body = fetched.body
    article = read_text_bytes(
        body, id=id or slug_id(fetched.final_url), source=fetched.url,
        replace_errors=replace_errors,
    )
    article.meta["url"] = fetched.final_url
    return article


def fetch_article(
    url: str,
    *,
    client: httpx.Client | None = None,
    id: str | None = None,
    replace_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    allow_networks: Iterable[IPNetwork | str] = (),
    resolve: Resolver | None = None,
) -> Article:
    """Fetch one article page (HTML or plain text) under the SSRF policy.

    Raises :class:`FetchError` for a refused, failed, oversized or unreadable
    fetch (including a feed URL: feeds hold many articles, read them with
    :func:`presslens.readers.iter_sources`), and :class:`ExtractError` when
    the page holds no article text. ``meta["source"]`` is ``url`` as given,
    ``meta["url"]`` the address after redirects (or the page's canonical URL).
    """
    fetched = fetch(
        url, client=client, max_bytes=max_bytes, timeout=timeout, deadline=deadline,
        allow_networks=allow_networks, resolve=resolve,
    )
    kind = response_kind(fetched)
    if kind == "feed":
        raise FetchError(
            f"{url} is an RSS/Atom feed, not an article; analyse it as a source "
            "(presslens analyze URL) to get one article per entry"
        )
    return _article(fetched, kind, id=id, replace_errors=replace_errors)


def fetch_source(
    url: str,
    *,
    client: httpx.Client | None = None,
    replace_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_entries: bool = False,
    allow_networks: Iterable[IPNetwork | str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
) -> list[Article | ReadFailure]:
    """Everything a URL holds: one article for a page, one per entry for a feed."""
    try:
        fetched = fetch(
            url, client=client, max_bytes=max_bytes, timeout=timeout, deadline=deadline,
            allow_networks=allow_networks,
        )
        kind = response_kind(fetched)
        if kind != "feed":
            return [_article(fetched, kind, id=None, replace_errors=replace_errors)]
    except ReaderError as exc:
        return [ReadFailure(url, exc)]
    from .feed import read_feed_bytes

    return list(
        read_feed_bytes(
            fetched.body, source=url, fetch_entries=fetch_entries, client=client,
            max_bytes=max_bytes, allow_networks=allow_networks, timeout=timeout,
            deadline=deadline,
        )
    )
