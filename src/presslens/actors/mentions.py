"""Find actor mentions and cluster them into actors (heuristic coreference).

Three kinds of mention:

* **name**: every span of the ``entities`` layer, plus proper names the small
  spaCy model misses when they look like organisations (an acronym such as
  ``MKO``, a capitalised run containing an organisation word, or a name
  followed by a parenthesised acronym: ``Mujahedin-e-Khalk (MKO)``).
* **description**: a definite noun phrase whose head is a group, person or
  place noun (``the terror group``, ``the minister``, ``the regime``).
* **pronoun**: he/she (people), they (organisations and groups), its/it
  (organisations and places).

Names are clustered first (exact name, ``X (ACR)`` and ``X, also known as Y``
links, acronym initials, a shorter name contained in a longer one of the
same type: ``Obama`` in ``Barack Obama``, and a lone nationality word joining
the one actor whose name starts with it: ``Varnian`` -> ``Varnian Liberation
Movement``). An all-capitals paragraph-opening dateline (``KORLAND CITY —``)
is one place mention. Descriptions then go, in order of preference, to the
actor that already bore their label ("label memory": ``the Varnian
Liberation Movement, the terror group`` ... ``the terror group``), to the
actor that bore their head noun as a title (``President Trump`` ... ``the
president``), or (unless they name a particular institution: ``the defence
ministry``) to the most recent compatible actor; places never take group
descriptions, and a name used only as a location (``near Dorvik``) makes a
place. Unresolved descriptions start unnamed clusters. Pronouns prefer the
grammatical subject of the nearest clause and give up when a plural noun
that is not an actor is nearer (``they`` after ``protesters``).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..article import Article
from ..lexicon import (
    BUSINESS_NOUNS,
    DOCUMENT_NOUNS,
    MEDIA_NOUNS,
    ORG_ROLE_NOUNS,
    PLACE_KINDS,
    name_gender,
)
from ..nlp import clause_speaker, held_by_someone_unnamed
from .lexicon import DESCRIPTION_NOUNS, INSTITUTION_HEADS, ORG_KEYWORDS, TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Cluster", "Mention", "find_actors", "normalise_name"]

log = logging.getLogger(__name__)

_DEFINITE = {"the", "this", "that", "these", "those"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_ALIAS_GAP = re.compile(
    r"^\s*,?\s*(?:also\s+known\s+as|better\s+known\s+as|known\s+as|a\.k\.a\.?|aka|"
    r"formerly|formerly\s+known\s+as)\s*$",
    re.IGNORECASE,
)
_PRONOUNS: dict[str, frozenset[str]] = {
    "he": frozenset({"person"}),
    "him": frozenset({"person"}),
    "his": frozenset({"person"}),
    "himself": frozenset({"person"}),
    "she": frozenset({"person"}),
    "her": frozenset({"person"}),
    "hers": frozenset({"person"}),
    "herself": frozenset({"person"}),
    "they": frozenset({"organisation", "group"}),
    "them": frozenset({"organisation", "group"}),
    "their": frozenset({"organisation", "group"}),
    "themselves": frozenset({"organisation", "group"}),
    "it": frozenset({"organisation", "place"}),
    "its": frozenset({"organisation", "place"}),
}
_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
_PERSON_TYPES = frozenset({"person"})
#: Description heads that say a person's gender: "the man" is not Miriam Cole.
_DESCRIPTION_GENDER = {
    "man": "m", "boy": "m", "father": "m", "son": "m", "husband": "m", "brother": "m",
    "woman": "f", "girl": "f", "mother": "f", "daughter": "f", "wife": "f", "sister": "f",
}
_PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
_IT_VERBS_SKIP = {"be", "seem", "appear", "take", "remain", "rain", "matter"}
_STOP_INITIALS = {"of", "the", "and", "for", "in", "on", "e", "al", "el", "de", "du", "la"}
_EDGE = " \t\n([{)]},.;:\"'“”‘’"
#: An all-capitals place opening a paragraph, then maybe ", March 4" or
#: "(AP)", then an em/en dash or "--": a wire dateline ("KORLAND CITY —").
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*)*)"
    r"(?=[ \t]*(?:,[^\n—–]{0,40}?)?[ \t]*(?:\([^)\n]*\)[ \t]*)?(?:—|–|--))"
)
#: Prepositions after which a bare name is a location ("near Dorvik").
_PLACE_PREPS = {"in", "near", "outside", "around", "across", "inside", "into", "throughout"}
#: Nouns whose "of"-phrase is a place ("residents of Dorvik").
_PLACE_OF_NOUNS = {
    "resident", "inhabitant", "citizen", "people", "outskirts", "suburb", "centre", "center",
    "street", "mayor", "town", "city", "village", "province", "region", "north", "south",
    "east", "west", "district", "port", "neighbourhood", "neighborhood", "native",
}
#: "shares in X", "a stake in X": "in" without a location.
_NOT_PLACE_HEADS = {
    "share", "stake", "interest", "investment", "confidence", "trust", "faith", "role",
    "part", "seat", "membership", "position", "job", "career", "invest",
}
_ACRONYM_STOP = {"TV", "AM", "PM", "OK", "CEO", "AD", "BC", "ID", "II", "III"}


@dataclass
class Mention:
    """One mention of an actor; ``root`` is its head token index in the Doc."""

    start: int
    end: int
    kind: str  # name | description | pronoun
    type: str | None
    root: int
    name: str = ""  # display form of a name (no leading "the", no "'s")
    entity_index: int | None = None  # index into the entities layer's spans
    label_start: int = 0  # descriptions: the label part (determiner dropped)
    titles: frozenset[str] = frozenset()  # names: titles before it ("president")
    cluster: int = -1
    dateline: bool = False  # "KORLAND CITY —" opening a paragraph: a place
    ner: str = ""  # names from the entities layer: spaCy's label (GPE, ORG, ...)


@dataclass
class Cluster:
    """An actor: its name mentions first, then descriptions and pronouns."""

    index: int
    type: str | None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def names(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "name"]

    @property
    def canonical(self) -> str:
        """The longest proper name; an acronym only when nothing longer exists."""
        names = [m.name for m in self.names if m.name]
        if not names:
            return ""
        full = [n for n in names if not _is_acronym(n)] or names
        return max(full, key=lambda n: (len(n), -names.index(n)))


def normalise_name(text: str, type: str | None = "person") -> str:
    """Display form of a name: no leading article, no trailing possessive, and for
    people (or unknown types) no leading title ("President Barack Obama")."""
    name = " ".join(text.split())
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = re.sub(r"(?:'s|’s|'|’)$", "", name)
    name = re.sub(r"^(?:the|The|THE|a|A|an|An)\s+", "", name)
    words = name.split()
    while type in ("person", None) and len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words).strip(" ,.;:")


def _key(name: str) -> str:
    return name.casefold().replace("’", "'")


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 7 and t.isalpha() and t.isupper() and text not in _ACRONYM_STOP


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> frozenset[str]:
    """Possible acronyms of a multi-word name (skipping 'of', 'the', ...)."""
    words = [w for w in re.split(r"[\s]+", name) if w]
    out = set()
    if len(words) >= 2:
        out.add("".join(w[0] for w in words if w.lower() not in _STOP_INITIALS).upper())
        out.add("".join(w[0] for w in words).upper())
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    if len(parts) >= 2:
        out.add("".join(p[0] for p in parts if p.lower() not in _STOP_INITIALS).upper())
    return frozenset(o for o in out if len(o) >= 2)


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s]+", _key(name)) if w)


def _contained(short: str, long: str) -> bool:
    """All words of ``short`` occur, in order, in ``long`` (and long is longer)."""
    sw, lw = _words(short), _words(long)
    if not sw or len(sw) >= len(lw):
        return False
    if not set(sw) <= set(lw):
        return False
    it = iter(lw)
    return all(any(w == x for x in it) for w in sw)


def _person_like(m: Mention) -> bool:
    """A person, or a 2-3 word name with no organisation word or 'of' (the NER
    often types Persian or Arabic personal names as ORG or GPE)."""
    if m.type == "person":
        return True
    words = _words(m.name)
    return (
        m.type in {"organisation", "place"}
        and 2 <= len(words) <= 3
        and not set(words) & (ORG_KEYWORDS | {"of", "for", "and"})
        and all(w[:1].isalpha() for w in words)
    )


def _called_by_surname(c: Cluster) -> bool:
    """People are called by their last name alone, organisations hardly ever:
    a person-like name the NER typed ORG or GPE (``Maryam Rajavi``) that the
    article later calls ``Rajavi`` is a person. Also true when a person title
    preceded one of its names (``Mr.``, ``President``)."""
    if any(m.titles for m in c.names):
        return True
    full = [m for m in c.names if _person_like(m) and len(_words(m.name)) >= 2]
    lasts = {_words(m.name)[-1] for m in full}
    return any(len(_words(m.name)) == 1 and _words(m.name)[0] in lasts for m in c.names)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# -- name mentions ----------------------------------------------------------
def _root(span: Span) -> int:
    """Index of the span's syntactic head: the last token whose head lies outside.

    (``Span.root`` checks the whole document's annotation on every call, which
    made long articles quadratic.)
    """
    root = span.end - 1
    for t in span:
        if not span.start <= t.head.i < span.end or t.head.i == t.i:
            root = t.i
    return root


def _token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _entity_mentions(article: Article, doc: Doc) -> list[Mention]:
    layer = article.layers.get("entities")
    out: list[Mention] = []
    if layer is None:
        return out
    for i, span in enumerate(layer.spans):
        start, end = span.start, span.end
        newline = article.text.find("\n", start, end)
        if newline > start:
            end = newline  # "Westerville Police Department\nJoering": two lines, two things
        while end > start and article.text[end - 1] in _EDGE:
            end -= 1
        while start < end and article.text[start] in _EDGE:
            start += 1
        tspan = _token_span(doc, start, end)
        if tspan is None or len(tspan) == 0:
            continue
        name = normalise_name(article.text[start:end], span.label)
        if not name:
            continue
        out.append(
            Mention(
                start, end, "name", span.label, _root(tspan), name, entity_index=i,
                ner=str(span.data.get("ner") or ""),
            )
        )
    return out


def sentence_ids(doc: Doc) -> list[int]:
    """Sentence number of every token (``Token.sent`` is slow: it rescans the doc)."""
    ids = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            ids[i] = n
    return ids


def _headline_flags(doc: Doc, sent_of: list[int]) -> list[bool]:
    """Per sentence: mostly capitals (a headline or a shouted line)?"""
    n = (sent_of[-1] + 1) if sent_of else 0
    alpha = [0] * n
    upper = [0] * n
    for t in doc:
        if t.is_alpha:
            alpha[sent_of[t.i]] += 1
            upper[sent_of[t.i]] += t.is_upper
    return [alpha[k] >= 3 and upper[k] / alpha[k] > 0.5 for k in range(n)]


def _words_of(doc: Doc) -> list[tuple[int, int]]:
    """Token index ranges of whitespace-delimited words (``Mujahedin-e-Khalk``)."""
    words: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        j = i
        while (
            j + 1 < n
            and not doc[j].whitespace_
            and not doc[j].is_space
            and not doc[j + 1].is_space
            and doc[j + 1].text not in "(),.;:!?\"'“”’"
        ):
            if doc[j].text in "(),.;:!?\"“”":
                break
            j += 1
        words.append((i, j + 1))
        i = j + 1
    return words


def _extra_names(doc: Doc, taken: list[bool], sent_of: list[int]) -> list[Mention]:
    """Proper names spaCy's NER missed that look like organisations or acronyms."""
    out: list[Mention] = []
    headline = _headline_flags(doc, sent_of)
    doc_text = doc.text  # Doc.text re-joins every token on each access
    words = _words_of(doc)
    k = 0
    while k < len(words):
        a, b = words[k]
        first = doc[a]
        proper = (
            not any(taken[a:b])
            and first.text[:1].isupper()
            and any(t.pos_ == "PROPN" for t in doc[a:b])
            and not headline[sent_of[a]]
        )
        if not proper:
            k += 1
            continue
        m = k
        while m + 1 < len(words):
            na, nb = words[m + 1]
            nt = doc[na]
            gap = doc_text[doc[words[m][1] - 1].idx : nt.idx]
            if (
                "\n" not in gap
                and not any(taken[na:nb])
                and nt.text[:1].isupper()
                and any(t.pos_ == "PROPN" for t in doc[na:nb])
                and sent_of[na] == sent_of[a]
            ):
                m += 1
            else:
                break
        end_tok = words[m][1]
        toks = doc[a:end_tok]
        text = toks.text
        lower_words = {t.lower_ for t in toks}
        follows_acronym = (
            end_tok + 2 < len(doc)
            and doc[end_tok].text == "("
            and doc[end_tok + 2].text == ")"
            and _is_acronym(doc[end_tok + 1].text)
        )
        prev = doc[a - 1] if a > 0 else None
        typ: str | None = None
        if lower_words <= TITLES:
            pass  # "Interior Minister": a title, however capitalised
        elif prev is not None and prev.lower_ in TITLES and prev.text[:1].isupper():
            typ = "person"
        elif _is_acronym(text) or lower_words & ORG_KEYWORDS or follows_acronym:
            typ = "organisation"
        if typ is not None:
            name = normalise_name(text, typ)
            if name:
                out.append(
                    Mention(toks.start_char, toks.end_char, "name", typ, _root(toks), name)
                )
        k = m + 1
    return out


def _name_mentions(article: Article, doc: Doc, sent_of: list[int]) -> list[Mention]:
    mentions = _entity_mentions(article, doc)
    taken = [False] * len(doc)
    for ent in doc.ents:  # dates, numbers etc. are not names either
        for t in ent:
            taken[t.i] = True
    for m in mentions:
        ts = _token_span(doc, m.start, m.end)
        if ts is not None:
            for t in ts:
                taken[t.i] = True
    mentions.extend(_extra_names(doc, taken, sent_of))
    mentions.sort(key=lambda m: (m.start, -m.end))
    # drop nested duplicates (keep the outer mention)
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    kept = _merge_datelines(article.text, doc, kept)
    for m in kept:
        m.titles = _titles(doc, m)
    return kept


def _merge_datelines(text: str, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Make the names inside a paragraph-opening dateline one place mention.

    The small NER reads "KORLAND CITY —" as a person "KORLAND" and the acronym
    finder adds "CITY"; a dateline names where the story was filed, a place.
    """
    out = list(mentions)
    for match in _DATELINE.finditer(text):
        start, end = match.span("place")
        if sum(ch.isalpha() for ch in match.group("place")) < 2:
            continue
        inside = [m for m in out if m.start < end and start < m.end]
        tspan = _token_span(doc, start, end)
        if not inside or tspan is None:
            continue
        entity = next((m.entity_index for m in inside if m.entity_index is not None), None)
        name = " ".join(match.group("place").split()).title()
        merged = Mention(
            start, end, "name", "place", _root(tspan), name, entity_index=entity, dateline=True
        )
        out = [m for m in out if not any(m is i for i in inside)] + [merged]
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def _titles(doc: Doc, m: Mention) -> frozenset[str]:
    """Title words right before (or opening) a name: "Foreign Minister Ali Rezaei"."""
    span = _token_span(doc, m.start, m.end)
    if span is None:
        return frozenset()
    found = set()
    for t in span:
        if t.lower_ in TITLES and t.i < span.end - 1:
            found.add(t.lemma_.lower().rstrip("."))
        else:
            break
    i = span.start - 1
    while i >= 0 and i >= span.start - 3 and doc[i].lower_ in TITLES:
        found.add(doc[i].lemma_.lower().rstrip("."))
        i -= 1
    return frozenset(found)


def _name_gender(c: Cluster) -> str | None:
    """"m" or "f" from the first word of a person's longest name, if it is a known first name."""
    return name_gender(max(c.names, key=lambda m: len(m.name)).name.split()[0].lower())


def _words_before(doc: Doc, m: Mention) -> frozenset[str]:
    """The lower-cased words of a name and the three tokens before it ("foreign minister")."""
    span = _token_span(doc, m.start, m.end)
    if span is None:
        return frozenset()
    return frozenset(t.lower_ for t in doc[max(0, span.start - 3) : span.end])


# -- descriptions and pronouns ---------------------------------------------
def _description_mentions(doc: Doc, name_tokens: set[int]) -> list[Mention]:
    out: list[Mention] = []
    for t in doc:
        is_noun = t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.text.islower())
        if not is_noun or t.i in name_tokens or t.dep_ == "compound":
            continue
        # the word form first: "authorities" (state) is not "authority" (a body)
        types = DESCRIPTION_NOUNS.get(t.lower_) or DESCRIPTION_NOUNS.get(t.lemma_.lower())
        if not types:
            continue
        dets = [c for c in t.children if c.dep_ == "det" and c.lower_ in _DEFINITE]
        if not dets or (dets[0].lower_ == "this" and t.lemma_.lower() in MEDIA_NOUNS):
            continue  # "obtained by this newspaper": the publication itself, no actor
        left = [c for c in t.lefts if c.dep_ in {"amod", "compound", "nmod", "advmod"}]
        if any(c.i in name_tokens or c.ent_type_ for c in t.subtree if c.i < t.i):
            continue  # "the Iranian regime", "the group Hamas": not a bare description
        if any(c.i in name_tokens for c in t.children if c.i > t.i and c.dep_ == "appos"):
            continue  # "the group, Hamas," is the name's own appositive
        det = dets[0]
        label_first = min((c.left_edge.i for c in left), default=t.i)
        label_first = max(label_first, det.i + 1)
        start = det.idx
        end = t.idx + len(t.text)
        mtypes = set(types)
        if t.tag_ in {"NNS", "NNPS"} and "person" in mtypes:
            mtypes = {"group", "organisation"}
        out.append(
            Mention(
                start,
                end,
                "description",
                "|".join(sorted(mtypes)),
                t.i,
                label_start=doc[label_first].idx,
            )
        )
    return out


def _pronoun_mentions(doc: Doc) -> list[Mention]:
    out: list[Mention] = []
    for t in doc:
        if t.pos_ != "PRON" and t.tag_ not in {"PRP", "PRP$"}:
            continue
        low = t.lower_
        types = _PRONOUNS.get(low)
        if types is None:
            continue
        if low == "it" and (t.dep_ not in _SUBJECT_DEPS or t.head.lemma_ in _IT_VERBS_SKIP):
            continue  # "it" is too often pleonastic or a thing
        out.append(
            Mention(t.idx, t.idx + len(t.text), "pronoun", "|".join(sorted(types)), t.i)
        )
    return out


# -- clustering ------------------------------------------------------------
def _cluster_names(text: str, doc: Doc, names: list[Mention]) -> list[int]:
    n = len(names)
    uf = _UnionFind(n)
    # "X (ACR)" and "X, also known as Y"
    for i in range(n - 1):
        a, b = names[i], names[i + 1]
        gap = text[a.end : b.start]
        acronym_link = (
            gap.strip() == "("
            and text[b.end : b.end + 1] == ")"
            and _is_acronym(b.name)
            and not _is_acronym(a.name)
            and (a.type == b.type or b.entity_index is None)  # not "Paris, OH (AP)"
        )
        if acronym_link or _ALIAS_GAP.match(gap):
            uf.union(i, i + 1)
    order = sorted(range(n), key=lambda i: (-len(_words(names[i].name)), names[i].start))
    processed: list[int] = []

    def linked(m: Mention, o: Mention) -> bool:
        if _is_acronym(m.name):
            return m.name.replace(".", "") in _initials(o.name) and {o.type, m.type} <= {
                "organisation", "place", "group", None
            }
        same_type = o.type == m.type or None in (o.type, m.type)
        words = _words(m.name)
        long_words = _words(o.name)
        if len(words) == 1 and words[-1] == long_words[-1] and _person_like(o) \
                and not (m.type == "place" and o.type == "organisation"):
            # a surname, whatever type the NER gave it; but a place is not the surname of
            # an organisation named after it ("Ireland" and "Safe Online Ireland")
            return True
        return same_type and _contained(m.name, o.name)

    def distance(i: int, group: list[int]) -> tuple[int, int]:
        pos = names[i].start
        before = [names[j].start for j in group if names[j].start < pos]
        if before:
            return (0, pos - max(before))
        return (1, min(names[j].start for j in group) - pos)

    for i in order:
        groups: dict[int, list[int]] = {}
        for j in processed:
            groups.setdefault(uf.find(j), []).append(j)
        key = _key(names[i].name)
        exact = [g for g in groups.values() if any(_key(names[j].name) == key for j in g)]
        same = [
            g for g in exact
            if any(_key(names[j].name) == key and names[j].type == names[i].type for j in g)
        ]
        if names[i].dateline:
            exact = same  # "TELMSFORD —" is the town, not "Telmsford Harbour Authority"
        cands = (
            same or exact
            or [g for g in groups.values() if any(linked(names[i], names[j]) for j in g)]
        )
        if cands:
            best = min(cands, key=lambda g: distance(i, g))
            uf.union(best[0], i)
        processed.append(i)
    _merge_first_words(doc, names, uf)
    return [uf.find(i) for i in range(n)]


def _merge_first_words(doc: Doc, names: list[Mention], uf: _UnionFind) -> None:
    """Join a one-word nationality/adjective mention ("Varnian", NORP) to the
    one actor whose multi-word name starts with that word ("Varnian Liberation
    Movement"). Left alone when two actors' names start with it."""
    for i, m in enumerate(names):
        words = _words(m.name)
        if len(words) != 1 or not (m.type == "group" or doc[m.root].pos_ == "ADJ"):
            continue
        targets = {
            uf.find(j)
            for j, o in enumerate(names)
            if len(_words(o.name)) >= 2 and _words(o.name)[0] == words[0] and not o.dateline
        }
        targets.discard(uf.find(i))
        if len(targets) == 1:
            uf.union(targets.pop(), i)


def _compatible_types(mention_types: str | None, actor_type: str | None) -> bool:
    if mention_types is None or actor_type is None:
        return True
    return actor_type in mention_types.split("|")


def _resolve(
    doc: Doc,
    m: Mention,
    placed: list[tuple[int, Mention]],
    types_of: dict[int, str | None],
    max_sents: int,
    blockers: list[Token] | None = None,
    genders: dict[int, str] | None = None,
    *,
    sent_of: list[int],
    allowed: set[int] | None = None,
) -> int | None:
    """The cluster of the most recent compatible antecedent of ``m`` among
    ``placed`` mentions (pronouns: the nearest grammatical subject first)."""
    tok = doc[m.root]
    sent_index = sent_of[tok.i]
    cands: list[tuple[int, int, int]] = []  # (not-subject, distance, cluster)
    for root_i, other in placed:
        if root_i >= tok.i:
            continue
        if sent_index - sent_of[root_i] > max_sents:
            continue
        if not _compatible_types(m.type, types_of.get(other.cluster)):
            continue
        if allowed is not None and other.cluster not in allowed:
            continue
        gender = _GENDER.get(doc[m.root].lower_) or _DESCRIPTION_GENDER.get(doc[m.root].lower_)
        if gender and genders and genders.get(other.cluster, gender) != gender:
            continue
        subj = doc[root_i].dep_ in _SUBJECT_DEPS
        cands.append((0 if subj else 1, tok.i - root_i, other.cluster))
    if not cands:
        return None
    nearest_subject = min(c for c in cands)
    nearest = min(cands, key=lambda c: c[1])
    if blockers:
        closest = nearest[1]
        if any(0 < tok.i - b.i < closest for b in blockers):
            return None
    return nearest_subject[2] if m.kind == "pronoun" else nearest[2]


@dataclass
class _Memory:
    """Label memory: the labels applied so far to each cluster (appositives,
    predicates, coreferent descriptions) and the words of its names, so that
    "the terror group" goes to the actor the article already called a terror
    group, however far back, rather than to whatever was mentioned last."""

    labels: dict[int, list[tuple[int, str, frozenset[str], str]]] = field(default_factory=dict)
    names: dict[int, list[tuple[int, frozenset[str]]]] = field(default_factory=dict)

    def add_label(self, cluster: int, pos: int, label: str, head: str) -> None:
        """Remember ``label`` (head lemma ``head``; "" for a clause label)."""
        self.labels.setdefault(cluster, []).append((pos, label, frozenset(label.split()), head))

    def add_name(self, cluster: int, pos: int, name: str) -> None:
        self.names.setdefault(cluster, []).append((pos, frozenset(_words(name))))

    def match(
        self, label: str, words: frozenset[str], head: str, before: int, ok: set[int]
    ) -> int | None:
        """The cluster whose memory best matches a description: the same label
        or a name containing its head and words ("the authority" -> "Telmsford
        Harbour Authority") (2) over a label with the same head noun
        containing all its words (1): "the group" matches an actor called "a
        terror group", not one called "the conscience of the group". Ties go to
        the most recent; only entries starting before ``before`` count."""
        best: tuple[int, int, int] | None = None
        for cl, labs in self.labels.items():
            if cl not in ok:
                continue
            for pos, lab, lw, lhead in labs:
                if pos >= before:
                    continue
                score = 2 if lab == label else 1 if head == lhead and words <= lw else 0
                if score and (best is None or (score, pos) > best[:2]):
                    best = (score, pos, cl)
        for cl, names in self.names.items():
            if cl not in ok:
                continue
            known = frozenset(w for _, _, lw, _ in self.labels.get(cl, []) for w in lw)
            for pos, nw in names:
                matches = pos < before and head in nw and words <= nw | known
                if matches and (best is None or (2, pos) > best[:2]):
                    best = (2, pos, cl)
        return best[2] if best else None


def _description_words(doc: Doc, m: Mention) -> tuple[str, frozenset[str], str, bool]:
    """(label, words, head lemma, specific?) of a description mention.

    ``specific``: its head is an institution noun (``INSTITUTION_HEADS``: "the
    ministry", "the party") or it has a noun modifier that is not evaluative
    ("the opposition outfit"), or it is a title with a modifier ("the prime
    minister": one office): such a description names a particular body, so
    it only corefers through label memory, a title or the actor's name, never
    by mere recency. "the terror group" (evaluative modifier, generic head)
    is not specific.
    """
    from .lexicon import is_evaluative

    root = doc[m.root]
    toks = [t for t in doc[root.left_edge.i : root.i + 1] if t.idx >= m.label_start]
    toks = [t for t in toks if t.dep_ not in {"det", "poss", "case"} and not t.is_punct]
    words = [t.lemma_.lower() if t.i == root.i else t.lower_ for t in toks]
    head = root.lemma_.lower()
    specific = (head in INSTITUTION_HEADS and root.tag_ == "NN") or any(
        ((t.dep_ == "compound" and t.pos_ == "NOUN")
         or (t.dep_ in {"amod", "compound"} and head in TITLES))  # "the prime minister"
        and not is_evaluative([t.lower_])
        for t in toks
        if t.i != root.i
    )
    return " ".join(words), frozenset(words), head, specific


#: Appositive heads that make a name a place whatever the NER said: "Mellick, the town of 9,000".
_PLACE_APPOSITIVES = PLACE_KINDS | {"capital", "suburb"}


def _town_appositive(doc: Doc, c: Cluster) -> bool:
    """A name mention of the cluster has a place noun as its appositive ("the town of X")."""
    for m in c.names:
        span = _token_span(doc, m.start, m.end)
        if span is not None and any(t.dep_ == "appos" and t.lemma_.lower() in _PLACE_APPOSITIVES
                                    for t in span.root.children):
            return True
    return False


def _place_like(doc: Doc, c: Cluster) -> bool:
    """Every name mention of the cluster reads as a location: after "in",
    "near", ... or in "residents of X". The small NER tags unknown towns ORG."""
    if c.type == "place":
        return True
    if c.type == "person":
        return False
    seen = False
    for m in c.names:
        if set(_words(m.name)) & ORG_KEYWORDS:
            return False
        span = _token_span(doc, m.start, m.end)
        if span is None or span.start == 0:
            return False
        prev = doc[span.start - 1]
        located = (
            prev.lower_ in _PLACE_PREPS and prev.head.lemma_.lower() not in _NOT_PLACE_HEADS
        ) or (
            prev.lower_ == "of" and prev.head.lemma_.lower() in _PLACE_OF_NOUNS
        )
        if not located and not m.dateline:
            return False
        seen = True
    return seen


def _speaker_not_an_actor(doc: Doc, root: int, mention_roots: set[int]) -> bool:
    """"he"/"she" opening the clause of "X says ..." is X; when X is a person noun that is
    no actor mention ("A former aide to President Halvorsen says she warned him"), the
    pronoun is left out rather than given to the last person named. Not when X cannot be
    a person ("a newspaper revealed that he had claimed ...")."""
    tok = doc[root]
    subj = clause_speaker(tok) if tok.lower_ in {"he", "she"} else None
    if subj is None or subj.pos_ != "NOUN" or subj.i in mention_roots:
        return False
    lemma = subj.lemma_.lower()
    return DESCRIPTION_NOUNS.get(lemma, _PERSON_TYPES) == _PERSON_TYPES \
        and lemma not in MEDIA_NOUNS | DOCUMENT_NOUNS | ORG_ROLE_NOUNS


def find_actors(article: Article, doc: Doc) -> list[Cluster]:
    """Cluster every actor mention in ``article``; clusters in first-mention order.

    Descriptions that corefer with no named actor are kept as nameless
    clusters (at the end) so that later descriptions and pronouns can join
    them instead of a wrong named actor; callers drop clusters without names.
    """
    from .labels import labels_of

    text = article.text
    sent_of = sentence_ids(doc)
    names = _name_mentions(article, doc, sent_of)
    roots = _cluster_names(text, doc, names)
    rep_index: dict[int, int] = {}
    clusters: list[Cluster] = []
    for m, r in sorted(zip(names, roots, strict=True), key=lambda p: p[0].start):
        if r not in rep_index:
            rep_index[r] = len(clusters)
            clusters.append(Cluster(len(clusters), None))
        m.cluster = rep_index[r]
        clusters[m.cluster].mentions.append(m)
    for c in clusters:
        longest = max(c.names, key=lambda m: len(m.name))
        typed = [m.type for m in c.names if m.type]
        c.type = longest.type or (max(set(typed), key=typed.count) if typed else None)
        if c.type != "person" and _called_by_surname(c):
            c.type = "person"
            for m in c.names:  # "Councillor Ines Varga" (NER: ORG) -> "Ines Varga"
                bare = normalise_name(text[m.start : m.end], "person")
                if len(bare.split()) >= 2:  # not "Justice Department" -> "Department"
                    m.name = bare
        elif (c.type in {"organisation", None} and _place_like(doc, c)) or _town_appositive(doc, c):
            c.type = "place"
    types_of = {c.index: c.type for c in clusters}
    named = len(clusters)
    gpe = {c.index for c in clusters if any(m.ner == "GPE" for m in c.names)}

    name_tokens: set[int] = set()
    for m in names:
        ts = _token_span(doc, m.start, m.end)
        if ts is not None:
            name_tokens.update(t.i for t in ts)
    memory = _Memory()
    for m in names:
        memory.add_name(m.cluster, m.start, m.name)
        for lab in labels_of(doc, m, name_tokens):
            if lab.kind != "adjective":
                memory.add_label(m.cluster, lab.start, lab.label, lab.head)
    others = _description_mentions(doc, name_tokens) + _pronoun_mentions(doc)
    others.sort(key=lambda m: m.start)
    placed: list[tuple[int, Mention]] = [(m.root, m) for m in names]
    plural_nouns = [
        t for t in doc
        if t.tag_ in {"NNS", "NNPS"} and t.i not in name_tokens and not t.ent_type_
        and t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj"}
    ]
    # from a known first name, else set by the first he/she that joins a cluster
    genders = {c.index: g for c in clusters if c.type == "person" and (g := _name_gender(c))}
    for m in others:
        cl: int | None
        if m.kind == "description":
            label, words, head, specific = _description_words(doc, m)
            ok = {c.index for c in clusters if _compatible_types(m.type, c.type)}
            cl = memory.match(label, words, head, m.end, ok)
            if cl is None:
                # "the prime minister" is not "Transport Minister Alan Price": a title's
                # modifiers must be found before the name too ("Foreign Minister X" is
                # "the foreign minister")
                titled = [
                    (root_i, other.cluster)
                    for root_i, other in placed
                    if head in other.titles and other.cluster in ok
                    and (not specific or words - {head} <= _words_before(doc, other))
                ]
                before = [t for t in titled if t[0] < m.root]
                # a headline's "the mayor", or a lede's before anyone is named, is the one
                # given that title below it
                first = "\n" not in text[:m.start] or not any(
                    root_i < m.root for root_i, other in placed if other.kind == "name")
                after = [t for t in titled if t[0] > m.root] if first else []
                cl = max(before)[1] if before else min(after)[1] if after else None
            several = doc[m.root].tag_ in {"NNS", "NNPS"} \
                and head in ORG_ROLE_NOUNS | BUSINESS_NOUNS
            if cl is None and not specific and not several and not held_by_someone_unnamed(
                    doc, head, m.root, name_tokens):  # "the firms" are not one organisation
                # recency; a place description ("the country", "the capital")
                # only reaches places the NER itself called GPE, and only when
                # singular: a town the NER took for an organisation or a
                # dateline is rarely "the nation"; only named actors: a description joins
                # an unnamed one through its label ("the terror group" ... "the group"),
                # not because it was the last group mentioned
                allowed = set(range(named))
                if m.type == "place":
                    allowed &= gpe if doc[m.root].tag_ == "NN" else set()
                cl = _resolve(doc, m, placed, types_of, max_sents=4, sent_of=sent_of,
                              allowed=allowed, genders=genders)
            if cl is None:  # a new, unnamed actor ("the defence ministry")
                mtypes = (m.type or "organisation").split("|")
                ctype = "organisation" if "organisation" in mtypes else mtypes[0]
                cl = len(clusters)
                clusters.append(Cluster(cl, ctype))
                types_of[cl] = ctype
            memory.add_label(cl, m.label_start, label, head)
        elif _speaker_not_an_actor(doc, m.root, {root_i for root_i, _ in placed}):
            cl = None
        else:
            blockers = plural_nouns if text[m.start : m.end].lower() in _PLURAL_PRONOUNS else None
            cl = _resolve(doc, m, placed, types_of, max_sents=1, blockers=blockers,
                          genders=genders, sent_of=sent_of)
        if cl is None:
            continue
        gender = _GENDER.get(text[m.start : m.end].lower()) if m.kind == "pronoun" else None
        if gender:
            genders.setdefault(cl, gender)
        m.cluster = cl
        clusters[cl].mentions.append(m)
        placed.append((m.root, m))
    for c in clusters:
        c.mentions.sort(key=lambda m: (m.start, m.end))
    log.debug("%d named actors, %d unnamed", named, len(clusters) - named)
    return clusters
