"""Applying a parsed source batch to a store: read identities once, resolve, validate with
the shared bundle rules, drop what an erasure covers, then write in one import.

All or nothing: a batch with rejected rows (unless ``skip_bad_rows``), a problem in its
resolution or a bundle that fails validation raises BundleError before anything is
written. The external ids are recorded *before* the bundle is imported: recording them is
not graph data, and if the import is then killed, the next run finds the ids it had given
(a mapped id with no record behind it is reused for the new record) instead of giving the
same people fresh ids a second time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from graph.bundle import Bundle, Progress, no_progress
from graph.errors import BundleError, NotFound
from graph.model import Deal, Person
from graph.service import WarmgraphService
from graph.validation import validate_bundle

from .identity import KnownIdentities
from .load import known_ids
from .resolve import CRM_SOURCES, Resolution, resolve, safe_id
from .sources.records import SourceBatch
from .suppressed import SuppressedRows

__all__ = ["ImportSummary", "import_batch"]

#: External ids recorded per store call (see ``import_batch``).
EXTERNAL_ID_SLICE = 10_000


@dataclass(slots=True)
class ImportSummary:
    """What an import read, resolved and wrote (or would write, on a dry run)."""

    source: str
    rows_read: int = 0
    people_created: int = 0
    people_merged: Counter[str] = field(default_factory=Counter)  # rule -> rows
    companies_created: int = 0
    companies_matched: Counter[str] = field(default_factory=Counter)
    interactions: int = 0
    connections: int = 0
    employment: int = 0
    deals: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # filter -> rows
    rejected: list[str] = field(default_factory=list)  # "file:line: reason"
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False  # False on a dry run or when there was nothing to write

    def lines(self) -> list[str]:
        """The summary as the command prints it."""
        out = [f"rows read: {self.rows_read:,}"]
        merged = ", ".join(f"{n:,} by {rule}" for rule, n in sorted(self.people_merged.items()))
        out.append(f"people: {self.people_created:,} created, {merged or 'none merged'}")
        matched = ", ".join(f"{n:,} by {r}" for r, n in sorted(self.companies_matched.items()))
        out.append(f"companies: {self.companies_created:,} created, {matched or 'none matched'}")
        out += [
            f"interactions: {self.interactions:,}",
            f"connections: {self.connections:,}",
            f"employment: {self.employment:,}",
            f"deals: {self.deals:,}",
        ]
        out += [f"skipped ({why}): {n:,}" for why, n in sorted(self.skipped.items())]
        out.append(f"rejected: {len(self.rejected):,}")
        out += [f"  {line}" for line in self.rejected]
        out.append(f"conflicts (stored value kept): {len(self.conflicts):,}")
        out += [f"  {line}" for line in self.conflicts]
        out += [f"note: {line}" for line in self.notes]
        return out


def import_batch(
    service: WarmgraphService,
    batch: SourceBatch,
    owner_id: str | None,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Resolve ``batch`` against the store and apply it (see the module docstring).
    NotFound if ``owner_id`` names no person."""
    store = service.store
    report = batch.report
    if report.rejected and not skip_bad_rows:
        raise BundleError(list(report.rejected))
    if owner_id is not None and not store.get_nodes(Person, [owner_id]):
        raise NotFound("person", owner_id)
    progress("resolving identities", 0, 1)
    candidates = {safe_id(d.key) for d in batch.deals if batch.source in CRM_SOURCES}
    taken = store.existing_ids(Deal, candidates) if candidates else set()
    resolution = resolve(batch, KnownIdentities.read(store, batch, taken), owner_id)
    progress("resolving identities", 1, 1)
    if resolution.problems:
        raise BundleError(resolution.problems)
    suppressed = SuppressedRows(service)
    bundle = resolution.bundle
    validate_bundle(bundle, suppressed.known_ids(known_ids(store)))
    erased = suppressed.drop(bundle)
    summary = _summary(batch, resolution, bundle, erased)
    if dry_run or bundle.row_count() == 0:
        return summary
    for kind, mapping in _kept_ids(resolution, bundle, suppressed.erased).items():
        # In slices: one call is one transaction, and a Neo4j server bounds a
        # transaction's memory (100,000 keys at once were refused on a 512 MB test server).
        # A slice recorded before a failure is harmless: the next run reuses its ids.
        items = sorted(mapping.items())
        for start in range(0, len(items), EXTERNAL_ID_SLICE):
            store.record_external_ids(
                batch.source, kind, dict(items[start : start + EXTERNAL_ID_SLICE])
            )
    service.import_bundle(bundle, progress, source=f"{batch.source} import")
    summary.written = True
    return summary


def _kept_ids(
    resolution: Resolution, bundle: Bundle, erased: set[str]
) -> dict[str, dict[str, str]]:
    """The external ids to record: not those of people an erasure dropped."""
    mappings = resolution.external_ids()
    mappings["person"] = {k: v for k, v in mappings["person"].items() if v not in erased}
    return mappings


def _rows(frame: pd.DataFrame | None) -> int:
    return len(frame) if frame is not None else 0


def _summary(
    batch: SourceBatch, resolution: Resolution, bundle: Bundle, erased: dict[str, int]
) -> ImportSummary:
    summary = ImportSummary(
        source=batch.source,
        rows_read=batch.report.rows_read,
        people_created=resolution.people_created,
        people_merged=Counter(resolution.people_merged),
        companies_created=resolution.companies_created,
        companies_matched=Counter(resolution.companies_matched),
        interactions=_rows(bundle.interactions),
        connections=_rows(bundle.connections),
        employment=_rows(bundle.employment),
        deals=_rows(bundle.deals),
        skipped=Counter(batch.report.skipped) + resolution.skipped,
        rejected=list(batch.report.rejected),
        conflicts=list(resolution.conflicts),
        notes=list(batch.report.notes),
    )
    for frame, n in erased.items():
        summary.skipped[f"erased people ({frame})"] += n
    return summary
