"""One scale, start to finish: generate, load, ask warmgraph, ask the peers, compare."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import (
    compare,
    compare_cypher,
    embedded_side,
    http_load,
    inprocess,
    likelihood_side,
    neo4j_side,
)
from .cases import PATH_CASES, SHORTEST_CASES, STRONGEST_CASE, PathCase
from .graphs import link_graph
from .progress import say
from .scales import BundleFacts, Scale, facts, generate
from .stats import summarise


@dataclass(frozen=True)
class Options:
    warmgraph: Path  # the installed ``warmgraph`` command
    data: Path  # bundles and databases
    now: datetime
    seed: int
    neo4j: bool
    peer_query_s: float  # budget of one k-shortest-paths query
    peer_total_s: float  # budget of one peer's k-shortest-paths queries at one scale
    cypher_timeout_s: float
    serve_workers: int  # the serving processes of the headline HTTP figures


def run_scale(scale: Scale, options: Options) -> dict[str, Any]:
    started = time.perf_counter()
    bundle = options.data / f"bundle-{scale.name}-seed{options.seed}"
    say(f"{scale.name}: generating {scale.people:,} people into {bundle}")
    bundle_facts = facts(bundle, generate(options.warmgraph, bundle, scale, options.seed))
    result: dict[str, Any] = {
        "scale": scale.name,
        "people": scale.people,
        "generate_s": bundle_facts.generate_s,
        "pairs": scale.pairs,
    }
    embedded, pairs = _embedded(scale, options, bundle, bundle_facts)
    result["embedded"] = embedded
    result["peers"] = embedded.pop("peers")
    if options.neo4j:
        result["neo4j"] = _neo4j(scale, options, bundle, pairs[: scale.neo4j_pairs])
    result["wall_s"] = time.perf_counter() - started
    say(f"{scale.name}: done in {result['wall_s'] / 60:.1f} min")
    return result


def _embedded(
    scale: Scale, options: Options, bundle: Path, bundle_facts: BundleFacts
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    db = options.data / f"{scale.name}.db"
    say(f"{scale.name}: warmgraph load into the embedded store")
    out: dict[str, Any] = {
        "load": embedded_side.load(
            options.warmgraph, bundle, db, options.now, runs=3 if scale.name == "S" else 1
        )
    }
    service, out["index_build_s"] = embedded_side.open_service(db, options.now)
    say(f"{scale.name}: picking {scale.pairs} (rep, person) pairs with a path")
    pairs = inprocess.pick_pairs(
        service, bundle_facts.reps, bundle_facts.targets, scale.pairs, options.seed
    )
    out["paths"] = {}
    engine: dict[PathCase, tuple[list[Any], list[float]]] = {}
    for case in (*PATH_CASES, *SHORTEST_CASES):
        say(f"{scale.name}: in-process {case.label}")
        _, service_ms = inprocess.per_pair(
            inprocess.service_paths(service, case), pairs, scale.repeats
        )
        engine[case] = inprocess.per_pair(
            inprocess.engine_paths(service, case), pairs, scale.repeats
        )
        out["paths"][case.key] = {
            "label": case.label,
            "service": summarise(service_ms).as_dict(),
            "engine": summarise(engine[case][1]).as_dict(),
        }
    say(f"{scale.name}: advocate density")
    companies = bundle_facts.companies[:: max(1, len(bundle_facts.companies) // 100)][:100]
    out["density"] = inprocess.density(service, companies, scale.repeats)
    out["peers"] = _peers(scale, options, service, pairs, bundle_facts, engine)
    say(f"{scale.name}: influence")
    out["influence"] = inprocess.influence(
        service, bundle_facts.targets, options.now, scale.repeats, options.seed
    )
    say(f"{scale.name}: deal likelihood (train, score every open deal)")
    out["likelihood"] = likelihood_side.measure(service, options.now)
    service.store.close()
    del service
    gc.collect()
    out["http"] = _http(scale, options, db, pairs)
    return out, pairs


def _peers(
    scale: Scale,
    options: Options,
    service: Any,
    pairs: list[tuple[str, str]],
    bundle_facts: BundleFacts,
    engine: dict[PathCase, tuple[list[Any], list[float]]],
) -> dict[str, Any]:
    projection = service.store.link_projection()
    peers = compare.Peers(link_graph(projection, bundle_facts.blocked))
    try:
        say(f"{scale.name}: PageRank against igraph and networkx")
        out: dict[str, Any] = {"pagerank": compare.pagerank(peers, projection, scale.repeats)}
        for case in SHORTEST_CASES:
            say(f"{scale.name}: one shortest path, {case.label}, against the peers")
            out[f"shortest-{case.key}"] = {
                "label": case.label,
                **compare.shortest(peers, pairs, *engine[case], scale.repeats),
            }
        say(f"{scale.name}: top 5 by strength within 4 hops against Yen's algorithm")
        answers, ms = engine[STRONGEST_CASE]
        n = scale.yen_pairs
        out["strongest"] = {
            "label": STRONGEST_CASE.label,
            **compare.strongest(
                peers,
                pairs[:n],
                answers[:n],
                ms[:n],
                STRONGEST_CASE.max_hops,
                STRONGEST_CASE.limit,
                options.peer_query_s,
                options.peer_total_s,
            ),
        }
        return out
    finally:
        peers.close()


def _http(scale: Scale, options: Options, db: Path, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """One serving process, then one per core (``--workers``), each under 8 clients."""
    out: dict[str, Any] = {}
    for workers in sorted({1, options.serve_workers}):
        say(f"{scale.name}: warmgraph serve --workers {workers}, 8 concurrent clients")
        out[f"workers-{workers}"] = _http_load(scale, options, db, pairs, workers)
    return headline_http(out)


def headline_http(by_workers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The deployment to recommend: the worker count with the lowest worst-case p50 (the
    8 clients share the machine's cores with the server, so more workers can lose)."""

    def worst_p50(figures: dict[str, Any]) -> float:
        return max(float(v["p50"]) for v in figures.values() if isinstance(v, dict) and "p50" in v)

    best = min(by_workers, key=lambda key: worst_p50(by_workers[key]))
    return {**by_workers[best], "workers": int(best.split("-")[1]), "by_workers": by_workers}


#: The benchmark measures the rate limiter's cost without ever hitting it (a short window:
#: the moving window keeps one entry per request in it).
BENCH_RATE_LIMIT = "1000000/second"


def _http_load(
    scale: Scale, options: Options, db: Path, pairs: list[tuple[str, str]], workers: int
) -> dict[str, Any]:
    probe = {
        "query": http_load.PATHS_QUERY,
        "variables": http_load.path_variables(pairs[0], PATH_CASES[0]),
    }
    args = ["--db", str(db), "--now", options.now.isoformat(), "--workers", str(workers)]
    args += ["--rate-limit", BENCH_RATE_LIMIT]
    out: dict[str, Any] = {}
    env = embedded_side.embedded_env()
    token = http_load.add_admin(options.warmgraph, db, env)
    with http_load.serve(options.warmgraph, args, probe, env, token) as server:
        out["ready_s"] = server.ready_s
        for case in PATH_CASES:
            variables = [http_load.path_variables(p, case) for p in pairs]
            # warm-up: with several workers each must have built its index and compiled
            http_load.closed_loop(server.port, http_load.PATHS_QUERY, variables[:40], token=token)
            runs = [
                http_load.closed_loop(server.port, http_load.PATHS_QUERY, variables, token=token)
                for _ in range(scale.repeats)
            ]
            out[case.key] = {"label": case.label, **_median_run(runs)}
        out["peak_rss_mb"] = server.peak_rss_mb()
    if workers == 1:
        out["overhead"] = _overhead(scale, options, db, pairs, token, env)
    return out


def _overhead(
    scale: Scale,
    options: Options,
    db: Path,
    pairs: list[tuple[str, str]],
    token: str,
    env: dict[str, str],
) -> dict[str, Any]:
    """What authentication, the rate limit and the cost limit add to one request: a cheap
    lookup under 8 clients against a fresh server with all of them on, and against one with
    ``--no-auth --rate-limit off`` and no cost limit; runs interleaved so both see the same
    machine, medians of the runs."""
    variables = [{"id": a} for a, _ in pairs]
    common = ["--db", str(db), "--now", options.now.isoformat()]
    guarded_args = [*common, "--rate-limit", BENCH_RATE_LIMIT]
    open_args = [*common, "--no-auth", "--rate-limit", "off", "--max-cost", "1000000000"]
    probe = {"query": http_load.LOOKUP_QUERY, "variables": variables[0]}
    runs: dict[str, list[dict[str, Any]]] = {"guarded": [], "open": []}
    with (
        http_load.serve(options.warmgraph, guarded_args, probe, env, token) as guarded,
        http_load.serve(options.warmgraph, open_args, probe, env) as opened,
    ):
        ports = {"guarded": (guarded.port, token), "open": (opened.port, "")}
        for port, key in ports.values():  # warm-up
            http_load.closed_loop(port, http_load.LOOKUP_QUERY, variables[:40], token=key)
        for _ in range(scale.repeats):
            for name, (port, key) in ports.items():
                runs[name].append(
                    http_load.closed_loop(port, http_load.LOOKUP_QUERY, variables, token=key)
                )
    on, off = _median_run(runs["guarded"]), _median_run(runs["open"])
    return {
        "guarded": on,
        "open": off,
        "added_p50_ms": on["p50"] - off["p50"],
        "ratio_p50": on["p50"] / off["p50"] if off["p50"] else None,
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median p50 (its other figures come with it, so they agree)."""
    ordered = sorted(runs, key=lambda r: r["p50"])
    return {**ordered[len(ordered) // 2], "runs": len(runs)}


def _neo4j(
    scale: Scale, options: Options, bundle: Path, pairs: list[tuple[str, str]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with neo4j_side.neo4j_server() as server:
        settings = server.settings
        say(f"{scale.name}: warmgraph load --neo4j")
        out["load"] = neo4j_side.load(options.warmgraph, bundle, settings, options.now)
        service = neo4j_side.service(settings, options.now)
        driver = neo4j_side.driver(settings)
        try:
            say(f"{scale.name}: Neo4j deal likelihood (train, score every open deal)")
            out["likelihood"] = likelihood_side.measure(service, options.now)
            repeats = 1 if scale.people > 10_000 else 3
            out["service"] = compare_cypher.service_paths(
                service, pairs, [c for c in PATH_CASES if c.rank_by.name == "STRENGTH"], repeats
            )
            out["cypher"] = compare_cypher.compare(
                service,
                driver,
                pairs,
                (3, 4),
                repeats,
                options.cypher_timeout_s,
                options.peer_total_s,
            )
        finally:
            driver.close()
            service.store.close()
        out["server_rss_mb"] = server.rss_mb()
    return out
