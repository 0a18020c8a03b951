"""The storage port: what the service layer needs from a store, split by concern.

Each protocol is small and focused, so a feature that needs new storage adds a protocol of
its own (users and tokens, external ids, models, requests) instead of growing one class.
``Store`` is the union every backend implements today. This module is the port's catalogue
(one protocol per concern, each with its contract module under ``tests/store/contract``),
kept whole on purpose although it is over the usual length.

Implementations (``sqlite``, ``embedded``, ``neo4j``) raise only ``graph.errors`` exceptions
and return only ``graph.model`` / ``graph.queries`` types: no driver type leaks past them.
They receive values the service (``graph.validation``) has already checked and normalised:
a store maps and writes; it checks only what needs its data (existence, duplicates). Every
write is atomic: it either happens whole or raises and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

from ..access.model import AuditEntry, User
from ..activity_query import ActivityCounts, ActivitySubject, LedConnection, TimeWindow
from ..bundle import Bundle, Progress
from ..deal_query import DealFilter, DealKey, DealOrder, StageChange
from ..intro import AskRules, HistoryEntry, IntroFilter, IntroRequest, IntroStatus
from ..intro_outcomes import AskOutcome
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
    NodeT,
    NodeType,
    Person,
)
from ..queries import (
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
from ..search_query import NameQuery, SearchKey
from ..strength import StrengthModel
from ..webhooks.model import DeliveryAttempt, Webhook
from .activity import Activity


class Lifecycle(Protocol):
    def close(self) -> None:
        """Release every connection; idempotent."""

    def check_health(self) -> None:
        """Raise StoreUnavailable unless the store answers right now."""

    def warm_up(self) -> None:
        """Do now what the first query would otherwise wait for (build an index)."""

    def data_version(self) -> int:
        """A number that changes whenever stored data changes (from any writer)."""

    def local_reads(self) -> bool:
        """True when a small indexed read is answered from this machine's own files in
        microseconds and never waits on a network or a lock (SQLite in WAL mode); a caller
        may then make it without a worker thread. The API checks each request's token this
        way, saving a thread hop per request; over a network (Neo4j) it must not."""


class NodeRecords(Protocol):
    def get_nodes(self, kind: type[NodeT], ids: Collection[str]) -> dict[str, NodeT]:
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


class RelationshipWrites(Protocol):
    def connect(self, connection: Connection) -> None:
        """Upsert KNOWS; NotFound if either person is missing."""

    def disconnect(self, a: str, b: str) -> None:
        """NotFound if the two are not connected."""

    def record_interaction(self, interaction: Interaction) -> None:
        """Conflict on a reused id; NotFound on unknown people or community."""

    def delete_interaction(self, id: str) -> None: ...

    def set_employment(self, employment: Employment) -> None: ...

    def remove_employment(self, person_id: str, company_id: str) -> None: ...

    def set_membership(self, membership: Membership) -> None: ...

    def remove_membership(self, person_id: str, community_id: str) -> None: ...

    def set_advocacy(self, advocacy: Advocacy) -> None: ...

    def remove_advocacy(self, person_id: str, company_id: str) -> None: ...


class RelationshipReads(Protocol):
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

    def interactions(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Interaction]:
        """Up to ``limit`` of the person's interactions (either side), most recent first,
        then by id; with ``after`` (an interaction's ``(at, id)``) only those after it in
        that order (keyset pagination: a page costs the same however deep it is)."""

    def interaction_count(self, person_id: str) -> int:
        """How many interactions the person took part in (0 for an unknown person)."""

    def get_interaction(self, id: str) -> Interaction | None: ...

    def deals(
        self, *, company_id: str | None = None, owner_id: str | None = None
    ) -> list[Deal]: ...

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair, in the order asked (pairs need not be linked)."""


class DealReads(Protocol):
    """Deals filtered, ordered and paginated by the store (keyset pagination; see
    ``graph.deal_query``), so a page costs the same on page 1 and page 1,000."""

    def deal_page(
        self, filters: DealFilter, order: DealOrder, after: DealKey | None, limit: int
    ) -> list[Deal]:
        """Up to ``limit`` deals matching ``filters`` in ``order`` (nulls last, then id),
        starting strictly after ``after`` (None: from the first)."""

    def deal_count(self, filters: DealFilter) -> int: ...


class NameSearch(Protocol):
    """Finding people, companies, communities and deals by a piece of their name (or id,
    e-mail, title, domain: ``graph.search_query`` lists what each kind matches on and its
    relevance tiers), in keyset pages: results in :class:`SearchKey` order, starting
    strictly after ``after`` (None: from the first), up to ``limit`` of them, each with its
    key. Matching is case-insensitive (Python's ``str.lower``; Neo4j lower-cases other
    kinds' names with ``toLower``). An empty ``query.text`` matches every row, in name then
    id order, and must not sort the whole table for each page (an index serves it)."""

    def search_people(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Person]]: ...

    def search_companies(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Company]]: ...

    def search_communities(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Community]]: ...

    def search_deals(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Deal]]:
        """Deals whose name or company's name matches, owned as ``query.owners`` says."""

    def search_count(self, kind: NodeType, query: NameQuery) -> int:
        """How many rows of ``kind`` the search matches, across every page."""


class DealHistory(Protocol):
    """Every stage a deal took, written in the same transaction as the deal: a created deal
    gets a change from None, and every write or import that changes its stage one more.
    Deleting a deal deletes its history."""

    def stage_changes(self, deal_id: str) -> list[StageChange]:
        """The deal's changes, oldest first ([] for an unknown deal)."""

    def stage_changes_since(self, at: datetime, limit: int) -> list[StageChange]:
        """Up to ``limit`` changes of any deal at or after ``at``, oldest first (then by
        deal id)."""


class SignalReads(Protocol):
    """The history the signals (``graph.signals``) are computed from, in bulk reads."""

    def employment_changes(self, since: date) -> list[Employment]:
        """Every job of each person who has a job that started or ended on or after
        ``since`` (all of their jobs, so a move can be paired with the job it left), by
        person id and company id."""

    def advocacies_of(self, person_ids: Collection[str]) -> list[Advocacy]:
        """The advocacies of those of ``person_ids`` who have any (one query)."""

    def connections_of(self, person_ids: Collection[str]) -> list[Connection]:
        """Every KNOWS any of ``person_ids`` takes part in, each once (``a < b``)."""

    def interactions_of(self, person_ids: Collection[str]) -> list[Interaction]:
        """Every interaction any of ``person_ids`` takes part in (either side), each once,
        oldest first (then by id)."""


class BulkImport(Protocol):
    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle; rows written per frame.

        A missing value (an absent column, or an empty cell) never erases a stored value:
        the stored one is kept. Atomic on the embedded store; on Neo4j a killed import
        leaves whole batches committed and re-running it completes it.
        """


class GraphQueries(Protocol):
    def introduction_paths(self, query: PathQuery) -> list[RawPath]: ...

    def advocate_density(self, query: DensityQuery) -> DensityResult: ...

    def link_projection(self) -> LinkProjection: ...


class StrengthUpkeep(Protocol):
    """Tie strengths under changing settings and a moving clock (``graph.strength``)."""

    def strengths_as_of(self) -> datetime:
        """The instant the strengths queries use now are measured from."""

    def strength_model(self) -> StrengthModel:
        """The store's strength settings, pinned at :meth:`strengths_as_of`: what anything
        computing strengths from history above the store (``graph.signals``) must use."""

    def check_strengths(self) -> None:
        """StoreUnavailable, naming ``warmgraph relink``, when stored strengths were
        computed with other settings than the store's model."""

    def relink(self, progress: Progress) -> int:
        """Recompute every stored or cached strength with the store's model (idempotent);
        the number of links."""


class UserRecords(Protocol):
    """API users and their tokens. A token is stored only as its hash (``token_hash``, from
    ``graph.access.tokens``); the store never sees the token itself."""

    def add_user(self, user: User, token_hash: str) -> None:
        """Conflict if a user (active or revoked) already has the e-mail."""

    def get_user(self, email: str) -> User | None:
        """The user with that (normalised) e-mail, revoked or not."""

    def user_by_token(self, token_hash: str) -> User | None:
        """The active user whose token hashes to ``token_hash``; None for an unknown or
        revoked one. Read afresh on every call: a revocation applies to the next request."""

    def list_users(self) -> list[User]:
        """Every user, revoked ones included, by e-mail."""

    def update_user(self, user: User) -> None:
        """Replace role, person, team and team_link; NotFound if there is no such user."""

    def set_user_token(self, email: str, token_hash: str) -> None:
        """Replace the user's token (the old one stops working) and make them active again;
        NotFound if there is no such user."""

    def revoke_user(self, email: str, at: datetime) -> None:
        """Forget the user's token and mark them revoked at ``at``; NotFound if absent."""


class Suppressions(Protocol):
    """Keyed hashes of erased people's identifiers (never the clear text), so that no
    import or write brings an erased person back."""

    def suppression_secret(self) -> bytes:
        """This store's random key for those hashes, created on first use (atomically: two
        processes asking at once get the same key)."""

    def add_suppressions(self, keys: Collection[str], at: datetime) -> None:
        """Record the keys; a key already recorded is kept as it was."""

    def suppressed(self, keys: Collection[str]) -> set[str]:
        """Those of ``keys`` that are recorded."""

    def suppression_count(self) -> int:
        """How many keys are recorded (imports skip all hashing while it is 0)."""


class AuditLog(Protocol):
    """An append-only log of writes and erasures: there is no way to change or delete an
    entry through the port."""

    def append_audit(self, entry: AuditEntry) -> None:
        """Append; the store assigns ``seq`` (increasing)."""

    def audit_entries(self, *, since: datetime | None = None, limit: int = 100) -> list[AuditEntry]:
        """The latest ``limit`` entries at or after ``since``, newest first, with ``seq``."""


class ExternalIds(Protocol):
    """Which warmgraph record a source's own id stands for (``linkedin``, ``salesforce``,
    ...), so that importing the same export again updates instead of duplicating. Not graph
    data: recording ids does not change ``data_version``."""

    def external_ids(self, source: str, kind: str, keys: Collection[str]) -> dict[str, str]:
        """``key -> warmgraph id`` for those of ``keys`` recorded for ``source`` and ``kind``
        (``person``, ``company`` or ``deal``)."""

    def record_external_ids(self, source: str, kind: str, mapping: Mapping[str, str]) -> None:
        """Record (or re-point) each ``key -> warmgraph id``; atomic."""


class Identities(Protocol):
    """Everything identity resolution compares, in one bulk read per kind (an import reads
    it once and resolves every row in memory)."""

    def person_identities(self) -> list[PersonIdentity]: ...

    def company_identities(self) -> list[CompanyIdentity]: ...


class PersonMerges(Protocol):
    """Two records of the same human made one (``graph.store.merging`` states the rules every
    backend follows)."""

    def merge_people(self, keep_id: str, merge_id: str) -> MergeCounts:
        """Move everything of ``merge_id`` onto ``keep_id``, then delete ``merge_id``: its
        KNOWS, interactions, jobs, memberships, advocacy, deals it owns, users and external
        ids naming it; ``keep_id`` keeps its own values and takes ``merge_id``'s only where
        its own are empty. One transaction: all of it or nothing. NotFound if either is
        absent; the two ids differ (the service checks)."""


class ActivityReads(Protocol):
    """Activity around some people in one bulk read (deal likelihood's features)."""

    def activity_among(self, person_ids: Collection[str]) -> Activity:
        """Every interaction and KNOWS with at least one end among ``person_ids`` (unknown
        ids are ignored), each once, in no particular order."""


class ExportReads(Protocol):
    """Everything at once, for exports (``graph.export``): whole tables, not pages."""

    def all_nodes(self, kind: type[NodeT]) -> list[NodeT]:
        """Every node of ``kind``, by id."""

    def pair_activity(self) -> PairActivity:
        """Every KNOWS and every interacting pair's count and latest time, in bulk."""


class ActivityPages(Protocol):
    """The activity stream's keyset reads (``graph.activity_query``): per kind of event, the
    newest ``limit`` of a subject's events inside a window, newest first (ties in any
    order: the service cuts a page only above the oldest time each full read reached), so
    a page costs about ``limit`` rows per kind, not the subject's history. An unknown
    subject has no events."""

    def recent_interactions(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[Interaction]:
        """Interactions with either end among the subject's people, each once."""

    def recent_connections(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[LedConnection]:
        """Dated KNOWS touching the subject's people, each once, with the end that is one of
        them (the smaller id when both are); the window bounds their ``since`` day."""

    def recent_jobs(
        self, subject: ActivitySubject, ended: bool, window: TimeWindow, limit: int
    ) -> list[Employment]:
        """The subject's jobs whose start (``ended`` False) or end day is in the window,
        newest first by that day."""

    def activity_counts(self, subject: ActivitySubject, window: TimeWindow) -> ActivityCounts:
        """How many of each the three reads above would yield with no limit."""


class Webhooks(Protocol):
    """Webhook subscriptions and their append-only delivery log (``graph.webhooks``). Not
    graph data: writing either leaves ``data_version`` alone. The secret is stored as given
    (deliveries are signed with it, so it cannot be hashed) and returned only by these
    reads; nothing else in the store shows it."""

    def add_webhook(self, webhook: Webhook) -> None:
        """Conflict if a webhook with the id exists."""

    def list_webhooks(self) -> list[Webhook]:
        """Every webhook, oldest first (ties by id), with its secret."""

    def remove_webhook(self, webhook_id: str) -> None:
        """NotFound if absent. Its delivery log stays (it is a log)."""

    def append_deliveries(self, attempts: Sequence[DeliveryAttempt]) -> None:
        """Append, in order, in one transaction; the store assigns ``seq`` (increasing)."""

    def deliveries(
        self, *, webhook_id: str | None = None, limit: int = 100
    ) -> list[DeliveryAttempt]:
        """The latest ``limit`` log lines (of ``webhook_id`` alone if given), newest first,
        with ``seq``."""


class IntroRequests(Protocol):
    """Introduction requests (``graph.intro``), not graph data (their writes leave the data
    version alone). Every write is one transaction; the checks it makes read what no
    concurrent write can change before it commits, so of two racing writes only one can
    pass them."""

    def create_intro_request(self, request: IntroRequest, rules: AskRules) -> None:
        """Store ``request`` (status REQUESTED, its first history entry) after checking,
        in the same transaction: DuplicateAsk if a request of ``request.team`` for the same
        target blocks it (``AskRules``); OverCapacity if the connector has as many asks as
        their capacity (their own, else ``rules.default_capacity``); Conflict on a reused
        id. Nothing is written when any check fails."""

    def transition_intro_request(
        self,
        id: str,
        expected: IntroStatus,
        entry: HistoryEntry,
        *,
        deal_id: str | None = None,
        meeting_at: datetime | None = None,
        response_note: str | None = None,
    ) -> IntroRequest:
        """Compare-and-set: if the request is still ``expected``, move it to
        ``entry.status``, append ``entry`` to its history (unless the status stays the
        same) and set the given fields (None: unchanged); the request as stored after.
        StaleStatus if it is no longer ``expected`` (another write won), NotFound if
        absent."""

    def expire_intro_requests(self, before: datetime, at: datetime, by: str) -> list[IntroRequest]:
        """Move every REQUESTED request made before ``before`` to EXPIRED (history entry at
        ``at`` by ``by``), in one transaction; those requests as stored after, by id."""

    def get_intro_requests(self, ids: Collection[str]) -> dict[str, IntroRequest]:
        """The requests among ``ids`` that exist, by id."""

    def intro_request_page(
        self, filters: IntroFilter, after: tuple[datetime, str] | None, limit: int
    ) -> list[IntroRequest]:
        """Up to ``limit`` requests matching ``filters``, newest first (then by id),
        strictly after ``after`` (a request's ``(created_at, id)``; None: from the first)."""

    def ask_outcomes(self) -> list[AskOutcome]:
        """Every request as evidence (``graph.intro.outcome_of``), oldest first."""

    def intro_version(self) -> int:
        """How many history entries all requests hold: it grows with every request made and
        every step taken (requests are not graph data, so ``data_version`` does not move),
        so what is computed from :meth:`ask_outcomes` can be cached until it changes."""

    def set_intro_capacity(self, person_id: str, capacity: int | None) -> None:
        """Set how many open asks the person takes as a connector (None: the default)."""

    def intro_capacity(self, person_id: str) -> int | None:
        """The person's own capacity, None when they never set one."""


class Store(
    Lifecycle,
    NodeRecords,
    RelationshipWrites,
    RelationshipReads,
    DealReads,
    DealHistory,
    NameSearch,
    SignalReads,
    BulkImport,
    GraphQueries,
    StrengthUpkeep,
    UserRecords,
    Suppressions,
    AuditLog,
    ExternalIds,
    Identities,
    PersonMerges,
    ActivityReads,
    ExportReads,
    ActivityPages,
    Webhooks,
    IntroRequests,
    Protocol,
):
    """Everything a backend implements today: the union of the focused protocols."""
