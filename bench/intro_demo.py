"""The introduction funnel on the demo data after a scripted month of requests:
``python -m bench.intro_demo --out DIR [--seed N] [--requests N]``.

Generates the world ``warmgraph demo`` serves (its people count and seed, the same library
calls) into ``DIR/demo.db``, gives it a dozen reps in three teams and a manager per team,
and walks ``--requests`` asks through the service for October 2026 (the month the demo's
interaction timeline ends with; :mod:`bench.intro_walk` says who takes which step with what
chance). Then prints and writes ``DIR/intro-demo.json``:

* ``funnel``: each team's ``introFunnel`` for the MONTH (the service's counts, conversions
  and median hours per step) beside ``recorded``, the same counts from the statuses the
  service returned to the script as it walked (they must agree);
* ``overall``: asks made, refusals by error code, asks not made and why, where the requests
  ended, deals linked;
* ``ranking``: ``introduction_paths`` ranked by LIKELIHOOD against STRENGTH on this learned
  history for ``--pairs`` (rep, target) pairs that have a path, each the median of
  ``--repeats`` runs after a warm-up; the median over pairs of both, and their ratio.

Deterministic per seed except the timings. A benchmark, not a test: nothing is asserted
here (``tests/bench/test_intro_demo.py`` checks a small run).
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
from collections import Counter
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from graph.access.model import Caller, User
from graph.errors import WarmgraphError
from graph.leaderboard import LeaderboardPeriod
from graph.model import PathRanking
from graph.service import WarmgraphService

from .intro_walk import TEAMS, Cast, Walk, make_cast, recorded_funnel, target_pool, walk
from .progress import say
from .stats import median_time

#: ``warmgraph demo``'s defaults (api/cli/demo.py: ``people_option(3000)``, ``--seed 7``).
DEMO_PEOPLE = 3000
DEMO_SEED = 7


def build_demo(out: Path, people: int, seed: int) -> WarmgraphService:
    """The demo's world in a fresh ``out/demo.db``, as ``warmgraph demo`` builds it."""
    from api.cli.options import make_settings
    from api.cli.stores import load_bundle, open_store, remove_database
    from api.workers import make_ready
    from graph.bundle import no_progress
    from loaders.generate import generate_bundle

    db = out / "demo.db"
    settings = make_settings(db, None, None)
    remove_database(db)
    with tempfile.TemporaryDirectory(prefix="warmgraph-intro-demo-") as tmp:
        generate_bundle(Path(tmp), people, seed=seed, progress=no_progress)
        store = open_store(settings)
        load_bundle(store, Path(tmp), no_progress)
    service = WarmgraphService(store)
    make_ready(service)
    return service


def the_month() -> datetime:
    """October 2026: the last month of the generated timeline (it ends 2026-11-01)."""
    from loaders.generate import DEFAULT_NOW

    return (DEFAULT_NOW - timedelta(days=1)).replace(day=1, hour=0, minute=0, second=0)


def funnels(service: WarmgraphService, cast: Cast, done: Walk) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for team in TEAMS:
        manager = service.acting_as(Caller.of(cast.managers[team]))
        period, steps = manager.intro_funnel(team, LeaderboardPeriod.MONTH)
        out[team] = {
            "period": [period.start.isoformat(), period.end.isoformat()],
            "steps": [
                {
                    "step": s.step.name,
                    "count": s.count,
                    "conversion": s.conversion,
                    "medianHours": s.median_hours,
                }
                for s in steps
            ],
            "recorded": recorded_funnel(done.requests, team),
        }
    return out


def overall(service: WarmgraphService, done: Walk, requests: int) -> dict[str, Any]:
    now = {r.id: r for r in (service.intro_request(w.id) for w in done.requests)}
    return {
        "asks_drawn": requests,
        "asked": len(done.requests),
        "refused": dict(sorted(done.refused.items())),
        "refusal_examples": dict(sorted(done.examples.items())),
        "not_asked": dict(sorted(done.not_asked.items())),
        "ended": dict(sorted(Counter(r.status.name for r in now.values()).items())),
        "deals_linked": {"reused": done.deals_reused, "created": done.deals_created},
    }


def ranking(
    service: WarmgraphService, cast: Cast, targets: list[str], pairs: int, repeats: int, seed: int
) -> dict[str, Any]:
    """LIKELIHOOD against STRENGTH (maxHops 3, limit 5) from reps' own people."""
    rng = random.Random(seed)
    chosen: list[tuple[User, str]] = []
    for _ in range(50 * pairs):
        if len(chosen) == pairs:
            break
        rep, target = rng.choice(cast.reps), rng.choice(targets)
        try:
            paths = service.acting_as(Caller.of(rep)).introduction_paths(to_id=target)
        except WarmgraphError:
            continue
        if paths and (rep, target) not in chosen:
            chosen.append((rep, target))
    times: dict[PathRanking, list[float]] = {}
    reordered = 0
    for rank_by in (PathRanking.STRENGTH, PathRanking.LIKELIHOOD):
        times[rank_by] = []
        for rep, target in chosen:
            me = service.acting_as(Caller.of(rep))
            answer, ms = median_time(
                lambda me=me, t=target, r=rank_by: me.introduction_paths(  # type: ignore[misc]
                    to_id=t, max_hops=3, limit=5, rank_by=r
                ),
                repeats,
            )
            times[rank_by].append(ms)
            if rank_by is PathRanking.LIKELIHOOD:
                strongest = me.introduction_paths(to_id=target, max_hops=3, limit=5)
                reordered += [p.people for p in answer] != [p.people for p in strongest]
    s, lk = times[PathRanking.STRENGTH], times[PathRanking.LIKELIHOOD]
    return {
        "pairs": len(chosen),
        "repeats": repeats,
        "max_hops": 3,
        "limit": 5,
        "strength_ms_median": statistics.median(s),
        "likelihood_ms_median": statistics.median(lk),
        "ratio_of_medians": statistics.median(lk) / statistics.median(s),
        "ratio_median_pairwise": statistics.median(b / a for a, b in zip(s, lk, strict=True)),
        "pairs_reordered": reordered,
    }


def table(result: dict[str, Any]) -> str:
    """The funnels as plain text, one block per team."""
    lines = []
    for team, f in result["funnel"].items():
        lines.append(f"{team}  ({f['period'][0][:10]} .. {f['period'][1][:10]})")
        lines.append(f"  {'step':<16}{'count':>6}{'conv':>8}{'median h':>10}{'recorded':>10}")
        for s in f["steps"]:
            conv = "" if s["conversion"] is None else f"{s['conversion']:.0%}"
            hours = "" if s["medianHours"] is None else f"{s['medianHours']:.1f}"
            rec = f["recorded"][s["step"]]
            lines.append(f"  {s['step']:<16}{s['count']:>6}{conv:>8}{hours:>10}{rec:>10}")
    return "\n".join(lines)


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--seed", default=1, show_default=True, help="Seed of the walk (not the world).")
@click.option("--requests", default=240, show_default=True, help="Asks drawn over the month.")
@click.option("--people", default=DEMO_PEOPLE, show_default=True, help="The world's size.")
@click.option("--world-seed", default=DEMO_SEED, show_default=True)
@click.option("--pairs", default=20, show_default=True, help="Pairs timed for rankBy.")
@click.option("--repeats", default=5, show_default=True)
def main(
    out: Path, seed: int, requests: int, people: int, world_seed: int, pairs: int, repeats: int
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    say(f"generating and loading the demo world ({people:,} people, seed {world_seed})")
    service = build_demo(out, people, world_seed)
    try:
        cast = make_cast(service)
        targets = target_pool(service, requests, seed)
        say(f"walking {requests} asks through {the_month():%B %Y}")
        done = walk(service, cast, targets, requests, the_month(), seed)
        result: dict[str, Any] = {
            "world": {"people": people, "seed": world_seed},
            "walk": {"seed": seed, "requests": requests, "month": f"{the_month():%Y-%m}"},
            "reps": [asdict(u) | {"created_at": None} for u in cast.reps],
            "funnel": funnels(service, cast, done),
            "overall": overall(service, done, requests),
        }
        say(f"timing LIKELIHOOD against STRENGTH on {pairs} pairs")
        result["ranking"] = ranking(service, cast, targets, pairs, repeats, seed)
    finally:
        service.close()
    (out / "intro-demo.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(table(result))
    print(json.dumps({k: result[k] for k in ("overall", "ranking")}, indent=2))


if __name__ == "__main__":
    main()
