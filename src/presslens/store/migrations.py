"""Versioned schema migrations, applied in order and recorded in ``schema_migrations``.

Each :class:`Migration` has SQL for both dialects. A store applies, on
open, every migration whose version is not yet recorded, each in its own
transaction together with its ``schema_migrations`` row, so a crash leaves
the schema at a recorded version. Never edit a released migration: add
the next version.

Tables (both dialects):

- ``articles``: one small row per stored article (metadata, status); ``pk``
  is the integer key the other tables join on, ``id`` the public string id;
  ``analyzers`` the ``{name: version}`` JSON of the analyzers that ran,
  ``models`` the ``article.models`` JSON; ``sections`` lists the sections
  produced as ``,techniques,entities,`` so queries can pick the articles
  analysed for a section with ``LIKE``.
- ``article_bodies``: the text and the ``Article.to_dict()`` JSON (without
  the text) of each article, kept apart so that aggregate queries scan
  small rows (a 250-word article is ~2 KB of text and several KB of JSON).
- ``techniques``, ``attributions``, ``actor_labels``, ``entities``: rows
  derived from the analysis JSON (``start_char``/``end_char`` because
  ``end`` is reserved in SQL; ``by_whom`` likewise for ``by``). The first
  three carry a copy of the article's ``outlet`` (``''`` when unknown) and
  ``published`` (which never change once stored), techniques also the
  ``month`` (``2024-03``) and ISO ``week`` (``2024-W09``), so that the
  dashboard aggregates are single-table scans of covering indexes in
  group order, with no join and no sort: on SQLite 12x faster than the
  join (20 ms instead of 250 ms on 20,000 synthetic articles).
- ``failures``: one row per (source, stage) that failed, with the reason.
- ``articles_fts`` (SQLite FTS5) / ``article_bodies.tsv`` (PostgreSQL tsvector):
  full-text search over title and text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: str
    postgresql: str


_COMMON_TAIL = """
CREATE TABLE article_bodies (
    pk {fk} PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    title TEXT,
    text TEXT NOT NULL,
    analysis TEXT{tsv}
);
CREATE TABLE techniques (
    article_pk {fk} NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    outlet TEXT NOT NULL,
    published {date_text},
    month TEXT,
    week TEXT,
    technique TEXT NOT NULL,
    category TEXT,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX techniques_article ON techniques(article_pk);
CREATE INDEX techniques_technique ON techniques(technique, article_pk);
CREATE INDEX techniques_category ON techniques(category, article_pk);
CREATE INDEX techniques_outlet ON techniques(outlet, technique, article_pk);
CREATE INDEX techniques_outlet_category ON techniques(outlet, category, article_pk);
CREATE INDEX techniques_month ON techniques(month, technique, article_pk);

CREATE TABLE attributions (
    article_pk {fk} NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    outlet TEXT NOT NULL,
    published {date_text},
    kind TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source_entity TEXT,
    source_text TEXT,
    via_type TEXT,
    anonymous INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX attributions_article ON attributions(article_pk);
CREATE INDEX attributions_outlet ON attributions(outlet, anonymous, article_pk);
CREATE INDEX attributions_entity ON attributions(source_entity);

CREATE TABLE actor_labels (
    article_pk {fk} NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    outlet TEXT NOT NULL,
    published {date_text},
    actor TEXT NOT NULL,
    actor_type TEXT,
    label TEXT NOT NULL,
    evaluative INTEGER NOT NULL,
    loaded INTEGER NOT NULL,
    by_whom TEXT NOT NULL,
    source_name TEXT,
    count INTEGER NOT NULL
);
CREATE INDEX actor_labels_article ON actor_labels(article_pk);
CREATE INDEX actor_labels_actor ON actor_labels(lower(actor));
CREATE INDEX actor_labels_group ON actor_labels(actor, outlet, label, by_whom, article_pk, count,
    evaluative, loaded, actor_type);

CREATE TABLE entities (
    article_pk {fk} NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL
);
CREATE INDEX entities_article ON entities(article_pk);
CREATE INDEX entities_name ON entities(lower(name));

CREATE TABLE failures (
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    time TEXT NOT NULL,
    PRIMARY KEY (source, stage)
);
"""

_ARTICLE_COLUMNS = """
    id TEXT NOT NULL UNIQUE,
    ref TEXT NOT NULL,
    title TEXT,
    outlet TEXT NOT NULL,
    published {date_text},
    url TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    words INTEGER NOT NULL,
    source TEXT,
    status TEXT NOT NULL,
    error TEXT,
    sections TEXT NOT NULL DEFAULT ',',
    analyzers TEXT NOT NULL DEFAULT '{{}}',
    models TEXT NOT NULL DEFAULT '{{}}',
    ingested_at TEXT NOT NULL,
    analyzed_at TEXT"""

_SQLITE_1 = (
    "CREATE TABLE articles (\n    pk INTEGER PRIMARY KEY," + _ARTICLE_COLUMNS + "\n);\n"
    "CREATE INDEX articles_outlet ON articles(outlet, status, sections, words, published);\n"
    "CREATE INDEX articles_published ON articles(published);\n"
    "CREATE INDEX articles_status ON articles(status);\n"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='', tokenize='porter unicode61');\n"
    + _COMMON_TAIL
).format(fk="INTEGER", tsv="", date_text="TEXT")

_POSTGRES_1 = (
    "CREATE TABLE articles (\n    pk BIGSERIAL PRIMARY KEY," + _ARTICLE_COLUMNS + "\n);\n"
    "CREATE INDEX articles_outlet ON articles(outlet, status, sections, words, published);\n"
    "CREATE INDEX articles_published ON articles(published);\n"
    "CREATE INDEX articles_status ON articles(status);\n"
    + _COMMON_TAIL
    + "CREATE INDEX article_bodies_tsv ON article_bodies USING GIN (tsv);\n"
).format(
    fk="BIGINT",
    date_text='TEXT COLLATE "C"',  # ISO date strings compare as bytes, whatever the locale
    tsv=",\n    tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', "
    "coalesce(title, '') || ' ' || text)) STORED",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _SQLITE_1, _POSTGRES_1),
)
