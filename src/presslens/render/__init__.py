"""Renderers: ``render(data) -> str`` over ``Article.to_dict()`` output, by format name."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..errors import UsageError

__all__ = ["FORMATS", "get_renderer", "renderer"]

Renderer = Callable[[dict[str, Any]], str]
_renderers: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        _renderers[name] = fn
        return fn

    return register


@renderer("json")
def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@renderer("jsonl")
def render_jsonl(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


FORMATS = ("text", "json", "jsonl", "html")


def get_renderer(name: str) -> Renderer:
    if name not in _renderers:
        if name == "text":
            from . import terminal  # noqa: F401
        elif name == "html":
            from . import html  # noqa: F401
    if name not in _renderers:
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return _renderers[name]
