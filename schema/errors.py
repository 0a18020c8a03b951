"""The one place errors are turned into what a client may see.

Every error leaves as ``{"message", "locations", "path", "extensions": {"code"}}``:

* a ``graph.errors.WarmgraphError`` raised anywhere below a resolver keeps its message and
  its ``code`` (NOT_FOUND, BAD_INPUT, DO_NOT_CONTACT, CONFLICT, STORE_UNAVAILABLE, ...);
* a problem with the request itself (syntax, validation, an argument or variable that does
  not coerce, e.g. a malformed Date, the depth limit) keeps graphql-core's message and gets
  code BAD_INPUT;
* anything else is a bug: the client reads "internal error" with code
  INTERNAL_SERVER_ERROR, and the traceback goes to the server log only.

No error carries its exception, stack or any other extension.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext, ExecutionResult

from graph.errors import WarmgraphError

log = logging.getLogger("warmgraph.api")

BAD_INPUT = "BAD_INPUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
INTERNAL_MESSAGE = "internal error"
TIMEOUT = "TIMEOUT"

#: graphql-core's "Did you mean ...?" hints, dropped when introspection is off (they would
#: reveal the schema's names one guess at a time).
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def classify(error: GraphQLError) -> tuple[str, str]:
    """``(code, client message)`` for one error."""
    original = error.original_error
    if isinstance(original, WarmgraphError):
        return original.code, original.message
    if error.path is None and (original is None or error.nodes):
        # Raised about the document or its variables, before any resolver ran.
        return BAD_INPUT, error.message
    return INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE


def for_client(error: GraphQLError, hide_suggestions: bool = False) -> GraphQLError:
    code, message = classify(error)
    if hide_suggestions:
        message = _SUGGESTION.sub("", message)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code},
    )


def log_errors(errors: Iterable[GraphQLError]) -> None:
    """Unexpected errors with their traceback; the rest briefly."""
    for error in errors:
        code, _ = classify(error)
        if code == INTERNAL_SERVER_ERROR:
            original = error.original_error
            log.error(
                "internal error at %s: %s",
                ".".join(map(str, error.path or ())) or "(request)",
                error.message,
                exc_info=original if original is not None else None,
            )
        else:
            log.info("%s: %s", code, error.message)


class WarmgraphSchema(strawberry.Schema):
    """A strawberry Schema whose results only ever carry client-safe errors."""

    #: Drop "Did you mean ...?" from messages (set when introspection is off).
    hide_suggestions: bool = False

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        return self._sanitise(await super().execute(*args, **kwargs))

    def execute_sync(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        return self._sanitise(super().execute_sync(*args, **kwargs))

    def _sanitise(self, result: ExecutionResult) -> ExecutionResult:
        if result.errors:
            result.errors = [for_client(e, self.hide_suggestions) for e in result.errors]
        return result
