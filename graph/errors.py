"""The exception tree every layer speaks.

Stores map their driver's errors onto these at the boundary (``raise X from exc``), so the
GraphQL layer can turn any of them into an error with a stable ``extensions.code`` without
knowing which store is behind it.
"""

from __future__ import annotations

#: How much of a caller's value a message repeats: enough to recognise it, never a whole
#: 200 KB id sent back (and logged) in full.
ECHO_LIMIT = 64


def shown(value: object) -> str:
    """A value as a message quotes it: its ``repr``, cut after :data:`ECHO_LIMIT` characters
    with the full length said (``'abc…' (200,000 characters)``). Every message that repeats a
    caller's value goes through here."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= ECHO_LIMIT:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:ECHO_LIMIT]!r}… ({len(text):,} characters)"


class WarmgraphError(Exception):
    """Base of every error warmgraph raises on purpose."""

    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(WarmgraphError):
    """The caller sent something we cannot act on (range, format, missing argument)."""

    code = "BAD_INPUT"


class NotFound(WarmgraphError):
    """An id that names nothing of the expected kind."""

    code = "NOT_FOUND"

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} with id {shown(id)}")
        self.kind = kind
        self.id = id


class Unauthenticated(WarmgraphError):
    """No valid credentials: no token, an unknown or revoked one, or a JWT that fails a check."""

    code = "UNAUTHENTICATED"


class Forbidden(WarmgraphError):
    """The caller is known but their role does not allow the operation; nothing changed."""

    code = "FORBIDDEN"


class Suppressed(BadInput):
    """The record would bring back a person who was erased."""

    code = "SUPPRESSED"


class Conflict(WarmgraphError):
    """The write contradicts what is stored (a duplicate id, say)."""

    code = "CONFLICT"


class DoNotContact(BadInput):
    """The target asked not to be contacted; no introduction path may end at them."""

    code = "DO_NOT_CONTACT"


class StoreUnavailable(WarmgraphError):
    """The store cannot be reached or used right now; retrying later may work."""

    code = "STORE_UNAVAILABLE"


class BundleError(WarmgraphError):
    """A CSV bundle was rejected; ``problems`` lists every ``file:line: message``."""

    code = "BAD_BUNDLE"

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:50]
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in bundle:\n" + "\n".join(shown) + more)
        self.problems = problems
