"""Open the store the settings ask for: Neo4j when a URI is given, else the embedded one."""

from __future__ import annotations

from ..config import Settings
from .base import Store
from .embedded import EmbeddedStore


def open_store(settings: Settings) -> Store:
    """StoreUnavailable (with the reason) when the store cannot be opened or reached."""
    model = settings.strength_model()
    if settings.neo4j is not None:
        from .neo4j import Neo4jStore, connect

        return Neo4jStore(connect(settings.neo4j), settings.neo4j.database, model)
    return EmbeddedStore(settings.db_path, model)
