"""Whose words is a piece of text: the writer's, or a quoted source's?

Both the actors analyzer (who applied a label) and the claims analyzer (who
asserts a claim) ask this. The answer comes from the ``attributions`` layer
when it exists: a position inside an attribution's ``content`` belongs to that
attribution's source. Without that layer, text between quotation marks (as
the attribution extractor's quote scanner finds them) is taken as some
source's words (source unknown), everything else as the writer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..article import Article, Span
from ..attribution.quotes import find_quotes

__all__ = ["Voices", "source_name"]


def source_name(source: dict[str, Any] | None) -> str | None:
    """The display name of an attribution's ``source``: its entity, else its text."""
    if not source:
        return None
    name = source.get("entity") or source.get("text")
    return str(name) if name else None


@dataclass
class Voices:
    """Content ranges of the article's attributions (or quotes), searchable by offset."""

    ranges: list[tuple[int, int, Span | None]]
    from_layer: bool
    #: Inner offsets of the article's quotations.
    quotes: list[tuple[int, int]]

    @classmethod
    def of(cls, article: Article) -> Voices:
        layer = article.layers.get("attributions")
        quotes = [q.inner for q in find_quotes(article.text)]
        ranges: list[tuple[int, int, Span | None]] = []
        if layer is not None:
            for span in layer.spans:
                for part in span.data.get("content") or []:
                    ranges.append((int(part["start"]), int(part["end"]), span))
            ranges.sort(key=lambda r: (r[0], r[1]))
            return cls(ranges, True, quotes)
        ranges = [(s, e, None) for s, e in quotes]
        return cls(ranges, False, quotes)

    def quoted(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside quotation marks."""
        return any(s <= start and end <= e for s, e in self.quotes)

    def at(self, start: int, end: int) -> tuple[bool, Span | None]:
        """(inside some source's words?, the attribution) for ``text[start:end]``."""
        best: tuple[int, int, Span | None] | None = None
        for s, e, span in self.ranges:
            if s > start:
                break
            if s <= start and end <= e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, span)
        if best is None:
            return False, None
        return True, best[2]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The attributions whose content overlaps ``[start, end)``, most overlap first
        (layer only)."""
        overlap: dict[int, tuple[int, int, Span]] = {}  # id -> (overlap, first seen, span)
        for s, e, span in self.ranges:
            if span is None or s >= end:
                continue
            shared = min(e, end) - max(s, start)
            if shared > 0:
                before = overlap.get(id(span), (0, len(overlap), span))
                overlap[id(span)] = (before[0] + shared, before[1], span)
        return [span for _, _, span in sorted(overlap.values(), key=lambda x: (-x[0], x[1]))]
