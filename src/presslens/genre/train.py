"""Train and cross-validate the genre and frames classifiers (scikit-learn, CPU, seconds).

Data: SemEval-2023 Task 3 English, ``genre.labels`` (426 articles: 382
opinion, 41 reporting, 3 satire) and ``frames.labels`` (426 articles, 14
frames, multi-label). Features: TF-IDF over lower-cased word uni- and
bigrams (sublinear tf, at least ``min_df`` documents, the ``max_features``
most frequent terms), fitted on the training texts.

* genre: multinomial logistic regression with class weights inversely
  proportional to class frequency (the 382/41/3 imbalance), with the
  wire-service articles of PolNeAR train (AP, AFP, UPI, Reuters; 69) added
  as ``reporting`` when the ``polnear`` data set is there (model 1.1.0: on
  the SemEval labels alone the model called every wire story opinion); then one
  additive offset per minority class, chosen by an inner cross-validation
  to maximise macro-F1, folded into the intercepts.
* frames: one class-weighted logistic regression per frame; a per-frame
  probability threshold chosen by inner cross-validation to maximise that
  frame's F1.

Evaluation is 5-fold cross-validation over all labelled articles (the
whole procedure, inner tuning included, is repeated in each fold; folds
are stratified by genre, and for frames by each article's rarest frame).
Scores pool the out-of-fold predictions of all folds; the wire articles
are spread over the same folds, trained on in the other folds and scored
apart (the share called ``reporting``), never mixed into the SemEval scores.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..datapath import dataset_dir
from ..errors import DataError
from ..modelfiles import sha256_file
from ..techniques.data import read_article
from .model import FRAMES, GENRES, WEIGHT_FILES, analyze_text

__all__ = [
    "Labelled",
    "cross_validate_frames",
    "cross_validate_genre",
    "fit_frames",
    "fit_genre",
    "fit_vectorizer",
    "load_labelled",
    "load_wire",
    "save_model",
    "train_all",
]

log = logging.getLogger(__name__)

MODEL_VERSION = "1.1.0"
SEED = 13


@dataclass
class Labelled:
    """Articles with a genre and a frame set (both files list the same 426 ids)."""

    ids: list[str]
    texts: list[str]
    genre: list[str]
    frames: list[set[str]]


def _read_labels(path: Path, multi: bool, known: Sequence[str]) -> dict[str, list[str]]:
    if not path.is_file():
        raise DataError(f"label file {path} not found; check --data")
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 2:
                raise DataError(f"{path}:{lineno}: expected ID<TAB>labels, got {line!r}")
            labels = [x for x in cols[1].split(",") if x] if multi else [cols[1]]
            bad = [x for x in labels if x not in known]
            if bad:
                raise DataError(f"{path}:{lineno}: unknown label(s) {', '.join(bad)}")
            out[cols[0]] = labels
    return out


def load_labelled(root: Path | str | None) -> Labelled:
    """Every SemEval-2023 English article with genre and frame labels, sorted by id."""
    folder = dataset_dir("semeval2023-en", root)
    genre = _read_labels(folder / "genre.labels", False, GENRES)
    frames = _read_labels(folder / "frames.labels", True, FRAMES)
    ids = sorted(set(genre) & set(frames))
    if not ids:
        raise DataError(f"no article has both genre and frame labels in {folder}")
    texts = [read_article(folder / "articles" / f"article{i}.txt") for i in ids]
    return Labelled(ids, texts, [genre[i][0] for i in ids], [set(frames[i]) for i in ids])


#: PolNeAR's ``wire`` column values that name a news agency.
WIRE_AGENCIES = frozenset({"AP", "AFP", "UPI", "Reuters", "reuters"})
#: Agency names are blanked so that the model learns how wire copy is written, not its credit
#: line ("DALLAS (AP) —").
_AGENCY = re.compile(r"\b(?:AP|AFP|UPI|Reuters|Associated Press|Agence France[- ]Presse|"
                     r"United Press International)\b")


def load_wire(root: Path | str | None, split: str = "train") -> list[str]:
    """PolNeAR ``split`` articles credited to a news agency: reporting by construction.

    Returns [] when the ``polnear`` data set is not under ``root``.
    """
    try:
        folder = dataset_dir("polnear", root)
    except DataError:
        return []
    from ..attribution.polnear import read_metadata

    meta = folder / "metadata.tsv"
    if not meta.is_file():
        raise DataError(f"{meta} not found; the polnear folder is incomplete")
    rows = read_metadata(folder)
    if rows and not {"compartment", "filename", "wire"} <= set(rows[0]):
        raise DataError(f"{meta}: expected compartment, filename and wire columns")
    texts = []
    for row in rows:
        if row["compartment"] == split and row["wire"] in WIRE_AGENCIES:
            path = folder / split / "text" / f"{row['filename']}.txt"
            if not path.is_file():
                raise DataError(f"{path} is listed in {meta} but missing; check --data")
            texts.append(_AGENCY.sub(" ", path.read_text(encoding="utf-8")))
    return texts


# ------------------------------------------------------------------ features


def fit_vectorizer(texts: Sequence[str], min_df: int = 2, max_features: int = 20000) -> Any:
    """A fitted TfidfVectorizer using the inference tokeniser (:func:`model.tokens`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer=analyze_text, min_df=min(min_df, max(1, len(texts) // 2)),
        max_features=max_features, sublinear_tf=True, dtype=np.float32,
    )
    vec.fit(texts)
    return vec


# --------------------------------------------------------------------- genre


def _macro_f1(y: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    from sklearn.metrics import f1_score

    present = [lab for lab in labels if lab in set(y) | set(pred)]
    return float(f1_score(y, pred, labels=present, average="macro", zero_division=0))


def _genre_lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000)


def _folds(labels: Sequence[str], k: int, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds; classes rarer than k are spread as evenly as they can be.

    Keys with fewer than k members are pooled into one bucket first (rarest
    frames on a small slice); if no key has k members, plain shuffled folds.
    """
    import warnings

    from sklearn.model_selection import KFold, StratifiedKFold

    k = max(2, min(k, len(labels)))
    counts = {x: list(labels).count(x) for x in set(labels)}
    keys = [x if counts[x] >= k else "__rare__" for x in labels]
    if max(keys.count(x) for x in set(keys)) < k:
        return list(KFold(k, shuffle=True, random_state=seed).split(np.zeros(len(labels))))
    with warnings.catch_warnings():  # "least populated class has only 3 members"
        warnings.simplefilter("ignore", UserWarning)
        skf = StratifiedKFold(k, shuffle=True, random_state=seed)
        return list(skf.split(np.zeros(len(labels)), keys))


OFFSETS = np.linspace(-1.0, 3.0, 9)


def _tune_offsets(logp: np.ndarray, y: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    """Additive log-probability offsets for the minority classes maximising macro-F1."""
    counts = {c: sum(1 for v in y if v == c) for c in classes}
    major = max(classes, key=lambda c: counts[c])
    minor = [i for i, c in enumerate(classes) if c != major and counts[c] > 0]
    best = (-1.0, np.zeros(len(classes)))
    grids = np.array(np.meshgrid(*[OFFSETS] * len(minor))).reshape(len(minor), -1).T
    for combo in grids:
        off = np.zeros(len(classes))
        off[minor] = combo
        pred = [classes[i] for i in np.argmax(logp + off, axis=1)]
        score = _macro_f1(y, pred, classes)
        # prefer smaller offsets on ties: the grid is ordered, keep the first
        if score > best[0] + 1e-9:
            best = (score, off)
    return best[1]


def fit_genre(x: Any, y: Sequence[str], c: float = 10.0, inner: int = 5,
              seed: int = SEED) -> dict[str, Any]:
    """Class-weighted multinomial LR plus minority offsets tuned by inner CV (seeded folds)."""
    classes = [g for g in GENRES if g in set(y)]
    if len(classes) < 2:
        raise DataError(f"genre training needs two classes or more, got {classes}")
    offsets = np.zeros(len(classes))
    if inner > 1 and min(sum(1 for v in y if v == c_) for c_ in classes) >= 1 and len(y) >= 10:
        logp = np.zeros((len(y), len(classes)))
        y_arr = np.asarray(y)
        for tr, te in _folds(list(y), inner, seed):
            m = _genre_lr(c).fit(x[tr], y_arr[tr])
            cols = [list(m.classes_).index(k) if k in m.classes_ else -1 for k in classes]
            lp = np.full((len(te), len(classes)), -30.0)
            got = m.predict_log_proba(x[te])
            for j, col in enumerate(cols):
                if col >= 0:
                    lp[:, j] = got[:, col]
            logp[te] = lp
        offsets = _tune_offsets(logp, y, classes)
    m = _genre_lr(c).fit(x, np.asarray(y))
    order = [list(m.classes_).index(k) for k in classes]
    coef = m.coef_[order] if len(classes) > 2 else np.vstack([-m.coef_[0], m.coef_[0]]) / 2
    icpt = m.intercept_[order] if len(classes) > 2 else np.array([-m.intercept_[0],
                                                                  m.intercept_[0]]) / 2
    return {"labels": classes, "coef": coef.astype(np.float32),
            "intercept": (icpt + offsets).astype(np.float32), "offsets": offsets.tolist(), "C": c}


def _genre_predict(params: dict[str, Any], x: Any) -> list[str]:
    z = x @ params["coef"].T + params["intercept"]
    return [params["labels"][i] for i in np.asarray(z).argmax(axis=1)]


def cross_validate_genre(data: Labelled, k: int = 5, c: float = 10.0, inner: int = 5,
                         max_features: int = 20000, seed: int = SEED,
                         wire: Sequence[str] = ()) -> dict[str, Any]:
    """k-fold CV of the whole genre procedure; pooled out-of-fold macro-F1 and per class.

    ``seed`` shuffles the outer and inner folds. With 41 reporting articles the
    scores move by a few points between seeds, so compare methods over several.
    ``wire`` texts (reporting) are dealt round the folds: each is trained on in
    the other folds and scored apart, as ``wire_reporting``.
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    pred = np.empty(len(data.genre), dtype=object)
    y = np.asarray(data.genre)
    wire_fold = np.arange(len(wire)) % k
    wire_hits = 0
    for fold, (tr, te) in enumerate(_folds(data.genre, k, seed)):
        extra = [t for t, f in zip(wire, wire_fold, strict=True) if f != fold]
        texts = [data.texts[i] for i in tr] + extra
        vec = fit_vectorizer(texts, max_features=max_features)
        params = fit_genre(vec.transform(texts), list(y[tr]) + ["reporting"] * len(extra), c,
                           inner, seed)
        pred[te] = _genre_predict(params, vec.transform([data.texts[i] for i in te]))
        held = [t for t, f in zip(wire, wire_fold, strict=True) if f == fold]
        if held:
            wire_hits += _genre_predict(params, vec.transform(held)).count("reporting")
    labels = [g for g in GENRES if g in set(data.genre)]
    p, r, f, s = precision_recall_fscore_support(y, list(pred), labels=labels, zero_division=0)
    return {
        "folds": k,
        "seed": seed,
        "articles": len(y),
        "wire_articles": len(wire),
        "wire_reporting": wire_hits / len(wire) if wire else None,
        "macro_f1": _macro_f1(list(y), list(pred), labels),
        "accuracy": float(np.mean(y == pred)),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion": {"labels": labels,
                      "matrix": confusion_matrix(y, list(pred), labels=labels).tolist()},
    }


# -------------------------------------------------------------------- frames


def _frame_matrix(frames: Sequence[set[str]]) -> np.ndarray:
    return np.array([[f in s for f in FRAMES] for s in frames], dtype=np.int8)


def _rarest(frames: Sequence[set[str]]) -> list[str]:
    """Each article's rarest frame (or "none"): a stratification key for multi-label data."""
    counts = {f: sum(f in s for s in frames) for f in FRAMES}
    return [min(s, key=lambda f: (counts[f], f)) if s else "none" for s in frames]


THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.05), 2)


def _frame_lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="liblinear")


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    scores = [f1_score(y, p >= t, zero_division=0) for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(scores))])


def fit_frames(x: Any, frames: Sequence[set[str]], c: float = 10.0,
               inner: int = 5, seed: int = SEED) -> dict[str, Any]:
    """One class-weighted LR per frame; per-frame thresholds tuned by inner CV."""
    ymat = _frame_matrix(frames)
    n_feat = x.shape[1]
    coef = np.zeros((len(FRAMES), n_feat), dtype=np.float32)
    icpt = np.full(len(FRAMES), -10.0, dtype=np.float32)  # never-seen frame: never predicted
    thr = np.full(len(FRAMES), 0.5, dtype=np.float32)
    folds = _folds(_rarest(frames), inner, seed) if inner > 1 and len(frames) >= 10 else []
    for j in range(len(FRAMES)):
        yj = ymat[:, j]
        if yj.min() == yj.max():
            if yj.max() == 1:
                icpt[j] = 10.0
            continue
        if folds:
            oof = np.zeros(len(yj))
            for tr, te in folds:
                if yj[tr].min() == yj[tr].max():
                    oof[te] = float(yj[tr].max())
                    continue
                oof[te] = _frame_lr(c).fit(x[tr], yj[tr]).predict_proba(x[te])[:, 1]
            thr[j] = _best_threshold(oof, yj)
        m = _frame_lr(c).fit(x, yj)
        coef[j], icpt[j] = m.coef_[0], m.intercept_[0]
    return {"labels": list(FRAMES), "coef": coef, "intercept": icpt, "thresholds": thr, "C": c}


def _frames_predict(params: dict[str, Any], x: Any) -> np.ndarray:
    z = np.asarray(x @ params["coef"].T) + params["intercept"]
    return np.asarray((1.0 / (1.0 + np.exp(-z))) >= params["thresholds"], dtype=np.int8)


def cross_validate_frames(data: Labelled, k: int = 5, c: float = 10.0, inner: int = 5,
                          max_features: int = 20000, seed: int = SEED,
                          wire: Sequence[str] = ()) -> dict[str, Any]:
    """k-fold CV of the frames procedure; pooled out-of-fold micro- and macro-F1.

    ``wire`` texts only shape the vocabulary, as they do in :func:`train_all`.
    """
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    y = _frame_matrix(data.frames)
    pred = np.zeros_like(y)
    for tr, te in _folds(_rarest(data.frames), k, seed):
        vec = fit_vectorizer([data.texts[i] for i in tr] + list(wire), max_features=max_features)
        params = fit_frames(vec.transform([data.texts[i] for i in tr]),
                            [data.frames[i] for i in tr], c, inner, seed)
        pred[te] = _frames_predict(params, vec.transform([data.texts[i] for i in te]))
    p, r, f, s = precision_recall_fscore_support(y, pred, zero_division=0)
    return {
        "folds": k,
        "seed": seed,
        "articles": len(y),
        "micro_f1": float(f1_score(y, pred, average="micro", zero_division=0)),
        "micro_precision": float(
            precision_recall_fscore_support(y, pred, average="micro", zero_division=0)[0]),
        "micro_recall": float(
            precision_recall_fscore_support(y, pred, average="micro", zero_division=0)[1]),
        "macro_f1": float(f1_score(y, pred, average="macro", zero_division=0)),
        "per_frame": {fr: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                           "support": int(s[i])} for i, fr in enumerate(FRAMES)},
    }


# ---------------------------------------------------------------------- save


def save_model(out: Path, vec: Any, genre: dict[str, Any], frames: dict[str, Any],
               extra: dict[str, Any] | None = None) -> Path:
    """Write the model folder: three pickle-free ``.npz`` files and ``manifest.json``."""
    out.mkdir(parents=True, exist_ok=True)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    np.savez_compressed(out / "features.npz", vocab=np.array(vocab, dtype=str),
                        idf=vec.idf_.astype(np.float32))
    np.savez_compressed(out / "genre.npz", coef=genre["coef"], intercept=genre["intercept"])
    np.savez_compressed(out / "frames.npz", coef=frames["coef"], intercept=frames["intercept"],
                        thresholds=frames["thresholds"])
    manifest: dict[str, Any] = {
        "name": "presslens-genre-tfidf-linear",
        "version": MODEL_VERSION,
        "features": {"terms": len(vocab), "ngrams": [1, 2], "sublinear_tf": True,
                     "token_pattern": r"(?u)\b\w\w+\b", "lowercase": True},
        "genre": {"labels": genre["labels"], "C": genre["C"],
                  "offsets": [round(float(o), 3) for o in genre["offsets"]]},
        "frames": {"labels": frames["labels"], "C": frames["C"],
                   "thresholds": [round(float(t), 3) for t in frames["thresholds"]]},
        **(extra or {}),
        "sha256": {name: sha256_file(out / name) for name in WEIGHT_FILES},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out


def train_all(data: Labelled, out: Path, *, c_genre: float = 10.0, c_frames: float = 10.0,
              inner: int = 5, max_features: int = 20000, wire: Sequence[str] = (),
              extra: dict[str, Any] | None = None) -> Path:
    """Fit the vectorizer and both classifiers on ``data`` and write the model folder.

    ``wire`` texts join the genre head's training data as ``reporting`` (frames
    are fitted on ``data`` alone).
    """
    t0 = time.time()
    texts = data.texts + list(wire)
    vec = fit_vectorizer(texts, max_features=max_features)
    x = vec.transform(texts)
    genre = fit_genre(x, data.genre + ["reporting"] * len(wire), c_genre, inner)
    frames = fit_frames(x[: len(data.texts)], data.frames, c_frames, inner)
    info = {"trained_on": {"data": "SemEval-2023 Task 3 English genre.labels + frames.labels",
                           "articles": len(data.ids),
                           "wire_reporting": f"{len(wire)} PolNeAR train wire-service articles "
                                             "(genre only)"},
            "train_s": round(time.time() - t0, 1), **(extra or {})}
    log.info("trained genre/frames on %d articles in %.1f s", len(data.ids), time.time() - t0)
    return save_model(out, vec, genre, frames, info)
