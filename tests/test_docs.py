"""Docs stay in step with the code: every command and analyzer is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from presslens import analyzer_names
from presslens.cli import build_parser

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_cli_page(command: str) -> None:
    assert f"presslens {command}" in (DOCS / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", analyzer_names())
def test_every_analyzer_is_in_the_architecture_table(name: str) -> None:
    assert f"| `{name}` |" in (DOCS / "architecture.md").read_text(encoding="utf-8")


def test_readme_links_every_docs_page() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if f"docs/{p.name}" not in readme]
    assert not missing, f"README.md does not link {missing}"
