"""The service layer: validates what callers ask, asks the store, and dresses the answers.

GraphQL resolvers and the CLI call only this. It is synchronous on purpose: the API runs it
in a worker thread so that store work never blocks the event loop.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

from .algorithms import compile_kernels
from .errors import BadInput, DoNotContact, NotFound
from .influence import InfluenceCache, InfluenceTable
from .model import (
    NODE_KIND_NAMES,
    Advocacy,
    Community,
    Company,
    Connection,
    Deal,
    Employment,
    Interaction,
    LinkEvidence,
    Membership,
    Node,
    NodeT,
    NodeType,
    PathRanking,
    Person,
)
from .queries import (
    DENSITY_HOPS_MAX,
    MAX_HOPS_LIMIT,
    PATH_LIMIT_MAX,
    DensityQuery,
    PathQuery,
    RawPath,
)
from .results import (
    AdvocateDensity,
    AdvocateReach,
    InfluenceScore,
    IntroductionPath,
    PathLink,
)
from .store.base import Store

SEARCH_LIMIT_MAX = 100
LIST_LIMIT_MAX = 1000
NEAREST_LIMIT_MAX = 100


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise BadInput(f"{name} must be between {low} and {high}, got {value}")


def _exactly_one(**choices: str | None) -> str:
    given = [name for name, value in choices.items() if value is not None]
    if len(given) != 1:
        names = ", ".join(choices)
        raise BadInput(f"give exactly one of {names} (got {len(given)})")
    return given[0]


class WarmgraphService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._influence = InfluenceCache()

    # -- lifecycle ----------------------------------------------------------------------
    def check_health(self) -> None:
        """StoreUnavailable unless the store answers right now."""
        self.store.check_health()

    def warm_up(self) -> None:
        """Everything the first query would otherwise wait for: the store's index and the
        compiled search kernels."""
        self.store.check_health()
        self.store.warm_up()
        compile_kernels()

    def close(self) -> None:
        self.store.close()

    # -- reads of single things ---------------------------------------------------------
    def get(self, kind: type[NodeT], id: str) -> NodeT:
        found = self.store.get_nodes(kind, [id])
        if id not in found:
            raise NotFound(NODE_KIND_NAMES[kind], id)
        return found[id]

    def get_many(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        return self.store.get_nodes(kind, ids)

    def search_people(self, text: str, limit: int = 10) -> list[Person]:
        _check_range("limit", limit, 1, SEARCH_LIMIT_MAX)
        if not text.strip():
            raise BadInput("query must not be empty")
        return self.store.search_people(text.strip(), limit)

    # -- introduction paths -------------------------------------------------------------
    def introduction_paths(
        self,
        from_id: str,
        to_id: str | None = None,
        to_company_id: str | None = None,
        max_hops: int = 3,
        limit: int = 5,
        rank_by: PathRanking = PathRanking.STRENGTH,
    ) -> list[IntroductionPath]:
        _exactly_one(toId=to_id, toCompanyId=to_company_id)
        _check_range("maxHops", max_hops, 1, MAX_HOPS_LIMIT)
        _check_range("limit", limit, 1, PATH_LIMIT_MAX)
        if to_id is not None:
            # Both ends in one look-up (a round trip each on Neo4j), checked in the same
            # order as before: the source first.
            ends = self.store.get_nodes(Person, [from_id, to_id])
            for pid in (from_id, to_id):
                if pid not in ends:
                    raise NotFound(NODE_KIND_NAMES[Person], pid)
            if to_id == from_id:
                raise BadInput("fromId and toId are the same person")
            if ends[to_id].do_not_contact:
                raise DoNotContact(f"person {to_id!r} asked not to be contacted")
        else:
            assert to_company_id is not None
            self.get(Person, from_id)
            self.get(Company, to_company_id)
        raw = self.store.introduction_paths(
            PathQuery(from_id, to_id, to_company_id, max_hops, limit, rank_by)
        )
        return self._dress_paths(raw)

    def _dress_paths(self, raw: Sequence[RawPath]) -> list[IntroductionPath]:
        ids = {pid for path in raw for pid in path.people}
        people = self.store.get_nodes(Person, ids)
        advocates = self.store.advocates_among(ids)
        pairs = sorted({(p.people[i], p.people[i + 1]) for p in raw for i in range(p.hops)})
        evidence = dict(zip(pairs, self.store.link_evidence(pairs), strict=True))
        dressed = []
        for path in raw:
            links = tuple(
                PathLink(
                    source=people[path.people[i]],
                    target=people[path.people[i + 1]],
                    strength=path.strengths[i],
                    evidence=evidence[(path.people[i], path.people[i + 1])],
                )
                for i in range(path.hops)
            )
            inner = path.people[1:-1]
            dressed.append(
                IntroductionPath(
                    people=tuple(people[pid] for pid in path.people),
                    links=links,
                    strength=path.strength,
                    advocates=tuple(people[pid] for pid in inner if pid in advocates),
                )
            )
        return dressed

    # -- influence ----------------------------------------------------------------------
    def _influence_table(self) -> InfluenceTable:
        return self._influence.get(self.store.data_version(), self.store.link_projection)

    def influence(self, person_id: str) -> InfluenceScore:
        person = self.get(Person, person_id)
        table = self._influence_table()
        pos = table.position[person_id]
        return self._score(table, pos, person, int(table.rank[pos]))

    def top_influencers(
        self, limit: int = 10, community_id: str | None = None, company_id: str | None = None
    ) -> list[InfluenceScore]:
        _check_range("limit", limit, 1, LIST_LIMIT_MAX)
        if community_id is not None and company_id is not None:
            raise BadInput("give at most one of communityId, companyId")
        table = self._influence_table()
        if community_id is None and company_id is None:
            positions = [int(p) for p in table.order[:limit]]
        else:
            scope = self._scope_members(community_id, company_id)
            in_scope = sorted(table.position[pid] for pid in scope if pid in table.position)
            positions = sorted(in_scope, key=lambda p: int(table.rank[p]))[:limit]
        people = self.store.get_nodes(Person, [table.person_ids[p] for p in positions])
        return [
            self._score(table, pos, people[table.person_ids[pos]], scoped_rank)
            for scoped_rank, pos in enumerate(positions, start=1)
        ]

    def _scope_members(self, community_id: str | None, company_id: str | None) -> set[str]:
        if community_id is not None:
            self.get(Community, community_id)
            return {m.person_id for m in self.store.memberships(community_id=community_id)}
        assert company_id is not None
        self.get(Company, company_id)
        employed = self.store.employments(company_id=company_id, current_only=True)
        return {e.person_id for e in employed}

    @staticmethod
    def _score(table: InfluenceTable, pos: int, person: Person, rank: int) -> InfluenceScore:
        return InfluenceScore(
            person=person,
            score=float(table.score[pos]),
            rank=rank,
            global_rank=int(table.rank[pos]),
            pagerank=float(table.pagerank[pos]),
            degree=int(table.degree[pos]),
            advocacy=float(table.advocacy[pos]),
        )

    # -- advocate density ---------------------------------------------------------------
    def advocate_density(
        self,
        person_id: str | None = None,
        company_id: str | None = None,
        community_id: str | None = None,
        hops: int = 2,
        for_company_id: str | None = None,
        nearest_limit: int = 10,
    ) -> AdvocateDensity:
        _exactly_one(personId=person_id, companyId=company_id, communityId=community_id)
        _check_range("hops", hops, 1, DENSITY_HOPS_MAX)
        _check_range("nearestLimit", nearest_limit, 0, NEAREST_LIMIT_MAX)
        if person_id is not None:
            self.get(Person, person_id)
        if company_id is not None:
            self.get(Company, company_id)
        if community_id is not None:
            self.get(Community, community_id)
        if for_company_id is not None:
            self.get(Company, for_company_id)
        raw = self.store.advocate_density(
            DensityQuery(person_id, company_id, community_id, hops, for_company_id, nearest_limit)
        )
        ids = {r.advocate for r in raw.nearest} | {r.seed for r in raw.nearest}
        people = self.store.get_nodes(Person, ids)
        return AdvocateDensity(
            reachable=raw.reachable,
            advocates=raw.advocates,
            density=raw.density,
            nearest=tuple(
                AdvocateReach(people[r.advocate], r.distance, people[r.seed]) for r in raw.nearest
            ),
        )

    # -- relationship reads -------------------------------------------------------------
    def employments(self, **where: Any) -> list[Employment]:
        return self.store.employments(**where)

    def memberships(self, **where: Any) -> list[Membership]:
        return self.store.memberships(**where)

    def advocacies(self, **where: Any) -> list[Advocacy]:
        return self.store.advocacies(**where)

    def deals(self, **where: Any) -> list[Deal]:
        return self.store.deals(**where)

    def connections(self, person_id: str, limit: int = 100) -> list[Connection]:
        _check_range("limit", limit, 1, LIST_LIMIT_MAX)
        return self.store.connections(person_id, limit)

    def interactions(self, person_id: str, limit: int = 100) -> list[Interaction]:
        _check_range("limit", limit, 1, LIST_LIMIT_MAX)
        return self.store.interactions(person_id, limit)

    def link_evidence(self, a: str, b: str) -> LinkEvidence:
        self.get(Person, a)
        self.get(Person, b)
        return self.store.link_evidence([(a, b)])[0]

    # -- writes -------------------------------------------------------------------------
    def create(self, node: Node) -> Node:
        _require_id_and_name(node)
        self.store.create_node(node)
        return node

    def update(self, kind: type[NodeT], id: str, changes: dict[str, Any]) -> NodeT:
        """Apply only the given fields; ``id`` itself cannot change."""
        if "id" in changes:
            raise BadInput("an id cannot be changed; create a new node instead")
        current = self.get(kind, id)
        try:
            updated = dataclasses.replace(current, **changes)
        except TypeError as exc:
            raise BadInput(str(exc)) from exc
        _require_id_and_name(updated)
        self.store.update_node(updated)
        return updated

    def delete(self, kind: NodeType, id: str) -> None:
        self.store.delete_node(kind, id)

    def connect(self, connection: Connection) -> Connection:
        self.store.connect(connection)
        return connection

    def disconnect(self, a: str, b: str) -> None:
        self.store.disconnect(a, b)

    def record_interaction(self, interaction: Interaction) -> Interaction:
        self.store.record_interaction(interaction)
        return interaction

    def delete_interaction(self, id: str) -> None:
        self.store.delete_interaction(id)

    def set_employment(self, employment: Employment) -> Employment:
        if employment.start and employment.end and employment.end < employment.start:
            raise BadInput("employment end is before its start")
        self.store.set_employment(employment)
        return employment

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self.store.remove_employment(person_id, company_id)

    def set_membership(self, membership: Membership) -> Membership:
        self.store.set_membership(membership)
        return membership

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self.store.remove_membership(person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> Advocacy:
        self.store.set_advocacy(advocacy)
        return advocacy

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self.store.remove_advocacy(person_id, company_id)


def _require_id_and_name(node: Node) -> None:
    if not node.id:
        raise BadInput("id must not be empty")
    if not node.name.strip():
        raise BadInput("name must not be empty")
