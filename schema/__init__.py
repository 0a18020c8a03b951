"""The GraphQL schema: thin resolvers over ``graph.service.WarmgraphService``.

``build_schema()`` returns the executable schema; execute it with a context from
``make_context(service)`` (the HTTP app in ``api.app`` does this per request). The bounds on
what a document may ask for are in ``schema.limits``.
"""

from __future__ import annotations

import functools

import strawberry
from graphql import ASTValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter
from strawberry.extensions.query_depth_limiter import create_validator

from .context import Context, make_context, run_sync
from .document_cache import DocumentPreparer, document_cache_extension
from .errors import WarmgraphSchema
from .ids import ID_SCALAR
from .limits import CostLimit, DocumentLimits, Limits, extension
from .mutation import Mutation
from .query import Query

#: Deeper documents are refused (BAD_INPUT) before anything runs.
MAX_QUERY_DEPTH = 12


def build_schema(limits: Limits | None = None, *, global_ids: bool = True) -> WarmgraphSchema:
    """The schema the server runs. ``global_ids=False`` leaves strawberry's plain ``ID``
    scalar in place: the same SDL (a standard scalar is never printed), for the SDL printer,
    whose sorting rebuilds the schema and cannot take a second scalar named ``ID``."""
    limits = limits or Limits()
    # The rules are made once for the schema's life (QueryDepthLimiter and its kin make a
    # new rule class per request, which would defeat the document cache's reuse of
    # validation results).
    rules: list[type[ASTValidationRule]] = [create_validator(limits.max_depth, should_ignore=None)]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    # Parsing, the document limits and validation run in worker threads, bounded in time.
    preparer = DocumentPreparer(
        lambda: schema._schema,
        DocumentLimits(limits.max_aliases, limits.max_fields),
        limits.validation_timeout,
    )
    schema = WarmgraphSchema(
        query=Query,
        mutation=Mutation,
        # one ID scalar for every argument: a global id arrives as its local id (schema.ids)
        scalar_overrides={strawberry.ID: ID_SCALAR} if global_ids else None,
        extensions=[
            extension(MaxTokensLimiter, limits.max_tokens),
            functools.partial(AddValidationRules, rules),
            document_cache_extension(preparer),
            extension(CostLimit, limits.max_cost),
        ],
    )
    schema.hide_suggestions = not limits.introspection
    return schema


__all__ = ["MAX_QUERY_DEPTH", "Context", "Limits", "build_schema", "make_context", "run_sync"]
