"""The presslens web service: JSON API and browser UI (``presslens serve``).

:func:`create_app` builds the FastAPI application; see ``docs/web.md``.
Imported lazily so that ``presslens`` commands other than ``serve`` never
pay for importing FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
