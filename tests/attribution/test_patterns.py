"""Candidate patterns that fire for learned cue lemmas (real spaCy parse, keep-everything filter).

The filter here has no weights and threshold 0, so every candidate the
rules propose is kept: these tests pin the rules, not the trained weights.
"""

from __future__ import annotations

import pytest

from presslens.attribution.extract import Attribution, CueFilter, extract
from presslens.nlp import load_spacy

PROBE = CueFilter(frozenset({"call", "refer", "urge", "point"}), {}, 0.0, 0.0,
                  rates={"call": 0.3, "say": 0.9})


def candidates(text: str) -> list[Attribution]:
    return extract(load_spacy()(text), PROBE, keep_all=True)


def by_cue(text: str, cue: str) -> Attribution:
    hits = [a for a in candidates(text) if a.cue and text[a.cue[0]:a.cue[1]] == cue]
    assert len(hits) == 1, [(text[a.cue[0]:a.cue[1]] if a.cue else None, a.content) for a in hits]
    return hits[0]


@pytest.mark.parametrize(
    ("text", "cue", "content", "source"),
    [
        # object + predicate of "call"
        ("The mayor called the plan a disaster for the harbour.", "called",
         "the plan a disaster for the harbour", "The mayor"),
        # object + infinitive of an intention verb
        ("The union urged the council to delay the vote.", "urged",
         "the council to delay the vote", "The union"),
        # "referring to X": the object of "to" is the content
        ("Their plan is bad, she said, referring to the new harbour tax.", "referring",
         "the new harbour tax", None),
    ],
)
def test_learned_lemma_patterns(text: str, cue: str, content: str, source: str | None) -> None:
    att = by_cue(text, cue)
    assert [text[s:e] for s, e in att.content] == [content]
    if source is not None:
        assert att.source is not None and text[att.source.start:att.source.end] == source


def test_in_a_poll_is_a_cue_with_the_poll_as_source() -> None:
    text = "In a poll released on Monday, most voters backed the harbour tax."
    att = by_cue(text, "In")
    assert [text[s:e] for s, e in att.content] == ["most voters backed the harbour tax"]
    assert att.source is not None
    assert text[att.source.start:att.source.end] == "a poll released on Monday"
    assert att.source.type == "document"


def test_in_a_statement_with_a_speech_verb_is_left_to_the_verb() -> None:
    text = "In a statement, the mayor said that the harbour would reopen."
    assert not [a for a in candidates(text) if a.cue and text[a.cue[0]:a.cue[1]] == "In"]
    said = by_cue(text, "said")
    assert [text[s:e] for s, e in said.content] == ["that the harbour would reopen"]


def test_contracted_auxiliaries_are_never_cues() -> None:
    text = "“We’re ready, and I’m sure it’s over,” the mayor said."
    cues = {text[a.cue[0]:a.cue[1]] for a in candidates(text) if a.cue}
    assert not cues & {"’re", "’m", "’s"}
    assert "said" in cues


def test_cue_rate_is_a_feature() -> None:
    text = "The mayor called the plan a disaster for the harbour."
    att = by_cue(text, "called")
    assert att.features.get("rate=3") == 1.0  # call: 0.3 (band 0.3-0.5) of its uses are cues

