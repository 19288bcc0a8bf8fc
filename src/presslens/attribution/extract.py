"""Rule-based attribution extraction over a spaCy dependency parse.

For every cue (a verb of saying, thinking or intending, ``according to``,
a passive ``was quoted as saying``) the rules find

* the **content**: the cue's clausal complement (``ccomp``; ``xcomp`` for
  verbs of intention; the direct object for verbs like *deny*), else the
  clause the cue is inserted into (``"X," he said`` parsed as parataxis),
  else a quotation in the same sentence, else the quotation that follows a
  colon ("Caddell continued:" then a quoted paragraph). Content that
  touches a quotation is widened to the whole quotation, marks included;
* the **source**: the cue's subject (``nsubj``), the passive agent ("by
  X"), the subject of the verb the cue hangs from ("X issued a statement
  saying ..."), the noun a relative clause modifies ("X, who said ..."),
  or the object of ``according to``; none for expletive passives
  ("it was reported that");
* the **kind**: ``direct`` (content entirely quoted), ``mixed`` (partly
  quoted), ``indirect``, ``according_to``, ``no_source``.

Quotations after a direct quote in the same paragraph (and paragraphs that
continue an unclosed quote) are added to that attribution as further
content fragments, as PolNeAR annotates them.
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from ..lexicon import (
    CUE_VERBS,
    INTENT_VERBS,
    MEDIA_NOUNS,
    OBJECT_VERBS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    STIMULUS_VERBS,
    THOUGHT_VERBS,
    words,
)
from ..modelfiles import sha256_file
from ..nlp import is_timestamp
from .metrics import merge_ranges
from .quotes import Quote, find_quotes, paragraphs
from .sources import SourceTyper, it_may_be_another

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["VERSION", "Attribution", "CueFilter", "SourceRef", "default_filter", "extract"]

#: Bumped whenever the rules change what they output (stored analyses can be redone).
VERSION = "21"  # 4: bare surnames resolved; 5: filter labels need the right cue; 6, 7: more
# patterns; 8: an appositive names a common-noun source ("its chief executive, Maria Lopez,"),
# "was quoted as saying X" is one relation (of "saying"), not two; a quote's open earlier
# paragraph, its half before the cue and a short quoted sentence after it join it;
# "a Google spokeswoman" is an organisation's voice, not an official; "X quoted Y as saying": Y
# is the source, via X; 9: every object of the cue, and what the parser hangs on the cue after
# the content ("..., because Y"), are content; a hedged stance ("perhaps X forgot") is no cue;
# a cue in a clause opened by "while", "although", ... is not the inverted "X, she said";
# single-quote pairs are quotes in a text without double quotes (quotes.py); 10: two clauses
# on one cue, what follows a colon after the content, a clause with a conjunction are content;
# a relative clause with a cue of its own is not; a paragraph that is one quotation continues
# the quote before it; a trailing cue with an object of its own is not inverted; a clause
# after the cue without a subject does not win over the quotation before it, and a clause
# before a semicolon or colon is not the content of a cue after it; 11: curly quote marks of
# the wrong shape are read by position (quotes.py), "said yes" is a relation, the object of
# "worried" (STIMULUS_VERBS) is the source and its subject the content; "they" takes the type
# and entity of a plural source just before it; "the council" is official, and "Harbour
# authority" the Telmsford Harbour Authority named elsewhere; “...,” said X,
# who ...: X misparsed as the subject of a clause after the cue is the source, and the
# quotation the content; a date after a preposition ("voted on Tuesday") is no content;
# 12: "was quoted as saying" with a quotation is one relation too; title-holders of a
# company, union or campaign speak for an organisation; a name after a title is a person
# whatever the NER tag; a speaker the parser hung on an introductory phrase ("In an
# interview with X, the minister, Y, said") or took for a clause ("lead author Y wrote") is
# the source; a capitalised surname tagged a common noun resolves; "data" is a document;
# 13: company titles ("chief financial officer", "CEO") speak for an organisation, police
# ranks are titles, a police force is a public body, "its website" a document; a surname
# named before counts whatever its NER tag; "the company" is the one named most often;
# 14: the sourcing profile counts the attributions of a sentence together (profile.py);
# 15: "X, whose office said" is X's office; organisations that only end alike stay apart;
# "estimated the cost at 2 billion" keeps its "at"; "economists at <organisation>" are
# that organisation's; an unnamed authority is a public body; a sentence whose main verb is
# a cue is attributed (profile.py); 16: a name the article calls a company ("Streamline,
# the social media company,") is an organisation whatever its NER tag, and "the company" is
# never a news outlet; 17: interview answers ("Wrona: ...") after a person named in the
# article; a name after a role noun ("privacy lawyer Tomasz Wrona") is a person; 18: a universal
# subject with a verb of thinking in the present ("Every patriot understands"), "should/must say",
# "Claims mount", a headline's "Ceasefire talks" and "dismissed manager X" are no relations; a
# that-clause misparsed as a relative clause of a prep object is the content; "Treasury papers"
# are documents, "the county chief executive" an official, a request for anonymity anonymous;
# imperatives, "claimed 12,000 pounds" and the subject of "faced questions" are no relations or
# sources; a conjoined noun with a finite verb on it is a clause; "Dunn's office" is Dunn's;
# 19: entity labels corrected for datelines ("DUBLIN —"), honorifics ("Dr X") and social
# networks (presslens.nlp.entity_label); a capitalised adverb alone before a subjectless cue
# is its speaker ("Chatterly said"), resolved to the organisation of that name; 20: a dateline
# the parser made the subject gives way to the name after it ("SAN FRANCISCO — Orbital
# Systems announced"), a source phrase ends before a dated "on Friday"; "the office" is an
# organisation's; "record" in "a record high" is no document between "it" and its referent;
# "Orbital" and "Orbital Systems" are one organisation; the subject of "investigate",
# "probe", "condemn" is not the source of a nominal cue; a verbless dateline is no
# unattributed sentence (profile.py); "she" opening the clause of an unnamed "aide says" is
# the aide; an unresolved "it" takes the organisation source just before it; "In an
# interview with X, Y, who ..., said": Y; a verb of saying read as a noun keeps its speaker
# ("experts in the West claim that"); "the club" is an organisation's, "statistics" a document;
# an unnamed spokesperson's entity is the organisation it speaks for; "PRA" is the
# Prudential Regulation Authority named before; 21: "As X reported, CLAUSE" sources the
# clause; a quoted paragraph after reported speech continues it; "Name: “quote”" inside a
# paragraph; "said in a statement that ..." keeps its that-clause; a subject inside a
# quotation is not the speaker of a cue outside it; "were called to the estate" is no cue, "was
# called a disaster by X" keeps "a disaster"; a first name alone is the person named in full;
# "the grocery supplier" is the company named before; a live blog's "11:03" is not part of the
# source; "she" prefers a woman named in this or the last sentence to a name of unknown gender;
# after "the group's founder", "the founder" is nobody named; "the prime minister" is not a
# transport minister; "it" is never the subject of a reported clause; "did not want to be named"
# is anonymous; "engineers at X" speak for X; watchdogs and Downing Street are public bodies;
# of a verb's two subjects the one nearest before the cue is its source ("The report ... says
# Mayor X told"); a headline's passive ("Mayor accused of ...") has no source; "a senior
# official", "X, speaking on condition of anonymity," and "the official" after them are anonymous;
# "according to X" is no part of another cue's content, and survives inside one; "a spokesman
# for X" gives X no title; "the team" is no organisation named before; "..., he said, wiping
# flour from his hands" is no content

log = logging.getLogger(__name__)

Frag = tuple[int, int]
_TRIM = set(" \t\n,.;:-–—")
_QUOTE_CHARS = set("“”\"«»„")
KEEP_NESTED: set[str] = {"speech"}
OVERLAP_DROP = 0.5
_RAISING = frozenset({"seem", "appear"})
_CONTENT_PREPS = frozenset({"about", "on", "for", "against", "of", "over", "with"})
#: A nominal cue's content: "opposition to X", "fury at X", "criticism of X".
_NOUN_PREPS = _CONTENT_PREPS | {"to", "at", "toward", "towards"}
#: Entity types never taken as content ("denied it on *Monday*").
_WHEN = frozenset({"DATE", "TIME"})
_WH_TAGS = frozenset({"WDT", "WP", "WRB"})
#: What opens a non-restrictive relative clause: "..., which he called ...".
_CLAUSE_BREAKS = frozenset({",", "-", "--", "—", "–"})
#: Verbs whose direct object is the addressee, never the content.
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "brief", "email", "text"})
#: Verb prepositions whose object is content only for learned cue lemmas ("referring to X").
_VERB_PREPS = _CONTENT_PREPS | {"to", "at"}
#: "in a statement", "in an interview", "in a poll released Monday": a prepositional cue.
_IN_NOUNS = words(
    """
    statement interview poll survey report study letter tweet post speech address memo
    filing op-ed editorial email e-mail analysis release column essay remarks testimony
    video ad advertisement message note book article
    """
)
#: Source types an unresolved "it" may take from the source before it.
_IT_TYPES = frozenset({"organisation", "official", "media", "document"})
#: Auxiliaries and modals never cue an attribution on their own.
_NOT_CUES = words("be have do will would shall should can could may might must get go")
#: Verbs whose subject is the target of a nominal cue, not its source: "Price has faced
#: questions over his finances", "the plan drew criticism" (PolNeAR train: of 55 such
#: annotated cues, 39 have their source in "from X" and 16 none); "Police investigate
#: attack on mosque": the police did not attack.
_RECEIVING_VERBS = words(
    "face receive draw attract weather field endure get meet investigate probe condemn")
#: Modals of obligation: "X should say" is what the writer wants X to say (PolNeAR train
#: annotates 5 of 30 verbs of saying with one of these).
_DEONTIC = words("should must ought")
#: Verbs that also mean removing someone from a post: with a person as object, no cue.
_DISMISSAL_VERBS = words("dismiss fire sack")
#: Nouns for what is said; as the subject of a verb that is not speech or thought they are
#: the writer's framing, not a speaker: "Claims mount over ...", "Questions remain".
_UTTERANCE_NOUNS = words(
    "claim allegation accusation question concern criticism complaint call demand fear doubt "
    "rumour rumor speculation pressure")


@dataclass
class SourceRef:
    start: int
    end: int
    type: str
    entity: str | None = None


@dataclass
class Attribution:
    kind: str
    content: list[Frag]
    cue: Frag | None
    source: SourceRef | None
    via: SourceRef | None = None
    score: float = 0.8
    quoted: bool = False
    paragraph: int = -1
    features: dict[str, float] = field(default_factory=dict, repr=False)
    #: The cue lemma's hand-list class (speech, thought, intent, object, other).
    cue_class: str = field(default="other", repr=False)

    @property
    def start(self) -> int:
        points = [s for s, _ in self.content]
        if self.cue:
            points.append(self.cue[0])
        if self.source:
            points.append(self.source.start)
        return min(points)

    @property
    def end(self) -> int:
        points = [e for _, e in self.content]
        if self.cue:
            points.append(self.cue[1])
        if self.source:
            points.append(self.source.end)
        return max(points)


@dataclass
class CueFilter:
    """A logistic-regression filter over candidate attributions, trained on PolNeAR train.

    ``lemmas`` widens the cue vocabulary (verbs often annotated as cues in
    train); ``weights``/``bias`` score a candidate's features; candidates
    with probability below ``threshold`` are dropped. The probability is
    that the candidate is the right relation (content *and* cue), so among
    overlapping candidates the one with the gold cue scores higher.
    """

    lemmas: frozenset[str]
    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)
    #: Share of a lemma's occurrences in train that head a gold cue ("n:" for nouns).
    rates: dict[str, float] = field(default_factory=dict)

    def prob(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "lemmas": sorted(self.lemmas), "weights": self.weights, "bias": self.bias,
            "threshold": self.threshold, "meta": self.meta, "rates": self.rates,
        }

    @classmethod
    def load(cls, path: str | Path, sha256: str | None = None) -> CueFilter:
        """Read a filter; with ``sha256``, refuse a file whose digest differs."""
        if sha256 is not None:
            try:
                got = sha256_file(Path(path))
            except OSError as exc:
                raise ModelError(f"cannot read attribution filter {str(path)!r}: {exc}") from exc
            if got != sha256.strip().lower():
                raise ModelError(
                    f"attribution filter {str(path)!r} has SHA-256 {got}, expected {sha256}: "
                    "the file is damaged or was changed; reinstall presslens or run "
                    "`presslens train attribution` to rebuild it"
                )
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(frozenset(data["lemmas"]), dict(data["weights"]), float(data["bias"]),
                       float(data["threshold"]), dict(data.get("meta") or {}),
                       {k: float(v) for k, v in (data.get("rates") or {}).items()})
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot read attribution filter {str(path)!r}: {exc}; "
                "run `presslens train attribution` to rebuild it"
            ) from exc


@functools.cache
def default_filter() -> CueFilter | None:
    """The packaged filter, or None (rules only) when it is not installed."""
    try:
        ref = resources.files("presslens").joinpath("models/attribution/filter.json")
    except ModuleNotFoundError:  # pragma: no cover
        return None
    if not ref.is_file():
        log.info("no packaged attribution filter; using the rules alone")
        return None
    digest = resources.files("presslens").joinpath("models/attribution/filter.json.sha256")
    if not digest.is_file():
        raise ModelError(
            f"{digest} is missing: the packaged attribution filter cannot be checked; "
            "reinstall presslens or run `presslens train attribution` to rebuild both files"
        )
    return CueFilter.load(str(ref), digest.read_text(encoding="utf-8").split()[0])


def _trim(text: str, s: int, e: int) -> Frag:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _frags(doc: Doc, tokens: set[int], text: str) -> list[Frag]:
    """Contiguous runs of token indices as trimmed character fragments."""
    out: list[Frag] = []
    run: list[int] = []
    for i in sorted(tokens):
        if run and i != run[-1] + 1:
            out.append((doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])))
            run = []
        run.append(i)
    if run:
        out.append((doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]])))
    # (Doc.text rebuilds the string on every access: the caller passes it)
    trimmed = [_trim(text, s, e) for s, e in out]
    return [(s, e) for s, e in trimmed if e > s]


def _covered(inner: list[Frag], outer: list[Frag]) -> float:
    """Share of ``inner``'s characters inside ``outer``."""
    total = sum(e - s for s, e in inner)
    if not total:
        return 0.0
    hit = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in inner for s2, e2 in outer)
    return hit / total


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


#: "critical of X", "upbeat about X", "put off by X", "angry at X".
_ADJECTIVE_PREPS = frozenset({"of", "about", "by", "with", "over", "at", "on", "toward",
                              "towards", "to"})
#: Prepositions that carry the rest of an object's content: "accused X of Y", "blamed X for Y".
_COMPLEMENT_PREPS = frozenset({"of", "for", "as", "on", "over", "about", "against", "with", "to",
                               "in"})


def _prep_object(prep: Token) -> Token | None:
    """A preposition's object (``pobj`` or ``pcomp``), if the parser gave it one."""
    return next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)


def _undated_object(prep: Token) -> bool:
    """The preposition has an object, and not a date or time ("on Monday")."""
    obj = _prep_object(prep)
    return obj is not None and obj.ent_type_ not in _WHEN


def _objects(verb: Token) -> list[Token]:
    """The verb's direct objects, without a date or time misparsed as one ("promised *Sunday*
    to end ...", "denied it *Monday*")."""
    return [c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ not in _WHEN]


def _infinitive_clause(cue: Token, child: Token) -> bool:
    """An infinitive after an intention verb that the parser made an adverbial clause
    ("promised Sunday at a rally *to end* the program")."""
    return child.dep_ == "advcl" and child.i > cue.i and child.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in child.children)


def _object_complement(tok: Token) -> bool:
    """``tok`` continues a cue's direct object: "of Y", "as Y" (not "on Monday")."""
    if tok.dep_ == "prep" and tok.lower_ in _COMPLEMENT_PREPS:
        if tok.lower_ == "as" and _prep_object(tok) is None:  # "view her as [less able]"
            return any(not c.is_punct for c in tok.children)
        return _undated_object(tok)
    if tok.dep_ == "prep" and tok.lower_ == "at":  # "estimated the cost at 2 billion pounds"
        return any(t.like_num or t.ent_type_ in {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}
                   for t in tok.subtree)
    # "see Trump as most likely to win": the parser makes "as" a marker or modifier
    return tok.dep_ == "advcl" and tok.left_edge.lower_ == "as"


def _complements(cue: Token, obj: Token) -> set[int]:
    """The cue's dependents after its object that complete it ("as X", "of Y")."""
    return {i for c in cue.children if c.i > obj.i and _object_complement(c)
            for i in _subtree(c)}


#: Subordinating words that open a clause of its own ("..., while critics said X").
_CONTRAST_MARKS = frozenset({"while", "although", "though", "whereas", "because", "if", "unless",
                             "when", "after", "before", "since"})
#: Prepositions that set the scene rather than continue what was said ("said X in Paris").
_SCENE_PREPS = frozenset({"in", "on", "at", "during", "after", "before", "since", "by", "from",
                          "outside", "inside"})


def _continues_content(tok: Token) -> bool:
    """A dependent of the cue, after its content, that still belongs to the content.

    The parser often hangs the rest of what was said on the cue instead of the
    content's head: "wrote that X was futile, [because Y]", "is promising health care,
    [free college] and ...", "tweeted an image of X [alongside $100 bills]". Not a
    participle ("..., adding that"), which is a cue of its own, nor a date or a place.
    """
    if tok.dep_ == "advcl":
        return tok.tag_ != "VBG"
    if tok.dep_ == "conj":  # not a clause parsed as a noun with a verb hung on it: "..., and
        # the club's fan group, the Supporters' Trust, *called* for ..."
        return tok.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"} \
            and not any(t.tag_ in {"VBD", "VBZ", "VBP"} for t in tok.subtree)
    return tok.dep_ == "prep" and tok.lower_ not in _SCENE_PREPS and _undated_object(tok)


def _own_clause(tok: Token) -> bool:
    """The verb heads a clause of its own: it has a subject or a "that"."""
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj", "mark"} for c in tok.children)


def _joints(cue: Token, after: int, before: int) -> set[int]:
    """The commas and conjunctions the parser hung on the cue between two parts of its content."""
    return {t.i for t in cue.children
            if after < t.i < before and t.dep_ in {"cc", "punct"} and not t.is_quote}


def _quoted_speaker(cue: Token) -> tuple[Token, Token] | None:
    """"The Times quoted X as saying": the verb *quoted* (or *cited*) and its object X."""
    prep = cue.head
    if cue.dep_ == "pcomp" and prep.lower_ == "as" and prep.dep_ == "prep" \
            and prep.head.lemma_.lower() in {"quote", "cite"}:
        obj = next((c for c in prep.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return prep.head, obj
    return None


#: "Wrona: ..." opening a paragraph: one to three capitalised words and a colon.
_SPEAKER_LINE = re.compile(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}:(?=\s)")


def _title_verb_name(tok: Token) -> Token | None:
    """The name after a title the parser took for the verb of a clausal subject.

    "“...,” *lead* author Sofia Marin wrote": *lead* is parsed as a verb
    with the quotation as its clause and Marin as its subject or object,
    the whole as the clausal subject of *wrote*. A real clausal subject
    does not take a clause before its verb ("What Trump said shocked them",
    "Supporting Trump angered them" keep theirs).
    """
    if tok.dep_ != "csubj" or tok.i > tok.head.i \
            or not any(c.dep_ == "ccomp" and c.i < tok.i for c in tok.children):
        return None
    return next((c for c in tok.children
                 if c.dep_ in {"nsubj", "dobj"} and c.pos_ == "PROPN" and c.i > tok.i), None)


def _stranded_subject(cue: Token) -> Token | None:
    """The subject of a finite cue that the parser hung on the phrase before it.

    "In an interview with Radio Lisboa, Portugal's agriculture minister, Joao
    Pires, said ...": the minister is parsed as an appositive of *Radio
    Lisboa*, leaving *said* without a subject. The outermost appositive that
    ends just before the comma before the cue, inside a phrase that hangs on
    the cue, is the speaker when it names someone.
    """
    doc = cue.doc
    comma = cue.i - 1
    if comma < 1 or doc[comma].text != "," or any(
            c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in cue.children):
        return None
    found = None
    tok = doc[comma - 1]
    while tok.i < cue.i and tok.head != tok:
        if tok.dep_ == "appos" and tok.right_edge.i == comma - 1:
            found = tok
        elif found is None and tok.dep_ == "relcl" and tok.right_edge.i == comma - 1 \
                and tok.left_edge.lower_ in {"who", "whose"} and tok.left_edge.i >= 2 \
                and doc[tok.left_edge.i - 1].text == ",":
            # "..., Clara Nystrom, who served as deputy chief of staff, said": the
            # relative clause hung on the phrase before the name, not on the name
            name = doc[tok.left_edge.i - 2]
            if name.dep_ == "appos" and name.head == tok.head:
                found = name
        if tok.head == cue:
            break
        tok = tok.head
    if found is None or tok.head != cue or tok.dep_ != "prep":
        return None
    if not any(t.pos_ == "PROPN" or t.lower_ in ROLE_NOUNS for t in found.subtree):
        return None
    return found


def _past_dateline(head: Token) -> Token:
    """The name after a dateline the parser made the subject: "SAN FRANCISCO — Orbital
    Systems on Tuesday unveiled" is Orbital Systems (an appositive of FRANCISCO)."""
    doc = head.doc
    if not head.text.isupper() or head.i + 1 >= len(doc) or not _is_dash(doc[head.i + 1]):
        return head
    return next((c for c in head.children if c.dep_ == "appos" and c.i > head.i + 1), head)


def _subject_of_misread_verb(cue: Token) -> Token | None:
    """The subject of a verb of saying the tagger read as a noun.

    "Trump estimates that he spent ...", "Some so-called experts in the West
    claim that ...": no finite verb before the cue and a noun right before
    it; the name compounded onto the cue, or the noun phrase the sentence
    was parsed as, is the speaker.
    """
    sent = cue.sent
    if cue.i == sent.start or cue.doc[cue.i - 1].pos_ not in {"NOUN", "PROPN"} \
            or any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in cue.doc[sent.start: cue.i]):
        return None
    if cue == sent.root:
        return next((c for c in cue.children if c.dep_ == "compound" and c.i < cue.i), None)
    root = sent.root
    return root if root.pos_ in {"NOUN", "PROPN"} and root.i < cue.i else None


def _according_phrase(tok: Token) -> set[int]:
    """The tokens of "according to X" when ``tok`` is its "according", else none."""
    doc = tok.doc
    if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return set()
    to = doc[tok.i + 1]
    return _subtree(tok) | _subtree(to) | {tok.i, to.i}


def _according_phrases(ids: set[int], doc: Doc) -> set[int]:
    """The "according to X" phrases in a content, with the comma before each: they say
    whose content it is, not what was said ("warned that the contract was late,
    according to documents seen by the Sentinel")."""
    out: set[int] = set()
    for i in ids:
        if phrase := _according_phrase(doc[i]):
            out |= phrase
            if i > 0 and doc[i - 1].text == ",":
                out.add(i - 1)
    return out


def _subject_first(verb: Token, cue: Token) -> list[Token]:
    """The verb's children, the subject nearest before the cue first when the parser gave
    the verb two.

    "The report, prepared by the auditors, says Mayor Tom Riley told a meeting ...":
    *told* gets both "report" and "Riley" as subjects (and *says* hangs on it): Riley is
    the one who told, the report the one that says.
    """
    kids = list(verb.children)
    subjects = [c for c in kids if c.dep_ in {"nsubj", "nsubjpass"}]
    if len(subjects) < 2:
        return kids
    near = max((c for c in subjects if c.i < cue.i), key=lambda c: c.i, default=subjects[0])
    return [near] + [c for c in kids if c is not near]


def _is_dash(tok: Token) -> bool:
    """A dash between words (not the hyphen spaCy splits off "Jean-Pierre")."""
    return tok.text in {"—", "–", "--"} or (tok.text == "-" and bool(tok.whitespace_))


def _adverb_subject(cue: Token) -> Token | None:
    """A name the tagger read as an adverb, opening the sentence before a finite cue.

    "Chatterly said in a statement that ...": an unknown name ending in -ly
    is tagged RB and hung on the verb, which is left without a subject. A
    capitalised adverb alone before a finite verb of saying with no subject
    is its speaker (PolNeAR train has no such sentence with a real adverb).
    """
    tok = cue.doc[cue.i - 1] if cue.i else None
    if tok is None or not tok.is_sent_start or tok.head != cue or tok.dep_ != "advmod" \
            or tok.tag_ != "RB" or not tok.text[:1].isupper():
        return None
    return tok


def _misparsed_that_clause(cue: Token) -> Token | None:
    """A that-clause the parser hung on the noun before it as a relative clause.

    "told analysts on a conference call *that the company had grown too fast*":
    "that" cannot be the clause's subject or object when it has a subject of
    its own, so the clause is what was said (PolNeAR train: the gold content in
    15 of 19 such cases). Likewise a clause parsed as the noun's complement:
    "said in a statement *that the comments were unacceptable*".
    """
    objects = [o for p in cue.children if p.dep_ == "prep" for o in p.children
               if o.dep_ == "pobj"]
    return next((clause for o in objects for clause in o.children
                 if clause.dep_ in {"relcl", "acl"} and clause.left_edge.lower_ == "that"
                 and any(c.dep_ == "nsubj" and c.lower_ != "that" for c in clause.children)),
                None)


def _object_of(prep: Token) -> set[int]:
    """What a preposition governs: all its dependents ("about [the GOP] [picking up the pace]").

    Empty when it has no object (a stranded or misparsed preposition).
    """
    if _prep_object(prep) is None:
        return set()
    return _subtree(prep) - {prep.i}


def _bucket(n: int) -> str:
    for limit, name in ((1, "1"), (3, "2-3"), (7, "4-7"), (15, "8-15"), (40, "16-40")):
        if n <= limit:
            return name
    return "41+"


#: Subjects that name nobody in particular: "those who ...", "anyone who ...".
_GENERIC_SUBJECTS = words(
    "those anyone anybody whoever everyone everybody nobody one people someone")
_MODALS = words("can could should must may might would")


#: Subjects that stand for everyone of a kind: "every patriot", "everyone", "no voter".
_UNIVERSAL_SUBJECTS = words("everyone everybody anyone anybody nobody")
_UNIVERSAL_DETERMINERS = words("every any no")


def _generic_hypothetical(cue: Token, subject: Token) -> bool:
    """A cue whose subject is a generic group, not a speaker: the writer's own view.

    "Those who shake hands with terrorists cannot claim to stand for peace"
    (a modal) and "Every patriot understands what such meetings mean" (a
    universal subject, a verb of thinking in the present tense) state what the writer thinks;
    nobody claims or understands anything that could be quoted.
    """
    generic = subject.lower_ in _GENERIC_SUBJECTS and (
        subject.lower_ != "people" or any(c.dep_ == "relcl" for c in subject.children))
    # the modal may sit on the verb the subject belongs to: "cannot claim to *defend*"
    modal = any(c.lower_ in _MODALS | {"ca", "wo"} or c.lemma_ in _MODALS
                for verb in (cue, subject.head) for c in verb.children if c.dep_ == "aux")
    universal = subject.lower_ in _UNIVERSAL_SUBJECTS or any(
        c.dep_ == "det" and c.lower_ in _UNIVERSAL_DETERMINERS for c in subject.children)
    # "everyone I spoke to says ..." is still a report: only views, not speech
    view = cue.tag_ in {"VBZ", "VBP"} and cue.lemma_ not in SPEECH_VERBS
    return (generic and modal) or (universal and view)


def _lex(lemma: str) -> str:
    for name, lex in (("speech", SPEECH_VERBS), ("thought", THOUGHT_VERBS),
                        ("intent", INTENT_VERBS), ("object", OBJECT_VERBS),
                        ("stance", STANCE_ADJECTIVES)):
        if lemma in lex:
            return name
    return "other"


class _Extractor:
    def __init__(self, doc: Doc, model: CueFilter | None = None, keep_all: bool = False) -> None:
        self.doc = doc
        self.model = model
        self.keep_all = keep_all
        self.lemmas = CUE_VERBS | (model.lemmas if model else frozenset())
        self.text = doc.text
        self.quotes = find_quotes(self.text)
        self.paras = paragraphs(self.text)
        self.typer = SourceTyper(doc)
        self.used_quotes: set[int] = set()
        self._para_starts = [s for s, _ in self.paras]
        self._quote_starts = [q.start for q in self.quotes]

    # -- helpers ----------------------------------------------------------
    def para_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._para_starts, pos) - 1
        if i >= 0 and pos < self.paras[i][1] + 1:
            return i
        return -1

    def quote_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and pos < self.quotes[i].end:
            return i
        return None

    def snap(self, frags: list[Frag], cue: Frag | None = None) -> tuple[list[Frag], bool, bool]:
        """Widen fragments touching a quotation to the whole quotation.

        Returns the fragments, whether any quotation is inside, and whether
        everything is quoted.
        """
        if not frags:
            return frags, False, False
        out = []
        any_q = False
        quoted_chars = 0
        total = 0
        for s, e in frags:
            for qi, q in enumerate(self.quotes):
                if cue is not None and q.start <= cue[0] < q.end:
                    if not q.closed and q.start < e and s - q.start <= 2:
                        # an unclosed quote swallowed its cue: “X, the mayor said.
                        any_q = True
                        s = q.start
                    continue  # otherwise a cue inside the quote: a nested attribution
                if q.start < e and s < q.end:
                    any_q = True  # content touching a quotation takes all of it
                    self.used_quotes.add(qi)
                    s, e = min(s, q.start), max(e, q.end)
            out.append((s, e))
        for s, e in out:
            for pos in range(s, e):
                ch = self.text[pos]
                if ch.isalnum():
                    total += 1
                    at = self.quote_at(pos)
                    outer = at is not None and not (
                        cue is not None and self.quotes[at].start <= cue[0] < self.quotes[at].end
                        and (self.quotes[at].closed or self.quotes[at].start < s - 2)
                    )
                    quoted_chars += outer
        merged = merge_ranges(out)
        all_q = total > 0 and quoted_chars >= 0.9 * total
        if cue is not None and (at := self.quote_at(cue[0])) is not None \
                and self.quotes[at].closed:
            all_q = False  # a cue inside a quotation: nested, never a direct quote itself
        return merged, any_q, all_q

    def sentence_quotes(self, sent: Span, cue: Token) -> list[int]:
        out = []
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes or q.start <= cue.idx < q.end:
                continue
            if q.start < sent.end_char + 2 and sent.start_char - 3 < q.end \
                    and self.para_of(q.start) == self.para_of(cue.idx):
                out.append(qi)
        return out

    # -- source -----------------------------------------------------------
    def source_of(self, cue: Token) -> tuple[Token | None, bool]:
        """The source head token and whether the cue is an expletive passive."""
        tok = cue
        lemma = cue.lemma_.lower()
        if lemma in _RAISING:  # "she seems to ...": the subject is part of the content
            return None, False
        if cue.tag_ == "VBN" and cue.dep_ in {"advcl", "acl"} and cue.i < cue.head.i and not any(
            c.dep_ in {"nsubj", "nsubjpass", "agent"} for c in cue.children
        ):  # "Asked about X, Reid said": nobody is the source of the question
            return None, False
        if cue.tag_ == "VBN" and self.in_title(cue) and not any(
                c.dep_ in {"aux", "auxpass", "dobj", "agent"} for c in cue.children):
            return None, False  # "Mayor accused of misleading council": a headline's passive
        quoted = _quoted_speaker(cue)
        if quoted is not None:  # "The Times quoted a senior official as saying": the official
            return quoted[1], False
        agent = any(c.dep_ == "agent" for c in cue.children)
        for child in cue.children:  # "was endorsed by X": X, not the passive subject
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
        for _ in range(4):
            for child in _subject_first(tok, cue):
                if child.dep_ == "nsubjpass" and tok is cue and not agent and lemma != "quote" \
                        and child.lower_ not in {"it", "there"}:
                    # "she is expected to win": a passive cue without "by X" has no source
                    # (but "one resident was quoted as saying": the resident is)
                    return None, False
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    if self.quoted_subject(cue, child):
                        continue  # “The effect held,” said lead author X: X is a 2nd subject
                    if child.lower_ in {"it", "there"} and (
                        child.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in tok.children)
                    ):
                        return None, True
                    return child, False
                if child.dep_ == "agent":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return pobj, False
                if child.dep_ == "expl":
                    return None, True
            if tok.dep_ == "relcl" and tok != cue:
                return tok.head, False
            if tok.dep_ in {"advcl", "xcomp", "conj", "acl", "pcomp", "ccomp", "prep",
                            "parataxis", "dep", "npadvmod", "acomp"} and tok.head != tok:
                tok = tok.head
                if tok.pos_ not in {"VERB", "AUX"} and cue.dep_ == "acl" and (
                    tok.dep_ != "ROOT" or (tok.pos_ in {"NOUN", "PROPN"} and cue.tag_ != "VBG")
                ):
                    # "a statement saying": the noun is the source; a noun parsed as
                    # the root with the real verb as its modifier ("A poll found that");
                    # "the campaign issued a statement saying": whoever issued it
                    issuer = [c for c in tok.head.children if c.dep_ == "nsubj"
                              and c.lower_ not in {"it", "there"}] if tok.dep_ == "dobj" else []
                    return (issuer[0] if issuer else tok), False
                continue
            break
        # inverted order the parser missed: “...,” said Stone / Continued Stone:
        for child in cue.children:
            if child.i > cue.i and child.dep_ in {"dobj", "npadvmod", "attr", "oprd", "dative",
                                                  "advmod", "nsubj"} \
                    and (child.pos_ == "PROPN" or any(c.dep_ == "det" for c in child.children)) \
                    and self.quote_at(cue.idx - 3) is not None:
                return child, False
            if child.i < cue.i and child.dep_ == "compound" and child.pos_ == "PROPN":
                return child, False  # “...,” Bozell answers.
            if (name := self.misparsed_speaker(cue, child)) is not None:
                return name, False
            if (name := _title_verb_name(child)) is not None:
                return name, False
            if child.i > cue.i and child.dep_ == "ccomp" \
                    and self.quote_at(cue.idx - 3) is not None \
                    and not _own_clause(child):
                # “...,” said Oversight *ranking* Democrat X: a title misparsed as a verb
                name = next((c for c in child.children if c.dep_ == "dobj" and c.pos_ == "PROPN"),
                            None)
                if name is not None:
                    return name, False
        if cue.dep_ == "amod" and cue.head.pos_ == "PROPN" and cue.i < cue.head.i:
            return cue.head, False  # Continued Stone: “...”
        if cue.tag_ in {"VBD", "VBZ", "VBP"}:
            return _stranded_subject(cue) or _adverb_subject(cue), False
        return None, False

    def quoted_subject(self, cue: Token, subject: Token) -> bool:
        """The subject lies inside a quotation that the cue is outside of."""
        q = self.quote_at(subject.idx)
        return q is not None and q != self.quote_at(cue.idx)

    def misparsed_speaker(self, cue: Token, child: Token) -> Token | None:
        """The name the parser made the subject of a clause after a cue that follows a quote.

        “...,” said David Brock, a confidant who heads the PAC *Correct* the
        Record: the speaker is Brock, and the quotation, not that "clause", is
        what he said. Only for a cue without a subject of its own.
        """
        if child.i < cue.i or child.dep_ != "ccomp" or self.quote_at(cue.idx - 3) is None \
                or any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children):
            return None
        subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ != "PROPN" or subject.left_edge.i != cue.i + 1:
            return None
        return subject

    def source_ref(self, head: Token | None, cue: Token | None = None) -> SourceRef | None:
        if head is None:
            return None
        head = _past_dateline(head)
        # the whole subtree, relative clauses included: typing needs "who asked not to be named";
        # not a clause the parser hung on the name (“That's a concern,” Sarandon told MSNBC),
        # nor the cue's own clause ("a statement [saying ...]")
        clause: set[int] = set()
        for child in head.children:
            if child.dep_ in {"ccomp", "parataxis"} or child == cue or (
                    child.dep_ == "prep" and child.i > head.i and not _undated_object(child)):
                clause |= _subtree(child)  # nor "on Friday" in "A jury on Friday found"
        keep = _subtree(head) - clause
        if cue is not None and cue.i in keep:  # a cue misread as a noun of the source phrase
            keep -= _subtree(cue)
        # only the unbroken run around the head: a misparse can hang words after the
        # excluded clause on the name ("Beruff, a Scott ally, [called X] “strong.”")
        lo = hi = head.i
        while lo - 1 in keep:
            lo -= 1
        while hi + 1 in keep:
            hi += 1
        while lo < hi and (self.doc[lo].is_punct or is_timestamp(self.doc[lo])):
            lo += 1  # nor a live blog's "11:03" before "A spokeswoman for the coastguard"
        while hi > lo and (self.doc[hi].is_punct or self.doc[hi].pos_ in {"ADP", "DET"}):
            hi -= 1
        phrase = self.doc[lo: hi + 1]
        s, e = _trim(self.text, phrase.start_char, phrase.end_char)
        if e <= s:
            return None
        target, tphrase = head, phrase
        # "Leyla Aziz, whose office said": resolved to Aziz, typed as her office
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        whose = owner is not None and owner.lower_ == "whose"
        if (whose or head.lower_ in {"who", "that", "which", "whom"}) \
                and head.head.dep_ == "relcl":
            target = head.head.head  # "Caddell, who said": type and resolve the noun
            tphrase = self.doc[target.left_edge.i: target.i + 1]
        elif owner is not None and owner.pos_ == "PROPN" and head.lemma_.lower() == "office":
            whose = True  # "Dunn's office pointed to a poll": Dunn's, typed as her office
            target, tphrase = owner, self.doc[owner.left_edge.i: owner.i + 1]
        cluster = self.typer.resolve(tphrase, target)
        kind = self.typer.type_of(phrase, head, cluster) if whose \
            else self.typer.type_of(tphrase, target, cluster)
        if cluster is None and kind != "anonymous":  # "a Google spokeswoman": Google's voice
            cluster = self.typer.voice_of(tphrase, target)
        return SourceRef(s, e, kind, cluster.name if cluster else None)

    def via_of(self, cue: Token) -> SourceRef | None:
        quoted = _quoted_speaker(cue)
        if quoted is not None:  # "The Times quoted an official as saying": via The Times
            subject = next((c for c in quoted[0].children if c.dep_ == "nsubj"), None)
            ref = self.source_ref(subject) if subject is not None else None
            if ref and ref.type == "media":
                return ref
        for child in cue.children:
            target = None
            if child.dep_ in {"dative", "dobj"}:
                target = child
            elif child.dep_ == "prep" and child.lower_ == "to":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is None:
                continue
            ref = self.source_ref(target)
            if ref and ref.type == "media":
                return ref
            if target.lemma_.lower() in MEDIA_NOUNS:
                return ref
        return None

    # -- content ----------------------------------------------------------
    def content_of(self, cue: Token, lemma: str) -> tuple[set[int], str]:
        # a clause after the cue first: of two ccomps, one before the cue is mostly a
        # misparsed earlier clause ("... than Mr. Trump - 60 percent said Clinton would"),
        # unless the one after has no subject: “...,” said *Oversight ranking* Democrat X
        def order(c: Token) -> int:
            if c.i < cue.i:
                return 1
            return 0 if _own_clause(c) and self.misparsed_speaker(cue, c) is None else 2
        for child in sorted(cue.children, key=order):
            if child.i < cue.i and any(
                    t.text in {";", ":"} for t in self.doc[child.right_edge.i + 1: cue.i]):
                continue  # "Most voters back the plan; *a third oppose* the idea"
            if child.dep_ == "ccomp" or (child.dep_ == "advcl" and child.lower_ != cue.lower_
                                         and any(m.dep_ == "mark" and m.lower_ in {"that"}
                                                 for m in child.children)):
                ids = _subtree(child) | self.quote_before(cue, child)
                later = [c for c in cue.children if c.dep_ == "ccomp" and c.i > child.i]
                if later and child.i > cue.i:  # "said he would win, so he will have ...":
                    ids |= _joints(cue, max(ids), later[-1].i)  # both clauses
                    ids |= set().union(*(_subtree(c) for c in later))
                return ids, "ccomp"
        if lemma in SPEECH_VERBS and (clause := _misparsed_that_clause(cue)) is not None:
            return _subtree(clause), "ccomp"
        if lemma in INTENT_VERBS or (self.model and lemma in self.model.lemmas):
            for child in cue.children:
                if child.dep_ == "xcomp" or (lemma in INTENT_VERBS
                                             and _infinitive_clause(cue, child)):
                    dobj = [c for c in _objects(cue) if c.i < child.i]
                    if dobj:  # "urged the administration to join", "called him a loser"
                        return _subtree(dobj[0]) | _subtree(child), "dobj_xcomp"
                    return _subtree(child), "xcomp"
        for child in cue.children:  # "told reporters how ..." / "asked whether"
            if child.dep_ in {"dobj", "attr"} and child.tag_ in _WH_TAGS:
                # "which he described as a gift": the relative pronoun and its complement
                return _subtree(child) | _complements(cue, child), "wh"
            if child.dep_ == "intj" and child.i > cue.i and child.lower_ in {"yes", "no"} \
                    and lemma in SPEECH_VERBS:  # "46 percent said *yes*"
                return {child.i}, "dobj"
        # "..., citing low growth": a participle with an object of its own says that object
        # (PolNeAR train: 80 of 91 such speech participles), not the clause it hangs on;
        # "..., pointing to a fall in ...": a "to" object too
        participle = cue.tag_ == "VBG" and cue.dep_ == "advcl" and (
            lemma not in SPEECH_VERBS or any(
                c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to") for c in cue.children))
        # "..., while critics called the plan reckless": a clause of its own, not "X, he said"
        subordinate = cue.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in cue.children)
        # "..., as she called for more ferries": a cue with an object of its own
        own_object = lemma not in _ADDRESSEE_VERBS and (
            any(c.tag_ not in _WH_TAGS for c in _objects(cue))
            or any(c.dep_ == "prep" and lemma not in SPEECH_VERBS and c.lower_ in _VERB_PREPS
                   and _prep_object(c) is not None for c in cue.children))
        # otherwise a cue hung on the main clause says that clause ("..., he said")
        if cue.dep_ in {"parataxis", "ccomp", "advcl"} and lemma not in THOUGHT_VERBS \
                and not participle and not subordinate and not own_object:
            ids = self.inverted(cue)
            if ids:
                return ids, "inverted"
        if (ids := self.as_clause(cue)) and not participle and not own_object:
            return ids, "as_clause"
        if (lemma in OBJECT_VERBS or (self.model and lemma in self.model.lemmas)) \
                and lemma not in _ADDRESSEE_VERBS:  # "told MSNBC": the addressee
            dobj = _objects(cue)
            oprd = [c for c in cue.children if c.dep_ in {"oprd", "xcomp"} and dobj
                    and c.i > dobj[0].i]
            if dobj and oprd:  # "called Trump 'unhinged'": object and predicate
                return _subtree(dobj[0]) | _subtree(oprd[0]), "dobj_oprd"
            if dobj:  # "accused him of X", "described the country as X"
                # and every further object: "declared Sanders the winner", or "the
                # re-election of X" misparsed as three objects ("re", "-", "election")
                ids = set().union(*(_subtree(d) for d in dobj[1:] if d.i > dobj[0].i))
                rest = _complements(cue, dobj[-1])
                return _subtree(dobj[0]) | ids | rest, "dobj_prep" if rest else "dobj"
        if self.model is not None and lemma in self.model.lemmas:
            agent = any(c.dep_ == "agent" for c in cue.children)
            for child in cue.children:  # "was endorsed by X": the subject is the content
                if child.dep_ == "nsubjpass" and child.lower_ not in {"it", "there"}:
                    if agent:  # "the plan was called *a disaster* by critics": its predicate too
                        return _subtree(child) | {i for c in cue.children if c.dep_ == "oprd"
                                                  for i in _subtree(c)}, "passive"
                    # "the states are widely seen as Clinton strongholds": subject and
                    # complement, nobody named as the source
                    return _subtree(child) | _complements(cue, child), "passive_bare"
            for child in cue.children:  # "spoke about X", "called for X"
                if child.dep_ == "prep" and child.lower_ in _VERB_PREPS \
                        and _undated_object(child) \
                        and (obj := _object_of(child)):  # "referred to X as Y": Y too
                    return obj | _complements(cue, child), \
                        "prep_" + (child.lower_ if child.lower_ in {"to", "at"} else "c")
                if child.dep_ == "advcl" and child.i > cue.i and any(
                        m.dep_ == "mark" and m.lower_ == "for" for m in child.children):
                    return _subtree(child), "prep_c"  # "called for the president to resign"
        return set(), ""

    def quote_before(self, cue: Token, after: Token) -> set[int]:
        """The quoted clause before the cue when the clause after it is quoted too.

        “We will fight,” he said, “and we will win.”: one quotation split by
        its cue, so both halves are the content. Not when another verb comes
        between ("..., she said, before asking him, “...”": that one's quote).
        """
        q_after = self.quote_at(after.idx)
        if after.i < cue.i or q_after is None:
            return set()
        opening = self.quotes[q_after].start
        if any(t.pos_ == "VERB" and t.idx < opening for t in self.doc[cue.i + 1 : after.i]):
            return set()
        for child in cue.children:
            if child.dep_ == "ccomp" and child.i < cue.i:
                q = self.quote_at(child.idx)
                if q is not None and self.quotes[q].end <= cue.idx:
                    return _subtree(child)
        return set()

    def inverted(self, cue: Token) -> set[int]:
        """The clause before a trailing cue: "The plan will fail, the minister said"."""
        head = cue.head
        if head.i == cue.i or (cue.dep_ != "parataxis" and cue.i < head.i):
            return set()
        ids = _subtree(head) - _subtree(cue)
        for c in head.children:  # "..., he said, *wiping flour from his hands*": the scene
            if c.i > cue.i and c.tag_ == "VBG" and c.dep_ in {"xcomp", "advcl"} \
                    and self.quote_at(c.idx) is None:
                ids -= _subtree(c)
        sent = cue.sent  # a head in another sentence is a parse error ('' quotes)
        ids &= set(range(sent.start, sent.end))
        if len(ids) >= 2 and (cue.dep_ == "parataxis"
                              or any(t.is_punct for t in self.doc[head.i:cue.i])):
            return ids
        return set()

    def as_clause(self, cue: Token) -> set[int]:
        """The clause an "as X said" opens: "As Politico reported, the race is close".

        PolNeAR train: of 63 such speech or thought verbs with a subject and no
        clause or object of their own, 44 head a gold cue whose content is that clause.
        """
        head = cue.head
        if cue.dep_ != "advcl" or cue.i > head.i or not any(
                c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) or not any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children):
            return set()
        sent = cue.sent
        ids = (_subtree(head) - _subtree(cue)) & set(range(sent.start, sent.end))
        return ids if len(ids) >= 3 else set()

    def noun_cue(self, tok: Token, lemma: str) -> Attribution | None:
        """Nominal cues: "his claim that ...", "criticism of ...", "a statement by X"."""
        ids: set[int] = set()
        how = ""
        for child in tok.children:
            if child.dep_ == "ccomp" or (child.dep_ == "acl" and any(
                m.dep_ == "mark" or (m.dep_ == "aux" and m.lower_ == "to") for m in child.children
            )):  # "his claim that ...", "his refusal to ..."
                ids, how = _subtree(child), "noun_clause"
                break
        if not ids:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in _NOUN_PREPS \
                        and (obj := _object_of(child)):
                    ids, how = obj, "noun_prep"
                    break
        if not ids:
            return None
        src: Token | None = None
        for child in tok.children:
            if child.dep_ == "poss":
                src = child
            elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                src = next((c for c in child.children if c.dep_ == "pobj"), src)
        if src is None:
            # "X expressed doubt that", "X made comments about", "X came out in support of"
            verb = tok.head if tok.dep_ in {"dobj", "attr"} else (
                tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None)
            if verb is not None and verb.pos_ in {"VERB", "AUX"} \
                    and verb.lemma_.lower() not in _RECEIVING_VERBS:
                src = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if src is None and how == "noun_clause":
            src = _subject_of_misread_verb(tok)
        if src is not None:
            ids -= _subtree(src) - _subtree(tok)
        content = _frags(self.doc, ids, self.text)
        if not content:
            return None
        return self.make(how, content, (tok.idx, tok.idx + len(tok)),
                         self.source_ref(src, tok), False, None, 0.5)

    def adjective_cue(self, tok: Token) -> Attribution | None:
        """Adjectival stance cues: "X is confident that ...", "critical of ...", "upbeat about"."""
        ids: set[int] = set()
        how = ""
        for child in tok.children:
            if child.dep_ == "ccomp":
                ids, how = _subtree(child), "adj_clause"
                break
            if child.dep_ == "prep" and child.lower_ in _ADJECTIVE_PREPS \
                    and (obj := _object_of(child)):
                ids, how = obj, "adj_prep"
                break
            if child.dep_ == "xcomp" and child.i > tok.i:  # "eager to attack him"
                ids, how = _subtree(child), "adj_xcomp"
                break
        src, _ = self.source_of(tok)
        if not ids or src is None or src.lower_ in {"it", "there"} \
                or _generic_hypothetical(tok.head, src):
            return None  # "it is certain that ...": the writer's own view
        content = _frags(self.doc, ids - _subtree(src), self.text)
        return self.make(how, content, (tok.idx, tok.idx + len(tok)), self.source_ref(src),
                         False, None, 0.5)

    # -- main -------------------------------------------------------------
    def run(self) -> list[Attribution]:
        return self.select(self.candidates())

    def candidates(self) -> list[Attribution]:
        """Every candidate the rules propose, with its filter features, unscored."""
        out: list[Attribution] = []
        for sent in self.doc.sents:
            for tok in sent:
                lemma = tok.lemma_.lower()
                if phrase := _according_phrase(tok):
                    att = self.according(tok, phrase, sent)
                elif self.model is not None and tok.dep_ == "prep" \
                        and tok.lower_ in {"in", "per"} and tok.head.pos_ in {"VERB", "AUX"}:
                    att = self.in_document(tok, sent)
                elif lemma[:1].isalpha() and ((  # not "’re", "’m": contracted auxiliaries
                    tok.pos_ in {"VERB", "AUX"} and lemma in self.lemmas
                    and lemma not in _NOT_CUES) or (
                    self.model is not None and tok.pos_ == "VERB" and lemma not in _NOT_CUES
                    and any(c.dep_ == "ccomp" for c in tok.children)
                )):
                    att = self.verb_cue(tok, lemma, sent)
                elif self.model is not None and tok.pos_ == "NOUN" \
                        and "n:" + lemma in self.model.lemmas:
                    att = self.noun_cue(tok, lemma)
                elif self.model is not None and tok.pos_ == "ADJ" and tok.dep_ == "acomp" \
                        and ("a:" + lemma in self.model.lemmas or lemma in STANCE_ADJECTIVES):
                    att = self.adjective_cue(tok)
                else:
                    att = None
                if att is not None:
                    out.append(att)
        headline = self.headline()
        if headline is not None:
            out.append(headline)
        out.extend(self.transcript())
        if self.model is not None:
            cues = {a.cue for a in out}  # a transcript line's colon is proposed once
            out.extend(a for a in self.colon_quotes() if a.cue not in cues)
            self.context_features(out)
        return out

    def context_features(self, cands: list[Attribution]) -> None:
        """Features that look at the other candidates and the paragraph around one.

        Whether a candidate's cue sits inside another candidate's content (and
        that one's cue kind), whether its content holds another cue, how many
        candidates share most of its content, where it is in the article.
        """
        extents = [(min(s for s, _ in c.content), max(e for _, e in c.content)) for c in cands]
        for ai, a in enumerate(cands):
            f = a.features
            lex = a.cue_class
            nested = "none"
            outer = "none"
            overlap = 0
            a_lo, a_hi = extents[ai]
            for bi, b in enumerate(cands):
                b_lo, b_hi = extents[bi]
                apart = b_hi <= a_lo or a_hi <= b_lo
                a_cue_in_b = a.cue is not None and b_lo <= a.cue[0] < b_hi
                b_cue_in_a = b.cue is not None and a_lo <= b.cue[0] < a_hi
                if b is a or (apart and not a_cue_in_b and not b_cue_in_a):
                    continue  # nothing shared: none of the tests below can hold (speed)
                if a.cue is not None and any(s <= a.cue[0] < e for s, e in b.content):
                    nb = b.cue_class
                    nested = nb if nested in {"none", "other"} else nested
                if b.cue is not None and any(s <= b.cue[0] < e for s, e in a.content):
                    ob = b.cue_class
                    outer = ob if outer in {"none", "other"} else outer
                if _covered(a.content, b.content) >= 0.5:
                    overlap += 1
            f["nested_in=" + nested] = 1.0
            f["nested_lex=" + nested + "|" + lex] = 1.0
            f["holds=" + outer] = 1.0
            f["holds_lex=" + outer + "|" + lex] = 1.0
            f["overlap=" + str(min(overlap, 3))] = 1.0
            f["overlap_lex=" + str(min(overlap, 3)) + "|" + lex] = 1.0
            f["para=" + _bucket(a.paragraph + 1)] = 1.0

    def select(self, out: list[Attribution], probs: Sequence[float] | None = None,
               threshold: float | None = None) -> list[Attribution]:
        """Score the candidates, keep the likely ones and resolve overlaps.

        ``probs``/``threshold`` replace the filter's own scores and keep
        threshold (the trainer tunes the threshold on cross-validated
        probabilities through this same path). The candidates are modified.
        """
        if self.model is not None:
            keep = self.model.threshold if threshold is None else threshold
            for k, att in enumerate(out):
                p = self.model.prob(att.features) if probs is None else probs[k]
                att.score = round(p, 4)
                if "expletive" in att.features and att.source is None:
                    # "it was reported that": rare in PolNeAR, certain by rule
                    att.score = max(att.score, keep)
            if not self.keep_all:
                out = [a for a in out if a.score >= keep]
            self.used_quotes = {
                qi for qi, q in enumerate(self.quotes)
                if any(s <= q.start and q.end <= e for a in out for s, e in a.content)
            }
        out = self.continuations(out)
        # "officials who asked not to be named said": "asked" is part of an anonymous source;
        # "Smith, who once praised the deal, said ...": "praised" is a relation of its own
        sources = [(a.source.start, a.source.end) for a in out
                   if a.source and a.source.type == "anonymous"]
        out = [
            a for a in out
            if a.cue is None or not any(s <= a.cue[0] < e for s, e in sources)
        ]
        if self.model is not None and not self.keep_all:
            out = self.drop_nested(out)
        best: dict[tuple[Frag, ...], Attribution] = {}
        for att in out:  # one attribution per content: the likeliest cue
            key = tuple(att.content)
            if key not in best or att.score > best[key].score:
                best[key] = att
        kept = sorted(best.values(), key=lambda a: (a.start, a.end))
        self.resolve_they(kept)
        return kept

    def resolve_they(self, atts: list[Attribution]) -> None:
        """A "they" source takes the type and entity of the plural source just before it.

        "Six newspapers said he is unfit. They called him ...": *they* is the
        newspapers (media). Only a plural source (or an earlier resolved
        "they") of this or the previous sentence counts; otherwise "they"
        stays unspecified: no link is better than a wrong one. Likewise an
        "it" the source typer left unresolved takes a singular organisation,
        public body, outlet or document source just before it ("The ministry
        said ... It did not say whether ...").
        """
        refs = sorted((a.source for a in atts if a.source is not None), key=lambda r: r.start)
        for n, src in enumerate(refs):
            word = self.text[src.start:src.end].lower()
            if word != "they" and not (word == "it" and src.entity is None):
                continue
            head = self.doc.char_span(src.start, src.end, alignment_mode="expand")
            if head is None:
                continue
            sent = head[0].sent
            floor = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
            for ref in reversed(refs[:n]):
                if ref.start < floor:
                    break
                if ref.end > src.start:
                    continue
                phrase = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
                if phrase is None:
                    continue
                root = phrase.root
                if word == "it":
                    between = self.doc.char_span(ref.end, src.start, alignment_mode="expand")
                    if between is not None and it_may_be_another(between):
                        break
                    if root.tag_ in {"NN", "NNP"} and ref.type in _IT_TYPES:
                        src.type, src.entity = ref.type, ref.entity
                        break
                elif self.text[ref.start:ref.end].lower() == "they" or root.tag_ in {
                        "NNS", "NNPS"} or any(c.dep_ == "conj" for c in root.children):
                    src.type, src.entity = ref.type, ref.entity
                    break

    def drop_nested(self, atts: list[Attribution]) -> list[Attribution]:
        """Drop a candidate whose cue and content lie inside a likelier one's content.

        "He said that Clinton wants to win": "wants" (not a verb of saying)
        inside the content of "said" is more often part of what was said
        than an attribution of its own.
        """
        keep = []
        for a in atts:
            if a.cue is None or a.kind == "according_to" \
                    or _lex(self.cue_lemma(a)) in KEEP_NESTED:  # "X warned Y, according to Z"
                keep.append(a)
                continue
            inside = any(
                b is not a and b.score >= a.score
                and _covered(a.content, b.content) >= OVERLAP_DROP
                for b in atts
            )
            if not inside:
                keep.append(a)
        return keep

    def cue_lemma(self, att: Attribution) -> str:
        if att.cue is None:
            return ""
        span = self.doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
        return span[0].lemma_.lower() if span is not None and len(span) else ""

    def in_title(self, tok: Token) -> bool:
        """Whether ``tok`` is in the article's first paragraph, when that is a one-line title."""
        if not self.paras:
            return False
        ps, pe = self.paras[0]
        return ps <= tok.idx < pe and pe - ps <= 200 and not self.text[ps:pe].rstrip().endswith(".")

    def headline(self) -> Attribution | None:
        """A title of the form "Speaker: what they said" (first paragraph only)."""
        if not self.paras:
            return None
        ps, pe = self.paras[0]
        colon = self.text.find(":", ps, pe)
        if colon < 0 or pe - ps > 200 or colon - ps > 60:
            return None
        speaker = self.doc.char_span(ps, colon, alignment_mode="contract")
        if speaker is None or not 0 < len(speaker) <= 6:
            return None
        head = speaker.root
        if head.pos_ not in {"PROPN", "NOUN"} or not any(t.pos_ == "PROPN" or t.ent_type_
                                                        for t in speaker):
            return None
        return self.speaker_line("headline", ps, colon, pe, head)

    def speaker_line(self, how: str, ps: int, colon: int, pe: int,
                     head: Token) -> Attribution | None:
        """"Speaker: what they said" in the paragraph ``[ps, pe)``: the speaker before the
        colon (resolved and typed from its ``head``), the rest as content, the colon as cue."""
        source = self.source_ref(head)
        if source is not None:
            source = SourceRef(*_trim(self.text, ps, colon), source.type, source.entity)
        return self.make(how, [_trim(self.text, colon + 1, pe)], (colon, colon + 1), source,
                         False, None, 0.6)

    def transcript(self) -> list[Attribution]:
        """Interview paragraphs "Wrona: Every app that tracks you ..." after the title.

        Only for a speaker named elsewhere in the article as a person (the
        surname, or the whole name, of a PERSON mention), so that "Note: ..."
        or "Update: ..." are never speakers. The answer is the content.
        """
        out = []
        for ps, pe in self.paras[1:]:
            m = _SPEAKER_LINE.match(self.text, ps, pe)
            if m is None:
                continue
            colon = m.end() - 1
            speaker = self.doc.char_span(ps, colon, alignment_mode="contract")
            if speaker is None or not len(speaker):
                continue
            person = self.typer.resolve(speaker, speaker[-1])
            if person is None or person.label != "PERSON":
                continue
            if len(self.text[slice(*_trim(self.text, colon + 1, pe))].split()) < 3:
                continue
            att = self.speaker_line("transcript", ps, colon, pe, speaker[-1])
            if att is not None:
                out.append(att)
        return out

    def colon_quotes(self) -> list[Attribution]:
        """A quotation introduced by a name and a colon inside a paragraph.

        "Polls were not wrong, just too early - Mark Blumenthal: “Although the
        polls ...”": the speaker is the short phrase (a name or a noun, at
        most six words) between the start of the line, the sentence or a dash
        and the colon. PolNeAR train has 45 colon cues followed by a quotation.
        """
        out = []
        for q in self.quotes:
            colon = len(self.text[:q.start].rstrip()) - 1
            para = self.para_of(q.start)
            if colon < 0 or self.text[colon] != ":" or para < 0 or colon < self.paras[para][0]:
                continue
            ps = self.paras[para][0]
            span = self.doc.char_span(ps, colon, alignment_mode="contract")
            if span is None or not len(span):
                continue
            start = next((t.i + 1 for t in reversed(span)
                          if _is_dash(t) or t.text in {".", "!", "?", ":", ";"}), span.start)
            phrase = self.doc[start:span.end]
            if not 0 < len(phrase) <= 6 or phrase.root.pos_ not in {"PROPN", "NOUN"} or not any(
                    t.pos_ == "PROPN" or t.ent_type_ for t in phrase):
                continue
            att = self.speaker_line("colon_quote", phrase[0].idx, colon, q.end, phrase.root)
            if att is not None:
                out.append(att)
        return out

    def make(self, kind_hint: str, content: list[Frag], cue: Frag, source: SourceRef | None,
             expletive: bool, via: SourceRef | None, score: float) -> Attribution | None:
        clipped = []
        for fs, fe in content:  # a clause never runs over a paragraph break
            p = self.para_of(fs)
            if p >= 0:
                fe = min(fe, self.paras[p][1])
            clipped.append(_trim(self.text, fs, fe))
        content, any_q, all_q = self.snap(clipped, cue)
        content = [(s, e) for s, e in content if e > s]
        if not content:
            return None
        if kind_hint == "according_to":
            kind = "according_to"
        elif source is None:
            kind = "no_source"
        elif all_q:
            kind = "direct"
        elif any_q:
            kind = "mixed"
        else:
            kind = "indirect"
        att = Attribution(kind, content, cue, source, via, score, quoted=any_q,
                          paragraph=self.para_of(content[0][0]))
        if self.model is not None:
            att.features = self.features(att, kind_hint, all_q)
        if expletive and cue is not None:
            att.features["expletive"] = 1.0
        return att

    def features(self, att: Attribution, how: str, all_q: bool) -> dict[str, float]:
        """Sparse binary features of a candidate, for :class:`CueFilter`."""
        cue_span = self.doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand") \
            if att.cue else None
        cue_tok = cue_span[0] if cue_span is not None and len(cue_span) else None
        lemma = "according_to" if how == "according_to" else (
            cue_tok.lemma_.lower() if cue_tok is not None else "?")
        if cue_tok is not None and lemma == "make" and any(
                c.lower_ == "clear" for c in cue_tok.children):
            lemma = "make_clear"  # "made it clear that ...": a cue, unlike most "make"
        ntok = sum(len(self.text[s:e].split()) for s, e in att.content)
        in_q = att.cue is not None and self.quote_at(att.cue[0]) is not None
        src = att.source
        subj = "none"
        if src is not None:
            word = self.text[src.start:src.end].lower()
            subj = word if word in PRONOUNS or word in {"who", "which", "that"} else "np"
        att.cue_class = _lex(lemma)
        f = {
            "bias_lemma=" + lemma: 1.0,
            "how=" + how: 1.0,
            "kind=" + att.kind: 1.0,
            "lex=" + _lex(lemma): 1.0,
            "len=" + _bucket(ntok): 1.0,
            "subj=" + subj: 1.0,
            "stype=" + (src.type if src else "none"): 1.0,
            "lemma_how=" + lemma + "|" + how: 1.0,
            "how_len=" + how + "|" + _bucket(ntok): 1.0,
            "lex_subj=" + _lex(lemma) + "|" + subj: 1.0,
            "inq=" + str(in_q): 1.0,
            "inq_lex=" + str(in_q) + "|" + _lex(lemma) + "|" + subj: 1.0,
            "allq=" + str(all_q): 1.0,
            "frags=" + str(min(len(att.content), 3)): 1.0,
        }
        if self.model is not None and self.model.rates and cue_tok is not None:
            key = {"NOUN": "n:", "ADJ": "a:"}.get(cue_tok.pos_, "") + lemma
            rate = self.model.rates.get(key)
            # a hand-listed cue verb unseen in train ("underline") is not an unknown verb
            band = ("hand" if _lex(lemma) != "other" else "none") if rate is None else next(
                name for limit, name in ((0.05, "0"), (0.15, "1"), (0.3, "2"), (0.5, "3"),
                                         (0.75, "4"), (2.0, "5")) if rate < limit)
            f["rate=" + band] = 1.0
            f["rate_how=" + band + "|" + how] = 1.0
        if cue_tok is not None:
            f["lemma_subj=" + lemma + "|" + subj] = 1.0
            f["lemma_kind=" + lemma + "|" + att.kind] = 1.0
            f["lemma_dep=" + lemma + "|" + cue_tok.dep_] = 1.0
            sent = cue_tok.sent
            rel = (cue_tok.i - sent.start) / max(1, len(sent) - 1)
            f["cuepos=" + ("start" if rel < 0.2 else "end" if rel > 0.8 else "mid")] = 1.0
            f["cuepos_how=" + ("start" if rel < 0.2 else "end" if rel > 0.8 else "mid")
              + "|" + how] = 1.0
            f["dep=" + cue_tok.dep_] = 1.0
            f["tag=" + cue_tok.tag_] = 1.0
            f["lex_dep=" + _lex(lemma) + "|" + cue_tok.dep_] = 1.0
            if any(c.dep_ == "neg" for c in cue_tok.children):
                f["neg"] = 1.0
            if any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue_tok.children):
                f["modal"] = 1.0
            if any(c.dep_ == "auxpass" for c in cue_tok.children):
                f["passive"] = 1.0
        return f

    def according(self, tok: Token, phrase: set[int], sent: Span) -> Attribution | None:
        to = self.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        source = self.source_ref(pobj)
        head = tok.head if tok.head.i != tok.i else tok
        # "..., and includes Y, according to X": after a comma the whole sentence is sourced,
        # not just the verb the parser hung the phrase on (PolNeAR train: 12 fixed, 1 lost)
        after_comma = tok.i > sent.start and self.doc[tok.i - 1].text == ","
        if head.i in phrase or head.sent != sent or after_comma:
            ids = {t.i for t in sent} - phrase
        else:
            ids = _subtree(head) - phrase
            if len(ids) < 3:
                ids = {t.i for t in sent} - phrase
        cue = (tok.idx, to.idx + len(to))
        content = _frags(self.doc, ids, self.text)
        return self.make("according_to", content, cue, source, False, None, 0.85)

    def in_document(self, tok: Token, sent: Span) -> Attribution | None:
        """ "In a statement, X ...", "per a new poll, ...": the clause is the content.

        The source is the document (PolNeAR marks "an NBC poll released
        Monday" as the source of "In ... poll, 50 percent chose Clinton").
        """
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in _IN_NOUNS:
            return None
        phrase = _subtree(tok)
        head = tok.head
        if _lex(head.lemma_.lower()) == "speech":
            return None  # "in a statement, X said": part of the verb's own relation
        ids = _subtree(head) - phrase
        if head.sent != sent or len(ids) < 3:
            return None
        poss = next((c for c in pobj.children if c.dep_ == "poss"), None)
        source = self.source_ref(poss if poss is not None else pobj)
        content = _frags(self.doc, ids, self.text)
        return self.make("in_document", content, (tok.idx, tok.idx + len(tok)), source, False,
                         None, 0.6)

    def verb_cue(self, tok: Token, lemma: str, sent: Span) -> Attribution | None:
        if self.in_title(tok) and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children) \
                and any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.i == tok.i - 1
                        for c in tok.children):
            # "Ceasefire talks resume": a headline's noun compound parsed as noun + verb (in
            # running text the same parse is mostly a real subject: "F.A.A. records show")
            return None
        if lemma in _DISMISSAL_VERBS and any(
                c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or c.lower_ in {"him", "her"})
                for c in tok.children) and not any(_object_complement(c) for c in tok.children):
            # "dismissed manager Carlo Benedetti": sacked, not a claim rejected (but
            # "dismissed him as a Hollywood actor" is a view of him)
            return None
        if lemma not in SPEECH_VERBS and any(c.dep_ == "advmod" and c.lower_ in {"perhaps", "maybe"}
                                             for c in tok.children):
            return None  # "Perhaps Mr. Malik forgot who pays": the writer's guess, not his words
        if lemma in SPEECH_VERBS and any(c.dep_ == "aux" and c.lower_ in _DEONTIC
                                         for c in tok.children):
            return None  # "Councillors should say no": the writer's demand, not a report
        if tok.tag_ == "VB" and tok.dep_ == "ROOT" \
                and (tok.i == tok.sent.start or self.doc[tok.i - 1].text == ":") \
                and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
            return None  # "Ask the school to publish its menus": an imperative (PolNeAR
            # train: 6 of 121 such verbs opening a sentence are gold cues)
        if lemma == "claim" and any(c.dep_ == "dobj" and c.ent_type_ in {"MONEY", "QUANTITY"}
                                    for c in tok.children):
            return None  # "claimed 12,000 pounds in expenses": money, not an assertion
        if lemma == "call" and any(c.dep_ == "auxpass" for c in tok.children) and any(
                c.dep_ in {"prep", "prt"} and c.lower_ in {"to", "out", "in", "back"}
                for c in tok.children):
            return None  # "Firefighters were called to the estate": summoned, not named
        if _title_verb_name(tok) is not None and tok.head.lemma_.lower() in self.lemmas:
            return None  # "lead author X wrote": not a verb; the relation is "wrote"'s
        if any(c.dep_ == "prep" and c.lower_ == "as" and any(
                p.dep_ == "pcomp" and p.lemma_.lower() in SPEECH_VERBS for p in c.children)
               for c in tok.children):
            return None  # "was quoted as saying X": the relation of "saying", also for a quote
        ids, how = self.content_of(tok, lemma)
        ids.discard(tok.i)
        if ids and how not in {"inverted", "wh"}:
            ids |= self.content_tail(tok, ids)
        if ids and how != "wh":
            ids -= self.relative_cues(ids) | _according_phrases(ids, self.doc)
        if lemma in _RAISING and how != "ccomp":  # "the fallout appears significant"
            subject = [c for c in tok.children
                       if c.dep_ == "nsubj" and c.lower_ not in {"it", "there"}]
            predicate = [c for c in tok.children if c.dep_ in {"xcomp", "oprd", "acomp", "attr"}]
            if subject and predicate:  # PolNeAR marks both parts as the content
                ids, how = _subtree(subject[0]) | _subtree(predicate[0]), "raising"
        src_head, expletive = self.source_of(tok)
        if lemma in STIMULUS_VERBS and how in {"dobj", "dobj_prep"} and src_head is not None \
                and src_head.dep_ == "nsubj" and src_head.head == tok:
            # "the remark worried some analysts": the analysts' view, about the remark
            # (PolNeAR train: the object is the source in 24 of 28 annotated cases)
            obj = _objects(tok)[0]  # the object content_of took
            ids, src_head, how = _subtree(src_head), obj, "stimulus"
        if src_head is not None and _generic_hypothetical(tok, src_head):
            return None
        if src_head is not None and src_head.dep_ == "nsubj" and src_head.head == tok \
                and src_head.lemma_.lower() in _UTTERANCE_NOUNS and how != "ccomp" \
                and lemma not in SPEECH_VERBS | THOUGHT_VERBS:
            return None  # "Claims mount over X", "Questions remain": the writer's framing
        source_ids: set[int] = set()
        if src_head is not None:
            source_ids = _subtree(src_head)
            if tok.i in source_ids:  # "a statement saying X": the cue sits inside its source
                source_ids -= _subtree(tok)
        if src_head is not None and (src_head.i not in ids or how != "inverted"):
            ids -= source_ids
        content = _frags(self.doc, ids, self.text) if ids else []
        score = {"ccomp": 0.85, "inverted": 0.8, "xcomp": 0.6, "dobj": 0.5, "wh": 0.7}.get(how, 0.7)
        if not content and lemma not in THOUGHT_VERBS and lemma not in OBJECT_VERBS - {"announce"}:
            qs = self.sentence_quotes(sent, tok)
            if qs:
                content = [(self.quotes[qi].start, self.quotes[qi].end) for qi in qs]
                score = 0.85
                how = "quote"
            else:
                colon = next((t.idx for t in self.doc[tok.i + 1: tok.i + 4] if t.text == ":"), -1)
                content = self.after_colon(colon, sent) if colon >= 0 else []
                score = 0.75
                how = "colon"
            if not content and tok.dep_ == "conj" and lemma in SPEECH_VERBS \
                    and (ids := self.inverted(tok)):
                # "..., his top aide told The Huffington Post": a misparse of the inverted order
                content, how = _frags(self.doc, ids - source_ids, self.text), "inverted"
        elif content and how not in {"inverted", "wh"} \
                and (colon := self.colon_after(content[-1][1])) >= 0:
            # "announced the following decision:⏎⏎“...”", "endorsed one method: freeing ..."
            content = content + self.after_colon(colon, sent)
        if not content:
            return None
        cue = (tok.idx, tok.idx + len(tok))
        source = self.source_ref(src_head, tok)
        if source is not None and any(s <= source.start < e or source.start <= s < source.end
                                      for s, e in content):
            content = [f for f in content if not (f[0] >= source.start and f[1] <= source.end)]
        return self.make(how or "quote", content, cue, source, expletive, self.via_of(tok), score)

    def content_tail(self, cue: Token, ids: set[int]) -> set[int]:
        """The cue's dependents after the content ``ids`` that continue it (see
        ``_continues_content``), with the commas and conjunctions between.

        Nothing for a content that opens with a quotation: its closing mark ends it.
        """
        last = max(ids)
        if self.quote_at(self.doc[min(ids)].idx) is not None:
            return set()
        out: set[int] = set()
        for child in cue.children:
            lemma = child.lemma_.lower()
            # a learned cue lemma ("draw") is a relation of its own ("..., urging"), unless
            # it heads a clause with a conjunction ("to temper his tone *as he drew* ...")
            marked = child.dep_ == "advcl" and any(m.dep_ == "mark" for m in child.children)
            if child.i > last and _continues_content(child) and lemma not in SPEECH_VERBS \
                    and (marked or not (self.model and lemma in self.model.lemmas)):
                out |= _subtree(child)
        if out:
            out |= _joints(cue, last, max(out))
        return out

    def relative_cues(self, ids: set[int]) -> set[int]:
        """Non-restrictive relative clauses in the content ``ids`` headed by a cue of their own.

        "He said he backs the bill, which he called “a start.”": the clause after
        the comma is a relation of its own ("called"), not part of what "said"
        reports. Returns the clauses with the comma or dash before and the
        punctuation after each; a clause inside a quotation stays (the quotation
        is what was said).
        """
        out: set[int] = set()
        for i in ids:
            tok = self.doc[i]
            if tok.dep_ != "relcl" or tok.head.i not in ids or not self.is_cue(tok.lemma_.lower()):
                continue
            first = tok.left_edge.i
            if first == 0 or first - 1 not in ids \
                    or self.doc[first - 1].text not in _CLAUSE_BREAKS \
                    or self.quote_at(tok.idx) is not None:
                continue
            last = tok.right_edge.i
            while last + 1 in ids and self.doc[last + 1].is_punct:  # a closing quote mark
                last += 1
            out |= set(range(first - 1, last + 1))
        return out

    def is_cue(self, lemma: str) -> bool:
        """A hand-listed cue verb, or one the filter learnt."""
        return lemma in CUE_VERBS or (self.model is not None and lemma in self.model.lemmas)

    def colon_after(self, end: int) -> int:
        """The offset of a colon right after ``end`` (spaces between), else -1."""
        while end < len(self.text) and self.text[end] == " ":
            end += 1
        return end if self.text[end:end + 1] == ":" else -1

    def after_colon(self, colon: int, sent: Span) -> list[Frag]:
        """Content introduced by the colon at offset ``colon`` ("Caddell continued:")."""
        for qi, q in enumerate(self.quotes):
            if q.start > colon and qi not in self.used_quotes:
                gap = self.text[colon + 1: q.start]
                if gap.strip() == "":
                    return [(q.start, q.end)]
                break
        # unquoted content after the colon up to the sentence/paragraph end
        p = self.para_of(colon)
        end = self.paras[p][1] if p >= 0 else sent.end_char
        start = colon + 1
        s, e = _trim(self.text, start, min(end, sent.end_char if sent.end_char > start else end))
        return [(s, e)] if e - s > 10 else []

    def continuations(self, atts: list[Attribution]) -> list[Attribution]:
        """Attach leftover quotations to the quote attribution they belong to.

        A quote's earlier paragraphs ("“... runs on,\n\n“and ends,” she
        said": the first paragraph is left open) join it; a later quotation
        in the same paragraph, or continuing it in the next, or a next
        paragraph that is one quotation and nothing else, joins the last
        direct or mixed attribution before it.
        """
        atts.sort(key=lambda a: a.start)
        for a in atts:
            if not a.content or a.kind not in {"direct", "mixed"}:
                continue
            qi = self.quote_at(a.content[0][0])
            if qi is None or self.quotes[qi].start != a.content[0][0]:
                continue  # the content does not open with a quotation
            while qi and self.quotes[qi].continues and not self.quotes[qi - 1].closed \
                    and qi - 1 not in self.used_quotes:
                qi -= 1
                a.content.insert(0, (self.quotes[qi].start, self.quotes[qi].end))
                self.used_quotes.add(qi)
        for qi, q in enumerate(self.quotes):
            if qi in self.used_quotes:
                continue
            if any(s <= q.start and q.end <= e for a in atts for s, e in a.content):
                continue
            para = self.para_of(q.start)
            # a paragraph that is one quoted sentence and nothing else goes on the quote
            # before it, even when that one was closed (“...,” she continued.⏎“Even so ...”)
            whole = para > 0 and (q.start, q.end) == self.paras[para] and self.is_sentence(q)
            kinds = {"direct", "mixed", "indirect"} if whole else {"direct", "mixed"}
            prev = [a for a in atts if a.kind in kinds and a.end <= q.start + 1]
            if not prev:
                continue
            last = max(prev, key=lambda a: a.end)
            if last.kind == "indirect" and last.source is None:
                continue
            same_para = last.paragraph == para or self.para_of(last.end - 1) == para
            if same_para or ((q.continues or whole)
                             and self.para_of(last.content[-1][1] - 1) == para - 1):
                if q.end - q.start < 25 and not q.continues and not self.is_sentence(q):
                    continue  # scare quotes, short phrases
                between = [a for a in atts if last.end <= a.start < q.start]
                if between:
                    continue
                last.content.append((q.start, q.end))
                if last.kind == "indirect":  # "X said Y.⏎“Z.”": Y reported, Z quoted
                    last.kind = "mixed"
                last.paragraph = para
                self.used_quotes.add(qi)
        return atts

    def is_sentence(self, q: Quote) -> bool:
        """“Nobody listens to us.”: a capital after the mark, end punctuation inside."""
        inner = self.text[q.inner[0]:q.inner[1]].strip()
        return len(inner.split()) >= 2 and inner[:1].isupper() and inner[-1:] in {".", "!", "?"}


_DEFAULT: Any = object()


def extract(doc: Doc, model: CueFilter | None = _DEFAULT,
            keep_all: bool = False) -> list[Attribution]:
    """Attributions in a parsed document, ordered by start offset.

    ``model`` defaults to the packaged filter (:func:`default_filter`);
    pass ``None`` for the rules alone. ``keep_all`` keeps candidates the
    filter rejects (their ``score`` still says how likely they are), for
    training and threshold tuning.
    """
    if model is _DEFAULT:
        model = default_filter()
    return _Extractor(doc, model, keep_all).run()
