"""warmgraph for notebooks: the graph as pandas DataFrames and a networkx graph.

``warmgraph.open`` opens a store (a SQLite file, or a Neo4j server) and reads it as one user
would see it: by default as the local operator (everything), or ``as_user`` an e-mail of a
``warmgraph users`` user, whose role rules apply (a rep sees their team's deals only; only
an admin sees do-not-contact people's contact details). Tie strengths use the settings in
the environment (``WARMGRAPH_HALF_LIFE_DAYS``, ``WARMGRAPH_CONFIG`` ...), as ``warmgraph
serve`` does.

>>> import os, tempfile, warmgraph
>>> from graph.model import Connection, Person
>>> from graph.store.embedded import EmbeddedStore
>>> path = os.path.join(tempfile.mkdtemp(), "notebook.db")
>>> with EmbeddedStore(path) as store:
...     for pid, name in (("p1", "Ada"), ("p2", "Grace")):
...         store.create_node(Person(pid, name))
...     store.connect(Connection("p1", "p2"))
>>> with warmgraph.open(path) as wg:
...     people = wg.people()
...     links = wg.links()
...     graph = wg.to_networkx()
>>> list(people["name"])
['Ada', 'Grace']
>>> links[["a", "b", "connected"]].to_dict("records")
[{'a': 'p1', 'b': 'p2', 'connected': True}]
>>> graph.number_of_nodes(), graph.number_of_edges()
(2, 1)
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import networkx as nx
import pandas as pd

from graph import export
from graph.access.model import Caller
from graph.config import Settings
from graph.errors import NotFound
from graph.service import WarmgraphService
from graph.store.factory import open_store

__all__ = ["Warmgraph", "open"]


class Warmgraph:
    """An open store read as one caller; a context manager that closes the store."""

    def __init__(self, service: WarmgraphService) -> None:
        self.service = service

    def people(self) -> pd.DataFrame:
        """id, name, title, email, location, linkedin, twitter, do_not_contact, tags."""
        return export.people(self.service)

    def companies(self) -> pd.DataFrame:
        """id, name, domain, industry, employees."""
        return export.companies(self.service)

    def communities(self) -> pd.DataFrame:
        """id, name, kind, url."""
        return export.communities(self.service)

    def deals(self) -> pd.DataFrame:
        """The deals the caller may see: id, name, company_id, owner_id, stage, amount,
        created_at, closed_at."""
        return export.deals(self.service)

    def links(self) -> pd.DataFrame:
        """One row per linked pair (a < b): strength, connected, interactions,
        last_interaction."""
        return export.links(self.service)

    def influence(self) -> pd.DataFrame:
        """person_id, score, rank, pagerank, degree, advocacy; rank 1 first."""
        return export.influence(self.service)

    def to_networkx(self) -> nx.Graph:
        """People, companies and communities as nodes keyed ``kind:id``; links,
        employment and membership as edges (``graph.export.to_networkx``)."""
        return export.to_networkx(self.service)

    def close(self) -> None:
        self.service.close()

    def __enter__(self) -> Warmgraph:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open(  # the package's verb, like io.open; warmgraph.open reads well
    db: str | os.PathLike[str] | None = None,
    *,
    as_user: str | None = None,
    neo4j: str | None = None,
) -> Warmgraph:
    """The store at ``db`` (an existing SQLite file) or the Neo4j server at ``neo4j``
    (credentials from ``NEO4J_USER`` / ``NEO4J_PASSWORD``), read as ``as_user`` (an
    active user's e-mail) or, by default, as the local operator. FileNotFoundError for a
    missing file; ``graph.errors.NotFound`` for an unknown or revoked user."""
    env = {k: v for k, v in os.environ.items() if k.startswith(("NEO4J_", "WARMGRAPH_"))}
    env.pop("NEO4J_URI", None)
    if neo4j is not None:
        env["NEO4J_URI"] = neo4j
    elif db is None:
        raise TypeError("give db (a SQLite file) or neo4j (a server URI)")
    elif not Path(db).is_file():
        raise FileNotFoundError(f"{db}: no such database")
    else:
        env["WARMGRAPH_DB"] = os.fspath(db)
    store = open_store(Settings.from_env(env))
    try:
        caller = Caller.operator()
        if as_user is not None:
            user = store.get_user(as_user.strip().lower())
            if user is None or user.revoked_at is not None:
                raise NotFound("active user", as_user)
            caller = Caller.of(user)
        return Warmgraph(WarmgraphService(store, caller))
    except BaseException:
        store.close()
        raise
