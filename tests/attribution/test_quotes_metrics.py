"""Quote scanner, PolNeAR brat parsing and the metric, on hand-worked cases."""

from __future__ import annotations

import pytest

from presslens.attribution.metrics import Relation, coverage, score
from presslens.attribution.polnear import parse_ann
from presslens.attribution.quotes import find_quotes, paragraphs
from presslens.errors import DataError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “hi there,” and left.", [("“hi there,”", True, False)]),
        ('He said "hi there," and left.', [('"hi there,"', True, False)]),
        ("“Never closed here\n\nNext paragraph.", [("“Never closed here", False, False)]),
        (
            "“First part of it\n\n“and the rest.”",
            [("“First part of it", False, False), ("“and the rest.”", True, True)],
        ),
        ("dropped the opener” said Ann.", [("dropped the opener”", True, False)]),
        ("No quotes, only an apostrophe: it's fine.", []),
        # curly marks of the wrong shape, read by where they stand
        ("“It's unusual,“ said Ann. “Very.”",
         [("“It's unusual,“", True, False), ("“Very.”", True, False)]),
        ("Getty.\n\n”Fear. I am afraid,” she wrote.", [("”Fear. I am afraid,”", True, False)]),
        ("called them “rapists“ while", [("“rapists“", True, False)]),
        ("«Bonjour» et “hello”", [("«Bonjour»", True, False), ("“hello”", True, False)]),
        ("''Two apostrophes,'' he said.", [("''Two apostrophes,''", True, False)]),
        # an unclosed quote that swallowed its cue ends at the comma before it
        ("“We will rebuild, the mayor told reporters. Soon.",
         [("“We will rebuild,", False, False)]),
        # single quotes in a text without double quotes, in pairs; apostrophes are no marks
        ("'We can't wait,' she said. ‘Not again.’",
         [("'We can't wait,'", True, False), ("‘Not again.’", True, False)]),
        ("The members' vote was 'a disgrace', she said.", [("'a disgrace'", True, False)]),
        ("Trump's aides said the '90s were over.", []),
        ("‘First part of it\n\n‘and the rest,’ she said.",
         [("‘First part of it", False, False), ("‘and the rest,’", True, True)]),
        # beside double quotes, single quotes are quotes within quotes or headline quotes
        ("Mayor calls plan 'a joke'\n\n“We will fight,” she said.",
         [("“We will fight,”", True, False)]),
    ],
)
def test_find_quotes(text: str, expected: list[tuple[str, bool, bool]]) -> None:
    got = [(text[q.start : q.end], q.closed, q.continues) for q in find_quotes(text)]
    assert got == expected


def test_paragraphs_strip_blank_lines() -> None:
    text = "  One.  \n\n\nTwo.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two."]


def test_quote_inner_offsets() -> None:
    text = "x “abc” y"
    (q,) = find_quotes(text)
    s, e = q.inner
    assert text[s:e] == "abc"


def test_coverage_counts_gold_characters() -> None:
    assert coverage([(0, 10)], [(5, 15)]) == 0.5
    assert coverage([(0, 3), (10, 12)], [(0, 4), (10, 14)]) == pytest.approx(5 / 8)
    assert coverage([(0, 10)], []) == 0.0


def test_score_hand_worked() -> None:
    # gold A covers 0-100, gold B 200-300 (no source), gold C 400-420.
    gold = [
        Relation([(0, 100)], cue=[(101, 105)], source=[(106, 110)]),
        Relation([(200, 300)], cue=[(190, 195)], source=[]),
        Relation([(400, 420)], cue=[(421, 425)], source=[(426, 430)]),
    ]
    pred = [
        Relation([(0, 40)], cue=[(101, 105)], source=[(108, 115)]),  # 40% of A, source overlaps
        Relation([(200, 250)], cue=[(0, 1)], source=[(150, 160)]),  # 50% of B, wrong source+cue
        Relation([(600, 700)], cue=[], source=[]),  # matches nothing
    ]
    s30 = score(gold, pred, 0.3)
    assert (s30.gold, s30.predicted, s30.matched) == (3, 3, 2)
    assert s30.precision == pytest.approx(2 / 3)
    assert s30.recall == pytest.approx(2 / 3)
    assert s30.f1 == pytest.approx(2 / 3)
    assert s30.source_accuracy == 0.5  # A right; B has no gold source but a predicted one
    assert s30.cue_accuracy == 0.5
    s80 = score(gold, pred, 0.8)
    assert s80.matched == 0 and s80.f1 == 0.0


def test_score_is_one_to_one() -> None:
    gold = [Relation([(0, 10)]), Relation([(20, 30)])]
    pred = [Relation([(0, 30)])]  # covers both, matches only one
    s = score(gold, pred, 0.3)
    assert s.matched == 1 and s.recall == 0.5 and s.precision == 1.0


def test_no_source_agreement() -> None:
    gold = [Relation([(0, 10)], cue=[(11, 15)], source=[])]
    assert score(gold, [Relation([(0, 10)], cue=[(11, 15)], source=[])]).source_accuracy == 1.0
    wrong = Relation([(0, 10)], cue=[(11, 15)], source=[(20, 25)])
    assert score(gold, [wrong]).source_accuracy == 0.0


ANN = (
    "T1\tSource 0 3\tAnn\n"
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 9 14;20 25\tabcde fghij\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 30 34\tsaid\n"
    "T6\tContent 40 44\tline\n"
    "continued text of a span with a line break\n"
    "T7\tAttribution 30 34\tsaid\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "T8\tDiscard 50 60\tignored\n"
)


def test_parse_ann_fragments_and_no_source() -> None:
    a, b = parse_ann(ANN, 100)
    assert a.content == [(9, 14), (20, 25)] and a.cue == [(4, 8)] and a.source == [(0, 3)]
    assert not a.no_source
    assert b.content == [(40, 44)] and b.source == [] and b.no_source


def test_parse_ann_rejects_offsets_beyond_text() -> None:
    with pytest.raises(DataError, match="malformed brat line"):
        parse_ann("T1\tSource 0 300\tAnn\n", 100)
