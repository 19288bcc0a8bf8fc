"""``attributions``: who said what (attribution relations) and the article's sourcing profile.

Runs the rule-based extractor of :mod:`presslens.attribution.extract` over the
shared spaCy parse and assigns the ``attributions`` layer (one span per
relation, covering content, cue and source) and the ``sourcing`` result
(:func:`presslens.attribution.profile.sourcing_profile`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..article import Article, Span
from ..attribution.extract import VERSION, Attribution, SourceRef, extract
from ..attribution.profile import sourcing_profile
from ..errors import AnalyzerError
from ..nlp import SPACY_MODEL, doc_of
from ..registry import analyzer

__all__ = ["Attributions"]


def _source(article: Article, ref: SourceRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return article.ref(ref.start, ref.end, type=ref.type, entity=ref.entity)


def to_span(article: Article, att: Attribution) -> Span:
    """The JSON shape agreed for the ``attributions`` layer."""
    return article.span(
        att.start,
        att.end,
        att.kind,
        att.score,
        source=_source(article, att.source),
        cue=article.ref(*att.cue) if att.cue else None,
        content=[article.ref(s, e) for s, e in att.content],
        via=_source(article, att.via),
    )


@analyzer(
    "attributions",
    requires=("sentences", "entities"),
    assigns=("attributions", "sourcing"),
    description="attribution relations (content, cue, source, kind) and the sourcing profile",
)
class Attributions:
    name = "attributions"
    version = VERSION
    requires = ("sentences", "entities")
    assigns = ("attributions", "sourcing")

    def __call__(self, article: Article) -> Article:
        doc = doc_of(article)
        try:
            atts = extract(doc)
        except Exception as exc:  # a parser corner case must name the article
            raise AnalyzerError(
                f"attribution extraction failed on article {article.id!r}: {exc}"
            ) from exc
        article.add_layer(
            "attributions", f"attributions/{VERSION}", [to_span(article, a) for a in atts]
        )
        article.results["sourcing"] = sourcing_profile(doc, atts)
        article.models["attributions"] = {
            "name": "presslens-attribution-rules", "version": VERSION, "spacy": SPACY_MODEL,
        }
        return article

    def pipe(self, articles: Iterable[Article]) -> list[Article]:
        return [self(a) for a in articles]
