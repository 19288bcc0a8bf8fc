"""Read PolNeAR (Newell, Margolin and Ruths, LREC 2018) attribution annotations.

PolNeAR is brat standoff: ``<split>/text/<name>.txt`` plus
``<split>/attributions/<name>_<annotator>.ann``. Text-bound lines
``T<n><TAB><Type> <offsets><TAB><text>`` have types ``Source``, ``Cue``,
``Content`` (``Content2``: a further part of the content) and offsets
``s e`` or discontinuous ``s1 e1;s2 e2`` (fragments not always in order).
Event lines ``E<n><TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`` (or
``Attribution-no-source:...``) tie them into one relation. Some articles have
several annotators' files; ``metadata.tsv`` lists annotators per article and
we take the first one that has a file, so every article counts once.

The data is copyrighted: it is read in place, never copied.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..datapath import dataset_dir
from ..errors import DataError

__all__ = ["GoldAttribution", "GoldDocument", "load_split", "parse_ann", "read_metadata"]

log = logging.getLogger(__name__)

Frag = tuple[int, int]
_LINE = re.compile(r"^[A-Z#]\d*\t")


@dataclass
class GoldAttribution:
    """One annotated attribution relation (fragments sorted by start)."""

    content: list[Frag]
    cue: list[Frag] = field(default_factory=list)
    source: list[Frag] = field(default_factory=list)
    no_source: bool = False


@dataclass
class GoldDocument:
    name: str
    text: str
    annotator: str
    attributions: list[GoldAttribution]


def _frags(spec: str) -> list[Frag]:
    out = []
    for part in spec.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return sorted(out)


def parse_ann(ann: str, text_len: int | None = None) -> list[GoldAttribution]:
    """Parse one brat ``.ann`` file into attribution relations.

    Relations without content are skipped (nothing to match against).
    Raises :class:`DataError` on a malformed line.
    """
    spans: dict[str, tuple[str, list[Frag]]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip() or not _LINE.match(line):
            continue  # blank, or the rest of a span text that contains a line break
        try:
            if line.startswith("T"):
                tid, middle = line.split("\t", 2)[:2]
                typ, _, offs = middle.partition(" ")
                frags = _frags(offs)
                if text_len is not None and any(e > text_len for _, e in frags):
                    raise ValueError(f"offset beyond text length {text_len}")
                spans[tid] = (typ, frags)
            elif line.startswith("E"):
                _, body = line.split("\t", 1)
                args = body.split()
                kind = args[0].split(":")[0]
                roles: dict[str, list[str]] = {}
                for arg in args[1:]:
                    role, _, ref = arg.partition(":")
                    role = role.rstrip("0123456789") if role.startswith("Content") else role
                    roles.setdefault(role, []).append(ref)
                events.append((kind, roles))
        except ValueError as exc:
            raise DataError(f"malformed brat line {lineno}: {line!r} ({exc})") from exc
    out = []
    for kind, roles in events:
        content: list[Frag] = []
        for ref in roles.get("Content", []):
            if ref in spans:
                content.extend(spans[ref][1])
        if not content:
            continue
        cue = [f for ref in roles.get("Cue", []) if ref in spans for f in spans[ref][1]]
        source = [f for ref in roles.get("Source", []) if ref in spans for f in spans[ref][1]]
        out.append(
            GoldAttribution(
                content=sorted(content),
                cue=sorted(cue),
                source=sorted(source),
                no_source=kind == "Attribution-no-source" or not source,
            )
        )
    return out


def read_metadata(root: Path) -> list[dict[str, str]]:
    """The rows of ``root/metadata.tsv`` (one per article: compartment, filename,
    annotators, publisher, wire, ...), or [] when the file is absent."""
    meta = root / "metadata.tsv"
    if not meta.is_file():
        return []
    with meta.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _annotators(root: Path) -> dict[str, list[str]]:
    return {row["filename"]: row["annotators"].split("|") for row in read_metadata(root)}


def iter_split(split: str, data: str | Path | None = None) -> Iterator[GoldDocument]:
    """Yield the documents of ``train``/``dev``/``test``, one annotator each."""
    root = dataset_dir("polnear", data)
    folder = root / split
    if not (folder / "text").is_dir():
        raise DataError(f"PolNeAR split {split!r} not found at {str(folder)!r}")
    annotators = _annotators(root)
    ann_dir = folder / "attributions"
    for path in sorted((folder / "text").glob("*.txt")):
        name = path.stem
        with path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        candidates = [ann_dir / f"{name}_{a}.ann" for a in annotators.get(name, [])]
        candidates += sorted(ann_dir.glob(f"{name}_*.ann"))
        ann_path = next((c for c in candidates if c.is_file()), None)
        if ann_path is None:
            log.warning("no annotation file for PolNeAR %s/%s; skipped", split, name)
            continue
        annotator = ann_path.stem[len(name) + 1 :]
        atts = parse_ann(ann_path.read_text(encoding="utf-8"), len(text))
        yield GoldDocument(name, text, annotator, atts)


def load_split(
    split: str, data: str | Path | None = None, limit: int | None = None
) -> list[GoldDocument]:
    docs = []
    for doc in iter_split(split, data):
        docs.append(doc)
        if limit is not None and len(docs) >= limit:
            break
    return docs
