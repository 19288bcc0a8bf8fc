"""Check that a dict is a valid presslens article analysis (``Article.to_dict()`` output).

The JSON Schema (``presslens/schema/article.schema.json``, draft 2020-12)
fixes the shape; :func:`validate` adds what a schema cannot say: every
nested ``{start, end, text}`` record must match ``data["text"][start:end]``,
and ``meta.missing`` must name exactly the sections that are ``null``.
Consumers of stored or exchanged JSON (the store, the web service, tests)
call it so that drift between producers shows up as one clear message, not
as a wrong highlight three screens later.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

from .article import SECTIONS
from .errors import PresslensError, SpanError

__all__ = ["SchemaError", "load_schema", "spans_of", "validate"]


class SchemaError(PresslensError, ValueError):
    """The data does not follow the presslens JSON shape."""

    status = 422


@functools.cache
def load_schema() -> dict[str, Any]:
    """The article JSON Schema shipped with the package."""
    text = files("presslens").joinpath("schema", "article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


def _where(path: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "(top level)"


def _deepest(errors: list[Any]) -> Any:
    """The most specific error: ``anyOf`` (nullable sections) hides the real one in
    its ``context``; the deepest leaf names the offending field."""
    leaves: list[Any] = []
    stack = list(errors)
    while stack:
        error = stack.pop()
        if error.context:
            # skip the "is not of type null" branch of a nullable section
            stack.extend(e for e in error.context if e.validator_value != "null")
        else:
            leaves.append(error)
    return max(leaves or errors, key=lambda e: len(e.absolute_path))


def spans_of(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[
    tuple[tuple[str | int, ...], dict[str, Any]]
]:
    """Every nested dict that looks like a span (int ``start``/``end``, str ``text``)."""
    if isinstance(value, dict):
        if (
            isinstance(value.get("start"), int)
            and isinstance(value.get("end"), int)
            and isinstance(value.get("text"), str)
        ):
            yield path, value
        for key, sub in value.items():
            yield from spans_of(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from spans_of(sub, (*path, i))


def validate(data: dict[str, Any]) -> None:
    """Raise :class:`SchemaError` or :class:`SpanError` unless ``data`` is valid.

    The message names the first offending field by its JSON path.
    """
    if not isinstance(data, dict):
        raise SchemaError(f"an article analysis must be a JSON object, got {type(data).__name__}")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        best = _deepest(errors)
        message = best.message if len(best.message) <= 200 else best.message[:200] + "..."
        raise SchemaError(
            f"article {data.get('id')!r} does not follow schema "
            f"{data.get('schema_version')!r} at {_where(best.absolute_path)}: {message}"
            + (f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else "")
        )
    text = data["text"]
    for section in SECTIONS:
        if section not in data:
            continue
        for path, span in spans_of(data[section], (section,)):
            start, end = span["start"], span["end"]
            if not 0 <= start <= end <= len(text):
                raise SpanError(
                    f"span at {_where(path)} ({start}, {end}) does not fit article "
                    f"{data['id']!r} of {len(text)} characters"
                )
            if text[start:end] != span["text"]:
                raise SpanError(
                    f"span at {_where(path)} says text {span['text']!r} but the article "
                    f"has {text[start:end]!r} at ({start}, {end}); offsets must be str "
                    "indices into the unmodified text"
                )
    missing = data["meta"]["missing"]
    null = [s for s in SECTIONS if s in data and data[s] is None]
    if set(null) - set(missing):
        raise SchemaError(
            f"article {data['id']!r}: sections {', '.join(sorted(set(null) - set(missing)))} "
            "are null but not listed in meta.missing"
        )
    present = [s for s in missing if data.get(s) is not None]
    if present:
        raise SchemaError(
            f"article {data['id']!r}: meta.missing lists {', '.join(present)}, "
            "which the output does contain"
        )
