"""RSS and Atom feeds: each entry becomes an article.

The text of an entry is its full content (``content:encoded``, Atom
``content``) or else its summary, turned from HTML into plain text (one
paragraph a line). With ``fetch_entries`` the entry's page is fetched instead
(through :func:`presslens.readers.url.fetch_article`, so under the same SSRF
policy) and the feed's title, link and date fill in what the page lacks.
Feeds are recognised by content (root element ``rss``, ``feed`` or
``rdf:RDF``), whatever the file name or Content-Type.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx

from ..article import Article
from ..errors import ExtractError, ReaderError
from .common import DEFAULT_MAX_BYTES, ReadFailure, finish, slug_id
from .html import fragment_to_text
from .text import read_capped

__all__ = ["read_feed_bytes", "read_feed_file"]


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        stamp = calendar.timegm(parsed)
        return dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _entry_text(entry: Any) -> str:
    candidates: list[Any] = []
    if entry.get("content"):
        candidates.extend(entry["content"])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    for item in candidates:
        value = item.get("value") or ""
        kind = item.get("type") or "text/html"
        text = fragment_to_text(value) if "html" in kind else value
        if text.strip():
            return text
    return ""


def read_feed_bytes(
    raw: bytes,
    *,
    source: str,
    fetch_entries: bool = False,
    client: httpx.Client | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_networks: Iterable[Any] = (),
    timeout: float | None = None,
    deadline: float | None = None,
) -> Iterator[Article | ReadFailure]:
    """Articles from a feed document, in feed order; an unusable entry is a failure.

    ``meta``: title, url (entry link), published (ISO date), author, outlet
    (the feed's title), feed (the feed's own link), guid; ``source`` is the feed.
    """
    import feedparser  # given bytes, feedparser parses and never fetches

    parsed = feedparser.parse(raw)
    entries = parsed.get("entries") or []
    if not entries:
        why = "no entries"
        if parsed.get("bozo"):
            why = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield ReadFailure(source, ExtractError(f"{source}: {why}"))
        return
    feed = parsed.get("feed") or {}
    outlet = feed.get("title")
    for n, entry in enumerate(entries, start=1):
        where = f"{source}#entry{n}"
        link = entry.get("link")
        meta = {
            "title": entry.get("title"),
            "url": link,
            "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            "author": entry.get("author"),
            "outlet": outlet,
            "feed": feed.get("link"),
            "guid": entry.get("id"),
        }
        article_id = slug_id(link or entry.get("id") or "", fallback=where)
        if fetch_entries and link:
            from .url import fetch_article

            kwargs: dict[str, Any] = {"client": client, "max_bytes": max_bytes,
                                      "allow_networks": allow_networks}
            if timeout is not None:
                kwargs["timeout"] = timeout
            if deadline is not None:
                kwargs["deadline"] = deadline
            try:
                article = fetch_article(link, id=article_id, **kwargs)
            except ReaderError as exc:
                yield ReadFailure(link, exc)
                continue
            for key, value in meta.items():
                if value and not article.meta.get(key):
                    article.meta[key] = value
            article.meta["source"] = source
            yield article
            continue
        text = _entry_text(entry)
        if not text.strip():
            yield ReadFailure(where, ExtractError(f"{where}: the entry has no text"))
            continue
        yield finish(Article(id=article_id, text=text), source, **meta)


def read_feed_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, **kwargs: Any
) -> Iterator[Article | ReadFailure]:
    """Articles from an RSS/Atom file."""
    p = Path(path)
    try:
        raw = read_capped(p, max_bytes)
    except ReaderError as exc:
        yield ReadFailure(str(p), exc)
        return
    yield from read_feed_bytes(raw, source=str(p), max_bytes=max_bytes, **kwargs)
