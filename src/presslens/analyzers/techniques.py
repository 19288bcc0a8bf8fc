"""``techniques``: persuasion-technique spans from the shipped MiniLM tagger.

Adds the ``techniques`` layer: one span per detected technique instance,
``label`` = technique name, ``data["category"]`` = its SemEval-2023 category.
With ``taxonomy="ptc2020"`` labels are the SemEval-2020 (PTC) names instead,
``data["semeval2023"]`` keeps the original name, and spans of the five
techniques PTC-2020 never annotated are dropped. Spans of one technique may
overlap spans of another (the annotation does too).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..article import Article, Span
from ..errors import UsageError
from ..registry import analyzer
from ..techniques.model import PredictedSpan, TechniqueModel
from ..techniques.taxonomy import CATEGORY_OF, TO_PTC2020

__all__ = ["Techniques"]

TAXONOMIES = ("semeval2023", "ptc2020")


@analyzer(
    "techniques",
    assigns=("techniques",),
    description="persuasion-technique spans (23 SemEval-2023 techniques; MiniLM, ONNX)",
)
class Techniques:
    name = "techniques"
    requires: tuple[str, ...] = ()
    assigns = ("techniques",)

    def __init__(
        self,
        taxonomy: str = "semeval2023",
        model_path: str | Path | None = None,
        batch_size: int = 16,
        threads: int | None = None,
    ) -> None:
        if taxonomy not in TAXONOMIES:
            raise UsageError(
                f"unknown technique taxonomy {taxonomy!r}; use one of {', '.join(TAXONOMIES)}"
            )
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        self.model = TechniqueModel.load(model_path, threads=threads)
        self.version = self.model.version

    def __call__(self, article: Article) -> Article:
        return self._annotate(article, self.model.predict(article.text))

    def pipe(self, articles: Iterable[Article]) -> list[Article]:
        articles = list(articles)
        found = self.model.predict_many([a.text for a in articles], batch_size=self.batch_size)
        return [self._annotate(a, f) for a, f in zip(articles, found, strict=True)]

    def _span(self, article: Article, p: PredictedSpan) -> Span | None:
        start, end, technique, score = p
        category = CATEGORY_OF[technique]
        if self.taxonomy == "semeval2023":
            return article.span(start, end, technique, score, category=category)
        ptc = TO_PTC2020[technique]
        if ptc is None:
            return None
        return article.span(start, end, ptc, score, category=category, semeval2023=technique)

    def _annotate(self, article: Article, found: list[PredictedSpan]) -> Article:
        spans = [s for s in (self._span(article, p) for p in found) if s is not None]
        article.add_layer("techniques", f"techniques/{self.model.name}-{self.model.version}", spans)
        article.models["techniques"] = {**self.model.info(), "taxonomy": self.taxonomy}
        return article
