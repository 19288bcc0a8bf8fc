"""``html`` format: one self-contained, inert HTML report per article.

The page has no external resources: CSS and JS are inline and pinned by
hash in a Content-Security-Policy meta tag (``default-src 'none'``), so even
markup that slipped through could neither run nor load anything. Jinja2
autoescaping escapes every piece of article text and metadata; only the
shipped CSS and JS are marked safe. Links are emitted only for http(s) URLs.

Spans of all layers (techniques, attribution parts, claims) are merged by
cutting the text at every boundary into segments; each segment lists the
spans covering it, so nested and overlapping techniques highlight their
union and every one stays numbered and hoverable.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import renderer
from .common import (
    CATEGORY_KEYS,
    actor_rows,
    category_of,
    claim_source,
    entity_rows,
    segments,
    source_rows,
)

__all__ = ["render_html"]


def _asset(name: str) -> str:
    return files("presslens.render").joinpath("templates", name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@functools.cache
def _environment() -> tuple[Environment, Markup, Markup, str]:
    env = Environment(
        loader=PackageLoader("presslens.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return env, Markup(css), Markup(js), csp


def _safe_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and url == url.strip()


def _pct(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return "?"


def _score(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _text_segments(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Segments of the article text with CSS classes, technique numbers and titles."""
    text: str = data["text"]
    techniques = list(data.get("techniques") or [])
    # every span of every layer, tagged (layer, index or css class)
    spans: list[dict[str, Any]] = []
    tags: list[tuple[str, Any]] = []
    for i, rec in enumerate(techniques):
        spans.append(rec)
        tags.append(("t", i))
    for rec in data.get("attributions") or []:
        source = rec.get("source")
        if source:
            anonymous = source.get("type") == "anonymous"
            spans.append(source)
            tags.append(("s", "s-anonymous" if anonymous else "s-source"))
        if rec.get("via"):
            spans.append(rec["via"])
            tags.append(("s", "s-via"))
        if rec.get("cue"):
            spans.append(rec["cue"])
            tags.append(("s", "s-cue"))
        for part in rec.get("content") or []:
            spans.append(part)
            tags.append(("s", "s-content"))
    sourcing = data.get("sourcing") or {}
    for sentence in sourcing.get("unattributed_sentences") or []:
        spans.append(sentence)
        tags.append(("s", "u"))
    for rec in data.get("claims") or []:
        spans.append(rec)
        tags.append(("c", "c"))
        for q in rec.get("quantities") or []:
            spans.append(q)
            tags.append(("c", "c-number"))
    out = []
    for seg in segments(len(text), spans):
        classes: list[str] = []
        t_numbers: list[int] = []
        for i in seg.spans:
            layer, value = tags[i]
            if layer == "t":
                t_numbers.append(value + 1)
            elif value not in classes:
                classes.append(value)
        title = ""
        if t_numbers:
            inner = techniques[t_numbers[0] - 1]
            classes[:0] = ["t", "cat-" + CATEGORY_KEYS.get(category_of(inner), "other")]
            if len(t_numbers) > 1:
                classes.append("multi")
            title = "\n".join(
                f"{n}. {techniques[n - 1].get('technique')} "
                f"({float(techniques[n - 1].get('score', 0)):.2f})"
                for n in sorted(t_numbers)
            )
        out.append({
            "text": text[seg.start : seg.end],
            "classes": " ".join(classes),
            "t": " ".join(str(n) for n in sorted(t_numbers)),
            "title": title,
            "ends": sorted(tags[i][1] + 1 for i in seg.ends if tags[i][0] == "t"),
        })
    return out


def _context(data: dict[str, Any]) -> dict[str, Any]:
    from .. import __version__

    meta = data.get("meta") or {}
    techniques = data.get("techniques")
    genre = data.get("genre")
    sourcing = data.get("sourcing")
    url = str(meta.get("url") or "")
    return {
        "version": __version__,
        "schema_version": str(data.get("schema_version", "")),
        "id": str(data.get("id", "")),
        "lang": str(meta.get("language") or "en"),
        "title": str(meta.get("title") or data.get("id") or "article"),
        "meta_bits": [str(meta[k]) for k in ("outlet", "published", "author") if meta.get(k)],
        "url": url,
        "url_safe": _safe_url(url),
        "warnings": [str(w) for w in meta.get("warnings") or []],
        "genre": None if genre is None else {
            "label": str(genre.get("label")),
            "score": _score((genre.get("scores") or {}).get(genre.get("label"))),
        },
        "frames": None if data.get("frames") is None else [
            {"frame": str(f.get("frame")), "score": float(f.get("score", 0))}
            for f in data["frames"]
        ],
        "legend": [(key, name) for name, key in CATEGORY_KEYS.items()],
        "segments": _text_segments(data),
        "techniques": None if techniques is None else [
            {"n": i, "technique": str(rec.get("technique")), "category": category_of(rec),
             "key": CATEGORY_KEYS.get(category_of(rec), "other"),
             "score": float(rec.get("score", 0)), "text": str(rec.get("text", ""))}
            for i, rec in enumerate(techniques, 1)
        ],
        "sourcing": None if sourcing is None else {
            "attributions": int(sourcing.get("attributions", 0)),
            "anonymous": _pct(sourcing.get("anonymous_share")),
            "unattributed": len(sourcing.get("unattributed_sentences") or []),
            "unattributed_share": _pct(sourcing.get("unattributed_share")),
            "by_type": [(str(k), _pct(v)) for k, v in sorted(
                (sourcing.get("by_type") or {}).items(), key=lambda kv: -float(kv[1]))],
        },
        "sources": None if data.get("attributions") is None else [
            {"name": r["name"], "type": r["type"], "count": r["count"],
             "how": ", ".join(f"{k} {n}" for k, n in sorted(r["kinds"].items()))
             + ("; via " + ", ".join(r["via"]) if r["via"] else "")}
            for r in source_rows(data)
        ],
        "actors": None if data.get("actors") is None else actor_rows(data),
        "entities": None if data.get("entities") is None else entity_rows(data),
        "claims": None if data.get("claims") is None else [
            {"text": str(c.get("text", "")), "score": float(c.get("score", 0)),
             "kinds": ", ".join(map(str, c.get("kinds") or [])),
             "who": claim_source(c)}
            for c in sorted(data["claims"], key=lambda c: -float(c.get("score", 0)))
        ],
        "missing": [str(m) for m in meta.get("missing") or []],
        "models": ", ".join(
            f"{k} {v.get('version', '')}".strip() if isinstance(v, dict) else str(k)
            for k, v in (data.get("model") or {}).items()
        ),
    }


@renderer("html")
def render_html(data: dict[str, Any]) -> str:
    """A self-contained HTML report of one article analysis."""
    env, css, js, csp = _environment()
    template = env.get_template("article.html.j2")
    return template.render(css=css, js=js, csp=csp, **_context(data))
