"""``IntroRequests``: introduction requests, their guard rails and compare-and-set steps, on
every backend; races run in real threads, each on its own store handle."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.errors import Conflict, NotFound
from graph.intro import (
    AskRules,
    DuplicateAsk,
    HistoryEntry,
    IntroFilter,
    IntroRequest,
    IntroStatus,
    OverCapacity,
    StaleStatus,
)
from graph.intro_outcomes import AskOutcome
from graph.store.base import IntroRequests
from tests.conftest import open_test_store

pytestmark = pytest.mark.protocol.with_args(IntroRequests)

T0 = datetime(2026, 10, 1, 9, 0, 0, 250000, tzinfo=UTC)
S = IntroStatus


def rules(now: datetime = T0, capacity: int = 3) -> AskRules:
    return AskRules(now - timedelta(days=30), now - timedelta(days=14), capacity)


def ask(
    id: str,
    *,
    team: str = "east",
    path: tuple[str, ...] = ("rita", "carl", "tom"),
    at: datetime = T0,
    requester: str = "rita@acme.example",
) -> IntroRequest:
    return IntroRequest(
        id=id,
        requester=requester,
        requester_person_id=path[0],
        team=team,
        path=path,
        note="met at the summit",
        status=S.REQUESTED,
        created_at=at,
        history=(HistoryEntry(S.REQUESTED, at, requester),),
        target_company_id="globex",
    )


def step(records: Any, id: str, frm: S, to: S, at: datetime, by: str = "carl@acme.example") -> Any:
    return records.transition_intro_request(id, frm, HistoryEntry(to, at, by))


class TestRecords:
    def test_a_request_round_trips(self, records: Any) -> None:
        request = replace(ask("r1"), note="zoë 🚀 " * 200, path=("a", "b", "c", "d"))
        records.create_intro_request(request, rules())
        assert records.get_intro_requests(["r1", "nobody"]) == {"r1": request}

    def test_a_step_is_stored_with_who_and_when_and_its_fields(self, records: Any) -> None:
        records.create_intro_request(ask("r1"), rules())
        at = T0 + timedelta(hours=1)
        got = records.transition_intro_request(
            "r1",
            S.REQUESTED,
            HistoryEntry(S.ACCEPTED, at, "carl@acme.example"),
            response_note="happy to",
        )
        assert got.status is S.ACCEPTED and got.response_note == "happy to"
        assert got.history[-1] == HistoryEntry(S.ACCEPTED, at, "carl@acme.example")
        assert records.get_intro_requests(["r1"])["r1"] == got
        step(records, "r1", S.ACCEPTED, S.TARGET_ACCEPTED, at)
        step(records, "r1", S.TARGET_ACCEPTED, S.INTRODUCED, at)
        met = T0 + timedelta(days=3)
        got = records.transition_intro_request(
            "r1",
            S.INTRODUCED,
            HistoryEntry(S.MEETING_HELD, at, "rita@acme.example"),
            meeting_at=met,
        )
        assert got.meeting_at == met
        # a step that keeps the status (linking a deal) adds no history
        linked = records.transition_intro_request(
            "r1", S.MEETING_HELD, HistoryEntry(S.MEETING_HELD, at, "rita"), deal_id="d1"
        )
        assert linked.deal_id == "d1" and linked.history == got.history
        assert [e.status for e in linked.history] == [
            S.REQUESTED,
            S.ACCEPTED,
            S.TARGET_ACCEPTED,
            S.INTRODUCED,
            S.MEETING_HELD,
        ]

    def test_a_stale_step_changes_nothing(self, records: Any) -> None:
        records.create_intro_request(ask("r1"), rules())
        before = step(records, "r1", S.REQUESTED, S.DECLINED, T0)
        with pytest.raises(StaleStatus) as stale:
            step(records, "r1", S.REQUESTED, S.ACCEPTED, T0)
        assert stale.value.code == "CONFLICT" and "DECLINED" in stale.value.message
        assert records.get_intro_requests(["r1"])["r1"] == before
        with pytest.raises(NotFound):
            step(records, "ghost", S.REQUESTED, S.ACCEPTED, T0)

    def test_a_reused_id_is_a_conflict(self, records: Any) -> None:
        records.create_intro_request(ask("r1"), rules())
        with pytest.raises(Conflict):
            records.create_intro_request(ask("r1", team="west", path=("x", "y", "z")), rules())


class TestGuardRails:
    def test_the_same_target_by_the_team_within_the_window_is_refused(self, records: Any) -> None:
        first = ask("r1")
        records.create_intro_request(first, rules())
        first = step(records, "r1", S.REQUESTED, S.ACCEPTED, T0)  # accepted: never expires
        other = ask("r2", path=("sam", "dora", "tom"), requester="sam@acme.example")
        with pytest.raises(DuplicateAsk) as dup:
            records.create_intro_request(other, rules(T0 + timedelta(days=29)))
        assert dup.value.code == "CONFLICT" and "'r1'" in dup.value.message
        assert dup.value.existing == first
        assert records.get_intro_requests(["r2"]) == {}
        # another team may ask; after the window the team may ask again
        records.create_intro_request(replace(other, id="r3", team="west"), rules())
        records.create_intro_request(replace(other, id="r4"), rules(T0 + timedelta(days=31)))

    def test_asks_that_ended_without_an_introduction_do_not_block(self, records: Any) -> None:
        for n, final in enumerate([S.DECLINED, S.WITHDRAWN]):
            records.create_intro_request(ask(f"old{n}"), rules())
            step(records, f"old{n}", S.REQUESTED, final, T0)
        records.create_intro_request(ask("overdue", at=T0 - timedelta(days=15)), rules())
        records.create_intro_request(ask("fresh"), rules())  # the overdue one counts as expired
        with pytest.raises(DuplicateAsk):
            records.create_intro_request(ask("again"), rules())

    def test_a_won_ask_blocks_for_the_window(self, records: Any) -> None:
        records.create_intro_request(ask("r1"), rules())
        for frm, to in [
            (S.REQUESTED, S.ACCEPTED),
            (S.ACCEPTED, S.TARGET_ACCEPTED),
            (S.TARGET_ACCEPTED, S.INTRODUCED),
            (S.INTRODUCED, S.MEETING_HELD),
            (S.MEETING_HELD, S.WON),
        ]:
            step(records, "r1", frm, to, T0)
        with pytest.raises(DuplicateAsk):
            records.create_intro_request(ask("r2"), rules())

    def test_the_connectors_capacity(self, records: Any) -> None:
        targets = ["t1", "t2", "t3", "t4"]
        for t in targets[:3]:
            records.create_intro_request(ask(f"r-{t}", path=("rita", "carl", t)), rules())
        with pytest.raises(OverCapacity) as full:
            records.create_intro_request(ask("r-t4", path=("rita", "carl", "t4")), rules())
        assert full.value.code == "CONFLICT" and "3" in full.value.message
        assert records.get_intro_requests(["r-t4"]) == {}
        # an introduced ask no longer counts; nor does an overdue one
        for frm, to in [
            (S.REQUESTED, S.ACCEPTED),
            (S.ACCEPTED, S.TARGET_ACCEPTED),
            (S.TARGET_ACCEPTED, S.INTRODUCED),
        ]:
            step(records, "r-t1", frm, to, T0)
        records.create_intro_request(ask("r-t4", path=("rita", "carl", "t4")), rules())
        later = T0 + timedelta(days=15)
        records.create_intro_request(ask("r-t5", path=("rita", "carl", "t5")), rules(later))

    def test_a_person_sets_their_own_capacity(self, records: Any) -> None:
        assert records.intro_capacity("carl") is None
        records.set_intro_capacity("carl", 1)
        assert records.intro_capacity("carl") == 1
        records.create_intro_request(ask("r1"), rules())
        with pytest.raises(OverCapacity):
            records.create_intro_request(ask("r2", path=("rita", "carl", "t2")), rules())
        records.set_intro_capacity("carl", None)
        assert records.intro_capacity("carl") is None
        records.create_intro_request(ask("r2", path=("rita", "carl", "t2")), rules())
        records.set_intro_capacity("carl", 0)
        with pytest.raises(OverCapacity):
            records.create_intro_request(ask("r3", path=("rita", "carl", "t3")), rules())


class TestExpiryPagesOutcomes:
    def test_expiry_moves_only_overdue_requested_asks(self, records: Any) -> None:
        records.create_intro_request(ask("old", at=T0 - timedelta(days=20)), rules())
        records.create_intro_request(
            ask("answered", at=T0 - timedelta(days=20), path=("a", "b", "c")), rules()
        )
        step(records, "answered", S.REQUESTED, S.ACCEPTED, T0)
        records.create_intro_request(ask("new", path=("a", "b", "d")), rules())
        expired = records.expire_intro_requests(T0 - timedelta(days=14), T0, "system")
        assert [r.id for r in expired] == ["old"]
        assert expired[0].status is S.EXPIRED
        assert expired[0].history[-1] == HistoryEntry(S.EXPIRED, T0, "system")
        got = records.get_intro_requests(["old", "answered", "new"])
        assert [got[i].status for i in ["old", "answered", "new"]] == [
            S.EXPIRED,
            S.ACCEPTED,
            S.REQUESTED,
        ]
        assert records.expire_intro_requests(T0 - timedelta(days=14), T0, "system") == []

    def test_pages_walk_newest_first_under_filters(self, records: Any) -> None:
        made = []
        for n in range(7):
            at = T0 + timedelta(hours=n // 2)  # pairs share a time: ties go by id
            path = ("rita", "carl" if n % 2 else "dora", f"t{n}")
            who = "rita@acme.example" if n < 5 else "sam@acme.example"
            r = ask(f"r{n}", path=path, at=at, requester=who)
            records.create_intro_request(r, rules(T0 + timedelta(hours=4), capacity=10))
            made.append(r)
        want = sorted(made, key=lambda r: (-r.created_at.timestamp(), r.id))

        def walk(filters: IntroFilter, size: int) -> list[str]:
            seen: list[str] = []
            after = None
            while True:
                page = records.intro_request_page(filters, after, size)
                seen += [r.id for r in page]
                if len(page) < size:
                    return seen
                after = (page[-1].created_at, page[-1].id)

        assert walk(IntroFilter(), 2) == [r.id for r in want]
        assert walk(IntroFilter(connector_ids=["carl"]), 1) == [
            r.id for r in want if r.connector_id == "carl"
        ]
        assert walk(IntroFilter(requester="sam@acme.example"), 3) == ["r6", "r5"]
        step(records, "r3", S.REQUESTED, S.DECLINED, T0)
        assert walk(IntroFilter(statuses=[S.DECLINED]), 5) == ["r3"]
        assert walk(IntroFilter(team="east", target_ids=["t0", "t4"]), 5) == ["r4", "r0"]
        assert records.intro_request_page(IntroFilter(target_ids=[]), None, 5) == []

    def test_ask_outcomes(self, records: Any) -> None:
        records.create_intro_request(ask("yes"), rules())
        at = T0 + timedelta(days=1)
        step(records, "yes", S.REQUESTED, S.ACCEPTED, at)
        step(records, "yes", S.ACCEPTED, S.TARGET_DECLINED, at + timedelta(days=1))
        records.create_intro_request(ask("no", path=("a", "b", "c")), rules())
        step(records, "no", S.REQUESTED, S.DECLINED, at)
        records.create_intro_request(ask("wait", path=("a", "b", "e")), rules())
        got = {o.request_id: o for o in records.ask_outcomes()}
        assert got["yes"] == AskOutcome("yes", "carl", "tom", "globex", T0, True, False, at)
        assert got["no"] == AskOutcome("no", "b", "c", "globex", T0, False, None, at)
        assert got["wait"] == AskOutcome("wait", "b", "e", "globex", T0, None, None, None)


def race(
    request: pytest.FixtureRequest,
    records_path: Any,
    strength_model: Any,
    n: int,
    work: Callable[[Any, int], None],
) -> tuple[int, list[BaseException]]:
    """``work(store, i)`` in ``n`` threads at once, each on its own store; (successes,
    errors)."""
    kind = request.node.callspec.params["records"]
    stores = [open_test_store(kind, request, records_path, strength_model) for _ in range(n)]
    start = threading.Barrier(n)
    ok: list[int] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            work(stores[i], i)
            ok.append(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in stores:
            s.close()
    return len(ok), errors


class TestRaces:
    def test_two_reps_asking_for_the_same_target_at_once(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        def ask_from(store: Any, i: int) -> None:
            path = (f"rep{i}", f"connector{i}", "tom")
            store.create_intro_request(
                ask(f"a{attempt}r{i}", path=path, requester=f"rep{i}@acme.example"), rules()
            )

        attempt = 0
        for attempt in range(3):  # noqa: B007 - ask_from reads it
            ok, errors = race(request, records_path, strength_model, 4, ask_from)
            assert ok == 1 and len(errors) == 3
            assert all(isinstance(e, DuplicateAsk) for e in errors), errors
            made = records.intro_request_page(IntroFilter(statuses=[S.REQUESTED]), None, 10)
            assert len(made) == 1 and made[0].target_id == "tom"
            for r in made:  # free the target for the next attempt
                step(records, r.id, S.REQUESTED, S.WITHDRAWN, T0)

    def test_racing_asks_never_pass_a_connectors_capacity(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        def ask_from(store: Any, i: int) -> None:
            path = (f"rep{i}", "carl", f"t{i}")
            store.create_intro_request(ask(f"r{i}", path=path, team=f"team{i}"), rules(capacity=2))

        ok, errors = race(request, records_path, strength_model, 5, ask_from)
        assert ok == 2 and all(isinstance(e, OverCapacity) for e in errors), errors

    def test_two_racing_steps_on_one_request(
        self, records: Any, request: pytest.FixtureRequest, records_path: Any, strength_model: Any
    ) -> None:
        records.create_intro_request(ask("r1"), rules())
        answers = [S.ACCEPTED, S.DECLINED, S.ACCEPTED, S.DECLINED]

        def answer(store: Any, i: int) -> None:
            step(store, "r1", S.REQUESTED, answers[i], T0, by=f"u{i}")

        ok, errors = race(request, records_path, strength_model, 4, answer)
        assert ok == 1 and all(isinstance(e, StaleStatus) for e in errors), errors
        got = records.get_intro_requests(["r1"])["r1"]
        assert len(got.history) == 2 and got.status is got.history[-1].status
