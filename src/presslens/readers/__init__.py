"""Readers turn inputs (files, folders, JSONL, HTML, URLs, feeds, stdin) into Articles.

:func:`iter_sources` is the one entry point the CLI, the store and the web
service use: it expands every source into articles and yields a
:class:`ReadFailure` (never raises) for an input that cannot be read, so one
bad file does not stop a corpus. See ``docs/readers.md``.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..article import Article
from ..errors import ExtractError, FetchError, ReaderError
from .common import (
    DEFAULT_MAX_BYTES,
    ReadFailure,
    add_warning,
    human_size,
    looks_like_feed,
    looks_like_html,
    looks_like_jsonl,
    unique_id,
)
from .text import read_capped, read_text_bytes, read_text_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DIRECTORY_SUFFIXES",
    "ReadFailure",
    "iter_directory",
    "iter_sources",
    "read_path",
    "read_stdin",
    "read_text_file",
]

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: File kinds a directory is searched for (case-insensitive); others are skipped.
DIRECTORY_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SNIFF = 1 << 16


def iter_sources(
    sources: Iterable[str | Path],
    *,
    replace_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_entries: bool = False,
    stdin: IO[bytes] | None = None,
    client: Any = None,
    allow_networks: Iterable[Any] = (),
) -> Iterator[Article | ReadFailure]:
    """Expand each source into Articles, in order, lazily (a corpus is never held in memory).

    A source is ``-`` (stdin), an ``http(s)://`` URL (a page or a feed), a
    directory (searched recursively for :data:`DIRECTORY_SUFFIXES`, sorted by
    path), or a file (text, HTML, JSONL or feed, by suffix and content).
    ``max_bytes`` caps each file, HTTP body and JSONL line. Ids are made
    unique over the run: a repeated id gets ``-2``, ``-3``... and a warning.
    ``client``/``allow_networks`` go to :func:`presslens.readers.url.fetch`.
    """
    opts: dict[str, Any] = {
        "replace_errors": replace_errors,
        "max_bytes": max_bytes,
        "fetch_entries": fetch_entries,
        "client": client,
        "allow_networks": tuple(allow_networks),
    }
    seen: set[str] = set()
    for source in sources:
        for item in _guarded(str(source), lambda s=str(source): _expand(s, stdin, opts)):
            if isinstance(item, Article):
                new = unique_id(item.id, seen)
                if new != item.id:
                    add_warning(
                        item,
                        f"id {item.id!r} was already used by an earlier input; renamed {new!r}",
                    )
                    item.id = new
            yield item


def _guarded(source: str, make: Any) -> Iterator[Article | ReadFailure]:
    """Run a reader generator, turning anything it raises into one final failure."""
    try:
        yield from make()
    except ReaderError as exc:
        yield ReadFailure(source, exc)
    except Exception as exc:  # a bug or a third-party surprise must not stop a corpus
        logger.debug("unexpected error reading %s", source, exc_info=True)
        yield ReadFailure(
            source, ReaderError(f"{source}: unexpected {type(exc).__name__}: {exc}")
        )


def _expand(source: str, stdin: IO[bytes] | None, opts: dict[str, Any]) -> Iterator[Any]:
    if source == "-":
        yield from read_stdin(stdin, replace_errors=opts["replace_errors"],
                              max_bytes=opts["max_bytes"])
        return
    if _SCHEME.match(source):
        if not source.lower().startswith(("http://", "https://")):
            yield ReadFailure(
                source, FetchError(f"refused to read {source!r}: only http(s) URLs are fetched")
            )
            return
        from .url import fetch_source

        yield from fetch_source(source, **opts)
        return
    path = Path(source)
    if path.is_dir():
        yield from iter_directory(path, **_file_opts(opts))
    elif path.exists():
        yield from read_path(path, **_file_opts(opts))
    else:
        yield ReadFailure(
            source,
            ReaderError(f"{source!r}: no such file or directory (nor an http(s) URL or -)"),
        )


def _file_opts(opts: dict[str, Any]) -> dict[str, Any]:
    return {"replace_errors": opts["replace_errors"], "max_bytes": opts["max_bytes"]}


def _walk(root: Path) -> list[Path]:
    """Readable files under ``root``: hidden names and symlinked directories skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in DIRECTORY_SUFFIXES:
                found.append(Path(dirpath, name))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def iter_directory(
    root: str | Path, *, replace_errors: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | ReadFailure]:
    """Every ``.txt``, ``.html``, ``.htm`` and ``.jsonl`` file under ``root``, recursively,
    in sorted path order (by path components, so ``a/z.txt`` comes before ``a-b.txt``)."""
    root = Path(root)
    files = _walk(root)
    if not files:
        yield ReadFailure(
            str(root),
            ExtractError(
                f"{root} holds no {', '.join(sorted(DIRECTORY_SUFFIXES))} files to read"
            ),
        )
        return
    for path in files:
        yield from _guarded(
            str(path),
            lambda p=path: read_path(p, replace_errors=replace_errors, max_bytes=max_bytes),
        )


def read_path(
    path: str | Path, *, replace_errors: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | ReadFailure]:
    """One file: JSONL by suffix; a feed by content; HTML by suffix or content;
    JSONL by content for unknown suffixes; otherwise UTF-8 text kept exactly."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        from .jsonl import read_jsonl_file

        yield from read_jsonl_file(p, replace_errors=replace_errors, max_bytes=max_bytes)
        return
    try:
        raw = read_capped(p, max_bytes)
    except ReaderError as exc:
        yield ReadFailure(str(p), exc)
        return
    yield from _read_bytes(raw, id=p.stem, source=str(p), suffix=suffix,
                           replace_errors=replace_errors, max_bytes=max_bytes)


def _read_bytes(
    raw: bytes, *, id: str, source: str, suffix: str, replace_errors: bool, max_bytes: int
) -> Iterator[Article | ReadFailure]:
    head = raw[:_SNIFF]
    try:
        if looks_like_feed(head):
            from .feed import read_feed_bytes

            yield from read_feed_bytes(raw, source=source, max_bytes=max_bytes)
        elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(head)):
            nul = raw.find(b"\x00")
            if nul >= 0:
                raise ExtractError(f"{source} looks binary (NUL byte at byte offset {nul})")
            from .html import read_html_bytes

            yield read_html_bytes(raw, id=id, source=source)
        elif suffix not in TEXT_SUFFIXES and looks_like_jsonl(head):
            from .jsonl import iter_jsonl, split_lines

            yield from iter_jsonl(split_lines([raw], max_bytes), source=source, stem=id,
                                  replace_errors=replace_errors, max_line_bytes=max_bytes)
        else:
            yield read_text_bytes(raw, id=id, source=source, replace_errors=replace_errors)
    except ReaderError as exc:
        yield ReadFailure(source, exc)


def read_stdin(
    stream: IO[bytes] | None = None,
    *,
    replace_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | ReadFailure]:
    """Standard input: JSONL (streamed, any length) if the first line is a JSON
    object, else one document (a feed, HTML or text) of at most ``max_bytes``,
    with id ``stdin`` and ``meta["source"] == "-"``."""
    fh = stream if stream is not None else sys.stdin.buffer
    head = fh.read(_SNIFF)
    if looks_like_jsonl(head):
        from .jsonl import iter_jsonl_stream

        yield from iter_jsonl_stream(fh, source="-", stem="stdin", head=head,
                                     replace_errors=replace_errors, max_bytes=max_bytes)
        return
    raw = head + fh.read(max(0, max_bytes + 1 - len(head)))
    if len(raw) > max_bytes:
        yield ReadFailure(
            "-",
            ExtractError(
                f"standard input is over the {human_size(max_bytes)} limit for one document; "
                "pass a file, or JSONL (one article a line)"
            ),
        )
        return
    yield from _read_bytes(raw, id="stdin", source="-", suffix="", replace_errors=replace_errors,
                           max_bytes=max_bytes)
