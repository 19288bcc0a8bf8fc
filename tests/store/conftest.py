"""Store fixtures: every contract test runs on SQLite and, when a server is given, PostgreSQL.

PostgreSQL tests need env ``PRESSLENS_TEST_PG`` (a DSN, see ``.ci/postgres.sh``);
without it they skip, unless ``PRESSLENS_REQUIRE_PG=1`` (CI), where they fail.
Each PostgreSQL test gets its own schema, dropped afterwards, so tests never
see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from presslens.store import Store, open_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_dsn() -> str:
    dsn = os.environ.get("PRESSLENS_TEST_PG", "")
    if not dsn:
        if os.environ.get("PRESSLENS_REQUIRE_PG") == "1":
            pytest.fail("PRESSLENS_TEST_PG is not set but PRESSLENS_REQUIRE_PG=1; "
                        "run eval \"$(bash .ci/postgres.sh)\" first")
        pytest.skip("no PostgreSQL server: set PRESSLENS_TEST_PG (see .ci/postgres.sh)")
    return dsn


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store of each back end."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    import psycopg

    dsn = pg_dsn()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in dsn else "?"
    yield f"{dsn}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
