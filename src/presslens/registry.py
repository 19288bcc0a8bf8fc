"""Named registries for analyzers, tasks (train/evaluate) and renderers.

Built-in components register through the same decorator a plugin would
use. Their modules are imported lazily, on first lookup, so that
``presslens analyze --layers techniques`` never pays for importing spaCy,
and a plugin can add analyzers through the ``presslens.analyzers`` entry
point group.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol, TypeVar, runtime_checkable

from .article import Article
from .errors import UsageError

__all__ = [
    "Analyzer",
    "AnalyzerInfo",
    "Task",
    "analyzer",
    "analyzer_names",
    "get_analyzer",
    "get_task",
    "task",
    "task_names",
]

log = logging.getLogger(__name__)


@runtime_checkable
class Analyzer(Protocol):
    """A callable that adds layers (``assigns``) given others (``requires``)."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True)
class AnalyzerInfo:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[..., Analyzer]
    description: str = ""


#: Built-in analyzers: name -> module that registers it on import.
BUILTIN_ANALYZERS: dict[str, str] = {
    "parse": "presslens.analyzers.parse",
    "techniques": "presslens.analyzers.techniques",
    "attributions": "presslens.analyzers.attributions",
    "actors": "presslens.analyzers.actors",
    "claims": "presslens.analyzers.claims",
    "genre": "presslens.analyzers.genre",
}
#: Built-in train/evaluate tasks: name -> module that registers it.
BUILTIN_TASKS: dict[str, str] = {
    "techniques": "presslens.techniques.task",
    "attribution": "presslens.attribution.task",
    "genre": "presslens.genre.task",
    "frames": "presslens.genre.task",
}

_analyzers: dict[str, AnalyzerInfo] = {}
_tasks: dict[str, Task] = {}
F = TypeVar("F", bound=Callable[..., Any])


def analyzer(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    assigns: tuple[str, ...] = (),
    description: str = "",
) -> Callable[[F], F]:
    """Register an analyzer factory (a class or a function returning an Analyzer)."""

    def register(factory: F) -> F:
        _analyzers[name] = AnalyzerInfo(name, requires, assigns, factory, description)
        return factory

    return register


def _load_plugins() -> None:
    for ep in entry_points(group="presslens.analyzers"):
        if ep.name not in _analyzers:
            try:
                ep.load()
            except Exception as exc:  # a broken plugin must not break presslens
                log.warning("could not load presslens plugin %s: %s", ep.name, exc)


def _import(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return False  # this built-in is not part of this installation
        raise
    return True


def analyzer_names() -> list[str]:
    """Names of every analyzer available in this installation."""
    for name, module in BUILTIN_ANALYZERS.items():
        if name not in _analyzers:
            _import(module)
    _load_plugins()
    return sorted(_analyzers)


def get_analyzer(name: str) -> AnalyzerInfo:
    if name not in _analyzers and name in BUILTIN_ANALYZERS:
        _import(BUILTIN_ANALYZERS[name])
    if name not in _analyzers:
        _load_plugins()
    if name not in _analyzers:
        raise UsageError(
            f"unknown analyzer {name!r}; available: {', '.join(analyzer_names())}"
        )
    return _analyzers[name]


@dataclass(frozen=True)
class Task:
    """A trainable/evaluable model: ``presslens train|evaluate NAME``.

    ``add_arguments`` adds the task's own options to an argparse parser;
    ``train`` and ``evaluate`` take the parsed namespace and return a
    process exit status.
    """

    name: str
    description: str
    add_arguments: Callable[[Any, str], None]
    train: Callable[[Any], int] | None
    evaluate: Callable[[Any], int] | None


def task(t: Task) -> Task:
    _tasks[t.name] = t
    return t


def task_names() -> list[str]:
    for name, module in BUILTIN_TASKS.items():
        if name not in _tasks:
            _import(module)
    return sorted(_tasks)


def get_task(name: str) -> Task:
    if name not in _tasks and name in BUILTIN_TASKS:
        _import(BUILTIN_TASKS[name])
    if name not in _tasks:
        raise UsageError(f"unknown task {name!r}; available: {', '.join(task_names())}")
    return _tasks[name]
