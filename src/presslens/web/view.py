"""Turn an article's JSON (``Article.to_dict()``) into what the article page shows.

The page highlights four layers at once (techniques, attributions, claims,
entities) and their spans nest and overlap freely, so HTML elements cannot
simply wrap each span. Instead the text is cut at *every* span boundary of
every layer into flat segments; each segment knows which annotations cover it
and becomes one ``<mark>`` with classes (for colours and layer toggles) and
one tooltip line per covering annotation. Nothing here produces markup: the
Jinja template escapes every piece of text, so article content can never
become HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from ..techniques.taxonomy import CATEGORIES, CATEGORY_OF

__all__ = [
    "LAYERS",
    "Segment",
    "actor_rows",
    "category_slug",
    "page_context",
    "safe_url",
    "segments",
    "source_rows",
]

#: Layers the article page can highlight, in toggle order, with their labels.
LAYERS: dict[str, str] = {
    "techniques": "Persuasion techniques",
    "attributions": "Attributions (content / cue / source)",
    "claims": "Claims",
    "entities": "Entities",
}
#: Short keys used in class names and ``data-`` attributes for each layer.
_KEY = {"techniques": "t", "attributions": "a", "claims": "c", "entities": "e"}


def category_slug(category: str) -> str:
    """``"Attack on reputation"`` -> ``"attack-on-reputation"`` (a CSS class part)."""
    return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-") or "other"


#: Category name -> CSS slug, in taxonomy order (the legend uses this order).
CATEGORY_SLUGS: dict[str, str] = {c: category_slug(c) for c in CATEGORIES}


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL, else None: only those become links.

    ``javascript:``, ``data:``, protocol-relative and malformed URLs are shown
    as text (escaped) but never put into an ``href``.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(ch) < 0x21 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass
class Segment:
    """A maximal stretch of text covered by the same set of annotations."""

    start: int
    end: int
    text: str
    classes: set[str] = field(default_factory=set)
    tips: dict[str, list[str]] = field(default_factory=dict)

    @property
    def marked(self) -> bool:
        return bool(self.classes)

    @property
    def class_attr(self) -> str:
        return " ".join(["seg", *sorted(self.classes)])

    def tip(self, layer: str) -> str:
        return "\n".join(self.tips.get(layer, ()))

    @property
    def title(self) -> str:
        """All tooltip lines, for the ``title`` fallback when JavaScript is off."""
        return "\n".join(line for lines in self.tips.values() for line in lines)


@dataclass
class _Mark:
    start: int
    end: int
    layer: str
    classes: tuple[str, ...]
    tip: str


def _score(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return "?"


def _piece(value: Any) -> tuple[int, int] | None:
    """(start, end) of a nested span dict, or None when it is absent or malformed."""
    if not isinstance(value, dict):
        return None
    start, end = value.get("start"), value.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def _source_label(source: Any) -> str:
    if not isinstance(source, dict):
        return "no source"
    name = source.get("entity") or source.get("text") or "?"
    return f"{name} ({source.get('type') or 'unspecified'})"


def _marks(data: dict[str, Any], layers: tuple[str, ...]) -> list[_Mark]:
    marks: list[_Mark] = []
    if "techniques" in layers:
        for rec in data.get("techniques") or ():
            name = str(rec.get("technique", "?"))
            category = rec.get("category") or CATEGORY_OF.get(name) or "Other"
            marks.append(_Mark(
                rec["start"], rec["end"], "techniques",
                ("tech", f"cat-{category_slug(str(category))}"),
                f"{name} ({category}), score {_score(rec.get('score'))}",
            ))
    if "attributions" in layers:
        for rec in data.get("attributions") or ():
            kind = str(rec.get("kind", "?"))
            source = _source_label(rec.get("source"))
            for piece in rec.get("content") or ():
                span = _piece(piece)
                if span:
                    marks.append(_Mark(*span, "attributions", ("attr-content",),
                                       f"Attributed content ({kind}) from {source}"))
            cue = _piece(rec.get("cue"))
            if cue:
                marks.append(_Mark(*cue, "attributions", ("attr-cue",),
                                   f"Attribution cue ({kind})"))
            src = _piece(rec.get("source"))
            if src:
                marks.append(_Mark(*src, "attributions", ("attr-source",), f"Source: {source}"))
            via = _piece(rec.get("via"))
            if via:
                marks.append(_Mark(*via, "attributions", ("attr-source",),
                                   f"Intermediary: {_source_label(rec.get('via'))}"))
    if "claims" in layers:
        for rec in data.get("claims") or ():
            kinds = ", ".join(str(k) for k in rec.get("kinds") or ()) or "claim"
            attributed = "attributed" if rec.get("attributed") else "unattributed"
            marks.append(_Mark(
                rec["start"], rec["end"], "claims", ("claim",),
                f"Claim ({kinds}; {attributed}), check-worthiness {_score(rec.get('score'))}",
            ))
    if "entities" in layers:
        for rec in data.get("entities") or ():
            etype = str(rec.get("type", "entity"))
            actor = f", actor {rec['actor']}" if rec.get("actor") else ""
            marks.append(_Mark(
                rec["start"], rec["end"], "entities", ("ent", f"ent-{category_slug(etype)}"),
                f"Entity: {etype} ({rec.get('ner', '?')}){actor}",
            ))
    return marks


def segments(
    data: dict[str, Any], layers: tuple[str, ...] = tuple(LAYERS)
) -> list[Segment]:
    """Cut ``data["text"]`` at every annotation boundary of ``layers``.

    Concatenating the segments' text gives back the article text exactly.
    Zero-length or out-of-range spans are ignored (they cannot be shown).
    """
    text = str(data.get("text") or "")
    n = len(text)
    marks = [
        m for m in _marks(data, layers)
        if isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= n
    ]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    segs = [Segment(a, b, text[a:b]) for a, b in pairwise(cuts)]
    starts = [s.start for s in segs]
    technique_count: Counter[int] = Counter()
    for mark in marks:
        for i in range(bisect_left(starts, mark.start), bisect_left(starts, mark.end)):
            seg = segs[i]
            seg.classes.update(mark.classes)
            seg.classes.add(f"has-{_KEY[mark.layer]}")
            seg.tips.setdefault(mark.layer, []).append(mark.tip)
            if mark.layer == "techniques":
                technique_count[i] += 1
    for i, count in technique_count.items():
        if count > 1:
            segs[i].classes.add("tech-multi")
    return segs


def source_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per quoted source (who is quoted, how often, as what type)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in data.get("attributions") or ():
        source = rec.get("source")
        if isinstance(source, dict):
            name = str(source.get("entity") or source.get("text") or "?")
            stype = str(source.get("type") or "unspecified")
        else:
            name, stype = "(no source)", "none"
        row = rows.setdefault((name, stype), {"name": name, "type": stype, "count": 0,
                                              "kinds": Counter(), "quotes": []})
        row["count"] += 1
        row["kinds"][str(rec.get("kind", "?"))] += 1
        for piece in rec.get("content") or ():
            if isinstance(piece, dict) and piece.get("text"):
                row["quotes"].append(str(piece["text"]))
    out = sorted(rows.values(), key=lambda r: (-r["count"], r["name"]))
    for row in out:
        row["kinds"] = ", ".join(f"{k} {v}" for k, v in row["kinds"].most_common())
    return out


def actor_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Actors with their labels, most-mentioned first; labels sorted by count."""
    actors = data.get("actors") or []
    out: list[dict[str, Any]] = []
    for actor in actors:
        if not isinstance(actor, dict):
            continue
        labels = sorted(
            (lab for lab in actor.get("labels") or () if isinstance(lab, dict)),
            key=lambda lab: (-int(lab.get("count") or 0), str(lab.get("label"))),
        )
        out.append({
            "id": actor.get("id"),
            "name": str(actor.get("name") or "?"),
            "type": str(actor.get("type") or ""),
            "mentions": len(actor.get("mentions") or ()),
            "labels": [
                {
                    "label": str(lab.get("label") or ""),
                    "count": int(lab.get("count") or 0),
                    "by": str(lab.get("by") or ""),
                    "source": lab.get("source"),
                    "evaluative": bool(lab.get("evaluative")),
                    "loaded": bool(lab.get("loaded")),
                }
                for lab in labels
            ],
        })
    out.sort(key=lambda a: (-a["mentions"], a["name"]))
    return out


def _technique_summary(data: dict[str, Any]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for rec in data.get("techniques") or ():
        name = str(rec.get("technique", "?"))
        cat = str(rec.get("category") or CATEGORY_OF.get(name) or "Other")
        counts[(cat, name)] += 1
    return [
        {"category": c, "slug": category_slug(c), "technique": t, "count": n}
        for (c, t), n in counts.most_common()
    ]


def page_context(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the article template needs, computed from one ``to_dict()``."""
    meta = dict(data.get("meta") or {})
    raw_store = data.get("store")
    stored: dict[str, Any] = raw_store if isinstance(raw_store, dict) else {}
    for key in ("title", "outlet", "published", "url"):  # columns the store derived
        if not meta.get(key) and stored.get(key):
            meta[key] = stored[key]
    missing = set(meta.get("missing") or ())
    present = {
        name: data.get(name) is not None and name not in missing
        for name in (*LAYERS, "actors", "sourcing")
    }
    sourcing = data.get("sourcing") if isinstance(data.get("sourcing"), dict) else None
    by_type = []
    if sourcing:
        raw = sourcing.get("by_type")
        by_type = sorted(
            ((str(k), float(v)) for k, v in (raw.items() if isinstance(raw, dict) else ())
             if isinstance(v, int | float)),
            key=lambda kv: -kv[1],
        )
    return {
        "article": data,
        "meta": meta,
        "link": safe_url(meta.get("url")),
        "segments": segments(data, tuple(n for n in LAYERS if present[n])),
        "layers": LAYERS,
        "present": present,
        "categories": CATEGORY_SLUGS,
        "technique_summary": _technique_summary(data),
        "sources": source_rows(data),
        "sourcing": sourcing,
        "by_type": by_type,
        "actors": actor_rows(data),
        "counts": {n: len(data.get(n) or ()) for n in LAYERS},
    }
