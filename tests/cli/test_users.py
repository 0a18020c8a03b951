"""``warmgraph users``, ``erase`` and ``audit`` on real databases, and the team lead's day:
five reps added from the command line, each seeing paths from themselves and their team on
a running server, nobody without a token getting anything, a revocation applying at once."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api.cli import main

from .test_cli import GOOD, write_bundle
from .test_process import Server, free_port


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(runner, tmp_path) -> Path:
    path = tmp_path / "team.db"
    loaded = runner.invoke(
        main, ["load", str(write_bundle(tmp_path / "b", GOOD)), "--db", str(path)]
    )
    assert loaded.exit_code == 0, loaded.output
    return path


def add_user(runner: CliRunner, db: Path, email: str, *args: str) -> str:
    result = runner.invoke(main, ["users", "add", email, *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("wg_") and " " not in token
    return token


def test_add_prints_the_token_alone_on_the_last_line_and_stores_only_its_hash(runner, db):
    token = add_user(runner, db, "Lead@Example.com", "--role", "admin", "--team", "east")
    assert db.read_bytes().find(token.encode()) == -1
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.read_bytes().find(token.encode()) == -1
    listed = runner.invoke(main, ["users", "list", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    [user] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert user["email"] == "lead@example.com" and user["role"] == "admin"
    assert user["team"] == "east" and user["active"] is True
    assert token not in listed.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["users", "add", "not-an-address", "--role", "rep"], "not an e-mail address"),
        (["users", "add", "a@b.c", "--role", "boss"], "'boss' is not one of"),
        (["users", "add", "a@b.c", "--role", "rep", "--person", "ghost"], "no person"),
        (["users", "revoke", "nobody@example.com"], "no user"),
        (["users", "rotate", "nobody@example.com"], "no user"),
        (["erase", "ghost", "--yes"], "no person"),
    ],
)
def test_mistakes_get_one_clear_line_and_change_nothing(runner, db, args, fragment):
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code != 0
    assert fragment in result.output and "Traceback" not in result.output
    listed = runner.invoke(main, ["users", "list", "--db", str(db), "--json"])
    assert listed.stdout.strip() == ""


def test_adding_the_same_email_twice_is_a_conflict(runner, db):
    add_user(runner, db, "a@example.com", "--role", "rep")
    again = runner.invoke(
        main, ["users", "add", "A@example.com", "--role", "admin", "--db", str(db)]
    )
    assert again.exit_code == 1 and "already" in again.output


def test_users_need_an_existing_database(runner, tmp_path):
    result = runner.invoke(main, ["users", "list", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_erase_then_load_again_keeps_them_out_and_says_so(runner, db, tmp_path):
    erased = runner.invoke(main, ["erase", "ann", "--yes", "--db", str(db)])
    assert erased.exit_code == 0, erased.output
    again = runner.invoke(main, ["load", str(tmp_path / "b"), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert (
        "skipped 6 row(s) naming erased people "
        "(people 1, connections 2, employment 1, interactions 2)"
    ) in again.stderr
    assert "(0 from employment.csv, 1 from people.csv company_id)" in again.stdout
    audit = runner.invoke(main, ["audit", "--db", str(db), "--json"])
    entries = [json.loads(line) for line in audit.stdout.splitlines()]
    assert [e["action"] for e in entries[:2]] == ["import", "erase"]
    assert entries[1]["target"] == "person:ann"


def test_serve_refuses_a_store_nobody_could_call(runner, db):
    result = runner.invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 1
    assert "has no users" in result.output and "warmgraph users add" in result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_no_auth_is_refused_off_loopback(runner, db, host):
    result = runner.invoke(main, ["serve", "--db", str(db), "--no-auth", "--host", host])
    assert result.exit_code == 1 and "loopback" in result.output


def test_single_sign_on_options_come_together(runner, db):
    result = runner.invoke(main, ["serve", "--db", str(db), "--jwt-jwks", "keys.json"])
    assert result.exit_code == 2 and "--jwt-issuer" in result.output


def post(base: str, query: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base}/graphql", json={"query": query}, headers=headers, timeout=60)


def test_a_team_lead_sets_up_five_reps_on_a_running_server(runner, db, tmp_path, servers):
    lead = add_user(runner, db, "lead@example.com", "--role", "manager", "--team", "east")
    people = ["rep-1", "ann", "007"]
    tokens = {}
    for i in range(5):  # five reps; three are in the graph
        args = ["--role", "rep", "--team", "east" if i < 4 else "west"]
        if i < len(people):
            args += ["--person", people[i]]
        tokens[i] = add_user(runner, db, f"rep{i}@example.com", *args)
    port = free_port()
    server = Server(
        ["serve", "--db", str(db), "--port", str(port), "--now", "2026-11-01"], tmp_path
    )
    servers.append(server)
    base = f"http://127.0.0.1:{port}"
    server.wait_healthy(base)

    anonymous = post(base, '{ searchPeople(query: "a") { edges { node { email } } } }')
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}

    pooled = (
        '{ introductionPaths(toId: "007", fromTeam: true, limit: 10) { teammate people { id } } }'
    )
    answer = post(base, pooled, tokens[0]).json()
    starts = {(p["teammate"], p["people"][0]["id"]) for p in answer["data"]["introductionPaths"]}
    assert starts == {("rep0@example.com", "rep-1"), ("rep1@example.com", "ann")}
    mine = post(base, '{ introductionPaths(toId: "007") { people { id } } }', tokens[0]).json()
    assert mine["data"]["introductionPaths"][0]["people"][0]["id"] == "rep-1"
    assert post(base, "{ me { role team } }", lead).json()["data"]["me"] == {
        "role": "MANAGER",
        "team": "east",
    }

    revoked = runner.invoke(main, ["users", "revoke", "rep0@example.com", "--db", str(db)])
    assert revoked.exit_code == 0, revoked.output
    assert post(base, "{ me { email } }", tokens[0]).status_code == 401
    rotated = runner.invoke(main, ["users", "rotate", "rep1@example.com", "--db", str(db)])
    new = rotated.stdout.strip().splitlines()[-1]
    assert post(base, "{ me { email } }", tokens[1]).status_code == 401
    assert post(base, "{ me { email } }", new).json()["data"]["me"]["email"] == "rep1@example.com"
    assert server.stop() == 0
    assert "Traceback" not in server.output()
    for token in (*tokens.values(), new, lead):
        assert token not in server.output()
