"""Speed of two technique-model folders, measured in alternating processes: the median ratio.

    PYTHONPATH=src python benchmarks/techniques_compare.py --candidate DIR [--baseline DIR]
        [--rounds 3] [--threads 2 1] [--articles 30] [--words 600] [--repeat 3]

On a shared 2-core machine a single articles/s figure moves by 30 % or more
with the load other jobs put on it, so two models timed minutes apart cannot
be compared. Here each round runs ``benchmarks/techniques.py`` (its own
process: same synthetic articles, median of ``--repeat`` passes) on the
baseline (default: the shipped model), then on the candidate, and the rounds
alternate; the speed-up is the median over rounds of candidate / baseline
articles/s, per thread count. A candidate is worth shipping for speed only
when that median clears the noise by a margin (docs/techniques.md asks for
>= 1.25x on 2 threads).
"""

from __future__ import annotations

import argparse
import os
import statistics

from techniques import child_run  # benchmarks/techniques.py: this script's own folder


def articles_per_s(model: str | None, threads: int, args: argparse.Namespace) -> float:
    """One child run of benchmarks/techniques.py; its articles/s."""
    result = child_run(threads, args.articles, args.words, args.repeat, model)
    return float(result["articles_per_s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidate", required=True, help="model folder to compare")
    parser.add_argument("--baseline", default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="*", default=[2, 1])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for threads in args.threads:
        ratios = []
        for r in range(1, args.rounds + 1):
            base = articles_per_s(args.baseline, threads, args)
            cand = articles_per_s(args.candidate, threads, args)
            ratios.append(cand / base)
            print(
                f"threads={threads} round {r}: baseline {base:.2f}, candidate {cand:.2f} "
                f"articles/s, ratio {cand / base:.2f} (load average {os.getloadavg()[0]:.1f} "
                f"on {os.cpu_count()} CPUs)",
                flush=True,
            )
        print(
            f"threads={threads}: candidate/baseline median {statistics.median(ratios):.2f}x "
            f"over {args.rounds} alternations ({', '.join(f'{x:.2f}' for x in ratios)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
