"""``warmgraph demo``: a generated network in a fresh database, example queries over its real
ids, served once it is ready."""

from __future__ import annotations

import dataclasses
import tempfile
import time
from datetime import datetime
from pathlib import Path

import click

from graph.errors import WarmgraphError
from graph.service import WarmgraphService

from .errors import fail
from .options import db_option, host_port_options, make_settings, people_option, strength_options
from .progress import StageProgress
from .serve import make_ready, run_server
from .stores import load_bundle, open_store, remove_database

DEFAULT_DEMO_DB = "demo.db"

#: The user the demo creates (an admin, linked to the example rep's person).
DEMO_ADMIN = "demo-admin@warmgraph.local"


@click.command()
@people_option(3000)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@host_port_options
@db_option(DEFAULT_DEMO_DB, envvar=None)
@strength_options("demo")
def demo(
    people: int,
    seed: int,
    host: str,
    port: int,
    db_path: Path,
    half_life: float | None,
    now: datetime | None,
    config_path: Path | None,
) -> None:
    """Generate a synthetic network into a fresh database (replacing an old one at --db),
    print example queries over its real ids, and serve it with GraphiQL."""
    from loaders.generate import generate_bundle

    settings = make_settings(db_path, half_life, now, config_path=config_path)  # bad: stop now
    remove_database(db_path)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="warmgraph-demo-") as tmp:
        click.echo(f"generating {people:,} people (seed {seed}) ...", err=True)
        with StageProgress() as progress:
            generate_bundle(Path(tmp), people, seed=seed, progress=progress)
        store = open_store(settings)
        service = WarmgraphService(store)
        try:
            with StageProgress() as progress:
                counts, _ = load_bundle(store, Path(tmp), progress)
            click.echo(
                f"loaded {sum(counts.values()):,} rows into {db_path} "
                f"in {time.perf_counter() - started:.1f}s",
                err=True,
            )
            # Ready before the invitation is printed: the first query is as fast as the rest.
            with StageProgress() as progress:
                make_ready(service, progress)
            ids = pick_demo_ids(service)
            # the demo's admin is the rep of the examples, so paths "from me" work as well
            _, token = service.users.add(DEMO_ADMIN, "admin", ids.rep, team="demo")
            text = demo_text(ids, f"http://{host}:{port}/graphql", token)
        except BaseException:
            service.close()
            raise
    click.echo(text)
    run_server(service, host, port, graphiql=True)


@dataclasses.dataclass(frozen=True)
class DemoIds:
    rep: str
    target: str
    company: str | None


def pick_demo_ids(service: WarmgraphService) -> DemoIds:
    """A rep (``rep-...``) with a warm path to someone influential, from the real data."""
    found = service.search_people("rep-", first=100).nodes
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
    fail("the generated data has no rep with an introduction path; try another --seed")


def demo_text(ids: DemoIds, url: str, token: str) -> str:
    company = (
        f"""
  byCompany: introductionPaths(fromId: "{ids.rep}", toCompanyId: "{ids.company}", limit: 3) {{
    hops strength people {{ name }}
  }}"""
        if ids.company
        else ""
    )
    return f"""
warmgraph demo is starting. Every request needs a token; the demo made an admin,
{DEMO_ADMIN} (acting as {ids.rep}), whose token is

  {token}

Open GraphiQL with that token already in its Headers tab (the part after # stays in your
browser):

  {url}#token={token}

and try
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
  fromMe: introductionPaths(toId: "{ids.target}", limit: 1) {{ teammate hops strength }}
  topInfluencers(limit: 5) {{ rank score person {{ id name title }} }}
  advocateDensity(personId: "{ids.rep}", hops: 2) {{
    reachable advocates density
    nearest {{ distance advocate {{ name }} seed {{ name }} }}
  }}
}}

or from a shell:
  curl -s {url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer {token}' \\
    -d '{{"query": "{{ influence(personId: \\"{ids.target}\\") {{ rank score }} }}"}}'
"""
