"""Token windows over long articles, and decoding token probabilities back to character spans.

Shared by training (torch) and inference (onnxruntime), so both see exactly
the same tokens: an article is tokenized once, without special tokens, with
the tokenizer's character offsets into the *original* string (the tokenizer
lowercases, but offsets never refer to a rewritten text). The token sequence
is cut into windows of ``window - 2`` tokens (room for [CLS] and [SEP]) that
start every ``stride`` tokens. At inference the per-token probabilities of
overlapping windows are averaged before decoding, so a span that crosses a
window border comes out once, with one score.

Decoding, per technique: maximal runs of tokens whose probability reaches
the technique's threshold, cut at line breaks, widened to whole words (a run never starts or
ends inside a word piece), mapped to ``(first token start, last token end)``
in characters. The score of a span is the mean token probability over the
run: the model's average belief that each token of the span carries the
technique. It is not a calibrated probability that the span as a whole is
correct; it orders spans well and the thresholds are tuned on it.

Only numpy and tokenizers are needed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

__all__ = [
    "TokenizedText",
    "Window",
    "average_windows",
    "decode_runs",
    "decode_spans",
    "load_tokenizer",
    "make_windows",
    "span_probs",
    "span_token_range",
    "token_labels",
    "tokenize",
    "window_inputs",
]


@dataclass(frozen=True)
class TokenizedText:
    """One article's word pieces: ids, character offsets and word index per token."""

    ids: np.ndarray  # int64 [n]
    starts: np.ndarray  # int64 [n], character offsets into the original text
    ends: np.ndarray  # int64 [n], exclusive
    words: np.ndarray  # int64 [n], index of the word a token belongs to
    first: np.ndarray  # int64 [n], first token of this token's word
    last: np.ndarray  # int64 [n], last token of this token's word
    breaks: np.ndarray  # bool [n], a line break lies between token i - 1 and token i

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True)
class Window:
    """Tokens ``[start, end)`` of the article, model input ``[CLS] ... [SEP]``."""

    start: int
    end: int


def load_tokenizer(path: str) -> Tokenizer:
    """The tokenizer from ``tokenizer.json`` with truncation and padding switched off.

    The shipped sentence-transformers tokenizer truncates to 128 tokens and pads;
    windows are cut here instead, so both must be off.
    """
    tok = Tokenizer.from_file(path)
    tok.no_truncation()
    tok.no_padding()
    return tok


def tokenize(tokenizer: Tokenizer, text: str) -> TokenizedText:
    """Tokenize without special tokens; offsets index ``text`` exactly."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    n = len(enc.ids)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2)
    words = np.asarray([w if w is not None else -1 for w in enc.word_ids], dtype=np.int64)
    first, last = _word_bounds(words)
    starts, ends = offs[:, 0].copy(), offs[:, 1].copy()
    breaks = np.zeros(n, dtype=bool)
    for i in range(1, n):
        if "\n" in text[ends[i - 1] : starts[i]]:
            breaks[i] = True
    return TokenizedText(ids, starts, ends, words, first, last, breaks)


def make_windows(n_tokens: int, window: int, stride: int) -> list[Window]:
    """Windows of at most ``window - 2`` tokens starting every ``stride`` tokens.

    The last window is aligned to the end of the text so no window is mostly
    empty; every token is covered at least once. An empty text gives one empty
    window (the model still runs on ``[CLS] [SEP]``).
    """
    size = window - 2
    if size <= 0 or stride <= 0 or stride > size:
        raise ValueError(f"bad window/stride: window={window} stride={stride}")
    if n_tokens <= size:
        return [Window(0, n_tokens)]
    out: list[Window] = []
    start = 0
    while True:
        if start + size >= n_tokens:
            out.append(Window(max(0, n_tokens - size), n_tokens))
            break
        out.append(Window(start, start + size))
        start += stride
    return out


def window_inputs(
    tokens: TokenizedText, windows: Sequence[Window], cls_id: int, sep_id: int, pad_id: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``input_ids`` and ``attention_mask`` [n_windows, longest + 2], right-padded."""
    longest = max(w.end - w.start for w in windows) + 2
    ids = np.full((len(windows), longest), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), longest), dtype=np.int64)
    for i, w in enumerate(windows):
        n = w.end - w.start
        ids[i, 0] = cls_id
        ids[i, 1 : n + 1] = tokens.ids[w.start : w.end]
        ids[i, n + 1] = sep_id
        mask[i, : n + 2] = 1
    return ids, mask


def average_windows(
    n_tokens: int, windows: Sequence[Window], probs: Sequence[np.ndarray]
) -> np.ndarray:
    """Average the per-window token probabilities into one row per article token.

    ``probs[i]`` is [len(window i) + 2 (+ padding), labels], including the
    [CLS]/[SEP] positions, which are dropped.
    """
    if not windows:
        raise ValueError("no windows")
    n_labels = probs[0].shape[-1]
    total = np.zeros((n_tokens, n_labels), dtype=np.float32)
    count = np.zeros((n_tokens, 1), dtype=np.float32)
    for w, p in zip(windows, probs, strict=True):
        n = w.end - w.start
        total[w.start : w.end] += p[1 : n + 1]
        count[w.start : w.end] += 1.0
    return total / np.maximum(count, 1.0)


def _word_bounds(words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each token, the index of the first and last token of its word."""
    n = words.shape[0]
    idx = np.arange(n)
    if n == 0:
        return idx, idx
    same_prev = np.zeros(n, dtype=bool)
    same_prev[1:] = (words[1:] == words[:-1]) & (words[1:] >= 0)
    first = np.maximum.accumulate(np.where(same_prev, 0, idx))
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = same_prev[1:]
    back = np.maximum.accumulate(np.where(same_next[::-1], 0, idx))
    last = (n - 1) - back[::-1]
    return first, last


def decode_runs(
    tokens: TokenizedText, probs: np.ndarray, thresholds: np.ndarray, max_gap: int = 0
) -> list[tuple[int, int, int, float]]:
    """Spans ``(start_char, end_char, label_index, score)`` from averaged probabilities.

    ``probs`` is [n_tokens, n_labels] and ``thresholds`` [n_labels]. Runs of
    tokens at or above threshold separated by at most ``max_gap`` tokens below
    it are joined. Runs never cross a line break (a paragraph boundary).
    Runs are widened to whole words; the score is the mean probability of
    the run's tokens (after widening).
    """
    n, n_labels = probs.shape
    if n == 0:
        return []
    above = probs >= np.asarray(thresholds, dtype=probs.dtype)[None, :n_labels]
    out: list[tuple[int, int, int, float]] = []
    for k in np.nonzero(above.any(axis=0))[0]:
        on = above[:, k]
        prev_on = np.concatenate([[False], on[:-1]])
        next_on = np.concatenate([on[1:], [False]])
        next_break = np.concatenate([tokens.breaks[1:], [False]])
        # runs never cross a line break: paragraphs are separate units
        run_starts = np.nonzero(on & (~prev_on | tokens.breaks))[0]
        run_ends = np.nonzero(on & (~next_on | next_break))[0]
        merged: list[list[int]] = []
        for a, b in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
            a2, b2 = int(tokens.first[a]), int(tokens.last[b])
            if merged and (
                a2 <= merged[-1][1]
                or (
                    a2 <= merged[-1][1] + 1 + max_gap
                    and not tokens.breaks[merged[-1][1] + 1 : a2 + 1].any()
                )
            ):
                merged[-1][1] = max(merged[-1][1], b2)
            else:
                merged.append([a2, b2])
        for a2, b2 in merged:
            score = float(probs[a2 : b2 + 1, k].mean())
            out.append((int(tokens.starts[a2]), int(tokens.ends[b2]), int(k), score))
    out.sort(key=lambda s: (s[0], s[1], s[2]))
    return out


def span_token_range(tokens: TokenizedText, start: int, end: int) -> tuple[int, int]:
    """Tokens ``[a, b)`` that overlap characters ``[start, end)`` (empty if none)."""
    a = int(np.searchsorted(tokens.ends, start, side="right"))
    b = int(np.searchsorted(tokens.starts, end, side="left"))
    return a, max(a, b)


def token_labels(
    tokens: TokenizedText, spans: Sequence[tuple[int, int, int]], n_labels: int
) -> np.ndarray:
    """Training targets [n_tokens, n_labels]: 1 where a token overlaps a span of that label."""
    y = np.zeros((len(tokens), n_labels), dtype=np.float32)
    for start, end, k in spans:
        a, b = span_token_range(tokens, start, end)
        y[a:b, k] = 1.0
    return y


def span_probs(tokens: TokenizedText, probs: np.ndarray, start: int, end: int) -> np.ndarray:
    """Mean probability per label over the tokens overlapping ``[start, end)`` (zeros if none)."""
    a, b = span_token_range(tokens, start, end)
    if b <= a:
        return np.zeros(probs.shape[1], dtype=np.float32)
    return probs[a:b].mean(axis=0)


def decode_spans(
    tokens: TokenizedText,
    probs: np.ndarray,
    thresholds: np.ndarray,
    any_threshold: float | None,
    n_labels: int,
    max_gap: int = 0,
) -> list[tuple[int, int, int, float]]:
    """Technique spans, plus "any technique" spans that no technique span overlaps.

    ``probs`` has ``n_labels`` technique columns, then the any-technique column.
    An any-head span (when ``any_threshold`` is set) that overlaps no technique
    span is kept, labelled with the technique of highest mean probability over
    its tokens and scored with the any-head's mean probability: this lifts
    span-identification recall where the model is sure something is going on
    but no single technique clears its threshold. ``max_gap``: see :func:`decode_runs`.
    """
    spans = decode_runs(tokens, probs[:, :n_labels], thresholds, max_gap)
    if any_threshold is None or probs.shape[1] <= n_labels:
        return spans
    extra = []
    found = decode_runs(
        tokens, probs[:, n_labels : n_labels + 1], np.array([any_threshold]), max_gap
    )
    for s, e, _, score in found:
        if any(ss < e and s < ee for ss, ee, _, _ in spans):
            continue
        k = int(span_probs(tokens, probs[:, :n_labels], s, e).argmax())
        extra.append((s, e, k, score))
    return sorted(spans + extra, key=lambda x: (x[0], x[1], x[2]))
