"""Every Cypher statement the Neo4j store runs, as named constants: a catalogue.

This module is one catalogue (statements, no logic), which is why it is longer than the
other modules of the package: every statement in one place lets a reader review the whole
Cypher surface, against the graph model below, at once.

Only parameters carry values: nothing here is ever formatted with user data. Labels and
relationship types cannot be parameters in Cypher, so statements that differ only by label
are spelled out per label (``NODE_*`` dicts keyed by label, built from fixed names below).

Graph model
-----------
(:Person {id, name, title, email, location, linkedin, twitter, doNotContact, tags, search,
          advocacy})
(:Company {id, name, domain, industry, employees})
(:Community {id, name, kind, url})
(:Deal {id, name, stage, amount, createdAt, closedAt})-[:FOR]->(:Company),
(:Deal)-[:OWNED_BY]->(:Person)
(:Deal)-[:HAD_STAGE]->(:StageChange {id, dealId, stageFrom, stageTo, at})
                                       every stage the deal took (stageFrom null: created)
(:Person)-[:KNOWS {since, origin}]->(:Person)            smaller id -> larger id
(:Person)-[:WORKS_AT {title, start, end}]->(:Company)
(:Person)-[:MEMBER_OF {role, since}]->(:Community)
(:Person)-[:ADVOCATES_FOR {level, since}]->(:Company)
(:Person)-[:SENT]->(:Interaction {id, kind, at})-[:TO]->(:Person),
(:Interaction)-[:IN]->(:Community)
(:Person)-[:LINK {strength}]->(:Person)                  derived; smaller id -> larger id
(:Meta {key: 'warmgraph', dataVersion, importing, importStartedAt,
       strengthFingerprint, strengthsAsOf})     the strength settings (and instant) the
                                                LINK strengths were computed with

Access records (not graph data: written without bumping the data version)
(:User {email, role, personId, team, teamLink, createdAt, revokedAt, tokenHash})
                                       personId is an id, not a relationship; no tokenHash
                                       once revoked
(:Suppression {key, at})
(:AuditEntry {seq, at, actor, action, target, detail})
(:AuditCounter {key: 'audit', seq})    the last seq handed out
(:Secret {name: 'suppression', value})  32 random bytes
(:ExternalId {source, kind, key, id})  a source's own id for a record; id is the record's
                                       id, not a relationship (it may outlive the record)

Dates are ISO ``YYYY-MM-DD`` strings; ``Interaction.at`` and the access records' times are
float epoch seconds (UTC).

Bulk import upserts never erase: every property is set as ``coalesce(row value, stored
value)`` (with the model's default for a new node or relationship), so a missing column or
an empty cell keeps what is stored. Clearing a value is done by the record writes
(``UPDATE_*``, ``SET_*``), which replace the whole record.
"""

from __future__ import annotations

from ...model import AdvocacyLevel, CommunityKind, ConnectionOrigin, DealStage
from ...queries import MAX_HOPS

META_KEY = "warmgraph"

LABELS = ("Person", "Company", "Community", "Deal", "Interaction")

# -- schema ---------------------------------------------------------------------------------

CONSTRAINTS: tuple[str, ...] = (
    *(
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ),
    "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT user_email IF NOT EXISTS FOR (u:User) REQUIRE u.email IS UNIQUE",
    # a token authenticates one user at most (a revoked user has none: unconstrained)
    "CREATE CONSTRAINT user_token IF NOT EXISTS FOR (u:User) REQUIRE u.tokenHash IS UNIQUE",
    "CREATE CONSTRAINT suppression_key IF NOT EXISTS FOR (s:Suppression) REQUIRE s.key IS UNIQUE",
    "CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE",
    # MERGE on these is safe under concurrency only with a uniqueness constraint
    "CREATE CONSTRAINT audit_counter_key IF NOT EXISTS "
    "FOR (c:AuditCounter) REQUIRE c.key IS UNIQUE",
    "CREATE CONSTRAINT secret_name IF NOT EXISTS FOR (s:Secret) REQUIRE s.name IS UNIQUE",
    # a composite property uniqueness constraint (Community edition has these; only node key
    # constraints are Enterprise): one id per (source, kind, key), and the index MERGE uses
    "CREATE CONSTRAINT external_id_key IF NOT EXISTS "
    "FOR (x:ExternalId) REQUIRE (x.source, x.kind, x.key) IS UNIQUE",
    "CREATE CONSTRAINT stage_change_id IF NOT EXISTS FOR (s:StageChange) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (w:Webhook) REQUIRE w.id IS UNIQUE",
    "CREATE CONSTRAINT webhook_delivery_seq IF NOT EXISTS "
    "FOR (d:WebhookDelivery) REQUIRE d.seq IS UNIQUE",
    "CREATE CONSTRAINT intro_request_id IF NOT EXISTS FOR (r:IntroRequest) REQUIRE r.id IS UNIQUE",
    # what concurrent asks MERGE and then SET to serialise on (graph.store.neo4j.intros)
    "CREATE CONSTRAINT intro_lock_key IF NOT EXISTS FOR (l:IntroLock) REQUIRE l.key IS UNIQUE",
    "CREATE CONSTRAINT intro_capacity_person IF NOT EXISTS "
    "FOR (c:IntroCapacity) REQUIRE c.personId IS UNIQUE",
)
INDEXES: tuple[str, ...] = (
    # search_people: CONTAINS on the lower-cased search key
    "CREATE TEXT INDEX person_search IF NOT EXISTS FOR (p:Person) ON (p.search)",
    # an empty search (everybody by name) walks these from its cursor on
    *(
        f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in ("Person", "Company", "Community", "Deal")
    ),
    # advocate density / influence read advocacy and doNotContact in bulk
    "CREATE INDEX person_advocacy IF NOT EXISTS FOR (p:Person) ON (p.advocacy)",
    "CREATE INDEX interaction_at IF NOT EXISTS FOR (i:Interaction) ON (i.at)",
    # audit_entries(since=...)
    "CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at)",
    # stage_changes_since(at)
    "CREATE INDEX stage_change_at IF NOT EXISTS FOR (s:StageChange) ON (s.at)",
    # deliveries(webhook_id=...)
    "CREATE INDEX webhook_delivery_webhook IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.webhookId)",
    # introduction requests: de-duplication, capacity, pages
    "CREATE INDEX intro_team_target IF NOT EXISTS FOR (r:IntroRequest) ON (r.team, r.targetId)",
    "CREATE INDEX intro_connector IF NOT EXISTS FOR (r:IntroRequest) ON (r.connectorId)",
    "CREATE INDEX intro_created IF NOT EXISTS FOR (r:IntroRequest) ON (r.createdAt)",
    "CREATE INDEX intro_status IF NOT EXISTS FOR (r:IntroRequest) ON (r.status)",
)
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# -- meta -------------------------------------------------------------------------------------

ENSURE_META = (
    "MERGE (m:Meta {key: $key}) "
    "ON CREATE SET m.dataVersion = 0, m.importing = false "
    "RETURN m.dataVersion AS version"
)
#: First statement of every write transaction: takes the Meta node's write lock, which
#: serialises writers (so read-then-write checks and LINK recomputation never race).
BUMP_VERSION = (
    "MERGE (m:Meta {key: $key}) "
    "ON CREATE SET m.dataVersion = 0, m.importing = false "
    "SET m.dataVersion = m.dataVersion + 1 "
    "RETURN m.dataVersion AS version"
)
DATA_VERSION = "OPTIONAL MATCH (m:Meta {key: $key}) RETURN coalesce(m.dataVersion, 0) AS version"
IMPORT_BEGIN = (
    "MATCH (m:Meta {key: $key}) "
    "WITH m, m.importing AS was "
    "SET m.importing = true, m.importStartedAt = $started "
    "RETURN coalesce(was, false) AS interrupted"
)
IMPORT_END = "MATCH (m:Meta {key: $key}) SET m.importing = false REMOVE m.importStartedAt"
#: What the stored LINK strengths were computed with (graph.store.neo4j.strengths).
STRENGTH_SETTINGS = (
    "OPTIONAL MATCH (m:Meta {key: $key}) "
    "RETURN m.strengthFingerprint AS fingerprint, m.strengthsAsOf AS asOf, "
    "EXISTS { MATCH (:Person)-[:LINK]->(:Person) } AS linked"
)
SET_STRENGTH_SETTINGS = (
    "MATCH (m:Meta {key: $key}) SET m.strengthFingerprint = $fingerprint, m.strengthsAsOf = $asOf"
)
#: Every LINKed pair, as two parallel lists (smaller id first).
ALL_LINK_PAIRS = (
    "MATCH (a:Person)-[:LINK]->(b:Person) RETURN collect(a.id) AS a, collect(b.id) AS b"
)
HEALTH = "RETURN 1 AS ok"

# -- nodes ------------------------------------------------------------------------------------

EXISTS = {
    label: f"MATCH (n:{label} {{id: $id}}) RETURN count(n) > 0 AS found"
    for label in ("Person", "Company", "Community", "Deal", "Interaction")
}
EXISTING_IDS = {
    label: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"
    for label in ("Person", "Company", "Community", "Deal")
}
GET_NODES = {
    "Person": "UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN properties(n) AS props",
    "Company": "UNWIND $ids AS id MATCH (n:Company {id: id}) RETURN properties(n) AS props",
    "Community": "UNWIND $ids AS id MATCH (n:Community {id: id}) RETURN properties(n) AS props",
    "Deal": (
        "UNWIND $ids AS id MATCH (n:Deal {id: id}) "
        "OPTIONAL MATCH (n)-[:FOR]->(c:Company) "
        "OPTIONAL MATCH (n)-[:OWNED_BY]->(o:Person) "
        "RETURN properties(n) AS props, c.id AS company, o.id AS owner"
    ),
}
#: ``$props`` holds every model property (None removes it): a full replacement.
CREATE_PERSON = "CREATE (n:Person) SET n = $props, n.advocacy = 0.0"
UPDATE_PERSON = "MATCH (n:Person {id: $props.id}) SET n += $props"
CREATE_NODE = {
    "Company": "CREATE (n:Company) SET n = $props",
    "Community": "CREATE (n:Community) SET n = $props",
}
UPDATE_NODE = {
    "Company": "MATCH (n:Company {id: $props.id}) SET n = $props",
    "Community": "MATCH (n:Community {id: $props.id}) SET n = $props",
}
PUT_DEAL = (
    "MERGE (d:Deal {id: $props.id}) SET d = $props "
    "WITH d "
    "OPTIONAL MATCH (d)-[r:FOR|OWNED_BY]->() DELETE r "
    "WITH DISTINCT d "
    "MATCH (c:Company {id: $company}) MERGE (d)-[:FOR]->(c) "
    "WITH d "
    "OPTIONAL MATCH (o:Person {id: $owner}) "
    "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (d)-[:OWNED_BY]->(o))"
)

#: Deleting a person: their interactions go first (with the person, their LINKs, KNOWS,
#: employment, memberships, advocacy and deal ownership go by DETACH).
PERSON_PARTNERS = (
    "MATCH (p:Person {id: $id}) "
    "OPTIONAL MATCH (p)-[:KNOWS|LINK]-(o:Person) "
    "RETURN p.id AS id, collect(DISTINCT o.id) AS others"
)
DELETE_PERSON = (
    "MATCH (p:Person {id: $id}) "
    "CALL (p) { MATCH (p)-[:SENT]->(i:Interaction) DETACH DELETE i } "
    "CALL (p) { MATCH (i:Interaction)-[:TO]->(p) DETACH DELETE i } "
    "DETACH DELETE p"
)
COMPANY_ADVOCATES = (
    "MATCH (c:Company {id: $id}) "
    "OPTIONAL MATCH (p:Person)-[:ADVOCATES_FOR]->(c) "
    "RETURN c.id AS id, collect(p.id) AS advocates"
)
DELETE_COMPANY = (
    "MATCH (c:Company {id: $id}) "
    "CALL (c) { MATCH (d:Deal)-[:FOR]->(c) "
    "  CALL (d) { MATCH (d)-[:HAD_STAGE]->(s:StageChange) DETACH DELETE s } "
    "  DETACH DELETE d } "
    "DETACH DELETE c"
)
DELETE_NODE = {
    "Community": "MATCH (n:Community {id: $id}) DETACH DELETE n RETURN count(*) AS deleted",
    # a deal's stage history goes with it
    "Deal": (
        "MATCH (n:Deal {id: $id}) "
        "CALL (n) { MATCH (n)-[:HAD_STAGE]->(s:StageChange) DETACH DELETE s } "
        "DETACH DELETE n RETURN count(*) AS deleted"
    ),
}

# -- search by name (graph.search_query: what matches, tiers, keyset order) -----------------
#
# Every search returns ``tier`` and the node's fields (``props``; a deal's ``company`` and
# ``owner`` too) in (tier, name, id) order, strictly after ($afterTier, $afterName, $afterId)
# when $hasAfter. ``$n`` is the needle, lower-cased in Python ('' in the EVERYBODY
# statements, which have no tier to compute and walk the name index from the cursor on).

_AFTER = (
    "(NOT $hasAfter OR tier > $afterTier OR (tier = $afterTier AND "
    "(n.name > $afterName OR (n.name = $afterName AND n.id > $afterId)))) "
)
#: A do-not-contact person's e-mail (part 2 of the key) is not searched when $hide.
_PERSON_MATCH = (
    "MATCH (n:Person) WHERE n.search CONTAINS $n "
    "  AND (NOT $hide OR NOT coalesce(n.doNotContact, false) "
    "  OR any(i IN [0, 1, 3] WHERE split(n.search, $sep)[i] CONTAINS $n)) "
)
_NAME_MATCH = {
    "Company": (
        "MATCH (n:Company) WHERE toLower(n.name) CONTAINS $n "
        "  OR toLower(coalesce(n.domain, '')) CONTAINS $n "
    ),
    "Community": "MATCH (n:Community) WHERE toLower(n.name) CONTAINS $n ",
}
#: Deals of any owner ($owners null) or of one of $owners, with their company and owner.
_DEAL_MATCH = (
    "MATCH (n:Deal)-[:FOR]->(c:Company) OPTIONAL MATCH (n)-[:OWNED_BY]->(o:Person) "
    "WITH n, c, o WHERE ($owners IS NULL OR o.id IN $owners) "
)
_PREFIX_TIER = "CASE WHEN toLower(n.name) STARTS WITH $n THEN 0 ELSE 1 END AS tier "
_RETURN = "RETURN tier, properties(n) AS props "
_RETURN_DEAL = "RETURN tier, properties(n) AS props, c.id AS company, o.id AS owner "
_ORDER = "ORDER BY tier, n.name, n.id LIMIT $limit"
SEARCH = {
    "Person": (
        _PERSON_MATCH + "WITH n, CASE WHEN n.search STARTS WITH $exact THEN 0 "
        "  WHEN split(n.search, $sep)[1] STARTS WITH $n THEN 1 ELSE 2 END AS tier "
        "WHERE " + _AFTER + _RETURN + _ORDER
    ),
    **{
        label: match + "WITH n, " + _PREFIX_TIER + "WHERE " + _AFTER + _RETURN + _ORDER
        for label, match in _NAME_MATCH.items()
    },
    "Deal": (
        _DEAL_MATCH + "AND (toLower(n.name) CONTAINS $n OR toLower(c.name) CONTAINS $n) "
        "WITH n, c, o, " + _PREFIX_TIER + "WHERE " + _AFTER + _RETURN_DEAL + _ORDER
    ),
}
#: ``n.name >= $afterName`` lets the planner seek the name index from the cursor on.
_EVERYBODY_AFTER = (
    "WHERE n.name >= $afterName AND (NOT $hasAfter OR n.name > $afterName OR n.id > $afterId) "
)
SEARCH_EVERYBODY = {
    **{
        label: f"MATCH (n:{label}) " + _EVERYBODY_AFTER + "WITH n, 0 AS tier " + _RETURN + _ORDER
        for label in ("Person", "Company", "Community")
    },
    "Deal": (
        "MATCH (n:Deal) " + _EVERYBODY_AFTER + "MATCH (n)-[:FOR]->(c:Company) "
        "OPTIONAL MATCH (n)-[:OWNED_BY]->(o:Person) "
        "WITH n, c, o WHERE ($owners IS NULL OR o.id IN $owners) "
        "WITH n, c, o, 0 AS tier " + _RETURN_DEAL + _ORDER
    ),
}
SEARCH_COUNT = {
    "Person": _PERSON_MATCH + "RETURN count(n) AS n",
    **{label: match + "RETURN count(n) AS n" for label, match in _NAME_MATCH.items()},
    "Deal": (
        _DEAL_MATCH + "AND (toLower(n.name) CONTAINS $n OR toLower(c.name) CONTAINS $n) "
        "RETURN count(n) AS n"
    ),
}
EVERYBODY_COUNT = {
    **{
        label: f"MATCH (n:{label}) RETURN count(n) AS n"
        for label in ("Person", "Company", "Community")
    },
    "Deal": _DEAL_MATCH + "RETURN count(n) AS n",
}

# -- relationships ------------------------------------------------------------------------------

CONNECT = (
    "MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
    "MERGE (a)-[k:KNOWS]->(b) SET k.since = $since, k.origin = $origin"
)
DISCONNECT = (
    "MATCH (:Person {id: $a})-[k:KNOWS]->(:Person {id: $b}) DELETE k RETURN count(k) AS deleted"
)
RECORD_INTERACTION = (
    "MATCH (a:Person {id: $actor}), (b:Person {id: $recipient}) "
    "CREATE (a)-[:SENT]->(i:Interaction {id: $id, kind: $kind, at: $at})-[:TO]->(b) "
    "WITH i "
    "OPTIONAL MATCH (c:Community {id: $community}) "
    "FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (i)-[:IN]->(c))"
)
DELETE_INTERACTION = (
    "MATCH (a:Person)-[:SENT]->(i:Interaction {id: $id})-[:TO]->(b:Person) "
    "DETACH DELETE i RETURN a.id AS actor, b.id AS recipient"
)
SET_EMPLOYMENT = (
    "MATCH (p:Person {id: $person}), (c:Company {id: $other}) "
    "MERGE (p)-[r:WORKS_AT]->(c) SET r.title = $title, r.start = $start, r.end = $end"
)
SET_MEMBERSHIP = (
    "MATCH (p:Person {id: $person}), (c:Community {id: $other}) "
    "MERGE (p)-[r:MEMBER_OF]->(c) SET r.role = $role, r.since = $since"
)
SET_ADVOCACY = (
    "MATCH (p:Person {id: $person}), (c:Company {id: $other}) "
    "MERGE (p)-[r:ADVOCATES_FOR]->(c) SET r.level = $level, r.since = $since"
)
REMOVE_REL = {
    "WORKS_AT": (
        "MATCH (:Person {id: $person})-[r:WORKS_AT]->(:Company {id: $other}) "
        "DELETE r RETURN count(r) AS deleted"
    ),
    "MEMBER_OF": (
        "MATCH (:Person {id: $person})-[r:MEMBER_OF]->(:Community {id: $other}) "
        "DELETE r RETURN count(r) AS deleted"
    ),
    "ADVOCATES_FOR": (
        "MATCH (:Person {id: $person})-[r:ADVOCATES_FOR]->(:Company {id: $other}) "
        "DELETE r RETURN count(r) AS deleted"
    ),
}

#: Person.advocacy := weight of the strongest ADVOCATES_FOR level (``$ranks`` maps level to
#: 1..3, ``$weights`` rank to weight; 0 when none).
REFRESH_ADVOCACY = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) "
    "OPTIONAL MATCH (p)-[a:ADVOCATES_FOR]->(:Company) "
    "WITH p, coalesce(max($ranks[a.level]), 0) AS rank "
    "SET p.advocacy = $weights[rank]"
)

# -- merging one person into another (``merge``; one write transaction) -----------------------
# The kept person's KNOWS, jobs, memberships and advocacy are written whole, as
# ``graph.store.merging.plan`` computed them (``$rows``); what only needs a new reference is
# re-pointed here. Each count statement aggregates, so it returns one row even when 0.

MERGE_PUT_CONNECTIONS = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "MERGE (a)-[k:KNOWS]->(b) SET k.since = r.since, k.origin = r.origin"
)
MERGE_PUT_EMPLOYMENTS = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Company {id: r.other}) "
    "MERGE (p)-[e:WORKS_AT]->(c) SET e.title = r.title, e.start = r.start, e.end = r.end"
)
MERGE_PUT_MEMBERSHIPS = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Community {id: r.other}) "
    "MERGE (p)-[e:MEMBER_OF]->(c) SET e.role = r.role, e.since = r.since"
)
MERGE_PUT_ADVOCACIES = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Company {id: r.other}) "
    "MERGE (p)-[e:ADVOCATES_FOR]->(c) SET e.level = r.level, e.since = r.since"
)
#: Interactions between the two would become the kept person's with themselves: deleted.
MERGE_DROP_SHARED_INTERACTIONS = (
    "OPTIONAL MATCH (:Person {id: $merge})-[:SENT|TO]-(i:Interaction)-[:SENT|TO]-"
    "(:Person {id: $keep}) "
    "WITH DISTINCT i DETACH DELETE i RETURN count(i) AS n"
)
MERGE_MOVE_SENT = (
    "MATCH (k:Person {id: $keep}) "
    "OPTIONAL MATCH (:Person {id: $merge})-[s:SENT]->(i:Interaction) "
    "FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (k)-[:SENT]->(i) DELETE s) "
    "RETURN count(s) AS n"
)
MERGE_MOVE_RECEIVED = (
    "MATCH (k:Person {id: $keep}) "
    "OPTIONAL MATCH (i:Interaction)-[t:TO]->(:Person {id: $merge}) "
    "FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (i)-[:TO]->(k) DELETE t) "
    "RETURN count(t) AS n"
)
MERGE_MOVE_DEALS = (
    "MATCH (k:Person {id: $keep}) "
    "OPTIONAL MATCH (d:Deal)-[o:OWNED_BY]->(:Person {id: $merge}) "
    "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | "
    "  CREATE (d)-[:OWNED_BY]->(k) DELETE o) "
    "RETURN count(o) AS n"
)
#: Users and external ids name a person by id (not a relationship): renamed in place.
MERGE_MOVE_USERS = "MATCH (u:User {personId: $merge}) SET u.personId = $keep RETURN count(u) AS n"
MERGE_MOVE_EXTERNAL_IDS = (
    "MATCH (x:ExternalId {kind: $kind, id: $merge}) SET x.id = $keep RETURN count(x) AS n"
)

# -- the derived LINK graph ---------------------------------------------------------------------

#: Raw tie-strength inputs of each pair ``[lo, hi]`` (both must exist; rows for missing
#: people are simply absent).
PAIR_INPUTS = (
    "UNWIND $pairs AS pair "
    "MATCH (a:Person {id: pair[0]}), (b:Person {id: pair[1]}) "
    "RETURN pair[0] AS a, pair[1] AS b, "
    "  EXISTS { (a)-[:KNOWS]-(b) } AS connected, "
    "  [(a)-[:SENT]->(i:Interaction)-[:TO]->(b) | [i.kind, i.at]] AS ab, "
    "  [(b)-[:SENT]->(i:Interaction)-[:TO]->(a) | [i.kind, i.at]] AS ba"
)
SET_LINKS = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "MERGE (a)-[l:LINK]->(b) SET l.strength = r.strength"
)
DELETE_LINKS = (
    "UNWIND $pairs AS pair MATCH (:Person {id: pair[0]})-[l:LINK]->(:Person {id: pair[1]}) DELETE l"
)

# -- relationship reads -------------------------------------------------------------------------

EMPLOYMENTS = (
    "MATCH (p:Person)-[r:WORKS_AT]->(c:Company) "
    "WHERE ($person IS NULL OR p.id = $person) AND ($other IS NULL OR c.id = $other) "
    "  AND (NOT $current OR r.end IS NULL) "
    "RETURN p.id AS person, c.id AS other, r.title AS title, r.start AS start, r.end AS end "
    "ORDER BY person, other"
)
MEMBERSHIPS = (
    "MATCH (p:Person)-[r:MEMBER_OF]->(c:Community) "
    "WHERE ($person IS NULL OR p.id = $person) AND ($other IS NULL OR c.id = $other) "
    "RETURN p.id AS person, c.id AS other, r.role AS role, r.since AS since "
    "ORDER BY person, other"
)
ADVOCACIES = (
    "MATCH (p:Person)-[r:ADVOCATES_FOR]->(c:Company) "
    "WHERE ($person IS NULL OR p.id = $person) AND ($other IS NULL OR c.id = $other) "
    "RETURN p.id AS person, c.id AS other, r.level AS level, r.since AS since "
    "ORDER BY person, other"
)
#: Those of ``$ids`` with at least one advocacy.
ADVOCATING_PEOPLE = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) "
    "WHERE EXISTS { (p)-[:ADVOCATES_FOR]->(:Company) } RETURN p.id AS id"
)
#: Filtered by person / company: the planner starts from the bound node when given.
EMPLOYMENTS_OF_PERSON = (
    "MATCH (p:Person {id: $person})-[r:WORKS_AT]->(c:Company) "
    "WHERE ($other IS NULL OR c.id = $other) AND (NOT $current OR r.end IS NULL) "
    "RETURN p.id AS person, c.id AS other, r.title AS title, r.start AS start, r.end AS end "
    "ORDER BY person, other"
)
EMPLOYMENTS_AT_COMPANY = (
    "MATCH (p:Person)-[r:WORKS_AT]->(c:Company {id: $other}) "
    "WHERE NOT $current OR r.end IS NULL "
    "RETURN p.id AS person, c.id AS other, r.title AS title, r.start AS start, r.end AS end "
    "ORDER BY person, other"
)
CONNECTIONS = (
    "MATCH (p:Person {id: $id})-[k:KNOWS]-(o:Person) "
    "RETURN p.id AS me, o.id AS other, k.since AS since, k.origin AS origin "
    "ORDER BY other LIMIT $limit"
)
_INTERACTION_FIELDS = (
    "MATCH (a:Person)-[:SENT]->(i)-[:TO]->(b:Person) "
    "OPTIONAL MATCH (i)-[:IN]->(c:Community) "
    "RETURN i.id AS id, i.kind AS kind, i.at AS at, a.id AS actor, b.id AS recipient, "
    "  c.id AS community "
)
INTERACTIONS_OF = (
    "MATCH (p:Person {id: $id}) "
    "CALL (p) { "
    "  MATCH (p)-[:SENT]->(i:Interaction) RETURN i "
    "  UNION "
    "  MATCH (i:Interaction)-[:TO]->(p) RETURN i "
    "} "
    "WITH i WHERE $at IS NULL OR i.at < $at OR (i.at = $at AND i.id > $after) "
    "WITH i ORDER BY i.at DESC, i.id LIMIT $limit " + _INTERACTION_FIELDS + "ORDER BY at DESC, id"
)
INTERACTION_COUNT = (
    "MATCH (p:Person {id: $id}) "
    "RETURN COUNT { (p)-[:SENT]->(:Interaction) } + COUNT { (:Interaction)-[:TO]->(p) } AS n"
)
#: Deal likelihood's bulk read: every interaction and KNOWS touching some people, once each.
#: The one definition of "the interactions (each once, as ``i``) and the KNOWS (as ``k``)
#: touching the people ``$ids``" that ``activity_among`` and ``SignalReads`` share; each
#: returns its own columns from it.
_TOUCHING_INTERACTIONS = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) "
    "CALL (p) { "
    "  MATCH (p)-[:SENT]->(i:Interaction) RETURN i "
    "  UNION "
    "  MATCH (i:Interaction)-[:TO]->(p) RETURN i "
    "} "
    "WITH DISTINCT i "
)
_TOUCHING_KNOWS = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[k:KNOWS]-(:Person) WITH DISTINCT k "
)
ACTIVITY_INTERACTIONS = (
    _TOUCHING_INTERACTIONS + "MATCH (a:Person)-[:SENT]->(i)-[:TO]->(b:Person) "
    "RETURN a.id AS actor, b.id AS recipient, i.kind AS kind, i.at AS at"
)
ACTIVITY_KNOWS = (
    _TOUCHING_KNOWS + "RETURN startNode(k).id AS a, endNode(k).id AS b, k.since AS since"
)
GET_INTERACTION = "MATCH (i:Interaction {id: $id}) " + _INTERACTION_FIELDS
DEALS = (
    "MATCH (d:Deal)-[:FOR]->(c:Company) "
    "WHERE $company IS NULL OR c.id = $company "
    "OPTIONAL MATCH (d)-[:OWNED_BY]->(o:Person) "
    "WITH d, c, o WHERE $owner IS NULL OR o.id = $owner "
    "RETURN properties(d) AS props, c.id AS company, o.id AS owner ORDER BY d.id"
)
LINK_EVIDENCE = (
    "UNWIND range(0, size($pairs) - 1) AS idx "
    "WITH idx, $pairs[idx] AS pair "
    "MATCH (a:Person {id: pair[0]}), (b:Person {id: pair[1]}) WHERE a <> b "
    "OPTIONAL MATCH (a)-[k:KNOWS]-(b) "
    "RETURN idx, k.since AS since, k.origin AS origin, "
    "  [(a)-[:SENT]->(i:Interaction)-[:TO]->(b) | [i.kind, i.at]] AS ab, "
    "  [(b)-[:SENT]->(i:Interaction)-[:TO]->(a) | [i.kind, i.at]] AS ba"
)

# -- the history signals are computed from (``SignalReads``) --------------------------------------

#: Every job of each person with a job that started or ended on or after ``$since`` (ISO
#: date strings compare in date order).
EMPLOYMENT_CHANGES = (
    "MATCH (p:Person)-[r:WORKS_AT]->(:Company) "
    "WHERE r.start >= $since OR r.end >= $since "
    "WITH DISTINCT p "
    "MATCH (p)-[r:WORKS_AT]->(c:Company) "
    "RETURN p.id AS person, c.id AS other, r.title AS title, r.start AS start, r.end AS end "
    "ORDER BY person, other"
)
ADVOCACIES_OF = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid})-[r:ADVOCATES_FOR]->(c:Company) "
    "RETURN p.id AS person, c.id AS other, r.level AS level, r.since AS since "
    "ORDER BY person, other"
)
#: Each KNOWS once, as stored (smaller id -> larger id).
CONNECTIONS_OF = (
    _TOUCHING_KNOWS + "MATCH (a:Person)-[k]->(b:Person) "
    "RETURN a.id AS me, b.id AS other, k.since AS since, k.origin AS origin "
    "ORDER BY me, other"
)
INTERACTIONS_OF_PEOPLE = _TOUCHING_INTERACTIONS + _INTERACTION_FIELDS + "ORDER BY at, id"

# -- bulk import (``$rows`` batches; see the module docstring on ``coalesce``) ------------------

#: ``r.search`` holds the four lower-cased parts of the search key (id, name, email, title),
#: None where the row has no value: that part is then taken from the stored key, so the key
#: always matches the stored properties. (Lower-casing stays in Python, as everywhere else.)
IMPORT_PEOPLE = (
    "UNWIND $rows AS r "
    "MERGE (p:Person {id: r.id}) ON CREATE SET p.advocacy = 0.0 "
    "WITH r, p, split(p.search, $sep) AS old "
    "SET p.name = coalesce(r.name, p.name), p.title = coalesce(r.title, p.title), "
    "  p.email = coalesce(r.email, p.email), p.location = coalesce(r.location, p.location), "
    "  p.linkedin = coalesce(r.linkedin, p.linkedin), "
    "  p.twitter = coalesce(r.twitter, p.twitter), "
    "  p.doNotContact = coalesce(r.doNotContact, p.doNotContact, false), "
    "  p.tags = coalesce(r.tags, p.tags, []), "
    "  p.search = coalesce(r.search[0], old[0], '') + $sep + coalesce(r.search[1], old[1], '') "
    "    + $sep + coalesce(r.search[2], old[2], '') + $sep + coalesce(r.search[3], old[3], '')"
)
IMPORT_COMPANIES = (
    "UNWIND $rows AS r MERGE (n:Company {id: r.id}) "
    "SET n.name = coalesce(r.name, n.name), n.domain = coalesce(r.domain, n.domain), "
    "  n.industry = coalesce(r.industry, n.industry), "
    "  n.employees = coalesce(r.employees, n.employees)"
)
IMPORT_COMMUNITIES = (
    "UNWIND $rows AS r MERGE (n:Community {id: r.id}) "
    "SET n.name = coalesce(r.name, n.name), "
    f"  n.kind = coalesce(r.kind, n.kind, '{CommunityKind.OTHER.value}'), "
    "  n.url = coalesce(r.url, n.url)"
)
_SET_KNOWS = (
    "SET k.since = coalesce(r.since, k.since), "
    f"  k.origin = coalesce(r.origin, k.origin, '{ConnectionOrigin.MANUAL.value}') "
)
IMPORT_CONNECTIONS = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "MERGE (a)-[k:KNOWS]->(b) " + _SET_KNOWS
)
#: Into a graph without interactions: every LINK of a KNOWS pair has the same strength
#: (``$strength``), so it is written with the KNOWS instead of being recomputed.
IMPORT_CONNECTIONS_UNLINKED = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "MERGE (a)-[k:KNOWS]->(b) " + _SET_KNOWS + "MERGE (a)-[l:LINK]->(b) SET l.strength = $strength"
)
#: Into a graph without KNOWS or interactions (so without LINKs), distinct pairs only:
#: nothing to merge with, so plain CREATE (MERGE would search each pair's relationships).
IMPORT_CONNECTIONS_FRESH = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "CREATE (a)-[:KNOWS {since: r.since, "
    f"  origin: coalesce(r.origin, '{ConnectionOrigin.MANUAL.value}')}}]->(b) "
    "CREATE (a)-[:LINK {strength: $strength}]->(b)"
)
IMPORT_EMPLOYMENT = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Company {id: r.other}) "
    "MERGE (p)-[e:WORKS_AT]->(c) "
    "SET e.title = coalesce(r.title, e.title), e.start = coalesce(r.start, e.start), "
    "  e.end = coalesce(r.end, e.end)"
)
IMPORT_MEMBERSHIPS = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Community {id: r.other}) "
    "MERGE (p)-[e:MEMBER_OF]->(c) "
    "SET e.role = coalesce(r.role, e.role), e.since = coalesce(r.since, e.since)"
)
IMPORT_ADVOCATES = (
    "UNWIND $rows AS r "
    "MATCH (p:Person {id: r.person}), (c:Company {id: r.other}) "
    "MERGE (p)-[e:ADVOCATES_FOR]->(c) "
    f"SET e.level = coalesce(r.level, e.level, '{AdvocacyLevel.PROMOTER.value}'), "
    "  e.since = coalesce(r.since, e.since)"
)
#: Existing interactions of the batch whose actor or recipient changes: their old pair must
#: be recomputed, and their SENT/TO re-pointed.
IMPORT_MOVED_INTERACTIONS = (
    "UNWIND $rows AS r "
    "MATCH (a:Person)-[:SENT]->(i:Interaction {id: r.id})-[:TO]->(b:Person) "
    "WHERE a.id <> r.actor OR b.id <> r.recipient "
    "RETURN a.id AS actor, b.id AS recipient"
)
#: A row without a community keeps the interaction's stored community.
IMPORT_INTERACTIONS = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.actor}), (b:Person {id: r.recipient}) "
    "MERGE (i:Interaction {id: r.id}) "
    "SET i.kind = coalesce(r.kind, i.kind), i.at = coalesce(r.at, i.at) "
    "WITH r, a, b, i "
    "CALL (i, a, b, r) { "
    "  OPTIONAL MATCH (x:Person)-[s:SENT]->(i) WHERE x <> a DELETE s "
    "  WITH DISTINCT i "
    "  OPTIONAL MATCH (i)-[t:TO]->(y:Person) WHERE y <> b DELETE t "
    "  WITH DISTINCT i "
    "  OPTIONAL MATCH (i)-[g:IN]->(c:Community) "
    "    WHERE r.community IS NOT NULL AND c.id <> r.community "
    "  DELETE g "
    "} "
    "MERGE (a)-[:SENT]->(i) "
    "MERGE (i)-[:TO]->(b) "
    "WITH r, i WHERE r.community IS NOT NULL "
    "MATCH (c:Community {id: r.community}) "
    "MERGE (i)-[:IN]->(c)"
)
#: Into a graph without interactions, one row per pair holding all its interactions
#: (``r.ab`` / ``r.ba``: ``[id, kind, at, community]`` sent by a / by b): each person is
#: looked up once per pair rather than per interaction, and the pair's LINK is written in
#: the same pass. Without interactions a pair has a LINK iff it KNOWS each other, so the
#: LINK found (or not) tells which of ``r.known`` / ``r.unknown`` is its strength.
IMPORT_INTERACTION_PAIRS_FRESH = (
    "UNWIND $rows AS r "
    "MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) "
    "CALL (a, b, r) { "
    "  UNWIND r.ab AS x "
    "  CREATE (a)-[:SENT]->(i:Interaction {id: x[0], kind: x[1], at: x[2]})-[:TO]->(b) "
    "  WITH i, x WHERE x[3] IS NOT NULL "
    "  MATCH (c:Community {id: x[3]}) CREATE (i)-[:IN]->(c) "
    "} "
    "CALL (a, b, r) { "
    "  UNWIND r.ba AS x "
    "  CREATE (b)-[:SENT]->(i:Interaction {id: x[0], kind: x[1], at: x[2]})-[:TO]->(a) "
    "  WITH i, x WHERE x[3] IS NOT NULL "
    "  MATCH (c:Community {id: x[3]}) CREATE (i)-[:IN]->(c) "
    "} "
    "OPTIONAL MATCH (a)-[l:LINK]->(b) "
    "SET l.strength = r.known "
    "FOREACH (_ IN CASE WHEN l IS NULL THEN [1] ELSE [] END | "
    "  CREATE (a)-[:LINK {strength: r.unknown}]->(b))"
)
#: A row without an owner keeps the deal's stored owner; its company is re-pointed. A row
#: that creates a deal or changes its stage records the change at ``$at`` (the import's time).
IMPORT_DEALS = (
    "UNWIND $rows AS r "
    "OPTIONAL MATCH (old:Deal {id: r.id}) "
    "WITH r, old.stage AS before "
    "MERGE (d:Deal {id: r.id}) "
    "SET d.name = coalesce(r.name, d.name), "
    f"  d.stage = coalesce(r.stage, d.stage, '{DealStage.PROSPECTING.value}'), "
    "  d.amount = coalesce(r.amount, d.amount), "
    "  d.createdAt = coalesce(r.createdAt, d.createdAt), "
    "  d.closedAt = coalesce(r.closedAt, d.closedAt) "
    # a created deal, or one whose stage the row changed, gets its stage change ($at)
    "FOREACH (_ IN CASE WHEN before IS NULL OR before <> d.stage THEN [1] ELSE [] END | "
    "  CREATE (d)-[:HAD_STAGE]->(:StageChange {id: randomUUID(), dealId: d.id, "
    "    stageFrom: before, stageTo: d.stage, at: $at})) "
    "WITH r, d "
    "CALL (d, r) { "
    "  OPTIONAL MATCH (d)-[x:FOR|OWNED_BY]->() "
    "    WHERE (type(x) = 'FOR' AND r.company IS NOT NULL) "
    "      OR (type(x) = 'OWNED_BY' AND r.owner IS NOT NULL) "
    "  DELETE x "
    "} "
    "WITH r, d "
    "OPTIONAL MATCH (c:Company {id: r.company}) "
    "FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (d)-[:FOR]->(c)) "
    "WITH r, d "
    "OPTIONAL MATCH (o:Person {id: r.owner}) "
    "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (d)-[:OWNED_BY]->(o))"
)
ANY_INTERACTION = "MATCH (i:Interaction) RETURN i.id AS id LIMIT 1"
ANY_KNOWS = "MATCH (:Person)-[k:KNOWS]->(:Person) RETURN 1 AS found LIMIT 1"

# -- the three queries (used by ``traversal``, the lead's module) ----------------------------------

#: Every shortest path of at most ``h`` LINKs from ``$source`` to ``$target`` whose
#: intermediaries, and the target, may be contacted (none to a doNotContact target), with
#: its strengths in path order: the only candidates of a ``HOPS, limit 1`` query. Neo4j
#: searches from both ends (StatefulShortestPath), so this touches far less than the two
#: balls the general query fetches. The quantifier bound cannot be a parameter (nor 0),
#: hence one statement per ``h`` from 2.
ALLOWED_SHORTEST_PATHS = {
    h: (
        "MATCH (s:Person {id: $source}), (t:Person {id: $target}) "
        "WHERE NOT coalesce(t.doNotContact, false) "
        "MATCH p = ALL SHORTEST (s) "
        "  (()-[:LINK]-(m:Person) WHERE NOT coalesce(m.doNotContact, false))"
        f"{{0,{h - 1}}} ()-[:LINK]-(t) "
        "RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | r.strength] AS strengths"
    )
    for h in range(2, MAX_HOPS + 1)
}
#: A path target person, if it exists and may be contacted.
CONTACTABLE_PERSON = (
    "MATCH (p:Person {id: $id}) WHERE NOT coalesce(p.doNotContact, false) RETURN p.id AS id"
)
#: Path targets for a company: its current employees who may be contacted.
CONTACTABLE_EMPLOYEES = (
    "MATCH (p:Person)-[r:WORKS_AT]->(:Company {id: $company}) "
    "WHERE r.end IS NULL AND NOT coalesce(p.doNotContact, false) "
    "RETURN DISTINCT p.id AS id"
)
#: Density seeds: a company's current employees (doNotContact included), a community's members.
CURRENT_EMPLOYEES = (
    "MATCH (p:Person)-[r:WORKS_AT]->(:Company {id: $company}) WHERE r.end IS NULL "
    "RETURN DISTINCT p.id AS id"
)
COMMUNITY_MEMBERS = (
    "MATCH (p:Person)-[:MEMBER_OF]->(:Community {id: $community}) RETURN DISTINCT p.id AS id"
)
#: Everyone LINKed to any of ``$ids`` (once each), with their doNotContact flag.
NEIGHBOURS = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[:LINK]-(n:Person) WITH DISTINCT n "
    "RETURN collect(n.id) AS ids, collect(coalesce(n.doNotContact, false)) AS dnc"
)
#: Each of ``$ids`` with each of its LINKed neighbours.
NEIGHBOURS_OF_EACH = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid})-[:LINK]-(n:Person) "
    "RETURN p.id AS id, n.id AS nbr"
)
#: The LINKs with both ends among ``$ids`` (each once, smaller id first).
# The LINKs among a region's people, as three parallel lists in one record (per-record
# decoding in the driver costs ~25 us; lists of numbers are far cheaper). ``$position`` maps
# each id of the region to its index: a hashed lookup that also filters out the rest.
LINKS_WITHIN = (
    "UNWIND $ids AS pid MATCH (:Person {id: pid})-[l:LINK]->(b:Person) "
    "WITH $position[pid] AS i, $position[b.id] AS j, l.strength AS s WHERE j IS NOT NULL "
    "RETURN collect(i) AS src, collect(j) AS dst, collect(s) AS strength"
)
ADVOCATES_AMONG = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) WHERE p.advocacy > 0 RETURN p.id AS id"
)
ADVOCATES_OF_COMPANY_AMONG = (
    "UNWIND $ids AS pid "
    "MATCH (p:Person {id: pid})-[:ADVOCATES_FOR]->(:Company {id: $company}) "
    "RETURN DISTINCT p.id AS id"
)
# Bulk streams for influence, as parallel lists (see LINKS_WITHIN on why not records).
ALL_PEOPLE = (
    "MATCH (p:Person) RETURN collect(p.id) AS ids, collect(coalesce(p.advocacy, 0.0)) AS advocacy"
)
ALL_LINKS = (
    "MATCH (a:Person)-[l:LINK]->(b:Person) "
    "RETURN collect(a.id) AS a, collect(b.id) AS b, collect(l.strength) AS strength"
)

# Bulk streams for exports (``ExportReads``), as parallel lists like the two above.
ALL_IDS = {
    label: f"MATCH (n:{label}) RETURN collect(n.id) AS ids"
    for label in ("Person", "Company", "Community", "Deal")
}
#: Each KNOWS once, smaller id first.
ALL_KNOWS_PAIRS = (
    "MATCH (a:Person)-[:KNOWS]-(b:Person) WHERE a.id < b.id "
    "RETURN collect(a.id) AS a, collect(b.id) AS b"
)
#: Interactions either way per pair of people, smaller id first, with the latest one's time.
INTERACTING_PAIRS = (
    "MATCH (s:Person)-[:SENT]->(i:Interaction)-[:TO]->(r:Person) "
    "WITH CASE WHEN s.id < r.id THEN s.id ELSE r.id END AS a, "
    "  CASE WHEN s.id < r.id THEN r.id ELSE s.id END AS b, i.at AS at "
    "WITH a, b, count(*) AS n, max(at) AS last "
    "RETURN collect(a) AS a, collect(b) AS b, collect(n) AS n, collect(last) AS last"
)


# -- access records: users, suppressions, the audit log, the secret ------------------------------
# Run through ``Session.write(..., changes_data=False)``: none of them is graph data.

_USER_FIELDS = (
    "RETURN u.email AS email, u.role AS role, u.personId AS personId, u.team AS team, "
    "u.teamLink AS teamLink, u.createdAt AS createdAt, u.revokedAt AS revokedAt"
)
USER_EXISTS = "MATCH (u:User {email: $email}) RETURN count(u) > 0 AS found"
#: ``$props`` never holds a null (a missing key stays missing), so ``SET u = $props`` works.
CREATE_USER = "CREATE (u:User) SET u = $props"
GET_USER = "MATCH (u:User {email: $email}) " + _USER_FIELDS
USER_BY_TOKEN = "MATCH (u:User {tokenHash: $tokenHash}) WHERE u.revokedAt IS NULL " + _USER_FIELDS
LIST_USERS = "MATCH (u:User) " + _USER_FIELDS + " ORDER BY email"
UPDATE_USER = (
    "MATCH (u:User {email: $email}) "
    "SET u.role = $role, u.personId = $personId, u.team = $team, u.teamLink = $teamLink "
    "RETURN count(u) AS updated"
)
REISSUE_USER = (
    "MATCH (u:User {email: $email}) "
    "SET u.tokenHash = $tokenHash REMOVE u.revokedAt "
    "RETURN count(u) AS updated"
)
REVOKE_USER = (
    "MATCH (u:User {email: $email}) "
    "SET u.revokedAt = $at REMOVE u.tokenHash "
    "RETURN count(u) AS updated"
)

HMAC_KEY_NAME = "suppression"
#: Created once: of two transactions racing here, the second finds the first one's node (the
#: ``secret_name`` constraint makes MERGE take a lock) and returns its value.
ENSURE_HMAC_KEY = (
    "MERGE (s:Secret {name: $name}) ON CREATE SET s.value = $value RETURN s.value AS value"
)
GET_HMAC_KEY = "MATCH (s:Secret {name: $name}) RETURN s.value AS value"
ADD_SUPPRESSIONS = "UNWIND $keys AS key MERGE (s:Suppression {key: key}) ON CREATE SET s.at = $at"
SUPPRESSED = "UNWIND $keys AS key MATCH (s:Suppression {key: key}) RETURN s.key AS key"
SUPPRESSION_COUNT = "MATCH (s:Suppression) RETURN count(s) AS n"

AUDIT_COUNTER_KEY = "audit"
#: ``SET c.seq = c.seq + 1`` reads what it writes, so Cypher takes the counter's write lock
#: before reading: concurrent appends get distinct seqs, increasing in commit order.
APPEND_AUDIT = (
    "MERGE (c:AuditCounter {key: $counter}) ON CREATE SET c.seq = 0 "
    "SET c.seq = c.seq + 1 "
    "CREATE (e:AuditEntry {seq: c.seq}) SET e += $props "
    "RETURN e.seq AS seq"
)
AUDIT_ENTRIES = (
    "MATCH (e:AuditEntry) WHERE $since IS NULL OR e.at >= $since "
    "RETURN e.seq AS seq, e.at AS at, e.actor AS actor, e.action AS action, "
    "e.target AS target, e.detail AS detail "
    "ORDER BY e.seq DESC LIMIT $limit"
)


# -- webhooks and their delivery log -------------------------------------------------------------
# Written with ``changes_data=False``: not graph data. A delivery's ``webhookId`` is a property,
# not a relationship: the log outlives a removed webhook. Deliveries are numbered through the
# ``AuditCounter`` node keyed ``WEBHOOK_COUNTER_KEY`` (its write lock orders concurrent appends).

WEBHOOK_EXISTS = "MATCH (w:Webhook {id: $id}) RETURN count(w) > 0 AS found"
CREATE_WEBHOOK = "CREATE (w:Webhook) SET w = $props"
LIST_WEBHOOKS = (
    "MATCH (w:Webhook) RETURN w.id AS id, w.url AS url, w.events AS events, "
    "w.secret AS secret, w.createdAt AS createdAt ORDER BY createdAt, id"
)
REMOVE_WEBHOOK = "MATCH (w:Webhook {id: $id}) DELETE w RETURN count(*) AS removed"
WEBHOOK_COUNTER_KEY = "webhook_delivery"
#: Takes the counter's write lock first (``SET`` reads what it writes), reserving one seq per
#: row, then numbers the rows from the reserved block, in order.
APPEND_DELIVERIES = (
    "MERGE (c:AuditCounter {key: $counter}) ON CREATE SET c.seq = 0 "
    "SET c.seq = c.seq + size($rows) "
    "WITH c.seq - size($rows) AS base "
    "UNWIND range(0, size($rows) - 1) AS i "
    "CREATE (d:WebhookDelivery {seq: base + i + 1}) SET d += $rows[i]"
)
DELIVERIES = (
    "MATCH (d:WebhookDelivery) WHERE $webhookId IS NULL OR d.webhookId = $webhookId "
    "RETURN d.seq AS seq, d.deliveryId AS deliveryId, d.webhookId AS webhookId, "
    "d.eventType AS eventType, d.attempt AS attempt, d.at AS at, d.outcome AS outcome, "
    "d.statusCode AS statusCode, d.error AS error, d.durationMs AS durationMs "
    "ORDER BY d.seq DESC LIMIT $limit"
)

# -- external ids and identities ----------------------------------------------------------------
# External ids are written with ``changes_data=False``: import bookkeeping, not graph data.

EXTERNAL_IDS = (
    "UNWIND $keys AS key "
    "MATCH (x:ExternalId {source: $source, kind: $kind, key: key}) "
    "RETURN x.key AS key, x.id AS id"
)
#: MERGE on the ``external_id_key`` constraint's properties: safe against a concurrent import
#: recording the same key (the constraint's index lock serialises them).
RECORD_EXTERNAL_IDS = (
    "UNWIND $rows AS row "
    "MERGE (x:ExternalId {source: $source, kind: $kind, key: row.key}) "
    "SET x.id = row.id"
)
#: Everyone with the ids of the companies they work at now (no end); one read. Read by
#: position: ``id, name, email, linkedin, companies`` (and ``id, name, domain`` below).
PERSON_IDENTITIES = (
    "MATCH (p:Person) "
    "RETURN p.id AS id, p.name AS name, p.email AS email, p.linkedin AS linkedin, "
    "COLLECT { MATCH (p)-[r:WORKS_AT]->(c:Company) WHERE r.end IS NULL RETURN c.id } "
    "AS companies"
)
COMPANY_IDENTITIES = (
    "MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.domain AS domain ORDER BY id"
)

# -- deal pages and stage history ---------------------------------------------------------------

#: Deals matching the filters: ``$owners`` (null: any owner; a list: owned by one of them,
#: starting from those people), ``$company``, ``$open`` (null: any; ``$closed`` the stages of
#: closed deals).
_DEALS_BY_OWNER = (
    "MATCH (o:Person) WHERE o.id IN $owners "
    "MATCH (d:Deal)-[:OWNED_BY]->(o) MATCH (d)-[:FOR]->(c:Company) "
)
_DEALS_ANY_OWNER = (
    "MATCH (d:Deal)-[:FOR]->(c:Company) OPTIONAL MATCH (d)-[:OWNED_BY]->(o:Person) WITH d, c, o "
)
_DEAL_CONDITIONS = (
    "WHERE ($company IS NULL OR c.id = $company) "
    "  AND ($open IS NULL OR (NOT d.stage IN $closed) = $open) "
)
DEAL_COUNT = {
    by_owner: (_DEALS_BY_OWNER if by_owner else _DEALS_ANY_OWNER)
    + _DEAL_CONDITIONS
    + "RETURN count(d) AS n"
    for by_owner in (True, False)
}


def _deal_page(by_owner: bool, descending: bool) -> str:
    """One keyset page: ``d[$field]`` (nulls last, then id), after (``$afterId``,
    ``$afterValue``) when ``$hasAfter``; the direction cannot be a parameter."""
    beyond, direction = ("<", "DESC") if descending else (">", "ASC")
    return (
        (_DEALS_BY_OWNER if by_owner else _DEALS_ANY_OWNER)
        + _DEAL_CONDITIONS
        + "WITH d, c, o, d[$field] AS v "
        "WHERE NOT $hasAfter OR CASE WHEN $afterValue IS NULL "
        "  THEN v IS NULL AND d.id > $afterId "
        f"  ELSE v IS NULL OR v {beyond} $afterValue OR (v = $afterValue AND d.id > $afterId) "
        "END "
        "RETURN properties(d) AS props, c.id AS company, o.id AS owner "
        f"ORDER BY v IS NULL, v {direction}, d.id LIMIT $limit"
    )


#: ``(by owner, descending)`` -> statement.
DEAL_PAGE = {
    (by_owner, descending): _deal_page(by_owner, descending)
    for by_owner in (True, False)
    for descending in (True, False)
}
STAGE_OF = "OPTIONAL MATCH (d:Deal {id: $id}) RETURN d.stage AS stage"
RECORD_STAGE_CHANGE = (
    "MATCH (d:Deal {id: $id}) "
    "CREATE (d)-[:HAD_STAGE]->(:StageChange {id: randomUUID(), dealId: $id, "
    "  stageFrom: $stageFrom, stageTo: $stageTo, at: $at})"
)
_STAGE_CHANGE_FIELDS = (
    "RETURN s.dealId AS deal, s.stageFrom AS stageFrom, s.stageTo AS stageTo, s.at AS at "
)
STAGE_CHANGES = (
    "MATCH (:Deal {id: $id})-[:HAD_STAGE]->(s:StageChange) "
    + _STAGE_CHANGE_FIELDS
    + "ORDER BY s.at"
)
STAGE_CHANGES_SINCE = (
    "MATCH (s:StageChange) WHERE s.at >= $at "
    + _STAGE_CHANGE_FIELDS
    + "ORDER BY s.at, s.dealId LIMIT $limit"
)

# -- the activity stream's keyset reads (``ActivityPages``), per subject kind ---------------------

#: The subject's people, as ``p``: the person, the company's current staff, the members.
_SUBJECT_PEOPLE = {
    "person": "MATCH (p:Person {id: $subject}) ",
    "company": (
        "MATCH (p:Person)-[r:WORKS_AT]->(:Company {id: $subject}) WHERE r.end IS NULL "
        "WITH DISTINCT p "
    ),
    "community": "MATCH (p:Person)-[:MEMBER_OF]->(:Community {id: $subject}) WITH DISTINCT p ",
}
#: The subject's jobs, as ``p``-[``r``]->``c``.
_SUBJECT_JOBS = {
    "person": "MATCH (p:Person {id: $subject})-[r:WORKS_AT]->(c:Company) ",
    "company": "MATCH (p:Person)-[r:WORKS_AT]->(c:Company {id: $subject}) ",
    "community": (
        "MATCH (:Community {id: $subject})<-[:MEMBER_OF]-(p:Person)-[r:WORKS_AT]->(c:Company) "
    ),
}
#: In the window: ``$lo``/``$hi`` epoch seconds for times, ``$day_lo``/``$day_hi`` ISO days.
_IN_WINDOW = "($lo IS NULL OR {v} >= $lo) AND ($hi IS NULL OR {v} <= $hi)"
_IN_DAYS = "($day_lo IS NULL OR {v} >= $day_lo) AND ($day_hi IS NULL OR {v} <= $day_hi)"
_SUBJECT_INTERACTIONS = (
    "CALL (p) { "
    "  MATCH (p)-[:SENT]->(i:Interaction) RETURN i "
    "  UNION "
    "  MATCH (i:Interaction)-[:TO]->(p) RETURN i "
    "} "
    "WITH DISTINCT i WHERE " + _IN_WINDOW.format(v="i.at") + " "
)
#: The dated KNOWS in the window touching ``people`` (a list of the subject's people).
_SUBJECT_KNOWS = (
    "UNWIND people AS p "
    "MATCH (p)-[k:KNOWS]-(:Person) "
    "WHERE k.since IS NOT NULL AND " + _IN_DAYS.format(v="k.since") + " "
)
#: Newest ``$limit`` interactions touching the subject's people in [``$lo``, ``$hi``].
RECENT_INTERACTIONS = {
    kind: people
    + _SUBJECT_INTERACTIONS
    + "WITH i ORDER BY i.at DESC LIMIT $limit "
    + _INTERACTION_FIELDS
    for kind, people in _SUBJECT_PEOPLE.items()
}
#: Newest ``$limit`` dated KNOWS touching them, ``me`` one of them (the smaller id if both).
RECENT_KNOWS = {
    kind: people
    + "WITH collect(p) AS people "
    + _SUBJECT_KNOWS
    + "WITH DISTINCT k, people ORDER BY k.since DESC LIMIT $limit "
    "WITH k, people, startNode(k) AS a, endNode(k) AS b "
    "WITH k, a, b, a IN people AS a_leads "
    "RETURN CASE WHEN a_leads THEN a.id ELSE b.id END AS me, "
    "  CASE WHEN a_leads THEN b.id ELSE a.id END AS other, k.since AS since, k.origin AS origin"
    for kind, people in _SUBJECT_PEOPLE.items()
}
#: Newest ``$limit`` of the subject's jobs by the day named ``$day`` (``start`` or ``end``).
RECENT_JOBS = {
    kind: jobs + "WITH p, r, c, r[$day] AS day "
    "WHERE day IS NOT NULL AND " + _IN_DAYS.format(v="day") + " "
    "RETURN p.id AS person, c.id AS other, r.title AS title, r.start AS start, r.end AS end "
    "ORDER BY day DESC LIMIT $limit"
    for kind, jobs in _SUBJECT_JOBS.items()
}
#: How many events of each kind the three reads above would yield with no limit (``$hi``
#: is NULL).
ACTIVITY_COUNTS = {
    kind: people
    + "WITH collect(p) AS people "
    + "CALL (people) { UNWIND people AS p "
    + _SUBJECT_INTERACTIONS
    + "RETURN count(i) AS interactions } "
    + "CALL (people) { "
    + _SUBJECT_KNOWS
    + "RETURN count(DISTINCT k) AS connections } "
    + "CALL () { "
    + jobs
    + "RETURN count(CASE WHEN r.start IS NOT NULL AND ($day_lo IS NULL OR r.start >= $day_lo) "
    + "  THEN 1 END) AS started, "
    + "  count(CASE WHEN r.end IS NOT NULL AND ($day_lo IS NULL OR r.end >= $day_lo) "
    + "  THEN 1 END) AS ended } "
    + "RETURN interactions, connections, started, ended"
    for (kind, people), jobs in zip(_SUBJECT_PEOPLE.items(), _SUBJECT_JOBS.values(), strict=True)
}

# -- introduction requests (``intros``; not graph data: no version bump) ----------------------

#: Take each lock (sorted keys, so two asks never wait on each other in a circle): MERGE
#: makes the node once (the constraint makes that safe), SET takes its write lock until
#: the transaction ends.
INTRO_LOCK = "UNWIND $keys AS key MERGE (l:IntroLock {key: key}) SET l.at = $at"
_INTRO_LIVE = (
    "r.status IN $statuses AND NOT (r.status = 'requested' AND r.createdAt < $expiredBefore)"
)
INTRO_BLOCKING = (
    "MATCH (r:IntroRequest {team: $team, targetId: $targetId}) "
    "WHERE r.createdAt >= $windowStart AND " + _INTRO_LIVE + " "
    "RETURN r.id AS id ORDER BY r.createdAt, r.id LIMIT 1"
)
INTRO_OPEN_ASKS = (
    "OPTIONAL MATCH (c:IntroCapacity {personId: $connectorId}) "
    "CALL (c) { MATCH (r:IntroRequest {connectorId: $connectorId}) WHERE " + _INTRO_LIVE + " "
    "RETURN count(r) AS asks } "
    "RETURN c.capacity AS capacity, asks"
)
INTRO_EXISTS = "MATCH (r:IntroRequest {id: $id}) RETURN count(r) AS n"
CREATE_INTRO = "CREATE (r:IntroRequest) SET r = $props"
#: Lock the request before reading its status (the compare of compare-and-set).
INTRO_LOCK_REQUEST = (
    "MATCH (r:IntroRequest {id: $id}) SET r.lockedAt = $at RETURN r.status AS status"
)
INTRO_TRANSITION = (
    "MATCH (r:IntroRequest {id: $id}) WHERE r.status = $expected "
    "SET r += $changes, r.status = $status, "
    "r.historyStatus = r.historyStatus + $append.status, "
    "r.historyAt = r.historyAt + $append.at, r.historyBy = r.historyBy + $append.by"
)
EXPIRE_INTROS = (
    "MATCH (r:IntroRequest {status: 'requested'}) WHERE r.createdAt < $before "
    "SET r.status = 'expired', r.historyStatus = r.historyStatus + 'expired', "
    "r.historyAt = r.historyAt + $at, r.historyBy = r.historyBy + $by "
    "RETURN properties(r) AS props ORDER BY r.id"
)
GET_INTROS = "UNWIND $ids AS id MATCH (r:IntroRequest {id: id}) RETURN properties(r) AS props"
INTRO_PAGE = (
    "MATCH (r:IntroRequest) "
    "WHERE ($requester IS NULL OR r.requester = $requester) "
    "AND ($team IS NULL OR r.team = $team) "
    "AND ($connectorIds IS NULL OR r.connectorId IN $connectorIds) "
    "AND ($targetIds IS NULL OR r.targetId IN $targetIds) "
    "AND ($statuses IS NULL OR r.status IN $statuses) "
    "AND ($afterAt IS NULL OR r.createdAt < $afterAt "
    "     OR (r.createdAt = $afterAt AND r.id > $afterId)) "
    "RETURN properties(r) AS props ORDER BY r.createdAt DESC, r.id LIMIT $limit"
)
ALL_INTROS = "MATCH (r:IntroRequest) RETURN properties(r) AS props ORDER BY r.createdAt, r.id"
INTRO_VERSION = "MATCH (r:IntroRequest) RETURN coalesce(sum(size(r.historyStatus)), 0) AS entries"
SET_INTRO_CAPACITY = "MERGE (c:IntroCapacity {personId: $personId}) SET c.capacity = $capacity"
CLEAR_INTRO_CAPACITY = "MATCH (c:IntroCapacity {personId: $personId}) DELETE c"
INTRO_CAPACITY = "MATCH (c:IntroCapacity {personId: $personId}) RETURN c.capacity AS capacity"
