"""HTML pages: the main text and its metadata, extracted with trafilatura.

The article text is trafilatura's plain-text extraction (paragraphs joined
by ``\\n``, boilerplate such as menus and footers dropped); offsets refer to
that text, not to the HTML source. Title, site name, canonical URL,
publication date (ISO ``YYYY-MM-DD``), author and declared language go into
``meta``.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import ExtractError
from .common import DEFAULT_MAX_BYTES, finish, slug_id
from .text import read_capped

__all__ = ["decode_html", "fragment_to_text", "read_html_bytes", "read_html_file",
           "read_html_string"]

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """Decode an HTML page: the HTTP charset, else UTF-8, else ``<meta charset>``, else cp1252.

    Unlike plain text, invalid bytes are replaced rather than refused:
    offsets refer to the extracted text, never to the page bytes.
    """
    if charset:
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            logger.debug("unknown charset %r, sniffing instead", charset)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    text = str(value)
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def read_html_string(
    html: str, *, id: str | None = None, url: str | None = None, source: str | None = None
) -> Article:
    """Extract the main text and metadata of an HTML page into an :class:`Article`.

    ``id`` defaults to the last segment of ``url`` (or a hash of the text);
    ``source`` (default: ``url`` or ``"<html>"``) goes into ``meta["source"]``.
    Raises :class:`ExtractError` when the page holds no extractable text.
    """
    import trafilatura  # slow import (lxml, justext...); only when HTML is read

    where = source or url or "<html>"
    if not html.strip():
        raise ExtractError(f"{where} is empty (no HTML to extract text from)")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise ExtractError(f"{where}: HTML could not be parsed ({exc})") from exc
    data: dict[str, Any] = {}
    if doc is not None:
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        raise ExtractError(
            f"{where}: no article text found in the HTML (is it a JavaScript-only page, "
            "an index page or a login wall?)"
        )
    meta_url = data.get("url") or url
    article_id = id or slug_id(meta_url or "", fallback=text)
    article = Article(id=article_id, text=text)
    return finish(
        article,
        where,
        title=data.get("title"),
        outlet=data.get("sitename") or data.get("hostname"),
        site=data.get("hostname"),
        url=meta_url,
        published=_iso_date(data.get("date")),
        author=data.get("author"),
        language=data.get("language") or _declared_lang(html),
        description=data.get("description"),
    )


_LANG_ATTR = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""", re.I)


def _declared_lang(html: str) -> str | None:
    m = _LANG_ATTR.search(html[:4096])
    return m.group(1).lower() if m else None


def read_html_bytes(
    raw: bytes, *, id: str | None = None, url: str | None = None, source: str,
    charset: str | None = None,
) -> Article:
    """:func:`read_html_string` over bytes, decoded by :func:`decode_html`."""
    return read_html_string(decode_html(raw, charset), id=id, url=url, source=source)


def read_html_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read an ``.html``/``.htm`` file; the id is the file stem."""
    p = Path(path)
    raw = read_capped(p, max_bytes)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ExtractError(f"{p} looks binary (NUL byte at byte offset {nul})")
    return read_html_bytes(raw, id=p.stem, source=str(p))


_BREAK = "\x00"  # a block boundary; NUL never survives HTML parsing as data


class _TextParser(HTMLParser):
    """HTML fragment (a feed summary) to text: block elements become line breaks."""

    BLOCKS = frozenset({
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "tr", "table", "section", "article", "header", "footer", "figure", "figcaption",
        "hr",
    })
    SKIP = frozenset({"script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace(_BREAK, " "))


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: whitespace inside a paragraph collapsed,
    one paragraph a line (feed summaries are too short for trafilatura)."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(chunk.split()) for chunk in "".join(parser.parts).split(_BREAK))
    return "\n".join(line for line in lines if line)
