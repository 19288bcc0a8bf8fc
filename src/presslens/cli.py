"""The ``presslens`` command: parse arguments, call the library, print, exit.

Exit status: 0 everything succeeded, 1 some inputs or articles failed (each
reported on stderr with its id and reason), 2 usage error (bad option,
unknown layer or format). Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from rich.console import Console

from . import __version__
from .article import SECTIONS, Article
from .errors import PresslensError, UsageError
from .pipeline import Pipeline
from .readers import ReadFailure, iter_sources
from .registry import get_task, task_names
from .render import FORMATS, get_renderer

__all__ = ["main"]

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
err = Console(stderr=True, highlight=False)

#: Modules that add their own subcommands with ``register(subparsers)``.
COMMAND_MODULES = ("presslens.store.cli", "presslens.web.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 on usage errors too
        self.print_usage(sys.stderr)
        err.print(f"[red]error:[/red] {message}")
        raise SystemExit(EXIT_USAGE)


def _layers(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in SECTIONS]
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown layer {', '.join(bad)}; choose from {', '.join(SECTIONS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="presslens", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    a = sub.add_parser("analyze", help="analyse articles and print or write the results")
    a.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text/HTML/JSONL file, directory, URL, feed URL, or - for stdin")
    a.add_argument("--format", "-f", choices=FORMATS,
                   help="output format (default: text for one article, jsonl for several)")
    a.add_argument("-o", "--output", metavar="PATH",
                   help="write here instead of stdout (a directory for several HTML reports)")
    a.add_argument("--layers", type=_layers, metavar="L1,L2",
                   help=f"only these layers (default: all installed): {', '.join(SECTIONS)}")
    a.add_argument("--taxonomy", choices=("semeval2023", "ptc2020"), default="semeval2023",
                   help="technique labels: 23 SemEval-2023 or 14 SemEval-2020 (PTC) names")
    a.add_argument("--replace-errors", action="store_true",
                   help="decode invalid UTF-8 with U+FFFD instead of failing the file")
    a.add_argument("--batch-size", type=int, default=16, help="articles per model batch")
    a.set_defaults(func=cmd_analyze)

    for verb in ("train", "evaluate"):
        p = sub.add_parser(verb, help=f"{verb} a model ({', '.join(task_names())})")
        tasks = p.add_subparsers(dest="task", required=True, parser_class=_Parser)
        for name in task_names():
            t = get_task(name)
            if getattr(t, verb) is None:
                continue
            tp = tasks.add_parser(name, help=t.description)
            t.add_arguments(tp, verb)
            tp.set_defaults(func=getattr(t, verb))

    for module in COMMAND_MODULES:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except UsageError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return EXIT_USAGE
    except PresslensError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        err.print("[red]interrupted[/red]")
        return 130


def progress_bar(total: int | None = None) -> Any:
    """A rich progress bar on stderr, quiet when stderr is not a terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=False, disable=not err.is_terminal,
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    several = len(args.inputs) > 1 or any(
        Path(i).is_dir() or i.startswith(("http://", "https://")) for i in args.inputs
    )
    fmt = args.format or ("jsonl" if several else "text")
    render = get_renderer(fmt)
    config = {"techniques": {"taxonomy": args.taxonomy}}
    pipeline = Pipeline.for_sections(args.layers, config=config, on_error="record")
    failures = 0
    sections = tuple(args.layers) if args.layers else None

    def articles() -> Iterator[Article]:
        nonlocal failures
        for item in iter_sources(args.inputs, replace_errors=args.replace_errors):
            if isinstance(item, ReadFailure):
                failures += 1
                err.print(f"[red]failed[/red] {item.source}: {item.error}", soft_wrap=True)
            else:
                yield item

    out_dir = None
    if fmt == "html" and args.output and (several or Path(args.output).is_dir()):
        out_dir = Path(args.output)
        out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        out: IO[str] = sys.stdout
        if args.output and out_dir is None:
            out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        progress = stack.enter_context(progress_bar())
        task = progress.add_task("analysing", total=None)
        first = True
        if fmt == "json" and several:
            out.write("[\n")
        for outcome in pipeline.pipe(articles(), batch_size=args.batch_size):
            progress.advance(task)
            if not outcome.ok:
                failures += 1
                err.print(f"[red]failed[/red] {outcome.article.id}: {outcome.error}",
                          soft_wrap=True)
                continue
            data = outcome.article.to_dict(sections)
            if out_dir is not None:
                (out_dir / f"{outcome.article.id}.html").write_text(render(data), "utf-8")
                continue
            if fmt == "json" and several and not first:
                out.write(",\n")
            out.write(render(data))
            out.flush()
            first = False
        if fmt == "json" and several:
            out.write("]\n")
    return EXIT_FAILURES if failures else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
