"""Which strength settings Neo4j's stored LINK strengths were computed with, and relinking.

Neo4j stores every LINK's strength, so a changed setting (``graph.config``) leaves them
computed with the old one. The Meta node records the settings' fingerprint
(``StrengthModel.fingerprint``) and the instant they were measured from:

* A store opened on a database without LINKs adopts its model's fingerprint (nothing is
  stale). A database with LINKs but no fingerprint predates this record and is taken to
  have been computed with the default settings.
* When the fingerprints differ, every query or write that reads or computes a strength
  raises StoreUnavailable naming ``warmgraph relink`` (and ``serve`` refuses to start), so
  answers never mix two sets of settings. Reads of records, users and the audit log work.
* :func:`relink` recomputes every LINK with the store's model in batches of
  ``links.PAIR_BATCH`` pairs (each its own transaction, with progress), then records the
  fingerprint. Running it again recomputes the same values: it is idempotent, and a relink
  cut short is finished by running it again (the old fingerprint stays until the end).

"Now" on Neo4j: stored strengths are measured from the instant they were written (a load's
``--now``, a relink's day), not from a moving clock; relink daily (from cron, say) to let
them decay like the embedded store's, which recomputes on the first query of each day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from neo4j import ManagedTransaction

from ...bundle import Progress
from ...errors import StoreUnavailable
from ...strength import StrengthModel
from . import cypher, links
from .session import Session

#: What ``relink`` reports its progress as.
STAGE = "recomputing tie strengths"


@dataclass(frozen=True, slots=True)
class StoredSettings:
    fingerprint: str | None
    as_of: str | None
    linked: bool


def stored_settings(session: Session) -> StoredSettings:
    (row,) = session.query(cypher.STRENGTH_SETTINGS, key=cypher.META_KEY)
    return StoredSettings(row["fingerprint"], row["asOf"], bool(row["linked"]))


def record(session: Session, model: StrengthModel, as_of: datetime) -> None:
    """Record that the stored strengths are ``model``'s as of ``as_of``."""
    session.write(
        lambda tx: tx.run(
            cypher.SET_STRENGTH_SETTINGS,
            key=cypher.META_KEY,
            fingerprint=model.fingerprint(),
            asOf=as_of.isoformat(),
        ).consume(),
        changes_data=False,
    )


def mismatch(session: Session, model: StrengthModel) -> str | None:
    """Why the stored strengths do not fit ``model`` (None: they do). A database without
    LINKs adopts ``model``'s fingerprint."""
    stored = stored_settings(session)
    wanted = model.fingerprint()
    if not stored.linked:
        if stored.fingerprint != wanted:
            record(session, model, model.as_of())
        return None
    have = stored.fingerprint or StrengthModel().fingerprint()
    if have == wanted:
        return None
    return (
        f"the stored tie strengths were computed with other strength settings "
        f"(fingerprint {have}, configured {wanted}); run `warmgraph relink` with the new "
        "settings first"
    )


def require(session: Session, model: StrengthModel) -> None:
    """StoreUnavailable when the stored strengths were computed with other settings."""
    problem = mismatch(session, model)
    if problem is not None:
        raise StoreUnavailable(problem)


def relink(session: Session, model: StrengthModel, progress: Progress) -> int:
    """Recompute every LINK's strength with ``model``; the number of LINKs written."""
    as_of = model.as_of()
    pinned = model.at(as_of)
    (row,) = session.query(cypher.ALL_LINK_PAIRS)
    pairs = list(zip(row["a"], row["b"], strict=True))
    total = len(pairs)
    written = done = 0
    progress(STAGE, 0, total)
    for start in range(0, total, links.PAIR_BATCH):
        chunk = pairs[start : start + links.PAIR_BATCH]

        def work(tx: ManagedTransaction, chunk: list[tuple[str, str]] = chunk) -> int:
            return links.refresh_links(tx, pinned, chunk)

        written += session.write(work)
        done += len(chunk)
        progress(STAGE, done, total)
    record(session, model, as_of)
    return written
