"""Per-technique decision thresholds for the tagger, and the validation scores they are tuned on.

Torch-free, so that ``presslens train techniques --skip-tagger`` can re-tune
the thresholds of a shipped network on the CPU (:func:`retune_into`), with
the same code the trainer uses after every evaluated epoch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from . import data
from .metrics import si_scores
from .taxonomy import SEMEVAL2023
from .windows import TokenizedText, decode_runs, decode_spans, span_probs

__all__ = [
    "COARSE_GRID",
    "FINE_GRID",
    "evaluate_semeval",
    "retune_into",
    "tune_thresholds",
]

LABELS: tuple[str, ...] = SEMEVAL2023
ANY = len(LABELS)  # index of the "any technique" head
MIN_SUPPORT = 8  # validation spans a technique needs for its own threshold
COARSE_GRID = [round(x, 2) for x in np.arange(0.2, 0.85, 0.1)]
FINE_GRID = [round(x, 2) for x in np.arange(0.1, 0.95, 0.05)]
#: weight of a technique's own threshold against the shared one (see tune_thresholds)
SHRINK = 0.5
#: runs of a technique separated by one word piece below its threshold are one span:
#: in the same cross-validation as SHRINK, held-out SI F1 +0.9 points (0.429 -> 0.438,
#: +-0.2), paragraph F1 unchanged; a gap of 2 gave SI +1.3 but paragraph -0.25
MAX_GAP = 1


@dataclass
class Doc:
    id: str
    text: str
    spans: list[tuple[int, int, str]]  # start, end, technique

    @classmethod
    def of(cls, doc: data.Doc) -> Doc:
        return cls(doc.id, doc.text, [(s.start, s.end, s.technique) for s in doc.spans])


@dataclass
class Example:
    """An article with its gold spans and word pieces."""

    doc: Doc
    tokens: TokenizedText


def si_record(
    pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]
) -> dict[str, float]:
    """SI precision/recall/F1 (:func:`presslens.techniques.metrics.si_scores`) as record keys."""
    score = si_scores(pred, gold)
    return {"si_p": score.precision, "si_r": score.recall, "si_f1": score.f1}


def _lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank lines (SemEval-2023 paragraphs)."""
    out, pos = [], 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if line.strip():
            out.append((a, b))
    return out


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def decode(
    tokens: TokenizedText,
    probs: np.ndarray,
    thresholds: np.ndarray,
    any_threshold: float | None,
    max_gap: int = MAX_GAP,
) -> list[tuple[int, int, int, float]]:
    """The same decoding as :meth:`presslens.techniques.model.TechniqueModel.predict`."""
    return decode_spans(tokens, probs, thresholds, any_threshold, len(LABELS), max_gap)


def tc_predict(tokens: TokenizedText, probs: np.ndarray, start: int, end: int) -> np.ndarray:
    return span_probs(tokens, probs[:, : len(LABELS)], start, end)


def _own_thresholds(
    data: Sequence[Example], probs: Sequence[np.ndarray], grid: Sequence[float]
) -> np.ndarray:
    """Each technique's threshold for its best paragraph-level F1 (rare ones: the median)."""
    thresholds = np.full(len(LABELS), 0.5, dtype=np.float32)
    para = [_lines(p.doc.text) for p in data]
    rare: list[int] = []
    for k, tech in enumerate(LABELS):
        gold = {p.doc.id: [(s, e) for s, e, t in p.doc.spans if t == tech] for p in data}
        if sum(len(v) for v in gold.values()) < MIN_SUPPORT:
            rare.append(k)  # too few validation spans to tune on: the median below
            continue
        best = (-1.0, 0.5)
        col = np.concatenate([pr[:, k] for pr in probs])
        for t in grid:
            if (col >= t).mean() > 0.3:  # hopeless and slow to decode: most tokens flagged
                continue
            tp = fp = fn = 0
            for p, pr, lines in zip(data, probs, para, strict=True):
                runs = decode_runs(p.tokens, pr[:, k : k + 1], np.array([t]), MAX_GAP)
                g = gold[p.doc.id]
                for a, b in lines:
                    in_gold = any(s < b and a < e for s, e in g)
                    in_pred = any(s < b and a < e for s, e, _, _ in runs)
                    tp += in_gold and in_pred
                    fp += in_pred and not in_gold
                    fn += in_gold and not in_pred
            f = _f1(tp, fp, fn)
            if f > best[0]:
                best = (f, t)
        thresholds[k] = best[1]
    tuned = [thresholds[k] for k in range(len(LABELS)) if k not in rare]
    median = float(np.median(tuned)) if tuned else 0.5
    for k in rare:
        thresholds[k] = median
    return thresholds


def _shared_threshold(
    data: Sequence[Example], probs: Sequence[np.ndarray], grid: Sequence[float]
) -> float:
    """The one threshold for all techniques with the best SI F1 + paragraph micro-F1."""
    best = (-1.0, 0.5)
    for t in grid:
        scores = evaluate_semeval(data, probs, np.full(len(LABELS), t, dtype=np.float32), None)
        total = scores["si_f1"] + scores["paragraph_micro_f1"]
        if total > best[0]:
            best = (total, t)
    return best[1]


def tune_thresholds(
    data: Sequence[Example], probs: Sequence[np.ndarray], grid: Sequence[float],
    shrink: float = SHRINK,
) -> tuple[np.ndarray, float | None, dict[str, float]]:
    """Per-technique thresholds, pulled half-way to one shared threshold.

    Each technique's own threshold maximises its paragraph-level F1 on
    ``data`` (paragraph-level rather than span-overlap F1: on validation it
    gave paragraph micro-F1 0.441 instead of 0.418 and SI F1 0.435 instead of
    0.431); techniques with fewer than MIN_SUPPORT spans take the median of the
    others. Thirty-seven validation articles are few to tune 23 thresholds
    on, so each is then shrunk toward the single threshold that is best for
    all techniques together (``shrink`` is the own threshold's weight): in
    5-fold cross-validation over the validation articles (4 seeds) this raised
    held-out paragraph micro-F1 by about one point (0.410 -> 0.420, better in
    16 of 20 folds) at the same SI F1. Then the any-head threshold (or None:
    off) is chosen for the best SI F1 of the decoded spans.
    """
    own = _own_thresholds(data, probs, grid)
    shared = _shared_threshold(data, probs, grid)
    thresholds = (shrink * own + (1.0 - shrink) * shared).astype(np.float32)
    gold_si = {p.doc.id: [(s, e) for s, e, _ in p.doc.spans] for p in data}
    best_any: tuple[float, float | None] = (-1.0, None)
    col = np.concatenate([pr[:, ANY] for pr in probs])
    for ta in [None, *grid]:
        if ta is not None and (col >= ta).mean() > 0.5:
            continue
        pred = {
            p.doc.id: [(s, e) for s, e, _, _ in decode(p.tokens, pr, thresholds, ta)]
            for p, pr in zip(data, probs, strict=True)
        }
        f = si_scores(pred, gold_si).f1
        if f > best_any[0]:
            best_any = (f, ta)
    return thresholds, best_any[1], {"val_si_f1": best_any[0], "shared_threshold": shared}


def evaluate_semeval(
    data: Sequence[Example],
    probs: Sequence[np.ndarray],
    thresholds: np.ndarray,
    any_threshold: float | None,
    max_gap: int = MAX_GAP,
) -> dict[str, float]:
    """SI F1, 23-class TC micro-F1 (accuracy on gold spans) and paragraph micro-F1."""
    pred_si, gold_si = {}, {}
    correct = total = 0
    tp = fp = fn = 0
    for p, pr in zip(data, probs, strict=True):
        spans = decode(p.tokens, pr, thresholds, any_threshold, max_gap)
        pred_si[p.doc.id] = [(s, e) for s, e, _, _ in spans]
        gold_si[p.doc.id] = [(s, e) for s, e, _ in p.doc.spans]
        for s, e, t in p.doc.spans:
            total += 1
            correct += LABELS[int(tc_predict(p.tokens, pr, s, e).argmax())] == t
        # paragraphs = lines; a paragraph has a technique when a span of it overlaps the line
        for a, b in _lines(p.doc.text):
            g = {t for s, e, t in p.doc.spans if s < b and a < e}
            q = {LABELS[k] for s, e, k, _ in spans if s < b and a < e}
            tp += len(g & q)
            fp += len(q - g)
            fn += len(g - q)
    return {
        **si_record(pred_si, gold_si),
        "tc_micro_f1": correct / total if total else 0.0,
        "paragraph_micro_f1": _f1(tp, fp, fn),
    }




def retune_into(folder: Path, root: Path, *, limit: int = 0) -> dict[str, Any]:
    """Tune the thresholds of the network in ``folder`` on its validation articles.

    Runs the exported (int8) network itself, so the thresholds fit the
    probabilities users get; writes ``thresholds``, ``any_threshold``,
    ``max_gap`` and a ``threshold_tuning`` record (validation scores before and after) to
    ``config.json``. ``limit`` keeps only the first N validation articles.
    """
    from .model import TechniqueModel, set_config_entry
    from .windows import tokenize

    model = TechniqueModel.load(folder)
    if tuple(model.labels) != LABELS:
        raise ModelError(f"{folder}: labels differ from the 23 SemEval-2023 techniques")
    by_id, _, val_ids = data.tagger_split(root)
    if limit:
        val_ids = val_ids[: max(2, limit // 2)]
    examples = [
        Example(Doc.of(by_id[i]), tokenize(model.tokenizer, by_id[i].text)) for i in val_ids
    ]
    probs = [model.token_probs(by_id[i].text)[1] for i in val_ids]
    before = evaluate_semeval(
        examples, probs, model.thresholds, model.any_threshold, model.max_gap
    )
    thresholds, any_threshold, extra = tune_thresholds(examples, probs, FINE_GRID)
    after = evaluate_semeval(examples, probs, thresholds, any_threshold)
    set_config_entry(folder, "thresholds", [round(float(t), 4) for t in thresholds])
    set_config_entry(folder, "any_threshold", any_threshold)
    set_config_entry(folder, "max_gap", MAX_GAP)
    set_config_entry(folder, "drop_function_word_spans", True)  # applied after decoding
    record = {
        "validation_articles": len(val_ids),
        "shrink": SHRINK,
        "max_gap": MAX_GAP,
        "shared_threshold": extra["shared_threshold"],
        "validation_before": {k: round(v, 4) for k, v in before.items()},
        "validation_after": {k: round(v, 4) for k, v in after.items()},
    }
    set_config_entry(folder, "threshold_tuning", record)
    return record
