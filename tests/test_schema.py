"""The JSON Schema and presslens.schema.validate: every output shape, every nested span."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from article_samples import full_article
from presslens import SECTIONS, Article, PresslensError, SpanError
from presslens.render import get_renderer
from presslens.schema import SchemaError, load_schema, spans_of, validate


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_full_article_validates() -> None:
    data = full_article().to_dict()
    validate(data)
    assert data["meta"]["missing"] == []
    assert all(data[s] is not None for s in SECTIONS)


def test_empty_article_validates_with_every_section_missing() -> None:
    data = Article(id="e", text="").to_dict()
    validate(data)
    assert data["meta"]["missing"] == list(SECTIONS)
    assert all(data[s] is None for s in SECTIONS)


def test_produced_but_empty_section_is_an_empty_list() -> None:
    a = Article(id="e", text="Nothing here.")
    a.add_layer("techniques", "test", [])
    data = a.to_dict()
    validate(data)
    assert data["techniques"] == []
    assert "techniques" not in data["meta"]["missing"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_formats_validate_after_parsing(fmt: str) -> None:
    data = full_article().to_dict()
    out = get_renderer(fmt)(data)
    assert out.endswith("\n")
    if fmt == "jsonl":
        assert out.count("\n") == 1
    parsed = json.loads(out)
    validate(parsed)
    assert parsed == data


def test_round_trip() -> None:
    data = full_article().to_dict()
    again = Article.from_dict(data).to_dict()
    assert again == data
    validate(again)


def test_every_nested_span_is_found_and_checked() -> None:
    data = full_article().to_dict()
    found = list(spans_of(data["attributions"], ("attributions",)))
    # 3 relations, each with source, cue and one content; one via
    assert len(found) == 3 + 3 + 3 + 3 + 1
    for _, span in spans_of(data):
        assert data["text"][span["start"] : span["end"]] == span["text"]


def _break(data: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "error", "where"),
    [
        (["techniques", 0, "technique"], "Not_A_Technique", SchemaError, ".techniques[0]"),
        (["techniques", 0, "score"], 1.5, SchemaError, ".techniques[0].score"),
        (["techniques", 0, "start"], -1, SchemaError, ".techniques[0].start"),
        (["attributions", 0, "kind"], "rumour", SchemaError, ".attributions[0].kind"),
        (["attributions", 2, "source", "type"], "spy", SchemaError, "source.type"),
        (["claims", 0, "kinds"], ["vibes"], SchemaError, ".claims[0].kinds[0]"),
        (["genre", "label"], "poetry", SchemaError, ".genre.label"),
        (["sourcing", "anonymous_share"], 2, SchemaError, ".sourcing.anonymous_share"),
        (["actors", 0, "labels", 0, "by"], "god", SchemaError, ".actors[0].labels[0].by"),
        (["schema_version"], "2.0", SchemaError, ".schema_version"),
        (["meta", "missing"], ["weather"], SchemaError, ".meta.missing[0]"),
        (["techniques", 0, "text"], "something else", SpanError, ".techniques[0]"),
        (["attributions", 2, "via", "text"], "a news", SpanError, ".attributions[2].via"),
        (["actors", 0, "labels", 0, "mentions", 0, "end"], 10_000, SpanError,
         ".actors[0].labels[0].mentions[0]"),
        (["sourcing", "unattributed_sentences", 0, "start"], 1, SpanError,
         ".sourcing.unattributed_sentences[0]"),
    ],
)
def test_invalid_data_names_the_field(
    path: list[Any], value: Any, error: type[Exception], where: str
) -> None:
    bad = _break(full_article().to_dict(), path, value)
    with pytest.raises(error) as info:
        validate(bad)
    assert isinstance(info.value, PresslensError)
    assert where in str(info.value)


def test_unknown_top_level_key_is_rejected() -> None:
    bad = _break(full_article().to_dict(), ["sentiment"], 0.5)
    with pytest.raises(SchemaError, match="sentiment"):
        validate(bad)


def test_null_section_must_be_listed_as_missing() -> None:
    bad = _break(full_article().to_dict(), ["genre"], None)
    with pytest.raises(SchemaError, match="genre"):
        validate(bad)


def test_missing_section_must_be_null() -> None:
    bad = _break(full_article().to_dict(), ["meta", "missing"], ["frames"])
    with pytest.raises(SchemaError, match="frames"):
        validate(bad)


def test_not_a_dict() -> None:
    with pytest.raises(SchemaError, match="JSON object"):
        validate([])  # type: ignore[arg-type]


def test_ptc2020_technique_names_validate() -> None:
    a = Article(id="p", text="Traitors!")
    a.add_layer("techniques", "test", [
        a.span(0, 8, "Name_Calling,Labeling", 0.9, category="Attack on reputation",
               semeval2023="Name_Calling-Labeling")
    ])
    validate(a.to_dict())
