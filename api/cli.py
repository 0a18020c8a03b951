"""The ``warmgraph`` command: generate and load bundles, serve the API, run a demo.

Settings come from options, which fall back to the environment variables documented in
``graph.config`` (``WARMGRAPH_DB``, ``WARMGRAPH_HALF_LIFE_DAYS``, ``WARMGRAPH_NOW``). Errors
are reported as one clear message naming the file (and line) at fault, with a non-zero exit
status and no traceback.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from graph.config import Settings, parse_instant
from graph.errors import BadInput, BundleError, WarmgraphError
from graph.service import WarmgraphService
from graph.store.base import Store
from graph.strength import DEFAULT_HALF_LIFE_DAYS

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "warmgraph.db"
DEFAULT_DEMO_DB = "demo.db"


def _version() -> str:
    try:
        return version("warmgraph")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


# -- option types and shared options --------------------------------------------------------
class InstantType(click.ParamType):  # type: ignore[type-arg]  # generic in click >= 8.2
    """An ISO date or datetime; naive values are UTC."""

    name = "ISO"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_instant(str(value))
        except BadInput as exc:
            self.fail(exc.message, param, ctx)


def db_option(default: str = DEFAULT_DB, envvar: str | None = "WARMGRAPH_DB") -> Callable[[F], F]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=True,
        envvar=envvar,
        show_envvar=envvar is not None,
        help="SQLite file of the embedded store.",
    )


def strength_options(fn: F) -> F:
    fn = click.option(
        "--now",
        type=InstantType(),
        envvar="WARMGRAPH_NOW",
        show_envvar=True,
        help="The moment recency is measured from, as an ISO date or datetime "
        "(default: when the server starts).",
    )(fn)
    fn = click.option(
        "--half-life",
        "half_life",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_HALF_LIFE_DAYS,
        show_default=True,
        envvar="WARMGRAPH_HALF_LIFE_DAYS",
        show_envvar=True,
        metavar="DAYS",
        help="Half-life of an interaction's weight in tie strength, in days.",
    )(fn)
    return fn


def host_port_options(fn: F) -> F:
    fn = click.option(
        "--port",
        type=click.IntRange(0, 65535),
        default=8000,
        show_default=True,
        help="TCP port to listen on.",
    )(fn)
    fn = click.option(
        "--host", default="127.0.0.1", show_default=True, help="Interface to listen on."
    )(fn)
    return fn


def neo4j_option(fn: F) -> F:
    return click.option(
        "--neo4j",
        "neo4j_uri",
        envvar="NEO4J_URI",
        show_envvar=True,
        metavar="URI",
        help="Use the Neo4j server at URI (bolt:// or neo4j://) instead of the embedded "
        "store. Credentials come from NEO4J_USER / NEO4J_PASSWORD and the database from "
        "NEO4J_DATABASE, never from the command line.",
    )(fn)


def make_settings(
    db_path: Path, half_life: float, now: datetime | None, neo4j_uri: str | None = None
) -> Settings:
    """Settings from the options; Neo4j credentials only from the environment."""
    env = {k: v for k, v in os.environ.items() if k.startswith("NEO4J_")}
    if neo4j_uri is not None:
        env["NEO4J_URI"] = neo4j_uri
    else:
        env.pop("NEO4J_URI", None)
    return dataclasses.replace(
        Settings.from_env(env), db_path=str(db_path), half_life_days=half_life, now=now
    )


# -- progress and reporting ----------------------------------------------------------------
class StderrProgress:
    """Reports a long job's stages on stderr, at most every ``interval`` seconds each."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self._last: dict[str, float] = {}
        self._finished: set[str] = set()

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        finished = total is not None and done >= total
        now = time.monotonic()
        if stage in self._finished:
            return
        if not finished and now - self._last.get(stage, -math.inf) < self.interval:
            return
        self._last[stage] = now
        if finished:
            self._finished.add(stage)
        if total:
            click.echo(f"  {stage}: {done:,}/{total:,} ({100 * done / total:.0f}%)", err=True)
        else:
            click.echo(f"  {stage}: {done:,}", err=True)


def _echo_counts(counts: Mapping[str, int]) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count:>12,}")
    click.echo(f"  {'total':<{width}}  {sum(counts.values()):>12,}")


def _fail(message: str) -> NoReturn:
    raise click.ClickException(message)


def _os_message(exc: OSError) -> str:
    if exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


class WarmgraphGroup(click.Group):
    """Turns errors into one-line messages and exit status 1; a traceback only for an
    unexpected error, and only with ``--traceback``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BundleError as exc:
            _report_bundle_error(exc)
            raise click.exceptions.Exit(1) from None
        except WarmgraphError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:
            raise click.ClickException(_os_message(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("warmgraph.traceback"):
                raise
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}); rerun with --traceback for details"
            ) from None


def _report_bundle_error(exc: BundleError, directory: Path | None = None) -> None:
    for line in exc.problems:
        click.echo(line, err=True)
    where = f" in {directory}" if directory is not None else ""
    click.echo(f"Error: {len(exc.problems)} problem(s){where}; nothing was loaded.", err=True)


# -- store helpers ---------------------------------------------------------------------------
#: "person" -> Person, ...: the kind names the bundle reader asks about.
def load_bundle(store: Store, directory: Path) -> dict[str, int]:
    """Read, validate and import one bundle with progress on stderr."""
    from loaders.load import load_directory

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    return load_directory(store, directory, StderrProgress(), warn=warn)


def remove_database(db_path: Path) -> None:
    """Delete a SQLite database and its side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _open_store(settings: Settings) -> Store:
    from graph.store.factory import open_store

    try:
        return open_store(settings)
    except WarmgraphError as exc:
        where = settings.neo4j.uri if settings.neo4j is not None else settings.db_path
        _fail(f"{where}: {exc.message}")


# -- the commands --------------------------------------------------------------------------
@click.group(cls=WarmgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="warmgraph")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def main(ctx: click.Context, traceback: bool) -> None:
    """warmgraph: warm introduction paths, influence and advocate density over GraphQL."""
    ctx.meta["warmgraph.traceback"] = traceback


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--people",
    type=click.IntRange(min=10),
    default=1000,
    show_default=True,
    help="How many people to generate.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
def generate(directory: Path, people: int, seed: int) -> None:
    """Write a synthetic CSV bundle into DIRECTORY (created if needed)."""
    from loaders.generate import generate_bundle

    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    counts = generate_bundle(directory, people, seed=seed, progress=StderrProgress())
    click.echo(f"generated {directory} in {time.perf_counter() - started:.1f}s:")
    _echo_counts(counts)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option()
@neo4j_option
@strength_options
def load(
    directory: Path,
    db_path: Path,
    neo4j_uri: str | None,
    half_life: float,
    now: datetime | None,
) -> None:
    """Validate the CSV bundle in DIRECTORY and import it (a bundle with any problem loads
    nothing). On Neo4j, tie strengths are stored as of --now: give the server the same."""
    started = time.perf_counter()
    created = neo4j_uri is None and not db_path.exists()
    settings = make_settings(db_path, half_life, now, neo4j_uri)
    store = _open_store(settings)
    try:
        counts = load_bundle(store, directory)
    except BundleError as exc:
        store.close()
        if created:  # leave no empty database behind
            remove_database(db_path)
        _report_bundle_error(exc, directory)
        raise click.exceptions.Exit(1) from None
    finally:
        store.close()
    where = neo4j_uri if neo4j_uri is not None else db_path
    click.echo(f"loaded {directory} into {where} in {time.perf_counter() - started:.1f}s:")
    _echo_counts(counts)


@main.command()
@db_option()
@neo4j_option
@host_port_options
@strength_options
@click.option("--create", is_flag=True, help="Start with an empty database if --db does not exist.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    envvar="WARMGRAPH_WORKERS",
    show_envvar=True,
    help="Server processes sharing the port, one core each; every one holds its own "
    "in-memory index.",
)
def serve(
    db_path: Path,
    neo4j_uri: str | None,
    host: str,
    port: int,
    half_life: float,
    now: datetime | None,
    create: bool,
    workers: int,
) -> None:
    """Serve the GraphQL API (GraphiQL in a browser at /graphql) and /healthz."""
    if neo4j_uri is None and not create and not db_path.exists():
        _fail(
            f"{db_path}: no such database; load one with `warmgraph load DIR --db {db_path}` "
            "or pass --create to start empty"
        )
    settings = make_settings(db_path, half_life, now, neo4j_uri)
    store = _open_store(settings)
    if workers == 1:
        _serve(WarmgraphService(store), host, port)
        return
    _check_then_close(store)  # fail here, once, rather than in every worker
    from .workers import serve_workers

    serve_workers(settings, host, port, workers)


@main.command()
@click.option(
    "--people",
    type=click.IntRange(min=10),
    default=3000,
    show_default=True,
    help="How many people to generate.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@host_port_options
@db_option(DEFAULT_DEMO_DB, envvar=None)
@strength_options
def demo(
    people: int,
    seed: int,
    host: str,
    port: int,
    db_path: Path,
    half_life: float,
    now: datetime | None,
) -> None:
    """Generate a synthetic network into a fresh database (replacing an old one at --db),
    print example queries over its real ids, and serve it."""
    from loaders.generate import generate_bundle

    remove_database(db_path)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="warmgraph-demo-") as tmp:
        click.echo(f"generating {people:,} people (seed {seed}) ...", err=True)
        generate_bundle(Path(tmp), people, seed=seed, progress=StderrProgress())
        store = _open_store(make_settings(db_path, half_life, now))
        service = WarmgraphService(store)
        try:
            counts = load_bundle(store, Path(tmp))
            click.echo(
                f"loaded {sum(counts.values()):,} rows into {db_path} "
                f"in {time.perf_counter() - started:.1f}s",
                err=True,
            )
            text = demo_text(service, f"http://{host}:{port}/graphql")
        except BaseException:
            store.close()
            raise
    click.echo(text)
    _serve(service, host, port)


# -- serving and the demo's examples ---------------------------------------------------------
def _check_then_close(store: Store) -> None:
    try:
        store.check_health()
    finally:
        store.close()


def _serve(service: WarmgraphService, host: str, port: int) -> None:
    import uvicorn

    from .app import create_app
    from .workers import make_ready

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s: %(message)s")
    make_ready(service)
    # The app's lifespan closes the store when the server stops.
    uvicorn.run(create_app(service), host=host, port=port, log_level="info")


@dataclasses.dataclass(frozen=True)
class DemoIds:
    rep: str
    target: str
    company: str | None


def pick_demo_ids(service: WarmgraphService) -> DemoIds:
    """A rep (``rep-...``) with a warm path to someone influential, from the real data."""
    found = service.search_people("rep-", limit=100)
    reps = [p.id for p in found if p.id.startswith("rep-")]
    leaders = [s.person for s in service.top_influencers(limit=200)]
    if not reps:
        reps = [p.id for p in leaders[:5]]
    for rep in reps[:10]:
        for person in leaders:
            if person.id == rep or person.do_not_contact or person.id.startswith("rep-"):
                continue
            try:
                paths = service.introduction_paths(rep, to_id=person.id, limit=1)
            except WarmgraphError:
                continue
            if paths:
                jobs = service.employments(person_id=person.id, current_only=True)
                return DemoIds(rep, person.id, jobs[0].company_id if jobs else None)
    _fail("the generated data has no rep with an introduction path; try another --seed")


def demo_text(service: WarmgraphService, url: str) -> str:
    ids = pick_demo_ids(service)
    company = (
        f"""
  byCompany: introductionPaths(fromId: "{ids.rep}", toCompanyId: "{ids.company}", limit: 3) {{
    hops strength people {{ name }}
  }}"""
        if ids.company
        else ""
    )
    return f"""
warmgraph demo is starting: open {url} (GraphiQL) and try

query {{
  introductionPaths(fromId: "{ids.rep}", toId: "{ids.target}", maxHops: 3, limit: 3) {{
    hops strength
    people {{ id name title currentCompany {{ name }} }}
    links {{
      from {{ name }} to {{ name }} strength
      evidence {{ connected interactionCount lastInteractionAt fromToCount toFromCount }}
    }}
    advocates {{ name }}
  }}{company}
  topInfluencers(limit: 5) {{ rank score person {{ id name title }} }}
  advocateDensity(personId: "{ids.rep}", hops: 2) {{
    reachable advocates density
    nearest {{ distance advocate {{ name }} seed {{ name }} }}
  }}
}}

or from a shell:
  curl -s {url} -H 'content-type: application/json' \\
    -d '{{"query": "{{ influence(personId: \\"{ids.target}\\") {{ rank score }} }}"}}'
"""
