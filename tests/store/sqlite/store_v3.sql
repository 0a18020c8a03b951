-- A version-3 store file (warmgraph before the deals' stage history, commit 67c1e5e) holding
-- tests/store/world.py's seed, one user, one suppression, one audit entry and one external id,
-- as sqlite3's iterdump wrote it: test_migration.py opens it.
BEGIN TRANSACTION;
CREATE TABLE advocacy (
    person_pk  INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    level      TEXT NOT NULL,
    since      TEXT,
    PRIMARY KEY (person_pk, company_id)
) WITHOUT ROWID;
INSERT INTO "advocacy" VALUES(3,'acme','champion','2024-01-01');
INSERT INTO "advocacy" VALUES(3,'globex','promoter',NULL);
INSERT INTO "advocacy" VALUES(6,'acme','reference',NULL);
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
INSERT INTO "app_user" VALUES('admin@acme.example','admin','alice',NULL,1,1793491200.0,NULL,'0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE audit_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     REAL NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO "audit_log" VALUES(1,1793491200.0,'admin@acme.example','users.add','user:admin@acme.example','');
CREATE TABLE community (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    url  TEXT
) WITHOUT ROWID;
INSERT INTO "community" VALUES('pydata','PyData','event',NULL);
INSERT INTO "community" VALUES('rustaceans','Rustaceans','group','https://r');
CREATE TABLE company (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    domain    TEXT,
    industry  TEXT,
    employees INTEGER
) WITHOUT ROWID;
INSERT INTO "company" VALUES('007','Double-O Holdings','oo.example',NULL,NULL);
INSERT INTO "company" VALUES('acme','Acme Corp',NULL,'anvils',120);
INSERT INTO "company" VALUES('globex','Globex',NULL,NULL,NULL);
CREATE TABLE connection (
    a_pk   INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    b_pk   INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    since  TEXT,
    origin TEXT NOT NULL,
    PRIMARY KEY (a_pk, b_pk),
    CHECK (a_pk <> b_pk)
) WITHOUT ROWID;
INSERT INTO "connection" VALUES(1,2,NULL,'crm');
INSERT INTO "connection" VALUES(3,4,'2020-05-01','linkedin');
INSERT INTO "connection" VALUES(3,5,NULL,'manual');
INSERT INTO "connection" VALUES(4,6,NULL,'manual');
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
INSERT INTO "deal" VALUES('d1','Anvils','acme',3,'proposal',1500.5,'2025-12-01',NULL);
INSERT INTO "deal" VALUES('d2','Rockets','acme',4,'closed_won',NULL,'2025-01-01','2025-06-30');
INSERT INTO "deal" VALUES('d3','Spies','007',NULL,'prospecting',NULL,NULL,NULL);
CREATE TABLE employment (
    person_pk  INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    title      TEXT,
    start_date TEXT,
    end_date   TEXT,
    PRIMARY KEY (person_pk, company_id)
) WITHOUT ROWID;
INSERT INTO "employment" VALUES(1,'007','Agent',NULL,NULL);
INSERT INTO "employment" VALUES(3,'acme','Engineer','2019-01-01',NULL);
INSERT INTO "employment" VALUES(4,'acme','Builder','2010-01-01','2018-12-31');
INSERT INTO "employment" VALUES(4,'globex','Builder','2019-01-01',NULL);
CREATE TABLE external_id (
    source TEXT NOT NULL,
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    id     TEXT NOT NULL,
    PRIMARY KEY (source, kind, key)
) WITHOUT ROWID;
INSERT INTO "external_id" VALUES('salesforce','deal','006A','d1');
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
INSERT INTO "interaction" VALUES(1,'i1',0,1.76803741512345600128e+09,3,4,NULL);
INSERT INTO "interaction" VALUES(2,'i2',1,1.76804101512345600124e+09,4,3,NULL);
INSERT INTO "interaction" VALUES(3,'i3',0,1.76804461512345600124e+09,3,4,'rustaceans');
INSERT INTO "interaction" VALUES(4,'i4',2,1.76804821512345600132e+09,3,5,NULL);
INSERT INTO "interaction" VALUES(5,'i5',5,1.76805181512345600128e+09,6,3,NULL);
INSERT INTO "interaction" VALUES(6,'i6',4,1.76805541512345600128e+09,7,4,'pydata');
INSERT INTO "interaction" VALUES(7,'007',2,1.76805901512345600128e+09,1,2,NULL);
CREATE TABLE interaction_kind (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO "interaction_kind" VALUES(0,'email');
INSERT INTO "interaction_kind" VALUES(1,'meeting');
INSERT INTO "interaction_kind" VALUES(2,'call');
INSERT INTO "interaction_kind" VALUES(3,'message');
INSERT INTO "interaction_kind" VALUES(4,'comment');
INSERT INTO "interaction_kind" VALUES(5,'like');
INSERT INTO "interaction_kind" VALUES(6,'share');
INSERT INTO "interaction_kind" VALUES(7,'referral');
INSERT INTO "interaction_kind" VALUES(8,'introduction');
CREATE TABLE membership (
    person_pk    INTEGER NOT NULL REFERENCES person (pk) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES community (id) ON DELETE CASCADE,
    role         TEXT,
    since        TEXT,
    PRIMARY KEY (person_pk, community_id)
) WITHOUT ROWID;
INSERT INTO "membership" VALUES(3,'pydata','speaker',NULL);
INSERT INTO "membership" VALUES(3,'rustaceans','admin','2021-03-04');
INSERT INTO "membership" VALUES(4,'rustaceans',NULL,NULL);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO "meta" VALUES('data_version',36);
INSERT INTO "meta" VALUES('schema_version',3);
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
INSERT INTO "person" VALUES(1,'007','Bond James','Agent','jb@mi6.example',NULL,NULL,NULL,0,'[]','007bond jamesjb@mi6.exampleagent');
INSERT INTO "person" VALUES(2,'7','Seven of Nine','Drone',NULL,NULL,NULL,NULL,0,'[]','7seven of ninedrone');
INSERT INTO "person" VALUES(3,'alice','Alice Liddell','Engineer','alice@acme.example','Oxford','in/alice','@alice',0,'["vip", "éclair"]','alicealice liddellalice@acme.exampleengineer');
INSERT INTO "person" VALUES(4,'bob','Bob Builder','Contractor','bob@b.example',NULL,NULL,NULL,0,'[]','bobbob builderbob@b.examplecontractor');
INSERT INTO "person" VALUES(5,'carol','Carol Danvers',NULL,NULL,NULL,NULL,NULL,1,'[]','carolcarol danvers');
INSERT INTO "person" VALUES(6,'dave','Dave Alice-Smith','Sales',NULL,NULL,NULL,NULL,0,'[]','davedave alice-smithsales');
INSERT INTO "person" VALUES(7,'erin','Erin Brockovich',NULL,NULL,NULL,NULL,NULL,0,'[]','erinerin brockovich');
CREATE TABLE secret (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE suppression (
    key TEXT PRIMARY KEY,
    at  REAL NOT NULL
) WITHOUT ROWID;
INSERT INTO "suppression" VALUES('k1',1793491200.0);
CREATE UNIQUE INDEX person_id ON person (id);
CREATE UNIQUE INDEX interaction_id ON interaction (id);
CREATE INDEX deal_company ON deal (company_id);
CREATE INDEX deal_owner ON deal (owner_pk);
CREATE INDEX connection_b ON connection (b_pk, a_pk);
CREATE INDEX employment_company ON employment (company_id);
CREATE INDEX membership_community ON membership (community_id);
CREATE INDEX advocacy_company ON advocacy (company_id);
CREATE INDEX interaction_pair ON interaction (actor_pk, recipient_pk, at, kind);
CREATE INDEX interaction_recipient ON interaction (recipient_pk);
CREATE INDEX interaction_community ON interaction (community_id) WHERE community_id IS NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('audit_log',1);
COMMIT;
