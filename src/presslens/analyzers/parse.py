"""``parse``: sentences and named entities from spaCy, shared by later analyzers."""

from __future__ import annotations

from collections.abc import Iterable

from ..article import Article
from ..nlp import SPACY_MODEL, load_spacy
from ..registry import analyzer

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


@analyzer(
    "parse",
    assigns=("sentences", "entities"),
    description="spaCy sentences and named entities (people, organisations, places, groups)",
)
class Parse:
    name = "parse"
    version = "1"
    requires: tuple[str, ...] = ()
    assigns = ("sentences", "entities")

    def __call__(self, article: Article) -> Article:
        return self._annotate(article, load_spacy()(article.text))

    def pipe(self, articles: Iterable[Article]) -> list[Article]:
        articles = list(articles)
        docs = load_spacy().pipe(a.text for a in articles)
        return [self._annotate(a, d) for a, d in zip(articles, docs, strict=True)]

    def _annotate(self, article: Article, doc) -> Article:  # type: ignore[no-untyped-def]
        article.cache["doc"] = doc
        sentences = [
            article.span(s.start_char, s.end_char, "sentence")
            for s in doc.sents
            if s.text.strip()
        ]
        entities = [
            article.span(e.start_char, e.end_char, ENTITY_TYPES[e.label_], 1.0, ner=e.label_)
            for e in doc.ents
            if e.label_ in ENTITY_TYPES
        ]
        article.add_layer("sentences", f"parse/{SPACY_MODEL}", sentences)
        article.add_layer("entities", f"parse/{SPACY_MODEL}", entities)
        article.models.setdefault("parse", {"spacy": SPACY_MODEL})
        return article
