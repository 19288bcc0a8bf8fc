"""Attribution extraction on short articles written for these tests (real spaCy model)."""

from __future__ import annotations

from typing import Any

import pytest

from presslens import Article
from presslens.attribution.profile import WordChars
from presslens.attribution.sources import SourceTyper
from presslens.nlp import parse_text
from presslens.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_names(["parse", "attributions"])


def run(pipeline: Pipeline, text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    out = pipeline(Article(id="t", text=text)).to_dict(("attributions", "sourcing"))
    return out["attributions"], out["sourcing"]


def texts(text: str, parts: list[dict[str, Any]]) -> list[str]:
    return [text[p["start"] : p["end"]] for p in parts]


def sources_by_cue(atts: list[dict[str, Any]]) -> dict[str, Any]:
    """Cue text -> source (the last relation of a cue that occurs twice)."""
    return {a["cue"]["text"]: a["source"] for a in atts if a["cue"]}


def sources_by_text(text: str, atts: list[dict[str, Any]]) -> dict[str, Any]:
    """Source phrase -> source."""
    return {texts(text, [a["source"]])[0]: a["source"] for a in atts if a["source"]}


def find(atts: list[dict[str, Any]], cue: str) -> dict[str, Any]:
    hits = [a for a in atts if a["cue"] and a["cue"]["text"] == cue]
    assert len(hits) == 1, f"expected one attribution with cue {cue!r}, got {atts}"
    return hits[0]


PRONOUN = (
    "Foreign Minister Javad Zarif, the country's top diplomat, arrived in Vienna on Monday.\n\n"
    "He underlined that the deal was final. “We will not renegotiate,” he said."
)


def test_pronoun_speaker_across_paragraphs(pipeline: Pipeline) -> None:
    atts, _ = run(pipeline, PRONOUN)
    a = find(atts, "underlined")
    assert a["kind"] == "indirect"
    assert texts(PRONOUN, a["content"]) == ["that the deal was final"]
    assert PRONOUN[a["source"]["start"] : a["source"]["end"]] == "He"
    assert a["source"]["entity"] == "Javad Zarif"
    assert a["source"]["type"] == "official"  # a person with a title
    b = find(atts, "said")
    assert b["kind"] == "direct"
    assert texts(PRONOUN, b["content"]) == ["“We will not renegotiate,”"]
    assert b["source"]["entity"] == "Javad Zarif"
    for rec in atts:  # the record covers content, cue and source
        assert rec["start"] <= min(p["start"] for p in rec["content"])
        assert PRONOUN[rec["start"] : rec["end"]] == rec["text"]


@pytest.mark.parametrize(
    ("text", "cue", "kind", "content", "source", "stype"),
    [
        # inverted order, curly quotes
        ("“The economy is strong,” said the minister. The opposition disagreed.",
         "said", "direct", ["“The economy is strong,”"], "the minister", "official"),
        # straight quotes
        ('"We are ready," the general told reporters on Friday.',
         "told", "direct", ['"We are ready,"'], "the general", "official"),
        # indirect, anonymous source with a relative clause
        ("A security source, who asked not to be named, said the attack was planned for weeks.",
         "said", "indirect", ["the attack was planned for weeks"],
         "A security source, who asked not to be named", "anonymous"),
        # mixed: partly quoted
        ("Senator Jane Smith said the bill was “a disaster for farmers” and would fail.",
         "said", "mixed", ["the bill was “a disaster for farmers” and would fail"],
         "Senator Jane Smith", "official"),
        # according to a document
        ("The company lost $3 million in 2019, according to a report by the auditors.",
         "according to", "according_to", ["The company lost $3 million in 2019"],
         "a report by the auditors", "document"),
        # according to a news agency
        ("Ten people were arrested, according to Reuters.",
         "according to", "according_to", ["Ten people were arrested"], "Reuters", "media"),
        # passive cue
        ("Mr. Brown was quoted as saying that the plan would work.",
         "saying", "indirect", ["that the plan would work"], "Mr. Brown", "person"),
    ],
)
def test_kinds_and_source_types(
    pipeline: Pipeline, text: str, cue: str, kind: str, content: list[str], source: str,
    stype: str,
) -> None:
    atts, _ = run(pipeline, text)
    a = find(atts, cue)
    assert a["kind"] == kind
    assert texts(text, a["content"]) == content
    assert text[a["source"]["start"] : a["source"]["end"]] == source
    assert a["source"]["type"] == stype


def test_quoted_as_saying_is_one_attribution(pipeline: Pipeline) -> None:
    text = "A government spokesperson was quoted as saying that the curfew would end on Sunday."
    atts, _ = run(pipeline, text)
    assert [a["cue"]["text"] for a in atts] == ["saying"]  # not "quoted" over the same words
    assert atts[0]["source"]["text"] == "A government spokesperson"


def test_quoted_as_saying_with_a_quotation_is_one_attribution(pipeline: Pipeline) -> None:
    text = ("The transport minister, Elena Varga, was quoted as saying that the rules "
            "“must be respected by everyone”.")
    atts, _ = run(pipeline, text)
    assert [a["cue"]["text"] for a in atts] == ["saying"]  # the quotation is not "quoted"'s
    assert atts[0]["kind"] == "mixed"


def test_no_source_passive(pipeline: Pipeline) -> None:
    text = "It was reported that the bridge had been closed. Three people died in the blast."
    atts, _ = run(pipeline, text)
    a = find(atts, "reported")
    assert a["kind"] == "no_source" and a["source"] is None
    assert texts(text, a["content"]) == ["that the bridge had been closed"]


def test_chain_anonymous_via_media(pipeline: Pipeline) -> None:
    text = "Sources told the Iranian news agency that the talks had collapsed."
    atts, _ = run(pipeline, text)
    a = find(atts, "told")
    assert a["source"]["text"] == "Sources" and a["source"]["type"] == "anonymous"
    assert a["via"]["text"] == "the Iranian news agency" and a["via"]["type"] == "media"
    assert texts(text, a["content"]) == ["that the talks had collapsed"]


SAID = "said that the new rules would take effect in May."


@pytest.mark.parametrize(
    ("text", "cue", "entity"),
    [
        ("Leaders of the Green Harbour Party met on Monday.\n\n"
         f"The defence ministry {SAID}", "said", None),
        ("The Ministry of Defence met leaders of the Green Harbour Party on Monday.\n\n"
         f"The ministry {SAID}", "said", "Ministry of Defence"),
        ("Leaders of the Green Harbour Party met on Monday.\n\n"
         f"The party {SAID}", "said", "Green Harbour Party"),
    ],
)
def test_institution_description_needs_a_matching_name(
    pipeline: Pipeline, text: str, cue: str, entity: str | None
) -> None:
    a = find(run(pipeline, text)[0], cue)
    assert a["source"]["entity"] == entity
    if "ministry" in a["source"]["text"].lower():  # a ministry speaks for the government
        assert a["source"]["type"] == "official"


def test_description_resolves_to_appositive_name(pipeline: Pipeline) -> None:
    text = ("Maria Lopez, the Texan lawmaker, spoke in Austin on Monday.\n\n"
            "The lawmaker warned that the border policy would fail.")
    atts, _ = run(pipeline, text)
    a = find(atts, "warned")
    assert a["source"]["text"] == "The lawmaker"
    assert a["source"]["entity"] == "Maria Lopez"


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("The company's chief executive, Maria Lopez, said profits would rise.", "Maria Lopez"),
        ("Her lawyer, John Okafor, said the charges would be dropped.", "John Okafor"),
        ("Jane Smith supporters said the vote was stolen.", None),  # a modifier, not a name
    ],
)
def test_appositive_names_the_source(pipeline: Pipeline, text: str, entity: str | None) -> None:
    a = find(run(pipeline, text)[0], "said")
    assert a["source"]["entity"] == entity


@pytest.mark.parametrize(
    ("text", "stype"),
    [
        ("A Google spokeswoman said the service was restored.", "organisation"),
        ("A spokesman for Exxon Mobil said the spill was contained.", "organisation"),
        ("A CNN spokeswoman said the report was accurate.", "media"),
        ("A spokesman for the foreign ministry said talks would resume.", "official"),
        ("The FBI director said the case was closed.", "official"),
        # title-holders of companies, unions and campaigns speak for an organisation
        ("A company spokeswoman said the appeal would be filed.", "organisation"),
        ("Union leaders said the strike could last a month.", "organisation"),
        ("Union secretary Arjun Mehta said the deal was fair.", "organisation"),
        ("The airline's chief executive, Tomas Lindqvist, said the fine was unfair.",
         "organisation"),
        ("The port operator, Meridian Terminals, said the offer was fair.", "organisation"),
        ("Chief financial officer Daniel Okoro said rates would stay low.", "organisation"),
        ("Exxon CEO Darren Woods said the spill was contained.", "organisation"),
        ("Tech lobby group DigitalEurope said the law could stifle innovation.",
         "organisation"),  # the name is tagged PERSON
        ("Europe's data regulators said the rules would apply next year.", "official"),
        ("The regional health authority said three people were hurt.", "official"),
        # a generic group speaks from the organisation it works at
        ("Economists at the Institute for Fiscal Studies said the cut would cost billions.",
         "organisation"),
        ("Party leaders said the vote was fair.", "official"),
        # police ranks and councillors hold public office; a police force is a public body
        ("Detective Inspector Mark Hollis said the fire was started deliberately.", "official"),
        ("Councillor Ben Ortega said the plan would hurt small businesses.", "official"),
        ("Two men were arrested, the Essex force said.", "official"),
        ("Justice Miriam Cole said the decision was flawed in law.", "official"),
        # a capitalised plural at a sentence start is no organisation (tagged NORP)
        ("Neighbours said they heard four or five shots.", "unspecified"),
        # a request for anonymity makes any unnamed source anonymous
        ("One woman, who asked not to be named, said she thought it was fireworks.",
         "anonymous"),
        # a company title held in local government (the name is tagged ORG)
        ("The county chief executive, Paul Dent, said the rota rules would be reviewed.",
         "official"),
    ],
)
def test_a_title_speaks_for_the_organisation_named_with_it(
    pipeline: Pipeline, text: str, stype: str
) -> None:
    assert find(run(pipeline, text)[0], "said")["source"]["type"] == stype


def test_a_business_title_holder_stays_an_organisation_voice_as_he(pipeline: Pipeline) -> None:
    text = ("The airline's chief executive, Tomas Lindqvist, called the fine unfair.\n\n"
            "He said most refunds had been paid on time.")
    src = find(run(pipeline, text)[0], "said")["source"]
    assert (src["entity"], src["type"]) == ("Tomas Lindqvist", "organisation")


def test_a_name_after_a_title_is_a_person_even_when_tagged_org(pipeline: Pipeline) -> None:
    # the small model tags "Ivo Matic" ORG; the title before it says otherwise
    text = ("Government spokesman Ivo Matic dismissed the claims as “theatre”. "
            "The government, he said, “condemns all threats”.")
    atts, _ = run(pipeline, text)
    for cue in ("dismissed", "said"):
        src = find(atts, cue)["source"]
        assert (src["entity"], src["type"]) == ("Ivo Matic", "official")
    # "Lars Eklund" is tagged a building (FAC); "he" is him, not the minister before him
    text = ("Finance Minister Rosa Delgado said the deal would pass. Green Party deputy Lars "
            "Eklund said his party had doubts. “We will not vote for it,” he said.")
    atts, _ = run(pipeline, text)
    assert [a["source"]["entity"] for a in atts if a["cue"]["text"] == "said"] == [
        "Rosa Delgado", "Lars Eklund", "Lars Eklund"]


def test_a_speaker_hung_on_an_introductory_phrase(pipeline: Pipeline) -> None:
    # the parser makes the minister an appositive of "Radio Lisboa", leaving "said" no subject
    text = ("In an interview with Radio Lisboa, Portugal's agriculture minister, Joao Pires, "
            "said he expected harvests to fall by a fifth. Pires later wrote on Facebook that "
            "his comments had been “taken out of context”.")
    atts, _ = run(pipeline, text)
    said = find(atts, "said")
    assert said["source"]["text"] == "Portugal's agriculture minister, Joao Pires"
    assert said["source"]["entity"] == "Joao Pires" and said["kind"] == "indirect"
    # "Pires" opening a sentence is tagged a common noun: still the minister
    assert find(atts, "wrote")["source"]["entity"] == "Joao Pires"


def test_a_title_parsed_as_a_verb(pipeline: Pipeline) -> None:
    # "lead" is parsed as a verb with the quotation as its clause
    text = ("Temperatures could break records again.\n\n“The odds of a repeat of last year's "
            "heatwave have roughly tripled,” lead author Sofia Marin of the University of "
            "Lisbon wrote in a blog post.")
    atts, _ = run(pipeline, text)
    a = find(atts, "wrote")
    assert a["kind"] == "direct" and a["source"]["entity"] == "Sofia Marin"
    assert not [x for x in atts if x["cue"] and x["cue"]["text"] == "lead"]


def test_the_company_is_the_organisation_the_story_is_about(pipeline: Pipeline) -> None:
    text = ("Northway Logistics reported a drop in profit. Northway Logistics cut its outlook. "
            "“They are spending cash they will need,” said Helen Park, a manager at Crestview "
            "Capital. The company said it would announce a plan in March.")
    atts, _ = run(pipeline, text)
    src = next(a["source"] for a in atts if a["source"]["text"] == "The company")
    assert src["entity"] == "Northway Logistics"  # not the fund named last


def test_a_headline_title_is_the_person_given_it_below(pipeline: Pipeline) -> None:
    text = ("Mayor defends housing plan\n\nMayor Carla Ruiz on Wednesday defended her plan "
            "to build 5,000 homes. Critics said the plan was rushed.")
    src = find(run(pipeline, text)[0], "defends")["source"]
    assert (src["text"], src["entity"], src["type"]) == ("Mayor", "Carla Ruiz", "official")


def test_the_target_of_faced_questions_is_not_their_source(pipeline: Pipeline) -> None:
    text = "Price has faced questions over his finances before."
    atts, _ = run(pipeline, text)
    assert all(a["source"] is None for a in atts if a["cue"]["text"] == "questions")
    text = "Price has faced questions from MPs over his finances."
    assert find(run(pipeline, text)[0], "questions")["source"]["text"] == "MPs"


def test_every_answer_of_an_interview_is_the_interviewees(pipeline: Pipeline) -> None:
    # "government" after "Ferrante:" is parsed as her appositive: no organisation for that
    text = ("We asked Dr Nadia Ferrante, a nutrition researcher, what will change.\n\n"
            "Q: Who pays for it?\n\n"
            "Ferrante: The national government, through a grant to councils.\n\n"
            "Q: Will the food be healthier?\n\n"
            "Ferrante: That depends on the school and on who checks the menus.\n")
    atts, _ = run(pipeline, text)
    answers = [a for a in atts if a["cue"] and a["cue"]["text"] == ":"]
    assert [texts(text, a["content"])[0][:16] for a in answers] == ["The national gov",
                                                                    "That depends on "]
    assert {a["source"]["entity"] for a in answers} == {"Nadia Ferrante"}


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("The delegation is led by Deputy Foreign Minister Leyla Aziz, whose office said "
         "in a statement that the forces would respect any agreement.", "said",
         ("whose office", "Leyla Aziz", "official")),
        ("Senator Rachel Dunn defended her vote. Dunn's office pointed to a poll showing "
         "that most voters back the pipeline.", "pointed",
         ("Dunn's office", "Rachel Dunn", "official")),
    ],
)
def test_a_persons_office_is_that_person_typed_as_the_office(
    pipeline: Pipeline, text: str, cue: str, source: tuple[str, str, str],
) -> None:
    src = find(run(pipeline, text)[0], cue)["source"]
    assert (src["text"], src["entity"], src["type"]) == source


def test_organisations_that_only_end_alike_stay_apart(pipeline: Pipeline) -> None:
    text = ("Negotiators returned to Geneva on Monday, the United Nations said. “We are "
            "optimistic,” UN envoy Henrik Dahl told reporters outside the Palais des Nations.")
    assert find(run(pipeline, text)[0], "said")["source"]["entity"] == "United Nations"


def test_a_name_the_article_calls_a_company_is_one(pipeline: Pipeline) -> None:
    # the small model tags "Streamline" a place; the appositive says what it is
    text = ("Irish regulators are preparing to fine Streamline, the social media company, "
            "two people with knowledge of the matter told Reuters. The breach exposed 40 "
            "million users, the company admitted in March. Streamline has said it fixed the "
            "flaw. “We take privacy seriously,” a Streamline spokesperson said.")
    atts, _ = run(pipeline, text)
    sources = sources_by_cue(atts)
    assert (sources["admitted"]["entity"], sources["admitted"]["type"]) == (
        "Streamline", "organisation")  # not Reuters, named just before
    assert [a["source"]["type"] for a in atts if a["cue"]["text"] == "said"] == [
        "organisation", "organisation"]


def test_interview_answers_are_the_speakers(pipeline: Pipeline) -> None:
    text = ("What the new data law means\n\nWe asked privacy lawyer Tomasz Wrona what "
            "changes.\n\nQ: Who is affected?\n\nWrona: Every app that tracks where you are, "
            "from maps to food delivery.\n\nNote: This interview was edited for length.")
    atts, _ = run(pipeline, text)
    answer = find(atts, ":")  # not "Q:" or "Note:", whose speakers are nobody named
    assert answer["source"]["entity"] == "Tomasz Wrona"  # tagged ORG after "lawyer"
    assert texts(text, answer["content"]) == [
        "Every app that tracks where you are, from maps to food delivery"]


def test_a_surname_counts_whatever_its_tag(pipeline: Pipeline) -> None:
    # the small model tags the lone "Okoro" a work of art
    text = ("Chief financial officer Daniel Okoro told analysts on a conference call that the "
            "company expected rates to stay low \"well into next year\". Its shares fell 6 "
            "percent in early trading.\n\n\"This is a tough market, and we are not going to "
            "pretend otherwise,\" Okoro said.")
    assert find(run(pipeline, text)[0], "said")["source"]["entity"] == "Daniel Okoro"


def test_data_and_an_organisations_website_are_documents(pipeline: Pipeline) -> None:
    text = "Shares fell 3 percent, data from the stock exchange showed."
    assert find(run(pipeline, text)[0], "showed")["source"]["type"] == "document"
    text = "The company employs around 60 people at the site, according to its website."
    assert find(run(pipeline, text)[0], "according to")["source"]["type"] == "document"


@pytest.mark.parametrize(
    ("text", "cue", "stype"),
    [
        ("Government to raise fuel duty, Treasury papers show.", "show", "document"),
        ("Court papers filed on Monday said the firm owed 2 million pounds.", "said", "document"),
        ("The Sunday papers reported that the minister would resign.", "reported", "media"),
    ],
)
def test_papers_of_a_body_are_documents_and_the_papers_are_the_press(
    pipeline: Pipeline, text: str, cue: str, stype: str,
) -> None:
    assert find(run(pipeline, text)[0], cue)["source"]["type"] == stype


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # a headline's noun compound parsed as noun + verb
        ("Ceasefire talks resume as shelling eases\n\nNegotiators met on Monday.", "talks"),
        # what is said, as the subject of a verb of growth, is the writer's framing
        ("Claims mount over hospital's missing records\n\nThe hospital lost files.", "mount"),
        ("Questions remain over the cost of the new bridge.", "remain"),
        # what the writer says someone ought to say
        ("The planning committee votes next Thursday. Councillors should say no.", "say"),
        # an imperative, in a column or an interview answer
        ("Ask the school to publish its menus. Most already do.", "Ask"),
        ("Minister Alan Price resigned after he had claimed 12,000 pounds in expenses.",
         "claimed"),
        # "dismissed" a person: sacked, not a claim rejected
        ("Northbridge United have dismissed manager Carlo Benedetti after a 3-0 defeat.",
         "dismissed"),
    ],
)
def test_words_that_look_like_cues_but_report_nobody(
    pipeline: Pipeline, text: str, cue: str,
) -> None:
    atts, _ = run(pipeline, text)
    assert [a["cue"]["text"] for a in atts if a["cue"] and a["cue"]["text"] == cue] == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The minister dismissed the report as nonsense.", "the report as nonsense"),
        # a person dismissed *as* something: a view of him, not a sacking
        ("The governor dismissed Scott Walker as an ineffective leader.",
         "Scott Walker as an ineffective leader"),
    ],
)
def test_dismissing_a_claim_or_a_person_as_something_is_still_a_cue(
    pipeline: Pipeline, text: str, content: str,
) -> None:
    a = find(run(pipeline, text)[0], "dismissed")
    assert texts(text, a["content"]) == [content]


@pytest.mark.parametrize("body", ["council", "court", "commission", "embassy"])
def test_an_unnamed_public_body_is_official(pipeline: Pipeline, body: str) -> None:
    text = f"The {body} said the harbour ban was lawful."
    assert find(run(pipeline, text)[0], "said")["source"]["type"] == "official"


def test_unclosed_quote_closes_at_paragraph_end(pipeline: Pipeline) -> None:
    text = ("The mayor spoke after the flood.\n\n"
            "He said: “We will rebuild every house\n\nThe council met later.")
    atts, _ = run(pipeline, text)
    a = find(atts, "said")
    assert texts(text, a["content"]) == ["“We will rebuild every house"]
    assert a["kind"] == "direct"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        # a colon, the quote in the next paragraph, continued in the one after
        ("Caddell continued:\n\n"
         "“The health issue is a partisan issue. It will decide the race.\n\n"
         "“Voters have made up their minds.”",
         "continued", ["“The health issue is a partisan issue. It will decide the race.",
                       "“Voters have made up their minds.”"]),
        # the quote's first paragraph, left open, comes before the cue's paragraph
        ("The coach spoke after the match.\n\n"
         "“We were slow in the first half and paid for it,\n\n"
         "“but the second half showed what this team can do,” said the coach.",
         "said", ["“We were slow in the first half and paid for it,",
                  "“but the second half showed what this team can do,”"]),
    ],
)
def test_quote_over_paragraphs(pipeline: Pipeline, text: str, cue: str,
                               content: list[str]) -> None:
    a = find(run(pipeline, text)[0], cue)
    assert a["kind"] == "direct"
    assert texts(text, a["content"]) == content


def test_no_attributions(pipeline: Pipeline) -> None:
    text = "The weather was nice on Sunday and the children played in the park."
    atts, sourcing = run(pipeline, text)
    assert atts == []
    assert sourcing["attributions"] == 0 and sourcing["by_type"] == {}
    assert sourcing["anonymous_share"] == 0.0
    assert texts(text, sourcing["unattributed_sentences"]) == [text]  # a date, unsourced


@pytest.mark.parametrize(
    "text",
    [
        "Anyone who takes money from lobbyists cannot claim to fight for workers.",
        "People who skip every vote should not claim that they represent the district.",
        "Those who cut the school budget can't say they care about children.",
        # the modal sits on "claim", the verb the subject belongs to, not on the cue "defend"
        "Those who shake hands with terrorists cannot claim to defend the people.",
        # a universal subject with a verb of thinking in the present tense
        "Every patriot understands what such meetings mean.",
        "Everyone knows that the tax will fall on the poor.",
    ],
)
def test_generic_hypothetical_subject_is_no_attribution(pipeline: Pipeline, text: str) -> None:
    # the writer's own opinion about a kind of person: nobody claims or says anything
    atts, _ = run(pipeline, text)
    assert [a["cue"]["text"] for a in atts if a["cue"]] == []


def test_generic_subject_without_modal_still_speaks(pipeline: Pipeline) -> None:
    text = "Those who know the mayor said that she would run again."
    atts, _ = run(pipeline, text)
    a = find(atts, "said")
    assert texts(text, a["content"]) == ["that she would run again"]
    assert text[a["source"]["start"] : a["source"]["end"]] == "Those who know the mayor"


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        # speech is a report even from everyone: the reporter heard them
        ("Everyone I spoke to says the factory will close.", "says", "Everyone I spoke to"),
        # the past tense reports what happened
        ("Every member of the panel agreed that the deal was fair.", "agreed",
         "Every member of the panel"),
    ],
)
def test_universal_subject_reporting_still_speaks(
    pipeline: Pipeline, text: str, cue: str, source: str,
) -> None:
    atts, _ = run(pipeline, text)
    a = find(atts, cue)
    assert text[a["source"]["start"] : a["source"]["end"]] == source


def test_sourcing_profile(pipeline: Pipeline) -> None:
    text = (
        "Officials who asked not to be named said the strike killed 12 people.\n\n"
        "Foreign Minister Javad Zarif said the country would respond.\n\n"
        "The ministry opened in 1990."
    )
    atts, sourcing = run(pipeline, text)
    assert sourcing["attributions"] == len(atts) == 2
    assert set(sourcing["by_type"]) == {"anonymous", "official"}
    assert sum(sourcing["by_type"].values()) == pytest.approx(1.0, abs=1e-3)
    assert sourcing["anonymous_share"] == sourcing["by_type"]["anonymous"]
    assert sourcing["named_sources"] == [{"name": "Javad Zarif", "type": "official", "count": 1}]
    assert texts(text, sourcing["unattributed_sentences"]) == ["The ministry opened in 1990."]
    assert sourcing["unattributed_share"] == pytest.approx(1 / 3, abs=1e-3)


def test_a_sentence_headed_by_its_cue_is_attributed(pipeline: Pipeline) -> None:
    # the description after the name is longer than the quotation
    text = ("“I grabbed the dog, that's it,” said Ana Ribeiro, 58, standing outside a school "
            "that had been turned into a shelter for 300 people.")
    atts, sourcing = run(pipeline, text)
    assert find(atts, "said")["kind"] == "direct"
    assert sourcing["unattributed_sentences"] == []


def test_a_sentence_that_two_relations_share_is_attributed(pipeline: Pipeline) -> None:
    text = ("Sources at the club said a medical was scheduled for Monday, but Northbridge "
            "declined to comment on what it called “speculation”.")
    atts, sourcing = run(pipeline, text)
    assert len(atts) >= 2 and sourcing["unattributed_sentences"] == []


@pytest.mark.parametrize(
    ("text", "content", "own", "speaks"),
    [
        ("Officials said the strike killed 12 people.", "the strike killed 12 people",
         ["Officials", "said"], True),
        # a relative clause's relation inside the writer's sentence
        ('Malik, who called the arrests "a pretext", forgot the victims of the 2019 bombings.',
         'the arrests "a pretext"', ["who", "called"], False),
        # a sentence that is nothing but its source and cue ("Smith, 52, said:" + a quote)
        ("Smith, 52, said:", "", ["Smith, 52", "said"], True),
    ],
)
def test_speaks_for(text: str, content: str, own: list[str], speaks: bool) -> None:
    def ranges(parts: list[str]) -> list[tuple[int, int]]:
        return [(text.index(p), text.index(p) + len(p)) for p in parts if p]
    assert WordChars(text).speaks_for(ranges([content]), ranges(own), 0, len(text)) is speaks


def test_unclosed_quote_that_swallowed_its_cue(pipeline: Pipeline) -> None:
    text = "“This is only the beginning, the mayor told reporters.\n\nThe council met later."
    atts, _ = run(pipeline, text)
    a = find(atts, "told")
    assert a["kind"] == "direct"
    assert texts(text, a["content"]) == ["“This is only the beginning,"]
    assert a["source"]["text"] == "the mayor" and a["source"]["type"] == "official"


def test_quote_continues_in_same_paragraph(pipeline: Pipeline) -> None:
    text = ("“We are ready,” said Ann Lee, the party leader. “The campaign starts today.”")
    atts, sourcing = run(pipeline, text)
    a = find(atts, "said")
    assert texts(text, a["content"]) == ["“We are ready,”", "“The campaign starts today.”"]
    assert a["source"]["entity"] == "Ann Lee" and a["source"]["type"] == "official"
    assert sourcing["named_sources"][0]["name"] == "Ann Lee"


def test_short_quoted_sentence_continues_the_quote(pipeline: Pipeline) -> None:
    text = "“We are exhausted,” she said. “Nobody listens.” The union called it “fake news”."
    atts, _ = run(pipeline, text)
    a = find(atts, "said")
    # a short quoted sentence joins; a short quoted phrase (scare quotes) does not
    assert texts(text, a["content"]) == ["“We are exhausted,”", "“Nobody listens.”"]


def test_a_paragraph_that_is_one_quotation_continues_the_quote_before(pipeline: Pipeline) -> None:
    text = ("“The terminal is too small,” Osei said.\n\n"
            "“We have been turning ships away for two years.”\n\n"
            "The board voted on Thursday. “It is a start.”")
    atts, _ = run(pipeline, text)
    a = find(atts, "said")
    assert texts(text, a["content"]) == [
        "“The terminal is too small,”", "“We have been turning ships away for two years.”"]
    # a quotation in a paragraph with other words is not taken along
    assert not any("“It is a start.”" in texts(text, b["content"]) for b in atts)


def test_quote_split_by_its_cue_is_one_content(pipeline: Pipeline) -> None:
    text = "“The plan is dead,” the minister said on Monday, “and nobody will revive it.”"
    a = find(run(pipeline, text)[0], "said")
    assert a["kind"] == "direct"
    assert texts(text, a["content"]) == ["“The plan is dead,”", "“and nobody will revive it.”"]
    # another verb before the second quote: the two quotes are not joined
    text = "“We will fight,” she sang, before asking him, “where do we go from here?”"
    assert len(find(run(pipeline, text)[0], "sang")["content"]) == 1


def test_single_quotes_in_a_text_without_double_quotes(pipeline: Pipeline) -> None:
    text = ("Critics were unconvinced. 'Nobody has seen the costs,' said Paul Renner. "
            "'We have been asked to trust them. I don't.'\n\n"
            "The union's secretary said the members' vote had been 'unanimous'.")
    atts, _ = run(pipeline, text)
    renner, secretary = [a for a in atts if a["cue"]["text"] == "said"]
    assert (renner["kind"], renner["source"]["entity"]) == ("direct", "Paul Renner")
    assert texts(text, renner["content"]) == [
        "'Nobody has seen the costs,'", "'We have been asked to trust them. I don't.'"]
    assert secretary["kind"] == "mixed"
    assert texts(text, secretary["content"]) == ["the members' vote had been 'unanimous'"]


@pytest.mark.parametrize(
    ("text", "surname", "entity", "kind"),
    [
        # bare surnames that spaCy's NER leaves untagged or calls an organisation
        ("Shipping fees rose on Thursday, said Hana Kovac, who runs a ferry firm, "
         "and Paul Renner, a board member.\n\n"
         "Renner said the vote had been rushed. Kovac said prices would rise.",
         "Kovac", "Hana Kovac", "person"),
        ("Shipping fees rose on Thursday, said Hana Kovac, who runs a ferry firm, "
         "and Paul Renner, a board member.\n\n"
         "Renner said the vote had been rushed. Kovac said prices would rise.",
         "Renner", "Paul Renner", "person"),
        ("The board chair, Miriam Osei, defended the plan on Monday.\n\n"
         "“We cannot wait for the next flood,” Osei said.",
         "Osei", "Miriam Osei", "official"),
        # a surname opening a sentence, tagged a common noun and an organisation
        ("Donald Trump visited Ohio on Monday. Trump said the wall would be built.",
         "Trump", "Donald Trump", "person"),
    ],
)
def test_bare_surname_resolves_to_the_person_named_earlier(
    pipeline: Pipeline, text: str, surname: str, entity: str, kind: str
) -> None:
    atts, _ = run(pipeline, text)
    (a,) = [x for x in atts if x["source"] and x["source"]["text"] == surname]
    assert a["source"]["entity"] == entity and a["source"]["type"] == kind


@pytest.mark.parametrize(
    ("first", "entity"),
    [
        # the organisation that is the previous sentence's subject
        ("The Telmsford Harbour Authority approved the plan on Thursday.",
         "Telmsford Harbour Authority"),
        # "it" may be the document or the decision, not the organisation: no link
        ("The Telmsford Harbour Authority published a report on Thursday.", None),
        ("This decision by the Telmsford Harbour Authority was rushed.", None),
    ],
)
def test_it_as_a_source(pipeline: Pipeline, first: str, entity: str | None) -> None:
    text = first + " It said the expansion would create 400 jobs."
    assert find(run(pipeline, text)[0], "said")["source"]["entity"] == entity


@pytest.mark.parametrize(
    ("first", "kind"),
    [
        # the plural source just before "they"
        ("Six newspapers in the region said the governor was unfit to serve.", "media"),
        ("Officials who asked not to be named said the talks had failed.", "anonymous"),
        # a single person is not "they": no link
        ("Jane Smith, the harbour master, said the talks had failed.", "unspecified"),
    ],
)
def test_they_takes_the_plural_source_before_it(pipeline: Pipeline, first: str,
                                                kind: str) -> None:
    atts, _ = run(pipeline, first + " They added that the port would stay closed.")
    assert find(atts, "added")["source"]["type"] == kind


def test_a_short_name_in_a_headline_is_the_organisation_named_below(pipeline: Pipeline) -> None:
    text = ("Harbour authority approves expansion of the container terminal\n\n"
            "The Telmsford Harbour Authority on Thursday approved a plan to expand the "
            "terminal.")
    source = find(run(pipeline, text)[0], "approves")["source"]
    assert (source["entity"], source["type"]) == ("Telmsford Harbour Authority", "official")


def test_surname_without_an_earlier_full_name_stays_unresolved(pipeline: Pipeline) -> None:
    text = "Kovac said prices would rise after the vote on Thursday."
    a = find(run(pipeline, text)[0], "said")
    assert a["source"]["text"] == "Kovac" and a["source"]["entity"] in (None, "Kovac")


@pytest.mark.parametrize(
    ("first", "kind"),
    [
        ("A spokesperson for the regional environment agency welcomed the plan.", "official"),
        ("The state news agency carried the announcement first.", "media"),
        ("The port reopened on Friday.", "media"),  # no agency named: a news agency
    ],
)
def test_the_agency_is_the_agency_named_before(pipeline: Pipeline, first: str, kind: str) -> None:
    text = f"{first}\n\nThe agency said the water was safe to drink."
    a = find(run(pipeline, text)[0], "said")
    assert a["source"]["text"] == "The agency" and a["source"]["type"] == kind


def test_a_that_clause_parsed_as_a_relative_clause_is_what_was_said(pipeline: Pipeline) -> None:
    # the parser hangs "that ..." on "call" as a relative clause with "that" as its object
    text = ("Chief executive Johan Ekberg told analysts on a conference call that the company "
            "had grown too fast.")
    a = find(run(pipeline, text)[0], "told")
    assert texts(text, a["content"]) == ["that the company had grown too fast"]


def test_a_clause_parsed_as_a_conjoined_noun_is_not_the_content_before_it(
    pipeline: Pipeline,
) -> None:
    # the parser makes "group" a conjunct of "chanted" and "called" a modifier of the trust
    text = ("Supporters had chanted against him for weeks, and the club's largest fan group, "
            "the Northbridge Supporters' Trust, called on Tuesday for the board to resign.")
    atts, _ = run(pipeline, text)
    chanted = [a for a in atts if a["cue"] and a["cue"]["text"] == "chanted"]
    assert not any("called" in c["text"] for a in chanted for c in a["content"])
    assert texts(text, find(atts, "called")["content"]) == ["for the board to resign"]


def test_a_dateline_a_doctor_and_a_name_read_as_an_adverb(pipeline: Pipeline) -> None:
    # "DUBLIN" is tagged an organisation, "Chatterly" (ending in -ly) an adverb with no
    # subject left for "said", and "Marcus Hale" after "Dr" an organisation
    text = ("App fined\n\nDUBLIN — Ireland's Data Protection Commission on Tuesday fined "
            "Chatterly, the video-sharing app, 310 million euros.\n\n"
            "Chatterly said in a statement that it disagreed with the decision and would "
            "appeal. The company argued that most of the settings had been changed.\n\n"
            "Dr Marcus Hale, a cardiologist, noted that the fine was modest. He added that it was "
            "overdue.")
    atts, _ = run(pipeline, text)
    sources = sources_by_cue(atts)
    assert (sources["said"]["entity"], sources["said"]["type"]) == ("Chatterly", "organisation")
    assert sources["argued"]["entity"] == "Chatterly"  # not the dateline
    assert (sources["added"]["entity"], sources["added"]["type"]) == ("Marcus Hale", "person")


def test_wire_story_sources_and_unsourced_facts(pipeline: Pipeline) -> None:
    text = ("Tech giant unveils assistant\n\n"
            "SAN FRANCISCO — Orbital Systems on Tuesday announced that its assistant would "
            "ship in June.\n\n"
            "LONDON, March 3 (Reuters) - Orbital's shares rose 4 percent in 2025, the "
            "national statistics office said. The office said exports rose 3 percent.\n\n"
            "The Environment Agency said river levels had reached a record high. It warned "
            "that more rain was expected. A jury on Friday found the firm negligent.")
    atts, sourcing = run(pipeline, text)
    sources = sources_by_cue(atts)
    assert texts(text, [sources["announced"]]) == ["Orbital Systems"]  # not the dateline
    assert texts(text, [sources["found"]]) == ["A jury"]  # not "on Friday"
    assert (sources["warned"]["entity"], sources["warned"]["type"]) == (
        "Environment Agency", "official")  # "a record high" is no document in between
    office = [a["source"] for a in atts if a["cue"]["text"] == "said"
              and text[a["source"]["start"]:a["source"]["end"]] == "The office"]
    assert [(s["entity"], s["type"]) for s in office] == [
        ("national statistics office", "official")]
    named = {n["name"]: n["count"] for n in sourcing["named_sources"]}
    assert named.get("Orbital Systems") == 1 and "Orbital" not in named
    assert not any(s["text"].startswith("LONDON") for s in sourcing["unattributed_sentences"])


def test_the_subject_of_investigate_did_not_make_the_attack(pipeline: Pipeline) -> None:
    atts, _ = run(pipeline, "Police investigate arson attack on mosque\n\nNobody was hurt.")
    assert not [a for a in atts if a["cue"] and a["cue"]["text"] == "attack"]


def test_pronouns_after_an_unnamed_speaker_and_an_organisation(pipeline: Pipeline) -> None:
    text = ("A former senior aide to President Halvorsen says she told him repeatedly that "
            "the pension fund would collapse.\n\nIn an interview with this newspaper, Clara "
            "Nystrom, who served as deputy chief of staff until March, said the president "
            "ignored her.\n\nThe ministry said in a statement that the comments were "
            "unacceptable. It did not say whether the ambassador would be expelled.")
    atts, _ = run(pipeline, text)
    sources = sources_by_cue(atts)
    doc = parse_text(text)
    she = next(t for t in doc if t.lower_ == "she")
    assert SourceTyper(doc).resolve(doc[she.i : she.i + 1], she) is None  # the aide's
    # the relative clause hangs on "this newspaper", leaving "said" without a subject
    assert [a["source"] and a["source"]["entity"] for a in atts
            if a["content"][0]["text"].startswith("the president ignored")] == ["Clara Nystrom"]
    assert (sources["say"]["type"], texts(text, [sources["say"]])) == ("official", ["It"])


@pytest.mark.parametrize(("text", "source"), [
    ("Some so-called experts in the West claim that the villagers support the rebels.",
     "Some so-called experts"),
    ("Trump estimates that he spent between $45 million and $50 million to date.", "Trump"),
])
def test_a_verb_of_saying_read_as_a_noun_keeps_its_speaker(
    pipeline: Pipeline, text: str, source: str,
) -> None:
    # the tagger reads "claim" and "estimates" as nouns, leaving no verb in the sentence
    (att,) = run(pipeline, text)[0]
    assert att["source"] is not None and texts(text, [att["source"]]) == [source]
    assert texts(text, att["content"])[0].startswith("that ")


def test_a_club_and_statistics_as_sources(pipeline: Pipeline) -> None:
    text = ("Kelton United have sacked their manager after a cup defeat. The club said a "
            "change was needed. The government's own statistics show that fewer than 180,000 "
            "homes were completed last year.")
    atts, _ = run(pipeline, text)
    sources = sources_by_cue(atts)
    assert (sources["said"]["entity"], sources["said"]["type"]) == (
        "Kelton United", "organisation")
    assert sources["show"]["type"] == "document"


def test_an_organisations_voice_is_counted_as_that_organisation(pipeline: Pipeline) -> None:
    text = ("The Prudential Regulation Authority and Google were asked about the plan. A "
            "Google spokeswoman said the company was reviewing it. Analysts at Keswick "
            "Securities wrote that the bank was exposed. A spokesperson for the PRA said the "
            "rules were final.")
    atts, sourcing = run(pipeline, text)
    by_text = sources_by_text(text, atts)
    assert by_text["A Google spokeswoman"]["entity"] == "Google"
    assert by_text["Analysts at Keswick Securities"]["entity"] == "Keswick Securities"
    # "PRA" is the acronym of the authority named before: a public body
    pra = by_text["A spokesperson for the PRA"]
    assert (pra["entity"], pra["type"]) == ("Prudential Regulation Authority", "official")
    assert {n["name"] for n in sourcing["named_sources"]} >= {
        "Google", "Keswick Securities", "Prudential Regulation Authority"}


def test_as_someone_reported_sources_the_clause_it_opens(pipeline: Pipeline) -> None:
    text = ("As the Harbour Gazette reported last week, the council plans to close two "
            "libraries in the spring. As the storm grew, the council closed the pier.")
    atts, _ = run(pipeline, text)
    att = find(atts, "reported")
    assert texts(text, [att["source"]]) == ["the Harbour Gazette"]
    assert texts(text, att["content"]) == ["the council plans to close two libraries in the spring"]
    assert not any(a["cue"] and a["cue"]["text"] == "grew" for a in atts)


def test_a_quoted_paragraph_after_reported_speech_continues_it(pipeline: Pipeline) -> None:
    text = ("The mayor, Ines Okafor, said the ferry timetable would change in the spring.\n\n"
            "“We cannot run boats that nobody uses. The money has to go where the passengers "
            "are.”")
    (att,) = run(pipeline, text)[0]
    assert texts(text, att["content"]) == [
        "the ferry timetable would change in the spring",
        "“We cannot run boats that nobody uses. The money has to go where the passengers are.”"]
    assert att["kind"] == "mixed"


def test_a_name_and_colon_before_a_quotation_is_its_speaker(pipeline: Pipeline) -> None:
    text = ("Ferry cuts are not final yet - Ines Okafor: “We will listen to every island "
            "before we decide.”")
    att = find(run(pipeline, text)[0], ":")
    assert texts(text, [att["source"]]) == ["Ines Okafor"]
    assert att["kind"] == "direct"
    assert texts(text, att["content"]) == ["“We will listen to every island before we decide.”"]


def test_a_subject_inside_the_quotation_is_not_the_speaker(pipeline: Pipeline) -> None:
    # the parser gives "said" two subjects: "effect" inside the quote and the author after it
    text = ('"The effect held even after we accounted for diet, smoking and income," said '
            "lead author Dr Priya Natarajan.")
    (att,) = run(pipeline, text)[0]
    assert texts(text, [att["source"]]) == ["lead author Dr Priya Natarajan"]
    assert att["source"]["entity"] == "Priya Natarajan"


def test_a_first_name_alone_is_the_person_named_in_full(pipeline: Pipeline) -> None:
    text = ("Halden Rovers have signed striker Mateo Ruiz.\n\nManager Kristin Olsen said: "
            '"Mateo is exactly the player we wanted."\n\nRuiz, 23, scored 19 goals last season. '
            '"I know the fans expect a lot," he said.')
    atts, sourcing = run(pipeline, text)
    assert sources_by_cue(atts)["said"]["entity"] == "Mateo Ruiz"
    assert "Mateo" not in {n["name"] for n in sourcing["named_sources"]}


def test_summoned_is_not_called_but_a_passive_keeps_its_predicate(pipeline: Pipeline) -> None:
    text = ("Firefighters were called to the industrial estate shortly after 2am. The plan "
            "was called a disaster by critics.")
    (att,) = run(pipeline, text)[0]
    assert texts(text, att["content"]) == ["The plan", "a disaster"]
    assert texts(text, [att["source"]]) == ["critics"]


def test_a_business_description_and_a_fire_service(pipeline: Pipeline) -> None:
    text = ("Shares in Brightwater Foods fell 18 per cent after the grocery supplier warned "
            "that profit would fall. A rival supplier said prices were stable. About 40 "
            "firefighters attended the blaze, according to the county fire service.")
    sources = sources_by_cue(run(pipeline, text)[0])
    assert (sources["warned"]["entity"], sources["warned"]["type"]) == (
        "Brightwater Foods", "organisation")
    assert sources["said"]["entity"] is None  # "a rival supplier" is not Brightwater
    assert sources["according to"]["type"] == "official"


def test_she_is_the_woman_named_before_not_the_man_named_since(pipeline: Pipeline) -> None:
    text = ("Judge Anne Cartwright told Pell he had betrayed the community. She said the "
            "charity had nearly closed as a result.")
    assert sources_by_cue(run(pipeline, text)[0])["said"]["entity"] == "Anne Cartwright"


def test_a_live_blog_time_is_not_part_of_the_speaker(pipeline: Pipeline) -> None:
    text = ("Live: Storm Elin batters the coast\n\n11:03 A spokeswoman for the coastguard "
            "said two people had been rescued.\n\n11:30 Rail operator Southline said all "
            "services were cancelled.")
    atts, sourcing = run(pipeline, text)
    assert [texts(text, [a["source"]])[0] for a in atts] == [
        "A spokeswoman for the coastguard", "Rail operator Southline"]
    assert [(n["name"], n["type"]) for n in sourcing["named_sources"]] == [
        ("Southline", "organisation")]


def test_the_founder_is_the_groups_not_the_person_named_last(pipeline: Pipeline) -> None:
    text = ("The opposition leader, Miro Dalen, remained silent. Dalen, who once shared a stage "
            "with the group's founder, perhaps forgot that the founder called for violence "
            "against civilians. Interior Minister Tarek Hassan said the group was banned.")
    sources = sources_by_cue(run(pipeline, text)[0])
    assert sources["called"]["entity"] is None
    assert sources["said"]["entity"] == "Tarek Hassan"


def test_sources_of_a_regulator_story(pipeline: Pipeline) -> None:
    text = ("Ireland's data regulator has fined Nimbus 40 million euros, the watchdog said on "
            "Thursday.\n\nThe Data Protection Commission found that Nimbus stored passwords in "
            "plain text. It said the company had failed in its most basic duties.\n\nEngineers "
            "at the Environment Agency told ministers that three embankments were at risk. A "
            "neighbour, who did not want to be named, said the sandbags never arrived.")
    sources = sources_by_text(text, run(pipeline, text)[0])
    assert sources["the watchdog"]["type"] == "official"
    # "it" is the commission, the subject of the main clause, not Nimbus in the reported one
    assert sources["It"]["entity"] == "Data Protection Commission"
    assert (sources["Engineers at the Environment Agency"]["entity"],
            sources["Engineers at the Environment Agency"]["type"]) == (
        "Environment Agency", "official")
    assert sources["A neighbour, who did not want to be named"]["type"] == "anonymous"


def test_the_prime_minister_is_not_the_transport_minister(pipeline: Pipeline) -> None:
    text = ("Transport Minister Leon Varga resigned on Tuesday. The prime minister thanked "
            "him for his service. Downing Street said a replacement would be named. The "
            "embattled minister said he had done nothing wrong.")
    sources = sources_by_text(text, run(pipeline, text)[0])
    assert sources["The prime minister"]["entity"] is None
    assert sources["The embattled minister"]["entity"] == "Leon Varga"
    assert sources["Downing Street"]["type"] == "official"


def test_sources_of_a_leaked_report_story(pipeline: Pipeline) -> None:
    text = ("Mayor accused of misleading council over stadium deal\n\nThe report, prepared by "
            "the council's auditors, says Mayor Tom Riley told a meeting in June that the "
            "project was \"on budget\" when officials had already warned him of an overrun."
            "\n\nA former council official, speaking on condition of "
            "anonymity, said concerns had been raised. The official said he had told the "
            "auditors.\n\nThe contractor, Calder Build, said it was confident.")
    by_cue: dict[str, list[Any]] = {}
    for a in run(pipeline, text)[0]:
        by_cue.setdefault(a["cue"]["text"], []).append(a["source"])
    assert by_cue["accused"] == [None]  # the headline's mayor is accused, not accusing
    assert texts(text, [by_cue["told"][0]]) == ["Mayor Tom Riley"]  # not the report
    assert [s["type"] for s in by_cue["said"]] == ["anonymous", "anonymous", "organisation"]
    assert by_cue["said"][2]["entity"] == "Calder Build"


def test_according_to_survives_inside_a_reported_clause(pipeline: Pipeline) -> None:
    text = ("Officials at the defence ministry were warned two years ago that a contract for "
            "armoured vehicles was running late, according to documents seen by the Sentinel.")
    atts, _ = run(pipeline, text)
    acc = find(atts, "according to")
    assert (texts(text, [acc["source"]]), acc["source"]["type"]) == (
        ["documents seen by the Sentinel"], "document")
    # the phrase says whose the content is; it is no part of what was warned
    assert texts(text, find(atts, "warned")["content"]) == [
        "that a contract for armoured vehicles was running late"]


def test_a_spokesman_for_someone_and_a_research_team(pipeline: Pipeline) -> None:
    text = ("Her challenger, businessman Greg Tolliver, told Fox News that the senator had "
            "voted to cut support. A spokesman for Tolliver, Aaron Biel, later said the "
            "campaign stood by the claim.\n\nResearchers found microplastics in every "
            "placenta, according to a study in the journal Environmental Health. The team, "
            "led by Professor Hana Okafor, said the most common plastic was polyethylene.")
    sources = sources_by_text(text, run(pipeline, text)[0])
    # "a spokesman for Tolliver" gives Tolliver no title of his own
    assert sources["Her challenger, businessman Greg Tolliver"]["type"] == "person"
    # a research team is not the journal named before it
    team = next(s for t, s in sources.items() if t.startswith("The team"))
    assert team["entity"] != "Environmental Health"


def test_the_league_is_an_organisation(pipeline: Pipeline) -> None:
    (att,) = run(pipeline, "The league said it would review the incident.")[0]
    assert att["source"]["type"] == "organisation"


def test_what_the_speaker_was_doing_is_not_what_was_said(pipeline: Pipeline) -> None:
    text = ('"But nobody asked us," he said, wiping flour from his hands. "They decided in the '
            'capital and told us afterwards."')
    (att,) = run(pipeline, text)[0]
    assert texts(text, att["content"]) == [
        '"But nobody asked us,"', '"They decided in the capital and told us afterwards."']
