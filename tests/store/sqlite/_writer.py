"""A writer process for tests/store/test_durability.py (run as a script, then SIGKILLed).

    python _writer.py stream DB        create people, connections and interactions forever,
                                       printing "<kind> <id>" after each write returned
    python _writer.py import DB N      import a bundle built around N people, printing
                                       "progress <stage> <done> <total>" and finally "done"

Every line is flushed as soon as it is printed, so a line the test has read is a write the
store acknowledged.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from graph.bundle import Bundle
from graph.model import Connection, Interaction, InteractionKind, Person
from graph.store.sqlite import SQLiteRecords

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def stream(path: str) -> None:
    store = SQLiteRecords(path)
    say("ready")
    i = 0
    while True:
        pid = f"s{i:06d}"
        store.create_node(Person(pid, f"Streamed {i}", tags=("stream",)))
        say(f"person {pid}")
        if i:
            prev = f"s{i - 1:06d}"
            store.connect(Connection(prev, pid))
            say(f"connection {prev} {pid}")
            iid = f"x{i:06d}"
            store.record_interaction(
                Interaction(iid, InteractionKind.MESSAGE, T0 + timedelta(seconds=i), prev, pid)
            )
            say(f"interaction {iid}")
        i += 1


def big_bundle(n: int, name: str = "After") -> Bundle:
    """~16n rows: n people, 5n connections, 10n interactions (ids overlap earlier imports)."""
    rng = np.random.default_rng(11)
    pid = np.array([f"{i:07d}" for i in range(n)], dtype=object)
    people = pd.DataFrame(
        {
            "id": pid,
            "name": np.array([f"{name} {i}" for i in range(n)], dtype=object),
            "email": None,
            "title": "Engineer",
            "location": None,
            "linkedin": None,
            "twitter": None,
            "do_not_contact": False,
            "tags": "[]",
        }
    )
    a = rng.integers(0, n, 6 * n)
    b = rng.integers(0, n, 6 * n)
    keep = a != b
    pairs = np.unique(np.stack([np.minimum(a, b)[keep], np.maximum(a, b)[keep]], 1), axis=0)
    pairs = pairs[: 5 * n]
    connections = pd.DataFrame(
        {"a": pid[pairs[:, 0]], "b": pid[pairs[:, 1]], "since": "2021-01-01", "origin": "email"}
    )
    m = 10 * n
    actor = rng.integers(0, n, m)
    recipient = (actor + rng.integers(1, n, m)) % n
    kinds = np.array([k.value for k in InteractionKind], dtype=object)
    interactions = pd.DataFrame(
        {
            "id": np.array([f"b{i:08d}" for i in range(m)], dtype=object),
            "kind": kinds[rng.integers(0, len(kinds), m)],
            "at": 1.7e9 + rng.random(m) * 1e7,
            "actor_id": pid[actor],
            "recipient_id": pid[recipient],
            "community_id": None,
        }
    )
    return Bundle(people=people, connections=connections, interactions=interactions)


def import_(path: str, n: int) -> None:
    store = SQLiteRecords(path)
    bundle = big_bundle(n)
    say("ready")
    store.import_bundle(
        bundle, lambda stage, done, total=None: say(f"progress {stage} {done} {total}")
    )
    say("done")
    store.close()


if __name__ == "__main__":
    mode, db = sys.argv[1], sys.argv[2]
    if mode == "stream":
        stream(db)
    elif mode == "import":
        import_(db, int(sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
