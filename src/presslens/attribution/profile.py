"""The ``sourcing`` profile of an article: who the writer lets speak, and what stands unsourced.

* ``by_type``: for each source type, its share of the attributed content
  characters (content fragments summed per attribution; attributions
  without a source count as ``unspecified``). Shares sum to 1 when there is
  any attribution, and the dict is empty otherwise.
* ``anonymous_share``: ``by_type["anonymous"]`` (0.0 when absent).
* ``named_sources``: sources resolved to a named entity, with the number
  of attributions each has and its most frequent type, most cited first.
* ``unattributed_sentences``: sentences no attribution speaks for
  (:func:`speaks_for`: its content covers at least half of the sentence's
  letters and digits outside its own source and cue) and that state a
  checkable fact:
  they contain a number or date (spaCy CARDINAL, PERCENT, MONEY, QUANTITY,
  DATE, TIME entities or a number-like token) or one of a short list of
  factual event verbs (:data:`FACT_VERBS`). A deliberately simple test: it
  flags sentences for a reader to look at, it does not judge them.
* ``unattributed_share``: those sentences / all non-blank sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .extract import Attribution
from .lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["FACT_VERBS", "MIN_COVER", "SOURCE_TYPES", "sourcing_profile", "speaks_for"]

SOURCE_TYPES = (
    "person", "official", "organisation", "media", "document", "anonymous", "unspecified",
)
FACT_VERBS = words(
    """
    kill die injure wound arrest charge convict sentence increase decrease rise fall drop
    grow shrink double triple win lose elect vote pass sign ban launch attack invade
    fire hire resign raise cut spend cost earn owe total reach exceed surge plunge
    """
)
_NUM_ENTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME"}


#: An attribution speaks for a sentence when its content covers at least this share of it.
MIN_COVER = 0.5

Range = tuple[int, int]


def speaks_for(text: str, content: Sequence[Range], own: Sequence[Range], start: int,
               end: int) -> bool:
    """Whether an attribution with this content (and source and cue ``own``) speaks for
    the sentence ``text[start:end]``.

    Its content must cover at least half of the sentence's letters and digits outside
    the source and cue: in "Malik, who called the arrests 'a pretext', forgot the
    victims" the relative clause's relation does not make the writer's sentence Malik's,
    while "Officials said the strike killed 12 people" is theirs.
    """
    def inside(parts: Sequence[Range]) -> set[int]:
        return {i for s, e in parts for i in range(max(s, start), min(e, end))
                if text[i].isalnum()}

    words = {i for i in range(start, end) if text[i].isalnum()}
    rest = words - inside(own)
    covered = inside(content) & rest
    return bool(rest or inside(own)) and len(covered) >= MIN_COVER * len(rest)


def _own(att: Attribution) -> list[Range]:
    """The attribution's source and cue."""
    own = [att.cue] if att.cue else []
    if att.source:
        own.append((att.source.start, att.source.end))
    return own


def sourcing_profile(doc: Doc, attributions: Sequence[Attribution]) -> dict[str, Any]:
    text = doc.text
    chars: dict[str, int] = defaultdict(int)
    for att in attributions:
        kind = att.source.type if att.source else "unspecified"
        chars[kind] += sum(e - s for s, e in att.content)
    total = sum(chars.values())
    by_type = {t: round(chars[t] / total, 4) for t in SOURCE_TYPES if chars.get(t)} if total else {}

    counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for att in attributions:
        if att.source and att.source.entity:
            counts[att.source.entity] += 1
            types[att.source.entity][att.source.type] += 1
    named = [
        {"name": name, "type": types[name].most_common(1)[0][0], "count": n}
        for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    ]

    unattributed = []
    n_sents = 0
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e <= s:
            continue
        n_sents += 1
        if any(speaks_for(text, att.content, _own(att), s, e) for att in attributions
               if any(cs < e and s < ce for cs, ce in att.content)):
            continue
        # token entity types, not sent.ents: that walks all the Doc's entities per sentence
        factual = any(
            t.ent_type_ in _NUM_ENTS or t.like_num
            or (t.pos_ == "VERB" and t.lemma_.lower() in FACT_VERBS)
            for t in sent
        )
        if factual:
            unattributed.append({"start": s, "end": e, "text": text[s:e]})
    return {
        "attributions": len(attributions),
        "by_type": by_type,
        "anonymous_share": by_type.get("anonymous", 0.0),
        "named_sources": named,
        "unattributed_sentences": unattributed,
        "unattributed_share": round(len(unattributed) / n_sents, 4) if n_sents else 0.0,
    }
