"""Corpus store benchmark: ingest rate and dashboard query latency.

Builds a synthetic corpus of pre-analysed articles (made-up texts and
technique / attribution / actor / entity records, no models run), stores
it with ``Store.add_many`` in batches like ``presslens ingest`` does, then
times each dashboard query.

    PYTHONPATH=src python benchmarks/store.py --n 100000            # SQLite (temp file)
    PYTHONPATH=src python benchmarks/store.py --n 100000 --pg postgresql://...
    PYTHONPATH=src python benchmarks/store.py --n 2000 --repeat 3   # quick run

Prints articles/s for the ingest and the median milliseconds of each query.
With ``--pg`` the benchmark creates (and afterwards drops) its own schema.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from presslens import Article
from presslens.store import ArticleRecord, Store, open_store
from presslens.store import queries as q
from presslens.techniques.taxonomy import CATEGORY_OF, SEMEVAL2023

_VOCABULARY = (
    "the minister said council vote budget police report city people government week "
    "officials told reporters plan support health school water road price market energy "
    "war peace crisis deal talks border trade union strike court judge law rights claim "
    "evidence protest crowd election party leader campaign promise tax cost growth bank"
)
WORDS = _VOCABULARY.split()
OUTLETS = [f"Outlet {i:02d}" for i in range(20)]
ACTORS = [("Government", "organisation"), ("Opposition", "group"), ("Maria Lopez", "person"),
          ("John Carter", "person"), ("Harbour Authority", "organisation")]
LABELS = [("regime", True, True), ("leader", False, False), ("corrupt elite", True, True),
          ("reformer", True, False), ("spokesman", False, False)]
SOURCE_TYPES = ["person", "official", "organisation", "media", "document", "anonymous",
                "unspecified"]
TECHNIQUE_WEIGHTS = [8 if t in ("Loaded_Language", "Name_Calling-Labeling", "Doubt") else 1
                     for t in SEMEVAL2023]


def synthetic(i: int, rng: random.Random, words: int) -> dict[str, Any]:
    """One made-up analysed article as ``Article.to_dict()``."""
    text = " ".join(rng.choice(WORDS) for _ in range(words)) + f" (story {i})."
    month = rng.randrange(24)
    art = Article(
        id=f"s{i}", text=text,
        meta={"outlet": rng.choice(OUTLETS), "title": f"Story {i}",
              "url": f"https://news.example/{i}",
              "published": f"{2023 + month // 12}-{month % 12 + 1:02d}-{rng.randrange(1, 29):02d}"},
    )
    n = len(text)

    def span() -> tuple[int, int]:
        s = rng.randrange(0, n - 40)
        return s, s + rng.randrange(5, 40)

    techniques = []
    for tech in rng.choices(SEMEVAL2023, TECHNIQUE_WEIGHTS, k=rng.randrange(0, 7)):
        s, e = span()
        techniques.append(art.span(s, e, tech, rng.random(), category=CATEGORY_OF[tech]))
    art.add_layer("techniques", "synthetic", techniques)
    attributions = []
    for _ in range(rng.randrange(0, 6)):
        s, e = span()
        stype = rng.choice(SOURCE_TYPES)
        entity = rng.choice(ACTORS)[0] if stype in ("person", "organisation") else None
        attributions.append(art.span(s, e, rng.choice(["direct", "indirect", "according_to"]),
                                     rng.random(), source=art.ref(s, s + 4, type=stype,
                                                                  entity=entity),
                                     cue=None, content=[art.ref(s, e)], via=None))
    art.add_layer("attributions", "synthetic", attributions)
    entities = []
    for _name, etype in rng.sample(ACTORS, rng.randrange(0, 4)):
        s, e = span()
        entities.append(art.span(s, e, "person" if etype == "person" else etype, 1.0, ner="X"))
    art.add_layer("entities", "synthetic", entities)
    actors = []
    for k, (name, atype) in enumerate(rng.sample(ACTORS, rng.randrange(0, 3))):
        labels = [{"label": lab, "count": rng.randrange(1, 3), "evaluative": ev, "loaded": lo,
                   "by": rng.choice(["writer", "source"]), "source": None, "mentions": []}
                  for lab, ev, lo in rng.sample(LABELS, rng.randrange(1, 3))]
        actors.append({"id": f"a{k}", "name": name, "type": atype, "mentions": [],
                       "labels": labels})
    art.results["actors"] = actors
    art.models["techniques"] = {"name": "synthetic", "version": "1"}
    return art.to_dict()


def records(n: int, words: int, seed: int = 1) -> Iterator[ArticleRecord]:
    rng = random.Random(seed)
    for i in range(n):
        yield ArticleRecord(synthetic(i, rng, words), analyzers={"synthetic": "1"},
                            source=f"bench:{i}")


def bench_ingest(store: Store, n: int, words: int, batch: int) -> tuple[float, float]:
    """(articles/s counting only the store, articles/s including generating the dicts)."""
    in_store = 0.0
    start = time.perf_counter()
    pending: list[ArticleRecord] = []
    for rec in records(n, words):
        pending.append(rec)
        if len(pending) == batch:
            t = time.perf_counter()
            store.add_many(pending)
            in_store += time.perf_counter() - t
            pending = []
    if pending:
        t = time.perf_counter()
        store.add_many(pending)
        in_store += time.perf_counter() - t
    total = time.perf_counter() - start
    return n / in_store, n / total


def dashboard(store: Store) -> dict[str, Callable[[], Any]]:
    return {
        "overview": lambda: q.overview(store),
        "outlets": lambda: q.outlets(store),
        "profile (technique)": lambda: q.technique_profile(store),
        "profile (category)": lambda: q.technique_profile(store, by="category"),
        "profile (1 outlet, 1 year)": lambda: q.technique_profile(
            store, outlet="Outlet 03", since="2024-01-01", until="2024-12-31"),
        "trend (month)": lambda: q.technique_trend(store),
        "trend (week, by outlet, 1 technique)": lambda: q.technique_trend(
            store, period="week", by_outlet=True, technique="Doubt"),
        "actor labels": lambda: q.actor_labels(store),
        "actor labels (1 actor)": lambda: q.actor_labels(store, actor="Government"),
        "anonymous sourcing": lambda: q.anonymous_sourcing(store),
        "top sources": lambda: q.top_sources(store),
        "search text": lambda: q.search_articles(store, text="strike border"),
        "search technique": lambda: q.search_articles(store, technique="Slogans"),
        "search actor + outlet": lambda: q.search_articles(
            store, actor="Maria Lopez", outlet="Outlet 07"),
        "search page 100": lambda: q.search_articles(store, offset=5000, limit=50),
        "get article": lambda: store.get_article("s12345" if store.count_articles() > 12345
                                                 else "s1"),
    }


def bench_queries(store: Store, repeat: int) -> dict[str, float]:
    out = {}
    for name, fn in dashboard(store).items():
        fn()  # warm caches once, as a dashboard would
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


def run(label: str, url: str, args: argparse.Namespace) -> None:
    print(f"\n== {label}: {args.n} articles of ~{args.words} words, batches of {args.batch}")
    with open_store(url) as store:
        rate, rate_all = bench_ingest(store, args.n, args.words, args.batch)
        print(f"ingest: {rate:,.0f} articles/s in the store "
              f"({rate_all:,.0f}/s including building the synthetic dicts)")
        t = time.perf_counter()
        store.optimize()
        print(f"optimize (ANALYZE): {time.perf_counter() - t:.1f} s")
        stats = store.stats()
        assert stats["articles"] == args.n, stats
        for name, ms in bench_queries(store, args.repeat).items():
            print(f"  {name:<40} {ms:9.1f} ms (median of {args.repeat})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument("--words", type=int, default=250, help="words per article")
    parser.add_argument("--batch", type=int, default=16, help="articles per transaction")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--pg", default=os.environ.get("PRESSLENS_TEST_PG"),
                        help="PostgreSQL DSN (default env PRESSLENS_TEST_PG; none: skip)")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            run("SQLite", str(Path(tmp) / "bench.db"), args)
    if args.only != "sqlite":
        if not args.pg:
            print("\n(PostgreSQL skipped: pass --pg DSN or set PRESSLENS_TEST_PG)")
            return 0
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in args.pg else "?"
            run("PostgreSQL", f"{args.pg}{sep}options={quote(f'-csearch_path={schema}')}", args)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
