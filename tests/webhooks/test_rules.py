"""The pure rules: which event names and URLs an admin may configure, the retry schedule,
the directory's admin-only refusals, and the modules' own examples."""

from __future__ import annotations

import doctest
import random
from pathlib import Path

import pytest

from graph.access.model import Caller, Role
from graph.errors import BadInput, Forbidden
from graph.store.sqlite import SQLiteRecords
from graph.webhooks import model, retry, signing
from graph.webhooks.directory import WebhookDirectory
from graph.webhooks.model import EVENT_TYPES, check_events, check_url, subscribes
from graph.webhooks.retry import RetryPolicy


@pytest.mark.parametrize("module", [model, retry, signing])
def test_examples(module) -> None:
    failed, tried = doctest.testmod(module)
    assert tried > 0 and failed == 0


def test_one_event_per_introduction_status() -> None:
    assert len(EVENT_TYPES) == 11
    assert "intro.target_accepted" in EVENT_TYPES and "intro.meeting_held" in EVENT_TYPES


def test_event_lists_are_cleaned_and_checked() -> None:
    assert check_events(" Intro.Won,intro.accepted,intro.won ") == ("intro.accepted", "intro.won")
    assert check_events(["intro.*"]) == ("intro.*",)
    for bad in ("intro.wonn", "deal.won", "intro", "*", "intro.**"):
        with pytest.raises(BadInput, match="unknown event"):
            check_events(bad)
    with pytest.raises(BadInput, match="at least one"):
        check_events(",")


def test_patterns_match_their_family_only() -> None:
    assert all(subscribes(["intro.*"], e) for e in EVENT_TYPES)
    assert not subscribes(["intro.*"], "deal.won")
    assert not subscribes(["intro.accepted"], "intro.target_accepted")


@pytest.mark.parametrize(
    "url", ["https://hooks.example/x?y=1", "http://127.0.0.1:8080/hook", "HTTPS://crm.internal"]
)
def test_http_and_https_urls_are_taken_as_given(url) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example/", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("hooks.example/x", "http:// or https://"),
        ("https:///path-only", "names no host"),
        ("https://user:pw@hooks.example/", "user or password"),
        ("https://hooks.example:99999/", "not a URL"),
        ("https://hooks.example/" + "x" * 3000, "over 2048"),
    ],
)
def test_other_urls_are_refused(url, message) -> None:
    with pytest.raises(BadInput, match=message):
        check_url(url)


def test_backoff_doubles_up_to_its_cap_with_bounded_jitter() -> None:
    policy = RetryPolicy(attempts=8, base_delay=1.0, max_delay=10.0, jitter=0.2)
    rng = random.Random(7)
    for n, raw in enumerate([1, 2, 4, 8, 10, 10, 10], start=1):
        delays = [policy.delay(n, rng) for _ in range(200)]
        assert all(raw * 0.8 <= d <= raw * 1.2 for d in delays)
        assert len(set(delays)) > 1  # jittered, not in lockstep
    assert policy.gives_up_after(8) and not policy.gives_up_after(7)
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admins_manage_webhooks(tmp_path: Path, role: Role) -> None:
    with SQLiteRecords(tmp_path / "w.db") as store:
        admin = WebhookDirectory(store, Caller("admin@acme.example", Role.ADMIN))
        hook, _ = admin.add("https://hooks.example/", "intro.*")
        other = WebhookDirectory(store, Caller("x@acme.example", role))
        for attempt in (
            lambda: other.add("https://evil.example/", "intro.*"),
            other.list,
            lambda: other.remove(hook.id),
            other.deliveries,
        ):
            with pytest.raises(Forbidden):
                attempt()
        assert [w.id for w in admin.list()] == [hook.id]
        # the admin's changes are in the audit log, without the secret
        actions = [(e.action, e.target) for e in store.audit_entries()]
        assert actions == [("webhook.add", f"webhook:{hook.id}")]
