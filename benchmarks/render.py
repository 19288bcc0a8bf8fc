"""Median time to render one article in each output format.

Usage: PYTHONPATH=src python benchmarks/render.py [--repeat 20]

The article is examples/state_media.txt with synthetic technique spans (every
third word, plus a nested span every 10 words) and one attribution and claim
per sentence, so the segmenting and escaping paths are exercised; no model runs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from presslens import Article
from presslens.render import FORMATS, get_renderer
from presslens.techniques.taxonomy import CATEGORY_OF, SEMEVAL2023

ROOT = Path(__file__).resolve().parent.parent


def synthetic(copies: int) -> Article:
    text = (ROOT / "examples" / "state_media.txt").read_text("utf-8") * copies
    a = Article(id="bench", text=text)
    words = [m.span() for m in re.finditer(r"\S+", text)]
    spans = []
    for i in range(0, len(words), 3):
        technique = SEMEVAL2023[i % len(SEMEVAL2023)]
        spans.append(a.span(*words[i], technique, 0.7, category=CATEGORY_OF[technique]))
    for i in range(0, len(words) - 4, 10):
        spans.append(a.span(words[i][0], words[i + 4][1], "Loaded_Language", 0.6,
                            category="Manipulative wording"))
    a.add_layer("techniques", "bench", spans)
    attributions, claims = [], []
    for m in re.finditer(r"[^.!?]+[.!?]", text):
        s, e = m.span()
        attributions.append(a.span(s, e, "no_source", 0.5, source=None, cue=None,
                                   content=[a.ref(s, e)], via=None))
        claims.append(a.span(s, e, "claim", 0.5, kinds=["event"], quantities=[], dates=[],
                             attributed=False, attribution=None))
    a.add_layer("attributions", "bench", attributions)
    a.add_layer("claims", "bench", claims)
    return a


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    for copies in (1, 10):
        article = synthetic(copies)
        data = article.to_dict()
        n_spans = len(data["techniques"])
        for fmt in FORMATS:
            render = get_renderer(fmt)
            render(data)  # warm up (template compile, imports)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                render(data)
                times.append(time.perf_counter() - t0)
            print(f"{fmt:6s} {len(data['text']):7d} chars {n_spans:5d} technique spans: "
                  f"median {statistics.median(times) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
