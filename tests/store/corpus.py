"""A tiny hand-written analysed corpus for the store tests (texts written for these tests)."""

from __future__ import annotations

from typing import Any

from presslens import Article
from presslens.store import ArticleRecord
from presslens.techniques.taxonomy import CATEGORY_OF


def analysed(
    id: str,
    text: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    techniques: list[tuple[str, str]] | None = None,
    attributions: list[tuple[str, str, str | None]] | None = None,
    actors: list[dict[str, Any]] | None = None,
    entities: list[tuple[str, str]] | None = None,
) -> Article:
    """An Article with layers made from (phrase, label) pairs: offsets found in the text.

    ``techniques``: (phrase, technique); ``attributions``: (phrase, source
    type, entity); ``entities``: (phrase, type). ``None`` = section not analysed.
    """
    meta: dict[str, Any] = {}
    for key, value in (("outlet", outlet), ("published", published), ("url", url),
                       ("title", title)):
        if value is not None:
            meta[key] = value
    art = Article(id=id, text=text, meta=meta)

    def at(phrase: str) -> tuple[int, int]:
        start = text.index(phrase)
        return start, start + len(phrase)

    if techniques is not None:
        spans = []
        for phrase, tech in techniques:
            s, e = at(phrase)
            spans.append(art.span(s, e, tech, 0.9, category=CATEGORY_OF[tech]))
        art.add_layer("techniques", "test", spans)
        art.models["techniques"] = {"name": "test", "version": "1"}
    if attributions is not None:
        spans = []
        for phrase, stype, entity in attributions:
            s, e = at(phrase)
            source = art.ref(s, s + len(phrase.split()[0]), type=stype, entity=entity)
            spans.append(art.span(s, e, "according_to", 0.8, source=source, cue=None,
                                  content=[], via=None))
        art.add_layer("attributions", "test", spans)
    if entities is not None:
        spans = []
        for phrase, etype in entities:
            s, e = at(phrase)
            spans.append(art.span(s, e, etype, 1.0, ner="X"))
        art.add_layer("entities", "test", spans)
    if actors is not None:
        art.results["actors"] = actors
    return art


def record(art: Article, **kw: Any) -> ArticleRecord:
    return ArticleRecord(art.to_dict(), analyzers={"test": "1"}, source=f"test:{art.id}", **kw)


def actor(name: str, type_: str, labels: list[tuple[str, bool, bool, str, int]]) -> dict[str, Any]:
    """An actors-result entry; labels are (label, evaluative, loaded, by, count)."""
    return {
        "id": "a1", "name": name, "type": type_, "mentions": [],
        "labels": [
            {"label": lab, "count": n, "evaluative": ev, "loaded": lo, "by": by,
             "source": None, "mentions": []}
            for lab, ev, lo, by, n in labels
        ],
    }


A1 = (
    "The corrupt regime rigged the election, sources said. Officials told reporters "
    "the vote was fair and the regime denied everything."
)
A2 = (
    "Brave patriots defend our great nation against the shameful regime, said John Smith. "
    "The shameful election will be remembered."
)
A3 = "The council met on Tuesday and approved the budget for the new library."
A4 = "Mary Jones opened the bakery on the main street of Springfield."


def corpus() -> list[Article]:
    """Two outlets; A4 was analysed for entities only (no techniques section)."""
    return [
        analysed(
            "a1", A1, outlet="Daily Planet", published="2024-01-15",
            url="https://dailyplanet.example/a1", title="Election day",
            techniques=[("corrupt regime", "Loaded_Language"), ("rigged the election", "Doubt")],
            attributions=[("sources said", "anonymous", None),
                          ("Officials told reporters", "official", None)],
            actors=[actor("Government", "organisation",
                          [("corrupt regime", True, True, "writer", 1),
                           ("regime", True, False, "writer", 1)])],
            entities=[],
        ),
        analysed(
            "a2", A2, outlet="Daily Planet", published="2024-02-03T10:00:00+00:00",
            url="https://dailyplanet.example/a2", title="Patriots",
            techniques=[("Brave patriots", "Loaded_Language"), ("our great nation", "Flag_Waving"),
                        ("shameful election", "Loaded_Language")],
            attributions=[("John Smith", "person", "John Smith")],
            actors=[actor("Government", "organisation",
                          [("shameful regime", True, True, "source", 1)])],
            entities=[("John Smith", "person")],
        ),
        analysed(
            "a3", A3, outlet="Bugle", published="2023-01-01", title="Library",
            techniques=[], attributions=[], actors=[], entities=[],
        ),
        analysed("a4", A4, outlet="Bugle", entities=[("Mary Jones", "person"),
                                                     ("Springfield", "place")]),
    ]
