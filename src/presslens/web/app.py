"""The FastAPI application: :func:`create_app` puts routes, guards and error handling together.

Everything the service knows lives on ``app.state.web`` (a :class:`WebState`):
the database URL, the limits, the cached analysis pipeline and the template
environment. Routes open the store per request (SQLite connections cannot
cross threads, and PostgreSQL connections are cheap on loopback).

Every error, whatever raised it, leaves as one JSON shape
``{"ok": false, "error": message, "status": code}`` (API paths and non-HTML
clients) or as the same message on an HTML error page (browsers on page
paths). :class:`~presslens.errors.PresslensError` subclasses carry their
HTTP status.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..article import SECTIONS, Article
from ..errors import PresslensError, UsageError
from ..pipeline import Pipeline
from ..registry import analyzer_names, get_analyzer
from ..store import Store, open_store
from .security import DEFAULT_MAX_BODY, DEFAULT_MAX_CHARS, Guard, PayloadTooLarge

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_CHARS", "WebState", "create_app"]

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


@dataclass
class WebState:
    """Configuration and shared objects of one app instance."""

    db_url: str | None
    token: str | None
    max_body: int
    max_chars: int
    templates: Environment
    pipeline_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    fetch_options: dict[str, Any] = field(default_factory=dict)
    _pipeline: Pipeline | None = None
    _unavailable: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- store -----------------------------------------------------------
    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store, opened for one request (in one thread) and closed after it."""
        store = open_store(self.db_url)
        try:
            yield store
        finally:
            store.close()

    # -- analysis --------------------------------------------------------
    def pipeline(self) -> Pipeline:
        """The analysis pipeline, built once: every section an installed analyzer offers.

        An analyzer that cannot be built (its model is missing, say) is left
        out and reported in :attr:`unavailable` rather than failing every request.
        """
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._build()
            return self._pipeline

    @property
    def unavailable(self) -> dict[str, str]:
        self.pipeline()
        return dict(self._unavailable)

    def _build(self) -> Pipeline:
        try:
            return Pipeline.for_sections(config=self.pipeline_config)
        except PresslensError as exc:
            log.warning("full pipeline unavailable (%s); trying section by section", exc)
        offered = {a for name in analyzer_names() for a in get_analyzer(name).assigns}
        usable = []
        for section in (s for s in SECTIONS if s in offered):
            try:
                Pipeline.for_sections([section], config=self.pipeline_config)
            except PresslensError as exc:
                self._unavailable[section] = str(exc)
            else:
                usable.append(section)
        return Pipeline.for_sections(usable, config=self.pipeline_config)

    def analyse(self, article: Article) -> dict[str, Any]:
        """Run the pipeline on one article and return ``to_dict()``."""
        if len(article.text) > self.max_chars:
            raise PayloadTooLarge(
                f"article of {len(article.text)} characters exceeds the limit of "
                f"{self.max_chars}; analyse a shorter text or raise --max-chars"
            )
        if not article.text.strip():
            raise UsageError("the article text is empty; paste some text or give a URL")
        pipeline = self.pipeline()
        with self._lock:  # analyzers share models and caches; one article at a time
            result = pipeline(article)
        data = result.to_dict()
        if self._unavailable:
            data["meta"]["unavailable"] = dict(self._unavailable)
        return data

    def analyzer_versions(self) -> dict[str, str]:
        return {a.name: str(getattr(a, "version", "")) for a in self.pipeline().analyzers}

    # -- pages -----------------------------------------------------------
    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        template = self.templates.get_template(name)
        html = template.render(version=__version__, auth=self.token is not None, **context)
        return HTMLResponse(html, status_code=status)


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def wants_html(request: Request) -> bool:
    """Browsers on page paths get HTML errors; API paths and scripts get JSON."""
    return not request.url.path.startswith("/api") and \
        "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape, as JSON or as an HTML page with the same message."""
    if wants_html(request):
        state: WebState = request.app.state.web
        return state.render("error.html", status=status, status_code=status, message=message)
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    max_chars: int = DEFAULT_MAX_CHARS,
    allowed_hosts: tuple[str, ...] = (),
    pipeline_config: dict[str, dict[str, Any]] | None = None,
    fetch_options: dict[str, Any] | None = None,
) -> FastAPI:
    """Build the presslens web service.

    ``db_url``: the corpus store (see :func:`presslens.store.open_store`;
    None = env ``PRESSLENS_DB`` or ``presslens.db``). ``token``: if set,
    every request must present it (or the login cookie); None = env
    ``PRESSLENS_TOKEN``, and an empty string means no token. Without a token
    the app answers only loopback ``Host`` names (plus ``allowed_hosts``).
    ``max_body``: request body limit in bytes; ``max_chars``: longest
    article analysed.
    """
    if token is None:
        token = os.environ.get("PRESSLENS_TOKEN") or None
    token = token or None
    app = FastAPI(
        title="presslens",
        version=__version__,
        description="How news articles persuade and where their claims come from.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    state = WebState(
        db_url=db_url,
        token=token,
        max_body=max_body,
        max_chars=max_chars,
        templates=_templates(),
        pipeline_config=pipeline_config or {"techniques": {"taxonomy": "semeval2023"}},
        fetch_options=dict(fetch_options or {}),
    )
    app.state.web = state

    @app.exception_handler(PresslensError)
    async def presslens_error(request: Request, exc: PresslensError) -> Response:
        if exc.status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return error_response(request, exc.status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        cause = exc.__cause__
        if isinstance(cause, PresslensError):  # e.g. body limit hit while FastAPI read it
            return error_response(request, cause.status, str(cause))
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s crashed", request.method, request.url.path)
        return error_response(
            request, 500, f"internal error ({type(exc).__name__}); see the server log"
        )

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(Guard, token=token, max_body=max_body,  # type: ignore[arg-type]
                       allowed_hosts=tuple(allowed_hosts))
    return app
