"""Train the candidate filter (:class:`~presslens.attribution.extract.CueFilter`) on PolNeAR train.

1. Cue vocabulary: verb lemmas that head a gold cue at least ``min_count``
   times in train widen the rules' candidate generation.
2. Every candidate the widened rules produce is labelled positive when its
   content covers at least 30% of some gold content and its cue overlaps
   that relation's cue (:func:`is_positive`).
3. A logistic regression over sparse binary features (cue lemma, how the
   content was found, kind, subject, source type, content length, cue in a
   quote, dependency label, ...) is fitted; the keep threshold is the one
   that maximises corpus F1@0.3 x source accuracy (F1 counting only
   matches whose source is right) of the extractor's output (overlap
   resolution included) on 5-fold cross-validated probabilities (folds by
   article), so it is tuned on train only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..modelfiles import sha256_file
from ..nlp import load_spacy, parse_texts
from .evaluate import _gold_rel, _pred_rel
from .extract import Attribution, CueFilter, _Extractor
from .metrics import Scores, coverage, overlaps, score
from .polnear import GoldAttribution, GoldDocument, load_split

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["parse_documents", "train_filter"]

log = logging.getLogger(__name__)


def parse_documents(docs: Sequence[GoldDocument], cache: str | Path | None = None) -> list[Doc]:
    """spaCy parses of the documents, read from / written to a DocBin ``cache``."""
    from spacy.tokens import DocBin

    nlp = load_spacy()
    if cache and Path(cache).is_file():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(parsed) == len(docs) and all(
            p.text == d.text for p, d in zip(parsed, docs, strict=True)
        ):
            return parsed
        log.warning("parse cache %s does not match the documents; re-parsing", cache)
    parsed = parse_texts([d.text for d in docs])
    if cache:
        db = DocBin()
        for p in parsed:
            db.add(p)
        db.to_disk(cache)
    return parsed


def cue_lemmas(docs: Sequence[GoldDocument], parsed: Sequence[Doc], min_count: int = 2) -> set[str]:
    return set(cue_rates(docs, parsed, min_count))


def cue_rates(docs: Sequence[GoldDocument], parsed: Sequence[Doc],
              min_count: int = 2) -> dict[str, float]:
    """Cue lemmas seen at least ``min_count`` times, with their cue precision on train.

    The rate is (times the lemma heads a gold cue + 0.5) / (its occurrences
    with that part of speech + 1): "say" is near 1, "call" much lower. It is
    a filter feature, so a lemma seen rarely still gets a sensible prior.
    """
    counts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc in parsed:
        for t in doc:
            if t.pos_ == "VERB":
                seen[t.lemma_.lower()] += 1
            elif t.pos_ == "NOUN":
                seen["n:" + t.lemma_.lower()] += 1
            elif t.pos_ == "ADJ":
                seen["a:" + t.lemma_.lower()] += 1
    for gold, doc in zip(docs, parsed, strict=True):
        for att in gold.attributions:
            for s, e in att.cue:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                verbs = [t for t in span if t.pos_ == "VERB"]
                nouns = [t for t in span if t.pos_ == "NOUN"]
                adjectives = [t for t in span if t.pos_ == "ADJ"]
                if verbs:
                    counts[verbs[-1].lemma_.lower()] += 1  # "is expected" -> expect
                elif nouns:
                    counts["n:" + nouns[-1].lemma_.lower()] += 1  # nominal cue: "claims"
                elif adjectives:
                    counts["a:" + adjectives[-1].lemma_.lower()] += 1  # "was critical of"
    return {lemma: round((n + 0.5) / (max(seen[lemma], n) + 1), 4)
            for lemma, n in counts.items() if n >= min_count}


def is_positive(cand: Attribution, gold: Sequence[GoldAttribution]) -> bool:
    """The candidate is the right relation for some gold one.

    Its content covers at least 30% of the gold content *and* its cue
    overlaps the gold cue (or the gold relation has no cue). Content alone
    taught the filter to keep verbs inside someone else's quotation ("“If
    South Carolina had come before Iowa ...,” he said": *come*), which then
    matched the gold relation of *said* with the wrong source.
    """
    for g in gold:
        if coverage(cand.content, g.content) >= 0.3 and (
            not g.cue or (cand.cue is not None and overlaps([cand.cue], g.cue))
        ):
            return True
    return False


def _selected(ex: _Extractor, cands: Sequence[Attribution], probs: Sequence[float],
              threshold: float) -> list[Attribution]:
    """What the extractor outputs with these probabilities (on copies of the candidates)."""
    copies = [dataclasses.replace(c, content=list(c.content)) for c in cands]
    return ex.select(copies, probs, threshold)


def _corpus_f1(docs: Sequence[GoldDocument], extractors: Sequence[_Extractor],
               cands: Sequence[Sequence[Attribution]], probs: Sequence[Sequence[float]],
               threshold: float) -> Scores:
    total = Scores(0.3)
    for gold, ex, cs, ps in zip(docs, extractors, cands, probs, strict=True):
        kept = _selected(ex, cs, ps, threshold)
        total.add(score([_gold_rel(g) for g in gold.attributions],
                        [_pred_rel(c) for c in kept], 0.3))
    return total


#: Keep thresholds tried on the cross-validated probabilities.
THRESHOLDS = [t / 1000 for t in range(200, 801, 25)]


def train_filter(
    docs: Sequence[GoldDocument], parsed: Sequence[Doc], *, c: float = 0.2, min_count: int = 2,
    folds: int = 5,
) -> CueFilter:
    """Fit the filter on the given (train) documents."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    rates = cue_rates(docs, parsed, min_count)
    lemmas = set(rates)
    probe = CueFilter(frozenset(lemmas), {}, 0.0, 0.0, rates=rates)
    extractors = [_Extractor(doc, probe) for doc in parsed]
    cands = [ex.candidates() for ex in extractors]
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    groups: list[int] = []
    for i, (gold, cs) in enumerate(zip(docs, cands, strict=True)):
        for cand in cs:
            feats.append(cand.features)
            labels.append(int(is_positive(cand, gold.attributions)))
            groups.append(i)
    log.info("%d candidates, %d positive", len(labels), sum(labels))
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=3000)
    folds = min(folds, len(docs))
    cv = cross_val_predict(clf, x, labels, groups=groups, cv=GroupKFold(folds),
                           method="predict_proba")[:, 1]
    probs: list[list[float]] = []
    k = 0
    for cs in cands:
        probs.append([float(p) for p in cv[k : k + len(cs)]])
        k += len(cs)
    best_t, best_f, best = 0.5, -1.0, Scores(0.3)
    for t in THRESHOLDS:
        # F1 counting a match only when its source is right too (= F1 x source accuracy):
        # F1 alone is flat over a wide band of thresholds where source accuracy still rises
        s = _corpus_f1(docs, extractors, cands, probs, t)
        if s.f1 * s.source_accuracy > best_f:
            best_t, best_f, best = t, s.f1 * s.source_accuracy, s
    clf.fit(x, labels)
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) > 1e-4
    }
    meta: dict[str, Any] = {
        "trained_on": "polnear/train", "documents": len(docs), "candidates": len(labels),
        "positives": int(sum(labels)), "cv_f1_at_0.3": round(best.f1, 4),
        "cv_source_accuracy": round(best.source_accuracy, 4), "C": c,
        "label": "content covers >= 30% of a gold content and the cue overlaps its cue",
    }
    return CueFilter(frozenset(lemmas), weights, float(clf.intercept_[0]), best_t, meta, rates)


def train(split: str = "train", data: str | Path | None = None, out: str | Path | None = None,
          cache: str | Path | None = None, limit: int | None = None) -> CueFilter:
    import json

    docs = load_split(split, data, limit=limit)
    parsed = parse_documents(docs, cache)
    model = train_filter(docs, parsed)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
        # the digest default_filter() checks before loading the packaged filter
        Path(str(out) + ".sha256").write_text(
            f"{sha256_file(Path(out))}  {Path(out).name}\n", encoding="utf-8")
    return model
