"""A tiny-slice training run end to end: train, export ONNX (int8), load it, predict."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from presslens.techniques.model import TechniqueModel
from presslens.techniques.taxonomy import SEMEVAL2023

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")


@pytest.mark.slow
def test_tiny_training_run_exports_a_loadable_model(data_dir: Path, tmp_path: Path) -> None:
    from presslens.techniques.task import add_arguments
    from presslens.techniques.train import train_main

    parser = argparse.ArgumentParser()
    add_arguments(parser, "train")
    out = tmp_path / "model"
    args = parser.parse_args(
        [
            "--data",
            str(data_dir),
            "--out",
            str(out),
            "--limit",
            "2",
            "--max-steps",
            "2",
            "--epochs",
            "1",
            "--window",
            "64",
            "--batch-size",
            "8",
            "--device",
            "cpu",
        ]
    )
    assert train_main(args) == 0
    model = TechniqueModel.load(out, threads=1)
    assert model.labels == SEMEVAL2023 and model.window == 64
    text = "This evil terror gang must be stopped. " * 8
    for s, e, t, score in model.predict(text):
        assert 0 <= s < e <= len(text) and t in SEMEVAL2023 and 0 <= score <= 1
    assert (out / "train_result.json").is_file()
    # thresholds were re-tuned on the exported network
    assert "threshold_tuning" in json.loads((out / "config.json").read_text(encoding="utf-8"))
    # the span classifier was fitted into the same folder and is used for TC
    assert model.span_classifier is not None and (out / "spans.npz").is_file()
    (scores,) = model.classify_spans(text, [(5, 21)])
    assert set(scores) == set(SEMEVAL2023) and all(0 <= v <= 1 for v in scores.values())
