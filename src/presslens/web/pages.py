"""Server-rendered pages: analyse, article, corpus list, dashboard, login.

Pages are rendered by Jinja with autoescaping on, so article text and
metadata are always text, never markup. Forms post URL-encoded bodies,
parsed here with the standard library (no multipart dependency). Blocking
work (analysis, database) runs in the thread pool, one store per call.
"""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ..errors import PresslensError, UsageError
from ..store import queries as q
from ..techniques.taxonomy import CATEGORIES
from .api import SOURCE_TYPES, AnalyzeRequest, analyse_request, search
from .charts import CATEGORY_COLORS, dashboard_charts
from .security import COOKIE, session_value
from .view import LAYERS, page_context, safe_url

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _state(request: Request) -> Any:
    return request.app.state.web


async def _form(request: Request) -> dict[str, str]:
    """A URL-encoded form body as {name: last value}."""
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("application/x-www-form-urlencoded"):
        raise UsageError(f"expected a URL-encoded form, got content type {ctype!r}")
    body = (await request.body()).decode("utf-8", errors="replace")
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _local_path(target: str | None) -> str:
    """Only same-site paths are valid redirect targets after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


# -- analyse -------------------------------------------------------------------
@router.get("/")
async def analyse_page(request: Request) -> Response:
    return _state(request).render("analyze.html", form={}, page="analyze", **_legend())


@router.post("/analyze")
async def analyse_submit(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    fields: dict[str, Any] = {
        "text": form.get("text") or None,
        "url": (form.get("url") or "").strip() or None,
        "title": form.get("title") or None,
        "outlet": form.get("outlet") or None,
        "published": form.get("published") or None,
        "save": form.get("save") == "on",
    }
    try:
        body = AnalyzeRequest(**fields)
        data = await run_in_threadpool(analyse_request, request, body)
    except (PresslensError, ValidationError) as exc:
        status = exc.status if isinstance(exc, PresslensError) else 422
        message = str(exc) if isinstance(exc, PresslensError) else _pydantic_message(exc)
        return state.render("analyze.html", status=status, form=form, error=message,
                            page="analyze", **_legend())
    return state.render("analyze.html", form=form, page="analyze",
                        **_legend(), **page_context(data))


def _pydantic_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


def _legend() -> dict[str, Any]:
    from .view import CATEGORY_SLUGS

    return {"legend": [(c, CATEGORY_SLUGS[c], CATEGORY_COLORS[c]) for c in CATEGORIES],
            "layer_names": LAYERS}


# -- corpus --------------------------------------------------------------------
FILTERS = ("q", "outlet", "technique", "actor", "source", "source_type", "since", "until")


@router.get("/articles")
async def corpus_page(request: Request) -> Response:
    state = _state(request)
    params = {k: (request.query_params.get(k) or "").strip() for k in FILTERS}
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1

    def load() -> dict[str, Any]:
        with state.store() as store:
            result = search(
                store, q_text=params["q"], outlet=params["outlet"],
                technique=params["technique"], actor=params["actor"], source=params["source"],
                source_type=params["source_type"], since=params["since"],
                until=params["until"], status=None, limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
            return {"result": result, "outlets": q.outlets(store)}

    try:
        loaded = await run_in_threadpool(load)
    except UsageError as exc:
        loaded = {"result": {"total": 0, "articles": []}, "outlets": [], "error": str(exc)}
    result = loaded["result"]
    for row in result["articles"]:
        row["link"] = safe_url(row.get("url"))
    active = {k: v for k, v in params.items() if v}
    pages = max(1, -(-int(result["total"]) // PAGE_SIZE))
    return state.render(
        "corpus.html", page="corpus", params=params, result=result,
        outlets=loaded["outlets"], error=loaded.get("error"),
        categories=CATEGORIES, source_types=SOURCE_TYPES, page_no=page, pages=pages,
        prev_url=f"/articles?{urlencode({**active, 'page': page - 1})}" if page > 1 else None,
        next_url=f"/articles?{urlencode({**active, 'page': page + 1})}"
        if page < pages else None,
        export_query=urlencode({k: v for k, v in active.items()
                                if k in ("outlet", "since", "until")}),
    )


@router.get("/articles/{article_id}")
async def article_page(request: Request, article_id: str) -> Response:
    state = _state(request)

    def load() -> dict[str, Any]:
        with state.store() as store:
            data: dict[str, Any] = store.get_article(article_id)
            return data

    data = await run_in_threadpool(load)
    return state.render("article.html", page="corpus", **_legend(), **page_context(data))


@router.get("/dashboard")
async def dashboard_page(request: Request) -> Response:
    state = _state(request)
    outlet = (request.query_params.get("outlet") or "").strip() or None
    since = (request.query_params.get("since") or "").strip() or None
    until = (request.query_params.get("until") or "").strip() or None

    def load() -> dict[str, Any]:
        with state.store() as store:
            f: dict[str, Any] = {"outlet": outlet, "since": since, "until": until}
            return {
                "overview": q.overview(store),
                "outlets": q.outlets(store),
                "profile": q.technique_profile(store, by="category", **f),
                "techniques": q.technique_profile(store, by="technique", **f),
                "trend": q.technique_trend(store, period="month", by="category", **f),
                "anonymous": q.anonymous_sourcing(store, **f),
                "sources": q.top_sources(store, limit=15, **f),
                "labels": q.actor_labels(store, limit=30, **f),
            }

    try:
        data = await run_in_threadpool(load)
        error = None
    except UsageError as exc:
        data = {k: [] for k in ("outlets", "profile", "techniques", "trend", "anonymous",
                                "sources", "labels")}
        data["overview"] = {}
        error = str(exc)
    charts = dashboard_charts(data["profile"], data["trend"], data["anonymous"])
    return state.render("dashboard.html", page="dashboard", error=error,
                        params={"outlet": outlet or "", "since": since or "",
                                "until": until or ""},
                        charts=charts, **data)


# -- login ---------------------------------------------------------------------
@router.get("/login")
async def login_page(request: Request) -> Response:
    return _state(request).render("login.html", page="login",
                                  next=_local_path(request.query_params.get("next")))


@router.post("/login")
async def login_submit(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    target = _local_path(form.get("next"))
    if state.token is None:
        return RedirectResponse(target, status_code=303)
    given = form.get("token", "")
    if not hmac.compare_digest(given.encode(), state.token.encode()):
        return state.render("login.html", status=401, page="login", next=target,
                            error="wrong token")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, session_value(state.token), httponly=True, samesite="strict",
                        path="/", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/favicon.ico")
async def favicon() -> Response:
    return Response(status_code=204)
