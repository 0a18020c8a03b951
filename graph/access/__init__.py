"""Who may do what: users, roles, the caller of a request, and the policy the service enforces.

The HTTP layer only turns a token or a JWT into a :class:`Caller`; every decision about what
that caller may read or write is made in the service (``graph.access.policy``), so the CLI,
GraphQL and every future entry point obey the same rules.
"""

from .model import AuditEntry, Caller, Role, User, normalise_email

__all__ = ["AuditEntry", "Caller", "Role", "User", "normalise_email"]
