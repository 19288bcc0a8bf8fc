"""``parse``: sentences and named entities from spaCy, shared by later analyzers."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..article import Article
from ..errors import UsageError
from ..nlp import SPACY_MODEL, ParseJob, entity_label, parse_text
from ..registry import analyzer

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["Parse"]

#: spaCy entity labels kept, mapped to presslens entity types.
ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "place",
}


def _capitalised_noun(ent: Span) -> bool:
    """A lone common noun capitalised only because it starts a sentence or headline.

    spaCy's small model tags such words as names now and then ("Harbour
    authority approves ..." -> "Harbour", a group); they are not actors.
    """
    return len(ent) == 1 and bool(ent[0].is_sent_start) and ent[0].pos_ == "NOUN"


@analyzer(
    "parse",
    assigns=("sentences", "entities"),
    description="spaCy sentences and named entities (people, organisations, places, groups)",
)
class Parse:
    """Run spaCy once per article; a batch (``pipe``) may use worker processes.

    ``processes`` (pipeline config ``{"parse": {"processes": N}}``) caps the
    worker processes of a batch parse; ``None`` takes
    ``$PRESSLENS_PARSE_PROCESSES`` or up to 2 CPUs (see
    :func:`presslens.nlp.parse_texts`, which keeps small batches in-process).
    The pipeline calls :meth:`prefetch` with its next batch before running
    the current one, so worker processes parse ahead while this process runs
    the later analyzers.
    """

    name = "parse"
    # 2: sentences start after line breaks; faster parse; 3: see _capitalised_noun; 4: labels
    # corrected by presslens.nlp.entity_label; 5: it also applies a title or a description
    # beside the name (before, only the attribution source typer did); 6: a name right after a
    # business noun is an organisation ("Rail operator Southline"); "11:30 Rail" and the
    # "Interior" of "Interior Minister X" are no entities
    version = "6"
    requires: tuple[str, ...] = ()
    assigns = ("sentences", "entities")

    def __init__(self, processes: int | None = None) -> None:
        if processes is not None and (isinstance(processes, bool) or processes < 1):
            raise UsageError(
                f"parse: processes must be a positive integer or None, not {processes!r}"
            )
        self.processes = processes
        self._pending: deque[ParseJob] = deque()

    def __call__(self, article: Article) -> Article:
        return self._annotate(article, parse_text(article.text))

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Start parsing a batch that :meth:`pipe` will get later (an empty one: drop all).

        Jobs queue up in the worker processes in the order given; the
        pipeline prefetches its first batch and then, before running each
        batch, the one after it.
        """
        if not articles:
            for job in self._pending:
                job.cancel()
            self._pending.clear()
            return
        self._pending.append(ParseJob([a.text for a in articles], self.processes))

    def pipe(self, articles: Iterable[Article]) -> list[Article]:
        articles = list(articles)
        texts = [a.text for a in articles]
        job = None
        while self._pending and job is None:
            first = self._pending.popleft()
            if first.texts == texts:
                job = first
            else:  # prefetched but not asked for
                first.cancel()
        if job is None:
            job = ParseJob(texts, self.processes)
        docs = job.result()
        return [self._annotate(a, d) for a, d in zip(articles, docs, strict=True)]

    def _annotate(self, article: Article, doc) -> Article:  # type: ignore[no-untyped-def]
        article.cache["doc"] = doc
        sentences = [
            article.span(s.start_char, s.end_char, "sentence")
            for s in doc.sents
            if s.text.strip()
        ]
        labels = [(e, None if _capitalised_noun(e) else entity_label(e)) for e in doc.ents]
        entities = [
            article.span(e.start_char, e.end_char, ENTITY_TYPES[label], 1.0, ner=label)
            for e, label in labels
            if label in ENTITY_TYPES
        ]
        article.add_layer("sentences", f"parse/{SPACY_MODEL}", sentences)
        article.add_layer("entities", f"parse/{SPACY_MODEL}", entities)
        article.models.setdefault("parse", {"spacy": SPACY_MODEL})
        return article
