"""The shipped persuasion-technique span model: onnxruntime + tokenizers, no torch.

A fine-tuned all-MiniLM-L6-v2 tags every word piece with 23 independent
probabilities ("inside a span of technique k", SemEval-2023 taxonomy) plus
one "inside a span of any technique". Long articles are cut into overlapping
windows (:mod:`presslens.techniques.windows`); overlapping probabilities are
averaged, then each technique's runs above its threshold become spans,
widened to whole words, with character offsets into the original text.

``score`` of a span is the calibrated chance that the span is a real instance
of its technique (:mod:`presslens.techniques.calibration`, fitted on the
validation articles), computed from the raw score: the mean token probability
of its technique over the span's tokens (see ``windows.decode_runs``), which
the thresholds were tuned on and which is far too confident on its own.

The model folder holds ``model.onnx``, ``tokenizer.json``, ``config.json``
(labels, thresholds, window, stride, version) and ``MANIFEST.sha256``; every
file listed in the manifest is checked at load, so a truncated or swapped file
fails with a :class:`~presslens.errors.ModelError` naming it instead of
producing silent garbage.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError, SpanError
from ..lexicon import FUNCTION_WORDS
from ..modelfiles import sha256_file
from ..nlp import usable_cpus
from .calibration import calibrate
from .spanclf import SpanTextClassifier, blend
from .windows import (
    TokenizedText,
    Window,
    average_windows,
    decode_spans,
    load_tokenizer,
    make_windows,
    span_probs,
    tokenize,
)

__all__ = ["DEFAULT_PATH", "PredictedSpan", "TechniqueModel"]

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "models" / "techniques"
REQUIRED = ("config.json", "tokenizer.json", "model.onnx")
SPAN_CLASSIFIER = "spans.npz"  # optional: see presslens.techniques.spanclf

#: (start, end, technique, score); end exclusive, offsets into the text given.
PredictedSpan = tuple[int, int, str, float]


def write_manifest(folder: Path) -> None:
    """``MANIFEST.sha256`` for the model files present in ``folder``."""
    names = [n for n in (*REQUIRED, SPAN_CLASSIFIER) if (folder / n).is_file()]
    lines = [f"{sha256_file(folder / name)}  {name}" for name in names]
    (folder / "MANIFEST.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")


_WORD = re.compile(r"[^\W_]+")


def has_content_word(span_text: str) -> bool:
    """Whether a span holds a word other than a function word ("the", "and", "is not a").

    The tagger's lowest-confidence runs are often such words alone; on the 37
    validation articles 52 of 1,083 predicted spans were, and dropping them
    raised SI F1 from 0.448 to 0.449 and paragraph micro-F1 from 0.430 to
    0.434 (docs/techniques.md).
    """
    text = span_text.lower().replace("’", "'").replace("n't", " not")
    return any(w not in FUNCTION_WORDS for w in _WORD.findall(text))


def set_config_entry(folder: Path, key: str, value: Any) -> None:
    """Set (or, for None, remove) ``key`` in ``folder/config.json`` and rewrite the manifest."""
    path = folder / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    if value is None:
        config.pop(key, None)
    else:
        config[key] = value
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    write_manifest(folder)


def verify_manifest(folder: Path) -> dict[str, str]:
    """Check every file of ``MANIFEST.sha256``; returns name -> digest.

    Raises ModelError naming the missing or corrupt file.
    """
    manifest = folder / "MANIFEST.sha256"
    if not manifest.is_file():
        raise ModelError(
            f"technique model manifest missing: {manifest}; reinstall presslens or retrain with "
            "'presslens train techniques --out DIR'"
        )
    digests: dict[str, str] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.strip().partition("  ")
        digests[name] = digest
    for name in REQUIRED:
        if name not in digests:
            raise ModelError(f"technique model manifest {manifest} does not list {name}")
    for name, digest in digests.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(
                f"technique model file missing: {path}; reinstall presslens or retrain with "
                "'presslens train techniques --out DIR'"
            )
        if sha256_file(path) != digest:
            raise ModelError(
                f"technique model file corrupt: {path} does not match its SHA-256 in {manifest}; "
                "reinstall presslens or retrain"
            )
    return digests


@dataclass
class _Prepared:
    tokens: TokenizedText
    windows: list[Window]


class TechniqueModel:
    """Load once, then :meth:`predict`, :meth:`predict_many` or :meth:`classify_spans`."""

    def __init__(
        self,
        folder: Path,
        config: dict[str, Any],
        session: Any,
        tokenizer: Any,
        sha256: str,
        span_classifier: SpanTextClassifier | None = None,
        threads: int = 1,
    ) -> None:
        self.folder = folder
        self.threads = max(1, threads)
        self.span_classifier = span_classifier
        self.config = config
        self.session = session
        self.tokenizer = tokenizer
        self.sha256 = sha256
        self.name: str = config.get("name", "presslens-techniques")
        self.version: str = str(config.get("version", "0"))
        self.labels: tuple[str, ...] = tuple(config["labels"])
        self.thresholds = np.asarray(config["thresholds"], dtype=np.float32)
        any_t = config.get("any_threshold")
        self.any_threshold: float | None = None if any_t is None else float(any_t)
        self.max_gap = int(config.get("max_gap", 0))  # see windows.decode_runs
        self.drop_function_word_spans = bool(config.get("drop_function_word_spans", False))
        self.window = int(config["window"])
        self.stride = int(config["stride"])
        self.cls_id = int(config.get("cls_id", 101))
        self.sep_id = int(config.get("sep_id", 102))
        self.pad_id = int(config.get("pad_id", 0))
        # Dynamic quantisation scales activations over the whole input tensor, so
        # in a batch one window's numbers would depend on its neighbours: quantised
        # models run one window at a time, which keeps predict_many == predict.
        self.quantized = bool(config.get("quantized"))
        cal = config.get("calibration")
        #: (slope, intercept per technique), see presslens.techniques.calibration
        self.calibration: tuple[float, dict[str, float]] | None = (
            (float(cal["a"]), {t: float(v) for t, v in cal["b"].items()}) if cal else None
        )
        if self.thresholds.shape != (len(self.labels),):
            raise ModelError(f"{folder / 'config.json'}: one threshold per label expected")

    @classmethod
    def load(cls, path: str | Path | None = None, *, threads: int | None = None) -> TechniqueModel:
        """The model in ``path`` (default: the one shipped with presslens).

        ``threads``: how many windows run at once (default: the CPUs this process
        may use). Each runs single-threaded in its own thread (onnxruntime releases
        the GIL): on 2 cores that was 1.2-1.5x faster than one window at a time
        with two intra-op threads, whose per-operator hand-offs leave cores idle
        on matrices this small. Results are identical either way.
        """
        folder = Path(path) if path is not None else DEFAULT_PATH
        if not folder.is_dir():
            raise ModelError(f"technique model folder not found: {folder}")
        digests = verify_manifest(folder)
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            for key in ("labels", "thresholds", "window", "stride"):
                if key not in config:
                    raise ModelError(f"{folder / 'config.json'} lacks {key!r}")
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read {folder / 'config.json'}: {exc}") from exc
        try:
            tokenizer = load_tokenizer(str(folder / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise ModelError(f"cannot load {folder / 'tokenizer.json'}: {exc}") from exc
        try:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1  # parallel over windows instead (see _run)
            opts.inter_op_num_threads = 1
            # Busy-waiting worker threads steal the CPU from everything else on a
            # shared machine (measured here: 2 threads with spinning ran at half the
            # speed of 1 thread under load).
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3
            session = ort.InferenceSession(
                str(folder / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise ModelError(f"cannot load {folder / 'model.onnx'}: {exc}") from exc
        span_classifier = None
        if config.get("span_classifier"):
            if SPAN_CLASSIFIER not in digests:
                raise ModelError(f"technique model manifest does not list {SPAN_CLASSIFIER}")
            span_classifier = SpanTextClassifier.load(folder / SPAN_CLASSIFIER)
            if list(span_classifier.labels) != list(config["labels"]):
                raise ModelError(f"{folder / SPAN_CLASSIFIER}: labels differ from config.json's")
        return cls(folder, config, session, tokenizer, digests["model.onnx"], span_classifier,
                   threads or usable_cpus())

    # ------------------------------------------------------------------ probabilities

    def _prepare(self, text: str) -> _Prepared:
        tokens = tokenize(self.tokenizer, text)
        return _Prepared(tokens, make_windows(len(tokens), self.window, self.stride))

    def _run(self, prepared: Sequence[_Prepared], batch_size: int) -> list[np.ndarray]:
        """Averaged [n_tokens, labels + 1] probabilities for each prepared text."""
        jobs = [(i, w) for i, p in enumerate(prepared) for w in p.windows]
        # similar lengths together: less padding per batch
        jobs.sort(key=lambda j: j[1].end - j[1].start)
        chunks = [jobs[b : b + batch_size] for b in range(0, len(jobs), batch_size)]

        def run(chunk: list[tuple[int, Window]]) -> np.ndarray:
            longest = max(w.end - w.start for _, w in chunk) + 2
            ids = np.full((len(chunk), longest), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), longest), dtype=np.int64)
            for j, (i, w) in enumerate(chunk):
                n = w.end - w.start
                ids[j, 0] = self.cls_id
                ids[j, 1 : n + 1] = prepared[i].tokens.ids[w.start : w.end]
                ids[j, n + 1] = self.sep_id
                mask[j, : n + 2] = 1
            try:
                (probs,) = self.session.run(["probs"], {"input_ids": ids, "attention_mask": mask})
            except Exception as exc:
                raise ModelError(f"technique model failed to run: {exc}") from exc
            return probs

        workers = min(self.threads, len(chunks))
        if workers > 1:
            # a pool per call: no threads linger for a later fork (presslens.nlp's workers)
            with ThreadPoolExecutor(workers, thread_name_prefix="presslens-techniques") as pool:
                results = list(pool.map(run, chunks))
        else:
            results = [run(c) for c in chunks]
        outs: list[list[tuple[Window, np.ndarray]]] = [[] for _ in prepared]
        for chunk, probs in zip(chunks, results, strict=True):
            for j, (i, w) in enumerate(chunk):
                outs[i].append((w, probs[j]))
        result = []
        for p, out in zip(prepared, outs, strict=True):
            out.sort(key=lambda x: x[0].start)
            result.append(average_windows(len(p.tokens), [w for w, _ in out], [q for _, q in out]))
        return result

    def token_probs(self, text: str) -> tuple[TokenizedText, np.ndarray]:
        """Word pieces of ``text`` and their averaged probabilities [n_tokens, labels + 1]."""
        p = self._prepare(text)
        return p.tokens, self._run([p], batch_size=1 if self.quantized else 16)[0]

    # ------------------------------------------------------------------ public API

    def _decode(
        self, text: str, tokens: TokenizedText, probs: np.ndarray, calibrated: bool
    ) -> list[PredictedSpan]:
        spans = decode_spans(
            tokens, probs, self.thresholds, self.any_threshold, len(self.labels), self.max_gap
        )
        if self.drop_function_word_spans:
            spans = [sp for sp in spans if has_content_word(text[sp[0] : sp[1]])]
        cal = self.calibration if calibrated else None
        return [
            (s, e, self.labels[k],
             round(calibrate(score, cal[0], cal[1][self.labels[k]]) if cal else score, 4))
            for s, e, k, score in spans
        ]

    def predict(self, text: str) -> list[PredictedSpan]:
        """Technique spans ``(start, end, technique, score)`` sorted by start."""
        return self.predict_many([text])[0]

    def predict_many(
        self, texts: Iterable[str], batch_size: int = 16, *, calibrated: bool = True
    ) -> list[list[PredictedSpan]]:
        """:meth:`predict` for several texts, windows of all texts batched together.

        ``calibrated=False`` gives the raw span scores (what calibration is fitted on).
        """
        texts = list(texts)
        prepared = [self._prepare(t) for t in texts]
        if not prepared:
            return []
        probs = self._run(prepared, 1 if self.quantized else batch_size)
        return [
            self._decode(t, p.tokens, pr, calibrated)
            for t, p, pr in zip(texts, prepared, probs, strict=True)
        ]

    def tagger_span_probs(self, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """[n_spans, labels]: each technique's mean token probability over each span.

        A span covering no token gets all zeros.
        """
        for start, end in spans:
            if not 0 <= start <= end <= len(text):
                raise SpanError(f"span ({start}, {end}) outside a text of {len(text)} characters")
        n = len(self.labels)
        out = np.zeros((len(spans), n), dtype=np.float32)
        if spans:
            tokens, probs = self.token_probs(text)
            for row, (start, end) in enumerate(spans):
                out[row] = span_probs(tokens, probs[:, :n], start, end)
        return out

    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[dict[str, float]]:
        """For each given span, a score per technique: take the highest (the TC task).

        The tagger's mean token probabilities over the span, blended with the
        span classifier's probabilities when the model has one
        (:mod:`presslens.techniques.spanclf`).
        """
        scores = self.tagger_span_probs(text, spans)
        if self.span_classifier is not None and len(spans):
            text_probs = self.span_classifier.predict_proba(text, spans)
            scores = blend(scores, text_probs, self.span_classifier.blend_weight)
        return [
            {lab: round(float(v), 4) for lab, v in zip(self.labels, row, strict=True)}
            for row in scores
        ]

    def info(self) -> dict[str, str]:
        """``article.models["techniques"]``: enough to tell which model produced a result."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256}
