"""``presslens serve``: run the web UI and JSON API with uvicorn.

Binds 127.0.0.1 by default. Any other address exposes the service to the
network, so it refuses to start there without an access token (``--token``
or env ``PRESSLENS_TOKEN``).
"""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from ..errors import UsageError
from .security import DEFAULT_MAX_BODY, DEFAULT_MAX_CHARS, is_loopback

__all__ = ["cmd_serve", "register"]

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    """Add ``serve`` to the ``presslens`` command."""
    p = subparsers.add_parser("serve", help="run the web UI and JSON API")
    p.add_argument("--db", metavar="URL",
                   help="corpus database: file path, sqlite:///path or postgresql://... "
                        "(default: env PRESSLENS_DB or presslens.db)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; others need --token)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", metavar="T",
                   help="access token required from clients (default: env PRESSLENS_TOKEN)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                   help=f"longest article analysed, in characters (default {DEFAULT_MAX_CHARS})")
    p.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY,
                   help=f"request body limit in bytes (default {DEFAULT_MAX_BODY})")
    p.set_defaults(func=cmd_serve)


def resolve_token(host: str, token: str | None) -> str | None:
    """The token to use; raises :class:`UsageError` if a public bind has none."""
    token = token or os.environ.get("PRESSLENS_TOKEN") or None
    if not is_loopback(host) and token is None:
        raise UsageError(
            f"refusing to serve on {host!r} without an access token: anyone who can reach "
            "it could use the service; pass --token T (or set PRESSLENS_TOKEN), or bind "
            "127.0.0.1"
        )
    if token is not None and len(token) < 12:
        raise UsageError(
            "the access token is too short; use at least 12 characters (for example: "
            "python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    return token


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    token = resolve_token(args.host, args.token)
    app = create_app(args.db, token or "", max_body=args.max_body, max_chars=args.max_chars)
    print(f"presslens serving on http://{args.host}:{args.port}/"
          + (" (token required)" if token else ""), flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info",
                proxy_headers=False, server_header=False)
    return 0
