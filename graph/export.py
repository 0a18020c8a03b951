"""Whole tables for notebooks and files: the graph as pandas DataFrames and as a networkx
graph, read through the service so the caller's role applies (``graph.export_service``).

Tables, one function each, every one a function of a service acting for someone:

===============  ===========================================================================
``people``       id, name, title, email, location, linkedin, twitter, do_not_contact, tags
``companies``    id, name, domain, industry, employees
``communities``  id, name, kind, url
``deals``        id, name, company_id, owner_id, stage, amount, created_at, closed_at
``links``        a, b (a < b), strength, connected, interactions, last_interaction
``influence``    person_id, score, rank, pagerank, degree, advocacy
===============  ===========================================================================

``links`` is built from arrays (the link projection and the stores' bulk pair activity),
never an object per link, so a million links cost a few vectorised passes.

>>> import tempfile, os
>>> from graph.model import Person, Connection
>>> from graph.service import WarmgraphService
>>> from graph.store.embedded import EmbeddedStore
>>> path = os.path.join(tempfile.mkdtemp(), "doc.db")
>>> service = WarmgraphService(EmbeddedStore(path))
>>> for pid in ("p1", "p2"):
...     service.store.create_node(Person(pid, pid.upper()))
>>> service.store.connect(Connection("p1", "p2"))
>>> links(service)[["a", "b", "connected", "interactions"]].to_dict("records")
[{'a': 'p1', 'b': 'p2', 'connected': True, 'interactions': 0}]
>>> sorted(to_networkx(service).nodes)
['person:p1', 'person:p2']
>>> service.close()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .model import Community, Company, Deal, Person

if TYPE_CHECKING:
    import networkx as nx

    from .service import WarmgraphService

#: The tables, in the order an export writes them.
TABLES = ("people", "companies", "communities", "deals", "links", "influence")

#: Tags in a flat file: joined as the bundle's people.csv writes them (``a;b;c``).
TAG_SEPARATOR = ";"

#: The file formats ``warmgraph export`` writes: tables, one file each, or one graph file.
TABLE_FORMATS = ("parquet", "csv")
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = TABLE_FORMATS + GRAPH_FORMATS


def people(service: WarmgraphService) -> pd.DataFrame:
    rows = service.all_nodes(Person)
    return pd.DataFrame(
        {
            "id": pd.array([p.id for p in rows], dtype="string"),
            "name": pd.array([p.name for p in rows], dtype="string"),
            "title": pd.array([p.title for p in rows], dtype="string"),
            "email": pd.array([p.email for p in rows], dtype="string"),
            "location": pd.array([p.location for p in rows], dtype="string"),
            "linkedin": pd.array([p.linkedin for p in rows], dtype="string"),
            "twitter": pd.array([p.twitter for p in rows], dtype="string"),
            "do_not_contact": np.array([p.do_not_contact for p in rows], dtype=bool),
            "tags": pd.Series([list(p.tags) for p in rows], dtype=object),
        }
    )


def companies(service: WarmgraphService) -> pd.DataFrame:
    rows = service.all_nodes(Company)
    return pd.DataFrame(
        {
            "id": pd.array([c.id for c in rows], dtype="string"),
            "name": pd.array([c.name for c in rows], dtype="string"),
            "domain": pd.array([c.domain for c in rows], dtype="string"),
            "industry": pd.array([c.industry for c in rows], dtype="string"),
            "employees": pd.array([c.employees for c in rows], dtype="Int64"),
        }
    )


def communities(service: WarmgraphService) -> pd.DataFrame:
    rows = service.all_nodes(Community)
    return pd.DataFrame(
        {
            "id": pd.array([c.id for c in rows], dtype="string"),
            "name": pd.array([c.name for c in rows], dtype="string"),
            "kind": pd.array([c.kind.value for c in rows], dtype="string"),
            "url": pd.array([c.url for c in rows], dtype="string"),
        }
    )


def deals(service: WarmgraphService) -> pd.DataFrame:
    """The deals the caller may see (a rep or manager: their team's)."""
    rows = service.all_nodes(Deal)
    return pd.DataFrame(
        {
            "id": pd.array([d.id for d in rows], dtype="string"),
            "name": pd.array([d.name for d in rows], dtype="string"),
            "company_id": pd.array([d.company_id for d in rows], dtype="string"),
            "owner_id": pd.array([d.owner_id for d in rows], dtype="string"),
            "stage": pd.array([d.stage.value for d in rows], dtype="string"),
            "amount": pd.array([d.amount for d in rows], dtype="Float64"),
            "created_at": _dates([d.created_at for d in rows]),
            "closed_at": _dates([d.closed_at for d in rows]),
        }
    )


def links(service: WarmgraphService) -> pd.DataFrame:
    """One row per linked pair (``a < b``): the tie strength GraphQL answers, whether they
    are connected (KNOWS), how many interactions either way and when the latest was."""
    projection = service.link_projection()
    ids = np.empty(len(projection.person_ids), dtype=object)
    ids[:] = projection.person_ids
    length = projection.length
    total = int(length.sum())
    # Where each neighbour entry sits in nbr/weight: a segment per person, from its start.
    before = np.repeat(np.cumsum(length) - length, length)
    slot = np.repeat(projection.start, length) + (np.arange(total) - before)
    src = np.repeat(np.arange(len(ids)), length)
    dst = projection.nbr[slot].astype(np.int64)
    once = ids[src] < ids[dst]  # the CSR lists each link from both ends; keep a < b
    src, dst, strength = src[once], dst[once], projection.weight[slot][once]
    # Pairs are matched on integer keys (positions in the projection), not on id strings:
    # at a million links a string merge costs seconds, a sorted search a fraction of one.
    n = len(ids)
    key = src * n + dst
    activity = service.pair_activity()
    position = pd.Index(projection.person_ids)
    knows = _pair_keys(position, activity.knows_a, activity.knows_b)
    touched = _pair_keys(position, activity.inter_a, activity.inter_b)
    known = np.isin(key, knows[knows >= 0])
    counts = np.zeros(len(key), dtype=np.int64)
    last = np.full(len(key), np.nan)
    if len(touched):
        order = np.argsort(touched, kind="stable")
        found = order[np.minimum(np.searchsorted(touched[order], key), len(order) - 1)]
        hit = touched[found] == key
        counts[hit] = activity.inter_count[found[hit]]
        last[hit] = activity.inter_last[found[hit]]
    frame = pd.DataFrame(
        {
            "a": ids[src],
            "b": ids[dst],
            "strength": strength,
            "connected": known,
            "interactions": counts,
            "last_interaction": pd.to_datetime(last, unit="s", utc=True),
        }
    )
    return frame.sort_values(["a", "b"], ignore_index=True)


def _pair_keys(
    position: pd.Index, a: npt.NDArray[np.object_], b: npt.NDArray[np.object_]
) -> npt.NDArray[np.int64]:
    """``position(a) * n + position(b)`` per pair; -1 where either is not in the projection."""
    pa = position.get_indexer(pd.Index(a, dtype=object))
    pb = position.get_indexer(pd.Index(b, dtype=object))
    keys = pa.astype(np.int64) * len(position) + pb
    return np.where((pa >= 0) & (pb >= 0), keys, -1)


def influence(service: WarmgraphService) -> pd.DataFrame:
    """Everyone's influence, most influential first (``rank`` 1 is the top)."""
    table = service.influence_table()
    order = table.order
    ids = np.empty(len(table.person_ids), dtype=object)
    ids[:] = table.person_ids
    return pd.DataFrame(
        {
            "person_id": pd.array(ids[order], dtype="string"),
            "score": table.score[order],
            "rank": table.rank[order],
            "pagerank": table.pagerank[order],
            "degree": table.degree[order],
            "advocacy": table.advocacy[order],
        }
    )


#: Each table's reader, by name.
READERS: dict[str, Callable[[WarmgraphService], pd.DataFrame]] = {
    "people": people,
    "companies": companies,
    "communities": communities,
    "deals": deals,
    "links": links,
    "influence": influence,
}


def to_networkx(service: WarmgraphService) -> nx.Graph:
    """People, companies and communities as nodes keyed ``kind:id`` (a person and a company
    may share an id), each with a ``kind`` attribute, ``local_id`` and ``label`` (the
    name); links, employment and membership as edges with a ``kind`` attribute. Link edges
    carry ``strength``, ``connected``, ``interactions`` and ``last_interaction`` (ISO text).
    Missing values are left out rather than written as empty (GraphML and GEXF have no
    null); tags are joined with ``;``."""
    import networkx as nx  # only here: ~150 ms at import, and most callers want tables

    graph = nx.Graph()
    _add_nodes(graph, "person", people(service))
    _add_nodes(graph, "company", companies(service))
    _add_nodes(graph, "community", communities(service))
    frame = links(service)
    last = frame["last_interaction"].map(lambda t: t.isoformat(), na_action="ignore")
    graph.add_edges_from(
        (
            f"person:{a}",
            f"person:{b}",
            _present(
                {
                    "kind": "link",
                    "strength": float(s),
                    "connected": bool(c),
                    "interactions": int(n),
                    "last_interaction": t,
                }
            ),
        )
        for a, b, s, c, n, t in zip(
            frame["a"], frame["b"], frame["strength"], frame["connected"],
            frame["interactions"], last, strict=True,
        )
    )  # fmt: skip
    for job in service.employments():
        graph.add_edge(
            f"person:{job.person_id}",
            f"company:{job.company_id}",
            **_present(
                {
                    "kind": "employment",
                    "title": job.title,
                    # not start/end: GEXF reads those as a dynamic graph's time spells
                    "started": _iso(job.start),
                    "ended": _iso(job.end),
                    "current": job.current,
                }
            ),
        )
    for member in service.memberships():
        graph.add_edge(
            f"person:{member.person_id}",
            f"community:{member.community_id}",
            **_present({"kind": "membership", "role": member.role, "since": _iso(member.since)}),
        )
    return graph


def _add_nodes(graph: nx.Graph, kind: str, frame: pd.DataFrame) -> None:
    for row in frame.to_dict("records"):
        record = {str(key): value for key, value in row.items()}
        local = record.pop("id")
        if "tags" in record:
            record["tags"] = TAG_SEPARATOR.join(record["tags"]) or None
        attrs = _present({"kind": kind, "local_id": local, "label": record["name"], **record})
        graph.add_node(f"{kind}:{local}", **attrs)


def _present(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes with a value, as plain Python (the writers reject None and pandas NA)."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None or (not isinstance(value, str | list) and pd.isna(value)):
            continue
        out[key] = value.item() if isinstance(value, np.generic) else value
    return out


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _dates(values: list[Any]) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")
