"""The JSON API under ``/api``: analyse, browse the corpus, dashboard statistics, exports.

Routes are plain (synchronous) functions: FastAPI runs them in its thread
pool, and each opens the store, uses it and closes it in that one thread.
Statistics delegate to :mod:`presslens.store.queries` and return its rows
unchanged, so the API, the CLI's ``presslens query`` and the dashboard
always agree.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..article import SECTIONS, Article
from ..errors import UsageError
from ..readers.url import fetch_article
from ..store import ArticleRecord, Store
from ..store import queries as q
from ..store.export import CSV_COLUMNS, csv_row
from ..techniques.taxonomy import CATEGORY_OF
from .view import safe_url

__all__ = ["AnalyzeRequest", "analyse_request", "router"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["api"])

#: Source types an attribution's source can have (see the attributions JSON shape).
SOURCE_TYPES = ("person", "official", "organisation", "media", "document", "anonymous",
                "unspecified")


class AnalyzeRequest(BaseModel):
    """Analyse pasted text, or the article at a URL (exactly one of the two)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="article text, analysed exactly as given")
    url: str | None = Field(None, max_length=2048,
                            description="http(s) URL of an article to fetch and analyse")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=40,
                                  description="publication date, ISO (YYYY-MM-DD)")
    save: bool = Field(False, description="also store the analysed article in the corpus")


def _state(request: Request) -> Any:
    return request.app.state.web


def _store(request: Request) -> AbstractContextManager[Store]:
    store: AbstractContextManager[Store] = _state(request).store()
    return store


def fetch_url(url: str, **options: Any) -> Article:
    """Fetch an article through the SSRF-safe fetcher of :mod:`presslens.readers.url`."""
    if safe_url(url) is None:
        raise UsageError(f"cannot fetch {url!r}: only absolute http:// or https:// URLs")
    article: Article = fetch_article(url, **options)
    return article


def analyse_request(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    """Shared by the API and the analyse page: read, analyse, optionally store."""
    state = _state(request)
    if (body.text is None) == (body.url is None):
        raise UsageError("give either 'text' or 'url' (exactly one of them)")
    if body.text is not None:
        article = Article(id="", text=body.text, meta={})
        article.id = "web-" + article.content_hash[:12]
    else:
        assert body.url is not None
        article = fetch_url(body.url, **state.fetch_options)
    for key in ("title", "outlet", "published"):
        value = getattr(body, key)
        if value:
            article.meta[key] = value
    data: dict[str, Any] = state.analyse(article)
    if body.save:
        with _store(request) as store:
            result = store.add(ArticleRecord(
                data=data, analyzers=state.analyzer_versions(), source=body.url or "web",
            ))
        data["store"] = {"id": result.id, "created": result.created,
                         "duplicate_of": result.duplicate_of}
    return data


# -- analysis ------------------------------------------------------------------
@router.post("/analyze", summary="Analyse one article (text or URL)")
def analyze(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
    """Returns ``Article.to_dict()``; with ``save`` also a ``store`` section
    (``id``, ``created``, ``duplicate_of``)."""
    return analyse_request(request, body)


@router.get("/info", summary="Version, installed sections and limits")
def info(request: Request) -> dict[str, Any]:
    state = _state(request)
    pipeline = state.pipeline()
    return {
        "version": __version__,
        "analyzers": pipeline.names,
        "sections": list(SECTIONS),
        "unavailable": state.unavailable,
        "max_chars": state.max_chars,
        "max_body": state.max_body,
    }


# -- corpus --------------------------------------------------------------------
def search(
    store: Store,
    *,
    q_text: str | None,
    outlet: str | None,
    technique: str | None,
    actor: str | None,
    source: str | None,
    source_type: str | None,
    since: str | None,
    until: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """:func:`presslens.store.queries.search_articles` with the API's filter names."""
    if technique and technique not in CATEGORY_OF and technique not in set(CATEGORY_OF.values()):
        raise UsageError(f"unknown technique or category {technique!r}; see /api/info")
    kwargs: dict[str, Any] = dict(
        text=q_text or None, technique=technique or None, actor=actor or None,
        source=source or None, source_type=source_type or None, outlet=outlet or None,
        since=since or None, until=until or None, status=status or None, limit=limit,
        offset=offset,
    )
    if source_type and source_type not in SOURCE_TYPES:
        raise UsageError(f"unknown source type {source_type!r}; use one of "
                         f"{', '.join(SOURCE_TYPES)}")
    result: dict[str, Any] = q.search_articles(store, **kwargs)
    return result


@router.get("/articles", summary="Search stored articles")
def list_articles(
    request: Request,
    q_text: str | None = Query(None, alias="q", max_length=500,
                               description="full-text words (all must occur)"),
    outlet: str | None = Query(None, max_length=200),
    technique: str | None = Query(None, max_length=100,
                                  description="SemEval-2023 technique or category name"),
    actor: str | None = Query(None, max_length=200),
    source: str | None = Query(None, max_length=200, description="quoted source (substring)"),
    source_type: str | None = Query(None, max_length=40),
    since: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]], inclusive"),
    until: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]], inclusive"),
    status: Literal["analyzed", "pending", "failed"] | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """``{"total", "limit", "offset", "articles": [...]}``, newest first."""
    with _store(request) as store:
        return search(store, q_text=q_text, outlet=outlet, technique=technique, actor=actor,
                      source=source, source_type=source_type, since=since, until=until,
                      status=status, limit=limit, offset=offset)


@router.get("/articles/{article_id}", summary="One stored article with its analysis")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with _store(request) as store:
        data: dict[str, Any] = store.get_article(article_id)
        return data


# -- statistics ----------------------------------------------------------------
Filter = Annotated[str | None, Query(max_length=200)]
Date = Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]], inclusive")]


@router.get("/stats/overview", summary="Corpus totals")
def stats_overview(request: Request) -> dict[str, Any]:
    with _store(request) as store:
        return q.overview(store)


@router.get("/stats/outlets", summary="Outlets and their article counts")
def stats_outlets(request: Request) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.outlets(store)


@router.get("/stats/techniques", summary="Technique profile per outlet")
def stats_techniques(
    request: Request,
    by: Literal["technique", "category"] = "technique",
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.technique_profile(store, by=by, outlet=outlet, since=since, until=until)


@router.get("/stats/trend", summary="Technique use over time")
def stats_trend(
    request: Request,
    period: Literal["month", "week", "year"] = "month",
    by: Literal["technique", "category"] = "category",
    technique: str | None = Query(None, max_length=100),
    by_outlet: bool = False,
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.technique_trend(store, period=period, by=by, technique=technique,
                                 by_outlet=by_outlet, outlet=outlet, since=since, until=until)


@router.get("/stats/anonymous", summary="Anonymous-sourcing share per outlet")
def stats_anonymous(
    request: Request,
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.anonymous_sourcing(store, outlet=outlet, since=since, until=until)


@router.get("/stats/actors", summary="How each outlet labels each actor")
def stats_actors(
    request: Request,
    actor: Filter = None,
    evaluative_only: bool = False,
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
    limit: int = Query(200, ge=1, le=5000),
) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.actor_labels(store, actor=actor, evaluative_only=evaluative_only,
                              outlet=outlet, since=since, until=until, limit=limit)


@router.get("/stats/sources", summary="Most quoted sources")
def stats_sources(
    request: Request,
    source_type: str | None = Query(None, max_length=40),
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
    limit: int = Query(50, ge=1, le=5000),
) -> list[dict[str, Any]]:
    with _store(request) as store:
        return q.top_sources(store, source_type=source_type, outlet=outlet, since=since,
                             until=until, limit=limit)


# -- exports -------------------------------------------------------------------
def _in_thread(produce: Callable[[], Iterator[str]]) -> AsyncIterator[bytes]:
    """Run a blocking generator in ONE worker thread (the store it opens stays in
    that thread) and hand its chunks to the response, with back-pressure."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=64)
    stop = threading.Event()

    def put(item: bytes | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def worker() -> None:
        try:
            buf: list[str] = []
            size = 0
            for piece in produce():
                buf.append(piece)
                size += len(piece)
                if size >= 64 * 1024:
                    if not put("".join(buf).encode("utf-8")):
                        return
                    buf, size = [], 0
            if buf:
                put("".join(buf).encode("utf-8"))
        except BaseException as exc:  # delivered to the response side
            put(exc)
            return
        put(None)

    async def consume() -> AsyncIterator[bytes]:
        thread = threading.Thread(target=worker, name="presslens-export", daemon=True)
        thread.start()
        try:
            while True:
                item = await run_in_threadpool(chunks.get)
                if item is None:
                    return
                if isinstance(item, BaseException):
                    log.error("export failed: %s", item)
                    raise item
                yield item
        finally:
            stop.set()

    return consume()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Defuse spreadsheet formulas in text cells (a title starting with ``=``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_rows(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


ExportKind = Literal["articles.jsonl", "articles.csv", "techniques.csv", "attributions.csv"]
_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


@router.get("/export/{kind}", summary="Stream the corpus as JSONL or CSV")
def export(
    request: Request,
    kind: ExportKind,
    outlet: Filter = None,
    since: Date = None,
    until: Date = None,
    status: Literal["analyzed", "pending", "failed"] | None = None,
) -> StreamingResponse:
    """``articles.jsonl``: one stored ``to_dict()`` per line; ``articles.csv``: one
    row per article; ``techniques.csv`` / ``attributions.csv``: one row per span.
    Streamed: memory stays flat for any corpus size."""
    state = _state(request)
    filters = {"outlet": outlet or None, "since": since or None, "until": until or None,
               "status": status}
    # validate dates now, while an error can still become a proper response
    q._norm_date(since, "since")
    q._norm_date(until, "until")

    def articles() -> Iterator[dict[str, Any]]:
        with state.store() as store:
            yield from store.iter_articles(**filters)

    def produce() -> Iterator[str]:
        if kind == "articles.jsonl":
            for data in articles():
                yield json.dumps(data, ensure_ascii=False) + "\n"
        elif kind == "articles.csv":  # the same columns as `presslens export --format csv`
            yield from _csv_rows(
                list(CSV_COLUMNS),
                ([row.get(c) for c in CSV_COLUMNS] for row in map(csv_row, articles())),
            )
        elif kind == "techniques.csv":
            yield from _csv_rows(
                ["article_id", "outlet", "published", "technique", "category", "start", "end",
                 "score", "text"],
                (row for d in articles() for row in _technique_rows(d)),
            )
        else:
            yield from _csv_rows(
                ["article_id", "outlet", "published", "kind", "source", "source_type",
                 "source_entity", "cue", "content", "start", "end", "score"],
                (row for d in articles() for row in _attribution_rows(d)),
            )

    ext = kind.rsplit(".", 1)[1]
    return StreamingResponse(
        _in_thread(produce), media_type=_MEDIA[ext],
        headers={"content-disposition": f'attachment; filename="presslens-{kind}"'},
    )


def _store_meta(data: dict[str, Any]) -> tuple[Any, Any, Any]:
    meta = data.get("meta") or {}
    stored = data.get("store") or {}
    return (stored.get("outlet", meta.get("outlet")),
            stored.get("published", meta.get("published")),
            stored.get("url", meta.get("url")))


def _technique_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    outlet, published, _ = _store_meta(data)
    for rec in data.get("techniques") or ():
        yield [data.get("id"), outlet, published, rec.get("technique"),
               rec.get("category") or CATEGORY_OF.get(str(rec.get("technique"))),
               rec.get("start"), rec.get("end"), rec.get("score"), rec.get("text")]


def _attribution_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    outlet, published, _ = _store_meta(data)
    for rec in data.get("attributions") or ():
        source = rec.get("source") if isinstance(rec.get("source"), dict) else {}
        cue = rec.get("cue") if isinstance(rec.get("cue"), dict) else {}
        content = " / ".join(str(p.get("text", "")) for p in rec.get("content") or ()
                             if isinstance(p, dict))
        yield [data.get("id"), outlet, published, rec.get("kind"), source.get("text"),
               source.get("type"), source.get("entity"), cue.get("text"), content,
               rec.get("start"), rec.get("end"), rec.get("score")]
