"""Bulk import of a validated bundle into Neo4j: batched ``UNWIND $rows`` MERGE upserts.

What is guaranteed
------------------
Neo4j cannot hold a multi-million-row import in one transaction cheaply, so an import is a
sequence of write transactions of at most ``BATCH`` rows each, and:

* Nothing is written until the whole bundle has been checked here (columns, enum values,
  self-links, finite times, and that every referenced person, company and community is in
  the bundle or already stored). The loader has validated it before that, so a rejected
  bundle never reaches the store at all.
* Each batch is atomic and self-consistent: the rows it writes, the LINKs of every pair
  those rows touch (recomputed from all stored inputs of the pair) and the ``advocacy`` of
  every person whose advocacy it changes commit together, with a data_version bump. (Into
  a graph with no interactions yet, batches of interactions never split a pair, so those
  LINKs are computed from the batch itself: it holds all of their inputs.) The
  derived data therefore matches the stored inputs after *every* commit, not just at the end.
* Every write is an upsert keyed on ids (or on the relationship's two ends), so running the
  same bundle again converges to the same graph: re-running is always safe.
* ``(:Meta).importing`` is set to true (with ``importStartedAt``) by a transaction before
  the first batch and cleared after the last one.

If the process is killed (or the server lost) mid-import, the graph holds exactly the
batches that committed: a prefix of the bundle in frame order (people, companies,
communities, connections, employment, memberships, advocates, interactions, deals), with
consistent LINKs and advocacy, and ``Meta.importing`` still true (``Neo4jStore.import_status``
reports it). Nothing is torn inside a batch. Re-running the same import completes it and
clears the flag. What is *not* guaranteed is all-or-nothing visibility: readers may see a
partly imported bundle while it is loading or after a crash.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from neo4j import ManagedTransaction

from ...bundle import FRAME_COLUMNS, Bundle, Progress
from ...errors import BadInput, NotFound
from ...model import (
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    ConnectionOrigin,
    DealStage,
    InteractionKind,
    Person,
)
from . import cypher, links, values

if TYPE_CHECKING:
    from .store import Neo4jStore

#: Rows per write transaction (and per progress report).
BATCH = 10_000

Row = dict[str, Any]


# -- columns ------------------------------------------------------------------------------------


def _text(frame: pd.DataFrame, column: str) -> list[Any]:
    """A text column as a list of str / None (categoricals and NaN handled)."""
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype) or series.dtype != np.dtype(object):
        series = series.astype(object)
    out: list[Any] = series.where(series.notna(), None).tolist()
    return out


def _required(frame: pd.DataFrame, name: str, column: str) -> list[str]:
    out = _text(frame, column)
    for row, value in enumerate(out):
        if not isinstance(value, str) or not value:
            raise BadInput(f"{name}: row {row + 1} has no {column}")
    return out


def _choice(frame: pd.DataFrame, name: str, column: str, allowed: Sequence[str]) -> list[str]:
    out = _text(frame, column)
    bad = sorted({v for v in out if v not in allowed}, key=repr)
    if bad:
        shown = "nothing" if bad[0] is None else repr(bad[0])
        raise BadInput(f"{name}: {column} is {shown}, not one of {list(allowed)}")
    return out


def _floats(frame: pd.DataFrame, name: str, column: str) -> np.ndarray:
    try:
        return np.asarray(frame[column].astype("float64"), dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{name}: {column} must hold numbers ({exc})") from None


def _ints(frame: pd.DataFrame, name: str, column: str) -> list[int | None]:
    try:
        series = frame[column].astype("Int64")
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{name}: {column} must hold whole numbers ({exc})") from None
    return [None if v is pd.NA else int(v) for v in series.astype(object).tolist()]


def _tags(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        raise BadInput(f"people: tags {value!r} is not a JSON array") from None
    if not isinstance(parsed, list) or not all(isinstance(t, str) for t in parsed):
        raise BadInput(f"people: tags {value!r} is not a JSON array of strings")
    return parsed


def _batches(rows: Sequence[Row], size: int = BATCH) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _last_per_pair(rows: Sequence[Row]) -> list[Row]:
    """Connection rows with one per pair, the last given (what upserting them in order
    leaves), in pair order."""
    last = {(r["a"], r["b"]): r for r in rows}
    return [last[pair] for pair in sorted(last)]


def _pair_key(row: Row) -> tuple[str, str]:
    a, b = row["actor"], row["recipient"]
    return (a, b) if a < b else (b, a)


def _pair_batches(rows: Sequence[Row], size: int = BATCH) -> Iterator[Sequence[Row]]:
    """Batches of about ``size`` interaction rows (sorted by pair) that never split a pair,
    so each batch holds all the interactions of every pair it touches."""
    start = 0
    while start < len(rows):
        end = min(start + size, len(rows))
        while end < len(rows) and _pair_key(rows[end]) == _pair_key(rows[end - 1]):
            end += 1
        yield rows[start:end]
        start = end


# -- preparing (all checks happen here, before anything is written) -------------------------------


class _Plan:
    """Every frame turned into parameter rows, with its references collected."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int, Callable[[], None]]] = []
        self.people: set[str] = set()
        self.companies: set[str] = set()
        self.communities: set[str] = set()
        self.ref_people: set[str] = set()
        self.ref_companies: set[str] = set()
        self.ref_communities: set[str] = set()


def _people_rows(frame: pd.DataFrame) -> list[Row]:
    name = "people"
    ids = _required(frame, name, "id")
    names = _required(frame, name, "name")
    emails, titles = _text(frame, "email"), _text(frame, "title")
    locations, linkedin, twitter = (
        _text(frame, "location"),
        _text(frame, "linkedin"),
        _text(frame, "twitter"),
    )
    dnc = frame["do_not_contact"].fillna(False).astype(bool).tolist()
    tags = _text(frame, "tags")
    return [
        {
            "id": i,
            "name": n,
            "title": t,
            "email": e,
            "location": loc,
            "linkedin": li,
            "twitter": tw,
            "doNotContact": d,
            "tags": _tags(tg),
            "search": values.search_key(i, n, e, t),
        }
        for i, n, e, t, loc, li, tw, d, tg in zip(
            ids, names, emails, titles, locations, linkedin, twitter, dnc, tags, strict=True
        )
    ]


def _companies_rows(frame: pd.DataFrame) -> list[Row]:
    name = "companies"
    return [
        {"id": i, "name": n, "domain": d, "industry": ind, "employees": emp}
        for i, n, d, ind, emp in zip(
            _required(frame, name, "id"),
            _required(frame, name, "name"),
            _text(frame, "domain"),
            _text(frame, "industry"),
            _ints(frame, name, "employees"),
            strict=True,
        )
    ]


def _communities_rows(frame: pd.DataFrame) -> list[Row]:
    name = "communities"
    return [
        {"id": i, "name": n, "kind": k, "url": u}
        for i, n, k, u in zip(
            _required(frame, name, "id"),
            _required(frame, name, "name"),
            _choice(frame, name, "kind", [k.value for k in CommunityKind]),
            _text(frame, "url"),
            strict=True,
        )
    ]


def _connection_rows(frame: pd.DataFrame) -> list[Row]:
    name = "connections"
    rows = []
    for a, b, since, origin in zip(
        _required(frame, name, "a"),
        _required(frame, name, "b"),
        _text(frame, "since"),
        _choice(frame, name, "origin", [o.value for o in ConnectionOrigin]),
        strict=True,
    ):
        if a == b:
            raise BadInput(f"{name}: {a!r} is connected to themself")
        lo, hi = (a, b) if a < b else (b, a)
        rows.append({"a": lo, "b": hi, "since": since, "origin": origin})
    rows.sort(key=lambda r: (r["a"], r["b"]))
    return rows


def _person_to_rows(
    frame: pd.DataFrame,
    name: str,
    other: str,
    extra: Sequence[tuple[str, str, Sequence[str] | None]],
) -> list[Row]:
    persons = _required(frame, name, "person_id")
    others = _required(frame, name, f"{other}_id")
    columns: dict[str, list[Any]] = {"person": persons, "other": others}
    for source, target, allowed in extra:
        columns[target] = (
            _text(frame, source) if allowed is None else _choice(frame, name, source, allowed)
        )
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _interaction_rows(frame: pd.DataFrame) -> list[Row]:
    name = "interactions"
    at = _floats(frame, name, "at")
    if not np.isfinite(at).all():
        raise BadInput(f"{name}: row {int(np.flatnonzero(~np.isfinite(at))[0]) + 1} has no time")
    rows = []
    for i, kind, t, actor, recipient, community in zip(
        _required(frame, name, "id"),
        _choice(frame, name, "kind", [k.value for k in InteractionKind]),
        at.tolist(),
        _required(frame, name, "actor_id"),
        _required(frame, name, "recipient_id"),
        _text(frame, "community_id"),
        strict=True,
    ):
        if actor == recipient:
            raise BadInput(f"{name}: an interaction needs two different people ({actor!r})")
        rows.append(
            {
                "id": i,
                "kind": kind,
                "at": t,
                "actor": actor,
                "recipient": recipient,
                "community": community,
            }
        )
    # Grouped by pair, so most pairs are recomputed in one batch only.
    rows.sort(key=lambda r: (min(r["actor"], r["recipient"]), max(r["actor"], r["recipient"])))
    return rows


def _deal_rows(frame: pd.DataFrame) -> list[Row]:
    name = "deals"
    amounts = _floats(frame, name, "amount").tolist()
    return [
        {
            "props": {
                "id": i,
                "name": n,
                "stage": stage,
                "amount": None if math.isnan(amount) else amount,
                "createdAt": created,
                "closedAt": closed,
            },
            "company": company,
            "owner": owner,
        }
        for i, n, company, owner, stage, amount, created, closed in zip(
            _required(frame, name, "id"),
            _required(frame, name, "name"),
            _required(frame, name, "company_id"),
            _text(frame, "owner_id"),
            _choice(frame, name, "stage", [s.value for s in DealStage]),
            amounts,
            _text(frame, "created_at"),
            _text(frame, "closed_at"),
            strict=True,
        )
    ]


# -- writing -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, store: Neo4jStore, progress: Progress) -> None:
        self.store = store
        self.progress = progress

    def run(
        self,
        stage: str,
        rows: Sequence[Row],
        query: str,
        after: Callable[[ManagedTransaction, Sequence[Row]], None] | None = None,
        before: Callable[[ManagedTransaction, Sequence[Row]], Any] | None = None,
        batches: Callable[[Sequence[Row]], Iterator[Sequence[Row]]] = _batches,
        shape: Callable[[Sequence[Row]], list[Row]] = list,
        extra: Row | None = None,
    ) -> int:
        """Write ``rows`` in batches, one transaction each; ``shape`` turns a batch into
        the statement's ``$rows``, ``extra`` holds its other parameters."""
        done = 0
        for batch in batches(rows):
            params = shape(batch)

            def work(tx: ManagedTransaction, params: list[Row] = params) -> None:
                if before is not None:
                    before(tx, params)
                tx.run(query, extra, rows=params).consume()
                if after is not None:
                    after(tx, params)

            self.store._write(work)
            done += len(batch)
            self.progress(stage, done, len(rows))
        return len(rows)


def _check_refs(store: Neo4jStore, plan: _Plan) -> None:
    for kind, wanted, have in (
        (Person, plan.ref_people, plan.people),
        (Company, plan.ref_companies, plan.companies),
        (Community, plan.ref_communities, plan.communities),
    ):
        missing = sorted(wanted - have)
        if not missing:
            continue
        found = store.existing_ids(kind, missing)
        absent = [m for m in missing if m not in found]
        if absent:
            raise NotFound(kind.__name__.lower(), absent[0])


def import_bundle(store: Neo4jStore, bundle: Bundle, progress: Progress) -> dict[str, int]:
    """Upsert ``bundle``; returns rows written per frame (see the module docstring)."""
    for frame_name, frame in bundle.frames():
        missing = [c for c in FRAME_COLUMNS[frame_name] if c not in frame.columns]
        if missing:
            raise BadInput(f"{frame_name}: missing columns {missing}")

    # 1. prepare and check everything
    prepared: dict[str, list[Row]] = {}
    refs_people: set[str] = set()
    refs_companies: set[str] = set()
    refs_communities: set[str] = set()
    plan = _Plan()
    for frame_name, frame in bundle.frames():
        if frame_name == "people":
            rows = _people_rows(frame)
            plan.people = {r["id"] for r in rows}
        elif frame_name == "companies":
            rows = _companies_rows(frame)
            plan.companies = {r["id"] for r in rows}
        elif frame_name == "communities":
            rows = _communities_rows(frame)
            plan.communities = {r["id"] for r in rows}
        elif frame_name == "connections":
            rows = _connection_rows(frame)
            refs_people.update(r["a"] for r in rows)
            refs_people.update(r["b"] for r in rows)
        elif frame_name == "employment":
            rows = _person_to_rows(
                frame,
                frame_name,
                "company",
                [("title", "title", None), ("start", "start", None), ("end", "end", None)],
            )
            refs_people.update(r["person"] for r in rows)
            refs_companies.update(r["other"] for r in rows)
        elif frame_name == "memberships":
            rows = _person_to_rows(
                frame, frame_name, "community", [("role", "role", None), ("since", "since", None)]
            )
            refs_people.update(r["person"] for r in rows)
            refs_communities.update(r["other"] for r in rows)
        elif frame_name == "advocates":
            rows = _person_to_rows(
                frame,
                frame_name,
                "company",
                [
                    ("level", "level", [lv.value for lv in AdvocacyLevel]),
                    ("since", "since", None),
                ],
            )
            refs_people.update(r["person"] for r in rows)
            refs_companies.update(r["other"] for r in rows)
        elif frame_name == "interactions":
            rows = _interaction_rows(frame)
            refs_people.update(r["actor"] for r in rows)
            refs_people.update(r["recipient"] for r in rows)
            refs_communities.update(r["community"] for r in rows if r["community"] is not None)
        else:
            rows = _deal_rows(frame)
            refs_companies.update(r["company"] for r in rows)
            refs_people.update(r["owner"] for r in rows if r["owner"] is not None)
        prepared[frame_name] = rows
    plan.ref_people, plan.ref_companies, plan.ref_communities = (
        refs_people,
        refs_companies,
        refs_communities,
    )
    _check_refs(store, plan)

    # 2. write: nodes, then relationships (each batch with its derived data)
    model = store.model
    writer = _Writer(store, progress)

    def begin(tx: ManagedTransaction) -> None:
        started = datetime.now(UTC).isoformat()
        tx.run(cypher.IMPORT_BEGIN, key=cypher.META_KEY, started=started).consume()

    store._write(begin)

    def relink_connections(tx: ManagedTransaction, rows: Sequence[Row]) -> None:
        links.refresh_links(tx, model, [(r["a"], r["b"]) for r in rows])

    def readvocate(tx: ManagedTransaction, rows: Sequence[Row]) -> None:
        links.refresh_advocacy(tx, [r["person"] for r in rows])

    moved: list[tuple[str, str]] = []

    def find_moved(tx: ManagedTransaction, rows: Sequence[Row]) -> None:
        moved.clear()
        result = tx.run(cypher.IMPORT_MOVED_INTERACTIONS, rows=list(rows))
        moved.extend((r["actor"], r["recipient"]) for r in result)

    def relink_interactions(tx: ManagedTransaction, rows: Sequence[Row]) -> None:
        pairs = [(r["actor"], r["recipient"]) for r in rows]
        links.refresh_links(tx, model, [*pairs, *moved])

    def group_by_pair(rows: Sequence[Row]) -> list[Row]:
        return links.fresh_pairs(model, rows)

    counts: dict[str, int] = {}
    simple = {
        "people": cypher.IMPORT_PEOPLE,
        "companies": cypher.IMPORT_COMPANIES,
        "communities": cypher.IMPORT_COMMUNITIES,
        "employment": cypher.IMPORT_EMPLOYMENT,
        "memberships": cypher.IMPORT_MEMBERSHIPS,
        "deals": cypher.IMPORT_DEALS,
    }
    for frame_name, rows in prepared.items():
        if frame_name in simple:
            counts[frame_name] = writer.run(frame_name, rows, simple[frame_name])
        elif frame_name == "connections":
            if store.run_read(cypher.ANY_INTERACTION):
                counts[frame_name] = writer.run(
                    frame_name, rows, cypher.IMPORT_CONNECTIONS, after=relink_connections
                )
            else:  # no pair has interactions yet: a KNOWS pair's LINK strength is fixed
                strength = {"strength": links.known_strength_without_interactions()}
                if store.run_read(cypher.ANY_KNOWS):
                    writer.run(frame_name, rows, cypher.IMPORT_CONNECTIONS_UNLINKED, extra=strength)
                else:  # nor any KNOWS or LINK: nothing to merge with
                    unique = _last_per_pair(rows)
                    writer.run(frame_name, unique, cypher.IMPORT_CONNECTIONS_FRESH, extra=strength)
                counts[frame_name] = len(rows)
        elif frame_name == "advocates":
            counts[frame_name] = writer.run(
                frame_name, rows, cypher.IMPORT_ADVOCATES, after=readvocate
            )
        else:  # interactions
            fresh = not store.run_read(cypher.ANY_INTERACTION) and len(
                {r["id"] for r in rows}
            ) == len(rows)
            if fresh:
                counts[frame_name] = writer.run(
                    frame_name,
                    rows,
                    cypher.IMPORT_INTERACTION_PAIRS_FRESH,
                    batches=_pair_batches,
                    shape=group_by_pair,
                )
            else:
                counts[frame_name] = writer.run(
                    frame_name,
                    rows,
                    cypher.IMPORT_INTERACTIONS,
                    before=find_moved,
                    after=relink_interactions,
                )
            moved.clear()

    def end(tx: ManagedTransaction) -> None:
        tx.run(cypher.IMPORT_END, key=cypher.META_KEY).consume()

    store._write(end)
    return counts
