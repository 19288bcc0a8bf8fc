"""``presslens ingest | reanalyze | query | export``: the corpus commands.

``presslens.cli`` imports this module and calls :func:`register`. Every
command takes ``--db URL`` (a SQLite file path, ``sqlite:///path`` or
``postgresql://...``; default env ``PRESSLENS_DB`` or ``presslens.db``).
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import sys
from contextlib import ExitStack
from typing import IO, Any

from ..cli import _layers, _positive
from ..errors import UsageError
from .base import DEFAULT_URL, STATUSES, open_store
from .export import EXPORT_FORMATS, export
from .ingest import IngestReport, ReanalyzeReport, ingest, read_url_list, reanalyze
from .queries import QUERIES

__all__ = ["register"]

EXIT_OK, EXIT_FAILURES = 0, 1


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", default=None,
                   help=f"database: a SQLite file, sqlite:///PATH or postgresql://... "
                        f"(default: env PRESSLENS_DB or {DEFAULT_URL})")


def register(sub: Any) -> None:
    """Add the corpus subcommands to the ``presslens`` argument parser."""
    p = sub.add_parser("ingest", help="read, analyse and store articles in a corpus database")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="text/HTML/JSONL file, directory, URL or feed URL")
    p.add_argument("--urls", metavar="FILE", action="append", default=[],
                   help="a text file of article URLs, one per line (# comments allowed); "
                        "URLs already stored are not fetched again")
    _add_db(p)
    p.add_argument("--layers", type=_layers, metavar="L1,L2",
                   help="only these sections (default: every installed analyzer)")
    p.add_argument("--no-analyze", action="store_true",
                   help="store text and metadata only (status pending; run reanalyze later)")
    p.add_argument("--batch-size", type=_positive, default=16,
                   help="articles analysed and committed together (default 16)")
    p.add_argument("--replace-errors", action="store_true",
                   help="decode invalid UTF-8 with U+FFFD instead of failing the file")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("reanalyze", help="run the current analyzers again over stored articles")
    _add_db(p)
    p.add_argument("--layers", type=_layers, metavar="L1,L2",
                   help="only these sections (default: every installed analyzer)")
    p.add_argument("--only-stale", action="store_true",
                   help="only pending/failed articles and those analysed by other "
                        "analyzer versions")
    p.add_argument("--batch-size", type=_positive, default=16)
    p.set_defaults(func=cmd_reanalyze)

    p = sub.add_parser("query", help="corpus statistics: " + ", ".join(QUERIES))
    p.add_argument("name", choices=sorted(QUERIES), metavar="NAME",
                   help="; ".join(f"{q.name}: {q.description}" for q in QUERIES.values()))
    _add_db(p)
    p.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table")
    p.add_argument("--outlet")
    p.add_argument("--since", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY (inclusive)")
    p.add_argument("--until", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY (inclusive)")
    p.add_argument("--by", choices=("technique", "category"), help="profile/trend grouping")
    p.add_argument("--period", choices=("month", "week", "year"), help="trend bucket")
    p.add_argument("--technique", help="trend/search: one technique or category")
    p.add_argument("--by-outlet", action="store_true", default=None,
                   help="trend: one series per outlet")
    p.add_argument("--actor", help="labels/search: actor name")
    p.add_argument("--evaluative-only", action="store_true", default=None,
                   help="labels: only evaluative labels")
    p.add_argument("--source", help="search: quoted source (substring)")
    p.add_argument("--source-type", help="sources: person, official, anonymous, ...")
    p.add_argument("--text", help="search: words that must all occur")
    p.add_argument("--status", choices=STATUSES, help="search: article status")
    p.add_argument("--limit", type=int)
    p.add_argument("--offset", type=int)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the stored corpus as CSV or JSONL (streamed)")
    _add_db(p)
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="PATH", required=True, help="file, or - for stdout")
    p.add_argument("--outlet")
    p.add_argument("--since", metavar="DATE")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--status", choices=STATUSES)
    p.set_defaults(func=cmd_export)


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..cli import err, progress_bar

    sources = list(args.sources)
    for path in args.urls:
        sources.extend(read_url_list(path))
    if not sources:
        raise UsageError("nothing to ingest; give files, folders, URLs or --urls FILE")
    with open_store(args.db) as store, progress_bar() as progress:
        task = progress.add_task("ingesting", total=None)

        def show(r: IngestReport) -> None:
            progress.update(task, completed=r.stored + r.duplicates + r.read_failures,
                            description=f"stored {r.stored}, duplicates {r.duplicates}, "
                                        f"failed {r.read_failures + r.analysis_failures}")

        report = ingest(store, sources, layers=args.layers, analyze=not args.no_analyze,
                        batch_size=args.batch_size, replace_errors=args.replace_errors,
                        on_progress=show)
        url = store.url
    err.print(
        f"{url}: stored {report.stored}, duplicates {report.duplicates}, "
        f"already stored URLs {report.skipped_urls}, read failures {report.read_failures}, "
        f"analysis failures {report.analysis_failures}",
        soft_wrap=True,
    )
    if report.read_failures or report.analysis_failures:
        err.print("see the reasons with: presslens query failures", soft_wrap=True)
        return EXIT_FAILURES
    return EXIT_OK


def cmd_reanalyze(args: argparse.Namespace) -> int:
    from ..cli import err, progress_bar

    with open_store(args.db) as store, progress_bar() as progress:
        task = progress.add_task("reanalysing", total=None)

        def show(r: ReanalyzeReport) -> None:
            progress.update(task, completed=r.reanalyzed + r.failed)

        report = reanalyze(store, layers=args.layers, only_stale=args.only_stale,
                           batch_size=args.batch_size, on_progress=show)
    err.print(
        f"checked {report.checked}, reanalysed {report.reanalyzed}, failed {report.failed}, "
        f"up to date {report.up_to_date}",
        soft_wrap=True,
    )
    return EXIT_FAILURES if report.failed else EXIT_OK


_QUERY_OPTIONS = ("by", "period", "technique", "by_outlet", "actor", "evaluative_only",
                  "source", "source_type", "text", "status", "limit", "offset", "outlet",
                  "since", "until")


def cmd_query(args: argparse.Namespace) -> int:
    spec = QUERIES[args.name]
    accepted = set(inspect.signature(spec.func).parameters) - {"store"}
    given = {k: getattr(args, k) for k in _QUERY_OPTIONS if getattr(args, k) is not None}
    bad = sorted(k for k in given if k not in accepted)
    if bad:
        opts = ", ".join("--" + k.replace("_", "-") for k in sorted(accepted)) or "none"
        raise UsageError(
            f"query {spec.name} does not take {', '.join('--' + b.replace('_', '-') for b in bad)}"
            f"; its options: {opts}"
        )
    with open_store(args.db) as store:
        result = spec.func(store, **given)
    write_result(result, args.format, sys.stdout)
    return EXIT_OK


def _rows(result: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Table rows of a query result, and a footer line (search totals)."""
    if isinstance(result, list):
        return result, None
    if isinstance(result, dict) and isinstance(result.get("articles"), list):
        shown = len(result["articles"])
        foot = f"{shown} of {result['total']} articles (offset {result['offset']})"
        return result["articles"], foot
    if isinstance(result, dict):
        return [{"key": k, "value": v} for k, v in result.items()], None
    raise UsageError(f"cannot tabulate a {type(result).__name__}")


def write_result(result: Any, fmt: str, out: IO[str]) -> None:
    """Print a query result as a table (rich), CSV or JSON."""
    if fmt == "json":
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    rows, foot = _rows(result)
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    wide = None if out.isatty() else 200  # files and pipes: do not squeeze to 80 columns
    console = Console(file=out, highlight=False, soft_wrap=False, width=wide)
    if not rows:
        console.print("no rows")
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
        console.print(table)
    if foot:
        console.print(foot)


def cmd_export(args: argparse.Namespace) -> int:
    from ..cli import err

    with open_store(args.db) as store, ExitStack() as stack:
        out: IO[str] = sys.stdout
        if args.output != "-":
            try:
                out = stack.enter_context(
                    open(args.output, "w", encoding="utf-8", newline="")
                )
            except OSError as exc:
                raise UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from exc
        n = export(store, out, args.format, outlet=args.outlet, since=args.since,
                   until=args.until, status=args.status)
    err.print(f"exported {n} articles as {args.format}", soft_wrap=True)
    return EXIT_OK
