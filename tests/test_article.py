"""Article, Layer, Span: offsets, bounds, the JSON shape and the round trip."""

from __future__ import annotations

from typing import Any

import pytest

from presslens import SCHEMA_VERSION, SECTIONS, Article, Layer, PresslensError, Span, SpanError
from presslens.schema import validate

TEXT = "Ministers said the plan “will work”. Critics — unnamed — disagreed 👍 strongly."


def test_offsets_are_str_indices() -> None:
    a = Article(id="u", text=TEXT)
    start = TEXT.index("👍")
    s = a.span(start, start + 1, "emoji")
    assert TEXT[s.start : s.end] == "👍"
    rec = a.ref(TEXT.index("will"), TEXT.index("”"))
    assert rec == {"start": 25, "end": 34, "text": "will work"}
    assert TEXT[25:34] == "will work"


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (5, 4), (0, len(TEXT) + 1), (len(TEXT) + 1, len(TEXT) + 1), (1.0, 3), ("0", 3)],
)
def test_span_out_of_bounds_raises(start: Any, end: Any) -> None:
    a = Article(id="b", text=TEXT)
    with pytest.raises(SpanError) as info:
        a.span(start, end, "x")
    assert isinstance(info.value, ValueError) and isinstance(info.value, PresslensError)
    with pytest.raises(SpanError):
        a.ref(start, end)


@pytest.mark.parametrize(("start", "end"), [(0, 0), (0, len(TEXT)), (len(TEXT), len(TEXT))])
def test_span_edges_are_allowed(start: int, end: int) -> None:
    span = Article(id="e", text=TEXT).span(start, end, "x", 0.5, extra=1)
    assert (span.start, span.end, span.score, span.data) == (start, end, 0.5, {"extra": 1})


def test_span_error_message_names_article_and_length() -> None:
    with pytest.raises(SpanError, match=r"\(0, 99\) does not fit article 'a1' of 3 characters"):
        Article(id="a1", text="abc").span(0, 99, "x")


def test_layer_sorts_spans_and_ignores_data_in_order() -> None:
    spans = [Span(5, 9, "b"), Span(0, 4, "z"), Span(5, 7, "a"), Span(0, 4, "a", data={"k": 1})]
    layer = Layer("l", "test", spans)
    assert [(s.start, s.end, s.label) for s in layer] == [
        (0, 4, "a"), (0, 4, "z"), (5, 7, "a"), (5, 9, "b")]
    assert len(layer) == 4


def test_span_is_frozen() -> None:
    span = Span(0, 1, "x")
    with pytest.raises(AttributeError):
        span.start = 2  # type: ignore[misc]


def _article() -> Article:
    a = Article(id="a", text=TEXT, meta={"title": "Plan", "outlet": "Wire"})
    start, end = TEXT.index("will work"), TEXT.index("”")
    a.add_layer("techniques", "test", [
        a.span(start, end, "Slogans", 0.123456, category="Call"),
    ])
    a.add_layer("sentences", "test", [a.span(0, 36, "sentence")])
    a.results["genre"] = {"label": "reporting", "scores": {"reporting": 0.9}}
    a.models["techniques"] = {"name": "m", "version": "1"}
    return a


def test_to_dict_shape() -> None:
    a = _article()
    data = a.to_dict()
    assert list(data) == ["schema_version", "id", "text", "meta", *SECTIONS, "model"]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["techniques"] == [{
        "technique": "Slogans", "start": 25, "end": 34, "text": "will work",
        "score": 0.1235, "category": "Call"}]
    assert data["genre"] == {"label": "reporting", "scores": {"reporting": 0.9}}
    assert data["meta"]["missing"] == [
        "attributions", "entities", "claims", "actors", "sourcing", "frames"]
    assert "sentences" not in data  # internal layers are not part of the output
    assert data["model"] == {"techniques": {"name": "m", "version": "1"}}
    validate(data)


def test_to_dict_does_not_touch_the_article() -> None:
    a = _article()
    a.to_dict()
    assert "missing" not in a.meta
    assert a.text == TEXT


def test_to_dict_sections_limits_output() -> None:
    data = _article().to_dict(("techniques", "claims"))
    assert [k for k in data if k in SECTIONS] == ["techniques", "claims"]
    assert data["meta"]["missing"] == ["claims"]
    validate(data)


def test_round_trip() -> None:
    a = _article()
    data = a.to_dict()
    b = Article.from_dict(data)
    assert b.to_dict() == data
    assert b.text == a.text and b.meta == a.meta
    assert b.layers["techniques"].spans[0].data == {"category": "Call"}


def test_from_dict_checks_offsets() -> None:
    data = _article().to_dict()
    data["techniques"][0]["end"] = 10_000
    with pytest.raises(SpanError):
        Article.from_dict(data)


def test_from_dict_rejects_text_that_does_not_match_offsets() -> None:
    data = _article().to_dict()
    data["techniques"][0]["start"] += 1  # e.g. offsets counted in another encoding
    with pytest.raises(SpanError, match="will work"):
        Article.from_dict(data)


def test_content_hash_ignores_case_and_whitespace() -> None:
    a = Article(id="1", text="Hello  World\n")
    b = Article(id="2", text="hello world")
    c = Article(id="3", text="hello worlds")
    assert a.content_hash == b.content_hash != c.content_hash
    assert len(a.content_hash) == 64


def test_title() -> None:
    assert Article(id="1", text="", meta={"title": "T"}).title == "T"
    assert Article(id="1", text="").title == ""
