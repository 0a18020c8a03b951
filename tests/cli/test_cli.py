"""The ``warmgraph`` command through click's runner, against real bundles and databases."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.auth import AuthSettings
from api.cli import main
from graph.config import Settings
from graph.model import Person
from graph.service import WarmgraphService
from graph.store.factory import open_store
from graph.strength import StrengthModel, pair_strength
from schema.limits import Limits


def write_bundle(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return directory


GOOD = {
    "people.csv": """
        id,name,title,company_id,do_not_contact
        rep-1,Rita Rep,AE,,false
        007,James Bond,Agent,acme,no
        ann,Ann Able,CTO,acme,
        """,
    "companies.csv": """
        id,name,domain
        acme,Acme Corp,acme.example
        """,
    "connections.csv": """
        source_id,target_id,since,origin
        rep-1,ann,2021-03-04,linkedin
        ann,007,,
        """,
    "interactions.csv": """
        id,kind,at,source_id,target_id
        i1,meeting,2026-10-01T10:00:00Z,rep-1,ann
        i2,email,2026-10-02,ann,rep-1
        """,
}

BAD = {
    "people.csv": """
        id,name,do_not_contact
        zed,Zed,maybe
        ,Nameless,false
        """,
    "connections.csv": """
        source_id,target_id
        zed,nobody
        """,
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


ALL_IDS = ("rep-1", "007", "ann", "7", "zed", "bea")


def stored_people(db: Path) -> dict[str, Person]:
    store = open_store(Settings(db_path=str(db)))
    try:
        return WarmgraphService(store).get_many(Person, ALL_IDS)
    finally:
        store.close()


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("warmgraph, version ")


def test_load_a_good_bundle(runner, tmp_path):
    bundle = write_bundle(tmp_path / "good", GOOD)
    db = tmp_path / "w.db"
    result = runner.invoke(main, ["load", str(bundle), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines()[1:]}
    assert lines["people"] == "3" and lines["companies"] == "1"
    assert lines["connections"] == "2" and lines["interactions"] == "2"
    assert result.stdout.startswith(f"loaded {bundle} into {db} in ")
    people = stored_people(db)
    assert set(people) == {"rep-1", "007", "ann"}
    assert people["007"].name == "James Bond"

    store = open_store(Settings(db_path=str(db)))
    try:
        service = WarmgraphService(store)
        jobs = service.employments(person_id="007")
        assert [(e.company_id, e.current) for e in jobs] == [("acme", True)]
        assert [(c.a, c.b) for c in service.connections("rep-1", 10)] == [("ann", "rep-1")]
    finally:
        store.close()


def test_a_bad_bundle_lists_every_problem_and_loads_nothing(runner, tmp_path):
    db = tmp_path / "w.db"
    good = runner.invoke(
        main, ["load", str(write_bundle(tmp_path / "good", GOOD)), "--db", str(db)]
    )
    assert good.exit_code == 0, good.output
    before = stored_people(db)

    bad = write_bundle(tmp_path / "bad", BAD)
    result = runner.invoke(main, ["load", str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = [  # progress lines are indented
        line for line in result.stderr.splitlines() if not line.startswith((" ", "Error:"))
    ]
    assert problems, result.stderr
    for line in problems:
        file, lineno, message = line.split(":", 2)
        assert file in {"people.csv", "connections.csv"}, line
        assert lineno.isdigit() and message.strip(), line
    by_file = {(line.split(":")[0], line.split(":")[1]) for line in problems}
    assert ("people.csv", "2") in by_file  # do_not_contact "maybe"
    assert ("people.csv", "3") in by_file  # no id
    assert ("connections.csv", "2") in by_file  # nobody is nobody
    assert "nothing was loaded" in result.stderr
    assert result.stdout == ""
    assert stored_people(db) == before


def test_a_bad_bundle_leaves_no_new_database_behind(runner, tmp_path):
    db = tmp_path / "new.db"
    result = runner.invoke(
        main, ["load", str(write_bundle(tmp_path / "bad", BAD)), "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "people.csv:2: " in result.stderr
    assert list(tmp_path.glob("new.db*")) == []


def test_a_bundle_may_refer_to_people_already_stored(runner, tmp_path):
    db = tmp_path / "w.db"
    assert (
        runner.invoke(
            main, ["load", str(write_bundle(tmp_path / "good", GOOD)), "--db", str(db)]
        ).exit_code
        == 0
    )
    more = write_bundle(
        tmp_path / "more",
        {
            "people.csv": "id,name\nbea,Bea Blue\n",
            "connections.csv": "source_id,target_id\nbea,007\nbea,rep-1\n",
        },
    )
    result = runner.invoke(main, ["load", str(more), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert set(stored_people(db)) == {"rep-1", "007", "ann", "bea"}


def test_load_names_a_missing_directory(runner, tmp_path):
    result = runner.invoke(
        main, ["load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "w.db")]
    )
    assert result.exit_code != 0
    assert "nowhere" in result.output and "Traceback" not in result.output


def test_load_refuses_a_directory_with_no_bundle_file(runner, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "w.db"
    result = runner.invoke(main, ["load", str(empty), "--db", str(db)])
    assert result.exit_code != 0
    assert "people.csv" in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_load_warns_about_a_misnamed_file_and_loads_the_rest(runner, tmp_path):
    bundle = write_bundle(
        tmp_path / "b",
        {
            "people.csv": GOOD["people.csv"],
            "companies.csv": GOOD["companies.csv"],
            "connection.csv": GOOD["connections.csv"],
        },
    )
    db = tmp_path / "w.db"
    result = runner.invoke(main, ["load", str(bundle), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "connection.csv" in result.stderr and "connections.csv" in result.stderr
    assert set(stored_people(db)) == {"rep-1", "007", "ann"}


def test_a_misnamed_file_alone_is_an_error(runner, tmp_path):
    bundle = write_bundle(tmp_path / "b", {"connection.csv": GOOD["connections.csv"]})
    result = runner.invoke(main, ["load", str(bundle), "--db", str(tmp_path / "w.db")])
    assert result.exit_code != 0
    assert "connection.csv" in result.output and "Traceback" not in result.output


def test_generate_then_load(runner, tmp_path):
    out = tmp_path / "gen"
    result = runner.invoke(main, ["generate", str(out), "--people", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert (out / "people.csv").is_file()
    assert "people" in result.stdout and "total" in result.stdout
    people_rows = sum(1 for _ in (out / "people.csv").open(encoding="utf-8")) - 1
    assert people_rows >= 200

    again = runner.invoke(
        main, ["generate", str(tmp_path / "gen2"), "--people", "200", "--seed", "3"]
    )
    assert again.exit_code == 0
    assert (out / "people.csv").read_bytes() == (tmp_path / "gen2" / "people.csv").read_bytes()

    db = tmp_path / "gen.db"
    loaded = runner.invoke(main, ["load", str(out), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert f"{people_rows:,}" in loaded.stdout


def test_serve_refuses_a_missing_database(runner, tmp_path):
    db = tmp_path / "missing.db"
    result = runner.invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 1
    assert str(db) in result.stderr and "--create" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["serve", "--now", "last tuesday", "--create"], "last tuesday"),
        (["serve", "--half-life", "0", "--create"], "--half-life"),
        (["serve", "--port", "70000", "--create"], "--port"),
        (["generate", "x", "--people", "0"], "--people"),
    ],
)
def test_bad_options_are_usage_errors(runner, tmp_path, args, fragment):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert fragment in result.stderr and "Traceback" not in result.output


def test_settings_come_from_the_environment(runner, tmp_path):
    db = tmp_path / "env.db"
    result = runner.invoke(
        main, ["serve"], env={"WARMGRAPH_DB": str(db), "WARMGRAPH_NOW": "not a date"}
    )
    assert result.exit_code == 2
    assert "WARMGRAPH_NOW" in result.stderr
    result = runner.invoke(main, ["serve"], env={"WARMGRAPH_DB": str(db)})
    assert result.exit_code == 1 and str(db) in result.stderr


def test_help_documents_settings(runner):
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for text in (
        "--db",
        "WARMGRAPH_DB",
        "--half-life",
        "WARMGRAPH_HALF_LIFE_DAYS",
        "--now",
        "--create",
        "--host",
        "--port",
        "--graphiql",
        "WARMGRAPH_GRAPHIQL",
    ):
        assert text in result.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, False),
        (["--graphiql"], {}, True),
        ([], {"WARMGRAPH_GRAPHIQL": "1"}, True),
        (["--no-graphiql"], {"WARMGRAPH_GRAPHIQL": "1"}, False),
    ],
)
def test_graphiql_only_when_asked(runner, tmp_path, monkeypatch, args, env, expected):
    from api.cli import serve as serve_command

    seen: list[bool] = []

    def fake_run(service, host, port, *, graphiql, **_):
        seen.append(graphiql)
        service.close()

    monkeypatch.setattr(serve_command, "run_server", fake_run)
    db = tmp_path / "g.db"
    args = ["serve", "--db", str(db), "--create", "--no-auth", *args]
    result = runner.invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert seen == [expected]


def test_serve_passes_its_settings_to_the_store(runner, tmp_path, monkeypatch):
    from api.cli import serve as serve_command

    seen: dict[str, object] = {}

    def fake_serve(service, host, port, *, graphiql, limits, drain_timeout, **access):
        try:
            link = service.introduction_paths("rep-1", "ann", max_hops=1)[0].links[0]
            seen.update(host=host, port=port, strength=link.strength, graphiql=graphiql)
            seen.update(limits=limits, drain_timeout=drain_timeout, access=access)
        finally:
            service.store.close()

    monkeypatch.setattr(serve_command, "run_server", fake_serve)
    db = tmp_path / "w.db"
    assert (
        runner.invoke(
            main, ["load", str(write_bundle(tmp_path / "b", GOOD)), "--db", str(db)]
        ).exit_code
        == 0
    )
    added = runner.invoke(main, ["users", "add", "a@example.com", "--role", "rep", "--db", str(db)])
    assert added.exit_code == 0, added.output
    result = runner.invoke(
        main,
        [
            "serve",
            "--db",
            str(db),
            "--host",
            "0.0.0.0",
            "--port",
            "9999",
            "--now",
            "2026-10-12",
            "--half-life",
            "10",
            "--max-body-bytes",
            "1234",
            "--no-introspection",
            "--drain-timeout",
            "3",
        ],
        env={"WARMGRAPH_MAX_COST": "77"},
    )
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"], seen["graphiql"]) == ("0.0.0.0", 9999, False)
    assert seen["limits"] == Limits(max_body_bytes=1234, introspection=False, max_cost=77)
    assert seen["drain_timeout"] == 3
    assert seen["access"] == {
        "auth": AuthSettings(),
        "rate_limit": "1000/minute",
        "cors_origins": (),
        "trusted_hosts": ["0.0.0.0", "localhost", "127.0.0.1", "::1"],
    }
    model = StrengthModel(half_life_days=10, now=datetime(2026, 10, 12, tzinfo=UTC))
    mass_ab = model.decayed_mass(["meeting"], [datetime(2026, 10, 1, 10, tzinfo=UTC).timestamp()])
    mass_ba = model.decayed_mass(["email"], [datetime(2026, 10, 2, tzinfo=UTC).timestamp()])
    assert seen["strength"] == pytest.approx(float(pair_strength(True, mass_ab[0], mass_ba[0])))


def test_serve_create_starts_an_empty_database(runner, tmp_path, monkeypatch):
    from api.cli import serve as serve_command

    monkeypatch.setattr(serve_command, "run_server", lambda service, *_, **__: service.close())
    db = tmp_path / "fresh.db"
    result = runner.invoke(main, ["serve", "--db", str(db), "--create", "--no-auth"])
    assert result.exit_code == 0, result.output
    assert db.exists() and stored_people(db) == {}


def test_load_says_where_extra_employment_rows_come_from(runner, tmp_path):
    bundle = write_bundle(
        tmp_path / "b",
        {
            **GOOD,
            "employment.csv": """
                person_id,company_id,title,start,end
                ann,acme,CTO,2020-01-01,
                rep-1,acme,AE,2019-01-01,2020-01-01
                """,
        },
    )
    result = runner.invoke(main, ["load", str(bundle), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if line.split()[0] == "employment"]
    # ann's company_id repeats a row employment.csv has; 007's adds one.
    assert line.split()[1] == "3"
    assert line.endswith("(2 from employment.csv, 1 from people.csv company_id)")
    plain = runner.invoke(
        main, ["load", str(write_bundle(tmp_path / "c", {"companies.csv": GOOD["companies.csv"]}))]
    )
    assert "from" not in plain.stdout


def test_progress_is_one_line_per_stage_when_not_a_terminal(runner, tmp_path):
    out = tmp_path / "gen"
    generated = runner.invoke(main, ["generate", str(out), "--people", "3000", "--seed", "7"])
    assert generated.exit_code == 0, generated.output
    loaded = runner.invoke(main, ["load", str(out), "--db", str(tmp_path / "w.db")])
    assert loaded.exit_code == 0, loaded.output
    for result in (generated, loaded):
        stages = [line.split(":")[0].strip() for line in result.stderr.splitlines()]
        assert stages and len(stages) == len(set(stages)), result.stderr
        assert all(line.startswith("  ") for line in result.stderr.splitlines())
    assert "  writing interactions.csv: " in generated.stderr
    assert "  reading people.csv: 3,0" in loaded.stderr


def test_progress_on_a_terminal_is_a_live_display():
    import io

    from rich.console import Console

    from api.cli.progress import StageProgress

    screen = io.StringIO()
    with StageProgress(Console(file=screen, force_terminal=True, width=100)) as progress:
        assert progress.live
        progress("generating people", 0, 100)
        for done in range(0, 101, 10):
            progress("writing people.csv", done, 100)
        progress("writing people.csv", 5, 100)  # after the end: ignored
    drawn = screen.getvalue()
    assert "writing people.csv" in drawn and "100" in drawn


def test_now_is_explained_for_each_command(runner):
    helps = {cmd: runner.invoke(main, [cmd, "--help"]).output for cmd in ("serve", "load", "demo")}
    assert "when the server starts" in " ".join(helps["serve"].split())
    assert "when the demo starts" in " ".join(helps["demo"].split())
    load_help = " ".join(helps["load"].split())
    assert "server starts" not in load_help and "Neo4j" in load_help


def test_the_demo_is_ready_before_it_invites_queries(runner, tmp_path, monkeypatch):
    from api.cli import serve as serve_command
    from graph.algorithms import paths

    served: list[bool] = []

    def fake_run(service, host, port, *, graphiql, **_):
        served.append(bool(paths._paths_kernel.signatures))  # compiled: none left for later
        assert graphiql  # the demo shows GraphiQL
        service.close()

    monkeypatch.setattr(serve_command, "run_server", fake_run)
    from api.cli import demo as demo_command

    monkeypatch.setattr(demo_command, "run_server", fake_run)
    result = runner.invoke(main, ["demo", "--people", "100", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert served == [True]
    warmed = result.output.index("  warming up")
    assert warmed < result.output.index("warmgraph demo is starting")
