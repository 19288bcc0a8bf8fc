"""The corpus store interface, shared by SQLite and PostgreSQL, and ``open_store``.

A store keeps every ingested article once (deduplicated by normalised
content hash, :attr:`Article.content_hash`, and by URL), its analysis as the
``Article.to_dict()`` JSON together with the analyzer versions that made it,
and normalised tables derived from that JSON (techniques, attributions,
actor labels, entities) so that corpus questions are SQL aggregates rather
than JSON scans. Writes are idempotent upserts, each batch in one
transaction with its analysis, so an ingest killed at any point can simply
be run again.

Both back ends implement :class:`Store`; callers (CLI, web API, queries)
never import a back end directly but call :func:`open_store` with a URL:

- ``presslens.db``, ``sqlite:///path/to.db``, ``sqlite://:memory:`` -> SQLite
- ``postgresql://user:pass@host:port/db`` (or ``postgres://``) -> PostgreSQL
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, runtime_checkable

from ..errors import StoreError

__all__ = [
    "DEFAULT_URL",
    "SCHEMES",
    "STATUSES",
    "AddResult",
    "ArticleRecord",
    "Status",
    "Store",
    "open_store",
    "redact",
]

#: Where ``presslens ingest`` writes when no ``--db`` is given (env PRESSLENS_DB overrides).
DEFAULT_URL = "presslens.db"
#: URL schemes :func:`open_store` understands (plus a bare file path for SQLite).
SCHEMES = ("sqlite://", "postgresql://", "postgres://")

Status = Literal["analyzed", "pending", "failed"]
#: ``analyzed``: the analysis JSON is stored; ``pending``: stored without
#: analysis (``--no-analyze``), picked up by ``presslens reanalyze``;
#: ``failed``: an analyzer failed (reason in ``error`` and the failures table).
STATUSES: tuple[str, ...] = ("analyzed", "pending", "failed")


@dataclass
class ArticleRecord:
    """One article to store: its ``Article.to_dict()`` JSON and how it got there.

    ``data`` must have at least ``id`` and ``text``; ``meta`` supplies
    ``title``, ``outlet``, ``url``, ``published``. ``analyzers`` maps each
    analyzer that ran to its version (``{"parse": "1", ...}``), compared by
    ``presslens reanalyze --only-stale`` with the installed analyzers.
    ``source`` is the input it was read from (file path, URL).
    """

    data: dict[str, Any]
    status: Status = "analyzed"
    analyzers: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class AddResult:
    """What happened to one :class:`ArticleRecord` given to :meth:`Store.add_many`.

    ``created`` is False when the article was already stored; then
    ``duplicate_of`` names the stored id it matched (same content hash or
    same URL) and ``id`` equals it.
    """

    id: str
    created: bool
    duplicate_of: str | None = None


@runtime_checkable
class Store(Protocol):
    """What every back end offers. All methods raise :class:`StoreError` on failure.

    Article ids are strings chosen by the store: the reader's ``Article.id``
    when free, otherwise that id with a short content-hash suffix (two
    folders can both hold ``1.txt``).
    """

    #: ``"sqlite"`` or ``"postgresql"``: queries use it to pick SQL dialect bits.
    dialect: str
    #: The URL it was opened with, password removed (safe to print).
    url: str

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def optimize(self) -> None:
        """Refresh the query planner's statistics (``ANALYZE``); ingest and
        reanalyze call it when they have written something."""
        ...

    def schema_version(self) -> int:
        """The highest migration applied (see ``presslens.store.migrations``)."""
        ...

    # -- writing ---------------------------------------------------------
    def add_many(self, records: Sequence[ArticleRecord]) -> list[AddResult]:
        """Store articles (with analysis and normalised rows) in ONE transaction.

        Idempotent: a record whose content hash or URL is already stored is
        skipped (``created=False``), including duplicates within the batch.
        Either every record of the batch is stored or none is. The failures
        table is kept in step in the same transaction: a ``failed`` record
        adds an ``analyze`` failure for its source, a stored record clears
        earlier ``read`` failures of its source (an ``analyzed`` one all).
        """
        ...

    def add(self, record: ArticleRecord) -> AddResult:
        """:meth:`add_many` for one record."""
        ...

    def find_duplicate(self, content_hash: str, url: str | None = None) -> str | None:
        """The id of a stored article with this content hash or URL, else None."""
        ...

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of ``urls`` already stored (to skip fetching them again)."""
        ...

    def update_analysis(self, article_id: str, record: ArticleRecord) -> None:
        """Replace an article's analysis JSON, status and normalised rows atomically.

        Used by ``reanalyze``; ``record.data`` is the complete new analysis.
        Raises :class:`NotFound` for an unknown id.
        """
        ...

    def record_failure(self, source: str, reason: str, *, stage: str = "read") -> None:
        """Note that ``source`` failed (``stage``: read, analyze, store) and why.

        One row per (source, stage): a retry that fails again updates the
        reason, time and attempt count instead of adding a row.
        """
        ...

    def clear_failure(self, source: str) -> None:
        """Forget earlier failures of ``source`` (it has now been stored)."""
        ...

    # -- reading ---------------------------------------------------------
    def get_article(self, article_id: str) -> dict[str, Any]:
        """The stored ``Article.to_dict()`` JSON plus a ``store`` section.

        ``store`` = ``{"status", "error", "outlet", "published", "url",
        "content_hash", "words", "source", "analyzers", "ingested_at",
        "analyzed_at"}``. Raises :class:`NotFound` for an unknown id.
        """
        ...

    def count_articles(self, status: Status | None = None) -> int:
        """How many articles are stored (optionally with this status)."""
        ...

    def iter_articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: Status | None = None,
        batch_size: int = 500,
    ) -> Iterator[dict[str, Any]]:
        """Stream stored articles as :meth:`get_article` dicts, oldest id first.

        Reads ``batch_size`` rows at a time (keyset pagination), so memory
        stays flat for any corpus size. ``since``/``until`` are ISO dates,
        inclusive, compared with the publication date.
        """
        ...

    def analysis_state(self) -> Iterator[tuple[str, str, dict[str, str]]]:
        """``(id, status, analyzers)`` for every article, for ``reanalyze``."""
        ...

    def failures(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Recorded failures, newest first: ``{source, stage, reason, attempts, time}``."""
        ...

    def stats(self) -> dict[str, Any]:
        """``{"articles", "analyzed", "pending", "failed", "failures", "outlets",
        "first_published", "last_published", "schema_version"}``."""
        ...

    # -- for presslens.store.queries ---------------------------------------
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read-only SQL statement (``?`` placeholders) and return dict rows."""
        ...


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def open_store(url: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``None`` means env ``PRESSLENS_DB`` or :data:`DEFAULT_URL`. Raises
    :class:`StoreError` for an unknown scheme (naming the valid ones) or a
    database that cannot be opened.
    """
    import os

    target = str(url) if url is not None else os.environ.get("PRESSLENS_DB", DEFAULT_URL)
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target)
    if target.startswith("sqlite://"):
        rest = target[len("sqlite://"):]
        # SQLAlchemy's convention: sqlite:///rel.db is relative, sqlite:////abs.db absolute.
        path = rest[1:] if rest.startswith("/") else rest
        from .sqlite import SQLiteStore

        return SQLiteStore(path or ":memory:")
    if "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(
            f"unknown database URL scheme {scheme + '://'!r} in {redact(target)!r}; use a "
            f"file path or one of {', '.join(SCHEMES)} (for example sqlite:///corpus.db or "
            "postgresql://user@localhost/presslens)"
        )
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
