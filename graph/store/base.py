"""The storage seam: everything the service layer needs from a store, and nothing more.

Implementations (embedded SQLite + in-memory index, Neo4j) raise only ``graph.errors``
exceptions and return only ``graph.model`` / ``graph.queries`` types: no driver type leaks
past them. Every write is atomic: it either happens whole or raises and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, TypeVar

from ..bundle import Bundle, Progress
from ..model import (
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
    NodeType,
    Person,
)
from ..queries import DensityQuery, DensityResult, LinkProjection, PathQuery, RawPath

N = TypeVar("N", Person, Company, Community, Deal)


class Store(Protocol):
    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None: ...

    def check_health(self) -> None:
        """Raise StoreUnavailable unless the store answers right now."""

    def data_version(self) -> int:
        """A number that changes whenever stored data changes (from any writer)."""

    # -- nodes -------------------------------------------------------------------------
    def get_nodes(self, kind: type[N], ids: Collection[str]) -> dict[str, N]:
        """The nodes of ``kind`` among ``ids`` that exist, by id."""

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]: ...

    def create_node(self, node: Node) -> None:
        """Conflict if a node of that kind already has the id; NotFound for a dangling
        reference (a deal's company or owner)."""

    def update_node(self, node: Node) -> None:
        """Replace a node's properties; NotFound if it does not exist."""

    def delete_node(self, kind: NodeType, id: str) -> None:
        """NotFound if absent. Deleting a person erases every relationship and interaction
        they take part in (deals they own lose their owner); a company, its employment,
        advocacy and deals; a community, its memberships (interactions keep happening, they
        just lose the community)."""

    def search_people(self, text: str, limit: int) -> list[Person]:
        """People whose name, email, title or id contains ``text`` (case-insensitive),
        best match first (exact id, then prefix, then substring; then by name and id)."""

    # -- relationships -----------------------------------------------------------------
    def connect(self, connection: Connection) -> None:
        """Upsert KNOWS; NotFound if either person is missing, BadInput if a == b."""

    def disconnect(self, a: str, b: str) -> None:
        """NotFound if the two are not connected."""

    def record_interaction(self, interaction: Interaction) -> None:
        """Conflict on a reused id; NotFound on unknown people or community; BadInput if
        actor == recipient."""

    def delete_interaction(self, id: str) -> None: ...

    def set_employment(self, employment: Employment) -> None: ...

    def remove_employment(self, person_id: str, company_id: str) -> None: ...

    def set_membership(self, membership: Membership) -> None: ...

    def remove_membership(self, person_id: str, community_id: str) -> None: ...

    def set_advocacy(self, advocacy: Advocacy) -> None: ...

    def remove_advocacy(self, person_id: str, company_id: str) -> None: ...

    # -- relationship reads ------------------------------------------------------------
    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]: ...

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]: ...

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]: ...

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        """Those of ``person_ids`` with at least one advocacy (in one query, not one per
        person: the service asks this for every person on a set of paths)."""

    def connections(self, person_id: str, limit: int) -> list[Connection]: ...

    def interactions(self, person_id: str, limit: int) -> list[Interaction]:
        """Most recent first."""

    def get_interaction(self, id: str) -> Interaction | None: ...

    def deals(
        self, *, company_id: str | None = None, owner_id: str | None = None
    ) -> list[Deal]: ...

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair, in the order asked (pairs need not be linked)."""

    # -- bulk --------------------------------------------------------------------------
    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle in one atomic step; rows written per frame."""

    # -- queries run where the data is -------------------------------------------------
    def introduction_paths(self, query: PathQuery) -> list[RawPath]: ...

    def advocate_density(self, query: DensityQuery) -> DensityResult: ...

    def link_projection(self) -> LinkProjection: ...
