"""Evaluate the extractor on PolNeAR: content P/R/F1 at 30% and 80% coverage, accuracies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..nlp import parse_texts
from .extract import Attribution, default_filter, extract
from .metrics import Relation, Scores, score
from .polnear import GoldAttribution, GoldDocument, load_split
from .quotes import find_quotes

__all__ = ["THRESHOLDS", "evaluate_documents", "evaluate_split", "gold_is_direct"]

THRESHOLDS = (0.3, 0.8)


def gold_is_direct(text: str, gold: GoldAttribution) -> bool:
    """At least 90% of the content's letters and digits lie inside quotation marks."""
    quotes = [(q.start, q.end) for q in find_quotes(text)]
    total = inside = 0
    for s, e in gold.content:
        for pos in range(s, e):
            if text[pos].isalnum():
                total += 1
                inside += any(qs <= pos < qe for qs, qe in quotes)
    return total > 0 and inside >= 0.9 * total


def _gold_rel(g: GoldAttribution) -> Relation:
    return Relation(list(g.content), list(g.cue), [] if g.no_source else list(g.source))


def _pred_rel(a: Attribution) -> Relation:
    return Relation(
        list(a.content),
        [a.cue] if a.cue else [],
        [(a.source.start, a.source.end)] if a.source else [],
    )


def evaluate_documents(
    docs: Sequence[GoldDocument], predictions: Sequence[Sequence[Attribution]]
) -> dict[str, Any]:
    """Corpus scores for all relations and for direct quotes only."""
    out: dict[str, Any] = {"documents": len(docs)}
    for subset in ("all", "direct"):
        res = {}
        for t in THRESHOLDS:
            total = Scores(t)
            for doc, preds in zip(docs, predictions, strict=True):
                gold = doc.attributions
                pred = list(preds)
                if subset == "direct":
                    gold = [g for g in gold if gold_is_direct(doc.text, g)]
                    pred = [p for p in pred if p.kind == "direct"]
                total.add(score([_gold_rel(g) for g in gold], [_pred_rel(p) for p in pred], t))
            res[f"{t:.1f}"] = total.to_dict()
        out[subset] = res
    return out


def predict(docs: Sequence[GoldDocument], rules_only: bool = False) -> list[list[Attribution]]:
    parsed = parse_texts([d.text for d in docs])
    if rules_only:
        return [extract(doc, None) for doc in parsed]
    return [extract(doc) for doc in parsed]


def evaluate_split(
    split: str = "dev", data: str | Path | None = None, limit: int | None = None,
    name_filter: str | None = None, rules_only: bool = False,
) -> dict[str, Any]:
    docs = load_split(split, data, limit=limit)
    if name_filter:
        docs = [d for d in docs if re.search(name_filter, d.name)]
    result = evaluate_documents(docs, predict(docs, rules_only))
    result["split"] = split
    result["filter"] = None if rules_only else _filter_info()
    return result


def _filter_info() -> dict[str, Any] | None:
    model = default_filter()
    return None if model is None else {"threshold": model.threshold, **model.meta}
