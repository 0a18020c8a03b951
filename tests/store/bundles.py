"""Bulk-import bundles for the store tests: every frame kind, ids with leading zeros."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from graph.bundle import Bundle
from graph.model import InteractionKind


def people_frame(ids: list[str], name: str = "N") -> pd.DataFrame:
    n = len(ids)
    return pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": [f"{name} {i}" for i in ids],
            "email": [None] * n,
            "title": ["t"] * n,
            "location": [None] * n,
            "linkedin": [None] * n,
            "twitter": [None] * n,
            "do_not_contact": [False] * n,
            "tags": ['["x", "y"]'] * n,
        }
    )


def small_bundle(n: int = 300, name: str = "N") -> Bundle:
    """Every frame kind; ids with leading zeros; interactions in both directions."""
    rng = np.random.default_rng(7)
    pid = [f"{i:06d}" for i in range(n)]
    people = people_frame(pid, name)
    people.loc[3, "do_not_contact"] = True
    companies = pd.DataFrame(
        {
            "id": ["c1", "c2", "007"],
            "name": ["C1", "C2", "Oh"],
            "domain": [None, "c2.x", None],
            "industry": [None] * 3,
            "employees": pd.array([5, None, 7], dtype="Int64"),
        }
    )
    communities = pd.DataFrame(
        {
            "id": ["g1", "g2"],
            "name": ["G1", "G2"],
            "kind": ["group", "forum"],
            "url": [None, "https://g2"],
        }
    )
    a = rng.integers(0, n, 4 * n)
    b = rng.integers(0, n, 4 * n)
    pairs = sorted({(min(x, y), max(x, y)) for x, y in zip(a, b, strict=True) if x != y})
    connections = pd.DataFrame(
        {
            "a": [pid[x] for x, _ in pairs],
            "b": [pid[y] for _, y in pairs],
            "since": ["2020-01-02"] * len(pairs),
            "origin": ["linkedin"] * len(pairs),
        }
    )
    employment = pd.DataFrame(
        {
            "person_id": pid[: n // 2],
            "company_id": (["c1", "c2", "007"] * n)[: n // 2],
            "title": ["x"] * (n // 2),
            "start": ["2019-01-01"] * (n // 2),
            "end": ([None, "2022-02-02"] * n)[: n // 2],
        }
    )
    memberships = pd.DataFrame(
        {
            "person_id": pid[:10],
            "community_id": ["g1"] * 10,
            "role": [None] * 10,
            "since": [None] * 10,
        }
    )
    advocates = pd.DataFrame(
        {
            "person_id": pid[:3],
            "company_id": ["c1", "c1", "007"],
            "level": ["promoter", "champion", "reference"],
            "since": ["2024-05-05", None, None],
        }
    )
    m = 5 * n
    actors = rng.integers(0, n, m)
    recipients = (actors + rng.integers(1, n, m)) % n
    kinds = [k.value for k in InteractionKind]
    interactions = pd.DataFrame(
        {
            "id": [f"i{i:07d}" for i in range(m)],
            "kind": [kinds[k] for k in rng.integers(0, len(kinds), m)],
            "at": 1.7e9 + rng.random(m) * 1e7,
            "actor_id": [pid[x] for x in actors],
            "recipient_id": [pid[x] for x in recipients],
            "community_id": [("g1" if i % 7 == 0 else None) for i in range(m)],
        }
    )
    deals = pd.DataFrame(
        {
            "id": ["d1", "d2"],
            "name": ["D1", "D2"],
            "company_id": ["c1", "007"],
            "owner_id": [pid[0], None],
            "stage": ["proposal", "closed_won"],
            "amount": [10.5, math.nan],
            "created_at": ["2024-01-01", None],
            "closed_at": [None, "2024-02-02"],
        }
    )
    return Bundle(
        people,
        companies,
        communities,
        connections,
        employment,
        memberships,
        advocates,
        interactions,
        deals,
    )


def people_frame_ids(bundle: Bundle) -> list[str]:
    assert bundle.people is not None
    return [str(i) for i in bundle.people["id"]]
