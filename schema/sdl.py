"""The schema as SDL text: what ``schema.graphql`` at the repository root holds.

Front ends review every change to the API as a diff of that file (``warmgraph schema --out
schema.graphql`` writes it; ``tests/api/test_schema_snapshot.py`` fails when it is stale).
Types, fields, arguments and enum values are printed in name order, so moving a field in
the source changes nothing, and only a change a client can see shows up in the diff.

>>> text = schema_sdl()
>>> "type Query {" in text and "type Mutation {" in text
True
>>> text.endswith("\\n") and not text.endswith("\\n\\n")
True
"""

from __future__ import annotations

from graphql import lexicographic_sort_schema, print_schema

from . import build_schema
from .errors import WarmgraphSchema


def schema_sdl(schema: WarmgraphSchema | None = None) -> str:
    """The SDL of ``schema`` (by default the one the server runs), sorted by name, with a
    final newline."""
    built = build_schema() if schema is None else schema
    return print_schema(lexicographic_sort_schema(built._schema)) + "\n"
