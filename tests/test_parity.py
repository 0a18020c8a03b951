"""One generated bundle in both stores gives the same answers to the three questions."""

from __future__ import annotations

import csv
import random

import pytest

from graph.errors import WarmgraphError
from graph.model import PathRanking
from graph.service import WarmgraphService
from loaders.generate import generate_bundle
from loaders.load import load_directory
from tests.conftest import open_test_store

pytestmark = pytest.mark.neo4j

REL = 1e-9


def ids_in(path) -> list[str]:
    with open(path, newline="") as f:
        return [row["id"] for row in csv.DictReader(f)]


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("parity")
    generate_bundle(directory, 600, seed=11)
    return directory


@pytest.fixture
def services(bundle_dir, tmp_path, strength_model, request):
    embedded = open_test_store("embedded", request, tmp_path / "e.db", strength_model)
    neo = open_test_store("neo4j", request, None, strength_model)
    for store in (embedded, neo):
        load_directory(store, bundle_dir)
    yield WarmgraphService(embedded), WarmgraphService(neo)
    embedded.close()
    neo.close()


def ask_both(embedded, neo, method, *args, **kwargs):
    """Both answers, or the same refusal from both."""
    try:
        expected = getattr(embedded, method)(*args, **kwargs)
    except WarmgraphError as exc:
        with pytest.raises(type(exc)):
            getattr(neo, method)(*args, **kwargs)
        return None, None
    return expected, getattr(neo, method)(*args, **kwargs)


def assert_same_paths(a, b):
    assert [[p.id for p in x.people] for x in a] == [[p.id for p in y.people] for y in b]
    for x, y in zip(a, b, strict=True):
        assert x.strength == pytest.approx(y.strength, rel=REL)
        for lx, ly in zip(x.links, y.links, strict=True):
            assert lx.strength == pytest.approx(ly.strength, rel=REL)
            assert lx.evidence == ly.evidence
        assert [p.id for p in x.advocates] == [p.id for p in y.advocates]


def test_introduction_paths_agree(services, bundle_dir):
    embedded, neo = services
    people = ids_in(bundle_dir / "people.csv")
    companies = ids_in(bundle_dir / "companies.csv")
    reps = [p for p in people if p.startswith("rep-")]
    rng = random.Random(5)
    found = 0
    for _ in range(25):
        source = rng.choice(reps)
        targets = [{"to_id": rng.choice(people)}, {"to_company_id": rng.choice(companies)}]
        for target in targets:
            for hops in (2, 3, 4):
                for rank_by in PathRanking:
                    a, b = ask_both(
                        embedded,
                        neo,
                        "introduction_paths",
                        source,
                        max_hops=hops,
                        limit=5,
                        rank_by=rank_by,
                        **target,
                    )
                    if a is not None:
                        assert_same_paths(a, b)
                        found += len(a)
    assert found > 200  # the comparison covered real answers, not only empty lists


def test_influence_agrees(services, bundle_dir):
    embedded, neo = services
    for person in ids_in(bundle_dir / "people.csv"):
        a, b = embedded.influence(person), neo.influence(person)
        assert (a.rank, a.degree) == (b.rank, b.degree)
        assert a.pagerank == pytest.approx(b.pagerank, rel=REL)
        assert a.score == pytest.approx(b.score, rel=REL)
    for community in ids_in(bundle_dir / "communities.csv")[:5]:
        a = embedded.top_influencers(20, community_id=community)
        b = neo.top_influencers(20, community_id=community)
        assert [(s.person.id, s.rank) for s in a] == [(s.person.id, s.rank) for s in b]


def test_advocate_density_agrees(services, bundle_dir):
    embedded, neo = services
    people = ids_in(bundle_dir / "people.csv")
    companies = ids_in(bundle_dir / "companies.csv")
    communities = ids_in(bundle_dir / "communities.csv")
    asks = [{"company_id": c, "hops": h} for c in companies[:15] for h in (1, 2)]
    asks += [{"community_id": c, "hops": 2} for c in communities[:5]]
    asks += [{"person_id": p, "hops": 3} for p in people[::60]]
    asks += [{"company_id": c, "for_company_id": companies[0]} for c in companies[1:8]]
    for ask in asks:
        a, b = ask_both(embedded, neo, "advocate_density", **ask)
        if a is None:
            continue
        assert (a.reachable, a.advocates) == (b.reachable, b.advocates), ask
        assert a.density == pytest.approx(b.density, rel=REL)
        assert [(r.advocate.id, r.distance, r.seed.id) for r in a.nearest] == [
            (r.advocate.id, r.distance, r.seed.id) for r in b.nearest
        ], ask


def test_strongest_shortest_path_agrees(services, bundle_dir):
    """``HOPS, limit 1`` to a person takes Neo4j's shortest-path search, not the kernel."""
    embedded, neo = services
    people = ids_in(bundle_dir / "people.csv")
    reps = [p for p in people if p.startswith("rep-")]
    rng = random.Random(6)
    found = 0
    for _ in range(40):
        source, target = rng.choice(reps + people), rng.choice(people)
        for hops in (1, 2, 3, 4):
            a, b = ask_both(
                embedded,
                neo,
                "introduction_paths",
                source,
                to_id=target,
                max_hops=hops,
                limit=1,
                rank_by=PathRanking.HOPS,
            )
            if a is not None:
                assert_same_paths(a, b)
                found += len(a)
    assert found > 40
