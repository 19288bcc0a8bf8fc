"""Memory and speed of reading a corpus: 1,000 synthetic ~600-word articles.

Runs ``python -m presslens.cli analyze DIR --format jsonl --layers none -o OUT``
as a child process and reports wall time, articles/s and the child's peak
RSS (``os.wait4`` rusage, so only that child is counted). ``--layers none``
runs no analyzer: this measures reading, ``Article.to_dict`` and streaming
JSONL. Target: under 300 MB peak RSS.

Usage: ``python benchmarks/analyze_memory.py [--articles 1000]
[--words 600] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_WORDS = (
    "council mayor budget city minister government report officials said spokesperson "
    "statement election vote party policy economy tax plan school hospital road bridge "
    "police court judge ruling protest crowd union strike company shares market price "
    "energy climate water flood storm river farmers harvest export trade deal talks "
    "border security army ceasefire aid agency ministry health vaccine study researchers "
    "data survey percent million year week Tuesday Friday morning evening local national"
)
WORDS = _WORDS.split(" ")
FUNCTION = ["the", "a", "of", "to", "and", "in", "on", "for", "with", "that", "by", "from",
            "as", "at", "after", "before"]
NAMES = ["Ana Lopez", "John Smith", "Maria Rossi", "Li Wei", "Omar Haddad", "Eva Novak"]
CUES = ["said", "told reporters", "claimed", "according to", "warned", "insisted"]


def synthetic_article(rng: random.Random, words: int) -> str:
    """Made-up news-like prose: sentences, quotes, paragraphs, some non-ASCII."""
    out: list[str] = []
    count = 0
    while count < words:
        n = rng.randint(12, 28)
        body = [rng.choice(FUNCTION if i % 3 == 0 else WORDS) for i in range(n)]
        body[0] = body[0].capitalize()
        sentence = " ".join(body)
        if rng.random() < 0.3:
            sentence = f"“{sentence},” {rng.choice(NAMES)} {rng.choice(CUES)}."
        else:
            sentence += f", {rng.choice(CUES)} {rng.choice(NAMES)}."
        if rng.random() < 0.05:
            sentence += " Costs rose to €1,200\u00a0million — café owners noticed."
        out.append(sentence)
        out.append("\n\n" if rng.random() < 0.2 else " ")
        count += n + 3
    return "".join(out).strip() + "\n"


def make_corpus(root: Path, articles: int, words: int) -> int:
    rng = random.Random(813452859)
    total = 0
    for i in range(articles):
        sub = root / f"batch{i // 250:02d}"
        sub.mkdir(exist_ok=True)
        text = synthetic_article(rng, words)
        (sub / f"article{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def run_child(
    cmd: list[str], env: dict[str, str], log: Path
) -> tuple[int, float, float, float]:
    """(exit status, wall seconds, CPU seconds, peak RSS in MB) of one child process."""
    with log.open("w") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=err, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return proc.returncode, wall, cpu, usage.ru_maxrss / 1024  # ru_maxrss: KB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory(prefix="presslens-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        size = make_corpus(corpus, args.articles, args.words)
        out = root / "out.jsonl"
        log = root / "child.log"
        cmd = [sys.executable, "-m", "presslens.cli", "analyze", str(corpus), "--format",
               "jsonl", "--layers", "none", "-o", str(out)]
        mode = "CLI analyze --layers none"
        walls: list[float] = []
        peaks: list[float] = []
        cpus: list[float] = []
        for _ in range(args.repeat):
            rc, wall, cpu, peak = run_child(cmd, env, log)
            if rc != 0:
                print(log.read_text(errors="replace"), file=sys.stderr)
                return rc
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            if lines != args.articles:
                print(f"expected {args.articles} output lines, got {lines}", file=sys.stderr)
                return 1
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
        wall = statistics.median(walls)
        print(f"mode:        {mode}")
        print(f"corpus:      {args.articles} articles, ~{args.words} words each, "
              f"{size / 1e6:.1f} MB of UTF-8")
        print(f"runs:        {args.repeat} (medians below)")
        print(f"wall time:   {wall:.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)})")
        cpu = statistics.median(cpus)
        print(f"CPU time:    {cpu:.2f} s user+sys (load from other processes inflates wall time)")
        print(f"throughput:  {args.articles / wall:.0f} articles/s wall, "
              f"{args.articles / cpu:.0f} articles per CPU second")
        print(f"peak RSS:    {statistics.median(peaks):.0f} MB "
              f"(runs: {', '.join(f'{p:.0f}' for p in peaks)}; target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
