"""Technique metrics on hand-worked cases (expected numbers derived in the comments)."""

from __future__ import annotations

import pytest

from presslens.techniques.metrics import (
    line_bounds,
    merge_spans,
    paragraph_scores,
    prf,
    si_scores,
    spans_to_paragraphs,
    tc_scores,
)

approx = pytest.approx


def test_merge_spans() -> None:
    # (0,5) and (3,8) share 3-4 -> (0,8); (8,10) only touches -> apart; empty dropped
    assert merge_spans([(3, 8), (0, 5), (8, 10), (12, 12)]) == [(0, 8), (8, 10)]
    # nested span disappears into its container
    assert merge_spans([(0, 20), (5, 10)]) == [(0, 20)]
    assert merge_spans([]) == []


@pytest.mark.parametrize(
    ("pred", "gold", "p", "r", "f1"),
    [
        # partial overlap: 5 shared chars; P = 5/10, R = 5/10, F1 = 0.5
        ({"a": [(5, 15)]}, {"a": [(0, 10)]}, 0.5, 0.5, 0.5),
        # nesting: pred inside gold; P = 5/5 = 1, R = 5/20 = .25, F1 = 2*.25/1.25 = .4
        ({"a": [(5, 10)]}, {"a": [(0, 20)]}, 1.0, 0.25, 0.4),
        # merging: (0,6)+(4,10) -> (0,10) = gold; unmerged R would be 6/10 + 6/10 = 1.2
        ({"a": [(0, 6), (4, 10)]}, {"a": [(0, 10)]}, 1.0, 1.0, 1.0),
        # gold merged too: (0,6)+(4,10) -> (0,10); pred (0,5): P = 1, R = 5/10, F1 = 2/3
        ({"a": [(0, 5)]}, {"a": [(0, 6), (4, 10)]}, 1.0, 0.5, 2 / 3),
        # one pred over two golds: P = (10 + 10)/30 = 2/3, R = (1 + 1)/2 = 1, F1 = 0.8
        ({"a": [(0, 30)]}, {"a": [(0, 10), (20, 30)]}, 2 / 3, 1.0, 0.8),
        # corpus level: b's gold is missed: P = 1/1, R = (1 + 0)/2 = .5, F1 = 2/3
        ({"a": [(0, 10)]}, {"a": [(0, 10)], "b": [(0, 10)]}, 1.0, 0.5, 2 / 3),
        # spans only overlap within the same article: nothing shared
        ({"b": [(0, 10)]}, {"a": [(0, 10)]}, 0.0, 0.0, 0.0),
        # empty predictions: P = 0 by convention, R = 0
        ({}, {"a": [(0, 10)]}, 0.0, 0.0, 0.0),
        ({"a": []}, {"a": [(0, 10)]}, 0.0, 0.0, 0.0),
        # empty gold: R = 0 by convention, P = 0/1
        ({"a": [(0, 10)]}, {"a": []}, 0.0, 0.0, 0.0),
        # perfect prediction, two articles, several spans
        (
            {"a": [(0, 4), (10, 20)], "b": [(3, 9)]},
            {"a": [(10, 20), (0, 4)], "b": [(3, 9)]},
            1.0, 1.0, 1.0,
        ),
    ],
)
def test_si_scores(
    pred: dict[str, list[tuple[int, int]]],
    gold: dict[str, list[tuple[int, int]]],
    p: float, r: float, f1: float,
) -> None:
    got = si_scores(pred, gold)
    assert (got.precision, got.recall, got.f1) == (approx(p), approx(r), approx(f1))


def test_si_counts_merged_spans() -> None:
    got = si_scores({"a": [(0, 6), (4, 10), (20, 25)]}, {"a": [(0, 10)]})
    assert (got.predicted, got.support) == (2, 1)
    # P = (10/10 + 0/5) / 2 = .5, R = 10/10 = 1
    assert (got.precision, got.recall) == (approx(0.5), approx(1.0))


def test_prf_zero_division() -> None:
    assert prf(0, 0, 0).f1 == 0.0
    assert prf(0, 3, 0).precision == 0.0
    assert prf(2, 2, 0) == prf(2, 2, 0)
    got = prf(3, 1, 2)  # P = 3/4, R = 3/5, F1 = 2*.45/1.35 = 2/3
    assert (got.precision, got.recall, got.f1) == (0.75, 0.6, approx(2 / 3))
    assert (got.support, got.predicted) == (5, 4)


def test_tc_scores() -> None:
    # items: A->A (tp A), A->B (fn A, fp B), B->B (tp B), C->None (fn C)
    got = tc_scores(["A", "A", "B", "C"], ["A", "B", "B", None])
    # micro: tp 2, fp 1, fn 2 -> P = 2/3, R = 2/4, F1 = (2/3) / (7/6) = 4/7
    assert got.micro.precision == approx(2 / 3)
    assert got.micro.recall == approx(0.5)
    assert got.micro.f1 == approx(4 / 7)
    # A: P 1/1 R 1/2 F1 2/3; B: P 1/2 R 1/1 F1 2/3; C: 0 -> macro = (4/3)/3 = 4/9
    assert got.per_label["A"].f1 == approx(2 / 3)
    assert got.per_label["B"].precision == approx(0.5)
    assert got.per_label["C"].f1 == 0.0
    assert got.macro_f1 == approx(4 / 9)
    # a class named but absent from both sides counts as 0: macro = (4/3)/4 = 1/3
    assert tc_scores(["A", "A", "B", "C"], ["A", "B", "B", None], "ABCD").macro_f1 == approx(
        1 / 3
    )


def test_tc_all_labelled_is_accuracy() -> None:
    got = tc_scores(["A", "B", "B", "C", "A"], ["A", "B", "C", "C", "B"])
    assert got.micro.f1 == approx(3 / 5)
    assert got.micro.precision == got.micro.recall


def test_tc_perfect_and_empty() -> None:
    assert tc_scores(["A", "B"], ["A", "B"]).macro_f1 == 1.0
    empty = tc_scores([], [])
    assert (empty.micro.f1, empty.macro_f1) == (0.0, 0.0)
    with pytest.raises(ValueError, match="2 gold items but 1"):
        tc_scores(["A", "B"], ["A"])


TEXT = "aa bb\ncc dd\n\nee"


def test_line_bounds() -> None:
    bounds = line_bounds(TEXT)
    assert [TEXT[a:b] for a, b in bounds] == ["aa bb", "cc dd", "", "ee"]
    assert line_bounds("x\n")[-1] == (2, 2)


def test_spans_to_paragraphs() -> None:
    assert TEXT[3:8] == "bb\ncc"  # crosses lines 1 and 2
    assert TEXT[11:13] == "\n\n"  # only newlines: no line shares a character
    got = spans_to_paragraphs(TEXT, [(3, 8, "X"), (11, 13, "Y"), (13, 15, "Z"), (0, 2, "X")])
    assert got == {1: {"X"}, 2: {"X"}, 3: set(), 4: {"Z"}}


def test_paragraph_scores() -> None:
    gold = {"a": {1: {"X"}, 2: {"Y"}, 4: set()}}
    pred = {"a": {1: {"X", "Y"}, 2: set(), 3: {"Z"}, 4: set()}}
    # line 1: tp X, fp Y; line 2: fn Y; line 3 not in gold: ignored
    # micro tp 1 fp 1 fn 1 -> .5/.5/.5; X F1 1, Y F1 0 -> macro .5
    got = paragraph_scores(gold, pred)
    assert (got.micro.precision, got.micro.recall, got.micro.f1) == (0.5, 0.5, 0.5)
    assert got.macro_f1 == 0.5
    assert set(got.per_label) == {"X", "Y"}
    assert got.items == 3
    # no predictions at all: every gold label missed
    assert paragraph_scores(gold, {}).micro.f1 == 0.0
    assert paragraph_scores(gold, gold).micro.f1 == 1.0
