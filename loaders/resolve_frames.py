"""The import bundle a resolved batch becomes, in the frame shapes of :mod:`graph.bundle`.

Only what the import adds is in it: new people and companies, and values filled on existing
ones (a matched record with nothing new is not written again). Links name resolved ids;
one that names a key the batch does not define is a problem (a parser bug, reported, never
guessed), and one that resolves to the same person at both ends (the owner's own address
among the recipients, say) is dropped and counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from graph.bundle import FRAME_COLUMNS, Bundle

from .sources.records import SourceBatch

if TYPE_CHECKING:
    from .resolve import Resolution

#: Why a link was dropped, as counted in ``Resolution.skipped``.
SELF_LINK = "links to oneself after merging"


def _frame(name: str, rows: Sequence[Mapping[str, object]]) -> pd.DataFrame | None:
    if not rows:
        return None
    columns = FRAME_COLUMNS[name]
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in columns})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def build_bundle(batch: SourceBatch, out: Resolution) -> Bundle:
    from .resolve import safe_id

    def person(key: str, what: str) -> str | None:
        found = out.person_ids.get(key)
        if found is None:
            out.problems.append(f"{what}: unknown person key {key!r}")
        return found

    people = [{"id": r.id, "name": r.values.get("name"), **r.given} for r in out.people]
    companies = [{"id": r.id, "name": r.values.get("name"), **r.given} for r in out.companies]

    jobs: dict[tuple[str, str], dict[str, object]] = {}
    for row in batch.people:
        pid, cid = out.person_ids.get(row.key), out.company_ids.get(row.company or "")
        if pid is not None and cid is not None and (pid, cid) not in jobs:
            jobs[(pid, cid)] = {"person_id": pid, "company_id": cid, "title": row.title}

    connections: dict[tuple[str, str], dict[str, object]] = {}
    for c in batch.connections:
        a, b = person(c.a, "connection"), person(c.b, "connection")
        if a is None or b is None:
            continue
        if a == b:
            out.skipped[SELF_LINK] += 1
            continue
        pair = (min(a, b), max(a, b))
        if pair not in connections:
            connections[pair] = {
                "a": pair[0],
                "b": pair[1],
                "since": _iso(c.since),
                "origin": c.origin.value,
            }

    interactions: dict[str, dict[str, object]] = {}
    for i in batch.interactions:
        actor, recipient = person(i.actor, "interaction"), person(i.recipient, "interaction")
        if actor is None or recipient is None:
            continue
        if actor == recipient:
            out.skipped[SELF_LINK] += 1
            continue
        iid = safe_id(f"{batch.source}:{i.key}")
        interactions.setdefault(
            iid,
            {
                "id": iid,
                "kind": i.kind.value,
                "at": i.at.timestamp(),
                "actor_id": actor,
                "recipient_id": recipient,
            },
        )

    deals = []
    for d in batch.deals:
        company = out.company_ids.get(d.company)
        if company is None:
            out.problems.append(f"deal {d.key!r}: unknown company key {d.company!r}")
            continue
        deals.append(
            {
                "id": out.deal_ids[d.key],
                "name": d.name,
                "company_id": company,
                "owner_id": person(d.owner, "deal owner") if d.owner is not None else None,
                "stage": d.stage.value,
                "amount": d.amount,
                "created_at": _iso(d.created_at),
                "closed_at": _iso(d.closed_at),
            }
        )

    bundle = Bundle(
        people=_frame("people", people),
        companies=_frame("companies", companies),
        connections=_frame("connections", list(connections.values())),
        employment=_frame("employment", list(jobs.values())),
        interactions=_frame("interactions", list(interactions.values())),
        deals=_frame("deals", deals),
    )
    if bundle.deals is not None:
        bundle.deals["amount"] = bundle.deals["amount"].astype("float64")
    if bundle.interactions is not None:
        bundle.interactions["at"] = bundle.interactions["at"].astype("float64")
    return bundle
