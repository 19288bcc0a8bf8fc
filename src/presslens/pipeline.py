"""Put analyzers together, check that their layers line up, and run them.

``Pipeline.for_sections(["techniques", "claims"])`` picks the analyzers that
assign those sections plus whatever they require, in dependency order, and
refuses (when built, not half-way through a corpus) a combination whose
``requires`` nobody assigns. Running, it checks that every analyzer returned
the Article it was given with the layers it promised.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .article import SECTIONS, Article
from .errors import AnalyzerError, PipelineError, PresslensError
from .registry import BUILTIN_ANALYZERS, Analyzer, AnalyzerInfo, analyzer_names, get_analyzer

__all__ = ["Outcome", "Pipeline", "batches"]

log = logging.getLogger(__name__)

T = TypeVar("T")
OnError = Literal["raise", "skip", "record"]
_instances: dict[tuple[str, tuple[tuple[str, Any], ...]], Analyzer] = {}


def _instance(info: AnalyzerInfo, config: dict[str, Any]) -> Analyzer:
    """One instance per analyzer and config in a process: models load once."""
    key = (info.name, tuple(sorted(config.items())))
    if key not in _instances:
        _instances[key] = info.factory(**config)
    return _instances[key]


@dataclass
class Outcome:
    """What happened to one article: the result, or why it failed."""

    article: Article
    error: PresslensError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Pipeline:
    analyzers: list[Analyzer]
    on_error: OnError = "raise"
    infos: list[AnalyzerInfo] = field(default_factory=list)

    # -- building -------------------------------------------------------
    @classmethod
    def from_names(
        cls,
        names: Sequence[str],
        config: dict[str, dict[str, Any]] | None = None,
        on_error: OnError = "raise",
    ) -> Pipeline:
        """Build from analyzer names, in the order given; check requires."""
        config = config or {}
        infos = [get_analyzer(n) for n in names]
        available: set[str] = set()
        for info in infos:
            unmet = [r for r in info.requires if r not in available]
            if unmet:
                raise PipelineError(
                    f"analyzer {info.name!r} requires {', '.join(unmet)}, which no "
                    f"analyzer before it assigns; put an analyzer that assigns it first "
                    f"(pipeline: {', '.join(names)})"
                )
            available.update(info.assigns)
        analyzers = [_instance(i, config.get(i.name, {})) for i in infos]
        return cls(analyzers, on_error, infos)

    @classmethod
    def for_sections(
        cls,
        sections: Sequence[str] | None = None,
        config: dict[str, dict[str, Any]] | None = None,
        on_error: OnError = "raise",
    ) -> Pipeline:
        """The analyzers needed for the output ``sections`` (default: all available)."""
        wanted = list(SECTIONS if sections is None else sections)
        unknown = [s for s in wanted if s not in SECTIONS]
        if unknown:
            raise PipelineError(
                f"unknown layer {', '.join(unknown)}; choose from {', '.join(SECTIONS)}"
            )
        names = analyzer_names()
        providers: dict[str, str] = {}
        for name in names:
            for assigned in get_analyzer(name).assigns:
                providers.setdefault(assigned, name)
        chosen: set[str] = set()

        def need(layer: str, strict: bool) -> None:
            if layer not in providers:
                if strict:
                    raise PipelineError(
                        f"no installed analyzer produces {layer!r}; installed: "
                        f"{', '.join(names) or 'none'}"
                    )
                return
            name = providers[layer]
            if name in chosen:
                return
            chosen.add(name)
            for req in get_analyzer(name).requires:
                need(req, True)

        for section in wanted:
            need(section, sections is not None)
        order = list(BUILTIN_ANALYZERS) + sorted(set(names) - set(BUILTIN_ANALYZERS))
        ordered = _toposort([n for n in order if n in chosen])
        return cls.from_names(ordered, config, on_error)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.analyzers]

    # -- running --------------------------------------------------------
    def __call__(self, article: Article) -> Article:
        for analyzer in self.analyzers:
            article = self._run_one(analyzer, article)
        return article

    def _run_one(self, analyzer: Analyzer, article: Article) -> Article:
        try:
            result = analyzer(article)
        except PresslensError:
            raise
        except Exception as exc:
            raise AnalyzerError(
                f"analyzer {analyzer.name!r} failed on article {article.id!r}: "
                f"{type(exc).__name__}: {exc}",
                analyzer=analyzer.name,
                article_id=article.id,
            ) from exc
        self._check(analyzer, result)
        return result

    @staticmethod
    def _check(analyzer: Analyzer, result: object) -> None:
        if not isinstance(result, Article):
            raise AnalyzerError(
                f"analyzer {analyzer.name!r} returned {type(result).__name__}, not an Article",
                analyzer=analyzer.name,
            )
        missing = [
            a for a in analyzer.assigns if a not in result.layers and a not in result.results
        ]
        if missing:
            raise AnalyzerError(
                f"analyzer {analyzer.name!r} did not assign {', '.join(missing)} "
                f"on article {result.id!r}",
                analyzer=analyzer.name,
                article_id=result.id,
            )

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Outcome]:
        """Analyse a stream of articles, batching for analyzers that offer ``pipe``.

        Yields one :class:`Outcome` per input article, in order. A failing
        article raises (``on_error="raise"``), is dropped (``"skip"``) or is
        yielded with its error (``"record"``); the others go on.

        Where an analyzer has ``prefetch(articles)`` (``parse``: its worker
        processes start on the batch), each batch is handed to it first, and
        the next batch is read from ``articles`` and handed to it before the
        current batch runs, so that work overlaps the later analyzers;
        ``prefetch([])`` at the end drops what was not used. An error from
        ``articles`` met while reading ahead is raised after the current
        batch's outcomes, as it would be without read-ahead.
        """
        prefetchers = [
            fn for fn in (getattr(a, "prefetch", None) for a in self.analyzers) if callable(fn)
        ]
        chunks = batches(articles, batch_size)
        if not prefetchers:  # read no further ahead than needed
            for each in chunks:
                yield from self._run_batch(each)
            return
        try:
            batch = next(chunks, None)
            if batch is not None:
                for prefetch in prefetchers:
                    prefetch(batch)
            while batch is not None:
                failed: Exception | None = None
                try:
                    following = next(chunks, None)
                except Exception as exc:  # raise it where it was met without read-ahead
                    following, failed = None, exc
                if following is not None:
                    for prefetch in prefetchers:
                        prefetch(following)
                yield from self._run_batch(batch)
                if failed is not None:
                    raise failed
                batch = following
        finally:
            for prefetch in prefetchers:
                prefetch([])

    def _run_batch(self, batch: list[Article]) -> Iterator[Outcome]:
        outcomes = [Outcome(a) for a in batch]
        for analyzer in self.analyzers:
            live = [o for o in outcomes if o.ok]
            batch_fn = getattr(analyzer, "pipe", None)
            if batch_fn is not None and len(live) > 1:
                try:
                    results = list(batch_fn([o.article for o in live]))
                    for outcome, result in zip(live, results, strict=True):
                        self._check(analyzer, result)
                        outcome.article = result
                    continue
                except Exception:  # find the culprit one article at a time
                    log.debug("batch failed in %s; retrying one by one", analyzer.name)
            for outcome in live:
                try:
                    outcome.article = self._run_one(analyzer, outcome.article)
                except PresslensError as exc:
                    if self.on_error == "raise":
                        raise
                    outcome.error = exc
        for outcome in outcomes:
            if outcome.ok or self.on_error == "record":
                yield outcome


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items, the last one shorter (``itertools.batched``
    from Python 3.12, as lists)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _toposort(names: list[str]) -> list[str]:
    """Order names so each comes after the providers of what it requires."""
    infos = {n: get_analyzer(n) for n in names}
    done: list[str] = []
    provided: set[str] = set()
    pending = list(names)
    while pending:
        for name in pending:
            needs = [r for r in infos[name].requires if any(r in infos[o].assigns for o in names)]
            if all(r in provided for r in needs):
                done.append(name)
                provided.update(infos[name].assigns)
                pending.remove(name)
                break
        else:
            raise PipelineError(f"analyzers {', '.join(pending)} require each other in a cycle")
    return done
