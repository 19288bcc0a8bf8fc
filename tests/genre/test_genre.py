"""Genre and frames: tokeniser, numpy inference vs scikit-learn, shipped weights, analyzer, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from presslens import Article
from presslens.cli import main
from presslens.errors import ModelError
from presslens.genre.model import DEFAULT_MODEL_DIR, FRAMES, GENRES, GenreModel, tokens
from presslens.genre.train import (
    Labelled,
    _folds,
    _frames_predict,
    _genre_predict,
    cross_validate_genre,
    fit_frames,
    fit_genre,
    fit_vectorizer,
    load_labelled,
    load_wire,
    save_model,
)
from presslens.pipeline import Pipeline

OP_ED = (
    "Why we must stop this madness\n\n"
    "I believe the time has come for every decent citizen to stand up. We must not let the "
    "elites destroy our country. Frankly, the so-called experts have been wrong about "
    "everything, and I, for one, am tired of their lies. Our children deserve better. We "
    "must act now, before it is too late. In my view, nothing less than our freedom is at "
    "stake, and we should all be ashamed of our silence.\n"
)
REPORT = (
    "Police arrest two men after bank robbery in Ohio\n\n"
    "Police in Columbus, Ohio, arrested two men on Tuesday in connection with a bank "
    "robbery, officials said. The suspects, aged 24 and 31, were charged with armed robbery "
    "and will appear in court on Friday, according to a statement from the county "
    "prosecutor. No one was injured, a police spokesman told reporters. The bank declined "
    "to comment.\n"
)


def test_tokens_are_lowercased_unigrams_then_bigrams() -> None:
    # one-letter words ("I") are not terms, as in scikit-learn's default pattern
    assert tokens("I believe we MUST act.") == [
        "believe", "we", "must", "act", "believe we", "we must", "must act",
    ]
    assert tokens("") == []


def _toy() -> Labelled:
    texts = [OP_ED, REPORT, OP_ED.replace("madness", "folly"), REPORT.replace("Ohio", "Iowa"),
             "We must defend our values. I believe in them.\n",
             "The council said on Monday it approved the budget, officials said.\n"] * 2
    genre = ["opinion", "reporting"] * 6
    frames = [{"Morality"}, {"Crime_and_punishment"}] * 6
    return Labelled([str(i) for i in range(12)], texts, genre, frames)


def test_numpy_inference_matches_sklearn(tmp_path: Path) -> None:
    data = _toy()
    vec = fit_vectorizer(data.texts, min_df=1)
    x = vec.transform(data.texts)
    genre = fit_genre(x, data.genre, inner=0)
    frames = fit_frames(x, data.frames, inner=0)
    save_model(tmp_path, vec, genre, frames)
    model = GenreModel.load(tmp_path)
    assert np.allclose(model.features(data.texts), x.toarray(), atol=1e-5)
    got = model.predict(data.texts)
    assert [g["label"] for g, _ in got] == _genre_predict(genre, x)
    assert [g["label"] for g, _ in got] == data.genre  # separable toy data
    want = _frames_predict(frames, x)
    for (_, fr), row in zip(got, want, strict=True):
        assert {f["frame"] for f in fr} == {FRAMES[j] for j in np.flatnonzero(row)}
        assert [f["score"] for f in fr] == sorted((f["score"] for f in fr), reverse=True)
    # frames never seen in training are never predicted
    assert all(f["frame"] in {"Morality", "Crime_and_punishment"} for _, fr in got for f in fr)


def test_cv_seed_shuffles_folds_and_is_recorded() -> None:
    data = _toy()
    by_seed = {seed: [te.tolist() for _, te in _folds(data.genre, 3, seed)] for seed in (1, 2)}
    assert by_seed[1] != by_seed[2]
    assert by_seed[1] == [te.tolist() for _, te in _folds(data.genre, 3, 1)]
    for folds in by_seed.values():  # each article is tested exactly once
        assert sorted(i for te in folds for i in te) == list(range(12))
    first = cross_validate_genre(data, k=3, inner=0, seed=1, max_features=500)
    assert first["seed"] == 1
    assert cross_validate_genre(data, k=3, inner=0, seed=1, max_features=500) == first


def test_shipped_model_leans_opinion_for_an_op_ed() -> None:
    model = GenreModel.load()
    (op, _), (rep, _) = model.predict([OP_ED, REPORT])
    assert set(op["scores"]) == set(GENRES)
    assert sum(op["scores"].values()) == pytest.approx(1.0, abs=1e-3)
    assert op["label"] == "opinion"
    assert op["scores"]["opinion"] > op["scores"]["reporting"]
    # the wire-style text reads more like reporting than the op-ed does
    assert rep["scores"]["reporting"] > op["scores"]["reporting"]


def test_shipped_model_frames_a_crime_report() -> None:
    (_, frames), = GenreModel.load().predict([REPORT])
    assert frames and frames[0]["frame"] == "Crime_and_punishment"
    assert all(0.0 <= f["score"] <= 1.0 for f in frames)


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "genre"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    return folder


def test_corrupt_weights_fail_the_checksum(model_copy: Path) -> None:
    raw = bytearray((model_copy / "genre.npz").read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (model_copy / "genre.npz").write_bytes(bytes(raw))
    with pytest.raises(ModelError, match=r"genre\.npz is corrupt"):
        GenreModel.load(model_copy)


@pytest.mark.parametrize(
    ("remove", "message"),
    [("frames.npz", r"frames\.npz is missing"), ("manifest.json", "manifest.json is missing")],
)
def test_missing_files(model_copy: Path, remove: str, message: str) -> None:
    (model_copy / remove).unlink()
    with pytest.raises(ModelError, match=message):
        GenreModel.load(model_copy)


def test_bad_manifest(model_copy: Path) -> None:
    (model_copy / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="not a presslens genre manifest"):
        GenreModel.load(model_copy)


def test_analyzer_results_shape() -> None:
    pipeline = Pipeline.from_names(["genre"])
    article = pipeline(Article(id="op", text=OP_ED))
    out = article.to_dict()
    assert out["genre"]["label"] in GENRES
    assert set(out["genre"]["scores"]) == set(GENRES)
    assert isinstance(out["frames"], list)
    assert all(set(f) == {"frame", "score"} and f["frame"] in FRAMES for f in out["frames"])
    assert out["model"]["genre"]["name"] == "presslens-genre-tfidf-linear"
    assert len(out["model"]["genre"]["sha256"]) == 64
    assert article.text == OP_ED


@pytest.mark.data
def test_labels_load(data_dir: Path) -> None:
    data = load_labelled(data_dir)
    assert len(data.ids) == 426
    assert {g: data.genre.count(g) for g in GENRES} == {"opinion": 382, "reporting": 41,
                                                         "satire": 3}
    assert set().union(*data.frames) == set(FRAMES)


def test_no_polnear_means_no_wire_articles(tmp_path: Path) -> None:
    assert load_wire(tmp_path) == []


@pytest.mark.data
def test_wire_articles_load_without_their_credit_line(data_dir: Path) -> None:
    train, dev = load_wire(data_dir), load_wire(data_dir, "dev")
    assert (len(train), len(dev)) == (69, 6)
    assert not any("(AP)" in t or "Reuters" in t or "AFP" in t for t in train + dev)


@pytest.mark.data
def test_shipped_model_calls_held_out_wire_stories_reporting(data_dir: Path) -> None:
    # PolNeAR dev wire stories were never trained on; measured 6 of 6 (model 1.1.0), 0 of 6
    # for model 1.0.0, which learnt from the SemEval labels alone
    labels = [g["label"] for g, _ in GenreModel.load().predict(load_wire(data_dir, "dev"))]
    assert labels.count("reporting") >= 5


@pytest.mark.data
def test_cv_scores_wire_articles_apart(data_dir: Path) -> None:
    data = load_labelled(data_dir)
    wire = load_wire(data_dir)[:6]
    result = cross_validate_genre(data, k=3, inner=0, max_features=500, wire=wire)
    assert result["articles"] == 426 and result["wire_articles"] == 6
    assert result["wire_reporting"] in {i / 6 for i in range(7)}


@pytest.mark.data
def test_cli_train_and_evaluate_on_a_slice(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model"
    assert main(["train", "genre", "--data", str(data_dir), "--out", str(out), "--limit", "40",
                 "--max-features", "3000"]) == 0
    model = GenreModel.load(out)
    assert model.manifest["trained_on"]["articles"] == 40
    assert len(model.vocab) <= 3000
    capsys.readouterr()
    assert main(["evaluate", "frames", "--data", str(data_dir), "--limit", "40", "--folds", "2",
                 "--max-features", "2000", "--seed", "7", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 40 and result["folds"] == 2 and result["seed"] == 7
    assert 0.0 <= result["micro_f1"] <= 1.0
    assert set(result["per_frame"]) == set(FRAMES)
