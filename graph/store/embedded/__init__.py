"""The embedded store: SQLite records composed with an in-memory link index.

``store.py`` (``EmbeddedStore``), ``index.py`` (``LinkIndex``, the mutable CSR the graph
algorithms read), ``locks.py`` (the readers-writer lock around it) and ``source.py`` (what it
reads from the records to build and patch the index).
"""

from .store import EmbeddedStore

__all__ = ["EmbeddedStore"]
