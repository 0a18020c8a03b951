"""The Neo4j store: ``Neo4jStore`` on an injected driver, ``connect`` to open one."""

from .connection import connect
from .store import Neo4jStore

__all__ = ["Neo4jStore", "connect"]
