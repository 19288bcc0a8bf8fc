"""``presslens evaluate attribution``: score the extractor on PolNeAR."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..registry import Task, task

__all__ = ["TASK"]


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--data", metavar="DIR",
                        help="research data folder (default: $PRESSLENS_DATA or ../shared/data)")
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"),
                        help="PolNeAR split to score (default: dev)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def format_scores(result: dict[str, Any]) -> str:
    lines = [f"PolNeAR {result.get('split', '?')}: {result['documents']} articles"]
    for subset, title in (("all", "all attributions"), ("direct", "direct quotes only")):
        lines.append(f"{title}:")
        lines.append("  match  gold  pred  matched  P      R      F1     source  cue")
        for key, s in result[subset].items():
            lines.append(
                f"  >={key}  {s['gold']:<5} {s['predicted']:<5} {s['matched']:<8} "
                f"{s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}  "
                f"{s['source_accuracy']:.3f}   {s['cue_accuracy']:.3f}"
            )
    return "\n".join(lines)


def evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_split

    result = evaluate_split(args.split, args.data, limit=args.limit)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        sys.stdout.write(format_scores(result) + "\n")
    return 0


TASK = task(
    Task(
        name="attribution",
        description="attribution extraction (content, cue, source) scored on PolNeAR",
        add_arguments=add_arguments,
        train=None,
        evaluate=evaluate,
    )
)
