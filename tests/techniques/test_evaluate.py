"""``presslens evaluate techniques``: scoring system outputs, on texts written here and on data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.cli import main
from presslens.errors import DataError
from presslens.techniques.data import Doc, GoldSpan, load_semeval2023, offset_map, ptc_dev_ids
from presslens.techniques.metrics import spans_to_paragraphs
from presslens.techniques.task import (
    Corpus,
    evaluate_predictions,
    read_predictions,
    tc_labels_from_scores,
    tc_labels_from_spans,
)
from presslens.techniques.taxonomy import SEMEVAL2023

# Two versions of one article, as in the data: the SemEval-2023 one joins a line.
PTC_TEXT = "Crooked rulers lie.\nThey always lie!\n\nWe must act now."
SEM_TEXT = "Crooked rulers lie. They always lie!\n\nWe must act now."


def _corpus() -> Corpus:
    assert PTC_TEXT[0:14] == "Crooked rulers" and PTC_TEXT[38:53] == "We must act now"
    spans = [
        GoldSpan("1", "Name_Calling,Labeling", 0, 14),
        GoldSpan("1", "Loaded_Language", 0, 14),
        GoldSpan("1", "Slogans", 38, 53),
    ]
    return Corpus(
        ptc=[Doc("1", PTC_TEXT, spans)],
        si_gold={"1": [(0, 14), (38, 53)]},
        sem_text={"1": SEM_TEXT},
        para_gold={"1": {1: {"Name_Calling-Labeling", "Loaded_Language"}, 3: {"Slogans"}}},
    )


def test_evaluate_hand_worked() -> None:
    corpus = _corpus()
    # system: "Crooked rulers lie" (0-18) as Name_Calling, "always lie" (25-35) as
    # Appeal_to_Values (no PTC-2020 counterpart: dropped for SI)
    assert PTC_TEXT[25:35] == "always lie"
    on_ptc = {"1": [(0, 18, "Name_Calling-Labeling", 0.9), (25, 35, "Appeal_to_Values", 0.8)]}
    on_sem = {"1": [(0, 18, "Name_Calling-Labeling", 0.9), (25, 35, "Appeal_to_Values", 0.8)]}
    tc = {"1": ["Name_Calling,Labeling", "Doubt", None]}
    got = evaluate_predictions(corpus, on_ptc, on_sem, "semeval2023", tc)
    # SI: S = {(0,18)}, T = {(0,14), (38,53)}: P = 14/18, R = (14/14 + 0)/2 = .5
    assert got["si"]["precision"] == pytest.approx(14 / 18)
    assert got["si"]["recall"] == pytest.approx(0.5)
    # TC: 1 right of 3, 2 answered: P = 1/2, R = 1/3
    assert got["tc"]["micro"]["precision"] == pytest.approx(0.5)
    assert got["tc"]["micro"]["recall"] == pytest.approx(1 / 3)
    # paragraphs (SemEval text): line 1 pred {NC, AV} vs gold {NC, LL}; line 3 pred {} vs {Sl}
    # tp 1, fp 1, fn 2 -> P = .5, R = 1/3
    para = got["paragraphs"]
    assert para["micro"]["precision"] == pytest.approx(0.5)
    assert para["micro"]["recall"] == pytest.approx(1 / 3)
    assert para["per_label"]["Name_Calling-Labeling"]["f1"] == 1.0


def test_tc_labels_from_scores_maxpools_and_fills_repeats() -> None:
    spans = [
        GoldSpan("1", "Name_Calling,Labeling", 0, 14),
        GoldSpan("1", "Loaded_Language", 0, 14),
        GoldSpan("1", "Whataboutism,Straw_Men,Red_Herring", 20, 30),
    ]
    scores = {
        # the span annotated twice gets the two best labels, paired with the gold order
        (0, 14): {"Loaded_Language": 0.7, "Name_Calling-Labeling": 0.6, "Doubt": 0.1},
        # Straw_Man .3 and Red_Herring .35 both map to the merged PTC label: max is .35,
        # Appeal_to_Values .9 has no PTC counterpart and cannot win
        (20, 30): {"Straw_Man": 0.3, "Red_Herring": 0.35, "Doubt": 0.34,
                   "Appeal_to_Values": 0.9},
    }
    assert tc_labels_from_scores(spans, scores) == [
        "Name_Calling,Labeling", "Loaded_Language", "Whataboutism,Straw_Men,Red_Herring"
    ]


def test_tc_labels_from_spans_exact_then_overlap() -> None:
    spans = [GoldSpan("1", "Doubt", 0, 10), GoldSpan("1", "Slogans", 20, 30),
             GoldSpan("1", "Slogans", 40, 45)]
    preds = [(0, 10, "Doubt", 0.2), (0, 12, "Loaded_Language", 0.9),
             (18, 22, "Doubt", 0.9), (21, 35, "Slogans", 0.1)]
    labels, exact = tc_labels_from_spans(spans, preds)
    # (0,10): exact match wins over a higher-scored overlapping span;
    # (20,30): no exact match: Slogans shares 9 characters, Doubt 2; (40,45): nothing
    assert labels == ["Doubt", "Slogans", None]
    assert exact == 1


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1\tDoubt\t0\n", "expected ID"),
        ("1\tDoubt\tx\t4\n", "bad number"),
        ("1\tDoubt\t5\t4\n", "empty or negative"),
        ("1\tNope\t0\t4\n", "unknown technique"),
        ("1\tFlag-Waving\t0\t4\n1\tFlag_Waving\t0\t4\n", "mixes PTC-2020"),
        ('{"id": "1", "techniques": []}\n', "not a presslens JSON record"),
        ('{"id": "1", "text": "abc", "techniques": [{"technique": "Doubt", "start": 0, '
         '"end": 9}]}\n', "outside the text"),
    ],
)
def test_bad_prediction_files(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_predictions(_write(tmp_path / "p", content))


def test_taxonomy_and_text_version_detected(tmp_path: Path) -> None:
    ptc = read_predictions(_write(tmp_path / "a", "article7.txt\tFlag-Waving\t0\t4\t0.5\n"))
    assert (ptc.taxonomy, ptc.version, ptc.spans) == ("ptc2020", "ptc2020",
                                                       {"7": [(0, 4, "Flag-Waving", 0.5)]})
    shared = read_predictions(_write(tmp_path / "b", "7\tDoubt\t0\t4\n"), "ptc2020")
    assert (shared.taxonomy, shared.version) == ("semeval2023", "ptc2020")


# ------------------------------------------------------------- on the real data


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["evaluate", "techniques", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.data
def test_gold_ptc_labels_score_perfectly(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = (data_dir / "ptc2020" / "dev-TC.labels").read_text(encoding="utf-8")
    path = _write(tmp_path / "pred.tsv", gold)  # a temporary file, never in the repo
    got = _run(capsys, "--data", str(data_dir), "--predictions", str(path))
    assert got["articles"] == 75
    assert got["si"]["f1"] == 1.0
    assert got["tc"]["micro"]["f1"] == 1.0
    assert got["tc"]["micro"]["support"] == 1063
    assert got["paragraphs"] is None  # PTC names cannot be scored on 23 classes


@pytest.mark.data
def test_semeval_jsonl_on_ptc_texts(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """analyze-style JSONL whose text is the PTC version: spans are carried to both versions."""
    dev = sorted(ptc_dev_ids(data_dir))[:8]
    sem = {d.id: d for d in load_semeval2023(data_dir) if d.id in dev}
    lines = []
    for aid in dev:
        ptc_text = (data_dir / "ptc2020" / "dev-articles" / f"article{aid}.txt").read_bytes()
        text = ptc_text.decode("utf-8")
        m = offset_map(sem[aid].text, text)
        recs = [{"technique": "x", "semeval2023": s.technique, "start": m[s.start],
                 "end": m[s.end - 1] + 1, "score": 0.5} for s in sem[aid].spans]
        lines.append(json.dumps({"id": f"article{aid}", "text": text, "techniques": recs}))
    path = _write(tmp_path / "pred.jsonl", "\n".join(lines) + "\n")
    got = _run(capsys, "--data", str(data_dir), "--predictions", str(path), "--limit", "8")
    assert got["articles"] == 8
    assert got["paragraphs"]["micro"]["f1"] == pytest.approx(1.0)
    assert got["si"]["precision"] == pytest.approx(1.0)
    assert 0.9 < got["si"]["recall"] <= 1.0


@pytest.mark.data
def test_shifted_predictions_score_lower(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = []
    for line in (data_dir / "ptc2020" / "dev-TC.labels").read_text(encoding="utf-8").splitlines():
        aid, tech, start, end = line.split("\t")
        length = int(end) - int(start)
        rows.append(f"{aid}\t{tech}\t{start}\t{int(start) + length // 2}")  # first half only
    path = _write(tmp_path / "half.tsv", "\n".join(rows) + "\n")
    got = _run(capsys, "--data", str(data_dir), "--predictions", str(path))
    # every predicted character is gold, half of the gold characters are predicted
    assert got["si"]["precision"] == pytest.approx(1.0)
    assert 0.4 < got["si"]["recall"] < 0.6
    # a few first halves coincide with a nested gold span; the rest fall back to overlap
    assert got["tc"]["exact_span_predictions"] < 10
    assert 0.5 < got["tc"]["micro"]["f1"] < 1.0


@pytest.mark.data
def test_text_report_and_bad_file_exit(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "p.tsv", "730093263\tDoubt\t0\t5\n")
    assert main(["evaluate", "techniques", "--data", str(data_dir), "--predictions", str(path),
                 "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "SI (PTC-2020 texts)" in out and "Paragraphs 23 classes" in out
    bad = _write(tmp_path / "bad.tsv", "730093263\tDoubt\t0\t999999\n")
    assert main(["evaluate", "techniques", "--data", str(data_dir), "--predictions", str(bad),
                 "--texts", "ptc2020"]) == 1
    assert "does not fit" in capsys.readouterr().err


def test_spans_to_paragraphs_on_two_versions() -> None:
    # the same span is on line 1 in the SemEval version, lines 1-2 in the PTC version
    m = offset_map(PTC_TEXT, SEM_TEXT)
    assert SEM_TEXT[m[15]:m[26 - 1] + 1] == "lie. They a"
    assert spans_to_paragraphs(SEM_TEXT, [(15, 26, "X")])[1] == {"X"}
    assert spans_to_paragraphs(PTC_TEXT, [(15, 26, "X")]) == {1: {"X"}, 2: {"X"}, 3: set(),
                                                             4: set()}


@pytest.mark.data
def test_shipped_model_through_evaluate(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _run(capsys, "--data", str(data_dir), "--limit", "2")
    assert got["system"] == "shipped model"
    assert got["articles"] == 2
    n_gold = got["tc"]["micro"]["support"]
    assert n_gold > 0 and got["tc"]["micro"]["predicted"] == n_gold  # a label for every span
    for block in (got["si"], got["tc"]["micro"], got["paragraphs"]["micro"]):
        assert 0.0 <= block["precision"] <= 1.0 and 0.0 <= block["recall"] <= 1.0
    assert set(got["paragraphs"]["per_label"]) <= set(SEMEVAL2023)
    assert len(got["model"]["sha256"]) == 64


def _test_split(root: Path) -> str:
    """A PTC-2020-format ``test`` split of two articles, TC labels only, no SemEval-2023 copy."""
    folder = root / "ptc2020" / "test-articles"
    folder.mkdir(parents=True)
    (folder / "article901.txt").write_text(PTC_TEXT, encoding="utf-8")
    plain = "The committee met on Tuesday.\n\nIt will meet again in May."
    (folder / "article902.txt").write_text(plain, encoding="utf-8")
    labels = (
        "901\tName_Calling,Labeling\t0\t14\n901\tLoaded_Language\t0\t14\n"
        "901\tSlogans\t38\t53\n"
    )
    (root / "ptc2020" / "test-TC.labels").write_text(labels, encoding="utf-8")
    return labels


def test_a_test_split_without_si_file_or_semeval_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = _test_split(tmp_path)
    corpus = Corpus.load(tmp_path, "test")
    assert not corpus.paragraphs
    assert corpus.si_gold == {"901": [(0, 14), (38, 53)], "902": []}  # merged from TC
    pred = tmp_path / "gold.tsv"
    pred.write_text(labels, encoding="utf-8")
    code = main(["evaluate", "techniques", "--data", str(tmp_path), "--split", "test",
                 "--predictions", str(pred), "--json"])
    got = json.loads(capsys.readouterr().out)
    assert code == 0 and got["split"] == "ptc2020 test"
    assert got["si"]["f1"] == 1.0 and got["tc"]["micro"]["f1"] == 1.0
    assert got["paragraphs"] is None and "SemEval-2023" in got["paragraphs_note"]


def test_shipped_model_on_a_test_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _test_split(tmp_path)
    code = main(["evaluate", "techniques", "--data", str(tmp_path), "--split", "test"])
    out = capsys.readouterr().out
    assert code == 0
    assert "split ptc2020 test: 2 articles (held out from training)" in out
    assert "Paragraph level: not scored (no SemEval-2023 version of these articles)" in out
