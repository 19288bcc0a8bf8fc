"""Segmenting annotated text for display, URL safety, and the SVG chart geometry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presslens import Article
from presslens.techniques.taxonomy import CATEGORIES
from presslens.web.charts import CATEGORY_COLORS, bar_chart, line_chart, month_range, stacked_chart
from presslens.web.view import category_slug, page_context, safe_url, segments

from .conftest import analysed

STYLE = Path(__file__).resolve().parents[2] / "src/presslens/web/static/style.css"


def nested_article() -> dict:
    text = "Either we act now or the nation falls, the minister said."
    a = Article(id="n1", text=text)
    a.add_layer("techniques", "t", [
        a.span(0, 37, "False_Dilemma-No_Choice", 0.9, category="Simplification"),
        a.span(21, 37, "Appeal_to_Fear-Prejudice", 0.8, category="Justification"),
    ])
    cue = a.ref(52, 56)
    src = a.ref(39, 51, type="official", entity=None)
    a.add_layer("attributions", "t", [
        a.span(0, 56, "indirect", 0.7, source=src, cue=cue, content=[a.ref(0, 37)], via=None)
    ])
    a.add_layer("entities", "t", [])
    return a.to_dict()


def test_segments_cut_at_every_boundary_and_rebuild_the_text() -> None:
    data = nested_article()
    segs = segments(data)
    assert "".join(s.text for s in segs) == data["text"]
    assert [(s.start, s.end) for s in segs] == [(0, 21), (21, 37), (37, 39), (39, 51),
                                                (51, 52), (52, 56), (56, 57)]
    for s in segs:
        assert data["text"][s.start:s.end] == s.text
    assert segs[1].text == "the nation falls"


@pytest.mark.parametrize(
    ("index", "present", "absent"),
    [
        (0, {"tech", "cat-simplification", "attr-content"}, {"tech-multi", "cat-justification"}),
        (1, {"tech-multi", "cat-simplification", "cat-justification", "attr-content"}, set()),
        (2, set(), {"tech", "attr-content"}),
        (3, {"attr-source"}, {"tech"}),
        (5, {"attr-cue"}, {"attr-source"}),
        (6, set(), {"tech", "attr-cue", "attr-content"}),
    ],
)
def test_segment_classes(index: int, present: set[str], absent: set[str]) -> None:
    seg = segments(nested_article())[index]
    assert present <= seg.classes
    assert not absent & seg.classes
    assert seg.marked == bool(present)


def test_tooltips_name_technique_category_and_score() -> None:
    seg = segments(nested_article())[1]
    assert seg.tip("techniques").split("\n") == [
        "False_Dilemma-No_Choice (Simplification), score 0.90",
        "Appeal_to_Fear-Prejudice (Justification), score 0.80",
    ]
    assert seg.tip("attributions") == "Attributed content (indirect) from the minister (official)"
    assert seg.tip("claims") == ""


def test_only_requested_layers_are_segmented() -> None:
    segs = segments(nested_article(), ("attributions",))
    assert all("tech" not in s.classes for s in segs)
    assert [(s.start, s.end) for s in segs if s.marked] == [(0, 37), (39, 51), (52, 56)]


def test_bad_spans_are_ignored_not_fatal() -> None:
    data = {"text": "abc", "techniques": [
        {"technique": "Doubt", "start": 2, "end": 9, "score": 1},
        {"technique": "Doubt", "start": 1, "end": 1, "score": 1},
    ]}
    segs = segments(data)
    assert [(s.start, s.end, s.marked) for s in segs] == [(0, 3, False)]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("https:///nohost", None),
        ("http://exa mple.org", None),
        ("vbscript:msgbox(1)", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_page_context_marks_missing_layers_and_counts_sources() -> None:
    data = analysed(
        "p1", "Sources said the talks failed. Officials said nothing.",
        attributions=(
            {"content": "the talks failed", "cue": "said", "source": "Sources",
             "type": "anonymous"},
            {"content": "nothing", "cue": "said", "source": "Officials", "type": "official"},
        ),
    )
    data["claims"] = None
    data["meta"]["missing"] = ["claims", "entities"]
    ctx = page_context(data)
    assert ctx["present"]["claims"] is False and ctx["present"]["entities"] is False
    assert ctx["present"]["attributions"] is True
    assert [(r["name"], r["type"], r["count"]) for r in ctx["sources"]] == [
        ("Officials", "official", 1), ("Sources", "anonymous", 1)]
    assert ctx["sourcing"]["anonymous_share"] == 0.5


def test_every_category_has_a_colour_in_charts_and_css() -> None:
    css = STYLE.read_text()
    for category in CATEGORIES:
        assert category in CATEGORY_COLORS
        assert f".cat-{category_slug(category)}" in css
        # the highlight colour in the CSS is the chart colour plus an alpha channel
        rule = re.search(rf"\.tech\.cat-{category_slug(category)} {{ background: (#\w+);", css)
        assert rule is not None and rule.group(1)[:7] == CATEGORY_COLORS[category]


def test_stacked_chart_splits_each_row_in_proportion() -> None:
    chart = stacked_chart("t", [("A", {"x": 1, "y": 3}), ("B", {"y": 2})], ["x", "y"])
    a_rects = [r for r in chart.rects if r.y == chart.rects[0].y]
    widths = [r.w for r in a_rects]
    assert widths[1] == pytest.approx(3 * widths[0])
    b_rect = [r for r in chart.rects if r.y != chart.rects[0].y]
    assert len(b_rect) == 1 and b_rect[0].w == pytest.approx(sum(widths))
    assert [name for name, _ in chart.legend] == ["x", "y"]


def test_bar_chart_clamps_shares_and_labels_percentages() -> None:
    chart = bar_chart("t", [("A", 0.25, "a"), ("B", 1.5, "b")])
    full = chart.rects[1].w
    assert chart.rects[0].w == pytest.approx(full / 4)
    assert [t.text for t in chart.labels if t.text.endswith("%")] == ["25.0%", "150.0%"]


def test_line_chart_puts_higher_values_higher() -> None:
    chart = line_chart("t", {"s": {"2024-01": 1.0, "2024-02": 3.0}}, ["2024-01", "2024-02"])
    (series,) = chart.series
    (x1, y1, _), (x2, y2, _) = series.points
    assert x1 < x2 and y2 < y1  # SVG y grows downwards
    assert [t.text for t in chart.xlabels] == ["2024-01", "2024-02"]
    assert line_chart("t", {}, []).empty


def test_line_chart_breaks_at_gaps() -> None:
    periods = ["2024-01", "2024-02", "2024-03", "2024-04"]
    chart = line_chart("t", {"s": {"2024-01": 1.0, "2024-03": 2.0, "2024-04": 1.0}}, periods,
                       gaps=frozenset({"2024-02"}))
    (series,) = chart.series
    assert [len(run) for run in series.runs] == [1, 2]
    assert len(series.polylines) == 1  # a single point draws no line
    assert [tip for _, _, tip in series.points] == ["s, 2024-01: 1", "s, 2024-03: 2",
                                                    "s, 2024-04: 1"]


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        (["2023-11", "2024-02"], ["2023-11", "2023-12", "2024-01", "2024-02"]),
        (["2024-05"], ["2024-05"]),
        (["2024-W09", "2024-W11"], ["2024-W09", "2024-W11"]),
        (["2024", "2022"], ["2022", "2024"]),
        ([], []),
    ],
)
def test_month_range(periods: list[str], expected: list[str]) -> None:
    assert month_range(periods) == expected
