"""Registries: analyzers and tasks by name, lazy built-in imports, clear errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from presslens import Analyzer, Article, Task, UsageError, analyzer, analyzer_names, registry, task
from presslens.registry import BUILTIN_ANALYZERS, get_analyzer, get_task, task_names


@pytest.fixture(autouse=True)
def cleanup() -> Iterator[None]:
    yield
    for name in [n for n in registry._analyzers if n.startswith("r_")]:
        del registry._analyzers[name]
    for name in [n for n in registry._tasks if n.startswith("r_")]:
        del registry._tasks[name]


def test_decorator_registers_and_returns_the_class() -> None:
    class Echo:
        name = "r_echo"
        version = "2"
        requires: tuple[str, ...] = ("sentences",)
        assigns = ("r_echo",)

        def __call__(self, article: Article) -> Article:
            return article

    decorated = analyzer("r_echo", requires=("sentences",), assigns=("r_echo",),
                         description="test")(Echo)
    assert decorated is Echo
    info = get_analyzer("r_echo")
    assert (info.name, info.requires, info.assigns, info.factory, info.description) == (
        "r_echo", ("sentences",), ("r_echo",), Echo, "test")
    assert "r_echo" in analyzer_names()
    assert isinstance(Echo(), Analyzer)


def test_parse_is_built_in_and_lazy() -> None:
    info = get_analyzer("parse")
    assert info.assigns == ("sentences", "entities")
    assert "parse" in analyzer_names()
    # every listed built-in that exists in this checkout is importable by name
    for name in analyzer_names():
        if name in BUILTIN_ANALYZERS:
            assert get_analyzer(name).name == name


def test_unknown_analyzer_names_the_alternatives() -> None:
    with pytest.raises(UsageError) as info:
        get_analyzer("r_missing")
    assert "unknown analyzer 'r_missing'" in str(info.value)
    assert "parse" in str(info.value)


def test_import_skips_absent_modules_but_not_broken_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "r_broken_mod.py").write_text("import r_no_such_dependency\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert registry._import("r_absent_module") is False
    with pytest.raises(ModuleNotFoundError, match="r_no_such_dependency"):
        registry._import("r_broken_mod")
    sys.modules.pop("r_broken_mod", None)


def _task(name: str) -> Task:
    return Task(
        name=name,
        description="a test task",
        add_arguments=lambda parser, verb: parser.add_argument("--n", type=int, default=1),
        train=lambda args: 0,
        evaluate=None,
    )


def test_task_registry() -> None:
    t = task(_task("r_task"))
    assert get_task("r_task") is t
    assert "r_task" in task_names()
    with pytest.raises(UsageError, match="unknown task 'r_nope'"):
        get_task("r_nope")


def test_registered_task_becomes_a_cli_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from presslens.cli import main

    task(_task("r_cli"))
    assert main(["train", "r_cli", "--n", "3"]) == 0
    assert main(["evaluate", "r_cli"]) == 2  # no evaluate for this task
    capsys.readouterr()
