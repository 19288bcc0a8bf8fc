"""Read sources, analyse and store: ``presslens ingest`` and ``presslens reanalyze``.

Resumable by construction: an article is looked up (content hash, URL)
before it is analysed, and each batch is stored with its analysis and its
failure bookkeeping in one transaction. An ingest killed at any point
(even SIGKILL) loses at most the batch in flight; running the same command
again skips what is stored and does the rest. Nothing is ever stored twice
(unique content hash and URL in the schema back the check).

Analyses are stored with the versions of the analyzers that made them
(:func:`analyzer_versions`); ``reanalyze --only-stale`` re-runs the
articles whose versions differ from the installed analyzers, and the
pending (``--no-analyze``) and failed ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..article import SECTIONS, Article
from ..errors import UsageError
from ..pipeline import Pipeline, batches
from ..readers import ReadFailure, iter_sources
from .base import ArticleRecord, Store
from .sql import content_hash

__all__ = [
    "IngestReport",
    "ReanalyzeReport",
    "analyzer_versions",
    "ingest",
    "read_url_list",
    "reanalyze",
]

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """Counts for one ingest run (``seen`` = articles read)."""

    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    read_failures: int = 0
    analysis_failures: int = 0
    skipped_urls: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class ReanalyzeReport:
    checked: int = 0
    reanalyzed: int = 0
    failed: int = 0
    up_to_date: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def analyzer_versions(pipeline: Pipeline) -> dict[str, str]:
    """``{analyzer name: version}`` as stored with each analysis.

    The version is the analyzer's ``version`` attribute, plus the first 12
    hex digits of its ``sha256`` attribute when it has one (analyzers with
    shipped weights), so new weights under an old version string still
    count as a change.
    """
    out = {}
    for a in pipeline.analyzers:
        version = str(getattr(a, "version", "") or "")
        sha = getattr(a, "sha256", None)
        out[a.name] = f"{version}+{str(sha)[:12]}" if sha else version
    return out


def read_url_list(path: str | Path) -> list[str]:
    """The URLs in a text file: one per line; blank lines and ``#`` comments ignored."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read URL list {str(p)!r}: {exc}") from exc
    urls = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith(("http://", "https://")):
            raise UsageError(
                f"{p!s}:{n}: {line!r} is not an http(s) URL; put one URL per line"
            )
        urls.append(line)
    return urls


def _source_of(article: Article) -> str:
    meta = article.meta
    return str(meta.get("source") or meta.get("url") or article.id)


def _bare(article: Article) -> Article:
    """The article as read, without any (possibly partial) analysis."""
    return Article(id=article.id, text=article.text, meta=dict(article.meta))


def ingest(
    store: Store,
    sources: Sequence[str],
    *,
    layers: Sequence[str] | None = None,
    analyze: bool = True,
    batch_size: int = 16,
    replace_errors: bool = False,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read ``sources`` (files, folders, JSONL, URLs, feeds), analyse and store them.

    ``layers`` picks the sections to analyse (default: every installed
    analyzer); ``analyze=False`` stores the text and metadata only (status
    ``pending``, for a later ``reanalyze``). Read failures and analysis
    failures are recorded in the store's failures table with their reason
    and do not stop the run. URL sources already stored are not fetched
    again. ``on_progress`` is called after every article with the running
    counts.
    """
    if batch_size < 1:
        raise UsageError(f"batch size must be at least 1, got {batch_size}")
    if analyze and pipeline is None:
        pipeline = Pipeline.for_sections(layers, on_error="record")
    if pipeline is not None and pipeline.on_error != "record":
        pipeline = Pipeline(pipeline.analyzers, "record", pipeline.infos)
    versions = analyzer_versions(pipeline) if (analyze and pipeline) else {}
    report = IngestReport()

    def tick() -> None:
        if on_progress is not None:
            on_progress(report)

    urls = [s for s in sources if s.startswith(("http://", "https://"))]
    known = store.known_urls(urls) if urls else set()
    todo = [s for s in sources if s not in known]
    report.skipped_urls = len(sources) - len(todo)

    def fresh() -> Iterator[Article]:
        """New articles only: duplicates are skipped before any analysis."""
        batch_hashes: set[str] = set()
        for item in iter_sources(list(todo), replace_errors=replace_errors):
            if isinstance(item, ReadFailure):
                report.read_failures += 1
                store.record_failure(item.source, str(item.error), stage="read")
                log.info("could not read %s: %s", item.source, item.error)
                tick()
                continue
            report.seen += 1
            chash = content_hash(item.text)
            url = item.meta.get("url") or None
            if chash in batch_hashes or store.find_duplicate(chash, url) is not None:
                report.duplicates += 1
                tick()
                continue
            batch_hashes.add(chash)
            if len(batch_hashes) > 10 * batch_size:
                batch_hashes.clear()  # older ones are stored by now
            yield item

    for batch in batches(fresh(), batch_size):
        records: list[ArticleRecord] = []
        if pipeline is None or not analyze:
            for art in batch:
                records.append(ArticleRecord(_bare(art).to_dict(), "pending", {},
                                             _source_of(art)))
        else:
            for outcome in pipeline.pipe(batch, batch_size=batch_size):
                art = outcome.article
                if outcome.ok:
                    records.append(ArticleRecord(art.to_dict(), "analyzed", versions,
                                                 _source_of(art)))
                else:
                    report.analysis_failures += 1
                    log.info("analysis failed for %s: %s", art.id, outcome.error)
                    records.append(ArticleRecord(_bare(art).to_dict(), "failed", {},
                                                 _source_of(art), str(outcome.error)))
        for result in store.add_many(records):
            if result.created:
                report.stored += 1
            else:
                report.duplicates += 1
            tick()
    if report.stored:
        store.optimize()
    return report


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The stored analysis with the sections just produced replaced."""
    merged = dict(old)
    for name in SECTIONS:
        if new.get(name) is not None:
            merged[name] = new[name]
    merged["model"] = {**(old.get("model") or {}), **(new.get("model") or {})}
    meta = dict(old.get("meta") or {})
    meta["missing"] = [s for s in SECTIONS if merged.get(s) is None]
    merged["meta"] = meta
    merged["schema_version"] = new.get("schema_version", old.get("schema_version"))
    return merged


def is_stale(status: str, stored: dict[str, str], current: dict[str, str]) -> bool:
    """Pending/failed articles, and analysed ones made by other analyzer versions."""
    if status != "analyzed":
        return True
    return any(stored.get(name) != version for name, version in current.items())


def reanalyze(
    store: Store,
    *,
    layers: Sequence[str] | None = None,
    only_stale: bool = False,
    batch_size: int = 16,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[ReanalyzeReport], None] | None = None,
) -> ReanalyzeReport:
    """Run the (current) analyzers again over stored articles.

    With ``only_stale``, only articles that are pending, failed, or were
    analysed by a different version of one of the analyzers in the
    pipeline. Sections produced replace the stored ones; other stored
    sections are kept. An article whose reanalysis fails keeps its old
    analysis (a pending one becomes ``failed``); the failure is recorded.
    """
    if pipeline is None:
        pipeline = Pipeline.for_sections(layers, on_error="record")
    elif pipeline.on_error != "record":
        pipeline = Pipeline(pipeline.analyzers, "record", pipeline.infos)
    current = analyzer_versions(pipeline)
    report = ReanalyzeReport()
    todo: list[str] = []
    for article_id, status, stored in store.analysis_state():
        report.checked += 1
        if not only_stale or is_stale(status, stored, current):
            todo.append(article_id)
        else:
            report.up_to_date += 1
    for ids in batches(todo, batch_size):
        olds = {i: store.get_article(i) for i in ids}
        articles = [
            Article(id=i, text=d["text"],
                    meta={k: v for k, v in (d.get("meta") or {}).items() if k != "missing"})
            for i, d in olds.items()
        ]
        for outcome in pipeline.pipe(articles, batch_size=batch_size):
            art = outcome.article
            old = olds[art.id]
            info = old["store"]
            if outcome.ok:
                merged = _merge(old, art.to_dict())
                merged.pop("store", None)
                versions = {**info["analyzers"], **current}
                store.update_analysis(art.id, ArticleRecord(merged, "analyzed", versions,
                                                            info["source"]))
                report.reanalyzed += 1
            else:
                report.failed += 1
                if info["status"] != "analyzed":
                    keep = {k: v for k, v in old.items() if k != "store"}
                    store.update_analysis(art.id, ArticleRecord(
                        keep, "failed", info["analyzers"], info["source"], str(outcome.error)))
                else:
                    store.record_failure(str(info["source"] or art.id), str(outcome.error),
                                         stage="analyze")
            if on_progress is not None:
                on_progress(report)
    if report.reanalyzed:
        store.optimize()
    return report
