"""Numpy inference for the genre and frames classifiers, from checked weight files.

The model folder holds ``manifest.json`` (version, labels, thresholds,
scores, and the SHA-256 of every weight file) and three ``.npz`` files
loaded with ``allow_pickle=False``: ``features.npz`` (vocabulary and IDF),
``genre.npz`` and ``frames.npz`` (coefficients, intercepts). A file that is
missing or whose checksum differs raises :class:`ModelError` before any
array is read, so a damaged install fails loudly instead of scoring badly.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..modelfiles import sha256_file

__all__ = [
    "DEFAULT_MODEL_DIR",
    "FRAMES",
    "GENRES",
    "GenreModel",
    "analyze_text",
    "tokens",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "genre"
GENRES: tuple[str, ...] = ("opinion", "reporting", "satire")
FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)
WEIGHT_FILES = ("features.npz", "genre.npz", "frames.npz")

#: scikit-learn's default token pattern, so training (TfidfVectorizer with this
#: analyzer) and numpy inference see the same terms.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tokens(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams ("a b"): the features' terms."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def analyze_text(text: str) -> list[str]:
    """The analyzer given to scikit-learn's TfidfVectorizer at training time."""
    return tokens(text)


def _npz(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read model file {path}: {exc}") from exc


@dataclass
class GenreModel:
    """TF-IDF features -> softmax over genres and one sigmoid per frame."""

    vocab: dict[str, int]
    idf: np.ndarray
    genre_labels: tuple[str, ...]
    genre_coef: np.ndarray  # (n_genres, n_features)
    genre_intercept: np.ndarray  # (n_genres,) offsets for the decision rule included
    frame_labels: tuple[str, ...]
    frame_coef: np.ndarray  # (n_frames, n_features)
    frame_intercept: np.ndarray
    frame_thresholds: np.ndarray
    manifest: dict[str, Any]

    # -- loading -----------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> GenreModel:
        """Load and verify a model folder (default: the shipped one). Cached per path."""
        return _load(str(Path(path) if path else DEFAULT_MODEL_DIR))

    @classmethod
    def _read(cls, folder: Path) -> GenreModel:
        manifest_path = folder / "manifest.json"
        if not manifest_path.is_file():
            raise ModelError(
                f"genre model not found: {manifest_path} is missing; reinstall presslens "
                "or train one with `presslens train genre --out DIR` and pass its folder"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            sums: dict[str, str] = manifest["sha256"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelError(f"{manifest_path} is not a presslens genre manifest: {exc}") from exc
        for name in WEIGHT_FILES:
            p = folder / name
            if not p.is_file():
                raise ModelError(f"genre model file {p} is missing; reinstall presslens")
            got = sha256_file(p)
            if got != sums.get(name):
                raise ModelError(
                    f"genre model file {p} is corrupt (SHA-256 {got[:12]}…, manifest says "
                    f"{str(sums.get(name))[:12]}…); reinstall presslens or retrain"
                )
        feats, genre, frames = (_npz(folder / n) for n in WEIGHT_FILES)
        try:
            vocab = {str(t): i for i, t in enumerate(feats["vocab"].tolist())}
            model = cls(
                vocab=vocab,
                idf=feats["idf"].astype(np.float32),
                genre_labels=tuple(manifest["genre"]["labels"]),
                genre_coef=genre["coef"].astype(np.float32),
                genre_intercept=genre["intercept"].astype(np.float32),
                frame_labels=tuple(manifest["frames"]["labels"]),
                frame_coef=frames["coef"].astype(np.float32),
                frame_intercept=frames["intercept"].astype(np.float32),
                frame_thresholds=frames["thresholds"].astype(np.float32),
                manifest=manifest,
            )
        except KeyError as exc:
            raise ModelError(f"genre model in {folder} lacks {exc}; retrain it") from exc
        n = len(vocab)
        if model.genre_coef.shape != (len(model.genre_labels), n) or model.frame_coef.shape != (
            len(model.frame_labels), n
        ):
            raise ModelError(f"genre model in {folder}: weight shapes do not match the "
                             f"vocabulary of {n} terms; retrain it")
        return model

    @property
    def info(self) -> dict[str, Any]:
        """What ``article.models["genre"]`` records."""
        return {
            "name": "presslens-genre-tfidf-linear",
            "version": str(self.manifest.get("version", "")),
            "sha256": self.manifest.get("sha256", {}).get("genre.npz", ""),
        }

    # -- inference -----------------------------------------------------------
    def features(self, texts: Sequence[str]) -> np.ndarray:
        """Dense (n, n_features) TF-IDF rows: sublinear tf, idf, L2-normalised."""
        x = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for t in tokens(text):
                j = self.vocab.get(t)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if counts:
                cols = np.fromiter(counts.keys(), dtype=np.int64)
                tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))
                x[row, cols] = tf * self.idf[cols]
                norm = float(np.linalg.norm(x[row]))
                if norm > 0:
                    x[row] /= norm
        return x

    def genre_scores(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.genre_coef.T + self.genre_intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=1, keepdims=True))

    def frame_scores(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.frame_coef.T + self.frame_intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def predict(self, texts: Iterable[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """(genre result, frames result) per text, in the agreed JSON shapes."""
        texts = list(texts)
        if not texts:
            return []
        x = self.features(texts)
        g, f = self.genre_scores(x), self.frame_scores(x)
        out = []
        for gi, fi in zip(g, f, strict=True):
            scores = {lab: round(float(p), 4) for lab, p in zip(self.genre_labels, gi, strict=True)}
            genre = {"label": self.genre_labels[int(np.argmax(gi))], "scores": scores}
            frames = [
                {"frame": self.frame_labels[k], "score": round(float(fi[k]), 4)}
                for k in np.argsort(-fi)
                if fi[k] >= self.frame_thresholds[k]
            ]
            out.append((genre, frames))
        return out


@lru_cache(maxsize=4)
def _load(folder: str) -> GenreModel:
    model = GenreModel._read(Path(folder))
    log.debug("loaded genre model from %s", folder)
    return model
