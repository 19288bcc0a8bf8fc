"""The Store contract and the corpus queries, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import csv
import io
import json

import pytest

from presslens import Article
from presslens.errors import NotFound, StoreError, UsageError
from presslens.store import ArticleRecord, Store, open_store
from presslens.store import queries as q
from presslens.store.export import CSV_COLUMNS, export
from presslens.store.migrations import MIGRATIONS

from .corpus import A1, A2, A3, analysed, corpus, record


@pytest.fixture
def filled(store: Store) -> Store:
    results = store.add_many([record(a) for a in corpus()])
    assert [r.created for r in results] == [True, True, True, True]
    return store


def words(*texts: str) -> int:
    return sum(len(t.split()) for t in texts)


# -- schema ----------------------------------------------------------------
def test_migrations_recorded_once(store_url: str) -> None:
    with open_store(store_url) as s:
        assert s.schema_version() == MIGRATIONS[-1].version
        rows = s.fetchall("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name)
                                                             for m in MIGRATIONS]
    with open_store(store_url) as s:  # reopening applies nothing again
        assert len(s.fetchall("SELECT version FROM schema_migrations")) == len(MIGRATIONS)


# -- writing and dedupe ----------------------------------------------------------
def test_dedupe_by_normalised_hash_and_url(store: Store) -> None:
    first = store.add(record(analysed("x", "Hello   World.\n", url="https://e.example/1")))
    assert first.created and first.id == "x"
    same_text = analysed("y", "hello world.", url="https://e.example/2")  # case/space only
    same_url = analysed("z", "Something else entirely.", url="https://e.example/1")
    results = store.add_many([record(same_text), record(same_url)])
    assert [(r.created, r.duplicate_of) for r in results] == [(False, "x"), (False, "x")]
    assert store.count_articles() == 1


def test_duplicates_within_one_batch(store: Store) -> None:
    a, b = analysed("p", "Twice the same text."), analysed("q", "twice the  same text.")
    results = store.add_many([record(a), record(b)])
    assert [r.created for r in results] == [True, False]
    assert results[1].duplicate_of == "p"


def test_id_collision_gets_hash_suffix(store: Store) -> None:
    one = store.add(record(analysed("1", "First folder's one.")))
    two = store.add(record(analysed("1", "Second folder's one.")))
    assert one.id == "1" and two.created
    assert two.id.startswith("1-") and len(two.id) == 10
    assert store.get_article(two.id)["store"]["ref"] == "1"


def test_failed_batch_stores_nothing(store: Store) -> None:
    good = record(analysed("g", "A good article."))
    bad = ArticleRecord({"text": "no id"})
    with pytest.raises(StoreError, match="needs 'id'"):
        store.add_many([good, bad])
    assert store.count_articles() == 0


def test_get_article_round_trip(filled: Store) -> None:
    data = filled.get_article("a1")
    assert data["text"] == A1
    assert data["store"]["outlet"] == "Daily Planet"
    assert data["store"]["status"] == "analyzed"
    assert data["store"]["analyzers"] == {"test": "1"}
    art = Article.from_dict(data)
    spans = art.layers["techniques"].spans
    assert [A1[s.start:s.end] for s in spans] == ["corrupt regime", "rigged the election"]
    assert data["attributions"][0]["source"]["type"] == "anonymous"


def test_get_unknown_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no article 'nope'") as info:
        store.get_article("nope")
    assert info.value.status == 404


def test_update_analysis_replaces_rows(filled: Store) -> None:
    art = analysed("a1", A1, outlet="Daily Planet", published="2024-01-15",
                   techniques=[("election", "Doubt")])
    filled.update_analysis("a1", ArticleRecord(art.to_dict(), analyzers={"test": "2"}))
    rows = filled.fetchall(
        "SELECT t.technique, t.start_char, t.end_char FROM techniques t "
        "JOIN articles a ON a.pk = t.article_pk WHERE a.id = ?", ["a1"])
    assert [(r["technique"], A1[r["start_char"]:r["end_char"]]) for r in rows] == [
        ("Doubt", "election")]
    assert filled.get_article("a1")["store"]["analyzers"] == {"test": "2"}
    with pytest.raises(NotFound):
        filled.update_analysis("missing", ArticleRecord(art.to_dict()))


def test_failures_upsert_and_clear(store: Store) -> None:
    store.record_failure("feed.xml", "HTTP 500")
    store.record_failure("feed.xml", "HTTP 503")
    store.record_failure("b.txt", "not UTF-8")
    rows = {r["source"]: r for r in store.failures()}
    assert (rows["feed.xml"]["reason"], rows["feed.xml"]["attempts"]) == ("HTTP 503", 2)
    assert rows["b.txt"]["stage"] == "read"
    store.clear_failure("feed.xml")
    assert [r["source"] for r in store.failures()] == ["b.txt"]


def test_failed_analysis_recorded_then_cleared(store: Store) -> None:
    art = analysed("f", "Analysis of this one failed.")
    store.add(ArticleRecord(art.to_dict(), "failed", source="f.txt", error="boom"))
    assert [(r["source"], r["stage"], r["reason"]) for r in store.failures()] == [
        ("f.txt", "analyze", "boom")]
    fixed = analysed("f", "Analysis of this one failed.", techniques=[])
    store.update_analysis("f", ArticleRecord(fixed.to_dict(), "analyzed", {"test": "1"}))
    assert store.failures() == []
    assert store.count_articles("analyzed") == 1


def test_stored_article_clears_earlier_read_failure(store: Store) -> None:
    store.record_failure("https://e.example/x", "timeout")
    store.add(ArticleRecord(analysed("x", "Fetched at last.").to_dict(),
                            source="https://e.example/x"))
    assert store.failures() == []


def test_iter_articles_pages_and_filters(filled: Store) -> None:
    ids = [d["id"] for d in filled.iter_articles(batch_size=1)]
    assert ids == ["a1", "a2", "a3", "a4"]
    assert [d["id"] for d in filled.iter_articles(outlet="Bugle", batch_size=3)] == ["a3", "a4"]
    assert [d["id"] for d in filled.iter_articles(since="2024-01", until="2024-01")] == ["a1"]


def test_known_urls(filled: Store) -> None:
    urls = ["https://dailyplanet.example/a2", "https://elsewhere.example/"]
    assert filled.known_urls(urls) == {"https://dailyplanet.example/a2"}


def test_stats(filled: Store) -> None:
    s = filled.stats()
    assert (s["articles"], s["analyzed"], s["outlets"]) == (4, 4, 2)
    assert (s["first_published"], s["last_published"][:10]) == ("2023-01-01", "2024-02-03")


# -- queries -------------------------------------------------------------------
def test_technique_profile(filled: Store) -> None:
    rows = {(r["outlet"], r["technique"]): r for r in q.technique_profile(filled)}
    assert set(rows) == {("Daily Planet", "Loaded_Language"), ("Daily Planet", "Doubt"),
                         ("Daily Planet", "Flag_Waving")}
    loaded = rows[("Daily Planet", "Loaded_Language")]
    assert (loaded["articles"], loaded["outlet_articles"], loaded["spans"]) == (2, 2, 3)
    assert loaded["share"] == 1.0
    assert loaded["per_1000_words"] == round(3 * 1000 / words(A1, A2), 4)
    assert rows[("Daily Planet", "Doubt")]["share"] == 0.5


def test_technique_profile_by_category_and_denominator(filled: Store) -> None:
    rows = q.technique_profile(filled, by="category", outlet="Daily Planet")
    cats = {r["category"]: r["spans"] for r in rows}
    assert cats == {"Manipulative wording": 3, "Attack on reputation": 1, "Justification": 1}
    # Bugle: a3 analysed with no techniques, a4 not analysed for techniques at all
    assert q.technique_profile(filled, outlet="Bugle") == []


def test_technique_trend(filled: Store) -> None:
    months = q.technique_trend(filled, technique="Loaded_Language")
    assert [(r["period"], r["spans"], r["period_articles"]) for r in months] == [
        ("2024-01", 1, 1), ("2024-02", 2, 1)]
    weeks = q.technique_trend(filled, period="week", technique="Doubt")
    assert [r["period"] for r in weeks] == ["2024-W03"]
    assert {r["outlet"] for r in q.technique_trend(filled, by_outlet=True)} == {"Daily Planet"}


def test_iso_weeks_agree_across_backends(store: Store) -> None:
    # 2023-01-01 is a Sunday: ISO week 52 of 2022 in both SQLite and PostgreSQL
    store.add(record(analysed("w", "Loaded words here.", published="2023-01-01",
                              techniques=[("Loaded", "Loaded_Language")])))
    assert [r["period"] for r in q.technique_trend(store, period="week")] == ["2022-W52"]


def test_actor_labels(filled: Store) -> None:
    rows = q.actor_labels(filled, actor="government")
    got = {(r["label"], r["by"]): (r["count"], r["evaluative"], r["loaded"]) for r in rows}
    assert got == {("corrupt regime", "writer"): (1, True, True),
                   ("regime", "writer"): (1, True, False),
                   ("shameful regime", "source"): (1, True, True)}
    assert all(r["outlet"] == "Daily Planet" for r in rows)


def test_anonymous_sourcing(filled: Store) -> None:
    rows = {r["outlet"]: r for r in q.anonymous_sourcing(filled)}
    dp = rows["Daily Planet"]
    assert (dp["articles"], dp["attributions"], dp["anonymous"]) == (2, 3, 1)
    assert dp["anonymous_share"] == round(1 / 3, 4)
    assert (dp["articles_with_anonymous"], dp["article_share"]) == (1, 0.5)
    assert (rows["Bugle"]["articles"], rows["Bugle"]["anonymous_share"]) == (1, 0.0)


def test_top_sources(filled: Store) -> None:
    rows = q.top_sources(filled)
    assert [(r["source"], r["type"], r["count"]) for r in rows] == [("John Smith", "person", 1),
                                                                    ("Officials", "official", 1)]
    assert [r["source"] for r in q.top_sources(filled, source_type="anonymous")] == ["sources"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"text": "elections"}, ["a2", "a1"]),  # stemmed: election
        ({"text": "budget library"}, ["a3"]),
        ({"text": "budget regime"}, []),
        ({"text": '"regime*'}, ["a2", "a1"]),  # user text is never query syntax
        ({"text": "election: (rigged"}, ["a1"]),
        ({"technique": "Flag_Waving"}, ["a2"]),
        ({"technique": "Attack on reputation"}, ["a1"]),
        ({"actor": "GOVERNMENT"}, ["a2", "a1"]),
        ({"actor": "mary jones"}, ["a4"]),
        ({"source": "smith"}, ["a2"]),
        ({"outlet": "Bugle"}, ["a3", "a4"]),
        ({"since": "2024-02-01"}, ["a2"]),
        ({"text": "regime", "until": "2024-01-31"}, ["a1"]),
        ({"until": "2024-01-15", "since": "2024-01-15"}, ["a1"]),  # inclusive day
        ({"until": "2024-01-14", "since": "2024"}, []),
        ({"until": "2024-02-03"}, ["a2", "a1", "a3"]),  # a2 is 2024-02-03T10:00
        ({"since": "2023", "until": "2023"}, ["a3"]),
        ({"since": "2023-12", "until": "2024-12"}, ["a2", "a1"]),
    ],
)
def test_search_articles(filled: Store, filters: dict[str, str], expected: list[str]) -> None:
    result = q.search_articles(filled, **filters)  # type: ignore[arg-type]
    assert [a["id"] for a in result["articles"]] == expected
    assert result["total"] == len(expected)


def test_search_paging_and_counts(filled: Store) -> None:
    page = q.search_articles(filled, limit=2, offset=1)
    assert page["total"] == 4
    assert [a["id"] for a in page["articles"]] == ["a1", "a3"]
    a1 = page["articles"][0]
    assert (a1["techniques"], a1["attributions"], a1["words"]) == (2, 2, words(A1))


def test_outlets(filled: Store) -> None:
    rows = q.outlets(filled)
    assert [(r["outlet"], r["articles"]) for r in rows] == [("Bugle", 2), ("Daily Planet", 2)]


@pytest.mark.parametrize("bad", ["2024/01/01", "24-01", "2024-1-5", "soon", "2024-13",
                                 "2023-02-29"])
def test_bad_dates_are_usage_errors(filled: Store, bad: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        q.technique_profile(filled, since=bad)


def test_search_without_words_is_usage_error(filled: Store) -> None:
    with pytest.raises(UsageError, match="no words"):
        q.search_articles(filled, text="?!")


# -- export -------------------------------------------------------------------------
def test_export_jsonl(filled: Store) -> None:
    buf = io.StringIO()
    assert export(filled, buf, "jsonl") == 4
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [d["id"] for d in lines] == ["a1", "a2", "a3", "a4"]
    assert lines[2]["text"] == A3
    assert lines[3]["techniques"] is None


def test_export_csv(filled: Store) -> None:
    buf = io.StringIO()
    assert export(filled, buf, "csv", outlet="Daily Planet") == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["id"], r["techniques"], r["anonymous_attributions"]) for r in rows] == [
        ("a1", "2", "1"), ("a2", "3", "0")]
    assert rows[1]["technique_names"] == "Flag_Waving;Loaded_Language"
    assert A2 not in buf.getvalue()


# -- opening ---------------------------------------------------------------------
def test_bad_scheme_lists_valid_ones() -> None:
    with pytest.raises(StoreError, match=r"mysql://.*postgresql://"):
        open_store("mysql://localhost/db")


def test_missing_folder_is_explained(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "c.db")


def test_unreachable_postgres_is_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as info:
        open_store("postgresql://u:secret@127.0.0.1:1/db")
    assert "secret" not in str(info.value)


def test_not_a_database_is_store_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match=r"notes\.db"):
        open_store(path)


def test_sqlite_url_forms(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///rel.db") as s:
        assert s.dialect == "sqlite"
    assert (tmp_path / "rel.db").exists()
    with open_store(f"sqlite:///{tmp_path}/abs.db"):
        pass
    assert (tmp_path / "abs.db").exists()
    with open_store("sqlite://:memory:") as s:
        assert s.count_articles() == 0


def test_closed_store_refuses(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = open_store(tmp_path / "c.db")
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.count_articles()
