"""Plain text files, kept exactly: no stripping, no newline or Unicode normalisation.

``Article.text`` is ``file_bytes.decode("utf-8")``: CRLF stays CRLF, a UTF-8
byte-order mark stays as U+FEFF at offset 0, NBSP, combining marks and emoji
are untouched, so an offset is the index of a character of the decoded file.
"""

from __future__ import annotations

from pathlib import Path

from ..article import Article
from ..errors import ExtractError, ReaderError
from .common import DEFAULT_MAX_BYTES, check_not_empty, decode_utf8, finish, human_size

__all__ = ["read_capped", "read_text_bytes", "read_text_file"]


def read_capped(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing it (without reading it all) when it exceeds ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so a pipe or a device that never
    ends cannot exhaust memory either.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_file() and size > max_bytes:
            raise ExtractError(_too_big(str(p), size, max_bytes))
        with p.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ReaderError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:
        raise ExtractError(_too_big(str(p), None, max_bytes))
    return raw


def _too_big(source: str, size: int | None, max_bytes: int) -> str:
    what = f"is {human_size(size)}" if size is not None else "is larger than the limit"
    return (
        f"{source} {what}, over the {human_size(max_bytes)} limit for one input; "
        "split it or raise the limit (max_bytes)"
    )


def read_text_bytes(
    raw: bytes, *, id: str, source: str, replace_errors: bool = False
) -> Article:
    """An Article from UTF-8 bytes, kept exactly; refuses empty and binary input."""
    text = decode_utf8(raw, source, replace_errors=replace_errors)
    check_not_empty(text, source)
    article = Article(id=id, text=text)
    if text.startswith("\ufeff"):
        article.meta["bom"] = True
    if replace_errors and "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
        article.meta.setdefault("warnings", []).append(
            "invalid UTF-8 bytes were replaced with U+FFFD"
        )
    return finish(article, source)


def read_text_file(
    path: str | Path, *, replace_errors: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Article:
    """Read a UTF-8 text file; the article id is the file stem.

    Raises :class:`ExtractError` for an empty, binary, oversized or
    non-UTF-8 file (the message names the file and the byte offset), and
    :class:`ReaderError` when the file cannot be opened.
    """
    p = Path(path)
    raw = read_capped(p, max_bytes)
    return read_text_bytes(raw, id=p.stem, source=str(p), replace_errors=replace_errors)
