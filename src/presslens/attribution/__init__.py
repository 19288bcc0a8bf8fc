"""Attribution and sourcing: who says what in an article, and what is left unsourced.

See ``docs/attribution.md``. The extractor (:func:`extract`) works on a spaCy
parse; :func:`sourcing_profile` summarises its output per article.
"""

from __future__ import annotations

from .extract import VERSION, Attribution, SourceRef, extract
from .profile import sourcing_profile

__all__ = ["VERSION", "Attribution", "SourceRef", "extract", "sourcing_profile"]
