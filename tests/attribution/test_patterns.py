"""Candidate patterns that fire for learned cue lemmas (real spaCy parse, keep-everything filter).

The filter here has no weights and threshold 0, so every candidate the
rules propose is kept: these tests pin the rules, not the trained weights.
"""

from __future__ import annotations

import pytest

from presslens.attribution.extract import Attribution, CueFilter, extract
from presslens.nlp import load_spacy

PROBE = CueFilter(
    frozenset({"call", "refer", "urge", "point", "accuse", "seem", "n:refusal", "a:lukewarm",
               "reject", "cite", "see", "describe", "back", "a:eager", "endorse", "forget",
               "tweet", "draw", "worry", "vote", "estimate"}),
    {}, 0.0, 0.0, rates={"call": 0.3, "say": 0.9},
)


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
        # "called for": the clause after "for"
        ("The union called for the mayor to resign.", "called",
         "for the mayor to resign", "The union"),
        # the object keeps its complement: "accused X of Y", "described X as Y"
        ("The mayor accused the council of hiding the harbour costs.", "accused",
         "the council of hiding the harbour costs", "The mayor"),
        ("Residents described the plan as a gift to developers.", "described",
         "the plan as a gift to developers", "Residents"),
        # "at" completes it with a number: "estimated the cost at 2 billion pounds"
        ("Economists estimated the cost at 2 billion pounds a year.", "estimated",
         "the cost at 2 billion pounds a year", "Economists"),
        # but not a date after it
        ("The mayor denied the report on Monday.", "denied", "the report", "The mayor"),
        # adjectives of stance, hand-listed or learned ("a:" lemmas)
        ("The union was confident that the strike would end.", "confident",
         "that the strike would end", "The union"),
        ("Residents were critical of the new harbour tax.", "critical",
         "the new harbour tax", "Residents"),
        ("The council was lukewarm about the expansion.", "lukewarm", "the expansion",
         "The council"),
        ("The union was eager to strike again.", "eager", "to strike again", "The union"),
        # a nominal cue with an infinitive
        ("The mayor's refusal to publish the costs angered residents.", "refusal",
         "to publish the costs", "The mayor's"),
        # a speech participle with an object says the object, not the clause it hangs on
        ("The senator spoke for an hour, citing the rising harbour costs.", "citing",
         "the rising harbour costs", "The senator"),
        # and so does one with a "to" object, even a verb of saying
        ("Health Secretary Victoria Atkins insisted the government was “making progress”, "
         "pointing to a fall in waiting times.", "pointing", "a fall in waiting times",
         "Health Secretary Victoria Atkins"),
        # "as" complements the parser attaches loosely
        ("The mayor referred to the protesters as troublemakers.", "referred",
         "the protesters as troublemakers", "The mayor"),
        ("Voters see the mayor as most likely to win.", "see",
         "the mayor as most likely to win", "Voters"),
        # a participle inside its own source
        ("Residents backing the harbour tax were older.", "backing", "the harbour tax",
         "Residents"),
        # whoever issued the statement is its source
        ("The council issued a statement saying the harbour would stay open.", "saying",
         "the harbour would stay open", "The council"),
        # every object of the cue: "re-election" misparsed as three objects
        ("The group endorsed the re-election of Mayor Ana Ruiz.", "endorsed",
         "the re-election of Mayor Ana Ruiz", "The group"),
        # the rest of the content, hung on the cue by the parser, but not the scene
        ("The mayor tweeted a photo of the harbour alongside a list of the costs.", "tweeted",
         "a photo of the harbour alongside a list of the costs", "The mayor"),
        ("The mayor tweeted a photo of the harbour at a press conference.", "tweeted",
         "a photo of the harbour", "The mayor"),
        # ... a clause with a conjunction even when its verb is a learned cue lemma
        ("The mayor also sought to soften her tone as she drew sharp contrasts on harbour "
         "policy.", "sought", "to soften her tone as she drew sharp contrasts on harbour policy",
         "The mayor"),
        # two clauses the parser hangs on the cue are one content
        ("The mayor said she intends to finish the harbour this year, so the ferries will "
         "have more room in July.", "said", "she intends to finish the harbour this year, so "
         "the ferries will have more room in July", "The mayor"),
        # a relative clause with a cue of its own is that cue's, not the outer one's
        ("The mayor said the new harbour tax would fall on the ferry companies, who she "
         "accused of hiding their profits.", "said",
         "the new harbour tax would fall on the ferry companies", "The mayor"),
        # a trailing cue with an object of its own says that object, not the clause before
        ("The mayor opened the new terminal on Friday, as she called for more ferries.",
         "called", "more ferries", "she"),
        # a clause before a semicolon is not what a cue after it reports
        ("Nearly all of the harbour unions have publicly endorsed the mayor; last month, the "
         "campaign announced a list of 85 supporters from the port.", "announced",
         "a list of 85 supporters from the port", "the campaign"),
        # an intention verb's infinitive, not the date misparsed as its object
        ("The mayor promised Sunday at a harbour rally to end the ferry strike.", "promised",
         "to end the ferry strike", "The mayor"),
        # a cue in a clause of its own is not the inverted "X, she said" ...
        ("The mayor said the harbour would stay open, while critics called the plan reckless.",
         "called", "the plan reckless", "critics"),
        # ... but "as X noted" is
        ("The harbour is losing money, as the mayor noted.", "noted",
         "The harbour is losing money", "the mayor"),
        # the object of "worried" holds the view; the subject is what it is about
        ("The harbour tax worried some ferry operators.", "worried", "The harbour tax",
         "some ferry operators"),
        # a poll answer: "said yes" (spaCy: an interjection, no object)
        ("Asked whether the harbour should stay open, 46 percent of residents said yes.",
         "said", "yes", "46 percent of residents"),
        # "..., according to X" after a comma: the whole sentence, not the verb it hangs on
        ("The team is led by two former council officials and includes staff from the harbour "
         "board, according to people familiar with the plan.", "according to",
         "The team is led by two former council officials and includes staff from the harbour "
         "board", "people familiar with the plan"),
    ],
)
def test_learned_lemma_patterns(text: str, cue: str, content: str, source: str | None) -> None:
    att = by_cue(text, cue)
    assert [text[s:e] for s, e in att.content] == [content]
    if source is not None:
        assert att.source is not None and text[att.source.start:att.source.end] == source


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The governor endorsed one of the methods for stopping the plan: freeing all "
         "delegates to vote their conscience.", "endorsed",
         ["one of the methods for stopping the plan",
          "freeing all delegates to vote their conscience"]),
        ("The mayor announced the following decision:\n\n“We offer our condolences to the "
         "family. He was a friend of the harbour.”", "announced",
         ["the following decision",
          "“We offer our condolences to the family. He was a friend of the harbour.”"]),
    ],
)
def test_a_content_that_ends_at_a_colon_goes_on_after_it(
        text: str, cue: str, content: list[str]) -> None:
    assert [text[s:e] for s, e in by_cue(text, cue).content] == content


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parser makes the speaker the subject of "Keep" / "endorsed", a clause of "said"
        ('"What is shaping up is a fight for the harbour," said Jane Kovac, a union organiser '
         "who heads the pro-ferry campaign Keep the Boats.", "Jane Kovac"),
        ("''We need one or two big ideas for the port,'' said Tom Ruiz, who served as harbour "
         "master during the mayor's first term yet endorsed her rival in the primary.",
         "Tom Ruiz"),
    ],
)
def test_a_speaker_misparsed_as_a_clause_subject_says_the_quote(text: str, speaker: str) -> None:
    att = by_cue(text, "said")
    quote_end = text.index(",", 3) + (3 if text.startswith("''") else 2)
    assert [text[s:e] for s, e in att.content] == [text[:quote_end]]
    assert att.source is not None and text[att.source.start:att.source.end].startswith(speaker)


def test_a_date_after_a_preposition_is_no_content() -> None:
    assert candidates("The council voted on Tuesday.") == []
    text = "The council voted on the harbour budget on Tuesday."
    assert [text[s:e] for s, e in by_cue(text, "voted").content] == ["the harbour budget"]


def test_a_title_misparsed_as_a_clause_after_the_cue_is_no_content() -> None:
    # the parser makes "ranking" a clause of "said" with the name as its object
    text = ("“The harbour plan is a mess and everyone knows it,\" said Oversight ranking "
            "Democrat Elijah Cummings (D-Md.).")
    att = by_cue(text, "said")
    assert [text[s:e] for s, e in att.content] == [
        "“The harbour plan is a mess and everyone knows it,\""]
    assert att.source is not None and "Elijah Cummings" in text[att.source.start:att.source.end]


def test_a_hedged_stance_is_the_writers_guess() -> None:
    """"Perhaps X forgot Y" mocks X; X said nothing. A hedged speech verb stays a cue."""
    text = "Perhaps the mayor forgot the victims of the flood."
    assert not [a for a in candidates(text) if a.cue and text[a.cue[0]:a.cue[1]] == "forgot"]
    by_cue("Perhaps the mayor said it best: the harbour must stay open.", "said")


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


def test_made_it_clear_has_a_lemma_of_its_own() -> None:
    # "make" is rarely a cue; "made it clear that" nearly always is, so the filter weighs it apart
    text = "The mayor made it clear that the harbour would stay open."
    att = by_cue(text, "made")
    assert att.features.get("bias_lemma=make_clear") == 1.0



def test_passive_cue_with_an_agent() -> None:
    text = "The plan was rejected by the council."
    att = by_cue(text, "rejected")
    assert att.source is not None and text[att.source.start:att.source.end] == "the council"
    assert [text[s:e] for s, e in att.content] == ["The plan"]


def test_raising_verb_takes_subject_and_predicate_without_a_source() -> None:
    text = "The plan seems to have failed."
    att = by_cue(text, "seems")
    assert [text[s:e] for s, e in att.content] == ["The plan", "to have failed"]
    assert att.source is None and att.kind == "no_source"


def test_expletive_subject_of_a_stance_adjective_is_no_source() -> None:
    # "it is certain that ...": the writer's own view, not an attribution
    text = "It is certain that the plan failed."
    assert not [a for a in candidates(text) if a.cue and text[a.cue[0]:a.cue[1]] == "certain"]


def test_source_leaves_out_a_clause_hung_on_the_name() -> None:
    text = ("“That is a fair point, because they are very committed,” Marsh, 52, told the "
            "radio station on Monday.")
    att = by_cue(text, "told")
    assert att.source is not None and text[att.source.start:att.source.end] == "Marsh, 52"
    assert att.kind == "direct"


def test_a_cue_inside_a_source_is_dropped_only_when_the_source_is_anonymous() -> None:
    anonymous = "Officials who asked not to be named said the strike killed 12 people."
    assert [anonymous[a.cue[0]:a.cue[1]] for a in candidates(anonymous) if a.cue] == ["said"]
    named = "Smith, who once praised the deal, said it had failed."
    praised = by_cue(named, "praised")  # a relation of its own inside the source of "said"
    assert [named[s:e] for s, e in praised.content] == ["the deal"]
    said = by_cue(named, "said")
    assert said.source is not None
    assert named[said.source.start:said.source.end] == "Smith, who once praised the deal"


def test_the_subject_of_was_quoted_is_the_source() -> None:
    text = "“We want the harbour back,” one resident was quoted as saying."
    att = by_cue(text, "saying")  # one relation, of "saying", as with a "that" clause
    assert not [a for a in candidates(text) if a.cue and text[a.cue[0]:a.cue[1]] == "quoted"]
    assert att.source is not None and text[att.source.start:att.source.end] == "one resident"
    assert att.kind == "direct"


def test_quoted_x_as_saying_is_x_via_the_outlet() -> None:
    text = "The Times quoted a senior official as saying that the talks had failed."
    att = by_cue(text, "saying")
    assert [text[s:e] for s, e in att.content] == ["that the talks had failed"]
    assert att.source is not None and att.via is not None
    assert text[att.source.start:att.source.end] == "a senior official"
    assert text[att.via.start:att.via.end] == "The Times" and att.via.type == "media"


def test_relative_pronoun_object_keeps_its_complement() -> None:
    text = "The plan, which the mayor described as a gift to developers, failed."
    att = by_cue(text, "described")
    assert [text[s:e] for s, e in att.content] == ["which", "as a gift to developers"]


def test_cue_parsed_as_a_conjunct_after_its_clause() -> None:
    # the parser makes "told" a conjunct of "remains"; the clause before it is what was told
    text = ("Despite the costly defeats, the senator remains committed to the race, "
            "his top aide, Anna Berg, told the Daily Harbour.")
    att = by_cue(text, "told")
    assert [text[s:e] for s, e in att.content] == [
        "Despite the costly defeats, the senator remains committed to the race"]
    assert att.source is not None
    assert text[att.source.start:att.source.end] == "his top aide, Anna Berg"


def test_passive_without_agent_takes_subject_and_complement_without_source() -> None:
    text = "The two harbour towns are widely seen as council strongholds."
    att = by_cue(text, "seen")
    assert [text[s:e] for s, e in att.content] == [
        "The two harbour towns", "as council strongholds"]
    assert att.source is None


def test_source_is_the_unbroken_phrase_around_the_name() -> None:
    # misparsed: "Berg" is the root and "weak" hangs on it after the cue's clause
    text = "Berg, a council ally, called the town’s standards “weak.”"
    att = by_cue(text, "called")
    assert att.source is not None
    assert text[att.source.start:att.source.end] == "Berg, a council ally"
