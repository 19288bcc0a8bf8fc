"""Ingest and reanalyze with the real spaCy parse (``--layers entities``), and the CLI.

The kill test runs ``presslens ingest`` in a subprocess, SIGKILLs it after
some articles are committed, runs it again and checks that every article is
stored exactly once and the failures table says the same as before.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens import Article
from presslens.analyzers.parse import Parse
from presslens.cli import main
from presslens.errors import UsageError
from presslens.pipeline import Pipeline
from presslens.store import ArticleRecord, open_store
from presslens.store.ingest import ingest, read_url_list, reanalyze

ROOT = Path(__file__).resolve().parents[2]

PEOPLE = ["Maria Lopez", "John Carter", "Aisha Khan", "Peter Novak", "Li Wei", "Sara Berg"]
PLACES = ["Lisbon", "Nairobi", "Toronto", "Warsaw", "Osaka", "Lima"]
ORGS = ["the Harbour Authority", "the City Council", "Riverside Hospital", "the Rail Union"]


def article_text(i: int, sentences: int = 12) -> str:
    """A distinct made-up news text with names spaCy recognises."""
    out = []
    for k in range(sentences):
        p = PEOPLE[(i + k) % len(PEOPLE)]
        c = PLACES[(i * 3 + k) % len(PLACES)]
        o = ORGS[(i + 2 * k) % len(ORGS)]
        out.append(
            f"On day {k + 1} of report {i}, {p} told reporters in {c} that {o} "
            f"had spent {100 + 7 * i + k} thousand dollars on repairs."
        )
    return " ".join(out)


def write_corpus(folder: Path, n: int, sentences: int = 12) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"story{i:02d}.txt"
        p.write_text(article_text(i, sentences), encoding="utf-8")
        paths.append(p)
    return paths


def test_ingest_is_idempotent_and_records_failures(store_url: str, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 4, sentences=3)
    dup = tmp_path / "in" / "copy.txt"
    dup.write_text("  " + paths[0].read_text(encoding="utf-8").upper() + "\n", encoding="utf-8")
    bad = tmp_path / "in" / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    sources = [str(p) for p in [*paths, dup, bad]]
    with open_store(store_url) as store:
        first = ingest(store, sources, layers=["entities"])
        assert (first.stored, first.duplicates, first.read_failures) == (4, 1, 1)
        second = ingest(store, sources, layers=["entities"])
        assert (second.stored, second.duplicates, second.read_failures) == (0, 5, 1)
        assert store.count_articles("analyzed") == 4
        fails = store.failures()
        assert [(f["source"], f["stage"], f["attempts"]) for f in fails] == [
            (str(bad), "read", 2)]
        assert "UTF-8" in fails[0]["reason"]
        data = store.get_article("story01")
        assert data["store"]["analyzers"] == {"parse": Parse.version}
        ents = {(e["text"], e["type"]) for e in data["entities"]}
        assert ("Aisha Khan", "person") in ents
        for e in data["entities"]:
            assert data["text"][e["start"]:e["end"]] == e["text"]
        assert data["techniques"] is None  # not analysed, not "none found"


def test_no_analyze_then_reanalyze_only_stale(store_url: str, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 3, sentences=2)
    with open_store(store_url) as store:
        report = ingest(store, [str(p) for p in paths], analyze=False)
        assert report.stored == 3
        assert store.count_articles("pending") == 3
        assert store.get_article("story00")["entities"] is None
        r1 = reanalyze(store, layers=["entities"], only_stale=True)
        assert (r1.checked, r1.reanalyzed, r1.up_to_date) == (3, 3, 0)
        assert store.count_articles("analyzed") == 3
        r2 = reanalyze(store, layers=["entities"], only_stale=True)
        assert (r2.reanalyzed, r2.up_to_date) == (0, 3)
        # an analysis made by an older parse version is stale
        old = store.get_article("story02")
        keep = {k: v for k, v in old.items() if k != "store"}
        store.update_analysis("story02", ArticleRecord(keep, "analyzed", {"parse": "0"}))
        r3 = reanalyze(store, layers=["entities"], only_stale=True)
        assert (r3.reanalyzed, r3.up_to_date) == (1, 2)
        assert store.get_article("story02")["store"]["analyzers"] == {"parse": Parse.version}


def test_reanalyze_keeps_sections_it_did_not_produce(store_url: str) -> None:
    from .corpus import analysed, record

    art = analysed("k", "Maria Lopez called it a disgraceful deal.", outlet="X",
                   techniques=[("disgraceful", "Loaded_Language")])
    with open_store(store_url) as store:
        store.add(record(art))
        reanalyze(store, layers=["entities"])
        data = store.get_article("k")
        assert [t["text"] for t in data["techniques"]] == ["disgraceful"]
        assert ("Maria Lopez", "person") in {(e["text"], e["type"]) for e in data["entities"]}
        assert data["store"]["analyzers"] == {"test": "1", "parse": Parse.version}
        assert "entities" not in data["meta"]["missing"]


def test_stored_urls_are_not_fetched_again(store_url: str) -> None:
    from .corpus import analysed, record

    url = "https://news.example/story-1"
    with open_store(store_url) as store:
        store.add(record(analysed("s1", "Already here.", url=url)))
        report = ingest(store, [url], analyze=False)
        assert (report.skipped_urls, report.read_failures, report.stored) == (1, 0, 0)
        assert store.failures() == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("https://a.example/1\n\n# note\n  https://b.example/2  \n",
         ["https://a.example/1", "https://b.example/2"]),
        ("", []),
    ],
)
def test_read_url_list(tmp_path: Path, content: str, expected: list[str]) -> None:
    f = tmp_path / "urls.txt"
    f.write_text(content, encoding="utf-8")
    assert read_url_list(f) == expected


def test_read_url_list_rejects_non_urls(tmp_path: Path) -> None:
    f = tmp_path / "urls.txt"
    f.write_text("https://a.example/1\nftp://b.example/2\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"urls\.txt:2: 'ftp://b\.example/2'"):
        read_url_list(f)


def _count(store_url: str) -> int:
    with open_store(store_url) as store:
        return store.count_articles()


@pytest.mark.slow
def test_killed_ingest_resumes_without_loss_or_duplicates(
    store_url: str, tmp_path: Path
) -> None:
    n = 30
    paths = write_corpus(tmp_path / "in", n, sentences=8)
    bad = tmp_path / "in" / "bad.txt"
    bad.write_bytes(b"\xff\xfe not text")
    dup = tmp_path / "in" / "again.txt"
    dup.write_text(paths[5].read_text(encoding="utf-8"), encoding="utf-8")
    sources = [str(bad), *map(str, paths), str(dup)]
    cmd = [sys.executable, "-m", "presslens.cli", "ingest", *sources, "--db", store_url,
           "--layers", "entities", "--batch-size", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    _count(store_url)  # create the schema before polling
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(store_url)
        if stored >= 3:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    at_kill = _count(store_url)
    assert 3 <= at_kill < n, f"kill landed after {at_kill} articles; make the texts longer"

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # 1: the bad file is reported as failed
    assert "read failures 1" in done.stderr
    with open_store(store_url) as store:
        assert store.count_articles() == n
        assert store.count_articles("analyzed") == n
        rows = store.fetchall("SELECT ref, count(*) AS c FROM articles GROUP BY ref")
        assert sorted(r["ref"] for r in rows) == sorted(p.stem for p in paths)
        assert all(r["c"] == 1 for r in rows)
        for p in paths:
            assert store.get_article(p.stem)["text"] == p.read_text(encoding="utf-8")
        fails = store.failures()
        assert [(f["source"], f["stage"], f["attempts"]) for f in fails] == [
            (str(bad), "read", 2)]


# -- CLI -----------------------------------------------------------------------------
def test_cli_ingest_query_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from .corpus import corpus, record

    db = str(tmp_path / "c.db")
    paths = write_corpus(tmp_path / "in", 2, sentences=2)
    urls = tmp_path / "urls.txt"
    urls.write_text("# none yet\n", encoding="utf-8")
    assert main(["ingest", *map(str, paths), "--db", db, "--no-analyze",
                 "--urls", str(urls)]) == 0
    assert "stored 2" in capsys.readouterr().err
    assert main(["reanalyze", "--db", db, "--layers", "entities", "--only-stale"]) == 0
    assert "reanalysed 2" in capsys.readouterr().err
    with open_store(db) as store:
        store.add_many([record(a) for a in corpus()])

    assert main(["query", "profile", "--db", db, "--format", "json",
                 "--outlet", "Daily Planet"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["technique"] for r in rows} == {"Loaded_Language", "Doubt", "Flag_Waving"}

    assert main(["query", "search", "--db", db, "--text", "budget", "-f", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("id,title,outlet") and out[1].startswith("a3,Library,Bugle")

    assert main(["query", "anonymous", "--db", db]) == 0
    assert "Daily Planet" in capsys.readouterr().out

    assert main(["query", "outlets", "--db", db, "--actor", "x"]) == 2
    assert "query outlets does not take --actor" in capsys.readouterr().err

    target = tmp_path / "out.jsonl"
    assert main(["export", "--db", db, "--format", "jsonl", "-o", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    assert {json.loads(line)["id"] for line in lines} == {
        "story00", "story01", "a1", "a2", "a3", "a4"}


def test_cli_bad_db_scheme_is_reported(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "overview", "--db", "mongodb://x/y"]) == 1
    err = capsys.readouterr().err
    assert "unknown database URL scheme 'mongodb://'" in err and "postgresql://" in err


def test_cli_ingest_needs_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--db", "sqlite://:memory:"]) == 2
    assert "nothing to ingest" in capsys.readouterr().err


class Picky:
    """A real (tiny) analyzer that refuses texts containing FAIL: exercises the failure path."""

    name = "picky"
    version = "1"
    requires: tuple[str, ...] = ()
    assigns = ("claims",)

    def __call__(self, article: Article) -> Article:
        if "FAIL" in article.text:
            raise ValueError("this text is not acceptable")
        article.add_layer("claims", "picky", [])
        return article


class Lenient(Picky):
    version = "2"

    def __call__(self, article: Article) -> Article:
        article.add_layer("claims", "picky", [])
        return article


def test_analysis_failures_are_stored_and_retried(store_url: str, tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("A calm report about the weather.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("This one will FAIL in analysis.", encoding="utf-8")
    with open_store(store_url) as store:
        report = ingest(store, [str(ok), str(bad)], pipeline=Pipeline([Picky()]))
        assert (report.stored, report.analysis_failures) == (2, 1)
        assert store.count_articles("failed") == 1
        data = store.get_article("bad")
        assert "not acceptable" in data["store"]["error"]
        assert data["claims"] is None
        fails = store.failures()
        assert [(f["source"], f["stage"]) for f in fails] == [(str(bad), "analyze")]
        assert "not acceptable" in fails[0]["reason"]
        # a fixed analyzer: only the failed article and the older version are stale
        again = reanalyze(store, only_stale=True, pipeline=Pipeline([Lenient()]))
        assert (again.reanalyzed, again.failed) == (2, 0)
        assert store.count_articles("analyzed") == 2
        assert store.failures() == []
        assert store.get_article("bad")["claims"] == []


def test_concurrent_ingests_store_each_article_once(store_url: str, tmp_path: Path) -> None:
    """Two ingests of the same files at once (two connections): no text stored twice."""
    import threading

    paths = [str(p) for p in write_corpus(tmp_path / "in", 60, sentences=1)]
    _count(store_url)  # schema first, so the threads do not both migrate
    reports = []
    errors: list[BaseException] = []

    def run(order: list[str]) -> None:
        try:
            with open_store(store_url) as store:
                reports.append(ingest(store, order, analyze=False, batch_size=4))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(paths,)),
               threading.Thread(target=run, args=(paths[::-1],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sum(r.stored for r in reports) == 60
    assert sum(r.duplicates for r in reports) == 60
    assert _count(store_url) == 60
