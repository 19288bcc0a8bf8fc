"""Source typing and speaker resolution over a spaCy parse.

Speaker resolution links a pronoun or a description ("he", "the minister",
"Caddell", "the Post") to a named entity mentioned earlier:

* a source phrase containing a PERSON/ORG entity links to that entity's
  cluster (people cluster by surname, organisations by their last word or
  exact text), named by its longest mention ("Pat Caddell");
* a bare surname of a person named earlier links to that person even when
  spaCy's NER missed it or took it for an organisation ("Hana Kovac ...
  Kovac said": in news a lone capitalised surname after the full name is
  almost always the same person);
* ``he``/``she`` link to the most recent earlier PERSON mention whose
  gender (from a title such as Mr/Mrs or a common first name) does not
  contradict the pronoun;
* "the minister"-style descriptions link to the most recent person given
  that role earlier (as a title, "Minister X", or an appositive, "X, the
  minister,"), else to the most recent person; "the company"-style ones to
  the most recent organisation, "the (defence) ministry"-style ones only to
  an organisation whose name holds those words.

Source types follow the brief: person, official, organisation, media,
document, anonymous, unspecified (see :func:`SourceTyper.type_of`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..lexicon import (
    ANON_HEADS,
    ANON_MARKERS,
    ANONYMITY,
    BUSINESS_NOUNS,
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    GENERIC_HEADS,
    GOV_HEADS,
    GOV_ORGS,
    INSTITUTION_NOUNS,
    MALE_PRONOUNS,
    MALE_TITLES,
    MEDIA_NAMES,
    MEDIA_NOUNS,
    OFFICE_WORDS,
    ORG_ROLE_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
    name_gender,
)
from ..nlp import PEOPLE_PLURALS, clause_speaker, entity_label, held_by_someone_unnamed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Cluster", "SourceTyper"]

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
#: Modifiers that make "papers" documents rather than newspapers.
_DOCUMENT_PAPERS = GOV_HEADS | frozenset({
    "internal", "leaked", "confidential", "secret", "official", "briefing", "policy", "research",
    "legal", "financial", "classified",
})
#: Name tags of words before "papers" that say which press, not who issued them: "the Sunday
#: papers", "British papers", "London papers".
_NOT_ISSUERS = frozenset({"DATE", "TIME", "NORP", "GPE", "LOC"})
_NEWS_WORD = re.compile(r"\b(news|press|wire)\b", re.IGNORECASE)
_AGENCY = re.compile(r"(\w+)\s+agency\b", re.IGNORECASE)  # the word before "agency"


@dataclass
class Cluster:
    """Mentions of one named entity."""

    label: str
    key: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    #: roles held in a company, union or campaign ("union secretary X")
    business_roles: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def is_official(self) -> bool:
        return bool((self.roles - self.business_roles) & TITLES)


#: Modifiers that set a company apart from the one named before: "the rival supplier".
_OTHER_ORG = frozenset({"rival", "other", "another", "competing", "parent", "sister", "new"})

#: Words of company titles: "chief executive", "chief financial officer", "CEO".
_CORPORATE_WORDS = frozenset({
    "executive", "financial", "operating", "marketing", "technology", "managing", "ceo", "cfo",
    "coo", "cto",
})


#: Modifiers that put a title in local or national government: "the county chief executive".
_PUBLIC_MODIFIERS = GOV_HEADS | frozenset({
    "county", "city", "borough", "district", "municipal", "regional", "provincial", "state",
    "federal", "town", "public",
})


def _in_business(role: Token) -> bool:
    """Whether a title is held in a company, union or campaign rather than in government.

    "union secretary", "the airline's chief executive", "Clinton campaign
    spokesman": a business noun among the modifiers just before the title;
    "a spokesman for the union": after it; "chief financial officer": a
    company title in itself, unless a public body's word comes before it
    ("the county chief executive").
    """
    doc = role.doc
    while role.dep_ in {"compound", "amod"} and role.head.i > role.i \
            and role.head.lower_ in ROLE_NOUNS:
        role = role.head  # "Chief financial officer": the whole title, up to "officer"
    for i in range(role.i - 1, max(-1, role.i - 5), -1):
        if doc[i].dep_ not in {"compound", "amod", "poss", "case", "nmod"}:
            break
        if doc[i].lemma_.lower() in BUSINESS_NOUNS:
            return True
        if doc[i].lemma_.lower() in _PUBLIC_MODIFIERS:
            return False
        if doc[i].lower_ in _CORPORATE_WORDS:
            return True
    if role.lower_ in _CORPORATE_WORDS:
        return True
    return any(c.dep_ == "prep" and c.lower_ in {"for", "of", "at"}
               and any(p.dep_ == "pobj" and p.lemma_.lower() in BUSINESS_NOUNS for p in c.children)
               for c in role.children)


def _is_acronym_of(short: str, name: str) -> bool:
    """"PRA" and "Prudential Regulation Authority" (small words skipped)."""
    initials = "".join(w[0] for w in name.split() if w.lower() not in {"of", "the", "and", "for"})
    return short.isupper() and 2 <= len(short) == len(initials) and short == initials.upper()


def _works_at(ent: Span, head: Token) -> bool:
    """"economists *at* the Institute": the organisation is where ``head`` speaks from."""
    prep = ent.root.head
    return ent.root.dep_ == "pobj" and prep.head == head and prep.lower_ in {"at", "from", "with"}


def it_may_be_another(between: Span) -> bool:
    """A document or person in ``between`` that a later "it" may refer to instead of the
    organisation before them ("... published a report. It said"). Not a document noun
    that only modifies ("a record high") or says how something was said ("said in a
    statement")."""
    return any((t.lemma_.lower() in DOCUMENT_NOUNS and t.dep_ not in {"compound", "pobj"})
               or t.ent_type_ == "PERSON" for t in between)


def _strip_det(text: str) -> str:
    words = text.split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


class SourceTyper:
    """Entity clusters of one document, for resolving and typing sources."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.clusters: list[Cluster] = []
        self.by_token: dict[int, Cluster] = {}
        self._mentions: list[tuple[int, Cluster]] = []  # (token index, cluster)
        self._people: dict[str, Cluster] = {}  # surname -> cluster
        self._anonymous_heads: set[str] = set()  # "official" once "a senior official" spoke
        self._build()

    # -- clusters ---------------------------------------------------------
    def _build(self) -> None:
        people = self._people
        orgs: dict[str, Cluster] = {}
        for ent in self.doc.ents:
            label = entity_label(ent)
            if label is None:
                continue  # "Neighbours described hearing shots": tagged NORP for its capital
            words = [t for t in ent if not t.is_punct and t.lower_ not in {"the", "'s"}]
            surname = bool(words) and self._surname(ent, words)
            if not words or (label not in _ENTITY_LABELS and not surname):
                continue  # a surname named before counts whatever its tag ("Okoro" WORK_OF_ART)
            if surname:
                cl = people[words[0].lower_]
            elif label == "PERSON":
                key = words[-1].lower_
                if key not in people and len(words) == 1:
                    # a first name alone ("Mateo") is the one person named so before
                    # ("Mateo Ruiz"), not somebody new
                    firsts = [c for c in people.values()
                              if c.name.split()[0].lower() == key and " " in c.name]
                    if len(firsts) == 1:
                        key = firsts[0].key
                if key not in people:
                    people[key] = Cluster("PERSON", key, ent.text)
                    self.clusters.append(people[key])
                cl = people[key]
            else:
                text = _strip_det(ent.text)
                key = text.lower()
                # the same organisation when one name holds the other's words and they end
                # alike ("the Post" in "New York Post"), not "United Nations" and "Palais
                # des Nations"; or when one is the other's first word alone ("Orbital" and
                # "Orbital Systems")
                mine = {t.lower_ for t in words}
                found = orgs.get(key) or next(
                    (c for c in orgs.values()
                     if c.label == label and (
                         (c.key.split()[-1] == words[-1].lower_
                          and (mine <= set(c.key.split()) or set(c.key.split()) <= mine))
                         or (c.key.split()[0] == words[0].lower_
                             and 1 in {len(words), len(c.key.split())}))),
                    None,
                ) or next((c for c in orgs.values()
                           if c.label == label and _is_acronym_of(text, c.name)), None)
                if found is None:
                    found = Cluster(label, key, text)
                    self.clusters.append(found)
                cl = orgs.setdefault(key, found)
            if len(ent.text) > len(cl.name):
                cl.name = _strip_det(ent.text) if cl.label != "PERSON" else ent.text
            cl.mentions.append(ent)
            self._learn(ent, cl)
            for t in ent:
                self.by_token[t.i] = cl
            self._mentions.append((ent.start, cl))

    def _surname(self, ent: Span, words: list[Token]) -> bool:
        """A one-word non-person entity that is the surname of a person named earlier.

        Capitalised, whatever its tag: "Trump said" opening a sentence is often
        tagged a common noun (and an organisation).
        """
        return (
            ent.label_ != "PERSON"
            and len(words) == 1
            and words[0].pos_ in {"PROPN", "NOUN"}
            and words[0].text[:1].isupper()
            and words[0].lower_ in self._people
        )

    def _learn(self, ent: Span, cl: Cluster) -> None:
        """Roles and gender from titles before the mention and appositives after it."""
        if cl.label != "PERSON":
            return
        doc = self.doc
        before = []  # "Foreign Minister X", not "a spokesman for X": stop at a preposition
        for i in range(ent.start - 1, max(-1, ent.start - 4), -1):
            if doc[i].pos_ in {"ADP", "DET", "PUNCT", "VERB", "AUX", "CCONJ", "SCONJ", "PRON"}:
                break
            before.append(doc[i])
        for t in before:
            self._add_role(cl, t)
            if t.lower_ in MALE_TITLES:
                cl.gender = "m"
            elif t.lower_ in FEMALE_TITLES:
                cl.gender = "f"
        root = ent.root
        for child in root.children:
            if child.dep_ == "appos":
                for t in child.subtree:
                    if t.i >= ent.end:
                        self._add_role(cl, t)
        if root.dep_ in {"appos", "compound"}:
            self._add_role(cl, root.head)
        if cl.gender is None and len(ent) > 1:
            cl.gender = name_gender(ent[0].lower_)

    @staticmethod
    def _add_role(cl: Cluster, t: Token) -> None:
        if t.lower_ in ROLE_NOUNS:
            cl.roles.add(t.lower_)
            if _in_business(t):
                cl.business_roles.add(t.lower_)

    def _recent(self, before: int, label: str, gender: str | None = None,
                role: str | None = None) -> Cluster | None:
        """The last entity of ``label`` mentioned before token ``before``.

        With a ``gender``, one known to have it wins over a later one of unknown
        gender in the same or the sentence before: in "Judge Anne Cartwright told
        Pell he had ... She said ...", *she* is the judge, not Pell.
        """
        start = self.doc[before].sent.start
        window = self.doc[start - 1].sent.start if start else 0
        fallback = unknown = None
        for idx, cl in reversed(self._mentions):
            if idx >= before or cl.label != label:
                continue
            if unknown is not None and idx < window:
                return unknown
            if gender and cl.gender and cl.gender != gender:
                continue
            if gender and cl.gender is None and role is None:
                unknown = unknown or cl  # look on for a known one in this or the last sentence
                continue
            if role is None or role in cl.roles:
                return cl
            if fallback is None:
                fallback = cl
        return fallback or unknown

    # -- resolution -------------------------------------------------------
    def resolve(self, phrase: Span, head: Token) -> Cluster | None:
        """The named entity a source phrase refers to, or None."""
        cl = self.by_token.get(head.i)
        if cl is not None:
            return cl
        if not head.ent_type_ and (head.pos_ == "PROPN" or (
                head.pos_ in {"NOUN", "ADV"} and head.text[:1].isupper())):
            # a name given before that the tagger missed here: a person's surname ("Pires
            # later wrote" opening a sentence may be tagged a common noun) or a one-word
            # organisation ("Chatterly said", tagged an adverb)
            named = [c for idx, c in self._mentions if idx < head.i]
            cl = self._people.get(head.lower_) or next(
                (c for c in reversed(named) if c.label == "ORG" and c.key == head.lower_), None)
            if cl is not None and any(c is cl for c in named):
                return cl
        # an entity that is the phrase's name ("Senator Jane Smith", "the Post's reporter
        # Jane Smith", "the company's chief executive, Maria Lopez,") but not a modifier
        # ("the Iranian news agency", "sources close to Trump", "Trump supporters")
        for t in phrase:
            cl = self.by_token.get(t.i)
            if cl is not None and cl.label in {"PERSON", "ORG"} and t.head == head and (
                    t.dep_ == "appos" or (t.dep_ == "compound" and head.pos_ == "PROPN")):
                return cl
        low = head.lower_
        if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            gender = "m" if low in MALE_PRONOUNS else "f"
            unnamed, cl = self._clause_subject(head, gender)
            if unnamed:
                return None
            return cl or self._recent(head.i, "PERSON", gender)
        if low == "it":
            return self._it(head)
        if low in PRONOUNS:
            return None
        det = [t.lower_ for t in head.children if t.dep_ == "det"]
        if head.tag_ in {"NN", "NNP"} and det[:1] == ["the"] and not self._anonymous(phrase, head):
            if low in ROLE_NOUNS:
                if self._someone_elses(head):
                    return None
                cl = self._recent(head.i, "PERSON", role=low)
                office = {t.lower_ for t in phrase if t.head == head and t.lower_ in OFFICE_WORDS}
                if cl is not None and not office <= self._words_before(cl):
                    return None  # "the prime minister" is not Transport Minister Leon Varga
                return cl
            if low in ORG_ROLE_NOUNS | BUSINESS_NOUNS - {"team"}:  # a research team is none
                return self._recent_org(phrase, head)
        if low in TITLES and not det and len(phrase) == 1 and "\n" not in self.doc.text[:head.idx]:
            # a headline's bare title, "Mayor defends plan": the person given it below
            return next((cl for _, cl in self._mentions
                         if cl.label == "PERSON" and low in cl.roles), None)
        return self._short_name(phrase, head)

    def _words_before(self, cl: Cluster) -> set[str]:
        """The words just before the entity's mentions: "Transport Minister" in "Transport
        Minister Leon Varga"."""
        return {t.lower_ for m in cl.mentions for t in self.doc[max(0, m.start - 3): m.start]}

    def _someone_elses(self, head: Token) -> bool:
        """The role was given before to somebody unnamed ("the group's founder"), and no
        named person holds it: then "the founder" is not the last person named ("Dalen,
        who once shared a stage with the group's founder, forgot that the founder ...")."""
        return not any(head.lower_ in cl.roles for cl in self.clusters) \
            and held_by_someone_unnamed(self.doc, head.lemma_.lower(), head.i, self.by_token)

    def _clause_subject(self, pron: Token, gender: str) -> tuple[bool, Cluster | None]:
        """The subject of the verb whose complement clause ``pron`` is the subject of.

        "A former aide to President X says she warned him": *she* is the aide,
        not X, the last person named. Returns (True, None) when that subject
        is an unnamed person ("aide", "official"), (False, its person) when it
        names one of that gender, else (False, None): decide as usual.
        """
        subj = clause_speaker(pron)
        if subj is None or subj.tag_ not in {"NN", "NNP"} or subj.lower_ in PRONOUNS:
            return False, None
        cl = self.resolve(self.doc[subj.left_edge.i: subj.i + 1], subj)
        if cl is not None:
            ok = cl.label == "PERSON" and cl.gender in {None, gender}
            return False, cl if ok else None
        lemma = subj.lemma_.lower()
        plural = subj.tag_ in {"NNS", "NNPS"}  # "officials say she": not them; "an aide": her
        person = subj.pos_ == "NOUN" \
            and not (plural and self._anonymous(self.doc[subj.i: subj.i + 1], subj)) \
            and lemma not in ORG_ROLE_NOUNS | BUSINESS_NOUNS | DOCUMENT_NOUNS | INSTITUTION_NOUNS \
            and lemma not in GOV_HEADS and lemma not in MEDIA_NOUNS
        return person, None

    def _short_name(self, phrase: Span, head: Token) -> Cluster | None:
        """An organisation whose name holds every word of a two- or three-word common-noun
        phrase: "Harbour authority approves ..." in a headline is the Telmsford Harbour
        Authority named below it. The nearest such organisation wins, before or after."""
        words = [t.lower_ for t in phrase if not t.is_punct and t.dep_ != "det"]
        if head.pos_ != "NOUN" or not 2 <= len(words) <= 3 or self._anonymous(phrase, head):
            return None
        found = self._orgs_naming(set(words))
        return min(found, key=lambda f: abs(f[0] - head.i))[1] if found else None

    def _it(self, head: Token) -> Cluster | None:
        """"It said" after an organisation that is the subject of this or the previous sentence.

        The subject of a main clause: in "The Commission found that Nimbus stored ...
        It said", *it* is not Nimbus.

        Not when the last entity named is not that subject ("this decision by the
        FBI ... It sends"), nor when a document ("the report", "a statement") or a
        person comes in between: "it" may be that, and no link is better than a
        wrong one.
        """
        before = [(idx, cl) for idx, cl in self._mentions if idx < head.i]
        if not before:
            return None
        idx, cl = before[-1]  # the last entity named before "it"
        sent = head.sent
        floor = self.doc[sent.start - 1].sent.start if sent.start > 0 else 0
        mention = next(m for m in cl.mentions if m.start == idx)
        if idx < floor or cl.label != "ORG" or mention.root.dep_ not in {"nsubj", "nsubjpass"} \
                or mention.root.head.dep_ in {"ccomp", "xcomp", "advcl", "relcl", "acl"}:
            return None  # nor the subject of a reported clause: "X found that Nimbus stored"
        if it_may_be_another(self.doc[idx: head.i]):
            return None
        return cl

    def _recent_org(self, phrase: Span, head: Token) -> Cluster | None:
        """The organisation a description such as "the company" refers to.

        A generic noun ("the company", "the group") takes the organisation
        named most often before it, the most recent of those: in a story about
        Northway Logistics, "the company said" is Northway even after a quoted
        fund manager "at Crestview Capital". An institution noun ("the
        ministry", "the party") and any modifiers ("the defence ministry") must
        all appear in the organisation's name: "the defence ministry" is not
        the last-named opposition party, and no link is better than a wrong one.
        Other nouns keep only modifiers that are names ("the Chinese company"):
        "the grocery supplier" is the Brightwater Foods named before, but "the
        rival supplier" is nobody named.
        """
        mods = [t for t in phrase if t.head == head and t.dep_ in {"amod", "compound"}]
        if head.lower_ in INSTITUTION_NOUNS:
            needed = {t.lower_ for t in mods} | {head.lower_}
        elif any(t.lower_ in _OTHER_ORG for t in mods):
            return None
        else:
            needed = {t.lower_ for t in mods if t.pos_ == "PROPN" or t.ent_type_}
        earlier = [(idx, cl) for idx, cl in self._orgs_naming(needed) if idx < head.i
                   and not MEDIA_NAMES.search(cl.name)]  # "the company" is not Reuters
        if not earlier:
            return None
        count = Counter(id(cl) for _, cl in earlier)
        return max(reversed(earlier), key=lambda m: count[id(m[1])])[1]

    def _orgs_naming(self, words: set[str]) -> list[tuple[int, Cluster]]:
        """Mentions (token index, cluster) of organisations whose name holds all ``words``."""
        return [(idx, cl) for idx, cl in self._mentions
                if cl.label == "ORG" and words <= set(cl.name.lower().split())]

    @staticmethod
    def _titled(phrase: Span, head: Token) -> bool:
        """A title-holder's phrase: "a Google spokeswoman", "a spokesman for Exxon"."""
        return head.lemma_.lower() in TITLES or any(
            t.lower_ in TITLES for t in phrase if t.i < head.i)

    def voice_of(self, phrase: Span, head: Token) -> Cluster | None:
        """The organisation an unnamed title-holder or expert speaks for: "a Google
        spokeswoman", "a spokesman for the foreign ministry", "economists at the Institute
        for Fiscal Studies". The sourcing profile then counts that organisation."""
        titled = self._titled(phrase, head)
        generic = head.lemma_.lower() in GENERIC_HEADS
        if not titled and not generic:
            return None  # before Span.ents, which walks every entity of the document
        for ent in phrase.ents:
            org = self.by_token.get(ent.root.i)
            if org is not None and org.label == "ORG" and (
                    titled or (generic and _works_at(ent, head))):
                return org
        return None

    # -- typing -----------------------------------------------------------
    def _anonymous(self, phrase: Span, head: Token) -> bool:
        """An unnamed source: "sources", "officials", "a senior official", "a former
        official, speaking on condition of anonymity,", and "the official" after one."""
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN" and ANONYMITY.search(phrase.text):
            return True
        if head.pos_ == "NOUN" and head.dep_ in {"nsubj", "nsubjpass"} and head.head.i > head.i \
                and ANONYMITY.search(self.doc[head.i: head.head.i].text):
            return True  # "A former official, speaking on condition of anonymity, said"
        if lemma not in ANON_HEADS:
            return False
        if lemma in {"source", "insider"} or ANON_MARKERS.search(phrase.text):
            return True
        if any(t.ent_type_ == "PERSON" for t in phrase):
            return False
        det = next((c.lower_ for c in head.children if c.dep_ in {"det", "nummod"}), None)
        # "a senior official said" names nobody; "the official" goes on being that one
        return head.tag_ in {"NNS", "NNPS"} or det in {"a", "an", "one"} or (
            det == "the" and lemma in self._anonymous_heads)

    def _public_agency(self, head: Token) -> bool:
        """Whether a bare "the agency" means the last agency named, a non-news one.

        "A spokesperson for the environment agency ... The agency said" is
        that public body, not a news agency; with no earlier "X agency" it
        stays a news agency, as in wire copy.
        """
        earlier = _AGENCY.findall(self.doc.text[: head.idx])
        return bool(earlier) and earlier[-1].lower() not in {"news", "press", "wire"}

    def type_of(self, phrase: Span, head: Token, cluster: Cluster | None) -> str:
        """One of person, official, organisation, media, document, anonymous, unspecified."""
        lemma = head.lemma_.lower()
        text = phrase.text
        if cluster is None and self._anonymous(phrase, head):
            self._anonymous_heads.add(lemma)
            return "anonymous"
        if lemma == "agency" and not _NEWS_WORD.search(text) and self._public_agency(head):
            return "official"
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if lemma == "website" and poss is not None and poss.lemma_.lower() not in MEDIA_NOUNS \
                and not MEDIA_NAMES.search(poss.text):
            return "document"  # "according to its website": an organisation's own page
        if lemma == "paper" and any(
                c.dep_ in {"compound", "amod"} and (c.lemma_.lower() in _DOCUMENT_PAPERS or (
                    c.pos_ == "PROPN" and c.ent_type_ not in _NOT_ISSUERS
                    and not MEDIA_NAMES.search(c.text))) for c in head.children):
            return "document"  # "Treasury papers show", "court papers", not "the Sunday papers"
        if lemma in MEDIA_NOUNS and head.i not in self.by_token:
            return "media"
        if lemma in DOCUMENT_NOUNS and (cluster is None or cluster.label != "PERSON"):
            return "document"
        if cluster is not None and cluster.label in {"ORG", "GPE", "NORP"}:
            if MEDIA_NAMES.search(cluster.name) or MEDIA_NAMES.search(text):
                return "media"
            if cluster.label == "GPE" or GOV_ORGS.search(cluster.name):
                return "official"
            return "organisation"
        if lemma in MEDIA_NOUNS or (cluster is None and MEDIA_NAMES.search(text)
                                     and head.pos_ == "PROPN"):
            return "media"
        if cluster is not None:
            if (head.pos_ == "NOUN" and lemma in BUSINESS_NOUNS) or (
                    cluster.label == "PERSON" and head.i > 0 and head.i == phrase[-1].i
                    and self.doc[head.i - 1].lemma_.lower() in ORG_ROLE_NOUNS | BUSINESS_NOUNS):
                # "the port operator, Meridian Terminals", "lobby group DigitalEurope"
                return "organisation"
            titles = [t for t in phrase if t.lower_ in TITLES]
            if cluster.is_official or any(not _in_business(t) for t in titles):
                return "official"
            if titles or cluster.business_roles or any(
                    t.lower_ in ROLE_NOUNS and _in_business(t) for t in phrase):
                return "organisation"  # "union secretary Arjun Mehta", "he" after him, "CEO X"
            return "person"
        if self._titled(phrase, head):
            # "a Google spokeswoman", "a spokesman for Exxon": speaks for that organisation
            for ent in phrase.ents:
                org = self.by_token.get(ent.root.i)  # its cluster knows better than the tag
                if (org.label if org else ent.label_) == "ORG" \
                        and not GOV_ORGS.search(org.name if org else ent.text):
                    return "media" if MEDIA_NAMES.search(ent.text) else "organisation"
            if any(_in_business(t) for t in phrase
                   if t.lower_ in TITLES or t.lemma_.lower() in TITLES):
                return "organisation"  # "a company spokeswoman", "union leaders"
            return "official" if lemma not in {"candidate", "nominee"} else "unspecified"
        if GOV_ORGS.search(text) and lemma in GOV_HEADS:
            return "official"  # before the next test: "The defence ministry" may be tagged ORG
        if head.lower_ in PEOPLE_PLURALS:
            return "unspecified"  # "Neighbours said", tagged a proper noun for its capital
        if head.pos_ == "PROPN" and cluster is None and GOV_ORGS.search(text):
            return "official"  # "Downing Street said" (no entity, or a street to the NER)
        if head.pos_ == "PROPN" or head.ent_type_ == "ORG":
            return "organisation"
        if lemma in ORG_ROLE_NOUNS:
            return "organisation"
        if lemma in GENERIC_HEADS:
            # "economists at the Institute for Fiscal Studies": they speak from there
            for ent in phrase.ents:
                if ent.label_ == "ORG" and _works_at(ent, head):
                    if MEDIA_NAMES.search(ent.text):
                        return "media"
                    return "official" if GOV_ORGS.search(ent.text) else "organisation"
            return "unspecified"
        if head.lower_ in PRONOUNS:
            return "unspecified"
        return "unspecified"
