"""Repeated documents are parsed and validated once, and still answer exactly as before."""

from __future__ import annotations

import pytest
from graphql import parse

from schema import document_cache as dc

pytestmark = pytest.mark.anyio

PATHS = """query($f: ID!, $t: ID!) {
  introductionPaths(fromId: $f, toId: $t, maxHops: 3) { hops strength people { localId } }
}"""


def _count_calls(monkeypatch, module, name):  # type: ignore[no-untyped-def]
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.fixture
def parses(monkeypatch):  # type: ignore[no-untyped-def]
    import strawberry.schema.schema as strawberry_schema

    return _count_calls(monkeypatch, strawberry_schema, "parse")


@pytest.fixture
def validations(monkeypatch):  # type: ignore[no-untyped-def]
    import strawberry.schema.schema as strawberry_schema

    return _count_calls(monkeypatch, strawberry_schema, "validate_document")


async def test_a_repeated_document_is_parsed_and_validated_once(gql, world, parses, validations):
    first = await gql.data(PATHS, f="rep-1", t="tina")
    again = await gql.data(PATHS, f="rep-1", t="tina")
    other = await gql.data(PATHS, f="rep-1", t="ann")
    assert first == again and first["introductionPaths"]
    assert other != first
    assert (len(parses), len(validations)) == (1, 1)


async def test_validation_errors_are_the_same_from_the_cache(gql, world, validations):
    bad = "{ person(id: 1) { nosuchfield } }"
    errors = [(await gql.raw(bad))["errors"] for _ in range(3)]
    assert errors[0] == errors[1] == errors[2]
    assert errors[0][0]["extensions"]["code"] == "BAD_INPUT"
    assert "nosuchfield" in errors[0][0]["message"]
    assert len(validations) == 1


async def test_the_depth_limit_holds_for_a_cached_document(gql, world):
    deep = '{ person(id: "tina") { ' + "currentCompany { currentEmployees { edges { node { " * 4
    deep += "id" + " } } } }" * 4 + " } }"
    for _ in range(2):
        error = await gql.error(deep)
        assert error["extensions"]["code"] == "BAD_INPUT"
        assert "depth" in error["message"]


async def test_syntax_errors_are_reported_every_time(gql, world, parses):
    for _ in range(2):
        error = await gql.error("{ person(id: ")
        assert error["extensions"]["code"] == "BAD_INPUT"
        assert "Syntax Error" in error["message"]
    assert len(parses) == 2  # failures are not cached


async def test_a_mutation_document_is_cached_and_still_writes(gql, world):
    create = (
        "mutation($id: ID!, $n: String!) { createCompany(input: {id: $id, name: $n}) { localId } }"
    )
    for company_id in ("cache-a", "cache-b"):
        await gql.data(create, id=company_id, n=company_id)
    found = await gql.data(
        '{ a: company(id: "cache-a") { localId } b: company(id: "cache-b") { localId } }'
    )
    assert found == {"a": {"localId": "cache-a"}, "b": {"localId": "cache-b"}}


def test_the_store_forgets_the_least_recently_used_text():
    store = dc.DocumentStore(max_documents=2)
    for text in ("{ a }", "{ b }"):
        store.put(text, dc._Entry(parse(text)))
    assert store.get("{ a }") is not None  # now the most recent
    store.put("{ c }", dc._Entry(parse("{ c }")))
    assert len(store) == 2
    assert store.get("{ b }") is None
    assert store.get("{ a }") is not None and store.get("{ c }") is not None


async def test_each_schema_validates_with_its_own_depth_limit(service):
    from schema import Limits, build_schema, make_context

    strict, default = build_schema(Limits(max_depth=1)), build_schema()
    query = '{ person(id: "x") { currentCompany { localId } } }'
    for _ in range(2):
        refused = await strict.execute(query, context_value=make_context(service))
        assert refused.errors and "depth" in refused.errors[0].message
        allowed = await default.execute(query, context_value=make_context(service))
        assert allowed.errors and "depth" not in allowed.errors[0].message  # x is unknown
