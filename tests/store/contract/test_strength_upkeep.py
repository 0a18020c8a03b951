"""``StrengthUpkeep``: the configured strength model decides every store's answers, and a
Neo4j database computed with other settings is refused until ``relink``, which then gives
the embedded store's answers (parity)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.bundle import no_progress
from graph.errors import StoreUnavailable
from graph.model import Connection, Interaction, InteractionKind, PathRanking, Person
from graph.queries import PathQuery
from graph.store.base import StrengthUpkeep
from graph.strength import StrengthModel
from loaders.generate import generate_bundle
from loaders.load import load_directory
from tests.conftest import NOW, backend_params, open_test_store

DEFAULT = StrengthModel(now=NOW)
#: meetings and e-mails trade places
SWAPPED = StrengthModel(
    now=NOW, channel_weights={InteractionKind.MEETING: 0.5, InteractionKind.EMAIL: 1.0}
)


def planted(store: Any) -> None:
    """src reaches dst through ``meet`` (two meetings each way along the path) or through
    ``mail`` (two e-mails each way): which is warmer depends only on the channel weights."""
    for pid in ("src", "meet", "mail", "dst"):
        store.create_node(Person(pid, pid.title()))
    n = 0
    for middle, kind in (("meet", InteractionKind.MEETING), ("mail", InteractionKind.EMAIL)):
        for a, b in (("src", middle), (middle, "dst")):
            store.connect(Connection(a, b))
            for days in (3, 10):
                n += 1
                at = NOW - timedelta(days=days)
                store.record_interaction(Interaction(f"i{n}", kind, at, a, b))


def ranked_middles(store: Any) -> list[str]:
    query = PathQuery("src", "dst", None, 2, 5, PathRanking.STRENGTH)
    return [path.people[1] for path in store.introduction_paths(query)]


def strengths_by_pair(store: Any) -> dict[tuple[str, str], float]:
    projection = store.link_projection()
    ids = projection.person_ids
    found = {}
    for u in range(len(ids)):
        s, n = int(projection.start[u]), int(projection.length[u])
        for v, w in zip(projection.nbr[s : s + n], projection.weight[s : s + n], strict=True):
            found[tuple(sorted((ids[u], ids[int(v)])))] = float(w)
    return found


@pytest.mark.parametrize("kind", backend_params(StrengthUpkeep))
@pytest.mark.parametrize(
    ("model", "expected"), [(DEFAULT, ["meet", "mail"]), (SWAPPED, ["mail", "meet"])]
)
def test_channel_weights_decide_which_path_is_warmer(
    kind: str, model: StrengthModel, expected: list[str], request: Any, tmp_path: Path
) -> None:
    store = open_test_store(kind, request, tmp_path / "w.db", model)
    try:
        planted(store)
        store.check_strengths()  # a store written with its own settings is never stale
        assert ranked_middles(store) == expected
    finally:
        store.close()


@pytest.mark.neo4j
def test_neo4j_refuses_other_settings_until_relinked(request: Any, tmp_path: Path) -> None:
    neo = open_test_store("neo4j", request, None, DEFAULT)
    planted(neo)
    neo.close()
    # the same database, opened with the swapped weights
    neo = open_test_store_again(request, SWAPPED)
    embedded = open_test_store("embedded", request, tmp_path / "e.db", SWAPPED)
    try:
        with pytest.raises(StoreUnavailable, match="warmgraph relink"):
            neo.check_strengths()
        with pytest.raises(StoreUnavailable, match="warmgraph relink"):
            ranked_middles(neo)
        with pytest.raises(StoreUnavailable, match="warmgraph relink"):
            neo.record_interaction(Interaction("x", InteractionKind.CALL, NOW, "src", "dst"))
        assert neo.get_nodes(Person, ["src"])  # records are still readable
        planted(embedded)
        assert neo.relink(no_progress) == 4
        neo.check_strengths()
        assert ranked_middles(neo) == ranked_middles(embedded) == ["mail", "meet"]
        first = strengths_by_pair(neo)
        assert first == pytest.approx(strengths_by_pair(embedded), rel=1e-12)
        assert neo.relink(no_progress) == 4  # idempotent
        assert strengths_by_pair(neo) == first
    finally:
        neo.close()
        embedded.close()
    # and the old settings are now the stale ones
    old = open_test_store_again(request, DEFAULT)
    try:
        with pytest.raises(StoreUnavailable, match="relink"):
            old.check_strengths()
    finally:
        old.close()


@pytest.mark.neo4j
def test_relink_makes_a_generated_graph_match_the_embedded_store(
    request: Any, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, 300, seed=3)
    tuned = StrengthModel(
        now=NOW,
        half_life_days=30,
        reciprocity=0.5,
        saturation=2.0,
        connection_base=0.1,
        channel_weights={InteractionKind.LIKE: 0.6, InteractionKind.MEETING: 0.3},
    )
    neo = open_test_store("neo4j", request, None, DEFAULT)
    load_directory(neo, bundle)
    neo.close()
    neo = open_test_store_again(request, tuned)
    embedded = open_test_store("embedded", request, tmp_path / "e.db", tuned)
    try:
        load_directory(embedded, bundle)
        with open_test_store_again(request, DEFAULT) as default_view:
            before = strengths_by_pair(default_view)
        assert before != pytest.approx(strengths_by_pair(embedded))
        links = neo.relink(no_progress)
        after = strengths_by_pair(neo)
        assert links == len(after)
        assert after.keys() == strengths_by_pair(embedded).keys()
        assert after == pytest.approx(strengths_by_pair(embedded), rel=1e-9)
    finally:
        neo.close()
        embedded.close()


def open_test_store_again(request: Any, model: StrengthModel) -> Any:
    """The Neo4j test database as it is (not emptied), with ``model``."""
    from graph.store.neo4j import Neo4jStore

    driver = request.getfixturevalue("neo4j_driver")
    database = request.getfixturevalue("neo4j_settings").database
    return Neo4jStore(driver, database, model, owns_driver=False)
