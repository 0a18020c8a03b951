"""rankBy LIKELIHOOD against STRENGTH, in one run on one store: ``python -m bench.intro_rank``.

Generates (or reuses) the scale's bundle and embedded database like the main suite, adds a
generated history of introduction requests (``--asks``: random connectors among the people,
each with an acceptance leaning of their own, answered over the last two years), picks
random (rep, person) pairs with a path, and times ``introduction_paths`` through the service
for both rankings: per pair the median of ``--repeats`` runs after a warm-up, then the median
over pairs and the ratio LIKELIHOOD / STRENGTH of the medians. Also reported: how often the
first candidate pool proved the answer, and the share of answers not proved exact.

Until the introduction requests' store protocol merges, the history is handed to the store
as its ``ask_outcomes`` method (the one read the estimate makes). A benchmark, not a test:
nothing is asserted; the figures are printed as JSON.
"""

from __future__ import annotations

import json
import random
import statistics
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from graph import intro_ranking
from graph.intro_outcomes import AskOutcome
from graph.model import PathRanking
from loaders.generate import DEFAULT_NOW

from . import embedded_side, inprocess
from .cases import PathCase
from .progress import say
from .scales import SCALES, facts, generate
from .stats import summarise


def history(people: list[str], asks: int, now: datetime, seed: int) -> list[AskOutcome]:
    """``asks`` requests to random connectors, each with a leaning of their own."""
    rng = random.Random(seed)
    connectors = rng.sample(people, min(len(people), max(1, asks // 4)))
    leaning = {c: rng.betavariate(2, 2) for c in connectors}
    out = []
    for i in range(asks):
        who = rng.choice(connectors)
        at = now - timedelta(days=rng.uniform(0, 730))
        answer = None if rng.random() < 0.1 else rng.random() < leaning[who]
        target = None if not answer or rng.random() < 0.3 else rng.random() < 0.6
        out.append(AskOutcome(f"bench-{i}", who, rng.choice(people), None, at, answer, target, at))
    return out


def measure(service: Any, pairs: list[tuple[str, str]], repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rank_by in (PathRanking.STRENGTH, PathRanking.LIKELIHOOD):
        for hops in (3, 4):
            case = PathCase(hops, rank_by, 5)
            answers, ms = inprocess.per_pair(inprocess.service_paths(service, case), pairs, repeats)
            row: dict[str, Any] = {
                "label": case.label,
                "service": summarise(ms).as_dict(),
                "per_pair_ms": ms,
            }
            if rank_by is PathRanking.LIKELIHOOD:
                row["not_exact"] = sum(
                    1 for paths in answers if paths and not paths[0].likelihood.exact
                )
            out[case.key] = row
    for hops in (3, 4):
        s = out[f"h{hops}-strength-5"]["per_pair_ms"]
        lk = out[f"h{hops}-likelihood-5"]["per_pair_ms"]
        out[f"ratio_h{hops}"] = {
            "median_of_medians": statistics.median(lk) / statistics.median(s),
            "median_pairwise": statistics.median(b / a for a, b in zip(s, lk, strict=True)),
        }
    return out


def pool_growth(service: Any, pairs: list[tuple[str, str]], hops: int) -> dict[str, int]:
    """How many store searches each pair's LIKELIHOOD answer took (1: the first pool, four
    times the paths asked for, proved it; each further one grew the pool fourfold)."""
    store = service.store
    real = store.introduction_paths
    calls = [0]

    def counting(query: Any) -> Any:
        calls[0] += 1
        return real(query)

    counts: dict[str, int] = {}
    store.introduction_paths = counting
    try:
        for a, b in pairs:
            calls[0] = 0
            service.introduction_paths(a, b, max_hops=hops, limit=5, rank_by=PathRanking.LIKELIHOOD)
            counts[str(calls[0])] = counts.get(str(calls[0]), 0) + 1
    finally:
        del store.introduction_paths
    return counts


@click.command()
@click.option("--scale", type=click.Choice(sorted(SCALES)), default="M", show_default=True)
@click.option("--data", type=click.Path(path_type=Path), default=Path(".bench"), show_default=True)
@click.option("--seed", default=1, show_default=True)
@click.option("--asks", default=20_000, show_default=True, help="Generated requests.")
@click.option("--pairs", "n_pairs", default=100, show_default=True)
@click.option("--repeats", default=5, show_default=True)
def main(scale: str, data: Path, seed: int, asks: int, n_pairs: int, repeats: int) -> None:
    warmgraph = Path(".venv/bin/warmgraph").resolve()
    sc = SCALES[scale]
    bundle = (data / f"bundle-{scale}-seed{seed}").resolve()
    say(f"{scale}: bundle {bundle}")
    bundle_facts = facts(bundle, generate(warmgraph, bundle, sc, seed))
    db = (data / f"{scale}.db").resolve()
    if not db.exists():
        embedded_side.load(warmgraph, bundle, db, DEFAULT_NOW, runs=1)
    service, _ = embedded_side.open_service(db, DEFAULT_NOW)
    people = bundle_facts.reps + bundle_facts.targets
    outcomes = history(people, asks, DEFAULT_NOW, seed)
    # a generated history (walking 20,000 requests through the state machine is not what
    # is measured); the store's intro_version stays put, so it is estimated once
    service.store.ask_outcomes = lambda: outcomes  # type: ignore[method-assign]
    service._intro_estimates = intro_ranking.EstimateCache(clock=lambda: DEFAULT_NOW)
    say(f"{scale}: picking {n_pairs} pairs")
    pairs = inprocess.pick_pairs(service, bundle_facts.reps, bundle_facts.targets, n_pairs, seed)
    say(f"{scale}: timing STRENGTH and LIKELIHOOD")
    result = {"scale": scale, "asks": asks, "pairs": n_pairs, "repeats": repeats}
    result.update(measure(service, pairs, repeats))
    result["searches_per_answer"] = {f"h{h}": pool_growth(service, pairs, h) for h in (3, 4)}
    for row in result.values():
        if isinstance(row, dict):
            row.pop("per_pair_ms", None)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
