"""Parse and validate each distinct GraphQL document once, not once per request.

A front end sends the same few query texts over and over with different variables. Parsing
and validating such a document (with the depth limit) costs about as much CPU as answering
it, all of it on the event loop, so :class:`DocumentCache` remembers, per query text, the
parsed document and the validation errors. Neither depends on the variables, and both are
immutable once made.

Strawberry ships ``ParserCache`` and ``ValidationCache``; the second keys on the parsed
document, whose (recursive, uncached) hash is recomputed on every request. Keying both steps
on the query text costs one string lookup instead.

Only the outcome strawberry itself reaches is stored: documents that failed to parse are not
cached (they are parsed again, and fail again, each time), and validation errors are reused
only under the same validation rules.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphql import ASTValidationRule, DocumentNode, GraphQLError
from strawberry.extensions import SchemaExtension

#: Distinct query texts kept; bounded so unique texts from a client cannot grow memory.
DEFAULT_MAX_DOCUMENTS = 256


@dataclass(slots=True)
class _Entry:
    document: DocumentNode
    rules: tuple[type[ASTValidationRule], ...] | None = None
    errors: tuple[GraphQLError, ...] = ()


class DocumentStore:
    """A bounded, thread-safe LRU map from query text to its parsed and validated form."""

    def __init__(self, max_documents: int = DEFAULT_MAX_DOCUMENTS) -> None:
        self.max_documents = max_documents
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(query)
            if entry is not None:
                self._entries.move_to_end(query)
            return entry

    def put(self, query: str, entry: _Entry) -> None:
        with self._lock:
            self._entries[query] = entry
            self._entries.move_to_end(query)
            while len(self._entries) > self.max_documents:
                self._entries.popitem(last=False)


class DocumentCache(SchemaExtension):
    """Serves the parse and validation steps from a :class:`DocumentStore` when it can,
    and fills the store from strawberry's own steps when it cannot."""

    def __init__(self, store: DocumentStore) -> None:
        super().__init__()
        self.store = store
        self._entry: _Entry | None = None

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        query = ctx.query
        self._entry = self.store.get(query) if query else None
        if self._entry is not None:
            ctx.graphql_document = self._entry.document  # strawberry then skips parsing
        yield
        if self._entry is None and query and ctx.graphql_document is not None:
            self._entry = _Entry(ctx.graphql_document)
            self.store.put(query, self._entry)

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        entry = self._entry
        if entry is not None and entry.rules == ctx.validation_rules:
            # Strawberry validates only while pre_execution_errors is None.
            ctx.pre_execution_errors = list(entry.errors)
        yield
        if entry is not None and entry.rules is None and ctx.pre_execution_errors is not None:
            entry.errors = tuple(ctx.pre_execution_errors)
            entry.rules = ctx.validation_rules


def document_cache_extension(store: DocumentStore) -> Callable[[], DocumentCache]:
    """The extension factory a schema takes: a fresh extension per request, one store."""
    return lambda: DocumentCache(store)
