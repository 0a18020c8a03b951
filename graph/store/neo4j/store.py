"""``Neo4jStore``: the ``Store`` protocol on a Neo4j 5 server (Community or cluster).

Transactions and consistency
----------------------------
Reads run in ``session.execute_read`` and writes in ``session.execute_write``: managed
transactions the driver retries on transient failures (and routes to a reader or the
leader with a ``neo4j://`` URI). Every session shares one bookmark manager, so a read sees
every write this store instance made before it, on any cluster member.

Every write transaction starts by bumping ``(:Meta {key: 'warmgraph'}).dataVersion``. That
takes the Meta node's write lock first, which serialises all writers (of every process using
the database) the way SQLite's write lock does: the existence checks a write makes, and the
LINK strengths it recomputes from the stored inputs, cannot race with another writer. A write
either commits whole (its change, the LINKs and advocacy it affects, the new version) or
raises and changes nothing. Reads never wait for writers.

No driver type leaves this module: errors are mapped by :mod:`.errors` at the boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar, cast

from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationMinimumSeverity

from ...bundle import Bundle, Progress
from ...errors import BadInput, Conflict, NotFound, StoreUnavailable
from ...model import (
    NODE_KIND_NAMES,
    Advocacy,
    AdvocacyLevel,
    Community,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    Employment,
    Interaction,
    InteractionKind,
    LinkEvidence,
    Membership,
    Node,
    NodeType,
    Person,
)
from ...queries import DensityQuery, DensityResult, LinkProjection, PathQuery, RawPath
from ...strength import StrengthModel
from ..linkinputs import PairInputs
from . import cypher, links, values
from .errors import translated
from .schema import ensure_schema

N = TypeVar("N", Person, Company, Community, Deal)
T = TypeVar("T")

#: Ids per UNWIND look-up.
ID_BATCH = 10_000

_LABEL: dict[type, str] = {
    Person: "Person",
    Company: "Company",
    Community: "Community",
    Deal: "Deal",
}


def _label(kind: object) -> str:
    try:
        return _LABEL[cast(type, kind)]
    except (KeyError, TypeError):
        raise BadInput(f"not a node kind: {kind!r}") from None


def _str_ids(ids: Collection[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if isinstance(i, str)))


class Neo4jStore:
    """The ``Store`` protocol on Neo4j; see the module docstring for the guarantees.

    ``driver`` is owned by the store from now on (``close`` closes it); ``database`` None
    means the user's home database. Construction creates the schema if missing.
    """

    def __init__(
        self,
        driver: Driver,
        database: str | None = None,
        model: StrengthModel | None = None,
        *,
        owns_driver: bool = True,
    ) -> None:
        self._driver = driver
        self._owns_driver = owns_driver
        self.database = database
        self.model = model or StrengthModel()
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._closed = False
        ensure_schema(driver, database)

    # -- plumbing ----------------------------------------------------------------------------

    def _session(self) -> Any:
        if self._closed:
            raise StoreUnavailable("the store is closed")
        return self._driver.session(
            database=self.database,
            bookmark_manager=self._bookmarks,
            notifications_min_severity=NotificationMinimumSeverity.OFF,
        )

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with translated(), self._session() as session:
            return cast(T, session.execute_read(work))

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """``work`` in one write transaction that first bumps data_version."""

        def run(tx: ManagedTransaction) -> T:
            tx.run(cypher.BUMP_VERSION, key=cypher.META_KEY).consume()
            return work(tx)

        with translated(), self._session() as session:
            return cast(T, session.execute_write(run))

    def run_read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of one read query (a ``cypher`` constant), in one read transaction."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return tx.run(query, params).data()

        return self._read(work)

    @staticmethod
    def _exists(tx: ManagedTransaction, label: str, id: str) -> bool:
        record = tx.run(cypher.EXISTS[label], id=id).single(strict=True)
        return bool(record["found"])

    def _need(self, tx: ManagedTransaction, label: str, id: str) -> None:
        if not self._exists(tx, label, id):
            raise NotFound(label.lower(), id)

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the driver (when it is ours); later calls raise StoreUnavailable. Idempotent."""
        if not self._closed:
            self._closed = True
            if self._owns_driver:
                with translated():
                    self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_health(self) -> None:
        self.run_read(cypher.HEALTH)

    def warm_up(self) -> None:
        """Nothing to build: queries fetch what they need from the server."""

    def data_version(self) -> int:
        rows = self.run_read(cypher.DATA_VERSION, key=cypher.META_KEY)
        return int(rows[0]["version"])

    def import_status(self) -> dict[str, Any]:
        """``{"importing": bool, "started": iso text or None}``: True while an import runs,
        or after one was killed part-way (until the next import completes)."""
        rows = self.run_read(cypher.IMPORT_STATUS, key=cypher.META_KEY)
        return {"importing": bool(rows[0]["importing"]), "started": rows[0]["started"]}

    # -- nodes -----------------------------------------------------------------------------------

    def get_nodes(self, kind: type[N], ids: Collection[str]) -> dict[str, N]:
        label = _label(kind)
        wanted = _str_ids(ids)
        query = cypher.GET_NODES[label]

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            rows: list[dict[str, Any]] = []
            for start in range(0, len(wanted), ID_BATCH):
                rows.extend(tx.run(query, ids=wanted[start : start + ID_BATCH]).data())
            return rows

        out: dict[str, Any] = {}
        for row in self._read(work) if wanted else []:
            props = row["props"]
            node: Node
            if label == "Person":
                node = values.person(props)
            elif label == "Company":
                node = values.company(props)
            elif label == "Community":
                node = values.community(props)
            else:
                node = values.deal(props, row["company"], row["owner"])
            out[node.id] = node
        return out

    def existing_ids(self, kind: NodeType, ids: Collection[str]) -> set[str]:
        label = _label(kind)
        wanted = _str_ids(ids)
        query = cypher.EXISTING_IDS[label]

        def work(tx: ManagedTransaction) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(wanted), ID_BATCH):
                found.update(r["id"] for r in tx.run(query, ids=wanted[start : start + ID_BATCH]))
            return found

        return self._read(work) if wanted else set()

    def create_node(self, node: Node) -> None:
        label = _label(type(node))
        values.check_id(node.id)
        props, company, owner = self._node_props(node)

        def work(tx: ManagedTransaction) -> None:
            if self._exists(tx, label, node.id):
                raise Conflict(
                    f"a {NODE_KIND_NAMES[type(node)]} with id {node.id!r} already exists"
                )
            self._put_node(tx, label, props, company, owner, create=True)

        self._write(work)

    def update_node(self, node: Node) -> None:
        label = _label(type(node))
        values.check_id(node.id)
        props, company, owner = self._node_props(node)

        def work(tx: ManagedTransaction) -> None:
            if not self._exists(tx, label, node.id):
                raise NotFound(NODE_KIND_NAMES[type(node)], node.id)
            self._put_node(tx, label, props, company, owner, create=False)

        self._write(work)

    @staticmethod
    def _node_props(node: Node) -> tuple[dict[str, Any], str | None, str | None]:
        if isinstance(node, Person):
            return values.person_props(node), None, None
        if isinstance(node, Company):
            return values.company_props(node), None, None
        if isinstance(node, Community):
            return values.community_props(node), None, None
        company = values.check_id(node.company_id, "company_id")
        owner = None if node.owner_id is None else values.check_id(node.owner_id, "owner_id")
        return values.deal_props(node), company, owner

    def _put_node(
        self,
        tx: ManagedTransaction,
        label: str,
        props: dict[str, Any],
        company: str | None,
        owner: str | None,
        *,
        create: bool,
    ) -> None:
        if label == "Person":
            tx.run(cypher.CREATE_PERSON if create else cypher.UPDATE_PERSON, props=props).consume()
        elif label == "Deal":
            assert company is not None
            self._need(tx, "Company", company)
            if owner is not None:
                self._need(tx, "Person", owner)
            tx.run(cypher.PUT_DEAL, props=props, company=company, owner=owner).consume()
        else:
            query = cypher.CREATE_NODE[label] if create else cypher.UPDATE_NODE[label]
            tx.run(query, props=props).consume()

    def delete_node(self, kind: NodeType, id: str) -> None:
        label = _label(kind)
        name = NODE_KIND_NAMES[cast(type, kind)]
        if not isinstance(id, str):
            raise NotFound(name, str(id))

        def work(tx: ManagedTransaction) -> None:
            if label == "Person":
                found = tx.run(cypher.PERSON_PARTNERS, id=id).single()
                if found is None:
                    raise NotFound(name, id)
                # Every pair of theirs disappears with them (LINKs go by DETACH): no other
                # pair's inputs change, since an interaction joins exactly two people.
                tx.run(cypher.DELETE_PERSON, id=id).consume()
            elif label == "Company":
                found = tx.run(cypher.COMPANY_ADVOCATES, id=id).single()
                if found is None:
                    raise NotFound(name, id)
                tx.run(cypher.DELETE_COMPANY, id=id).consume()
                links.refresh_advocacy(tx, found["advocates"])
            else:
                deleted = tx.run(cypher.DELETE_NODE[label], id=id).single(strict=True)
                if deleted["deleted"] == 0:
                    raise NotFound(name, id)

        self._write(work)

    def search_people(self, text: str, limit: int) -> list[Person]:
        if not isinstance(text, str):
            raise BadInput("search text must be a string")
        needle = text.lower()
        if limit <= 0 or values.SEARCH_SEP in needle:
            return []
        rows = self.run_read(
            cypher.SEARCH_PEOPLE,
            n=needle,
            exact=needle + values.SEARCH_SEP,
            sep=values.SEARCH_SEP,
            limit=int(limit),
        )
        return [values.person(r["props"]) for r in rows]

    # -- relationships -----------------------------------------------------------------------------

    def connect(self, connection: Connection) -> None:
        a = values.check_id(connection.a, "person id")
        b = values.check_id(connection.b, "person id")
        if a == b:
            raise BadInput(f"a person cannot be connected to themself ({a!r})")
        origin = values.enum(ConnectionOrigin, connection.origin, "connection origin").value
        since = values.date_text(connection.since, "since")
        if b < a:
            a, b = b, a

        def work(tx: ManagedTransaction) -> None:
            self._need(tx, "Person", a)
            self._need(tx, "Person", b)
            tx.run(cypher.CONNECT, a=a, b=b, since=since, origin=origin).consume()
            links.refresh_links(tx, self.model, [(a, b)])

        self._write(work)

    def disconnect(self, a: str, b: str) -> None:
        values.check_id(a, "person id")
        values.check_id(b, "person id")
        if a == b:
            raise BadInput(f"a person cannot be connected to themself ({a!r})")
        if b < a:
            a, b = b, a

        def work(tx: ManagedTransaction) -> None:
            self._need(tx, "Person", a)
            self._need(tx, "Person", b)
            deleted = tx.run(cypher.DISCONNECT, a=a, b=b).single(strict=True)
            if deleted["deleted"] == 0:
                raise NotFound("connection", f"{a}--{b}")
            links.refresh_links(tx, self.model, [(a, b)])

        self._write(work)

    def record_interaction(self, interaction: Interaction) -> None:
        i = interaction
        values.check_id(i.id, "interaction id")
        values.check_id(i.actor_id, "actor id")
        values.check_id(i.recipient_id, "recipient id")
        if i.actor_id == i.recipient_id:
            raise BadInput(f"an interaction needs two different people ({i.actor_id!r})")
        kind = values.enum(InteractionKind, i.kind, "interaction kind").value
        at = values.epoch_seconds(i.at)
        if i.community_id is not None:
            values.check_id(i.community_id, "community id")

        def work(tx: ManagedTransaction) -> None:
            if self._exists(tx, "Interaction", i.id):
                raise Conflict(f"an interaction with id {i.id!r} already exists")
            self._need(tx, "Person", i.actor_id)
            self._need(tx, "Person", i.recipient_id)
            if i.community_id is not None:
                self._need(tx, "Community", i.community_id)
            tx.run(
                cypher.RECORD_INTERACTION,
                id=i.id,
                kind=kind,
                at=at,
                actor=i.actor_id,
                recipient=i.recipient_id,
                community=i.community_id,
            ).consume()
            links.refresh_links(tx, self.model, [(i.actor_id, i.recipient_id)])

        self._write(work)

    def delete_interaction(self, id: str) -> None:
        if not isinstance(id, str):
            raise NotFound("interaction", str(id))

        def work(tx: ManagedTransaction) -> None:
            row = tx.run(cypher.DELETE_INTERACTION, id=id).single()
            if row is None:
                raise NotFound("interaction", id)
            links.refresh_links(tx, self.model, [(row["actor"], row["recipient"])])

        self._write(work)

    def set_employment(self, employment: Employment) -> None:
        e = employment
        values.check_id(e.person_id, "person id")
        values.check_id(e.company_id, "company id")
        params = {
            "person": e.person_id,
            "other": e.company_id,
            "title": values.opt_text(e.title, "title"),
            "start": values.date_text(e.start, "start"),
            "end": values.date_text(e.end, "end"),
        }
        self._set_rel(cypher.SET_EMPLOYMENT, "Company", params)

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self._remove("WORKS_AT", "employment", "Company", person_id, company_id)

    def set_membership(self, membership: Membership) -> None:
        m = membership
        values.check_id(m.person_id, "person id")
        values.check_id(m.community_id, "community id")
        params = {
            "person": m.person_id,
            "other": m.community_id,
            "role": values.opt_text(m.role, "role"),
            "since": values.date_text(m.since, "since"),
        }
        self._set_rel(cypher.SET_MEMBERSHIP, "Community", params)

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self._remove("MEMBER_OF", "membership", "Community", person_id, community_id)

    def set_advocacy(self, advocacy: Advocacy) -> None:
        a = advocacy
        values.check_id(a.person_id, "person id")
        values.check_id(a.company_id, "company id")
        params = {
            "person": a.person_id,
            "other": a.company_id,
            "level": values.enum(AdvocacyLevel, a.level, "advocacy level").value,
            "since": values.date_text(a.since, "since"),
        }
        self._set_rel(cypher.SET_ADVOCACY, "Company", params, advocacy=True)

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self._remove("ADVOCATES_FOR", "advocacy", "Company", person_id, company_id)

    def _set_rel(
        self, query: str, other: str, params: dict[str, Any], *, advocacy: bool = False
    ) -> None:
        def work(tx: ManagedTransaction) -> None:
            self._need(tx, "Person", params["person"])
            self._need(tx, other, params["other"])
            tx.run(query, params).consume()
            if advocacy:
                links.refresh_advocacy(tx, [params["person"]])

        self._write(work)

    def _remove(self, rel: str, name: str, other: str, person_id: str, other_id: str) -> None:
        """Delete a person's relationship to a company/community; NotFound if any is absent."""
        if not isinstance(person_id, str):
            raise NotFound("person", str(person_id))
        if not isinstance(other_id, str):
            raise NotFound(other.lower(), str(other_id))

        def work(tx: ManagedTransaction) -> None:
            self._need(tx, "Person", person_id)
            self._need(tx, other, other_id)
            row = tx.run(cypher.REMOVE_REL[rel], person=person_id, other=other_id).single()
            if row is None or row["deleted"] == 0:
                raise NotFound(name, f"{person_id}->{other_id}")
            if rel == "ADVOCATES_FOR":
                links.refresh_advocacy(tx, [person_id])

        self._write(work)

    # -- relationship reads ------------------------------------------------------------------

    def employments(
        self,
        *,
        person_id: str | None = None,
        company_id: str | None = None,
        current_only: bool = False,
    ) -> list[Employment]:
        if person_id is not None:
            query = cypher.EMPLOYMENTS_OF_PERSON
        elif company_id is not None:
            query = cypher.EMPLOYMENTS_AT_COMPANY
        else:
            query = cypher.EMPLOYMENTS
        rows = self.run_read(query, person=person_id, other=company_id, current=bool(current_only))
        return [
            Employment(
                r["person"],
                r["other"],
                r["title"],
                values.to_date(r["start"]),
                values.to_date(r["end"]),
            )
            for r in rows
        ]

    def memberships(
        self, *, person_id: str | None = None, community_id: str | None = None
    ) -> list[Membership]:
        rows = self.run_read(cypher.MEMBERSHIPS, person=person_id, other=community_id)
        return [
            Membership(r["person"], r["other"], r["role"], values.to_date(r["since"])) for r in rows
        ]

    def advocacies(
        self, *, person_id: str | None = None, company_id: str | None = None
    ) -> list[Advocacy]:
        rows = self.run_read(cypher.ADVOCACIES, person=person_id, other=company_id)
        return [
            Advocacy(r["person"], r["other"], AdvocacyLevel(r["level"]), values.to_date(r["since"]))
            for r in rows
        ]

    def advocates_among(self, person_ids: Collection[str]) -> set[str]:
        rows = self.run_read(cypher.ADVOCATING_PEOPLE, ids=_str_ids(person_ids))
        return {r["id"] for r in rows}

    def connections(self, person_id: str, limit: int) -> list[Connection]:
        """The person's connections, ordered by the other person's id."""
        if limit <= 0 or not isinstance(person_id, str):
            return []
        rows = self.run_read(cypher.CONNECTIONS, id=person_id, limit=int(limit))
        return [
            Connection(
                r["me"], r["other"], values.to_date(r["since"]), ConnectionOrigin(r["origin"])
            )
            for r in rows
        ]

    def interactions(self, person_id: str, limit: int) -> list[Interaction]:
        """The person's interactions (either side), most recent first, then by id."""
        if limit <= 0 or not isinstance(person_id, str):
            return []
        rows = self.run_read(cypher.INTERACTIONS_OF, id=person_id, limit=int(limit))
        return [values.interaction(r) for r in rows]

    def get_interaction(self, id: str) -> Interaction | None:
        if not isinstance(id, str):
            return None
        rows = self.run_read(cypher.GET_INTERACTION, id=id)
        return values.interaction(rows[0]) if rows else None

    def deals(self, *, company_id: str | None = None, owner_id: str | None = None) -> list[Deal]:
        rows = self.run_read(cypher.DEALS, company=company_id, owner=owner_id)
        return [values.deal(r["props"], r["company"], r["owner"]) for r in rows]

    def link_evidence(self, pairs: Sequence[tuple[str, str]]) -> list[LinkEvidence]:
        """Evidence for each pair as asked; unknown people or a == b give empty evidence."""
        asked = [
            [a, b] if isinstance(a, str) and isinstance(b, str) else ["", ""] for a, b in pairs
        ]
        rows = self.run_read(cypher.LINK_EVIDENCE, pairs=asked) if asked else []
        by_index = {r["idx"]: r for r in rows}
        out: list[LinkEvidence] = []
        for idx, (a, b) in enumerate(pairs):
            row = by_index.get(idx)
            if row is None:
                out.append(LinkEvidence(a=a, b=b, connected=False))
                continue
            counts: dict[InteractionKind, int] = {}
            last: float | None = None
            for kind, when in (*row["ab"], *row["ba"]):
                k = InteractionKind(kind)
                counts[k] = counts.get(k, 0) + 1
                last = when if last is None else max(last, when)
            connected = row["origin"] is not None
            out.append(
                LinkEvidence(
                    a=a,
                    b=b,
                    connected=connected,
                    connected_since=values.to_date(row["since"]),
                    origin=ConnectionOrigin(row["origin"]) if connected else None,
                    counts={k: counts[k] for k in InteractionKind if k in counts},
                    last_interaction_at=values.utc(last),
                    a_to_b=len(row["ab"]),
                    b_to_a=len(row["ba"]),
                )
            )
        return out

    def pair_inputs(self, a_id: str, b_id: str) -> PairInputs:
        """One pair's raw tie-strength inputs, each direction in time order."""
        if not (isinstance(a_id, str) and isinstance(b_id, str)) or a_id == b_id:
            return PairInputs(False, (), (), (), ())
        rows = self.run_read(cypher.PAIR_INPUTS, pairs=[[a_id, b_id]])
        if not rows:
            return PairInputs(False, (), (), (), ())
        row = rows[0]
        ab = sorted(row["ab"], key=lambda x: x[1])
        ba = sorted(row["ba"], key=lambda x: x[1])
        return PairInputs(
            bool(row["connected"]),
            tuple(k for k, _ in ab),
            tuple(float(t) for _, t in ab),
            tuple(k for k, _ in ba),
            tuple(float(t) for _, t in ba),
        )

    def advocacy_weight(self, person_id: str) -> float:
        """The person's strongest advocacy level as a weight (0 if none or unknown)."""
        if not isinstance(person_id, str):
            return 0.0
        rows = self.run_read(cypher.ADVOCACY_WEIGHT, id=person_id)
        return float(rows[0]["advocacy"] or 0.0) if rows else 0.0

    def is_do_not_contact(self, person_id: str) -> bool:
        """True if the person asked not to be contacted; NotFound if unknown."""
        rows = (
            self.run_read(cypher.DO_NOT_CONTACT, id=person_id) if isinstance(person_id, str) else []
        )
        if not rows:
            raise NotFound("person", str(person_id))
        return bool(rows[0]["dnc"])

    def links(self) -> dict[tuple[str, str], float]:
        """Every stored LINK as ``{(smaller id, larger id): strength}`` (tests, diagnostics)."""
        rows = self.run_read(cypher.LINKS)
        return {(r["a"], r["b"]): float(r["strength"]) for r in rows}

    # -- bulk -------------------------------------------------------------------------------

    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        """Upsert a validated bundle in batches; see :mod:`.importer` for the guarantees."""
        from .importer import import_bundle

        if self._closed:
            raise StoreUnavailable("the store is closed")
        with translated():
            return import_bundle(self, bundle, progress)

    # -- queries (graph.store.neo4j.traversal) ----------------------------------------------

    def introduction_paths(self, query: PathQuery) -> list[RawPath]:
        from . import traversal

        return traversal.introduction_paths(self, query)

    def advocate_density(self, query: DensityQuery) -> DensityResult:
        from . import traversal

        return traversal.advocate_density(self, query)

    def link_projection(self) -> LinkProjection:
        from . import traversal

        return traversal.link_projection(self)
