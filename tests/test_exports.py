"""The public API: ``__all__`` pinned so that removals and additions are deliberate."""

from __future__ import annotations

import importlib

import pytest

import presslens

PUBLIC = [
    "SCHEMA_VERSION",
    "SECTIONS",
    "Analyzer",
    "AnalyzerError",
    "Article",
    "DataError",
    "ExtractError",
    "FetchError",
    "Layer",
    "ModelError",
    "NotFound",
    "Outcome",
    "Pipeline",
    "PipelineError",
    "PresslensError",
    "ReaderError",
    "Span",
    "SpanError",
    "StoreError",
    "Task",
    "UsageError",
    "__version__",
    "analyzer",
    "analyzer_names",
    "get_analyzer",
    "task",
]

MODULES = {
    "presslens.article": ["SCHEMA_VERSION", "SECTIONS", "Article", "Layer", "Span"],
    "presslens.pipeline": ["Outcome", "Pipeline", "batches"],
    "presslens.schema": ["SchemaError", "load_schema", "spans_of", "validate"],
    "presslens.render": ["FORMATS", "get_renderer", "renderer"],
    "presslens.cli": ["EXIT_FAILURES", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"],
}


def test_top_level_all_is_pinned() -> None:
    assert sorted(presslens.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(presslens, name), name


@pytest.mark.parametrize(("module", "names"), sorted(MODULES.items()))
def test_module_all_is_pinned(module: str, names: list[str]) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(names)
    for name in names:
        assert hasattr(mod, name), f"{module}.{name}"


def test_version() -> None:
    assert presslens.__version__.count(".") == 2
    assert presslens.SCHEMA_VERSION == "1.0"
