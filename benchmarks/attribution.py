"""Attribution speed and memory: articles/s and peak RSS, spaCy parse included.

Runs ``parse`` + ``attributions`` (the spaCy parse is the bulk of the time
and is included) over PolNeAR dev texts, or over the ``.txt`` files of a
folder given with ``--texts``, limited to ``--threads`` CPU threads (2 by
default, the reference machine). Prints the median of ``--repeats`` runs.

    PYTHONPATH=src python benchmarks/attribution.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="research data folder (PolNeAR dev texts are used)")
    ap.add_argument("--texts", help="a folder of .txt articles instead")
    ap.add_argument("--limit", type=int, default=40, help="articles per run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    from presslens.article import Article
    from presslens.pipeline import Pipeline

    if args.texts:
        paths = sorted(Path(args.texts).glob("*.txt"))[: args.limit]
        texts = [p.read_text(encoding="utf-8") for p in paths]
    else:
        from presslens.attribution.polnear import load_split

        texts = [d.text for d in load_split("dev", args.data, limit=args.limit)]
    if not texts:
        print("no articles found", file=sys.stderr)
        return 1
    pipeline = Pipeline.from_names(["parse", "attributions"])
    pipeline(Article(id="warmup", text=texts[0]))  # load models outside the timing
    rates = []
    for _ in range(args.repeats):
        articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        outcomes = list(pipeline.pipe(articles, batch_size=16))
        assert all(o.ok for o in outcomes)
        rates.append(len(articles) / (time.perf_counter() - t0))
    from presslens.attribution.extract import extract
    from presslens.nlp import load_spacy

    t0 = time.perf_counter()
    docs = list(load_spacy().pipe(texts, batch_size=16))
    parse_rate = len(docs) / (time.perf_counter() - t0)
    own = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for doc in docs:
            extract(doc)
        own.append(len(docs) / (time.perf_counter() - t0))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"articles: {len(texts)} (mean {chars:.0f} characters), threads: {args.threads}")
    print(f"parse+attributions: median {statistics.median(rates):.1f} articles/s "
          f"over {args.repeats} runs (spaCy parse included)")
    print(f"spaCy parse alone: {parse_rate:.1f} articles/s; attribution rules + filter alone "
          f"(parse given): median {statistics.median(own):.1f} articles/s")
    print(f"load average while running: {os.getloadavg()[0]:.1f}")
    print(f"peak RSS: {rss_mb:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
