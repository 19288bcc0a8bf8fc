"""Scores for persuasion-technique systems, as the shared tasks defined them.

* **SI** (span identification, SemEval-2020 Task 11; Da San Martino et al.
  2019): per article, overlapping spans are merged within the predictions
  and within the gold first; then over the whole corpus
  ``P = (1/|S|) * sum_{s,t} |s ∩ t| / |s|`` and
  ``R = (1/|T|) * sum_{s,t} |s ∩ t| / |t|``, where ``|s ∩ t|`` counts shared
  characters and the sums pair spans of the same article only. This gives
  partial credit for partial overlap, unlike exact-match span F1.
* **TC** (technique classification given the gold spans): one predicted label
  per gold span; micro-F1 (= accuracy when every span gets a label), macro-F1
  and per-technique P/R/F1.
* **Paragraph level** (SemEval-2023 Task 3 subtask 3): one line = one
  paragraph, labelled with every technique that has a span overlapping it;
  multi-label micro-F1 (the official ranking metric) and macro-F1.

Conventions where a ratio is 0/0: precision of an empty prediction set and
recall against an empty gold set are 0, and so is F1 when P + R = 0 (as in the
official scorers). Macro-F1 averages over the labels that occur in the gold
or the predictions, unless ``labels`` names the classes: a class absent from
both has no defined F1, and leaving it out keeps a small held-out split from
being scored on classes it does not contain.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "PRF",
    "LabelScores",
    "line_bounds",
    "merge_spans",
    "multilabel_scores",
    "paragraph_scores",
    "prf",
    "si_scores",
    "spans_to_paragraphs",
    "tc_scores",
]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, with the gold count (support) and predicted count."""

    precision: float
    recall: float
    f1: float
    support: int = 0
    predicted: int = 0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "predicted": self.predicted,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def prf(tp: int, fp: int, fn: int) -> PRF:
    """P/R/F1 from counts; support = tp + fn, predicted = tp + fp."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return PRF(p, r, _f1(p, r), support=tp + fn, predicted=tp + fp)


# ---------------------------------------------------------------------------- SI


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted union of spans that share at least one character.

    Touching spans (``a.end == b.start``) share no character and stay apart,
    as in the official scorer.
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap_sums(
    pred: list[tuple[int, int]], gold: list[tuple[int, int]]
) -> tuple[float, float]:
    """(sum |s∩t|/|s|, sum |s∩t|/|t|) over all pairs of two sorted disjoint span lists."""
    by_pred = by_gold = 0.0
    j0 = 0
    for s0, s1 in pred:
        while j0 < len(gold) and gold[j0][1] <= s0:
            j0 += 1
        j = j0
        while j < len(gold) and gold[j][0] < s1:
            t0, t1 = gold[j]
            shared = min(s1, t1) - max(s0, t0)
            if shared > 0:
                by_pred += shared / (s1 - s0)
                by_gold += shared / (t1 - t0)
            j += 1
    return by_pred, by_gold


def si_scores(
    pred: Mapping[str, Iterable[tuple[int, int]]],
    gold: Mapping[str, Iterable[tuple[int, int]]],
) -> PRF:
    """SemEval-2020 SI precision, recall and F1 over a corpus (article id -> spans).

    An article missing from ``pred`` has no predicted spans; predicted spans
    of articles missing from ``gold`` count against precision.
    ``support``/``predicted`` are the numbers of merged gold/predicted spans.
    """
    n_pred = n_gold = 0
    sum_p = sum_r = 0.0
    for aid in set(pred) | set(gold):
        s = merge_spans(pred.get(aid, ()))
        t = merge_spans(gold.get(aid, ()))
        n_pred += len(s)
        n_gold += len(t)
        bp, bg = _overlap_sums(s, t)
        sum_p += bp
        sum_r += bg
    p = sum_p / n_pred if n_pred else 0.0
    r = sum_r / n_gold if n_gold else 0.0
    return PRF(p, r, _f1(p, r), support=n_gold, predicted=n_pred)


# -------------------------------------------------------------- label-set scores


@dataclass(frozen=True)
class LabelScores:
    """Micro P/R/F1 over all (item, label) decisions, macro-F1, and P/R/F1 per label."""

    micro: PRF
    macro_f1: float
    per_label: dict[str, PRF] = field(default_factory=dict)
    items: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "micro": self.micro.as_dict(),
            "macro_f1": self.macro_f1,
            "items": self.items,
            "per_label": {k: v.as_dict() for k, v in sorted(self.per_label.items())},
        }


def multilabel_scores(
    gold: Sequence[Iterable[str]],
    pred: Sequence[Iterable[str]],
    labels: Iterable[str] | None = None,
) -> LabelScores:
    """Multi-label micro/macro scores over aligned items (one label set each).

    ``labels`` fixes the classes that macro-F1 averages over (and that appear
    in ``per_label``); by default every label seen in gold or predictions.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold items but {len(pred)} predicted ones")
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for g_items, p_items in zip(gold, pred, strict=True):
        g, p = set(g_items), set(p_items)
        for x in g & p:
            tp[x] = tp.get(x, 0) + 1
        for x in p - g:
            fp[x] = fp.get(x, 0) + 1
        for x in g - p:
            fn[x] = fn.get(x, 0) + 1
    classes = sorted(set(labels) if labels is not None else set(tp) | set(fp) | set(fn))
    per = {c: prf(tp.get(c, 0), fp.get(c, 0), fn.get(c, 0)) for c in classes}
    if labels is None:
        micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    else:  # only the named classes count
        micro = prf(
            sum(tp.get(c, 0) for c in classes),
            sum(fp.get(c, 0) for c in classes),
            sum(fn.get(c, 0) for c in classes),
        )
    macro = sum(x.f1 for x in per.values()) / len(per) if per else 0.0
    return LabelScores(micro, macro, per, items=len(gold))


def tc_scores(
    gold: Sequence[str],
    pred: Sequence[str | None],
    labels: Iterable[str] | None = None,
) -> LabelScores:
    """TC scores: one gold label and at most one predicted label (None: no answer) per span.

    When every span gets a label, micro P = R = F1 = accuracy.
    """
    return multilabel_scores([[g] for g in gold], [[p] if p else [] for p in pred], labels)


# ---------------------------------------------------------------- paragraph level


def line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, newline excluded; line ``n`` (1-based) is ``[n - 1]``."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def spans_to_paragraphs(
    text: str, spans: Iterable[tuple[int, int, str]]
) -> dict[int, set[str]]:
    """Line number (1-based) -> techniques of the spans that overlap that line.

    Every line of the text appears, with an empty set when nothing overlaps.
    A span overlaps a line when they share a character (the newline itself
    belongs to no line).
    """
    bounds = line_bounds(text)
    out: dict[int, set[str]] = {n: set() for n in range(1, len(bounds) + 1)}
    starts = [b[0] for b in bounds]
    for start, end, label in spans:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        while i < len(bounds) and bounds[i][0] < end:
            a, b = bounds[i]
            if min(end, b) > max(start, a):
                out[i + 1].add(label)
            i += 1
    return out


def paragraph_scores(
    gold: Mapping[str, Mapping[int, Iterable[str]]],
    pred: Mapping[str, Mapping[int, Iterable[str]]],
    labels: Iterable[str] | None = None,
) -> LabelScores:
    """Paragraph-level multi-label scores over the gold's paragraphs.

    The gold decides which paragraphs are scored (the official files list
    the non-empty lines); a predicted label on a line the gold does not list
    is ignored, and a gold paragraph without prediction counts as empty.
    """
    g_items: list[set[str]] = []
    p_items: list[set[str]] = []
    for aid in sorted(gold):
        predicted = pred.get(aid, {})
        for line, techs in sorted(gold[aid].items()):
            g_items.append(set(techs))
            p_items.append(set(predicted.get(line, ())))
    return multilabel_scores(g_items, p_items, labels)
