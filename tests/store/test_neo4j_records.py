"""Neo4jStore against a real (disposable) Neo4j 5.26 server.

``TestNeo4jRecordsContract`` runs the protocol contract of ``test_sqlite_records`` unchanged;
the other classes check what only the Neo4j store promises: the derived LINK graph and
advocacy, the schema, data_version, error mapping and the batched import.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from neo4j import Driver, GraphDatabase

import tests.store.test_sqlite_records as contract
from graph.bundle import Bundle, no_progress
from graph.config import Neo4jSettings
from graph.errors import Conflict, NotFound, StoreUnavailable
from graph.model import (
    Advocacy,
    AdvocacyLevel,
    Company,
    Connection,
    ConnectionOrigin,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.embedded import EmbeddedStore
from graph.store.linkinputs import PairInputs
from graph.store.neo4j import Neo4jStore, connect, cypher
from graph.store.neo4j.session import Session
from graph.strength import StrengthModel, pair_strength
from tests.neo4j_server import DisposableNeo4j

NOW = datetime(2026, 11, 1, tzinfo=UTC)
MODEL = StrengthModel(now=NOW)

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="needs a Java runtime")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[DisposableNeo4j]:
    with DisposableNeo4j() as server:
        yield server


def _driver(server: DisposableNeo4j) -> Driver:
    return GraphDatabase.driver(server.uri, auth=server.auth_tuple)


def _wipe(server: DisposableNeo4j) -> None:
    with _driver(server) as driver, driver.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def records(neo4j_server: DisposableNeo4j) -> Iterator[Neo4jStore]:
    _wipe(neo4j_server)
    store = Neo4jStore(_driver(neo4j_server), model=MODEL)
    yield store
    store.close()


@pytest.fixture
def seeded(records: Neo4jStore) -> Neo4jStore:
    contract.seed(records)
    return records


@pytest.fixture
def db(neo4j_server: DisposableNeo4j) -> Iterator[Session]:
    """Cypher straight on the test database, for what the protocols do not show."""
    session = Session(_driver(neo4j_server), None, owns_driver=True)
    yield session
    session.close()


SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type RETURN *"
LINKS = "MATCH (a:Person)-[l:LINK]->(b:Person) RETURN a.id AS a, b.id AS b, l.strength AS strength"
ADVOCACY = "MATCH (p:Person {id: $id}) RETURN p.advocacy AS advocacy"
IMPORTING = "MATCH (m:Meta {key: $key}) RETURN m.importing AS importing"


def count(db: Session, query: str) -> Any:
    (row,) = db.query(query)
    return next(iter(row.values()))


def graph_counts(db: Session) -> dict[str, int]:
    """Nodes per label and relationships per type (Meta excluded)."""
    nodes = db.query(
        "MATCH (n) WHERE NOT n:Meta RETURN labels(n)[0] AS k, count(*) AS n ORDER BY k"
    )
    rels = db.query("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n ORDER BY k")
    return {r["k"]: r["n"] for r in [*nodes, *rels]}


def stored_links(db: Session) -> dict[tuple[str, str], float]:
    """Every stored LINK as ``{(smaller id, larger id): strength}``."""
    return {(r["a"], r["b"]): float(r["strength"]) for r in db.query(LINKS)}


def advocacy_weight(db: Session, person_id: str) -> float:
    rows = db.query(ADVOCACY, id=person_id)
    return float(rows[0]["advocacy"] or 0.0) if rows else 0.0


def pair_inputs(db: Session, a: str, b: str) -> PairInputs:
    """One pair's tie-strength inputs as ``cypher.PAIR_INPUTS`` (what LINKs are computed
    from) reads them, each direction in time order."""
    rows = db.query(cypher.PAIR_INPUTS, pairs=[[a, b]]) if a != b else []
    if not rows:
        return PairInputs(False, (), (), (), ())
    ab = sorted(rows[0]["ab"], key=lambda x: x[1])
    ba = sorted(rows[0]["ba"], key=lambda x: x[1])
    return PairInputs(
        bool(rows[0]["connected"]),
        tuple(k for k, _ in ab),
        tuple(float(t) for _, t in ab),
        tuple(k for k, _ in ba),
        tuple(float(t) for _, t in ba),
    )


# -- the protocol contract, unchanged ----------------------------------------------------------


class TestNeo4jRecordsContract(contract.TestRecordsContract):
    pass


# -- derived data ------------------------------------------------------------------------------


def expected_strength(
    connected: bool,
    ab: list[tuple[InteractionKind, datetime]],
    ba: list[tuple[InteractionKind, datetime]],
) -> float:
    def mass(side: list[tuple[InteractionKind, datetime]]) -> float:
        if not side:
            return 0.0
        kinds = [k.value for k, _ in side]
        ats = [t.timestamp() for _, t in side]
        return float(np.sum(MODEL.decayed_mass(kinds, ats)))

    return float(pair_strength(connected, mass(ab), mass(ba)))


E, M, C, L, K = (
    InteractionKind.EMAIL,
    InteractionKind.MEETING,
    InteractionKind.CALL,
    InteractionKind.LIKE,
    InteractionKind.COMMENT,
)
at = contract.at


def seed_links() -> dict[tuple[str, str], float]:
    """The LINKs of ``contract.seed``, computed by hand from its connects and interactions."""
    return {
        ("alice", "bob"): expected_strength(True, [(E, at(0)), (E, at(2))], [(M, at(1))]),
        ("alice", "carol"): expected_strength(True, [(C, at(3))], []),
        ("007", "7"): expected_strength(True, [(C, at(6))], []),
        ("bob", "dave"): expected_strength(True, [], []),
        ("alice", "dave"): expected_strength(False, [], [(L, at(4))]),
        ("bob", "erin"): expected_strength(False, [], [(K, at(5))]),
    }


def assert_links(db: Session, expected: dict[tuple[str, str], float]) -> None:
    got = stored_links(db)
    assert set(got) == set(expected)
    for pair, strength in expected.items():
        assert got[pair] == pytest.approx(strength, rel=1e-12), pair


class TestLinks:
    def test_seed_links_match_the_formula(self, seeded: Neo4jStore, db: Session) -> None:
        assert_links(db, seed_links())
        assert count(db, "MATCH ()-[l:LINK]->() RETURN count(l)") == 6
        # stored once, from the smaller id to the larger
        assert count(db, "MATCH (a)-[:LINK]->(b) WHERE a.id > b.id RETURN count(*)") == 0

    def test_connect_disconnect_and_interactions_move_links(
        self, seeded: Neo4jStore, db: Session
    ) -> None:
        expected = seed_links()
        seeded.disconnect("bob", "dave")  # no interactions left: the link goes
        del expected[("bob", "dave")]
        assert_links(db, expected)
        seeded.disconnect("alice", "bob")  # interactions keep it, weaker
        expected[("alice", "bob")] = expected_strength(
            False, [(E, at(0)), (E, at(2))], [(M, at(1))]
        )
        assert_links(db, expected)
        seeded.connect(Connection("erin", "bob"))  # erin -> bob: bob < erin
        expected[("bob", "erin")] = expected_strength(True, [], [(K, at(5))])
        assert_links(db, expected)
        seeded.record_interaction(Interaction("n1", M, at(7), "7", "007"))
        expected[("007", "7")] = expected_strength(True, [(C, at(6))], [(M, at(7))])
        assert_links(db, expected)
        seeded.record_interaction(Interaction("n2", E, at(8), "carol", "erin"))
        expected[("carol", "erin")] = expected_strength(False, [(E, at(8))], [])
        assert_links(db, expected)
        seeded.delete_interaction("i5")  # alice--dave had only that
        del expected[("alice", "dave")]
        seeded.delete_interaction("i2")
        expected[("alice", "bob")] = expected_strength(False, [(E, at(0)), (E, at(2))], [])
        assert_links(db, expected)

    def test_links_equal_the_stores_own_pair_inputs(self, seeded: Neo4jStore, db: Session) -> None:
        for (a, b), strength in stored_links(db).items():
            inputs = pair_inputs(db, a, b)
            mass_ab = float(np.sum(MODEL.decayed_mass(inputs.kinds_ab, inputs.at_ab)))
            mass_ba = float(np.sum(MODEL.decayed_mass(inputs.kinds_ba, inputs.at_ba)))
            assert strength == pytest.approx(
                float(pair_strength(inputs.connected, mass_ab, mass_ba)), rel=1e-12
            )

    def test_deleting_a_person_removes_their_links(self, seeded: Neo4jStore, db: Session) -> None:
        seeded.delete_node(Person, "alice")
        expected = {p: s for p, s in seed_links().items() if "alice" not in p}
        assert_links(db, expected)
        assert count(db, "MATCH (i:Interaction) RETURN count(i)") == 2  # i6, 007

    def test_failed_write_leaves_links_alone(self, seeded: Neo4jStore, db: Session) -> None:
        version = seeded.data_version()
        with pytest.raises(Conflict):
            seeded.record_interaction(Interaction("i1", M, at(9), "alice", "erin"))
        assert_links(db, seed_links())
        assert seeded.data_version() == version

    def test_pair_inputs(self, seeded: Neo4jStore, db: Session) -> None:
        inputs = pair_inputs(db, "bob", "alice")
        assert inputs.connected
        assert inputs.kinds_ab == ("meeting",) and inputs.kinds_ba == ("email", "email")
        assert inputs.at_ba == (at(0).timestamp(), at(2).timestamp())
        assert pair_inputs(db, "alice", "zed") == pair_inputs(db, "alice", "alice")
        assert not pair_inputs(db, "alice", "erin").connected

    def test_advocacy_weight_is_maintained(self, seeded: Neo4jStore, db: Session) -> None:
        assert advocacy_weight(db, "alice") == 1.0
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)
        assert advocacy_weight(db, "bob") == 0.0
        assert advocacy_weight(db, "zed") == 0.0
        seeded.remove_advocacy("alice", "acme")
        assert advocacy_weight(db, "alice") == pytest.approx(1 / 3)
        seeded.set_advocacy(Advocacy("bob", "globex", AdvocacyLevel.REFERENCE))
        assert advocacy_weight(db, "bob") == pytest.approx(2 / 3)
        seeded.delete_node(Company, "globex")
        assert advocacy_weight(db, "alice") == 0.0
        assert advocacy_weight(db, "bob") == 0.0
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)
        # a property update keeps the derived advocacy
        seeded.update_node(Person("dave", "Dave"))
        assert advocacy_weight(db, "dave") == pytest.approx(2 / 3)


# -- schema, versions, errors --------------------------------------------------------------------


class TestNeo4jSpecifics:
    def test_constraints_exist(
        self, records: Neo4jStore, db: Session, neo4j_server: DisposableNeo4j
    ) -> None:
        rows = db.query(SHOW_CONSTRAINTS)
        unique = {
            (r["labelsOrTypes"][0], tuple(r["properties"]))
            for r in rows
            if r["type"] == "UNIQUENESS"
        }
        for label in ("Person", "Company", "Community", "Deal", "Interaction"):
            assert (label, ("id",)) in unique
        # construction is idempotent
        Neo4jStore(_driver(neo4j_server), model=MODEL).close()
        assert len(db.query(SHOW_CONSTRAINTS)) == len(rows)

    def test_data_version_moves_on_every_write(
        self, records: Neo4jStore, neo4j_server: DisposableNeo4j
    ) -> None:
        v0 = records.data_version()
        records.create_node(Person("a", "A"))
        records.create_node(Person("b", "B"))
        records.connect(Connection("a", "b"))
        assert records.data_version() == v0 + 3
        records.get_nodes(Person, ["a"])
        records.link_evidence([("a", "b")])
        assert records.data_version() == v0 + 3
        with pytest.raises(NotFound):
            records.disconnect("a", "zed")
        assert records.data_version() == v0 + 3  # a failed write rolls back the bump too
        # another store (another process) sees the same counter
        other = Neo4jStore(_driver(neo4j_server), model=MODEL)
        try:
            other.delete_node(Person, "b")
            assert records.data_version() == v0 + 4
        finally:
            other.close()
        records.import_bundle(Bundle(people=contract.people_frame(["c"])), no_progress)
        assert records.data_version() > v0 + 4

    def test_constraint_error_is_conflict(self, seeded: Neo4jStore, db: Session) -> None:
        # bypass the store's own check: the uniqueness constraint answers, mapped to Conflict
        with pytest.raises(Conflict):
            db.write(
                lambda tx: tx.run(
                    cypher.CREATE_NODE["Company"], props={"id": "acme", "name": "Again"}
                ).consume()
            )
        assert seeded.get_nodes(Company, ["acme"])["acme"].name == "Acme Corp"

    def test_unreachable_server_is_unavailable(self) -> None:
        settings = Neo4jSettings(uri="bolt://127.0.0.1:1", password="x")
        with pytest.raises(StoreUnavailable):
            connect(settings)
        driver = GraphDatabase.driver("bolt://127.0.0.1:1", auth=("neo4j", "x"))
        with pytest.raises(StoreUnavailable):
            Neo4jStore(driver)
        driver.close()

    def test_wrong_password_is_unavailable(self, neo4j_server: DisposableNeo4j) -> None:
        with pytest.raises(StoreUnavailable):
            connect(Neo4jSettings(uri=neo4j_server.uri, password="wrong"))

    def test_health_and_closed_store(self, neo4j_server: DisposableNeo4j) -> None:
        store = Neo4jStore(
            connect(Neo4jSettings(uri=neo4j_server.uri, password=neo4j_server.password)),
            model=MODEL,
        )
        store.check_health()
        store.close()
        store.close()
        with pytest.raises(StoreUnavailable):
            store.check_health()
        with pytest.raises(StoreUnavailable):
            store.create_node(Person("x", "X"))


# -- import --------------------------------------------------------------------------------


def embedded_links(tmp_path: Path, bundle: Bundle) -> dict[tuple[str, str], float]:
    store = EmbeddedStore(tmp_path / "embedded.db", MODEL)
    try:
        store.import_bundle(bundle, no_progress)
        proj = store.link_projection()
    finally:
        store.close()
    out: dict[tuple[str, str], float] = {}
    ids = proj.person_ids
    for i, pid in enumerate(ids):
        s, n = int(proj.start[i]), int(proj.length[i])
        for j, w in zip(proj.nbr[s : s + n].tolist(), proj.weight[s : s + n].tolist(), strict=True):
            other = ids[j]
            if pid < other:
                out[(pid, other)] = float(w)
    return out


def assert_same_links(
    got: dict[tuple[str, str], float], want: dict[tuple[str, str], float]
) -> None:
    assert set(got) == set(want)
    for pair, strength in want.items():
        assert got[pair] == pytest.approx(strength, rel=1e-9, abs=0.0), pair


class TestNeo4jImport:
    def test_import_contents_and_links(
        self, records: Neo4jStore, tmp_path: Path, db: Session
    ) -> None:
        bundle = contract.small_bundle()
        seen: list[tuple[str, int, int | None]] = []
        counts = records.import_bundle(bundle, lambda s, d, t=None: seen.append((s, d, t)))
        assert counts == {name: len(frame) for name, frame in bundle.frames()}
        assert ("interactions", 1500, 1500) in seen
        people = records.get_nodes(Person, ["000000", "000003", "0"])
        assert set(people) == {"000000", "000003"}
        assert people["000003"].do_not_contact and people["000000"].tags == ("x", "y")
        assert records.get_nodes(Company, ["c1"])["c1"].employees == 5
        assert len(records.employments(current_only=True)) == 75
        assert advocacy_weight(db, "000001") == 1.0
        assert db.query(IMPORTING, key=cypher.META_KEY) == [{"importing": False}]
        frame = bundle.interactions
        assert frame is not None
        row = frame.iloc[17]
        got = records.get_interaction(row["id"])
        assert got is not None
        assert got.at.timestamp() == pytest.approx(row["at"], abs=1e-6)
        assert_same_links(stored_links(db), embedded_links(tmp_path, bundle))

    def test_import_twice_is_idempotent(self, records: Neo4jStore, db: Session) -> None:
        bundle = contract.small_bundle()
        first = records.import_bundle(bundle, no_progress)
        after_first = graph_counts(db)
        links_first = stored_links(db)
        second = records.import_bundle(bundle, no_progress)
        assert first == second
        assert graph_counts(db) == after_first
        assert stored_links(db) == links_first

    def test_import_into_existing_data_matches_embedded(
        self, seeded: Neo4jStore, tmp_path: Path, db: Session
    ) -> None:
        seeded.import_bundle(contract.small_bundle(name="Old"), no_progress)
        changed = contract.small_bundle(name="New")
        assert changed.interactions is not None
        # move some interactions to other pairs: their old pairs must be recomputed
        moved = changed.interactions.copy()
        moved.loc[:40, "actor_id"] = "000001"
        moved.loc[:40, "recipient_id"] = "000002"
        changed.interactions = moved
        seeded.import_bundle(changed, no_progress)
        assert seeded.get_nodes(Person, ["000005"])["000005"].name == "New 000005"
        assert seeded.get_nodes(Person, ["alice"])["alice"].name == "Alice Liddell"

        embedded = EmbeddedStore(tmp_path / "e.db", MODEL)
        try:
            contract.seed(embedded)
            embedded.import_bundle(contract.small_bundle(name="Old"), no_progress)
            embedded.import_bundle(changed, no_progress)
            proj = embedded.link_projection()
        finally:
            embedded.close()
        want: dict[tuple[str, str], float] = {}
        for i, pid in enumerate(proj.person_ids):
            s, n = int(proj.start[i]), int(proj.length[i])
            for j, w in zip(
                proj.nbr[s : s + n].tolist(), proj.weight[s : s + n].tolist(), strict=True
            ):
                if pid < proj.person_ids[j]:
                    want[(pid, proj.person_ids[j])] = float(w)
        assert_same_links(stored_links(db), want)

    def test_dangling_reference_writes_nothing(self, seeded: Neo4jStore, db: Session) -> None:
        import pandas as pd

        before = graph_counts(db)
        version = seeded.data_version()
        bundle = Bundle(
            people=contract.people_frame(["new1"]),
            connections=pd.DataFrame(
                {"a": ["alice"], "b": ["ghost"], "since": [None], "origin": ["email"]}
            ),
        )
        with pytest.raises(NotFound) as err:
            seeded.import_bundle(bundle, no_progress)
        assert (err.value.kind, err.value.id) == ("person", "ghost")
        assert graph_counts(db) == before
        assert seeded.data_version() == version


class TestImportNeverErases:
    """A missing value (absent column, empty cell) keeps the stored value on re-import."""

    def test_people_alone_keep_employment_and_person_fields(
        self, records: Neo4jStore, db: Session
    ) -> None:
        import pandas as pd

        records.import_bundle(contract.small_bundle(), no_progress)
        before = {(e.person_id, e.company_id): e for e in records.employments()}
        links_before = stored_links(db)
        records.set_employment(Employment("000000", "c1", "Boss", date(2001, 2, 3)))
        records.update_node(
            Person("000000", "Zero", email="zero@x.example", location="Here", tags=("t",))
        )
        # people.csv alone, its company_id column giving employment rows without a start,
        # and no email / location / tags / do_not_contact columns at all
        people = contract.people_frame(["000000", "000001"])[["id", "name", "title"]]
        employment = pd.DataFrame({"person_id": ["000000", "000001"], "company_id": ["c1", "c2"]})
        records.import_bundle(Bundle(people=people, employment=employment), no_progress)
        after = {(e.person_id, e.company_id): e for e in records.employments()}
        assert after[("000000", "c1")] == Employment("000000", "c1", "Boss", date(2001, 2, 3))
        assert after[("000001", "c2")].start == date(2019, 1, 1)
        assert after[("000001", "c2")] == before[("000001", "c2")]
        zero = records.get_nodes(Person, ["000000"])["000000"]
        assert (zero.name, zero.title, zero.email, zero.location, zero.tags) == (
            "N 000000",
            "t",
            "zero@x.example",
            "Here",
            ("t",),
        )
        assert [p.id for p in records.search_people("zero@x", 5)] == ["000000"]
        assert stored_links(db) == links_before
        # empty cells keep the stored values too
        blank = pd.DataFrame(
            {
                "person_id": ["000001"],
                "company_id": ["c2"],
                "title": [None],
                "start": [None],
                "end": [None],
            }
        )
        records.import_bundle(Bundle(employment=blank), no_progress)
        assert records.employments(person_id="000001") == [before[("000001", "c2")]]

    def test_connections_without_since_or_origin_keep_them(
        self, seeded: Neo4jStore, db: Session
    ) -> None:
        import pandas as pd

        links_before = stored_links(db)
        bare = pd.DataFrame({"a": ["alice", "bob"], "b": ["bob", "erin"]})
        seeded.import_bundle(Bundle(connections=bare), no_progress)
        assert seeded.connections("alice", 10)[0] == Connection(
            "alice", "bob", date(2020, 5, 1), ConnectionOrigin.LINKEDIN
        )
        # a new pair gets the defaults, and its LINK
        assert Connection("bob", "erin") in seeded.connections("bob", 10)
        empty = pd.DataFrame({"a": ["alice"], "b": ["bob"], "since": [None], "origin": [None]})
        seeded.import_bundle(Bundle(connections=empty), no_progress)
        assert seeded.connections("alice", 10)[0].since == date(2020, 5, 1)
        links_before[("bob", "erin")] = expected_strength(True, [], [(K, at(5))])
        assert_links(db, links_before)

    def test_fresh_connections_merge_a_pair_given_twice(
        self, records: Neo4jStore, db: Session
    ) -> None:
        import pandas as pd

        records.import_bundle(Bundle(people=contract.people_frame(["a", "b"])), no_progress)
        twice = pd.DataFrame(
            {
                "a": ["a", "b"],
                "b": ["b", "a"],
                "since": ["2020-01-02", None],
                "origin": [None, "crm"],
            }
        )
        records.import_bundle(Bundle(connections=twice), no_progress)
        assert records.connections("a", 10) == [
            Connection("a", "b", date(2020, 1, 2), ConnectionOrigin.CRM)
        ]
        assert count(db, "MATCH ()-[k:KNOWS]->() RETURN count(k)") == 1


class TestReadsClampStoredValues:
    """What an older build stored beyond ``datetime``'s range reads back clamped."""

    def test_out_of_range_times_and_dates(self, seeded: Neo4jStore, db: Session) -> None:
        db.write(
            lambda tx: tx.run(
                "MATCH (i:Interaction {id: 'i1'}) SET i.at = 253402300800.0 "  # year 10000
                "WITH 1 AS x MATCH (i:Interaction {id: 'i2'}) SET i.at = -62135596801.0 "
                "WITH 1 AS x MATCH (:Person {id: 'alice'})-[k:KNOWS]->(:Person {id: 'bob'}) "
                "SET k.since = '10000-01-01'"
            ).consume()
        )
        top = datetime.max.replace(tzinfo=UTC)
        i1 = seeded.get_interaction("i1")
        assert i1 is not None and i1.at == top
        i2 = seeded.get_interaction("i2")
        assert i2 is not None and i2.at == datetime.min.replace(tzinfo=UTC)
        assert seeded.interactions("alice", 10)[0].id == "i1"
        (evidence,) = seeded.link_evidence([("alice", "bob")])
        assert evidence.last_interaction_at == top
        assert evidence.connected_since == date.max
        assert seeded.connections("alice", 10)[0].since == date.max
        seeded.delete_interaction("i1")


class TestQueriesOnImportedData:
    """The three queries (``traversal``) over the store's LINKs give the embedded answers."""

    def test_queries_match_embedded(self, records: Neo4jStore, tmp_path: Path, db: Session) -> None:
        from graph.model import PathRanking
        from graph.queries import DensityQuery, PathQuery

        bundle = contract.small_bundle()
        records.import_bundle(bundle, no_progress)
        embedded = EmbeddedStore(tmp_path / "q.db", MODEL)
        try:
            embedded.import_bundle(bundle, no_progress)
            mine, theirs = records.link_projection(), embedded.link_projection()
            assert mine.person_ids == theirs.person_ids
            np.testing.assert_allclose(mine.advocacy, theirs.advocacy, rtol=1e-12)
            np.testing.assert_array_equal(mine.length, theirs.length)
            (tmp_path / "x").mkdir()
            assert_same_links(stored_links(db), embedded_links(tmp_path / "x", bundle))
            for source, person, company, rank in (
                ("000010", "000200", None, PathRanking.STRENGTH),
                ("000011", None, "c1", PathRanking.HOPS),
                ("000012", None, "007", PathRanking.STRENGTH),
            ):
                query = PathQuery(source, person, company, 3, 20, rank)
                got = records.introduction_paths(query)
                want = embedded.introduction_paths(query)
                assert [p.people for p in got] == [p.people for p in want]
                for g, w in zip(got, want, strict=True):
                    assert g.strength == pytest.approx(w.strength, rel=1e-9)
            for density in (
                DensityQuery("000010", None, None, 2, None, 10),
                DensityQuery(None, "c1", None, 1, "c1", 5),
                DensityQuery(None, None, "g1", 2, None, 10),
            ):
                assert records.advocate_density(density) == embedded.advocate_density(density)
        finally:
            embedded.close()
