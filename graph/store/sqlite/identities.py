"""External ids and the bulk identity reads that identity resolution compares, in SQLite.

Each function runs inside the caller's transaction. Recording external ids runs in a write
that leaves ``data_version`` alone (``Database.write(changes_data=False)``): a source's id for
a record is bookkeeping of the import, not graph data.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping

from ...queries import CompanyIdentity, PersonIdentity
from .lookups import chunks, marks

# -- external ids ---------------------------------------------------------------------------


def external_ids(
    conn: sqlite3.Connection, source: str, kind: str, keys: Collection[str]
) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(keys))):
        sql = (
            "SELECT key, id FROM external_id "
            f"WHERE source = ? AND kind = ? AND key IN ({marks(len(chunk))})"
        )
        found.update(conn.execute(sql, (source, kind, *chunk)))
    return found


def record_external_ids(
    conn: sqlite3.Connection, source: str, kind: str, mapping: Mapping[str, str]
) -> None:
    # INSERT ... ON CONFLICT DO UPDATE re-points a key in place (REPLACE would delete first).
    conn.executemany(
        "INSERT INTO external_id (source, kind, key, id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (source, kind, key) DO UPDATE SET id = excluded.id",
        [(source, kind, key, id) for key, id in mapping.items()],
    )


# -- identities -----------------------------------------------------------------------------

#: Ids never hold a NUL (``graph.validation.check_id``), so it separates the companies.
_SEP = "\x00"

#: Everyone, each with the companies they work at now (an employment with no end), in one
#: pass: ``person`` in ``pk`` (rowid) order, each joined on the employment primary key
#: ``(person_pk, company_id)``, so nothing is sorted; SQLite groups in the same pass. (On a
#: 100k-person file that is twice as fast as one row per employment grouped in Python.)
_PEOPLE = (
    "SELECT p.id, p.name, p.email, p.linkedin, group_concat(e.company_id, char(0)) "
    "FROM person p LEFT JOIN employment e ON e.person_pk = p.pk AND e.end_date IS NULL "
    "GROUP BY p.pk"
)


def person_identities(conn: sqlite3.Connection) -> list[PersonIdentity]:
    """Everyone, in ``pk`` order; each person's current companies by id, sorted."""
    return [
        PersonIdentity(
            id, name, email, linkedin, tuple(sorted(companies.split(_SEP))) if companies else ()
        )
        for id, name, email, linkedin, companies in conn.execute(_PEOPLE)
    ]


def company_identities(conn: sqlite3.Connection) -> list[CompanyIdentity]:
    """Every company, by id."""
    return [
        CompanyIdentity(id, name, domain)
        for id, name, domain in conn.execute("SELECT id, name, domain FROM company ORDER BY id")
    ]
