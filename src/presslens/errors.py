"""The presslens exception tree.

    PresslensError                 base of everything presslens raises on purpose
    ├── UsageError                 a bad option, name or format (CLI exit 2, HTTP 400)
    ├── ReaderError                an input could not be turned into an Article
    │   ├── FetchError             a URL could not (or must not) be fetched
    │   └── ExtractError           a file or page held no usable text
    ├── AnalyzerError              an analyzer failed on one article
    ├── PipelineError              analyzers cannot be put together as asked
    ├── ModelError                 shipped weights are missing, corrupt or unusable
    ├── DataError                  a research data set is missing or malformed
    ├── SpanError (ValueError)     offsets that do not fit the article text
    └── StoreError                 the database failed or refused
        └── NotFound               no such article (HTTP 404)

Every class carries a ``status`` for the web layer, and every message says
what was wrong and what to do instead, so the CLI can print one line and the
API one JSON body without a traceback.
"""

from __future__ import annotations

__all__ = [
    "AnalyzerError",
    "DataError",
    "ExtractError",
    "FetchError",
    "ModelError",
    "NotFound",
    "PipelineError",
    "PresslensError",
    "ReaderError",
    "SpanError",
    "StoreError",
    "UsageError",
]


class PresslensError(Exception):
    """Base class: a failure presslens understands and can explain."""

    status = 500

    @property
    def message(self) -> str:
        return str(self)


class UsageError(PresslensError):
    """The caller asked for something that does not exist or cannot work."""

    status = 400


class ReaderError(PresslensError):
    status = 400


class FetchError(ReaderError):
    status = 400


class ExtractError(ReaderError):
    status = 422


class AnalyzerError(PresslensError):
    """An analyzer failed; carries which analyzer and which article."""

    status = 500

    def __init__(self, message: str, *, analyzer: str = "", article_id: str = "") -> None:
        super().__init__(message)
        self.analyzer = analyzer
        self.article_id = article_id


class PipelineError(PresslensError):
    status = 400


class ModelError(PresslensError):
    status = 500


class DataError(PresslensError):
    status = 400


class SpanError(PresslensError, ValueError):
    status = 500


class StoreError(PresslensError):
    status = 500


class NotFound(StoreError):
    status = 404
