"""Threshold tuning: own thresholds shrunk toward one shared threshold; re-tuning a model folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from presslens.techniques.model import DEFAULT_PATH, TechniqueModel
from presslens.techniques.thresholds import (
    LABELS,
    MAX_GAP,
    MIN_SUPPORT,
    Doc,
    Example,
    retune_into,
    tune_thresholds,
)
from presslens.techniques.windows import load_tokenizer, tokenize

GRID = [0.2, 0.4, 0.6, 0.8]


def _examples() -> tuple[list[Example], list[np.ndarray]]:
    """Sixteen two-line articles. Loaded_Language scores 0.7 inside gold, 0.5 on the same
    words where they are not gold and 0.3 elsewhere (best own threshold 0.6); Doubt scores
    0.3 on its gold second line and 0.1 elsewhere (best own threshold 0.2)."""
    tokenizer = load_tokenizer(str(DEFAULT_PATH / "tokenizer.json"))
    k, d = LABELS.index("Loaded_Language"), LABELS.index("Doubt")
    examples, probs = [], []
    for n in range(2 * MIN_SUPPORT):
        text = f"Story {n}: the evil gang struck again.\nA calm second line follows."
        start = text.index("evil gang")
        second = text.index("A calm")
        gold = [(start, start + 9, "Loaded_Language")] if n % 3 else []
        gold += [(second, len(text), "Doubt")] if n % 2 else []
        tokens = tokenize(tokenizer, text)
        p = np.full((len(tokens.ids), len(LABELS) + 1), 0.05, dtype=np.float32)
        inside = (tokens.starts >= start) & (tokens.ends <= start + 9)
        p[:, k] = np.where(inside, 0.7 if gold else 0.5, 0.3)
        p[:, d] = np.where((tokens.starts >= second) & bool(n % 2), 0.3, 0.1)
        p[:, -1] = p[:, [k, d]].max(axis=1)
        examples.append(Example(Doc(f"a{n}", text, gold), tokens))
        probs.append(p)
    return examples, probs


def test_half_shrunk_thresholds_lie_midway_between_own_and_shared() -> None:
    examples, probs = _examples()
    own, _, _ = tune_thresholds(examples, probs, GRID, shrink=1.0)
    shared, _, extra = tune_thresholds(examples, probs, GRID, shrink=0.0)
    half, _, _ = tune_thresholds(examples, probs, GRID, shrink=0.5)
    assert np.allclose(shared, extra["shared_threshold"])
    assert np.allclose(half, (own + shared) / 2)
    assert own[LABELS.index("Loaded_Language")] == 0.6
    assert own[LABELS.index("Doubt")] == 0.2
    assert len(set(shared.tolist())) == 1


def test_retune_into_writes_thresholds_and_a_record(data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_PATH, folder)
    record = retune_into(folder, data_dir, limit=4)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["threshold_tuning"] == record and record["validation_articles"] == 2
    assert len(config["thresholds"]) == len(LABELS) and config["max_gap"] == MAX_GAP
    assert all(0 < t < 1 for t in config["thresholds"])
    model = TechniqueModel.load(folder, threads=1)  # the manifest was rewritten
    assert np.allclose(model.thresholds, config["thresholds"])
    assert set(record["validation_after"]) == {
        "si_p", "si_r", "si_f1", "tc_micro_f1", "paragraph_micro_f1"}
