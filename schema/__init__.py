"""The GraphQL schema: thin resolvers over ``graph.service.WarmgraphService``.

``build_schema()`` returns the executable schema; execute it with a context from
``make_context(service)`` (the HTTP app in ``api.app`` does this per request).
"""

from __future__ import annotations

import functools

from strawberry.extensions import AddValidationRules
from strawberry.extensions.query_depth_limiter import create_validator

from .context import Context, make_context, run_sync
from .document_cache import DocumentStore, document_cache_extension
from .errors import WarmgraphSchema
from .mutation import Mutation
from .query import Query

#: Deeper documents are refused (BAD_INPUT) before anything runs.
MAX_QUERY_DEPTH = 12


def build_schema(max_depth: int = MAX_QUERY_DEPTH) -> WarmgraphSchema:
    # One depth rule for the schema's life (QueryDepthLimiter makes a new rule class per
    # request, which would also defeat the document cache's reuse of validation results).
    depth_rule = create_validator(max_depth, should_ignore=None)
    return WarmgraphSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            functools.partial(AddValidationRules, [depth_rule]),
            document_cache_extension(DocumentStore()),
        ],
    )


__all__ = ["MAX_QUERY_DEPTH", "Context", "build_schema", "make_context", "run_sync"]
