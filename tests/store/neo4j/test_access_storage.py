"""Neo4jStore's access records beyond the port: their constraints, and what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.access.model import AuditEntry, Role, User
from graph.access.tokens import hash_token, new_token
from graph.errors import Conflict
from graph.store.neo4j import Neo4jStore, cypher
from graph.store.neo4j.session import Session
from tests.store.neo4j.reads import SHOW_CONSTRAINTS

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 11, 1, tzinfo=UTC)


class TestAccessStorage:
    def test_access_constraints_exist(self, records: Neo4jStore, db: Session) -> None:
        unique = {
            (r["labelsOrTypes"][0], tuple(r["properties"]))
            for r in db.query(SHOW_CONSTRAINTS)
            if r["type"] == "UNIQUENESS"
        }
        assert {
            ("User", ("email",)),
            ("User", ("tokenHash",)),
            ("Suppression", ("key",)),
            ("AuditEntry", ("seq",)),
            ("AuditCounter", ("key",)),
            ("Secret", ("name",)),
        } <= unique

    def test_duplicate_email_past_the_check_is_a_conflict(
        self, records: Neo4jStore, db: Session
    ) -> None:
        # two `users add` racing past the existence check: the constraint answers
        records.add_user(User("a@acme.example", Role.REP), hash_token(new_token()))
        with pytest.raises(Conflict):
            db.write(
                lambda tx: tx.run(
                    cypher.CREATE_USER, props={"email": "a@acme.example", "role": "admin"}
                ).consume(),
                changes_data=False,
            )
        assert records.get_user("a@acme.example") == User("a@acme.example", Role.REP)

    def test_only_hashes_are_stored(self, records: Neo4jStore, db: Session) -> None:
        token = new_token()
        records.add_user(User("a@acme.example", Role.REP), hash_token(token))
        stored = db.query("MATCH (u:User) RETURN properties(u) AS props")[0]["props"]
        assert stored["tokenHash"] == hash_token(token)
        assert token not in repr(stored)

    def test_revoked_user_keeps_no_token(self, records: Neo4jStore, db: Session) -> None:
        records.add_user(User("a@acme.example", Role.REP), hash_token(new_token()))
        records.revoke_user("a@acme.example", AT)
        stored = db.query("MATCH (u:User) RETURN properties(u) AS props")[0]["props"]
        assert "tokenHash" not in stored
        assert stored["revokedAt"] == AT.timestamp()

    def test_audit_writes_do_not_take_the_meta_version(
        self, records: Neo4jStore, db: Session
    ) -> None:
        version = records.data_version()
        records.append_audit(AuditEntry(AT, "a@acme.example", "users.add", "user:b"))
        counter = db.query("MATCH (c:AuditCounter) RETURN c.seq AS seq")
        assert counter == [{"seq": 1}]
        assert records.data_version() == version
