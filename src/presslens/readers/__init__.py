"""Readers turn inputs (files, folders, JSONL, HTML, URLs, feeds, stdin) into Articles.

:func:`iter_sources` is the one entry point the CLI, the store and the web
service use: it expands every source into articles and yields a
:class:`ReadFailure` (never raises) for an input that cannot be read, so one
bad file does not stop a corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..article import Article
from ..errors import ReaderError
from .text import read_text_file

__all__ = ["ReadFailure", "iter_sources", "read_text_file"]


@dataclass
class ReadFailure:
    """An input that could not be read, and why."""

    source: str
    error: ReaderError


def iter_sources(sources: list[str], *, replace_errors: bool = False) -> Iterator[Article | ReadFailure]:
    """Expand each source into Articles, in order."""
    for source in sources:
        try:
            yield read_text_file(source, replace_errors=replace_errors)
        except ReaderError as exc:
            yield ReadFailure(source, exc)
