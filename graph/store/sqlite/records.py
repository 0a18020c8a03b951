"""``SQLiteRecords``: the embedded store's system of record, one SQLite file.

It implements every protocol of ``graph.store.base`` but the graph queries, plus the reads
the embedded store builds its index from (``graph.store.embedded.source.LinkInputSource``).
Each method is one transaction of the injected :class:`~.connection.Database` (see there for
durability and concurrency) around a function of :mod:`.nodes`, :mod:`.relationships`,
:mod:`.evidence`, :mod:`.linkinputs`, :mod:`.importer`, :mod:`.access`, :mod:`.identities`
or :mod:`.merge`, which hold the SQL; its paged and bulk reads (search, exports, the activity
stream) are in :mod:`.page_reads`, webhooks in :mod:`.webhooks`, introduction requests in
:mod:`.intro_records`. Users, suppressions, the audit log (:mod:`.access`), external ids
(:mod:`.identities`), webhooks and introduction requests are written without moving
``data_version``: they are not graph data.

Values arrive checked and normalised (``graph.validation``): the store maps and writes, and
checks only what needs its data — NotFound for a missing referenced node, Conflict for a
duplicate id.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime

from ...access.model import AuditEntry, User
from ...bundle import Bundle, Progress
from ...deal_query import DealFilter, DealKey, DealOrder, StageChange
from ...model import (
    Advocacy,
    Connection,
    Deal,
    Employment,
    Interaction,
    LinkEvidence,
    Membership,
    Node,
    NodeT,
    NodeType,
)
from ...queries import CompanyIdentity, MergeCounts, PersonIdentity
from ..activity import Activity
from ..linkinputs import LinkInputs, PairInputs
from . import (
    access,
    activity,
    deals,
    evidence,
    identities,
    importer,
    merge,
    nodes,
    relationships,
    signals,
)
from .connection import Database, data_version
from .intro_records import SQLiteIntroRequests
from .linkinputs import read_link_inputs
from .page_reads import PageReads
from .webhooks import WebhookTables


class SQLiteRecords(PageReads, WebhookTables, SQLiteIntroRequests):
    """Records in one SQLite file, through one :class:`Database`: the one given, or one
    opened on a path (then owned, and closed by :meth:`close`)."""

    def __init__(
        self,
        database: Database | str | os.PathLike[str],
        *,
        busy_timeout: float = 10.0,
        max_idle_readers: int = 8,
    ) -> None:
        if not isinstance(database, Database):
            database = Database(
                database, busy_timeout=busy_timeout, max_idle_readers=max_idle_readers
            )
        self._db = database
        #: The database file, for tools and tests that read it directly.
        self.path = database.path

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close every connection; later calls raise StoreUnavailable. Idempotent."""
        self._db.close()

    def __enter__(self) -> SQLiteRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_health(self) -> None:
        with self._db.read() as conn:
            data_version(conn)

    def warm_up(self) -> None:
        """Nothing to prepare: every read goes to the file."""

    def data_version(self) -> int:
        with self._db.read() as conn:
            return data_version(conn)

    def local_reads(self) -> bool:
        return True

    # -- nodes -------------------------------------------------------------------------------

    def get_nodes(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
        with self._db.read() as conn:
            return nodes.get(conn, kind, ids)

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        with self._db.read() as conn:
            return nodes.existing_ids(conn, kind, ids)

    def create_node(self, node: Node) -> None:
        with self._db.write() as conn:
            nodes.create(conn, node)
            if isinstance(node, Deal):
                deals.record_change(conn, node.id, None, node.stage, datetime.now(UTC))

    def update_node(self, node: Node) -> None:
        with self._db.write() as conn:
            before = deals.stored_stage(conn, node.id) if isinstance(node, Deal) else None
            nodes.update(conn, node)
            if isinstance(node, Deal):
                deals.record_change(conn, node.id, before, node.stage, datetime.now(UTC))

    def delete_node(self, kind: NodeType, id: str) -> None:
        with self._db.write() as conn:
            nodes.delete(conn, kind, id)

    # -- relationship writes ---------------------------------------------------------------------

    def connect(self, connection: Connection) -> None:
        with self._db.write() as conn:
            relationships.connect(conn, connection)

    def disconnect(self, a: str, b: str) -> None:
        with self._db.write() as conn:
            relationships.disconnect(conn, a, b)

    def record_interaction(self, interaction: Interaction) -> None:
        with self._db.write() as conn:
            relationships.record_interaction(conn, interaction)

    def delete_interaction(self, id: str) -> None:
        with self._db.write() as conn:
            relationships.delete_interaction(conn, id)

    def set_employment(self, employment: Employment) -> None:
        with self._db.write() as conn:
            relationships.set_employment(conn, employment)

    def remove_employment(self, person_id: str, company_id: str) -> None:
        with self._db.write() as conn:
            relationships.remove(conn, "employment", "company", person_id, company_id)

    def set_membership(self, membership: Membership) -> None:
        with self._db.write() as conn:
            relationships.set_membership(conn, membership)

    def remove_membership(self, person_id: str, community_id: str) -> None:
        with self._db.write() as conn:
            relationships.remove(conn, "membership", "community", person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> None:
        with self._db.write() as conn:
            relationships.set_advocacy(conn, advocacy)

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        with self._db.write() as conn:
            relationships.remove(conn, "advocacy", "company", person_id, company_id)

    # -- relationship reads ----------------------------------------------------------------

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        with self._db.read() as conn:
            return relationships.employments(conn, person_id, company_id, current_only)

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        with self._db.read() as conn:
            return relationships.memberships(conn, person_id, community_id)

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        with self._db.read() as conn:
            return relationships.advocacies(conn, person_id, company_id)

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        with self._db.read() as conn:
            return nodes.ids_where_in(conn, relationships.ADVOCATES_SELECT, person_ids)

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        """The person's connections, ordered by the other person's id."""
        with self._db.read() as conn:
            return relationships.connections(conn, person_id, limit)

    def interactions(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Interaction]:
        """The person's interactions (either side), most recent first, then by id."""
        with self._db.read() as conn:
            return relationships.interactions(conn, person_id, limit, after)

    def interaction_count(self, person_id: str) -> int:
        with self._db.read() as conn:
            return relationships.interaction_count(conn, person_id)

    def get_interaction(self, id: str) -> Interaction | None:
        with self._db.read() as conn:
            return relationships.get_interaction(conn, id)

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        with self._db.read() as conn:
            return relationships.deals(conn, company_id, owner_id)

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair as asked; unknown people or a == b give empty evidence."""
        with self._db.read() as conn:
            return evidence.link_evidence(conn, pairs)

    # -- deal pages and stage history (see :mod:`.deals`) -----------------------------------

    def deal_page(
        self, filters: DealFilter, order: DealOrder, after: DealKey | None, limit: int
    ) -> list[Deal]:
        with self._db.read() as conn:
            return deals.page(conn, filters, order, after, limit)

    def deal_count(self, filters: DealFilter) -> int:
        with self._db.read() as conn:
            return deals.count(conn, filters)

    def stage_changes(self, deal_id: str) -> list[StageChange]:
        with self._db.read() as conn:
            return deals.changes_of(conn, deal_id)

    def stage_changes_since(self, at: datetime, limit: int) -> list[StageChange]:
        with self._db.read() as conn:
            return deals.changes_since(conn, at, limit)

    # -- the history signals are computed from ---------------------------------------------

    def employment_changes(self, since: date) -> list[Employment]:
        with self._db.read() as conn:
            return signals.employment_changes(conn, since)

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        with self._db.read() as conn:
            return signals.advocacies_of(conn, person_ids)

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        with self._db.read() as conn:
            return signals.connections_of(conn, person_ids)

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        with self._db.read() as conn:
            return signals.interactions_of(conn, person_ids)

    def activity_among(self, person_ids: Collection[str]) -> Activity:
        with self._db.read() as conn:
            return activity.activity_among(conn, person_ids)

    # -- what the embedded store's index is built and patched from -------------------------
    def snapshot_activity(self) -> tuple[int, Activity]:
        """``(data_version, every interaction and KNOWS)`` read in the same snapshot."""
        with self._db.read() as conn:
            return data_version(conn), activity.read_all_activity(conn)

    def snapshot_link_inputs(self) -> tuple[int, LinkInputs]:
        """``(data_version, link inputs)`` read in the same snapshot, so an index built from
        them knows exactly which version it reflects."""
        with self._db.read() as conn:
            return data_version(conn), read_link_inputs(conn)

    def pair_inputs(self, a_id: str, b_id: str) -> PairInputs:
        """One pair's raw tie-strength inputs, each direction in time order."""
        with self._db.read() as conn:
            return evidence.pair_inputs(conn, a_id, b_id)

    def advocacy_weight(self, person_id: str) -> float:
        """The person's strongest advocacy level as a weight (0 if none or unknown)."""
        with self._db.read() as conn:
            return evidence.advocacy_weight(conn, person_id)

    # -- bulk ----------------------------------------------------------------------------------

    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle in one transaction; rows written per frame. A missing
        value keeps the stored one (see :mod:`.importer`)."""
        with self._db.write(foreign_keys=False) as conn:
            tracked = bundle.deals is not None  # stage changes are recorded with the deals
            if tracked:
                deals.snapshot_stages(conn)
            counts = importer.import_bundle(conn, bundle, progress)
            if tracked:
                deals.record_import_changes(conn, datetime.now(UTC))
        self._db.checkpoint()
        return counts

    # -- users and tokens ------------------------------------------------------------------

    def add_user(self, user: User, token_hash: str) -> None:
        with self._db.write(changes_data=False) as conn:
            access.add_user(conn, user, token_hash)

    def get_user(self, email: str) -> User | None:
        with self._db.read() as conn:
            return access.get_user(conn, email)

    def user_by_token(self, token_hash: str) -> User | None:
        # A fresh read transaction: it sees every commit so far, from any process, so a
        # revocation applies to the very next request.
        with self._db.read() as conn:
            return access.user_by_token(conn, token_hash)

    def list_users(self) -> list[User]:
        with self._db.read() as conn:
            return access.list_users(conn)

    def update_user(self, user: User) -> None:
        with self._db.write(changes_data=False) as conn:
            access.update_user(conn, user)

    def set_user_token(self, email: str, token_hash: str) -> None:
        with self._db.write(changes_data=False) as conn:
            access.set_user_token(conn, email, token_hash)

    def revoke_user(self, email: str, at: datetime) -> None:
        with self._db.write(changes_data=False) as conn:
            access.revoke_user(conn, email, at)

    # -- suppressions ------------------------------------------------------------------------

    def suppression_secret(self) -> bytes:
        with self._db.read() as conn:
            found = access.read_secret(conn)
        if found is not None:
            return found
        with self._db.write(changes_data=False) as conn:
            return access.create_secret(conn)

    def add_suppressions(self, keys: Collection[str], at: datetime) -> None:
        with self._db.write(changes_data=False) as conn:
            access.add_suppressions(conn, keys, at)

    def suppressed(self, keys: Collection[str]) -> set[str]:
        with self._db.read() as conn:
            return access.suppressed(conn, keys)

    def suppression_count(self) -> int:
        with self._db.read() as conn:
            return access.suppression_count(conn)

    # -- the audit log -----------------------------------------------------------------------

    def append_audit(self, entry: AuditEntry) -> None:
        with self._db.write(changes_data=False) as conn:
            access.append_audit(conn, entry)

    def audit_entries(self, *, since: datetime | None = None, limit: int = 100) -> list[AuditEntry]:
        with self._db.read() as conn:
            return access.audit_entries(conn, since, limit)

    # -- external ids and identities -----------------------------------------------------------

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        with self._db.read() as conn:
            return identities.external_ids(conn, source, kind, keys)

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        with self._db.write(changes_data=False) as conn:
            identities.record_external_ids(conn, source, kind, mapping)

    def person_identities(self) -> list[PersonIdentity]:
        with self._db.read() as conn:
            return identities.person_identities(conn)

    def company_identities(self) -> list[CompanyIdentity]:
        with self._db.read() as conn:
            return identities.company_identities(conn)

    # -- merging people ------------------------------------------------------------------------

    def merge_people(self, keep_id: str, merge_id: str) -> MergeCounts:
        with self._db.write() as conn:
            return merge.merge_people(conn, keep_id, merge_id)
