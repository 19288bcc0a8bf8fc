"""Windowing and decoding: coverage, border-crossing spans found once, exact offsets."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.techniques.model import DEFAULT_PATH
from presslens.techniques.windows import (
    average_windows,
    decode_runs,
    load_tokenizer,
    make_windows,
    span_token_range,
    token_labels,
    tokenize,
    window_inputs,
)


@pytest.fixture(scope="module")
def tokenizer():  # type: ignore[no-untyped-def]
    return load_tokenizer(str(DEFAULT_PATH / "tokenizer.json"))


@pytest.mark.parametrize(
    ("n", "window", "stride"),
    [(0, 8, 3), (5, 8, 3), (6, 8, 3), (7, 8, 3), (30, 8, 3), (30, 8, 6), (1000, 256, 192)],
)
def test_windows_cover_every_token_within_size(n: int, window: int, stride: int) -> None:
    windows = make_windows(n, window, stride)
    covered = np.zeros(n, dtype=int)
    for w in windows:
        assert 0 <= w.start <= w.end <= n
        assert w.end - w.start <= window - 2
        covered[w.start : w.end] += 1
    assert (covered >= 1).all()
    assert windows[-1].end == n


@pytest.mark.parametrize(("window", "stride"), [(2, 1), (10, 0), (10, 9)])
def test_bad_window_stride_rejected(window: int, stride: int) -> None:
    with pytest.raises(ValueError):
        make_windows(100, window, stride)


def test_offsets_index_original_text_despite_lowercasing(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "The ÉVIL  Terror-Gang\r\nstruck «again» in Zürich."
    tokens = tokenize(tokenizer, text)
    pieces = [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert "ÉVIL" in pieces and "Zürich" in pieces
    assert all(p.strip() == p and p for p in pieces)


def _phrase_probs(tokens, windows, a: int, b: int):  # type: ignore[no-untyped-def]
    """Per-window probabilities (with [CLS]/[SEP] rows) that flag global tokens [a, b)."""
    out = []
    for w in windows:
        p = np.full((w.end - w.start + 2, 1), 0.05, dtype=np.float32)
        for i in range(max(a, w.start), min(b, w.end)):
            p[i - w.start + 1, 0] = 0.9
        out.append(p)
    return out


def test_span_crossing_window_border_found_once_with_exact_offsets(tokenizer) -> None:  # type: ignore[no-untyped-def]
    filler = "The committee met again on a quiet afternoon. " * 3
    phrase = "this evil terror gang of bloodthirsty thugs"
    text = filler + phrase + ". " + filler
    tokens = tokenize(tokenizer, text)
    start = text.index(phrase)
    a, b = span_token_range(tokens, start, start + len(phrase))
    windows = make_windows(len(tokens), window=12, stride=5)
    borders = [w.end for w in windows[:-1]]
    assert any(a < x < b for x in borders), "the phrase must straddle a window border"
    probs = average_windows(len(tokens), windows, _phrase_probs(tokens, windows, a, b))
    spans = decode_runs(tokens, probs, np.array([0.5]))
    assert len(spans) == 1
    s, e, k, score = spans[0]
    assert text[s:e] == phrase
    assert k == 0 and score == pytest.approx(0.9)


def test_runs_widen_to_whole_words(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "They called it unbelievably catastrophic nonsense."
    tokens = tokenize(tokenizer, text)
    word = "unbelievably"
    a, b = span_token_range(tokens, text.index(word), text.index(word) + len(word))
    assert b - a > 1, "the test needs a word split into several pieces"
    probs = np.zeros((len(tokens), 1), dtype=np.float32)
    probs[a + 1, 0] = 0.8  # only an inner piece is above threshold
    ((s, e, _, _),) = decode_runs(tokens, probs, np.array([0.5]))
    assert text[s:e] == word


def test_token_labels_and_window_inputs(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Stop the steal, they chanted, again and again."
    tokens = tokenize(tokenizer, text)
    s = text.index("Stop the steal")
    y = token_labels(tokens, [(s, s + len("Stop the steal"), 1)], 2)
    flagged = [text[a:b] for a, b, f in zip(tokens.starts, tokens.ends, y[:, 1], strict=True) if f]
    assert flagged == ["Stop", "the", "steal"]
    assert y[:, 0].sum() == 0
    windows = make_windows(len(tokens), 8, 3)
    ids, mask = window_inputs(tokens, windows, 101, 102)
    assert ids.shape == mask.shape == (len(windows), 8)
    assert (ids[:, 0] == 101).all()
    for i, w in enumerate(windows):
        n = w.end - w.start
        assert ids[i, n + 1] == 102 and mask[i].sum() == n + 2


def test_runs_never_cross_a_line_break(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = "Headline about the gang\nThis evil gang struck again."
    tokens = tokenize(tokenizer, text)
    probs = np.full((len(tokens), 1), 0.9, dtype=np.float32)
    spans = decode_runs(tokens, probs, np.array([0.5]))
    assert [text[s:e] for s, e, _, _ in spans] == [
        "Headline about the gang",
        "This evil gang struck again.",
    ]
