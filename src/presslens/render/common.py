"""What the text and HTML renderers share: span segments, categories, summaries.

Renderers read the ``Article.to_dict()`` shape only, so everything here
takes plain dicts and tolerates absent sections (``None``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..techniques.taxonomy import CATEGORIES, CATEGORY_OF, TO_PTC2020

__all__ = [
    "CATEGORY_KEYS",
    "Segment",
    "actor_rows",
    "category_of",
    "clean",
    "entity_rows",
    "segments",
    "source_rows",
]

#: Category name -> short, markup-safe key (CSS class, style name).
CATEGORY_KEYS: dict[str, str] = {
    "Attack on reputation": "reputation",
    "Justification": "justification",
    "Simplification": "simplification",
    "Distraction": "distraction",
    "Call": "call",
    "Manipulative wording": "wording",
}
_PTC_CATEGORY: dict[str, str] = {}
for _sem, _ptc in TO_PTC2020.items():
    if _ptc is not None:
        _PTC_CATEGORY.setdefault(_ptc, CATEGORY_OF[_sem])

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Replace control characters (terminal escapes, NUL) one for one, keeping offsets."""
    return _CONTROL.sub("\ufffd", text)


def category_of(record: dict[str, Any]) -> str:
    """The category name of a technique record, or ``"Other"`` when unknown.

    Trusts the record's own ``category`` only when it is one of the six
    known names, so it can safely become a CSS class or style name.
    """
    category = record.get("category")
    if isinstance(category, str) and category in CATEGORIES:
        return category
    technique = str(record.get("technique", ""))
    return CATEGORY_OF.get(technique) or _PTC_CATEGORY.get(technique) or "Other"


@dataclass
class Segment:
    """A stretch of text covered by the same set of spans (indices into the span list)."""

    start: int
    end: int
    spans: list[int] = field(default_factory=list)
    #: spans that end exactly here, innermost first (for markers after their last character)
    ends: list[int] = field(default_factory=list)
    #: spans that start exactly here
    starts: list[int] = field(default_factory=list)


def segments(length: int, spans: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``[0, length)`` at every span boundary into segments, each with the spans
    covering it (innermost, i.e. shortest, first). Nested and overlapping spans thus
    render as the union of their extents while every span stays identifiable.
    Empty and out-of-range spans are ignored here (a renderer still lists them).
    """
    valid = [
        i for i, s in enumerate(spans)
        if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
        and 0 <= s["start"] < s["end"] <= length
    ]
    cuts = sorted({0, length, *(spans[i]["start"] for i in valid),
                   *(spans[i]["end"] for i in valid)})
    by_start: dict[int, list[int]] = {}
    by_end: dict[int, list[int]] = {}
    for i in valid:
        by_start.setdefault(spans[i]["start"], []).append(i)
        by_end.setdefault(spans[i]["end"], []).append(i)
    active: set[int] = set()
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        active.difference_update(by_end.get(a, []))
        active.update(by_start.get(a, []))
        if a == b:
            continue
        covering = sorted(active, key=lambda i: (spans[i]["end"] - spans[i]["start"], i))
        # innermost first, so brackets close in the reverse order they opened
        ending = [i for i in covering if spans[i]["end"] == b]
        out.append(Segment(a, b, covering, ending, sorted(by_start.get(a, []))))
    return out


def _name(src: dict[str, Any]) -> str:
    """The resolved entity, else the source phrase up to its first comma.

    "the source, who spoke on condition of anonymity" and "the source" are
    one row in the sources panel: the clause says how, not who.
    """
    if src.get("entity"):
        return str(src["entity"])
    text = str(src.get("text") or "?")
    return text.split(",", 1)[0].strip() or text


def source_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Who is quoted and how often, from the ``attributions`` section.

    One row per (source name, type), most quoted first: ``{"name", "type",
    "count", "kinds": {kind: n}, "via": [names]}``; names compare without
    case ("The agency" = "the agency", shown as first seen); relations
    without a source count under the name ``"(no source)"``.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in data.get("attributions") or []:
        src = rec.get("source")
        name, kind = (_name(src), str(src.get("type", "unspecified"))) if src else (
            "(no source)", "unspecified")
        row = rows.setdefault((name.casefold(), kind), {
            "name": name, "type": kind, "count": 0, "kinds": Counter(), "via": []})
        row["count"] += 1
        row["kinds"][str(rec.get("kind"))] += 1
        via = rec.get("via")
        if via and _name(via) not in row["via"]:
            row["via"].append(_name(via))
    return sorted(rows.values(), key=lambda r: (-r["count"], r["name"].casefold()))


def actor_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Actors with their labels, most labelled first; each label says who applies it."""
    actors = list(data.get("actors") or [])
    rows: list[dict[str, Any]] = []
    for actor in actors:
        labels = sorted(actor.get("labels") or [],
                        key=lambda lab: (-int(lab.get("count", 0)), str(lab.get("label"))))
        rows.append({
            "id": str(actor.get("id", "")),
            "name": str(actor.get("name", "")),
            "type": str(actor.get("type", "")),
            "mentions": len(actor.get("mentions") or []),
            "labels": [
                {
                    "label": str(lab.get("label", "")),
                    "count": int(lab.get("count", 0)),
                    "loaded": bool(lab.get("loaded")),
                    "evaluative": bool(lab.get("evaluative")),
                    "by": "writer" if lab.get("by") == "writer"
                    else f"source: {lab.get('source') or 'unnamed'}",
                }
                for lab in labels
            ],
        })
    rows.sort(key=lambda r: (-sum(lab["count"] for lab in r["labels"]), -r["mentions"]))
    return rows


def entity_rows(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Named entities by type, each name with its mention count, most mentioned first.

    A mention linked to an actor (``"actor"``, set by the actors analyzer) is
    counted under the actor's name and type: the actor has seen the whole
    article ("near Dorvik" makes Dorvik a place, "KORLAND CITY —" is a
    dateline), where the parser's label looked at one sentence; so this panel
    and the actors panel never disagree.
    """
    actors = {a.get("id"): a for a in data.get("actors") or [] if isinstance(a, dict)}
    by_type: dict[str, Counter[str]] = {}
    for rec in data.get("entities") or []:
        actor = actors.get(rec.get("actor"))
        name, typ = (actor.get("name"), actor.get("type")) if actor else (None, None)
        name = " ".join(str(name or rec.get("text", "")).split())
        by_type.setdefault(str(typ or rec.get("type", "")), Counter())[name] += 1
    order = ["person", "organisation", "group", "place"]
    return [
        (typ, sorted(names.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
        for typ, names in sorted(by_type.items(),
                                 key=lambda kv: (order.index(kv[0]) if kv[0] in order else 9,
                                                 kv[0]))
    ]


def claim_source(claim: dict[str, Any]) -> str:
    """Who a claim is attributed to, in words ("attributed to X (type)", "unattributed")."""
    if not claim.get("attributed"):
        return "unattributed"
    attribution = claim.get("attribution")
    if not attribution:
        return "attributed (source unknown)"
    if not attribution.get("source"):  # "is expected to", "is widely seen as"
        return "attributed, no source given"
    return f"attributed to {attribution['source']} ({attribution.get('type') or 'type unknown'})"
