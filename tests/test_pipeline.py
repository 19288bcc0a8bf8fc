"""Pipeline: build-time requires checks, running, errors per article, batching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from presslens import (
    AnalyzerError,
    Article,
    Pipeline,
    PipelineError,
    PresslensError,
    UsageError,
    analyzer,
    registry,
)
from presslens import pipeline as pipeline_module
from presslens.pipeline import _toposort
from presslens.schema import validate

CALLS: dict[str, int] = {}
EVENTS: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def test_analyzers() -> Iterator[None]:
    """Register toy analyzers for one test; restore the registry afterwards.

    They assign layers outside the output sections, so they never change
    what ``Pipeline.for_sections`` picks for real sections.
    """
    CALLS.clear()
    EVENTS.clear()

    @analyzer("t_words", assigns=("t_words",))
    class Words:
        name = "t_words"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_words",)

        def __call__(self, article: Article) -> Article:
            CALLS["t_words"] = CALLS.get("t_words", 0) + 1
            if "FAIL" in article.text:
                raise ValueError("cannot handle FAIL")
            spans, pos = [], 0
            for word in article.text.split():
                start = article.text.index(word, pos)
                pos = start + len(word)
                spans.append(article.span(start, pos, "word"))
            article.add_layer("t_words", self.name, spans)
            return article

    @analyzer("t_count", requires=("t_words",), assigns=("t_count",))
    class Count:
        name = "t_count"
        version = "1"
        requires = ("t_words",)
        assigns = ("t_count",)

        def __call__(self, article: Article) -> Article:
            article.results["t_count"] = len(article.layers["t_words"])
            return article

    @analyzer("t_batch", assigns=("t_batch",))
    class Batch:
        """Has ``pipe``; the whole batch fails when one article says FAIL."""

        name = "t_batch"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_batch",)

        def __call__(self, article: Article) -> Article:
            if "FAIL" in article.text:
                raise RuntimeError("boom")
            article.results["t_batch"] = "single"
            return article

        def pipe(self, articles: Iterable[Article]) -> list[Article]:
            articles = list(articles)
            CALLS["pipe"] = CALLS.get("pipe", 0) + 1
            CALLS.setdefault("sizes", 0)
            if any("FAIL" in a.text for a in articles):
                raise RuntimeError("batch boom")
            for a in articles:
                a.results["t_batch"] = "batched"
            return articles

    @analyzer("t_none", assigns=("t_none",))
    class ReturnsNone:
        name = "t_none"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_none",)

        def __call__(self, article: Article) -> Any:
            return None

    @analyzer("t_lazy", assigns=("t_lazy",))
    class Lazy:
        name = "t_lazy"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_lazy",)

        def __call__(self, article: Article) -> Article:
            return article  # promised t_lazy, assigned nothing

    @analyzer("t_model", assigns=("t_model",))
    class ModelMissing:
        name = "t_model"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_model",)

        def __call__(self, article: Article) -> Article:
            from presslens import ModelError

            raise ModelError("weights missing; run make models")

    @analyzer("t_ahead", assigns=("t_ahead",))
    class Ahead:
        """Has ``prefetch``: records when the pipeline hands it which batch."""

        name = "t_ahead"
        version = "1"
        requires: tuple[str, ...] = ()
        assigns = ("t_ahead",)

        def __call__(self, article: Article) -> Article:
            EVENTS.append(("call", article.id))
            article.results["t_ahead"] = 1
            return article

        def prefetch(self, articles: list[Article]) -> None:
            EVENTS.append(("prefetch", ",".join(a.id for a in articles)))

        def pipe(self, articles: Iterable[Article]) -> list[Article]:
            articles = list(articles)
            EVENTS.append(("pipe", ",".join(a.id for a in articles)))
            for a in articles:
                a.results["t_ahead"] = 1
            return articles

    yield
    # remove only the toy analyzers: built-ins registered meanwhile stay (their
    # modules are imported once, so they would not register again)
    for name in [n for n in registry._analyzers if n.startswith("t_")]:
        del registry._analyzers[name]
    for key in [k for k in pipeline_module._instances if k[0].startswith("t_")]:
        del pipeline_module._instances[key]


def arts(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]


# -- building -------------------------------------------------------------

def test_requires_checked_at_build_time() -> None:
    with pytest.raises(PipelineError, match="'t_count' requires t_words"):
        Pipeline.from_names(["t_count"])
    with pytest.raises(PipelineError, match="t_words"):
        Pipeline.from_names(["t_count", "t_words"])  # wrong order
    assert Pipeline.from_names(["t_words", "t_count"]).names == ["t_words", "t_count"]
    assert CALLS == {}  # nothing ran while building


def test_unknown_analyzer_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"unknown analyzer 'nope'.*parse"):
        Pipeline.from_names(["nope"])


def test_one_instance_per_analyzer_and_config() -> None:
    a = Pipeline.from_names(["t_words"]).analyzers[0]
    b = Pipeline.from_names(["t_words"]).analyzers[0]
    assert a is b


@pytest.mark.parametrize(
    ("sections", "message"),
    [(["weather"], "unknown layer weather"), (["techniques", "moods"], "unknown layer moods")],
)
def test_for_sections_unknown_layer(sections: list[str], message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        Pipeline.for_sections(sections)


def test_for_sections_picks_provider_and_runs() -> None:
    pipe = Pipeline.for_sections(["entities"])
    assert pipe.names == ["parse"]
    text = "Mayor Ilse Brandt visited Paris on Monday."
    article = pipe(Article(id="e", text=text))
    assert [(text[s.start : s.end], s.label) for s in article.layers["entities"]] == [
        ("Ilse Brandt", "person"), ("Paris", "place")]
    validate(article.to_dict())


def test_for_sections_empty_is_an_empty_pipeline() -> None:
    pipe = Pipeline.for_sections([])
    assert pipe.names == []
    a = Article(id="x", text="t")
    assert pipe(a) is a


def test_toposort_orders_and_detects_cycles() -> None:
    assert _toposort(["t_count", "t_words"]) == ["t_words", "t_count"]

    @analyzer("t_c1", requires=("t_c2",), assigns=("t_c1",))
    class C1:  # pragma: no cover - never instantiated
        pass

    @analyzer("t_c2", requires=("t_c1",), assigns=("t_c2",))
    class C2:  # pragma: no cover
        pass

    with pytest.raises(PipelineError, match="cycle"):
        _toposort(["t_c1", "t_c2"])


# -- running ----------------------------------------------------------------

def test_call_runs_in_order() -> None:
    article = Pipeline.from_names(["t_words", "t_count"])(Article(id="x", text="one two  three"))
    assert article.results["t_count"] == 3
    assert [article.text[s.start : s.end] for s in article.layers["t_words"]] == [
        "one", "two", "three"]


def test_exception_is_wrapped_with_analyzer_and_article() -> None:
    with pytest.raises(AnalyzerError) as info:
        Pipeline.from_names(["t_words"])(Article(id="bad1", text="FAIL here"))
    err = info.value
    assert (err.analyzer, err.article_id) == ("t_words", "bad1")
    assert "ValueError: cannot handle FAIL" in str(err)
    assert isinstance(err.__cause__, ValueError)


def test_presslens_errors_pass_through_unwrapped() -> None:
    from presslens import ModelError

    with pytest.raises(ModelError, match="weights missing"):
        Pipeline.from_names(["t_model"])(Article(id="m", text="x"))


def test_non_article_result_is_an_analyzer_error() -> None:
    with pytest.raises(AnalyzerError, match="'t_none' returned NoneType, not an Article"):
        Pipeline.from_names(["t_none"])(Article(id="n", text="x"))


def test_unassigned_promise_is_an_analyzer_error() -> None:
    with pytest.raises(AnalyzerError, match="'t_lazy' did not assign t_lazy on article 'l'"):
        Pipeline.from_names(["t_lazy"])(Article(id="l", text="x"))


@pytest.mark.parametrize(
    ("on_error", "ids", "failed"),
    [("record", ["a0", "a1", "a2"], ["a1"]), ("skip", ["a0", "a2"], [])],
)
def test_pipe_on_error(on_error: Any, ids: list[str], failed: list[str]) -> None:
    pipe = Pipeline.from_names(["t_words", "t_count"], on_error=on_error)
    outcomes = list(pipe.pipe(arts("a b", "FAIL x", "c d e"), batch_size=2))
    assert [o.article.id for o in outcomes] == ids
    assert [o.article.id for o in outcomes if not o.ok] == failed
    for o in outcomes:
        if o.ok:
            assert o.article.results["t_count"] == len(o.article.text.split())
        else:
            assert isinstance(o.error, AnalyzerError) and "t_count" not in o.article.results


def test_pipe_raise_stops() -> None:
    pipe = Pipeline.from_names(["t_words"], on_error="raise")
    with pytest.raises(AnalyzerError, match="'a1'"):
        list(pipe.pipe(arts("ok", "FAIL", "ok")))


def test_pipe_records_non_article_results() -> None:
    pipe = Pipeline.from_names(["t_none"], on_error="record")
    (outcome,) = pipe.pipe(arts("x"))
    assert not outcome.ok and isinstance(outcome.error, PresslensError)


def test_pipe_batches_and_falls_back_one_by_one() -> None:
    pipe = Pipeline.from_names(["t_batch"], on_error="record")
    outcomes = list(pipe.pipe(arts("a", "b", "c", "FAIL", "e"), batch_size=2))
    assert [o.article.id for o in outcomes] == ["a0", "a1", "a2", "a3", "a4"]
    assert [o.ok for o in outcomes] == [True, True, True, False, True]
    # batches (a0,a1) ok; (a2,a3) fails and is redone singly; a4 alone runs singly
    assert [o.article.results.get("t_batch") for o in outcomes] == [
        "batched", "batched", "single", None, "single"]
    assert CALLS["pipe"] == 2
    assert "RuntimeError: boom" in str(outcomes[3].error)


def test_pipe_is_lazy() -> None:
    pulled: list[int] = []

    def source() -> Iterator[Article]:
        for i in range(100):
            pulled.append(i)
            yield Article(id=str(i), text="w")

    outcomes = Pipeline.from_names(["t_words"]).pipe(source(), batch_size=4)
    first = next(outcomes)
    assert first.article.id == "0"
    assert len(pulled) == 4  # one batch read, not the whole stream


def test_pipe_hands_each_batch_to_prefetch_before_running_the_one_before_it() -> None:
    pipe = Pipeline.from_names(["t_ahead", "t_words"])
    outcomes = list(pipe.pipe(arts("a", "b", "c", "d", "e"), batch_size=2))
    assert [o.article.id for o in outcomes] == ["a0", "a1", "a2", "a3", "a4"]
    assert EVENTS == [
        ("prefetch", "a0,a1"),
        ("prefetch", "a2,a3"),
        ("pipe", "a0,a1"),
        ("prefetch", "a4"),
        ("pipe", "a2,a3"),
        ("call", "a4"),  # a batch of one runs article by article
        ("prefetch", ""),  # drop what was not used
    ]


def test_abandoned_pipe_drops_prefetched_batches() -> None:
    pipe = Pipeline.from_names(["t_ahead"])
    outcomes = pipe.pipe(arts("a", "b", "c", "d", "e", "f"), batch_size=2)
    assert next(outcomes).article.id == "a0"
    outcomes.close()
    assert EVENTS[-1] == ("prefetch", "")
    assert ("pipe", "a4,a5") not in EVENTS


def test_pipe_without_prefetch_reads_one_batch_at_a_time() -> None:
    read: list[int] = []

    def source() -> Iterator[Article]:
        for i in range(6):
            read.append(i)
            yield Article(id=f"a{i}", text="x y")

    outcomes = Pipeline.from_names(["t_words"]).pipe(source(), batch_size=2)
    next(outcomes)
    assert read == [0, 1]


def test_an_error_reading_ahead_comes_after_the_batch_before_it() -> None:
    def source() -> Iterator[Article]:
        yield from arts("a", "b")
        raise OSError("disk gone")

    outcomes = Pipeline.from_names(["t_ahead"]).pipe(source(), batch_size=2)
    assert [next(outcomes).article.id, next(outcomes).article.id] == ["a0", "a1"]
    with pytest.raises(OSError, match="disk gone"):
        next(outcomes)
    assert EVENTS[-1] == ("prefetch", "")
