"""The SemEval-2023 Task 3 taxonomy (23 techniques, 6 categories) and its map to PTC-2020.

SemEval-2020 Task 11 (the Propaganda Techniques Corpus, PTC) used 14 labels,
some of which merged rarer techniques (``Whataboutism,Straw_Men,Red_Herring``).
SemEval-2023 split those and added new ones. ``TO_PTC2020`` maps each of the
23 to its 2020 counterpart; ``None`` marks the techniques that 2020 did not
annotate at all (Appeal_to_Hypocrisy, Questioning_the_Reputation,
Appeal_to_Values, Appeal_to_Time, Consequential_Oversimplification), whose
spans are dropped under ``--taxonomy ptc2020``.
"""

from __future__ import annotations

__all__ = ["CATEGORIES", "CATEGORY_OF", "PTC2020", "SEMEVAL2023", "TO_PTC2020", "to_ptc2020"]

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Attack on reputation": (
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    ),
    "Justification": (
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    ),
    "Simplification": (
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    ),
    "Distraction": ("Straw_Man", "Red_Herring", "Whataboutism"),
    "Call": ("Slogans", "Conversation_Killer", "Appeal_to_Time"),
    "Manipulative wording": (
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    ),
}
SEMEVAL2023: tuple[str, ...] = tuple(t for ts in CATEGORIES.values() for t in ts)
CATEGORY_OF: dict[str, str] = {t: c for c, ts in CATEGORIES.items() for t in ts}

PTC2020: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

TO_PTC2020: dict[str, str | None] = {
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Doubt": "Doubt",
    "Appeal_to_Hypocrisy": None,
    "Questioning_the_Reputation": None,
    "Flag_Waving": "Flag-Waving",
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Appeal_to_Values": None,
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Consequential_Oversimplification": None,
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Slogans": "Slogans",
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Appeal_to_Time": None,
    "Loaded_Language": "Loaded_Language",
    "Obfuscation-Vagueness-Confusion": None,
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Repetition": "Repetition",
}


def to_ptc2020(technique: str) -> str | None:
    """The SemEval-2020 name of a SemEval-2023 technique, or None if 2020 lacks it."""
    return TO_PTC2020[technique]
