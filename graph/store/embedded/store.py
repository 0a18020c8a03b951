"""The embedded store: SQLite as the system of record, an in-memory link index for queries.

``EmbeddedStore`` composes the records (``graph.store.sqlite.SQLiteRecords``, or anything
that is ``IndexedRecords``) with a ``LinkIndex``. Reads of records go straight to them.
Every write commits to SQLite first (so it is durable once acknowledged) and then patches
the index in place. The index remembers which ``data_version`` it reflects; when another
process writes to the same file (``warmgraph load`` next to a running server), the version
moves past it and the next query rebuilds the index from SQLite.

Strengths decay with time, so the index also remembers the instant its strengths are
measured from (``StrengthModel.as_of``: midnight UTC of the current day unless "now" is
pinned). The first query after the day changes rebuilds the index, so a long-running
server's strengths move daily. Each query reads one index under the read lock, so one answer
is measured from one instant; writes patch the index with the model pinned at its instant.

Users, suppressions, the audit log, external ids and identity reads are not in the index:
those calls go straight to the records (whose writes of them leave the data version, and so
the index, alone).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

import numpy as np

from ...activity_query import ActivityCounts, ActivitySubject, SubjectKind, TimeWindow
from ...algorithms.density import advocate_density
from ...algorithms.paths import introduction_paths
from ...bundle import Bundle, Progress
from ...model import (
    Advocacy,
    Company,
    Connection,
    Employment,
    Interaction,
    Membership,
    Node,
    NodeType,
    PathRanking,
    Person,
)
from ...queries import (
    AdvocateReachRaw,
    DensityQuery,
    DensityResult,
    LinkProjection,
    MergeCounts,
    PathQuery,
    RawPath,
)
from ...strength import StrengthModel
from ..activity import Activity, date_epoch
from ..sqlite import SQLiteRecords
from .access import AccessForwarding
from .deals import DealForwarding
from .index import LinkIndex
from .intros import IntroForwarding
from .locks import ReadWriteLock
from .reads import RecordForwarding
from .source import IndexedRecords
from .webhooks import WebhookForwarding

T = TypeVar("T")

#: ``activity_among`` of at least this many people reads (and keeps) everyone's activity.
#: At 100,000 people the read takes about 3 s and holds about 90 MB (integer arrays).
KEEP_ACTIVITY_MIN = 1000


def _no_patch(index: LinkIndex) -> None:
    """For writes the index does not reflect (employment, memberships, other nodes)."""


class EmbeddedStore(
    AccessForwarding, DealForwarding, IntroForwarding, RecordForwarding, WebhookForwarding
):
    """The ``Store`` of one SQLite file (``records`` given, or opened on a path and then
    owned: closed by :meth:`close`)."""

    def __init__(
        self,
        records: str | os.PathLike[str] | IndexedRecords,
        model: StrengthModel | None = None,
    ) -> None:
        if isinstance(records, (str, os.PathLike)):
            records = SQLiteRecords(records)
        self._records: IndexedRecords = records
        self._model = model or StrengthModel()
        self._index: LinkIndex | None = None
        self._index_version = -1
        # (data version, every interaction and KNOWS): what activity_among is cut from
        self._activity: tuple[int, Activity] | None = None
        # the model pinned at the instant the index's strengths are measured from
        self._index_model = self._model.at(self._model.as_of())
        self._rw = ReadWriteLock()
        # One in-process writer at a time, so each write knows the version it produced.
        self._write_mutex = threading.Lock()

    # -- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        self._records.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_health(self) -> None:
        self._records.check_health()

    def data_version(self) -> int:
        return self._records.data_version()

    def local_reads(self) -> bool:
        return self._records.local_reads()

    # -- the index ------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Build the index now rather than on the first query."""
        with self._reading():
            pass

    def strengths_as_of(self) -> datetime:
        return self._model.as_of()

    def strength_model(self) -> StrengthModel:
        return self._model.at(self._model.as_of())

    def check_strengths(self) -> None:
        """Nothing to check: the index is computed with the store's own model."""

    def relink(self, progress: Progress) -> int:
        """Rebuild the index now (the embedded store keeps no strengths on disk)."""
        progress("recomputing tie strengths", 0, 1)
        with self._rw.writing():
            self._index = None
        with self._reading() as index:
            links = int(index.length[: index.size].sum()) // 2
        progress("recomputing tie strengths", 1, 1)
        return links

    def _stale(self, version: int, as_of: datetime) -> bool:
        return (
            self._index is None or self._index_version != version or self._index_model.now != as_of
        )

    @contextmanager
    def _reading(self) -> Iterator[LinkIndex]:
        while True:
            version = self.data_version()
            as_of = self._model.as_of()
            if self._stale(version, as_of):
                with self._rw.writing():
                    if self._stale(version, as_of):
                        self._index = None  # let the old one go before building the new
                        built_at, inputs = self._records.snapshot_link_inputs()
                        model = self._model.at(as_of)
                        self._index = LinkIndex.build(inputs, model)
                        self._index_version = built_at
                        self._index_model = model
            with self._rw.reading():
                if self._index is not None:
                    yield self._index
                    return

    def _write_then_patch(self, apply: Callable[[], T], patch: Callable[[LinkIndex], None]) -> T:
        """Commit ``apply`` to SQLite, then patch the index if it saw every earlier write."""
        with self._write_mutex:
            before = self.data_version()
            result = apply()
            after = self.data_version()
            with self._rw.writing():
                index = self._index
                if index is not None and self._index_version == before and after == before + 1:
                    patch(index)
                    self._index_version = after
                else:
                    self._index = None  # someone else wrote too: rebuild on the next query
            return result

    def _refresh_pair(self, index: LinkIndex, a: str, b: str) -> None:
        if a not in index.position or b not in index.position:
            return
        inputs = self._records.pair_inputs(a, b)
        model = self._index_model  # the index's instant, not today's: one index, one instant
        mass_ab = float(np.sum(model.decayed_mass(inputs.kinds_ab, inputs.at_ab)))
        mass_ba = float(np.sum(model.decayed_mass(inputs.kinds_ba, inputs.at_ba)))
        linked = inputs.connected or inputs.kinds_ab or inputs.kinds_ba
        strength = float(model.pair_strength(inputs.connected, mass_ab, mass_ba)) if linked else 0.0
        index.set_link(index.position[a], index.position[b], strength)

    def _refresh_person(self, index: LinkIndex, person_id: str) -> None:
        found = self._records.get_nodes(Person, [person_id])
        if person_id not in found:
            return
        person = found[person_id]
        advocacy = self._records.advocacy_weight(person_id)
        if person_id not in index.position:
            index.add_person(person_id, person.do_not_contact, advocacy)
        else:
            pos = index.position[person_id]
            index.set_flags(pos, do_not_contact=person.do_not_contact, advocacy=advocacy)

    # -- record reads: straight from the records (RecordForwarding), but activity --------
    def activity_among(self, person_ids: Collection[str]) -> Activity:
        """Cut from every interaction and KNOWS, read once per data version and kept (deal
        likelihood asks about most people, for training and then for every page of deals);
        a question about fewer than ``KEEP_ACTIVITY_MIN`` people while nothing current is
        kept goes to the records' indexed read instead of a read of everything."""
        kept = self._kept_activity(len(person_ids))
        if kept is None:
            return self._records.activity_among(person_ids)
        return kept.among(person_ids)

    def _kept_activity(self, asked: int) -> Activity | None:
        """Every interaction and KNOWS as of now, read (and kept) if ``asked`` people are
        at least ``KEEP_ACTIVITY_MIN``; None when nothing current is kept for fewer."""
        kept = self._activity
        if kept is None or kept[0] != self.data_version():
            if asked < KEEP_ACTIVITY_MIN:
                return None
            self._activity = None  # let the old one go before reading anew
            kept = self._activity = self._records.snapshot_activity()
        return kept[1]

    def activity_counts(self, subject: ActivitySubject, window: TimeWindow) -> ActivityCounts:
        """A big company's or community's totals are counted over the kept arrays (a
        scan of millions of rows in SQLite takes seconds); the rest by the records."""
        counted = self._records.activity_counts
        if subject.kind is SubjectKind.PERSON:
            return counted(subject, window)
        if subject.kind is SubjectKind.COMPANY:
            jobs = self._records.employments(company_id=subject.id, current_only=True)
            people = {j.person_id for j in jobs}
        else:
            members = self._records.memberships(community_id=subject.id)
            people = {m.person_id for m in members}
        kept = self._kept_activity(len(people))
        if kept is None:
            return counted(subject, window)
        # jobs are few: the records count them (no interactions or KNOWS to count there)
        day = window.day_bounds()[0]
        since_day = None if day is None else date_epoch(date.fromisoformat(day))
        interactions, connections = kept.touching_counts(people, window.seconds()[0], since_day)
        started, ended = self._records.activity_job_counts(subject, window)
        return ActivityCounts(interactions, connections, started, ended)

    # -- writes: to the records, then to the index ------------------------------------------
    def _person_patch(self, node: Node) -> Callable[[LinkIndex], None]:
        if not isinstance(node, Person):
            return _no_patch
        return lambda index: self._refresh_person(index, node.id)

    def create_node(self, node: Node) -> None:
        self._write_then_patch(lambda: self._records.create_node(node), self._person_patch(node))

    def update_node(self, node: Node) -> None:
        self._write_then_patch(lambda: self._records.update_node(node), self._person_patch(node))

    def delete_node(self, kind: NodeType, id: str) -> None:
        records = self._records
        advocates = (
            [a.person_id for a in records.advocacies(company_id=id)] if kind is Company else []
        )

        def patch(index: LinkIndex) -> None:
            if kind is Person and id in index.position:
                index.remove_person(id)
            for person_id in advocates:
                self._refresh_person(index, person_id)

        self._write_then_patch(lambda: records.delete_node(kind, id), patch)

    def connect(self, connection: Connection) -> None:
        self._write_then_patch(
            lambda: self._records.connect(connection),
            lambda index: self._refresh_pair(index, connection.a, connection.b),
        )

    def disconnect(self, a: str, b: str) -> None:
        self._write_then_patch(
            lambda: self._records.disconnect(a, b),
            lambda index: self._refresh_pair(index, a, b),
        )

    def record_interaction(self, interaction: Interaction) -> None:
        self._write_then_patch(
            lambda: self._records.record_interaction(interaction),
            lambda index: self._refresh_pair(index, interaction.actor_id, interaction.recipient_id),
        )

    def delete_interaction(self, id: str) -> None:
        old = self._records.get_interaction(id)

        def patch(index: LinkIndex) -> None:
            if old is not None:
                self._refresh_pair(index, old.actor_id, old.recipient_id)

        self._write_then_patch(lambda: self._records.delete_interaction(id), patch)

    def set_employment(self, employment: Employment) -> None:
        self._write_then_patch(lambda: self._records.set_employment(employment), _no_patch)

    def remove_employment(self, person_id: str, company_id: str) -> None:
        self._write_then_patch(
            lambda: self._records.remove_employment(person_id, company_id), _no_patch
        )

    def set_membership(self, membership: Membership) -> None:
        self._write_then_patch(lambda: self._records.set_membership(membership), _no_patch)

    def remove_membership(self, person_id: str, community_id: str) -> None:
        self._write_then_patch(
            lambda: self._records.remove_membership(person_id, community_id), _no_patch
        )

    def set_advocacy(self, advocacy: Advocacy) -> None:
        self._write_then_patch(
            lambda: self._records.set_advocacy(advocacy),
            lambda index: self._refresh_person(index, advocacy.person_id),
        )

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        self._write_then_patch(
            lambda: self._records.remove_advocacy(person_id, company_id),
            lambda index: self._refresh_person(index, person_id),
        )

    def merge_people(self, keep_id: str, merge_id: str) -> MergeCounts:
        def patch(index: LinkIndex) -> None:
            # The index is still as before the merge: the merged person's neighbours are
            # exactly the pairs whose inputs moved to the kept person.
            if merge_id in index.position:
                others = [index.ids[int(v)] for v in index.neighbours(index.position[merge_id])]
                index.remove_person(merge_id)
                for other in others:
                    if other is not None and other != keep_id:
                        self._refresh_pair(index, keep_id, other)
            self._refresh_person(index, keep_id)  # do-not-contact, advocacy may have changed

        return self._write_then_patch(lambda: self._records.merge_people(keep_id, merge_id), patch)

    def import_bundle(self, bundle: Bundle, progress: Progress) -> dict[str, int]:
        # Queries keep using the old index during the import (its one transaction is not
        # visible yet); the new data_version makes the next query rebuild.
        with self._write_mutex:
            counts = self._records.import_bundle(bundle, progress)
        with self._rw.writing():
            self._index = None
        return counts

    # -- queries ----------------------------------------------------------------------------
    def _targets(self, index: LinkIndex, query: PathQuery, source: int) -> np.ndarray:
        if query.target_person is not None:
            ids = [query.target_person]
        else:
            assert query.target_company is not None
            employed = self._records.employments(company_id=query.target_company, current_only=True)
            ids = [e.person_id for e in employed]
        positions = [index.position[pid] for pid in ids if pid in index.position]
        wanted = [p for p in positions if p != source and not index.blocked[p]]
        return np.asarray(sorted(set(wanted)), dtype=np.int64)

    def introduction_paths(self, query: PathQuery) -> list[RawPath]:
        with self._reading() as index:
            source = index.position[query.source]
            targets = self._targets(index, query, source)
            if not len(targets):
                return []
            found = introduction_paths(
                index.start,
                index.length,
                index.nbr,
                index.weight,
                index.rank,
                index.blocked,
                source,
                targets,
                query.max_hops,
                query.limit,
                query.rank_by is PathRanking.HOPS,
            )
            ids = index.ids
            return [
                RawPath(tuple(str(ids[p]) for p in nodes), tuple(strengths), strength)
                for nodes, strengths, strength in found
            ]

    def _seeds(self, query: DensityQuery) -> list[str]:
        if query.person_id is not None:
            return [query.person_id]
        if query.company_id is not None:
            employed = self._records.employments(company_id=query.company_id, current_only=True)
            return [e.person_id for e in employed]
        assert query.community_id is not None
        return [m.person_id for m in self._records.memberships(community_id=query.community_id)]

    def advocate_density(self, query: DensityQuery) -> DensityResult:
        seed_ids = self._seeds(query)
        if query.for_company_id is not None:
            wanted = self._records.advocacies(company_id=query.for_company_id)
            advocate_ids = {a.person_id for a in wanted}
        with self._reading() as index:
            seeds = np.asarray(
                sorted({index.position[s] for s in seed_ids if s in index.position}), np.int64
            )
            if query.for_company_id is None:
                is_advocate = index.advocacy > 0
            else:
                is_advocate = np.zeros(len(index.start), np.bool_)
                known = [index.position[a] for a in advocate_ids if a in index.position]
                is_advocate[known] = True
            if not len(seeds):
                return DensityResult(0, 0, ())
            reachable, advocates, nearest = advocate_density(
                index.start,
                index.length,
                index.nbr,
                index.rank,
                seeds,
                query.hops,
                is_advocate,
                query.nearest_limit,
                blocked=index.blocked,  # counted, never listed as nearest
            )
            ids = index.ids
            return DensityResult(
                reachable,
                advocates,
                tuple(AdvocateReachRaw(str(ids[a]), d, str(ids[s])) for a, d, s in nearest),
            )

    def link_projection(self) -> LinkProjection:
        with self._reading() as index:
            return index.projection()
