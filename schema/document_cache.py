"""Parse and validate each distinct GraphQL document once, in a worker thread, within a bound.

A front end sends the same few query texts over and over with different variables, so
:class:`DocumentStore` remembers, per query text, the parsed document and the validation
errors (neither depends on the variables; both are immutable once made). A cached text costs
one dictionary lookup.

A text not yet seen is parsed, checked against the document limits
(:class:`schema.limits.DocumentLimits`) and validated by graphql-core **in a worker thread**
(:class:`DocumentPreparer`), never on the event loop: a pathological document keeps one
daemon thread busy, not the whole server (nor its exit). The request waits at most
``timeout`` seconds for that work and then gets a ``TIMEOUT`` error. A thread cannot be
interrupted, so work that runs over goes on to its end; its outcome is cached then
(resending the same text is answered from the cache), and at most :data:`MAX_RUNNING` such
threads run at once (counting those whose request already gave up), so runaway documents
cannot pile up and starve the event loop of the GIL; a document waiting for a free slot
waits within the same bound.

The store is bounded by count and by the total size of the query texts it holds (the parsed
tree grows with the text), so unique texts from a client cannot grow memory.

Only the outcome strawberry itself would reach is stored: documents that failed to parse are
not cached (they are parsed again, and fail again, each time), and validation errors are
reused only under the same validation rules.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel
from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema import schema as strawberry_schema

from graph.errors import WarmgraphError

from .limits import DocumentLimits

#: Distinct query texts kept.
DEFAULT_MAX_DOCUMENTS = 256

#: Total UTF-8 bytes of the query texts kept (a front end's queries are a few KiB each).
DEFAULT_MAX_BYTES = 4 * 1024 * 1024

#: Documents being parsed and validated at once, in threads, counting runaway ones whose
#: request already timed out: each holds the GIL part of the time, so this bounds how much of
#: the event loop's CPU hostile documents can take.
MAX_RUNNING = 4

Rules = tuple[type[ASTValidationRule], ...]


class DocumentTimeout(WarmgraphError):
    """Parsing and validating a document took longer than the bound (code ``TIMEOUT``)."""

    code = "TIMEOUT"


@dataclass(slots=True)
class _Entry:
    document: DocumentNode
    rules: Rules | None = None
    errors: tuple[GraphQLError, ...] = ()


class DocumentStore:
    """A bounded, thread-safe LRU map from query text to its parsed and validated form."""

    def __init__(
        self, max_documents: int = DEFAULT_MAX_DOCUMENTS, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.max_documents = max_documents
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[_Entry, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """UTF-8 bytes of the query texts held."""
        return self._bytes

    def get(self, query: str) -> _Entry | None:
        with self._lock:
            found = self._entries.get(query)
            if found is None:
                return None
            self._entries.move_to_end(query)
            return found[0]

    def put(self, query: str, entry: _Entry) -> None:
        """Keep ``entry``, forgetting the least recently used texts to stay within both
        bounds; a text larger than the whole byte bound is not kept at all."""
        size = len(query.encode())
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(query, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[query] = (entry, size)
            self._bytes += size
            while len(self._entries) > self.max_documents or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped


class DocumentPreparer:
    """Parses, checks and validates documents in worker threads, within ``timeout`` seconds,
    and keeps the outcomes in a :class:`DocumentStore`."""

    def __init__(
        self,
        schema: Callable[[], GraphQLSchema],
        limits: DocumentLimits,
        timeout: float,
        store: DocumentStore | None = None,
        max_running: int | None = None,
    ) -> None:
        self.schema = schema  # a callable: the strawberry schema is built after its extensions
        self.limits = limits
        self.timeout = timeout
        self.store = store if store is not None else DocumentStore()
        self._running = threading.BoundedSemaphore(max_running or MAX_RUNNING)

    async def prepare(self, query: str, parse_options: Mapping[str, Any], rules: Rules) -> _Entry:
        """The parsed document and its validation errors (an empty tuple when valid).

        Raises the ``GraphQLError`` of a document that does not parse, and one with code
        ``TIMEOUT`` when the work takes over ``timeout`` seconds."""
        entry = self.store.get(query)
        if entry is not None and entry.rules == rules:
            return entry
        deadline = time.monotonic() + self.timeout
        known = entry.document if entry is not None else None
        outcome: list[_Entry | Exception | None] = []
        done = anyio.Event()
        token = anyio.lowlevel.current_token()

        def work() -> None:
            try:
                outcome.append(self._prepare(query, known, dict(parse_options), rules, deadline))
            except Exception as exc:  # a syntax error, or a bug: the request reports it
                outcome.append(exc)
            with contextlib.suppress(RuntimeError):  # the event loop is gone: nobody waits
                anyio.from_thread.run_sync(done.set, token=token)

        # A daemon thread of its own, not anyio's pool: a runaway validation must not hold
        # up the process's exit after SIGTERM (interpreter exit joins non-daemon threads).
        threading.Thread(target=work, name="warmgraph-validate", daemon=True).start()
        with anyio.move_on_after(self.timeout):
            await done.wait()
        prepared = outcome[0] if outcome else None
        if isinstance(prepared, Exception):
            raise prepared
        if prepared is not None:
            return prepared
        message = f"the document took over {self.timeout:g} s to parse and validate"
        raise GraphQLError(message, original_error=DocumentTimeout(message))

    def _prepare(
        self,
        query: str,
        document: DocumentNode | None,
        parse_options: dict[str, Any],
        rules: Rules,
        deadline: float,
    ) -> _Entry | None:
        """In a worker thread: None if no slot freed up before the deadline."""
        if not self._running.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return None
        try:
            if document is None:  # strawberry's own parse (tests count its calls)
                parse = strawberry_schema.parse  # type: ignore[attr-defined]
                document = parse(query, **parse_options)
            problems = self.limits.problems(document)
            # The limits come first: graphql-core's own rules follow every fragment spread
            # without memoising, so a fragment bomb would take them exponential time.
            errors = (
                [GraphQLError(problem) for problem in problems]
                if problems
                else strawberry_schema.validate_document(self.schema(), document, rules)
            )
            entry = _Entry(document, rules, tuple(errors))
            self.store.put(query, entry)  # also when the request gave up waiting
            return entry
        finally:
            self._running.release()


class DocumentCache(SchemaExtension):
    """Hands strawberry the parsed document and its validation errors from a
    :class:`DocumentPreparer`, so strawberry's own (event-loop) parse and validate steps
    have nothing left to do. The async hooks require ``Schema.execute`` (not
    ``execute_sync``)."""

    def __init__(self, preparer: DocumentPreparer) -> None:
        super().__init__()
        self.preparer = preparer
        self._entry: _Entry | None = None

    async def on_parse(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if ctx.query and ctx.graphql_document is None:
            # A parse error or timeout raised here becomes the request's one error.
            self._entry = await self.preparer.prepare(
                ctx.query, ctx.parse_options, ctx.validation_rules
            )
            ctx.graphql_document = self._entry.document  # strawberry then skips parsing
        yield

    def on_validate(self) -> Iterator[None]:
        if self._entry is not None:
            # Strawberry validates only while pre_execution_errors is None.
            self.execution_context.pre_execution_errors = list(self._entry.errors)
        yield


def document_cache_extension(preparer: DocumentPreparer) -> Callable[[], DocumentCache]:
    """The extension factory a schema takes: a fresh extension per request, one preparer."""
    return lambda: DocumentCache(preparer)
