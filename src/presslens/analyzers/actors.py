"""``actors``: people, organisations, places and groups, clustered, with their labels.

Sets ``article.results["actors"]`` (shape in docs/actors.md) and rebuilds the
``entities`` layer with the same spans plus ``"actor": "<id>"`` in each
span's data. Uses the ``attributions`` layer when an earlier analyzer made
it, to tell a quoted source's labels from the writer's.
"""

from __future__ import annotations

import logging

from ..actors import build_actors
from ..article import Article
from ..nlp import doc_of
from ..registry import analyzer

__all__ = ["Actors"]

log = logging.getLogger(__name__)


@analyzer(
    "actors",
    requires=("sentences", "entities"),
    assigns=("actors",),
    description="actors (clustered names, descriptions, pronouns) and the labels applied to them",
)
class Actors:
    name = "actors"
    # 4: a naming phrase in unquoted reported content is the writer's; 5: "the prime
    # minister", "the government" never join by recency; 6: a titled description joins only
    # a holder of that title ("the prime minister" is not "Transport Minister X"), and "the
    # man" no person with a female first name (or the reverse); 7: a place is not the
    # surname of an organisation named after it ("Ireland", "Safe Online Ireland"); 8: unnamed
    # actors described twice or in loaded words are emitted ("named": false); "she" opening
    # the clause of an unnamed person's "says" joins no actor; club names ("Kelton United")
    # are organisations' and "the club" joins them; a label before a name stops at a verb;
    # 9: a headline's "the mayor" joins the person given that title below; "X is only the
    # latest" is no label; "Interior Minister" is no name; after "the group's founder", "the
    # founder" joins no named actor by recency; a lede's "the mayor of X", before anyone is
    # named, joins the mayor named below; "co-chair of ..." is one label, not "co"; a
    # person's plural appositive and "Calloway's supporters" are no labels of the person;
    # "the firms" join no one organisation by recency; "the ones" is no label; "this newspaper"
    # is no actor, "the opposition" joins only an actor named or labelled so; a name with a
    # place noun as its appositive ("Mellick, the town of 9,000 people") is a place
    version = "9"
    requires = ("sentences", "entities")
    assigns = ("actors",)

    def __call__(self, article: Article) -> Article:
        doc = doc_of(article)
        actors, clusters = build_actors(article, doc)
        ids = {c.index: a["id"] for c, a in zip(clusters, actors, strict=True)}
        by_entity: dict[int, str] = {}
        for c in clusters:
            for m in c.names:
                if m.entity_index is not None:
                    by_entity[m.entity_index] = ids[c.index]
        layer = article.layers.get("entities")
        if layer is not None:
            spans = []
            for i, span in enumerate(layer.spans):
                data = dict(span.data)
                if i in by_entity:
                    data["actor"] = by_entity[i]
                spans.append(article.span(span.start, span.end, span.label, span.score, **data))
            article.add_layer("entities", layer.producer, spans)
        article.results["actors"] = actors
        article.models.setdefault("actors", {"name": "actors-heuristic", "version": self.version})
        log.debug("article %s: %d actors", article.id, len(actors))
        return article
