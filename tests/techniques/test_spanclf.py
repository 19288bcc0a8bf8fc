"""The span classifier: features, a tiny fit, save/load, and the shipped one's behaviour."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from presslens import ModelError
from presslens.techniques.model import TechniqueModel
from presslens.techniques.spanclf import (
    ArticleStats,
    SpanTextClassifier,
    _char_ngrams,
    blend,
    dense_features,
    fit,
    span_terms,
)

LABELS = ("Loaded_Language", "Repetition", "Doubt", "Slogans")


@pytest.mark.parametrize("text", ["the so-called experts", "a b", "unbelievably   evil x"])
def test_char_ngrams_match_scikit_learns_char_wb(text: str) -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert _char_ngrams(text) == reference(text)


def test_span_terms_take_words_bigrams_and_three_words_before() -> None:
    text = "They keep calling them the so-called Freedom Fighters today."
    start = text.index("Freedom")
    terms = span_terms(text, start, start + len("Freedom Fighters"))
    assert terms["word"] == ["freedom", "fighters", "freedom fighters"]
    assert terms["left"] == ["the", "so", "called"]
    assert " fr" in terms["char"]


def test_dense_features_see_repetition() -> None:
    text = "The terror group struck. Officials said the terror group fled. The terror group!"
    once = "The militia struck. Officials said the group fled. Nobody knows more."
    stats, stats_once = ArticleStats.of(text), ArticleStats.of(once)
    at = text.index("terror group")
    rep = dense_features(text, at, at + len("terror group"), stats)
    at = once.index("militia")
    single = dense_features(once, at, at + len("militia"), stats_once)
    assert rep[3] == 1.0 and single[3] == 0.0  # the whole phrase recurs
    assert rep[2] == pytest.approx(np.log1p(2))  # two more occurrences
    assert rep[4] > single[4]


def _rows() -> list[tuple[str, int, int, str]]:
    """Own sentences: loaded adjectives, a repeated slogan, doubt questions."""
    rows = []
    for word in ("vile", "disgusting", "monstrous", "shameful", "horrific", "appalling"):
        text = f"The minister gave a {word} speech on Monday."
        rows.append((text, text.index(word), text.index(word) + len(word), "Loaded_Language"))
    for slogan in ("Build the wall", "Lock her up", "Take back control"):
        text = f"{slogan}! The crowd chanted: {slogan}! {slogan}!"
        rows.append((text, 0, len(slogan), "Repetition"))
        rows.append((text, 0, len(slogan) + 1, "Slogans"))
    for claim in ("Can we really trust him", "Is he even qualified", "Who believes this man"):
        text = f"{claim}? Voters will decide."
        rows.append((text, 0, len(claim) + 1, "Doubt"))
    return rows


def test_tiny_fit_predicts_and_round_trips(tmp_path: Path) -> None:
    clf = fit(_rows(), [*LABELS, "Straw_Man"], min_df=1)
    text = "Keep America first! They shouted: Keep America first! Keep America first!"
    spans = [(0, len("Keep America first")), (text.index("They"), text.index(":"))]
    probs = clf.predict_proba(text, spans)
    assert probs.shape == (2, 5) and np.allclose(probs.sum(axis=1), 1.0)
    assert probs[:, 4].max() == 0.0  # never seen in training: probability 0
    labels = [*LABELS, "Straw_Man"]
    assert labels[int(probs[0].argmax())] in {"Repetition", "Slogans"}
    np.savez(tmp_path / "spans.npz", **clf.arrays())  # type: ignore[arg-type]
    again = SpanTextClassifier.load(tmp_path / "spans.npz")
    assert np.allclose(again.predict_proba(text, spans), probs, atol=1e-3)  # float16 weights
    assert again.predict_proba(text, []).shape == (0, 5)


def test_fit_needs_two_techniques() -> None:
    with pytest.raises(ModelError, match="two techniques"):
        fit(_rows()[:3], list(LABELS), min_df=1)


def test_unreadable_file_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "spans.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match=r"spans\.npz"):
        SpanTextClassifier.load(tmp_path / "spans.npz")


def test_blend_is_a_weighted_geometric_mean() -> None:
    a, b = np.array([[0.9, 0.1]]), np.array([[0.4, 0.6]])
    assert np.allclose(blend(a, b, 1.0), a, atol=1e-3)
    assert np.allclose(blend(a, b, 0.0), b, atol=1e-3)
    mid = blend(a, b, 0.5)
    assert np.allclose(mid, np.sqrt((a + 1e-4) * (b + 1e-4)))
    assert ((mid >= 0) & (mid <= 1)).all()


def test_shipped_classifier_scores_a_repeated_phrase_as_repetition() -> None:
    model = TechniqueModel.load(threads=1)
    assert model.span_classifier is not None
    phrase = "the occupation regime"
    repeated = (
        f"Officials condemned {phrase} on Monday. Critics say {phrase} ignores the courts. "
        f"Protesters marched against {phrase} in the capital. Again, {phrase} refused to talk."
    )
    once = f"Officials condemned {phrase} on Monday. Critics say the courts were ignored."

    def repetition(text: str) -> float:
        at = text.index(phrase)
        (scores,) = model.classify_spans(text, [(at, at + len(phrase))])
        return scores["Repetition"]

    assert repetition(repeated) > 2 * repetition(once)
