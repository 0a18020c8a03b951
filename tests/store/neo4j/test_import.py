"""Neo4jStore's batched import: the LINKs it derives equal the embedded store's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graph.bundle import Bundle, no_progress
from graph.errors import NotFound
from graph.model import PathRanking, Person
from graph.queries import DensityQuery, PathQuery
from graph.store.embedded import EmbeddedStore
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j.session import Session
from tests.store.bundles import people_frame, small_bundle
from tests.store.neo4j.reads import advocacy_weight, graph_counts, importing, stored_links
from tests.store.world import MODEL, seed

pytestmark = pytest.mark.neo4j


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
        """What the contract's import test cannot see: derived advocacy, the import flag,
        and LINKs equal to the embedded store's."""
        bundle = small_bundle()
        records.import_bundle(bundle, no_progress)
        assert advocacy_weight(db, "000001") == 1.0
        assert not importing(db)
        assert_same_links(stored_links(db), embedded_links(tmp_path, bundle))

    def test_import_twice_is_idempotent(self, records: Neo4jStore, db: Session) -> None:
        bundle = small_bundle()
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
        seeded.import_bundle(small_bundle(name="Old"), no_progress)
        changed = small_bundle(name="New")
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
            seed(embedded)
            embedded.import_bundle(small_bundle(name="Old"), no_progress)
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

        before = graph_counts(db)
        version = seeded.data_version()
        bundle = Bundle(
            people=people_frame(["new1"]),
            connections=pd.DataFrame(
                {"a": ["alice"], "b": ["ghost"], "since": [None], "origin": ["email"]}
            ),
        )
        with pytest.raises(NotFound) as err:
            seeded.import_bundle(bundle, no_progress)
        assert (err.value.kind, err.value.id) == ("person", "ghost")
        assert graph_counts(db) == before
        assert seeded.data_version() == version


class TestQueriesOnImportedData:
    """The three queries (``traversal``) over the store's LINKs give the embedded answers."""

    def test_queries_match_embedded(self, records: Neo4jStore, tmp_path: Path, db: Session) -> None:

        bundle = small_bundle()
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
