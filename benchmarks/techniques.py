"""Speed and memory of the technique model: articles/s and tokens/s with 1 and 2 threads.

    PYTHONPATH=src python benchmarks/techniques.py [--articles 100] [--words 600] [--repeat 3]
        [--threads 1 2] [--model DIR] [--batch-size 1]

Each thread count runs in its own process (so peak RSS is that configuration's
alone) over the same synthetic articles: sentences of ~600 words assembled
from a fixed word list with a fixed seed, some of them loaded ("corrupt",
"evil", "disaster") so decoding has spans to produce. Prints the median of
``--repeat`` timed passes after one warm-up article.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

_PROSE = (
    "the council said on monday that the new budget would cut spending on roads and schools "
    "while officials in the capital warned of delays as residents gathered outside the town "
    "hall to protest against what they called a corrupt and evil plan that will bring disaster "
    "to every family according to a statement from the mayor who promised an inquiry next week"
)
WORDS = tuple(_PROSE.split(" "))


def synthetic_articles(n: int, words: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sentences, count = [], 0
        while count < words:
            k = rng.randint(8, 24)
            s = " ".join(rng.choice(WORDS) for _ in range(k))
            sentences.append(s[0].upper() + s[1:] + ".")
            count += k
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        out.append("\n".join(paragraphs))
    return out


def run_one(
    threads: int, n: int, words: int, repeat: int, model_dir: str | None, batch_size: int
) -> dict[str, float]:
    from presslens.techniques.model import TechniqueModel

    texts = synthetic_articles(n, words)
    t0 = time.perf_counter()
    model = TechniqueModel.load(model_dir, threads=threads)
    load_s = time.perf_counter() - t0
    if batch_size > 1:
        # experiment only: batched windows of a quantised model are not bit-identical
        # to one window at a time (activation scales span the batch)
        model.quantized = False
    tokens = sum(len(model.tokenizer.encode(t, add_special_tokens=False).ids) for t in texts)
    model.predict(texts[0])  # warm-up
    times, spans = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        found = model.predict_many(texts, batch_size=max(1, batch_size))
        times.append(time.perf_counter() - t0)
        spans = sum(len(f) for f in found)
    med = statistics.median(times)
    return {
        "threads": threads,
        "articles": n,
        "tokens": tokens,
        "load_s": round(load_s, 2),
        "median_s": round(med, 2),
        "articles_per_s": round(n / med, 2),
        "tokens_per_s": round(tokens / med),
        "spans": spans,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


def child_run(threads: int, articles: int, words: int, repeat: int, model: str | None,
              batch_size: int = 1) -> dict[str, Any]:
    """Run this benchmark in a fresh process (its own thread count) and return its result."""
    cmd = [
        sys.executable, __file__, "--child", "--threads", str(threads), "--articles", str(articles),
        "--words", str(words), "--repeat", str(repeat), "--batch-size", str(batch_size),
        *(["--model", model] if model else []),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=1,
        help="windows per ONNX call (>1: experiment, see run_one)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_one(
            args.threads[0], args.articles, args.words, args.repeat, args.model, args.batch_size
        )
        print(json.dumps(result))
        return 0
    for t in args.threads:
        r = child_run(t, args.articles, args.words, args.repeat, args.model, args.batch_size)
        print(
            f"threads={r['threads']}: {r['articles_per_s']} articles/s, "
            f"{r['tokens_per_s']} tokens/s (median of {args.repeat}, {r['articles']} articles, "
            f"{r['tokens']} tokens, {args.batch_size} window(s) per call), "
            f"model load {r['load_s']} s, peak RSS {r['peak_rss_mb']} MB, "
            f"system load average {r['load_avg_1min']} on {os.cpu_count()} CPUs"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
