"""The service layer: validates what callers ask, asks the store, and dresses the answers.

GraphQL resolvers and the CLI call only this. It is synchronous on purpose: the API runs it
in a worker thread so that store work never blocks the event loop.

Every record written goes through :mod:`graph.validation` first, and so does every id a
read names, so a store only ever sees values it can hold. Messages name domain concepts
("maximum hops", "source person"), not the arguments of any one entry point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

from . import validation
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
    MAX_HOPS,
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
from .validation import check_id, check_range

SEARCH_LIMIT_MAX = 100
LIST_LIMIT_MAX = 1000
NEAREST_LIMIT_MAX = 100


def _exactly_one(choices: dict[str, str | None]) -> str:
    """The one choice given (keys are what the choices are, in domain words)."""
    given = [name for name, value in choices.items() if value is not None]
    if len(given) != 1:
        names = ", ".join(choices)
        raise BadInput(f"give exactly one of: {names} (got {len(given)})")
    return given[0]


def _optional_id(value: str | None, what: str) -> str | None:
    return None if value is None else check_id(value, what)


def _where(where: dict[str, Any]) -> dict[str, Any]:
    """Relationship-read filters: ids checked, flags passed on."""
    return {
        key: check_id(value, key.replace("_", " "))
        if key.endswith("_id") and value is not None
        else value
        for key, value in where.items()
    }


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
        check_id(id, f"{NODE_KIND_NAMES[kind]} id")
        found = self.store.get_nodes(kind, [id])
        if id not in found:
            raise NotFound(NODE_KIND_NAMES[kind], id)
        return found[id]

    def get_many(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        what = f"{NODE_KIND_NAMES[kind]} id"
        for id in ids:
            check_id(id, what)
        return self.store.get_nodes(kind, ids)

    def search_people(self, text: str, limit: int = 10) -> list[Person]:
        check_range("limit", limit, 1, SEARCH_LIMIT_MAX)
        validation.check_text(text, "search text")
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
        _exactly_one({"target person": to_id, "target company": to_company_id})
        check_range("maximum hops", max_hops, 1, MAX_HOPS)
        check_range("limit", limit, 1, PATH_LIMIT_MAX)
        check_id(from_id, "source person")
        _optional_id(to_id, "target person")
        _optional_id(to_company_id, "target company")
        if to_id is not None:
            # Both ends in one look-up (a round trip each on Neo4j), checked in the same
            # order as before: the source first.
            ends = self.store.get_nodes(Person, [from_id, to_id])
            for pid in (from_id, to_id):
                if pid not in ends:
                    raise NotFound(NODE_KIND_NAMES[Person], pid)
            if to_id == from_id:
                raise BadInput("the source and the target are the same person")
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
        check_range("limit", limit, 1, LIST_LIMIT_MAX)
        if community_id is not None and company_id is not None:
            raise BadInput("give at most one of: community, company")
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
        _exactly_one({"person": person_id, "company": company_id, "community": community_id})
        check_range("hops", hops, 1, DENSITY_HOPS_MAX)
        check_range("nearest advocates limit", nearest_limit, 0, NEAREST_LIMIT_MAX)
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
        return self.store.employments(**_where(where))

    def memberships(self, **where: Any) -> list[Membership]:
        return self.store.memberships(**_where(where))

    def advocacies(self, **where: Any) -> list[Advocacy]:
        return self.store.advocacies(**_where(where))

    def deals(self, **where: Any) -> list[Deal]:
        return self.store.deals(**_where(where))

    def connections(self, person_id: str, limit: int = 100) -> list[Connection]:
        check_range("limit", limit, 1, LIST_LIMIT_MAX)
        return self.store.connections(check_id(person_id, "person id"), limit)

    def interactions(self, person_id: str, limit: int = 100) -> list[Interaction]:
        check_range("limit", limit, 1, LIST_LIMIT_MAX)
        return self.store.interactions(check_id(person_id, "person id"), limit)

    def link_evidence(self, a: str, b: str) -> LinkEvidence:
        self.get(Person, a)
        self.get(Person, b)
        return self.store.link_evidence([(a, b)])[0]

    # -- writes -------------------------------------------------------------------------
    def create(self, node: Node) -> Node:
        checked = validation.node(node)
        self.store.create_node(checked)
        return checked

    def update(self, kind: type[NodeT], id: str, changes: dict[str, Any]) -> NodeT:
        """Apply only the given fields; ``id`` itself cannot change."""
        if "id" in changes:
            raise BadInput("an id cannot be changed; create a new node instead")
        current = self.get(kind, id)
        try:
            updated = dataclasses.replace(current, **changes)
        except TypeError as exc:
            raise BadInput(str(exc)) from exc
        checked = validation.node(updated)
        assert isinstance(checked, kind)
        self.store.update_node(checked)
        return checked

    def delete(self, kind: NodeType, id: str) -> None:
        self.store.delete_node(kind, check_id(id, f"{NODE_KIND_NAMES[kind]} id"))

    def connect(self, connection: Connection) -> Connection:
        checked = validation.connection(connection)
        self.store.connect(checked)
        return checked

    def disconnect(self, a: str, b: str) -> None:
        self.store.disconnect(*validation.records.pair(a, b, "connection"))

    def record_interaction(self, interaction: Interaction) -> Interaction:
        checked = validation.interaction(interaction)
        self.store.record_interaction(checked)
        return checked

    def delete_interaction(self, id: str) -> None:
        self.store.delete_interaction(check_id(id, "interaction id"))

    def set_employment(self, employment: Employment) -> Employment:
        checked = validation.employment(employment)
        self.store.set_employment(checked)
        return checked

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self.store.remove_employment(
            check_id(person_id, "employee"), check_id(company_id, "employer")
        )

    def set_membership(self, membership: Membership) -> Membership:
        checked = validation.membership(membership)
        self.store.set_membership(checked)
        return checked

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self.store.remove_membership(
            check_id(person_id, "member"), check_id(community_id, "community id")
        )

    def set_advocacy(self, advocacy: Advocacy) -> Advocacy:
        checked = validation.advocacy(advocacy)
        self.store.set_advocacy(checked)
        return checked

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self.store.remove_advocacy(
            check_id(person_id, "advocate"), check_id(company_id, "advocated company")
        )
