"""``Neo4jStore``: the ``Store`` protocols on a Neo4j 5 server (Community or cluster).

A thin composition: one :class:`~.session.Session` (transactions, the data version, error
translation; its docstring states the consistency guarantees) shared by the parts that
implement each protocol of ``graph.store.base``:

=====================  ============================================
``Lifecycle``          here (on the session)
``NodeRecords``        :mod:`.nodes`
``RelationshipWrites`` :mod:`.relationships` (with :mod:`.links`)
``RelationshipReads``  :mod:`.reads`
``DealReads``          :mod:`.deals`
``DealHistory``
``NameSearch``         :mod:`.search`
``SignalReads``        :mod:`.signals`
``BulkImport``         :mod:`.importer`
``GraphQueries``       :mod:`.traversal`
``UserRecords``        :mod:`.access` (not graph data: these writes
``Suppressions``       leave the data version alone)
``AuditLog``
``ExternalIds``        :mod:`.identities` (external ids, too, are
``Identities``         written without a data version bump)
``PersonMerges``       :mod:`.merge`
``StrengthUpkeep``     :mod:`.strengths` (which settings the stored
                       strengths were computed with; relink)
``IntroRequests``      :mod:`.intros` (a base class; no version bump)
=====================  ============================================
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime

from neo4j import Driver

from ...access.model import AuditEntry, User
from ...activity_query import ActivityCounts, ActivitySubject, LedConnection, TimeWindow
from ...bundle import Bundle, Progress
from ...deal_query import DealFilter, DealKey, DealOrder, StageChange
from ...model import (
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
    Person,
)
from ...queries import (
    CompanyIdentity,
    DensityQuery,
    DensityResult,
    LinkProjection,
    MergeCounts,
    PairActivity,
    PathQuery,
    PersonIdentity,
    RawPath,
)
from ...search_query import NameQuery, SearchKey
from ...strength import StrengthModel
from ..activity import Activity
from . import cypher, importer, strengths, traversal
from .access import AccessRecords
from .deals import DealRecords
from .exports import ExportRecords
from .identities import IdentityRecords
from .intros import Neo4jIntroRequests
from .merge import PersonMergeRecords
from .nodes import NodeRecords
from .reads import RelationshipReads
from .relationships import RelationshipWrites
from .schema import ensure_schema
from .search import NameSearchRecords
from .session import Session, translated
from .signals import ActivityPageReads, SignalReads
from .webhooks import WebhookNodes


class Neo4jStore(WebhookNodes, Neo4jIntroRequests):
    """The ``Store`` protocols on Neo4j.

    ``driver`` is owned by the store (``close`` closes it) unless ``owns_driver`` is false;
    ``database`` None means the user's home database. Construction creates the schema if
    missing.
    """

    def __init__(
        self,
        driver: Driver,
        database: str | None = None,
        model: StrengthModel | None = None,
        *,
        owns_driver: bool = True,
    ) -> None:
        self.model = model or StrengthModel()
        self._session = Session(driver, database, owns_driver=owns_driver)
        self._nodes = NodeRecords(self._session)
        self._writes = RelationshipWrites(self._session, self.model)
        self._reads = RelationshipReads(self._session)
        self._signals = SignalReads(self._session)
        self._activity_pages = ActivityPageReads(self._session)
        self._access = AccessRecords(self._session)
        self._identities = IdentityRecords(self._session)
        self._merges = PersonMergeRecords(self._session, self.model)
        self._deals = DealRecords(self._session)
        self._exports = ExportRecords(self._session, self._nodes)
        self._search = NameSearchRecords(self._session)
        ensure_schema(self._session)
        self._strengths_ok = strengths.mismatch(self._session, self.model) is None

    def _require_strengths(self) -> None:
        """StoreUnavailable (naming ``warmgraph relink``) while the stored strengths were
        computed with other settings; re-checked until they fit, then trusted."""
        if not self._strengths_ok:
            strengths.require(self._session, self.model)
            self._strengths_ok = True

    # -- Lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the driver (when it is ours); later calls raise StoreUnavailable. Idempotent."""
        self._session.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_health(self) -> None:
        self._session.query(cypher.HEALTH)

    def warm_up(self) -> None:
        """Nothing to build: queries fetch what they need from the server."""

    def data_version(self) -> int:
        rows = self._session.query(cypher.DATA_VERSION, key=cypher.META_KEY)
        return int(rows[0]["version"])

    def local_reads(self) -> bool:
        return False  # every read is a round trip to the server

    # -- NodeRecords -------------------------------------------------------------------------

    def get_nodes(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        return self._nodes.get_nodes(kind, ids)

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        return self._nodes.existing_ids(kind, ids)

    def create_node(self, node: Node) -> None:
        self._nodes.create_node(node)

    def update_node(self, node: Node) -> None:
        self._nodes.update_node(node)

    def delete_node(self, kind: NodeType, id: str) -> None:
        self._nodes.delete_node(kind, id)

    # -- search by name ----------------------------------------------------------------------

    def search_people(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Person]]:
        return self._search.page(Person, query, after, limit)

    def search_companies(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Company]]:
        return self._search.page(Company, query, after, limit)

    def search_communities(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Community]]:
        return self._search.page(Community, query, after, limit)

    def search_deals(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Deal]]:
        return self._search.page(Deal, query, after, limit)

    def search_count(self, kind: NodeType, query: NameQuery) -> int:
        return self._search.count(kind, query)

    # -- RelationshipWrites ------------------------------------------------------------------

    def connect(self, connection: Connection) -> None:
        self._require_strengths()
        self._writes.connect(connection)

    def disconnect(self, a: str, b: str) -> None:
        self._require_strengths()
        self._writes.disconnect(a, b)

    def record_interaction(self, interaction: Interaction) -> None:
        self._require_strengths()
        self._writes.record_interaction(interaction)

    def delete_interaction(self, id: str) -> None:
        self._require_strengths()
        self._writes.delete_interaction(id)

    def set_employment(self, employment: Employment) -> None:
        self._writes.set_employment(employment)

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self._writes.remove_employment(person_id, company_id)

    def set_membership(self, membership: Membership) -> None:
        self._writes.set_membership(membership)

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self._writes.remove_membership(person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> None:
        self._writes.set_advocacy(advocacy)

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self._writes.remove_advocacy(person_id, company_id)

    # -- RelationshipReads -------------------------------------------------------------------

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        return self._reads.employments(
            person_id=person_id, company_id=company_id, current_only=current_only
        )

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        return self._reads.memberships(person_id=person_id, community_id=community_id)

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        return self._reads.advocacies(person_id=person_id, company_id=company_id)

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        return self._reads.advocates_among(person_ids)

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        return self._reads.connections(person_id, limit)

    def interactions(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Interaction]:
        return self._reads.interactions(person_id, limit, after)

    def interaction_count(self, person_id: str) -> int:
        return self._reads.interaction_count(person_id)

    def get_interaction(self, id: str) -> Interaction | None:
        return self._reads.get_interaction(id)

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        return self._reads.deals(company_id=company_id, owner_id=owner_id)

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        return self._reads.link_evidence(pairs)

    # -- DealReads, DealHistory -------------------------------------------------------------

    def deal_page(
        self, filters: DealFilter, order: DealOrder, after: DealKey | None, limit: int
    ) -> list[Deal]:
        return self._deals.deal_page(filters, order, after, limit)

    def deal_count(self, filters: DealFilter) -> int:
        return self._deals.deal_count(filters)

    def stage_changes(self, deal_id: str) -> list[StageChange]:
        return self._deals.stage_changes(deal_id)

    def stage_changes_since(self, at: datetime, limit: int) -> list[StageChange]:
        return self._deals.stage_changes_since(at, limit)

    # -- SignalReads -------------------------------------------------------------------------

    def employment_changes(self, since: date) -> list[Employment]:
        return self._signals.employment_changes(since)

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        return self._signals.advocacies_of(person_ids)

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        return self._signals.connections_of(person_ids)

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        return self._signals.interactions_of(person_ids)

    def activity_among(self, person_ids: Collection[str]) -> Activity:
        """Deal likelihood's bulk read (``ActivityReads``), two statements."""
        return self._reads.activity_among(person_ids)

    # -- ActivityPages (see :class:`.signals.ActivityPageReads`) -----------------------------

    def recent_interactions(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[Interaction]:
        return self._activity_pages.recent_interactions(subject, window, limit)

    def recent_connections(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[LedConnection]:
        return self._activity_pages.recent_connections(subject, window, limit)

    def recent_jobs(
        self, subject: ActivitySubject, ended: bool, window: TimeWindow, limit: int
    ) -> list[Employment]:
        return self._activity_pages.recent_jobs(subject, ended, window, limit)

    def activity_counts(self, subject: ActivitySubject, window: TimeWindow) -> ActivityCounts:
        return self._activity_pages.activity_counts(subject, window)

    # -- BulkImport --------------------------------------------------------------------------

    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle in batches; see :mod:`.importer` for the guarantees."""
        self._require_strengths()
        # Turning frames into rows runs outside the session: what it raises is mapped here.
        with translated():
            return importer.import_bundle(self._session, self.model, bundle, progress)

    # -- GraphQueries ------------------------------------------------------------------------

    def introduction_paths(self, query: PathQuery) -> list[RawPath]:
        self._require_strengths()
        return traversal.introduction_paths(self._session, query)

    def advocate_density(self, query: DensityQuery) -> DensityResult:
        return traversal.advocate_density(self._session, query)

    def link_projection(self) -> LinkProjection:
        self._require_strengths()
        return traversal.link_projection(self._session)

    # -- ExportReads ---------------------------------------------------------------------------

    def all_nodes(self, kind: type[NodeT]) -> list[NodeT]:
        return self._exports.all_nodes(kind)

    def pair_activity(self) -> PairActivity:
        return self._exports.pair_activity()

    # -- StrengthUpkeep ----------------------------------------------------------------------

    def strengths_as_of(self) -> datetime:
        return self.model.as_of()

    def strength_model(self) -> StrengthModel:
        return self.model.at(self.model.as_of())

    def check_strengths(self) -> None:
        self._require_strengths()

    def relink(self, progress: Progress) -> int:
        written = strengths.relink(self._session, self.model, progress)
        self._strengths_ok = True
        return written

    # -- UserRecords, Suppressions, AuditLog -------------------------------------------------

    def add_user(self, user: User, token_hash: str) -> None:
        self._access.add_user(user, token_hash)

    def get_user(self, email: str) -> User | None:
        return self._access.get_user(email)

    def user_by_token(self, token_hash: str) -> User | None:
        return self._access.user_by_token(token_hash)

    def list_users(self) -> list[User]:
        return self._access.list_users()

    def update_user(self, user: User) -> None:
        self._access.update_user(user)

    def set_user_token(self, email: str, token_hash: str) -> None:
        self._access.set_user_token(email, token_hash)

    def revoke_user(self, email: str, at: datetime) -> None:
        self._access.revoke_user(email, at)

    def suppression_secret(self) -> bytes:
        return self._access.suppression_secret()

    def add_suppressions(self, keys: Collection[str], at: datetime) -> None:
        self._access.add_suppressions(keys, at)

    def suppressed(self, keys: Collection[str]) -> set[str]:
        return self._access.suppressed(keys)

    def suppression_count(self) -> int:
        return self._access.suppression_count()

    def append_audit(self, entry: AuditEntry) -> None:
        self._access.append_audit(entry)

    def audit_entries(self, *, since: datetime | None = None, limit: int = 100) -> list[AuditEntry]:
        return self._access.audit_entries(since=since, limit=limit)

    # -- ExternalIds, Identities -------------------------------------------------------------

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        return self._identities.external_ids(source, kind, keys)

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        self._identities.record_external_ids(source, kind, mapping)

    def person_identities(self) -> list[PersonIdentity]:
        return self._identities.person_identities()

    def company_identities(self) -> list[CompanyIdentity]:
        return self._identities.company_identities()

    # -- PersonMerges ------------------------------------------------------------------------

    def merge_people(self, keep_id: str, merge_id: str) -> MergeCounts:
        self._require_strengths()  # a merge recomputes the kept person's link strengths
        return self._merges.merge_people(keep_id, merge_id)
