"""The claims analyzer on texts written for these tests (real spaCy model)."""

from __future__ import annotations

from typing import Any

import pytest

from presslens import Article
from presslens.actors.values import date_iso, quantity_value
from presslens.analyzers.claims import ClaimFeatures, score
from presslens.pipeline import Pipeline
from presslens.registry import get_analyzer

TEXT = (
    "Iran executed 834 people in 2023, the highest number since 2015, "
    "according to Amnesty International. "
    "The figure rose by 43% compared with 2022. "
    "Inflation hit 40 percent because the rial collapsed. "
    "Will the executions continue? "
    "The government should stop. "
    "Officials said the MKO received $2.5 million from Saudi Arabia on March 3, 2024. "
    "Critics believe it is the worst crisis in decades."
)


def attribution(
    article: Article, kind: str, source: str | None, cue: str, content: str, **src: Any
) -> Any:
    """An attributions-layer span in the agreed shape (input data, built by hand)."""
    text = article.text
    c0 = text.index(content)
    q0 = text.index(cue)
    parts = [(c0, c0 + len(content)), (q0, q0 + len(cue))]
    source_ref = None
    if source is not None:
        s0 = text.index(source)
        parts.append((s0, s0 + len(source)))
        source_ref = article.ref(s0, s0 + len(source), **src)
    return article.span(
        min(p[0] for p in parts),
        max(p[1] for p in parts),
        kind,
        1.0,
        source=source_ref,
        cue=article.ref(q0, q0 + len(cue)),
        content=[article.ref(c0, c0 + len(content))],
        via=None,
    )


def run(text: str, with_attributions: bool = False) -> Article:
    article = Pipeline.from_names(["parse"])(Article(id="c", text=text))
    if with_attributions:
        article.add_layer(
            "attributions",
            "test",
            [
                attribution(
                    article,
                    "according_to",
                    "Amnesty International",
                    "according to",
                    "Iran executed 834 people in 2023, the highest number since 2015",
                    type="organisation",
                    entity="Amnesty International",
                ),
                attribution(
                    article,
                    "indirect",
                    "Officials",
                    "said",
                    "the MKO received $2.5 million from Saudi Arabia on March 3, 2024",
                    type="official",
                    entity=None,
                ),
            ],
        )
    return get_analyzer("claims").factory()(article)


def claims(article: Article) -> list[dict[str, Any]]:
    return article.to_dict(("claims",))["claims"]


def claim_at(article: Article, first_words: str) -> dict[str, Any]:
    found = [c for c in claims(article) if c["text"].startswith(first_words)]
    assert len(found) == 1, [c["text"] for c in claims(article)]
    return found[0]


@pytest.fixture(scope="module")
def attributed() -> Article:
    return run(TEXT, with_attributions=True)


@pytest.fixture(scope="module")
def bare() -> Article:
    return run(TEXT)


def test_claim_sentences_and_exclusions(bare: Article) -> None:
    texts = [c["text"] for c in claims(bare)]
    assert texts == [
        "Iran executed 834 people in 2023, the highest number since 2015, "
        "according to Amnesty International.",
        "The figure rose by 43% compared with 2022.",
        "Inflation hit 40 percent because the rial collapsed.",
        "Officials said the MKO received $2.5 million from Saudi Arabia on March 3, 2024.",
    ]  # the question, the "should" opinion and the "worst crisis" opinion are out
    for c in claims(bare):
        assert TEXT[c["start"] : c["end"]] == c["text"]
        assert c["label"] == "claim"
        assert 0.0 <= c["score"] <= 1.0


@pytest.mark.parametrize(
    ("first", "kinds"),
    [
        ("Iran executed", ["number", "date", "event", "comparison"]),
        ("The figure rose", ["number", "date", "comparison"]),
        ("Inflation hit", ["number", "causal"]),
        ("Officials said", ["number", "date", "event"]),
    ],
)
def test_kinds(bare: Article, first: str, kinds: list[str]) -> None:
    assert claim_at(bare, first)["kinds"] == kinds


@pytest.mark.parametrize(
    ("first", "quantities", "dates"),
    [
        ("Iran executed", [("834", 834.0)], [("2023", "2023"), ("2015", "2015")]),
        ("The figure rose", [("43%", 43.0)], [("2022", "2022")]),
        ("Inflation hit", [("40 percent", 40.0)], []),
        ("Officials said", [("$2.5 million", 2_500_000.0)], [("March 3, 2024", "2024-03-03")]),
    ],
)
def test_quantities_and_dates_with_offsets(
    bare: Article,
    first: str,
    quantities: list[tuple[str, float]],
    dates: list[tuple[str, str]],
) -> None:
    c = claim_at(bare, first)
    assert [(q["text"], q["value"]) for q in c["quantities"]] == quantities
    assert [(d["text"], d["iso"]) for d in c["dates"]] == dates
    for item in c["quantities"] + c["dates"]:
        assert TEXT[item["start"] : item["end"]] == item["text"]
        assert c["start"] <= item["start"] < item["end"] <= c["end"]
    if quantities:
        q = c["quantities"][0]
        assert q["start"] == TEXT.index(quantities[0][0])


@pytest.mark.parametrize(
    ("first", "attributed"),
    [
        ("Iran executed", True),  # "according to Amnesty International"
        ("The figure rose", False),
        ("Inflation hit", False),
        ("Officials said", True),  # reporting verb with a subject
    ],
)
def test_without_attributions_layer_a_cue_check_sets_attributed(
    bare: Article, first: str, attributed: bool
) -> None:
    c = claim_at(bare, first)
    assert c["attribution"] is None  # no source without the attributions analyzer
    assert c["attributed"] is attributed


@pytest.mark.parametrize(
    ("text", "attributed"),
    [
        ('"Nine lorries were burned in the square," one driver was quoted as saying.', True),
        ("A driver told reporters that nine lorries were burned on 3 May 2024.", True),
        ("Nine lorries were burned in the square on 3 May 2024.", False),
        ('The so-called "reform" cost the port $4 million in 2023.', False),  # scare quotes
        ('The mayor\'s office, which called the audit "a waste of money," paid $4 million '
         "for it in 2023.", False),  # a writer's sentence quoting a phrase
        ("Let me say it plainly: the car park cost 3 million in 2023.", False),  # the writer
    ],
)
def test_attribution_cues(text: str, attributed: bool) -> None:
    (c,) = claims(run(text))
    assert (c["attributed"], c["attribution"]) == (attributed, None)


@pytest.mark.parametrize(
    ("text", "quantities"),
    [
        ('"Nine lorries were burned in the square," one driver was quoted as saying.',
         ["Nine"]),
        ("One resident counted 40 lorries on the bridge in 2023.", ["40"]),
        ("One of the 12 suspects was freed in 2021.", ["One", "12"]),  # "one of": a count
        ("It is not the one the council promised 12 voters in 2019.", ["12"]),  # a pronoun
    ],
)
def test_one_before_a_singular_noun_is_not_a_quantity(text: str, quantities: list[str]) -> None:
    (c,) = claims(run(text))
    assert [q["text"] for q in c["quantities"]] == quantities
    for q in c["quantities"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert "number" in c["kinds"]


def test_quoted_sentence_with_only_an_indefinite_one_is_no_claim() -> None:
    assert claims(run('"We want calm, not chaos," one shopkeeper was quoted as saying.')) == []


@pytest.mark.parametrize(
    ("first", "attribution"),
    [
        (
            "Iran executed",
            {"kind": "according_to", "source": "Amnesty International", "type": "organisation"},
        ),
        ("Officials said", {"kind": "indirect", "source": "Officials", "type": "official"}),
        ("The figure rose", None),
        ("Inflation hit", None),
    ],
)
def test_attribution_from_layer(
    attributed: Article, first: str, attribution: dict[str, Any] | None
) -> None:
    c = claim_at(attributed, first)
    assert c["attribution"] == attribution
    assert c["attributed"] is (attribution is not None)


def test_a_relation_covering_a_small_part_of_the_sentence_does_not_speak_for_it() -> None:
    text = ('Opposition lawmaker Teodor Malik, who called the arrests "a pretext", forgot '
            "the victims of the 2019 bombings when he flew to Paris in March 2023.")
    article = Pipeline.from_names(["parse"])(Article(id="c", text=text))
    article.add_layer("attributions", "test", [attribution(
        article, "mixed", "who", "called", 'the arrests "a pretext"', type="person",
        entity="Teodor Malik")])
    c = claim_at(get_analyzer("claims").factory()(article), "Opposition lawmaker")
    assert (c["attributed"], c["attribution"]) == (False, None)


def test_two_relations_together_speak_for_their_sentence() -> None:
    text = ("Sources at the club said a medical was set for Monday, but Northbridge declined "
            "to comment on the fee, which was 40 million euros.")
    article = Pipeline.from_names(["parse"])(Article(id="c", text=text))
    article.add_layer("attributions", "test", [
        attribution(article, "indirect", "Sources at the club", "said",
                    "a medical was set for Monday", type="anonymous"),
        attribution(article, "indirect", "Northbridge", "declined",
                    "to comment on the fee", type="organisation", entity="Northbridge"),
    ])
    c = claim_at(get_analyzer("claims").factory()(article), "Sources at the club")
    # neither covers half of the sentence alone; the one covering more is named
    assert c["attribution"] == {"kind": "indirect", "source": "Sources at the club",
                                "type": "anonymous"}


def test_a_sentence_headed_by_its_cue_is_the_speakers() -> None:
    text = ("“I grabbed the dog, that's it,” said Ana Ribeiro, 58, standing outside a school "
            "that had been turned into a shelter for 300 people.")
    article = Pipeline.from_names(["parse"])(Article(id="c", text=text))
    article.add_layer("attributions", "test", [attribution(
        article, "direct", "Ana Ribeiro, 58", "said", "“I grabbed the dog, that's it,”",
        type="person", entity="Ana Ribeiro")])
    c = claim_at(get_analyzer("claims").factory()(article), "“I grabbed")
    assert c["attribution"] == {"kind": "direct", "source": "Ana Ribeiro", "type": "person"}


def test_hedging_lowers_the_score() -> None:
    plain = claims(run("The army killed 40 protesters in Tehran in 2022."))
    hedged = claims(run("The army may have killed 40 protesters in Tehran in 2022."))
    assert len(plain) == len(hedged) == 1
    assert hedged[0]["score"] == pytest.approx(plain[0]["score"] + score_weight("hedge"))


def score_weight(name: str) -> float:
    from presslens.analyzers.claims import WEIGHTS

    return WEIGHTS[name]


def test_article_without_entities_or_claims() -> None:
    article = run("It rained all day. Nobody knew why. Was it fate?")
    assert claims(article) == []
    assert article.layers["claims"].spans == []


def test_numbers_without_entities_are_still_claims() -> None:
    text = "About 300 people came. It rained."
    (c,) = claims(run(text))
    assert c["text"] == "About 300 people came."
    assert [(q["start"], q["end"], q["value"]) for q in c["quantities"]] == [(0, 9, 300.0)]


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (ClaimFeatures(["number", "date"], [], [], 2, 0, False, False, 12), 0.70),
        (ClaimFeatures(["number"], [], [], 0, 2, False, False, 12), 0.15),
        (ClaimFeatures(["comparison"], [], [], 0, 0, True, False, 4), 0.0),
        (ClaimFeatures(
            ["number", "date", "event", "comparison", "causal"], [], [], 5, 0, False, False, 30
        ), 1.0),
    ],
)
def test_score_formula(features: ClaimFeatures, expected: float) -> None:
    assert score(features) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("more than 17,000", 17_000.0),
        ("$3.5 million", 3_500_000.0),
        ("25%", 25.0),
        ("two million", 2_000_000.0),
        ("twenty-five", 25.0),
        ("1.2bn", 1.2e9),
        ("5 m", 5.0),
        ("$5m", 5e6),
        ("dozens", None),
    ],
)
def test_quantity_value(text: str, value: float | None) -> None:
    assert quantity_value(text) == value


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 March 2024", "2024-03-12"),
        ("March 12, 2024", "2024-03-12"),
        ("the 5th of May 2021", "2021-05-05"),
        ("March 2024", "2024-03"),
        ("1997", "1997"),
        ("2024-03-12", "2024-03-12"),
        ("12/03/2024", None),
        ("Monday", None),
        ("last week", None),
        ("the 1990s", None),
    ],
)
def test_date_iso(text: str, iso: str | None) -> None:
    assert date_iso(text) == iso


@pytest.mark.parametrize(
    ("text", "is_claim"),
    [
        ("It rained all day.", False),
        ("The bridge was finished 20 years ago.", True),
        ("Was the bridge finished in 1998?", False),
        ("The bridge should be rebuilt.", False),
        ("The bridge was finished in 1998.", True),
        ("The bridge collapsed because the cables rusted.", True),
    ],
)
def test_what_counts_as_a_claim(text: str, is_claim: bool) -> None:
    found = claims(run(text))
    assert [c["text"] for c in found] == ([text] if is_claim else [])


def test_a_dateline_is_no_claim() -> None:
    text = ("Lenders brace for tougher capital rules\n\nLONDON, March 3 (Reuters) - "
            "Britain's biggest banks are preparing for stricter capital requirements after "
            "regulators signalled they would not water down the final part of the post-crisis "
            "rules, three people familiar with the matter said.\n")
    found = [c["text"] for c in claims(run(text))]
    assert not [t for t in found if t.startswith("LONDON")]
    assert any(t.startswith("Britain's") for t in found)
