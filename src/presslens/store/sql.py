"""The :class:`Store` implementation shared by SQLite and PostgreSQL.

Subclasses supply the connection, transactions and the few statements that
differ (full-text indexing, placeholders, migration locking); everything
else (dedupe, id choice, normalised rows, reading back) is written once
here in SQL both dialects accept (``ON CONFLICT``, ``RETURNING``,
``substr``, ``coalesce``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..article import SECTIONS
from ..errors import NotFound, StoreError
from ..techniques.taxonomy import CATEGORY_OF
from .base import AddResult, ArticleRecord, Status
from .migrations import MIGRATIONS

__all__ = ["Cursor", "SQLStore", "article_fields", "content_hash", "normalised_rows"]

log = logging.getLogger(__name__)


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses, with ``?`` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    """Same as :attr:`Article.content_hash`: whitespace collapsed, case folded, SHA-256."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _iso_published(value: Any) -> str | None:
    """A publication date as an ISO string (sortable), or None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
        return text if len(text) == 10 else parsed.isoformat()  # a bare date stays a date
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()  # RSS dates
    except (TypeError, ValueError, IndexError):
        pass
    head = text[:10]
    if len(head) == 10 and head[4] == "-" and head[7] == "-" and head.replace("-", "").isdigit():
        return head
    log.debug("unreadable publication date %r; stored without one", value)
    return None


def article_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The article columns derived from a ``to_dict()`` record."""
    meta = data.get("meta") or {}
    text = str(data.get("text", ""))
    url = meta.get("url") or None
    outlet = meta.get("outlet") or meta.get("site_name") or None
    if not outlet and url:
        host = urlsplit(str(url)).hostname or ""
        outlet = host[4:] if host.startswith("www.") else (host or None)
    return {
        "ref": str(data["id"]),
        "title": (str(meta["title"]) if meta.get("title") else None),
        "outlet": str(outlet) if outlet else "",  # '' not NULL: GROUP BY walks an index
        "published": _iso_published(meta.get("published") or meta.get("date")),
        "url": (str(url) if url else None),
        "content_hash": content_hash(text),
        "text": text,
        "words": len(text.split()),
    }


def normalised_rows(data: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows (without ``article_pk``) for the query tables, from a ``to_dict()`` record."""
    techniques = [
        (
            str(r["technique"]),
            r.get("category") or CATEGORY_OF.get(str(r["technique"])),
            int(r["start"]),
            int(r["end"]),
            float(r.get("score", 1.0)),
        )
        for r in data.get("techniques") or []
    ]
    attributions = []
    for r in data.get("attributions") or []:
        src = r.get("source") or {}
        stype = str(src.get("type") or "unspecified")
        via = r.get("via") or {}
        attributions.append((
            str(r["kind"]),
            stype,
            src.get("entity"),
            src.get("text"),
            via.get("type"),
            1 if stype == "anonymous" else 0,
            int(r["start"]),
            int(r["end"]),
            float(r.get("score", 1.0)),
        ))
    labels = []
    for actor in data.get("actors") or []:
        name = str(actor.get("name") or actor.get("id") or "")
        for lab in actor.get("labels") or []:
            labels.append((
                name,
                actor.get("type"),
                str(lab["label"]),
                1 if lab.get("evaluative") else 0,
                1 if lab.get("loaded") else 0,
                str(lab.get("by") or "writer"),
                lab.get("source"),
                int(lab.get("count") or len(lab.get("mentions") or []) or 1),
            ))
    counts: dict[tuple[str, str], int] = {}
    for r in data.get("entities") or []:
        key = (str(r.get("type") or ""), str(r.get("text") or ""))
        counts[key] = counts.get(key, 0) + 1
    for actor in data.get("actors") or []:
        name = str(actor.get("name") or "")
        key = (str(actor.get("type") or ""), name)
        if name and key not in counts and actor.get("named", True):  # not "the terror group"
            counts[key] = len(actor.get("mentions") or []) or 1
    entities = [(t, n, c) for (t, n), c in counts.items() if n]
    return {
        "techniques": techniques,
        "attributions": attributions,
        "actor_labels": labels,
        "entities": entities,
    }


_INSERT_BODY = "INSERT INTO article_bodies (pk, title, text, analysis) VALUES (?, ?, ?, ?)"

_INSERTS = {
    "techniques": "INSERT INTO techniques (article_pk, outlet, published, month, week, "
    "technique, category, start_char, end_char, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "attributions": "INSERT INTO attributions (article_pk, outlet, published, kind, "
    "source_type, source_entity, source_text, via_type, anonymous, start_char, end_char, "
    "score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "actor_labels": "INSERT INTO actor_labels (article_pk, outlet, published, actor, "
    "actor_type, label, evaluative, loaded, by_whom, source_name, count) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "entities": "INSERT INTO entities (article_pk, type, name, mentions) VALUES (?, ?, ?, ?)",
}
#: Tables whose rows carry the article's outlet and publication date.
_WITH_ARTICLE_COLUMNS = ("techniques", "attributions", "actor_labels")


def iso_week(day: str | None) -> str | None:
    """``2024-03-02`` -> ``2024-W09`` (ISO 8601 week, as PostgreSQL's ``IYYY-"W"IW``)."""
    if not day:
        return None
    try:
        year, week, _ = date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year:04d}-W{week:02d}"


def _prefix(table: str, pk: int, outlet: str | None, published: str | None) -> tuple[Any, ...]:
    """The article columns copied into a span table's rows."""
    if table == "techniques":
        return (pk, outlet or "", published, published[:7] if published else None,
                iso_week(published))
    return (pk, outlet or "", published) if table in _WITH_ARTICLE_COLUMNS else (pk,)


def _sections(data: dict[str, Any]) -> str:
    return "," + "".join(f"{s}," for s in SECTIONS if data.get(s) is not None)


def _blob(data: dict[str, Any]) -> str:
    """The analysis JSON without the text (kept once, in its own column)."""
    return json.dumps({k: v for k, v in data.items() if k != "text"}, ensure_ascii=False)


class SQLStore(ABC):
    """Shared logic; see :class:`presslens.store.base.Store` for the contract."""

    dialect: str = ""
    url: str = ""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._closed = False

    # -- dialect hooks ---------------------------------------------------------
    @abstractmethod
    def _tx(self) -> AbstractContextManager[Cursor]:
        """A transaction (committed on success, rolled back on error) and its cursor."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A cursor for reading (no write transaction)."""

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def _migration_lock(self, cur: Cursor) -> None:
        """Serialise concurrent migrators (called inside the migration transaction)."""

    def _index_texts(  # noqa: B027
        self, cur: Cursor, rows: Sequence[tuple[int, str | None, str]]
    ) -> None:
        """Add ``(pk, title, text)`` rows to the full-text index (PostgreSQL: a generated
        column, nothing to do)."""

    def _wrap(self, exc: Exception, doing: str) -> StoreError:
        return StoreError(f"{self.dialect} store {self.url!r}: {doing} failed: {exc}")

    # -- lifecycle ---------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._close()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"store {self.url!r} is closed; open it again with open_store()")

    def migrate(self) -> int:
        """Apply pending migrations in order; returns the schema version."""
        with self._lock:
            with self._tx() as cur:
                self._migration_lock(cur)
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
            for m in MIGRATIONS:
                with self._tx() as cur:
                    self._migration_lock(cur)
                    cur.execute("SELECT 1 FROM schema_migrations WHERE version = ?", [m.version])
                    if cur.fetchone() is not None:
                        continue
                    log.info("applying migration %d (%s) to %s", m.version, m.name, self.url)
                    self._run_script(cur, m.sqlite if self.dialect == "sqlite" else m.postgresql)
                    cur.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (?, ?, ?)",
                        [m.version, m.name, now()],
                    )
            return self.schema_version()

    def _run_script(self, cur: Cursor, script: str) -> None:
        for statement in script.split(";\n"):
            if statement.strip():
                cur.execute(statement)

    def optimize(self) -> None:
        """Refresh the query planner's statistics (after a bulk ingest)."""
        self._check_open()
        with self._lock:
            try:
                for statement in self._OPTIMIZE:
                    with self._read() as cur:
                        cur.execute(statement)
            except Exception as exc:
                raise self._wrap(exc, "ANALYZE") from exc

    _OPTIMIZE: tuple[str, ...] = ("ANALYZE",)

    def schema_version(self) -> int:
        rows = self.fetchall("SELECT max(version) AS v FROM schema_migrations")
        return int(rows[0]["v"] or 0)

    # -- writing -----------------------------------------------------------------
    def add(self, record: ArticleRecord) -> AddResult:
        return self.add_many([record])[0]

    def add_many(self, records: Sequence[ArticleRecord]) -> list[AddResult]:
        self._check_open()
        with self._lock:
            for attempt in range(3):
                try:
                    with self._tx() as cur:
                        results: list[AddResult] = []
                        for i in range(0, len(records), 200):
                            results.extend(self._add_batch(cur, records[i : i + 200]))
                        return results
                except StoreError:
                    raise
                except Exception as exc:
                    if attempt < 2 and self._retryable(exc):
                        log.info("retrying a batch after %s", exc)
                        continue
                    raise self._wrap(exc, f"storing {len(records)} article(s)") from exc
            raise AssertionError("unreachable")

    def _retryable(self, exc: Exception) -> bool:
        """A transient conflict with a concurrent writer (PostgreSQL deadlock)."""
        return False

    _COLUMNS = (
        "id, ref, title, outlet, published, url, content_hash, words, source, status, "
        "error, sections, analyzers, models, ingested_at, analyzed_at"
    )

    def _article_row(self, candidate: str, f: dict[str, Any], record: ArticleRecord,
                     ts: str) -> list[Any]:
        data = dict(record.data, id=candidate)
        return [
            candidate, f["ref"], f["title"], f["outlet"], f["published"], f["url"],
            f["content_hash"], f["words"], record.source, record.status,
            record.error, _sections(data),
            json.dumps(record.analyzers), json.dumps(data.get("model") or {}),
            ts, ts if record.status == "analyzed" else None,
        ]

    def _add_batch(self, cur: Cursor, records: Sequence[ArticleRecord]) -> list[AddResult]:
        """Store a batch in a handful of round trips (the server may be remote).

        One lookup for stored duplicates, one multi-row ``INSERT ... ON
        CONFLICT DO NOTHING RETURNING``, one ``executemany`` per table.
        Records the multi-row insert skipped (an id taken by another text,
        or a concurrent writer) go through :meth:`_add_one`.
        """
        for record in records:
            self._validate(record)
        fields = [article_fields(r.data) for r in records]
        hashes = [f["content_hash"] for f in fields]
        urls = [f["url"] for f in fields if f["url"]]
        by_hash: dict[str, str] = {}
        by_url: dict[str, str] = {}
        marks = ", ".join("?" for _ in hashes)
        sql = f"SELECT id, content_hash, url FROM articles WHERE content_hash IN ({marks})"
        if urls:
            sql += f" OR url IN ({', '.join('?' for _ in urls)})"
        cur.execute(sql, [*hashes, *urls])
        for row in cur.fetchall():
            by_hash[str(row[1])] = str(row[0])
            if row[2]:
                by_url[str(row[2])] = str(row[0])
        results: list[AddResult | int | None] = [None] * len(records)
        first_hash: dict[str, int] = {}
        first_url: dict[str, int] = {}
        todo: list[int] = []
        for i, f in enumerate(fields):
            dup = by_hash.get(f["content_hash"]) or (by_url.get(f["url"]) if f["url"] else None)
            if dup is not None:
                results[i] = AddResult(dup, False, dup)
                continue
            j = first_hash.get(f["content_hash"])
            if j is None and f["url"]:
                j = first_url.get(f["url"])
            if j is not None:
                results[i] = j  # same as an earlier record of this batch
                continue
            first_hash[f["content_hash"]] = i
            if f["url"]:
                first_url[f["url"]] = i
            todo.append(i)
        ts = now()
        pks: dict[str, int] = {}
        # one global order for unique-key locks, so concurrent writers cannot deadlock
        todo.sort(key=lambda i: fields[i]["content_hash"])
        if todo:
            values = ", ".join("(" + ", ".join("?" * 16) + ")" for _ in todo)
            params: list[Any] = []
            for i in todo:
                params.extend(self._article_row(fields[i]["ref"], fields[i], records[i], ts))
            cur.execute(
                f"INSERT INTO articles ({self._COLUMNS}) VALUES {values} "
                "ON CONFLICT DO NOTHING RETURNING pk, content_hash",
                params,
            )
            pks = {str(row[1]): int(row[0]) for row in cur.fetchall()}
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _INSERTS}
        fts: list[tuple[int, str | None, str]] = []
        outcomes: list[tuple[str, ArticleRecord]] = []
        bodies: list[tuple[int, str | None, str, str]] = []
        for i in todo:
            f = fields[i]
            pk = pks.get(f["content_hash"])
            if pk is None:
                results[i] = self._add_one(cur, records[i])
                continue
            results[i] = AddResult(f["ref"], True)
            bodies.append((pk, f["title"], f["text"], _blob(records[i].data)))
            for table, trows in normalised_rows(records[i].data).items():
                head = _prefix(table, pk, f["outlet"], f["published"])
                rows[table].extend((*head, *r) for r in trows)
            fts.append((pk, f["title"], f["text"]))
            outcomes.append((records[i].source or f["ref"], records[i]))
        if bodies:
            cur.executemany(_INSERT_BODY, bodies)
        for table, trows in rows.items():
            if trows:
                cur.executemany(_INSERTS[table], trows)
        self._index_texts(cur, fts)
        if outcomes:
            self._note_outcomes(cur, outcomes, ts)
        out: list[AddResult] = []
        for r in results:
            if isinstance(r, int):
                first = results[r]
                assert isinstance(first, AddResult)
                out.append(AddResult(first.id, False, first.id))
            else:
                assert r is not None
                out.append(r)
        return out

    def _validate(self, record: ArticleRecord) -> None:
        if record.status not in ("analyzed", "pending", "failed"):
            raise StoreError(
                f"bad status {record.status!r}; use analyzed, pending or failed"
            )
        if "id" not in record.data or "text" not in record.data:
            raise StoreError("an article record needs 'id' and 'text' (Article.to_dict())")

    def _find(self, cur: Cursor, chash: str, url: str | None) -> str | None:
        if url:
            cur.execute(
                "SELECT id FROM articles WHERE content_hash = ? OR url = ? LIMIT 1", [chash, url]
            )
        else:
            cur.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", [chash])
        row = cur.fetchone()
        return None if row is None else str(row[0])

    def _add_one(self, cur: Cursor, record: ArticleRecord) -> AddResult:
        self._validate(record)
        f = article_fields(record.data)
        dup = self._find(cur, f["content_hash"], f["url"])
        if dup is not None:
            return AddResult(dup, False, dup)
        ts = now()
        for candidate in (f["ref"], f"{f['ref']}-{f['content_hash'][:8]}",
                          f"{f['ref']}-{f['content_hash']}"):
            data = dict(record.data, id=candidate)
            cur.execute(
                f"INSERT INTO articles ({self._COLUMNS}) VALUES ({', '.join('?' * 16)}) "
                "ON CONFLICT DO NOTHING RETURNING pk",
                self._article_row(candidate, f, record, ts),
            )
            row = cur.fetchone()
            if row is not None:
                pk = int(row[0])
                cur.execute(_INSERT_BODY, [pk, f["title"], f["text"], _blob(data)])
                self._index_texts(cur, [(pk, f["title"], f["text"])])
                self._insert_rows(cur, pk, f["outlet"], f["published"], data)
                self._note_outcome(cur, record.source or candidate, record, ts)
                return AddResult(candidate, True)
            dup = self._find(cur, f["content_hash"], f["url"])  # a concurrent writer won
            if dup is not None:
                return AddResult(dup, False, dup)
        raise StoreError(f"could not find a free id for article {f['ref']!r}")

    _UPSERT_FAILURE = (
        "INSERT INTO failures (source, stage, reason, attempts, time) VALUES (?, ?, ?, 1, ?) "
        "ON CONFLICT (source, stage) DO UPDATE SET reason = excluded.reason, "
        "time = excluded.time, attempts = failures.attempts + 1"
    )

    def _note_outcome(self, cur: Cursor, source: str, record: ArticleRecord, ts: str) -> None:
        self._note_outcomes(cur, [(source, record)], ts)

    def _note_outcomes(
        self, cur: Cursor, items: Sequence[tuple[str, ArticleRecord]], ts: str
    ) -> None:
        """Keep ``failures`` in step with stored articles, in the same transaction.

        A stored article clears earlier read failures of its source (a URL
        that failed yesterday and worked today); an analysed one also clears
        analysis failures; a failed analysis is recorded.
        """
        analysed = [src for src, r in items if r.status == "analyzed"]
        others = [src for src, r in items if r.status != "analyzed"]
        failed = [(src, "analyze", r.error or "analysis failed", ts)
                  for src, r in items if r.status == "failed"]
        if analysed:
            cur.execute(f"DELETE FROM failures WHERE source IN ({', '.join('?' * len(analysed))})",
                        analysed)
        if others:
            cur.execute("DELETE FROM failures WHERE stage = 'read' AND source IN "
                        f"({', '.join('?' * len(others))})", others)
        if failed:
            cur.executemany(self._UPSERT_FAILURE, failed)

    def _insert_rows(self, cur: Cursor, pk: int, outlet: str | None, published: str | None,
                     data: dict[str, Any]) -> None:
        for table, rows in normalised_rows(data).items():
            if rows:
                head = _prefix(table, pk, outlet, published)
                cur.executemany(_INSERTS[table], [(*head, *r) for r in rows])

    def find_duplicate(self, content_hash: str, url: str | None = None) -> str | None:
        self._check_open()
        with self._lock:
            try:
                with self._read() as cur:
                    return self._find(cur, content_hash, url)
            except Exception as exc:
                raise self._wrap(exc, "looking up a duplicate") from exc

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        found: set[str] = set()
        chunk = 500
        for i in range(0, len(urls), chunk):
            part = list(urls[i : i + chunk])
            marks = ", ".join("?" for _ in part)
            rows = self.fetchall(f"SELECT url FROM articles WHERE url IN ({marks})", part)
            found.update(str(r["url"]) for r in rows)
        return found

    def update_analysis(self, article_id: str, record: ArticleRecord) -> None:
        self._check_open()
        with self._lock:
            try:
                with self._tx() as cur:
                    cur.execute("SELECT pk, source, outlet, published FROM articles "
                                "WHERE id = ?", [article_id])
                    row = cur.fetchone()
                    if row is None:
                        raise NotFound(
                            f"no article {article_id!r} in {self.url}; list ids with "
                            "`presslens query search`"
                        )
                    pk = int(row[0])
                    data = dict(record.data, id=article_id)
                    cur.execute(
                        "UPDATE articles SET status = ?, error = ?, sections = ?, "
                        "analyzers = ?, models = ?, analyzed_at = ? WHERE pk = ?",
                        [
                            record.status, record.error, _sections(data),
                            json.dumps(record.analyzers), json.dumps(data.get("model") or {}),
                            now() if record.status == "analyzed" else None, pk,
                        ],
                    )
                    cur.execute("UPDATE article_bodies SET analysis = ? WHERE pk = ?",
                                [_blob(data), pk])
                    for table in _INSERTS:
                        cur.execute(f"DELETE FROM {table} WHERE article_pk = ?", [pk])
                    self._insert_rows(cur, pk, row[2], row[3], data)
                    self._note_outcome(cur, str(row[1] or article_id), record, now())
            except StoreError:
                raise
            except Exception as exc:
                raise self._wrap(exc, f"updating article {article_id!r}") from exc

    def record_failure(self, source: str, reason: str, *, stage: str = "read") -> None:
        self._check_open()
        with self._lock:
            try:
                with self._tx() as cur:
                    cur.execute(self._UPSERT_FAILURE, [source, stage, reason, now()])
            except Exception as exc:
                raise self._wrap(exc, f"recording the failure of {source!r}") from exc

    def clear_failure(self, source: str) -> None:
        self._check_open()
        with self._lock:
            try:
                with self._tx() as cur:
                    cur.execute("DELETE FROM failures WHERE source = ?", [source])
            except Exception as exc:
                raise self._wrap(exc, f"clearing failures of {source!r}") from exc

    # -- reading -----------------------------------------------------------------
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self._check_open()
        with self._lock:
            try:
                with self._read() as cur:
                    cur.execute(sql, list(params))
                    return [self._as_dict(cur, r) for r in cur.fetchall()]
            except Exception as exc:
                raise self._wrap(exc, "query") from exc

    @abstractmethod
    def _as_dict(self, cur: Cursor, row: Any) -> dict[str, Any]: ...

    _ARTICLE_SELECT = (
        "SELECT a.pk, a.id, a.ref, a.title, a.outlet, a.published, a.url, a.content_hash, "
        "b.text, a.words, a.source, a.status, a.error, b.analysis, a.analyzers, "
        "a.ingested_at, a.analyzed_at FROM articles a JOIN article_bodies b ON b.pk = a.pk "
    )

    @staticmethod
    def _article_dict(r: dict[str, Any]) -> dict[str, Any]:
        data = json.loads(r["analysis"]) if r["analysis"] else {}
        out: dict[str, Any] = {"schema_version": data.get("schema_version"), "id": r["id"],
                               "text": r["text"]}
        out.update({k: v for k, v in data.items() if k not in ("id", "text", "schema_version")})
        out["store"] = {
            "ref": r["ref"],
            "status": r["status"],
            "error": r["error"],
            "title": r["title"],
            "outlet": r["outlet"] or None,
            "published": r["published"],
            "url": r["url"],
            "content_hash": r["content_hash"],
            "words": int(r["words"]),
            "source": r["source"],
            "analyzers": json.loads(r["analyzers"] or "{}"),
            "ingested_at": r["ingested_at"],
            "analyzed_at": r["analyzed_at"],
        }
        return out

    def get_article(self, article_id: str) -> dict[str, Any]:
        rows = self.fetchall(self._ARTICLE_SELECT + "WHERE a.id = ?", [article_id])
        if not rows:
            raise NotFound(
                f"no article {article_id!r} in {self.url}; find ids with "
                "`presslens query search` or GET /api/articles"
            )
        return self._article_dict(rows[0])

    def count_articles(self, status: Status | None = None) -> int:
        if status is None:
            rows = self.fetchall("SELECT count(*) AS n FROM articles")
        else:
            rows = self.fetchall("SELECT count(*) AS n FROM articles WHERE status = ?", [status])
        return int(rows[0]["n"])

    def iter_articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: Status | None = None,
        batch_size: int = 500,
    ) -> Iterator[dict[str, Any]]:
        from .queries import _where

        where, params = _where(outlet=outlet, since=since, until=until, alias="a")
        if status:
            where += (" AND " if where else "WHERE ") + "a.status = ?"
            params.append(status)
        where += (" AND " if where else "WHERE ") + "a.pk > ?"
        last = 0
        while True:
            rows = self.fetchall(
                self._ARTICLE_SELECT + where + " ORDER BY a.pk LIMIT ?",
                [*params, last, int(batch_size)],
            )
            if not rows:
                return
            for r in rows:
                yield self._article_dict(r)
            last = int(rows[-1]["pk"])

    def analysis_state(self) -> Iterator[tuple[str, str, dict[str, str]]]:
        last = 0
        while True:
            rows = self.fetchall(
                "SELECT pk, id, status, analyzers FROM articles WHERE pk > ? "
                "ORDER BY pk LIMIT 1000",
                [last],
            )
            if not rows:
                return
            for r in rows:
                yield str(r["id"]), str(r["status"]), json.loads(r["analyzers"] or "{}")
            last = int(rows[-1]["pk"])

    def failures(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        return self.fetchall(
            "SELECT source, stage, reason, attempts, time FROM failures "
            "ORDER BY time DESC, source LIMIT ? OFFSET ?",
            [int(limit), int(offset)],
        )

    def stats(self) -> dict[str, Any]:
        row = self.fetchall(
            "SELECT count(*) AS articles, "
            "coalesce(sum(CASE WHEN status = 'analyzed' THEN 1 ELSE 0 END), 0) AS analyzed, "
            "coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, "
            "coalesce(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed, "
            "count(DISTINCT NULLIF(outlet, '')) AS outlets, min(published) AS first_published, "
            "max(published) AS last_published FROM articles"
        )[0]
        nfail = self.fetchall("SELECT count(*) AS n FROM failures")[0]["n"]
        return {
            "articles": int(row["articles"]),
            "analyzed": int(row["analyzed"]),
            "pending": int(row["pending"]),
            "failed": int(row["failed"]),
            "failures": int(nfail),
            "outlets": int(row["outlets"]),
            "first_published": row["first_published"],
            "last_published": row["last_published"],
            "schema_version": self.schema_version(),
        }
