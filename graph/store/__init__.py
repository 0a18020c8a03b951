"""Stores: one protocol (``base.Store``), an embedded and a Neo4j implementation."""

from .base import Store

__all__ = ["Store"]
