"""The GraphQL schema: thin resolvers over ``graph.service.WarmgraphService``.

``build_schema()`` returns the executable schema; execute it with a context from
``make_context(service)`` (the HTTP app in ``api.app`` does this per request).
"""

from __future__ import annotations

import functools

from strawberry.extensions import QueryDepthLimiter

from .context import Context, make_context, run_sync
from .errors import WarmgraphSchema
from .mutation import Mutation
from .query import Query

#: Deeper documents are refused (BAD_INPUT) before anything runs.
MAX_QUERY_DEPTH = 12


def build_schema(max_depth: int = MAX_QUERY_DEPTH) -> WarmgraphSchema:
    return WarmgraphSchema(
        query=Query,
        mutation=Mutation,
        extensions=[functools.partial(QueryDepthLimiter, max_depth=max_depth)],
    )


__all__ = ["MAX_QUERY_DEPTH", "Context", "build_schema", "make_context", "run_sync"]
