"""``UserRecords``: API users, their tokens (as hashes) and revocation, on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.access.model import Role, User
from graph.access.tokens import hash_token, new_token
from graph.errors import Conflict, NotFound
from graph.store.base import UserRecords
from tests.conftest import open_test_store

pytestmark = pytest.mark.protocol.with_args(UserRecords)

CREATED = datetime(2026, 10, 1, 9, 30, 15, 123456, tzinfo=UTC)
REVOKED = CREATED + timedelta(days=3)


def rep(email: str = "rep@acme.example", **changes: Any) -> User:
    user = User(email, Role.REP, person_id="alice", team="east", created_at=CREATED)
    return replace(user, **changes)


class TestUsers:
    def test_add_then_get_round_trips(self, records: Any) -> None:
        user = rep()
        records.add_user(user, hash_token(new_token()))
        got = records.get_user(user.email)
        assert got == user
        assert isinstance(got.role, Role)
        assert got.active

    def test_optional_fields_stay_empty(self, records: Any) -> None:
        bare = User("analyst@acme.example", Role.ANALYST, team_link=False)
        records.add_user(bare, hash_token(new_token()))
        assert records.get_user(bare.email) == bare

    def test_unknown_user_is_none(self, records: Any) -> None:
        assert records.get_user("nobody@acme.example") is None
        assert records.list_users() == []

    def test_list_is_by_email_and_includes_revoked(self, records: Any) -> None:
        for email in ("zoe@acme.example", "adam@acme.example", "mia@acme.example"):
            records.add_user(rep(email), hash_token(new_token()))
        records.revoke_user("mia@acme.example", REVOKED)
        listed = records.list_users()
        assert [u.email for u in listed] == [
            "adam@acme.example",
            "mia@acme.example",
            "zoe@acme.example",
        ]
        assert [u.active for u in listed] == [True, False, True]

    def test_duplicate_email_conflicts_and_keeps_the_first(self, records: Any) -> None:
        first_hash = hash_token(new_token())
        records.add_user(rep(), first_hash)
        with pytest.raises(Conflict):
            records.add_user(rep(role=Role.ADMIN), hash_token(new_token()))
        assert records.get_user(rep().email) == rep()
        assert records.user_by_token(first_hash) == rep()

    def test_a_revoked_users_email_still_conflicts(self, records: Any) -> None:
        records.add_user(rep(), hash_token(new_token()))
        records.revoke_user(rep().email, REVOKED)
        with pytest.raises(Conflict):
            records.add_user(rep(), hash_token(new_token()))

    def test_update_replaces_role_person_team_and_team_link(self, records: Any) -> None:
        records.add_user(rep(), hash_token(new_token()))
        changed = rep(role=Role.MANAGER, person_id=None, team="west", team_link=False)
        records.update_user(changed)
        assert records.get_user(changed.email) == changed

    def test_update_of_unknown_user_is_not_found(self, records: Any) -> None:
        with pytest.raises(NotFound):
            records.update_user(rep())
        assert records.list_users() == []

    def test_unicode_and_long_values_round_trip(self, records: Any) -> None:
        user = User(
            "zoë.ångström@例え.jp",
            Role.MANAGER,
            person_id="p-" + "é" * 500,
            team="équipe 🚀 " + "x" * 2000,
            created_at=CREATED,
        )
        token_hash = hash_token(new_token())
        records.add_user(user, token_hash)
        assert records.get_user(user.email) == user
        assert records.user_by_token(token_hash) == user


class TestTokens:
    def test_user_by_token_finds_the_active_user(self, records: Any) -> None:
        token = new_token()
        records.add_user(rep(), hash_token(token))
        records.add_user(rep("other@acme.example"), hash_token(new_token()))
        assert records.user_by_token(hash_token(token)) == rep()
        assert records.user_by_token(hash_token(new_token())) is None

    def test_revoked_token_no_longer_authenticates(self, records: Any) -> None:
        token_hash = hash_token(new_token())
        records.add_user(rep(), token_hash)
        records.revoke_user(rep().email, REVOKED)
        assert records.user_by_token(token_hash) is None
        revoked = records.get_user(rep().email)
        assert revoked == rep(revoked_at=REVOKED)
        assert not revoked.active

    def test_new_token_replaces_the_old_one(self, records: Any) -> None:
        old, new = hash_token(new_token()), hash_token(new_token())
        records.add_user(rep(), old)
        records.set_user_token(rep().email, new)
        assert records.user_by_token(old) is None
        assert records.user_by_token(new) == rep()

    def test_new_token_reactivates_a_revoked_user(self, records: Any) -> None:
        old, new = hash_token(new_token()), hash_token(new_token())
        records.add_user(rep(), old)
        records.revoke_user(rep().email, REVOKED)
        records.set_user_token(rep().email, new)
        assert records.user_by_token(new) == rep()
        assert records.get_user(rep().email).active
        assert records.user_by_token(old) is None  # the revoked token stays dead

    def test_token_and_revoke_of_unknown_user_are_not_found(self, records: Any) -> None:
        with pytest.raises(NotFound):
            records.set_user_token("nobody@acme.example", hash_token(new_token()))
        with pytest.raises(NotFound):
            records.revoke_user("nobody@acme.example", REVOKED)
        assert records.list_users() == []

    def test_user_added_revoked_has_no_working_token(self, records: Any) -> None:
        token_hash = hash_token(new_token())
        records.add_user(rep(revoked_at=REVOKED), token_hash)
        assert records.user_by_token(token_hash) is None
        assert records.get_user(rep().email) == rep(revoked_at=REVOKED)

    def test_revocation_through_another_store_applies_at_once(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        # A server already running (``records``, its readers warm) and ``warmgraph users
        # revoke`` in another process (``other``): the very next lookup must fail.
        token_hash = hash_token(new_token())
        records.add_user(rep(), token_hash)
        for _ in range(3):
            assert records.user_by_token(token_hash) == rep()
        other = open_test_store(
            request.node.callspec.params["records"], request, records_path, strength_model
        )
        try:
            other.revoke_user(rep().email, REVOKED)
            assert records.user_by_token(token_hash) is None
            rotated = hash_token(new_token())
            other.set_user_token(rep().email, rotated)
            assert records.user_by_token(rotated) == rep()
        finally:
            other.close()


class TestNotGraphData:
    def test_user_writes_leave_the_data_version_alone(self, records: Any) -> None:
        version = records.data_version()
        for write in (
            lambda: records.add_user(rep(), hash_token(new_token())),
            lambda: records.update_user(rep(role=Role.ADMIN)),
            lambda: records.set_user_token(rep().email, hash_token(new_token())),
            lambda: records.revoke_user(rep().email, REVOKED),
        ):
            write()
            assert records.data_version() == version
