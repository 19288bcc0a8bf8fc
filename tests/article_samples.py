"""Hand-built articles with every section filled, for schema and renderer tests.

Built through the public Article API (``span``, ``ref``, ``add_layer``,
``results``) from a text written for these tests, so offsets are computed,
never typed in, and a change to ``to_dict`` shows up in the schema tests.
"""

from __future__ import annotations

from presslens import Article

TEXT = (
    "The Northern Front, a terror group, attacked three villages near Varnholm on "
    "Monday, officials said. \"We will never surrender to terrorists,\" Mayor Ilse "
    "Brandt said. A security source told a news agency that 40 fighters were killed. "
    "Critics, who perhaps forgot the 2019 attacks, called the claims exaggerated."
)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def full_article(text: str = TEXT, id: str = "sample-1", **meta: object) -> Article:
    """An article with techniques (nested and overlapping), attributions, entities,
    claims, actors, sourcing, genre and frames."""
    a = Article(id=id, text=text, meta={"title": "Attack near Varnholm", "outlet": "Test Wire",
                                        "url": "https://example.org/a", **meta})
    s = a.span
    # techniques: "terror group" inside the longer Name_Calling span; an overlap
    t1 = at(text, "a terror group")
    t2 = at(text, "terror group")
    t3 = at(text, "We will never surrender to terrorists")
    t4 = at(text, "never surrender")
    t5 = at(text, "who perhaps forgot the 2019 attacks")
    a.add_layer("techniques", "test", [
        s(*t1, "Name_Calling-Labeling", 0.91, category="Attack on reputation"),
        s(*t2, "Loaded_Language", 0.88, category="Manipulative wording"),
        s(*t3, "Flag_Waving", 0.64, category="Justification"),
        s(*t4, "Slogans", 0.55, category="Call"),
        s(*t5, "Questioning_the_Reputation", 0.72, category="Attack on reputation"),
    ])
    # entities
    ents = [("Northern Front", "organisation", "ORG"), ("Varnholm", "place", "GPE"),
            ("Ilse Brandt", "person", "PERSON")]
    a.add_layer("entities", "test", [
        s(*at(text, name), typ, 1.0, ner=ner) for name, typ, ner in ents
    ])
    # attributions: a no-name official, a direct quote, an anonymous chain
    q = at(text, "\"We will never surrender to terrorists,\" Mayor Ilse Brandt said")
    anon = at(text, "A security source told a news agency that 40 fighters were killed")
    off = at(text, "The Northern Front, a terror group, attacked three villages near "
                   "Varnholm on Monday, officials said")
    a.add_layer("attributions", "test", [
        s(*off, "indirect", 0.8,
          source={**a.ref(*at(text, "officials")), "type": "official", "entity": None},
          cue=a.ref(*at(text, "said")),
          content=[a.ref(*at(text, "The Northern Front, a terror group, attacked three "
                                   "villages near Varnholm on Monday"))],
          via=None),
        s(*q, "direct", 0.97,
          source={**a.ref(*at(text, "Mayor Ilse Brandt")), "type": "official",
                  "entity": "Ilse Brandt"},
          cue=a.ref(*at(text, "said", 1)),
          content=[a.ref(*at(text, "We will never surrender to terrorists,"))],
          via=None),
        s(*anon, "indirect", 0.9,
          source={**a.ref(*at(text, "A security source")), "type": "anonymous", "entity": None},
          cue=a.ref(*at(text, "told")),
          content=[a.ref(*at(text, "40 fighters were killed"))],
          via={**a.ref(*at(text, "a news agency")), "type": "media", "entity": None}),
    ])
    # claims
    c1 = at(text, "A security source told a news agency that 40 fighters were killed.")
    a.add_layer("claims", "test", [
        s(*c1, "claim", 0.83, kinds=["number", "event"],
          quantities=[{**a.ref(*at(text, "40 fighters")), "value": 40}],
          dates=[], attributed=True,
          attribution={"kind": "indirect", "source": "a security source", "type": "anonymous"}),
        s(*at(text, "attacked three villages near Varnholm on Monday"), "claim", 0.7,
          kinds=["event", "date"], quantities=[],
          dates=[{**a.ref(*at(text, "Monday")), "iso": None}], attributed=True,
          attribution={"kind": "indirect", "source": "officials", "type": "official"}),
    ])
    a.results["actors"] = [
        {"id": "a1", "name": "Northern Front", "type": "organisation",
         "mentions": [a.ref(*at(text, "The Northern Front"))],
         "labels": [{"label": "terror group", "count": 1, "evaluative": True, "loaded": True,
                     "by": "writer", "source": None,
                     "mentions": [{**a.ref(*t2), "kind": "appositive"}]},
                    {"label": "terrorists", "count": 1, "evaluative": True, "loaded": True,
                     "by": "source", "source": "Ilse Brandt",
                     "mentions": [{**a.ref(*at(text, "terrorists")), "kind": "description"}]}]},
        {"id": "a2", "name": "Critics", "type": "group",
         "mentions": [a.ref(*at(text, "Critics"))], "labels": []},
    ]
    a.results["sourcing"] = {
        "attributions": 3,
        "by_type": {"official": 0.7, "anonymous": 0.3},
        "anonymous_share": 0.3,
        "named_sources": [{"name": "Ilse Brandt", "type": "official", "count": 1}],
        "unattributed_sentences": [a.ref(*at(text, "Critics, who perhaps forgot the 2019 "
                                                   "attacks, called the claims exaggerated."))],
        "unattributed_share": 0.25,
    }
    a.results["genre"] = {"label": "reporting", "scores": {"reporting": 0.8, "opinion": 0.15,
                                                          "satire": 0.05}}
    a.results["frames"] = [{"frame": "Security and defense", "score": 0.9},
                           {"frame": "Political", "score": 0.4}]
    a.models["techniques"] = {"name": "test", "version": "0"}
    return a


#: Pieces of hostile markup an article or its metadata may contain.
HOSTILE = (
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "</textarea></title><svg onload=alert(1)>",
    "{{ 7*7 }} {% raw %}",
)


def hostile_article() -> Article:
    """An article whose text, spans, labels, ids and metadata all carry hostile markup."""
    text = " ".join(HOSTILE) + " " + TEXT
    a = full_article(
        text=text, id="x\"><script>alert(2)</script>",
        title="<script>alert(3)</script>", outlet="\"><img src=x onerror=alert(4)>",
        url="javascript:alert(5)", published="<i>today</i>",
    )
    a.layers["techniques"].spans.append(
        a.span(*at(text, HOSTILE[0]), "Loaded_Language", 0.5,
               category="Manipulative wording")
    )
    a.layers["techniques"].spans.append(
        a.span(*at(text, HOSTILE[1]), "Doubt", 0.4, category="<b>bad</b>")
    )
    a.layers["techniques"].spans.sort()
    a.results["actors"][0]["name"] = "<script>alert(6)</script>"
    a.results["actors"][0]["labels"][0]["label"] = "\"><img src=x onerror=alert(7)>"
    a.results["frames"][0]["frame"] = "<img src=x onerror=alert(8)>"
    return a
