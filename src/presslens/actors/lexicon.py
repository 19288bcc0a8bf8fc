"""Small, hand-written word lists behind the actors and claims analyzers.

Kept deliberately short and documented (``docs/actors.md``) so that a reader
can see why a label was marked *loaded* or a description linked to a group.
All entries are lower-case lemmas; lookups use ``token.lemma_.lower()`` and
``token.lower_``, and hyphenated words are also checked part by part
(``terror-linked`` hits ``terror``).
"""

from __future__ import annotations

from ..lexicon import CLUB_WORDS

__all__ = [
    "DESCRIPTION_NOUNS",
    "EVALUATIVE",
    "HEDGES",
    "INSTITUTION_HEADS",
    "LOADED",
    "NAMING_VERBS",
    "OPINION_MARKERS",
    "ORG_KEYWORDS",
    "RELATIVE_LABEL_VERBS",
    "TITLES",
    "is_evaluative",
    "is_loaded",
]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Strongly emotive words: a label containing one is ``loaded`` (and evaluative).
LOADED: frozenset[str] = _set(
    """
    terror terrorist terrorism extremism fanaticism cult regime thug puppet mercenary
    mercenaries murderer
    murderous butcher killer criminal gang gangster mob traitor treacherous evil
    warmonger fanatic fanatical zealot extremist jihadist barbaric barbarian savage
    brutal tyrant tyrannical dictator dictatorial despot despotic oppressor
    propagandist propaganda lackey stooge henchman henchmen hooligan hoodlum rogue
    pariah sinister monstrous monster nazi fascist genocidal apartheid occupier
    invader aggressor bandit outlaw vassal minion collaborator hypocrite hypocritical
    liar corrupt scum vile disgraceful shameful heinous notorious infamous cabal
    """
)

#: Words that carry judgement without being strongly emotive.
EVALUATIVE: frozenset[str] = _set(
    """
    so-called controversial radical hardline hard-line militant discredited
    illegitimate disgraced dubious questionable shady failed failing incompetent
    reckless dangerous divisive infamous ruthless aggressive hostile irresponsible
    heroic hero brave courageous respected renowned legendary noble champion
    visionary patriot patriotic beloved celebrated prestigious legitimate credible
    moderate reformist fringe marginal shadowy secretive mysterious defiant
    embattled beleaguered authoritarian repressive oppressive violent cruel
    ineffective disputed self-styled self-proclaimed would-be
    """
) | LOADED

#: Head nouns of definite descriptions ("the group", "the minister") and the
#: actor types they may refer to. Plural forms are handled through lemmas.
DESCRIPTION_NOUNS: dict[str, frozenset[str]] = {}
_ORGISH = frozenset({"organisation", "group"})
_PERSON = frozenset({"person"})
_PLACE = frozenset({"place"})
_STATE = frozenset({"place", "organisation"})
for _words, _types in (
    (
        "group organisation organization movement cult party militia faction outfit network "
        "body agency company firm corporation ministry army coalition alliance union "
        "opposition organisation organization gang association council committee "
        "institution bank newspaper broadcaster channel agency insurgency rebels club "
        "militants fighters members supporters authority",
        _ORGISH,
    ),
    (
        "man woman president minister leader spokesman spokeswoman spokesperson "
        "official politician senator lawmaker diplomat ambassador chairman chief "
        "founder director general commander activist journalist reporter author "
        "premier king queen prince cleric ayatollah candidate envoy secretary "
        "governor mayor judge prosecutor analyst researcher",
        _PERSON,
    ),
    ("country nation city capital state province region kingdom republic island", _PLACE),
    ("regime government administration authorities", _STATE),
):
    for _w in _words.split():
        DESCRIPTION_NOUNS[_w] = DESCRIPTION_NOUNS.get(_w, frozenset()) | _types

#: Description heads that stand for one particular institution ("the
#: ministry", "the party", "the council"): they corefer only with an actor
#: whose name or earlier labels contain the word, never by mere recency.
INSTITUTION_HEADS: frozenset[str] = _set(
    """
    ministry army party council committee agency union coalition alliance
    association parliament court commission authority government administration
    opposition
    """
)

#: Capitalised words that mark an unrecognised proper name as an organisation.
ORG_KEYWORDS: frozenset[str] = _set(
    """
    organization organisation party council ministry army front movement corps
    agency union committee association foundation institute university bank
    company corporation inc ltd group guard guards brigade brigades forces police
    parliament assembly court department office commission network alliance league
    coalition federation society center centre news times post mujahedin mojahedin
    mujahideen
    """
) | {w.lower() for w in CLUB_WORDS}  # "Kelton United": "United" alone is no surname

#: Honorifics and titles that may precede a person's name.
TITLES: frozenset[str] = _set(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir president prime minister senator
    sen. rep. gov. governor general gen. colonel col. captain capt. ayatollah
    sheikh king queen prince princess chancellor secretary mayor judge justice
    rep senator
    lord lady pope imam rabbi reverend rev. father officer officers chief police
    detective det. sergeant sgt. sgt lieutenant lt. deputy agent commissioner
    minister spokesman spokeswoman ambassador foreign interior defense defence
    vice councillor councilor alderman lawmaker mp
    """
)

#: Verbs that name or classify their object ("designated the group a terrorist
#: organisation", "was branded a traitor", "is described as a puppet").
NAMING_VERBS: frozenset[str] = _set(
    """
    call label brand designate describe list regard consider deem dub name term
    classify characterize characterise portray paint declare recognize recognise
    see view
    """
)

#: Participles that make a reduced relative clause a label of its noun
#: ("a group recognized as terrorist by Iraq", "a man known as the butcher").
RELATIVE_LABEL_VERBS: frozenset[str] = _set(
    """
    recognize recognise designate describe know brand list regard consider label
    call dub term classify deem name characterize characterise
    """
)

#: Hedges: the writer or source signals uncertainty.
HEDGES: frozenset[str] = _set(
    """
    may might could perhaps possibly probably likely unlikely reportedly allegedly
    apparently seemingly seem appear suggest estimate roughly approximately
    rumour rumor alleged unconfirmed
    """
)

#: Markers of opinion rather than report.
OPINION_MARKERS: frozenset[str] = _set(
    """
    should ought must think believe feel opinion view hope wish shameful disgrace
    disgraceful outrageous absurd ridiculous wonderful terrible awful horrible
    """
)


def _forms(word: str) -> list[str]:
    word = word.lower()
    parts = [p for p in word.split("-") if p]
    return [word, *parts] if len(parts) > 1 else [word]


def is_loaded(words: list[str]) -> bool:
    """True when any word (or hyphen part) is in :data:`LOADED`."""
    return any(f in LOADED for w in words for f in _forms(w))


def is_evaluative(words: list[str]) -> bool:
    """True when any word (or hyphen part) is in :data:`EVALUATIVE` (or loaded)."""
    return any(f in EVALUATIVE for w in words for f in _forms(w))
