"""The exception tree: parents, HTTP statuses, carried context."""

from __future__ import annotations

import pytest

import presslens.errors as errors
from presslens.errors import (
    AnalyzerError,
    DataError,
    ExtractError,
    FetchError,
    ModelError,
    NotFound,
    PipelineError,
    PresslensError,
    ReaderError,
    SpanError,
    StoreError,
    UsageError,
)


@pytest.mark.parametrize(
    ("cls", "parent", "status"),
    [
        (UsageError, PresslensError, 400),
        (ReaderError, PresslensError, 400),
        (FetchError, ReaderError, 400),
        (ExtractError, ReaderError, 422),
        (AnalyzerError, PresslensError, 500),
        (PipelineError, PresslensError, 400),
        (ModelError, PresslensError, 500),
        (DataError, PresslensError, 400),
        (SpanError, PresslensError, 500),
        (StoreError, PresslensError, 500),
        (NotFound, StoreError, 404),
    ],
)
def test_tree(cls: type[PresslensError], parent: type[Exception], status: int) -> None:
    assert cls.__bases__[0] is parent
    assert cls.status == status


def test_every_exported_error_is_in_the_tree() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), PresslensError)


def test_span_error_is_also_a_value_error() -> None:
    assert issubclass(SpanError, ValueError)


def test_analyzer_error_carries_context() -> None:
    err = AnalyzerError("analyzer 'x' failed", analyzer="x", article_id="a1")
    assert (err.analyzer, err.article_id, err.message) == ("x", "a1", "analyzer 'x' failed")
    assert (AnalyzerError("m").analyzer, AnalyzerError("m").article_id) == ("", "")


def test_message_is_the_text() -> None:
    assert NotFound("no article 'a'").message == "no article 'a'"
