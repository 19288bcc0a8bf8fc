"""Corpus storage: ingest articles with their analyses into SQLite or PostgreSQL and query them.

Entry points: :func:`open_store` (``presslens.store.base``), :func:`ingest`
(``presslens.store.ingest``), the query functions in
``presslens.store.queries`` and the exports in ``presslens.store.export``.
"""

from __future__ import annotations

from .base import DEFAULT_URL, AddResult, ArticleRecord, Store, open_store

__all__ = ["DEFAULT_URL", "AddResult", "ArticleRecord", "Store", "open_store"]
