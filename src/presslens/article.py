"""Article, Layer and Span: the data every presslens component passes around.

An :class:`Article` holds the text exactly as read (never rewritten, so that
offsets stay valid) plus layers of character-offset annotations. Offsets are
0-based Python ``str`` indices, end exclusive: ``text[span.start:span.end]``
is always the annotated text. Analyzers add layers; renderers and stores read
``Article.to_dict()``, the one JSON shape presslens emits (see
``docs/schema.md`` and ``presslens/schema/article.schema.json``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .errors import SpanError

__all__ = ["SCHEMA_VERSION", "SECTIONS", "Article", "Layer", "Span"]

SCHEMA_VERSION = "1.0"

#: Top-level list sections of the JSON output, each filled from the layer of
#: the same name, and the key its records use for the span label.
LAYER_SECTIONS: dict[str, str] = {
    "techniques": "technique",
    "attributions": "kind",
    "entities": "type",
    "claims": "label",
}
#: Top-level document-level sections, filled from ``Article.results``.
RESULT_SECTIONS = ("actors", "sourcing", "genre", "frames")
SECTIONS = tuple(LAYER_SECTIONS) + RESULT_SECTIONS


@dataclass(frozen=True, order=True)
class Span:
    """One annotation: ``text[start:end]`` labelled ``label`` with a ``score``.

    ``data`` holds anything else the analyzer knows (a category, nested
    spans such as an attribution's cue and source, an entity id). Nested
    spans are dicts made by :meth:`Article.ref` so they carry their text too.
    """

    start: int
    end: int
    label: str
    score: float = 1.0
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Layer:
    """A named, sorted list of spans and the analyzer (and version) that made it."""

    name: str
    producer: str
    spans: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spans = sorted(self.spans)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


@dataclass
class Article:
    """One news article: the text, its metadata and the layers analyzers add.

    ``meta`` is descriptive metadata (title, outlet, url, published,
    language, warnings); ``results`` holds document-level analysis results
    (genre, frames, the sourcing profile, actors); ``models`` records which
    model produced what, so stored analyses can be re-run when a model
    changes. ``cache`` is never serialised: analyzers share expensive
    intermediate objects there (the spaCy parse, for example).
    """

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    layers: dict[str, Layer] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- building -------------------------------------------------------
    def check(self, start: int, end: int) -> None:
        """Raise :class:`SpanError` unless ``0 <= start <= end <= len(text)``."""
        if not (isinstance(start, int) and isinstance(end, int)):
            raise SpanError(f"span offsets must be integers, got {start!r}, {end!r}")
        if not 0 <= start <= end <= len(self.text):
            raise SpanError(
                f"span ({start}, {end}) does not fit article {self.id!r} "
                f"of {len(self.text)} characters"
            )

    def span(
        self, start: int, end: int, label: str, score: float = 1.0, **data: Any
    ) -> Span:
        """Make a bounds-checked :class:`Span`."""
        self.check(start, end)
        return Span(start, end, label, float(score), data)

    def ref(self, start: int, end: int, **extra: Any) -> dict[str, Any]:
        """A nested span as a plain dict (``start``, ``end``, ``text``, extras)."""
        self.check(start, end)
        return {"start": start, "end": end, "text": self.text[start:end], **extra}

    def add_layer(self, name: str, producer: str, spans: list[Span]) -> Layer:
        layer = Layer(name, producer, spans)
        self.layers[name] = layer
        return layer

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text with whitespace collapsed and case folded (for dedupe)."""
        norm = " ".join(self.text.split()).casefold()
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()

    # -- JSON -----------------------------------------------------------
    def to_dict(self, sections: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The presslens JSON shape (``schema_version`` :data:`SCHEMA_VERSION`).

        Sections not produced are ``null`` and listed in ``meta.missing``;
        a produced section with nothing found is an empty list.
        ``sections`` limits the output to those sections.
        """
        wanted = SECTIONS if sections is None else sections
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "text": self.text,
            "meta": dict(self.meta),
        }
        missing = []
        for name in SECTIONS:
            if name not in wanted:
                continue
            if name in LAYER_SECTIONS:
                layer = self.layers.get(name)
                out[name] = None if layer is None else [
                    self._span_record(s, LAYER_SECTIONS[name]) for s in layer.spans
                ]
            else:
                out[name] = self.results.get(name)
            if out[name] is None:
                missing.append(name)
        out["meta"]["missing"] = missing
        out["model"] = dict(self.models)
        return out

    def _span_record(self, span: Span, label_key: str) -> dict[str, Any]:
        record: dict[str, Any] = {
            label_key: span.label,
            "start": span.start,
            "end": span.end,
            "text": self.text[span.start : span.end],
            "score": round(span.score, 4),
        }
        record.update(span.data)
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from :meth:`to_dict` output (round trip)."""
        meta = dict(data.get("meta") or {})
        meta.pop("missing", None)
        article = cls(id=str(data["id"]), text=str(data["text"]), meta=meta)
        for name, label_key in LAYER_SECTIONS.items():
            records = data.get(name)
            if records is None:
                continue
            spans = []
            for rec in records:
                article.check(rec["start"], rec["end"])
                if "text" in rec and rec["text"] != article.text[rec["start"] : rec["end"]]:
                    raise SpanError(
                        f"{name} record ({rec['start']}, {rec['end']}) of article "
                        f"{article.id!r} says {rec['text']!r} but the text there is "
                        f"{article.text[rec['start'] : rec['end']]!r}; offsets must be "
                        "str indices into the unmodified text"
                    )
                rest = {
                    k: v
                    for k, v in rec.items()
                    if k not in (label_key, "start", "end", "text", "score")
                }
                spans.append(
                    article.span(rec["start"], rec["end"], rec[label_key], rec["score"], **rest)
                )
            article.add_layer(name, "stored", spans)
        for name in RESULT_SECTIONS:
            if data.get(name) is not None:
                article.results[name] = data[name]
        article.models = dict(data.get("model") or {})
        return article
