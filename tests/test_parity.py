"""One generated bundle in both stores gives the same answers to the three questions, also
once some hubs and advocates have asked not to be contacted."""

from __future__ import annotations

import csv
import random
from collections import Counter

import pytest

from graph.errors import WarmgraphError
from graph.model import PathRanking, Person
from graph.queries import PathQuery
from graph.service import WarmgraphService
from loaders.generate import generate_bundle
from loaders.load import load_directory
from tests.conftest import open_test_store

pytestmark = pytest.mark.neo4j

REL = 1e-9


def ids_in(path, column="id") -> list[str]:
    with open(path, newline="") as f:
        return [row[column] for row in csv.DictReader(f)]


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


def mark_do_not_contact(services, bundle_dir) -> set[str]:
    """The ten best-connected people who are not reps, and every other advocate, marked
    doNotContact in both stores: the people most likely to sit on a path or be nearest."""
    degree = Counter(
        ids_in(bundle_dir / "connections.csv", "source_id")
        + ids_in(bundle_dir / "connections.csv", "target_id")
    )
    hubs = [p for p, _ in degree.most_common() if not p.startswith("rep-")][:10]
    advocates = sorted(set(ids_in(bundle_dir / "advocates.csv", "person_id")))[::2]
    advocates = [p for p in advocates if not p.startswith("rep-")]  # reps are path sources
    marked = set(hubs) | set(advocates)
    for service in services:
        for pid in sorted(marked):
            service.update(Person, pid, {"do_not_contact": True})
    return marked


def test_do_not_contact_people_are_left_out_alike(services, bundle_dir):
    embedded, neo = services
    people = ids_in(bundle_dir / "people.csv")
    companies = ids_in(bundle_dir / "companies.csv")
    reps = [p for p in people if p.startswith("rep-")]
    rng = random.Random(7)
    asks = [
        {"to_id": rng.choice(people), "to_company_id": None}
        if k % 2
        else {"to_id": None, "to_company_id": rng.choice(companies)}
        for k in range(40)
    ]
    sources = [rng.choice(reps) for _ in asks]

    def paths(service, source, ask, rank_by):
        query = PathQuery(source, ask["to_id"], ask["to_company_id"], 4, 5, rank_by)
        return [p.people for p in service.store.introduction_paths(query)]

    questions = [(s, ask, r) for s, ask in zip(sources, asks, strict=True) for r in PathRanking]
    before = [paths(embedded, s, ask, r) for s, ask, r in questions]
    marked = mark_do_not_contact(services, bundle_dir)
    # the marking matters: some answer went through, or ended at, a person now marked
    assert any(set(path) & marked for answer in before for path in answer)

    found = 0
    for source, ask, rank_by in questions:
        a, b = paths(embedded, source, ask, rank_by), paths(neo, source, ask, rank_by)
        assert a == b, (source, ask, rank_by)
        assert not any(set(path) & marked for path in a), (source, ask, rank_by)
        found += len(a)
    assert found > 50

    # asked straight about a do-not-contact person, neither store has a path to them
    for pid in sorted(marked):
        for rank_by, limit in ((PathRanking.STRENGTH, 5), (PathRanking.HOPS, 1)):
            query = PathQuery(reps[0], pid, None, 4, limit, rank_by)
            assert embedded.store.introduction_paths(query) == [], pid
            assert neo.store.introduction_paths(query) == [], pid

    # density: a marked advocate next to the seed is counted alike, and listed by neither
    marked_advocates = marked & set(ids_in(bundle_dir / "advocates.csv", "person_id"))
    sides = [ids_in(bundle_dir / "connections.csv", end) for end in ("source_id", "target_id")]
    links = list(zip(*sides, strict=True))
    links += [(b, a) for a, b in links]
    next_to_one = sorted({b for a, b in links if a in marked_advocates} - marked)
    assert next_to_one
    density_asks = [{"person_id": p, "hops": 2, "nearest_limit": 3} for p in next_to_one]
    density_asks += [{"company_id": c, "hops": 2} for c in companies[:15]]
    for ask in density_asks:
        a, b = embedded.advocate_density(**ask), neo.advocate_density(**ask)
        assert (a.reachable, a.advocates) == (b.reachable, b.advocates), ask
        listed = [(r.advocate.id, r.distance, r.seed.id) for r in a.nearest]
        assert listed == [(r.advocate.id, r.distance, r.seed.id) for r in b.nearest], ask
        assert not {advocate for advocate, _, _ in listed} & marked, ask
        if "person_id" in ask:
            assert a.advocates >= 1  # the marked neighbour still counts
