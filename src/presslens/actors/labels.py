"""Descriptive labels an article applies to an actor, read off the spaCy parse.

For every mention of an actor (name, description or pronoun) the parse is
searched for:

* ``appositive``: ``MKO, a terrorist cult,`` (the appositive noun phrase,
  right next to the mention);
* ``predicate``: ``X is a group``, ``X was branded a traitor``,
  ``X is described as a puppet of Y``, ``Y designated X a terrorist group``;
* ``relative``: relative and participial clauses that classify the mention
  or a label noun (``which is a militia``, ``which Iran considers a
  terrorist group``, ``a group recognized as terrorist by Iraq``), never
  clauses that say what it did;
* ``description``: the mention itself when it is a definite description
  (``the terror group`` -> ``terror group``), or nouns stacked before a name
  (``terror group Hamas`` -> ``terror group``);
* ``adjective``: adjectives on a name (``the notorious MKO`` -> ``notorious``).

A label is normalised to lower case with its head noun singular and the
determiner dropped, so that counts add up across the article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..nlp import is_timestamp
from .lexicon import DESCRIPTION_NOUNS, NAMING_VERBS, RELATIVE_LABEL_VERBS
from .mentions import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["RawLabel", "labels_of"]

_NP_LEFT = {"amod", "compound", "nmod", "advmod", "npadvmod", "poss", "nummod", "quantmod"}
_COPULAS = {"be", "become", "remain", "seem"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
#: Relative clauses longer than this are events, not labels, and are skipped.
MAX_RELATIVE_TOKENS = 12
_TRIM = " ,.;:!?\"'“”‘’()—–-"


@dataclass(frozen=True)
class RawLabel:
    """A label occurrence: character extent, normalised text, kind, and the
    lemma of its head noun ("" for a clause label such as "recognized as ...")."""

    start: int
    end: int
    label: str
    kind: str
    words: tuple[str, ...]
    head: str = ""
    shared: bool = False  # a plural appositive's label, given to a later member


def _np_tokens(head: Token) -> list[Token]:
    """The label noun phrase: modifiers + head + an ``of``-phrase, no determiner.

    A number on a plural head is dropped: "two board members, A and B" gives
    each of them the label "board member", not "two board member".
    """
    plural = head.tag_ in {"NNS", "NNPS"}
    first = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT and not (plural and c.dep_ == "nummod"):
            first = min(first, c.left_edge.i)
    last = head.i
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            last = max(last, c.right_edge.i)
        elif c.dep_ in {"compound", "amod"} and c.i == last + 1:
            last = c.i
    doc = head.doc
    return [
        t for t in doc[first : last + 1]
        if not (t.head == head and (t.dep_ == "det" or (plural and t.dep_ == "nummod")))
    ]


def _hyphen_end(tok: Token) -> Token:
    """The last part of a hyphenated word the parser split into sibling tokens: "co-chair"
    parsed as appositives "co", "-", "chair" ends at "chair" (else ``tok`` itself)."""
    doc = tok.doc
    end = tok
    while end.i + 2 < len(doc) and not end.whitespace_ and doc[end.i + 1].text == "-" \
            and not doc[end.i + 1].whitespace_ and doc[end.i + 2].head == tok.head \
            and doc[end.i + 2].dep_ == tok.dep_:
        end = doc[end.i + 2]
    return end


def _np_end(head: Token) -> int:
    """Token index just past ``head``'s noun phrase (its label part)."""
    return max(t.i for t in _np_tokens(head)) + 1


def _make(doc: Doc, toks: list[Token], kind: str, head: Token | None) -> RawLabel | None:
    """A label from tokens (in order), edge punctuation trimmed, head made singular."""
    while toks and not toks[0].text.strip(_TRIM):
        toks = toks[1:]
    while toks and not toks[-1].text.strip(_TRIM):
        toks = toks[:-1]
    if not toks:
        return None
    start = toks[0].idx
    end = toks[-1].idx + len(toks[-1].text)
    pieces = []
    for k, t in enumerate(toks):
        word = t.lower_
        if head is not None and t.i == head.i and t.tag_ in {"NNS", "NNPS"}:
            word = t.lemma_.lower()
        gap = t.whitespace_ if k + 1 < len(toks) and toks[k + 1].i == t.i + 1 else " "
        pieces.append(word + gap)
    label = " ".join("".join(pieces).strip(_TRIM).split())
    if not label:
        return None
    words = tuple(w for t in toks for w in {t.lower_, t.lemma_.lower()})
    head_lemma = head.lemma_.lower() if head is not None else ""
    return RawLabel(start, end, label, kind, words, head_lemma)


#: People around an actor, never its label: "Calloway's supporters", "Hamas supporters".
_OTHER_PEOPLE = frozenset({"supporter", "voter", "fan", "follower", "aide", "ally", "critic",
                           "opponent", "rival", "lawyer", "adviser", "advisor", "donor", "staff"})

#: Predicates that place an actor in a sequence rather than describe it: "X is only the latest".
_ORDER_WORDS = frozenset({"latest", "first", "last", "next", "same", "previous", "second", "third",
                          "one", "ones"})


def _noun_label(head: Token, kind: str, out: list[RawLabel], name_tokens: set[int]) -> None:
    if head.pos_ not in {"NOUN", "ADJ"} or head.i in name_tokens or head.lower_ in _ORDER_WORDS:
        return
    toks = _np_tokens(head)
    lab = _make(head.doc, toks, kind, head)
    if lab is not None:
        out.append(lab)
    _relatives(head, out, name_tokens)


def _relatives(head: Token, out: list[RawLabel], name_tokens: set[int]) -> None:
    """Relative and participial clauses that *classify* ``head``, nothing else.

    A clause saying what the actor did ("that has spent years spreading
    chaos", "who called the arrests ...") is an event, not a label. Kept:

    * a copula with a nominal predicate: "who is a convicted felon" -> the noun;
    * a naming verb whose object or passive subject is the relative pronoun:
      "which Iran considers a terrorist group", "who was branded a traitor"
      -> the naming verb's object;
    * a participle of a classifying verb (:data:`RELATIVE_LABEL_VERBS`) with an
      ``as``-phrase or a second object: "a group recognized as terrorist by
      Iraq" -> the whole (short) clause, which keeps who did the classifying.
    """
    for c in head.rights:
        if c.dep_ not in {"acl", "relcl"}:
            continue
        attrs = [a for a in c.children if a.dep_ == "attr" and a.pos_ == "NOUN"]
        if c.dep_ == "relcl" and c.lemma_ in _COPULAS and attrs:
            _noun_label(attrs[0], "relative", out, name_tokens)  # "who is a convicted felon"
            continue
        pronouns = [
            p for p in c.children
            if p.lower_ in _RELATIVE_PRONOUNS and p.dep_ in {"dobj", "dative", "nsubjpass"}
        ]
        if c.dep_ == "relcl" and c.lemma_ in NAMING_VERBS and pronouns:
            # "which Iran considers a terrorist group" -> "terrorist group"
            _naming_objects(c, pronouns[0], out, name_tokens, kind="relative")
            continue
        classifies = (
            c.dep_ == "acl"
            and c.tag_ == "VBN"
            and c.lemma_.lower() in RELATIVE_LABEL_VERBS
            and any(
                (k.dep_ == "prep" and k.lower_ == "as") or k.dep_ in {"oprd", "attr", "xcomp"}
                for k in c.children
            )
        )
        if not classifies:
            continue  # what the actor did, not what it is
        toks = list(c.subtree)
        while toks and (toks[0].lower_ in _RELATIVE_PRONOUNS or toks[0].is_punct):
            toks = toks[1:]
        if len(toks) > MAX_RELATIVE_TOKENS:
            continue
        lab = _make(head.doc, toks, "relative", None)
        if lab is not None:
            out.append(lab)


def _adjacent(doc: Doc, left_end: int, right_start: int) -> bool:
    """Only punctuation (commas, quotes, dashes), a determiner or a bracketed
    aside ("(MKO)") between token ``left_end - 1`` and token ``right_start``:
    an appositive sits right next to what it describes. The small parser
    sometimes hangs a noun from a later clause on a name ("Malik, who called
    the arrests 'a pretext'" makes "pretext" an appositive of Malik)."""
    depth = 0
    for t in doc[left_end:right_start]:
        if t.text in "([":
            depth += 1
        elif t.text in ")]":
            depth = max(0, depth - 1)
        elif not (depth or t.is_punct or t.is_space or t.dep_ == "det"):
            return False
    return True


def _words_up_to(noun: Token) -> list[Token]:
    """The noun and the unbroken run of its modifiers just before it, up to a verb:
    "Kelton United have sacked manager Rui Almeida" (misparsed: *sacked* as an
    adjective of *manager*) labels Almeida "manager", not "kelton united have sacked
    manager"; "former United captain" stays whole."""
    toks: list[Token] = []
    for t in reversed([t for t in noun.subtree if t.i <= noun.i]):
        if t.pos_ in {"VERB", "AUX"} or (toks and t.i != toks[0].i - 1) or is_timestamp(t):
            break  # nor a live blog's "11:30" before "Rail operator Southline"
        toks.insert(0, t)
    return toks


def labels_of(doc: Doc, mention: Mention, name_tokens: set[int]) -> list[RawLabel]:
    """Every label the parse attaches to ``mention``."""
    out: list[RawLabel] = []
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or mention.dateline:
        return out  # a dateline's parse belongs to the headline above it
    inside = {t.i for t in span}
    root = doc[mention.root]

    if mention.kind == "description":
        toks = [t for t in doc[span.start : span.end] if t.idx >= mention.label_start]
        lab = _make(doc, toks, "description", root)
        if lab is not None:
            out.append(lab)

    # appositives in either direction, next to the mention
    for t in span:
        for c in t.children:
            if c.dep_ == "appos" and c.i not in inside and _adjacent(doc, span.end, c.left_edge.i):
                if c.tag_ in {"NNS", "NNPS"} and mention.type == "person":
                    continue  # "Owen Price, accused ministers of ...": a verb phrase misparsed
                last = _hyphen_end(c)
                if last is c:
                    _noun_label(c, "appositive", out, name_tokens)
                elif (lab := _make(doc, list(doc[c.i : last.i]) + _np_tokens(last),
                                   "appositive", last)) is not None:
                    out.append(lab)
    if (
        root.dep_ == "appos"
        and root.head.i not in inside
        and (
            _adjacent(doc, _np_end(root.head), min(span.start, root.left_edge.i))
            if root.head.i < span.start
            else _adjacent(doc, span.end, root.head.left_edge.i)
        )
    ):
        # "the terror group Hamas" (no comma) is a title-like description
        kind = "description" if root.head.i == span.start - 1 else "appositive"
        _noun_label(root.head, kind, out, name_tokens)
    # a later member of a plural appositive: "two board members, A and B" labels B
    # too; only names in the chain ("my friends, my staff, my Cabinet" is a list)
    first, chain = root, [root]
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
        chain.append(first)
    if (
        first is not root
        and all(
            t.pos_ == "PROPN" and not any(c.dep_ in {"det", "poss"} for c in t.children)
            for t in chain
        )
        and first.dep_ == "appos"
        and first.head.tag_ in {"NNS", "NNPS"}
        and first.head.i < first.i
        and _adjacent(doc, _np_end(first.head), first.left_edge.i)
    ):
        lab = _make(doc, _np_tokens(first.head), "appositive", first.head)
        if lab is not None:
            out.append(replace(lab, shared=True))

    # nominal and adjectival modifiers before a name
    if mention.kind == "name":
        for c in root.lefts:
            if c.i in inside or c.i in name_tokens or c.ent_type_:
                continue  # "4:45 pm WESTERVILLE": a time, not a label
            if c.dep_ == "amod" and c.pos_ in {"ADJ", "VERB"}:
                lab = _make(doc, list(c.subtree), "adjective", None)
                if lab is not None:
                    out.append(lab)
            elif c.dep_ == "compound" and c.pos_ == "NOUN":
                lab = _make(doc, _words_up_to(c), "description", c)
                if lab is not None:
                    out.append(lab)

    # a name modifying a description noun: "the Iranian regime", "Iran's government"
    if (
        mention.kind == "name"
        and root.dep_ in {"amod", "compound", "poss", "nmod"}
        and root.head.i not in inside
        and root.head.pos_ == "NOUN"
        # "Calloway's supporters", "Trump aides": other people, no label of the name
        and root.head.lemma_.lower() not in _OTHER_PEOPLE
        and "person"
        not in DESCRIPTION_NOUNS.get(
            root.head.lemma_.lower(), DESCRIPTION_NOUNS.get(root.head.lower_, {"person"})
        )
    ):  # "US officials" is not a label of the US; "the Iranian regime" is one of Iranian
        noun = root.head
        toks = [t for t in _np_tokens(noun) if t.i not in inside and t.i not in name_tokens]
        toks = [t for t in toks if t.i >= root.i or t.dep_ != "det"]
        lab = _make(doc, [t for t in toks if t.lower_ not in {"'s", "’s"}], "description", noun)
        if lab is not None:
            out.append(lab)
        _relatives(noun, out, name_tokens)

    # predicates: "X is a ...", "X was called a ...", "they designated X a ..."
    head = root.head
    if root.dep_ in {"nsubj", "nsubjpass"} and head.i != root.i:
        if head.lemma_ in _COPULAS:
            for c in head.children:
                if c.dep_ in {"attr", "acomp"}:
                    _noun_label(c, "predicate", out, name_tokens)
        elif head.lemma_ in NAMING_VERBS and root.dep_ == "nsubjpass":
            _naming_objects(head, root, out, name_tokens)
    elif root.dep_ in {"dobj", "dative"} and head.lemma_ in NAMING_VERBS:
        _naming_objects(head, root, out, name_tokens)

    # relative clauses on the mention itself
    if mention.kind != "pronoun":
        _relatives(root, out, name_tokens)
    return out


def _naming_objects(
    verb: Token, root: Token, out: list[RawLabel], name_tokens: set[int], kind: str = "predicate"
) -> None:
    for c in verb.children:
        # "designated the MKO a terrorist group" (two objects), "was branded a traitor"
        second_object = c.dep_ == "dobj" and c.i > root.i
        if (c.dep_ in {"oprd", "attr", "xcomp"} or second_object) and c.pos_ in {"NOUN", "ADJ"}:
            _noun_label(c, kind, out, name_tokens)
        elif c.dep_ == "prep" and c.lower_ == "as":
            for p in c.children:
                if p.dep_ in {"pobj", "amod", "acomp"}:
                    _noun_label(p, kind, out, name_tokens)
