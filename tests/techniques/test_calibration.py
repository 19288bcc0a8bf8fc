"""Calibration of span scores: the mapping, the error measure, and a fit on made-up outcomes."""

from __future__ import annotations

import random

import pytest

from presslens.techniques.calibration import calibrate, expected_calibration_error, fit


def test_calibrate_is_monotone_and_bounded() -> None:
    values = [calibrate(r, 0.3, -1.5) for r in (0.0, 0.1, 0.5, 0.9, 1.0)]
    assert values == sorted(values) and all(0 < v < 1 for v in values)
    assert calibrate(0.5, 1.0, 0.0) == pytest.approx(0.5)  # identity at a = 1, b = 0


def test_expected_calibration_error_hand_worked() -> None:
    # bin [0.9, 1): four spans at 0.9, one right -> |0.9 - 0.25| = 0.65, weight 4/5
    # bin [0.1, 0.2): one span at 0.1, wrong -> |0.1 - 0| = 0.1, weight 1/5
    p = [0.9, 0.9, 0.9, 0.9, 0.1]
    y = [1, 0, 0, 0, 0]
    assert expected_calibration_error(p, y) == pytest.approx(0.8 * 0.65 + 0.2 * 0.1)
    assert expected_calibration_error([], []) == 0.0


def test_fit_learns_that_one_technique_is_right_more_often() -> None:
    rng = random.Random(0)
    raw, techniques, correct = [], [], []
    for _ in range(600):
        t = rng.choice(["Loaded_Language", "Doubt"])
        r = rng.uniform(0.3, 0.99)
        base = 0.5 if t == "Loaded_Language" else 0.1  # both over-confident
        raw.append(r)
        techniques.append(t)
        correct.append(int(rng.random() < base))
    a, b = fit(raw, techniques, correct, ["Loaded_Language", "Doubt", "Slogans"])
    loaded = calibrate(0.9, a, b["Loaded_Language"])
    doubt = calibrate(0.9, a, b["Doubt"])
    assert loaded > doubt and loaded < 0.9 and doubt < 0.3
    assert set(b) == {"Loaded_Language", "Doubt", "Slogans"}  # unseen: the shared intercept


def test_fit_needs_right_and_wrong_spans() -> None:
    with pytest.raises(ValueError, match="right and wrong"):
        fit([0.5, 0.6], ["Doubt", "Doubt"], [0, 0], ["Doubt"])
