"""warmgraph on Neo4j against hand-written Cypher on the same database, pair by pair."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import neo4j

from graph.model import PathRanking
from graph.queries import RawPath
from graph.service import WarmgraphService

from . import peers_cypher
from .cases import PathCase, same_strengths, same_top_paths
from .graphs import path_strength
from .inprocess import Pair, engine_paths, per_pair
from .inprocess import service_paths as ask_service
from .progress import say
from .stats import median_time, ratio_summary, summarise, timed

#: (Cypher shape, warmgraph's question it answers, how the answers must agree)
SHAPES: tuple[tuple[str, PathRanking, int], ...] = (
    ("shortestPath", PathRanking.HOPS, 1),
    ("allShortestPaths", PathRanking.HOPS, 5),
    ("variable-length", PathRanking.STRENGTH, 5),
)


def _agree(shape: str, ours: Sequence[RawPath], theirs: list[Any] | None) -> bool:
    if not theirs or not ours:
        return False
    mine = [(p.people, p.strength) for p in ours]
    cypher = [(ids, path_strength(strengths)) for ids, strengths in theirs]
    if shape == "shortestPath":
        return len(cypher[0][0]) - 1 == ours[0].hops
    if shape == "allShortestPaths":
        # warmgraph's HOPS ranking lists the fewest-link paths first, strongest first
        fewest = [s for p, s in mine if len(p) == len(cypher[0][0])]
        return same_strengths(fewest[: len(cypher)], [s for _, s in cypher])
    return same_top_paths(mine, cypher)


def compare(
    service: WarmgraphService,
    driver: neo4j.Driver,
    pairs: Sequence[Pair],
    hops: Sequence[int],
    repeats: int,
    timeout_s: float,
    total_s: float,
) -> dict[str, Any]:
    """Each shape on each pair until ``total_s`` of Cypher time is spent; a query cut off by
    the server's ``timeout_s`` counts as ``timeout_s`` (its ratio is then a lower bound)."""
    result: dict[str, Any] = {}
    for h in hops:
        for shape, rank_by, limit in SHAPES:
            case = PathCase(h, rank_by, limit)
            say(f"neo4j: {case.label} against Cypher {shape}")
            ours, ours_ms = per_pair(engine_paths(service, case), pairs, repeats)

            def cypher(pair: Pair, shape: str = shape, case: PathCase = case) -> Any:
                return peers_cypher.ask(
                    driver, shape, pair[0], pair[1], case.max_hops, case.limit, timeout_s
                )

            theirs, their_ms = _within_budget(cypher, pairs, repeats, timeout_s, total_s)
            asked = len(theirs)
            result[f"{shape}-h{h}"] = {
                "shape": shape,
                "case": case.label,
                "warmgraph": summarise(ours_ms).as_dict(),
                "cypher": summarise(their_ms).as_dict(),
                "ratio": ratio_summary(ours_ms[:asked], their_ms),
                "equal": sum(_agree(shape, o, t) for o, t in zip(ours, theirs, strict=False)),
                "finished": sum(t is not None for t in theirs),
                "compared": asked,
            }
    return result


def _within_budget(
    ask: Callable[[Pair], Any],
    pairs: Sequence[Pair],
    repeats: int,
    timeout_s: float,
    total_s: float,
) -> tuple[list[Any], list[float]]:
    answers: list[Any] = []
    times: list[float] = []
    spent = 0.0
    for pair in pairs:
        if spent >= total_s:
            break
        first, ms = timed(lambda pair=pair: ask(pair))  # type: ignore[misc]
        spent += ms / 1000
        if first is None:  # cut off: no point in asking again
            answers.append(None)
            times.append(timeout_s * 1000)
            continue
        answer, ms = median_time(lambda pair=pair: ask(pair), repeats, warm_up=False)  # type: ignore[misc]
        spent += ms * repeats / 1000
        answers.append(answer)
        times.append(ms)
    return answers, times


def service_paths(
    service: WarmgraphService, pairs: Sequence[Pair], cases: Sequence[PathCase], repeats: int
) -> dict[str, Any]:
    """The service on Neo4j, as a resolver calls it (evidence, advocates and people too)."""
    out: dict[str, Any] = {}
    for case in cases:
        say(f"neo4j: service {case.label}")
        _, ms = per_pair(ask_service(service, case), pairs, repeats)
        out[case.key] = {"label": case.label, **summarise(ms).as_dict()}
    return out
