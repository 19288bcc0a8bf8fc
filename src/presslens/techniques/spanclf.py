"""Which technique is this span? A linear classifier over the span's own words.

The token tagger (:mod:`presslens.techniques.model`) sees 256 word pieces at a
time and scores each piece; it cannot tell whether a phrase recurs elsewhere
in the article (Repetition), and it averages away cues that sit in the span's
exact wording or in the word just before it ("so-called ..."). This module
scores a *given* span from exactly those things:

* the span's word uni- and bigrams and character 2-5-grams (TF-IDF),
* the three words before it,
* a dozen numbers: length, how often the span's words and the whole span
  recur in the article, quotation marks around it, "!" and "?", the share
  of its paragraph it covers, ...

and :meth:`TechniqueModel.classify_spans` blends the result with the tagger's
probabilities (a weighted geometric mean, weight tuned on the validation
split). On validation it lifted TC accuracy from 0.52 (tagger alone) to
0.63; see docs/techniques.md.

Training uses scikit-learn; inference is numpy over ``spans.npz`` (no
pickle), checked against the model folder's ``MANIFEST.sha256`` like the
other files.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

__all__ = [
    "GROUPS",
    "ArticleStats",
    "SpanTextClassifier",
    "blend",
    "dense_features",
    "fit",
    "span_terms",
    "train_into",
]

#: Feature groups: each is TF-IDF weighted and L2-normalised on its own, then scaled.
GROUPS: dict[str, float] = {"word": 1.0, "char": 1.0, "left": 0.5}

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
_WORD = re.compile(r"\w+")
_OPEN_QUOTES = "\"“'‘«"
_CLOSE_QUOTES = "\"”'’»"
#: floor for probabilities before taking logs in :func:`blend`
EPS = 1e-4


def _char_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside words padded with spaces (scikit-learn's ``char_wb``)."""
    out: list[str] = []
    for w in text.split():
        w = f" {w} "
        for n in range(low, high + 1):
            if len(w) <= n:  # a short word counts once, whole
                out.append(w)
                break
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


def span_terms(text: str, start: int, end: int) -> dict[str, list[str]]:
    """The sparse features' terms of ``text[start:end]``, by group."""
    span = text[start:end].lower()
    words = _TOKEN.findall(span)
    before = _TOKEN.findall(text[max(0, start - 40) : start].lower())[-3:]
    return {
        "word": words + [f"{a} {b}" for a, b in itertools.pairwise(words)],
        "char": _char_ngrams(span),
        "left": before,
    }


@dataclass
class ArticleStats:
    """What :func:`dense_features` needs of the whole article, computed once per text."""

    words: str  # the article's words, lower-cased, single-spaced
    counts: Counter[str]

    @classmethod
    def of(cls, text: str) -> ArticleStats:
        words = _WORD.findall(text.lower())
        return cls(" ".join(words), Counter(words))


def dense_features(text: str, start: int, end: int, stats: ArticleStats) -> list[float]:
    """Numbers about one span in its article; repetition cues above all.

    Removing them costs about 9 points of validation TC accuracy, mostly on
    Repetition, which no window-level tagger can see.
    """
    span = text[start:end]
    words = _WORD.findall(span.lower())
    phrase = " ".join(words)
    occurs = stats.words.count(phrase) if phrase else 0
    content = [w for w in words if len(w) > 3] or words
    recur = sum(stats.counts[w] for w in content) / len(content) if content else 0.0
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return [
        math.log1p(len(span)),
        math.log1p(len(words)),
        math.log1p(max(occurs - 1, 0)),
        float(occurs > 1),
        math.log1p(recur),
        float(before != "" and before in _OPEN_QUOTES),
        float(after != "" and after in _CLOSE_QUOTES),
        float("!" in span),
        float("?" in span),
        float(span[:1].isupper()),
        len(span) / max(1, para_end - para_start),
        float(span.rstrip().endswith((".", "!", "?"))),
    ]


N_DENSE = 12


@dataclass
class SpanTextClassifier:
    """Multinomial logistic regression over :func:`span_terms` and :func:`dense_features`."""

    labels: tuple[str, ...]
    vocab: dict[str, dict[str, int]]  # group -> term -> column within the group
    idf: dict[str, np.ndarray]
    offsets: dict[str, int]  # group -> first column in ``coef``
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    coef: np.ndarray  # (n_labels, n_features), float32
    intercept: np.ndarray  # (n_labels,)
    blend_weight: float  # weight of the tagger in :func:`blend`

    # ------------------------------------------------------------------ io

    @classmethod
    def load(cls, path: Path) -> SpanTextClassifier:
        """Read ``spans.npz`` (the caller has checked its SHA-256)."""
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            labels = tuple(str(x) for x in arrays["labels"])
            vocab, idf, offsets = {}, {}, {}
            column = 0
            for g in GROUPS:
                terms = [str(t) for t in arrays[f"{g}_terms"]]
                vocab[g] = {t: i for i, t in enumerate(terms)}
                idf[g] = arrays[f"{g}_idf"].astype(np.float32)
                offsets[g] = column
                column += len(terms)
            coef = arrays["coef"].astype(np.float32)
            expected = (len(labels), column + N_DENSE)
            if coef.shape != expected:
                raise ValueError(f"coef has shape {coef.shape}, expected {expected}")
            return cls(
                labels=labels,
                vocab=vocab,
                idf=idf,
                offsets=offsets,
                dense_mean=arrays["dense_mean"].astype(np.float32),
                dense_scale=arrays["dense_scale"].astype(np.float32),
                coef=coef,
                intercept=arrays["intercept"].astype(np.float32),
                blend_weight=float(arrays["blend_weight"]),
            )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot read span classifier {path}: {exc}") from exc

    def arrays(self) -> dict[str, np.ndarray]:
        """The ``spans.npz`` contents (inverse of :meth:`load`)."""
        out: dict[str, np.ndarray] = {"labels": np.array(self.labels)}
        for g in GROUPS:
            terms = sorted(self.vocab[g], key=self.vocab[g].__getitem__)
            out[f"{g}_terms"] = np.array(terms)
            out[f"{g}_idf"] = self.idf[g].astype(np.float32)
        out.update(
            dense_mean=self.dense_mean,
            dense_scale=self.dense_scale,
            coef=self.coef.astype(np.float16),
            intercept=self.intercept,
            blend_weight=np.array(self.blend_weight),
        )
        return out

    # ------------------------------------------------------------------ inference

    @property
    def n_features(self) -> int:
        return int(self.coef.shape[1])

    def features(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Dense [n_spans, n_features] matrix, the same numbers training used."""
        stats = ArticleStats.of(text)
        x = np.zeros((len(spans), self.n_features), dtype=np.float32)
        dense_at = self.n_features - N_DENSE
        for row, (start, end) in enumerate(spans):
            for g, terms in span_terms(text, start, end).items():
                counts = Counter(self.vocab[g][t] for t in terms if t in self.vocab[g])
                if not counts:
                    continue
                cols = np.fromiter(counts, dtype=np.int64)
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))
                v = tf * self.idf[g][cols]
                x[row, self.offsets[g] + cols] = GROUPS[g] * v / np.linalg.norm(v)
            d = np.asarray(dense_features(text, start, end, stats), dtype=np.float32)
            x[row, dense_at:] = (d - self.dense_mean) / self.dense_scale
        return x

    def predict_proba(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """[n_spans, n_labels] softmax probabilities."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        z = self.features(text, spans) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def blend(tagger: np.ndarray, text: np.ndarray, weight: float) -> np.ndarray:
    """Weighted geometric mean of two [n, labels] probability arrays, in [0, 1].

    Geometric rather than arithmetic: a technique both models find likely
    wins over one that only one of them is sure of (on validation: 0.63
    against 0.62 TC accuracy).
    """
    return np.exp(weight * np.log(tagger + EPS) + (1.0 - weight) * np.log(text + EPS))


def fit(
    examples: Sequence[tuple[str, int, int, str]],
    labels: Sequence[str],
    *,
    c: float = 2.0,
    char_features: int = 50_000,
    min_df: int = 2,
) -> SpanTextClassifier:
    """Train on ``(text, start, end, technique)`` rows; a span with k techniques is k rows.

    ``labels`` fixes the output order (the tagger's labels); techniques never
    seen in training get probability 0. Uses scikit-learn (a runtime
    dependency already); the caller sets :attr:`blend_weight`.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len({t for *_, t in examples}) < 2:
        raise ModelError("the span classifier needs training spans of at least two techniques")
    stats: dict[str, ArticleStats] = {}
    terms: dict[str, list[list[str]]] = {g: [] for g in GROUPS}
    dense = []
    for text, start, end, _ in examples:
        st = stats.get(text) or stats.setdefault(text, ArticleStats.of(text))
        for g, ts in span_terms(text, start, end).items():
            terms[g].append(ts)
        dense.append(dense_features(text, start, end, st))
    blocks, vocab, idf, offsets = [], {}, {}, {}
    column = 0
    for g, scale in GROUPS.items():
        vec = TfidfVectorizer(
            analyzer=lambda ts: ts,
            min_df=min_df,
            sublinear_tf=True,
            max_features=char_features if g == "char" else None,
        )
        blocks.append(scale * vec.fit_transform(terms[g]))
        vocab[g] = {str(t): int(i) for t, i in vec.vocabulary_.items()}
        idf[g] = vec.idf_.astype(np.float32)
        offsets[g] = column
        column += len(vocab[g])
    d = np.asarray(dense, dtype=np.float32)
    mean, scale_ = d.mean(axis=0), d.std(axis=0) + 1e-6
    blocks.append(sparse.csr_matrix((d - mean) / scale_))
    x = sparse.hstack(blocks).tocsr()
    y = [t for *_, t in examples]
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y)
    coef = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(labels), -1e4, dtype=np.float32)  # unseen technique: p = 0
    classes: list[Any] = list(clf.classes_)
    if len(classes) == 2:  # scikit-learn keeps one row for a binary problem
        rows = np.vstack([-clf.coef_[0], clf.coef_[0]]) / 2
        bias = np.array([-clf.intercept_[0], clf.intercept_[0]]) / 2
    else:
        rows, bias = clf.coef_, clf.intercept_
    for k, name in enumerate(classes):
        coef[labels.index(name)] = rows[k]
        intercept[labels.index(name)] = bias[k]
    return SpanTextClassifier(
        labels=tuple(labels),
        vocab=vocab,
        idf=idf,
        offsets=offsets,
        dense_mean=mean,
        dense_scale=scale_,
        coef=coef,
        intercept=intercept,
        blend_weight=0.5,
    )


def _top_k_hits(gold: Sequence[Sequence[str]], scores: np.ndarray, labels: Sequence[str]) -> int:
    """Gold labels found among each span's top-k scores (k = its number of gold labels)."""
    hits = 0
    for g, row in zip(gold, scores, strict=True):
        top = {labels[i] for i in np.argsort(-row, kind="stable")[: len(g)]}
        hits += sum(1 for t in g if t in top)
    return hits


def train_into(folder: Path, root: Path, *, limit: int = 0) -> dict[str, Any]:
    """Fit the span classifier for the technique model in ``folder`` and add it there.

    Trains on the tagger's training articles, picks the blend weight on its
    validation articles (accuracy of the top label(s) per gold span, the TC
    measure), writes ``spans.npz``, and updates ``config.json`` and the
    manifest. The PTC-2020 dev articles stay held out. ``limit`` keeps only
    the first N training articles (smoke tests). Returns validation scores.
    """
    from . import data
    from .model import SPAN_CLASSIFIER, TechniqueModel, set_config_entry

    model = TechniqueModel.load(folder)
    labels = list(model.labels)
    by_id, train_ids, val_ids = data.tagger_split(root)
    if limit:
        train_ids, val_ids = train_ids[:limit], val_ids[: max(2, limit // 2)]
    rows = [
        (by_id[i].text, s.start, s.end, s.technique)
        for i in train_ids
        for s in by_id[i].spans
        if s.technique in labels
    ]
    clf = fit(rows, labels)
    tagger: list[np.ndarray] = []
    text: list[np.ndarray] = []
    gold: list[list[str]] = []
    for i in val_ids:
        groups: dict[tuple[int, int], list[str]] = {}
        for s in by_id[i].spans:
            groups.setdefault((s.start, s.end), []).append(s.technique)
        keys = sorted(groups)
        tagger.append(model.tagger_span_probs(by_id[i].text, keys))
        text.append(clf.predict_proba(by_id[i].text, keys))
        gold.extend(groups[k] for k in keys)
    p_tag, p_text = np.vstack(tagger), np.vstack(text)
    n_gold = sum(len(g) for g in gold) or 1
    accuracy: dict[float, float] = {
        round(float(w), 1): _top_k_hits(gold, blend(p_tag, p_text, w), labels) / n_gold
        for w in np.linspace(0.0, 1.0, 11)
    }
    clf.blend_weight = float(max(accuracy, key=lambda w: (accuracy[w], -abs(w - 0.5))))
    np.savez_compressed(folder / SPAN_CLASSIFIER, **clf.arrays())  # type: ignore[arg-type]
    scores = {
        "train_articles": len(train_ids),
        "train_spans": len(rows),
        "validation_articles": len(val_ids),
        "validation_spans": len(gold),
        "validation_tc_accuracy": {
            "tagger": round(accuracy[1.0], 4),
            "span_classifier": round(accuracy[0.0], 4),
            "blend": round(accuracy[clf.blend_weight], 4),
        },
        "blend_weight": clf.blend_weight,
    }
    set_config_entry(folder, "span_classifier", scores)
    return scores
