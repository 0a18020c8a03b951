"""The three queries on Neo4j: bounded traversals in Cypher, ranking with the shared kernels.

Introduction paths: for any radii r_s + r_t = H, every node of a simple path of at most H
links from s to a target is within r_s links of s or within r_t links of a target, through
allowed intermediaries only. So two bounded breadth-first expansions, run in Cypher one
layer per round trip (each layer on the side with the smaller frontier), find the only
region any answer can use; its LINKs are fetched and the same
kernel the embedded store runs ranks the paths. Same region, same strengths, same kernel:
the same answers, while the work stays bounded by the query, not the graph.

Advocate density: the breadth-first layers around the seed set come from Cypher, with each
person's doNotContact flag (do-not-contact advocates are counted but never listed as
nearest, as the kernel does); the nearest advocates' seed labels need only the cone of
layers below them.

Influence: one bulk pass streams every person and every LINK into a CSR projection.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...algorithms.paths import introduction_paths as rank_paths
from ...model import PathRanking
from ...queries import (
    AdvocateReachRaw,
    DensityQuery,
    DensityResult,
    LinkProjection,
    PathQuery,
    RawPath,
)
from . import cypher
from .session import Session

# -- introduction paths ----------------------------------------------------------------------


def introduction_paths(session: Session, query: PathQuery) -> list[RawPath]:
    if _single_shortest(query):
        assert query.target_person is not None
        return _best_shortest_path(session, query.source, query.target_person, query.max_hops)
    targets = _path_targets(session, query)
    if not targets:
        return []
    blocked: dict[str, bool] = {}
    ends = targets | {query.source}  # never intermediaries, so never expanded through
    from_source, to_target = _Ball({query.source}), _Ball(targets)
    # Any radii adding up to max_hops cover every path (a node at position i of a path of
    # k links is within i links of the source or within k - i of a target), so each layer
    # goes to the side with the smaller frontier: from a hub to a person, the person's side
    # grows instead of the hub's second degree, fetching a fraction of the ids.
    for _ in range(query.max_hops):
        smaller = from_source if len(from_source.frontier) <= len(to_target.frontier) else to_target
        smaller.grow(session, stop=ends, blocked=blocked)
    # A node at position i of a path of k <= max_hops links is within i links of the source
    # and k - i of a target; outside a ball it is at least one link beyond its radius. So
    # only nodes whose two distances can add up to max_hops are fetched.
    region = [
        pid
        for pid in from_source.distance.keys() | to_target.distance.keys()
        if from_source.reach(pid) + to_target.reach(pid) <= query.max_hops
    ]
    return _rank_in_region(session, query, sorted(region), targets, blocked)


def _single_shortest(query: PathQuery) -> bool:
    """``HOPS, limit 1`` to one person (a 1-link query is trivial for the general code)."""
    return (
        query.target_person is not None
        and query.rank_by is PathRanking.HOPS
        and query.limit == 1
        and query.max_hops in cypher.ALLOWED_SHORTEST_PATHS
    )


def _best_shortest_path(session: Session, source: str, target: str, max_hops: int) -> list[RawPath]:
    """The answer to ``HOPS, limit 1`` for one target person, from Neo4j's own shortest-path
    search: it ranks paths by (hops, -strength, ids), so it is the strongest of the
    shortest allowed paths, ties to the smallest id sequence (the kernel's rank order, as
    ranks follow ids). Every shortest path is simple, so no other path can come first.
    """
    rows = session.query(cypher.ALLOWED_SHORTEST_PATHS[max_hops], source=source, target=target)
    candidates = [
        RawPath(tuple(row["ids"]), tuple(row["strengths"]), _product(row["strengths"]))
        for row in rows
    ]
    if not candidates:
        return []
    return [min(candidates, key=lambda path: (-path.strength, path.people))]


def _product(strengths: Sequence[float]) -> float:
    """The path strength as the kernel computes it: multiplied in path order."""
    product = 1.0
    for strength in strengths:
        product *= strength
    return product


def _path_targets(session: Session, query: PathQuery) -> set[str]:
    """The people a path may end at: never a doNotContact person (the embedded store's
    rule too, so both stores answer a direct question about one with no paths)."""
    if query.target_person is not None:
        rows = session.query(cypher.CONTACTABLE_PERSON, id=query.target_person)
    else:
        rows = session.query(cypher.CONTACTABLE_EMPLOYEES, company=query.target_company)
    return {row["id"] for row in rows} - {query.source}


class _Ball:
    """Everything within ``radius`` links of ``start`` through allowed intermediaries, with
    its distance in links, grown one layer (one round trip) per ``grow``.

    A doNotContact person, or one in ``stop`` (the other end), may end a path but never
    carry one further, so the expansion does not continue through them.
    """

    def __init__(self, start: set[str]) -> None:
        self.distance = dict.fromkeys(start, 0)
        self.frontier = list(start)
        self.radius = 0

    def reach(self, pid: str) -> int:
        """The distance of ``pid``, or a lower bound (radius + 1) outside the ball."""
        return self.distance.get(pid, self.radius + 1)

    def grow(self, session: Session, *, stop: set[str], blocked: dict[str, bool]) -> None:
        self.radius += 1
        if not self.frontier:
            return
        (found,) = session.query(cypher.NEIGHBOURS, ids=self.frontier)
        self.frontier = []
        for pid, dnc in zip(found["ids"], found["dnc"], strict=True):
            blocked[pid] = bool(dnc)
            if pid not in self.distance:
                self.distance[pid] = self.radius
                if not blocked[pid] and pid not in stop:
                    self.frontier.append(pid)


def _rank_in_region(
    session: Session,
    query: PathQuery,
    ids: list[str],
    targets: set[str],
    blocked: dict[str, bool],
) -> list[RawPath]:
    position = {pid: i for i, pid in enumerate(ids)}  # ids sorted: position order is id order
    (links,) = session.query(cypher.LINKS_WITHIN, ids=ids, position=position)
    start, length, nbr, weight = _csr(len(ids), links["src"], links["dst"], links["strength"])
    found = rank_paths(
        start,
        length,
        nbr,
        weight,
        np.arange(len(ids), dtype=np.int64),
        np.array([blocked.get(pid, False) for pid in ids], dtype=np.bool_),
        position[query.source],
        np.array(sorted(position[t] for t in targets if t in position), dtype=np.int64),
        query.max_hops,
        query.limit,
        query.rank_by is PathRanking.HOPS,
    )
    return [
        RawPath(tuple(ids[p] for p in nodes), tuple(strengths), strength)
        for nodes, strengths, strength in found
    ]


# -- advocate density ------------------------------------------------------------------------


def advocate_density(session: Session, query: DensityQuery) -> DensityResult:
    """The kernel's answer (``graph.algorithms.density``): ``reachable`` and ``advocates``
    count everyone, do-not-contact people included (aggregates name nobody); ``nearest``
    lists up to ``nearest_limit`` advocates who may be contacted, skipping the others; each
    entry's seed is reported as it is, do-not-contact or not (the question named it)."""
    seeds = _density_seeds(session, query)
    if not seeds:
        return DensityResult(0, 0, ())
    blocked: dict[str, bool] = {}
    layers = _layers(session, seeds, query.hops, blocked)
    around = [pid for layer in layers[1:] for pid in layer]
    advocates = _advocates_among(session, around, query.for_company_id)
    distance = {pid: d for d, layer in enumerate(layers) for pid in layer}
    listable = [pid for pid in advocates if not blocked[pid]]
    ordered = sorted(listable, key=lambda pid: (distance[pid], pid))[: query.nearest_limit]
    labels = _seed_labels(session, ordered, layers, distance)
    nearest = tuple(AdvocateReachRaw(a, distance[a], labels[a]) for a in ordered)
    return DensityResult(len(around), len(advocates), nearest)


def _density_seeds(session: Session, query: DensityQuery) -> set[str]:
    if query.person_id is not None:
        return {query.person_id}
    if query.company_id is not None:
        rows = session.query(cypher.CURRENT_EMPLOYEES, company=query.company_id)
    else:
        rows = session.query(cypher.COMMUNITY_MEMBERS, community=query.community_id)
    return {row["id"] for row in rows}


def _layers(
    session: Session, seeds: set[str], hops: int, blocked: dict[str, bool]
) -> list[set[str]]:
    """Breadth-first layers: layer 0 is the seed set, layer d everybody first met at d.
    Fills ``blocked`` with the doNotContact flag of everyone beyond the seeds."""
    layers = [set(seeds)]
    seen = set(seeds)
    for _ in range(hops):
        (found,) = session.query(cypher.NEIGHBOURS, ids=sorted(layers[-1]))
        blocked.update(zip(found["ids"], map(bool, found["dnc"]), strict=True))
        fresh = set(found["ids"]) - seen
        if not fresh:
            break
        seen |= fresh
        layers.append(fresh)
    return layers


def _advocates_among(session: Session, ids: list[str], for_company: str | None) -> set[str]:
    if not ids:
        return set()
    if for_company is None:
        rows = session.query(cypher.ADVOCATES_AMONG, ids=ids)
    else:
        rows = session.query(cypher.ADVOCATES_OF_COMPANY_AMONG, ids=ids, company=for_company)
    return {row["id"] for row in rows}


def _seed_labels(
    session: Session, wanted: Sequence[str], layers: list[set[str]], distance: dict[str, int]
) -> dict[str, str]:
    """The smallest-id seed at minimum distance, for each wanted node.

    Walk down from the wanted nodes to the seeds collecting the cone (each node's neighbours
    one layer closer), then label upwards: a node's label is the smallest of its cone
    parents' labels.
    """
    parents: dict[str, list[str]] = {}
    level = {pid for pid in wanted if distance[pid] > 0}
    for d in range(max((distance[p] for p in wanted), default=0), 0, -1):
        at_d = sorted(pid for pid in level if distance[pid] == d)
        if at_d:
            rows = session.query(cypher.NEIGHBOURS_OF_EACH, ids=at_d)
            for row in rows:
                if distance.get(row["nbr"]) == d - 1:
                    parents.setdefault(row["id"], []).append(row["nbr"])
        level = {p for pid in at_d for p in parents.get(pid, [])} | {
            pid for pid in wanted if distance[pid] == d - 1
        }
    label: dict[str, str] = {pid: pid for pid in layers[0]}
    for d in range(1, len(layers)):
        for pid, ups in parents.items():
            if distance[pid] == d:
                label[pid] = min(label[u] for u in ups)
    return {pid: label[pid] for pid in wanted}


# -- influence -------------------------------------------------------------------------------


def link_projection(session: Session) -> LinkProjection:
    (people,) = session.query(cypher.ALL_PEOPLE)
    order = sorted(range(len(people["ids"])), key=people["ids"].__getitem__)
    ids = [people["ids"][k] for k in order]
    advocacy = np.asarray([people["advocacy"][k] for k in order], np.float64)
    position = {pid: i for i, pid in enumerate(ids)}
    (links,) = session.query(cypher.ALL_LINKS)
    start, length, nbr, weight = _csr(
        len(ids),
        [position[pid] for pid in links["a"]],
        [position[pid] for pid in links["b"]],
        links["strength"],
    )
    return LinkProjection(tuple(ids), start, length, nbr, weight, advocacy)


# -- shared ----------------------------------------------------------------------------------


def _csr(
    n: int, a: Sequence[int], b: Sequence[int], strength: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A symmetric CSR (the kernels' layout) from undirected edges listed once each."""
    a_ = np.asarray(a, np.int64)
    b_ = np.asarray(b, np.int64)
    w = np.asarray(strength, np.float64)
    src = np.concatenate([a_, b_])
    dst = np.concatenate([b_, a_])
    order = np.argsort(src, kind="stable")
    length = np.bincount(src, minlength=n).astype(np.int64)
    start = np.zeros(n, np.int64)
    if n:
        start[1:] = np.cumsum(length)[:-1]
    return start, length, dst[order].astype(np.int32), np.concatenate([w, w])[order]
