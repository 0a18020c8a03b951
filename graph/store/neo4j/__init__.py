"""The Neo4j store: ``Neo4jStore`` on an injected driver, ``connect`` to open one.

Modules: ``session`` (transactions, data version, error translation, ``connect``),
``cypher`` (every statement), ``values`` (model <-> Cypher mapping), ``schema``, ``nodes``,
``relationships``, ``reads``, ``links`` (the derived LINK graph), ``importer``,
``traversal`` (the three queries), ``access`` (users, suppressions, the audit log),
``identities`` (external ids, identity reads), and ``store`` composing them.
"""

from .session import connect
from .store import Neo4jStore

__all__ = ["Neo4jStore", "connect"]
