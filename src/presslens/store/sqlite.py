"""SQLite back end: one file, WAL journal, FTS5 full-text index.

Each write transaction is ``BEGIN IMMEDIATE`` ... ``COMMIT``, so concurrent
writers (two ingests, an ingest and the web app) queue on the lock instead
of failing half-way, and a process killed mid-transaction leaves the last
committed state (SQLite rolls the journal back on the next open).
``synchronous=NORMAL`` with WAL keeps every commit across a process crash;
only a power loss can drop the last few.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .sql import Cursor, SQLStore, iso_week

__all__ = ["SQLiteStore"]


class SQLiteStore(SQLStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path = ":memory:") -> None:
        super().__init__()
        self.path = str(path)
        self.url = f"sqlite:///{self.path}" if self.path != ":memory:" else "sqlite://:memory:"
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot create SQLite database {self.path!r}: folder {str(parent)!r} "
                    "does not exist; create it or pass another --db path"
                )
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=60.0
            )
            self._conn.create_function("iso_week", 1, iso_week, deterministic=True)
            self._conn.execute("PRAGMA busy_timeout = 60000")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: aggregates stay in memory
            self._conn.execute("PRAGMA temp_store = MEMORY")
            self._conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open SQLite database {self.path!r}: {exc}; check the path and that "
                "it is a presslens database (or a new file)"
            ) from exc
        try:
            self.migrate()
        except StoreError:
            self._conn.close()
            raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(
                f"cannot set up the schema in {self.path!r}: {exc}; is it a presslens "
                "database? use a new file otherwise"
            ) from exc

    @contextmanager
    def _tx(self) -> Iterator[Cursor]:
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            self._conn.rollback()
            raise
        else:
            cur.execute("COMMIT")
        finally:
            cur.close()

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        cur = self._conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _close(self) -> None:
        self._conn.close()

    #: sampled ANALYZE: a second or less even on a large corpus
    _OPTIMIZE = ("PRAGMA analysis_limit = 1000", "ANALYZE")

    def _migration_lock(self, cur: Cursor) -> None:
        """``BEGIN IMMEDIATE`` already holds the write lock."""

    def _index_texts(self, cur: Cursor, rows: Sequence[tuple[int, str | None, str]]) -> None:
        if rows:
            cur.executemany(
                "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                [(pk, title or "", text) for pk, title, text in rows],
            )

    def _as_dict(self, cur: Cursor, row: Any) -> dict[str, Any]:
        names = [d[0] for d in cur.description]  # type: ignore[attr-defined]
        return dict(zip(names, row, strict=True))
