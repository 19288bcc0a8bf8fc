"""JSONL corpora: one JSON object a line, ``{"id", "text", ...metadata}``.

A line that is not a JSON object with a non-empty string ``text`` (or an
``html`` page to extract) becomes a :class:`ReadFailure` naming ``file:line``
and the rest of the file goes on. A missing id becomes ``<file stem>-<line>``.
Every other field goes into ``meta`` (a ``meta`` object is merged in too, so
presslens's own JSONL output can be read back). The text is kept exactly as
the JSON string holds it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..article import SECTIONS, Article
from ..errors import ExtractError, ReaderError
from .common import DEFAULT_MAX_BYTES, ReadFailure, decode_utf8, finish, human_size

__all__ = ["iter_jsonl", "iter_jsonl_stream", "read_jsonl_file", "record_to_article",
           "split_lines"]

#: Top-level keys of presslens output that are not metadata.
_NOT_META = {"id", "text", "html", "meta", "schema_version", "model", *SECTIONS}


def record_to_article(
    record: Any, *, default_id: str, source: str, line: int | None = None
) -> Article:
    """One decoded JSONL record to an Article; raises :class:`ExtractError` if unusable.

    ``source`` is the file (or ``-``); ``line`` its line number, kept in
    ``meta["line"]`` and used in error messages (``file:line``).
    """
    where = source if line is None else f"{source}:{line}"
    if not isinstance(record, dict):
        raise ExtractError(
            f"{where}: expected a JSON object with \"text\", got {type(record).__name__}"
        )
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        article_id = default_id
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        article_id = str(raw_id)
    else:
        raise ExtractError(f"{where}: \"id\" must be a string or integer, got {raw_id!r}")
    meta: dict[str, Any] = {}
    if isinstance(record.get("meta"), dict):
        meta.update(record["meta"])
        meta.pop("missing", None)
    meta.update({k: v for k, v in record.items() if k not in _NOT_META})
    text = record.get("text")
    if text is None and isinstance(record.get("html"), str):
        from .html import read_html_string

        article = read_html_string(
            record["html"], id=article_id, url=meta.get("url"), source=where
        )
        for key, value in meta.items():
            article.meta.setdefault(key, value)
        article.meta["source"] = source
        if line is not None:
            article.meta["line"] = line
        return article
    if not isinstance(text, str):
        raise ExtractError(
            f"{where}: \"text\" must be a string, got "
            f"{'nothing' if text is None else type(text).__name__}"
        )
    if not text.strip():
        raise ExtractError(f"{where}: \"text\" is empty")
    warnings = meta.pop("warnings", None)
    article = Article(id=article_id, text=text, meta=meta)
    if isinstance(warnings, list):
        article.meta["warnings"] = [str(w) for w in warnings]
    if line is not None:
        article.meta["line"] = line
    return finish(article, source)


def iter_jsonl(
    lines: Iterable[bytes],
    *,
    source: str,
    stem: str,
    replace_errors: bool = False,
    max_line_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadFailure]:
    """Articles (or failures, one per bad line) from JSONL byte lines; blank lines skipped.

    A source with no non-blank line at all is one failure ("empty").
    """
    seen_any = False
    for lineno, line in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if len(line) > max_line_bytes:
            yield ReadFailure(
                where,
                ExtractError(
                    f"{where}: line is over the {human_size(max_line_bytes)} limit for one input"
                ),
            )
            seen_any = True
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        seen_any = True
        try:
            decoded = decode_utf8(line, where, replace_errors=replace_errors)
            try:
                record = json.loads(decoded)
            except ValueError as exc:
                raise ExtractError(f"{where}: not valid JSON ({exc})") from exc
            yield record_to_article(
                record, default_id=f"{stem}-{lineno}", source=source, line=lineno
            )
        except ReaderError as exc:
            yield ReadFailure(where, exc)
    if not seen_any:
        yield ReadFailure(source, ExtractError(f"{source} is empty (no JSONL records)"))


def split_lines(chunks: Iterable[bytes], max_line_bytes: int) -> Iterator[bytes]:
    """Lines (with their ``\\n``) of a stream of byte chunks, never holding more than
    ``max_line_bytes + 1`` bytes of one line: an overlong line is yielded as its
    first ``max_line_bytes + 1`` bytes (so the caller can refuse it) and the rest
    is skipped, so one line always yields exactly one item."""
    buf = bytearray()
    skipping = False
    for chunk in chunks:
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            stop = nl + 1 if nl >= 0 else len(chunk)
            if skipping:
                skipping = nl < 0
            else:
                buf += chunk[start:stop]
                if len(buf) > max_line_bytes:
                    yield bytes(buf[: max_line_bytes + 1])
                    buf.clear()
                    skipping = nl < 0
                elif nl >= 0:
                    yield bytes(buf)
                    buf.clear()
            if nl < 0:
                break
            start = stop
    if buf and not skipping:
        yield bytes(buf)


def _chunks(fh: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    while chunk := fh.read(size):
        yield chunk


def read_jsonl_file(
    path: str | Path,
    *,
    replace_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadFailure]:
    """Stream a JSONL file (any size; ``max_bytes`` caps each line, not the file)."""
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        yield ReadFailure(str(p), ReaderError(f"cannot read {str(p)!r}: {exc.strerror or exc}"))
        return
    with fh:
        yield from iter_jsonl(
            split_lines(_chunks(fh), max_bytes),
            source=str(p),
            stem=p.stem,
            replace_errors=replace_errors,
            max_line_bytes=max_bytes,
        )


def iter_jsonl_stream(
    fh: IO[bytes], *, source: str, stem: str, head: bytes = b"",
    replace_errors: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadFailure]:
    """Like :func:`read_jsonl_file` over an open binary stream (stdin); ``head`` is
    what was already read from it to sniff the format."""
    chunks = itertools.chain([head] if head else [], _chunks(fh))
    yield from iter_jsonl(
        split_lines(chunks, max_bytes), source=source, stem=stem,
        replace_errors=replace_errors, max_line_bytes=max_bytes,
    )
