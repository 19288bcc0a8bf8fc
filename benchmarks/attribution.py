"""Attribution speed and memory: articles/s and peak RSS, spaCy parse included.

Runs ``parse`` + ``attributions`` through ``Pipeline.pipe`` in batches of 16
(the path of ``presslens analyze`` on many files and ``presslens store
ingest``; the spaCy parse is the bulk of the time and is included) over
PolNeAR dev texts, or over the ``.txt`` files of a folder given with
``--texts``. Each run is done twice, alternating: with the default parse
(worker processes for a batch, see ``presslens.nlp.parse_texts``) and with
the parse kept in one process, so the two are measured under the same load.
Prints medians of ``--repeats`` runs, CPU seconds per article (this process
and its workers) and the load average, since the reference machine (2 cores)
is shared.

    PYTHONPATH=src taskset -c 0,1 python benchmarks/attribution.py --data ../shared/data

The kernel shares CPU time between sessions (autogroups): while other jobs
keep both cores busy, this benchmark gets one session's share however many
processes it runs. ``echo -10 > /proc/self/autogroup`` (root) in the shell
before starting it approximates the machine to itself (docs/attribution.md,
"Speed").
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def _cpu() -> float:
    """CPU seconds used so far by this process and its workers (live or finished)."""
    import multiprocessing

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for child in multiprocessing.active_children():
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="research data folder (PolNeAR dev texts are used)")
    ap.add_argument("--texts", help="a folder of .txt articles instead")
    ap.add_argument("--limit", type=int, default=48, help="articles per run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--processes", type=int, default=None,
                    help="worker processes of the default parse (default: the library's choice)")
    args = ap.parse_args()

    from presslens.article import Article
    from presslens.nlp import parse_processes, parse_texts
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
    processes = args.processes or parse_processes()
    setups = {
        f"parse in up to {processes} processes": Pipeline.from_names(
            ["parse", "attributions"], {"parse": {"processes": processes}}),
        "parse in one process": Pipeline.from_names(
            ["parse", "attributions"], {"parse": {"processes": 1}}),
    }
    for pipeline in setups.values():  # load models, fill caches outside the timing
        list(pipeline.pipe([Article(id=str(i), text=t) for i, t in enumerate(texts[:16])]))
    rates: dict[str, list[float]] = {name: [] for name in setups}
    cpu: dict[str, list[float]] = {name: [] for name in setups}
    loads = []
    for _ in range(args.repeats):
        for name, pipeline in setups.items():
            articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
            c0, t0 = _cpu(), time.perf_counter()
            outcomes = list(pipeline.pipe(articles, batch_size=16))
            wall = time.perf_counter() - t0
            assert all(o.ok for o in outcomes)
            rates[name].append(len(articles) / wall)
            cpu[name].append((_cpu() - c0) / len(articles))
            loads.append(os.getloadavg()[0])

    from presslens.attribution.extract import extract

    parse_rates, own = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        docs = parse_texts(texts, processes=1)
        parse_rates.append(len(docs) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for doc in docs:
            extract(doc)
        own.append(len(docs) / (time.perf_counter() - t0))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"articles: {len(texts)} (mean {chars:.0f} characters), "
          f"CPUs available: {len(os.sched_getaffinity(0))}")
    for name in setups:
        print(f"parse+attributions, {name}: median {statistics.median(rates[name]):.1f} "
              f"articles/s over {args.repeats} runs, "
              f"{1000 * statistics.median(cpu[name]):.0f} ms CPU/article")
    print(f"spaCy parse alone (one process): median {statistics.median(parse_rates):.1f} "
          f"articles/s; attribution rules + filter alone (parse given): "
          f"median {statistics.median(own):.1f} articles/s")
    print(f"load average (1 min) while running: {min(loads):.1f}-{max(loads):.1f}")
    print(f"peak RSS (this process): {rss_mb:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
