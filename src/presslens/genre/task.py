"""``presslens train genre|frames`` and ``presslens evaluate genre|frames``.

Both tasks share one model folder (one vectorizer, two heads), so training
either writes both; ``evaluate`` runs 5-fold cross-validation of the chosen
head on the SemEval-2023 English labels and prints pooled out-of-fold scores.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..registry import Task, task

__all__ = ["evaluate_frames", "evaluate_genre", "train_model"]

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--data", metavar="DIR",
                        help="folder holding semeval2023-en/ (default: $PRESSLENS_DATA or "
                             "../shared/data)")
    parser.add_argument("--max-features", type=int, default=20000,
                        help="TF-IDF vocabulary size (default 20000)")
    parser.add_argument("--c", type=float, default=None,
                        help="inverse L2 regularisation of the logistic regressions (default 10)")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="only the first N labelled articles (quick checks)")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="shuffle of the cross-validation folds (default 13, the seed of "
                             "the published scores); scores vary by a few points between seeds")
    parser.add_argument("--no-wire", action="store_true",
                        help="leave out the wire-service articles of polnear/train that the "
                             "genre head otherwise also learns 'reporting' from")
    if verb == "train":
        parser.add_argument("--out", metavar="DIR", required=True,
                            help="model folder to write (features.npz, genre.npz, frames.npz, "
                                 "manifest.json)")
        parser.add_argument("--cv", action="store_true",
                            help="also cross-validate and record the scores in the manifest")
    else:
        parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def _data(args: argparse.Namespace) -> Any:
    from .train import load_labelled

    data = load_labelled(getattr(args, "data", None))
    if getattr(args, "limit", 0):
        n = args.limit
        data.ids, data.texts = data.ids[:n], data.texts[:n]
        data.genre, data.frames = data.genre[:n], data.frames[:n]
    return data


def _wire(args: argparse.Namespace) -> list[str]:
    from .train import load_wire

    if args.no_wire:
        return []
    wire = load_wire(getattr(args, "data", None))
    if not wire:
        log.warning("no polnear/ data set beside semeval2023-en/: genre learns 'reporting' "
                    "from the SemEval labels alone")
    return wire


def train_model(args: argparse.Namespace) -> int:
    """Train both heads on every labelled article and write the model folder."""
    from .train import SEED, cross_validate_frames, cross_validate_genre, train_all

    data = _data(args)
    c = args.c if args.c is not None else 10.0
    seed = args.seed if args.seed is not None else SEED
    wire = _wire(args)
    extra: dict[str, Any] = {}
    if args.cv:
        extra["cv"] = {
            "genre": cross_validate_genre(data, c=c, max_features=args.max_features, seed=seed,
                                          wire=wire),
            "frames": cross_validate_frames(data, c=c, max_features=args.max_features,
                                            seed=seed, wire=wire),
        }
    out = train_all(data, Path(args.out), c_genre=c, c_frames=c,
                    max_features=args.max_features, wire=wire, extra=extra)
    print(f"wrote {out} (trained on {len(data.ids)} articles and {len(wire)} wire articles)")
    return 0


def _print(title: str, result: dict[str, Any], per: str, head: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 110)
    console.print(f"[bold]{title}[/bold]: {result['folds']}-fold cross-validation, "
                  f"{result['articles']} SemEval-2023 English articles (pooled out-of-fold, "
                  f"seed {result['seed']})")
    for label, key in head:
        console.print(f"  {label}: {result[key]:.3f}")
    table = Table(title_justify="left")
    for col in ("label", "P", "R", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for name, v in sorted(result[per].items(), key=lambda kv: -kv[1]["support"]):
        table.add_row(name, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                      str(v["support"]))
    console.print(table)


def _evaluate(args: argparse.Namespace, which: str) -> int:
    from .train import SEED, cross_validate_frames, cross_validate_genre

    if args.folds < 2:
        raise UsageError(f"--folds must be 2 or more, got {args.folds}")
    data = _data(args)
    c = args.c if args.c is not None else 10.0
    seed = args.seed if args.seed is not None else SEED
    wire = _wire(args)
    if which == "genre":
        result = cross_validate_genre(data, k=args.folds, c=c, max_features=args.max_features,
                                      seed=seed, wire=wire)
    else:
        result = cross_validate_frames(data, k=args.folds, c=c, max_features=args.max_features,
                                       seed=seed, wire=wire)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True) + "\n")
    elif which == "genre":
        _print("Genre", result, "per_class", [("macro-F1", "macro_f1"), ("accuracy", "accuracy")])
        if wire:
            print(f"  wire-service articles (PolNeAR train, out of fold) called reporting: "
                  f"{result['wire_reporting']:.3f} of {result['wire_articles']}")
    else:
        _print("Frames", result, "per_frame", [("micro-F1", "micro_f1"),
                                               ("micro-P", "micro_precision"),
                                               ("micro-R", "micro_recall"),
                                               ("macro-F1", "macro_f1")])
    return 0


def evaluate_genre(args: argparse.Namespace) -> int:
    return _evaluate(args, "genre")


def evaluate_frames(args: argparse.Namespace) -> int:
    return _evaluate(args, "frames")


task(Task("genre", "article genre: opinion, reporting or satire (SemEval-2023 subtask 1)",
          add_arguments, train_model, evaluate_genre))
task(Task("frames", "article frames, 14 multi-label (SemEval-2023 subtask 2)",
          add_arguments, train_model, evaluate_frames))
