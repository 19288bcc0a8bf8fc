"""Request guards for the web service: who may call it and what it may receive.

One pure ASGI middleware does all of it, before any route runs:

- **Host check.** Without a token the service trusts whoever can reach it,
  so it must be reachable only from this machine: it answers only requests
  whose ``Host`` is a loopback name. That also defeats DNS rebinding (a web
  page whose domain suddenly resolves to 127.0.0.1).
- **Token.** With a token every request except ``/login`` and ``/static``
  needs ``Authorization: Bearer <token>`` or the session cookie the login
  form sets (an HMAC of the token, HttpOnly, SameSite=Strict). API calls get
  401 in the one error shape; page views are redirected to the login form.
- **Origin check.** A state-changing request (POST, ...) whose ``Origin``
  is not this server is refused (cross-site form posts, CSRF).
- **Body limit.** ``Content-Length`` above the limit is refused with 413
  before reading; a body without one is counted as it streams.
- **Headers.** Every response carries a Content-Security-Policy that allows
  only this origin's scripts, styles and images (no inline script), plus
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (with
  ``no-referrer`` browsers send ``Origin: null`` on same-site form posts) and
  ``X-Frame-Options: DENY``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote, urlsplit

from ..errors import UsageError

__all__ = [
    "COOKIE",
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_CHARS",
    "SECURITY_HEADERS",
    "Forbidden",
    "Guard",
    "PayloadTooLarge",
    "Unauthorized",
    "is_loopback",
    "session_value",
]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "presslens_session"
#: Request body limit (bytes) and longest article analysed (characters).
DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_MAX_CHARS = 200_000
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
PUBLIC_PATHS = ("/login", "/static/", "/favicon.ico")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Unauthorized(UsageError):
    """No valid token or session cookie."""

    status = 401


class Forbidden(UsageError):
    """A request this server refuses whoever sends it (foreign Origin or Host)."""

    status = 403


class PayloadTooLarge(UsageError):
    """A request body or article above the configured limit."""

    status = 413


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_value(token: str) -> str:
    """The cookie value for ``token``: an HMAC, so the cookie never holds the token itself."""
    return hmac.new(token.encode(), b"presslens-session-v1", hashlib.sha256).hexdigest()


def _hostname(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:80`` -> ``::1``."""
    try:
        return urlsplit(f"//{host_header}").hostname or ""
    except ValueError:
        return ""


@dataclass
class Guard:
    """The middleware; see the module docstring for what it enforces."""

    app: ASGIApp
    token: str | None = None
    max_body: int = 2 * 1024 * 1024
    allowed_hosts: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=lambda: dict(SECURITY_HEADERS))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers") or ()}
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        try:
            self._check_host(headers)
            self._check_origin(method, headers)
            if self.token is not None and not path.startswith(PUBLIC_PATHS):
                self._check_auth(headers)
            length = headers.get("content-length")
            if length is not None:
                if not length.isdigit():
                    raise UsageError(f"invalid Content-Length {length!r}")
                if int(length) > self.max_body:
                    raise PayloadTooLarge(self._too_large(int(length)))
        except Unauthorized as exc:
            if not path.startswith("/api") and method in SAFE_METHODS and \
                    "text/html" in headers.get("accept", ""):
                target = path + ("?" + scope["query_string"].decode("latin-1")
                                 if scope.get("query_string") else "")
                await _redirect(send, "/login?next=" + quote(target, safe=""))
                return
            await _error(send, exc.status, str(exc))
            return
        except UsageError as exc:
            await _error(send, exc.status, str(exc))
            return
        await self.app(scope, self._limited(receive), send)

    # -- checks ----------------------------------------------------------
    def _check_host(self, headers: dict[str, str]) -> None:
        if self.token is not None:
            return
        name = _hostname(headers.get("host", ""))
        if not (is_loopback(name) or name in self.allowed_hosts):
            raise Forbidden(
                f"host {name!r} refused: without a token this server answers only "
                "loopback requests (127.0.0.1, localhost); start it with --token to "
                "serve other hosts"
            )

    @staticmethod
    def _check_origin(method: str, headers: dict[str, str]) -> None:
        origin = headers.get("origin")
        if method in SAFE_METHODS or origin is None:
            return
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:
            netloc = ""
        if origin == "null" or netloc.lower() != headers.get("host", "").lower():
            raise Forbidden(f"cross-site {method} from origin {origin!r} refused")

    def _check_auth(self, headers: dict[str, str]) -> None:
        assert self.token is not None
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            if hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
                return
            raise Unauthorized("invalid API token in the Authorization header")
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # malformed cookie header: treat as absent
            cookie = SimpleCookie()
        morsel = cookie.get(COOKIE)
        if morsel is not None and hmac.compare_digest(
            morsel.value.encode(), session_value(self.token).encode()
        ):
            return
        raise Unauthorized(
            "this server requires a token: send 'Authorization: Bearer <token>' "
            "or log in at /login"
        )

    def _too_large(self, size: int) -> str:
        return (f"request body of {size} bytes exceeds the limit of {self.max_body} bytes; "
                "send a shorter article")

    # -- plumbing --------------------------------------------------------
    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise PayloadTooLarge(self._too_large(seen))
            return message

        return limited

    def _with_headers(self, send: Send) -> Send:
        extra = [(k.encode(), v.encode()) for k, v in self.headers.items()]

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = [
                    *message.get("headers", ()), *(h for h in extra if h[0] not in names)
                ]
            await send(message)

        return wrapped


async def _error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"ok": False, "error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", location.encode("latin-1")), (b"content-length", b"0"),
    ]})
    await send({"type": "http.response.body", "body": b""})
