"""Whole-pipeline speed: every analyzer, the way ``presslens analyze DIR`` runs them.

Runs ``Pipeline.for_sections()`` (all six analyzers) through ``pipe`` in
batches of 16 over PTC-2020 dev articles read in place (or the ``.txt``
files of ``--texts``), and prints the median articles/s of ``--repeats``
passes, the load average while running and the peak RSS. The 2-core
reference machine is shared: quote the load with the figure.

    PYTHONPATH=src python benchmarks/pipeline.py --data ../shared/data
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
    ap.add_argument("--data", help="research data folder (PTC-2020 dev articles are used)")
    ap.add_argument("--texts", help="a folder of .txt articles instead")
    ap.add_argument("--limit", type=int, default=30, help="articles per pass")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    from presslens.article import Article
    from presslens.datapath import dataset_dir
    from presslens.pipeline import Pipeline

    folder = Path(args.texts) if args.texts else dataset_dir("ptc2020", args.data) / "dev-articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[: args.limit]]
    if not texts:
        print(f"no .txt articles in {folder}", file=sys.stderr)
        return 1
    pipeline = Pipeline.for_sections()
    list(pipeline.pipe([Article(id="w", text=t) for t in texts[:16]]))  # load models
    rates, loads = [], []
    for _ in range(args.repeats):
        articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        outcomes = list(pipeline.pipe(articles, batch_size=16))
        rates.append(len(articles) / (time.perf_counter() - t0))
        assert all(o.ok for o in outcomes)
        loads.append(os.getloadavg()[0])
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"analyzers: {', '.join(a.name for a in pipeline.analyzers)}")
    print(f"{len(texts)} articles (mean {words:.0f} words): median "
          f"{statistics.median(rates):.1f} articles/s over {args.repeats} passes "
          f"({', '.join(f'{r:.1f}' for r in rates)}); load {min(loads):.1f}-{max(loads):.1f}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process, parse workers not counted): {rss_mb:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
