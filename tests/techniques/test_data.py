"""The technique data loaders against the real research data, and their failure modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import DataError
from presslens.techniques.data import (
    load_paragraph_labels,
    load_ptc2020,
    load_ptc_si,
    load_semeval2023,
    ptc_dev_ids,
    split_train_validation,
)
from presslens.techniques.taxonomy import PTC2020, SEMEVAL2023

pytestmark = pytest.mark.data


@pytest.mark.parametrize(("split", "articles", "spans"), [("train", 371, 6129), ("dev", 75, 1063)])
def test_ptc2020_counts_and_offsets(data_dir: Path, split: str, articles: int, spans: int) -> None:
    docs = load_ptc2020(data_dir, split)
    assert len(docs) == articles
    assert sum(len(d.spans) for d in docs) == spans
    names = set()
    for d in docs:
        for s in d.spans:
            assert s.article_id == d.id
            assert 0 <= s.start < s.end <= len(d.text)
            names.add(s.technique)
    assert names == set(PTC2020)


def test_semeval2023_counts_and_offsets(data_dir: Path) -> None:
    docs = load_semeval2023(data_dir)
    assert len(docs) == 446
    assert sum(len(d.spans) for d in docs) == 7201
    assert {s.technique for d in docs for s in d.spans} <= set(SEMEVAL2023)
    assert all(0 <= s.start < s.end <= len(d.text) for d in docs for s in d.spans)
    # Same articles as PTC train+dev.
    ptc = {d.id for d in load_ptc2020(data_dir, "train")} | ptc_dev_ids(data_dir)
    assert {d.id for d in docs} == ptc


def test_texts_read_exactly_as_stored(data_dir: Path) -> None:
    """No newline translation, BOM kept: the text re-encodes to the file's bytes."""
    for d in load_ptc2020(data_dir, "dev")[:10]:
        raw = (data_dir / "ptc2020" / "dev-articles" / f"article{d.id}.txt").read_bytes()
        assert d.text.encode("utf-8") == raw
    boms = [d for d in load_semeval2023(data_dir) if d.text.startswith("\ufeff")]
    assert len(boms) == 2
    for d in boms:  # offsets count the BOM: the same span text in both versions
        raw = (data_dir / "semeval2023-en" / "articles" / f"article{d.id}.txt").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")


def test_ptc_si_matches_tc_spans(data_dir: Path) -> None:
    si = load_ptc_si(data_dir, "dev")
    assert set(si) == ptc_dev_ids(data_dir)
    docs = {d.id: d for d in load_ptc2020(data_dir, "dev")}
    for aid, spans in si.items():
        # every SI span is covered by the union of TC spans and vice versa
        tc_chars = {i for s in docs[aid].spans for i in range(s.start, s.end)}
        si_chars = {i for s, e in spans for i in range(s, e)}
        assert si_chars == tc_chars, aid


def test_paragraph_labels(data_dir: Path) -> None:
    labels = load_paragraph_labels(data_dir)
    docs = {d.id: d for d in load_semeval2023(data_dir)}
    assert set(labels) <= set(docs)
    for aid, lines in labels.items():
        n_lines = len(docs[aid].text.split("\n"))
        assert all(1 <= n <= n_lines for n in lines), aid
    assert {t for lines in labels.values() for ts in lines.values() for t in ts} <= set(
        SEMEVAL2023
    )


def test_dev_ids(data_dir: Path) -> None:
    ids = ptc_dev_ids(data_dir)
    assert len(ids) == 75
    assert ids.isdisjoint(d.id for d in load_ptc2020(data_dir, "train"))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("1\tLoaded_Language\t0\t99\n", "does not fit"),
        ("1\tLoaded_Language\t3\t3\n", "does not fit"),
        ("1\tLoaded_Language\tx\t3\n", "not integers"),
        ("1\tNot_A_Technique\t0\t3\n", "unknown technique"),
        ("1\tLoaded_Language\t0\n", "columns"),
        ("2\tLoaded_Language\t0\t3\n", "no article"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    folder = tmp_path / "ptc2020"
    (folder / "dev-articles").mkdir(parents=True)
    (folder / "dev-articles" / "article1.txt").write_text("Short text.\n", encoding="utf-8")
    (folder / "dev-TC.labels").write_text("1\tLoaded_Language\t0\t5\n" + rows, encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        load_ptc2020(tmp_path, "dev")
    assert "dev-TC.labels:2" in str(info.value)


def test_missing_data_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_semeval2023(tmp_path)
    with pytest.raises(DataError, match="unknown PTC-2020 split"):
        load_ptc2020(tmp_path, "validation")


def test_crlf_text_kept(tmp_path: Path) -> None:
    folder = tmp_path / "ptc2020"
    (folder / "train-articles").mkdir(parents=True)
    (folder / "train-articles" / "article7.txt").write_bytes(b"Title\r\n\r\nBody here.\r\n")
    (folder / "train-TC.labels").write_text("7\tDoubt\t9\t13\n", encoding="utf-8")
    (doc,) = load_ptc2020(tmp_path, "train")
    assert doc.text == "Title\r\n\r\nBody here.\r\n"
    assert doc.text[9:13] == "Body"


@pytest.mark.parametrize("fraction", [0.1, 0.25])
def test_split_is_deterministic_and_disjoint(fraction: float) -> None:
    ids = [str(i) for i in range(100, 146)]
    train, val = split_train_validation(ids, fraction)
    assert split_train_validation(list(reversed(ids)), fraction) == (train, val)
    assert set(train).isdisjoint(val)
    assert sorted(train + val) == sorted(ids)
    assert len(val) == max(1, round(len(ids) * fraction))
    assert split_train_validation(ids, fraction, seed=14) != (train, val)
