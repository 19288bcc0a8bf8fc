"""Plain text files, kept exactly: no stripping, no newline or Unicode normalisation."""

from __future__ import annotations

from pathlib import Path

from ..article import Article
from ..errors import ExtractError, ReaderError

__all__ = ["read_text_file"]


def read_text_file(path: str | Path, *, replace_errors: bool = False) -> Article:
    """Read a UTF-8 text file; the article id is the file stem."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8", errors="replace" if replace_errors else "strict")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{str(p)!r} is not valid UTF-8 (byte offset {exc.start}); "
            "re-encode it or pass --replace-errors to decode with U+FFFD"
        ) from exc
    return Article(id=p.stem, text=text, meta={"source": str(p)})
