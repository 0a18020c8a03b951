"""What the embedded store needs from its records besides the storage port: the reads its
in-memory index is built and patched from."""

from __future__ import annotations

from typing import Protocol

from ...activity_query import ActivitySubject, TimeWindow
from ..activity import Activity
from ..base import (
    ActivityPages,
    ActivityReads,
    AuditLog,
    BulkImport,
    DealHistory,
    DealReads,
    ExportReads,
    ExternalIds,
    Identities,
    IntroRequests,
    Lifecycle,
    NameSearch,
    NodeRecords,
    PersonMerges,
    RelationshipReads,
    RelationshipWrites,
    SignalReads,
    Suppressions,
    UserRecords,
    Webhooks,
)
from ..linkinputs import LinkInputs, PairInputs


class LinkInputSource(Protocol):
    def snapshot_link_inputs(self) -> tuple[int, LinkInputs]:
        """``(data_version, everyone, every KNOWS and every interaction)`` from one
        snapshot, so an index built from it knows which version it reflects."""

    def snapshot_activity(self) -> tuple[int, Activity]:
        """``(data_version, every interaction and KNOWS)`` from one snapshot (what
        ``activity_among`` answers are cut from while the version holds)."""

    def pair_inputs(self, a_id: str, b_id: str) -> PairInputs:
        """One pair's raw tie-strength inputs (empty for unknown people or a == b)."""

    def activity_job_counts(self, subject: ActivitySubject, window: TimeWindow) -> tuple[int, int]:
        """``activity_counts``' jobs started and ended alone (the store counts the rest)."""

    def advocacy_weight(self, person_id: str) -> float:
        """The person's strongest advocacy level as a weight in 0..1 (0 if none)."""


class IndexedRecords(
    Lifecycle,
    NodeRecords,
    RelationshipWrites,
    RelationshipReads,
    DealReads,
    DealHistory,
    NameSearch,
    SignalReads,
    BulkImport,
    UserRecords,
    Suppressions,
    AuditLog,
    ExternalIds,
    Identities,
    PersonMerges,
    ActivityPages,
    ActivityReads,
    ExportReads,
    Webhooks,
    IntroRequests,
    LinkInputSource,
    Protocol,
):
    """The records an embedded store composes (``graph.store.sqlite.SQLiteRecords``)."""
