"""Added cost of the ``actors`` and ``claims`` analyzers on top of the spaCy parse.

Generates ~50 synthetic news articles of ~600 words (seeded, written from
templates here: names, acronyms, descriptions, quotes, numbers, dates), runs
the ``parse`` analyzer on each, then ``actors`` and ``claims``, timing each
step per article. Prints medians (and 90th percentiles) in milliseconds.

    PYTHONPATH=src python benchmarks/layers.py [--articles 50] [--words 600] [--cores 2]
    PYTHONPATH=src python benchmarks/layers.py --real [--data DIR]   # ptc2020 dev articles

``--real`` times the 75 PTC-2020 dev articles instead (read in place from the
research data folder; nothing is copied).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

PEOPLE = ["Barack Obama", "Angela Merkel", "Ali Rezaei", "Maryam Rajavi", "John Kerry",
          "Emmanuel Macron", "Hassan Rouhani", "Sarah Collins"]
ORGS = [("Mujahedin-e-Khalk", "MKO"), ("People's Mojahedin Organization of Iran", "PMOI"),
        ("European Union", "EU"), ("International Atomic Energy Agency", "IAEA"),
        ("Amnesty International", None), ("National Council of Resistance", "NCRI")]
PLACES = ["Paris", "Tehran", "Baghdad", "Washington", "Albania", "Camp Ashraf", "Geneva"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TEMPLATES = [
    "The {org} ({acr}), a {adj} group, held a rally in {place} on {date}.",
    "The {adj} {acr} is a group recognized as terrorist by {place2}.",
    "{person} said the terror group had received ${money} million from foreign backers.",
    "\"They are {noun},\" {person} told reporters in {place}.",
    "According to {org2}, at least {num} people were killed in {year}, "
    "the highest number since {year2}.",
    "The group denied the report and said its members had been attacked.",
    "Prices rose by {pct}% in {month}, more than analysts had expected.",
    "{person} may visit {place} next week, officials said.",
    "Critics believe the talks should be abandoned.",
    "Will the {acr} survive without its sponsors?",
    "The ministry said {num} prisoners were released because of the amnesty.",
    "{person}, who leads the organisation, was called a {noun} by state media.",
    "Inflation reached {pct} percent on {month} {day}, {year}, officials said.",
    "Some {num} protesters gathered outside the embassy in {place}.",
    "He said the {acr} would continue its campaign.",
]
ADJ = ["notorious", "small", "exiled", "controversial", "well-funded", "secretive"]
NOUNS = ["mercenaries", "terrorists", "traitors", "thugs", "puppets", "activists"]


def make_article(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        org, acr = rng.choice([o for o in ORGS if o[1]])
        org2 = rng.choice(ORGS)[0]
        sent = rng.choice(TEMPLATES).format(
            org=org, acr=acr, org2=org2, adj=rng.choice(ADJ), noun=rng.choice(NOUNS),
            person=rng.choice(PEOPLE), place=rng.choice(PLACES), place2=rng.choice(PLACES),
            date=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1990, 2025)}",
            money=f"{rng.randint(1, 90)}.{rng.randint(0, 9)}", num=f"{rng.randint(2, 9000):,}",
            year=rng.randint(1990, 2025), year2=rng.randint(1979, 1989), pct=rng.randint(2, 60),
            month=rng.choice(MONTHS), day=rng.randint(1, 28),
        )
        out.append(sent)
        count += len(sent.split())
    paragraphs = [" ".join(out[i : i + 5]) for i in range(0, len(out), 5)]
    return "\n\n".join(paragraphs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real", action="store_true", help="use the ptc2020 dev articles")
    ap.add_argument("--data", default=None, help="research data folder (see datapath.py)")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.cores)
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[: args.cores]
        os.sched_setaffinity(0, set(cpus))

    from presslens import Article
    from presslens.registry import get_analyzer

    parse = get_analyzer("parse").factory()
    actors = get_analyzer("actors").factory()
    claims = get_analyzer("claims").factory()
    rng = random.Random(args.seed)
    if args.real:
        from presslens.datapath import dataset_dir

        folder = dataset_dir("ptc2020", args.data) / "dev-articles"
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        args.articles = len(texts)
    else:
        texts = [make_article(rng, args.words) for _ in range(args.articles)]
    parse(Article(id="warm", text=texts[0]))  # load the model outside the timings

    t_parse: list[float] = []
    t_actors: list[float] = []
    t_claims: list[float] = []
    n_actors: list[int] = []
    n_claims: list[int] = []
    for i, text in enumerate(texts):
        article = Article(id=f"b{i}", text=text)
        t0 = time.perf_counter()
        parse(article)
        t1 = time.perf_counter()
        actors(article)
        t2 = time.perf_counter()
        claims(article)
        t3 = time.perf_counter()
        t_parse.append((t1 - t0) * 1000)
        t_actors.append((t2 - t1) * 1000)
        t_claims.append((t3 - t2) * 1000)
        n_actors.append(len(article.results["actors"]))
        n_claims.append(len(article.layers["claims"]))

    def row(name: str, xs: list[float]) -> str:
        p90 = statistics.quantiles(xs, n=10)[-1] if len(xs) > 1 else xs[0]
        return f"{name:<18} median {statistics.median(xs):8.1f} ms   p90 {p90:8.1f} ms"

    both = [a + c for a, c in zip(t_actors, t_claims, strict=True)]
    words = statistics.median(len(t.split()) for t in texts)
    kind = "ptc2020 dev" if args.real else "synthetic"
    print(f"{args.articles} {kind} articles, median {words:.0f} words, {args.cores} cores")
    print(row("parse (spaCy)", t_parse))
    print(row("actors", t_actors))
    print(row("claims", t_claims))
    print(row("actors + claims", both))
    print(f"median actors/article {statistics.median(n_actors)}, "
          f"claims/article {statistics.median(n_claims)}")


if __name__ == "__main__":
    main()
