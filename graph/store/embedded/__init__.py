"""The embedded store: SQLite records composed with an in-memory link index.

``store.py`` (``EmbeddedStore``), ``index.py`` (``LinkIndex``, the mutable CSR the graph
algorithms read), ``locks.py`` (the readers-writer lock around it), ``source.py`` (what it
reads from the records to build and patch the index) and ``access.py`` (what it passes
straight to the records: users, suppressions, the audit log, external ids, identities).
"""

from .store import EmbeddedStore

__all__ = ["EmbeddedStore"]
