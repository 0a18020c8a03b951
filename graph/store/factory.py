"""Open the store the settings ask for: Neo4j when a URI is given, else the embedded one."""

from __future__ import annotations

from ..config import Settings
from ..errors import BadInput
from .base import Store
from .embedded import EmbeddedStore


def open_store(settings: Settings) -> Store:
    if settings.neo4j is not None:
        raise BadInput("the Neo4j store is not available in this build")
    return EmbeddedStore(settings.db_path, settings.strength_model())
