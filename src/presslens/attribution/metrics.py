"""Attribution scores: content P/R/F1 by character coverage, source and cue accuracy.

Following the PolNeAR evaluation used for the Gender Gap Tracker:

* A predicted attribution *matches* a gold one when the predicted content
  (all its fragments) covers at least ``threshold`` of the gold content's
  characters (0.3 by default; 0.8 is reported too). Matching is one-to-one:
  candidate pairs are taken greedily, highest coverage first, so one long
  prediction spanning two gold quotes matches only one of them.
* Precision = matched predictions / predictions, recall = matched gold /
  gold, F1 their harmonic mean; sums are over the whole corpus.
* For matched pairs, *source accuracy* is the share whose sources agree:
  any character overlap between the predicted and gold source counts; a
  gold relation without a source (``Attribution-no-source``) is right only
  when the prediction has no source either, and a prediction without a
  source is wrong when the gold has one. *Cue accuracy* is the same for cues
  (both empty counts as agreement).
* Direct quotes only: gold relations whose content is (at least 90% of its
  letters and digits) inside quotation marks, against predictions of kind
  ``direct``; same matching and accuracies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Relation", "Scores", "coverage", "merge_ranges", "overlaps", "score"]

Frag = tuple[int, int]


@dataclass
class Relation:
    """The parts of an attribution the metric looks at."""

    content: list[Frag]
    cue: list[Frag] = field(default_factory=list)
    source: list[Frag] = field(default_factory=list)


@dataclass
class Scores:
    threshold: float
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    source_correct: int = 0
    cue_correct: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.matched if self.matched else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_correct / self.matched if self.matched else 0.0

    def add(self, other: Scores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.source_correct += other.source_correct
        self.cue_correct += other.cue_correct

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "source_accuracy": round(self.source_accuracy, 4),
            "cue_accuracy": round(self.cue_accuracy, 4),
        }


def _length(frags: Iterable[Frag]) -> int:
    return sum(max(0, e - s) for s, e in merge_ranges(frags))


def merge_ranges(frags: Iterable[Frag]) -> list[Frag]:
    """The union of character ranges as sorted, disjoint ranges (touching ones join)."""
    out: list[list[int]] = []
    for s, e in sorted(frags):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _intersection(a: Iterable[Frag], b: Iterable[Frag]) -> int:
    total = 0
    for s1, e1 in merge_ranges(a):
        for s2, e2 in merge_ranges(b):
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def coverage(pred: Sequence[Frag], gold: Sequence[Frag]) -> float:
    """Share of the gold fragments' characters that the predicted fragments cover."""
    n = _length(gold)
    return _intersection(pred, gold) / n if n else 0.0


def overlaps(a: Sequence[Frag], b: Sequence[Frag]) -> bool:
    return _intersection(a, b) > 0


def _agree(pred: Sequence[Frag], gold: Sequence[Frag]) -> bool:
    if not gold or not pred:
        return not gold and not pred
    return overlaps(pred, gold)


def score(gold: Sequence[Relation], pred: Sequence[Relation], threshold: float = 0.3) -> Scores:
    """Score one document's predictions against its gold relations."""
    out = Scores(threshold, gold=len(gold), predicted=len(pred))
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            c = coverage(p.content, g.content)
            if c >= threshold and c > 0:
                pairs.append((c, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.matched += 1
        out.source_correct += _agree(pred[j].source, gold[i].source)
        out.cue_correct += _agree(pred[j].cue, gold[i].cue)
    return out
