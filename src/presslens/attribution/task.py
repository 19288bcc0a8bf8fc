"""``presslens train|evaluate attribution``: fit the candidate filter, score on PolNeAR.

``train`` fits the filter on PolNeAR *train* only and writes it where the
analyzer loads it from (``presslens/models/attribution/filter.json``) unless
``--out`` says otherwise; ``evaluate`` scores rules + filter on a split
(dev by default).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..registry import Task, task

__all__ = ["DEFAULT_FILTER_PATH", "TASK"]

DEFAULT_FILTER_PATH = Path(__file__).resolve().parents[1] / "models/attribution/filter.json"


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--data", metavar="DIR",
                        help="research data folder (default: $PRESSLENS_DATA or ../shared/data)")
    if verb == "train":
        parser.add_argument("--out", metavar="PATH",
                            help="where to write the filter (default: the packaged one)")
        parser.add_argument("--cache", metavar="PATH",
                            help="spaCy DocBin cache of the parsed train articles")
        parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
        return
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"),
                        help="PolNeAR split to score (default: dev)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    parser.add_argument("--rules-only", action="store_true",
                        help="score the rules without the trained filter")
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

    result = evaluate_split(args.split, args.data, limit=args.limit, rules_only=args.rules_only)
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        sys.stdout.write(format_scores(result) + "\n")
    return 0


def train(args: argparse.Namespace) -> int:
    from .train import train as fit

    out = Path(args.out) if args.out else DEFAULT_FILTER_PATH
    model = fit("train", args.data, out=out, cache=args.cache, limit=args.limit)
    sys.stdout.write(
        f"wrote {out}: {len(model.weights)} weights, {len(model.lemmas)} cue lemmas, "
        f"threshold {model.threshold:.2f}, cross-validated F1@0.3 on train "
        f"{model.meta.get('cv_f1_at_0.3')}, "
        f"source accuracy {model.meta.get('cv_source_accuracy')}\n"
    )
    return 0


TASK = task(
    Task(
        name="attribution",
        description="attribution extraction (content, cue, source) scored on PolNeAR",
        add_arguments=add_arguments,
        train=train,
        evaluate=evaluate,
    )
)
