"""The fast reads deal likelihood's features come from, against a reference.

SQLite finds the rows touching the asked people either through its indexes (few people) or
by one scan filtered in numpy (many); the embedded store cuts them from everyone's activity,
read once per data version. Every way must give exactly the rows a brute-force pass over the
whole file keeps (and ``SignalReads``, which share the indexed selection, the same rows as
model objects), and the embedded store must never answer from a read older than the last
write. Real SQLite files; the planted world of ``planted.py``
with some KNOWS (dated and undated) added.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import graph.store.embedded.store as embedded_store
import graph.store.sqlite.activity as sqlite_activity
from graph.likelihood.features import describe
from graph.likelihood.scoring import trainable
from graph.model import (
    Company,
    Connection,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Person,
)
from graph.store.activity import Activity, date_epoch
from graph.store.embedded import EmbeddedStore
from graph.store.sqlite import SQLiteRecords
from graph.store.sqlite.schema import KIND_BY_CODE
from graph.strength import StrengthModel
from tests.likelihood.planted import NOW, REPS, plant


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "w.db"
    with EmbeddedStore(path, StrengthModel(now=NOW)) as store:
        plant(store, closed=80, open_=20)
        store.connect(Connection("c0000-p0", "c0001-p0", date(2022, 3, 4)))
        store.connect(Connection("c0000-p1", "rep0"))
        store.connect(Connection("c0002-p2", "c0003-p3", date(2024, 1, 31)))
    return path


@pytest.fixture
def records(db: Path) -> Iterator[SQLiteRecords]:
    store = SQLiteRecords(db)
    yield store
    store.close()


def as_rows(activity: Activity) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    inter = zip(activity.actor, activity.recipient, activity.kind, activity.at, strict=True)
    knows = zip(activity.conn_a, activity.conn_b, activity.conn_since, strict=True)
    return (
        sorted((str(a), str(b), str(k), float(t)) for a, b, k, t in inter),
        sorted((str(a), str(b), None if s != s else float(s)) for a, b, s in knows),
    )


def reference(db: Path, people: list[str]) -> tuple[list[tuple[Any, ...]], ...]:
    """Brute force: every row of the file, kept when an end is among ``people``."""
    asked = set(people)
    kinds = {code: kind.value for code, kind in KIND_BY_CODE.items()}
    with closing(sqlite3.connect(db)) as conn:
        inter = conn.execute(
            "SELECT a.id, b.id, i.kind, i.at FROM interaction i "
            "JOIN person a ON a.pk = i.actor_pk JOIN person b ON b.pk = i.recipient_pk"
        ).fetchall()
        knows = conn.execute(
            "SELECT a.id, b.id, c.since FROM connection c "
            "JOIN person a ON a.pk = c.a_pk JOIN person b ON b.pk = c.b_pk"
        ).fetchall()
    return (
        sorted((a, b, kinds[k], float(t)) for a, b, k, t in inter if {a, b} & asked),
        sorted(
            (min(a, b), max(a, b), None if s is None else date_epoch(date.fromisoformat(s)))
            for a, b, s in knows
            if {a, b} & asked
        ),
    )


def signal_rows(store: Any, people: list[str]) -> tuple[list[tuple[Any, ...]], ...]:
    """The same rows through ``SignalReads`` (model objects, one per row)."""
    inter = sorted(
        (i.actor_id, i.recipient_id, i.kind.value, i.at.timestamp())
        for i in store.interactions_of(people)
    )
    knows = sorted(
        (c.a, c.b, None if c.since is None else date_epoch(c.since))
        for c in store.connections_of(people)
    )
    return inter, knows


ASKED = [
    ["rep0"],
    ["c0000-p0", "c0000-p1", "nobody"],
    ["c0002-p2", "c0003-p3"],
    [*REPS, *(f"c{k:04d}-p{j}" for k in range(0, 100, 3) for j in range(4))],
    [],
    ["nobody"],
]


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["scan", "indexes"])
@pytest.mark.parametrize("people", ASKED, ids=range(len(ASKED)))
def test_sqlite_both_ways_give_exactly_the_rows_touching_the_people(
    db: Path,
    records: SQLiteRecords,
    monkeypatch: pytest.MonkeyPatch,
    share: float,
    people: list[str],
) -> None:
    monkeypatch.setattr(sqlite_activity, "SCAN_SHARE", share)
    found = as_rows(records.activity_among(people))
    assert found == reference(db, people)
    assert signal_rows(records, people) == found  # the signals read the same rows
    if people and people != ["nobody"]:
        assert found[0], "the planted world has interactions for these people"


def test_the_dated_and_undated_knows_keep_their_since(records: SQLiteRecords) -> None:
    _, knows = as_rows(records.activity_among(["c0000-p0", "c0000-p1"]))
    assert ("c0000-p0", "c0001-p0", date_epoch(date(2022, 3, 4))) in knows
    assert ("c0000-p1", "rep0", None) in knows


def test_a_cut_of_everything_is_the_same_as_the_read(db: Path, records: SQLiteRecords) -> None:
    _, everything = records.snapshot_activity()
    for people in ASKED:
        assert as_rows(everything.among(people)) == reference(db, people)


def test_the_embedded_store_never_answers_from_before_a_write(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_store, "KEEP_ACTIVITY_MIN", 1)  # always keep
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    with EmbeddedStore(copy, StrengthModel(now=NOW)) as store:
        asked = ["rep1", "c0005-p1"]
        assert as_rows(store.activity_among(asked)) == reference(copy, asked)
        store.create_node(Person("x-9", "Newcomer"))
        new = Interaction("fresh", InteractionKind.CALL, NOW - timedelta(days=1), "rep1", "x-9")
        store.record_interaction(new)
        elsewhere = Interaction("other", InteractionKind.EMAIL, NOW, "x-9", "c0001-p1")
        store.record_interaction(elsewhere)
        store.connect(Connection("c0005-p1", "c0009-p3", date(2025, 5, 5)))
        after = as_rows(store.activity_among(asked))
        assert after == reference(copy, asked)
        assert ("rep1", "x-9", "call", new.at.timestamp()) in after[0]
        assert ("c0005-p1", "c0009-p3", date_epoch(date(2025, 5, 5))) in after[1]
        # nobody asked about the newcomer's other rows: they must not leak in
        assert all("rep1" in (a, b) or "c0005-p1" in (a, b) for a, b, *_ in after[0])


def test_features_are_the_same_from_the_kept_activity_and_from_sqlite(
    db: Path, records: SQLiteRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_store, "KEEP_ACTIVITY_MIN", 1)
    with EmbeddedStore(db, StrengthModel(now=NOW)) as store:
        deals = store.deals()
        for chosen in (trainable(deals), [d for d in deals if d.outcome.value == "open"]):
            kept = describe(store, chosen, NOW)
            read = describe(records, chosen, NOW)
            assert kept.deal_ids == read.deal_ids and len(kept.deal_ids) == len(chosen)
            np.testing.assert_allclose(kept.raw, read.raw, rtol=1e-12, atol=1e-12)


def test_a_cutoff_a_thousand_half_lives_from_the_latest_interaction_is_still_exact(
    tmp_path: Path,
) -> None:
    """Decay is computed once per interaction and scaled per cutoff; a cutoff so far from
    the latest interaction that the scale overflows must still give the formula's value."""
    model = StrengthModel(now=NOW)
    with EmbeddedStore(tmp_path / "old.db", model) as store:
        store.create_node(Company("old", "Old Co"))
        for pid in ("rep", "buyer", "late"):
            store.create_node(Person(pid, pid))
        store.set_employment(Employment("buyer", "old", "Clerk", date(1000, 1, 1)))
        long_ago = datetime(1000, 6, 1, tzinfo=UTC)
        store.record_interaction(
            Interaction("i-old", InteractionKind.MEETING, long_ago, "rep", "buyer")
        )
        # the latest interaction is today's: the close date is ~4,000 half-lives before it
        store.record_interaction(Interaction("i-now", InteractionKind.EMAIL, NOW, "rep", "late"))
        deal = Deal("d", "old", "old", "rep", DealStage.CLOSED_WON, 1.0, None, date(1001, 1, 1))
        store.create_node(deal)
        table = describe(store, [deal], NOW)
    owner_tie = table.row("d")["owner_tie"]
    days = (datetime(1001, 1, 1, tzinfo=UTC) - long_ago).days
    mass = model.channel_weights[InteractionKind.MEETING] * 2.0 ** (-days / model.half_life_days)
    expected = float(model.pair_strength(False, mass, 0.0))
    assert np.isfinite(table.raw).all()
    assert owner_tie == pytest.approx(expected, rel=1e-12) and owner_tie > 0
