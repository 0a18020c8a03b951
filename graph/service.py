"""The service layer: validates what callers ask, asks the store, and dresses the answers.

GraphQL resolvers and the CLI call only this. It is synchronous on purpose: the API runs it
in a worker thread so that store work never blocks the event loop.

A service acts for one caller (``acting_as``; the command line's operator by default) and
enforces ``graph.access.policy`` on every read and write, so every entry point obeys the
same rules; every write it makes is appended to the audit log.

Every record written goes through :mod:`graph.validation` first, and so does every id a
read names, so a store only ever sees values it can hold. Messages name domain concepts
("maximum hops", "source person"), not the arguments of any one entry point.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from typing import Any

from . import duplicates
from .access import policy
from .access.audit import Auditor
from .access.directory import UserDirectory
from .access.erasure import Suppressor
from .access.model import AuditEntry, Caller
from .activity_service import ActivityOperations
from .algorithms import compile_kernels
from .duplicates import PossibleDuplicate
from .ego_service import EgoOperations
from .errors import BadInput, DoNotContact, NotFound
from .events import EventBus
from .export_service import ExportOperations
from .forecast_service import ForecastOperations
from .influence import InfluenceCache, InfluenceTable
from .intro_funnel import IntroFunnelOperations
from .intro_path_service import IntroRankingOperations
from .intro_ranking import EstimateCache
from .intro_service import IntroOperations
from .likelihood import DealLikelihoods
from .list_service import ListOperations
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
    NodeT,
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
from .search_service import SearchOperations
from .signal_service import SignalOperations
from .store.base import Store
from .validation import check_id, check_range, exactly_one, optional_id
from .writes import WriteOperations

LIST_LIMIT_MAX = 1000
NEAREST_LIMIT_MAX = 100


def _where(where: dict[str, Any]) -> dict[str, Any]:
    """Relationship-read filters: ids checked, flags passed on."""
    return {
        key: check_id(value, key.replace("_", " "))
        if key.endswith("_id") and value is not None
        else value
        for key, value in where.items()
    }


class WarmgraphService(
    WriteOperations,
    ListOperations,
    ForecastOperations,
    SignalOperations,
    ActivityOperations,
    ExportOperations,
    SearchOperations,
    EgoOperations,
    IntroOperations,
    IntroFunnelOperations,
    IntroRankingOperations,
):
    def __init__(self, store: Store, caller: Caller | None = None) -> None:
        self.store = store
        self.caller = caller or Caller.operator()
        self._influence = InfluenceCache()
        self._team: policy.Team | None = None
        self._suppressor = Suppressor(store)
        self._likelihood = DealLikelihoods()
        self._intro_estimates = EstimateCache()
        #: Published after writes commit (introduction transitions); shared by every
        #: per-request copy, so a listener subscribed once hears every caller's writes.
        self.events = EventBus()

    def acting_as(self, caller: Caller) -> WarmgraphService:
        """The same service (store and caches shared) acting for ``caller``: cheap, made
        once per request."""
        other = copy.copy(self)
        other.caller = caller
        other._team = None
        return other

    # -- access ---------------------------------------------------------------------------
    @property
    def team(self) -> policy.Team:
        """The caller's team, read once per request (revocations apply to the next one)."""
        if self._team is None:
            users = [] if self.caller.local else self.store.list_users()
            self._team = policy.Team(self.caller, users)
        return self._team

    @property
    def users(self) -> UserDirectory:
        return UserDirectory(self.store, self.caller, self._audit)

    @property
    def _audit(self) -> Auditor:
        return Auditor(self.store, self.caller)

    def audit_log(self, since: Any = None, limit: int = 100) -> list[AuditEntry]:
        policy.require_admin(self.caller, "read the audit log")
        check_range("limit", limit, 1, LIST_LIMIT_MAX)
        return self.store.audit_entries(since=since, limit=limit)

    def _shown(self, person: Person) -> Person:
        return policy.as_seen_by(self.caller, person)

    def _people(self, ids: Collection[str]) -> dict[str, Person]:
        return {pid: self._shown(p) for pid, p in self.store.get_nodes(Person, ids).items()}

    def _visible(self, node: NodeT) -> bool:
        if isinstance(node, Deal):
            return self.team.sees_deal_of(node.owner_id)
        return True

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
        found = self.get_many(kind, [id])
        if id not in found:
            raise NotFound(NODE_KIND_NAMES[kind], id)
        return found[id]

    def get_many(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        """The nodes among ``ids`` that exist and the caller may see, as they may see them."""
        what = f"{NODE_KIND_NAMES[kind]} id"
        for id in ids:
            check_id(id, what)
        found = self.store.get_nodes(kind, ids)
        if kind is Person:
            return {pid: self._shown(p) for pid, p in found.items()}  # type: ignore[misc, arg-type]
        return {nid: node for nid, node in found.items() if self._visible(node)}

    def _stored(self, kind: type[NodeT], id: str) -> NodeT:
        """A node as stored (never redacted), for writes; NotFound if absent or unseen."""
        found = self.store.get_nodes(kind, [check_id(id, f"{NODE_KIND_NAMES[kind]} id")])
        if id not in found or not self._visible(found[id]):
            raise NotFound(NODE_KIND_NAMES[kind], id)
        return found[id]

    def possible_duplicates(
        self, first: int = 50, after: str | None = None
    ) -> list[PossibleDuplicate[Person]]:
        """People who may be one (:mod:`graph.duplicates`), as the caller may see them."""
        pairs = duplicates.page(self.store, first, after)
        return duplicates.dress(pairs, self._people({p.a for p in pairs} | {p.b for p in pairs}))

    # -- introduction paths -------------------------------------------------------------
    def introduction_paths(
        self,
        from_id: str | None = None,
        to_id: str | None = None,
        to_company_id: str | None = None,
        max_hops: int = 3,
        limit: int = 5,
        rank_by: PathRanking = PathRanking.STRENGTH,
        from_team: bool = False,
    ) -> list[IntroductionPath]:
        """Paths from ``from_id`` (default: the caller's own person), or with ``from_team``
        from everyone on the caller's team who shares their network, best first across
        them all (each path names the teammate it starts from)."""
        exactly_one({"target person": to_id, "target company": to_company_id})
        check_range("maximum hops", max_hops, 1, MAX_HOPS)
        check_range("limit", limit, 1, PATH_LIMIT_MAX)
        optional_id(from_id, "source person")
        optional_id(to_id, "target person")
        optional_id(to_company_id, "target company")
        sources = self._path_sources(from_id, from_team)
        if to_id is not None:
            # every end in one look-up (a round trip on Neo4j); the sources are checked first
            ends = self.store.get_nodes(Person, [pid for _, pid in sources] + [to_id])
            for pid in [pid for _, pid in sources] + [to_id]:
                if pid not in ends:
                    raise NotFound(NODE_KIND_NAMES[Person], pid)
            if not from_team and to_id == sources[0][1]:
                raise BadInput("the source and the target are the same person")
            if ends[to_id].do_not_contact:
                raise DoNotContact(f"person {to_id!r} asked not to be contacted")
        else:
            assert to_company_id is not None
            for _, pid in sources:
                self._stored(Person, pid)
            self._stored(Company, to_company_id)
        if rank_by is PathRanking.LIKELIHOOD:
            return self._paths_by_likelihood(sources, to_id, to_company_id, max_hops, limit)
        found: list[tuple[str | None, RawPath]] = []
        for teammate, source in sources:
            if source == to_id:  # a teammate is the target: nothing to introduce
                continue
            query = PathQuery(source, to_id, to_company_id, max_hops, limit, rank_by)
            found += [(teammate, raw) for raw in self.store.introduction_paths(query)]
        if len(sources) > 1:
            found = sorted(found, key=lambda item: item[1].rank_key(rank_by))[:limit]
        return self._dress_paths(found)

    def _path_sources(self, from_id: str | None, from_team: bool) -> list[tuple[str | None, str]]:
        """(teammate e-mail or None, person id) of every network the paths start from."""
        if from_team:
            if from_id is not None:
                raise BadInput("give either a source person or fromTeam, not both")
            pool = self.team.pooled()
            if not pool:
                raise BadInput("nobody on your team has a person in the graph to start from")
            return [(email, pid) for email, pid in pool]
        if from_id is None:
            if self.caller.person_id is None:
                raise BadInput(
                    "your user is linked to no person, so give a source person "
                    "(or ask an admin to link your user to your person)"
                )
            return [(self.caller.email, self.caller.person_id)]
        if not self.team.may_start_paths_from(from_id):
            raise NotFound(NODE_KIND_NAMES[Person], from_id)  # no oracle on others' networks
        return [(None, from_id)]

    def _dress_paths(self, found: Sequence[tuple[str | None, RawPath]]) -> list[IntroductionPath]:
        raw = [path for _, path in found]
        ids = {pid for path in raw for pid in path.people}
        people = self._people(ids)
        advocates = self.store.advocates_among(ids)
        pairs = sorted({(p.people[i], p.people[i + 1]) for p in raw for i in range(p.hops)})
        evidence = dict(zip(pairs, self.store.link_evidence(pairs), strict=True))
        dressed = []
        for teammate, path in found:
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
                    teammate=teammate,
                )
            )
        return dressed

    # -- influence ----------------------------------------------------------------------
    def _influence_table(self) -> InfluenceTable:
        version = (self.store.data_version(), self.store.strengths_as_of())
        return self._influence.get(version, self.store.link_projection)

    def influence(self, person_id: str) -> InfluenceScore:
        person = self.get(Person, person_id)  # as the caller may see them
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
        people = self._people([table.person_ids[p] for p in positions])
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
        exactly_one({"person": person_id, "company": company_id, "community": community_id})
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
        people = self._people(ids)
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
        """The deals matching ``where`` that the caller may see."""
        return [d for d in self.store.deals(**_where(where)) if self._visible(d)]

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
