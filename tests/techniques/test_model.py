"""The shipped technique model: integrity checks at load, behaviour on sentences, the analyzer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from presslens import Article, ModelError, Pipeline, UsageError
from presslens.analyzers.techniques import Techniques
from presslens.techniques.model import DEFAULT_PATH, TechniqueModel, has_content_word
from presslens.techniques.taxonomy import CATEGORY_OF, PTC2020, SEMEVAL2023

FILES = ("config.json", "tokenizer.json", "model.onnx", "spans.npz", "MANIFEST.sha256")


@pytest.fixture(scope="module")
def model() -> TechniqueModel:
    return TechniqueModel.load(threads=2)


def _copy(tmp_path: Path) -> Path:
    """A copy of the shipped folder; the large model.onnx is hard-linked, not copied."""
    dst = tmp_path / "m"
    dst.mkdir()
    for name in FILES:
        src = DEFAULT_PATH / name
        if name == "model.onnx":
            try:
                os.link(src, dst / name)
                continue
            except OSError:
                pass
        shutil.copy(src, dst / name)
    return dst


@pytest.mark.parametrize("name", FILES)
def test_missing_file_is_a_model_error_naming_it(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    (folder / name).unlink()
    with pytest.raises(ModelError, match=name.replace(".", r"\.")):
        TechniqueModel.load(folder)


@pytest.mark.parametrize("name", ["config.json", "tokenizer.json", "spans.npz"])
def test_corrupt_file_is_a_model_error_naming_it(tmp_path: Path, name: str) -> None:
    folder = _copy(tmp_path)
    path = folder / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="corrupt") as err:
        TechniqueModel.load(folder)
    assert name in str(err.value)


def test_corrupt_onnx_is_a_model_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    onnx = folder / "model.onnx"
    data = bytearray(onnx.read_bytes())
    onnx.unlink()  # break the hard link before writing
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"model\.onnx"):
        TechniqueModel.load(folder)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        TechniqueModel.load(tmp_path / "nowhere")


def test_config_matches_taxonomy(model: TechniqueModel) -> None:
    assert model.labels == SEMEVAL2023
    assert len(model.info()["sha256"]) == 64
    assert model.window <= 512


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        (
            "Residents say this evil terror gang has ruined the town.",
            "evil terror gang",
            {"Name_Calling-Labeling", "Loaded_Language"},
        ),
        (
            "The senator called the bill a disgusting, treacherous betrayal of every decent "
            "American.",
            "disgusting, treacherous betrayal",
            {"Loaded_Language", "Name_Calling-Labeling", "Exaggeration-Minimisation"},
        ),
    ],
)
def test_loaded_phrases_are_found(
    model: TechniqueModel, text: str, phrase: str, expected: set[str]
) -> None:
    p0 = text.index(phrase)

    def best(spans: list[tuple[int, int, str, float]]) -> float:
        hits = [(t, sc) for s, e, t, sc in spans if s < p0 + len(phrase) and p0 < e]
        assert any(t in expected for t, _ in hits), spans
        return max(sc for t, sc in hits if t in expected)

    # the tagger is sure of it, and the calibrated chance that such a span is an
    # annotated instance is well above that of an average predicted span
    assert best(model.predict_many([text], calibrated=False)[0]) >= 0.5
    spans = model.predict(text)
    assert model.calibration is not None
    assert best(spans) >= 1.5 * model.config["calibration"]["validation_correct_share"]
    for s, e, t, sc in spans:
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
        assert t in SEMEVAL2023 and 0.0 <= sc <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The committee meets on Tuesday at 10 a.m.",
        "The library is closed on public holidays.",
        "Rainfall in March was 42 millimetres, the weather service said.",
    ],
)
def test_plain_factual_sentences_get_nothing(model: TechniqueModel, text: str) -> None:
    assert model.predict(text) == []


def test_predict_many_equals_predict(model: TechniqueModel) -> None:
    texts = [
        "This evil terror gang must be stopped.",
        "",
        "The committee meets on Tuesday.",
        "Only a fool would believe their lies. " * 60,
    ]
    assert model.predict_many(texts) == [model.predict(t) for t in texts]


def test_windows_in_parallel_give_the_same_numbers(model: TechniqueModel) -> None:
    text = "Only a fool would believe their lies, and the corrupt mayor knows it. " * 40
    assert model.threads == 2  # the fixture runs windows two at a time
    one = TechniqueModel.load(threads=1)
    tokens, probs = model.token_probs(text)
    assert len(tokens) > 2 * model.window  # several windows, so the pool is used
    assert np.array_equal(probs, one.token_probs(text)[1])


def test_long_text_small_windows_find_a_border_span_once(model: TechniqueModel) -> None:
    """A loaded phrase across a window border is one span with exact offsets."""
    filler = "The committee met on Tuesday and discussed the budget for next year. " * 4
    text = filler + "These bloodthirsty terrorist thugs are destroying everything. " + filler
    wide = model.predict(text)
    small = TechniqueModel(
        model.folder,
        {**model.config, "window": 24, "stride": 11},
        model.session,
        model.tokenizer,
        model.sha256,
    )
    found = small.predict(text)
    phrase_at = text.index("bloodthirsty")
    for spans in (wide, found):
        at = [(s, e, t) for s, e, t, _ in spans if s <= phrase_at < e]
        assert len({t for _, _, t in at}) == len(at), "one span per technique at a position"
    assert any(s <= phrase_at < e for s, e, _, _ in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("the", False), ("is not a", False), ("isn’t", False), ("Our", False), (", and", False),
    ("terror gang", True), ("never again", True), ("2015", True),
])
def test_content_words(text: str, expected: bool) -> None:
    assert has_content_word(text) is expected


def test_spans_of_function_words_alone_are_dropped(model: TechniqueModel) -> None:
    text = ("The so-called “liberation front” has once again shown its true face. Some "
            "so-called experts in the West claim that the villagers support the rebels. "
            "Perhaps they forgot the children who had nowhere to learn.\n\nOur soldiers "
            "will not rest until every last terrorist is brought to justice.")
    raw = TechniqueModel(model.folder, {**model.config, "drop_function_word_spans": False},
                         model.session, model.tokenizer, model.sha256).predict(text)
    dropped = [sp for sp in raw if not has_content_word(text[sp[0] : sp[1]])]
    assert dropped  # "the", "Our", "will not": the tagger does output such spans here
    assert model.predict(text) == [sp for sp in raw if sp not in dropped]


def test_classify_spans(model: TechniqueModel) -> None:
    text = "Make America great again! They are a gang of evil traitors."
    spans = [(0, text.index("!")), (text.index("gang"), len(text) - 1)]
    scores = model.classify_spans(text, spans)
    assert len(scores) == 2 and all(set(s) == set(SEMEVAL2023) for s in scores)
    assert max(scores[1], key=scores[1].__getitem__) in {"Name_Calling-Labeling", "Loaded_Language"}


@pytest.mark.parametrize("taxonomy", ["semeval2023", "ptc2020"])
def test_analyzer_records(taxonomy: str) -> None:
    pipe = Pipeline.from_names(["techniques"], {"techniques": {"taxonomy": taxonomy}})
    text = "Nobody is safe from this evil terror gang. The committee meets on Tuesday."
    outcomes = list(pipe.pipe([Article(id="a", text=text), Article(id="b", text="Nothing here.")]))
    assert all(o.ok for o in outcomes)
    a = outcomes[0].article
    out = a.to_dict()
    assert out["techniques"], out
    for rec in out["techniques"]:
        assert text[rec["start"] : rec["end"]] == rec["text"]
        if taxonomy == "semeval2023":
            assert rec["technique"] in SEMEVAL2023
            assert rec["category"] == CATEGORY_OF[rec["technique"]]
        else:
            assert rec["technique"] in PTC2020
            assert rec["category"] == CATEGORY_OF[rec["semeval2023"]]
    assert a.models["techniques"]["taxonomy"] == taxonomy
    assert len(a.models["techniques"]["sha256"]) == 64


def test_analyzer_rejects_unknown_taxonomy() -> None:
    with pytest.raises(UsageError, match="taxonomy"):
        Techniques(taxonomy="ptc2019")
