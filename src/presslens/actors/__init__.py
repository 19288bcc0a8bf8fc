"""Actors: who an article talks about, and how it names them.

:func:`build_actors` clusters mentions (names, descriptions, pronouns) into
actors and collects every label the article applies to each, marked
evaluative/loaded and attributed to the writer or a quoted source. The
``actors`` analyzer (``presslens.analyzers.actors``) wraps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..article import Article
from .labels import labels_of
from .lexicon import is_evaluative, is_loaded
from .mentions import Cluster, Mention, find_actors, normalise_name
from .voices import Voices, source_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Label kinds that name or identify the actor in passing ("the terror group", "Malik,
#: an opposition lawmaker,"), not what a sentence asserts about it.
REFERRING_KINDS = frozenset({"description", "adjective", "appositive"})

__all__ = ["Cluster", "Mention", "Voices", "build_actors", "normalise_name", "source_name"]


def _shown_unnamed(c: Cluster, text: str) -> bool:
    """An actor the article never names is shown when it describes it more than once or
    in loaded words ("the terror group"); one neutral "the council" and unnamed places
    are left out."""
    descriptions = [m for m in c.mentions if m.kind == "description"]
    if c.type == "place":
        return False  # "the city", "the nation": a setting, not an actor to follow
    return len(descriptions) >= 2 or any(
        is_loaded(text[m.label_start : m.end].lower().split()) for m in descriptions)


def _unnamed_name(c: Cluster, text: str) -> str:
    """"the terror group": the first description, with "the" for its determiner."""
    first = next(m for m in c.mentions if m.kind == "description")
    return "the " + " ".join(text[first.label_start : first.end].split())


def build_actors(article: Article, doc: Doc) -> tuple[list[dict[str, Any]], list[Cluster]]:
    """The ``actors`` result (see docs/actors.md) and the clusters behind it."""
    text = article.text
    clusters = sorted((c for c in find_actors(article, doc)
                       if c.names or _shown_unnamed(c, text)),
                      key=lambda c: c.mentions[0].start)
    voices = Voices.of(article)
    name_tokens: set[int] = set()
    for c in clusters:
        for m in c.names:
            ts = doc.char_span(m.start, m.end, alignment_mode="expand")
            if ts is not None:
                name_tokens.update(t.i for t in ts)
    # name a quoted source by its actor's canonical name when the source span
    # is a mention of an actor ("Rezaei told reporters" -> "Ali Rezaei")
    mention_owner = [(m.start, m.end, c.canonical) for c in clusters for m in c.mentions]

    def source_of(attribution: Any) -> str | None:
        src = attribution.data.get("source") if attribution is not None else None
        if not src:
            return None
        for start, end, name in mention_owner:
            if start < int(src["end"]) and int(src["start"]) < end and name:
                return name
        return source_name(src)

    result: list[dict[str, Any]] = []
    # one actor and kind per label span; only a plural appositive's label is
    # shared, by each of its members ("two board members, A and B")
    seen_labels: set[tuple[int, int]] = set()
    for n, c in enumerate(clusters, start=1):
        groups: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for m in c.mentions:
            for lab in labels_of(doc, m, name_tokens):
                if (lab.start, lab.end) in seen_labels and not lab.shared:
                    continue  # an appositive that is also a coreferent description
                if not lab.shared:
                    seen_labels.add((lab.start, lab.end))
                reported, attribution = voices.at(lab.start, lab.end)
                # a source's words: a quotation, or what reported speech asserts of the
                # actor ("Rezaei said the MKO was *a band of mercenaries*"); how the text
                # names the actor ("X rushed to defend *the terror group*") is the
                # writer's wording unless it is quoted
                by = "source" if voices.quoted(lab.start, lab.end) or (
                    reported and lab.kind not in REFERRING_KINDS) else "writer"
                src = source_of(attribution) if by == "source" else None
                key = (lab.label, by, src)
                rec = groups.get(key)
                if rec is None:
                    words = list(lab.words)
                    loaded = is_loaded(words)
                    rec = groups[key] = {
                        "label": lab.label,
                        "count": 0,
                        "evaluative": loaded or is_evaluative(words),
                        "loaded": loaded,
                        "by": by,
                        "source": src,
                        "mentions": [],
                    }
                rec["count"] += 1
                rec["mentions"].append(article.ref(lab.start, lab.end, kind=lab.kind))
        labels = sorted(groups.values(), key=lambda r: (-r["count"], r["mentions"][0]["start"]))
        result.append(
            {
                "id": f"a{n}",
                "name": c.canonical if c.names else _unnamed_name(c, text),
                "named": bool(c.names),
                "type": c.type or "organisation",
                "mentions": [article.ref(m.start, m.end) for m in c.mentions],
                "labels": labels,
            }
        )
    return result, clusters
