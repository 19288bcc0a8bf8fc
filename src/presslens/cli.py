"""The ``presslens`` command: parse arguments, call the library, print, exit.

Exit status: 0 everything succeeded, 1 some inputs or articles failed (each
reported on stderr with its id and reason; the others are still written),
2 usage error (bad option, unknown layer or format, unusable output path,
layers that no installed analyzer produces). Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import os
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, cast

from rich.console import Console
from rich.markup import escape

from . import __version__
from .article import SECTIONS, Article
from .errors import PipelineError, PresslensError, UsageError
from .pipeline import Pipeline
from .readers import ReadFailure, iter_sources
from .registry import BUILTIN_TASKS, get_task, task_names
from .render import FORMATS, get_renderer

__all__ = ["EXIT_FAILURES", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
err = Console(stderr=True, highlight=False)

#: Modules that add their own subcommands with ``register(subparsers)``.
COMMAND_MODULES = ("presslens.store.cli", "presslens.web.cli")

EXIT_HELP = """\
exit status:
  0  every input was read and analysed
  1  some inputs or articles failed (each reported on stderr: id and reason);
     the others were still written
  2  usage error: bad option, unknown format or layer, a layer no installed
     analyzer produces, an output path that cannot be written
"""

ANALYZE_HELP = """\
examples:
  presslens analyze examples/state_media.txt
  presslens analyze examples/*.txt --layers entities -o out.jsonl
  presslens analyze article.html --format html -o report.html
  presslens analyze corpus/ --format html -o reports/      (one file per article)
  presslens analyze big.jsonl --layers none | head         (read and emit only)

""" + EXIT_HELP


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 on usage errors too
        self.print_usage(sys.stderr)
        err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
        raise SystemExit(EXIT_USAGE)


def _layers(value: str) -> list[str]:
    """``--layers``: comma-separated section names, or ``none`` for no analyzers."""
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["none"]:
        return []
    if "none" in names:
        raise argparse.ArgumentTypeError("'none' cannot be combined with other layers")
    bad = [n for n in names if n not in SECTIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"unknown layer {', '.join(bad) or repr(value)}; choose from "
            f"{', '.join(SECTIONS)}, or none"
        )
    return names


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return n


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. ``command`` (the subcommand about to run, if known)
    lets ``analyze`` skip importing the train/evaluate task modules (torch...)."""
    parser = _Parser(prog="presslens",
                     description="Show how news articles persuade and where their claims "
                     "come from.",
                     epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    a = sub.add_parser("analyze", help="analyse articles and print or write the results",
                       description="Analyse articles and print or write the results.",
                       epilog=ANALYZE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="text/HTML/JSONL file, directory, URL, feed URL, or - for stdin")
    a.add_argument("--format", "-f", choices=FORMATS,
                   help="output format (default: text for one article, jsonl for several)")
    a.add_argument("-o", "--output", metavar="PATH",
                   help="write here instead of stdout (a directory for several HTML reports)")
    a.add_argument("--layers", type=_layers, metavar="L1,L2",
                   help=f"only these layers (default: all installed): {', '.join(SECTIONS)}; "
                        "'none' runs no analyzer (read and emit)")
    a.add_argument("--taxonomy", choices=("semeval2023", "ptc2020"), default="semeval2023",
                   help="technique labels: 23 SemEval-2023 or 14 SemEval-2020 (PTC) names")
    a.add_argument("--replace-errors", action="store_true",
                   help="decode invalid UTF-8 with U+FFFD instead of failing the file")
    a.add_argument("--max-bytes", type=_positive, default=10_000_000,
                   help="refuse files and pages larger than this (default 10 MB)")
    a.add_argument("--fetch-entries", action="store_true",
                   help="for feeds, fetch each entry's page instead of using its summary")
    a.add_argument("--batch-size", type=_positive, default=16,
                   help="articles per model batch (memory grows with it; default 16)")
    a.set_defaults(func=cmd_analyze)

    with_tasks = command in (None, "train", "evaluate")
    for verb in ("train", "evaluate"):
        names = task_names() if with_tasks else sorted(BUILTIN_TASKS)
        p = sub.add_parser(verb, help=f"{verb} a model ({', '.join(names)})")
        tasks = p.add_subparsers(dest="task", required=True, parser_class=_Parser)
        if not with_tasks:
            continue
        for name in names:
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


def _command_of(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors (2), --help and --version (0)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except (UsageError, PipelineError) as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        return EXIT_USAGE
    except PresslensError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        return EXIT_FAILURES
    except BrokenPipeError:  # `presslens analyze ... | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        err.print("[red]interrupted[/red]")
        return 130


def progress_bar(enabled: bool = True) -> Any:
    """A rich progress counter on stderr, quiet when stderr is not a terminal."""
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True,
        disable=not (enabled and err.is_terminal),
    )


def _report(what: str, reason: object) -> None:
    err.print(f"[red]failed[/red] {escape(what)}: {escape(str(reason))}", soft_wrap=True)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _html_name(article_id: str, taken: set[str]) -> str:
    """A file name for an article's report that cannot leave the output folder."""
    base = _UNSAFE.sub("_", article_id).strip("._")[:100] or "article"
    name, n = f"{base}.html", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}.html"
    taken.add(name)
    return name


def _several(inputs: Sequence[str]) -> bool:
    """Whether the inputs may hold more than one article (so: jsonl by default)."""
    return len(inputs) > 1 or any(
        Path(i).is_dir() or i.startswith(("http://", "https://"))
        or i.lower().endswith((".jsonl", ".ndjson"))
        for i in inputs
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    """Read, analyse and write articles one batch at a time (bounded memory)."""
    several = _several(args.inputs)
    fmt = args.format or ("jsonl" if several else "text")
    render = get_renderer(fmt)
    out_dir = None
    if fmt == "html" and several:
        if not args.output:
            raise UsageError(
                "--format html with several articles needs -o DIRECTORY "
                "(one self-contained report per article)"
            )
        out_dir = Path(args.output)
    elif fmt == "html" and args.output and Path(args.output).is_dir():
        out_dir = Path(args.output)
    config = {"techniques": {"taxonomy": args.taxonomy}}
    if args.layers == []:
        pipeline = Pipeline([], on_error="record")
    else:
        pipeline = Pipeline.for_sections(args.layers, config=config, on_error="record")
    failures = 0

    def articles() -> Iterator[Article]:
        nonlocal failures
        for item in iter_sources(args.inputs, replace_errors=args.replace_errors,
                                 max_bytes=args.max_bytes, fetch_entries=args.fetch_entries):
            if isinstance(item, ReadFailure):
                failures += 1
                err.print(f"[red]failed:[/red] {escape(str(item.error))}", soft_wrap=True)
            else:
                yield item

    with ExitStack() as stack:
        out: IO[str] = sys.stdout
        try:
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
            elif args.output:
                out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        except OSError as exc:
            raise UsageError(
                f"cannot write to {args.output!r}: {exc.strerror or exc}"
            ) from exc
        if fmt == "text":
            color = out.isatty() and "NO_COLOR" not in os.environ
            width = shutil.get_terminal_size().columns if color else 100
            render = functools.partial(cast(Any, render), color=color, width=width)
        # not while the results themselves scroll past on the same terminal
        progress = stack.enter_context(progress_bar(enabled=not out.isatty()))
        task = progress.add_task("analysing", total=None)
        taken: set[str] = set()
        written = 0
        if fmt == "json" and several:
            out.write("[\n")
        for outcome in pipeline.pipe(articles(), batch_size=args.batch_size):
            progress.advance(task)
            article = outcome.article
            if not outcome.ok:
                failures += 1
                _report(article.id, outcome.error)
                continue
            try:
                text = render(article.to_dict())
            except PresslensError as exc:
                if args.debug:
                    raise
                failures += 1
                _report(article.id, exc)
                continue
            article.cache.clear()
            if out_dir is not None:
                (out_dir / _html_name(article.id, taken)).write_text(text, "utf-8")
                continue
            if fmt == "json" and several:
                text = ("" if not written else ",\n") + text.rstrip("\n")
            elif fmt == "text" and written:
                text = "\n" + "─" * 40 + "\n\n" + text
            out.write(text)
            out.flush()
            written += 1
        if fmt == "json" and several:
            out.write("\n]\n")
    return EXIT_FAILURES if failures else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
