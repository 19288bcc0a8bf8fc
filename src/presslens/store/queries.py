"""Corpus questions as plain functions over a :class:`Store`: the CLI and the web API share them.

Every function takes the store first and keyword-only filters, and returns
plain lists/dicts of str, int, float and None (JSON-ready, one row per
dict, same keys in every row) so that ``presslens query`` can print them as
a table, CSV or JSON and the web layer can return them unchanged.

Common filters: ``outlet`` (exact outlet name), ``since`` / ``until`` (ISO
dates ``YYYY-MM-DD`` or ``YYYY-MM``, inclusive, on the publication date;
articles without a date are left out whenever either is given).

Rates are computed over the articles *analysed for that section*: an
article ingested with ``--layers entities`` does not count as an article
without techniques. ``per_1000_words`` is spans per 1000 words of those
articles (words = whitespace-separated tokens of the text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from ..errors import UsageError
from ..techniques.taxonomy import CATEGORY_OF
from .base import Store

__all__ = [
    "QUERIES",
    "QuerySpec",
    "actor_labels",
    "anonymous_sourcing",
    "failures",
    "outlets",
    "overview",
    "search_articles",
    "technique_profile",
    "technique_trend",
    "top_sources",
]

By = Literal["technique", "category"]
Period = Literal["month", "week", "year"]


# -- filters ----------------------------------------------------------------
def _norm_date(value: str | None, name: str, end: bool = False) -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD; return a bound comparable with ISO dates.

    For ``end`` the bound is exclusive: the first day (month, year) after
    the period, so ``until="2024-03"`` covers every day of March. Plain
    string comparison is right because stored dates are ISO (and
    PostgreSQL compares them with the C collation).
    """
    if value is None or value == "":
        return None
    v = value.strip()
    parts = v.split("-")
    ok = (
        1 <= len(parts) <= 3
        and len(parts[0]) == 4
        and all(p.isdigit() for p in parts)
        and all(len(p) == 2 for p in parts[1:])
    )
    try:
        nums = [int(p) for p in parts] if ok else []
        first = date(nums[0], nums[1] if len(nums) > 1 else 1, nums[2] if len(nums) > 2 else 1)
    except (ValueError, IndexError):
        ok = False
    if not ok:
        raise UsageError(f"bad {name} date {value!r}; use YYYY-MM-DD, YYYY-MM or YYYY")
    if not end:
        return v
    if len(nums) == 1:
        return f"{nums[0] + 1:04d}"
    if len(nums) == 2:
        return f"{nums[0] + nums[1] // 12:04d}-{nums[1] % 12 + 1:02d}"
    return (first + timedelta(days=1)).isoformat()


def _where(
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    section: str | None = None,
    alias: str = "a",
) -> tuple[str, list[Any]]:
    """SQL condition (starting with ``WHERE``) and params for the common filters."""
    conds = [f"{alias}.status = 'analyzed'"] if section else []
    params: list[Any] = []
    if section:
        conds.append(f"{alias}.sections LIKE ?")
        params.append(f"%,{section},%")
    if outlet:
        conds.append(f"{alias}.outlet = ?")
        params.append(outlet)
    s = _norm_date(since, "since")
    u = _norm_date(until, "until", end=True)
    if s:
        conds.append(f"{alias}.published >= ?")
        params.append(s)
    if u:
        conds.append(f"{alias}.published < ?")
        params.append(u)
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def _label_col(by: str) -> str:
    if by not in ("technique", "category"):
        raise UsageError(f"bad grouping {by!r}; use technique or category")
    return "t.technique" if by == "technique" else "t.category"


def _period_expr(store: Store, period: str, col: str = "a.published") -> str:
    if period == "month":
        return f"substr({col}, 1, 7)"
    if period == "year":
        return f"substr({col}, 1, 4)"
    if period == "week":
        if store.dialect == "sqlite":  # iso_week() is registered by SQLiteStore
            return f"iso_week(substr({col}, 1, 10))"
        return f"to_char(to_date(substr({col}, 1, 10), 'YYYY-MM-DD'), 'IYYY-\"W\"IW')"
    raise UsageError(f"bad period {period!r}; use month, week or year")


def _rate(num: Any, den: Any, scale: float = 1.0) -> float:
    """num/den (times scale), 4 decimals; 0 for an empty denominator. PostgreSQL
    sums come back as Decimal, hence the float()."""
    return round(float(num) * scale / float(den), 4) if den else 0.0


# -- queries ----------------------------------------------------------------
def technique_profile(
    store: Store,
    *,
    by: By = "technique",
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Which techniques each outlet uses, and how much.

    One row per (outlet, technique or category) that occurs:
    ``{"outlet", "technique"|"category", "articles": articles with at least
    one span, "outlet_articles": articles analysed for techniques,
    "share": articles / outlet_articles, "spans", "per_1000_words"}``,
    sorted by outlet then spans (most first). Articles without an outlet
    are grouped under ``""``.
    """
    label = _label_col(by)
    where, params = _where(outlet=outlet, since=since, until=until, section="techniques")
    totals = {
        r["outlet"]: r
        for r in store.fetchall(
            "SELECT a.outlet AS outlet, count(*) AS n, "
            f"coalesce(sum(a.words), 0) AS words FROM articles a {where} "
            "GROUP BY a.outlet",
            params,
        )
    }
    # span rows carry their article's outlet and date: no join needed
    twhere, tparams = _where(outlet=outlet, since=since, until=until, alias="t")
    rows = store.fetchall(
        f"SELECT t.outlet AS outlet, {label} AS label, "
        "count(DISTINCT t.article_pk) AS articles, count(*) AS spans "
        f"FROM techniques t {twhere} GROUP BY t.outlet, {label}",
        tparams,
    )
    out = []
    for r in rows:
        tot = totals.get(r["outlet"], {"n": 0, "words": 0})
        out.append({
            "outlet": r["outlet"],
            by: r["label"],
            "articles": int(r["articles"]),
            "outlet_articles": int(tot["n"]),
            "share": _rate(r["articles"], tot["n"]),
            "spans": int(r["spans"]),
            "per_1000_words": _rate(r["spans"], tot["words"], 1000.0),
        })
    out.sort(key=lambda d: (d["outlet"], -d["spans"], d[by]))
    return out


def technique_trend(
    store: Store,
    *,
    period: Period = "month",
    by: By = "technique",
    technique: str | None = None,
    by_outlet: bool = False,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Technique use over time.

    One row per (period[, outlet], technique or category):
    ``{"period": "2024-03" | "2024-W09" | "2024", "outlet": name or None
    (None unless ``by_outlet``), "technique"|"category", "articles",
    "period_articles": articles analysed for techniques in that period,
    "share", "spans", "per_1000_words"}``, sorted by period. Articles without
    a publication date are left out. ``technique`` restricts to one
    technique (or category, with ``by="category"``).
    """
    label = _label_col(by)
    pexpr = _period_expr(store, period)
    where, params = _where(outlet=outlet, since=since, until=until, section="techniques")
    where += (" AND " if where else "WHERE ") + "a.published IS NOT NULL"
    okey = "a.outlet" if by_outlet else "''"
    ogroup = f", {okey}" if by_outlet else ""  # PostgreSQL refuses GROUP BY ''
    totals = {
        (r["period"], r["outlet"]): r
        for r in store.fetchall(
            f"SELECT {pexpr} AS period, {okey} AS outlet, count(*) AS n, "
            f"coalesce(sum(a.words), 0) AS words FROM articles a {where} "
            f"GROUP BY {pexpr}{ogroup}",
            params,
        )
    }
    # techniques rows carry month and ISO week: grouping walks an index
    tpexpr = {"month": "t.month", "week": "t.week", "year": "substr(t.month, 1, 4)"}[period]
    twhere, tparams = _where(outlet=outlet, since=since, until=until, alias="t")
    twhere += (" AND " if twhere else "WHERE ") + "t.month IS NOT NULL"
    if technique:
        twhere += f" AND {label} = ?"
        tparams.append(technique)
    tokey = "t.outlet" if by_outlet else "''"
    togroup = ", t.outlet" if by_outlet else ""
    rows = store.fetchall(
        f"SELECT {tpexpr} AS period, {tokey} AS outlet, {label} AS label, "
        "count(DISTINCT t.article_pk) AS articles, count(*) AS spans "
        f"FROM techniques t {twhere} GROUP BY {tpexpr}{togroup}, {label}",
        tparams,
    )
    out = []
    for r in rows:
        tot = totals.get((r["period"], r["outlet"]), {"n": 0, "words": 0})
        out.append({
            "period": r["period"],
            "outlet": r["outlet"] if by_outlet else None,
            by: r["label"],
            "articles": int(r["articles"]),
            "period_articles": int(tot["n"]),
            "share": _rate(r["articles"], tot["n"]),
            "spans": int(r["spans"]),
            "per_1000_words": _rate(r["spans"], tot["words"], 1000.0),
        })
    out.sort(key=lambda d: (d["period"], d["outlet"] or "", -d["spans"], d[by]))
    return out


def actor_labels(
    store: Store,
    *,
    actor: str | None = None,
    evaluative_only: bool = False,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """How each outlet labels each actor ("regime", "freedom fighters", ...).

    One row per (actor, outlet, label, by): ``{"actor", "actor_type",
    "outlet", "label", "by": "writer"|"source", "count": mentions,
    "articles", "evaluative", "loaded"}``, most frequent first, at most
    ``limit`` rows. ``actor`` matches the canonical name case-insensitively.
    """
    where, params = _where(outlet=outlet, since=since, until=until, alias="l")
    conds = [where[len("WHERE "):]] if where else []
    if actor:
        conds.append("lower(l.actor) = lower(?)")
        params.append(actor)
    if evaluative_only:
        conds.append("l.evaluative = 1")
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    rows = store.fetchall(
        "SELECT l.actor AS actor, max(l.actor_type) AS actor_type, "
        "l.outlet AS outlet, l.label AS label, l.by_whom AS by_whom, "
        "sum(l.count) AS count, count(DISTINCT l.article_pk) AS articles, "
        "max(l.evaluative) AS evaluative, max(l.loaded) AS loaded "
        f"FROM actor_labels l {where} "
        "GROUP BY l.actor, l.outlet, l.label, l.by_whom "
        "ORDER BY count DESC, articles DESC, actor, outlet, label LIMIT ?",
        [*params, int(limit)],
    )
    return [
        {
            "actor": r["actor"],
            "actor_type": r["actor_type"],
            "outlet": r["outlet"],
            "label": r["label"],
            "by": r["by_whom"],
            "count": int(r["count"]),
            "articles": int(r["articles"]),
            "evaluative": bool(r["evaluative"]),
            "loaded": bool(r["loaded"]),
        }
        for r in rows
    ]


def anonymous_sourcing(
    store: Store,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """How much each outlet relies on anonymous sources.

    One row per outlet: ``{"outlet", "articles": analysed for attributions,
    "attributions", "anonymous": attributions whose source type is
    anonymous, "anonymous_share": anonymous / attributions,
    "articles_with_anonymous", "article_share"}``, sorted by outlet.
    """
    where, params = _where(outlet=outlet, since=since, until=until, section="attributions")
    # two single-table aggregates (attribution rows carry outlet and date)
    twhere, tparams = _where(outlet=outlet, since=since, until=until, alias="t")
    totals = store.fetchall(
        "SELECT a.outlet AS outlet, count(*) AS articles FROM articles a "
        f"{where} GROUP BY a.outlet ORDER BY outlet",
        params,
    )
    counts = {
        r["outlet"]: r
        for r in store.fetchall(
            "SELECT t.outlet AS outlet, count(*) AS n, "
            "coalesce(sum(t.anonymous), 0) AS anon, "
            "count(DISTINCT CASE WHEN t.anonymous = 1 THEN t.article_pk END) AS with_anon "
            f"FROM attributions t {twhere} GROUP BY t.outlet",
            tparams,
        )
    }
    out = []
    for r in totals:
        c = counts.get(r["outlet"], {"n": 0, "anon": 0, "with_anon": 0})
        out.append({
            "outlet": r["outlet"],
            "articles": int(r["articles"]),
            "attributions": int(c["n"]),
            "anonymous": int(c["anon"]),
            "anonymous_share": _rate(c["anon"], c["n"]),
            "articles_with_anonymous": int(c["with_anon"]),
            "article_share": _rate(c["with_anon"], r["articles"]),
        })
    return out


def top_sources(
    store: Store,
    *,
    source_type: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The named sources quoted most: ``{"source", "type", "count", "articles",
    "outlets"}``, most quoted first. ``source`` is the resolved entity name,
    else the source text as written; anonymous and unspecified sources are
    left out unless ``source_type`` asks for them."""
    where, params = _where(outlet=outlet, since=since, until=until, alias="t")
    where += " AND " if where else "WHERE "
    if source_type:
        where += "t.source_type = ?"
        params.append(source_type)
    else:
        where += "t.source_type NOT IN ('anonymous', 'unspecified')"
    name = "coalesce(t.source_entity, t.source_text)"
    rows = store.fetchall(
        f"SELECT {name} AS source, max(t.source_type) AS type, count(*) AS count, "
        "count(DISTINCT t.article_pk) AS articles, count(DISTINCT NULLIF(t.outlet, '')) AS outlets "
        f"FROM attributions t {where} "
        f"AND {name} IS NOT NULL GROUP BY {name} "
        "ORDER BY count DESC, source LIMIT ?",
        [*params, int(limit)],
    )
    return [
        {
            "source": r["source"],
            "type": r["type"],
            "count": int(r["count"]),
            "articles": int(r["articles"]),
            "outlets": int(r["outlets"]),
        }
        for r in rows
    ]


def search_articles(
    store: Store,
    *,
    text: str | None = None,
    technique: str | None = None,
    actor: str | None = None,
    source: str | None = None,
    source_type: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Find articles; every filter given must match.

    ``text``: full-text words (all must occur; SQLite FTS5 / PostgreSQL
    tsvector, English stemming); ``technique``: a technique or category
    name; ``actor``: an actor or entity name (case-insensitive);
    ``source``: a quoted source's entity name or text, case-insensitive
    substring; ``source_type``: articles quoting at least one source of
    that type (person, official, anonymous, ...). Returns ``{"total",
    "limit", "offset", "articles": [{"id", "title", "outlet", "published",
    "url", "words", "status", "techniques": span count, "attributions":
    count}]}``, newest first.
    """
    if limit < 0 or offset < 0:
        raise UsageError("limit and offset must be zero or more")
    where, params = _where(outlet=outlet, since=since, until=until)
    conds = [where[len("WHERE "):]] if where else []
    if status:
        conds.append("a.status = ?")
        params.append(status)
    if text and text.strip():
        cond, p = _text_condition(store, text)
        conds.append(cond)
        params.extend(p)
    if technique:
        col = "category" if technique in set(CATEGORY_OF.values()) else "technique"
        conds.append(f"a.pk IN (SELECT t.article_pk FROM techniques t WHERE t.{col} = ?)")
        params.append(technique)
    if actor:
        conds.append("(a.pk IN (SELECT l.article_pk FROM actor_labels l WHERE "
                     "lower(l.actor) = lower(?)) OR a.pk IN (SELECT e.article_pk FROM entities e "
                     "WHERE lower(e.name) = lower(?)))")
        params.extend([actor, actor])
    if source:
        conds.append("a.pk IN (SELECT t.article_pk FROM attributions t WHERE "
                     "lower(t.source_entity) LIKE ? OR lower(t.source_text) LIKE ?)")
        pat = "%" + source.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        params.extend([pat, pat])
    if source_type:
        conds.append("a.pk IN (SELECT t.article_pk FROM attributions t WHERE t.source_type = ?)")
        params.append(source_type)
    cond = ("WHERE " + " AND ".join(conds)) if conds else ""
    total = store.fetchall(f"SELECT count(*) AS n FROM articles a {cond}", params)[0]["n"]
    rows = store.fetchall(
        "SELECT a.id, a.title, a.outlet, a.published, a.url, a.words, a.status, "
        "(SELECT count(*) FROM techniques t WHERE t.article_pk = a.pk) AS techniques, "
        "(SELECT count(*) FROM attributions t WHERE t.article_pk = a.pk) AS attributions "
        f"FROM articles a {cond} "
        "ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.pk DESC "
        "LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    )
    return {
        "total": int(total),
        "limit": limit,
        "offset": offset,
        "articles": [
            {
                "id": r["id"],
                "title": r["title"],
                "outlet": r["outlet"] or None,
                "published": r["published"],
                "url": r["url"],
                "words": int(r["words"]),
                "status": r["status"],
                "techniques": int(r["techniques"]),
                "attributions": int(r["attributions"]),
            }
            for r in rows
        ],
    }


def _text_condition(store: Store, text: str) -> tuple[str, list[Any]]:
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    if not words:
        raise UsageError(f"search text {text!r} has no words to search for")
    if store.dialect == "sqlite":
        # quoted terms: user text can never be read as FTS5 syntax
        match = " ".join('"' + w + '"' for w in words)
        return "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [match]
    return ("a.pk IN (SELECT pk FROM article_bodies WHERE tsv @@ plainto_tsquery('english', ?))",
            [" ".join(words)])


def outlets(store: Store) -> list[dict[str, Any]]:
    """Every outlet: ``{"outlet", "articles", "analyzed", "words",
    "first_published", "last_published"}``, most articles first."""
    rows = store.fetchall(
        "SELECT outlet, count(*) AS articles, "
        "sum(CASE WHEN status = 'analyzed' THEN 1 ELSE 0 END) AS analyzed, "
        "coalesce(sum(words), 0) AS words, min(published) AS first_published, "
        "max(published) AS last_published FROM articles "
        "GROUP BY outlet ORDER BY articles DESC, outlet"
    )
    return [
        {
            "outlet": r["outlet"],
            "articles": int(r["articles"]),
            "analyzed": int(r["analyzed"] or 0),
            "words": int(r["words"]),
            "first_published": r["first_published"],
            "last_published": r["last_published"],
        }
        for r in rows
    ]


def overview(store: Store) -> dict[str, Any]:
    """Corpus totals for a dashboard header: :meth:`Store.stats`."""
    return store.stats()


def failures(store: Store, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Inputs that could not be read or analysed: ``{"source", "stage", "reason",
    "attempts", "time"}``, newest first (:meth:`Store.failures`)."""
    return store.failures(limit=limit, offset=offset)


# -- registry for `presslens query NAME` ---------------------------------------
@dataclass(frozen=True)
class QuerySpec:
    """A query the CLI can run: its function and which options it takes."""

    name: str
    func: Callable[..., Any]
    description: str
    options: tuple[str, ...]


QUERIES: dict[str, QuerySpec] = {
    q.name: q
    for q in (
        QuerySpec("profile", technique_profile, "technique profile per outlet",
                  ("by", "outlet", "since", "until")),
        QuerySpec("trend", technique_trend, "technique use per month/week/year",
                  ("period", "by", "technique", "by_outlet", "outlet", "since", "until")),
        QuerySpec("labels", actor_labels, "how each outlet labels each actor",
                  ("actor", "evaluative_only", "outlet", "since", "until", "limit")),
        QuerySpec("anonymous", anonymous_sourcing, "anonymous-sourcing share per outlet",
                  ("outlet", "since", "until")),
        QuerySpec("sources", top_sources, "most quoted sources",
                  ("source_type", "outlet", "since", "until", "limit")),
        QuerySpec("search", search_articles, "find articles by text/technique/actor/source",
                  ("text", "technique", "actor", "source", "outlet", "since", "until",
                   "status", "limit", "offset")),
        QuerySpec("outlets", outlets, "outlets and their article counts", ()),
        QuerySpec("overview", overview, "corpus totals", ()),
        QuerySpec("failures", failures, "inputs that failed, and why", ("limit", "offset")),
    )
}
