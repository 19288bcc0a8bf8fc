"""Streamed exports of a store: JSONL (the full analysis JSON) or CSV (one summary row).

Both read the store a page at a time (``Store.iter_articles``) and write
as they go, so exporting a 100,000-article corpus needs no more memory
than exporting ten.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import UsageError
from .base import Status, Store

__all__ = ["CSV_COLUMNS", "EXPORT_FORMATS", "csv_row", "export"]

EXPORT_FORMATS = ("csv", "jsonl")

#: One row per article; counts are empty when the section was not analysed.
CSV_COLUMNS = (
    "id", "title", "outlet", "published", "url", "words", "status",
    "techniques", "technique_names", "attributions", "anonymous_attributions",
    "anonymous_share", "claims", "actors", "genre", "error",
)


def _count(data: dict[str, Any], section: str) -> int | str:
    value = data.get(section)
    return "" if value is None else len(value)


def csv_row(data: dict[str, Any]) -> dict[str, Any]:
    """The CSV summary of one stored article (a ``Store.get_article`` dict)."""
    info = data.get("store") or {}
    techniques = data.get("techniques")
    attributions = data.get("attributions")
    sourcing = data.get("sourcing") or {}
    genre = data.get("genre") or {}
    anonymous: int | str = ""
    if attributions is not None:
        anonymous = sum(
            1 for a in attributions if ((a.get("source") or {}).get("type") == "anonymous")
        )
    return {
        "id": data["id"],
        "title": info.get("title") or "",
        "outlet": info.get("outlet") or "",
        "published": info.get("published") or "",
        "url": info.get("url") or "",
        "words": info.get("words", ""),
        "status": info.get("status", ""),
        "techniques": _count(data, "techniques"),
        "technique_names": "" if techniques is None else ";".join(
            sorted({str(t["technique"]) for t in techniques})),
        "attributions": _count(data, "attributions"),
        "anonymous_attributions": anonymous,
        "anonymous_share": sourcing.get("anonymous_share", ""),
        "claims": _count(data, "claims"),
        "actors": _count(data, "actors"),
        "genre": genre.get("label", "") if isinstance(genre, dict) else "",
        "error": info.get("error") or "",
    }


def export(
    store: Store,
    out: IO[str],
    fmt: str = "jsonl",
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: Status | None = None,
) -> int:
    """Write every matching article to ``out``; returns how many were written.

    ``jsonl``: one ``Store.get_article`` JSON object per line (the
    ``Article.to_dict()`` shape plus its ``store`` section). ``csv``: a
    header and one :data:`CSV_COLUMNS` row per article.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    articles: Iterator[dict[str, Any]] = store.iter_articles(
        outlet=outlet, since=since, until=until, status=status
    )
    n = 0
    if fmt == "jsonl":
        for data in articles:
            out.write(json.dumps(data, ensure_ascii=False))
            out.write("\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for data in articles:
        writer.writerow(csv_row(data))
        n += 1
    return n
