"""``claims``: sentences that assert checkable facts, scored for check-worthiness.

A sentence is a claim when it states at least one checkable thing: a number
(``number``), an absolute or relative date (``date``), a past event involving
a named actor (``event``), a comparison or superlative (``comparison``) or a
cause (``causal``). Questions are never claims; neither are opinions with
nothing concrete to check (no number, no absolute date, no event, no cause:
"the worst crisis in decades").

Check-worthiness (documented in docs/claims.md) is a transparent sum::

    0.20
    + 0.25 number + 0.15 date + 0.10 event + 0.10 comparison + 0.10 causal
    + 0.05 per named entity (at most 3)
    - 0.15 per hedge (at most 2) - 0.20 opinion - 0.10 when under 6 words

clipped to [0, 1]. Each claim carries its quantities (with parsed values),
dates (with ISO form when unambiguous) and the attribution whose content
overlaps it (``attributions`` layer, when an earlier analyzer made it).
Without that layer ``attribution`` is null and ``attributed`` comes from a
cheap cue check (:func:`has_attribution_cue`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..actors.lexicon import EVALUATIVE, HEDGES, OPINION_MARKERS
from ..actors.values import date_iso, quantity_value
from ..actors.voices import Voices, source_name
from ..article import Article, Span
from ..attribution.profile import WordChars
from ..nlp import doc_of
from ..registry import analyzer

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "ClaimFeatures", "Claims", "claim_features", "find_claims", "has_attribution_cue", "score"
]

log = logging.getLogger(__name__)

QUANTITY_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
DATE_LABELS = {"DATE", "TIME"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"}
WEIGHTS = {
    "base": 0.20,
    "number": 0.25,
    "date": 0.15,
    "event": 0.10,
    "comparison": 0.10,
    "causal": 0.10,
    "entity": 0.05,
    "hedge": -0.15,
    "opinion": -0.20,
    "short": -0.10,
}
_CAUSAL = re.compile(
    r"\b(because|due to|led to|lead to|leads to|leading to|caused|causes|causing|"
    r"resulted in|results in|result in|as a result|owing to|thanks to|triggered|"
    r"sparked|blamed for|responsible for|so that)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(compared (?:to|with)|twice as|three times|as many as|as much as|record|"
    r"doubled|tripled|halved|outnumber\w*)\b",
    re.IGNORECASE,
)
_YEAR_PREP = {"in", "since", "by", "until", "from", "before", "after", "during"}
_REPORTING = {
    "say", "tell", "claim", "state", "add", "note", "insist", "argue", "write", "announce",
    "report", "explain", "deny", "allege", "think", "believe", "feel", "hope", "want",
}
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
#: Verbs that attribute words to someone ("officials said", "was quoted as saying").
_ATTRIBUTING = {
    "say", "tell", "claim", "state", "add", "note", "insist", "argue", "write", "announce",
    "report", "explain", "deny", "allege", "quote", "confirm", "warn", "accuse", "assert",
    "testify", "acknowledge", "admit", "reply", "respond",
}
#: A quotation of at least three words (shorter ones are mostly scare quotes).
_QUOTATION = re.compile(r"[“\"][^”\"\n]*?\w+\W+\w+\W+\w+[^”\"\n]*[”\"]")


@dataclass
class ClaimFeatures:
    """What makes a sentence checkable (or not); input to :func:`score`."""

    kinds: list[str]
    quantities: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    entities: int
    hedges: int
    opinion: bool
    question: bool
    words: int


def score(f: ClaimFeatures) -> float:
    """Check-worthiness in [0, 1] from the weights in :data:`WEIGHTS`."""
    s = WEIGHTS["base"]
    for kind in f.kinds:
        s += WEIGHTS[kind]
    s += WEIGHTS["entity"] * min(f.entities, 3)
    s += WEIGHTS["hedge"] * min(f.hedges, 2)
    if f.opinion:
        s += WEIGHTS["opinion"]
    if f.words < 6:
        s += WEIGHTS["short"]
    return round(min(1.0, max(0.0, s)), 4)


def _ref(article: Article, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return article.ref(start, end, **extra)


def claim_features(
    article: Article, sent: SpacySpan, ents: list[SpacySpan] | None = None
) -> ClaimFeatures:
    """Features of one spaCy sentence (see module docstring).

    ``ents`` are the entities inside the sentence when the caller has them
    (``Span.ents`` rescans the whole document each time).
    """
    doc = sent.doc
    quantities: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    covered: set[int] = set()
    entities = 0
    for ent in sent.ents if ents is None else ents:
        covered.update(t.i for t in ent)
        label = ent.label_
        year_like = (
            label == "CARDINAL"
            and re.fullmatch(r"(1[89]|20)\d\d", ent.text) is not None
            and ent.start > 0
            and doc[ent.start - 1].lower_ in _YEAR_PREP
        )
        if label in DATE_LABELS or year_like:
            dates.append(_ref(article, ent.start_char, ent.end_char, iso=date_iso(ent.text)))
        elif label in QUANTITY_LABELS and not _indefinite_one(ent):
            quantities.append(
                _ref(article, ent.start_char, ent.end_char, value=quantity_value(ent.text))
            )
        elif label in NAME_LABELS:
            entities += 1
    for t in sent:  # digits the NER missed
        if t.i not in covered and t.like_num and any(ch.isdigit() for ch in t.text):
            quantities.append(
                _ref(article, t.idx, t.idx + len(t.text), value=quantity_value(t.text))
            )
    quantities.sort(key=lambda q: q["start"])
    text = sent.text
    kinds: list[str] = []
    if quantities:
        kinds.append("number")
    if dates:
        kinds.append("date")
    if entities and _has_event(sent):
        kinds.append("event")
    if _has_comparison(sent) or _COMPARISON.search(text):
        kinds.append("comparison")
    if _CAUSAL.search(text):
        kinds.append("causal")
    hedges = sum(
        1
        for t in sent
        if (t.tag_ == "MD" and t.lower_ in HEDGES)
        or (t.tag_ != "MD" and t.lemma_.lower() in HEDGES and t.pos_ in {"ADV", "VERB", "ADJ"})
    )
    opinion = any(
        (t.tag_ == "MD" and t.lower_ in {"should", "must", "ought"})
        or (t.lemma_.lower() in OPINION_MARKERS and t.pos_ in {"VERB", "ADJ", "NOUN"})
        or (t.pos_ == "ADJ" and t.lemma_.lower() in EVALUATIVE)
        for t in sent
    ) or _first_person_opinion(sent)
    question = text.rstrip().rstrip("\"'”’)").endswith("?")
    words = sum(1 for t in sent if not t.is_punct and not t.is_space)
    return ClaimFeatures(kinds, quantities, dates, entities, hedges, opinion, question, words)


def _indefinite_one(ent: SpacySpan) -> bool:
    """"one resident was quoted", "one day": *one* before a singular noun works
    like "a", and "the one" is a pronoun; neither is a quantity anyone would
    check ("one of the suspects" still counts)."""
    if len(ent) != 1 or ent[0].lower_ != "one":
        return False
    t = ent[0]
    if t.dep_ == "nummod":
        return t.head.tag_ in {"NN", "NNP"}
    # "not the one the council pretends": a pronoun after a determiner
    return t.i > 0 and t.doc[t.i - 1].dep_ == "det" and t.doc[t.i - 1].head.i == t.i


def has_attribution_cue(sent: SpacySpan) -> bool:
    """A cheap sign that a sentence reports someone's words: quotations (of
    three or more words) making up a third of it or more, "according to", or
    an attributing verb with a subject other than I/we ("officials said",
    "one resident was quoted as saying"). Used for ``attributed`` when no ``attributions``
    layer exists; that analyzer finds the actual source and is the better
    answer."""
    text = sent.text
    quoted = sum(m.end() - m.start() for m in _QUOTATION.finditer(text))
    if quoted and quoted * 3 >= len(text.strip()):
        return True  # mostly a quotation, not a writer's sentence quoting a phrase
    toks = list(sent)
    for k, t in enumerate(toks):
        if t.lower_ == "according" and k + 1 < len(toks) and toks[k + 1].lower_ == "to":
            return True
        if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in _ATTRIBUTING and any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in _FIRST_PERSON
            for c in t.children
        ):
            return True  # "let me say" is the writer speaking
    return False


def _has_event(sent: SpacySpan) -> bool:
    for t in sent:
        if t.pos_ != "VERB" or t.lemma_.lower() in _REPORTING:
            continue
        if t.tag_ == "VBD":
            return True
        if t.tag_ == "VBN" and any(c.dep_ in {"aux", "auxpass"} for c in t.children):
            return True
    return False


def _has_comparison(sent: SpacySpan) -> bool:
    toks = list(sent)
    for k, t in enumerate(toks):
        if t.tag_ in {"JJS", "RBS"} and t.lower_ not in {"most", "least"}:
            return True
        if t.tag_ in {"JJR", "RBR"} and any(u.lower_ == "than" for u in toks[k + 1 : k + 4]):
            return True
    return False


def _first_person_opinion(sent: SpacySpan) -> bool:
    return any(
        t.lower_ in _FIRST_PERSON
        and t.dep_ == "nsubj"
        and t.head.lemma_.lower() in {"think", "believe", "feel", "hope", "wish"}
        for t in sent
    )


def _attribution(voices: Voices, chars: WordChars, sent: SpacySpan, start: int,
                 end: int) -> dict[str, Any] | None:
    spans = voices.overlapping(start, end) if voices.from_layer else []
    content = [(int(p["start"]), int(p["end"]))
               for span in spans for p in span.data.get("content") or []]
    cues = [(int(c["start"]), int(c["end"])) for span in spans if (c := span.data.get("cue"))]
    sources = [(int(p["start"]), int(p["end"]))
               for span in spans if (p := span.data.get("source"))]
    if not spans or not chars.speak_for_sentence(sent, start, end, content, cues, sources):
        return None
    # "Sources said X, but the club declined to comment on Y": the sentence is attributed
    # (as in the sourcing profile), to the attribution that covers most of it
    span = spans[0]
    src = span.data.get("source")
    return {
        "kind": span.label,
        "source": source_name(src),
        "type": (src or {}).get("type"),
    }


def find_claims(article: Article, doc: Doc) -> list[Span]:
    """The ``claims`` layer's spans for ``article`` (one per claim sentence)."""
    voices = Voices.of(article)
    chars = WordChars(article.text)
    layer = article.layers.get("sentences")
    bounds = (
        [(s.start, s.end) for s in layer.spans]
        if layer is not None
        else [(s.start_char, s.end_char) for s in doc.sents]
    )
    spans: list[Span] = []
    all_ents = list(doc.ents)
    for start, end in bounds:
        while end > start and article.text[end - 1].isspace():
            end -= 1
        while start < end and article.text[start].isspace():
            start += 1
        sent = doc.char_span(start, end, alignment_mode="expand")
        if sent is None or not any(t.pos_ in {"VERB", "AUX"} for t in sent):
            continue  # nothing asserted: a dateline ("LONDON, March 3 (Reuters) -"), a label
        ents = [e for e in all_ents if sent.start <= e.start and e.end <= sent.end]
        f = claim_features(article, sent, ents)
        if f.question or not f.kinds:
            continue
        concrete = (
            bool(f.quantities)
            or any(d["iso"] or any(ch.isdigit() for ch in d["text"]) for d in f.dates)
            or "event" in f.kinds
            or "causal" in f.kinds
        )
        if f.opinion and not concrete:
            continue  # "the worst crisis in decades": an opinion, nothing to check
        if f.kinds == ["date"] and not concrete:
            continue  # "it rained all day": a vague time is nothing to check either
        attribution = _attribution(voices, chars, sent, start, end)
        attributed = (
            attribution is not None if voices.from_layer else has_attribution_cue(sent)
        )
        spans.append(
            article.span(
                start,
                end,
                "claim",
                score(f),
                kinds=f.kinds,
                quantities=f.quantities,
                dates=f.dates,
                attributed=attributed,
                attribution=attribution,
            )
        )
    return spans


@analyzer(
    "claims",
    requires=("sentences",),
    assigns=("claims",),
    description="check-worthy factual claims with quantities, dates and attribution",
)
class Claims:
    name = "claims"
    version = "6"  # 5: a sentence whose main verb is a cue is that attribution's; 6: a
    # sentence without a verb is no claim
    # 4: the attributions of a sentence speak for it together
    # 3: an attribution must cover half the sentence to speak for it
    requires = ("sentences",)
    assigns = ("claims",)

    def __call__(self, article: Article) -> Article:
        spans = find_claims(article, doc_of(article))
        article.add_layer("claims", f"claims/{self.version}", spans)
        article.models.setdefault("claims", {"name": "claims-heuristic", "version": self.version})
        log.debug("article %s: %d claims", article.id, len(spans))
        return article
