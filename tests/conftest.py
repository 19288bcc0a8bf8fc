"""Shared fixtures: research data location, article factory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presslens import Article

ROOT = Path(__file__).resolve().parent.parent


def _data_root() -> Path:
    env = os.environ.get("PRESSLENS_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The research data folder; skips without it, fails in CI (PRESSLENS_REQUIRE_DATA=1)."""
    root = _data_root()
    if not (root / "ptc2020").is_dir():
        if os.environ.get("PRESSLENS_REQUIRE_DATA") == "1":
            pytest.fail(f"research data missing at {root} (PRESSLENS_REQUIRE_DATA=1)")
        pytest.skip(f"research data not found at {root}; set PRESSLENS_DATA to run this test")
    return root


@pytest.fixture
def make_article():
    def make(text: str, id: str = "t1", **meta: object) -> Article:
        return Article(id=id, text=text, meta=dict(meta))

    return make
