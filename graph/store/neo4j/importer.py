"""Bulk import of a validated bundle into Neo4j: batched ``UNWIND $rows`` MERGE upserts.

How a frame is written is a row of the table ``FRAMES``: the function that turns the
frame into parameter rows, the statement that writes a batch of them (or a function that
picks the statement from what is already stored), and what each batch derives in the same
transaction (the LINKs of the pairs it touches, the advocacy of the people it touches).

What is guaranteed
------------------
Neo4j cannot hold a multi-million-row import in one transaction cheaply, so an import is a
sequence of write transactions of at most ``BATCH`` rows each, and:

* The values were checked by the bundle validator before they reach the store; the only
  check made here is the one that needs stored data: nothing is written until every
  referenced person, company and community is known to be in the bundle or already stored.
* A missing value (an absent column, or an empty cell) never erases a stored one: every
  statement sets ``coalesce(row value, stored value)``, with the model's default for a new
  node or relationship (see :mod:`.cypher`).
* Each batch is atomic and self-consistent: the rows it writes, the LINKs of every pair
  those rows touch (recomputed from all stored inputs of the pair) and the ``advocacy`` of
  every person whose advocacy it changes commit together, with a data_version bump. (Into
  a graph with no interactions yet, batches of interactions never split a pair, so those
  LINKs are computed from the batch itself: it holds all of their inputs.) The derived
  data therefore matches the stored inputs after *every* commit, not just at the end.
* Every write is an upsert keyed on ids (or on the relationship's two ends), so running the
  same bundle again converges to the same graph: re-running is always safe.
* ``(:Meta).importing`` is set to true (with ``importStartedAt``) by a transaction before
  the first batch and cleared after the last one.

If the process is killed (or the server lost) mid-import, the graph holds exactly the
batches that committed: a prefix of the bundle in frame order (people, companies,
communities, connections, employment, memberships, advocates, interactions, deals), with
consistent LINKs and advocacy, and ``Meta.importing`` still true. Nothing is torn inside a
batch. Re-running the same import completes it and clears the flag. What is *not*
guaranteed is all-or-nothing visibility: readers may see a partly imported bundle while it
is loading or after a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

import pandas as pd
from neo4j import ManagedTransaction

from ...bundle import Bundle, Progress
from ...errors import NotFound
from ...strength import StrengthModel
from ..values import epoch_seconds
from . import cypher, frames, links
from .frames import Pair, Row
from .nodes import existing_ids
from .session import Session
from .values import SEARCH_SEP

#: Rows per write transaction (and per progress report).
BATCH = 10_000


# -- batching -----------------------------------------------------------------------------------


def _batches(rows: Sequence[Row], size: int = BATCH) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _pair_batches(rows: Sequence[Row], size: int = BATCH) -> Iterator[Sequence[Row]]:
    """Batches of about ``size`` interaction rows (sorted by pair) that never split a pair,
    so each batch holds all the interactions of every pair it touches."""
    start = 0
    while start < len(rows):
        end = min(start + size, len(rows))
        while end < len(rows) and frames.pair_key(rows[end]) == frames.pair_key(rows[end - 1]):
            end += 1
        yield rows[start:end]
        start = end


def _merged_per_pair(rows: Sequence[Row]) -> list[Row]:
    """Connection rows with one per pair, in pair order: what upserting them in order
    leaves (a later row's value wins, a later missing value keeps the earlier one)."""
    merged: dict[Pair, Row] = {}
    for row in rows:
        pair = (row["a"], row["b"])
        kept = merged.get(pair)
        if kept is None:
            merged[pair] = row
        else:  # rare (a bundle has one row per pair): copy rather than change the rows
            merged[pair] = {**kept, **{k: v for k, v in row.items() if v is not None}}
    return [merged[pair] for pair in sorted(merged)]


# -- what each batch derives --------------------------------------------------------------------


def _connection_pairs(rows: Sequence[Row]) -> Iterable[Pair]:
    return ((r["a"], r["b"]) for r in rows)


def _interaction_pairs(rows: Sequence[Row]) -> Iterable[Pair]:
    return ((r["actor"], r["recipient"]) for r in rows)


def _advocates(rows: Sequence[Row]) -> Iterable[str]:
    return (r["person"] for r in rows)


def _moved_pairs(tx: ManagedTransaction, rows: Sequence[Row]) -> list[Pair]:
    """The old pairs of stored interactions this batch moves to other people."""
    result = tx.run(cypher.IMPORT_MOVED_INTERACTIONS, rows=list(rows))
    return [(r["actor"], r["recipient"]) for r in result]


# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """How batches of one frame's rows are written, each in one write transaction:
    ``stale`` (pairs losing inputs, found first), ``statement`` with ``$rows`` (``shape``
    of the batch) and ``params``, then the LINKs of ``relink`` + stale pairs and the
    advocacy of the ``readvocate`` people."""

    statement: str
    params: Row = field(default_factory=dict)
    relink: Callable[[Sequence[Row]], Iterable[Pair]] | None = None
    stale: Callable[[ManagedTransaction, Sequence[Row]], list[Pair]] | None = None
    readvocate: Callable[[Sequence[Row]], Iterable[str]] | None = None
    batches: Callable[[Sequence[Row]], Iterator[Sequence[Row]]] = _batches
    shape: Callable[[Sequence[Row]], list[Row]] = list


#: Picks a frame's Write from what is stored (when the frame's turn comes), and the rows
#: to write with it.
Chooser = Callable[[Session, StrengthModel, list[Row]], tuple[Write, list[Row]]]


@dataclass(frozen=True)
class FrameSpec:
    rows: Callable[[pd.DataFrame], list[Row]]
    write: Write | Chooser
    #: the label of the nodes the frame holds (their ``id``), if any
    defines: str | None = None
    #: ``(label, row key)`` of every node a row refers to (None: no reference)
    refs: tuple[tuple[str, str], ...] = ()


def _deals_write(
    session: Session, model: StrengthModel, rows: list[Row]
) -> tuple[Write, list[Row]]:
    """Deals record their stage changes at the time of the import."""
    return Write(cypher.IMPORT_DEALS, params={"at": epoch_seconds(datetime.now(UTC))}), rows


def _connections_write(
    session: Session, model: StrengthModel, rows: list[Row]
) -> tuple[Write, list[Row]]:
    if session.query(cypher.ANY_INTERACTION):
        return Write(cypher.IMPORT_CONNECTIONS, relink=_connection_pairs), rows
    # No pair has interactions yet: a KNOWS pair's LINK strength is fixed.
    strength = {"strength": links.known_strength_without_interactions(model)}
    if session.query(cypher.ANY_KNOWS):
        return Write(cypher.IMPORT_CONNECTIONS_UNLINKED, params=strength), rows
    # Nor any KNOWS or LINK: nothing to merge with, so each pair is created once.
    return Write(cypher.IMPORT_CONNECTIONS_FRESH, params=strength), _merged_per_pair(rows)


def _interactions_write(
    session: Session, model: StrengthModel, rows: list[Row]
) -> tuple[Write, list[Row]]:
    fresh = not session.query(cypher.ANY_INTERACTION) and len({r["id"] for r in rows}) == len(rows)
    if fresh:
        grouped = partial(links.fresh_pairs, model)
        write = Write(cypher.IMPORT_INTERACTION_PAIRS_FRESH, batches=_pair_batches, shape=grouped)
        return write, rows
    write = Write(cypher.IMPORT_INTERACTIONS, relink=_interaction_pairs, stale=_moved_pairs)
    return write, rows


_PERSON_TO_COMPANY = (("Person", "person"), ("Company", "other"))

#: Every frame of a bundle, by name (written in the bundle's frame order).
FRAMES: dict[str, FrameSpec] = {
    "people": FrameSpec(
        frames.people_rows,
        Write(cypher.IMPORT_PEOPLE, params={"sep": SEARCH_SEP}),
        defines="Person",
    ),
    "companies": FrameSpec(frames.company_rows, Write(cypher.IMPORT_COMPANIES), defines="Company"),
    "communities": FrameSpec(
        frames.community_rows, Write(cypher.IMPORT_COMMUNITIES), defines="Community"
    ),
    "connections": FrameSpec(
        frames.connection_rows, _connections_write, refs=(("Person", "a"), ("Person", "b"))
    ),
    "employment": FrameSpec(
        partial(frames.person_to_rows, "company_id", ("title", "start", "end")),
        Write(cypher.IMPORT_EMPLOYMENT),
        refs=_PERSON_TO_COMPANY,
    ),
    "memberships": FrameSpec(
        partial(frames.person_to_rows, "community_id", ("role", "since")),
        Write(cypher.IMPORT_MEMBERSHIPS),
        refs=(("Person", "person"), ("Community", "other")),
    ),
    "advocates": FrameSpec(
        partial(frames.person_to_rows, "company_id", ("level", "since")),
        Write(cypher.IMPORT_ADVOCATES, readvocate=_advocates),
        refs=_PERSON_TO_COMPANY,
    ),
    "interactions": FrameSpec(
        frames.interaction_rows,
        _interactions_write,
        refs=(("Person", "actor"), ("Person", "recipient"), ("Community", "community")),
    ),
    "deals": FrameSpec(
        frames.deal_rows,
        _deals_write,
        refs=(("Company", "company"), ("Person", "owner")),
    ),
}


# -- the import ---------------------------------------------------------------------------------


def import_bundle(
    session: Session, model: StrengthModel, bundle: Bundle, progress: Progress
) -> dict[str, int]:
    """Upsert ``bundle``; returns rows written per frame (see the module docstring)."""
    model = model.at(model.as_of())  # the whole import measured from one instant
    prepared = {name: FRAMES[name].rows(frame) for name, frame in bundle.frames()}
    _check_references(session, prepared)

    def begin(tx: ManagedTransaction) -> None:
        started = datetime.now(UTC).isoformat()
        tx.run(cypher.IMPORT_BEGIN, key=cypher.META_KEY, started=started).consume()

    session.write(begin)
    counts: dict[str, int] = {}
    for name, rows in prepared.items():
        spec = FRAMES[name]
        write, to_write = (
            (spec.write, rows)
            if isinstance(spec.write, Write)
            else spec.write(session, model, rows)
        )
        _write_frame(session, model, progress, name, to_write, write)
        counts[name] = len(rows)

    def end(tx: ManagedTransaction) -> None:
        tx.run(cypher.IMPORT_END, key=cypher.META_KEY).consume()

    session.write(end)
    return counts


def _check_references(session: Session, prepared: dict[str, list[Row]]) -> None:
    """NotFound for the first referenced node neither in the bundle nor stored."""
    defined: dict[str, set[str]] = {}
    wanted: dict[str, set[str]] = {}
    for name, rows in prepared.items():
        spec = FRAMES[name]
        if spec.defines is not None:
            defined.setdefault(spec.defines, set()).update(r["id"] for r in rows)
        for label, key in spec.refs:
            wanted.setdefault(label, set()).update(r[key] for r in rows if r[key] is not None)
    for label in ("Person", "Company", "Community"):
        missing = sorted(wanted.get(label, set()) - defined.get(label, set()))
        if not missing:
            continue
        found = existing_ids(session, label, missing)
        absent = [m for m in missing if m not in found]
        if absent:
            raise NotFound(label.lower(), absent[0])


def _write_frame(
    session: Session,
    model: StrengthModel,
    progress: Progress,
    stage: str,
    rows: Sequence[Row],
    write: Write,
) -> None:
    done = 0
    for batch in write.batches(rows):
        params = write.shape(batch)

        def work(tx: ManagedTransaction, params: list[Row] = params) -> None:
            stale = write.stale(tx, params) if write.stale is not None else []
            tx.run(write.statement, write.params, rows=params).consume()
            if write.relink is not None:
                links.refresh_links(tx, model, [*write.relink(params), *stale])
            if write.readvocate is not None:
                links.refresh_advocacy(tx, write.readvocate(params))

        session.write(work)
        done += len(batch)
        progress(stage, done, len(rows))
