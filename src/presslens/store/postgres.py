"""PostgreSQL back end (psycopg 3): a ``postgresql://`` URL, tsvector full-text search.

The same schema and SQL as SQLite (``presslens.store.sql``); ``?``
placeholders become ``%s`` here. Migrations take a transaction-scoped
advisory lock so two processes opening a new database do not both create
the tables. Connections run in autocommit mode and every write is an
explicit transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .base import redact
from .sql import Cursor, SQLStore

__all__ = ["PostgresStore"]

#: pg_advisory_xact_lock key for migrations (any constant; "presslns" in ASCII-ish).
_MIGRATION_LOCK = 0x70726573


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class _Cursor:
    """Adapts a psycopg cursor to ``?`` placeholders."""

    def __init__(self, cur: Any) -> None:
        self._cur = cur

    @property
    def description(self) -> Any:
        return self._cur.description

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cur.execute(_pg(sql), list(params) if params else None)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        return self._cur.executemany(_pg(sql), rows)

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall())


class PostgresStore(SQLStore):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = redact(url)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError(
                "PostgreSQL support needs psycopg 3: pip install 'psycopg[binary]'"
            ) from exc
        self._psycopg = psycopg
        dsn = "postgresql://" + url.split("://", 1)[1]
        try:
            self._conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL at {self.url}: {exc}".rstrip()
                + "; check host, port, user, password and database name"
            ) from exc
        try:
            self.migrate()
        except StoreError:
            self._conn.close()
            raise
        except psycopg.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot set up the schema in {self.url}: {exc}") from exc

    @contextmanager
    def _tx(self) -> Iterator[Cursor]:
        with self._conn.transaction(), self._conn.cursor() as cur:
            yield _Cursor(cur)

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        with self._conn.cursor() as cur:
            yield _Cursor(cur)

    def _close(self) -> None:
        self._conn.close()

    def _retryable(self, exc: Exception) -> bool:
        errors = self._psycopg.errors
        return isinstance(exc, errors.DeadlockDetected | errors.SerializationFailure)

    def _migration_lock(self, cur: Cursor) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])

    def _as_dict(self, cur: Cursor, row: Any) -> dict[str, Any]:
        names = [d[0] for d in cur.description]  # type: ignore[attr-defined]
        return dict(zip(names, row, strict=True))
