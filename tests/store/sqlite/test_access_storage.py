"""SQLiteRecords' access tables beyond the port: what is on disk, and the writer lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from graph.access.model import Role, User
from graph.access.tokens import hash_token, new_token
from graph.store.sqlite import SQLiteRecords
from tests.store.sqlite.files import check_file, raw_dump

AT = datetime(2026, 11, 1, tzinfo=UTC)


class TestAccessTables:
    def test_only_hashes_are_on_disk(self, records: SQLiteRecords) -> None:
        token = new_token()
        records.add_user(User("a@acme.example", Role.REP), hash_token(token))
        records.revoke_user("a@acme.example", AT)
        records.set_user_token("a@acme.example", hash_token(token))
        assert token not in repr(raw_dump(records.path))
        assert hash_token(token) in repr(raw_dump(records.path)["app_user"])
        check_file(records.path)

    def test_a_users_person_need_not_exist(self, records: SQLiteRecords) -> None:
        # a user may be created before their person is imported, and outlive them
        user = User("a@acme.example", Role.REP, person_id="not-yet")
        records.add_user(user, hash_token(new_token()))
        assert records.get_user(user.email) == user
        check_file(records.path)

    def test_secret_is_one_row(self, records: SQLiteRecords) -> None:
        secret = records.suppression_secret()
        records.suppression_secret()
        conn = sqlite3.connect(records.path)
        try:
            assert conn.execute("SELECT value FROM secret").fetchall() == [(secret,)]
        finally:
            conn.close()
