"""The actors analyzer on texts written for these tests (real spaCy model)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from presslens import Article
from presslens.pipeline import Pipeline
from presslens.registry import get_analyzer

MKO_TEXT = (
    "The Mujahedin-e-Khalk (MKO), a terrorist cult, held a rally in Paris on Saturday. "
    "The notorious MKO is a group recognized as terrorist by Iraq. "
    "Analysts said the terror group had lost most of its members. "
    "President Barack Obama did not attend. Obama was in Chicago. "
    "The MKO denied the report."
)


def run(text: str, attributions: list[dict[str, Any]] | None = None) -> Article:
    """Parse, optionally add a hand-built attributions layer, then run actors."""
    article = Article(id="t", text=text)
    Pipeline.from_names(["parse"])(article)
    if attributions is not None:
        spans = [attribution_span(article, **a) for a in attributions]
        article.add_layer("attributions", "test", spans)
    return get_analyzer("actors").factory()(article)


def attribution_span(
    article: Article,
    source: str,
    content: str,
    cue: str,
    entity: str | None,
    type: str,
    source_from: int = 0,
) -> Any:
    """An attributions-layer span in the agreed shape (input data, built by hand)."""
    text = article.text
    s0 = text.index(source, source_from)
    c0 = text.index(content)
    q0 = text.index(cue)
    start = min(s0, c0, q0)
    end = max(s0 + len(source), c0 + len(content), q0 + len(cue))
    return article.span(
        start,
        end,
        "indirect",
        1.0,
        source=article.ref(s0, s0 + len(source), type=type, entity=entity),
        cue=article.ref(q0, q0 + len(cue)),
        content=[article.ref(c0, c0 + len(content))],
        via=None,
    )


def actor_named(article: Article, name: str) -> dict[str, Any]:
    matches = [a for a in article.results["actors"] if a["name"] == name]
    assert len(matches) == 1, [a["name"] for a in article.results["actors"]]
    return matches[0]


def label(actor: dict[str, Any], text: str) -> dict[str, Any]:
    matches = [lab for lab in actor["labels"] if lab["label"] == text]
    assert len(matches) == 1, [lab["label"] for lab in actor["labels"]]
    return matches[0]


@pytest.fixture(scope="module")
def mko() -> Article:
    return run(MKO_TEXT)


def test_acronym_in_parentheses_and_later_mentions_join(mko: Article) -> None:
    actor = actor_named(mko, "Mujahedin-e-Khalk")
    assert actor["type"] == "organisation"
    texts = [m["text"] for m in actor["mentions"]]
    assert texts.count("MKO") == 3
    for m in actor["mentions"]:
        assert MKO_TEXT[m["start"] : m["end"]] == m["text"]
    assert actor["mentions"][0]["start"] == MKO_TEXT.index("Mujahedin-e-Khalk")


def test_coreferent_description_joins_and_is_a_loaded_label(mko: Article) -> None:
    actor = actor_named(mko, "Mujahedin-e-Khalk")
    start = MKO_TEXT.index("the terror group")
    assert {"start": start, "end": start + 16, "text": "the terror group"} in actor["mentions"]
    lab = label(actor, "terror group")
    assert (lab["loaded"], lab["evaluative"], lab["by"], lab["source"]) == (
        True, True, "writer", None
    )
    (m,) = lab["mentions"]
    assert (m["start"], m["text"], m["kind"]) == (start + 4, "terror group", "description")


@pytest.mark.parametrize(
    ("text", "kind", "loaded", "evaluative"),
    [
        ("terrorist cult", "appositive", True, True),
        ("notorious", "adjective", True, True),
        ("group", "predicate", False, False),
        ("recognized as terrorist by iraq", "relative", True, True),
    ],
)
def test_labels_by_kind(mko: Article, text: str, kind: str, loaded: bool, evaluative: bool) -> None:
    lab = label(actor_named(mko, "Mujahedin-e-Khalk"), text)
    assert [m["kind"] for m in lab["mentions"]] == [kind]
    assert (lab["loaded"], lab["evaluative"], lab["count"]) == (loaded, evaluative, 1)
    m = lab["mentions"][0]
    assert MKO_TEXT[m["start"] : m["end"]].lower() == text


def test_person_name_variants_cluster(mko: Article) -> None:
    actor = actor_named(mko, "Barack Obama")
    assert actor["type"] == "person"
    assert [m["text"] for m in actor["mentions"]] == ["Barack Obama", "Obama"]
    assert actor["labels"] == []


def test_entities_layer_keeps_spans_and_gains_actor_ids(mko: Article) -> None:
    layer = mko.layers["entities"]
    ids = {a["name"]: a["id"] for a in mko.results["actors"]}
    by_text = {MKO_TEXT[s.start : s.end]: s.data.get("actor") for s in layer.spans}
    assert by_text["Barack Obama"] == by_text["Obama"] == ids["Barack Obama"]
    assert by_text["Paris"] == ids["Paris"]
    assert all(s.data.get("ner") for s in layer.spans)
    fresh = Pipeline.from_names(["parse"])(Article(id="u", text=MKO_TEXT))
    assert [(s.start, s.end, s.label) for s in fresh.layers["entities"].spans] == [
        (s.start, s.end, s.label) for s in layer.spans
    ]


def test_json_shape(mko: Article) -> None:
    out = mko.to_dict(("actors", "entities"))
    assert out["meta"]["missing"] == []
    for actor in out["actors"]:
        assert set(actor) == {"id", "name", "named", "type", "mentions", "labels"}
        assert actor["type"] in {"person", "organisation", "place", "group"}
        for lab in actor["labels"]:
            assert set(lab) == {
                "label", "count", "evaluative", "loaded", "by", "source", "mentions"
            }
            assert lab["count"] == len(lab["mentions"])


@pytest.mark.parametrize(
    ("text", "canonical", "variants"),
    [
        (
            "The People's Mojahedin Organization of Iran (PMOI) met in Paris. "
            "The PMOI said it would hold another meeting.",
            "People's Mojahedin Organization of Iran",
            ["The People's Mojahedin Organization of Iran", "PMOI", "PMOI"],
        ),
        (
            "President Obama arrived in Berlin on Monday. Barack Obama later met "
            "Chancellor Angela Merkel. Mr. Obama said the talks went well.",
            "Barack Obama",
            ["Obama", "Barack Obama", "Obama"],
        ),
        (
            "The European Union condemned the attack. The EU did not comment further.",
            "European Union",
            ["The European Union", "EU"],
        ),
        (
            "Hezbollah, also known as the Party of God, said it fired rockets.",
            "Party of God",  # the longest name is canonical
            ["Hezbollah", "the Party of God", "it"],
        ),
    ],
)
def test_aliases(text: str, canonical: str, variants: list[str]) -> None:
    article = run(text)
    actor = actor_named(article, canonical)
    assert [m["text"] for m in actor["mentions"]][: len(variants)] == variants


def test_label_from_quoted_source_vs_writer() -> None:
    text = (
        "The MKO, a small exile group, held a rally. "
        "Foreign Minister Ali Rezaei said the MKO was a band of mercenaries."
    )
    article = run(
        text,
        attributions=[
            {
                "source": "Foreign Minister Ali Rezaei",
                "cue": "said",
                "content": "the MKO was a band of mercenaries",
                "entity": "Ali Rezaei",
                "type": "official",
            }
        ],
    )
    actor = actor_named(article, "MKO")
    writer = label(actor, "small exile group")
    assert (writer["by"], writer["source"], writer["loaded"]) == ("writer", None, False)
    quoted = label(actor, "band of mercenaries")
    assert (quoted["by"], quoted["source"], quoted["loaded"]) == ("source", "Ali Rezaei", True)
    (m,) = quoted["mentions"]
    assert text[m["start"] : m["end"]] == "band of mercenaries"
    assert m["kind"] == "predicate"


@pytest.mark.parametrize(
    ("text", "cue", "content", "by", "source"),
    [
        # how the text names the actor inside a reported act is the writer's wording
        ("The MKO held a rally. Malik rushed to defend the terror group on Monday.",
         "defend", "the terror group", "writer", None),
        # ... unless it is quoted
        ('The MKO held a rally. Malik said: "We will never defend the terror group."',
         "said", '"We will never defend the terror group."', "source", "Malik"),
    ],
)
def test_a_naming_phrase_in_reported_content_is_the_writers_unless_quoted(
        text: str, cue: str, content: str, by: str, source: str | None) -> None:
    article = run(text, attributions=[{"source": "Malik", "cue": cue, "content": content,
                                       "entity": None, "type": "person"}])
    lab = label(actor_named(article, "MKO"), "terror group")
    assert (lab["by"], lab["source"]) == (by, source)


@pytest.mark.parametrize("mark", ['"', "'"])
def test_quotes_count_as_a_source_without_attributions_layer(mark: str) -> None:
    text = f"The MKO held a rally. {mark}The MKO are terrorists,{mark} a police officer said."
    lab = label(actor_named(run(text), "MKO"), "terrorist")
    assert (lab["by"], lab["source"]) == ("source", None)
    assert text[lab["mentions"][0]["start"] : lab["mentions"][0]["end"]] == "terrorists"


@pytest.mark.parametrize(
    ("text", "name", "pronoun", "joins"),
    [
        ("Angela Merkel met Emmanuel Macron in Berlin. She said he was a partner.",
         "Angela Merkel", "She", True),
        ("Angela Merkel met Emmanuel Macron in Berlin. She said he was a partner.",
         "Emmanuel Macron", "he", True),
        ("The MKO held a rally in Paris. They said the rally was peaceful.",
         "MKO", "They", True),
        ("The MKO met protesters in Paris. They said the rally was peaceful.",
         "MKO", "They", False),
    ],
)
def test_pronouns(text: str, name: str, pronoun: str, joins: bool) -> None:
    actor = actor_named(run(text), name)
    start = re.search(rf"\b{pronoun}\b", text[text.index(".") :]).start() + text.index(".")
    ref = {"start": start, "end": start + len(pronoun), "text": pronoun}
    assert (ref in actor["mentions"]) is joins


def test_article_without_entities() -> None:
    text = "It rained all day. Nobody knew why the river rose so quickly."
    article = run(text)
    assert article.results["actors"] == []
    assert len(article.layers["entities"]) == 0
    assert article.to_dict(("actors",))["actors"] == []


@pytest.mark.parametrize(
    ("text", "name", "label_text", "kind", "loaded"),
    [
        ("The United States designated the MKO a terrorist organisation in 1997.",
         "MKO", "terrorist organisation", "predicate", True),
        ("Maryam Rajavi was branded a traitor by Tehran.",
         "Maryam Rajavi", "traitor", "predicate", True),
        ("Hamas is described as a puppet of Iran.",
         "Hamas", "puppet of iran", "predicate", True),
        ("The Iranian regime jailed 40 reporters.",
         "Iranian", "regime", "description", True),
        ("Iran's government denied the report.",
         "Iran", "government", "description", False),
        ("The terror group Hamas denied the report.",
         "Hamas", "terror group", "description", True),
        ("The MKO, which is a small exile group, denied the report.",
         "MKO", "small exile group", "relative", False),
        ("The MKO, which Washington once designated a terrorist organisation, denied it.",
         "MKO", "terrorist organisation", "relative", True),
    ],
)
def test_label_patterns(text: str, name: str, label_text: str, kind: str, loaded: bool) -> None:
    lab = label(actor_named(run(text), name), label_text)
    (m,) = lab["mentions"]
    assert m["kind"] == kind
    assert text[m["start"] : m["end"]].lower() == label_text
    assert lab["loaded"] is loaded
    assert lab["by"] == "writer"


def test_surname_joins_a_mistyped_full_name() -> None:
    text = "Maryam Rajavi spoke in Paris. Later Rajavi left for Tirana."
    actor = actor_named(run(text), "Maryam Rajavi")
    assert [m["text"] for m in actor["mentions"]] == ["Maryam Rajavi", "Rajavi"]
    assert actor["type"] == "person"  # the NER says ORG; being called "Rajavi" says person


def test_a_place_is_not_the_surname_of_a_group_named_after_it() -> None:
    text = ("Ireland's regulator fined the app. Niamh Brennan, who leads the advocacy group "
            "Safe Online Ireland, welcomed the fine. According to the group, most children "
            "use the app.")
    article = run(text)
    group = actor_named(article, "Safe Online Ireland")
    assert group["type"] == "organisation"
    assert [m["text"] for m in group["mentions"]] == ["Safe Online Ireland", "the group"]
    assert actor_named(article, "Ireland")["type"] == "place"


def test_an_unnamed_group_described_again_and_again_is_shown() -> None:
    text = ("For the eighth time this year, the terror group has attacked peaceful villages. "
            "A security source said its fighters crossed the border at night. The group "
            "denies it. Some experts claim that the villagers support the rebels. The "
            "council met on Monday.")
    actors = run(text).results["actors"]
    unnamed = [a for a in actors if not a["named"]]
    assert [(a["name"], a["type"]) for a in unnamed] == [("the terror group", "organisation")]
    assert [m["text"] for m in unnamed[0]["mentions"]] == ["the terror group", "its", "The group"]
    assert {lab["label"] for lab in unnamed[0]["labels"]} == {"terror group", "group"}
    # "the rebels" is not that group just because it was the last one mentioned; one
    # neutral "The council" is no actor worth showing
    assert not [a for a in actors if a["name"] in {"the rebels", "the council"}]


def test_she_opening_an_unnamed_speakers_clause_is_not_the_last_person_named() -> None:
    text = ("A former senior aide to President Halvorsen says she warned him about the "
            "pension fund. A newspaper revealed that he had ignored the warnings.")
    mentions = [m["text"] for m in actor_named(run(text), "Halvorsen")["mentions"]]
    assert mentions == ["Halvorsen", "him", "he"]  # "she" is the aide; "he" is him


def test_a_club_called_by_its_last_word_stays_a_club() -> None:
    text = ("Kelton United have sacked manager Rui Almeida after a cup defeat. The club said "
            "a change was needed. Former United captain Steve Nolan blamed the board.")
    article = run(text)
    club = actor_named(article, "Kelton United")
    assert club["type"] == "organisation"  # "United" alone is no surname
    assert "The club" in [m["text"] for m in club["mentions"]]
    # the parser makes "sacked" an adjective of "manager": the label stops at the verb
    assert [lab["label"] for lab in actor_named(article, "Rui Almeida")["labels"]] == ["manager"]
    assert label(actor_named(article, "Steve Nolan"), "former united captain")


def test_person_nouns_on_a_country_are_not_its_labels() -> None:
    text = "Former US officials spoke at the rally. The Iranian regime protested."
    article = run(text)
    assert actor_named(article, "US")["labels"] == []
    assert [lab["label"] for lab in actor_named(article, "Iranian")["labels"]] == ["regime"]


def test_full_pipeline_output_is_json() -> None:
    article = Pipeline.for_sections(["actors", "claims"])(Article(id="p", text=MKO_TEXT))
    out = json.loads(json.dumps(article.to_dict()))
    assert out["actors"][0]["name"] == "Mujahedin-e-Khalk"
    assert {e["actor"] for e in out["entities"] if "actor" in e} <= {
        a["id"] for a in out["actors"]
    }
    assert article.models["actors"] == {"name": "actors-heuristic",
                                        "version": get_analyzer("actors").factory().version}


@pytest.mark.parametrize("text", ["", "   \n ", "?", "Hello."])
def test_degenerate_texts(text: str) -> None:
    assert run(text).results["actors"] == []


def test_quoted_source_is_named_by_its_actor() -> None:
    text = (
        "Foreign Minister Ali Rezaei spoke on Monday. "
        "Later Rezaei said the MKO was a gang of thugs."
    )
    article = run(
        text,
        attributions=[
            {
                "source": "Rezaei",
                "source_from": text.index("Later"),
                "cue": "said",
                "content": "the MKO was a gang of thugs",
                "entity": None,
                "type": "official",
            }
        ],
    )
    lab = label(actor_named(article, "MKO"), "gang of thugs")
    assert (lab["by"], lab["source"], lab["loaded"]) == ("source", "Ali Rezaei", True)


def test_description_prefers_the_actor_with_that_title() -> None:
    text = (
        "President Donald Trump spoke on Monday. "
        "Sarah Sanders said the president would travel."
    )
    article = run(text)
    start = text.index("the president")
    ref = {"start": start, "end": start + 13, "text": "the president"}
    assert ref in actor_named(article, "Donald Trump")["mentions"]
    assert ref not in actor_named(article, "Sarah Sanders")["mentions"]


def test_an_office_or_the_government_does_not_join_by_recency() -> None:
    """Nobody was called prime minister, and the party is not the government:
    both descriptions are actors of their own, not labels of the last name."""
    text = (
        "Government spokesman Ivo Matic dismissed the claims of the Democratic Renewal "
        "party. The government condemns all threats. Sources close to the prime minister "
        "said the opposition was exaggerating."
    )
    article = run(text)
    for name in ("Ivo Matic", "Democratic Renewal party"):
        texts = [m["text"] for m in actor_named(article, name)["mentions"]]
        assert "the prime minister" not in texts and "The government" not in texts, name


@pytest.mark.parametrize(
    ("text", "name", "description", "joins"),
    [
        # another office of the same kind: the minister wrote to the prime minister
        ("Transport Minister Alan Price resigned on Thursday. In a letter to the prime "
         "minister, Price said he had made mistakes.", "Alan Price", "the prime minister", False),
        # the same office: "the foreign minister" is Foreign Minister Rezaei
        ("Foreign Minister Ali Rezaei arrived in Geneva on Monday. The foreign minister "
         "said the talks would go on.", "Ali Rezaei", "The foreign minister", True),
    ],
)
def test_a_title_with_a_modifier_joins_only_the_holder_of_that_title(
    text: str, name: str, description: str, joins: bool,
) -> None:
    texts = [m["text"] for m in actor_named(run(text), name)["mentions"]]
    assert (description in texts) is joins


def test_a_gendered_description_skips_a_person_whose_first_name_says_otherwise() -> None:
    text = ("Justice Miriam Cole said the decision was flawed in law. The man, who cannot be "
            "named for legal reasons, arrived in Britain in 2021.")
    texts = [m["text"] for m in actor_named(run(text), "Miriam Cole")["mentions"]]
    assert "The man" not in texts


# -- label memory, place-like names, datelines, first-word merge -------------
FRONT_TEXT = (
    "Police hold suspects tied to Keldonian rebel network\n\n"
    "TARVOS CITY — Police on Friday arrested three men linked to the Keldonian "
    "Freedom Front, the extremist outfit that bombed a rail bridge last spring, "
    "officials said.\n\n"
    "Investigators said the extremist outfit had stored explosives in a barn near "
    "Kessow. The opposition Green Dawn Party condemned the arrests. Ministers said "
    "the extremist outfit's commanders had fled abroad. The interior ministry said "
    "it would publish the names.\n\n"
    "Farmers in Kessow said the extremist outfit was not welcome."
)


@pytest.fixture(scope="module")
def front() -> Article:
    return run(FRONT_TEXT)


def _refs(text: str, needle: str) -> list[dict[str, Any]]:
    return [
        {"start": m.start(), "end": m.end(), "text": needle}
        for m in re.finditer(re.escape(needle), text)
    ]


def test_description_goes_to_the_actor_that_bore_its_label(front: Article) -> None:
    """'the extremist outfit' was the appositive of the Front: every later
    'the extremist outfit' (also the possessive one) is the Front, not the
    party or the town mentioned in between."""
    actor = actor_named(front, "Keldonian Freedom Front")
    outfits = _refs(FRONT_TEXT, "the extremist outfit")
    assert len(outfits) == 4
    assert [m for m in actor["mentions"] if m["text"] == "the extremist outfit"] == outfits
    lab = label(actor, "extremist outfit")
    assert lab["count"] == 4  # the appositive is counted once, not also as a description
    assert [m["kind"] for m in lab["mentions"]] == [
        "appositive", "description", "description", "description"
    ]
    possessive = FRONT_TEXT.index("the extremist outfit's") + 4
    assert {"start": possessive, "end": possessive + 16, "text": "extremist outfit",
            "kind": "description"} in lab["mentions"]
    party = actor_named(front, "Green Dawn Party")
    assert [m["text"] for m in party["mentions"]] == ["Green Dawn Party"]
    assert [lab["label"] for lab in party["labels"]] == ["opposition"]


def test_institution_description_does_not_join_by_recency(front: Article) -> None:
    start = FRONT_TEXT.index("The interior ministry")
    pronoun = FRONT_TEXT.index("it would publish")
    for actor in front.results["actors"]:
        starts = {m["start"] for m in actor["mentions"]}
        assert start not in starts and pronoun not in starts, actor["name"]


def test_relative_clause_of_events_is_no_label(front: Article) -> None:
    labels = [lab["label"] for lab in actor_named(front, "Keldonian Freedom Front")["labels"]]
    assert not any("bombed" in lab for lab in labels)


def test_nationality_word_joins_the_one_actor_named_after_it(front: Article) -> None:
    actor = actor_named(front, "Keldonian Freedom Front")
    start = FRONT_TEXT.index("Keldonian")
    assert actor["mentions"][0] == {"start": start, "end": start + 9, "text": "Keldonian"}
    assert "Keldonian" not in [a["name"] for a in front.results["actors"]]


def test_nationality_word_stays_apart_when_two_actors_share_it() -> None:
    text = (
        "Keldonian officials met on Monday. The Keldonian Freedom Front and the "
        "Keldonian Farmers Union both sent delegates."
    )
    names = [a["name"] for a in run(text).results["actors"]]
    assert "Keldonian Freedom Front" in names and "Keldonian Farmers Union" in names
    assert "Keldonian" in names


def test_town_tagged_as_organisation_is_a_place_and_takes_no_group_description() -> None:
    text = (
        "The Sable Brotherhood planned to attack a grain silo near Tarvik with the "
        "help of hired agents. Residents of Tarvik, according to the mayor, said "
        "the group had threatened them."
    )
    article = run(text)
    assert [s.data["ner"] for s in article.layers["entities"].spans
            if text[s.start : s.end] == "Tarvik"] == ["ORG", "ORG"]  # the NER's mistake
    town = actor_named(article, "Tarvik")
    assert town["type"] == "place"
    assert [m["text"] for m in town["mentions"]] == ["Tarvik", "Tarvik"]
    start = text.index("the group")
    assert {"start": start, "end": start + 9, "text": "the group"} in actor_named(
        article, "Sable Brotherhood"
    )["mentions"]


def test_company_after_in_stays_an_organisation() -> None:
    text = "Shares in Northway Logistics rose 2 percent on Monday."
    assert actor_named(run(text), "Northway Logistics")["type"] == "organisation"


@pytest.mark.parametrize("dash", ["—", "--"])
def test_capitals_dateline_is_one_place(dash: str) -> None:
    text = (
        "Rail strike spreads\n\n"
        f"MIRSK CITY {dash} Striking workers on Monday blocked the main depot, "
        "union leaders said."
    )
    article = run(text)
    actor = actor_named(article, "Mirsk City")
    start = text.index("MIRSK CITY")
    assert actor["type"] == "place"
    assert actor["mentions"] == [{"start": start, "end": start + 10, "text": "MIRSK CITY"}]
    assert actor["labels"] == []
    assert [a["name"] for a in article.results["actors"]] == ["Mirsk City"]


@pytest.mark.parametrize(
    ("text", "name", "absent"),
    [
        ("The Keldonian Freedom Front, which has organised blockades across the valley "
         "for a decade, denied the charge.", "Keldonian Freedom Front", "blockades"),
        ('Councillor Ines Varga, who called the audit "a smear against reformers," left '
         "the chamber early.", "Ines Varga", "audit"),
        ('Councillor Ines Varga, who called the audit "a smear against reformers," left '
         "the chamber early.", "Ines Varga", "smear"),
        ("Councillor Ines Varga, who called the audit a smear against reformers, left "
         "the chamber early.", "Ines Varga", "smear"),
    ],
)
def test_no_labels_from_what_an_actor_did_or_said(text: str, name: str, absent: str) -> None:
    labels = [lab["label"] for lab in actor_named(run(text), name)["labels"]]
    assert not any(absent in lab for lab in labels), labels


@pytest.mark.parametrize(
    ("text", "name", "label_text", "kind", "by"),
    [
        ("The Keldonian Freedom Front, which is a banned militia, denied the charge.",
         "Keldonian Freedom Front", "banned militia", "relative", "writer"),
        ("Rafe Dunmore, a smuggler known as the Fox of Lisk, was arrested on Monday.",
         "Rafe Dunmore", "known as the fox of lisk", "relative", "writer"),
        ('Ines Varga, "the conscience of the council," resigned on Monday.',
         "Ines Varga", "conscience of the council", "appositive", "source"),
    ],
)
def test_labels_that_are_predicated_of_the_actor_stay(
    text: str, name: str, label_text: str, kind: str, by: str
) -> None:
    lab = label(actor_named(run(text), name), label_text)
    (m,) = lab["mentions"]
    assert (m["kind"], lab["by"]) == (kind, by)
    assert text[m["start"] : m["end"]].lower() == label_text


def test_quoted_phrase_inside_a_label_is_no_coreferent_description() -> None:
    text = 'Ines Varga, "the conscience of the council," resigned on Monday.'
    start = text.index("the council")
    for actor in run(text).results["actors"]:
        assert start not in {m["start"] for m in actor["mentions"]}


def test_institution_description_joins_the_actor_whose_name_has_its_head() -> None:
    text = (
        "The Velmar Port Authority approved the plan on Monday. Farmers from the "
        "Lisk valley protested. Later the authority published its budget."
    )
    actor = actor_named(run(text), "Velmar Port Authority")
    start = text.index("the authority")
    assert {"start": start, "end": start + 13, "text": "the authority"} in actor["mentions"]


def test_appositive_with_its_own_modifiers_is_still_adjacent() -> None:
    text = "The suspect, 30-year-old Dana Whitlock, was arrested on Sunday."
    lab = label(actor_named(run(text), "Dana Whitlock"), "suspect")
    (m,) = lab["mentions"]
    assert (m["start"], m["end"], m["kind"]) == (4, 11, "appositive")


@pytest.mark.parametrize(
    ("text", "name", "joins"),
    [
        ("Protesters in Peru blocked roads on Monday. Police said the country had not "
         "seen such unrest in years.", "Peru", True),
        # a dateline is where the story was filed, not "the nation"
        ("Rail strike spreads\n\nMIRSK CITY — Workers blocked the depot. Officials said "
         "the nation needed calm.", "Mirsk City", False),
    ],
)
def test_place_descriptions_reach_only_named_countries_and_cities(
    text: str, name: str, joins: bool
) -> None:
    desc = re.search(r"the (country|nation)", text)
    assert desc is not None
    ref = {"start": desc.start(), "end": desc.end(), "text": desc.group(0)}
    assert (ref in actor_named(run(text), name)["mentions"]) is joins


@pytest.mark.parametrize("name", ["Tomas Hale", "Irina Vos"])
def test_number_of_a_plural_appositive_is_not_part_of_each_members_label(name: str) -> None:
    text = "Two board members, Tomas Hale and Irina Vos, voted against the plan."
    labels = {lab["label"]: lab for lab in actor_named(run(text), name)["labels"]}
    assert "two board member" not in labels
    (m,) = labels["board member"]["mentions"]
    assert text[m["start"] : m["end"]] == "board members"


def test_a_headline_description_is_the_actor_given_that_title_below() -> None:
    article = run("The congestion charge hurts the poor, and the mayor knows it\n\nMayor Dana "
                  "Whitlock is only the latest to sell it as a gift. She says it will cut "
                  "traffic.")
    (mayor,) = article.results["actors"]  # not a second, unnamed "the mayor"
    assert mayor["name"] == "Dana Whitlock"
    assert [lab["label"] for lab in mayor["labels"]] == ["mayor"]  # not "only latest"


def test_a_live_blog_time_is_no_actor_and_no_label() -> None:
    article = run("11:30 Rail operator Southline said all services were cancelled.")
    (actor,) = article.results["actors"]
    assert (actor["name"], actor["type"]) == ("Southline", "organisation")
    assert [lab["label"] for lab in actor["labels"]] == ["rail operator"]


def test_a_title_is_no_name_and_the_founder_is_not_the_person_named_last() -> None:
    article = run("Miro Dalen, the opposition leader, once shared a stage with the group's "
                  "founder. He forgot that the founder called for violence. \"We will not "
                  "rest,\" Interior Minister Tarek Hassan said.")
    assert [a["name"] for a in article.results["actors"]] == ["Miro Dalen", "Tarek Hassan"]
    assert [lab["label"] for lab in actor_named(article, "Miro Dalen")["labels"]] == [
        "opposition leader"]


def test_a_lede_description_joins_the_title_holder_named_below_and_hyphens_hold() -> None:
    article = run("The mayor of Brenmouth misled councillors about the cost of a stadium.\n\n"
                  "Mayor Tom Riley denied it. Dr Rob Laurenson, co-chair of the union's "
                  "doctors committee, said the plan had failed.")
    names = [a["name"] for a in article.results["actors"]]
    assert "Tom Riley" in names and not any(n.startswith("the mayor") for n in names)
    assert [lab["label"] for lab in actor_named(article, "Rob Laurenson")["labels"]] == [
        "co-chair of the union's doctors committee"]


def test_a_verb_phrase_misparsed_as_a_plural_appositive_is_no_label() -> None:
    article = run("But Labour's environment spokesman, Owen Price, accused ministers of "
                  "\"gambling with people's homes\".")
    assert [lab["label"] for lab in actor_named(article, "Owen Price")["labels"]] == [
        "labour's environment spokesman"]


def test_a_persons_supporters_are_no_label_of_that_person() -> None:
    article = run("Senator Ruth Calloway spoke in Dayton. Tolliver's campaign manager told "
                  "reporters that Calloway's supporters had been harassing volunteers.")
    assert actor_named(article, "Ruth Calloway")["labels"] == []


def test_the_firms_are_not_the_one_organisation_named_before() -> None:
    article = run("The best-known trial, run by the campaign group 4 Day Week Global, asked "
                  "companies to volunteer, so the firms that took part were the ones most "
                  "likely to succeed.")
    assert [lab["label"] for lab in actor_named(article, "4 Day Week Global")["labels"]] == [
        "campaign group"]


def test_this_newspaper_and_the_opposition_join_no_charity() -> None:
    article = run("The centre will be run by the Red Cross. Local councillor Piotr Nowak, a "
                  "member of the opposition, objected. Police figures obtained by this "
                  "newspaper show no rise in crime.")
    assert actor_named(article, "Red Cross")["labels"] == []


def test_a_name_called_a_town_is_a_place() -> None:
    article = run("A reception centre will open on the edge of Mellick, the town of 9,000 "
                  "people, in May.")
    assert actor_named(article, "Mellick")["type"] == "place"
