"""Loaders for the persuasion-technique research data (PTC-2020 and SemEval-2023 English).

The data sets are copyrighted news read in place (see ``presslens.datapath``);
nothing here copies them. Offsets in the label files are Python string
indices into the article text read as UTF-8 *exactly as stored*: a leading
byte-order mark stays in the text as U+FEFF (two articles have one and their
offsets count it) and newlines are not translated. Every label row is
checked against its article so that a wrong ``root`` or a damaged file fails
loudly with the file and line instead of training on shifted spans.
"""

from __future__ import annotations

import difflib
import logging
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..datapath import dataset_dir
from ..errors import DataError
from .taxonomy import PTC2020, SEMEVAL2023

__all__ = [
    "Doc",
    "GoldSpan",
    "load_paragraph_labels",
    "load_ptc2020",
    "load_ptc_si",
    "load_semeval2023",
    "map_span",
    "offset_map",
    "ptc_dev_ids",
    "read_article",
    "split_train_validation",
    "tagger_split",
]

log = logging.getLogger(__name__)

PTC_SPLITS = ("train", "dev", "test")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class GoldSpan:
    """One annotated technique span; ``end`` is exclusive."""

    article_id: str
    technique: str
    start: int
    end: int


@dataclass
class Doc:
    """An article text with its gold technique spans (sorted by start, end)."""

    id: str
    text: str
    spans: list[GoldSpan] = field(default_factory=list)


def read_article(path: Path) -> str:
    """The text of one article file, exactly as stored (BOM and ``\\r`` kept)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not valid UTF-8 ({exc}); is this the research data?") from exc
    except OSError as exc:
        raise DataError(f"cannot read article {path}: {exc}") from exc


def _article_id(path: Path) -> str:
    stem = path.stem
    if not stem.startswith("article") or not stem[7:]:
        raise DataError(f"unexpected article file name {path.name!r} in {path.parent}; "
                        "expected article<ID>.txt")
    return stem[7:]


def _read_articles(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        raise DataError(f"article folder {folder} not found; check --data")
    texts = {_article_id(p): read_article(p) for p in sorted(folder.glob("article*.txt"))}
    if not texts:
        raise DataError(f"no article*.txt files in {folder}")
    return texts


def _rows(
    path: Path, ncols: tuple[int, ...], layout: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Tab-separated rows of a label file with their 1-based line numbers.

    ``layout`` names the expected columns in the error for a row of the wrong width.
    """
    if not path.is_file():
        raise DataError(f"label file {path} not found; check --data")
    expected = layout or f"{' or '.join(map(str, ncols))} tab-separated columns"
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) not in ncols:
                raise DataError(
                    f"{path}:{lineno}: expected {expected}, got {len(cols)} columns: {line!r}"
                )
            yield lineno, cols


def _offsets(path: Path, lineno: int, start: str, end: str, text: str | None) -> tuple[int, int]:
    try:
        s, e = int(start), int(end)
    except ValueError as exc:
        raise DataError(f"{path}:{lineno}: offsets {start!r}, {end!r} are not integers") from exc
    if text is None:
        raise DataError(f"{path}:{lineno}: no article for this id in the article folder")
    if not 0 <= s < e <= len(text):
        raise DataError(
            f"{path}:{lineno}: span {s}-{e} does not fit the article ({len(text)} characters)"
        )
    return s, e


def _load_spans(
    path: Path, texts: dict[str, str], names: Iterable[str]
) -> dict[str, list[GoldSpan]]:
    known = set(names)
    spans: dict[str, list[GoldSpan]] = {i: [] for i in texts}
    for lineno, (aid, tech, start, end) in _rows(path, (4,)):
        if tech not in known:
            raise DataError(f"{path}:{lineno}: unknown technique {tech!r}")
        s, e = _offsets(path, lineno, start, end, texts.get(aid))
        spans[aid].append(GoldSpan(aid, tech, s, e))
    for lst in spans.values():
        lst.sort(key=lambda g: (g.start, g.end, g.technique))
    return spans


def load_semeval2023(root: Path) -> list[Doc]:
    """SemEval-2023 Task 3 English: 446 articles, 7,201 spans over 23 techniques."""
    folder = dataset_dir("semeval2023-en", root)
    texts = _read_articles(folder / "articles")
    spans = _load_spans(folder / "techniques-spans.labels", texts, SEMEVAL2023)
    return [Doc(aid, texts[aid], spans[aid]) for aid in sorted(texts)]


def _check_split(split: str) -> None:
    if split not in PTC_SPLITS:
        raise DataError(f"unknown PTC-2020 split {split!r}; choose from {', '.join(PTC_SPLITS)}")


def load_ptc2020(root: Path, split: str) -> list[Doc]:
    """PTC-2020 (SemEval-2020 Task 11) articles of ``split`` with their 14-class TC spans."""
    _check_split(split)
    folder = dataset_dir("ptc2020", root)
    texts = _read_articles(folder / f"{split}-articles")
    spans = _load_spans(folder / f"{split}-TC.labels", texts, PTC2020)
    return [Doc(aid, texts[aid], spans[aid]) for aid in sorted(texts)]


def load_ptc_si(root: Path, split: str) -> dict[str, list[tuple[int, int]]]:
    """The technique-agnostic SI spans of ``split``: article id -> sorted (start, end).

    Without a ``<split>-SI.labels`` file (a split someone labelled for TC
    only), they are the TC spans with overlapping ones merged, which is how
    the SI labels were made.
    """
    _check_split(split)
    folder = dataset_dir("ptc2020", root)
    path = folder / f"{split}-SI.labels"
    if not path.is_file():
        from .metrics import merge_spans

        log.info("%s not found: SI gold = the merged %s-TC.labels spans", path, split)
        return {
            d.id: merge_spans((g.start, g.end) for g in d.spans) for d in load_ptc2020(root, split)
        }
    texts = _read_articles(folder / f"{split}-articles")
    out: dict[str, list[tuple[int, int]]] = {i: [] for i in texts}
    for lineno, (aid, start, end) in _rows(path, (3,)):
        out[aid].append(_offsets(path, lineno, start, end, texts.get(aid)))
    for lst in out.values():
        lst.sort()
    return out


def load_paragraph_labels(root: Path) -> dict[str, dict[int, set[str]]]:
    """Official SemEval-2023 paragraph labels: article id -> line (1-based) -> techniques."""
    folder = dataset_dir("semeval2023-en", root)
    path = folder / "techniques-paragraphs.labels"
    known = set(SEMEVAL2023)
    out: dict[str, dict[int, set[str]]] = {}
    for lineno, cols in _rows(path, (2, 3)):
        aid, line = cols[0], cols[1]
        try:
            number = int(line)
        except ValueError as exc:
            raise DataError(f"{path}:{lineno}: line number {line!r} is not an integer") from exc
        if number < 1:
            raise DataError(f"{path}:{lineno}: line number {number} < 1 (they start at 1)")
        techs = {t for t in (cols[2].split(",") if len(cols) == 3 else []) if t}
        bad = techs - known
        if bad:
            raise DataError(f"{path}:{lineno}: unknown technique(s) {', '.join(sorted(bad))}")
        out.setdefault(aid, {})[number] = techs
    return out


def ptc_dev_ids(root: Path) -> set[str]:
    """Ids of the 75 PTC-2020 dev articles: the split held out from every training run."""
    folder = dataset_dir("ptc2020", root) / "dev-articles"
    if not folder.is_dir():
        raise DataError(f"article folder {folder} not found; check --data")
    ids = {_article_id(p) for p in folder.glob("article*.txt")}
    if not ids:
        raise DataError(f"no article*.txt files in {folder}")
    return ids


def split_train_validation(
    ids: Iterable[str], fraction: float = 0.1, seed: int = 13
) -> tuple[list[str], list[str]]:
    """Split ids into (train, validation), the same way for the same set of ids and seed.

    Independent of the input order (ids are sorted first) so that two runs
    and two modules agree on the split. Validation gets ``round(fraction * n)``
    ids, at least one when there are two or more ids and ``fraction > 0`` (the
    shipped model's split: 334 training and 37 validation articles).
    """
    if not 0.0 <= fraction < 1.0:
        raise DataError(f"validation fraction {fraction} must be in [0, 1)")
    pool = sorted(set(ids))
    rng = random.Random(seed)
    rng.shuffle(pool)
    n_val = max(1, round(fraction * len(pool))) if len(pool) > 1 and fraction > 0 else 0
    return sorted(pool[n_val:]), sorted(pool[:n_val])


def tagger_split(root: Path) -> tuple[dict[str, Doc], list[str], list[str]]:
    """SemEval-2023 articles by id, and the shipped tagger's (train, validation) ids.

    The PTC-2020 dev articles are left out of both: they are the held-out split.
    """
    docs = {d.id: d for d in load_semeval2023(root)}
    held_out = ptc_dev_ids(root)
    train, validation = split_train_validation(i for i in docs if i not in held_out)
    return docs, train, validation


def offset_map(src: str, dst: str) -> list[int]:
    r"""For each offset ``0..len(src)`` of ``src``, the matching offset in ``dst``.

    The PTC-2020 and SemEval-2023 versions of an article differ by joined
    lines (``\n`` -> space), a few inserted or deleted newlines and quotes;
    offsets in one version must be carried to the other before scoring
    (SI is scored on the PTC texts, paragraphs on the SemEval-2023 texts).
    The texts are aligned word by word (``\S+`` runs; a character-level
    diff takes seconds per article): characters of equal words map one to
    one, whitespace between equal words maps onto the other side's gap, and
    characters of changed runs map in order onto the changed counterpart
    (clamped to its end). Unmatched characters take the next mapped offset.
    """
    wa = [(m.start(), m.end()) for m in _WORD.finditer(src)]
    wb = [(m.start(), m.end()) for m in _WORD.finditer(dst)]
    ta = [src[a:b] for a, b in wa]
    tb = [dst[a:b] for a, b in wb]
    out = [-1] * (len(src) + 1)
    out[len(src)] = len(dst)

    def run(i1: int, i2: int, j1: int, j2: int, equal: bool) -> None:
        a0, a1 = wa[i1][0], wa[i2 - 1][1]
        b0, b1 = wb[j1][0], wb[j2 - 1][1]
        if equal or a1 - a0 == b1 - b0:
            if equal:  # words pair up: map each word and the gap after it
                for (x0, x1), (y0, y1), nxt_a, nxt_b in zip(
                    wa[i1:i2], wb[j1:j2], [*wa[i1 + 1 : i2], (a1, a1)],
                    [*wb[j1 + 1 : j2], (b1, b1)], strict=True,
                ):
                    for k in range(x1 - x0):
                        out[x0 + k] = y0 + k
                    gap_b = nxt_b[0] - y1
                    for k in range(nxt_a[0] - x1):
                        out[x1 + k] = y1 + min(k, max(gap_b - 1, 0))
            else:
                for k in range(a1 - a0):
                    out[a0 + k] = b0 + k
        else:
            span_b = b1 - b0
            for k in range(a1 - a0):
                out[a0 + k] = b0 + min(k, span_b - 1)

    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 < i2 and j1 < j2 and op in ("equal", "replace"):
            run(i1, i2, j1, j2, op == "equal")
    nxt = len(dst)
    for k in range(len(src), -1, -1):
        if out[k] < 0:
            out[k] = nxt
        else:
            nxt = out[k]
    return out


def map_span(mapping: list[int], start: int, end: int) -> tuple[int, int] | None:
    """A ``[start, end)`` span carried through :func:`offset_map`; None if nothing is left."""
    if not 0 <= start < end < len(mapping):
        raise DataError(f"span {start}-{end} does not fit a text of {len(mapping) - 1} characters")
    s, e = mapping[start], mapping[end - 1] + 1
    e = min(e, mapping[-1])
    return (s, e) if e > s else None
