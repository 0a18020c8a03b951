"""The embedded store's SQLite schema, its version, and the codes stored in it.

People have an ``INTEGER PRIMARY KEY pk`` besides their unique text ``id``; every
relationship table refers to ``person.pk`` so the in-memory index reads integers. Companies,
communities, deals and interactions are keyed by their text id. Interaction kinds are stored
as small integer codes (``interaction_kind`` names them), which keeps the 10M-row tables and
their indexes small and lets bulk readers map kinds without creating a string per row.

Every relationship cascades with the node it hangs on (``ON DELETE CASCADE``), except a deal's
owner and an interaction's community, which are set to NULL.

Version 2 added the access tables (``ACCESS_TABLES``: users, suppressions, the audit log and
the store's secret); version 3 the external ids (``EXTERNAL_ID_TABLES``); version 4 the deals'
stage history (``STAGE_HISTORY_TABLES``); version 5 the name indexes searches page through
(``NAME_INDEXES``); version 6 the activity stream's time indexes
(``ACTIVITY_TIME_INDEXES``); version 7 the webhooks and their delivery log
(``WEBHOOK_TABLES``); version 8 introduction requests (``INTRO_TABLES``).
:func:`ensure_schema` brings a file of an older version up to date in place, one
version's step after the other.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress

from ...errors import StoreUnavailable
from ...model import ADVOCACY_RANK, InteractionKind

SCHEMA_VERSION = 8

#: Codes are part of the file format: append new kinds, never reorder.
KIND_CODES: dict[InteractionKind, int] = {
    InteractionKind.EMAIL: 0,
    InteractionKind.MEETING: 1,
    InteractionKind.CALL: 2,
    InteractionKind.MESSAGE: 3,
    InteractionKind.COMMENT: 4,
    InteractionKind.LIKE: 5,
    InteractionKind.SHARE: 6,
    InteractionKind.REFERRAL: 7,
    InteractionKind.INTRODUCTION: 8,
}
KIND_BY_CODE: dict[int, InteractionKind] = {code: kind for kind, code in KIND_CODES.items()}

#: ``ADVOCACY_RANK`` in SQL (0 = none), used to take the strongest level per person.
ADVOCACY_RANK_SQL = (
    "CASE level "
    + " ".join(
        f"WHEN '{level.value}' THEN {rank}"
        for level, rank in sorted(ADVOCACY_RANK.items(), key=lambda item: -item[1])
    )
    + " ELSE 0 END"
)

TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE interaction_kind (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE person (
    pk             INTEGER PRIMARY KEY,
    id             TEXT NOT NULL,
    name           TEXT NOT NULL,
    title          TEXT,
    email          TEXT,
    location       TEXT,
    linkedin       TEXT,
    twitter        TEXT,
    do_not_contact INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
    tags           TEXT NOT NULL DEFAULT '[]',
    search         TEXT NOT NULL
);

CREATE TABLE company (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    domain    TEXT,
    industry  TEXT,
    employees INTEGER
) WITHOUT ROWID;

CREATE TABLE community (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    url  TEXT
) WITHOUT ROWID;

CREATE TABLE deal (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    company_id TEXT NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    owner_pk   INTEGER REFERENCES person (pk) ON DELETE SET NULL,
    stage      TEXT NOT NULL,
    amount     REAL,
    created_at TEXT,
    closed_at  TEXT
) WITHOUT ROWID;

CREATE TABLE connection (
    a_pk   INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    b_pk   INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    since  TEXT,
    origin TEXT NOT NULL,
    PRIMARY KEY (a_pk, b_pk),
    CHECK (a_pk <> b_pk)
) WITHOUT ROWID;

CREATE TABLE employment (
    person_pk  INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    title      TEXT,
    start_date TEXT,
    end_date   TEXT,
    PRIMARY KEY (person_pk, company_id)
) WITHOUT ROWID;

CREATE TABLE membership (
    person_pk    INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES community (id) ON DELETE CASCADE,
    role         TEXT,
    since        TEXT,
    PRIMARY KEY (person_pk, community_id)
) WITHOUT ROWID;

CREATE TABLE advocacy (
    person_pk  INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    level      TEXT NOT NULL,
    since      TEXT,
    PRIMARY KEY (person_pk, company_id)
) WITHOUT ROWID;

CREATE TABLE interaction (
    rk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL,
    kind         INTEGER NOT NULL REFERENCES interaction_kind (code),
    at           REAL NOT NULL,
    actor_pk     INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    recipient_pk INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    community_id TEXT REFERENCES community (id) ON DELETE SET NULL,
    CHECK (actor_pk <> recipient_pk)
);
"""

#: Added in version 2: who may call the API, what was erased, who did what. None of it is graph
#: data, so writing it never moves ``data_version``. ``person_id`` is a person's id, not a
#: reference: a user may be created before their person is imported, and outlive them.
#: ``token_hash`` is NULL once revoked (UNIQUE allows many NULLs). Times are epoch seconds.
ACCESS_TABLES = """
CREATE TABLE app_user (
    email      TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    person_id  TEXT,
    team       TEXT,
    team_link  INTEGER NOT NULL DEFAULT 1 CHECK (team_link IN (0, 1)),
    created_at REAL,
    revoked_at REAL,
    token_hash TEXT UNIQUE
) WITHOUT ROWID;

CREATE TABLE suppression (
    key TEXT PRIMARY KEY,
    at  REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     REAL NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE secret (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
"""

#: Added in version 3: which warmgraph record a source's own id stands for (``source`` such as
#: ``linkedin``, ``kind`` one of ``person``/``company``/``deal``), so re-importing an export
#: updates instead of duplicating. Not graph data either. ``id`` is not a foreign key: it names
#: a record of ``kind``, and a mapping may outlive its record (importers check existence).
EXTERNAL_ID_TABLES = """
CREATE TABLE external_id (
    source TEXT NOT NULL,
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    id     TEXT NOT NULL,
    PRIMARY KEY (source, kind, key)
) WITHOUT ROWID;
"""

#: Added in version 4: every stage a deal took (``stage_from`` NULL: the deal was created), for
#: a forecast from how deals actually move. Graph data, written in the transaction of the
#: deal write that moved the stage; it goes with its deal. ``at`` is epoch seconds; ``seq``
#: orders changes made in the same instant. A migrated file starts with no history: nobody
#: saw its deals move (tracking starts from the migration on).
STAGE_HISTORY_TABLES = """
CREATE TABLE deal_stage_change (
    seq        INTEGER PRIMARY KEY,
    deal_id    TEXT NOT NULL REFERENCES deal (id) ON DELETE CASCADE,
    stage_from TEXT,
    stage_to   TEXT NOT NULL,
    at         REAL NOT NULL
);

CREATE INDEX deal_stage_change_deal ON deal_stage_change (deal_id, at);

CREATE INDEX deal_stage_change_at ON deal_stage_change (at);
"""

#: Added in version 7 (``WEBHOOKS_VERSION``): webhook subscriptions and the delivery log. Not
#: graph data. ``events`` is a JSON list of event names or patterns; ``secret`` the signing
#: key as given to the admin (deliveries are signed with it, so it cannot be stored hashed).
#: The log keeps lines of removed webhooks: ``webhook_id`` is not a reference. ``at`` is
#: epoch seconds; ``seq`` (AUTOINCREMENT) never reuses a number.
WEBHOOKS_VERSION = 7
WEBHOOK_TABLES = """
CREATE TABLE webhook (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE webhook_delivery (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id TEXT NOT NULL,
    webhook_id  TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          REAL NOT NULL,
    outcome     TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms REAL NOT NULL
);

CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, seq);
"""

#: Added in version 8: introduction requests (``graph.intro``), each step of their history,
#: and the capacity people set for themselves as connectors. Not graph data (written without
#: moving ``data_version``). People are named by id, not by foreign key: a request is a
#: record of what was asked along which path, and outlives a person's later erasure.
#: ``path`` is a JSON array of person ids; times are epoch seconds.
INTRO_TABLES = """
CREATE TABLE intro_request (
    id                  TEXT PRIMARY KEY,
    requester           TEXT NOT NULL,
    requester_person_id TEXT,
    team                TEXT NOT NULL,
    path                TEXT NOT NULL,
    connector_id        TEXT NOT NULL,
    target_id           TEXT NOT NULL,
    target_company_id   TEXT,
    note                TEXT,
    response_note       TEXT,
    status              TEXT NOT NULL,
    created_at          REAL NOT NULL,
    deal_id             TEXT,
    meeting_at          REAL
) WITHOUT ROWID;

CREATE INDEX intro_request_team_target ON intro_request (team, target_id, created_at);

CREATE INDEX intro_request_connector ON intro_request (connector_id, status);

CREATE INDEX intro_request_requester ON intro_request (requester, created_at);

CREATE INDEX intro_request_created ON intro_request (created_at, id);

CREATE INDEX intro_request_status ON intro_request (status, created_at);

CREATE TABLE intro_history (
    seq        INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES intro_request (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    at         REAL NOT NULL,
    by         TEXT NOT NULL
);

CREATE INDEX intro_history_request ON intro_history (request_id, seq);

CREATE TABLE intro_capacity (
    person_id TEXT PRIMARY KEY,
    capacity  INTEGER NOT NULL
) WITHOUT ROWID;
"""

#: Unique indexes: upsert conflict targets, never dropped.
UNIQUE_INDEXES: dict[str, str] = {
    "person_id": "CREATE UNIQUE INDEX person_id ON person (id)",
    "interaction_id": "CREATE UNIQUE INDEX interaction_id ON interaction (id)",
}

#: Secondary indexes: lookups from the other end and foreign-key cascades. A bulk import
#: into an empty database drops and rebuilds them (sorting once beats 10M random inserts).
SECONDARY_INDEXES: dict[str, str] = {
    "deal_company": "CREATE INDEX deal_company ON deal (company_id)",
    "deal_owner": "CREATE INDEX deal_owner ON deal (owner_pk)",
    "connection_b": "CREATE INDEX connection_b ON connection (b_pk, a_pk)",
    "employment_company": "CREATE INDEX employment_company ON employment (company_id)",
    "membership_community": "CREATE INDEX membership_community ON membership (community_id)",
    "advocacy_company": "CREATE INDEX advocacy_company ON advocacy (company_id)",
    # (actor, recipient, at, kind) covers link evidence and pair inputs in both directions.
    "interaction_pair": (
        "CREATE INDEX interaction_pair ON interaction (actor_pk, recipient_pk, at, kind)"
    ),
    "interaction_recipient": "CREATE INDEX interaction_recipient ON interaction (recipient_pk)",
    # newest first: the activity stream of a big company or community (ACTIVITY_TIME_INDEXES)
    "interaction_at": "CREATE INDEX interaction_at ON interaction (at)",
    "connection_since": "CREATE INDEX connection_since ON connection (since)",
    "interaction_community": (
        "CREATE INDEX interaction_community ON interaction (community_id) "
        "WHERE community_id IS NOT NULL"
    ),
}

#: Added in version 5: each kind's (name, id) order, which an empty search (everybody, by
#: name) walks from its cursor on instead of sorting the table for every page. Secondary
#: indexes too (a bulk import into an empty file rebuilds them).
NAME_INDEXES: dict[str, str] = {
    f"{table}_name": f"CREATE INDEX {table}_name ON {table} (name, id)"
    for table in ("person", "company", "community", "deal")
}
SECONDARY_INDEXES.update(NAME_INDEXES)

#: Added in version 6: the time indexes the activity stream walks newest first (a page of a
#: big community's stream reads about a page of rows instead of its whole history).
ACTIVITY_TIME_INDEXES = [
    SECONDARY_INDEXES["interaction_at"],
    SECONDARY_INDEXES["connection_since"],
]

#: Tables holding data (everything but meta and the kind codes), children last.
DATA_TABLES = (
    "person",
    "company",
    "community",
    "deal",
    "connection",
    "employment",
    "membership",
    "advocacy",
    "interaction",
)


def _split(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def create_statements() -> list[str]:
    """Every statement that creates a fresh schema, in order."""
    statements = _split(TABLES)
    statements += list(UNIQUE_INDEXES.values())
    statements += list(SECONDARY_INDEXES.values())
    statements += _split(ACCESS_TABLES)
    statements += _split(EXTERNAL_ID_TABLES)
    statements += _split(STAGE_HISTORY_TABLES)
    statements += _split(WEBHOOK_TABLES)
    statements += _split(INTRO_TABLES)
    return statements


#: Per version, the statements that bring a file of that version to the next one; an older
#: file takes each step in turn (1 -> 2 -> ... -> 8), all in one transaction.
MIGRATIONS: dict[int, list[str]] = {
    1: _split(ACCESS_TABLES),
    2: _split(EXTERNAL_ID_TABLES),
    3: _split(STAGE_HISTORY_TABLES),
    4: list(NAME_INDEXES.values()),
    5: ACTIVITY_TIME_INDEXES,
    WEBHOOKS_VERSION - 1: _split(WEBHOOK_TABLES),
    7: _split(INTRO_TABLES),
}


def ensure_schema(conn: sqlite3.Connection, path: str) -> None:
    """Create the schema in an empty file, bring an older version up to date in place (in the
    same transaction: all of it or none); StoreUnavailable if the file holds another one."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not exists:
            for statement in create_statements():
                conn.execute(statement)
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("schema_version", SCHEMA_VERSION), ("data_version", 0)],
            )
            conn.executemany(
                "INSERT INTO interaction_kind (code, name) VALUES (?, ?)",
                [(code, kind.value) for kind, code in KIND_CODES.items()],
            )
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        while version and version[0] in MIGRATIONS:
            for statement in MIGRATIONS[version[0]]:
                conn.execute(statement)
            version = (version[0] + 1,)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", version)
        if not version or version[0] != SCHEMA_VERSION:
            raise StoreUnavailable(
                f"{path} has schema version {version and version[0]}, "
                f"this build reads {SCHEMA_VERSION}"
            )
        kinds = dict(conn.execute("SELECT code, name FROM interaction_kind").fetchall())
        if kinds != {code: kind.value for kind, code in KIND_CODES.items()}:
            raise StoreUnavailable(f"{path} has unexpected interaction kind codes")
        conn.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
