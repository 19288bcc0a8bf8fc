"""The candidate filter: JSON round trip, bad files, and training on a tiny PolNeAR train slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.attribution.extract import CueFilter, default_filter
from presslens.errors import ModelError


def test_filter_round_trip(tmp_path: Path) -> None:
    model = CueFilter(frozenset({"say"}), {"how=ccomp": 2.0}, -1.0, 0.5, {"C": 1.0})
    path = tmp_path / "f.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    back = CueFilter.load(path)
    assert back == model
    assert back.prob({"how=ccomp": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1.0))
    assert back.prob({}) < 0.5 < back.prob({"how=ccomp": 1.0})


def test_filter_load_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad\.json"):
        CueFilter.load(bad)
    with pytest.raises(ModelError, match="presslens train attribution"):
        CueFilter.load(tmp_path / "missing.json")


def test_filter_digest_is_checked(tmp_path: Path) -> None:
    from presslens.modelfiles import sha256_file

    model = CueFilter(frozenset({"say"}), {"how=ccomp": 2.0}, -1.0, 0.5)
    path = tmp_path / "f.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    assert CueFilter.load(path, sha256_file(path)) == model
    path.write_text(json.dumps({**model.to_json(), "bias": 3.0}), encoding="utf-8")
    with pytest.raises(ModelError, match="SHA-256"):
        CueFilter.load(path, "0" * 64)


def test_packaged_filter_matches_its_digest() -> None:
    from presslens.attribution.task import DEFAULT_FILTER_PATH
    from presslens.modelfiles import sha256_file

    digest = Path(str(DEFAULT_FILTER_PATH) + ".sha256").read_text(encoding="utf-8").split()
    assert digest == [sha256_file(DEFAULT_FILTER_PATH), "filter.json"]


def test_packaged_filter_is_trained_on_train() -> None:
    model = default_filter()
    assert model is not None
    assert model.meta["trained_on"] == "polnear/train"
    assert 0.0 < model.threshold < 1.0 and len(model.lemmas) > 50


def test_train_on_tiny_slice(data_dir: Path, tmp_path: Path) -> None:
    from presslens.attribution.train import train

    out = tmp_path / "filter.json"
    model = train("train", data_dir, out=out, limit=6)
    digest = (tmp_path / "filter.json.sha256").read_text(encoding="utf-8").split()[0]
    assert out.is_file() and CueFilter.load(out, digest) == model
    assert model.meta["documents"] == 6 and model.meta["positives"] > 0
    assert "say" in model.lemmas
    assert model.weights  # something was learned
