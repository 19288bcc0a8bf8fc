"""``text`` format: one article in the terminal with rich.

The article text comes first with technique spans highlighted (colour per
category) and a numbered marker after each span, then the numbered list of
spans, the sources and actors panels, genre and frames, and claims. Every
piece of article data goes into ``rich.text.Text`` objects, never into
markup strings, so brackets in an article cannot restyle the output, and
control characters are replaced so an article cannot send terminal escapes.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import renderer
from .common import (
    CATEGORY_KEYS,
    actor_rows,
    category_of,
    claim_source,
    clean,
    entity_rows,
    segments,
    source_rows,
)

__all__ = ["render_text"]

#: Highlight style per technique category.
STYLES: dict[str, str] = {
    "reputation": "bold red",
    "justification": "bold blue",
    "simplification": "bold magenta",
    "distraction": "bold yellow",
    "call": "bold green",
    "wording": "bold cyan",
    "other": "bold white",
}


def _style(category: str) -> str:
    return STYLES[CATEGORY_KEYS.get(category, "other")]


def _t(value: Any, style: str = "") -> Text:
    return Text(clean(str(value)), style=style)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing(name: str) -> Text:
    return Text(f"{name}: missing (not produced by this analysis)", style="dim italic")


def _article_text(data: dict[str, Any], techniques: list[dict[str, Any]], color: bool) -> Text:
    text = data["text"]
    out = Text()
    for seg in segments(len(text), techniques):
        if not color:  # brackets show extents and nesting without colour
            for _ in seg.starts:
                out.append("⟦", style="dim")
        piece = clean(text[seg.start : seg.end])
        if seg.spans:
            inner = techniques[seg.spans[0]]
            style = _style(category_of(inner)) + (" underline" if len(seg.spans) > 1 else "")
            out.append(piece, style=style)
        else:
            out.append(piece)
        for i in seg.ends:
            out.append(f"[{i + 1}]" if color else f"⟧{i + 1}", style="dim")
    return out


def _techniques_list(techniques: list[dict[str, Any]]) -> Text:
    """A numbered list, one line per span (a rich Table is ~10x slower to lay out)."""
    out = Text("Persuasion techniques", style="bold")
    width = len(str(len(techniques)))
    for i, rec in enumerate(techniques, 1):
        category = category_of(rec)
        out.append(f"\n{i:>{width}}. ")
        out.append(clean(str(rec.get("technique", ""))), style=_style(category))
        out.append(clean(f" ({category}, {float(rec.get('score', 0)):.2f}): "), style="dim")
        out.append(clean("“" + _short(str(rec.get("text", ""))) + "”"))
    return out


def _sources_panel(data: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = []
    sourcing = data.get("sourcing")
    if sourcing is not None:
        by_type = ", ".join(f"{k} {v:.0%}" for k, v in sorted(
            (sourcing.get("by_type") or {}).items(), key=lambda kv: -kv[1]))
        unattributed = sourcing.get("unattributed_sentences") or []
        parts.append(_t(
            f"{sourcing.get('attributions', 0)} attributions; content by source type: "
            f"{by_type or 'none'}; anonymous share {sourcing.get('anonymous_share', 0):.0%}; "
            f"{len(unattributed)} unattributed sentences "
            f"({sourcing.get('unattributed_share', 0):.0%} of the text)"
        ))
    else:
        parts.append(_missing("sourcing"))
    if data.get("attributions") is None:
        parts.append(_missing("attributions"))
    else:
        rows = source_rows(data)
        if not rows:
            parts.append(Text("No attributions found.", style="italic"))
        else:
            table = Table(expand=False, box=None)
            table.add_column("source")
            table.add_column("type")
            table.add_column("times", justify="right")
            table.add_column("how")
            for row in rows:
                how = ", ".join(f"{k} {n}" for k, n in sorted(row["kinds"].items()))
                if row["via"]:
                    how += "; via " + ", ".join(row["via"])
                table.add_row(_t(row["name"]), _t(row["type"]), _t(row["count"]), _t(how))
            parts.append(table)
    return Panel(Group(*parts), title="Sources", title_align="left")


def _actors_panel(data: dict[str, Any]) -> RenderableType:
    if data.get("actors") is None:
        body: RenderableType = _missing("actors")
    elif not data["actors"]:
        body = Text("No actors found.", style="italic")
    else:
        table = Table(expand=False, box=None)
        table.add_column("actor")
        table.add_column("mentions", justify="right")
        table.add_column("labels (count, who applies them)")
        for row in actor_rows(data):
            labels = Text()
            for j, lab in enumerate(row["labels"]):
                if j:
                    labels.append("; ")
                labels.append(clean(lab["label"]), style="bold red" if lab["loaded"] else "")
                labels.append(clean(f" ×{lab['count']} ({lab['by']})"))
            table.add_row(_t(f"{row['name']} ({row['type']})"), _t(row["mentions"]),
                          labels if row["labels"] else Text("no labels", style="dim"))
        body = table
    return Panel(body, title="Actors and labels", title_align="left")


def _genre_line(data: dict[str, Any]) -> Text:
    line = Text()
    genre = data.get("genre")
    if genre is None:
        line.append("genre: missing", style="dim italic")
    else:
        score = (genre.get("scores") or {}).get(genre.get("label"))
        line.append("genre: ")
        line.append(clean(str(genre.get("label"))), style="bold")
        if score is not None:
            line.append(f" ({float(score):.2f})")
    line.append("   ")
    frames = data.get("frames")
    if frames is None:
        line.append("frames: missing", style="dim italic")
    else:
        line.append("frames: ")
        line.append(clean(", ".join(
            f"{f.get('frame')} ({float(f.get('score', 0)):.2f})" for f in frames) or "none"))
    return line


def _claims(data: dict[str, Any]) -> RenderableType:
    claims = data.get("claims")
    if claims is None:
        return _missing("claims")
    if not claims:
        return Text("Claims: none found.", style="italic")
    out = Text("Claims, most check-worthy first", style="bold")
    ranked = sorted(claims, key=lambda c: -float(c.get("score", 0)))
    width = len(str(len(ranked)))
    for i, rec in enumerate(ranked, 1):
        who = claim_source(rec)
        kinds = ", ".join(map(str, rec.get("kinds") or [])) or "-"
        out.append(f"\n{i:>{width}}. ")
        out.append(clean("“" + _short(str(rec.get("text", "")), 100) + "”"))
        out.append(clean(f"\n{' ' * (width + 2)}{float(rec.get('score', 0)):.2f} · {kinds} · "
                         f"{who}"), style="dim")
    return out


def _entities(data: dict[str, Any]) -> Text:
    if data.get("entities") is None:
        return _missing("entities")
    rows = entity_rows(data)
    if not rows:
        return Text("Named entities: none found.", style="italic")
    line = Text("Named entities", style="bold")
    for typ, names in rows:
        line.append(f"\n  {typ}: ", style="dim")
        line.append(clean(", ".join(f"{n} ×{c}" if c > 1 else n for n, c in names)))
    return line


def _header(data: dict[str, Any]) -> Text:
    meta = data.get("meta") or {}
    head = Text()
    head.append(clean(str(meta.get("title") or data.get("id", ""))), style="bold")
    bits = [str(meta[k]) for k in ("outlet", "published", "url") if meta.get(k)]
    if bits:
        head.append("\n" + clean(" · ".join(bits)), style="dim")
    for warning in meta.get("warnings") or []:
        head.append("\nwarning: " + clean(str(warning)), style="yellow")
    return head


@renderer("text")
def render_text(data: dict[str, Any], *, color: bool = False, width: int = 100) -> str:
    """The article as terminal text; ANSI colours only when ``color`` is true."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False, markup=False, legacy_windows=False)
    techniques = list(data.get("techniques") or [])
    console.print(_header(data))
    console.print(_genre_line(data))
    console.print()
    console.print(_article_text(data, techniques, color))
    console.print()
    if data.get("techniques") is None:
        console.print(_missing("techniques"))
    elif not techniques:
        console.print(Text("Persuasion techniques: none found.", style="italic"))
    else:
        console.print(_techniques_list(techniques))
    console.print()
    console.print(_entities(data))
    console.print(_sources_panel(data))
    console.print(_actors_panel(data))
    console.print(_claims(data))
    missing = (data.get("meta") or {}).get("missing") or []
    if missing:
        console.print(Text("Not produced: " + ", ".join(map(str, missing)), style="dim"))
    return buf.getvalue()
