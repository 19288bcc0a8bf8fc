"""presslens: how a news article persuades and where its claims come from."""

from __future__ import annotations

import logging

from .article import SCHEMA_VERSION, SECTIONS, Article, Layer, Span
from .errors import (
                     AnalyzerError,
                     DataError,
                     ExtractError,
                     FetchError,
                     ModelError,
                     NotFound,
                     PipelineError,
                     PresslensError,
                     ReaderError,
                     SpanError,
                     StoreError,
                     UsageError,
)
from .pipeline import Outcome, Pipeline
from .registry import Analyzer, Task, analyzer, analyzer_names, get_analyzer, task

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "SECTIONS",
    "Analyzer",
    "AnalyzerError",
    "Article",
    "DataError",
    "ExtractError",
    "FetchError",
    "Layer",
    "ModelError",
    "NotFound",
    "Outcome",
    "Pipeline",
    "PipelineError",
    "PresslensError",
    "ReaderError",
    "Span",
    "SpanError",
    "StoreError",
    "Task",
    "UsageError",
    "__version__",
    "analyzer",
    "analyzer_names",
    "get_analyzer",
    "task",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
