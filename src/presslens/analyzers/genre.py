"""``genre``: the article's genre (opinion/reporting/satire) and its frames.

Document-level results, not spans: ``article.results["genre"] =
{"label", "scores"}`` and ``article.results["frames"] = [{"frame", "score"},
...]`` (frames at or above their tuned threshold, best first). The model is
a linear classifier over TF-IDF word n-grams (see
``src/presslens/models/genre/MODEL_CARD.md`` for data, scores and limits).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..article import Article
from ..genre.model import GenreModel
from ..registry import analyzer

__all__ = ["Genre"]


@analyzer(
    "genre",
    assigns=("genre", "frames"),
    description="genre (opinion, reporting, satire) and frames (14) of the whole article",
)
class Genre:
    name = "genre"
    requires: tuple[str, ...] = ()
    assigns = ("genre", "frames")

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model = GenreModel.load(Path(model_dir) if model_dir else None)
        self.version = str(self.model.manifest.get("version", "1"))

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: Iterable[Article]) -> list[Article]:
        articles = list(articles)
        for article, (genre, frames) in zip(
            articles, self.model.predict(a.text for a in articles), strict=True
        ):
            article.results["genre"] = genre
            article.results["frames"] = frames
            article.models["genre"] = self.model.info
        return articles
