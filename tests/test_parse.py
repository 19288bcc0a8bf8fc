"""The shared spaCy parse: batch parsing in worker processes, process settings, BLAS ops."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presslens import Article, Pipeline, UsageError
from presslens.analyzers.parse import Parse
from presslens.nlp import (
    MIN_TEXTS_PER_PROCESS,
    PROCESSES_ENV,
    load_spacy,
    parse_processes,
    parse_texts,
)

TEXTS = [
    "The mayor said on Tuesday that the bridge would reopen in May.",
    "“We will not back down,” Senator Maria Lopez told reporters in Austin.",
    "According to the Daily Ledger, 40 workers lost their jobs at the plant.",
    "Critics argue the plan is too costly. The council will vote next week.",
    "She denied the report. Officials who asked not to be named disputed it.",
    "Prices rose 3 percent in March, the statistics office said.",
    "Acme Corp. announced it would close two factories in Ohio.",
    "He called the decision a disaster and vowed to appeal.",
    "A spokesman for the ministry declined to comment on the talks.",
]


def _annotations(doc) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (t.idx, t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
         t.is_sent_start)
        for t in doc
    ]


def test_worker_processes_give_the_same_docs_in_order(caplog: pytest.LogCaptureFixture) -> None:
    texts = TEXTS[: 2 * MIN_TEXTS_PER_PROCESS + 1]
    with caplog.at_level(logging.DEBUG, logger="presslens.nlp"):
        forked = parse_texts(texts, processes=2)
    assert f"parsing {len(texts)} texts in 2 processes" in caplog.text
    local = [load_spacy()(t) for t in texts]
    assert [d.text for d in forked] == texts
    assert [_annotations(d) for d in forked] == [_annotations(d) for d in local]


@pytest.mark.parametrize(
    ("count", "processes"),
    [(1, 2), (2 * MIN_TEXTS_PER_PROCESS - 1, 2), (2 * MIN_TEXTS_PER_PROCESS, 1)],
)
def test_small_batches_stay_in_this_process(
    caplog: pytest.LogCaptureFixture, count: int, processes: int
) -> None:
    texts = (TEXTS * 2)[:count]
    with caplog.at_level(logging.DEBUG, logger="presslens.nlp"):
        docs = parse_texts(texts, processes=processes)
    assert "processes" not in caplog.text
    assert [d.text for d in docs] == texts


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), (" 2 ", 2)])
def test_processes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    monkeypatch.setenv(PROCESSES_ENV, value)
    assert parse_processes() == expected


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_bad_processes_in_the_environment_are_usage_errors(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(PROCESSES_ENV, value)
    with pytest.raises(UsageError, match=PROCESSES_ENV):
        parse_processes()


def test_default_processes_are_at_most_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    assert 1 <= parse_processes() <= 2


@pytest.mark.parametrize("value", [0, -2, True])
def test_parse_rejects_bad_process_counts(value: int) -> None:
    with pytest.raises(UsageError, match="processes must be a positive integer"):
        Parse(processes=value)


def test_pipeline_batch_with_workers_matches_one_by_one() -> None:
    texts = TEXTS[: 2 * MIN_TEXTS_PER_PROCESS]
    batched = Pipeline.from_names(["parse", "attributions"], {"parse": {"processes": 2}})
    single = Pipeline.from_names(["parse", "attributions"], {"parse": {"processes": 1}})
    outcomes = list(batched.pipe([Article(id=str(i), text=t) for i, t in enumerate(texts)]))
    assert [o.article.id for o in outcomes] == [str(i) for i in range(len(texts))]
    for outcome, text in zip(outcomes, texts, strict=True):
        alone = single(Article(id="x", text=text))
        for layer in ("sentences", "entities", "attributions"):
            assert outcome.article.layers[layer].spans == alone.layers[layer].spans, layer
        assert outcome.article.results["sourcing"] == alone.results["sourcing"]


def test_prefetched_batches_in_workers_match_one_by_one() -> None:
    articles = [Article(id=str(i), text=t) for i, t in enumerate(TEXTS)]
    batched = Pipeline.from_names(["parse", "attributions"], {"parse": {"processes": 2}})
    outcomes = list(batched.pipe(articles, batch_size=4))  # batches 4, 4 and 1
    assert [o.article.id for o in outcomes] == [a.id for a in articles]
    for outcome, text in zip(outcomes, TEXTS, strict=True):
        alone = Pipeline.from_names(["parse"], {"parse": {"processes": 1}})(
            Article(id="x", text=text)
        )
        assert [s.start for s in outcome.article.layers["sentences"].spans] == [
            s.start for s in alone.layers["sentences"].spans
        ]
        assert outcome.article.layers["entities"].spans == alone.layers["entities"].spans


def test_parse_drops_a_prefetched_batch_it_is_not_given() -> None:
    parse = Parse(processes=2)
    first = [Article(id=str(i), text=t) for i, t in enumerate(TEXTS[:4])]
    other = [Article(id=str(i), text=t) for i, t in enumerate(TEXTS[4:8])]
    parse.prefetch(first)
    parse.prefetch(other)
    done = parse.pipe([Article(id=a.id, text=a.text) for a in other])
    assert not parse._pending  # the first job was dropped, the second used
    local = [load_spacy()(a.text) for a in other]
    assert [_annotations(a.cache["doc"]) for a in done] == [_annotations(d) for d in local]


@pytest.mark.parametrize(("count", "processes"), [(16, 2), (9, 2), (5, 3), (1, 2)])
def test_texts_are_taken_in_shrinking_chunks_covering_each_once(
    count: int, processes: int
) -> None:
    from presslens.nlp import _take, _workers

    pool = _workers(1)
    slot = pool.new_slot()
    chunks = []
    while taken := _take(pool.counters, slot, count, processes):
        chunks.append(taken)
    assert [k for chunk in chunks for k in chunk] == list(range(count))
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1
    assert sizes[0] == max(1, count // (2 * processes))


def test_a_cancelled_job_leaves_workers_nothing_to_take() -> None:
    from presslens.nlp import ParseJob, _take

    job = ParseJob(TEXTS[:6], processes=2)
    job.cancel()
    assert not _take(job.counters, job.slot, len(job.texts), 2)
    docs = parse_texts(TEXTS[:6], processes=2)  # the workers go on with later jobs
    assert [d.text for d in docs] == TEXTS[:6]


def test_jobs_started_before_the_workers_change_are_parsed_here() -> None:
    from presslens.nlp import ParseJob

    pending = ParseJob(TEXTS[:6], processes=2)
    parse_texts(TEXTS[:6], processes=3)  # replaces the one worker by two
    docs = pending.result()
    assert [_annotations(d) for d in docs] == [_annotations(load_spacy()(t)) for t in TEXTS[:6]]


def test_models_multiply_with_numpy_not_blis() -> None:
    nodes = [
        node
        for _, component in load_spacy().pipeline
        if hasattr(getattr(component, "model", None), "walk")
        for node in component.model.walk()
    ]
    assert nodes
    assert all(getattr(node.ops, "use_blis", None) is False for node in nodes)


def test_spacy_runs_on_one_blas_thread() -> None:
    from presslens.nlp import _blas, _one_blas_thread

    load_spacy()
    # The BLAS libraries loaded with spaCy (numpy's OpenBLAS, the one thinc's
    # NumpyOps multiplies with); torch or scipy may load copies of their own.
    before = [i["num_threads"] for i in _blas().info() if i["user_api"] == "blas"]
    with _one_blas_thread():
        inside = [i["num_threads"] for i in _blas().info() if i["user_api"] == "blas"]
    assert inside and set(inside) == {1}
    assert [i["num_threads"] for i in _blas().info() if i["user_api"] == "blas"] == before



@pytest.mark.parametrize(
    "text",
    [
        "Y'all gonna see it ain't over, there's nothin' he hasn't done. Let's go!",
        "I told you it was them, and you said it to me.  \n\nThey do have it; did he?",
        "The minister, who had said that he would not resign, gotta leave now.",
    ],
)
def test_attribute_rule_lookup_matches_the_spacy_matcher(text: str) -> None:
    from spacy.pipeline import AttributeRuler

    nlp = load_spacy()
    ruler = nlp.get_pipe("attribute_ruler")
    doc = next(nlp.pipe([text], disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert type(ruler.match).__name__ == "_RuleIndex"  # installed by load_spacy
    fast = ruler.match(doc)
    assert fast == AttributeRuler.match(ruler, doc)
    assert len({start for _, _, start, _ in fast}) == len(doc)  # every token has a rule


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = (
        "import multiprocessing, os, signal\n"
        "from presslens.nlp import parse_texts\n"
        f"parse_texts({TEXTS[:4]!r}, processes=2)\n"
        "print(*[c.pid for c in multiprocessing.active_children()], flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    workers = [int(p) for p in done.stdout.split()]
    assert len(workers) == 1
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def test_a_capitalised_common_noun_opening_a_headline_is_no_entity() -> None:
    """spaCy calls "Harbour" in "Harbour authority approves ..." a group (NORP)."""
    text = ("Harbour authority approves expansion of Telmsford container terminal\n\n"
            "The Telmsford Harbour Authority on Thursday approved the plan.\n")
    article = Pipeline.for_sections(["entities"])(Article("headline", text))
    names = [text[s.start:s.end] for s in article.layers["entities"].spans]
    assert "Harbour" not in names
    assert "The Telmsford Harbour Authority" in names


def test_people_opening_a_sentence_are_no_group_and_a_club_is_no_place() -> None:
    # the small model tags "Neighbours" NORP and "Northbridge United" a building (FAC)
    text = ("Northbridge United have dismissed their manager after a fifth defeat.\n\n"
            "Neighbours described hearing four or five shots.\n")
    article = Pipeline.for_sections(["entities"])(Article("club", text))
    types = {text[s.start:s.end]: s.label for s in article.layers["entities"].spans}
    assert "Neighbours" not in types
    assert types.get("Northbridge United") == "organisation"


def test_a_name_after_the_city_of_is_a_place() -> None:
    text = "A hospital in the city of Varne lost thousands of medical records.\n"
    article = Pipeline.for_sections(["entities"])(Article("city", text))
    types = {text[s.start:s.end]: s.label for s in article.layers["entities"].spans}
    assert types.get("Varne") == "place"  # the small model tags it PERSON


@pytest.mark.parametrize(("text", "name", "expected"), [
    # the small model tags these names ORG, FAC and ORG; the title before or beside them
    # says they are people
    ("Government spokesman Ivo Matic dismissed the claims as theatre.\n",
     "Ivo Matic", "person"),
    ("Green Party deputy Lars Eklund said he would vote against it.\n",
     "Lars Eklund", "person"),
    ("The county chief executive, Paul Dent, said the rota rules would be reviewed.\n",
     "Paul Dent", "person"),
    ("Dr Marcus Hale, a cardiologist who was not involved in the research, said the "
     "study was careful.\n", "Dr Marcus Hale", "person"),  # ORG, with or without "Dr"
    # tagged a place; the appositive says it is a company
    ("Irish regulators are preparing to fine Streamline, the social media company, "
     "over a data leak.\n", "Streamline", "organisation"),
    # a social network tagged a person; a dateline tagged an organisation
    ("“Not guilty is not the same as innocent,” Reilly wrote on Twitter.\n",
     "Twitter", "organisation"),
    # a street tagged a person
    ("Margaret Hollis, 71, has lived on Brook Lane for forty years.\n", "Brook Lane", "place"),
    ("Social network fined over children's data\n\nDUBLIN — Ireland's Data Protection "
     "Commission on Tuesday fined Chatterly, the video-sharing app, 310 million euros.\n",
     "DUBLIN", "place"),
])
def test_known_slips_of_the_small_model_are_corrected(
    text: str, name: str, expected: str,
) -> None:
    article = Pipeline.for_sections(["entities"])(Article("titled", text))
    types = {text[s.start:s.end]: s.label for s in article.layers["entities"].spans}
    assert types.get(name) == expected
