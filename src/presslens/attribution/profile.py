"""The ``sourcing`` profile of an article: who the writer lets speak, and what stands unsourced.

* ``by_type``: for each source type, its share of the attributed content
  characters (content fragments summed per attribution; attributions
  without a source count as ``unspecified``). Shares sum to 1 when there is
  any attribution, and the dict is empty otherwise.
* ``anonymous_share``: ``by_type["anonymous"]`` (0.0 when absent).
* ``named_sources``: sources resolved to a named entity, with the number
  of attributions each has and its most frequent type, most cited first.
* ``unattributed_sentences``: sentences no attribution speaks for
  (:meth:`WordChars.speak_for_sentence`: the sentence's main verb is not a cue, and
  the content of the attributions in it covers under half of its letters and digits
  outside their sources and cues) and that state a checkable fact:
  they contain a number or date (spaCy CARDINAL, PERCENT, MONEY, QUANTITY,
  DATE, TIME entities or a number-like token) or one of a short list of
  factual event verbs (:data:`FACT_VERBS`), and have a verb (a dateline
  "LONDON, March 3 (Reuters) -" parsed as a sentence does not). A deliberately simple test: it
  flags sentences for a reader to look at, it does not judge them.
* ``unattributed_share``: those sentences / all non-blank sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ..lexicon import words
from .extract import Attribution
from .metrics import merge_ranges

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["FACT_VERBS", "MIN_COVER", "SOURCE_TYPES", "WordChars", "sourcing_profile"]

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


class WordChars:
    """Counts of letters and digits in stretches of one text (a prefix sum)."""

    def __init__(self, text: str) -> None:
        self.prefix = [0, *accumulate(ch.isalnum() for ch in text)]

    def count(self, parts: Sequence[Range], start: int, end: int) -> int:
        """Letters and digits of the (disjoint) ``parts`` inside ``[start, end)``."""
        return sum(self.prefix[min(e, end)] - self.prefix[max(s, start)]
                   for s, e in parts if s < end and start < e)

    def speaks_for(self, content: Sequence[Range], own: Sequence[Range], start: int,
                   end: int) -> bool:
        """Whether attributions with this content (and sources and cues ``own``) speak
        for the sentence ``[start, end)``.

        Their content must cover at least half of the sentence's letters and digits
        outside the sources and cues: in "Malik, who called the arrests 'a pretext',
        forgot the victims" the relative clause's relation does not make the writer's
        sentence Malik's, while "Officials said the strike killed 12 people" is theirs.
        The ranges of several attributions may be passed together ("Sources said X,
        but the club declined to comment on Y": neither half alone, both together).
        """
        content, own = merge_ranges(content), merge_ranges(own)
        mine = self.count(own, start, end)
        rest = self.count([(start, end)], start, end) - mine
        covered = min(self.count(content, start, end), rest)
        return bool(rest or mine) and covered >= MIN_COVER * rest

    def speak_for_sentence(self, sent: Span, start: int, end: int, content: Sequence[Range],
                           cues: Sequence[Range], sources: Sequence[Range]) -> bool:
        """Whether the attributions with these parts speak for the sentence ``sent``
        (``[start, end)``: its text without surrounding blanks); the one test of the
        sourcing profile and of claims.

        Yes when the sentence's main verb is one of their cues ("“I grabbed the dog,”
        said Ana Ribeiro, 58, standing outside a school that had been turned into a
        shelter" is hers whatever the description after her name adds), else when
        their content covers enough of it (:meth:`speaks_for`).
        """
        root = sent.root.idx
        return any(s <= root < e for s, e in cues) \
            or self.speaks_for(content, [*cues, *sources], start, end)


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
    word_chars = WordChars(text)
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
        here = [att for att in attributions if any(cs < e and s < ce for cs, ce in att.content)]
        if here and word_chars.speak_for_sentence(
                sent, s, e, [c for att in here for c in att.content],
                [att.cue for att in here if att.cue],
                [(att.source.start, att.source.end) for att in here if att.source]):
            continue
        # token entity types, not sent.ents: that walks all the Doc's entities per sentence;
        # a sentence without a verb states nothing ("LONDON, March 3 (Reuters) -")
        factual = any(t.pos_ in {"VERB", "AUX"} for t in sent) and any(
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
