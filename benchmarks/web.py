"""Web service timings: analyse one pasted article, render the corpus list and the dashboard.

    PYTHONPATH=src python benchmarks/web.py [--articles 1000] [--runs 15]

Builds a SQLite corpus of synthetic analysed articles (techniques, attributions,
actors built with ``Article.span`` on generated text) in a temporary folder,
then times requests through FastAPI's TestClient (in-process, no network) and
prints medians. The analyse timing uses whatever analyzers are installed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from presslens import Article
from presslens.store import ArticleRecord, open_store
from presslens.techniques.taxonomy import CATEGORY_OF, SEMEVAL2023
from presslens.web import create_app

SENTENCES = (
    "The minister said the new budget would protect families across the country.",
    "Critics called the plan a reckless gamble with public money.",
    "According to officials, the talks in Geneva ended without agreement.",
    "A source close to the negotiations said both sides were far apart.",
    "Opposition leaders warned that the economy faces its worst crisis in decades.",
    "Residents of the northern provinces described long queues at petrol stations.",
    "The agency reported that prices rose by four percent in March.",
    "Either parliament acts now or the country will pay for years to come.",
)
OUTLETS = ("Daily Planet", "Morning Star", "Evening Post", "The Courier", "Northern Echo")


def synthetic(i: int, rng: random.Random) -> dict[str, Any]:
    text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(15, 40)))
    a = Article(id=f"b{i}", text=text, meta={
        "title": f"Article {i}", "outlet": OUTLETS[i % len(OUTLETS)],
        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
    })
    spans = []
    for _ in range(rng.randint(0, 12)):
        start = rng.randrange(0, len(text) - 20)
        tech = rng.choice(SEMEVAL2023)
        spans.append(a.span(start, start + rng.randint(5, 20), tech, rng.random(),
                            category=CATEGORY_OF[tech]))
    a.add_layer("techniques", "bench", spans)
    attributions = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(0, len(text) - 60)
        stype = rng.choice(("official", "anonymous", "person", "media"))
        src = a.ref(start, start + 10, type=stype, entity=None)
        cue = a.ref(start + 11, start + 15)
        content = a.ref(start + 16, start + 60)
        attributions.append(a.span(start, start + 60, "indirect", 0.8, source=src, cue=cue,
                                   content=[content], via=None))
    a.add_layer("attributions", "bench", attributions)
    return a.to_dict()


def timed(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        with open_store(db) as store:
            batch = [ArticleRecord(data=synthetic(i, rng)) for i in range(args.articles)]
            for k in range(0, len(batch), 200):
                store.add_many(batch[k:k + 200])
        print(f"ingest {args.articles} synthetic articles: {time.perf_counter() - t:.1f} s")
        client = TestClient(create_app(db, ""), base_url="http://127.0.0.1")
        text = " ".join(SENTENCES * 8)  # about 100 sentences, 1000 words
        client.post("/api/analyze", json={"text": text})  # warm-up: loads the models
        html = {"accept": "text/html"}
        rows = {
            f"POST /api/analyze ({len(text.split())} words, "
            f"{', '.join(client.get('/api/info').json()['analyzers'])})":
                lambda: client.post("/api/analyze", json={"text": text}),
            "GET /api/articles (50 per page)": lambda: client.get("/api/articles"),
            "GET /api/articles?technique=Doubt": lambda: client.get(
                "/api/articles", params={"technique": "Doubt"}),
            "GET /articles (HTML list)": lambda: client.get("/articles", headers=html),
            "GET /articles/b1 (HTML article)": lambda: client.get("/articles/b1",
                                                                   headers=html),
            "GET /dashboard (7 queries + 3 SVG plots)": lambda: client.get(
                "/dashboard", headers=html),
            "GET /api/export/articles.jsonl (whole corpus)": lambda: client.get(
                "/api/export/articles.jsonl"),
        }
        for name, fn in rows.items():
            print(f"{name}: median {timed(fn, args.runs):.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
