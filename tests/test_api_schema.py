"""The API's OpenAPI description: every endpoint declares what it answers,
derived from the records of ``flashpoint.model`` (so a field added there is
described by itself), and what the endpoints really answer fits it exactly."""

from __future__ import annotations

import copy
import dataclasses
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from fastapi.testclient import TestClient

from flashpoint import model
from flashpoint.inputs import iter_inputs
from flashpoint.serve import create_app
from flashpoint.store import ingest_articles

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("api_schema") / "c.duckdb"
    ingest_articles(iter_inputs([HERE.parent / "samples", HERE / "data" / "merge"], "2022-02-23"), path, pipeline=pipeline)
    with TestClient(create_app(path)) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _not_null(spec: dict, schema: dict) -> dict:
    """The schema of a nullable value when it is there (anyOf [X, null] -> X)."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    assert len(options) == 1, schema
    return _resolve(spec, options[0])


def _answer_schema(spec: dict, path: str, status: str = "200") -> dict:
    return spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def _item_schema(spec: dict, path: str) -> dict:
    page = _resolve(spec, _answer_schema(spec, path))
    return _resolve(spec, page["properties"]["items"]["items"])


def _record(tp: Any) -> type | None:
    """The dataclass a field holds (itself or, when optional, under Optional)."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        tp = inner[0] if len(inner) == 1 else None
    return tp if isinstance(tp, type) and dataclasses.is_dataclass(tp) else None


def _assert_describes(spec: dict, schema: dict, cls: type, *, required: bool = True) -> None:
    """``schema`` has every field of the dataclass ``cls`` (required, when
    every answer carries them all), and so on down its nested records."""
    names = {f.name for f in dataclasses.fields(cls)}
    assert names <= set(schema["properties"]), (cls.__name__, names - set(schema["properties"]))
    if required:
        assert names <= set(schema.get("required", [])), (cls.__name__, names - set(schema.get("required", [])))
    hints = get_type_hints(cls)
    for f in dataclasses.fields(cls):
        nested = _record(hints[f.name])
        if nested is not None:
            _assert_describes(spec, _not_null(spec, schema["properties"][f.name]), nested)


@pytest.mark.parametrize("path, cls", [("/api/events", model.Event), ("/api/claims", model.Claim)])
def test_paged_items_are_the_records(spec, path, cls):
    page = _resolve(spec, _answer_schema(spec, path))
    assert {"total", "limit", "offset", "items"} <= set(page["properties"]) and page["properties"]["items"]["type"] == "array"
    _assert_describes(spec, _item_schema(spec, path), cls)


def test_places_are_described_by_the_record(spec):
    # /api/places sums a place over all articles: every field of Place is
    # described, those the summary does not carry are not required
    item = _item_schema(spec, "/api/places")
    _assert_describes(spec, item, model.Place, required=False)
    assert {"name", "lat", "lon", "country", "feature", "mentions", "articles"} <= set(item["required"])


def test_article_detail_is_the_records(spec):
    detail = _resolve(spec, _answer_schema(spec, "/api/articles/{article_id}"))["properties"]
    _assert_describes(spec, _resolve(spec, detail["article"]), model.ArticleInfo)
    for name, cls in (("events", model.Event), ("claims", model.Claim), ("places", model.Place), ("actors", model.ActorCount)):
        _assert_describes(spec, _resolve(spec, detail[name]["items"]), cls)


def test_every_endpoint_declares_its_answer(spec):
    for path in spec["paths"]:
        if path.startswith("/api/"):
            schema = _resolve(spec, _answer_schema(spec, path))
            assert schema.get("properties"), path


def _strict(spec: dict, schema: dict) -> dict:
    """A JSON Schema (2020-12, as OpenAPI 3.1 uses) for one answer, in which
    no object may carry a key its schema does not describe."""
    components = copy.deepcopy(spec["components"])
    for s in components["schemas"].values():
        if "properties" in s:
            s["additionalProperties"] = False
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": components, **schema}


def test_answers_fit_their_schemas(client, spec):
    jsonschema = pytest.importorskip("jsonschema")
    article_id = client.get("/api/events", params={"q": "seized Crimea"}).json()["items"][0]["article_id"]
    requests = [
        ("/api/events", "/api/events", {"limit": 1000}, "200"),
        ("/api/events", "/api/events", {"type": "BOMBING"}, "400"),
        ("/api/claims", "/api/claims", {"limit": 1000}, "200"),
        ("/api/claims/compare", "/api/claims/compare", {"unit": "troops"}, "200"),
        ("/api/places", "/api/places", {"limit": 5000}, "200"),
        ("/api/articles/{article_id}", f"/api/articles/{article_id}", {}, "200"),
        ("/api/articles/{article_id}", "/api/articles/no-such-article", {}, "404"),
        ("/api/pairs", "/api/pairs", {"limit": 500}, "200"),
        ("/api/pairs/{source}/{target}/timeline", "/api/pairs/RUS/UKR/timeline", {}, "200"),
        ("/api/search", "/api/search", {"q": "the", "limit": 500}, "200"),
        ("/api/stats", "/api/stats", {}, "200"),
        ("/api/meta", "/api/meta", {}, "200"),
        ("/api/actors", "/api/actors", {"q": "Putin"}, "200"),
        ("/api/dyad", "/api/dyad", {"a": "RUS", "b": "UKR"}, "200"),
        ("/api/map", "/api/map", {"source": "RUS"}, "200"),
        ("/api/map/events", "/api/map/events", {"name": "Kyiv", "country": "UKR"}, "200"),
        ("/api/claims/groups", "/api/claims/groups", {}, "200"),
        ("/api/changes", "/api/changes", {}, "200"),
    ]
    assert {r[0] for r in requests} == {p for p in spec["paths"] if p.startswith("/api/")}
    for template, url, params, status in requests:
        r = client.get(url, params=params)
        assert str(r.status_code) == status, (url, r.status_code, r.text)
        body = r.json()
        jsonschema.Draft202012Validator(_strict(spec, _answer_schema(spec, template, status))).validate(body)
        if status == "200" and isinstance(body.get("items"), list):
            assert body["items"], url  # something was checked


def test_a_field_added_to_a_record_is_described():
    """The models are made from dataclasses.fields, not from a copied list."""
    from flashpoint import serve

    @dataclasses.dataclass(frozen=True)
    class Extra:
        code: str
        lat: float | None
        spans: tuple[tuple[int, int], ...] = ()
        actor: model.Actor | None = None

    schema = serve._record(Extra).model_json_schema()
    assert set(schema["properties"]) == {"code", "lat", "spans", "actor"} == set(schema["required"])
    ref = next(s["$ref"] for s in schema["properties"]["actor"]["anyOf"] if "$ref" in s)
    assert set(schema["$defs"][ref.rsplit("/", 1)[-1]]["properties"]) == {f.name for f in dataclasses.fields(model.Actor)}
